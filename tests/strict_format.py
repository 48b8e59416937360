"""Strict format checks of a written package: every XML part against ECMA-376, then Excel's load limits.

``check_package(path)`` returns a list of ``Finding``s (part, element, value, limit); an empty list means the
package passed. Two passes:

1. Schemas. Each XML part is parsed with lxml (no network, no entities), its markup-compatibility layer
   (ECMA-376 Part 3: ``mc:Ignorable``, ``mc:AlternateContent``, ``mc:MustUnderstand``) is resolved as a
   consumer that understands only the vendored schemas' namespaces would, and the result is validated
   against the schema picked by the root element's namespace (``SCHEMA_BY_NAMESPACE``, files in
   tests/schemas/). A part whose namespace no schema covers is a finding unless ``UNCOVERED_NAMESPACES``
   names it with a reason; binary parts are accepted only by the content types in ``BINARY_CONTENT_TYPES``.
2. Limits. The workbook is walked through its relationships (sheets, shared strings, styles, tables,
   drawings, charts) and every rule of ``xlinsats.excel_limits.LIMITS`` that a file can break is checked.

The walk is written here on purpose, apart from the project's own package code, so a writer's mistake in
resolving relationships cannot hide the same mistake in the check.
"""

from __future__ import annotations

import copy
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

from xlinsats import excel_limits as lim
from xlinsats.excel_limits import Limit

SCHEMAS = Path(__file__).parent / "schemas"

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS = {"s": SML, "r": REL, "p": PKG_REL, "ct": CT, "c": CHART}

#: The schema file that validates a part, by the namespace of the part's root element.
SCHEMA_BY_NAMESPACE: dict[str, str] = {
    SML: "sml.xsd",
    CHART: "dml-chart.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing": "dml-spreadsheetDrawing.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "dml-main.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/chartDrawing": "dml-chartDrawing.xsd",
    CT: "opc-contentTypes.xsd",
    PKG_REL: "opc-relationships.xsd",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "opc-coreProperties.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties": (
        "shared-documentPropertiesExtended.xsd"
    ),
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties": "shared-documentPropertiesCustom.xsd",
    "http://schemas.microsoft.com/office/2009/07/customui": "customui14.xsd",
}

#: XML parts whose root namespace no vendored schema covers, with the reason they are accepted unvalidated.
#: Empty: every XML part the project writes is validated. Adding a namespace here is a reviewed decision.
UNCOVERED_NAMESPACES: dict[str, str] = {}

#: Binary parts a package may hold, by content type, with where they are checked instead.
BINARY_CONTENT_TYPES: dict[str, str] = {
    "application/vnd.ms-office.vbaProject": "the VBA project ([MS-OVBA]): tests/test_xlsm_*.py read it back",
}


@dataclass(frozen=True)
class Finding:
    """One breach: the part, the element (or XPath) in it, the offending value, and the limit it breaks."""

    part: str
    element: str
    value: str
    limit: Limit

    def __str__(self) -> str:
        value = self.value if len(self.value) <= 120 else self.value[:117] + "..."
        return f"{self.part}: {self.element}: {value!r} breaks {self.limit.describe()}"


def schema_limit(schema: str) -> Limit:
    """The 'limit' a schema error breaks: no error is allowed against that vendored schema."""
    return Limit(f"errors against {schema}", 0, f"ECMA-376 Transitional schema, tests/schemas/{schema}")


UNKNOWN_PART = Limit("XML parts in a namespace no vendored schema covers", 0, "tests/strict_format.py")
UNKNOWN_BINARY = Limit("binary parts of an unexpected content type", 0, "tests/strict_format.py")
NOT_WELL_FORMED = Limit("parts that are not well-formed XML", 0, "XML 1.0; ECMA-376 Part 2 §8.1.4")
MUST_UNDERSTAND = Limit("mc:MustUnderstand namespaces a consumer does not know", 0, "ECMA-376 Part 3 §8.2")


# ---------------------------------------------------------------------------------------------------------
# Pass 1: schemas and markup compatibility


XSD = "http://www.w3.org/2001/XMLSchema"


@cache
def load_schema(name: str) -> etree.XMLSchema:
    """Return the compiled schema of that vendored file (imports resolve within tests/schemas/)."""
    document = etree.parse(str(SCHEMAS / name))
    if name == "customui14.xsd":
        _drop_repeated_attribute_uses(document.getroot())
    return etree.XMLSchema(document)


