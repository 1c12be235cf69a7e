"""Checks: one small function per requirement of Articles 3-12, registered in ONE table.

Each entry of :data:`REGISTRY` maps a requirement id to its article, the languages it runs for
and the function (``CheckContext -> Finding``). The engine runs the table; a test pins it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analyzer.checks import art3, art4, art5, art6, art7, art8, art9, art10, art11, art12
from analyzer.checks.context import CheckContext
from analyzer.errors import PatternError
from analyzer.model import Finding
from analyzer.patterns import RULES_FILE, PatternSet

BOTH = ("en", "zh")
FORUM = ("dispute.arbitration", "dispute.courts")  # art10: each tag its own meaning


@dataclass(frozen=True)
class Check:
    """One requirement's check. Its evidence tags come from the requirement's ``tags:`` list in
    ``rules/articles.yaml`` (``CheckContext.tagged_for``), unless ``tags`` pins them: a check
    whose logic gives each tag its own meaning (arbitration vs courts) is written for exactly
    those tags, and a rules file listing other tags for it is refused (:func:`check_rules`)."""

    requirement: str
    article: int
    languages: tuple[str, ...]
    func: Callable[[CheckContext], Finding]
    tags: tuple[str, ...] | None = None


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
        Check("art10.dispute_forum", 10, BOTH, art10.dispute_forum, FORUM),
        Check(
            "art10.arbitration_institution",
            10,
            BOTH,
            art10.arbitration_institution,
            ("dispute.institution",),
        ),
        Check("art10.either_or", 10, BOTH, art10.either_or),
        Check("art10.covers_confidentiality", 10, BOTH, art10.covers_confidentiality, FORUM),
        Check("art11.ip_ownership", 11, BOTH, art11.ip_ownership),
        Check("art12.client_ip_protection", 12, BOTH, art12.client_ip_protection),
    )
}


def check_rules(patterns: PatternSet) -> None:
    """Refuse article rules the checks cannot honour: a registered requirement missing from the
    rules, on another article, with no tags, or (for a check that pins its tags) with other
    tags. Every other edit of a ``tags:`` list changes what the check reads."""
    path = str(Path(patterns.directory) / RULES_FILE)
    for check in REGISTRY.values():
        rule = patterns.rules.requirement(check.requirement)
        where = f"entry {check.requirement!r}"
        if rule.article != check.article:
            raise PatternError(
                f"{where}: article {rule.article}, but the check serves article {check.article}",
                path=path,
            )
        if not rule.tags:
            raise PatternError(
                f"{where}: 'tags' is empty; list the clause tags that satisfy the requirement",
                path=path,
            )
        if check.tags is not None and set(rule.tags) != set(check.tags):
            raise PatternError(
                f"{where}: tags {list(rule.tags)}, but its check (analyzer/checks/"
                f"art{check.article}.py) is written for exactly {list(check.tags)}; keep "
                "those, or change the check",
                path=path,
            )


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


__all__ = ["REGISTRY", "Check", "CheckContext", "check_rules", "run_checks"]
