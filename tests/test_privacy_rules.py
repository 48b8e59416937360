"""The masking rules at their boundaries, each worked by hand: shares, goal results, TOTALT and the cycle rule.

Every case is a small follow-up whose masking follows from the rule in ``docs/sekretess.md`` with pencil and
paper; the expected figures are written out here, never taken from the code under test. Each rule is
checked exactly at the limit and one past it, and in every output: export JSON, CSV and the report texts.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from xlinsats.core.figures import FollowUpFigures, compute_figures
from xlinsats.core.model import Count, Flows, FollowUp, Goal, Indicator, Insats, Outcomes, Privacy
from xlinsats.core.privacy import MASK_SYMBOL, FiguresMasking, mask_figures, mask_grid, share_is_masked
from xlinsats.figures_export import figures_to_csv, figures_to_data
from xlinsats.report.text import InsatsMasking, outcome_sentences, own_indicator_sentences

MINIMUM = 3

#: An own share of the förbund (numerator an own count, denominator the ended participants).
OWN_SHARE = Indicator("positiv", "Positiv lösning", ("positiv",), "avslutade")


def _figures(*insatser: Insats, minimum: int | None = MINIMUM) -> FollowUpFigures:
    return compute_figures(FollowUp("F", 2024, insatser, sekretess=Privacy(minimum), indikatorer=(OWN_SHARE,)))


def _csv_rows(figures: FollowUpFigures) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(figures_to_csv(figures)), delimiter=";"))


# --- share_is_masked, the rule as a table -----------------------------------------------------------------

# (denominator, minimum, numerator masked, denominator masked) -> masked, worked from the rule: a share is
# masked when 0 < denominator < minimum, or when a count it uses is masked; never when masking is off.
SHARE_RULE_CASES = [
    (2, 3, False, False, True),  # one below the limit
    (3, 3, False, False, False),  # exactly at the limit
    (1, 3, False, False, True),  # the smallest non-zero denominator
    (0, 3, False, False, False),  # undefined share: nothing to mask
    (None, 3, False, False, False),  # unknown denominator
    (40, 3, True, False, True),  # numerator masked
    (40, 3, False, True, True),  # denominator masked in its own table
    (40, 3, False, False, False),
    (2, None, True, True, False),  # masking off
    (2, 1, True, True, False),  # a minimum of 1 masks nothing
    (1, 2, False, False, True),  # the smallest active minimum
    (2, 2, False, False, False),
]


@pytest.mark.parametrize(
    ("denominator", "minimum", "numerator_masked", "denominator_masked", "expected"), SHARE_RULE_CASES
)
def test_share_rule_table(
    denominator: int | None, minimum: int | None, numerator_masked: bool, denominator_masked: bool, expected: bool
) -> None:
    """share_is_masked follows the rule case by case: denominator 1..m-1, or a masked count, masks a share."""
    assert share_is_masked(denominator, minimum, numerator_masked, denominator_masked) is expected


# --- every share of an insats, at the limit and one past it ----------------------------------------------

# For each share: the insats whose denominator is ``d`` people and whose numerator is 0 (0 is never masked,
# so only the denominator can mask the share). At d = 2 (< 3) the share 0 % must be masked; at d = 3 it is
# shown as 0. Counts are plain totals, so no gender line adds secondary suppressions.


def _insats_for(share: str, denominator: int) -> Insats:
    zero, whole = Count.plain(0), Count.plain(denominator)
    big = Flows(aktuella=Count.plain(50), nya=Count.plain(20), avslutade=whole)
    if share in ("arbete_studier_andel", "annan_insats_andel", "vidare_andel"):
        return Insats("A", deltagare=big, efter_avslut=Outcomes(arbete_studier=zero, annan_insats=zero))
    if share == "positiv":
        return Insats("A", deltagare=big, egna_antal={"positiv": zero})
    if share == "sjalvforsorjande_andel":
        return Insats("A", efter_avslut=Outcomes(ettars_svarande=whole, ettars_sjalvforsorjande=zero))
    assert share == "behallit_anstallning_andel"
    return Insats("A", efter_avslut=Outcomes(anstallda=whole, behallit_anstallning_12_man=zero))


ALL_SHARES = [
    "arbete_studier_andel",
    "annan_insats_andel",
    "vidare_andel",
    "sjalvforsorjande_andel",
    "behallit_anstallning_andel",
    "positiv",
]


@pytest.mark.parametrize("share", ALL_SHARES)
@pytest.mark.parametrize(("denominator", "masked"), [(2, True), (3, False)])
def test_every_share_is_masked_below_the_limit_in_every_output(share: str, denominator: int, masked: bool) -> None:
    """A share of 0 people out of 2 is masked (JSON null, listed, CSV "..", no report sentence); out of 3 it is 0."""
    figures = _figures(_insats_for(share, denominator))
    assert figures.insatser[0].andelar[share] == 0  # 0 of d: defined
    masking = mask_figures(figures)
    assert masking.share(0, share) is masked
    data = figures_to_data(figures)
    pointer = f"/insatser/0/andelar/{share}"
    assert (pointer in data["sekretess"]["maskerade"]) is masked
    assert data["insatser"][0]["andelar"][share] == (None if masked else 0)
    assert _csv_rows(figures)[0][share] == (MASK_SYMBOL if masked else "0")
    sentences = " ".join(
        (
            *outcome_sentences(figures.insatser[0], InsatsMasking(masking, 0)),
            *own_indicator_sentences(figures.insatser[0], figures.registry, InsatsMasking(masking, 0)),
        )
    )
    assert ("0\u00a0%" in sentences) is not masked
    assert ("visas inte av sekretesskäl" in sentences) is masked


@pytest.mark.parametrize(("numerator", "masked"), [(2, True), (3, False)])
def test_a_share_with_a_small_numerator_is_masked_though_its_denominator_is_large(numerator: int, masked: bool) -> None:
    """2 of 40 to work or studies: the 2 is small, so the share 5 % would give it away; 3 of 40 is shown."""
    insats = Insats(
        "A",
        deltagare=Flows(avslutade=Count.plain(40)),
        efter_avslut=Outcomes(arbete_studier=Count.plain(numerator), annan_insats=Count.plain(10)),
        egna_antal={"positiv": Count.plain(numerator)},
    )
    figures = _figures(insats)
    data = figures_to_data(figures)
    for share in ("arbete_studier_andel", "positiv"):
        assert (data["insatser"][0]["andelar"][share] is None) is masked
        assert (_csv_rows(figures)[0][share] == MASK_SYMBOL) is masked
    # The line arbete_studier + annan_insats = vidare may not have the 2 as its one hidden cell: its smallest
    # other cell, the 10 to another insats, is masked with it (and so its share); the onward 12 stays shown,
    # since 12 = ? + ? gives nothing away.
    masking = mask_figures(figures)
    assert masking.share(0, "annan_insats_andel") is masked
    assert not masking.share(0, "vidare_andel")


def test_a_share_is_masked_when_its_denominator_is_a_secondary_suppression() -> None:
    """Insats A ended 3 men, B 1 man (m = 3): A's 3 is masked to protect B's 1, so A's 0 of 3 is masked too.

    The flow table of avslutade is [[0, 3, 0 | 3], [0, 1, 0 | 1], TOTALT [0, 4, 0 | 4]]: B's 1 is small;
    its row and column need a second hidden cell, the smallest being A's 3 (man) and A's total 3. A's
    share to work or studies, 0 of 3, would show A's masked total, so it is masked though 3 is not small.
    """
    a = Insats(
        "A", deltagare=Flows(avslutade=Count.by_gender(0, 3, 0)), efter_avslut=Outcomes(arbete_studier=Count.plain(0))
    )
    b = Insats("B", deltagare=Flows(avslutade=Count.by_gender(0, 1, 0)))
    figures = _figures(a, b)
    masking = mask_figures(figures)
    assert {key for key in masking.counts if key[0] == 0} == {(0, "avslutade", "man"), (0, "avslutade", "totalt")}
    assert masking.share(0, "arbete_studier_andel")
    data = figures_to_data(figures)
    assert data["insatser"][0]["andelar"]["arbete_studier_andel"] is None
    assert _csv_rows(figures)[0]["arbete_studier_andel"] == MASK_SYMBOL


def test_an_undefined_share_is_empty_not_masked() -> None:
    """A share with denominator 0 is undefined: null and not listed in JSON, an empty CSV cell, not ".."."""
    figures = _figures(_insats_for("sjalvforsorjande_andel", 0))
    assert not mask_figures(figures).share(0, "sjalvforsorjande_andel")
    assert "/insatser/0/andelar/sjalvforsorjande_andel" not in figures_to_data(figures)["sekretess"]["maskerade"]
    assert _csv_rows(figures)[0]["sjalvforsorjande_andel"] == ""


# --- goal results ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("new", "masked"), [(2, True), (3, False)])
def test_a_goal_result_from_a_masked_count_is_null(new: int, masked: bool) -> None:
    """A goal "minst 3 nya" with 2 new (m = 3): result 2 and shortfall are null in JSON; with 3 new, 3 and 0."""
    goal = Goal("Minst 3 nya", "antal", "minst", Decimal(3), "nya")
    figures = _figures(Insats("A", deltagare=Flows(nya=Count.plain(new)), mal=(goal,)))
    data = figures_to_data(figures)
    result = data["insatser"][0]["mal"][0]
    pointers = data["sekretess"]["maskerade"]
    if masked:
        assert result["utfall"] is None and result["avvikelse"] is None
        assert {"/insatser/0/mal/0/utfall", "/insatser/0/mal/0/avvikelse"} <= set(pointers)
    else:
        assert result["utfall"] == 3 and result["avvikelse"] == 0
        assert not [pointer for pointer in pointers if "/mal/" in pointer]
    assert result["bedomning"] == ("Ej godtagbart" if masked else "God")  # 33 % short (> 25): Ej godtagbart


@pytest.mark.parametrize(("entered", "masked"), [(Decimal(2), True), (Decimal(3), False), (Decimal(0), False)])
def test_an_entered_count_result_below_the_limit_is_masked(entered: Decimal, masked: bool) -> None:
    """A count result typed by hand is a count like any other: 2 is masked at m = 3; 3 and 0 are shown."""
    goal = Goal("Minst 5", "antal", "minst", Decimal(5), utfall=entered)
    figures = _figures(Insats("A", mal=(goal,)))
    assert mask_figures(figures).goal(0, 0) is masked
    assert (figures_to_data(figures)["insatser"][0]["mal"][0]["utfall"] is None) is masked


def test_an_entered_percentage_result_is_never_masked() -> None:
    """A share result typed by hand has no denominator to test: 2 (%) stays shown at m = 3."""
    goal = Goal("Minst 5 %", "andel", "minst", Decimal(5), utfall=Decimal(2))
    figures = _figures(Insats("A", mal=(goal,)))
    assert not mask_figures(figures).goal(0, 0)
    assert figures_to_data(figures)["insatser"][0]["mal"][0]["utfall"] == 2


# --- the TOTALT row --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("women", "masked"), [(2, True), (3, False)])
def test_totalt_of_a_single_insats_is_masked_with_it(women: int, masked: bool) -> None:
    """With one insats, TOTALT repeats its row: 2 women are masked in both rows, JSON null and CSV ".."."""
    figures = _figures(Insats("A", deltagare=Flows(nya=Count.by_gender(women, 20, 0))))
    data = figures_to_data(figures)
    assert (data["totalt"]["nya"]["kvinnor"] is None) is masked
    assert ("/totalt/nya/kvinnor" in data["sekretess"]["maskerade"]) is masked
    total_row = _csv_rows(figures)[-1]
    assert total_row["namn"] == "TOTALT"
    assert total_row["nya_kvinnor"] == (MASK_SYMBOL if masked else str(women))
    # Two hidden cells in each line: the women and the men (the smallest other non-zero count), in each row.
    assert total_row["nya_man"] == (MASK_SYMBOL if masked else "20")
    assert total_row["nya_totalt"] == str(women + 20)


# --- grading ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typ", "indicator", "graded"),
    [
        ("antal", "nya", True),
        ("andel", "nya", False),  # a share goal on a count
        ("andel", "arbete_studier_andel", True),
        ("antal", "arbete_studier_andel", False),  # a count goal on a share
    ],
)
def test_a_goal_whose_kind_does_not_fit_its_indicator_gets_no_grade(typ: str, indicator: str, graded: bool) -> None:
    """A goal of type andel on a count (or antal on a share) is not graded; a matching one is."""
    goal = Goal("Mål", typ, "minst", Decimal(50), indicator)  # type: ignore[arg-type]
    insats = Insats(
        "A",
        deltagare=Flows(nya=Count.plain(60), avslutade=Count.plain(10)),
        efter_avslut=Outcomes(arbete_studier=Count.plain(6)),
        mal=(goal,),
    )
    result = compute_figures(FollowUp("F", 2024, (insats,))).insatser[0]
    assert (result.mal[0].bedomning is not None) is graded
    assert (result.mal[0].avvikelse is not None) is graded
    assert (result.bedomning is not None) is graded
    # The result is still the indicator's value (60 new; 6 of 10 = 60 %), shown beside the missing grade.
    assert result.mal[0].utfall == 60
    assert result.mal[0].goal == goal and result.mal[0].utfall_fran_data


@pytest.mark.parametrize(("new", "masked"), [(2, True), (3, False)])
def test_a_mismatched_goal_on_a_masked_count_is_masked(new: int, masked: bool) -> None:
    """A share goal wrongly linked to the count "nya" still shows that count as its result: 2 is masked."""
    goal = Goal("Fel typ", "andel", "minst", Decimal(50), "nya")
    figures = _figures(Insats("A", deltagare=Flows(nya=Count.plain(new)), mal=(goal,)))
    assert mask_figures(figures).goal(0, 0) is masked
    assert figures_to_data(figures)["insatser"][0]["mal"][0]["utfall"] == (None if masked else 3)


# --- the cycle rule --------------------------------------------------------------------------------------


def test_cycle_rule_gives_the_exact_masking_of_a_grid_where_it_matters() -> None:
    """The cycle rule's masking of a 3 x 4 grid at m = 3 is exactly these 10 cells (11 without the rule).

    Parts [[8, 0, 3, 0], [0, 1, 2, 2], [6, 0, 5, 0]] with row totals 11, 5, 11 and TOTALT [14, 1, 10, 2 | 27].
    Primaries: the 1 and the two 2s of row 1 and the 1 and 2 of TOTALT. Row 1's masked parts sum to 5 with
    its total published, fine; but columns 1 and 3 each hold only a primary pair (row 1 and TOTALT), and
    the hidden cells form a graph in which a masked cell is a bridge (no cycle of hidden cells runs through
    it, so the lines fix it). The cycle rule closes cycles with the smallest crossing cells: row 0's 8 and 3,
    row 2's 6 and 5 and TOTALT's 10. Without the rule, the last-resort rule masks row 0's and row 1's totals
    instead of TOTALT's 10: 11 cells. (Both are safe; the search is greedy, so neither is the global
    minimum: see docs/robusthet.md.)
    """
    rows = [[8, 0, 3, 0, 11], [0, 1, 2, 2, 5], [6, 0, 5, 0, 11], [14, 1, 10, 2, 27]]
    masked = mask_grid(rows, 3)
    expected = {(0, 0), (0, 2), (1, 1), (1, 2), (1, 3), (2, 0), (2, 2), (3, 1), (3, 2), (3, 3)}
    assert {(r, c) for r, row in enumerate(masked) for c, hidden in enumerate(row) if hidden} == expected


# --- own indicators built on a flow count ----------------------------------------------------------------

#: An own share whose numerator is a flow (new of current participants), an own count indicator that sums a
#: flow and an own count, and an own count indicator of one own count.
FLOW_INDICATORS = (
    Indicator("nya_av_aktuella", "Nya av aktuella", ("nya",), "aktuella"),
    Indicator("nya_och_kontakter", "Nya och kontakter", ("nya", "kontakter")),
    Indicator("kontakter", "Kontakter", ("kontakter",)),
)


@pytest.mark.parametrize(("new", "masked"), [(2, True), (3, False)])
def test_own_indicators_on_a_masked_flow_are_masked_in_the_insats_row(new: int, masked: bool) -> None:
    """Insats A with 2 new (m = 3) beside B with 20: both rows' new counts are masked, and every own indicator
    that uses them (a share of new, a sum of new and contacts, and a goal on the sum); with 3 new nothing is.

    The flow table of nya is plain totals [2, 20 | TOTALT 22]: the 2 is small, its column needs a second
    hidden cell, the smaller of 20 and 22, so B's 20 is masked and TOTALT's 22 stays shown. Contacts (10
    in each insats) are never small, so the own count indicator "kontakter" stays shown.
    """
    goal = Goal("Nya och kontakter", "antal", "minst", Decimal(5), "nya_och_kontakter")
    a = Insats(
        "A",
        deltagare=Flows(aktuella=Count.plain(40), nya=Count.plain(new)),
        egna_antal={"kontakter": Count.plain(10)},
        mal=(goal,),
    )
    b = Insats(
        "B", deltagare=Flows(aktuella=Count.plain(50), nya=Count.plain(20)), egna_antal={"kontakter": Count.plain(10)}
    )
    figures = compute_figures(FollowUp("F", 2024, (a, b), sekretess=Privacy(MINIMUM), indikatorer=FLOW_INDICATORS))
    masking = mask_figures(figures)
    if masked:
        expected = FiguresMasking(
            MINIMUM,
            counts=frozenset({(0, "nya", "totalt"), (1, "nya", "totalt")}),
            shares=frozenset(
                {(0, "nya_av_aktuella"), (1, "nya_av_aktuella"), (0, "nya_och_kontakter"), (1, "nya_och_kontakter")}
            ),
            goals=frozenset({(0, 0)}),
        )
    else:
        expected = FiguresMasking(MINIMUM)
    assert masking == expected
    # The part of a flow count defaults to its total.
    assert masking.count(0, "nya") is masked and masking.count(None, "nya") is False
    data = figures_to_data(figures)
    assert (data["insatser"][0]["andelar"]["nya_av_aktuella"] is None) is masked


@pytest.mark.parametrize(("other_women", "masked"), [(2, True), (3, False)])
def test_a_gender_share_is_masked_when_its_ended_count_is_a_secondary_suppression(
    other_women: int, masked: bool
) -> None:
    """A ended 3 women and 10 men, B ended 2 women and 10 men (m = 3): B's 2 is masked, with B's 10 men
    (the smallest other cell of B's row), A's 3 women and A's 10 men (the smallest other cells of the two
    columns). A's share of women to work or studies (0 of 3) then shows a masked count and is masked, and
    so is the men's (5 of 10); A's outcome counts (0, 5, 0) are not small. With B's women at 3 nothing is.
    """
    a = Insats(
        "A",
        deltagare=Flows(avslutade=Count.by_gender(3, 10, 0)),
        efter_avslut=Outcomes(arbete_studier=Count.by_gender(0, 5, 0)),
    )
    b = Insats("B", deltagare=Flows(avslutade=Count.by_gender(other_women, 10, 0)))
    masking = mask_figures(_figures(a, b))
    hidden = {
        (0, "avslutade", "kvinnor"),
        (0, "avslutade", "man"),
        (1, "avslutade", "kvinnor"),
        (1, "avslutade", "man"),
    }
    assert masking.counts == (hidden if masked else set())
    assert not masking.outcomes
    assert masking.gender_share(0, "kvinnor") is masked
    assert masking.gender_share(0, "man") is masked
    assert not masking.gender_share(0, "annat")


@pytest.mark.parametrize(("minimum", "active"), [(0, False), (1, False), (2, True)])
def test_a_minimum_below_two_masks_nothing_and_is_kept(minimum: int, active: bool) -> None:
    """A count of 1 is masked at m = 2, the smallest minimum that masks; m = 0 or 1 masks nothing, and the
    masking still records the minimum it was given (the export reports it)."""
    figures = _figures(Insats("A", deltagare=Flows(nya=Count.by_gender(1, 20, 0))), minimum=minimum)
    masking = mask_figures(figures)
    assert masking.minimum == minimum
    assert masking.active is active
    assert masking.count(0, "nya", "kvinnor") is active
