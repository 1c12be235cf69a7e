"""Discovery and naming glue of a portfolio run: which files, under which names, with which patterns.

Folders are walked by :func:`analyzer.inputs.scan` (the suffixes of
:mod:`analyzer.readers.registry`; whatever it does not read gets a ``skipped`` row saying why).
Each contract is named by its path in its input folder, without the extension
(:mod:`analyzer.names`: unique, stable from run to run; output files made safe).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from analyzer.inputs import scan
from analyzer.names import contract_names

log = logging.getLogger("analyzer.portfolio")


def discover(
    paths: Iterable[str | os.PathLike[str]],
    exclude: Sequence[Path] = (),
    *,
    follow_links: bool = False,
) -> list[Path]:
    """Files to analyse, in a stable order: given files as-is, folders walked recursively (see
    :func:`analyzer.inputs.scan`, which also says what was skipped and why)."""
    return [f.path for f in scan(paths, exclude=exclude, follow_links=follow_links).files]


def doc_names(files: Sequence[Path], roots: Sequence[Path] | None = None) -> dict[Path, str]:
    """The contract name of each file (see :mod:`analyzer.names`): its path relative to its
    root (default: the folder the files have in common), without the extension; unique."""
    if roots is None:
        common = Path(os.path.commonpath([str(f.parent) for f in files])) if files else Path()
        roots = [common] * len(files)
    return contract_names(list(zip(files, roots, strict=True)))


def repo_path(path: str | os.PathLike[str]) -> Path:
    """``path`` as given if it exists or is absolute, else relative to the repository root
    (the folder holding ``analyzer/``), e.g. ``repo_path("sample_contracts")`` in a notebook."""
    p = Path(path)
    if p.is_absolute() or p.exists():
        return p
    return Path(__file__).resolve().parent.parent.parent / p


def printable(text: str) -> str:
    """``text`` with the undecodable bytes of a file name (kept as surrogates) shown as \\xNN."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def patterns_dir() -> Path | None:
    """The ``clause_patterns/`` folder the analysis uses (source tree or the wheel's copy)."""
    from analyzer.patterns import default_directory

    d = default_directory()
    return d if d.is_dir() else None


def patterns_version(directory: Path | None = None) -> str:
    """Pattern-set version for the cache key: the ``PatternSet.version`` the workers' patterns
    will report (:func:`analyzer.patterns.pattern_set_version`: read from the files, nothing
    compiled).

    Falls back to the VERSION file plus a hash of every file of ``clause_patterns/``. Editing any
    pattern or rule file changes it, so results from older patterns are not reused.
    """
    if directory is None:
        try:
            from analyzer.patterns import pattern_set_version

            return pattern_set_version()
        except Exception as exc:  # the workers report pattern problems per file
            log.debug("pattern set not readable for its version: %s", type(exc).__name__)
    d = directory or patterns_dir()
    if d is None:
        return "none"
    h = hashlib.sha256()
    for f in sorted(d.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.relative_to(d).as_posix().encode())
            h.update(b"\0")
            h.update(f.read_bytes())
    base = (d / "VERSION").read_text(encoding="utf-8").strip() if (d / "VERSION").is_file() else ""
    return f"{base or '0'}+{h.hexdigest()[:12]}"


def skipped_doc(path: Path, root: Path) -> str:
    """The name a skipped file's row shows: its path in its input folder."""
    try:
        return printable(path.relative_to(root).as_posix())
    except ValueError:
        return printable(path.name)
