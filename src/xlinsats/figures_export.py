"""The computed key figures as JSON-ready data and as CSV (shares in percent, unrounded, null if undefined)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from xlinsats.core.figures import SHARE_NAMES, FollowUpFigures, InsatsFigures
from xlinsats.core.model import FLOW_NAMES, GENDERS, Count

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _number(value: Fraction | Decimal | int | None) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    return float(value)


def _percent(value: Fraction | None) -> float | int | None:
    return None if value is None else _number(value * 100)


def _count(count: Count | None) -> dict[str, int | None]:
    if count is None:
        return {"kvinnor": None, "man": None, "annat": None, "totalt": None}
    return {gender: count.part(gender) for gender in GENDERS} | {"totalt": count.totalt}


def _insats(figures: InsatsFigures) -> dict[str, Any]:
    insats = figures.insats
    return {
        "namn": insats.namn,
        "budget_tkr": _number(insats.budget_tkr),
        "kostnad_tkr": _number(insats.kostnad_tkr),
        "budgetutnyttjande": _percent(figures.budgetutnyttjande),
        "outnyttjat_tkr": _number(figures.outnyttjat_tkr),
        "deltagare": {name: _count(insats.deltagare.get(name)) for name in FLOW_NAMES},
        "andelar": {name: _percent(figures.andelar[name]) for name in SHARE_NAMES},
        "mal": [
            {
                "text": goal.goal.text,
                "malvarde": _number(goal.goal.malvarde),
                "utfall": _number(goal.utfall),
                "avvikelse": _number(goal.avvikelse),
                "bedomning": goal.bedomning,
            }
            for goal in figures.mal
        ],
        "bedomning": figures.bedomning,
        "publicerad_bedomning": insats.publicerad_bedomning,
    }


def figures_to_data(figures: FollowUpFigures) -> dict[str, Any]:
    """Return the key figures in the structure of ``xlinsats figures --format json``."""
    return {
        "forbund": figures.followup.forbund,
        "ar": figures.followup.ar,
        "insatser": [_insats(insats) for insats in figures.insatser],
        "totalt": {name: _count(figures.totalt[name]) for name in FLOW_NAMES},
    }


def figures_to_json(figures: FollowUpFigures) -> str:
    """Return the key figures as JSON text."""
    return json.dumps(figures_to_data(figures), ensure_ascii=False, indent=2) + "\n"


def neutralise_csv_text(value: str) -> str:
    """Return ``value`` safe for a spreadsheet: a leading =, +, -, @, tab or CR is escaped with a quote."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_csv_text(value)
    return value


def figures_to_csv(figures: FollowUpFigures) -> str:
    """Return the key figures as CSV: one row per insats, plus a TOTALT row for the flows."""
    header = ["namn", "budget_tkr", "kostnad_tkr", "budgetutnyttjande", "outnyttjat_tkr"]
    header += [f"{flow}_{part}" for flow in FLOW_NAMES for part in (*GENDERS, "totalt")]
    header += list(SHARE_NAMES)
    header += ["bedomning", "publicerad_bedomning"]
    data = figures_to_data(figures)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for insats in data["insatser"]:
        row: list[object] = [insats[key] for key in header[:5]]
        row += [insats["deltagare"][flow][part] for flow in FLOW_NAMES for part in (*GENDERS, "totalt")]
        row += [insats["andelar"][name] for name in SHARE_NAMES]
        row += [insats["bedomning"], insats["publicerad_bedomning"]]
        writer.writerow([_csv_cell(value) for value in row])
    total_row: list[object] = ["TOTALT", None, None, None, None]
    total_row += [data["totalt"][flow][part] for flow in FLOW_NAMES for part in (*GENDERS, "totalt")]
    total_row += [None] * (len(SHARE_NAMES) + 2)
    writer.writerow([_csv_cell(value) for value in total_row])
    return out.getvalue()
