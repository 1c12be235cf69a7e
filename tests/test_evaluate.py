"""Metrics from gold vs predicted labels, gold parsing and document lookup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.errors import EvaluationError
from analyzer.evaluate import compare, evaluate, find_document, read_gold

BASE = {
    "art3_confidential_info_defined": True,
    "art4_provider_nondisclosure": True,
    "art5_security_measures": False,
    "art6_personnel_confidentiality": False,
    "art6_personnel_noncompete": False,
    "art6_third_party_confidentiality": False,
    "art10_dispute_forum": "courts",
    "art10_arbitration_institution": None,
    "art11_ip_ownership": "none",
    "art12_client_ip_protection": False,
}


def test_evaluate_compare_counts_accuracy_precision_recall() -> None:
    gold_b = {**BASE, "art11_ip_ownership": "client", "art3_confidential_info_defined": False}
    pred_b = {**BASE, "art11_ip_ownership": "provider", "art3_confidential_info_defined": True}
    pred_a = {**BASE, "art11_ip_ownership": "client"}
    result = compare([("a", BASE, pred_a), ("b", gold_b, pred_b)])
    art3 = result.metrics["art3_confidential_info_defined"]
    assert (art3.n, art3.correct, art3.tp, art3.fp, art3.fn) == (2, 1, 1, 1, 0)
    assert art3.precision == 0.5 and art3.recall == 1.0
    ip = result.metrics["art11_ip_ownership"]
    assert ip.accuracy == 0.0
    assert result.ip_missing_recall == 0.0  # doc a: gold none, predicted client
    assert {(m.doc, m.label) for m in result.mismatches} == {
        ("a", "art11_ip_ownership"),
        ("b", "art11_ip_ownership"),
        ("b", "art3_confidential_info_defined"),
    }
    assert 0 < result.mean_accuracy < 1
    assert "mismatches:" in result.table()
    assert result.to_dict()["documents"] == 2


def test_evaluate_none_and_null_are_the_same_outcome() -> None:
    result = compare([("a", BASE, {**BASE, "art10_arbitration_institution": "none"})])
    assert result.metrics["art10_arbitration_institution"].accuracy == 1.0


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "line 1 is not JSON"), ('{"doc": "x"}', "line 1 has no 'doc' and 'labels'")],
)
def test_evaluate_bad_gold_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        read_gold(path)


def test_evaluate_finds_documents_recursively_and_runs(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "c1.md").write_text(
        "The Supplier shall not disclose the Confidential Information to any third party.\n",
        encoding="utf-8",
    )
    assert find_document(corpus, "c1") == corpus / "sub" / "c1.md"
    assert find_document(corpus, "nope") is None
    gold = tmp_path / "g.jsonl"
    gold.write_text(
        json.dumps({"doc": "c1", "labels": {**BASE, "art10_dispute_forum": "none"}})
        + "\n"
        + json.dumps({"doc": "missing", "labels": BASE})
        + "\n",
        encoding="utf-8",
    )
    result = evaluate([gold], corpus)
    assert result.documents == 1
    assert result.missing_docs == ["missing"]
    assert result.metrics["art4_provider_nondisclosure"].accuracy == 1.0


def test_wilson_interval_matches_known_values() -> None:
    from analyzer.evaluate import wilson

    lo, hi = wilson(34, 34)
    assert round(lo, 3) == 0.898 and round(hi, 6) == 1.0  # a perfect 34/34 proves only >= 0.90
    lo, hi = wilson(81, 100)
    assert round(lo, 3) == 0.722 and round(hi, 3) == 0.875
    assert wilson(0, 0) == (0.0, 1.0)


def test_confusion_per_value_and_missing_ip_flag() -> None:
    from analyzer.evaluate import Prediction
    from analyzer.gold import GoldRecord

    gold_a = {**BASE, "art11_ip_ownership": "none"}
    gold_b = {**BASE, "art11_ip_ownership": "client"}
    gold_c = {**BASE, "art11_ip_ownership": "none"}  # an NDA: Article 11 does not apply
    preds = {
        "a": Prediction(labels={**BASE, "art11_ip_ownership": "none"}, ip_missing_flag=True),
        "b": Prediction(labels={**BASE, "art11_ip_ownership": "none"}, ip_missing_flag=True),
        "c": Prediction(labels={**BASE, "art11_ip_ownership": "none"}, ip_missing_flag=False),
    }
    records = {
        d: GoldRecord(doc=d, labels=g, source="t", outsourcing_like=d != "c")
        for d, g in (("a", gold_a), ("b", gold_b), ("c", gold_c))
    }
    result = compare([(d, records[d].labels, preds[d]) for d in "abc"], gold_records=records)
    ip = result.metrics["art11_ip_ownership"]
    assert ip.confusion == {"none": {"none": 2}, "client": {"none": 1}}
    assert ip.value_metrics()["client"] == {"precision": None, "recall": 0.0, "n": 1}
    # flag: a (right), b (wrong: gold client); c not flagged and not applicable
    assert (result.ip_flag_tp, result.ip_flag_fp, result.ip_flag_fn) == (1, 1, 0)
    assert result.ip_flag_precision == 0.5 and result.ip_flag_recall == 1.0
    assert "art11_ip_ownership: gold (rows) x predicted (columns)" in result.table()


def test_evidence_agreement_needs_overlapping_quotes() -> None:
    from analyzer.evaluate import Prediction, quotes_overlap
    from analyzer.gold import GoldRecord

    gold_quote = (
        "The Supplier shall not disclose the Client's Confidential Information to any third party."
    )
    assert quotes_overlap(
        "shall not   disclose the Client's **Confidential Information** to any", gold_quote
    )
    assert not quotes_overlap("This Agreement is governed by the laws of New York.", gold_quote)
    rec = GoldRecord(
        doc="a", labels=BASE, source="t", evidence={"art4_provider_nondisclosure": (gold_quote,)}
    )
    right = Prediction(labels=BASE, evidence={"art4_provider_nondisclosure": (gold_quote[4:70],)})
    wrong = Prediction(
        labels=BASE,
        evidence={
            "art4_provider_nondisclosure": ("Each party shall pay its own costs and expenses.",)
        },
    )
    for pred, expected in ((right, 1), (wrong, 0)):
        result = compare([("a", BASE, pred)], gold_records={"a": rec})
        m = result.metrics["art4_provider_nondisclosure"]
        assert (m.evidence_n, m.evidence_agree) == (1, expected)
