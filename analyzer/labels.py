"""The label vocabulary of ``../shared/corpus/gold/LABELS.md`` and the label output.

The label output is derived from the findings (never computed separately): each labelled
requirement has one finding; boolean labels are true when that finding's status is ``met``
or ``partial``; categorical labels take the finding's ``value``. Kept apart from
:mod:`analyzer.report` (the output formats) so that the model, the store, the evaluation and the
second reader can use the vocabulary without importing the renderers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from analyzer.model import POSITIVE_STATUSES

if TYPE_CHECKING:
    from analyzer.model import Finding

__all__ = [
    "LABEL_DEFAULTS",
    "LABEL_KEYS",
    "LABEL_REQUIREMENTS",
    "POSITIVE_STATUSES",
    "label_trust",
    "labels_from_findings",
]

# label key (../shared/corpus/gold/LABELS.md) -> (requirement id, kind)
LABEL_REQUIREMENTS: dict[str, tuple[str, str]] = {
    "art3_confidential_info_defined": ("art3.confidential_info_defined", "bool"),
    "art4_provider_nondisclosure": ("art4.provider_nondisclosure", "bool"),
    "art5_security_measures": ("art5.security_measures", "bool"),
    "art6_personnel_confidentiality": ("art6.personnel_confidentiality", "bool"),
    "art6_personnel_noncompete": ("art6.personnel_noncompete", "bool"),
    "art6_third_party_confidentiality": ("art6.third_party_confidentiality", "bool"),
    "art10_dispute_forum": ("art10.dispute_forum", "value"),
    "art10_arbitration_institution": ("art10.arbitration_institution", "value"),
    "art11_ip_ownership": ("art11.ip_ownership", "value"),
    "art12_client_ip_protection": ("art12.client_ip_protection", "bool"),
}

LABEL_KEYS: tuple[str, ...] = tuple(LABEL_REQUIREMENTS)

# what a label is when its finding is absent (e.g. a check that does not run for a language)
LABEL_DEFAULTS: dict[str, Any] = {
    "art10_dispute_forum": "none",
    "art10_arbitration_institution": None,
    "art11_ip_ownership": "none",
}


def labels_from_findings(findings: Iterable[Finding]) -> dict[str, Any]:
    by_req = {f.requirement: f for f in findings}
    labels: dict[str, Any] = {}
    for key, (req, kind) in LABEL_REQUIREMENTS.items():
        f = by_req.get(req)
        if f is None:
            labels[key] = LABEL_DEFAULTS.get(key, False)
        elif kind == "bool":
            labels[key] = f.status in POSITIVE_STATUSES
        else:
            labels[key] = f.value if f.value is not None else LABEL_DEFAULTS.get(key)
    return labels


def label_trust(findings: Iterable[Finding]) -> tuple[dict[str, float], list[str]]:
    """({label: confidence}, [labels needing a lawyer's check]) from the labelled findings."""
    by_req = {f.requirement: f for f in findings}
    confidence: dict[str, float] = {}
    review: list[str] = []
    for key, (req, _kind) in LABEL_REQUIREMENTS.items():
        f = by_req.get(req)
        if f is None:
            continue
        if f.confidence is not None:
            confidence[key] = f.confidence
        if f.review:
            review.append(key)
    return confidence, review
