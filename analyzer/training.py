"""``make train``: rebuild the second reader from ../shared plus the project's annotations.

    python -m analyzer.training --corpus ../shared/corpus [--out analyzer/models] [--curve]

Deterministic: the same annotations, corpus and code give the same model file (liblinear with a
fixed seed, sorted inputs). Needs scikit-learn (a dev dependency); inference does not.

1. Every train and dev contract of ``annotations/split.json`` is analysed by the patterns alone;
   its candidate sentences (:func:`analyzer.learned.candidate_sentences`) are labelled by
   overlap with the gold quotes of each label (direction from the gold value: an Article 11
   quote of a "client" contract is an ``ip_client`` sentence, and so on).
2. Five folds by contract give out-of-fold sentence scores; the combiners (one per label) are
   fitted on them, so their probabilities are calibrated on contracts the sentence models did
   not see.
3. The sentence models are refitted on all train+dev contracts and saved with the combiners.
4. The confidence map (:func:`analyzer.learned.calibrate`) is fitted on the calibration set
   (``annotations/calibration.jsonl``), whose contracts no rule and no model has seen.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import re
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analyzer import learned
from analyzer.gold import (
    ANNOTATIONS_DIR,
    GoldRecord,
    collapse,
    find_document,
    load_corpus,
    locate,
    read_gold,
)
from analyzer.lang import CJK

logger = logging.getLogger(__name__)

C_SENTENCE = 4.0
C_COMBINER = 1.0
FOLDS = 5
SEED = 13
# contracts labelled blind, outside every split, never read for a rule: the confidence map's data
CALIBRATION_FILE = ANNOTATIONS_DIR / "calibration.jsonl"
_ARB = re.compile(r"arbitra|仲裁", re.IGNORECASE)
_COURT = re.compile(r"court|jurisdiction|venue|forum|tribunal|法院|管辖|诉讼", re.IGNORECASE)


@dataclass
class Example:
    """One contract: its candidate sentences, their gold types, the pattern labels, the gold."""

    doc: str
    sentences: list[learned.Sentence]
    targets: list[set[str]]
    pattern_labels: dict[str, Any]
    flagged: set[str]
    gold: dict[str, Any]
    quotes_missed: int = 0
    quotes: int = 0


def _quote_spans(text: str, quote: str) -> tuple[int, int] | None:
    span = locate(text, quote)
    if span is not None:
        return span
    # Markdown marks removed by the reader: match on the letters alone
    words = re.findall(r"\w+", quote)
    if len(words) < 3:
        return None
    pattern = r"\W+".join(re.escape(w) for w in words)
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def _types_for(label: str, value: Any, quote: str) -> set[str]:
    if label in learned.BOOL_TYPES:
        return {learned.BOOL_TYPES[label]}
    if label == "art10_dispute_forum":
        out = set()
        if _ARB.search(quote):
            out.add("arbitration")
        if _COURT.search(quote) or not out:
            out.add("courts" if value != "arbitration" or not _ARB.search(quote) else "arbitration")
        return out
    if label == "art11_ip_ownership":
        out = {"ip_alloc"}
        if value in ("client", "provider", "joint"):
            out.add(f"ip_{value}")
        return out
    return set()


def build_example(
    record: GoldRecord, corpus: Path, *, gold_sentences: bool = True
) -> Example | None:
    """The contract analysed by the patterns alone, its candidate sentences labelled from the
    gold quotes. ``gold_sentences``: also add gold quotes the topic filter missed (training
    only; inference never sees them)."""
    from analyzer.engine import analyze

    path = corpus / record.file if record.file else find_document(corpus, record.doc)
    if path is None:
        return None
    captured: dict[str, Any] = {}

    def recorder(document: Any, findings: Any, spans: Any, roles: Any, clause_index: Any) -> Any:
        captured["document"] = document
        captured["findings"] = findings
        captured["sentences"] = learned.candidate_sentences(document, spans, roles)
        captured["spans"] = spans
        captured["roles"] = roles
        return findings

    report = analyze(path, second_reader=recorder)
    document = captured["document"]
    sentences: list[learned.Sentence] = list(captured["sentences"])
    targets: list[set[str]] = [set() for _ in sentences]
    missed = total = 0
    extra: list[tuple[int, int, set[str]]] = []
    for label, quotes in record.evidence.items():
        value = record.labels.get(label)
        if label not in learned.LABEL_REQUIREMENT:
            continue
        for quote in quotes:
            span = _quote_spans(document.text, quote)
            total += 1
            if span is None:
                missed += 1
                continue
            types = _types_for(label, value, quote)
            hit = False
            for i, s in enumerate(sentences):
                ov = min(s.end, span[1]) - max(s.start, span[0])
                if ov > 0 and (ov >= 40 or ov >= 0.5 * (s.end - s.start)):
                    targets[i] |= types
                    hit = True
            if not hit:
                extra.append((span[0], span[1], types))
    # gold sentences the topic filter missed: trained on all the same (features as at inference)
    if extra and gold_sentences:
        from analyzer.roles import Roles

        roles: dict[str, Roles | None] = captured["roles"]
        for s0, e0, types in extra:
            lang = "zh" if CJK.search(document.text, s0, e0) else "en"
            pattern, table = learned._role_pattern(roles.get(lang) or roles.get("en"))
            feats = learned.features(
                learned.role_text(document.text[s0:e0][:2000], pattern, table), lang
            )
            sentences.append(learned.Sentence(s0, e0, lang, feats))
            targets.append(set(types))
    labels = report.labels()
    flagged = {
        lab
        for lab, req in learned.LABEL_REQUIREMENT.items()
        if any(f.requirement == req and f.status == "flag" for f in captured["findings"])
    }
    return Example(
        record.doc, sentences, targets, labels, flagged, dict(record.labels), missed, total
    )


def _matrix(sentences: Sequence[learned.Sentence]) -> Any:
    """Sentences as a sparse matrix: each feature occurrence counts 1/sqrt(feature count), as
    :meth:`analyzer.learned.SecondReader.score` computes it (repeated features add up)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    counts = np.asarray([len(s.features) for s in sentences], dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(counts)])
    indices = (
        np.concatenate([np.asarray(s.features, dtype=np.int64) for s in sentences])
        if len(sentences)
        else np.zeros(0, dtype=np.int64)
    )
    data = np.repeat(1.0 / np.sqrt(np.maximum(counts, 1)), counts)
    m = csr_matrix((data, indices, indptr), shape=(len(sentences), learned.N_FEATURES))
    m.sum_duplicates()
    return m


