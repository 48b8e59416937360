"""The workbook's layout as data: sheets, tables, headers, input and formula columns, formats, validation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from xlsxwriter.utility import xl_col_to_name

from xlinsats.core.indicators import COUNT_LABELS, INDICATORS
from xlinsats.core.model import AGGREGATIONS, DIRECTIONS, FLOW_NAMES, GENDERS, GOAL_KINDS, OUTCOME_NAMES
from xlinsats.core.model import GENDER_LABELS as GENDER_LABELS

ColumnKind = Literal["text", "count", "total", "tkr", "share", "goal_value", "choice", "formula"]

#: Number formats as stored in the file. OOXML format codes always use "," for grouping, which Swedish
#: Excel shows as "# ##0" with a space; a literal space in the code would print a stray leading space.
COUNT_FORMAT = "#,##0"
TKR_FORMAT = "#,##0"
PERCENT_FORMAT = "0 %"
NUMBER_FORMAT = "0.0"

INPUT_STYLE = "Indata"
FORMULA_STYLE = "Beräknat"
HEADER_STYLE = "Rubrik"

#: Characters that make a spreadsheet treat text as a formula (OWASP CSV-injection rules).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

UNDEFINED = "–"  # the en dash Swedish tables use for "undefined"

FLOW_LABELS = {name: COUNT_LABELS[name] for name in FLOW_NAMES}
OUTCOME_LABELS = {name: COUNT_LABELS[name] for name in OUTCOME_NAMES}
#: The share indicators shown as computed columns on the Efter avslut sheet, with their headers.
SHARE_COLUMN_HEADERS = {
    "arbete_studier_andel": "Andel arbete/studier",
    "annan_insats_andel": "Andel annan insats",
    "vidare_andel": "Andel vidare",
    "sjalvforsorjande_andel": "Andel självförsörjande",
    "behallit_anstallning_andel": "Andel behållit anställning",
}

NARRATIVE_KINDS = {"framgangar": "Framgång", "utmaningar": "Utmaning", "citat": "Citat"}


@dataclass(frozen=True)
class Column:
    """A table column: the model key it holds, its Swedish header, kind, width and validation."""

    key: str
    header: str
    kind: ColumnKind
    width: float = 14
    choices: tuple[str, ...] | None = None
    list_source: str | None = None
    required: bool = False
    help: str = ""
    optional: bool = False  # the column may be left out of the table: its cells then count as empty

    @property
    def is_input(self) -> bool:
        """Whether the user types into this column (a "total" column may also hold a sum formula)."""
        return self.kind != "formula"


@dataclass(frozen=True)
class TableSpec:
    """A data sheet holding one Excel Table whose header row is the sheet's first row."""

    sheet: str
    table: str
    columns: tuple[Column, ...]
    freeze: str = "B2"

    @cached_property
    def _numbers(self) -> dict[str, int]:
        return {column.key: number for number, column in enumerate(self.columns, start=1)}

    @cached_property
    def _letters(self) -> dict[str, str]:
        return {key: str(xl_col_to_name(number - 1)) for key, number in self._numbers.items()}

    def index(self, key: str) -> int:
        """Return the 1-based column number of the column with that key, as written."""
        return self._numbers[key]

    def letter(self, key: str) -> str:
        """Return the column letter of the column with that key, as written."""
        return self._letters[key]

    def column(self, key: str) -> Column:
        """Return the column with that key."""
        return self.columns[self.index(key) - 1]

    @property
    def inputs(self) -> tuple[Column, ...]:
        """The columns the user fills in."""
        return tuple(column for column in self.columns if column.is_input)


INSATS_NAMES = "xlinsats_insatser"
SCALE_NAME = "xlinsats_skala"
BOUNDS_NAME = "xlinsats_granser"
AGGREGATION_NAME = "xlinsats_sammanvagning"
FORBUND_NAME = "xlinsats_forbund"
YEAR_NAME = "xlinsats_ar"
MIN_CELL_NAME = "xlinsats_minsta_cell"

_INSATS = Column(
    "namn",
    "Insats",
    "choice",
    28,
    list_source=INSATS_NAMES,
    required=True,
    help="Välj en insats som finns på bladet Insatser.",
)

INSATSER = TableSpec(
    "Insatser",
    "Insatser",
    (
        Column("namn", "Insats", "text", 30, required=True, help="Insatsens namn; unikt."),
        Column("kortnamn", "Kortnamn", "text", 14, help="Kort namn i tabeller och diagram (valfritt).", optional=True),
        Column("agare", "Insatsägare", "text", 20, optional=True),
        Column("malgrupp", "Målgrupp", "text", 40, optional=True),
        Column("beskrivning", "Beskrivning", "text", 50, optional=True),
        Column("budget_tkr", "Budget (tkr)", "tkr", 13),
        Column("kostnad_tkr", "Kostnad (tkr)", "tkr", 13),
        Column("avvikelse_forklaring", "Förklaring till avvikelse", "text", 36, optional=True),
        Column(
            "publicerad_bedomning",
            "Fastställd bedömning",
            "choice",
            18,
            list_source=SCALE_NAME,
            help="Bedömning satt för hand, t.ex. av styrelsen (valfritt).",
            optional=True,
        ),
        Column("budgetutnyttjande", "Budgetutnyttjande", "formula", 17),
        Column("outnyttjat_tkr", "Outnyttjade medel (tkr)", "formula", 20),
    ),
)


