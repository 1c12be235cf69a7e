"""Batch runner: many contracts → results store (SQLite) → DataFrames, workbook, charts, reports.

Local run (worker processes on this machine)::

    from analyzer.portfolio import analyze_portfolio
    result = analyze_portfolio(["contracts/"], out="review/", workers=2)
    result.frames()["contracts"]

Folders are walked (``.docx``, ``.pdf``, ``.txt``, ``.md``, and ``.doc``, ``.rtf``, ``.odt``… so
that those get an error row saying to save them as .docx; hidden files, Word lock files
``~$…`` and README/LICENSE/CHANGELOG files skipped; symlink loops are safe); files with identical
content are analysed once (the others are listed as duplicates, code ``W001``). Each file is
analysed in a worker process (``spawn`` start method; each worker loads the patterns and spaCy
pipelines once). The pool is a few ``multiprocessing`` processes, each fed through its own pipes,
rather than a ``ProcessPoolExecutor``: an executor cannot stop one runaway task without breaking
the whole pool. A file that fails becomes an
error row with a stable code — it never stops the batch. A file that runs longer than ``timeout``
seconds is stopped by killing its worker (a new worker takes its place) and reported as ``E500``;
a worker that dies (e.g. out of memory) is reported as ``E501``; an unexpected exception as
``E900``. Timeouts and crashes are not cached, so a re-run tries those files again.

Results stream into the store as they arrive (one commit per file, nothing kept in memory), keyed by
sha256 + analyzer version + pattern-set version: a re-run skips unchanged contracts, and a run
that was interrupted (Ctrl-C, SIGKILL, power cut) resumes where it stopped.

Outputs in ``out`` (each written atomically: temporary file + ``os.replace``): ``portfolio.xlsx``
(sheets Summary, Findings, Obligations — those on the regulation's topics —, Clauses — those
with tags —, Errors), ``findings.csv``, ``obligations.csv``, ``clauses.csv`` (every row),
``labels.jsonl`` (``{"doc", "labels"}`` per contract), ``summary.md``, ``charts/*.png`` and
``annotated/`` (a DOCX with Word comments for each DOCX contract, an HTML report otherwise). The
store defaults to ``out/results.sqlite``; reopen it with :func:`analyzer.store.open_store`.
Outputs stream from the store in chunks (charts and summary read a few columns and SQL counts), so
the parent's memory does not grow with the portfolio; on large runs a second process shares the
outputs with the parent (each takes the costliest output not yet taken), unless ``workers=1``:
then this process writes them all, so that one worker means one busy core. The workbook is written
as SpreadsheetML directly, not through openpyxl (about ten times cheaper a cell).

Dask cluster (optional extra ``pip install 'outsourcing-analyzer[dask]'``)::

    analyzer portfolio contracts/ --out review/ --scheduler tcp://SCHEDULER-HOST:8786
    analyze_portfolio(paths, out="review/", scheduler="tcp://SCHEDULER-HOST:8786")

The same per-file function is submitted to a ``dask.distributed`` scheduler; results come back to
this process, which alone writes the store and the outputs. Start a cluster with
``dask scheduler`` on one machine and ``dask worker tcp://HOST:8786`` on each worker machine; the
workers need this package installed (same version) and must see the contract files at the same
paths (a shared file system). ``scheduler`` may also be a ``distributed.Client`` or
``LocalCluster``. Dask cannot stop a running task, so ``timeout`` is not enforced there.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import itertools
import json
import logging
import math
import multiprocessing
import os
import re
import sys
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from analyzer import __version__
from analyzer.errors import AnalyzerError
from analyzer.frames import RowTuples, row_tuples, rows_from_report
from analyzer.model import ContractReport, Document
from analyzer.report import LABEL_KEYS
from analyzer.store import ROW_TABLES, ResultStore, open_store, pack, release_wal, result_key

log = logging.getLogger(__name__)

# in folders, files named like project documentation are not contracts (given explicitly, they are)
_NOT_CONTRACTS = ("README", "LICENSE", "CHANGELOG")
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".docx", ".pdf", ".txt", ".md"})
# other word-processing files found in folders are listed too, each with a row saying what to do
# (E101 "save it as .docx"); a macro-enabled .docm or a .dotx template is read as the DOCX it is
REPORTED_SUFFIXES: frozenset[str] = frozenset({".doc", ".dot", ".docm", ".dotx", ".rtf", ".odt"})
DEFAULT_TIMEOUT = 300.0
STORE_NAME = "results.sqlite"

# stable per-file error codes added by the runner (reader/engine errors keep their own codes)
TIMEOUT_CODE = "E500"
CRASH_CODE = "E501"
UNEXPECTED_CODE = "E900"
UNREADABLE_CODE = "E103"
BAD_NAME_CODE = "E115"
USAGE_CODE = "E010"
NOT_RETRIED = frozenset({TIMEOUT_CODE, CRASH_CODE})

AnalyzeFn = Callable[[Document], ContractReport]


class PortfolioError(AnalyzerError):
    """A usage problem with the whole run (no inputs, bad path, bad option)."""

    code = USAGE_CODE


# ----------------------------------------------------------------------------------------------
# inputs


def discover(paths: Iterable[str | os.PathLike[str]], exclude: Sequence[Path] = ()) -> list[Path]:
    """Files to analyse, in a stable order: given files as-is, folders walked recursively.

    Symlinked folders are followed once (loops are safe); ``exclude`` folders (the output
    folder) are skipped.
    """
    excluded = {p.resolve() for p in exclude}
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[Path] = set()
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise PortfolioError("no such file or folder", path=str(p))
        if p.is_file():
            if p.resolve() not in seen_files:
                seen_files.add(p.resolve())
                out.append(p)
            continue
        for root, dirs, files in os.walk(p, followlinks=True):
            rp = Path(root)
            st = rp.stat()
            if (st.st_dev, st.st_ino) in seen_dirs or rp.resolve() in excluded:
                dirs[:] = []
                continue
            seen_dirs.add((st.st_dev, st.st_ino))
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith((".", "~$")) or name.upper().startswith(_NOT_CONTRACTS):
                    continue
                f = rp / name
                if (
                    f.suffix.lower() not in SUPPORTED_SUFFIXES | REPORTED_SUFFIXES
                    or not f.is_file()
                ):
                    continue
                if f.resolve() in seen_files:
                    continue
                seen_files.add(f.resolve())
                out.append(f)
    return out


def repo_path(path: str | os.PathLike[str]) -> Path:
    """``path`` as given if it exists or is absolute, else relative to the repository root
    (the folder holding ``analyzer/``), e.g. ``repo_path("sample_contracts")`` in a notebook."""
    p = Path(path)
    if p.is_absolute() or p.exists():
        return p
    return Path(__file__).resolve().parent.parent / p


def printable(text: str) -> str:
    """``text`` with the undecodable bytes of a file name (kept as surrogates) shown as \\xNN."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def patterns_dir() -> Path | None:
    """The ``clause_patterns/`` folder the analysis uses (source tree or the wheel's copy)."""
    from analyzer.patterns import default_directory

    d = default_directory()
    return d if d.is_dir() else None


