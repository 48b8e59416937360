"""The report as an .xlsx file written with XlsxWriter: native charts, formats, A4 print set-up; reproducible."""

from __future__ import annotations

import io
import os
import tempfile
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from io import BytesIO, StringIO
from itertools import count, repeat
from operator import attrgetter
from pathlib import Path
from typing import Any, overload

from xlsxwriter.chart import Chart as XlChart
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.packager import Packager
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from xlinsats.atomic import write_atomic
from xlinsats.core.numbers import round_half_away
from xlinsats.excel_limits import CELL_TEXT, HEADER_FOOTER
from xlinsats.opc import write_zip_entries
from xlinsats.report.cells import Area, looks_like_formula
from xlinsats.report.layout import FMT_GENERAL, FMT_PERCENT, Block, CellValue, Chart, PageSetup, Report, Style
from xlinsats.report.writer import render_report

_CM_PER_INCH = 2.54
_PIXELS_PER_CHARACTER = 7  # the maximum digit width of the default font, Calibri 11, at 96 dpi
_PIXELS_PER_CM = 96 / _CM_PER_INCH  # XlsxWriter sizes charts in pixels at 96 dpi
_HEADER_MARGIN_INCH = 0.3
# Document dates without SOURCE_DATE_EPOCH: the same report always gets the same bytes. XlsxWriter gives every
# zip entry a fixed time itself.
_FIXED_CREATED = datetime(1980, 1, 1, tzinfo=UTC)
_BORDER_GREY = "#808080"
_BORDER_HEADING = "#1F3864"

# XlsxWriter's write() turns strings that start with "=" into formulas and strings that look like URLs into
# hyperlinks; the report stores every text literally, so those conversions are off (write_string is used too).
# Constant-memory mode writes each row to a temporary file as soon as the next row starts, instead of keeping
# every cell until the end (XlsxWriter then stores the zip entries with the fixed time 1980-01-31).
_WORKBOOK_OPTIONS: dict[str, Any] = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def _format_properties(style: Style, number_format: str, quoted: bool) -> dict[str, Any]:
    """Return XlsxWriter format properties for a layout style, a number format and the quote prefix."""
    properties: dict[str, Any] = {
        "font_name": style.font,
        "font_size": style.size,
        "bold": style.bold,
        "italic": style.italic,
        "font_color": "#" + style.color,
        "align": style.horizontal,
        "valign": "vcenter" if style.vertical == "center" else style.vertical,
        "text_wrap": style.wrap,
    }
    if style.fill:
        properties.update(pattern=1, bg_color="#" + style.fill)
    if style.border == "box":
        properties.update(border=1, border_color=_BORDER_GREY)
    elif style.border == "bottom":
        properties.update(bottom=1, bottom_color=_BORDER_HEADING)
    if number_format != FMT_GENERAL:
        properties["num_format"] = number_format
    if quoted:
        # Excel's own mark for "this text was typed as text": a string cell never holds a formula anyway.
        properties["quote_prefix"] = True
    return properties


class _Block:
    """The values of one written block and the formats given to its cells.

    ``formats`` is None (none given yet), one Format for the whole block (the common case: a text row or a
    table row in one style), or a list with one entry per cell, row after row.
    """

    __slots__ = ("bottom", "formats", "left", "order", "right", "top", "values", "width")

    def __init__(self, order: int, top: int, left: int, values: Sequence[Sequence[CellValue]]) -> None:
        self.order = order
        self.top, self.left = top, left
        self.values = values
        self.width = len(values[0])
        self.bottom = top + len(values) - 1
        self.right = left + self.width - 1
        self.formats: Format | list[Format | None] | None = None

    def holds(self, area: Area) -> bool:
        """Whether the block covers the whole area."""
        return self.top <= area.top <= area.bottom <= self.bottom and self.left <= area.left <= area.right <= self.right

    def set_format(self, area: Area, cell_format: Format) -> None:
        """Give the cells of ``area`` (inside the block) the format."""
        if area.top == self.top and area.bottom == self.bottom and area.left == self.left and area.right == self.right:
            self.formats = cell_format
            return
        if not isinstance(self.formats, list):
            self.formats = [self.formats] * (self.width * len(self.values))
        start, stop = area.left - self.left, area.right - self.left + 1
        for row in range(area.top - self.top, area.bottom - self.top + 1):
            self.formats[row * self.width + start : row * self.width + stop] = [cell_format] * (stop - start)

    def row_formats(self, offset: int) -> Iterable[Format | None]:
        """The formats of the cells of one row of the block (0 is its top row)."""
        if isinstance(self.formats, list):
            return self.formats[offset * self.width : (offset + 1) * self.width]
        return repeat(self.formats, self.width)


