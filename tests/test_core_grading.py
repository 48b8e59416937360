"""Shortfall, goal grades and the insats grade, on the default and on generated scales."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import count_values, directions, kinds, percent_values, scales
from xlinsats.core.grading import aggregate_grades, compute_shortfall, grade_goal, grade_shortfall
from xlinsats.core.model import GradingScale
from xlinsats.core.numbers import to_fraction

SCALE = GradingScale()


def test_five_points_short_is_god_in_decimal_terms() -> None:
    """35 % against a 40 % goal is exactly 5 points short and so "God", although 0.40-0.35 > 0.05 in floats."""
    assert 0.40 - 0.35 > 0.05
    assert compute_shortfall("andel", "minst", 40, 35) == 5
    assert grade_goal("andel", "minst", 40, 35, SCALE) == "God"
    # Excel hands shares over as binary fractions; they are read by their decimal form, so still 5 points.
    assert grade_goal("andel", "minst", to_fraction(0.40) * 100, to_fraction(0.35) * 100, SCALE) == "God"


def test_bounds_are_inclusive() -> None:
    """A shortfall equal to a bound gets the better grade; just above it gets the worse."""
    assert grade_shortfall(Fraction(5), SCALE) == "God"
    assert grade_shortfall(Fraction(501, 100), SCALE) == "Godtagbart"
    assert grade_shortfall(Fraction(25), SCALE) == "Godtagbart"
    assert grade_shortfall(Fraction(2501, 100), SCALE) == "Ej godtagbart"


def test_count_goal_shortfall_is_percent_of_target() -> None:
    """A count goal's shortfall is in percent of the target: 17 of 20 is 15 % short."""
    assert compute_shortfall("antal", "minst", 20, 17) == 15
    assert compute_shortfall("antal", "minst", 35, 18) == Fraction(17, 35) * 100


def test_exceeding_a_minimum_is_no_shortfall_but_exceeding_a_maximum_is() -> None:
    """Above a "minst" goal is 0 short; above a "högst" goal the excess is the shortfall."""
    assert compute_shortfall("andel", "minst", 50, 71) == 0
    assert compute_shortfall("andel", "högst", 10, 14) == 4
    assert compute_shortfall("andel", "högst", 10, 4) == 0


def test_count_goal_with_zero_target_cannot_be_graded() -> None:
    """A count target of 0 gives no shortfall and no grade rather than a division error."""
    assert compute_shortfall("antal", "minst", 0, 3) is None
    assert grade_goal("antal", "minst", 0, 3, SCALE) is None


def test_median_takes_the_worse_middle_grade_for_even_counts() -> None:
    """Lyra's four goals (God, God, God, Godtagbart) give God; two and two give the worse middle one."""
    assert aggregate_grades(["God", "God", "God", "Godtagbart"], SCALE) == "God"
    assert aggregate_grades(["God", "God", "Godtagbart", "Godtagbart"], SCALE) == "Godtagbart"
    assert aggregate_grades(["Godtagbart", "Ej godtagbart", "Godtagbart"], SCALE) == "Godtagbart"


def test_ungraded_goals_are_ignored_and_none_means_no_grade() -> None:
    """Goals without a grade do not count; an insats with no graded goal has no grade."""
    assert aggregate_grades([None, "Ej godtagbart"], SCALE) == "Ej godtagbart"
    assert aggregate_grades([None, None], SCALE) is None
    assert aggregate_grades([], SCALE) is None


def test_worst_aggregation() -> None:
    """The "samsta" aggregation takes the worst goal grade."""
    scale = GradingScale(aggregation="samsta")
    assert aggregate_grades(["God", "God", "Ej godtagbart"], scale) == "Ej godtagbart"


def test_scale_names_and_bounds_are_configurable() -> None:
    """An ESV-style scale with its own names and bounds grades by them."""
    scale = GradingScale(("Fullt uppfyllt", "Delvis uppfyllt", "Inte uppfyllt"), (Decimal(0), Decimal(10)))
    assert grade_goal("andel", "minst", 50, 50, scale) == "Fullt uppfyllt"
    assert grade_goal("andel", "minst", 50, 45, scale) == "Delvis uppfyllt"
    assert grade_goal("andel", "minst", 50, 30, scale) == "Inte uppfyllt"


@pytest.mark.parametrize(
    ("names", "bounds", "message"),
    [
        (("A", "B", "C"), (5,), "skalan har 3 steg och behöver 2 gränsvärden"),
        (("A", "B", "C"), (5, 10, 15), "skalan har 3 steg och behöver 2 gränsvärden"),
        (("A", "B"), (), "skalan har 2 steg och behöver 1 gränsvärden"),
        (("A", "B", "C"), (25, 5), "gränsvärdena måste vara stigande"),
        (("God", "Godtagbart", "God"), (5, 25), "stegen i bedömningsskalan måste ha olika namn"),
        (("A", "A"), (5,), "stegen i bedömningsskalan måste ha olika namn"),
        (("A",), (), "en bedömningsskala behöver minst två steg"),
    ],
)
def test_bad_scales_are_refused(names: tuple[str, ...], bounds: tuple[int, ...], message: str) -> None:
    """A scale whose bounds do not fit its names, fall, repeat a grade name or has one step is refused, and the
    whole Swedish message is as written here (the counts in it are the scale's own)."""
    with pytest.raises(ValueError) as refused:
        GradingScale(names, tuple(Decimal(bound) for bound in bounds))
    assert str(refused.value) == message


def test_equal_bounds_are_rising() -> None:
    """Equal bounds are rising (not falling): two grades may share a limit."""
    assert GradingScale(("A", "B", "C"), (Decimal(5), Decimal(5))).bounds == (Decimal(5), Decimal(5))


@given(kinds, directions, percent_values, percent_values, percent_values, scales())
def test_a_better_result_never_gets_a_worse_grade(kind, direction, target, first, second, scale) -> None:  # type: ignore[no-untyped-def]
    """Moving a result in the goal's direction never worsens its grade."""
    worse, better = sorted((first, second)) if direction == "minst" else sorted((first, second), reverse=True)
    worse_grade = grade_goal(kind, direction, target, worse, scale)
    better_grade = grade_goal(kind, direction, target, better, scale)
    if worse_grade is None or better_grade is None:
        assert kind == "antal" and target == 0
        return
    assert scale.names.index(better_grade) <= scale.names.index(worse_grade)


@given(scales(), st.data())
def test_improving_one_goal_never_worsens_the_insats_grade(scale: GradingScale, data: st.DataObject) -> None:
    """On any scale and either aggregation, raising any goal grade one step never makes the insats grade worse."""
    grades = data.draw(st.lists(st.sampled_from(scale.names), min_size=1, max_size=9))
    index = data.draw(st.integers(0, len(grades) - 1))
    before = aggregate_grades(grades, scale)
    rank = scale.names.index(grades[index])
    improved = [*grades]
    improved[index] = scale.names[max(rank - 1, 0)]
    after = aggregate_grades(improved, scale)
    assert before is not None and after is not None
    assert scale.names.index(after) <= scale.names.index(before)


@given(count_values, count_values)
def test_shortfall_is_never_negative(target: int, result: int) -> None:
    """Shortfalls are never below zero."""
    for kind in ("andel", "antal"):
        for direction in ("minst", "högst"):
            shortfall = compute_shortfall(kind, direction, target, result)  # type: ignore[arg-type]
            assert shortfall is None or shortfall >= 0
