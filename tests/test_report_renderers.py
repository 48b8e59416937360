"""Every renderer of one report model: the same figures in the workbook grid, Word and PDF; no small count in any.

The workbook is read back with openpyxl, the Word document with python-docx (its XML, alternative texts
included) and the PDF with pdftotext, so each test checks what a reader of that file gets.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from benchmarks.synthetic import make_followup
from hypothesis import given, settings
from openpyxl import load_workbook

from tests import libreoffice
from tests.conftest import per_module_scope
from tests.test_privacy_figures import followups
from tests.test_report_privacy import _WORDS, _generated, _user_texts
from xlinsats.cli import main
from xlinsats.core.figures import compute_figures
from xlinsats.core.model import FollowUp, Privacy
from xlinsats.core.swedish import format_number, format_percent, format_tkr
from xlinsats.report import pdf
from xlinsats.report.docx_writer import document_bytes
from xlinsats.report.layout import FMT_COUNT, FMT_PERCENT, FMT_TKR, SHEET_FLOWS, SHEET_GOALS, layout_report
from xlinsats.report.model import build_model
from xlinsats.report.text import scale_footnote, superscript
from xlinsats.report.xlsx_writer import write_report

ROOT = Path(__file__).resolve().parent.parent
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _shown(value: object, number_format: str) -> str:
    """Return a workbook cell as a reader sees it, in the report's Swedish style."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if number_format == FMT_PERCENT:
            return format_percent(value)
        if number_format == FMT_TKR:
            return format_tkr(value)
        if number_format == FMT_COUNT:
            return format_number(value)
    return "" if value is None else str(value)


def _xlsx_table(path: Path, sheet: str, columns: int, last: str | None) -> list[list[str]]:
    """Return the rows under the "Insats" head of a report sheet, as shown, up to the row named ``last``."""
    ws = load_workbook(path)[sheet]
    rows: list[list[str]] = []
    started = False
    for row in ws.iter_rows(max_col=columns):
        if not started:
            started = row[0].value == "Insats"
            continue
        if all(cell.value is None for cell in row):
            break
        rows.append([_shown(cell.value, cell.number_format) for cell in row])
        if last is not None and row[0].value == last:
            break
    return rows


def _economy_rows(texts: list[list[str]]) -> list[tuple[str, str]]:
    labels = ("Beviljad budget", "Faktiska kostnader", "Outnyttjade medel", "Överskridande", "Budgetutnyttjande")
    return [(row[0], row[-1]) for row in texts if row and row[0] in labels]


def _nested_rows(tables: list[docx.table.Table]) -> list[list[str]]:
    rows: list[list[str]] = []
    for table in tables:
        for row in table.rows:
            rows.append([cell.text for cell in row.cells])
            for cell in row.cells:
                rows += _nested_rows(cell.tables)
    return rows


_DATA = {
    "exemplet": lambda: None,
    "1 insats": lambda: make_followup(1, seed=11, goals=3),
    "100 insatser": lambda: make_followup(100, seed=7, goals=2),
}


