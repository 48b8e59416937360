"""The registry of counts and indicators: built-in and the förbund's own, each computed from an insats's counts.

Every indicator is data: the counts summed for its numerator and, for a share, the count it is taken of.
Figures, grading, masking, the workbook, the readers, the UDFs, the export and the report all derive from
the registry, so adding a built-in indicator is one entry in ``BUILTIN_INDICATORS`` below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from xlinsats.core.model import FLOW_NAMES, GENDERS, OUTCOME_NAMES, Count, Indicator, Insats
from xlinsats.core.numbers import share

__all__ = [
    "BUILTIN",
    "BUILTIN_COUNTS",
    "BUILTIN_INDICATORS",
    "COUNT_LABELS",
    "INDICATORS",
    "OWN_NAME",
    "SHARE_INDICATORS",
    "CountSource",
    "DefinitionProblem",
    "Indicator",
    "Registry",
    "compute_indicator",
    "count_of",
    "gender_distribution",
    "gender_share",
    "registry_for",
    "sum_counts",
]

CountSource = Literal["deltagare", "efter_avslut", "egna_antal"]

#: Names of own counts and indicators: keys in the file and words in formulas, so plain lower-case words.
OWN_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")

#: The Swedish label of every built-in count, as tables and messages name it.
COUNT_LABELS: dict[str, str] = {
    "aktuella": "Aktuella",
    "nya": "Nya",
    "avslutade": "Avslutade",
    "arbete_studier": "Arbete/studier",
    "annan_insats": "Annan insats",
    "ettars_svarande": "Svarat efter ett år",
    "ettars_sjalvforsorjande": "Självförsörjande efter ett år",
    "anstallda": "Anställda",
    "behallit_anstallning_12_man": "Behållit anställning 12 mån",
    "efterstod": "Efterstöd",
}

#: Where each built-in count lives on an insats.
BUILTIN_COUNTS: dict[str, CountSource] = {
    **{name: "deltagare" for name in FLOW_NAMES},
    **{name: "efter_avslut" for name in OUTCOME_NAMES},
}

#: The built-in indicators, in the order of the figures export and the workbook's dropdown.
BUILTIN_INDICATORS: tuple[Indicator, ...] = (
    Indicator("aktuella", "Aktuella deltagare under året", ("aktuella",)),
    Indicator("nya", "Nya deltagare under året", ("nya",)),
    Indicator("avslutade", "Avslutade deltagare under året", ("avslutade",)),
    Indicator(
        "arbete_studier_andel",
        "Andel avslutade till arbete eller studier",
        ("arbete_studier",),
        "avslutade",
        "Andel arbete/studier",
    ),
    Indicator(
        "annan_insats_andel",
        "Andel avslutade till annan arbetsinriktad insats",
        ("annan_insats",),
        "avslutade",
        "Andel annan insats",
    ),
    Indicator(
        "vidare_andel",
        "Andel avslutade till arbete, studier eller annan insats",
        ("arbete_studier", "annan_insats"),
        "avslutade",
        "Andel vidare",
    ),
    Indicator(
        "sjalvforsorjande_andel",
        "Andel självförsörjande ett år efter avslut (av dem som svarat)",
        ("ettars_sjalvforsorjande",),
        "ettars_svarande",
        "Andel självförsörjande",
    ),
    Indicator(
        "behallit_anstallning_andel",
        "Andel anställda som behållit anställningen i 12 månader",
        ("behallit_anstallning_12_man",),
        "anstallda",
        "Andel behållit anställning",
    ),
)


def count_of(insats: Insats, name: str) -> Count | None:
    """Return the count ``name`` of the insats: a flow, an outcome or one of its own counts; None when unknown."""
    source = BUILTIN_COUNTS.get(name)
    if source == "deltagare":
        return insats.deltagare.get(name)
    if source == "efter_avslut":
        return insats.efter_avslut.get(name)
    return insats.egna_antal.get(name)


def _sum(values: Iterable[int | None]) -> int | None:
    known = list(values)
    if any(value is None for value in known):
        return None
    return sum(value for value in known if value is not None)


def sum_counts(counts: Sequence[Count | None]) -> Count | None:
    """Return the sum of counts; a part or total is unknown when it is unknown in any of them."""
    if not counts or any(count is None for count in counts):
        return None
    known = [count for count in counts if count is not None]
    parts = {
        gender: (_sum(c.part(gender) for c in known) if all(c.has_parts for c in known) else None) for gender in GENDERS
    }
    total = _sum(c.totalt for c in known)
    derived = _sum(parts.values())
    return Count(
        parts["kvinnor"],
        parts["man"],
        parts["annat"],
        totalt_angivet=None if derived is not None and derived == total else total,
    )


@dataclass(frozen=True)
class DefinitionProblem:
    """A problem in an own-indicator definition: which indicator (by position), which key, a Swedish message.

    An error ("fel") leaves the indicator out of the registry; a warning ("varning", a count that no insats
    has, e.g. right after a new year) keeps it, with its values unknown.
    """

    index: int
    key: str
    message: str
    value: object = None
    severity: Literal["fel", "varning"] = "fel"


@dataclass(frozen=True)
class Registry:
    """Every indicator a goal can name, by name, in order: the built-ins first, then the förbund's own."""

    indicators: Mapping[str, Indicator]
    own: tuple[Indicator, ...] = field(default=())

    def __contains__(self, name: object) -> bool:
        return name in self.indicators

    def __getitem__(self, name: str) -> Indicator:
        return self.indicators[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.indicators)

    @property
    def shares(self) -> tuple[str, ...]:
        """The names of the share indicators, in registry order."""
        return tuple(name for name, ind in self.indicators.items() if ind.kind == "andel")

    def by_label(self) -> dict[str, str]:
        """Return the indicator name for each Swedish label, as the workbook's dropdown shows them."""
        return {ind.label: name for name, ind in self.indicators.items()}

    def numerator(self, insats: Insats, name: str) -> Count | None:
        """Return the numerator of an indicator for the insats: the sum of its counts, None when one is unknown."""
        return sum_counts([count_of(insats, count) for count in self.indicators[name].taljare])

    def denominator(self, insats: Insats, name: str) -> Count | None:
        """Return the count a share indicator is taken of; None for a count indicator or when unknown."""
        denominator = self.indicators[name].namnare
        return None if denominator is None else count_of(insats, denominator)

    def compute(self, insats: Insats, name: str) -> Fraction | int | None:
        """Return the indicator's value: a count, a share as a fraction (0.42), or None when undefined.

        Raises:
            KeyError: the indicator name is unknown.
        """
        indicator = self.indicators[name]
        part = self.numerator(insats, name)
        total = None if part is None else part.totalt
        if indicator.namnare is None:
            return total
        whole = self.denominator(insats, name)
        return share(total, None if whole is None else whole.totalt)

    def compute_by_gender(self, insats: Insats, name: str, gender: str) -> Fraction | None:
        """Return a share indicator for one gender (women to work of women who ended), None where not split."""
        part = self.numerator(insats, name)
        whole = self.denominator(insats, name)
        return gender_share(part, whole, gender)


