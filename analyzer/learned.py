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
  role tokens (``xxprovxx`` / ``xxclientxx`` / ``xxotherxx``: PROVIDER, CLIENT, OTHER, spelt as
  words no contract uses; :class:`analyzer.roles.Roles`), so a linear model can learn
  direction. English: lower-cased words, word bigrams, and each word joined with the sentence's
  first role token; Chinese: characters, character bigrams and trigrams, and bigrams joined with
  the first role token. Tokens are hashed with CRC-32 (remembered per token) and mixed into
  2**18 buckets with NumPy, one pass per document; each occurrence counts 1/sqrt(feature
  count). Inference needs no scikit-learn (whose import alone costs ~2 s), only NumPy.
- **Candidates.** Only sentences holding one of a small set of topic words are scored (one
  Aho–Corasick pass per document); the training data uses the same filter.
- **Model file.** ``analyzer/models/second_reader.npz``: the weight rows of the features seen in
  training, intercepts, and the combiner coefficients; rebuilt deterministically by
  ``make train`` (:mod:`analyzer.training`), which records the hash of its training data.
- **Combiner.** Per label a small logistic regression fitted on out-of-fold scores: booleans on
  (pattern says yes, log-odds of the top sentence score, their product); the forum and the IP
  owner as multinomial regressions on the pattern's value and the log-odds of the relevant
  sentence scores. The combiner may overrule the rules
  only for labels where, in nested cross-validation on train+dev, that was more accurate than
  the rules alone (``"overrule"`` in the model file), and only when it gives the other outcome
  a probability of at least :data:`OVERRULE_AT`; elsewhere the rules decide and the combiner
  only says how sure it is (a low confidence then marks the finding for review).
- **Confidence.** The combiners are fitted on train+dev, where the rules were tuned and are
  right about 0.96 of the time; on contracts no rule was tuned on they are right about 0.86,
  so the combiner's probability is over-sure there. The ``confidence`` shown is that
  probability mapped by one Platt map (:func:`calibrate`, two numbers for all labels, chosen
  before looking: fewer parameters than any per-label map) fitted by ``make train`` on the
  calibration set (``annotations/calibration.jsonl``: contracts labelled blind, outside every
  split, never read for a rule).
- **Review.** A decision is marked for a lawyer's check when its confidence is under
  :data:`REVIEW_BELOW`, when the rules and the model disagree, or when the finding rests on an
  unticked box, a blank or a placeholder (a ``flag`` finding); otherwise the reason the rules
  themselves gave for weak evidence is kept (e.g. Article 11 decided by a definition alone, or an
  owner that could not be matched to a party).
- **Unsure, not missing.** When the rules found nothing, the combiner did not overrule them, but
  the model scored a sentence as the clause and the confidence that the clause is absent is under
  :data:`UNSURE_BELOW`, the finding is more likely wrong than right as "missing". Its status
  becomes ``flag`` (shown as "⚠️ flag" / "需核查"), it quotes the sentence the model scored, and
  it says so; its label (False / "none") is unchanged. A portfolio's "missing IP-ownership
  terms" list is then the confident part; the unsure ones are listed for a lawyer's check.
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

from analyzer.lang import CJK as _CJK
from analyzer.model import Document, Evidence, Finding, Status, maker
from analyzer.sentences import sentence_spans

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from analyzer.roles import Roles
    from analyzer.segment import ClauseIndex

MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_FILE = MODEL_DIR / "second_reader.npz"
META_FILE = MODEL_DIR / "second_reader.json"
N_FEATURES = 1 << 18
# the combiner overrules the rules only when it gives the other outcome at least this
# probability (a wrong "met" where the rules said "missing" hides a gap from the lawyer)
OVERRULE_AT = 0.8
REVIEW_BELOW = 0.8  # a decision whose confidence is lower is marked for a lawyer's check
UNSURE_BELOW = 0.5  # a "missing" finding less sure than this, with a sentence the model scored,
# is reported as unsure (``flag``) instead

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

_EN_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# role tokens as lower-case words no contract uses, so that a sentence is simply lower-cased
ROLE_TOKEN = {"provider": "xxprovxx", "client": "xxclientxx", "other": "xxotherxx"}
_ROLE_TOKENS = frozenset(ROLE_TOKEN.values())
_ROLE_RE = re.compile("|".join(ROLE_TOKEN.values()))
_ROLE_CHAR = {"xxprovxx": "\ue000", "xxclientxx": "\ue001", "xxotherxx": "\ue002"}


# ----------------------------------------------------------------------------- features