def _drop_repeated_attribute_uses(schema: etree._Element) -> None:
    """Remove, from each complexType extension, attribute uses its base type already has.

    Microsoft's customui14.xsd repeats identical uses (``AG_Enabled`` on types whose base already holds
    it through ``AG_CommonAttributes``). .NET accepts that; libxml2 follows XSD 1.0, which forbids two
    attribute uses of one name in a type, and refuses to compile. Dropping the identical repeat changes no
    accepted document, so the vendored file stays byte-identical to its source.
    """
    groups = {g.get("name"): g for g in schema.iterfind(f"{{{XSD}}}attributeGroup")}
    types = {t.get("name"): t for t in schema.iterfind(f"{{{XSD}}}complexType")}

    def local(reference: str) -> str:
        return reference.rsplit(":", 1)[-1]

    def own(container: etree._Element) -> set[str]:
        names: set[str] = set()
        for child in container:
            if child.tag == f"{{{XSD}}}attribute" and child.get("name"):
                names.add(child.get("name", ""))
            elif child.tag == f"{{{XSD}}}attributeGroup" and child.get("ref"):
                group = groups.get(local(child.get("ref", "")))
                if group is not None:
                    names |= own(group)
        return names

    def of_type(name: str) -> set[str]:
        declared = types.get(local(name))
        if declared is None:
            return set()
        content = declared.find(f"{{{XSD}}}complexContent")
        if content is None:
            return own(declared)
        derivation = content[-1] if len(content) else None
        if derivation is None:
            return set()
        base = of_type(derivation.get("base", ""))
        return base | own(derivation) if etree.QName(derivation).localname == "extension" else base

    for extension in schema.iter(f"{{{XSD}}}extension"):
        inherited = of_type(extension.get("base", ""))
        for child in list(extension):
            if child.tag == f"{{{XSD}}}attributeGroup" and local(child.get("ref", "")) in groups:
                group = groups[local(child.get("ref", ""))]
                if own(group) & inherited:
                    # Replace the group by copies of its attributes the base does not have yet.
                    index = extension.index(child)
                    extension.remove(child)
                    fresh = [copy.deepcopy(a) for a in _flat(group, groups) if a.get("name") not in inherited]
                    for offset, attribute in enumerate(fresh):
                        extension.insert(index + offset, attribute)
            elif child.tag == f"{{{XSD}}}attribute" and child.get("name") in inherited:
                extension.remove(child)


def _flat(container: etree._Element, groups: dict[str | None, etree._Element]) -> list[etree._Element]:
    """The attribute declarations of an attribute group, its nested groups resolved."""
    found: list[etree._Element] = []
    for child in container:
        if child.tag == f"{{{XSD}}}attribute":
            found.append(child)
        elif child.tag == f"{{{XSD}}}attributeGroup" and child.get("ref"):
            found += _flat(groups[child.get("ref", "").rsplit(":", 1)[-1]], groups)
    return found


@cache
def understood_namespaces() -> frozenset[str]:
    """The namespaces this consumer understands: the target namespaces of every vendored schema, and xml:."""
    found = {XML_NS}
    for path in SCHEMAS.glob("*.xsd"):
        target = etree.parse(str(path)).getroot().get("targetNamespace")
        if target:
            found.add(target)
    return frozenset(found)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False, huge_tree=False)


def parse_xml(data: bytes) -> etree._Element:
    """Parse one part safely (no entity expansion, no network)."""
    return etree.fromstring(data, parser=_PARSER)


def _namespaces_of(element: etree._Element, prefixes: str) -> set[str]:
    return {element.nsmap[prefix] for prefix in prefixes.split() if prefix in element.nsmap}


def _choose(alternate: etree._Element, understood: frozenset[str]) -> list[etree._Element]:
    """The children that replace an mc:AlternateContent: the first Choice whose Requires are known, else Fallback."""
    for branch in alternate:
        if branch.tag == f"{{{MC}}}Choice":
            required = branch.get("Requires", "").split()
            if all(branch.nsmap.get(prefix) in understood for prefix in required):
                return list(branch)
        elif branch.tag == f"{{{MC}}}Fallback":
            return list(branch)
    return []


