"""analyze(): the whole flow on documents we write, and its invariants."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import text_document

from analyzer.engine import analyze, attach_tags, language_spans, naive_merge, outsourcing_like
from analyzer.model import Document, Finding
from analyzer.report import LABEL_KEYS

CONTRACT = """\
This Services Agreement is made between Acme Holdings Ltd ("Customer") and Beta Outsourcing Inc. ("Supplier").
Supplier shall provide the Services to Customer and Customer shall pay Supplier the Fees.
1. Confidentiality
1.1 "Confidential Information" means all non-public information disclosed by Customer to Supplier.
1.2 Supplier shall not disclose the Confidential Information to any third party and shall use it solely to perform the Services.
1.3 Supplier shall ensure that its employees are bound by written confidentiality obligations at least as protective as these.
2. Intellectual Property
2.1 All Deliverables created by Supplier under this Agreement shall be the sole and exclusive property of Customer.
3. Disputes
3.1 All disputes arising out of this Agreement shall be submitted to the exclusive jurisdiction of the courts of Hong Kong.
"""


def _doc(text: str, name: str = "contract.txt") -> Document:
    return text_document(*text.split("\n"), path=name)


def test_engine_analyze_path_and_document_agree(tmp_path: Path) -> None:
    path = tmp_path / "contract.txt"
    path.write_text(CONTRACT, encoding="utf-8")
    from_path = analyze(path)
    from_doc = analyze(_doc(CONTRACT))
    assert from_path.labels() == from_doc.labels()
    labels = from_path.labels()
    assert set(labels) == set(LABEL_KEYS)
    assert labels["art11_ip_ownership"] == "client"
    assert labels["art10_dispute_forum"] == "courts"
    assert labels["art4_provider_nondisclosure"] is True
    assert from_path.patterns_version and from_path.analyzer_version
    assert {"read", "segment", "tag.en", "checks.en", "total"} <= set(from_path.timings)


def test_engine_every_quote_is_an_exact_slice() -> None:
    doc = _doc(CONTRACT)
    report = analyze(doc)
    quotes = 0
    for f in report.findings:
        for ev in f.evidence:
            assert doc.text[ev.start : ev.end] == ev.quote
            quotes += 1
    assert quotes >= 5
    tags = [t for c in report.clauses for cc in c.walk() for t in cc.tags]
    assert tags and all(0 <= t.start < t.end <= len(doc.text) for t in tags)


def test_engine_hard_wrapped_lines_are_one_sentence() -> None:
    text = (
        "Each party agrees that the Confidential Information shall be held by it, its\n"
        "employees and subcontractors in confidence."
    )
    report = analyze(_doc(text))
    assert report.labels()["art6_third_party_confidentiality"] is True
    spans = language_spans(_doc(text))["en"]
    assert spans == [(0, len(text))]


def test_engine_bilingual_document_is_analysed_per_language() -> None:
    text = (
        "乙方在履行本合同过程中完成的全部技术成果的知识产权归甲方所有。\n"
        "All Deliverables created by Supplier under this Agreement shall be the sole and "
        "exclusive property of Customer."
    )
    doc = _doc(text)
    spans = language_spans(doc)
    if len(doc.languages) == 2:
        assert set(spans) == {"en", "zh"}
    report = analyze(doc)
    assert report.labels()["art11_ip_ownership"] != "none"


def test_engine_naive_merge_keeps_the_best_status() -> None:
    def f(status: str) -> Finding:
        return Finding(3, "art3.confidential_info_defined", status, "info", "x")  # type: ignore[arg-type]

    merged = naive_merge({"en": [f("missing")], "zh": [f("met")]})
    assert [m.status for m in merged] == ["met"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Consultant shall provide consulting services and development support services.",
            True,
        ),
        ("MUTUAL NON-DISCLOSURE AGREEMENT between two companies exploring a deal.", False),
        (
            "NON-COMPETITION AGREEMENT\nThe Seller shall not provide consulting services, "
            "support services or development services to any competitor of the Buyer.",
            False,
        ),
        # a settlement with an investor group: board seats, standstill and voting throughout
        (
            "COOPERATION AGREEMENT\nThe Company shall appoint the Investor Nominees to the Board "
            "of Directors and include them in its proxy for the annual meeting. During the "
            "Standstill Period the Investors shall vote all shares of common stock they hold in "
            "favour of the Board of Directors' nominees and shall not solicit proxies. The "
            "shareholders agree that no services, support, consulting or development work is "
            "required of any stockholder under this Agreement." * 3,
            False,
        ),
        # the same words in a services contract whose title names its kind
        (
            "ADMINISTRATIVE SERVICES AGREEMENT\nThe Administrator shall provide the services "
            "to the Fund. The Administrator shall prepare the proxy for the annual meeting, "
            "count the voting of shareholders and stockholders and report to the Board of "
            "Directors on the nominees of the common stock holders." * 3,
            True,
        ),
        # goods bought and resold: the distributor's marketing is no service for the supplier
        (
            "EXCLUSIVE DISTRIBUTOR AGREEMENT\nThe Supplier appoints the Distributor to resell "
            "the Products in the Territory. The Distributor shall buy the Products at the prices "
            "in Schedule B and use its best efforts to promote them. The Supplier shall provide "
            "training services and technical support services to the Distributor's sales staff.",
            False,
        ),
        # ... unless the title names a service as well, or the text speaks of services throughout
        (
            "DISTRIBUTION AND SERVICES AGREEMENT\nThe Distributor shall provide distribution "
            "services and shareholder services to the Fund.",
            True,
        ),
        (
            "DISTRIBUTOR AGREEMENT\n"
            + "The Distributor shall provide installation services and repair services. " * 11,
            True,
        ),
    ],
)
def test_engine_outsourcing_like(text: str, expected: bool) -> None:
    assert outsourcing_like(_doc(text)) is expected


def test_engine_attach_tags_without_hits_is_identity() -> None:
    doc = _doc(CONTRACT)
    from analyzer.segment import segment

    clauses = segment(doc)
    assert attach_tags(clauses, []) == tuple(clauses)


def test_engine_service_only_requirements_not_applicable_outside_outsourcing() -> None:
    text = (
        "MUTUAL NON-DISCLOSURE AGREEMENT between Alpha Ltd and Gamma Ltd.\n"
        "Each party shall hold the other party's Confidential Information in confidence."
    )
    report = analyze(_doc(text))
    assert report.outsourcing_like is False
    ip = report.finding("art11.ip_ownership")
    assert ip is not None and ip.status == "not_applicable"
    assert report.labels()["art11_ip_ownership"] == "none"
    nda = report.finding("art4.provider_nondisclosure")
    assert nda is not None and nda.status == "met"


def test_engine_form_blocks_keep_marked_blocks_and_followers() -> None:
    from analyzer.engine import form_blocks

    text = "\n".join(
        ["Plain text."] * 3 + ["Ownership: [ ] Customer [X] Supplier"] + ["Next."] * 12
    )
    doc = _doc(text)
    kept = form_blocks(doc)
    assert kept[0].text.startswith("Ownership")
    assert 1 < len(kept) < len(doc.blocks)


def test_engine_obligations_bounded_per_document_with_a_warning() -> None:
    """Issue #14: megabytes of "shall not " gave a million obligations (2.9 GB of memory, a
    690 MB store); the first MAX_OBLIGATIONS are kept, with a warning."""
    from analyzer.engine import MAX_OBLIGATIONS

    # each duty names its bearer (a bare "shall not" has none since issue #18)
    head = 'SERVICES AGREEMENT between Acme Ltd (the "Supplier") and Beta Inc (the "Client").\n'
    text = head + "The Supplier shall not disclose it. " * (MAX_OBLIGATIONS + 500)
    report = analyze(_doc(text, "repeated.txt"))
    assert len(report.obligations) == MAX_OBLIGATIONS
    starts = [o.start for o in report.obligations]
    assert starts == sorted(starts)  # the first ones, in text order
    (notice,) = [w for w in report.warnings if w.code == "obligations_capped"]
    assert notice.message.startswith("repeated.txt: more than 5,000 obligations")
    normal = analyze(_doc(CONTRACT))
    assert not [w for w in normal.warnings if w.code.endswith("_capped")]


@pytest.mark.parametrize(
    ("module", "function", "code"),
    [
        ("analyzer.parties", "analyse_parties", "parties_failed"),
        ("analyzer.obligations", "find_obligations", "obligations_failed"),
    ],
)
def test_engine_stage_failure_leaves_a_notice(
    monkeypatch: pytest.MonkeyPatch, module: str, function: str, code: str
) -> None:
    """Regression (#15): a failing obligations stage left no notice (a parties failure did)."""
    import importlib

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(importlib.import_module(module), function, boom)
    report = analyze(_doc(CONTRACT), second_reader=False)
    notices = [w for w in report.warnings if w.code == code]
    assert len(notices) == 1 and notices[0].message.startswith("contract.txt: ")


def test_engine_messages_name_only_existing_screen_formats() -> None:
    """Regression (#15): a message told users to run `screen --format html`, which does not
    exist."""
    import re

    import analyzer
    from analyzer.commands.screen import FORMATS

    package = Path(analyzer.__file__).parent
    named = {
        m.group(1)
        for path in package.rglob("*.py")
        for m in re.finditer(r"analyzer screen [^`\"]*--format (\w+)", path.read_text("utf-8"))
    }
    assert named and named <= set(FORMATS)
