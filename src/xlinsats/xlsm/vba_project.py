"""The workbook's VBA project (xl/vbaProject.bin), built from the text sources for a given set of sheet code names.

pyOpenVBA writes the project from a template Office saved, so it carries that Office's version-dependent
parts: ``_VBA_PROJECT`` declares VBA version 0x00B5 followed by a (zeroed) performance cache, and the dir
stream's cookies hold Office's values. [MS-OVBA] says what a writer must write instead, so that every Office
version ignores all caches and compiles the project from its source:

- 2.3.4.1 ``_VBA_PROJECT``: Reserved1 0x61CC, Version 0xFFFF, Reserved2 0x00, Reserved3 (2 bytes, written
  0x0000 as LibreOffice's VBA export does), and no PerformanceCache ("MUST NOT be present on write"); 1.6:
  "To be interoperable, this version number MUST be set to 0xFFFF so that performance caches are ignored."
- 2.3.4.2.3.1 PROJECTCOOKIE and 2.3.4.2.3.2.7 MODULECOOKIE: "MUST be 0xFFFF on write".
- 2.2.6 SRP streams (``__SRP_<n>``): "MUST NOT be present on write".
- 2.3.4.3 module streams: the PerformanceCache before the source is MODULEOFFSET bytes long; every module
  here is written with MODULEOFFSET 0, so no module carries one (a test checks it).

pyOpenVBA's own implementation guide advises the opposite for edits of an Office-saved project (keep
Office's version, zero the cache in place); a project built from source is not such an edit, so the
specification's writer rules apply, and LibreOffice's VBA export writes the same seven bytes. Only Excel can
confirm that it compiles the result without a prompt: docs/excel-acceptance.md, step B4.

The project references only what the code needs: besides the implicit VBA and Excel libraries, OLE
Automation (stdole). The ribbon callbacks take the control ``As Object``, so the Office library that the
template references is removed.
"""

from __future__ import annotations

import hashlib
import struct
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import quoteattr

from xlinsats.errors import BuildError
from xlinsats.opc import iter_parts, write_zip
from xlinsats.xlsm.codenames import WORKBOOK_CODE_NAME
from xlinsats.xlsm.vba_sources import VbaModule, project_modules, this_workbook_body

VBA_PROJECT_PART = "xl/vbaProject.bin"

#: [MS-OVBA] 2.3.4.1 as a writer must write it: Reserved1, Version 0xFFFF, Reserved2, Reserved3; no cache.
VBA_PROJECT_HEADER = b"\xcc\x61\xff\xff\x00\x00\x00"
#: The libraries the template references that the project does not need (the callbacks are late-bound).
UNUSED_REFERENCES = ("Office",)
_VBA_STORAGE = "VBA"
_PROJECTCOOKIE = 0x0013
_MODULECOOKIE = 0x002C
_PROJECTVERSION = 0x0009
_DIR_TERMINATOR = 0x0010

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_SHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def _skeleton(sheet_code_names: Sequence[str]) -> bytes:
    """Return a minimal .xlsm package whose workbook and sheets carry the given code names and nothing else.

    pyOpenVBA makes one document module per code name it finds; the cells are of no interest to it, so a
    skeleton keeps the build independent of the size and writer of the real workbook.
    """
    sheets = "".join(f'<sheet name="S{n}" sheetId="{n}" r:id="rId{n}"/>' for n in range(1, len(sheet_code_names) + 1))
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN_NS}" '
        f'xmlns:r="{_REL_NS}"><workbookPr codeName="{WORKBOOK_CODE_NAME}"/><sheets>{sheets}</sheets></workbook>'
    )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_SHEET_REL}" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheet_code_names) + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheet_code_names) + 1)
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_DOC_REL}" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            "</Relationships>"
        ),
    }
    for n, code_name in enumerate(sheet_code_names, start=1):
        parts[f"xl/worksheets/sheet{n}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN_NS}">'
            f"<sheetPr codeName={quoteattr(code_name)}/><sheetData/></worksheet>"
        )
    return write_zip({name: content.encode("utf-8") for name, content in parts.items()})


#: The project of the standard workbook, built ahead by tools/regenerate_vba.py, and the key of its inputs.
#: Every import and new year builds that same project; taking it from here spares loading pyOpenVBA (about
#: half a second) and building it. A test proves the committed bytes equal a fresh build.
CACHED_PROJECT = "vbaProject.bin"
CACHED_KEY = "vbaProject.key"


def project_key(sheet_code_names: Sequence[str], modules: Sequence[VbaModule]) -> str:
    """Return a digest of everything a project is built from: code names, module sources, ThisWorkbook's code."""
    digest = hashlib.sha256()
    for part in (*sheet_code_names, "\0", this_workbook_body()):
        digest.update(part.encode("utf-8") + b"\0")
    for module in modules:
        digest.update(f"{module.name}\0{module.is_class}\0{module.source}\0".encode())
    return digest.hexdigest()