def patterns_version(directory: Path | None = None) -> str:
    """Pattern-set version for the cache key: the ``PatternSet.version`` the workers' patterns
    will report (:func:`analyzer.patterns.pattern_set_version`: read from the files, nothing
    compiled).

    Falls back to the VERSION file plus a hash of every file of ``clause_patterns/``. Editing any
    pattern or rule file changes it, so results from older patterns are not reused.
    """
    if directory is None:
        try:
            from analyzer.patterns import pattern_set_version

            return pattern_set_version()
        except Exception as exc:  # the workers report pattern problems per file
            log.debug("pattern set not readable for its version: %s", type(exc).__name__)
    d = directory or patterns_dir()
    if d is None:
        return "none"
    h = hashlib.sha256()
    for f in sorted(d.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.relative_to(d).as_posix().encode())
            h.update(b"\0")
            h.update(f.read_bytes())
    base = (d / "VERSION").read_text(encoding="utf-8").strip() if (d / "VERSION").is_file() else ""
    return f"{base or '0'}+{h.hexdigest()[:12]}"


# ----------------------------------------------------------------------------------------------
# the per-file task (runs in a worker process or on a Dask worker)


@dataclass(frozen=True)
class Task:
    path: str
    doc: str
    sha256: str
    key: str
    annotate: bool = True
    analyze_fn: AnalyzeFn | None = None
    ocr: bool = False


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back: everything the store needs, nothing kept afterwards."""

    ok: bool
    report_json: bytes | None = None
    rows: RowTuples | None = None
    artifact: bytes | None = None
    artifact_kind: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    seconds: float = 0.0
    cache: bool = True
    packed: bool = False  # report_json and artifact compressed by store.pack (in the worker)


def _default_analyze(document: Document) -> ContractReport:
    from analyzer.engine import analyze

    return analyze(document)


def make_artifact(document: Document, report: ContractReport) -> tuple[bytes, str]:
    """The annotated copy: a DOCX with Word comments for DOCX inputs, else an HTML report."""
    if document.format == "docx":
        from analyzer.annotate import annotate_docx_bytes

        return annotate_docx_bytes(Path(document.path), report, document), "docx"
    from analyzer.report import to_html

    return to_html(report, document).encode("utf-8"), "html"


def run_task(task: Task) -> Outcome:
    """Read, analyse and annotate one file. Never raises for a bad file."""
    from analyzer.readers import read_contract
    from analyzer.report import to_dict

    t0 = time.perf_counter()
    try:
        document = read_contract(task.path, ocr=task.ocr)
        report = (task.analyze_fn or _default_analyze)(document)
        rows = row_tuples(rows_from_report(report, doc=task.doc, path=task.path))
        report_json = json.dumps(to_dict(report), ensure_ascii=False).encode("utf-8")
        artifact: bytes | None = None
        kind: str | None = None
        if task.annotate:
            try:
                artifact, kind = make_artifact(document, report)
            except Exception as exc:  # an annotation problem must not lose the analysis
                log.warning("annotated copy failed for %s: %s", task.path, type(exc).__name__)
        return Outcome(
            ok=True,
            report_json=pack(report_json),
            rows=rows,
            artifact=pack(artifact),
            artifact_kind=kind,
            seconds=time.perf_counter() - t0,
            packed=True,
        )
    except AnalyzerError as exc:
        return Outcome(
            ok=False,
            error_code=exc.code,
            error_message=exc.message if exc.path else f"{task.path}: {exc.message}",
            seconds=time.perf_counter() - t0,
        )
    except MemoryError:
        return Outcome(
            ok=False,
            error_code=CRASH_CODE,
            error_message=f"{task.path}: ran out of memory while analysing",
            cache=False,
        )
    except Exception as exc:
        log.debug("unexpected failure on %s", task.path, exc_info=True)
        return Outcome(
            ok=False,
            error_code=UNEXPECTED_CODE,
            error_message=(
                f"{task.path}: unexpected {type(exc).__name__} while analysing; "
                "please report it (run `analyzer screen FILE --debug` for the traceback)"
            ),
            seconds=time.perf_counter() - t0,
        )


def _warm_up() -> None:
    """Load the patterns and pipelines once per worker process."""
    try:
        from analyzer import load_patterns

        patterns = load_patterns()
        from analyzer.patterns import tagger_for

        for language in ("en", "zh"):  # cached per process: built once, before any time limit
            tagger_for(patterns, language)
        from analyzer import engine

        warm = getattr(engine, "warm_up", None)
        if callable(warm):
            warm()
    except Exception as exc:  # the first task reports the real problem
        log.debug("worker warm-up failed: %s", type(exc).__name__)


def _worker_main(tasks: Connection, results: Connection, warm: bool) -> None:
    if warm:
        _warm_up()
    try:
        results.send("ready")
        while True:
            task = tasks.recv()
            if task is None:
                break
            results.send(run_task(task))
    except (EOFError, OSError, KeyboardInterrupt):
        pass


# ----------------------------------------------------------------------------------------------
# local pool: one process per slot, so that a runaway file can be killed on its own


@contextlib.contextmanager
def _main_without_missing_file() -> Iterator[None]:
    """Spawned workers re-import the parent's ``__main__`` from its file; when that "file" does
    not exist (``python - < script``, some embedders) hide it so that workers still start.
    A real script still needs the usual ``if __name__ == "__main__":`` guard."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or Path(path).is_file():
        yield
        return
    delattr(main, "__file__")
    try:
        yield
    finally:
        main.__file__ = path


