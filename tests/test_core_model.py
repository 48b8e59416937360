"""A count of people: its gender parts, its total as entered or summed, and when either is unknown."""

from __future__ import annotations

import pytest

from xlinsats.core.model import Count


@pytest.mark.parametrize(
    ("count", "has_parts", "parts_sum", "totalt"),
    [
        (Count.by_gender(2, 3, 1), True, 6, 6),
        (Count.by_gender(0, 0, 0), True, 0, 0),
        (Count.plain(7), False, None, 7),
        (Count(), False, None, None),
        (Count(kvinnor=4), True, 4, 4),  # the other parts unknown: summed as nothing
        (Count(man=5), True, 5, 5),
        (Count(annat=1), True, 1, 1),
        (Count(kvinnor=4, man=5, totalt_angivet=12), True, 9, 12),  # an entered total wins over the parts
        (Count(kvinnor=4, totalt_angivet=0), True, 4, 0),
    ],
)
def test_a_counts_total_is_as_entered_else_the_sum_of_its_parts(
    count: Count, has_parts: bool, parts_sum: int | None, totalt: int | None
) -> None:
    """Worked cases: the parts known, summed (an unknown part counts as none), and the total as entered first."""
    assert (count.has_parts, count.parts_sum, count.totalt) == (has_parts, parts_sum, totalt)


def test_by_gender_and_plain_fill_their_own_fields() -> None:
    """by_gender(k, m, a) sets kvinnor, man and annat in that order and no total; plain(t) sets only the total."""
    assert Count.by_gender(2, 3, 1) == Count(kvinnor=2, man=3, annat=1, totalt_angivet=None)
    assert Count.plain(7) == Count(kvinnor=None, man=None, annat=None, totalt_angivet=7)
    assert [Count.by_gender(2, 3, 1).part(gender) for gender in ("kvinnor", "man", "annat")] == [2, 3, 1]
