"""Every problem the interchange reader reports, written out in full: severity, the whole message, the key, the value.

Each case is a bad file written by hand with the exact problems a user reads, worked out from the format's rules
(docs/dataformat.md), never produced by the reader itself. Limits have their boundary cases: a value exactly at the
limit (no problem) and one just past it. Besides the problems, the tests check what is still read from a file that
has them (a bad value is left out, the sound rest is kept) and where every value read came from (its key path).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from xlinsats.core.checks import ReadResult
from xlinsats.core.model import (
    Count,
    Flows,
    FollowUp,
    Goal,
    GoalHistory,
    GradingScale,
    Indicator,
    Insats,
    Outcomes,
    Privacy,
    Quote,
    YearFigures,
)
from xlinsats.errors import FileFormatError, Location, Problem
from xlinsats.interchange import dump_interchange, parse_interchange, read_interchange, write_interchange

FILE = "x.toml"
#: The smallest sound file, and the same with one insats named "A" (most cases add a few lines to it).
HEAD = '[forbund]\nnamn = "F"\nar = 2024\n'
ONE = HEAD + '[[insats]]\nnamn = "A"\n'
#: The built-in indicators a goal may name, in the order every message lists them.
BUILTIN_NAMES = (
    "aktuella, nya, avslutade, arbete_studier_andel, annan_insats_andel, vidare_andel, sjalvforsorjande_andel, "
    "behallit_anstallning_andel"
)
BAD_NAME = "duger inte: använd små bokstäver a–z, siffror och understreck, och börja med en bokstav."


def _read(text: str, file: str = FILE) -> ReadResult:
    """The text read as a TOML interchange file."""
    return parse_interchange(text, ".toml", file)


def _at(key: str, record: str | None = None) -> Location:
    """The location of a key in the test file; ``record`` is the insats's name when the reader knows it."""
    return Location(file=FILE, key=key, record=record)


def _fel(key: str, message: str, value: object = None, record: str | None = None) -> Problem:
    """An error at a key of the test file."""
    return Problem("fel", message, _at(key, record), value)


def _varning(key: str, message: str, record: str | None = None) -> Problem:
    """A warning at a key of the test file."""
    return Problem("varning", message, _at(key, record))


def _in_a(key: str, message: str, value: object = None) -> Problem:
    """An error at a key of insats 1, named "A"."""
    return _fel(key, message, value, record="A")


def _only_insats(text: str) -> Insats:
    """The one insats read from the text."""
    followup = _read(text).followup
    assert followup is not None
    [insats] = followup.insatser
    return insats


