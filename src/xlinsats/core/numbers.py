"""Exact arithmetic helpers: shares as fractions and Excel-style rounding (half away from zero)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

Number = int | Decimal | Fraction


def to_fraction(value: Number | float) -> Fraction:
    """Return ``value`` as an exact fraction; a float is read by its shortest decimal form (0.35 -> 35/100)."""
    if isinstance(value, float):
        # repr gives the shortest decimal that round-trips, which is what the user typed into Excel.
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def share(part: int | None, total: int | None) -> Fraction | None:
    """Return part/total as an exact fraction, or None when either is unknown or the total is zero."""
    if part is None or total is None or total == 0:
        return None
    return Fraction(part, total)


def round_half_away(value: Number | float, digits: int = 0) -> Decimal:
    """Round as Excel's ROUND does: half away from zero, to ``digits`` decimals."""
    exact = to_fraction(value)
    quantum = Decimal(1).scaleb(-digits)
    # Decimal division of numerator by denominator with enough precision, then quantize half-up (away from 0).
    scaled = exact * 10**digits
    sign = -1 if scaled < 0 else 1
    magnitude = abs(scaled)
    whole, rest = divmod(magnitude.numerator, magnitude.denominator)
    if 2 * rest >= magnitude.denominator:
        whole += 1
    result = Decimal(sign * whole).scaleb(-digits)
    return result.quantize(quantum, rounding=ROUND_HALF_UP) if digits >= 0 else result


def percent(value: Fraction | None) -> Fraction | None:
    """Return a fraction (0.42) in percent (42), keeping None."""
    return None if value is None else value * 100
