"""The workbook reader's rules written out in full: each problem's severity, sheet, cell and whole Swedish message.

Each workbook here is the reference workbook built by the project's writer with cells changed as a user would
change them in Excel; the problems expected are worked out by hand from the rule, never produced by the reader.
Every limit has its case exactly at the limit (read without a problem) and one past it. The spoilt files are
prepared once per module (the writer and openpyxl only); each test reads its file itself, so a mutation run ties
every test to the reader functions it exercises (tools/mutation.py).
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from defusedxml import DTDForbidden
from openpyxl.workbook.workbook import Workbook

from xlinsats.core.checks import ReadResult
from xlinsats.core.model import Count, FollowUp, Goal, GradingScale
from xlinsats.core.new_year import start_next_year
from xlinsats.errors import FileFormatError, Location
from xlinsats.interchange import parse_interchange, read_interchange
from xlinsats.workbook.reader import _broken, read_workbook

from .conftest import REFERENCE_TOML
from .test_own_indicators import OWN
from .workbook_helpers import edit, save_built

#: (severity, sheet, cell, message) of one problem.
Seen = tuple[str, str | None, str | None, str]
Cells = dict[tuple[str, str], object]


def _reference() -> FollowUp:
    result = read_interchange(REFERENCE_TOML)
    assert result.followup is not None
    return result.followup


def _spoilt(directory: Path, cells: Cells, more: Callable[[Workbook], None] | None = None) -> Path:
    """The reference workbook with the given cells set (sheet, cell -> value) and any further change made."""

    def change(workbook: Workbook) -> None:
        for (sheet, ref), value in cells.items():
            workbook[sheet][ref] = value
        if more is not None:
            more(workbook)

    return edit(save_built(_reference(), directory / "Uppfoljning.xlsx"), change)


def _seen(result: ReadResult) -> list[Seen]:
    """The problems as (severity, sheet, cell, message), in the order the reader found them."""
    return [
        (p.severity, p.location.sheet if p.location else None, p.location.cell if p.location else None, p.message)
        for p in result.problems
    ]


def _read(path: Path) -> tuple[ReadResult, FollowUp]:
    result = read_workbook(path)
    assert result.followup is not None
    assert all(p.location is not None and p.location.file == str(path) for p in result.problems)
    return result, result.followup


# -- single values: counts, amounts, texts -------------------------------------------------------------------
VALUE_CELLS: Cells = {
    # Lyra (row 2): one bad part in each of its three counts.
    ("Deltagare", "B2"): " tjugo ",
    ("Deltagare", "F2"): True,
    ("Deltagare", "J2"): False,
    # MIA (row 3): a decimal, one past the largest count, a negative count.
    ("Deltagare", "B3"): 2.5,
    ("Deltagare", "G3"): 100_000_001,
    ("Deltagare", "J3"): -1,
    # START (row 4): a formula, an error value, a date.
    ("Deltagare", "C4"): "=1+1",
    ("Deltagare", "G4"): "#N/A",
    ("Deltagare", "K4"): datetime.datetime(2022, 1, 5),
    # UPIS (row 5): a blank man count (warned), the largest count with a blank annat (silent), a huge float.
    ("Deltagare", "C5"): None,
    ("Deltagare", "F5"): 100_000_000,
    ("Deltagare", "H5"): None,
    ("Deltagare", "J5"): 1e9,
    ("Deltagare", "K5"): -0.5,
    # Amounts: text, a truth value, the largest amount and one past it, a huge float, decimals and zero.
    ("Insatser", "F2"): " 2 450 kr ",
    ("Insatser", "G2"): True,
    ("Insatser", "F3"): 10**12,
    ("Insatser", "G3"): 10**12 + 1,
    ("Insatser", "F4"): 1500.5,
    ("Insatser", "G4"): 12.0,
    ("Insatser", "F5"): 2.5e12,
    ("Insatser", "G5"): 0,
    # Texts: a truth value, numbers, surrounding spaces, only spaces, a formula.
    ("Insatser", "C2"): True,
    ("Insatser", "D2"): 12.0,
    ("Insatser", "D3"): 1.5,
    ("Insatser", "E2"): "  Stöd i vardagen  ",
    ("Insatser", "E3"): "   ",
    ("Insatser", "H2"): "=A1",
    ("Insatser", "B6"): "Kort",  # a row with data but no name
}

_FORMULA_TAIL = "Skriv in värdet; arbetsboken läser bara inskrivna värden."

VALUE_PROBLEMS: list[Seen] = [
    ("fel", "Insatser", "C2", "Cellen innehåller ett sanningsvärde där insatsägare ska stå."),
    (
        "fel",
        "Insatser",
        "H2",
        f"Cellen innehåller en formel (=A1) där förklaring till avvikelse ska skrivas in. {_FORMULA_TAIL}",
    ),
    ("fel", "Insatser", "F2", "Budgeten ska vara ett tal, men cellen innehåller texten '2 450 kr'."),
    ("fel", "Insatser", "G2", "Kostnaden ska vara ett tal, inte SANT."),
    ("fel", "Insatser", "G3", "Kostnaden har ett orimligt stort värde (1000000000001); kontrollera det."),
    ("fel", "Insatser", "F5", "Budgeten har ett orimligt stort värde (2500000000000); kontrollera det."),
    ("fel", "Insatser", "A6", "Insatsens namn saknas."),
    (
        "fel",
        "Deltagare",
        "B2",
        "Antalet aktuella deltagare (kvinnor) ska vara ett heltal, men cellen innehåller texten 'tjugo'.",
    ),
    ("fel", "Deltagare", "F2", "Antalet nya deltagare (kvinnor) ska vara ett heltal, inte SANT."),
    ("fel", "Deltagare", "J2", "Antalet avslutade deltagare (kvinnor) ska vara ett heltal, inte FALSKT."),
    (
        "fel",
        "Deltagare",
        "B3",
        "Antalet aktuella deltagare (kvinnor) ska vara ett heltal (antal personer), inte decimaltalet 2,5.",
    ),
    ("fel", "Deltagare", "G3", "Antalet nya deltagare (män) är orimligt stort (100000001); kontrollera värdet."),
    ("fel", "Deltagare", "J3", "Antalet avslutade deltagare (kvinnor) får inte vara mindre än 0 (-1)."),
    (
        "fel",
        "Deltagare",
        "C4",
        f"Cellen innehåller en formel (=1+1) där antalet aktuella deltagare (män) ska skrivas in. {_FORMULA_TAIL}",
    ),
    ("fel", "Deltagare", "G4", "Cellen innehåller felvärdet #N/A; skriv in antalet nya deltagare (män)."),
    (
        "fel",
        "Deltagare",
        "K4",
        "Cellen innehåller ett datum eller klockslag där antalet avslutade deltagare (män) ska stå.",
    ),
    (
        "varning",
        "Deltagare",
        "C5",
        "Aktuella deltagare: cellen för män är tom medan andra kön är ifyllda; den räknas som 0.",
    ),
    (
        "fel",
        "Deltagare",
        "J5",
        "Antalet avslutade deltagare (kvinnor) är orimligt stort (1000000000); kontrollera värdet.",
    ),
    ("fel", "Deltagare", "K5", "Antalet avslutade deltagare (män) får inte vara mindre än 0 (-0,5)."),
    # The header row is A to F and the note beside the table H: the missing column is named after them.
    ("fel", "Historik mål", "I1", "Kolumnen 'Insats' saknas i tabellen HistorikMal (rubrikraden är rad 1)."),
    (
        "varning",
        "Berättelse",
        "D1",
        "Kolumnen 'Källa' saknas i tabellen Berattelse (rubrikraden är rad 1); den räknas som tom.",
    ),
]


def _drop_columns(workbook: Workbook) -> None:
    workbook["Historik mål"].delete_cols(1)  # the key column Insats: the table is found by its other headers
    workbook["Berättelse"].delete_cols(4)  # the optional column Källa


@pytest.fixture(scope="module")
def values_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference workbook with the bad and the boundary values of VALUE_CELLS, and two columns left out."""
    return _spoilt(tmp_path_factory.mktemp("values"), VALUE_CELLS, _drop_columns)


