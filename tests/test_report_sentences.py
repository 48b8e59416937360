"""The report's generated sentences, word for word: every branch of report/text.py as a worked case.

Each expectation is the whole sentence a reader gets, written out by hand from the counts in the test (5 of
8 is 62,5 %, which rounds half away from zero to 63 %), never produced by the code under test. The masked
branches take a hand-made ``FiguresMasking`` so that each masked cell is named by the test itself, and the
insats sits at position 1, not 0, so that a masking read for the wrong insats shows.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from xlinsats.core.figures import InsatsFigures, compute_insats
from xlinsats.core.indicators import BUILTIN, Registry, registry_for
from xlinsats.core.model import Count, Flows, GradingScale, Indicator, Insats, Outcomes
from xlinsats.core.privacy import FiguresMasking
from xlinsats.report.text import (
    UNMASKED,
    InsatsMasking,
    development_new_text,
    development_note,
    economy_paragraph,
    flow_sentences,
    gender_footnote,
    number_in_words,
    outcome_sentences,
    own_indicator_sentences,
    privacy_note,
    scale_footnote,
    superscript,
)

S = "\u00a0"  # the non-breaking space between a number and its unit
WITHHELD = "visas inte av sekretesskäl"

#: New 5 + 3 (62,5 % and 37,5 % round to 63 % and 38 %: 101 %), current 20 + 18 + 2 others, ended 4 + 6.
FLOWS = Flows(
    nya=Count(kvinnor=5, man=3, annat=0),
    aktuella=Count(kvinnor=20, man=18, annat=2),
    avslutade=Count(kvinnor=4, man=6, annat=0),
)


def _figures(**fields: object) -> InsatsFigures:
    return compute_insats(Insats(namn="Test", **fields), GradingScale())


def _hidden(
    counts: tuple[tuple[str, str], ...] = (),
    outcomes: tuple[str, ...] = (),
    shares: tuple[str, ...] = (),
    gender_shares: tuple[str, ...] = (),
) -> InsatsMasking:
    """The masking of insats 1 with the named cells masked, and every cell of insatser 0 and 2 masked as well."""
    every_flow = [
        (flow, part) for flow in ("nya", "aktuella", "avslutade") for part in ("kvinnor", "man", "annat", "totalt")
    ]
    every_outcome = ("arbete_studier", "annan_insats", "ettars_svarande", "ettars_sjalvforsorjande", "efterstod")
    every_share = ("arbete_studier_andel", "annan_insats_andel", "vidare_andel", "sjalvforsorjande_andel")
    others = (0, 2)
    masking = FiguresMasking(
        3,
        counts=frozenset(
            [(1, flow, part) for flow, part in counts] + [(i, f, p) for i in others for f, p in every_flow]
        ),
        outcomes=frozenset(
            [(1, name, "totalt") for name in outcomes] + [(i, n, "totalt") for i in others for n in every_outcome]
        ),
        shares=frozenset([(1, name) for name in shares] + [(i, n) for i in others for n in every_share]),
        gender_shares=frozenset([(1, g) for g in gender_shares] + [(i, g) for i in others for g in ("kvinnor", "man")]),
    )
    return InsatsMasking(masking, 1)


class TestInsatsMasking:
    def test_reads_the_masking_of_its_own_insats_and_part(self) -> None:
        """Insats 1 with only the new women masked: that part alone, its distribution, and no other flow or part."""
        hidden = _hidden(counts=(("nya", "kvinnor"),))
        assert hidden.active
        assert hidden.count("nya", "kvinnor")
        assert not hidden.count("nya")
        assert not hidden.count("nya", "man")
        assert not hidden.count("aktuella", "kvinnor")
        assert hidden.any_count("nya")
        assert not hidden.any_count("aktuella")
        assert hidden.distribution("nya", "kvinnor")
        assert not hidden.distribution("nya", "man")

    @pytest.mark.parametrize("part", ["kvinnor", "man", "annat", "totalt"])
    def test_any_count_sees_each_part(self, part: str) -> None:
        """A flow with one masked part, whichever it is, has a masked count; the other flows have none."""
        hidden = _hidden(counts=(("avslutade", part),))
        assert hidden.any_count("avslutade")
        assert not hidden.any_count("nya")

    def test_reads_shares_outcomes_and_gender_shares_of_its_own_insats(self) -> None:
        """Insats 1's masked share, outcome and gender share are seen; the unmasked ones of insats 1 are not."""
        hidden = _hidden(outcomes=("efterstod",), shares=("vidare_andel",), gender_shares=("man",))
        assert hidden.share("vidare_andel") and not hidden.share("annan_insats_andel")
        assert hidden.outcome("efterstod") and not hidden.outcome("ettars_svarande")
        assert not hidden.outcome("efterstod", "kvinnor")
        assert hidden.gender_share("man") and not hidden.gender_share("kvinnor")

    def test_no_masking_is_inactive_and_masks_nothing(self) -> None:
        """The default masking is off and answers no for every figure."""
        assert not UNMASKED.active
        assert not UNMASKED.count("nya") and not UNMASKED.any_count("nya")
        assert not UNMASKED.distribution("nya", "kvinnor") and not UNMASKED.share("vidare_andel")
        assert not UNMASKED.outcome("efterstod") and not UNMASKED.gender_share("kvinnor")


