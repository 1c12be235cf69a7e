"""DataFrames: fixed, documented column orders; one row per contract/finding/obligation/clause."""

from __future__ import annotations

from pathlib import Path

import pytest
from portfolio_fakes import fake_analyze

from analyzer.frames import (
    CLAUSE_COLUMNS,
    CONTRACT_COLUMNS,
    ERROR_COLUMNS,
    FINDING_COLUMNS,
    OBLIGATION_COLUMNS,
    ClauseRow,
    ContractRow,
    ErrorRow,
    FindingRow,
    ObligationRow,
    reports_to_frames,
    to_frame,
)
from analyzer.readers._common import BlockDraft, assemble
from analyzer.report import LABEL_KEYS

TEXT = [
    "OUTSOURCING AGREEMENT",
    "1. The Supplier shall keep confidential information secret.",
    "2. The Client shall own all results.",
]


def _report():  # type: ignore[no-untyped-def]
    doc = assemble(
        path="x.txt",
        data="\n".join(TEXT).encode(),
        fmt="text",
        drafts=[BlockDraft(t) for t in TEXT],
    )
    return doc, fake_analyze(doc)


@pytest.mark.parametrize(
    ("row_type", "columns"),
    [
        (ContractRow, CONTRACT_COLUMNS),
        (FindingRow, FINDING_COLUMNS),
        (ObligationRow, OBLIGATION_COLUMNS),
        (ClauseRow, CLAUSE_COLUMNS),
        (ErrorRow, ERROR_COLUMNS),
    ],
)
def test_frames_empty_frame_has_fixed_columns(row_type: type, columns: tuple[str, ...]) -> None:
    frame = to_frame([], row_type)
    assert tuple(frame.columns) == columns and len(frame) == 0


def test_frames_contract_columns_are_documented_order() -> None:
    assert CONTRACT_COLUMNS[:3] == ("doc", "path", "sha256")
    labels = CONTRACT_COLUMNS[CONTRACT_COLUMNS.index(LABEL_KEYS[0]) :]
    assert labels[: len(LABEL_KEYS)] == LABEL_KEYS
    assert labels[len(LABEL_KEYS)] == "status.art3.confidential_info_defined"


def test_frames_rows_from_report() -> None:
    doc, report = _report()
    frames = reports_to_frames([("x", report)])
    c = frames["contracts"].iloc[0]
    # the party's full name with the contract's term for it, as a lawyer reads it
    assert (c["doc"], c["provider"], c["findings"], c["met"], c["missing"]) == (
        "x",
        "Acme Services Ltd (Supplier)",
        3,
        2,
        1,
    )
    assert c["art11_ip_ownership"] == "client" and c["status.art11.ip_ownership"] == "met"
    assert c["status.art3.confidential_info_defined"] is None  # no such finding: no status
    f = frames["findings"].set_index("requirement")
    q = f.loc["art4.provider_nondisclosure"]
    assert doc.text[int(q["start"]) : int(q["end"])] == q["quote"]
    assert len(frames["clauses"]) == len(TEXT)
    assert frames["clauses"]["tags"].tolist() == ["", "confidentiality.nondisclosure", ""]
    assert frames["obligations"]["role"].tolist() == ["provider", "provider"]


def test_frames_wrong_row_type_is_rejected() -> None:
    with pytest.raises(TypeError, match="expected FindingRow"):
        to_frame([ErrorRow("d", "p", None, "error", "E1", "m")], FindingRow)


@pytest.mark.parametrize("part", ["contract", "findings", "obligations", "clauses", "notices"])
def test_frames_row_values_are_row_dict_values(part: str) -> None:
    from analyzer.frames import row_dict, row_values, rows_from_report

    doc, report = _report()
    rows = rows_from_report(report, doc="x", path="x.txt")
    items = [rows.contract] if part == "contract" else list(getattr(rows, part))
    if part == "notices":
        items = [ErrorRow("x", "x.txt", None, "warning", "W100", "a warning")]
    assert items
    for item in items:
        assert row_values(item) == tuple(row_dict(item).values())


