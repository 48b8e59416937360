"""Safe opening of untrusted workbook files: each kind of unusable file gets a Swedish reason."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest

from xlinsats.errors import FileFormatError
from xlinsats.package_guard import PackageLimits, guard_package


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Insats"  # type: ignore[index]
    wb.save(path)
    return path


def test_a_real_workbook_passes(tmp_path: Path) -> None:
    """An ordinary workbook written by openpyxl is accepted."""
    guard_package(_workbook(tmp_path / "ok.xlsx"))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "tom"),
        (b"Insats;Budget\nLyra;2450\n", "inte en Excel-arbetsbok"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "gamla Excel-formatet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "krypterad"),
        (b"PK\x03\x04garbage", "skadad eller ofullständig"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    """Empty, text, old .xls, encrypted and broken files each get their own message."""
    path = tmp_path / "bok.xlsm"
    path.write_bytes(content)
    with pytest.raises(FileFormatError, match=reason):
        guard_package(path)


def test_truncated_workbook_is_refused(tmp_path: Path) -> None:
    """A workbook cut off halfway (an interrupted copy) is reported as damaged."""
    whole = _workbook(tmp_path / "hel.xlsx").read_bytes()
    cut = tmp_path / "halv.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(FileFormatError, match="skadad eller ofullständig"):
        guard_package(cut)


def test_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    """A zip file without the workbook parts is named as such."""
    path = tmp_path / "arkiv.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("readme.txt", "hej")
    with pytest.raises(FileFormatError, match="ingen Excel-arbetsbok"):
        guard_package(path)


def test_xml_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    """A part with a DOCTYPE (billion laughs, external entities) is refused; openpyxl also uses defusedxml."""
    source = _workbook(tmp_path / "ok.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        "<sst>&lol2;</sst>"
    )
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/sharedStrings.xml", laughs)
    with pytest.raises(FileFormatError, match="DOCTYPE"):
        guard_package(bomb)
    assert openpyxl.xml.DEFUSEDXML  # the second line of defence is in place


def test_package_limits(tmp_path: Path) -> None:
    """Too many members, too much unpacked data, or a zip bomb ratio are refused with the limit named."""
    path = _workbook(tmp_path / "ok.xlsx")
    with pytest.raises(FileFormatError, match="högst 3 tillåts"):
        guard_package(path, PackageLimits(max_members=3))
    with pytest.raises(FileFormatError, match="uppackat"):
        guard_package(path, PackageLimits(max_uncompressed_bytes=1000))
    ratio_bomb = tmp_path / "ratio.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(ratio_bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/media/padding.xml", b" " * 5_000_000)
    with pytest.raises(FileFormatError, match="zip-bomb"):
        guard_package(ratio_bomb)


@pytest.mark.libreoffice
def test_a_real_xls_file_is_named_as_the_old_format(tmp_path: Path) -> None:
    """A genuine .xls written by LibreOffice is recognised as the old format, whatever its suffix."""
    source = _workbook(tmp_path / "bok.xlsx")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xls", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    renamed = tmp_path / "bok-gammal.xlsm"
    (tmp_path / "bok.xls").rename(renamed)
    with pytest.raises(FileFormatError, match="gamla Excel-formatet"):
        guard_package(renamed)
