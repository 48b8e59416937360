"""The package layer: relationship resolution, content types, reproducible zips and guarded opening."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from xlinsats.core.model import FollowUp
from xlinsats.errors import FileFormatError
from xlinsats.opc import (
    CONTENT_TYPES_PART,
    CORE_PROPERTIES_PART,
    PACKAGE_RELS_PART,
    PINNED_W3CDTF,
    PINNED_ZIP_TIME,
    RT_OFFICE_DOCUMENT,
    RT_TABLE,
    RT_WORKSHEET,
    ContentTypes,
    Package,
    PackageError,
    PackageReader,
    Relationship,
    iter_parts,
    parse_relationships,
    relative_target,
    rels_part_for,
    resolve_target,
    serialize_relationships,
    write_zip,
)
from xlinsats.workbook.writer import build_workbook

_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _rels(*entries: str) -> bytes:
    return f'<?xml version="1.0"?><Relationships xmlns="{_RELS}">{"".join(entries)}</Relationships>'.encode()


@pytest.mark.parametrize(
    ("source", "target", "part"),
    [
        ("xl/workbook.xml", "worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"),
        ("xl/worksheets/sheet1.xml", "../tables/table1.xml", "xl/tables/table1.xml"),
        ("xl/workbook.xml", "../customXml/item1.xml", "customXml/item1.xml"),
        ("xl/workbook.xml", "/xl/worksheets/sheet2.xml", "xl/worksheets/sheet2.xml"),
        ("xl/worksheets/sheet1.xml", "/customUI/customUI14.xml", "customUI/customUI14.xml"),
        ("", "xl/workbook.xml", "xl/workbook.xml"),
        ("", "/xl/workbook.xml", "xl/workbook.xml"),
        ("xl/workbook.xml", "./styles.xml", "xl/styles.xml"),
        ("xl/workbook.xml", "a/../b/./c.xml", "xl/b/c.xml"),
    ],
)
def test_targets_resolve_relative_to_the_source_folder(source: str, target: str, part: str) -> None:
    """A relative target is taken from the source part's folder, an absolute one from the package root."""
    assert resolve_target(source, target) == part


@pytest.mark.parametrize(("source", "target"), [("xl/workbook.xml", "../../etc/passwd"), ("", "../x.xml")])
def test_targets_outside_the_package_are_refused(source: str, target: str) -> None:
    """A target that climbs above the package root is a PackageError, never a part name."""
    with pytest.raises(PackageError, match="utanför paketet"):
        resolve_target(source, target)


def test_relationships_parts_are_named_after_their_source() -> None:
    """xl/workbook.xml keeps its relationships in xl/_rels/workbook.xml.rels, the package in _rels/.rels."""
    assert rels_part_for("xl/workbook.xml") == "xl/_rels/workbook.xml.rels"
    assert rels_part_for("/xl/worksheets/sheet1.xml") == "xl/worksheets/_rels/sheet1.xml.rels"
    assert rels_part_for("") == PACKAGE_RELS_PART


def test_relationships_are_parsed_as_xml() -> None:
    """Escaped characters, attribute order, single quotes and external targets are read as an XML parser reads them."""
    xml = _rels(
        f"<Relationship Target='worksheets/a&amp;b.xml' Id='rId1' Type='{RT_WORKSHEET}'/>",
        f'<Relationship Id="rId2" Type="{RT_TABLE}" Target="http://example.org/x" TargetMode="External">'
        "</Relationship>",
    )
    first, second = parse_relationships("xl/workbook.xml", xml)
    assert first == Relationship("rId1", RT_WORKSHEET, "worksheets/a&b.xml", "xl/worksheets/a&b.xml")
    assert second.is_external and second.part is None and second.target == "http://example.org/x"


def test_relationships_round_trip_through_serialisation() -> None:
    """Serialised relationships parse back to the same relationships, external mode included."""
    rels = [
        Relationship("rId1", RT_OFFICE_DOCUMENT, "xl/workbook.xml", "xl/workbook.xml"),
        Relationship("rId2", RT_TABLE, 'https://example.org/?a=1&b="2"', None),
    ]
    assert parse_relationships("", serialize_relationships("", rels)) == rels


def test_relationships_with_a_doctype_are_refused() -> None:
    """A relationships part carrying a DOCTYPE (the way XML bombs get in) is refused, not expanded."""
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>'
        + _rels(f'<Relationship Id="&a;" Type="{RT_WORKSHEET}" Target="x.xml"/>').split(b"?>", 1)[1]
    )
    with pytest.raises(PackageError):
        parse_relationships("xl/workbook.xml", bomb)


