"""Swedish report texts: the generated sentences and footnotes (numbers in the style of ``core.swedish``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from xlinsats.core.figures import InsatsFigures
from xlinsats.core.indicators import Registry, gender_distribution
from xlinsats.core.model import Count, GradingScale
from xlinsats.core.numbers import rounded_percent
from xlinsats.core.privacy import MASK_SYMBOL, FiguresMasking
from xlinsats.core.swedish import LOCALE as LOCALE  # re-exported: the report's readers import them from here
from xlinsats.core.swedish import (
    NBSP,
    format_count,
    format_number,
    format_percent,
    format_tkr,
    join_list,
)
from xlinsats.core.swedish import UNDEFINED as UNDEFINED

_WORDS = ("noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_FLOW_PHRASES = {
    "nya": "de nya deltagarna",
    "aktuella": "de deltagare som var inskrivna under året",
    "avslutade": "de avslutade deltagarna",
}


def number_in_words(value: int) -> str:
    """Return a small count in Swedish words ("åtta"), larger ones as digits, as Swedish style prefers."""
    if 0 <= value < len(_WORDS):
        return _WORDS[value]
    return format_number(value)


def superscript(number: int) -> str:
    """Return a footnote marker such as "²"."""
    return str(number).translate(_SUPERSCRIPTS)


_NO_MASKING = FiguresMasking(None)


@dataclass(frozen=True)
class InsatsMasking:
    """The masking of one insats's figures: ``FiguresMasking`` seen from the insats at ``index``."""

    masking: FiguresMasking = _NO_MASKING
    index: int = 0

    @property
    def active(self) -> bool:
        """Whether masking is on."""
        return self.masking.active

    def count(self, flow: str, part: str = "totalt") -> bool:
        """Whether a flow count ("kvinnor", "man", "annat" or "totalt") is masked."""
        return self.masking.count(self.index, flow, part)

    def any_count(self, flow: str) -> bool:
        """Whether any count of the flow (a gender part or the total) is masked."""
        return any(self.count(flow, part) for part in ("kvinnor", "man", "annat", "totalt"))

    def distribution(self, flow: str, gender: str) -> bool:
        """Whether a gender's share of the flow is masked."""
        return self.masking.distribution(self.index, flow, gender)

    def share(self, name: str) -> bool:
        """Whether one of the insats's shares (SHARE_NAMES) is masked."""
        return self.masking.share(self.index, name)

    def gender_share(self, gender: str) -> bool:
        """Whether a gender's share to work or studies is masked."""
        return self.masking.gender_share(self.index, gender)

    def outcome(self, name: str, part: str = "totalt") -> bool:
        """Whether an outcome count is masked."""
        return self.masking.outcome(self.index, name, part)


UNMASKED = InsatsMasking()

#: Said where a figure is left out of a sentence; the figure itself would be shown as MASK_SYMBOL.
WITHHELD = "visas inte av sekretesskäl"


def privacy_note(minimum: int) -> str:
    """Return the note that explains the mask symbol, for a report with a minimum cell size."""
    return f"Antal under {format_number(minimum)} och uppgifter som skulle avslöja dem visas som {MASK_SYMBOL}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def _gender_clause(count: Count, name: str, hidden: InsatsMasking) -> str:
    women = gender_distribution(count, "kvinnor")
    men = gender_distribution(count, "man")
    if women is None or men is None:
        return ""
    shown = [
        f"{format_percent(share)} {label}"
        for share, gender, label in ((women, "kvinnor", "kvinnor"), (men, "man", "män"))
        if not hidden.distribution(name, gender)
    ]
    if not shown:
        return f" (könsfördelningen {WITHHELD})"
    if len(shown) == 1:
        return f", varav {shown[0]} (könsfördelningen i övrigt {WITHHELD})"
    return f", varav {shown[0]} och {shown[1]}"


def _flow_sentence(name: str, count: Count | None, hidden: InsatsMasking = UNMASKED) -> str:
    total = None if count is None else count.totalt
    if count is not None and total is not None and hidden.count(name):
        # The total is masked, so no share of it is shown either: a share and a total give the count.
        return {
            "nya": f"Antalet nya deltagare under året {WITHHELD}.",
            "aktuella": f"Antalet inskrivna deltagare under året {WITHHELD}.",
            "avslutade": f"Antalet deltagare som avslutade insatsen under året {WITHHELD}.",
        }[name]
    if count is None or total is None:
        return {
            "nya": "Uppgift om antalet nya deltagare saknas.",
            "aktuella": "Uppgift om antalet inskrivna deltagare under året saknas.",
            "avslutade": "Uppgift om antalet avslutade deltagare saknas.",
        }[name]
    if total == 0:
        return {
            "nya": "Inga nya deltagare skrevs in under året.",
            "aktuella": "Inga deltagare var inskrivna under året.",
            "avslutade": "Ingen deltagare avslutade insatsen under året.",
        }[name]
    shown = format_count(total)
    clause = _gender_clause(count, name, hidden)
    if name == "nya":
        return f"Under året skrevs {shown} nya deltagare in{clause}."
    if name == "aktuella":
        return f"Totalt var {shown} deltagare inskrivna under året{clause}."
    return f"Insatsen avslutades av {shown} deltagare{clause}."


