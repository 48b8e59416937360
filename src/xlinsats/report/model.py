"""The report section as a semantic model: what it says (tables, sentences, key figures, charts), masked once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from xlinsats.core.figures import FollowUpFigures, GoalFigures, InsatsFigures
from xlinsats.core.history import recent_years, year_figures
from xlinsats.core.indicators import Registry
from xlinsats.core.model import FLOW_NAMES, Count, Quote, YearFigures
from xlinsats.core.numbers import round_half_away
from xlinsats.core.privacy import FLOW_PARTS, MASK_SYMBOL, FiguresMasking, is_small, mask_figures
from xlinsats.core.swedish import UNDEFINED, format_count, format_number, format_percent, format_tkr, join_list
from xlinsats.report.text import (
    InsatsMasking,
    development_new_text,
    development_note,
    economy_paragraph,
    flow_sentences,
    gender_footnote,
    outcome_sentences,
    own_indicator_sentences,
    privacy_note,
    scale_footnote,
    superscript,
)

ValueKind = Literal["count", "share", "tkr"]

#: The colours every renderer draws with (RGB hex), so the workbook and the Word report look alike.
GENDER_COLORS: tuple[str, ...] = ("2F5597", "9DC3E6", "A5A5A5")
PIE_COLORS: tuple[str, ...] = ("2F5597", "BDD7EE")
OVERRUN_COLORS: tuple[str, ...] = ("2F5597", "C00000")
TREND_COLORS: tuple[str, ...] = ("2F5597", "ED7D31")
GOAL_COLORS: tuple[str, ...] = ("8FAADC", "F4B183")

# The section's fixed headings, one home for every renderer.
HEADING_RESULTS = "Resultat"
HEADING_FLOWS = "Deltagarflöden"
HEADING_OUTCOMES = "Sysselsättning efter avslut"
HEADING_OWN = "Egna nyckeltal"
HEADING_QUOTES = "Citat"
HEADING_ECONOMY = "Ekonomiskt utfall i förhållande till budget"
HEADING_DEVELOPMENT = "Utveckling"
NO_GOALS = "Inga mål angivna."
NO_INSATSER = "Inga insatser finns i underlaget."
GENDER_SERIES: tuple[tuple[str, str], ...] = (("Kvinnor", "kvinnor"), ("Män", "man"), ("Annat/ej angivet", "annat"))


@dataclass(frozen=True)
class Value:
    """A figure as the report shows it: its Swedish text, and the exact number behind it.

    ``number`` is None when the figure is masked (``text`` is MASK_SYMBOL) or undefined (an en dash), so a
    renderer can never show a masked figure by mistake: there is nothing behind the text.
    """

    text: str
    kind: ValueKind
    number: Fraction | Decimal | int | None = None

    @property
    def masked(self) -> bool:
        """Whether the figure is withheld under the minimum cell size."""
        return self.text == MASK_SYMBOL


def count_value(value: int | Fraction | Decimal | None, masked: bool = False) -> Value:
    """Return a count of people ("2 450"); "–" when unknown, ".." when masked (an unknown count stays "–")."""
    if value is None:
        return Value(UNDEFINED, "count")
    if masked:
        return Value(MASK_SYMBOL, "count")
    return Value(format_number(value), "count", value)


def share_value(value: Fraction | None, masked: bool = False) -> Value:
    """Return a share (0.53 -> "53 %"); "–" when undefined, ".." when masked."""
    if value is None:
        return Value(UNDEFINED, "share")
    if masked:
        return Value(MASK_SYMBOL, "share")
    return Value(format_percent(value), "share", value)


def tkr_value(value: Decimal | None) -> Value:
    """Return an amount in tkr ("2 450 tkr"); "–" when unknown."""
    if value is None:
        return Value(UNDEFINED, "tkr")
    return Value(format_tkr(value), "tkr", value)


@dataclass(frozen=True)
class GoalRow:
    """One goal: its text, target and result (in the goal's unit) and the goal's own grade."""

    text: str
    target: Value
    result: Value
    grade: str


@dataclass(frozen=True)
class GoalGroup:
    """The goals of one insats with the insats grade (its "Måluppfyllelse"); no rows: no goals given."""

    insats: str
    grade: str
    rows: tuple[GoalRow, ...]


@dataclass(frozen=True)
class GoalTable:
    """The goal-fulfilment table: title, column heads, a group per insats, and the notes under it."""

    title: str
    header: tuple[str, ...]
    groups: tuple[GoalGroup, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class FlowRow:
    """A row of the flow table: the insats (or TOTALT) and its ten counts in ``FLOW_COLUMNS`` order."""

    name: str
    counts: tuple[Value, ...]
    total: bool = False


#: The flow table's count columns: (flow, part) in the order of the table.
FLOW_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (flow, part)
    for flow in FLOW_NAMES
    for part in ("totalt", "kvinnor", "man", *(("annat",) if flow == "aktuella" else ()))
)


@dataclass(frozen=True)
class GenderBar:
    """One insats in the gender chart: its current participants by gender."""

    insats: str
    parts: tuple[Value, ...]  # kvinnor, män, annat/ej angivet


@dataclass(frozen=True)
class GenderChart:
    """Current participants by gender, one bar per insats whose parts are all published.

    ``left_out`` names insatser with a masked part: neither plotted nor given away by the others' shares.
    """

    title: str
    bars: tuple[GenderBar, ...]
    left_out: tuple[str, ...]
    axis_title: str = "Andel av aktuella deltagare"
    colors: tuple[str, ...] = GENDER_COLORS

    @property
    def left_out_note(self) -> str | None:
        """The note naming the insatser left out, or None."""
        if not self.left_out:
            return None
        return (
            f"Insatser med dolda uppgifter ({MASK_SYMBOL}) är inte med i diagrammet: {join_list(list(self.left_out))}."
        )

    @property
    def description(self) -> str:
        """The chart's figures in words (alternative text for a picture of it)."""
        bars = "; ".join(
            f"{bar.insats}: "
            + ", ".join(
                f"{part.text} {label.lower()}" for (label, _), part in zip(GENDER_SERIES, bar.parts, strict=True)
            )
            for bar in self.bars
        )
        return f"{self.title}. {bars}."


@dataclass(frozen=True)
class FlowTable:
    """The flow summary: title, column heads, a row per insats then TOTALT, notes, and the gender chart."""

    title: str
    header: tuple[str, ...]
    rows: tuple[FlowRow, ...]
    notes: tuple[str, ...]
    chart: GenderChart | None
    chart_note: str | None  # said instead of the chart when no insats can be plotted


@dataclass(frozen=True)
class KeyFigure:
    """A key figure shown large: its value and what it counts."""

    value: Value
    label: str


@dataclass(frozen=True)
class PieChart:
    """The economy pie: two slices that are never negative (cost and unused funds, or budget and overrun)."""

    title: str
    slices: tuple[tuple[str, Value], ...]
    colors: tuple[str, ...]

    @property
    def percents(self) -> tuple[str, ...]:
        """Each slice's share of the pie, in Swedish ("82 %")."""
        numbers = [Fraction(value.number or 0) for _, value in self.slices]
        whole = sum(numbers)
        return tuple(format_percent(number / whole if whole else None) for number in numbers)

    @property
    def description(self) -> str:
        """The chart's figures in words (alternative text for a picture of it)."""
        parts = ", ".join(
            f"{label} {value.text} ({percent})"
            for (label, value), percent in zip(self.slices, self.percents, strict=True)
        )
        return f"{self.title}: {parts}."


@dataclass(frozen=True)
class Economy:
    """Budget against cost: the paragraph, the small table and the pie (None when it cannot be drawn)."""

    paragraph: str
    rows: tuple[tuple[str, Value], ...]
    pie: PieChart | None
    overrun: bool


@dataclass(frozen=True)
class ShareTrend:
    """One share over the years, with its goal per year (None in a year without a goal on it)."""

    label: str
    values: tuple[Value, ...]
    goals: tuple[Value | None, ...]


@dataclass(frozen=True)
class Development:
    """An insats's last years side by side: a row per year (oldest first) and the shares against their goals.

    With no earlier year, ``rows`` is empty and ``notes`` says the insats is new this year.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Value, ...], str], ...]  # year, figures in header order, insats grade
    trends: tuple[ShareTrend, ...]
    notes: tuple[str, ...]

    @property
    def years(self) -> tuple[int, ...]:
        """The years shown, oldest first."""
        return tuple(year for year, _, _ in self.rows)

    @property
    def grades(self) -> tuple[str, ...]:
        """The insats grade of each year."""
        return tuple(grade for _, _, grade in self.rows)

    @property
    def description(self) -> str:
        """The chart's figures in words (alternative text for a picture of it)."""
        parts = []
        for trend in self.trends:
            years = ", ".join(
                f"{year} {value.text}" + (f" (mål {goal.text})" if goal is not None else "")
                for year, value, goal in zip(self.years, trend.values, trend.goals, strict=True)
            )
            parts.append(f"{trend.label}: {years}")
        grades = ", ".join(f"{year} {grade}" for year, grade in zip(self.years, self.grades, strict=True))
        return f"{'. '.join(parts)}. Måluppfyllelse: {grades}."


@dataclass(frozen=True)
class InsatsSection:
    """What the report says about one insats."""

    name: str
    short_name: str
    facts: tuple[tuple[str, str], ...]
    flow_sentences: tuple[str, ...]
    new_participants: KeyFigure
    outcome_sentences: tuple[str, ...]
    work_share: KeyFigure
    own_sentences: tuple[str, ...]
    lists: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, items), only lists with items
    quotes: tuple[Quote, ...]
    economy: Economy
    notes: tuple[str, ...]  # the gender footnote (with its marker) and the privacy note, as they apply
    development: Development | None


