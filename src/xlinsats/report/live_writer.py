"""The report written live into an open workbook through xlwings: new sheets first, the old report replaced last.

Everything here uses only the part of xlwings' API that its Office.js engines (xlwings Lite, xlwings Server)
also implement: bulk values, number formats, fonts, fills, alignment, borders, merges, sizes, charts with
their type, data, title, legend and axes, the print area. What only desktop Excel offers (paper, margins,
header and footer, page breaks, series names and colours, data labels) is handed to an optional
``DesktopDetails`` object (``report.live_desktop``), so a macro-free route can reuse this module unchanged.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal, Protocol

from xlinsats.report.cells import Area, as_typed_text, column_letter
from xlinsats.report.layout import (
    FMT_GENERAL,
    FMT_PERCENT,
    Block,
    CellValue,
    Chart,
    PageSetup,
    Report,
    Style,
    with_sheet_prefix,
)
from xlinsats.report.writer import render_report

#: Report sheets in the workbook start with this; the VBA "Exportera PDF" exports the sheets that do.
REPORT_PREFIX = "Rapport"
#: The prefix put in front of the layout's sheet names ("Rapport Insatser"; the input sheet is "Insatser").
SHEET_PREFIX = REPORT_PREFIX + " "
#: A new report sheet is built under this mark and renamed only when the whole report is complete.
BUILDING_MARK = "~"
#: The old report's sheets carry this mark between the renaming of the new report and their deletion.
RETIRED_MARK = "~~"
_MAX_SHEET_NAME = 31

_POINTS_PER_CM = 72 / 2.54
ColumnUnit = Literal["characters", "points"]


class DesktopDetails(Protocol):
    """What desktop Excel adds to a live report beyond the portable API (``report.live_desktop``)."""

    def page(self, sheet: Any, page: PageSetup, row_breaks: Sequence[int]) -> None:
        """Apply paper, orientation, fit to pages, margins, header, footer and page breaks."""

    def chart(self, chart: Any, spec: Chart) -> None:
        """Give a chart's series their names and colours, its data labels, and its title's size."""


def _hex(color: str) -> str:
    return "#" + color


def _cell_value(value: CellValue) -> CellValue:
    """Return a value as it must be put into a live cell: every text typed as literal text."""
    return as_typed_text(value) if isinstance(value, str) else value


def _column_width_points(characters: float) -> float:
    """Convert a width in characters of the default font (Calibri 11: 7 px per digit, 5 px padding) to points."""
    return round((characters * 7 + 5) * 0.75, 2)


def _chart_type(spec: Chart) -> str:
    if spec.kind == "pie":
        return "pie"
    direction = "bar" if spec.horizontal else "column"
    suffix = {"clustered": "clustered", "stacked": "stacked", "percentStacked": "stacked_100"}[spec.grouping]
    return f"{direction}_{suffix}"


def _values_area(spec: Chart) -> Area:
    """Return the one rectangle that holds every series' values, one column per series, in series order."""
    areas = [series.values.area for series in spec.series]
    first = areas[0]
    for index, area in enumerate(areas):
        column = first.left + index
        if (area.top, area.bottom, area.left, area.right) != (first.top, first.bottom, column, column):
            raise ValueError(f"diagrammet {spec.title!r}: serierna måste ligga i intilliggande kolumner")
    if len({series.categories for series in spec.series}) != 1:
        raise ValueError(f"diagrammet {spec.title!r}: serierna måste ha samma kategorier")
    return Area(first.top, first.left, first.bottom, first.left + len(areas) - 1)


def _stacked(runs: Sequence[tuple[Area, Style, str]]) -> list[tuple[Area, Style, str, int]]:
    """Join one-row runs with the same columns, style and number format on consecutive rows into rectangles.

    Returns (area, style, number format, number of rows joined), in the order the rectangles were begun.
    """
    stacks: dict[tuple[int, int, str, str], int] = {}  # the stack each key may still grow, by index
    joined: list[tuple[Area, Style, str, int]] = []
    for area, style, number_format in runs:
        key = (area.left, area.right, style.name, number_format)
        index = stacks.get(key)
        if index is not None and area.rows == 1 and joined[index][0].bottom + 1 == area.top:
            stack, _, _, rows = joined[index]
            joined[index] = (Area(stack.top, stack.left, area.bottom, stack.right), style, number_format, rows + 1)
        else:
            stacks[key] = len(joined)
            joined.append((area, style, number_format, area.rows))
    return joined


