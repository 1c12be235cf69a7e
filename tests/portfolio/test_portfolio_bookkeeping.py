"""Issue #14: batch bookkeeping a legal team can rely on — nothing overwritten, nothing skipped,
nothing stale, nothing leaked.

Each test builds its own folder layout (valid contracts arranged as shared drives and data rooms
arrange them) and runs the portfolio runner with real worker processes; where the case is about
the operating system (a read-only share, a full disk, SIGTERM, a second run at the same time) it
uses the real thing: a read-only bind mount, a small tmpfs, a signal to a running process.
Mounting needs root; those tests are skipped elsewhere. The cases inside one file (a remote
template, tables nested too deep, clauses six levels deep, a long name for ``annotate``, the
bound on obligations) are tested with the module they concern; all of them together, end to
end, in tests/portfolio/test_portfolio_bookkeeping_e2e.py.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from portfolio_fakes import FAKE_PATTERNS, fake_analyze

from analyzer.cli import main
from analyzer.portfolio import PortfolioResult, analyze_portfolio
from analyzer.store import open_store

TESTS = Path(__file__).resolve().parent.parent  # tests/ (portfolio_fakes, builders)
ROOT = TESTS.parent
GOOD = (
    "SERVICES AGREEMENT\n"
    "1. The Supplier shall keep all confidential information of the Client secret.\n"
    "2. The Client shall own all deliverables.\n"
    "3. Disputes go to arbitration in Shanghai.\n"
)
BARE = "SHORT AGREEMENT\nThe Supplier shall deliver the goods on time.\n"
LONG_ZH = ("华东数据科技软件开发外包服务合同" * 6)[:79]  # 79 characters, 237 bytes of UTF-8


def _run(paths: list[Path], out: Path | None, **kw: object) -> PortfolioResult:
    kw.setdefault("workers", 2)
    kw.setdefault("progress", False)
    return analyze_portfolio(
        paths, out=out, analyze_fn=fake_analyze, pattern_version=FAKE_PATTERNS, **kw
    )


def _docx_bytes(*paragraphs: str) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _snapshot(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (links not followed): a file's sha256, 'dir', or 'link'; the
    run lock (it names the process holding it) aside."""
    out: dict[str, str] = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            if name == ".analyzer.lock":
                continue
            p = Path(dirpath) / name
            rel = str(p.relative_to(root))
            if p.is_symlink():
                out[rel] = "link -> " + os.readlink(p)
            elif p.is_dir():
                out[rel] = "dir"
            elif p.is_file():
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
            else:
                out[rel] = "special"
    return out


