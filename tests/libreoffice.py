"""LibreOffice for tests: find the tools (skipped locally when missing, required under CI=true) and convert files."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

_PACKAGES = {"soffice": "soffice (LibreOffice)", "pdftotext": "pdftotext (poppler-utils)"}


def require(*tools: str) -> tuple[str, ...]:
    """Return the paths of ``tools`` ("soffice", "pdftotext"); skip the test without them, fail under CI=true."""
    found = tuple(shutil.which(tool) for tool in tools)
    missing = [_PACKAGES.get(tool, tool) for tool, path in zip(tools, found, strict=True) if path is None]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{', '.join(missing)} is required under CI=true; .ci/run installs it")
        pytest.skip(f"{', '.join(missing)} is not installed; this test needs it (required under CI=true)")
    return tuple(path for path in found if path is not None)


def convert(source: Path, kind: str, out_dir: Path) -> Path:
    """Let LibreOffice open ``source`` headless and save it as ``kind`` ("pdf", "ods", "xlsx", "xls") in out_dir.

    A private profile keeps a running LibreOffice or a parallel test from blocking the conversion.
    """
    (soffice,) = require("soffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = (out_dir / ".lo-profile").resolve().as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            kind,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = out_dir / f"{source.stem}.{kind}"
    assert result.exists(), f"LibreOffice wrote no {kind} for {source.name}"
    return result


def pdf_text(pdf: Path, *, layout: bool = False) -> str:
    """Return the text of a PDF as pdftotext reads it (pages separated by form feeds)."""
    (pdftotext,) = require("pdftotext")
    command = [pdftotext, *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout
