"""The ribbon runs in pyOpenVBA's interpreter: every button of customUI14.xml reaches its action."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as ET
import pytest
from pyopenvba.apps.excel import ExcelApplication
from pyopenvba.exceptions import VBARuntimeError, VBAUnsupportedError

from tests import vba_interpreter as vi
from tests.conftest import REFERENCE_TOML
from xlinsats import ribbon
from xlinsats.cli import main
from xlinsats.workbook.schema import INSTRUCTIONS_SHEET
from xlinsats.xlsm.vba_sources import RIBBON_MODULE, ribbon_xml

NS = "{http://schemas.microsoft.com/office/2009/07/customui}"
#: Callback attributes of customUI and how many arguments the ribbon passes to each (IRibbonControl first).
CALLBACK_ARGUMENTS = {"onAction": 1, "onLoad": 1, "getLabel": 2, "getEnabled": 2, "getVisible": 2, "getImage": 2}
REPORT_SHEETS = ("Rapport Måluppfyllelse", "Rapport Deltagarflöden", "Rapport Insatser")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built by `xlinsats import`, as a user gets it."""
    path = tmp_path_factory.mktemp("ribbon") / "Uppfoljning.xlsm"
    assert main(["import", str(REFERENCE_TOML), "-o", str(path)]) == 0
    return path


def _buttons(xml: bytes | None = None) -> list[Element]:
    root: Element = ET.fromstring(ribbon_xml() if xml is None else xml)
    return list(root.iter(f"{NS}button"))


def _ribbon_from_file(app: ExcelApplication, workbook: Path) -> Any:
    return vi.load_from_file(app, workbook, {RIBBON_MODULE})[RIBBON_MODULE]


def _ribbon_from_source(app: ExcelApplication, workbook: Path) -> Any:
    return vi.load_from_sources(app, {RIBBON_MODULE})[RIBBON_MODULE]


LOADERS: dict[str, Callable[[ExcelApplication, Path], Any]] = {
    "built-workbook": _ribbon_from_file,
    "source": _ribbon_from_source,
}


def _app(workbook: Path, loader: str = "built-workbook", *, saved: bool = True) -> ExcelApplication:
    """The workbook with the ribbon module and the press harness (RunPython recorded, not run).

    With ``saved`` False the workbook has no folder, as in Excel before its first save (Path is "").
    """
    app = vi.open_workbook(workbook)
    if not saved:
        app.workbook.path = ""
    LOADERS[loader](app, workbook)
    vi.add_ribbon_harness(app)
    return app


def _entry_point(command: str) -> str:
    """The xlinsats.ribbon function a RunPython command calls; it must be `import xlinsats.ribbon; <call>()`."""
    body = ast.parse(command).body
    assert len(body) == 2, command
    imported, call = body
    assert isinstance(imported, ast.Import) and [a.name for a in imported.names] == ["xlinsats.ribbon"], command
    assert isinstance(call, ast.Expr) and isinstance(call.value, ast.Call), command
    assert not call.value.args and not call.value.keywords, command
    function = call.value.func
    assert isinstance(function, ast.Attribute) and ast.unparse(function.value) == "xlinsats.ribbon", command
    return function.attr


def test_the_ribbon_has_buttons() -> None:
    """customUI14.xml has buttons, each with an id and an onAction callback."""
    buttons = _buttons()
    assert len(buttons) >= 5
    assert all(b.get("id") and b.get("onAction") for b in buttons)


@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_every_button_reaches_its_action(workbook: Path, loader: str) -> None:
    """Each button's callback, called with a control of its id, runs a Python entry point or a VBA action."""
    reached: dict[str, str] = {}
    for button in _buttons():
        control_id, callback = str(button.get("id")), str(button.get("onAction"))
        app = _app(workbook, loader)
        app.run("XlinsatsTestActivate", "Mål")
        with vi.call_trace(app) as trace:
            try:
                app.run("XlinsatsTestPress", callback, control_id)
                stopped = ""
            except VBAUnsupportedError as exc:
                stopped = str(exc)
        commands = vi.recorded_commands(app)
        assert not [d for d in app.dialogs if "Okänd knapp" in d[1]], control_id
        called = trace[trace.index(callback) + 1 :]
        if commands:
            assert len(commands) == 1 and not stopped, (control_id, commands, stopped)
            name = _entry_point(commands[0])
            assert callable(getattr(ribbon, name, None)), name
            reached[control_id] = f"python:{name}"
        else:
            # No Python: the button runs a Sub of the ribbon module, which must be reached.
            assert called and called[0].startswith("Xlinsats"), (control_id, trace)
            reached[control_id] = f"vba:{called[0]}"
            assert stopped in ("", vi.PATH_SEPARATOR.message), (control_id, stopped)
    python = {value.removeprefix("python:") for value in reached.values() if value.startswith("python:")}
    assert python == set(ribbon.ENTRY_POINTS)
    vba = sorted(value for value in reached.values() if value.startswith("vba:"))
    assert vba == ["vba:XlinsatsExportPdf", "vba:XlinsatsShowHelp"]