def fit_sentence_models(examples: Sequence[Example]) -> tuple[Any, Any]:
    """(weights (N_FEATURES × types), intercepts) of one logistic regression per type."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    sents = [s for ex in examples for s in ex.sentences]
    targets = [t for ex in examples for t in ex.targets]
    x = _matrix(sents)
    weights = np.zeros((learned.N_FEATURES, len(learned.TYPES)), dtype=np.float64)
    intercepts = np.full(len(learned.TYPES), -8.0)
    for j, name in enumerate(learned.TYPES):
        y = np.asarray([name in t for t in targets], dtype=np.int64)
        if y.sum() == 0 or y.sum() == len(y):
            continue
        clf = LogisticRegression(
            C=C_SENTENCE,
            solver="liblinear",
            class_weight="balanced",  # rare clause types: better ranking of their sentences
            random_state=SEED,
            max_iter=1000,
        )
        clf.fit(x, y)
        weights[:, j] = clf.coef_[0]
        intercepts[j] = clf.intercept_[0]
    return weights, intercepts


def _probs(weights: Any, intercepts: Any, sentences: Sequence[learned.Sentence]) -> Any:
    import numpy as np

    if not sentences:
        return np.zeros((0, len(learned.TYPES)))
    z = _matrix(sentences) @ weights + intercepts
    return 1.0 / (1.0 + np.exp(-z))


def _scores(ex: Example, probs: Any) -> dict[str, float]:
    if len(ex.sentences) == 0:
        return dict.fromkeys(learned.TYPES, 0.0)
    return {t: float(probs[:, j].max()) for j, t in enumerate(learned.TYPES)}


def oof_scores(examples: Sequence[Example], folds: int = FOLDS) -> list[dict[str, float]]:
    order = list(range(len(examples)))
    random.Random(SEED).shuffle(order)
    fold_of = {i: k % folds for k, i in enumerate(order)}
    out: list[dict[str, float]] = [{} for _ in examples]
    for k in range(folds):
        train = [ex for i, ex in enumerate(examples) if fold_of[i] != k]
        w, b = fit_sentence_models(train)
        for i, ex in enumerate(examples):
            if fold_of[i] == k:
                out[i] = _scores(ex, _probs(w, b, ex.sentences))
    return out


def _gold_value(label: str, value: Any) -> Any:
    if label in learned.BOOL_TYPES:
        return bool(value)
    return value if value not in (None, "") else "none"


def fit_combiners(
    examples: Sequence[Example], scores: Sequence[dict[str, float]]
) -> dict[str, Any]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    combiner: dict[str, Any] = {}
    for label, type_name in learned.BOOL_TYPES.items():
        x = np.asarray(
            [
                learned.bool_features(bool(ex.pattern_labels.get(label)), s[type_name])
                for ex, s in zip(examples, scores, strict=True)
            ]
        )
        y = np.asarray([_gold_value(label, ex.gold.get(label)) for ex in examples], dtype=np.int64)
        if len(set(y.tolist())) < 2:
            continue
        clf = LogisticRegression(C=C_COMBINER, solver="lbfgs", max_iter=1000)
        clf.fit(x, y)
        combiner[label] = {
            "coef": [float(c) for c in clf.coef_[0]],
            "intercept": float(clf.intercept_[0]),
        }
    for label, values, feats in (
        ("art10_dispute_forum", learned.FORUM_VALUES, learned.forum_features),
        ("art11_ip_ownership", learned.IP_VALUES, learned.ip_features),
    ):

        def pv(ex: Example, label: str = label, values: tuple[str, ...] = values) -> str:
            v = ex.pattern_labels.get(label) or "none"
            return v if v in values else "none"

        x = np.asarray([feats(pv(ex), s) for ex, s in zip(examples, scores, strict=True)])
        gold_values = [_gold_value(label, ex.gold.get(label)) for ex in examples]
        target = [v if v in values else "none" for v in gold_values]
        clf = LogisticRegression(C=C_COMBINER, solver="lbfgs", max_iter=2000)
        clf.fit(x, target)
        classes = [str(c) for c in clf.classes_]
        coef = clf.coef_
        intercept = clf.intercept_
        if len(classes) == 2:  # binary: softmax over (-z, z)/2 reproduces the sigmoid
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            intercept = np.asarray([-intercept[0] / 2, intercept[0] / 2])
        combiner[label] = {
            "classes": classes,
            "coef": [[float(c) for c in row] for row in coef],
            "intercept": [float(b) for b in intercept],
        }
    return combiner


def decision_rows(
    examples: Sequence[Example], weights: Any, intercepts: Any, combiner: Mapping[str, Any]
) -> list[tuple[float, bool]]:
    """(the combiner's probability, whether its decision is right) for every decision of
    ``examples``, scored by sentence models they were not trained on, as inference computes
    them (the calibration set; the learning curve's dev contracts)."""
    rows = []
    for ex in examples:
        probs = _probs(weights, intercepts, ex.sentences)
        scores = {t: (v, None) for t, v in _scores(ex, probs).items()}
        for label, d in learned.decide(ex.pattern_labels, ex.flagged, scores, combiner).items():
            rows.append((d.confidence, d.value == _gold_value(label, ex.gold.get(label))))
    return rows


def label_accuracy(
    examples: Sequence[Example], weights: Any, intercepts: Any, combiner: Mapping[str, Any]
) -> dict[str, tuple[float, float]]:
    """Per label, (accuracy of the rules alone, accuracy of the combined decision with the model
    allowed to overrule) on ``examples``, scored by sentence models they were not trained on."""
    every = {lab: {**c, "overrule": True} for lab, c in combiner.items()}
    tally: dict[str, list[int]] = {}
    for ex in examples:
        probs = _probs(weights, intercepts, ex.sentences)
        scores = {t: (v, None) for t, v in _scores(ex, probs).items()}
        _tally(ex, learned.decide(ex.pattern_labels, ex.flagged, scores, every), tally)
    return {lab: (r / k, c / k) for lab, (r, c, k) in tally.items()}


def fit_calibration(rows: Sequence[tuple[float, bool]]) -> dict[str, float]:
    """Platt scaling: ``a``, ``b`` of ``P(right) = sigmoid(a + b·logit(p))``, unregularised
    maximum likelihood (two numbers from a few hundred decisions)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.asarray([[learned.logit(p, learned.CONFIDENCE_CLIP)] for p, _ in rows])
    y = np.asarray([int(ok) for _, ok in rows])
    clf = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000)
    clf.fit(x, y)
    return {"a": round(float(clf.intercept_[0]), 6), "b": round(float(clf.coef_[0][0]), 6)}


def nested_accuracy(
    examples: Sequence[Example], scores: Sequence[dict[str, float]], folds: int = FOLDS
) -> dict[str, tuple[float, float]]:
    """Per label, (accuracy of the rules alone, accuracy of the combined decision), the combiner
    fitted on the other folds (its out-of-fold sentence scores are already held out)."""
    order = list(range(len(examples)))
    random.Random(SEED + 1).shuffle(order)
    fold_of = {i: k % folds for k, i in enumerate(order)}
    tally: dict[str, list[int]] = {}
    for k in range(folds):
        idx = [i for i in range(len(examples)) if fold_of[i] != k]
        combiner = fit_combiners([examples[i] for i in idx], [scores[i] for i in idx])
        for i, ex in enumerate(examples):
            if fold_of[i] != k:
                continue
            sc = {t: (v, None) for t, v in scores[i].items()}
            _tally(ex, learned.decide(ex.pattern_labels, ex.flagged, sc, combiner), tally)
    return {lab: (r / k, c / k) for lab, (r, c, k) in tally.items()}


def _tally(ex: Example, decided: Mapping[str, Any], tally: dict[str, list[int]]) -> None:
    """Count, per label, the rules' and the combined decision's right answers and the total."""
    for label, d in decided.items():
        gold = _gold_value(label, ex.gold.get(label))
        rule = ex.pattern_labels.get(label)
        rule = bool(rule) if label in learned.BOOL_TYPES else (rule or "none")
        row = tally.setdefault(label, [0, 0, 0])
        row[0] += rule == gold
        row[1] += d.value == gold
        row[2] += 1


def data_hash(records: Sequence[GoldRecord], corpus: Path) -> str:
    """SHA-256 over the training records (labels and quotes) and their contract files."""
    h = hashlib.sha256()
    for r in sorted(records, key=lambda r: r.doc):
        h.update(
            json.dumps(
                [
                    r.doc,
                    r.labels,
                    {k: [collapse(q) for q in v] for k, v in sorted(r.evidence.items())},
                ],
                sort_keys=True,
                ensure_ascii=False,
            ).encode()
        )
        path = corpus / r.file if r.file else find_document(corpus, r.doc)
        if path is not None:
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def save(
    out: Path, weights: Any, intercepts: Any, combiner: dict[str, Any], meta: dict[str, Any]
) -> None:
    import numpy as np

    out.mkdir(parents=True, exist_ok=True)
    seen = np.flatnonzero(np.any(weights != 0.0, axis=1))
    # stored, not deflated: the float32 weights hardly compress (7.4 -> 6.8 MB) and inflating
    # them cost every process ~0.08 s at start-up
    np.savez(
        out / learned.MODEL_FILE.name,
        seen=seen.astype(np.int32),
        weights=weights[seen].astype(np.float32),
        intercepts=intercepts.astype(np.float64),
    )
    meta = {
        **meta,
        "combiner": combiner,
        "types": list(learned.TYPES),
        "n_features": learned.N_FEATURES,
    }
    (out / learned.META_FILE.name).write_text(
        json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def examples_for(records: Sequence[GoldRecord], corpus: Path) -> list[Example]:
    out = []
    for r in records:
        ex = build_example(r, corpus)
        if ex is not None:
            out.append(ex)
    return out


def learning_curve(
    train: Sequence[Example],
    dev: Sequence[Example],
    fractions: Sequence[float] = (0.25, 0.5, 0.75, 1.0),
) -> list[dict[str, float]]:
    """Dev accuracy of the combined decisions against the number of training contracts."""
    rows = []
    order = list(range(len(train)))
    random.Random(SEED).shuffle(order)
    for frac in fractions:
        subset = [train[i] for i in sorted(order[: max(10, int(len(train) * frac))])]
        combiner = fit_combiners(subset, oof_scores(subset))
        w, b = fit_sentence_models(subset)
        decided = decision_rows(dev, w, b, combiner)
        correct, total = sum(ok for _, ok in decided), len(decided)
        rows.append(
            {
                "train_contracts": len(subset),
                "dev_accuracy": round(correct / total, 4) if total else 0.0,
            }
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--out", type=Path, default=learned.MODEL_DIR)
    ap.add_argument("--curve", action="store_true", help="also print the learning curve on dev")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    t0 = time.perf_counter()
    records = load_corpus(args.corpus, ("train", "dev"))
    examples = examples_for(records, args.corpus)
    quotes = sum(ex.quotes for ex in examples)
    missed = sum(ex.quotes_missed for ex in examples)
    scores = oof_scores(examples)
    nested = nested_accuracy(examples, scores)
    combiner = fit_combiners(examples, scores)
    weights, intercepts = fit_sentence_models(examples)
    calib_records = read_gold(CALIBRATION_FILE, args.corpus)
    calib_examples = [
        ex
        for r in calib_records
        if (ex := build_example(r, args.corpus, gold_sentences=False)) is not None
    ]
    unseen = label_accuracy(calib_examples, weights, intercepts, combiner)
    # the model may overrule the rules only for labels where that was measured to help: on
    # train+dev (nested cross-validation) or, where it does no harm there, on the calibration
    # set, whose contracts no rule was written from (train+dev is where the rules were tuned,
    # so the rules look better there than on a contract they have not seen)
    for label, (rules_acc, combined_acc) in nested.items():
        if label in combiner:
            cal_rules, cal_combined = unseen.get(label, (0.0, 0.0))
            combiner[label]["overrule"] = combined_acc > rules_acc or (
                combined_acc >= rules_acc and cal_combined > cal_rules
            )
    rows = decision_rows(calib_examples, weights, intercepts, combiner)
    calibration = {
        **fit_calibration(rows),
        "contracts": len(calib_examples),
        "decisions": len(rows),
        "data_sha256": data_hash(calib_records, args.corpus),
    }
    meta: dict[str, Any] = {
        "calibration": calibration,
        "trained_on": sorted(ex.doc for ex in examples),
        "data_sha256": data_hash(records, args.corpus),
        "c_sentence": C_SENTENCE,
        "c_combiner": C_COMBINER,
        "folds": FOLDS,
        "seed": SEED,
        "sentences": sum(len(ex.sentences) for ex in examples),
        "quotes_located": f"{quotes - missed}/{quotes}",
        "nested_cv_accuracy": {
            lab: {"rules": round(a, 4), "combined": round(b, 4)}
            for lab, (a, b) in sorted(nested.items())
        },
        "calibration_set_accuracy": {
            lab: {"rules": round(a, 4), "combined": round(b, 4)}
            for lab, (a, b) in sorted(unseen.items())
        },
    }
    if args.curve:
        from analyzer.gold import load_split

        split = load_split()
        tr = [ex for ex in examples if split.get(ex.doc) == "train"]
        dv = [ex for ex in examples if split.get(ex.doc) == "dev"]
        meta["learning_curve"] = learning_curve(tr, dv)
    save(args.out, weights, intercepts, combiner, meta)
    learned.load_model.cache_clear()
    print(
        f"trained on {len(examples)} contracts, {meta['sentences']} sentences "
        f"(quotes located {meta['quotes_located']}) in {time.perf_counter() - t0:.1f} s -> {args.out}"
    )
    for lab, row in meta["nested_cv_accuracy"].items():
        flag = "overrules" if combiner.get(lab, {}).get("overrule") else "confidence only"
        cal = meta["calibration_set_accuracy"].get(lab, {"rules": 0.0, "combined": 0.0})
        print(
            f"  {lab:34} rules {row['rules']:.3f}  combined {row['combined']:.3f}"
            f"  calibration set {cal['rules']:.3f} / {cal['combined']:.3f}  ({flag})"
        )
    if "learning_curve" in meta:
        for row in meta["learning_curve"]:
            print(
                f"  {row['train_contracts']:>4} training contracts: dev accuracy {row['dev_accuracy']:.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