def _merge_groups(areas: Sequence[Area]) -> list[tuple[Area, bool]]:
    """Join one-row merges of the same columns on consecutive rows: (area, merge each row across)."""
    groups: list[tuple[Area, bool]] = []
    open_groups: dict[tuple[int, int], int] = {}  # the group one-row merges of these columns may extend
    for area in sorted(areas):
        index = open_groups.get((area.left, area.right))
        if area.rows == 1 and index is not None and groups[index][0].bottom + 1 == area.top:
            group = groups[index][0]
            groups[index] = (Area(group.top, group.left, area.bottom, group.right), True)
        elif area.rows == 1:
            open_groups[(area.left, area.right)] = len(groups)
            groups.append((area, False))
        else:
            groups.append((area, False))
    return groups


def _height_runs(heights: Sequence[tuple[int, float]]) -> list[tuple[int, int, float]]:
    """Join consecutive rows of equal height: (first row, last row, height)."""
    runs: list[tuple[int, int, float]] = []
    for row, height in sorted(heights):
        if runs and runs[-1][1] + 1 == row and runs[-1][2] == height:
            runs[-1] = (runs[-1][0], row, height)
        else:
            runs.append((row, row, height))
    return runs


class LiveSheet:
    """A report sheet being built in an open workbook (implements SheetTarget)."""

    def __init__(self, book: LiveBook, sheet: Any) -> None:
        self._book = book
        self.sheet = sheet
        self._pending: list[tuple[Area, Style, str]] = []
        self._merges: list[Area] = []
        self._heights: list[tuple[int, float]] = []

    def _range(self, area: Area) -> Any:
        return self.sheet.range((area.top, area.left), (area.bottom, area.right))

    def write_block(self, block: Block, styles: Mapping[str, Style]) -> None:
        """Write the block's values with one range assignment and note its formats, run by run, for ``flush``."""
        self.write_values(block.top, block.left, block.values)
        for area, style, number_format in block.format_runs():
            self.format_range(area, styles[style], number_format)

    def write_values(self, top: int, left: int, values: Sequence[Sequence[CellValue]]) -> None:
        """Write the block with one range assignment; every text gets Excel's quote prefix."""
        self.sheet.range((top, left)).value = [[_cell_value(value) for value in row] for row in values]

    def format_range(self, area: Area, style: Style, number_format: str) -> None:
        """Note the area's style and number format; they are applied, joined into rectangles, by ``flush``."""
        self._pending.append((area, style, number_format))

    def flush(self) -> None:
        """Apply the noted formats, merges and row heights (in that order, as ``render_report`` gives them).

        Runs on consecutive rows with the same columns and style become one range, one-row merges of the
        same columns on consecutive rows one ``merge(across=True)``, equal heights of consecutive rows one
        call. Each call is a round trip to Excel, and formatting one range takes about ten, so this is what
        keeps a long report from taking minutes.
        """
        pending, self._pending = self._pending, []
        for area, style, number_format, rows in _stacked(pending):
            self._apply(area, style, number_format, rows)
        merges, self._merges = self._merges, []
        for area, across in _merge_groups(merges):
            self._range(area).merge(across=across)
        heights, self._heights = self._heights, []
        for first, last, height in _height_runs(heights):
            self.sheet.range(f"{first}:{last}").row_height = height

    def _apply(self, area: Area, style: Style, number_format: str, rows: int) -> None:
        cells = self._range(area)
        if number_format != FMT_GENERAL:  # a new sheet's cells are General already
            cells.number_format = number_format
        cells.font.set(name=style.font, size=style.size, bold=style.bold, italic=style.italic, color=_hex(style.color))
        if style.fill is not None:
            cells.color = _hex(style.fill)
        cells.horizontal_alignment = style.horizontal
        cells.vertical_alignment = style.vertical
        cells.wrap_text = style.wrap
        if style.border == "box":  # every cell boxed: the outline and all inside lines
            cells.borders.set("all", line_style="continuous", weight="thin", color="#808080")
        elif style.border == "bottom":  # a line under every row of the stack
            sides = ["edge_bottom", "inside_horizontal"] if rows > 1 else ["edge_bottom"]
            cells.borders.set(sides, line_style="continuous", weight="thin", color="#1F3864")

    def merge(self, area: Area) -> None:
        """Note the area for merging; ``flush`` merges stacked one-row areas in one call."""
        self._merges.append(area)

    def set_column_width(self, column: int, width: float) -> None:
        """Set a column's width (characters on desktop Excel, points on the Office.js engines)."""
        letter = column_letter(column)
        value = width if self._book.column_unit == "characters" else _column_width_points(width)
        self.sheet.range(f"{letter}:{letter}").column_width = value

    def set_row_height(self, row: int, height: float) -> None:
        """Note a row's height in points; ``flush`` sets consecutive rows of one height in one call."""
        self._heights.append((row, height))

    def add_chart(self, chart: Chart) -> None:
        """Add a native chart over the cells its series refer to, with title, legend and axes."""
        self.flush()
        sheet = self._book.sheet_named(chart.series[0].values.sheet)
        values = _values_area(chart)
        categories = chart.series[0].categories
        anchor_row, anchor_column = chart.anchor
        added = self.sheet.charts.add(
            anchor=self.sheet.range((anchor_row, anchor_column)),
            width=round(chart.width_cm * _POINTS_PER_CM, 2),
            height=round(chart.height_cm * _POINTS_PER_CM, 2),
            chart_type=_chart_type(chart),
            source=sheet.range((values.top, values.left), (values.bottom, values.right)),
            plot_by="columns",
        )
        category_sheet = self._book.sheet_named(categories.sheet)
        added.set_x_axis_values(
            category_sheet.range(
                (categories.area.top, categories.area.left), (categories.area.bottom, categories.area.right)
            )
        )
        added.title = chart.title
        if chart.legend == "none":
            added.legend.visible = False
        else:
            added.legend.position = chart.legend
        if chart.kind == "bar":
            if chart.axis_title:
                added.value_axis.title = chart.axis_title
            if chart.grouping == "percentStacked":
                added.value_axis.number_format = FMT_PERCENT
                added.value_axis.maximum_scale = 1
            if chart.horizontal:  # the first category on top, as it reads in the table
                added.category_axis.reverse_order = True
        if self._book.desktop is not None:
            self._book.desktop.chart(added, chart)

    def set_page(self, page: PageSetup, row_breaks: Sequence[int]) -> None:
        """Set the print area; the rest of the print set-up needs desktop Excel."""
        self.flush()
        if page.print_area is not None:
            self.sheet.page_setup.print_area = page.print_area.absolute_ref
        if self._book.desktop is not None:
            self._book.desktop.page(self.sheet, page, row_breaks)