@dataclass(frozen=True)
class ReportModel:
    """The whole report section: title, goal table, flow table with the gender chart, and each insats."""

    title: str
    forbund: str
    year: int
    goals: GoalTable
    flows: FlowTable
    insatser: tuple[InsatsSection, ...]
    minimum: int | None  # the minimum cell size applied, None when masking is off

    @property
    def has_development(self) -> bool:
        """Whether the report has its "Utveckling" part (some insats has an earlier year)."""
        return any(section.development is not None for section in self.insatser)


# --- building the model -------------------------------------------------------------------------------------


def _goal_row(goal: GoalFigures, masked: bool) -> GoalRow:
    if goal.goal.typ == "andel":
        target = share_value(Fraction(goal.goal.malvarde) / 100)
        result = share_value(None if goal.utfall is None else goal.utfall / 100, masked)
    else:
        target = count_value(goal.goal.malvarde)
        result = count_value(goal.utfall, masked)
    return GoalRow(goal.goal.text, target, result, goal.bedomning or UNDEFINED)


def _goal_table(figures: FollowUpFigures, masking: FiguresMasking) -> GoalTable:
    year = figures.followup.ar
    header = ("Insats", "Mål", "Målvärde", "Resultat", "Bedömning av målet", f"Måluppfyllelse{superscript(1)}")
    groups: list[GoalGroup] = []
    notes = [f"{superscript(1)} {scale_footnote(figures.followup.bedomning)}"]
    for index, insats in enumerate(figures.insatser):
        rows = tuple(_goal_row(goal, masking.goal(index, number)) for number, goal in enumerate(insats.mal))
        groups.append(GoalGroup(insats.insats.visningsnamn, insats.bedomning or UNDEFINED, rows))
        hand_set = insats.insats.publicerad_bedomning
        if hand_set and insats.bedomning and hand_set != insats.bedomning:
            notes.append(
                f"För {insats.insats.visningsnamn} är måluppfyllelsen fastställd till ”{hand_set}”; "
                f"beräknad enligt skalan blir den ”{insats.bedomning}”."
            )
    if masking.active and masking.minimum is not None:
        notes.append(privacy_note(masking.minimum))
    title = f"Måluppfyllelse för finansierade individinriktade insatser {year}"
    return GoalTable(title, header, tuple(groups), tuple(notes))


