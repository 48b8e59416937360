"""save_xlsm and finalize_xlsm: a complete, reproducible macro-enabled package, read back by other tools."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from tests.xlsm_helpers import (
    MACRO_MAIN,
    RIBBON_REL_TYPE,
    loaded_with_vba,
    main_content_type,
    package_relationships,
    read_parts,
    sample_workbook,
    split_header,
    vba_modules,
)
from xlinsats.core.model import FollowUp
from xlinsats.errors import BuildError
from xlinsats.opc import PINNED_W3CDTF, PINNED_ZIP_TIME, RIBBON_PART, iter_parts
from xlinsats.workbook.schema import SHEET_ORDER
from xlinsats.workbook.writer import build_workbook
from xlinsats.xlsm import finalize_xlsm, save_xlsm
from xlinsats.xlsm.codenames import assign_code_names, is_valid_code_name
from xlinsats.xlsm.package import complete_package
from xlinsats.xlsm.vba_sources import project_modules, ribbon_xml


@pytest.fixture()
def built(tmp_path: Path) -> Path:
    """The sample workbook saved with save_xlsm."""
    path = tmp_path / "Uppfoljning.xlsm"
    save_xlsm(sample_workbook(), path)
    return path


def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    """Saving the same workbook content twice, at different times and places, gives the same bytes."""
    first, second = tmp_path / "a.xlsm", tmp_path / "sub" / "b.xlsm"
    second.parent.mkdir()
    save_xlsm(sample_workbook(), first)
    save_xlsm(sample_workbook(), second)
    assert first.read_bytes() == second.read_bytes()


def test_main_content_type_is_macro_enabled(built: Path) -> None:
    """The workbook part is declared macro-enabled, which Excel requires of an .xlsm."""
    assert main_content_type(built) == MACRO_MAIN


def test_ribbon_part_and_relationship_are_present(built: Path) -> None:
    """The customUI14 ribbon is stored and related from the package once, with our XML."""
    ribbon_rels = [rel for rel in package_relationships(built) if rel["Type"] == RIBBON_REL_TYPE]
    assert [rel["Target"] for rel in ribbon_rels] == [RIBBON_PART]
    assert read_parts(built)[RIBBON_PART] == ribbon_xml()


def test_dates_and_zip_times_are_pinned(built: Path) -> None:
    """Document dates and zip entry times are fixed, so they cannot make builds differ."""
    import zipfile

    core = read_parts(built)["docProps/core.xml"].decode("utf-8")
    assert core.count(PINNED_W3CDTF) == 2
    with zipfile.ZipFile(built) as archive:
        assert {info.date_time for info in archive.infolist()} == {PINNED_ZIP_TIME}
        assert archive.namelist()[0] == "[Content_Types].xml"


def test_code_names_are_valid_unique_and_read_back(built: Path) -> None:
    """openpyxl reads back the workbook's and each sheet's code name: valid, unique, ASCII, from the titles."""
    wb = openpyxl.load_workbook(built)
    names = [ws.sheet_properties.codeName for ws in wb.worksheets]
    assert wb.code_name == "ThisWorkbook"
    assert names == ["BladInstallningar", "BladMal", "BladMal2"]
    assert all(is_valid_code_name(name) for name in names)
    module_names = {module.name.casefold() for module in project_modules()}
    assert not module_names & {name.casefold() for name in names}


def test_each_sheet_has_a_document_module(built: Path) -> None:
    """The VBA project holds a document module for the workbook and for every sheet's code name."""
    modules = vba_modules(built)
    for name in ("ThisWorkbook", "BladInstallningar", "BladMal", "BladMal2"):
        assert name in modules


def test_vba_modules_read_back_exactly(built: Path) -> None:
    """oletools reads every source module back exactly (a class: same code, same attributes plus VB_Base)."""
    modules = vba_modules(built)
    for module in project_modules():
        read = modules[module.name]
        if module.is_class:
            wanted_attrs, wanted_body = split_header(module.source)
            read_attrs, read_body = split_header(read)
            assert read_body == wanted_body
            assert set(wanted_attrs) <= set(read_attrs)
        else:
            assert read == module.source


def test_workbook_module_registers_function_descriptions(built: Path) -> None:
    """ThisWorkbook's Workbook_Open calls the generated sub that registers the UDF descriptions."""
    modules = vba_modules(built)
    _, body = split_header(modules["ThisWorkbook"])
    assert "Private Sub Workbook_Open()" in body
    assert "XlinsatsRegisterFunctions" in body
    assert "Public Sub XlinsatsRegisterFunctions()" in modules["XlinsatsFunctionInfo"]


def test_sheets_and_formulas_survive(built: Path) -> None:
    """The cell values and formulas openpyxl wrote are unchanged by the package pass."""
    wb = openpyxl.load_workbook(built)
    assert wb["Inställningar"]["B1"].value == "Samordningsförbundet Test"
    assert wb["Mål"]["C2"].value == "=FULFILMENT(A2,B2)"