def _unsplit_people(count: Count | None) -> int:
    """Return how many of a count are neither women nor men (annat/ej angivet or missing), 0 when unknown."""
    if count is None or count.totalt is None or count.part("kvinnor") is None or count.part("man") is None:
        return 0
    return count.totalt - (count.part("kvinnor") or 0) - (count.part("man") or 0)


def _rounded_sum(count: Count | None) -> int | None:
    """Return the women's and men's shares of a count as the report rounds them (whole percent), added up."""
    if count is None or not count.totalt:
        return None
    women, men = count.part("kvinnor"), count.part("man")
    if women is None or men is None:
        return None
    return rounded_percent(women, count.totalt) + rounded_percent(men, count.totalt)


FLOW_ORDER: tuple[str, ...] = ("nya", "aktuella", "avslutade")


def flow_sentences(figures: InsatsFigures, marker: str = "", hidden: InsatsMasking = UNMASKED) -> tuple[str, ...]:
    """Return the flow sentences (new, current, ended) with gender shares.

    Args:
        figures: the insats's computed figures.
        marker: a footnote marker appended to the first sentence whose shares do not add up to 100 %.
        hidden: the insats's masked figures; a masked total is not stated and a masked share is left out.
    """
    flows = figures.insats.deltagare
    sentences: list[str] = []
    marked = False
    needing = _flows_needing_note(figures, hidden)
    for name in FLOW_ORDER:
        text = _flow_sentence(name, flows.get(name), hidden)
        if marker and not marked and name in needing:
            text += marker
            marked = True
        sentences.append(text)
    return tuple(sentences)


def _flows_needing_note(figures: InsatsFigures, hidden: InsatsMasking = UNMASKED) -> tuple[str, ...]:
    """Return the flows whose sentence shows both women's and men's shares, and they do not add up to 100 %."""
    flows = figures.insats.deltagare
    needing: list[str] = []
    for name in FLOW_ORDER:
        count = flows.get(name)
        rounded = _rounded_sum(count)
        if rounded is None or hidden.count(name) or any(hidden.distribution(name, g) for g in ("kvinnor", "man")):
            continue
        if _unsplit_people(count) > 0 or rounded != 100:
            needing.append(name)
    return tuple(needing)


def gender_footnote(figures: InsatsFigures, hidden: InsatsMasking = UNMASKED) -> str | None:
    """Return the footnote explaining why women's and men's shares do not add up to 100 %, or None.

    The usual cause is participants counted as annat/ej angivet; the rarer one is rounding (12,5 % and
    87,5 % both round up). Where any count of a flow is masked, the note names no number for that flow.
    """
    flows = figures.insats.deltagare
    names = _flows_needing_note(figures, hidden)
    if not names:
        return None
    unsplit = [(name, _unsplit_people(flows.get(name))) for name in names]
    counted = [(name, people) for name, people in unsplit if people > 0 and not hidden.any_count(name)]
    uncounted = [name for name, people in unsplit if people > 0 and hidden.any_count(name)]
    parts = [f"{number_in_words(people)} av {_FLOW_PHRASES[name]}" for name, people in counted]
    sentences: list[str] = []
    if parts:
        sentences.append(
            f"Andelarna kvinnor och män blir tillsammans mindre än {format_percent(1)} eftersom "
            f"{join_list(parts)} har uppgett annat kön eller saknar uppgift om kön."
        )
    if uncounted:
        # "de som" is number-neutral in Swedish, so the phrase says nothing of how many they are.
        sentences.append(
            f"Andelarna kvinnor och män blir tillsammans mindre än {format_percent(1)} för "
            f"{join_list([_FLOW_PHRASES[name] for name in uncounted])} eftersom de som har uppgett annat kön "
            f"eller saknar uppgift om kön inte räknas till någon av dem (antalet {WITHHELD})."
        )
    rounding = [name for name, people in unsplit if people == 0]
    if rounding:
        totals = join_list(
            [
                f"{format_percent(Fraction(_rounded_sum(flows.get(name)) or 0, 100))} för {_FLOW_PHRASES[name]}"
                for name in rounding
            ]
        )
        sentences.append(f"Andelarna är avrundade och summerar därför till {totals}.")
    return " ".join(sentences)


