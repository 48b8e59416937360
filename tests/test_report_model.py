"""The semantic report model: what the section says, masked once, and the grid laid out from it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from benchmarks.synthetic import make_followup

from xlinsats.core.figures import FollowUpFigures, compute_figures
from xlinsats.core.model import FollowUp, Privacy
from xlinsats.core.privacy import MASK_SYMBOL
from xlinsats.core.swedish import UNDEFINED
from xlinsats.report.layout import build_report, layout_report
from xlinsats.report.model import FLOW_COLUMNS, ReportModel, Value, build_model


def model_values(node: object) -> Iterator[Value]:
    """Yield every Value anywhere in a model (a walk over its dataclasses, tuples and mappings)."""
    if isinstance(node, Value):
        yield node
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for item in dataclasses.fields(node):
            yield from model_values(getattr(node, item.name))
    elif isinstance(node, tuple | list):
        for item in node:
            yield from model_values(item)


def model_texts(node: object) -> Iterator[str]:
    """Yield every text of a model: sentences, notes, headings and the texts of its values."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, Value):
        yield node.text
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for item in dataclasses.fields(node):
            yield from model_texts(getattr(node, item.name))
    elif isinstance(node, tuple | list):
        for item in node:
            yield from model_texts(item)


def test_reference_model_states_the_figures_as_a_swedish_reader_sees_them(reference_figures: FollowUpFigures) -> None:
    """Lyra: 2 450 tkr budget, 2 008 tkr cost, 82 % used; 26 new; 9 of 17 = 53 % to work or studies."""
    model = build_model(reference_figures)
    lyra = model.insatser[0]
    assert lyra.name == "Lyra"
    assert [(label, value.text) for label, value in lyra.economy.rows] == [
        ("Beviljad budget", "2\u00a0450\u00a0tkr"),
        ("Faktiska kostnader", "2\u00a0008\u00a0tkr"),
        ("Outnyttjade medel", "442\u00a0tkr"),
        ("Budgetutnyttjande", "82\u00a0%"),
    ]
    assert lyra.new_participants.value == Value("26", "count", 26)
    assert lyra.work_share.value.text == "53\u00a0%"
    assert model.minimum is None
    assert not model.has_development and all(section.development is None for section in model.insatser)


def test_goal_table_keeps_the_insats_grade_apart_from_each_goals_grade(reference_figures: FollowUpFigures) -> None:
    """Each group carries the insats grade ("Måluppfyllelse"), each row its goal's grade, and note 1 explains both."""
    table = build_model(reference_figures).goals
    assert table.header[4] == "Bedömning av målet" and table.header[5] == "Måluppfyllelse¹"
    for group, figures in zip(table.groups, reference_figures.insatser, strict=True):
        assert group.grade == (figures.bedomning or UNDEFINED)
        assert [row.grade for row in group.rows] == [goal.bedomning or UNDEFINED for goal in figures.mal]
    assert (
        table.notes[0].startswith("¹ ")
        and "Insatsens måluppfyllelse (sista kolumnen) är medianen av målens bedömningar" in table.notes[0]
    )


def test_flow_table_has_totalt_last_with_the_summed_counts(reference_figures: FollowUpFigures) -> None:
    """The flow table's last row is TOTALT, and each column is the sum of the insatser's published counts."""
    rows = build_model(reference_figures).flows.rows
    assert [row.total for row in rows] == [False] * 4 + [True]
    assert rows[-1].name == "TOTALT"
    for column in range(len(FLOW_COLUMNS)):
        parts = [row.counts[column].number for row in rows[:-1]]
        assert rows[-1].counts[column].number == sum(int(part or 0) for part in parts)


def test_an_overrun_gives_two_positive_slices(reference: FollowUp) -> None:
    """Cost 2 600 over a budget of 2 450: the pie is the budget and the 150 tkr overrun, never a negative slice."""
    over = replace(reference.insatser[0], kostnad_tkr=Decimal(2600))
    model = build_model(compute_figures(replace(reference, insatser=(over,))))
    economy = model.insatser[0].economy
    assert economy.overrun and economy.pie is not None
    assert [(label, value.number) for label, value in economy.pie.slices] == [
        ("Beviljad budget", Decimal(2450)),
        ("Överskridande", Decimal(150)),
    ]
    assert economy.pie.percents == ("94\u00a0%", "6\u00a0%")
    assert "Överskridande 150\u00a0tkr (6\u00a0%)" in economy.pie.description


def test_masked_figures_have_no_number_behind_them(reference: FollowUp) -> None:
    """At minsta_cell 5 every masked value is ".." with no number, and no published count is 1 to 4."""
    model = build_model(compute_figures(replace(reference, sekretess=Privacy(5))))
    values = list(model_values(model))
    masked = [value for value in values if value.masked]
    assert masked, "the reference data has counts below 5"
    assert all(value.number is None and value.text == MASK_SYMBOL for value in masked)
    counts = [value.number for value in values if value.kind == "count" and value.number is not None]
    goal_targets = {row.target.number for group in model.goals.groups for row in group.rows}
    assert not [count for count in counts if 1 <= count < 5 and count not in goal_targets]
    assert model.minimum == 5


def test_the_grid_is_the_layout_of_the_model(reference_figures: FollowUpFigures) -> None:
    """build_report is layout_report of build_model: the grid computes no figure of its own."""
    assert build_report(reference_figures) == layout_report(build_model(reference_figures))


def test_footnote_markers_count_on_across_insatser() -> None:
    """Synthetic data with annat/ej angivet everywhere: the gender notes are numbered 2, 3, ... in order."""
    figures = compute_figures(make_followup(6, seed=3, goals=1))
    model: ReportModel = build_model(figures)
    markers = [note[0] for section in model.insatser for note in section.notes if note[0] in "²³⁴⁵⁶⁷⁸⁹"]
    assert markers == list("²³⁴⁵⁶⁷⁸⁹")[: len(markers)]
    assert len(markers) >= 2
