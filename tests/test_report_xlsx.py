"""The report written by XlsxWriter: compared with a committed dump, native charts, A4, text kept text, atomic.

The comparison test writes the reference report, dumps it (values, number formats, styles, merges, print
set-up, chart types and series references) and compares the dump with tests/expected/report-2022.txt.
After an intended change to the layout, regenerate the expected dump and review its diff:

    XLINSATS_REGENERATE_EXPECTED=1 uv run pytest tests/test_report_xlsx.py
"""

from __future__ import annotations

import errno
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from tests.conftest import REFERENCE_TOML, per_module_scope
from xlinsats.core.figures import FollowUpFigures, compute_figures
from xlinsats.core.model import FollowUp, Quote
from xlinsats.errors import XlinsatsError
from xlinsats.excel_limits import HEADER_FOOTER
from xlinsats.report.cells import Area
from xlinsats.report.dump import dump_workbook
from xlinsats.report.layout import (
    FMT_COUNT,
    FMT_GENERAL,
    STYLES,
    Block,
    Cell,
    Chart,
    PageSetup,
    Ref,
    Report,
    Series,
    Sheet,
    Style,
    build_report,
)
from xlinsats.report.writer import render_report
from xlinsats.report.xlsx_writer import XlsxBook, report_bytes, write_report

EXPECTED = Path(__file__).parent / "expected" / "report-2022.txt"
STYLES_BY_NAME = {style.name: style for style in STYLES}
HOSTILE = ["=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x","y")']


@pytest.fixture(scope=per_module_scope)
def written(tmp_path_factory: pytest.TempPathFactory, reference_figures: FollowUpFigures) -> Path:
    """The reference report written to a file."""
    path = tmp_path_factory.mktemp("report") / "Uppfoljning-rapport.xlsx"
    write_report(build_report(reference_figures), path)
    return path


def test_dump_matches_the_committed_expected_dump(written: Path) -> None:
    """The written report's values, formats, merges, print set-up and chart series equal the reviewed dump."""
    dump = dump_workbook(written)
    if os.environ.get("XLINSATS_REGENERATE_EXPECTED") == "1":
        EXPECTED.parent.mkdir(exist_ok=True)
        EXPECTED.write_text(dump, encoding="utf-8")
    assert dump == EXPECTED.read_text(encoding="utf-8")


def test_the_committed_workbook_gives_the_same_report(tmp_path: Path) -> None:
    """workbook/Uppfoljning.xlsm, read as the report command reads it, gives exactly the reviewed report."""
    from xlinsats.inputs import read_input

    workbook = Path(__file__).parent.parent / "workbook" / "Uppfoljning.xlsm"
    result = read_input(workbook)
    assert result.followup is not None and not result.has_errors
    path = tmp_path / "rapport.xlsx"
    write_report(build_report(compute_figures(result.followup)), path)
    assert dump_workbook(path) == EXPECTED.read_text(encoding="utf-8")


def test_the_dump_holds_the_computed_figures_not_the_seeds(written: Path) -> None:
    """MIA's utilisation cell is 9 166 / 9 500 (not the seed's 87 %); UPIS's key boxes are 18 and 60 %."""
    workbook = load_workbook(written)
    sheet = workbook["Insatser"]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert pytest.approx(9166 / 9500) in values
    assert 0.87 not in values
    upis_title = next(c.row for c in sheet["A"] if c.value == "Unga på väg i Salem (UPIS)")
    boxes = [sheet.cell(row, 8).value for row in range(upis_title, upis_title + 12)]
    assert 18 in boxes and 0.6 in boxes and 26 not in boxes


def test_charts_are_native_excel_charts(written: Path) -> None:
    """The package holds one bar chart and one pie chart per insats as DrawingML chart parts."""
    with zipfile.ZipFile(written) as package:
        charts = [package.read(name).decode() for name in package.namelist() if name.startswith("xl/charts/chart")]
    assert sum(bool(re.search(r"<(c:)?barChart>", chart)) for chart in charts) == 1
    assert sum(bool(re.search(r"<(c:)?pieChart>", chart)) for chart in charts) == 4
    assert all(re.search(r"<(c:)?numRef><(c:)?f>'", chart) for chart in charts)