# -- the problems, case by case ---------------------------------------------------------------------------
PROBLEM_CASES = [
    # [forbund]: the year's limits are 1900 and 2200, both included.
    pytest.param("[forbund]\nar = 2024\n", [_fel("forbund.namn", "'namn' saknas.")], id="forbund-namn-missing"),
    pytest.param(
        "[forbund]\nnamn = 5\nar = 2024\n",
        [_fel("forbund.namn", "'namn' ska vara en text, inte 5.")],
        id="forbund-namn-not-text",
    ),
    pytest.param('[forbund]\nnamn = "F"\nar = 1900\n', [], id="forbund-ar-1900"),
    pytest.param('[forbund]\nnamn = "F"\nar = 2200\n', [], id="forbund-ar-2200"),
    pytest.param(
        '[forbund]\nnamn = "F"\nar = 1899\n',
        [_fel("forbund.ar", "Året ska vara ett årtal, inte 1899.")],
        id="forbund-ar-1899",
    ),
    pytest.param(
        '[forbund]\nnamn = "F"\nar = 2201\n',
        [_fel("forbund.ar", "Året ska vara ett årtal, inte 2201.")],
        id="forbund-ar-2201",
    ),
    pytest.param(
        '[forbund]\nnamn = "F"\nar = "2024"\n',
        [_fel("forbund.ar", "Året ska vara ett årtal, inte '2024'.")],
        id="forbund-ar-text",
    ),
    pytest.param(
        "forbund = 5\n",
        [
            _fel("forbund", "'forbund' ska vara en tabell ([forbund])."),
            _fel("forbund.namn", "'namn' saknas."),
            _fel("forbund.ar", "Året ska vara ett årtal, inte None."),
        ],
        id="forbund-not-a-table",
    ),
    # [sekretess]: minsta_cell is a whole number 0 or more.
    pytest.param(HEAD + "[sekretess]\nminsta_cell = 0\n", [], id="minsta-cell-0"),
    pytest.param(
        HEAD + "[sekretess]\nminsta_cell = -1\n",
        [_fel("sekretess.minsta_cell", "Minsta cellstorlek ska vara ett heltal 0 eller större, inte -1.")],
        id="minsta-cell-negative",
    ),
    pytest.param(
        HEAD + "[sekretess]\nminsta_cell = 2.5\n",
        [_fel("sekretess.minsta_cell", "Minsta cellstorlek ska vara ett heltal 0 eller större, inte 2.5.")],
        id="minsta-cell-fraction",
    ),
    pytest.param(
        HEAD + "[sekretess]\nminsta_cell = true\n",
        [_fel("sekretess.minsta_cell", "Minsta cellstorlek ska vara ett heltal 0 eller större, inte True.")],
        id="minsta-cell-boolean",
    ),
    pytest.param(
        "sekretess = 5\n" + HEAD, [_fel("sekretess", "'sekretess' ska vara en tabell ([sekretess]).")], id="sekretess"
    ),
    # [bedomning]
    pytest.param(
        "bedomning = 5\n" + HEAD, [_fel("bedomning", "'bedomning' ska vara en tabell ([bedomning]).")], id="bedomning"
    ),
    pytest.param(
        HEAD + '[bedomning]\nskala = "God"\n',
        [_fel("bedomning.skala", "'skala' ska vara en lista med texter.")],
        id="skala-not-a-list",
    ),
    pytest.param(
        HEAD + '[bedomning]\nsammanvagning = "medel"\n',
        [_fel("bedomning.sammanvagning", "Sammanvägningen ska vara 'median' eller 'samsta', inte 'medel'.", "medel")],
        id="sammanvagning-unknown",
    ),
    pytest.param(
        HEAD + "[bedomning]\nsammanvagning = 1\n",
        [_fel("bedomning.sammanvagning", "Sammanvägningen ska vara 'median' eller 'samsta', inte 1.", 1)],
        id="sammanvagning-number",
    ),
    pytest.param(
        HEAD + "[bedomning]\ngransvarden = 5\n",
        [
            _fel("bedomning.gransvarden", "'gransvarden' ska vara en lista med tal."),
            _fel("bedomning", "Bedömningsskalan går inte att använda: skalan har 3 steg och behöver 2 gränsvärden."),
        ],
        id="gransvarden-not-a-list",
    ),
    pytest.param(
        HEAD + "[bedomning]\ngransvarden = [5, -1]\n",
        [
            _fel("bedomning.gransvarden.1", "'1' får inte vara negativt (-1)."),
            _fel("bedomning", "Bedömningsskalan går inte att använda: skalan har 3 steg och behöver 2 gränsvärden."),
        ],
        id="gransvarden-negative",
    ),
    pytest.param(
        HEAD + '[bedomning]\ngod_max_avvikelse = "fem"\n',
        [_fel("bedomning.god_max_avvikelse", "'god_max_avvikelse' ska vara ett tal, inte 'fem'.")],
        id="god-max-not-a-number",
    ),
    pytest.param(
        HEAD + "[bedomning]\ngodtagbart_max_avvikelse = -25\n",
        [_fel("bedomning.godtagbart_max_avvikelse", "'godtagbart_max_avvikelse' får inte vara negativt (-25).")],
        id="godtagbart-max-negative",
    ),
    # [[insats]]: its name, texts, numbers and lists; once the name is read, problems name the insats too.
    pytest.param(
        HEAD + "[[insats]]\ndeltagare = { nya = -1 }\n",
        [
            _fel("insats[0].namn", "'namn' saknas."),
            _fel("insats[0].deltagare.nya", "Ett antal personer får inte vara negativt (-1)."),
        ],
        id="insats-namn-missing",
    ),
    pytest.param(
        HEAD + '[[insats]]\nnamn = ""\ndeltagare = { nya = -1 }\n',
        [
            _fel("insats[0].namn", "'namn' saknas."),
            _fel("insats[0].deltagare.nya", "Ett antal personer får inte vara negativt (-1)."),
        ],
        id="insats-namn-empty",
    ),
    pytest.param(
        "insats = 5\n" + HEAD, [_fel("insats", "'insats' ska vara en lista av tabeller ([[insats]]).")], id="insats"
    ),
    *(
        pytest.param(
            ONE + f"{key} = 5\n",
            [_in_a(f"insats[0].{key}", f"'{key}' ska vara en text, inte 5.")],
            id=f"{key}-not-text",
        )
        for key in ("kortnamn", "agare", "malgrupp", "beskrivning", "avvikelse_forklaring", "publicerad_bedomning")
    ),
    *(
        pytest.param(
            ONE + f'{key} = "tio"\n',
            [_in_a(f"insats[0].{key}", f"'{key}' ska vara ett tal, inte 'tio'.")],
            id=f"{key}-not-a-number",
        )
        for key in ("budget_tkr", "kostnad_tkr")
    ),
    pytest.param(
        ONE + "kostnad_tkr = inf\n",
        [_in_a("insats[0].kostnad_tkr", "'kostnad_tkr' är inget ändligt tal: inf.")],
        id="kostnad-infinite",
    ),
    pytest.param(
        ONE + "budget_tkr = nan\n",
        [_in_a("insats[0].budget_tkr", "'budget_tkr' är inget ändligt tal: nan.")],
        id="budget-not-a-number",
    ),
    pytest.param(
        ONE + "budget_tkr = -0.5\n",
        [_in_a("insats[0].budget_tkr", "'budget_tkr' får inte vara negativt (-0.5).")],
        id="budget-negative-fraction",
    ),
    pytest.param(ONE + "budget_tkr = 0\n", [], id="budget-zero"),
    *(
        pytest.param(
            ONE + f'{key} = "Bra"\n',
            [_in_a(f"insats[0].{key}", f"'{key}' ska vara en lista med texter.")],
            id=f"{key}-not-a-list",
        )
        for key in ("framgangar", "utmaningar")
    ),
    pytest.param(
        ONE + "framgangar = [1]\n",
        [_in_a("insats[0].framgangar", "'framgangar' ska vara en lista med texter.")],
        id="framgangar-of-numbers",
    ),
    *(
        pytest.param(
            ONE + f"{key} = 5\n",
            [_in_a(f"insats[0].{key}", f"'{key}' ska vara en tabell ([{key}]).")],
            id=f"{key}-table",
        )
        for key in ("deltagare", "efter_avslut", "egna_antal")
    ),
    *(
        pytest.param(
            ONE + f"{key} = 5\n",
            [_in_a(f"insats[0].{key}", f"'{key}' ska vara en lista av tabeller ([[{key}]]).")],
            id=f"{key}-list",
        )
        for key in ("citat", "mal", "historik")
    ),
    # [[insats.citat]]
    pytest.param(
        ONE + '[[insats.citat]]\nkalla = "Deltagare"\n',
        [_in_a("insats[0].citat[0].text", "'text' saknas.")],
        id="citat-text-missing",
    ),
    pytest.param(
        ONE + '[[insats.citat]]\ntext = "Bra"\nkalla = 5\n',
        [_in_a("insats[0].citat[0].kalla", "'kalla' ska vara en text, inte 5.")],
        id="citat-kalla-not-text",
    ),
    # Counts: whole numbers 0 or more, plain or by gender; the flow and outcome names are fixed.
    pytest.param(
        ONE + "[insats.deltagare]\nnyy = 5\n",
        [_in_a("insats[0].deltagare.nyy", "Okänt deltagarflöde 'nyy'; tillåtna är aktuella, nya, avslutade.")],
        id="flow-unknown",
    ),
    pytest.param(
        ONE + "[insats.efter_avslut]\narbete = 5\n",
        [
            _in_a(
                "insats[0].efter_avslut.arbete",
                "Okänd uppgift 'arbete'; tillåtna är arbete_studier, annan_insats, ettars_svarande, "
                "ettars_sjalvforsorjande, anstallda, behallit_anstallning_12_man, efterstod.",
            )
        ],
        id="outcome-unknown",
    ),
    pytest.param(
        ONE + "[insats.deltagare]\nnya = 2.5\n",
        [_in_a("insats[0].deltagare.nya", "Ett antal personer ska vara ett heltal, inte 2.5.")],
        id="count-fraction",
    ),
    pytest.param(
        ONE + "[insats.efter_avslut]\nanstallda = -1\n",
        [_in_a("insats[0].efter_avslut.anstallda", "Ett antal personer får inte vara negativt (-1).")],
        id="outcome-negative",
    ),
    pytest.param(
        ONE + "[insats.deltagare]\naktuella = { kvinnor = 1, pojkar = 2, barn = 3 }\n",
        [
            _in_a(
                "insats[0].deltagare.aktuella",
                "Okänd nyckel barn, pojkar; tillåtna är kvinnor, man, annat och totalt.",
            )
        ],
        id="count-unknown-parts",
    ),
    pytest.param(
        ONE + '[insats.deltagare]\naktuella = { kvinnor = 1, totalt = "två" }\n',
        [_in_a("insats[0].deltagare.aktuella.totalt", "Ett antal personer ska vara ett heltal, inte 'två'.")],
        id="count-total-not-a-number",
    ),
    pytest.param(
        ONE + "[insats.deltagare]\naktuella = { kvinnor = 1, man = 2, annat = 0, totalt = 3 }\n",
        [],
        id="count-with-total",
    ),
    # [insats.egna_antal]: own names, never a built-in count's.
    pytest.param(
        ONE + "[insats.egna_antal]\nnya = 3\nStor = 4\nlosning = -1\n",
        [
            _in_a(
                "insats[0].egna_antal.nya",
                "'nya' är ett inbyggt antal; ange det under deltagare eller efter_avslut, inte bland egna antal.",
            ),
            _in_a("insats[0].egna_antal.Stor", f"Namnet 'Stor' {BAD_NAME}"),
            _in_a("insats[0].egna_antal.losning", "Ett antal personer får inte vara negativt (-1)."),
        ],
        id="own-counts",
    ),
    # [[insats.mal]]: a share goal is in percent (0-100); the limits are checked at and just past each bound.
    pytest.param(
        ONE + '[[insats.mal]]\ntyp = "antal"\nmalvarde = 5\n',
        [_in_a("insats[0].mal[0].text", "'text' saknas.")],
        id="goal-text-missing",
    ),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "antal"\n',
        [_in_a("insats[0].mal[0].malvarde", "'malvarde' saknas.")],
        id="goal-target-missing",
    ),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "procent"\nmalvarde = 5\n',
        [_in_a("insats[0].mal[0].typ", "Måltypen ska vara 'andel' eller 'antal', inte 'procent'.", "procent")],
        id="goal-kind-unknown",
    ),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\nmalvarde = 5\n',
        [_in_a("insats[0].mal[0].typ", "Måltypen ska vara 'andel' eller 'antal', inte None.")],
        id="goal-kind-missing",
    ),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "antal"\nriktning = "mest"\nmalvarde = 5\n',
        [_in_a("insats[0].mal[0].riktning", "Riktningen ska vara 'minst' eller 'högst', inte 'mest'.", "mest")],
        id="goal-direction-unknown",
    ),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "antal"\nriktning = 1\nmalvarde = 5\n',
        [_in_a("insats[0].mal[0].riktning", "Riktningen ska vara 'minst' eller 'högst', inte 1.", 1)],
        id="goal-direction-number",
    ),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "antal"\nmalvarde = 5\nutfall = "bra"\n',
        [_in_a("insats[0].mal[0].utfall", "'utfall' ska vara ett tal, inte 'bra'.")],
        id="goal-result-not-a-number",
    ),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "antal"\nmalvarde = 5\nindikator = "påhittad"\n',
        [_in_a("insats[0].mal[0].indikator", f"Okänd indikator 'påhittad'; tillåtna är {BUILTIN_NAMES}.")],
        id="goal-indicator-unknown",
    ),
    # A value that is not text is shown as JSON would write it, letters as they are.
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "antal"\nmalvarde = 5\nindikator = 5\n',
        [_in_a("insats[0].mal[0].indikator", f"Okänd indikator '5'; tillåtna är {BUILTIN_NAMES}.")],
        id="goal-indicator-number",
    ),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "antal"\nmalvarde = 5\nindikator = ["nöjda"]\n',
        [_in_a("insats[0].mal[0].indikator", f"Okänd indikator '[\"nöjda\"]'; tillåtna är {BUILTIN_NAMES}.")],
        id="goal-indicator-list",
    ),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "antal"\nmalvarde = 5\nindikator = 2024-01-31\n',
        [_in_a("insats[0].mal[0].indikator", f"Okänd indikator '\"2024-01-31\"'; tillåtna är {BUILTIN_NAMES}.")],
        id="goal-indicator-date",
    ),
    pytest.param(ONE + '[[insats.mal]]\ntext = "M"\ntyp = "andel"\nmalvarde = 0\n', [], id="share-target-0"),
    pytest.param(ONE + '[[insats.mal]]\ntext = "M"\ntyp = "andel"\nmalvarde = 1\n', [], id="share-target-1"),
    pytest.param(ONE + '[[insats.mal]]\ntext = "M"\ntyp = "andel"\nmalvarde = 1.5\n', [], id="share-target-1.5"),
    pytest.param(ONE + '[[insats.mal]]\ntext = "M"\ntyp = "andel"\nmalvarde = 100\n', [], id="share-target-100"),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "andel"\nmalvarde = 0.99\n',
        [
            _varning(
                "insats[0].mal[0].malvarde",
                "malvarde 0.99 ser ut att vara en andel i decimalform; i filen anges andelar i procent (50 för 50 %).",
                record="A",
            )
        ],
        id="share-target-0.99",
    ),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "andel"\nmalvarde = 50\nutfall = 0.4\n',
        [
            _varning(
                "insats[0].mal[0].utfall",
                "utfall 0.4 ser ut att vara en andel i decimalform; i filen anges andelar i procent (50 för 50 %).",
                record="A",
            )
        ],
        id="share-result-0.4",
    ),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "andel"\nmalvarde = 100.5\n',
        [_in_a("insats[0].mal[0].malvarde", "En andel kan inte vara över 100 % (100.5).")],
        id="share-target-100.5",
    ),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "andel"\nmalvarde = 50\nutfall = 101\n',
        [_in_a("insats[0].mal[0].utfall", "En andel kan inte vara över 100 % (101).")],
        id="share-result-101",
    ),
    pytest.param(ONE + '[[insats.mal]]\ntext = "M"\ntyp = "antal"\nmalvarde = 150\n', [], id="count-target-150"),
    pytest.param(ONE + '[[insats.mal]]\ntext = "M"\ntyp = "antal"\nmalvarde = 0.5\n', [], id="count-target-0.5"),
    pytest.param(ONE + '[[insats.mal]]\ntext = "M"\ntyp = "antal"\nmalvarde = 1\n', [], id="count-target-1"),
    pytest.param(
        ONE + '[[insats.mal]]\ntext = "M"\ntyp = "antal"\nmalvarde = 0\n',
        [_varning("insats[0].mal[0].malvarde", "Målvärdet 0 för ett antal går inte att bedöma.", record="A")],
        id="count-target-0",
    ),
    # [[insats.historik]]: an earlier year's figures.
    pytest.param(ONE + "[[insats.historik]]\nar = 1900\n", [], id="history-1900"),
    pytest.param(ONE + "[[insats.historik]]\nar = 2200\n", [], id="history-2200"),
    pytest.param(
        ONE + "[[insats.historik]]\nar = 1899\n",
        [_in_a("insats[0].historik[0].ar", "Året ska vara ett årtal, inte 1899.", 1899)],
        id="history-1899",
    ),
    pytest.param(
        ONE + "[[insats.historik]]\nar = 2201\n",
        [_in_a("insats[0].historik[0].ar", "Året ska vara ett årtal, inte 2201.", 2201)],
        id="history-2201",
    ),
    pytest.param(
        ONE + "[[insats.historik]]\nar = true\n",
        [_in_a("insats[0].historik[0].ar", "Året ska vara ett årtal, inte True.", True)],
        id="history-year-boolean",
    ),
    pytest.param(
        ONE + "[[insats.historik]]\nar = 2023\nutfall = 5\n",
        [
            _in_a(
                "insats[0].historik[0].utfall",
                "Okänd nyckel 'utfall' i historiken; tillåtna är aktuella, andelar, ar, avslutade, bedomning, "
                "budget_tkr, budgetutnyttjande, kostnad_tkr, mal, maskerade, nya.",
            )
        ],
        id="history-key-unknown",
    ),
    pytest.param(
        ONE + '[[insats.historik]]\nar = 2023\nmaskerade = ["nya"]\nnya = 2\n', [], id="history-maskerade-known"
    ),
    pytest.param(
        ONE + "[[insats.historik]]\nar = 2023\nmaskerade = 5\n",
        [_in_a("insats[0].historik[0].maskerade", "'maskerade' ska vara en lista med texter.")],
        id="history-maskerade-not-a-list",
    ),
    pytest.param(
        ONE + "[[insats.historik]]\nar = 2023\naktuella = -1\n",
        [_in_a("insats[0].historik[0].aktuella", "Ett antal personer får inte vara negativt (-1).")],
        id="history-flow-negative",
    ),
    *(
        pytest.param(
            ONE + f'[[insats.historik]]\nar = 2023\n{key} = "x"\n',
            [_in_a(f"insats[0].historik[0].{key}", f"'{key}' ska vara ett tal, inte 'x'.")],
            id=f"history-{key}",
        )
        for key in ("budget_tkr", "kostnad_tkr", "budgetutnyttjande")
    ),
    pytest.param(
        ONE + "[[insats.historik]]\nar = 2023\nbedomning = 1\n",
        [_in_a("insats[0].historik[0].bedomning", "'bedomning' ska vara en text, inte 1.")],
        id="history-grade-not-text",
    ),
    pytest.param(
        ONE + "[[insats.historik]]\nar = 2023\nandelar = 5\n",
        [_in_a("insats[0].historik[0].andelar", "'andelar' ska vara en tabell ([andelar]).")],
        id="history-shares-not-a-table",
    ),
    pytest.param(
        ONE + "[[insats.historik]]\nar = 2023\n[insats.historik.andelar]\nvidare_andel = 100\n",
        [],
        id="history-share-100",
    ),
    pytest.param(
        ONE + "[[insats.historik]]\nar = 2023\n[insats.historik.andelar]\nvidare_andel = 100.5\n",
        [
            _in_a(
                "insats[0].historik[0].andelar.vidare_andel",
                "En andel kan inte vara över 100 % (100.5).",
                Decimal("100.5"),
            )
        ],
        id="history-share-100.5",
    ),
    pytest.param(
        ONE + '[[insats.historik]]\nar = 2023\n[insats.historik.andelar]\nvidare_andel = "hälften"\n',
        [_in_a("insats[0].historik[0].andelar.vidare_andel", "'vidare_andel' ska vara ett tal, inte 'hälften'.")],
        id="history-share-not-a-number",
    ),
    pytest.param(
        ONE + "[[insats.historik]]\nar = 2023\nmal = 5\n",
        [_in_a("insats[0].historik[0].mal", "'mal' ska vara en lista av tabeller ([[mal]]).")],
        id="history-goals-not-a-list",
    ),
    pytest.param(
        ONE + "[[insats.historik]]\nar = 2023\n[[insats.historik.mal]]\nmalvarde = 5\n",
        [_in_a("insats[0].historik[0].mal[0].text", "'text' saknas.")],
        id="history-goal-text-missing",
    ),
    pytest.param(
        ONE + '[[insats.historik]]\nar = 2023\n[[insats.historik.mal]]\ntext = "M"\n',
        [_in_a("insats[0].historik[0].mal[0].malvarde", "'malvarde' saknas.")],
        id="history-goal-target-missing",
    ),
    pytest.param(
        ONE
        + '[[insats.historik]]\nar = 2023\n[[insats.historik.mal]]\ntext = "M"\nmalvarde = 5\n'
        + 'indikator = 1\nutfall = "x"\nbedomning = 2\n',
        [
            _in_a("insats[0].historik[0].mal[0].indikator", "'indikator' ska vara en text, inte 1."),
            _in_a("insats[0].historik[0].mal[0].utfall", "'utfall' ska vara ett tal, inte 'x'."),
            _in_a("insats[0].historik[0].mal[0].bedomning", "'bedomning' ska vara en text, inte 2."),
        ],
        id="history-goal-optional-fields",
    ),
    # [[indikator]]: the förbund's own indicators.
    pytest.param(
        "indikator = 5\n" + HEAD,
        [_fel("indikator", "'indikator' ska vara en lista av tabeller ([[indikator]]).")],
        id="indikator",
    ),
    pytest.param(
        HEAD + '[[indikator]]\netikett = "Nöjda"\ntaljare = ["nya"]\n',
        [_fel("indikator[0].namn", "'namn' saknas.")],
        id="indicator-name-missing",
    ),
    pytest.param(
        HEAD + '[[indikator]]\nnamn = "nojda"\ntaljare = ["nya"]\n',
        [_fel("indikator[0].etikett", "'etikett' saknas.")],
        id="indicator-label-missing",
    ),
    pytest.param(
        HEAD + '[[indikator]]\nnamn = "Nojda"\netikett = "Nöjda"\ntaljare = ["nya"]\n',
        [_fel("indikator[0].namn", f"Namnet 'Nojda' {BAD_NAME}")],
        id="indicator-name-bad",
    ),
    pytest.param(
        HEAD + '[[indikator]]\nnamn = "nojda"\netikett = "Nöjda"\ntaljare = 5\n',
        [_fel("indikator[0].taljare", "'taljare' ska vara en lista med namn på antal, inte 5.")],
        id="indicator-numerator-number",
    ),
    pytest.param(
        HEAD + '[[indikator]]\nnamn = "nojda"\netikett = "Nöjda"\ntaljare = ["nya", 5]\n',
        [_fel("indikator[0].taljare", "'taljare' ska vara en lista med namn på antal, inte ['nya', 5].")],
        id="indicator-numerator-mixed",
    ),
    pytest.param(
        HEAD + '[[indikator]]\nnamn = "nojda"\netikett = "Nöjda"\ntaljare = ["nya"]\nnamnare = 5\n',
        [_fel("indikator[0].namnare", "'namnare' ska vara en text, inte 5.")],
        id="indicator-denominator-not-text",
    ),
    pytest.param(
        HEAD + '[[indikator]]\nnamn = "nojda"\netikett = "Nöjda"\ntaljare = ["nya"]\nfarg = "röd"\nbeskrivning = ""\n',
        [
            _fel(
                "indikator[0].beskrivning",
                "Okänd nyckel beskrivning, farg; tillåtna är namn, etikett, taljare och namnare.",
            )
        ],
        id="indicator-keys-unknown",
    ),
    pytest.param(
        HEAD
        + '[[indikator]]\nnamn = "nojda"\netikett = "Nöjda"\ntaljare = ["nya"]\n'
        + '[[indikator]]\nnamn = "glada"\netikett = "NÖJDA"\ntaljare = ["nya"]\n',
        [
            _fel(
                "indikator[1].etikett",
                "Etiketten 'NÖJDA' används redan av indikatorn 'nojda'; etiketterna måste vara olika.",
            )
        ],
        id="indicator-labels-clash",
    ),
    pytest.param(
        HEAD + '[[indikator]]\nnamn = "nojda"\netikett = "nya deltagare under året"\ntaljare = ["nya"]\n',
        [
            _fel(
                "indikator[0].etikett",
                "Etiketten 'nya deltagare under året' används redan av indikatorn 'nya'; etiketterna måste vara olika.",
            )
        ],
        id="indicator-label-of-a-builtin",
    ),
]


