"""Earlier years' key figures: taken from a year's computed figures (masked as published) and compared over years."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from xlinsats.core.figures import FollowUpFigures, InsatsFigures
from xlinsats.core.model import FLOW_NAMES, GoalHistory, Insats, YearFigures
from xlinsats.core.numbers import round_half_away
from xlinsats.core.privacy import FiguresMasking, mask_figures

#: Decimals kept for a share or utilisation in percent: enough to reproduce every one-decimal display.
PERCENT_DECIMALS = 2
#: How many years the report's development part shows, this year included.
YEARS_SHOWN = 5


def _percent(value: Fraction | None) -> Decimal | None:
    return None if value is None else round_half_away(value * 100, PERCENT_DECIMALS)


def _goal_value(value: Fraction | None) -> Decimal | None:
    return None if value is None else round_half_away(value, PERCENT_DECIMALS)


def year_figures(figures: InsatsFigures, year: int, masking: FiguresMasking, index: int) -> YearFigures:
    """Return one insats's key figures of ``year`` as they may be published: masked figures left out.

    Args:
        figures: the insats's computed figures.
        year: the follow-up year.
        masking: the follow-up's masking (under its own minimum cell size).
        index: the insats's position in the follow-up, as the masking numbers it.
    """
    insats = figures.insats
    withheld: list[str] = []
    flows: dict[str, int | None] = {}
    for name in FLOW_NAMES:
        count = insats.deltagare.get(name)
        if masking.count(index, name):
            withheld.append(name)
            flows[name] = None
        else:
            flows[name] = None if count is None else count.totalt
    shares: dict[str, Decimal | None] = {}
    for name, value in figures.andelar.items():
        # Only shares with a value are kept: an undefined share is simply absent from that year.
        if masking.share(index, name):
            withheld.append(name)
        elif value is not None:
            shares[name] = _percent(value)
    goals = tuple(
        GoalHistory(
            goal.goal.text,
            goal.goal.malvarde,
            goal.goal.indikator,
            None if masking.goal(index, number) else _goal_value(goal.utfall),
            goal.bedomning,
        )
        for number, goal in enumerate(figures.mal)
    )
    withheld += [f"mal[{number}]" for number in range(len(figures.mal)) if masking.goal(index, number)]
    return YearFigures(
        ar=year,
        deltagare=flows,
        andelar=shares,
        budget_tkr=insats.budget_tkr,
        kostnad_tkr=insats.kostnad_tkr,
        budgetutnyttjande=_percent(figures.budgetutnyttjande),
        bedomning=figures.bedomning,
        mal=goals,
        maskerade=tuple(withheld),
    )


def with_this_year(figures: FollowUpFigures) -> tuple[tuple[YearFigures, ...], ...]:
    """Return each insats's history with this year's figures added last (what next year's workbook carries)."""
    masking = mask_figures(figures)
    year = figures.followup.ar
    return tuple(
        (*(past for past in insats.insats.historik if past.ar != year), year_figures(insats, year, masking, index))
        for index, insats in enumerate(figures.insatser)
    )


def recent_years(insats: Insats, current: YearFigures, shown: int = YEARS_SHOWN) -> tuple[YearFigures, ...]:
    """Return up to ``shown`` years ending with ``current``, oldest first; earlier years sorted by year."""
    past = sorted((year for year in insats.historik if year.ar < current.ar), key=lambda year: year.ar)
    return (*past[-(shown - 1) :], current) if shown > 1 else (current,)
