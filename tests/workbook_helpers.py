"""Helpers for the workbook tests: save a built workbook, edit a saved one, find problems by cell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

from xlinsats.core.checks import ReadResult
from xlinsats.core.model import FollowUp
from xlinsats.errors import Problem
from xlinsats.workbook.reader import read_workbook
from xlinsats.workbook.writer import build_workbook


def save_built(followup: FollowUp, path: Path) -> Path:
    """Build the workbook for ``followup`` without macros and write it as .xlsx (the reader takes both kinds)."""
    path.write_bytes(build_workbook(followup, macro_enabled=False).data)
    return path


def edit(path: Path, change: Callable[[Workbook], None]) -> Path:
    """Open a saved workbook, apply ``change`` and save it in place (as a user editing in Excel would)."""
    workbook = openpyxl.load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def problems_at(result: ReadResult, sheet: str, cell: str | None) -> list[Problem]:
    """The problems located at one sheet and cell."""
    return [
        problem
        for problem in result.problems
        if problem.location is not None and problem.location.sheet == sheet and problem.location.cell == cell
    ]


def read(path: Path) -> ReadResult:
    """Read the workbook, asserting that the reader never leaves the follow-up out."""
    result = read_workbook(path)
    assert result.followup is not None
    return result
