"""VBA code names for a workbook and its sheets, derived deterministically from the sheet titles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from defusedxml import ElementTree

from xlinsats.opc import OFFICE_REL_NS, SPREADSHEET_NS, WORKBOOK_PART, Package, PackageError

#: The workbook's own document module; Excel's English default, which every Excel version accepts.
WORKBOOK_CODE_NAME = "ThisWorkbook"
#: Prefix of every sheet code name: keeps names clear of VBA keywords and Excel's global objects.
SHEET_PREFIX = "Blad"
#: VBA identifiers are at most 31 characters long.
MAX_LENGTH = 31

_VALID = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,30}$")
_WORD = re.compile(r"[A-Za-z0-9]+")


def is_valid_code_name(name: str) -> bool:
    """Return whether ``name`` is a VBA identifier Excel accepts as a code name (ASCII, at most 31 chars)."""
    return bool(_VALID.match(name))


def _ascii_words(title: str) -> list[str]:
    """Return the ASCII words of ``title``: accents stripped (å -> a, ö -> o), everything else a separator."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(folded)


def derive_sheet_code_name(title: str) -> str:
    """Return the code name a sheet titled ``title`` gets before clashes are resolved ("Mål" -> "BladMal")."""
    words = "".join(word[:1].upper() + word[1:] for word in _ascii_words(title))
    return (SHEET_PREFIX + words)[:MAX_LENGTH]


def assign_code_names(titles: Sequence[str], reserved: Iterable[str] = ()) -> list[str]:
    """Return one code name per sheet title: valid, unique and clear of ``reserved`` (case-insensitively).

    Args:
        titles: the sheet titles in workbook order.
        reserved: names already taken, such as the VBA modules of the project and the workbook's code name.

    Returns:
        The code names in the order of ``titles``; a clash gets a number appended (BladMal, BladMal2, ...).
    """
    taken = {name.casefold() for name in reserved} | {WORKBOOK_CODE_NAME.casefold()}
    names: list[str] = []
    for title in titles:
        base = derive_sheet_code_name(title)
        candidate, number = base, 1
        while candidate.casefold() in taken:
            number += 1
            suffix = str(number)
            candidate = base[: MAX_LENGTH - len(suffix)] + suffix
        taken.add(candidate.casefold())
        names.append(candidate)
    return names


_WORKBOOK_PR = re.compile(r"<workbookPr\b[^>]*?/?>")
_SHEET_PR = re.compile(r"<sheetPr\b[^>]*?/?>")
_SHEET_ROOT = re.compile(r"<(worksheet|chartsheet)\b[^>]*>")
_CODE_NAME_ATTR = re.compile(r'\scodeName="([^"]*)"')


def _with_code_name(tag: str, code_name: str) -> str:
    """Return a start tag with its codeName attribute set to ``code_name`` (unchanged when it already is)."""
    current = _CODE_NAME_ATTR.search(tag)
    if current is not None and current.group(1) == code_name:
        return tag
    tag = _CODE_NAME_ATTR.sub("", tag)
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    return f'{tag[:end]} codeName="{code_name}"{tag[end:]}'


def sheet_titles_and_parts(package: Package) -> list[tuple[str, str]]:
    """Return each sheet's title and package part, in workbook order, read from the workbook part.

    Raises:
        PackageError: the workbook part is broken or a sheet's relationship is missing.
    """
    try:
        root = ElementTree.fromstring(package.parts[WORKBOOK_PART])
    except Exception as exc:  # defusedxml and expat raise several kinds; all mean the part is unusable
        raise PackageError(f"{WORKBOOK_PART} går inte att läsa: {exc}") from exc
    targets = {rel.id: rel.part for rel in package.relationships(WORKBOOK_PART)}
    found: list[tuple[str, str]] = []
    for sheet in root.iter(f"{{{SPREADSHEET_NS}}}sheet"):
        part = targets.get(sheet.get(f"{{{OFFICE_REL_NS}}}id", ""))
        if part is None or part not in package.parts:
            raise PackageError(f"bladet {sheet.get('name', '')} saknar sin del i paketet.")
        found.append((sheet.get("name", ""), part))
    return found


def write_code_names(package: Package, reserved: Iterable[str]) -> list[str]:
    """Give the workbook and every sheet in ``package`` its derived code name, in place.

    Only the codeName attributes are touched, as text, so the rest of each part keeps its bytes; a part whose
    code name is already right is left as it is.

    Args:
        package: the workbook package; the workbook part and the sheet parts are rewritten.
        reserved: names the sheet code names must not take (the VBA modules of the project).

    Returns:
        The sheets' code names in workbook order.

    Raises:
        PackageError: the workbook or a sheet part is not what a workbook holds.
    """
    sheets = sheet_titles_and_parts(package)
    names = assign_code_names([title for title, _ in sheets], reserved)
    workbook = package.parts[WORKBOOK_PART].decode("utf-8")
    match = _WORKBOOK_PR.search(workbook)
    if match:
        tag = _with_code_name(match.group(0), WORKBOOK_CODE_NAME)
        workbook = workbook[: match.start()] + tag + workbook[match.end() :]
    else:
        anchor = re.search(r"<(workbookProtection|bookViews|sheets)\b", workbook)
        if anchor is None:
            raise PackageError(f"{WORKBOOK_PART} har varken bookViews eller sheets.")
        tag = f'<workbookPr codeName="{WORKBOOK_CODE_NAME}"/>'
        workbook = workbook[: anchor.start()] + tag + workbook[anchor.start() :]
    package.parts[WORKBOOK_PART] = workbook.encode("utf-8")
    for (_, part), code_name in zip(sheets, names, strict=True):
        package.parts[part] = _with_sheet_code_name(package.parts[part], code_name, part)
    return names


def _with_sheet_code_name(content: bytes, code_name: str, part: str) -> bytes:
    """Return the sheet part with its code name set, editing only the head (sheetPr opens every sheet).

    Working on the first few kilobytes keeps a big sheet from being copied as text several times.
    """
    cut = 8192
    # Move the cut back to the start of a character (UTF-8 continuation bytes are 10xxxxxx).
    while 0 < cut < len(content) and content[cut] & 0xC0 == 0x80:
        cut -= 1
    text, rest = content[:cut].decode("utf-8"), content[cut:]
    root = _SHEET_ROOT.search(text)
    if root is None and rest:
        text, rest = content.decode("utf-8"), b""
        root = _SHEET_ROOT.search(text)
    if root is None:
        raise PackageError(f"{part} är inget kalkyl- eller diagramblad.")
    pr = _SHEET_PR.search(text, root.end())
    # Only a sheetPr that directly follows the root tag is the sheet's own; anything later is no sheetPr of ours.
    if pr and not text[root.end() : pr.start()].strip():
        text = text[: pr.start()] + _with_code_name(pr.group(0), code_name) + text[pr.end() :]
    else:
        text = text[: root.end()] + f'<sheetPr codeName="{code_name}"/>' + text[root.end() :]
    return text.encode("utf-8") + rest
