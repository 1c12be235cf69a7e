"""Results store: reopen without re-analysing, run diffs, bad stores, SIGKILL resume."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from portfolio_fakes import FAKE_PATTERNS, fake_analyze

from analyzer.frames import CONTRACT_COLUMNS, FINDING_COLUMNS, row_tuples, rows_from_report
from analyzer.portfolio import analyze_portfolio
from analyzer.readers import read_contract
from analyzer.store import ROW_TABLES, ResultStore, StoreError, open_store, result_key

TESTS = Path(__file__).resolve().parent

TEXT = (
    "PROCESSING AGREEMENT\n"
    "1. The Supplier shall keep confidential information secret.\n"
    "2. The Client shall own the results.\n"
)


def _record(db: ResultStore, run: int, path: Path, text: str, *, tuples: bool = False) -> None:
    path.write_text(text, encoding="utf-8")
    doc = read_contract(path)
    report = fake_analyze(doc)
    key = result_key(doc.sha256, "v", FAKE_PATTERNS)
    db.record_result(
        run,
        path=str(path),
        doc=path.stem,
        key=key,
        sha256=doc.sha256,
        versions=("v", FAKE_PATTERNS),
        report_json=b'{"document": {"path": "%s", "sha256": "%s", "format": "text", '
        b'"languages": ["en"], "pages": null, "characters": 1}}'
        % (str(path).encode(), doc.sha256.encode()),
        rows=(row_tuples if tuples else _same)(
            rows_from_report(report, doc=path.stem, path=str(path))
        ),
    )


def _same(rows: Any) -> Any:
    return rows


def test_store_reopen_gives_fixed_columns_and_diff(tmp_path: Path) -> None:
    with ResultStore(tmp_path / "r.sqlite") as db:
        r1 = db.start_run("v", FAKE_PATTERNS)
        _record(db, r1, tmp_path / "a.txt", TEXT)
        _record(db, r1, tmp_path / "b.txt", "X AGREEMENT\nnothing\n")
        db.finish_run(r1)
        r2 = db.start_run("v", FAKE_PATTERNS)
        _record(db, r2, tmp_path / "a.txt", TEXT.replace("shall own", "may use"))
        _record(db, r2, tmp_path / "c.txt", TEXT + "3. Arbitration applies.\n")
        db.finish_run(r2)
    with open_store(tmp_path / "r.sqlite") as s:
        runs = s.runs()
        assert list(runs["run_id"]) == [1, 2] and list(runs["status"]) == ["completed"] * 2
        assert list(runs["analysed"]) == [2, 2]
        contracts = s.contracts()
        assert tuple(contracts.columns) == CONTRACT_COLUMNS
        assert list(contracts["doc"]) == ["a", "c"]
        assert contracts["art4_provider_nondisclosure"].tolist() == [True, True]
        assert tuple(s.findings(1).columns) == FINDING_COLUMNS
        diff = s.diff()
        changes = {(r.doc, r.item): (r.before, r.after, r.change) for r in diff.itertuples()}
        assert changes == {
            ("a", "art11_ip_ownership"): ("client", "none", "changed"),
            ("a", "art11.ip_ownership"): ("met", "missing", "status"),
            ("b", "contract"): ("analysed", None, "removed"),
            ("c", "contract"): (None, "analysed", "added"),
        }


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no results store"), (b"this is not sqlite" * 100, "not a readable results store")],
)
def test_store_open_bad_store_is_clear_error(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "store.sqlite"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(StoreError, match=message) as err:
        s = open_store(path)
        s.runs()
    assert str(path) in err.value.message


def test_store_empty_has_no_runs(tmp_path: Path) -> None:
    ResultStore(tmp_path / "s.sqlite").close()
    with open_store(tmp_path / "s.sqlite") as s, pytest.raises(StoreError, match="no runs"):
        s.frames()


_CHILD = """
import sys
from portfolio_fakes import FAKE_PATTERNS, fake_analyze
from analyzer.portfolio import analyze_portfolio
analyze_portfolio([sys.argv[1]], store=sys.argv[2], workers=1, progress=False,
                  analyze_fn=fake_analyze, pattern_version=FAKE_PATTERNS, annotate=False)
