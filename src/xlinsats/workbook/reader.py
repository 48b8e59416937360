"""Read a follow-up workbook into a FollowUp, reading inputs only and collecting every problem in Swedish."""

from __future__ import annotations

import html
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from xlinsats.core.checks import ReadResult
from xlinsats.core.indicators import BUILTIN_COUNTS, Registry, registry_for
from xlinsats.core.model import (
    FLOW_NAMES,
    GENDERS,
    OUTCOME_NAMES,
    Aggregation,
    Count,
    Direction,
    Flows,
    FollowUp,
    Goal,
    GoalHistory,
    GoalKind,
    GradingScale,
    Indicator,
    Insats,
    Outcomes,
    Privacy,
    Quote,
    YearFigures,
)
from xlinsats.core.vocabulary import AGGREGATION, DIRECTION, GOAL_KIND, Choice
from xlinsats.errors import FileFormatError, Location, Problem, Severity
from xlinsats.opc import RT_TABLE, WORKBOOK_PART, PackageReader
from xlinsats.workbook.schema import (
    BERATTELSE,
    DATA_TABLES,
    DELTAGARE,
    EFTER_AVSLUT,
    EGNA_ANTAL,
    GENDER_LABELS,
    HISTORIK,
    HISTORIK_MAL,
    HISTORY_SHARE_SUFFIX,
    INDIKATORER,
    INSATSER,
    MAL,
    NARRATIVE_KINDS,
    OWN_NAME,
    SCALE_HEADERS,
    SETTINGS,
    SETTINGS_SHEET,
    SHEET_ORDER,
    TableSpec,
)

#: Limits that keep a hostile file from exhausting memory (an XML or zip bomb); see the user guide.
#: Larger values cannot be meant (no insats has a hundred million participants) and are refused.
MAX_COUNT = 100_000_000
MAX_NUMBER = Decimal(10) ** 12
_HEADER_SCAN_ROWS = 20
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z0-9:$]+)"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_TABLE = re.compile(rb"<(?:\w+:)?table\b[^>]*>")

_Value = Any


@dataclass(frozen=True)
class _Cell:
    """An input cell as stored: value, openpyxl data type ('n', 's', 'b', 'd', 'e', 'f') and address."""

    value: _Value
    data_type: str
    ref: str

    @property
    def is_blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip() and self.data_type != "f")


@dataclass
class _Sheet:
    """A sheet's cells by row (1-based), read once."""

    name: str
    rows: list[list[_Cell]]

    def cell(self, row: int, column: int) -> _Cell:
        if 1 <= row <= len(self.rows) and 1 <= column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return _Cell(None, "n", f"{get_column_letter(column)}{row}")


@dataclass
class _Row:
    """A data row of a table: its input cells by column key."""

    number: int
    cells: dict[str, _Cell]


@dataclass
class _Parsed:
    """What one table gave: its rows, and the column keys found."""

    rows: list[_Row] = field(default_factory=list)
    found: set[str] = field(default_factory=set)


def _show(value: object) -> str:
    """A value as a Swedish user would type it (decimal comma, SANT/FALSKT)."""
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, float):
        text = repr(value)
        if text.endswith(".0"):
            text = text[:-2]
        return text.replace(".", ",")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def _cap(text: str) -> str:
    """The text with a capital first letter, to start a message."""
    return text[:1].upper() + text[1:]


def _normalise(header: object) -> str:
    return " ".join(str(header).split()).casefold() if header is not None else ""


def _clean_decimal(value: Decimal) -> Decimal:
    """Drop a float's trailing zeros: 0.5 * 100 reads as 50, not 50.0."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


#: How messages name each outcome count ("antalet ... (kvinnor)").
_OUTCOME_PHRASES = {
    "arbete_studier": "avslutade till arbete eller studier",
    "annan_insats": "avslutade till annan insats",
    "ettars_svarande": "svarande vid ettårsuppföljningen",
    "ettars_sjalvforsorjande": "självförsörjande efter ett år",
    "anstallda": "anställda",
    "behallit_anstallning_12_man": "som behållit anställningen i 12 månader",
    "efterstod": "i efterstöd",
}


def _header_row(sheet: _Sheet, spec: TableSpec) -> int:
    """The number of the row holding the table's headers (its first and at least one more), or 0."""
    wanted = {_normalise(column.header) for column in spec.inputs}
    key_header = _normalise(spec.columns[0].header)
    fallback = 0
    for number in range(1, min(len(sheet.rows), _HEADER_SCAN_ROWS) + 1):
        headers = {_normalise(cell.value) for cell in sheet.rows[number - 1]}
        if key_header in headers and len(headers & wanted) >= 2:
            return number
        if not fallback and len(headers & wanted) >= min(3, len(wanted)):
            fallback = number  # the header row without its first column: the missing column is named later
    return fallback