INSATS_KEYS = (
    "namn, kortnamn, agare, malgrupp, beskrivning, budget_tkr, kostnad_tkr, avvikelse_forklaring, "
    "publicerad_bedomning, framgangar, utmaningar, citat, deltagare, efter_avslut, mal, egna_antal, historik"
)
GOAL = '[[insats.mal]]\ntext = "M"\ntyp = "antal"\nmalvarde = 5\n'

# A misspelt or unknown key would drop its value without a word, so each table names the keys it does not have.
UNKNOWN_KEY_CASES = [
    pytest.param(
        'version = "1"\n' + HEAD,
        [
            _varning(
                "version",
                "Okänd nyckel 'version'; den läses inte. Tillåtna är forbund, bedomning, sekretess, indikator, insats.",
            )
        ],
        id="top-level",
    ),
    pytest.param(
        '[forbund]\nnamn = "F"\nar = 2024\nkommun = "K"\n',
        [_varning("forbund.kommun", "Okänd nyckel 'kommun'; den läses inte. Tillåtna är namn, ar.")],
        id="forbund",
    ),
    pytest.param(
        HEAD + "[bedomning]\ngod_max = 3\n",
        [
            _varning(
                "bedomning.god_max",
                "Okänd nyckel 'god_max'; den läses inte. Menade du 'god_max_avvikelse'? Tillåtna är skala, "
                "sammanvagning, gransvarden, "
                "god_max_avvikelse, godtagbart_max_avvikelse.",
            )
        ],
        id="bedomning",
    ),
    pytest.param(
        HEAD + "[sekretess]\nminsta = 3\n",
        [
            _varning(
                "sekretess.minsta",
                "Okänd nyckel 'minsta'; den läses inte. Menade du 'minsta_cell'? Tillåtna är minsta_cell.",
            )
        ],
        id="sekretess",
    ),
    pytest.param(
        ONE + "budget = 100\nKostnad_tkr = 90\n",
        [
            Problem(
                "varning",
                f"Okänd nyckel 'Kostnad_tkr'; den läses inte. Menade du 'kostnad_tkr'? Tillåtna är {INSATS_KEYS}.",
                _at("insats[0].Kostnad_tkr", "A"),
            ),
            Problem(
                "varning",
                f"Okänd nyckel 'budget'; den läses inte. Menade du 'budget_tkr'? Tillåtna är {INSATS_KEYS}.",
                _at("insats[0].budget", "A"),
            ),
        ],
        id="insats",
    ),
    pytest.param(
        ONE + GOAL + '"malvärde" = 6\n',
        [
            Problem(
                "varning",
                "Okänd nyckel 'malvärde'; den läses inte. Menade du 'malvarde'? Tillåtna är text, typ, riktning, "
                "malvarde, indikator, "
                "utfall, bedomning.",
                _at("insats[0].mal[0].malvärde", "A"),
            )
        ],
        id="mal",
    ),
    pytest.param(
        ONE + '[[insats.citat]]\ntext = "Bra"\n"källa" = "Deltagare"\n',
        [
            Problem(
                "varning",
                "Okänd nyckel 'källa'; den läses inte. Menade du 'kalla'? Tillåtna är text, kalla.",
                _at("insats[0].citat[0].källa", "A"),
            )
        ],
        id="citat",
    ),
]


