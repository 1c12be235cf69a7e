"""Article 12: the provider must respect the client's intellectual property."""

from __future__ import annotations

import re

from analyzer.checks.context import CheckContext
from analyzer.model import Finding
from analyzer.roles import MUTUAL
from analyzer.tagger import Hit

REQ = "art12.client_ip_protection"

_OWNER = re.compile(
    r"\b(property|owner|ownership|rights?)\s+of\s+(the\s+)?|\breserved\s+(to|by)\s+(the\s+)?|"
    r"\bvest(s|ed)?\s+(solely\s+|exclusively\s+)?in\s+(the\s+)?|\bbelongs?\s+to\s+(the\s+)?|"
    r"\b[ie]nures?\s+(solely\s+|exclusively\s+)?to\s+the\s+(sole\s+|exclusive\s+)?benefit\s+of\s+(the\s+)?|"
    r"归|属于",
    re.IGNORECASE,
)
_RESERVES = re.compile(
    r"\breserves?\b|\bretains?\b|\b(does|do|shall|will)\s+not\s+grant\b|保留", re.IGNORECASE
)
_RESTRICT = re.compile(
    r"\b(shall|will|may|must|agrees?)\s+(not|never)\b|\bnot\s+to\b|\backnowledges?\b|\brecogni[sz]es?\b|"
    r"\b(shall|will|must|agrees?\s+to)\s+(immediately\s+|promptly\s+|forthwith\s+)?(cease|discontinue)\b|"
    r"\b(shall|will|may)\s+(use\s+)?(only|solely)\b|\b(only|solely)\s+(be\s+)?(permitted|entitled|allowed)\b|"
    r"\b(shall|will)\s+(acquire|obtain|have|gain)\s+no\b|"
    r"\b(is|are)\s+(expressly\s+|strictly\s+)?prohibited\b|"
    r"不得|承诺|确认",
    re.IGNORECASE,
)
# "no right, title or interest in or to the Sponsor Marks": the party named at the start of what
# the rights are in owns it
_RIGHTS_IN = re.compile(
    r"\b(?:right,?\s+title\s+(?:and|or)\s+interest|rights?|title|interest)\s+in\s+"
    r"(?:or\s+to\s+|and\s+to\s+)?",
    re.IGNORECASE,
)
# the capitalised words right before 's ("Customer's", "Acme Holdings Ltd's"); not a run of
# words from the sentence's first capital ("Supplier shall use Customer's" is the Customer's)
_POSSESSIVE = re.compile(r"(?<![\w])([A-Z][\w.&\-]*(?:\s+[A-Z][\w.&\-]*){0,4})['’]s\b")


def _subject_role(ctx: CheckContext, phrase: str) -> str | None:
    """The role of the subject that ends ``phrase``; both parties named ("the Dolphins and
    Hydron recognize …") make it mutual."""
    who = ctx.roles.role_near_end(phrase)
    if who in ("provider", "client") and " and " in phrase:
        other = "client" if who == "provider" else "provider"
        mine = "|".join(re.escape(t) for t in ctx.roles.terms_for(who) if len(t) > 1)
        theirs = "|".join(re.escape(t) for t in ctx.roles.terms_for(other) if len(t) > 1)
        if mine and theirs:
            pair = rf"(?<!\w)(?:{theirs})\s+and\s+(?:the\s+)?(?:{mine})(?!\w)"
            if re.search(pair, phrase, re.IGNORECASE):
                return MUTUAL
    return who


