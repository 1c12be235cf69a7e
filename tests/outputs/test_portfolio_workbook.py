"""portfolio.xlsx written as SpreadsheetML directly, the CSV files streamed from the store, and the
output parts shared with a second process: what openpyxl reads back, and what happens when the
second process fails."""

from __future__ import annotations

import csv
import logging
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from portfolio_fakes import FAKE_PATTERNS, fake_analyze

from analyzer.frames import ERROR_COLUMNS, rows_from_report
from analyzer.outputs import write as outputs_write
from analyzer.outputs import xlsx
from analyzer.portfolio import (
    OUTPUT_PARTS,
    SHEETS,
    SheetRows,
    column_letter,
    write_csv,
    write_outputs,
    write_workbook,
)
from analyzer.readers import read_contract
from analyzer.review import REVIEW_COLUMNS
from analyzer.store import ROW_TABLES, ResultStore, open_store, result_key

LONG = "x" * 40_000


def _book(**sheets: Any) -> dict[str, Any]:
    """Frames for every sheet of the workbook: the given ones, the others one plain row."""
    frames: dict[str, Any] = {name: pd.DataFrame({"doc": ["a"]}) for _t, name in SHEETS}
    frames["errors"] = pd.DataFrame(columns=list(ERROR_COLUMNS))
    frames.update(sheets)
    return frames


def _read(path: Path, title: str) -> list[list[Any]]:
    wb = load_workbook(path)
    return [[c.value for c in row] for row in wb[title].iter_rows()]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain text", "plain text"),
        ("A & B <C> \"D\" 'E'", "A & B <C> \"D\" 'E'"),
        ("bell\x07and\x00nul", "bell and nul"),
        ("  leading and trailing  ", "  leading and trailing  "),
        ("line one\nline two", "line one\nline two"),
        ("carriage\r\nreturn", "carriage\r\nreturn"),
        ("甲方应当保密 — “quotes”", "甲方应当保密 — “quotes”"),
        (LONG, LONG[:32_000] + " [… cut: see the HTML/JSON report]"),
        ("", None),
        (True, "Yes"),  # booleans one way for a lawyer: Yes/No (the CSV files keep True/False)
        (False, "No"),
        (0, 0),
        (20430, 20430),
        (2.5, 2.5),
        (20430.0, 20430),  # a whole float reads back as an int, as openpyxl wrote it
        (float("nan"), None),
        (None, None),
        (np.int64(7), 7),
        (np.float64(0.125), 0.125),
    ],
)
def test_portfolio_workbook_cell_values_read_back(
    tmp_path: Path, value: Any, expected: Any
) -> None:
    path = tmp_path / "b.xlsx"
    frame = pd.DataFrame({"doc": ["d"], "value": pd.Series([value], dtype=object)})
    write_workbook(_book(contracts=frame), path)
    rows = _read(path, "Summary")
    assert rows[0] == ["doc", "value"]
    assert rows[1] == ["d", expected]
    assert type(rows[1][1]) is type(expected)


def test_portfolio_workbook_styles_filters_and_panes(tmp_path: Path) -> None:
    findings = pd.DataFrame(
        {
            "doc": ["a", "b", "c"],
            "status": ["met", "missing", "unknown"],
            "quote": ["q1", None, "q3"],
            "article": [3, 4, 5],
        }
    )
    path = tmp_path / "b.xlsx"
    write_workbook(_book(findings=findings), path)
    wb = load_workbook(path)
    assert wb.sheetnames == [title for title, _n in SHEETS]
    ws = wb["Findings"]
    header = ws[1]
    assert all(c.font.b and c.fill.fgColor.rgb == "00305496" for c in header)
    fills = [ws.cell(row=r, column=2).fill.fgColor.rgb for r in (2, 3, 4)]
    assert fills == ["00C6EFCE", "00FFC7CE", "00000000"]  # met, missing, no fill
    assert ws.cell(row=2, column=3).alignment.wrap_text  # long text column, short sheet
    assert not ws.cell(row=2, column=1).alignment.wrap_text
    assert ws.freeze_panes == "A2" and wb["Summary"].freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:D4"
    assert wb["Errors"].auto_filter.ref == "A1:F1"  # header only
    assert ws.column_dimensions["C"].width == 60 and ws.column_dimensions["D"].width == 10
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None


@pytest.mark.parametrize(
    ("batches", "count", "wrapped"),
    [
        ([[("a", "q"), ("b", "q")], [("c", "q")]], None, False),  # counted while written
        ([[("a", "q"), ("b", "q")]], None, True),
        ([[("a", "q"), ("b", "q")]], 3, False),  # the count given decides
        ([[("a", "q"), ("b", "q")], [("c", "q")]], 2, True),
    ],
)
def test_portfolio_workbook_wraps_only_short_sheets(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    batches: list[list[tuple[str, str]]],
    count: int | None,
    wrapped: bool,
) -> None:
    monkeypatch.setattr(xlsx, "_WRAP_ROWS", 3)
    rows = SheetRows(("doc", "quote"), batches, count)
    write_workbook(_book(findings=rows), tmp_path / "b.xlsx")
    ws = load_workbook(tmp_path / "b.xlsx")["Findings"]
    assert [c.value for c in ws["A"]][1:] == [r[0] for b in batches for r in b]
    assert {bool(c.alignment.wrap_text) for c in ws["B"][1:]} == {wrapped}