class TestFlowSentences:
    def test_states_each_flow_with_its_gender_shares_and_marks_the_first_that_does_not_add_up(self) -> None:
        """New 63 % + 38 % = 101 % takes the marker; current (2 others) needs the note too but is not marked again."""
        assert flow_sentences(_figures(deltagare=FLOWS), "¹") == (
            f"Under året skrevs 8 nya deltagare in, varav 63{S}% kvinnor och 38{S}% män.¹",
            f"Totalt var 40 deltagare inskrivna under året, varav 50{S}% kvinnor och 45{S}% män.",
            f"Insatsen avslutades av 10 deltagare, varav 40{S}% kvinnor och 60{S}% män.",
        )

    def test_marks_a_later_flow_when_the_first_adds_up(self) -> None:
        """New 4 + 4 adds up to 100 %, so the marker goes to the current participants (2 others)."""
        flows = Flows(nya=Count(4, 4, 0), aktuella=Count(20, 18, 2), avslutade=Count(4, 6, 0))
        sentences = flow_sentences(_figures(deltagare=flows), "²")
        assert sentences[0] == f"Under året skrevs 8 nya deltagare in, varav 50{S}% kvinnor och 50{S}% män."
        assert sentences[1].endswith(f"45{S}% män.²")
        assert not sentences[2].endswith("²")

    def test_without_a_marker_nothing_is_appended(self) -> None:
        """With no marker the sentences end with their full stop."""
        assert all(sentence.endswith(".") for sentence in flow_sentences(_figures(deltagare=FLOWS)))

    def test_a_plain_total_has_no_gender_clause(self) -> None:
        """A count known only as a total is stated without shares."""
        flows = Flows(nya=Count.plain(12), aktuella=Count.plain(30), avslutade=Count.plain(1))
        assert flow_sentences(_figures(deltagare=flows)) == (
            "Under året skrevs 12 nya deltagare in.",
            "Totalt var 30 deltagare inskrivna under året.",
            "Insatsen avslutades av 1 deltagare.",
        )

    def test_a_count_without_women_has_no_gender_clause(self) -> None:
        """Men and others known but women not: neither share is given, rather than an en dash for the women."""
        flows = Flows(avslutade=Count(kvinnor=None, man=3, annat=0), nya=Count(kvinnor=2, man=None, annat=1))
        sentences = flow_sentences(_figures(deltagare=flows))
        assert sentences[0] == "Under året skrevs 3 nya deltagare in."
        assert sentences[2] == "Insatsen avslutades av 3 deltagare."

    def test_says_when_a_flow_is_missing_or_has_no_total(self) -> None:
        """No count, or a count with neither parts nor a total, is reported as missing, per flow."""
        flows = Flows(nya=None, aktuella=Count(), avslutade=None)
        assert flow_sentences(_figures(deltagare=flows)) == (
            "Uppgift om antalet nya deltagare saknas.",
            "Uppgift om antalet inskrivna deltagare under året saknas.",
            "Uppgift om antalet avslutade deltagare saknas.",
        )

    def test_says_when_a_flow_is_zero(self) -> None:
        """A total of 0 reads as "inga"/"ingen", not as 0 participants with shares."""
        flows = Flows(nya=Count(0, 0, 0), aktuella=Count.plain(0), avslutade=Count(0, 0, 0))
        assert flow_sentences(_figures(deltagare=flows)) == (
            "Inga nya deltagare skrevs in under året.",
            "Inga deltagare var inskrivna under året.",
            "Ingen deltagare avslutade insatsen under året.",
        )

    def test_a_masked_total_is_withheld_with_its_shares(self) -> None:
        """Each flow with a masked total: no number and no share, and no marker on a withheld sentence."""
        hidden = _hidden(counts=(("nya", "totalt"), ("aktuella", "totalt"), ("avslutade", "totalt")))
        assert flow_sentences(_figures(deltagare=FLOWS), "¹", hidden) == (
            f"Antalet nya deltagare under året {WITHHELD}.",
            f"Antalet inskrivna deltagare under året {WITHHELD}.",
            f"Antalet deltagare som avslutade insatsen under året {WITHHELD}.",
        )

    def test_a_masked_total_of_a_missing_count_is_still_missing(self) -> None:
        """A masking that names a flow the insats has no count for does not turn "saknas" into "visas inte"."""
        hidden = _hidden(counts=(("nya", "totalt"),))
        assert flow_sentences(_figures(deltagare=Flows(nya=None)), "", hidden)[0] == (
            "Uppgift om antalet nya deltagare saknas."
        )

    def test_one_masked_gender_leaves_the_other_share(self) -> None:
        """Women's count masked: the men's share is shown and the rest of the distribution is said to be withheld."""
        hidden = _hidden(counts=(("nya", "kvinnor"),))
        assert flow_sentences(_figures(deltagare=FLOWS), "", hidden)[0] == (
            f"Under året skrevs 8 nya deltagare in, varav 38{S}% män (könsfördelningen i övrigt {WITHHELD})."
        )
        hidden = _hidden(counts=(("avslutade", "man"),))
        assert flow_sentences(_figures(deltagare=FLOWS), "", hidden)[2] == (
            f"Insatsen avslutades av 10 deltagare, varav 40{S}% kvinnor (könsfördelningen i övrigt {WITHHELD})."
        )

    def test_both_genders_masked_withholds_the_distribution(self) -> None:
        """Women and men both masked: the total stands and the distribution is withheld in brackets."""
        hidden = _hidden(counts=(("aktuella", "kvinnor"), ("aktuella", "man")))
        assert flow_sentences(_figures(deltagare=FLOWS), "", hidden)[1] == (
            f"Totalt var 40 deltagare inskrivna under året (könsfördelningen {WITHHELD})."
        )