def test_deadline_view_splits_term_and_termination() -> None:
    import pandas as pd

    from analyzer.frames import deadlines

    rows = pd.DataFrame(
        [
            {
                "doc": "a",
                "role": "client",
                "bearer": "Client",
                "modality": "must",
                "action": "pay",
                "deadline": "within 30 days of invoice",
                "clause": "4.1",
                "start": 10,
            },
            {
                "doc": "a",
                "role": "provider",
                "bearer": "Supplier",
                "modality": "must",
                "action": "return data",
                "deadline": "within 10 days of termination",
                "clause": "9.2",
                "start": 50,
            },
            {
                "doc": "a",
                "role": "provider",
                "bearer": "Supplier",
                "modality": "must",
                "action": "report",
                "deadline": "monthly",
                "clause": "5.1",
                "start": 30,
            },
            {
                "doc": "a",
                "role": "provider",
                "bearer": "Supplier",
                "modality": "must",
                "action": "keep secret",
                "deadline": None,
                "clause": "8.1",
                "start": 40,
            },
        ]
    )
    view = deadlines(rows)
    assert list(view["action"]) == ["report", "pay", "return data"]
    assert list(view["when"]) == ["during the term", "during the term", "on termination"]
    assert "sides_to_check" not in view
    # with the run's warnings: the rows of a contract whose sides are uncertain are marked
    errors = pd.DataFrame(
        [{"doc": "a", "code": "roles_uncertain", "kind": "warning", "message": "…"}]
    )
    checked = deadlines(rows, errors)
    assert list(checked["sides_to_check"]) == [
        r in ("provider", "client") and d == "a"
        for d, r in zip(checked["doc"], checked["role"], strict=True)
    ]
    assert checked["sides_to_check"].any()
    assert not deadlines(rows, errors.iloc[0:0])["sides_to_check"].any()


@pytest.mark.parametrize(
    "name",
    [
        "en/meridian_retail_app_development.docx",
        "zh/ito_service_compliant.docx",
        "bilingual/data_processing_bilingual_divergent.txt",
    ],
)
def test_frames_tuples_from_report_equal_the_row_values(samples_dir: Path, name: str) -> None:
    """What a worker stores (tuples built directly for obligations and clauses) is exactly the
    row values of the row dataclasses, table for table, row for row, labels too."""
    from analyzer.engine import analyze
    from analyzer.frames import row_tuples, rows_from_report, tuples_from_report
    from analyzer.readers import read_contract

    path = samples_dir / name
    report = analyze(read_contract(path))
    assert report.obligations and report.clauses
    fast = tuples_from_report(report, doc=path.stem, path=str(path))
    slow = row_tuples(rows_from_report(report, doc=path.stem, path=str(path)))
    assert fast.labels == slow.labels
    assert fast.tables == slow.tables
    assert set(fast.tables) == {"contracts", "findings", "obligations", "clauses", "notices"}


def test_frames_obligation_and_clause_tuples_follow_the_columns(samples_dir: Path) -> None:
    """Each value of a directly built tuple sits under its own column: the obligation's and the
    clause's fields, the joined topics and tags, in report order (clauses depth first)."""
    from analyzer.engine import analyze
    from analyzer.frames import clause_tuples, obligation_tuples
    from analyzer.readers import read_contract

    path = samples_dir / "en" / "meridian_retail_app_development.docx"
    report = analyze(read_contract(path))
    sha = report.document.sha256
    obligations = [
        dict(zip(OBLIGATION_COLUMNS, t, strict=True)) for t in obligation_tuples(report, doc="m")
    ]
    assert len(obligations) == len(report.obligations)
    for row, o in zip(obligations, report.obligations, strict=True):
        assert (row["doc"], row["sha256"], row["bearer"], row["role"]) == (
            "m",
            sha,
            o.bearer,
            o.role,
        )
        assert (row["modality"], row["action"], row["clause"]) == (o.modality, o.action, o.clause)
        assert row["topics"] == "; ".join(o.topics)
        assert (row["conditions"], row["exceptions"]) == (
            "; ".join(o.conditions),
            "; ".join(o.exceptions),
        )
        assert (row["start"], row["end"], row["language"], row["deadline"]) == (
            o.start,
            o.end,
            o.language,
            o.deadline,
        )
    walked = [c for top in report.clauses for c in top.walk()]
    clauses = [dict(zip(CLAUSE_COLUMNS, t, strict=True)) for t in clause_tuples(report, doc="m")]
    assert len(clauses) == len(walked) > len(report.clauses)
    assert any(row["tags"] for row in clauses) and any(not row["tags"] for row in clauses)
    for row, c in zip(clauses, walked, strict=True):
        assert (row["number"], row["heading"], row["level"], row["kind"]) == (
            c.number,
            c.heading,
            c.level,
            c.kind,
        )
        assert (row["start"], row["end"]) == (c.start, c.end)
        assert row["tags"] == "; ".join(sorted({t.label for t in c.tags}))
        assert row["pattern_ids"] == "; ".join(sorted({t.pattern_id for t in c.tags}))
