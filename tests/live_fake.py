"""An in-memory stand-in for the xlwings Book API the live report uses, kept in a real openpyxl workbook.

No Excel runs here, and xlwings' own engines for books given as data (the "remote" engine of xlwings Server
and xlwings Lite) are part of xlwings PRO, which needs a licence key; so the live writer is tested against
this fake. It offers only the calls ``report.live_writer`` and ``report.live_desktop`` make, with xlwings'
names, argument names and accepted values (``tests/test_report_live.py`` checks the names against the
installed xlwings), and it behaves as Excel does where the report depends on it:

- A value put into a cell is parsed as if typed: "'text" stores "text" with the quote prefix, "=..." (and
  "+", "-", "@" followed by more than a number) becomes a formula, "12" or "42 %" becomes a number.
- Sheet names follow Excel's rules (at most 31 characters, none of []:*?/\\, unique ignoring case), and
  the last sheet cannot be deleted.
- Chart series refer to their sheet, so a renamed sheet's charts follow it, as in Excel.
- ``FakeBook(engine="remote")`` stands for an Office.js engine: no ``.api``, column widths in points.
- ``fail_on(operation, nth)`` makes the nth call of an operation raise, as a COM error would.

``FakeBook.save`` writes the workbook with its charts as an .xlsx file, so the result is dumped with
``report.dump`` exactly like the file writer's. What it cannot prove: how real Excel lays out, wraps,
renders and prints the report, how it draws the charts, and that COM and Office.js accept every call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from copy import copy
from pathlib import Path
from typing import Any, ClassVar, get_args

import openpyxl
from openpyxl.chart import BarChart, PieChart
from openpyxl.chart.data_source import AxDataSource, NumDataSource, NumRef, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.series import Series as XlSeries
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Alignment, Font, PatternFill, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet
from xlwings import base_classes

from xlinsats.report.cells import Area, quote_sheet

_MAX_ROWS = 1_048_576
_MAX_COLUMNS = 16_384
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?\s*%?$")


class FakeComError(RuntimeError):
    """What the fake raises where Excel would raise a COM error."""


def _parse_address(address: str) -> Area:
    """Return the area of "B3", "A1:C4", "C:C" or "5:5"."""
    parts = address.replace("$", "").upper().split(":")
    first, last = parts[0], parts[-1]
    if first.isalpha() and last.isalpha():
        return Area(1, column_index_from_string(first), _MAX_ROWS, column_index_from_string(last))
    if first.isdigit() and last.isdigit():
        return Area(int(first), 1, int(last), _MAX_COLUMNS)

    def cell(ref: str) -> tuple[int, int]:
        match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        if match is None:
            raise FakeComError(f"ogiltig adress {address!r}")
        return int(match.group(2)), column_index_from_string(match.group(1))

    (top, left), (bottom, right) = cell(first), cell(last)
    return Area(top, left, bottom, right)


def _typed(cell: Any, value: Any) -> None:
    """Store a value the way Excel stores what is put into a cell through COM or Office.js."""
    if not isinstance(value, str):
        cell.value = value
        return
    if value.startswith("'"):
        cell.value = value[1:]
        cell.data_type = "s"
        cell.quotePrefix = True
    elif _NUMBER.match(value.strip()):
        text = value.strip().replace(",", ".")
        number = float(text.rstrip("%").strip())
        cell.value = number / 100 if text.endswith("%") else number
    elif value.startswith("="):
        cell.value = value
    elif value.startswith(("+", "-", "@")):
        cell.value = "=" + value.lstrip("@")
    else:
        cell.value = value


class _Recorder:
    """Counts operations and raises on the one chosen by ``FakeBook.fail_on``."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.failure: tuple[str, int] | None = None

    def tick(self, operation: str) -> None:
        self.counts[operation] = self.counts.get(operation, 0) + 1
        if self.failure is not None and self.failure == (operation, self.counts[operation]):
            raise FakeComError(f"Excel svarade inte ({operation})")


class _Engine:
    def __init__(self, kind: str) -> None:
        self.name = "excel" if kind == "desktop" else "remote"
        self.type = kind


class _AppCom:
    """The COM Application: only PrintCommunication, with its switches recorded."""

    def __init__(self) -> None:
        self.print_communication_log: list[bool] = []

    @property
    def PrintCommunication(self) -> bool:
        return self.print_communication_log[-1] if self.print_communication_log else True

    @PrintCommunication.setter
    def PrintCommunication(self, value: bool) -> None:
        self.print_communication_log.append(bool(value))