class _WorkbookReader:
    """Turns the sheets of a workbook into a FollowUp, collecting every problem instead of stopping."""

    def __init__(self, file: str, sheets: _Sheets, facts: _PackageFacts) -> None:
        self.file = file
        self.sheets = sheets
        self.facts = facts
        self.problems: list[Problem] = []
        self.errors = 0
        self.actual: dict[str, str] = {}

    # -- problems ------------------------------------------------------------------------------------
    def where(self, sheet: str, ref: str | None = None) -> Location:
        # A sheet found under another name is named as the user sees it.
        return Location(file=self.file, sheet=self.actual.get(sheet, sheet), cell=ref)

    def report(self, severity: Severity, sheet: str, ref: str | None, message: str, value: object = None) -> None:
        self.problems.append(Problem(severity, message, self.where(sheet, ref), value))
        self.errors += severity == "fel"

    def error(self, sheet: str, ref: str | None, message: str, value: object = None) -> None:
        self.report("fel", sheet, ref, message, value)

    def warn(self, sheet: str, ref: str | None, message: str, value: object = None) -> None:
        self.report("varning", sheet, ref, message, value)

    # -- single values -------------------------------------------------------------------------------
    def _unusable(self, sheet: str, cell: _Cell, what: str) -> bool:
        """Report a cell that holds no value of its own (a formula, an error value); True if so."""
        if cell.data_type == "f":
            self.error(
                sheet,
                cell.ref,
                f"Cellen innehåller en formel ({cell.value}) där {what} ska skrivas in. Skriv in värdet; "
                "arbetsboken läser bara inskrivna värden.",
            )
            return True
        if cell.data_type == "e":
            self.error(sheet, cell.ref, f"Cellen innehåller felvärdet {cell.value}; skriv in {what}.")
            return True
        if isinstance(cell.value, datetime | date | time | timedelta):
            self.error(sheet, cell.ref, f"Cellen innehåller ett datum eller klockslag där {what} ska stå.")
            return True
        return False

    def text(self, sheet: str, cell: _Cell | None, what: str, required: bool = False) -> str | None:
        if cell is None:
            return None
        if cell.is_blank:
            if required:
                self.error(sheet, cell.ref, f"{_cap(what)} saknas.")
            return None
        if self._unusable(sheet, cell, what):
            return None
        value = cell.value
        if isinstance(value, bool):
            self.error(sheet, cell.ref, f"Cellen innehåller ett sanningsvärde där {what} ska stå.")
            return None
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else repr(value)
        return str(value).strip()

    def _non_negative(self, sheet: str, cell: _Cell, what: str, expected: str) -> int | float | None:
        """The cell's value when it is a number of at least 0; otherwise an error (naming ``expected``) and None."""
        if self._unusable(sheet, cell, what):
            return None
        value = cell.value
        if isinstance(value, str):
            self.error(
                sheet,
                cell.ref,
                f"{_cap(what)} ska vara {expected}, men cellen innehåller texten {_show(value.strip())}.",
            )
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(sheet, cell.ref, f"{_cap(what)} ska vara {expected}, inte {_show(value)}.")
            return None
        if value < 0:
            self.error(sheet, cell.ref, f"{_cap(what)} får inte vara mindre än 0 ({_show(value)}).")
            return None
        return value

    def count(self, sheet: str, cell: _Cell | None, what: str) -> int | None:
        if cell is None or cell.is_blank:
            return None
        value = self._non_negative(sheet, cell, what, "ett heltal")
        if value is None:
            return None
        if isinstance(value, float) and not value.is_integer():
            self.error(
                sheet,
                cell.ref,
                f"{_cap(what)} ska vara ett heltal (antal personer), inte decimaltalet {_show(value)}.",
            )
            return None
        if value > MAX_COUNT:
            self.error(sheet, cell.ref, f"{_cap(what)} är orimligt stort ({_show(value)}); kontrollera värdet.")
            return None
        return int(value)

    def number(self, sheet: str, cell: _Cell | None, what: str, required: bool = False) -> Decimal | None:
        if cell is None:
            return None
        if cell.is_blank:
            if required:
                self.error(sheet, cell.ref, f"{_cap(what)} saknas.")
            return None
        value = self._non_negative(sheet, cell, what, "ett tal")
        if value is None:
            return None
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            self.error(sheet, cell.ref, f"{_cap(what)} är inget ändligt tal.")
            return None
        if number > MAX_NUMBER:
            # "har ett orimligt stort värde" agrees with both budgeten and utfallet ("är orimligt stort" did not).
            self.error(sheet, cell.ref, f"{_cap(what)} har ett orimligt stort värde ({_show(value)}); kontrollera det.")
            return None
        return _clean_decimal(number)

    def choice(
        self, sheet: str, cell: _Cell | None, what: str, choices: tuple[str, ...] | Choice, required: bool = False
    ) -> str | None:
        text = self.text(sheet, cell, what, required)
        if text is None or cell is None:
            return None
        choice = choices if isinstance(choices, Choice) else Choice(what, choices)
        found = choice.parse(text)
        if found is None:
            values = choice.values
            self.error(
                sheet,
                cell.ref,
                f"Okänt värde {_show(text)} för {what}; välj {', '.join(values[:-1])} eller {values[-1]}.",
                text,
            )
        return found

    # -- tables --------------------------------------------------------------------------------------
    def sheet(self, name: str, spec: TableSpec | None = None) -> _Sheet | None:
        """The sheet of that name; else one named alike, or (for a table) an unknown sheet holding its headers."""
        found = self.sheets.get(name)
        if found is None:
            found = self._sheet_elsewhere(name, spec)
        if found is None:
            present = ", ".join(self.sheets.titles) or "inga"
            self.error(name, None, f"Bladet '{name}' saknas i arbetsboken (bladen som finns: {present}).")
            return None
        for ref in self.facts.merged.get(found.name, []):
            self.error(
                name,
                ref.split(":")[0],
                f"Sammanfogade celler ({ref}) går inte att läsa som data. Dela upp cellerna (Koppla isär) och "
                "skriv varje värde i sin egen cell.",
            )
        return found

    def _sheet_elsewhere(self, name: str, spec: TableSpec | None) -> _Sheet | None:
        expected = {_normalise(sheet) for sheet in SHEET_ORDER}
        titles = [title for title in self.sheets.titles if _normalise(title) == _normalise(name)]
        if not titles and spec is not None:
            titles = [
                title
                for title in self.sheets.titles
                if _normalise(title) not in expected and _header_row(self.sheets.head(title), spec)
            ]
        found = self.sheets.get(titles[0]) if len(titles) == 1 else None
        if found is None:
            return None
        self.actual[name] = found.name
        self.warn(
            name,
            None,
            f"Bladet '{name}' finns inte, men uppgifterna hittades på bladet '{found.name}' och lästes därifrån. "
            f"Byt gärna tillbaka namnet till '{name}'.",
        )
        return found

    def table(self, spec: TableSpec) -> _Parsed | None:
        """Find the table's header row by its headers and return its data rows; None when unusable."""
        sheet = self.sheet(spec.sheet, spec)
        if sheet is None:
            return None
        wanted = {_normalise(column.header): column for column in spec.inputs}
        header_row = _header_row(sheet, spec)
        if header_row == 0:
            self.error(
                spec.sheet,
                None,
                f"Tabellen {spec.table} hittades inte på bladet {sheet.name}: ingen rubrikrad med "
                f"'{spec.columns[0].header}' och de andra kolumnrubrikerna bland de första "
                f"{_HEADER_SCAN_ROWS} raderna.",
            )
            return None
        positions: dict[str, int] = {}
        for index, cell in enumerate(sheet.rows[header_row - 1], start=1):
            column = wanted.get(_normalise(cell.value))
            if column is None:
                continue
            if column.key in positions:
                self.error(
                    spec.sheet,
                    cell.ref,
                    f"Kolumnen '{column.header}' finns två gånger; bara den första "
                    f"({get_column_letter(positions[column.key])}) läses.",
                )
                continue
            positions[column.key] = index
        parsed = _Parsed(found=set(positions))
        totals = {column.key for column in spec.columns if column.kind == "total"}
        for column in spec.inputs:
            if column.key not in positions:
                where = f"{get_column_letter(len(sheet.rows[header_row - 1]) + 1)}{header_row}"
                message = f"Kolumnen '{column.header}' saknas i tabellen {spec.table} (rubrikraden är rad {header_row})"
                if column.optional:
                    self.warn(spec.sheet, where, f"{message}; den räknas som tom.")
                else:
                    self.error(spec.sheet, where, f"{message}.")
        total_rows = self.facts.total_rows.get(sheet.name, set())
        for number in range(header_row + 1, len(sheet.rows) + 1):
            if number in total_rows:
                continue  # the table's total row (Excel's "Summarad rad") holds sums, not data
            cells = {key: sheet.cell(number, index) for key, index in positions.items()}
            if all(cell.is_blank or (cell.data_type == "f" and key in totals) for key, cell in cells.items()):
                continue  # an empty row, perhaps with the workbook's own sum formulas
            parsed.rows.append(_Row(number, cells))
        return parsed

    # -- settings ------------------------------------------------------------------------------------
    def settings(self) -> tuple[str, int, GradingScale, Privacy, dict[str, Location]]:
        sheet_name = SETTINGS_SHEET
        sheet = self.sheet(sheet_name)
        locations: dict[str, Location] = {}
        forbund, year, aggregation, minimum = "", 0, "median", None
        if sheet is None:
            return forbund, year, GradingScale(), Privacy(), locations
        by_label = {_normalise(row[0].value): row_number for row_number, row in enumerate(sheet.rows, start=1) if row}
        cells: dict[str, _Cell] = {}
        for setting in SETTINGS:
            row_number = by_label.get(_normalise(setting.label))
            if row_number is None:
                self.error(
                    sheet_name,
                    None,
                    f"Inställningen '{setting.label}' saknas (den ska stå i kolumn A, med värdet i kolumn B).",
                )
                continue
            cells[setting.key] = sheet.cell(row_number, 2)
            locations[setting.key] = self.where(sheet_name, cells[setting.key].ref)
        if "forbund" in cells:
            forbund = self.text(sheet_name, cells["forbund"], "förbundets namn", required=True) or ""
        if "ar" in cells:
            cell = cells["ar"]
            found = self.count(sheet_name, cell, "året")
            if cell.is_blank:
                self.error(sheet_name, cell.ref, "Året saknas.")
            elif found is not None and not 1900 <= found <= 2200:
                self.error(sheet_name, cell.ref, f"Året ska vara ett årtal, t.ex. 2022, inte {found}.")
            elif found is not None:
                year = found
        if "sammanvagning" in cells:
            aggregation = self.choice(sheet_name, cells["sammanvagning"], "sammanvägning", AGGREGATION) or "median"
        if "minsta_cell" in cells:
            minimum = self.count(sheet_name, cells["minsta_cell"], "minsta antal för sekretess") or None
        scale_cell, scale = self.scale(sheet, aggregation)
        if scale_cell is not None:
            locations["bedomning"] = self.where(sheet_name, scale_cell)
        return forbund, year, scale, Privacy(minimum), locations

    def scale(self, sheet: _Sheet, aggregation: str) -> tuple[str | None, GradingScale]:
        wanted = [_normalise(header) for header in SCALE_HEADERS]
        header_row, name_col, bound_col = 0, 0, 0
        for number, row in enumerate(sheet.rows, start=1):
            headers = [_normalise(cell.value) for cell in row]
            if wanted[0] in headers and wanted[1] in headers:
                header_row, name_col, bound_col = number, headers.index(wanted[0]) + 1, headers.index(wanted[1]) + 1
                break
        if header_row == 0:
            self.error(
                sheet.name,
                None,
                f"Bedömningsskalan saknas: ingen rubrikrad med '{SCALE_HEADERS[0]}' och '{SCALE_HEADERS[1]}'. "
                "Standardskalan används i kontrollen.",
            )
            return None, GradingScale()
        names: list[str] = []
        bounds: list[tuple[_Cell, Decimal | None]] = []
        number = header_row + 1
        while not sheet.cell(number, name_col).is_blank:
            name = self.text(sheet.name, sheet.cell(number, name_col), "namnet på bedömningssteget")
            if name is not None:
                names.append(name)
                bound_cell = sheet.cell(number, bound_col)
                bound = self.number(sheet.name, bound_cell, "gränsen")
                if bound is not None and 0 < bound < 1:
                    self.warn(
                        sheet.name,
                        bound_cell.ref,
                        f"Gränsen är {_show(bound)}. Gränser anges i procentenheter (5 betyder 5 procentenheter); "
                        f"är cellen formaterad som procent och menade du {_show(_clean_decimal(bound * 100))}?",
                    )
                bounds.append((bound_cell, bound))
            number += 1
        header_ref = sheet.cell(header_row, name_col).ref
        if not bounds:
            self.error(sheet.name, header_ref, "Bedömningsskalan har inga steg. Standardskalan används i kontrollen.")
            return header_ref, GradingScale()
        for cell, _ in bounds[:-1]:
            if cell.is_blank:
                self.error(
                    sheet.name, cell.ref, "Gränsen saknas; varje steg utom det sista behöver en högsta avvikelse."
                )
        last_cell, last_value = bounds[-1]
        if last_value is not None:
            self.warn(sheet.name, last_cell.ref, "Det sista steget har ingen gräns; värdet i cellen används inte.")
        found = [value for _, value in bounds[:-1]]
        if any(value is None for value in found):
            return header_ref, GradingScale()
        ordered: Aggregation = "samsta" if aggregation == "samsta" else "median"
        try:
            return header_ref, GradingScale(tuple(names), tuple(value for value in found if value is not None), ordered)
        except ValueError as exc:
            self.error(sheet.name, header_ref, f"Bedömningsskalan går inte att använda: {exc}.")
            return header_ref, GradingScale()

    # -- insatser ------------------------------------------------------------------------------------
    def insats_rows(self) -> tuple[list[tuple[Insats, _Row]], bool]:
        parsed = self.table(INSATSER)
        if parsed is None or "namn" not in parsed.found:
            return [], False
        sheet = INSATSER.sheet
        found: list[tuple[Insats, _Row]] = []
        for row in parsed.rows:
            cells = row.cells
            name = self.text(sheet, cells["namn"], "insatsens namn", required=True)
            texts = {
                key: self.text(sheet, cells.get(key), INSATSER.column(key).header.lower())
                for key in (
                    "kortnamn",
                    "agare",
                    "malgrupp",
                    "beskrivning",
                    "avvikelse_forklaring",
                    "publicerad_bedomning",
                )
            }
            budget = self.number(sheet, cells.get("budget_tkr"), "budgeten")
            cost = self.number(sheet, cells.get("kostnad_tkr"), "kostnaden")
            if name is None:
                continue
            found.append(
                (
                    Insats(
                        namn=name,
                        agare=texts["agare"] or "",
                        kortnamn=texts["kortnamn"],
                        malgrupp=texts["malgrupp"] or "",
                        beskrivning=texts["beskrivning"] or "",
                        budget_tkr=budget,
                        kostnad_tkr=cost,
                        avvikelse_forklaring=texts["avvikelse_forklaring"] or "",
                        publicerad_bedomning=texts["publicerad_bedomning"],
                        locations={key: self.where(sheet, cell.ref) for key, cell in cells.items()},
                    ),
                    row,
                )
            )
        return found, True

    def _insats_of(self, spec: TableSpec, row: _Row, names: set[str], names_known: bool) -> str | None:
        name = self.text(spec.sheet, row.cells.get("namn"), "insatsens namn", required=True)
        if name is None:
            return None
        if name not in names:
            if names_known:
                self.error(
                    spec.sheet,
                    row.cells["namn"].ref,
                    f"Insatsen {_show(name)} finns inte på bladet {INSATSER.sheet}; raden läses inte.",
                )
            return None
        return name

    def _count(self, spec: TableSpec, row: _Row, prefix: str, label: str) -> Count | None:
        sheet = spec.sheet
        errors_before = self.errors
        parts: dict[str, int | None] = {}
        for gender in GENDERS:
            cell = row.cells.get(f"{prefix}.{gender}")
            parts[gender] = self.count(sheet, cell, f"antalet {label} ({GENDER_LABELS[gender]})")
        total_cell = row.cells.get(f"{prefix}.totalt")
        total: int | None = None
        # A formula in a total column is the workbook's own sum of the parts, never an entered total.
        if total_cell is not None and total_cell.data_type != "f":
            total = self.count(sheet, total_cell, f"antalet {label} (totalt)")
        if self.errors > errors_before:
            # A count with an unusable part is unknown as a whole: a sum of the rest would mislead the checks.
            return None
        filled = [
            cell
            for cell in (row.cells.get(f"{prefix}.{gender}") for gender in GENDERS)
            if cell is not None and not cell.is_blank
        ]
        if filled:
            values: list[int | None] = []
            for gender in GENDERS:
                cell = row.cells.get(f"{prefix}.{gender}")
                value = parts[gender]
                if cell is not None and cell.is_blank:
                    # As in the interchange file, a gender left out next to filled ones is 0.
                    value = 0
                    if gender != "annat":
                        self.warn(
                            sheet,
                            cell.ref,
                            f"{_cap(label)}: cellen för {GENDER_LABELS[gender]} är tom medan andra kön är ifyllda; "
                            "den räknas som 0.",
                        )
                values.append(value)
            return Count(values[0], values[1], values[2], totalt_angivet=total)
        if total is not None:
            return Count.plain(total)
        return None

    def _count_locations(self, spec: TableSpec, row: _Row, prefix: str) -> dict[str, Location]:
        locations = {
            f"{prefix}.{part}": self.where(spec.sheet, cell.ref)
            for part in (*GENDERS, "totalt")
            if (cell := row.cells.get(f"{prefix}.{part}")) is not None
        }
        main = row.cells.get(f"{prefix}.totalt") or row.cells.get(f"{prefix}.kvinnor")
        if main is not None:
            locations[prefix] = self.where(spec.sheet, main.ref)
        return locations

    def per_insats(
        self, spec: TableSpec, names: set[str], names_known: bool, read: Callable[[_Row], Any]
    ) -> dict[str, Any]:
        parsed = self.table(spec)
        found: dict[str, Any] = {}
        if parsed is None or "namn" not in parsed.found:
            return found
        first_row: dict[str, int] = {}
        for row in parsed.rows:
            name = self._insats_of(spec, row, names, names_known)
            value = read(row)
            if name is None:
                continue
            if name in found:
                self.error(
                    spec.sheet,
                    row.cells["namn"].ref,
                    f"Insatsen {_show(name)} har redan en rad på bladet (rad {first_row[name]}); raden läses inte.",
                )
                continue
            found[name], first_row[name] = value, row.number
        for name in names:
            if name not in found:
                self.warn(
                    spec.sheet,
                    None,
                    f"Insatsen {_show(name)} saknar rad i tabellen {spec.table}; uppgifterna räknas som okända.",
                )
        return found

    def flows(self, row: _Row) -> Flows:
        locations: dict[str, Location] = {}
        counts = {}
        for flow in FLOW_NAMES:
            counts[flow] = self._count(DELTAGARE, row, flow, f"{flow} deltagare")
            locations.update(self._count_locations(DELTAGARE, row, flow))
        return Flows(counts["aktuella"], counts["nya"], counts["avslutade"], locations=locations)

    def outcomes(self, row: _Row) -> Outcomes:
        locations: dict[str, Location] = {}
        counts = {}
        for name in OUTCOME_NAMES:
            counts[name] = self._count(EFTER_AVSLUT, row, name, _OUTCOME_PHRASES[name])
            locations.update(self._count_locations(EFTER_AVSLUT, row, name))
        return Outcomes(**counts, locations=locations)

    def goal_value(self, cell: _Cell | None, kind: str | None, what: str, required: bool) -> Decimal | None:
        value = self.number(MAL.sheet, cell, what, required)
        if value is None or cell is None or kind != "andel":
            return value
        if value > 1:
            self.error(
                MAL.sheet,
                cell.ref,
                f"{_cap(what)} är {_show(value)}, dvs. {_show(value * 100)} %. En andel skrivs i "
                f"procent: skriv {_show(value)} % (eller {_show(value / 100)}), inte {_show(value)}.",
            )
            return None
        if 0 < value < Decimal("0.01"):
            self.warn(
                MAL.sheet,
                cell.ref,
                f"{_cap(what)} är bara {_show(_clean_decimal(value * 100))} %. Menade du "
                f"{_show(_clean_decimal(value * 100 * 100))} %?",
            )
        return _clean_decimal(value * 100)

    def indicator_of(self, cell: _Cell | None, registry: Registry) -> str | None:
        """The indicator a Mål cell names: by its Swedish label, or (an older workbook) by its name."""
        text = self.text(MAL.sheet, cell, "indikator")
        if text is None or cell is None:
            return None
        by_label = {_normalise(label): name for label, name in registry.by_label().items()}
        found = by_label.get(_normalise(text)) or (text.strip().lower() if text.strip().lower() in registry else None)
        if found is None:
            labels = list(registry.by_label())
            self.error(
                MAL.sheet,
                cell.ref,
                f"Okänd indikator {_show(text)}; välj en ur listan ({', '.join(labels)}) eller definiera den på "
                f"bladet {INDIKATORER.sheet}.",
                text,
            )
        return found

    def goals(
        self, names: set[str], names_known: bool, scale: GradingScale, registry: Registry
    ) -> dict[str, list[Goal]]:
        parsed = self.table(MAL)
        found: dict[str, list[Goal]] = {}
        if parsed is None or "namn" not in parsed.found:
            return found
        sheet = MAL.sheet
        for row in parsed.rows:
            cells = row.cells
            name = self._insats_of(MAL, row, names, names_known)
            text = self.text(sheet, cells.get("text"), "måltexten", required=True)
            kind = self.choice(sheet, cells.get("typ"), "måltyp", GOAL_KIND, required=True)
            direction = self.choice(sheet, cells.get("riktning"), "riktning", DIRECTION, required=True)
            target = self.goal_value(cells.get("malvarde"), kind, "målvärdet", True)
            indicator = self.indicator_of(cells.get("indikator"), registry)
            indicator_cell = cells.get("indikator")
            indicator_bad = indicator is None and indicator_cell is not None and not indicator_cell.is_blank
            result = self.goal_value(cells.get("utfall"), kind, "utfallet", False)
            result_bad = result is None and cells.get("utfall") is not None and not cells["utfall"].is_blank
            grade = self.text(sheet, cells.get("bedomning"), "angiven bedömning")
            if grade is not None and grade not in scale.names:
                self.warn(
                    sheet,
                    cells["bedomning"].ref,
                    f"Bedömningen {_show(grade)} finns inte i skalan ({', '.join(scale.names)}).",
                )
            if name is None or text is None or kind is None or direction is None or target is None:
                continue
            if indicator_bad or result_bad:
                continue
            goal_kind: GoalKind = "andel" if kind == "andel" else "antal"
            goal_direction: Direction = "högst" if direction == "högst" else "minst"
            found.setdefault(name, []).append(
                Goal(
                    text,
                    goal_kind,
                    goal_direction,
                    target,
                    indicator,
                    result,
                    grade,
                    locations={key: self.where(sheet, cell.ref) for key, cell in cells.items()},
                )
            )
        return found

    def narrative(self, names: set[str], names_known: bool) -> dict[str, dict[str, list[Any]]]:
        parsed = self.table(BERATTELSE)
        found: dict[str, dict[str, list[Any]]] = {}
        if parsed is None or "namn" not in parsed.found:
            return found
        sheet = BERATTELSE.sheet
        kinds = {label: key for key, label in NARRATIVE_KINDS.items()}
        for row in parsed.rows:
            cells = row.cells
            name = self._insats_of(BERATTELSE, row, names, names_known)
            label = self.choice(sheet, cells.get("slag"), "slag", tuple(NARRATIVE_KINDS.values()), required=True)
            text = self.text(sheet, cells.get("text"), "texten", required=True)
            source = self.text(sheet, cells.get("kalla"), "källan")
            if label is not None and kinds[label] != "citat" and source is not None:
                self.warn(sheet, cells["kalla"].ref, "Källa används bara för citat; den här källan visas inte.")
            if name is None or label is None or text is None:
                continue
            entry: Any = Quote(text, source or "") if kinds[label] == "citat" else text
            found.setdefault(name, {}).setdefault(kinds[label], []).append(entry)
        return found

    # -- own counts, own indicators, history -----------------------------------------------------------
    def optional_table(self, spec: TableSpec) -> _Parsed | None:
        """The table of a sheet an older workbook may lack: None, without a problem, when the sheet is absent."""
        if self.sheets.get(spec.sheet) is None and not any(
            _normalise(title) == _normalise(spec.sheet) for title in self.sheets.titles
        ):
            return None
        return self.table(spec)

    def own_counts(
        self, names: set[str], names_known: bool
    ) -> tuple[dict[str, dict[str, Count]], dict[str, dict[str, Location]]]:
        """The Egna antal sheet: each insats's own counts by name, and where each count is."""
        parsed = self.optional_table(EGNA_ANTAL)
        found: dict[str, dict[str, Count]] = {}
        locations: dict[str, dict[str, Location]] = {}
        if parsed is None or "namn" not in parsed.found:
            return found, locations
        sheet = EGNA_ANTAL.sheet
        first_row: dict[tuple[str, str], int] = {}
        for row in parsed.rows:
            insats = self._insats_of(EGNA_ANTAL, row, names, names_known)
            cell = row.cells.get("antal")
            count_name = self.text(sheet, cell, "antalets namn", required=True)
            if count_name is not None and cell is not None:
                if count_name in BUILTIN_COUNTS:
                    self.error(
                        sheet,
                        cell.ref,
                        f"{_show(count_name)} är ett inbyggt antal; ange det på bladet Deltagare eller Efter avslut.",
                        count_name,
                    )
                    count_name = None
                elif not OWN_NAME.match(count_name):
                    self.error(
                        sheet,
                        cell.ref,
                        f"Namnet {_show(count_name)} duger inte: använd små bokstäver a–z, siffror och understreck, "
                        "och börja med en bokstav.",
                        count_name,
                    )
                    count_name = None
            count = self._count(EGNA_ANTAL, row, "varde", f"'{count_name or 'antalet'}'")
            if insats is None or count_name is None or count is None or cell is None:
                continue
            if (insats, count_name) in first_row:
                self.error(
                    sheet,
                    cell.ref,
                    f"Antalet {_show(count_name)} för {_show(insats)} finns redan "
                    f"(rad {first_row[insats, count_name]}); raden läses inte.",
                )
                continue
            first_row[insats, count_name] = row.number
            found.setdefault(insats, {})[count_name] = count
            where = self._count_locations(EGNA_ANTAL, row, "varde")
            locations.setdefault(insats, {}).update(
                {f"egna_antal.{count_name}" + key.removeprefix("varde"): value for key, value in where.items()}
            )
        return found, locations

    def indicators(self, own_counts: dict[str, dict[str, Count]]) -> tuple[Registry, tuple[Indicator, ...]]:
        """The Indikatorer sheet: the förbund's own indicators, every broken definition reported at its cell."""
        parsed = self.optional_table(INDIKATORER)
        read: list[tuple[Indicator, dict[str, _Cell]]] = []
        sheet = INDIKATORER.sheet
        if parsed is not None and "namn" in parsed.found:
            for row in parsed.rows:
                cells = row.cells
                name = self.text(sheet, cells.get("namn"), "indikatorns namn", required=True)
                label = self.text(sheet, cells.get("etikett"), "etiketten", required=True)
                numerator = self.text(sheet, cells.get("taljare"), "täljaren") or ""
                denominator = self.text(sheet, cells.get("namnare"), "nämnaren")
                if name is not None and not OWN_NAME.match(name):
                    self.error(
                        sheet,
                        cells["namn"].ref,
                        f"Namnet {_show(name)} duger inte: använd små bokstäver a–z, siffror och understreck, "
                        "och börja med en bokstav.",
                        name,
                    )
                    continue
                if name is None or label is None:
                    continue
                parts = tuple(part.strip() for part in re.split(r"[,;]", numerator) if part.strip())
                indicator = Indicator(
                    name,
                    label,
                    parts,
                    denominator.strip() if denominator else None,
                    locations={key: self.where(sheet, cell.ref) for key, cell in cells.items()},
                )
                read.append((indicator, cells))
        own = [indicator for indicator, _ in read]
        counts = dict.fromkeys(name for counts in own_counts.values() for name in counts)
        registry, problems = registry_for(own, counts)
        for problem in problems:
            cells = read[problem.index][1]
            cell = cells.get(problem.key) or cells.get("namn")
            self.report(problem.severity, sheet, None if cell is None else cell.ref, problem.message, problem.value)
        labels: dict[str, str] = {}
        for name, indicator in registry.indicators.items():
            clash = labels.get(_normalise(indicator.label))
            if clash is not None:
                position = next(i for i, ind in enumerate(own) if ind.name == name)
                self.error(
                    sheet,
                    read[position][1]["etikett"].ref,
                    f"Etiketten {_show(indicator.label)} används redan av indikatorn {_show(clash)}; "
                    "etiketterna måste vara olika.",
                    indicator.label,
                )
            labels.setdefault(_normalise(indicator.label), name)
        return registry, tuple(own)

    def history(self, names: set[str], names_known: bool, registry: Registry) -> dict[str, list[YearFigures]]:
        """The Historik and Historik mål sheets: the earlier years "Nytt år" carried, per insats."""
        found: dict[str, list[YearFigures]] = {}
        parsed = self.optional_table(HISTORIK)
        sheet = self.sheets.get(self.actual.get(HISTORIK.sheet, HISTORIK.sheet))
        if parsed is None or "namn" not in parsed.found or sheet is None:
            return found
        goals = self.history_goals(names, names_known)
        header_row = _header_row(sheet, HISTORIK)
        labels = {_normalise(column.header) for column in HISTORIK.columns}
        shares: dict[str, int] = {}
        for index, cell in enumerate(sheet.rows[header_row - 1], start=1):
            header = str(cell.value or "")
            if header.endswith(HISTORY_SHARE_SUFFIX) and _normalise(header) not in labels:
                shares[header.removesuffix(HISTORY_SHARE_SUFFIX).strip()] = index
        by_label = {_normalise(label): name for label, name in registry.by_label().items()}
        for row in parsed.rows:
            cells = row.cells
            insats = self._insats_of(HISTORIK, row, names, names_known)
            year = self.count(HISTORIK.sheet, cells.get("ar"), "året")
            flows = {flow: self.count(HISTORIK.sheet, cells.get(flow), f"antalet {flow}") for flow in FLOW_NAMES}
            values: dict[str, Decimal | None] = {}
            for header, index in shares.items():
                value = self.number(HISTORIK.sheet, sheet.cell(row.number, index), f"andelen {header}")
                if value is not None:
                    values[by_label.get(_normalise(header), header)] = value
            money = {
                key: self.number(HISTORIK.sheet, cells.get(key), HISTORIK.column(key).header.lower())
                for key in ("budget_tkr", "kostnad_tkr", "budgetutnyttjande")
            }
            grade = self.text(HISTORIK.sheet, cells.get("bedomning"), "bedömningen")
            masked = self.text(HISTORIK.sheet, cells.get("maskerade"), "maskerade") or ""
            if insats is None or year is None:
                continue
            found.setdefault(insats, []).append(
                YearFigures(
                    ar=year,
                    deltagare=flows,
                    andelar=values,
                    budget_tkr=money["budget_tkr"],
                    kostnad_tkr=money["kostnad_tkr"],
                    budgetutnyttjande=money["budgetutnyttjande"],
                    bedomning=grade,
                    mal=tuple(goals.get((insats, year), ())),
                    maskerade=tuple(part.strip() for part in masked.split(",") if part.strip()),
                )
            )
        return found

    def history_goals(self, names: set[str], names_known: bool) -> dict[tuple[str, int], list[GoalHistory]]:
        parsed = self.optional_table(HISTORIK_MAL)
        found: dict[tuple[str, int], list[GoalHistory]] = {}
        if parsed is None or "namn" not in parsed.found:
            return found
        sheet = HISTORIK_MAL.sheet
        for row in parsed.rows:
            cells = row.cells
            insats = self._insats_of(HISTORIK_MAL, row, names, names_known)
            year = self.count(sheet, cells.get("ar"), "året")
            text = self.text(sheet, cells.get("text"), "måltexten", required=True)
            target = self.number(sheet, cells.get("malvarde"), "målvärdet", required=True)
            indicator = self.text(sheet, cells.get("indikator"), "indikatorn")
            result = self.number(sheet, cells.get("utfall"), "utfallet")
            grade = self.text(sheet, cells.get("bedomning"), "bedömningen")
            if insats is None or year is None or text is None or target is None:
                continue
            found.setdefault((insats, year), []).append(GoalHistory(text, target, indicator, result, grade))
        return found

    # -- the whole workbook --------------------------------------------------------------------------
    def read(self) -> FollowUp:
        forbund, year, scale, privacy, locations = self.settings()
        rows, names_known = self.insats_rows()
        names = {insats.namn for insats, _ in rows}
        flows = self.per_insats(DELTAGARE, names, names_known, self.flows)
        outcomes = self.per_insats(EFTER_AVSLUT, names, names_known, self.outcomes)
        own_counts, own_locations = self.own_counts(names, names_known)
        registry, own = self.indicators(own_counts)
        goals = self.goals(names, names_known, scale, registry)
        history = self.history(names, names_known, registry)
        narrative = self.narrative(names, names_known)
        insatser: list[Insats] = []
        for insats, _ in rows:
            name = insats.namn
            story = narrative.get(name, {})
            insatser.append(
                Insats(
                    namn=name,
                    agare=insats.agare,
                    kortnamn=insats.kortnamn,
                    malgrupp=insats.malgrupp,
                    beskrivning=insats.beskrivning,
                    budget_tkr=insats.budget_tkr,
                    kostnad_tkr=insats.kostnad_tkr,
                    avvikelse_forklaring=insats.avvikelse_forklaring,
                    publicerad_bedomning=insats.publicerad_bedomning,
                    framgangar=tuple(story.get("framgangar", ())),
                    utmaningar=tuple(story.get("utmaningar", ())),
                    citat=tuple(story.get("citat", ())),
                    deltagare=flows.get(name, Flows()),
                    efter_avslut=outcomes.get(name, Outcomes()),
                    mal=tuple(goals.get(name, ())),
                    egna_antal=own_counts.get(name, {}),
                    historik=tuple(sorted(history.get(name, ()), key=lambda past: past.ar)),
                    locations={**insats.locations, **own_locations.get(name, {})},
                )
            )
        return FollowUp(forbund, year, tuple(insatser), scale, privacy, indikatorer=own, locations=locations)


