"""The part of the live report only desktop Excel can do: print set-up and chart series details through COM.

xlwings' Office.js engines (xlwings Lite, xlwings Server) have no page set-up beyond the print area, read a
chart's series only asynchronously, and offer no data labels, so all of that is kept here, out of
``report.live_writer``. Everything below goes through ``.api`` (the COM object) or through xlwings calls that
are synchronous on desktop Excel only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlinsats.report.layout import Chart, PageSetup

# Excel's enumerations (XlPageOrientation, XlPaperSize).
XL_PORTRAIT = 1
XL_LANDSCAPE = 2
XL_PAPER_A4 = 9
_POINTS_PER_CM = 72 / 2.54
_HEADER_MARGIN_POINTS = 0.3 * 72  # the same 0.3 inch as the file writer
MSO_TRUE = -1  # Office's MsoTriState for true
_TITLE_POINTS = 11
_GAP_WIDTH = 60


def _bgr(color: str) -> int:
    """Return an "RRGGBB" colour as the integer COM expects (blue in the high byte)."""
    red, green, blue = int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)
    return red + green * 256 + blue * 65536


class ComDetails:
    """Print set-up and chart details for desktop Excel (implements ``live_writer.DesktopDetails``)."""

    def page(self, sheet: Any, page: PageSetup, row_breaks: Sequence[int]) -> None:
        """Apply A4, orientation, fit to pages, margins, header, footer and a page break after each row."""
        app = sheet.book.app.api
        # Every PageSetup property talks to the printer driver unless this is off: seconds per sheet otherwise.
        app.PrintCommunication = False
        try:
            setup = sheet.api.PageSetup
            setup.PaperSize = XL_PAPER_A4
            setup.Orientation = XL_LANDSCAPE if page.orientation == "landscape" else XL_PORTRAIT
            setup.Zoom = False
            setup.FitToPagesWide = page.fit_width
            setup.FitToPagesTall = page.fit_height if page.fit_height else False
            left, right, top, bottom = (value * _POINTS_PER_CM for value in page.margins_cm)
            setup.LeftMargin, setup.RightMargin, setup.TopMargin, setup.BottomMargin = left, right, top, bottom
            setup.HeaderMargin = setup.FooterMargin = _HEADER_MARGIN_POINTS
            setup.CenterHeader = page.header
            setup.CenterFooter = page.footer
        finally:
            app.PrintCommunication = True
        breaks = sheet.api.HPageBreaks
        for row in row_breaks:
            breaks.Add(Before=sheet.range((row + 1, 1)).api)

    def chart(self, chart: Any, spec: Chart) -> None:
        """Name and colour the series, colour single points, show the data labels the layout asks for, and
        size the title and bars as the file writer does."""
        _, com_chart = chart.api
        title_font = com_chart.ChartTitle.Format.TextFrame2.TextRange.Font
        title_font.Size = _TITLE_POINTS  # Excel's default title is too large beside 10 pt report text
        title_font.Bold = MSO_TRUE
        if spec.kind == "bar":
            group = com_chart.ChartGroups(1)
            group.GapWidth = _GAP_WIDTH
            if spec.grouping != "clustered":
                group.Overlap = 100
        for series, series_spec in zip(chart.series, spec.series, strict=True):
            if series_spec.color:
                series.set(name=series_spec.name, fill_color="#" + series_spec.color)
            else:
                series.set(name=series_spec.name)
            com = series.api
            for point, color in enumerate(spec.point_colors, start=1):
                com.Points(point).Format.Fill.ForeColor.RGB = _bgr(color)
            if spec.data_labels != "none":
                com.HasDataLabels = True
                labels = com.DataLabels()
                labels.ShowValue = spec.data_labels == "value"
                labels.ShowPercentage = spec.data_labels == "percent"
                labels.ShowCategoryName = False
                labels.ShowSeriesName = False
                labels.ShowLegendKey = False
                if spec.label_format:
                    labels.NumberFormat = spec.label_format
