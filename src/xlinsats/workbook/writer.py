"""Build the Swedish follow-up workbook (openpyxl) from a FollowUp: settings, data tables and formulas."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from copy import copy
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableFormula, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from xlinsats.core.indicators import INDICATORS
from xlinsats.core.model import FLOW_NAMES, GENDERS, OUTCOME_NAMES, Count, FollowUp, Goal, Insats
from xlinsats.errors import BuildError
from xlinsats.excel_limits import VALIDATION_MESSAGE, VALIDATION_TITLE, shorten
from xlinsats.workbook import formulas
from xlinsats.workbook.schema import (
    AGGREGATION_CHOICES,
    AGGREGATION_NAME,
    BERATTELSE,
    BOUNDS_NAME,
    COUNT_FORMAT,
    DATA_TABLES,
    DELTAGARE,
    EFTER_AVSLUT,
    FORMULA_STYLE,
    INPUT_STYLE,
    INSATS_NAMES,
    INSATSER,
    INSTRUCTIONS_SHEET,
    MAL,
    NARRATIVE_KINDS,
    NUMBER_FORMAT,
    PERCENT_FORMAT,
    SCALE_HEADER_ROW,
    SCALE_HEADERS,
    SCALE_NAME,
    SCALE_TABLE,
    SCALE_TITLE_ROW,
    SETTINGS,
    SETTINGS_SHEET,
    SHARE_COLUMN_HEADERS,
    TKR_FORMAT,
    Column,
    TableSpec,
    looks_like_formula,
    quote_sheet,
)

_TABLE_STYLE = TableStyleInfo(name="TableStyleLight1", showRowStripes=False, showColumnStripes=False)
_THIN = Side(style="thin", color="BFBFBF")


def _named_styles() -> list[NamedStyle]:
    border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
    return [
        NamedStyle(
            INPUT_STYLE,
            fill=PatternFill("solid", fgColor="FFF2CC"),
            border=border,
            alignment=Alignment(vertical="top", wrap_text=False),
        ),
        NamedStyle(
            FORMULA_STYLE,
            fill=PatternFill("solid", fgColor="EDEDED"),
            font=Font(italic=True, color="404040"),
            border=border,
            alignment=Alignment(vertical="top"),
        ),
    ]


def _number(value: Decimal | int) -> int | float:
    """A cell number: an int when whole, so the file shows 2450 and not 2450.0."""
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


def _goal_value(goal: Goal, value: Decimal | None) -> int | float | None:
    """Goal units to cell units: shares are Excel percentages, i.e. fractions (50 % -> 0.5)."""
    if value is None:
        return None
    return _number(value / 100) if goal.typ == "andel" else _number(value)


def set_value(cell: Any, value: object) -> None:
    """Put a value in a cell; text that looks like a formula is stored as text with a quote prefix.

    Raises:
        BuildError: the text holds control characters that an Excel file cannot store.
    """
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        raise BuildError(
            f"Texten {value[:60]!r} (blad {cell.parent.title}, cell {cell.coordinate}) innehåller styrtecken som "
            "inte kan lagras i en Excel-fil. Ta bort dem i indata och försök igen."
        )
    cell.value = value
    if isinstance(value, str) and looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True


#: What a user is asked to choose from each named list.
_LIST_SOURCES = {
    INSATS_NAMES: f"en insats som finns på bladet {INSATSER.sheet}",
    SCALE_NAME: f"en bedömning ur skalan på bladet {SETTINGS_SHEET}",
}


def _number_format(column: Column) -> str | None:
    return {
        "count": COUNT_FORMAT,
        "total": COUNT_FORMAT,
        "tkr": TKR_FORMAT,
        "share": PERCENT_FORMAT,
    }.get(column.kind)


def _rule(column: Column, title: str, error: str, **criteria: str) -> DataValidation:
    """A data validation for ``column`` with its Swedish error message and the column's help as prompt."""
    return DataValidation(
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=shorten(title, VALIDATION_TITLE),
        error=shorten(error, VALIDATION_MESSAGE),
        # Excel repairs a file whose validation title exceeds 32 characters, and long headers do.
        promptTitle=shorten(column.header, VALIDATION_TITLE) if column.help else None,
        prompt=shorten(column.help, VALIDATION_MESSAGE) if column.help else None,
        showInputMessage=bool(column.help),
        **criteria,
    )


