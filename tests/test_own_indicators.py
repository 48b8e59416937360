"""The förbund's own counts and indicators: read from the interchange file, computed, graded, masked, written back.

Expected values are worked out by hand from the counts in each test (e.g. 271 of 705 is 38.44 %), never by
calling the code under test a second time.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from xlinsats.core.figures import compute_figures
from xlinsats.core.indicators import BUILTIN, registry_for
from xlinsats.core.model import Count, Flows, FollowUp, Goal, Indicator, Insats, Privacy
from xlinsats.core.privacy import mask_figures
from xlinsats.interchange import dump_interchange, parse_interchange

#: A follow-up in the shape of another förbund's 2022 social report: throughput, positive solutions, survey.
OWN = """
[forbund]
namn = "Exempelförbundet"
ar = 2022

[[indikator]]
namn = "genomstromning"
etikett = "Avslutade av alla deltagare under året"
taljare = ["avslutade"]
namnare = "aktuella"

[[indikator]]
namn = "positiv_losning_andel"
etikett = "Andel avslutade till en positiv lösning"
taljare = ["positiv_losning"]
namnare = "avslutade"

[[indikator]]
namn = "studier_andel"
etikett = "Andel av de positiva lösningarna som var studier"
taljare = ["till_studier"]
namnare = "positiv_losning"

[[indikator]]
namn = "enkat_fraga1"
etikett = "Nöjda svar på fråga 1 av alla svar"
taljare = ["enkat_fraga1_nojda"]
namnare = "enkat_fraga1_svar"

[[indikator]]
namn = "arbetsgivarkontakter"
etikett = "Antal arbetsgivarkontakter"
taljare = ["arbetsgivarkontakter"]

[[insats]]
namn = "Steget"

[insats.deltagare]
aktuella = { kvinnor = 400, man = 300, annat = 5 }
avslutade = { kvinnor = 150, man = 120, annat = 1 }

[insats.egna_antal]
positiv_losning = { kvinnor = 100, man = 79 }
till_studier = 27
enkat_fraga1_svar = 140
enkat_fraga1_nojda = 133
arbetsgivarkontakter = 41

[[insats.mal]]
text = "Minst 35 % av deltagarna avslutas under året"
typ = "andel"
malvarde = 35
indikator = "genomstromning"

[[insats.mal]]
text = "Minst 19 % av de positiva lösningarna är studier"
typ = "andel"
malvarde = 19
indikator = "studier_andel"