def _cli(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT)])}
    return subprocess.run(
        [sys.executable, "-m", "analyzer.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=env,
    )


def _rows(result: PortfolioResult) -> dict[str, tuple[str, str]]:
    """file name → (kind, code) of the run's error/duplicate/skipped rows."""
    errors = result.frames()["errors"]
    return {
        Path(r.path).name: (r.kind, r.code)
        for r in errors.itertuples(index=False)
        if r.kind != "warning"
    }


@contextlib.contextmanager
def _mounted(args: list[str], target: Path) -> Iterator[None]:
    """``mount ARGS TARGET`` for the block; skips the test where mounting is not allowed."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a read-only share or a small disk")
    done = subprocess.run(["mount", *args, str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)


# ---------------------------------------------------------------------------------------------
# Critical: outputs stay in --out; names unique, safe and stable


def test_bookkeeping_same_names_in_subfolders_of_a_read_only_share(tmp_path: Path) -> None:
    """Regression: two ``msa.docx`` in sub-folders of an absolute input path made the annotated
    copy land beside the original (overwriting a file there), be read back next run, and crash
    on a read-only share. Now every output is inside --out under a unique, stable name."""
    share = (tmp_path / "share").resolve()
    for year in ("2025", "2026"):
        (share / year).mkdir(parents=True)
        (share / year / "msa.docx").write_bytes(
            _docx_bytes(
                "MASTER SERVICES AGREEMENT",
                f"{year}. The Supplier shall keep all confidential information secret.",
                "The Client shall own all results.",
            )
        )
    # the file the old fallback name overwrote
    (share / "2025" / "msa.docx.annotated.docx").write_bytes(
        _docx_bytes("NOTE", "A reviewer's copy. The Supplier shall keep it confidential.")
    )
    before = _snapshot(share)
    beside = sorted(os.listdir(tmp_path))
    out = tmp_path / "review"
    with _mounted(["--bind", "-o", "ro", str(share)], share):
        r = _run([share], out)
        assert _snapshot(share) == before  # nothing written into the input
    assert (r.analysed, r.errors) == (3, 0)
    assert sorted(os.listdir(tmp_path)) == sorted([*beside, "review"])  # nothing else either
    docs = sorted(r.frames()["contracts"]["doc"])
    assert docs == ["2025/msa", "2025/msa.docx.annotated", "2026/msa"]
    copies = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx"))
    assert copies == [
        "annotated/2025/msa.annotated.docx",
        "annotated/2025/msa.docx.annotated.annotated.docx",
        "annotated/2026/msa.annotated.docx",
    ]
    for p in out.rglob("*"):
        assert p.resolve().is_relative_to(out.resolve())

    # adding files never renames another contract, and no copy is read back
    (share / "msa.docx").write_bytes(_docx_bytes("MSA", "The Client shall own all results."))
    (share / "2025" / "MSA.pdf").write_bytes(b"%PDF-1.4 not really")
    r2 = _run([share], out)
    names = dict(
        zip(r2.frames()["contracts"]["path"], r2.frames()["contracts"]["doc"], strict=True)
    )
    assert names[str(share / "2025" / "msa.docx")] == "2025/msa"
    assert names[str(share / "2026" / "msa.docx")] == "2026/msa"
    assert names[str(share / "msa.docx")] == "msa"
    assert r2.inputs == 5 and r2.cached == 3


# ---------------------------------------------------------------------------------------------
# High


def test_bookkeeping_long_chinese_title(tmp_path: Path) -> None:
    """Regression: a 79-character Chinese title (237 bytes) broke the output phase with "File
    name too long" (``analyzer annotate``: tests/test_annotate.py)."""
    src = tmp_path / "in"
    src.mkdir()
    contract = src / f"{LONG_ZH}.docx"
    contract.write_bytes(_docx_bytes("技术服务合同", "乙方应对甲方提供的全部资料严格保密。"))
    out = tmp_path / "out"
    r = _run([src], out)
    assert (r.analysed, r.errors) == (1, 0)
    (copy,) = (out / "annotated").iterdir()
    assert len(copy.name.encode()) <= 200 and copy.name.endswith(".annotated.docx")
    assert r.frames()["contracts"]["doc"].tolist() == [LONG_ZH]  # the name itself is whole


def test_bookkeeping_results_keyed_by_the_bytes_analysed(tmp_path: Path) -> None:
    """Regression: a worker read a file the parent had hashed earlier without checking; a file
    rewritten meanwhile was analysed truncated and served as "unchanged" forever, and a file
    briefly missing got E111 cached forever."""
    src = tmp_path / "in"
    src.mkdir()
    full = (
        "SERVICES AGREEMENT\n"
        + "".join(
            f"{i}. The Supplier shall keep confidential information secret.\n" for i in range(40)
        )
        + "99. The Client shall own all deliverables.\n"
    )
    (src / "b truncated.txt").write_text(full, "utf-8")
    (src / "c rewritten.txt").write_text(BARE, "utf-8")
    (src / "d missing.txt").write_text(GOOD.replace("Shanghai", "Beijing"), "utf-8")
    # the largest file goes first; while it is analysed, the others change under the run
    effects = "".join(
        f"WHILE ANALYSING {action} {src / name}\n"
        for action, name in (
            ("truncate", "b truncated.txt"),
            ("rewrite", "c rewritten.txt"),
            ("delete", "d missing.txt"),
        )
    )
    (src / "a big.txt").write_text(effects + GOOD * 60, "utf-8")
    store = tmp_path / "s.sqlite"
    r1 = _run([src], None, store=store, workers=1)
    rows = _rows(r1)
    assert rows["b truncated.txt"] == ("error", "E106")
    assert rows["c rewritten.txt"] == ("error", "E106")
    assert rows["d missing.txt"] == ("error", "E111")
    assert "changed while the run was reading it" in " ".join(r1.frames()["errors"]["message"])

    # the copy finishes, the missing file is back: the next run reads them again
    (src / "b truncated.txt").write_text(full, "utf-8")
    (src / "d missing.txt").write_text(GOOD.replace("Shanghai", "Beijing"), "utf-8")
    r2 = _run([src], None, store=store, workers=1)
    assert (r2.errors, r2.analysed, r2.cached) == (0, 2, 2)
    contracts = r2.frames()["contracts"].set_index("doc")
    # the whole file, not the truncated read: its last clause gives the IP owner
    assert contracts.loc["b truncated", "art11_ip_ownership"] == "client"
    # the rewritten file was analysed as rewritten, kept under the hash of those bytes
    assert contracts.loc["c rewritten", "art11_ip_ownership"] == "client"
    with open_store(store) as db:
        outcomes = dict(
            db.conn.execute(
                "SELECT path, outcome FROM run_files WHERE run_id=?", (r2.run_id,)
            ).fetchall()
        )
    assert outcomes[str(src / "c rewritten.txt")] == "cached"


def test_bookkeeping_transient_errors_from_an_older_store_are_retried(tmp_path: Path) -> None:
    """An E111 that an older version cached is not served: the file is analysed."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, "utf-8")
    store = tmp_path / "s.sqlite"
    first = _run([src], None, store=store)
    with sqlite3.connect(store) as c:  # what the old runner stored for a briefly missing file
        c.execute(
            "UPDATE results SET ok=0, error_code='E111', error_message='file not found', "
            "report=NULL"
        )
    assert first.analysed == 1
    again = _run([src], None, store=store)
    assert (again.analysed, again.cached, again.errors) == (1, 0, 0)


def test_bookkeeping_nothing_skipped_without_a_row(tmp_path: Path) -> None:
    """Regression: files starting with LICENSE, README or CHANGELOG were dropped silently."""
    src = tmp_path / "in"
    (src / ".old drafts").mkdir(parents=True)
    (src / "License Agreement - Acme Software.txt").write_text(GOOD, "utf-8")
    (src / "Licence and Services Agreement.txt").write_text(BARE, "utf-8")
    (src / "README.md").write_text("# How this data room is organised\n", "utf-8")
    (src / "CHANGELOG.txt").write_text("v2: signed\n", "utf-8")
    (src / ".old drafts" / "draft.txt").write_text(GOOD + "draft\n", "utf-8")
    (src / "~$cense Agreement.docx").write_bytes(b"owner file")
    out = tmp_path / "out"
    r = _run([src], out)
    assert sorted(r.frames()["contracts"]["doc"]) == [
        "Licence and Services Agreement",
        "License Agreement - Acme Software",
    ]
    assert _rows(r) == {
        ".old drafts": ("skipped", "W004"),
        "CHANGELOG.txt": ("skipped", "W005"),
        "README.md": ("skipped", "W005"),
        "~$cense Agreement.docx": ("skipped", "W004"),
    }
    assert r.skipped == 4 and r.inputs == 2
    summary = (out / "summary.md").read_text("utf-8")
    assert "4 files or folders skipped" in summary and "W005" in summary
    errors = load_workbook(out / "portfolio.xlsx", read_only=True)["Errors"]
    assert sum(1 for row in errors.iter_rows(values_only=True) if row[3] == "skipped") == 4


def test_bookkeeping_csv_cells_never_start_a_formula(tmp_path: Path) -> None:
    """Regression: ``doc`` and quote cells started with = + - @ (formula injection in Excel)."""
    src = tmp_path / "in"
    src.mkdir()
    body = (
        '=HYPERLINK("http://evil.invalid","click") The Supplier shall keep confidential data.\n'
        "+1+cmd|' /C calc'!A0 The Supplier shall not disclose it.\n"
        "-2+3 The Supplier shall own nothing.\n"
        "@SUM(1+1) The Client shall own all deliverables.\n"
        "\tThe Supplier shall keep records.\n"
    )
    for name in ("=1+2.txt", "+cmd.txt", "-minus.txt", "@at.txt", "plain.txt"):
        (src / name).write_text(f"AGREEMENT {name}\n{body}", "utf-8")
    out = tmp_path / "out"
    _run([src], out)
    neutralised = 0
    for name in ("findings.csv", "obligations.csv", "clauses.csv"):
        with (out / name).open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
                    neutralised += cell.startswith(("'=", "'+", "'-", "'@", "'\t"))
    assert neutralised > 10
    # the workbook keeps text as text (inline strings, never formulas), unchanged
    book = load_workbook(out / "portfolio.xlsx")
    cells = [c for row in book["Summary"].iter_rows(min_row=2) for c in row[:1]]
    assert {c.value for c in cells} >= {"=1+2", "+cmd", "-minus", "@at"}
    assert {c.data_type for c in cells} == {"s"}


# ---------------------------------------------------------------------------------------------
# Medium


def test_bookkeeping_files_that_are_not_regular_or_too_big_never_hang(tmp_path: Path) -> None:
    """Regression: a 10 GB sparse file was read in full for its hash; a file swapped for a named
    pipe or /dev/zero hung the run."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, "utf-8")
    with (src / "huge.txt").open("wb") as fh:
        fh.truncate(10 * 1024**3)
    os.mkfifo(src / "pipe.docx")
    (src / "to be a pipe.txt").write_text(BARE, "utf-8")
    (src / "to be zero.txt").write_text(BARE + "zero\n", "utf-8")
    effects = (
        f"WHILE ANALYSING fifo {src / 'to be a pipe.txt'}\n"
        f"WHILE ANALYSING devzero {src / 'to be zero.txt'}\n"
    )
    (src / "a big.txt").write_text(effects + GOOD * 40, "utf-8")
    t0 = time.perf_counter()
    r = _run([src], None, store=tmp_path / "s.sqlite", workers=1, timeout=60)
    assert time.perf_counter() - t0 < 60
    rows = _rows(r)
    assert rows["huge.txt"] == ("error", "E130")
    assert rows["pipe.docx"] == ("error", "E104")
    assert rows["to be a pipe.txt"] == ("error", "E104")
    assert rows["to be zero.txt"] == ("error", "E104")
    assert r.analysed == 2


def test_bookkeeping_links_out_of_the_input_are_not_followed(tmp_path: Path) -> None:
    """Regression: /etc/passwd and a credentials file reached the HTML report, clauses.csv and
    the store through symbolic links in the contracts folder."""
    secret = tmp_path / "home"
    secret.mkdir()
    (secret / "credentials.txt").write_text(
        "AWS SECRET: hunter2-very-secret\nThe Supplier shall keep it.\n", "utf-8"
    )
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, "utf-8")
    os.symlink(secret / "credentials.txt", src / "notes.txt")
    os.symlink(secret, src / "more contracts")
    os.symlink("/etc/passwd", src / "passwd.txt")
    out = tmp_path / "out"
    r = _run([src], out)
    assert r.analysed == 1
    assert _rows(r) == {
        "notes.txt": ("skipped", "W002"),
        "more contracts": ("skipped", "W002"),
        "passwd.txt": ("skipped", "W002"),
    }
    for p in out.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            assert b"hunter2" not in data and b"root:x:0:0" not in data, p
    # an explicit --follow-links reads them
    status = main(
        ["portfolio", str(src), "--out", str(tmp_path / "out2"), "--follow-links", "--quiet"]
        + ["--workers", "1", "--no-annotate"]
    )
    assert status == 0
    with open_store(tmp_path / "out2" / "results.sqlite") as db:
        paths = set(db.contracts()["path"])
    assert str(src / "notes.txt") in paths and str(src / "passwd.txt") in paths


