"""Rewrite the generated VBA sources (UDF wrappers, function-wizard descriptions) after xlinsats/udfs.py changed.

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
    for path in stale:
        print(f"{'stale' if check else 'written'}: {path.relative_to(VBA_DIR.parents[2])}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