[[insats.mal]]
text = "Minst 50 arbetsgivarkontakter"
typ = "antal"
malvarde = 50
indikator = "arbetsgivarkontakter"
"""


def _read(text: str) -> FollowUp:
    result = parse_interchange(text, ".toml", "egna.toml")
    assert not [p for p in result.problems if p.severity == "fel"], result.problems
    assert result.followup is not None
    return result.followup


def test_own_indicators_are_computed_from_counts() -> None:
    """Throughput is 271 of 705 (38.44 %); studies 27 of 179 is 15.08 %, not the 19 % the seed report printed."""
    figures = compute_figures(_read(OWN))
    shares = figures.insatser[0].andelar
    assert shares["genomstromning"] == Fraction(271, 705)
    assert shares["positiv_losning_andel"] == Fraction(179, 271)
    assert shares["studier_andel"] == Fraction(27, 179)
    assert shares["enkat_fraga1"] == Fraction(133, 140)
    # The built-in shares come first, the own shares after them, in file order.
    assert figures.share_names[: len(BUILTIN.shares)] == BUILTIN.shares
    assert figures.share_names[len(BUILTIN.shares) :] == (
        "genomstromning",
        "positiv_losning_andel",
        "studier_andel",
        "enkat_fraga1",
    )


def test_own_indicator_goals_are_graded() -> None:
    """38.44 % against at least 35 % is God; 15.08 % against 19 % falls 3.92 points short (God under 5);
    41 contacts against 50 falls 18 % short (Godtagbart)."""
    goals = compute_figures(_read(OWN)).insatser[0].mal
    assert [g.utfall for g in goals] == [Fraction(27100, 705), Fraction(2700, 179), Fraction(41)]
    assert all(g.utfall_fran_data for g in goals)
    assert [g.bedomning for g in goals] == ["God", "God", "Godtagbart"]


def test_gender_split_follows_the_counts() -> None:
    """Positive solutions by gender: women 100 of 150, men 79 of 120; 'annat' 0 of 1."""
    followup = _read(OWN)
    registry, _ = registry_for(followup.indikatorer, followup.own_count_names)
    insats = followup.insatser[0]
    assert registry.compute_by_gender(insats, "positiv_losning_andel", "kvinnor") == Fraction(100, 150)
    assert registry.compute_by_gender(insats, "positiv_losning_andel", "man") == Fraction(79, 120)
    assert registry.compute_by_gender(insats, "positiv_losning_andel", "annat") == 0
    # A count known only as a total has no gender parts: the split is unknown.
    assert registry.compute_by_gender(insats, "studier_andel", "kvinnor") is None


def test_absent_own_count_makes_its_shares_unknown() -> None:
    """An insats without the survey counts has no survey share and no grade for a goal on it."""
    text = OWN.replace("enkat_fraga1_svar = 140\n", "")
    figures = compute_figures(_read(text))
    assert figures.insatser[0].andelar["enkat_fraga1"] is None


def test_round_trip_keeps_own_indicators_and_counts() -> None:
    """Export then import gives the same follow-up, own indicators and counts included."""
    followup = _read(OWN)
    for suffix in (".toml", ".json"):
        again = parse_interchange(dump_interchange(followup, suffix), suffix, "igen" + suffix)
        assert again.followup == followup
        assert not again.problems


@pytest.mark.parametrize(
    ("definition", "key", "words"),
    [
        ('namn = "vidare_andel"\netikett = "X"\ntaljare = ["nya"]', "indikator[0].namn", "inbyggda"),
        ('namn = "tom"\netikett = "X"\ntaljare = []', "indikator[0].taljare", "tom"),
        ('namn = "sig_sjalv"\netikett = "X"\ntaljare = ["sig_sjalv"]', "indikator[0].taljare", "sig själv"),
        ('namn = "x"\netikett = "Nya deltagare under året"\ntaljare = ["nya"]', "indikator[0].etikett", "redan"),
        ('namn = "Stora Bokstäver"\netikett = "X"\ntaljare = ["nya"]', "indikator[0].namn", "små bokstäver"),
        ('namn = "x"\netikett = "X"\ntaljare = ["nya"]\nnamnare = "avslutade"\nfarg = 1', "indikator[0].farg", "Okänd"),
    ],
)
def test_broken_definition_is_an_error_at_its_key(definition: str, key: str, words: str) -> None:
    """Each broken definition is an error naming the definition's key, in Swedish."""
    text = f'[forbund]\nnamn = "F"\nar = 2022\n\n[[indikator]]\n{definition}\n\n[[insats]]\nnamn = "A"\n'
    result = parse_interchange(text, ".toml", "f.toml")
    errors = [p for p in result.problems if p.severity == "fel"]
    assert [p.location.key for p in errors] == [key]
    assert words in errors[0].message


def test_unknown_count_is_a_warning_and_the_indicator_stays() -> None:
    """A count that no insats has (a typo, or a new year not yet filled in) warns, and the share is unknown."""
    text = OWN.replace('taljare = ["till_studier"]', 'taljare = ["till_studir"]')
    result = parse_interchange(text, ".toml", "f.toml")
    warnings = [p for p in result.problems if p.severity == "varning"]
    assert [p.location.key for p in warnings] == ["indikator[2].taljare"]
    assert "till_studir" in warnings[0].message
    assert result.followup is not None
    assert compute_figures(result.followup).insatser[0].andelar["studier_andel"] is None


def test_goal_on_unknown_indicator_lists_own_ones() -> None:
    """A goal naming no indicator gets an error that lists the own indicators among the allowed ones."""
    text = OWN.replace('indikator = "arbetsgivarkontakter"', 'indikator = "kontakter"')
    result = parse_interchange(text, ".toml", "f.toml")
    errors = [p for p in result.problems if p.severity == "fel"]
    assert [p.location.key for p in errors] == ["insats[0].mal[2].indikator"]
    assert "arbetsgivarkontakter" in errors[0].message


def test_builtin_count_among_own_counts_is_refused() -> None:
    """An own count named like a built-in one ('avslutade') is an error at that key."""
    text = OWN.replace("till_studier = 27", "avslutade = 27")
    result = parse_interchange(text, ".toml", "f.toml")
    assert "insats[0].egna_antal.avslutade" in [p.location.key for p in result.problems if p.severity == "fel"]


def _masked_followup(women_positive: int, goals: tuple[Goal, ...] = ()) -> FollowUp:
    own = (
        Indicator("positiv", "Positiv lösning", ("positiv",), "avslutade"),
        Indicator("positiv_eller_studier", "Positiv lösning eller studier", ("positiv", "studier"), "avslutade"),
        Indicator("kontakter", "Kontakter", ("kontakter",)),
    )
    insats = Insats(
        "A",
        deltagare=Flows(avslutade=Count(30, 40, 0)),
        egna_antal={
            "positiv": Count(women_positive, 20, 0),
            "studier": Count.plain(2),
            "kontakter": Count.plain(2),
        },
        mal=goals,
    )
    return FollowUp("F", 2022, (insats,), indikatorer=own)


