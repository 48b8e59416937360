"""`xlinsats setup`: prepares a Windows PC so that Uppfoljning.xlsm finds this Python, and explains macro blocks.

It writes the xlwings user configuration (``%USERPROFILE%\\.xlwings\\xlwings.conf``) with this interpreter,
checks that the workbook's VBA was built for the installed xlwings version and that xlwings' DLL is where the
VBA looks for it, and tells the user what to do when Windows or Excel blocks the macros.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import xlwings

from xlinsats.atomic import write_bytes_atomic
from xlinsats.errors import XlinsatsError

CONFIG_KEY = "INTERPRETER_WIN"
DEFAULT_WORKBOOK = Path("workbook") / "Uppfoljning.xlsm"
_CONFIG_LINE = re.compile(r'^\s*"([^"]*)"\s*,\s*"([^"]*)"\s*$')
_VERSION_CONST = re.compile(r'^Public Const XLWINGS_VERSION As String = "([^"]+)"', re.M)

MACRO_ADVICE = """\
Om makron är blockerade när du öppnar arbetsboken:
  1. Filen är märkt som hämtad från internet. Stäng Excel, högerklicka på filen i Utforskaren,
     välj Egenskaper och kryssa i Avblockera längst ned på fliken Allmänt. Klicka OK.
  2. Excel visar "Säkerhetsvarning: Makron har inaktiverats". Klicka på Aktivera innehåll.
  3. Om knappen saknas eller din organisation spärrar makron: lägg mappen med arbetsboken som
     betrodd plats (Arkiv > Alternativ > Säkerhetscenter > Inställningar för Säkerhetscenter >
     Betrodda platser > Lägg till ny plats), eller be IT-avdelningen om det."""


def merge_config(existing: str, interpreter: str) -> str:
    """Return the xlwings.conf text with ``INTERPRETER_WIN`` set to ``interpreter``, other settings kept."""
    lines = [line for line in existing.splitlines() if line.strip()]
    kept = [line for line in lines if not (_CONFIG_LINE.match(line) and _key(line) == CONFIG_KEY.lower())]
    return "\n".join([*kept, f'"{CONFIG_KEY}","{interpreter}"']) + "\n"


def _key(line: str) -> str:
    match = _CONFIG_LINE.match(line)
    return match.group(1).strip().lower() if match else ""


def write_user_config(home: Path, interpreter: str) -> Path:
    """Write ``INTERPRETER_WIN`` into the xlwings user configuration under ``home``; return its path.

    The file is read by the workbook's VBA as ANSI text, so it is written in Windows-1252.

    Raises:
        XlinsatsError: the interpreter's path cannot be written in Windows-1252, or the file not written.
    """
    path = home / ".xlwings" / "xlwings.conf"
    existing = path.read_text(encoding="cp1252", errors="replace") if path.exists() else ""
    try:
        data = merge_config(existing, interpreter).replace("\n", "\r\n").encode("cp1252")
    except UnicodeEncodeError as exc:
        raise XlinsatsError(
            f"Sökvägen till Python ({interpreter}) innehåller tecken som Excel inte kan läsa i konfigurationen. "
            "Installera Python i en mapp vars namn bara har vanliga bokstäver."
        ) from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, data)
    return path


def workbook_xlwings_version(workbook: Path) -> str | None:
    """Return the xlwings version the workbook's VBA was built for, or None when it has no xlwings module."""
    from pyopenvba import ExcelFile

    try:
        with ExcelFile(workbook) as book:
            if not book.has_vba_project() or "xlwings" not in [n.casefold() for n in book.module_names()]:
                return None
            source = book.get_module("xlwings")
    except Exception as exc:  # pyOpenVBA raises its own and built-in errors for unreadable files
        raise XlinsatsError(f"{workbook}: arbetsbokens makron gick inte att läsa: {exc}") from exc
    match = _VERSION_CONST.search(source)
    return match.group(1) if match else None


def has_internet_mark(path: Path) -> bool:
    """Return whether Windows has marked the file as downloaded from the internet (its Zone.Identifier stream)."""
    try:
        with open(f"{path}:Zone.Identifier", encoding="utf-8", errors="replace") as stream:
            text = stream.read()
    except OSError:
        return False
    match = re.search(r"^ZoneId=(\d+)", text, re.M)
    return bool(match and int(match.group(1)) >= 3)


def find_xlwings_dll(executable: Path, version: str) -> Path | None:
    """Return xlwings' DLL where the workbook's VBA looks for it (beside Python, or one folder up), or None."""
    for folder in (executable.parent, executable.parent.parent):
        for bits in ("64", "32"):
            candidate = folder / f"xlwings{bits}-{version}.dll"
            if candidate.exists():
                return candidate
    return None


def run_setup(
    workbook: Path | None = None,
    *,
    home: Path | None = None,
    executable: str | None = None,
    platform: str | None = None,
    out: Callable[[str], None] = print,
) -> int:
    """Set up this PC for the workbook and report, in Swedish, what is ready and what is left to do.

    Args:
        workbook: the workbook to check; by default workbook/Uppfoljning.xlsm in the current folder, if any.
        home: the user's home folder (default: the current user's).
        executable: the Python interpreter the workbook should use (default: this one).
        platform: ``sys.platform`` (default: this system's); the configuration is written on Windows only.
        out: where the messages go.

    Returns:
        0 when everything checked is ready, 1 when something needs the user's attention.
    """
    home = home or Path.home()
    executable = executable or sys.executable
    platform = platform or sys.platform
    installed = xlwings.__version__
    ok = True

    if platform.startswith("win"):
        try:
            config = write_user_config(home, executable)
            out(f"Klart: Excel använder nu Python i {executable} (inställningen finns i {config}).")
        except (XlinsatsError, OSError) as exc:
            out(f"Fel: xlwings-inställningen kunde inte skrivas: {exc}")
            ok = False
        dll = find_xlwings_dll(Path(executable), installed)
        if dll is None:
            out(
                f"Fel: xlwings-{installed} saknar sin DLL bredvid Python ({Path(executable).parent}). "
                "Installera om xlinsats med uv, se installationsguiden."
            )
            ok = False
    else:
        out("Obs: inställningen för Excel skrivs bara på Windows; här kontrolleras bara arbetsboken.")

    target = workbook if workbook is not None else (DEFAULT_WORKBOOK if DEFAULT_WORKBOOK.exists() else None)
    if target is None:
        out("Ingen arbetsbok angavs; ange den så kontrolleras att makrona passar: xlinsats setup ARBETSBOK.xlsm")
    else:
        try:
            built_for = workbook_xlwings_version(target)
        except XlinsatsError as exc:
            out(f"Fel: {exc}")
            return 1
        if built_for is None:
            out(f"Fel: {target} saknar xlwings-makron. Skapa arbetsboken med xlinsats import.")
            ok = False
        elif built_for != installed:
            out(
                f"Fel: {target} är byggd för xlwings {built_for}, men här finns xlwings {installed}. "
                "Bygg om arbetsboken med denna version av xlinsats (xlinsats import eller Nytt år)."
            )
            ok = False
        else:
            out(f"Klart: arbetsbokens makron passar xlwings {installed}.")
        if has_internet_mark(target):
            out(f"Obs: {target.name} är märkt som hämtad från internet; Excel spärrar då makrona (se punkt 1 nedan).")
    out(MACRO_ADVICE)
    return 0 if ok else 1
