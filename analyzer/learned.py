"""The second reader: sentence classifiers the project trains itself, and the combiner.

Patterns are the first reader: precise, explainable, the source of every quote. This module is
the second: one linear classifier per evidence type (definition of confidential information,
provider non-disclosure, security measures, staff bound, staff non-compete, third-party
flow-down, arbitration, courts, an IP allocation and its direction, protection of the client's
IP) scores the contract's candidate sentences, and a combiner per label turns the pattern
finding plus the classifier scores into the final decision with a calibrated ``confidence``
and, where a lawyer should look, a ``review`` reason.

Decisions (see README "The second reader"):

- **Features.** Before features are built, each party's defined terms and names are replaced by
  role tokens (``PROVIDER`` / ``CLIENT`` / ``OTHER``; :class:`analyzer.checks.roles.Roles`), so a
  linear model can learn direction. English: lower-cased word unigrams and bigrams; Chinese:
  character unigrams to trigrams. Features are hashed with CRC-32 into 2**18 buckets and the
  vector is binary, L2-normalised: inference needs no scikit-learn (whose import alone costs
  ~2 s), only this module and NumPy.
- **Candidates.** Only sentences holding one of a small set of topic words are scored (one
  Aho–Corasick pass per document); the training data uses the same filter.
- **Model file.** ``analyzer/models/second_reader.npz``: the weight rows of the features seen in
  training, intercepts, and the combiner coefficients; rebuilt deterministically by
  ``make train`` (:mod:`analyzer.training`), which records the hash of its training data.
- **Combiner.** Per label a small logistic regression fitted on out-of-fold scores: booleans on
  (pattern says yes, log-odds of the top sentence score, their product); the forum and the IP
  owner as multinomial regressions on the pattern's value and the log-odds of the relevant
  sentence scores. Its probability is the ``confidence``. The combiner may overrule the rules
  only for labels where, in nested cross-validation on train+dev, that was more accurate than
  the rules alone (``"overrule"`` in the model file), and only when it gives the other outcome
  a probability of at least :data:`OVERRULE_AT`; elsewhere the rules decide and the combiner
  only says how sure it is (a low confidence then marks the finding for review).
- **Review.** A decision is marked for a lawyer's check when its confidence is under
  :data:`REVIEW_BELOW`, when the rules and the model disagree, or when the finding rests on an
  unticked box, a blank or a placeholder (a ``flag`` finding).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer.model import Document, Evidence, Finding, Status
from analyzer.patterns import sentence_spans

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from analyzer.checks.roles import Roles
    from analyzer.segment import ClauseIndex

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_FILE = MODEL_DIR / "second_reader.npz"
META_FILE = MODEL_DIR / "second_reader.json"
N_FEATURES = 1 << 18
# the combiner overrules the rules only when it gives the other outcome at least this
# probability (a wrong "met" where the rules said "missing" hides a gap from the lawyer)
OVERRULE_AT = 0.8
REVIEW_BELOW = 0.8  # a decision whose confidence is lower is marked for a lawyer's check

TYPES: tuple[str, ...] = (
    "definition",
    "nondisclosure",
    "security",
    "staff_conf",
    "staff_noncompete",
    "third_party",
    "arbitration",
    "courts",
    "ip_alloc",
    "ip_client",
    "ip_provider",
    "ip_joint",
    "client_ip",
)

# the sentence types whose scores each label's combiner reads
BOOL_TYPES: dict[str, str] = {
    "art3_confidential_info_defined": "definition",
    "art4_provider_nondisclosure": "nondisclosure",
    "art5_security_measures": "security",
    "art6_personnel_confidentiality": "staff_conf",
    "art6_personnel_noncompete": "staff_noncompete",
    "art6_third_party_confidentiality": "third_party",
    "art12_client_ip_protection": "client_ip",
}
FORUM_VALUES: tuple[str, ...] = ("none", "arbitration", "courts", "arbitration+courts")
FORUM_TYPES: tuple[str, ...] = ("arbitration", "courts")
IP_VALUES: tuple[str, ...] = ("none", "client", "provider", "joint", "split")
IP_TYPES: tuple[str, ...] = ("ip_alloc", "ip_client", "ip_provider", "ip_joint")
LABEL_REQUIREMENT: dict[str, str] = {
    "art3_confidential_info_defined": "art3.confidential_info_defined",
    "art4_provider_nondisclosure": "art4.provider_nondisclosure",
    "art5_security_measures": "art5.security_measures",
    "art6_personnel_confidentiality": "art6.personnel_confidentiality",
    "art6_personnel_noncompete": "art6.personnel_noncompete",
    "art6_third_party_confidentiality": "art6.third_party_confidentiality",
    "art10_dispute_forum": "art10.dispute_forum",
    "art11_ip_ownership": "art11.ip_ownership",
    "art12_client_ip_protection": "art12.client_ip_protection",
}
WORDS_IN_PLAIN_LANGUAGE: dict[str, str] = {
    "definition": "a definition of confidential information",
    "nondisclosure": "a non-disclosure duty of the provider",
    "security": "a security measure",
    "staff_conf": "staff bound to confidentiality",
    "staff_noncompete": "a non-compete for the provider's staff",
    "third_party": "a confidentiality flow-down to third parties",
    "arbitration": "an arbitration clause",
    "courts": "a choice of courts",
    "ip_alloc": "an IP-ownership clause",
    "ip_client": "IP vesting in the client",
    "ip_provider": "IP kept by the provider",
    "ip_joint": "jointly owned IP",
    "client_ip": "protection of the client's IP",
}

# topic words: a sentence is scored only if it holds one of them (lower-cased text)
TOPIC_WORDS_EN: tuple[str, ...] = (
    "confiden",
    "secret",
    "proprietary",
    "disclos",
    "non-public",
    "nonpublic",
    "secur",
    "safeguard",
    "encrypt",
    "access",
    "backup",
    "back-up",
    "disaster",
    "firewall",
    "virus",
    "password",
    "protect",
    "privacy",
    "personal data",
    "personal information",
    "employee",
    "personnel",
    "staff",
    "agent",
    "representative",
    "subcontract",
    "contractor",
    "consultant",
    "third part",
    "compet",
    "exclusiv",
    "arbitra",
    "court",
    "jurisdiction",
    "venue",
    "forum",
    "tribunal",
    "dispute",
    "litigat",
    "own",
    "title",
    "property",
    "intellectual",
    "assign",
    "vest",
    "made for hire",
    "invent",
    "patent",
    "copyright",
    "trademark",
    "trade mark",
    "licen",
    "work product",
    "deliverable",
    "development",
    "improvement",
    "reserve",
    "infring",
    "reverse engineer",
)
TOPIC_WORDS_ZH: tuple[str, ...] = (
    "保密",
    "秘密",
    "机密",
    "泄露",
    "披露",
    "安全",
    "加密",
    "访问",
    "备份",
    "个人信息",
    "数据",
    "员工",
    "人员",
    "工作人员",
    "第三方",
    "分包",
    "转包",
    "竞业",
    "竞争",
    "仲裁",
    "法院",
    "诉讼",
    "管辖",
    "争议",
    "知识产权",
    "著作权",
    "专利",
    "商标",
    "成果",
    "归属",
    "所有",
    "权利",
    "许可",
    "侵犯",
    "侵权",
)

_EN_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[A-Z]{4,}(?=\b)")
_ROLE_TOKENS = ("PROVIDER", "CLIENT", "OTHER")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


# ----------------------------------------------------------------------------- features


@lru_cache(maxsize=2)
def _topic_automaton(language: str) -> Any:
    from analyzer.patterns import _automaton

    return _automaton(TOPIC_WORDS_ZH if language == "zh" else TOPIC_WORDS_EN)


def _role_pattern(roles: Roles | None) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    if roles is None or not roles.terms:
        return None, {}
    table: dict[str, str] = {}
    for term, role in roles.terms:
        t = term.strip()
        if len(t) < 2 or t.lower() in ("party", "the parties", "parties"):
            continue
        token = "PROVIDER" if role == "provider" else "CLIENT" if role == "client" else "OTHER"
        table.setdefault(t, token)
    if not table:
        return None, {}
    alternatives = sorted(table, key=len, reverse=True)
    body = "|".join(re.escape(a) for a in alternatives)
    cjk_only = all(_CJK.search(a) for a in alternatives)
    pattern = re.compile(body if cjk_only else rf"(?<![\w])(?:{body})(?![\w])")
    return pattern, table


def role_text(text: str, pattern: re.Pattern[str] | None, table: Mapping[str, str]) -> str:
    """``text`` with each party term replaced by its role token (`` PROVIDER `` …)."""
    if pattern is None:
        return text
    return pattern.sub(lambda m: f" {table.get(m.group(0), 'OTHER')} ", text)


def _h(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) & (N_FEATURES - 1)


def features(text: str, language: str) -> list[int]:
    """Hashed feature ids of one (role-tokenised) sentence, each once."""
    feats: set[int] = set()
    if language == "zh":
        chars = [c for c in text if not c.isspace()]
        # role tokens stay whole
        joined = re.sub(r"\s+", "", text)
        for tok in _ROLE_TOKENS:
            if tok in joined:
                feats.add(_h("R:" + tok))
        first = re.search(r"PROVIDER|CLIENT|OTHER", joined)
        subject = first.group(0) if first else "NONE"
        seq = re.sub(r"PROVIDER|CLIENT|OTHER", lambda m: m.group(0)[0].lower(), joined)
        chars = list(seq)
        n = len(chars)
        for i in range(n):
            feats.add(_h("c1:" + chars[i]))
            if i + 1 < n:
                feats.add(_h("s:" + subject + ":" + chars[i] + chars[i + 1]))
            if i + 1 < n:
                feats.add(_h("c2:" + chars[i] + chars[i + 1]))
            if i + 2 < n:
                feats.add(_h("c3:" + chars[i] + chars[i + 1] + chars[i + 2]))
        return sorted(feats)
    tokens = [t if t in _ROLE_TOKENS else t.lower() for t in _EN_TOKEN.findall(_case_keep(text))]
    # the first role token stands for the sentence's subject: its words conjoined with it let a
    # linear model tell "PROVIDER shall not disclose" from "CLIENT may disclose"
    subject = next((t for t in tokens if t in _ROLE_TOKENS), "NONE")
    prev = "<s>"
    for t in tokens:
        feats.add(_h("w:" + t))
        feats.add(_h("b:" + prev + " " + t))
        feats.add(_h("s:" + subject + ":" + t))
        prev = t
    return sorted(feats)


def _case_keep(text: str) -> str:
    """Lower-case everything but the role tokens (so that 'PROVIDER' stays a token of its own)."""
    out = []
    last = 0
    for m in re.finditer(r"\b(?:PROVIDER|CLIENT|OTHER)\b", text):
        out.append(text[last : m.start()].lower())
        out.append(m.group(0))
        last = m.end()
    out.append(text[last:].lower())
    return "".join(out)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    language: str
    features: tuple[int, ...]


def candidate_sentences(
    document: Document,
    spans_by_language: Mapping[str, Sequence[tuple[int, int]]],
    roles_by_language: Mapping[str, Roles | None],
) -> list[Sentence]:
    """Sentences holding a topic word, with their features (role tokens put in first)."""
    out: list[Sentence] = []
    text = document.text
    for language, spans in spans_by_language.items():
        auto = _topic_automaton(language)
        pattern, table = _role_pattern(roles_by_language.get(language))
        for s0, e0 in spans:
            block_low = text[s0:e0].lower()
            if not _any_word(auto, block_low):
                continue
            for s, e in sentence_spans(text, s0, e0, language):
                if e - s < 15:
                    continue
                sent = text[s:e]
                if not _any_word(auto, sent.lower()):
                    continue
                out.append(
                    Sentence(
                        s,
                        e,
                        language,
                        tuple(features(role_text(sent[:2000], pattern, table), language)),
                    )
                )
    return out


def _any_word(auto: Any, low: str) -> bool:
    for _ in auto.iter(low):
        return True
    return False


# ------------------------------------------------------------------------------- model


@dataclass(frozen=True)
class SecondReader:
    rows: np.ndarray  # feature id → row index into weights (or -1)
    weights: np.ndarray  # (n_seen, len(TYPES)) float32
    intercepts: np.ndarray  # (len(TYPES),)
    combiner: dict[str, Any]
    meta: dict[str, Any]

    def score(self, sentences: Sequence[Sentence]) -> np.ndarray:
        """(n, len(TYPES)) probabilities."""
        import numpy as np

        out = np.zeros((len(sentences), len(TYPES)), dtype=np.float64)
        for i, s in enumerate(sentences):
            if not s.features:
                out[i] = self.intercepts
                continue
            idx = self.rows[np.asarray(s.features, dtype=np.int64)]
            idx = idx[idx >= 0]
            norm = 1.0 / math.sqrt(len(s.features))
            out[i] = self.weights[idx].sum(axis=0) * norm + self.intercepts
        return np.asarray(1.0 / (1.0 + np.exp(-out)))


@lru_cache(maxsize=1)
def model_version() -> str:
    """First 12 hex digits of the SHA-256 of the model files ("none" without a model): part of
    the results store's cache key, so that a retrained model never serves stale results."""
    if not model_available():
        return "none"
    import hashlib

    h = hashlib.sha256()
    for path in (MODEL_FILE, META_FILE):
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def model_available() -> bool:
    return MODEL_FILE.is_file() and META_FILE.is_file()