class _Slot:
    """One worker process with two one-way pipes (no sockets: works with sockets disabled)."""

    def __init__(self, ctx: Any, warm: bool) -> None:
        tasks_r, self.tasks = ctx.Pipe(duplex=False)
        self.conn, results_w = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_worker_main, args=(tasks_r, results_w, warm), daemon=True)
        with _main_without_missing_file():
            self.proc.start()
        tasks_r.close()
        results_w.close()
        self.ready = False
        self.task: Task | None = None
        self.deadline = float("inf")

    def submit(self, task: Task, timeout: float) -> None:
        self.tasks.send(task)
        self.task = task
        self.deadline = time.monotonic() + timeout

    def stop(self, *, kill: bool) -> None:
        try:
            if kill:
                self.proc.kill()
            else:
                self.tasks.send(None)
        except OSError:
            pass
        self.proc.join(timeout=None if kill else 5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.tasks.close()
        self.conn.close()


def _failure(task: Task, code: str, message: str) -> Outcome:
    return Outcome(ok=False, error_code=code, error_message=f"{task.path}: {message}", cache=False)


def run_local(
    tasks: Iterable[Task], workers: int, timeout: float, *, warm: bool = True
) -> Iterator[tuple[Task, Outcome]]:
    """Run tasks in ``workers`` spawned processes; yield results as they finish.

    A worker that exceeds ``timeout`` seconds on a file is killed and replaced (a
    ProcessPoolExecutor cannot stop one task without breaking the whole pool).
    """
    ctx = multiprocessing.get_context("spawn")
    queue = deque(tasks)
    slots = [_Slot(ctx, warm) for _ in range(max(1, min(workers, len(queue))))] if queue else []
    start_failures = 0
    try:
        while queue or any(s.task is not None for s in slots):
            for s in slots:
                if s.ready and s.task is None and queue:
                    s.submit(queue.popleft(), timeout)
            busy = [s for s in slots if s.task is not None]
            wait_for = 1.0
            if busy:
                wait_for = max(0.0, min(1.0, min(s.deadline for s in busy) - time.monotonic()))
            by_conn = {s.conn: s for s in slots}
            for conn in wait(list(by_conn), timeout=wait_for):
                s = by_conn[conn]
                try:
                    msg = s.conn.recv()
                except (EOFError, OSError):
                    msg = None
                if msg == "ready":
                    s.ready = True
                    continue
                if isinstance(msg, Outcome) and s.task is not None:
                    done, s.task = s.task, None
                    if queue:  # the next file first: the worker runs while the caller stores
                        s.submit(queue.popleft(), timeout)
                    yield done, msg
                    continue
                # the worker died
                lost = s.task
                s.stop(kill=True)
                slots[slots.index(s)] = _Slot(ctx, warm)
                if lost is not None:
                    yield lost, _failure(lost, CRASH_CODE, "the worker process died on this file")
                else:
                    start_failures += 1
                    if start_failures > 3:
                        raise AnalyzerError("worker processes cannot start", code="E502")
            now = time.monotonic()
            for i, s in enumerate(slots):
                if s.task is not None and now >= s.deadline:
                    late = s.task
                    s.stop(kill=True)
                    slots[i] = _Slot(ctx, warm)
                    yield (
                        late,
                        _failure(
                            late, TIMEOUT_CODE, f"stopped after the {timeout:g}-second time limit"
                        ),
                    )
    finally:
        for s in slots:
            s.stop(kill=s.task is not None)


def run_dask(tasks: Iterable[Task], scheduler: Any) -> Iterator[tuple[Task, Outcome]]:
    """Submit tasks to a dask.distributed scheduler (address, Client or cluster)."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise PortfolioError(
            "--scheduler needs the dask extra: pip install 'outsourcing-analyzer[dask]'"
        ) from exc
    own_client = not isinstance(scheduler, Client)
    try:
        client = Client(scheduler, set_as_default=False) if own_client else scheduler
    except OSError as exc:
        raise PortfolioError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}") from exc
    try:
        by_future: dict[Any, Task] = {}
        for task in tasks:
            fut = client.submit(run_task, task, pure=False, key=f"analyze-{task.key}-{id(task)}")
            by_future[fut] = task
        for fut in as_completed(list(by_future), loop=client.loop):
            task = by_future.pop(fut)
            try:
                outcome = fut.result()
            except Exception as exc:
                outcome = _failure(task, CRASH_CODE, f"the Dask task failed ({type(exc).__name__})")
            fut.release()
            yield task, outcome
    finally:
        if own_client:
            client.close()


# ----------------------------------------------------------------------------------------------
# the run


@dataclass(frozen=True)
class PortfolioResult:
    run_id: int
    store: Path
    out: Path | None
    inputs: int
    analysed: int
    cached: int
    errors: int
    duplicates: int
    seconds: float
    succeeded: int  # contracts with a report (analysed now or cached)
    outputs: tuple[Path, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.succeeded > 0

    def frames(self) -> dict[str, Any]:
        with open_store(self.store) as s:
            return s.frames(self.run_id)

    def summary(self) -> str:
        return (
            f"run {self.run_id}: {self.inputs} files — {self.analysed} analysed, "
            f"{self.cached} unchanged (cached), {self.errors} errors, "
            f"{self.duplicates} duplicates in {self.seconds:.1f} s"
        )


def doc_names(files: Sequence[Path]) -> dict[Path, str]:
    """The contract name of each file: its stem (as in label output and gold files), or — when
    several files of the run share a stem — its file name, or failing that its path."""
    stems: dict[str, int] = {}
    names: dict[str, int] = {}
    for f in files:
        stems[f.stem] = stems.get(f.stem, 0) + 1
        names[f.name] = names.get(f.name, 0) + 1
    return {
        f: f.stem if stems[f.stem] == 1 else (f.name if names[f.name] == 1 else str(f))
        for f in files
    }


def analyze_portfolio(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    store: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    scheduler: Any = None,
    progress: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    *,
    annotate: bool = True,
    analyze_fn: AnalyzeFn | None = None,
    pattern_version: str | None = None,
    ocr: bool = False,
) -> PortfolioResult:
    """Analyse every contract under ``paths`` into the results store; write outputs to ``out``.

    ``store`` defaults to ``OUT/results.sqlite`` (or ``./analyzer_results.sqlite`` without
    ``out``). ``use_cache=False`` re-analyses everything. ``ocr=True`` reads image-only PDF pages
    through tesseract (see :func:`analyzer.readers.read_contract`). ``scheduler`` sends the work to a Dask
    cluster (see the module docstring). ``analyze_fn`` replaces the analysis of one Document
    (a module-level function, so that worker processes can import it); ``pattern_version``
    overrides the pattern-set part of the cache key (used with ``analyze_fn``).
    """
    t0 = time.perf_counter()
    inputs = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    if timeout <= 0:
        raise PortfolioError(f"the time limit must be positive, got {timeout}")
    if workers is not None and workers < 1:
        raise PortfolioError(f"--workers must be at least 1, got {workers}")
    out_dir = Path(out) if out is not None else None
    store_path = Path(store) if store is not None else None
    if store_path is None:
        store_path = (out_dir / STORE_NAME) if out_dir else Path("analyzer_results.sqlite")
    exclude = [p for p in (out_dir, store_path.parent if store is not None else None) if p]
    files = discover(inputs, exclude=[p for p in exclude if p.exists() and p.is_dir()])
    if not files:
        raise PortfolioError(
            "no contracts found (looked for .docx, .pdf, .txt, .md files)",
            path=", ".join(str(p) for p in inputs),
        )

    # OCR changes what a scanned file yields, so it is part of the cache key
    # ... and so is the second reader's model (a retrained model must not serve old results),
    # and the analysis code itself (analyzer.fingerprint: an upgrade never serves old results)
    from analyzer.fingerprint import code_version
    from analyzer.learned import model_version

    versions = (
        code_version(),
        (pattern_version or patterns_version()) + f"+m{model_version()}" + ("+ocr" if ocr else ""),
    )
    n_workers = workers or os.cpu_count() or 1
    with ResultStore(store_path) as db:
        run_id = db.start_run(*versions)
        tasks: list[Task] = []
        first_by_sha: dict[str, str] = {}
        docs = doc_names(files)
        for f in files:
            path = str(f)
            doc = docs[f]
            shown = printable(path)
            if shown != path:  # undecodable bytes in a name cannot be stored or shown as text
                db.record_file(
                    run_id,
                    path=shown,
                    doc=printable(doc),
                    sha256=None,
                    key=None,
                    outcome="error",
                    error_code=BAD_NAME_CODE,
                    error_message=f"{shown}: the file name is not valid UTF-8 (its bytes are "
                    "shown as \\xNN); rename the file and run again",
                )
                continue
            try:
                sha = file_sha256(f)
            except OSError as exc:
                db.record_file(
                    run_id,
                    path=path,
                    doc=doc,
                    sha256=None,
                    key=None,
                    outcome="error",
                    error_code=UNREADABLE_CODE,
                    error_message=f"{path}: cannot be read ({exc.strerror or exc})",
                )
                continue
            if sha in first_by_sha:
                db.record_file(
                    run_id,
                    path=path,
                    doc=doc,
                    sha256=sha,
                    key=None,
                    outcome="duplicate",
                    error_code="W001",
                    error_message=f"{path}: same content as {first_by_sha[sha]}; analysed once",
                )
                continue
            first_by_sha[sha] = path
            key = result_key(sha, *versions)
            cached = db.lookup(key) if use_cache else None
            if cached is not None:
                db.record_file(
                    run_id,
                    path=path,
                    doc=doc,
                    sha256=sha,
                    key=key,
                    outcome="cached" if cached.ok else "error",
                    error_code=cached.error_code,
                    error_message=cached.error_message,
                )
                continue
            tasks.append(Task(path, doc, sha, key, annotate, analyze_fn, ocr))
        del first_by_sha
        # largest files first: the last files to finish are small ones, so that no worker sits
        # idle for long while another finishes a big contract (outputs do not depend on order)
        tasks.sort(key=_task_size, reverse=True)

        bar = _progress(len(tasks), progress)
        results = run_dask(tasks, scheduler) if scheduler is not None else None
        if results is None:
            results = run_local(tasks, n_workers, timeout, warm=analyze_fn is None)
        try:
            for task, outcome in results:
                db.record_result(
                    run_id,
                    path=task.path,
                    doc=task.doc,
                    key=task.key,
                    sha256=task.sha256,
                    versions=versions,
                    report_json=outcome.report_json,
                    rows=outcome.rows,
                    artifact=outcome.artifact,
                    artifact_kind=outcome.artifact_kind,
                    error_code=outcome.error_code,
                    error_message=outcome.error_message,
                    seconds=outcome.seconds,
                    cache=outcome.cache and outcome.error_code not in NOT_RETRIED,
                    packed=outcome.packed,
                )
                if not outcome.ok:
                    log.warning("%s", outcome.error_message)
                if bar is not None:
                    bar.update(1)
        except BaseException:  # Ctrl-C, a scheduler failure: finished files stay in the store
            db.finish_run(run_id, status="interrupted")
            raise
        finally:
            if bar is not None:
                bar.close()
        counts = db.finish_run(run_id)
        succeeded = db.conn.execute(
            "SELECT COUNT(*) FROM run_files rf JOIN results r ON r.key = rf.key "
            "WHERE rf.run_id=? AND r.ok=1 AND rf.outcome IN ('analysed','cached')",
            (run_id,),
        ).fetchone()[0]
    written: tuple[Path, ...] = ()
    if out_dir is not None:
        # ``workers`` bounds the output phase too: one worker, one process writing the outputs
        # (a second output process only when the analysis may use two or more processes)
        one_process = scheduler is None and n_workers == 1
        written = tuple(
            write_outputs(store_path, run_id, out_dir, parallel=False if one_process else None)
        )
    return PortfolioResult(
        run_id=run_id,
        store=store_path,
        out=out_dir,
        inputs=counts["inputs"],
        analysed=counts["analysed"],
        cached=counts["cached"],
        errors=counts["errors"],
        duplicates=counts["duplicates"],
        seconds=time.perf_counter() - t0,
        succeeded=int(succeeded),
        outputs=written,
    )


def _task_size(task: Task) -> int:
    try:
        return os.stat(task.path).st_size
    except OSError:  # the worker reports it
        return 0


def _progress(total: int, enabled: bool) -> Any:
    if not enabled or total == 0:
        return None
    import warnings

    with warnings.catch_warnings():  # without ipywidgets tqdm.auto falls back to a text bar
        warnings.simplefilter("ignore")
        from tqdm.auto import tqdm

    return tqdm(total=total, desc="analysing", unit="file")


# ----------------------------------------------------------------------------------------------
# outputs (each written atomically: a temporary file beside it, then os.replace)


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _atomic_save(path: Path, save: Callable[[Path], None]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp{path.suffix}")
    try:
        save(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _artifact_names(items: Sequence[tuple[str, str, str]]) -> dict[str, str]:
    """path → unique output file name (``stem.annotated.docx`` / ``stem.html``)."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for doc, path, kind in items:
        ext = ".annotated.docx" if kind == "docx" else ".html"
        name = f"{doc}{ext}"
        if name.lower() in used:
            name = f"{doc}-{hashlib.sha256(path.encode()).hexdigest()[:8]}{ext}"
        used.add(name.lower())
        names[path] = name
    return names


REGULATED_TOPICS = frozenset(
    {
        "confidentiality",
        "security",
        "personnel",
        "subcontracting",
        "ip_ownership",
        "ip_protection",
        "dispute",
    }
)
OUTPUTS_MARKER = ".analyzer-outputs.json"


_CHUNK = 1_000  # rows per chunk read from the store (under a MB)
_HEATMAP_COLUMNS = ("doc", "article", "requirement", "status")
# a second process for the outputs costs ~1 CPU-second to start: worth it from about this many
# rows (findings, obligations and clauses; ~40 CUAD contracts)
PARALLEL_OUTPUT_ROWS = 10_000
# what write_outputs writes besides summary.md, costliest first: the parent and (on large runs)
# a second process each take the next part not yet taken, until none is left
OUTPUT_PARTS: tuple[str, ...] = (
    "charts",
    "portfolio.xlsx",
    "obligations.csv",
    "annotated",
    "clauses.csv",
    "findings.csv",
    "labels.jsonl",
)
_FREE, _PARENT, _HELPER, _HELPER_DONE = 0, 1, 2, 3


def _write_labels(db: ResultStore, run_id: int, path: Path) -> None:
    """One line per contract: its labels, and the second reader's confidence per label and the
    labels that need a lawyer's check (the LABELS.md object plus two keys)."""
    trust = db.label_trust(run_id)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for doc, _path, labels in db.labels(run_id):
            confidence, review = trust.get(doc, ({}, []))
            line = {"doc": doc, "labels": labels, "confidence": confidence, "review": review}
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def write_run_workbook(db: ResultStore, run_id: int, path: Path) -> None:
    """portfolio.xlsx of a stored run, streamed from the store (see :func:`write_workbook`)."""
    # the workbook keeps what a reviewer reads: obligations on the regulation's topics and
    # tagged clauses (every row is in obligations.csv / clauses.csv and in the store)
    book: dict[str, Any] = {
        "contracts": _sheet_rows(db, "contracts", run_id),
        "findings": _sheet_rows(db, "findings", run_id),
        "obligations": _sheet_rows(db, "obligations", run_id, topics=REGULATED_TOPICS),
        "clauses": _sheet_rows(db, "clauses", run_id, tagged=True),
        "errors": db.errors(run_id),
    }
    write_workbook(book, path)


def _sheet_rows(db: ResultStore, table: str, run_id: int, **filters: Any) -> SheetRows:
    return SheetRows(
        ROW_TABLES[table],
        db.iter_tuples(table, run_id, batch=_CHUNK, **filters),
        db.count_rows(table, run_id, limit=_WRAP_ROWS, **filters),  # enough to decide wrapping
    )


def write_csv(db: ResultStore, table: str, run_id: int, path: Path) -> None:
    """``table``'s rows of a run as CSV (header, then the rows as ``DataFrame.to_csv`` writes
    them: empty for missing values, ``True``/``False``), streamed from the store."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator=os.linesep)
        writer.writerow(ROW_TABLES[table])
        for batch in db.iter_tuples(table, run_id, batch=_CHUNK):
            writer.writerows(batch)


def _write_charts(db: ResultStore, run_id: int, directory: Path) -> None:
    from analyzer import charts

    small = {
        "contracts": db.columns("contracts", ("doc", *LABEL_KEYS), run_id),
        "findings": db.columns("findings", _HEATMAP_COLUMNS, run_id),
        "obligations": db.obligation_role_counts(run_id),
    }
    charts.save_charts(small, directory, save=_atomic_save)


def _write_annotated(db: ResultStore, run_id: int, directory: Path) -> None:
    names = _artifact_names(db.artifact_index(run_id))
    for _doc, path, _sha, _kind, data in db.artifacts(run_id):
        target = directory / names[path]
        if not (
            target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data
        ):  # unchanged copies are not rewritten
            atomic_write(target, data)


def _write_part(db: ResultStore, run_id: int, out: Path, part: str) -> None:
    """Write one of :data:`OUTPUT_PARTS` (each file atomically)."""
    if part == "charts":
        _write_charts(db, run_id, out / "charts")
    elif part == "annotated":
        _write_annotated(db, run_id, out / "annotated")
    elif part == "portfolio.xlsx":
        _atomic_save(out / part, functools.partial(write_run_workbook, db, run_id))
    elif part == "labels.jsonl":
        _atomic_save(out / part, functools.partial(_write_labels, db, run_id))
    elif part.endswith(".csv"):
        table = part.removesuffix(".csv")
        _atomic_save(out / part, functools.partial(write_csv, db, table, run_id))
    else:
        raise ValueError(f"unknown output part {part!r}")


def _claim(state: Any, who: int) -> int | None:
    """Index of the next free part in ``state`` (a shared byte array), now taken by ``who``."""
    with state.get_lock():
        for i in range(len(state)):
            if state[i] == _FREE:
                state[i] = who
                return i
    return None


def _write_parts(db: ResultStore, run_id: int, out: Path, state: Any, who: int) -> None:
    while (i := _claim(state, who)) is not None:
        t0 = time.perf_counter()
        _write_part(db, run_id, out, OUTPUT_PARTS[i])
        log.debug(
            "%s written in %.2f s (process %s)", OUTPUT_PARTS[i], time.perf_counter() - t0, who
        )
        if who == _HELPER:
            state[i] = _HELPER_DONE


def _outputs_helper(store_path: str, run_id: int, out: str, state: Any) -> None:
    """In a spawned process: write output parts alongside the parent (see write_outputs)."""
    try:
        with open_store(store_path) as db:
            _write_parts(db, run_id, Path(out), state, _HELPER)
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: the parent handles it
        raise SystemExit(1) from None
    except Exception as exc:  # the parent writes what is left; no traceback for users
        log.debug("output helper failed", exc_info=True)
        log.warning("the second output process stopped (%s)", type(exc).__name__)
        raise SystemExit(1) from None


def _output_rows(db: ResultStore, run_id: int) -> int:
    n = 0
    for table in ("findings", "obligations", "clauses"):
        n += db.conn.execute(
            f"SELECT COUNT(*) FROM run_files rf JOIN {table} t ON t.key = rf.key "
            "WHERE rf.run_id = ? AND rf.outcome IN ('analysed', 'cached')",
            (run_id,),
        ).fetchone()[0]
    return int(n)


class _LocalParts:
    """The parts' state when this process writes them all (same interface as the shared array)."""

    def __init__(self, n: int) -> None:
        self.values = [_FREE] * n

    def get_lock(self) -> contextlib.nullcontext[None]:
        return contextlib.nullcontext()

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, i: int) -> int:
        return self.values[i]

    def __setitem__(self, i: int, value: int) -> None:
        self.values[i] = value


