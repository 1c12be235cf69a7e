"""What every check receives: the document, its tags (hits), parties, obligations and rules."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from analyzer.evidence import evidence_at
from analyzer.model import Document, Evidence, Finding, Obligation, Party, Status
from analyzer.patterns import ArticleRules
from analyzer.roles import Roles
from analyzer.tagger import Hit

MAX_QUOTE = 600

# a list item's label at the start of a sentence: "(b) cease to use ...", "ii) return ..."
_ITEM_LABEL = re.compile(r"\s*\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s+")
# a lead-in that hands its subject and modal verb to the items after it: "In such event GALEN
# shall:", "the Supplier agrees to:"
_LEAD_IN = re.compile(
    r"\b(?:shall|will|must|agrees?\s+to|undertakes?\s+to)\s*(?:[-–—]\s*)?:\s*$", re.IGNORECASE
)
_LEAD_IN_REACH = 1500  # how far back the items of one list may run


@dataclass
class CheckContext:
    document: Document
    language: str
    hits: Sequence[Hit]
    rules: ArticleRules
    roles: Roles
    parties: Sequence[Party] = ()
    obligations: Sequence[Obligation] = ()
    clause_index: Any = None  # analyzer.segment.ClauseIndex (number_at)
    forms: Any = None  # analyzer.forms.FormFields, when available
    _by_label: dict[str, list[Hit]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for h in self.hits:
            self._by_label.setdefault(h.label, []).append(h)

    # -- tags
    def rule_tags(self, requirement: str) -> tuple[str, ...]:
        """The tags that satisfy ``requirement``: its ``tags:`` list in ``rules/articles.yaml``."""
        return self.rules.requirement(requirement).tags

    def tagged_for(self, requirement: str) -> list[Hit]:
        """The agreed hits of the requirement's tags (from the article rules), in text order."""
        return self.tagged(*self.rule_tags(requirement))

    def tagged(self, *labels: str) -> list[Hit]:
        out: list[Hit] = []
        for label in labels:
            out.extend(self._by_label.get(label, ()))
        out.sort(key=lambda h: (h.start, h.pattern_id))
        return [h for h in out if self.agreed(h)]

    def sentence(self, hit: Hit) -> str:
        return self.document.text[hit.sent_start : hit.sent_end]

    def lead_in(self, hit: Hit) -> str | None:
        """For a hit in a list item ("(b) cease to use the marks"), the words before the modal
        verb of the lead-in that the item completes ("In such event GALEN"), else None."""
        text = self.document.text
        if not _ITEM_LABEL.match(text, hit.sent_start):
            return None
        lo = max(0, hit.sent_start - _LEAD_IN_REACH)
        before = text[lo : hit.sent_start]
        colon = before.rfind(":")
        if colon < 0:
            return None
        head = before[: colon + 1]
        m = _LEAD_IN.search(head)
        if m is None:
            return None
        start = max(head.rfind("\n\n", 0, m.start()), head.rfind(".", 0, m.start())) + 1
        return head[start : m.start()]

    def agreed(self, hit: Hit) -> bool:
        """False when the hit's words are left to an unticked box, unselected option or blank."""
        if self.forms is None:
            return True
        try:
            from analyzer.forms import is_agreed
        except ImportError:  # pragma: no cover - forms.py is part of the package
            return True
        return bool(is_agreed(self.forms, hit.start, hit.end))

    def not_agreed(self, *labels: str) -> list[Hit]:
        """Hits with these labels whose outcome is left open in a form (box, blank)."""
        if self.forms is None:
            return []
        out: list[Hit] = []
        for label in labels:
            out.extend(h for h in self._by_label.get(label, ()) if not self.agreed(h))
        return out

    # -- evidence and findings
    def evidence(self, hit: Hit) -> Evidence:
        s, e = hit.sent_start, hit.sent_end
        if e - s > MAX_QUOTE:  # a long sentence: a window around the matched words
            s = max(hit.sent_start, hit.start - MAX_QUOTE // 3)
            e = min(hit.sent_end, max(hit.end, s + MAX_QUOTE))
            text = self.document.text
            while s > hit.sent_start and not text[s - 1].isspace():
                s -= 1
            while e < hit.sent_end and not text[e].isspace():
                e += 1
        return self.span_evidence(s, e)

    def span_evidence(self, start: int, end: int) -> Evidence:
        return evidence_at(
            self.document, start, end, clause_index=self.clause_index, language=self.language
        )

    def where(self, hit: Hit) -> str:
        number = self.clause_index.number_at(hit.start) if self.clause_index is not None else None
        return f"clause {number}" if number else "the text"

    def describe(self, hit: Hit) -> str:
        words = " ".join(self.document.text[hit.start : hit.end].split())
        if len(words) > 80:
            words = words[:77] + "..."
        return f"pattern {hit.pattern_id} matched “{words}” in {self.where(hit)}"

    def finding(
        self,
        requirement: str,
        status: Status,
        explanation: str,
        hits: Iterable[Hit] = (),
        *,
        value: Any = None,
        severity: str | None = None,
        evidence: Iterable[Evidence] = (),
        limit: int = 3,
        review: str | None = None,
    ) -> Finding:
        rule = self.rules.requirement(requirement)
        ev: list[Evidence] = list(evidence)
        seen: set[tuple[int, int]] = {(x.start, x.end) for x in ev}
        for h in hits:
            if len(ev) >= limit:
                break
            if (h.sent_start, h.sent_end) in seen:
                continue
            seen.add((h.sent_start, h.sent_end))
            ev.append(self.evidence(h))
        if severity is None:
            severity = _severity(status, rule.severity, rule.optional)
        return Finding(
            article=rule.article,
            requirement=requirement,
            status=status,
            severity=severity,  # type: ignore[arg-type]
            explanation=explanation,
            evidence=tuple(ev),
            recommendation=dict(rule.recommendation),
            value=value,
            review=review,
        )


def _severity(status: str, base: str, optional: bool) -> str:
    if status == "met" or status == "not_applicable":
        return "info"
    if status == "partial":
        return "low" if base in ("low", "info") else "medium"
    if optional:
        return "low"
    return base
