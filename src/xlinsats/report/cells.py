"""Cell-address helpers and the formula-injection rule shared by the report layout and its writers."""

from __future__ import annotations

from dataclasses import dataclass

#: Leading characters that make Excel, LibreOffice or a CSV reader treat text as a formula (OWASP's list).
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Whether a text would be read as a formula if written naively, so a writer must force it to text."""
    return text.startswith(FORMULA_TRIGGERS)


def as_typed_text(text: str) -> str:
    """Return a text as it must be typed into a live Excel cell (xlwings, Office.js) to be stored unchanged.

    Excel parses what is put into a cell as if typed: "=..." becomes a formula, "1/2" a date, "42 %" a number,
    and a leading apostrophe is swallowed. Excel's own quote prefix keeps any text literal, so a live writer
    puts one in front of every text (the file writer instead stores a string cell with the quotePrefix flag).
    """
    return "'" + text


def column_letter(column: int) -> str:
    """Return the column letters of a 1-based column number (1 -> "A", 28 -> "AB")."""
    if column < 1:
        raise ValueError(f"kolumnnummer måste vara minst 1, inte {column}")
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_ref(row: int, column: int, absolute: bool = False) -> str:
    """Return an A1 reference ("B3", or "$B$3" when absolute)."""
    dollar = "$" if absolute else ""
    return f"{dollar}{column_letter(column)}{dollar}{row}"


def quote_sheet(name: str) -> str:
    """Return a sheet name as written in a formula reference ('Deltagarflöden')."""
    return "'" + name.replace("'", "''") + "'"


@dataclass(frozen=True, order=True)
class Area:
    """A rectangle of cells, 1-based and inclusive."""

    top: int
    left: int
    bottom: int
    right: int

    def __post_init__(self) -> None:
        if self.top < 1 or self.left < 1 or self.bottom < self.top or self.right < self.left:
            raise ValueError(f"ogiltigt område: rad {self.top}-{self.bottom}, kolumn {self.left}-{self.right}")

    @classmethod
    def cell(cls, row: int, column: int) -> Area:
        """Return the area of a single cell."""
        return cls(row, column, row, column)

    @property
    def ref(self) -> str:
        """The A1 reference ("A1:C4", or "B2" for a single cell)."""
        first = cell_ref(self.top, self.left)
        if (self.top, self.left) == (self.bottom, self.right):
            return first
        return f"{first}:{cell_ref(self.bottom, self.right)}"

    @property
    def absolute_ref(self) -> str:
        """The absolute A1 reference ("$A$1:$C$4")."""
        first = cell_ref(self.top, self.left, absolute=True)
        return f"{first}:{cell_ref(self.bottom, self.right, absolute=True)}"

    @property
    def rows(self) -> int:
        """Number of rows."""
        return self.bottom - self.top + 1

    @property
    def columns(self) -> int:
        """Number of columns."""
        return self.right - self.left + 1