@lru_cache(maxsize=2)
def _topic_automaton(language: str) -> Any:
    from analyzer.tagger import _automaton

    return _automaton(TOPIC_WORDS_ZH if language == "zh" else TOPIC_WORDS_EN)


def _role_pattern(roles: Roles | None) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    if roles is None or not roles.terms:
        return None, {}
    from analyzer.parties import PRONOUN_TERMS

    table: dict[str, str] = {}
    for term, role in roles.terms:
        t = term.strip()
        # "we" / "you" defined for a party stay words here: two training contracts define them,
        # and the role token would replace the commonest words of those texts, moving what the
        # model was fitted on for no sentence it could learn direction from
        if len(t) < 2 or t.lower() in ("party", "the parties", "parties", *PRONOUN_TERMS):
            continue
        table.setdefault(t, ROLE_TOKEN.get(role, ROLE_TOKEN["other"]))
    if not table:
        return None, {}
    alternatives = sorted(table, key=len, reverse=True)
    if all(_CJK.search(a) for a in alternatives):
        return re.compile("|".join(re.escape(a) for a in alternatives)), table
    # each term not preceded by a word character: the same matches as "(?<![\w])(?:terms)", but
    # the check comes after the term's first character ("C(?<![\w]C)ompany"), so that the
    # pattern opens with literals and `re` skips ahead to them instead of trying every offset
    body = "|".join(
        f"{re.escape(a[0])}(?<![\\w]{re.escape(a[0])}){re.escape(a[1:])}" for a in alternatives
    )
    return re.compile(rf"(?:{body})(?![\w])"), table


def role_text(text: str, pattern: re.Pattern[str] | None, table: Mapping[str, str]) -> str:
    """``text`` with each party term replaced by its role token (``xxprovxx`` for the provider,
    ``xxclientxx`` for the client, ``xxotherxx`` for anyone else)."""
    if pattern is None:
        return text
    other = ROLE_TOKEN["other"]
    return pattern.sub(lambda m: f" {table.get(m.group(0), other)} ", text)


_TOKEN_IDS: dict[str, int] = {}
_MASK64 = (1 << 64) - 1
_K1, _K2, _K3 = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9
SALT_WORD, SALT_BIGRAM, SALT_SUBJECT, SALT_C1, SALT_C2, SALT_C3 = 1, 2, 3, 4, 5, 6


def _token_id(token: str) -> int:
    """CRC-32 of a token, remembered (tokens repeat across sentences and contracts)."""
    tid = _TOKEN_IDS.get(token)
    if tid is None:
        if len(_TOKEN_IDS) > 500_000:
            _TOKEN_IDS.clear()
        tid = _TOKEN_IDS[token] = zlib.crc32(token.encode("utf-8"))
    return tid


class _ByteTokenIds(dict[bytes, int]):
    """:func:`_token_id` of tokens given as their UTF-8 bytes, remembered: ``ids[token]``
    computes a missing one (so that ``map(ids.__getitem__, tokens)`` runs in C)."""

    def __missing__(self, token: bytes) -> int:
        if len(self) > 500_000:
            self.clear()
        tid = self[token] = zlib.crc32(token)
        return tid


_BYTE_TOKEN_IDS = _ByteTokenIds()


# en_tokens: every byte that is not in a token becomes a space; "’" (3 bytes in UTF-8) stands in
# as \x01 meanwhile (a \x01 of the text itself becomes a space first)
_TOKEN_BYTES = bytes(
    b if b in b"abcdefghijklmnopqrstuvwxyz0123456789'\x01" else 0x20 for b in range(256)
)
_QUOTE = "’".encode()
_APOSTROPHE = re.compile(rb"['\x01]")
_EN_TOKEN_BYTES = re.compile(rb"[a-z0-9]+(?:['\x01][a-z]+)?")


def _apostrophes(raw: bytes) -> list[int]:
    """The offsets of ``_APOSTROPHE.finditer(raw)``'s matches (each an ' or a \x01 byte), from
    ``bytes.find`` loops: a few apostrophes in a contract's hundred thousand bytes, which the
    character class tried at every byte took several times longer to find."""
    found: list[int] = []
    for byte in (b"'", b"\x01"):
        p = raw.find(byte)
        while p != -1:
            found.append(p)
            p = raw.find(byte, p + 1)
    found.sort()
    return found


