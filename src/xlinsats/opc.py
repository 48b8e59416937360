"""The one package layer: guarded opening, relationships, content types and reproducible writing of OPC zips."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Self
from xml.sax.saxutils import quoteattr

from defusedxml import ElementTree

from xlinsats.errors import FileFormatError, Location
from xlinsats.package_guard import guard_package

CONTENT_TYPES_PART = "[Content_Types].xml"
PACKAGE_RELS_PART = "_rels/.rels"
CORE_PROPERTIES_PART = "docProps/core.xml"
WORKBOOK_PART = "xl/workbook.xml"

PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

#: Relationship types the project reads or writes.
RT_OFFICE_DOCUMENT = f"{OFFICE_REL_NS}/officeDocument"
RT_WORKSHEET = f"{OFFICE_REL_NS}/worksheet"
RT_TABLE = f"{OFFICE_REL_NS}/table"
RT_VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
#: The Office 2010 ribbon (customUI14); Office 2007's customUI uses the 2006 type, which Excel 2010+ also reads.
RT_RIBBON = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"

CT_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
CT_XML = "application/xml"
CT_MACRO_WORKBOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_VBA_PROJECT = "application/vnd.ms-office.vbaProject"

RIBBON_PART = "customUI/customUI14.xml"
VBA_PROJECT_PART = "xl/vbaProject.bin"

#: Document dates and zip entry times are pinned, so two builds of the same data give the same bytes. 1980 is
#: the earliest time a zip entry can carry; XlsxWriter uses it for its entries too.
PINNED_DATETIME = datetime(1980, 1, 1, tzinfo=UTC)
PINNED_W3CDTF = "1980-01-01T00:00:00Z"
PINNED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_DATE_ELEMENTS = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


class PackageError(FileFormatError):
    """A package part is missing or malformed (a relationship pointing outside the package, broken XML)."""


# -- part names and relationships ---------------------------------------------------------------------------
def rels_part_for(source: str) -> str:
    """Return the relationships part of ``source`` ("" for the package): xl/a.xml -> xl/_rels/a.xml.rels."""
    if source in ("", "/"):
        return PACKAGE_RELS_PART
    folder, name = posixpath.split(source.lstrip("/"))
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve_target(source: str, target: str) -> str:
    """Return the part name a relationship of ``source`` points at (OPC, ECMA-376 part 2, 9.3).

    The one rule: an absolute target ("/xl/x.xml") is taken from the package root; any other is relative to the
    folder of the source part (the package root for package relationships), with "." and ".." resolved.

    Raises:
        PackageError: the target leaves the package (more ".." than folders).
    """
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(source.lstrip("/")), target)
    # Relative to the root, so that normpath keeps a ".." that climbs above it (it drops one after a "/").
    resolved = posixpath.normpath(joined)
    if resolved in (".", "..") or resolved.startswith("../"):
        raise PackageError(f"relationen från {source or 'paketet'} pekar utanför paketet: {target}")
    return resolved


@dataclass(frozen=True)
class Relationship:
    """One relationship: its id, type, target as written, and the part it resolves to (None when external)."""

    id: str
    type: str
    target: str
    part: str | None

    @property
    def is_external(self) -> bool:
        """Whether the target is outside the package (a URL or file), not a part."""
        return self.part is None


def parse_relationships(source: str, xml: bytes) -> list[Relationship]:
    """Return the relationships in ``xml``, the relationships part of ``source``, targets resolved.

    Parsed with defusedxml, so a document type declaration or entity is refused.

    Raises:
        PackageError: the XML is broken or a target leaves the package.
    """
    try:
        root = ElementTree.fromstring(xml)
    except Exception as exc:  # defusedxml and expat raise several kinds; all mean the part is unusable
        raise PackageError(f"relationsdelen för {source or 'paketet'} går inte att läsa: {exc}") from exc
    found: list[Relationship] = []
    for element in root.iter(f"{{{PACKAGE_RELS_NS}}}Relationship"):
        target = element.get("Target", "")
        external = element.get("TargetMode") == "External"
        found.append(
            Relationship(
                element.get("Id", ""),
                element.get("Type", ""),
                target,
                None if external else resolve_target(source, target),
            )
        )
    return found


def serialize_relationships(source: str, relationships: Iterable[Relationship]) -> bytes:
    """Return a relationships part for ``source`` holding ``relationships`` in the given order."""
    body = "".join(
        f"<Relationship Id={quoteattr(rel.id)} Type={quoteattr(rel.type)} Target={quoteattr(rel.target)}"
        + (' TargetMode="External"' if rel.is_external else "")
        + "/>"
        for rel in relationships
    )
    return _XML_DECLARATION + f'<Relationships xmlns="{PACKAGE_RELS_NS}">{body}</Relationships>'.encode()


def relative_target(source: str, part: str) -> str:
    """Return the target text that points from ``source`` to ``part``, relative as Office writes it."""
    folder = posixpath.dirname(source.lstrip("/"))
    return posixpath.relpath("/" + part.lstrip("/"), "/" + folder) if folder else part.lstrip("/")


# -- content types ------------------------------------------------------------------------------------------
@dataclass
class ContentTypes:
    """[Content_Types].xml: default types by extension and overrides by part name (without the leading /)."""

    defaults: dict[str, str]
    overrides: dict[str, str]

    @classmethod
    def parse(cls, xml: bytes) -> ContentTypes:
        """Read [Content_Types].xml.

        Raises:
            PackageError: the XML is broken.
        """
        try:
            root = ElementTree.fromstring(xml)
        except Exception as exc:  # see parse_relationships
            raise PackageError(f"{CONTENT_TYPES_PART} går inte att läsa: {exc}") from exc
        defaults = {
            element.get("Extension", "").lower(): element.get("ContentType", "")
            for element in root.iter(f"{{{CONTENT_TYPES_NS}}}Default")
        }
        overrides = {
            element.get("PartName", "").lstrip("/"): element.get("ContentType", "")
            for element in root.iter(f"{{{CONTENT_TYPES_NS}}}Override")
        }
        return cls(defaults, overrides)

    def of(self, part: str) -> str | None:
        """Return the content type of ``part``: its override, else the default for its extension."""
        if part in self.overrides:
            return self.overrides[part]
        return self.defaults.get(posixpath.splitext(part)[1].lstrip(".").lower())

    def serialize(self) -> bytes:
        """Return the XML, defaults then overrides, each in the order they were added."""
        defaults = "".join(
            f"<Default Extension={quoteattr(ext)} ContentType={quoteattr(kind)}/>"
            for ext, kind in self.defaults.items()
        )
        overrides = "".join(
            f"<Override PartName={quoteattr('/' + part)} ContentType={quoteattr(kind)}/>"
            for part, kind in self.overrides.items()
        )
        return _XML_DECLARATION + f'<Types xmlns="{CONTENT_TYPES_NS}">{defaults}{overrides}</Types>'.encode()


# -- reading ------------------------------------------------------------------------------------------------
class PackageReader:
    """An OPC package opened for reading, part by part; opened only after ``package_guard`` accepted the file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        guard_package(self.path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as exc:
            raise FileFormatError(
                f"{self.path}: filen är skadad eller ofullständig och går inte att öppna som arbetsbok.",
                Location(file=str(self.path)),
            ) from exc
        self._names = {info.filename for info in self._zip.infolist() if not info.is_dir()}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the underlying file."""
        self._zip.close()

    @property
    def part_names(self) -> set[str]:
        """The names of every part."""
        return set(self._names)

    def read(self, part: str) -> bytes:
        """Return the bytes of ``part``.

        Raises:
            KeyError: there is no such part.
        """
        return self._zip.read(part)

    def relationships(self, source: str) -> list[Relationship]:
        """Return the relationships of ``source`` ("" for the package), none when it has no relationships part."""
        rels = rels_part_for(source)
        return parse_relationships(source, self.read(rels)) if rels in self._names else []


# -- editing and writing ------------------------------------------------------------------------------------
class Package:
    """An OPC package held in memory as parts, to be changed and written reproducibly."""

    def __init__(self, parts: Mapping[str, bytes]) -> None:
        self.parts: dict[str, bytes] = dict(parts)

    @classmethod
    def from_bytes(cls, data: bytes) -> Package:
        """Read every part of the zip ``data``.

        Raises:
            PackageError: ``data`` is not a zip package.
        """
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as source:
                return cls({info.filename: source.read(info) for info in source.infolist() if not info.is_dir()})
        except (zipfile.BadZipFile, EOFError, ValueError, RuntimeError) as exc:
            raise PackageError(f"arbetsboken är inget giltigt zip-paket: {exc}") from exc

    def require(self, *parts: str) -> None:
        """Check that every part in ``parts`` exists.

        Raises:
            PackageError: one is missing.
        """
        for part in parts:
            if part not in self.parts:
                raise PackageError(f"arbetsboken saknar delen {part}.")

    def relationships(self, source: str) -> list[Relationship]:
        """Return the relationships of ``source`` ("" for the package)."""
        rels = rels_part_for(source)
        return parse_relationships(source, self.parts[rels]) if rels in self.parts else []

    def set_relationships(self, source: str, relationships: Iterable[Relationship]) -> None:
        """Replace the relationships of ``source``."""
        self.parts[rels_part_for(source)] = serialize_relationships(source, relationships)

    def content_types(self) -> ContentTypes:
        """Return the parsed [Content_Types].xml."""
        self.require(CONTENT_TYPES_PART)
        return ContentTypes.parse(self.parts[CONTENT_TYPES_PART])

    def set_content_types(self, types: ContentTypes) -> None:
        """Replace [Content_Types].xml."""
        self.parts[CONTENT_TYPES_PART] = types.serialize()

    def relate(self, source: str, rel_type: str, part: str, rel_id: str) -> None:
        """Make ``part`` the only target of type ``rel_type`` from ``source``, with id ``rel_id``, placed last."""
        kept = [rel for rel in self.relationships(source) if rel.type != rel_type and rel.id != rel_id]
        self.set_relationships(source, [*kept, Relationship(rel_id, rel_type, relative_target(source, part), part)])

    def remove(self, part: str) -> None:
        """Remove ``part``, its relationships part, every relationship pointing at it and its override."""
        self.parts.pop(part, None)
        self.parts.pop(rels_part_for(part), None)
        for name in [name for name in self.parts if name == PACKAGE_RELS_PART or "/_rels/" in "/" + name]:
            source = _source_of_rels(name)
            rels = self.relationships(source)
            kept = [rel for rel in rels if rel.part != part]
            if len(kept) != len(rels):
                self.set_relationships(source, kept)
        if CONTENT_TYPES_PART in self.parts:
            types = self.content_types()
            if types.overrides.pop(part, None) is not None:
                self.set_content_types(types)

    def to_bytes(self) -> bytes:
        """Return the package as a reproducible zip (see ``write_zip``), with the document dates pinned."""
        if CORE_PROPERTIES_PART in self.parts:
            self.parts[CORE_PROPERTIES_PART] = pin_core_dates(self.parts[CORE_PROPERTIES_PART])
        return write_zip(self.parts)


def _source_of_rels(rels_part: str) -> str:
    """Return the part whose relationships ``rels_part`` holds ("" for _rels/.rels)."""
    folder, name = posixpath.split(rels_part)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels")) if folder != "_rels" else ""


def pin_core_dates(core: bytes) -> bytes:
    """Return docProps/core.xml with its created and modified dates pinned to ``PINNED_W3CDTF``."""
    return _DATE_ELEMENTS.sub(lambda m: m.group(1) + PINNED_W3CDTF.encode() + m.group(3), core)


def _entry_order(name: str) -> tuple[int, str]:
    """[Content_Types].xml first and the package relationships next, as Office writes them; then by name."""
    return ({CONTENT_TYPES_PART: 0, PACKAGE_RELS_PART: 1}.get(name, 2), name)


def write_zip(parts: Mapping[str, bytes]) -> bytes:
    """Return the zip of ``parts`` whose bytes depend only on the parts (on one zlib build).

    Entries come in a fixed order, carry the pinned time and one "made by" system (Python would record the
    platform's), and are deflated as XlsxWriter and Office do.
    """
    out = io.BytesIO()
    write_zip_entries(out, ((name, parts[name]) for name in sorted(parts, key=_entry_order)))
    return out.getvalue()


_COPY_CHUNK = 1 << 20


def write_zip_entries(target: IO[bytes] | str, entries: Iterable[tuple[str, bytes | Path]]) -> None:
    """Write a reproducible zip of ``entries`` in the order given: each part's bytes, or a file to copy them from.

    A part given as a file is streamed in chunks, so a large sheet never has to be held in memory whole.
    Entries carry the pinned time and one "made by" system, and are deflated, as in ``write_zip``.
    """
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=PINNED_ZIP_TIME)
            info.create_system = 0
            info.compress_type = zipfile.ZIP_DEFLATED
            if isinstance(content, bytes):
                package.writestr(info, content)
                continue
            with content.open("rb") as source, package.open(info, "w") as entry:
                while chunk := source.read(_COPY_CHUNK):
                    entry.write(chunk)


def iter_parts(data: bytes) -> Iterator[tuple[str, bytes]]:
    """Yield every part of the zip ``data`` in stored order, for comparisons that ignore the compression."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        for info in source.infolist():
            if not info.is_dir():
                yield info.filename, source.read(info)


__all__ = [
    "ContentTypes",
    "Package",
    "PackageError",
    "PackageReader",
    "Relationship",
    "iter_parts",
    "parse_relationships",
    "resolve_target",
    "write_zip",
    "write_zip_entries",
]
