"""`xlinsats setup`: the xlwings user configuration, the version check against a real workbook, macro advice."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import xlwings

from tests.xlsm_helpers import sample_workbook
from xlinsats.setup_windows import (
    find_xlwings_dll,
    has_internet_mark,
    merge_config,
    run_setup,
    workbook_xlwings_version,
    write_user_config,
)
from xlinsats.xlsm import save_xlsm


@pytest.fixture()
def workbook(tmp_path: Path) -> Path:
    """A workbook built by save_xlsm, with the installed xlwings' VBA."""
    path = tmp_path / "Uppfoljning.xlsm"
    save_xlsm(sample_workbook(), path)
    return path


@pytest.fixture()
def python(tmp_path: Path) -> Path:
    """A fake Windows virtual environment: Scripts/python.exe with xlwings' DLL one folder up, as uv lays it out."""
    executable = tmp_path / "venv" / "Scripts" / "python.exe"
    executable.parent.mkdir(parents=True)
    executable.write_bytes(b"")
    (tmp_path / "venv" / f"xlwings64-{xlwings.__version__}.dll").write_bytes(b"")
    return executable


def test_merge_config_sets_interpreter_and_keeps_other_settings() -> None:
    """An existing INTERPRETER_WIN is replaced; other settings stay as they were."""
    existing = '"LICENSE_KEY","abc"\n"INTERPRETER_WIN","C:\\old\\python.exe"\n'
    merged = merge_config(existing, "C:\\new\\python.exe")
    assert merged == '"LICENSE_KEY","abc"\n"INTERPRETER_WIN","C:\\new\\python.exe"\n'


def test_write_user_config_writes_ansi_crlf(tmp_path: Path) -> None:
    """The configuration goes to .xlwings/xlwings.conf in Windows-1252 with CRLF, as the VBA reads it."""
    path = write_user_config(tmp_path, "C:\\Users\\Åsa\\xlinsats\\.venv\\Scripts\\python.exe")
    assert path == tmp_path / ".xlwings" / "xlwings.conf"
    assert path.read_bytes() == '"INTERPRETER_WIN","C:\\Users\\Åsa\\xlinsats\\.venv\\Scripts\\python.exe"\r\n'.encode(
        "cp1252"
    )


def test_workbook_version_is_read_from_its_vba(workbook: Path, tmp_path: Path) -> None:
    """The xlwings version is read from the workbook's own VBA; a workbook without macros has none."""
    assert workbook_xlwings_version(workbook) == xlwings.__version__
    plain = tmp_path / "plain.xlsm"
    openpyxl.Workbook().save(plain)
    assert workbook_xlwings_version(plain) is None


def test_setup_on_windows_writes_config_and_reports_ready(workbook: Path, python: Path, tmp_path: Path) -> None:
    """On Windows, setup writes the configuration, finds the DLL, accepts the workbook and returns 0."""
    lines: list[str] = []
    home = tmp_path / "home"
    code = run_setup(workbook, home=home, executable=str(python), platform="win32", out=lines.append)
    assert code == 0, lines
    assert (home / ".xlwings" / "xlwings.conf").read_text(encoding="cp1252").startswith('"INTERPRETER_WIN"')
    assert any(line.startswith("Klart: arbetsbokens makron passar") for line in lines)
    assert "Avblockera" in lines[-1]


def test_setup_reports_a_version_mismatch(workbook: Path, python: Path, tmp_path: Path) -> None:
    """A workbook built for another xlwings version is named as such, and setup returns 1."""
    from pyopenvba import ExcelFile

    with ExcelFile(workbook) as book:
        source = book.get_module("xlwings")
        book.set_module("xlwings", source.replace(f'"{xlwings.__version__}"', '"0.30.0"'))
        book.save()
    lines: list[str] = []
    code = run_setup(workbook, home=tmp_path, executable=str(python), platform="win32", out=lines.append)
    assert code == 1
    assert any("byggd för xlwings 0.30.0" in line for line in lines)


def test_setup_reports_a_missing_dll(workbook: Path, tmp_path: Path) -> None:
    """Without xlwings' DLL beside Python, setup says so and returns 1."""
    executable = tmp_path / "bare" / "python.exe"
    executable.parent.mkdir()
    lines: list[str] = []
    assert run_setup(workbook, home=tmp_path, executable=str(executable), platform="win32", out=lines.append) == 1
    assert any("saknar sin DLL" in line for line in lines)
    assert find_xlwings_dll(executable, xlwings.__version__) is None


def test_internet_mark_is_detected(workbook: Path) -> None:
    """A Zone.Identifier with ZoneId=3 marks the file as downloaded.

    On NTFS this is an alternate data stream; on Linux the same path is an ordinary file beside the workbook,
    which is enough to prove the reading, not Windows' marking.
    """
    assert not has_internet_mark(workbook)
    Path(f"{workbook}:Zone.Identifier").write_text("[ZoneTransfer]\nZoneId=3\n", encoding="utf-8")
    assert has_internet_mark(workbook)
    lines: list[str] = []
    run_setup(workbook, platform="linux", out=lines.append)
    assert any("hämtad från internet" in line for line in lines)


def test_setup_elsewhere_writes_no_config(workbook: Path, tmp_path: Path) -> None:
    """Off Windows, setup writes nothing and only checks the workbook."""
    lines: list[str] = []
    assert run_setup(workbook, home=tmp_path, platform="linux", out=lines.append) == 0
    assert not (tmp_path / ".xlwings").exists()
