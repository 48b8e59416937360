"""One shared suite for both report writers, and the live writer's own promises (prefix, bulk, atomic swap).

The file writer (XlsxWriter) runs for real. The live writer (xlwings) runs against ``tests/live_fake.py``, an
in-memory stand-in for the xlwings Book API kept in a real openpyxl workbook: xlwings' own engine for
books given as data (the "remote" engine of xlwings Server and Lite) is part of xlwings PRO and needs a
licence key, and there is no Excel here. Both results are dumped with ``report.dump`` and compared with the
same reviewed dump, tests/expected/report-2022.txt.

These tests prove that the live writer makes the calls that put the layout's values, number formats,
fonts, fills, alignment, borders, merges, sizes, charts and print set-up into a workbook; that it writes
each block in one assignment; that texts are typed so Excel cannot read them as formulas; that the old
report survives any failure mid-way; and that the ribbon's "Bygg rapport" runs end to end on a real
workbook file. They do not prove how real Excel (COM or Office.js) accepts and renders those calls: the
look of the sheets and charts, text wrapping, printing, speed. docs/excel-acceptance.md lists what a person
must confirm in Excel.
"""

from __future__ import annotations

import inspect
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import xlwings
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from tests.live_fake import XLWINGS_SIGNATURES, XLWINGS_SURFACE, FakeBook, FakeComError
from tests.test_report_xlsx import HOSTILE, _hostile_followup
from xlinsats import ribbon
from xlinsats.core.figures import FollowUpFigures, compute_figures
from xlinsats.core.model import FollowUp
from xlinsats.report.cells import Area
from xlinsats.report.dump import cell_look, dump_worksheet
from xlinsats.report.layout import Report, build_report, with_sheet_prefix
from xlinsats.report.live_desktop import ComDetails
from xlinsats.report.live_writer import (
    BUILDING_MARK,
    REPORT_PREFIX,
    RETIRED_MARK,
    SHEET_PREFIX,
    _column_width_points,
    _merge_groups,
    write_live_report,
)
from xlinsats.report.xlsx_writer import write_report
from xlinsats.workbook.schema import DELTAGARE
from xlinsats.workbook.writer import build_workbook
from xlinsats.xlsm import save_xlsm

EXPECTED = Path(__file__).parent / "expected" / "report-2022.txt"
LAYOUT_SHEETS = ("Måluppfyllelse", "Deltagarflöden", "Insatser")
INPUT_SHEETS = ("Insatser", "Deltagare")


@dataclass(frozen=True)
class Written:
    """A report written by one writer: the workbook file and the names of its report sheets."""

    path: Path
    sheets: tuple[str, ...]
    prefix: str


def _write_file(report: Report, folder: Path) -> Written:
    path = folder / "rapport.xlsx"
    write_report(report, path)
    return Written(path, tuple(sheet.name for sheet in report.sheets), "")


def _write_live(report: Report, folder: Path) -> Written:
    # A workbook that already has input sheets, one of them named like a report sheet.
    book = FakeBook(sheet_names=INPUT_SHEETS)
    names = write_live_report(report, book, desktop=ComDetails())
    path = folder / "live.xlsx"
    book.save(path)
    return Written(path, tuple(names), SHEET_PREFIX)


WRITERS: dict[str, Callable[[Report, Path], Written]] = {"xlsx": _write_file, "live": _write_live}


@pytest.fixture(params=sorted(WRITERS))
def write(request: pytest.FixtureRequest) -> Callable[[Report, Path], Written]:
    """Each writer in turn: the XlsxWriter file writer and the live xlwings writer."""
    return WRITERS[request.param]


# --- a dump both writers can be compared by --------------------------------------------------------------

_CELL_LINE = re.compile(r"^(  [A-Z]+\d+) \[([^\]]+)\](.*)$")


