"""The strict-format checker can fail: each defect re-introduced into a valid package is reported, exactly.

Each case takes a package that passes (the committed workbook or the example report), changes one part
the way a writer bug would, and asserts the checker's findings are exactly the expected ones (part and
limit). Together the cases break every limit of ``xlinsats.excel_limits.LIMITS``, so no limit in the table
goes unchecked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import REFERENCE_TOML, ROOT
from tests.strict_format import (
    MUST_UNDERSTAND,
    NOT_WELL_FORMED,
    NS,
    SML,
    UNCOVERED_NAMESPACES,
    UNKNOWN_BINARY,
    UNKNOWN_PART,
    Finding,
    check_parts,
    parse_xml,
    read_parts,
    report,
    resolve_compatibility,
    schema_limit,
    understood_namespaces,
)
from xlinsats import excel_limits as lim
from xlinsats.cli import main
from xlinsats.excel_limits import LIMITS, Limit

Parts = dict[str, bytes]

WORKBOOK = "xl/workbook.xml"
SETTINGS = "xl/worksheets/sheet2.xml"  # Inställningar, holding the Bedomningsskala table (table1)
TABLE = "xl/tables/table1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
OTHER_TABLE = "xl/tables/table2.xml"
STYLES = "xl/styles.xml"
RIBBON = "customUI/customUI14.xml"
CHART = "xl/charts/chart1.xml"
REPORT_SHEET = "xl/worksheets/sheet1.xml"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


@pytest.fixture(scope="session")
def workbook_parts() -> Parts:
    """The committed workbook's parts; it passes the checker."""
    parts = read_parts(ROOT / "workbook" / "Uppfoljning.xlsm")
    assert check_parts(parts) == []
    return parts


@pytest.fixture(scope="session")
def report_parts(tmp_path_factory: pytest.TempPathFactory) -> Parts:
    """The example report's parts, written by `xlinsats report`; it passes the checker."""
    out = tmp_path_factory.mktemp("checker") / "rapport.xlsx"
    assert main(["report", str(REFERENCE_TOML), "-o", str(out)]) == 0
    parts = read_parts(out)
    assert check_parts(parts) == []
    return parts


def _edit(parts: Parts, name: str, change: Callable[[etree._Element], object]) -> Parts:
    """A copy of ``parts`` with part ``name`` parsed, changed in place by ``change``, and serialised again."""
    root = parse_xml(parts[name])
    change(root)
    return {**parts, name: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)}


def _first(root: etree._Element, path: str) -> etree._Element:
    found = root.find(path, NS)
    assert found is not None, path
    return found


