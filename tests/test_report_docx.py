"""The Word report read back with python-docx: headings, tables, Swedish numbers, charts, the template."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor

from tests.conftest import per_module_scope
from xlinsats.cli import main
from xlinsats.core.figures import FollowUpFigures, compute_figures
from xlinsats.core.model import FollowUp
from xlinsats.errors import XlinsatsError
from xlinsats.report import charts
from xlinsats.report.docx_writer import STYLE_NOTE, TemplateError, build_document, document_bytes, write_document
from xlinsats.report.model import ReportModel, build_model

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = ROOT / "workbook" / "Uppfoljning.xlsm"


@pytest.fixture(scope=per_module_scope)
def model(reference_figures: FollowUpFigures) -> ReportModel:
    """The 2022 reference report's model."""
    return build_model(reference_figures)


@pytest.fixture(scope=per_module_scope)
def document(model: ReportModel) -> docx.document.Document:
    """The 2022 reference report written as .docx and read back by python-docx."""
    return docx.Document(io.BytesIO(document_bytes(model)))


def _by_style(document: docx.document.Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def _cell_texts(tables: list[docx.table.Table]) -> list[str]:
    """Every cell text of the tables and of the tables nested in them (the economy table sits in a frame)."""
    texts: list[str] = []
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                texts.append(cell.text)
                texts += _cell_texts(cell.tables)
    return texts


def _rows(table: docx.table.Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_headings_are_words_own_so_they_go_into_the_table_of_contents(document: docx.document.Document) -> None:
    """Heading 1 is the section's title; Heading 2 the two tables and each insats; Heading 3 and 4 within."""
    assert _by_style(document, "Heading 1") == ["Uppföljning av finansierade insatser 2022"]
    assert _by_style(document, "Heading 2") == [
        "Måluppfyllelse för finansierade individinriktade insatser 2022",
        "Sammanfattning av deltagarflöden i finansierade individinriktade insatser 2022",
        "Lyra",
        "MIA",
        "START",
        "Unga på väg i Salem (UPIS)",
    ]
    assert _by_style(document, "Heading 3").count("Resultat") == 4
    assert "Sysselsättning efter avslut" in _by_style(document, "Heading 4")
    assert "Fler vägar in och större inflöde." in _by_style(document, "List Bullet")


def test_tables_use_table_grid_and_repeat_their_header_row(document: docx.document.Document) -> None:
    """The goal and flow tables are "Table Grid" tables whose first row is marked to repeat on each page."""
    goals, flows = document.tables[0], document.tables[1]
    for table in (goals, flows):
        assert table.style is not None and table.style.name == "Table Grid"
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None
    assert _rows(goals)[0] == ["Insats", "Mål", "Målvärde", "Resultat", "Bedömning av målet", "Måluppfyllelse¹"]


def test_flow_table_reads_as_the_workbook_report(document: docx.document.Document) -> None:
    """The flow table holds the computed counts in Swedish style, TOTALT last (348 current, 174 new, 164 ended)."""
    rows = _rows(document.tables[1])
    assert rows[1] == ["Lyra", "38", "19", "19", "0", "26", "11", "15", "17", "11", "6"]
    assert rows[-1] == ["TOTALT", "348", "181", "154", "13", "174", "89", "76", "164", "94", "64"]


def test_goal_groups_show_the_insats_and_its_grade_once(document: docx.document.Document) -> None:
    """Lyra's four goals share one merged insats cell and one merged grade cell (God); goal grades stay per row."""
    goals = document.tables[0]
    lyra = [row for row in _rows(goals)[1:] if row[0] == "Lyra"]
    assert len(lyra) == 4 and {row[5] for row in lyra} == {"God"}
    assert [row[2:5] for row in lyra][:2] == [["50\u00a0%", "71\u00a0%", "God"], ["50\u00a0%", "45\u00a0%", "God"]]
    merged = goals.rows[2].cells[0]._tc.tcPr
    assert merged is not None and merged.find(qn("w:vMerge")) is not None


def test_numbers_read_as_a_swedish_reader_sees_them(document: docx.document.Document) -> None:
    """Amounts are "2 450 tkr", shares "53 %" (non-breaking spaces), in sentences, key figures and tables."""
    text = "\n".join(p.text for p in document.paragraphs)
    cells = _cell_texts(document.tables)
    assert "Insatsen beviljades 2\u00a0450\u00a0tkr för 2022." in text
    assert "Av de avslutade deltagarna gick 53\u00a0% till arbete eller studier" in text
    assert "2\u00a0450\u00a0tkr" in cells and "53\u00a0%" in cells and "26" in cells
    assert "2450" not in text and "0.53" not in text


def test_flows_are_on_a_landscape_a4_page_between_portrait_ones(document: docx.document.Document) -> None:
    """Three sections: A4 portrait (goals), A4 landscape (flows), A4 portrait (the insatser)."""
    sections = document.sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    for section in sections:
        size = sorted((section.page_width or 0, section.page_height or 0))
        assert abs(size[0] - Cm(21)) < Cm(0.01) and abs(size[1] - Cm(29.7)) < Cm(0.01)


def test_charts_are_pictures_whose_alternative_text_states_the_figures(document: docx.document.Document) -> None:
    """One gender chart and a pie per insats; each picture's description gives its numbers."""
    descriptions = [
        element.get("descr") for element in document.element.body.iter(qn("wp:docPr")) if element.get("descr")
    ]
    assert len(descriptions) == 5
    assert "Lyra: 19 kvinnor, 19 män, 0 annat/ej angivet" in descriptions[0]
    assert descriptions[1] == (
        "Faktiska kostnader och outnyttjade medel: Faktiska kostnader 2\u00a0008\u00a0tkr (82\u00a0%), "
        "Outnyttjade medel 442\u00a0tkr (18\u00a0%)."
    )


def _png_chunks(data: bytes) -> list[bytes]:
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        chunks.append(data[offset + 4 : offset + 8])
        offset += 12 + length
    return chunks


def test_chart_images_are_deterministic_and_carry_no_timestamp(model: ReportModel) -> None:
    """Drawing a chart twice gives the same bytes, and the PNG holds no text, time or software chunk."""
    pie = model.insatser[0].economy.pie
    gender = model.flows.chart
    assert pie is not None and gender is not None
    for draw in (lambda: charts.pie_png(pie), lambda: charts.gender_chart_png(gender)):
        first, second = draw(), draw()
        assert first == second and first.startswith(b"\x89PNG")
        assert not {b"tIME", b"tEXt", b"iTXt", b"zTXt"} & set(_png_chunks(first))


def test_only_built_in_styles_are_used(document: docx.document.Document) -> None:
    """Every paragraph and table style the report uses is one of Word's built-in styles (no custom style)."""
    used = {p.style.name for p in document.paragraphs if p.style is not None}
    used |= {t.style.name for t in document.tables if t.style is not None}
    builtin = {"Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "List Bullet", "Quote", STYLE_NOTE}
    assert used <= builtin | {"Table Grid", "Normal Table"}, used - builtin
    assert STYLE_NOTE in used


def test_the_text_is_marked_swedish(document: docx.document.Document) -> None:
    """The document's default language is sv-SE, and so is its core property."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    language = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert language is not None and language.get(qn("w:val")) == "sv-SE"
    assert document.core_properties.language == "sv-SE"


def _template(path: Path, *, bullets: bool = True) -> Path:
    """Write a förbund template: Heading 1 in green, sample text, optionally without the List Bullet style."""
    template = docx.Document()
    heading = template.styles["Heading 1"]
    heading.font.color.rgb = RGBColor(0x00, 0x80, 0x00)
    template.add_paragraph("Mallens exempeltext som inte ska vara kvar.")
    if not bullets:
        element = template.styles["List Bullet"].element
        element.getparent().remove(element)
    template.save(str(path))
    return path


def test_a_template_restyles_the_report_and_its_sample_text_goes(model: ReportModel, tmp_path: Path) -> None:
    """With --mall the template's Heading 1 (green) is used, its sample text is gone, the report is all there."""
    document = build_document(model, _template(tmp_path / "mall.docx"))
    heading = document.styles["Heading 1"]
    assert heading.font.color.rgb == RGBColor(0x00, 0x80, 0x00)
    texts = [p.text for p in document.paragraphs]
    assert "Mallens exempeltext som inte ska vara kvar." not in texts
    assert texts[0] == "Uppföljning av finansierade insatser 2022"


def test_a_template_without_list_bullet_still_shows_bullets(model: ReportModel, tmp_path: Path) -> None:
    """A template lacking "List Bullet" gets Word's definition, and the items a "•" of their own."""
    document = build_document(model, _template(tmp_path / "mall.docx", bullets=False))
    bullets = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert "• Fler vägar in och större inflöde." in bullets


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("mall.dotx", b"x", "spara mallen som .docx i Word"),
        ("mall.txt", b"x", "mallen ska vara ett Word-dokument med filändelsen .docx"),
        ("mall.docx", b"inte en zip", "mallen är inte ett Word-dokument"),
    ],
)
def test_a_template_that_is_no_docx_is_refused_in_swedish(
    model: ReportModel, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    """A .dotx, a text file or a broken .docx given as template is refused with a Swedish message."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(TemplateError, match=re.escape(message)):
        build_document(model, path)


def test_a_zip_that_is_no_word_document_is_refused(model: ReportModel, tmp_path: Path) -> None:
    """A .docx that is a zip without word/document.xml (a renamed workbook) is refused, naming what is missing."""
    path = tmp_path / "mall.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(TemplateError, match=re.escape("word/document.xml saknas")):
        build_document(model, path)


def test_report_command_writes_docx_and_takes_a_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`report -o Rapport.docx --mall mall.docx` writes the Word report from the bundled workbook."""
    out = tmp_path / "Rapport.docx"
    assert main(["report", str(WORKBOOK), "-o", str(out), "--mall", str(_template(tmp_path / "mall.docx"))]) == 0
    assert "Rapporten är skriven" in capsys.readouterr().out
    assert docx.Document(str(out)).paragraphs[0].text == "Uppföljning av finansierade insatser 2022"


def test_report_command_refuses_a_template_for_a_workbook_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--mall with -o .xlsx is refused before anything is read or written."""
    out = tmp_path / "Rapport.xlsx"
    assert main(["report", str(WORKBOOK), "-o", str(out), "--mall", str(_template(tmp_path / "mall.docx"))]) == 1
    assert "--mall gäller Word-rapporten" in capsys.readouterr().err
    assert not out.exists()


def test_writing_is_atomic(model: ReportModel, tmp_path: Path) -> None:
    """A failed write (a bad template) leaves the old file as it was and no temporary file behind."""
    out = tmp_path / "Rapport.docx"
    out.write_bytes(b"old")
    with pytest.raises(XlinsatsError):
        write_document(model, out, tmp_path / "saknas.docx")
    assert out.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["Rapport.docx"]
    write_document(model, out)
    assert docx.Document(str(out)).paragraphs[0].text.startswith("Uppföljning")


def test_a_follow_up_without_insatser_still_gives_a_document(reference: FollowUp) -> None:
    """No insatser: the tables have only their heads and TOTALT, and the document says there are none."""
    document = docx.Document(io.BytesIO(document_bytes(build_model(compute_figures(replace(reference, insatser=()))))))
    assert "Inga insatser finns i underlaget." in [p.text for p in document.paragraphs]
    assert _rows(document.tables[1])[-1][0] == "TOTALT"
