"""Article 4: the provider (and its officers and staff) must not disclose or misuse."""

from __future__ import annotations

import re
from collections.abc import Sequence

from analyzer.checks.context import CheckContext
from analyzer.model import Finding, Obligation
from analyzer.roles import MUTUAL
from analyzer.tagger import Hit

REQ = "art4.provider_nondisclosure"

_MODAL = re.compile(
    r"\b(shall|will|must|may|agrees?|undertakes?|covenants?|is\s+required|are\s+required|"
    r"(is|are)\s+(solely\s+)?(responsible|obligated|obliged)|acknowledges?)\b|应当|应|须|必须|承诺|不得",
    re.IGNORECASE,
)
_AND = re.compile(r"\band\b|\bor\b|和|及|与")
REQ_STAFF = "art4.officers_and_staff"


def _passive_agent_is_provider(ctx: CheckContext, sentence: str) -> bool:
    for m in re.finditer(r"\bby\s+(the\s+)?", sentence, re.IGNORECASE):
        if ctx.roles.role_at_start(sentence[m.end() : m.end() + 60]) == "provider":
            return True
    return False


def subject(ctx: CheckContext, hit: Hit) -> str | None:
    """The words a hit's duty is predicated of: those just before its modal verb, back to a
    clause boundary (at most 60 characters); in "X shall keep ..., shall not disclose ..." the
    first verb's subject. None when the sentence has no modal verb."""
    text = ctx.document.text
    lo = max(hit.sent_start, hit.start - 400)
    prefix = text[lo : hit.end]
    rel = hit.start - lo
    modals = [m for m in _MODAL.finditer(prefix) if m.start() <= rel + 1]
    if not modals:
        modals = list(_MODAL.finditer(prefix))[:1]
    if not modals:
        return None
    found = ""
    for modal in reversed(modals):
        segment = re.split(r"[;:,(）（，；：]", prefix[: modal.start()])[-1]
        found = segment[-60:]
        if found.strip().lower() in ("", "and", "or", "and not", "but"):
            continue
        # "X shall cooperate, shall not interfere with the Company's business and shall observe
        # ...": the words before the last modal are a verb phrase of X, not a subject
        if _COORDINATED.match(segment):
            continue
        break
    return found


# a verb phrase coordinated with the one after it: it opens with a modal ("shall not …, and")
_COORDINATED = re.compile(r"\s*(?:and\s+|or\s+|but\s+)?(?:shall|will|must)\b", re.IGNORECASE)


def bearer(ctx: CheckContext, hit: Hit) -> str | None:
    """Who a non-disclosure sentence binds: provider, client, mutual or None (unknown)."""
    sentence = ctx.sentence(hit)
    low = sentence.lower()
    if "each other" in low or "the other party" in low or "other party's" in low:
        return MUTUAL
    subject_ = subject(ctx, hit)
    if subject_ is None:
        return None
    who = ctx.roles.role_near_end(subject_)
    if who == "client" and _passive_agent_is_provider(ctx, sentence):
        return "provider"  # "... shall not be disclosed by Supplier or its employees"
    if who in ("provider", "client"):
        other = "client" if who == "provider" else "provider"
        if _AND.search(subject_) and any(
            t in subject_ for t in ctx.roles.terms_for(other) if len(t) > 1
        ):
            return MUTUAL  # "the Consultant and the Company agree ..."
    return who


# keeping the agreement's own terms secret is not a duty about the client's information
_AGREEMENT_ITSELF = re.compile(
    r"\b(?:terms|contents|existence|provisions)\b[^.;]{0,30}\bof\s+this\s+agreement", re.IGNORECASE
)
# "This Agreement is confidential and each party must not disclose any part of this Agreement"
_THIS_AGREEMENT_SECRET = re.compile(
    r"^\W*(?:[\d.]+\s+)?this\s+agreement\s+(?:is|shall\s+be|will\s+be)\s+(?:strictly\s+)?"
    r"confidential\b|\b(?:disclose|divulge|reveal)\s+(?:any\s+part\s+of\s+)?this\s+agreement\b",
    re.IGNORECASE,
)