@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_help_activates_the_instructions_sheet(workbook: Path, loader: str) -> None:
    """Hjälp makes the Instruktioner sheet active, from whatever sheet was active."""
    (help_button,) = [b for b in _buttons() if b.get("label") == "Hjälp"]
    app = _app(workbook, loader)
    app.run("XlinsatsTestActivate", "Mål")
    assert app.evaluate("ActiveSheet.Name") == "Mål"
    app.run("XlinsatsTestPress", help_button.get("onAction"), help_button.get("id"))
    assert app.evaluate("ActiveSheet.Name") == INSTRUCTIONS_SHEET
    assert app.dialogs == []


def _export_button() -> Element:
    (button,) = [b for b in _buttons() if b.get("label") == "Exportera PDF"]
    return button


def test_export_pdf_without_a_report_says_so(workbook: Path) -> None:
    """Exportera PDF in a workbook with no report sheets and no folder (never saved) tells the user to build one."""
    button = _export_button()
    app = _app(workbook, saved=False)
    app.run("XlinsatsTestPress", button.get("onAction"), button.get("id"))
    assert app.dialogs == [
        ("MsgBox", "Det finns ingen rapport att exportera. Tryck först på Bygg rapport.", ribbon.TITLE, 64)
    ]


def test_export_pdf_of_report_sheets_reaches_the_save_dialog(workbook: Path) -> None:
    """With the three report sheets, Exportera PDF collects them and stops at the Save As dialog: not verifiable."""
    button = _export_button()
    app = _app(workbook, saved=False)
    for name in REPORT_SHEETS:
        app.run("XlinsatsTestAddSheet", name)
    with vi.call_trace(app) as trace, pytest.raises(VBAUnsupportedError) as raised:
        app.run("XlinsatsTestPress", button.get("onAction"), button.get("id"))
    assert str(raised.value) == vi.GET_SAVE_AS_FILENAME.message
    assert trace[trace.index("XlinsatsExportPdf") :] == [
        "XlinsatsExportPdf",
        "XlinsatsCollectSheets",
        "XlinsatsPdfName",
        "XlinsatsBaseName",
    ]


def test_export_pdf_beside_a_saved_workbook_needs_excel(workbook: Path) -> None:
    """In a saved workbook without report sheets, Exportera PDF looks for the report file and stops at PathSeparator."""
    button = _export_button()
    app = _app(workbook)
    with vi.call_trace(app) as trace, pytest.raises(VBAUnsupportedError) as raised:
        app.run("XlinsatsTestPress", button.get("onAction"), button.get("id"))
    assert str(raised.value) == vi.PATH_SEPARATOR.message
    assert trace[trace.index("XlinsatsExportPdf") :] == [
        "XlinsatsExportPdf",
        "XlinsatsCollectSheets",
        "XlinsatsReportFile",
        "XlinsatsBaseName",
    ]


@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_unknown_button_is_answered_with_a_message(workbook: Path, loader: str) -> None:
    """A control id the dispatcher does not know gets the message "Okänd knapp: <id>" and nothing runs."""
    callback = str(_buttons()[0].get("onAction"))
    app = _app(workbook, loader)
    app.run("XlinsatsTestPress", callback, "xlinsatsNoSuchButton")
    assert app.dialogs == [("MsgBox", "Okänd knapp: xlinsatsNoSuchButton", ribbon.TITLE, 48)]
    assert vi.recorded_commands(app) == []


def callback_problems(xml: bytes, ribbon_runtime: Any) -> list[str]:
    """Each callback the customUI names that is not a public Sub of the ribbon module with the ribbon's arguments."""
    subs = vi.public_subs(ribbon_runtime)
    problems = []
    root: Element = ET.fromstring(xml)
    for element in root.iter():
        for attribute, name in element.attrib.items():
            if attribute not in CALLBACK_ARGUMENTS:
                continue
            params = subs.get(name)
            if params is None:
                problems.append(f"{attribute}={name}: no public Sub {name}")
            elif len(params) != CALLBACK_ARGUMENTS[attribute] or params[0].declared.lower() != "object":
                problems.append(f"{attribute}={name}: parameters {[(p.name, p.declared) for p in params]}")
    return problems


@pytest.mark.parametrize("loader", sorted(LOADERS))
def test_every_callback_exists_with_the_ribbon_signature(workbook: Path, loader: str) -> None:
    """Every callback customUI14.xml names is a public Sub of the ribbon module taking the control As Object."""
    app = vi.open_workbook(workbook)
    runtime = LOADERS[loader](app, workbook)
    assert callback_problems(ribbon_xml(), runtime) == []


def test_injected_renamed_callback_is_caught(workbook: Path) -> None:
    """A customUI naming a macro the VBA lacks fails the signature check, and its press fails as in Excel."""
    xml = ribbon_xml().replace(b'onAction="XlinsatsOnAction"', b'onAction="XlinsatsOnActionRenamed"', 1)
    assert xml != ribbon_xml()
    app = _app(workbook)
    runtime = app.interpreter.module(RIBBON_MODULE)
    assert callback_problems(xml, runtime) == [
        "onAction=XlinsatsOnActionRenamed: no public Sub XlinsatsOnActionRenamed"
    ]
    button = _buttons(xml)[0]
    with pytest.raises(VBARuntimeError) as raised:
        app.run("XlinsatsTestPress", button.get("onAction"), button.get("id"))
    assert raised.value.number == 35