def resolved_expected(text: str) -> str:
    """Return the reviewed dump with each cell's style name replaced by what the style looks like."""
    styles: dict[str, str] = {}
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("style "):
            name, _, look = line.removeprefix("style ").partition(": ")
            styles[name] = look
            continue
        match = _CELL_LINE.match(line)
        if match:
            line = f"{match.group(1)} [{styles[match.group(2)]}]{match.group(3).replace(' quoted', '')}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def resolved_dump(written: Written) -> str:
    """Return the dump of the written report sheets, each cell described by its look, the prefix taken off.

    A live writer cannot create Excel's named styles through xlwings, so it formats cells directly, and it
    types every text with a quote prefix; the comparison is therefore by look, not by style name or prefix.
    """
    workbook = load_workbook(written.path)
    lines: list[str] = []
    for name in written.sheets:
        ws = workbook[name]
        for line in dump_worksheet(ws):
            match = _CELL_LINE.match(line)
            if match:
                cell = ws[match.group(1).strip()]
                look = cell_look(cell.font, cell.fill, cell.alignment, cell.border)
                line = f"{match.group(1)} [{look}]{match.group(3).replace(' quoted', '')}"
            if written.prefix:
                line = line.replace(f"sheet '{written.prefix}", "sheet '").replace(f"'{written.prefix}", "'")
            lines.append(line)
    return "\n".join(lines) + "\n"


# --- the shared suite ---------------------------------------------------------------------------------------


def test_report_matches_the_reviewed_dump(
    write: Callable[[Report, Path], Written], reference_figures: FollowUpFigures, tmp_path: Path
) -> None:
    """Values, number formats, cell looks, merges, sizes, print set-up and chart series equal the reviewed dump."""
    written = write(build_report(reference_figures), tmp_path)
    assert resolved_dump(written) == resolved_expected(EXPECTED.read_text(encoding="utf-8"))


def test_text_that_looks_like_a_formula_stays_text(
    write: Callable[[Report, Path], Written], reference: FollowUp, tmp_path: Path
) -> None:
    """Every text from the data that starts with =, +, -, @, tab or CR is stored as text, and no formula at all."""
    written = write(build_report(compute_figures(_hostile_followup(reference))), tmp_path)
    workbook = load_workbook(written.path)
    # XML reading turns a raw carriage return into a line feed; XlsxWriter escapes it as _x000D_, which Excel
    # reads back as the carriage return (openpyxl leaves the escape, so the test unescapes it).
    hostile = {text.replace("\r", "\n"): text for text in HOSTILE} | {text: text for text in HOSTILE}
    found: set[str] = set()
    for name in written.sheets:
        for row in workbook[name].iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{name}!{cell.coordinate} became a formula: {cell.value!r}"
                text = unescape(cell.value) if isinstance(cell.value, str) else None
                if text in hostile:
                    assert cell.data_type == "s"
                    found.add(hostile[text])
    assert found == set(HOSTILE)


def test_charts_are_native_and_refer_to_the_report_sheets(
    write: Callable[[Report, Path], Written], reference_figures: FollowUpFigures, tmp_path: Path
) -> None:
    """One native bar chart and one pie per insats, each series referring to a report sheet by its name."""
    written = write(build_report(reference_figures), tmp_path)
    with zipfile.ZipFile(written.path) as package:
        charts = [package.read(n).decode() for n in package.namelist() if n.startswith("xl/charts/chart")]
    assert sum(bool(re.search(r"<(c:)?barChart>", chart)) for chart in charts) == 1
    assert sum(bool(re.search(r"<(c:)?pieChart>", chart)) for chart in charts) == 4
    quoted = tuple("'" + name + "'!" for name in written.sheets)
    for chart in charts:
        references = re.findall(r"<(?:c:)?f>([^<]*)</(?:c:)?f>", chart)
        assert references and all(ref.startswith(quoted) for ref in references), references