def resolve_compatibility(element: etree._Element, understood: frozenset[str], ignorable: frozenset[str]) -> list[str]:
    """Apply ECMA-376 Part 3 to ``element`` in place; return the MustUnderstand namespaces not understood."""
    problems: list[str] = []
    declared = element.get(f"{{{MC}}}Ignorable")
    if declared:
        ignorable = ignorable | _namespaces_of(element, declared)
    must = element.get(f"{{{MC}}}MustUnderstand")
    if must:
        problems += sorted(ns for ns in _namespaces_of(element, must) if ns not in understood)
    for name in list(element.attrib):
        namespace = etree.QName(name).namespace
        if namespace == MC or (namespace in ignorable and namespace not in understood):
            del element.attrib[name]
    for child in list(element):
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions
        namespace = etree.QName(child).namespace
        if child.tag == f"{{{MC}}}AlternateContent":
            index = element.index(child)
            choice = _choose(child, understood)  # before removal: a detached element forgets its parents' prefixes
            element.remove(child)
            for offset, chosen in enumerate(choice):
                element.insert(index + offset, chosen)
                problems += resolve_compatibility(chosen, understood, ignorable)
        elif namespace in ignorable and namespace not in understood:
            element.remove(child)
        else:
            problems += resolve_compatibility(child, understood, ignorable)
    return problems


def content_types(parts: dict[str, bytes]) -> dict[str, str]:
    """Return the content type of every part, by part name, from [Content_Types].xml (overrides win)."""
    root = parse_xml(parts["[Content_Types].xml"])
    defaults = {d.get("Extension", "").lower(): d.get("ContentType", "") for d in root.findall("ct:Default", NS)}
    overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in root.findall("ct:Override", NS)}
    found = {}
    for name in parts:
        if name == "[Content_Types].xml" or name.endswith("/"):
            continue
        extension = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
        kind = overrides.get(name) or defaults.get(extension)
        if kind:
            found[name] = kind
    return found


def _is_xml(content_type: str) -> bool:
    return content_type.endswith("xml")


def schema_findings(name: str, data: bytes) -> list[Finding]:
    """Validate one XML part against the schema of its root namespace, after markup compatibility."""
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError as error:
        return [Finding(name, "(document)", str(error), NOT_WELL_FORMED)]
    namespace = etree.QName(root).namespace or ""
    schema_name = SCHEMA_BY_NAMESPACE.get(namespace)
    if schema_name is None:
        if namespace in UNCOVERED_NAMESPACES:
            return []
        return [Finding(name, root.tag, namespace, UNKNOWN_PART)]
    findings = [
        Finding(name, root.tag, ns, MUST_UNDERSTAND)
        for ns in resolve_compatibility(root, understood_namespaces(), frozenset())
    ]
    schema = load_schema(schema_name)
    if not schema.validate(root):
        limit = schema_limit(schema_name)
        findings += [
            Finding(name, error.path or f"line {error.line}", error.message, limit) for error in schema.error_log
        ]
    return findings


# ---------------------------------------------------------------------------------------------------------
# Pass 2: the workbook and Excel's limits


def relationships(parts: dict[str, bytes], source: str) -> dict[str, tuple[str, str, str]]:
    """Return the relationships of part ``source`` ('' for the package): id -> (type, target part, mode)."""
    folder, base = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in parts:
        return {}
    found = {}
    for rel in parse_xml(parts[rels_name]).findall("p:Relationship", NS):
        target, mode = rel.get("Target", ""), rel.get("TargetMode", "Internal")
        if mode == "Internal":
            target = (
                target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            )
        found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], target, mode)
    return found


def _related(parts: dict[str, bytes], source: str, kind: str) -> list[str]:
    return [target for (rel_kind, target, mode) in relationships(parts, source).values() if rel_kind == kind]


_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


def cell_position(ref: str) -> tuple[int, int]:
    """Return (row, column), 1-based, of an A1 reference such as 'B7' or '$B$7'."""
    match = _REF.fullmatch(ref.upper())
    if match is None:
        raise ValueError(ref)
    return int(match.group(2)), lim.column_number(match.group(1))


def area(ref: str) -> tuple[int, int, int, int]:
    """Return (top, left, bottom, right) of 'A1' or 'A1:C9'."""
    first, _, last = ref.partition(":")
    top, left = cell_position(first)
    bottom, right = cell_position(last) if last else (top, left)
    return top, left, bottom, right


_SHEET_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)$")


