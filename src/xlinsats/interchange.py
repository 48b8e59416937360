"""The interchange format (TOML, or JSON of the same structure): read into a FollowUp, write one out."""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import tomli_w

from xlinsats.atomic import write_bytes_atomic
from xlinsats.core.checks import ReadResult
from xlinsats.core.indicators import BUILTIN_COUNTS, INDICATORS, OWN_NAME, registry_for
from xlinsats.core.model import (
    FLOW_NAMES,
    GENDERS,
    OUTCOME_NAMES,
    Aggregation,
    Count,
    Direction,
    Flows,
    FollowUp,
    Goal,
    GoalHistory,
    GoalKind,
    GradingScale,
    Indicator,
    Insats,
    Outcomes,
    Privacy,
    Quote,
    YearFigures,
)
from xlinsats.core.vocabulary import AGGREGATION, DIRECTION, GOAL_KIND
from xlinsats.errors import FileFormatError, Location, Problem, os_reason

SUFFIXES = (".toml", ".json")
_DEFAULT_SCALE = GradingScale()
_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_INSATS_KEY = re.compile(r"^insats\[(\d+)\]")
#: The plain keys of an earlier year's key figures ([[insats.historik]]).
_YEAR_KEYS = ("ar", *FLOW_NAMES, "budget_tkr", "kostnad_tkr", "budgetutnyttjande", "bedomning")


def _word(value: Any) -> str | None:
    """Return a choice word stripped and in lower case; any other value as its text, which matches no choice."""
    if value is None:
        return None
    return value.strip().lower() if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _key(path: str, key: str) -> str:
    """Return the key path of ``key`` inside ``path``; at the top of the file (path "") the key alone."""
    return f"{path}.{key}" if path else key


#: The keys of each table the reader reads (the counts, outcomes, history and indicators check their own).
_TOP_KEYS = ("forbund", "bedomning", "sekretess", "indikator", "insats")
_FORBUND_KEYS = ("namn", "ar")
_SCALE_KEYS = ("skala", "sammanvagning", "gransvarden", "god_max_avvikelse", "godtagbart_max_avvikelse")
_PRIVACY_KEYS = ("minsta_cell",)
_INSATS_KEYS = (
    "namn",
    "kortnamn",
    "agare",
    "malgrupp",
    "beskrivning",
    "budget_tkr",
    "kostnad_tkr",
    "avvikelse_forklaring",
    "publicerad_bedomning",
    "framgangar",
    "utmaningar",
    "citat",
    "deltagare",
    "efter_avslut",
    "mal",
    "egna_antal",
    "historik",
)
_GOAL_KEYS = ("text", "typ", "riktning", "malvarde", "indikator", "utfall", "bedomning")
_QUOTE_KEYS = ("text", "kalla")


