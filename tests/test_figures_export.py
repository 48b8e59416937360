"""The key-figures export: the JSON structure of the issue, null where undefined, CSV safe for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from xlinsats.cli import main
from xlinsats.core.figures import FollowUpFigures, compute_figures
from xlinsats.core.model import FLOW_NAMES, GENDERS, Count, Flows, FollowUp, Insats, Outcomes, Privacy
from xlinsats.core.privacy import MASK_SYMBOL, FiguresMasking
from xlinsats.figures_export import figures_to_csv, figures_to_data, figures_to_json, neutralise_csv_text


def test_json_structure_and_values(reference_figures: FollowUpFigures) -> None:
    """The JSON has the agreed keys; shares are unrounded percent; the seed's Lyra figures come out."""
    data = json.loads(figures_to_json(reference_figures))
    assert set(data) == {"forbund", "ar", "insatser", "totalt"}
    lyra = data["insatser"][0]
    assert set(lyra) == {
        "namn",
        "budget_tkr",
        "kostnad_tkr",
        "budgetutnyttjande",
        "outnyttjat_tkr",
        "deltagare",
        "andelar",
        "mal",
        "bedomning",
        "publicerad_bedomning",
    }
    assert lyra["budgetutnyttjande"] == 2008 / 2450 * 100
    assert lyra["outnyttjat_tkr"] == 442
    assert lyra["deltagare"]["nya"] == {"kvinnor": 11, "man": 15, "annat": 0, "totalt": 26}
    assert lyra["andelar"]["vidare_andel"] == 12 / 17 * 100
    assert lyra["andelar"]["behallit_anstallning_andel"] is None
    assert set(lyra["mal"][0]) == {"text", "malvarde", "utfall", "avvikelse", "bedomning"}
    assert lyra["mal"][3] == {
        "text": "Avsluta 20 deltagare.",
        "malvarde": 20,
        "utfall": 17,
        "avvikelse": 15,
        "bedomning": "Godtagbart",
    }
    assert data["totalt"]["aktuella"] == {"kvinnor": 181, "man": 154, "annat": 13, "totalt": 348}


def test_undefined_figures_are_null() -> None:
    """An insats with no counts, budget or goals exports nulls, not zeros."""
    figures = compute_figures(FollowUp("F", 2024, (Insats("Tom", deltagare=Flows(avslutade=Count.plain(0))),)))
    insats = figures_to_data(figures)["insatser"][0]
    assert insats["budgetutnyttjande"] is None and insats["outnyttjat_tkr"] is None
    assert all(value is None for value in insats["andelar"].values())
    assert insats["bedomning"] is None
    assert insats["deltagare"]["nya"]["totalt"] is None


def test_csv_has_a_row_per_insats_and_a_total_row(reference_figures: FollowUpFigures) -> None:
    """The CSV lists each insats and TOTALT; undefined shares are empty cells."""
    rows = list(csv.DictReader(io.StringIO(figures_to_csv(reference_figures)), delimiter=";"))
    assert [row["namn"] for row in rows] == ["Lyra", "MIA", "START", "Unga på väg i Salem (UPIS)", "TOTALT"]
    assert rows[1]["sjalvforsorjande_andel"] == ""
    assert rows[4]["aktuella_totalt"] == "348"


def test_csv_neutralises_formula_like_text() -> None:
    """Text starting with =, +, -, @, tab or CR is prefixed with a quote (OWASP CSV injection)."""
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise_csv_text(start + "1+1") == "'" + start + "1+1"
    assert neutralise_csv_text("Lyra") == "Lyra"
    figures = compute_figures(FollowUp("F", 2024, (Insats('=HYPERLINK("x")', efter_avslut=Outcomes()),)))
    assert figures_to_csv(figures).splitlines()[1].startswith("\"'=HYPERLINK")
    masked = compute_figures(
        FollowUp("F", 2024, (Insats("@SUM(A1)", deltagare=Flows(nya=Count.by_gender(1, 5, 0))),), sekretess=Privacy(3))
    )
    line = figures_to_csv(masked).splitlines()[1]
    assert line.startswith("'@SUM(A1)") and MASK_SYMBOL in line


def _masked_reference(reference: FollowUp, minimum: int) -> FollowUpFigures:
    return compute_figures(replace(reference, sekretess=Privacy(minimum)))


def _resolve(data: dict[str, Any], pointer: str) -> Any:
    target: Any = data
    for step in pointer.split("/")[1:]:
        target = target[int(step)] if isinstance(target, list) else target[step]
    return target


def test_masking_is_off_by_default(reference_figures: FollowUpFigures) -> None:
    """Without minsta_cell the export is exactly the unmasked structure, with no sekretess key."""
    data = figures_to_data(reference_figures)
    assert "sekretess" not in data
    # UPIS's one current participant of another gender and its 2 of 20 to another insats, masked at m = 3,
    # are shown as they are.
    assert data["insatser"][3]["deltagare"]["aktuella"]["annat"] == 1
    assert data["insatser"][3]["andelar"]["annan_insats_andel"] == 10  # 2 of 20
    assert figures_to_data(reference_figures, FiguresMasking(None)) == data
    rows = list(csv.DictReader(io.StringIO(figures_to_csv(reference_figures)), delimiter=";"))
    assert rows[3]["aktuella_annat"] == "1" and rows[3]["annan_insats_andel"] == "10"
    assert ".." not in figures_to_csv(reference_figures)


