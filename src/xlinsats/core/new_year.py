"""Starting next year's follow-up: settings, insatser and goals carried over; counts, results and texts emptied."""

from __future__ import annotations

import dataclasses

from xlinsats.core.model import Flows, FollowUp, Goal, Insats, Outcomes


def _carry_goal(goal: Goal) -> Goal:
    return Goal(goal.text, goal.typ, goal.riktning, goal.malvarde, goal.indikator)


def _carry_insats(insats: Insats) -> Insats:
    # A year's money, flows, outcomes, grades and narrative belong to that year: only what describes the
    # insats and what it aims for carries over.
    return Insats(
        namn=insats.namn,
        agare=insats.agare,
        kortnamn=insats.kortnamn,
        malgrupp=insats.malgrupp,
        beskrivning=insats.beskrivning,
        deltagare=Flows(),
        efter_avslut=Outcomes(),
        mal=tuple(_carry_goal(goal) for goal in insats.mal),
    )


def start_next_year(followup: FollowUp) -> FollowUp:
    """Return the follow-up for the year after ``followup``, ready to be filled in."""
    return dataclasses.replace(
        followup,
        ar=followup.ar + 1,
        insatser=tuple(_carry_insats(insats) for insats in followup.insatser),
        locations={},
    )