# -- the package -------------------------------------------------------------------------------------
def _format_error(path: Path, message: str) -> FileFormatError:
    return FileFormatError(f"{path}: {message}", Location(file=str(path)))


@dataclass
class _PackageFacts:
    """What the reader needs from the package beyond cell values: merged ranges and table total rows, by sheet."""

    merged: dict[str, list[str]] = field(default_factory=dict)
    total_rows: dict[str, set[int]] = field(default_factory=dict)


def _package_facts(package: PackageReader) -> _PackageFacts:
    """Read merged ranges and table total rows from the package XML, without building the sheets."""
    facts = _PackageFacts()
    names = package.part_names
    workbook_rels = {rel.id: rel.part for rel in package.relationships(WORKBOOK_PART)}
    for element in _SHEET.findall(package.read(WORKBOOK_PART)):
        attributes = {key.split(b":")[-1]: html.unescape(value.decode()) for key, value in _ATTRIBUTE.findall(element)}
        title = attributes.get(b"name", "")
        part = workbook_rels.get(attributes.get(b"id", ""))
        if part is None or part not in names:
            continue
        merged = [ref.decode() for ref in _MERGE.findall(package.read(part))]
        if merged:
            facts.merged[title] = merged
        for rel in package.relationships(part):
            if rel.type != RT_TABLE or rel.part not in names:
                continue
            table = _TABLE.search(package.read(rel.part))
            if table is None:
                continue
            table_attributes = dict(_ATTRIBUTE.findall(table.group(0)))
            totals = int(table_attributes.get(b"totalsRowCount", b"0") or 0)
            last = re.search(rb"(\d+)$", table_attributes.get(b"ref", b""))
            if totals > 0 and last is not None:
                facts.total_rows.setdefault(title, set()).update(
                    range(int(last.group(1)) - totals + 1, int(last.group(1)) + 1)
                )
    return facts


