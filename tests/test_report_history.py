"""The report's "Utveckling" part: three years built by new-year twice, shown in the grid and in Word, masked."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import docx
import pytest

from tests.conftest import per_module_scope
from xlinsats.core.figures import compute_figures
from xlinsats.core.model import Count, Flows, FollowUp, Insats, Privacy, YearFigures
from xlinsats.core.new_year import start_next_year
from xlinsats.core.privacy import MASK_SYMBOL
from xlinsats.report.docx_writer import document_bytes
from xlinsats.report.layout import SHEET_DEVELOPMENT, layout_report
from xlinsats.report.model import ReportModel, build_model


def _filled(following: FollowUp, source: FollowUp, cost_factor: Decimal) -> FollowUp:
    """Return next year's follow-up with each insats's counts, money and goals of ``source`` filled in again."""
    insatser = tuple(
        replace(
            new,
            deltagare=old.deltagare,
            efter_avslut=old.efter_avslut,
            budget_tkr=old.budget_tkr,
            kostnad_tkr=None if old.kostnad_tkr is None else old.kostnad_tkr * cost_factor,
            mal=old.mal,
        )
        for new, old in zip(following.insatser, source.insatser, strict=True)
    )
    return replace(following, insatser=insatser)


@pytest.fixture(scope=per_module_scope)
def three_years(reference: FollowUp) -> FollowUp:
    """2024 after two new-years from the 2022 example, 2023 and 2024 filled with 2022's counts (costs 90 %, 110 %)."""
    year_2023 = _filled(start_next_year(reference), reference, Decimal("0.9"))
    return _filled(start_next_year(year_2023), reference, Decimal("1.1"))


@pytest.fixture(scope=per_module_scope)
def model(three_years: FollowUp) -> ReportModel:
    """The 2024 report model."""
    return build_model(compute_figures(three_years))


def test_each_insats_shows_its_three_years(model: ReportModel) -> None:
    """Lyra: 2022, 2023 and 2024 with 38/26/17 participants, 53 % and 71 % onward, utilisation 82 %, 74 %, 90 %."""
    lyra = model.insatser[0].development
    assert lyra is not None and model.has_development
    assert lyra.years == (2022, 2023, 2024)
    texts = [[value.text for value in values] for _, values, _ in lyra.rows]
    assert texts[0] == ["38", "26", "17", "53\u00a0%", "71\u00a0%", "82\u00a0%"]
    assert [row[-1] for row in texts] == ["82\u00a0%", "74\u00a0%", "90\u00a0%"]
    assert lyra.grades == ("God", "God", "God")
    assert lyra.header[-1] == "Måluppfyllelse"


def test_shares_are_set_against_the_goal_of_each_year(model: ReportModel) -> None:
    """Lyra's goal "minst 50 %" on going onward is that share's goal every year; it has no goal on work alone."""
    lyra = model.insatser[0].development
    assert lyra is not None
    work, onward = lyra.trends
    assert work.label == "Till arbete eller studier" and work.goals == (None, None, None)
    assert [goal.text if goal else None for goal in onward.goals] == ["50\u00a0%"] * 3
    assert [value.text for value in onward.values] == ["71\u00a0%"] * 3
    assert "(mål 50\u00a0%)" in lyra.description
    assert "Måluppfyllelse: 2022 God, 2023 God, 2024 God." in lyra.description


def test_the_grid_has_an_utveckling_sheet_with_table_and_chart(model: ReportModel) -> None:
    """The grid gets the sheet "Utveckling": per insats a year table, its chart data and a native chart."""
    report = layout_report(model)
    assert [sheet.name for sheet in report.sheets][-1] == SHEET_DEVELOPMENT
    sheet = report.sheets[-1]
    values = [cell.value for block in sheet.blocks for row in block.cells for cell in row]
    assert values.count(2022) == 4 and "2024 (God)" in values
    assert len(sheet.charts) == 4
    assert all(series.values.sheet == SHEET_DEVELOPMENT for chart in sheet.charts for series in chart.series)


def test_the_word_report_shows_the_years(model: ReportModel) -> None:
    """Word: a Heading 3 "Utveckling" per insats, a table row per year, and the chart picture with its figures."""
    document = docx.Document(io.BytesIO(document_bytes(model)))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 3"]
    assert headings.count("Utveckling") == 4
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["2022", "38", "26", "17", "53\u00a0%", "71\u00a0%", "82\u00a0%", "God"] in rows
    descriptions = [element.get("descr") or "" for element in document.element.body.iter()]
    assert any(text.startswith("Till arbete eller studier: 2022 53\u00a0%") for text in descriptions)


def test_an_insats_new_this_year_says_so(three_years: FollowUp) -> None:
    """An insats added in 2024 has no earlier year: its part says it is new, with no table."""
    new = Insats("Nystart", deltagare=Flows(aktuella=Count.plain(12)))
    model = build_model(compute_figures(replace(three_years, insatser=(*three_years.insatser, new))))
    development = model.insatser[-1].development
    assert development is not None and development.rows == ()
    assert development.notes == (
        "Insatsen är ny för 2024: den finns inte med i tidigare års uppföljning, så det finns inget att jämföra med.",
    )


def test_the_example_without_history_has_no_utveckling(reference: FollowUp) -> None:
    """The 2022 example has no earlier year, so neither grid nor model has the part (its dump stays the same)."""
    model = build_model(compute_figures(reference))
    assert not model.has_development
    assert SHEET_DEVELOPMENT not in [sheet.name for sheet in layout_report(model).sheets]


def test_history_is_held_to_this_years_minimum(three_years: FollowUp) -> None:
    """A 2022 of 4 ended participants (published then, with no minimum) is ".." under 2024's minimum of 5, and so
    are the shares over them; a figure withheld in its own year stays ".."."""
    lyra = three_years.insatser[0]
    small = YearFigures(
        2022,
        deltagare={"aktuella": 30, "nya": None, "avslutade": 4},
        andelar={"arbete_studier_andel": Decimal(50), "vidare_andel": Decimal(75)},
        budgetutnyttjande=Decimal(90),
        bedomning="God",
        maskerade=("nya",),
    )
    history = (small, *lyra.historik[1:])
    followup = replace(three_years, insatser=(replace(lyra, historik=history),), sekretess=Privacy(5))
    development = build_model(compute_figures(followup)).insatser[0].development
    assert development is not None
    first = [value.text for value in development.rows[0][1]]
    assert first == ["30", MASK_SYMBOL, MASK_SYMBOL, MASK_SYMBOL, MASK_SYMBOL, "90\u00a0%"]
    assert all(value.number is None for value in development.rows[0][1] if value.masked)
    assert any(note.startswith("Antal under 5") for note in development.notes)


def test_a_share_whose_count_is_small_under_this_years_minimum_is_masked(three_years: FollowUp) -> None:
    """10 % of 30 ended is 3 people: published in 2022 with no minimum, masked in 2024 at a minimum of 5."""
    lyra = three_years.insatser[0]
    year = YearFigures(2022, deltagare={"avslutade": 30}, andelar={"arbete_studier_andel": Decimal(10)})
    followup = replace(three_years, insatser=(replace(lyra, historik=(year,)),), sekretess=Privacy(5))
    development = build_model(compute_figures(followup)).insatser[0].development
    assert development is not None
    assert [value.text for value in development.rows[0][1]][2:4] == ["30", MASK_SYMBOL]