def test_masking_reaches_own_counts_and_shares() -> None:
    """With minsta_cell 3, 2 women in an own count are masked with a partner cell; a sum that contains a
    masked count (positiv + studier, studier = 2) is masked; a clean share stays visible at 5 women."""
    masking = mask_figures(compute_figures(_masked_followup(2)), 3)
    assert masking.outcome(0, "positiv", "kvinnor")
    assert masking.outcome(0, "studier", "totalt")
    assert masking.share(0, "positiv_eller_studier")
    clean = mask_figures(compute_figures(_masked_followup(5)), 3)
    assert not clean.outcome(0, "positiv", "kvinnor")
    assert not clean.share(0, "positiv")
    assert clean.share(0, "positiv_eller_studier")  # studier = 2 is still small


def test_count_goal_on_small_own_count_is_masked() -> None:
    """A goal on an own count indicator whose count (2) is below minsta_cell 3 is masked."""
    goal = Goal("Minst 10 kontakter", "antal", "minst", Decimal(10), "kontakter")
    figures = compute_figures(_masked_followup(5, (goal,)))
    assert figures.insatser[0].mal[0].utfall == 2
    assert mask_figures(figures, 3).goal(0, 0)
    assert not mask_figures(figures, 2).goal(0, 0)


def test_share_above_whole_warns_at_the_count() -> None:
    """179 positive solutions of 150 ended participants warns at the own count, in Swedish."""
    from xlinsats.core.checks import check_followup

    text = OWN.replace("avslutade = { kvinnor = 150, man = 120, annat = 1 }", "avslutade = 150")
    followup = _read(text)
    warnings = [p for p in check_followup(followup) if "över 100 %" in p.message]
    assert [p.location.key for p in warnings if p.location] == ["insats[0].egna_antal.positiv_losning"]
    assert "179" in warnings[0].message and "150" in warnings[0].message


def test_goal_on_own_indicator_is_checked_with_the_registry() -> None:
    """A goal on an own indicator is gradable in the checks (no 'okänd indikator' warning)."""
    from xlinsats.core.checks import check_followup

    assert not [p for p in check_followup(_read(OWN)) if "okänd indikator" in p.message]


def test_export_carries_own_counts_and_shares_masked() -> None:
    """JSON and CSV carry the own shares after the built-in ones; at minsta_cell 3 the masked own count
    (2 women) is null in JSON and listed among the masked pointers, and its shares are '..' in CSV."""
    import json

    from xlinsats.figures_export import figures_to_csv, figures_to_json

    followup = _masked_followup(2)
    figures = compute_figures(
        FollowUp("F", 2022, followup.insatser, sekretess=Privacy(3), indikatorer=followup.indikatorer)
    )
    data = json.loads(figures_to_json(figures))
    insats = data["insatser"][0]
    assert list(insats["andelar"])[-2:] == ["positiv", "positiv_eller_studier"]
    assert insats["egna_antal"]["positiv"]["kvinnor"] is None
    assert "/insatser/0/egna_antal/positiv/kvinnor" in data["sekretess"]["maskerade"]
    assert insats["andelar"]["positiv_eller_studier"] is None
    header, row = figures_to_csv(figures).splitlines()[:2]
    cells = dict(zip(header.split(";"), row.split(";"), strict=True))
    assert cells["positiv_eller_studier"] == ".."
    unmasked = json.loads(figures_to_json(compute_figures(_masked_followup(5))))
    assert unmasked["insatser"][0]["andelar"]["positiv"] == pytest.approx(25 / 70 * 100)


def _report_texts(followup: FollowUp) -> list[str]:
    from xlinsats.report.layout import build_report

    report = build_report(compute_figures(followup))
    return [
        value
        for sheet in report.sheets
        for block in sheet.blocks
        for row in block.values
        for value in row
        if isinstance(value, str)
    ]


def test_report_states_own_indicators_with_counts() -> None:
    """The report says "38 % (271 av 705)" for throughput and states the count indicator as a number."""
    texts = _report_texts(_read(OWN))
    assert "Avslutade av alla deltagare under året: 38\u00a0% (271 av 705)." in texts
    assert "Andel av de positiva lösningarna som var studier: 15\u00a0% (27 av 179)." in texts
    assert "Antal arbetsgivarkontakter: 41." in texts


def test_report_withholds_masked_own_indicators() -> None:
    """At minsta_cell 3 the sum with a count of 2 and the count indicator of 2 are withheld, with a note."""
    followup = _masked_followup(5)
    texts = _report_texts(
        FollowUp("F", 2022, followup.insatser, sekretess=Privacy(3), indikatorer=followup.indikatorer)
    )
    own = [t for t in texts if t.startswith(("Positiv", "Kontakter", "Egna nyckeltal som"))]
    assert own == [
        "Positiv lösning: 36\u00a0% (25 av 70).",
        "Egna nyckeltal som skulle kunna avslöja små antal visas inte av sekretesskäl.",
    ]