_DISCLOSE_VERB = re.compile(
    r"\b(disclos\w*|divulg\w*|reveal\w*|publish\w*|us(e|ing)|copy\w*|shar(e|ing)|communicat\w*|"
    r"make\s+available)\b|泄露|泄漏|透漏|披露|透露|使用|提供|告知",
    re.IGNORECASE,
)
# "guarantees not to disclose …", "保证不向第三方泄露": a duty whose action holds the prohibition
_NEGATED_DISCLOSE = re.compile(
    r"\b(not|never)\b[^.;]{0,30}?\b(disclos|divulg|reveal)\w*|(不得|不向|不将|不会|禁止|严禁)[^。；;]{0,30}?(泄露|泄漏|透漏|披露|透露)",
    re.IGNORECASE,
)
# "(information …) must not be disclosed": the subject is the information itself
_PASSIVE_DISCLOSE = re.compile(r"\W*be\s+(\w+\s+){0,3}(disclosed|divulged|revealed|used|shared)\b")
_INFORMATION = re.compile(
    r"\b(confiden\w*|secret\w*|proprietary|information|data|know-how|materials|documents)\b|"
    r"资料|信息|秘密|数据|文件",
    re.IGNORECASE,
)
# an obligation found by the register counts only when it keeps information in: "shall disclose
# to the Company any modifications" is a duty to tell, "will not be required to disclose" and
# "will not be prevented from using" are exceptions
_KEEP_SECRET = re.compile(r"confiden|secre|保密|秘密", re.IGNORECASE)
_NOT_A_DUTY = re.compile(
    r"^\W*(be\s+)?(required|obliged|obligated|prevented|restricted|precluded|prohibited)\b|"
    r"\bnot\s+(keep|hold|treat|maintain)\b",
    re.IGNORECASE,
)
# not a duty of secrecy about the client's information, though it mentions confidentiality: a
# deeming rule ("shall be deemed confidential only if marked", a definition), a duty to have
# staff sign agreements (Article 6), to return or destroy materials, to respect IP (Article 12),
# a statement of what a party knows or wants
# a sentence about what a party does not wish to disclose states no duty
_NO_WISH = re.compile(r"\bnot\s+(wish|want|need)\s+to\b", re.IGNORECASE)
_NOT_SECRECY = re.compile(
    r"^\W*(be\s+)?deemed\b|\benter\s+into\b[^.;]{0,60}\b(agreements?|undertakings?)\b|"
    r"^\W*(promptly\s+|immediately\s+)?(return|deliver|destroy|erase)\b|^\W*尊重|"
    r"^\W*(have|obtain|receive|gain)\s+access\b|^\W*(wish|want|need)\s+to\b|" + _NO_WISH.pattern,
    re.IGNORECASE,
)
# information of someone outside the contract (a consultant's former employer): keeping it
# secret protects that person, not the client
_OUTSIDERS_INFORMATION = re.compile(
    r"\b(former|prior|previous)\s+(or\s+(current|present)\s+)?employers?\b|"
    r"\b(former|prior|previous)\s+(clients?|customers?)\b",
    re.IGNORECASE,
)
# a sentence that states an exception to secrecy is weak evidence of the duty itself
_EXCEPTION = re.compile(
    r"\bnot\s+be\s+(required|obliged|prevented|restricted)|\brequired\s+by\s+(applicable\s+)?law|"
    r"\b(court|governmental|regulatory)\b|\bsubpoena|\bcompelled\b|\bshall\s+not\s+apply\b|"
    r"\bdoes\s+not\s+include\b|\bexceptions?\b|\breturn\b|除外|依法|法律规定",
    re.IGNORECASE,
)
_PROHIBITION = re.compile(
    r"\b(not|never|neither|nor)\b[^.;]{0,80}?\b(disclose|divulge|reveal|use|publish|make\s+available)|"
    r"\b(in\s+(strict(est)?\s+)?confidence|confidential|secret)\b|不得|保密|秘密",
    re.IGNORECASE,
)


def _weakness(sentence: str) -> int:
    """0 for a plain duty of secrecy; 1 for an exception to it (required by law, return on
    request); 2 for secrecy about the agreement itself ("This Agreement is confidential …")."""
    if _AGREEMENT_ITSELF.search(sentence) or _THIS_AGREEMENT_SECRET.search(sentence):
        return 2
    return 1 if _EXCEPTION.search(sentence) else 0


def _strength(ctx: CheckContext, hit: Hit) -> tuple[int, int, int]:
    """Sort key: a plain duty of secrecy first, an exception to it (required by law, return on
    request) next, secrecy about the agreement itself last; then by place."""
    sentence = ctx.sentence(hit)
    return (
        _weakness(sentence),
        0 if _PROHIBITION.search(sentence) else 1,
        hit.start,
    )


