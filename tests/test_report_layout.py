"""The pure report layout: what each sheet holds, computed from the figures, before any writer is involved."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.conftest import per_module_scope
from xlinsats.core.figures import FollowUpFigures, compute_figures
from xlinsats.core.indicators import INDICATORS
from xlinsats.core.model import DIRECTIONS, GOAL_KINDS, Count, Flows, FollowUp, Goal, Insats, Outcomes, Quote
from xlinsats.report.cells import Area
from xlinsats.report.layout import (
    FMT_COUNT,
    FMT_PERCENT,
    FMT_TKR,
    SHEET_FLOWS,
    SHEET_GOALS,
    SHEET_INSATSER,
    Block,
    Cell,
    Chart,
    Report,
    Sheet,
    build_report,
)
from xlinsats.report.xlsx_writer import report_bytes


@pytest.fixture(scope=per_module_scope)
def report(reference_figures: FollowUpFigures) -> Report:
    """The report laid out from the reference figures."""
    return build_report(reference_figures)


def _sheet(report: Report, name: str) -> Sheet:
    return next(sheet for sheet in report.sheets if sheet.name == name)


def _cells(sheet: Sheet) -> Iterator[tuple[int, int, Cell]]:
    for block in sheet.blocks:
        for r, row in enumerate(block.cells):
            for c, cell in enumerate(row):
                yield block.top + r, block.left + c, cell


def _grid(sheet: Sheet) -> dict[tuple[int, int], Cell]:
    return {(row, column): cell for row, column, cell in _cells(sheet)}


def _row_of(sheet: Sheet, text: str, after: int = 0) -> int:
    return next(
        row for row, _, cell in sorted(_cells(sheet), key=lambda x: x[:2]) if row > after and cell.value == text
    )


def _section_start(sheet: Sheet, name: str) -> int:
    return next(
        row for row, column, cell in _cells(sheet) if column == 1 and cell.value == name and cell.style == "xl_title"
    )


def _right_of(sheet: Sheet, label: str, after: int, column: int = 3) -> Cell:
    grid = _grid(sheet)
    return grid[(_row_of(sheet, label, after), column)]


def test_sheets_and_print_setup(report: Report) -> None:
    """Three A4 sheets: goals, flows (landscape) and the insatser with a page break before each but the first."""
    assert [sheet.name for sheet in report.sheets] == [SHEET_GOALS, SHEET_FLOWS, SHEET_INSATSER]
    assert {sheet.page.paper for sheet in report.sheets} == {"A4"}
    assert _sheet(report, SHEET_FLOWS).page.orientation == "landscape"
    insatser = _sheet(report, SHEET_INSATSER)
    starts = [_section_start(insatser, name) for name in ("Lyra", "MIA", "START", "Unga på väg i Salem (UPIS)")]
    assert list(insatser.row_breaks) == [start - 1 for start in starts[1:]]


def test_blocks_do_not_overlap(report: Report) -> None:
    """No cell is written twice, so a bulk write of one block never overwrites another."""
    for sheet in report.sheets:
        seen: set[tuple[int, int]] = set()
        for row, column, _ in _cells(sheet):
            assert (row, column) not in seen, (sheet.name, row, column)
            seen.add((row, column))


def test_goal_table_holds_computed_results_and_grades(report: Report) -> None:
    """Each goal row has its target and computed result as numbers with formats, its grade and the insats grade."""
    goals = _sheet(report, SHEET_GOALS)
    grid = _grid(goals)
    header = _row_of(goals, "Insats")
    assert [grid[(header, c)].value for c in range(1, 7)] == [
        "Insats",
        "Mål",
        "Målvärde",
        "Resultat",
        "Bedömning av målet",
        "Måluppfyllelse¹",
    ]
    upis = _row_of(goals, "UPIS")
    rows = [[grid[(upis + i, c)] for c in range(1, 7)] for i in range(3)]
    assert [r[2].value for r in rows] == [50, 35, 0.85]
    assert [r[3].value for r in rows] == [38, 18, 0.7]
    assert [r[3].number_format for r in rows] == [FMT_COUNT, FMT_COUNT, FMT_PERCENT]
    assert [r[4].value for r in rows] == ["Godtagbart", "Ej godtagbart", "Godtagbart"]
    assert rows[0][5].value == "Godtagbart"
    assert Area(upis, 1, upis + 2, 1) in goals.merges and Area(upis, 6, upis + 2, 6) in goals.merges
    lyra = _row_of(goals, "Lyra")
    assert grid[(lyra, 4)].value == pytest.approx(12 / 17)  # vidare_andel from the data, not the entered 71
    footnote = next(cell.value for _, _, cell in _cells(goals) if str(cell.value).startswith("¹ "))
    assert "tregradig" in str(footnote)


def test_goal_table_notes_a_hand_set_grade_that_differs(reference_figures: FollowUpFigures) -> None:
    """A board's grade that differs from the computed one is stated under the table."""
    followup = reference_figures.followup
    changed = replace(followup, insatser=(replace(followup.insatser[0], publicerad_bedomning="Godtagbart"),))
    goals = _sheet(build_report(compute_figures(changed)), SHEET_GOALS)
    notes = [str(cell.value) for _, _, cell in _cells(goals) if cell.style == "xl_footnote"]
    assert any("fastställd till ”Godtagbart”" in note and "”God”" in note for note in notes)


