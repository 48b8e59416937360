"""Excel worksheet functions (UDFs) for Uppfoljning.xlsm: thin xlwings wrappers around the domain core.

Each function is named as in Excel and returns either its value or a short Swedish message (never raises),
because whatever a UDF returns is what the user sees in the cell. The docstrings are Swedish on purpose:
xlwings registers them as the function descriptions in Excel's function wizard.

Shares arrive from Excel as fractions (40 % is 0.4). ``kind`` is "andel" or "antal"; left out, a goal whose
target and result both lie between 0 and 1 is read as a share, any other as a count. ``direction`` is
"minst" (the default) or "högst" (also spelt "hogst"). The grading scale is read from the workbook's
defined names (``xlinsats_skala``, ``xlinsats_granser``, ``xlinsats_sammanvagning``) through the calling
cell; without them the default scale applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import xlwings as xw

from xlinsats.core.figures import budget_utilisation, unused_funds
from xlinsats.core.grading import aggregate_grades, compute_shortfall, grade_shortfall
from xlinsats.core.model import GoalKind, GradingScale
from xlinsats.core.numbers import to_fraction
from xlinsats.core.vocabulary import AGGREGATION, DIRECTION, GOAL_KIND, Choice

CATEGORY = "Uppföljning"
SCALE_NAME = "xlinsats_skala"
BOUNDS_NAME = "xlinsats_granser"
AGGREGATION_NAME = "xlinsats_sammanvagning"

_UNDEFINED = "\u2013"  # the en dash the workbook's formulas show for an undefined value
_BLANKS = ("", _UNDEFINED, "-")


_QUOTE = '"'  # a formula quotes text with double quotes, so messages about typed words do too


class CellMessage(Exception):
    """Bad input to a worksheet function; its text is the short Swedish message shown in the cell."""


def _number(value: Any, what: str) -> Fraction:
    """Return a cell value as an exact, non-negative number, or raise CellMessage naming ``what``."""
    if value is None or (isinstance(value, str) and value.strip() in _BLANKS):
        raise CellMessage(f"{what} saknas")
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        raise CellMessage(f"{what} är inte ett tal")
    if isinstance(value, float) and value != value:  # NaN
        raise CellMessage(f"{what} är inte ett tal")
    number = to_fraction(value)
    if number < 0:
        raise CellMessage(f"{what} får inte vara negativt")
    return number


def _float(value: Fraction | Decimal) -> float:
    """Return a result as the float Excel stores, or raise CellMessage when it does not fit in one."""
    try:
        return float(value)
    except (ArithmeticError, ValueError) as exc:
        raise CellMessage("Resultatet är för stort för Excel") from exc


def _word(value: Any, choice: Choice, argument: str) -> str | None:
    """Return the canonical choice for a text cell, None for a blank, or raise CellMessage naming ``argument``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    found = choice.parse(value) if isinstance(value, str) else None
    if found is None:
        raise CellMessage(f"{argument} ska vara {choice.allowed(quote=_QUOTE)}")
    return found


def _flatten(value: Any) -> Iterable[Any]:
    """Yield every cell value of a scalar, a row, a column or a block."""
    if isinstance(value, list | tuple):
        for item in value:
            yield from _flatten(item)
    else:
        yield value


def _name_value(caller: Any, name: str) -> Any:
    """Return the value of a workbook-level defined name as seen from the calling cell; None when absent."""
    if caller is None:
        return None
    try:
        return caller.sheet.book.names[name].refers_to_range.value
    except Exception:  # a missing name or a name that is no range: the default scale applies
        return None


def scale_from_values(names: Any, bounds: Any, aggregation: Any) -> GradingScale:
    """Return the grading scale from the values of the three setting ranges; the default when names is None.

    Raises:
        CellMessage: the settings are present but do not make a valid scale.
    """
    if names is None:
        return GradingScale()
    grade_names = tuple(str(v).strip() for v in _flatten(names) if v is not None and str(v).strip())
    try:
        grade_bounds = tuple(
            Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
            for v in _flatten(bounds)
            if v is not None and not (isinstance(v, str) and not v.strip())
        )
    except (ArithmeticError, TypeError, ValueError) as exc:
        raise CellMessage("Gränserna på bladet Inställningar är inte tal") from exc
    word = _word(aggregation, AGGREGATION, "Sammanvägning") or "median"
    try:
        return GradingScale(grade_names, grade_bounds, word)  # type: ignore[arg-type]
    except ValueError as exc:
        raise CellMessage(f"Bedömningsskalan på bladet Inställningar: {exc}") from exc


def read_scale(caller: Any) -> GradingScale:
    """Return the workbook's grading scale as seen from the calling cell, or the default scale.

    Raises:
        CellMessage: the workbook's settings do not make a valid scale.
    """
    return scale_from_values(
        _name_value(caller, SCALE_NAME), _name_value(caller, BOUNDS_NAME), _name_value(caller, AGGREGATION_NAME)
    )


def _goal_shortfall(goal: Any, result: Any, kind: Any, direction: Any) -> tuple[Fraction, GoalKind]:
    """Return the shortfall of a goal as the core computes it, from Excel cell values."""
    target = _number(goal, "Målvärdet")
    outcome = _number(result, "Utfallet")
    chosen = _word(kind, GOAL_KIND, "Typ")
    towards = _word(direction, DIRECTION, "Riktning") or "minst"
    if chosen is None:
        if 0 < target < 1 and outcome > 1:
            # A fractional target is a share, so a result above 1 is a share typed as 50 instead of 50 %: a
            # count reading would grade it against a target of under one person.
            raise CellMessage("Målvärdet är en andel men utfallet är över 100 %; skriv utfallet som t.ex. 50 %")
        chosen = "andel" if target <= 1 and outcome <= 1 else "antal"
    goal_kind: GoalKind = "andel" if chosen == "andel" else "antal"
    if goal_kind == "andel":
        if target > 1 or outcome > 1:
            raise CellMessage("En andel kan inte vara över 100 % (skriv t.ex. 40 %)")
        target, outcome = target * 100, outcome * 100
    shortfall = compute_shortfall(goal_kind, "högst" if towards == "högst" else "minst", target, outcome)
    if shortfall is None:
        raise CellMessage("Ett antalsmål med målvärdet 0 kan inte bedömas")
    return shortfall, goal_kind