def direction(ctx: CheckContext, hit: Hit) -> str | None:
    """Whose IP a protection sentence protects: "client", "provider", "mutual" or None."""
    text = ctx.document.text
    sentence = ctx.sentence(hit)
    low = sentence.lower()
    if re.search(
        r"\b(either|neither|each)\s+party\b|\bboth\s+parties\b|the\s+other\s+party|each\s+other|"
        r"双方|任何一方|"
        r"另一方|各方|相对方",
        low,
    ):
        return MUTUAL
    # an owner named after "property of", "vest in" ...
    for m in _OWNER.finditer(sentence):
        role = ctx.roles.role_at_start(sentence[m.end() : m.end() + 60])
        if role in ("client", "provider", MUTUAL):
            return role
    for m in _RIGHTS_IN.finditer(sentence):
        role = ctx.roles.role_at_start(sentence[m.end() : m.end() + 60])
        if role in ("client", "provider"):
            return role
    # a possessive ("Customer's trademarks")
    for m in _POSSESSIVE.finditer(sentence):
        role = ctx.roles.role_of(m.group(1))
        if role in ("client", "provider"):
            return role
    # "Supplier reserves all rights in its software": the reserving party keeps its own IP
    reserve = _RESERVES.search(text, hit.sent_start, hit.sent_end)
    if reserve is not None:
        lo = max(hit.sent_start, reserve.start() - 80)
        subject = _subject_role(ctx, text[lo : reserve.start()])
        if subject in ("client", "provider", MUTUAL):
            return subject
    # the restricted or acknowledging party protects the other one
    restrict = _RESTRICT.search(text, hit.sent_start, hit.sent_end)
    if restrict is not None:
        lo = max(hit.sent_start, restrict.start() - 80)
        protected = _OTHER_SIDE.get(_subject_role(ctx, text[lo : restrict.start()]) or "")
        if protected is not None:
            return protected
    # "In such event GALEN shall: … (b) cease to make use of the Trademark": the item's duty is
    # the lead-in's subject's
    lead = ctx.lead_in(hit)
    if lead is not None:
        return _OTHER_SIDE.get(_subject_role(ctx, lead[-80:]) or "")
    return None


# whose IP a duty protects: the other side's of the party it binds
_OTHER_SIDE = {"provider": "client", "client": "provider", MUTUAL: MUTUAL}


# the IP a protection sentence names; a sentence naming none ("all rights not granted are
# reserved") is weaker evidence than one about the client's marks, software or data
_IP_OBJECT = re.compile(
    r"\b(intellectual\s+property|trade[-\s]?marks?|service\s+marks?|marks|names?|logos?|"
    r"copyrights?|patents?|software|technology|know[-\s]how|materials|data|content|"
    r"proprietary|trade\s+secrets?|inventions?|works?)\b|知识产权|商标|著作权|专利|软件|技术|资料|数据",
    re.IGNORECASE,
)


def _strength(ctx: CheckContext, hit: Hit, direction_: str | None) -> tuple[int, int, int, int]:
    """Sort key: the strongest evidence first (a sentence naming the client's IP, a specific
    covenant rather than a reservation, the client's rather than both parties'), then by place."""
    names_ip = _IP_OBJECT.search(ctx.sentence(hit)) is not None
    reservation = hit.pattern_id.endswith(".reserved")
    return (
        0 if names_ip else 1,
        1 if reservation else 0,
        0 if direction_ == "client" else 1,
        hit.start,
    )


def client_ip_protection(ctx: CheckContext) -> Finding:
    hits = ctx.tagged_for(REQ)
    if not hits:
        return ctx.finding(
            REQ,
            "missing",
            "Nothing protects the client's IP against the provider (no "
            "acknowledgement, use limits, non-infringement or no-challenge covenant was found).",
        )
    judged = [(h, direction(ctx, h)) for h in hits]
    good = [h for h, d in judged if d in ("client", MUTUAL)]
    unknown = [h for h, d in judged if d is None]
    if good:
        direction_of = {id(h): d for h, d in judged}
        good.sort(key=lambda h: _strength(ctx, h, direction_of[id(h)]))
        return ctx.finding(
            REQ, "met", f"The client's IP is protected: {ctx.describe(good[0])}.", good
        )
    if unknown:
        return ctx.finding(
            REQ,
            "partial",
            f"An IP protection clause was found ({ctx.describe(unknown[0])}) but whose IP it "
            "protects could not be determined; check that it protects the client's.",
            unknown,
            review=f"whose IP the clause in {ctx.where(unknown[0])} protects could not be determined",
        )
    provider_only = [h for h, _ in judged]
    return ctx.finding(
        REQ,
        "missing",
        "The IP protections found favour the provider, not the client "
        f"({ctx.describe(provider_only[0])}).",
        provider_only,
    )