def test_flow_summary_has_the_eleven_columns_and_a_total(report: Report) -> None:
    """The flow table has the seed's eleven columns, one row per insats and a TOTALT row computed by the core."""
    flows = _sheet(report, SHEET_FLOWS)
    grid = _grid(flows)
    header = _row_of(flows, "Insats")
    assert len([c for c in range(1, 20) if (header, c) in grid]) == 11
    total = _row_of(flows, "TOTALT")
    assert [grid[(total, c)].value for c in range(2, 12)] == [348, 181, 154, 13, 174, 89, 76, 164, 94, 64]
    assert {grid[(total, c)].number_format for c in range(2, 12)} == {FMT_COUNT}
    mia = _row_of(flows, "MIA")
    assert [grid[(mia, c)].value for c in range(2, 12)] == [176, 106, 58, 12, 100, 57, 35, 86, 56, 24]


def test_gender_chart_refers_to_the_flow_table(report: Report) -> None:
    """The bar chart shows women, men and annat/ej angivet per insats from the table's cells, with n in its title."""
    flows = _sheet(report, SHEET_FLOWS)
    (chart,) = flows.charts
    assert chart.kind == "bar" and chart.grouping == "percentStacked"
    assert "(n\u00a0=\u00a0348)" in chart.title
    first = _row_of(flows, "Lyra")
    assert [s.name for s in chart.series] == ["Kvinnor", "Män", "Annat/ej angivet"]
    assert [s.values.area for s in chart.series] == [Area(first, c, first + 3, c) for c in (3, 4, 5)]
    assert {s.categories.formula for s in chart.series} == {f"'{SHEET_FLOWS}'!$A${first}:$A${first + 3}"}


def _pie(sheet: Sheet, section: int) -> Chart:
    return next(chart for chart in sheet.charts if chart.kind == "pie" and chart.anchor[0] > section)


def _pie_values(sheet: Sheet, chart: Chart) -> list[tuple[object, object]]:
    grid = _grid(sheet)
    (series,) = chart.series
    values, categories = series.values.area, series.categories.area
    return [
        (grid[(categories.top + i, categories.left)].value, grid[(values.top + i, values.left)].value)
        for i in range(values.rows)
    ]


def test_key_boxes_and_economy_are_computed(report: Report) -> None:
    """UPIS shows 18 new and 60 % to work or studies; MIA's utilisation is 9 166 / 9 500 and its pie says so."""
    insatser = _sheet(report, SHEET_INSATSER)
    grid = _grid(insatser)
    upis = _section_start(insatser, "Unga på väg i Salem (UPIS)")
    new_label = _row_of(insatser, "nya deltagare", upis)
    assert grid[(new_label - 1, 8)] == Cell(18, "xl_key_value", FMT_COUNT)
    work_label = _row_of(insatser, "gick till arbete eller studier", upis)
    assert grid[(work_label - 1, 8)] == Cell(0.6, "xl_key_value", FMT_PERCENT)

    mia = _section_start(insatser, "MIA")
    utilisation = _right_of(insatser, "Budgetutnyttjande", mia)
    assert utilisation.value == pytest.approx(9166 / 9500) and utilisation.number_format == FMT_PERCENT
    assert _pie_values(insatser, _pie(insatser, mia)) == [("Faktiska kostnader", 9166), ("Outnyttjade medel", 334)]
    assert _right_of(insatser, "Beviljad budget", mia).number_format == FMT_TKR


def test_flow_footnotes_are_numbered_after_the_scale_note(report: Report) -> None:
    """MIA's note is ² and UPIS's ³ (¹ is the grading scale's); Lyra and START need none."""
    insatser = _sheet(report, SHEET_INSATSER)
    notes = [str(cell.value) for _, _, cell in _cells(insatser) if cell.style == "xl_footnote" and cell.value]
    assert [note[:1] for note in notes] == ["²", "³"]
    assert "åtta av de nya deltagarna" in notes[0]
    texts = [str(cell.value) for _, _, cell in _cells(insatser)]
    assert sum(text.endswith("män.²") for text in texts) == 1
    assert sum(text.endswith("män.³") for text in texts) == 1