def test_bad_single_values_are_named_in_full(values_path: Path) -> None:
    """Every bad count, amount and text gives exactly its problem: severity, sheet, cell and whole message."""
    result, _ = _read(values_path)
    assert _seen(result) == VALUE_PROBLEMS


def test_a_count_with_a_bad_part_is_unknown_and_the_limits_are_read(values_path: Path) -> None:
    """Counts with an unusable part are left out whole; the largest count and amount, decimals and zero are read."""
    _, followup = _read(values_path)
    lyra, mia, start, upis = followup.insatser
    for insats in (lyra, mia):
        assert (insats.deltagare.aktuella, insats.deltagare.nya, insats.deltagare.avslutade) == (None, None, None)
    assert (start.deltagare.aktuella, start.deltagare.nya, start.deltagare.avslutade) == (None, None, None)
    # The blank man count next to filled ones is 0; a blank annat/ej angivet count is 0 without a warning.
    assert upis.deltagare.aktuella == Count(15, 0, 1)
    assert upis.deltagare.nya == Count(100_000_000, 10, 0)
    assert upis.deltagare.avslutade is None
    assert (lyra.budget_tkr, lyra.kostnad_tkr) == (None, None)
    assert (str(mia.budget_tkr), mia.kostnad_tkr) == ("1000000000000", None)
    # 1500.5 keeps its decimal; 12.0 reads as the whole number 12, not 12.0.
    assert (str(start.budget_tkr), str(start.kostnad_tkr)) == ("1500.5", "12")
    assert (upis.budget_tkr, str(upis.kostnad_tkr)) == (None, "0")


def test_texts_are_read_as_typed(values_path: Path, reference: FollowUp) -> None:
    """Numbers in text cells read as typed (12.0 as 12), spaces around a text are dropped, blank text is empty."""
    _, followup = _read(values_path)
    lyra, mia = followup.insatser[:2]
    assert (lyra.agare, lyra.malgrupp, lyra.beskrivning) == ("", "12", "Stöd i vardagen")
    assert lyra.avvikelse_forklaring == ""
    assert (mia.malgrupp, mia.beskrivning) == ("1.5", "")
    assert mia.agare == reference.insatser[1].agare


# -- the settings sheet and the grading scale ------------------------------------------------------------------
_SCALE_NAMES = ("God", "Godtagbart", "Ej godtagbart")
_NO_SCALE = "Standardskalan används i kontrollen."

#: (cells changed on Inställningar, problems, förbund, year, scale, smallest count shown)
SETTINGS_CASES: dict[str, tuple[Cells, list[Seen], str, int, GradingScale, int | None]] = {
    "year one before 1900, a truth value as name, a share-like bound": (
        {"B3": True, "B4": 1899, "B5": " SÄMSTA ", "B6": 0, "B10": 0.5, "B12": 100},
        [
            ("fel", "Inställningar", "B3", "Cellen innehåller ett sanningsvärde där förbundets namn ska stå."),
            ("fel", "Inställningar", "B4", "Året ska vara ett årtal, t.ex. 2022, inte 1899."),
            (
                "varning",
                "Inställningar",
                "B10",
                "Gränsen är 0,5. Gränser anges i procentenheter (5 betyder 5 procentenheter); är cellen formaterad "
                "som procent och menade du 50?",
            ),
            ("varning", "Inställningar", "B12", "Det sista steget har ingen gräns; värdet i cellen används inte."),
        ],
        "",
        0,
        GradingScale(_SCALE_NAMES, (Decimal("0.5"), Decimal(25)), "samsta"),
        None,
    ),
    "year one past 2200, a missing label, bounds 0 and 1": (
        {"A3": "  FÖRBUND ", "A5": None, "B4": 2201, "B6": 3, "B10": 0, "B11": 1},
        [
            (
                "fel",
                "Inställningar",
                None,
                "Inställningen 'Sammanvägning' saknas (den ska stå i kolumn A, med värdet i kolumn B).",
            ),
            ("fel", "Inställningar", "B4", "Året ska vara ett årtal, t.ex. 2022, inte 2201."),
        ],
        "Samordningsförbundet HBS",
        0,
        GradingScale(_SCALE_NAMES, (Decimal(0), Decimal(1)), "median"),
        3,
    ),
    "year 1900, no scale header, the forbund moved to row 1": (
        {"B4": 1900, "B6": 1, "A9": "Steg", "A1": "Förbund", "B1": "Förbundet på rad 1", "A3": None},
        [
            (
                "fel",
                "Inställningar",
                None,
                f"Bedömningsskalan saknas: ingen rubrikrad med 'Bedömning' och 'Högsta avvikelse'. {_NO_SCALE}",
            )
        ],
        "Förbundet på rad 1",
        1900,
        GradingScale(),
        1,
    ),
    "year 2200, a truth value as a step's name": (
        {"B4": 2200, "A11": True, "B5": "samsta", "B6": 2.5},
        [
            (
                "fel",
                "Inställningar",
                "B6",
                "Minsta antal för sekretess ska vara ett heltal (antal personer), inte decimaltalet 2,5.",
            ),
            (
                "fel",
                "Inställningar",
                "A11",
                "Cellen innehåller ett sanningsvärde där namnet på bedömningssteget ska stå.",
            ),
        ],
        "Samordningsförbundet HBS",
        2200,
        GradingScale(("God", "Ej godtagbart"), (Decimal(5),), "samsta"),
        None,
    ),
    "a scale without steps, an unknown aggregation, no forbund label": (
        {"A10": None, "A11": None, "A12": None, "B5": "medel", "A3": None},
        [
            (
                "fel",
                "Inställningar",
                None,
                "Inställningen 'Förbund' saknas (den ska stå i kolumn A, med värdet i kolumn B).",
            ),
            ("fel", "Inställningar", "B5", "Okänt värde 'medel' för sammanvägning; välj median eller samsta."),
            ("fel", "Inställningar", "A9", f"Bedömningsskalan har inga steg. {_NO_SCALE}"),
        ],
        "",
        2022,
        GradingScale(),
        None,
    ),
    "a bound typed as text": (
        {"B10": "fem"},
        [("fel", "Inställningar", "B10", "Gränsen ska vara ett tal, men cellen innehåller texten 'fem'.")],
        "Samordningsförbundet HBS",
        2022,
        GradingScale(),
        None,
    ),
    "falling bounds": (
        {"B11": 2, "B5": "samsta"},
        [
            (
                "fel",
                "Inställningar",
                "A9",
                "Bedömningsskalan går inte att använda: gränsvärdena måste vara stigande.",
            )
        ],
        "Samordningsförbundet HBS",
        2022,
        GradingScale(),
        None,
    ),
    "two missing bounds": (
        {"B10": None, "B11": None, "B3": " HBS ", "B4": "2023"},
        [
            ("fel", "Inställningar", "B4", "Året ska vara ett heltal, men cellen innehåller texten '2023'."),
            *(
                (
                    "fel",
                    "Inställningar",
                    ref,
                    "Gränsen saknas; varje steg utom det sista behöver en högsta avvikelse.",
                )
                for ref in ("B10", "B11")
            ),
        ],
        "HBS",
        0,
        GradingScale(),
        None,
    ),
    "blank forbund, year and aggregation (median), the last bounded step without its bound": (
        {"B3": None, "B4": None, "B5": None, "B11": None},
        [
            ("fel", "Inställningar", "B3", "Förbundets namn saknas."),
            ("fel", "Inställningar", "B4", "Året saknas."),
            (
                "fel",
                "Inställningar",
                "B11",
                "Gränsen saknas; varje steg utom det sista behöver en högsta avvikelse.",
            ),
        ],
        "",
        0,
        GradingScale(),
        None,
    ),
}


