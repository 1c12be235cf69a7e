"""For whom: the party an obligation is owed to, where the sentence names it (issue #18).

A beneficiary is the recipient of the bearer's act or the party it is done for: "Supplier shall
pay **Customer**", "notify **the Company**", "provide reports to **Client**", "indemnify and hold
harmless **Licensor**", "向**甲方**支付", "通知**乙方**", "赔偿**对方**损失". It is read after the
obligation's modal verb (a party in a condition before it, "if Customer requests", is not one),
and only where a word that makes the party a recipient comes just before it (a preposition
such as "to" / "for" / 向 / 为, or a verb such as "pay" / "notify" / 通知 / 赔偿). A party that
only owns something ("the Customer's Confidential Information", 甲方的) is not a beneficiary,
nor is the bearer's own side. "The other party" and 对方 are the side opposite the bearer;
"each other" is both sides.

The beneficiary is kept as written, with its side (``beneficiary_role``): the role the register
gives the same party term as a bearer when it bears any obligation (so that the roles inferred
from the obligations count), else the party analysis's role.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, cast

from analyzer.model import Obligation, Role, replaced

__all__ = ["Recipients", "Terms", "add_beneficiaries", "term_key"]

# (the party terms of one language as one regex, or None; normalised term -> role; the words that
# make a party a recipient)
Terms = tuple["re.Pattern[str] | None", Mapping[str, str], "Recipients"]


@dataclass(frozen=True)
class Recipients:
    """The words that make the party right after them a recipient (``recipients`` in
    ``clause_patterns/deontic/<lang>.yaml``): English one word before the party, "the" skipped
    ("notice to the |Customer", "pay |Supplier", "hold harmless |Licensor"), "<verb> … with"
    ("cooperate with |Client"), "on behalf of"; Chinese the characters just before it ("向|乙方").
    ``payment_words``: a payee written as the owner of what is paid ("pay |Supplier's
    invoices")."""

    words: frozenset[str] = frozenset()
    with_verbs: frozenset[str] = frozenset()
    payment_words: frozenset[str] = frozenset()
    # Chinese: the cue words longest first (tried with ``str.endswith``)
    longest_first: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        words: Sequence[str],
        with_verbs: Sequence[str] = (),
        payment_words: Sequence[str] = (),
    ) -> Recipients:
        return cls(
            frozenset(w.lower() for w in words),
            frozenset(w.lower() for w in with_verbs),
            frozenset(w.lower() for w in payment_words),
            tuple(sorted(set(words), key=len, reverse=True)),
        )


