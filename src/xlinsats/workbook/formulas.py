"""Formula texts for the workbook's computed columns, built from the layout in schema.py."""

from __future__ import annotations

from functools import cache

from xlinsats.core import indicators
from xlinsats.workbook.schema import (
    DELTAGARE,
    EFTER_AVSLUT,
    EGNA_ANTAL,
    INSATSER,
    MAL,
    UNDEFINED,
    TableSpec,
    quote_sheet,
)

_DASH = f'"{UNDEFINED}"'


def _lookup(spec: TableSpec, key: str, name_cell: str) -> str:
    """An INDEX/MATCH of a column of ``spec`` by insats name; whole columns, so added rows are found."""
    sheet = quote_sheet(spec.sheet)
    column = spec.letter(key)
    first = spec.letter("namn")
    return f"INDEX({sheet}${column}:${column},MATCH({name_cell},{sheet}${first}:${first},0))"


def _share(numerators: list[str], denominator: str) -> str:
    """part/total, or a dash when any part is unknown or the total is unknown or zero (as the engine does)."""
    known = ",".join(f"ISNUMBER({term})" for term in (*numerators, denominator))
    part = "+".join(numerators)
    part = f"({part})" if len(numerators) > 1 else part
    return f"IFERROR(IF(AND({known}),IF({denominator}<>0,{part}/{denominator},{_DASH}),{_DASH}),{_DASH})"


def count_total(spec: TableSpec, prefix: str, row: int) -> str:
    """The sum of a count's gender parts, empty when no part is filled in."""
    first = spec.letter(f"{prefix}.kvinnor")
    last = spec.letter(f"{prefix}.annat")
    cells = f"{first}{row}:{last}{row}"
    return f'=IF(COUNT({cells})=0,"",SUM({cells}))'


def budget_utilisation(row: int) -> str:
    """Cost over budget, a dash when either is missing or the budget is zero."""
    budget = f"{INSATSER.letter('budget_tkr')}{row}"
    cost = f"{INSATSER.letter('kostnad_tkr')}{row}"
    return f"={_share([cost], budget)}"


def unused_funds(row: int) -> str:
    """Budget minus cost in tkr (negative for an overrun), a dash when either is missing."""
    budget = f"{INSATSER.letter('budget_tkr')}{row}"
    cost = f"{INSATSER.letter('kostnad_tkr')}{row}"
    return f"=IF(AND(ISNUMBER({budget}),ISNUMBER({cost})),{budget}-{cost},{_DASH})"


def outcome_share(indicator: str, row: int) -> str:
    """A share indicator of the Efter avslut row, computed as xlinsats.core.indicators does."""
    name = f"$A{row}"

    def total(key: str) -> str:
        return f"{EFTER_AVSLUT.letter(key + '.totalt')}{row}"

    ended = _lookup(DELTAGARE, "avslutade.totalt", name)
    parts: dict[str, tuple[list[str], str]] = {
        "arbete_studier_andel": ([total("arbete_studier")], ended),
        "annan_insats_andel": ([total("annan_insats")], ended),
        "vidare_andel": ([total("arbete_studier"), total("annan_insats")], ended),
        "sjalvforsorjande_andel": ([total("ettars_sjalvforsorjande")], total("ettars_svarande")),
        "behallit_anstallning_andel": ([total("behallit_anstallning_12_man")], total("anstallda")),
    }
    numerators, denominator = parts[indicator]
    return f"={_share(numerators, denominator)}"


def _indicator_value(indicator: str, name_cell: str) -> str:
    if indicators.INDICATORS[indicator].kind == "antal":
        # &"" turns an empty cell into "" (and so into the dash below) instead of Excel's 0.
        return f'({_lookup(DELTAGARE, indicator + ".totalt", name_cell)}&"")'
    return _lookup(EFTER_AVSLUT, indicator, name_cell)


def goal_result(row: int) -> str:
    """The result a goal is graded on: from its indicator when it has one, else as entered.

    The Indikator cell holds a built-in indicator's Swedish label (or, in an older workbook, its name); an own
    indicator matches neither and shows the dash: the report computes it.
    """
    name = f"${MAL.letter('namn')}{row}"
    indicator = f"${MAL.letter('indikator')}{row}"
    entered = f"${MAL.letter('utfall')}{row}"
    builtin = indicators.INDICATORS
    labels = ",".join(f'"{ind.label.replace(chr(34), chr(34) * 2)}"' for ind in builtin.values())
    names = ",".join(f'"{key}"' for key in builtin)
    values = ",".join(_indicator_value(key, name) for key in builtin)
    position = f"IFERROR(MATCH({indicator},{{{labels}}},0),MATCH({indicator},{{{names}}},0))"
    computed = f"IFERROR(1*CHOOSE({position},{values}),{_DASH})"
    return f'=IF({name}="","",IF({indicator}="",IF(ISNUMBER({entered}),{entered},{_DASH}),{computed}))'


def _goal_udf(function: str, row: int) -> str:
    name = f"${MAL.letter('namn')}{row}"
    args = ",".join(f"${MAL.letter(key)}{row}" for key in ("malvarde", "utfall_bedomt", "typ", "riktning"))
    return f'=IF({name}="","",{function}({args}))'


def goal_shortfall(row: int) -> str:
    """The goal's shortfall through the SHORTFALL UDF (shares arrive as fractions)."""
    return _goal_udf("SHORTFALL", row)


def goal_fulfilment(row: int) -> str:
    """The goal's grade through the FULFILMENT UDF (shares arrive as fractions)."""
    return _goal_udf("FULFILMENT", row)


_ROW = 999_999_937  # a row number no sheet reaches, replaced in the cached formula texts


@cache
def _row_templates(spec: TableSpec) -> dict[str, str]:
    return _build_row_formulas(spec, _ROW)


def row_formulas(spec: TableSpec, row: int) -> dict[str, str]:
    """Every formula of one row of a data table, by column key (totals included; an entered total replaces its)."""
    marker, number = str(_ROW), str(row)
    return {key: formula.replace(marker, number) for key, formula in _row_templates(spec).items()}


def _build_row_formulas(spec: TableSpec, row: int) -> dict[str, str]:
    if spec is INSATSER:
        return {"budgetutnyttjande": budget_utilisation(row), "outnyttjat_tkr": unused_funds(row)}
    if spec is DELTAGARE or spec is EFTER_AVSLUT or spec is EGNA_ANTAL:
        cells = {
            column.key: count_total(spec, column.key.rsplit(".", 1)[0], row)
            for column in spec.columns
            if column.kind == "total"
        }
        if spec is EFTER_AVSLUT:
            cells.update(
                {column.key: outcome_share(column.key, row) for column in spec.columns if column.kind == "formula"}
            )
        return cells
    if spec is MAL:
        return {
            "utfall_bedomt": goal_result(row),
            "avvikelse": goal_shortfall(row),
            "maluppfyllelse": goal_fulfilment(row),
        }
    return {}
