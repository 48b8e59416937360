"""The report as pure data: sheets of cell blocks with named styles and formats, merges, charts and print set-up."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache
from typing import Literal

from xlinsats.core.figures import FollowUpFigures
from xlinsats.core.swedish import UNDEFINED
from xlinsats.excel_limits import CELL_TEXT, HEADER_FOOTER, SHEET_NAME_LENGTH, sheet_name_problems
from xlinsats.report.cells import Area, quote_sheet
from xlinsats.report.model import (
    GENDER_SERIES,
    GOAL_COLORS,
    HEADING_DEVELOPMENT,
    HEADING_ECONOMY,
    HEADING_FLOWS,
    HEADING_OUTCOMES,
    HEADING_OWN,
    HEADING_QUOTES,
    HEADING_RESULTS,
    NO_GOALS,
    NO_INSATSER,
    TREND_COLORS,
    Development,
    Economy,
    FlowTable,
    GoalTable,
    InsatsSection,
    KeyFigure,
    ReportModel,
    Value,
    build_model,
)

CellValue = str | int | float | None

# Number formats as stored in the file. [$-41D] asks for Swedish (sv-SE) separators, so grouping is a space
# and the decimal sign a comma in any viewer that honours the locale tag; the non-breaking space keeps
# "42 %" together.
FMT_GENERAL = "General"
FMT_COUNT = "[$-41D]#,##0"
FMT_PERCENT = '0"\u00a0"%'
FMT_COUNT_NO_ZERO = "[$-41D]#,##0;-#,##0;;"
FMT_TKR = '[$-41D]#,##0"\u00a0tkr"'

HorizontalAlign = Literal["left", "center", "right"]
VerticalAlign = Literal["top", "center", "bottom"]
Border = Literal["none", "box", "bottom"]


@dataclass(frozen=True)
class Style:
    """A named cell style; writers turn it into their own style objects."""

    name: str
    font: str = "Arial"
    size: float = 10
    bold: bool = False
    italic: bool = False
    color: str = "000000"
    fill: str | None = None
    horizontal: HorizontalAlign = "left"
    vertical: VerticalAlign = "top"
    wrap: bool = False
    border: Border = "none"


STYLES: tuple[Style, ...] = (
    Style("xl_body", wrap=True),
    Style("xl_title", size=15, bold=True, color="1F3864", vertical="bottom", wrap=True),
    Style("xl_heading", size=12, bold=True, color="1F3864", vertical="bottom", border="bottom"),
    Style("xl_subheading", size=10, bold=True, vertical="bottom"),
    Style("xl_label", bold=True),
    Style("xl_th", bold=True, fill="D9E2F3", wrap=True, vertical="center", border="box"),
    Style("xl_td", wrap=True, border="box"),
    Style("xl_td_center", horizontal="center", wrap=True, border="box", vertical="center"),
    Style("xl_td_number", horizontal="right", border="box"),
    Style("xl_total", bold=True, fill="F2F2F2", border="box"),
    Style("xl_total_number", bold=True, fill="F2F2F2", horizontal="right", border="box"),
    Style("xl_key_value", size=18, bold=True, color="1F3864", fill="D9E2F3", horizontal="center", vertical="center"),
    Style("xl_key_label", size=9, fill="D9E2F3", horizontal="center", vertical="top", wrap=True),
    Style("xl_quote", italic=True, wrap=True),
    Style("xl_source", size=8, color="595959", wrap=True),
    Style("xl_footnote", size=8, wrap=True),
)
_STYLE_SIZES = {style.name: style.size for style in STYLES}


@dataclass(frozen=True, slots=True)  # slots: a 1,000-insats report holds ~90,000 cells
class Cell:
    """One cell: a value (text is always literal text, never a formula), a named style and a number format."""

    value: CellValue = None
    style: str = "xl_body"
    number_format: str = FMT_GENERAL


@dataclass(frozen=True, slots=True)
class Block:
    """A rectangle of cells written in one go, its top-left corner at (top, left)."""

    top: int
    left: int
    cells: tuple[tuple[Cell, ...], ...]

    def __post_init__(self) -> None:
        widths = {len(row) for row in self.cells}
        if len(widths) != 1 or 0 in widths:
            raise ValueError("ett block måste vara rektangulärt och inte tomt")

    @property
    def area(self) -> Area:
        """The cells the block covers."""
        return Area(self.top, self.left, self.top + len(self.cells) - 1, self.left + len(self.cells[0]) - 1)

    @property
    def values(self) -> tuple[tuple[CellValue, ...], ...]:
        """The values as rows, for writing in bulk."""
        return tuple(tuple(cell.value for cell in row) for row in self.cells)

    def format_runs(self) -> tuple[tuple[Area, str, str], ...]:
        """Return (area, style name, number format) for each horizontal run of equally formatted cells."""
        runs: list[tuple[Area, str, str]] = []
        for r, row in enumerate(self.cells, start=self.top):
            first = row[0]
            start = 0
            for c in range(1, len(row)):
                cell = row[c]
                # Rows repeat one Cell object for their empty cells; the identity test skips comparing those.
                if cell is not first and (cell.style != first.style or cell.number_format != first.number_format):
                    runs.append((Area(r, self.left + start, r, self.left + c - 1), first.style, first.number_format))
                    first, start = cell, c
            runs.append((Area(r, self.left + start, r, self.left + len(row) - 1), first.style, first.number_format))
        return tuple(runs)


@dataclass(frozen=True)
class Ref:
    """A range on a named sheet, as used by chart series."""

    sheet: str
    area: Area

    @property
    def formula(self) -> str:
        """The reference as Excel writes it in a chart ('Blad'!$A$1:$A$4)."""
        return f"{quote_sheet(self.sheet)}!{self.area.absolute_ref}"


@dataclass(frozen=True)
class Series:
    """A chart series: its name, the cells of its values and of its categories."""

    name: str
    values: Ref
    categories: Ref
    color: str | None = None


@dataclass(frozen=True)
class Chart:
    """A native chart described as data: kind, title, series, where it sits and how big it is."""

    kind: Literal["bar", "pie"]
    title: str
    anchor: tuple[int, int]
    width_cm: float
    height_cm: float
    series: tuple[Series, ...]
    horizontal: bool = False
    grouping: Literal["clustered", "stacked", "percentStacked"] = "clustered"
    data_labels: Literal["none", "value", "percent"] = "none"
    label_format: str | None = None
    point_colors: tuple[str, ...] = ()
    legend: Literal["right", "bottom", "none"] = "bottom"
    axis_title: str | None = None


@dataclass(frozen=True)
class PageSetup:
    """Print set-up: A4, orientation, fit to pages, margins (cm), header and footer (Excel codes)."""

    orientation: Literal["portrait", "landscape"] = "portrait"
    paper: Literal["A4"] = "A4"
    fit_width: int = 1
    fit_height: int = 0  # 0: as many pages as the content needs
    margins_cm: tuple[float, float, float, float] = (1.8, 1.8, 2.0, 2.0)  # left, right, top, bottom
    header: str = ""
    footer: str = "Sida &P av &N"
    print_area: Area | None = None


@dataclass(frozen=True)
class Sheet:
    """One report sheet."""

    name: str
    blocks: tuple[Block, ...]
    merges: tuple[Area, ...] = ()
    column_widths: tuple[tuple[int, float], ...] = ()
    row_heights: tuple[tuple[int, float], ...] = ()
    row_breaks: tuple[int, ...] = ()  # a page break after each of these rows
    charts: tuple[Chart, ...] = ()
    page: PageSetup = field(default_factory=PageSetup)


@dataclass(frozen=True)
class Report:
    """The whole report section: its sheets and the named styles they use."""

    title: str
    sheets: tuple[Sheet, ...]
    styles: tuple[Style, ...] = STYLES


SHEET_GOALS = "Måluppfyllelse"
SHEET_FLOWS = "Deltagarflöden"
SHEET_INSATSER = "Insatser"
SHEET_DEVELOPMENT = "Utveckling"

_LINE_PT = 12.75  # line height of 10 pt Arial, the body font


def _line_height(style: str) -> float:
    return _LINE_PT * _STYLE_SIZES.get(style, 10) / 10


@lru_cache(maxsize=4096)  # headings and labels recur in every insats section
def _wrapped_lines(text: str, width_units: float, style: str) -> int:
    """Estimate how many lines a text wraps to in a width given in Excel column units."""
    # A column unit holds about 1.25 characters of 10 pt Arial prose; bigger fonts hold fewer.
    per_line = max(1, int(width_units * 1.25 * 10 / _STYLE_SIZES.get(style, 10)))
    lines = 0
    for paragraph in text.split("\n"):
        length = 0
        lines += 1
        for word in paragraph.split():
            if length and length + 1 + len(word) > per_line:
                lines += 1
                length = len(word)
            else:
                length += len(word) + (1 if length else 0)
            while length > per_line:
                lines += 1
                length -= per_line
    return max(lines, 1)


def _number(value: Fraction | Decimal | int) -> int | float:
    """Return a cell number: an int when whole, else a float (what a workbook stores)."""
    if isinstance(value, int):
        return value
    fraction = Fraction(value)
    return int(fraction) if fraction.denominator == 1 else float(fraction)


_FORMATS: dict[str, str] = {"count": FMT_COUNT, "share": FMT_PERCENT, "tkr": FMT_TKR}


def _value_cell(value: Value, style: str) -> Cell:
    """Return the cell of a model value: its number in the kind's format, or its text (".." or "–")."""
    if value.number is None:
        # Text in the figure's own (right-aligned) style, so it lines up with the numbers around it.
        return Cell(value.text, style)
    if value.kind == "share":
        return Cell(float(Fraction(value.number)), style, FMT_PERCENT)
    return Cell(_number(value.number), style, _FORMATS[value.kind])