def en_tokens(low: str) -> list[bytes]:
    """The UTF-8 bytes of each ``_EN_TOKEN.findall(low)`` token (``low``: lower-cased text).

    Cheaper than the regex over the whole text: the bytes are mapped in one ``translate``
    (everything that cannot be in a token becomes a space) and split on the spaces; only the
    pieces holding an apostrophe ("party's", "don’t", "a'b'c") go through the regex. A token
    matches only ``[a-z0-9'’]`` characters, so it lies within one piece, and within a piece
    without an apostrophe the one token is the whole piece."""
    raw = low.encode("utf-8", "surrogatepass")
    if b"\x01" in raw:
        raw = raw.replace(b"\x01", b" ")
    if "’" in low:
        raw = raw.replace(_QUOTE, b"\x01")
    raw = raw.translate(_TOKEN_BYTES)
    out: list[bytes] = []
    pos = 0
    for at in _apostrophes(raw):
        if at < pos:  # a second apostrophe of the piece just read
            continue
        start = raw.rfind(b" ", 0, at) + 1
        end = raw.find(b" ", at)
        if end < 0:
            end = len(raw)
        out += raw[pos:start].split()
        out += [t.replace(b"\x01", _QUOTE) for t in _EN_TOKEN_BYTES.findall(raw, start, end)]
        pos = end
    out += raw[pos:].split()
    return out


def _mix(np: Any, a: Any, b: Any, salt: int) -> Any:
    """Feature ids of (a, b) pairs: a multiplicative hash of two uint64 arrays, masked to
    :data:`N_FEATURES` buckets (wrap-around arithmetic, the same on every platform)."""
    with np.errstate(over="ignore"):
        h = (a * np.uint64(_K1)) ^ (b * np.uint64(_K2)) ^ np.uint64((salt * _K3) & _MASK64)
        h ^= h >> np.uint64(29)
        h *= np.uint64(_K1)
        h ^= h >> np.uint64(32)
    return h & np.uint64(N_FEATURES - 1)


