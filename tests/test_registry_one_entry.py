"""Adding a built-in indicator is one entry: a copy of the source with one more entry in BUILTIN_INDICATORS
builds the workbook, reads it back, computes, grades, masks, exports and reports the new indicator.

The test edits a copy of ``src/xlinsats/core/indicators.py`` (nothing else) and runs the command line from that
copy in a fresh interpreter, so every module derives from the changed registry as it would after a real edit.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

#: The one entry added: a share of ended participants who went on to after-support.
ENTRY = """    Indicator(
        "efterstod_andel",
        "Andel avslutade till efterstöd",
        ("efterstod",),
        "avslutade",
        "Andel efterstöd",
    ),
"""

#: A follow-up whose goal uses the new indicator: 12 of 60 ended went to after-support (20 %), against at
#: least 25 % (5 points short: God); the second insats has 2 of 40 (5 %), below minsta_cell 3 when masked.
DATA = """
[forbund]
namn = "F"
ar = 2024

[[insats]]
namn = "A"
[insats.deltagare]
avslutade = { kvinnor = 30, man = 30 }
[insats.efter_avslut]
efterstod = { kvinnor = 6, man = 6 }
[[insats.mal]]
text = "Minst 25 % till efterstöd"
typ = "andel"
malvarde = 25
indikator = "efterstod_andel"

[[insats]]
namn = "B"
[insats.deltagare]
avslutade = 40
[insats.efter_avslut]
efterstod = 2
"""


def _source_with_entry(folder: Path) -> Path:
    """A copy of the package with ENTRY as the last built-in indicator; returns the folder to put on sys.path."""
    src = folder / "src"
    shutil.copytree(ROOT / "src" / "xlinsats", src / "xlinsats")
    registry = src / "xlinsats" / "core" / "indicators.py"
    text = registry.read_text(encoding="utf-8")
    start = text.index("BUILTIN_INDICATORS: tuple[Indicator, ...] = (")
    end = text.index("\n)\n", start)
    registry.write_text(text[: end + 1] + ENTRY + text[end + 1 :], encoding="utf-8")
    return src


def _run(src: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [sys.executable, "-m", "xlinsats.cli", *argv], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_one_registry_entry_reaches_every_layer(tmp_path: Path) -> None:
    """Workbook build and read-back, figures, grade, masking, export and report all know the new indicator."""
    src = _source_with_entry(tmp_path)
    data = tmp_path / "data.toml"
    data.write_text(DATA, encoding="utf-8")
    book = tmp_path / "Uppfoljning.xlsm"
    assert _run(src, "import", str(data), "-o", str(book)).returncode == 0

    # Read back from the workbook: the goal still names the new indicator (Mål shows its Swedish label).
    exported = tmp_path / "igen.toml"
    result = _run(src, "export", str(book), "-o", str(exported))
    assert result.returncode == 0, result.stderr
    assert 'indikator = "efterstod_andel"' in exported.read_text(encoding="utf-8")

    # Computed and graded: 12 of 60 is 20 %, 5 points short of 25 %: God on the default scale.
    result = _run(src, "figures", str(book))
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    a, b = figures["insatser"]
    assert a["andelar"]["efterstod_andel"] == 20
    assert b["andelar"]["efterstod_andel"] == 5
    assert (a["mal"][0]["utfall"], a["mal"][0]["bedomning"]) == (20, "God")

    # Masked: with minsta_cell 3, B's 2 of 40 is withheld in the export.
    masked = tmp_path / "maskerad.toml"
    masked.write_text(DATA.replace("ar = 2024\n", "ar = 2024\n\n[sekretess]\nminsta_cell = 3\n", 1), encoding="utf-8")
    result = _run(src, "figures", str(masked))
    figures = json.loads(result.stdout)
    assert figures["insatser"][1]["andelar"]["efterstod_andel"] is None
    assert "/insatser/1/andelar/efterstod_andel" in figures["sekretess"]["maskerade"]

    # Reported: the report states it with its counts, in Swedish.
    report = tmp_path / "rapport.docx"
    result = _run(src, "report", str(book), "-o", str(report))
    assert result.returncode == 0, result.stderr
    from docx import Document

    text = "\n".join(paragraph.text for paragraph in Document(str(report)).paragraphs)
    assert "Andel avslutade till efterstöd: 20\u00a0% (12 av 60)." in text
