"""Exact arithmetic helpers: shares as fractions and Excel-style rounding (half away from zero)."""

from __future__ import annotations

from decimal import Decimal
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
    """Round as Excel's ROUND does: half away from zero, to ``digits`` decimals (exact for any magnitude)."""
    if type(value) is int and digits >= 0:
        # A whole number needs no rounding; this path gives the same Decimal without Fraction arithmetic.
        places = value * 10**digits
        return Decimal(f"{'-' if places < 0 else ''}{abs(places)}E{-digits}")
    if type(value) is Fraction and digits >= 0:
        # Shares arrive as fractions: scaling the numerator alone skips two Fraction constructions (the
        # quotient's remainder is the same whether or not numerator and denominator share a factor).
        numerator, denominator = value.numerator * 10**digits, value.denominator
    else:
        scaled = to_fraction(value) * Fraction(10) ** digits
        numerator, denominator = scaled.numerator, scaled.denominator
    whole, rest = divmod(abs(numerator), denominator)
    if 2 * rest >= denominator:
        whole += 1
    sign = "-" if numerator < 0 and whole else ""
    # Built from text, a Decimal is exact and free of the context's precision, however large or small.
    return Decimal(f"{sign}{whole}E{-digits}")


def rounded_percent(part: int, total: int) -> int:
    """Return part/total as whole percent, rounded half away from zero as ROUND(part/total*100; 0), in integers."""
    whole, rest = divmod(abs(part) * 100, abs(total))
    if 2 * rest >= abs(total):
        whole += 1
    return -whole if (part < 0) != (total < 0) and whole else whole