def _validation(column: Column) -> DataValidation | None:
    """The data validation of a column, with Swedish messages."""
    if column.choices is not None or column.list_source is not None:
        # Formulas inside the file carry no leading "=" (as Excel and LibreOffice write them).
        source = f'"{",".join(column.choices)}"' if column.choices is not None else f"{column.list_source}"
        allowed = (
            f"{', '.join(column.choices[:-1])} eller {column.choices[-1]}"
            if column.choices is not None
            else _LIST_SOURCES.get(column.list_source or "", "ett värde ur listan")
        )
        return _rule(column, "Ogiltigt värde", f"Välj {allowed}.", type="list", formula1=source)
    if column.kind in ("count", "total"):
        return _rule(
            column,
            "Ogiltigt antal",
            "Skriv ett heltal, 0 eller större.",
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
        )
    if column.kind == "goal_value":
        # A share is a fraction (50 % is 0.5): a 50 typed into a share goal is refused as Excel takes it in.
        cell = f"{MAL.letter(column.key)}2"
        kind = f"${MAL.letter('typ')}2"
        return _rule(
            column,
            "Ogiltigt värde",
            "Skriv en andel i procent (t.ex. 50 %) eller ett antal (0 eller större).",
            type="custom",
            formula1=f'AND(ISNUMBER({cell}),{cell}>=0,OR({kind}<>"andel",{cell}<=1))',
        )
    if column.kind == "tkr":
        return _rule(
            column,
            "Ogiltigt tal",
            "Skriv ett tal, 0 eller större.",
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
        )
    return None


def _count_cells(prefix: str, count: Count | None) -> dict[str, object]:
    if count is None:
        return {}
    cells: dict[str, object] = {f"{prefix}.{gender}": count.part(gender) for gender in GENDERS}
    if count.totalt_angivet is not None:
        cells[f"{prefix}.totalt"] = count.totalt_angivet
    return cells


def _insats_row(insats: Insats, row: int) -> dict[str, object]:
    return {
        "namn": insats.namn,
        "kortnamn": insats.kortnamn,
        "agare": insats.agare or None,
        "malgrupp": insats.malgrupp or None,
        "beskrivning": insats.beskrivning or None,
        "budget_tkr": None if insats.budget_tkr is None else _number(insats.budget_tkr),
        "kostnad_tkr": None if insats.kostnad_tkr is None else _number(insats.kostnad_tkr),
        "avvikelse_forklaring": insats.avvikelse_forklaring or None,
        "publicerad_bedomning": insats.publicerad_bedomning,
        **formulas.row_formulas(INSATSER, row),
    }


def _flow_row(insats: Insats, row: int) -> dict[str, object]:
    cells: dict[str, object] = {"namn": insats.namn, **formulas.row_formulas(DELTAGARE, row)}
    for flow in FLOW_NAMES:
        cells.update(_count_cells(flow, insats.deltagare.get(flow)))
    return cells


def _outcome_row(insats: Insats, row: int) -> dict[str, object]:
    cells: dict[str, object] = {"namn": insats.namn, **formulas.row_formulas(EFTER_AVSLUT, row)}
    for name in OUTCOME_NAMES:
        cells.update(_count_cells(name, insats.efter_avslut.get(name)))
    return cells


def _goal_row(insats: Insats, goal: Goal, row: int) -> dict[str, object]:
    return {
        "namn": insats.namn,
        "text": goal.text,
        "typ": goal.typ,
        "riktning": goal.riktning,
        "malvarde": _goal_value(goal, goal.malvarde),
        "indikator": goal.indikator,
        "utfall": _goal_value(goal, goal.utfall),
        "bedomning": goal.bedomning_angiven,
        **formulas.row_formulas(MAL, row),
    }


