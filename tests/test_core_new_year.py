"""Next year's follow-up keeps settings, insatser and goals, and empties every count, result and text of the year."""

from __future__ import annotations

from xlinsats.core.figures import compute_figures
from xlinsats.core.model import Flows, FollowUp, Outcomes
from xlinsats.core.new_year import start_next_year


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
