"""Role resolution, the last step of the parties stage: who is the provider (接包方) and who the
client (发包方), as party terms a check can look up ("the Supplier shall …" → provider).

:func:`roles_from_parties` takes the terms of the parties :func:`analyzer.parties.find_parties`
found. When it found no provider and client, :func:`fallback_roles` guesses from the preamble's
defined terms and who performs / who pays, with the role nouns of the same role data the
parties stage reads (``clause_patterns/roles/<lang>.yaml``: a custom pattern folder changes
both), plus that file's ``positional_roles`` (甲方 / 乙方), which decide nothing before this
last resort. Values are always roles, never party names.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyzer.lang import CJK
from analyzer.model import Document, Party

if TYPE_CHECKING:  # pragma: no cover
    from analyzer.parties import RoleData

logger = logging.getLogger(__name__)

MUTUAL = "mutual"

_DEFINED = re.compile(
    r"""\(\s*(?:the\s+|hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?|herein\s+
    (?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?|each\s+a\s+|individually\s+|collectively\s+)?
    ["“'‘]\s*([A-Z][\w.&'’\- ]{0,40}?)\s*["”'’]""",
    re.VERBOSE,
)
_NOT_PARTY = re.compile(
    r"^(agreement|contract|effective\s+date|services?|parties|party|territory|term|products?|"
    r"software|deliverables?|work|confidential\s+information|affiliates?|schedules?|exhibits?|"
    r"sow|fees?|system|project|program|documentation|specifications?|closing|amendment|plan|"
    r"trust|funds?|shares?|act|code|property|premises|site|facility|equipment|materials?|data)$",
    re.IGNORECASE,
)
_PERFORM = (
    r"(?:shall|will|agrees\s+to|must|hereby\s+agrees\s+to|undertakes\s+to)\s+(?:\w+\s+){0,2}?"
    r"(?:provide|perform|render|supply|deliver|furnish|develop|manufacture|host|maintain|support|"
    r"design|produce|process|operate|administer|consult|advise|assist)"
)
_MUTUAL_SUBJECT = re.compile(
    r"\b(each\s+party|either\s+party|neither\s+party|both\s+parties|the\s+parties|each\s+of\s+the\s+"
    r"parties|receiving\s+party|recipient|each\s+such\s+party|a\s+party|the\s+other\s+party|"
    r"disclosing\s+party|discloser|双方|各方|任何一方|一方|接收方|披露方)",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(the|its|his|her|their|such|said|and|or|/|either|both)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Roles:
    """Party terms with their roles; resolves a phrase to "provider", "client" or "mutual"."""

    terms: tuple[tuple[str, str], ...]  # (term, role), longest first
    source: str  # "parties" | "fallback" | "none"

    def role_of(self, phrase: str) -> str | None:
        """The role of the first party term at the start of ``phrase`` (or anywhere in it)."""
        text = phrase.strip()
        if not text:
            return None
        if _MUTUAL_SUBJECT.match(text):
            return MUTUAL
        best: tuple[int, str] | None = None
        low = text.lower() if text.isascii() else None
        for term, role in self.terms:
            if low is not None and term_absent(term, low):
                continue
            m = _term_rx(term).search(text)
            if m is not None and (best is None or m.start() < best[0]):
                best = (m.start(), role)
        return best[1] if best else None

    def role_at_start(self, phrase: str) -> str | None:
        """The role of a party term that starts ``phrase`` ("the Customer ...", "TAG and ...")."""
        text = _LEADING.sub("", phrase.strip())
        if _MUTUAL_SUBJECT.match(text):
            return MUTUAL
        low = text.lower() if text.isascii() else None
        for term, role in self.terms:
            if low is not None and term.isascii() and not low.startswith(term.lower()):
                continue  # it does not start the phrase (see term_absent)
            m = _term_rx(term).match(text)
            if m is not None:
                return role
        return None

    def role_near_end(self, phrase: str) -> str | None:
        """The role of the last party term in ``phrase`` (a subject just before a verb)."""
        best: tuple[int, str] | None = None
        for m in _MUTUAL_SUBJECT.finditer(phrase):
            best = (m.end(), MUTUAL)
        low = phrase.lower() if phrase.isascii() else None
        for term, role in self.terms:
            if low is not None and term_absent(term, low):
                continue
            for m in _term_rx(term).finditer(phrase):
                if best is None or m.end() > best[0]:
                    best = (m.end(), role)
        return best[1] if best else None

    def terms_for(self, role: str) -> tuple[str, ...]:
        return tuple(t for t, r in self.terms if r == role)


def term_absent(term: str, low: str) -> bool:
    """True when no case-insensitive pattern holding the escaped ``term`` (``_term_rx(term)``)
    can match the ASCII text whose lower case is ``low``: an ASCII term matches it
    case-insensitively only where its lower case is written (the characters other than ASCII
    letters that IGNORECASE takes for "k", "s" or "i" are not in ASCII text). Most terms are
    not in the phrase at hand, and each new term's pattern costs a compile (hundreds in a
    portfolio of contracts)."""
    return term.isascii() and term.lower() not in low


@functools.lru_cache(maxsize=2048)  # bounded: a long portfolio brings new terms forever
def _term_rx(term: str) -> re.Pattern[str]:
    if CJK.search(term):
        return re.compile(re.escape(term))
    return re.compile(r"(?<![\w])" + re.escape(term) + r"(?![\w])", re.IGNORECASE)


def roles_from_parties(parties: Sequence[Party]) -> Roles | None:
    pairs: list[tuple[str, str]] = []
    for p in parties:
        if p.role not in ("provider", "client"):
            continue
        for t in (*p.terms, p.name):
            if t and len(t) >= 2:
                pairs.append((t, p.role))
    if not pairs or {r for _, r in pairs} != {"provider", "client"}:
        return None
    pairs.sort(key=lambda x: -len(x[0]))
    return Roles(terms=tuple(dict.fromkeys(pairs)), source="parties")


def _noun_terms(data: RoleData) -> list[tuple[str, str]]:
    return [(t, noun.role) for noun in data.nouns for t in noun.terms]


@functools.lru_cache(maxsize=16)
def _noun_words(data: RoleData) -> tuple[tuple[re.Pattern[str], float], ...]:
    """Per role noun of weight 1 or more: a regex finding it as words inside a defined term ("IT
    Service Provider", "the Bank"), and its signed weight (+ provider, - client)."""
    out = []
    for noun in data.nouns:
        # a noun the data itself calls weak ("Company", weight 0.5) names no role on its own
        if noun.role not in ("provider", "client") or noun.weight < 1:
            continue
        body = "|".join(re.escape(t) for t in sorted(noun.terms, key=len, reverse=True))
        rx = re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)
        out.append((rx, noun.weight if noun.role == "provider" else -noun.weight))
    return tuple(out)


def _noun_votes(data: RoleData, term: str) -> tuple[float, float]:
    """Provider and client votes a defined term's own words give: 1.5 x the weight of the
    heaviest role noun of each side in it (a weight-2 noun, "Supplier", gives 3)."""
    prov = cli = 0.0
    for rx, w in _noun_words(data):
        if rx.search(term):
            if w > 0:
                prov = max(prov, 1.5 * w)
            else:
                cli = max(cli, -1.5 * w)
    return prov, cli


def fallback_roles(document: Document, language: str, data: RoleData | None = None) -> Roles:
    """Guess provider/client terms when PARTIES found none (defined terms + who performs), with
    the role nouns of ``data`` (default: the bundled role data of ``language``)."""
    if data is None:
        from analyzer.patterns import load_patterns

        data = load_patterns().role_data(language)
    text = document.text
    if language == "zh":
        pairs = [
            (t, role)
            for t, role in (*_noun_terms(data), *data.positional)
            if role in ("provider", "client") and t in text
        ]
        return Roles(
            terms=tuple(sorted(dict.fromkeys(pairs), key=lambda x: -len(x[0]))), source="fallback"
        )
    head = text[:6000]
    candidates: list[str] = []
    for m in _DEFINED.finditer(head):
        term = m.group(1).strip(" .")
        if len(term) < 2 or _NOT_PARTY.match(term) or term in candidates:
            continue
        if _count_term(text, term, _NOT_WORD_NEXT, stop=3) < 3:
            continue
        candidates.append(term)
    scores: dict[str, tuple[float, float]] = {}
    for term in candidates[:8]:
        prov: float = _count_term(text, term, _PERFORM_AFTER)
        prov += _count_term(text, term, _BOUNDARY, before=_PAY_BEFORE)
        noun_prov, noun_cli = _noun_votes(data, term)
        prov += noun_prov
        cli: float = _count_term(text, term, _PAYS_AFTER)
        cli += _count_term(text, term, _SERVICES_AFTER, before=_TO_FOR_BEFORE)
        cli += noun_cli
        scores[term] = (prov, cli)
    pairs = []
    if scores:
        provider = max(scores, key=lambda k: (scores[k][0] - scores[k][1], scores[k][0]))
        if scores[provider][0] > 0:
            pairs.append((provider, "provider"))
            rest = [k for k in scores if k != provider]
            if rest:
                client = max(
                    rest, key=lambda k: (scores[k][1] - scores[k][0], -candidates.index(k))
                )
                pairs.append((client, "client"))
    logger.debug("fallback roles: %d terms", len(pairs))
    return Roles(
        terms=tuple(sorted(pairs, key=lambda x: -len(x[0]))), source="fallback" if pairs else "none"
    )


# fallback_roles counts, per candidate term, the matches of a few patterns around the term. A
# regex that starts with a boundary assertion cannot skip ahead to its literal, so re.findall
# of such a pattern per term walked the whole text in the regex engine (~50 ms per contract);
# instead the term is found with str.find and only the words around it are matched. The counts
# equal re.findall's (non-overlapping) for the patterns in the comments.
_NOT_WORD_NEXT = re.compile(r"(?![\w])")  # (?<![\w])TERM(?![\w])
_PERFORM_AFTER = re.compile(r"\s+" + _PERFORM)  # (?<![\w])TERM\s+PERFORM
_PAYS_AFTER = re.compile(r"\s+(?:shall|will|agrees\s+to)\s+pay\b")  # (?<![\w])TERM\s+shall pay
_BOUNDARY = re.compile(r"\b")
_PAY_BEFORE = (("the",), ("to",), ("pay",))  # \bpay\s+(?:to\s+)?(?:the\s+)?TERM\b
# \b(?:to|for)\s+(?:the\s+)?TERM\b(?=[^.]{0,20}\b(?:services|hereunder))
_TO_FOR_BEFORE = (("the",), ("to", "for"))
_SERVICES_AFTER = re.compile(r"\b(?=[^.]{0,20}\b(?:services|hereunder))")


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _start_before(text: str, p: int, words: tuple[tuple[str, ...], ...]) -> int:
    r"""Start of a match of ``\bW_n\s+(?:W_n-1\s+)?…(?:W_1\s+)?`` that ends exactly at ``p``.

    ``words`` gives the choices for W_1 … W_n (nearest ``p`` first); all but the last level are
    optional; the last must start at a word boundary. -1 when there is no such match.
    """
    i, level, last = p, 0, len(words) - 1
    while True:
        k = i
        while k > 0 and text[k - 1].isspace():
            k -= 1
        if k == i:
            return -1
        found = -1
        word = ""
        for lv in range(level, last + 1):
            word = next(
                (w for w in words[lv] if k >= len(w) and text.startswith(w, k - len(w))), ""
            )
            if word:
                found = lv
                break
        if found < 0:
            return -1
        start = k - len(word)
        if found == last:
            return start if start == 0 or not _is_word_char(text[start - 1]) else -1
        i, level = start, found + 1


def _count_term(
    text: str,
    term: str,
    after: re.Pattern[str],
    *,
    before: tuple[tuple[str, ...], ...] | None = None,
    stop: int = 0,
) -> int:
    """Non-overlapping matches of [before-words] TERM [after] (TERM not preceded by a word
    character when there are no before-words); counting stops at ``stop`` when given."""
    n = last_end = pos = 0
    while True:
        p = text.find(term, pos)
        if p < 0:
            return n
        pos = p + 1
        if before is None:
            if p and _is_word_char(text[p - 1]):
                continue
            start = p
        else:
            start = _start_before(text, p, before)
            if start < 0:
                continue
        if start < last_end:
            continue
        m = after.match(text, p + len(term))
        if m is None:
            continue
        n += 1
        last_end = m.end()
        if stop and n >= stop:
            return n