def test_wrong_suffix_is_refused_and_nothing_written(tmp_path: Path) -> None:
    """A destination without .xlsm is refused before anything is written."""
    with pytest.raises(BuildError):
        save_xlsm(sample_workbook(), tmp_path / "bok.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_failed_build_leaves_existing_file_and_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the VBA step fails, the old file stays as it was and no temporary file is left in its folder."""
    path = tmp_path / "Uppfoljning.xlsm"
    path.write_bytes(b"old content")

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr("pyopenvba.ExcelFile", broken)  # imported when the project is built, so patched there
    with pytest.raises(BuildError):
        save_xlsm(sample_workbook(), path)
    assert path.read_bytes() == b"old content"
    assert os.listdir(tmp_path) == ["Uppfoljning.xlsm"]


def test_openpyxl_resave_loses_ribbon_and_finalize_restores_it(built: Path) -> None:
    """A plain openpyxl save drops the ribbon relationship; finalize_xlsm restores ribbon, type and VBA."""
    with loaded_with_vba(built) as wb:
        wb.create_sheet("Nytt blad")
        wb.save(built)
    assert not [rel for rel in package_relationships(built) if rel["Type"] == RIBBON_REL_TYPE]
    finalize_xlsm(built)
    assert [rel["Target"] for rel in package_relationships(built) if rel["Type"] == RIBBON_REL_TYPE] == [RIBBON_PART]
    assert main_content_type(built) == MACRO_MAIN
    modules = vba_modules(built)
    assert "BladNyttBlad" in modules
    assert modules["XlinsatsRibbon"] == next(m.source for m in project_modules() if m.name == "XlinsatsRibbon")


def test_finalize_is_idempotent(built: Path) -> None:
    """Finalizing a file save_xlsm wrote changes no byte."""
    before = built.read_bytes()
    finalize_xlsm(built)
    assert built.read_bytes() == before


def test_carried_vba_archive_is_replaced_not_duplicated(built: Path, tmp_path: Path) -> None:
    """A workbook loaded with keep_vba=True and saved with save_xlsm gets one fresh project, same bytes."""
    again = tmp_path / "again.xlsm"
    with loaded_with_vba(built) as wb:
        save_xlsm(wb, again)
    parts = read_parts(again)
    assert sum(1 for name in parts if name.endswith("vbaProject.bin")) == 1
    assert set(vba_modules(again)) == set(vba_modules(built))


def test_openpyxl_writes_with_the_stdlib_xml_writer() -> None:
    """openpyxl runs without lxml, whose different XML output would make builds differ from the committed one."""
    import openpyxl.xml

    assert openpyxl.xml.LXML is False


@pytest.fixture(scope="module")
def product(tmp_path_factory: pytest.TempPathFactory, reference: FollowUp) -> Path:
    """The reference follow-up as `xlinsats import` writes it: XlsxWriter, VBA project and ribbon in one step."""
    path = tmp_path_factory.mktemp("product") / "Uppfoljning.xlsm"
    save_xlsm(build_workbook(reference), path)
    return path


def test_xlsxwriter_build_is_complete_in_one_step(product: Path) -> None:
    """The built workbook has the macro type, one ribbon relationship, our ribbon XML and no re-zipped parts."""
    assert main_content_type(product) == MACRO_MAIN
    assert [r["Target"] for r in package_relationships(product) if r["Type"] == RIBBON_REL_TYPE] == [RIBBON_PART]
    parts = read_parts(product)
    assert parts[RIBBON_PART] == ribbon_xml()
    assert complete_package(product.read_bytes(), project_modules()) == product.read_bytes()


def test_xlsxwriter_build_code_names_match_the_vba_project(product: Path) -> None:
    """set_vba_name gave every sheet the derived code name, and the VBA project has a module for each."""
    wb = openpyxl.load_workbook(product)
    names = [ws.sheet_properties.codeName for ws in wb.worksheets]
    assert wb.code_name == "ThisWorkbook"
    assert names == assign_code_names(list(SHEET_ORDER), (m.name for m in project_modules()))
    assert names[0] == "BladInstruktioner" and names[5] == "BladMal"
    modules = vba_modules(product)
    assert {"ThisWorkbook", *names} <= set(modules)


def test_xlsxwriter_build_is_reproducible(reference: FollowUp, product: Path) -> None:
    """A second build gives the same bytes: pinned document dates, XlsxWriter's fixed zip times, fixed order."""
    import zipfile

    assert build_workbook(reference).data == product.read_bytes()
    core = read_parts(product)["docProps/core.xml"].decode("utf-8")
    assert core.count(PINNED_W3CDTF) == 2
    with zipfile.ZipFile(product) as archive:
        assert {info.date_time for info in archive.infolist()} == {PINNED_ZIP_TIME}
        assert archive.namelist()[:2] == ["[Content_Types].xml", "_rels/.rels"]


def test_plain_build_cannot_be_saved_as_xlsm(reference: FollowUp, tmp_path: Path) -> None:
    """A workbook built without macros is refused by save_xlsm rather than saved as a broken .xlsm."""
    with pytest.raises(BuildError, match="utan makron"):
        save_xlsm(build_workbook(reference, macro_enabled=False), tmp_path / "bok.xlsm")
    assert list(tmp_path.iterdir()) == []


def test_plain_build_has_no_vba_and_no_ribbon(reference: FollowUp) -> None:
    """The .xlsx build carries neither VBA project nor ribbon, and declares the ordinary workbook type."""
    parts = dict(iter_parts(build_workbook(reference, macro_enabled=False).data))
    assert "xl/vbaProject.bin" not in parts and RIBBON_PART not in parts
    assert b"macroEnabled" not in parts["[Content_Types].xml"]