class XlsxSheet:
    """A report sheet in an XlsxWriter worksheet (implements SheetTarget).

    XlsxWriter sets a cell's value and format in one call and, in constant-memory mode, takes cells row by row;
    the protocol gives blocks in layout order, and blocks may share rows. So the sheet keeps each block's values
    with its formats and writes every cell once, in row order, when the sheet is finished. ``write_values`` and
    ``format_range`` give values and formats separately (a rectangle of values, then any area, even one that no
    block holds), for callers that build a sheet without a layout.
    """

    def __init__(self, book: XlsxBook, worksheet: Worksheet) -> None:
        self._book = book
        self.worksheet = worksheet
        self._blocks: list[_Block] = []
        self._merges: list[Area] = []
        self._heights = bytearray()  # 1 at index r: row r has a height of its own
        self._charts: list[Chart] = []

    def write_block(self, block: Block, styles: Mapping[str, Style]) -> None:
        """Keep the block's values with their formats: one format for a block in one style, else one per cell."""
        cell_format = self._book.cell_format
        rows = block.cells
        values = tuple(tuple(cell.value for cell in row) for row in rows)
        kept = _Block(len(self._blocks), block.top, block.left, values)
        first = rows[0][0]
        style, number_format = first.style, first.number_format
        if all(cell.style == style and cell.number_format == number_format for row in rows for cell in row):
            kept.formats = cell_format(styles[style], number_format)
        else:
            kept.formats = [cell_format(styles[cell.style], cell.number_format) for row in rows for cell in row]
        self._blocks.append(kept)

    def write_values(self, top: int, left: int, values: Sequence[Sequence[CellValue]]) -> None:
        """Keep a rectangle of values for their formats; texts stay texts."""
        if values and values[0]:
            self._blocks.append(_Block(len(self._blocks), top, left, values))

    def _block_for(self, area: Area) -> _Block | None:
        """Return the latest block that holds the whole area (the one just written, as the protocol goes)."""
        for block in reversed(self._blocks):
            if block.holds(area):
                return block
        return None

    def format_range(self, area: Area, style: Style, number_format: str) -> None:
        """Give each cell of the area the style and number format."""
        cell_format = self._book.cell_format(style, number_format)
        block = self._block_for(area)
        if block is None:
            # An area no single block holds: each cell goes to the latest block holding it, or to a block of
            # its own (an empty formatted cell).
            for row in range(area.top, area.bottom + 1):
                for column in range(area.left, area.right + 1):
                    target = self._block_for(Area.cell(row, column))
                    if target is None:
                        target = _Block(len(self._blocks), row, column, ((None,),))
                        self._blocks.append(target)
                    target.set_format(Area.cell(row, column), cell_format)
            return
        block.set_format(area, cell_format)

    def merge(self, area: Area) -> None:
        """Merge the area (recorded now, written when the sheet is finished)."""
        self._merges.append(area)

    def set_column_width(self, column: int, width: float) -> None:
        """Set a column width, stored as the file's ``<col width>`` exactly as the openpyxl writer stored it."""
        # XlsxWriter's set_column adds Excel's 5 px cell padding to the width, which would widen every column
        # by 5 px against the pages reviewed so far; a width of w stored as is spans w * 7 pixels of Calibri 11.
        pixels = int(round_half_away(width * _PIXELS_PER_CHARACTER))
        self.worksheet.set_column_pixels(column - 1, column - 1, pixels)

    def set_row_height(self, row: int, height: float) -> None:
        """Set a row height in points."""
        self.worksheet.set_row(row - 1, height)
        if len(self._heights) <= row:
            self._heights.extend(bytes(row + 1 - len(self._heights)))
        self._heights[row] = 1

    def add_chart(self, chart: Chart) -> None:
        """Add a native bar or pie chart (made when the sheet is finished, after its cells are written)."""
        # An XlsxWriter chart object takes about 15 kB; made after the cells, the charts of a long report
        # (16 MB for 1,000 insatser) never share memory with the sheet's pending blocks.
        self._charts.append(chart)

    def set_page(self, page: PageSetup, row_breaks: Sequence[int]) -> None:
        """Apply A4 print set-up, fit to pages, margins, header, footer, print area and page breaks."""
        ws = self.worksheet
        ws.set_paper(9)  # A4
        if page.orientation == "landscape":
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(page.fit_width, page.fit_height)
        left, right, top, bottom = (value / _CM_PER_INCH for value in page.margins_cm)
        ws.set_margins(left=left, right=right, top=top, bottom=bottom)
        if page.header:
            ws.set_header(_header_footer(page.header), {"margin": _HEADER_MARGIN_INCH})
        if page.footer:
            ws.set_footer(_header_footer(page.footer), {"margin": _HEADER_MARGIN_INCH})
        if page.print_area is not None:
            area = page.print_area
            ws.print_area(area.top - 1, area.left - 1, area.bottom - 1, area.right - 1)
        # Excel's <brk id="n"> ends a page after 1-based row n, which is the protocol's meaning too.
        ws.set_h_pagebreaks(list(row_breaks))

    def finish(self) -> None:
        """Record the merges, write every cell once, row by row, then add the charts.

        Where blocks share a cell, as when writing cell by cell, an empty value never erases a value and the
        format given last wins.
        """
        ws = self.worksheet
        book = self._book
        _record_merges(ws, self._merges)
        write_string, write_number, write_blank = ws.write_string, ws.write_number, ws.write_blank
        visible = book.visible_formats
        # Stable sort: blocks starting on one row stay in the order written. Each block is dropped once its
        # rows are written, so the sheet's memory goes down as the rows go out.
        blocks = deque(sorted(self._blocks, key=attrgetter("top")))
        self._blocks = []
        last = max(max((block.bottom for block in blocks), default=0), len(self._heights) - 1)
        active: list[_Block] = []
        for row in range(1, last + 1):
            while blocks and blocks[0].top <= row:
                active.append(blocks.popleft())
            if active:
                active = [block for block in active if block.bottom >= row]
            cells: Iterable[tuple[int, CellValue, Format | None]]
            if len(active) == 1:
                # The common case: one block holds the row's cells.
                block = active[0]
                offset = row - block.top
                cells = zip(count(block.left), block.values[offset], block.row_formats(offset), strict=False)
            else:
                shared: dict[int, tuple[CellValue, Format | None]] = {}
                for block in sorted(active, key=attrgetter("order")):
                    offset = row - block.top
                    for column, value, cell_format in zip(
                        count(block.left), block.values[offset], block.row_formats(offset), strict=False
                    ):
                        if column in shared:
                            old_value, old_format = shared[column]
                            value = old_value if value is None else value
                            cell_format = old_format if cell_format is None else cell_format
                        shared[column] = (value, cell_format)
                cells = ((column, value, cell_format) for column, (value, cell_format) in shared.items())
            written = False
            index = row - 1
            for column, value, cell_format in cells:
                if value is None:
                    # An empty cell shows nothing of a style without fill or border, so none is written: the
                    # covered cells of merged text rows are most of a long report's cells.
                    if cell_format is None or cell_format not in visible:
                        continue
                    write_blank(index, column - 1, None, cell_format)
                elif isinstance(value, str):
                    if looks_like_formula(value):
                        cell_format = book.quoted(cell_format)
                    if write_string(index, column - 1, value, cell_format) != 0:
                        raise ValueError(f"text in row {row} exceeds Excel's {CELL_TEXT.value} characters")
                else:
                    write_number(index, column - 1, value, cell_format)
                written = True
            if not written and row < len(self._heights) and self._heights[row]:
                # In constant-memory mode XlsxWriter writes a row's height with the row's first cell only.
                write_blank(row - 1, 0, None, book.empty_format)
        for chart in self._charts:
            row, column = chart.anchor
            ws.insert_chart(row - 1, column - 1, _chart(book.workbook, chart))
        self._merges = []
        self._heights.clear()
        self._charts = []


