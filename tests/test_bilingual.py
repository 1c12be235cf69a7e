"""analyzer.bilingual: per-language split, prevailing-language clause, reconciliation."""

from __future__ import annotations

import pytest
from builders import text_document

from analyzer.bilingual import (
    DIVERGENCE,
    PREVAILING,
    block_language,
    equally_authentic,
    is_bilingual,
    language_view,
    prevailing,
    prevailing_language,
    reconcile,
    split_blocks,
)
from analyzer.model import Document, Evidence, Finding

ALTERNATING = (
    "第一条 保密",
    "Article 1 Confidentiality",
    "乙方不得向任何第三方披露甲方的保密信息。",
    "The Supplier shall not disclose the Client's Confidential Information to any third party.",
    "第二条 争议解决",
    "Article 2 Disputes",
    "因本合同引起的争议提交上海仲裁委员会仲裁。",
    "Any dispute arising out of this Contract shall be submitted to the courts of Shanghai.",
    "本合同以中英文两种文字书写，两种文本如有不一致，以中文文本为准。",
    "This Contract is written in Chinese and English; in case of conflict the Chinese version shall prevail.",
    "2026-01-01",
)


def make_doc(*lines: str) -> Document:
    return text_document(*lines, path="bi.txt")


def ev(doc: Document, needle: str) -> Evidence:
    s = doc.text.index(needle)
    return Evidence(quote=needle, start=s, end=s + len(needle))


def finding(
    req: str, status: str, value: object, *evidence: Evidence, article: int = 10
) -> Finding:
    return Finding(
        article=article,
        requirement=req,
        status=status,  # type: ignore[arg-type]
        severity="high",
        explanation=f"{req} {status}",
        evidence=evidence,
        value=value,
    )


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("乙方不得向任何第三方披露甲方的保密信息。", "zh"),
        ("The Supplier shall keep the information confidential.", "en"),
        ("甲方 Party A: Shanghai Example Technology Co., Ltd.", "en"),
        ("甲方（Party A）：上海示例科技有限公司", "zh"),
        ("2026-01-01", None),
        ("5.1", None),
    ],
)
def test_bilingual_block_language(text: str, lang: str | None) -> None:
    assert block_language(text) == lang


def test_bilingual_split_alternating_paragraphs() -> None:
    doc = make_doc(*ALTERNATING)
    parts = split_blocks(doc)
    assert [b.text for b in parts["zh"]][:2] == [
        "第一条 保密",
        "乙方不得向任何第三方披露甲方的保密信息。",
    ]
    assert parts["en"][0].text == "Article 1 Confidentiality"
    # a block with no language (a date) goes to both versions
    assert parts["zh"][-1].text == parts["en"][-1].text == "2026-01-01"
    assert is_bilingual(doc)
    assert not is_bilingual(make_doc(*[x for x in ALTERNATING if block_language(x) != "en"]))


def test_bilingual_split_one_version_after_the_other() -> None:
    zh = [x for x in ALTERNATING if block_language(x) == "zh"]
    en = [x for x in ALTERNATING if block_language(x) == "en"]
    doc = make_doc(*zh, *en)
    parts = split_blocks(doc)
    assert len(parts["zh"]) == len(zh) and len(parts["en"]) == len(en)
    assert is_bilingual(doc)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_bilingual_language_view_keeps_offsets(language: str) -> None:
    doc = make_doc(*ALTERNATING)
    view = language_view(doc, language)
    assert len(view.text) == len(doc.text)
    assert view.languages == (language,)
    for b in view.blocks:
        assert view.text[b.start : b.end] == doc.text[b.start : b.end] == b.text
    other = "en" if language == "zh" else "zh"
    for b in split_blocks(doc)[other]:
        if block_language(b.text) == other:
            assert view.text[b.start : b.end].strip() == ""


def test_bilingual_language_view_rejects_unknown_language() -> None:
    with pytest.raises(ValueError):
        language_view(make_doc(*ALTERNATING), "fr")


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("本合同以中英文两种文字书写，两种文本如有不一致，以中文文本为准。", "zh"),
        ("如中英文文本有任何不一致，以英文版本为准。", "en"),
        ("本合同中文版本具有优先效力。", "zh"),
        ("In case of any discrepancy, the English version shall prevail.", "en"),
        ("The Chinese language version of this Agreement shall control.", "zh"),
        ("The Chinese text shall take precedence over the English text.", "zh"),
    ],
)
def test_bilingual_prevailing_language(line: str, lang: str) -> None:
    doc = make_doc("第一条 总则", line)
    found = prevailing(doc)
    assert found is not None and found.language == lang
    quote = found.evidence
    assert doc.text[quote.start : quote.end] == quote.quote
    assert prevailing_language(doc) == quote


