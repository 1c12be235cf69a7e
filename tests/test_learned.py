"""The second reader: the shipped model, its training data, what it adds to a report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer import learned
from analyzer.engine import analyze
from analyzer.report import label_line
from analyzer.roles import Roles

SAMPLE = Path(__file__).resolve().parent.parent / "sample_contracts" / "en"


def test_model_is_shipped_small_and_describes_itself() -> None:
    assert learned.model_available()
    size = learned.MODEL_FILE.stat().st_size + learned.META_FILE.stat().st_size
    assert size <= 20 * 1024 * 1024
    meta = json.loads(learned.META_FILE.read_text(encoding="utf-8"))
    assert meta["types"] == list(learned.TYPES)
    assert set(meta["combiner"]) == set(learned.LABEL_REQUIREMENT)
    assert len(meta["trained_on"]) >= 150
    assert len(learned.model_version()) == 12


def test_role_tokens_replace_party_terms_whole_words_only() -> None:
    roles = Roles(terms=(("Supplier", "provider"), ("Bank", "client")), source="parties")
    pattern, table = learned._role_pattern(roles)
    out = learned.role_text(
        "The Supplier shall not disclose the Bank's data to Banking Ltd.", pattern, table
    )
    prov, client = learned.ROLE_TOKEN["provider"], learned.ROLE_TOKEN["client"]
    assert f" {prov} " in out and f" {client} 's" in out and "Banking" in out
    en = learned.features(out, "en")
    # deterministic (CRC-32 and fixed mixing, not Python's salted hash), batch == one by one
    assert (learned.features(out, "en") == en).all()
    (batch,) = learned.features_batch([out], "en")
    assert (batch == en).all()
    # direction: the same words with the roles swapped give different subject features
    swapped = learned.role_text("The Bank shall not disclose the Supplier's data.", pattern, table)
    same = learned.role_text("The Supplier shall not disclose the Bank's data.", pattern, table)
    assert set(learned.features(swapped, "en").tolist()) != set(
        learned.features(same, "en").tolist()
    )
    zh = learned.features("乙方不得向第三方披露甲方的保密信息", "zh")
    assert len(zh) > 20


def test_every_labelled_finding_gets_confidence_and_review_is_explained() -> None:
    report = analyze(SAMPLE / "northbank_contact_centre_services.docx")
    labelled = [f for f in report.findings if f.requirement in learned.LABEL_REQUIREMENT.values()]
    assert len(labelled) == 9
    for f in labelled:
        assert f.confidence is not None and 0.0 <= f.confidence <= 1.0
        if f.review:
            assert len(f.review) > 20  # a reason a lawyer can read
        for ev in f.evidence:
            assert ev.quote  # exact slices are checked in test_report / test_samples
    line = json.loads(label_line(report))
    assert set(line) == {"doc", "labels", "confidence", "review"}
    assert set(line["confidence"]) == set(learned.LABEL_REQUIREMENT)
    assert set(line["review"]) <= set(line["labels"])
    assert set(report.labels()) == set(line["labels"])  # the LABELS.md keys unchanged


def test_rules_alone_have_no_confidence() -> None:
    report = analyze(SAMPLE / "northbank_contact_centre_services.docx", second_reader=False)
    assert all(f.confidence is None and f.review is None for f in report.findings)


def test_overruled_finding_quotes_the_scored_sentence_exactly() -> None:
    from analyzer.readers import read_contract

    for path in sorted(SAMPLE.glob("*.*")):
        if path.suffix not in (".txt", ".docx", ".pdf", ".md"):
            continue
        document = read_contract(path)
        plain = analyze(document, second_reader=False)
        combined = analyze(document)
        for before, after in zip(plain.findings, combined.findings, strict=True):
            assert before.requirement == after.requirement
            if (before.status, before.value) != (after.status, after.value):
                assert after.review, (path.name, after.requirement)
            for ev in after.evidence:
                assert document.text[ev.start : ev.end] == ev.quote


@pytest.mark.slow
def test_committed_model_matches_make_train(corpus_dir: Path, tmp_path: Path) -> None:
    """`make train` from ../shared and annotations/ rebuilds the committed model: same training
    data hash, same weights and combiners."""
    import numpy as np

    from analyzer import training

    assert training.main(["--corpus", str(corpus_dir), "--out", str(tmp_path)]) == 0
    new_meta = json.loads((tmp_path / learned.META_FILE.name).read_text(encoding="utf-8"))
    old_meta = json.loads(learned.META_FILE.read_text(encoding="utf-8"))
    assert new_meta["data_sha256"] == old_meta["data_sha256"]
    assert new_meta["trained_on"] == old_meta["trained_on"]
    with np.load(tmp_path / learned.MODEL_FILE.name) as new, np.load(learned.MODEL_FILE) as old:
        assert np.array_equal(new["seen"], old["seen"])
        assert np.allclose(new["weights"], old["weights"], atol=1e-5)
        assert np.allclose(new["intercepts"], old["intercepts"], atol=1e-5)
    old_cal, new_cal = old_meta["calibration"], new_meta["calibration"]
    assert new_cal["data_sha256"] == old_cal["data_sha256"]
    assert (new_cal["contracts"], new_cal["decisions"]) == (old_cal["contracts"], 270)
    assert new_cal["a"] == pytest.approx(old_cal["a"], abs=1e-3)
    assert new_cal["b"] == pytest.approx(old_cal["b"], abs=1e-3)
    for label, comb in old_meta["combiner"].items():
        assert comb.get("overrule") == new_meta["combiner"][label].get("overrule")
        assert np.allclose(
            np.asarray(comb["coef"]), np.asarray(new_meta["combiner"][label]["coef"]), atol=1e-4
        )


def test_word_comments_and_html_show_confidence_and_lawyer_check(tmp_path: Path) -> None:
    from analyzer.annotate import comment_text, missing_text
    from analyzer.readers import read_contract
    from analyzer.report import to_html

    path = SAMPLE / "northbank_contact_centre_services.docx"
    report = analyze(path)
    html = to_html(report, read_contract(path))
    for f in report.findings:
        text = comment_text(f) if f.status != "missing" else missing_text(f)
        if f.review:
            assert "LAWYER CHECK" in text and f.review in text
            assert "lawyer check" in html
        elif f.confidence is not None:
            assert f"Confidence {f.confidence:.2f}" in text
    assert "<th>Confidence</th>" in html


def test_batch_features_equal_one_sentence_at_a_time() -> None:
    import numpy as np

    prov, client = learned.ROLE_TOKEN["provider"], learned.ROLE_TOKEN["client"]
    texts = [
        f"The {prov} shall not disclose {client}'s Confidential Information.",
        "",
        "Each party may terminate on notice.",
        f"{client} may audit the {prov} once a year; the {prov} shall cooperate.",
    ]
    for one, text in zip(learned.features_batch(texts, "en"), texts, strict=True):
        assert np.array_equal(one, learned.features(text, "en"))


def test_review_says_which_reading_the_model_prefers() -> None:
    """The rules chose arbitration; the combiner prefers courts but not enough to overrule: the
    finding keeps the rules' value and the reason names the model's reading."""
    from analyzer.learned import FORUM_TYPES, FORUM_VALUES, OVERRULE_AT, decide

    n_features = len(FORUM_VALUES) + len(FORUM_TYPES)
    coef = [[0.0] * n_features for _ in FORUM_VALUES]
    intercept = [0.0, 0.0, 1.2, 0.0]  # courts ahead of the others, below the overrule line
    combiner = {
        "art10_dispute_forum": {
            "classes": list(FORUM_VALUES),
            "coef": coef,
            "intercept": intercept,
            "overrule": True,
        }
    }
    scores = {t: (0.5, None) for t in learned.TYPES}
    d = decide({"art10_dispute_forum": "arbitration"}, (), scores, combiner)["art10_dispute_forum"]
    assert d.value == "arbitration"
    assert d.confidence < OVERRULE_AT
    assert d.review is not None and "“courts”" in d.review


@pytest.mark.slow
def test_confidence_is_mapped_by_the_calibration_and_review_reads_the_mapped_value(
    corpus_dir: Path,
) -> None:
    """On real calibration-set contracts: the calibration changes no decision, only the
    confidence (through the fitted map) and, with it, which decisions a lawyer must check."""
    from analyzer import training
    from analyzer.gold import read_gold

    model = learned.load_model()
    assert model is not None
    calibration = model.meta["calibration"]
    records = read_gold(training.CALIBRATION_FILE, corpus_dir)[:8]
    newly_marked = 0
    for record in records:
        ex = training.build_example(record, corpus_dir, gold_sentences=False)
        assert ex is not None
        scores = learned.type_scores(ex.sentences, model.score(ex.sentences))
        raw = learned.decide(ex.pattern_labels, ex.flagged, scores, model.combiner)
        mapped = learned.decide(ex.pattern_labels, ex.flagged, scores, model.combiner, calibration)
        assert raw.keys() == mapped.keys()
        for label, d in mapped.items():
            assert d.value == raw[label].value
            assert d.confidence == pytest.approx(
                learned.calibrate(raw[label].confidence, calibration)
            )
            if d.confidence < learned.REVIEW_BELOW:
                assert d.review
                assert label in ex.flagged or f"{d.confidence:.2f}" in d.review
            newly_marked += bool(d.review) and not raw[label].review
    # the map lowers an over-sure confidence: some decisions the raw combiner let pass are
    # marked now (8 of 72 on these eight contracts when fitted)
    assert newly_marked >= 1


def test_a_missing_finding_the_model_doubts_is_reported_unsure_with_the_models_sentence() -> None:
    """Rules found no IP-ownership clause, the combiner kept "none" but is only 0.36 sure, and
    the model scored a sentence 0.97: the finding says "unsure" (flag), quotes that sentence and
    names its clause; its label stays "none". Sure enough (0.6), it stays "missing"."""
    from builders import text_document

    from analyzer.evidence import evidence_at
    from analyzer.model import Finding
    from analyzer.segment import ClauseIndex, segment

    doc = text_document(
        "1. Services. The Studio shall produce three videos for the Brand.",
        "9. Materials. The videos shall be and remain the property of the Brand.",
    )
    start = doc.text.index("The videos")
    top = (start, doc.text.index(".", start) + 1)
    missing = Finding(
        11, "art11.ip_ownership", "missing", "high", "Missing IP-ownership terms.", value="none"
    )
    index = ClauseIndex(segment(doc))

    def revise(confidence: float) -> Finding:
        d = learned.Decision(
            "art11_ip_ownership",
            "none",
            confidence,
            "the rules found no IP-ownership clause, but the model scored 0.97 on a sentence; "
            f"confidence {confidence:.2f}",
            top,
            0.97,
        )
        return learned._revise(missing, d, "none", doc, index, evidence_at)

    unsure = revise(0.36)
    assert unsure.status == "flag" and unsure.value == "none"
    assert unsure.evidence[0].quote == doc.text[top[0] : top[1]]
    assert unsure.evidence[0].clause == "9"
    assert unsure.explanation.startswith("Unsure:") and "clause 9" in unsure.explanation
    assert unsure.review is not None and "on the sentence in clause 9;" in unsure.review
    from analyzer.labels import labels_from_findings
    from analyzer.review_text import in_language

    assert labels_from_findings([unsure])["art11_ip_ownership"] == "none"
    assert in_language(unsure.review, "zh").startswith(
        "规则未找到知识产权归属条款，但模型给第 9 条"
    )
    sure = revise(0.6)
    assert sure.status == "missing" and sure.evidence == ()
