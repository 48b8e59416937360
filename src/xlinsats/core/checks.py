"""Cross-checks of a follow-up that read as warnings: totals, entered results and grades, budget, gradability."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from xlinsats.core.figures import GoalFigures, compute_insats
from xlinsats.core.indicators import BUILTIN, Registry, registry_for
from xlinsats.core.model import (
    FLOW_NAMES,
    GENDER_LABELS,
    GENDERS,
    OUTCOME_NAMES,
    Count,
    FollowUp,
    Goal,
    Insats,
    Locations,
)
from xlinsats.core.numbers import round_half_away, to_fraction
from xlinsats.core.swedish import NBSP, format_count, format_number, format_tkr
from xlinsats.errors import Location, Problem


@dataclass(frozen=True)
class ReadResult:
    """What a reader got from a file: the follow-up (None when nothing usable) and every problem found."""

    followup: FollowUp | None
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def has_errors(self) -> bool:
        """Whether any problem is an error."""
        return any(problem.is_error for problem in self.problems)


_OUTCOME_LABELS = {
    "arbete_studier": "till arbete eller studier",
    "annan_insats": "till annan insats",
    "ettars_svarande": "svarande vid ettårsuppföljningen",
    "ettars_sjalvforsorjande": "självförsörjande efter ett år",
    "anstallda": "anställda",
    "behallit_anstallning_12_man": "som behållit anställningen i 12 månader",
    "efterstod": "i efterstöd",
}


def _tkr(value: Decimal) -> str:
    """An amount in tkr as the report writes it, with the decimals it was entered with ("1 350,5 tkr")."""
    return format_tkr(value, _decimals(value))


def _goal_value(goal: Goal, value: Decimal | Fraction, digits: int) -> str:
    """A goal's target or result as the report writes it: "40 %" for a share goal, "12" for a count goal."""
    number = format_number(value, digits)
    return f"{number}{NBSP}%" if goal.typ == "andel" else number


def _where(locations: Locations, key: str) -> Location | None:
    return locations.get(key)


def _decimals(value: Decimal) -> int:
    """How many decimals a number was entered with (35 -> 0, 35.5 -> 1)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _check_count_total(
    insats: Insats, key: str, label: str, count: Count | None, where: Location | None
) -> list[Problem]:
    if count is None or count.totalt_angivet is None or count.parts_sum is None:
        return []
    if count.parts_sum > count.totalt_angivet:
        return [
            Problem(
                "varning",
                f"{insats.namn}: {label} fördelade på kön är {format_count(count.parts_sum)}, fler än totalen "
                f"{format_count(count.totalt_angivet)}.",
                where,
            )
        ]
    return []


def _check_subgroup(
    insats: Insats,
    label: str,
    part: Count | None,
    whole: Count | None,
    whole_label: str,
    locations: Locations,
    key: str,
) -> list[Problem]:
    """Warn where ``part`` exceeds ``whole``, in total and gender by gender, at the cell of the part."""
    where = _where(locations, key)
    problems: list[Problem] = []
    if part is None or whole is None:
        return problems
    if part.totalt is not None and whole.totalt is not None and part.totalt > whole.totalt:
        problems.append(
            Problem(
                "varning",
                f"{insats.namn}: {label} ({format_count(part.totalt)}) är fler än {whole_label} "
                f"({format_count(whole.totalt)}).",
                where,
            )
        )
    for gender in GENDERS:
        p, w = part.part(gender), whole.part(gender)
        if p is not None and w is not None and p > w:
            problems.append(
                Problem(
                    "varning",
                    f"{insats.namn}: {label}, {GENDER_LABELS[gender]} ({format_count(p)}), är fler än "
                    f"{whole_label}, {GENDER_LABELS[gender]} ({format_count(w)}).",
                    _where(locations, f"{key}.{gender}") or where,
                )
            )
    return problems


def _check_own_shares(insats: Insats, registry: Registry) -> list[Problem]:
    """Warn where an own share's numerator is larger than its denominator (a share above 100 %)."""
    problems: list[Problem] = []
    for indicator in registry.own:
        if indicator.namnare is None:
            continue
        part, whole = registry.numerator(insats, indicator.name), registry.denominator(insats, indicator.name)
        if part is None or whole is None or part.totalt is None or whole.totalt is None:
            continue
        if part.totalt > whole.totalt:
            problems.append(
                Problem(
                    "varning",
                    f"{insats.namn}: indikatorn '{indicator.label}' får täljaren {format_count(part.totalt)} "
                    f"men nämnaren {format_count(whole.totalt)}; en andel kan inte vara över 100 %.",
                    _where(insats.locations, "egna_antal." + indicator.taljare[0])
                    or _where(indicator.locations, "taljare"),
                )
            )
    return problems


