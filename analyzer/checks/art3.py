"""Article 3: confidential information is defined."""

from __future__ import annotations

import re

from analyzer.checks.context import CheckContext
from analyzer.model import Finding
from analyzer.roles import term_absent
from analyzer.tagger import Hit

REQ = "art3.confidential_info_defined"


def _providers_own(ctx: CheckContext, hit: Hit) -> bool:
    """A definition of the PROVIDER's own information ("Contractor Confidential Information")."""
    text = ctx.document.text
    words = text[hit.start : hit.end].lstrip(" \"“”'‘’")
    if any(
        words.startswith(term + " ") or words.startswith(term + "'s ")
        for term in ctx.roles.terms_for("provider")
    ):
        return True  # "Supplier Technical Information" means …
    m = re.search(r"confidential|proprietary|保密", text[hit.start : hit.end], re.IGNORECASE)
    if m is None:
        return False
    before = text[max(hit.sent_start, hit.start + m.start() - 60) : hit.start + m.start()]
    before = before.rstrip(" \"“”'‘’")
    # an ASCII term is matched case-insensitively in ASCII text only where its lower case is
    # written (roles.term_absent): the test spares a pattern compiled per term and contract
    low = before.lower() if before.isascii() else None
    return any(
        re.search(re.escape(term) + r"(['’]s)?$", before, re.IGNORECASE)
        for term in ctx.roles.terms_for("provider")
        if low is None or not term_absent(term, low)
    )


def confidential_info_defined(ctx: CheckContext) -> Finding:
    defs = [h for h in ctx.tagged_for(REQ) if not _providers_own(ctx, h)]
    # definitions first, in text order; then the descriptions read from duties (score < 0.75)
    defs.sort(key=lambda h: (h.score < 0.75, h.start))
    if defs:
        return ctx.finding(
            REQ, "met", f"Confidential information is defined: {ctx.describe(defs[0])}.", defs
        )
    excl = ctx.tagged("confidentiality.exceptions")
    if excl:
        return ctx.finding(
            REQ,
            "partial",
            "No definition of confidential information was found, but the contract describes what "
            f"is not confidential ({ctx.describe(excl[0])}); check that it covers the client's "
            "information.",
            excl,
            review="only what is not confidential is described; a lawyer should check that the "
            "client's information is covered",
        )
    return ctx.finding(
        REQ, "missing", "No definition or description of confidential information was found."
    )