def _set(path: str, attribute: str, value: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        _first(root, path).set(attribute, value)

    return change


def _sheet_name(value: str, index: int = 0) -> Callable[[etree._Element], None]:
    """Rename the sheet at ``index`` (Instruktioner, which no defined name or chart refers to)."""

    def change(root: etree._Element) -> None:
        root.findall("s:sheets/s:sheet", NS)[index].set("name", value)

    return change


def _add_name(name: str, text: str = "'Inställningar'!$B$3", scope: str | None = None) -> Callable[..., None]:
    def change(root: etree._Element) -> None:
        element = etree.SubElement(_first(root, "s:definedNames"), f"{{{SML}}}definedName", name=name)
        if scope is not None:
            element.set("localSheetId", scope)
        element.text = text

    return change


def _validation(attribute: str, value: str) -> Callable[[etree._Element], None]:
    return _set("s:dataValidations/s:dataValidation", attribute, value)


def _validation_formula(root: etree._Element) -> None:
    _first(root, "s:dataValidations/s:dataValidation/s:formula1").text = '"' + ",".join(["Ja"] * 85) + '"'


def _cell_text(length: int) -> Callable[[etree._Element], None]:
    """Lengthen the first shared string (XlsxWriter keeps every cell text in the shared-strings part)."""

    def change(root: etree._Element) -> None:
        _first(root, "s:si/s:t").text = "x" * length

    return change


def _formula(root: etree._Element) -> None:
    cell = _first(root, "s:sheetData/s:row/s:c[@r='B3']")
    for child in list(cell):
        cell.remove(child)
    cell.attrib.pop("t", None)
    etree.SubElement(cell, f"{{{SML}}}f").text = "+".join(["1"] * 4097)  # 8,193 characters


def _far_row(root: etree._Element) -> None:
    etree.SubElement(_first(root, "s:sheetData"), f"{{{SML}}}row", r=str(lim.GRID_ROWS.value + 1))


def _far_column(root: etree._Element) -> None:
    row = _first(root, "s:sheetData/s:row[last()]")
    cell = etree.SubElement(row, f"{{{SML}}}c", r=f"XFE{row.get('r')}")
    etree.SubElement(cell, f"{{{SML}}}v").text = "1"


def _many(container: str, child: str, total: int, **attributes: str) -> Callable[[etree._Element], None]:
    """Grow a styles collection to ``total`` entries (copies of its first entry, or new ones)."""

    def change(root: etree._Element) -> None:
        holder = root.find(f"s:{container}", NS)
        if holder is None:
            holder = etree.Element(f"{{{SML}}}{container}")
            root.insert(0, holder)
        existing = holder.findall(f"s:{child}", NS)
        for index in range(len(existing), total):
            if existing:
                holder.append(etree.fromstring(etree.tostring(existing[0])))
            else:
                etree.SubElement(
                    holder, f"{{{SML}}}{child}", numFmtId=str(200 + index), formatCode=f'0.{"0" * 3}"{index}"'
                )
        holder.set("count", str(total))

    return change


def _header(root: etree._Element) -> None:
    _first(root, "s:headerFooter/s:oddHeader").text = "&C" + "R" * 254


def _column_name(value: str, index: int = 0) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        root.findall("s:tableColumns/s:tableColumn", NS)[index].set("name", value)

    return change


def _inline_header(ref: str, text: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        _first(root, f"s:sheetData/s:row/s:c[@r='{ref}']/s:is/s:t").text = text

    return change


def _series_reference(text: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        found = root.find(f".//{{{C}}}ser/{{{C}}}val//{{{C}}}f")
        assert found is not None
        found.text = text

    return change


def _chart_sheet(root: etree._Element) -> None:
    found = root.find(f".//{{{C}}}ser/{{{C}}}val//{{{C}}}f")
    assert found is not None and found.text is not None
    found.text = "'Saknas'!" + found.text.split("!", 1)[1]


def _forbidden_element(root: etree._Element) -> None:
    _first(root, "s:sheetData").addprevious(etree.Element(f"{{{SML}}}bogus"))


def _ribbon_attribute(root: etree._Element) -> None:
    button = root.find(".//{http://schemas.microsoft.com/office/2009/07/customui}button")
    assert button is not None
    button.set("onClick", "XlinsatsOnAction")


@dataclass(frozen=True)
class Injection:
    """One defect: the base package, the part changed and how, and the findings expected (part, limit)."""

    base: str
    part: str
    change: Callable[[etree._Element], object]
    expected: tuple[tuple[str, Limit], ...]


def _once(part: str, limit: Limit) -> tuple[tuple[str, Limit], ...]:
    return ((part, limit),)


INJECTIONS: dict[str, Injection] = {
    "33-character promptTitle": Injection(
        "workbook",
        SETTINGS,
        _validation("promptTitle", "Självförsörjande efter ett år ann"),
        _once(SETTINGS, lim.VALIDATION_TITLE),
    ),
    "256-character validation message": Injection(
        "workbook", SETTINGS, _validation("prompt", "m" * 256), _once(SETTINGS, lim.VALIDATION_MESSAGE)
    ),
    "225-character error message": Injection(
        "workbook", SETTINGS, _validation("error", "e" * 225), _once(SETTINGS, lim.VALIDATION_ERROR)
    ),
    "256-character list formula": Injection(
        "workbook", SETTINGS, _validation_formula, _once(SETTINGS, lim.VALIDATION_FORMULA)
    ),
    "sheet name with /": Injection(
        "workbook", WORKBOOK, _sheet_name("Instr/uktioner"), _once(WORKBOOK, lim.SHEET_NAME_CHARACTERS)
    ),
    "32-character sheet name": Injection(
        "workbook", WORKBOOK, _sheet_name("I" * 32), _once(WORKBOOK, lim.SHEET_NAME_LENGTH)
    ),
    "sheet name starting with an apostrophe": Injection(
        "workbook", WORKBOOK, _sheet_name("'Instruktioner"), _once(WORKBOOK, lim.SHEET_NAME_APOSTROPHE)
    ),
    "sheet named History": Injection(
        "workbook", WORKBOOK, _sheet_name("HISTORY"), _once(WORKBOOK, lim.SHEET_NAME_RESERVED)
    ),
    "two sheets one name ignoring case": Injection(
        "workbook", WORKBOOK, _sheet_name("INSTÄLLNINGAR"), _once(WORKBOOK, lim.SHEET_NAME_UNIQUE)
    ),
    "256-character defined name": Injection(
        "workbook", WORKBOOK, _add_name("n" * 256), _once(WORKBOOK, lim.DEFINED_NAME_LENGTH)
    ),
    "defined name with a space": Injection(
        "workbook", WORKBOOK, _add_name("mitt namn"), _once(WORKBOOK, lim.DEFINED_NAME_SYNTAX)
    ),
    "defined name like a cell": Injection(
        "workbook", WORKBOOK, _add_name("XFD12"), _once(WORKBOOK, lim.DEFINED_NAME_CELL_REFERENCE)
    ),
    "defined name like an R1C1 cell": Injection(
        "workbook", WORKBOOK, _add_name("r2c3"), _once(WORKBOOK, lim.DEFINED_NAME_CELL_REFERENCE)
    ),
    "duplicate defined name": Injection(
        "workbook", WORKBOOK, _add_name("XLINSATS_AR"), _once(WORKBOOK, lim.DEFINED_NAME_UNIQUE)
    ),
    "defined name to a missing sheet": Injection(
        "workbook", WORKBOOK, _add_name("xlinsats_saknas", "'Saknas'!$A$1"), _once(WORKBOOK, lim.DEFINED_NAME_REFERENCE)
    ),
    "cell text of 32,768 characters": Injection(
        "workbook", SHARED_STRINGS, _cell_text(32_768), _once(SHARED_STRINGS, lim.CELL_TEXT)
    ),
    "formula of 8,193 characters": Injection("workbook", SETTINGS, _formula, _once(SETTINGS, lim.FORMULA_LENGTH)),
    "row beyond the grid": Injection("workbook", SETTINGS, _far_row, _once(SETTINGS, lim.GRID_ROWS)),
    "column beyond the grid": Injection("workbook", SETTINGS, _far_column, _once(SETTINGS, lim.GRID_COLUMNS)),
    "duplicate table name": Injection(
        "workbook",
        OTHER_TABLE,
        lambda root: (root.set("name", "Bedomningsskala"), root.set("displayName", "Bedomningsskala")),
        _once(OTHER_TABLE, lim.TABLE_NAME_UNIQUE),
    ),
    "table named like a defined name": Injection(
        "workbook",
        TABLE,
        lambda root: (root.set("name", "xlinsats_ar"), root.set("displayName", "xlinsats_ar")),
        _once(TABLE, lim.TABLE_NAME_UNIQUE),
    ),
    "table name with a space": Injection(
        "workbook",
        TABLE,
        lambda root: (root.set("name", "Bedomnings skala"), root.set("displayName", "Bedomnings skala")),
        _once(TABLE, lim.TABLE_NAME_SYNTAX),
    ),
    "duplicate table id": Injection(
        "workbook", OTHER_TABLE, _set(".", "id", "1"), _once(OTHER_TABLE, lim.TABLE_ID_UNIQUE)
    ),
    "header cell not its column name": Injection(
        "workbook", TABLE, _column_name("Bedömningar"), _once(TABLE, lim.TABLE_HEADER_MATCH)
    ),
    "table columns one name ignoring case": Injection(
        "workbook",
        TABLE,
        _column_name("BEDÖMNING", 1),
        ((TABLE, lim.TABLE_COLUMN_UNIQUE), (TABLE, lim.TABLE_HEADER_MATCH)),
    ),
    "256-character column name": Injection(
        "workbook",
        TABLE,
        _column_name("k" * 256, 1),
        ((TABLE, lim.TABLE_COLUMN_NAME_LENGTH), (TABLE, lim.TABLE_HEADER_MATCH)),
    ),
    "table without a data row": Injection(
        "workbook",
        TABLE,
        lambda root: (root.set("ref", "A9:B9"), _first(root, "s:autoFilter").set("ref", "A9:B9")),
        _once(TABLE, lim.TABLE_DATA_ROW),
    ),
    "33-character title counted in UTF-16 (an emoji counts two)": Injection(
        "workbook", SETTINGS, _validation("errorTitle", "🙂" + "t" * 31), _once(SETTINGS, lim.VALIDATION_TITLE)
    ),
    "201 number formats": Injection(
        "workbook", STYLES, _many("numFmts", "numFmt", 201), _once(STYLES, lim.NUMBER_FORMATS)
    ),
    "65,491 cell formats": Injection(
        "workbook", STYLES, _many("cellXfs", "xf", 65_491), _once(STYLES, lim.CELL_FORMATS)
    ),
    "65,491 cell styles": Injection(
        "workbook", STYLES, _many("cellStyleXfs", "xf", 65_491), _once(STYLES, lim.CELL_STYLES)
    ),
    "513 fonts": Injection("workbook", STYLES, _many("fonts", "font", 513), _once(STYLES, lim.FONTS)),
    "256-character header": Injection("report", REPORT_SHEET, _header, _once(REPORT_SHEET, lim.HEADER_FOOTER)),
    "chart series to a missing sheet": Injection("report", CHART, _chart_sheet, _once(CHART, lim.CHART_REFERENCE)),
    "chart series beyond the sheet's cells": Injection(
        "report", CHART, _series_reference("'Måluppfyllelse'!$B$900:$B$905"), _once(CHART, lim.CHART_REFERENCE)
    ),
    "chart series that is no plain reference": Injection(
        "report", CHART, _series_reference("OFFSET('Måluppfyllelse'!$B$1,0,0)"), _once(CHART, lim.CHART_REFERENCE)
    ),
    "element the schema forbids": Injection(
        "workbook", SETTINGS, _forbidden_element, _once(SETTINGS, schema_limit("sml.xsd"))
    ),
    "ribbon attribute customui14 forbids": Injection(
        "workbook", RIBBON, _ribbon_attribute, _once(RIBBON, schema_limit("customui14.xsd"))
    ),
}


@pytest.mark.parametrize("name", list(INJECTIONS))
def test_injected_defect_is_reported_exactly(
    name: str, workbook_parts: Parts, report_parts: Parts, request: pytest.FixtureRequest
) -> None:
    """The checker reports the re-introduced defect, in the changed part, and nothing else."""
    injection = INJECTIONS[name]
    base = workbook_parts if injection.base == "workbook" else report_parts
    findings = check_parts(_edit(base, injection.part, injection.change))
    assert sorted((f.part, f.limit.what) for f in findings) == sorted(
        (part, limit.what) for part, limit in injection.expected
    ), report(findings)


def test_every_limit_in_the_table_is_proved_breakable() -> None:
    """Each limit of excel_limits.LIMITS but the two package rules is broken by one injection above."""
    injected = {limit for injection in INJECTIONS.values() for (_, limit) in injection.expected}
    package_rules = {lim.PACKAGE_RELATIONSHIP_TARGET, lim.PACKAGE_CONTENT_TYPE}
    assert set(LIMITS) - package_rules <= injected
    assert all(limit.source and limit.value >= 0 for limit in LIMITS)


def test_finding_names_part_element_value_and_limit(workbook_parts: Parts) -> None:
    """A finding states where (part, element), what (the value) and which limit with its source."""
    changed = _edit(workbook_parts, SETTINGS, _validation("promptTitle", "T" * 33))
    [finding] = check_parts(changed)
    assert finding == Finding(SETTINGS, finding.element, "T" * 33, lim.VALIDATION_TITLE) and finding.element.endswith(
        "/@promptTitle"
    )
    assert "[MS-OI29500] 2.1.613" in str(finding) and "≤ 32" in str(finding)


def test_missing_relationship_target_and_content_type_are_reported(workbook_parts: Parts) -> None:
    """A relationship to a part that is gone, and a part no content type covers, are each reported."""
    parts = {name: data for name, data in workbook_parts.items() if name != OTHER_TABLE}
    parts["xl/extra.dat"] = b"\x00"
    findings = check_parts(parts)
    assert sorted((f.limit.what, f.value) for f in findings) == sorted(
        [(lim.PACKAGE_RELATIONSHIP_TARGET.what, OTHER_TABLE), (lim.PACKAGE_CONTENT_TYPE.what, "xl/extra.dat")]
    ), report(findings)


def test_unknown_xml_part_binary_part_and_broken_xml_are_reported(workbook_parts: Parts) -> None:
    """An XML part in a namespace no schema covers, an unexpected binary, and broken XML are findings, not skips."""
    types = workbook_parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/odd.xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/media/image1.png" ContentType="image/png"/></Types>',
    )
    parts = {
        **workbook_parts,
        "[Content_Types].xml": types,
        "xl/odd.xml": b'<odd xmlns="urn:example:odd"/>',
        "xl/media/image1.png": b"\x89PNG",
        "xl/styles.xml": workbook_parts["xl/styles.xml"][:-20],
    }
    findings = check_parts(parts)
    assert sorted((f.part, f.limit.what) for f in findings) == sorted(
        [
            ("xl/odd.xml", UNKNOWN_PART.what),
            ("xl/media/image1.png", UNKNOWN_BINARY.what),
            ("xl/styles.xml", NOT_WELL_FORMED.what),
        ]
    ), report(findings)


def test_no_namespace_is_accepted_unvalidated() -> None:
    """Every XML part the project writes is validated: the list of uncovered namespaces is empty."""
    assert UNCOVERED_NAMESPACES == {}


# --- markup compatibility (ECMA-376 Part 3) ----------------------------------------------------------------

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"


def _worksheet(body: str, root_attributes: str = "") -> bytes:
    return (
        f'<worksheet xmlns="{SML}" xmlns:mc="{_MC}" xmlns:x14ac="{_X14AC}" {root_attributes}>{body}</worksheet>'
    ).encode()


def _resolved(data: bytes) -> tuple[etree._Element, list[str]]:
    root = parse_xml(data)
    return root, resolve_compatibility(root, understood_namespaces(), frozenset())


def test_ignorable_attributes_and_elements_are_dropped() -> None:
    """Attributes and elements of a namespace declared mc:Ignorable are removed before validation."""
    root, problems = _resolved(
        _worksheet(
            '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><x14ac:extra/><sheetData/>',
            'mc:Ignorable="x14ac"',
        )
    )
    assert problems == []
    assert etree.tostring(root).count(b"x14ac:") == 0 and root.find("s:sheetData", NS) is not None
    assert root.get(f"{{{_MC}}}Ignorable") is None


def test_alternate_content_takes_the_fallback_when_the_choice_is_unknown() -> None:
    """An mc:AlternateContent whose Choice needs an unknown namespace is replaced by its Fallback."""
    chart = (
        f'<c:chartSpace xmlns:c="{C}" xmlns:mc="{_MC}" xmlns:c14="http://schemas.microsoft.com/office/drawing/2007/8/2/chart">'
        '<mc:AlternateContent><mc:Choice Requires="c14"><c14:style val="102"/></mc:Choice>'
        '<mc:Fallback><c:style val="2"/></mc:Fallback></mc:AlternateContent><c:chart/></c:chartSpace>'
    ).encode()
    root, problems = _resolved(chart)
    assert problems == []
    assert [etree.QName(child).localname for child in root] == ["style", "chart"]
    assert root[0].get("val") == "2"


def test_alternate_content_takes_a_choice_it_understands() -> None:
    """A Choice whose Requires are all understood is taken (here the SpreadsheetML namespace itself)."""
    root, _ = _resolved(
        _worksheet(
            '<mc:AlternateContent><mc:Choice Requires="s"><sheetData/></mc:Choice>'
            '<mc:Fallback><dimension ref="A1"/></mc:Fallback></mc:AlternateContent>',
            f'xmlns:s="{SML}"',
        )
    )
    assert [etree.QName(child).localname for child in root] == ["sheetData"]


def test_must_understand_of_an_unknown_namespace_is_reported() -> None:
    """mc:MustUnderstand naming a namespace the consumer lacks is a finding (Excel would refuse the part)."""
    _, problems = _resolved(_worksheet("<sheetData/>", 'mc:MustUnderstand="x14ac"'))
    assert problems == [_X14AC]
    assert MUST_UNDERSTAND.value == 0


def test_a_part_with_ignorable_markup_validates(workbook_parts: Parts) -> None:
    """A worksheet carrying x14ac attributes under mc:Ignorable (as Excel and XlsxWriter write) passes."""
    data = (
        workbook_parts[SETTINGS]
        .replace(
            b"<worksheet ", f'<worksheet xmlns:mc="{_MC}" xmlns:x14ac="{_X14AC}" mc:Ignorable="x14ac" '.encode(), 1
        )
        .replace(b"<sheetFormatPr ", b'<sheetFormatPr x14ac:dyDescent="0.25" ', 1)
    )
    assert b"x14ac:dyDescent" in data
    assert check_parts({**workbook_parts, SETTINGS: data}) == []


# --- the helpers of excel_limits -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("A1", True),
        ("XFD1048576", True),
        ("XFE1", False),
        ("A1048577", False),
        ("R1C1", True),
        ("rc", True),
        ("R", True),
        ("C12", True),
        ("xlinsats_ar", False),
        ("Mål2", False),
        ("ABCD1", False),
    ],
)
def test_looks_like_cell_reference(name: str, expected: bool) -> None:
    """A1 references within the grid and R1C1 forms read as cells; other names do not."""
    assert lim.looks_like_cell_reference(name) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("xlinsats_ar", True),
        ("_x", True),
        ("\\x", True),
        ("Mål.2?", True),
        ("1a", False),
        ("a b", False),
        ("a-b", False),
        ("", False),
        ("a!", False),
    ],
)
def test_is_name_syntax(name: str, expected: bool) -> None:
    """Names start with a letter, '_' or '\\' and hold letters, digits, '_', '.', '\\' and '?'."""
    assert lim.is_name_syntax(name) is expected


