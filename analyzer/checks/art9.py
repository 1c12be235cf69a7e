"""Article 9: inspection, audit and improvement of security management."""

from __future__ import annotations

from analyzer.checks.context import CheckContext
from analyzer.model import Finding

REQ = "art9.audit"


def audit(ctx: CheckContext) -> Finding:
    hits = ctx.tagged_for(REQ)
    if hits:
        return ctx.finding(
            REQ, "met", f"Audit or inspection is provided for: {ctx.describe(hits[0])}.", hits
        )
    return ctx.finding(REQ, "missing", "No audit, inspection or improvement obligation was found.")