# "SEV shall, subject to the appropriate confidentiality undertakings being given, provide DCL
# with …": confidentiality inside the condition, not the duty
_SUBJECT_TO = re.compile(r"^\W*subject\s+to\b[^;]*?,\s*", re.IGNORECASE)


def _duty_words(action: str) -> str:
    """An obligation's action without a leading "subject to …," condition."""
    return _SUBJECT_TO.sub("", action, count=1)


def provider_nondisclosure(ctx: CheckContext) -> Finding:
    text = ctx.document.text
    hits = [
        h
        for h in ctx.tagged_for(REQ)
        if not _OUTSIDERS_INFORMATION.search(ctx.sentence(h))
        and not _NO_WISH.search(text, h.sent_start, h.sent_end)
    ]
    obligations = [
        o
        for o in ctx.obligations
        if any("confidential" in t for t in o.topics)
        and o.role in ("provider", "both")
        and o.modality in ("must", "must_not")
        and not _AGREEMENT_ITSELF.search(o.action)
        and not _NOT_A_DUTY.search(o.action)
        and not _NOT_SECRECY.search(o.action)
        and not _OUTSIDERS_INFORMATION.search(text, o.start, o.end)
        and (
            _KEEP_SECRET.search(_duty_words(o.action))
            or (
                (o.modality == "must_not" or _NEGATED_DISCLOSE.search(o.action))
                and _DISCLOSE_VERB.search(_duty_words(o.action))
                and (_INFORMATION.search(o.action) or _PASSIVE_DISCLOSE.match(o.action))
            )
        )
    ]
    if not hits and not obligations:
        return ctx.finding(
            REQ, "missing", "No obligation not to disclose or misuse information was found."
        )
    binding = [(h, bearer(ctx, h)) for h in hits]
    good = [h for h, who in binding if who in ("provider", MUTUAL)]
    unknown = [h for h, who in binding if who is None]
    client_only = [h for h, who in binding if who == "client"]
    if good:
        good.sort(key=lambda h: _strength(ctx, h))
        if _weakness(ctx.sentence(good[0])):
            # the rules' best sentence keeps the agreement's terms secret or states an
            # exception; the register found a plain duty of the provider: quote that first
            # (the first one: the others' sentences are not read)
            plain = next((o for o in obligations if not _weakness(text[o.start : o.end])), None)
            if plain is not None:
                return _obligation_finding(ctx, plain, good)
        who = "the provider" if bearer(ctx, good[0]) == "provider" else "both parties"
        return ctx.finding(
            REQ, "met", f"A non-disclosure duty binds {who}: {ctx.describe(good[0])}.", good
        )
    if obligations:
        return _obligation_finding(ctx, obligations[0])
    if unknown:
        return ctx.finding(
            REQ,
            "met",
            f"A non-disclosure duty was found ({ctx.describe(unknown[0])}); who it binds could "
            "not be determined — check that it binds the provider.",
            unknown,
            review=f"who the duty of secrecy in {ctx.where(unknown[0])} binds could not be determined",
        )
    return ctx.finding(
        REQ,
        "flag",
        "Confidentiality binds only the client: every non-disclosure duty found "
        f"({ctx.describe(client_only[0])}) is borne by the client, none by the provider.",
        client_only,
        review="every non-disclosure duty found binds the client; none binds the provider",
    )


def _obligation_finding(ctx: CheckContext, o: Obligation, hits: Sequence[Hit] = ()) -> Finding:
    """Met on a duty of secrecy the obligations register found, quoted first."""
    return ctx.finding(
        REQ,
        "met",
        f"A confidentiality obligation borne by {o.bearer} ({o.role}) was found.",
        hits,
        evidence=[ctx.span_evidence(o.start, o.end)],
    )


def officers_and_staff(ctx: CheckContext) -> Finding:
    staff = ctx.tagged_for(REQ_STAFF)
    nda = ctx.tagged("confidentiality.nondisclosure")
    if staff:
        return ctx.finding(
            REQ_STAFF,
            "met",
            f"The confidentiality duty reaches the provider's people: {ctx.describe(staff[0])}.",
            staff,
        )
    if nda:
        return ctx.finding(
            REQ_STAFF,
            "flag",
            "A non-disclosure duty exists but nothing extends it to the provider's shareholders, "
            f"directors, managers or staff ({ctx.describe(nda[0])}).",
            nda,
        )
    return ctx.finding(REQ_STAFF, "missing", "No non-disclosure duty was found at all.")
