"""The ribbon's Python entry points: check sheet, new year and report, run on real workbook files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.xlsm_helpers import MACRO_MAIN, RIBBON_REL_TYPE, main_content_type, package_relationships, vba_modules
from xlinsats import ribbon
from xlinsats.core.model import FollowUp
from xlinsats.errors import Location, Problem, XlinsatsError
from xlinsats.workbook.schema import DELTAGARE
from xlinsats.workbook.writer import build_workbook
from xlinsats.xlsm import save_xlsm


class _Font:
    def __init__(self, record: dict[str, Any], key: str) -> None:
        self._record, self._key = record, key

    @property
    def bold(self) -> bool:
        return bool(self._record.get(self._key))

    @bold.setter
    def bold(self, value: bool) -> None:
        self._record[self._key] = value


class _Range:
    def __init__(self, sheet: FakeSheet, first: Any, last: Any = None) -> None:
        self.sheet, self.first, self.last = sheet, first, last

    @property
    def value(self) -> Any:
        return self.sheet.cells

    @value.setter
    def value(self, rows: list[list[Any]]) -> None:
        assert self.first == (1, 1)
        self.sheet.cells = [list(row) for row in rows]

    @property
    def font(self) -> _Font:
        return _Font(self.sheet.bold, str((self.first, self.last)))

    @property
    def column_width(self) -> float:
        return self.sheet.widths[str(self.first)]

    @column_width.setter
    def column_width(self, width: float) -> None:
        self.sheet.widths[str(self.first)] = width


class FakeSheet:
    """A sheet of FakeBook: records values, bold ranges and column widths."""

    def __init__(self, book: FakeBook, name: str) -> None:
        self.book, self.name = book, name
        self.cells: list[list[Any]] = []
        self.bold: dict[str, Any] = {}
        self.widths: dict[str, float] = {}

    def range(self, first: Any, last: Any = None) -> _Range:
        return _Range(self, first, last)

    def delete(self) -> None:
        self.book.sheets.items.remove(self)

    def activate(self) -> None:
        self.book.active = self.name


class FakeSheets:
    """xlwings' Sheets: iteration, lookup by name or index, add(name, after)."""

    def __init__(self, book: FakeBook, names: list[str]) -> None:
        self.items = [FakeSheet(book, name) for name in names]
        self.book = book

    def __iter__(self) -> Any:
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, key: int | str) -> FakeSheet:
        if isinstance(key, int):
            return self.items[key]
        return next(sheet for sheet in self.items if sheet.name == key)

    def add(self, name: str, after: FakeSheet | None = None) -> FakeSheet:
        assert name not in [sheet.name for sheet in self.items]
        sheet = FakeSheet(self.book, name)
        self.items.insert(self.items.index(after) + 1 if after else 0, sheet)
        return sheet


class FakeBook:
    """Stand-in for the xlwings Book that ``xw.Book.caller()`` returns inside Excel (no Excel runs here).

    It implements only the calls the entry points make, and its ``api.SaveCopyAs`` copies the real workbook
    file it stands for, so the reading, checking and writing run on real files. It proves the entry points'
    logic and files, not that Excel's COM objects behave like it.
    """

    def __init__(self, path: Path) -> None:
        self.fullname = str(path)
        self.name = path.name
        self.path = path
        wb = openpyxl.load_workbook(path, read_only=True)
        self.sheets = FakeSheets(self, list(wb.sheetnames))
        wb.close()
        self.opened: list[str] = []
        self.active = ""
        book = self

        class _Api:
            def SaveCopyAs(self, target: str) -> None:  # the COM method keeps its name
                shutil.copyfile(book.path, target)

        class _Books:
            def open(self, target: str) -> None:
                book.opened.append(target)

        class _App:
            books = _Books()

        self.api = _Api()
        self.app = _App()


@pytest.fixture()
def workbook_file(tmp_path: Path, reference: FollowUp) -> Path:
    """The reference follow-up as a complete .xlsm in its own folder."""
    path = tmp_path / "Uppfoljning.xlsm"
    save_xlsm(build_workbook(reference), path)
    return path