def _validate(own: Sequence[Indicator], known_counts: set[str]) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []
    seen: set[str] = set()
    builtin = {ind.name for ind in BUILTIN_INDICATORS}
    own_names = {ind.name for ind in own}
    for index, ind in enumerate(own):
        if ind.name in builtin or ind.name in BUILTIN_COUNTS:
            problems.append(
                DefinitionProblem(
                    index, "namn", f"Namnet {ind.name!r} finns redan bland de inbyggda; välj ett annat.", ind.name
                )
            )
        elif ind.name in seen:
            problems.append(
                DefinitionProblem(index, "namn", f"Indikatorn {ind.name!r} är definierad två gånger.", ind.name)
            )
        seen.add(ind.name)
        if not ind.taljare:
            problems.append(DefinitionProblem(index, "taljare", "Täljaren är tom: ange minst ett antal att summera."))
        for count in ind.taljare:
            if count not in known_counts and (count == ind.name or count in own_names or count in builtin):
                problems.append(
                    DefinitionProblem(
                        index,
                        "taljare",
                        f"Täljaren {count!r} är en indikator, inte ett antal; en indikator kan inte byggas på "
                        "sig själv eller på en annan indikator.",
                        count,
                    )
                )
            elif count not in known_counts:
                problems.append(
                    DefinitionProblem(
                        index,
                        "taljare",
                        f"Antalet {count!r} finns inte för någon insats; kontrollera stavningen.",
                        count,
                        "varning",
                    )
                )
        if ind.namnare is not None:
            if ind.namnare in ind.taljare and len(ind.taljare) > 1:
                problems.append(
                    DefinitionProblem(
                        index, "namnare", f"Nämnaren {ind.namnare!r} ingår också i täljaren.", ind.namnare
                    )
                )
            if ind.namnare not in known_counts:
                problems.append(
                    DefinitionProblem(
                        index,
                        "namnare",
                        f"Antalet {ind.namnare!r} finns inte för någon insats; kontrollera stavningen.",
                        ind.namnare,
                        "varning",
                    )
                )
    return problems


def registry_for(
    own: Sequence[Indicator] = (), own_counts: Iterable[str] = ()
) -> tuple[Registry, list[DefinitionProblem]]:
    """Return the registry with the förbund's own indicators added, and every problem in their definitions.

    Args:
        own: the own indicator definitions, in file order.
        own_counts: the names of the own counts that some insats has.

    Returns:
        The registry (a broken definition is left out of it) and the problems, located by position and key.
    """
    known = set(BUILTIN_COUNTS) | set(own_counts)
    problems = _validate(own, known)
    broken = {problem.index for problem in problems if problem.severity == "fel"}
    usable = tuple(ind for index, ind in enumerate(own) if index not in broken)
    indicators = {ind.name: ind for ind in BUILTIN_INDICATORS}
    indicators.update((ind.name, ind) for ind in usable)
    return Registry(indicators, usable), problems


BUILTIN, _ = registry_for()
#: The built-in indicators by name (a registry with no own indicators).
INDICATORS: Mapping[str, Indicator] = BUILTIN.indicators
SHARE_INDICATORS: tuple[str, ...] = BUILTIN.shares


def compute_indicator(insats: Insats, name: str, registry: Registry = BUILTIN) -> Fraction | int | None:
    """Return the indicator's value for the insats: a count, or a share as a fraction (0.42), or None.

    Raises:
        KeyError: the indicator name is unknown.
    """
    return registry.compute(insats, name)


def gender_share(part: Count | None, whole: Count | None, gender: str) -> Fraction | None:
    """Return one gender's part of ``part`` over the same gender's part of ``whole`` (e.g. women to work)."""
    if part is None or whole is None:
        return None
    return share(part.part(gender), whole.part(gender))


def gender_distribution(count: Count | None, gender: str) -> Fraction | None:
    """Return one gender's share of a count's total (e.g. 42 % of the new participants are women)."""
    if count is None:
        return None
    return share(count.part(gender), count.totalt)