def _cached(key: str) -> bytes | None:
    folder = resources.files("xlinsats.vba")
    try:
        if folder.joinpath(CACHED_KEY).read_text(encoding="ascii").strip() != key:
            return None
        return folder.joinpath(CACHED_PROJECT).read_bytes()
    except OSError:
        return None


def build_vba_project(sheet_code_names: Sequence[str], modules: Sequence[VbaModule] | None = None) -> bytes:
    """Return the bytes of ``xl/vbaProject.bin`` for a workbook whose sheets have ``sheet_code_names``.

    The project holds a document module for the workbook (``ThisWorkbook``, with its code) and for every
    sheet, in the given order, and the standard and class modules ``modules`` (by default the product's own:
    ``project_modules()``). The standard workbook's project comes from the committed build when its inputs
    are unchanged; any other is built now.

    Raises:
        BuildError: the project could not be written.
    """
    modules = project_modules() if modules is None else modules
    cached = _cached(project_key(sheet_code_names, modules))
    return cached if cached is not None else build_fresh_vba_project(sheet_code_names, modules)


def build_fresh_vba_project(sheet_code_names: Sequence[str], modules: Sequence[VbaModule]) -> bytes:
    """Build the project with pyOpenVBA (see ``build_vba_project``), never from the committed build.

    Raises:
        BuildError: the project could not be written.
    """
    from pyopenvba import ExcelFile, VBAModuleKind

    with tempfile.TemporaryDirectory(prefix="xlinsats-vba-") as folder:
        work = Path(folder) / "arbetsbok.xlsm"
        work.write_bytes(_skeleton(sheet_code_names))
        try:
            with ExcelFile(work) as book:
                project = book.add_vba_project()
                for module in modules:
                    kind = VBAModuleKind.other if module.is_class else VBAModuleKind.standard
                    project.add_module(module.name, module.source, kind=kind)
                body = this_workbook_body()
                if body:
                    book.set_module(WORKBOOK_CODE_NAME, body)
                for reference in UNUSED_REFERENCES:
                    book.remove_reference(reference)
                book.save()
            built = dict(iter_parts(work.read_bytes()))
            return to_specification(built[VBA_PROJECT_PART])
        except Exception as exc:  # pyOpenVBA raises its own and built-in errors; all mean the same here
            raise BuildError(f"VBA-projektet gick inte att skriva: {exc}") from exc


def _dir_with_ignored_cookies(dir_stream: bytes) -> bytes:
    """Return the decompressed dir stream with PROJECTCOOKIE and every MODULECOOKIE set to 0xFFFF.

    Records are Id (2 bytes), Size (4 bytes) and Size bytes of data ([MS-OVBA] 2.3.4.2), except
    PROJECTVERSION, whose Reserved field stands where Size would and which is 12 bytes long in all.
    """
    out = bytearray(dir_stream)
    at = 0
    while at + 6 <= len(out):
        record_id, size = struct.unpack_from("<HI", out, at)
        if record_id == _DIR_TERMINATOR:
            return bytes(out)
        if record_id == _PROJECTVERSION:
            at += 12
            continue
        if record_id in (_PROJECTCOOKIE, _MODULECOOKIE):
            if size != 2:
                raise ValueError(f"cookie record 0x{record_id:04X} has size {size}, not 2")
            struct.pack_into("<H", out, at + 6, 0xFFFF)
        at += 6 + size
    raise ValueError("the dir stream has no terminator")


def to_specification(vba_project: bytes) -> bytes:
    """Return ``vba_project`` (the bytes of a vbaProject.bin) as [MS-OVBA] says a writer must write it.

    The ``_VBA_PROJECT`` stream becomes the seven bytes of ``VBA_PROJECT_HEADER``; the dir stream's cookies
    become 0xFFFF; SRP streams are dropped. Module sources and everything else stay as they are.
    """
    from pyopenvba.cfb import CFB
    from pyopenvba.vba import compress, decompress

    cfb = CFB.from_bytes(vba_project)
    cfb.write_stream_in_storage(_VBA_STORAGE, "_VBA_PROJECT", VBA_PROJECT_HEADER)
    dir_stream = decompress(cfb.get_stream_in_storage(_VBA_STORAGE, "dir"))
    cfb.write_stream_in_storage(_VBA_STORAGE, "dir", compress(_dir_with_ignored_cookies(dir_stream)))
    cfb.drop_streams_in_storage(_VBA_STORAGE, lambda name: name.startswith("__SRP_"))
    written: bytes = cfb.to_bytes()
    return written
