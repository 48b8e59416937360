"""Every message a user sees is Swedish, says where (insats by number and name) and uses the report's numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from xlinsats.core.checks import check_followup
from xlinsats.core.model import Count, Flows, FollowUp, Goal, Insats, Outcomes
from xlinsats.errors import FileFormatError, Location, describe_key
from xlinsats.interchange import parse_interchange, read_interchange

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("key", "record", "described"),
    [
        ("insats[0].budget_tkr", "Lyra", "insats 1 (Lyra), nyckel budget_tkr"),
        ("insats[2].mal[1].malvarde", None, "insats 3, mål 2, nyckel malvarde"),
        (
            "insats[0].efter_avslut.arbete_studier.kvinnor",
            "UPIS",
            "insats 1 (UPIS), nyckel efter_avslut.arbete_studier.kvinnor",
        ),
        ("indikator[3].taljare", None, "indikator 4, nyckel taljare"),
        ("forbund.ar", None, "nyckel forbund.ar"),
    ],
)
def test_keys_are_counted_as_a_reader_counts(key: str, record: str | None, described: str) -> None:
    """Positions are one-based and the insats is named, not "insats[0]"."""
    assert describe_key(key, record) == described


def test_interchange_problems_name_the_insats() -> None:
    """A bad budget in the second insats is reported as "insats 2 (UPIS), nyckel budget_tkr"."""
    text = '[forbund]\nnamn = "F"\nar = 2022\n[[insats]]\nnamn = "Lyra"\n[[insats]]\nnamn = "UPIS"\nbudget_tkr = -5\n'
    [problem] = parse_interchange(text, ".toml", "data.toml").problems
    assert problem.describe() == (
        "Fel: data.toml, insats 2 (UPIS), nyckel budget_tkr: 'budget_tkr' får inte vara negativt (-5)."
    )


#: Broken TOML files, the line a reader is sent to, and the Swedish reason given (worked out by hand).
BROKEN_TOML = [
    ('[forbund]\nnamn = "F" ar = 2022\n', 2, "efter ett värde ska raden ta slut"),
    ('[forbund]\nnamn = "F\n', 2, "tecknet är inte tillåtet här"),
    ("[forbund]\nnamn = [1, 2\n", 2, "en lista [ ... ] stängs aldrig med ]"),
    ("[[insats]\nnamn = 'A'\n", 1, "en rubrik [[...]] saknar sitt avslutande ]]"),
    ("[forbund]\n[forbund]\n", 2, "samma tabell finns två gånger"),
    ("[forbund]\nar = 20 22\n", 2, "efter ett värde ska raden ta slut"),
    ("[forbund]\nnamn = Lyra\n", 2, "värdet går inte att läsa"),
    ("[forbund]\nnamn", 2, "efter ett namn ska det stå = och ett värde"),
]


@pytest.mark.parametrize(("text", "line", "reason"), BROKEN_TOML)
def test_broken_toml_is_explained_in_swedish_with_its_line(text: str, line: int, reason: str) -> None:
    """The parser's English never reaches the user; the message names the line, also at a broken end of file."""
    with pytest.raises(FileFormatError) as raised:
        parse_interchange(text, ".toml", "data.toml")
    message = str(raised.value)
    assert f"data.toml, rad {line}" in message
    assert reason in message
    for english in ("Expected", "Unclosed", "Invalid", "Cannot", "Illegal", "Unterminated", "document"):
        assert english not in message


def test_a_missing_file_is_explained_in_swedish(tmp_path: Path) -> None:
    """The operating system's reason is Swedish ("finns inte"), not "No such file or directory"."""
    with pytest.raises(FileFormatError) as raised:
        read_interchange(tmp_path / "saknas.toml")
    assert "filen eller mappen finns inte" in str(raised.value)
    assert "No such file" not in str(raised.value)


def _problems(insats: Insats) -> list[str]:
    return [problem.message for problem in check_followup(FollowUp("F", 2022, (insats,)))]


def test_check_messages_write_numbers_as_the_report_does() -> None:
    """Thousands get a non-breaking space and tkr its unit: "1 350 tkr", as in the report."""
    messages = _problems(Insats("Lyra", budget_tkr=Decimal(1250), kostnad_tkr=Decimal("1350.5")))
    assert messages == [f"Lyra: kostnaden 1{NBSP}350,5{NBSP}tkr är högre än budgeten 1{NBSP}250{NBSP}tkr."]


def test_check_messages_write_share_results_in_percent() -> None:
    """An entered share result that contradicts the data is quoted as "40 %" against the computed "53 %"."""
    goal = Goal("Minst 50 % till arbete", "andel", "minst", Decimal(50), "arbete_studier_andel", Decimal(40))
    insats = Insats(
        "Lyra",
        deltagare=Flows(avslutade=Count.plain(17)),
        efter_avslut=Outcomes(arbete_studier=Count.plain(9)),
        mal=(goal,),
    )
    [message] = [m for m in _problems(insats) if "angivet utfall" in m]
    assert f"angivet utfall 40{NBSP}% skiljer sig från det som beräknas ur uppgifterna (53{NBSP}%)" in message


def test_check_messages_write_large_counts_with_spaces() -> None:
    """Counts in messages follow the same style: 1 200 ended against 1 100 current."""
    insats = Insats("Lyra", deltagare=Flows(aktuella=Count.plain(1100), avslutade=Count.plain(1200)))
    [message] = _problems(insats)
    assert f"(1{NBSP}200)" in message and f"(1{NBSP}100)" in message


def test_a_location_with_a_record_keeps_it_when_the_file_is_added() -> None:
    """Adding the file name to a location keeps the insats name."""
    location = Location(key="insats[0].namn", record="Lyra").with_file("data.toml")
    assert location.describe() == "data.toml, insats 1 (Lyra), nyckel namn"
