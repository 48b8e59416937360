"""The committed UDF wrapper sources equal what the pinned xlwings generates, so building never imports xlwings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import xlwings

from tests.conftest import REFERENCE_TOML, ROOT
from xlinsats.xlsm.udf_wrapper import generate_descriptions_module, generate_wrapper_module
from xlinsats.xlsm.vba_sources import (
    DESCRIPTIONS_MODULE,
    REGENERATE_COMMAND,
    WRAPPER_MODULE,
    generated_module,
    xlwings_dictionary_class,
    xlwings_package_dir,
    xlwings_standalone_module,
)


def test_committed_wrappers_equal_the_generator() -> None:
    """xlwings_udfs.bas is exactly what xlwings' generator writes for xlinsats.udfs today."""
    committed = generated_module(WRAPPER_MODULE).source
    assert committed == generate_wrapper_module(), (
        f"src/xlinsats/vba/{WRAPPER_MODULE}.bas is stale: {REGENERATE_COMMAND}"
    )


def test_committed_descriptions_equal_the_generator() -> None:
    """XlinsatsFunctionInfo.bas is exactly what the descriptions generator writes from xlinsats.udfs today."""
    committed = generated_module(DESCRIPTIONS_MODULE).source
    assert committed == generate_descriptions_module(), (
        f"src/xlinsats/vba/{DESCRIPTIONS_MODULE}.bas is stale: {REGENERATE_COMMAND}"
    )


def test_regeneration_command_finds_nothing_stale() -> None:
    """The regeneration command named in the messages runs and, with --check, reports the sources current."""
    script, *_ = REGENERATE_COMMAND.removeprefix("uv run python ").split()
    result = subprocess.run(
        [sys.executable, str(ROOT / script), "--check"], capture_output=True, text=True, check=False, timeout=120
    )
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


def test_xlwings_files_come_from_the_installed_package() -> None:
    """xlwings.bas and Dictionary.cls are found without importing xlwings, in the installed package, byte for byte."""
    folder = Path(xlwings.__file__).parent
    assert xlwings_package_dir() == folder
    assert xlwings_standalone_module().source.encode("utf-8") == (folder / "xlwings.bas").read_bytes()
    assert xlwings_dictionary_class().source.encode("utf-8") == (folder / "addin" / "Dictionary.cls").read_bytes()


def test_building_a_workbook_imports_neither_xlwings_nor_pandas(tmp_path: Path) -> None:
    """`xlinsats import` in a fresh interpreter writes the workbook without importing xlwings or pandas, nor
    pyOpenVBA (the standard project is the committed build) nor openpyxl (only the reader needs it)."""
    out = tmp_path / "Uppfoljning.xlsm"
    code = (
        "import json, sys\n"
        "from xlinsats.cli import main\n"
        f"code = main(['import', {str(REFERENCE_TOML)!r}, '-o', {str(out)!r}])\n"
        "heavy = ('xlwings', 'pandas', 'pyopenvba', 'openpyxl')\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m.split('.')[0] in heavy)]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    exit_code, imported = json.loads(result.stdout.splitlines()[-1])
    assert exit_code == 0 and out.exists()
    assert imported == []


def test_committed_project_equals_a_fresh_build() -> None:
    """The committed vbaProject.bin is byte for byte what pyOpenVBA builds now for the standard workbook, and
    its key is that workbook's: so using it changes nothing but the time."""
    from tools.regenerate_vba import standard_project

    key, fresh = standard_project()
    folder = ROOT / "src" / "xlinsats" / "vba"
    assert (folder / "vbaProject.key").read_text(encoding="ascii").strip() == key
    assert (folder / "vbaProject.bin").read_bytes() == fresh


def test_a_changed_input_builds_the_project_anew() -> None:
    """Other code names (or sources) than the committed build's are built with pyOpenVBA, not taken from it."""
    from xlinsats.xlsm.vba_project import build_vba_project
    from xlinsats.xlsm.vba_sources import project_modules

    committed = (ROOT / "src" / "xlinsats" / "vba" / "vbaProject.bin").read_bytes()
    built = build_vba_project(["BladEtt", "BladTva"], project_modules())
    assert built != committed and built.startswith(bytes.fromhex("d0cf11e0a1b11ae1"))  # a compound file