def features(text: str, language: str) -> Any:
    """Hashed feature ids (a uint64 array; a feature may repeat) of one role-tokenised sentence.

    English: words, bigrams, and each word joined with the first role token (the sentence's
    subject, so that "PROVIDER shall not disclose" and "CLIENT may disclose" differ). Chinese:
    characters, character bigrams and trigrams, and bigrams joined with the first role token.
    """
    import numpy as np

    if language == "zh":
        joined = re.sub(r"\s+", "", text.lower())
        first = _ROLE_RE.search(joined)
        subject = _token_id(first.group(0) if first else "NONE")
        seq = _ROLE_RE.sub(lambda m: _ROLE_CHAR[m.group(0)], joined)
        codes = np.frombuffer(seq.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        if len(codes) == 0:
            return np.zeros(0, dtype=np.uint64)
        c1 = _mix(np, codes, np.uint64(0), SALT_C1)
        c2 = _mix(np, codes[:-1], codes[1:], SALT_C2)
        c3 = _mix(np, _mix(np, codes[:-2], codes[1:-1], SALT_C2), codes[2:], SALT_C3)
        sub = _mix(np, c2, np.uint64(subject), SALT_SUBJECT)
        return np.concatenate([c1, c2, c3, sub])
    return features_batch([text], language)[0]


_SEP = "xxsepxx"  # joins sentences for one tokenising pass; no contract has the word


def features_batch(texts: Sequence[str], language: str) -> list[Any]:
    """:func:`features` of many sentences: English ones tokenised in one pass over the joined
    text (:func:`en_tokens`) and hashed in one NumPy pass (the same ids as one sentence at a
    time)."""
    if language == "zh" or not texts:
        return [features(t, language) for t in texts]
    return _joined_features(f" {_SEP} ".join(texts).lower())


def _joined_features(low: str) -> list[Any]:
    """:func:`features_batch` of the sentences joined (lower-cased) with :data:`_SEP`."""
    import numpy as np

    tokens = en_tokens(low)
    ids = np.fromiter(map(_BYTE_TOKEN_IDS.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    sep = np.uint64(_token_id(_SEP))
    cut = np.flatnonzero(ids == sep)  # one separator between consecutive sentences
    bounds = np.concatenate([[-1], cut, [len(ids)]])
    starts, ends = bounds[:-1] + 1, bounds[1:]
    keep = np.ones(len(ids), dtype=bool)
    keep[cut] = False
    prev_all = np.concatenate([[np.uint64(0)], ids[:-1]])
    prev_all[starts[starts < len(ids)]] = np.uint64(_token_id("<s>"))
    # each sentence's first role token (its subject), else NONE, spread over its tokens
    role_ids = np.asarray([_token_id(t) for t in sorted(_ROLE_TOKENS)], dtype=np.uint64)
    is_role = np.isin(ids, role_ids)
    none_id = np.uint64(_token_id("NONE"))
    # the sentence of each token (a separator: that of the sentence after it), and of each
    # sentence the first role token's id
    is_sep = np.zeros(len(ids), dtype=np.int64)
    is_sep[cut] = 1
    sentence_of = np.cumsum(is_sep)
    role_at = np.flatnonzero(is_role)
    role_sentence = sentence_of[role_at]  # non-decreasing: a sentence's first role opens a run
    first = np.flatnonzero(np.diff(role_sentence, prepend=-1))
    subject = np.full(len(starts), none_id, dtype=np.uint64)
    subject[role_sentence[first]] = ids[role_at[first]]
    subj_all = subject[sentence_of]
    words = _mix(np, ids, np.uint64(0), SALT_WORD)
    bigrams = _mix(np, prev_all, ids, SALT_BIGRAM)
    subjects = _mix(np, ids, subj_all, SALT_SUBJECT)
    # each sentence's words, bigrams and subject pairs, one sentence after the other in one
    # array (one gather), and each sentence's features a view of it
    n = len(ids)
    flat = np.concatenate([words, bigrams, subjects])
    lengths = np.repeat(ends - starts, 3)  # (sentence, part) pieces in order
    piece_at = (starts[:, None] + np.arange(3) * n).ravel()  # where each piece starts in flat
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    order = np.arange(offsets[-1]) + np.repeat(piece_at - offsets[:-1], lengths)
    allfeats = flat[order]
    cuts = offsets[::3].tolist()
    return [allfeats[a:b] for a, b in zip(cuts[:-1], cuts[1:], strict=True)]


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    language: str
    features: Any  # uint64 array of hashed feature ids (see :func:`features`)


# = Sentence(...), without the frozen dataclass's __init__ (model.maker)
_new_sentence = maker(Sentence)


def _roles_joinable(table: Mapping[str, str]) -> bool:
    """Whether the role tokens can be put in English sentences joined with `` xxsepxx `` (one
    substitution) with the same result as in each sentence alone: each term of the look-around
    pattern needs no word character before and after it, so a match that overlaps the separator
    would have to hold the whole word "xxsepxx"; the pattern of Chinese terms has no
    look-around, so it is not joined."""
    if not table:
        return True
    return not (all(_CJK.search(t) for t in table) or any(_SEP in t for t in table))


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
        joined = language != "zh" and _roles_joinable(table)
        found: list[tuple[int, int]] = []
        texts: list[str] = []
        for s0, e0 in spans:
            if not _any_word(auto, text[s0:e0].lower()):
                continue
            for s, e in sentence_spans(text, s0, e0, language):
                if e - s < 15:
                    continue
                sent = text[s:e]
                if not _any_word(auto, sent.lower()):
                    continue
                found.append((s, e))
                texts.append(sent[:2000] if joined else role_text(sent[:2000], pattern, table))
        if not found:
            continue
        if joined:
            feats = _joined_features(role_text(f" {_SEP} ".join(texts), pattern, table).lower())
        else:
            feats = features_batch(texts, language)
        out += [_new_sentence(s, e, language, f) for (s, e), f in zip(found, feats, strict=True)]
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
        """(n, len(TYPES)) probabilities, all sentences in one pass: each feature's weight row
        (the zero row for features never seen in training), summed per sentence, divided by the
        square root of its feature count."""
        import numpy as np

        if not sentences:
            return np.zeros((0, len(TYPES)))
        counts = np.fromiter(
            (len(s.features) for s in sentences), dtype=np.int64, count=len(sentences)
        )
        ids = np.concatenate([s.features for s in sentences]).astype(np.int64)
        z = np.tile(self.intercepts, (len(sentences), 1))
        if len(ids):
            # row -1 is the zero row; np.take gathers faster than fancy indexing
            rows = np.take(self.weights, np.take(self.rows, ids), axis=0)
            starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
            nonempty = counts > 0
            sums = np.add.reduceat(rows, starts[nonempty], axis=0)
            z[nonempty] += sums / np.sqrt(counts[nonempty])[:, None]
        return np.asarray(1.0 / (1.0 + np.exp(-z)))


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
        # one zero row at the end: features never seen in training index it as -1
        weights = np.vstack(
            [data["weights"].astype(np.float32), np.zeros((1, len(TYPES)), np.float32)]
        )
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


def logit(p: float, clip: float = 1e-3) -> float:
    """log-odds of ``p`` kept within [clip, 1 − clip]. Sentence scores: ±7 (the combiners read
    scores on this scale: the top sentence's probability is small even where the clause is
    there); the confidence map reads combiner probabilities with :data:`CONFIDENCE_CLIP`."""
    p = min(max(p, clip), 1 - clip)
    return math.log(p / (1 - p))


CONFIDENCE_CLIP = 1e-6  # ±13.8


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


def calibrate(p: float, calibration: Mapping[str, float] | None) -> float:
    """The confidence a user sees: the combiner's probability that its decision is right,
    mapped through the calibration fitted on contracts no rule was tuned on (Platt:
    ``sigmoid(a + b·logit(p))``, one map for every label; ``calibration`` in the model file).
    Without one, ``p`` itself."""
    if not calibration:
        return p
    return _sigmoid(calibration["a"] + calibration["b"] * logit(p, CONFIDENCE_CLIP))


def decide(
    labels: Mapping[str, Any],
    flagged: Iterable[str],
    scores: Mapping[str, tuple[float, tuple[int, int] | None]],
    combiner: Mapping[str, Any],
    calibration: Mapping[str, float] | None = None,
) -> dict[str, Decision]:
    """The combiner: pattern labels + top sentence scores → a decision per label.

    The combiner's own probability decides whether the model overrules the rules; the
    ``confidence`` reported, and the review threshold, use it after :func:`calibrate`."""
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
        conf = calibrate(p if value else 1 - p, calibration)
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
        conf = calibrate(probs.get(chosen, 0.0), calibration)
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
            model_reads=best if best != chosen else None,
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
    model_reads: str | None = None,
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
    if model_reads is not None:
        return (
            f"the model reads the clause as “{model_reads}”, not as the rules do; "
            f"confidence {confidence:.2f}"
        )
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
    from analyzer.labels import labels_from_findings

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
    decisions = decide(labels, flagged, scores, model.combiner, model.meta.get("calibration"))
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
    # a flag's own reason first (what the rules flagged: "binds only the client", "a standard of
    # care only"); the model's reason for everything else, else the rules' own (weak evidence)
    if f.status == "flag":
        return dataclasses.replace(f, confidence=conf, review=f.review or d.review)
    if f.status == "not_applicable":
        return dataclasses.replace(f, confidence=conf, review=d.review or f.review)
    pattern_norm = pattern_value if isinstance(d.value, bool) else (pattern_value or "none")
    if d.value == pattern_norm:
        if (
            f.status == "missing"
            and conf < UNSURE_BELOW
            and d.top is not None
            and d.top_score >= 0.5
        ):
            return _unsure(f, d, conf, document, clause_index, evidence_at)
        return dataclasses.replace(f, confidence=conf, review=d.review or f.review)
    # the combiner overrules the rules: say so, and quote the sentence the model scored
    evidence: tuple[Evidence, ...] = f.evidence
    status: Status
    value = None if isinstance(d.value, bool) or d.value == "none" else d.value
    positive = d.value is True or (not isinstance(d.value, bool) and d.value != "none")
    review = d.review
    if positive and d.top is not None:
        top, review = _scored_sentence(d, document, clause_index, evidence_at)
        evidence = (top,)
        loc = f" (clause {top.clause})" if top.clause else ""
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
        review=review or "the second reader overruled the rules",
    )


def _scored_sentence(
    d: Decision, document: Document, clause_index: Any, evidence_at: Any
) -> tuple[Evidence, str | None]:
    """The sentence the model scored highest for ``d`` as evidence, and ``d``'s review reason
    naming its clause ("… scored 0.97 on the sentence in clause 9.2; …")."""
    assert d.top is not None
    ev: Evidence = evidence_at(document, d.top[0], d.top[1], clause_index=clause_index)
    review = d.review
    if review and ev.clause:
        review = review.replace(" on a sentence;", f" on the sentence in clause {ev.clause};")
    return ev, review


def _unsure(
    f: Finding,
    d: Decision,
    conf: float,
    document: Document,
    clause_index: Any,
    evidence_at: Any,
) -> Finding:
    """A "missing" finding the model doubts (see the module docstring, "Unsure, not missing"):
    status ``flag``, the model's sentence quoted, and where it is in the review reason."""
    ev, review = _scored_sentence(d, document, clause_index, evidence_at)
    loc = f"clause {ev.clause}" if ev.clause else "the sentence quoted"
    explanation = (
        f"Unsure: the rules found nothing, but the second reader scored {loc} at "
        f"{d.top_score:.2f} as this clause: a lawyer should read it before the contract is "
        f"reported as lacking it. The rules' reading: {f.explanation}"
    )
    return dataclasses.replace(
        f,
        status="flag",
        evidence=(ev, *f.evidence),
        explanation=explanation,
        confidence=conf,
        review=review or f"low confidence ({conf:.2f})",
    )
