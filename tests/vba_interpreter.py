"""The project's VBA in pyOpenVBA's interpreter: loading it, pressing ribbon buttons, and what cannot be verified."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyopenvba import ExcelFile, VBAModuleKind
from pyopenvba.apps.excel import ExcelApplication
from pyopenvba.vba import normalize_class_source

from xlinsats.xlsm.codenames import WORKBOOK_CODE_NAME
from xlinsats.xlsm.vba_sources import VbaModule, project_modules, this_workbook_body


@dataclass(frozen=True)
class NotVerifiable:
    """A piece of real VBA that pyOpenVBA cannot check, with its message, asserted exactly so a change shows.

    ``where`` names the module or the ribbon path; ``message`` is the interpreter's own text; ``reason`` says
    why Excel accepts it anyway, or what only Excel can show.
    """

    where: str
    message: str
    reason: str


#: pyOpenVBA's preprocessor refuses a comment after a conditional-compilation directive, which [MS-VBAL] 3.4
#: allows (cc-eol) and Excel compiles: xlwings ships such lines and our wrapper module copies its header.
#: The loader removes exactly those comments (listed by line) and compiles everything else as written.
DIRECTIVE_COMMENT = NotVerifiable(
    where="#Const/#If lines with a trailing comment",
    message='cannot read the directive at "\'Adjust when"',
    reason="[MS-VBAL] 3.4 allows a comment after a directive; the loader drops only those comments",
)
DIRECTIVE_COMMENT_LINES = {"xlwings": [2, 613], "xlwings_udfs": [3]}

#: Members of Excel (or VBA functions) the interpreter lacks, each met on a path the tests run.
MACRO_OPTIONS = NotVerifiable(
    where="XlinsatsFunctionInfo.XlinsatsRegisterFunctions, called by ThisWorkbook.Workbook_Open",
    message="Application.MacroOptions is a real member that pyOpenVBA does not implement",
    reason="the function-wizard descriptions: acceptance step C7",
)
APPLICATION_CALLER = NotVerifiable(
    where="every UDF wrapper in xlwings_udfs",
    message="Application.Caller is a real member that pyOpenVBA does not implement",
    reason="the call into Python goes through xlwings' COM server: acceptance steps C1-C5",
)
GETATTR = NotVerifiable(
    where="xlwings.RunPython (its configuration lookup)",
    message="getattr reads the real file system, so pyOpenVBA does not implement it",
    reason="RunPython starts Python through xlwings' DLL (Declare): acceptance section D",
)
XLWINGS_DLL = NotVerifiable(
    where="xlwings' Declare functions (the interpreter takes the 64-bit branch), e.g. XLPyDLLActivateAuto",
    message="XLPyDLLActivateAuto is a Declare into xlwings64-0.37.8.dll, which pyOpenVBA cannot call",
    reason="the DLL that starts Python, and Windows' LoadLibrary beside it: acceptance sections C and D",
)
PATH_SEPARATOR = NotVerifiable(
    where="Exportera PDF in a workbook saved on disk (XlinsatsReportFile, XlinsatsPdfName)",
    message="Application.PathSeparator is a real member that pyOpenVBA does not implement",
    reason="the report file beside the workbook: acceptance step D4",
)
GET_SAVE_AS_FILENAME = NotVerifiable(
    where="Exportera PDF with report sheets (the Save As dialog; ExportAsFixedFormat comes after it)",
    message="Application.GetSaveAsFilename is a real member that pyOpenVBA does not implement",
    reason="the Save As dialog and Excel's PDF export: acceptance step D4",
)
NOT_VERIFIABLE = (
    DIRECTIVE_COMMENT,
    MACRO_OPTIONS,
    APPLICATION_CALLER,
    GETATTR,
    XLWINGS_DLL,
    PATH_SEPARATOR,
    GET_SAVE_AS_FILENAME,
)


def without_directive_comments(source: str) -> tuple[str, list[int]]:
    """Return ``source`` with the comment after each directive (#Const, #If ...) removed, and those line numbers."""
    lines = source.split("\r\n")
    changed = []
    for number, line in enumerate(lines, start=1):
        if not line.lstrip().startswith("#"):
            continue
        in_string = False
        for at, char in enumerate(line):
            if char == '"':
                in_string = not in_string
            elif char == "'" and not in_string:
                lines[number - 1] = line[:at].rstrip()
                changed.append(number)
                break
    return "\r\n".join(lines), changed


def interpreter_kind(module: VbaModule) -> str:
    """The interpreter's module kind for one of our modules."""
    return "class" if module.is_class else "standard"


def load_module(app: ExcelApplication, name: str, source: str, kind: str) -> Any:
    """Add one module to ``app`` (a compile error raises), after removing the directive comments it cannot read."""
    if kind == "class":
        # The stream form, as the project writer stores an exported .cls (VERSION preamble out, VB_Base in).
        source = normalize_class_source(source)
    source, _ = without_directive_comments(source)
    return app.add_module(source, name=name, kind=kind)


def modules_in_file(path: Path) -> list[tuple[str, str, str]]:
    """Each module of the workbook's VBA project as (name, interpreter kind, source), read by pyOpenVBA.

    Our own class modules come from ``project_modules()``; every other non-standard module is the document
    module of the workbook or of a sheet, named by its code name.
    """
    classes = {module.name for module in project_modules() if module.is_class}
    with ExcelFile(path) as book:
        modules = book.vba_project().modules
        return [
            (
                module.name,
                "standard"
                if module.kind is VBAModuleKind.standard
                else ("class" if module.name in classes else "document"),
                module.source,
            )
            for module in modules
        ]


def open_workbook(path: Path) -> ExcelApplication:
    """The workbook's sheets and code names in the interpreter, with no VBA loaded yet."""
    return ExcelApplication.open(path, with_vba=False)


def load_from_file(app: ExcelApplication, path: Path, names: set[str] | None = None) -> dict[str, Any]:
    """Load the modules of the file's VBA project (all, or those in ``names``); return them by name."""
    return {
        name: load_module(app, name, source, kind)
        for name, kind, source in modules_in_file(path)
        if names is None or name in names
    }


def load_from_sources(app: ExcelApplication, names: set[str] | None = None) -> dict[str, Any]:
    """Load our text sources as the build reads them (and the workbook module's body); return them by name."""
    loaded = {
        module.name: load_module(app, module.name, module.source, interpreter_kind(module))
        for module in project_modules()
        if names is None or module.name in names
    }
    if names is None or WORKBOOK_CODE_NAME in names:
        loaded[WORKBOOK_CODE_NAME] = load_module(app, WORKBOOK_CODE_NAME, this_workbook_body(), "document")
    return loaded


# The stand-ins a ribbon press needs without Excel's ribbon and without xlwings: IRibbonControl (the callback
# reads only .ID) and RunPython, which records its command instead of starting Python.
CONTROL_CLASS = """Attribute VB_Name = "XlinsatsTestControl"
Option Explicit
' Stand-in for Office's IRibbonControl, which the ribbon passes to a callback.
Public ID As String
Public Tag As String
"""
RUN_PYTHON_STUB = """Attribute VB_Name = "XlinsatsTestStub"
Option Explicit
' Records each RunPython command instead of starting Python (xlwings.bas is not loaded beside it).
Private recorded As New Collection

Public Sub RunPython(ByVal PythonCommand As String)
    recorded.Add PythonCommand
End Sub

Public Function XlinsatsTestCommandCount() As Long
    XlinsatsTestCommandCount = recorded.Count
End Function

Public Function XlinsatsTestCommand(ByVal index As Long) As String
    XlinsatsTestCommand = recorded(index)
End Function
"""
DRIVER = """Attribute VB_Name = "XlinsatsTestDriver"
Option Explicit
' Does what the ribbon does on a click: calls the onAction macro by name with the pressed control.
Public Sub XlinsatsTestPress(ByVal callback As String, ByVal controlId As String)
    Dim control As XlinsatsTestControl
    Set control = New XlinsatsTestControl
    control.ID = controlId
    Application.Run callback, control
End Sub

Public Sub XlinsatsTestActivate(ByVal sheetName As String)
    ThisWorkbook.Worksheets(sheetName).Activate
End Sub

Public Sub XlinsatsTestAddSheet(ByVal sheetName As String)
    ThisWorkbook.Worksheets.Add(After:=ThisWorkbook.Sheets(ThisWorkbook.Sheets.Count)).Name = sheetName
End Sub
"""


def crlf(text: str) -> str:
    """``text`` with CRLF line ends, as module sources are stored."""
    return text.replace("\n", "\r\n")


def add_ribbon_harness(app: ExcelApplication, *, with_stub: bool = True) -> None:
    """Add the IRibbonControl stand-in, the press driver and (by default) the recording RunPython stub."""
    app.add_module(crlf(CONTROL_CLASS), name="XlinsatsTestControl", kind="class")
    app.add_module(crlf(DRIVER), name="XlinsatsTestDriver")
    if with_stub:
        app.add_module(crlf(RUN_PYTHON_STUB), name="XlinsatsTestStub")


def recorded_commands(app: ExcelApplication) -> list[str]:
    """The RunPython commands the stub recorded, in order."""
    count = app.run("XlinsatsTestCommandCount")
    assert isinstance(count, int)
    return [str(app.run("XlinsatsTestCommand", index)) for index in range(1, count + 1)]


@contextmanager
def call_trace(app: ExcelApplication) -> Iterator[list[str]]:
    """Record the name of every VBA procedure the interpreter calls while the block runs."""
    interpreter = app.interpreter
    original: Callable[..., Any] = interpreter.call
    names: list[str] = []

    def traced(procedure: Any, module: Any, *args: Any, **kwargs: Any) -> Any:
        names.append(procedure.name)
        return original(procedure, module, *args, **kwargs)

    interpreter.call = traced
    try:
        yield names
    finally:
        del interpreter.call  # the instance attribute goes; the class's method is back


def public_subs(runtime: Any) -> dict[str, list[Any]]:
    """The public Subs of a loaded module with their parameters, as the interpreter parsed them."""
    return {
        procedure.name: list(procedure.params)
        for procedure in runtime.parsed.procedures
        if procedure.kind == "sub" and procedure.scope == "public"
    }
