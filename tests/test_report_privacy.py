"""The report with a minimum cell size: no small count is shown, directly, through a share or by subtraction.

Each report is written with the openpyxl writer and read back as the text dump of report/dump.py; the
checks below read only that dump (cell values, styles, number formats, chart titles and series), so they
test what a reader of the file gets. What a reader of the PDF gets is checked with LibreOffice at the end.
"""

from __future__ import annotations

import ast
import io
import re
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from benchmarks.synthetic import make_followup
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

from tests import libreoffice
from tests.conftest import REFERENCE_TOML, per_module_scope
from tests.test_privacy import determined_cells
from tests.test_privacy_figures import assert_nothing_small_is_shown, followups
from tests.test_report_layout import _insatser as hostile_insatser
from tests.test_report_live import _write_file, _write_live, resolved_dump
from xlinsats.cli import main
from xlinsats.core.figures import FollowUpFigures, compute_figures
from xlinsats.core.model import FLOW_NAMES, GENDERS, Count, FollowUp, Insats, Privacy
from xlinsats.core.privacy import FLOW_PARTS, MASK_SYMBOL, FiguresMasking, flow_grid, grid_table, mask_figures
from xlinsats.report.dump import dump_workbook
from xlinsats.report.layout import FMT_COUNT, FMT_PERCENT, SHEET_FLOWS, SHEET_GOALS, SHEET_INSATSER, build_report
from xlinsats.report.text import (
    UNDEFINED,
    InsatsMasking,
    economy_paragraph,
    flow_sentences,
    gender_footnote,
    privacy_note,
    scale_footnote,
)
from xlinsats.report.xlsx_writer import report_bytes, write_report

# --- the dump, read back -----------------------------------------------------------------------------------

_SHEET = re.compile(r"^sheet (?P<name>'.*'|\".*\")$")
_CELL = re.compile(
    r"^  (?P<coord>[A-Z]+[0-9]+) \[(?P<style>[^\]]+)\]"
    r"(?: fmt=(?P<fmt>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"))?(?: type=\w+)?(?: quoted)? (?P<value>.+)$"
)
_CHART = re.compile(r"^  chart .* title=(?P<title>'.*'|\".*\")$")
_SERIES = re.compile(r"^    series (?P<name>.+?) values=(?P<values>\S+) categories=(?P<categories>\S+)")


@dataclass(frozen=True)
class DumpedCell:
    """One cell of the dump: its style, number format and value."""

    style: str
    fmt: str
    value: object


@dataclass
class DumpedChart:
    """A chart of the dump: its title and each series's values and categories as (sheet, area) references."""

    title: str
    series: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class DumpedSheet:
    """A sheet of the dump: cells by (row, column), and charts."""

    cells: dict[tuple[int, int], DumpedCell] = field(default_factory=dict)
    charts: list[DumpedChart] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[int, dict[int, DumpedCell]]]:
        """Each row with cells, in order, as {column: cell}."""
        by_row: dict[int, dict[int, DumpedCell]] = {}
        for (row, column), cell in self.cells.items():
            by_row.setdefault(row, {})[column] = cell
        yield from sorted(by_row.items())


def parse_dump(text: str) -> dict[str, DumpedSheet]:
    """Return the sheets of a report dump."""
    sheets: dict[str, DumpedSheet] = {}
    current = DumpedSheet()
    for line in text.splitlines():
        if match := _SHEET.match(line):
            current = sheets.setdefault(ast.literal_eval(match["name"]), DumpedSheet())
        elif match := _CELL.match(line):
            fmt = ast.literal_eval(match["fmt"]) if match["fmt"] else "General"
            key = coordinate_to_tuple(match["coord"])
            current.cells[key] = DumpedCell(match["style"], fmt, ast.literal_eval(match["value"]))
        elif match := _CHART.match(line):
            current.charts.append(DumpedChart(ast.literal_eval(match["title"])))
        elif match := _SERIES.match(line):
            current.charts[-1].series.append((match["name"], match["values"], match["categories"]))
    return sheets


