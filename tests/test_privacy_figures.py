"""Small-count masking of a follow-up's figures: the 2022 reference data at m = 3 and 5, and random follow-ups."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_privacy import determined_cells, hidden_cells
from xlinsats.core.figures import FollowUpFigures, compute_figures
from xlinsats.core.indicators import INDICATORS
from xlinsats.core.model import (
    FLOW_NAMES,
    GENDERS,
    Count,
    Flows,
    FollowUp,
    Goal,
    Indicator,
    Insats,
    Outcomes,
    Privacy,
)
from xlinsats.core.privacy import (
    FLOW_PARTS,
    MASK_SYMBOL,
    FiguresMasking,
    flow_grid,
    grid_table,
    mask_figures,
    mask_table,
    outcome_table,
)
from xlinsats.figures_export import figures_to_csv, figures_to_data
from xlinsats.report.text import InsatsMasking, format_percent, outcome_sentences, own_indicator_sentences


def _with_minimum(followup: FollowUp, minimum: int) -> FollowUpFigures:
    return compute_figures(replace(followup, sekretess=Privacy(minimum)))


def assert_nothing_small_is_shown(figures: FollowUpFigures, masking: FiguresMasking) -> None:
    """Assert that every count below the minimum, and every figure that would give one away, is masked."""
    m = masking.minimum
    assert m is not None
    for flow in FLOW_NAMES:
        grid = flow_grid(figures, flow)
        table = grid_table(grid)
        rows = [(r, r if r < len(grid) - 1 else None) for r in range(len(grid))]
        hidden = {(r, c) for r, at in rows for c, part in enumerate(FLOW_PARTS) if masking.count(at, flow, part)}
        for r, row in enumerate(grid):
            insats = r if r < len(grid) - 1 else None
            for c, value in enumerate(row):
                if value is not None and 1 <= value < m:
                    assert masking.count(insats, flow, FLOW_PARTS[c]), (flow, r, c)
            for gender in GENDERS:
                part, total = row[GENDERS.index(gender)], row[-1]
                if (part is not None and 1 <= part < m) or (total is not None and 1 <= total < m):
                    assert masking.distribution(insats, flow, gender)
        # Cells with no published value (a count known only as a total) are hidden too.
        with_unknown = hidden | {key for key, value in table.values.items() if value is None}
        for line in table.lines:
            assert len([key for key in (*line.parts, line.total) if key in with_unknown]) != 1
        assert not determined_cells(table, with_unknown) & hidden
    for index, insats_figures in enumerate(figures.insatser):
        insats = insats_figures.insats
        table = outcome_table(insats)
        hidden = {key for key in table.values if masking.outcome(index, str(key[0]), str(key[1]))}  # type: ignore[index]
        for key, value in table.values.items():
            if value is not None and 1 <= value < m:
                assert key in hidden, (index, key)
        assert not determined_cells(table, hidden | {k for k, v in table.values.items() if v is None}) & hidden
        ended = insats.deltagare.avslutade
        registry = figures.registry

        def count_hidden(name: str, part: str = "totalt", index: int = index, hidden: set[Any] = hidden) -> bool:
            if name in FLOW_NAMES:
                return masking.count(index, name, part)
            return (name, part) in hidden

        # Every share of the registry, the förbund's own included: masked when its denominator is small or
        # masked, or its numerator is: a single count masked, or a sum of counts small or with a masked term.
        for name in registry.shares:
            if insats_figures.andelar[name] is None:
                continue
            indicator = registry[name]
            assert indicator.namnare is not None
            whole = registry.denominator(insats, name)
            part = registry.numerator(insats, name)
            small_whole = whole is not None and whole.totalt is not None and 1 <= whole.totalt < m
            if name == "vidare_andel":
                numerator_hidden = ("vidare", "totalt") in hidden
            else:
                numerator_hidden = any(count_hidden(count) for count in indicator.taljare) or (
                    len(indicator.taljare) > 1 and part is not None and 1 <= (part.totalt or 0) < m
                )
            if small_whole or numerator_hidden or count_hidden(indicator.namnare):
                assert masking.share(index, name), (index, name)
        for indicator in registry.own:
            value = registry.compute(insats, indicator.name)
            if indicator.namnare is None and isinstance(value, int) and 1 <= value < m:
                assert masking.share(index, indicator.name), (index, indicator.name)
        for gender in GENDERS:
            if insats_figures.arbete_studier_kon[gender] is not None:
                denominator = None if ended is None else ended.part(gender)
                if (denominator is not None and denominator < m) or ("arbete_studier", gender) in hidden:
                    assert masking.gender_share(index, gender)
        for number, goal in enumerate(insats_figures.mal):
            indicator = goal.goal.indikator
            if indicator in FLOW_NAMES and goal.utfall_fran_data and masking.count(index, indicator, "totalt"):
                assert masking.goal(index, number)
            if indicator in registry.shares and goal.utfall_fran_data and masking.share(index, indicator):
                assert masking.goal(index, number)
    assert_outputs_hide(figures, masking)


_PERCENT = re.compile(r"(\d[\d\u00a0]*(?:,\d+)?)\u00a0%")


def assert_outputs_hide(figures: FollowUpFigures, masking: FiguresMasking) -> None:
    """Assert that JSON, CSV and the report's sentences show no masked figure and no count from 1 to m - 1."""
    m = masking.minimum
    assert m is not None
    data = figures_to_data(figures, masking)
    pointers = set(data["sekretess"]["maskerade"])
    rows = list(csv.DictReader(io.StringIO(figures_to_csv(figures, masking)), delimiter=";"))
    for index, insats_figures in enumerate(figures.insatser):
        exported = data["insatser"][index]
        for flow in FLOW_NAMES:
            for part in FLOW_PARTS:
                value = exported["deltagare"][flow][part]
                assert value is None or not 1 <= value < m, (index, flow, part, value)
                hidden = masking.count(index, flow, part)
                assert (f"/insatser/{index}/deltagare/{flow}/{part}" in pointers) is hidden
                assert (rows[index][f"{flow}_{part}"] == MASK_SYMBOL) is hidden
                assert not hidden or value is None
        for name in figures.share_names:
            masked = masking.share(index, name)
            assert not masked or exported["andelar"][name] is None, (index, name)
            assert (rows[index][name] == MASK_SYMBOL) is masked, (index, name)
        for number, goal in enumerate(exported["mal"]):
            if masking.goal(index, number):
                assert goal["utfall"] is None and goal["avvikelse"] is None
        for name, count in exported.get("egna_antal", {}).items():
            assert all(value is None or not 1 <= value < m for value in count.values()), (index, name)
        # The report's sentences state only shares that are shown: each percentage is an unmasked figure's.
        hidden = InsatsMasking(masking, index)
        shown = {
            format_percent(value)
            for name, value in insats_figures.andelar.items()
            if value is not None and not masking.share(index, name)
        }
        shown |= {
            format_percent(value)
            for gender, value in insats_figures.arbete_studier_kon.items()
            if value is not None and not masking.gender_share(index, gender)
        }
        sentences = (
            *outcome_sentences(insats_figures, hidden),
            *own_indicator_sentences(insats_figures, figures.registry, hidden),
        )
        for sentence in sentences:
            for number in _PERCENT.findall(sentence):
                assert f"{number}\u00a0%" in shown, (index, sentence)
    for flow in FLOW_NAMES:
        for part in FLOW_PARTS:
            value = data["totalt"][flow][part]
            assert value is None or not 1 <= value < m, ("TOTALT", flow, part, value)
            assert (rows[-1][f"{flow}_{part}"] == MASK_SYMBOL) is masking.count(None, flow, part)


