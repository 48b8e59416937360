"""The committed workbook/Uppfoljning.xlsm is exactly what `xlinsats import` builds from the bundled example."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.conftest import REFERENCE_TOML, ROOT
from xlinsats.cli import main

COMMITTED = ROOT / "workbook" / "Uppfoljning.xlsm"
REBUILD = "uv run xlinsats import examples/uppfoljning-2022.toml -o workbook/Uppfoljning.xlsm --skriv-over"


def test_committed_workbook_equals_a_fresh_import(tmp_path: Path) -> None:
    """A fresh import of examples/uppfoljning-2022.toml gives the committed workbook byte for byte."""
    fresh = tmp_path / "Uppfoljning.xlsm"
    assert main(["import", str(REFERENCE_TOML), "-o", str(fresh)]) == 0
    assert COMMITTED.exists(), f"workbook/Uppfoljning.xlsm is missing; build it with: {REBUILD}"
    if fresh.read_bytes() != COMMITTED.read_bytes():
        with zipfile.ZipFile(fresh) as new, zipfile.ZipFile(COMMITTED) as old:
            differing = sorted(
                name
                for name in set(new.namelist()) | set(old.namelist())
                if name not in new.namelist() or name not in old.namelist() or new.read(name) != old.read(name)
            )
        raise AssertionError(f"workbook/Uppfoljning.xlsm is stale (parts differ: {differing}); rebuild: {REBUILD}")
