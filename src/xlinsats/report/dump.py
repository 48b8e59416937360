"""A readable text dump of a report workbook (values, formats, merges, print set-up, charts) for comparisons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet


def _rich_text(title: Any) -> str:
    """Return the plain text of a chart title read back by openpyxl."""
    if title is None or title.tx is None or title.tx.rich is None:
        return ""
    return "".join(run.t for paragraph in title.tx.rich.p for run in (paragraph.r or []))


def _value(value: object) -> str:
    if isinstance(value, float):
        return repr(round(value, 12))
    return repr(value)


def _chart_lines(ws: Worksheet) -> list[str]:
    lines: list[str] = []
    for chart in ws._charts:
        anchor = chart.anchor._from
        where = f"{anchor.col + 1},{anchor.row + 1}"
        kind = chart.tagname
        extra = ""
        if kind == "barChart":
            extra = f" dir={chart.barDir} grouping={chart.grouping}"
        labels = chart.dataLabels
        shown = ""
        if labels is not None:
            shown = " labels=" + ",".join(
                name for name in ("showVal", "showPercent", "showCatName") if getattr(labels, name)
            )
            if labels.numFmt:
                shown += f" format={labels.numFmt!r}"
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


def dump_worksheet(ws: Worksheet) -> list[str]:
    """Return the dump lines of one sheet."""
    setup = ws.page_setup
    lines = [f"sheet {ws.title!r}"]
    lines.append(
        f"  print paper={setup.paperSize} orientation={setup.orientation} fitToPage="
        f"{ws.sheet_properties.pageSetUpPr.fitToPage} fitToWidth={setup.fitToWidth} "
        f"fitToHeight={setup.fitToHeight} header={ws.oddHeader.center.text!r} footer={ws.oddFooter.center.text!r}"
    )
    lines.append("  page breaks after rows " + " ".join(str(brk.id) for brk in ws.row_breaks.brk))
    lines.append(
        "  columns "
        + " ".join(f"{key}={dim.width:g}" for key, dim in sorted(ws.column_dimensions.items()) if dim.width)
    )
    merged = sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))
    lines.append("  merged " + " ".join(str(r) for r in merged))
    lines.append(
        "  row heights "
        + " ".join(f"{key}={dim.height:g}" for key, dim in sorted(ws.row_dimensions.items()) if dim.height)
    )
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            fmt = "" if cell.number_format == "General" else f" fmt={cell.number_format!r}"
            kind = "" if cell.data_type in ("n", "s") else f" type={cell.data_type}"
            quote = " quoted" if cell.quotePrefix else ""
            lines.append(f"  {cell.coordinate} [{cell.style}]{fmt}{kind}{quote} {_value(cell.value)}")
    lines.extend(_chart_lines(ws))
    return lines


def _style_lines(workbook: Any) -> list[str]:
    lines: list[str] = []
    for style in workbook._named_styles:
        if style.name == "Normal":
            continue
        font, align = style.font, style.alignment
        color = font.color.rgb if font.color is not None else None
        fill = style.fill.fgColor.rgb if style.fill.fill_type else None
        edges = "".join(
            side[0]
            for side in ("left", "right", "top", "bottom")
            if getattr(style.border, side) is not None and getattr(style.border, side).style
        )
        lines.append(
            f"style {style.name}: font={font.name} {font.sz:g} bold={font.b} italic={font.i} color={color} "
            f"fill={fill} align={align.horizontal}/{align.vertical} wrap={align.wrap_text} border={edges or '-'}"
        )
    return lines


def dump_workbook(path: Path) -> str:
    """Return a readable dump of the workbook at ``path``: its named styles, then per sheet its set-up,
    one line per non-empty cell, and its charts."""
    workbook = load_workbook(path)
    lines: list[str] = _style_lines(workbook)
    for ws in workbook.worksheets:
        lines.extend(dump_worksheet(ws))
    return "\n".join(lines) + "\n"
