"""The report as pure data: sheets of cell blocks with named styles and formats, merges, charts and print set-up."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from xlinsats.core.figures import FollowUpFigures, GoalFigures, InsatsFigures
from xlinsats.core.indicators import BUILTIN, Registry
from xlinsats.core.model import FLOW_NAMES, Count
from xlinsats.core.privacy import FLOW_PARTS, MASK_SYMBOL, FiguresMasking, mask_figures
from xlinsats.core.swedish import UNDEFINED, format_count, join_list
from xlinsats.excel_limits import CELL_TEXT, HEADER_FOOTER, SHEET_NAME_LENGTH, sheet_name_problems
from xlinsats.report.cells import Area, quote_sheet
from xlinsats.report.text import (
    InsatsMasking,
    economy_paragraph,
    flow_sentences,
    gender_footnote,
    outcome_sentences,
    own_indicator_sentences,
    privacy_note,
    scale_footnote,
    superscript,
)

CellValue = str | int | float | None

# Number formats as stored in the file. [$-41D] asks for Swedish (sv-SE) separators, so grouping is a space
# and the decimal sign a comma in any viewer that honours the locale tag; the non-breaking space keeps
# "42 %" together.
FMT_GENERAL = "General"
FMT_COUNT = "[$-41D]#,##0"
FMT_PERCENT = '0"\u00a0"%'
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
        for r, row in enumerate(self.cells):
            start = 0
            for c in range(1, len(row) + 1):
                if c == len(row) or (row[c].style, row[c].number_format) != (
                    row[start].style,
                    row[start].number_format,
                ):
                    area = Area(self.top + r, self.left + start, self.top + r, self.left + c - 1)
                    runs.append((area, row[start].style, row[start].number_format))
                    start = c
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

_LINE_PT = 12.75  # line height of 10 pt Arial, the body font
_GENDER_COLORS = ("2F5597", "9DC3E6", "A5A5A5")
_PIE_COLORS = ("2F5597", "BDD7EE")
_OVERRUN_COLORS = ("2F5597", "C00000")


def _line_height(style: str) -> float:
    return _LINE_PT * _STYLE_SIZES.get(style, 10) / 10


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


def _share_cell(value: Fraction | None, style: str) -> Cell:
    if value is None:
        return Cell(UNDEFINED, style)
    return Cell(float(value), style, FMT_PERCENT)


def _count_cell(value: int | None, style: str, masked: bool = False) -> Cell:
    if value is None:
        return Cell(UNDEFINED, style)
    if masked:
        # Text in the count's own (right-aligned) style, so it lines up with the numbers around it.
        return Cell(MASK_SYMBOL, style)
    return Cell(value, style, FMT_COUNT)


def _tkr_cell(value: Decimal | None, style: str) -> Cell:
    if value is None:
        return Cell(UNDEFINED, style)
    return Cell(_number(value), style, FMT_TKR)


MAX_CELL_TEXT = CELL_TEXT.value  # Excel's limit; a longer text makes Excel repair the file
MAX_ROW_HEIGHT = 409.0  # points, Excel's limit


# Control characters other than tab, line feed and carriage return cannot be stored in a workbook at all.
_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str) -> str:
    """Return a text a workbook can hold: illegal control characters shown as U+FFFD, not dropped unseen."""
    return _ILLEGAL_CHARACTERS.sub("\ufffd", text)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _within_limits(cell: Cell) -> Cell:
    if isinstance(cell.value, str):
        text = _shorten(_clean(cell.value), MAX_CELL_TEXT)
        if text != cell.value:
            return Cell(text, cell.style, cell.number_format)
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
        block = Block(row, left, tuple(tuple(_within_limits(cell) for cell in r) for r in cells))
        self.blocks.append(block)
        return block

    def text(self, text: str, style: str = "xl_body", left: int = 1, right: int | None = None) -> int:
        """Write a text across columns left..right of the current row, sized to fit; return its row."""
        right = right or len(self.widths)
        row = self.row
        self.put(row, left, [[Cell(text, style)] + [Cell(None, style)] * (right - left)])
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


def _goal_cells(goal: GoalFigures, masked: bool = False) -> tuple[Cell, Cell]:
    if masked and goal.utfall is not None:
        target, _ = _goal_cells(goal)
        return target, Cell(MASK_SYMBOL, "xl_td_number")
    if goal.goal.typ == "andel":
        target = Cell(float(Fraction(goal.goal.malvarde) / 100), "xl_td_number", FMT_PERCENT)
        result = _share_cell(None if goal.utfall is None else goal.utfall / 100, "xl_td_number")
    else:
        target = Cell(_number(goal.goal.malvarde), "xl_td_number", FMT_COUNT)
        result = (
            Cell(UNDEFINED, "xl_td_number")
            if goal.utfall is None
            else Cell(_number(goal.utfall), "xl_td_number", FMT_COUNT)
        )
    return target, result


def _goals_sheet(figures: FollowUpFigures, header: str, masking: FiguresMasking) -> Sheet:
    sheet = _SheetBuilder(SHEET_GOALS, (20, 52, 11, 11, 14, 16))
    year = figures.followup.ar
    sheet.text(f"Måluppfyllelse för finansierade individinriktade insatser {year}", "xl_title")
    sheet.skip()
    head = ("Insats", "Mål", "Målvärde", "Resultat", "Bedömning av målet", f"Måluppfyllelse{superscript(1)}")
    sheet.put(sheet.row, 1, [[Cell(text, "xl_th") for text in head]])
    sheet.fit_height(sheet.row, 2 * _LINE_PT + 4)
    sheet.skip()
    notes: list[str] = []
    for index, insats in enumerate(figures.insatser):
        goals = insats.mal
        start = sheet.row
        rows: list[list[Cell]] = []
        for number, goal in enumerate(goals):
            target, result = _goal_cells(goal, masking.goal(index, number))
            rows.append(
                [
                    Cell(insats.insats.visningsnamn, "xl_td"),
                    Cell(goal.goal.text, "xl_td"),
                    target,
                    result,
                    Cell(goal.bedomning or UNDEFINED, "xl_td_center"),
                    Cell(insats.bedomning or UNDEFINED, "xl_td_center"),
                ]
            )
            lines = _wrapped_lines(goal.goal.text, sheet.width(2, 2), "xl_body")
            sheet.fit_height(sheet.row, lines * _LINE_PT + 4)
            sheet.skip()
        if not goals:
            rows.append(
                [Cell(insats.insats.visningsnamn, "xl_td"), Cell("Inga mål angivna.", "xl_td")]
                + [Cell(UNDEFINED, "xl_td_center")] * 4
            )
            sheet.skip()
        # A merged range shows its top-left cell only, so the insats name and grade go there once.
        for row in rows[1:]:
            row[0] = Cell(None, "xl_td")
            row[5] = Cell(None, "xl_td_center")
        sheet.put(start, 1, rows)
        if len(rows) > 1:
            sheet.merges.append(Area(start, 1, start + len(rows) - 1, 1))
            sheet.merges.append(Area(start, 6, start + len(rows) - 1, 6))
        hand_set = insats.insats.publicerad_bedomning
        if hand_set and insats.bedomning and hand_set != insats.bedomning:
            notes.append(
                f"För {insats.insats.visningsnamn} är måluppfyllelsen fastställd till ”{hand_set}”; "
                f"beräknad enligt skalan blir den ”{insats.bedomning}”."
            )
    sheet.skip()
    sheet.text(f"{superscript(1)} {scale_footnote(figures.followup.bedomning)}", "xl_footnote")
    for note in notes:
        sheet.text(note, "xl_footnote")
    if masking.active and masking.minimum is not None:
        sheet.text(privacy_note(masking.minimum), "xl_footnote")
    return sheet.build(PageSetup(header=header))


def _flow_row(
    name: str,
    counts: Sequence[Count | None],
    style: str,
    number_style: str,
    masked: Callable[[str, str], bool] = lambda flow, part: False,
) -> list[Cell]:
    cells = [Cell(name, style)]
    for flow, count in zip(FLOW_NAMES, counts, strict=True):
        genders = ("kvinnor", "man", "annat") if flow == "aktuella" else ("kvinnor", "man")
        cells.append(_count_cell(None if count is None else count.totalt, number_style, masked(flow, "totalt")))
        cells.extend(
            _count_cell(None if count is None else count.part(g), number_style, masked(flow, g)) for g in genders
        )
    return cells


def _masked_in(masking: FiguresMasking, insats: int | None) -> Callable[[str, str], bool]:
    """Return whether a flow count of one row of the flow table (None: the TOTALT row) is masked."""
    return lambda flow, part: masking.count(insats, flow, part)


_CHART_SERIES = (("Kvinnor", "kvinnor"), ("Män", "man"), ("Annat/ej angivet", "annat"))
_CM_PER_DEFAULT_ROW = 0.45  # the smallest default row height among viewers (LibreOffice), so never too few rows


def _flows_sheet(figures: FollowUpFigures, header: str, masking: FiguresMasking) -> Sheet:
    sheet = _SheetBuilder(SHEET_FLOWS, (24, 11, 9, 9, 10, 11, 9, 9, 11, 9, 9))
    year = figures.followup.ar
    sheet.text(f"Sammanfattning av deltagarflöden i finansierade individinriktade insatser {year}", "xl_title")
    sheet.skip()
    head = (
        "Insats",
        f"Aktuella deltagare {year}",
        "varav kvinnor",
        "varav män",
        "annat/ej angivet",
        f"Nya deltagare {year}",
        "varav kvinnor",
        "varav män",
        f"Avslutade deltagare {year}",
        "varav kvinnor",
        "varav män",
    )
    sheet.put(sheet.row, 1, [[Cell(text, "xl_th") for text in head]])
    sheet.fit_height(sheet.row, 3 * _LINE_PT + 4)
    sheet.skip()
    first = sheet.row
    rows = [
        _flow_row(
            insats.insats.visningsnamn,
            [insats.insats.deltagare.get(f) for f in FLOW_NAMES],
            "xl_td",
            "xl_td_number",
            _masked_in(masking, index),
        )
        for index, insats in enumerate(figures.insatser)
    ]
    rows.append(
        _flow_row(
            "TOTALT",
            [figures.totalt.get(f) for f in FLOW_NAMES],
            "xl_total",
            "xl_total_number",
            _masked_in(masking, None),
        )
    )
    sheet.put(first, 1, rows)
    sheet.skip(len(rows))
    sheet.skip()
    if masking.active and masking.minimum is not None:
        sheet.text(privacy_note(masking.minimum), "xl_footnote")
        sheet.skip()
    _gender_chart(sheet, figures, masking, first)
    return sheet.build(PageSetup(orientation="landscape", header=header))


def _gender_chart(sheet: _SheetBuilder, figures: FollowUpFigures, masking: FiguresMasking, first: int) -> None:
    """Add the chart of current participants by gender, below the flow table whose insats rows start at ``first``.

    A masked part must be neither plotted (a bar chart draws the text ".." as 0) nor given away by the
    other parts' shares, so an insats with any masked count of current participants is left out; the
    chart then takes its data from a table of its own and a note under it names the insatser left out.
    """
    insatser = figures.insatser
    plotted = [
        index for index in range(len(insatser)) if not any(masking.count(index, "aktuella", p) for p in FLOW_PARTS)
    ]
    left_out = [insats.insats.visningsnamn for index, insats in enumerate(insatser) if index not in plotted]
    total = figures.totalt.get("aktuella")
    n: str | None = None if masking.count(None, "aktuella") else format_count(None if total is None else total.totalt)
    if left_out:
        # n is the number of participants in the chart: the sum of the plotted insatser's published totals.
        shown = [insatser[index].insats.deltagare.aktuella for index in plotted]
        known = [count.totalt for count in shown if count is not None and count.totalt is not None]
        n = format_count(sum(known)) if known and len(known) == len(shown) else None
    title = "Antal och andel deltagare i respektive insats fördelat på kön"
    if n is not None:
        title += f" (n\u00a0=\u00a0{n})"
    if not plotted:
        if left_out:
            note = f"Diagrammet över könsfördelningen visas inte: varje insats har dolda uppgifter ({MASK_SYMBOL})."
            sheet.text(note, "xl_footnote")
        return
    top, columns = first, (3, 4, 5)
    if left_out:
        # The chart cannot refer to the flow table, whose rows it would have to skip.
        sheet.text("Underlag för diagrammet", "xl_subheading")
        data = [[Cell("Insats", "xl_th")] + [Cell(name, "xl_th") for name, _ in _CHART_SERIES]]
        for index in plotted:
            insats = insatser[index].insats
            count = insats.deltagare.aktuella
            parts = [None if count is None else count.part(gender) for _, gender in _CHART_SERIES]
            data.append([Cell(insats.visningsnamn, "xl_td")] + [_count_cell(part, "xl_td_number") for part in parts])
        sheet.put(sheet.row, 1, data)
        top, columns = sheet.row + 1, (2, 3, 4)
        sheet.skip(len(data) + 1)
    bottom = top + len(plotted) - 1
    height = min(4.0 + 0.9 * len(plotted), 24.0)
    series = tuple(
        Series(
            name=name,
            values=Ref(SHEET_FLOWS, Area(top, column, bottom, column)),
            categories=Ref(SHEET_FLOWS, Area(top, 1, bottom, 1)),
            color=color,
        )
        for column, (name, _), color in zip(columns, _CHART_SERIES, _GENDER_COLORS, strict=True)
    )
    sheet.charts.append(
        Chart(
            kind="bar",
            title=title,
            anchor=(sheet.row, 1),
            width_cm=24.0,
            height_cm=height,
            series=series,
            horizontal=True,
            grouping="percentStacked",
            data_labels="value",
            axis_title="Andel av aktuella deltagare",
        )
    )
    if left_out:
        sheet.skip(math.ceil(height / _CM_PER_DEFAULT_ROW) + 1)
        sheet.text(
            f"Insatser med dolda uppgifter ({MASK_SYMBOL}) är inte med i diagrammet: {join_list(left_out)}.",
            "xl_footnote",
        )


def _key_box(sheet: _SheetBuilder, row: int, value: Cell, label: str) -> None:
    sheet.put(row, 8, [[value, Cell(None, value.style)], [Cell(label, "xl_key_label"), Cell(None, "xl_key_label")]])
    sheet.merges.append(Area(row, 8, row, 9))
    sheet.merges.append(Area(row + 1, 8, row + 1, 9))
    sheet.fit_height(row, 26)
    sheet.fit_height(row + 1, 2 * _line_height("xl_key_label") + 3)


def _economy(sheet: _SheetBuilder, figures: InsatsFigures, year: int) -> None:
    insats = figures.insats
    sheet.text("Ekonomiskt utfall i förhållande till budget", "xl_heading", right=6)
    sheet.text(economy_paragraph(figures, year), "xl_body", right=6)
    sheet.skip()
    budget, cost = insats.budget_tkr, insats.kostnad_tkr
    overrun = figures.overskridet_tkr
    unused = figures.outnyttjat_tkr
    over = overrun is not None and overrun > 0
    if over:
        rows = [
            ("Faktiska kostnader", _tkr_cell(cost, "xl_td_number")),
            ("Beviljad budget", _tkr_cell(budget, "xl_td_number")),
            ("Överskridande", _tkr_cell(overrun, "xl_td_number")),
        ]
    else:
        rows = [
            ("Beviljad budget", _tkr_cell(budget, "xl_td_number")),
            ("Faktiska kostnader", _tkr_cell(cost, "xl_td_number")),
            ("Outnyttjade medel", _tkr_cell(unused, "xl_td_number")),
        ]
    rows.append(("Budgetutnyttjande", _share_cell(figures.budgetutnyttjande, "xl_td_number")))
    top = sheet.row
    sheet.put(top, 1, [[Cell(label, "xl_td"), Cell(None, "xl_td"), value] for label, value in rows])
    for offset in range(len(rows)):
        sheet.merges.append(Area(top + offset, 1, top + offset, 2))
    if budget is not None and cost is not None and budget >= 0 and cost >= 0 and (budget > 0 or cost > 0):
        # The slices are the two rows in the middle: cost and unused funds, or budget and the overrun.
        title = "Kostnaderna överskred budgeten" if over else "Faktiska kostnader och outnyttjade medel"
        sheet.charts.append(
            Chart(
                kind="pie",
                title=title,
                anchor=(top, 5),
                width_cm=9.0,
                height_cm=6.0,
                series=(
                    Series(
                        name=title,
                        values=Ref(SHEET_INSATSER, Area(top + 1, 3, top + 2, 3)),
                        categories=Ref(SHEET_INSATSER, Area(top + 1, 1, top + 2, 1)),
                    ),
                ),
                data_labels="percent",
                label_format=FMT_PERCENT,
                point_colors=_OVERRUN_COLORS if over else _PIE_COLORS,
                legend="bottom",
            )
        )
    # Leave room for the pie beside and below the table.
    sheet.skip(max(len(rows), 13))


def _insats_section(
    sheet: _SheetBuilder,
    figures: InsatsFigures,
    year: int,
    marker_number: int,
    hidden: InsatsMasking,
    registry: Registry = BUILTIN,
) -> bool:
    """Lay out one insats from the current row; return whether it used the footnote number."""
    insats = figures.insats
    sheet.text(insats.namn, "xl_title")
    for label, value in (
        ("Insatsägare", insats.agare),
        ("Målgrupp", insats.malgrupp),
        ("Beskrivning", insats.beskrivning),
    ):
        if not value:
            continue
        sheet.put(sheet.row, 1, [[Cell(label, "xl_label")]])
        sheet.text(value, "xl_body", left=2)
    sheet.skip()
    sheet.text("Resultat", "xl_heading", right=6)
    sheet.text("Deltagarflöden", "xl_subheading", right=6)
    footnote = gender_footnote(figures, hidden)
    marker = superscript(marker_number) if footnote else ""
    box_row = sheet.row
    for sentence in flow_sentences(figures, marker, hidden):
        sheet.text(sentence, "xl_body", right=6)
    new = insats.deltagare.nya
    new_cell = _count_cell(None if new is None else new.totalt, "xl_key_value", hidden.count("nya"))
    _key_box(sheet, box_row, new_cell, "nya deltagare")
    sheet.text("Sysselsättning efter avslut", "xl_subheading", right=6)
    box_row2 = sheet.row
    for sentence in outcome_sentences(figures, hidden):
        sheet.text(sentence, "xl_body", right=6)
    work = figures.andelar.get("arbete_studier_andel")
    work_masked = work is not None and hidden.share("arbete_studier_andel")
    work_cell = Cell(MASK_SYMBOL, "xl_key_value") if work_masked else _share_cell(work, "xl_key_value")
    _key_box(sheet, box_row2, work_cell, "gick till arbete eller studier")
    sheet.row = max(sheet.row, box_row2 + 2)
    own = own_indicator_sentences(figures, registry, hidden)
    if own:
        sheet.text("Egna nyckeltal", "xl_subheading", right=6)
        for sentence in own:
            sheet.text(sentence, "xl_body", right=6)
    for heading, items in (("Framgångar", insats.framgangar), ("Utmaningar", insats.utmaningar)):
        if items:
            sheet.skip()
            sheet.text(heading, "xl_subheading", right=6)
            for item in items:
                sheet.text(f"• {item}", "xl_body", right=6)
    if insats.citat:
        sheet.skip()
        sheet.text("Citat", "xl_subheading", right=6)
        for quote in insats.citat:
            sheet.text(f"”{quote.text}”", "xl_quote", right=6)
            if quote.kalla:
                sheet.text(f"({quote.kalla})", "xl_source", right=6)
    sheet.skip()
    _economy(sheet, figures, year)
    if footnote:
        sheet.text(f"{marker} {footnote}", "xl_footnote")
    if MASK_SYMBOL in (new_cell.value, work_cell.value) and hidden.masking.minimum is not None:
        sheet.text(privacy_note(hidden.masking.minimum), "xl_footnote")
    return bool(footnote)


def _insatser_sheet(figures: FollowUpFigures, header: str, masking: FiguresMasking) -> Sheet:
    sheet = _SheetBuilder(SHEET_INSATSER, (12, 12, 12, 12, 12, 12, 2, 12, 12))
    marker = 2  # footnote 1 is the grading scale's
    for index, insats in enumerate(figures.insatser):
        if index:
            sheet.breaks.append(sheet.row - 1)
        if _insats_section(sheet, insats, figures.followup.ar, marker, InsatsMasking(masking, index), figures.registry):
            marker += 1
        sheet.skip()
    if not figures.insatser:
        sheet.text("Inga insatser finns i underlaget.", "xl_body")
    return sheet.build(PageSetup(header=header, fit_width=1, fit_height=0))


def build_report(figures: FollowUpFigures) -> Report:
    """Return the report section for the computed figures of a follow-up, as pure data.

    Every number comes from ``figures``; text from the data is carried as text (writers keep it literal).
    With a minimum cell size set (``sekretess.minsta_cell``), every figure ``mask_figures`` hides is shown
    as MASK_SYMBOL or left out of its sentence and chart, and each sheet that hides one says why.
    """
    followup = figures.followup
    masking = mask_figures(figures)
    header = page_header(_clean(followup.forbund), f" \u2013 uppföljning {followup.ar}")
    sheets = (
        _goals_sheet(figures, header, masking),
        _flows_sheet(figures, header, masking),
        _insatser_sheet(figures, header, masking),
    )
    return Report(title=f"Uppföljning av finansierade insatser {followup.ar}", sheets=sheets)


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