@pytest.mark.parametrize(("text", "expected"), UNKNOWN_KEY_CASES)
def test_an_unknown_key_is_named_with_the_keys_the_table_has(text: str, expected: list[Problem]) -> None:
    """Each table warns of a key it does not have, at that key, with the key meant (a prefix of it, or one spelt
    alike) when there is one and the keys the table has; the rest is still read."""
    result = _read(text)
    assert list(result.problems) == expected
    assert result.followup is not None


@pytest.mark.parametrize(("text", "expected"), PROBLEM_CASES)
def test_each_bad_value_gets_its_whole_message_at_its_key(text: str, expected: list[Problem]) -> None:
    """The reader reports exactly these problems, each with its severity, message, key path and value."""
    assert list(_read(text).problems) == expected


# -- what is read, and from where -------------------------------------------------------------------------
#: A file with every key the format has, each once, in the order the writer writes them.
FULL = """\
[forbund]
namn = "Förbundet"
ar = 2024

[bedomning]
skala = [
    "Bra",
    "Mellan",
    "Svag",
]
god_max_avvikelse = 3
godtagbart_max_avvikelse = 30
sammanvagning = "samsta"

[sekretess]
minsta_cell = 3

[[indikator]]
namn = "nojda"
etikett = "Nöjda deltagare"
taljare = [
    "nojda",
]
namnare = "avslutade"

[[insats]]
namn = "Lyra"
kortnamn = "L"
agare = "Kommunen"
malgrupp = "Unga"
beskrivning = "Stöd"
budget_tkr = 100
kostnad_tkr = 90.5
avvikelse_forklaring = "Vakans"
publicerad_bedomning = "Bra"
framgangar = [
    "Fler deltagare",
]
utmaningar = [
    "Personal",
]
citat = [
    { text = "Det hjälpte", kalla = "Deltagare" },
    { text = "Bra stöd" },
]

[insats.deltagare]
aktuella = 20

[insats.deltagare.nya]
kvinnor = 5
man = 4
annat = 1

[insats.deltagare.avslutade]
kvinnor = 2
man = 3
annat = 0
totalt = 6

[insats.efter_avslut]
arbete_studier = 1
annan_insats = 2
ettars_svarande = 3
ettars_sjalvforsorjande = 1
anstallda = 2
behallit_anstallning_12_man = 1
efterstod = 4

[[insats.mal]]
text = "Vidare"
typ = "andel"
riktning = "minst"
malvarde = 60
indikator = "vidare_andel"
utfall = 55.5
bedomning = "Mellan"

[[insats.mal]]
text = "Högst få"
typ = "antal"
riktning = "högst"
malvarde = 4

[insats.egna_antal.nojda]
kvinnor = 1
man = 2
annat = 0

[[insats.historik]]
ar = 2022
aktuella = 30
budget_tkr = 80
budgetutnyttjande = 95.5
maskerade = [
    "nya",
]
mal = [
    { text = "Vidare", malvarde = 50, indikator = "vidare_andel", utfall = 40, bedomning = "Svag" },
]

[insats.historik.andelar]
vidare_andel = 40

[[insats.historik]]
ar = 2023
nya = 12
avslutade = 8
kostnad_tkr = 70
bedomning = "Bra"
"""