def test_every_sheet_prints_on_a4_with_breaks_per_insats(
    write: Callable[[Report, Path], Written], reference_figures: FollowUpFigures, tmp_path: Path
) -> None:
    """Every report sheet asks for A4, one page wide, and the insatser sheet breaks before each insats."""
    written = write(build_report(reference_figures), tmp_path)
    workbook = load_workbook(written.path)
    for name in written.sheets:
        assert workbook[name].page_setup.paperSize == 9
        # XlsxWriter leaves out fitToWidth="1", the schema's default (CT_PageSetup fitToWidth default 1).
        assert workbook[name].page_setup.fitToWidth in (None, 1)
    assert len(workbook[written.sheets[-1]].row_breaks.brk) == len(reference_figures.insatser) - 1


# --- the live writer's own promises ---------------------------------------------------------------------


def test_report_sheets_are_prefixed_and_input_sheets_untouched(reference_figures: FollowUpFigures) -> None:
    """The report goes into "Rapport …" sheets after the input sheets, which keep their names and contents."""
    book = FakeBook(sheet_names=INPUT_SHEETS)
    book.workbook["Insatser"]["A1"] = "indata"
    names = write_live_report(build_report(reference_figures), book, desktop=ComDetails())
    assert names == ["Rapport Måluppfyllelse", "Rapport Deltagarflöden", "Rapport Insatser"]
    assert [sheet.name for sheet in book.sheets] == [*INPUT_SHEETS, *names]
    assert book.workbook["Insatser"]["A1"].value == "indata"
    assert book.workbook["Insatser"].max_row == 1
    assert book.workbook.active.title == names[0]
    assert SHEET_PREFIX.startswith(ribbon.REPORT_PREFIX) and ribbon.REPORT_PREFIX == REPORT_PREFIX


def test_sheet_prefix_renames_sheets_and_chart_references(reference_figures: FollowUpFigures) -> None:
    """with_sheet_prefix renames every sheet and chart reference, keeps Excel's limits, and "" changes nothing."""
    report = build_report(reference_figures)
    assert with_sheet_prefix(report, "") is report
    prefixed = with_sheet_prefix(report, SHEET_PREFIX)
    assert [sheet.name for sheet in prefixed.sheets] == [SHEET_PREFIX + name for name in LAYOUT_SHEETS]
    refs = [
        ref
        for sheet in prefixed.sheets
        for chart in sheet.charts
        for s in chart.series
        for ref in (s.values, s.categories)
    ]
    assert refs and all(ref.sheet.startswith(SHEET_PREFIX) for ref in refs)
    assert all(ref.formula.startswith("'Rapport ") for ref in refs)
    with pytest.raises(ValueError, match="31"):
        with_sheet_prefix(report, "En alldeles för lång rubrik ")
    with pytest.raises(ValueError, match="bladnamn"):
        with_sheet_prefix(report, "Rapport/")


def test_each_block_is_written_in_one_assignment(reference_figures: FollowUpFigures) -> None:
    """The live writer assigns values once per layout block, never cell by cell."""
    report = build_report(reference_figures)
    book = FakeBook()
    write_live_report(report, book, desktop=ComDetails())
    assert book.value_writes == sum(len(sheet.blocks) for sheet in report.sheets)


def test_formats_merges_and_heights_go_in_stacks(reference_figures: FollowUpFigures) -> None:
    """Stacked runs, one-row merges and equal heights are joined, so Excel gets far fewer calls than cells."""
    report = build_report(reference_figures)
    book = FakeBook()
    write_live_report(report, book, desktop=ComDetails())
    runs = sum(len(block.format_runs()) for sheet in report.sheets for block in sheet.blocks)
    merges = sum(len(sheet.merges) for sheet in report.sheets)
    heights = sum(len(sheet.row_heights) for sheet in report.sheets)
    counts = book.recorder.counts
    assert counts["font.set"] < runs * 0.6
    assert counts["range.merge"] < merges * 0.5
    assert counts["range.row_height"] < heights * 0.8