# Test ids stay ASCII: pytest escapes other letters in node ids, and mutmut cannot select such a test again.
@pytest.mark.parametrize("case", list(SETTINGS_CASES), ids=list(SETTINGS_CASES))
def test_settings_and_scale_are_read_and_checked(case: str, tmp_path: Path) -> None:
    """Förbund, year (1900 to 2200), aggregation, smallest count and scale: the problems in full, the values read."""
    cells, problems, forbund, year, scale, minimum = SETTINGS_CASES[case]
    path = _spoilt(tmp_path, {("Inställningar", ref): value for ref, value in cells.items()})
    result, followup = _read(path)
    assert _seen(result) == problems
    assert (followup.forbund, followup.ar, followup.bedomning, followup.sekretess.minsta_cell) == (
        forbund,
        year,
        scale,
        minimum,
    )


def test_settings_locations_name_their_cells(values_path: Path) -> None:
    """Each setting is located at its value cell in column B, and the scale at its header cell."""
    _, followup = _read(values_path)
    cells = {key: (where.sheet, where.cell) for key, where in followup.locations.items()}
    assert cells == {
        "forbund": ("Inställningar", "B3"),
        "ar": ("Inställningar", "B4"),
        "sammanvagning": ("Inställningar", "B5"),
        "minsta_cell": ("Inställningar", "B6"),
        "bedomning": ("Inställningar", "A9"),
    }


# -- goals: shares, indicators, choices, grades ----------------------------------------------------------------
#: The built-in indicators' labels, the list a Mål cell chooses from (written out from the Indikatorer sheet).
BUILTIN_LABELS = (
    "Aktuella deltagare under året, Nya deltagare under året, Avslutade deltagare under året, "
    "Andel avslutade till arbete eller studier, Andel avslutade till annan arbetsinriktad insats, "
    "Andel avslutade till arbete, studier eller annan insats, "
    "Andel självförsörjande ett år efter avslut (av dem som svarat), "
    "Andel anställda som behållit anställningen i 12 månader"
)

GOAL_CELLS: Cells = {
    ("Mål", "G2"): 1.01,  # Lyra, share: one hundredth past 100 %
    ("Mål", "E3"): 1,  # Lyra, share: exactly 100 %
    ("Mål", "C4"): "procent",  # Lyra, unknown goal type
    ("Mål", "B4"): None,  # no goal text
    ("Mål", "F4"): True,  # a truth value as indicator
    ("Mål", "K4"): True,  # and as grade
    ("Mål", "G4"): "70 %",  # a result typed as text
    ("Mål", "C5"): None,  # Lyra, no goal type
    ("Mål", "D5"): None,  # Lyra, no direction
    ("Mål", "E5"): None,  # and no target
    ("Mål", "E6"): 0.01,  # MIA, share: exactly 1 %, not warned
    ("Mål", "G6"): 0.009,  # MIA, share: below 1 %, warned
    ("Mål", "A7"): "Lyran",  # an insats not on Insatser: the row is still checked, then left out
    ("Mål", "E7"): 0.0099,
    ("Mål", "E8"): 250,  # MIA, count goal: numbers above 1 are no percent mistake
    ("Mål", "G8"): 1.5,
    ("Mål", "C9"): " ANDEL ",
    ("Mål", "D9"): "HÖGST",
    ("Mål", "G9"): 0,  # a result of 0 % is not warned
    ("Mål", "F10"): "  andel anställda som  behållit anställningen i 12 månader ",  # label, other case and spaces
    ("Mål", "F11"): " NYA ",  # an older workbook's code name
    ("Mål", "F12"): "lycka",
    ("Mål", "K13"): "Utmärkt",
    ("Mål", "K14"): "God",
    ("Mål", "F14"): None,
    ("Mål", "G14"): None,
}

GOAL_PROBLEMS: list[Seen] = [
    (
        "fel",
        "Mål",
        "G2",
        "Utfallet är 1,01, dvs. 101,00 %. En andel skrivs i procent: skriv 1,01 % (eller 0,0101), inte 1,01.",
    ),
    ("fel", "Mål", "B4", "Måltexten saknas."),
    ("fel", "Mål", "C4", "Okänt värde 'procent' för måltyp; välj andel eller antal."),
    ("fel", "Mål", "F4", "Cellen innehåller ett sanningsvärde där indikator ska stå."),
    ("fel", "Mål", "G4", "Utfallet ska vara ett tal, men cellen innehåller texten '70 %'."),
    ("fel", "Mål", "K4", "Cellen innehåller ett sanningsvärde där angiven bedömning ska stå."),
    ("fel", "Mål", "C5", "Måltyp saknas."),
    ("fel", "Mål", "D5", "Riktning saknas."),
    ("fel", "Mål", "E5", "Målvärdet saknas."),
    ("varning", "Mål", "G6", "Utfallet är bara 0,9 %. Menade du 90 %?"),
    ("fel", "Mål", "A7", "Insatsen 'Lyran' finns inte på bladet Insatser; raden läses inte."),
    ("varning", "Mål", "E7", "Målvärdet är bara 0,99 %. Menade du 99 %?"),
    (
        "fel",
        "Mål",
        "F12",
        f"Okänd indikator 'lycka'; välj en ur listan ({BUILTIN_LABELS}) eller definiera den på bladet Indikatorer.",
    ),
    ("varning", "Mål", "K13", "Bedömningen 'Utmärkt' finns inte i skalan (God, Godtagbart, Ej godtagbart)."),
]


