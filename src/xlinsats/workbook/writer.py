"""Build the Swedish follow-up workbook with XlsxWriter from a FollowUp: settings, data tables and formulas."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import NoReturn

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import CellFormulaTuple, Worksheet

from xlinsats.core.indicators import BUILTIN_INDICATORS, INDICATORS, Registry, registry_for
from xlinsats.core.model import (
    FLOW_NAMES,
    GENDERS,
    OUTCOME_NAMES,
    Count,
    FollowUp,
    Goal,
    Indicator,
    Insats,
    YearFigures,
)
from xlinsats.errors import BuildError
from xlinsats.excel_limits import VALIDATION_MESSAGE, VALIDATION_TITLE, shorten
from xlinsats.workbook import formulas
from xlinsats.workbook.schema import (
    AGGREGATION_CHOICES,
    BERATTELSE,
    BOUNDS_NAME,
    BUILTIN_LIST_COLUMN,
    BUILTIN_LIST_HEADERS,
    BUILTIN_LIST_TABLE,
    BUILTIN_LIST_WIDTHS,
    COUNT_FORMAT,
    DATA_TABLES,
    DELTAGARE,
    EFTER_AVSLUT,
    EGNA_ANTAL,
    HISTORIK,
    HISTORIK_MAL,
    HISTORY_SHARE_SUFFIX,
    INDICATOR_LABELS,
    INDIKATORER,
    INSATS_NAMES,
    INSATSER,
    INSTRUCTIONS_SHEET,
    LABEL_LIST_COLUMN,
    LABEL_LIST_HEADER,
    LABEL_LIST_ROWS,
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
    history_spec,
    looks_like_formula,
    quote_sheet,
)
from xlinsats.xlsm.package import WorkbookPackage, finish_workbook, new_workbook

#: Swedish number locale, pinned in every format that shows a number: LibreOffice in another locale (and a
#: converter) then still shows "2 450" and "0,5", where the bare code would give "2,450" and "0.5". Excel
#: takes its separators from Windows either way.
SWEDISH = "[$-41D]"
#: Characters an Excel file cannot store in a cell (XML 1.0 forbids them; openpyxl refuses the same set).
_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f]")
#: Excel's limit on the characters of one cell.
_MAX_CELL_TEXT = 32_767
_TABLE_STYLE = "Table Style Light 1"
_BORDER = {"border": 1, "border_color": "#BFBFBF"}
#: The cell looks of the input workbook: yellow cells are typed in, grey ones are computed.
_LOOKS: dict[str, dict[str, object]] = {
    "input": {"bg_color": "#FFF2CC", "valign": "top", **_BORDER},
    "formula": {"bg_color": "#EDEDED", "italic": True, "font_color": "#404040", "valign": "top", **_BORDER},
    "header": {"bold": True, "text_wrap": True, "valign": "top"},
    "bold": {"bold": True},
    "title": {"bold": True, "font_size": 16},
    "sheet_title": {"bold": True, "font_size": 14},
    "heading": {"bold": True, "font_size": 12},
    "wrap": {"text_wrap": True, "valign": "top"},
    "plain": {},
}


class FormulaWorksheet(Worksheet):  # type: ignore[misc]
    """XlsxWriter's worksheet without its handling of newer Excel functions, which no formula here uses.

    For every formula XlsxWriter searches for dynamic-array functions and rewrites Excel 365 functions
    (FILTER -> _xlfn._xlws.FILTER) in some thirty regular-expression passes; over the long lookup formulas of
    1,000 insatser that was most of the build time (docs/architecture.md has the figures). Both hooks are
    XlsxWriter's own undecorated methods; tests/test_workbook_layout.py builds the workbook with XlsxWriter's
    plain worksheet too and requires the same bytes.
    """

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        # The same trimming as XlsxWriter's: array braces and the leading "=".
        return formula.removeprefix("{").removeprefix("=").removesuffix("}")

    def _write_formula(
        self, row: int, col: int, formula: str, cell_format: Format | None = None, value: object = 0
    ) -> int:
        if self._check_dimensions(row, col):
            return -1
        self.table[row][col] = CellFormulaTuple(self._prepare_formula(formula), cell_format, value)
        return 0


#: The worksheet class every sheet is made with (a test swaps in XlsxWriter's own to compare the output).
_WORKSHEET: type[Worksheet] = FormulaWorksheet


def swedish(number_format: str) -> str:
    """Return ``number_format`` with the Swedish number locale pinned."""
    return SWEDISH + number_format


class _Formats:
    """The workbook's cell formats, each made once: a look, an optional number format, wrapping, a quote prefix."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._workbook = workbook
        self._made: dict[tuple[str, str | None, bool, bool], Format] = {}

    def get(self, look: str, number_format: str | None = None, *, wrap: bool = False, quote: bool = False) -> Format:
        """Return the format of that look, made on first use."""
        key = (look, number_format, wrap, quote)
        if key not in self._made:
            properties: dict[str, object] = dict(_LOOKS[look])
            if number_format is not None:
                properties["num_format"] = swedish(number_format)
            if wrap:
                properties.update(text_wrap=True, valign="top")
            if quote:
                # Excel shows such text as typed and keeps it text when the cell is edited.
                properties["quote_prefix"] = True
            self._made[key] = self._workbook.add_format(properties)
        return self._made[key]


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