@lru_cache(maxsize=1)
def load_model() -> SecondReader | None:
    """The shipped model, or None when it is not there (the patterns then decide alone)."""
    if not model_available():
        return None
    import numpy as np

    with np.load(MODEL_FILE) as data:
        seen = data["seen"].astype(np.int64)
        weights = data["weights"].astype(np.float32)
        intercepts = data["intercepts"].astype(np.float64)
    rows = np.full(N_FEATURES, -1, dtype=np.int64)
    rows[seen] = np.arange(len(seen))
    meta = json.loads(META_FILE.read_text(encoding="utf-8"))
    return SecondReader(rows, weights, intercepts, meta.get("combiner", {}), meta)


# ---------------------------------------------------------------------------- combiner


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


def _softmax(z: Sequence[float]) -> list[float]:
    m = max(z)
    ex = [math.exp(v - m) for v in z]
    s = sum(ex)
    return [v / s for v in ex]


def logit(p: float) -> float:
    """log-odds of a sentence score, clipped to ±7 (the combiners read scores on this scale:
    the top sentence's probability is small even where the clause is there)."""
    p = min(max(p, 1e-3), 1 - 1e-3)
    return math.log(p / (1 - p))


def bool_features(pattern_yes: bool, score: float) -> list[float]:
    p = 1.0 if pattern_yes else 0.0
    z = logit(score)
    return [p, z, p * z]