@pytest.fixture(scope="module")
def goals_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference workbook with the goal cells of GOAL_CELLS."""
    return _spoilt(tmp_path_factory.mktemp("goals"), GOAL_CELLS)


def test_goal_problems_are_named_in_full(goals_path: Path) -> None:
    """Shares past 100 % and below 1 %, unknown choices and indicators, a grade off the scale: each in full."""
    result, _ = _read(goals_path)
    assert _seen(result) == GOAL_PROBLEMS
    # The refused text travels with a refused choice or indicator.
    assert {(p.location.cell, p.value) for p in result.problems if p.location and p.value is not None} == {
        ("C4", "procent"),
        ("F12", "lycka"),
    }


def test_goals_are_read_as_percent_and_bad_rows_left_out(goals_path: Path) -> None:
    """Shares read as percent (1 is 100 %), count goals as typed; a row with any unusable cell is left out."""
    _, followup = _read(goals_path)
    lyra, mia, start, upis = followup.insatser
    # Lyra: row 2 (result past 100 %), row 4 (goal type) and row 5 (direction) are left out.
    assert [(g.text[:14], g.malvarde, g.utfall) for g in lyra.mal] == [("Minst 50 % av ", Decimal(100), 45)]
    # MIA: row 7 names an unknown insats; 0.009 is kept as 0.9 %; a count goal's 1.5 stays 1.5.
    assert [(g.typ, g.malvarde, g.utfall) for g in mia.mal] == [
        ("andel", Decimal(1), Decimal("0.9")),
        ("antal", Decimal(250), Decimal("1.5")),
    ]
    assert [(g.typ, g.riktning, g.indikator, g.utfall) for g in start.mal] == [
        ("andel", "högst", "arbete_studier_andel", Decimal(0)),
        ("andel", "minst", "behallit_anstallning_andel", Decimal(86)),
        ("antal", "minst", "nya", Decimal(30)),
    ]
    # UPIS: row 12 (unknown indicator) is left out; a grade off the scale is kept as typed.
    assert [(g.text[:12], g.indikator, g.utfall, g.bedomning_angiven) for g in upis.mal] == [
        ("Minst 35 nya", "nya", Decimal(18), "Utmärkt"),
        ("85 % av delt", None, None, "God"),
    ]
    where = lyra.mal[0].locations
    assert {key: (w.sheet, w.cell) for key, w in where.items() if key in ("malvarde", "utfall")} == {
        "malvarde": ("Mål", "E3"),
        "utfall": ("Mål", "G3"),
    }


# -- tables: rows per insats, outcomes, narrative --------------------------------------------------------------
_X = "x"
TABLE_CELLS: Cells = {
    # Lyra's outcomes: text in the women's cell of each of the seven counts, to name each count in a message.
    **{("Efter avslut", f"{column}2"): _X for column in ("B", "F", "J", "N", "R", "V", "Z")},
    ("Efter avslut", "I3"): 30,  # MIA: a plain total beside no gender counts (already 31 in the reference)
    ("Deltagare", "E3"): 176,  # MIA: an entered total beside the gender counts (106 + 58 + 12)
    ("Deltagare", "A5"): "MIA",  # a second row for MIA; UPIS then has none
    ("Deltagare", "A6"): "Okänd",  # a row of an insats not on Insatser, after the second row
    ("Deltagare", "B6"): 1,
    ("Efter avslut", "I5"): -3,  # UPIS: a negative plain total
    ("Efter avslut", "B6"): 5,  # a row with data but no name
    ("Efter avslut", "I7"): 4,  # a row with only a typed total and no name
    ("Berättelse", "B2"): " citat ",
    ("Berättelse", "D2"): "En deltagare",
    ("Berättelse", "D3"): "Någon",
    ("Berättelse", "C4"): None,
    ("Berättelse", "B5"): None,
    ("Berättelse", "B6"): "Tanke",
    ("Berättelse", "A7"): "Okänd",
    ("Berättelse", "B8"): "Citat",
    ("Berättelse", "D9"): True,
}

TABLE_PROBLEMS: list[Seen] = [
    ("fel", "Deltagare", "A5", "Insatsen 'MIA' har redan en rad på bladet (rad 3); raden läses inte."),
    ("fel", "Deltagare", "A6", "Insatsen 'Okänd' finns inte på bladet Insatser; raden läses inte."),
    (
        "varning",
        "Deltagare",
        "C6",
        "Aktuella deltagare: cellen för män är tom medan andra kön är ifyllda; den räknas som 0.",
    ),
    (
        "varning",
        "Deltagare",
        None,
        "Insatsen 'Unga på väg i Salem (UPIS)' saknar rad i tabellen Deltagare; uppgifterna räknas som okända.",
    ),
    *(
        (
            "fel",
            "Efter avslut",
            f"{column}2",
            f"Antalet {phrase} (kvinnor) ska vara ett heltal, men cellen innehåller texten 'x'.",
        )
        for column, phrase in (
            ("B", "avslutade till arbete eller studier"),
            ("F", "avslutade till annan insats"),
            ("J", "svarande vid ettårsuppföljningen"),
            ("N", "självförsörjande efter ett år"),
            ("R", "anställda"),
            ("V", "som behållit anställningen i 12 månader"),
            ("Z", "i efterstöd"),
        )
    ),
    ("fel", "Efter avslut", "I5", "Antalet avslutade till annan insats (totalt) får inte vara mindre än 0 (-3)."),
    ("fel", "Efter avslut", "A6", "Insatsens namn saknas."),
    # The row is still checked: its blank cells beside a filled one are named.
    (
        "varning",
        "Efter avslut",
        "C6",
        "Avslutade till arbete eller studier: cellen för män är tom medan andra kön är ifyllda; den räknas som 0.",
    ),
    ("fel", "Efter avslut", "A7", "Insatsens namn saknas."),
    ("varning", "Berättelse", "D3", "Källa används bara för citat; den här källan visas inte."),
    ("fel", "Berättelse", "C4", "Texten saknas."),
    ("fel", "Berättelse", "B5", "Slag saknas."),
    ("fel", "Berättelse", "B6", "Okänt värde 'Tanke' för slag; välj Framgång, Utmaning eller Citat."),
    ("fel", "Berättelse", "A7", "Insatsen 'Okänd' finns inte på bladet Insatser; raden läses inte."),
    ("fel", "Berättelse", "D9", "Cellen innehåller ett sanningsvärde där källan ska stå."),
]


@pytest.fixture(scope="module")
def tables_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference workbook with the table cells of TABLE_CELLS."""
    return _spoilt(tmp_path_factory.mktemp("tables"), TABLE_CELLS)


def test_table_problems_are_named_in_full(tables_path: Path) -> None:
    """A second row for an insats, an insats without a row, every outcome count and the narrative: in full."""
    result, _ = _read(tables_path)
    assert _seen(result) == TABLE_PROBLEMS


