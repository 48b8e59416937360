"""Next year's follow-up keeps settings, insatser and goals, and empties every count, result and text of the year."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from xlinsats.core.figures import compute_figures
from xlinsats.core.model import Flows, FollowUp, Outcomes
from xlinsats.core.new_year import start_next_year
from xlinsats.errors import Location


def test_next_year_carries_settings_insatser_and_goals(reference: FollowUp) -> None:
    """Year + 1; förbund, scale and privacy kept; each insats keeps its description and goals without results."""
    nxt = start_next_year(reference)
    assert (nxt.forbund, nxt.ar, nxt.bedomning, nxt.sekretess) == (
        reference.forbund,
        2023,
        reference.bedomning,
        reference.sekretess,
    )
    for old, new in zip(reference.insatser, nxt.insatser, strict=True):
        assert (new.namn, new.kortnamn, new.agare, new.malgrupp, new.beskrivning) == (
            old.namn,
            old.kortnamn,
            old.agare,
            old.malgrupp,
            old.beskrivning,
        )
        assert [(g.text, g.typ, g.riktning, g.malvarde, g.indikator) for g in new.mal] == [
            (g.text, g.typ, g.riktning, g.malvarde, g.indikator) for g in old.mal
        ]
        assert all(g.utfall is None and g.bedomning_angiven is None for g in new.mal)
        assert new.deltagare == Flows() and new.efter_avslut == Outcomes()
        assert new.budget_tkr is None and new.kostnad_tkr is None and new.publicerad_bedomning is None
        assert new.framgangar == () and new.utmaningar == () and new.citat == ()


def test_next_year_has_nothing_to_grade(reference: FollowUp) -> None:
    """With results emptied, no goal and no insats gets a grade: nothing from last year leaks into the new one."""
    figures = compute_figures(start_next_year(reference))
    assert all(i.bedomning is None and all(g.bedomning is None for g in i.mal) for i in figures.insatser)


def test_next_year_carries_this_years_key_figures_into_the_history(reference: FollowUp) -> None:
    """Each insats's history ends with the year just closed, so next year's report can show the development:
    Lyra 2022 had 19 + 19 = 38 current, 11 + 15 = 26 new and 11 + 6 = 17 ended participants, spent 2 008 tkr
    and was graded God (the seed's figures)."""
    lyra = start_next_year(reference).insatser[0]
    last = lyra.historik[-1]
    assert (lyra.namn, last.ar, dict(last.deltagare), last.kostnad_tkr, last.bedomning) == (
        "Lyra",
        2022,
        {"aktuella": 38, "nya": 26, "avslutade": 17},
        Decimal(2008),
        "God",
    )
    assert all(insats.historik and insats.historik[-1].ar == 2022 for insats in start_next_year(reference).insatser)


def test_next_year_forgets_where_last_years_values_were_read(reference: FollowUp) -> None:
    """Cell locations belong to last year's workbook: the new follow-up starts with none."""
    placed = dataclasses.replace(reference, locations={"ar": Location(sheet="Inställningar", cell="B3")})
    assert start_next_year(placed).locations == {}
