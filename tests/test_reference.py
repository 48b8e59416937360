"""The 2022 reference data reproduces every figure the seed report publishes that follows from its data.

Each published figure is listed with where it stands in the seed. Figures that no count in the data can
produce are asserted at their computed value, and the contradiction is named.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from tests.conftest import per_module_scope
from xlinsats.core.figures import FollowUpFigures, InsatsFigures
from xlinsats.core.indicators import gender_distribution
from xlinsats.core.numbers import round_half_away


def _insats(figures: FollowUpFigures, name: str) -> InsatsFigures:
    return next(i for i in figures.insatser if i.insats.visningsnamn == name)


def _pct(value: Fraction | None) -> Decimal:
    assert value is not None
    return round_half_away(value * 100)


# (insats, flow, total, women %, men %) as published in the "Deltagarflöden" sentences.
FLOW_SENTENCES = [
    ("Lyra", "nya", 26, 42, 58),
    ("Lyra", "aktuella", 38, 50, 50),
    ("Lyra", "avslutade", 17, 65, 35),
    ("MIA", "nya", 100, 57, 35),
    ("MIA", "aktuella", 176, 60, 33),
    ("MIA", "avslutade", 86, 65, 28),
    ("START", "nya", 30, 47, 53),
    ("START", "aktuella", 96, 43, 57),
    ("START", "avslutade", 41, 44, 56),
    ("UPIS", "nya", 18, 39, 56),
    ("UPIS", "aktuella", 38, 39, 58),
    ("UPIS", "avslutade", 20, 45, 55),
]


@pytest.mark.parametrize(("name", "flow", "total", "women", "men"), FLOW_SENTENCES)
def test_flow_sentences_match_the_seed(reference_figures, name, flow, total, women, men) -> None:  # type: ignore[no-untyped-def]
    """Each published flow total and gender share follows from the counts."""
    count = _insats(reference_figures, name).insats.deltagare.get(flow)
    assert count is not None and count.totalt == total
    assert _pct(gender_distribution(count, "kvinnor")) == women
    assert _pct(gender_distribution(count, "man")) == men


def test_flow_summary_table_and_totals_match_the_seed(reference_figures) -> None:  # type: ignore[no-untyped-def]
    """The eleven-column flow summary, TOTALT row included, and the chart's n = 348."""
    published = {
        "Lyra": (38, 19, 19, 0, 26, 11, 15, 17, 11, 6),
        "MIA": (176, 106, 58, 12, 100, 57, 35, 86, 56, 24),
        "START": (96, 41, 55, 0, 30, 14, 16, 41, 18, 23),
        "UPIS": (38, 15, 22, 1, 18, 7, 10, 20, 9, 11),
    }
    for name, row in published.items():
        flows = _insats(reference_figures, name).insats.deltagare
        a, n, e = flows.aktuella, flows.nya, flows.avslutade
        assert a and n and e
        assert (
            a.totalt,
            a.kvinnor,
            a.man,
            a.annat,
            n.totalt,
            n.kvinnor,
            n.man,
            e.totalt,
            e.kvinnor,
            e.man,
        ) == row
    total = reference_figures.totalt
    a, n, e = total["aktuella"], total["nya"], total["avslutade"]
    assert a and n and e
    assert (a.totalt, a.kvinnor, a.man, a.annat, n.totalt, n.kvinnor, n.man, e.totalt, e.kvinnor, e.man) == (
        348,
        181,
        154,
        13,
        174,
        89,
        76,
        164,
        94,
        64,
    )


def test_grades_match_the_seed(reference_figures) -> None:  # type: ignore[no-untyped-def]
    """Every published insats grade is the computed one."""
    grades = {i.insats.visningsnamn: i.bedomning for i in reference_figures.insatser}
    assert grades == {"Lyra": "God", "MIA": "God", "START": "God", "UPIS": "Godtagbart"}
    for insats in reference_figures.insatser:
        assert insats.bedomning == insats.insats.publicerad_bedomning


def test_goal_results_match_the_seed(reference_figures) -> None:  # type: ignore[no-untyped-def]
    """The goal table's results, rounded for display, are the published ones."""
    results = {
        name: [round_half_away(goal.utfall) for goal in _insats(reference_figures, name).mal if goal.utfall is not None]
        for name in ("Lyra", "MIA", "START", "UPIS")
    }
    assert results == {
        "Lyra": [71, 45, 26, 17],
        "MIA": [26, 36, 100],
        "START": [71, 86, 30],
        "UPIS": [38, 18, 70],
    }
    assert _insats(reference_figures, "UPIS").insats.efter_avslut.efterstod.totalt == 10  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "share", "published"),
    [
        ("Lyra", "arbete_studier_andel", 53),
        ("Lyra", "vidare_andel", 71),
        ("Lyra", "sjalvforsorjande_andel", 45),
        ("MIA", "arbete_studier_andel", 26),
        ("MIA", "annan_insats_andel", 36),
        ("START", "arbete_studier_andel", 71),
        ("START", "behallit_anstallning_andel", 86),
        ("UPIS", "vidare_andel", 70),
    ],
)
def test_outcome_shares_match_the_seed(reference_figures, name, share, published) -> None:  # type: ignore[no-untyped-def]
    """Each published outcome share that the data supports is reproduced."""
    assert _pct(_insats(reference_figures, name).andelar[share]) == published