def test_rows_are_read_per_insats(tables_path: Path, reference: FollowUp) -> None:
    """The first row of an insats counts; entered and plain totals are kept; quotes keep their source."""
    _, followup = _read(tables_path)
    lyra, mia, start, upis = followup.insatser
    assert mia.deltagare.aktuella == Count(106, 58, 12, totalt_angivet=176)
    assert mia.deltagare.nya == reference.insatser[1].deltagare.nya
    assert upis.deltagare.aktuella is None
    assert mia.efter_avslut.annan_insats == Count.plain(30)
    assert upis.efter_avslut.annan_insats is None
    assert lyra.efter_avslut == type(lyra.efter_avslut)()
    assert (start.deltagare, start.efter_avslut) == (
        reference.insatser[2].deltagare,
        reference.insatser[2].efter_avslut,
    )
    assert [(q.text, q.kalla) for q in lyra.citat] == [("Fler vägar in och större inflöde.", "En deltagare")]
    assert lyra.framgangar == ("Fler gruppaktiviteter med god respons.",)
    assert lyra.utmaningar == ()  # rows 5 to 7 each have an unusable cell
    assert [(q.text[:20], q.kalla) for q in mia.citat] == [("Feedback-informerad ", "")]
    assert mia.framgangar == ("Mobiliseringsgruppen har utvecklats och ger goda resultat.",)
    where = mia.deltagare.locations
    assert {key: where[key].cell for key in ("aktuella", "aktuella.kvinnor", "aktuella.totalt")} == {
        "aktuella": "E3",
        "aktuella.kvinnor": "B3",
        "aktuella.totalt": "E3",
    }


# -- own counts, own indicators, earlier years ----------------------------------------------------------------
def _own_with_history() -> FollowUp:
    """The own-indicator follow-up (tests/test_own_indicators.py) with 2022's figures carried as its history."""
    own = parse_interchange(OWN, ".toml", "egna.toml").followup
    assert own is not None
    carried = start_next_year(own)
    return replace(
        own,
        insatser=tuple(
            replace(insats, historik=later.historik)
            for insats, later in zip(own.insatser, carried.insatser, strict=True)
        ),
    )


_ROWS = {
    "Egna antal": [
        ("Steget", "positiv_losning", 5, None, None, None),  # row 7: a second row for the same count
        ("Steget", "aktuella", None, None, None, 3),  # row 8: a built-in count
        ("Steget", "Fel-Namn", None, None, None, 2),  # row 9
        ("Steget", "ny_rakning", "x", None, None, None),  # row 10: a bad part
        ("Steget", None, -1, None, None, 4),  # row 11: no name, and a bad part
        ("Okänd", "x_antal", None, None, None, 1),  # row 12
    ],
    "Indikatorer": [
        ("ny_indikator", "Antal  arbetsgivarkontakter", "arbetsgivarkontakter", None),  # row 7: an own label again
        ("egen_nya", " nya deltagare under året ", "nya", None),  # row 8: a built-in label again
        ("Fel namn", "X", "nya", None),  # row 9
        (None, "Utan namn", "nya", None),  # row 10
        ("utan_etikett", None, "nya", None),  # row 11
        ("summa", "Summa", " nya ; avslutade,aktuella ", None),  # row 12
        ("delad", "Delad", "nya", " avslutade "),  # row 13
        ("avslutade", "Inbyggd", "nya", None),  # row 14: a built-in name
        ("okand_taljare", "Okänd täljare", "saknat_antal", None),  # row 15
        ("tal_fel", "Tal fel", True, True),  # row 16
    ],
    "Historik mål": [
        ("Steget", 2021, "Gammalt mål", 10, "nya", 12, "God"),  # row 5
        ("Steget", 2021, None, None, None, None, None),  # row 6
        ("Steget", "i fjol", "Mål 2020", "tio", True, -1, True),  # row 7
        ("Okänd", 2021, "Mål", 1),  # row 8
    ],
}


def _own_rows(workbook: Workbook) -> None:
    for sheet, rows in _ROWS.items():
        first = workbook[sheet].max_row + 1 if sheet != "Indikatorer" else 7
        for number, row in enumerate(rows, start=first):
            for column, value in enumerate(row, start=1):
                workbook[sheet].cell(number, column, value)
    history = workbook["Historik"]
    history["T1"] = "Gammal andel (%)"  # a share of an indicator no longer defined
    for cells in (
        {"A": "Steget", "B": 2021, "C": 10, "F": 40, "K": 12.5, "O": 100, "P": 90, "Q": 90, "R": "Godtagbart"},
        {"A": "Steget", "B": "förra", "C": -2},
        {"A": "Steget", "B": 2020, "L": "x", "O": -1, "R": True, "S": True, "T": 7},
        {"A": "Okänd", "B": 2019},
    ):
        row = history.max_row + 1
        for column, value in cells.items():
            history[f"{column}{row}"] = value
    history["S3"] = " aktuella, nya ,,"
    history.title = "tillfälligt"  # found by its name in other case (openpyxl refuses a case-only rename)
    history.title = "HISTORIK"


