"""The report on the page: no stray zero labels in the gender chart, and the flow table explains its totals."""

from __future__ import annotations

from xlinsats.core.figures import compute_figures
from xlinsats.core.model import Count, Flows, FollowUp, Insats
from xlinsats.report.layout import FMT_COUNT_NO_ZERO, SHEET_FLOWS, build_report
from xlinsats.report.model import UNSPLIT_NOTE, build_model


def _followup(new: Count) -> FollowUp:
    insats = Insats("A", deltagare=Flows(aktuella=Count(10, 9, 0), nya=new, avslutade=Count(3, 2, 0)))
    return FollowUp("F", 2022, (insats,))


def test_the_flow_table_explains_a_total_above_women_and_men() -> None:
    """New participants 100 = 57 + 35 + 8 others: the table (women and men only) gets the note; 92 = 57 + 35 not."""
    with_others = build_model(compute_figures(_followup(Count(57, 35, 8))))
    assert UNSPLIT_NOTE in with_others.flows.notes
    without = build_model(compute_figures(_followup(Count(57, 35, 0))))
    assert UNSPLIT_NOTE not in without.flows.notes


def test_zero_segments_of_the_gender_chart_have_no_label() -> None:
    """The gender chart's labels use a format whose zero section is empty, so a 0 part prints nothing."""
    report = build_report(compute_figures(_followup(Count(5, 5, 0))))
    [chart] = next(sheet for sheet in report.sheets if sheet.name == SHEET_FLOWS).charts
    assert chart.label_format == FMT_COUNT_NO_ZERO
    positive, negative, zero = FMT_COUNT_NO_ZERO.split(";")[:3]
    assert positive.endswith("#,##0") and negative.endswith("#,##0") and zero == ""