def _narrative_rows(insats: Insats) -> Iterator[dict[str, object]]:
    for text in insats.framgangar:
        yield {"namn": insats.namn, "slag": NARRATIVE_KINDS["framgangar"], "text": text}
    for text in insats.utmaningar:
        yield {"namn": insats.namn, "slag": NARRATIVE_KINDS["utmaningar"], "text": text}
    for quote in insats.citat:
        yield {"namn": insats.namn, "slag": NARRATIVE_KINDS["citat"], "text": quote.text, "kalla": quote.kalla or None}


def _row_format(spec: TableSpec, column: Column, cells: dict[str, object]) -> str | None:
    """The number format of one cell; goal values and results follow the goal's type."""
    if spec is MAL and column.key in ("malvarde", "utfall", "utfall_bedomt"):
        return PERCENT_FORMAT if cells.get("typ") == "andel" else COUNT_FORMAT
    if spec is MAL and column.key == "avvikelse":
        return NUMBER_FORMAT
    if spec is INSATSER and column.key == "budgetutnyttjande":
        return PERCENT_FORMAT
    if spec is INSATSER and column.key == "outnyttjat_tkr":
        return TKR_FORMAT
    if spec is EFTER_AVSLUT and column.key in SHARE_COLUMN_HEADERS:
        return PERCENT_FORMAT
    return _number_format(column)


def _write_table(ws: Worksheet, spec: TableSpec, rows: Iterable[dict[str, object]]) -> None:
    """Write the header, the rows and the Table, with styles, formats, validation, widths and frozen panes."""
    for number, column in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=number, value=column.header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[spec.letter(column.key)].width = column.width
    last = 1
    styles: _StyleCache = {}
    for last, cells in enumerate(rows, start=2):
        _write_row(ws, spec, last, cells, styles)
    if last == 1:
        # A Table needs a data row; an empty one invites the first entry.
        last = 2
        _write_row(ws, spec, last, dict(formulas.row_formulas(spec, last)), styles)
    ref = f"A1:{spec.letter(spec.columns[-1].key)}{last}"
    table = Table(displayName=spec.table, ref=ref, tableStyleInfo=_TABLE_STYLE, autoFilter=AutoFilter(ref=ref))
    # Calculated columns: Excel fills their formula into every row the user adds to the table.
    first_row = formulas.row_formulas(spec, 2)
    for number, column in enumerate(spec.columns, start=1):
        formula = first_row.get(column.key)
        table.tableColumns.append(
            TableColumn(
                id=number,
                name=column.header,
                calculatedColumnFormula=None if formula is None else TableFormula(attr_text=formula.removeprefix("=")),
            )
        )
    ws.add_table(table)
    for column in spec.columns:
        validation = _validation(column)
        if validation is not None:
            validation.add(f"{spec.letter(column.key)}2:{spec.letter(column.key)}{last}")
            ws.add_data_validation(validation)
    ws.freeze_panes = spec.freeze
    ws.row_dimensions[1].height = 32


_StyleCache = dict[tuple[str, str, str | None, bool], Any]


def _write_row(ws: Worksheet, spec: TableSpec, row: int, cells: dict[str, object], styles: _StyleCache) -> None:
    for number, column in enumerate(spec.columns, start=1):
        cell = ws.cell(row=row, column=number)
        value = cells.get(column.key)
        is_formula = isinstance(value, str) and value.startswith("=") and column.kind in ("formula", "total")
        style = FORMULA_STYLE if is_formula or not column.is_input else INPUT_STYLE
        key = (column.key, style, _row_format(spec, column, cells), column.kind == "text" and column.width >= 36)
        # The style goes first: a style assigned later would drop the quote prefix that set_value may add.
        if key in styles:
            # Copying a finished style is far cheaper than resolving the named style and format for every cell.
            cell._style = copy(styles[key])
        else:
            cell.style = style
            if key[2] is not None:
                cell.number_format = key[2]
            if key[3]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            styles[key] = copy(cell._style)
        if is_formula:
            cell.value = value
        else:
            set_value(cell, value)


