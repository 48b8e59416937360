"""Fuzzing the workbook reader: random values in input cells and random damage to the file never crash it."""

from __future__ import annotations

import datetime
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlinsats.core.checks import check_followup
from xlinsats.core.figures import compute_figures
from xlinsats.core.model import FollowUp
from xlinsats.errors import FileFormatError
from xlinsats.workbook.reader import read_workbook
from xlinsats.workbook.schema import DATA_TABLES

from .workbook_helpers import save_built

#: Cases per fuzz test: a short budget by default, a long one with HYPOTHESIS_PROFILE=long (each case writes and
#: reads a workbook, so it is slower than the other fuzz tests); XLINSATS_FUZZ_EXAMPLES=N sets it exactly.
_DEFAULT_EXAMPLES = "2000" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "40"
_EXAMPLES = int(os.environ.get("XLINSATS_FUZZ_EXAMPLES", _DEFAULT_EXAMPLES))

_VALUES = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),
    st.sampled_from(["=1+1", "+46", "-", "@x", "#DIV/0!", "#REF!", "#N/A", "andel", "högst", "Lyra", "  "]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.datetimes(min_value=datetime.datetime(1901, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
)
_CELLS = st.tuples(
    st.sampled_from([spec for spec in DATA_TABLES]),
    st.integers(min_value=1, max_value=16),
)


@pytest.fixture(scope="module")
def base(reference: FollowUp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference workbook, saved once."""
    return save_built(reference, tmp_path_factory.mktemp("fuzz") / "ref.xlsx")


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(_CELLS, st.integers(min_value=0, max_value=40), _VALUES), min_size=1, max_size=12))
def test_random_values_give_a_result_and_located_problems(
    base: Path, tmp_path: Path, edits: list[tuple[tuple[object, int], int, object]]
) -> None:
    """Whatever is typed into the tables, the reader returns a follow-up and every problem names a sheet."""
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(base.read_bytes())
    workbook = openpyxl.load_workbook(path)
    for (spec, row), column, value in edits:
        sheet = workbook[spec.sheet]  # type: ignore[attr-defined]
        sheet.cell(row=row, column=column + 1, value=value)
    workbook.save(path)
    result = read_workbook(path)
    assert result.followup is not None
    for problem in result.problems:
        assert problem.location is not None and problem.location.sheet, problem
        assert problem.message
    # What the reader let through is sound enough for the engine and the checks.
    check_followup(result.followup)
    if not result.has_errors:
        compute_figures(result.followup)


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_files_end_in_a_result_or_a_clean_message(base: Path, tmp_path: Path, data: st.DataObject) -> None:
    """Cut, overwritten or bit-flipped files give a result or a FileFormatError, never another exception."""
    damaged = bytearray(base.read_bytes())
    how = data.draw(st.sampled_from(["cut", "overwrite", "flip"]))
    if how == "cut":
        damaged = damaged[: data.draw(st.integers(min_value=0, max_value=len(damaged) - 1))]
    else:
        for _ in range(data.draw(st.integers(min_value=1, max_value=20))):
            position = data.draw(st.integers(min_value=0, max_value=len(damaged) - 1))
            damaged[position] = data.draw(st.integers(0, 255)) if how == "overwrite" else damaged[position] ^ 0xFF
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(damaged))
    try:
        result = read_workbook(path)
    except FileFormatError as exc:
        assert str(exc)
    else:
        assert result.followup is not None


def test_damaged_member_of_a_valid_zip(base: Path, tmp_path: Path) -> None:
    """A valid zip whose styles part is cut off half-way is refused cleanly."""
    with zipfile.ZipFile(base) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["xl/styles.xml"] = members["xl/styles.xml"][:300]
    path = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        for name, content in members.items():
            package.writestr(name, content)
    with pytest.raises(FileFormatError, match="skadad"):
        read_workbook(path)