class _MergeRanges(Sequence[tuple[int, int, int, int]]):
    """The merged ranges of a sheet as XlsxWriter's merge list reads them (zero-based), made from the areas
    when the file is written instead of being stored: 35,000 tuples of four ints are 5 MB."""

    def __init__(self, areas: Sequence[Area]) -> None:
        self._areas = areas

    def __len__(self) -> int:
        return len(self._areas)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int, int, int]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[int, int, int, int]]: ...

    def __getitem__(self, index: int | slice) -> tuple[int, int, int, int] | Sequence[tuple[int, int, int, int]]:
        if isinstance(index, slice):
            return _MergeRanges(self._areas[index])
        area = self._areas[index]
        return (area.top - 1, area.left - 1, area.bottom - 1, area.right - 1)


def _record_merges(worksheet: Worksheet, merges: Sequence[Area]) -> None:
    """Record merged ranges, refusing one that overlaps another (Excel repairs such a file).

    XlsxWriter's merge_range checks overlaps with a dictionary entry per merged cell (about 200,000 for a
    report of 1,000 insatser, 25 MB) and writes the first cell; the cells here are written once, afterwards,
    so the ranges become the worksheet's merge list directly, which is all that merge_range adds to the file
    (XlsxWriter 3.3 reads that list only to write <mergeCells>). The overlap check sweeps the ranges in row
    order, keeping only those still open.
    """
    ranges = sorted((area for area in merges if area.rows > 1 or area.columns > 1), key=attrgetter("top", "left"))
    active: list[Area] = []
    for area in ranges:
        active = [other for other in active if other.bottom >= area.top]
        for other in active:
            if other.left <= area.right and area.left <= other.right:
                raise ValueError(f"merged range {area.ref} overlaps merged range {other.ref}")
        active.append(area)
    worksheet.merge = _MergeRanges(ranges)


