"""The indicator registry: built-in and own indicators computed from worked counts, and definition problems.

Every expected value is worked out by hand from the counts in the test (e.g. 4 of 10 ended to work is 2/5),
and every problem message is written out in full, as the förbund sees it.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from xlinsats.core.indicators import BUILTIN, DefinitionProblem, compute_indicator, registry_for, sum_counts
from xlinsats.core.model import Count, Flows, Indicator, Insats, Outcomes

#: A small insats: 20 current (10 women, 8 men, 2 other), 7 new, 10 ended (6, 3, 1); 4 of them to work or
#: studies (3, 1, 0) and 2 to another insats (1, 1, 0); 2 of 5 who answered self-supporting; 3 of 4 kept a job.
WORKED = Insats(
    "Steget",
    deltagare=Flows(aktuella=Count(10, 8, 2), nya=Count.plain(7), avslutade=Count(6, 3, 1)),
    efter_avslut=Outcomes(
        arbete_studier=Count(3, 1, 0),
        annan_insats=Count(1, 1, 0),
        ettars_svarande=Count.plain(5),
        ettars_sjalvforsorjande=Count.plain(2),
        anstallda=Count.plain(4),
        behallit_anstallning_12_man=Count.plain(3),
    ),
    egna_antal={"kontakter": Count(2, 1, 0)},
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("aktuella", 20),
        ("nya", 7),
        ("avslutade", 10),
        ("arbete_studier_andel", Fraction(4, 10)),
        ("annan_insats_andel", Fraction(2, 10)),
        ("vidare_andel", Fraction(6, 10)),  # (4 + 2) of 10
        ("sjalvforsorjande_andel", Fraction(2, 5)),
        ("behallit_anstallning_andel", Fraction(3, 4)),
    ],
)
def test_builtin_indicator_values(name: str, expected: Fraction | int) -> None:
    """Each built-in indicator is its numerator's total, over its denominator's total for a share."""
    assert compute_indicator(WORKED, name) == expected


def test_compute_indicator_uses_given_registry() -> None:
    """An own indicator is computed through the registry passed in: 3 contacts of 10 ended is 3/10."""
    own = Indicator("kontakter_andel", "Kontakter per avslutad", ("kontakter",), "avslutade")
    registry, problems = registry_for([own], ["kontakter"])
    assert problems == []
    assert compute_indicator(WORKED, "kontakter_andel", registry) == Fraction(3, 10)
    with pytest.raises(KeyError):
        compute_indicator(WORKED, "kontakter_andel")


def test_registry_iterates_in_order() -> None:
    """The registry yields the built-in names in export order, then the own ones in file order."""
    builtin = [
        "aktuella",
        "nya",
        "avslutade",
        "arbete_studier_andel",
        "annan_insats_andel",
        "vidare_andel",
        "sjalvforsorjande_andel",
        "behallit_anstallning_andel",
    ]
    assert list(BUILTIN) == builtin
    own = [Indicator("b", "B", ("kontakter",)), Indicator("a", "A", ("kontakter",))]
    registry, _ = registry_for(own, ["kontakter"])
    assert list(registry) == [*builtin, "b", "a"]


def test_sum_counts_by_gender() -> None:
    """Split counts sum per gender, with the total derived from the parts (none entered): 2+1, 3+1, 0+1."""
    assert sum_counts([Count(2, 3, 0), Count(1, 1, 1)]) == Count(3, 4, 1)


def test_sum_counts_keeps_an_entered_total_that_differs() -> None:
    """When the entered totals (5 and 1) differ from the parts (2+1), the summed total 6 is kept as entered."""
    assert sum_counts([Count(1, 1, 0, totalt_angivet=5), Count(1, 0, 0)]) == Count(2, 1, 0, totalt_angivet=6)


def test_sum_counts_plain_and_unknown() -> None:
    """A plain count makes the sum plain (5 + 3 = 8); an unknown count or no count makes it unknown."""
    assert sum_counts([Count.plain(5), Count(1, 2, 0)]) == Count.plain(8)
    assert sum_counts([Count.plain(5), None]) is None
    assert sum_counts([]) is None


def _problems(own: list[Indicator], own_counts: tuple[str, ...] = ()) -> list[DefinitionProblem]:
    return registry_for(own, own_counts)[1]


def test_name_taken_by_a_builtin() -> None:
    """An own indicator named like a built-in count or indicator is an error, located at its name."""
    own = [Indicator("nya", "N", ("aktuella",)), Indicator("vidare_andel", "V", ("aktuella",))]
    registry, problems = registry_for(own)
    assert problems == [
        DefinitionProblem(0, "namn", "Namnet 'nya' finns redan bland de inbyggda; välj ett annat.", "nya"),
        DefinitionProblem(
            1, "namn", "Namnet 'vidare_andel' finns redan bland de inbyggda; välj ett annat.", "vidare_andel"
        ),
    ]
    assert registry.own == ()


def test_duplicate_name() -> None:
    """The second definition of a name is an error and left out; the first stays in the registry."""
    first = Indicator("egen", "Första", ("aktuella",))
    second = Indicator("egen", "Andra", ("nya",))
    registry, problems = registry_for([first, second])
    assert problems == [DefinitionProblem(1, "namn", "Indikatorn 'egen' är definierad två gånger.", "egen")]
    assert registry["egen"] == first
    assert registry.own == (first,)


def test_empty_numerator() -> None:
    """An indicator with no counts in its numerator is an error and left out of the registry."""
    registry, problems = registry_for([Indicator("tom", "Tom", ())])
    assert problems == [DefinitionProblem(0, "taljare", "Täljaren är tom: ange minst ett antal att summera.")]
    assert "tom" not in registry


def _built_on_indicator(name: str, index: int = 0) -> DefinitionProblem:
    return DefinitionProblem(
        index,
        "taljare",
        f"Täljaren '{name}' är en indikator, inte ett antal; en indikator kan inte byggas på sig själv eller på "
        "en annan indikator.",
        name,
    )


def test_numerator_naming_an_indicator() -> None:
    """A numerator naming itself, another own indicator or a built-in indicator is an error each."""
    own = [
        Indicator("sig_sjalv", "S", ("sig_sjalv",)),
        Indicator("pa_annan", "P", ("egen",)),
        Indicator("egen", "E", ("aktuella",)),
        Indicator("pa_inbyggd", "I", ("vidare_andel",)),
    ]
    registry, problems = registry_for(own)
    assert problems == [
        _built_on_indicator("sig_sjalv", 0),
        _built_on_indicator("egen", 1),
        _built_on_indicator("vidare_andel", 3),
    ]
    assert registry.own == (own[2],)


def test_unknown_numerator_count_is_a_warning() -> None:
    """A numerator count no insats has is a warning: the indicator stays, with its value unknown."""
    own = Indicator("ny_egen", "Ny", ("okant",))
    registry, problems = registry_for([own])
    assert problems == [
        DefinitionProblem(
            0, "taljare", "Antalet 'okant' finns inte för någon insats; kontrollera stavningen.", "okant", "varning"
        )
    ]
    assert registry.own == (own,)
    assert compute_indicator(WORKED, "ny_egen", registry) is None


def test_denominator_in_numerator() -> None:
    """A denominator also summed in a numerator of two counts is an error; alone in it (the limit), it is not."""
    alone = Indicator("hela", "Hela", ("avslutade",), "avslutade")
    assert _problems([alone]) == []
    two = Indicator("dubbel", "Dubbel", ("arbete_studier", "avslutade"), "avslutade")
    assert _problems([two]) == [
        DefinitionProblem(0, "namnare", "Nämnaren 'avslutade' ingår också i täljaren.", "avslutade")
    ]
    three = Indicator("trippel", "Trippel", ("arbete_studier", "annan_insats", "avslutade"), "avslutade")
    assert _problems([three]) == [
        DefinitionProblem(0, "namnare", "Nämnaren 'avslutade' ingår också i täljaren.", "avslutade")
    ]


def test_unknown_denominator_is_a_warning() -> None:
    """A denominator no insats has is a warning: the indicator stays, its share unknown."""
    own = Indicator("andel_av_okand", "A", ("avslutade",), "okand")
    registry, problems = registry_for([own])
    assert problems == [
        DefinitionProblem(
            0, "namnare", "Antalet 'okand' finns inte för någon insats; kontrollera stavningen.", "okand", "varning"
        )
    ]
    assert registry.own == (own,)
    assert compute_indicator(WORKED, "andel_av_okand", registry) is None