def forum_features(pattern_value: str, scores: Mapping[str, float]) -> list[float]:
    onehot = [1.0 if pattern_value == v else 0.0 for v in FORUM_VALUES]
    return [*onehot, *(logit(scores[t]) for t in FORUM_TYPES)]


def ip_features(pattern_value: str, scores: Mapping[str, float]) -> list[float]:
    onehot = [1.0 if pattern_value == v else 0.0 for v in IP_VALUES]
    return [*onehot, *(logit(scores[t]) for t in IP_TYPES)]


def _linear(coef: Sequence[float], intercept: float, x: Sequence[float]) -> float:
    return intercept + sum(c * v for c, v in zip(coef, x, strict=True))


def combine_bool(model: Mapping[str, Any], pattern_yes: bool, score: float) -> float:
    """P(label is true)."""
    return _sigmoid(_linear(model["coef"], model["intercept"], bool_features(pattern_yes, score)))


def combine_multi(model: Mapping[str, Any], x: Sequence[float]) -> dict[str, float]:
    """P(value) for each value the combiner knows."""
    z = [_linear(c, b, x) for c, b in zip(model["coef"], model["intercept"], strict=True)]
    return dict(zip(model["classes"], _softmax(z), strict=True))


@dataclass(frozen=True)
class Decision:
    label: str
    value: Any  # bool or categorical value
    confidence: float
    review: str | None
    top: tuple[int, int] | None  # the sentence the model scored highest for this label
    top_score: float


