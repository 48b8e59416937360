"""The report's charts as PNG images (matplotlib, Agg): fixed size, DPI and font, no timestamps, same colours."""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from xlinsats.core.swedish import format_percent
from xlinsats.report.model import GENDER_SERIES, GOAL_COLORS, TREND_COLORS, Development, GenderChart, PieChart

#: Dots per inch of every chart image: sharp in print at the sizes used, small in the document.
DPI = 150
_CM = 1 / 2.54  # inches per centimetre
# DejaVu Sans ships with matplotlib, so the same image is drawn on every machine.
_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "xlinsats",
    # Names are the users' text: "$" must stay a dollar sign, never start mathematics.
    "text.parse_math": False,
}


def _color(hex_rgb: str) -> str:
    return "#" + hex_rgb


@contextmanager
def _figure(width_cm: float, height_cm: float, constrained: bool = True) -> Iterator[Figure]:
    # No pyplot: a Figure with its own Agg canvas holds no global state, so threads and tests do not interfere.
    with matplotlib.rc_context(_STYLE):  # type: ignore[arg-type]  # the keys are rcParams names, checked at run time
        size = (width_cm * _CM, height_cm * _CM)
        figure = Figure(figsize=size, dpi=DPI, layout="constrained") if constrained else Figure(figsize=size, dpi=DPI)
        FigureCanvasAgg(figure)
        yield figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # metadata={"Software": None} drops the one line that would differ between matplotlib versions; PNG
    # output carries no creation time, so the same chart gives the same bytes.
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _percent_axis(value: float, _: object) -> str:
    return format_percent(Fraction(value).limit_denominator(1000))


def _wrapped(title: str, width: int) -> str:
    words, lines, line = title.split(" "), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def gender_chart_size(chart: GenderChart) -> tuple[float, float]:
    """Return the picture size (width, height) in cm: as in the workbook report, taller with more insatser."""
    return 22.0, min(4.0 + 0.9 * len(chart.bars), 24.0)


def gender_chart_png(chart: GenderChart) -> bytes:
    """Return the chart of current participants by gender: a 100 % stacked bar per insats, counts as labels."""
    width, height = gender_chart_size(chart)
    with _figure(width, height) as figure:
        axes = figure.add_subplot()
        names = [bar.insats for bar in chart.bars]
        positions = range(len(names))
        left = [0.0] * len(names)
        for number, ((label, _), color) in enumerate(zip(GENDER_SERIES, chart.colors, strict=True)):
            counts = [float(bar.parts[number].number or 0) for bar in chart.bars]
            totals = [sum(float(part.number or 0) for part in bar.parts) for bar in chart.bars]
            shares = [count / total if total else 0.0 for count, total in zip(counts, totals, strict=True)]
            bars = axes.barh(positions, shares, left=left, color=_color(color), label=label, height=0.6)
            texts = [
                bar.parts[number].text if share >= 0.05 else "" for bar, share in zip(chart.bars, shares, strict=True)
            ]
            axes.bar_label(bars, labels=texts, label_type="center", color="white" if number == 0 else "black")
            left = [a + b for a, b in zip(left, shares, strict=True)]
        axes.set_yticks(list(positions), names)
        axes.invert_yaxis()
        axes.set_xlim(0, 1)
        axes.xaxis.set_major_formatter(FuncFormatter(_percent_axis))
        axes.set_xlabel(chart.axis_title)
        axes.set_title(_wrapped(chart.title, 110))
        figure.legend(loc="outside lower center", ncols=3, frameon=False)
        return _png(figure)


def pie_png(pie: PieChart) -> bytes:
    """Return the economy pie: two slices in the workbook report's colours, each with its share of the whole."""
    # A fixed layout: a pie per insats, and working the layout out costs as much as drawing the pie.
    with _figure(9.0, 6.5, constrained=False) as figure:
        axes = figure.add_axes((0.2, 0.25, 0.6, 0.6))
        values = [float(value.number or 0) for _, value in pie.slices]
        wedges, _ = axes.pie(
            values,
            colors=[_color(color) for color in pie.colors],
            startangle=90,
            counterclock=False,
            wedgeprops={"linewidth": 1, "edgecolor": "white"},
        )
        total = sum(values)
        for wedge, value, text in zip(wedges, values, pie.percents, strict=True):
            if not total or value / total < 0.04:
                continue  # a sliver's label would sit on its neighbour's; the legend still names it
            angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
            axes.text(0.6 * math.cos(angle), 0.6 * math.sin(angle), text, ha="center", va="center", color="white")
        axes.set_aspect("equal")
        figure.suptitle(_wrapped(pie.title, 45), fontsize=9, fontweight="bold", y=0.97)
        labels = [f"{label} ({value.text})" for label, value in pie.slices]
        figure.legend(wedges, labels, loc="lower center", ncols=1, frameon=False)
        return _png(figure)


def development_png(development: Development) -> bytes:
    """Return the shares per year against their goals (dashed, hollow markers), the insats grade under each year."""
    with _figure(16.0, 8.0) as figure:
        axes = figure.add_subplot()
        positions = list(range(len(development.years)))
        for number, trend in enumerate(development.trends):
            color = _color(TREND_COLORS[number % len(TREND_COLORS)])
            values = [math.nan if value.number is None else float(value.number) for value in trend.values]
            axes.plot(positions, values, marker="o", color=color, label=trend.label, linewidth=2)
            for x, value, shown in zip(positions, values, trend.values, strict=True):
                if not math.isnan(value):
                    axes.annotate(shown.text, (x, value), textcoords="offset points", xytext=(0, 6), ha="center")
            goals = [math.nan if goal is None or goal.number is None else float(goal.number) for goal in trend.goals]
            if not all(math.isnan(goal) for goal in goals):
                axes.plot(
                    positions,
                    goals,
                    linestyle="--",
                    marker="D",
                    markerfacecolor="white",
                    color=_color(GOAL_COLORS[number % len(GOAL_COLORS)]),
                    label=f"Mål: {trend.label.lower()}",
                )
        axes.set_xticks(
            positions, [f"{year}\n{grade}" for year, grade in zip(development.years, development.grades, strict=True)]
        )
        axes.set_xlim(-0.5, len(positions) - 0.5)
        axes.set_ylim(0, 1.05)
        axes.yaxis.set_major_formatter(FuncFormatter(_percent_axis))
        axes.set_ylabel("Andel av de avslutade deltagarna")
        axes.set_xlabel("År och insatsens måluppfyllelse")
        axes.set_title("Andelar per år mot målen")
        figure.legend(loc="outside lower center", ncols=2, frameon=False)
        return _png(figure)