def check_insats(insats: Insats, followup: FollowUp, registry: Registry = BUILTIN) -> list[Problem]:
    """Return the warnings about one insats."""
    problems: list[Problem] = []
    flows, outcomes = insats.deltagare, insats.efter_avslut
    for name in FLOW_NAMES:
        problems += _check_count_total(
            insats, name, f"{name} deltagare", flows.get(name), _where(flows.locations, name)
        )
    for name in OUTCOME_NAMES:
        problems += _check_count_total(
            insats,
            name,
            f"avslutade {_OUTCOME_LABELS[name]}",
            outcomes.get(name),
            _where(outcomes.locations, name),
        )
    problems += _check_subgroup(
        insats,
        "nya deltagare",
        flows.nya,
        flows.aktuella,
        "aktuella deltagare",
        flows.locations,
        "nya",
    )
    problems += _check_subgroup(
        insats,
        "avslutade deltagare",
        flows.avslutade,
        flows.aktuella,
        "aktuella deltagare",
        flows.locations,
        "avslutade",
    )
    for name in ("arbete_studier", "annan_insats", "efterstod", "ettars_svarande"):
        problems += _check_subgroup(
            insats,
            f"avslutade {_OUTCOME_LABELS[name]}",
            outcomes.get(name),
            flows.avslutade,
            "avslutade deltagare",
            outcomes.locations,
            name,
        )
    ended_on = [outcomes.arbete_studier, outcomes.annan_insats]
    if all(c is not None and c.totalt is not None for c in ended_on) and flows.avslutade is not None:
        together = sum(c.totalt for c in ended_on if c is not None and c.totalt is not None)
        if flows.avslutade.totalt is not None and together > flows.avslutade.totalt:
            problems.append(
                Problem(
                    "varning",
                    f"{insats.namn}: till arbete eller studier och till annan insats är tillsammans "
                    f"{format_count(together)}, fler än de {format_count(flows.avslutade.totalt)} avslutade.",
                    _where(outcomes.locations, "annan_insats"),
                )
            )
    problems += _check_subgroup(
        insats,
        "självförsörjande efter ett år",
        outcomes.ettars_sjalvforsorjande,
        outcomes.ettars_svarande,
        "svarande vid ettårsuppföljningen",
        outcomes.locations,
        "ettars_sjalvforsorjande",
    )
    problems += _check_subgroup(
        insats,
        "anställda som behållit anställningen",
        outcomes.behallit_anstallning_12_man,
        outcomes.anstallda,
        "anställda",
        outcomes.locations,
        "behallit_anstallning_12_man",
    )

    if insats.budget_tkr is not None and insats.kostnad_tkr is not None and insats.kostnad_tkr > insats.budget_tkr:
        problems.append(
            Problem(
                "varning",
                f"{insats.namn}: kostnaden {_tkr(insats.kostnad_tkr)} är högre än budgeten {_tkr(insats.budget_tkr)}.",
                _where(insats.locations, "kostnad_tkr"),
            )
        )

    problems += _check_own_shares(insats, registry)
    figures = compute_insats(insats, followup.bedomning, registry)
    scale = followup.bedomning
    for number, goal_figures in enumerate(figures.mal, start=1):
        goal = goal_figures.goal
        label = f"{insats.namn}, mål {number}"
        if goal.indikator is not None and goal.indikator in registry:
            indicator = registry[goal.indikator]
            if indicator.kind != goal.typ:
                problems.append(
                    Problem(
                        "varning",
                        f"{label}: måltypen är '{goal.typ}' men indikatorn '{goal.indikator}' ger "
                        f"{'en andel' if indicator.kind == 'andel' else 'ett antal'}.",
                        _where(goal.locations, "typ"),
                    )
                )
            elif goal.utfall is not None and goal_figures.utfall is not None:
                entered = to_fraction(goal.utfall)
                # Entered results are usually rounded for display; only a difference that survives rounding
                # to the entered precision is a contradiction.
                digits = _decimals(goal.utfall)
                computed = round_half_away(goal_figures.utfall, digits)
                if computed != round_half_away(entered, digits):
                    problems.append(
                        Problem(
                            "varning",
                            f"{label}: angivet utfall {_goal_value(goal, goal.utfall, digits)} skiljer sig från "
                            f"det som beräknas ur uppgifterna ({_goal_value(goal, computed, digits)}); "
                            "rapporten använder det beräknade.",
                            _where(goal.locations, "utfall"),
                        )
                    )
        if goal_figures.bedomning is None:
            problems.append(
                Problem(
                    "varning",
                    f"{label}: målet kan inte bedömas ({_why_ungradable(goal_figures, registry)}).",
                    _where(goal.locations, _ungradable_field(goal)),
                )
            )
        if (
            goal.bedomning_angiven is not None
            and goal_figures.bedomning is not None
            and goal.bedomning_angiven != goal_figures.bedomning
        ):
            problems.append(
                Problem(
                    "varning",
                    f"{label}: angiven bedömning '{goal.bedomning_angiven}' skiljer sig från den beräknade "
                    f"'{goal_figures.bedomning}'.",
                    _where(goal.locations, "bedomning"),
                )
            )
    if insats.publicerad_bedomning is not None:
        if insats.publicerad_bedomning not in scale.names:
            problems.append(
                Problem(
                    "varning",
                    f"{insats.namn}: angiven bedömning '{insats.publicerad_bedomning}' finns inte i skalan "
                    f"({', '.join(scale.names)}).",
                    _where(insats.locations, "publicerad_bedomning"),
                )
            )
        elif figures.bedomning is not None and figures.bedomning != insats.publicerad_bedomning:
            problems.append(
                Problem(
                    "varning",
                    f"{insats.namn}: angiven bedömning '{insats.publicerad_bedomning}' skiljer sig från den "
                    f"beräknade '{figures.bedomning}'.",
                    _where(insats.locations, "publicerad_bedomning"),
                )
            )
    return problems


