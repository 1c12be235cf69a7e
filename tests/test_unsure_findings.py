"""A "missing" finding the second reader doubts is reported unsure (``flag``), and a portfolio's
summary lists it apart from the confident gaps (analyzer.learned, "Unsure, not missing")."""

from __future__ import annotations

import dataclasses

import pandas as pd
from builders import text_document

from analyzer.engine import analyze
from analyzer.frames import reports_to_frames
from analyzer.outputs.summary import summary_markdown

SERVICES = (
    'This Agreement is made between Acme Holdings Ltd ("Customer") and Beta Outsourcing Inc. '
    '("Supplier").',
    "Supplier shall provide the consulting services, support services and development "
    "services described in Schedule A to Customer.",
    "Customer shall pay Supplier the fees for the services within thirty days.",
)


def _report(name: str, art11_status: str):  # type: ignore[no-untyped-def]
    report = analyze(text_document(*SERVICES, path=f"{name}.txt"), second_reader=False)
    findings = tuple(
        dataclasses.replace(f, status=art11_status) if f.requirement == "art11.ip_ownership" else f
        for f in report.findings
    )
    return dataclasses.replace(report, findings=findings)


def test_summary_lists_unsure_ip_apart_from_the_confident_gaps() -> None:
    reports = [("sure_gap", _report("sure_gap", "missing")), ("unsure", _report("unsure", "flag"))]
    frames = reports_to_frames(reports)
    contracts = frames["contracts"]
    assert set(contracts["art11_ip_ownership"].fillna("none")) == {"none"}  # labels alike
    run = {
        "run_id": 1,
        "started": "s",
        "analyzer_version": "v",
        "patterns_version": "p",
        "inputs": 2,
        "analysed": 2,
        "cached": 0,
        "errors": 0,
        "duplicates": 0,
    }
    text = summary_markdown(
        {"contracts": contracts, "errors": frames["errors"]}, run, pd.DataFrame(), {}
    )
    (gap,) = [x for x in text.splitlines() if x.startswith("- No allocation of newly created IP")]
    (unsure,) = [x for x in text.splitlines() if x.startswith("- Allocation of new IP unsure")]
    assert "sure_gap" in gap and "unsure" not in gap.replace("sure_gap", "")
    assert unsure.endswith("(1): unsure")