def _put(
    ws: Worksheet,
    formats: _Formats,
    cell: tuple[int, int],
    value: object,
    look: str,
    number_format: str | None = None,
    *,
    wrap: bool = False,
) -> None:
    """Write one value (0-based row and column): text stays text, numbers stay numbers, None a formatted blank.

    Raises:
        BuildError: the text holds control characters an Excel file cannot store, or is longer than a cell holds.
    """
    row, col = cell
    if isinstance(value, str):
        if _ILLEGAL_CHARACTERS.search(value) or len(value) > _MAX_CELL_TEXT:
            _refuse_text(ws, cell, value)
        ws.write_string(row, col, value, formats.get(look, number_format, wrap=wrap, quote=looks_like_formula(value)))
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, formats.get(look, number_format, wrap=wrap))
    elif isinstance(value, int | float | Decimal):
        number = _number(value) if isinstance(value, Decimal) else value
        ws.write_number(row, col, number, formats.get(look, number_format, wrap=wrap))
    elif value is None:
        ws.write_blank(row, col, None, formats.get(look, number_format, wrap=wrap))
    else:
        raise BuildError(f"Värdet {value!r} (blad {ws.name}) kan inte skrivas i en cell.")


def _refuse_text(ws: Worksheet, cell: tuple[int, int], value: str) -> NoReturn:
    """Raise the Swedish BuildError for a text no Excel cell can hold.

    Raises:
        BuildError: always; it names the sheet and cell.
    """
    where = f"blad {ws.name}, cell {xl_rowcol_to_cell(*cell)}"
    if _ILLEGAL_CHARACTERS.search(value):
        raise BuildError(
            f"Texten {value[:60]!r} ({where}) innehåller styrtecken som inte kan lagras i en Excel-fil. "
            "Ta bort dem i indata och försök igen."
        )
    raise BuildError(
        f"Texten som börjar {value[:60]!r} ({where}) har {len(value)} tecken; en Excel-cell rymmer högst "
        f"{_MAX_CELL_TEXT}. Korta den i indata och försök igen."
    )


#: What a user is asked to choose from each named list.
_LIST_SOURCES = {
    INSATS_NAMES: f"en insats som finns på bladet {INSATSER.sheet}",
    SCALE_NAME: f"en bedömning ur skalan på bladet {SETTINGS_SHEET}",
    INDICATOR_LABELS: f"en indikator ur listan på bladet {INDIKATORER.sheet}",
}


def _number_format(column: Column) -> str | None:
    return {
        "count": COUNT_FORMAT,
        "total": COUNT_FORMAT,
        "tkr": TKR_FORMAT,
        "share": PERCENT_FORMAT,
    }.get(column.kind)


def _rule(column: Column, title: str, error: str, **criteria: object) -> dict[str, object]:
    """A data validation for ``column`` with its Swedish error message and the column's help as prompt."""
    rule: dict[str, object] = {
        "ignore_blank": True,
        "error_title": shorten(title, VALIDATION_TITLE),
        "error_message": shorten(error, VALIDATION_MESSAGE),
        "show_input": bool(column.help),
        **criteria,
    }
    if column.help:
        # Excel repairs a file whose validation title exceeds 32 characters, and long headers do.
        rule["input_title"] = shorten(column.header, VALIDATION_TITLE)
        rule["input_message"] = shorten(column.help, VALIDATION_MESSAGE)
    return rule