MAX_CELL_TEXT = CELL_TEXT.value  # Excel's limit; a longer text makes Excel repair the file
MAX_ROW_HEIGHT = 409.0  # points, Excel's limit


# Control characters other than tab, line feed and carriage return cannot be stored in a workbook at all.
_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str) -> str:
    """Return a text a workbook can hold: illegal control characters shown as U+FFFD, not dropped unseen."""
    return _ILLEGAL_CHARACTERS.sub("\ufffd", text)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


@cache
def _empty_cell(style: str) -> Cell:
    """The one empty cell of a style (cells are immutable, so every row can share it)."""
    return Cell(None, style)


def _within_limits(cell: Cell) -> Cell:
    value = cell.value
    # Most cells hold numbers or nothing, and most texts are short and clean: checked cheaply first.
    if value.__class__ is str and (len(value) > MAX_CELL_TEXT or _ILLEGAL_CHARACTERS.search(value)):
        return Cell(_shorten(_clean(value), MAX_CELL_TEXT), cell.style, cell.number_format)
    return cell


class _SheetBuilder:
    """Collects the parts of one sheet row by row; only the finished Sheet is exposed."""

    def __init__(self, name: str, widths: Sequence[float]) -> None:
        self.name = name
        self.widths = tuple(widths)
        self.blocks: list[Block] = []
        self.merges: list[Area] = []
        self.heights: dict[int, float] = {}
        self.breaks: list[int] = []
        self.charts: list[Chart] = []
        self.row = 1

    def width(self, left: int, right: int) -> float:
        return sum(self.widths[left - 1 : right])

    def put(self, row: int, left: int, cells: Sequence[Sequence[Cell]]) -> Block:
        block = Block(row, left, tuple(tuple(map(_within_limits, r)) for r in cells))
        self.blocks.append(block)
        return block

    def text(self, text: str, style: str = "xl_body", left: int = 1, right: int | None = None) -> int:
        """Write a text across columns left..right of the current row, sized to fit; return its row."""
        right = right or len(self.widths)
        row = self.row
        # Only the first cell holds text, so only it needs the limits (the report's most frequent block).
        cells = (_within_limits(Cell(text, style)), *(_empty_cell(style),) * (right - left))
        self.blocks.append(Block(row, left, (cells,)))
        if right > left:
            self.merges.append(Area(row, left, row, right))
        lines = _wrapped_lines(text, self.width(left, right), style)
        self.fit_height(row, lines * _line_height(style) + 3)
        self.row += 1
        return row

    def fit_height(self, row: int, height: float) -> None:
        height = min(height, MAX_ROW_HEIGHT)
        self.heights[row] = max(self.heights.get(row, 0.0), round(height, 2))

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def build(self, page: PageSetup) -> Sheet:
        return Sheet(
            name=self.name,
            blocks=tuple(self.blocks),
            merges=tuple(self.merges),
            column_widths=tuple((i + 1, w) for i, w in enumerate(self.widths)),
            row_heights=tuple(sorted(self.heights.items())),
            row_breaks=tuple(self.breaks),
            charts=tuple(self.charts),
            page=page,
        )