@pytest.mark.parametrize("minimum", [3, 5])
def test_reference_data_shows_no_small_count(reference: FollowUp, minimum: int) -> None:
    """The 2022 data with minsta_cell = 3 or 5: every small count and what would reveal it is masked."""
    figures = _with_minimum(reference, minimum)
    masking = mask_figures(figures)
    assert masking.minimum == minimum
    assert_nothing_small_is_shown(figures, masking)


@pytest.mark.parametrize("minimum", [3, 5])
def test_reference_masks_upis_other_gender_and_keeps_totals(reference: FollowUp, minimum: int) -> None:
    """UPIS's single participant of another gender is masked with complements; totals stay published."""
    masking = mask_figures(_with_minimum(reference, minimum))
    upis = 3
    for flow in ("aktuella", "nya"):
        assert masking.count(upis, flow, "annat")
        assert sum(masking.count(upis, flow, part) for part in FLOW_PARTS) >= 2
        assert sum(masking.count(None, flow, part) for part in FLOW_PARTS) == 0
    for index in range(4):
        assert not any(masking.count(index, flow, "totalt") for flow in FLOW_NAMES)
    # No avslutade count of 2022 is below 5, so that table is published whole.
    assert not any(key[1] == "avslutade" for key in masking.counts)


def test_reference_outcome_masks_at_three_and_five(reference: FollowUp) -> None:
    """At m = 3, MIA's two participants of another gender who went to work or studies are masked, with the
    men's three as complement; at m = 5 Lyra's three men and three to another insats are masked too."""
    at_three = mask_figures(_with_minimum(reference, 3))
    assert at_three.gender_share(1, "annat") and at_three.gender_share(1, "man")
    assert not at_three.gender_share(1, "kvinnor")
    assert not at_three.share(0, "arbete_studier_andel")
    at_five = mask_figures(_with_minimum(reference, 5))
    assert at_five.share(0, "annan_insats_andel") and at_five.share(0, "arbete_studier_andel")
    assert at_five.gender_share(0, "man")
    # The onward share stays: with two of its three terms masked it gives nothing away.
    assert not any(at_five.share(index, "vidare_andel") for index in range(4))
    # UPIS's two to another insats (below both minimums) are masked at either minimum.
    assert at_three.share(3, "annan_insats_andel") and at_five.share(3, "annan_insats_andel")