def _validation(column: Column) -> dict[str, object] | None:
    """The data validation of a column, with Swedish messages."""
    if column.choices is not None or column.list_source is not None:
        # A named list is referenced by its name; XlsxWriter stores formulas without the leading "=".
        source: object = list(column.choices) if column.choices is not None else f"={column.list_source}"
        allowed = (
            f"{', '.join(column.choices[:-1])} eller {column.choices[-1]}"
            if column.choices is not None
            else _LIST_SOURCES.get(column.list_source or "", "ett värde ur listan")
        )
        return _rule(column, "Ogiltigt värde", f"Välj {allowed}.", validate="list", source=source)
    if column.kind in ("count", "total"):
        return _rule(
            column, "Ogiltigt antal", "Skriv ett heltal, 0 eller större.", validate="integer", criteria=">=", value=0
        )
    if column.kind == "goal_value":
        # A share is a fraction (50 % is 0.5): a 50 typed into a share goal is refused as Excel takes it in.
        cell = f"{MAL.letter(column.key)}2"
        kind = f"${MAL.letter('typ')}2"
        return _rule(
            column,
            "Ogiltigt värde",
            "Skriv en andel i procent (t.ex. 50 %) eller ett antal (0 eller större).",
            validate="custom",
            value=f'=AND(ISNUMBER({cell}),{cell}>=0,OR({kind}<>"andel",{cell}<=1))',
        )
    if column.kind == "tkr":
        return _rule(
            column, "Ogiltigt tal", "Skriv ett tal, 0 eller större.", validate="decimal", criteria=">=", value=0
        )
    return None


def _checked(result: int, what: str) -> None:
    """XlsxWriter reports a refused call by a negative result (and a warning); here that is a build error."""
    if result < 0:
        raise BuildError(f"Arbetsboken gick inte att bygga: {what} avvisades (kod {result}).")


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