def test_bookkeeping_read_only_out_is_a_coded_error(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, "utf-8")
    out = tmp_path / "readonly review"
    out.mkdir()
    with _mounted(["--bind", "-o", "ro", str(out)], out):
        done = _cli("portfolio", str(src), "--out", str(out), "--quiet", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.startswith(f"error [E620]: {out}: ")
    assert "choose a writable --out" in done.stderr


def _fill(disk: Path, leave: int) -> Path:
    """Fill the file system of ``disk`` so that about ``leave`` bytes stay free."""
    filler = disk / "filler.bin"
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with filler.open("wb") as fh:
        fh.write(b"\0" * max(0, free - leave))
    return filler


def test_bookkeeping_disk_full_keeps_the_previous_outputs(tmp_path: Path) -> None:
    """Regression: a full disk gave a traceback and a half-written output folder mixing two
    runs. Now the outputs are written aside and swapped in as a set, or not at all."""
    src = tmp_path / "in"
    src.mkdir()
    lines = "".join(f"{i}. The Supplier shall keep confidential record {i}.\n" for i in range(6000))
    (src / "big.txt").write_text("SERVICES AGREEMENT\n" + lines, "utf-8")
    (src / "small.txt").write_text(GOOD, "utf-8")
    disk = tmp_path / "disk"
    disk.mkdir()
    with _mounted(["-t", "tmpfs", "-o", "size=24m", "tmpfs"], disk):
        out = disk / "review"
        assert _run([src], out, workers=1).analysed == 2
        before = _snapshot(out)
        # less room than the largest output needs: writing the outputs in place (as before)
        # would replace some and fail on that one, mixing two runs
        largest = max(p.stat().st_size for p in out.iterdir() if p.suffix in (".csv", ".xlsx"))
        (src / "small.txt").write_text(GOOD + "4. Amended.\n", "utf-8")
        filler = _fill(disk, largest // 2)
        script = (
            "import sys\n"
            "from portfolio_fakes import FAKE_PATTERNS, fake_analyze\n"
            "from analyzer.errors import AnalyzerError\n"
            "from analyzer.portfolio import analyze_portfolio\n"
            "try:\n"
            f"    analyze_portfolio([{str(src)!r}], out={str(out)!r}, workers=1, progress=False,"
            " analyze_fn=fake_analyze, pattern_version=FAKE_PATTERNS)\n"
            "except AnalyzerError as exc:\n"
            "    print(f'error [{exc.code}]: {exc.message}', file=sys.stderr)\n"
            "    sys.exit(1)\n"
        )
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT)])}
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith("error [E621]: "), done.stderr
        after = _snapshot(out)
        after.pop("results.sqlite"), before.pop("results.sqlite")
        assert after == before  # the previous outputs, whole; no staging folder left
        with open_store(out / "results.sqlite") as db:
            assert db.runs()["status"].tolist()[-1] == "failed"
        filler.unlink()
        r3 = _run([src], out, workers=1)
        assert (r3.analysed, r3.cached) == (0, 2)  # the failed run's result was kept
        new_sha = hashlib.sha256((src / "small.txt").read_bytes()).hexdigest()
        assert new_sha in (out / "clauses.csv").read_text("utf-8")  # the new outputs, in place