@pytest.mark.parametrize("minimum", [3, 5])
def test_json_masks_small_counts_as_null_and_lists_them(reference: FollowUp, minimum: int) -> None:
    """Masked figures are null; sekretess names the minimum, the symbol and each masked figure's JSON Pointer."""
    figures = _masked_reference(reference, minimum)
    data = json.loads(figures_to_json(figures))
    secrecy = data["sekretess"]
    assert secrecy["minsta_cell"] == minimum and secrecy["symbol"] == MASK_SYMBOL
    assert "/insatser/3/deltagare/aktuella/annat" in secrecy["maskerade"]
    assert all(_resolve(data, pointer) is None for pointer in secrecy["maskerade"])
    assert set(data) == {"forbund", "ar", "insatser", "totalt", "sekretess"}
    assert set(data["insatser"][0]) == set(figures_to_data(compute_figures(reference))["insatser"][0])
    # Nothing from 1 to m - 1 is left among the exported counts.
    flows = [insats["deltagare"] for insats in data["insatser"]] + [data["totalt"]]
    shown = [value for flow in flows for count in flow.values() for value in count.values()]
    assert not [value for value in shown if value is not None and 1 <= value < minimum]
    assert data["totalt"]["aktuella"] == {"kvinnor": 181, "man": 154, "annat": 13, "totalt": 348}


@pytest.mark.parametrize("minimum", [3, 5])
def test_csv_writes_the_mask_symbol(reference: FollowUp, minimum: int) -> None:
    """Masked cells read "..", no small count is left in a count column, and undefined cells stay empty."""
    rows = list(csv.DictReader(io.StringIO(figures_to_csv(_masked_reference(reference, minimum))), delimiter=";"))
    upis = rows[3]
    assert upis["aktuella_annat"] == MASK_SYMBOL and upis["nya_annat"] == MASK_SYMBOL
    assert upis["annan_insats_andel"] == MASK_SYMBOL
    assert rows[1]["sjalvforsorjande_andel"] == ""
    count_columns = [f"{flow}_{part}" for flow in FLOW_NAMES for part in (*GENDERS, "totalt")]
    for row in rows:
        for column in count_columns:
            if row[column] not in ("", MASK_SYMBOL):
                assert not 1 <= int(row[column]) < minimum, (row["namn"], column)
    assert rows[4]["aktuella_totalt"] == "348"


def test_figures_command_masks_with_the_setting_in_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`xlinsats figures` on an interchange file with [sekretess] minsta_cell = 3 prints masked CSV and JSON."""
    source = (Path(__file__).resolve().parent.parent / "examples" / "uppfoljning-2022.toml").read_text("utf-8")
    path = tmp_path / "data.toml"
    path.write_text(source + "\n[sekretess]\nminsta_cell = 3\n", "utf-8")
    assert main(["figures", str(path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    assert rows[3]["aktuella_annat"] == MASK_SYMBOL
    assert main(["figures", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["sekretess"]["minsta_cell"] == 3


@given(st.text(max_size=30), st.text(max_size=10))
@example("Lyra;=HYPERLINK(1)", "God")
@example("-2+3", "@x")
def test_csv_texts_round_trip_and_start_no_formula_in_swedish_excel(name: str, grade: str) -> None:
    """Any text reads back as its neutralised self, and read with ";" (Swedish Excel) no cell starts a formula."""
    insats = Insats(name, publicerad_bedomning=grade, budget_tkr=Decimal(100), kostnad_tkr=Decimal(150))
    text = figures_to_csv(compute_figures(FollowUp("F", 2024, (insats,))))
    row = next(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert row["namn"] == neutralise_csv_text(name)
    assert row["publicerad_bedomning"] == neutralise_csv_text(grade)
    assert row["outnyttjat_tkr"] == "-50"
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
        for field in record:
            # A negative number ("-50") is a number to Excel, not a formula; every other field is neutralised.
            if not re.fullmatch(r"-\d+(,\d+)?", field):
                assert not field.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_layout_written_out(reference_figures: FollowUpFigures) -> None:
    """The CSV header, Lyra's first cells and grades, and the TOTALT row (empty beyond the counts) as written."""
    lines = figures_to_csv(reference_figures).splitlines()
    flows = [f"{flow}_{part}" for flow in FLOW_NAMES for part in (*GENDERS, "totalt")]
    shares = [
        "arbete_studier_andel",
        "annan_insats_andel",
        "vidare_andel",
        "sjalvforsorjande_andel",
        "behallit_anstallning_andel",
    ]
    header = ["namn", "budget_tkr", "kostnad_tkr", "budgetutnyttjande", "outnyttjat_tkr", *flows, *shares]
    assert lines[0].split(";") == [*header, "bedomning", "publicerad_bedomning"]
    lyra = lines[1].split(";")
    # Worked by hand: 2 008 of 2 450 tkr is 81.959 %, read as 82,0; 9 of 17 to work or studies 52.94 %: 52,9.
    assert lyra[:5] == ["Lyra", "2450", "2008", "82,0", "442"]
    assert lyra[5 + len(flows)] == "52,9"
    assert lyra[-2:] == ["God", "God"]
    total = lines[-1].split(";")
    assert len(total) == len(header) + 2
    assert total[:5] == ["TOTALT", "", "", "", ""]
    assert total[5:9] == ["181", "154", "13", "348"]
    assert total[5 + len(flows) :] == [""] * (len(shares) + 2)