class TestGenderFootnote:
    def test_names_the_others_and_the_rounding_sum(self) -> None:
        """Current: two others, in words; new: 63 % + 38 % rounds to 101 %; ended adds up and is not named."""
        assert gender_footnote(_figures(deltagare=FLOWS)) == (
            f"Andelarna kvinnor och män blir tillsammans mindre än 100{S}% eftersom två av de deltagare som var "
            "inskrivna under året har uppgett annat kön eller saknar uppgift om kön. "
            f"Andelarna är avrundade och summerar därför till 101{S}% för de nya deltagarna."
        )

    def test_joins_several_flows_with_others(self) -> None:
        """Two flows with others are joined the Swedish way, each with its number in words."""
        flows = Flows(nya=Count(4, 4, 1), aktuella=Count(20, 18, 2), avslutade=Count(4, 6, 0))
        assert gender_footnote(_figures(deltagare=flows)) == (
            f"Andelarna kvinnor och män blir tillsammans mindre än 100{S}% eftersom en av de nya deltagarna och "
            "två av de deltagare som var inskrivna under året har uppgett annat kön eller saknar uppgift om kön."
        )

    def test_counts_people_without_a_gender_given_in_a_total(self) -> None:
        """An entered total of 10 with 4 women and 5 men (no annat) leaves one person unsplit: 40 % + 50 %."""
        flows = Flows(avslutade=Count(kvinnor=4, man=5, totalt_angivet=10))
        assert gender_footnote(_figures(deltagare=flows)) == (
            f"Andelarna kvinnor och män blir tillsammans mindre än 100{S}% eftersom en av de avslutade deltagarna "
            "har uppgett annat kön eller saknar uppgift om kön."
        )

    def test_counts_the_other_when_no_woman_took_part(self) -> None:
        """Ended 0 women, 4 men and 1 other (0 % + 80 %): the one other explains the gap, not rounding."""
        assert gender_footnote(_figures(deltagare=Flows(avslutade=Count(0, 4, 1)))) == (
            f"Andelarna kvinnor och män blir tillsammans mindre än 100{S}% eftersom en av de avslutade deltagarna "
            "har uppgett annat kön eller saknar uppgift om kön."
        )

    def test_names_an_other_even_when_the_rounded_shares_make_100(self) -> None:
        """Current 100 + 100 + 1: 49,75 % each rounds to 50 %, yet one person is neither, and the note says so."""
        figures = _figures(deltagare=Flows(aktuella=Count(100, 100, 1)))
        assert flow_sentences(figures, "¹")[1] == (
            f"Totalt var 201 deltagare inskrivna under året, varav 50{S}% kvinnor och 50{S}% män.¹"
        )
        assert gender_footnote(figures) == (
            f"Andelarna kvinnor och män blir tillsammans mindre än 100{S}% eftersom en av de deltagare som var "
            "inskrivna under året har uppgett annat kön eller saknar uppgift om kön."
        )

    def test_is_none_when_every_flow_adds_up(self) -> None:
        """Shares that add up to 100 % with nobody else need no footnote; nor do flows without a split."""
        flows = Flows(nya=Count(4, 4, 0), aktuella=Count.plain(40), avslutade=Count(kvinnor=None, man=3, annat=0))
        assert gender_footnote(_figures(deltagare=flows)) is None
        assert gender_footnote(_figures(deltagare=Flows(nya=Count(0, 0, 0)))) is None

    def test_a_masked_other_count_gives_no_number(self) -> None:
        """Current's "annat" masked: the note says why the shares fall short without saying how many."""
        hidden = _hidden(counts=(("aktuella", "annat"),))
        assert gender_footnote(_figures(deltagare=FLOWS), hidden) == (
            f"Andelarna kvinnor och män blir tillsammans mindre än 100{S}% för de deltagare som var inskrivna under "
            "året eftersom de som har uppgett annat kön eller saknar uppgift om kön inte räknas till någon av dem "
            f"(antalet {WITHHELD}). "
            f"Andelarna är avrundade och summerar därför till 101{S}% för de nya deltagarna."
        )

    def test_one_masked_other_gives_no_number(self) -> None:
        """Ended 4 + 5 + 1 other, the other masked: the note is the one without a number (one is enough)."""
        flows = Flows(avslutade=Count(4, 5, 1))
        assert gender_footnote(_figures(deltagare=flows), _hidden(counts=(("avslutade", "annat"),))) == (
            f"Andelarna kvinnor och män blir tillsammans mindre än 100{S}% för de avslutade deltagarna eftersom de som "
            "har uppgett annat kön eller saknar uppgift om kön inte räknas till någon av dem "
            f"(antalet {WITHHELD})."
        )

    def test_a_masked_zero_other_count_leaves_the_rounding_sentence(self) -> None:
        """New 5 + 3 + 0 with its zero "annat" masked: nobody is unsplit, so only the rounding is explained."""
        assert gender_footnote(_figures(deltagare=Flows(nya=Count(5, 3, 0))), _hidden(counts=(("nya", "annat"),))) == (
            f"Andelarna är avrundade och summerar därför till 101{S}% för de nya deltagarna."
        )

    @pytest.mark.parametrize(("flow", "part"), [("nya", "totalt"), ("nya", "kvinnor"), ("nya", "man")])
    def test_a_flow_whose_shares_are_withheld_needs_no_note(self, flow: str, part: str) -> None:
        """New's total, women or men masked: its shares are not both shown, so its rounding sum is not explained."""
        hidden = _hidden(counts=((flow, part),))
        assert gender_footnote(_figures(deltagare=FLOWS), hidden) == (
            f"Andelarna kvinnor och män blir tillsammans mindre än 100{S}% eftersom två av de deltagare som var "
            "inskrivna under året har uppgett annat kön eller saknar uppgift om kön."
        )
        assert not flow_sentences(_figures(deltagare=FLOWS), "¹", hidden)[0].endswith("¹")
        assert flow_sentences(_figures(deltagare=FLOWS), "¹", hidden)[1].endswith("¹")


