"""Article 5: specific security measures (not merely "the same care as its own")."""

from __future__ import annotations

import re

from analyzer.checks.art4 import bearer
from analyzer.checks.context import CheckContext
from analyzer.model import Finding
from analyzer.tagger import Hit

REQ = "art5.security_measures"
REQ_RETURN = "art5.return_destroy"


_CONDITION = re.compile(
    r"\b(?:subject\s+to|conditioned\s+(?:up)?on|conditional\s+(?:up)?on|dependent\s+(?:up)?on)\s+"
    r"(?:the\s+)?(.{1,60}?)\s+\w+ing\b",
    re.IGNORECASE,
)


def _clients_condition(ctx: CheckContext, hit: Hit) -> bool:
    """The measure is a condition the client must meet ("the Supplier's obligations are subject
    to the Customer using … and utilizing appropriate back-up procedures")."""
    before = ctx.document.text[hit.sent_start : hit.start]
    return any(ctx.roles.role_near_end(m.group(1)) == "client" for m in _CONDITION.finditer(before))


# a recital states the background ("WHEREAS, X is a secure, HIPAA compliant portal"), no duty
_RECITAL = re.compile(r"\W*(?:[A-Z]\.\s+|\(\w\)\s*)?(?:WHEREAS|Whereas)\b")


def security_measures(ctx: CheckContext) -> Finding:
    text = ctx.document.text
    hits = [
        h
        for h in ctx.tagged_for(REQ)
        if bearer(ctx, h) != "client"
        and not _clients_condition(ctx, h)
        and not _RECITAL.match(text, h.sent_start)
    ]
    if hits:
        return ctx.finding(
            REQ, "met", f"Specific security measures are required: {ctx.describe(hits[0])}.", hits
        )
    care = ctx.tagged("confidentiality.same_care")
    if care:
        return ctx.finding(
            REQ,
            "flag",
            "The only safeguard found is a standard of care (“same care as its own "
            f"information”): {ctx.describe(care[0])}. No specific security measure is required.",
            care,
            review="the only safeguard found is a standard of care, not a specific security measure",
        )
    open_ = ctx.not_agreed(*ctx.rule_tags(REQ))
    if open_:
        return ctx.finding(
            REQ,
            "flag",
            "Security measures appear only as an option left open in the form (an unticked box "
            f"or a blank: {ctx.describe(open_[0])}): they are not agreed.",
            open_,
        )
    return ctx.finding(REQ, "missing", "No specific security or safeguard measure was found.")


def return_destroy(ctx: CheckContext) -> Finding:
    hits = ctx.tagged_for(REQ_RETURN)
    if hits:
        return ctx.finding(
            REQ_RETURN,
            "met",
            f"Return or destruction of information is provided for: {ctx.describe(hits[0])}.",
            hits,
        )
    return ctx.finding(REQ_RETURN, "missing", "No return or destruction obligation was found.")
