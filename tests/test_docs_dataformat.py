"""docs/dataformat.md describes every key the interchange format writes and every input column of the workbook."""

from __future__ import annotations

from typing import Any

from tests.conftest import ROOT
from xlinsats.core.model import GENDERS, Count, FollowUp, Indicator, Insats
from xlinsats.interchange import followup_to_data
from xlinsats.workbook.schema import DATA_TABLES, GENDER_LABELS

DOC = (ROOT / "docs" / "dataformat.md").read_text(encoding="utf-8")


def _keys(data: Any, skip: set[str]) -> set[str]:
    """Every dict key in ``data``, recursively, except the keys in ``skip`` (and what lies under them)."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key in skip:
                continue
            found.add(key)
            found |= _keys(value, skip)
    elif isinstance(data, list):
        for item in data:
            found |= _keys(item, skip)
    return found


def test_every_key_written_is_described(reference: FollowUp) -> None:
    """Each key export writes (the reference data, plus own indicators and counts) appears in the doc as `key`."""
    own = Insats("X", egna_antal={"positiv_losning": Count.plain(3)})
    followup = FollowUp(
        reference.forbund,
        reference.ar,
        (*reference.insatser, own),
        reference.bedomning,
        indikatorer=(Indicator("genomstromning", "Genomströmning", ("avslutade",), "aktuella"),),
    )
    keys = _keys(followup_to_data(followup), skip={"egna_antal"}) - set(GENDERS) - {"totalt"}
    keys |= {"egna_antal", "minsta_cell", "gransvarden"}
    forms = ("`{0}`", "`[{0}]`", "`[[{0}]]`", "`[insats.{0}]`", "`[[insats.{0}]]`")
    missing = sorted(key for key in keys if not any(form.format(key) in DOC for form in forms))
    assert not missing, f"docs/dataformat.md does not describe: {missing}"


def test_every_input_column_is_named() -> None:
    """Each input column's workbook header (gender columns by their label) appears in the doc."""
    gender_suffixes = (*(f" {label}" for label in GENDER_LABELS.values()), " totalt")
    missing = []
    for spec in DATA_TABLES:
        for column in spec.columns:
            if column.kind == "formula" or column.key == "namn":
                continue
            header = column.header
            for suffix in gender_suffixes:
                if header.endswith(suffix):
                    header = header[: -len(suffix)]
                    break
            if header not in DOC:
                missing.append(column.header)
    assert not missing, f"docs/dataformat.md does not name: {missing}"