def test_merge_groups_join_only_one_row_merges_of_the_same_columns() -> None:
    """Row merges of A:F on rows 5-7 become one across-merge; H:I beside them and a block merge stay apart."""
    areas = [Area(5, 1, 5, 6), Area(5, 8, 5, 9), Area(6, 1, 6, 6), Area(7, 1, 7, 6), Area(8, 1, 10, 1)]
    assert _merge_groups(areas) == [
        (Area(5, 1, 7, 6), True),
        (Area(5, 8, 5, 9), False),
        (Area(8, 1, 10, 1), False),
    ]


def _report_dump(book: FakeBook, folder: Path, names: tuple[str, ...]) -> str:
    path = folder / "book.xlsx"
    book.save(path)
    return resolved_dump(Written(path, names, SHEET_PREFIX))


@pytest.mark.parametrize(
    ("operation", "nth"),
    [
        ("sheets.add", 2),  # the second new sheet cannot be added
        ("range.value", 9),  # a block in the middle of the first sheet
        ("charts.add", 3),  # a pie chart on the last sheet
        ("HPageBreaks.Add", 2),  # the print set-up of the last sheet
        ("sheet.name", 2),  # while the old report is being set aside
        ("sheet.name", 5),  # while the new sheets take their names
    ],
)
def test_a_failure_midway_leaves_the_old_report(
    reference: FollowUp, reference_figures: FollowUpFigures, tmp_path: Path, operation: str, nth: int
) -> None:
    """If Excel fails at any point of a rebuild, the error is raised, the old report stays whole, nothing is left."""
    book = FakeBook(sheet_names=INPUT_SHEETS)
    names = tuple(write_live_report(build_report(reference_figures), book, desktop=ComDetails()))
    before_names = [sheet.name for sheet in book.sheets]
    before = _report_dump(book, tmp_path, names)
    book.fail_on(operation, nth)
    with pytest.raises(FakeComError):
        write_live_report(build_report(compute_figures(_hostile_followup(reference))), book, desktop=ComDetails())
    assert [sheet.name for sheet in book.sheets] == before_names
    assert _report_dump(book, tmp_path, names) == before
    assert book.app.screen_updating


def test_a_rebuild_replaces_the_old_report_whole(
    reference: FollowUp, reference_figures: FollowUpFigures, tmp_path: Path
) -> None:
    """A second build leaves exactly one report, the new one, in the same sheets' names; no marked sheets."""
    book = FakeBook(sheet_names=INPUT_SHEETS)
    write_live_report(build_report(compute_figures(_hostile_followup(reference))), book, desktop=ComDetails())
    names = tuple(write_live_report(build_report(reference_figures), book, desktop=ComDetails()))
    assert [sheet.name for sheet in book.sheets] == [*INPUT_SHEETS, *names]
    fresh = _write_live(build_report(reference_figures), tmp_path)
    assert _report_dump(book, tmp_path, names) == resolved_dump(fresh)


def test_leftovers_of_an_interrupted_run_are_removed(reference_figures: FollowUpFigures) -> None:
    """Sheets left under the building or retired mark by a run Excel cut short go at the next build."""
    book = FakeBook(sheet_names=(*INPUT_SHEETS, BUILDING_MARK + "Rapport Insatser", RETIRED_MARK + "0 Rapport X"))
    names = write_live_report(build_report(reference_figures), book, desktop=ComDetails())
    assert [sheet.name for sheet in book.sheets] == [*INPUT_SHEETS, *names]


def test_a_rebuild_leaves_the_users_own_sheets(reference_figures: FollowUpFigures) -> None:
    """Only the report's own sheets are replaced: a user's "Rapport anteckningar" or "~~mitt blad" stays."""
    own = ("Rapport anteckningar", "~~mitt blad", "~Rapport")
    book = FakeBook(sheet_names=(*INPUT_SHEETS, *own))
    book.workbook["Rapport anteckningar"]["A1"] = "mitt"
    write_live_report(build_report(reference_figures), book, desktop=ComDetails())
    names = write_live_report(build_report(reference_figures), book, desktop=ComDetails())
    assert [sheet.name for sheet in book.sheets] == [*INPUT_SHEETS, *own, *names]
    assert book.workbook["Rapport anteckningar"]["A1"].value == "mitt"