def sheet_reference(formula: str) -> tuple[str, str] | None:
    """Split "'Sheet name'!$A$1:$B$2" into (sheet name, area); None when it is not one plain reference."""
    match = _SHEET_REF.match(formula.strip())
    if match is None:
        return None
    sheet = match.group(1).replace("''", "'") if match.group(1) is not None else match.group(2)
    return sheet, match.group(3)


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Decode the _xHHHH_ escapes of ST_Xstring (ECMA-376 Part 1 §22.9.2.19)."""
    return _ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def _text(element: etree._Element | None) -> str:
    """All text of t elements below ``element`` (a shared string item or an inline string)."""
    if element is None:
        return ""
    return "".join(t.text or "" for t in element.iter(f"{{{SML}}}t") if etree.QName(t.getparent()).localname != "rPh")


@dataclass
class Sheet:
    """One worksheet as the checks need it: name, part, its cells' texts and the extent of its cells."""

    name: str
    part: str
    root: etree._Element
    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    last_row: int = 0
    last_column: int = 0


class Workbook:
    """The workbook of a package: its sheets, shared strings, defined names, styles, tables and charts."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        self.parts = parts
        main = _related(parts, "", "officeDocument")
        self.part = main[0] if main else "xl/workbook.xml"
        self.root = parse_xml(parts[self.part])
        strings = _related(parts, self.part, "sharedStrings")
        self.strings_part = strings[0] if strings else None
        self.strings = [_text(si) for si in parse_xml(parts[strings[0]]).findall("s:si", NS)] if strings else []
        styles = _related(parts, self.part, "styles")
        self.styles_part = styles[0] if styles else None
        rels = relationships(parts, self.part)
        self.sheets: list[Sheet] = []
        for sheet in self.root.findall("s:sheets/s:sheet", NS):
            target = rels.get(sheet.get(f"{{{REL}}}id", ""), ("", "", ""))[1]
            if target in parts:
                self.sheets.append(self._read_sheet(sheet.get("name", ""), target))

    def _read_sheet(self, name: str, part: str) -> Sheet:
        root = parse_xml(self.parts[part])
        sheet = Sheet(name, part, root)
        for cell in root.iterfind("s:sheetData/s:row/s:c", NS):
            ref = cell.get("r")
            if ref is None:
                continue
            row, column = cell_position(ref)
            sheet.last_row, sheet.last_column = max(sheet.last_row, row), max(sheet.last_column, column)
            kind, value = cell.get("t", "n"), cell.findtext("s:v", None, NS)
            if kind == "s" and value is not None and value.isdigit() and int(value) < len(self.strings):
                sheet.texts[row, column] = self.strings[int(value)]
            elif kind == "inlineStr":
                sheet.texts[row, column] = _text(cell.find("s:is", NS))
            elif value is not None:
                sheet.texts[row, column] = value
        return sheet

    def sheet(self, name: str) -> Sheet | None:
        """The sheet of that name (Excel compares sheet names ignoring case)."""
        return next((sheet for sheet in self.sheets if sheet.name.casefold() == name.casefold()), None)

    def defined_names(self) -> list[etree._Element]:
        """Every definedName element."""
        return list(self.root.iterfind("s:definedNames/s:definedName", NS))

    def tables(self) -> Iterator[tuple[Sheet, str, etree._Element]]:
        """Every table part with the sheet it belongs to."""
        for sheet in self.sheets:
            for target in _related(self.parts, sheet.part, "table"):
                if target in self.parts:
                    yield sheet, target, parse_xml(self.parts[target])

    def charts(self) -> Iterator[tuple[str, etree._Element]]:
        """Every chart part reached from a sheet's drawing."""
        for sheet in self.sheets:
            for drawing in _related(self.parts, sheet.part, "drawing"):
                for chart in _related(self.parts, drawing, "chart"):
                    if chart in self.parts:
                        yield chart, parse_xml(self.parts[chart])


def _duplicates(items: Iterable[tuple[str, str, str]], limit: Limit) -> list[Finding]:
    """Findings for each (part, element, key) whose key, ignoring case, occurred limit.value times before it."""
    seen: Counter[str] = Counter()
    findings = []
    for part, element, key in items:
        if seen[key.casefold()] >= limit.value:
            findings.append(Finding(part, element, key, limit))
        seen[key.casefold()] += 1
    return findings


def _too_long(part: str, element: str, value: str | None, limit: Limit) -> list[Finding]:
    too_long = value is not None and lim.excel_length(value) > limit.value
    return [Finding(part, element, value or "", limit)] if too_long else []