# "… without prior notice to Prolong": a party that is not told is not the one served; nor is
# one the act is only about ("with regard to Diversinet", "pursuant to", "subject to"); the
# annotators do take the party given notice of a termination ("upon notice to Licensor")
_NOT_A_CUE_EN = re.compile(
    r"(?:\bwithout\s+(?:any\s+)?(?:prior\s+|advance\s+)?(?:written\s+)?notice\s+to"
    r"|\b(?:with\s+regard|with\s+respect|in\s+relation|in\s+respect|relating|related|according|"
    r"pursuant|due|subject|prior|in\s+addition|as|owing|attributable|applicable|similar|"
    r"identical|equal|comparable|superior|inferior)\s+to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "pay TrueLink's fees": what is paid, after the payee written as its owner
_PAID_THING_EN = re.compile(
    r"\s*['’]s?\s+(?:\w+\s+){0,2}?(?:fees?|charges?|invoices?|compensation|expenses|costs)\b",
    re.IGNORECASE,
)
# "for Franchisor Property", "to Company Data": the term is the first word of another defined
# term, not the party
_NOT_THE_PARTY_EN = re.compile(r"[ \t]+(?!(?:And|Or|If|In|On|At|To|For|With|By)\b)[A-Z][a-z]")
# "for Customer to review": the party that acts
_DOER_EN = re.compile(r"\s+to\s+(?!the\b|its\b|his\b|her\b|their\b|any\b|all\b|such\b)[a-z]+\b")
# (the look-ahead: every match starts with t, e or o, and (?i) takes no other character for
# them; without it `re` tries the \b and four branches at every offset of the regions)
_OTHER_EN = re.compile(
    r"(?=[TtEeOo])\b(?:the\s+other\s+part(?:y|ies)|each\s+other|one\s+another|the\s+parties|"
    r"the\s+other(?=\s*(?:[,.;]|\b(?:in|of|at|by|within|with|and|or|for|to|party)\b)))\b",
    re.IGNORECASE,
)
_OTHER_ZH = re.compile(r"对方|另一方")
# "甲方未按照约定向乙方支付费用，每逾期一日，应当承担……": a condition between the bearer and the
# act, and a party in it is not the one served (not "甲方向乙方提供平台账号，并负责……")
_ZH_CLAUSE_BREAK = re.compile(r"(?:未|如果|如|若|倘若|因|由于|违反|逾期)[^，；。]*[，；]|的[，；]")
_POSSESSIVE_EN = re.compile(r"\s*['’]s?\b")
_SIDES = ("provider", "client")
_OPPOSITE = {"provider": "client", "client": "provider", "both": "both"}
_REACH = 300  # characters after the action's start in which a beneficiary is looked for
_LEAD = 100  # at most this many characters between the bearer and the action read with them


def term_key(term: str) -> str:
    """A party term as the register compares it: white space collapsed, lower case, no leading
    "the" ("the  Company" -> "company")."""
    t = " ".join(term.split()).lower()
    return t[4:] if t.startswith("the ") else t


def _find_words(text: str, words: list[str], lo: int, hi: int) -> int:
    """Where ``words`` are written in ``text[lo:hi]`` with any white space between them (the
    action is stored with its white space collapsed), or -1. A string search, not a regex: a
    pattern per obligation would be compiled tens of thousands of times in a portfolio."""
    if not words:
        return -1
    want = " ".join(words)
    at = text.find(words[0], lo, hi)
    while at >= 0:
        window = " ".join(text[at : min(hi, at + 3 * len(want) + 20)].split())
        if window.startswith(want):
            return at
        at = text.find(words[0], at + 1, hi)
    return -1


def _region(text: str, o: Obligation) -> tuple[int, int]:
    """Where the act is written: from the bearer written just before the action (the
    recipient may come before the verb: "甲方向乙方提供", "Supplier shall to the extent …"),
    else from the action's first words, else the sentence's start; at most :data:`_REACH`
    characters."""
    lo = o.start
    act = _find_words(text, o.action.split()[:4], o.start, o.end)
    if act >= 0:
        lo = act
    if o.bearer:
        at = text.rfind(o.bearer, o.start, act if act >= 0 else o.end)
        if (
            at >= 0
            and (act < 0 or act - (at + len(o.bearer)) <= _LEAD)
            and not (act >= 0 and _ZH_CLAUSE_BREAK.search(text, at + len(o.bearer), act))
        ):
            lo = at + len(o.bearer)
    return lo, min(o.end, lo + _REACH)


def _bearer_roles(
    obligations: Sequence[Obligation], aliases: Sequence[Sequence[str]] = ()
) -> dict[str, str]:
    """normalised party term -> the role the register gives it most often as a bearer
    (provider/client), shared by the terms of one party (``aliases``: each party's terms and
    name): "us" takes the role the register gives "we"."""
    votes: dict[str, Counter[str]] = {}
    for o in obligations:
        if o.role in _SIDES:
            votes.setdefault(term_key(o.bearer), Counter())[str(o.role)] += 1
    for group in aliases:
        keys = {term_key(t) for t in group if t}
        joint: Counter[str] = Counter()
        for k in keys:
            joint.update(votes.get(k, Counter()))
        if joint:
            for k in keys:
                votes[k] = joint
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


# a party written after a recipient word: (start, as written, None for a party term or the kind
# of "other" phrase, where its recipient word starts)
_Candidate = tuple[int, str, "str | None", int]


def _cue_en(text: str, s: int, cues: Recipients, paid: bool = False) -> int:
    """Where the recipient word just before ``text[s]`` starts ("… notice to the |Customer"),
    or -1; ``paid``: only a word of payment counts ("pay |TrueLink's fees")."""
    lo = max(0, s - 40)
    words = text[lo:s].split()
    if words and words[-1].lower() == "the":
        words.pop()
    if not words:
        return -1
    last = words[-1].lower()
    if paid:
        hit = last in cues.payment_words
    elif last in cues.words:
        hit = not (last == "to" and _NOT_A_CUE_EN.search(text, lo, s))
    elif last == "with":
        hit = any(w.lower() in cues.with_verbs for w in words[-4:-1])
    elif last == "of":
        hit = [w.lower() for w in words[-3:-1]] == ["on", "behalf"]
    else:
        return -1
    return text.rfind(words[-1], lo, s) if hit else -1


def _cue_zh(text: str, s: int, cues: Recipients) -> int:
    """Where the recipient word just before ``text[s]`` starts ("向|乙方"), or -1."""
    lo = max(0, s - 8)
    before = text[lo:s].rstrip()
    for cue in cues.longest_first:
        if before.endswith(cue):
            return lo + len(before) - len(cue)
    return -1


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _candidates(
    text: str, terms: Terms, zh: bool, spans: Sequence[tuple[int, int]]
) -> list[_Candidate]:
    """Every party term and "other party" phrase in ``spans`` (the obligations' regions) that
    comes right after a recipient word, in text order (one pass per document; each obligation
    then takes those of its own region, :func:`_beneficiary`)."""
    term_re, _, cues = terms
    if not (cues.words or cues.longest_first):
        return []
    out: list[_Candidate] = []
    if term_re is not None:
        for m in (m for lo, hi in spans for m in term_re.finditer(text, lo, hi)):
            s, e = m.start(), m.end()
            if zh:
                if text.startswith("的", e):
                    continue
                at = _cue_zh(text, s, cues)
            elif (s > 0 and (text[s - 1].isalnum() or text[s - 1] in "_-")) or (
                e < len(text) and (text[e].isalnum() or text[e] in "_-")
            ):
                continue
            elif _POSSESSIVE_EN.match(text, e):
                at = _cue_en(text, s, cues, paid=True) if _PAID_THING_EN.match(text, e) else -1
            elif _NOT_THE_PARTY_EN.match(text, e):
                continue
            else:
                at = _cue_en(text, s, cues)
                if at >= 0 and _DOER_EN.match(text, e) and text.startswith("for", at):
                    continue  # "a plan for NeuroBo to assist": who acts, not who is served
            if at >= 0:
                out.append((s, " ".join(m.group().split()), None, at))
    other = _OTHER_ZH if zh else _OTHER_EN
    for m in (m for lo, hi in spans for m in other.finditer(text, lo, hi)):
        s, e = m.start(), m.end()
        if (zh and text.startswith("的", e)) or (not zh and _POSSESSIVE_EN.match(text, e)):
            continue
        at = _cue_zh(text, s, cues) if zh else _cue_en(text, s, cues)
        if at < 0:
            continue
        written = " ".join(m.group().split())
        kind = (
            "both" if written.lower() in ("each other", "one another", "the parties") else "other"
        )
        out.append((s, written, kind, at))
    out.sort()
    return out


def _beneficiary(
    o: Obligation,
    region: tuple[int, int],
    candidates: Sequence[_Candidate],
    starts: Sequence[int],
    role_of: Mapping[str, str],
    roles: Mapping[str, str],
) -> tuple[str, str] | None:
    lo, hi = region
    own = term_key(o.bearer)
    for k in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)):
        _, written, kind, cue_at = candidates[k]
        if cue_at < lo:
            continue  # its recipient word is before the act (in a condition, another clause)
        if kind is None:
            key = term_key(written)
            if key == own:
                continue
            role = roles.get(key) or role_of.get(key) or "unknown"
        elif kind == "both":
            role = "both"
        else:
            role = _OPPOSITE.get(str(o.role), "unknown")
        if role in _SIDES and role == o.role:
            continue  # the bearer's own side: not for whom the act is done
        return written, role
    return None


