"""Every way xlinsats writes an .xlsm leaves a complete macro-enabled workbook: checked by reading each back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REFERENCE_TOML, ROOT
from tests.xlsm_helpers import MACRO_MAIN, RIBBON_REL_TYPE, main_content_type, package_relationships, vba_modules
from xlinsats.cli import main
from xlinsats.opc import RIBBON_PART
from xlinsats.xlsm.vba_sources import project_modules

#: The only modules allowed to call a save method: the .xlsm packager, the report writer, which writes .xlsx
#: (no VBA, no ribbon) into a buffer, and the VBA project builder, which saves a throw-away skeleton package.
# report/docx_writer.py saves a Word document with python-docx, not a workbook with openpyxl.
ALLOWED_SAVERS = {"xlsm/package.py", "report/xlsx_writer.py", "xlsm/vba_project.py", "report/docx_writer.py"}


def _assert_complete(path: Path) -> None:
    """The package has the macro-enabled type, the ribbon relationship and every VBA module."""
    assert main_content_type(path) == MACRO_MAIN
    assert [r["Target"] for r in package_relationships(path) if r["Type"] == RIBBON_REL_TYPE] == [RIBBON_PART]
    modules = vba_modules(path)
    for module in project_modules():
        assert module.name in modules


def test_import_command_writes_complete_workbook(tmp_path: Path) -> None:
    """`xlinsats import` writes a complete .xlsm."""
    out = tmp_path / "Uppfoljning.xlsm"
    assert main(["import", str(REFERENCE_TOML), "-o", str(out)]) == 0
    _assert_complete(out)


def test_new_year_command_writes_complete_workbook(tmp_path: Path) -> None:
    """`xlinsats new-year` writes a complete .xlsm for the next year."""
    source = tmp_path / "Uppfoljning.xlsm"
    assert main(["import", str(REFERENCE_TOML), "-o", str(source)]) == 0
    out = tmp_path / "Uppfoljning-2023.xlsm"
    assert main(["new-year", str(source), "-o", str(out)]) == 0
    _assert_complete(out)


@pytest.mark.parametrize("path", sorted((ROOT / "src" / "xlinsats").rglob("*.py")), ids=lambda p: p.name)
def test_no_unguarded_openpyxl_save(path: Path) -> None:
    """No module but the packager and the .xlsx report writer calls openpyxl's save, which drops the ribbon."""
    relative = path.relative_to(ROOT / "src" / "xlinsats").as_posix()
    if relative in ALLOWED_SAVERS:
        return
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"\.save\(", source), f"{relative} saves a workbook directly; use xlinsats.xlsm.save_xlsm"
