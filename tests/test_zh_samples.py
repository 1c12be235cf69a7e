"""Our Chinese and bilingual sample contracts: how they read, and their labels, EXACTLY.

sample_contracts/zh/expected_labels.jsonl and sample_contracts/bilingual/expected_labels.jsonl
hold the labels (gold format) a lawyer reading these contracts would give; the analyzer must
produce them key for key. The contracts are written by the project (sources/*.source).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analyzer import analyze
from analyzer.forms import find_form_fields
from analyzer.model import ContractReport
from analyzer.readers import read_contract

SUFFIXES = (".docx", ".pdf", ".txt")


def expected(samples_dir: Path, folder: str) -> list[dict[str, Any]]:
    path = samples_dir / folder / "expected_labels.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def files_for(samples_dir: Path, folder: str, doc: str) -> list[Path]:
    return sorted(
        p for p in (samples_dir / folder).iterdir() if p.stem == doc and p.suffix in SUFFIXES
    )


CASES = [
    (folder, record["doc"])
    for folder in ("zh", "bilingual")
    for record in expected(Path(__file__).resolve().parent.parent / "sample_contracts", folder)
]

_reports: dict[Path, ContractReport] = {}


def report_for(path: Path) -> ContractReport:
    if path not in _reports:
        _reports[path] = analyze(str(path), second_reader=False)  # the rules (see test_zh_gold)
    return _reports[path]


@pytest.mark.parametrize(("folder", "doc"), CASES)
def test_zh_samples_labels_exact(samples_dir: Path, folder: str, doc: str) -> None:
    (record,) = [r for r in expected(samples_dir, folder) if r["doc"] == doc]
    paths = files_for(samples_dir, folder, doc)
    assert paths, f"no rendered file for {doc}; run sample_contracts/zh/make_zh_samples.py"
    for path in paths:
        assert report_for(path).labels() == record["labels"], path.name


@pytest.mark.parametrize(("folder", "doc"), CASES)
def test_zh_samples_every_quote_is_exact(samples_dir: Path, folder: str, doc: str) -> None:
    for path in files_for(samples_dir, folder, doc):
        document = read_contract(path)
        for f in report_for(path).findings:
            for e in f.evidence:
                assert document.text[e.start : e.end] == e.quote


def test_zh_samples_gb18030_text_is_decoded(samples_dir: Path) -> None:
    path = samples_dir / "zh" / "bpo_call_centre_no_ip.txt"
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    document = read_contract(path)
    assert document.languages == ("zh",)
    assert "客户服务中心业务流程外包服务合同" in document.text


def test_zh_samples_docx_auto_numbering_is_reconstructed(samples_dir: Path) -> None:
    document = read_contract(samples_dir / "zh" / "ito_service_compliant.docx")
    labels = [b.label for b in document.blocks if b.kind == "heading"]
    assert labels[:3] == ["第一条", "第二条", "第三条"]
    assert "第十二条" in labels
    heading = next(b for b in document.blocks if b.label == "第八条")
    assert heading.text.startswith("第八条") and "知识产权" in heading.text


def test_zh_samples_pdf_has_a_text_layer(samples_dir: Path) -> None:
    document = read_contract(samples_dir / "zh" / "software_dev_either_or.pdf")
    assert document.format == "pdf" and document.languages == ("zh",)
    assert "北京仲裁委员会" in document.text
    assert all(b.page for b in document.blocks)


@pytest.mark.parametrize(
    ("doc", "template"),
    [
        ("it_service_model_form_unfilled", True),
        ("it_service_model_form_filled", True),
        ("ito_service_compliant", False),
    ],
)
def test_zh_samples_template_detection(samples_dir: Path, doc: str, template: bool) -> None:
    (path,) = files_for(samples_dir, "zh", doc)
    assert find_form_fields(read_contract(path)).is_template is template


def test_zh_samples_unfilled_form_explains_open_options(samples_dir: Path) -> None:
    report = report_for(samples_dir / "zh" / "it_service_model_form_unfilled.txt")
    ip = report.finding("art11.ip_ownership")
    assert ip is not None and ip.value == "none" and ip.status == "flag"
    assert "□甲方所有" in ip.explanation and "□乙方所有" in ip.explanation
    forum = report.finding("art10.dispute_forum")
    assert forum is not None and forum.value == "none"
    assert "open" in forum.explanation


def test_zh_samples_either_or_is_flagged(samples_dir: Path) -> None:
    report = report_for(samples_dir / "zh" / "software_dev_either_or.pdf")
    flag = report.finding("art10.either_or")
    assert flag is not None and flag.status == "flag"
    assert any("仲裁" in e.quote and "法院" in e.quote for e in flag.evidence)


def test_zh_samples_provider_is_yifang(samples_dir: Path) -> None:
    report = report_for(samples_dir / "zh" / "ito_service_compliant.docx")
    roles = {t: p.role for p in report.parties for t in p.terms}
    assert roles.get("乙方") == "provider" and roles.get("甲方") == "client"


def test_zh_samples_bilingual_divergence_reported(samples_dir: Path) -> None:
    for path in files_for(samples_dir, "bilingual", "data_processing_bilingual_divergent"):
        report = report_for(path)
        div = [f for f in report.findings if f.requirement == "bilingual.divergence"]
        forum = [d for d in div if d.value["requirement"] == "art10.dispute_forum"]
        assert forum and forum[0].value["zh"] == "arbitration" and forum[0].value["en"] == "courts"
        assert {e.language for e in forum[0].evidence} >= {"zh", "en"}
        prevailing = report.finding("bilingual.prevailing_language")
        assert prevailing is not None and prevailing.value == "zh"
        ip = report.finding("art11.ip_ownership")
        assert ip is not None and {e.language for e in ip.evidence} == {"zh", "en"}


def test_zh_samples_bilingual_sequential_english_prevails_on_ip(samples_dir: Path) -> None:
    report = report_for(samples_dir / "bilingual" / "it_support_bilingual_sequential.txt")
    div = [
        f
        for f in report.findings
        if f.requirement == "bilingual.divergence"
        and f.value["requirement"] == "art11.ip_ownership"
    ]
    assert div and div[0].value == {
        "requirement": "art11.ip_ownership",
        "en": "client",
        "zh": "provider",
        "used": "en",
    }
    assert report.labels()["art11_ip_ownership"] == "client"