"""


def _done(store: Path) -> set[str]:
    if not store.exists():
        return set()
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as c:
            return {k for (k,) in c.execute("SELECT key FROM results WHERE ok=1")}
    except sqlite3.OperationalError:
        return set()


def test_store_sigkill_midway_then_resume_redoes_nothing_loses_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(10):
        (src / f"c{i:02d}.txt").write_text(f"SLOW\n{TEXT}{i}\n", encoding="utf-8")
    store = tmp_path / "store.sqlite"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), *sys.path])}
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(src), str(store)], env=env)
    deadline = time.monotonic() + 120
    while len(_done(store)) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = _done(store)
    assert 3 <= len(done) < 10, "the run should be killed midway"

    r = analyze_portfolio(
        [src],
        store=store,
        workers=1,
        progress=False,
        analyze_fn=fake_analyze,
        pattern_version=FAKE_PATTERNS,
        annotate=False,
    )
    assert r.cached == len(done)  # nothing finished is redone
    assert r.analysed == 10 - len(done)
    frames = r.frames()
    assert sorted(frames["contracts"]["doc"]) == [f"c{i:02d}" for i in range(10)]  # nothing lost
    assert frames["findings"].groupby("doc").size().tolist() == [3] * 10  # no half-written rows
    with open_store(store) as s:
        runs = s.runs()
    assert list(runs["status"]) == ["running", "completed"]  # the killed run is visible as such


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"table": "obligations"}, 2),
        ({"table": "obligations", "topics": frozenset({"confidentiality"})}, 2),
        ({"table": "obligations", "topics": frozenset({"payment"})}, 0),
        ({"table": "clauses"}, 3),
        ({"table": "clauses", "tagged": True}, 1),
    ],
)
def test_store_iter_rows_chunks_and_filters(tmp_path: Path, kwargs: dict, expected: int) -> None:
    with ResultStore(tmp_path / "r.sqlite") as db:
        run = db.start_run("v", FAKE_PATTERNS)
        _record(db, run, tmp_path / "a.txt", TEXT)
        db.finish_run(run)
        table = kwargs.pop("table")
        chunks = list(db.iter_rows(table, run, chunksize=1, **kwargs))
        counted = db.count_rows(table, run, **kwargs)
        capped = db.count_rows(table, run, limit=1, **kwargs)
    assert sum(len(c) for c in chunks) == expected == counted
    assert capped == min(1, expected)
    assert all(tuple(c.columns) == ROW_TABLES[table] for c in chunks)


@pytest.mark.parametrize("table", ["contracts", "findings", "obligations", "clauses"])
def test_store_iter_tuples_same_rows_as_iter_rows(tmp_path: Path, table: str) -> None:
    with ResultStore(tmp_path / "r.sqlite") as db:
        run = db.start_run("v", FAKE_PATTERNS)
        _record(db, run, tmp_path / "a.txt", TEXT)
        _record(db, run, tmp_path / "b.txt", "1. Fees are due monthly.\n")
        db.finish_run(run)
        batches = list(db.iter_tuples(table, run, batch=2))
        frame = pd.concat(list(db.iter_rows(table, run)), ignore_index=True)
    rows = [row for batch in batches for row in batch]
    assert all(len(b) <= 2 for b in batches)
    assert len(rows) == len(frame) > 0
    for row, expected in zip(rows, frame.itertuples(index=False, name=None), strict=True):
        assert len(row) == len(ROW_TABLES[table])
        for got, want in zip(row, expected, strict=True):
            if want is None or (isinstance(want, float) and want != want):
                assert got is None
            else:
                assert got == want
                assert isinstance(got, str) == isinstance(want, str)
    if table == "contracts":  # label columns come back as bool, as in the DataFrames
        flags = [v for v in rows[0] if isinstance(v, bool)]
        assert flags


def test_store_rows_as_tuples_store_the_same_as_row_dataclasses(tmp_path: Path) -> None:
    frames = []
    for tuples in (False, True):
        with ResultStore(tmp_path / f"r{tuples}.sqlite") as db:
            run = db.start_run("v", FAKE_PATTERNS)
            _record(db, run, tmp_path / "a.txt", TEXT, tuples=tuples)
            db.finish_run(run)
            frames.append((db.frames(run), list(db.labels(run))))
    (a, labels_a), (b, labels_b) = frames
    assert labels_a == labels_b and labels_a[0][2]
    for name in ("contracts", "findings", "obligations", "clauses", "errors"):
        pd.testing.assert_frame_equal(a[name], b[name])
        assert name == "errors" or len(a[name])


@pytest.mark.parametrize("packed", [False, True])
def test_store_packed_results_read_back_the_same(tmp_path: Path, packed: bool) -> None:
    """Workers send results already packed (store.pack); the parent stores them as they come."""
    from analyzer.store import pack

    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    doc = read_contract(path)
    report = fake_analyze(doc)
    from analyzer.report import to_json

    report_json = to_json(report).encode("utf-8")
    artifact = "<html>annotated — 甲方</html>".encode()
    with ResultStore(tmp_path / "r.sqlite") as db:
        run = db.start_run("v", FAKE_PATTERNS)
        db.record_result(
            run,
            path=str(path),
            doc="a",
            key=result_key(doc.sha256, "v", FAKE_PATTERNS),
            sha256=doc.sha256,
            versions=("v", FAKE_PATTERNS),
            report_json=pack(report_json) if packed else report_json,
            rows=row_tuples(rows_from_report(report, doc="a", path=str(path))),
            artifact=pack(artifact) if packed else artifact,
            artifact_kind="html",
            packed=packed,
        )
        db.finish_run(run)
    with open_store(tmp_path / "r.sqlite") as s:
        assert to_json(s.report("a")) == to_json(report)
        assert [a[-1] for a in s.artifacts()] == [artifact]


def test_store_from_another_schema_is_a_clear_error(tmp_path: Path) -> None:
    """A store written by an older analyzer (schema 1, findings without confidence) is refused
    with one sentence saying what to do, not a raw SQLite error."""
    path = tmp_path / "results.sqlite"
    with ResultStore(path) as db:
        db.conn.execute("UPDATE meta SET value='1' WHERE key='schema'")
        db.conn.commit()
    with pytest.raises(StoreError, match="another version of the analyzer.*use a new --out"):
        ResultStore(path)


def test_labels_jsonl_carries_confidence_and_review(tmp_path: Path) -> None:
    """The portfolio's labels.jsonl: the LABELS.md object plus the second reader's confidence
    per label and the labels marked for a lawyer's check (real analysis of our samples)."""
    import json

    samples = TESTS.parent / "sample_contracts" / "en"
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("northbank_contact_centre_services.docx", "meridian_retail_app_development.docx"):
        (folder / name).write_bytes((samples / name).read_bytes())
    analyze_portfolio([folder], out=tmp_path / "out", workers=1)
    lines = [
        json.loads(x)
        for x in (tmp_path / "out" / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(lines) == 2
    for line in lines:
        assert set(line) == {"doc", "labels", "confidence", "review"}
        assert set(line["confidence"]) == set(line["labels"]) - {"art10_arbitration_institution"}
        assert set(line["review"]) <= set(line["labels"])
    meridian = next(x for x in lines if x["doc"].startswith("meridian"))
    # a bare need-to-know permission is no staff confidentiality (LABELS.md): the rules' value
    # stands, whatever the model scores
    assert meridian["labels"]["art6_personnel_confidentiality"] is False
    assert all(0.0 <= p <= 1.0 for p in meridian["confidence"].values())