class LiveBook:
    """An open xlwings Book that report sheets are built in, each under a temporary name (BookTarget)."""

    def __init__(
        self, book: Any, *, desktop: DesktopDetails | None = None, column_unit: ColumnUnit = "characters"
    ) -> None:
        self.book = book
        self.desktop = desktop
        self.column_unit = column_unit
        #: (final name, xlwings sheet) of every sheet added, in order.
        self.added: list[tuple[str, Any]] = []
        self._live: list[LiveSheet] = []

    def add_sheet(self, name: str) -> LiveSheet:
        """Add an empty sheet at the end of the workbook, named ``BUILDING_MARK + name`` until it is complete."""
        temporary = (BUILDING_MARK + name)[:_MAX_SHEET_NAME]
        sheets = self.book.sheets
        sheet = sheets.add(temporary, after=sheets[len(sheets) - 1])
        self.added.append((name, sheet))
        live = LiveSheet(self, sheet)
        self._live.append(live)
        return live

    def flush(self) -> None:
        """Apply the formats still pending on every sheet."""
        for sheet in self._live:
            sheet.flush()

    def sheet_named(self, name: str) -> Any:
        """Return the sheet being built for the report sheet ``name`` (chart series refer to it by that name)."""
        for final, sheet in self.added:
            if final == name:
                return sheet
        raise ValueError(f"diagrammet hänvisar till bladet {name!r}, som inte finns i rapporten")


