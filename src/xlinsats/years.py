"""Key figures across years: one long table (insats, year, figure, value) from several follow-ups, with pandas."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pandas as pd

from xlinsats.core.figures import FollowUpFigures
from xlinsats.core.privacy import MASK_SYMBOL
from xlinsats.core.swedish import csv_number
from xlinsats.errors import Problem
from xlinsats.figures_export import figures_to_data

#: The columns of the long table, in order (Swedish, as the CSV header and the JSON keys read). "maskerad" is
#: true where the figure is withheld under that year's minimum cell size (its value is then empty).
COLUMNS = ("insats", "ar", "nyckeltal", "varde", "maskerad")
#: The per-insats figures of the export that go into the long table, in this order.
_SCALARS = ("budget_tkr", "kostnad_tkr", "budgetutnyttjande", "outnyttjat_tkr", "bedomning")


def _flatten(insats: Mapping[str, Any]) -> Iterator[tuple[str, object]]:
    """Yield (figure name, value) for one insats of ``figures_to_data``: "deltagare.nya.kvinnor", "andelar.x"."""
    for flow, parts in insats["deltagare"].items():
        for part, value in parts.items():
            yield f"deltagare.{flow}.{part}", value
    for name, value in insats["andelar"].items():
        yield f"andelar.{name}", value
    for key in _SCALARS:
        yield key, insats[key]


def long_table(years: Sequence[FollowUpFigures]) -> tuple[pd.DataFrame, list[Problem]]:
    """Return the key figures of several follow-ups as one long table, and warnings about the matching.

    Insatser are matched by name. Masked figures (each year under its own minimum cell size) are empty.
    The table is sorted by insats, year and the figures' own order.

    Raises:
        ValueError: two follow-ups are for the same year (Swedish message).
    """
    seen: dict[int, str] = {}
    for figures in years:
        year = figures.followup.ar
        if year in seen:
            raise ValueError(f"två arbetsböcker gäller samma år ({year}); ange ett år en gång")
        seen[year] = figures.followup.forbund
    rows: list[tuple[str, int, str, object, bool, int]] = []
    for figures in years:
        data = figures_to_data(figures)
        hidden = set(data.get("sekretess", {}).get("maskerade", ()))
        for index, insats in enumerate(data["insatser"]):
            for order, (name, value) in enumerate(_flatten(insats)):
                pointer = f"/insatser/{index}/" + name.replace(".", "/")
                rows.append((insats["namn"], data["ar"], name, value, pointer in hidden, order))
    table = pd.DataFrame(rows, columns=[*COLUMNS, "_ordning"])
    table = table.sort_values(["insats", "ar", "_ordning"], kind="stable").drop(columns="_ordning")
    table = table.reset_index(drop=True)
    all_years = sorted(seen)
    problems: list[Problem] = []
    if len(all_years) > 1:
        present = table.groupby("insats", sort=True)["ar"].unique()
        for name, found in present.items():
            if len(found) < len(all_years):
                listed = ", ".join(str(year) for year in sorted(found))
                problems.append(
                    Problem(
                        "varning",
                        f"Insatsen '{name}' finns bara för {listed} (av {', '.join(map(str, all_years))}); "
                        "kontrollera att namnet stavas likadant alla år.",
                    )
                )
    return table, problems


def _decimals(figure: str) -> int:
    """Decimals a figure is shown with in CSV: one for percentages and tkr, none for counts."""
    return 0 if figure.startswith("deltagare.") else 1


def long_table_csv(table: pd.DataFrame) -> str:
    """Return the long table as CSV for Swedish Excel: semicolons, decimal comma, values rounded for reading.

    Exact values stay in the JSON form. A masked figure reads ".." and an undefined one is empty.
    """
    lines = [";".join(COLUMNS[:4])]
    for name, year, figure, value, masked in table.itertuples(index=False, name=None):
        if masked:
            shown = MASK_SYMBOL
        elif value is None or (isinstance(value, float) and value != value):
            shown = ""
        elif isinstance(value, int | float):
            shown = csv_number(value, _decimals(figure))
        else:
            shown = str(value)
        lines.append(";".join(_csv_field(field) for field in (str(name), str(year), figure, shown)))
    return "\n".join(lines) + "\n"


def _csv_field(text: str) -> str:
    """Quote a field holding the separator, a quote or a line break; neutralise a leading formula character."""
    if text.startswith(("=", "+", "-", "@", "\t", "\r")) and not _is_number(text):
        text = "'" + text
    if any(mark in text for mark in (";", '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text


def _is_number(text: str) -> bool:
    return text.lstrip("-").replace(",", "", 1).isdigit()


def long_table_records(table: pd.DataFrame) -> list[dict[str, object]]:
    """Return the long table as JSON-ready records (missing values as None)."""
    clean = table.astype(object).where(table.notna(), None)
    return [dict(zip(COLUMNS, row, strict=True)) for row in clean.itertuples(index=False, name=None)]