def _start_helper(
    store_path: Path, db: ResultStore, run_id: int, out: Path, force: bool | None
) -> tuple[Any, Any]:
    """The parts' state, and the second output process (None when not worth it or when it
    cannot start)."""
    local = _LocalParts(len(OUTPUT_PARTS))
    if force is False or (not force and _output_rows(db, run_id) < PARALLEL_OUTPUT_ROWS):
        return local, None
    try:
        ctx = multiprocessing.get_context("spawn")
        state = ctx.Array("b", len(OUTPUT_PARTS))
        proc = ctx.Process(
            target=_outputs_helper, args=(str(store_path), run_id, str(out), state), daemon=True
        )
        with _main_without_missing_file():
            proc.start()
        return state, proc
    except Exception as exc:  # no second process: the parent writes everything
        log.debug("output process not started: %s", type(exc).__name__)
        return local, None


def _finish_helper(proc: Any, db: ResultStore, run_id: int, out: Path, state: Any) -> None:
    """Wait for the second process; write here whatever it took and did not finish."""
    proc.join()
    left = [i for i in range(len(state)) if state[i] == _HELPER]
    if left:
        log.warning("the second output process failed (exit %s); writing here", proc.exitcode)
    for i in left:
        _write_part(db, run_id, out, OUTPUT_PARTS[i])