def test_every_sheet_prints_on_a4(written: Path) -> None:
    """Every sheet asks for A4 (paper size 9), fits to one page wide, and the insatser sheet breaks per insats."""
    workbook = load_workbook(written)
    for sheet in workbook.worksheets:
        assert sheet.page_setup.paperSize == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        # XlsxWriter leaves out fitToWidth="1", the schema's default (CT_PageSetup fitToWidth default 1).
        assert sheet.page_setup.fitToWidth in (None, 1)
    assert len(workbook["Insatser"].row_breaks.brk) == 3


def test_writing_twice_gives_identical_bytes(reference_figures: FollowUpFigures, tmp_path: Path) -> None:
    """The same figures give byte-identical files (fixed zip times and document dates)."""
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_report(build_report(reference_figures), first)
    write_report(build_report(reference_figures), second)
    assert first.read_bytes() == second.read_bytes()


def test_two_processes_write_identical_bytes(tmp_path: Path) -> None:
    """Two processes with different hash seeds write byte-identical reports of the example (no set or dict order
    leaks into the file)."""
    script = (
        "import sys; from pathlib import Path; from xlinsats.interchange import read_interchange; "
        "from xlinsats.core.figures import compute_figures; from xlinsats.report.layout import build_report; "
        "from xlinsats.report.xlsx_writer import write_report; "
        "f = read_interchange(Path(sys.argv[1])).followup; "
        "write_report(build_report(compute_figures(f)), Path(sys.argv[2]))"
    )
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"rapport-{seed}.xlsx"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run([sys.executable, "-c", script, str(REFERENCE_TOML), str(out)], check=True, env=env)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_dates_in_the_package_are_fixed(reference_figures: FollowUpFigures, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every zip entry has a fixed 1980 time and the document dates are 1980-01-01, or SOURCE_DATE_EPOCH when set."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = report_bytes(build_report(reference_figures))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {info.date_time[:3] for info in package.infolist()} <= {(1980, 1, 1), (1980, 1, 31)}
        core = package.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["1980-01-01T00:00:00Z"] * 2
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with zipfile.ZipFile(io.BytesIO(report_bytes(build_report(reference_figures)))) as package:
        core = package.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2023-11-14T22:13:20Z"] * 2


def test_a_long_header_is_shortened_to_excels_limit(reference: FollowUp) -> None:
    """A förbund name full of "&" gives a header within Excel's 255 characters, ending in an ellipsis, never in
    half of an escaped "&&" (XlsxWriter would drop a longer header with only a warning)."""
    report = build_report(compute_figures(replace(reference, forbund="A&B " * 80)))
    workbook = load_workbook(io.BytesIO(report_bytes(report)))
    for sheet in workbook.worksheets:
        text = sheet.oddHeader.center.text
        assert len("&C" + text) <= HEADER_FOOTER.value
        assert text.endswith(" – uppföljning 2022") and text.count("…") == 1
        name = text.split("…")[0]
        assert len(name.replace("&&", "")) == len(name) - 2 * name.count("&&")
        assert "&" not in text.replace("&&", "")


def _one_sheet_report(blocks: tuple[Block, ...], merges: tuple[Area, ...] = ()) -> Report:
    return Report("t", (Sheet("Blad", blocks, merges=merges),))


def test_overlapping_merges_are_refused_and_leave_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two merged ranges sharing a cell are refused (Excel would repair the file), and the failed workbook leaves
    none of XlsxWriter's temporary row files behind."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    cells = ((Cell("a"), Cell(None), Cell(None)),)
    report = _one_sheet_report((Block(1, 1, cells),), merges=(Area(1, 1, 1, 2), Area(1, 2, 1, 3)))
    with pytest.raises(ValueError, match="overlaps"):
        report_bytes(report)
    assert list(tmp_path.iterdir()) == []


def test_blocks_sharing_cells_keep_values_and_take_the_last_format() -> None:
    """A later block's empty cell never erases an earlier value, and a cell takes the format given last."""
    first = Block(1, 1, ((Cell("kvar", "xl_body"), Cell(7, "xl_body")),))
    second = Block(1, 2, ((Cell(None, "xl_td_number", FMT_COUNT), Cell("ny", "xl_td")),))
    workbook = load_workbook(io.BytesIO(report_bytes(_one_sheet_report((first, second)))))
    sheet = workbook["Blad"]
    assert [sheet.cell(1, column).value for column in (1, 2, 3)] == ["kvar", 7, "ny"]
    assert sheet.cell(1, 2).number_format == FMT_COUNT and sheet.cell(1, 2).border.left.style == "thin"


def test_a_row_height_without_cells_is_kept() -> None:
    """A row with a height of its own but no cell (before, between and after blocks) keeps its height, which
    constant-memory XlsxWriter writes only with a cell of that row."""
    sheet = Sheet("Blad", (Block(3, 1, ((Cell("a"),),)),), row_heights=((1, 30.0), (3, 20.25), (5, 40.5)))
    workbook = load_workbook(io.BytesIO(report_bytes(Report("t", (sheet,)))))
    heights = {row: dim.height for row, dim in workbook["Blad"].row_dimensions.items() if dim.height}
    assert heights == {1: 30.0, 3: 20.25, 5: 40.5}


def test_formatting_cells_outside_any_block_gives_formatted_empty_cells() -> None:
    """format_range over cells no block holds (the sheet's lower-level API) writes them as empty formatted cells."""
    buffer = io.BytesIO()
    book = XlsxBook(buffer)
    sheet = book.add_sheet("Blad")
    sheet.write_values(1, 1, [["a"]])
    sheet.format_range(Area(1, 1, 2, 2), STYLES_BY_NAME["xl_th"], FMT_GENERAL)
    book.close("t")
    workbook = load_workbook(buffer)
    ws = workbook["Blad"]
    assert ws.cell(1, 1).value == "a"
    assert all(ws.cell(r, c).fill.fgColor.rgb == "FFD9E2F3" for r in (1, 2) for c in (1, 2))


def _hostile_followup(reference: FollowUp) -> FollowUp:
    insatser = []
    for index, text in enumerate(HOSTILE):
        base = reference.insatser[index % len(reference.insatser)]
        insatser.append(
            replace(
                base,
                namn=f"{text}{index}",
                kortnamn=None,
                agare=text,
                malgrupp=text,
                beskrivning=text,
                citat=(Quote(text, text),),
                avvikelse_forklaring=text,
                mal=tuple(replace(goal, text=text) for goal in base.mal),
            )
        )
    return replace(reference, forbund=HOSTILE[0], insatser=tuple(insatser))


def test_text_that_looks_like_a_formula_stays_text(reference: FollowUp, tmp_path: Path) -> None:
    """Names, owners, descriptions, goals and quotes starting with =, +, -, @, tab or CR are stored as text."""
    path = tmp_path / "hostile.xlsx"
    write_report(build_report(compute_figures(_hostile_followup(reference))), path)
    with zipfile.ZipFile(path) as package:
        sheets = [package.read(n).decode() for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(re.search(r"<f[ >]", sheet) for sheet in sheets), "a formula was written"
    workbook = load_workbook(path)
    found: dict[str, bool] = {}
    # XML reading turns a raw carriage return into a line feed; XlsxWriter escapes it as _x000D_, which Excel
    # reads back as the carriage return (openpyxl leaves the escape, so the test unescapes it).
    hostile = {text.replace("\r", "\n"): text for text in HOSTILE} | {text: text for text in HOSTILE}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                text = unescape(cell.value) if isinstance(cell.value, str) else None
                if text in hostile:
                    assert cell.data_type == "s"
                    assert cell.quotePrefix, cell.coordinate
                    found[hostile[text]] = True
    assert set(found) == set(HOSTILE)


def test_an_interrupted_write_leaves_the_old_report(
    reference_figures: FollowUpFigures, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If writing fails half-way (the disk fills while the package is zipped), the previous report is intact and
    no temporary file is left behind, neither beside the report nor among XlsxWriter's own."""
    folder, scratch = tmp_path / "rapporter", tmp_path / "tmp"
    folder.mkdir()
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    dest = folder / "rapport.xlsx"
    dest.write_bytes(b"old report")
    original = zipfile.ZipFile.writestr
    calls = []

    def some_then_fail(self: zipfile.ZipFile, *args: object, **kwargs: object) -> None:
        calls.append(args)
        if len(calls) > 3:
            raise OSError(errno.ENOSPC, "No space left on device")  # the system's English, as the OS gives it
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "writestr", some_then_fail)
    with pytest.raises(XlinsatsError, match="disken är full"):
        write_report(build_report(reference_figures), dest)
    monkeypatch.undo()
    assert len(calls) > 3, "the package was being zipped when the disk filled"
    assert dest.read_bytes() == b"old report"
    assert [p.name for p in folder.iterdir()] == ["rapport.xlsx"]
    assert list(scratch.iterdir()) == []


def test_the_package_holds_every_part_xlsxwriter_makes(tmp_path: Path) -> None:
    """The writer's own packaging keeps every part XlsxWriter makes, sheets (streamed from files), charts and
    binary parts such as an image alike, in XlsxWriter's order with the pinned time, and nothing is left in the
    book's temporary folder."""
    image = tmp_path / "punkt.png"
    # The smallest valid PNG: one white pixel (signature, IHDR, IDAT, IEND).
    image.write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d49484452000000010000000108020000009077"
            "53de0000000c4944415408d763f8ffff3f0005fe02fea7d6a4f40000000049454e44ae426082"
        )
    )
    buffer = io.BytesIO()
    book = XlsxBook(buffer)
    sheet = book.add_sheet("Blad")
    sheet.write_values(1, 1, [["a", 1], ["b", 2]])
    sheet.add_chart(
        Chart(
            "pie",
            "Delar",
            (4, 1),
            8,
            6,
            (Series("Delar", Ref("Blad", Area(1, 2, 2, 2)), Ref("Blad", Area(1, 1, 2, 1))),),
        )
    )
    sheet.worksheet.insert_image(10, 1, str(image))
    folder = Path(book._folder.name)
    book.close("t")
    assert not folder.exists()
    with zipfile.ZipFile(buffer) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml"
        assert {"xl/worksheets/sheet1.xml", "xl/charts/chart1.xml", "xl/media/image1.png"} <= set(names)
        assert package.read("xl/media/image1.png") == image.read_bytes()
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in package.infolist())
    workbook = load_workbook(buffer)
    assert [[cell.value for cell in row] for row in workbook["Blad"].iter_rows(max_row=2)] == [["a", 1], ["b", 2]]


