"""Saving a complete macro-enabled workbook: sheets from openpyxl, VBA project, ribbon, reproducible bytes."""

from __future__ import annotations

import gc
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

# openpyxl writes different (equally valid) XML with lxml; the stdlib writer keeps builds byte-identical.
# This only helps when openpyxl is not imported yet; tests assert the stdlib writer is the one in use.
os.environ.setdefault("OPENPYXL_LXML", "False")

import openpyxl
from pyopenvba import ExcelFile, VBAModuleKind

from xlinsats.atomic import write_bytes_atomic
from xlinsats.errors import BuildError
from xlinsats.xlsm.codenames import WORKBOOK_CODE_NAME, assign_code_names, write_code_names
from xlinsats.xlsm.opc import CONTENT_TYPES, finalize_parts
from xlinsats.xlsm.vba_sources import VbaModule, project_modules, ribbon_xml, this_workbook_body

_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_VBA_REL_TYPE = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_VBA_CONTENT = "application/vnd.ms-office.vbaProject"
_VBA_PART = re.compile(r"^xl/vbaProject(Signature\w*)?\.bin$")


def _check_suffix(path: Path) -> None:
    if path.suffix.lower() != ".xlsm":
        raise BuildError(f"{path}: en arbetsbok med makron måste ha filändelsen .xlsm.")


def save_xlsm(workbook: openpyxl.Workbook, dest: Path) -> None:
    """Save an openpyxl workbook as a complete macro-enabled workbook, atomically and reproducibly.

    The workbook and every sheet get code names derived from the sheet titles (the workbook object is
    updated too); the VBA project (xlwings' standalone module and class, the UDF wrappers, the ribbon
    callbacks) is built from the sources; the ribbon is added; dates and zip times are pinned, so the same
    workbook gives the same bytes. A VBA project the workbook carries from ``load_workbook(keep_vba=True)``
    is replaced by a fresh one. ``dest`` is replaced only once the new file is complete.

    Args:
        workbook: the workbook to save; it is not otherwise changed.
        dest: the .xlsm file to write.

    Raises:
        BuildError: ``dest`` is not an .xlsm path, or the package could not be built.
    """
    dest = Path(dest)
    _check_suffix(dest)
    modules = project_modules()
    # openpyxl keeps worksheets and chartsheets together, in tab order, only in _sheets.
    sheets = workbook._sheets
    workbook.code_name = WORKBOOK_CODE_NAME
    for sheet, code_name in zip(
        sheets, assign_code_names([sheet.title for sheet in sheets], (m.name for m in modules)), strict=True
    ):
        sheet.sheet_properties.codeName = code_name
    buffer = io.BytesIO()
    carried = workbook.vba_archive
    workbook.vba_archive = None  # the project is always rebuilt from the sources, never carried over
    try:
        workbook.save(buffer)
    finally:
        workbook.vba_archive = carried
    # A big workbook object is no longer needed once saved; let it go before the package is rebuilt, so the
    # two never occupy memory together (the caller may still hold it, which only costs that saving).
    del workbook, sheets, carried
    gc.collect()
    data = buffer.getvalue()
    del buffer
    write_bytes_atomic(dest, complete_package(data, modules))