#: Ended 10 + 10; work or studies 3 + 6 (45 %; 30 % of the women, 60 % of the men), another insats 5 (25 %),
#: onward 14 (70 %); 3 of 8 respondents self-supporting (37,5 % → 38 %); 4 of 6 kept their job (67 %); 2 to
#: after-support.
OUTCOMES = Outcomes(
    arbete_studier=Count(3, 6, 0),
    annan_insats=Count.plain(5),
    ettars_svarande=Count.plain(8),
    ettars_sjalvforsorjande=Count.plain(3),
    anstallda=Count.plain(6),
    behallit_anstallning_12_man=Count.plain(4),
    efterstod=Count.plain(2),
)
ENDED = Flows(avslutade=Count(10, 10, 0))
WORK = f"Av de avslutade deltagarna gick 45{S}% till arbete eller studier"
OTHER = f"Ytterligare 25{S}% fortsatte i en annan arbetsinriktad insats."
ONWARD = f"Sammantaget gick 70{S}% vidare till arbete, studier eller annan insats."
SELF = f"Ett år efter avslut försörjde sig 38{S}% av dem som svarade på uppföljningen"
KEPT = f"Av dem som fick en anställning hade 67{S}% kvar den efter minst 12 månader."
SHARES_WITHHELD = f"Andelar som skulle kunna avslöja små antal {WITHHELD}."


