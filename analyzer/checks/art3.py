"""Article 3: confidential information is defined."""

from __future__ import annotations

from analyzer.checks.context import CheckContext
from analyzer.model import Finding

REQ = "art3.confidential_info_defined"


def confidential_info_defined(ctx: CheckContext) -> Finding:
    defs = ctx.tagged("confidentiality.definition")
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
        )
    return ctx.finding(
        REQ, "missing", "No definition or description of confidential information was found."
    )