class _Reader:
    """Turns parsed interchange data into a FollowUp, collecting every problem instead of stopping."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.indicator_names: tuple[str, ...] = tuple(INDICATORS)
        self.insats_names: dict[int, str] = {}

    def where(self, key: str) -> Location:
        found = _INSATS_KEY.match(key)
        record = self.insats_names.get(int(found[1])) if found else None
        return Location(file=self.file, key=key, record=record)

    def error(self, key: str, message: str, value: object = None) -> None:
        self.problems.append(Problem("fel", message, self.where(key), value))

    def warn(self, key: str, message: str, value: object = None) -> None:
        self.problems.append(Problem("varning", message, self.where(key), value))

    # -- scalar values -------------------------------------------------------------------------------
    def text(self, table: Mapping[str, Any], key: str, path: str, required: bool = False) -> str:
        value = table.get(key)
        # An empty required text is as missing as an absent one: without this, an insats named "" was dropped
        # (with all its figures) and a förbund named "" read, both without a word to the user.
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(f"{path}.{key}", f"'{key}' saknas.")
            return ""
        if not isinstance(value, str):
            self.error(f"{path}.{key}", f"'{key}' ska vara en text, inte {value!r}.")
            return ""
        return value.strip()

    def number(self, table: Mapping[str, Any], key: str, path: str, required: bool = False) -> Decimal | None:
        value = table.get(key)
        if value is None:
            if required:
                self.error(f"{path}.{key}", f"'{key}' saknas.")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(f"{path}.{key}", f"'{key}' ska vara ett tal, inte {value!r}.")
            return None
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            self.error(f"{path}.{key}", f"'{key}' är inget giltigt tal: {value!r}.")
            return None
        if not number.is_finite():
            self.error(f"{path}.{key}", f"'{key}' är inget ändligt tal: {value!r}.")
            return None
        if number < 0:
            self.error(f"{path}.{key}", f"'{key}' får inte vara negativt ({value}).")
            return None
        return number

    def whole(self, value: Any, key: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(key, f"Ett antal personer ska vara ett heltal, inte {value!r}.")
            return None
        if isinstance(value, float) and not value.is_integer():
            self.error(key, f"Ett antal personer ska vara ett heltal, inte {value}.")
            return None
        if value < 0:
            self.error(key, f"Ett antal personer får inte vara negativt ({value}).")
            return None
        return int(value)

    def count(self, table: Mapping[str, Any], key: str, path: str) -> Count | None:
        value = table.get(key)
        where = f"{path}.{key}"
        if value is None:
            return None
        if isinstance(value, Mapping):
            unknown = sorted(set(value) - {*GENDERS, "totalt"})
            if unknown:
                self.error(where, f"Okänd nyckel {', '.join(unknown)}; tillåtna är kvinnor, man, annat och totalt.")
            parts = {gender: self.whole(value.get(gender, 0), f"{where}.{gender}") for gender in GENDERS}
            total = value.get("totalt")
            return Count(
                parts["kvinnor"],
                parts["man"],
                parts["annat"],
                totalt_angivet=None if total is None else self.whole(total, f"{where}.totalt"),
            )
        number = self.whole(value, where)
        return None if number is None else Count.plain(number)

    def strings(self, table: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.error(f"{path}.{key}", f"'{key}' ska vara en lista med texter.")
            return ()
        return tuple(item.strip() for item in value if item.strip())

    def tables(self, table: Mapping[str, Any], key: str, path: str) -> list[Mapping[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
            self.error(_key(path, key), f"'{key}' ska vara en lista av tabeller ([[{key}]]).")
            return []
        return value

    def table(self, table: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
        value = table.get(key, {})
        if not isinstance(value, Mapping):
            self.error(_key(path, key), f"'{key}' ska vara en tabell ([{key}]).")
            return {}
        return value

    def unknown_keys(self, table: Mapping[str, Any], allowed: tuple[str, ...], path: str) -> None:
        """Warn of each key the format does not have: a misspelt key (budget for budget_tkr) would drop its value
        without a word."""
        for key in sorted(set(table) - set(allowed)):
            # A shortened key ("budget") is the commonest slip, and too short for a similarity ratio to find.
            folded = key.casefold()
            close = [name for name in allowed if name.startswith(folded)] or difflib.get_close_matches(
                folded, allowed, n=1
            )
            guess = f" Menade du {close[0]!r}?" if close else ""
            self.warn(
                _key(path, key), f"Okänd nyckel {key!r}; den läses inte.{guess} Tillåtna är {', '.join(allowed)}."
            )

    # -- records -------------------------------------------------------------------------------------
    def scale(self, table: Mapping[str, Any]) -> GradingScale:
        if not table:
            return _DEFAULT_SCALE
        self.unknown_keys(table, _SCALE_KEYS, "bedomning")
        names = self.strings(table, "skala", "bedomning") or _DEFAULT_SCALE.names
        raw = table.get("sammanvagning", "median")
        word = AGGREGATION.parse(raw) if isinstance(raw, str) else None
        aggregation: Aggregation = "samsta" if word == "samsta" else "median"
        if word is None:
            self.error("bedomning.sammanvagning", AGGREGATION.message(raw), raw)
        bounds: list[Decimal] = []
        if "gransvarden" in table:
            raw = table["gransvarden"]
            if isinstance(raw, list):
                numbers = {str(i): value for i, value in enumerate(raw)}
                for i in numbers:
                    bound = self.number(numbers, i, "bedomning.gransvarden", required=True)
                    if bound is not None:
                        bounds.append(bound)
            else:
                self.error("bedomning.gransvarden", "'gransvarden' ska vara en lista med tal.")
        else:
            for key, default in zip(
                ("god_max_avvikelse", "godtagbart_max_avvikelse"), _DEFAULT_SCALE.bounds, strict=True
            ):
                number = self.number(table, key, "bedomning")
                bounds.append(default if number is None else number)
            bounds = bounds[: len(names) - 1]
        try:
            return GradingScale(tuple(names), tuple(bounds), aggregation)
        except ValueError as exc:
            self.error("bedomning", f"Bedömningsskalan går inte att använda: {exc}.")
            return _DEFAULT_SCALE

    def goal(self, table: Mapping[str, Any], path: str) -> Goal | None:
        self.unknown_keys(table, _GOAL_KEYS, path)
        text = self.text(table, "text", path, required=True)
        raw_kind, raw_direction = table.get("typ"), table.get("riktning", "minst")
        kind = GOAL_KIND.parse(raw_kind) if isinstance(raw_kind, str) else None
        if kind is None:
            self.error(f"{path}.typ", GOAL_KIND.message(raw_kind), raw_kind)
        direction = DIRECTION.parse(raw_direction) if isinstance(raw_direction, str) else None
        if direction is None:
            self.error(f"{path}.riktning", DIRECTION.message(raw_direction), raw_direction)
        indicator = _word(table.get("indikator"))
        if indicator is not None and indicator not in self.indicator_names:
            self.error(
                f"{path}.indikator", f"Okänd indikator {indicator!r}; tillåtna är {', '.join(self.indicator_names)}."
            )
        target = self.number(table, "malvarde", path, required=True)
        result = self.number(table, "utfall", path)
        grade = table.get("bedomning")
        if kind == "andel":
            for key, value in (("malvarde", target), ("utfall", result)):
                if value is not None and 0 < value < 1:
                    self.warn(
                        f"{path}.{key}",
                        f"{key} {value} ser ut att vara en andel i decimalform; i filen anges andelar i procent "
                        f"(50 för 50 %).",
                    )
                if value is not None and value > 100:
                    self.error(f"{path}.{key}", f"En andel kan inte vara över 100 % ({value}).")
        if kind == "antal" and target == 0:
            self.warn(f"{path}.malvarde", "Målvärdet 0 för ett antal går inte att bedöma.")
        if kind is None or direction is None or target is None or not text:
            return None
        if target is not None and kind == "andel" and target > 100:
            return None
        goal_kind: GoalKind = "andel" if kind == "andel" else "antal"
        goal_direction: Direction = "högst" if direction == "högst" else "minst"
        return Goal(
            text,
            goal_kind,
            goal_direction,
            target,
            indicator if indicator in self.indicator_names else None,
            result,
            grade if isinstance(grade, str) and grade else None,
            locations={
                k: self.where(f"{path}.{k}")
                for k in ("text", "typ", "riktning", "malvarde", "indikator", "utfall", "bedomning")
            },
        )

    def insats(self, table: Mapping[str, Any], path: str) -> Insats | None:
        name = self.text(table, "namn", path, required=True)
        found = _INSATS_KEY.match(path)
        if found and name:
            self.insats_names[int(found[1])] = name
        self.unknown_keys(table, _INSATS_KEYS, path)
        flows_table = self.table(table, "deltagare", path)
        outcomes_table = self.table(table, "efter_avslut", path)
        for key in sorted(set(flows_table) - set(FLOW_NAMES)):
            self.error(
                f"{path}.deltagare.{key}",
                f"Okänt deltagarflöde {key!r}; tillåtna är {', '.join(FLOW_NAMES)}.",
            )
        for key in sorted(set(outcomes_table) - set(OUTCOME_NAMES)):
            self.error(
                f"{path}.efter_avslut.{key}",
                f"Okänd uppgift {key!r}; tillåtna är {', '.join(OUTCOME_NAMES)}.",
            )
        flow_counts = {key: self.count(flows_table, key, f"{path}.deltagare") for key in FLOW_NAMES}
        flows = Flows(
            **flow_counts,
            locations={key: self.where(f"{path}.deltagare.{key}") for key in FLOW_NAMES},
        )
        outcome_counts = {key: self.count(outcomes_table, key, f"{path}.efter_avslut") for key in OUTCOME_NAMES}
        outcomes = Outcomes(
            **outcome_counts,
            locations={key: self.where(f"{path}.efter_avslut.{key}") for key in OUTCOME_NAMES},
        )
        quotes: list[Quote] = []
        for i, quote in enumerate(self.tables(table, "citat", path)):
            self.unknown_keys(quote, _QUOTE_KEYS, f"{path}.citat[{i}]")
            text = self.text(quote, "text", f"{path}.citat[{i}]", required=True)
            if text:
                quotes.append(Quote(text, self.text(quote, "kalla", f"{path}.citat[{i}]")))
        goals = [self.goal(goal, f"{path}.mal[{i}]") for i, goal in enumerate(self.tables(table, "mal", path))]
        own_counts = self.own_counts(self.table(table, "egna_antal", path), f"{path}.egna_antal")
        history = [
            self.year(year, f"{path}.historik[{i}]") for i, year in enumerate(self.tables(table, "historik", path))
        ]
        short = self.text(table, "kortnamn", path)
        grade = self.text(table, "publicerad_bedomning", path)
        if not name:
            return None
        return Insats(
            namn=name,
            agare=self.text(table, "agare", path),
            kortnamn=short or None,
            malgrupp=self.text(table, "malgrupp", path),
            beskrivning=self.text(table, "beskrivning", path),
            budget_tkr=self.number(table, "budget_tkr", path),
            kostnad_tkr=self.number(table, "kostnad_tkr", path),
            avvikelse_forklaring=self.text(table, "avvikelse_forklaring", path),
            publicerad_bedomning=grade or None,
            framgangar=self.strings(table, "framgangar", path),
            utmaningar=self.strings(table, "utmaningar", path),
            citat=tuple(quotes),
            deltagare=flows,
            efter_avslut=outcomes,
            mal=tuple(goal for goal in goals if goal is not None),
            egna_antal=own_counts,
            historik=tuple(sorted((year for year in history if year is not None), key=lambda year: year.ar)),
            locations={
                **{
                    key: self.where(f"{path}.{key}")
                    for key in ("namn", "budget_tkr", "kostnad_tkr", "publicerad_bedomning")
                },
                **{f"egna_antal.{key}": self.where(f"{path}.egna_antal.{key}") for key in own_counts},
            },
        )

    def year(self, table: Mapping[str, Any], path: str) -> YearFigures | None:
        """One earlier year's key figures of an insats ([[insats.historik]])."""
        year = table.get("ar")
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
            self.error(f"{path}.ar", f"Året ska vara ett årtal, inte {year!r}.", year)
            return None
        known = {*_YEAR_KEYS, "andelar", "mal", "maskerade"}
        for key in sorted(set(table) - known):
            self.error(f"{path}.{key}", f"Okänd nyckel {key!r} i historiken; tillåtna är {', '.join(sorted(known))}.")
        flows = {name: self.whole(table[name], f"{path}.{name}") if name in table else None for name in FLOW_NAMES}
        shares_table = self.table(table, "andelar", path)
        shares = {name: self.number(shares_table, name, f"{path}.andelar") for name in shares_table}
        for name, value in shares.items():
            if value is not None and value > 100:
                self.error(f"{path}.andelar.{name}", f"En andel kan inte vara över 100 % ({value}).", value)
        goals: list[GoalHistory] = []
        for i, goal in enumerate(self.tables(table, "mal", path)):
            where = f"{path}.mal[{i}]"
            text = self.text(goal, "text", where, required=True)
            target = self.number(goal, "malvarde", where, required=True)
            if text and target is not None:
                goals.append(
                    GoalHistory(
                        text,
                        target,
                        self.text(goal, "indikator", where) or None,
                        self.number(goal, "utfall", where),
                        self.text(goal, "bedomning", where) or None,
                    )
                )
        return YearFigures(
            ar=year,
            deltagare=flows,
            andelar=shares,
            budget_tkr=self.number(table, "budget_tkr", path),
            kostnad_tkr=self.number(table, "kostnad_tkr", path),
            budgetutnyttjande=self.number(table, "budgetutnyttjande", path),
            bedomning=self.text(table, "bedomning", path) or None,
            mal=tuple(goals),
            maskerade=self.strings(table, "maskerade", path),
        )

    def own_counts(self, table: Mapping[str, Any], path: str) -> dict[str, Count]:
        counts: dict[str, Count] = {}
        for key in table:
            if key in BUILTIN_COUNTS:
                self.error(
                    f"{path}.{key}",
                    f"{key!r} är ett inbyggt antal; ange det under deltagare eller efter_avslut, "
                    "inte bland egna antal.",
                )
                continue
            if not OWN_NAME.match(key):
                self.error(
                    f"{path}.{key}",
                    f"Namnet {key!r} duger inte: använd små bokstäver a–z, siffror och understreck, "
                    "och börja med en bokstav.",
                )
                continue
            count = self.count(table, key, path)
            if count is not None:
                counts[key] = count
        return counts

    def indicator(self, table: Mapping[str, Any], path: str) -> Indicator | None:
        name = self.text(table, "namn", path, required=True)
        label = self.text(table, "etikett", path, required=True)
        raw = table.get("taljare")
        numerator: tuple[str, ...] = ()
        if isinstance(raw, str):
            numerator = (raw.strip(),)
        elif isinstance(raw, list) and all(isinstance(item, str) for item in raw):
            numerator = tuple(item.strip() for item in raw)
        elif raw is not None:
            self.error(f"{path}.taljare", f"'taljare' ska vara en lista med namn på antal, inte {raw!r}.")
            return None
        denominator = self.text(table, "namnare", path) or None
        unknown = sorted(set(table) - {"namn", "etikett", "taljare", "namnare"})
        if unknown:
            self.error(
                f"{path}.{unknown[0]}",
                f"Okänd nyckel {', '.join(unknown)}; tillåtna är namn, etikett, taljare och namnare.",
            )
        if name and not OWN_NAME.match(name):
            self.error(
                f"{path}.namn",
                f"Namnet {name!r} duger inte: använd små bokstäver a–z, siffror och understreck, "
                "och börja med en bokstav.",
            )
            return None
        if not name or not label:
            return None
        return Indicator(
            name,
            label,
            numerator,
            denominator,
            locations={key: self.where(f"{path}.{key}") for key in ("namn", "etikett", "taljare", "namnare")},
        )

    def check_indicators(self, indicators: list[Indicator | None], insatser: list[Insats | None]) -> None:
        """Report every broken own-indicator definition, at its key."""
        own = [ind for ind in indicators if ind is not None]
        positions = [i for i, ind in enumerate(indicators) if ind is not None]
        counts = dict.fromkeys(name for insats in insatser if insats is not None for name in insats.egna_antal)
        _, problems = registry_for(own, counts)
        for problem in problems:
            report = self.error if problem.severity == "fel" else self.warn
            report(f"indikator[{positions[problem.index]}].{problem.key}", problem.message)
        labels: dict[str, str] = {ind.label.casefold(): name for name, ind in INDICATORS.items()}
        for position, ind in zip(positions, own, strict=True):
            clash = labels.get(ind.label.casefold())
            if clash is not None and clash != ind.name:
                self.error(
                    f"indikator[{position}].etikett",
                    f"Etiketten {ind.label!r} används redan av indikatorn {clash!r}; etiketterna måste vara olika.",
                )
            labels.setdefault(ind.label.casefold(), ind.name)

    def followup(self, data: Mapping[str, Any]) -> FollowUp | None:
        self.unknown_keys(data, _TOP_KEYS, "")
        forbund = self.table(data, "forbund", "")
        self.unknown_keys(forbund, _FORBUND_KEYS, "forbund")
        name = self.text(forbund, "namn", "forbund", required=True)
        year = forbund.get("ar")
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
            self.error("forbund.ar", f"Året ska vara ett årtal, inte {year!r}.")
            year = None
        scale = self.scale(self.table(data, "bedomning", ""))
        privacy_table = self.table(data, "sekretess", "")
        self.unknown_keys(privacy_table, _PRIVACY_KEYS, "sekretess")
        minimum = privacy_table.get("minsta_cell")
        if minimum is not None and (isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0):
            self.error(
                "sekretess.minsta_cell",
                f"Minsta cellstorlek ska vara ett heltal 0 eller större, inte {minimum!r}.",
            )
            minimum = None
        indicators = [self.indicator(t, f"indikator[{i}]") for i, t in enumerate(self.tables(data, "indikator", ""))]
        self.indicator_names = (*INDICATORS, *(ind.name for ind in indicators if ind is not None))
        insatser = [self.insats(t, f"insats[{i}]") for i, t in enumerate(self.tables(data, "insats", ""))]
        self.check_indicators(indicators, insatser)
        if year is None:
            return None
        return FollowUp(
            forbund=name,
            ar=year,
            insatser=tuple(i for i in insatser if i is not None),
            bedomning=scale,
            sekretess=Privacy(minimum or None),
            indikatorer=tuple(ind for ind in indicators if ind is not None),
        )