def _one_insats(reference: FollowUp, **changes: object) -> FollowUpFigures:
    insats: Insats = replace(reference.insatser[0], **changes)  # type: ignore[arg-type]
    return compute_figures(replace(reference, insatser=(insats,)))


def test_an_overrun_is_a_slice_of_its_own_never_negative(reference: FollowUp) -> None:
    """Cost above budget: the pie splits the cost into the budget and the overrun, both positive."""
    report = build_report(_one_insats(reference, budget_tkr=Decimal(2000), kostnad_tkr=Decimal(2300)))
    insatser = _sheet(report, SHEET_INSATSER)
    pie = _pie(insatser, 0)
    assert _pie_values(insatser, pie) == [("Beviljad budget", 2000), ("Överskridande", 300)]
    assert "överskred" in pie.title
    assert _right_of(insatser, "Budgetutnyttjande", 0).value == pytest.approx(1.15)
    numbers = [cell.value for _, _, cell in _cells(insatser) if isinstance(cell.value, int | float)]
    assert min(numbers) >= 0


def test_missing_budget_gives_no_pie_and_dashes(reference: FollowUp) -> None:
    """Without a budget there is no pie; the unknown figures are shown as en dashes."""
    report = build_report(_one_insats(reference, budget_tkr=None))
    insatser = _sheet(report, SHEET_INSATSER)
    assert not [chart for chart in insatser.charts if chart.kind == "pie"]
    assert _right_of(insatser, "Budgetutnyttjande", 0).value == "\u2013"


def test_numbers_in_cells_are_numbers(report: Report) -> None:
    """No cell holds a number as text: every numeric cell has a number format, and no cell value is like "42 %"."""
    # A whole value that reads as a number: "42", "42 %", "1 234", "12,5 %", "-3" (Swedish spacing and comma).
    number_as_text = re.compile(r"^[-\u2212]?\d[\d\u00a0\u202f ]*(,\d+)?[\u00a0 ]?%?$")
    numeric = 0
    for sheet in report.sheets:
        for _, _, cell in _cells(sheet):
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                assert cell.number_format in (FMT_COUNT, FMT_PERCENT, FMT_TKR), cell
                numeric += 1
            elif isinstance(cell.value, str):
                assert not number_as_text.match(cell.value.strip()), cell
    assert numeric > 0  # the reference report has number cells to check


def test_an_empty_follow_up_still_lays_out(reference: FollowUp) -> None:
    """No insatser: the sheets are there, with a TOTALT row of dashes and a sentence, and no charts."""
    report = build_report(compute_figures(replace(reference, insatser=())))
    assert not any(sheet.charts for sheet in report.sheets)
    flows = _grid(_sheet(report, SHEET_FLOWS))
    assert any(cell.value == "TOTALT" for cell in flows.values())


def test_undefined_shares_are_dashes(reference: FollowUp) -> None:
    """An insats with nobody ended has no share to work or studies: the key box shows an en dash, not 0 %."""
    figures = _one_insats(reference, efter_avslut=replace(reference.insatser[0].efter_avslut, arbete_studier=None))
    insatser = _sheet(build_report(figures), SHEET_INSATSER)
    label = _row_of(insatser, "gick till arbete eller studier")
    assert _grid(insatser)[(label - 1, 8)].value == "\u2013"
    assert figures.insatser[0].andelar["arbete_studier_andel"] is None


def test_format_runs_cover_each_block_exactly(report: Report) -> None:
    """The runs a writer formats cover every cell of a block once."""
    for sheet in report.sheets:
        for block in sheet.blocks:
            covered = [
                (row, column)
                for area, _, _ in block.format_runs()
                for row in range(area.top, area.bottom + 1)
                for column in range(area.left, area.right + 1)
            ]
            assert sorted(covered) == sorted(
                (block.top + r, block.left + c) for r in range(block.area.rows) for c in range(block.area.columns)
            )


def test_a_block_must_be_rectangular() -> None:
    """Ragged rows are refused when the layout is built, not discovered by a writer."""
    with pytest.raises(ValueError):
        Block(1, 1, ((Cell(1), Cell(2)), (Cell(3),)))


def test_merges_never_overlap_or_hide_a_value(report: Report) -> None:
    """Merged ranges are disjoint and only their top-left cell holds a value, so a writer may merge blindly."""
    for sheet in report.sheets:
        grid = _grid(sheet)
        covered: set[tuple[int, int]] = set()
        for area in sheet.merges:
            cells = {(r, c) for r in range(area.top, area.bottom + 1) for c in range(area.left, area.right + 1)}
            assert not cells & covered, (sheet.name, area)
            covered |= cells
            hidden = cells - {(area.top, area.left)}
            assert all(grid.get(cell, Cell()).value is None for cell in hidden), (sheet.name, area)


