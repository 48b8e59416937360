"""The writer protocol: the few operations a report writer offers, and the one mapping from layout to them.

Both writers (the XlsxWriter file writer and the live xlwings writer) implement ``BookTarget``/``SheetTarget``;
``render_report`` is the only code that walks a Report, so both put the same layout into a workbook.
A writer must store every str as literal text: the file writer writes string cells with Excel's quote
prefix where a text looks like a formula; a live writer types each text through ``cells.as_typed_text``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from xlinsats.report.cells import Area
from xlinsats.report.layout import Block, Chart, PageSetup, Report, Style


class SheetTarget(Protocol):
    """One sheet being written."""

    def write_block(self, block: Block, styles: Mapping[str, Style]) -> None:
        """Write a block's values in one go and give each cell its style (named in ``styles``) and number format;
        every str is literal text, never a formula."""

    def merge(self, area: Area) -> None:
        """Merge the cells of the area."""

    def set_column_width(self, column: int, width: float) -> None:
        """Set a column's width in Excel's character units."""

    def set_row_height(self, row: int, height: float) -> None:
        """Set a row's height in points."""

    def add_chart(self, chart: Chart) -> None:
        """Add a native chart whose series refer to cells already written."""

    def set_page(self, page: PageSetup, row_breaks: Sequence[int]) -> None:
        """Apply the print set-up and a page break after each row in ``row_breaks``."""


class BookTarget(Protocol):
    """A workbook that report sheets are added to."""

    def add_sheet(self, name: str) -> SheetTarget:
        """Return a new, empty sheet with that name, placed after the sheets added before it."""


def render_report(report: Report, book: BookTarget) -> None:
    """Put every sheet of the report into ``book``: each block in one call, then merges, heights, charts, page."""
    styles = {style.name: style for style in report.styles}
    for sheet in report.sheets:
        target = book.add_sheet(sheet.name)
        for column, width in sheet.column_widths:
            target.set_column_width(column, width)
        for block in sheet.blocks:
            target.write_block(block, styles)
        for area in sheet.merges:
            target.merge(area)
        for row, height in sheet.row_heights:
            target.set_row_height(row, height)
        for chart in sheet.charts:
            target.add_chart(chart)
        target.set_page(sheet.page, sheet.row_breaks)
