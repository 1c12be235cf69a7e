"""The output folder of a portfolio run: one run at a time, outputs swapped in as a set.

- **Lock**: a run holds an exclusive lock on ``OUTDIR/.analyzer.lock`` (``flock``: released by
  the system when the process ends, even on SIGKILL) from its start to its end; a second run on
  the same folder stops at once with E622, naming the process that holds it.
- **Staging**: every output is written into a new hidden folder inside ``OUTDIR``
  (``.analyzer-staging-…``) and only a complete set is moved into place: the names to move are
  first written to a journal (``.analyzer-swap.json``), then each is renamed over the old one
  (a folder's old copy goes into the staging folder, removed afterwards). A run killed while
  writing leaves the previous outputs as they were; a run killed during the renames is finished
  by the next run (it replays the journal), so a folder never mixes two runs' outputs for long.
- **Errors**: a read-only folder (E620), a full disk or quota (E621) or another failure to write
  (E623) is an :class:`~analyzer.errors.OutputError` with what to do, not a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import secrets
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from analyzer.errors import OutputError

try:  # POSIX; elsewhere runs are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

LOCK_NAME = ".analyzer.lock"
JOURNAL_NAME = ".analyzer-swap.json"
STAGING_PREFIX = ".analyzer-staging-"
READ_ONLY_CODE = "E620"
NO_SPACE_CODE = "E621"
LOCKED_CODE = "E622"
WRITE_FAILED_CODE = "E623"

_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def output_failure(exc: OSError, out: Path) -> OutputError:
    """The coded error for an OSError met while writing outputs into ``out``."""
    detail = exc.strerror or str(exc)
    if exc.errno in _NO_SPACE:
        return OutputError(
            f"no space left for the outputs ({detail}); the previous outputs are unchanged. "
            "Free some space (or raise the quota) and run again: the results are in the store, "
            "nothing is analysed again",
            path=str(out),
            code=NO_SPACE_CODE,
        )
    if exc.errno in _READ_ONLY:
        return OutputError(
            f"the output folder cannot be written ({detail}); choose a writable --out",
            path=str(out),
            code=READ_ONLY_CODE,
        )
    where = f" ({exc.filename})" if exc.filename else ""
    return OutputError(
        f"the outputs could not be written: {detail}{where}; the previous outputs are unchanged",
        path=str(out),
        code=WRITE_FAILED_CODE,
    )


# ---------------------------------------------------------------------------------------------
# lock

_HELD: dict[str, int] = {}  # lock files this process holds (real path → depth): re-entrant


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the run lock of ``out`` (created if needed); E620 if the folder cannot be written,
    E622 if another run holds it."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        key = os.path.realpath(out / LOCK_NAME)
        if key in _HELD:
            _HELD[key] += 1
            try:
                yield
            finally:
                _HELD[key] -= 1
            return
        fh: IO[str] = open(out / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise output_failure(exc, out) from None
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise output_failure(exc, out) from None
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                raise OutputError(
                    f"another analyzer run is using this output folder ({holder}); wait for it "
                    "to finish, or choose another --out",
                    path=str(out),
                    code=LOCKED_CODE,
                ) from None
        with contextlib.suppress(OSError):  # who holds it, for the message above
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()}")
            fh.flush()
        _HELD[key] = 1
        try:
            yield
        finally:
            del _HELD[key]
    finally:
        fh.close()  # closing the file releases the lock


# ---------------------------------------------------------------------------------------------
# staging and the swap


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def new_staging(out: Path) -> Path:
    staging = out / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        staging.mkdir()
    except OSError as exc:
        raise output_failure(exc, out) from None
    return staging


def _apply(out: Path, staging: Path, names: Sequence[str]) -> None:
    """Move each of ``names`` from ``staging`` over its old copy in ``out`` (names already
    moved, when replaying a journal, are left alone)."""
    trash = staging / ".old"
    for name in names:
        src = staging / name
        if not os.path.lexists(src):
            continue
        dst = out / name
        if os.path.lexists(dst) and (src.is_dir() or (dst.is_dir() and not dst.is_symlink())):
            trash.mkdir(exist_ok=True)
            old = trash / name
            _remove(old)
            os.rename(dst, old)
        os.replace(src, dst)


def commit(out: Path, staging: Path, names: Sequence[str]) -> None:
    """Swap the outputs ``names`` (files and folders of ``staging``) into ``out`` as a set. The
    last name marks a complete set: its old copy is removed first and the new one moved last."""
    journal = out / JOURNAL_NAME
    tmp = out / f".{JOURNAL_NAME}.{os.getpid()}.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump({"staging": staging.name, "names": list(names)}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, journal)
    if names:
        _remove(out / names[-1])
    _apply(out, staging, names)
    journal.unlink()
    _remove(staging)


def recover(out: Path) -> None:
    """Finish a swap a killed run left half done (its journal), then remove staging folders of
    runs that died before their swap. Call it holding the lock."""
    journal = out / JOURNAL_NAME
    if journal.is_file():
        try:
            plan: dict[str, Any] = json.loads(journal.read_text(encoding="utf-8"))
            staging = out / str(plan["staging"])
            names = [str(n) for n in plan["names"]]
        except (ValueError, KeyError, TypeError, OSError):
            plan = {}
        if plan and staging.name.startswith(STAGING_PREFIX) and "/" not in staging.name:
            if staging.is_dir():
                _apply(out, staging, [n for n in names if "/" not in n and n not in ("", "..")])
            log.info("finished the output swap of an interrupted run in %s", out)
        journal.unlink(missing_ok=True)
    for stale in out.glob(f"{STAGING_PREFIX}*"):
        _remove(stale)


def discard(staging: Path) -> None:
    _remove(staging)