def _column(sheets: dict[str, DumpedSheet], ref: str) -> list[object]:
    """Return the values of a one-column reference such as 'Blad'!$B$4:$B$7."""
    sheet, _, area = ref.rpartition("!")
    left, top, right, bottom = range_boundaries(area.replace("$", ""))
    assert left == right, ref
    cells = sheets[sheet.strip("'")].cells
    return [cells[(row, left)].value if (row, left) in cells else None for row in range(top, bottom + 1)]


def written_dump(figures: FollowUpFigures, folder: Path) -> str:
    """Build the report, write it with the openpyxl writer and return its dump."""
    path = folder / "rapport.xlsx"
    write_report(build_report(figures), path)
    return dump_workbook(path)


# --- what a reader must not learn --------------------------------------------------------------------------


def _small(value: object, m: int) -> bool:
    return isinstance(value, int) and 1 <= value < m


def _number(text: str) -> int:
    return int(re.sub(r"[\s\u00a0]", "", text))


_SHARE_SOURCES = {
    "arbete_studier_andel": (("arbete_studier",), ("flow", "avslutade")),
    "annan_insats_andel": (("annan_insats",), ("flow", "avslutade")),
    "vidare_andel": (("arbete_studier", "annan_insats"), ("flow", "avslutade")),
    "sjalvforsorjande_andel": (("ettars_sjalvforsorjande",), ("outcome", "ettars_svarande")),
    "behallit_anstallning_andel": (("behallit_anstallning_12_man",), ("outcome", "anstallda")),
}


def _assert_share_may_be_shown(figures: FollowUpFigures, masking: FiguresMasking, index: int, name: str) -> None:
    """A shown share: not masked, and neither its numerator nor its denominator is a small count."""
    m = masking.minimum
    assert m is not None
    assert not masking.share(index, name), (index, name)
    insats = figures.insatser[index].insats
    numerators, (kind, source) = _SHARE_SOURCES[name]
    counts = [insats.efter_avslut.get(numerator) for numerator in numerators]
    numerator = sum((count.totalt or 0) for count in counts if count is not None)
    base = insats.deltagare.get(source) if kind == "flow" else insats.efter_avslut.get(source)
    assert not _small(numerator, m) and not _small(None if base is None else base.totalt, m), (index, name)


_FLOW_STARTS = {"Under året skrevs": "nya", "Totalt var": "aktuella", "Insatsen avslutades av": "avslutade"}
_FLOW_PHRASES = {
    "de nya deltagarna": "nya",
    "de deltagare som var inskrivna under året": "aktuella",
    "de avslutade deltagarna": "avslutade",
}
_WORDS = ("noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv")
_PERCENT = re.compile(r"(\d[\d\u00a0]*)\u00a0%")