#: tomllib's reasons in Swedish, with what to do; matched on the start of its English message.
_TOML_REASONS: tuple[tuple[str, str], ...] = (
    ("Expected newline or end of document", "efter ett värde ska raden ta slut (glömt citattecken eller ny rad?)"),
    ("Unclosed array", "en lista [ ... ] stängs aldrig med ]"),
    ("Unclosed inline table", "en tabell { ... } stängs aldrig med }"),
    ("Unterminated string", "en text saknar sitt avslutande citattecken"),
    ("Expected '=' after a key", "efter ett namn ska det stå = och ett värde"),
    ("Cannot declare", "samma tabell finns två gånger (skriv [[...]] för en lista av tabeller)"),
    ("Cannot overwrite a value", "samma nyckel har fått ett värde två gånger"),
    ("Invalid value", "värdet går inte att läsa (text ska stå inom citattecken, decimaltal med punkt)"),
    ("Expected ']]'", "en rubrik [[...]] saknar sitt avslutande ]]"),
    ("Expected ']'", "en rubrik [...] saknar sitt avslutande ]"),
    ("Illegal character", "tecknet är inte tillåtet här"),
    ("Invalid statement", "raden är varken en rubrik eller namn = värde"),
)


def _toml_reason(english: str) -> str:
    """Return tomllib's reason in Swedish; an unknown one as a general syntax error (never English)."""
    for start, swedish in _TOML_REASONS:
        if english.startswith(start):
            return swedish
    return "syntaxfel"