def test_bilingual_no_prevailing_language_but_equal_force() -> None:
    doc = make_doc("本合同中英文文本具有同等法律效力。", "Both versions are equally authentic.")
    assert prevailing(doc) is None
    assert equally_authentic(doc) is not None


def test_bilingual_reconcile_agreeing_versions_give_one_finding_with_two_quotes() -> None:
    doc = make_doc(*ALTERNATING)
    zh = finding(
        "art4.provider_nondisclosure",
        "met",
        None,
        ev(doc, "乙方不得向任何第三方披露甲方的保密信息。"),
        article=4,
    )
    en = finding(
        "art4.provider_nondisclosure",
        "met",
        None,
        ev(doc, "The Supplier shall not disclose the Client's Confidential Information"),
        article=4,
    )
    out = reconcile({"zh": [zh], "en": [en]}, doc)
    merged = [f for f in out if f.requirement == "art4.provider_nondisclosure"]
    assert len(merged) == 1
    assert [e.language for e in merged[0].evidence] == ["zh", "en"]
    assert not [f for f in out if f.requirement == DIVERGENCE]
    for e in merged[0].evidence:
        assert doc.text[e.start : e.end] == e.quote


@pytest.mark.parametrize(
    ("prevail_line", "expected_value", "used"),
    [
        ("两种文本如有不一致，以中文文本为准。", "arbitration", "zh"),
        ("In case of conflict the English version shall prevail.", "courts", "en"),
        ("本合同一式两份。", "arbitration", "zh"),  # no clause: the Chinese version is kept
    ],
)
def test_bilingual_reconcile_divergent_forum(
    prevail_line: str, expected_value: str, used: str
) -> None:
    lines = [x for x in ALTERNATING if "为准" not in x and "prevail" not in x]
    doc = make_doc(*lines, prevail_line)
    zh = finding("art10.dispute_forum", "met", "arbitration", ev(doc, "提交上海仲裁委员会仲裁"))
    en = finding(
        "art10.dispute_forum", "met", "courts", ev(doc, "submitted to the courts of Shanghai")
    )
    out = reconcile({"zh": [zh], "en": [en]}, doc)
    forum = [f for f in out if f.requirement == "art10.dispute_forum"]
    assert len(forum) == 1 and forum[0].value == expected_value
    (div,) = [f for f in out if f.requirement == DIVERGENCE]
    assert div.status == "flag" and div.article == 10
    assert div.value["zh"] == "arbitration" and div.value["en"] == "courts"
    assert div.value["used"] == used
    assert {e.language for e in div.evidence} >= {"zh", "en"}
    (prev,) = [f for f in out if f.requirement == PREVAILING]
    assert prev.status == ("flag" if "一式两份" in prevail_line else "met")


def test_bilingual_reconcile_met_in_one_version_only_without_prevailing_clause() -> None:
    doc = make_doc(*ALTERNATING[:4])
    zh = finding("art6.personnel_noncompete", "missing", None, article=6)
    en = finding(
        "art6.personnel_noncompete",
        "met",
        None,
        ev(doc, "The Supplier shall not disclose"),
        article=6,
    )
    out = reconcile({"zh": [zh], "en": [en]}, doc)
    (f,) = [x for x in out if x.requirement == "art6.personnel_noncompete"]
    assert f.status == "met"
    assert [x for x in out if x.requirement == DIVERGENCE]


def test_bilingual_reconcile_single_language_finding_passes_through() -> None:
    doc = make_doc(*ALTERNATING)
    only = finding("art11.ip_ownership", "missing", "none", article=11)
    out = reconcile({"zh": [only], "en": []}, doc)
    assert [f.requirement for f in out] == ["art11.ip_ownership", PREVAILING]


def test_bilingual_reconcile_clause_in_one_version_only_survives_prevailing_clause() -> None:
    doc = make_doc(*ALTERNATING)  # the Chinese version prevails
    zh = finding("art12.client_ip_protection", "missing", None, article=12)
    en = finding(
        "art12.client_ip_protection",
        "met",
        None,
        ev(doc, "The Supplier shall not disclose"),
        article=12,
    )
    out = reconcile({"zh": [zh], "en": [en]}, doc)
    (f,) = [x for x in out if x.requirement == "art12.client_ip_protection"]
    assert f.status == "met"
    (div,) = [x for x in out if x.requirement == DIVERGENCE]
    assert div.value["used"] == "en"