#: FULL as the follow-up it means, written out by hand.
FULL_FOLLOWUP = FollowUp(
    forbund="Förbundet",
    ar=2024,
    bedomning=GradingScale(("Bra", "Mellan", "Svag"), (Decimal(3), Decimal(30)), "samsta"),
    sekretess=Privacy(3),
    indikatorer=(Indicator("nojda", "Nöjda deltagare", ("nojda",), "avslutade"),),
    insatser=(
        Insats(
            namn="Lyra",
            agare="Kommunen",
            kortnamn="L",
            malgrupp="Unga",
            beskrivning="Stöd",
            budget_tkr=Decimal(100),
            kostnad_tkr=Decimal("90.5"),
            avvikelse_forklaring="Vakans",
            publicerad_bedomning="Bra",
            framgangar=("Fler deltagare",),
            utmaningar=("Personal",),
            citat=(Quote("Det hjälpte", "Deltagare"), Quote("Bra stöd")),
            deltagare=Flows(aktuella=Count.plain(20), nya=Count(5, 4, 1), avslutade=Count(2, 3, 0, totalt_angivet=6)),
            efter_avslut=Outcomes(
                arbete_studier=Count.plain(1),
                annan_insats=Count.plain(2),
                ettars_svarande=Count.plain(3),
                ettars_sjalvforsorjande=Count.plain(1),
                anstallda=Count.plain(2),
                behallit_anstallning_12_man=Count.plain(1),
                efterstod=Count.plain(4),
            ),
            mal=(
                Goal("Vidare", "andel", "minst", Decimal(60), "vidare_andel", Decimal("55.5"), "Mellan"),
                Goal("Högst få", "antal", "högst", Decimal(4)),
            ),
            egna_antal={"nojda": Count(1, 2, 0)},
            historik=(
                YearFigures(
                    ar=2022,
                    deltagare={"aktuella": 30, "nya": None, "avslutade": None},
                    andelar={"vidare_andel": Decimal(40)},
                    budget_tkr=Decimal(80),
                    budgetutnyttjande=Decimal("95.5"),
                    mal=(GoalHistory("Vidare", Decimal(50), "vidare_andel", Decimal(40), "Svag"),),
                    maskerade=("nya",),
                ),
                YearFigures(
                    ar=2023,
                    deltagare={"aktuella": None, "nya": 12, "avslutade": 8},
                    kostnad_tkr=Decimal(70),
                    bedomning="Bra",
                ),
            ),
        ),
    ),
)