def _goal_row(insats: Insats, goal: Goal, row: int, registry: Registry) -> dict[str, object]:
    indicator = goal.indikator
    return {
        "namn": insats.namn,
        "text": goal.text,
        "typ": goal.typ,
        "riktning": goal.riktning,
        "malvarde": _goal_value(goal, goal.malvarde),
        # The dropdown speaks Swedish: the label; the reader maps it back to the name.
        "indikator": registry[indicator].label if indicator is not None and indicator in registry else indicator,
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
    if spec.table == HISTORIK.table and column.kind == "share":
        return "0.0#"  # history keeps percent as numbers (38.44), as the interchange file does
    if spec.table in (HISTORIK.table, HISTORIK_MAL.table) and column.key == "ar":
        return "0"
    if spec is HISTORIK_MAL and column.key in ("malvarde", "utfall"):
        return "0.##"
    return _number_format(column)


@dataclass(frozen=True)
class _Slot:
    """How one column of a table is written: its number and key, look, wrapping and, unless it varies, format."""

    number: int
    column: Column
    look: str
    wrap: bool
    may_hold_formula: bool
    varies: bool
    fixed_format: str | None


def _plan(spec: TableSpec, read_only: bool = False) -> list[_Slot]:
    """Work out per column, once per table, what ``_write_row`` would otherwise decide for every cell."""
    varies = {"malvarde", "utfall", "utfall_bedomt"} if spec is MAL else set()
    return [
        _Slot(
            number,
            column,
            "input" if column.is_input and not read_only else "formula",
            column.kind == "text" and column.width >= 36,
            column.kind in ("formula", "total"),
            column.key in varies,
            None if column.key in varies else _row_format(spec, column, {}),
        )
        for number, column in enumerate(spec.columns)
    ]


#: Height of one line of 11-point Calibri, the workbook's font, in points; Excel's row height limit.
LINE_HEIGHT_PT = 15
MAX_ROW_HEIGHT_PT = 409
#: Characters of ordinary text per unit of column width (a unit is the width of one digit).
_CHARACTERS_PER_WIDTH = 1.15


def wrapped_lines(text: str, width: float) -> int:
    """Return how many lines ``text`` takes when wrapped in a column ``width`` characters wide (an estimate).

    Words are not split, so a line ends at the last word that fits, as Excel wraps.
    """
    room = max(int((width - 1) * _CHARACTERS_PER_WIDTH), 1)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split(" "):
            needed = len(word) if used == 0 else used + 1 + len(word)
            if needed <= room:
                used = needed
            else:
                lines += max(-(-len(word) // room) - 1, 0) + (1 if used else 0)
                used = len(word) % room or room
    return lines


def _write_table(
    ws: Worksheet, formats: _Formats, spec: TableSpec, rows: Iterable[dict[str, object]], *, read_only: bool = False
) -> None:
    """Write the Table with its header, the rows, formats, validation (unless read-only), widths and frozen panes."""
    data = list(rows)
    if not data:
        # A Table needs a data row; an empty one invites the first entry.
        data = [dict(formulas.row_formulas(spec, 2))]
    last = len(data)
    # Calculated columns: Excel fills their formula into every row the user adds to the table. XlsxWriter
    # writes a column's formula into every row, so the table goes first and each row's own cells over it.
    first_row = formulas.row_formulas(spec, 2)
    columns: list[dict[str, object]] = []
    for column in spec.columns:
        entry: dict[str, object] = {"header": column.header, "header_format": formats.get("header")}
        if column.key in first_row:
            entry["formula"] = first_row[column.key]
        columns.append(entry)
    options = {"name": spec.table, "style": _TABLE_STYLE, "banded_rows": False, "columns": columns}
    _checked(ws.add_table(0, 0, last, len(spec.columns) - 1, options), f"tabellen {spec.table}")
    plan = _plan(spec, read_only)
    for row, cells in enumerate(data, start=1):
        _write_row(ws, formats, spec, plan, row, cells)
        lines = max(
            (
                wrapped_lines(value, slot.column.width)
                for slot in plan
                if slot.wrap and isinstance(value := cells.get(slot.column.key), str)
            ),
            default=1,
        )
        if lines > 1:
            # Excel does not grow a row for wrapped text in a file it did not lay out itself: without a stored
            # height the text would run over the next row.
            ws.set_row(row, min(LINE_HEIGHT_PT * lines + 3, MAX_ROW_HEIGHT_PT))
    for number, column in enumerate(spec.columns):
        ws.set_column(number, number, column.width)
        validation = None if read_only else _validation(column)
        if validation is not None:
            _checked(ws.data_validation(1, number, last, number, validation), f"valideringen av {column.header}")
    ws.freeze_panes(spec.freeze)
    ws.set_row(0, 32)


def _write_row(
    ws: Worksheet, formats: _Formats, spec: TableSpec, plan: list[_Slot], row: int, cells: dict[str, object]
) -> None:
    for slot in plan:
        value = cells.get(slot.column.key)
        number_format = _row_format(spec, slot.column, cells) if slot.varies else slot.fixed_format
        if slot.may_hold_formula and isinstance(value, str) and value.startswith("="):
            # An empty cached result makes LibreOffice compute the cell on load, as Excel does for every formula
            # (fullCalcOnLoad); XlsxWriter's default cached 0 would be shown as the result there.
            ws.write_formula(row, slot.number, value, formats.get("formula", number_format), "")
        else:
            _put(ws, formats, (row, slot.number), value, slot.look, number_format, wrap=slot.wrap)


def _own_count_rows(insats: Insats, first: int) -> Iterator[dict[str, object]]:
    for offset, (name, count) in enumerate(insats.egna_antal.items()):
        cells: dict[str, object] = {"namn": insats.namn, "antal": name}
        cells.update(formulas.row_formulas(EGNA_ANTAL, first + offset))
        cells.update(_count_cells("varde", count))
        yield cells


def _indicator_rows(own: Iterable[Indicator]) -> Iterator[dict[str, object]]:
    for indicator in own:
        yield {
            "namn": indicator.name,
            "etikett": indicator.label,
            "taljare": ", ".join(indicator.taljare),
            "namnare": indicator.namnare,
        }


def _history_share_headers(followup: FollowUp, registry: Registry) -> dict[str, str]:
    """Every share any insats's history holds, built-ins first: its label (or name, when unknown now) and "(%)"."""
    names = dict.fromkeys(ind.name for ind in BUILTIN_INDICATORS if ind.namnare is not None)
    names.update(dict.fromkeys(n for i in followup.insatser for year in i.historik for n in year.andelar))
    return {name: (registry[name].label if name in registry else name) + HISTORY_SHARE_SUFFIX for name in names}


def _history_rows(insats: Insats, year: YearFigures) -> dict[str, object]:
    def number(value: Decimal | None) -> int | float | None:
        return None if value is None else _number(value)

    return {
        "namn": insats.namn,
        "ar": year.ar,
        **{flow: year.deltagare.get(flow) for flow in FLOW_NAMES},
        **{f"andelar.{name}": number(value) for name, value in year.andelar.items()},
        "budget_tkr": number(year.budget_tkr),
        "kostnad_tkr": number(year.kostnad_tkr),
        "budgetutnyttjande": number(year.budgetutnyttjande),
        "bedomning": year.bedomning,
        "maskerade": ", ".join(year.maskerade) or None,
    }


def _history_goal_rows(followup: FollowUp) -> Iterator[dict[str, object]]:
    for insats in followup.insatser:
        for year in insats.historik:
            for goal in year.mal:
                yield {
                    "namn": insats.namn,
                    "ar": year.ar,
                    "text": goal.text,
                    "malvarde": _number(goal.malvarde),
                    "indikator": goal.indikator,
                    "utfall": None if goal.utfall is None else _number(goal.utfall),
                    "bedomning": goal.bedomning,
                }


#: Every sheet's footer: the sheet's name on the left, the page on the right.
_FOOTER = "&L&A&RSida &P av &N"
_A4 = 9  # XlsxWriter's paper code


def _page(ws: Worksheet, *, landscape: bool) -> None:
    """The page every sheet prints on: A4 in the given orientation, with the common footer."""
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(_A4)
    ws.set_footer(_FOOTER)


#: A table with more columns than this is printed over several pages wide rather than shrunk to one.
_COLUMNS_ON_ONE_PAGE = 16


def _print_setup(ws: Worksheet, spec: TableSpec, rows: int, last_column: int | None = None) -> None:
    """Print set-up: landscape A4, the table's columns on one page wide, header row repeated, footer.

    The header row is made tall enough for its longest wrapped header, so no header is cut off; the help
    beside the table is left out of the print.
    """
    _page(ws, landscape=True)
    last = len(spec.columns) - 1 if last_column is None else last_column
    if last < _COLUMNS_ON_ONE_PAGE:
        ws.fit_to_pages(1, 0)
    else:
        # Squeezed onto one page a table this wide becomes unreadable; it runs on over pages instead, each with
        # the insats column, so every printed row still says which insats it is.
        ws.repeat_columns(0)
    ws.repeat_rows(0)
    ws.print_area(0, 0, max(rows, 1), last)
    lines = max(-(-len(column.header) // max(int(column.width) - 2, 1)) for column in spec.columns)
    ws.set_row(0, max(32, 15 * lines + 2))


def _write_help(ws: Worksheet, formats: _Formats, column: int, lines: Iterable[str]) -> None:
    """Swedish help to the right of a sheet's tables, one line a row (long lines run on over empty cells)."""
    for row, text in enumerate(lines):
        _put(ws, formats, (row, column), text, "bold" if row == 0 else "plain")


def _write_indicators(workbook: xlsxwriter.Workbook, ws: Worksheet, formats: _Formats, followup: FollowUp) -> None:
    """The own indicators (input), the built-ins beside them (read-only) and the label list of the Mål dropdown."""
    _write_table(ws, formats, INDIKATORER, _indicator_rows(followup.indikatorer))
    first = BUILTIN_LIST_COLUMN
    builtin = list(BUILTIN_INDICATORS)
    columns = [{"header": header, "header_format": formats.get("header")} for header in BUILTIN_LIST_HEADERS]
    options = {"name": BUILTIN_LIST_TABLE, "style": _TABLE_STYLE, "banded_rows": False, "columns": columns}
    _checked(ws.add_table(0, first, len(builtin), first + 3, options), f"tabellen {BUILTIN_LIST_TABLE}")
    for row, indicator in enumerate(builtin, start=1):
        values = (indicator.name, indicator.label, ", ".join(indicator.taljare), indicator.namnare)
        for offset, value in enumerate(values):
            _put(ws, formats, (row, first + offset), value, "formula", wrap=offset == 1)
    for offset, width in enumerate(BUILTIN_LIST_WIDTHS):
        ws.set_column(first + offset, first + offset, width)
    # The dropdown's list: the built-in labels, then each own label by formula, so an own indicator added in
    # Excel appears in the list too; an explicit list in the validation would be capped at 255 characters.
    label = LABEL_LIST_COLUMN
    _put(ws, formats, (0, label), LABEL_LIST_HEADER, "header")
    for row, indicator in enumerate(builtin, start=1):
        _put(ws, formats, (row, label), indicator.label, "formula")
    own_label = INDIKATORER.letter("etikett")
    rows = len(followup.indikatorer) + LABEL_LIST_ROWS
    for offset in range(rows):
        source = f"${own_label}${offset + 2}"
        ws.write_formula(
            len(builtin) + 1 + offset, label, f'=IF({source}="","",""&{source})', formats.get("formula"), ""
        )
    ws.set_column(label, label, 52)
    column = "$" + str(xl_col_to_name(label))
    sheet = quote_sheet(INDIKATORER.sheet)
    last = len(builtin) + 1 + rows
    workbook.define_name(
        INDICATOR_LABELS,
        f'=OFFSET({sheet}{column}$2,0,0,COUNTIF({sheet}{column}$2:{column}${last},"?*"),1)',
    )
    _write_help(
        ws,
        formats,
        label + 2,
        (
            "Förbundets egna indikatorer",
            "Skriv en indikator per rad i de gula cellerna: namn (små bokstäver a-z, siffror och understreck), "
            "etikett (det som visas i listan på bladet Mål), täljare (antal som summeras, åtskilda med "
            "kommatecken) och nämnare (antalet andelen tas av; tomt för en indikator som är ett antal).",
            "Antalen är de inbyggda (t.ex. avslutade, arbete_studier) eller förbundets egna på bladet Egna antal.",
            "De grå raderna är de inbyggda indikatorerna; de kan inte ändras.",
            "På bladet Mål räknar arbetsboken fram utfallet för inbyggda indikatorer; för egna indikatorer "
            "visas – och rapporten räknar fram utfallet.",
        ),
    )
    _print_setup(ws, INDIKATORER, max(len(followup.indikatorer), len(builtin)), first + len(BUILTIN_LIST_HEADERS) - 1)


def _write_instructions(ws: Worksheet, formats: _Formats) -> None:
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
        (
            "Egna antal och Indikatorer: förbundets egna antal per insats (t.ex. positiv_losning) och egna "
            "indikatorer byggda på dem; de inbyggda indikatorerna står bredvid och kan väljas på Mål.",
            "",
        ),
        ("Historik och Historik mål: tidigare års nyckeltal och mål. Fylls i av Nytt år; ändra inte där.", ""),
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
    # As the Indikator dropdown on Mål offers them: by their Swedish labels (own indicators are on Indikatorer).
    lines += [(f"• {indicator.label}", "") for indicator in INDICATORS.values()]
    width = 70  # characters: what fits across a portrait A4 page at full size
    for row, (text, kind) in enumerate(lines):
        if text:
            _put(ws, formats, (row, 0), text, kind or "wrap")
            if not kind and (count := wrapped_lines(text, width)) > 1:
                ws.set_row(row, LINE_HEIGHT_PT * count + 3)
    ws.set_column(0, 0, width)
    # One column of prose: portrait A4, as wide as the page.
    _page(ws, landscape=False)
    ws.fit_to_pages(1, 0)


def _write_settings(workbook: xlsxwriter.Workbook, ws: Worksheet, formats: _Formats, followup: FollowUp) -> None:
    _put(ws, formats, (0, 0), "Inställningar", "sheet_title")
    values: dict[str, object] = {
        "forbund": followup.forbund,
        "ar": followup.ar,
        "sammanvagning": followup.bedomning.aggregation,
        "minsta_cell": followup.sekretess.minsta_cell,
    }
    sheet = quote_sheet(SETTINGS_SHEET)
    validations: dict[str, dict[str, object]] = {
        "ar": {
            "validate": "integer",
            "criteria": "between",
            "minimum": 1900,
            "maximum": 2200,
            "ignore_blank": False,
            "error_title": "Ogiltigt år",
            "error_message": "Skriv ett årtal, t.ex. 2022.",
        },
        "sammanvagning": {
            "validate": "list",
            "source": list(AGGREGATION_CHOICES),
            "ignore_blank": False,
            "error_title": "Ogiltigt värde",
            "error_message": "Välj median eller samsta.",
        },
        "minsta_cell": {
            "validate": "integer",
            "criteria": ">=",
            "value": 1,
            "error_title": "Ogiltigt antal",
            "error_message": "Skriv ett heltal, t.ex. 3, eller lämna tomt.",
        },
    }
    for setting in SETTINGS:
        row = setting.row - 1
        _put(ws, formats, (row, 0), setting.label, "bold")
        _put(ws, formats, (row, 1), values[setting.key], "input")
        _put(ws, formats, (row, 2), setting.help, "plain")
        workbook.define_name(setting.defined_name, f"={sheet}$B${setting.row}")
        if setting.key in validations:
            _checked(ws.data_validation(row, 1, row, 1, validations[setting.key]), f"valideringen av {setting.label}")

    scale = followup.bedomning
    _put(ws, formats, (SCALE_TITLE_ROW - 1, 0), "Bedömningsskala (bästa först)", "heading")
    first = SCALE_HEADER_ROW + 1
    last = first + len(scale.names) - 1
    columns = [{"header": header, "header_format": formats.get("bold")} for header in SCALE_HEADERS]
    _checked(
        ws.add_table(
            SCALE_HEADER_ROW - 1,
            0,
            last - 1,
            1,
            {"name": SCALE_TABLE, "style": _TABLE_STYLE, "banded_rows": False, "columns": columns},
        ),
        f"tabellen {SCALE_TABLE}",
    )
    _put(
        ws,
        formats,
        (SCALE_HEADER_ROW - 1, 2),
        "Högsta avvikelse som ger steget (gränsen ingår): procentenheter för andelsmål, procent av "
        "målvärdet för antalsmål. Sista steget har ingen gräns.",
        "wrap",
    )
    for offset, name in enumerate(scale.names):
        row = first - 1 + offset
        _put(ws, formats, (row, 0), name, "input")
        bound = _number(scale.bounds[offset]) if offset < len(scale.bounds) else None
        _put(ws, formats, (row, 1), bound, "input", "0.##")
    bounds = {
        "validate": "decimal",
        "criteria": ">=",
        "value": 0,
        "error_title": "Ogiltig gräns",
        "error_message": "Skriv ett tal, 0 eller större.",
    }
    _checked(ws.data_validation(first - 1, 1, last - 1, 1, bounds), "valideringen av gränserna")
    workbook.define_name(SCALE_NAME, f"={sheet}$A${first}:$A${last}")
    workbook.define_name(BOUNDS_NAME, f"={sheet}$B${first}:$B${last - 1}")
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 2, 80)


def _write_extra_sheets(
    workbook: xlsxwriter.Workbook, formats: _Formats, followup: FollowUp, registry: Registry
) -> None:
    """The sheets beside the data tables: own counts, own indicators, and the history "Nytt år" fills in."""
    own_rows: list[dict[str, object]] = []
    for insats in followup.insatser:
        own_rows.extend(_own_count_rows(insats, len(own_rows) + 2))
    ws = workbook.add_worksheet(EGNA_ANTAL.sheet, _WORKSHEET)
    _write_table(ws, formats, EGNA_ANTAL, own_rows)
    _write_help(
        ws,
        formats,
        len(EGNA_ANTAL.columns) + 1,
        (
            "Förbundets egna antal",
            "Antal som de egna indikatorerna (bladet Indikatorer) räknar med, t.ex. positiv_losning eller "
            "svar på en enkätfråga: en rad per insats och antal.",
            "Ett antal som saknas för en insats är okänt, och så är varje andel som behöver det.",
        ),
    )
    _print_setup(ws, EGNA_ANTAL, len(own_rows))
    _write_indicators(workbook, workbook.add_worksheet(INDIKATORER.sheet, _WORKSHEET), formats, followup)
    spec = history_spec(_history_share_headers(followup, registry))
    ws = workbook.add_worksheet(HISTORIK.sheet, _WORKSHEET)
    history = [_history_rows(insats, year) for insats in followup.insatser for year in insats.historik]
    _write_table(ws, formats, spec, history, read_only=True)
    _write_help(
        ws,
        formats,
        len(spec.columns) + 1,
        (
            "Tidigare år",
            "Fylls i av Nytt år: varje insats nyckeltal för tidigare år, som de räknades fram då (andelar i "
            "procent). Ändra inte här; rapportens del Utveckling visar dem.",
        ),
    )
    _print_setup(ws, spec, len(history))
    ws = workbook.add_worksheet(HISTORIK_MAL.sheet, _WORKSHEET)
    _write_table(ws, formats, HISTORIK_MAL, _history_goal_rows(followup), read_only=True)
    _write_help(
        ws,
        formats,
        len(HISTORIK_MAL.columns) + 1,
        ("Tidigare års mål", "Fylls i av Nytt år: målen för tidigare år med utfall och bedömning."),
    )
    _print_setup(ws, HISTORIK_MAL, sum(len(year.mal) for insats in followup.insatser for year in insats.historik))


def build_workbook(followup: FollowUp, *, macro_enabled: bool = True) -> WorkbookPackage:
    """Return the follow-up as a new Swedish workbook: settings, data tables, validation and formulas.

    Args:
        followup: the follow-up to write; every value is written as entered, nothing derived is typed in.
        macro_enabled: with the VBA project, code names and ribbon (an .xlsm, the default), or a plain .xlsx.

    Returns:
        The complete package in memory; ``xlinsats.xlsm.package.save_xlsm`` writes an .xlsm to disk.

    Raises:
        BuildError: a text cannot be stored in a cell, or the package could not be written.
    """
    target = io.BytesIO()
    workbook = new_workbook(target, macro_enabled=macro_enabled)
    formats = _Formats(workbook)
    _write_instructions(workbook.add_worksheet(INSTRUCTIONS_SHEET, _WORKSHEET), formats)
    settings = workbook.add_worksheet(SETTINGS_SHEET, _WORKSHEET)
    _write_settings(workbook, settings, formats, followup)
    # A short form: portrait A4, one page wide.
    _page(settings, landscape=False)
    settings.fit_to_pages(1, 0)
    insatser = followup.insatser
    registry, _ = registry_for(followup.indikatorer, followup.own_count_names)
    rows: dict[str, Iterable[dict[str, object]]] = {
        INSATSER.table: (_insats_row(insats, row) for row, insats in enumerate(insatser, start=2)),
        DELTAGARE.table: (_flow_row(insats, row) for row, insats in enumerate(insatser, start=2)),
        EFTER_AVSLUT.table: (_outcome_row(insats, row) for row, insats in enumerate(insatser, start=2)),
        MAL.table: (
            _goal_row(insats, goal, row, registry)
            for row, (insats, goal) in enumerate(
                ((insats, goal) for insats in insatser for goal in insats.mal), start=2
            )
        ),
        BERATTELSE.table: (cells for insats in insatser for cells in _narrative_rows(insats)),
    }
    for spec in DATA_TABLES:
        sheet_rows = list(rows[spec.table])
        ws = workbook.add_worksheet(spec.sheet, _WORKSHEET)
        _write_table(ws, formats, spec, sheet_rows)
        _print_setup(ws, spec, max(len(sheet_rows), 1))
    _write_extra_sheets(workbook, formats, followup, registry)
    name_column = INSATSER.letter("namn")
    sheet = quote_sheet(INSATSER.sheet)
    workbook.define_name(
        INSATS_NAMES,
        f"=OFFSET({sheet}${name_column}$2,0,0,MAX(1,COUNTA({sheet}${name_column}:${name_column})-1),1)",
    )
    return finish_workbook(workbook, target, macro_enabled=macro_enabled)


__all__ = ["SWEDISH", "FormulaWorksheet", "build_workbook", "swedish"]