def parse_interchange(text: str, suffix: str, file: str) -> ReadResult:
    """Parse interchange text (``suffix`` ".toml" or ".json") into a follow-up and its problems.

    Raises:
        FileFormatError: the text is not valid TOML or JSON (the message names line and column).
    """
    try:
        data = json.loads(text) if suffix == ".json" else tomllib.loads(text)
    except json.JSONDecodeError as exc:
        location = Location(file=file, line=exc.lineno, column=exc.colno)
        raise FileFormatError(f"{location.describe()}: filen är inte giltig JSON ({exc.msg}).", location) from exc
    except tomllib.TOMLDecodeError as exc:
        found = _POSITION.search(str(exc))
        if found:
            location = Location(file=file, line=int(found[1]), column=int(found[2]))
        else:  # "at end of document": the last line is where the reader should look
            location = Location(file=file, line=max(1, len(text.splitlines())))
        reason = _toml_reason(_POSITION.sub("", str(exc)).replace("(at end of document)", "").strip())
        raise FileFormatError(f"{location.describe()}: filen är inte giltig TOML: {reason}.", location) from exc
    if not isinstance(data, Mapping):
        raise FileFormatError(
            f"{file}: filen ska innehålla en tabell med [forbund] och [[insats]].", Location(file=file, line=1)
        )
    reader = _Reader(file)
    followup = reader.followup(data)
    return ReadResult(followup, tuple(reader.problems))


