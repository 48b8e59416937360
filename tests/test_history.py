"""Earlier years' key figures: carried by new-year, masked as published, written to and read from the file."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from xlinsats.core.history import recent_years
from xlinsats.core.model import Count, Flows, FollowUp, Goal, GoalHistory, Insats, Outcomes, Privacy, YearFigures
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


def test_goal_history_keeps_results_and_grades_as_published() -> None:
    """Two insatser at minsta_cell 3. Liten (the first) has 2 new participants and a goal on that count: the
    count and the goal's result are withheld ("nya", "mal[0]"), the target and the grade (Ej godtagbart: 2 of
    5) kept. Stor's 9 new participants are withheld too, since the total of 11 is published and 11 - 9 would
    give Liten's 2; Stor's other counts are kept. Stor has 5 of 7 ended participants in work or studies,
    71.428...% against a goal of at least 70 %: the result is carried in percent to two decimals, 71.43, with
    its indicator and the grade God."""
    liten = Insats(
        "Liten",
        deltagare=Flows(nya=Count.plain(2), aktuella=Count.plain(12), avslutade=Count.plain(6)),
        mal=(Goal("Nya deltagare", "antal", "minst", Decimal(5), "nya"),),
    )
    stor = Insats(
        "Stor",
        deltagare=Flows(nya=Count.plain(9), aktuella=Count.plain(20), avslutade=Count.plain(7)),
        efter_avslut=Outcomes(arbete_studier=Count.plain(5)),
        mal=(Goal("Arbete eller studier", "andel", "minst", Decimal(70), "arbete_studier_andel"),),
    )
    first, second = (
        insats.historik[-1]
        for insats in start_next_year(FollowUp("F", 2022, (liten, stor), sekretess=Privacy(3))).insatser
    )
    assert first.deltagare["nya"] is None and first.deltagare["aktuella"] == 12
    assert first.mal == (GoalHistory("Nya deltagare", Decimal(5), "nya", None, "Ej godtagbart"),)
    assert "nya" in first.maskerade and "mal[0]" in first.maskerade
    assert second.deltagare["nya"] is None and second.deltagare["avslutade"] == 7
    assert second.mal == (
        GoalHistory("Arbete eller studier", Decimal(70), "arbete_studier_andel", Decimal("71.43"), "God"),
    )
    assert "mal[0]" not in second.maskerade


@pytest.mark.parametrize(
    ("shown", "expected"),
    [(1, [2022]), (2, [2021, 2022]), (3, [2020, 2021, 2022])],
)
def test_recent_years_at_the_smallest_windows(shown: int, expected: list[int]) -> None:
    """A window of one year is this year alone, of two the last earlier year and this one; an entry for this
    year already in the history is not shown twice."""
    insats = Insats("A", historik=tuple(YearFigures(ar) for ar in (2019, 2020, 2021, 2022)))
    assert [year.ar for year in recent_years(insats, YearFigures(2022), shown)] == expected
