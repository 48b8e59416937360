"""The worksheet functions: values from the core, Swedish messages on bad input, and their VBA wrappers."""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlinsats import udfs
from xlinsats.core.figures import FollowUpFigures
from xlinsats.xlsm.udf_wrapper import generate_descriptions_module, generate_wrapper_module, udf_metadata

UDF_NAMES = ("FULFILMENT", "SHORTFALL", "SHARE", "BUDGET_UTILISATION", "UNUSED_FUNDS", "INSATS_GRADE")


class _Name:
    def __init__(self, value: Any) -> None:
        self.refers_to_range = type("R", (), {"value": value})()


class FakeCaller:
    """Stand-in for the xlwings Range that xlwings passes as ``caller`` (needs Excel, which cannot run here).

    It offers only the attribute path the UDFs use: ``caller.sheet.book.names[name].refers_to_range.value``;
    a missing name raises KeyError as xlwings' Names does. It does not prove that Excel hands the UDF a caller.
    """

    def __init__(self, names: dict[str, Any]) -> None:
        book = type("Book", (), {"names": {key: _Name(value) for key, value in names.items()}})()
        self.sheet = type("Sheet", (), {"book": book})()


CUSTOM = FakeCaller(
    {
        "xlinsats_skala": [["Bra"], ["Mindre bra"], ["Dålig"]],
        "xlinsats_granser": [[2.0], [10.0]],
        "xlinsats_sammanvagning": "samsta",
    }
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((0.4, 0.35), "God"),  # exactly 5 points: God, although 0.40 - 0.35 > 0.05 in binary
        ((0.4, 0.3499), "Godtagbart"),
        ((0.4, 0.15), "Godtagbart"),  # exactly 25 points
        ((0.4, 0.14), "Ej godtagbart"),
        ((0.4, 0.9), "God"),  # exceeding a "minst" goal is no shortfall
        ((0.2, 0.25, "andel", "högst"), "God"),
        ((0.2, 0.5, "andel", "hogst"), "Ej godtagbart"),
        ((20, 15, "antal"), "Godtagbart"),  # 25 % of the target
        ((20, 19, "antal", "minst"), "God"),
        ((20, 19), "God"),  # values above 1: read as a count
        ((0.5, 0.5, "ANDEL", " Minst "), "God"),
    ],
)
def test_fulfilment_grades_on_the_default_scale(args: tuple[Any, ...], expected: str) -> None:
    """FULFILMENT gives the core's grade for fractions from Excel, on the default scale."""
    assert udfs.FULFILMENT(*args) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((None, 0.3), "Målvärdet saknas"),
        ((0.4, ""), "Utfallet saknas"),
        ((0.4, "\u2013"), "Utfallet saknas"),
        (("40 %", 0.3), "Målvärdet är inte ett tal"),
        ((0.4, True), "Utfallet är inte ett tal"),
        ((-0.4, 0.3), "Målvärdet får inte vara negativt"),
        ((0.4, 0.3, "procent"), 'Typ ska vara "andel" eller "antal"'),
        ((0.4, 0.3, "andel", "över"), 'Riktning ska vara "minst" eller "högst"'),
        ((40, 30, "andel"), "En andel kan inte vara över 100 % (skriv t.ex. 40 %)"),
        ((0, 3, "antal"), "Ett antalsmål med målvärdet 0 kan inte bedömas"),
        ((0.5, 50), "Målvärdet är en andel men utfallet är över 100 %; skriv utfallet som t.ex. 50 %"),
    ],
)
def test_fulfilment_bad_input_gives_swedish_message(args: tuple[Any, ...], message: str) -> None:
    """Bad input to FULFILMENT gives a short Swedish message instead of a grade or a traceback."""
    assert udfs.FULFILMENT(*args) == message


def test_shortfall_units() -> None:
    """SHORTFALL is in percentage points for a share goal and percent of the target for a count goal."""
    assert udfs.SHORTFALL(0.4, 0.35) == 5.0
    assert udfs.SHORTFALL(0.4, 0.5) == 0.0
    assert udfs.SHORTFALL(0.2, 0.26, "andel", "högst") == pytest.approx(6.0)
    assert udfs.SHORTFALL(40, 30, "antal") == 25.0
    assert udfs.SHORTFALL(40, "x", "antal") == "Utfallet är inte ett tal"