def test_sheet_name_problems_lists_every_broken_rule() -> None:
    """A name can break several rules at once, and a good name breaks none."""
    assert lim.sheet_name_problems("Efter avslut") == []
    assert lim.sheet_name_problems("'" + "/" * 31) == [
        lim.SHEET_NAME_LENGTH,
        lim.SHEET_NAME_CHARACTERS,
        lim.SHEET_NAME_APOSTROPHE,
    ]
    assert lim.sheet_name_problems("") == [lim.SHEET_NAME_CHARACTERS]


def test_shorten_keeps_text_within_the_limit() -> None:
    """shorten returns short text unchanged and cuts long text to at most the limit, ending in an ellipsis."""
    assert lim.shorten("Kort", lim.VALIDATION_TITLE) == "Kort"
    long = "Självförsörjande efter ett år annat/ej angivet"
    cut = lim.shorten(long, lim.VALIDATION_TITLE)
    assert len(cut) <= 32 and cut.endswith("…") and long.startswith(cut[:-1])
    emoji = lim.shorten("🙂" * 40, lim.VALIDATION_TITLE)
    assert lim.excel_length(emoji) <= 32 and emoji.endswith("…")


def test_vendored_schemas_cover_what_the_parts_import() -> None:
    """Every schemaLocation a vendored schema imports is vendored too, so a clone validates offline."""
    folder = Path(__file__).parent / "schemas"
    for schema in folder.glob("*.xsd"):
        for location in etree.parse(str(schema)).getroot().iter("{http://www.w3.org/2001/XMLSchema}import"):
            target = location.get("schemaLocation")
            assert target is None or (folder / target).exists(), (schema.name, target)


@pytest.mark.parametrize("name", ["HBS", "A&B " * 80, "&" * 255, "x" * 300])
def test_page_header_stays_within_excels_limit(name: str) -> None:
    """The report's header, with the writer's centre code, is at most 255 characters and ends in its suffix."""
    from xlinsats.report.layout import HEADER_CODE, page_header

    header = page_header(name, " – uppföljning 2022")
    assert len(HEADER_CODE + header) <= lim.HEADER_FOOTER.value
    assert header.endswith(" – uppföljning 2022")
    body = header.removesuffix(" – uppföljning 2022").removesuffix("…")
    assert (len(body) - len(body.rstrip("&"))) % 2 == 0  # no half of an escaped "&&"