def test_the_portable_part_needs_no_desktop_excel(reference_figures: FollowUpFigures, tmp_path: Path) -> None:
    """Without the desktop details the writer touches no COM object and still writes values, formats and charts."""
    book = FakeBook(sheet_names=INPUT_SHEETS, engine="remote")
    names = write_live_report(build_report(reference_figures), book, column_unit="points")
    path = tmp_path / "portable.xlsx"
    book.save(path)
    workbook = load_workbook(path)
    goals = workbook[names[0]]
    assert goals["A3"].value == "Insats" and goals["A3"].font.b
    assert goals.column_dimensions["A"].width == _column_width_points(20)
    assert sum(len(workbook[name]._charts) for name in names) == 5
    assert book.app.api.print_communication_log == []


def test_the_fake_offers_only_what_xlwings_offers() -> None:
    """Every xlwings attribute the fake stands in for exists in the installed xlwings, with the same arguments."""
    for class_name, attributes in XLWINGS_SURFACE.items():
        cls = getattr(xlwings.main, class_name)
        missing = [name for name in attributes if not hasattr(cls, name)]
        assert not missing, f"xlwings.{class_name} has no {missing}"
    for class_name, method, fake in XLWINGS_SIGNATURES:
        real = inspect.signature(getattr(getattr(xlwings.main, class_name), method)).parameters
        ours = inspect.signature(fake).parameters
        assert set(ours) <= set(real), f"{class_name}.{method}: {set(ours) - set(real)}"
        for name, parameter in ours.items():
            assert parameter.kind == real[name].kind, f"{class_name}.{method}({name})"


def test_desktop_details_size_chart_titles_and_bars(reference_figures: FollowUpFigures) -> None:
    """On desktop Excel chart titles are 11 pt bold, stacked bars touch, and page set-up spares the printer."""
    book = FakeBook()
    names = write_live_report(build_report(reference_figures), book, desktop=ComDetails())
    charts = [chart for name in names for chart in book.sheets[name].charts]
    assert len(charts) == 5
    assert all((chart.com.title_font.Size, chart.com.title_font.Bold) == (11, -1) for chart in charts)
    bars = [chart for chart in charts if chart.chart_type == "bar_stacked_100"]
    assert [(chart.com._group.GapWidth, chart.com._group.Overlap) for chart in bars] == [(60, 100)]
    # Print set-up is done with the printer driver's communication off, and switched on again per sheet.
    assert book.app.api.print_communication_log == [False, True] * len(names)


def test_column_width_in_points_for_office_js() -> None:
    """A width in characters becomes points as Excel computes it for the default font (7 px a digit + 5 px)."""
    assert _column_width_points(10) == 56.25
    assert _column_width_points(0) == 3.75


# --- the ribbon, end to end ---------------------------------------------------------------------------------


@pytest.fixture()
def workbook_file(tmp_path: Path, reference: FollowUp) -> Path:
    """The reference follow-up as a complete .xlsm in its own folder."""
    path = tmp_path / "Uppfoljning.xlsm"
    save_xlsm(build_workbook(reference), path)
    return path


def test_ribbon_builds_the_report_into_the_open_workbook(workbook_file: Path, tmp_path: Path) -> None:
    """Bygg rapport reads the workbook, writes the reviewed report into it as "Rapport …" sheets, and says so."""
    book = FakeBook(workbook_file)
    inputs = [sheet.name for sheet in book.sheets]
    before = {name: [[c.value for c in row] for row in book.workbook[name].iter_rows()] for name in inputs}
    message, mode = ribbon.run_action(ribbon._build_report, book)
    assert mode == "info", message
    names = tuple(SHEET_PREFIX + name for name in LAYOUT_SHEETS)
    assert [sheet.name for sheet in book.sheets] == [*inputs, *names]
    assert all(name in message for name in names)
    after = {name: [[c.value for c in row] for row in book.workbook[name].iter_rows()] for name in inputs}
    assert after == before
    assert _report_dump(book, tmp_path, names) == resolved_expected(EXPECTED.read_text(encoding="utf-8"))
    assert book.app.books.opened == []
    assert sorted(p.name for p in workbook_file.parent.iterdir()) == ["Uppfoljning.xlsm", "book.xlsx"]


