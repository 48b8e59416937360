"""Goal fulfilment: the shortfall of a result against its goal, its grade, and an insats's grade."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from xlinsats.core.model import Direction, GoalKind, GradingScale
from xlinsats.core.numbers import Number, to_fraction


def compute_shortfall(
    kind: GoalKind, direction: Direction, target: Number | float, result: Number | float
) -> Fraction | None:
    """Return how far ``result`` falls short of ``target``, never negative, or None if it cannot be said.

    For a share goal (target and result in percent) the shortfall is in percentage points; for a count
    goal it is in percent of the target. Exceeding a "minst" goal is no shortfall; for a "högst" goal,
    exceeding it is the shortfall. A count goal with a target of 0 cannot be graded.
    """
    goal = to_fraction(target)
    outcome = to_fraction(result)
    gap = goal - outcome if direction == "minst" else outcome - goal
    gap = max(gap, Fraction(0))
    if kind == "andel":
        return gap
    if goal <= 0:
        return None
    return gap / goal * 100


def grade_shortfall(shortfall: Fraction | None, scale: GradingScale) -> str | None:
    """Return the grade name for a shortfall: the best grade whose bound it does not exceed (inclusive)."""
    if shortfall is None:
        return None
    for name, bound in zip(scale.names, scale.bounds, strict=False):
        if shortfall <= to_fraction(bound):
            return name
    return scale.names[-1]


def aggregate_grades(grades: Iterable[str | None], scale: GradingScale) -> str | None:
    """Return the insats grade from its goals' grades; ungraded goals and unknown names are ignored.

    "median" takes the middle grade (the worse of the two middle ones for an even count); "samsta" the
    worst. None when no goal is graded.
    """
    ranks = sorted(scale.names.index(grade) for grade in grades if grade in scale.names)
    if not ranks:
        return None
    if scale.aggregation == "samsta":
        return scale.names[ranks[-1]]
    return scale.names[ranks[len(ranks) // 2]]


def grade_goal(
    kind: GoalKind, direction: Direction, target: Number | float, result: Number | float, scale: GradingScale
) -> str | None:
    """Return the grade of a result against its goal on the scale."""
    return grade_shortfall(compute_shortfall(kind, direction, target, result), scale)