def _top(
    sentences: Sequence[Sentence], probs: np.ndarray, type_name: str
) -> tuple[float, tuple[int, int] | None]:
    if not sentences:
        return 0.0, None
    j = TYPES.index(type_name)
    i = int(probs[:, j].argmax())
    return float(probs[i, j]), (sentences[i].start, sentences[i].end)


def type_scores(
    sentences: Sequence[Sentence], probs: np.ndarray
) -> dict[str, tuple[float, tuple[int, int] | None]]:
    return {t: _top(sentences, probs, t) for t in TYPES}


def decide(
    labels: Mapping[str, Any],
    flagged: Iterable[str],
    scores: Mapping[str, tuple[float, tuple[int, int] | None]],
    combiner: Mapping[str, Any],
) -> dict[str, Decision]:
    """The combiner: pattern labels + top sentence scores → a decision per label."""
    flagged = set(flagged)
    out: dict[str, Decision] = {}
    s = {t: v[0] for t, v in scores.items()}
    for label, type_name in BOOL_TYPES.items():
        if label not in combiner:
            continue
        pattern_yes = bool(labels.get(label))
        p = combine_bool(combiner[label], pattern_yes, s[type_name])
        value = pattern_yes
        if (
            combiner[label].get("overrule", True)
            and (p if not pattern_yes else 1 - p) >= OVERRULE_AT
        ):
            value = not pattern_yes
        conf = p if value else 1 - p
        model_yes = s[type_name] >= 0.5
        review = _reason(
            label,
            value,
            pattern_yes,
            model_yes,
            conf,
            s[type_name],
            scores[type_name][1],
            label in flagged,
        )
        out[label] = Decision(label, value, conf, review, scores[type_name][1], s[type_name])
    for label, values, feats, types in (
        ("art10_dispute_forum", FORUM_VALUES, forum_features, FORUM_TYPES),
        ("art11_ip_ownership", IP_VALUES, ip_features, IP_TYPES),
    ):
        if label not in combiner:
            continue
        pattern_value = str(labels.get(label) or "none")
        if pattern_value not in values:
            pattern_value = "none"
        probs = combine_multi(combiner[label], feats(pattern_value, s))
        chosen: str = pattern_value
        best = max(probs, key=lambda v: probs[v])
        if combiner[label].get("overrule", True) and probs[best] >= OVERRULE_AT:
            chosen = best
        conf = probs.get(chosen, 0.0)
        lead = max(types, key=lambda t: s[t])
        model_yes = s[types[0]] >= 0.5 or any(s[t] >= 0.5 for t in types)
        review = _reason(
            label,
            chosen != "none",
            pattern_value != "none",
            model_yes,
            conf,
            s[lead],
            scores[lead][1],
            label in flagged,
            disagree_value=chosen != pattern_value,
        )
        out[label] = Decision(label, chosen, conf, review, scores[lead][1], s[lead])
    return out