def _goals_sheet(table: GoalTable, header: str) -> Sheet:
    sheet = _SheetBuilder(SHEET_GOALS, (20, 52, 11, 11, 14, 16))
    sheet.text(table.title, "xl_title")
    sheet.skip()
    sheet.put(sheet.row, 1, [[Cell(text, "xl_th") for text in table.header]])
    sheet.fit_height(sheet.row, 2 * _LINE_PT + 4)
    sheet.skip()
    for group in table.groups:
        start = sheet.row
        rows: list[list[Cell]] = []
        for goal in group.rows:
            rows.append(
                [
                    Cell(group.insats, "xl_td"),
                    Cell(goal.text, "xl_td"),
                    _value_cell(goal.target, "xl_td_number"),
                    _value_cell(goal.result, "xl_td_number"),
                    Cell(goal.grade, "xl_td_center"),
                    Cell(group.grade, "xl_td_center"),
                ]
            )
            lines = _wrapped_lines(goal.text, sheet.width(2, 2), "xl_body")
            sheet.fit_height(sheet.row, lines * _LINE_PT + 4)
            sheet.skip()
        if not group.rows:
            rows.append([Cell(group.insats, "xl_td"), Cell(NO_GOALS, "xl_td")] + [Cell(UNDEFINED, "xl_td_center")] * 4)
            sheet.skip()
        # A merged range shows its top-left cell only, so the insats name and grade go there once.
        for row in rows[1:]:
            row[0] = Cell(None, "xl_td")
            row[5] = Cell(None, "xl_td_center")
        sheet.put(start, 1, rows)
        if len(rows) > 1:
            sheet.merges.append(Area(start, 1, start + len(rows) - 1, 1))
            sheet.merges.append(Area(start, 6, start + len(rows) - 1, 6))
    sheet.skip()
    for note in table.notes:
        sheet.text(note, "xl_footnote")
    return sheet.build(PageSetup(header=header))


