"""Independent checks of the product workbook: oletools reads the VBA, LibreOffice opens it and imports it."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwings

from tests import libreoffice
from tests.xlsm_helpers import RIBBON_REL_TYPE, loaded_with_vba, package_relationships, split_header, vba_modules
from xlinsats.core.model import FollowUp
from xlinsats.opc import RIBBON_PART
from xlinsats.workbook.writer import build_workbook
from xlinsats.xlsm import finalize_xlsm, save_xlsm
from xlinsats.xlsm.udf_wrapper import WRAPPER_MODULE, udf_metadata
from xlinsats.xlsm.vba_sources import XLWINGS_MODULE, project_modules


@pytest.fixture(scope="module")
def product(tmp_path_factory: pytest.TempPathFactory, reference: FollowUp) -> Path:
    """The reference follow-up built into Uppfoljning.xlsm, as `xlinsats import` builds it."""
    path = tmp_path_factory.mktemp("product") / "Uppfoljning.xlsm"
    save_xlsm(build_workbook(reference), path)
    return path


def _code_names(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [str(wb.code_name)] + [str(ws.sheet_properties.codeName) for ws in wb.worksheets]


def test_oletools_reads_every_module_back_exactly(product: Path) -> None:
    """olevba finds each source module with the same code, and a document module for every code name."""
    modules = vba_modules(product)
    for module in project_modules():
        wanted_attrs, wanted_body = split_header(module.source)
        read_attrs, read_body = split_header(modules[module.name])
        assert read_body == wanted_body, module.name
        assert set(wanted_attrs) <= set(read_attrs), module.name
        if not module.is_class:
            assert modules[module.name] == module.source, module.name
    assert set(_code_names(product)) <= set(modules)


def test_xlwings_version_in_vba_equals_installed(product: Path) -> None:
    """The VBA declares the DLL and version of the installed xlwings, which the Python side must match."""
    source = vba_modules(product)[XLWINGS_MODULE]
    declared = re.search(r'^Public Const XLWINGS_VERSION As String = "([^"]+)"\r$', source, re.M)
    assert declared is not None
    assert declared.group(1) == xlwings.__version__ == "0.37.8"
    assert f'"xlwings64-{xlwings.__version__}.dll"' in source


def test_udf_wrappers_exist_for_every_udf(product: Path) -> None:
    """The wrapper module read back from the file has one VBA function per Python UDF, calling that UDF."""
    source = vba_modules(product)[WRAPPER_MODULE]
    functions = set(re.findall(r"^Function (\w+)\(", source, re.M))
    assert functions == set(udf_metadata())
    for name in functions:
        assert f'XLPy.CallUDF("xlinsats.udfs", "{name}"' in source


def test_guarded_openpyxl_resave_keeps_ribbon_and_vba(product: Path, tmp_path: Path) -> None:
    """An openpyxl save of the product workbook followed by finalize_xlsm keeps ribbon, VBA and formulas."""
    copy = tmp_path / "Uppfoljning.xlsm"
    shutil.copyfile(product, copy)
    with loaded_with_vba(copy) as wb:
        wb.save(copy)
    finalize_xlsm(copy)
    assert [r["Target"] for r in package_relationships(copy) if r["Type"] == RIBBON_REL_TYPE] == [RIBBON_PART]
    assert set(vba_modules(copy)) == set(vba_modules(product))


@pytest.mark.libreoffice
def test_libreoffice_opens_the_workbook_and_imports_every_module(product: Path, tmp_path: Path) -> None:
    """LibreOffice converts the workbook to .ods, carrying Basic/VBAProject/<module>.xml for every module."""
    source = tmp_path / product.name
    shutil.copyfile(product, source)
    ods = libreoffice.convert(source, "ods", tmp_path)
    with zipfile.ZipFile(ods) as archive:
        names = set(archive.namelist())
        expected = [m.name for m in project_modules()] + _code_names(product)
        for module in expected:
            assert f"Basic/VBAProject/{module}.xml" in names, module
        ribbon = archive.read("Basic/VBAProject/XlinsatsRibbon.xml").decode("utf-8")
    assert "Public Sub XlinsatsOnAction(control As Object)" in ribbon


def _normalised_code(source: str) -> list[str]:
    """Code lines without attribute lines, blank lines, trailing spaces, line-end style or letter case."""
    lines = re.split(r"\r\n|\n|\r", source)
    return [line.rstrip().casefold() for line in lines if line.strip() and not line.startswith("Attribute VB_")]


def test_xlwings_modules_match_xlwings_own_standalone_workbook(product: Path) -> None:
    """xlwings' quickstart_standalone.xlsm (same wheel) holds the same xlwings and Dictionary code as ours.

    The VBA editor re-cases identifiers (err -> Err) and xlwings' file has other line ends, so the comparison
    ignores case and line ends; it proves that the modules are the ones xlwings itself puts in a standalone book.
    """
    theirs = vba_modules(Path(xlwings.__file__).parent / "quickstart_standalone.xlsm")
    ours = vba_modules(product)
    for name in (XLWINGS_MODULE, "Dictionary"):
        assert _normalised_code(ours[name]) == _normalised_code(theirs[name]), name
