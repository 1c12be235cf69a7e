from __future__ import annotations

import pytest

from analyzer.model import Block, Finding, Tag
from analyzer.report import LABEL_KEYS, labels_from_findings


def test_model_block_rejects_offsets_that_do_not_match_text() -> None:
    with pytest.raises(ValueError):
        Block(text="abc", kind="paragraph", start=0, end=5)


def test_model_tag_rejects_score_out_of_range() -> None:
    with pytest.raises(ValueError):
        Tag(label="x", pattern_id="p", start=0, end=1, score=1.5)


def test_model_finding_rejects_unknown_status() -> None:
    with pytest.raises(ValueError):
        Finding(article=6, requirement="r", status="maybe", severity="high", explanation="")  # type: ignore[arg-type]


def test_report_labels_have_exact_gold_keys_and_defaults() -> None:
    labels = labels_from_findings([])
    assert tuple(labels) == LABEL_KEYS
    assert labels["art10_dispute_forum"] == "none"
    assert labels["art11_ip_ownership"] == "none"
    assert labels["art10_arbitration_institution"] is None
    assert labels["art4_provider_nondisclosure"] is False