def _check_sentence(text: str, figures: FollowUpFigures, masking: FiguresMasking, index: int) -> None:
    """Every share in a sentence of an insats may be shown, and no count it states is masked."""
    insats = figures.insatser[index].insats
    flow = next((name for start, name in _FLOW_STARTS.items() if text.startswith(start)), None)
    for match in _PERCENT.finditer(text):
        after, before = text[match.end() : match.end() + 14], text[: match.start()]
        if flow is not None and after.startswith((" kvinnor", " män")):
            gender = "kvinnor" if after.startswith(" kvinnor") else "man"
            count = insats.deltagare.get(flow)
            assert count is not None and not masking.distribution(index, flow, gender), (index, text)
            assert masking.minimum is not None
            assert not _small(count.part(gender), masking.minimum) and not _small(count.totalt, masking.minimum)
        elif after.startswith((" av kvinnorna", " av männen")):
            gender = "kvinnor" if after.startswith(" av kvinnorna") else "man"
            assert not masking.gender_share(index, gender), (index, text)
            ended, work = insats.deltagare.avslutade, insats.efter_avslut.arbete_studier
            assert masking.minimum is not None and ended is not None and work is not None
            assert not _small(ended.part(gender), masking.minimum) and not _small(work.part(gender), masking.minimum)
        elif before.endswith("gick ") and after.startswith(" till arbete"):
            _assert_share_may_be_shown(figures, masking, index, "arbete_studier_andel")
        elif before.endswith("Ytterligare "):
            _assert_share_may_be_shown(figures, masking, index, "annan_insats_andel")
        elif before.endswith("Sammantaget gick "):
            _assert_share_may_be_shown(figures, masking, index, "vidare_andel")
        elif before.endswith("försörjde sig "):
            _assert_share_may_be_shown(figures, masking, index, "sjalvforsorjande_andel")
        elif before.endswith("hade ") and after.startswith(" kvar"):
            _assert_share_may_be_shown(figures, masking, index, "behallit_anstallning_andel")
        elif before.endswith(("mindre än ", "summerar därför till ", ", ", " och ")) and "avrundade" in text:
            pass  # the rounded sum of two shares shown in the sentences above
        elif before.endswith("mindre än ") and match.group(1) == "100":
            pass
        else:
            pytest.fail(f"a share the test does not know: {text!r}")
    # Counts stated in words: a number of people the masking hides must not be written out.
    stated = {
        r"skrevs (\S+) nya": ("flow", "nya"),
        r"Totalt var (\S+) deltagare": ("flow", "aktuella"),
        r"avslutades av (\S+) deltagare": ("flow", "avslutade"),
        r"n\u00a0=\u00a0(\S+?)\)": ("outcome", "ettars_svarande"),
        r"har (\S+) tidigare deltagare": ("outcome", "efterstod"),
    }
    for pattern, (kind, name) in stated.items():
        for match in re.finditer(pattern, text):
            masked = masking.count(index, name) if kind == "flow" else masking.outcome(index, name)
            assert not masked and match.group(1) != MASK_SYMBOL, (index, text)
    for match in re.finditer(r"(\S+) av (" + "|".join(_FLOW_PHRASES) + ")", text):
        flow_name = _FLOW_PHRASES[match.group(2)]
        assert not any(masking.count(index, flow_name, part) for part in FLOW_PARTS), (index, text)