def test_every_key_of_a_full_file_is_read() -> None:
    """A file with every key once reads, without a problem, into the follow-up written out by hand."""
    result = _read(FULL)
    assert result.problems == ()
    assert result.followup == FULL_FOLLOWUP


def test_a_full_file_is_written_back_as_it_was() -> None:
    """Writing the full file's follow-up gives the same TOML text, key for key, with whole numbers kept whole."""
    followup = _read(FULL).followup
    assert followup is not None
    assert dump_interchange(followup, ".toml") == FULL


def test_json_is_written_indented_by_two_with_letters_as_they_are() -> None:
    """The JSON form is indented by two spaces, keeps å, ä and ö as letters, and ends with a newline."""
    followup = FollowUp("Förbundet", 2024, (Insats("Lyra", budget_tkr=Decimal("12.5")),))
    assert dump_interchange(followup, ".json") == (
        "{\n"
        '  "forbund": {\n'
        '    "namn": "Förbundet",\n'
        '    "ar": 2024\n'
        "  },\n"
        '  "bedomning": {\n'
        '    "skala": [\n'
        '      "God",\n'
        '      "Godtagbart",\n'
        '      "Ej godtagbart"\n'
        "    ],\n"
        '    "god_max_avvikelse": 5,\n'
        '    "godtagbart_max_avvikelse": 25,\n'
        '    "sammanvagning": "median"\n'
        "  },\n"
        '  "insats": [\n'
        "    {\n"
        '      "namn": "Lyra",\n'
        '      "budget_tkr": 12.5\n'
        "    }\n"
        "  ]\n"
        "}\n"
    )


def test_every_value_read_knows_its_key() -> None:
    """Each value of the full file carries the key path it came from, so a later check can point at it."""
    followup = _read(FULL).followup
    assert followup is not None
    [insats] = followup.insatser

    def lyra(key: str) -> Location:
        return _at(f"insats[0].{key}", "Lyra")

    assert dict(insats.locations) == {
        "namn": lyra("namn"),
        "budget_tkr": lyra("budget_tkr"),
        "kostnad_tkr": lyra("kostnad_tkr"),
        "publicerad_bedomning": lyra("publicerad_bedomning"),
        "egna_antal.nojda": lyra("egna_antal.nojda"),
    }
    assert dict(insats.deltagare.locations) == {
        "aktuella": lyra("deltagare.aktuella"),
        "nya": lyra("deltagare.nya"),
        "avslutade": lyra("deltagare.avslutade"),
    }
    assert dict(insats.efter_avslut.locations) == {
        "arbete_studier": lyra("efter_avslut.arbete_studier"),
        "annan_insats": lyra("efter_avslut.annan_insats"),
        "ettars_svarande": lyra("efter_avslut.ettars_svarande"),
        "ettars_sjalvforsorjande": lyra("efter_avslut.ettars_sjalvforsorjande"),
        "anstallda": lyra("efter_avslut.anstallda"),
        "behallit_anstallning_12_man": lyra("efter_avslut.behallit_anstallning_12_man"),
        "efterstod": lyra("efter_avslut.efterstod"),
    }
    assert dict(insats.mal[1].locations) == {
        "text": lyra("mal[1].text"),
        "typ": lyra("mal[1].typ"),
        "riktning": lyra("mal[1].riktning"),
        "malvarde": lyra("mal[1].malvarde"),
        "indikator": lyra("mal[1].indikator"),
        "utfall": lyra("mal[1].utfall"),
        "bedomning": lyra("mal[1].bedomning"),
    }
    assert dict(followup.indikatorer[0].locations) == {
        "namn": _at("indikator[0].namn"),
        "etikett": _at("indikator[0].etikett"),
        "taljare": _at("indikator[0].taljare"),
        "namnare": _at("indikator[0].namnare"),
    }