def _spoil(path: Path) -> str:
    """Put text into a count cell of the Deltagare sheet; return that cell's address."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    cell = f"{DELTAGARE.letter('aktuella.kvinnor')}2"
    wb[DELTAGARE.sheet][cell] = "tolv"
    save_xlsm(wb, path)
    return cell


def test_check_writes_sheet_with_links_to_the_cells(workbook_file: Path) -> None:
    """Kontrollera lists a bad count as an error with a HYPERLINK to its sheet and cell, errors first."""
    cell = _spoil(workbook_file)
    book = FakeBook(workbook_file)
    message, mode = ribbon.run_action(ribbon._check, book)
    assert mode == "info"
    assert message.startswith("1 fel")
    sheet = book.sheets[ribbon.CHECK_SHEET]
    assert sheet.cells[0] == list(ribbon.CHECK_HEADERS)
    assert sheet.cells[1][0] == "Fel"
    assert sheet.cells[1][1] == DELTAGARE.sheet
    assert sheet.cells[1][2] == f'=HYPERLINK("#\'{DELTAGARE.sheet}\'!{cell}","{DELTAGARE.sheet}!{cell}")'
    assert book.active == ribbon.CHECK_SHEET
    assert [s.name for s in book.sheets][-1] == ribbon.CHECK_SHEET


def test_check_replaces_the_previous_check_sheet(workbook_file: Path) -> None:
    """A second Kontrollera leaves one check sheet, showing that no problems remain."""
    book = FakeBook(workbook_file)
    ribbon.run_action(ribbon._check, book)
    message, _ = ribbon.run_action(ribbon._check, book)
    assert [s.name for s in book.sheets].count(ribbon.CHECK_SHEET) == 1
    assert message == "Inga problem hittades."
    assert book.sheets[ribbon.CHECK_SHEET].cells[1][3] == "Inga problem hittades."


def test_new_year_writes_a_complete_workbook_beside_and_opens_it(workbook_file: Path, reference: FollowUp) -> None:
    """Nytt år writes next year's .xlsm with VBA and ribbon beside the workbook and opens it; never overwrites."""
    book = FakeBook(workbook_file)
    message, mode = ribbon.run_action(ribbon._new_year, book)
    out = workbook_file.with_name(f"Uppfoljning-{reference.ar + 1}.xlsm")
    assert mode == "info", message
    assert book.opened == [str(out)]
    assert main_content_type(out) == MACRO_MAIN
    assert [rel for rel in package_relationships(out) if rel["Type"] == RIBBON_REL_TYPE]
    assert "XlinsatsRibbon" in vba_modules(out)
    before = out.read_bytes()
    message, mode = ribbon.run_action(ribbon._new_year, book)
    assert mode == "critical" and "finns redan" in message
    assert out.read_bytes() == before


def test_new_year_refuses_a_workbook_with_errors(workbook_file: Path) -> None:
    """With an error in the input, Nytt år writes nothing and names the sheet and cell."""
    cell = _spoil(workbook_file)
    book = FakeBook(workbook_file)
    message, mode = ribbon.run_action(ribbon._new_year, book)
    assert mode == "critical"
    assert f"blad {DELTAGARE.sheet}, cell {cell}" in message
    assert sorted(p.name for p in workbook_file.parent.iterdir()) == ["Uppfoljning.xlsm"]


def test_unexpected_errors_become_a_short_message() -> None:
    """An unexpected exception is reported as one Swedish line, not a traceback; deliberate errors as they are."""

    def broken(book: Any) -> str:
        raise KeyError("x")

    def refused(book: Any) -> str:
        raise XlinsatsError("Spara arbetsboken först.")

    assert ribbon.run_action(broken, None) == ("Ett oväntat fel inträffade (KeyError): 'x'", "critical")
    assert ribbon.run_action(refused, None) == ("Spara arbetsboken först.", "critical")


def test_check_values_keep_text_literal_and_escape_links() -> None:
    """Messages and sheet names that look like formulas stay text; quotes in sheet names are escaped."""
    problems = [
        Problem("varning", '=HYPERLINK("evil")', Location(sheet='O\'Brien "x"', cell="B2")),
        Problem("fel", "Saknas", Location(sheet="Mål")),
    ]
    values = ribbon.check_sheet_values(ribbon.check_rows(problems))
    assert values[1] == ["Fel", "Mål", "", "Saknas"]
    assert values[2][2] == '=HYPERLINK("#\'O\'\'Brien ""x""\'!B2","O\'Brien ""x""!B2")'
    assert values[2][3] == '\'=HYPERLINK("evil")'


def test_summary_counts_errors_and_warnings() -> None:
    """The summary after Kontrollera counts errors and warnings and points to the check sheet."""
    problems = [Problem("fel", "a"), Problem("varning", "b"), Problem("varning", "c")]
    assert ribbon.summary(problems).startswith("1 fel och 2 varningar.")
    assert ribbon.summary([]) == "Inga problem hittades."
