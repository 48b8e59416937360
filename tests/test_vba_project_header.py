"""xl/vbaProject.bin as [MS-OVBA] says a writer must write it, with only the references the code needs."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pyopenvba import ExcelFile
from pyopenvba.cfb import CFB

from tests.conftest import REFERENCE_TOML, ROOT
from xlinsats.cli import main
from xlinsats.xlsm.vba_project import VBA_PROJECT_PART, build_vba_project
from xlinsats.xlsm.vba_sources import project_modules

#: The libraries Tools > References lists for every Excel project, without a REFERENCE record.
IMPLICIT_LIBRARIES = ["Visual Basic For Applications", "Microsoft Excel 16.0 Object Library"]
#: Each declared reference the project may have, by GUID, with the name Tools > References shows for it.
ALLOWED_REFERENCES = {"{00020430-0000-0000-C000-000000000046}": "OLE Automation"}
OFFICE_LIBRARY_GUID = "{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built by `xlinsats import`, as a user gets it."""
    path = tmp_path_factory.mktemp("header") / "Uppfoljning.xlsm"
    assert main(["import", str(REFERENCE_TOML), "-o", str(path)]) == 0
    return path


def _project(path: Path) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(VBA_PROJECT_PART)


def ovba_problems(vba_project: bytes, tmp_path: Path) -> list[str]:
    """Every place where ``vba_project`` departs from what [MS-OVBA] requires of a writer, read back independently.

    2.3.4.1: _VBA_PROJECT is Reserved1 0x61CC, Version 0xFFFF, Reserved2 0x00, Reserved3, and no
    PerformanceCache. 2.3.4.2.3.1 and 2.3.4.2.3.2.7: the project and module cookies are 0xFFFF. 2.2.6: no SRP
    streams. 2.3.4.3: a module's PerformanceCache is MODULEOFFSET bytes; here none has one.
    """
    problems = []
    cfb = CFB.from_bytes(vba_project)
    header = cfb.get_stream_in_storage("VBA", "_VBA_PROJECT")
    if len(header) < 7:
        return [f"_VBA_PROJECT has {len(header)} bytes"]
    reserved1, version, reserved2 = struct.unpack_from("<HHB", header)
    if reserved1 != 0x61CC:
        problems.append(f"Reserved1 is 0x{reserved1:04X}")
    if version != 0xFFFF:
        problems.append(f"Version is 0x{version:04X}")
    if reserved2 != 0:
        problems.append(f"Reserved2 is 0x{reserved2:02X}")
    if len(header) != 7:
        problems.append(f"PerformanceCache of {len(header) - 7} bytes")
    problems += [f"SRP stream {n}" for n in cfb.list_streams_in_storage("VBA") if n.startswith("__SRP_")]
    copy = tmp_path / "project.xlsm"
    with zipfile.ZipFile(copy, "w") as package:
        package.writestr(VBA_PROJECT_PART, vba_project)
    with ExcelFile(copy) as book:
        project = book.vba_project()
        if project.project_cookie != 0xFFFF:
            problems.append(f"PROJECTCOOKIE is 0x{project.project_cookie:04X}")
        for module in project.modules:
            if module.cookie != 0xFFFF:
                problems.append(f"MODULECOOKIE of {module.name} is 0x{module.cookie:04X}")
            if module.text_offset != 0:
                problems.append(f"{module.name} has a PerformanceCache of {module.text_offset} bytes")
    return problems


def _with_stream(vba_project: bytes, name: str, data: bytes) -> bytes:
    cfb = CFB.from_bytes(vba_project)
    cfb.write_stream_in_storage("VBA", name, data)
    written: bytes = cfb.to_bytes()
    return written


def test_built_project_follows_ms_ovba(workbook: Path, tmp_path: Path) -> None:
    """The built workbook's VBA project has the 7-byte _VBA_PROJECT, 0xFFFF cookies, no caches and no SRP streams."""
    project = _project(workbook)
    assert ovba_problems(project, tmp_path) == []
    assert CFB.from_bytes(project).get_stream_in_storage("VBA", "_VBA_PROJECT") == b"\xcc\x61\xff\xff\x00\x00\x00"


def test_build_vba_project_follows_ms_ovba(tmp_path: Path) -> None:
    """build_vba_project on its own (the entry point the workbook writer calls) writes a conforming project."""
    assert ovba_problems(build_vba_project(["Blad1", "Blad2"]), tmp_path) == []


def test_injected_office_header_and_cache_are_caught(workbook: Path, tmp_path: Path) -> None:
    """The header pyOpenVBA's template carried (version 0x00B5, 2,537 bytes of cache) fails the check."""
    defective = _with_stream(_project(workbook), "_VBA_PROJECT", b"\xcc\x61\xb5\x00\x00\x00\x00" + bytes(2537))
    assert ovba_problems(defective, tmp_path) == ["Version is 0x00B5", "PerformanceCache of 2537 bytes"]


def test_olevba_decodes_every_module(workbook: Path) -> None:
    """oletools' olevba --decode reads the conforming project and finds every module."""
    olevba = Path(sys.executable).with_name("olevba")
    result = subprocess.run(
        [str(olevba), "--decode", str(workbook)], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    found = set(re.findall(r"^VBA MACRO (\w+)\.(?:bas|cls)", result.stdout, re.M))
    assert {module.name for module in project_modules()} <= found


def _declared_references(path: Path) -> list[str]:
    with ExcelFile(path) as book:
        return [reference.guid.upper() for reference in book.references()]


def test_project_references_only_what_the_code_needs(workbook: Path) -> None:
    """Besides the implicit VBA and Excel libraries the project references OLE Automation only, not Office."""
    assert _declared_references(workbook) == list(ALLOWED_REFERENCES)


def test_injected_office_reference_is_caught(workbook: Path, tmp_path: Path) -> None:
    """A project that references the Office library again fails the reference check."""
    copy = tmp_path / workbook.name
    shutil.copyfile(workbook, copy)
    with ExcelFile(copy) as book:
        book.add_reference("Office", OFFICE_LIBRARY_GUID, 2, 8)
        book.save()
    assert _declared_references(copy) != list(ALLOWED_REFERENCES)
    assert OFFICE_LIBRARY_GUID in _declared_references(copy)


def test_checklist_lists_the_references_the_project_has() -> None:
    """Step B5 of docs/excel-acceptance.md expects exactly the implicit libraries and the declared references."""
    checklist = (ROOT / "docs" / "excel-acceptance.md").read_text(encoding="utf-8")
    (line,) = [line for line in checklist.splitlines() if "Tools > References" in line]
    assert re.findall(r'"([^"]+)"', line) == IMPLICIT_LIBRARIES + list(ALLOWED_REFERENCES.values())


def test_no_module_names_an_office_library_type() -> None:
    """No module declares a type of the Office library (IRibbonControl, Office.*), so the project needs no reference."""
    for module in project_modules():
        assert not re.search(r"\bAs\s+(New\s+)?(IRibbonControl|Office\.)", module.source, re.I), module.name
