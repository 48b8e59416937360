"""Exact shares and Excel-style rounding."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlinsats.core.numbers import round_half_away, rounded_percent, share, to_fraction


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (Fraction(5, 2), 0, "3"),
        (Fraction(-5, 2), 0, "-3"),
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (2.5, 0, "3"),
        (2.675, 2, "2.68"),
        (Fraction(12, 17) * 100, 0, "71"),
        (Fraction(1, 3) * 100, 1, "33.3"),
        (Decimal("-0.05"), 1, "-0.1"),
        (Fraction(1, 8), 2, "0.13"),  # 12.5 % as a share, kept to whole percent
        (Fraction(-1, 8), 2, "-0.13"),
        (Fraction(1, 3), 3, "0.333"),
        (Fraction(2, 3), 0, "1"),
        (Fraction(1, 200), 2, "0.01"),
        (Fraction(1, 201), 2, "0.00"),
    ],
)
def test_round_half_away_matches_excel_round(value: object, digits: int, expected: str) -> None:
    """Halves round away from zero (Excel's ROUND), unlike Python's banker's round()."""
    assert round_half_away(value, digits) == Decimal(expected)  # type: ignore[arg-type]


def test_float_is_read_by_its_decimal_form() -> None:
    """A float typed as 0.35 is exactly 35/100, not its binary neighbour."""
    assert to_fraction(0.35) == Fraction(35, 100)


def test_share_without_denominator_is_undefined() -> None:
    """A share with a zero or unknown denominator is None, never 0 and never an exception."""
    assert share(3, 0) is None
    assert share(None, 4) is None
    assert share(3, None) is None
    assert share(0, 4) == 0


@given(st.integers(-(10**6), 10**6), st.integers(1, 1000))
def test_rounding_is_symmetric(numerator: int, denominator: int) -> None:
    """Rounding -x gives minus the rounding of x."""
    value = Fraction(numerator, denominator)
    assert round_half_away(-value) == -round_half_away(value)


def test_rounding_is_exact_for_huge_and_tiny_values() -> None:
    """Values far beyond Decimal's default precision round without an error (found by fuzzing)."""
    assert round_half_away(Fraction(10**40) + Fraction(1, 2)) == Decimal(10**40 + 1)
    assert round_half_away(5e-324, 330) > 0
    assert round_half_away(5e-324) == 0


def test_rounding_to_zero_has_no_sign() -> None:
    """-0.4 rounds to 0, not to a negative zero that would print as "-0"."""
    assert str(round_half_away(-0.4)) == "0"


@pytest.mark.parametrize("value", [0, 7, -7, 2450, -2450, 10**30 + 1, -(10**30)])
@pytest.mark.parametrize("digits", [0, 1, 2, 5])
def test_whole_numbers_round_as_their_fractions(value: int, digits: int) -> None:
    """The fast path for whole numbers gives the very Decimal (value and exponent) the exact path gives."""
    fast, exact = round_half_away(value, digits), round_half_away(Fraction(value), digits)
    assert fast == exact and fast.as_tuple() == exact.as_tuple()


@pytest.mark.parametrize(
    ("part", "total", "expected"),
    [
        (1, 8, 13),  # 12.5 % rounds up
        (7, 8, 88),  # 87.5 % rounds up, so 1 and 7 of 8 show as 101 % together
        (1, 3, 33),
        (2, 3, 67),
        (1, 200, 1),  # exactly half a percent
        (1, 201, 0),  # just under half a percent
        (199, 200, 100),  # 99.5 %
        (0, 5, 0),
        (5, 5, 100),
        (-1, 8, -13),
        (1, -8, -13),
        (-1, -8, 13),
    ],
)
def test_rounded_percent_is_round_of_the_share_in_percent(part: int, total: int, expected: int) -> None:
    """rounded_percent(p, t) is Excel's ROUND(p/t*100; 0): halves away from zero, worked out by hand."""
    assert rounded_percent(part, total) == expected