def sheet_name_findings(book: Workbook) -> list[Finding]:
    """Sheet names: length, characters, apostrophes, 'History', unique ignoring case."""
    findings = []
    for sheet in book.root.iterfind("s:sheets/s:sheet", NS):
        name = sheet.get("name", "")
        findings += [Finding(book.part, "sheet/@name", name, limit) for limit in lim.sheet_name_problems(name)]
    findings += _duplicates(
        ((book.part, "sheet/@name", s.get("name", "")) for s in book.root.iterfind("s:sheets/s:sheet", NS)),
        lim.SHEET_NAME_UNIQUE,
    )
    return findings


def _name_rules(part: str, element: str, name: str, syntax: Limit) -> list[Finding]:
    findings = _too_long(part, element, name, lim.DEFINED_NAME_LENGTH)
    if not lim.is_name_syntax(name):
        findings.append(Finding(part, element, name, syntax))
    if lim.looks_like_cell_reference(name):
        findings.append(Finding(part, element, name, lim.DEFINED_NAME_CELL_REFERENCE))
    return findings


def defined_name_findings(book: Workbook) -> list[Finding]:
    """Defined names: syntax, length, not a cell reference, unique per scope, references to existing sheets."""
    findings = []
    scoped = []
    for defined in book.defined_names():
        name = defined.get("name", "")
        element = f"definedName[@name='{name}']"
        if not name.startswith("_xlnm."):
            findings += _name_rules(book.part, element, name, lim.DEFINED_NAME_SYNTAX)
        scoped.append((book.part, element, f"{defined.get('localSheetId', '')}!{name}"))
        for piece in (defined.text or "").split(","):
            reference = sheet_reference(piece)
            if reference is not None and book.sheet(reference[0]) is None:
                findings.append(Finding(book.part, element, defined.text or "", lim.DEFINED_NAME_REFERENCE))
    return findings + _duplicates(scoped, lim.DEFINED_NAME_UNIQUE)


def cell_findings(book: Workbook) -> list[Finding]:
    """Cell text ≤ 32,767 characters, formulas ≤ 8,192, cells and rows within the grid."""
    findings = []
    if book.strings_part is not None:
        for index, text in enumerate(book.strings):
            findings += _too_long(book.strings_part, f"si[{index + 1}]", text, lim.CELL_TEXT)
    for sheet in book.sheets:
        for row in sheet.root.iterfind("s:sheetData/s:row", NS):
            number = int(row.get("r", "0"))
            if number > lim.GRID_ROWS.value:
                findings.append(Finding(sheet.part, "row/@r", str(number), lim.GRID_ROWS))
        for cell in sheet.root.iterfind("s:sheetData/s:row/s:c", NS):
            ref = cell.get("r", "")
            row, column = cell_position(ref) if ref else (0, 0)
            if column > lim.GRID_COLUMNS.value:
                findings.append(Finding(sheet.part, "c/@r", ref, lim.GRID_COLUMNS))
            if cell.get("t") in ("inlineStr", "str"):
                findings += _too_long(sheet.part, f"c[@r='{ref}']", sheet.texts.get((row, column)), lim.CELL_TEXT)
            formula = cell.find("s:f", NS)
            if formula is not None:
                findings += _too_long(sheet.part, f"c[@r='{ref}']/f", formula.text, lim.FORMULA_LENGTH)
        for row_break in sheet.root.iterfind("s:rowBreaks/s:brk", NS):
            if int(row_break.get("id", "0")) > lim.GRID_ROWS.value:
                findings.append(Finding(sheet.part, "rowBreaks/brk/@id", row_break.get("id", ""), lim.GRID_ROWS))
    return findings


def _grid_findings(part: str, element: str, sqref: str) -> list[Finding]:
    findings = []
    for ref in sqref.split():
        try:
            top, left, bottom, right = area(ref)
        except ValueError:
            continue  # not an A1 area: the schema's ST_Sqref pattern decides
        if max(top, bottom) > lim.GRID_ROWS.value:
            findings.append(Finding(part, element, ref, lim.GRID_ROWS))
        if max(left, right) > lim.GRID_COLUMNS.value:
            findings.append(Finding(part, element, ref, lim.GRID_COLUMNS))
    return findings