def _write_instructions(ws: Worksheet) -> None:
    lines = [
        ("Uppföljning av insatser", "title"),
        ("Arbetsboken är underlaget för årets uppföljning. Fyll i de gula cellerna; grå celler räknas ut.", ""),
        ("", ""),
        ("Så fyller du i", "heading"),
        (
            "Inställningar: förbundets namn, året, bedömningsskalan med gränser och hur målens bedömningar "
            "vägs samman. Minsta antal för sekretess lämnas tomt om inget ska döljas.",
            "",
        ),
        (
            "Insatser: en rad per insats med namn, insatsägare, målgrupp, beskrivning, budget och kostnad i tkr. "
            "Namnet används på de andra bladen och måste vara unikt.",
            "",
        ),
        (
            "Deltagare: aktuella, nya och avslutade deltagare under året, uppdelade på kvinnor, män och "
            "annat/ej angivet. Totalen summeras av sig själv; skriv in en total bara när uppdelning saknas.",
            "",
        ),
        (
            "Efter avslut: vart de avslutade deltagarna gick, och ettårsuppföljningen. Lämna en cell tom när "
            "uppgiften inte är känd; en andel som behöver den visas då som –.",
            "",
        ),
        (
            "Mål: ett mål per rad. Typ är andel (skrivs i procent, t.ex. 50 %) eller antal. Med en indikator "
            "räknas utfallet fram ur uppgifterna; utan indikator skriver du in utfallet.",
            "",
        ),
        ("Berättelse: framgångar, utmaningar och citat, en per rad. Ange källa för citat.", ""),
        ("", ""),
        ("Bra att veta", "heading"),
        (
            "Rapporten räknar alltid om alla tal ur de ifyllda uppgifterna; beräknade celler i arbetsboken är "
            "bara en hjälp medan du skriver.",
            "",
        ),
        ("Arbetsboken innehåller bara antal, aldrig uppgifter om enskilda personer.", ""),
        ("Indikatorer som ett mål kan kopplas till:", "heading"),
    ]
    lines += [(f"{name}: {indicator.label}", "") for name, indicator in INDICATORS.items()]
    for row, (text, kind) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1)
        set_value(cell, text or None)
        if kind == "title":
            cell.font = Font(bold=True, size=16)
        elif kind == "heading":
            cell.font = Font(bold=True, size=12)
        else:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 110