def test_share_and_its_messages() -> None:
    """SHARE is part/total as a fraction, and says so when the total is zero, missing or smaller than the part."""
    assert udfs.SHARE(2, 5) == 0.4
    assert udfs.SHARE(0, 5) == 0.0
    assert udfs.SHARE(1, 0) == "Helheten är 0, andelen saknas"
    assert udfs.SHARE(1, None) == "Helheten saknas"
    assert udfs.SHARE(6, 5) == "Delen är större än helheten"
    assert udfs.SHARE(-1, 5) == "Delen får inte vara negativt"
    assert udfs.SHARE("tre", 5) == "Delen är inte ett tal"


def test_share_sums_a_numerator_of_several_counts() -> None:
    """An own indicator summing counts: (24 + 10) of 68 is 0.5; a blank among the parts is a message."""
    assert udfs.SHARE([[24, 10]], 68) == 0.5
    assert udfs.SHARE([[24], [10]], 68) == 0.5
    assert udfs.SHARE([[24, None]], 68) == "Delen saknas"
    assert udfs.SHARE([[60, 10]], 68) == "Delen är större än helheten"


def test_budget_functions() -> None:
    """Budget utilisation is cost/budget and unused funds budget minus cost, negative on an overrun."""
    assert udfs.BUDGET_UTILISATION(2000, 1500) == 0.75
    assert udfs.BUDGET_UTILISATION(0, 100) == "Budgeten är 0, utnyttjandet saknas"
    assert udfs.BUDGET_UTILISATION(2000, None) == "Kostnaden saknas"
    assert udfs.UNUSED_FUNDS(2000, 1500.5) == 499.5
    assert udfs.UNUSED_FUNDS(1000, 1200) == -200.0
    assert udfs.UNUSED_FUNDS("", 1200) == "Budgeten saknas"


def test_insats_grade_takes_rows_columns_blocks_and_ignores_blanks() -> None:
    """INSATS_GRADE aggregates goal grades from any range shape; blanks and messages are not grades."""
    assert udfs.INSATS_GRADE([["God", "Ej godtagbart", None, "Godtagbart"]]) == "Godtagbart"
    assert udfs.INSATS_GRADE([["God"], ["God"], [""], ["Ej godtagbart"]]) == "God"
    assert udfs.INSATS_GRADE([["God", None], ["Utfallet saknas", "God"]]) == "God"
    assert udfs.INSATS_GRADE("Godtagbart") == "Godtagbart"
    assert udfs.INSATS_GRADE([[None, ""]]) == "Inget bedömt mål"


def test_workbook_scale_is_used_through_caller() -> None:
    """With the workbook's defined names present, grade names, bounds and aggregation come from them."""
    assert udfs.FULFILMENT(0.4, 0.37, caller=CUSTOM) == "Mindre bra"
    assert udfs.FULFILMENT(0.4, 0.38, caller=CUSTOM) == "Bra"
    assert udfs.FULFILMENT(0.4, 0.29, caller=CUSTOM) == "Dålig"
    assert udfs.INSATS_GRADE([["Bra", "Bra", "Dålig"]], caller=CUSTOM) == "Dålig"


def test_missing_names_fall_back_to_the_default_scale() -> None:
    """A workbook without the setting names grades on God/Godtagbart/Ej godtagbart, 5/25, median."""
    assert udfs.FULFILMENT(0.4, 0.35, caller=FakeCaller({})) == "God"
    assert udfs.INSATS_GRADE([["God", "Ej godtagbart"]], caller=FakeCaller({})) == "Ej godtagbart"


def test_invalid_workbook_scale_gives_message() -> None:
    """A scale with the wrong number of bounds is reported in the cell, naming the settings sheet."""
    broken = FakeCaller({"xlinsats_skala": [["A"], ["B"], ["C"]], "xlinsats_granser": [[5.0]]})
    assert udfs.FULFILMENT(0.4, 0.3, caller=broken).startswith("Bedömningsskalan på bladet Inställningar")
    bad_bound = FakeCaller({"xlinsats_skala": [["A"], ["B"]], "xlinsats_granser": [["fem"]]})
    assert udfs.FULFILMENT(0.4, 0.3, caller=bad_bound) == "Gränserna på bladet Inställningar är inte tal"


