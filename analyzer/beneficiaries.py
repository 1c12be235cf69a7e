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

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Literal, cast

from analyzer.model import Obligation, Role

__all__ = ["Terms", "add_beneficiaries"]

# (the party terms of one language as one regex, or None; normalised term -> role)
Terms = tuple["re.Pattern[str] | None", Mapping[str, str]]

_RECIPIENT_VERBS_EN = (
    "pay|pays|paid|repay|repays|reimburse|reimburses|refund|refunds|remit|remits|compensate|"
    "compensates|credit|credits|invoice|invoices|bill|bills|owe|owes|indemnify|indemnifies|defend|"
    "defends|hold|holds|harmless|notify|notifies|inform|informs|advise|advises|tell|tells|"
    "provide|provides|give|gives|furnish|furnishes|send|sends|deliver|delivers|supply|supplies|"
    "grant|grants|assist|assists|offer|offers|show|shows|render|renders|submit|submits|"
    "reimbursing|paying|notifying|providing|giving|furnishing|sending|delivering|granting|"
    "assisting|indemnifying"
)
# what comes just before a party that receives the act ("… to the ", "pay ", "hold harmless ")
_CUE_EN = re.compile(
    r"\b(?:to|for|towards?|on\s+behalf\s+of|(?:co-?operate|consult|work|communicate|coordinate|"
    r"co-ordinate|share\s+\w+(?:\s+\w+)?)\s+with|" + _RECIPIENT_VERBS_EN + r")\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "… without prior notice to Prolong": a party that is not told is not the one served
_NOT_A_CUE_EN = re.compile(
    r"\bwithout\s+(?:any\s+)?(?:prior\s+|advance\s+)?(?:written\s+)?notice\s+to\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "pay TrueLink's fees": the payee written as the owner of what is paid
_PAID_EN = re.compile(
    r"\b(?:pay|pays|paid|reimburse|reimburses|remit|remits)\s+(?:all\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_PAID_THING_EN = re.compile(
    r"\s*['’]s?\s+(?:\w+\s+){0,2}?(?:fees?|charges?|invoices?|compensation|expenses|costs)\b",
    re.IGNORECASE,
)
_CUE_ZH = re.compile(
    r"(?:向|为|给|替|通知(?:到)?|告知|告诉|转告|转送(?:给)?|转交(?:给)?|发送(?:给|至)?|赔偿|补偿|"
    r"支付给|交付给|提供给|交给|退还(?:给|至)?|返还(?:给|至)?|协助|配合|送达(?:至|给)?|送交|交付|至)\s*$"
)
_OTHER_EN = re.compile(
    r"\b(?:the\s+other\s+part(?:y|ies)|each\s+other|one\s+another|the\s+parties|"
    r"the\s+other(?=\s*(?:[,.;]|\b(?:in|of|at|by|within|with|and|or|for|to|party)\b)))\b",
    re.IGNORECASE,
)
_OTHER_ZH = re.compile(r"对方|另一方")
_POSSESSIVE_EN = re.compile(r"\s*['’]s?\b")
_SIDES = ("provider", "client")
_OPPOSITE = {"provider": "client", "client": "provider", "both": "both"}
_REACH = 300  # characters after the action's start in which a beneficiary is looked for
_LEAD = 100  # at most this many characters between the bearer and the action read with them


def _norm(term: str) -> str:
    t = " ".join(term.split()).lower()
    return t[4:] if t.startswith("the ") else t


def _region(text: str, o: Obligation) -> tuple[int, int]:
    """Where the act is written: from the bearer written just before the action (the
    recipient may come before the verb: "甲方向乙方提供", "Supplier shall to the extent …"),
    else from the action's first words, else the sentence's start; at most :data:`_REACH`
    characters."""
    lo = o.start
    words = o.action.split()[:4]
    act = -1
    if words:
        rx = re.compile(r"\s+".join(re.escape(w) for w in words))
        m = rx.search(text, o.start, o.end)
        if m is not None:
            act = lo = m.start()
    if o.bearer:
        at = text.rfind(o.bearer, o.start, act if act >= 0 else o.end)
        if at >= 0 and (act < 0 or act - (at + len(o.bearer)) <= _LEAD):
            lo = at + len(o.bearer)
    return lo, min(o.end, lo + _REACH)


def _bearer_roles(obligations: Sequence[Obligation]) -> dict[str, str]:
    """normalised bearer term -> the role the register gives it most often (provider/client)."""
    votes: dict[str, Counter[str]] = {}
    for o in obligations:
        if o.role in _SIDES:
            votes.setdefault(_norm(o.bearer), Counter())[str(o.role)] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def _beneficiary(
    text: str, o: Obligation, terms: Terms, roles: Mapping[str, str]
) -> tuple[str, str] | None:
    term_re, role_of = terms
    zh = o.language == "zh"
    lo, hi = _region(text, o)
    own = _norm(o.bearer)
    cue = _CUE_ZH if zh else _CUE_EN
    found: list[tuple[int, str, str]] = []
    if term_re is not None:
        for m in term_re.finditer(text, lo, hi):
            s, e = m.start(), m.end()
            if not zh and (
                (s > 0 and (text[s - 1].isalnum() or text[s - 1] in "_-"))
                or (e < len(text) and (text[e].isalnum() or text[e] in "_-"))
            ):
                continue
            if zh and text.startswith("的", e):
                continue
            before = max(lo, s - 40)
            if not zh and _POSSESSIVE_EN.match(text, e):
                # "pay TrueLink's fees": the owner of what is paid is the payee
                if not (_PAID_EN.search(text, before, s) and _PAID_THING_EN.match(text, e)):
                    continue
            elif not cue.search(text, before, s) or (
                not zh and _NOT_A_CUE_EN.search(text, before, s)
            ):
                continue
            written = " ".join(m.group().split())
            key = _norm(written)
            role = roles.get(key) or role_of.get(key) or "unknown"
            found.append((s, written, role))
    other = _OTHER_ZH if zh else _OTHER_EN
    for m in other.finditer(text, lo, hi):
        if zh and text.startswith("的", m.end()):
            continue
        if not zh and _POSSESSIVE_EN.match(text, m.end()):
            continue
        if not cue.search(text, max(lo, m.start() - 40), m.start()):
            continue
        written = " ".join(m.group().split())
        if written.lower() in ("each other", "one another", "the parties"):
            role = "both"
        else:
            role = _OPPOSITE.get(str(o.role), "unknown")
        found.append((m.start(), written, role))
    for _, written, role in sorted(found):
        if _norm(written) == own:
            continue
        if role in _SIDES and role == o.role:
            continue  # the bearer's own side: not for whom the act is done
        return written, role
    return None


def add_beneficiaries(
    text: str, obligations: Sequence[Obligation], terms_by_language: Mapping[str, Terms]
) -> tuple[Obligation, ...]:
    """``obligations`` with ``beneficiary`` and ``beneficiary_role`` filled where the sentence
    names the party the act is for (see the module docstring)."""
    roles = _bearer_roles(obligations)
    out: list[Obligation] = []
    for o in obligations:
        terms = terms_by_language.get(o.language)
        hit = _beneficiary(text, o, terms, roles) if terms is not None else None
        if hit is None:
            out.append(o)
        else:
            role = cast(Role | Literal["both"], hit[1])
            out.append(replace(o, beneficiary=hit[0], beneficiary_role=role))
    return tuple(out)