def _header_footer(text: str) -> str:
    """Return a centred header or footer; the layout keeps it within Excel's limit, and a longer one is refused.

    XlsxWriter would drop a header over the limit with only a warning, so a layout bug must not pass silently.
    """
    code = "&C"
    if len(code + text) > HEADER_FOOTER.value:
        raise ValueError(f"header or footer of {len(code + text)} characters exceeds {HEADER_FOOTER.describe()}")
    return code + text


class _Utf8Part(StringIO):
    """A part XlsxWriter writes as text (it takes a StringIO for "in memory"), kept as UTF-8 bytes.

    A StringIO holds four bytes a character once read; the charts of a long report are 2.5 MB of XML.
    """

    def __init__(self) -> None:
        super().__init__()
        self.data = bytearray()

    def write(self, text: str) -> int:
        self.data += text.encode("utf-8")
        return len(text)


class _PartsPackager(Packager):  # type: ignore[misc]
    """XlsxWriter's packager, keeping the parts for ``write_zip_entries``: sheets in files, the rest in memory.

    XlsxWriter writes every part of a file-backed workbook to a temporary file of its own: for a report of
    1,000 insatser that is over a thousand files (one per chart), and creating, re-reading and deleting them
    cost about as much as writing the charts (docs/performance.md). Only the worksheets are large
    (several MB, streamed from their row files), so only they go to files; the package is then written from
    the list this packager keeps, and XlsxWriter's own zip gets no parts.
    """

    def __init__(self, parts: list[tuple[str, _Utf8Part | BytesIO | Path]]) -> None:
        super().__init__()
        self.parts = parts

    def _filename(self, xml_filename: str) -> _Utf8Part | str:
        stream: _Utf8Part | str
        if xml_filename.startswith("xl/worksheets/sheet"):
            handle, stream = tempfile.mkstemp(suffix=".xml", dir=self.tmpdir)
            os.close(handle)
            self.parts.append((xml_filename, Path(stream)))
        else:
            stream = _Utf8Part()
            self.parts.append((xml_filename, stream))
        return stream

    def _create_package(self) -> list[tuple[Any, str, bool]]:
        super()._create_package()
        # The binary parts (none in a report today, e.g. images) come as (BytesIO, name, True) entries.
        named = {name for name, _ in self.parts}
        self.parts.extend(
            (name, stream) for stream, name, is_binary in self.filenames if is_binary and name not in named
        )
        return []