def _write_settings(wb: Workbook, ws: Worksheet, followup: FollowUp) -> None:
    ws["A1"] = "Inställningar"
    ws["A1"].font = Font(bold=True, size=14)
    values: dict[str, object] = {
        "forbund": followup.forbund,
        "ar": followup.ar,
        "sammanvagning": followup.bedomning.aggregation,
        "minsta_cell": followup.sekretess.minsta_cell,
    }
    sheet = quote_sheet(SETTINGS_SHEET)
    for setting in SETTINGS:
        ws.cell(row=setting.row, column=1, value=setting.label).font = Font(bold=True)
        cell = ws.cell(row=setting.row, column=2)
        cell.style = INPUT_STYLE
        set_value(cell, values[setting.key])
        set_value(ws.cell(row=setting.row, column=3), setting.help)
        _define(wb, setting.defined_name, f"{sheet}$B${setting.row}")
    validations = {
        "ar": DataValidation(
            type="whole",
            operator="between",
            formula1="1900",
            formula2="2200",
            error="Skriv ett årtal, t.ex. 2022.",
            errorTitle="Ogiltigt år",
            showErrorMessage=True,
        ),
        "sammanvagning": DataValidation(
            type="list",
            formula1=f'"{",".join(AGGREGATION_CHOICES)}"',
            error="Välj median eller samsta.",
            errorTitle="Ogiltigt värde",
            showErrorMessage=True,
        ),
        "minsta_cell": DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="1",
            allow_blank=True,
            error="Skriv ett heltal, t.ex. 3, eller lämna tomt.",
            errorTitle="Ogiltigt antal",
            showErrorMessage=True,
        ),
    }
    for setting in SETTINGS:
        if setting.key in validations:
            validations[setting.key].add(f"B{setting.row}")
            ws.add_data_validation(validations[setting.key])

    scale = followup.bedomning
    ws.cell(row=SCALE_TITLE_ROW, column=1, value="Bedömningsskala (bästa först)").font = Font(bold=True, size=12)
    for number, header in enumerate(SCALE_HEADERS, start=1):
        ws.cell(row=SCALE_HEADER_ROW, column=number, value=header).font = Font(bold=True)
    ws.cell(
        row=SCALE_HEADER_ROW,
        column=3,
        value="Högsta avvikelse som ger steget (gränsen ingår): procentenheter för andelsmål, procent av "
        "målvärdet för antalsmål. Sista steget har ingen gräns.",
    ).alignment = Alignment(wrap_text=True, vertical="top")
    first = SCALE_HEADER_ROW + 1
    for offset, name in enumerate(scale.names):
        name_cell = ws.cell(row=first + offset, column=1)
        name_cell.style = INPUT_STYLE
        set_value(name_cell, name)
        bound_cell = ws.cell(row=first + offset, column=2)
        bound_cell.style = INPUT_STYLE
        bound_cell.number_format = "0.##"
        if offset < len(scale.bounds):
            bound_cell.value = _number(scale.bounds[offset])
    last = first + len(scale.names) - 1
    ws.add_table(Table(displayName=SCALE_TABLE, ref=f"A{SCALE_HEADER_ROW}:B{last}", tableStyleInfo=_TABLE_STYLE))
    bounds = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        error="Skriv ett tal, 0 eller större.",
        errorTitle="Ogiltig gräns",
        showErrorMessage=True,
    )
    bounds.add(f"B{first}:B{last}")
    ws.add_data_validation(bounds)
    _define(wb, SCALE_NAME, f"{sheet}$A${first}:$A${last}")
    _define(wb, BOUNDS_NAME, f"{sheet}$B${first}:$B${last - 1}")
    _define(wb, AGGREGATION_NAME, f"{sheet}$B${next(s.row for s in SETTINGS if s.key == 'sammanvagning')}")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 80


def _define(wb: Workbook, name: str, reference: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=reference)


def build_workbook(followup: FollowUp) -> Workbook:
    """Return the follow-up as a new Swedish workbook: settings, data tables, validation and formulas.

    Args:
        followup: the follow-up to write; every value is written as entered, nothing derived is typed in.

    Returns:
        An openpyxl workbook, not yet saved (``xlinsats.xlsm.package.save_xlsm`` makes the .xlsm).
    """
    wb = Workbook()
    for style in _named_styles():
        wb.add_named_style(style)
    default = wb.active
    if default is not None:
        wb.remove(default)
    _write_instructions(wb.create_sheet(INSTRUCTIONS_SHEET))
    _write_settings(wb, wb.create_sheet(SETTINGS_SHEET), followup)
    insatser = followup.insatser
    rows: dict[str, Iterable[dict[str, object]]] = {
        INSATSER.table: (_insats_row(insats, row) for row, insats in enumerate(insatser, start=2)),
        DELTAGARE.table: (_flow_row(insats, row) for row, insats in enumerate(insatser, start=2)),
        EFTER_AVSLUT.table: (_outcome_row(insats, row) for row, insats in enumerate(insatser, start=2)),
        MAL.table: (
            _goal_row(insats, goal, row)
            for row, (insats, goal) in enumerate(
                ((insats, goal) for insats in insatser for goal in insats.mal), start=2
            )
        ),
        BERATTELSE.table: (cells for insats in insatser for cells in _narrative_rows(insats)),
    }
    for spec in DATA_TABLES:
        _write_table(wb.create_sheet(spec.sheet), spec, rows[spec.table])
    name_column = INSATSER.letter("namn")
    sheet = quote_sheet(INSATSER.sheet)
    _define(
        wb,
        INSATS_NAMES,
        f"OFFSET({sheet}${name_column}$2,0,0,MAX(1,COUNTA({sheet}${name_column}:${name_column})-1),1)",
    )
    wb.active = 0
    return wb


__all__ = ["build_workbook", "set_value"]
