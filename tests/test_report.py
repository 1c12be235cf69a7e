"""Report rendering: JSON round trip, Markdown and HTML quote exact slices, escaping, labels."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from analyzer.model import ContractReport, DocumentInfo, Evidence, Finding, Party
from analyzer.readers._common import BlockDraft, assemble
from analyzer.report import (
    LABEL_DEFAULTS,
    LABEL_KEYS,
    LABEL_REQUIREMENTS,
    from_dict,
    label_line,
    labels_from_findings,
    to_dict,
    to_html,
    to_json,
    to_markdown,
)

LINES = [
    "SUPPLY <script>alert(1)</script> AGREEMENT",
    '5.1 The Supplier shall keep all "Confidential Information" secret & safe.',
    "5.2 Disputes | go to arbitration.",
]


def _doc_and_report() -> tuple[object, ContractReport]:
    doc = assemble(
        path="c.txt",
        data="\n".join(LINES).encode(),
        fmt="text",
        drafts=[BlockDraft(t) for t in LINES],
    )

    def ev(phrase: str, clause: str) -> Evidence:
        i = doc.text.index(phrase)
        return Evidence(doc.text[i : i + len(phrase)], i, i + len(phrase), clause)

    findings = (
        Finding(
            4,
            "art4.provider_nondisclosure",
            "met",
            "high",
            "Non-disclosure <b>found</b>.",
            (ev('keep all "Confidential Information" secret', "5.1"),),
        ),
        Finding(
            10,
            "art10.dispute_forum",
            "met",
            "medium",
            "Arbitration.",
            (ev("Disputes | go to arbitration", "5.2"), ev("arbitration", "5.2")),
            value="arbitration",
        ),
        Finding(
            11,
            "art11.ip_ownership",
            "missing",
            "high",
            "No IP allocation.",
            recommendation={"en": "Allocate IP.", "zh": "约定归属。"},
            value="none",
        ),
    )
    info = DocumentInfo("c.txt", doc.sha256, "text", ("en",), None, len(doc.text))
    report = ContractReport(info, (Party("Acme", ("Supplier",), "provider"),), (), (), findings)
    return doc, report


def test_report_json_round_trip_keeps_everything() -> None:
    _doc, report = _doc_and_report()
    data = json.loads(to_json(report))
    assert data["labels"] == report.labels()
    assert from_dict(data) == report
    assert from_dict(to_dict(report)) == report


def test_report_label_line_matches_gold_format() -> None:
    _doc, report = _doc_and_report()
    line = json.loads(label_line(report))
    assert line["doc"] == "c" and list(line["labels"]) == list(LABEL_KEYS)
    assert line["labels"]["art10_dispute_forum"] == "arbitration"
    assert line["labels"]["art11_ip_ownership"] == "none"


@pytest.mark.parametrize(
    ("key", "default"), [(k, LABEL_DEFAULTS.get(k, False)) for k in LABEL_KEYS]
)
def test_report_labels_default_when_finding_absent(key: str, default: object) -> None:
    assert labels_from_findings(())[key] == default
    assert LABEL_REQUIREMENTS[key][0].startswith(key.split("_")[0] + ".")


def test_report_markdown_quotes_exact_slices() -> None:
    doc, report = _doc_and_report()
    md = to_markdown(report, doc)
    for f in report.findings:
        for e in f.evidence:
            assert f"> {doc.text[e.start : e.end]}" in md
    assert "art11.ip_ownership" in md and "Allocate IP." in md and "约定归属。" in md
    # table cells escape the pipe
    summary = md.split("## Label output")[0]
    assert all(row.count(" | ") >= 5 for row in summary.splitlines() if row.startswith("| 10"))


class _Marks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.marks: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            self.depth += 1
            self.marks.append("")
        if tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.marks[-1] += data


def test_report_html_highlights_exact_spans_and_escapes() -> None:
    doc, report = _doc_and_report()
    page = to_html(report, doc)
    parser = _Marks()
    parser.feed(page)
    assert parser.scripts == 0  # contract text is escaped, never markup
    assert "&lt;script&gt;" in page and "<b>found</b>" not in page
    highlighted = "".join(parser.marks)
    assert 'keep all "Confidential Information" secret' in highlighted
    # overlapping evidence is split into pieces that together are the exact slices
    assert "".join(parser.marks).count("arbitration") == 1
    assert re.search(r'id="ev-1-0"', page) and re.search(r'href="#ev-1-1"', page)


def test_report_markdown_obligations_register_grouped_by_party() -> None:
    from analyzer.model import ContractReport, DocumentInfo, Obligation, Party
    from analyzer.report import obligations_markdown

    info = DocumentInfo("t.txt", "0", "text", ("en",), None, 10)
    report = ContractReport(
        document=info,
        parties=(Party("Acme", ("Customer",), "client"), Party("Beta", ("Supplier",), "provider")),
        clauses=(),
        obligations=(
            Obligation("Customer", "client", "must", "pay the fees", 0, 5, clause="4.1"),
            Obligation("Supplier", "provider", "must", "send reports", 10, 20, topics=("other",)),
            Obligation(
                "Supplier",
                "provider",
                "must_not",
                "disclose Confidential Information",
                30,
                40,
                topics=("confidentiality",),
                deadline="during the term",
            ),
        ),
        findings=(),
    )
    text = "\n".join(obligations_markdown(report))
    assert text.index("Provider (接包方): Beta") < text.index("Client (发包方): Acme")
    # the provider's Article 3-12 duties first, then its other duties
    assert text.index("disclose Confidential") < text.index("send reports")
    assert "| must not | disclose Confidential Information |  | during the term |" in text