class TestOutcomeSentences:
    def test_states_every_outcome(self) -> None:
        """Every share with its gender split, the respondents' n and the count gone to after-support."""
        assert outcome_sentences(_figures(deltagare=ENDED, efter_avslut=OUTCOMES)) == (
            f"{WORK} (30{S}% av kvinnorna och 60{S}% av männen).",
            OTHER,
            ONWARD,
            f"{SELF} (n{S}={S}8) genom arbete eller studier.",
            KEPT,
            "Dessutom har 2 tidigare deltagare gått över till efterstöd.",
        )

    def test_says_when_nothing_is_known(self) -> None:
        """No outcome and no ended participants: one sentence saying the figures are missing."""
        assert outcome_sentences(_figures()) == ("Uppgifter om sysselsättning efter avslut saknas.",)

    def test_no_one_to_after_support_is_not_mentioned(self) -> None:
        """An after-support count of 0 gives no sentence; so does a count with no total."""
        for efterstod in (Count.plain(0), Count()):
            outcomes = Outcomes(arbete_studier=Count.plain(5), efterstod=efterstod)
            assert outcome_sentences(_figures(deltagare=ENDED, efter_avslut=outcomes)) == (
                f"Av de avslutade deltagarna gick 25{S}% till arbete eller studier.",
            )

    def test_every_share_masked_leaves_the_after_support_sentence_without_its_number(self) -> None:
        """All shares and the after-support count masked: one sentence on after-support, one on the withheld shares."""
        hidden = _hidden(
            outcomes=("efterstod",),
            shares=(
                "arbete_studier_andel",
                "annan_insats_andel",
                "vidare_andel",
                "sjalvforsorjande_andel",
                "behallit_anstallning_andel",
            ),
        )
        assert outcome_sentences(_figures(deltagare=ENDED, efter_avslut=OUTCOMES), hidden) == (
            f"Dessutom har tidigare deltagare gått över till efterstöd (antalet {WITHHELD}).",
            SHARES_WITHHELD,
        )

    @pytest.mark.parametrize(
        ("share", "left_out"),
        [
            ("arbete_studier_andel", 0),
            ("annan_insats_andel", 1),
            ("vidare_andel", 2),
            ("sjalvforsorjande_andel", 3),
            ("behallit_anstallning_andel", 4),
        ],
    )
    def test_one_masked_share_is_left_out_and_said_to_be_withheld(self, share: str, left_out: int) -> None:
        """Each share masked alone: its sentence goes, the others stay, and the closing sentence says why."""
        full = list(outcome_sentences(_figures(deltagare=ENDED, efter_avslut=OUTCOMES)))
        expected = (*full[:left_out], *full[left_out + 1 :], SHARES_WITHHELD)
        assert outcome_sentences(_figures(deltagare=ENDED, efter_avslut=OUTCOMES), _hidden(shares=(share,))) == expected

    def test_a_masked_gender_share_is_left_out_of_the_bracket(self) -> None:
        """The women's share masked: the bracket names the men only, and the closing sentence is added."""
        hidden = _hidden(gender_shares=("kvinnor",))
        sentences = outcome_sentences(_figures(deltagare=ENDED, efter_avslut=OUTCOMES), hidden)
        assert sentences[0] == f"{WORK} (60{S}% av männen)."
        assert sentences[-1] == SHARES_WITHHELD
        hidden = _hidden(gender_shares=("man",))
        sentences = outcome_sentences(_figures(deltagare=ENDED, efter_avslut=OUTCOMES), hidden)
        assert sentences[0] == f"{WORK} (30{S}% av kvinnorna)."
        assert sentences[-1] == SHARES_WITHHELD

    def test_both_gender_shares_masked_drop_the_bracket(self) -> None:
        """Both gender shares masked: the overall share stands alone."""
        hidden = _hidden(gender_shares=("kvinnor", "man"))
        sentences = outcome_sentences(_figures(deltagare=ENDED, efter_avslut=OUTCOMES), hidden)
        assert sentences[0] == f"{WORK}."
        assert sentences[-1] == SHARES_WITHHELD

    def test_a_masked_gender_share_that_does_not_exist_withholds_nothing(self) -> None:
        """Work or studies known only as a total has no gender shares, so masking one adds no closing sentence."""
        outcomes = Outcomes(arbete_studier=Count.plain(5))
        hidden = _hidden(gender_shares=("kvinnor", "man"))
        assert outcome_sentences(_figures(deltagare=ENDED, efter_avslut=outcomes), hidden) == (
            f"Av de avslutade deltagarna gick 25{S}% till arbete eller studier.",
        )

    def test_gender_shares_need_both_genders(self) -> None:
        """Ended participants known only as a total: no share by gender, so no bracket."""
        sentences = outcome_sentences(_figures(deltagare=Flows(avslutade=Count.plain(20)), efter_avslut=OUTCOMES))
        assert sentences[0] == f"{WORK}."

    def test_no_gender_bracket_when_one_gender_has_no_ended_participants(self) -> None:
        """Ten ended women and no men: the men's share is undefined, so neither share is given by gender."""
        outcomes = Outcomes(arbete_studier=Count(3, 0, 0))
        flows = Flows(avslutade=Count(10, 0, 0))
        assert outcome_sentences(_figures(deltagare=flows, efter_avslut=outcomes)) == (
            f"Av de avslutade deltagarna gick 30{S}% till arbete eller studier.",
        )

    def test_a_masked_number_of_respondents_is_left_out(self) -> None:
        """The respondents' count masked: the self-sufficiency share is stated without its n."""
        hidden = _hidden(outcomes=("ettars_svarande",))
        sentences = outcome_sentences(_figures(deltagare=ENDED, efter_avslut=OUTCOMES), hidden)
        assert sentences[3] == f"{SELF} genom arbete eller studier."
        assert SHARES_WITHHELD not in sentences


