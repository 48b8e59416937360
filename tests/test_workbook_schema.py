"""The workbook layout as data: one source for writer and reader, covering every input of the model."""

from __future__ import annotations

import dataclasses

from xlinsats.core.model import FLOW_NAMES, GENDERS, OUTCOME_NAMES, Goal, Insats
from xlinsats.workbook.schema import (
    DATA_TABLES,
    DELTAGARE,
    EFTER_AVSLUT,
    INSATSER,
    MAL,
    SHEET_ORDER,
    looks_like_formula,
    quote_sheet,
)


def test_headers_are_unique_within_each_table() -> None:
    """Every table's headers are distinct (Excel requires it, and the reader finds columns by header)."""
    for spec in DATA_TABLES:
        headers = [column.header.casefold() for column in spec.columns]
        assert len(headers) == len(set(headers)), spec.table


def test_every_count_has_gender_and_total_columns() -> None:
    """Each flow and outcome count has kvinnor, män, annat/ej angivet and a total column."""
    for spec, names in ((DELTAGARE, FLOW_NAMES), (EFTER_AVSLUT, OUTCOME_NAMES)):
        keys = {column.key for column in spec.inputs}
        for name in names:
            assert {f"{name}.{part}" for part in (*GENDERS, "totalt")} <= keys


def test_insats_and_goal_inputs_are_model_fields() -> None:
    """Every input column of Insatser and Mål is a field of the model it fills."""
    insats_fields = {field.name for field in dataclasses.fields(Insats)}
    assert {column.key for column in INSATSER.inputs} <= insats_fields
    goal_fields = {field.name for field in dataclasses.fields(Goal)} | {"namn", "bedomning"}
    assert {column.key for column in MAL.inputs} <= goal_fields


def test_table_names_are_valid_excel_names() -> None:
    """Table names are ASCII identifiers that cannot be read as cell references."""
    for spec in DATA_TABLES:
        assert spec.table.isidentifier() and spec.table.isascii(), spec.table
        assert spec.sheet in SHEET_ORDER


def test_formula_triggers_and_sheet_quoting() -> None:
    """Text starting like a formula is recognised, and sheet names are quoted for formulas."""
    assert all(looks_like_formula(text) for text in ("=1", "+1", "-1", "@a", "\tx", "\rx"))
    assert not looks_like_formula("Lyra")
    assert quote_sheet("Efter avslut") == "'Efter avslut'!"
    assert quote_sheet("Bob's") == "'Bob''s'!"