# (a name for the cast below: ``Role | Literal["both"]`` written in the loop built the union
# anew for each obligation with a beneficiary)
_BeneficiaryRole = Role | Literal["both"]


def add_beneficiaries(
    text: str,
    obligations: Sequence[Obligation],
    terms_by_language: Mapping[str, Terms],
    aliases: Sequence[Sequence[str]] = (),
) -> tuple[Obligation, ...]:
    """``obligations`` with ``beneficiary`` and ``beneficiary_role`` filled where the sentence
    names the party the act is for (see the module docstring); ``aliases``: each party's terms
    and name, which share one side."""
    roles = _bearer_roles(obligations, aliases)
    regions = [_region(text, o) for o in obligations]
    found: dict[str, tuple[list[_Candidate], list[int]]] = {}
    for lang, terms in terms_by_language.items():
        spans = _merged(
            [r for r, o in zip(regions, obligations, strict=True) if o.language == lang]
        )
        if spans:
            cands = _candidates(text, terms, lang == "zh", spans)
            found[lang] = (cands, [c[0] for c in cands])
    out: list[Obligation] = []
    for o, region in zip(obligations, regions, strict=True):
        cands, starts = found.get(o.language, ([], []))
        hit = (
            _beneficiary(o, region, cands, starts, terms_by_language[o.language][1], roles)
            if cands
            else None
        )
        if hit is None:
            out.append(o)
        else:
            role = cast(_BeneficiaryRole, hit[1])
            out.append(replaced(o, beneficiary=hit[0], beneficiary_role=role))
    return tuple(out)