def validation_findings(book: Workbook) -> list[Finding]:
    """Data validations: titles ≤ 32, prompt ≤ 255, error ≤ 224, formulas ≤ 255, ranges within the grid."""
    findings = []
    for sheet in book.sheets:
        for rule in sheet.root.iterfind("s:dataValidations/s:dataValidation", NS):
            where = f"dataValidation[@sqref='{rule.get('sqref', '')}']"
            findings += _too_long(sheet.part, f"{where}/@promptTitle", rule.get("promptTitle"), lim.VALIDATION_TITLE)
            findings += _too_long(sheet.part, f"{where}/@errorTitle", rule.get("errorTitle"), lim.VALIDATION_TITLE)
            findings += _too_long(sheet.part, f"{where}/@prompt", rule.get("prompt"), lim.VALIDATION_MESSAGE)
            findings += _too_long(sheet.part, f"{where}/@error", rule.get("error"), lim.VALIDATION_ERROR)
            for formula in ("formula1", "formula2"):
                text = rule.findtext(f"s:{formula}", None, NS)
                findings += _too_long(sheet.part, f"{where}/{formula}", text, lim.VALIDATION_FORMULA)
            findings += _grid_findings(sheet.part, f"{where}/@sqref", rule.get("sqref", ""))
        for merge in sheet.root.iterfind("s:mergeCells/s:mergeCell", NS):
            findings += _grid_findings(sheet.part, "mergeCell/@ref", merge.get("ref", ""))
    return findings


def header_footer_findings(book: Workbook) -> list[Finding]:
    """Page headers and footers ≤ 255 characters each."""
    findings = []
    for sheet in book.sheets:
        for element in sheet.root.iterfind("s:headerFooter/*", NS):
            name = f"headerFooter/{etree.QName(element).localname}"
            findings += _too_long(sheet.part, name, element.text, lim.HEADER_FOOTER)
    return findings


def table_findings(book: Workbook) -> list[Finding]:
    """Tables: names and ids unique (and apart from defined names), names valid, headers equal their columns."""
    findings = []
    # Table names share one namespace with the workbook's global defined names (structured references).
    taken = {
        d.get("name", "").casefold()
        for d in book.defined_names()
        if d.get("localSheetId") is None and not d.get("name", "").startswith("_xlnm.")
    }
    ids = []
    for sheet, part, table in book.tables():
        display = table.get("displayName", "")
        for attribute in ("displayName", "name") if table.get("name") not in (None, display) else ("displayName",):
            name = table.get(attribute, "")
            if name.casefold() in taken:
                findings.append(Finding(part, f"table/@{attribute}", name, lim.TABLE_NAME_UNIQUE))
            taken.add(name.casefold())
        ids.append((part, "table/@id", table.get("id", "")))
        findings += _name_rules(part, "table/@displayName", display, lim.TABLE_NAME_SYNTAX)
        columns = [column.get("name", "") for column in table.iterfind("s:tableColumns/s:tableColumn", NS)]
        findings += _duplicates(((part, "tableColumn/@name", name) for name in columns), lim.TABLE_COLUMN_UNIQUE)
        for name in columns:
            findings += _too_long(part, "tableColumn/@name", name, lim.TABLE_COLUMN_NAME_LENGTH)
        findings += _grid_findings(part, "table/@ref", table.get("ref", ""))
        top, left, _, right = area(table.get("ref", "A1"))
        if right - left + 1 != len(columns):
            findings.append(Finding(part, "table/@ref", table.get("ref", ""), lim.TABLE_HEADER_MATCH))
        if table.get("headerRowCount", "1") != "0" and area(table.get("ref", "A1"))[2] == top:
            findings.append(Finding(part, "table/@ref", table.get("ref", ""), lim.TABLE_DATA_ROW))
        if table.get("headerRowCount", "1") != "0":
            for offset, name in enumerate(columns):
                ref = f"{sheet.name}!{_column_letters(left + offset)}{top}"
                header = sheet.texts.get((top, left + offset))
                if header is None or unescape(name) != header:
                    findings.append(
                        Finding(part, f"tableColumn[@name='{name}']", f"{ref} = {header!r}", lim.TABLE_HEADER_MATCH)
                    )
    findings += _duplicates(ids, lim.TABLE_ID_UNIQUE)
    return findings


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def style_findings(book: Workbook) -> list[Finding]:
    """Number formats, cell formats, cell styles and fonts within Excel's counts."""
    if book.styles_part is None:
        return []
    root = parse_xml(book.parts[book.styles_part])
    counts = {
        lim.NUMBER_FORMATS: ("numFmts/numFmt", len(root.findall("s:numFmts/s:numFmt", NS))),
        lim.CELL_FORMATS: ("cellXfs/xf", len(root.findall("s:cellXfs/s:xf", NS))),
        lim.CELL_STYLES: ("cellStyleXfs/xf", len(root.findall("s:cellStyleXfs/s:xf", NS))),
        lim.FONTS: ("fonts/font", len(root.findall("s:fonts/s:font", NS))),
    }
    return [
        Finding(book.styles_part, element, str(count), limit)
        for limit, (element, count) in counts.items()
        if count > limit.value
    ]