@pytest.fixture(scope="module")
def own_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The own-indicator workbook with a history, spoilt on Egna antal, Indikatorer, Historik and Historik mål."""
    path = save_built(_own_with_history(), tmp_path_factory.mktemp("own") / "Uppfoljning.xlsx")
    return edit(path, _own_rows)


_NAME_RULE = "duger inte: använd små bokstäver a–z, siffror och understreck, och börja med en bokstav."

OWN_PROBLEMS: list[Seen] = [
    (
        "varning",
        "Egna antal",
        "D7",
        "'positiv_losning': cellen för män är tom medan andra kön är ifyllda; den räknas som 0.",
    ),
    ("fel", "Egna antal", "B7", "Antalet 'positiv_losning' för 'Steget' finns redan (rad 2); raden läses inte."),
    (
        "fel",
        "Egna antal",
        "B8",
        "'aktuella' är ett inbyggt antal; ange det på bladet Deltagare eller Efter avslut.",
    ),
    ("fel", "Egna antal", "B9", f"Namnet 'Fel-Namn' {_NAME_RULE}"),
    (
        "fel",
        "Egna antal",
        "C10",
        "Antalet 'ny_rakning' (kvinnor) ska vara ett heltal, men cellen innehåller texten 'x'.",
    ),
    ("fel", "Egna antal", "B11", "Antalets namn saknas."),
    ("fel", "Egna antal", "C11", "Antalet 'antalet' (kvinnor) får inte vara mindre än 0 (-1)."),
    ("fel", "Egna antal", "A12", "Insatsen 'Okänd' finns inte på bladet Insatser; raden läses inte."),
    ("fel", "Indikatorer", "A9", f"Namnet 'Fel namn' {_NAME_RULE}"),
    ("fel", "Indikatorer", "A10", "Indikatorns namn saknas."),
    ("fel", "Indikatorer", "B11", "Etiketten saknas."),
    ("fel", "Indikatorer", "C16", "Cellen innehåller ett sanningsvärde där täljaren ska stå."),
    ("fel", "Indikatorer", "D16", "Cellen innehåller ett sanningsvärde där nämnaren ska stå."),
    ("fel", "Indikatorer", "A14", "Namnet 'avslutade' finns redan bland de inbyggda; välj ett annat."),
    (
        "varning",
        "Indikatorer",
        "C15",
        "Antalet 'saknat_antal' finns inte för någon insats; kontrollera stavningen.",
    ),
    ("fel", "Indikatorer", "C16", "Täljaren är tom: ange minst ett antal att summera."),
    (
        "fel",
        "Indikatorer",
        "B7",
        "Etiketten 'Antal  arbetsgivarkontakter' används redan av indikatorn 'arbetsgivarkontakter'; "
        "etiketterna måste vara olika.",
    ),
    (
        "fel",
        "Indikatorer",
        "B8",
        "Etiketten 'nya deltagare under året' används redan av indikatorn 'nya'; etiketterna måste vara olika.",
    ),
    # The history sheet is looked up first; its goals are read before its rows.
    (
        "varning",
        "HISTORIK",
        None,
        "Bladet 'Historik' finns inte, men uppgifterna hittades på bladet 'HISTORIK' och lästes därifrån. Byt "
        "gärna tillbaka namnet till 'Historik'.",
    ),
    ("fel", "Historik mål", "C6", "Måltexten saknas."),
    ("fel", "Historik mål", "D6", "Målvärdet saknas."),
    ("fel", "Historik mål", "B7", "Året ska vara ett heltal, men cellen innehåller texten 'i fjol'."),
    ("fel", "Historik mål", "D7", "Målvärdet ska vara ett tal, men cellen innehåller texten 'tio'."),
    ("fel", "Historik mål", "E7", "Cellen innehåller ett sanningsvärde där indikatorn ska stå."),
    ("fel", "Historik mål", "F7", "Utfallet får inte vara mindre än 0 (-1)."),
    ("fel", "Historik mål", "G7", "Cellen innehåller ett sanningsvärde där bedömningen ska stå."),
    ("fel", "Historik mål", "A8", "Insatsen 'Okänd' finns inte på bladet Insatser; raden läses inte."),
    ("fel", "HISTORIK", "B4", "Året ska vara ett heltal, men cellen innehåller texten 'förra'."),
    ("fel", "HISTORIK", "C4", "Antalet aktuella får inte vara mindre än 0 (-2)."),
    (
        "fel",
        "HISTORIK",
        "L5",
        "Andelen Andel avslutade till en positiv lösning ska vara ett tal, men cellen innehåller texten 'x'.",
    ),
    ("fel", "HISTORIK", "O5", "Budget (tkr) får inte vara mindre än 0 (-1)."),
    ("fel", "HISTORIK", "R5", "Cellen innehåller ett sanningsvärde där bedömningen ska stå."),
    ("fel", "HISTORIK", "S5", "Cellen innehåller ett sanningsvärde där maskerade ska stå."),
    ("fel", "HISTORIK", "A6", "Insatsen 'Okänd' finns inte på bladet Insatser; raden läses inte."),
]


def test_own_counts_indicators_and_history_problems_in_full(own_path: Path) -> None:
    """Own counts, own indicator definitions and earlier years: every problem in full, at its cell."""
    result, _ = _read(own_path)
    assert _seen(result) == OWN_PROBLEMS
    values = {(p.location.sheet, p.location.cell): p.value for p in result.problems if p.location and p.value}
    assert values == {
        ("Egna antal", "B8"): "aktuella",
        ("Egna antal", "B9"): "Fel-Namn",
        ("Indikatorer", "A9"): "Fel namn",
        ("Indikatorer", "A14"): "avslutade",
        ("Indikatorer", "C15"): "saknat_antal",
        ("Indikatorer", "B7"): "Antal  arbetsgivarkontakter",
        ("Indikatorer", "B8"): "nya deltagare under året",
    }


def test_own_counts_indicators_and_history_are_read(own_path: Path) -> None:
    """The first row of an own count counts; numerators split at , and ;; earlier years sorted, with their goals."""
    _, followup = _read(own_path)
    (steget,) = followup.insatser
    assert steget.egna_antal == {
        "positiv_losning": Count(100, 79, 0),
        "till_studier": Count.plain(27),
        "enkat_fraga1_svar": Count.plain(140),
        "enkat_fraga1_nojda": Count.plain(133),
        "arbetsgivarkontakter": Count.plain(41),
    }
    where = {key: (w.sheet, w.cell) for key, w in steget.locations.items() if key.startswith("egna_antal.till")}
    assert where == {
        "egna_antal.till_studier": ("Egna antal", "F3"),
        "egna_antal.till_studier.kvinnor": ("Egna antal", "C3"),
        "egna_antal.till_studier.man": ("Egna antal", "D3"),
        "egna_antal.till_studier.annat": ("Egna antal", "E3"),
        "egna_antal.till_studier.totalt": ("Egna antal", "F3"),
    }
    own = {indicator.name: (indicator.taljare, indicator.namnare) for indicator in followup.indikatorer}
    assert own["summa"] == (("nya", "avslutade", "aktuella"), None)
    assert own["delad"] == (("nya",), "avslutade")
    assert "Fel namn" not in own and len(own) == 12  # five defined by the writer, seven added (row 9 refused)
    assert [year.ar for year in steget.historik] == [2020, 2021, 2022]
    oldest, middle, _ = steget.historik
    # A share column whose label names no indicator keeps its header; a known label gives the indicator's name.
    assert oldest.andelar == {"Gammal andel": Decimal(7)}
    assert (oldest.budget_tkr, oldest.bedomning, oldest.maskerade, oldest.mal) == (None, None, (), ())
    assert middle.andelar == {"arbete_studier_andel": Decimal(40), "genomstromning": Decimal("12.5")}
    assert middle.deltagare == {"aktuella": 10, "nya": None, "avslutade": None}
    assert (middle.budget_tkr, middle.kostnad_tkr, middle.budgetutnyttjande) == (100, 90, 90)
    assert (middle.bedomning, middle.maskerade) == ("Godtagbart", ("aktuella", "nya"))
    assert [(g.text, g.malvarde, g.indikator, g.utfall, g.bedomning) for g in middle.mal] == [
        ("Gammalt mål", 10, "nya", 12, "God")
    ]


# -- sheets and tables: missing, renamed, merged, duplicate columns, the header row -----------------------------
def _layout(workbook: Workbook) -> None:
    workbook.remove(workbook["Berättelse"])
    for title in ("Blad A", "Blad B"):  # two sheets with the narrative's headers: neither is taken for it
        workbook.create_sheet(title).append(["Insats", "Slag", "Text"])
    # An older workbook lacks the sheets added later: no problem for those.
    workbook.remove(workbook["Indikatorer"])
    workbook.remove(workbook["Historik mål"])
    workbook["Egna antal"].title = "tillfälligt"  # openpyxl refuses a rename that only changes case
    workbook["tillfälligt"].title = "EGNA ANTAL"
    workbook["Mål"].title = "Mål & mått 2022"
    goals = workbook["Mål & mått 2022"]
    goals["H1"] = " typ "  # a second Typ column, in other case, before the columns still to be found
    goals.insert_rows(5)  # an empty row inside the table: the rows below it are still read
    workbook["Efter avslut"].insert_rows(1, 19)  # the header row on row 20, the last row looked at
    workbook["Efter avslut"].delete_cols(5)  # Arbete/studier totalt: the count is then located at its women's cell
    workbook["Efter avslut"].merge_cells("AD21:AE21")  # two formula cells of Lyra's row
    workbook["Deltagare"].insert_rows(1, 20)  # the header row on row 21, one past
    workbook["Insatser"].delete_cols(7)  # Kostnad (tkr)
    # A total row switched on in Excel: a label and a SUBTOTAL formula in the table's last row, not a goal.
    goals.tables["Mal"].ref = "A1:K16"
    goals.tables["Mal"].totalsRowCount = 1
    goals["A16"] = "Summa"
    goals["E16"] = "=SUBTOTAL(109,E2:E15)"
    # A goal typed below the total row, outside Excel's table: the reader reads the sheet, so it is read.
    for column, value in zip("ABCDE", ("START", "Ett mål under summaraden.", "antal", "minst", 5), strict=True):
        goals[f"{column}17"] = value


@pytest.fixture(scope="module")
def layout_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference workbook with sheets and tables moved, renamed, merged and left out (see _layout)."""
    return _spoilt(tmp_path_factory.mktemp("layout"), {}, _layout)


