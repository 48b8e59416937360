"""Test helpers for reading built .xlsm packages back: zip parts, relationships and VBA through oletools."""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl

with warnings.catch_warnings():
    # oletools 0.60 calls pyparsing's deprecated camelCase API at import; that is oletools', not ours.
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser

RIBBON_REL_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def sample_workbook() -> openpyxl.Workbook:
    """Return a small workbook with Swedish sheet titles, a formula and a sheet whose title clashes once folded."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Inställningar"
    ws["A1"] = "Förbund"
    ws["B1"] = "Samordningsförbundet Test"
    goals = wb.create_sheet("Mål")
    goals.append(["Mål", "Utfall", "Bedömning"])
    goals.append([0.4, 0.35, "=FULFILMENT(A2,B2)"])
    wb.create_sheet("Mal")
    return wb


@contextmanager
def loaded_with_vba(path: Path) -> Iterator[openpyxl.Workbook]:
    """Load ``path`` with keep_vba=True and close the archive openpyxl keeps, which it never closes itself.

    openpyxl keeps the VBA parts in a ZipFile written into a BytesIO; left open, the garbage collector may
    close the buffer first, and the ZipFile's finaliser then fails in whichever test happens to be running.
    """
    workbook = openpyxl.load_workbook(path, keep_vba=True)
    try:
        yield workbook
    finally:
        if workbook.vba_archive is not None:
            workbook.vba_archive.close()


def read_parts(path: Path) -> dict[str, bytes]:
    """Return every part of the zip package at ``path`` by name."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def package_relationships(path: Path) -> list[dict[str, str]]:
    """Return the package-level relationships (``_rels/.rels``) as attribute dictionaries."""
    rels = read_parts(path)["_rels/.rels"].decode("utf-8")
    return [dict(re.findall(r'(\w+)="([^"]*)"', rel)) for rel in re.findall(r"<Relationship\b[^>]*/>", rels)]


def main_content_type(path: Path) -> str:
    """Return the content type the package declares for xl/workbook.xml."""
    types = read_parts(path)["[Content_Types].xml"].decode("utf-8")
    match = re.search(r'<Override\b[^>]*PartName="/xl/workbook\.xml"[^>]*/>', types)
    assert match is not None
    found = re.search(r'ContentType="([^"]*)"', match.group(0))
    assert found is not None
    return found.group(1)


def vba_modules(path: Path) -> dict[str, str]:
    """Return every VBA module of the workbook as oletools reads it, by module name (no extension)."""
    parser = VBA_Parser(str(path))
    try:
        return {
            name.rsplit(".", 1)[0]: code if isinstance(code, str) else code.decode("cp1252")
            for (_, _, name, code) in parser.extract_macros()
        }
    finally:
        parser.close()


def split_header(source: str) -> tuple[list[str], str]:
    """Split a module source (stream or export form) into its Attribute lines and its code body."""
    lines = source.split("\r\n")
    if lines and lines[0].startswith("VERSION "):
        end = lines.index("END")
        lines = lines[end + 1 :]
    attributes: list[str] = []
    while lines and lines[0].startswith("Attribute VB_"):
        attributes.append(lines.pop(0))
    return attributes, "\r\n".join(lines)