class _ReportWorkbook(Workbook):  # type: ignore[misc]
    """An XlsxWriter workbook whose parts are handed to ``write_zip_entries`` instead of XlsxWriter's zip."""

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(BytesIO(), options)
        self.parts: list[tuple[str, _Utf8Part | BytesIO | Path]] = []

    def _get_packager(self) -> Packager:
        return _PartsPackager(self.parts)

    def write_package(self, target: BytesIO | str) -> None:
        """Close the workbook and write its parts, in XlsxWriter's order, as a reproducible zip to ``target``."""
        # In memory mode XlsxWriter reads the parts from streams; the packager above gives it none.
        self.in_memory = True
        self.close()
        write_zip_entries(target, (_content(name, part) for name, part in self.parts))


def _content(name: str, part: _Utf8Part | BytesIO | Path) -> tuple[str, bytes | Path]:
    if isinstance(part, _Utf8Part):
        return name, bytes(part.data)
    if isinstance(part, BytesIO):
        return name, part.getvalue()
    return name, part


class XlsxBook:
    """A new XlsxWriter workbook that report sheets are added to (implements BookTarget)."""

    def __init__(self, target: io.BytesIO | str) -> None:
        # XlsxWriter's temporary files (rows, sheets) go to a folder of this book's own, removed whatever happens.
        self._folder = tempfile.TemporaryDirectory(prefix="xlinsats-rapport-")
        self._target = target
        self.workbook = _ReportWorkbook({**_WORKBOOK_OPTIONS, "tmpdir": self._folder.name})
        self.sheets: list[XlsxSheet] = []
        self._formats: dict[tuple[str, str], Format] = {}
        self._quoted: dict[Format, Format] = {}
        self._visible: set[Format] = set()
        self._plain_quoted = self.workbook.add_format({"quote_prefix": True})
        self.empty_format = self.workbook.add_format()

    def cell_format(self, style: Style, number_format: str) -> Format:
        """Return the one format object for a style and number format, made on first use."""
        key = (style.name, number_format)
        found = self._formats.get(key)
        if found is None:
            found = self.workbook.add_format(_format_properties(style, number_format, quoted=False))
            self._formats[key] = found
            self._quoted[found] = self.workbook.add_format(_format_properties(style, number_format, quoted=True))
            if style.fill is not None or style.border != "none":
                self._visible.add(found)
        return found

    def quoted(self, cell_format: Format | None) -> Format:
        """Return the format with Excel's quote prefix, for a text that would otherwise read as a formula."""
        if cell_format is None:
            return self._plain_quoted
        return self._quoted[cell_format]

    @property
    def visible_formats(self) -> set[Format]:
        """The formats an empty cell shows (a fill or a border): only those empty cells are written."""
        return self._visible

    def add_sheet(self, name: str) -> XlsxSheet:
        """Return a new sheet at the end of the workbook (XlsxWriter refuses names Excel would not accept)."""
        if self.sheets:
            self.sheets[-1].finish()
        sheet = XlsxSheet(self, self.workbook.add_worksheet(name))
        self.sheets.append(sheet)
        return sheet

    def close(self, title: str) -> None:
        """Finish the last sheet, set the document properties and write the package."""
        if self.sheets:
            self.sheets[-1].finish()
        self.workbook.set_properties({"title": title, "author": "xlinsats", "created": _created()})
        self.workbook.write_package(self._target)
        self._folder.cleanup()

    def discard(self) -> None:
        """Close the row files of an unfinished workbook and delete every temporary file XlsxWriter made."""
        for worksheet in self.workbook.worksheets():
            if worksheet.row_data_fh is not None:
                worksheet._opt_close()  # XlsxWriter has no public way to abandon a workbook
        self._folder.cleanup()


