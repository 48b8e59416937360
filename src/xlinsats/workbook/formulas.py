"""Formula texts for the workbook's computed columns, built from the layout in schema.py."""

from __future__ import annotations

from functools import cache

from xlinsats.core import indicators
from xlinsats.core.model import FLOW_NAMES
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
    """A share indicator of the Efter avslut row, computed from the registry's entry as the core computes it."""
    name = f"$A{row}"
    entry = indicators.INDICATORS[indicator]
    assert entry.namnare is not None  # the sheet's computed columns are the share indicators

    def total(count: str) -> str:
        # An outcome is on this row; a flow is looked up on Deltagare by the insats's name.
        if count in FLOW_NAMES:
            return _lookup(DELTAGARE, count + ".totalt", name)
        return f"{EFTER_AVSLUT.letter(count + '.totalt')}{row}"

    return f"={_share([total(count) for count in entry.taljare], total(entry.namnare))}"


def _indicator_value(indicator: str, name_cell: str) -> str:
    entry = indicators.INDICATORS[indicator]
    if entry.kind == "antal":
        # &"" turns an empty cell into "" (and so into the dash below) instead of Excel's 0.
        parts = [
            _lookup(DELTAGARE if count in FLOW_NAMES else EFTER_AVSLUT, count + ".totalt", name_cell) + '&""'
            for count in entry.taljare
        ]
        return f"({'+'.join(parts)})" if len(parts) > 1 else f"({parts[0]})"
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