def _reason(
    label: str,
    final_yes: bool,
    pattern_yes: bool,
    model_yes: bool,
    confidence: float,
    score: float,
    top: tuple[int, int] | None,
    flagged: bool,
    *,
    disagree_value: bool = False,
) -> str | None:
    """Why a lawyer should check this decision, or None (see the module docstring)."""
    if label == "art10_dispute_forum":
        what = "a dispute-resolution forum"
    elif label == "art11_ip_ownership":
        what = WORDS_IN_PLAIN_LANGUAGE["ip_alloc"]
    else:
        what = WORDS_IN_PLAIN_LANGUAGE[BOOL_TYPES[label]]
    if flagged:
        return "the clause rests on an unticked box, a blank or a placeholder"
    overruled = final_yes != pattern_yes or disagree_value
    if not overruled and confidence >= REVIEW_BELOW:
        return None
    if pattern_yes and not model_yes:
        return (
            f"the rules found {what}, but the model scored no sentence as one "
            f"(best {score:.2f}); confidence {confidence:.2f}"
        )
    if model_yes and not pattern_yes or (not pattern_yes and final_yes):
        return (
            f"the rules found no {what.split(' ', 1)[1] if what.startswith(('a ', 'an ')) else what}, "
            f"but the model scored {score:.2f} on a sentence; confidence {confidence:.2f}"
        )
    if disagree_value:
        return f"the rules and the model read the clause differently; confidence {confidence:.2f}"
    return f"low confidence ({confidence:.2f})"


