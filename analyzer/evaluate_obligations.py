"""Annotated obligations vs the analyzer's register → precision, recall and unknown-role share.

Gold: ``annotations/obligations.jsonl`` (one line per obligation; the guide is
``docs/obligations_instructions.md``): ``doc``, ``file`` (path under the corpus folder), ``quote``
= ``[start, end, digest]`` offsets into that file, ``bearer``, ``party``, ``role``
(provider / client / both / unknown), ``modality`` (must / must_not / may), ``action``,
``deadline``.

The reader may normalise the file (line ends, Markdown), so a gold quote is found again in
``Document.text`` by its words (white space may differ), taking the occurrence nearest the
file offset scaled to the document length.

**Matching.** An analyzer obligation and a gold one *overlap substantially* when their spans
share at least ``MIN_OVERLAP`` of the shorter span. Matching is one to one, per contract, greedy by
overlap: first between pairs whose role and modality both agree (the strict score), then — for
*found at all* — between any overlapping pairs. Reported:

- **precision** = strict matches / analyzer obligations; **recall** = strict matches / gold;
- **found-at-all recall** = gold obligations overlapped by some analyzer obligation;
- **precision / recall, sides either way round**: the strict score with the analyzer's provider
  and client swapped in the contracts where that matches more (a diagnostic, not the score: it
  shows what is left once the contract's sides are settled — on licences and distribution
  agreements the annotators and the role rules may take opposite sides, see
  ``docs/obligations_register.md``);
- **role accuracy** and **modality accuracy** among found gold obligations;
- **unknown role** = share of found gold obligations whose bearer is a party (gold role
  provider / client / both) for which the analyzer says role "unknown";
- **deadline right / found**, among the strict matches: of the obligations the analyzer gives a
  deadline or period, the share whose annotated deadline says the same
  (:func:`deadlines_agree`); of those the annotator gives one, the share the analyzer gives
  the same;

each with a 95% Wilson interval (:func:`analyzer.evaluate.wilson`).

The split: ``annotations/obligations_split.json`` holds a tuning half and a held-out half of the
annotated contracts, drawn once with a fixed seed (:func:`make_split`, stratified by language),
and ``fresh`` / ``fresh2``: contracts annotated later (sessions 7 and 8), each measured once as it
came before any rule was written from it.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer.beneficiaries import term_key
from analyzer.errors import EvaluationError
from analyzer.evaluate import wilson
from analyzer.gold import ANNOTATIONS_DIR, _file_text, collapse, quote_digest
from analyzer.model import Document, Obligation

__all__ = [
    "GoldObligation",
    "ObligationMetrics",
    "compare_obligations",
    "evaluate_obligations",
    "load_obligation_gold",
    "load_obligation_split",
    "make_split",
]

GOLD_FILE = ANNOTATIONS_DIR / "obligations.jsonl"
SPLIT_FILE = ANNOTATIONS_DIR / "obligations_split.json"
SPLIT_SEED = 18
HALVES = ("tune", "heldout")
GROUPS = (
    *HALVES,
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
    "fresh15",
    "fresh16",
    "fresh17",
    "fresh20",
)  # annotated after the split: "fresh" (session 7), "fresh2" (session 8), "fresh3" (session 9),
# "fresh4" (session 11), "fresh5" and "fresh6" (session 12), "fresh7" (session 13), "fresh8"
# (session 14, with beneficiaries), "fresh9" and "fresh10" (session 15), "fresh11" to "fresh13"
# (session 16), "fresh14" and "fresh15" (session 17): five CUAD contracts and one Chinese model form
# each; "fresh16" (session 18): four CUAD contracts (two outsourcing agreements among them) and one
# Chinese form; "fresh17" (session 19): two contracts written to "you" (an employment agreement and a
# franchise agreement); "fresh20" (session 20): a transition services agreement and three short
# contracts (a sponsorship, a franchisee's staff non-compete, an insurance endorsement)
# the contracts annotated for beneficiaries whose annotations were never read for a rule
# (``beneficiary_read`` in the split file lists those that were): a selection of its own
BENEFICIARY_UNREAD = "beneficiaries-unread"
MIN_OVERLAP = 0.5  # share of the shorter span
PARTY_ROLES = frozenset({"provider", "client", "both"})


@dataclass(frozen=True)
class GoldObligation:
    doc: str
    file: str
    start: int  # offsets into the corpus file
    end: int
    quote: str
    bearer: str
    party: str
    role: str
    modality: str
    action: str = ""
    deadline: str | None = None
    # the beneficiary as written and its side, where the line was annotated for it (a line
    # annotated with no beneficiary has ``beneficiary_annotated`` and None)
    beneficiary: str | None = None
    beneficiary_role: str | None = None
    beneficiary_annotated: bool = False


def load_obligation_gold(
    corpus: str | Path, path: str | Path | None = None
) -> list[GoldObligation]:
    """The annotated obligations, quotes resolved; a quote whose digest does not match is an
    error (the corpus file changed under the annotation)."""
    p = Path(path) if path is not None else GOLD_FILE
    out: list[GoldObligation] = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        raw = json.loads(line)
        start, end, digest = raw["quote"]
        file_path = Path(corpus) / raw["file"]
        if not file_path.is_file():
            raise EvaluationError(f"{p}:{n}: {raw['file']} is not in the corpus folder {corpus}")
        quote = _file_text(str(file_path))[start:end]
        if quote_digest(quote) != digest:
            raise EvaluationError(f"{p}:{n}: the quote no longer matches {raw['file']}")
        out.append(
            GoldObligation(
                doc=raw["doc"],
                file=raw["file"],
                start=start,
                end=end,
                quote=quote,
                bearer=raw.get("bearer", ""),
                party=raw.get("party", ""),
                role=raw["role"],
                modality=raw["modality"],
                action=raw.get("action", ""),
                deadline=raw.get("deadline"),
                beneficiary=raw.get("beneficiary"),
                beneficiary_role=raw.get("beneficiary_role"),
                beneficiary_annotated="beneficiary" in raw,
            )
        )
    return out


def make_split(
    docs: Iterable[str], language_of: Mapping[str, str], seed: int = SPLIT_SEED
) -> dict[str, Any]:
    """Halve the contracts per language with a fixed seed: {"seed", "tune", "heldout"}."""
    rng = random.Random(seed)
    tune: list[str] = []
    heldout: list[str] = []
    by_lang: dict[str, list[str]] = {}
    for d in sorted(set(docs)):
        by_lang.setdefault(language_of.get(d, "en"), []).append(d)
    for lang in sorted(by_lang):
        group = by_lang[lang]
        rng.shuffle(group)
        half = (len(group) + 1) // 2
        tune.extend(group[:half])
        heldout.extend(group[half:])
    return {"seed": seed, "tune": sorted(tune), "heldout": sorted(heldout)}


def load_obligation_split(path: str | Path | None = None) -> dict[str, str]:
    """doc → "tune" | "heldout" | "fresh"."""
    p = Path(path) if path is not None else SPLIT_FILE
    data = json.loads(p.read_text(encoding="utf-8"))
    return {doc: group for group in GROUPS for doc in data.get(group, ())}


def beneficiaries_read(path: str | Path | None = None) -> frozenset[str]:
    """The contracts whose beneficiary annotations were read to write the beneficiary rules
    (``beneficiary_read`` in the split file); the others annotated for it were not."""
    p = Path(path) if path is not None else SPLIT_FILE
    return frozenset(json.loads(p.read_text(encoding="utf-8")).get("beneficiary_read", ()))


# ----------------------------------------------------------------------------------------------
# Locating gold quotes in Document.text
# ----------------------------------------------------------------------------------------------


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    import re

    words = collapse(quote).split(" ")
    if not words or not words[0]:
        return []
    pattern = re.compile(r"\s*".join(re.escape(w) for w in words))
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def locate_gold(gold: GoldObligation, file_text: str, doc_text: str) -> tuple[int, int] | None:
    """Span of the gold quote in ``doc_text`` (nearest occurrence to the scaled file offset)."""
    if doc_text[gold.start : gold.end] == gold.quote:
        return gold.start, gold.end
    hits = _occurrences(doc_text, gold.quote)
    if not hits:
        return None
    expect = gold.start * len(doc_text) / max(1, len(file_text))
    return min(hits, key=lambda h: abs(h[0] - expect))


# ----------------------------------------------------------------------------------------------
# Matching and metrics
# ----------------------------------------------------------------------------------------------


def overlap_share(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter / shorter if inter > 0 and shorter > 0 else 0.0


@dataclass(frozen=True)
class DocComparison:
    doc: str
    n_pred: int
    n_gold: int
    strict: int  # one-to-one matches agreeing on role and modality
    found: int  # gold overlapped by some analyzer obligation
    role_ok: int  # among found (one-to-one, any role/modality): role agrees
    modality_ok: int
    matched: int  # one-to-one overlapping matches (any role/modality)
    party_found: int  # found gold whose bearer is a party
    party_unknown: int  # ... for which the analyzer role is "unknown"
    misses: tuple[tuple[int, str], ...] = ()  # gold index, reason ("not found", "role", ...)
    false: tuple[int, ...] = ()  # indices of analyzer obligations without a strict match
    # strict matches with the analyzer's provider and client read the other way round, where
    # that gives more: what the register scores once the contract's sides are settled
    strict_either: int = 0
    # among strict matches: the annotator gives a deadline / the analyzer gives one / both do
    # and they agree (:func:`deadlines_agree`)
    deadline_gold: int = 0
    deadline_pred: int = 0
    deadline_agree: int = 0
    # among strict matches annotated for a beneficiary: the annotator names one / the analyzer
    # names one / both name the same party as written / the same side
    beneficiary_gold: int = 0
    beneficiary_pred: int = 0
    beneficiary_agree: int = 0
    beneficiary_side_agree: int = 0


def annotated_beneficiaries(
    items: Sequence[GoldObligation],
) -> list[tuple[str | None, str | None] | None]:
    """Each gold line's (beneficiary, side), or None where the line was not annotated for one
    (what :func:`compare_obligations` takes as ``gold_beneficiaries``)."""
    return [(g.beneficiary, g.beneficiary_role) if g.beneficiary_annotated else None for g in items]


def beneficiaries_agree(gold: str, predicted: str) -> bool:
    """The same party as written, "the" and white space aside ("the  Company" / "Company"), or
    one within the other ("the other party" / "the other")."""
    a, b = term_key(gold), term_key(predicted)
    return bool(a and b) and (a == b or a in b or b in a)


def _deadline_words(text: str) -> set[str]:
    low = re.sub(r"[^\w\s]", " ", text.lower())
    words = set(low.split())
    if len(words) <= 1 and any("\u4e00" <= ch <= "\u9fff" for ch in low):
        return {ch for ch in low if not ch.isspace()}  # Chinese: characters
    return words


def deadlines_agree(gold: str, predicted: str) -> bool:
    """Two deadlines as written say the same: one holds the other (white space and punctuation
    aside), or they share at least half the words of the shorter ("within thirty (30) days of
    termination" / "within 30 days of termination"); Chinese by characters."""
    a = " ".join(re.sub(r"[^\w\s]", " ", gold.lower()).split())
    b = " ".join(re.sub(r"[^\w\s]", " ", predicted.lower()).split())
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    wa, wb = _deadline_words(gold), _deadline_words(predicted)
    return len(wa & wb) >= 0.5 * min(len(wa), len(wb))


_SWAP = {"provider": "client", "client": "provider"}


def _greedy(pairs: list[tuple[float, int, int]]) -> dict[int, int]:
    """One-to-one, largest overlap first: gold index → prediction index."""
    used_p: set[int] = set()
    out: dict[int, int] = {}
    for _, gi, pi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if gi in out or pi in used_p:
            continue
        out[gi] = pi
        used_p.add(pi)
    return out


def compare_obligations(
    doc: str,
    gold: Sequence[tuple[tuple[int, int] | None, str, str]],
    predicted: Sequence[tuple[tuple[int, int], str, str]],
    *,
    gold_deadlines: Sequence[str | None] | None = None,
    pred_deadlines: Sequence[str | None] | None = None,
    gold_beneficiaries: Sequence[tuple[str | None, str | None] | None] | None = None,
    pred_beneficiaries: Sequence[tuple[str | None, str | None]] | None = None,
) -> DocComparison:
    """``gold`` / ``predicted``: (span in Document.text, role, modality); the deadlines (as
    written, or None) and the beneficiaries ((as written, side), or None where a gold line was
    not annotated for one), when given, are compared on the strict matches."""
    pairs: list[tuple[float, int, int]] = []
    for gi, (gspan, _, _) in enumerate(gold):
        if gspan is None:
            continue
        for pi, (pspan, _, _) in enumerate(predicted):
            share = overlap_share(gspan, pspan)
            if share >= MIN_OVERLAP:
                pairs.append((share, gi, pi))
    strict = _greedy(
        [
            t
            for t in pairs
            if gold[t[1]][1] == predicted[t[2]][1] and gold[t[1]][2] == predicted[t[2]][2]
        ]
    )
    swapped = _greedy(
        [
            t
            for t in pairs
            if gold[t[1]][1] == _SWAP.get(predicted[t[2]][1], predicted[t[2]][1])
            and gold[t[1]][2] == predicted[t[2]][2]
        ]
    )
    # after the strict matches, pair the rest for role/modality diagnostics
    rest = _greedy([t for t in pairs if t[1] not in strict and t[2] not in set(strict.values())])
    matched = {**strict, **rest}
    found = {gi for _, gi, _ in pairs}
    role_ok = sum(1 for gi, pi in matched.items() if gold[gi][1] == predicted[pi][1])
    modality_ok = sum(1 for gi, pi in matched.items() if gold[gi][2] == predicted[pi][2])
    party = [gi for gi in matched if gold[gi][1] in PARTY_ROLES]
    unknown = sum(1 for gi in party if predicted[matched[gi]][1] == "unknown")
    misses: list[tuple[int, str]] = []
    for gi in range(len(gold)):
        if gi in strict:
            continue
        if gi not in found:
            misses.append((gi, "not found"))
        elif gi in rest:
            pi = rest[gi]
            why = []
            if gold[gi][1] != predicted[pi][1]:
                why.append(f"role {predicted[pi][1]}")
            if gold[gi][2] != predicted[pi][2]:
                why.append(f"modality {predicted[pi][2]}")
            misses.append((gi, ", ".join(why)))
        else:
            misses.append((gi, "overlap taken"))
    strict_p = set(strict.values())
    dl_gold = dl_pred = dl_agree = 0
    if gold_deadlines is not None and pred_deadlines is not None:
        for gi, pi in strict.items():
            gd, pd = gold_deadlines[gi], pred_deadlines[pi]
            dl_gold += bool(gd)
            dl_pred += bool(pd)
            dl_agree += bool(gd and pd and deadlines_agree(gd, pd))
    bn = [0, 0, 0, 0]
    if gold_beneficiaries is not None and pred_beneficiaries is not None:
        for gi, pi in strict.items():
            gb = gold_beneficiaries[gi]
            if gb is None:
                continue  # not annotated for a beneficiary
            (gw, gside), (pw, pside) = gb, pred_beneficiaries[pi]
            bn[0] += bool(gw)
            bn[1] += bool(pw)
            if gw and pw:
                bn[2] += beneficiaries_agree(gw, pw)
                bn[3] += gside == pside
    return DocComparison(
        doc=doc,
        n_pred=len(predicted),
        n_gold=len(gold),
        strict=len(strict),
        found=len(found),
        role_ok=role_ok,
        modality_ok=modality_ok,
        matched=len(matched),
        party_found=len(party),
        party_unknown=unknown,
        misses=tuple(misses),
        false=tuple(pi for pi in range(len(predicted)) if pi not in strict_p),
        strict_either=max(len(strict), len(swapped)),
        deadline_gold=dl_gold,
        deadline_pred=dl_pred,
        deadline_agree=dl_agree,
        beneficiary_gold=bn[0],
        beneficiary_pred=bn[1],
        beneficiary_agree=bn[2],
        beneficiary_side_agree=bn[3],
    )


def _metric(k: int, n: int) -> dict[str, Any]:
    lo, hi = wilson(k, n)
    return {
        "value": round(k / n, 4) if n else None,
        "k": k,
        "n": n,
        "ci95": [round(lo, 4), round(hi, 4)],
    }


@dataclass
class ObligationMetrics:
    """Totals over the contracts of one selection (``name``)."""

    name: str
    docs: list[DocComparison] = field(default_factory=list)

    def _sum(self, attr: str) -> int:
        return sum(int(getattr(d, attr)) for d in self.docs)

    def to_dict(self) -> dict[str, Any]:
        n_pred, n_gold = self._sum("n_pred"), self._sum("n_gold")
        strict, found, matched = self._sum("strict"), self._sum("found"), self._sum("matched")
        return {
            "selection": self.name,
            "contracts": len(self.docs),
            "gold": n_gold,
            "predicted": n_pred,
            "precision": _metric(strict, n_pred),
            "recall": _metric(strict, n_gold),
            "found_recall": _metric(found, n_gold),
            "precision_either_sides": _metric(self._sum("strict_either"), n_pred),
            "recall_either_sides": _metric(self._sum("strict_either"), n_gold),
            "role_accuracy": _metric(self._sum("role_ok"), matched),
            "modality_accuracy": _metric(self._sum("modality_ok"), matched),
            "unknown_role": _metric(self._sum("party_unknown"), self._sum("party_found")),
            "deadline_precision": _metric(self._sum("deadline_agree"), self._sum("deadline_pred")),
            "deadline_recall": _metric(self._sum("deadline_agree"), self._sum("deadline_gold")),
            "beneficiary_precision": _metric(
                self._sum("beneficiary_agree"), self._sum("beneficiary_pred")
            ),
            "beneficiary_recall": _metric(
                self._sum("beneficiary_agree"), self._sum("beneficiary_gold")
            ),
            "beneficiary_side_precision": _metric(
                self._sum("beneficiary_side_agree"), self._sum("beneficiary_pred")
            ),
            "per_contract": {
                d.doc: {
                    "gold": d.n_gold,
                    "predicted": d.n_pred,
                    "strict": d.strict,
                    "found": d.found,
                }
                for d in self.docs
            },
        }

    def table(self) -> str:
        d = self.to_dict()
        lines = [
            f"{self.name}: {d['contracts']} contracts, {d['gold']} annotated obligations, "
            f"{d['predicted']} listed by the analyzer"
        ]
        for key, label in (
            ("precision", "precision (quote, role, modality)"),
            ("recall", "recall (quote, role, modality)"),
            ("found_recall", "found at all (overlapping quote)"),
            ("precision_either_sides", "precision, sides either way round"),
            ("recall_either_sides", "recall, sides either way round"),
            ("role_accuracy", "role right, among matched"),
            ("modality_accuracy", "modality right, among matched"),
            ("unknown_role", "role 'unknown' where the bearer is a party"),
            ("deadline_precision", "deadline right, where the analyzer gives one"),
            ("deadline_recall", "deadline found, where the annotator gives one"),
            ("beneficiary_precision", "for whom right, where the analyzer names one"),
            ("beneficiary_recall", "for whom found, where the annotator names one"),
            ("beneficiary_side_precision", "for whom on the right side, where named"),
        ):
            m = d[key]
            if not m["n"] and key.startswith("beneficiary"):
                continue  # no contract of this selection is annotated for beneficiaries
            value = "n/a" if m["value"] is None else f"{m['value']:.3f}"
            lines.append(
                f"  {label:<44} {value:>6}  [{m['ci95'][0]:.3f}, {m['ci95'][1]:.3f}]  "
                f"({m['k']}/{m['n']})"
            )
        return "\n".join(lines)


AnalyzeFn = Callable[[Path], tuple[Document, Sequence[Obligation]]]


def _default_analyze(path: Path) -> tuple[Document, Sequence[Obligation]]:
    from analyzer.engine import analyze
    from analyzer.readers import read_contract

    document = read_contract(path)
    report = analyze(document, second_reader=False)
    return document, report.obligations


def evaluate_obligations(
    corpus: str | Path,
    *,
    gold_path: str | Path | None = None,
    split_path: str | Path | None = None,
    analyze_fn: AnalyzeFn | None = None,
) -> dict[str, ObligationMetrics]:
    """Metrics for the tuning half, the held-out half, the fresh contracts and all of them."""
    gold = load_obligation_gold(corpus, gold_path)
    split = load_obligation_split(split_path)
    by_doc: dict[str, list[GoldObligation]] = {}
    for g in gold:
        by_doc.setdefault(g.doc, []).append(g)
    fn = analyze_fn or _default_analyze
    read = beneficiaries_read(split_path)
    results = {name: ObligationMetrics(name) for name in (*GROUPS, "all", BENEFICIARY_UNREAD)}
    for doc, items in sorted(by_doc.items()):
        path = Path(corpus) / items[0].file
        document, obligations = fn(path)
        file_text = _file_text(str(path))
        g_rows = [(locate_gold(g, file_text, document.text), g.role, g.modality) for g in items]
        p_rows = [((o.start, o.end), str(o.role), str(o.modality)) for o in obligations]
        comp = compare_obligations(
            doc,
            g_rows,
            p_rows,
            gold_deadlines=[g.deadline for g in items],
            pred_deadlines=[o.deadline for o in obligations],
            gold_beneficiaries=annotated_beneficiaries(items),
            pred_beneficiaries=[(o.beneficiary, o.beneficiary_role) for o in obligations],
        )
        results["all"].docs.append(comp)
        if doc not in read and any(g.beneficiary_annotated for g in items):
            results[BENEFICIARY_UNREAD].docs.append(comp)
        half = split.get(doc)
        if half in results:
            results[half].docs.append(comp)
    return results