def test_json_text_is_indented_utf8(reference_figures: FollowUpFigures) -> None:
    """The JSON text keeps Swedish letters as they are and is indented by two spaces, one key a line."""
    text = figures_to_json(reference_figures)
    assert text.startswith('{\n  "forbund": "Samordningsförbundet HBS",\n  "ar": 2022,\n  "insatser": [\n    {\n')
    assert text.endswith("}\n") and not text.endswith("}\n\n")
    lyra = json.loads(text)["insatser"][0]
    assert (lyra["budget_tkr"], lyra["kostnad_tkr"]) == (2450, 2008)


def test_an_explicit_masking_is_used_in_every_format(reference_figures: FollowUpFigures) -> None:
    """A masking passed in (m = 3 on data without a setting) is what JSON, its text and CSV apply."""
    from xlinsats.core.privacy import mask_figures

    masking = mask_figures(reference_figures, 3)
    pointer = "/insatser/3/deltagare/aktuella/annat"  # UPIS's one participant of another gender
    assert figures_to_data(reference_figures, masking)["insatser"][3]["deltagare"]["aktuella"]["annat"] is None
    assert pointer in json.loads(figures_to_json(reference_figures, masking))["sekretess"]["maskerade"]
    rows = list(csv.DictReader(io.StringIO(figures_to_csv(reference_figures, masking)), delimiter=";"))
    assert rows[3]["aktuella_annat"] == MASK_SYMBOL


def test_csv_doubles_quotes_inside_a_quoted_text() -> None:
    """A name holding a quote and a semicolon is quoted with the quote doubled: 'A "B"; C' -> '"A ""B""; C"'."""
    figures = compute_figures(FollowUp("F", 2024, (Insats('A "B"; C'),)))
    line = figures_to_csv(figures).splitlines()[1]
    assert line.startswith('"A ""B""; C";')


def test_own_counts_are_exported_by_part() -> None:
    """An insats's own count is exported under egna_antal with its parts and total (4 women, 6 men: 10)."""
    from xlinsats.core.model import Indicator

    own = (Indicator("positiv", "Positiv lösning", ("positiv",), "avslutade"),)
    insats = Insats("A", deltagare=Flows(avslutade=Count.plain(20)), egna_antal={"positiv": Count.by_gender(4, 6, 0)})
    data = figures_to_data(compute_figures(FollowUp("F", 2024, (insats,), indikatorer=own)))
    assert data["insatser"][0]["egna_antal"] == {"positiv": {"kvinnor": 4, "man": 6, "annat": 0, "totalt": 10}}
    assert data["insatser"][0]["andelar"]["positiv"] == 50


# (budget, cost) -> (budgetutnyttjande in percent, outnyttjat_tkr), worked by hand: utilisation is cost over
# budget, undefined without both or with a budget of 0 or less; unused is budget minus cost when both are known.
BUDGET_CASES = [
    (Decimal(200), Decimal(150), 75, 50),
    (Decimal(1), Decimal(1), 100, 0),  # the smallest positive budget still divides
    (Decimal("0.5"), Decimal(1), 200, -0.5),
    (Decimal(0), Decimal(5), None, -5),  # no utilisation of a zero budget
    (None, Decimal(5), None, None),
    (Decimal(100), None, None, None),
    (None, None, None, None),
]


@pytest.mark.parametrize(("budget", "cost", "utilisation", "unused"), BUDGET_CASES)
def test_budget_figures_worked_cases(
    budget: Decimal | None, cost: Decimal | None, utilisation: int | None, unused: float | None
) -> None:
    """Budget use and unused funds follow the hand-worked table, in JSON and in the CSV's columns."""
    figures = compute_figures(FollowUp("F", 2024, (Insats("A", budget_tkr=budget, kostnad_tkr=cost),)))
    exported = figures_to_data(figures)["insatser"][0]
    assert (exported["budgetutnyttjande"], exported["outnyttjat_tkr"]) == (utilisation, unused)
    row = next(csv.DictReader(io.StringIO(figures_to_csv(figures)), delimiter=";"))
    assert row["budgetutnyttjande"] == ("" if utilisation is None else str(utilisation))