def _work_by_gender(figures: InsatsFigures, hidden: InsatsMasking) -> str:
    women = figures.arbete_studier_kon.get("kvinnor")
    men = figures.arbete_studier_kon.get("man")
    if women is None or men is None:
        return ""
    shown = [
        f"{format_percent(share)} av {label}"
        for share, gender, label in ((women, "kvinnor", "kvinnorna"), (men, "man", "männen"))
        if not hidden.gender_share(gender)
    ]
    return f" ({' och '.join(shown)})" if shown else ""


def outcome_sentences(figures: InsatsFigures, hidden: InsatsMasking = UNMASKED) -> tuple[str, ...]:
    """Return the sentences on what ended participants went on to; an undefined share is left out.

    A masked share, a masked number of respondents and a masked number gone to after-support are not
    stated; one closing sentence says that some figures are withheld.
    """
    shares = figures.andelar
    outcomes = figures.insats.efter_avslut
    sentences: list[str] = []
    withheld = False
    work = shares.get("arbete_studier_andel")
    if work is not None and hidden.share("arbete_studier_andel"):
        withheld = True
    elif work is not None:
        sentences.append(
            f"Av de avslutade deltagarna gick {format_percent(work)} till arbete eller studier"
            f"{_work_by_gender(figures, hidden)}."
        )
        withheld = withheld or any(
            hidden.gender_share(gender) and figures.arbete_studier_kon.get(gender) is not None
            for gender in ("kvinnor", "man")
        )
    other = shares.get("annan_insats_andel")
    if other is not None and hidden.share("annan_insats_andel"):
        withheld = True
    elif other is not None:
        sentences.append(f"Ytterligare {format_percent(other)} fortsatte i en annan arbetsinriktad insats.")
    onward = shares.get("vidare_andel")
    if onward is not None and hidden.share("vidare_andel"):
        withheld = True
    elif onward is not None:
        sentences.append(f"Sammantaget gick {format_percent(onward)} vidare till arbete, studier eller annan insats.")
    self_supporting = shares.get("sjalvforsorjande_andel")
    answered = outcomes.ettars_svarande.totalt if outcomes.ettars_svarande else None
    if self_supporting is not None and hidden.share("sjalvforsorjande_andel"):
        withheld = True
    elif self_supporting is not None:
        base = "" if hidden.outcome("ettars_svarande") else f" (n{NBSP}={NBSP}{format_count(answered)})"
        sentences.append(
            f"Ett år efter avslut försörjde sig {format_percent(self_supporting)} av dem som svarade på "
            f"uppföljningen{base} genom arbete eller studier."
        )
    kept = shares.get("behallit_anstallning_andel")
    if kept is not None and hidden.share("behallit_anstallning_andel"):
        withheld = True
    elif kept is not None:
        sentences.append(f"Av dem som fick en anställning hade {format_percent(kept)} kvar den efter minst 12 månader.")
    after_support = outcomes.efterstod.totalt if outcomes.efterstod else None
    if after_support and hidden.outcome("efterstod"):
        sentences.append(f"Dessutom har tidigare deltagare gått över till efterstöd (antalet {WITHHELD}).")
    elif after_support:
        sentences.append(f"Dessutom har {format_count(after_support)} tidigare deltagare gått över till efterstöd.")
    if withheld:
        sentences.append(f"Andelar som skulle kunna avslöja små antal {WITHHELD}.")
    if not sentences:
        sentences.append("Uppgifter om sysselsättning efter avslut saknas.")
    return tuple(sentences)


#: The built-in indicators the flow and outcome sentences phrase in words of their own.
PHRASED: frozenset[str] = frozenset(
    {
        *FLOW_ORDER,
        "arbete_studier_andel",
        "annan_insats_andel",
        "vidare_andel",
        "sjalvforsorjande_andel",
        "behallit_anstallning_andel",
    }
)


