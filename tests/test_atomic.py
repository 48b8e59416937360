"""Atomic writes: an interrupted write leaves the old file whole, and an open workbook is not overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlinsats.atomic import FileLockedError, write_atomic, write_bytes_atomic


def test_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    """A failure halfway through a write keeps the previous file byte for byte and removes the temporary."""
    target = tmp_path / "rapport.xlsx"
    target.write_bytes(b"old report")

    def half_write(tmp: Path) -> None:
        tmp.write_bytes(b"new rep")
        raise KeyboardInterrupt  # as if the user pressed Ctrl+C in the middle of a save

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, half_write)
    assert target.read_bytes() == b"old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.xlsx"]


def test_complete_write_replaces_the_file(tmp_path: Path) -> None:
    """A finished write replaces the target."""
    target = tmp_path / "ut.toml"
    target.write_text("gammal")
    write_bytes_atomic(target, b"ny")
    assert target.read_bytes() == b"ny"


def test_workbook_open_in_excel_is_not_overwritten(tmp_path: Path) -> None:
    """When Excel's lock file ~$name exists, the write is refused with a Swedish reason and nothing changes."""
    target = tmp_path / "Uppfoljning-rapport.xlsx"
    target.write_bytes(b"old")
    (tmp_path / "~$Uppfoljning-rapport.xlsx").write_bytes(b"lock")
    with pytest.raises(FileLockedError, match="öppen i Excel"):
        write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"old"


def test_missing_folder_gives_a_swedish_message(tmp_path: Path) -> None:
    """Writing into a folder that does not exist is refused with the folder named."""
    from xlinsats.errors import XlinsatsError

    with pytest.raises(XlinsatsError, match="finns inte"):
        write_bytes_atomic(tmp_path / "saknas" / "ut.toml", b"x")


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    """A new file gets the mode an ordinary new file gets (not the private mode of a temporary file)."""
    import os

    target = tmp_path / "ny.toml"
    write_bytes_atomic(target, b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
