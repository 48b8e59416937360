"""The macro-enabled package: XlsxWriter with VBA project and ribbon in one step; completing re-saved .xlsm files."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import xlsxwriter
from xlsxwriter.packager import Packager

from xlinsats.atomic import write_bytes_atomic
from xlinsats.errors import BuildError
from xlinsats.opc import (
    CONTENT_TYPES_PART,
    CT_MACRO_WORKBOOK,
    CT_VBA_PROJECT,
    PACKAGE_RELS_PART,
    PINNED_DATETIME,
    RIBBON_PART,
    RT_RIBBON,
    RT_VBA_PROJECT,
    VBA_PROJECT_PART,
    WORKBOOK_PART,
    Package,
    PackageError,
    Relationship,
    parse_relationships,
    serialize_relationships,
)
from xlinsats.xlsm.codenames import WORKBOOK_CODE_NAME, assign_code_names, write_code_names
from xlinsats.xlsm.vba_project import build_vba_project
from xlinsats.xlsm.vba_sources import VbaModule, project_modules, ribbon_xml

if TYPE_CHECKING:
    import openpyxl

RIBBON_REL_ID = "rIdXlinsatsRibbon"
VBA_REL_ID = "rIdXlinsatsVba"
#: Parts a VBA project can bring along; a carried-over project is dropped with all of them.
_VBA_PARTS = ("xl/vbaProjectSignature.bin", "xl/vbaProjectSignatureAgile.bin", "xl/vbaProjectSignatureV3.bin")


@dataclass(frozen=True)
class WorkbookPackage:
    """A complete workbook file in memory, as XlsxWriter packaged it."""

    data: bytes
    macro_enabled: bool


# -- writing with XlsxWriter ------------------------------------------------------------------------------
class _RibbonPackager(Packager):  # type: ignore[misc]
    """XlsxWriter's packager, plus the ribbon part and its package relationship, so one step writes the package.

    ``Workbook._get_packager`` is XlsxWriter's hook for replacing the packager; ``_create_package`` returns the
    (stream, part name, is binary) list that the workbook then zips, in memory mode.
    """

    ribbon: bytes = b""

    def _create_package(self) -> list[tuple[Any, str, bool]]:
        files: list[tuple[Any, str, bool]] = super()._create_package()
        for index, (stream, name, is_binary) in enumerate(files):
            if name == PACKAGE_RELS_PART:
                rels = parse_relationships("", stream.getvalue().encode("utf-8"))
                rels.append(Relationship(RIBBON_REL_ID, RT_RIBBON, RIBBON_PART, RIBBON_PART))
                # The ribbon part needs no content type of its own: XlsxWriter's xml default covers it.
                files[index] = (io.StringIO(serialize_relationships("", rels).decode("utf-8")), name, is_binary)
        files.append((io.BytesIO(self.ribbon), RIBBON_PART, True))
        return files


class _MacroWorkbook(xlsxwriter.Workbook):  # type: ignore[misc]
    """An XlsxWriter workbook whose package also carries the ribbon."""

    def _get_packager(self) -> Packager:
        packager = _RibbonPackager()
        packager.ribbon = ribbon_xml()
        return packager


def new_workbook(target: io.BytesIO, *, macro_enabled: bool) -> xlsxwriter.Workbook:
    """Return an XlsxWriter workbook writing into ``target``, in memory, with the pinned document dates.

    Args:
        target: where ``finish_workbook`` puts the package.
        macro_enabled: whether the workbook becomes an .xlsm with the VBA project and the ribbon.
    """
    kind = _MacroWorkbook if macro_enabled else xlsxwriter.Workbook
    # Cell values go through explicit write_* calls; no text is ever turned into a number, formula or URL.
    workbook = kind(
        target,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties({"created": PINNED_DATETIME})
    return workbook


def finish_workbook(workbook: xlsxwriter.Workbook, target: io.BytesIO, *, macro_enabled: bool) -> WorkbookPackage:
    """Close ``workbook``: for an .xlsm first give it code names and the VBA project built for them.

    The workbook gets the code name ``ThisWorkbook`` and every sheet the one ``assign_code_names`` derives from
    its title, clear of the project's module names, so the project's document modules match the sheets.

    Raises:
        BuildError: the VBA project or the package could not be written.
    """
    if macro_enabled:
        modules = project_modules()
        sheets = workbook.worksheets()
        names = assign_code_names([sheet.name for sheet in sheets], (module.name for module in modules))
        workbook.set_vba_name(WORKBOOK_CODE_NAME)
        for sheet, name in zip(sheets, names, strict=True):
            sheet.set_vba_name(name)
        workbook.add_vba_project(io.BytesIO(build_vba_project(names, modules)), is_stream=True)
    try:
        workbook.close()
    except Exception as exc:  # XlsxWriter raises its own errors for overlapping tables and bad names
        raise BuildError(f"Arbetsboken gick inte att skriva: {exc}") from exc
    return WorkbookPackage(target.getvalue(), macro_enabled)


# -- saving -------------------------------------------------------------------------------------------------
def _check_suffix(path: Path) -> None:
    if path.suffix.lower() != ".xlsm":
        raise BuildError(f"{path}: en arbetsbok med makron måste ha filändelsen .xlsm.")


def save_xlsm(workbook: WorkbookPackage | openpyxl.Workbook, dest: Path) -> None:
    """Save a complete macro-enabled workbook atomically: ``dest`` is replaced only once the new file is whole.

    A ``WorkbookPackage`` (from ``xlinsats.workbook.writer.build_workbook``) is written as it is. An openpyxl
    workbook (a test or a user script that edited a file) is saved and then completed as ``finalize_xlsm``
    does: code names, a fresh VBA project, the ribbon and the macro-enabled content type.

    Raises:
        BuildError: ``dest`` is not an .xlsm path, the package is not macro-enabled, or it could not be built.
    """
    dest = Path(dest)
    _check_suffix(dest)
    if isinstance(workbook, WorkbookPackage):
        if not workbook.macro_enabled:
            raise BuildError(f"{dest}: arbetsboken byggdes utan makron och kan inte sparas som .xlsm.")
        write_bytes_atomic(dest, workbook.data)
        return
    buffer = io.BytesIO()
    carried = workbook.vba_archive
    workbook.vba_archive = None  # the project is always rebuilt from the sources, never carried over
    try:
        workbook.save(buffer)
    finally:
        workbook.vba_archive = carried
    write_bytes_atomic(dest, complete_package(buffer.getvalue(), project_modules()))


def finalize_xlsm(path: Path) -> None:
    """Make an .xlsm that openpyxl (or anything else) re-saved into a complete macro-enabled workbook again.

    openpyxl drops the ribbon's relationship and writes the .xlsx content type on every save, and a sheet it
    adds has no document module; this rebuilds the VBA project from the sources, restores the ribbon and the
    content type, and pins the document dates. A workbook that is complete already is left untouched.

    Raises:
        BuildError: ``path`` is not an .xlsm workbook package.
    """
    path = Path(path)
    _check_suffix(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BuildError(f"{path}: filen gick inte att läsa: {exc}") from exc
    completed = complete_package(data, project_modules())
    if completed != data:
        write_bytes_atomic(path, completed)


def complete_package(data: bytes, modules: Sequence[VbaModule]) -> bytes:
    """Return the workbook package ``data`` with code names, a fresh VBA project and the ribbon.

    Every change goes through ``xlinsats.opc``; when nothing needed changing, ``data`` itself is returned, so
    completing a complete workbook keeps its bytes.

    Raises:
        BuildError: the package is not a workbook, or the VBA project could not be written.
    """
    try:
        package = Package.from_bytes(data)
        package.require(CONTENT_TYPES_PART, PACKAGE_RELS_PART, WORKBOOK_PART)
        before = dict(package.parts)
        names = write_code_names(package, (module.name for module in modules))
        project = build_vba_project(names, modules)
        if package.parts.get(VBA_PROJECT_PART) != project:
            for part in (VBA_PROJECT_PART, *_VBA_PARTS):
                package.remove(part)
            package.parts[VBA_PROJECT_PART] = project
        _relate_once(package, WORKBOOK_PART, RT_VBA_PROJECT, VBA_PROJECT_PART, VBA_REL_ID)
        package.parts[RIBBON_PART] = ribbon_xml()
        _relate_once(package, "", RT_RIBBON, RIBBON_PART, RIBBON_REL_ID)
        types = package.content_types()
        wanted = {**types.defaults, "bin": CT_VBA_PROJECT}
        overrides = {**types.overrides, WORKBOOK_PART: CT_MACRO_WORKBOOK}
        if (wanted, overrides) != (types.defaults, types.overrides):
            types.defaults, types.overrides = wanted, overrides
            package.set_content_types(types)
        if package.parts == before:
            return data
        return package.to_bytes()
    except PackageError as exc:
        raise BuildError(f"Arbetsboken gick inte att göra färdig: {exc}") from exc


def _relate_once(package: Package, source: str, rel_type: str, part: str, rel_id: str) -> None:
    """Make ``part`` the one target of ``rel_type`` from ``source``; an existing relationship to it is kept."""
    existing = [rel for rel in package.relationships(source) if rel.type == rel_type]
    if [rel.part for rel in existing] != [part]:
        package.relate(source, rel_type, part, rel_id)


__all__ = ["WorkbookPackage", "complete_package", "finalize_xlsm", "finish_workbook", "new_workbook", "save_xlsm"]
