"""The computed key figures as JSON-ready data (exact, null if undefined) and as CSV for Swedish Excel.

With a minimum cell size set (``[sekretess] minsta_cell``), masked figures are null in JSON, listed as
JSON Pointers under ``sekretess.maskerade``, and written as the mask symbol ".." in CSV.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from xlinsats.core.figures import FollowUpFigures, InsatsFigures
from xlinsats.core.model import FLOW_NAMES, GENDERS, Count
from xlinsats.core.privacy import MASK_SYMBOL, FiguresMasking, mask_figures
from xlinsats.core.swedish import csv_number

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


def _insats(figures: InsatsFigures, share_names: tuple[str, ...]) -> dict[str, Any]:
    insats = figures.insats
    data: dict[str, Any] = {
        "namn": insats.namn,
        "budget_tkr": _number(insats.budget_tkr),
        "kostnad_tkr": _number(insats.kostnad_tkr),
        "budgetutnyttjande": _percent(figures.budgetutnyttjande),
        "outnyttjat_tkr": _number(figures.outnyttjat_tkr),
        "deltagare": {name: _count(insats.deltagare.get(name)) for name in FLOW_NAMES},
        "andelar": {name: _percent(figures.andelar[name]) for name in share_names},
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
    if insats.egna_antal:  # only where the förbund keeps own counts, so the agreed keys stay as they were
        data["egna_antal"] = {name: _count(count) for name, count in insats.egna_antal.items()}
    return data


def masked_pointers(figures: FollowUpFigures, masking: FiguresMasking) -> list[str]:
    """Return the JSON Pointers (RFC 6901) of the exported figures that ``masking`` hides, in export order."""
    pointers: list[str] = []
    for index, insats in enumerate(figures.insatser):
        base = f"/insatser/{index}"
        pointers += [
            f"{base}/deltagare/{flow}/{part}"
            for flow in FLOW_NAMES
            for part in (*GENDERS, "totalt")
            if masking.count(index, flow, part)
        ]
        pointers += [
            f"{base}/egna_antal/{name}/{part}"
            for name in insats.insats.egna_antal
            for part in (*GENDERS, "totalt")
            if masking.outcome(index, name, part)
        ]
        pointers += [f"{base}/andelar/{name}" for name in figures.share_names if masking.share(index, name)]
        for number in range(len(insats.mal)):
            if masking.goal(index, number):
                pointers += [f"{base}/mal/{number}/utfall", f"{base}/mal/{number}/avvikelse"]
    pointers += [
        f"/totalt/{flow}/{part}"
        for flow in FLOW_NAMES
        for part in (*GENDERS, "totalt")
        if masking.count(None, flow, part)
    ]
    return pointers


def _set_pointer(data: dict[str, Any], pointer: str, value: object) -> None:
    steps = pointer.split("/")[1:]
    target: Any = data
    for step in steps[:-1]:
        target = target[int(step)] if isinstance(target, list) else target[step]
    target[steps[-1]] = value


def figures_to_data(figures: FollowUpFigures, masking: FiguresMasking | None = None) -> dict[str, Any]:
    """Return the key figures in the structure of ``xlinsats figures --format json``.

    Args:
        figures: the computed figures.
        masking: which figures to hide; by default the follow-up's own minimum cell size decides (off
            when it is unset, and the data is then exactly the unmasked structure).

    When masking is active, every masked figure is null and a top-level ``sekretess`` object is added:
    ``{"minsta_cell": m, "symbol": "..", "maskerade": [JSON Pointers of the masked figures]}``.
    """
    masking = mask_figures(figures) if masking is None else masking
    data: dict[str, Any] = {
        "forbund": figures.followup.forbund,
        "ar": figures.followup.ar,
        "insatser": [_insats(insats, figures.share_names) for insats in figures.insatser],
        "totalt": {name: _count(figures.totalt[name]) for name in FLOW_NAMES},
    }
    if masking.active:
        pointers = masked_pointers(figures, masking)
        for pointer in pointers:
            _set_pointer(data, pointer, None)
        data["sekretess"] = {"minsta_cell": masking.minimum, "symbol": MASK_SYMBOL, "maskerade": pointers}
    return data


def figures_to_json(figures: FollowUpFigures, masking: FiguresMasking | None = None) -> str:
    """Return the key figures as JSON text (masked as in ``figures_to_data``)."""
    return json.dumps(figures_to_data(figures, masking), ensure_ascii=False, indent=2) + "\n"


def neutralise_csv_text(value: str) -> str:
    """Return ``value`` safe for a spreadsheet: a leading =, +, -, @, tab or CR is escaped with a quote."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