# The 2022 goals and boundary cases, graded by hand on the default scale (God within 5, Godtagbart within 25):
# (target, result as Excel hands them over, type, direction, grade). Shares are fractions (0.5 is 50 %),
# their shortfall in percentage points; a count's shortfall is in percent of its target.
FULFILMENT_CASES = [
    (0.5, 12 / 17, "andel", "minst", "God"),  # Lyra onward 70.6 % of 50 %: above the goal
    (0.5, 5 / 11, "andel", "minst", "God"),  # Lyra self-sufficient 45.5 %: 4.5 points short
    (20, 26, "antal", "minst", "God"),  # Lyra new
    (20, 17, "antal", "minst", "Godtagbart"),  # Lyra ended: 3 of 20 = 15 % short
    (0.3, 11 / 43, "andel", "minst", "God"),  # MIA work 25.6 %: 4.4 points short
    (0.4, 31 / 86, "andel", "minst", "God"),  # MIA other insats 36.0 %: 4.0 points short
    (100, 100, "antal", "minst", "God"),  # MIA new: exactly the target
    (0.6, 25 / 29, "andel", "minst", "God"),  # START kept employment 86.2 %
    (50, 38, "antal", "minst", "Godtagbart"),  # UPIS current: 12 of 50 = 24 % short
    (35, 18, "antal", "minst", "Ej godtagbart"),  # UPIS new: 17 of 35 = 48.6 % short
    (0.85, 0.7, "andel", "minst", "Godtagbart"),  # UPIS onward: 15 points short
    (0.4, 0.35, "andel", "minst", "God"),  # exactly 5 points short, though 0.40 - 0.35 > 0.05 in floats
    (0.4, 0.3499, "andel", "minst", "Godtagbart"),  # 5.01 points short
    (0.4, 0.15, "andel", "minst", "Godtagbart"),  # exactly 25 points short
    (0.4, 0.1499, "andel", "minst", "Ej godtagbart"),
    (20, 15, "antal", "minst", "Godtagbart"),  # exactly 25 % short
    (20, 14, "antal", "minst", "Ej godtagbart"),  # 30 % short
    (20, 19, "antal", "minst", "God"),  # exactly 5 % short
    (10, 12, "antal", "högst", "Godtagbart"),  # at most 10, got 12: 20 % over
    (0.1, 0.2, "andel", "högst", "Godtagbart"),  # at most 10 %, got 20 %: 10 points over
]


@pytest.mark.parametrize(("target", "result", "kind", "direction", "grade"), FULFILMENT_CASES)
def test_fulfilment_grades_worked_cases(target: float, result: float, kind: str, direction: str, grade: str) -> None:
    """FULFILMENT on Excel-style numbers gives the grade worked out by hand from the default scale."""
    assert udfs.FULFILMENT(target, result, kind, direction) == grade


def test_fulfilment_agrees_with_the_core_on_the_reference_data(reference_figures: FollowUpFigures) -> None:
    """The reference goals' grades in the core are the ones worked by hand above (START's work goal: 70.7 % of 50)."""
    grades = {
        insats.insats.visningsnamn: [goal.bedomning for goal in insats.mal] for insats in reference_figures.insatser
    }
    assert grades == {
        "Lyra": ["God", "God", "God", "Godtagbart"],
        "MIA": ["God", "God", "God"],
        "START": ["God", "God", "God"],
        "UPIS": ["Godtagbart", "Ej godtagbart", "Godtagbart"],
    }


cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=8),
    st.floats(allow_nan=True, allow_infinity=False),
    st.integers(min_value=-(10**6), max_value=10**6),
)


@given(cell_values, cell_values, cell_values, cell_values)
def test_udfs_never_raise(a: Any, b: Any, c: Any, d: Any) -> None:
    """Whatever the cells hold, every UDF returns a value or a message and never raises."""
    for value in (
        udfs.FULFILMENT(a, b, c, d),
        udfs.SHORTFALL(a, b, c, d),
        udfs.SHARE(a, b),
        udfs.BUDGET_UTILISATION(a, b),
        udfs.UNUSED_FUNDS(a, b),
        udfs.INSATS_GRADE([[a, b], [c, d]]),
    ):
        assert isinstance(value, str | float)


# --- through the generated VBA signatures ---------------------------------------------------------------

