"""The notebook's review panel (issue #16), in-process: the widgets are built on a real
portfolio run of sample contracts, buttons are clicked, and the store must hold the decision
that ``analyzer review set`` would have recorded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets", reason="ipywidgets is not installed (pip install ipywidgets)")

from builders import analysed_samples  # noqa: E402

from analyzer import review  # noqa: E402
from analyzer.review_panel import ReviewPanel, quote_context, review_order  # noqa: E402
from analyzer.store import open_store  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "sample_contracts"
FILES = (
    "en/evergreen_payroll_services.txt",
    "en/northbank_contact_centre_services.docx",
    "zh/bpo_call_centre_no_ip.txt",
)
PAYROLL = "en/evergreen_payroll_services"
NORTHBANK = "en/northbank_contact_centre_services"


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("panel")
    analysed_samples(base, FILES)
    return base


@pytest.fixture()
def store(analysed: Path, tmp_path: Path) -> Path:
    """A private copy of the contracts and the store (same relative layout, so that the
    store's paths, which are absolute, still point at the module's contracts)."""
    out = tmp_path / "out"
    shutil.copytree(analysed / "out", out)
    return out / "results.sqlite"


def test_review_panel_lists_lawyer_checks_first_with_quote_in_context(store: Path) -> None:
    panel = ReviewPanel(store, contract=NORTHBANK)
    assert {doc for _label, doc in panel.contract.options} == {
        PAYROLL,
        NORTHBANK,
        "zh/bpo_call_centre_no_ip",
    }
    with open_store(store) as db:
        report = db.report(NORTHBANK)
    assert len(panel.rows) == len(report.findings)
    checks = [r for r in panel.rows if r.finding.review]
    assert checks, "the sample has findings marked for a lawyer's check"
    assert panel.rows[: len(checks)] == sorted(checks, key=review_order)
    confidences = [r.finding.confidence or 1.0 for r in checks]
    assert confidences == sorted(confidences)  # least confident first
    labels = [label for label, _req in panel.findings.options]
    assert all(label.startswith("⚑ ") for label in labels[: len(checks)])
    # the first finding is selected and shown with its quote in the original's context
    first = panel.rows[0].finding
    assert panel.findings.value == first.requirement
    ev = first.evidence[0]
    assert f"<mark>{ev.quote}</mark>" in panel.detail.value.replace("&#x27;", "'").replace(
        "&quot;", '"'
    )
    assert "Lawyer check" in panel.detail.value


def test_review_panel_accept_click_records_machine_finding(store: Path) -> None:
    panel = ReviewPanel(store, reviewer="A. Lawyer", contract=PAYROLL)
    row = panel.selected()
    assert row is not None and row.current is None
    panel.note.value = "read clause 6"
    panel.accept_button.click()
    (decision,) = review.list_reviews(store, PAYROLL)
    assert decision.requirement == row.requirement
    assert (decision.status, decision.value) == (row.finding.status, row.finding.value)
    assert decision.reviewer == "A. Lawyer" and decision.note == "read clause 6"
    assert "accepted" in panel.message.value
    # the list shows the decision, and the decided finding moves out of the "check" group
    label = dict((req, lab) for lab, req in panel.findings.options)[row.requirement]
    assert "accepted by A. Lawyer" in label and not label.startswith("⚑")
    assert panel.note.value == ""


def test_review_panel_override_click_with_value(store: Path) -> None:
    panel = ReviewPanel(store, contract=PAYROLL)
    panel.reviewer.value = "B. Reviewer"
    panel.findings.value = "art11.ip_ownership"
    assert panel.status.value == "missing"
    assert "client" in panel.value.options
    panel.status.value = "met"
    panel.value.value = "client"
    panel.note.value = "schedule 2 assigns the work product"
    panel.override_button.click()
    finals = {f.doc: f for f in review.final_labels(store)}
    assert finals[PAYROLL].labels["art11_ip_ownership"] == "client"
    assert finals[PAYROLL].reviewed == ["art11_ip_ownership"]
    d = review.decisions(store)[PAYROLL]["art11.ip_ownership"]
    assert (d.status, d.value, d.reviewer) == ("met", "client", "B. Reviewer")
    assert (d.machine_status, d.machine_value) == ("missing", "none")
    assert "Decision" in panel.detail.value and "B. Reviewer" in panel.detail.value


def test_review_panel_refuses_without_reviewer_name(store: Path) -> None:
    panel = ReviewPanel(store, contract=PAYROLL)
    panel.accept_button.click()
    assert "E740" in panel.message.value
    assert review.list_reviews(store) == []
    panel.reviewer.value = "C"
    panel.findings.value = "art11.ip_ownership"
    panel.status.value = "met"
    panel.value.value = "none"  # contradicts "met": refused, as on the command line
    panel.override_button.click()
    assert "E744" in panel.message.value
    assert review.list_reviews(store) == []


def test_review_panel_quote_alone_when_original_changed(store: Path, tmp_path: Path) -> None:
    panel = ReviewPanel(store, contract=NORTHBANK)
    panel._paths[NORTHBANK] = (str(tmp_path / "gone.docx"), "0" * 64)
    panel._texts.clear()
    panel._show()
    ev = panel.rows[0].finding.evidence[0]
    assert "<blockquote><mark>" in panel.detail.value
    assert panel.text(NORTHBANK) is None and ev.quote


def test_quote_context_escapes_and_cuts_at_lines() -> None:
    text = "first line\nThe Supplier <shall> keep it secret.\nlast line"
    start = text.index("<shall>")
    out = quote_context(text, start, start + 7, chars=15)
    assert "<mark>&lt;shall&gt;</mark>" in out
    assert "first line" not in out and "last line" not in out