#: The flows the table splits into women and men only (annat/ej angivet is shown for current participants).
_SPLIT_TWO = ("nya", "avslutade")
#: Said under the flow table when a total of new or ended participants holds more than its women and men.
UNSPLIT_NOTE = (
    "Annat/ej angivet redovisas i tabellen bara för de aktuella deltagarna. För nya och avslutade ingår de i "
    "totalen, som därför kan vara större än kvinnor och män tillsammans."
)


def _has_unsplit(count: Count | None) -> bool:
    """Whether a count's total holds people who are neither women nor men (or of unknown gender)."""
    if count is None or count.totalt is None:
        return False
    return count.totalt > (count.part("kvinnor") or 0) + (count.part("man") or 0)


def _flow_row(name: str, flows: Mapping[str, Count | None], masking: FiguresMasking, index: int | None) -> FlowRow:
    counts = []
    for flow, part in FLOW_COLUMNS:
        count = flows.get(flow)
        value = None if count is None else (count.totalt if part == "totalt" else count.part(part))
        counts.append(count_value(value, masking.count(index, flow, part)))
    return FlowRow(name, tuple(counts), total=index is None)


def _gender_chart(figures: FollowUpFigures, masking: FiguresMasking) -> tuple[GenderChart | None, str | None]:
    """Return the chart of current participants by gender, or the note said instead of it."""
    insatser = figures.insatser
    plotted = [i for i in range(len(insatser)) if not any(masking.count(i, "aktuella", p) for p in FLOW_PARTS)]
    left_out = tuple(insats.insats.visningsnamn for i, insats in enumerate(insatser) if i not in plotted)
    total = figures.totalt.get("aktuella")
    n: str | None = None if masking.count(None, "aktuella") else format_count(None if total is None else total.totalt)
    if left_out:
        # n is the number of participants in the chart: the sum of the plotted insatser's published totals.
        shown = [insatser[i].insats.deltagare.aktuella for i in plotted]
        known = [count.totalt for count in shown if count is not None and count.totalt is not None]
        n = format_count(sum(known)) if known and len(known) == len(shown) else None
    title = "Antal och andel deltagare i respektive insats fördelat på kön"
    if n is not None:
        title += f" (n\u00a0=\u00a0{n})"
    if not plotted:
        if left_out:
            return (
                None,
                f"Diagrammet över könsfördelningen visas inte: varje insats har dolda uppgifter ({MASK_SYMBOL}).",
            )
        return None, None
    bars = []
    for i in plotted:
        count = insatser[i].insats.deltagare.aktuella
        parts = tuple(count_value(None if count is None else count.part(gender)) for _, gender in GENDER_SERIES)
        bars.append(GenderBar(insatser[i].insats.visningsnamn, parts))
    return GenderChart(title, tuple(bars), left_out), None