def _as_written(text: str) -> str:
    """Return a text as a workbook gives it back: a control character it cannot hold as U+FFFD (see
    layout._clean), a carriage return as a line feed (XML's line-end handling)."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _user_texts(followup: FollowUp) -> list[str]:
    """Every text typed by a user, longest first (the report carries them as they are)."""
    texts = {followup.forbund}
    for insats in followup.insatser:
        texts |= {insats.namn, insats.visningsnamn, insats.agare, insats.malgrupp, insats.beskrivning}
        texts |= {insats.avvikelse_forklaring, *insats.framgangar, *insats.utmaningar}
        texts |= {quote.text for quote in insats.citat} | {quote.kalla for quote in insats.citat}
        texts |= {goal.text for goal in insats.mal}
        texts |= {insats.publicerad_bedomning or ""}
    texts |= {_as_written(text) for text in texts}
    return sorted((text for text in texts if text), key=len, reverse=True)


def _generated(text: str, user_texts: list[str]) -> str:
    """Return a text with every user-typed text in it blanked out."""
    for user_text in user_texts:
        text = text.replace(user_text, "\u2026")
    return text


def _assert_flow_table_protected(flows: DumpedSheet, figures: FollowUpFigures, masking: FiguresMasking) -> None:
    """The flow table shows ".." exactly where masked, no small count, and nothing masked follows by arithmetic."""
    m = masking.minimum
    assert m is not None
    header = next(row for row, cells in flows.rows() if cells.get(1) == DumpedCell("xl_th", "General", "Insats"))
    columns = {("aktuella", "totalt"): 2, ("aktuella", "kvinnor"): 3, ("aktuella", "man"): 4}
    columns |= {("aktuella", "annat"): 5, ("nya", "totalt"): 6, ("nya", "kvinnor"): 7, ("nya", "man"): 8}
    columns |= {("avslutade", "totalt"): 9, ("avslutade", "kvinnor"): 10, ("avslutade", "man"): 11}
    height = len(figures.insatser) + 1
    assert flows.cells[(header + height, 1)].value == "TOTALT"
    for flow in FLOW_NAMES:
        grid = flow_grid(figures, flow)
        table = grid_table(grid)
        hidden: set[Hashable] = set()
        masked_shown: set[Hashable] = set()
        for r in range(height):
            insats = r if r < height - 1 else None
            for c, part in enumerate(FLOW_PARTS):
                true = grid[r][c]
                column = columns.get((flow, part))
                shown = None if column is None else flows.cells[(header + 1 + r, column)]
                if shown is None or not isinstance(shown.value, int):
                    hidden.add((r, c))  # not in the table (annat of new and ended), masked or unknown
                if shown is None:
                    continue
                if masking.count(insats, flow, part) and true is not None:
                    assert shown.value == MASK_SYMBOL and shown.style.endswith("_number"), (flow, r, part, shown)
                    masked_shown.add((r, c))
                else:
                    assert shown.value == (UNDEFINED if true is None else true), (flow, r, part, shown)
                assert not _small(shown.value, m), (flow, r, part)
        # Neither exact linear algebra over the rows and columns nor one subtraction gives a masked count.
        assert not determined_cells(table, hidden) & masked_shown, flow
        for line in table.lines:
            hidden_parts = [key for key in line.parts if key in hidden]
            if line.total in hidden or not any(key in masked_shown for key in hidden_parts):
                continue
            total = table.values[line.total] or 0
            residual = total - sum(table.values[key] or 0 for key in line.parts if key not in hidden)
            assert not _small(residual, m), (flow, line)


def _assert_chart_protected(sheets: dict[str, DumpedSheet], figures: FollowUpFigures, masking: FiguresMasking) -> None:
    """The gender chart plots exactly the insatser with nothing masked among current participants, their true
    counts (none small), and its n is no small count."""
    m = masking.minimum
    assert m is not None
    plotted = [
        index
        for index in range(len(figures.insatser))
        if not any(masking.count(index, "aktuella", part) for part in FLOW_PARTS)
    ]
    charts = sheets[SHEET_FLOWS].charts
    assert len(charts) == (1 if plotted else 0)
    for chart in charts:
        assert len(chart.series) == len(GENDERS)
        for (_, values, categories), gender in zip(chart.series, GENDERS, strict=True):
            shown = _column(sheets, values)
            assert len(shown) == len(_column(sheets, categories)) == len(plotted), chart.series
            for index, value in zip(plotted, shown, strict=True):
                count = figures.insatser[index].insats.deltagare.aktuella
                true = None if count is None else count.part(gender)
                assert value == (UNDEFINED if true is None else true), (index, gender, value)
                assert not _small(value, m), (index, gender, value)
        n = re.search(r"n\u00a0=\u00a0([\d\u00a0]+)\)", chart.title)
        assert n is None or not _small(_number(n.group(1)), m), chart.title


def _assert_goal_results_protected(goals: DumpedSheet, figures: FollowUpFigures, masking: FiguresMasking) -> None:
    """A masked goal result is "..", and a shown one is no small count nor a share of a small base."""
    m = masking.minimum
    assert m is not None
    header = next(row for row, cells in goals.rows() if cells.get(1) == DumpedCell("xl_th", "General", "Insats"))
    row = header + 1
    for index, insats in enumerate(figures.insatser):
        if not insats.mal:
            row += 1
            continue
        for number, goal in enumerate(insats.mal):
            result = goals.cells[(row, 4)]
            if masking.goal(index, number) and goal.utfall is not None:
                assert result.value == MASK_SYMBOL, (index, number)
            elif result.fmt == FMT_COUNT:
                assert not _small(result.value, m), (index, number)
            elif result.fmt == FMT_PERCENT and goal.utfall_fran_data and goal.goal.indikator in _SHARE_SOURCES:
                _assert_share_may_be_shown(figures, masking, index, str(goal.goal.indikator))
            row += 1


def _sections(insatser: DumpedSheet) -> Iterator[tuple[int, list[DumpedCell]]]:
    """Each insats's section of the Insatser sheet, as (insats index, its cells in reading order)."""
    index = -1
    cells: list[DumpedCell] = []
    for _, row in insatser.rows():
        first = row.get(1)
        if first is not None and first.style == "xl_title":
            if index >= 0:
                yield index, cells
            index, cells = index + 1, []
        cells.extend(cell for _, cell in sorted(row.items()))
    if index >= 0:
        yield index, cells


