"""The workbook round trip: a follow-up written by build_workbook and read by read_workbook is unchanged."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from xlinsats.core.model import (
    Count,
    Flows,
    FollowUp,
    Goal,
    GradingScale,
    Insats,
    Outcomes,
    Privacy,
    Quote,
)
from xlinsats.interchange import followup_to_data

from .workbook_helpers import read, save_built


def _odd_followup() -> FollowUp:
    """A follow-up that uses every corner of the model the workbook must keep."""
    return FollowUp(
        forbund="=Förbund med formelliknande namn",
        ar=2024,
        bedomning=GradingScale(
            ("Fullt uppfyllt", "Delvis uppfyllt", "Knappt", "Inte uppfyllt"),
            (Decimal("2.5"), Decimal(10), Decimal(30)),
            "samsta",
        ),
        sekretess=Privacy(3),
        insatser=(
            Insats(
                namn="+Alfa",
                agare="-Kommunen",
                kortnamn="@A",
                budget_tkr=Decimal("1200.5"),
                kostnad_tkr=Decimal(1300),
                publicerad_bedomning="Knappt",
                framgangar=("=SUM(A1:A3)", "Vanlig text"),
                utmaningar=("En utmaning",),
                citat=(Quote("Ett citat", "En deltagare"), Quote("Utan källa", "")),
                deltagare=Flows(
                    aktuella=Count(5, 3, 0, totalt_angivet=10),
                    nya=Count.plain(4),
                    avslutade=None,
                ),
                efter_avslut=Outcomes(
                    arbete_studier=Count(1, 1, 1),
                    annan_insats=Count.plain(0),
                    ettars_svarande=Count.plain(7),
                    ettars_sjalvforsorjande=Count(2, 1, 0),
                    anstallda=Count.plain(3),
                    behallit_anstallning_12_man=Count.plain(2),
                    efterstod=Count(0, 0, 2),
                ),
                mal=(
                    Goal("Andel", "andel", "högst", Decimal("33.3"), "arbete_studier_andel", Decimal("12.5")),
                    Goal("Antal", "antal", "minst", Decimal(0), None, Decimal(4), "Knappt"),
                    Goal("Utan utfall", "andel", "minst", Decimal("0.5"), None, None),
                ),
            ),
            Insats(namn="Tom insats"),
        ),
    )


def test_reference_round_trips_exactly(reference: FollowUp, tmp_path: Path) -> None:
    """The 2022 reference data, written and read back, is equal to the data read from the TOML file."""
    result = read(save_built(reference, tmp_path / "ref.xlsx"))
    assert result.problems == ()
    assert result.followup == reference
    assert result.followup is not None
    assert followup_to_data(result.followup) == followup_to_data(reference)


def test_every_corner_of_the_model_round_trips(tmp_path: Path) -> None:
    """Plain and entered totals, absent counts, formula-like text, a 4-step scale and privacy survive a round trip."""
    followup = _odd_followup()
    result = read(save_built(followup, tmp_path / "odd.xlsx"))
    assert result.followup == followup
    assert [problem.describe() for problem in result.problems if problem.is_error] == []


def test_empty_followup_round_trips(tmp_path: Path) -> None:
    """A follow-up with no insatser still gives a workbook whose tables read back empty."""
    followup = FollowUp("Förbundet", 2023)
    result = read(save_built(followup, tmp_path / "empty.xlsx"))
    assert result.followup == followup
    assert result.problems == ()


def test_reading_never_changes_the_file(reference: FollowUp, tmp_path: Path) -> None:
    """read_workbook leaves the file byte for byte as it was."""
    path = save_built(reference, tmp_path / "ref.xlsx")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    read(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_locations_name_the_cells(reference: FollowUp, tmp_path: Path) -> None:
    """The reader sets locations so the core checks can name the right sheet and cell."""
    result = read(save_built(reference, tmp_path / "ref.xlsx"))
    assert result.followup is not None
    lyra = result.followup.insatser[0]
    assert (lyra.locations["namn"].sheet, lyra.locations["namn"].cell) == ("Insatser", "A2")
    assert lyra.locations["kostnad_tkr"].cell == "G2"
    assert (lyra.deltagare.locations["nya"].sheet, lyra.deltagare.locations["nya"].cell) == ("Deltagare", "I2")
    assert lyra.deltagare.locations["nya.kvinnor"].cell == "F2"
    assert lyra.efter_avslut.locations["annan_insats"].sheet == "Efter avslut"
    goal = result.followup.insatser[1].mal[0]
    assert (goal.locations["utfall"].sheet, goal.locations["utfall"].cell) == ("Mål", "G6")
    assert result.followup.locations["ar"].cell == "B4"


def test_macro_enabled_workbook_round_trips(reference: FollowUp, tmp_path: Path) -> None:
    """The .xlsm that save_xlsm makes from the built workbook reads back equal to the reference."""
    from xlinsats.workbook.writer import build_workbook
    from xlinsats.xlsm.package import save_xlsm

    path = tmp_path / "Uppfoljning.xlsm"
    save_xlsm(build_workbook(reference), path)
    result = read(path)
    assert result.problems == ()
    assert result.followup == reference
