"""Exceptions and validation problems shared by every layer of xlinsats."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["fel", "varning"]


@dataclass(frozen=True)
class Location:
    """Where a value came from: a workbook cell, or a line in an interchange file."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    column: int | None = None
    key: str | None = None

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
            parts.append(f"nyckel {self.key}")
        return ", ".join(parts)

    def with_file(self, file: str) -> Location:
        """Return a copy that names the file too."""
        return Location(file, self.sheet, self.cell, self.line, self.column, self.key)


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