_CM_PER_DEFAULT_ROW = 0.45  # the smallest default row height among viewers (LibreOffice), so never too few rows


def _flows_sheet(table: FlowTable, header: str) -> Sheet:
    sheet = _SheetBuilder(SHEET_FLOWS, (24, 11, 9, 9, 10, 11, 9, 9, 11, 9, 9))
    sheet.text(table.title, "xl_title")
    sheet.skip()
    sheet.put(sheet.row, 1, [[Cell(text, "xl_th") for text in table.header]])
    sheet.fit_height(sheet.row, 3 * _LINE_PT + 4)
    sheet.skip()
    first = sheet.row
    rows = [
        [Cell(row.name, "xl_total" if row.total else "xl_td")]
        + [_value_cell(count, "xl_total_number" if row.total else "xl_td_number") for count in row.counts]
        for row in table.rows
    ]
    sheet.put(first, 1, rows)
    sheet.skip(len(rows))
    sheet.skip()
    for note in table.notes:
        sheet.text(note, "xl_footnote")
    if table.notes:
        sheet.skip()
    _gender_chart(sheet, table, first)
    return sheet.build(PageSetup(orientation="landscape", header=header))


def _gender_chart(sheet: _SheetBuilder, table: FlowTable, first: int) -> None:
    """Add the chart of current participants by gender, below the flow table whose insats rows start at ``first``.

    With insatser left out (a masked part), the chart cannot refer to the flow table, whose rows it would
    have to skip: it takes its data from a table of its own, and a note under it names those left out.
    """
    chart = table.chart
    if chart is None:
        if table.chart_note:
            sheet.text(table.chart_note, "xl_footnote")
        return
    top, columns = first, (3, 4, 5)
    if chart.left_out:
        sheet.text("Underlag för diagrammet", "xl_subheading")
        data = [[Cell("Insats", "xl_th")] + [Cell(name, "xl_th") for name, _ in GENDER_SERIES]]
        for bar in chart.bars:
            data.append([Cell(bar.insats, "xl_td")] + [_value_cell(part, "xl_td_number") for part in bar.parts])
        sheet.put(sheet.row, 1, data)
        top, columns = sheet.row + 1, (2, 3, 4)
        sheet.skip(len(data) + 1)
    bottom = top + len(chart.bars) - 1
    height = min(4.0 + 0.9 * len(chart.bars), 24.0)
    series = tuple(
        Series(
            name=name,
            values=Ref(SHEET_FLOWS, Area(top, column, bottom, column)),
            categories=Ref(SHEET_FLOWS, Area(top, 1, bottom, 1)),
            color=color,
        )
        for column, (name, _), color in zip(columns, GENDER_SERIES, chart.colors, strict=True)
    )
    sheet.charts.append(
        Chart(
            kind="bar",
            title=chart.title,
            anchor=(sheet.row, 1),
            width_cm=24.0,
            height_cm=height,
            series=series,
            horizontal=True,
            grouping="percentStacked",
            data_labels="value",
            # The empty third section shows no label for a zero, where a stray "0" would sit on the bar's end.
            label_format=FMT_COUNT_NO_ZERO,
            axis_title=chart.axis_title,
        )
    )
    if chart.left_out_note:
        sheet.skip(math.ceil(height / _CM_PER_DEFAULT_ROW) + 1)
        sheet.text(chart.left_out_note, "xl_footnote")