def _flow_table(figures: FollowUpFigures, masking: FiguresMasking) -> FlowTable:
    year = figures.followup.ar
    header = (
        "Insats",
        f"Aktuella deltagare {year}",
        "varav kvinnor",
        "varav män",
        "annat/ej angivet",
        f"Nya deltagare {year}",
        "varav kvinnor",
        "varav män",
        f"Avslutade deltagare {year}",
        "varav kvinnor",
        "varav män",
    )
    rows = [
        _flow_row(insats.insats.visningsnamn, {f: insats.insats.deltagare.get(f) for f in FLOW_NAMES}, masking, index)
        for index, insats in enumerate(figures.insatser)
    ]
    rows.append(_flow_row("TOTALT", figures.totalt, masking, None))
    notes: tuple[str, ...] = ()
    if any(_has_unsplit(insats.insats.deltagare.get(flow)) for insats in figures.insatser for flow in _SPLIT_TWO):
        notes += (UNSPLIT_NOTE,)
    if masking.active and masking.minimum is not None:
        notes += (privacy_note(masking.minimum),)
    chart, chart_note = _gender_chart(figures, masking)
    title = f"Sammanfattning av deltagarflöden i finansierade individinriktade insatser {year}"
    return FlowTable(title, header, tuple(rows), notes, chart, chart_note)


