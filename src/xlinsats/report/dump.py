"""A readable text dump of a report workbook (values, formats, merges, print set-up, charts) for comparisons.

Each cell is named after the look of its formatting (font, fill, alignment, wrap, border): a named style
the file carries, else the layout style (``layout.STYLES``) that looks the same. XlsxWriter, which writes
the report file, and xlwings, which writes it live, format cells directly; the style lines at the top
say what each name looks like, so a cell formatted differently from its layout style shows up as a
different name or as its bare look.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.escape import unescape
from openpyxl.worksheet.worksheet import Worksheet

from xlinsats.report.layout import STYLES, Style

_EDGES = {"none": "-", "box": "lrtb", "bottom": "b"}


def _rich_text(title: Any) -> str:
    """Return the plain text of a chart title read back by openpyxl."""
    if title is None or title.tx is None or title.tx.rich is None:
        return ""
    return "".join(run.t for paragraph in title.tx.rich.p for run in (paragraph.r or []))


def _value(value: object) -> str:
    if isinstance(value, str):
        # The file may escape characters XML cannot hold (_x000D_); show the text Excel reads.
        return repr(unescape(value))
    if isinstance(value, float):
        return repr(round(value, 12))
    return repr(value)


def _color(rgb: object) -> str | None:
    """Return an ARGB colour with the alpha shown as 00: Excel ignores the alpha of cell colours."""
    return None if not isinstance(rgb, str) else "00" + rgb[-6:]


def cell_look(font: Any, fill: Any, align: Any, border: Any) -> str:
    """Describe a cell's formatting: font, fill, alignment (bottom is Excel's default), wrap and edges."""
    edges = "".join(
        side[0] for side in ("left", "right", "top", "bottom") if getattr(getattr(border, side), "style", None)
    )
    color = _color(font.color.rgb) if font.color is not None else None
    fill_color = _color(fill.fgColor.rgb) if fill.fill_type else None
    return (
        f"font={font.name} {font.sz:g} bold={font.b} italic={font.i} color={color} fill={fill_color} "
        f"align={align.horizontal}/{align.vertical or 'bottom'} wrap={align.wrap_text or None} border={edges or '-'}"
    )


def _style_look(style: Style) -> str:
    """Describe a layout style the way ``cell_look`` describes a cell formatted with it."""
    fill = "00" + style.fill if style.fill else None
    return (
        f"font={style.font} {style.size:g} bold={style.bold} italic={style.italic} color=00{style.color} "
        f"fill={fill} align={style.horizontal}/{style.vertical} wrap={style.wrap or None} border={_EDGES[style.border]}"
    )


LAYOUT_LOOKS: dict[str, str] = {_style_look(style): style.name for style in STYLES}


class _Names:
    """Names each look seen in a workbook, in order of first use."""

    def __init__(self) -> None:
        self.looks: dict[str, str] = {}

    def name(self, cell: Any) -> str:
        look = cell_look(cell.font, cell.fill, cell.alignment, cell.border)
        name = cell.style if cell.style != "Normal" else LAYOUT_LOOKS.get(look, look)
        self.looks.setdefault(name, look)
        return name


def _labels(labels: Any) -> str:
    shown = " labels=" + ",".join(name for name in ("showVal", "showPercent", "showCatName") if getattr(labels, name))
    if labels.numFmt:
        shown += f" format={labels.numFmt!r}"
    return shown


def _or_default(fit: object) -> object:
    """Return a fitToWidth as Excel reads it: absent means the schema's default, 1."""
    return 1 if fit is None else fit


def _drawn(points: float) -> float:
    """Return a row height as Excel draws it at 96 dpi, in whole pixels of 0.75 pt (XlsxWriter stores those)."""
    return int(points * 4 / 3 + 0.5) * 0.75


def _chart_lines(ws: Worksheet) -> list[str]:
    lines: list[str] = []
    for chart in ws._charts:
        anchor = chart.anchor._from
        where = f"{anchor.col + 1},{anchor.row + 1}"
        kind = chart.tagname
        extra = ""
        if kind == "barChart":
            extra = f" dir={chart.barDir} grouping={chart.grouping}"
        # Data labels set for the chart group, or for every series alike (as XlsxWriter writes them).
        series_labels = {_labels(series.dLbls) for series in chart.series if series.dLbls is not None}
        shown = ""
        if chart.dataLabels is not None:
            shown = _labels(chart.dataLabels)
        elif len(series_labels) == 1 and all(series.dLbls is not None for series in chart.series):
            shown = series_labels.pop()
        elif series_labels:
            shown = " labels=per-series:" + "|".join(sorted(series_labels))
        lines.append(f"  chart {kind}{extra}{shown} at col,row={where} title={_rich_text(chart.title)!r}")
        for series in chart.series:
            name = series.tx.v if series.tx is not None else None
            values = series.val.numRef.f if series.val is not None and series.val.numRef is not None else None
            categories = None
            if series.cat is not None:
                ref = series.cat.strRef or series.cat.numRef
                categories = ref.f if ref is not None else None
            colors = [str(point.graphicalProperties.solidFill.srgbClr) for point in series.dPt]
            lines.append(
                f"    series {name!r} values={values} categories={categories}" + (f" points={colors}" if colors else "")
            )
    return lines


def dump_worksheet(ws: Worksheet, names: _Names | None = None) -> list[str]:
    """Return the dump lines of one sheet; each cell is named by its look (see the module docstring)."""
    names = names or _Names()
    setup = ws.page_setup
    lines = [f"sheet {ws.title!r}"]
    lines.append(
        f"  print paper={setup.paperSize} orientation={setup.orientation} fitToPage="
        f"{ws.sheet_properties.pageSetUpPr.fitToPage} fitToWidth={_or_default(setup.fitToWidth)} "
        f"fitToHeight={setup.fitToHeight} header={ws.oddHeader.center.text!r} footer={ws.oddFooter.center.text!r}"
    )
    lines.append("  page breaks after rows " + " ".join(str(brk.id) for brk in ws.row_breaks.brk))
    widths = {
        column: dim.width
        for dim in ws.column_dimensions.values()
        if dim.width and dim.min is not None
        for column in range(dim.min, (dim.max or dim.min) + 1)
    }
    lines.append("  columns " + " ".join(f"{get_column_letter(c)}={w:g}" for c, w in sorted(widths.items())))
    merged = sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))
    lines.append("  merged " + " ".join(str(r) for r in merged))
    lines.append(
        "  row heights "
        + " ".join(f"{key}={_drawn(dim.height):g}" for key, dim in sorted(ws.row_dimensions.items()) if dim.height)
    )
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            fmt = "" if cell.number_format == "General" else f" fmt={cell.number_format!r}"
            kind = "" if cell.data_type in ("n", "s") else f" type={cell.data_type}"
            quote = " quoted" if cell.quotePrefix else ""
            lines.append(f"  {cell.coordinate} [{names.name(cell)}]{fmt}{kind}{quote} {_value(cell.value)}")
    lines.extend(_chart_lines(ws))
    return lines


def dump_workbook(path: Path) -> str:
    """Return a readable dump of the workbook at ``path``: the look of each style name used, then per sheet
    its set-up, one line per non-empty cell, and its charts."""
    workbook = load_workbook(path)
    names = _Names()
    lines: list[str] = []
    for ws in workbook.worksheets:
        lines.extend(dump_worksheet(ws, names))
    styles = [f"style {name}: {look}" for name, look in names.looks.items()]
    return "\n".join(styles + lines) + "\n"