class TestOwnIndicatorSentences:
    @staticmethod
    def _registry_and_figures() -> tuple[Registry, InsatsFigures]:
        # The survey comes first: an indicator without a value is skipped, and the ones after it still count.
        own = (
            Indicator("enkat", "Nöjda av de svarande", ("nojda",), "svar"),
            Indicator("genomstromning", "Avslutade av alla inskrivna", ("avslutade",), "aktuella"),
            Indicator("kontakter", "Arbetsgivarkontakter", ("kontakter",)),
            Indicator("besok", "Studiebesök", ("besok",)),
        )
        registry, problems = registry_for(own, ["kontakter", "besok", "nojda", "svar"])
        assert not problems
        figures = _figures(deltagare=FLOWS, egna_antal={"kontakter": Count.plain(1234), "besok": Count.plain(7)})
        return registry, figures

    def test_states_a_share_with_its_counts_and_a_count_as_a_number(self) -> None:
        """10 of 40 is 25 %; 1 234 contacts and 7 visits, each after the other; the survey without counts gives none."""
        registry, figures = self._registry_and_figures()
        assert own_indicator_sentences(figures, registry) == (
            f"Avslutade av alla inskrivna: 25{S}% (10 av 40).",
            f"Arbetsgivarkontakter: 1{S}234.",
            "Studiebesök: 7.",
        )

    def test_a_masked_own_figure_is_withheld(self) -> None:
        """The share masked: it is left out, the count stays, and a closing sentence says some are withheld."""
        registry, figures = self._registry_and_figures()
        assert own_indicator_sentences(figures, registry, _hidden(shares=("genomstromning",))) == (
            f"Arbetsgivarkontakter: 1{S}234.",
            "Studiebesök: 7.",
            f"Egna nyckeltal som skulle kunna avslöja små antal {WITHHELD}.",
        )

    def test_the_built_in_indicators_have_sentences_of_their_own(self) -> None:
        """Without own indicators nothing is added: every built-in indicator is phrased elsewhere."""
        assert own_indicator_sentences(_figures(deltagare=ENDED, efter_avslut=OUTCOMES), BUILTIN) == ()