def _ungradable_field(goal: Goal) -> str:
    """The goal's field to point at when it cannot be graded: what the user would change."""
    if goal.typ == "antal" and goal.malvarde == 0:
        return "malvarde"
    return "indikator" if goal.indikator is not None else "utfall"


def _why_ungradable(goal_figures: GoalFigures, registry: Registry) -> str:
    goal = goal_figures.goal
    if goal.indikator is not None and goal.indikator not in registry:
        return f"okänd indikator '{goal.indikator}'"
    if goal.indikator is not None and registry[goal.indikator].kind != goal.typ:
        return "måltypen stämmer inte med indikatorn"
    if goal.typ == "antal" and goal.malvarde == 0:
        return "målvärdet är 0"
    if goal_figures.utfall is None and goal.indikator is not None:
        if registry[goal.indikator].kind == "antal":
            return f"antalet '{goal.indikator}' saknas i uppgifterna"
        return f"uppgifterna som behövs för '{goal.indikator}' saknas eller nämnaren är 0"
    if goal_figures.utfall is None:
        return "utfall saknas"
    return "okänd orsak"


def check_followup(followup: FollowUp) -> list[Problem]:
    """Return every warning about the follow-up, insats by insats."""
    problems: list[Problem] = []
    seen: set[str] = set()
    registry, _ = registry_for(followup.indikatorer, followup.own_count_names)
    for insats in followup.insatser:
        if insats.namn in seen:
            problems.append(
                Problem("fel", f"Insatsen '{insats.namn}' finns mer än en gång.", _where(insats.locations, "namn"))
            )
        seen.add(insats.namn)
        problems += check_insats(insats, followup, registry)
    return problems
