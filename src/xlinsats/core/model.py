"""The follow-up data as frozen dataclasses: förbund, grading scale, insatser, flows, outcomes and goals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from xlinsats.errors import Location

GoalKind = Literal["andel", "antal"]
Direction = Literal["minst", "högst"]
Aggregation = Literal["median", "samsta"]

GOAL_KINDS: tuple[GoalKind, ...] = ("andel", "antal")
DIRECTIONS: tuple[Direction, ...] = ("minst", "högst")
AGGREGATIONS: tuple[Aggregation, ...] = ("median", "samsta")
FLOW_NAMES: tuple[str, ...] = ("aktuella", "nya", "avslutade")
GENDERS: tuple[str, ...] = ("kvinnor", "man", "annat")
#: How each gender key reads in Swedish text.
GENDER_LABELS: dict[str, str] = {"kvinnor": "kvinnor", "man": "män", "annat": "annat/ej angivet"}
OUTCOME_NAMES: tuple[str, ...] = (
    "arbete_studier",
    "annan_insats",
    "ettars_svarande",
    "ettars_sjalvforsorjande",
    "anstallda",
    "behallit_anstallning_12_man",
    "efterstod",
)

Locations = Mapping[str, Location]


def _no_locations() -> dict[str, Location]:
    return {}


@dataclass(frozen=True)
class Count:
    """A number of people: by gender (kvinnor, män, annat/ej angivet), as a plain total, or both.

    ``totalt_angivet`` is a total entered by hand; when it is absent the total is the sum of the parts.
    """

    kvinnor: int | None = None
    man: int | None = None
    annat: int | None = None
    totalt_angivet: int | None = None

    @classmethod
    def by_gender(cls, kvinnor: int, man: int, annat: int) -> Count:
        """Return a count split by gender."""
        return cls(kvinnor, man, annat)

    @classmethod
    def plain(cls, total: int) -> Count:
        """Return a count known only as a total."""
        return cls(totalt_angivet=total)

    @property
    def has_parts(self) -> bool:
        """Whether any gender part is known."""
        return self.kvinnor is not None or self.man is not None or self.annat is not None

    @property
    def parts_sum(self) -> int | None:
        """The sum of the known gender parts, or None when no part is known."""
        if not self.has_parts:
            return None
        return (self.kvinnor or 0) + (self.man or 0) + (self.annat or 0)

    @property
    def totalt(self) -> int | None:
        """The total: as entered, else the sum of the parts, else unknown."""
        if self.totalt_angivet is not None:
            return self.totalt_angivet
        return self.parts_sum

    def part(self, gender: str) -> int | None:
        """Return the count of one gender ("kvinnor", "man", "annat")."""
        value: int | None = getattr(self, gender)
        return value


@dataclass(frozen=True)
class Flows:
    """Participant flows of one insats during the year."""

    aktuella: Count | None = None
    nya: Count | None = None
    avslutade: Count | None = None
    locations: Locations = field(default_factory=_no_locations, compare=False, repr=False)

    def get(self, name: str) -> Count | None:
        """Return the flow named "aktuella", "nya" or "avslutade"."""
        value: Count | None = getattr(self, name)
        return value


@dataclass(frozen=True)
class Outcomes:
    """What participants who ended went on to; an absent count is unknown."""

    arbete_studier: Count | None = None
    annan_insats: Count | None = None
    ettars_svarande: Count | None = None
    ettars_sjalvforsorjande: Count | None = None
    anstallda: Count | None = None
    behallit_anstallning_12_man: Count | None = None
    efterstod: Count | None = None
    locations: Locations = field(default_factory=_no_locations, compare=False, repr=False)

    def get(self, name: str) -> Count | None:
        """Return the outcome count of that name (see OUTCOME_NAMES)."""
        value: Count | None = getattr(self, name)
        return value


@dataclass(frozen=True)
class Goal:
    """A goal of an insats: a share (percent) or a count, at least or at most a target.

    ``malvarde`` and ``utfall`` are in goal units: percent (0-100) for "andel", people for "antal".
    With an ``indikator`` the result comes from the data and ``utfall`` is only a cross-check.
    """

    text: str
    typ: GoalKind
    riktning: Direction
    malvarde: Decimal
    indikator: str | None = None
    utfall: Decimal | None = None
    bedomning_angiven: str | None = None
    locations: Locations = field(default_factory=_no_locations, compare=False, repr=False)


@dataclass(frozen=True)
class Indicator:
    """An indicator a goal can name: the counts summed for its numerator and, for a share, its denominator.

    ``taljare`` and ``namnare`` name counts: a flow ("avslutade"), an outcome ("arbete_studier") or one of the
    insatser's own counts. Without ``namnare`` the indicator is a count (typ "antal"), else a share ("andel").
    """

    name: str
    label: str
    taljare: tuple[str, ...]
    namnare: str | None = None
    #: A short column heading ("Andel vidare"); the label serves where there is none.
    short_label: str = ""
    locations: Locations = field(default_factory=_no_locations, compare=False, repr=False)

    @property
    def heading(self) -> str:
        """The column heading of the indicator: its short label, else its label."""
        return self.short_label or self.label

    @property
    def kind(self) -> GoalKind:
        """ "andel" for a share indicator, "antal" for a count indicator."""
        return "antal" if self.namnare is None else "andel"


@dataclass(frozen=True)
class Quote:
    """A quote from a participant or partner, with its source."""

    text: str
    kalla: str = ""


@dataclass(frozen=True)
class GoalHistory:
    """A goal as it stood in an earlier year: target and result in goal units (percent or people), grade."""

    text: str
    malvarde: Decimal
    indikator: str | None = None
    utfall: Decimal | None = None
    bedomning: str | None = None


@dataclass(frozen=True)
class YearFigures:
    """An insats's key figures of an earlier year, as computed then (shares and utilisation in percent).

    A figure that was withheld under that year's minimum cell size is None and named in ``maskerade``; one
    that could not be computed is None too, and not named.
    """

    ar: int
    deltagare: Mapping[str, int | None] = field(default_factory=dict)
    andelar: Mapping[str, Decimal | None] = field(default_factory=dict)
    budget_tkr: Decimal | None = None
    kostnad_tkr: Decimal | None = None
    budgetutnyttjande: Decimal | None = None
    bedomning: str | None = None
    mal: tuple[GoalHistory, ...] = ()
    maskerade: tuple[str, ...] = ()


@dataclass(frozen=True)
class Insats:
    """One funded insats with its flows, outcomes, goals, economy and narrative."""

    namn: str
    agare: str = ""
    kortnamn: str | None = None
    malgrupp: str = ""
    beskrivning: str = ""
    budget_tkr: Decimal | None = None
    kostnad_tkr: Decimal | None = None
    avvikelse_forklaring: str = ""
    publicerad_bedomning: str | None = None
    framgangar: tuple[str, ...] = ()
    utmaningar: tuple[str, ...] = ()
    citat: tuple[Quote, ...] = ()
    deltagare: Flows = field(default_factory=Flows)
    efter_avslut: Outcomes = field(default_factory=Outcomes)
    mal: tuple[Goal, ...] = ()
    #: The insats's own counts by name (see ``FollowUp.indikatorer``); an absent name is unknown.
    egna_antal: Mapping[str, Count] = field(default_factory=dict)
    #: Key figures of earlier years, oldest first (carried by ``new_year``, or from the interchange file).
    historik: tuple[YearFigures, ...] = ()
    locations: Locations = field(default_factory=_no_locations, compare=False, repr=False)

    @property
    def visningsnamn(self) -> str:
        """The short name for tables and charts, else the full name."""
        return self.kortnamn or self.namn


@dataclass(frozen=True)
class GradingScale:
    """A grading scale: grade names best first, the largest shortfall each grade but the last allows.

    Bounds are inclusive and in shortfall units (percentage points for share goals, percent of the
    target for count goals).
    """

    names: tuple[str, ...] = ("God", "Godtagbart", "Ej godtagbart")
    bounds: tuple[Decimal, ...] = (Decimal(5), Decimal(25))
    aggregation: Aggregation = "median"

    def __post_init__(self) -> None:
        if len(self.names) < 2:
            raise ValueError("en bedömningsskala behöver minst två steg")
        if len(self.bounds) != len(self.names) - 1:
            raise ValueError(f"skalan har {len(self.names)} steg och behöver {len(self.names) - 1} gränsvärden")
        if list(self.bounds) != sorted(self.bounds):
            raise ValueError("gränsvärdena måste vara stigande")
        if len(set(self.names)) != len(self.names):
            raise ValueError("stegen i bedömningsskalan måste ha olika namn")


@dataclass(frozen=True)
class Privacy:
    """Small-count protection: counts below ``minsta_cell`` are masked; None means off."""

    minsta_cell: int | None = None


@dataclass(frozen=True)
class FollowUp:
    """A year's follow-up of a förbund's insatser: the whole input of a report."""

    forbund: str
    ar: int
    insatser: tuple[Insats, ...] = ()
    bedomning: GradingScale = field(default_factory=GradingScale)
    sekretess: Privacy = field(default_factory=Privacy)
    #: The förbund's own indicators, beside the built-in ones (``xlinsats.core.indicators``).
    indikatorer: tuple[Indicator, ...] = ()
    locations: Locations = field(default_factory=_no_locations, compare=False, repr=False)

    @property
    def own_count_names(self) -> tuple[str, ...]:
        """The names of the own counts any insats has, in first-seen order."""
        return tuple(dict.fromkeys(name for insats in self.insatser for name in insats.egna_antal))
