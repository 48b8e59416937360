"""Every VBA module of the workbook compiles in pyOpenVBA's interpreter; what it cannot check is listed exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyopenvba.exceptions import VBACompileError, VBAUnsupportedError

from tests import vba_interpreter as vi
from tests.conftest import REFERENCE_TOML, ROOT
from xlinsats.cli import main
from xlinsats.xlsm.codenames import WORKBOOK_CODE_NAME
from xlinsats.xlsm.vba_sources import (
    DESCRIPTIONS_MODULE,
    DICTIONARY_MODULE,
    RIBBON_MODULE,
    WRAPPER_MODULE,
    XLWINGS_MODULE,
    project_modules,
    ribbon_module,
)

#: The modules the project writes itself (the rest, xlwings.bas and Dictionary.cls, are xlwings' own).
OWN_MODULES = {RIBBON_MODULE, WRAPPER_MODULE, DESCRIPTIONS_MODULE, WORKBOOK_CODE_NAME}
#: The comment whose lost mark once kept the ribbon from compiling (issue 7).
HISTORIC_COMMENT = '\' The report sheets "Bygg rapport" writes'


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built by `xlinsats import`, as a user gets it."""
    path = tmp_path_factory.mktemp("vba") / "Uppfoljning.xlsm"
    assert main(["import", str(REFERENCE_TOML), "-o", str(path)]) == 0
    return path


def test_every_module_of_the_built_workbook_compiles(workbook: Path) -> None:
    """Each module read back from the built workbook, ours and xlwings', compiles in the interpreter."""
    app = vi.open_workbook(workbook)
    loaded = vi.load_from_file(app, workbook)
    expected = {m.name for m in project_modules()} | {WORKBOOK_CODE_NAME}
    assert expected <= set(loaded)
    assert loaded[RIBBON_MODULE].parsed.procedures


def test_every_source_module_compiles(workbook: Path) -> None:
    """Each text source as the build reads it (and the workbook module's body) compiles in the interpreter."""
    app = vi.open_workbook(workbook)
    loaded = vi.load_from_sources(app)
    assert set(loaded) == {m.name for m in project_modules()} | {WORKBOOK_CODE_NAME}


@pytest.mark.parametrize("name", sorted(OWN_MODULES | {DICTIONARY_MODULE}))
def test_modules_compile_as_written(workbook: Path, name: str) -> None:
    """Our own modules and Dictionary.cls compile with no workaround at all, apart from the listed directive lines."""
    app = vi.open_workbook(workbook)
    modules = {m: (k, s) for m, k, s in vi.modules_in_file(workbook)}
    kind, source = modules[name]
    _, changed = vi.without_directive_comments(source)
    if name in vi.DIRECTIVE_COMMENT_LINES:
        with pytest.raises(VBACompileError) as raised:
            app.add_module(source, name=name, kind=kind)
        assert raised.value.message == vi.DIRECTIVE_COMMENT.message
        assert raised.value.where == f"{name} line {vi.DIRECTIVE_COMMENT_LINES[name][0]}"
    else:
        app.add_module(source, name=name, kind=kind)
    assert changed == vi.DIRECTIVE_COMMENT_LINES.get(name, [])


def test_directive_comment_workaround_touches_only_the_listed_lines(workbook: Path) -> None:
    """Only the listed directive lines of xlwings.bas and the wrapper module lose a comment in the loader."""
    found = {}
    for name, _, source in vi.modules_in_file(workbook):
        _, changed = vi.without_directive_comments(source)
        if changed:
            found[name] = changed
    assert found == vi.DIRECTIVE_COMMENT_LINES
    assert set(found) == {XLWINGS_MODULE, WRAPPER_MODULE}


def test_injected_comment_without_its_mark_is_a_compile_error(workbook: Path) -> None:
    """The ribbon with the historic comment missing its ' (issue 7) fails to compile, naming module and line."""
    source = ribbon_module().source
    assert HISTORIC_COMMENT in source
    broken = source.replace(HISTORIC_COMMENT, HISTORIC_COMMENT[2:], 1)
    line = source[: source.index(HISTORIC_COMMENT)].count("\r\n") + 1
    app = vi.open_workbook(workbook)
    with pytest.raises(VBACompileError) as raised:
        app.add_module(broken, name=RIBBON_MODULE)
    assert raised.value.where == f"{RIBBON_MODULE} line {line}"
    app.add_module(source, name=RIBBON_MODULE)


def test_function_descriptions_need_excel(workbook: Path) -> None:
    """Workbook_Open calls XlinsatsRegisterFunctions, which stops at MacroOptions: not verifiable, as listed."""
    app = vi.open_workbook(workbook)
    vi.load_from_file(app, workbook)
    for macro in ("XlinsatsRegisterFunctions", f"{WORKBOOK_CODE_NAME}.Workbook_Open"):
        with vi.call_trace(app) as trace, pytest.raises(VBAUnsupportedError) as raised:
            app.run(macro)
        assert str(raised.value) == vi.MACRO_OPTIONS.message
        assert trace[-1] == "XlinsatsRegisterFunctions"


def test_udf_wrappers_need_excel(workbook: Path) -> None:
    """Every UDF wrapper stops at Application.Caller before it reaches Python: not verifiable, as listed."""
    app = vi.open_workbook(workbook)
    loaded = vi.load_from_file(app, workbook)
    functions = [p for p in loaded[WRAPPER_MODULE].parsed.procedures if p.kind == "function"]
    assert len(functions) >= 6
    for function in functions:
        arguments = [1] * sum(1 for p in function.params if not p.optional)
        with pytest.raises(VBAUnsupportedError) as raised:
            app.run(function.name, *arguments)
        assert str(raised.value) == vi.APPLICATION_CALLER.message, function.name


def test_run_python_needs_excel(workbook: Path) -> None:
    """xlwings' RunPython stops where it reads its configuration files: not verifiable, as listed."""
    app = vi.open_workbook(workbook)
    vi.load_from_file(app, workbook)
    with pytest.raises(VBAUnsupportedError) as raised:
        app.run("RunPython", "import xlinsats.ribbon; xlinsats.ribbon.check_workbook()")
    assert str(raised.value) == vi.GETATTR.message


def test_xlwings_dll_needs_excel(workbook: Path) -> None:
    """A call of xlwings' DLL (Declare ... Lib "xlwings64-<version>.dll") cannot run here: not verifiable, as listed."""
    app = vi.open_workbook(workbook)
    vi.load_from_file(app, workbook, {XLWINGS_MODULE, DICTIONARY_MODULE})
    probe = 'Attribute VB_Name = "XlinsatsTestProbe"\r\nPublic Function XlinsatsTestProbe() As Long\r\n'
    probe += "    Dim result As Variant\r\n    XlinsatsTestProbe = XLPyDLLActivateAuto(result)\r\nEnd Function\r\n"
    app.add_module(probe, name="XlinsatsTestProbe")
    with pytest.raises(VBAUnsupportedError) as raised:
        app.run("XlinsatsTestProbe")
    assert str(raised.value) == vi.XLWINGS_DLL.message


def test_acceptance_checklist_lists_everything_not_verifiable() -> None:
    """docs/excel-acceptance.md names each interpreter message that the tests accept as not verifiable."""
    checklist = (ROOT / "docs" / "excel-acceptance.md").read_text(encoding="utf-8")
    for item in vi.NOT_VERIFIABLE:
        assert item.message in checklist, item.message
