"""Excel's load limits that the OOXML schemas do not express, each with its source, and helpers that keep them."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """One limit Excel enforces when it opens a file: what it bounds, the bound, and where it is stated.

    ``value`` is always a maximum: a length, a count, or how many offending items are allowed (0 for a rule
    that must never be broken, 1 for "unique").
    """

    what: str
    value: int
    source: str

    def describe(self) -> str:
        """Return the limit as one line: what, bound and source."""
        return f"{self.what} ≤ {self.value} ({self.source})"


_OI = "[MS-OI29500]"
_SPECS = "Excel specifications and limits (support.microsoft.com, 'Excel specifications and limits')"
_FORMULA_NAMES = "ECMA-376 Part 1 §18.17 (formulas: sheet-name, name) and Excel's 'Names in formulas' rules"

#: Data validation input/error titles: Excel repairs a file whose title is longer.
VALIDATION_TITLE = Limit(
    "data validation promptTitle/errorTitle (characters)",
    32,
    "[MS-OI29500] 2.1.613 (dataValidation promptTitle/errorTitle); Open XML SDK semantic validation",
)
#: Data validation input/error messages.
VALIDATION_MESSAGE = Limit(
    "data validation prompt/error (characters)",
    255,
    "[MS-OI29500] 2.1.613 (dataValidation prompt/error); Excel's Data Validation dialog",
)
#: The error message alone is held to fewer characters than the prompt.
#: (XlsxWriter lets 255 through; Microsoft's implementation notes state 224, and the stricter bound rules.)
VALIDATION_ERROR = Limit("data validation error (characters)", 224, f"{_OI} 2.1.613 c (dataValidation error)")
#: A validation's formula1/formula2 (a list such as "a,b,c", or a custom formula).
VALIDATION_FORMULA = Limit(
    "data validation formula1/formula2 (characters)",
    255,
    "Excel's Data Validation dialog ('Source' box); Apache POI and DevExpress refuse longer lists",
)

SHEET_NAME_LENGTH = Limit("sheet name (characters)", 31, f"{_OI} 2.1.578 a (sheet name)")
#: The characters a sheet name may not hold.
SHEET_NAME_FORBIDDEN_CHARACTERS = "[]:*?/\\"
SHEET_NAME_CHARACTERS = Limit(
    "forbidden characters []:*?/\\ in a sheet name, or an empty name", 0, f"{_OI} 2.1.578 a; {_FORMULA_NAMES}"
)
SHEET_NAME_APOSTROPHE = Limit("sheet names starting or ending with an apostrophe", 0, f"{_OI} 2.1.578 a; {_SPECS}")
SHEET_NAME_RESERVED = Limit(
    "sheets named 'History' (any case; Excel reserves it for change tracking)", 0, "Excel's Rename Sheet rules"
)
SHEET_NAME_UNIQUE = Limit("sheets with one name, ignoring case", 1, f"{_OI} 2.1.578 d")

DEFINED_NAME_LENGTH = Limit("defined name (characters)", 255, f"{_OI} 2.1.568 k (definedName name)")
DEFINED_NAME_SYNTAX = Limit(
    "defined names not of letters, digits, '_', '.', '\\' and '?', starting with a letter, '_' or '\\'",
    0,
    f"{_OI} 2.1.568 a; {_FORMULA_NAMES}",
)
DEFINED_NAME_CELL_REFERENCE = Limit(
    "defined names that read as a cell reference (A1 or R1C1)", 0, f"{_OI} 2.1.568 a; {_FORMULA_NAMES}"
)
DEFINED_NAME_UNIQUE = Limit("defined names with one name in one scope, ignoring case", 1, "ECMA-376 Part 1 §18.2.5")

CELL_TEXT = Limit("characters in a cell's text", 32_767, f"{_SPECS}: total number of characters a cell can contain")
FORMULA_LENGTH = Limit("characters in a formula", 8_192, f"{_SPECS}: length of formula contents")

TABLE_NAME_UNIQUE = Limit(
    "tables and defined names with one name, ignoring case (table name and displayName)",
    1,
    "ECMA-376 Part 1 §18.5.1.2 (table displayName unique, a defined name in formulas)",
)
TABLE_NAME_SYNTAX = Limit("table names not following the defined-name rules", 0, "ECMA-376 Part 1 §18.5.1.2")
TABLE_ID_UNIQUE = Limit("tables with one id", 1, "ECMA-376 Part 1 §18.5.1.2 (table id unique in the workbook)")
TABLE_COLUMN_UNIQUE = Limit(
    "columns of one table with one name, ignoring case", 1, "ECMA-376 Part 1 §18.5.1.3; XlsxWriter issue #362"
)
TABLE_COLUMN_NAME_LENGTH = Limit("table column name (characters)", 255, f"{_OI} 2.1.681 a (tableColumn name)")
TABLE_DATA_ROW = Limit(
    "tables with a header row and no data row",
    0,
    "XlsxWriter's add_table ('Must have at least one data row'), which follows what Excel repairs",
)
TABLE_HEADER_MATCH = Limit(
    "table header cells that differ from their tableColumn name (or table width ≠ number of columns)",
    0,
    "Excel repairs the table ('Repaired Records: Table from /xl/tables/tableN.xml'); XlsxWriter issues #739, #1126",
)

NUMBER_FORMATS = Limit("custom number formats in a workbook", 200, f"{_SPECS}: 200-250 depending on language")
CELL_FORMATS = Limit("cell formats (cellXfs) in a workbook", 65_490, f"{_SPECS}: unique cell formats/cell styles")
CELL_STYLES = Limit("cell styles (cellStyleXfs) in a workbook", 65_490, f"{_SPECS}: unique cell formats/cell styles")
FONTS = Limit("fonts in a workbook", 512, f"{_SPECS}: 1,024 global fonts, 512 per workbook")
HEADER_FOOTER = Limit(
    "characters in a page header or footer", 255, f"{_OI} 2.1.633 (oddFooter) and 2.1.619 ff.; {_SPECS}"
)

GRID_ROWS = Limit("worksheet rows", 1_048_576, f"{_SPECS}: worksheet size")
GRID_COLUMNS = Limit("worksheet columns", 16_384, f"{_SPECS}: worksheet size")

CHART_REFERENCE = Limit(
    "chart series references to a missing sheet, outside the grid or outside the sheet's cells",
    0,
    "ECMA-376 Part 1 §21.2.2.65 (f: a reference); Excel shows the chart empty or repairs it",
)
DEFINED_NAME_REFERENCE = Limit(
    "defined names referring to a missing sheet", 0, "ECMA-376 Part 1 §18.2.5; Excel turns them into #REF!"
)
PACKAGE_RELATIONSHIP_TARGET = Limit(
    "internal relationships whose target part is missing", 0, "ECMA-376 Part 2 (OPC) §9.3"
)
PACKAGE_CONTENT_TYPE = Limit("parts without a content type", 0, "ECMA-376 Part 2 (OPC) §10.1.2.2")

LIMITS: tuple[Limit, ...] = (
    VALIDATION_TITLE,
    VALIDATION_MESSAGE,
    VALIDATION_ERROR,
    VALIDATION_FORMULA,
    SHEET_NAME_LENGTH,
    SHEET_NAME_CHARACTERS,
    SHEET_NAME_APOSTROPHE,
    SHEET_NAME_RESERVED,
    SHEET_NAME_UNIQUE,
    DEFINED_NAME_LENGTH,
    DEFINED_NAME_SYNTAX,
    DEFINED_NAME_CELL_REFERENCE,
    DEFINED_NAME_UNIQUE,
    CELL_TEXT,
    FORMULA_LENGTH,
    TABLE_NAME_UNIQUE,
    TABLE_NAME_SYNTAX,
    TABLE_ID_UNIQUE,
    TABLE_COLUMN_UNIQUE,
    TABLE_COLUMN_NAME_LENGTH,
    TABLE_HEADER_MATCH,
    TABLE_DATA_ROW,
    NUMBER_FORMATS,
    CELL_FORMATS,
    CELL_STYLES,
    FONTS,
    HEADER_FOOTER,
    GRID_ROWS,
    GRID_COLUMNS,
    CHART_REFERENCE,
    DEFINED_NAME_REFERENCE,
    PACKAGE_RELATIONSHIP_TARGET,
    PACKAGE_CONTENT_TYPE,
)


def excel_length(text: str) -> int:
    """The length Excel counts: UTF-16 code units (a character outside the BMP, such as an emoji, counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, limit: Limit) -> str:
    """Return ``text`` cut to ``limit`` characters at a word boundary, with an ellipsis when it was cut."""
    if excel_length(text) <= limit.value:
        return text
    head = text[: limit.value - 1]
    while excel_length(head) > limit.value - 1:
        head = head[:-1]
    space = head.rfind(" ")
    if space > limit.value // 2:
        head = head[:space]
    return head.rstrip(" ,;:") + "…"


