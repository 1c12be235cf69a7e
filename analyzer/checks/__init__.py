"""Checks: one small function per requirement of Articles 3-12, registered in ONE table.

Each entry of :data:`REGISTRY` maps a requirement id to its article, the languages it runs for
and the function (``CheckContext -> Finding``). The engine runs the table; a test pins it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analyzer.checks import art3, art4, art5, art6, art7, art8, art9, art10, art11, art12
from analyzer.checks.context import CheckContext
from analyzer.model import Finding

BOTH = ("en", "zh")


@dataclass(frozen=True)
class Check:
    requirement: str
    article: int
    languages: tuple[str, ...]
    func: Callable[[CheckContext], Finding]


REGISTRY: dict[str, Check] = {
    c.requirement: c
    for c in (
        Check("art3.confidential_info_defined", 3, BOTH, art3.confidential_info_defined),
        Check("art4.provider_nondisclosure", 4, BOTH, art4.provider_nondisclosure),
        Check("art4.officers_and_staff", 4, BOTH, art4.officers_and_staff),
        Check("art5.security_measures", 5, BOTH, art5.security_measures),
        Check("art5.return_destroy", 5, BOTH, art5.return_destroy),
        Check("art6.personnel_confidentiality", 6, BOTH, art6.personnel_confidentiality),
        Check("art6.personnel_noncompete", 6, BOTH, art6.personnel_noncompete),
        Check("art6.third_party_confidentiality", 6, BOTH, art6.third_party_confidentiality),
        Check("art7.training", 7, BOTH, art7.training),
        Check("art8.certification", 8, BOTH, art8.certification),
        Check("art9.audit", 9, BOTH, art9.audit),
        Check("art10.dispute_forum", 10, BOTH, art10.dispute_forum),
        Check("art10.arbitration_institution", 10, BOTH, art10.arbitration_institution),
        Check("art10.either_or", 10, BOTH, art10.either_or),
        Check("art10.covers_confidentiality", 10, BOTH, art10.covers_confidentiality),
        Check("art11.ip_ownership", 11, BOTH, art11.ip_ownership),
        Check("art12.client_ip_protection", 12, BOTH, art12.client_ip_protection),
    )
}


def run_checks(ctx: CheckContext) -> tuple[Finding, ...]:
    """Run every registered check for the context's language, in table order."""
    return tuple(
        _open_option(ctx, c.func(ctx)) for c in REGISTRY.values() if ctx.language in c.languages
    )


def _open_option(ctx: CheckContext, finding: Finding) -> Finding:
    """A requirement found missing whose wording is there only as an option left open (an
    unticked box, an unselected alternative, a blank or a placeholder) is not agreed: flag it,
    quoting the open option, rather than report nothing."""
    if finding.status != "missing" or ctx.forms is None:
        return finding
    tags = ctx.rules.requirement(finding.requirement).tags
    open_ = ctx.not_agreed(*tags)
    if not open_:
        return finding
    flagged = ctx.finding(
        finding.requirement,
        "flag",
        "Not agreed: the wording appears only as an option left open (an unticked box, an "
        f"unselected alternative or a blank: {ctx.describe(open_[0])}). " + finding.explanation,
        open_,
        value=finding.value,
    )
    return flagged


__all__ = ["REGISTRY", "Check", "CheckContext", "run_checks"]
