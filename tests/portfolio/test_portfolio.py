"""Portfolio runner: discovery, per-file errors, timeouts, cache, outputs, CLI exit codes."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from portfolio_fakes import FAKE_PATTERNS, fake_analyze

from analyzer.cli import main
from analyzer.portfolio import (
    PortfolioError,
    PortfolioResult,
    analyze_portfolio,
    atomic_write,
    discover,
    doc_names,
)
from analyzer.store import open_store

GOOD = (
    "SERVICES AGREEMENT\n"
    "1. The Supplier shall keep all confidential information of the Client secret.\n"
    "2. The Client shall own all deliverables.\n"
    "3. Disputes go to arbitration in Shanghai.\n"
)
BARE = "SHORT AGREEMENT\nThe Supplier shall deliver the goods on time.\n"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "contracts"
    (d / "sub dir").mkdir(parents=True)
    (d / "alpha.txt").write_text(GOOD, encoding="utf-8")
    (d / "sub dir" / "béta contract.txt").write_text(BARE, encoding="utf-8")
    (d / "copy of alpha.md").write_text(GOOD, encoding="utf-8")  # duplicate content
    (d / "broken.txt").write_text("BOOM\n", encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / ".hidden.txt").write_text(GOOD + "x", encoding="utf-8")
    (d / "~$lock.docx").write_bytes(b"lock")
    (d / "notes.csv").write_text("a,b\n", encoding="utf-8")
    os.symlink(d, d / "sub dir" / "loop")  # a symlink loop must not hang the walk
    return d


def _run(paths: list[Path], out: Path | None, **kw: object) -> PortfolioResult:
    """Run with the stand-in analyser; ``out=None`` writes only the store (faster)."""
    kw.setdefault("workers", 2)
    kw.setdefault("progress", False)
    return analyze_portfolio(
        paths, out=out, analyze_fn=fake_analyze, pattern_version=FAKE_PATTERNS, **kw
    )


def test_portfolio_discover_skips_hidden_lock_unsupported_and_loops(folder: Path) -> None:
    names = sorted(p.name for p in discover([folder]))
    assert names == [
        "alpha.txt",
        "broken.txt",
        "béta contract.txt",
        "copy of alpha.md",
        "empty.txt",
    ]


def test_portfolio_discover_missing_path_is_usage_error(tmp_path: Path) -> None:
    with pytest.raises(PortfolioError, match="no such file"):
        discover([tmp_path / "nope"])


def test_portfolio_run_counts_errors_cache_and_outputs(folder: Path, tmp_path: Path) -> None:
    before = {p: _sha(p) for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}
    out = tmp_path / "out"
    r = _run([folder], out)
    assert (r.inputs, r.analysed, r.errors, r.duplicates, r.cached) == (5, 2, 2, 1, 0)
    assert r.ok and r.succeeded == 2

    frames = r.frames()
    errors = frames["errors"].set_index("doc")
    assert errors.loc["broken", "code"] == "E900"
    assert errors.loc["empty", "kind"] == "error" and errors.loc["empty", "code"].startswith("E1")
    assert errors.loc["copy of alpha", "kind"] == "duplicate"
    contracts = frames["contracts"].set_index("doc")
    assert contracts.loc["alpha", "art11_ip_ownership"] == "client"
    # a file in a sub-folder is named by its path in the input folder (stable, unique names)
    assert contracts.loc["sub dir/béta contract", "art11_ip_ownership"] == "none"
    assert bool(contracts.loc["alpha", "art4_provider_nondisclosure"]) is True

    # every quote in the findings is the exact slice of the document text
    from analyzer.readers import read_contract

    doc = read_contract(folder / "alpha.txt")
    for row in frames["findings"].dropna(subset=["quote"]).itertuples():
        if row.doc == "alpha":
            assert doc.text[int(row.start) : int(row.end)] == row.quote

    # outputs
    for name in ("portfolio.xlsx", "findings.csv", "labels.jsonl", "summary.md"):
        assert (out / name).is_file(), name
    assert sorted(p.name for p in (out / "charts").glob("*.png")) == [
        "dispute_forum.png",
        "ip_ownership.png",
        "obligations_by_role.png",
        "requirement_share.png",
        "status_heatmap.png",
    ]
    assert sorted(
        p.relative_to(out / "annotated").as_posix() for p in (out / "annotated").rglob("*.html")
    ) == ["alpha.html", "sub dir/béta contract.html"]
    lines = [json.loads(x) for x in (out / "labels.jsonl").read_text("utf-8").splitlines()]
    assert [x["doc"] for x in lines] == ["alpha", "sub dir/béta contract"]
    assert lines[0]["labels"]["art10_dispute_forum"] == "arbitration"
    assert not list(out.rglob(".*.tmp*"))  # no temporary files left behind

    wb = load_workbook(out / "portfolio.xlsx", read_only=False)
    assert wb.sheetnames == ["Issues", "Summary", "Findings", "Obligations", "Clauses", "Errors"]
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("A2", "B2")
        assert ws.auto_filter.ref
    summary = wb["Summary"]
    header = [c.value for c in summary[1]]
    status_col = header.index("status.art4.provider_nondisclosure") + 1
    fills = {summary.cell(row=i, column=status_col).fill.fgColor.rgb for i in (2, 3)}
    assert {"00C6EFCE", "00FFC7CE"} <= fills  # met green, missing red

    assert (out / "obligations.csv").is_file() and (out / "clauses.csv").is_file()
    stamp = (out / "portfolio.xlsx").stat().st_mtime_ns

    # a re-run analyses nothing that was finished (errors that are not timeouts are kept)
    r2 = _run([folder], out)
    assert (r2.analysed, r2.cached, r2.errors, r2.duplicates) == (0, 2, 2, 1)
    # same results, same outputs: only summary.md is rewritten
    assert (out / "portfolio.xlsx").stat().st_mtime_ns == stamp
    assert "# Portfolio review — run 2" in (out / "summary.md").read_text("utf-8")
    # the originals were never written
    after = {p: _sha(p) for p in before}
    assert after == before


def test_portfolio_no_cache_reanalyses(folder: Path, tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite"
    _run([folder / "alpha.txt"], None, store=store, annotate=False)
    r = _run([folder / "alpha.txt"], None, store=store, annotate=False, use_cache=False)
    assert (r.analysed, r.cached) == (1, 0)
    with open_store(r.store) as s:
        assert len(s.runs()) == 2
        assert len(s.findings()) == 3  # replaced, not duplicated


def test_portfolio_timeout_stops_one_file_not_the_batch(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "runaway.txt").write_text("HANG\n", encoding="utf-8")
    (d / "fine.txt").write_text(GOOD, encoding="utf-8")
    (d / "fine2.txt").write_text(BARE, encoding="utf-8")
    r = _run([d], None, store=tmp_path / "s.sqlite", workers=1, timeout=3, annotate=False)
    assert (r.analysed, r.errors) == (2, 1)
    err = r.frames()["errors"].iloc[0]
    assert (err["doc"], err["code"]) == ("runaway", "E500")
    assert "time limit" in err["message"]


def test_portfolio_cli_exit_codes(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["portfolio", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file" in capsys.readouterr().err
    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "empty.txt").write_bytes(b"")
    assert main(["portfolio", str(only_bad), "--out", str(tmp_path / "o2"), "--quiet"]) == 1
    assert "no contract could be analysed" in capsys.readouterr().err
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    assert main(["portfolio", str(empty_dir), "--out", str(tmp_path / "o3")]) == 2


def test_portfolio_output_folder_inside_input_is_not_read(folder: Path) -> None:
    out = folder / "review"
    _run([folder / "alpha.txt"], out)
    names = [p.name for p in discover([folder], exclude=[out])]
    assert "alpha.html" not in names and "results.sqlite" not in names


def test_portfolio_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    atomic_write(target, "old")
    atomic_write(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (["a/x.txt", "a/y.docx"], ["x", "y"]),
        (["a/x.txt", "a/x.docx"], ["x.txt", "x"]),  # same stem: the later one keeps its extension
        (["a/x.txt", "b/x.txt"], ["a/x", "b/x"]),  # the path from the folder they share
    ],
)
def test_portfolio_doc_names_unique_within_a_run(files: list[str], expected: list[str]) -> None:
    paths = [Path(f) for f in files]
    names = doc_names(paths)
    assert [names[p] for p in paths] == expected


def test_portfolio_failed_run_is_marked_interrupted(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, encoding="utf-8")
    store = tmp_path / "s.sqlite"
    with pytest.raises(TypeError, match="Scheduler address"):
        _run([src], None, store=store, scheduler=object())
    with open_store(store) as s:
        runs = s.runs()
    assert list(runs["status"]) == ["interrupted"] and runs["finished"].notna().all()


def test_portfolio_workers_start_when_main_is_stdin(tmp_path: Path) -> None:
    """Regression: ``python - < script`` made every spawned worker die (no such file <stdin>)."""
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    script = (
        "from portfolio_fakes import FAKE_PATTERNS, fake_analyze\n"
        "from analyzer.portfolio import analyze_portfolio\n"
        f"r = analyze_portfolio([{str(tmp_path / 'a.txt')!r}], store={str(tmp_path / 's.db')!r},"
        " workers=1, progress=False, analyze_fn=fake_analyze, pattern_version=FAKE_PATTERNS)\n"
        "print(r.analysed)\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent.parent), *sys.path]),
    }
    done = subprocess.run(
        [sys.executable, "-"], input=script, text=True, capture_output=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "1"


def test_portfolio_sends_largest_files_first(tmp_path: Path) -> None:
    d = tmp_path / "c"
    d.mkdir()
    sizes = {"a-small": 1, "b-large": 40, "c-medium": 10, "d-medium": 10}
    for name, n in sizes.items():
        (d / f"{name}.txt").write_text(GOOD + f"{name}\n" * n, encoding="utf-8")
    r = _run([d], None, workers=1, store=tmp_path / "r.sqlite")
    with open_store(r.store) as s:
        order = [
            Path(p).stem for (p,) in s.conn.execute("SELECT path FROM run_files ORDER BY rowid")
        ]
    # one worker finishes files in the order it gets them; equal sizes keep the folder order
    assert order == ["b-large", "c-medium", "d-medium", "a-small"]


@pytest.mark.parametrize(
    "contract", ["en/meridian_retail_app_development.docx", "zh/software_dev_either_or.pdf"]
)
def test_portfolio_worker_never_imports_pandas(contract: str) -> None:
    """A worker's start-up and its analysis of a real contract need no pandas (0.4 s and ~40 MB
    a worker): only the parent's outputs and the store's DataFrame readers import it."""
    import subprocess
    import sys

    path = Path(__file__).parent.parent.parent / "sample_contracts" / contract
    script = (
        "import sys\n"
        "from analyzer.portfolio.task import Task, _warm_up, run_task\n"
        "_warm_up()\n"
        f"outcome = run_task(Task({str(path)!r}, 'doc', 'sha', 'key', True, None, False))\n"
        "print(outcome.ok, outcome.artifact is not None, 'pandas' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], text=True, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.split() == ["True", "True", "False"]


def test_portfolio_worker_loads_no_output_writers_and_quiets_its_collector() -> None:
    """A worker (``_worker_main`` on a real contract) imports neither the output writers nor the
    run's own modules (``analyzer.portfolio`` names them lazily), and after its start-up the
    garbage collector no longer sees the start-up's objects and runs less often."""
    import subprocess
    import sys

    path = Path(__file__).parent.parent.parent / "sample_contracts" / "en"
    script = (
        "import gc, sys, threading\n"
        "from multiprocessing import Pipe\n"
        "from analyzer.portfolio.task import WORKER_GC_THRESHOLD, Task, _worker_main\n"
        "tasks_r, tasks_w = Pipe(duplex=False)\n"
        "results_r, results_w = Pipe(duplex=False)\n"
        f"tasks_w.send(Task({str(path / 'evergreen_payroll_services.txt')!r}, 'd', 's', 'k'))\n"
        "tasks_w.send(None)\n"
        "worker = threading.Thread(target=_worker_main, args=(tasks_r, results_w, True))\n"
        "worker.start()\n"
        "ready, outcome = results_r.recv(), results_r.recv()\n"
        "worker.join()\n"
        "loaded = [m for m in ('analyzer.outputs.write', 'analyzer.outputs.xlsx',\n"
        "          'analyzer.portfolio.run', 'analyzer.portfolio.runner') if m in sys.modules]\n"
        "print(ready, outcome.ok, len(outcome.rows.tables['obligations']) > 0, loaded,\n"
        "      gc.get_threshold() == WORKER_GC_THRESHOLD, gc.get_freeze_count() > 10_000)\n"
        "import analyzer.portfolio as p\n"
        "from analyzer.outputs.write import write_outputs\n"
        "print(all(getattr(p, n) is not None for n in p.__all__), p.write_outputs is write_outputs)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], text=True, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.split() == ["ready", "True", "True", "[]", "True", "True", "True", "True"]


@pytest.mark.parametrize(("workers", "parallel"), [(1, False), (2, None)])
def test_portfolio_workers_bound_the_output_processes(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int, parallel: object
) -> None:
    """``--workers 1`` writes the outputs in this process alone (no second output process);
    with more workers a large run may share them with one."""
    import analyzer.portfolio.run as portfolio

    seen: list[object] = []
    real = portfolio.write_outputs

    def spy(*args: object, parallel: bool | None = None) -> list[Path]:
        seen.append(parallel)
        return real(*args, parallel=parallel)  # type: ignore[arg-type]

    monkeypatch.setattr(portfolio, "write_outputs", spy)
    _run([folder], tmp_path / "out", workers=workers)
    assert seen == [parallel]
    assert (tmp_path / "out" / "portfolio.xlsx").is_file()


def test_portfolio_leaves_no_sqlite_side_files_beside_the_outputs(
    folder: Path, tmp_path: Path
) -> None:
    """The outputs read the store through read-only connections, which leave ``-wal``/``-shm``
    files behind; the run folds them back into results.sqlite when it ends."""
    out = tmp_path / "out"
    _run([folder], out)
    _run([folder], out)  # the re-run path (only summary.md rewritten) as well
    names = {p.name for p in out.iterdir()}
    assert "results.sqlite" in names
    assert not {n for n in names if n.startswith("results.sqlite-")}
    with open_store(out / "results.sqlite") as s:  # still a complete store
        assert len(s.runs()) == 2