@pytest.mark.parametrize("damage", ["page", "header", "version"])
def test_bookkeeping_damaged_or_foreign_store_is_a_coded_error(tmp_path: Path, damage: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(30):
        (src / f"c{i}.txt").write_text(GOOD + f"{i}. Clause.\n" * 20, "utf-8")
    out = tmp_path / "out"
    _run([src], out, annotate=False)
    store = out / "results.sqlite"
    if damage == "version":
        with sqlite3.connect(store) as c:
            c.execute("UPDATE meta SET value='99' WHERE key='schema'")
        expected = "E612"
    else:
        data = bytearray(store.read_bytes())
        start = 0 if damage == "header" else len(data) // 3
        data[start : start + 8192] = os.urandom(8192)
        store.write_bytes(bytes(data))
        expected = "E611"
    (src / "new.txt").write_text(BARE, "utf-8")
    done = _cli("portfolio", str(src), "--out", str(out), "--quiet", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.startswith(f"error [{expected}]: {store}: "), done.stderr


def test_bookkeeping_earlier_output_folders_in_the_input_are_skipped(tmp_path: Path) -> None:
    """Regression: with a new --out, the previous run's output folder inside the input (its
    summary.md and annotated copies) was read as contracts."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, "utf-8")
    (src / "b.docx").write_bytes(_docx_bytes("AGREEMENT", "The Client shall own all results."))
    first = _run([src], src / "review 1")  # created after the walk: nothing to skip yet
    assert first.analysed == 2 and _rows(first) == {}
    second = _run([src], src / "review 2")
    assert sorted(second.frames()["contracts"]["doc"]) == ["a", "b"]
    assert _rows(second) == {"review 1": ("skipped", "W003")}
    third = _run([src], src / "review 2")  # this run's own output folder, once it exists
    assert _rows(third) == {
        "review 1": ("skipped", "W003"),
        "review 2": ("skipped", "W003"),
    }


_MEMORY_CHILD = """
import json, resource, sys
from analyzer.portfolio import analyze_portfolio
if __name__ == "__main__":
    r = analyze_portfolio([sys.argv[1]], out=sys.argv[2], workers=1, progress=False)
    print(json.dumps({
        "main_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "worker_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        "analysed": r.analysed, "errors": r.errors,
    }))
"""


def test_bookkeeping_memory_bounded_for_repeated_shall_not(tmp_path: Path) -> None:
    """Regression: 10 MB of "shall not " gave a million obligations, 2.9 GB of memory, a 690 MB
    store and a 417 MB CSV. Obligations are bounded per document, with a warning."""
    src = tmp_path / "in"
    src.mkdir()
    # 4 MB: a bare "shall not " has no bearer any more (issue #18), so each duty names one
    head = 'SERVICES AGREEMENT between Acme Ltd (the "Supplier") and Beta Inc (the "Client").\n'
    (src / "repeated.txt").write_text(
        head + "The Supplier shall not disclose it. " * 115_000, "utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD, str(src), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["analysed"] == 1
    assert result["main_kb"] < 1024 * 1024 and result["worker_kb"] < 1024 * 1024, result
    out = tmp_path / "out"
    assert (out / "obligations.csv").stat().st_size < 10 * 1024 * 1024
    assert (out / "results.sqlite").stat().st_size < 20 * 1024 * 1024
    with open_store(out / "results.sqlite") as db:
        errors = db.errors()
    assert "obligations_capped" in set(errors["code"])


# ---------------------------------------------------------------------------------------------
# Low

_TERM_CHILD = """
import sys
from portfolio_fakes import FAKE_PATTERNS, fake_analyze
from analyzer.portfolio import RunTerminated, analyze_portfolio
if __name__ == "__main__":
    try:
        analyze_portfolio([sys.argv[1]], out=sys.argv[2], workers=2, progress=False,
                          analyze_fn=fake_analyze, pattern_version=FAKE_PATTERNS)
    except RunTerminated:
        sys.exit(143)
"""


def _children(pid: int) -> dict[int, str]:
    """pid → command line of the live child processes of ``pid`` (Linux /proc)."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid and stat.rsplit(")", 1)[1].split()[0] != "Z":
                out[int(entry.name)] = (entry / "cmdline").read_bytes().decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue
    return out


def _wait_for(check: Callable[[], object], seconds: float = 180) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError("timed out")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_bookkeeping_sigterm_while_writing_outputs(tmp_path: Path) -> None:
    """Regression: SIGTERM in the output phase left the second output process writing after
    the command had exited, a 0-byte temporary file, and the run marked "running"."""
    src = tmp_path / "in"
    src.mkdir()
    lines = "".join(
        f"{i}. The Supplier shall keep confidential information {i} secret.\n"
        for i in range(12_000)
    )  # enough rows for the second output process
    (src / "big.txt").write_text("SERVICES AGREEMENT\n" + lines, "utf-8")
    (src / "small.txt").write_text(GOOD, "utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT)])}
    first = subprocess.run(
        [sys.executable, "-c", _TERM_CHILD, str(src), str(out)], env=env, timeout=600
    )
    assert first.returncode == 0
    before = _snapshot(out)
    (src / "small.txt").write_text(GOOD + "4. Amended.\n", "utf-8")
    proc = subprocess.Popen([sys.executable, "-c", _TERM_CHILD, str(src), str(out)], env=env)
    try:
        _wait_for(lambda: list(out.glob(".analyzer-staging-*")))
        helpers = _wait_for(
            lambda: {p: c for p, c in _children(proc.pid).items() if "spawn_main" in c}
        )
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=120) == 143
    finally:
        if proc.poll() is None:
            proc.kill()
    for pid in helpers:  # type: ignore[union-attr]
        _wait_for(lambda pid=pid: not Path(f"/proc/{pid}").exists(), 10)
    after = _snapshot(out)
    after.pop("results.sqlite", None), before.pop("results.sqlite", None)
    assert after == before  # the previous outputs as they were; no staging, no temporary file
    with open_store(out / "results.sqlite") as db:
        assert db.runs()["status"].tolist() == ["completed", "interrupted"]


def test_bookkeeping_sigterm_from_the_command_line(tmp_path: Path) -> None:
    """``analyzer portfolio`` stopped by SIGTERM says so (exit 143), no traceback."""
    src = tmp_path / "in"
    src.mkdir()
    dense = "The Supplier shall keep the Client's confidential information secret. "
    (src / "dense.txt").write_text(dense * 40_000, "utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "analyzer.cli", "portfolio", str(src), "--out", str(out)]
        + ["--quiet", "--workers", "1"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for(lambda: (out / "results.sqlite").exists() and _children(proc.pid))
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert "Traceback" not in err and "terminated" in err
    with open_store(out / "results.sqlite") as db:
        assert db.runs()["status"].tolist() == ["interrupted"]


def test_bookkeeping_second_run_on_the_same_out_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: two runs on one --out wrote at the same time (last writer wins)."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "slow.txt").write_text(GOOD + "SLEEP 20\n", "utf-8")
    out = tmp_path / "out"
    script = (
        "import sys\n"
        "from portfolio_fakes import FAKE_PATTERNS, fake_analyze\n"
        "from analyzer.portfolio import analyze_portfolio\n"
        "if __name__ == '__main__':\n"
        f"    analyze_portfolio([{str(src)!r}], out={str(out)!r}, workers=1, progress=False,"
        " analyze_fn=fake_analyze, pattern_version=FAKE_PATTERNS)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT)])}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        _wait_for(lambda: _children(proc.pid))  # it holds the lock and analyses
        status = main(["portfolio", str(src), "--out", str(out), "--quiet"])
        err = capsys.readouterr().err
        assert status == 1
        assert err.startswith(f"error [E622]: {out}: another analyzer run is using")
        assert f"pid {proc.pid}" in err
    finally:
        proc.kill()
        proc.wait()
    # the lock dies with its holder (even on SIGKILL): the next run goes ahead
    assert _run([src / "slow.txt"], out, workers=1, timeout=60).analysed in (0, 1)


def test_bookkeeping_out_equal_to_input_says_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    (src / "annotated").mkdir(parents=True)
    (src / "a.txt").write_text(GOOD, "utf-8")
    assert main(["portfolio", str(src), "--out", str(src)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error [E011]: {src}: the output folder is the input folder")
    # contracts kept inside an output folder's annotated/, which every run replaces
    assert main(["portfolio", str(src / "annotated"), "--out", str(src)]) == 2
    assert "E011" in capsys.readouterr().err