def _key_box(sheet: _SheetBuilder, row: int, figure: KeyFigure) -> Cell:
    value = _value_cell(figure.value, "xl_key_value")
    sheet.put(
        row, 8, [[value, Cell(None, value.style)], [Cell(figure.label, "xl_key_label"), Cell(None, "xl_key_label")]]
    )
    sheet.merges.append(Area(row, 8, row, 9))
    sheet.merges.append(Area(row + 1, 8, row + 1, 9))
    sheet.fit_height(row, 26)
    sheet.fit_height(row + 1, 2 * _line_height("xl_key_label") + 3)
    return value


def _economy(sheet: _SheetBuilder, economy: Economy) -> None:
    sheet.text(HEADING_ECONOMY, "xl_heading", right=6)
    sheet.text(economy.paragraph, "xl_body", right=6)
    sheet.skip()
    top = sheet.row
    rows = economy.rows
    sheet.put(
        top,
        1,
        [[Cell(label, "xl_td"), Cell(None, "xl_td"), _value_cell(value, "xl_td_number")] for label, value in rows],
    )
    for offset in range(len(rows)):
        sheet.merges.append(Area(top + offset, 1, top + offset, 2))
    pie = economy.pie
    if pie is not None:
        # The slices are the table's two middle rows (the model's pie slices).
        sheet.charts.append(
            Chart(
                kind="pie",
                title=pie.title,
                anchor=(top, 5),
                width_cm=9.0,
                height_cm=6.0,
                series=(
                    Series(
                        name=pie.title,
                        values=Ref(SHEET_INSATSER, Area(top + 1, 3, top + 2, 3)),
                        categories=Ref(SHEET_INSATSER, Area(top + 1, 1, top + 2, 1)),
                    ),
                ),
                data_labels="percent",
                label_format=FMT_PERCENT,
                point_colors=pie.colors,
                legend="bottom",
            )
        )
    # Leave room for the pie beside and below the table.
    sheet.skip(max(len(rows), 13))