class TestEconomyParagraph:
    @pytest.mark.parametrize(
        ("budget", "cost", "expected"),
        [
            (
                "1000",
                "950",
                f"Insatsen beviljades 1{S}000{S}tkr för 2022. De faktiska kostnaderna blev 950{S}tkr, vilket ger ett "
                f"budgetutnyttjande på 95{S}%. Av de beviljade medlen användes 50{S}tkr inte.",
            ),
            (
                "1000",
                "1001",
                f"Insatsen beviljades 1{S}000{S}tkr för 2022. De faktiska kostnaderna blev 1{S}001{S}tkr, vilket ger "
                f"ett budgetutnyttjande på 100{S}%. Kostnaderna översteg budgeten med 1{S}tkr.",
            ),
            (
                "400",
                "400",
                f"Insatsen beviljades 400{S}tkr för 2022. De faktiska kostnaderna blev 400{S}tkr, vilket ger ett "
                f"budgetutnyttjande på 100{S}%. Hela budgeten användes.",
            ),
            (
                "0",
                "10",
                f"Insatsen beviljades 0{S}tkr för 2022. De faktiska kostnaderna blev 10{S}tkr, och utan budget kan "
                f"budgetutnyttjandet inte beräknas. Kostnaderna översteg budgeten med 10{S}tkr.",
            ),
            (
                "0",
                "0",
                f"Insatsen beviljades 0{S}tkr för 2022. De faktiska kostnaderna blev 0{S}tkr, och utan budget kan "
                "budgetutnyttjandet inte beräknas. Hela budgeten användes.",
            ),
            (
                None,
                "500",
                f"Uppgift om budget eller kostnad saknas, så budgetutnyttjandet kan inte beräknas. Kostnaderna "
                f"uppgick till 500{S}tkr.",
            ),
            (
                "500",
                None,
                f"Uppgift om budget eller kostnad saknas, så budgetutnyttjandet kan inte beräknas. Budgeten var "
                f"500{S}tkr.",
            ),
            (None, None, "Uppgift om budget eller kostnad saknas, så budgetutnyttjandet kan inte beräknas."),
        ],
    )
    def test_states_budget_cost_and_what_was_left(self, budget: str | None, cost: str | None, expected: str) -> None:
        """Within budget, 1 tkr over, exactly on it, a zero budget, and each figure missing."""
        figures = _figures(
            budget_tkr=None if budget is None else Decimal(budget), kostnad_tkr=None if cost is None else Decimal(cost)
        )
        assert economy_paragraph(figures, 2022) == expected

    @pytest.mark.parametrize(
        ("reason", "ending"),
        [
            ("  Färre deltagare än väntat  ", "Förklaring till avvikelsen: Färre deltagare än väntat."),
            ("Lokalen blev dyrare!", "Förklaring till avvikelsen: Lokalen blev dyrare!"),
            ("Vem kunde ana?", "Förklaring till avvikelsen: Vem kunde ana?"),
            ("Se bilaga…", "Förklaring till avvikelsen: Se bilaga…"),
            ("Se bilaga X", "Förklaring till avvikelsen: Se bilaga X."),
        ],
    )
    def test_adds_the_reason_for_a_deviation_as_a_sentence(self, reason: str, ending: str) -> None:
        """The reason is trimmed and gets a full stop unless it already ends a sentence."""
        figures = _figures(budget_tkr=Decimal(100), kostnad_tkr=Decimal(90), avvikelse_forklaring=reason)
        assert economy_paragraph(figures, 2022).endswith(f"användes 10{S}tkr inte. {ending}")

    def test_a_blank_reason_adds_nothing(self) -> None:
        """Spaces only are no reason."""
        figures = _figures(budget_tkr=Decimal(100), kostnad_tkr=Decimal(90), avvikelse_forklaring="   ")
        assert economy_paragraph(figures, 2022).endswith(f"användes 10{S}tkr inte.")


