"""Gold labels: reading, resolving and validating them (../shared/corpus/gold/LABELS.md format).

Two kinds of gold file are read:

- the shared gold (``../shared/corpus/gold/*.jsonl``): evidence quotes are verbatim strings;
- the project's annotated corpus (``annotations/labels.jsonl``): the same records, but each quote
  is stored as ``[start, end, digest]`` — character offsets into the contract's text file under
  the corpus folder, and the first 12 hex digits of the SHA-1 of the quote with white space
  collapsed. No contract text is copied into the repository; the loader slices the quote out of
  the corpus file and the digest proves it is the slice the labeller chose.

Offsets index the file's text as ``Path.read_text(encoding="utf-8")`` returns it (universal
newlines). ``annotations/split.json`` assigns every labelled contract, shared or ours, to
``train``, ``dev`` or ``test`` (see :func:`load_split`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from analyzer.errors import EvaluationError

BOOL_LABELS: tuple[str, ...] = (
    "art3_confidential_info_defined",
    "art4_provider_nondisclosure",
    "art5_security_measures",
    "art6_personnel_confidentiality",
    "art6_personnel_noncompete",
    "art6_third_party_confidentiality",
    "art12_client_ip_protection",
)
FORUM_VALUES = frozenset({"arbitration", "courts", "arbitration+courts", "none"})
IP_VALUES = frozenset({"client", "provider", "joint", "split", "none"})
ALL_LABELS: tuple[str, ...] = (
    *BOOL_LABELS[:6],
    "art10_dispute_forum",
    "art10_arbitration_institution",
    "art11_ip_ownership",
    BOOL_LABELS[6],
)
SPLITS = ("train", "dev", "test")
DOC_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf")
ANNOTATIONS_DIR = Path(__file__).resolve().parent.parent / "annotations"

_WS = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Runs of white space → one space, ends stripped (how LABELS.md compares quotes)."""
    return _WS.sub(" ", text).strip()


def quote_digest(quote: str) -> str:
    return hashlib.sha1(collapse(quote).encode("utf-8")).hexdigest()[:12]


def locate(text: str, quote: str, start: int = 0) -> tuple[int, int] | None:
    """Offsets of ``quote`` in ``text`` where any run of white space may stand for any other."""
    words = collapse(quote).split(" ")
    if not words or not words[0]:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.compile(pattern).search(text, start)
    return (m.start(), m.end()) if m else None


@dataclass(frozen=True)
class GoldRecord:
    """One labelled contract. ``evidence`` holds the quotes (resolved to text)."""

    doc: str
    labels: dict[str, Any]
    source: str
    outsourcing_like: bool | None = None
    provider: str | None = None
    client: str | None = None
    template: bool = False
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    file: str | None = None  # path under the corpus folder, when the record names it
    notes: str = ""


def find_document(corpus: Path, doc: str) -> Path | None:
    """``<doc>.txt/.md/.docx/.pdf`` anywhere under ``corpus`` (first suffix in that order)."""
    for suffix in DOC_SUFFIXES:
        direct = corpus / f"{doc}{suffix}"
        if direct.is_file():
            return direct
    for suffix in DOC_SUFFIXES:
        for hit in sorted(corpus.rglob(f"{doc}{suffix}")):
            if hit.is_file():
                return hit
    return None


@lru_cache(maxsize=64)
def _file_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def _resolve_quote(item: Any, file_path: Path | None) -> str | None:
    """A verbatim string, or the slice ``[start, end, digest]`` of the contract file."""
    if isinstance(item, str):
        return item
    if (
        isinstance(item, list)
        and len(item) == 3
        and isinstance(item[0], int)
        and isinstance(item[1], int)
        and file_path is not None
    ):
        text = _file_text(str(file_path))
        quote = text[item[0] : item[1]]
        if quote_digest(quote) != item[2]:
            return None
        return quote
    return None


