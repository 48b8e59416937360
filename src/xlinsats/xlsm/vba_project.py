"""The workbook's VBA project (xl/vbaProject.bin), built from the text sources for a given set of sheet code names."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import quoteattr

from pyopenvba import ExcelFile, VBAModuleKind

from xlinsats.errors import BuildError
from xlinsats.xlsm.codenames import WORKBOOK_CODE_NAME
from xlinsats.xlsm.vba_sources import VbaModule, project_modules, this_workbook_body

VBA_PROJECT_PART = "xl/vbaProject.bin"

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
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content.encode("utf-8"))
    return out.getvalue()


def build_vba_project(sheet_code_names: Sequence[str], modules: Sequence[VbaModule] | None = None) -> bytes:
    """Return the bytes of ``xl/vbaProject.bin`` for a workbook whose sheets have ``sheet_code_names``.

    The project holds a document module for the workbook (``ThisWorkbook``, with its code) and for every
    sheet, in the given order, and the standard and class modules ``modules`` (by default the product's own:
    ``project_modules()``).

    Raises:
        BuildError: the project could not be written.
    """
    modules = project_modules() if modules is None else modules
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
                book.save()
        except Exception as exc:  # pyOpenVBA raises its own and built-in errors; all mean the same here
            raise BuildError(f"VBA-projektet gick inte att skriva: {exc}") from exc
        with zipfile.ZipFile(work) as built:
            return built.read(VBA_PROJECT_PART)
