"""Article 8: information-security certification."""

from __future__ import annotations

from analyzer.checks.context import CheckContext
from analyzer.model import Finding

REQ = "art8.certification"


def certification(ctx: CheckContext) -> Finding:
    hits = ctx.tagged_for(REQ)
    if hits:
        return ctx.finding(
            REQ, "met", f"A certification is referred to: {ctx.describe(hits[0])}.", hits
        )
    return ctx.finding(REQ, "missing", "No information-security certification was found.")
