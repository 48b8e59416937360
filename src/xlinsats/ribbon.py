"""Python entry points of the ribbon tab "Uppföljning", run by the VBA callbacks through xlwings' RunPython.

The VBA module ``XlinsatsRibbon`` calls exactly the functions in ``ENTRY_POINTS``, with no arguments; the
workbook is found with ``xlwings.Book.caller()``. Each entry point is thin: it takes a snapshot of the open
workbook (unsaved edits included), runs the same reader and engine as the commands, and reports to the user
in Swedish. What needs desktop Excel through COM is kept in ``_snapshot`` and ``report.live_desktop``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlinsats.errors import InputError, Problem, XlinsatsError
from xlinsats.paths import default_new_year_path

#: The functions the ribbon's VBA may run, in the order of the buttons.
ENTRY_POINTS = ("build_report", "check_workbook", "new_year")
TITLE = "Uppföljning"
CHECK_SHEET = "Kontroll"
CHECK_HEADERS = ("Allvar", "Blad", "Cell", "Meddelande")
#: Report sheets in the workbook start with this (the VBA "Exportera PDF" looks for it too).
REPORT_PREFIX = "Rapport"
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CheckRow:
    """One line of the check sheet: severity, where, the message and, when the cell is known, a link to it."""

    severity: str
    sheet: str
    cell: str
    message: str

    @property
    def link_formula(self) -> str | None:
        """A HYPERLINK formula (English syntax, as xlwings writes formulas) to the cell, or None."""
        if not self.sheet or not self.cell:
            return None
        target = "#'" + self.sheet.replace("'", "''") + "'!" + self.cell
        shown = f"{self.sheet}!{self.cell}"
        return f'=HYPERLINK("{_formula_text(target)}","{_formula_text(shown)}")'


def _formula_text(text: str) -> str:
    """Return ``text`` escaped for a string literal inside a formula."""
    return text.replace('"', '""')


def as_literal(text: str) -> str:
    """Return text that Excel stores as text even when it looks like a formula (leading apostrophe)."""
    return "'" + text if text.startswith(_FORMULA_TRIGGERS) else text


def check_rows(problems: Sequence[Problem]) -> list[CheckRow]:
    """Return the check sheet's lines for the problems found: errors first, then warnings, in reading order."""
    rows = [
        CheckRow(
            "Fel" if problem.is_error else "Varning",
            (problem.location.sheet or "") if problem.location else "",
            (problem.location.cell or "") if problem.location else "",
            problem.message,
        )
        for problem in problems
    ]
    return sorted(rows, key=lambda row: row.severity != "Fel")


def check_sheet_values(rows: Sequence[CheckRow]) -> list[list[str]]:
    """Return the check sheet as one block of values: a header and one line per problem (or a note of none).

    Texts are made literal so that a message quoting a value such as "=1+1" is shown, not computed; the
    cell column holds the link formula.
    """
    values: list[list[str]] = [list(CHECK_HEADERS)]
    for row in rows:
        link = row.link_formula
        values.append(
            [row.severity, as_literal(row.sheet), link if link else as_literal(row.cell), as_literal(row.message)]
        )
    if not rows:
        values.append(["", "", "", "Inga problem hittades."])
    return values


def summary(problems: Sequence[Problem]) -> str:
    """Return the one-line Swedish summary shown after Kontrollera."""
    errors = sum(1 for problem in problems if problem.is_error)
    warnings = len(problems) - errors
    if not problems:
        return "Inga problem hittades."
    return f"{errors} fel och {warnings} varningar. Se bladet {CHECK_SHEET}; klicka på en cell för att gå dit."


# --- what needs a live workbook ---------------------------------------------------------------------------


def _snapshot(book: Any, folder: Path) -> Path:
    """Save a copy of the open workbook, unsaved edits included, without changing its name or saved state.

    Desktop Excel only (COM ``SaveCopyAs``); the Office.js engines have no file to copy.
    """
    name = Path(book.name).name or "Uppfoljning.xlsm"
    if Path(name).suffix.lower() not in (".xlsm", ".xlsx"):
        name += ".xlsm"
    copy = folder / name
    book.api.SaveCopyAs(str(copy))
    return copy


def _read_live(book: Any, *, with_checks: bool) -> tuple[Any, tuple[Problem, ...]]:
    """Read the open workbook through a snapshot: the follow-up (None when unusable) and its problems."""
    from xlinsats.inputs import read_and_check, read_input

    with tempfile.TemporaryDirectory(prefix="xlinsats-") as folder:
        copy = _snapshot(book, Path(folder))
        result = read_and_check(copy) if with_checks else read_input(copy)
    return result.followup, result.problems


