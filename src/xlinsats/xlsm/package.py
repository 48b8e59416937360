"""Saving a complete macro-enabled workbook: sheets from openpyxl, VBA project, ribbon, reproducible bytes."""

from __future__ import annotations

import gc
import io
import os
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

# openpyxl writes different (equally valid) XML with lxml; the stdlib writer keeps builds byte-identical.
# This only helps when openpyxl is not imported yet; tests assert the stdlib writer is the one in use.
os.environ.setdefault("OPENPYXL_LXML", "False")

import openpyxl

from xlinsats.atomic import write_bytes_atomic
from xlinsats.errors import BuildError
from xlinsats.xlsm.codenames import WORKBOOK_CODE_NAME, assign_code_names, write_code_names
from xlinsats.xlsm.opc import CONTENT_TYPES, finalize_parts
from xlinsats.xlsm.vba_project import VBA_PROJECT_PART, build_vba_project
from xlinsats.xlsm.vba_sources import VbaModule, project_modules, ribbon_xml

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
        by_part = write_code_names(parts, (module.name for module in modules))
    except (KeyError, ValueError) as exc:
        raise BuildError(f"Arbetsbokens blad gick inte att ge kodnamn: {exc}") from exc
    parts[VBA_PROJECT_PART] = build_vba_project(list(by_part.values()), modules)
    _add_vba_project_references(parts)
    return finalize_parts(parts, ribbon_xml())


def _add_vba_project_references(parts: dict[str, bytes]) -> None:
    """Declare the VBA project part: its relationship from the workbook and its content type."""
    rels = parts[_WORKBOOK_RELS].decode("utf-8")
    rel = f'<Relationship Id="rIdXlinsatsVba" Type="{_VBA_REL_TYPE}" Target="vbaProject.bin"/>'
    parts[_WORKBOOK_RELS] = rels.replace("</Relationships>", rel + "</Relationships>").encode("utf-8")
    types = parts[CONTENT_TYPES].decode("utf-8")
    default = f'<Default Extension="bin" ContentType="{_VBA_CONTENT}"/>'
    head = types.index(">", types.index("<Types")) + 1
    parts[CONTENT_TYPES] = (types[:head] + default + types[head:]).encode("utf-8")
