"""Rewrite the generated VBA (UDF wrappers, function-wizard descriptions, the standard workbook's built project).

Needed after a change to xlinsats/udfs.py, to any VBA source, or to the workbook's sheets.

Run: uv run python tools/regenerate_vba.py   (add --check to only report whether they are current)
"""

from __future__ import annotations

import sys
from pathlib import Path

from xlinsats.xlsm.udf_wrapper import generate_descriptions_module, generate_wrapper_module
from xlinsats.xlsm.vba_sources import DESCRIPTIONS_MODULE, WRAPPER_MODULE

VBA_DIR = Path(__file__).resolve().parents[1] / "src" / "xlinsats" / "vba"


def generated_sources() -> dict[Path, str]:
    """Each generated source file with the text the pinned xlwings generator writes now (LF line ends)."""
    return {
        VBA_DIR / f"{WRAPPER_MODULE}.bas": generate_wrapper_module().replace("\r\n", "\n"),
        VBA_DIR / f"{DESCRIPTIONS_MODULE}.bas": generate_descriptions_module().replace("\r\n", "\n"),
    }


def standard_project() -> tuple[str, bytes]:
    """The key and the freshly built VBA project of the workbook ``xlinsats import`` writes."""
    from xlinsats.workbook.schema import SHEET_ORDER
    from xlinsats.xlsm.codenames import assign_code_names
    from xlinsats.xlsm.vba_project import build_fresh_vba_project, project_key
    from xlinsats.xlsm.vba_sources import project_modules

    modules = project_modules()
    names = assign_code_names(SHEET_ORDER, (module.name for module in modules))
    return project_key(names, modules), build_fresh_vba_project(names, modules)


def main(argv: list[str]) -> int:
    """Write the files (or, with --check, list the stale ones); return 1 when --check finds one stale."""
    check = "--check" in argv
    stale = []
    for path, text in generated_sources().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            # newline="" keeps the LF line ends on every system; the build turns them into CRLF.
            path.write_text(text, encoding="utf-8", newline="")
    key, project = standard_project()
    binaries = {VBA_DIR / "vbaProject.key": (key + "\n").encode("ascii"), VBA_DIR / "vbaProject.bin": project}
    for path, data in binaries.items():
        if path.exists() and path.read_bytes() == data:
            continue
        stale.append(path)
        if not check:
            path.write_bytes(data)
    for path in stale:
        print(f"{'stale' if check else 'written'}: {path.relative_to(VBA_DIR.parents[2])}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