@pytest.mark.parametrize(("name", "women", "men"), [("Lyra", 55, 50), ("MIA", 30, 13), ("START", 83, 61)])
def test_outcome_gender_shares_match_the_seed(reference_figures, name, women, men) -> None:  # type: ignore[no-untyped-def]
    """Shares of women and men who went on to work or studies; MIA's men 3/24 = 12.5 % rounds half up to 13."""
    by_gender = _insats(reference_figures, name).arbete_studier_kon
    assert _pct(by_gender["kvinnor"]) == women
    assert _pct(by_gender["man"]) == men


# The same shares as exact fractions, worked by hand from the 2022 counts (to work or studies / ended).
GENDER_SHARE_FRACTIONS = [
    ("Lyra", Fraction(6, 11), Fraction(3, 6)),
    ("MIA", Fraction(17, 56), Fraction(3, 24)),
    ("UPIS", Fraction(5, 9), Fraction(7, 11)),
]


@pytest.mark.parametrize(("name", "women", "men"), GENDER_SHARE_FRACTIONS)
def test_outcome_gender_shares_are_the_exact_fractions(reference_figures, name, women, men) -> None:  # type: ignore[no-untyped-def]
    """The computed gender shares are exactly the counts' fractions, e.g. MIA's men 3 of 24, not a rounded value."""
    by_gender = _insats(reference_figures, name).arbete_studier_kon
    assert (by_gender["kvinnor"], by_gender["man"]) == (women, men)


@pytest.mark.parametrize(("name", "cost_pct", "unused_pct"), [("Lyra", 82, 18), ("START", 100, 0), ("UPIS", 98, 2)])
def test_budget_pies_match_the_seed(reference_figures, name, cost_pct, unused_pct) -> None:  # type: ignore[no-untyped-def]
    """The pie charts' shares of actual cost and unused funds, where the seed is consistent."""
    insats = _insats(reference_figures, name)
    assert _pct(insats.budgetutnyttjande) == cost_pct
    assert insats.insats.budget_tkr is not None and insats.outnyttjat_tkr is not None
    assert _pct(Fraction(insats.outnyttjat_tkr) / Fraction(insats.insats.budget_tkr)) == unused_pct


def test_key_figure_boxes_match_the_seed_where_consistent(reference_figures) -> None:  # type: ignore[no-untyped-def]
    """Key-figure boxes: new participants and share in work or studies (Lyra, MIA, START)."""
    for name, new, work in (("Lyra", 26, 53), ("MIA", 100, 26), ("START", 30, 71)):
        insats = _insats(reference_figures, name)
        assert insats.insats.deltagare.nya is not None and insats.insats.deltagare.nya.totalt == new
        assert _pct(insats.andelar["arbete_studier_andel"]) == work


# --- contradictions in the seed: the computed value stands, the published one cannot -------------------


def test_contradiction_mia_pie_says_87_percent_but_budget_gives_96(reference_figures) -> None:  # type: ignore[no-untyped-def]
    """MIA's pie shows 87 % / 13 %, but its own figures (9 166 of 9 500 tkr) give 96 % / 4 %."""
    mia = _insats(reference_figures, "MIA")
    assert mia.budgetutnyttjande == Fraction(9166, 9500)
    assert _pct(mia.budgetutnyttjande) == 96
    assert mia.outnyttjat_tkr == 334
    assert mia.insats.budget_tkr is not None
    assert _pct(Fraction(mia.outnyttjat_tkr) / Fraction(mia.insats.budget_tkr)) == 4


def test_contradiction_upis_key_box_says_26_new_but_table_says_18(reference_figures) -> None:  # type: ignore[no-untyped-def]
    """UPIS's key-figure box shows 26 new participants (copied from Lyra); its flow table says 18."""
    upis = _insats(reference_figures, "UPIS")
    assert upis.insats.deltagare.nya is not None and upis.insats.deltagare.nya.totalt == 18
    assert upis.insats.deltagare.nya.part("kvinnor") == 7 and upis.insats.deltagare.nya.part("man") == 10
    # The key-figure box of the report is drawn from the same count: 18, never Lyra's 26.
    from xlinsats.report.layout import SHEET_INSATSER, build_report

    sheet = next(sheet for sheet in build_report(reference_figures).sheets if sheet.name == SHEET_INSATSER)
    rows = [[cell.value for cell in row] for block in sheet.blocks for row in block.cells]
    # Each box is a value row above its label row; the label "nya deltagare" names the new participants' box.
    new_per_insats = [rows[i - 1][0] for i, row in enumerate(rows) if row[0] == "nya deltagare"]
    assert new_per_insats == [26, 100, 30, 18]


