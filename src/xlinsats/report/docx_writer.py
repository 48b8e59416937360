"""The report model as a Word document (python-docx): built-in styles only, so a förbund's template restyles it."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Length, Pt
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from xlinsats.atomic import write_atomic
from xlinsats.errors import XlinsatsError
from xlinsats.report import charts
from xlinsats.report.model import (
    HEADING_DEVELOPMENT,
    HEADING_ECONOMY,
    HEADING_FLOWS,
    HEADING_OUTCOMES,
    HEADING_OWN,
    HEADING_QUOTES,
    HEADING_RESULTS,
    NO_GOALS,
    NO_INSATSER,
    Development,
    FlowTable,
    GoalTable,
    InsatsSection,
    KeyFigure,
    ReportModel,
    Value,
)

#: Word's built-in styles the report uses; a template that defines them restyles the whole report.
STYLE_HEADINGS = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")
STYLE_TABLE = "Table Grid"
STYLE_BULLET = "List Bullet"
STYLE_QUOTE = "Quote"
#: Word's built-in style for footnote text (its internal name; Word shows it as "Fotnotstext" in Swedish).
STYLE_NOTE = "footnote text"
_NEEDED = (*STYLE_HEADINGS, STYLE_TABLE, STYLE_BULLET, STYLE_QUOTE)

# Word's own definition of "footnote text", added when a template lacks it (the default template does).
_NOTE_STYLE_XML = (
    f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="FootnoteText">'
    '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>'
    '<w:unhideWhenUsed/><w:pPr><w:spacing w:after="60" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>'
)
_A4 = (Cm(21.0), Cm(29.7))
TABLE_TEXT = Pt(9)
_MARGIN = Cm(2.2)


# Characters XML 1.0 cannot hold at all; shown as U+FFFD, as the workbook report does, never dropped unseen.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


class TemplateError(XlinsatsError):
    """The --mall file is not a Word document python-docx can start from."""


def check_template(path: Path) -> None:
    """Refuse a template that is not a .docx Word document, in Swedish.

    Raises:
        TemplateError: wrong extension, missing file, or not a Word package.
    """
    if path.suffix.lower() != ".docx":
        hint = (
            " (spara mallen som .docx i Word: Arkiv > Spara som > Word-dokument)"
            if path.suffix.lower() in (".dotx", ".dot", ".doc", ".docm", ".dotm")
            else ""
        )
        raise TemplateError(f"{path}: mallen ska vara ett Word-dokument med filändelsen .docx{hint}.")
    if not path.is_file():
        raise TemplateError(f"{path}: mallen finns inte.")
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise TemplateError(f"{path}: mallen är inte ett Word-dokument (filen går inte att öppna som .docx).") from exc
    if "word/document.xml" not in names:
        raise TemplateError(f"{path}: mallen är inte ett Word-dokument (word/document.xml saknas).")


def _start(template: Path | None) -> DocumentObject:
    """Return the document to write into: Word's default, or the förbund's template with its body emptied."""
    if template is None:
        document = Document()
        section = document.sections[0]
        section.page_width, section.page_height = _A4
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, _MARGIN)
        # Word's default 12 pt is large for a report section; this is the style's own size, so a template still
        # decides its own.
        document.styles["Normal"].font.size = Pt(10)
        document.styles["Normal"].paragraph_format.space_after = Pt(4)
        return document
    check_template(template)
    try:
        document = Document(str(template))
    except Exception as exc:  # python-docx raises several kinds for a package that is not a document
        raise TemplateError(f"{template}: mallen kunde inte läsas som Word-dokument ({exc}).") from exc
    body = document.element.body
    # The template's styles, page set-up, headers and footers stay; its sample text does not.
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


class _Writer:
    """Writes a ReportModel into a document, one part after another."""

    def __init__(self, document: DocumentObject) -> None:
        self.doc = document
        self.bullet_prefix = self._ensure_styles()
        self._set_language()
        # Looked up once: python-docx finds a style by name with a search of every style, for each paragraph.
        names = (*_NEEDED, STYLE_NOTE)
        self.styles: dict[str, BaseStyle] = {name: document.styles[name] for name in names}

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        """Add a paragraph in a style given by name, its id set directly (python-docx would search all styles)."""
        paragraph = self.doc.add_paragraph(_xml(text))
        if style is not None:
            paragraph._p.style = self.styles[style].style_id
        return paragraph

    def _ensure_styles(self) -> bool:
        """Copy any built-in style the template lacks from Word's default; return whether bullets need a "•"."""
        styles = self.doc.styles
        default: DocumentObject | None = None
        plain_bullets = False
        for name in _NEEDED:
            if name in styles:
                continue
            default = default or Document()
            element = copy.deepcopy(default.styles[name].element)
            for numbering in element.findall(".//" + qn("w:numPr")):
                # The bullet's numbering lives in the default's numbering part, which the template lacks.
                numbering.getparent().remove(numbering)
                plain_bullets = True
            styles.element.append(element)
        if STYLE_NOTE not in [style.name for style in styles]:
            styles.element.append(parse_xml(_NOTE_STYLE_XML))
        return plain_bullets

    def _set_language(self) -> None:
        """Mark the text as Swedish (sv-SE), so Word and LibreOffice hyphenate and check spelling in Swedish."""
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        if defaults is None:
            return
        run = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if run is None:
            return
        language = run.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            run.append(language)
        language.set(qn("w:val"), "sv-SE")

    # --- small pieces ---------------------------------------------------------------------------------------

    def heading(self, text: str, level: int, new_page: bool = False) -> None:
        paragraph = self.paragraph(text, STYLE_HEADINGS[level - 1])
        if new_page:
            paragraph.paragraph_format.page_break_before = True

    def text(self, text: str, style: str | None = None) -> None:
        self.paragraph(text, style)

    def notes(self, notes: Sequence[str]) -> None:
        for note in notes:
            self.paragraph(note, STYLE_NOTE)

    def bullet(self, text: str) -> None:
        self.paragraph(("• " if self.bullet_prefix else "") + text, STYLE_BULLET)

    def picture(
        self, png: bytes, width_cm: float, description: str, title: str, paragraph: Paragraph | None = None
    ) -> None:
        if paragraph is None:
            paragraph = self.doc.add_paragraph()
        # Room above the picture: LibreOffice otherwise draws it over the bottom border of a table just before.
        paragraph.paragraph_format.space_before = Pt(6)
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
        # The alternative text states the figures, for readers who cannot see the picture.
        properties = shape._inline.docPr
        properties.set("descr", _xml(description))
        properties.set("title", _xml(title))

    def table(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[str | Value]],
        widths_cm: Sequence[float],
        bold_rows: Sequence[int] = (),
        inside: _Cell | None = None,
    ) -> Table:
        """Add a Table Grid table whose header row (if any) is repeated on every page; Values are right-aligned."""
        top = 0 if header is None else 1
        table = (self.doc if inside is None else inside).add_table(rows=top + len(rows), cols=len(widths_cm))
        table.style = self.styles[STYLE_TABLE]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for column, width in zip(table.columns, widths_cm, strict=True):
            column.width = Cm(width)
        if header is not None:
            head = table.rows[0]
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            head._tr.get_or_add_trPr().append(repeat)
            for tc, text, width in zip(head._tr.tc_lst, header, widths_cm, strict=True):
                _fill(_Cell(tc, table), text, Cm(width), bold=True)
        # Rows and cells straight from the XML: python-docx's row.cells works out merges across the whole table
        # on each call, which makes a table of a thousand goals take minutes.
        for number, (tr, values) in enumerate(zip(table._tbl.tr_lst[top:], rows, strict=True)):
            for tc, value, width in zip(tr.tc_lst, values, widths_cm, strict=True):
                _fill(_Cell(tc, table), value, Cm(width), bold=number in bold_rows)
        return table

    def key_figures(self, figures: Sequence[KeyFigure]) -> None:
        """Add the key figures side by side: each value large and bold over what it counts."""
        widths = (4.0,) * len(figures)
        table = self.table(
            None, [[figure.value.text for figure in figures], [figure.label for figure in figures]], widths
        )
        for cell in table.rows[0].cells:
            run = cell.paragraphs[0].runs[0]
            run.bold = True
            run.font.size = Pt(18)
        for row in table.rows:
            for cell in row.cells:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def landscape(self, on: bool) -> None:
        """Start a new section on a new page, landscape or portrait (the page size swapped as needed)."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        width, height = section.page_width, section.page_height
        if width is None or height is None:
            width, height = _A4
        short, long = sorted((width, height))
        section.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (long, short) if on else (short, long)

    # --- the parts ------------------------------------------------------------------------------------------

    def goals(self, table: GoalTable) -> None:
        self.heading(table.title, 2)
        rows: list[list[str | Value]] = []
        spans: list[tuple[int, int]] = []
        for group in table.groups:
            first = len(rows)
            for goal in group.rows:
                rows.append(["", goal.text, goal.target, goal.result, goal.grade, ""])
            if not group.rows:
                rows.append(["", NO_GOALS, "–", "–", "–", ""])
            rows[first][0] = group.insats
            rows[first][5] = group.grade
            spans.append((first, len(rows) - 1))
        word = self.table(table.header, rows, (2.2, 4.2, 2.1, 2.1, 2.8, 3.2))
        rows_xml = word._tbl.tr_lst
        for first, last in spans:
            if last > first:
                # The insats and its grade once per group, as in the workbook report's merged cells.
                for column in (0, 5):
                    for number in range(first, last + 1):
                        rows_xml[1 + number].tc_lst[column].vMerge = "restart" if number == first else "continue"
        self.notes(table.notes)

    def flows(self, table: FlowTable) -> None:
        self.heading(table.title, 2)
        rows: list[list[str | Value]] = [[row.name, *row.counts] for row in table.rows]
        widths = (3.3,) + (2.2,) * (len(table.header) - 1)
        self.table(table.header, rows, widths, bold_rows=[len(rows) - 1])
        self.notes(table.notes)
        chart = table.chart
        if chart is not None:
            width, _ = charts.gender_chart_size(chart)
            self.picture(charts.gender_chart_png(chart), width, chart.description, chart.title)
            if chart.left_out_note:
                self.notes([chart.left_out_note])
        elif table.chart_note:
            self.notes([table.chart_note])

    def insats(self, section: InsatsSection, first: bool) -> None:
        self.heading(section.name, 2, new_page=not first)
        for label, value in section.facts:
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(_xml(value))
        self.heading(HEADING_RESULTS, 3)
        self.key_figures((section.new_participants, section.work_share))
        self.heading(HEADING_FLOWS, 4)
        for sentence in section.flow_sentences:
            self.text(sentence)
        self.heading(HEADING_OUTCOMES, 4)
        for sentence in section.outcome_sentences:
            self.text(sentence)
        if section.own_sentences:
            self.heading(HEADING_OWN, 4)
            for sentence in section.own_sentences:
                self.text(sentence)
        for heading, items in section.lists:
            self.heading(heading, 4)
            for item in items:
                self.bullet(item)
        if section.quotes:
            self.heading(HEADING_QUOTES, 4)
            for quote in section.quotes:
                self.text(f"”{quote.text}”" + (f" ({quote.kalla})" if quote.kalla else ""), STYLE_QUOTE)
        self.economy(section)
        if section.development is not None:
            self.development(section.development)
        self.notes(section.notes)

    def economy(self, section: InsatsSection) -> None:
        economy = section.economy
        self.heading(HEADING_ECONOMY, 3)
        self.text(economy.paragraph)
        rows: list[list[str | Value]] = [[label, value] for label, value in economy.rows]
        if economy.pie is None:
            self.table(None, rows, (5.0, 3.0))
            return
        # The table and the pie side by side, as in the workbook report, in a frame table without borders.
        frame = self.doc.add_table(rows=1, cols=2)
        frame.autofit = False
        left, right = frame.rows[0].cells
        left.width, right.width = Cm(8.6), Cm(8.0)
        self.table(None, rows, (5.0, 3.0), inside=left)
        pie = economy.pie
        self.picture(charts.pie_png(pie), 6.5, pie.description, pie.title, paragraph=right.paragraphs[0])

    def development(self, development: Development) -> None:
        self.heading(HEADING_DEVELOPMENT, 3)
        if not development.rows:
            for note in development.notes:
                self.text(note)
            return
        rows: list[list[str | Value]] = [[str(year), *values, grade] for year, values, grade in development.rows]
        self.table(development.header, rows, (1.4, 1.95, 1.95, 1.95, 1.85, 2.0, 2.75, 2.75))
        self.notes(development.notes)
        self.picture(charts.development_png(development), 15.0, development.description, "Andelar per år mot målen")


def _fill(cell: _Cell, value: str | Value, width: Length, bold: bool = False) -> None:
    cell.width = width
    paragraph = cell.paragraphs[0]
    text = value.text if isinstance(value, Value) else value
    if not text:
        return  # an empty cell stays empty, so merging it into the one above adds no blank line
    run = paragraph.add_run(_xml(text))
    run.bold = bold or None
    # Table text one size down, so eleven columns fit a landscape page without breaking words: a table style's
    # size would lose to the paragraph style's in Word, so it is set on the text itself.
    run.font.size = TABLE_TEXT
    if isinstance(value, Value):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def build_document(model: ReportModel, template: Path | None = None) -> DocumentObject:
    """Return the report section as a Word document: the goal table, the flows (landscape) and each insats.

    Args:
        model: the report model (``report.model.build_model``), already masked.
        template: the förbund's own Word document (.docx) to start from: its styles, page set-up, headers
            and footers are kept and its text is replaced.

    Raises:
        TemplateError: the template is not a .docx Word document.
    """
    document = _start(template)
    writer = _Writer(document)
    properties = document.core_properties
    properties.title = model.title
    properties.author = _xml(model.forbund)[:255]  # the core properties hold at most 255 characters
    properties.last_modified_by = "xlinsats"
    properties.language = "sv-SE"
    writer.heading(model.title, 1)
    writer.text(model.forbund)
    writer.goals(model.goals)
    writer.landscape(True)
    writer.flows(model.flows)
    writer.landscape(False)
    for number, section in enumerate(model.insatser):
        writer.insats(section, first=number == 0)
    if not model.insatser:
        writer.text(NO_INSATSER)
    return document


def document_bytes(model: ReportModel, template: Path | None = None) -> bytes:
    """Return the Word document as bytes (see ``build_document``)."""
    buffer = io.BytesIO()
    build_document(model, template).save(buffer)
    return buffer.getvalue()


def write_document(model: ReportModel, path: Path, template: Path | None = None) -> None:
    """Write the report as a Word document, atomically: a failure leaves no file and an old one untouched."""
    data = document_bytes(model, template)

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomic(path, write)