class _Books:
    def __init__(self) -> None:
        self.opened: list[str] = []

    def open(self, fullname: str) -> None:
        self.opened.append(fullname)


class FakeApp:
    """The xlwings App: engine, alerts and the COM Application."""

    def __init__(self, engine: str) -> None:
        self.engine = _Engine(engine)
        self.api = _AppCom()
        self.books = _Books()
        self.alerts: list[tuple[str, str, str]] = []
        self.screen_updating = True

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok", mode: str | None = None) -> str:
        self.alerts.append((prompt, title or "", mode or ""))
        return "ok"


class _BookCom:
    def __init__(self, book: FakeBook) -> None:
        self._book = book

    def SaveCopyAs(self, filename: str) -> None:
        """Save the book as it is now, edits and report sheets included, as Excel's SaveCopyAs does."""
        self._book.recorder.tick("SaveCopyAs")
        self._book.save(Path(filename))


class FakeBook:
    """An xlwings Book kept in an openpyxl workbook (a new one, or loaded from ``path``)."""

    def __init__(
        self, path: Path | None = None, sheet_names: tuple[str, ...] = ("Blad1",), engine: str = "desktop"
    ) -> None:
        self.path = path
        if path is not None:
            self.workbook = openpyxl.load_workbook(path)
            self.fullname, self.name = str(path), path.name
        else:
            self.workbook = openpyxl.Workbook()
            self.workbook.active.title = sheet_names[0]
            for name in sheet_names[1:]:
                self.workbook.create_sheet(name)
            self.fullname = self.name = "Bok1"
        self.app = FakeApp(engine)
        self.api = _BookCom(self)
        self.recorder = _Recorder()
        self.value_writes = 0
        # An Office.js engine has no COM objects, and its column widths are in points.
        self.forbid_api = engine != "desktop"
        self._sheets: dict[int, FakeSheet] = {}

    def fail_on(self, operation: str, nth: int = 1) -> None:
        """Make the nth call of ``operation`` raise FakeComError (operations: see the calls to ``tick``)."""
        self.recorder.failure = (operation, nth)
        self.recorder.counts.pop(operation, None)

    def wrap(self, worksheet: Worksheet) -> FakeSheet:
        key = id(worksheet)
        if key not in self._sheets:
            self._sheets[key] = FakeSheet(self, worksheet)
        return self._sheets[key]

    @property
    def sheets(self) -> FakeSheets:
        return FakeSheets(self)

    def save(self, path: Path) -> None:
        """Write the workbook, charts included, to ``path`` (an .xlsx file)."""
        for worksheet in self.workbook.worksheets:
            worksheet._charts = [chart.materialise() for chart in self.wrap(worksheet).charts]
        self.workbook.save(path)


class FakeSheets:
    """xlwings' Sheets: in workbook order, by index or name, ``add``."""

    def __init__(self, book: FakeBook) -> None:
        self.book = book

    def __iter__(self) -> Iterator[FakeSheet]:
        return iter([self.book.wrap(ws) for ws in self.book.workbook.worksheets])

    def __len__(self) -> int:
        return len(self.book.workbook.worksheets)

    def __getitem__(self, key: int | str) -> FakeSheet:
        if isinstance(key, int):
            return self.book.wrap(self.book.workbook.worksheets[key])
        for sheet in self:
            if sheet.name.lower() == key.lower():
                return sheet
        raise KeyError(key)

    def __contains__(self, name: str) -> bool:
        return any(sheet.name.lower() == name.lower() for sheet in self)

    def add(
        self, name: str | None = None, before: FakeSheet | None = None, after: FakeSheet | None = None
    ) -> FakeSheet:
        if name is not None and name in self:
            raise ValueError(f"Sheet named '{name}' already present in workbook")
        self.book.recorder.tick("sheets.add")
        _check_sheet_name(name or "Blad")
        worksheets = self.book.workbook.worksheets
        if after is not None:
            index = worksheets.index(after.worksheet) + 1
        elif before is not None:
            index = worksheets.index(before.worksheet)
        else:
            index = worksheets.index(self.book.workbook.active)
        worksheet = self.book.workbook.create_sheet(name or f"Blad{len(worksheets) + 1}", index)
        sheet = self.book.wrap(worksheet)
        sheet.activate()
        return sheet