LAYOUT_PROBLEMS: list[Seen] = [
    ("fel", "Insatser", "K1", "Kolumnen 'Kostnad (tkr)' saknas i tabellen Insatser (rubrikraden är rad 1)."),
    (
        "fel",
        "Deltagare",
        None,
        "Tabellen Deltagare hittades inte på bladet Deltagare: ingen rubrikrad med 'Insats' och de andra "
        "kolumnrubrikerna bland de första 20 raderna.",
    ),
    (
        "fel",
        "Efter avslut",
        "AD21",
        "Sammanfogade celler (AD21:AE21) går inte att läsa som data. Dela upp cellerna (Koppla isär) och skriv "
        "varje värde i sin egen cell.",
    ),
    (
        "fel",
        "Efter avslut",
        "AH20",
        "Kolumnen 'Arbete/studier totalt' saknas i tabellen EfterAvslut (rubrikraden är rad 20).",
    ),
    (
        "varning",
        "EGNA ANTAL",
        None,
        "Bladet 'Egna antal' finns inte, men uppgifterna hittades på bladet 'EGNA ANTAL' och lästes därifrån. Byt "
        "gärna tillbaka namnet till 'Egna antal'.",
    ),
    (
        "varning",
        "Mål & mått 2022",
        None,
        "Bladet 'Mål' finns inte, men uppgifterna hittades på bladet 'Mål & mått 2022' och lästes därifrån. Byt gärna "
        "tillbaka namnet till 'Mål'.",
    ),
    ("fel", "Mål & mått 2022", "H1", "Kolumnen 'Typ' finns två gånger; bara den första (C) läses."),
    (
        "fel",
        "Berättelse",
        None,
        "Bladet 'Berättelse' saknas i arbetsboken (bladen som finns: Instruktioner, Inställningar, Insatser, "
        "Deltagare, Efter avslut, Mål & mått 2022, EGNA ANTAL, Historik, Blad A, Blad B).",
    ),
]


def test_sheet_and_table_problems_in_full(layout_path: Path) -> None:
    """A missing column, sheet and table, merged cells, renamed sheets and a doubled column: each in full; the
    sheets an older workbook lacks (Indikatorer, Historik mål) are no problem."""
    result, _ = _read(layout_path)
    assert _seen(result) == LAYOUT_PROBLEMS


def test_tables_are_read_where_they_are_found(layout_path: Path, reference: FollowUp) -> None:
    """A header row on row 20, a renamed sheet and a table with a total row are read (and a goal below that row);
    a table not found leaves its counts unknown."""
    _, followup = _read(layout_path)
    below = Goal("Ett mål under summaraden.", "antal", "minst", Decimal(5))
    for read, expected in zip(followup.insatser, reference.insatser, strict=True):
        assert read.efter_avslut == expected.efter_avslut
        assert read.mal == expected.mal + ((below,) if read.namn == "START" else ())
        assert read.deltagare == type(read.deltagare)()
        assert (read.budget_tkr, read.kostnad_tkr) == (expected.budget_tkr, None)
    where = followup.insatser[0].efter_avslut.locations
    assert {key: (where[key].sheet, where[key].cell) for key in where if key.startswith("arbete_studier")} == {
        "arbete_studier": ("Efter avslut", "B21"),
        "arbete_studier.kvinnor": ("Efter avslut", "B21"),
        "arbete_studier.man": ("Efter avslut", "C21"),
        "arbete_studier.annat": ("Efter avslut", "D21"),
    }
    assert (where["annan_insats"].cell, where["annan_insats.totalt"].cell) == ("H21", "H21")
    where = followup.insatser[0].mal[0].locations["typ"]
    assert (where.sheet, where.cell) == ("Mål & mått 2022", "C2")


def _without_insatser(workbook: Workbook) -> None:
    workbook.remove(workbook["Insatser"])


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda workbook: workbook["Insatser"].delete_cols(1),
            ("fel", "Insatser", "K1", "Kolumnen 'Insats' saknas i tabellen Insatser (rubrikraden är rad 1)."),
        ),
        # Historik has Insatser's first header and two more, but a sheet of the workbook's own is never taken
        # for another.
        (
            _without_insatser,
            (
                "fel",
                "Insatser",
                None,
                "Bladet 'Insatser' saknas i arbetsboken (bladen som finns: Instruktioner, Inställningar, Deltagare, "
                "Efter avslut, Mål, Berättelse, Egna antal, Indikatorer, Historik, Historik mål).",
            ),
        ),
    ],
    ids=["no insats column", "no insatser sheet"],
)
def test_without_the_insatser_no_insats_is_known(
    tmp_path: Path, change: Callable[[Workbook], None], problem: Seen
) -> None:
    """Without Insatser's sheet or Insats column no insats is read, and rows elsewhere are not judged by name."""
    result, followup = _read(_spoilt(tmp_path, {}, change))
    assert _seen(result) == [problem]
    assert followup.insatser == ()


# -- files that are no follow-up workbook ----------------------------------------------------------------------
def _plain_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook made by openpyxl with the given sheets and rows (no follow-up layout unless given)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


_NO_FOLLOWUP = (
    "filen är ingen uppföljningsarbetsbok; den saknar bladen Inställningar, Insatser, Deltagare, Efter avslut, "
    "Mål, Berättelse. Skapa en arbetsbok med xlinsats import, eller ange rätt fil."
)
_REPORT = (
    "filen är en rapport som xlinsats har byggt, inte en uppföljningsarbetsbok. Ange arbetsboken som rapporten "
    "byggdes från (t.ex. Uppfoljning.xlsm)."
)