def test_a_report_replaces_the_old_one_whole(reference_figures: FollowUpFigures, tmp_path: Path) -> None:
    """Writing over an existing report gives exactly the new bytes and nothing else in the folder."""
    dest = tmp_path / "rapport.xlsx"
    dest.write_bytes(b"old report")
    report = build_report(reference_figures)
    write_report(report, dest)
    assert dest.read_bytes() == report_bytes(report)
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.xlsx"]


class _RecordingSheet:
    """A writer target that records each call, standing in for any writer (XlsxWriter, xlwings)."""

    def __init__(self, calls: list[tuple[str, object]]) -> None:
        self.calls = calls

    def write_block(self, block: Block, styles: Mapping[str, Style]) -> None:
        self.calls.append(("values", (block.top, block.left, len(block.cells), len(block.cells[0]))))
        assert all(cell.style in styles for row in block.cells for cell in row)

    def merge(self, area: Area) -> None:
        self.calls.append(("merge", area))

    def set_column_width(self, column: int, width: float) -> None:
        self.calls.append(("width", column))

    def set_row_height(self, row: int, height: float) -> None:
        self.calls.append(("height", row))

    def add_chart(self, chart: Chart) -> None:
        self.calls.append(("chart", chart.kind))

    def set_page(self, page: PageSetup, row_breaks: Sequence[int]) -> None:
        self.calls.append(("page", tuple(row_breaks)))


class _RecordingBook:
    def __init__(self) -> None:
        self.sheets: dict[str, list[tuple[str, object]]] = {}

    def add_sheet(self, name: str) -> _RecordingSheet:
        self.sheets[name] = []
        return _RecordingSheet(self.sheets[name])


def test_the_layout_reaches_a_writer_as_bulk_blocks(reference_figures: FollowUpFigures) -> None:
    """Each block is one bulk write; values come before formats, charts after the cells they refer to."""
    report: Report = build_report(reference_figures)
    book = _RecordingBook()
    render_report(report, book)
    assert list(book.sheets) == [sheet.name for sheet in report.sheets]
    for sheet in report.sheets:
        calls = book.sheets[sheet.name]
        kinds = [kind for kind, _ in calls]
        assert kinds.count("values") == len(sheet.blocks)
        assert kinds.count("chart") == len(sheet.charts)
        last_value = max(i for i, kind in enumerate(kinds) if kind == "values")
        assert all(i > last_value for i, kind in enumerate(kinds) if kind == "chart")
        assert kinds[-1] == "page"
