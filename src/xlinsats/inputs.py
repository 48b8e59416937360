"""Reading a follow-up from any supported input file: an interchange file or a workbook."""

from __future__ import annotations

from pathlib import Path

from xlinsats.core.checks import ReadResult, check_followup
from xlinsats.errors import FileFormatError, Problem

WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")


def read_input(path: Path) -> ReadResult:
    """Read a follow-up from a workbook (.xlsm/.xlsx) or an interchange file (.toml/.json).

    Raises:
        FileFormatError: the file is missing, of an unsupported kind, or not readable as its kind.
    """
    suffix = path.suffix.lower()
    if not path.exists():
        raise FileFormatError(f"{path}: filen finns inte.")
    if path.is_dir():
        raise FileFormatError(f"{path}: är en mapp, inte en fil.")
    if suffix == ".xls":
        raise FileFormatError(
            f"{path}: filen är i det gamla formatet .xls. Öppna den i Excel och spara som "
            "Excel-arbetsbok med makron (.xlsm)."
        )
    if suffix in WORKBOOK_SUFFIXES:
        from xlinsats.workbook.reader import read_workbook

        return read_workbook(path)
    if suffix in (".toml", ".json"):
        from xlinsats.interchange import read_interchange

        return read_interchange(path)
    raise FileFormatError(f"{path}: okänd filtyp '{suffix}'; använd .xlsm, .xlsx, .toml eller .json.")


def read_and_check(path: Path) -> ReadResult:
    """Read a follow-up and add the cross-check warnings of the core to the reader's problems."""
    result = read_input(path)
    if result.followup is None:
        return result
    located = tuple(
        problem if problem.location is None or problem.location.file else _with_file(problem, str(path))
        for problem in check_followup(result.followup)
    )
    return ReadResult(result.followup, result.problems + located)


def _with_file(problem: Problem, file: str) -> Problem:
    assert problem.location is not None
    return Problem(problem.severity, problem.message, problem.location.with_file(file))