# -- what is kept of a file with problems -----------------------------------------------------------------
GOAL = ONE + "[[insats.mal]]\n"


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        pytest.param('typ = "antal"\nmalvarde = 5\n', False, id="text-missing"),
        pytest.param('text = "M"\ntyp = "antal"\n', False, id="target-missing"),
        pytest.param('text = "M"\ntyp = "procent"\nmalvarde = 5\n', False, id="kind-unknown"),
        pytest.param('text = "M"\ntyp = "antal"\nriktning = "mest"\nmalvarde = 5\n', False, id="direction-unknown"),
        pytest.param('text = "M"\ntyp = "andel"\nmalvarde = 100.5\n', False, id="share-target-100.5"),
        pytest.param('text = "M"\ntyp = "andel"\nmalvarde = 100\n', True, id="share-target-100"),
        pytest.param('text = "M"\ntyp = "andel"\nmalvarde = 50\nutfall = 101\n', True, id="share-result-101"),
        pytest.param('text = "M"\ntyp = "antal"\nmalvarde = 150\n', True, id="count-target-150"),
        pytest.param('text = "M"\ntyp = "antal"\nmalvarde = 0\n', True, id="count-target-0"),
    ],
)
def test_a_goal_that_cannot_be_graded_is_left_out(lines: str, kept: bool) -> None:
    """A goal without text, target, a known kind or direction, or with a share target over 100 %, is dropped."""
    assert len(_only_insats(GOAL + lines).mal) == (1 if kept else 0)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param('indikator = "påhittad"\n', Goal("M", "antal", "minst", Decimal(5)), id="unknown-indicator"),
        pytest.param(
            'indikator = " NYA "\n', Goal("M", "antal", "minst", Decimal(5), "nya"), id="indicator-spelt-loosely"
        ),
        pytest.param('bedomning = ""\n', Goal("M", "antal", "minst", Decimal(5)), id="empty-grade"),
        pytest.param("bedomning = 5\n", Goal("M", "antal", "minst", Decimal(5)), id="grade-not-text"),
        pytest.param(
            'bedomning = "God"\n', Goal("M", "antal", "minst", Decimal(5), bedomning_angiven="God"), id="grade"
        ),
        pytest.param('riktning = " MINST "\n', Goal("M", "antal", "minst", Decimal(5)), id="direction-spelt-loosely"),
        pytest.param('riktning = "Hogst"\n', Goal("M", "antal", "högst", Decimal(5)), id="direction-without-ö"),
    ],
)
def test_a_goal_keeps_what_is_sound(lines: str, expected: Goal) -> None:
    """An unknown indicator or a grade that is not text is left out of a goal that is otherwise kept."""
    assert _only_insats(GOAL + 'text = "M"\ntyp = "antal"\nmalvarde = 5\n' + lines).mal == (expected,)


def test_bad_values_of_an_insats_are_left_out() -> None:
    """A text that is not text reads as empty, a count that is not whole as unknown, a bad quote source as none."""
    text = (
        ONE
        + 'agare = 5\nkortnamn = 6\nbudget_tkr = "x"\n[insats.deltagare]\nnya = 2.5\naktuella = 3\n'
        + '[[insats.citat]]\ntext = " Bra "\nkalla = 7\n[[insats.citat]]\nkalla = "Ingen text"\n'
    )
    assert _only_insats(text) == Insats("A", deltagare=Flows(aktuella=Count.plain(3)), citat=(Quote("Bra"),))


def test_own_counts_after_a_bad_name_are_still_read() -> None:
    """A built-in or badly spelt own count is skipped, and the sound ones after it are read."""
    insats = _only_insats(ONE + "[insats.egna_antal]\nnya = 3\nStor = 4\nlosning = 5\nfel = -1\n")
    assert insats.egna_antal == {"losning": Count.plain(5)}


def test_an_earlier_year_keeps_its_sound_goals() -> None:
    """A goal of an earlier year without text is dropped; one with text and target is kept."""
    text = (
        ONE
        + "[[insats.historik]]\nar = 2023\n[[insats.historik.mal]]\nmalvarde = 5\n"
        + '[[insats.historik.mal]]\ntext = "M"\nmalvarde = 6\n'
    )
    [year] = _only_insats(text).historik
    assert year.mal == (GoalHistory("M", Decimal(6)),)


def test_earlier_years_are_sorted_and_a_bad_year_is_left_out() -> None:
    """Earlier years are kept oldest first; a year without a valid year number is dropped."""
    text = ONE + "[[insats.historik]]\nar = 2023\n[[insats.historik]]\nar = 1899\n[[insats.historik]]\nar = 2021\n"
    assert [year.ar for year in _only_insats(text).historik] == [2021, 2023]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param("god_max_avvikelse = 3\n", GradingScale(bounds=(Decimal(3), Decimal(25))), id="god-max-given"),
        pytest.param(
            "godtagbart_max_avvikelse = 30\n", GradingScale(bounds=(Decimal(5), Decimal(30))), id="godtagbart-given"
        ),
        pytest.param(
            'skala = ["Bra", "Dålig"]\n', GradingScale(("Bra", "Dålig"), (Decimal(5),)), id="two-steps-first-bound"
        ),
        pytest.param('skala = "God"\n', GradingScale(), id="bad-names-default"),
        pytest.param('sammanvagning = "SÄMSTA"\n', GradingScale(aggregation="samsta"), id="samsta-spelt-loosely"),
        pytest.param('sammanvagning = "medel"\n', GradingScale(), id="unknown-aggregation-median"),
        pytest.param("gransvarden = [5, -1]\n", GradingScale(), id="bad-bound-default"),
        pytest.param(
            'skala = ["A", "B", "C", "D"]\ngransvarden = [1, 2.5, 10]\n',
            GradingScale(("A", "B", "C", "D"), (Decimal(1), Decimal("2.5"), Decimal(10))),
            id="four-steps",
        ),
    ],
)
def test_the_grading_scale_is_read_with_its_defaults(lines: str, expected: GradingScale) -> None:
    """Bounds not given take the default 5 and 25; a two-step scale takes the first; a bad scale is the default."""
    followup = _read(HEAD + "[bedomning]\n" + lines).followup
    assert followup is not None and followup.bedomning == expected


