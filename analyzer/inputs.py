"""What a portfolio run reads: the walk of the input folders, and the parent's hash of each file.

:func:`scan` walks the given folders in a stable order and returns the contract files
(``.docx``, ``.pdf``, ``.txt``, ``.md``, and ``.doc``, ``.rtf``, ``.odt``… so that those get a
row saying to save them as .docx) and, for every file or folder it does not read, a
:class:`Skipped` row saying why. Nothing is dropped silently except files of other types
(pictures, spreadsheets…), which are not contracts:

======  ==========  ===============================================================
Code    Kind        Case
======  ==========  ===============================================================
W002    skipped     a symbolic link that leads outside the input folders (not followed
                    unless ``follow_links``: ``--follow-links``)
W003    skipped     a folder of analyzer outputs (this run's ``--out``, or an earlier
                    run's: it holds ``.analyzer-outputs.json``, ``.analyzer.lock`` or
                    ``results.sqlite``)
W004    skipped     a hidden file or folder (``.name``) or a Word lock file (``~$name``)
W005    skipped     a README or CHANGELOG file (project notes, not contracts; named
                    explicitly, such a file is analysed)
E104    error       a named pipe, socket or device, or a link to nothing (never opened)
======  ==========  ===============================================================

:func:`hash_file` is how the parent reads a file before any worker does: opened without
following a symbolic link and without blocking, checked with ``fstat`` (a regular file, within
the size limit) before a byte is read, read in bounded chunks against a deadline. Its errors
carry the reader's codes (E104, E111, E113, E114, E130) or E107 (reading took too long).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.errors import LimitExceededError, PortfolioError, ReadError
from analyzer.readers.limits import DEFAULT_LIMITS, ReadLimits
from analyzer.readers.registry import CONTRACT_SUFFIXES
from analyzer.readers.safety import (
    E_IO,
    E_NOT_A_FILE,
    E_NOT_FOUND,
    E_PERMISSION,
    E_TOO_LARGE,
    check_file_size,
)

# in folders, project notes are not contracts (given explicitly, they are analysed); only these
# exact names: "License Agreement - Acme.txt" and "LICENSE.txt" are licences, hence contracts
PROJECT_NOTES = frozenset({"readme", "changelog"})
# what marks a folder as the analyzer's own outputs
OUTPUT_MARKERS = (".analyzer-outputs.json", ".analyzer.lock", "results.sqlite")

LINK_OUTSIDE_CODE = "W002"
OUTPUT_FOLDER_CODE = "W003"
HIDDEN_CODE = "W004"
NOTES_CODE = "W005"
SLOW_READ_CODE = "E107"

_CHUNK = 1 << 20
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


@dataclass(frozen=True)
class Found:
    """A contract file: ``path`` as found (what reports show), ``real`` what is opened (the
    target of a symbolic link), ``root`` the input folder it was found under (for its name)."""

    path: Path
    real: Path
    root: Path


@dataclass(frozen=True)
class Skipped:
    """A file or folder the run does not read, with the row that says why."""

    path: Path
    root: Path
    code: str
    message: str
    kind: str = "skipped"  # or "error" (E104)


@dataclass(frozen=True)
class Scan:
    files: list[Found] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def is_output_folder(path: Path) -> bool:
    """Whether ``path`` holds an analyzer's outputs or results store."""
    return any(os.path.lexists(path / marker) for marker in OUTPUT_MARKERS)


def _inside_any(real: str, roots: Sequence[str]) -> bool:
    for root in roots:
        try:
            if os.path.commonpath([root, real]) == root:
                return True
        except ValueError:  # different drives
            continue
    return False