@pytest.mark.parametrize(
    ("sheets", "reason"),
    [
        ({"Budget 2023": [["Konto", "Belopp"]]}, _NO_FOLLOWUP),
        # "Insatser" alone is also a report sheet, so it does not make a follow-up workbook.
        ({"Insatser": [["Namn", "Kortnamn"]]}, _NO_FOLLOWUP),
        ({"Insatser": [], "Måluppfyllelse": [["Insats", "Mål", "Typ", "Riktning"]]}, _REPORT),
        ({"Deltagarflöden": []}, _REPORT),
        # Two of Insatser's headers without its first: too few to be the table.
        ({"Blad1": [["Kortnamn", "Insatsägare"]]}, _NO_FOLLOWUP),
    ],
    ids=[
        "another workbook",
        "only Insatser",
        "a report with its goal table",
        "a report's flow sheet",
        "two headers without the first",
    ],
)
def test_other_workbooks_are_refused_in_one_line(
    tmp_path: Path, sheets: dict[str, list[list[object]]], reason: str
) -> None:
    """A workbook without the follow-up's sheets is refused with one Swedish line, a report named as one."""
    path = _plain_workbook(tmp_path / "annan.xlsx", sheets)
    with pytest.raises(FileFormatError) as caught:
        read_workbook(path)
    assert str(caught.value) == f"{path}: {reason}"


@pytest.mark.parametrize(
    ("title", "rows"),
    [
        ("inställningar", []),
        ("BERÄTTELSE", []),
        ("Blad1", [["Insats", "Slag", "Text", "Källa"]]),  # a renamed Berättelse, found by its headers
        ("Blad1", [[None], ["Insats", "Kortnamn"]]),  # the first header and one more, below a blank row
        ("Blad1", [["Kortnamn", "Insatsägare", "Målgrupp"]]),  # three headers without the first
    ],
    ids=[
        "settings in lower case",
        "Berattelse in upper case",
        "narrative headers",
        "first and one more header on row 2",
        "three headers without the first",
    ],
)
def test_a_workbook_with_one_follow_up_sheet_is_read(tmp_path: Path, title: str, rows: list[list[object]]) -> None:
    """One follow-up sheet, by name in any case or by its table's headers, makes the file a follow-up workbook."""
    result = read_workbook(_plain_workbook(tmp_path / "del.xlsx", {title: rows}))
    assert result.followup is not None and result.has_errors
    assert result.followup.insatser == ()


# -- what openpyxl raises on a broken or hostile package -------------------------------------------------------
def _raised(make: Callable[[], None]) -> Exception:
    try:
        make()
    except Exception as exc:  # the exception itself is what the tests look at
        return exc
    raise AssertionError("nothing raised")


def _dtd_inside_value_error() -> None:
    try:
        raise DTDForbidden("lol", None, None)
    except DTDForbidden:
        raise ValueError("openpyxl could not parse the sheet")  # noqa: B904 - chained implicitly, as openpyxl does


def _dtd_as_cause_of_key_error() -> None:
    raise KeyError("xl/worksheets/sheet1.xml") from DTDForbidden("lol", None, None)


@pytest.mark.parametrize("make", [_dtd_inside_value_error, _dtd_as_cause_of_key_error], ids=["context", "cause"])
def test_xml_constructs_found_anywhere_in_the_chain_are_named(make: Callable[[], None], tmp_path: Path) -> None:
    """An XML bomb or DTD that openpyxl met, as the cause or the context of what it raised, is named as such."""
    path = tmp_path / "bomb.xlsx"
    error = _broken(path, _raised(make))
    assert isinstance(error, FileFormatError)
    assert str(error) == (
        f"{path}: filen innehåller otillåtna XML-konstruktioner (DTD eller entiteter, t.ex. en XML-bomb) och "
        "läses inte."
    )
    assert error.location == Location(file=str(path))


def test_a_broken_package_is_named_and_other_errors_pass_unchanged(tmp_path: Path) -> None:
    """What a broken package raises becomes one Swedish line naming the file; a programming error is not hidden."""
    path = tmp_path / "trasig.xlsx"
    error = _broken(path, _raised(lambda: int("x")))
    assert isinstance(error, FileFormatError)
    assert str(error) == f"{path}: filen är skadad och går inte att läsa som arbetsbok."
    assert error.location == Location(file=str(path))
    own = ArithmeticError("a bug, not a broken file")
    assert _broken(path, own) is own


def _rewritten(source: Path, path: Path, part: str, old: bytes, new: bytes) -> Path:
    """A copy of the package at ``source`` with the first ``old`` replaced by ``new`` in one part's XML."""
    with zipfile.ZipFile(source) as package:
        members = {name: package.read(name) for name in package.namelist()}
    assert old in members[part]
    members[part] = members[part].replace(old, new, 1)
    with zipfile.ZipFile(path, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


def test_numbers_in_exponent_form_are_read_or_refused(tmp_path: Path) -> None:
    """Numbers in exponent form in the sheet XML (Excel never writes them): too large for a float is refused, a
    whole float past the largest count is named without its ".0", a whole float amount or text reads as a whole
    number."""
    path = _spoilt(tmp_path, {("Insatser", "D2"): 12})
    for number, (part, old, new) in enumerate(
        (
            ("xl/worksheets/sheet3.xml", b"<v>2450</v>", b"<v>1E999</v>"),  # Lyra's budget
            ("xl/worksheets/sheet3.xml", b"<v>9166</v>", b"<v>9.5E3</v>"),  # MIA's cost
            ("xl/worksheets/sheet3.xml", b"<v>12</v>", b"<v>1.2E1</v>"),  # Lyra's target group, a text
            ("xl/worksheets/sheet4.xml", b"<v>19</v>", b"<v>1E999</v>"),  # Lyra, aktuella kvinnor
            ("xl/worksheets/sheet4.xml", b"<v>106</v>", b"<v>1.5E8</v>"),  # MIA, aktuella kvinnor
        )
    ):
        path = _rewritten(path, tmp_path / f"steg{number}.xlsx", part, old, new)
    result, followup = _read(path)
    assert _seen(result) == [
        ("fel", "Insatser", "F2", "Budgeten är inget ändligt tal."),
        (
            "fel",
            "Deltagare",
            "B2",
            "Antalet aktuella deltagare (kvinnor) ska vara ett heltal (antal personer), inte decimaltalet inf.",
        ),
        (
            "fel",
            "Deltagare",
            "B3",
            "Antalet aktuella deltagare (kvinnor) är orimligt stort (150000000); kontrollera värdet.",
        ),
    ]
    lyra, mia = followup.insatser[:2]
    assert (lyra.budget_tkr, lyra.deltagare.aktuella, mia.deltagare.aktuella) == (None, None, None)
    assert (str(mia.kostnad_tkr), lyra.malgrupp) == ("9500", "12")


def test_a_broken_relationships_part_is_named(tmp_path: Path) -> None:
    """A sheet's relationships part that is no XML makes the file broken, named in one line.

    The relationships are read first, for the merged ranges and the total rows."""
    built = save_built(_reference(), tmp_path / "hel.xlsx")
    with zipfile.ZipFile(built) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["xl/worksheets/_rels/sheet3.xml.rels"] = b"<Relationships"
    path = tmp_path / "trasig.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    with pytest.raises(FileFormatError) as caught:
        read_workbook(path)
    assert str(caught.value) == f"{path}: filen är skadad och går inte att läsa."
    assert caught.value.location == Location(file=str(path))
