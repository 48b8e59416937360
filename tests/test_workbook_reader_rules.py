"""The workbook reader's rules written out in full: each problem's severity, sheet, cell and whole Swedish message.

Each workbook here is the reference workbook built by the project's writer with cells changed as a user would
change them in Excel; the problems expected are worked out by hand from the rule, never produced by the reader.
Every limit has its case exactly at the limit (read without a problem) and one past it. The spoilt files are
prepared once per module (the writer and openpyxl only); each test reads its file itself, so a mutation run ties
every test to the reader functions it exercises (tools/mutation.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl.workbook.workbook import Workbook

from xlinsats.core.checks import ReadResult
from xlinsats.core.model import Count, FollowUp, GradingScale
from xlinsats.interchange import read_interchange
from xlinsats.workbook.reader import read_workbook

from .conftest import REFERENCE_TOML
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
    ("fel", "Insatser", "G3", "Kostnaden är orimligt stort (1000000000001); kontrollera värdet."),
    ("fel", "Insatser", "F5", "Budgeten är orimligt stort (2500000000000); kontrollera värdet."),
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
]


@pytest.fixture(scope="module")
def values_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference workbook with the bad and the boundary values of VALUE_CELLS."""
    return _spoilt(tmp_path_factory.mktemp("values"), VALUE_CELLS)


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
    "year 1900, no scale header": (
        {"B4": 1900, "B6": 1, "A9": "Steg"},
        [
            (
                "fel",
                "Inställningar",
                None,
                f"Bedömningsskalan saknas: ingen rubrikrad med 'Bedömning' och 'Högsta avvikelse'. {_NO_SCALE}",
            )
        ],
        "Samordningsförbundet HBS",
        1900,
        GradingScale(),
        1,
    ),
    "year 2200, a truth value as a step's name": (
        {"B4": 2200, "A11": True, "B5": "samsta"},
        [
            (
                "fel",
                "Inställningar",
                "A11",
                "Cellen innehåller ett sanningsvärde där namnet på bedömningssteget ska stå.",
            )
        ],
        "Samordningsförbundet HBS",
        2200,
        GradingScale(("God", "Ej godtagbart"), (Decimal(5),), "samsta"),
        None,
    ),
    "a scale without steps, an unknown aggregation": (
        {"A10": None, "A11": None, "A12": None, "B5": "medel"},
        [
            ("fel", "Inställningar", "B5", "Okänt värde 'medel' för sammanvägning; välj median eller samsta."),
            ("fel", "Inställningar", "A9", f"Bedömningsskalan har inga steg. {_NO_SCALE}"),
        ],
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
    "a missing bound": (
        {"B10": None, "B3": " HBS ", "B4": "2023"},
        [
            ("fel", "Inställningar", "B4", "Året ska vara ett heltal, men cellen innehåller texten '2023'."),
            (
                "fel",
                "Inställningar",
                "B10",
                "Gränsen saknas; varje steg utom det sista behöver en högsta avvikelse.",
            ),
        ],
        "HBS",
        0,
        GradingScale(),
        None,
    ),
}


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
