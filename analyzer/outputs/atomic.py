"""One way to write an output file: atomically (a temporary file beside it, then ``os.replace``).

Readers see the old file or the new one, never half of one; a failure leaves no temporary file.
Every output of a portfolio run goes through :func:`atomic_write` (bytes or text) or
:func:`atomic_save` (a writer that takes a path: the workbook, the CSV files, the charts).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from analyzer.names import short_hash


def _tmp_name(path: Path, suffix: str = "") -> Path:
    # short, whatever the length of the final name (which may be near the file system's limit)
    return path.with_name(f".{short_hash(path.name)}.{os.getpid()}.tmp{suffix}")


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(path)
    try:
        with tmp.open("wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def atomic_save(path: Path, save: Callable[[Path], None]) -> Path:
    """Call ``save`` on a temporary path beside ``path``, then move the result into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(path, path.suffix)
    try:
        save(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
