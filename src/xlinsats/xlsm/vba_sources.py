"""The VBA modules of Uppfoljning.xlsm: xlwings' standalone module and class, UDF wrappers, ribbon callbacks."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from xlinsats.errors import BuildError

#: Name of the ribbon-callback module: unique to this product, so no other add-in's module shadows it.
RIBBON_MODULE = "XlinsatsRibbon"
XLWINGS_MODULE = "xlwings"
DICTIONARY_MODULE = "Dictionary"
#: xlwings' own name for the UDF wrapper module; its "Import Functions" replaces a module of this name.
WRAPPER_MODULE = "xlwings_udfs"
#: The module holding the function-wizard descriptions, registered when the workbook opens.
DESCRIPTIONS_MODULE = "XlinsatsFunctionInfo"
#: The command that rewrites the generated sources (WRAPPER_MODULE, DESCRIPTIONS_MODULE) after udfs.py changes.
REGENERATE_COMMAND = "uv run python tools/regenerate_vba.py"


@dataclass(frozen=True)
class VbaModule:
    """One VBA module as it goes into the project: its name, full source (CRLF) and whether it is a class."""

    name: str
    source: str
    is_class: bool = False


def to_crlf(text: str) -> str:
    """Return ``text`` with CRLF line ends, as the VBA editor stores and exports modules."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def xlwings_package_dir() -> Path:
    """Return the folder of the installed (pinned) xlwings package, without importing it.

    Importing xlwings pulls in pandas (about 2 s); the build only needs two of its files.

    Raises:
        BuildError: xlwings is not installed.
    """
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise BuildError("Paketet xlwings är inte installerat; kör uv sync.")
    return Path(spec.origin).parent


def _read_xlwings_file(relative: str) -> str:
    """Return a file shipped in the xlwings wheel, exactly as shipped."""
    path = xlwings_package_dir() / relative
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise BuildError(f"Filen {relative} saknas i det installerade xlwings-paketet: {exc}") from exc


def xlwings_standalone_module() -> VbaModule:
    """Return xlwings' standalone VBA module (``xlwings.bas``) verbatim from the installed xlwings."""
    return VbaModule(XLWINGS_MODULE, _read_xlwings_file("xlwings.bas"))


def xlwings_dictionary_class() -> VbaModule:
    """Return the Dictionary class that ``xlwings.bas`` needs, verbatim from the installed xlwings."""
    return VbaModule(DICTIONARY_MODULE, _read_xlwings_file("addin/Dictionary.cls"), is_class=True)


def read_vba_resource(name: str) -> str:
    """Return a text source from the ``xlinsats.vba`` package data, with CRLF line ends."""
    return to_crlf(resources.files("xlinsats.vba").joinpath(name).read_text(encoding="utf-8"))


def ribbon_module() -> VbaModule:
    """Return the ribbon-callback module."""
    return VbaModule(RIBBON_MODULE, read_vba_resource(f"{RIBBON_MODULE}.bas"))


def ribbon_xml() -> bytes:
    """Return the customUI14 ribbon XML from the package data, with LF line ends whatever the checkout did."""
    text = resources.files("xlinsats.vba").joinpath("customUI14.xml").read_text(encoding="utf-8")
    return text.replace("\r\n", "\n").encode("utf-8")


def generated_module(name: str) -> VbaModule:
    """Return a module generated from xlinsats.udfs (``WRAPPER_MODULE`` or ``DESCRIPTIONS_MODULE``).

    The text is committed beside the other VBA sources and rewritten by ``REGENERATE_COMMAND`` whenever
    udfs.py changes; a test proves it equals what the pinned xlwings generator writes, so the build itself
    never imports xlwings.
    """
    return VbaModule(name, read_vba_resource(f"{name}.bas"))


def project_modules() -> list[VbaModule]:
    """Return the standard and class modules of the workbook's VBA project, in the order they are added."""
    return [
        xlwings_standalone_module(),
        xlwings_dictionary_class(),
        generated_module(WRAPPER_MODULE),
        generated_module(DESCRIPTIONS_MODULE),
        ribbon_module(),
    ]


def this_workbook_body() -> str:
    """Return the code of the workbook's document module, without its attribute header."""
    return read_vba_resource("ThisWorkbook.cls")
