"""Cell-address helpers and the formula-injection rule shared by the layout and the writers."""

from __future__ import annotations

import pytest

from xlinsats.report.cells import Area, as_typed_text, cell_ref, column_letter, looks_like_formula, quote_sheet


@pytest.mark.parametrize(
    ("column", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (28, "AB"), (702, "ZZ"), (703, "AAA")]
)
def test_column_letters(column: int, letters: str) -> None:
    """Columns are numbered as Excel does, past Z into AA and past ZZ into AAA."""
    assert column_letter(column) == letters


def test_references() -> None:
    """A1 references, absolute references and quoted sheet names are written as Excel writes them."""
    assert cell_ref(3, 2) == "B3" and cell_ref(3, 2, absolute=True) == "$B$3"
    assert Area(1, 1, 4, 3).ref == "A1:C4" and Area.cell(2, 2).ref == "B2"
    assert Area(1, 1, 4, 3).absolute_ref == "$A$1:$C$4"
    assert quote_sheet("Deltagarflöden") == "'Deltagarflöden'" and quote_sheet("Ann's") == "'Ann''s'"


def test_an_area_must_be_well_formed() -> None:
    """An area with its corners swapped or outside the sheet is refused."""
    with pytest.raises(ValueError):
        Area(2, 1, 1, 1)
    with pytest.raises(ValueError):
        Area(0, 1, 1, 1)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_triggers_are_recognised(text: str) -> None:
    """Each of OWASP's leading characters marks a text a writer must force to text."""
    assert looks_like_formula(text)


@pytest.mark.parametrize("text", ["Lyra", "42 %", "• =1", "”=1”", ""])
def test_ordinary_text_is_not_a_formula(text: str) -> None:
    """Text that does not start with a trigger is left alone."""
    assert not looks_like_formula(text)


def test_live_typing_keeps_every_text_literal() -> None:
    """A live writer types a quote prefix before any text, so "=1+1", "1/2" and "'x" are all stored as given."""
    assert as_typed_text("=1+1") == "'=1+1"
    assert as_typed_text("'x") == "''x"
