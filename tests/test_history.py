"""Earlier years' key figures: carried by new-year, masked as published, written to and read from the file."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from xlinsats.core.history import recent_years
from xlinsats.core.model import Count, Flows, FollowUp, Insats, Outcomes, Privacy, YearFigures
from xlinsats.core.new_year import start_next_year
from xlinsats.interchange import dump_interchange, parse_interchange


def test_new_year_carries_the_years_key_figures(reference: FollowUp) -> None:
    """Lyra 2022 goes into 2023's history as computed: 38/26/17 participants, 9 of 17 = 52.94 % to work or
    studies, 2 008 of 2 450 tkr = 81.96 % used, grade God (values worked out by hand from the seed's counts)."""
    nxt = start_next_year(reference)
    lyra = nxt.insatser[0]
    assert lyra.namn == "Lyra"
    [year] = lyra.historik
    assert year.ar == 2022
    assert dict(year.deltagare) == {"aktuella": 38, "nya": 26, "avslutade": 17}
    assert year.andelar["arbete_studier_andel"] == Decimal("52.94")
    assert year.andelar["vidare_andel"] == Decimal("70.59")
    assert year.andelar["sjalvforsorjande_andel"] == Decimal("45.45")
    assert "behallit_anstallning_andel" not in year.andelar  # undefined that year: absent, not 0
    assert (year.budget_tkr, year.kostnad_tkr, year.budgetutnyttjande) == (
        Decimal(2450),
        Decimal(2008),
        Decimal("81.96"),
    )
    assert year.bedomning == "God"
    assert year.maskerade == ()


def test_a_second_new_year_keeps_the_older_years(reference: FollowUp) -> None:
    """new-year twice gives 2024 a history of 2022 and 2023; 2023 (nothing filled in) has no figures."""
    third = start_next_year(start_next_year(reference))
    assert third.ar == 2024
    years = third.insatser[0].historik
    assert [year.ar for year in years] == [2022, 2023]
    assert dict(years[1].deltagare) == {"aktuella": None, "nya": None, "avslutade": None}
    assert years[1].andelar == {}


def test_history_is_masked_as_the_year_was_published() -> None:
    """With minsta_cell 3, 2 ended participants and the shares over them are not carried; they are named as
    withheld, and the year's other figures are kept."""
    insats = Insats(
        "Liten",
        deltagare=Flows(aktuella=Count.plain(10), avslutade=Count.plain(2)),
        efter_avslut=Outcomes(arbete_studier=Count.plain(1)),
    )
    followup = FollowUp("F", 2022, (insats,), sekretess=Privacy(3))
    [year] = start_next_year(followup).insatser[0].historik
    assert year.deltagare["avslutade"] is None
    assert year.deltagare["aktuella"] == 10
    assert "arbete_studier_andel" not in year.andelar
    assert {"avslutade", "arbete_studier_andel"} <= set(year.maskerade)
    text = dump_interchange(start_next_year(followup), ".toml")
    assert "avslutade = 2" not in text and "arbete_studier_andel = 50" not in text


def test_history_round_trips_through_the_file(reference: FollowUp) -> None:
    """Export then import of a workbook made by two new-years gives the same history, in TOML and JSON."""
    third = start_next_year(start_next_year(reference))
    for suffix in (".toml", ".json"):
        again = parse_interchange(dump_interchange(third, suffix), suffix, "igen" + suffix)
        assert not again.problems
        assert again.followup == third


def test_history_in_the_file_is_checked() -> None:
    """A year that is no year, a share above 100 % and an unknown key are errors at their keys."""
    text = """
[forbund]
namn = "F"
ar = 2023
[[insats]]
namn = "A"
[[insats.historik]]
ar = "i fjol"
[[insats.historik]]
ar = 2022
farg = "blå"
[insats.historik.andelar]
arbete_studier_andel = 120
"""
    result = parse_interchange(text, ".toml", "f.toml")
    keys = sorted(p.location.key for p in result.problems if p.location and p.location.key)
    assert keys == [
        "insats[0].historik[0].ar",
        "insats[0].historik[1].andelar.arbete_studier_andel",
        "insats[0].historik[1].farg",
    ]


def test_recent_years_shows_at_most_five_oldest_first() -> None:
    """Seven earlier years and this one: the report shows the last four earlier years and this one."""
    insats = Insats("A", historik=tuple(YearFigures(ar) for ar in (2016, 2021, 2017, 2018, 2019, 2020, 2015)))
    current = YearFigures(2022)
    assert [year.ar for year in recent_years(insats, current)] == [2018, 2019, 2020, 2021, 2022]
    assert [year.ar for year in recent_years(replace(insats, historik=()), current)] == [2022]
