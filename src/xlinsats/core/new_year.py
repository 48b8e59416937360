"""Starting next year's follow-up: settings, insatser and goals carried over; counts, results and texts emptied."""

from __future__ import annotations

import dataclasses

from xlinsats.core.figures import compute_figures
from xlinsats.core.history import with_this_year
from xlinsats.core.model import Flows, FollowUp, Goal, Insats, Outcomes, YearFigures


def _carry_goal(goal: Goal) -> Goal:
    return Goal(goal.text, goal.typ, goal.riktning, goal.malvarde, goal.indikator)


def _carry_insats(insats: Insats, history: tuple[YearFigures, ...]) -> Insats:
    # A year's money, flows, outcomes, grades and narrative belong to that year: only what describes the
    # insats, what it aims for and the computed key figures of the years behind it carry over.
    return Insats(
        namn=insats.namn,
        agare=insats.agare,
        kortnamn=insats.kortnamn,
        malgrupp=insats.malgrupp,
        beskrivning=insats.beskrivning,
        deltagare=Flows(),
        efter_avslut=Outcomes(),
        mal=tuple(_carry_goal(goal) for goal in insats.mal),
        historik=history,
    )


def start_next_year(followup: FollowUp) -> FollowUp:
    """Return the follow-up for the year after ``followup``, ready to be filled in.

    Each insats carries its earlier years' key figures with this year's added, masked as they would be
    published under this year's minimum cell size.
    """
    histories = with_this_year(compute_figures(followup))
    return dataclasses.replace(
        followup,
        ar=followup.ar + 1,
        insatser=tuple(
            _carry_insats(insats, history) for insats, history in zip(followup.insatser, histories, strict=True)
        ),
        locations={},
    )
