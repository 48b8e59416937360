"""Atomic file writes: write beside the target, then move into place, so no half-written file is left."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from xlinsats.errors import XlinsatsError, os_reason


class FileLockedError(XlinsatsError, PermissionError):
    """The target is open in Excel (its lock file exists), so it is not overwritten."""


def excel_lock_file(path: Path) -> Path:
    """Return the lock file Excel keeps beside an open workbook (``~$name.xlsx``)."""
    return path.with_name("~$" + path.name[2:] if len(path.name) > 2 else "~$" + path.name)


def ensure_not_open(path: Path) -> None:
    """Refuse to overwrite a workbook that Excel has open.

    Raises:
        FileLockedError: Excel's lock file for ``path`` exists.
    """
    candidates = {path.with_name("~$" + path.name), excel_lock_file(path)}
    for lock in candidates:
        if lock.exists():
            raise FileLockedError(
                f"{path} verkar vara öppen i Excel (låsfilen {lock.name} finns). Stäng filen och försök igen; "
                "inget har skrivits."
            )


def _target_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def ensure_may_create(path: Path, overwrite: bool) -> None:
    """Refuse to replace an existing file unless asked to, so a command never silently discards a workbook.

    Raises:
        XlinsatsError: ``path`` exists and ``overwrite`` is false.
    """
    if path.exists() and not overwrite:
        raise XlinsatsError(
            f"{path} finns redan och skrivs inte över. Välj ett annat namn med -o, eller lägg till --skriv-over."
        )


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` with a temporary path in the target's folder, then move the result into place.

    On any error the temporary file is removed and an existing target is left untouched.
    """
    path = Path(path)
    ensure_not_open(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise XlinsatsError(f"{path}: mappen {folder} finns inte; inget har skrivits.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix + ".tmp", dir=folder)
    except OSError as exc:
        raise XlinsatsError(f"{path}: det går inte att skriva i mappen {folder} ({os_reason(exc)}).") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        # mkstemp makes a private file; give the result the mode an ordinary new file (or the old one) has.
        os.chmod(tmp, _target_mode(path))
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise XlinsatsError(f"{path}: filen kunde inte skrivas ({os_reason(exc)}); en tidigare fil är orörd.") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomic(path, write)