def _economy(figures: InsatsFigures, year: int) -> Economy:
    insats = figures.insats
    budget, cost = insats.budget_tkr, insats.kostnad_tkr
    overrun = figures.overskridet_tkr
    over = overrun is not None and overrun > 0
    if over:
        rows = [
            ("Faktiska kostnader", tkr_value(cost)),
            ("Beviljad budget", tkr_value(budget)),
            ("Överskridande", tkr_value(overrun)),
        ]
    else:
        rows = [
            ("Beviljad budget", tkr_value(budget)),
            ("Faktiska kostnader", tkr_value(cost)),
            ("Outnyttjade medel", tkr_value(figures.outnyttjat_tkr)),
        ]
    rows.append(("Budgetutnyttjande", share_value(figures.budgetutnyttjande)))
    pie = None
    if budget is not None and cost is not None and budget >= 0 and cost >= 0 and (budget > 0 or cost > 0):
        # The slices are the two middle rows: cost and unused funds, or, when overrun, budget and the overrun,
        # so no slice is ever negative.
        title = "Kostnaderna överskred budgeten" if over else "Faktiska kostnader och outnyttjade medel"
        pie = PieChart(title, (rows[1], rows[2]), OVERRUN_COLORS if over else PIE_COLORS)
    return Economy(economy_paragraph(figures, year), tuple(rows), pie, over)


#: The shares the development part follows, with their labels in the table and the chart.
DEVELOPMENT_SHARES: tuple[tuple[str, str], ...] = (
    ("arbete_studier_andel", "Till arbete eller studier"),
    ("vidare_andel", "Vidare till arbete, studier eller annan insats"),
)
_DEVELOPMENT_FLOWS: tuple[tuple[str, str], ...] = (
    ("aktuella", "Aktuella deltagare"),
    ("nya", "Nya deltagare"),
    ("avslutade", "Avslutade deltagare"),
)


def _history_count(year: YearFigures, name: str, minimum: int | None) -> Value:
    value = year.deltagare.get(name)
    if value is None:
        return Value(MASK_SYMBOL if name in year.maskerade else UNDEFINED, "count")
    # A count published under a lower minimum in its year is held to this year's minimum.
    return count_value(value, is_small(value, minimum))


def _history_share(year: YearFigures, name: str, minimum: int | None, registry: Registry) -> Value:
    value = year.andelar.get(name)
    if value is None:
        return Value(MASK_SYMBOL if name in year.maskerade else UNDEFINED, "share")
    share = Fraction(value) / 100
    source = registry[name].namnare if name in registry else None
    whole = None if source is None else year.deltagare.get(source)
    if source is not None and source in year.maskerade:
        return share_value(share, True)
    if whole is not None:
        # The count behind a share is share times denominator: it too must reach this year's minimum.
        part = round_half_away(share * whole)
        if is_small(whole, minimum) or is_small(int(part), minimum):
            return share_value(share, True)
    return share_value(share)


def _year_goal(year: YearFigures, name: str) -> Value | None:
    goal = next((goal for goal in year.mal if goal.indikator == name), None)
    return None if goal is None else share_value(Fraction(goal.malvarde) / 100)