def write_outputs(
    store_path: Path, run_id: int, out: Path, *, parallel: bool | None = None
) -> list[Path]:
    """portfolio.xlsx, findings.csv, obligations.csv, clauses.csv, labels.jsonl, summary.md,
    charts/*.png, annotated/ — each written atomically.

    When the run used exactly the same results as the run that last wrote ``out`` (same files,
    same results), only summary.md is rewritten: an unchanged portfolio re-runs in seconds.
    ``parallel`` shares the outputs between this process and a second one (default: when the run
    has more than :data:`PARALLEL_OUTPUT_ROWS` rows, so that it pays for the start-up).
    Memory stays flat in the number of contracts: row tables are streamed from the store.
    """
    try:
        return _write_outputs(store_path, run_id, out, parallel)
    finally:
        release_wal(store_path)  # no results.sqlite-wal/-shm left beside the outputs


def _write_outputs(store_path: Path, run_id: int, out: Path, parallel: bool | None) -> list[Path]:
    from analyzer.charts import CHARTS  # matplotlib is imported only to draw them

    out.mkdir(parents=True, exist_ok=True)
    marker = out / OUTPUTS_MARKER
    with open_store(store_path) as db:
        fingerprint = db.run_fingerprint(run_id)
        names = _artifact_names(db.artifact_index(run_id))
        main = [
            out / n
            for n in (
                "labels.jsonl",
                "findings.csv",
                "obligations.csv",
                "clauses.csv",
                "portfolio.xlsx",
            )
        ]
        main += [out / "charts" / f"{n}.png" for n in CHARTS]
        main += [out / "annotated" / n for n in names.values()]
        previous: dict[str, Any] = {}
        if marker.is_file():
            try:
                previous = json.loads(marker.read_text(encoding="utf-8"))
            except ValueError:
                previous = {}
        runs = db.runs()
        run_row = {str(k): v for k, v in runs[runs["run_id"] == run_id].iloc[0].items()}
        diff = db.diff(None, run_id)
        light = {
            "contracts": db.columns("contracts", ("doc", *LABEL_KEYS), run_id),
            "errors": db.errors(run_id),
        }
        if previous.get("fingerprint") == fingerprint and all(p.is_file() for p in main):
            summary = atomic_write(
                out / "summary.md", summary_markdown(light, run_row, diff, names)
            )
            log.info("outputs unchanged since run %s; rewrote summary.md", previous.get("run_id"))
            return [*main, summary]
        marker.unlink(missing_ok=True)  # outputs are being replaced: no longer a match
        # Nothing here holds a whole row table: rows stream from the store in chunks, charts and
        # the summary read a few columns or counts. On large runs a second process reading the
        # same store takes its share of the parts (the costliest first) while this one writes.
        state, helper = _start_helper(store_path, db, run_id, out, parallel)
        try:
            _write_parts(db, run_id, out, state, _PARENT)
            if helper is not None:
                _finish_helper(helper, db, run_id, out, state)
                helper = None
        finally:
            if helper is not None:  # interrupted: stop the helper (its writes are atomic)
                helper.kill()
                helper.join()
        summary = atomic_write(out / "summary.md", summary_markdown(light, run_row, diff, names))
    atomic_write(marker, json.dumps({"run_id": run_id, "fingerprint": fingerprint}))
    return [*main, summary]


