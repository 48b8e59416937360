"""LibreOffice renders the written report to PDF, and the PDF text holds the key figures, one page per insats.

Required when CI=true; elsewhere skipped with a reason when soffice or pdftotext is missing. This proves what
LibreOffice shows (values, number formats, page set-up); Excel's own rendering is confirmed by hand
(docs/excel-acceptance.md).
"""

from __future__ import annotations

import re
import shutil

import pytest

from tests import libreoffice
from xlinsats.core.figures import FollowUpFigures
from xlinsats.report.layout import build_report
from xlinsats.report.xlsx_writer import write_report

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def pdf_pages(tmp_path_factory: pytest.TempPathFactory, reference_figures: FollowUpFigures) -> list[str]:
    """The reference report rendered by LibreOffice, as the text of each PDF page (spaces normalised)."""
    folder = tmp_path_factory.mktemp("pdf")
    workbook = folder / "Uppfoljning-rapport.xlsx"
    write_report(build_report(reference_figures), workbook)
    pdf = libreoffice.convert(workbook, "pdf", folder)
    text = libreoffice.pdf_text(pdf)
    return [re.sub(r"[ \u00a0\u202f]+", " ", page) for page in text.split("\f") if page.strip()]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_one_page_for_each_table_and_each_insats(pdf_pages: list[str]) -> None:
    """The goal table and the flow summary take a page each, then each insats gets exactly one A4 page."""
    assert len(pdf_pages) == 2 + 4
    titles = ["Lyra", "MIA", "START", "Unga på väg i Salem (UPIS)"]
    for page, title in zip(pdf_pages[2:], titles, strict=True):
        assert re.search(rf"^{re.escape(title)}$", page, re.M), title


def test_goal_table_shows_grades_and_formatted_results(pdf_pages: list[str]) -> None:
    """The goal page shows the three grades, shares as "71 %" and the scale's footnote."""
    goals = pdf_pages[0]
    assert "Måluppfyllelse för finansierade individinriktade insatser 2022" in goals
    for text in ("God", "Godtagbart", "Ej godtagbart", "71 %", "45 %", "tregradig skala"):
        assert text in goals, text


def test_flow_summary_shows_the_totals_and_the_chart(pdf_pages: list[str]) -> None:
    """The flow page has the TOTALT row and the chart's title with n."""
    flows = pdf_pages[1]
    assert re.search(r"TOTALT\s+348\s+181\s+154\s+13\s+174\s+89\s+76\s+164\s+94\s+64", flows)
    assert "(n = 348)" in flows


@pytest.mark.parametrize(
    ("page", "new", "work", "utilisation", "budget"),
    [
        (2, "26", "53 %", "82 %", "2 450 tkr"),
        (3, "100", "26 %", "96 %", "9 500 tkr"),  # the seed's pie said 87 %
        (4, "30", "71 %", "100 %", "2 000 tkr"),
        (5, "18", "60 %", "98 %", "1 500 tkr"),  # the seed's boxes said 26 and 62 %
    ],
)
def test_each_insats_page_holds_its_key_figures(
    pdf_pages: list[str], page: int, new: str, work: str, utilisation: str, budget: str
) -> None:
    """Key boxes (new participants, share to work or studies), utilisation and budget are on the insats's page."""
    text = pdf_pages[page]
    assert re.search(rf"^{new}$", text, re.M), f"key box {new} nya deltagare"
    assert re.search(rf"^{work}$", text, re.M), f"key box {work} till arbete eller studier"
    assert re.search(r"^nya deltagare$", text, re.M) and re.search(r"^gick till arbete eller studier$", text, re.M)
    flat = _flat(text)
    assert f"budgetutnyttjande på {utilisation}" in flat
    assert budget in flat
    assert "Faktiska kostnader" in flat and "Ekonomiskt utfall i förhållande till budget" in flat


def test_the_seeds_wrong_figures_are_absent(pdf_pages: list[str]) -> None:
    """MIA's budget page has no 87 % and UPIS's page no 62 % or 26 new: every figure is computed."""
    assert not re.search(r"\b87 ?%", pdf_pages[3])
    assert not re.search(r"\b62 ?%", pdf_pages[5])
    assert not re.search(r"^26$", pdf_pages[5], re.M)


def test_footnotes_explain_annat_ej_angivet(pdf_pages: list[str]) -> None:
    """MIA's and UPIS's pages carry their generated footnotes."""
    assert "åtta av de nya deltagarna" in _flat(pdf_pages[3])
    assert "en av de nya deltagarna" in _flat(pdf_pages[5])


def test_missing_libreoffice_skips_locally_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without soffice the PDF tests are skipped with a reason, except under CI=true where they fail."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="soffice"):
        libreoffice.require("soffice", "pdftotext")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required under CI=true"):
        libreoffice.require("soffice", "pdftotext")
