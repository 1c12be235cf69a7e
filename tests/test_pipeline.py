"""The spaCy component, reached exactly as a user reaches it: through the entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from analyzer.patterns import PatternSpec
from analyzer.pipeline import SentenceMatcher


@pytest.mark.parametrize(
    ("lang", "text", "label"),
    [
        (
            "en",
            "The Supplier shall not disclose the Confidential Information to any third party.",
            "confidentiality.nondisclosure",
        ),
        (
            "en",
            "Any dispute shall be finally settled by binding arbitration under the rules of the "
            "American Arbitration Association.",
            "dispute.institution",
        ),
        ("zh", "乙方在履行本合同过程中完成的全部技术成果的知识产权归甲方所有。", "ip.ownership"),
    ],
)
def test_pipeline_entry_point_sets_spans(lang: str, text: str, label: str) -> None:
    nlp = spacy.blank(lang)
    nlp.add_pipe("outsourcing_clauses")
    doc = nlp(text)
    spans = doc.spans["outsourcing_clauses"]
    assert label in {s.label_ for s in spans}
    for s in spans:
        assert s.id_  # the pattern id
        assert s.text in text


def test_pipeline_component_serialises(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("outsourcing_clauses", config={"spans_key": "clauses"})
    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    doc = loaded("The Recipient shall hold the Confidential Information in strict confidence.")
    assert "confidentiality.nondisclosure" in {s.label_ for s in doc.spans["clauses"]}
    assert (tmp_path / "nlp" / "outsourcing_clauses" / "cfg.json").stat().st_size < 1000


def test_pipeline_sentence_matcher_phrases_and_tokens() -> None:
    specs = [
        PatternSpec(
            id="en.t.phrase",
            label="confidentiality.same_care",
            language="en",
            family="t",
            source="t.yaml",
            kind="phrases",
            phrases=("same degree of care",),
        ),
        PatternSpec(
            id="en.t.tokens",
            label="ip.work_for_hire",
            language="en",
            family="t",
            source="t.yaml",
            kind="tokens",
            tokens=({"LOWER": "work"}, {"LOWER": "made"}, {"LOWER": "for"}, {"LOWER": "hire"}),
        ),
    ]
    matcher = SentenceMatcher("en", specs)
    text = "It is a Work made for hire, protected with the Same Degree of Care."
    found = {(pid, text[s:e]) for pid, s, e in matcher.match(text)}
    assert found == {("en.t.tokens", "Work made for hire"), ("en.t.phrase", "Same Degree of Care")}