def _assert_sections_protected(insatser: DumpedSheet, figures: FollowUpFigures, masking: FiguresMasking) -> None:
    """Key boxes show ".." where masked and no small count; every sentence passes _check_sentence."""
    m = masking.minimum
    assert m is not None
    year = figures.followup.ar
    typed = {form for text in _user_texts(figures.followup) for form in (text, f"• {text}")}
    seen = 0
    for index, cells in _sections(insatser):
        seen += 1
        figure = figures.insatser[index]
        new_box, work_box = [cell for cell in cells if cell.style == "xl_key_value"]
        new = figure.insats.deltagare.nya
        if masking.count(index, "nya") and new is not None and new.totalt is not None:
            assert new_box.value == MASK_SYMBOL
        assert not _small(new_box.value, m)
        work = figure.andelar["arbete_studier_andel"]
        if work is not None and masking.share(index, "arbete_studier_andel"):
            assert work_box.value == MASK_SYMBOL
        elif work is not None:
            _assert_share_may_be_shown(figures, masking, index, "arbete_studier_andel")
        economy = _as_written(economy_paragraph(figure, year))
        for cell in cells:
            if cell.style in ("xl_body", "xl_footnote") and isinstance(cell.value, str) and cell.value != economy:
                if cell.value in typed:
                    continue
                _check_sentence(cell.value, figures, masking, index)
    assert seen == len(figures.insatser)


def assert_report_hides_small_counts(figures: FollowUpFigures, dump: str) -> None:
    """Assert that the dumped report shows no count from 1 to m - 1, directly, as a share or by subtraction."""
    masking = mask_figures(figures)
    m = masking.minimum
    assert masking.active and m is not None
    sheets = parse_dump(dump)
    _assert_flow_table_protected(sheets[SHEET_FLOWS], figures, masking)
    _assert_chart_protected(sheets, figures, masking)
    _assert_goal_results_protected(sheets[SHEET_GOALS], figures, masking)
    _assert_sections_protected(sheets[SHEET_INSATSER], figures, masking)
    # Everywhere: no cell counting people holds a small number (goal targets are goals, not people) ...
    for name, sheet in sheets.items():
        for (_, column), cell in sheet.cells.items():
            if cell.fmt == FMT_COUNT and not (name == SHEET_GOALS and column == 3):
                assert not _small(cell.value, m), (name, column, cell)
    # ... and no generated text states one, in digits or in words; user-typed texts are theirs to word.
    user_texts = _user_texts(figures.followup)
    fixed = {
        f"¹ {scale_footnote(figures.followup.bedomning)}",
        privacy_note(m),
        *(_as_written(economy_paragraph(insats, figures.followup.ar)) for insats in figures.insatser),
    }
    texts = [cell.value for sheet in sheets.values() for cell in sheet.cells.values() if isinstance(cell.value, str)]
    texts += [chart.title for sheet in sheets.values() for chart in sheet.charts]
    for text in texts:
        if text in fixed:
            continue
        generated = _PERCENT.sub("%", _generated(text, user_texts)).replace(str(figures.followup.ar), "YEAR")
        for number in re.findall(r"\d+(?:\u00a0\d{3})*", generated):
            assert not 1 <= _number(number) < m, (text, number)
        assert not re.search(rf"\b({'|'.join(_WORDS[1:m])}) av de\b", generated), text


# --- the reference data ------------------------------------------------------------------------------------


def _masked(reference: FollowUp, minimum: int) -> FollowUpFigures:
    return compute_figures(replace(reference, sekretess=Privacy(minimum)))


@pytest.fixture(scope=per_module_scope, params=[3, 5])
def masked_dump(
    request: pytest.FixtureRequest, reference: FollowUp, tmp_path_factory: pytest.TempPathFactory
) -> tuple[FollowUpFigures, str]:
    """The 2022 report with minsta_cell = 3 and = 5, written and dumped."""
    figures = _masked(reference, request.param)
    return figures, written_dump(figures, tmp_path_factory.mktemp(f"masked{request.param}"))


def test_reference_report_shows_no_small_count(masked_dump: tuple[FollowUpFigures, str]) -> None:
    """The 2022 report at m = 3 and 5: no small count in cells, sentences or the chart, nor by subtraction."""
    figures, dump = masked_dump
    assert_nothing_small_is_shown(figures, mask_figures(figures))  # the masking the report applies is sound
    assert_report_hides_small_counts(figures, dump)


