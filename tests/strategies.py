"""Hypothesis strategies for follow-up data."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from xlinsats.core.model import DIRECTIONS, GOAL_KINDS, GradingScale

percent_values = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
count_values = st.integers(min_value=0, max_value=10_000)
kinds = st.sampled_from(GOAL_KINDS)
directions = st.sampled_from(DIRECTIONS)


@st.composite
def scales(draw: st.DrawFn) -> GradingScale:
    """A grading scale with 2-5 steps and increasing bounds."""
    steps = draw(st.integers(min_value=2, max_value=5))
    names = tuple(f"Steg {i}" for i in range(steps))
    bounds = sorted(draw(st.lists(st.integers(0, 100), min_size=steps - 1, max_size=steps - 1)))
    aggregation = draw(st.sampled_from(("median", "samsta")))
    return GradingScale(names, tuple(Decimal(b) for b in bounds), aggregation)
