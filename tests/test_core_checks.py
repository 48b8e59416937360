"""Cross-check warnings: totals, entered results and grades against computed ones, budget, gradability."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from xlinsats.core.checks import check_followup
from xlinsats.core.model import Count, Flows, FollowUp, Goal, Insats, Outcomes
from xlinsats.errors import Location


def _messages(followup: FollowUp) -> list[str]:
    return [problem.message for problem in check_followup(followup)]


def _one(insats: Insats) -> FollowUp:
    return FollowUp("F", 2024, (insats,))


def test_reference_data_has_no_warnings(reference: FollowUp) -> None:
    """The consistent reference data passes every cross-check."""
    assert check_followup(reference) == []


def test_subgroup_counts_above_their_total_are_warned() -> None:
    """Parts above an entered total, outcomes above the ended, and new above current are each flagged."""
    insats = Insats(
        "A",
        deltagare=Flows(
            aktuella=Count(5, 6, 0, totalt_angivet=10),
            nya=Count.plain(12),
            avslutade=Count(2, 2, 0),
        ),
        efter_avslut=Outcomes(arbete_studier=Count(3, 1, 0), annan_insats=Count.plain(1)),
    )
    messages = _messages(_one(insats))
    assert any("fördelade på kön är 11, fler än totalen 10" in m for m in messages)
    assert any("nya deltagare (12) är fler än aktuella deltagare (10)" in m for m in messages)
    assert any("kvinnor (3), är fler än avslutade deltagare, kvinnor (2)" in m for m in messages)
    assert any("tillsammans 5, fler än de 4 avslutade" in m for m in messages)


def test_entered_result_that_differs_from_the_data_is_warned_with_its_cell() -> None:
    """An indicator goal whose typed result differs from the computed one (after rounding) is flagged at its cell."""
    cell = Location(sheet="Mål", cell="G5")
    goal = Goal("Minst 20 nya", "antal", "minst", Decimal(20), "nya", Decimal(21), locations={"utfall": cell})
    insats = Insats("A", deltagare=Flows(nya=Count.plain(26)), mal=(goal,))
    [problem] = check_followup(_one(insats))
    assert problem.severity == "varning" and problem.location == cell
    assert "angivet utfall 21" in problem.message and "(26)" in problem.message
    rounded = dataclasses.replace(goal, indikator=None, utfall=Decimal(26))
    assert check_followup(_one(dataclasses.replace(insats, mal=(rounded,)))) == []


def test_a_rounded_entered_share_is_not_a_contradiction() -> None:
    """Typing 71 for 12/17 = 70.6 % is the rounded value, not a difference."""
    goal = Goal("Minst 50 %", "andel", "minst", Decimal(50), "vidare_andel", Decimal(71))
    insats = Insats(
        "A",
        deltagare=Flows(avslutade=Count.plain(17)),
        efter_avslut=Outcomes(arbete_studier=Count.plain(9), annan_insats=Count.plain(3)),
        mal=(goal,),
    )
    assert check_followup(_one(insats)) == []


def test_hand_set_grade_that_differs_is_warned() -> None:
    """A board-set insats grade and a goal grade that differ from the computed ones are both flagged."""
    goal = Goal("Minst 20 nya", "antal", "minst", Decimal(20), None, Decimal(10), bedomning_angiven="God")
    insats = Insats("A", publicerad_bedomning="God", mal=(goal,))
    messages = _messages(_one(insats))
    assert any("angiven bedömning 'God' skiljer sig från den beräknade 'Ej godtagbart'" in m for m in messages)
    assert sum("skiljer sig" in m for m in messages) == 2


def test_cost_above_budget_is_warned() -> None:
    """A cost above the budget is flagged."""
    messages = _messages(_one(Insats("A", budget_tkr=Decimal(100), kostnad_tkr=Decimal(120))))
    assert messages == ["A: kostnaden 120\u00a0tkr är högre än budgeten 100\u00a0tkr."]


def test_goals_that_cannot_be_graded_are_warned_with_the_reason() -> None:
    """No result, no denominator, a zero count target, or a kind that does not fit its indicator: each explained."""
    goals = (
        Goal("Utan utfall", "andel", "minst", Decimal(50)),
        Goal("Ingen nämnare", "andel", "minst", Decimal(50), "arbete_studier_andel"),
        Goal("Noll", "antal", "minst", Decimal(0), None, Decimal(3)),
        Goal("Fel typ", "andel", "minst", Decimal(50), "nya"),
    )
    messages = _messages(_one(Insats("A", deltagare=Flows(nya=Count.plain(4)), mal=goals)))
    assert any("mål 1: målet kan inte bedömas (utfall saknas)" in m for m in messages)
    assert any("mål 2: målet kan inte bedömas (uppgifterna som behövs" in m for m in messages)
    assert any("mål 3: målet kan inte bedömas (målvärdet är 0)" in m for m in messages)
    assert any("mål 4: måltypen är 'andel' men indikatorn 'nya' ger ett antal" in m for m in messages)


def test_duplicate_insats_names_are_errors() -> None:
    """Two insatser with the same name make the input unusable."""
    problems = check_followup(FollowUp("F", 2024, (Insats("A"), Insats("A"))))
    assert [p.severity for p in problems] == ["fel"]


def test_gender_warnings_point_at_the_gender_cell() -> None:
    """A gender part above its whole is located at that gender's own cell when the reader knows it."""
    total_cell, women_cell = Location(sheet="Deltagare", cell="I2"), Location(sheet="Deltagare", cell="F2")
    flows = Flows(
        aktuella=Count(2, 5, 0),
        nya=Count(3, 1, 0),
        locations={"nya": total_cell, "nya.kvinnor": women_cell},
    )
    [problem] = check_followup(_one(Insats("A", deltagare=flows)))
    assert problem.location == women_cell and "kvinnor (3)" in problem.message


def test_ungradable_indicator_goal_points_at_its_indicator() -> None:
    """A goal linked to a count the data lacks is explained as such and located at its Indikator cell."""
    where = Location(sheet="Mål", cell="F3")
    goal = Goal("20 nya", "antal", "minst", Decimal(20), "nya", locations={"indikator": where})
    [problem] = check_followup(_one(Insats("A", mal=(goal,))))
    assert problem.location == where and "antalet 'nya' saknas i uppgifterna" in problem.message