def _insats_section(sheet: _SheetBuilder, section: InsatsSection) -> None:
    """Lay out one insats from the current row."""
    sheet.text(section.name, "xl_title")
    for label, value in section.facts:
        sheet.put(sheet.row, 1, [[Cell(label, "xl_label")]])
        sheet.text(value, "xl_body", left=2)
    sheet.skip()
    sheet.text(HEADING_RESULTS, "xl_heading", right=6)
    sheet.text(HEADING_FLOWS, "xl_subheading", right=6)
    box_row = sheet.row
    for sentence in section.flow_sentences:
        sheet.text(sentence, "xl_body", right=6)
    _key_box(sheet, box_row, section.new_participants)
    sheet.text(HEADING_OUTCOMES, "xl_subheading", right=6)
    box_row2 = sheet.row
    for sentence in section.outcome_sentences:
        sheet.text(sentence, "xl_body", right=6)
    _key_box(sheet, box_row2, section.work_share)
    sheet.row = max(sheet.row, box_row2 + 2)
    if section.own_sentences:
        sheet.text(HEADING_OWN, "xl_subheading", right=6)
        for sentence in section.own_sentences:
            sheet.text(sentence, "xl_body", right=6)
    for heading, items in section.lists:
        sheet.skip()
        sheet.text(heading, "xl_subheading", right=6)
        for item in items:
            sheet.text(f"• {item}", "xl_body", right=6)
    if section.quotes:
        sheet.skip()
        sheet.text(HEADING_QUOTES, "xl_subheading", right=6)
        for quote in section.quotes:
            sheet.text(f"”{quote.text}”", "xl_quote", right=6)
            if quote.kalla:
                sheet.text(f"({quote.kalla})", "xl_source", right=6)
    sheet.skip()
    _economy(sheet, section.economy)
    for note in section.notes:
        sheet.text(note, "xl_footnote")


def _insatser_sheet(model: ReportModel, header: str) -> Sheet:
    sheet = _SheetBuilder(SHEET_INSATSER, (12, 12, 12, 12, 12, 12, 2, 12, 12))
    for index, section in enumerate(model.insatser):
        if index:
            sheet.breaks.append(sheet.row - 1)
        _insats_section(sheet, section)
        sheet.skip()
    if not model.insatser:
        sheet.text(NO_INSATSER, "xl_body")
    return sheet.build(PageSetup(header=header, fit_width=1, fit_height=0))


def _development_section(sheet: _SheetBuilder, section: InsatsSection, development: Development) -> None:
    """Lay out one insats's years: the table, its notes, then the chart of the shares and their goals."""
    sheet.text(section.name, "xl_heading")
    if not development.rows:
        for note in development.notes:
            sheet.text(note, "xl_body")
        return
    sheet.put(sheet.row, 1, [[Cell(text, "xl_th") for text in development.header]])
    sheet.fit_height(sheet.row, 3 * _LINE_PT + 4)
    sheet.skip()
    sheet.put(
        sheet.row,
        1,
        [
            [Cell(year, "xl_td_center")]
            + [_value_cell(value, "xl_td_number") for value in values]
            + [Cell(grade, "xl_td_center")]
            for year, values, grade in development.rows
        ],
    )
    sheet.skip(len(development.rows))
    for note in development.notes:
        sheet.text(note, "xl_footnote")
    sheet.skip()
    # The chart takes its data from a table of its own: a masked or undefined share is an empty cell there
    # (a gap in the chart), where the table above shows ".." or "–" that a chart would draw as 0.
    columns: list[tuple[str, tuple[Value | None, ...], str]] = []
    for number, trend in enumerate(development.trends):
        columns.append((trend.label, trend.values, TREND_COLORS[number % len(TREND_COLORS)]))
        if any(goal is not None for goal in trend.goals):
            columns.append((f"Mål: {trend.label.lower()}", trend.goals, GOAL_COLORS[number % len(GOAL_COLORS)]))
    sheet.text("Underlag för diagrammet", "xl_subheading")
    top = sheet.row
    data = [[Cell("År (måluppfyllelse)", "xl_th")] + [Cell(label, "xl_th") for label, _, _ in columns]]
    for row, (year, grade) in enumerate(zip(development.years, development.grades, strict=True)):
        cells = [Cell(f"{year} ({grade})", "xl_td")]
        for _, values, _ in columns:
            value = values[row]
            cells.append(
                Cell(None, "xl_td_number", FMT_PERCENT)
                if value is None or value.number is None
                else _value_cell(value, "xl_td_number")
            )
        data.append(cells)
    sheet.put(top, 1, data)
    sheet.fit_height(top, 3 * _LINE_PT + 4)
    sheet.skip(len(data) + 1)
    first, last = top + 1, top + len(development.rows)
    height = 8.0
    sheet.charts.append(
        Chart(
            kind="bar",
            title="Andelar per år mot målen",
            anchor=(sheet.row, 1),
            width_cm=20.0,
            height_cm=height,
            series=tuple(
                Series(
                    name=label,
                    values=Ref(SHEET_DEVELOPMENT, Area(first, 2 + number, last, 2 + number)),
                    categories=Ref(SHEET_DEVELOPMENT, Area(first, 1, last, 1)),
                    color=color,
                )
                for number, (label, _, color) in enumerate(columns)
            ),
            data_labels="value",
            label_format=FMT_PERCENT,
            axis_title="Andel av de avslutade deltagarna",
        )
    )
    sheet.skip(math.ceil(height / _CM_PER_DEFAULT_ROW) + 1)