# workbook -------------------------------------------------------------------------------------
#
# The workbook is written as SpreadsheetML directly (zip of XML parts), streaming each sheet's
# rows into its zip member: about 20x cheaper a cell than openpyxl, and memory does not grow with
# the number of rows. The parts and styles are those openpyxl writes (inline strings, the same
# fills and fonts), so that openpyxl, Excel and LibreOffice read the same workbook.

SHEETS: tuple[tuple[str, str], ...] = (
    ("Summary", "contracts"),
    ("Findings", "findings"),
    ("Obligations", "obligations"),
    ("Clauses", "clauses"),
    ("Errors", "errors"),
)

STATUS_FILLS: dict[str, str] = {
    "met": "C6EFCE",
    "partial": "FFEB9C",
    "missing": "FFC7CE",
    "flag": "F8CBAD",
    "not_applicable": "D9D9D9",
    "error": "FFC7CE",
    "warning": "FFEB9C",
    "duplicate": "D9D9D9",
}
HEADER_FILL = "305496"
_MAX_CELL = 32_000
_WRAP_ROWS = 5_000
XLSX_MAX_ROWS = 1_048_576  # Excel's limit, header included: later rows are in the CSV files
_LONG_COLUMNS = frozenset(
    {
        "explanation",
        "quote",
        "action",
        "message",
        "recommendation_en",
        "recommendation_zh",
        "heading",
        "path",
    }
)
# cell style ids (cellXfs of _styles_xml): 0 plain, 1 header, 2 wrapped text, 3+ status fills
_HEADER_STYLE = 1
_WRAP_STYLE = 2
_FILL_STYLE = {status: 3 + i for i, status in enumerate(STATUS_FILLS)}
# characters XML 1.0 cannot hold (replaced by a space, as openpyxl does), and those to escape
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class SheetRows:
    """A sheet's columns and its rows as batches of tuples in that column order (as
    :meth:`analyzer.store.ResultStore.iter_tuples` yields them)."""

    columns: tuple[str, ...]
    batches: Iterable[Sequence[tuple[Any, ...]]]
    count: int | None = None  # the number of rows, when known


def _sheet_source(source: Any) -> tuple[list[str], Iterator[tuple[Any, ...]], bool]:
    """Columns and row tuples of a sheet given as SheetRows, a DataFrame or DataFrame chunks,
    and whether it is short enough to wrap long text (wrapped text makes Excel measure every
    row; the first chunk of DataFrame chunks decides, as it always did)."""
    if isinstance(source, SheetRows):
        rows = itertools.chain.from_iterable(source.batches)
        if source.count is None:  # count them: hold at most _WRAP_ROWS rows meanwhile
            first = list(itertools.islice(rows, _WRAP_ROWS))
            return list(source.columns), itertools.chain(first, rows), len(first) < _WRAP_ROWS
        return list(source.columns), rows, source.count < _WRAP_ROWS
    chunks: Iterator[Any] = iter([source]) if hasattr(source, "columns") else iter(source)
    first_chunk = next(chunks)
    tuples = (
        v for chunk in itertools.chain([first_chunk], chunks) for v in chunk.itertuples(False, None)
    )
    return [str(c) for c in first_chunk.columns], tuples, len(first_chunk) < _WRAP_ROWS