def test_setting_in_the_follow_up_is_used_by_default(reference: FollowUp, reference_figures: FollowUpFigures) -> None:
    """mask_figures reads sekretess.minsta_cell; the reference data has none, so nothing is masked."""
    assert reference.sekretess.minsta_cell is None
    assert not mask_figures(reference_figures).active
    assert mask_figures(_with_minimum(reference, 3)) == mask_figures(reference_figures, 3)


# --- Random follow-ups -----------------------------------------------------------------------------

small = st.one_of(st.integers(0, 4), st.integers(0, 40))


@st.composite
def counts(draw: st.DrawFn) -> Count | None:
    """A count split by gender, a plain total, or missing."""
    kind = draw(st.sampled_from(("split", "split", "split", "plain", "none")))
    if kind == "none":
        return None
    if kind == "plain":
        return Count.plain(draw(small))
    return Count.by_gender(draw(small), draw(small), draw(st.integers(0, 3)))


@st.composite
def insatser(draw: st.DrawFn, number: int) -> Insats:
    """An insats with random flows, outcomes and goals linked to indicators."""
    goals = tuple(
        Goal(f"Mål {i}", INDICATORS[name].kind, "minst", Decimal(10), name)
        for i, name in enumerate(draw(st.lists(st.sampled_from(sorted(INDICATORS)), max_size=4)))
    )
    return Insats(
        f"Insats {number}",
        deltagare=Flows(draw(counts()), draw(counts()), draw(counts())),
        efter_avslut=Outcomes(
            arbete_studier=draw(counts()),
            annan_insats=draw(counts()),
            ettars_svarande=draw(counts()),
            ettars_sjalvforsorjande=draw(counts()),
            anstallda=draw(counts()),
            behallit_anstallning_12_man=draw(counts()),
        ),
        mal=goals,
    )


@st.composite
def followups(draw: st.DrawFn) -> FollowUp:
    """A follow-up of one to five random insatser with a minimum cell size of 2 to 6."""
    size = draw(st.integers(1, 5))
    chosen = tuple(draw(insatser(i)) for i in range(size))
    return FollowUp("F", 2024, chosen, sekretess=Privacy(draw(st.integers(2, 6))))


@given(followups())
def test_random_follow_ups_show_no_small_count(followup: FollowUp) -> None:
    """For random follow-ups (missing and plain counts included), nothing small is shown or derivable."""
    figures = compute_figures(followup)
    assert_nothing_small_is_shown(figures, mask_figures(figures))


def test_a_plain_count_row_leaves_the_gender_columns_unknown() -> None:
    """With one insats known only as a total, the TOTALT gender parts are unknown and never masked."""
    figures = compute_figures(
        FollowUp(
            "F",
            2024,
            (
                Insats("A", deltagare=Flows(aktuella=Count.plain(30))),
                Insats("B", deltagare=Flows(aktuella=Count.by_gender(2, 20, 0))),
            ),
            sekretess=Privacy(3),
        )
    )
    masking = mask_figures(figures)
    assert masking.count(1, "aktuella", "kvinnor")
    assert not masking.count(None, "aktuella", "kvinnor")  # unknown, shown as undefined anyway
    grid = flow_grid(figures, "aktuella")
    assert grid[2][:3] == (None, None, None)
    table = grid_table(grid)
    masked = mask_table(table, 3)
    assert not determined_cells(table, hidden_cells(table, masked)) & set(masked.masked)


#: The förbund's own indicators of the random follow-ups below: a share of one own count, a share of a sum of
#: two own counts, a share of an own count over an outcome, and a count indicator.
OWN_INDICATORS = (
    Indicator("positiv", "Positiv lösning", ("positiv",), "avslutade"),
    Indicator("positiv_eller_studier", "Positiv lösning eller studier", ("positiv", "studier"), "avslutade"),
    Indicator("studier_av_svarande", "Studier av svarande", ("studier",), "ettars_svarande"),
    Indicator("kontakter", "Kontakter", ("kontakter",)),
)


@st.composite
def followups_with_own(draw: st.DrawFn) -> FollowUp:
    """A random follow-up whose insatser also keep the förbund's own counts, with goals on own indicators."""
    followup = draw(followups())
    insatser = []
    for insats in followup.insatser:
        own = {name: draw(counts()) for name in ("positiv", "studier", "kontakter")}
        goals = tuple(
            Goal(f"Eget {i}", "antal" if name == "kontakter" else "andel", "minst", Decimal(10), name)
            for i, name in enumerate(draw(st.lists(st.sampled_from([i.name for i in OWN_INDICATORS]), max_size=2)))
        )
        insatser.append(
            replace(
                insats,
                egna_antal={name: count for name, count in own.items() if count is not None},
                mal=insats.mal + goals,
            )
        )
    return replace(followup, insatser=tuple(insatser), indikatorer=OWN_INDICATORS)


@given(followups_with_own())
def test_random_follow_ups_with_own_indicators_show_no_small_count(followup: FollowUp) -> None:
    """With own counts and own share and count indicators, every share and output hides what it must."""
    figures = compute_figures(followup)
    assert_nothing_small_is_shown(figures, mask_figures(figures))
