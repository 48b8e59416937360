"""The key-figures export: the JSON structure of the issue, null where undefined, CSV safe for spreadsheets."""

from __future__ import annotations

import csv
import io
import json

from xlinsats.core.figures import FollowUpFigures, compute_figures
from xlinsats.core.model import Count, Flows, FollowUp, Insats, Outcomes
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
    rows = list(csv.DictReader(io.StringIO(figures_to_csv(reference_figures))))
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