def test_a_missing_bound_in_json_is_reported() -> None:
    """A null among the bounds of a JSON file is missing, reported at its place in the list."""
    text = '{"forbund": {"namn": "F", "ar": 2024}, "bedomning": {"gransvarden": [5, null]}}'
    result = parse_interchange(text, ".json", "x.json")
    assert list(result.problems) == [
        Problem("fel", "'1' saknas.", Location(file="x.json", key="bedomning.gransvarden.1")),
        Problem(
            "fel",
            "Bedömningsskalan går inte att använda: skalan har 3 steg och behöver 2 gränsvärden.",
            Location(file="x.json", key="bedomning"),
        ),
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param('namn = "nojda"\netikett = "Nöjda"\n', (Indicator("nojda", "Nöjda", ()),), id="no-numerator"),
        pytest.param(
            'namn = "nojda"\netikett = "Nöjda"\ntaljare = " nya "\n',
            (Indicator("nojda", "Nöjda", ("nya",)),),
            id="numerator-one-text",
        ),
        pytest.param(
            'namn = "nojda"\netikett = "Nöjda"\ntaljare = [" nya ", "aktuella"]\nnamnare = "avslutade"\n',
            (Indicator("nojda", "Nöjda", ("nya", "aktuella"), "avslutade"),),
            id="numerator-list",
        ),
        pytest.param('namn = "nojda"\ntaljare = ["nya"]\n', (), id="label-missing"),
        pytest.param('etikett = "Nöjda"\ntaljare = ["nya"]\n', (), id="name-missing"),
        pytest.param('namn = "nojda"\netikett = "Nöjda"\ntaljare = 5\n', (), id="numerator-bad"),
        pytest.param('namn = "Nojda"\netikett = "Nöjda"\ntaljare = ["nya"]\n', (), id="name-bad"),
    ],
)
def test_own_indicators_are_read_or_left_out(lines: str, expected: tuple[Indicator, ...]) -> None:
    """An own indicator needs a good name and a label; its numerator is one name or a list of names."""
    followup = _read(HEAD + "[[indikator]]\n" + lines).followup
    assert followup is not None and followup.indikatorer == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param("", Privacy(None), id="absent"),
        pytest.param("[sekretess]\nminsta_cell = 3\n", Privacy(3), id="three"),
        pytest.param("[sekretess]\nminsta_cell = 0\n", Privacy(None), id="zero-is-off"),
        pytest.param("[sekretess]\nminsta_cell = -1\n", Privacy(None), id="bad-is-off"),
        pytest.param("[sekretess]\nminsta_cell = 2.5\n", Privacy(None), id="fraction-is-off"),
    ],
)
def test_the_minimum_cell_size_is_read(lines: str, expected: Privacy) -> None:
    """minsta_cell is read as given; 0 or a bad value leaves small-count protection off."""
    followup = _read(HEAD + lines).followup
    assert followup is not None and followup.sekretess == expected


@pytest.mark.parametrize("year", ["1899", "2201", '"2024"', "true"])
def test_a_file_without_a_valid_year_gives_no_follow_up(year: str) -> None:
    """Without a year the follow-up cannot be made: the result has only the problems."""
    result = _read(f'[forbund]\nnamn = "F"\nar = {year}\n')
    assert result.followup is None and result.has_errors


# -- whole-file problems ----------------------------------------------------------------------------------
def test_a_json_syntax_error_names_the_file_line_and_column() -> None:
    """A JSON syntax error raises a FileFormatError whose message and location name the file, line and column."""
    with pytest.raises(FileFormatError) as info:
        parse_interchange('{"forbund":\n  {"namn": }}', ".json", "fel.json")
    assert str(info.value) == "fel.json, rad 2, kolumn 12: filen är inte giltig JSON (Expecting value)."
    assert info.value.location == Location(file="fel.json", line=2, column=12)


def test_a_toml_error_at_the_end_of_a_one_line_file_is_on_line_1() -> None:
    """A TOML error "at end of document" in a one-line file points at line 1; an unknown reason is "syntaxfel"."""
    with pytest.raises(FileFormatError) as info:
        parse_interchange("a = {", ".toml", "fel.toml")
    assert str(info.value) == "fel.toml, rad 1: filen är inte giltig TOML: syntaxfel."
    assert info.value.location == Location(file="fel.toml", line=1)


def test_json_that_is_not_a_table_is_refused() -> None:
    """A JSON file holding a list instead of a table is refused, pointing at its first line."""
    with pytest.raises(FileFormatError) as info:
        parse_interchange("[1, 2]", ".json", "lista.json")
    assert str(info.value) == "lista.json: filen ska innehålla en tabell med [forbund] och [[insats]]."
    assert info.value.location == Location(file="lista.json", line=1)


def test_a_file_not_in_utf8_names_the_first_bad_byte(tmp_path: Path) -> None:
    """A file that is not UTF-8 is refused with the position of its first bad byte."""
    path = tmp_path / "latin1.toml"
    path.write_bytes('[forbund]\nnamn = "Förbund"\n'.encode("latin-1"))
    with pytest.raises(FileFormatError) as info:
        read_interchange(path)
    assert str(info.value) == f"{path}: filen är inte kodad som UTF-8 (byte 19)."


def test_a_file_read_from_disk_names_itself_in_its_problems(tmp_path: Path) -> None:
    """Problems of a file read from disk carry its path; a byte-order mark at the start is allowed."""
    path = tmp_path / "data.toml"
    path.write_bytes(("\ufeff" + ONE + "budget_tkr = -1\n").encode("utf-8"))
    assert list(read_interchange(path).problems) == [
        Problem(
            "fel",
            "'budget_tkr' får inte vara negativt (-1).",
            Location(file=str(path), key="insats[0].budget_tkr", record="A"),
        )
    ]


def test_writing_to_another_suffix_is_refused(tmp_path: Path) -> None:
    """An export file must end in .toml or .json; the message names the file."""
    path = tmp_path / "ut.yaml"
    with pytest.raises(FileFormatError) as info:
        write_interchange(FollowUp("F", 2024), path)
    assert str(info.value) == f"{path}: exportfilen ska sluta på .toml eller .json."
    assert not path.exists()