def test_portfolio_workbook_stops_at_excel_row_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(xlsx, "XLSX_MAX_ROWS", 4)
    frame = pd.DataFrame({"doc": [f"d{i}" for i in range(10)]})
    with caplog.at_level(logging.WARNING, logger="analyzer.outputs"):
        write_workbook(_book(obligations=frame), tmp_path / "b.xlsx")
    assert [r[0] for r in _read(tmp_path / "b.xlsx", "Obligations")] == ["doc", "d0", "d1", "d2"]
    assert "Excel's limit" in caplog.text


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (701, "ZZ"), (702, "AAA")]
)
def test_portfolio_column_letter(index: int, letters: str) -> None:
    assert column_letter(index) == letters


def _stored(tmp_path: Path, texts: dict[str, str]) -> tuple[Path, int]:
    store = tmp_path / "r.sqlite"
    with ResultStore(store) as db:
        run = db.start_run("v", FAKE_PATTERNS)
        for name, text in texts.items():
            path = tmp_path / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            doc = read_contract(path)
            report = fake_analyze(doc)
            db.record_result(
                run,
                path=str(path),
                doc=name,
                key=result_key(doc.sha256, "v", FAKE_PATTERNS),
                sha256=doc.sha256,
                versions=("v", FAKE_PATTERNS),
                report_json=b"{}",
                rows=rows_from_report(report, doc=name, path=str(path)),
                artifact=f"<html>{name}</html>".encode(),
                artifact_kind="html",
            )
        db.finish_run(run)
    return store, run


TEXTS = {
    "alpha": "1. The Supplier shall keep confidential information secret.\n"
    "2. Disputes go to arbitration.\n",
    "beta": "1. The Client shall own the results.\n2. Fees are due monthly.\n",
}


def test_portfolio_write_csv_whole_numbers_and_missing_values(tmp_path: Path) -> None:
    store, run = _stored(tmp_path, TEXTS)
    with open_store(store) as db:
        write_csv(db, "findings", run, tmp_path / "findings.csv")
        expected = db.findings(run)
    raw = (tmp_path / "findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads Chinese text right
    with (tmp_path / "findings.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == (*ROW_TABLES["findings"], *REVIEW_COLUMNS)
    assert len(rows) == 1 + len(expected) == 7
    decided_by = rows[0].index("decided_by")
    assert {r[decided_by] for r in rows[1:]} == {"machine"}
    start = rows[0].index("start")
    starts = [r[start] for r in rows[1:]]
    assert "" in starts  # a finding without evidence
    assert all(s == "" or s.isdigit() for s in starts)  # "12", never "12.0"
    back = pd.read_csv(tmp_path / "findings.csv", keep_default_na=False, dtype=str)
    for column in ("doc", "requirement", "status", "quote", "recommendation_zh"):
        assert back[column].tolist() == expected[column].fillna("").astype(str).tolist()


def test_portfolio_outputs_parts_left_by_a_failed_helper_are_written(tmp_path: Path) -> None:
    store, run = _stored(tmp_path, TEXTS)

    class DeadHelper:
        exitcode = 1

        def join(self) -> None:
            pass

    state = outputs_write._LocalParts(len(OUTPUT_PARTS))
    taken = OUTPUT_PARTS.index("portfolio.xlsx")
    state[taken] = outputs_write._HELPER  # taken by the helper, which then died
    out = tmp_path / "out"
    with open_store(store) as db:
        outputs_write._finish_helper(DeadHelper(), db, run, out, state)
    assert sorted(p.name for p in out.iterdir()) == ["portfolio.xlsx"]
    assert _read(out / "portfolio.xlsx", "Summary")[1][0] == "alpha"


def test_portfolio_outputs_shared_with_second_process_are_complete(tmp_path: Path) -> None:
    store, run = _stored(tmp_path, TEXTS)
    write_outputs(store, run, tmp_path / "one", parallel=False)
    write_outputs(store, run, tmp_path / "two", parallel=True)
    one = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*"))
    two = sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*"))
    assert one == two
    assert len([p for p in one if p.suffix == ".png"]) == 5
    for name in ("findings.csv", "obligations.csv", "clauses.csv", "labels.jsonl"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert _read(tmp_path / "one" / "portfolio.xlsx", "Obligations") == _read(
        tmp_path / "two" / "portfolio.xlsx", "Obligations"
    )


def test_portfolio_outputs_helper_exits_quietly_on_failure(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    state = outputs_write._LocalParts(len(OUTPUT_PARTS))
    with (
        caplog.at_level(logging.WARNING, logger="analyzer.outputs"),
        pytest.raises(SystemExit) as stopped,
    ):
        outputs_write._outputs_helper(str(tmp_path / "missing.sqlite"), 1, str(tmp_path), state)
    assert stopped.value.code == 1
    assert "second output process stopped (StoreError)" in caplog.text
    assert [state[i] for i in range(len(state))] == [0] * len(OUTPUT_PARTS)  # nothing taken
