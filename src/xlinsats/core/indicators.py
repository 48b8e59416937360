"""Indicators a goal can be linked to, computed from an insats's own counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from xlinsats.core.model import Count, GoalKind, Insats
from xlinsats.core.numbers import share


def _total(count: Count | None) -> int | None:
    return None if count is None else count.totalt


def _sum(*counts: Count | None) -> int | None:
    totals = [_total(count) for count in counts]
    if any(total is None for total in totals):
        return None
    return sum(total for total in totals if total is not None)


@dataclass(frozen=True)
class Indicator:
    """A named indicator: its kind (a share or a count), its Swedish label and how it is computed."""

    name: str
    kind: GoalKind
    label: str
    compute: Callable[[Insats], Fraction | int | None]


def _flow(name: str) -> Callable[[Insats], int | None]:
    return lambda insats: _total(insats.deltagare.get(name))


def _outcome_share(numerator: str, denominator: str) -> Callable[[Insats], Fraction | None]:
    def compute(insats: Insats) -> Fraction | None:
        outcomes = insats.efter_avslut
        return share(_total(outcomes.get(numerator)), _total(outcomes.get(denominator)))

    return compute


def _ended_share(*numerators: str) -> Callable[[Insats], Fraction | None]:
    def compute(insats: Insats) -> Fraction | None:
        part = _sum(*(insats.efter_avslut.get(name) for name in numerators))
        return share(part, _total(insats.deltagare.avslutade))

    return compute


INDICATORS: dict[str, Indicator] = {
    indicator.name: indicator
    for indicator in (
        Indicator("aktuella", "antal", "Aktuella deltagare under året", _flow("aktuella")),
        Indicator("nya", "antal", "Nya deltagare under året", _flow("nya")),
        Indicator("avslutade", "antal", "Avslutade deltagare under året", _flow("avslutade")),
        Indicator(
            "arbete_studier_andel",
            "andel",
            "Andel avslutade till arbete eller studier",
            _ended_share("arbete_studier"),
        ),
        Indicator(
            "annan_insats_andel",
            "andel",
            "Andel avslutade till annan arbetsinriktad insats",
            _ended_share("annan_insats"),
        ),
        Indicator(
            "vidare_andel",
            "andel",
            "Andel avslutade till arbete, studier eller annan insats",
            _ended_share("arbete_studier", "annan_insats"),
        ),
        Indicator(
            "sjalvforsorjande_andel",
            "andel",
            "Andel självförsörjande ett år efter avslut (av dem som svarat)",
            _outcome_share("ettars_sjalvforsorjande", "ettars_svarande"),
        ),
        Indicator(
            "behallit_anstallning_andel",
            "andel",
            "Andel anställda som behållit anställningen i 12 månader",
            _outcome_share("behallit_anstallning_12_man", "anstallda"),
        ),
    )
}

SHARE_INDICATORS: tuple[str, ...] = tuple(name for name, ind in INDICATORS.items() if ind.kind == "andel")


def compute_indicator(insats: Insats, name: str) -> Fraction | int | None:
    """Return the indicator's value for the insats: a count, or a share as a fraction (0.42), or None.

    Raises:
        KeyError: the indicator name is unknown.
    """
    return INDICATORS[name].compute(insats)


def gender_share(part: Count | None, whole: Count | None, gender: str) -> Fraction | None:
    """Return one gender's part of ``part`` over the same gender's part of ``whole`` (e.g. women to work)."""
    if part is None or whole is None:
        return None
    return share(part.part(gender), whole.part(gender))


def gender_distribution(count: Count | None, gender: str) -> Fraction | None:
    """Return one gender's share of a count's total (e.g. 42 % of the new participants are women)."""
    if count is None:
        return None
    return share(count.part(gender), count.totalt)