def test_relative_target_is_the_inverse_of_resolution() -> None:
    """The target written from a source to a part resolves back to that part."""
    for source, part in [
        ("xl/workbook.xml", "xl/vbaProject.bin"),
        ("", "customUI/customUI14.xml"),
        ("xl/worksheets/sheet1.xml", "xl/tables/table3.xml"),
    ]:
        assert resolve_target(source, relative_target(source, part)) == part
    assert relative_target("xl/worksheets/sheet1.xml", "xl/tables/table3.xml") == "../tables/table3.xml"


def test_content_types_by_override_then_extension() -> None:
    """An override names one part's type; any other part takes its extension's default; both survive a round trip."""
    types = ContentTypes.parse(
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="XML" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="main"/></Types>'
    )
    assert types.of("xl/workbook.xml") == "main"
    assert types.of("customUI/customUI14.xml") == "application/xml"
    assert types.of("xl/vbaProject.bin") is None
    assert ContentTypes.parse(types.serialize()) == types


def test_zip_bytes_depend_only_on_the_parts() -> None:
    """The same parts in another order give the same bytes; entries carry the pinned time and one platform."""
    parts = {"xl/workbook.xml": b"<w/>", PACKAGE_RELS_PART: b"<r/>", CONTENT_TYPES_PART: b"<t/>", "a.bin": b"\0"}
    first = write_zip(parts)
    assert write_zip(dict(reversed(list(parts.items())))) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == [CONTENT_TYPES_PART, PACKAGE_RELS_PART, "a.bin", "xl/workbook.xml"]
        stamps = {(info.date_time, info.create_system, info.external_attr) for info in archive.infolist()}
        assert stamps == {(PINNED_ZIP_TIME, 0, 0o600 << 16)}
    assert dict(iter_parts(first)) == parts


def test_package_pins_document_dates() -> None:
    """Writing a package pins dcterms:created and dcterms:modified, whatever they were."""
    core = (
        b'<cp:coreProperties xmlns:cp="c" xmlns:dcterms="d"><dcterms:created xsi:type="x">2026-11-30T10:00:00Z'
        b"</dcterms:created><dcterms:modified>2026-11-30T11:00:00Z</dcterms:modified></cp:coreProperties>"
    )
    written = dict(iter_parts(Package({CORE_PROPERTIES_PART: core}).to_bytes()))[CORE_PROPERTIES_PART]
    assert written.count(PINNED_W3CDTF.encode()) == 2 and b"2026" not in written


def test_removing_a_part_removes_what_points_at_it(reference: FollowUp) -> None:
    """Removing the VBA project drops the part, its relationship from the workbook and nothing else."""
    package = Package.from_bytes(build_workbook(reference).data)
    before = package.relationships("xl/workbook.xml")
    package.remove("xl/vbaProject.bin")
    assert "xl/vbaProject.bin" not in package.parts
    after = package.relationships("xl/workbook.xml")
    assert [rel.part for rel in before if rel.part != "xl/vbaProject.bin"] == [rel.part for rel in after]
    assert len(after) == len(before) - 1


def test_relate_replaces_a_relationship_of_the_same_type() -> None:
    """relate leaves one relationship of its type, to the new part, with a target relative to the source."""
    package = Package({PACKAGE_RELS_PART: _rels(f'<Relationship Id="rId9" Type="{RT_TABLE}" Target="old.xml"/>')})
    package.relate("", RT_TABLE, "customUI/customUI14.xml", "rIdNew")
    assert package.relationships("") == [
        Relationship("rIdNew", RT_TABLE, "customUI/customUI14.xml", "customUI/customUI14.xml")
    ]


def test_reader_opens_a_built_workbook_and_follows_its_relationships(reference: FollowUp, tmp_path: Path) -> None:
    """PackageReader finds the workbook from the package, its sheets and each sheet's table."""
    path = tmp_path / "bok.xlsx"
    path.write_bytes(build_workbook(reference, macro_enabled=False).data)
    with PackageReader(path) as package:
        (document,) = [rel for rel in package.relationships("") if rel.type == RT_OFFICE_DOCUMENT]
        assert document.part == "xl/workbook.xml"
        sheets = [rel.part for rel in package.relationships("xl/workbook.xml") if rel.type == RT_WORKSHEET]
        assert len(sheets) == 11 and all(part in package.part_names for part in sheets)
        tables = [rel.part for sheet in sheets for rel in package.relationships(sheet or "") if rel.type == RT_TABLE]
        assert len(tables) == 11 and all(part in package.part_names for part in tables)


def test_reader_opens_only_what_the_guard_accepts(tmp_path: Path) -> None:
    """A file that is no workbook package is refused with the guard's Swedish message before a part is read."""
    path = tmp_path / "inte.xlsx"
    path.write_bytes(b"PK not really a zip")
    with pytest.raises(FileFormatError, match="skadad"):
        PackageReader(path)
    doctype = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(doctype, "w") as archive:
        archive.writestr("xl/workbook.xml", "<!DOCTYPE x><workbook/>")
    with pytest.raises(FileFormatError, match="DOCTYPE"):
        PackageReader(doctype)
