"""Swedish number texts: amounts in tkr, lists joined with "och", and numbers as Swedish Excel reads a CSV."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from xlinsats.core.swedish import csv_number, format_tkr, join_list

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (Decimal("2450"), 0, f"2{NBSP}450{NBSP}tkr"),
        (Decimal("1350.5"), 0, f"1{NBSP}351{NBSP}tkr"),  # half away from zero
        (Decimal("1350.25"), 1, f"1{NBSP}350,3{NBSP}tkr"),
        (Decimal("-0.5"), 0, f"-1{NBSP}tkr"),
        (None, 0, "\u2013"),
    ],
)
def test_amounts_in_tkr(value: Decimal | None, digits: int, expected: str) -> None:
    """An amount is grouped with non-breaking spaces, rounded half away from zero to the digits asked for."""
    assert format_tkr(value, digits) == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [([], ""), (["a"], "a"), (["a", "b"], "a och b"), (["a", "b", "c"], "a, b och c")],
)
def test_lists_are_joined_with_och(items: list[str], expected: str) -> None:
    """No items give no text; the last two are joined with "och", the others with commas."""
    assert join_list(items) == expected


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (Decimal("1350"), 0, "1350"),  # no grouping: Excel would read "1 350" as text
        (Decimal("2.5"), 0, "3"),
        (Decimal("-2.5"), 0, "-3"),
        (Fraction(8196, 100), 2, "81,96"),
        (Fraction(1, 8), 2, "0,13"),
        (Decimal("70"), 1, "70,0"),  # trailing zeros kept: the column reads evenly
        (0.35, 2, "0,35"),
    ],
)
def test_csv_numbers_as_swedish_excel_reads_them(value: Decimal | Fraction | float, digits: int, expected: str) -> None:
    """A CSV number has a decimal comma, no grouping and its decimals kept, rounded half away from zero."""
    assert csv_number(value, digits) == expected


def test_csv_numbers_default_to_whole_numbers() -> None:
    """Without digits a CSV number is rounded to a whole number."""
    assert csv_number(Decimal("7.5")) == "8"