_FUNCTION = re.compile(r"^Function (\w+)\(([^)]*)\)\r$", re.M)
_CALL = re.compile(
    r'(\w+) = XLPy\.CallUDF\("xlinsats\.udfs", "(\w+)", Array\(([^)]*)\), ThisWorkbook, Application\.Caller\)'
)
#: What VBA passes for an omitted Optional Variant argument (DISP_E_PARAMNOTFOUND), as xlwings expects it.
_MISSING = -2147352572


def _vba_functions() -> dict[str, tuple[list[tuple[str, bool]], list[str]]]:
    """Parse the wrapper module: each function's parameters (name, optional) and its CallUDF argument list."""
    source = generate_wrapper_module()
    params = {
        name: [(p.split()[-1], p.strip().startswith("Optional")) for p in sig.split(",") if p.strip()]
        for name, sig in _FUNCTION.findall(source)
    }
    calls = {
        name: [a.strip() for a in args.split(",")] for name, target, args in _CALL.findall(source) if name == target
    }
    return {name: (params[name], calls[name]) for name in params}


def _call_as_excel(name: str, cells: dict[str, Any], caller: Any) -> Any:
    """Call a UDF the way xlwings' call_udf does for the VBA wrapper: by the wrapper's argument array."""
    _, call_args = _vba_functions()[name]
    info = udf_metadata()[name]
    args: list[Any] = []
    for position, arg in enumerate(call_args):
        if arg == "Nothing":
            args.append(caller)  # call_udf puts the calling range here
            continue
        value = cells.get(arg, _MISSING)
        args.append(info["args"][position].get("optional") if value == _MISSING else value)
    return getattr(udfs, name)(*args)


def test_every_udf_has_a_wrapper_matching_its_python_signature() -> None:
    """Each UDF has a VBA function whose parameters are the Python ones, caller left out, defaults optional."""
    functions = _vba_functions()
    assert set(functions) == set(UDF_NAMES)
    for name in UDF_NAMES:
        params, call_args = functions[name]
        python = [p for p in inspect.signature(getattr(udfs, name)).parameters.values() if p.name != "caller"]
        assert [p for p, _ in params] == [p.name for p in python]
        assert [optional for _, optional in params] == [p.default is not inspect.Parameter.empty for p in python]
        with_caller = "caller" in inspect.signature(getattr(udfs, name)).parameters
        assert call_args[-1] == ("Nothing" if with_caller else python[-1].name)


def test_udfs_through_their_vba_signatures() -> None:
    """Called by the wrapper's argument array, with omitted optionals, each UDF gives its Python value."""
    assert _call_as_excel("FULFILMENT", {"goal": 0.4, "result": 0.35}, None) == "God"
    assert _call_as_excel("FULFILMENT", {"goal": 0.4, "result": 0.38}, CUSTOM) == "Bra"
    assert _call_as_excel("FULFILMENT", {"goal": 0.2, "result": 0.3, "direction": "högst"}, None) == "Godtagbart"
    assert _call_as_excel("SHORTFALL", {"goal": 40.0, "result": 30.0, "kind": "antal"}, None) == 25.0
    assert _call_as_excel("SHARE", {"part": 3.0, "total": 4.0}, None) == 0.75
    assert _call_as_excel("BUDGET_UTILISATION", {"budget": 100.0, "cost": 0.0}, None) == 0.0
    assert _call_as_excel("UNUSED_FUNDS", {"budget": 100.0, "cost": 120.0}, None) == -20.0
    assert _call_as_excel("INSATS_GRADE", {"grades": [["Bra", "Dålig"]]}, CUSTOM) == "Dålig"


def test_wizard_descriptions_are_swedish_and_complete() -> None:
    """Every UDF and every argument has its own Swedish description, registered by the descriptions module."""
    module = generate_descriptions_module()
    for name, info in udf_metadata().items():
        assert info["category"] == "Uppföljning"
        assert "Python function" not in info["ret"]["doc"]
        for arg in info["args"]:
            if arg["name"] != "caller":
                assert not arg["doc"].startswith("Positional argument"), (name, arg["name"])
        assert f"'!{name}\"" in module
    assert re.search(r"[åäö]", module)


def test_decorators_leave_plain_functions_on_this_system() -> None:
    """Importing xlinsats.udfs off Windows leaves plain functions; generating wrappers does not change that."""
    generate_wrapper_module()
    assert not hasattr(udfs.FULFILMENT, "__xlfunc__")
    assert "pythoncom" not in __import__("sys").modules