def _created() -> datetime:
    """The document's creation date: SOURCE_DATE_EPOCH when set, else a fixed date, never the time of writing."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return _FIXED_CREATED


def _formula(reference: str) -> str:
    return "=" + reference


def _chart(workbook: Workbook, spec: Chart) -> XlChart:
    """Return the XlsxWriter chart for a layout chart (titles and names are layout texts, never formulas)."""
    if spec.kind == "bar":
        subtype = {"clustered": None, "stacked": "stacked", "percentStacked": "percent_stacked"}[spec.grouping]
        options: dict[str, Any] = {"type": "bar" if spec.horizontal else "column"}
        if subtype:
            options["subtype"] = subtype
    else:
        options = {"type": "pie"}
    chart = workbook.add_chart(options)
    assert chart is not None
    for index, series_spec in enumerate(spec.series):
        series: dict[str, Any] = {
            "name": series_spec.name,
            "values": _formula(series_spec.values.formula),
            "categories": _formula(series_spec.categories.formula),
        }
        if series_spec.color:
            color = "#" + series_spec.color
            series["fill"] = {"color": color}
            series["border"] = {"color": color}
        if spec.point_colors:
            series["points"] = [{"fill": {"color": "#" + color}} for color in spec.point_colors]
        if spec.data_labels != "none":
            labels: dict[str, Any] = {"value": spec.data_labels == "value", "percentage": spec.data_labels == "percent"}
            if spec.label_format:
                labels["num_format"] = spec.label_format
            series["data_labels"] = labels
        if spec.kind == "bar" and index == 0:
            # Gap and overlap belong to the chart group; XlsxWriter takes them from the first series.
            series["gap"] = 60
            if spec.grouping != "clustered":
                series["overlap"] = 100
        chart.add_series(series)
    if spec.kind == "bar":
        # In a bar chart (bars drawn across) XlsxWriter's x axis is the value axis; in a column chart the y axis.
        value_axis: dict[str, Any] = {}
        if spec.axis_title:
            value_axis["name"] = spec.axis_title
            value_axis["name_font"] = {"size": 10, "bold": True}
        if spec.grouping == "percentStacked":
            value_axis["num_format"] = FMT_PERCENT
            value_axis["max"] = 1
        # Categories from top to bottom in table order, as they are read in the table above.
        category_axis: dict[str, Any] = {"reverse": spec.horizontal}
        if spec.horizontal:
            chart.set_x_axis(value_axis)
            chart.set_y_axis(category_axis)
        else:
            chart.set_y_axis(value_axis)
            chart.set_x_axis(category_axis)
    # The default chart title is 14 pt, too large beside 10 pt report text.
    chart.set_title({"name": spec.title, "name_font": {"size": 11, "bold": True}, "overlay": False})
    chart.set_size({"width": round(spec.width_cm * _PIXELS_PER_CM), "height": round(spec.height_cm * _PIXELS_PER_CM)})
    if spec.legend == "none":
        chart.set_legend({"none": True})
    else:
        chart.set_legend({"position": "bottom" if spec.legend == "bottom" else "right"})
    return chart


def _write(report: Report, target: io.BytesIO | str) -> None:
    """Write the report into a buffer or a file; on failure XlsxWriter's temporary files are removed."""
    book = XlsxBook(target)
    try:
        render_report(report, book)
        book.close(report.title)
    except FileCreateError as exc:
        # XlsxWriter wraps the operating system's error (disk full, no permission); callers expect an OSError.
        book.discard()
        # Keep the system's error number, so the user is told the reason in Swedish ("disken är full").
        original = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        if original is not None and original.errno is not None:
            raise OSError(original.errno, original.strerror) from exc
        raise OSError(str(exc)) from exc
    except BaseException:
        book.discard()
        raise


def report_bytes(report: Report) -> bytes:
    """Return the report as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    _write(report, buffer)
    return buffer.getvalue()


def write_report(report: Report, dest: Path) -> None:
    """Write the report to ``dest`` (.xlsx) atomically: a temporary file in its folder, then os.replace.

    Raises:
        FileLockedError: ``dest`` is open in Excel.
    """

    def write(tmp: Path) -> None:
        _write(report, str(tmp))

    write_atomic(Path(dest), write)
