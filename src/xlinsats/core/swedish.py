"""Swedish number style for everything a user reads: the report, check messages and the export (Babel)."""

from __future__ import annotations

import copy
from fractions import Fraction
from functools import cache, lru_cache

from babel import Locale
from babel.lists import format_list
from babel.numbers import NumberPattern

from xlinsats.core.numbers import Number, round_half_away, to_fraction

LOCALE = "sv_SE"
UNDEFINED = "\u2013"  # en dash: a figure that cannot be computed (no denominator, unknown count)
NBSP = "\u00a0"


@cache
def _locale() -> Locale:
    return Locale.parse(LOCALE)


@cache
def _pattern(kind: str, digits: int) -> NumberPattern:
    # One copy per (kind, digits): copying Babel's pattern for every number was a third of the layout's time.
    formats = _locale().percent_formats if kind == "percent" else _locale().decimal_formats
    pattern: NumberPattern = copy.copy(formats[None])
    pattern.frac_prec = (digits, digits)
    return pattern


# A report states the same counts and shares many times over (tables, sentences, charts); each distinct value
# is formatted once. Equal numbers give equal text, so a cache keyed by value is exact.
@lru_cache(maxsize=1 << 16)
def format_number(value: Number | float | None, digits: int = 0) -> str:
    """Return a number in Swedish style ("2 450", "96,5"), rounded half away from zero; an en dash when None."""
    if value is None:
        return UNDEFINED
    rounded = round_half_away(value, digits)
    # Babel is handed an already rounded value, so its own (half-even) rounding never comes into play.
    return str(_pattern("decimal", digits).apply(rounded, _locale()))


@lru_cache(maxsize=1 << 16)
def format_percent(share: Fraction | Number | float | None, digits: int = 0) -> str:
    """Return a share (0.42) as Swedish percent ("42 %" with a non-breaking space); an en dash when None."""
    if share is None:
        return UNDEFINED
    rounded = round_half_away(to_fraction(share) * 100, digits)
    return str(_pattern("percent", digits).apply(rounded / 100, _locale()))


def format_tkr(value: Number | float | None, digits: int = 0) -> str:
    """Return an amount in tkr ("2 450 tkr", non-breaking spaces); an en dash when None."""
    if value is None:
        return UNDEFINED
    return f"{format_number(value, digits)}{NBSP}tkr"


def format_count(value: int | None) -> str:
    """Return a count of people in Swedish style; an en dash when unknown."""
    return format_number(value)


def join_list(items: list[str]) -> str:
    """Return items joined the Swedish way ("a, b och c")."""
    return format_list(items, locale=LOCALE) if items else ""


def csv_number(value: Number | float, digits: int = 0) -> str:
    """Return a number as Swedish Excel reads it from a CSV file: decimal comma, no grouping ("81,96", "1350").

    Rounded half away from zero to ``digits`` decimals; trailing zeros are kept so a column reads evenly.
    """
    rounded = round_half_away(value, digits)
    return f"{rounded:.{digits}f}".replace(".", ",")
