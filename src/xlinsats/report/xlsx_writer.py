"""The report as an .xlsx file written with openpyxl: native charts, formats, A4 print set-up; atomic, deterministic."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from collections.abc import Sequence
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.chart import BarChart, PieChart
from openpyxl.chart.data_source import AxDataSource, NumDataSource, NumRef, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.series import Series as XlSeries
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from xlinsats.atomic import write_atomic
from xlinsats.report.cells import Area, cell_ref, looks_like_formula
from xlinsats.report.layout import FMT_PERCENT, CellValue, Chart, PageSetup, Report, Style
from xlinsats.report.writer import render_report

_CM_PER_INCH = 2.54
# Without SOURCE_DATE_EPOCH the same report always gets the same bytes: zip entries and document
# properties carry this fixed time instead of the time of writing.
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _named_style(style: Style) -> NamedStyle:
    side = Side(style="thin", color="808080")
    border = {
        "none": Border(),
        "box": Border(left=side, right=side, top=side, bottom=side),
        "bottom": Border(bottom=Side(style="thin", color="1F3864")),
    }[style.border]
    return NamedStyle(
        name=style.name,
        font=Font(name=style.font, size=style.size, bold=style.bold, italic=style.italic, color=style.color),
        fill=PatternFill("solid", fgColor=style.fill) if style.fill else PatternFill(),
        alignment=Alignment(horizontal=style.horizontal, vertical=style.vertical, wrap_text=style.wrap),
        border=border,
    )


def _set_text_safely(cell: XlCell) -> None:
    """Keep a text that looks like a formula as text: a string cell, with the quote prefix Excel uses."""
    if isinstance(cell.value, str) and looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


class XlsxSheet:
    """A report sheet in an openpyxl worksheet (implements SheetTarget)."""

    def __init__(self, book: XlsxBook, worksheet: Worksheet) -> None:
        self._book = book
        self.worksheet = worksheet

    def write_values(self, top: int, left: int, values: Sequence[Sequence[CellValue]]) -> None:
        """Write a rectangle of values; texts stay texts."""
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                if value is None:
                    continue
                cell = self.worksheet.cell(top + r, left + c)
                cell.value = value
                _set_text_safely(cell)

    def format_range(self, area: Area, style: Style, number_format: str) -> None:
        """Apply the named style and number format to each cell of the area."""
        # An empty cell shows nothing of a style without fill or border, so it is not created at all: the
        # covered cells of merged text rows are most of a long report's cells.
        invisible_when_empty = style.fill is None and style.border == "none"
        cells = self.worksheet._cells
        for row in range(area.top, area.bottom + 1):
            for column in range(area.left, area.right + 1):
                if invisible_when_empty and (row, column) not in cells:
                    continue
                cell = self.worksheet.cell(row, column)
                cell._style = copy(self._book.style_array(style, number_format))
                _set_text_safely(cell)

    def merge(self, area: Area) -> None:
        """Merge the area."""
        # openpyxl's merge_cells compares with every earlier range (quadratic for a long report) and redraws
        # borders; the layout never overlaps merges and has styled every cell, so the range is just recorded
        # (the file writer only needs its reference).
        self.worksheet.merged_cells.ranges.add(CellRange(area.ref))

    def set_column_width(self, column: int, width: float) -> None:
        """Set a column width."""
        self.worksheet.column_dimensions[get_column_letter(column)].width = width

    def set_row_height(self, row: int, height: float) -> None:
        """Set a row height."""
        self.worksheet.row_dimensions[row].height = height

    def add_chart(self, chart: Chart) -> None:
        """Add a native bar or pie chart."""
        self.worksheet.add_chart(_chart(chart), cell_ref(*chart.anchor))

    def set_page(self, page: PageSetup, row_breaks: Sequence[int]) -> None:
        """Apply A4 print set-up, fit to pages, margins, header, footer and page breaks."""
        ws = self.worksheet
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = page.orientation
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = page.fit_width
        ws.page_setup.fitToHeight = page.fit_height
        left, right, top, bottom = (value / _CM_PER_INCH for value in page.margins_cm)
        ws.page_margins = PageMargins(left=left, right=right, top=top, bottom=bottom, header=0.3, footer=0.3)
        ws.oddHeader.center.text = page.header
        ws.oddFooter.center.text = page.footer
        if page.print_area is not None:
            ws.print_area = page.print_area.ref
        for row in row_breaks:
            ws.row_breaks.append(Break(id=row))


class XlsxBook:
    """A new openpyxl workbook that report sheets are added to (implements BookTarget)."""

    def __init__(self) -> None:
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self._styles: set[str] = set()
        self._arrays: dict[tuple[str, str], StyleArray] = {}
        self._scratch = self.workbook.create_sheet("scratch")
        self.workbook.remove(self._scratch)

    def register_style(self, style: Style) -> None:
        """Add the named style to the workbook the first time it is used."""
        if style.name not in self._styles:
            self.workbook.add_named_style(_named_style(style))
            self._styles.add(style.name)

    def style_array(self, style: Style, number_format: str) -> StyleArray:
        """Return the cell formatting for a named style and number format, resolved once per pair."""
        key = (style.name, number_format)
        if key not in self._arrays:
            # Setting a named style through openpyxl is slow; resolve it once on a scratch cell and reuse it.
            self.register_style(style)
            cell = self._scratch.cell(1, 1)
            cell.style = style.name
            cell.number_format = number_format
            self._arrays[key] = copy(cell._style)
        return self._arrays[key]

    def add_sheet(self, name: str) -> XlsxSheet:
        """Return a new sheet at the end of the workbook."""
        return XlsxSheet(self, self.workbook.create_sheet(name))


def _label(text: str) -> SeriesLabel:
    return SeriesLabel(v=text)


def _series(values: str, categories: str, name: str, index: int) -> XlSeries:
    series = XlSeries(
        idx=index,
        order=index,
        tx=_label(name),
        val=NumDataSource(numRef=NumRef(f=values)),
        cat=AxDataSource(strRef=StrRef(f=categories)),
    )
    return series


def _title(text: str) -> Title:
    # The default chart title is 18 pt, too large beside 10 pt report text.
    font = CharacterProperties(sz=1100, b=True)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=font), r=[RegularTextRun(rPr=font, t=text)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _chart(spec: Chart) -> BarChart | PieChart:
    chart: BarChart | PieChart
    if spec.kind == "bar":
        chart = BarChart()
        chart.type = "bar" if spec.horizontal else "col"
        chart.grouping = spec.grouping
        if spec.grouping != "clustered":
            chart.overlap = 100
        chart.gapWidth = 60
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        if spec.axis_title:
            chart.y_axis.title = spec.axis_title
        if spec.grouping == "percentStacked":
            chart.y_axis.number_format = FMT_PERCENT
            chart.y_axis.scaling.max = 1
        chart.x_axis.scaling.orientation = "maxMin" if spec.horizontal else "minMax"
    else:
        chart = PieChart()
        chart.varyColors = True
    for index, series_spec in enumerate(spec.series):
        series = _series(series_spec.values.formula, series_spec.categories.formula, series_spec.name, index)
        if series_spec.color:
            series.graphicalProperties.solidFill = series_spec.color
            series.graphicalProperties.line.solidFill = series_spec.color
        for point, color in enumerate(spec.point_colors):
            data_point = DataPoint(idx=point)
            data_point.graphicalProperties.solidFill = color
            series.dPt.append(data_point)
        chart.series.append(series)
    if spec.data_labels != "none":
        chart.dataLabels = DataLabelList(
            showVal=spec.data_labels == "value",
            showPercent=spec.data_labels == "percent",
            showCatName=False,
            showSerName=False,
            showLegendKey=False,
            numFmt=spec.label_format,
        )
    chart.title = _title(spec.title)
    chart.width = spec.width_cm
    chart.height = spec.height_cm
    if spec.legend == "none":
        chart.legend = None
    elif chart.legend is not None:
        chart.legend.position = "b" if spec.legend == "bottom" else "r"
    return chart


def _fixed_time() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        stamp = time.gmtime(max(int(epoch), 315532800))  # zip cannot store times before 1980
        return (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min, stamp.tm_sec)
    return _FIXED_TIME


def _deterministic(package: bytes) -> bytes:
    """Return the package with fixed entry times and document dates, so equal reports give equal bytes."""
    stamp = _fixed_time()
    iso = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*stamp)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + iso.encode() + m.group(3),
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, data)
    return out.getvalue()


def report_bytes(report: Report) -> bytes:
    """Return the report as the bytes of an .xlsx file."""
    book = XlsxBook()
    render_report(report, book)
    book.workbook.properties.title = report.title
    book.workbook.properties.creator = "xlinsats"
    buffer = io.BytesIO()
    book.workbook.save(buffer)
    return _deterministic(buffer.getvalue())


def write_report(report: Report, dest: Path) -> None:
    """Write the report to ``dest`` (.xlsx) atomically: a temporary file in its folder, then os.replace.

    Raises:
        FileLockedError: ``dest`` is open in Excel.
    """
    data = report_bytes(report)

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomic(Path(dest), write)