def _count_columns(prefix: str, label: str) -> tuple[Column, ...]:
    parts = tuple(
        Column(f"{prefix}.{gender}", f"{label} {GENDER_LABELS[gender]}", "count", 12 if gender != "annat" else 16)
        for gender in GENDERS
    )
    total = Column(
        f"{prefix}.totalt",
        f"{label} totalt",
        "total",
        12,
        help="Summeras av sig själv; skriv ett tal här bara när fördelning på kön saknas.",
    )
    return (*parts, total)


DELTAGARE = TableSpec(
    "Deltagare",
    "Deltagare",
    (_INSATS, *(c for flow in FLOW_NAMES for c in _count_columns(flow, FLOW_LABELS[flow]))),
)

EFTER_AVSLUT = TableSpec(
    "Efter avslut",
    "EfterAvslut",
    (
        _INSATS,
        *(c for name in OUTCOME_NAMES for c in _count_columns(name, OUTCOME_LABELS[name])),
        *(Column(name, header, "formula", 14) for name, header in SHARE_COLUMN_HEADERS.items()),
    ),
)

MAL = TableSpec(
    "Mål",
    "Mal",
    (
        _INSATS,
        Column("text", "Mål", "text", 50, required=True),
        Column(
            "typ", "Typ", "choice", 9, choices=GOAL_KINDS, required=True, help="andel (procent) eller antal (personer)."
        ),
        Column("riktning", "Riktning", "choice", 10, choices=DIRECTIONS, required=True, help="minst eller högst."),
        Column(
            "malvarde",
            "Målvärde",
            "goal_value",
            11,
            required=True,
            help="Andel i procent (skriv 50 %) eller antal personer.",
        ),
        Column(
            "indikator",
            "Indikator",
            "choice",
            26,
            choices=tuple(INDICATORS),
            help="Utfallet beräknas ur uppgifterna; lämna tomt för att skriva in utfallet.",
        ),
        Column(
            "utfall",
            "Utfall (angivet)",
            "goal_value",
            15,
            help="Utfallet när indikator saknas; annars bara en kontroll.",
            optional=True,
        ),
        Column("utfall_bedomt", "Utfall som bedöms", "formula", 17),
        Column("avvikelse", "Avvikelse", "formula", 11),
        Column("maluppfyllelse", "Måluppfyllelse", "formula", 16),
        Column(
            "bedomning",
            "Angiven bedömning",
            "choice",
            18,
            list_source=SCALE_NAME,
            help="Bedömning satt för hand (valfritt).",
            optional=True,
        ),
    ),
)

BERATTELSE = TableSpec(
    "Berättelse",
    "Berattelse",
    (
        _INSATS,
        Column("slag", "Slag", "choice", 12, choices=tuple(NARRATIVE_KINDS.values()), required=True),
        Column("text", "Text", "text", 80, required=True),
        Column("kalla", "Källa", "text", 24, help="Vem citatet kommer från (bara för citat).", optional=True),
    ),
)

DATA_TABLES: tuple[TableSpec, ...] = (INSATSER, DELTAGARE, EFTER_AVSLUT, MAL, BERATTELSE)

INSTRUCTIONS_SHEET = "Instruktioner"
SETTINGS_SHEET = "Inställningar"
SHEET_ORDER: tuple[str, ...] = (INSTRUCTIONS_SHEET, SETTINGS_SHEET, *(spec.sheet for spec in DATA_TABLES))


@dataclass(frozen=True)
class Setting:
    """A single setting on the Inställningar sheet: label in column A, value in column B."""

    key: str
    label: str
    row: int
    defined_name: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("forbund", "Förbund", 3, FORBUND_NAME, "Samordningsförbundets namn."),
    Setting("ar", "År", 4, YEAR_NAME, "Uppföljningsåret, t.ex. 2022."),
    Setting(
        "sammanvagning",
        "Sammanvägning",
        5,
        AGGREGATION_NAME,
        "median: insatsens bedömning är målens mittersta (den sämre av två); samsta: den sämsta.",
    ),
    Setting(
        "minsta_cell",
        "Sekretess: minsta antal",
        6,
        MIN_CELL_NAME,
        "Antal under detta döljs i rapporten (t.ex. 3). Tomt = ingen maskering.",
    ),
)
AGGREGATION_CHOICES: tuple[str, ...] = AGGREGATIONS
SCALE_TABLE = "Bedomningsskala"
SCALE_TITLE_ROW = 8
SCALE_HEADER_ROW = 9
SCALE_HEADERS = ("Bedömning", "Högsta avvikelse")


def quote_sheet(sheet: str) -> str:
    """Return the sheet name as a formula reference prefix, quoted: 'Efter avslut'!"""
    return "'" + sheet.replace("'", "''") + "'!"


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula unless it is stored as text."""
    return text.startswith(FORMULA_TRIGGERS)