def _development(
    figures: InsatsFigures, index: int, masking: FiguresMasking, year: int, registry: Registry
) -> Development:
    header = ("År", *(label for _, label in _DEVELOPMENT_FLOWS), *(label for _, label in DEVELOPMENT_SHARES))
    header += ("Budgetutnyttjande", "Måluppfyllelse")
    current = year_figures(figures, year, masking, index)
    if not any(past.ar < year for past in figures.insats.historik):
        return Development(header, (), (), (development_new_text(year),))
    years = recent_years(figures.insats, current)
    minimum = masking.minimum if masking.active else None
    rows = []
    for shown in years:
        values = (
            *(_history_count(shown, name, minimum) for name, _ in _DEVELOPMENT_FLOWS),
            *(_history_share(shown, name, minimum, registry) for name, _ in DEVELOPMENT_SHARES),
            share_value(None if shown.budgetutnyttjande is None else Fraction(shown.budgetutnyttjande) / 100),
        )
        rows.append((shown.ar, values, shown.bedomning or UNDEFINED))
    trends = tuple(
        ShareTrend(
            label,
            tuple(values[len(_DEVELOPMENT_FLOWS) + number] for _, values, _ in rows),
            tuple(_year_goal(shown, name) for shown in years),
        )
        for number, (name, label) in enumerate(DEVELOPMENT_SHARES)
    )
    masked = any(value.masked for _, values, _ in rows for value in values)
    notes = [development_note(tuple(shown.ar for shown in years))]
    if masked and minimum is not None:
        notes.append(privacy_note(minimum))
    return Development(header, tuple(rows), trends, tuple(notes))


def _insats_section(
    figures: InsatsFigures,
    index: int,
    year: int,
    marker_number: int,
    masking: FiguresMasking,
    registry: Registry,
    with_development: bool,
) -> InsatsSection:
    insats = figures.insats
    hidden = InsatsMasking(masking, index)
    facts = tuple(
        (label, value)
        for label, value in (
            ("Insatsägare", insats.agare),
            ("Målgrupp", insats.malgrupp),
            ("Beskrivning", insats.beskrivning),
        )
        if value
    )
    footnote = gender_footnote(figures, hidden)
    marker = superscript(marker_number) if footnote else ""
    new = insats.deltagare.nya
    new_participants = KeyFigure(count_value(None if new is None else new.totalt, hidden.count("nya")), "nya deltagare")
    work = figures.andelar.get("arbete_studier_andel")
    work_share = KeyFigure(
        share_value(work, work is not None and hidden.share("arbete_studier_andel")), "gick till arbete eller studier"
    )
    notes: list[str] = []
    if footnote:
        notes.append(f"{marker} {footnote}")
    if (new_participants.value.masked or work_share.value.masked) and masking.minimum is not None:
        notes.append(privacy_note(masking.minimum))
    lists = tuple(
        (heading, items)
        for heading, items in (("Framgångar", insats.framgangar), ("Utmaningar", insats.utmaningar))
        if items
    )
    return InsatsSection(
        name=insats.namn,
        short_name=insats.visningsnamn,
        facts=facts,
        flow_sentences=flow_sentences(figures, marker, hidden),
        new_participants=new_participants,
        outcome_sentences=outcome_sentences(figures, hidden),
        work_share=work_share,
        own_sentences=own_indicator_sentences(figures, registry, hidden),
        lists=lists,
        quotes=insats.citat,
        economy=_economy(figures, year),
        notes=tuple(notes),
        development=_development(figures, index, masking, year, registry) if with_development else None,
    )


def build_model(figures: FollowUpFigures) -> ReportModel:
    """Return what the report section says about the computed figures of a follow-up.

    With a minimum cell size set (``sekretess.minsta_cell``), every figure ``mask_figures`` hides is a
    MASK_SYMBOL value with no number behind it, or is left out of its sentence and chart; this is the only
    place masking is applied, so every renderer shows the same.
    """
    followup = figures.followup
    masking = mask_figures(figures)
    registry = figures.registry
    with_development = any(past.ar < followup.ar for insats in followup.insatser for past in insats.historik)
    sections: list[InsatsSection] = []
    marker = 2  # footnote 1 is the grading scale's
    for index, insats in enumerate(figures.insatser):
        section = _insats_section(insats, index, followup.ar, marker, masking, registry, with_development)
        if any(note.startswith(superscript(marker)) for note in section.notes):
            marker += 1
        sections.append(section)
    return ReportModel(
        title=f"Uppföljning av finansierade insatser {followup.ar}",
        forbund=followup.forbund,
        year=followup.ar,
        goals=_goal_table(figures, masking),
        flows=_flow_table(figures, masking),
        insatser=tuple(sections),
        minimum=masking.minimum if masking.active else None,
    )