#: Where a chart series keeps its references.
_SERIES_REFERENCES = ("c:tx", "c:cat", "c:val", "c:xVal", "c:yVal", "c:bubbleSize")


def chart_findings(book: Workbook) -> list[Finding]:
    """Chart series references: one plain reference each, to an existing sheet, within its cells."""
    findings = []
    for part, chart in book.charts():
        for index, series in enumerate(chart.iterfind(".//c:ser", NS)):
            for holder in _SERIES_REFERENCES:
                for formula in series.iterfind(f"{holder}//c:f", NS):
                    element = f"ser[{index + 1}]/{holder[2:]}/f"
                    findings += _chart_reference(book, part, element, formula.text or "")
    return findings


def _chart_reference(book: Workbook, part: str, element: str, formula: str) -> list[Finding]:
    reference = sheet_reference(formula.strip("()"))
    if reference is None:
        return [Finding(part, element, formula, lim.CHART_REFERENCE)]
    sheet = book.sheet(reference[0])
    if sheet is None:
        return [Finding(part, element, formula, lim.CHART_REFERENCE)]
    _, _, bottom, right = area(reference[1].replace("$", ""))
    if bottom > min(sheet.last_row, lim.GRID_ROWS.value) or right > min(sheet.last_column, lim.GRID_COLUMNS.value):
        return [Finding(part, element, formula, lim.CHART_REFERENCE)]
    return []


def package_findings(parts: dict[str, bytes], types: dict[str, str]) -> list[Finding]:
    """Every part has a content type; every internal relationship points at a part that exists."""
    findings = [
        Finding("[Content_Types].xml", "Default/Override", name, lim.PACKAGE_CONTENT_TYPE)
        for name in parts
        if name != "[Content_Types].xml" and not name.endswith("/") and name not in types
    ]
    for name in ["", *parts]:
        if name.endswith(".rels") or name.endswith("/"):
            continue
        for rel_id, (_, target, mode) in relationships(parts, name).items():
            if mode == "Internal" and target not in parts:
                findings.append(
                    Finding(
                        name or "_rels/.rels", f"Relationship[@Id='{rel_id}']", target, lim.PACKAGE_RELATIONSHIP_TARGET
                    )
                )
    return findings


#: Each check of pass 2; tests/test_strict_format.py proves each can fail.
LIMIT_CHECKS = (
    sheet_name_findings,
    defined_name_findings,
    cell_findings,
    validation_findings,
    header_footer_findings,
    table_findings,
    style_findings,
    chart_findings,
)


def check_parts(parts: dict[str, bytes]) -> list[Finding]:
    """Check a package given as its parts by name: schemas first, then Excel's limits."""
    types = content_types(parts)
    findings = package_findings(parts, types)
    for name in sorted(parts):
        kind = types.get(name)
        if kind is None:
            continue
        if _is_xml(kind):
            findings += schema_findings(name, parts[name])
        elif kind not in BINARY_CONTENT_TYPES:
            findings.append(Finding(name, "(part)", kind, UNKNOWN_BINARY))
    findings += schema_findings("[Content_Types].xml", parts["[Content_Types].xml"])
    if any(finding.limit is NOT_WELL_FORMED for finding in findings):
        return findings  # the limits need every part parsed
    book = Workbook(parts)
    for check in LIMIT_CHECKS:
        findings += check(book)
    return findings


def read_parts(path: Path) -> dict[str, bytes]:
    """Return every part of the zip package at ``path`` by name."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def check_package(path: Path) -> list[Finding]:
    """Check the package at ``path``; an empty list means it passed every schema and limit."""
    return check_parts(read_parts(path))


def report(findings: Iterable[Finding]) -> str:
    """The findings one per line, for an assertion message."""
    return "\n".join(str(finding) for finding in findings)
