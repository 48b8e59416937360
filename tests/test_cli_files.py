"""The command line's files and arguments: formats chosen by extension, one overwrite rule, help and version."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import REFERENCE_TOML
from xlinsats.cli import main


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference data imported into a fresh workbook."""
    path = tmp_path_factory.mktemp("cli-files") / "Uppfoljning.xlsm"
    assert main(["import", str(REFERENCE_TOML), "-o", str(path)]) == 0
    return path


@pytest.mark.parametrize("name", ["rapport.odt", "rapport", "rapport.xlsm", "rapport.docx.txt"])
def test_report_refuses_an_extension_no_writer_makes(
    workbook: Path, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`report -o rapport.odt` (and the like) writes nothing and lists the extensions it does write."""
    out = tmp_path / name
    assert main(["report", str(workbook), "-o", str(out)]) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []
    err = capsys.readouterr().err
    assert "rapporten kan inte skrivas som" in err and ".xlsx (Excel-arbetsbok)" in err
    assert "Rapporten är skriven" not in capsys.readouterr().out


def test_figures_format_follows_the_extension(workbook: Path, tmp_path: Path) -> None:
    """-o fig.csv writes CSV and -o fig.json writes JSON without --format."""
    csv_out, json_out = tmp_path / "fig.csv", tmp_path / "fig.json"
    assert main(["figures", str(workbook), "-o", str(csv_out)]) == 0
    assert main(["figures", str(workbook), "-o", str(json_out)]) == 0
    assert csv_out.read_text(encoding="utf-8-sig").startswith("namn")
    assert json.loads(json_out.read_text(encoding="utf-8"))["ar"] == 2022


def test_figures_refuses_a_format_that_contradicts_the_extension(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--format csv -o fig.json` is refused, naming the file to use instead; nothing is written."""
    out = tmp_path / "fig.json"
    assert main(["figures", str(workbook), "--format", "csv", "-o", str(out)]) == 1
    assert not out.exists()
    assert "stämmer inte med filändelsen .json" in capsys.readouterr().err


def test_figures_refuses_an_unknown_extension(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o fig.txt without --format is refused; with --format it is written as asked."""
    out = tmp_path / "fig.txt"
    assert main(["figures", str(workbook), "-o", str(out)]) == 1
    assert "okänd filändelse '.txt'" in capsys.readouterr().err
    assert main(["figures", str(workbook), "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["ar"] == 2022


def test_export_follows_the_overwrite_rule(workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """export, like import and new-year, replaces an existing file only with --skriv-over."""
    out = tmp_path / "data.toml"
    out.write_text("# mitt eget\n", encoding="utf-8")
    assert main(["export", str(workbook), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "# mitt eget\n"
    assert "--skriv-over" in capsys.readouterr().err
    assert main(["export", str(workbook), "-o", str(out), "--skriv-over"]) == 0
    assert out.read_text(encoding="utf-8").startswith("[forbund]")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`xlinsats --version` prints the package version and exits 0."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == "xlinsats 0.1.0"


def test_an_unknown_option_shows_the_subcommands_usage(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`check WORKBOOK --verbose` names the unknown option under check's own usage, exit code 2."""
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(workbook), "--verbose"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("användning: xlinsats check")
    assert "okända argument: --verbose" in err


@pytest.mark.parametrize("command", ["export", "check", "figures", "report", "new-year"])
def test_help_describes_the_input_argument(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Each command's help says that the input may be a workbook or a .toml/.json file."""
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "(.xlsm eller .xlsx) eller utbytesfil (.toml eller .json)" in out


def test_check_on_the_report_says_so_in_one_line(
    workbook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`check` and `report` on the report file answer with one line that names it a report."""
    report = tmp_path / "Uppfoljning-rapport.xlsx"
    assert main(["report", str(workbook), "-o", str(report)]) == 0
    capsys.readouterr()
    for command in (["check", str(report)], ["report", str(report), "-o", str(tmp_path / "igen.xlsx")]):
        assert main(command) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1, err
        assert "är en rapport som xlinsats har byggt" in err[0]


def test_check_on_another_workbook_says_so_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A workbook that is no follow-up workbook is one line naming the sheets it lacks."""
    other = tmp_path / "budget.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Budget 2023"  # type: ignore[union-attr]
    book.save(other)
    assert main(["check", str(other)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "är ingen uppföljningsarbetsbok" in err[0] and "Inställningar" in err[0]


def test_figures_csv_opens_as_swedish_excel_reads_it(workbook: Path, tmp_path: Path) -> None:
    """The CSV file starts with a UTF-8 byte-order mark, splits on ";", has decimal commas and whole counts,
    and keeps Swedish letters: what a double-click in Swedish Excel needs (values worked out by hand)."""
    out = tmp_path / "nyckeltal.csv"
    assert main(["figures", str(workbook), "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = [line.split(";") for line in raw.decode("utf-8-sig").splitlines()]
    header = rows[0]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_name["Lyra"]["budgetutnyttjande"] == "82,0"  # 2 008 of 2 450 tkr
    assert by_name["Lyra"]["arbete_studier_andel"] == "52,9"  # 9 of 17
    assert by_name["Lyra"]["avslutade_totalt"] == "17"
    assert any("å" in name or "ä" in name or "ö" in name for name in by_name) or "Unga på väg" in raw.decode(
        "utf-8-sig"
    )
    assert "Ã" not in raw.decode("utf-8-sig")