def test_masked_counts_are_dots_in_the_count_style(masked_dump: tuple[FollowUpFigures, str]) -> None:
    """UPIS's one participant of another gender is "..", right-aligned like the counts; totals stay numbers."""
    _, dump = masked_dump
    flows = parse_dump(dump)[SHEET_FLOWS]
    upis = next(row for row, cells in flows.rows() if cells.get(1) == DumpedCell("xl_td", "General", "UPIS"))
    assert flows.cells[(upis, 5)] == DumpedCell("xl_td_number", "General", MASK_SYMBOL)
    assert flows.cells[(upis, 2)] == DumpedCell("xl_td_number", FMT_COUNT, 38)
    totals = next(row for row, cells in flows.rows() if cells.get(1) and cells[1].value == "TOTALT")
    assert [flows.cells[(totals, c)].value for c in range(2, 12)] == [348, 181, 154, 13, 174, 89, 76, 164, 94, 64]


def test_chart_leaves_out_insatser_with_masked_parts(masked_dump: tuple[FollowUpFigures, str]) -> None:
    """Only START (nothing masked) is plotted, from a data table of its own; n is its total; a note names the rest."""
    _, dump = masked_dump
    sheets = parse_dump(dump)
    flows = sheets[SHEET_FLOWS]
    (chart,) = flows.charts
    assert chart.title.endswith("(n\u00a0=\u00a096)")
    assert [_column(sheets, series[2]) for series in chart.series] == [["START"]] * 3
    assert [_column(sheets, series[1]) for series in chart.series] == [[41], [55], [0]]
    texts = [cell.value for cell in flows.cells.values()]
    assert "Insatser med dolda uppgifter (..) är inte med i diagrammet: Lyra, MIA och UPIS." in texts
    note_row = next(row for (row, _), cell in flows.cells.items() if str(cell.value).startswith("Insatser med dolda"))
    chart_rows = [
        coordinate_to_tuple(series[1].rpartition("!")[2].split(":")[0].replace("$", ""))[0] for series in chart.series
    ]
    assert note_row > max(chart_rows)


def test_sentences_drop_masked_shares_and_footnote_numbers(masked_dump: tuple[FollowUpFigures, str]) -> None:
    """UPIS's sentences give the men's share only, its footnote no number, and say why; the notes explain ".."."""
    figures, dump = masked_dump
    sheets = parse_dump(dump)
    minimum = mask_figures(figures).minimum
    assert minimum is not None
    sections = dict(_sections(sheets[SHEET_INSATSER]))
    upis = [str(cell.value) for cell in sections[3]]
    assert (
        "Under året skrevs 18 nya deltagare in, varav 56\u00a0% män "
        "(könsfördelningen i övrigt visas inte av sekretesskäl)." in upis
    )
    assert not any("en av de nya deltagarna" in text for text in upis)
    assert any(text.startswith("Andelar som skulle kunna avslöja") for text in upis)
    note = privacy_note(minimum)
    assert note == f"Antal under {minimum} och uppgifter som skulle avslöja dem visas som .."
    for name in (SHEET_GOALS, SHEET_FLOWS):
        assert any(cell.value == note and cell.style == "xl_footnote" for cell in sheets[name].cells.values()), name
    # The box for UPIS's share to work or studies is masked, and the section explains the symbol.
    assert MASK_SYMBOL in [cell.value for cell in sections[3] if cell.style == "xl_key_value"]
    assert note in upis


def test_masking_off_leaves_the_report_unchanged(reference: FollowUp, reference_figures: FollowUpFigures) -> None:
    """With no minimum (the reference data) or a minimum of 1, the report is exactly the unmasked one."""
    assert reference.sekretess.minsta_cell is None
    assert build_report(_masked(reference, 1)) == build_report(reference_figures)


