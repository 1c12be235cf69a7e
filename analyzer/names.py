"""Contract names and the output paths built from them (portfolio runs, ``analyzer annotate``).

A contract's name (the ``doc`` column of every output) is its path relative to the input folder
it was found in, without the extension: ``msa`` for ``contracts/msa.docx``, ``2025/msa`` for
``contracts/2025/msa.docx``. Names are

- **unique** in a run, compared case-insensitively (output files of two contracts never share a
  name, even on a case-insensitive file system): when two files would get the same name
  (``msa.docx`` and ``msa.pdf``, or the same relative path under two input folders) the later
  one keeps its extension (``msa.pdf``), and failing that gets a short hash of its path;
- **stable across runs**: a file keeps the name it had in the latest run of the same store that
  saw it (a well-formed name not taken by another file), so adding a file never renames another
  contract, and neither does screening a folder whose files were first given one by one;
- **usable as a relative path**: control characters become ``_``, no component is empty, ``.``
  or ``..``; otherwise a name keeps the file's own characters (CUAD's "…, INC..txt" is the
  contract "…, INC.", as in the gold files).

Output file names are made from the name's components: what some file system refuses
(``<>:"\\|?*``, a trailing dot or space, CON/NUL…) becomes ``_`` and then the component gets a
short hash of its original (so that ``INC.`` and ``INC`` stay apart), and a name longer than
:data:`MAX_NAME_BYTES` bytes of UTF-8 is cut, never inside a character, with a short hash of
the whole (:func:`fit_name`): a 79-character Chinese title is 237 bytes, and a file system
takes 255. Every output path is joined under its folder by :func:`inside`, which refuses
anything that would leave it.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

# bytes of a whole output file name (extension included); leaves room below the usual limit of
# 255 for the temporary names made beside it
MAX_NAME_BYTES = 200
HASH_CHARS = 8
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"\\|?*]')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
)


class UnsafePathError(ValueError):
    """An output path that would leave its folder (a bug or a hostile name: never written)."""


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_CHARS]


def safe_component(text: str) -> str:
    """One path component that every common file system accepts."""
    text = _UNSAFE.sub("_", text).strip(" ").rstrip(".")
    if not text or text in (".", ".."):
        return "_"
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text


def cut_utf8(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` bytes of UTF-8, never inside a character."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes].decode("utf-8", "ignore")


def fit_name(stem: str, suffix: str = "", max_bytes: int = MAX_NAME_BYTES) -> str:
    """``stem + suffix`` as a file name of at most ``max_bytes`` UTF-8 bytes: a longer stem is
    cut and gets ``~`` and a short hash of the whole stem (so that two long names sharing their
    first 180 bytes stay distinct). Short names are returned unchanged."""
    stem = safe_component(stem)
    name = stem + suffix
    if len(name.encode("utf-8", "surrogatepass")) <= max_bytes:
        return name
    tail = "~" + short_hash(stem) + suffix
    room = max_bytes - len(tail.encode("utf-8"))
    return cut_utf8(stem, room).rstrip(" .") + tail


def name_component(text: str) -> str:
    """One component of a contract name: the file's own, control characters aside."""
    text = _CONTROL.sub("_", text)
    return "_" if text in ("", ".", "..") else text


def doc_path_parts(doc: str) -> list[str]:
    """The components of a contract name (``2025/msa`` → ``["2025", "msa"]``); any name, even
    one from an older store (an absolute path), gives components that stay inside."""
    parts = [p for p in doc.split("/") if p not in ("", ".", "..")]
    return [name_component(p) for p in parts] or ["_"]


def _file_component(part: str) -> str:
    safe = safe_component(part)
    return safe if safe == part else f"{safe}~{short_hash(part)}"


def output_relpath(doc: str, suffix: str) -> PurePosixPath:
    """Where an output of contract ``doc`` goes, relative to its folder: the name's folders,
    then the last component with ``suffix``, each made safe (with a hash of the original when
    that changed it) and cut by :func:`fit_name`."""
    parts = [_file_component(p) for p in doc_path_parts(doc)]
    folders = [fit_name(p) for p in parts[:-1]]
    return PurePosixPath(*folders, fit_name(parts[-1], suffix))


def inside(base: Path, rel: str | PurePosixPath, *, resolve: bool = True) -> Path:
    """``base / rel``, refusing a ``rel`` that is absolute, climbs with ``..`` or (``resolve``)
    through a symbolic link resolves outside ``base``. ``resolve=False`` is for a folder this
    process made itself (a staging folder), where no link can be."""
    rel_path = PurePosixPath(rel)
    if rel_path.is_absolute() or any(p in ("", ".", "..") for p in rel_path.parts):
        raise UnsafePathError(f"output path {str(rel)!r} would leave {base}")
    target = base.joinpath(*rel_path.parts)
    if not resolve:
        return target
    root = os.path.realpath(base)
    real = os.path.realpath(target)
    if os.path.commonpath([root, real]) != root:
        raise UnsafePathError(f"output path {str(rel)!r} resolves outside {base}")
    return target


def base_name(path: Path, root: Path) -> str:
    """The name a file found under ``root`` would have: its relative path without the extension
    (see :func:`name_component`)."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    parts = list(rel.parts)
    last = parts[-1]
    suffix = Path(last).suffix
    parts[-1] = last[: len(last) - len(suffix)] if suffix and last != suffix else last
    return "/".join(name_component(p) for p in parts)


def candidates(path: Path, root: Path) -> list[str]:
    """The names ``path`` may take, in order of preference."""
    base = base_name(path, root)
    suffix = path.suffix
    out = [base]
    if suffix:
        out.append(base + name_component(suffix))
    out.append(f"{out[-1]}~{short_hash(str(path))}")
    return out


def well_formed(name: str) -> bool:
    """Whether ``name`` is a name this module could give: relative, no empty, ``.``, ``..`` or
    control-character component."""
    return bool(name) and "/".join(doc_path_parts(name)) == name


def contract_names(
    files: Sequence[tuple[Path, Path]], previous: Mapping[str, str] | None = None
) -> dict[Path, str]:
    """A unique, stable name for each ``(path, root)``; ``previous`` maps a path (as text) to the
    name it had before, which it keeps when that name is well formed and not taken (a full
    path, as an older version named clashing files, is not kept)."""
    previous = previous or {}
    taken: dict[str, Path] = {}
    names: dict[Path, str] = {}
    options = {path: candidates(path, root) for path, root in files}
    for path, _root in sorted(files, key=lambda item: str(item[0])):  # earlier names first
        old = previous.get(str(path))
        if old is not None and well_formed(old) and old.casefold() not in taken:
            taken[old.casefold()] = path
            names[path] = old
    for path, _root in sorted(files, key=lambda item: str(item[0])):
        if path in names:
            continue
        for name in options[path]:
            if name.casefold() not in taken:
                break
        else:  # the hash of the path collides too: count up (never reached in practice)
            n = 2
            while f"{options[path][-1]}-{n}".casefold() in taken:
                n += 1
            name = f"{options[path][-1]}-{n}"
        taken[name.casefold()] = path
        names[path] = name
    return names