def column_letter(index: int) -> str:
    """Excel column name of a 0-based column index (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _xml_text(value: str) -> str:
    """A cell string as XML character data (illegal characters → space, long text cut)."""
    if len(value) > _MAX_CELL:
        value = value[:_MAX_CELL] + " [… cut: see the HTML/JSON report]"
    if _XML_SPECIAL.search(value):
        value = _ILLEGAL_XML.sub(" ", value)
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        value = value.replace("\r", "&#13;")
    return value


_XML_SPACE = " \t\n\r"  # what XML readers may drop at the ends of a text without xml:space


def _edge_space(value: str) -> bool:
    return value[0] in _XML_SPACE or value[-1] in _XML_SPACE


def _string_cell(ref: str, style: str, value: str) -> str:
    text = _xml_text(value)
    space = ' xml:space="preserve"' if _edge_space(value) else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _cell(ref: str, style: str, value: Any) -> str:
    """One ``<c>`` element ("" for an empty, unstyled cell), values written as openpyxl does."""
    if isinstance(value, str):
        if value:
            return _string_cell(ref, style, value)
    elif isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    elif isinstance(value, int):
        return f'<c r="{ref}"{style} t="n"><v>{value}</v></c>'
    elif isinstance(value, float):
        if math.isfinite(value):
            return f'<c r="{ref}"{style} t="n"><v>{value:.16g}</v></c>'
    elif hasattr(value, "item"):  # numpy scalar
        return _cell(ref, style, value.item())
    elif value is not None:
        return _string_cell(ref, style, str(value))
    return f'<c r="{ref}"{style}/>' if style else ""


def _sheet_xml_head(columns: Sequence[str], freeze_column: bool) -> str:
    widths = []
    for i, c in enumerate(columns):
        width = 60 if c in _LONG_COLUMNS else min(60, max(10, len(c) + 2))
        widths.append(f'<col width="{width}" customWidth="1" min="{i + 1}" max="{i + 1}"/>')
    if freeze_column:
        pane = (
            '<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" '
            'state="frozen"/><selection pane="topRight"/><selection pane="bottomLeft"/>'
            '<selection pane="bottomRight" activeCell="A1" sqref="A1"/>'
        )
    else:
        pane = (
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/>'
        )
    header = "".join(
        _string_cell(f"{column_letter(i)}1", f' s="{_HEADER_STYLE}"', c)
        for i, c in enumerate(columns)
    )
    return (
        f'{_XML_DECL}<worksheet xmlns="{_MAIN_NS}"><sheetPr><outlinePr summaryBelow="1" '
        'summaryRight="1"/><pageSetUpPr/></sheetPr><sheetViews><sheetView workbookViewId="0">'
        f'{pane}</sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
        f'<cols>{"".join(widths)}</cols><sheetData><row r="1">{header}</row>'
    )


def _write_sheet(fh: Any, source: Any, name: str) -> tuple[int, int]:
    """Stream one worksheet part into ``fh``; returns its numbers of columns and data rows."""
    columns, rows, short = _sheet_source(source)
    letters = [column_letter(i) for i in range(len(columns))]
    status_cols = {
        i for i, c in enumerate(columns) if c in ("status", "kind") or c.startswith("status.")
    }
    wrap = f' s="{_WRAP_STYLE}"' if short else ""
    styles = [wrap if c in _LONG_COLUMNS else "" for c in columns]
    fills = {status: f' s="{style}"' for status, style in _FILL_STYLE.items()}
    plain = [i not in status_cols and not styles[i] for i in range(len(columns))]
    fh.write(_sheet_xml_head(columns, freeze_column=name == "contracts").encode("utf-8"))
    n = 1
    out: list[str] = []
    for values in rows:
        if n >= XLSX_MAX_ROWS:
            log.warning("%s sheet: rows after Excel's limit left out (they are in the CSV)", name)
            break
        n += 1
        out.append(f'<row r="{n}">')
        for i, v in enumerate(values):
            if v is None:
                if styles[i]:
                    out.append(f'<c r="{letters[i]}{n}"{styles[i]}/>')
                continue
            if plain[i] and v.__class__ is int:  # the common cases, inlined
                out.append(f'<c r="{letters[i]}{n}" t="n"><v>{v}</v></c>')
                continue
            if plain[i] and v.__class__ is str:
                if not v:
                    pass
                elif (
                    v[0] in _XML_SPACE
                    or v[-1] in _XML_SPACE
                    or len(v) > _MAX_CELL
                    or _XML_SPECIAL.search(v)
                ):
                    out.append(_string_cell(f"{letters[i]}{n}", "", v))
                else:
                    out.append(f'<c r="{letters[i]}{n}" t="inlineStr"><is><t>{v}</t></is></c>')
                continue
            style = fills.get(v, "") if i in status_cols and isinstance(v, str) else styles[i]
            out.append(_cell(f"{letters[i]}{n}", style, v))
        out.append("</row>")
        if len(out) > 4_000:  # flush every few hundred rows (a few hundred KB)
            fh.write("".join(out).encode("utf-8", "replace"))
            out.clear()
    last = column_letter(max(1, len(columns)) - 1)
    out.append(
        f'</sheetData><autoFilter ref="A1:{last}{n}"/><pageMargins left="0.75" right="0.75" '
        'top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>'
    )
    fh.write("".join(out).encode("utf-8", "replace"))
    return len(columns), n - 1


def _styles_xml() -> str:
    fills = ['<fill><patternFill patternType="solid"><fgColor rgb="00%s"/></patternFill></fill>']
    fill_xml = "".join(fills[0] % colour for colour in (HEADER_FILL, *STATUS_FILLS.values()))
    xf = '<xf numFmtId="0" fontId="{}" fillId="{}" borderId="0" xfId="0"{}>{}</xf>'
    xfs = [
        xf.format(0, 0, "", ""),
        xf.format(1, 2, ' applyFont="1" applyFill="1"', ""),
        xf.format(0, 0, ' applyAlignment="1"', '<alignment vertical="top" wrapText="1"/>'),
    ]
    xfs += [xf.format(0, 3 + i, ' applyFill="1"', "") for i in range(len(STATUS_FILLS))]
    return (
        f'{_XML_DECL}<styleSheet xmlns="{_MAIN_NS}"><numFmts count="0"/><fonts count="2">'
        '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b val="1"/><sz val="11"/><color rgb="00FFFFFF"/><name val="Calibri"/>'
        '<family val="2"/></font></fonts>'
        f'<fills count="{3 + len(STATUS_FILLS)}"><fill><patternFill/></fill>'
        f'<fill><patternFill patternType="gray125"/></fill>{fill_xml}</fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _package_xml(sheets: Sequence[tuple[str, int, int]]) -> dict[str, str]:
    """The parts besides the worksheets, for ``(title, columns, data rows)`` sheets."""
    ct = "application/vnd.openxmlformats-officedocument"
    overrides = [
        ("/xl/workbook.xml", f"{ct}.spreadsheetml.sheet.main+xml"),
        ("/xl/styles.xml", f"{ct}.spreadsheetml.styles+xml"),
        ("/docProps/app.xml", f"{ct}.extended-properties+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ]
    overrides += [
        (f"/xl/worksheets/sheet{i}.xml", f"{ct}.spreadsheetml.worksheet+xml")
        for i in range(1, len(sheets) + 1)
    ]
    content_types = (
        f'{_XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
        + "</Types>"
    )
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships/metadata"
    root_rels = (
        f'{_XML_DECL}<Relationships xmlns="{_REL_NS}">'
        f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{pkg}/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_DOC_REL}/extended-properties" '
        'Target="docProps/app.xml"/></Relationships>'
    )
    book_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_DOC_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    book_rels += (
        f'<Relationship Id="rId{len(sheets) + 1}" Type="{_DOC_REL}/styles" Target="styles.xml"/>'
    )
    sheet_list = "".join(
        f'<sheet name="{title}" sheetId="{i}" r:id="rId{i}"/>'
        for i, (title, _c, _n) in enumerate(sheets, 1)
    )
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"'{title}'!$A$1:${column_letter(max(1, cols) - 1)}${rows + 1}</definedName>"
        for i, (title, cols, rows) in enumerate(sheets)
    )
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return {
        "[Content_Types].xml": content_types,
        "_rels/.rels": root_rels,
        "docProps/app.xml": (
            f'{_XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/extended-properties"><Application>outsourcing-analyzer {__version__}'
            "</Application></Properties>"
        ),
        "docProps/core.xml": (
            f'{_XML_DECL}<cp:coreProperties xmlns:cp="{pkg}/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>analyzer'
            f'</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
            "</cp:coreProperties>"
        ),
        "xl/workbook.xml": (
            f'{_XML_DECL}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_DOC_REL}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheet_list}</sheets><definedNames>{filters}</definedNames>"
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML_DECL}<Relationships xmlns="{_REL_NS}">{book_rels}</Relationships>'
        ),
        "xl/styles.xml": _styles_xml(),
    }


def write_workbook(frames: dict[str, Any], path: Path) -> None:
    """portfolio.xlsx: one sheet per frame, frozen header row, autofilter, widths, status fills.

    Each ``frames[name]`` (names of :data:`SHEETS`) is a DataFrame, an iterable of DataFrame
    chunks, or :class:`SheetRows`; rows are streamed into the file one batch at a time.
    """
    written: list[tuple[str, int, int]] = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=_ZIP_LEVEL) as zf:
        for i, (title, name) in enumerate(SHEETS, 1):
            with zf.open(f"xl/worksheets/sheet{i}.xml", "w") as fh:
                n_columns, n_rows = _write_sheet(fh, frames[name], name)
            written.append((title, n_columns, n_rows))
        for part, xml in _package_xml(written).items():
            zf.writestr(part, xml)


_ZIP_LEVEL = 1  # deflate level: 6 compresses ~15 % smaller and takes ~3x longer


# summary.md -----------------------------------------------------------------------------------


def _md(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def summary_markdown(
    frames: dict[str, Any], run: dict[str, Any], diff: Any, names: dict[str, str]
) -> str:
    """A short human summary of a run: counts, requirement coverage, gaps, changes."""
    from analyzer.report import LABEL_KEYS, LABEL_REQUIREMENTS

    contracts = frames["contracts"]
    errors = frames["errors"]
    n = len(contracts)
    lines = [
        f"# Portfolio review — run {run['run_id']}",
        "",
        f"- Started {run['started']}, finished {run.get('finished') or '—'}",
        f"- Analyzer {run['analyzer_version']}, patterns {run['patterns_version']}",
        f"- Files: {run['inputs']} — {run['analysed']} analysed, {run['cached']} unchanged "
        f"since an earlier run, {run['errors']} errors, {run['duplicates']} duplicates",
        f"- Contracts with a report: {n}",
        "",
        "## Requirements met (met or partial) across the portfolio",
        "",
        "| Label | Contracts | Share |",
        "|---|---|---|",
    ]
    for key in LABEL_KEYS:
        _req, kind = LABEL_REQUIREMENTS[key]
        if kind != "bool" or n == 0:
            continue
        k = int(contracts[key].fillna(False).astype(bool).sum())
        lines.append(f"| {key} | {k} / {n} | {k / n:.0%} |")
    for key in ("art10_dispute_forum", "art11_ip_ownership", "art10_arbitration_institution"):
        if n == 0:
            break
        counts = contracts[key].fillna("(none)").value_counts()
        mix = ", ".join(f"{_md(v)}: {c}" for v, c in counts.items())
        lines += ["", f"**{key}**: {mix}"]
    if n:
        no_ip = contracts[contracts["art11_ip_ownership"].fillna("none") == "none"]["doc"]
        no_forum = contracts[contracts["art10_dispute_forum"].fillna("none") == "none"]["doc"]
        lines += ["", "## Gaps", ""]
        lines.append(
            f"- No allocation of newly created IP ({len(no_ip)}): "
            + (", ".join(_md(d) for d in no_ip[:50]) or "none")
            + (" …" if len(no_ip) > 50 else "")
        )
        lines.append(
            f"- No dispute forum ({len(no_forum)}): "
            + (", ".join(_md(d) for d in no_forum[:50]) or "none")
            + (" …" if len(no_forum) > 50 else "")
        )
    if len(diff):
        lines += [
            "",
            "## Changes since the previous run",
            "",
            "| Contract | Item | Before | After |",
            "|---|---|---|---|",
        ]
        for row in diff.head(200).itertuples(index=False):
            lines.append(
                f"| {_md(row.doc)} | {_md(row.item)} | {_md(row.before)} | {_md(row.after)} |"
            )
    if len(errors):
        lines += [
            "",
            "## Errors, warnings and duplicates",
            "",
            "| File | Kind | Code | Message |",
            "|---|---|---|---|",
        ]
        for row in errors.head(200).itertuples(index=False):
            lines.append(f"| {_md(row.doc)} | {row.kind} | {row.code} | {_md(row.message)} |")
    lines += [
        "",
        "Outputs: `portfolio.xlsx`, `findings.csv`, `obligations.csv`, `clauses.csv`, "
        "`labels.jsonl`, `charts/`, "
        f"`annotated/` ({len(names)} files).",
        "",
    ]
    return "\n".join(lines)