def _check_sheet_name(name: str) -> None:
    if not name or len(name) > 31 or _FORBIDDEN.search(name) or name.startswith("'") or name.endswith("'"):
        raise FakeComError(f"Excel godtar inte bladnamnet {name!r}")


class _PageSetup:
    """xlwings' PageSetup: the print area only (all of it that is portable)."""

    def __init__(self, sheet: FakeSheet) -> None:
        self._sheet = sheet

    @property
    def print_area(self) -> str | None:
        return self._sheet.worksheet.print_area

    @print_area.setter
    def print_area(self, value: str | None) -> None:
        self._sheet.book.recorder.tick("page_setup.print_area")
        self._sheet.worksheet.print_area = value


class _PageSetupCom:
    """COM PageSetup properties, mapped onto the openpyxl sheet as Excel saves them."""

    def __init__(self, sheet: FakeSheet) -> None:
        object.__setattr__(self, "_sheet", sheet)

    def __setattr__(self, name: str, value: Any) -> None:
        sheet: FakeSheet = object.__getattribute__(self, "_sheet")
        if sheet.book.app.api.PrintCommunication:
            raise AssertionError("PageSetup set while PrintCommunication is on (slow in Excel)")
        sheet.book.recorder.tick("PageSetup")
        ws = sheet.worksheet
        setup = ws.page_setup
        if name == "PaperSize":
            setup.paperSize = value
        elif name == "Orientation":
            setup.orientation = {1: "portrait", 2: "landscape"}[value]
        elif name == "Zoom":
            ws.sheet_properties.pageSetUpPr.fitToPage = value is False
        elif name == "FitToPagesWide":
            setup.fitToWidth = 0 if value is False else value
        elif name == "FitToPagesTall":
            setup.fitToHeight = 0 if value is False else value
        elif name in ("LeftMargin", "RightMargin", "TopMargin", "BottomMargin", "HeaderMargin", "FooterMargin"):
            setattr(ws.page_margins, name.removesuffix("Margin").lower(), value / 72)
        elif name == "CenterHeader":
            ws.oddHeader.center.text = value
        elif name == "CenterFooter":
            ws.oddFooter.center.text = value
        else:
            raise AttributeError(name)


class _PageBreaksCom:
    def __init__(self, sheet: FakeSheet) -> None:
        self._sheet = sheet

    def Add(self, Before: _RangeCom) -> None:
        self._sheet.book.recorder.tick("HPageBreaks.Add")
        self._sheet.worksheet.row_breaks.append(Break(id=Before.Row - 1))


class _SheetCom:
    def __init__(self, sheet: FakeSheet) -> None:
        self.PageSetup = _PageSetupCom(sheet)
        self.HPageBreaks = _PageBreaksCom(sheet)


class _RangeCom:
    def __init__(self, area: Area) -> None:
        self.Row = area.top
        self.Column = area.left


class FakeSheet:
    """xlwings' Sheet over an openpyxl worksheet."""

    def __init__(self, book: FakeBook, worksheet: Worksheet) -> None:
        self.book = book
        self.worksheet = worksheet
        self.charts = FakeCharts(self)
        self.page_setup = _PageSetup(self)

    @property
    def name(self) -> str:
        return str(self.worksheet.title)

    @name.setter
    def name(self, value: str) -> None:
        self.book.recorder.tick("sheet.name")
        _check_sheet_name(value)
        if value.lower() != self.name.lower() and value in self.book.sheets:
            raise FakeComError(f"bladnamnet {value!r} finns redan")
        self.worksheet.title = value

    @property
    def api(self) -> _SheetCom:
        if self.book.forbid_api:
            raise AssertionError("Sheet.api used in the portable part")
        return _SheetCom(self)

    def delete(self) -> None:
        self.book.recorder.tick("sheet.delete")
        if len(self.book.workbook.worksheets) == 1:
            raise FakeComError("den sista synliga arbetsbladet kan inte tas bort")
        self.book.workbook.remove(self.worksheet)

    def activate(self) -> None:
        self.book.workbook.active = self.worksheet

    def range(self, cell1: tuple[int, int] | str, cell2: tuple[int, int] | None = None) -> FakeRange:
        if isinstance(cell1, str):
            return FakeRange(self, _parse_address(cell1))
        last = cell2 or cell1
        return FakeRange(self, Area(cell1[0], cell1[1], last[0], last[1]))