def test_ribbon_rebuilds_from_unsaved_edits_in_a_workbook_holding_a_report(workbook_file: Path) -> None:
    """A second Bygg rapport reads the workbook with its report sheets and an unsaved edit, and shows the edit."""
    book = FakeBook(workbook_file)
    ribbon.run_action(ribbon._build_report, book)
    names = [sheet.name for sheet in book.sheets]
    flows = book.workbook[SHEET_PREFIX + "Deltagarflöden"]
    total_row = next(row for row in range(1, flows.max_row + 1) if flows.cell(row, 1).value == "TOTALT")
    total = flows.cell(total_row, 2).value
    count = book.workbook[DELTAGARE.sheet][f"{DELTAGARE.letter('aktuella.kvinnor')}2"]
    count.value += 5
    message, mode = ribbon.run_action(ribbon._build_report, book)
    assert mode == "info", message
    assert [sheet.name for sheet in book.sheets] == names
    flows = book.workbook[SHEET_PREFIX + "Deltagarflöden"]
    assert flows.cell(total_row, 1).value == "TOTALT"
    assert flows.cell(total_row, 2).value == total + 5


def test_ribbon_refuses_a_workbook_with_errors_and_keeps_the_old_report(workbook_file: Path) -> None:
    """With an error in the input, Bygg rapport names sheet and cell and leaves the workbook's sheets as they were."""
    book = FakeBook(workbook_file)
    ribbon.run_action(ribbon._build_report, book)
    names = [sheet.name for sheet in book.sheets]
    cell = f"{DELTAGARE.letter('aktuella.kvinnor')}2"
    book.workbook[DELTAGARE.sheet][cell] = "tolv"  # an unsaved edit: the snapshot holds it
    message, mode = ribbon.run_action(ribbon._build_report, book)
    assert mode == "critical"
    assert f"blad {DELTAGARE.sheet}, cell {cell}" in message
    assert [sheet.name for sheet in book.sheets] == names


def test_ribbon_says_the_old_report_stays_when_excel_fails(workbook_file: Path, tmp_path: Path) -> None:
    """If Excel fails half-way through Bygg rapport, the user is told the old report is kept, and it is."""
    book = FakeBook(workbook_file)
    ribbon.run_action(ribbon._build_report, book)
    names = tuple(sheet.name for sheet in book.sheets)
    report_names = tuple(SHEET_PREFIX + name for name in LAYOUT_SHEETS)
    before = _report_dump(book, tmp_path, report_names)
    book.fail_on("charts.add", 2)
    message, mode = ribbon.run_action(ribbon._build_report, book)
    assert mode == "critical"
    assert message.startswith("Rapporten kunde inte byggas färdigt; den förra rapporten är kvar som den var.")
    assert "FakeComError" in message
    assert tuple(sheet.name for sheet in book.sheets) == names
    assert _report_dump(book, tmp_path, report_names) == before


def test_the_fakes_snapshot_holds_unsaved_changes(workbook_file: Path) -> None:
    """The fake's SaveCopyAs saves the book as it is now, as Excel's does: new sheets and edits included."""
    book = FakeBook(workbook_file)
    book.sheets.add("Ny", after=book.sheets[len(book.sheets) - 1]).range((1, 1)).value = [["'ändrad"]]
    copy = workbook_file.with_name("kopia.xlsm")
    book.api.SaveCopyAs(str(copy))
    assert openpyxl.load_workbook(copy).sheetnames == [sheet.name for sheet in book.sheets]
    assert openpyxl.load_workbook(copy)["Ny"]["A1"].value == "ändrad"
