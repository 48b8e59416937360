"""The final pass over an .xlsm zip package: ribbon part, macro-enabled content type, pinned dates, stable zip."""

from __future__ import annotations

import io
import re
import zipfile

from xlinsats.errors import BuildError

CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
CORE_PROPERTIES = "docProps/core.xml"
RIBBON_PART = "customUI/customUI14.xml"
RIBBON_REL_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
RIBBON_REL_ID = "rIdXlinsatsRibbon"
WORKBOOK_PART = "/xl/workbook.xml"
MACRO_ENABLED_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
#: Document dates and zip entry times are pinned so that two builds of the same data give the same bytes.
PINNED_W3CDTF = "1980-01-01T00:00:00Z"
PINNED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_WORKBOOK_OVERRIDE = re.compile(r'<Override\b[^>]*PartName="/xl/workbook\.xml"[^>]*/>')
_CONTENT_TYPE_ATTR = re.compile(r'ContentType="[^"]*"')
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*?(?:/>|>\s*</Relationship>)")
_DATE_ELEMENTS = re.compile(r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def _set_main_content_type(types: str) -> str:
    """Return [Content_Types].xml with the workbook part declared macro-enabled."""
    match = _WORKBOOK_OVERRIDE.search(types)
    if match is None:
        raise BuildError("Paketet saknar innehållstyp för xl/workbook.xml.")
    fixed = _CONTENT_TYPE_ATTR.sub(f'ContentType="{MACRO_ENABLED_MAIN}"', match.group(0))
    return types[: match.start()] + fixed + types[match.end() :]


def _set_ribbon_relationship(rels: str) -> str:
    """Return _rels/.rels with exactly one customUI14 relationship, ours, at the end."""
    kept = [rel for rel in _RELATIONSHIP.findall(rels) if f'Type="{RIBBON_REL_TYPE}"' not in rel]
    ours = f'<Relationship Id="{RIBBON_REL_ID}" Type="{RIBBON_REL_TYPE}" Target="{RIBBON_PART}"/>'
    first = _RELATIONSHIP.search(rels)
    head = rels[: first.start()] if first else rels[: rels.index("</Relationships>")]
    return head + "".join(kept) + ours + "</Relationships>"


def _pin_dates(core: str) -> str:
    """Return docProps/core.xml with its created and modified dates pinned."""
    return _DATE_ELEMENTS.sub(lambda m: m.group(1) + PINNED_W3CDTF + m.group(3), core)


def _entry_order(name: str) -> tuple[int, str]:
    """Sort key: [Content_Types].xml first, as Office writes it, then every part by name."""
    return (0 if name == CONTENT_TYPES else 1, name)


def finalize_package(data: bytes, ribbon_xml: bytes) -> bytes:
    """Return the .xlsm package ``data`` completed and made reproducible.

    Adds (or replaces) the ribbon part and its relationship, which every openpyxl save drops; declares the
    macro-enabled main content type, which openpyxl never writes; pins the document dates; and writes a zip
    whose entries are stored uncompressed with fixed times, in a fixed order, so that the bytes depend only on
    the content (and not on the zlib build of the machine).

    Args:
        data: the bytes of an .xlsm package.
        ribbon_xml: the customUI14 XML.

    Returns:
        The bytes of the completed package.

    Raises:
        BuildError: when ``data`` is not a workbook package.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            parts = {info.filename: source.read(info) for info in source.infolist() if not info.is_dir()}
    except zipfile.BadZipFile as exc:
        raise BuildError(f"Arbetsboken gick inte att läsa som zip-paket: {exc}") from exc
    return finalize_parts(parts, ribbon_xml)


def finalize_parts(parts: dict[str, bytes], ribbon_xml: bytes) -> bytes:
    """Return the package of ``parts`` completed and made reproducible, as ``finalize_package`` does.

    ``parts`` (part name to content) is changed in place.

    Raises:
        BuildError: when a required part is missing.
    """
    for required in (CONTENT_TYPES, PACKAGE_RELS):
        if required not in parts:
            raise BuildError(f"Arbetsboken saknar delen {required}.")
    parts[CONTENT_TYPES] = _set_main_content_type(parts[CONTENT_TYPES].decode("utf-8")).encode("utf-8")
    parts[PACKAGE_RELS] = _set_ribbon_relationship(parts[PACKAGE_RELS].decode("utf-8")).encode("utf-8")
    parts[RIBBON_PART] = ribbon_xml
    if CORE_PROPERTIES in parts:
        parts[CORE_PROPERTIES] = _pin_dates(parts[CORE_PROPERTIES].decode("utf-8")).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name in sorted(parts, key=_entry_order):
            info = zipfile.ZipInfo(name, date_time=PINNED_ZIP_TIME)
            info.create_system = 0  # ZipInfo says 3 on Linux and 0 on Windows; one value keeps builds equal.
            info.external_attr = 0
            info.compress_type = zipfile.ZIP_STORED
            target.writestr(info, parts[name])
    return out.getvalue()