#: What openpyxl and the zip and XML layers raise on a broken package.
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    KeyError,
    EOFError,
    ParseError,
    InvalidFileException,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    RuntimeError,  # zipfile: encrypted members, unsupported compression or versions
)


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``exc`` or an exception it was raised from is of ``kind``."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class _Sheets:
    """The data sheets of an open read-only workbook, each parsed on first use (and only its head when that will do)."""

    def __init__(self, path: Path, workbook: Any) -> None:
        self.path = path
        self._worksheets = {ws.title: ws for ws in workbook.worksheets if hasattr(ws, "reset_dimensions")}
        self._full: dict[str, _Sheet] = {}

    @property
    def titles(self) -> list[str]:
        """The titles of the sheets that can hold data (not chart sheets), in workbook order."""
        return list(self._worksheets)

    def get(self, title: str) -> _Sheet | None:
        """The whole sheet, or None when there is no such sheet."""
        if title not in self._worksheets:
            return None
        if title not in self._full:
            self._full[title] = self._parse(title, None)
        return self._full[title]

    def head(self, title: str) -> _Sheet:
        """The sheet's first rows, where a table's header row must be."""
        return self._full.get(title) or self._parse(title, _HEADER_SCAN_ROWS)

    def _parse(self, title: str, max_row: int | None) -> _Sheet:
        worksheet = self._worksheets[title]
        try:
            with warnings.catch_warnings():
                # openpyxl warns about parts it does not need (extensions, odd styles); they do not matter here.
                warnings.simplefilter("ignore")
                worksheet.reset_dimensions()
                rows = [
                    [
                        _Cell(
                            getattr(cell, "value", None),
                            getattr(cell, "data_type", "n") or "n",
                            f"{get_column_letter(index)}{number}",
                        )
                        for index, cell in enumerate(row, start=1)
                    ]
                    for number, row in enumerate(worksheet.iter_rows(max_row=max_row), start=1)
                ]
        except Exception as exc:
            raise _broken(self.path, exc) from exc
        return _Sheet(title, rows)


