"""The workbook's layout as data: sheets, tables, headers, input and formula columns, formats, validation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from xlsxwriter.utility import xl_col_to_name

from xlinsats.core.indicators import BUILTIN_INDICATORS, COUNT_LABELS
from xlinsats.core.indicators import OWN_NAME as OWN_NAME  # the reader takes it from the layout
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
SHARE_COLUMN_HEADERS = {ind.name: ind.heading for ind in BUILTIN_INDICATORS if ind.kind == "andel"}

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
INDICATOR_LABELS = "xlinsats_indikatorer"

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
            list_source=INDICATOR_LABELS,
            help="Välj en indikator (bladet Indikatorer); utfallet beräknas då ur uppgifterna. Lämna tomt för "
            "att skriva in utfallet.",
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

EGNA_ANTAL = TableSpec(
    "Egna antal",
    "EgnaAntal",
    (
        _INSATS,
        Column(
            "antal",
            "Antal",
            "text",
            30,
            required=True,
            help="Antalets namn, t.ex. positiv_losning: små bokstäver a-z, siffror och understreck.",
        ),
        *(
            Column(f"varde.{gender}", GENDER_LABELS[gender].capitalize(), "count", 12 if gender != "annat" else 16)
            for gender in GENDERS
        ),
        Column(
            "varde.totalt",
            "Totalt",
            "total",
            12,
            help="Summeras av sig själv; skriv ett tal här bara när fördelning på kön saknas.",
        ),
    ),
)

INDIKATORER = TableSpec(
    "Indikatorer",
    "Indikatorer",
    (
        Column(
            "namn",
            "Namn",
            "text",
            24,
            required=True,
            help="Indikatorns namn: små bokstäver a-z, siffror och understreck; inte ett inbyggt namn.",
        ),
        Column("etikett", "Etikett", "text", 44, required=True, help="Det svenska namnet som visas i listan på Mål."),
        Column(
            "taljare",
            "Täljare",
            "text",
            30,
            required=True,
            help="Antalen som summeras, åtskilda med kommatecken, t.ex. arbete_studier, annan_insats.",
        ),
        Column(
            "namnare",
            "Nämnare",
            "text",
            20,
            help="Antalet andelen tas av, t.ex. avslutade. Tomt för en indikator som är ett antal.",
            optional=True,
        ),
    ),
)
#: The built-in indicators, listed read-only beside the own ones: first column (0-based) and headers.
BUILTIN_LIST_COLUMN = 5
BUILTIN_LIST_TABLE = "InbyggdaIndikatorer"
BUILTIN_LIST_HEADERS = ("Inbyggd indikator", "Dess etikett", "Dess täljare", "Dess nämnare")
BUILTIN_LIST_WIDTHS = (26, 52, 36, 18)
#: The column (0-based) holding every indicator label, the Mål dropdown's list, and its header.
LABEL_LIST_COLUMN = 10
LABEL_LIST_HEADER = "Alla etiketter (listan på Mål)"
#: Rows of the label list that follow the own indicators' labels: room for own indicators added in Excel.
LABEL_LIST_ROWS = 30

HISTORIK = TableSpec(
    "Historik",
    "Historik",
    (
        Column("namn", "Insats", "text", 28, required=True),
        Column("ar", "År", "count", 8, required=True),
        *(Column(flow, FLOW_LABELS[flow], "count", 11) for flow in FLOW_NAMES),
        Column("budget_tkr", "Budget (tkr)", "tkr", 12),
        Column("kostnad_tkr", "Kostnad (tkr)", "tkr", 12),
        Column("budgetutnyttjande", "Budgetutnyttjande (%)", "share", 15),
        Column("bedomning", "Bedömning", "text", 16),
        Column("maskerade", "Maskerade", "text", 24, optional=True),
    ),
)
#: Every share of the history gets a column after the flows, headed by its label (or name) and this suffix.
HISTORY_SHARE_SUFFIX = " (%)"
HISTORY_SHARES_AFTER = "avslutade"


def history_spec(share_headers: dict[str, str]) -> TableSpec:
    """The Historik table with one percent column per share (name -> header), after the flows."""
    shares = tuple(Column(f"andelar.{name}", header, "share", 18) for name, header in share_headers.items())
    at = HISTORIK.index(HISTORY_SHARES_AFTER)
    return TableSpec(HISTORIK.sheet, HISTORIK.table, (*HISTORIK.columns[:at], *shares, *HISTORIK.columns[at:]))


HISTORIK_MAL = TableSpec(
    "Historik mål",
    "HistorikMal",
    (
        Column("namn", "Insats", "text", 28, required=True),
        Column("ar", "År", "count", 8, required=True),
        Column("text", "Mål", "text", 50, required=True),
        Column("malvarde", "Målvärde", "tkr", 11, required=True),
        Column("indikator", "Indikator", "text", 24),
        Column("utfall", "Utfall", "tkr", 11),
        Column("bedomning", "Bedömning", "text", 16),
    ),
)
#: The sheets beside the data tables: own counts and indicators, and the history "Nytt år" fills in.
EXTRA_TABLES: tuple[TableSpec, ...] = (EGNA_ANTAL, INDIKATORER, HISTORIK, HISTORIK_MAL)

INSTRUCTIONS_SHEET = "Instruktioner"
SETTINGS_SHEET = "Inställningar"
SHEET_ORDER: tuple[str, ...] = (
    INSTRUCTIONS_SHEET,
    SETTINGS_SHEET,
    *(spec.sheet for spec in DATA_TABLES),
    *(spec.sheet for spec in EXTRA_TABLES),
)


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