def _leftovers(book: Any, prefix: str) -> list[Any]:
    """Return the sheets an earlier run left under the building or retired mark (Excel cut it short)."""
    retired = re.compile(re.escape(RETIRED_MARK) + r"\d+ " + re.escape(prefix))
    return [
        sheet
        for sheet in book.sheets
        if str(sheet.name).startswith(BUILDING_MARK + prefix) or retired.match(str(sheet.name))
    ]


def _delete_quietly(sheets: Sequence[Any]) -> None:
    """Delete sheets while cleaning up after an error; a failure here must not hide the first error."""
    for sheet in sheets:
        with contextlib.suppress(Exception):  # the error being handled is the one the user must see
            sheet.delete()


def _swap(book: Any, added: Sequence[tuple[str, Any]]) -> None:
    """Put the new sheets in place of the old report: rename (reversibly) first, delete the old report last.

    The old report is the sheets named as the new report's sheets (Excel ignores case in sheet names); any
    other sheet, even one whose name starts with "Rapport", is the user's and stays.
    """
    finals = {final.casefold() for final, _ in added}
    old = [sheet for sheet in book.sheets if str(sheet.name).casefold() in finals]
    retired: list[tuple[Any, str]] = []
    renamed: list[tuple[Any, str]] = []
    try:
        for index, sheet in enumerate(old):
            name = str(sheet.name)
            sheet.name = f"{RETIRED_MARK}{index} {name}"[:_MAX_SHEET_NAME]
            retired.append((sheet, name))
        for final, sheet in added:
            temporary = str(sheet.name)
            sheet.name = final
            renamed.append((sheet, temporary))
    except Exception:
        for sheet, name in [*reversed(renamed), *reversed(retired)]:
            with contextlib.suppress(Exception):  # restore what can be restored, then report the first error
                sheet.name = name
        raise
    # The new report is in place: an old sheet that will not go now is removed by the next build.
    _delete_quietly([sheet for sheet, _ in retired])


def write_live_report(
    report: Report,
    book: Any,
    *,
    prefix: str = SHEET_PREFIX,
    desktop: DesktopDetails | None = None,
    column_unit: ColumnUnit = "characters",
) -> list[str]:
    """Write the report into the open xlwings ``book`` as sheets named ``prefix`` + the layout's names.

    The new sheets are built under temporary names after the last sheet; only when every one is complete
    are the old report's sheets (those with the new sheets' names) replaced. On any error the new sheets
    are deleted, the old report is left as it was, and the error is raised again: an exception from here
    always means the old report is still in place.

    Args:
        report: The report layout.
        book: An open xlwings Book (or an object with the same API).
        prefix: Starts every report sheet's name.
        desktop: Adds what only desktop Excel offers (``live_desktop.ComDetails()``), or None.
        column_unit: The unit of ``column_width`` on this engine: characters (desktop) or points (Office.js).

    Returns:
        The names of the report sheets, in order.
    """
    named = with_sheet_prefix(report, prefix)
    # Sheets left under a building or retired mark by an earlier run that Excel cut short.
    _delete_quietly(_leftovers(book, prefix))
    target = LiveBook(book, desktop=desktop, column_unit=column_unit)
    # Excel redraws after every call otherwise; the many small format calls then take most of the time.
    book.app.screen_updating = False
    try:
        render_report(named, target)
        target.flush()
        _swap(book, target.added)
    except BaseException:
        _delete_quietly([sheet for _, sheet in target.added if str(sheet.name).startswith(BUILDING_MARK + prefix)])
        raise
    finally:
        book.app.screen_updating = True
    if target.added:
        with contextlib.suppress(Exception):  # the report is complete; where Excel shows it is a nicety
            target.added[0][1].activate()
    return [final for final, _ in target.added]