#: Decimals a number is written with in CSV, by column: one for percentages, as entered for tkr, none for
#: counts. Exact values are in the JSON form.
_PERCENT_COLUMNS_DECIMALS = 1
_TKR_DECIMALS_AT_MOST = 2


def _csv_cell(value: object, column: str = "") -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_csv_text(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if column.endswith("_tkr"):
        # Amounts are shown with the decimals they carry (2450, 1350,5), at most two.
        digits = min(len(repr(float(value)).split(".")[1].rstrip("0")), _TKR_DECIMALS_AT_MOST)
        return csv_number(value, 0 if isinstance(value, int) else digits)
    if isinstance(value, int):
        return csv_number(value)
    return csv_number(value, _PERCENT_COLUMNS_DECIMALS)


# A text holding the separator ";" is quoted, or the text after it would start a cell of its own,
# unneutralised. Numbers (with their decimal comma) are never quoted, so Excel reads them as numbers.
_CSV_QUOTE_TRIGGERS = (";", '"', "\n", "\r", "\t")


def _csv_field(value: object) -> str:
    if isinstance(value, str):
        if any(trigger in value for trigger in _CSV_QUOTE_TRIGGERS):
            return '"' + value.replace('"', '""') + '"'
        return value
    return str(value)


#: Swedish Excel's list separator: a double-clicked .csv opens in columns only when they are split by ";".
CSV_SEPARATOR = ";"


def _csv_line(values: list[object]) -> str:
    """Return one CSV record: fields split by ";", RFC 4180 quoting of texts holding ";", ",", quotes or breaks."""
    return CSV_SEPARATOR.join(_csv_field(value) for value in values) + "\n"


def figures_to_csv(figures: FollowUpFigures, masking: FiguresMasking | None = None) -> str:
    """Return the key figures as CSV for Swedish Excel: one row per insats, plus a TOTALT row for the flows.

    Fields are split by ";" and numbers have a decimal comma: percentages (shares, budget utilisation) with
    one decimal, amounts in tkr as entered, counts whole. A masked figure (see ``figures_to_data``) is written
    as the mask symbol "..", an undefined one as an empty cell. The command line adds a byte-order mark when
    it writes the file, so Excel reads it as UTF-8.
    """
    header = ["namn", "budget_tkr", "kostnad_tkr", "budgetutnyttjande", "outnyttjat_tkr"]
    header += [f"{flow}_{part}" for flow in FLOW_NAMES for part in (*GENDERS, "totalt")]
    share_names = figures.share_names
    header += list(share_names)
    header += ["bedomning", "publicerad_bedomning"]
    data = figures_to_data(figures, masking)
    hidden = set(data.get("sekretess", {}).get("maskerade", ()))

    def cell(pointer: str, value: object) -> object:
        return MASK_SYMBOL if pointer in hidden else _csv_cell(value, pointer.rsplit("/", 1)[-1])

    flow_parts = [(flow, part) for flow in FLOW_NAMES for part in (*GENDERS, "totalt")]
    lines = [_csv_line(list(header))]
    for index, insats in enumerate(data["insatser"]):
        base = f"/insatser/{index}"
        row: list[object] = [_csv_cell(insats[key], key) for key in header[:5]]
        row += [cell(f"{base}/deltagare/{flow}/{part}", insats["deltagare"][flow][part]) for flow, part in flow_parts]
        row += [cell(f"{base}/andelar/{name}", insats["andelar"][name]) for name in share_names]
        row += [_csv_cell(insats["bedomning"]), _csv_cell(insats["publicerad_bedomning"])]
        lines.append(_csv_line(row))
    total_row: list[object] = ["TOTALT", "", "", "", ""]
    total_row += [cell(f"/totalt/{flow}/{part}", data["totalt"][flow][part]) for flow, part in flow_parts]
    total_row += [""] * (len(share_names) + 2)
    lines.append(_csv_line(total_row))
    return "".join(lines)
