"""Safe opening of untrusted workbook files: kind detection, package limits and XML-bomb refusal.

Checked before openpyxl parses anything, so a hostile or broken file ends in a Swedish message.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from xlinsats.errors import FileFormatError, Location, os_reason

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: old .xls, or an encrypted .xlsx/.xlsm


@dataclass(frozen=True)
class PackageLimits:
    """The largest workbook package xlinsats opens (stated in the user guide)."""

    max_file_bytes: int = 100 * 1024 * 1024
    max_members: int = 10_000
    max_uncompressed_bytes: int = 512 * 1024 * 1024
    #: A part larger than ``ratio_floor_bytes`` may unpack to at most this many times its packed size.
    max_member_ratio: int = 200
    ratio_floor_bytes: int = 1024 * 1024


LIMITS = PackageLimits()


def _refuse(path: Path, reason: str) -> FileFormatError:
    return FileFormatError(f"{path}: {reason}", Location(file=str(path)))


def _describe_compound_file(path: Path, head: bytes) -> str:
    # An encrypted OOXML file is a compound file holding an "EncryptedPackage" stream (its name in UTF-16).
    try:
        data = path.read_bytes()[: 4 * 1024 * 1024]
    except OSError:
        data = head
    if "EncryptedPackage".encode("utf-16-le") in data:
        return (
            "arbetsboken är krypterad (lösenordsskyddad för att öppna). Ta bort lösenordet i Excel (Arkiv > "
            "Information > Skydda arbetsbok > Kryptera med lösenord) och spara igen."
        )
    return (
        "filen är i det gamla Excel-formatet (.xls) eller ett annat äldre Office-format. Öppna den i Excel och "
        "spara den som Excel-arbetsbok med makron (.xlsm)."
    )


def guard_package(path: Path, limits: PackageLimits = LIMITS) -> None:
    """Refuse a file that is not a readable, reasonably sized Office Open XML package.

    Raises:
        FileFormatError: not a workbook, the old .xls kind, encrypted, truncated, too large, or with a
            document type declaration (the way XML bombs and external entities get in).
    """
    if not path.exists():
        raise _refuse(path, "filen finns inte.")
    if path.is_dir():
        raise _refuse(path, "är en mapp, inte en arbetsbok.")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise _refuse(path, f"filen går inte att läsa ({os_reason(exc)}).") from exc
    if size == 0:
        raise _refuse(path, "filen är tom.")
    if head.startswith(_CFB_MAGIC):
        raise _refuse(path, _describe_compound_file(path, head))
    if size > limits.max_file_bytes:
        raise _refuse(path, f"filen är större än {limits.max_file_bytes // (1024 * 1024)} MB och öppnas inte.")
    if not head.startswith(b"PK"):
        raise _refuse(path, "filen är inte en Excel-arbetsbok (.xlsm eller .xlsx).")
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            _check_members(path, members, limits)
            for member in members:
                if member.filename.lower().endswith((".xml", ".rels", ".vml")):
                    with package.open(member) as stream:
                        start = stream.read(2048)
                    if b"<!DOCTYPE" in start.upper() or b"<!ENTITY" in start.upper():
                        raise _refuse(
                            path,
                            f"delen {member.filename} innehåller en dokumenttypsdeklaration (DOCTYPE), som Excel "
                            "aldrig skriver; filen öppnas inte av säkerhetsskäl.",
                        )
    except FileFormatError:
        raise
    except (zipfile.BadZipFile, zlib.error) as exc:
        raise _refuse(path, "filen är skadad eller ofullständig (kanske avbruten vid kopiering).") from exc
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, ValueError) as exc:
        raise _refuse(path, f"filen går inte att packa upp ({exc}).") from exc
    except OSError as exc:
        raise _refuse(path, f"filen är skadad eller ofullständig ({exc}).") from exc


def _check_members(path: Path, members: list[zipfile.ZipInfo], limits: PackageLimits) -> None:
    if len(members) > limits.max_members:
        raise _refuse(path, f"paketet har {len(members)} delar; högst {limits.max_members} tillåts.")
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise _refuse(
            path,
            f"paketet blir {total // (1024 * 1024)} MB uppackat; högst "
            f"{limits.max_uncompressed_bytes // (1024 * 1024)} MB tillåts.",
        )
    for member in members:
        if (
            member.file_size > limits.ratio_floor_bytes
            and member.compress_size
            and member.file_size / member.compress_size > limits.max_member_ratio
        ):
            raise _refuse(
                path,
                f"delen {member.filename} packas upp mer än {limits.max_member_ratio} gånger sin storlek "
                "(en så kallad zip-bomb); filen öppnas inte.",
            )
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise _refuse(path, "filen är ett zip-paket men ingen Excel-arbetsbok (xl/workbook.xml saknas).")
