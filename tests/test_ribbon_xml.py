"""The ribbon's customUI XML against the VBA callback module and the Python entry points it dispatches to."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as ET

from xlinsats import ribbon
from xlinsats.xlsm.vba_sources import RIBBON_MODULE, ribbon_module, ribbon_xml

NS = "{http://schemas.microsoft.com/office/2009/07/customui}"
#: Callback attributes of customUI and the parameters VBA must declare for each, as the ribbon calls them.
CALLBACK_PARAMETERS = {
    "onAction": 1,
    "onLoad": 1,
    "getLabel": 2,
    "getEnabled": 2,
    "getVisible": 2,
    "getImage": 2,
    "getScreentip": 2,
    "getSupertip": 2,
}
BUTTON_LABELS = ("Bygg rapport", "Kontrollera", "Exportera PDF", "Nytt år", "Hjälp")
#: The built-in images the ribbon may use, each an Excel control's own icon, with where Excel shows it; the
#: acceptance checklist (step B2) names the same places. "CreateReport" is Access's and shows nothing in Excel.
EXCEL_IMAGES = {
    "PivotTableInsert": "Infoga > Pivottabell",
    "TraceError": "Formler > Felkontroll > Spåra fel",
    "FileSaveAsPdfOrXps": "Spara som PDF/XPS",
    "FileNew": "Arkiv > Nytt",
    "Help": "Help",
}


def _root() -> Element:
    root: Element = ET.fromstring(ribbon_xml())
    return root


def _vba() -> str:
    return ribbon_module().source


def _public_subs() -> dict[str, list[str]]:
    """Each public Sub of the ribbon module with its declared parameters."""
    return {
        name: [p.strip() for p in params.split(",") if p.strip()]
        for name, params in re.findall(r"^Public Sub (\w+)\(([^)]*)\)\r$", _vba(), re.M)
    }


def test_ribbon_xml_is_well_formed_customui14() -> None:
    """The ribbon is well-formed customUI in the 2009/07 namespace, with the tab "Uppföljning"."""
    root = _root()
    assert root.tag == NS + "customUI"
    tabs = root.findall(f".//{NS}tab")
    assert [tab.get("label") for tab in tabs] == ["Uppföljning"]


def test_tab_has_the_five_buttons() -> None:
    """The tab offers Bygg rapport, Kontrollera, Exportera PDF, Nytt år and Hjälp."""
    labels = tuple(button.get("label") for button in _root().iter(f"{NS}button"))
    assert labels == BUTTON_LABELS


def test_control_ids_are_unique_and_product_specific() -> None:
    """Every control id is unique and starts with "xlinsats", so no other add-in's id is taken."""
    ids = [element.get("id") for element in _root().iter() if element.get("id") is not None]
    assert len(ids) == len(set(ids))
    assert all(str(control_id).startswith("xlinsats") for control_id in ids)


def test_every_callback_exists_in_vba_with_ribbon_signature() -> None:
    """Each callback the XML names is a public Sub of the ribbon module taking the ribbon's arguments As Object."""
    subs = _public_subs()
    callbacks = {
        (attribute, value)
        for element in _root().iter()
        for attribute, value in element.attrib.items()
        if attribute in CALLBACK_PARAMETERS
    }
    assert callbacks
    for attribute, name in callbacks:
        assert name.startswith("Xlinsats"), name
        assert name in subs, name
        params = subs[name]
        assert len(params) == CALLBACK_PARAMETERS[attribute], (name, params)
        assert params[0].endswith("As Object"), (name, params)


def test_no_unknown_callback_attributes() -> None:
    """Only callback attributes whose signatures this test knows are used."""
    for element in _root().iter():
        for attribute in element.attrib:
            if re.match(r"^(on|get)[A-Z]", attribute):
                assert attribute in CALLBACK_PARAMETERS, attribute


def test_dispatcher_handles_every_button() -> None:
    """The Select Case in the callback handles each button's id, and no id that is not in the ribbon."""
    ids = {button.get("id") for button in _root().iter(f"{NS}button")}
    cases = set(re.findall(r'^\s*Case "(\w+)"\r$', _vba(), re.M))
    assert cases == ids


def test_run_python_commands_are_constants_naming_entry_points() -> None:
    """Every RunPython call is one fixed literal that imports xlinsats.ribbon and calls a listed entry point."""
    code = "\r\n".join(line for line in _vba().split("\r\n") if not line.lstrip().startswith("'"))
    calls = re.findall(r"RunPython\b(.*)$", code, re.M)
    assert calls
    named = set()
    for call in calls:
        match = re.fullmatch(r' "import xlinsats\.ribbon; xlinsats\.ribbon\.(\w+)\(\)"\r', call)
        assert match, f"RunPython argument is not a fixed command: {call!r}"
        named.add(match.group(1))
    assert named == set(ribbon.ENTRY_POINTS)
    for name in ribbon.ENTRY_POINTS:
        assert callable(getattr(ribbon, name))


def test_pdf_export_uses_excels_own_export_of_exactly_the_report_sheets(reference) -> None:  # type: ignore[no-untyped-def]
    """Exportera PDF calls ExportAsFixedFormat on exactly the sheets Bygg rapport writes, not any "Rapport…" sheet."""
    from xlinsats.core.figures import compute_figures
    from xlinsats.report.layout import build_report, with_sheet_prefix

    source = _vba()
    assert "ExportAsFixedFormat Type:=xlTypePDF" in source
    written = [
        s.name for s in with_sheet_prefix(build_report(compute_figures(reference)), ribbon.REPORT_PREFIX + " ").sheets
    ]
    found = re.search(r'XLINSATS_REPORT_SHEETS As String = "\|(.*)\|"', source)
    assert found is not None and found[1].split("|") == written


def test_pdf_export_finds_the_report_file_bygg_rapport_writes() -> None:
    """Without report sheets, Exportera PDF looks for the file that Bygg rapport writes beside the workbook."""
    from pathlib import Path

    from xlinsats.paths import default_report_path

    suffix = default_report_path(Path("Uppfoljning.xlsm")).name.removeprefix("Uppfoljning")
    assert f'XLINSATS_REPORT_SUFFIX As String = "{suffix}"' in _vba()


def test_module_name_is_product_specific() -> None:
    """The callback module has a name unique to this product and declares it in its header."""
    assert RIBBON_MODULE.startswith("Xlinsats")
    assert _vba().startswith(f'Attribute VB_Name = "{RIBBON_MODULE}"\r\n')


def test_every_icon_is_one_of_excels_own() -> None:
    """Each button's imageMso is an Excel control's icon, and the acceptance checklist says where Excel shows it."""
    from tests.conftest import ROOT

    checklist = (ROOT / "docs" / "excel-acceptance.md").read_text(encoding="utf-8")
    images = [button.get("imageMso") for button in _root().iter(f"{NS}button")]
    assert len(images) == len(BUTTON_LABELS)
    for image in images:
        assert image in EXCEL_IMAGES, image
        assert EXCEL_IMAGES[image] in checklist, image
