"""The output-table registry (analyzer.outputs.tables.TABLES) drives the store, the workbook, the
CSV files and the summary: a table registered here — one row type, one entry — reaches all four
without another line of code."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analyzer.frames import row_tuples, rows_from_report
from analyzer.model import ContractReport
from analyzer.outputs import tables as registry
from analyzer.outputs.tables import TABLES, Table
from analyzer.outputs.write import output_parts, write_outputs
from analyzer.outputs.xlsx import sheets
from analyzer.readers import read_contract
from analyzer.store import ROW_TABLES, ResultStore, open_store, result_key

TEXT = (
    "SERVICES AGREEMENT\n"
    "1. Confidentiality. The Supplier shall keep all confidential information of the Client "
    "secret and shall not disclose it to any third party.\n"
    "2. Intellectual property. All deliverables created under this Agreement belong to the "
    "Client.\n"
)


@dataclass(frozen=True)
class ToyRow:
    """One row per requirement the analysis looked at, with the length of its explanation."""

    doc: str
    requirement: str
    explanation_length: int


def _toy_rows(report: ContractReport, doc: str, path: str) -> list[ToyRow]:
    return [ToyRow(doc, f.requirement, len(f.explanation)) for f in report.findings]


@pytest.fixture
def toy_table(monkeypatch: pytest.MonkeyPatch) -> Table:
    table = Table("toy", ToyRow, _toy_rows, sheet="Toy", csv=True, cost=10)
    monkeypatch.setitem(TABLES, "toy", table)
    return table


def test_builtin_registry_is_the_outputs_of_a_run() -> None:
    """Pins the built-in tables and where each one goes."""
    assert [(t.name, t.sheet, t.csv) for t in TABLES.values()] == [
        ("contracts", "Summary", False),
        ("findings", "Findings", True),
        ("obligations", "Obligations", True),
        ("clauses", "Clauses", True),
        ("notices", None, False),
    ]
    assert [title for title, _name in sheets()] == [
        "Issues",
        "Summary",
        "Findings",
        "Obligations",
        "Clauses",
        "Errors",
    ]
    assert output_parts() == (
        "charts",
        "portfolio.xlsx",
        "obligations.csv",
        "annotated",
        "clauses.csv",
        "findings.csv",
        "labels.jsonl",
    )
    assert dict(ROW_TABLES) == {name: t.columns for name, t in TABLES.items()}


def test_registered_table_reaches_store_workbook_csv_and_summary(
    toy_table: Table, tmp_path: Path
) -> None:
    from analyzer.engine import analyze

    path = tmp_path / "msa.txt"
    path.write_text(TEXT, encoding="utf-8")
    report = analyze(read_contract(path))
    rows = rows_from_report(report, doc="msa", path=str(path))
    expected = [("msa", f.requirement, len(f.explanation)) for f in report.findings]
    assert expected and [tuple(vars(r).values()) for r in rows.toy] == expected

    store = tmp_path / "results.sqlite"
    with ResultStore(store) as db:
        run = db.start_run("v", "p")
        key = result_key(report.document.sha256, "v", "p")
        db.record_result(
            run,
            path=str(path),
            doc="msa",
            key=key,
            sha256=report.document.sha256,
            versions=("v", "p"),
            report_json=b"{}",
            rows=row_tuples(rows),
        )
        db.finish_run(run)

    # the store: a table with the row type's columns, read back as a DataFrame and as tuples
    with open_store(store) as db:
        frame = db.frames(run)["toy"]
        assert list(frame.columns) == ["doc", "requirement", "explanation_length"]
        assert [tuple(r) for r in frame.itertuples(index=False)] == expected
        assert [r for batch in db.iter_tuples("toy", run) for r in batch] == expected

    out = tmp_path / "out"
    write_outputs(store, run, out, parallel=False)
    # the CSV file
    with (out / "toy.csv").open(encoding="utf-8-sig", newline="") as fh:
        got = list(csv.reader(fh))
    assert got[0] == ["doc", "requirement", "explanation_length"]
    assert [(d, r, int(n)) for d, r, n in got[1:]] == expected
    # the workbook: its sheet between Clauses and Errors
    book = load_workbook(out / "portfolio.xlsx", read_only=True)
    assert book.sheetnames[-3:] == ["Clauses", "Toy", "Errors"]
    cells = [tuple(c for c in row) for row in book["Toy"].iter_rows(values_only=True)]
    assert cells[0] == ("doc", "requirement", "explanation_length")
    assert cells[1:] == expected
    # the summary lists it among the outputs
    assert "`toy.csv`" in (out / "summary.md").read_text(encoding="utf-8")


def test_register_refuses_what_cannot_be_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "TABLES", dict(TABLES))
    with pytest.raises(ValueError, match="identifier"):
        registry.register(Table("two words", ToyRow, _toy_rows))
    with pytest.raises(TypeError, match="dataclass"):
        registry.register(Table("plain", int, _toy_rows))
    registry.register(Table("toy", ToyRow, _toy_rows))
    assert "toy" in registry.TABLES