class TestScaleFootnote:
    def test_describes_the_default_scale_word_for_word(self) -> None:
        """Three steps at 5 and 25, median: the whole footnote."""
        assert scale_footnote(GradingScale()) == (
            "Varje mål bedöms (kolumnen Bedömning av målet) på en tregradig skala: ”God” när avvikelsen är högst 5, "
            "”Godtagbart” när avvikelsen är högst 25 och annars ”Ej godtagbart”. Avvikelsen är hur långt resultatet "
            "ligger från målet, i procentenheter för mål i procent och i procent av målvärdet för mål i antal; ett "
            "överträffat mål ger ingen avvikelse. Insatsens måluppfyllelse (sista kolumnen) är medianen av målens "
            "bedömningar (vid jämnt antal mål den sämre av de två mittersta)."
        )

    def test_describes_the_worst_grade_rule_and_decimal_bounds(self) -> None:
        """Two steps at 2,5 (written 2.50) with the worst-grade rule."""
        scale = GradingScale(names=("Ja", "Nej"), bounds=(Decimal("2.50"),), aggregation="worst")
        assert scale_footnote(scale) == (
            "Varje mål bedöms (kolumnen Bedömning av målet) på en tvågradig skala: ”Ja” när avvikelsen är högst 2,5 "
            "och annars ”Nej”. Avvikelsen är hur långt resultatet ligger från målet, i procentenheter för mål i "
            "procent och i procent av målvärdet för mål i antal; ett överträffat mål ger ingen avvikelse. "
            "Insatsens måluppfyllelse (sista kolumnen) är den sämsta av målens bedömningar."
        )

    @pytest.mark.parametrize(
        ("steps", "adjective"),
        [
            (2, "tvågradig"),
            (3, "tregradig"),
            (4, "fyrgradig"),
            (5, "femgradig"),
            (6, "sexgradig"),
            (7, "sjugradig"),
            (8, "åttagradig"),
            (9, "niogradig"),
            (10, "tiogradig"),
            (11, "11-gradig"),
            (12, "12-gradig"),
        ],
    )
    def test_names_the_number_of_steps(self, steps: int, adjective: str) -> None:
        """Two to ten steps as a Swedish compound, more as digits."""
        scale = GradingScale(
            names=tuple(f"Steg {n}" for n in range(1, steps + 1)), bounds=tuple(Decimal(n) for n in range(1, steps))
        )
        assert f" på en {adjective} skala: ”Steg 1” när avvikelsen är högst 1" in scale_footnote(scale)

    @pytest.mark.parametrize(
        ("bound", "shown"), [("10", "10"), ("1E+1", "10"), ("7.25", "7,25"), ("0.5", "0,5"), ("3.0", "3")]
    )
    def test_shows_each_bound_with_the_decimals_it_needs(self, bound: str, shown: str) -> None:
        """A bound keeps its significant decimals and drops trailing zeros, with a decimal comma."""
        scale = GradingScale(names=("A", "B"), bounds=(Decimal(bound),))
        assert f"”A” när avvikelsen är högst {shown} och annars ”B”." in scale_footnote(scale)


class TestSmallTexts:
    def test_development_notes(self) -> None:
        """The development table's note names the span of years; a new insats says there is nothing to compare."""
        tail = (
            " som de redovisades respektive år. Andelarna avser de avslutade deltagarna; måluppfyllelsen är "
            "insatsens samlade bedömning det året."
        )
        assert development_note((2022, 2023, 2024)) == "Åren 2022\u20132024" + tail
        assert development_note((2023, 2024)) == "Åren 2023\u20132024" + tail
        assert development_note((2024,)) == "Åren 2024" + tail
        assert development_new_text(2024) == (
            "Insatsen är ny för 2024: den finns inte med i tidigare års uppföljning, "
            "så det finns inget att jämföra med."
        )

    def test_privacy_note_names_the_limit_and_the_symbol(self) -> None:
        """At minsta_cell 3 and 10 the note names the limit and the mask symbol."""
        assert privacy_note(3) == "Antal under 3 och uppgifter som skulle avslöja dem visas som .."
        assert privacy_note(10) == "Antal under 10 och uppgifter som skulle avslöja dem visas som .."

    def test_numbers_in_words_up_to_twelve(self) -> None:
        """0 to 12 are words, 13 and -1 stay digits."""
        assert [number_in_words(n) for n in range(13)] == [
            "noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"
        ]  # fmt: skip
        assert number_in_words(13) == "13"
        assert number_in_words(1000) == f"1{S}000"

    def test_superscripts_every_digit(self) -> None:
        """Each digit has its superscript form."""
        assert superscript(1234567890) == "¹²³⁴⁵⁶⁷⁸⁹⁰"
