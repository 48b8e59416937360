"""One vocabulary for the three readers: every spelling of a choice is accepted by the file, the workbook and
the worksheet functions alike, and a refused value travels with its problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.workbook_helpers import edit, read
from xlinsats import udfs
from xlinsats.cli import main
from xlinsats.core.vocabulary import AGGREGATION, DIRECTION, GOAL_KIND, Choice
from xlinsats.interchange import parse_interchange

#: (choice, spelling typed by a user, what every reader must make of it); worked out from the rules by hand.
SPELLINGS = [
    (AGGREGATION, "sämsta", "samsta"),
    (AGGREGATION, " Samsta ", "samsta"),
    (AGGREGATION, "MEDIAN", "median"),
    (DIRECTION, "hogst", "högst"),
    (DIRECTION, "Högst", "högst"),
    (DIRECTION, "minst", "minst"),
    (GOAL_KIND, "Andel", "andel"),
    (GOAL_KIND, "antal ", "antal"),
]


@pytest.mark.parametrize(("choice", "typed", "meant"), SPELLINGS)
def test_every_spelling_has_one_meaning(choice: object, typed: str, meant: str) -> None:
    """The vocabulary maps each accepted spelling to its canonical value."""
    assert choice.parse(typed) == meant  # type: ignore[attr-defined]


@pytest.mark.parametrize("typed", ["sämst", "medel", "högsta", ""])
def test_unknown_spellings_are_refused(typed: str) -> None:
    """A near miss is not guessed."""
    assert AGGREGATION.parse(typed) is None and DIRECTION.parse(typed) is None


def _toml(aggregation: str, direction: str) -> str:
    return (
        f'[forbund]\nnamn = "F"\nar = 2022\n[bedomning]\nsammanvagning = "{aggregation}"\n'
        f'[[insats]]\nnamn = "A"\n[[insats.mal]]\ntext = "Högst 5"\ntyp = "antal"\nriktning = "{direction}"\n'
        "malvarde = 5\nutfall = 3\n"
    )


def test_interchange_accepts_sämsta_and_hogst() -> None:
    """The file reader accepts "sämsta" (formerly only the worksheet functions did) and "hogst"."""
    result = parse_interchange(_toml("sämsta", "hogst"), ".toml", "f.toml")
    assert result.problems == ()
    assert result.followup is not None
    assert result.followup.bedomning.aggregation == "samsta"
    assert result.followup.insatser[0].mal[0].riktning == "högst"


def test_interchange_problem_carries_the_value() -> None:
    """A refused aggregation is an error at its key that carries the value as written."""
    result = parse_interchange(_toml("medel", "minst"), ".toml", "f.toml")
    [problem] = result.problems
    assert problem.location is not None and problem.location.key == "bedomning.sammanvagning"
    assert problem.value == "medel"
    assert "'median' eller 'samsta'" in problem.message


def test_workbook_accepts_sämsta(tmp_path: Path) -> None:
    """The workbook reader accepts "sämsta" on Inställningar and carries a refused value in its problem."""
    source = tmp_path / "a.toml"
    source.write_text(_toml("median", "minst"), encoding="utf-8")
    book = tmp_path / "Uppfoljning.xlsm"
    assert main(["import", str(source), "-o", str(book)]) == 0
    plain = tmp_path / "Uppfoljning.xlsx"
    plain.write_bytes(book.read_bytes())

    def set_aggregation(value: str) -> None:
        def change(workbook: object) -> None:
            sheet = workbook["Inställningar"]  # type: ignore[index]
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value == "median":
                        cell.value = value

        edit(plain, change)

    set_aggregation("sämsta")
    result = read(plain)
    assert result.followup is not None and result.followup.bedomning.aggregation == "samsta"
    assert not result.problems
    plain.write_bytes(book.read_bytes())
    set_aggregation("medel")
    bad = [p for p in read(plain).problems if p.value == "medel"]
    assert len(bad) == 1 and bad[0].location is not None and bad[0].location.sheet == "Inställningar"


def test_worksheet_functions_accept_the_same_spellings() -> None:
    """FULFILMENT reads "hogst" and "Andel" as the file does; an unknown word gets the formula-quoted list."""
    assert udfs.FULFILMENT(0.4, 0.3, "Andel", "hogst") == "God"
    assert udfs.FULFILMENT(5, 3, "antal", "högsta") == 'Riktning ska vara "minst" eller "högst"'


@pytest.mark.parametrize(
    ("values", "quote", "expected"),
    [
        (("minst",), "'", "'minst'"),
        (("minst", "högst"), "'", "'minst' eller 'högst'"),
        (("antal", "andel", "kr"), "'", "'antal', 'andel' eller 'kr'"),
        (("a", "b", "c", "d"), '"', '"a", "b", "c" eller "d"'),
    ],
)
def test_allowed_values_read_as_swedish_prose(values: tuple[str, ...], quote: str, expected: str) -> None:
    """One value stands alone; two are joined by "eller"; more are listed with commas and "eller" before the last."""
    assert Choice("valet", values).allowed(quote) == expected
