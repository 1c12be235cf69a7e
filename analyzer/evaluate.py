"""Gold JSONL vs label output → per-label metrics (see ../shared/corpus/gold/LABELS.md).

For boolean labels: accuracy, precision and recall of ``true``. For categorical labels:
accuracy, and precision/recall of "not none" (a forum / an owner / an institution was found).
For ``art11_ip_ownership`` also the recall of the "missing IP-ownership" flag (gold none →
predicted none). The headline is the mean accuracy over the nine decisions.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer.errors import AnalyzerError, EvaluationError
from analyzer.report import LABEL_KEYS

logger = logging.getLogger(__name__)

DOC_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf")
CATEGORICAL = {"art10_dispute_forum", "art10_arbitration_institution", "art11_ip_ownership"}
NONE_VALUES = {None, "none", ""}
# the nine decisions of the headline mean
DECISIONS: tuple[str, ...] = (
    "art3_confidential_info_defined",
    "art4_provider_nondisclosure",
    "art5_security_measures",
    "art6_personnel_confidentiality",
    "art6_personnel_noncompete",
    "art6_third_party_confidentiality",
    "art10_dispute_forum",
    "art11_ip_ownership",
    "art12_client_ip_protection",
)


@dataclass(frozen=True)
class GoldRecord:
    doc: str
    labels: dict[str, Any]
    source: str
    outsourcing_like: bool | None = None


@dataclass
class LabelMetrics:
    label: str
    n: int = 0
    correct: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if (self.tp + self.fp) else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if (self.tp + self.fn) else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "precision": None if self.precision is None else round(self.precision, 4),
            "recall": None if self.recall is None else round(self.recall, 4),
        }


@dataclass(frozen=True)
class Mismatch:
    doc: str
    label: str
    gold: Any
    predicted: Any


@dataclass
class EvaluationResult:
    metrics: dict[str, LabelMetrics]
    mismatches: list[Mismatch] = field(default_factory=list)
    missing_docs: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    ip_missing_recall: float | None = None
    documents: int = 0

    @property
    def mean_accuracy(self) -> float:
        accs = [self.metrics[k].accuracy for k in DECISIONS if self.metrics[k].n]
        return sum(accs) / len(accs) if accs else 0.0

    @property
    def min_accuracy(self) -> float:
        accs = [m.accuracy for m in self.metrics.values() if m.n]
        return min(accs) if accs else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "mean_accuracy": round(self.mean_accuracy, 4),
            "min_accuracy": round(self.min_accuracy, 4),
            "ip_missing_recall": None
            if self.ip_missing_recall is None
            else round(self.ip_missing_recall, 4),
            "labels": {k: m.to_dict() for k, m in self.metrics.items()},
            "mismatches": [m.__dict__ for m in self.mismatches],
            "missing_docs": self.missing_docs,
            "errors": self.errors,
        }

    def table(self) -> str:
        lines = [f"{'label':36} {'n':>3} {'acc':>6} {'prec':>6} {'rec':>6}"]
        for key, m in self.metrics.items():
            p = "-" if m.precision is None else f"{m.precision:.2f}"
            r = "-" if m.recall is None else f"{m.recall:.2f}"
            lines.append(f"{key:36} {m.n:>3} {m.accuracy:>6.2f} {p:>6} {r:>6}")
        lines.append("")
        lines.append(f"documents: {self.documents}")
        lines.append(f"mean accuracy over the nine decisions: {self.mean_accuracy:.3f}")
        lines.append(f"lowest label accuracy: {self.min_accuracy:.3f}")
        if self.ip_missing_recall is not None:
            lines.append(f"recall of the missing IP-ownership flag: {self.ip_missing_recall:.3f}")
        if self.missing_docs:
            lines.append(f"documents not found: {', '.join(self.missing_docs)}")
        for doc, err in self.errors.items():
            lines.append(f"error: {doc}: {err}")
        if self.mismatches:
            lines.append("")
            lines.append("mismatches:")
            for mm in self.mismatches:
                lines.append(f"  {mm.doc}: {mm.label} gold={mm.gold!r} predicted={mm.predicted!r}")
        return "\n".join(lines)


def read_gold(path: str | Path) -> list[GoldRecord]:
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"cannot read the gold file: {exc}", path=str(p)) from exc
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
        out.append(
            GoldRecord(
                doc=str(raw["doc"]),
                labels=raw["labels"],
                source=str(p),
                outsourcing_like=raw.get("outsourcing_like"),
            )
        )
    return out


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


def _positive(key: str, value: Any) -> bool:
    if key in CATEGORICAL:
        return value not in NONE_VALUES
    return bool(value)


def compare(
    pairs: Iterable[tuple[str, dict[str, Any], dict[str, Any]]],
) -> EvaluationResult:
    """Metrics from (doc, gold labels, predicted labels) triples."""
    metrics = {k: LabelMetrics(k) for k in LABEL_KEYS}
    result = EvaluationResult(metrics=metrics)
    ip_none = ip_none_hit = 0
    for doc, gold, pred in pairs:
        result.documents += 1
        for key in LABEL_KEYS:
            if key not in gold:
                continue
            g, p = gold[key], pred.get(key)
            m = metrics[key]
            m.n += 1
            same = (g in NONE_VALUES and p in NONE_VALUES) or g == p
            if same:
                m.correct += 1
            else:
                result.mismatches.append(Mismatch(doc, key, g, p))
            gp, pp = _positive(key, g), _positive(key, p)
            m.tp += gp and pp
            m.fp += (not gp) and pp
            m.fn += gp and not pp
        if "art11_ip_ownership" in gold and gold["art11_ip_ownership"] in NONE_VALUES:
            ip_none += 1
            ip_none_hit += pred.get("art11_ip_ownership") in NONE_VALUES
    result.ip_missing_recall = ip_none_hit / ip_none if ip_none else None
    return result


def evaluate(
    gold_files: Sequence[str | Path],
    corpus: str | Path,
    *,
    analyze_fn: Callable[[Path], Any] | None = None,
) -> EvaluationResult:
    """Run the analyzer on every gold record's document under ``corpus`` and compare labels."""
    corpus_dir = Path(corpus)
    if not corpus_dir.is_dir():
        raise EvaluationError("corpus folder not found", path=str(corpus_dir))
    if analyze_fn is None:
        from analyzer.engine import analyze

        analyze_fn = analyze
    records = [r for f in gold_files for r in read_gold(f)]
    triples: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    missing: list[str] = []
    errors: dict[str, str] = {}
    for rec in records:
        path = find_document(corpus_dir, rec.doc)
        if path is None:
            missing.append(rec.doc)
            continue
        try:
            report = analyze_fn(path)
        except AnalyzerError as exc:
            errors[rec.doc] = exc.message
            continue
        triples.append((rec.doc, rec.labels, report.labels()))
    result = compare(triples)
    result.missing_docs = missing
    result.errors = errors
    return result
