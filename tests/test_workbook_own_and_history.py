"""The workbook carries own counts, own indicators and earlier years: written, read back, exported unchanged."""

from __future__ import annotations

import tomllib
from pathlib import Path

import openpyxl

from tests.conftest import REFERENCE_TOML
from tests.test_own_indicators import OWN
from tests.workbook_helpers import edit, problems_at, save_built
from xlinsats.cli import main
from xlinsats.core.model import FollowUp
from xlinsats.interchange import followup_to_data, parse_interchange
from xlinsats.workbook.reader import read_workbook


def _own() -> FollowUp:
    result = parse_interchange(OWN, ".toml", "egna.toml")
    assert result.followup is not None
    return result.followup


def test_own_counts_and_indicators_round_trip_through_the_cli(tmp_path: Path) -> None:
    """import of the own-indicator file then export gives the same data: indicators, own counts and goals."""
    source = tmp_path / "egna.toml"
    source.write_text(OWN, encoding="utf-8")
    workbook = tmp_path / "Uppfoljning.xlsm"
    out = tmp_path / "ut.toml"
    assert main(["import", str(source), "-o", str(workbook)]) == 0
    assert main(["export", str(workbook), "-o", str(out)]) == 0
    exported = tomllib.loads(out.read_text(encoding="utf-8"))
    assert exported == followup_to_data(_own())
    assert exported["insats"][0]["egna_antal"]["positiv_losning"] == {"kvinnor": 100, "man": 79, "annat": 0}
    assert exported["indikator"][0]["namn"] == "genomstromning"


def test_goal_indicator_is_written_as_its_swedish_label(tmp_path: Path) -> None:
    """The Mål sheet shows labels, not code names; the label list on Indikatorer holds built-in and own labels."""
    path = save_built(_own(), tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(path)
    goals = book["Mål"]
    assert goals["F2"].value == "Avslutade av alla deltagare under året"
    assert goals["F4"].value == "Antal arbetsgivarkontakter"
    sheet = book["Indikatorer"]
    assert sheet["A2"].value == "genomstromning"
    assert sheet["C4"].value == "till_studier"
    assert sheet["F2"].value == "aktuella"  # the built-ins beside the own ones
    assert sheet["K9"].value == "Andel anställda som behållit anställningen i 12 månader"
    assert sheet["K10"].value == '=IF($B$2="","",""&$B$2)'
    assert book.defined_names["xlinsats_indikatorer"].attr_text.startswith("OFFSET('Indikatorer'!$K$2,")


def test_old_workbook_with_indicator_names_still_reads(tmp_path: Path) -> None:
    """A Mål cell holding a code name (as older workbooks wrote) is read as that indicator."""
    path = save_built(_own(), tmp_path / "a.xlsx")
    edit(path, lambda book: book["Mål"].__setitem__("F2", "genomstromning"))
    result = read_workbook(path)
    assert result.followup is not None
    assert result.followup.insatser[0].mal[0].indikator == "genomstromning"
    assert not [p for p in result.problems if p.severity == "fel"]


def test_broken_definition_is_named_by_sheet_and_cell(tmp_path: Path) -> None:
    """A built-in name, an indicator as numerator and a misspelt count are reported at their Indikatorer cells."""
    path = save_built(_own(), tmp_path / "a.xlsx")

    def spoil(book: openpyxl.Workbook) -> None:
        sheet = book["Indikatorer"]
        sheet["A3"] = "avslutade"
        sheet["C4"] = "genomstromning"
        sheet["D5"] = "enkat_svar"

    result = read_workbook(edit(path, spoil))
    assert any("inbyggda" in p.message and p.severity == "fel" for p in problems_at(result, "Indikatorer", "A3"))
    assert any("indikator, inte ett antal" in p.message for p in problems_at(result, "Indikatorer", "C4"))
    assert any("enkat_svar" in p.message and p.severity == "varning" for p in problems_at(result, "Indikatorer", "D5"))


def test_own_count_named_like_a_builtin_is_refused(tmp_path: Path) -> None:
    """An own count called 'avslutade' on Egna antal is an error at its Antal cell."""
    path = save_built(_own(), tmp_path / "a.xlsx")
    edit(path, lambda book: book["Egna antal"].__setitem__("B2", "avslutade"))
    result = read_workbook(path)
    assert any("inbyggt antal" in p.message for p in problems_at(result, "Egna antal", "B2"))


def test_new_year_twice_carries_the_history_into_the_workbook(tmp_path: Path) -> None:
    """import, new-year, new-year, export: 2022's Lyra figures (38 participants, 52.94 % to work or studies,
    81.96 % of the budget, God) and an empty 2023 are in the 2024 workbook's history."""
    first = tmp_path / "Uppfoljning.xlsm"
    second = tmp_path / "Uppfoljning-2023.xlsm"
    third = tmp_path / "Uppfoljning-2024.xlsm"
    out = tmp_path / "ut.toml"
    assert main(["import", str(REFERENCE_TOML), "-o", str(first)]) == 0
    assert main(["new-year", str(first), "-o", str(second)]) == 0
    assert main(["new-year", str(second), "-o", str(third)]) == 0
    assert main(["export", str(third), "-o", str(out)]) == 0
    exported = tomllib.loads(out.read_text(encoding="utf-8"))
    assert exported["forbund"]["ar"] == 2024
    lyra = exported["insats"][0]
    assert lyra["namn"] == "Lyra"
    earlier, last = lyra["historik"]
    assert earlier["ar"] == 2022
    assert (earlier["aktuella"], earlier["nya"], earlier["avslutade"]) == (38, 26, 17)
    assert earlier["andelar"]["arbete_studier_andel"] == 52.94
    assert earlier["budgetutnyttjande"] == 81.96
    assert earlier["bedomning"] == "God"
    assert earlier["mal"][0]["malvarde"] > 0
    assert last["ar"] == 2023
    assert "andelar" not in last and "aktuella" not in last
    book = openpyxl.load_workbook(third)
    assert book["Historik"]["A2"].value == "Lyra"
    assert book["Historik"]["B2"].value == 2022
