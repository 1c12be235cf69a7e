"""Gold JSONL vs label output → per-label metrics (see ../shared/corpus/gold/LABELS.md).

Per label: accuracy with a 95% Wilson interval; for boolean labels the precision and recall of
``true``; for categorical labels the precision and recall of every value and of "not none", and
a confusion matrix (gold value × predicted value) for ``art10_dispute_forum`` and
``art11_ip_ownership``. The headline is the mean accuracy over the nine decisions.

The **missing-IP flag** is what a user reads as "this contract lacks IP-ownership terms": the
analyzer raises it when its Article 11 finding is ``missing`` (a contract where Article 11
applies and no allocation was found); gold raises it when the gold value is "none" and the
contract is outsourcing-like. Its precision and recall are reported.

**Evidence agreement**: for every decision that both gold and the analyzer call positive (and
gold quotes), whether one of the analyzer's quotes for that requirement overlaps one of the gold
quotes (a common run of at least 40 characters, or of 60% of the shorter quote, compared without
white space and Markdown marks).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from analyzer.errors import AnalyzerError, EvaluationError
from analyzer.gold import GoldRecord, find_document, read_gold
from analyzer.labels import LABEL_KEYS, LABEL_REQUIREMENTS

logger = logging.getLogger(__name__)

__all__ = [
    "DECISIONS",
    "EvaluationResult",
    "LabelMetrics",
    "Prediction",
    "compare",
    "evaluate",
    "evaluate_records",
    "find_document",
    "read_gold",
    "wilson",
]

CATEGORICAL = {"art10_dispute_forum", "art10_arbitration_institution", "art11_ip_ownership"}
CONFUSION = ("art10_dispute_forum", "art11_ip_ownership")
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
Z95 = 1.959964


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95% Wilson score interval of a proportion (0, 1 when n is 0)."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, round(centre + half, 12)))


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@dataclass
class LabelMetrics:
    label: str
    n: int = 0
    correct: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    # categorical: per value (tp, fp, fn) and gold → predicted counts
    per_value: dict[str, list[int]] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    evidence_n: int = 0
    evidence_agree: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.correct, self.n)

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def evidence_agreement(self) -> float | None:
        return _ratio(self.evidence_agree, self.evidence_n)

    def value_metrics(self) -> dict[str, dict[str, float | None]]:
        return {
            v: {
                "precision": _r(_ratio(tp, tp + fp)),
                "recall": _r(_ratio(tp, tp + fn)),
                "n": tp + fn,
            }
            for v, (tp, fp, fn) in sorted(self.per_value.items())
        }

    def to_dict(self) -> dict[str, Any]:
        lo, hi = self.interval
        out: dict[str, Any] = {
            "label": self.label,
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "ci_low": round(lo, 4),
            "ci_high": round(hi, 4),
            "precision": _r(self.precision),
            "recall": _r(self.recall),
            "evidence_n": self.evidence_n,
            "evidence_agreement": _r(self.evidence_agreement),
        }
        if self.per_value:
            out["values"] = self.value_metrics()
        if self.confusion:
            out["confusion"] = self.confusion
        return out


@dataclass(frozen=True)
class Mismatch:
    doc: str
    label: str
    gold: Any
    predicted: Any


@dataclass(frozen=True)
class Prediction:
    """What the evaluation needs of one analysed contract."""

    labels: dict[str, Any]
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)  # label → quotes
    ip_missing_flag: bool | None = None  # Article 11 finding is "missing"
    confidence: dict[str, float] = field(default_factory=dict)
    review: tuple[str, ...] = ()

    @classmethod
    def from_report(cls, report: Any) -> Prediction:
        labels = report.labels()
        evidence: dict[str, tuple[str, ...]] = {}
        by_req = {f.requirement: f for f in report.findings}
        for key, (req, _kind) in LABEL_REQUIREMENTS.items():
            f = by_req.get(req)
            if f is not None and f.evidence:
                evidence[key] = tuple(e.quote for e in f.evidence)
        ip = by_req.get("art11.ip_ownership")
        conf = getattr(report, "confidence", None)
        return cls(
            labels=labels,
            evidence=evidence,
            ip_missing_flag=None if ip is None else ip.status == "missing",
            confidence=dict(conf()) if callable(conf) else {},
            review=tuple(report.review()) if callable(getattr(report, "review", None)) else (),
        )


@dataclass
class EvaluationResult:
    metrics: dict[str, LabelMetrics]
    mismatches: list[Mismatch] = field(default_factory=list)
    missing_docs: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    ip_missing_recall: float | None = None
    ip_flag_tp: int = 0
    ip_flag_fp: int = 0
    ip_flag_fn: int = 0
    documents: int = 0
    # (label, confidence, correct) for every decision that carries a confidence
    calibration: list[tuple[str, float, bool]] = field(default_factory=list)
    review_marked: int = 0
    review_decisions: int = 0
    unmarked_correct: int = 0
    unmarked_n: int = 0

    @property
    def mean_accuracy(self) -> float:
        accs = [self.metrics[k].accuracy for k in DECISIONS if self.metrics[k].n]
        return sum(accs) / len(accs) if accs else 0.0

    @property
    def decisions(self) -> tuple[int, int]:
        """(correct, total) over the nine decisions, pooled."""
        ms = [self.metrics[k] for k in DECISIONS]
        return sum(m.correct for m in ms), sum(m.n for m in ms)

    @property
    def mean_interval(self) -> tuple[float, float]:
        """Wilson interval of the pooled decision accuracy (decisions treated as independent;
        an approximation: decisions of one contract are correlated)."""
        return wilson(*self.decisions)

    @property
    def min_accuracy(self) -> float:
        accs = [m.accuracy for m in self.metrics.values() if m.n]
        return min(accs) if accs else 0.0

    @property
    def ip_flag_precision(self) -> float | None:
        return _ratio(self.ip_flag_tp, self.ip_flag_tp + self.ip_flag_fp)

    @property
    def ip_flag_recall(self) -> float | None:
        return _ratio(self.ip_flag_tp, self.ip_flag_tp + self.ip_flag_fn)

    @property
    def evidence_agreement(self) -> float | None:
        n = sum(m.evidence_n for m in self.metrics.values())
        return _ratio(sum(m.evidence_agree for m in self.metrics.values()), n)

    @property
    def evidence_counts(self) -> tuple[int, int]:
        return (
            sum(m.evidence_agree for m in self.metrics.values()),
            sum(m.evidence_n for m in self.metrics.values()),
        )

    def expected_calibration_error(self, bins: int = 10) -> float | None:
        """Mean |confidence − accuracy| over the confidence bins, weighted by their size."""
        if not self.calibration:
            return None
        total = len(self.calibration)
        return sum(
            r["n"] / total * abs(r["confidence"] - r["accuracy"]) for r in self.reliability(bins)
        )

    def reliability(self, bins: int = 10) -> list[dict[str, float]]:
        """Per confidence bin: mean confidence, observed accuracy and count (for a diagram)."""
        rows = []
        for b in range(bins):
            lo, hi = b / bins, (b + 1) / bins
            inside = [
                (c, ok)
                for _, c, ok in self.calibration
                if lo <= c < hi or (b == bins - 1 and c == 1.0)
            ]
            if inside:
                rows.append(
                    {
                        "bin_low": lo,
                        "bin_high": hi,
                        "confidence": sum(c for c, _ in inside) / len(inside),
                        "accuracy": sum(ok for _, ok in inside) / len(inside),
                        "n": len(inside),
                    }
                )
        return rows

    def to_dict(self) -> dict[str, Any]:
        lo, hi = self.mean_interval
        ev_ok, ev_n = self.evidence_counts
        ev_lo, ev_hi = wilson(ev_ok, ev_n)
        flag_p, flag_r = self.ip_flag_precision, self.ip_flag_recall
        tp, fp, fn = self.ip_flag_tp, self.ip_flag_fp, self.ip_flag_fn
        return {
            "documents": self.documents,
            "mean_accuracy": round(self.mean_accuracy, 4),
            "pooled_accuracy_ci": [round(lo, 4), round(hi, 4)],
            "min_accuracy": round(self.min_accuracy, 4),
            "ip_missing_recall": _r(self.ip_missing_recall),
            "ip_missing_flag": {
                "precision": _r(flag_p),
                "precision_ci": [round(x, 4) for x in wilson(tp, tp + fp)],
                "recall": _r(flag_r),
                "recall_ci": [round(x, 4) for x in wilson(tp, tp + fn)],
                "tp": tp,
                "fp": fp,
                "fn": fn,
            },
            "evidence_agreement": _r(self.evidence_agreement),
            "evidence_agreement_ci": [round(ev_lo, 4), round(ev_hi, 4)],
            "evidence_n": ev_n,
            "calibration": {
                "ece": _r(self.expected_calibration_error()),
                "bins": self.reliability(),
                "review_share": _r(_ratio(self.review_marked, self.review_decisions)),
                "unmarked_accuracy": _r(_ratio(self.unmarked_correct, self.unmarked_n)),
                "unmarked_n": self.unmarked_n,
            }
            if self.calibration
            else None,
            "labels": {k: m.to_dict() for k, m in self.metrics.items()},
            "mismatches": [m.__dict__ for m in self.mismatches],
            "missing_docs": self.missing_docs,
            "errors": self.errors,
        }

    def table(self) -> str:
        lines = [
            f"{'label':36} {'n':>4} {'acc':>6} {'95% CI':>13} {'prec':>6} {'rec':>6} {'evid':>6}"
        ]
        for key, m in self.metrics.items():
            p = "-" if m.precision is None else f"{m.precision:.2f}"
            r = "-" if m.recall is None else f"{m.recall:.2f}"
            e = "-" if m.evidence_agreement is None else f"{m.evidence_agreement:.2f}"
            lo, hi = m.interval
            lines.append(
                f"{key:36} {m.n:>4} {m.accuracy:>6.3f} {f'{lo:.2f}-{hi:.2f}':>13} {p:>6} {r:>6} {e:>6}"
            )
        lines.append("")
        lines.append(f"documents: {self.documents}")
        lo, hi = self.mean_interval
        lines.append(
            f"mean accuracy over the nine decisions: {self.mean_accuracy:.3f} "
            f"(pooled {self.decisions[0]}/{self.decisions[1]}, 95% CI {lo:.3f}-{hi:.3f})"
        )
        lines.append(f"lowest label accuracy: {self.min_accuracy:.3f}")
        fp_, fr_ = self.ip_flag_precision, self.ip_flag_recall
        if fp_ is not None or fr_ is not None:
            tp, fp, fn = self.ip_flag_tp, self.ip_flag_fp, self.ip_flag_fn
            plo, phi = wilson(tp, tp + fp)
            rlo, rhi = wilson(tp, tp + fn)
            lines.append(
                "missing-IP flag: precision "
                + ("-" if fp_ is None else f"{fp_:.3f} ({tp}/{tp + fp}, CI {plo:.2f}-{phi:.2f})")
                + ", recall "
                + ("-" if fr_ is None else f"{fr_:.3f} ({tp}/{tp + fn}, CI {rlo:.2f}-{rhi:.2f})")
            )
        if self.ip_missing_recall is not None:
            lines.append(
                f"recall of gold 'none' for art11 (any status): {self.ip_missing_recall:.3f}"
            )
        ev_ok, ev_n = self.evidence_counts
        if ev_n:
            elo, ehi = wilson(ev_ok, ev_n)
            lines.append(
                f"evidence agreement: {ev_ok}/{ev_n} = {ev_ok / ev_n:.3f} (CI {elo:.2f}-{ehi:.2f})"
            )
        if self.calibration:
            ece = self.expected_calibration_error()
            share = _ratio(self.review_marked, self.review_decisions)
            acc = _ratio(self.unmarked_correct, self.unmarked_n)
            lines.append(
                f"calibration: ECE {ece:.3f}; marked for review {share or 0:.3f}; "
                f"accuracy of unmarked decisions {acc or 0:.3f} (n={self.unmarked_n})"
            )
        for key in CONFUSION:
            m = self.metrics[key]
            if not m.confusion:
                continue
            values = sorted({v for row in m.confusion.values() for v in row} | set(m.confusion))
            lines.append("")
            lines.append(f"{key}: gold (rows) x predicted (columns)")
            lines.append(f"{'':20}" + "".join(f"{v[:18]:>19}" for v in values))
            for g in values:
                row = m.confusion.get(g, {})
                lines.append(f"{g[:20]:20}" + "".join(f"{row.get(v, 0):>19}" for v in values))
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


def _positive(key: str, value: Any) -> bool:
    if key in CATEGORICAL:
        return value not in NONE_VALUES
    return bool(value)


def _norm_value(value: Any) -> str:
    return "none" if value in NONE_VALUES else str(value)


_NOISE = re.compile(r"[\s*_#`>|]+")


def _norm_quote(q: str) -> str:
    return _NOISE.sub("", q).lower()


def quotes_overlap(a: str, b: str) -> bool:
    """Whether two quotes share a run of ≥ 40 characters or ≥ 60% of the shorter one (compared
    without white space and Markdown marks, case-insensitively)."""
    x, y = _norm_quote(a), _norm_quote(b)
    if not x or not y:
        return False
    if x in y or y in x:
        return True
    need = min(40, math.ceil(0.6 * min(len(x), len(y))))
    m = SequenceMatcher(None, x, y, autojunk=False).find_longest_match(0, len(x), 0, len(y))
    return m.size >= need


def compare(
    pairs: Iterable[tuple[str, dict[str, Any], dict[str, Any] | Prediction]],
    *,
    gold_records: Mapping[str, GoldRecord] | None = None,
) -> EvaluationResult:
    """Metrics from (doc, gold labels, predicted labels or Prediction) triples."""
    metrics = {k: LabelMetrics(k) for k in LABEL_KEYS}
    result = EvaluationResult(metrics=metrics)
    ip_none = ip_none_hit = 0
    for doc, gold, predicted in pairs:
        pred = predicted if isinstance(predicted, Prediction) else Prediction(labels=predicted)
        rec = gold_records.get(doc) if gold_records else None
        result.documents += 1
        for key in LABEL_KEYS:
            if key not in gold:
                continue
            g, p = gold[key], pred.labels.get(key)
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
            if key in CATEGORICAL:
                gv, pv = _norm_value(g), _norm_value(p)
                for v in {gv, pv}:
                    cell = m.per_value.setdefault(v, [0, 0, 0])
                    cell[0] += gv == v and pv == v
                    cell[1] += gv != v and pv == v
                    cell[2] += gv == v and pv != v
                if key in CONFUSION:
                    row = m.confusion.setdefault(gv, {})
                    row[pv] = row.get(pv, 0) + 1
            gold_quotes = rec.evidence.get(key, ()) if rec is not None else ()
            if gp and pp and gold_quotes:
                m.evidence_n += 1
                if any(
                    quotes_overlap(a, b) for a in pred.evidence.get(key, ()) for b in gold_quotes
                ):
                    m.evidence_agree += 1
            if key in DECISIONS and key in pred.confidence:
                result.calibration.append((key, pred.confidence[key], bool(same)))
                result.review_decisions += 1
                if key in pred.review:
                    result.review_marked += 1
                else:
                    result.unmarked_n += 1
                    result.unmarked_correct += bool(same)
        if "art11_ip_ownership" in gold:
            gold_none = gold["art11_ip_ownership"] in NONE_VALUES
            if gold_none:
                ip_none += 1
                ip_none_hit += pred.labels.get("art11_ip_ownership") in NONE_VALUES
            applies = rec is None or rec.outsourcing_like is not False
            gold_flag = gold_none and applies
            pred_flag = (
                pred.ip_missing_flag
                if pred.ip_missing_flag is not None
                else pred.labels.get("art11_ip_ownership") in NONE_VALUES
            )
            result.ip_flag_tp += gold_flag and pred_flag
            result.ip_flag_fp += (not gold_flag) and pred_flag
            result.ip_flag_fn += gold_flag and not pred_flag
    result.ip_missing_recall = ip_none_hit / ip_none if ip_none else None
    return result


def evaluate_records(
    records: Sequence[GoldRecord],
    corpus: str | Path,
    *,
    analyze_fn: Callable[[Path], Any] | None = None,
    predict_fn: Callable[[Path], Prediction] | None = None,
) -> EvaluationResult:
    """Analyse every record's contract under ``corpus`` and compare with its labels."""
    corpus_dir = Path(corpus)
    if not corpus_dir.is_dir():
        raise EvaluationError("corpus folder not found", path=str(corpus_dir))
    if predict_fn is None:
        if analyze_fn is None:
            from analyzer.engine import analyze

            analyze_fn = analyze
        fn = analyze_fn

        def predict_fn(path: Path) -> Prediction:
            return Prediction.from_report(fn(path))

    triples: list[tuple[str, dict[str, Any], dict[str, Any] | Prediction]] = []
    missing: list[str] = []
    errors: dict[str, str] = {}
    for rec in records:
        path = corpus_dir / rec.file if rec.file else find_document(corpus_dir, rec.doc)
        if path is None or not path.is_file():
            missing.append(rec.doc)
            continue
        try:
            prediction = predict_fn(path)
        except AnalyzerError as exc:
            errors[rec.doc] = exc.message
            continue
        triples.append((rec.doc, rec.labels, prediction))
    result = compare(triples, gold_records={r.doc: r for r in records})
    result.missing_docs = missing
    result.errors = errors
    return result


def evaluate(
    gold_files: Sequence[str | Path],
    corpus: str | Path,
    *,
    analyze_fn: Callable[[Path], Any] | None = None,
    splits: Sequence[str] | None = None,
) -> EvaluationResult:
    """Run the analyzer on every gold record's document under ``corpus`` and compare labels.

    With ``splits``, only records whose contract ``annotations/split.json`` puts in one of them."""
    corpus_dir = Path(corpus)
    if not corpus_dir.is_dir():
        raise EvaluationError("corpus folder not found", path=str(corpus_dir))
    seen: set[str] = set()
    records = []
    for f in gold_files:
        for r in read_gold(f, corpus_dir):
            if r.doc not in seen:  # a contract labelled twice keeps its first record
                seen.add(r.doc)
                records.append(r)
    if splits:
        from analyzer.gold import load_split

        split = load_split()
        records = [r for r in records if split.get(r.doc) in set(splits)]
    return evaluate_records(records, corpus_dir, analyze_fn=analyze_fn)
