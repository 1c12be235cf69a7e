"""Portfolio outputs: parent memory flat in the number of contracts; the workbook written by a
second process is the same workbook."""

from __future__ import annotations

import dataclasses
import hashlib
import tracemalloc
from pathlib import Path

import pytest
from openpyxl import load_workbook
from portfolio_fakes import FAKE_PATTERNS, fake_analyze

from analyzer.frames import ReportRows, rows_from_report
from analyzer.portfolio import write_outputs
from analyzer.readers import read_contract
from analyzer.store import ResultStore, result_key

TEXT = (
    "SERVICES AGREEMENT\n"
    "1. The Supplier shall keep confidential information secret and shall not disclose it.\n"
    "2. The Client shall own the results of the services.\n"
    "3. Disputes go to arbitration in Beijing.\n"
)


def _rows(tmp_path: Path) -> ReportRows:
    """The rows of one real (fake-analysed) report, its obligations and clauses repeated so
    that each contract brings dozens of rows to the store."""
    path = tmp_path / "base.txt"
    path.write_text(TEXT, encoding="utf-8")
    rows = rows_from_report(fake_analyze(read_contract(path)), doc="base", path=str(path))
    return rows.replace(
        findings=rows.findings * 4,
        obligations=rows.obligations * 30 if rows.obligations else rows.obligations,
        clauses=rows.clauses * 8,
    )


def _store(tmp_path: Path, n: int, base: ReportRows) -> tuple[Path, int]:
    store = tmp_path / f"s{n}.sqlite"
    with ResultStore(store) as db:
        run = db.start_run("v", FAKE_PATTERNS)
        for i in range(n):
            doc, path = f"c{i:05d}", f"/contracts/c{i:05d}.txt"
            sha = hashlib.sha256(doc.encode()).hexdigest()
            contract = dataclasses.replace(base.contract, doc=doc, path=path, sha256=sha)
            db.record_result(
                run,
                path=path,
                doc=doc,
                key=result_key(sha, "v", FAKE_PATTERNS),
                sha256=sha,
                versions=("v", FAKE_PATTERNS),
                report_json=b"{}",
                rows=base.replace(contract=contract),
                artifact=b"<html>annotated</html>",
                artifact_kind="html",
            )
        db.finish_run(run)
    return store, run


def _peak_mb(store: Path, run: int, out: Path) -> float:
    tracemalloc.start()
    try:
        write_outputs(store, run, out, parallel=False)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_portfolio_outputs_parent_memory_does_not_grow_with_contracts(tmp_path: Path) -> None:
    base = _rows(tmp_path)
    assert len(base.obligations) >= 30  # the fake analyser found obligations to repeat
    small, big = 15, 60
    s_warm, r_warm = _store(tmp_path, 2, base)
    s_small, r_small = _store(tmp_path, small, base)
    s_big, r_big = _store(tmp_path, big, base)
    write_outputs(s_warm, r_warm, tmp_path / "warm", parallel=False)  # imports, font caches
    peak_small = _peak_mb(s_small, r_small, tmp_path / "small")
    peak_big = _peak_mb(s_big, r_big, tmp_path / "big")
    # holding the tables grows 4x with 4x the contracts; streaming stays nearly flat
    assert peak_big < 1.5 * peak_small + 2, (peak_small, peak_big)
    lines = (tmp_path / "big" / "obligations.csv").read_text(encoding="utf-8").count("\n")
    assert lines == 1 + big * len(base.obligations)  # every row still written


def test_portfolio_outputs_workbook_from_second_process_is_identical(tmp_path: Path) -> None:
    base = _rows(tmp_path)
    store, run = _store(tmp_path, 6, base)
    write_outputs(store, run, tmp_path / "here", parallel=False)
    write_outputs(store, run, tmp_path / "there", parallel=True)
    a = load_workbook(tmp_path / "here" / "portfolio.xlsx")
    b = load_workbook(tmp_path / "there" / "portfolio.xlsx")
    assert (
        a.sheetnames
        == b.sheetnames
        == ["Issues", "Summary", "Findings", "Obligations", "Clauses", "Errors"]
    )
    for name in a.sheetnames:
        rows_a = [[(c.value, c.fill.fgColor.rgb) for c in r] for r in a[name].iter_rows()]
        rows_b = [[(c.value, c.fill.fgColor.rgb) for c in r] for r in b[name].iter_rows()]
        assert rows_a == rows_b, name
        assert a[name].freeze_panes == b[name].freeze_panes
    assert a["Findings"].max_row == 1 + 6 * len(base.findings)
    assert not list((tmp_path / "there").glob(".*.tmp*")) + list(
        (tmp_path / "there").glob(".*.job*")
    )


def test_portfolio_outputs_leave_the_garbage_collector_as_they_found_it(tmp_path: Path) -> None:
    """The outputs let the collector run less often while they are written (a notebook's or
    another caller's setting comes back afterwards, also when writing fails)."""
    import gc

    from analyzer.outputs.write import OUTPUT_GC_THRESHOLD

    store, run = _store(tmp_path, 3, _rows(tmp_path))
    before = gc.get_threshold()
    assert before[0] < OUTPUT_GC_THRESHOLD  # Python's default (700) or a test runner's
    seen: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(gc.get_threshold()[0])

    write_outputs(store, run, tmp_path / "warm", parallel=False)  # imports, font caches
    gc.callbacks.append(watch)
    try:
        write_outputs(store, run, tmp_path / "out", parallel=False)
    finally:
        gc.callbacks.remove(watch)
    # it ran, less often; the young objects it left run one collection when the old
    # threshold comes back
    assert OUTPUT_GC_THRESHOLD in seen and set(seen[:-1]) == {OUTPUT_GC_THRESHOLD}
    assert gc.get_threshold() == before
    assert (tmp_path / "out" / "obligations.csv").is_file()
    with pytest.raises(IndexError):  # no such run in the store
        write_outputs(store, run + 1, tmp_path / "none", parallel=False)
    assert gc.get_threshold() == before
