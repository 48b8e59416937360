"""The report as PDF: the Word document converted by LibreOffice (headless, own profile, time limit)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from xlinsats.atomic import write_atomic
from xlinsats.errors import XlinsatsError
from xlinsats.report.docx_writer import document_bytes
from xlinsats.report.model import ReportModel

#: Seconds LibreOffice may take for one report (100 insatser take well under a minute).
TIMEOUT_SECONDS = 300

# Where LibreOffice installs itself when it is not on PATH (Windows, macOS).
_KNOWN_PLACES = (
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "LibreOffice" / "program" / "soffice.exe",
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "LibreOffice" / "program" / "soffice.exe",
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
)

MISSING_LIBREOFFICE = (
    "PDF skapas med LibreOffice, som inte finns på den här datorn. Installera LibreOffice (gratis, "
    "https://www.libreoffice.org/download/) och kör kommandot igen, eller skriv rapporten som Word-dokument "
    "(-o Rapport.docx), öppna den i Word och välj Arkiv > Spara som > PDF."
)


class PdfError(XlinsatsError):
    """LibreOffice is missing, or did not convert the document."""


def find_soffice() -> str | None:
    """Return LibreOffice's ``soffice`` program: on PATH, else in its usual install folder; None when absent."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((str(place) for place in _KNOWN_PLACES if place.is_file()), None)


def convert_to_pdf(document: Path, out_dir: Path, soffice: str, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Convert a Word document to PDF in ``out_dir`` with LibreOffice, and return the PDF's path.

    A profile of its own in ``out_dir`` keeps a LibreOffice the user has open from blocking the conversion.

    Raises:
        PdfError: LibreOffice failed, timed out, or wrote no PDF.
    """
    profile = (out_dir / "libreoffice-profil").resolve().as_uri()
    command = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        str(document),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PdfError(
            f"LibreOffice blev inte klart med PDF:en inom {int(timeout)} sekunder; inget har skrivits."
        ) from exc
    except OSError as exc:
        raise PdfError(f"LibreOffice kunde inte startas ({exc.strerror or exc}); inget har skrivits.") from exc
    pdf = out_dir / f"{document.stem}.pdf"
    if done.returncode != 0 or not pdf.is_file():
        said = (done.stderr or done.stdout).strip().splitlines()
        reason = f" ({said[-1]})" if said else ""
        raise PdfError(f"LibreOffice kunde inte göra om rapporten till PDF{reason}; inget har skrivits.")
    return pdf


def write_pdf(model: ReportModel, path: Path, template: Path | None = None) -> None:
    """Write the report as PDF: the Word document in a temporary folder, converted, then moved into place.

    Raises:
        PdfError: LibreOffice is not installed (the message says how to get a PDF anyway), or failed.
        TemplateError: the template is not a .docx Word document.
    """
    soffice = find_soffice()
    if soffice is None:
        raise PdfError(MISSING_LIBREOFFICE)
    data = document_bytes(model, template)
    with tempfile.TemporaryDirectory(prefix="xlinsats-pdf-") as folder:
        document = Path(folder) / "Rapport.docx"
        document.write_bytes(data)
        pdf = convert_to_pdf(document, Path(folder), soffice)

        def write(tmp: Path) -> None:
            shutil.copyfile(pdf, tmp)

        write_atomic(path, write)