def test_goal_results_are_masked_and_grades_stay(reference: FollowUp) -> None:
    """A goal on the new participants of an insats with a masked total shows ".." as result and keeps its grade."""
    insats = reference.insatser[3]  # UPIS: goals on current and new participants
    tiny = replace(insats.deltagare, nya=Count.by_gender(1, 1, 0))
    followup = replace(reference, insatser=(replace(insats, deltagare=tiny),), sekretess=Privacy(3))
    figures = compute_figures(followup)
    masking = mask_figures(figures)
    number = next(j for j, goal in enumerate(figures.insatser[0].mal) if goal.goal.indikator == "nya")
    assert masking.goal(0, number)
    goals = build_report(figures).sheets[0]
    cells = {
        (block.top + r, block.left + c): cell
        for block in goals.blocks
        for r, row in enumerate(block.cells)
        for c, cell in enumerate(row)
    }
    header = next(row for (row, column), cell in cells.items() if column == 1 and cell.value == "Insats")
    result, grade = cells[(header + 1 + number, 4)], cells[(header + 1 + number, 5)]
    assert result.value == MASK_SYMBOL and grade.value == figures.insatser[0].mal[number].bedomning
    assert figures.insatser[0].mal[number].bedomning is not None


def test_a_masked_total_is_not_stated_and_its_box_is_dots(reference: FollowUp) -> None:
    """Two new participants at m = 3: the sentence names no number or share, the key box and table show ".."."""
    insats = replace(
        reference.insatser[3], deltagare=replace(reference.insatser[3].deltagare, nya=Count.by_gender(1, 1, 0))
    )
    figures = compute_figures(replace(reference, insatser=(insats,), sekretess=Privacy(3)))
    assert mask_figures(figures).count(0, "nya")
    report = build_report(figures)
    cells = [cell for block in report.sheets[2].blocks for row in block.cells for cell in row]
    texts = [cell.value for cell in cells]
    assert "Antalet nya deltagare under året visas inte av sekretesskäl." in texts
    assert not any(str(text).startswith("Under året skrevs") for text in texts)
    assert next(cell.value for cell in cells if cell.style == "xl_key_value") == MASK_SYMBOL
    assert privacy_note(3) in texts
    # The sentence builder alone: a masked total moves the footnote marker on to the next flow that needs it.
    masking = FiguresMasking(3, counts=frozenset({(0, "nya", "totalt"), (0, "nya", "kvinnor")}))
    new, current, _ = flow_sentences(figures.insatser[0], "²", InsatsMasking(masking, 0))
    assert new == "Antalet nya deltagare under året visas inte av sekretesskäl."
    assert current.startswith("Totalt var 38 deltagare") and current.endswith("²")


def test_footnote_names_no_number_for_a_flow_with_a_masked_count(reference_figures: FollowUpFigures) -> None:
    """Were only MIA's annat/ej angivet among the new masked, the footnote says so without a number."""
    mia = reference_figures.insatser[1]
    assert "åtta av de nya deltagarna" in str(gender_footnote(mia))
    masking = FiguresMasking(3, counts=frozenset({(0, "nya", "annat")}))
    note = str(gender_footnote(mia, InsatsMasking(masking, 0)))
    assert "de nya deltagarna" in note and "antalet visas inte av sekretesskäl" in note
    assert "åtta" not in note and not re.search(r"\b8\b", note)
    assert "tolv av de deltagare som var inskrivna under året" in note  # flows with nothing masked keep theirs


def test_report_command_masks_from_the_interchange_setting(tmp_path: Path) -> None:
    """`xlinsats report` on the 2022 file with `[sekretess] minsta_cell = 3` writes the masked report."""
    source = tmp_path / "uppfoljning.toml"
    text = REFERENCE_TOML.read_text(encoding="utf-8")
    assert "[sekretess]" not in text
    source.write_text(text + "\n[sekretess]\nminsta_cell = 3\n", encoding="utf-8")
    out = tmp_path / "rapport.xlsx"
    assert main(["report", str(source), "-o", str(out)]) == 0
    flows = parse_dump(dump_workbook(out))[SHEET_FLOWS]
    upis = next(row for row, cells in flows.rows() if cells.get(1) == DumpedCell("xl_td", "General", "UPIS"))
    assert flows.cells[(upis, 5)].value == MASK_SYMBOL
    assert privacy_note(3) in [cell.value for cell in flows.cells.values()]


