"""Every computed figure of a follow-up: shares, goal results and grades, budget use and totals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from xlinsats.core.grading import aggregate_grades, compute_shortfall, grade_shortfall
from xlinsats.core.indicators import BUILTIN, Registry, registry_for, sum_counts
from xlinsats.core.model import FLOW_NAMES, GENDERS, Count, FollowUp, Goal, GradingScale, Insats
from xlinsats.core.numbers import to_fraction

#: The built-in shares reported per insats, in the order of the figures export; own shares follow them.
SHARE_NAMES: tuple[str, ...] = BUILTIN.shares


@dataclass(frozen=True)
class GoalFigures:
    """A goal with its result (in goal units), shortfall and grade; None where undefined."""

    goal: Goal
    utfall: Fraction | None
    utfall_fran_data: bool
    avvikelse: Fraction | None
    bedomning: str | None


@dataclass(frozen=True)
class InsatsFigures:
    """The computed figures of one insats. Shares are fractions (0.42), None where undefined."""

    insats: Insats
    andelar: Mapping[str, Fraction | None]
    arbete_studier_kon: Mapping[str, Fraction | None]
    budgetutnyttjande: Fraction | None
    outnyttjat_tkr: Decimal | None
    mal: tuple[GoalFigures, ...]
    bedomning: str | None

    @property
    def overskridet_tkr(self) -> Decimal | None:
        """The cost above budget in tkr (positive), 0 when within budget, None when unknown."""
        if self.outnyttjat_tkr is None:
            return None
        return max(-self.outnyttjat_tkr, Decimal(0))


@dataclass(frozen=True)
class FollowUpFigures:
    """The computed figures of a whole follow-up, with the flow totals over all insatser."""

    followup: FollowUp
    insatser: tuple[InsatsFigures, ...]
    totalt: Mapping[str, Count | None]
    registry: Registry = BUILTIN

    @property
    def share_names(self) -> tuple[str, ...]:
        """Every share reported per insats: the built-in ones, then the förbund's own, in registry order."""
        return self.registry.shares


def _goal_result(goal: Goal, insats: Insats, registry: Registry) -> tuple[Fraction | None, bool]:
    if goal.indikator is not None and goal.indikator in registry:
        value = registry.compute(insats, goal.indikator)
        if value is None:
            return None, True
        if registry[goal.indikator].kind == "andel":
            return to_fraction(value) * 100, True
        return Fraction(value), True
    if goal.indikator is not None:
        return None, False  # an unknown indicator is reported by the checks, never guessed
    if goal.utfall is None:
        return None, False
    return to_fraction(goal.utfall), False


def compute_goal(goal: Goal, insats: Insats, scale: GradingScale, registry: Registry = BUILTIN) -> GoalFigures:
    """Return the goal's result, shortfall and grade for the insats."""
    result, from_data = _goal_result(goal, insats, registry)
    kind_mismatch = (
        goal.indikator is not None and goal.indikator in registry and registry[goal.indikator].kind != goal.typ
    )
    if result is None or kind_mismatch:
        return GoalFigures(goal, result, from_data, None, None)
    shortfall = compute_shortfall(goal.typ, goal.riktning, goal.malvarde, result)
    return GoalFigures(goal, result, from_data, shortfall, grade_shortfall(shortfall, scale))


def budget_utilisation(budget: Decimal | None, cost: Decimal | None) -> Fraction | None:
    """Return cost over budget as an exact fraction (0.82), or None when either is unknown or the budget is 0."""
    if budget is None or cost is None or budget <= 0:
        return None
    return to_fraction(cost) / to_fraction(budget)


def unused_funds(budget: Decimal | None, cost: Decimal | None) -> Decimal | None:
    """Return budget minus cost in tkr (negative when the budget was overrun), or None when either is unknown."""
    if budget is None or cost is None:
        return None
    return budget - cost


def compute_insats(insats: Insats, scale: GradingScale, registry: Registry = BUILTIN) -> InsatsFigures:
    """Return every computed figure of one insats."""
    shares: dict[str, Fraction | None] = {}
    for name in registry.shares:
        value = registry.compute(insats, name)
        shares[name] = None if value is None else to_fraction(value)
    by_gender = {gender: registry.compute_by_gender(insats, "arbete_studier_andel", gender) for gender in GENDERS}
    utilisation = budget_utilisation(insats.budget_tkr, insats.kostnad_tkr)
    unused = unused_funds(insats.budget_tkr, insats.kostnad_tkr)
    goals = tuple(compute_goal(goal, insats, scale, registry) for goal in insats.mal)
    grade = aggregate_grades((goal.bedomning for goal in goals), scale)
    return InsatsFigures(insats, shares, by_gender, utilisation, unused, goals, grade)


def compute_figures(followup: FollowUp) -> FollowUpFigures:
    """Return every computed figure of the follow-up; nothing is copied from entered results."""
    registry, _ = registry_for(followup.indikatorer, followup.own_count_names)
    insatser = tuple(compute_insats(insats, followup.bedomning, registry) for insats in followup.insatser)
    totals = {name: sum_counts([insats.deltagare.get(name) for insats in followup.insatser]) for name in FLOW_NAMES}
    return FollowUpFigures(followup, insatser, totals, registry)
