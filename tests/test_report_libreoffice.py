"""LibreOffice renders the written report to PDF: the text holds the key figures, one page per insats, and the
rendered pages show the charts in their series colours.

Required when CI=true; elsewhere skipped with a reason when soffice, pdftotext or pdftoppm is missing. This
proves what LibreOffice shows (values, number formats, page set-up, charts drawn); Excel's own rendering is
confirmed by hand (docs/excel-acceptance.md).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import libreoffice
from xlinsats.core.figures import FollowUpFigures
from xlinsats.report.layout import build_report
from xlinsats.report.xlsx_writer import write_report

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory, reference_figures: FollowUpFigures) -> Path:
    """The reference report rendered to PDF by LibreOffice."""
    folder = tmp_path_factory.mktemp("pdf")
    workbook = folder / "Uppfoljning-rapport.xlsx"
    write_report(build_report(reference_figures), workbook)
    return libreoffice.convert(workbook, "pdf", folder)


def _pages(text: str) -> list[str]:
    return [re.sub(r"[ \u00a0\u202f]+", " ", page) for page in text.split("\f") if page.strip()]


@pytest.fixture(scope="module")
def pdf_pages(pdf: Path) -> list[str]:
    """The text of each PDF page in reading order (spaces normalised)."""
    return _pages(libreoffice.pdf_text(pdf))


@pytest.fixture(scope="module")
def layout_pages(pdf: Path) -> list[str]:
    """The text of each PDF page as laid out on the page, so a table row is one line (spaces normalised)."""
    return _pages(libreoffice.pdf_text(pdf, layout=True))


def _rendered_page(pdf: Path, page: int, folder: Path) -> tuple[int, int, bytes]:
    """Render one page at 60 dpi with pdftoppm; return its width, height and RGB bytes (binary PPM, no imaging
    library needed)."""
    (pdftoppm,) = libreoffice.require("pdftoppm")
    prefix = folder / f"page{page}"
    subprocess.run([pdftoppm, "-r", "60", "-f", str(page), "-l", str(page), str(pdf), str(prefix)], check=True)
    (image,) = folder.glob(f"page{page}*.ppm")
    data = image.read_bytes()
    magic, width, height, maximum, pixels = data.split(maxsplit=4)
    assert magic == b"P6" and maximum == b"255"
    return int(width), int(height), pixels


def _pixels_near(pixels: bytes, color: str, tolerance: int = 6) -> int:
    """Count the pixels within ``tolerance`` of a colour in every channel."""
    target = bytes.fromhex(color)
    return sum(
        all(abs(pixels[i + k] - target[k]) <= tolerance for k in range(3))
        for i in range(0, len(pixels) - 2, 3)
        if abs(pixels[i] - target[0]) <= tolerance
    )


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


def test_flow_summary_shows_the_totals_and_the_chart(layout_pages: list[str]) -> None:
    """The flow page has the TOTALT row on one line and the chart's title with n."""
    flows = layout_pages[1]
    assert re.search(r"TOTALT +348 +181 +154 +13 +174 +89 +76 +164 +94 +64", flows)
    assert "(n = 348)" in flows


@pytest.mark.parametrize(
    ("page", "colors"),
    [
        (2, ("2F5597", "9DC3E6", "A5A5A5")),  # the gender bars: women, men, other/not stated
        (3, ("2F5597", "BDD7EE")),  # Lyra's pie: cost and unused funds
        (4, ("2F5597",)),  # MIA's pie (its unused 4 % is a sliver)
    ],
)
def test_charts_are_drawn_in_their_series_colours(
    pdf: Path, tmp_path: Path, page: int, colors: tuple[str, ...]
) -> None:
    """The rendered page shows each series or slice colour over a visible area (not just a legend key)."""
    width, height, pixels = _rendered_page(pdf, page, tmp_path)
    assert len(pixels) >= width * height * 3
    for color in colors:
        # A legend key is about 5 x 5 pixels at 60 dpi; a bar or slice is far larger.
        assert _pixels_near(pixels, color) > 60, color


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