def test_texts_and_rows_stay_within_excels_limits(reference: FollowUp) -> None:
    """A huge description is cut to Excel's 32 767 characters, rows to 409 pt, and "&" in the header is escaped."""
    followup = replace(reference, forbund="A & B")
    figures = _one_insats(followup, beskrivning="ord " * 20_000)
    report = build_report(figures)
    insatser = _sheet(report, SHEET_INSATSER)
    longest = max(len(str(cell.value)) for _, _, cell in _cells(insatser))
    assert longest == 32_767
    assert max(height for _, height in insatser.row_heights) <= 409
    assert insatser.page.header.startswith("A && B")


def test_control_characters_are_shown_not_dropped(reference: FollowUp) -> None:
    """A control character a workbook cannot hold becomes U+FFFD, so the reader sees something was there."""
    report = build_report(_one_insats(reference, agare="Kommun\x1bX"))
    values = [cell.value for _, _, cell in _cells(_sheet(report, SHEET_INSATSER))]
    assert "Kommun\ufffdX" in values


_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
) | st.sampled_from(["=1+1", "+A1", "-1", "@x", "\t=x", "\r=x", "", "&P"])
_maybe_count = st.none() | st.integers(0, 500)
_counts = st.none() | st.builds(Count, _maybe_count, _maybe_count, _maybe_count, st.none() | st.integers(0, 900))
_money = st.none() | st.decimals(min_value=0, max_value=100_000, places=1, allow_nan=False, allow_infinity=False)


@st.composite
def _insatser(draw: st.DrawFn) -> Insats:
    goals = draw(
        st.lists(
            st.builds(
                Goal,
                text=_texts,
                typ=st.sampled_from(GOAL_KINDS),
                riktning=st.sampled_from(DIRECTIONS),
                malvarde=st.decimals(min_value=0, max_value=200, places=1, allow_nan=False, allow_infinity=False),
                indikator=st.none() | st.sampled_from(sorted(INDICATORS)),
                utfall=st.none() | st.decimals(min_value=0, max_value=200, places=0),
            ),
            max_size=4,
        )
    )
    return Insats(
        namn=draw(_texts) or "x",
        agare=draw(_texts),
        malgrupp=draw(_texts),
        beskrivning=draw(_texts),
        budget_tkr=draw(_money),
        kostnad_tkr=draw(_money),
        avvikelse_forklaring=draw(_texts),
        framgangar=tuple(draw(st.lists(_texts, max_size=3))),
        citat=tuple(draw(st.lists(st.builds(Quote, _texts, _texts), max_size=2))),
        deltagare=Flows(draw(_counts), draw(_counts), draw(_counts)),
        efter_avslut=Outcomes(
            arbete_studier=draw(_counts),
            annan_insats=draw(_counts),
            ettars_svarande=draw(_counts),
            ettars_sjalvforsorjande=draw(_counts),
            anstallda=draw(_counts),
            behallit_anstallning_12_man=draw(_counts),
            efterstod=draw(_counts),
        ),
        mal=tuple(goals),
    )


@settings(max_examples=30, deadline=None)
@given(st.lists(_insatser(), max_size=4))
def test_any_follow_up_lays_out_and_writes(insatser: list[Insats]) -> None:
    """Random and hostile data always give a report: no overlap, no negative number, a readable .xlsx."""
    report = build_report(compute_figures(FollowUp("Förbund", 2024, tuple(insatser))))
    for sheet in report.sheets:
        seen: set[tuple[int, int]] = set()
        for row, column, cell in _cells(sheet):
            assert (row, column) not in seen
            seen.add((row, column))
            if isinstance(cell.value, int | float):
                assert cell.value >= 0 and cell.value == cell.value  # not negative, not NaN
        for chart in sheet.charts:
            grid = _grid(sheet)
            for series in chart.series:
                area = series.values.area
                values = [grid[(r, area.left)].value for r in range(area.top, area.bottom + 1)]
                # An unknown count in the flow table is an en dash, which a bar chart leaves as a gap.
                allowed = ("\u2013",) if chart.kind == "bar" else ()
                assert all(v in allowed or (isinstance(v, int | float) and v >= 0) for v in values), values
    workbook = load_workbook(io.BytesIO(report_bytes(report)))
    assert [ws.title for ws in workbook.worksheets] == [sheet.name for sheet in report.sheets]