def apply(
    document: Document,
    findings: Sequence[Finding],
    spans_by_language: Mapping[str, Sequence[tuple[int, int]]],
    roles_by_language: Mapping[str, Roles | None],
    clause_index: ClauseIndex | None,
    model: SecondReader | None = None,
) -> tuple[Finding, ...]:
    """Findings with the second reader's decision, ``confidence`` and ``review`` filled in."""
    model = model if model is not None else load_model()
    if model is None:
        return tuple(findings)
    from analyzer.evidence import evidence_at
    from analyzer.report import labels_from_findings

    sentences = candidate_sentences(document, spans_by_language, roles_by_language)
    probs = model.score(sentences)
    scores = type_scores(sentences, probs)
    labels = labels_from_findings(findings)
    by_req = {f.requirement: f for f in findings}
    flagged = {
        lab
        for lab, req in LABEL_REQUIREMENT.items()
        if (f := by_req.get(req)) and f.status == "flag"
    }
    decisions = decide(labels, flagged, scores, model.combiner)
    req_label = {req: lab for lab, req in LABEL_REQUIREMENT.items()}
    out: list[Finding] = []
    for f in findings:
        label = req_label.get(f.requirement)
        d = decisions.get(label) if label else None
        if label is None or d is None:
            out.append(f)
            continue
        out.append(_revise(f, d, labels.get(label), document, clause_index, evidence_at))
    return tuple(out)


def _revise(
    f: Finding,
    d: Decision,
    pattern_value: Any,
    document: Document,
    clause_index: Any,
    evidence_at: Any,
) -> Finding:
    conf = round(d.confidence, 3)
    if f.status in ("flag", "not_applicable"):
        return dataclasses.replace(f, confidence=conf, review=d.review)
    pattern_norm = pattern_value if isinstance(d.value, bool) else (pattern_value or "none")
    if d.value == pattern_norm:
        return dataclasses.replace(f, confidence=conf, review=d.review)
    # the combiner overrules the rules: say so, and quote the sentence the model scored
    evidence: tuple[Evidence, ...] = f.evidence
    status: Status
    value = None if isinstance(d.value, bool) or d.value == "none" else d.value
    positive = d.value is True or (not isinstance(d.value, bool) and d.value != "none")
    if positive and d.top is not None:
        evidence = (evidence_at(document, d.top[0], d.top[1], clause_index=clause_index),)
        where = evidence[0].clause
        loc = f" (clause {where})" if where else ""
        explanation = (
            f"The second reader found it{loc} with score {d.top_score:.2f}, where the rules did not: "
            "a lawyer should confirm. " + f.explanation
        )
        status = "met" if f.status == "missing" else f.status
    else:
        explanation = (
            "The rules matched the words quoted, but the second reader does not read them as "
            "this requirement: a lawyer should confirm. " + f.explanation
        )
        status = "missing"
    return dataclasses.replace(
        f,
        status=status,
        value=f.value if isinstance(d.value, bool) else value,
        evidence=evidence,
        explanation=explanation,
        confidence=conf,
        review=d.review or "the second reader overruled the rules",
    )