def test_live_writer_renders_the_masked_report_like_the_file_writer(reference: FollowUp, tmp_path: Path) -> None:
    """The live (xlwings) writer, run against the openpyxl-backed fake, puts the same masked report in a workbook."""
    report = build_report(_masked(reference, 3))
    (tmp_path / "file").mkdir()
    (tmp_path / "live").mkdir()
    live = resolved_dump(_write_live(report, tmp_path / "live"))
    assert live == resolved_dump(_write_file(report, tmp_path / "file"))
    assert "'..'" in live and "Antal under 3" in live


# --- random follow-ups -------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(followups())
def test_random_follow_ups_report_no_small_count(tmp_path_factory: pytest.TempPathFactory, followup: FollowUp) -> None:
    """Random follow-ups with small, missing and plain counts and a minimum of 2 to 6: nothing small is shown."""
    figures = compute_figures(followup)
    assert_nothing_small_is_shown(figures, mask_figures(figures))
    assert_report_hides_small_counts(figures, written_dump(figures, tmp_path_factory.mktemp("random")))


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 6), st.integers(0, 10_000), st.integers(2, 6))
def test_synthetic_follow_ups_report_no_small_count(
    tmp_path_factory: pytest.TempPathFactory, insatser: int, seed: int, minimum: int
) -> None:
    """Synthetic follow-ups (benchmarks/synthetic.py: realistic counts, ten goals each) masked at 2 to 6."""
    followup = replace(make_followup(insatser, seed, goals=3), sekretess=Privacy(minimum))
    figures = compute_figures(followup)
    assert_nothing_small_is_shown(figures, mask_figures(figures))
    assert_report_hides_small_counts(figures, written_dump(figures, tmp_path_factory.mktemp("synthetic")))


@settings(max_examples=30, deadline=None)
@given(st.lists(hostile_insatser(), max_size=4), st.integers(2, 8))
def test_hostile_follow_ups_with_masking_lay_out_and_write(insatser: list[Insats], minimum: int) -> None:
    """Random and hostile data (texts, inconsistent totals) with a minimum cell size still give a readable report.

    The checks above read generated texts apart from typed ones, which hostile texts (digits, control
    characters) defeat, so this test only proves that masking never breaks the report.
    """
    figures = compute_figures(FollowUp("Förbund", 2024, tuple(insatser), sekretess=Privacy(minimum)))
    report = build_report(figures)
    workbook = load_workbook(io.BytesIO(report_bytes(report)))
    assert [ws.title for ws in workbook.worksheets] == [sheet.name for sheet in report.sheets]


# --- LibreOffice -------------------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_pdf_of_a_masked_report(reference: FollowUp, tmp_path: Path) -> None:
    """LibreOffice renders the report at m = 3: ".." in the table, the notes, no small count on the flow page."""
    workbook = tmp_path / "masked.xlsx"
    write_report(build_report(_masked(reference, 3)), workbook)
    text = libreoffice.pdf_text(libreoffice.convert(workbook, "pdf", tmp_path), layout=True)
    pages = [re.sub(r"[ \u00a0\u202f]+", " ", page) for page in text.split("\f") if page.strip()]
    assert len(pages) == 2 + 4, "one page each for the goals and the flows, then one per insats"
    goals, flows, upis = pages[0], pages[1], pages[5]
    note = "Antal under 3 och uppgifter som skulle avslöja dem visas som .."
    assert note in re.sub(r"\s+", " ", goals) and note in re.sub(r"\s+", " ", flows)
    assert re.search(r"UPIS\s+38\s+\.\.\s+22\s+\.\.\s+18\s+\.\.\s+10\s+20\s+9\s+11", flows)
    assert re.search(r"TOTALT\s+348\s+181\s+154\s+13\s+174\s+89\s+76\s+164\s+94\s+64", flows)
    # Page numbers, years and percentages aside, the flow page holds no 1 or 2 at all.
    bare = re.sub(r"Sida \d+ av \d+|2022|\d+ ?%", " ", flows)
    assert not re.search(r"(?<![\d,])[12](?![\d,])", bare), bare
    flat = re.sub(r"\s+", " ", upis)
    assert "en av de nya deltagarna" not in flat and "visas inte av sekretesskäl" in flat
    assert re.search(r"^\s*\.\.\s*$", upis, re.M), "the key box for the share to work or studies"