def sheet_name_problems(name: str) -> list[Limit]:
    """Return the limits a sheet name breaks on its own (uniqueness needs the other names)."""
    broken = []
    if len(name) > SHEET_NAME_LENGTH.value:
        broken.append(SHEET_NAME_LENGTH)
    if not name or any(char in SHEET_NAME_FORBIDDEN_CHARACTERS for char in name):
        broken.append(SHEET_NAME_CHARACTERS)
    if name.startswith("'") or name.endswith("'"):
        broken.append(SHEET_NAME_APOSTROPHE)
    if name.casefold() == "history":
        broken.append(SHEET_NAME_RESERVED)
    return broken


_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_R1C1 = re.compile(r"[Rr]\d*(?:[Cc]\d*)?|[Cc]\d*")


def column_number(letters: str) -> int:
    """Return the 1-based number of a column written in letters (A = 1, XFD = 16384)."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - ord("A") + 1
    return number


def looks_like_cell_reference(name: str) -> bool:
    """Whether Excel would read ``name`` as a cell reference (A1 within the grid, or R1C1 style)."""
    a1 = _A1.fullmatch(name)
    if a1 and column_number(a1.group(1)) <= GRID_COLUMNS.value and 1 <= int(a1.group(2)) <= GRID_ROWS.value:
        return True
    return _R1C1.fullmatch(name) is not None


def is_name_syntax(name: str) -> bool:
    """Whether ``name`` is made of the characters a defined name may hold (ignoring length and cell lookalikes)."""
    if not name or not (name[0].isalpha() or name[0] in "_\\"):
        return False
    return all(char.isalnum() or char in "_.\\?" for char in name[1:])