def read_gold(path: str | Path, corpus: str | Path | None = None) -> list[GoldRecord]:
    """Records of one gold JSONL file. Offset quotes are resolved when ``corpus`` is given
    (quotes that cannot be resolved are left out; :func:`check_gold` reports them)."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"cannot read the gold file: {exc}", path=str(p)) from exc
    corpus_dir = Path(corpus) if corpus is not None else None
    out: list[GoldRecord] = []
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError as exc:
            raise EvaluationError(f"line {i} is not JSON: {exc}", path=str(p)) from exc
        if not isinstance(raw, dict) or "doc" not in raw or not isinstance(raw.get("labels"), dict):
            raise EvaluationError(f"line {i} has no 'doc' and 'labels'", path=str(p))
        file_path: Path | None = None
        if corpus_dir is not None:
            file_path = (
                corpus_dir / raw["file"]
                if raw.get("file")
                else find_document(corpus_dir, raw["doc"])
            )
        evidence: dict[str, tuple[str, ...]] = {}
        for key, items in (raw.get("evidence") or {}).items():
            quotes = [_resolve_quote(item, file_path) for item in items or ()]
            evidence[key] = tuple(q for q in quotes if q)
        out.append(
            GoldRecord(
                doc=str(raw["doc"]),
                labels=raw["labels"],
                source=str(p),
                outsourcing_like=raw.get("outsourcing_like"),
                provider=raw.get("provider"),
                client=raw.get("client"),
                template=bool(raw.get("template", False)),
                evidence=evidence,
                file=raw.get("file"),
                notes=str(raw.get("notes") or ""),
            )
        )
    return out


def _positive(key: str, value: Any) -> bool:
    if key in ("art10_dispute_forum", "art11_ip_ownership", "art10_arbitration_institution"):
        return value not in (None, "", "none")
    return value is True


def check_record(raw: dict[str, Any], corpus: Path) -> list[str]:
    """Problems with one raw record: keys, values, and every quote an exact slice of its file."""
    doc = raw.get("doc")
    problems: list[str] = []
    if not isinstance(doc, str) or not doc:
        return ["a record has no 'doc'"]
    labels = raw.get("labels")
    if not isinstance(labels, dict):
        return [f"{doc}: no 'labels' object"]
    if set(labels) != set(ALL_LABELS):
        problems.append(
            f"{doc}: label keys differ from LABELS.md: {sorted(set(labels) ^ set(ALL_LABELS))}"
        )
    for key in BOOL_LABELS:
        if key in labels and not isinstance(labels[key], bool):
            problems.append(f"{doc}: {key} must be true or false")
    if labels.get("art10_dispute_forum") not in FORUM_VALUES:
        problems.append(
            f"{doc}: art10_dispute_forum {labels.get('art10_dispute_forum')!r} is not a LABELS.md value"
        )
    if labels.get("art11_ip_ownership") not in IP_VALUES:
        problems.append(
            f"{doc}: art11_ip_ownership {labels.get('art11_ip_ownership')!r} is not a LABELS.md value"
        )
    inst = labels.get("art10_arbitration_institution")
    if inst is not None and not (isinstance(inst, str) and inst.strip()):
        problems.append(f"{doc}: art10_arbitration_institution must be a name or null")
    if inst and "arbitration" not in str(labels.get("art10_dispute_forum")):
        problems.append(f"{doc}: an arbitration institution but no arbitration forum")
    for key in ("outsourcing_like", "provider", "client"):
        if key not in raw:
            problems.append(f"{doc}: missing '{key}'")
    file_path = corpus / raw["file"] if raw.get("file") else find_document(corpus, doc)
    if file_path is None or not file_path.is_file():
        problems.append(f"{doc}: contract file not found under {corpus}")
        return problems
    evidence = raw.get("evidence") or {}
    for key in ALL_LABELS:
        if key == "art10_arbitration_institution":
            continue
        if _positive(key, labels.get(key)) and not evidence.get(key):
            problems.append(f"{doc}: {key} is positive but has no evidence quote")
    text = None if file_path.suffix in (".docx", ".pdf") else _file_text(str(file_path))
    collapsed = collapse(text) if text is not None else None
    for key, items in evidence.items():
        if key not in ALL_LABELS:
            problems.append(f"{doc}: evidence for unknown label {key!r}")
            continue
        for item in items:
            if isinstance(item, list):
                quote = _resolve_quote(item, file_path) if text is not None else None
                if quote is None:
                    problems.append(
                        f"{doc}: {key}: offsets {item[:2]} do not hold the labelled quote"
                    )
            elif isinstance(item, str):
                if collapsed is not None and collapse(item) not in collapsed:
                    problems.append(f"{doc}: {key}: a quote is not in the contract text")
            else:
                problems.append(f"{doc}: {key}: a quote must be a string or [start, end, digest]")
    return problems


def check_gold(paths: Iterable[str | Path], corpus: str | Path) -> list[str]:
    """Every problem in the given gold files (empty when they are fit to measure against)."""
    corpus_dir = Path(corpus)
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in paths:
        p = Path(path)
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except ValueError as exc:
                problems.append(f"{p.name} line {i}: not JSON ({exc})")
                continue
            doc = raw.get("doc") if isinstance(raw, dict) else None
            if isinstance(doc, str) and doc in seen:
                problems.append(f"{p.name} line {i}: {doc} is labelled twice (also in {seen[doc]})")
            if isinstance(doc, str):
                seen[doc] = p.name
            problems.extend(f"{p.name} line {i}: {msg}" for msg in check_record(raw, corpus_dir))
    return problems


# ------------------------------------------------------------------ the project's corpus


def load_split(path: str | Path | None = None) -> dict[str, str]:
    """``annotations/split.json``: doc → "train" | "dev" | "test"."""
    p = Path(path) if path is not None else ANNOTATIONS_DIR / "split.json"
    data = json.loads(p.read_text(encoding="utf-8"))
    return {doc: split for split in SPLITS for doc in data.get(split, ())}


def corpus_gold_files(corpus: str | Path) -> list[Path]:
    """All gold files of the annotated corpus: the shared dev gold and the project's labels."""
    shared = sorted((Path(corpus) / "gold").glob("*.jsonl"))
    return [*shared, ANNOTATIONS_DIR / "labels.jsonl"]


def load_corpus(
    corpus: str | Path, splits: Sequence[str] | None = None, *, split_file: str | Path | None = None
) -> list[GoldRecord]:
    """Every labelled contract of the annotated corpus (in ``splits`` when given), quotes resolved.

    A document labelled both in the shared gold and by the project keeps the shared record."""
    split = load_split(split_file)
    records: dict[str, GoldRecord] = {}
    for f in corpus_gold_files(corpus):
        for rec in read_gold(f, corpus):
            records.setdefault(rec.doc, rec)
    wanted = set(splits) if splits else set(SPLITS)
    return [r for doc, r in sorted(records.items()) if split.get(doc) in wanted]