def own_indicator_sentences(
    figures: InsatsFigures, registry: Registry, hidden: InsatsMasking = UNMASKED
) -> tuple[str, ...]:
    """Return one sentence per indicator that has no sentence of its own and that the insats has a value for.

    These are the förbund's own indicators, and any built-in indicator the flow and outcome sentences do not
    phrase (so a new built-in entry is reported without a new sentence). A share is stated with its count and
    denominator ("38 % (271 av 705)"); a count as a number. A masked figure is not stated, and one closing
    sentence says that some figures are withheld.
    """
    sentences: list[str] = []
    withheld = False
    unphrased = [ind for ind in registry.indicators.values() if ind not in registry.own and ind.name not in PHRASED]
    for indicator in (*unphrased, *registry.own):
        value = registry.compute(figures.insats, indicator.name)
        if value is None:
            continue
        if hidden.share(indicator.name):
            withheld = True
            continue
        if indicator.namnare is None:
            sentences.append(f"{indicator.label}: {format_count(int(value))}.")
            continue
        part = registry.numerator(figures.insats, indicator.name)
        whole = registry.denominator(figures.insats, indicator.name)
        counts = (
            f" ({format_count(part.totalt)} av {format_count(whole.totalt)})"
            if part is not None and whole is not None
            else ""
        )
        sentences.append(f"{indicator.label}: {format_percent(Fraction(value))}{counts}.")
    if withheld:
        sentences.append(f"Egna nyckeltal som skulle kunna avslöja små antal {WITHHELD}.")
    return tuple(sentences)


def economy_paragraph(figures: InsatsFigures, year: int) -> str:
    """Return the economy paragraph: budget, cost, utilisation, unused funds or overrun, and the reason."""
    insats = figures.insats
    budget, cost = insats.budget_tkr, insats.kostnad_tkr
    if budget is None or cost is None:
        known = (
            f" Budgeten var {format_tkr(budget)}."
            if budget is not None
            else f" Kostnaderna uppgick till {format_tkr(cost)}."
            if cost is not None
            else ""
        )
        text = "Uppgift om budget eller kostnad saknas, så budgetutnyttjandet kan inte beräknas." + known
    else:
        text = f"Insatsen beviljades {format_tkr(budget)} för {year}. De faktiska kostnaderna blev {format_tkr(cost)}"
        if figures.budgetutnyttjande is None:
            text += ", och utan budget kan budgetutnyttjandet inte beräknas."
        else:
            text += f", vilket ger ett budgetutnyttjande på {format_percent(figures.budgetutnyttjande)}."
        overrun = figures.overskridet_tkr
        unused = figures.outnyttjat_tkr
        if overrun is not None and overrun > 0:
            text += f" Kostnaderna översteg budgeten med {format_tkr(overrun)}."
        elif unused is not None and unused > 0:
            text += f" Av de beviljade medlen användes {format_tkr(unused)} inte."
        else:
            text += " Hela budgeten användes."
    if insats.avvikelse_forklaring.strip():
        text += f" Förklaring till avvikelsen: {_sentence(insats.avvikelse_forklaring)}"
    return text


def development_new_text(year: int) -> str:
    """Return what the development part says of an insats that has no earlier year in the follow-up."""
    return (
        f"Insatsen är ny för {year}: den finns inte med i tidigare års uppföljning, så det finns inget att jämföra med."
    )


def development_note(years: tuple[int, ...]) -> str:
    """Return the note under an insats's development table, for the years it shows (oldest first)."""
    span = f"{years[0]}\u2013{years[-1]}" if len(years) > 1 else str(years[0])
    return (
        f"Åren {span} som de redovisades respektive år. Andelarna avser de avslutade deltagarna; "
        "måluppfyllelsen är insatsens samlade bedömning det året."
    )


def _scale_adjective(steps: int) -> str:
    stems = {2: "två", 3: "tre", 4: "fyr", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio", 10: "tio"}
    return f"{stems[steps]}gradig" if steps in stems else f"{steps}-gradig"


def scale_footnote(scale: GradingScale) -> str:
    """Return the footnote of the goal-fulfilment table, generated from the grading scale's settings."""
    steps: list[str] = []
    for name, bound in zip(scale.names, scale.bounds, strict=False):
        steps.append(f"”{name}” när avvikelsen är högst {format_number(bound, _decimals(bound))}")
    rule = join_list([*steps, f"annars ”{scale.names[-1]}”"])
    if scale.aggregation == "median":
        total = (
            "Insatsens måluppfyllelse (sista kolumnen) är medianen av målens bedömningar "
            "(vid jämnt antal mål den sämre av de två mittersta)."
        )
    else:
        total = "Insatsens måluppfyllelse (sista kolumnen) är den sämsta av målens bedömningar."
    return (
        f"Varje mål bedöms (kolumnen Bedömning av målet) på en {_scale_adjective(len(scale.names))} skala: {rule}. "
        "Avvikelsen är hur långt resultatet ligger från målet, i procentenheter för mål i procent och i "
        "procent av målvärdet för mål i antal; ett överträffat mål ger ingen avvikelse. "
        f"{total}"
    )


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
