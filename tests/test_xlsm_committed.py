"""The committed workbook/Uppfoljning.xlsm is exactly what `xlinsats import` builds from the bundled example."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REFERENCE_TOML, ROOT
from xlinsats.cli import main
from xlinsats.opc import Package, iter_parts

COMMITTED = ROOT / "workbook" / "Uppfoljning.xlsm"
REBUILD = "uv run xlinsats import examples/uppfoljning-2022.toml -o workbook/Uppfoljning.xlsm --skriv-over"


def differing_parts(new: bytes, old: bytes) -> list[str]:
    """Return the parts that differ between two packages, in content or in their place in the zip.

    Parts are compared, not zip bytes: another zlib build deflates the same parts to other bytes, which is no
    staleness. The entry order is compared too, since Excel and every other reader see it.
    """
    new_parts, old_parts = list(iter_parts(new)), list(iter_parts(old))
    if new_parts == old_parts:
        return []
    new_map, old_map = dict(new_parts), dict(old_parts)
    changed = sorted(name for name in new_map.keys() | old_map.keys() if new_map.get(name) != old_map.get(name))
    return changed or ["(ordningen i zip-paketet)"]


def test_committed_workbook_equals_a_fresh_import(tmp_path: Path) -> None:
    """A fresh import of examples/uppfoljning-2022.toml gives the committed workbook part for part."""
    fresh = tmp_path / "Uppfoljning.xlsm"
    assert main(["import", str(REFERENCE_TOML), "-o", str(fresh)]) == 0
    assert COMMITTED.exists(), f"workbook/Uppfoljning.xlsm is missing; build it with: {REBUILD}"
    differing = differing_parts(fresh.read_bytes(), COMMITTED.read_bytes())
    assert not differing, f"workbook/Uppfoljning.xlsm is stale (parts differ: {differing}); rebuild: {REBUILD}"


def test_a_changed_part_or_order_is_caught() -> None:
    """One changed part, a removed part or a changed entry order each count as a stale workbook."""
    committed = COMMITTED.read_bytes()
    package = Package.from_bytes(committed)
    strings = "xl/sharedStrings.xml"
    assert b"Lyra" in package.parts[strings]
    package.parts[strings] = package.parts[strings].replace(b"Lyra", b"Lyre")
    assert differing_parts(package.to_bytes(), committed) == [strings]
    del package.parts["customUI/customUI14.xml"]
    assert "customUI/customUI14.xml" in differing_parts(package.to_bytes(), committed)
    reordered = Package(dict(iter_parts(committed))).to_bytes()  # same parts, written in name order
    assert differing_parts(reordered, committed) == ["(ordningen i zip-paketet)"]
    assert differing_parts(committed, committed) == []