def _describe(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


class _Walker:
    def __init__(self, exclude: Sequence[Path], roots: Sequence[str], follow_links: bool) -> None:
        self.excluded = {os.path.realpath(p) for p in exclude}
        self.roots = list(roots)
        self.follow_links = follow_links
        self.seen_dirs: set[tuple[int, int]] = set()
        self.seen_files: set[str] = set()
        self.scan = Scan()

    def skip(self, path: Path, root: Path, code: str, message: str, kind: str = "skipped") -> None:
        self.scan.skipped.append(Skipped(path, root, code, f"{path}: {message}", kind))

    def add(self, path: Path, real: str, root: Path) -> None:
        if real in self.seen_files:
            return
        self.seen_files.add(real)
        self.scan.files.append(Found(path, Path(real), root))

    def walk(self, top: Path, root: Path) -> None:
        try:
            st = os.stat(top)
        except OSError:
            return
        if (st.st_dev, st.st_ino) in self.seen_dirs:
            return
        self.seen_dirs.add((st.st_dev, st.st_ino))
        try:
            with os.scandir(top) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.skip(top, root, E_IO, f"folder cannot be read ({exc.strerror or exc})", "error")
            return
        folders: list[tuple[Path, str]] = []
        for entry in entries:
            self.entry(entry, root, folders)
        for path, _real in folders:
            self.walk(path, root)

    def entry(self, entry: os.DirEntry[str], root: Path, folders: list[tuple[Path, str]]) -> None:
        name = entry.name
        path = Path(entry.path)
        suffix = os.path.splitext(name)[1].lower()
        contract_type = suffix in CONTRACT_SUFFIXES
        try:
            link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            return
        if name.startswith(".") or name.startswith("~$"):
            if is_dir or contract_type or (link and os.path.isdir(path)):
                what = "hidden folder" if is_dir or os.path.isdir(path) else "hidden file"
                if name.startswith("~$"):
                    what = "Word lock file (it marks a document open in Word)"
                self.skip(path, root, HIDDEN_CODE, f"{what}, not read")
            return
        real = os.path.realpath(path)
        if link:
            if not os.path.exists(real):
                if contract_type:
                    self.skip(
                        path,
                        root,
                        E_NOT_A_FILE,
                        "is a symbolic link to a file that does not exist; fix or remove the link",
                        "error",
                    )
                return
            target_dir = os.path.isdir(real)
            if not (target_dir or contract_type):
                return
            if not self.follow_links and not _inside_any(real, self.roots):
                self.skip(
                    path,
                    root,
                    LINK_OUTSIDE_CODE,
                    f"symbolic link to {real}, outside the input folders; not followed "
                    "(pass --follow-links to read it)",
                )
                return
            is_dir = target_dir
        if is_dir:
            if real in self.excluded:
                self.skip(path, root, OUTPUT_FOLDER_CODE, "the output folder of this run, not read")
            elif is_output_folder(path):
                self.skip(
                    path,
                    root,
                    OUTPUT_FOLDER_CODE,
                    "holds an earlier analyzer run's outputs (annotated copies, summary, results "
                    "store), not read as contracts",
                )
            else:
                folders.append((path, real))
            return
        if not contract_type:
            return
        try:
            mode = os.stat(real).st_mode if link else entry.stat(follow_symlinks=False).st_mode
        except OSError:
            return
        if not stat.S_ISREG(mode):
            self.skip(
                path,
                root,
                E_NOT_A_FILE,
                f"is {_describe(mode)}, not a contract file; it was not opened",
                "error",
            )
            return
        if os.path.splitext(name)[0].lower() in PROJECT_NOTES:
            self.skip(
                path,
                root,
                NOTES_CODE,
                "project notes (README/CHANGELOG), not read as a contract; name the file "
                "explicitly to analyse it",
            )
            return
        self.add(path, real, root)


def scan(
    paths: Iterable[str | os.PathLike[str]],
    *,
    exclude: Sequence[Path] = (),
    follow_links: bool = False,
) -> Scan:
    """The contract files under ``paths`` in a stable order, and a row for everything skipped.

    Given files are taken as they are (a link given by name is followed); folders are walked,
    following symbolic links only to places inside the given folders (each folder once, so link
    loops are safe) unless ``follow_links``. ``exclude`` folders (the output folder and the
    store's) are not read. Raises :class:`~analyzer.errors.PortfolioError` (E010) for a path
    that does not exist.
    """
    given = [Path(p) for p in paths]
    for p in given:
        if not os.path.lexists(p):
            raise PortfolioError("no such file or folder", path=str(p))
    roots = [os.path.realpath(p) for p in given if os.path.isdir(p)]
    walker = _Walker(exclude, roots, follow_links)
    for p in given:
        if os.path.isdir(p):
            walker.walk(p, p)
        elif os.path.exists(p):
            walker.add(p, os.path.realpath(p), p.parent)
        else:
            walker.skip(
                p,
                p.parent,
                E_NOT_A_FILE,
                "is a symbolic link to a file that does not exist; fix or remove the link",
                "error",
            )
    return walker.scan


@dataclass(frozen=True)
class Hashed:
    sha256: str
    size: int


def _read_error(path: str, exc: OSError) -> ReadError:
    if exc.errno == errno.ENOENT:
        return ReadError(
            "file not found (it was removed during the run); it will be read on the next run",
            path=path,
            code=E_NOT_FOUND,
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return ReadError(
            "permission denied (or locked by another program); fix it and run again",
            path=path,
            code=E_PERMISSION,
        )
    if exc.errno == errno.ELOOP:
        return ReadError(
            "was replaced by a symbolic link during the run; not followed",
            path=path,
            code=E_NOT_A_FILE,
        )
    return ReadError(f"cannot be read ({exc.strerror or exc})", path=path, code=E_IO)


def hash_file(
    shown: str,
    real: str | Path,
    limits: ReadLimits | None = None,
    deadline: float | None = None,
) -> Hashed:
    """sha256 and size of ``real`` (reported as ``shown``), read as the module docstring says.

    ``deadline`` is a ``time.monotonic()`` value; reading past it raises E107.
    """
    limits = limits or DEFAULT_LIMITS
    try:
        fd = os.open(real, _OPEN_FLAGS)
    except OSError as exc:
        raise _read_error(shown, exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(
                f"is {_describe(st.st_mode)}, not a contract file; it was not read",
                path=shown,
                code=E_NOT_A_FILE,
            )
        check_file_size(st.st_size, limits, shown)
        h = hashlib.sha256()
        size = 0
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limits.max_file_bytes:
                raise LimitExceededError(
                    f"file grew over the limit of {limits.max_file_bytes:,} bytes while being read",
                    path=shown,
                    code=E_TOO_LARGE,
                )
            h.update(chunk)
            if deadline is not None and time.monotonic() > deadline:
                raise ReadError(
                    "reading the file took longer than the time limit (a slow or stalled "
                    "share?); it will be read on the next run",
                    path=shown,
                    code=SLOW_READ_CODE,
                )
        return Hashed(h.hexdigest(), size)
    except OSError as exc:
        raise _read_error(shown, exc) from None
    finally:
        os.close(fd)