def read_interchange(path: Path) -> ReadResult:
    """Read an interchange file (.toml, or .json of the same structure).

    Raises:
        FileFormatError: the file cannot be read or parsed.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FileFormatError(f"{path}: filen ska sluta på .toml eller .json.")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileFormatError(f"{path}: filen går inte att läsa ({os_reason(exc)}).") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{path}: filen är inte kodad som UTF-8 (byte {exc.start}).") from exc
    return parse_interchange(text, suffix, str(path))


# -- writing ---------------------------------------------------------------------------------------------
def _plain_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _count_data(count: Count) -> int | dict[str, int]:
    if not count.has_parts:
        assert count.totalt_angivet is not None
        return count.totalt_angivet
    data = {gender: count.part(gender) or 0 for gender in GENDERS}
    if count.totalt_angivet is not None:
        data["totalt"] = count.totalt_angivet
    return data


def _scale_data(scale: GradingScale) -> dict[str, Any]:
    data: dict[str, Any] = {"skala": list(scale.names)}
    if len(scale.names) == 3:
        data["god_max_avvikelse"] = _plain_number(scale.bounds[0])
        data["godtagbart_max_avvikelse"] = _plain_number(scale.bounds[1])
    else:
        data["gransvarden"] = [_plain_number(bound) for bound in scale.bounds]
    data["sammanvagning"] = scale.aggregation
    return data


def _goal_data(goal: Goal) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text": goal.text,
        "typ": goal.typ,
        "riktning": goal.riktning,
        "malvarde": _plain_number(goal.malvarde),
    }
    if goal.indikator is not None:
        data["indikator"] = goal.indikator
    if goal.utfall is not None:
        data["utfall"] = _plain_number(goal.utfall)
    if goal.bedomning_angiven is not None:
        data["bedomning"] = goal.bedomning_angiven
    return data


def _insats_data(insats: Insats) -> dict[str, Any]:
    data: dict[str, Any] = {"namn": insats.namn}
    if insats.kortnamn:
        data["kortnamn"] = insats.kortnamn
    for key in ("agare", "malgrupp", "beskrivning"):
        if getattr(insats, key):
            data[key] = getattr(insats, key)
    for key in ("budget_tkr", "kostnad_tkr"):
        if getattr(insats, key) is not None:
            data[key] = _plain_number(getattr(insats, key))
    if insats.avvikelse_forklaring:
        data["avvikelse_forklaring"] = insats.avvikelse_forklaring
    if insats.publicerad_bedomning:
        data["publicerad_bedomning"] = insats.publicerad_bedomning
    for key in ("framgangar", "utmaningar"):
        if getattr(insats, key):
            data[key] = list(getattr(insats, key))
    if insats.citat:
        data["citat"] = [{"text": q.text, "kalla": q.kalla} if q.kalla else {"text": q.text} for q in insats.citat]
    flows = {name: _count_data(c) for name in FLOW_NAMES if (c := insats.deltagare.get(name)) is not None}
    if flows:
        data["deltagare"] = flows
    outcomes = {name: _count_data(c) for name in OUTCOME_NAMES if (c := insats.efter_avslut.get(name)) is not None}
    if outcomes:
        data["efter_avslut"] = outcomes
    if insats.mal:
        data["mal"] = [_goal_data(goal) for goal in insats.mal]
    if insats.egna_antal:
        data["egna_antal"] = {name: _count_data(count) for name, count in insats.egna_antal.items()}
    if insats.historik:
        data["historik"] = [_year_data(year) for year in insats.historik]
    return data


def _year_data(year: YearFigures) -> dict[str, Any]:
    data: dict[str, Any] = {"ar": year.ar}
    data.update({name: value for name, value in year.deltagare.items() if value is not None})
    for key in ("budget_tkr", "kostnad_tkr", "budgetutnyttjande"):
        value = getattr(year, key)
        if value is not None:
            data[key] = _plain_number(value)
    if year.bedomning is not None:
        data["bedomning"] = year.bedomning
    shares = {name: _plain_number(value) for name, value in year.andelar.items() if value is not None}
    if shares:
        data["andelar"] = shares
    if year.maskerade:
        data["maskerade"] = list(year.maskerade)
    if year.mal:
        data["mal"] = [_goal_history_data(goal) for goal in year.mal]
    return data


def _goal_history_data(goal: GoalHistory) -> dict[str, Any]:
    data: dict[str, Any] = {"text": goal.text, "malvarde": _plain_number(goal.malvarde)}
    if goal.indikator is not None:
        data["indikator"] = goal.indikator
    if goal.utfall is not None:
        data["utfall"] = _plain_number(goal.utfall)
    if goal.bedomning is not None:
        data["bedomning"] = goal.bedomning
    return data


def _indicator_data(indicator: Indicator) -> dict[str, Any]:
    data: dict[str, Any] = {"namn": indicator.name, "etikett": indicator.label, "taljare": list(indicator.taljare)}
    if indicator.namnare is not None:
        data["namnare"] = indicator.namnare
    return data


def followup_to_data(followup: FollowUp) -> dict[str, Any]:
    """Return the follow-up as plain data in the interchange structure."""
    data: dict[str, Any] = {
        "forbund": {"namn": followup.forbund, "ar": followup.ar},
        "bedomning": _scale_data(followup.bedomning),
    }
    if followup.sekretess.minsta_cell is not None:
        data["sekretess"] = {"minsta_cell": followup.sekretess.minsta_cell}
    if followup.indikatorer:
        data["indikator"] = [_indicator_data(indicator) for indicator in followup.indikatorer]
    data["insats"] = [_insats_data(insats) for insats in followup.insatser]
    return data


def dump_interchange(followup: FollowUp, suffix: str) -> str:
    """Return the follow-up as TOML (``suffix`` ".toml") or JSON (".json") text."""
    data = followup_to_data(followup)
    if suffix == ".json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return tomli_w.dumps(data)


def write_interchange(followup: FollowUp, path: Path) -> None:
    """Write the follow-up as an interchange file, atomically; the format follows the suffix.

    Raises:
        FileFormatError: the suffix is neither .toml nor .json.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise FileFormatError(f"{path}: exportfilen ska sluta på .toml eller .json.")
    write_bytes_atomic(path, dump_interchange(followup, suffix).encode("utf-8"))
