"""Default file names shared by the command line and the ribbon."""

from __future__ import annotations

from pathlib import Path


def default_report_path(workbook: Path) -> Path:
    """Return where the report goes by default: beside the workbook, as ``<name>-rapport.xlsx``."""
    return workbook.with_name(f"{workbook.stem}-rapport.xlsx")


def default_new_year_path(workbook: Path, year: int) -> Path:
    """Return where next year's workbook goes by default: beside the workbook, as ``Uppfoljning-<year>.xlsm``."""
    return workbook.with_name(f"Uppfoljning-{year}.xlsm")
