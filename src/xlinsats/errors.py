"""Exceptions and validation problems shared by every layer of xlinsats."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from typing import Literal

Severity = Literal["fel", "varning"]

#: How the interchange format's list keys read in Swedish ("insats[0]" is the first insats: "insats 1").
_LIST_WORDS = {"insats": "insats", "mal": "mål", "citat": "citat", "indikator": "indikator", "historik": "år"}
_INDEXED = re.compile(r"^(\w+)\[(\d+)\]$")


def describe_key(key: str, record: str | None = None) -> str:
    """Return an interchange key as a reader counts: "insats[0].mal[2].malvarde" -> "insats 1, mål 3, nyckel malvarde".

    ``record`` (the insats's name) follows the insats number when known: "insats 1 (Lyra), nyckel budget_tkr".
    """
    steps = key.split(".")
    words: list[str] = []
    rest: list[str] = []
    for step in steps:
        found = _INDEXED.match(step)
        if found and not rest:
            word = f"{_LIST_WORDS.get(found[1], found[1])} {int(found[2]) + 1}"
            if found[1] == "insats" and record:
                word += f" ({record})"
            words.append(word)
        else:
            rest.append(step)
    if rest:
        words.append("nyckel " + ".".join(rest))
    return ", ".join(words)


@dataclass(frozen=True)
class Location:
    """Where a value came from: a workbook cell, or a line in an interchange file."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    column: int | None = None
    key: str | None = None
    #: The name of the insats the key belongs to, so a message can say "insats 1 (Lyra)".
    record: str | None = None

    def describe(self) -> str:
        """Return the location in Swedish, e.g. "Uppfoljning.xlsm, blad Mål, cell F5"."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"blad {self.sheet}")
        if self.cell:
            parts.append(f"cell {self.cell}")
        if self.line is not None:
            parts.append(f"rad {self.line}")
        if self.column is not None:
            parts.append(f"kolumn {self.column}")
        if self.key:
            parts.append(describe_key(self.key, self.record))
        return ", ".join(parts)

    def with_file(self, file: str) -> Location:
        """Return a copy that names the file too."""
        return Location(file, self.sheet, self.cell, self.line, self.column, self.key, self.record)


@dataclass(frozen=True)
class Problem:
    """One problem found in the input: an error (unusable input) or a warning."""

    severity: Severity
    message: str
    location: Location | None = None
    #: The offending value as read (a cell's content, a key's value), when there is one.
    value: object = None

    @property
    def is_error(self) -> bool:
        """Whether the problem makes the input unusable."""
        return self.severity == "fel"

    def describe(self) -> str:
        """Return the problem as one Swedish line."""
        label = "Fel" if self.is_error else "Varning"
        where = self.location.describe() if self.location else ""
        return f"{label}: {where}: {self.message}" if where else f"{label}: {self.message}"


#: Swedish reasons for the operating-system errors a user meets when a file is read or written.
_OS_REASONS = {
    errno.ENOENT: "filen eller mappen finns inte",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "åtgärden är inte tillåten",
    errno.EISDIR: "det är en mapp, inte en fil",
    errno.ENOTDIR: "en del av sökvägen är ingen mapp",
    errno.ENOSPC: "disken är full",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.EBUSY: "filen används av ett annat program",
    errno.ENAMETOOLONG: "filnamnet är för långt",
    errno.EEXIST: "filen finns redan",
}


def os_reason(exc: OSError) -> str:
    """Return why a file operation failed, in Swedish (never the system's English text)."""
    reason = _OS_REASONS.get(exc.errno or -1)
    if reason is not None:
        return reason
    return f"systemfel {exc.errno}" if exc.errno else "okänt systemfel"


class XlinsatsError(Exception):
    """Base class of every error xlinsats raises on purpose; its message is Swedish and shown to the user."""


class InputError(XlinsatsError, ValueError):
    """The input is unusable; carries every problem found."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class FileFormatError(XlinsatsError, ValueError):
    """A file is not of the kind expected (not a workbook, broken, encrypted, bad syntax)."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.location = location


class BuildError(XlinsatsError, RuntimeError):
    """Building a workbook or report failed."""