def _broken(path: Path, exc: Exception) -> Exception:
    """The FileFormatError for what openpyxl raised on a broken or hostile package; other errors unchanged."""
    if _caused_by(exc, DefusedXmlException):
        return _format_error(
            path,
            "filen innehåller otillåtna XML-konstruktioner (DTD eller entiteter, t.ex. en XML-bomb) och läses inte.",
        )
    if isinstance(exc, _BROKEN):
        return _format_error(path, "filen är skadad och går inte att läsa som arbetsbok.")
    return exc


def read_workbook(path: Path) -> ReadResult:
    """Read a follow-up workbook: input cells only, formula results are never trusted; the file is not changed.

    Args:
        path: an .xlsm or .xlsx workbook in the layout of ``xlinsats.workbook.schema``.

    Returns:
        The follow-up, with every problem found (Swedish, naming file, sheet and cell). Unusable values are
        errors and are left out; everything else is still read.

    Raises:
        FileFormatError: the file is missing, not a workbook, encrypted, of the old .xls kind, or broken.
    """
    with PackageReader(path) as package:
        try:
            facts = _package_facts(package)
        except (zipfile.BadZipFile, zlib.error, OSError, KeyError, EOFError, ValueError, RuntimeError) as exc:
            raise _format_error(path, "filen är skadad och går inte att läsa.") from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:
        raise _broken(path, exc) from exc
    try:
        sheets = _Sheets(path, workbook)
        _refuse_other_workbooks(path, sheets)
        reader = _WorkbookReader(str(path), sheets, facts)
        followup = reader.read()
    finally:
        workbook.close()
    return ReadResult(followup, tuple(reader.problems))