@pytest.fixture(scope=per_module_scope, params=list(_DATA))
def rendered(
    request: pytest.FixtureRequest, reference: FollowUp, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """The example, one synthetic insats and a hundred, each written as .xlsx and .docx from one model."""
    followup = _DATA[request.param]() or reference
    model = build_model(compute_figures(followup))
    folder = tmp_path_factory.mktemp("renderers")
    workbook, document = folder / "Rapport.xlsx", folder / "Rapport.docx"
    write_report(layout_report(model), workbook)
    document.write_bytes(document_bytes(model))
    return workbook, document


def test_the_same_figures_in_the_workbook_and_in_word(rendered: tuple[Path, Path]) -> None:
    """Flow table, goal targets and results, and every economy row read the same in the .xlsx and the .docx."""
    workbook, path = rendered
    document = docx.Document(str(path))
    flows = [[cell.text for cell in row.cells] for row in document.tables[1].rows][1:]
    assert _xlsx_table(workbook, SHEET_FLOWS, 11, "TOTALT") == flows
    goals = [[cell.text for cell in row.cells][1:4] for row in document.tables[0].rows][1:]
    assert [row[1:4] for row in _xlsx_table(workbook, SHEET_GOALS, 6, None)] == goals
    ws = load_workbook(workbook)["Insatser"]
    sheet_rows = [
        [_shown(cell.value, cell.number_format) for cell in row if cell.value is not None] for row in ws.iter_rows()
    ]
    assert _economy_rows(sheet_rows) == _economy_rows(_nested_rows(document.tables))
    assert len(_economy_rows(sheet_rows)) == 4 * len(document.tables[1].rows[1:-1])


def _spaced(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.mark.libreoffice
def test_the_pdf_shows_the_same_figures(rendered: tuple[Path, Path]) -> None:
    """LibreOffice's PDF of the .docx has every flow row and economy row with the workbook's figures."""
    workbook, document = rendered
    pdf_file = libreoffice.convert(document, "pdf", document.parent / "pdf")
    text = _spaced(libreoffice.pdf_text(pdf_file, layout=True))
    for row in _xlsx_table(workbook, SHEET_FLOWS, 11, "TOTALT"):
        assert " ".join(_spaced(cell) for cell in row) in text, row
    ws = load_workbook(workbook)["Insatser"]
    rows = [
        [_shown(cell.value, cell.number_format) for cell in row if cell.value is not None] for row in ws.iter_rows()
    ]
    for label, value in _economy_rows(rows):
        assert f"{label} {_spaced(value)}" in text


# --- masking, read back from every renderer -----------------------------------------------------------------


def docx_texts(data: bytes) -> list[str]:
    """Return what a reader of the .docx gets: each paragraph of the XML (tables, nested ones included) and every
    picture's alternative text; the goal targets (goals, not people) are left out."""
    document = docx.Document(io.BytesIO(data))
    goal_table = document.tables[0]._tbl
    targets = {id(row[2]) for row in (tr.tc_lst for tr in goal_table.tr_lst[1:]) if len(row) > 2}
    texts: list[str] = []
    for paragraph in document.element.body.iter(f"{_W}p"):
        cell = paragraph.getparent()
        if cell is not None and id(cell) in targets:
            continue
        texts.append("".join(node.text or "" for node in paragraph.iter(f"{_W}t")))
    texts += [element.get(name) or "" for element in document.element.body.iter() for name in ("descr", "title")]
    return texts


def assert_no_small_count(texts: list[str], followup: FollowUp, minimum: int) -> None:
    """No generated text states a count from 1 to minimum - 1, in digits or words (amounts, shares, years aside)."""
    user_texts = [_spaced(text) for text in _user_texts(followup)]
    # The grading scale's note states the scale's bounds, which are no counts of people.
    fixed = _spaced(f"{superscript(1)} {scale_footnote(followup.bedomning)}")
    for text in texts:
        if _spaced(text) == fixed:
            continue
        generated = _generated(_spaced(text), user_texts)
        # Shares and amounts (spaces already single: "1 200 %", "2 450 tkr") are no counts of people.
        generated = re.sub(r"\b\d{1,3}(?: \d{3})*(?:,\d+)? ?(?:%|tkr)", "%", generated)
        generated = generated.replace(str(followup.ar), "YEAR")
        for number in re.findall(r"\d+(?: \d{3})*", generated):
            assert not 1 <= int(number.replace(" ", "")) < minimum, (text, number)
        assert not re.search(rf"\b({'|'.join(_WORDS[1:minimum])}) av de\b", generated), text


@pytest.mark.parametrize("minimum", [3, 5])
def test_word_shows_no_small_count_of_the_example(reference: FollowUp, minimum: int) -> None:
    """The 2022 example at minsta_cell 3 and 5: no small count in the .docx XML or its pictures' texts."""
    followup = replace(reference, sekretess=Privacy(minimum))
    texts = docx_texts(document_bytes(build_model(compute_figures(followup))))
    assert "Antal under" in " ".join(texts) and ".." in texts
    assert_no_small_count(texts, followup, minimum)


@settings(max_examples=12, deadline=None)
@given(followups())
def test_word_shows_no_small_count_of_random_data(followup: FollowUp) -> None:
    """Random follow-ups (small, missing, plain and inconsistent counts; minimum 2 to 6): nothing small in Word."""
    minimum = followup.sekretess.minsta_cell
    assert minimum is not None
    assert_no_small_count(docx_texts(document_bytes(build_model(compute_figures(followup)))), followup, minimum)


@pytest.mark.libreoffice
def test_pdf_shows_no_small_count(reference: FollowUp, tmp_path: Path) -> None:
    """`report -o Rapport.pdf` of the example at minsta_cell 5: the PDF's text has ".." and no small count."""
    source = tmp_path / "uppfoljning.toml"
    source.write_text(
        (ROOT / "examples" / "uppfoljning-2022.toml").read_text(encoding="utf-8") + "\n[sekretess]\nminsta_cell = 5\n",
        encoding="utf-8",
    )
    out = tmp_path / "Rapport.pdf"
    assert main(["report", str(source), "-o", str(out)]) == 0
    text = libreoffice.pdf_text(out)
    assert ".." in text and "Antal under 5" in _spaced(text)
    followup = replace(reference, sekretess=Privacy(5))
    assert_no_small_count([_spaced(page) for page in text.split("\f")], followup, 5)


def test_pdf_without_libreoffice_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no LibreOffice found, `report -o Rapport.pdf` writes nothing and says in Swedish what to do."""
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    out = tmp_path / "Rapport.pdf"
    assert main(["report", str(ROOT / "workbook" / "Uppfoljning.xlsm"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Installera LibreOffice" in err and "Spara som > PDF" in err
    assert list(tmp_path.iterdir()) == []


def test_a_failing_conversion_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A "LibreOffice" that exits with an error gives a Swedish message and no file (a script stands in for it)."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))
    out = tmp_path / "ut" / "Rapport.pdf"
    out.parent.mkdir()
    assert main(["report", str(ROOT / "workbook" / "Uppfoljning.xlsm"), "-o", str(out)]) == 1
    assert list(out.parent.iterdir()) == []