def _require(followup: Any, problems: tuple[Problem, ...]) -> Any:
    """Return the follow-up, or raise InputError when the workbook's errors make it unusable."""
    errors = [problem for problem in problems if problem.is_error]
    if errors or followup is None:
        first = "\n".join(_describe(problem) for problem in errors[:5])
        more = f"\n… och {len(errors) - 5} fel till." if len(errors) > 5 else ""
        raise InputError(f"Arbetsboken har fel som måste rättas först (tryck på Kontrollera):\n{first}{more}", problems)
    return followup


def _describe(problem: Problem) -> str:
    """Describe a problem by sheet and cell only: the snapshot's temporary file name means nothing to the user."""
    where = ", ".join(
        part
        for part in (
            f"blad {problem.location.sheet}" if problem.location and problem.location.sheet else "",
            f"cell {problem.location.cell}" if problem.location and problem.location.cell else "",
        )
        if part
    )
    return f"{where}: {problem.message}" if where else problem.message


def write_check_sheet(book: Any, values: Sequence[Sequence[str]]) -> None:
    """Replace the check sheet with ``values``; the old one goes only once the new one is written."""
    sheets = book.sheets
    names = [sheet.name for sheet in sheets]
    temporary = CHECK_SHEET + " (ny)"
    if temporary in names:
        sheets[temporary].delete()
    sheet = sheets.add(temporary, after=sheets[len(names) - 1] if names else None)
    sheet.range((1, 1)).value = [list(row) for row in values]
    sheet.range((1, 1), (1, len(CHECK_HEADERS))).font.bold = True
    for column, width in zip(("A", "B", "C", "D"), (10, 16, 14, 100), strict=True):
        sheet.range(f"{column}:{column}").column_width = width
    if CHECK_SHEET in names:
        sheets[CHECK_SHEET].delete()
    sheet.name = CHECK_SHEET
    sheet.activate()


def _check(book: Any) -> str:
    followup, problems = _read_live(book, with_checks=True)
    del followup
    write_check_sheet(book, check_sheet_values(check_rows(problems)))
    return summary(problems)


def _new_year(book: Any) -> str:
    from xlinsats.core.new_year import start_next_year
    from xlinsats.workbook.writer import build_workbook
    from xlinsats.xlsm.package import save_xlsm

    if not Path(book.fullname).parent.name or "://" in book.fullname:
        raise XlinsatsError("Spara arbetsboken i en mapp på datorn först; det nya året hamnar bredvid den.")
    followup = _require(*_read_live(book, with_checks=False))
    following = start_next_year(followup)
    out = default_new_year_path(Path(book.fullname), following.ar)
    if out.exists():
        raise XlinsatsError(f"{out.name} finns redan bredvid arbetsboken; flytta eller byt namn på den först.")
    save_xlsm(build_workbook(following), out)
    book.app.books.open(str(out))
    return f"Arbetsboken för {following.ar} är skapad och öppnad: {out}"


def _build_report(book: Any) -> str:
    from xlinsats.core.figures import compute_figures
    from xlinsats.report.layout import build_report as layout_report
    from xlinsats.report.live_desktop import ComDetails
    from xlinsats.report.live_writer import write_live_report

    followup = _require(*_read_live(book, with_checks=False))
    try:
        names = write_live_report(
            layout_report(compute_figures(followup)), book, prefix=REPORT_PREFIX + " ", desktop=ComDetails()
        )
    except Exception as exc:  # write_live_report has put the old report back; say so, briefly
        raise XlinsatsError(
            "Rapporten kunde inte byggas färdigt; den förra rapporten är kvar som den var. "
            f"Felet ({type(exc).__name__}): {exc}"
        ) from exc
    return f"Rapporten är byggd i arbetsboken, på bladen {', '.join(names)}."


def _run(action: Callable[[Any], str]) -> None:
    """Run one ribbon action on the calling workbook and tell the user how it went, in Swedish."""
    import xlwings as xw

    book = xw.Book.caller()
    message, mode = run_action(action, book)
    book.app.alert(message, title=TITLE, mode=mode)


def run_action(action: Callable[[Any], str], book: Any) -> tuple[str, str]:
    """Run ``action`` on ``book``; return the message for the user and the alert mode ("info"/"critical").

    A deliberate error shows its Swedish message; anything unexpected is reported briefly, without a
    traceback, and nothing is left half-done by the actions themselves (they write atomically).
    """
    try:
        return action(book), "info"
    except XlinsatsError as exc:
        return str(exc), "critical"
    except Exception as exc:  # the user gets a message box, never a Python traceback
        return f"Ett oväntat fel inträffade ({type(exc).__name__}): {exc}", "critical"


def build_report() -> None:
    """Ribbon "Bygg rapport": the report from the open workbook, written into it as the sheets "Rapport …"."""
    _run(_build_report)


def check_workbook() -> None:
    """Ribbon "Kontrollera": every problem on the sheet Kontroll, each with a link to its cell."""
    _run(_check)


def new_year() -> None:
    """Ribbon "Nytt år": next year's workbook beside this one, with settings, insatser and goals."""
    _run(_new_year)