def _refuse_other_workbooks(path: Path, sheets: _Sheets) -> None:
    """Stop with one clear line when the workbook is no follow-up workbook (e.g. the report built from one).

    A follow-up workbook has at least one of its data sheets, by name or by the table headers on a renamed
    sheet; anything else would only give one error per missing sheet and table.

    Raises:
        FileFormatError: the workbook holds none of the follow-up's sheets.
    """
    from xlinsats.report.layout import SHEET_FLOWS, SHEET_GOALS

    titles = sheets.titles
    present = {_normalise(title) for title in titles}
    # "Insatser" is also the name of a report sheet, so it alone does not make a follow-up workbook.
    own = {_normalise(name) for name in (SETTINGS_SHEET, *(spec.sheet for spec in DATA_TABLES))}
    if present & (own - {_normalise(INSATSER.sheet)}):
        return
    # The report's goal table carries the Mål headers, so the report is recognised before headers are sought.
    if {_normalise(SHEET_GOALS), _normalise(SHEET_FLOWS)} & present:
        raise FileFormatError(
            f"{path}: filen är en rapport som xlinsats har byggt, inte en uppföljningsarbetsbok. "
            "Ange arbetsboken som rapporten byggdes från (t.ex. Uppfoljning.xlsm)."
        )
    if any(_header_row(sheets.head(title), spec) for title in titles for spec in DATA_TABLES):
        return
    expected = ", ".join((SETTINGS_SHEET, *(spec.sheet for spec in DATA_TABLES)))
    raise FileFormatError(
        f"{path}: filen är ingen uppföljningsarbetsbok; den saknar bladen {expected}. "
        "Skapa en arbetsbok med xlinsats import, eller ange rätt fil."
    )


__all__ = ["read_workbook"]
