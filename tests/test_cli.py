"""The commands end to end on real files: import, export, check, figures, new-year; exit codes and messages."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import REFERENCE_TOML
from xlinsats.cli import main


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference data imported into a fresh workbook."""
    path = tmp_path_factory.mktemp("cli") / "Uppfoljning.xlsm"
    assert main(["import", str(REFERENCE_TOML), "-o", str(path)]) == 0
    return path


def test_import_then_export_gives_the_same_data(workbook: Path, tmp_path: Path) -> None:
    """TOML → workbook → TOML and → JSON reproduce the reference data, and export leaves the workbook unchanged."""
    before = _digest(workbook)
    reference = tomllib.loads(REFERENCE_TOML.read_text("utf-8").replace('"hogst"', '"högst"'))
    for suffix in (".toml", ".json"):
        out = tmp_path / f"ut{suffix}"
        assert main(["export", str(workbook), "-o", str(out)]) == 0
        text = out.read_text("utf-8")
        assert (json.loads(text) if suffix == ".json" else tomllib.loads(text)) == reference
    assert _digest(workbook) == before


def test_check_on_sound_data_exits_zero(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The reference workbook has no problems."""
    assert main(["check", str(workbook)]) == 0
    assert "inga problem hittades" in capsys.readouterr().out


def test_check_lists_errors_and_warnings_with_cells(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A negative count is an error (exit 1) and a cost above budget a warning, each named by sheet and cell."""
    broken = tmp_path / "trasig.xlsx"
    wb = openpyxl.load_workbook(workbook)
    flows = wb["Deltagare"]
    headers = [cell.value for cell in flows[1]]
    column = headers.index("Nya kvinnor") + 1
    flows.cell(row=2, column=column, value=-3)
    insatser = wb["Insatser"]
    headers = [cell.value for cell in insatser[1]]
    cost = headers.index("Kostnad (tkr)") + 1
    insatser.cell(row=3, column=cost, value=99999)
    wb.save(broken)
    before = _digest(broken)
    assert main(["check", str(broken)]) == 1
    err = capsys.readouterr().err
    letter = openpyxl.utils.get_column_letter(column)
    assert f"Fel: {broken}, blad Deltagare, cell {letter}2" in err
    assert "högre än budgeten" in err and f"cell {openpyxl.utils.get_column_letter(cost)}3" in err
    assert _digest(broken) == before


def test_figures_to_stdout_and_file(workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """figures prints JSON by default, writes CSV to a file with -o, and computes from the workbook's counts."""
    assert main(["figures", str(workbook)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["insatser"][1]["budgetutnyttjande"] == 9166 / 9500 * 100
    out = tmp_path / "nyckeltal.csv"
    assert main(["figures", str(workbook), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text("utf-8-sig").splitlines()[-1].startswith("TOTALT;")


def test_unusable_input_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An interchange file with errors gives exit 1, the located messages, and no workbook."""
    bad = tmp_path / "fel.toml"
    bad.write_text('[forbund]\nnamn = "F"\nar = "tjugo"\n', "utf-8")
    out = tmp_path / "bok.xlsm"
    assert main(["import", str(bad), "-o", str(out)]) == 1
    assert "nyckel forbund.ar" in capsys.readouterr().err
    assert not out.exists()


def test_wrong_command_line_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing argument is a usage error with a Swedish message."""
    with pytest.raises(SystemExit) as info:
        main(["report"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "fel i kommandot: följande argument saknas: ARBETSBOK" in err and err.startswith("användning: ")


def test_missing_and_foreign_files_are_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file, a .xls name and an unknown suffix each get a Swedish message and exit 1."""
    (tmp_path / "gammal.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "data.csv").write_text("a,b")
    for name, message in (("saknas.xlsm", "finns inte"), ("gammal.xls", ".xls"), ("data.csv", "okänd filtyp")):
        assert main(["check", str(tmp_path / name)]) == 1
        assert message in capsys.readouterr().err


def test_new_year_keeps_insatser_and_goals_and_empties_counts(workbook: Path, tmp_path: Path) -> None:
    """new-year writes next year's workbook: same insatser and goal texts, no counts, year + 1."""
    out = tmp_path / "Uppfoljning-2023.xlsm"
    assert main(["new-year", str(workbook), "-o", str(out)]) == 0
    data_file = tmp_path / "2023.toml"
    assert main(["export", str(out), "-o", str(data_file)]) == 0
    data = tomllib.loads(data_file.read_text("utf-8"))
    assert data["forbund"]["ar"] == 2023
    assert [i["namn"] for i in data["insats"]] == ["Lyra", "MIA", "START", "Unga på väg i Salem (UPIS)"]
    assert all("deltagare" not in i and "budget_tkr" not in i for i in data["insats"])
    assert all("utfall" not in goal for i in data["insats"] for goal in i["mal"])


def test_import_and_new_year_never_replace_a_workbook_silently(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing target is refused (exit 1, file unchanged) unless --skriv-over is given."""
    target = tmp_path / "befintlig.xlsm"
    target.write_bytes(b"a year of work")
    assert main(["import", str(REFERENCE_TOML), "-o", str(target)]) == 1
    assert main(["new-year", str(workbook), "-o", str(target)]) == 1
    assert "finns redan" in capsys.readouterr().err
    assert target.read_bytes() == b"a year of work"
    assert main(["import", str(REFERENCE_TOML), "-o", str(target), "--skriv-over"]) == 0
    assert target.read_bytes().startswith(b"PK")


def test_setup_checks_the_workbook_version(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """setup on this (non-Windows) machine checks the workbook's xlwings version and explains blocked macros."""
    assert main(["setup", str(workbook)]) == 0
    out = capsys.readouterr().out
    assert "passar xlwings" in out and "Avblockera" in out


def test_report_is_written_beside_the_workbook_and_leaves_it_unchanged(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """report writes <name>-rapport.xlsx beside the workbook, says where, and never changes the input."""
    before = _digest(workbook)
    assert main(["report", str(workbook)]) == 0
    out = workbook.with_name("Uppfoljning-rapport.xlsx")
    assert f"Rapporten är skriven: {out}" in capsys.readouterr().out
    assert {ws.title for ws in openpyxl.load_workbook(out)} >= {"Måluppfyllelse", "Deltagarflöden"}
    assert _digest(workbook) == before
    assert main(["report", str(workbook), "-o", str(workbook)]) == 1
    assert "indatafilen" in capsys.readouterr().err
    assert _digest(workbook) == before


@pytest.mark.parametrize(
    ("edits", "summary", "code"),
    [
        # Two costs above budget (START 2 001 of 2 000, UPIS 1 501 of 1 500): 0 errors, 2 warnings, exit 0.
        ({"kostnad_tkr = 2000": "kostnad_tkr = 2001", "kostnad_tkr = 1464": "kostnad_tkr = 1501"}, "0 fel och 2", 0),
        # The same two warnings and a negative budget (an error of the reader): 1 error, 2 warnings, exit 1.
        (
            {
                "kostnad_tkr = 2000": "kostnad_tkr = 2001",
                "kostnad_tkr = 1464": "kostnad_tkr = 1501",
                "budget_tkr = 2450": "budget_tkr = -1",
            },
            "1 fel och 2",
            1,
        ),
    ],
)
def test_check_summary_counts_errors_and_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edits: dict[str, str], summary: str, code: int
) -> None:
    """The last line of check counts the errors and the warnings exactly, e.g. "0 fel och 2 varningar."."""
    text = REFERENCE_TOML.read_text("utf-8")
    for old, new in edits.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    data = tmp_path / "data.toml"
    data.write_text(text, "utf-8")
    assert main(["check", str(data)]) == code
    assert capsys.readouterr().out.splitlines()[-1] == f"{data}: {summary} varningar."
