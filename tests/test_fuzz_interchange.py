"""Fuzzing the interchange reader and the commands: every input ends in a result or a clean Swedish message.

The number of examples follows the Hypothesis profile: ``ci`` (short, the default) or ``long`` (set
``HYPOTHESIS_PROFILE=long``); see docs/robusthet.md.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlinsats.cli import main
from xlinsats.core.checks import check_followup
from xlinsats.core.figures import compute_figures
from xlinsats.errors import FileFormatError
from xlinsats.figures_export import figures_to_csv, figures_to_json
from xlinsats.interchange import parse_interchange

NASTY_TEXT = st.sampled_from(
    ["", " ", "=1+1", "+SUM(A1)", "-2", "@cmd", "\t=x", "\r=x", "ÅÄÖ åäö", "’”–", "\x00", "a" * 300, "#DIV/0!", "NaN"]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    NASTY_TEXT,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=4,
)
COUNT = st.one_of(
    VALUES,
    st.integers(-3, 500),
    st.fixed_dictionaries({}, optional={"kvinnor": VALUES, "man": VALUES, "annat": VALUES, "totalt": VALUES}),
)
GOAL = st.fixed_dictionaries(
    {},
    optional={
        "text": st.one_of(NASTY_TEXT, VALUES),
        "typ": st.sampled_from(["andel", "antal", "procent"]) | VALUES,
        "riktning": st.sampled_from(["minst", "högst", "hogst", "mer"]) | VALUES,
        "malvarde": st.one_of(st.integers(-5, 200), st.floats(-1, 150), VALUES),
        "indikator": st.sampled_from(["nya", "vidare_andel", "okänd"]) | VALUES,
        "utfall": st.one_of(st.integers(-5, 200), VALUES),
    },
)
INSATS = st.fixed_dictionaries(
    {"namn": st.one_of(NASTY_TEXT, st.text(max_size=10), VALUES)},
    optional={
        "budget_tkr": st.one_of(st.integers(-10, 10**6), VALUES),
        "kostnad_tkr": st.one_of(st.integers(-10, 10**6), VALUES),
        "deltagare": st.fixed_dictionaries({}, optional={"aktuella": COUNT, "nya": COUNT, "avslutade": COUNT}) | VALUES,
        "efter_avslut": st.dictionaries(
            st.sampled_from(["arbete_studier", "annan_insats", "ettars_svarande", "anstallda", "x"]), COUNT, max_size=4
        ),
        "mal": st.lists(GOAL, max_size=4) | VALUES,
        "framgangar": st.lists(NASTY_TEXT, max_size=2) | VALUES,
        "citat": st.lists(st.fixed_dictionaries({"text": NASTY_TEXT}), max_size=2) | VALUES,
    },
)
DOCUMENT = st.fixed_dictionaries(
    {
        "forbund": st.fixed_dictionaries({"namn": NASTY_TEXT, "ar": st.integers(1800, 2300) | VALUES}) | VALUES,
        "insats": st.lists(INSATS, max_size=4) | VALUES,
    },
    optional={
        "bedomning": st.fixed_dictionaries(
            {},
            optional={
                "skala": st.lists(st.text(max_size=5), max_size=4) | VALUES,
                "god_max_avvikelse": VALUES | st.integers(-5, 50),
                "sammanvagning": st.sampled_from(["median", "samsta", "medel"]) | VALUES,
                "gransvarden": st.lists(st.integers(-5, 50), max_size=4) | VALUES,
            },
        ),
        "sekretess": st.fixed_dictionaries({"minsta_cell": VALUES | st.integers(-2, 10)}),
    },
)


def _run_everything(text: str, suffix: str) -> None:
    try:
        result = parse_interchange(text, suffix, "fuzz" + suffix)
    except FileFormatError as exc:
        assert str(exc) and exc.location is not None
        return
    for problem in result.problems:
        assert problem.message and problem.location is not None
    if result.followup is not None:
        check_followup(result.followup)
        figures = compute_figures(result.followup)
        figures_to_json(figures)
        figures_to_csv(figures)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(DOCUMENT)
def test_random_documents_end_in_a_result_or_a_clean_message(document: dict) -> None:  # type: ignore[type-arg]
    """Random and malicious values in every field: read, checked, computed and exported without an exception."""
    _run_everything(json.dumps(document, ensure_ascii=False, allow_nan=True), ".json")
    try:
        text = tomli_w.dumps(document)
    except (TypeError, ValueError):
        return  # not representable in TOML (e.g. None); the JSON form above covered it
    _run_everything(text, ".toml")


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_end_in_a_clean_message(data: bytes) -> None:
    """Random bytes as a TOML or JSON file give a result or a FileFormatError, never another exception."""
    for suffix in (".toml", ".json"):
        with contextlib.suppress(FileFormatError):
            _run_everything(data.decode("utf-8", "replace"), suffix)


#: Each case runs two whole commands, so this fuzz test takes fewer cases than the others.
_COMMAND_EXAMPLES = 300 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 15


@pytest.mark.parametrize("suffix", [".toml", ".json", ".xlsm", ".xlsx", ".xls"])
@settings(max_examples=_COMMAND_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_commands_on_random_files_exit_cleanly(
    tmp_path: Path, suffix: str, data: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """check and figures on a file of random bytes exit with 0 or 1 and a message, never a traceback (exit 3)."""
    path = tmp_path / ("fuzz" + suffix)
    path.write_bytes(data)
    for command in (["check", str(path)], ["figures", str(path)]):
        code = main(command)
        captured = capsys.readouterr()
        assert code in (0, 1), captured.err
        assert "Traceback" not in captured.err
