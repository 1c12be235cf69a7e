"""Article 7: information-security training."""

from __future__ import annotations

from analyzer.checks.context import CheckContext
from analyzer.model import Finding

REQ = "art7.training"


def training(ctx: CheckContext) -> Finding:
    hits = ctx.tagged_for(REQ)
    if hits:
        return ctx.finding(REQ, "met", f"Training is required: {ctx.describe(hits[0])}.", hits)
    return ctx.finding(REQ, "missing", "No information-security training obligation was found.")
