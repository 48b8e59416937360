"""Synthetic follow-up data for benchmarks and fuzzing: n insatser with realistic counts and ten goals each."""

from __future__ import annotations

import random
from decimal import Decimal

from xlinsats.core.indicators import INDICATORS
from xlinsats.core.model import Count, Flows, FollowUp, Goal, Insats, Outcomes, Quote


def _split(rng: random.Random, total: int) -> Count:
    women = rng.randint(0, total)
    other = rng.randint(0, min(2, total - women))
    return Count(women, total - women - other, other)


def _part_of(rng: random.Random, whole: Count) -> Count:
    """A count within ``whole`` gender by gender (new or ended participants among the current ones)."""
    return Count(*(rng.randint(0, whole.part(gender) or 0) for gender in ("kvinnor", "man", "annat")))


def make_insats(rng: random.Random, number: int, goals: int = 10) -> Insats:
    """Return one synthetic insats with consistent counts (parts within their totals)."""
    current_count = _split(rng, rng.randint(10, 400))
    new_count = _part_of(rng, current_count)
    ended_count = _part_of(rng, current_count)
    current, ended = current_count.totalt or 0, ended_count.totalt or 0
    work = rng.randint(0, ended)
    other = rng.randint(0, ended - work)
    answered = rng.randint(0, ended)
    employed = rng.randint(0, work)
    budget = rng.randint(500, 12_000)
    names = list(INDICATORS)
    goal_list = []
    for index in range(goals):
        indicator = names[index % len(names)]
        kind = INDICATORS[indicator].kind
        target = Decimal(rng.randint(10, 90)) if kind == "andel" else Decimal(rng.randint(5, current))
        goal_list.append(
            Goal(f"Mål {index + 1} för insats {number}", kind, rng.choice(("minst", "högst")), target, indicator)
        )
    return Insats(
        namn=f"Insats {number:04d}",
        agare=f"Kommun {number % 7}",
        malgrupp="Personer 18–64 år som behöver samordnat stöd",
        beskrivning="Individuellt stöd mot arbete eller studier. " * 3,
        budget_tkr=Decimal(budget),
        kostnad_tkr=Decimal(rng.randint(budget // 2, budget + budget // 10)),
        avvikelse_forklaring="Vakanser under delar av året.",
        framgangar=("Nya samarbeten.", "Fler deltagare i grupp."),
        utmaningar=("Långa väntetider.",),
        citat=(Quote("Stödet har betytt mycket för mig.", "deltagare"),),
        deltagare=Flows(current_count, new_count, ended_count),
        efter_avslut=Outcomes(
            arbete_studier=Count.plain(work),
            annan_insats=Count.plain(other),
            ettars_svarande=Count.plain(answered),
            ettars_sjalvforsorjande=Count.plain(rng.randint(0, answered)),
            anstallda=Count.plain(employed),
            behallit_anstallning_12_man=Count.plain(rng.randint(0, employed)),
        ),
        mal=tuple(goal_list),
    )


def make_followup(insatser: int, seed: int = 2022, goals: int = 10) -> FollowUp:
    """Return a synthetic follow-up with ``insatser`` insatser of ``goals`` goals each (deterministic by seed)."""
    rng = random.Random(seed)
    return FollowUp(
        "Samordningsförbundet Test", 2024, tuple(make_insats(rng, n, goals) for n in range(1, insatser + 1))
    )