def _cells(sheet: FakeSheet, area: Area) -> Iterator[Any]:
    for row in range(area.top, area.bottom + 1):
        for column in range(area.left, area.right + 1):
            yield sheet.worksheet.cell(row, column)


def _rgb(color: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
        raise ValueError(f"Invalid color {color!r}")
    return color[1:].upper()


class _Font:
    def __init__(self, cells: FakeRange) -> None:
        self._range = cells

    def set(
        self,
        *,
        bold: bool | None = None,
        italic: bool | None = None,
        size: float | None = None,
        color: str | None = None,
        name: str | None = None,
    ) -> None:
        self._range.sheet.book.recorder.tick("font.set")
        for cell in _cells(self._range.sheet, self._range.area):
            font = copy(cell.font)
            cell.font = Font(
                name=name if name is not None else font.name,
                sz=size if size is not None else font.sz,
                b=bold if bold is not None else font.b,
                i=italic if italic is not None else font.i,
                color=_rgb(color) if color is not None else font.color,
            )


class _Borders:
    _GROUPS: ClassVar[dict[str, tuple[str, ...]]] = {
        "outside": ("edge_left", "edge_right", "edge_top", "edge_bottom"),
        "inside": ("inside_vertical", "inside_horizontal"),
        "all": ("edge_left", "edge_right", "edge_top", "edge_bottom", "inside_vertical", "inside_horizontal"),
    }

    def __init__(self, cells: FakeRange) -> None:
        self._range = cells

    def set(self, which: str | list[str] = "all", *, line_style: str, weight: str, color: str) -> None:
        if line_style not in get_args(base_classes.BorderLineStyle) or weight not in get_args(
            base_classes.BorderWeight
        ):
            raise ValueError(f"Invalid border {line_style!r}/{weight!r}")
        if (line_style, weight) != ("continuous", "thin"):
            raise NotImplementedError("the fake draws thin continuous borders only")
        sides = self._GROUPS.get(which, (which,)) if isinstance(which, str) else tuple(which)
        known = set(get_args(base_classes.BorderSide))
        if not set(sides) <= known:
            raise ValueError(f"Invalid border side {which!r}")
        self._range.sheet.book.recorder.tick("borders.set")
        area = self._range.area
        side = Side(style="thin", color=_rgb(color))
        for cell in _cells(self._range.sheet, area):
            # Which edges of this cell the chosen sides draw (an inside line is an edge of the cells it touches).
            first_row, last_row = cell.row == area.top, cell.row == area.bottom
            first_column, last_column = cell.column == area.left, cell.column == area.right
            edges = {
                "left": ("edge_left" if first_column else "inside_vertical") in sides,
                "right": ("edge_right" if last_column else "inside_vertical") in sides,
                "top": ("edge_top" if first_row else "inside_horizontal") in sides,
                "bottom": ("edge_bottom" if last_row else "inside_horizontal") in sides,
            }
            if any(edges.values()):
                border = copy(cell.border)
                for edge, drawn in edges.items():
                    if drawn:
                        setattr(border, edge, side)
                cell.border = border


class FakeRange:
    """xlwings' Range over a rectangle of an openpyxl worksheet."""

    def __init__(self, sheet: FakeSheet, area: Area) -> None:
        self.sheet = sheet
        self.area = area

    @property
    def address(self) -> str:
        return self.area.absolute_ref

    @property
    def api(self) -> _RangeCom:
        if self.sheet.book.forbid_api:
            raise AssertionError("Range.api used in the portable part")
        return _RangeCom(self.area)

    @property
    def value(self) -> Any:
        rows = [
            [cell.value for cell in row]
            for row in self.sheet.worksheet.iter_rows(
                min_row=self.area.top, max_row=self.area.bottom, min_col=self.area.left, max_col=self.area.right
            )
        ]
        return rows[0][0] if (self.area.rows, self.area.columns) == (1, 1) else rows

    @value.setter
    def value(self, rows: list[list[Any]]) -> None:
        self.sheet.book.recorder.tick("range.value")
        self.sheet.book.value_writes += 1
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise TypeError("the live writer writes a list of rows")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                _typed(self.sheet.worksheet.cell(self.area.top + r, self.area.left + c), value)

    @property
    def font(self) -> _Font:
        return _Font(self)

    @property
    def borders(self) -> _Borders:
        return _Borders(self)

    def _align(self, **changes: Any) -> None:
        for cell in _cells(self.sheet, self.area):
            alignment = copy(cell.alignment)
            for key, value in changes.items():
                setattr(alignment, key, value)
            cell.alignment = Alignment(
                horizontal=alignment.horizontal, vertical=alignment.vertical, wrap_text=alignment.wrap_text
            )

    def _set_number_format(self, value: str) -> None:
        self.sheet.book.recorder.tick("range.number_format")
        for cell in _cells(self.sheet, self.area):
            cell.number_format = value

    number_format = property(None, _set_number_format)

    def _set_color(self, value: str | None) -> None:
        self.sheet.book.recorder.tick("range.color")
        fill = PatternFill() if value is None else PatternFill("solid", fgColor=_rgb(value))
        for cell in _cells(self.sheet, self.area):
            cell.fill = fill

    color = property(None, _set_color)

    def _set_horizontal(self, value: str) -> None:
        if value not in base_classes.HORIZONTAL_ALIGNMENTS:
            raise ValueError(value)
        self._align(horizontal=value)

    horizontal_alignment = property(None, _set_horizontal)

    def _set_vertical(self, value: str) -> None:
        if value not in base_classes.VERTICAL_ALIGNMENTS:
            raise ValueError(value)
        self._align(vertical=value)

    vertical_alignment = property(None, _set_vertical)

    def _set_wrap(self, value: bool) -> None:
        self._align(wrap_text=bool(value))

    wrap_text = property(None, _set_wrap)

    def merge(self, across: bool = False) -> None:
        self.sheet.book.recorder.tick("range.merge")
        rows = (
            [(row, row) for row in range(self.area.top, self.area.bottom + 1)]
            if across
            else [(self.area.top, self.area.bottom)]
        )
        for top, bottom in rows:
            self.sheet.worksheet.merge_cells(Area(top, self.area.left, bottom, self.area.right).ref)

    def _set_column_width(self, value: float) -> None:
        self.sheet.book.recorder.tick("range.column_width")
        if value < 0 or (self.sheet.book.app.engine.type == "desktop" and value > 255):
            raise FakeComError("kolumnbredden måste vara 0 till 255 tecken")
        for column in range(self.area.left, self.area.right + 1):
            self.sheet.worksheet.column_dimensions[get_column_letter(column)].width = value

    column_width = property(None, _set_column_width)

    def _set_row_height(self, value: float) -> None:
        self.sheet.book.recorder.tick("range.row_height")
        if not 0 <= value <= 409.5:
            raise FakeComError("radhöjden måste vara 0 till 409,5 punkter")
        for row in range(self.area.top, self.area.bottom + 1):
            self.sheet.worksheet.row_dimensions[row].height = value

    row_height = property(None, _set_row_height)


class _Legend:
    def __init__(self) -> None:
        self.visible = True
        self._position: str | None = "right"

    @property
    def position(self) -> str | None:
        return self._position if self.visible else None

    @position.setter
    def position(self, value: str) -> None:
        if value not in get_args(base_classes.ChartLegendPosition):
            raise ValueError(value)
        self._position, self.visible = value, True


class _Axis:
    def __init__(self) -> None:
        self.title: str | None = None
        self.number_format = "General"
        self.maximum_scale: float | None = None
        self.reverse_order = False


class _PointCom:
    def __init__(self) -> None:
        self.Format = _Namespace(Fill=_Namespace(ForeColor=_Namespace(RGB=None)))


class _Namespace:
    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


class _DataLabelsCom:
    def __init__(self) -> None:
        self.ShowValue = self.ShowPercentage = self.ShowCategoryName = True
        self.ShowSeriesName = self.ShowLegendKey = True
        self.NumberFormat = "General"


class _SeriesCom:
    def __init__(self, points: int) -> None:
        self.HasDataLabels = False
        self._labels = _DataLabelsCom()
        self._points = [_PointCom() for _ in range(points)]

    def DataLabels(self) -> _DataLabelsCom:
        if not self.HasDataLabels:
            raise FakeComError("serien har inga dataetiketter")
        return self._labels

    def Points(self, index: int) -> _PointCom:
        return self._points[index - 1]


class FakeChartSeries:
    """xlwings' ChartSeries: name and fill colour through ``set``, COM through ``api``."""

    def __init__(self, chart: FakeChart, values: FakeRange) -> None:
        self._chart = chart
        self.values = values
        self.name: str | None = None
        self.fill_color: str | None = None
        self._com = _SeriesCom(values.area.rows)

    @property
    def api(self) -> _SeriesCom:
        if self._chart.sheet.book.forbid_api:
            raise AssertionError("ChartSeries.api used in the portable part")
        return self._com

    def set(self, *, name: str | None = None, fill_color: str | None = None) -> None:
        if self._chart.sheet.book.forbid_api:
            raise AssertionError("chart series are read synchronously only on desktop Excel")
        if name is not None:
            self.name = name
        if fill_color is not None:
            self.fill_color = _rgb(fill_color)


class _ChartGroupCom:
    def __init__(self) -> None:
        self.GapWidth = 150
        self.Overlap = 0


class _ChartCom:
    """The COM Chart: the title's font and the first chart group's gap and overlap."""

    def __init__(self) -> None:
        self.title_font = _Namespace(Size=14, Bold=0)
        self.ChartTitle = _Namespace(
            Format=_Namespace(TextFrame2=_Namespace(TextRange=_Namespace(Font=self.title_font)))
        )
        self._group = _ChartGroupCom()

    def ChartGroups(self, index: int) -> _ChartGroupCom:
        if index != 1:
            raise FakeComError("diagrammet har en diagramgrupp")
        return self._group


class FakeChart:
    """xlwings' Chart: type, data, categories, title, legend, axes and series."""

    def __init__(self, sheet: FakeSheet, anchor: Area, width: float, height: float, chart_type: str) -> None:
        self.sheet = sheet
        self.anchor = anchor
        self.width, self.height = width, height
        self.chart_type = chart_type
        self.title: str | None = None
        self.legend = _Legend()
        self.value_axis = _Axis()
        self.category_axis = _Axis()
        self._series: list[FakeChartSeries] = []
        self.categories: FakeRange | None = None
        self.com = _ChartCom()

    @property
    def api(self) -> tuple[None, _ChartCom]:
        """(ChartObject, Chart) as xlwings gives them on Windows; the ChartObject is not used."""
        if self.sheet.book.forbid_api:
            raise AssertionError("Chart.api used in the portable part")
        return None, self.com

    def set_source_data(self, source: FakeRange, plot_by: str | None = None) -> None:
        if plot_by != "columns":
            raise NotImplementedError("the fake plots by columns only")
        self.sheet.book.recorder.tick("chart.set_source_data")
        area = source.area
        self._series = [
            FakeChartSeries(self, FakeRange(source.sheet, Area(area.top, column, area.bottom, column)))
            for column in range(area.left, area.right + 1)
        ]

    def set_x_axis_values(self, source: FakeRange) -> None:
        self.categories = source

    @property
    def series(self) -> list[FakeChartSeries]:
        if not self._series:
            raise RuntimeError("Chart series require source data. Call Chart.set_source_data() first.")
        return list(self._series)

    def materialise(self) -> BarChart | PieChart:
        """Return the chart as openpyxl writes it, its references naming the sheets as they are now."""
        chart: BarChart | PieChart
        if self.chart_type == "pie":
            chart = PieChart()
        else:
            direction, _, grouping = self.chart_type.partition("_")
            chart = BarChart()
            chart.type = "bar" if direction == "bar" else "col"
            chart.grouping = {"clustered": "clustered", "stacked": "stacked", "stacked_100": "percentStacked"}[grouping]
            chart.gapWidth = self.com._group.GapWidth
            chart.overlap = self.com._group.Overlap or None
        labels: set[tuple[bool, bool, str]] = set()
        for index, series in enumerate(self._series):
            values = f"{quote_sheet(series.values.sheet.name)}!{series.values.area.absolute_ref}"
            categories = None
            if self.categories is not None:
                cat = self.categories
                categories = AxDataSource(strRef=StrRef(f=f"{quote_sheet(cat.sheet.name)}!{cat.area.absolute_ref}"))
            xl = XlSeries(
                idx=index,
                order=index,
                tx=SeriesLabel(v=series.name or f"Series{index + 1}"),
                val=NumDataSource(numRef=NumRef(f=values)),
                cat=categories,
            )
            if series.fill_color:
                xl.graphicalProperties.solidFill = series.fill_color
            for point, com in enumerate(series._com._points):
                rgb = com.Format.Fill.ForeColor.RGB
                if rgb is not None:
                    data_point = DataPoint(idx=point)
                    data_point.graphicalProperties.solidFill = (
                        f"{rgb & 0xFF:02X}{(rgb >> 8) & 0xFF:02X}{(rgb >> 16) & 0xFF:02X}"
                    )
                    xl.dPt.append(data_point)
            com = series._com
            if com.HasDataLabels:
                dl = com._labels
                labels.add((dl.ShowValue, dl.ShowPercentage, dl.NumberFormat))
            chart.series.append(xl)
        if len(labels) == 1:  # Excel stores the same labels on every series; one list says the same
            show_value, show_percent, number_format = labels.pop()
            chart.dataLabels = DataLabelList(
                showVal=show_value,
                showPercent=show_percent,
                showCatName=False,
                showSerName=False,
                showLegendKey=False,
                numFmt=None if number_format == "General" else number_format,
            )
        if self.title is not None:
            chart.title = self.title
        chart.width = self.width * 2.54 / 72
        chart.height = self.height * 2.54 / 72
        chart.anchor = f"{get_column_letter(self.anchor.left)}{self.anchor.top}"
        if not self.legend.visible:
            chart.legend = None
        elif chart.legend is not None:
            chart.legend.position = {"bottom": "b", "right": "r", "top": "t", "left": "l"}.get(
                self.legend.position or "right", "r"
            )
        return chart


class FakeCharts:
    """xlwings' Charts: ``add`` with the arguments of xlwings 0.37.8."""

    def __init__(self, sheet: FakeSheet) -> None:
        self.sheet = sheet
        self.items: list[FakeChart] = []

    def __iter__(self) -> Iterator[FakeChart]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def add(
        self,
        left: float = 0,
        top: float = 0,
        width: float = 355,
        height: float = 211,
        chart_type: str | None = None,
        source: FakeRange | None = None,
        plot_by: str | None = None,
        name: str | None = None,
        anchor: FakeRange | None = None,
        style: int | None = 227,
    ) -> FakeChart:
        if anchor is not None and (top or left):
            raise ValueError("You must either provide 'anchor' or 'top'/'left', but not both.")
        if anchor is None:
            raise NotImplementedError("the fake places charts by anchor only")
        if chart_type is not None and chart_type not in base_classes.CHART_TYPES:
            raise ValueError(f"Invalid chart type: {chart_type!r}")
        if plot_by is not None and source is None:
            raise ValueError("'plot_by' requires 'source'.")
        self.sheet.book.recorder.tick("charts.add")
        chart = FakeChart(self.sheet, anchor.area, width, height, chart_type or "column_clustered")
        if source is not None:
            chart.set_source_data(source, plot_by)
        self.items.append(chart)
        return chart


#: The calls the live writer makes, by xlwings class: checked against the installed xlwings.
XLWINGS_SURFACE: dict[str, tuple[str, ...]] = {
    "Book": ("sheets", "app", "api", "name", "fullname"),
    "Sheets": ("add", "__getitem__", "__iter__", "__len__"),
    "Sheet": ("name", "delete", "activate", "range", "charts", "page_setup", "api", "book"),
    "Range": (
        "value",
        "number_format",
        "font",
        "color",
        "horizontal_alignment",
        "vertical_alignment",
        "wrap_text",
        "borders",
        "merge",
        "column_width",
        "row_height",
        "api",
        "address",
    ),
    "Font": ("set",),
    "Borders": ("set",),
    "Charts": ("add",),
    "Chart": (
        "set_source_data",
        "set_x_axis_values",
        "title",
        "legend",
        "value_axis",
        "category_axis",
        "series",
        "api",
    ),
    "ChartLegend": ("visible", "position"),
    "ChartAxis": ("title", "number_format", "maximum_scale", "reverse_order"),
    "ChartSeries": ("set", "api"),
    "PageSetup": ("print_area",),
    "App": ("alert", "api", "books", "engine", "screen_updating"),
}
#: Fake methods whose keyword names must equal xlwings' (class, method, fake).
XLWINGS_SIGNATURES: tuple[tuple[str, str, Callable[..., Any]], ...] = (
    ("Sheets", "add", FakeSheets.add),
    ("Font", "set", _Font.set),
    ("Borders", "set", _Borders.set),
    ("Charts", "add", FakeCharts.add),
    ("Chart", "set_source_data", FakeChart.set_source_data),
    ("Range", "merge", FakeRange.merge),
    ("Chart", "set_x_axis_values", FakeChart.set_x_axis_values),
    ("ChartSeries", "set", FakeChartSeries.set),
    ("App", "alert", FakeApp.alert),
)