# The decorators below attach the metadata xlwings needs on Windows; elsewhere they are no-ops.
_GOAL_DOC = "Målvärdet: en andel (t.ex. 40 %) eller ett antal personer"
_RESULT_DOC = "Utfallet, i samma enhet som målvärdet"
_KIND_DOC = 'Valfritt: "andel" eller "antal". Utelämnas: andel om båda värdena ligger mellan 0 och 100 %'
_DIRECTION_DOC = 'Valfritt: "minst" (standard) eller "högst"'


@xw.func(category=CATEGORY)
@xw.arg("goal", doc=_GOAL_DOC)
@xw.arg("result", doc=_RESULT_DOC)
@xw.arg("kind", doc=_KIND_DOC)
@xw.arg("direction", doc=_DIRECTION_DOC)
def FULFILMENT(goal: Any, result: Any, kind: Any = None, direction: Any = None, caller: Any = None) -> Any:
    """Bedömer hur väl ett utfall når sitt mål, med arbetsbokens bedömningsskala (t.ex. God)."""
    try:
        shortfall, _ = _goal_shortfall(goal, result, kind, direction)
        grade = grade_shortfall(shortfall, read_scale(caller))
    except CellMessage as message:
        return str(message)
    return grade


@xw.func(category=CATEGORY)
@xw.arg("goal", doc=_GOAL_DOC)
@xw.arg("result", doc=_RESULT_DOC)
@xw.arg("kind", doc=_KIND_DOC)
@xw.arg("direction", doc=_DIRECTION_DOC)
def SHORTFALL(goal: Any, result: Any, kind: Any = None, direction: Any = None) -> Any:
    """Avvikelse från målet: procentenheter för andelsmål, procent av målvärdet för antalsmål (0 = uppnått)."""
    try:
        shortfall, _ = _goal_shortfall(goal, result, kind, direction)
        return _float(shortfall)
    except CellMessage as message:
        return str(message)


def _sum_of(value: Any, what: str) -> Fraction:
    """Return the sum of one cell or of several (an indicator whose numerator adds up several counts)."""
    return sum((_number(item, what) for item in _flatten(value)), Fraction(0))


@xw.func(category=CATEGORY)
@xw.arg(
    "part",
    ndim=2,
    doc="Delen: ett antal, eller flera celler som summeras (t.ex. arbete/studier och annan insats)",
)
@xw.arg("total", doc="Helheten, t.ex. antal avslutade")
def SHARE(part: Any, total: Any) -> Any:
    """Andelen del av helhet (visas med formatet 0 %); delen kan vara flera antal som summeras."""
    try:
        whole = _number(total, "Helheten")
        piece = _sum_of(part, "Delen")
        if whole == 0:
            raise CellMessage("Helheten är 0, andelen saknas")
        if piece > whole:
            raise CellMessage("Delen är större än helheten")
        return _float(piece / whole)
    except CellMessage as message:
        return str(message)


def _decimal(value: Fraction) -> Decimal:
    """Return a number read from a cell (a decimal fraction) as a Decimal."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def _economy(budget: Any, cost: Any) -> tuple[Fraction | None, Decimal | None]:
    """Return budget utilisation and unused funds as the core computes them for an insats."""
    budget_tkr, cost_tkr = _decimal(_number(budget, "Budgeten")), _decimal(_number(cost, "Kostnaden"))
    return budget_utilisation(budget_tkr, cost_tkr), unused_funds(budget_tkr, cost_tkr)


@xw.func(category=CATEGORY)
@xw.arg("budget", doc="Budget i tkr")
@xw.arg("cost", doc="Faktisk kostnad i tkr")
def BUDGET_UTILISATION(budget: Any, cost: Any) -> Any:
    """Budgetutnyttjande: kostnad delat med budget (visas med formatet 0 %)."""
    try:
        utilisation, _ = _economy(budget, cost)
        if utilisation is None:
            raise CellMessage("Budgeten är 0, utnyttjandet saknas")
        return _float(utilisation)
    except CellMessage as message:
        return str(message)


@xw.func(category=CATEGORY)
@xw.arg("budget", doc="Budget i tkr")
@xw.arg("cost", doc="Faktisk kostnad i tkr")
def UNUSED_FUNDS(budget: Any, cost: Any) -> Any:
    """Outnyttjade medel i tkr: budget minus kostnad (negativt när budgeten har överskridits)."""
    try:
        _, unused = _economy(budget, cost)
        return _float(unused) if unused is not None else "Kan inte beräknas"
    except CellMessage as message:
        return str(message)


@xw.func(category=CATEGORY)
@xw.arg("grades", ndim=2, doc="Målens bedömningar: en rad, en kolumn eller ett block; tomma celler räknas inte")
def INSATS_GRADE(grades: Any, caller: Any = None) -> Any:
    """Insatsens samlade bedömning ur målens bedömningar, sammanvägda enligt bladet Inställningar."""
    try:
        scale = read_scale(caller)
    except CellMessage as message:
        return str(message)
    values = [str(v).strip() for v in _flatten(grades) if v is not None and str(v).strip()]
    grade = aggregate_grades(values, scale)
    return grade if grade is not None else "Inget bedömt mål"