def test_contradiction_upis_62_percent_is_unreachable_from_20_ended(reference_figures) -> None:  # type: ignore[no-untyped-def]
    """UPIS publishes 62 % to work or studies (60 % of 9 women, 63 % of 11 men): no count of 20, 9 or 11 gives those.

    The data gives 12 of 20 = 60 %, 5 of 9 women = 56 %, 7 of 11 men = 64 %.
    """
    assert all(_pct(Fraction(k, 20)) != 62 for k in range(21))
    assert all(_pct(Fraction(k, 9)) != 60 for k in range(10))
    assert all(_pct(Fraction(k, 11)) != 63 for k in range(12))
    upis = _insats(reference_figures, "UPIS")
    ended, work = upis.insats.deltagare.avslutade, upis.insats.efter_avslut.arbete_studier
    assert ended is not None and work is not None
    assert (ended.totalt, ended.part("kvinnor"), ended.part("man")) == (20, 9, 11)
    assert (work.totalt, work.part("kvinnor"), work.part("man")) == (12, 5, 7)
    assert upis.andelar["arbete_studier_andel"] == Fraction(12, 20)
    assert _pct(upis.andelar["arbete_studier_andel"]) == 60
    assert _pct(upis.arbete_studier_kon["kvinnor"]) == 56
    assert _pct(upis.arbete_studier_kon["man"]) == 64


def test_contradiction_mia_repeats_lyras_71_and_45_percent(reference_figures) -> None:  # type: ignore[no-untyped-def]
    """MIA's page repeats Lyra's "71 %" onward and "45 %" self-sufficient; MIA's own data gives 62 % and no basis.

    (22 + 31) of 86 ended went on to work, studies or another activity; MIA has no one-year follow-up counts.
    """
    mia = _insats(reference_figures, "MIA")
    assert _pct(mia.andelar["vidare_andel"]) == 62
    assert mia.andelar["sjalvforsorjande_andel"] is None


# --- the same figures in the written report ------------------------------------------------------------

NBSP = r"\xa0"  # the dump shows cell texts as Python literals


@pytest.fixture(scope=per_module_scope)
def report_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The report built from the committed example workbook, as the readable dump of the written file."""
    from tests.conftest import ROOT
    from xlinsats.core.figures import compute_figures
    from xlinsats.report.dump import dump_workbook
    from xlinsats.report.layout import build_report
    from xlinsats.report.xlsx_writer import write_report
    from xlinsats.workbook.reader import read_workbook

    result = read_workbook(ROOT / "workbook" / "Uppfoljning.xlsm")
    assert result.followup is not None and not result.has_errors
    out = tmp_path_factory.mktemp("reference") / "rapport.xlsx"
    write_report(build_report(compute_figures(result.followup)), out)
    return dump_workbook(out)


@pytest.mark.parametrize(("name", "flow", "total", "women", "men"), FLOW_SENTENCES)
def test_report_states_the_published_flow_shares(report_text, name, flow, total, women, men) -> None:  # type: ignore[no-untyped-def]
    """Every published flow sentence appears whole in the report: its total and gender shares, in Swedish style."""
    starts = {
        "nya": f"Under året skrevs {total} nya deltagare in",
        "aktuella": f"Totalt var {total} deltagare inskrivna under året",
        "avslutade": f"Insatsen avslutades av {total} deltagare",
    }
    assert f"{starts[flow]}, varav {women}{NBSP}% kvinnor och {men}{NBSP}% män." in report_text


def test_report_states_corrected_figures_not_the_seeds_contradictions(report_text) -> None:  # type: ignore[no-untyped-def]
    """The report gives MIA 96 % budget use, UPIS 60 % (56 % / 64 %) to work or studies; never 87 % or 62 %."""
    assert f"budgetutnyttjande på 96{NBSP}%" in report_text
    assert f"gick 60{NBSP}% till arbete eller studier (56{NBSP}% av kvinnorna och 64{NBSP}% av männen)" in report_text
    assert f"87{NBSP}%" not in report_text
    assert f"gick 62{NBSP}% till arbete eller studier" not in report_text  # MIA's 62 % onward is its own figure
    assert f"2{NBSP}450{NBSP}tkr" in report_text and f"9{NBSP}166{NBSP}tkr" in report_text
