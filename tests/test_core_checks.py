"""Cross-check warnings: totals, entered results and grades against computed ones, budget, gradability."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from xlinsats.core.checks import check_followup
from xlinsats.core.figures import compute_figures
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


# Cost against budget, worked by hand: a warning exactly when the cost is above the budget, by any amount,
# with both amounts as the report writes them (non-breaking space before "tkr", decimal comma).
BUDGET_CASES = [
    (Decimal(100), Decimal(101), "A: kostnaden 101\u00a0tkr är högre än budgeten 100\u00a0tkr."),  # 1 tkr above
    (Decimal(100), Decimal("100.5"), "A: kostnaden 100,5\u00a0tkr är högre än budgeten 100\u00a0tkr."),  # half
    (Decimal(100), Decimal(100), None),  # equal: the whole budget used
    (Decimal(100), Decimal("99.5"), None),
    (Decimal(0), Decimal(1), "A: kostnaden 1\u00a0tkr är högre än budgeten 0\u00a0tkr."),
]


@pytest.mark.parametrize(("budget", "cost", "warning"), BUDGET_CASES)
def test_cost_above_budget_by_any_amount_is_warned(budget: Decimal, cost: Decimal, warning: str | None) -> None:
    """Cost 101 (or 100.5) against budget 100 is warned with both amounts; cost equal to the budget is not."""
    messages = _messages(_one(Insats("A", budget_tkr=budget, kostnad_tkr=cost)))
    assert messages == ([warning] if warning else [])


# (part, whole) -> the expected warning, for each subgroup the checks compare with its whole.
SUBGROUP_CASES = [
    ("nya", "aktuella", "nya deltagare", "aktuella deltagare"),
    ("avslutade", "aktuella", "avslutade deltagare", "aktuella deltagare"),
]


@pytest.mark.parametrize(("part", "whole", "part_label", "whole_label"), SUBGROUP_CASES)
@pytest.mark.parametrize(("extra", "warned"), [(1, True), (0, False)])
def test_a_flow_above_its_whole_by_one_is_warned(
    part: str, whole: str, part_label: str, whole_label: str, extra: int, warned: bool
) -> None:
    """11 new (or ended) of 10 current participants is warned, in total and for the women; 10 of 10 is not."""
    flows = Flows(**{whole: Count(4, 6, 0), part: Count(4 + extra, 6, 0)})
    messages = _messages(_one(Insats("A", deltagare=flows)))
    expected = [
        f"A: {part_label} ({10 + extra}) är fler än {whole_label} (10).",
        f"A: {part_label}, kvinnor ({4 + extra}), är fler än {whole_label}, kvinnor (4).",
    ]
    assert messages == (expected if warned else [])


OUTCOME_SUBGROUP_CASES = [
    ("arbete_studier", "avslutade", "avslutade till arbete eller studier", "avslutade deltagare"),
    ("annan_insats", "avslutade", "avslutade till annan insats", "avslutade deltagare"),
    ("efterstod", "avslutade", "avslutade i efterstöd", "avslutade deltagare"),
    ("ettars_svarande", "avslutade", "avslutade svarande vid ettårsuppföljningen", "avslutade deltagare"),
    (
        "ettars_sjalvforsorjande",
        "ettars_svarande",
        "självförsörjande efter ett år",
        "svarande vid ettårsuppföljningen",
    ),
    ("behallit_anstallning_12_man", "anstallda", "anställda som behållit anställningen", "anställda"),
]


@pytest.mark.parametrize(("part", "whole", "part_label", "whole_label"), OUTCOME_SUBGROUP_CASES)
@pytest.mark.parametrize(("extra", "warned"), [(1, True), (0, False)])
def test_an_outcome_above_its_whole_by_one_is_warned(
    part: str, whole: str, part_label: str, whole_label: str, extra: int, warned: bool
) -> None:
    """An outcome count one above the count it is part of is warned with both totals; equal to it is not."""
    outcomes = {part: Count.plain(10 + extra)}
    flows = Flows()
    if whole == "avslutade":
        flows = Flows(avslutade=Count.plain(10))
    else:
        outcomes[whole] = Count.plain(10)
    messages = _messages(_one(Insats("A", deltagare=flows, efter_avslut=Outcomes(**outcomes))))
    assert messages == ([f"A: {part_label} ({10 + extra}) är fler än {whole_label} (10)."] if warned else [])


@pytest.mark.parametrize(("other", "warned"), [(5, True), (4, False)])
def test_work_and_other_insats_together_above_the_ended_is_warned(other: int, warned: bool) -> None:
    """6 to work or studies and 5 to another insats of 10 ended (11) is warned; 6 and 4 (10) is not."""
    insats = Insats(
        "A",
        deltagare=Flows(avslutade=Count.plain(10)),
        efter_avslut=Outcomes(arbete_studier=Count.plain(6), annan_insats=Count.plain(other)),
    )
    expected = ["A: till arbete eller studier och till annan insats är tillsammans 11, fler än de 10 avslutade."]
    assert _messages(_one(insats)) == (expected if warned else [])


@pytest.mark.parametrize(("women", "warned"), [(7, True), (6, False)])
def test_gender_parts_above_an_entered_total_by_one_is_warned(women: int, warned: bool) -> None:
    """Parts 7 + 4 against an entered total of 10 are warned; 6 + 4 = 10 is not."""
    flows = Flows(aktuella=Count(women, 4, 0, totalt_angivet=10))
    expected = [f"A: aktuella deltagare fördelade på kön är {women + 4}, fler än totalen 10."]
    assert _messages(_one(Insats("A", deltagare=flows))) == (expected if warned else [])


def test_a_goal_on_an_unknown_indicator_is_ungraded_and_explained() -> None:
    """A goal naming an indicator that does not exist gets no result and no grade, and the check says why."""
    goal = Goal("Okänt", "antal", "minst", Decimal(5), "finns_inte", locations={"indikator": Location("Mål", "F2")})
    insats = Insats("A", deltagare=Flows(nya=Count.plain(9)), mal=(goal,))
    figures = compute_figures(_one(insats)).insatser[0]
    assert (figures.mal[0].utfall, figures.mal[0].bedomning, figures.bedomning) == (None, None, None)
    [problem] = check_followup(_one(insats))
    assert problem.message == "A, mål 1: målet kan inte bedömas (okänd indikator 'finns_inte')."
    assert problem.location == Location("Mål", "F2")
