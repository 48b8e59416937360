"""Swedish number formatting and the generated report sentences and footnotes."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlinsats.core.figures import FollowUpFigures, InsatsFigures, compute_insats
from xlinsats.core.model import Count, Flows, GradingScale, Insats, Outcomes
from xlinsats.core.numbers import round_half_away
from xlinsats.report.text import (
    NBSP,
    UNDEFINED,
    economy_paragraph,
    flow_sentences,
    format_count,
    format_number,
    format_percent,
    format_tkr,
    gender_footnote,
    number_in_words,
    outcome_sentences,
    scale_footnote,
    superscript,
)


def _insats(figures: FollowUpFigures, name: str) -> InsatsFigures:
    return next(i for i in figures.insatser if i.insats.visningsnamn == name)


def _figures(**fields: object) -> InsatsFigures:
    return compute_insats(Insats(namn="Test", **fields), GradingScale())  # type: ignore[arg-type]


class TestNumbers:
    def test_puts_a_non_breaking_space_before_the_percent_sign(self) -> None:
        """A share of 0.42 reads "42 %" with U+00A0 between number and sign."""
        assert format_percent(Fraction(42, 100)) == f"42{NBSP}%"

    def test_rounds_half_away_from_zero_not_to_even(self) -> None:
        """12.5 % and 2.5 tkr round up (Python's round() would give 12 and 2)."""
        assert format_percent(Fraction(1, 8)) == f"13{NBSP}%"
        assert format_percent(Fraction(5, 200)) == f"3{NBSP}%"
        assert format_number(Decimal("2.5")) == "3"
        assert format_number(Decimal("-2.5")) == "-3"
        assert format_percent(Fraction(9645, 100000), digits=1) == f"9,6{NBSP}%"
        assert format_percent(Fraction(9650, 100000), digits=1) == f"9,7{NBSP}%"

    def test_rounds_a_float_by_its_decimal_form(self) -> None:
        """0.285 typed in Excel is 28.5 %, which rounds to 29 % although the binary float is below it."""
        assert format_percent(0.285) == f"29{NBSP}%"

    def test_groups_thousands_with_a_space_and_uses_a_decimal_comma(self) -> None:
        """Swedish grouping and decimal sign come from the sv_SE locale."""
        assert format_tkr(Decimal(2450)) == f"2{NBSP}450{NBSP}tkr"
        assert format_count(1234567) == f"1{NBSP}234{NBSP}567"
        assert format_number(Decimal("96.45"), 1) == "96,5"
        assert format_percent(Fraction(9648, 10000), 1) == f"96,5{NBSP}%"
        assert format_percent(Fraction(96, 100), 1) == f"96,0{NBSP}%"

    def test_shows_an_en_dash_for_an_undefined_figure(self) -> None:
        """None (no denominator, unknown count) is shown as an en dash, never as 0."""
        assert UNDEFINED == "\u2013"
        assert format_percent(None) == format_tkr(None) == format_count(None) == UNDEFINED

    def test_writes_small_counts_in_words(self) -> None:
        """Counts up to twelve are words in running text; larger ones stay digits."""
        assert [number_in_words(n) for n in (1, 6, 8, 12)] == ["en", "sex", "åtta", "tolv"]
        assert number_in_words(13) == "13"

    def test_makes_footnote_markers(self) -> None:
        """Footnote numbers become superscript digits."""
        assert superscript(2) + superscript(13) == "²¹³"

    @given(st.fractions(min_value=0, max_value=20, max_denominator=10_000))
    def test_always_shows_the_half_away_rounding_of_the_share(self, value: Fraction) -> None:
        """The digits shown are exactly round_half_away of the share in percent."""
        shown = format_percent(value).replace(NBSP, "").rstrip("%")
        assert Decimal(shown) == round_half_away(value * 100)


class TestFlowSentences:
    def test_gives_each_flow_with_gender_shares(self, reference_figures: FollowUpFigures) -> None:
        """Lyra's new, current and ended participants come with women's and men's shares."""
        lyra = flow_sentences(_insats(reference_figures, "Lyra"), superscript(2))
        assert lyra == (
            f"Under året skrevs 26 nya deltagare in, varav 42{NBSP}% kvinnor och 58{NBSP}% män.",
            f"Totalt var 38 deltagare inskrivna under året, varav 50{NBSP}% kvinnor och 50{NBSP}% män.",
            f"Insatsen avslutades av 17 deltagare, varav 65{NBSP}% kvinnor och 35{NBSP}% män.",
        )
        assert gender_footnote(_insats(reference_figures, "Lyra")) is None

    def test_marks_shares_that_do_not_add_up_and_explains_them(self, reference_figures: FollowUpFigures) -> None:
        """MIA has annat/ej angivet in every flow: the first sentence carries the marker, the note counts them."""
        mia = _insats(reference_figures, "MIA")
        sentences = flow_sentences(mia, superscript(2))
        assert sentences[0].endswith("35\u00a0% män.²")
        assert not sentences[1].endswith("²")
        note = gender_footnote(mia)
        assert note is not None
        assert "åtta av de nya deltagarna" in note
        assert "tolv av de deltagare som var inskrivna under året" in note
        assert "sex av de avslutade deltagarna" in note
        assert f"100{NBSP}%" in note

    def test_leaves_out_flows_that_add_up(self, reference_figures: FollowUpFigures) -> None:
        """UPIS's ended participants are all women or men, so only new and current are named."""
        note = gender_footnote(_insats(reference_figures, "UPIS"))
        assert note is not None
        assert "en av de nya deltagarna och en av de deltagare som var inskrivna" in note
        assert "avslutade" not in note

    def test_explains_a_rounding_sum_above_100(self) -> None:
        """One woman and seven men give 12.5 % and 87.5 %, shown 13 % and 88 %: the note says 101 %."""
        figures = _figures(deltagare=Flows(nya=Count.by_gender(1, 7, 0)))
        assert flow_sentences(figures, "²")[0].endswith("²")
        note = gender_footnote(figures)
        assert note is not None and f"101{NBSP}%" in note

    def test_says_when_a_flow_is_unknown_or_empty(self) -> None:
        """A missing count is said to be missing; zero is said in words, not as a share of nothing."""
        figures = _figures(deltagare=Flows(nya=Count.by_gender(0, 0, 0)))
        new, current, _ = flow_sentences(figures)
        assert new == "Inga nya deltagare skrevs in under året."
        assert "saknas" in current
        assert gender_footnote(figures) is None


class TestOutcomeSentences:
    def test_uses_computed_shares_not_published_ones(self, reference_figures: FollowUpFigures) -> None:
        """UPIS: 12 of 20 went to work or studies, 60 % (the seed printed 62 %)."""
        text = " ".join(outcome_sentences(_insats(reference_figures, "UPIS")))
        assert f"gick 60{NBSP}% till arbete eller studier (56{NBSP}% av kvinnorna och 64{NBSP}% av männen)" in text
        assert "62" not in text
        assert "10 tidigare deltagare" in text

    def test_leaves_out_shares_without_a_denominator(self, reference_figures: FollowUpFigures) -> None:
        """START has no one-year follow-up, so no self-sufficiency sentence; job retention is there."""
        text = " ".join(outcome_sentences(_insats(reference_figures, "START")))
        assert "Ett år efter" not in text
        assert f"86{NBSP}% kvar" in text

    def test_says_when_nothing_is_known(self) -> None:
        """With no outcome counts at all, one sentence says the data is missing."""
        assert outcome_sentences(_figures(efter_avslut=Outcomes())) == (
            "Uppgifter om sysselsättning efter avslut saknas.",
        )


class TestEconomyParagraph:
    def test_gives_budget_cost_utilisation_and_unused_funds(self, reference_figures: FollowUpFigures) -> None:
        """Lyra: 2 450 tkr granted, 2 008 tkr spent, 82 %, 442 tkr unused, and the entered reason."""
        text = economy_paragraph(_insats(reference_figures, "Lyra"), 2022)
        assert f"2{NBSP}450{NBSP}tkr för 2022" in text
        assert f"2{NBSP}008{NBSP}tkr" in text
        assert f"budgetutnyttjande på 82{NBSP}%" in text
        assert f"442{NBSP}tkr inte" in text
        assert text.endswith("Förklaring till avvikelsen: Lägre personalkostnader än budgeterat.")

    def test_computes_mias_utilisation(self, reference_figures: FollowUpFigures) -> None:
        """MIA used 9 166 of 9 500 tkr: 96 % (the seed's pie said 87 %)."""
        assert f"budgetutnyttjande på 96{NBSP}%" in economy_paragraph(_insats(reference_figures, "MIA"), 2022)

    def test_names_an_overrun_as_such(self) -> None:
        """Cost above budget is an overrun in tkr, never negative unused funds."""
        text = economy_paragraph(_figures(budget_tkr=Decimal(1000), kostnad_tkr=Decimal(1120)), 2023)
        assert f"översteg budgeten med 120{NBSP}tkr" in text
        assert f"112{NBSP}%" in text
        assert "-" not in text

    def test_says_when_the_whole_budget_was_used(self, reference_figures: FollowUpFigures) -> None:
        """START spent exactly its budget."""
        assert "Hela budgeten användes." in economy_paragraph(_insats(reference_figures, "START"), 2022)

    @pytest.mark.parametrize(
        ("cost", "ending"),
        [
            (Decimal(999), f" Av de beviljade medlen användes 1{NBSP}tkr inte."),
            (Decimal("999.5"), f" Av de beviljade medlen användes 1{NBSP}tkr inte."),  # 0.5 tkr, rounded half away
            (Decimal(1000), " Hela budgeten användes."),
            (Decimal(1001), f" Kostnaderna översteg budgeten med 1{NBSP}tkr."),
        ],
    )
    def test_names_one_tkr_either_side_of_the_budget(self, cost: Decimal, ending: str) -> None:
        """1 tkr (or 0.5) left is unused funds, not "Hela budgeten användes"; 1 tkr over is an overrun."""
        text = economy_paragraph(_figures(budget_tkr=Decimal(1000), kostnad_tkr=cost), 2023)
        assert text.endswith(ending)

    def test_copes_with_missing_or_zero_budget(self) -> None:
        """No budget or a zero budget gives a sentence, not an exception or a division by zero."""
        assert "saknas" in economy_paragraph(_figures(kostnad_tkr=Decimal(5)), 2023)
        zero = economy_paragraph(_figures(budget_tkr=Decimal(0), kostnad_tkr=Decimal(5)), 2023)
        assert "budgetutnyttjandet inte beräknas" in zero


class TestScaleFootnote:
    def test_is_generated_from_the_scale_settings(self) -> None:
        """Another förbund's four-step scale with other bounds and the worst-grade rule is described as set."""
        scale = GradingScale(
            names=("Fullt", "Delvis", "Knappt", "Inte"),
            bounds=(Decimal(2), Decimal("7.5"), Decimal(30)),
            aggregation="samsta",
        )
        note = scale_footnote(scale)
        assert note.startswith("Varje mål bedöms (kolumnen Bedömning av målet) på en fyrgradig skala")
        assert re.search(r"”Fullt” när avvikelsen är högst 2, ”Delvis” när avvikelsen är högst 7,5", note)
        assert "annars ”Inte”" in note
        assert "sämsta" in note

    def test_describes_the_default_three_step_scale(self) -> None:
        """The default scale names God, its bound of 5 and the median rule."""
        note = scale_footnote(GradingScale())
        assert "tregradig" in note and "”God” när avvikelsen är högst 5" in note and "medianen" in note


@pytest.mark.parametrize("value", [Fraction(0), Fraction(1), Fraction(1, 3)])
def test_percent_has_exactly_one_sign(value: Fraction) -> None:
    """Every formatted share ends in a single " %" and nothing else."""
    assert format_percent(value).count("%") == 1