def _development_sheet(model: ReportModel, header: str) -> Sheet:
    sheet = _SheetBuilder(SHEET_DEVELOPMENT, (22, 11, 11, 11, 13, 15, 14, 14))
    sheet.text(f"{HEADING_DEVELOPMENT}: de senaste åren för varje insats", "xl_title")
    sheet.skip()
    for index, section in enumerate(model.insatser):
        if section.development is None:
            continue
        if index:
            sheet.breaks.append(sheet.row - 1)
        _development_section(sheet, section, section.development)
        sheet.skip()
    return sheet.build(PageSetup(orientation="landscape", header=header))


def layout_report(model: ReportModel) -> Report:
    """Return the report model laid out as a grid of sheets, for the workbook writers.

    The "Utveckling" sheet is there only when some insats has an earlier year.
    """
    header = page_header(_clean(model.forbund), f" \u2013 uppföljning {model.year}")
    sheets = [
        _goals_sheet(model.goals, header),
        _flows_sheet(model.flows, header),
        _insatser_sheet(model, header),
    ]
    if model.has_development:
        sheets.append(_development_sheet(model, header))
    return Report(title=model.title, sheets=tuple(sheets))


def build_report(figures: FollowUpFigures) -> Report:
    """Return the report section for the computed figures of a follow-up, as a grid of sheets.

    Every figure and text comes from the report model (``report.model.build_model``), where masking is
    applied; text from the data is carried as text (writers keep it literal).
    """
    return layout_report(build_model(figures))


#: What a writer puts before the header text (centre section), counted against Excel's header limit.
HEADER_CODE = "&C"


def page_header(name: str, suffix: str) -> str:
    """Return a header text: ``name`` with "&" escaped, then ``suffix``, within Excel's header limit.

    "&" starts a code in Excel's header language, so it is doubled; the limit counts the escaped text and
    the writer's centre code, so the name is cut after escaping, never between the two "&" of a pair.
    """
    escaped = name.replace("&", "&&")
    room = HEADER_FOOTER.value - len(HEADER_CODE) - len(suffix)
    if len(escaped) > room:
        escaped = escaped[: room - 1]
        if (len(escaped) - len(escaped.rstrip("&"))) % 2:
            escaped = escaped[:-1]
        escaped += "\u2026"
    return escaped + suffix


MAX_SHEET_NAME = SHEET_NAME_LENGTH.value  # Excel's limit on a sheet name


def with_sheet_prefix(report: Report, prefix: str) -> Report:
    """Return the report with every sheet name, and every chart reference to it, starting with ``prefix``.

    A live writer puts the report into the user's workbook, whose input sheets may share a report sheet's
    name ("Insatser"); the prefix keeps them apart. An empty prefix returns the report unchanged.

    Raises:
        ValueError: a prefixed name is longer than Excel allows or holds a character Excel forbids.
    """
    if not prefix:
        return report
    names = {sheet.name: prefix + sheet.name for sheet in report.sheets}
    for name in names.values():
        if sheet_name_problems(name):
            raise ValueError(
                f"ogiltigt bladnamn för rapporten: {name!r} (högst {MAX_SHEET_NAME} tecken, inga []:*?/\\)"
            )

    def moved(ref: Ref) -> Ref:
        return replace(ref, sheet=names.get(ref.sheet, ref.sheet))

    def chart(spec: Chart) -> Chart:
        series = tuple(replace(s, values=moved(s.values), categories=moved(s.categories)) for s in spec.series)
        return replace(spec, series=series)

    sheets = tuple(
        replace(sheet, name=names[sheet.name], charts=tuple(chart(c) for c in sheet.charts)) for sheet in report.sheets
    )
    return replace(report, sheets=sheets)