def finalize_xlsm(path: Path) -> None:
    """Make an .xlsm that openpyxl (or anything else) wrote into a complete macro-enabled workbook again.

    openpyxl drops the ribbon's relationship and writes the .xlsx content type on every save, and a sheet it
    adds has no document module; this rebuilds the VBA project from the sources, restores the ribbon and the
    content type, and pins dates and zip times. Sheets, formulas and everything else in the package are kept
    as they are. The file is replaced atomically.

    Raises:
        BuildError: ``path`` is not an .xlsm workbook package.
    """
    path = Path(path)
    _check_suffix(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BuildError(f"{path}: filen gick inte att läsa: {exc}") from exc
    write_bytes_atomic(path, complete_package(data, project_modules()))


def _read_parts(data: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            return {info.filename: source.read(info) for info in source.infolist() if not info.is_dir()}
    except zipfile.BadZipFile as exc:
        raise BuildError(f"Arbetsboken är inget giltigt zip-paket: {exc}") from exc


def _zip_parts(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def _strip_vba_project(parts: dict[str, bytes]) -> None:
    """Remove a VBA project (and its signatures) from the package parts, with its relationship and types."""
    for name in [name for name in parts if _VBA_PART.match(name)]:
        del parts[name]
    parts.pop("xl/_rels/vbaProject.bin.rels", None)
    if _WORKBOOK_RELS in parts:
        rels = parts[_WORKBOOK_RELS].decode("utf-8")
        rels = re.sub(r'<Relationship\b[^>]*Type="' + re.escape(_VBA_REL_TYPE) + r'"[^>]*/>', "", rels)
        parts[_WORKBOOK_RELS] = rels.encode("utf-8")
    types = parts[CONTENT_TYPES].decode("utf-8")
    types = re.sub(r'<Default\b[^>]*ContentType="' + re.escape(_VBA_CONTENT) + r'"[^>]*/>', "", types)
    types = re.sub(r'<Override\b[^>]*PartName="/xl/vbaProject[^"]*"[^>]*/>', "", types)
    parts[CONTENT_TYPES] = types.encode("utf-8")


def complete_package(data: bytes, modules: Sequence[VbaModule]) -> bytes:
    """Return the workbook package ``data`` with code names, a fresh VBA project, the ribbon and stable bytes.

    Raises:
        BuildError: the package is not a workbook, or the VBA project could not be written.
    """
    parts = _read_parts(data)
    for required in (CONTENT_TYPES, "xl/workbook.xml", _WORKBOOK_RELS):
        if required not in parts:
            raise BuildError(f"Arbetsboken saknar delen {required}.")
    _strip_vba_project(parts)
    try:
        write_code_names(parts, (module.name for module in modules))
    except (KeyError, ValueError) as exc:
        raise BuildError(f"Arbetsbokens blad gick inte att ge kodnamn: {exc}") from exc
    # pyOpenVBA reads every part but changes no worksheet; it gets light stand-ins for the sheets (their code
    # names are all it needs), and the real sheets are put back afterwards. This keeps memory low for big books.
    sheets = {name: content for name, content in parts.items() if _WORKSHEET_PART.match(name)}
    light = {name: _sheet_stand_in(sheets[name]) if name in sheets else content for name, content in parts.items()}
    with tempfile.TemporaryDirectory(prefix="xlinsats-vba-") as folder:
        work = Path(folder) / "arbetsbok.xlsm"
        work.write_bytes(_zip_parts(light))
        del light
        try:
            with ExcelFile(work) as book:
                project = book.add_vba_project()
                for module in modules:
                    kind = VBAModuleKind.other if module.is_class else VBAModuleKind.standard
                    project.add_module(module.name, module.source, kind=kind)
                body = this_workbook_body()
                if body:
                    book.set_module(WORKBOOK_CODE_NAME, body)
                book.save()
        except BuildError:
            raise
        except Exception as exc:  # pyOpenVBA raises its own and built-in errors; all mean the same here
            raise BuildError(f"VBA-projektet gick inte att skriva: {exc}") from exc
        built = _read_parts(work.read_bytes())
    built.update(sheets)
    return finalize_parts(built, ribbon_xml())


_WORKSHEET_PART = re.compile(r"xl/worksheets/sheet\d+\.xml\Z")
_CODE_NAME = re.compile(rb'<sheetPr\b[^>]*?\bcodeName="([^"]*)"')


def _sheet_stand_in(sheet_xml: bytes) -> bytes:
    """Return a minimal worksheet with the same code name: what pyOpenVBA needs to make the document module."""
    found = _CODE_NAME.search(sheet_xml[:4096])
    code_name = b'<sheetPr codeName="' + found[1] + b'"/>' if found else b""
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + code_name
        + b"<sheetData/></worksheet>"
    )
