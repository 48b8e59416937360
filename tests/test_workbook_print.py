"""The entry workbook on the page: every sheet has a print set-up, and wrapped text gets a row tall enough."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.conftest import REFERENCE_TOML
from xlinsats.cli import main
from xlinsats.workbook.schema import DATA_TABLES, INSATSER, INSTRUCTIONS_SHEET, SETTINGS_SHEET, SHEET_ORDER
from xlinsats.workbook.writer import LINE_HEIGHT_PT, wrapped_lines


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    """The example imported into a workbook and read back."""
    path = tmp_path_factory.mktemp("print") / "Uppfoljning.xlsm"
    assert main(["import", str(REFERENCE_TOML), "-o", str(path)]) == 0
    return openpyxl.load_workbook(path)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("kort", 20, 1),
        ("ett två tre fyra fem sex sju", 10, 4),  # 10 characters a line: "ett två", "tre fyra", "fem sex", "sju"
        ("a" * 30, 10, 3),  # a word longer than the line is cut over lines
        ("första\nandra", 40, 2),  # a line break starts a line
        ("", 10, 1),
    ],
)
def test_wrapped_lines_worked_cases(text: str, width: float, lines: int) -> None:
    """The line estimate wraps at word boundaries, as Excel does, and counts explicit line breaks."""
    assert wrapped_lines(text, width) == lines


def test_every_sheet_has_a_print_set_up(book: openpyxl.Workbook) -> None:
    """Each sheet prints on A4 with a footer naming the sheet and the page; table sheets repeat their header row
    and either fit the page's width or repeat the insats column on every page."""
    assert book.sheetnames == list(SHEET_ORDER)
    for sheet in book.worksheets:
        assert sheet.page_setup.paperSize in ("9", 9), sheet.title
        assert "&A" in sheet.oddFooter.left.text and "&P" in sheet.oddFooter.right.text, sheet.title
        if sheet.title in (INSTRUCTIONS_SHEET, SETTINGS_SHEET):  # prose and a short form, not tables
            assert sheet.page_setup.orientation == "portrait"
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
            continue
        assert sheet.print_title_rows == "$1:$1", sheet.title
        fits = sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert fits or sheet.print_title_cols == "$A:$A", sheet.title


def test_wide_tables_run_over_pages_with_the_insats_column(book: openpyxl.Workbook) -> None:
    """Efter avslut (34 columns) is not shrunk onto one page; its insats column repeats instead."""
    sheet = book["Efter avslut"]
    assert sheet.print_title_cols == "$A:$A"


def test_wrapped_text_gets_a_tall_enough_row(book: openpyxl.Workbook) -> None:
    """Every wrapped description on Insatser and every long line of Instruktioner has a stored height that holds
    its lines, so no text runs over the next row."""
    insatser = book[INSATSER.sheet]
    spec = next(spec for spec in DATA_TABLES if spec is INSATSER)
    column = {c.key: n for n, c in enumerate(spec.columns, start=1)}["beskrivning"]
    width = next(c.width for c in spec.columns if c.key == "beskrivning")
    checked = 0
    for row in range(2, insatser.max_row + 1):
        text = insatser.cell(row, column).value
        if isinstance(text, str) and wrapped_lines(text, width) > 1:
            height = insatser.row_dimensions[row].height
            assert height is not None and height >= LINE_HEIGHT_PT * wrapped_lines(text, width), row
            checked += 1
    assert checked >= 3  # the example's descriptions are long
    guide = book[INSTRUCTIONS_SHEET]
    long_rows = [
        r
        for r in range(1, guide.max_row + 1)
        if isinstance(guide.cell(r, 1).value, str)
        and wrapped_lines(guide.cell(r, 1).value, guide.column_dimensions["A"].width) > 1
    ]
    assert long_rows and all((guide.row_dimensions[r].height or 0) > LINE_HEIGHT_PT for r in long_rows)


def test_instructions_fit_the_page(book: openpyxl.Workbook, tmp_path: Path) -> None:
    """The instruction column is no wider than a portrait A4 page holds at full size (about 80 characters)."""
    assert book[INSTRUCTIONS_SHEET].column_dimensions["A"].width <= 80
