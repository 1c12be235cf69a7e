"""Batch runner: many contracts → results store (SQLite) → DataFrames, workbook, charts, reports.

Local run (worker processes on this machine)::

    from analyzer.portfolio import analyze_portfolio
    result = analyze_portfolio(["contracts/"], out="review/", workers=2)
    result.frames()["contracts"]

Folders are walked by :func:`analyzer.inputs.scan` (``.docx``, ``.pdf``, ``.txt``, ``.md``, and
``.doc``, ``.rtf``, ``.odt``… so that those get an error row saying to save them as .docx);
whatever it does not read — hidden files and folders, Word lock files, README/CHANGELOG notes,
links leading out of the given folders (unless ``follow_links``), earlier output folders — gets a
``skipped`` row saying why. Each contract is named by its path in its input folder, without the
extension (:mod:`analyzer.names`: unique, stable from run to run; output files made safe). The parent
hashes each file without following links or blocking, after checking its type and size on the
open file and within the time limit (:func:`analyzer.inputs.hash_file`); files with identical
content are analysed once (the others are listed as duplicates, code ``W001``). Each file is
analysed in a worker process (``spawn`` start method; each worker loads the patterns and spaCy
pipelines once). The pool is a few ``multiprocessing`` processes, each fed through its own pipes,
rather than a ``ProcessPoolExecutor``: an executor cannot stop one runaway task without breaking
the whole pool. A file that fails becomes an
error row with a stable code — it never stops the batch. A file that runs longer than ``timeout``
seconds is stopped by killing its worker (a new worker takes its place) and reported as ``E500``;
a worker that dies (e.g. out of memory) is reported as ``E501``; an unexpected exception as
``E900``. Errors that say nothing lasting about a file (timeouts, crashes, a file missing, locked
or changed during the run: :data:`analyzer.store.TRANSIENT_CODES`) are not cached, so a re-run
tries those files again.

Results stream into the store as they arrive (one commit per file, nothing kept in memory), keyed by
the sha256 of the bytes the worker analysed + analyzer version + pattern-set version: a re-run
skips unchanged contracts, and a run that was interrupted (Ctrl-C, SIGTERM, SIGKILL, power cut)
resumes where it stopped. A file whose bytes changed between the parent's hash and the worker's
read is an error of this run (E106), analysed again by the next.

A run holds a lock on ``out`` (a second run there stops with E622) and writes every output into a
staging folder inside ``out``, swapped in as a set at the end (:mod:`analyzer.outdir`): a run
that fails (read-only folder E620, full disk E621) or is stopped leaves the previous outputs as
they were. Every output path is built inside ``out`` and checked to stay there.

Outputs in ``out``: ``portfolio.xlsx``
(sheets Summary, Findings, Obligations — those on the regulation's topics —, Clauses — those
with tags —, Errors), ``findings.csv``, ``obligations.csv``, ``clauses.csv`` (every row),
``labels.jsonl`` (``{"doc", "labels"}`` per contract), ``summary.md``, ``charts/*.png`` and
``annotated/`` (a DOCX with Word comments for each DOCX contract, an HTML report otherwise, at
the contract's name: ``annotated/2025/msa.annotated.docx``). The
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
import dataclasses
import functools
import hashlib
import itertools
import json
import logging
import math
import multiprocessing
import os
import re
import signal
import sqlite3
import sys
import threading
import time
import traceback
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from analyzer import __version__, outdir
from analyzer.errors import AnalyzerError, OutputError, PortfolioError
from analyzer.frames import RowTuples, row_tuples, rows_from_report
from analyzer.inputs import (
    REPORTED_SUFFIXES,
    SUPPORTED_SUFFIXES,
    Scan,
    hash_file,
    scan,
)
from analyzer.model import ContractReport, Document
from analyzer.names import UnsafePathError, contract_names, inside, output_relpath, short_hash
from analyzer.report import LABEL_KEYS
from analyzer.store import (
    FORMULA_STARTS,
    ROW_TABLES,
    TRANSIENT_CODES,
    ResultStore,
    open_store,
    pack,
    release_wal,
    result_key,
    store_failure,
)

__all__ = [
    "REPORTED_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "PortfolioError",
    "PortfolioResult",
    "analyze_portfolio",
    "discover",
    "doc_names",
    "write_outputs",
]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 300.0
STORE_NAME = "results.sqlite"

# stable per-file error codes added by the runner (reader/engine errors keep their own codes)
TIMEOUT_CODE = "E500"
CRASH_CODE = "E501"
UNEXPECTED_CODE = "E900"
UNREADABLE_CODE = "E103"  # earlier versions; hash_file now gives the precise code
CHANGED_CODE = "E106"
BAD_NAME_CODE = "E115"
USAGE_CODE = "E010"
SAME_FOLDER_CODE = "E011"
NOT_RETRIED = TRANSIENT_CODES

AnalyzeFn = Callable[[Document], ContractReport]


class RunTerminated(KeyboardInterrupt):
    """SIGTERM reached a portfolio run: it stops as on Ctrl-C (workers and the output process
    stopped, the run marked ``interrupted``, the previous outputs left as they were)."""


# ----------------------------------------------------------------------------------------------
# inputs


def discover(
    paths: Iterable[str | os.PathLike[str]],
    exclude: Sequence[Path] = (),
    *,
    follow_links: bool = False,
) -> list[Path]:
    """Files to analyse, in a stable order: given files as-is, folders walked recursively (see
    :func:`analyzer.inputs.scan`, which also says what was skipped and why)."""
    return [f.path for f in scan(paths, exclude=exclude, follow_links=follow_links).files]


def doc_names(files: Sequence[Path], roots: Sequence[Path] | None = None) -> dict[Path, str]:
    """The contract name of each file (see :mod:`analyzer.names`): its path relative to its
    root (default: the folder the files have in common), without the extension; unique."""
    if roots is None:
        common = Path(os.path.commonpath([str(f.parent) for f in files])) if files else Path()
        roots = [common] * len(files)
    return contract_names(list(zip(files, roots, strict=True)))


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
    """One file to analyse. ``path`` is how reports name it; ``real`` is what is opened (the
    target of a symbolic link; default ``path``), without following a link; ``sha256`` is the
    parent's hash of its content, ``key`` the result key from it."""

    path: str
    doc: str
    sha256: str
    key: str
    annotate: bool = True
    analyze_fn: AnalyzeFn | None = None
    ocr: bool = False
    real: str | None = None
    playbooks: tuple[str, ...] = ()  # team playbooks evaluated after the analysis (issue #17)


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
    sha256: str | None = None  # hash of the bytes the worker read (None: it read nothing)


# a playbook requirement's status → the finding status the outputs know
PLAYBOOK_STATUS = {"match": "met", "deviation": "flag", "missing": "missing", "unclear": "partial"}


@functools.lru_cache(maxsize=4)
def _playbooks(paths: tuple[str, ...]) -> Any:
    from analyzer.playbook import load_playbooks

    return load_playbooks(list(paths))


def with_playbooks(
    report: ContractReport, document: Document, paths: tuple[str, ...]
) -> ContractReport:
    """The report with one more finding per requirement of each team playbook
    (``playbook.<name>.<id>``; match → met, deviation → flag, missing → missing, unclear →
    partial), so that every output — the Issues sheet, findings.csv, the summary — shows them.
    The labels do not change: they come from the regulation's requirements only."""
    from analyzer.model import Finding
    from analyzer.playbook import evaluate_playbooks

    extra: list[Finding] = []
    for name, results in evaluate_playbooks(report, document, _playbooks(paths)).items():
        for r in results:
            title = r.title.get("en") or r.requirement
            extra.append(
                Finding(
                    article=0,
                    requirement=f"playbook.{name}.{r.requirement}",
                    status=PLAYBOOK_STATUS[r.status],  # type: ignore[arg-type]
                    severity=r.severity,  # type: ignore[arg-type]
                    explanation=f"Playbook {name} — {title} ({r.status}): {r.explanation}",
                    evidence=r.evidence,
                    recommendation=dict(r.clause),
                    value=r.status,
                )
            )
    return dataclasses.replace(report, findings=(*report.findings, *extra))


def _default_analyze(document: Document) -> ContractReport:
    from analyzer.engine import analyze

    return analyze(document)


def make_artifact(
    document: Document, report: ContractReport, data: bytes | None = None
) -> tuple[bytes, str]:
    """The annotated copy: a DOCX with Word comments for DOCX inputs, else an HTML report.
    ``data``: the original's bytes, when already read."""
    if document.format == "docx":
        from analyzer.annotate import annotate_docx_bytes

        return annotate_docx_bytes(Path(document.path), report, document, data), "docx"
    from analyzer.report import to_html

    return to_html(report, document).encode("utf-8"), "html"


def run_task(task: Task) -> Outcome:
    """Read, analyse and annotate one file. Never raises for a bad file.

    The file is read once (without following a symbolic link, type and size checked on the open
    file); the outcome carries the sha256 of exactly those bytes, so that the parent keys the
    result by what was analysed, not by what it hashed earlier.
    """
    from analyzer.readers import read_contract_bytes
    from analyzer.readers.safety import read_bytes_checked
    from analyzer.report import to_dict

    t0 = time.perf_counter()
    read_sha: str | None = None
    try:
        data = read_bytes_checked(task.real or task.path, name=task.path, follow_links=False)
        read_sha = hashlib.sha256(data).hexdigest()
        document = read_contract_bytes(task.path, data, ocr=task.ocr)
        report = (task.analyze_fn or _default_analyze)(document)
        if task.playbooks:
            report = with_playbooks(report, document, task.playbooks)
        rows = row_tuples(rows_from_report(report, doc=task.doc, path=task.path))
        report_json = json.dumps(to_dict(report), ensure_ascii=False).encode("utf-8")
        artifact: bytes | None = None
        kind: str | None = None
        if task.annotate:
            try:
                artifact, kind = make_artifact(document, report, data)
            except Exception as exc:  # an annotation problem must not lose the analysis
                log.warning("annotated copy failed for %s: %s", task.path, type(exc).__name__)
        del data, document
        return Outcome(
            ok=True,
            report_json=pack(report_json),
            rows=rows,
            artifact=pack(artifact),
            artifact_kind=kind,
            seconds=time.perf_counter() - t0,
            packed=True,
            sha256=read_sha,
        )
    except AnalyzerError as exc:
        return Outcome(
            ok=False,
            error_code=exc.code,
            error_message=exc.message if exc.path else f"{task.path}: {exc.message}",
            seconds=time.perf_counter() - t0,
            cache=exc.code not in TRANSIENT_CODES,
            sha256=read_sha,
        )
    except MemoryError:
        return Outcome(
            ok=False,
            error_code=CRASH_CODE,
            error_message=f"{task.path}: ran out of memory while analysing",
            cache=False,
            sha256=read_sha,
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
            sha256=read_sha,
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
    skipped: int = 0  # files and folders not read, each with a row saying why

    @property
    def ok(self) -> bool:
        return self.succeeded > 0

    def frames(self) -> dict[str, Any]:
        with open_store(self.store) as s:
            return s.frames(self.run_id)

    def summary(self) -> str:
        skipped = f", {self.skipped} skipped" if self.skipped else ""
        return (
            f"run {self.run_id}: {self.inputs} files — {self.analysed} analysed, "
            f"{self.cached} unchanged (cached), {self.errors} errors, "
            f"{self.duplicates} duplicates{skipped} in {self.seconds:.1f} s"
        )


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """While a run lasts, SIGTERM raises :class:`RunTerminated` in the main thread (once), so
    that the run stops its processes and records itself as interrupted; by default SIGTERM
    would end this process at once and leave a helper process writing. A handler the program
    installed itself is left alone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        previous = signal.getsignal(signal.SIGTERM)
    except (AttributeError, ValueError):  # pragma: no cover - no SIGTERM here
        yield
        return
    if previous is not signal.SIG_DFL:
        yield
        return
    fired = False

    def handler(signum: int, frame: Any) -> None:
        nonlocal fired
        if not fired:
            fired = True
            raise RunTerminated()

    signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _check_out(out_dir: Path, inputs: Sequence[str | os.PathLike[str]]) -> None:
    """E011 when ``--out`` is an input folder, or an input lies among the outputs a run
    replaces (an output folder inside an input folder is fine: it is skipped with a row)."""
    real_out = os.path.realpath(out_dir)
    for raw in inputs:
        real_in = os.path.realpath(raw)
        if real_in == real_out:
            raise PortfolioError(
                "the output folder is the input folder: the outputs (annotated copies, "
                "summary, results store) would be written among the contracts; choose an --out "
                "outside it, e.g. a sibling folder",
                path=str(raw),
                code=SAME_FOLDER_CODE,
            )
        if os.path.commonpath([real_out, real_in]) == real_out:
            first = Path(os.path.relpath(real_in, real_out)).parts[0]
            if first in OUTPUT_ENTRIES or first.startswith((".analyzer", STORE_NAME)):
                raise PortfolioError(
                    f"is inside the output folder's {first!r}, which every run replaces; move "
                    "the contracts or choose another --out",
                    path=str(raw),
                    code=SAME_FOLDER_CODE,
                )


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
    follow_links: bool = False,
    playbooks: Sequence[str | os.PathLike[str]] = (),
) -> PortfolioResult:
    """Analyse every contract under ``paths`` into the results store; write outputs to ``out``.

    ``store`` defaults to ``OUT/results.sqlite`` (or ``./analyzer_results.sqlite`` without
    ``out``). ``use_cache=False`` re-analyses everything. ``ocr=True`` reads image-only PDF pages
    through tesseract (see :func:`analyzer.readers.read_contract`). ``scheduler`` sends the work to a Dask
    cluster (see the module docstring). ``analyze_fn`` replaces the analysis of one Document
    (a module-level function, so that worker processes can import it); ``pattern_version``
    overrides the pattern-set part of the cache key (used with ``analyze_fn``).
    ``follow_links`` follows symbolic links that lead outside the given folders (by default
    each gets a ``skipped`` row instead). ``playbooks``: team playbooks (YAML, docs/playbooks.md)
    evaluated for every contract; validated before any file is read (E720), and their content is
    part of the cache key.

    Errors for the whole run are coded :class:`~analyzer.errors.AnalyzerError` subclasses:
    :class:`~analyzer.errors.PortfolioError` (E010, E011), :class:`~analyzer.errors.OutputError`
    (E620-E623: the output folder) and :class:`~analyzer.store.StoreError` (E610-E612).
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
    for p in inputs:
        if not os.path.lexists(p):
            raise PortfolioError("no such file or folder", path=str(p))
    books = tuple(str(Path(b).resolve()) for b in playbooks)
    book_key = ""
    if books:  # a bad playbook fails before any contract is read
        from analyzer.playbook import playbook_fingerprint

        book_key = "+p" + playbook_fingerprint(_playbooks(books))
    if out_dir is not None:
        _check_out(out_dir, inputs)
    exclude = [p for p in (out_dir, store_path.parent if store is not None else None) if p]
    found = scan(inputs, exclude=[p for p in exclude if p.is_dir()], follow_links=follow_links)
    if not found.files:
        skipped = "".join(f"; {s.message}" for s in found.skipped[:3])
        raise PortfolioError(
            "no contracts found (looked for .docx, .pdf, .txt, .md files)" + skipped,
            path=", ".join(str(p) for p in inputs),
        )
    lock = outdir.locked(out_dir) if out_dir is not None else contextlib.nullcontext()
    with lock, _sigterm_raises():  # from here on, one run at a time in out_dir
        if out_dir is not None:
            try:
                outdir.recover(out_dir)
            except OSError as exc:
                raise outdir.output_failure(exc, out_dir) from None
        try:
            result = _run(
                found,
                store_path,
                out_dir,
                workers=workers,
                use_cache=use_cache,
                scheduler=scheduler,
                progress=progress,
                timeout=timeout,
                annotate=annotate,
                analyze_fn=analyze_fn,
                pattern_version=pattern_version,
                ocr=ocr,
                playbooks=books,
                book_key=book_key,
            )
        except sqlite3.Error as exc:
            raise store_failure(exc, store_path) from None
    return dataclasses.replace(result, seconds=time.perf_counter() - t0)


def _skipped_doc(path: Path, root: Path) -> str:
    try:
        return printable(path.relative_to(root).as_posix())
    except ValueError:
        return printable(path.name)


def _run(
    found: Scan,
    store_path: Path,
    out_dir: Path | None,
    *,
    workers: int | None,
    use_cache: bool,
    scheduler: Any,
    progress: bool,
    timeout: float,
    annotate: bool,
    analyze_fn: AnalyzeFn | None,
    pattern_version: str | None,
    ocr: bool,
    playbooks: tuple[str, ...] = (),
    book_key: str = "",
) -> PortfolioResult:
    # OCR changes what a scanned file yields, so it is part of the cache key
    # ... and so is the second reader's model (a retrained model must not serve old results),
    # and the analysis code itself (analyzer.fingerprint: an upgrade never serves old results)
    from analyzer.fingerprint import code_version
    from analyzer.learned import model_version

    versions = (
        code_version(),
        (pattern_version or patterns_version())
        + f"+m{model_version()}"
        + book_key  # the team playbooks' content: another playbook, other findings
        + ("+ocr" if ocr else ""),
    )
    n_workers = workers or os.cpu_count() or 1
    files = found.files
    with ResultStore(store_path) as db:
        docs = contract_names([(f.path, f.root) for f in files], db.previous_names())
        run_id = db.start_run(*versions)
        tasks: list[Task] = []
        sizes: dict[str, int] = {}
        first_by_sha: dict[str, str] = {}
        for skipped in found.skipped:
            shown = printable(str(skipped.path))
            db.record_file(
                run_id,
                path=shown,
                doc=_skipped_doc(skipped.path, skipped.root),
                sha256=None,
                key=None,
                outcome="error" if skipped.kind == "error" else "skipped",
                error_code=skipped.code,
                error_message=printable(skipped.message),
            )
        for f in files:
            path = str(f.path)
            doc = docs[f.path]
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
            try:  # bounded: fstat first, then at most the size limit, within the time limit
                hashed = hash_file(path, f.real, deadline=time.monotonic() + timeout)
            except AnalyzerError as exc:
                db.record_file(
                    run_id,
                    path=path,
                    doc=doc,
                    sha256=None,
                    key=None,
                    outcome="error",
                    error_code=exc.code,
                    error_message=exc.message,
                )
                continue
            sha = hashed.sha256
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
            real = str(f.real)
            tasks.append(
                Task(
                    path,
                    doc,
                    sha,
                    key,
                    annotate,
                    analyze_fn,
                    ocr,
                    None if real == path else real,
                    playbooks,
                )
            )
            sizes[path] = hashed.size
        del first_by_sha
        # largest files first: the last files to finish are small ones, so that no worker sits
        # idle for long while another finishes a big contract (outputs do not depend on order)
        tasks.sort(key=lambda task: sizes.get(task.path, 0), reverse=True)

        bar = _progress(len(tasks), progress)
        results = run_dask(tasks, scheduler) if scheduler is not None else None
        if results is None:
            results = run_local(tasks, n_workers, timeout, warm=analyze_fn is None)
        try:
            for task, outcome in results:
                _store_outcome(db, run_id, versions, task, outcome)
                if bar is not None:
                    bar.update(1)
        except BaseException:  # Ctrl-C, SIGTERM, a scheduler failure: finished files stay
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
        try:
            written = tuple(
                write_outputs(store_path, run_id, out_dir, parallel=False if one_process else None)
            )
        except BaseException as exc:  # the analysis is complete and stored; its outputs are not
            status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
            try:
                with ResultStore(store_path) as db:
                    db.set_status(run_id, status)
            except (AnalyzerError, sqlite3.Error) as again:
                log.debug("run status not updated: %s", again)
            release_wal(store_path)
            raise
    return PortfolioResult(
        run_id=run_id,
        store=store_path,
        out=out_dir,
        inputs=counts["inputs"],
        analysed=counts["analysed"],
        cached=counts["cached"],
        errors=counts["errors"],
        duplicates=counts["duplicates"],
        seconds=0.0,
        succeeded=int(succeeded),
        outputs=written,
        skipped=counts["skipped"],
    )


def _store_outcome(
    db: ResultStore, run_id: int, versions: tuple[str, str], task: Task, outcome: Outcome
) -> None:
    """Record one worker outcome: under the key of the bytes the worker read. When those are
    not the bytes the parent hashed (the file changed during the run), the result is kept for
    those bytes, but the file's row in this run is an error (E106) and the next run reads it
    again: a half-written file is never reported as the contract."""
    cache = outcome.cache and outcome.error_code not in NOT_RETRIED
    changed = outcome.sha256 is not None and outcome.sha256 != task.sha256
    result: dict[str, Any] = {
        "versions": versions,
        "report_json": outcome.report_json,
        "rows": outcome.rows,
        "artifact": outcome.artifact,
        "artifact_kind": outcome.artifact_kind,
        "error_code": outcome.error_code,
        "error_message": outcome.error_message,
        "seconds": outcome.seconds,
        "packed": outcome.packed,
    }
    if not changed:
        db.record_result(
            run_id,
            path=task.path,
            doc=task.doc,
            key=task.key,
            sha256=task.sha256,
            cache=cache,
            **result,
        )
        if not outcome.ok:
            log.warning("%s", outcome.error_message)
        return
    assert outcome.sha256 is not None
    if cache:
        db.store_result(key=result_key(outcome.sha256, *versions), sha256=outcome.sha256, **result)
    message = (
        f"{task.path}: the file changed while the run was reading it (it was being written or "
        "replaced); it will be analysed on the next run"
    )
    db.record_file(
        run_id,
        path=task.path,
        doc=task.doc,
        sha256=None,
        key=None,
        outcome="error",
        error_code=CHANGED_CODE,
        error_message=message,
    )
    log.warning("%s", message)


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


def _tmp_name(path: Path, suffix: str = "") -> Path:
    # short, whatever the length of the final name (which may be near the file system's limit)
    return path.with_name(f".{short_hash(path.name)}.{os.getpid()}.tmp{suffix}")


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(path)
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
    tmp = _tmp_name(path, path.suffix)
    try:
        save(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _artifact_names(items: Sequence[tuple[str, str, str]]) -> dict[str, str]:
    """path → the annotated copy's path inside ``annotated/`` (POSIX, relative): the contract's
    name with ``.annotated.docx`` / ``.html`` (:func:`analyzer.names.output_relpath`: folders of
    the name become folders, long names are cut with a hash). Unique, case-insensitively."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for doc, path, kind in items:
        ext = ".annotated.docx" if kind == "docx" else ".html"
        name = str(output_relpath(doc, ext))
        if name.casefold() in used:  # only with names from an older store: make it unique
            name = str(output_relpath(f"{doc}~{short_hash(path)}", ext))
        used.add(name.casefold())
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
# everything a run writes into --out, swapped in as a set (the marker last)
OUTPUT_ENTRIES: tuple[str, ...] = (*OUTPUT_PARTS, "summary.md", OUTPUTS_MARKER)
_FREE, _PARENT, _HELPER, _HELPER_DONE = 0, 1, 2, 3


def _write_labels(db: ResultStore, run_id: int, path: Path) -> None:
    """One line per contract: its final labels (a reviewer's decision where there is one,
    analyzer/review.py), the machine's value of every label a reviewer changed (``machine``),
    which labels a reviewer decided (``reviewed``) and which decisions are outdated, the second
    reader's confidence per label and the labels that need a lawyer's check (``review``)."""
    from analyzer.review import final_labels

    trust = db.label_trust(run_id)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for fl in final_labels(db, run_id):
            confidence, review = trust.get(fl.doc, ({}, []))
            line: dict[str, Any] = {
                "doc": fl.doc,
                "labels": fl.labels,
                "confidence": confidence,
                "review": review,
            }
            if fl.reviewed:
                line["reviewed"] = fl.reviewed
                line["machine"] = fl.machine
            if fl.outdated:
                line["review_outdated"] = fl.outdated
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def write_run_workbook(db: ResultStore, run_id: int, path: Path) -> None:
    """portfolio.xlsx of a stored run, streamed from the store (see :func:`write_workbook`):
    first the Issues sheet (:mod:`analyzer.issues`), then the row tables with the final values
    (a reviewer's decision where there is one) beside the machine's."""
    from analyzer.issues import ISSUE_COLUMNS, issue_rows
    from analyzer.review import decisions

    by_doc = decisions(db, run_id)
    links = {
        doc: f"annotated/{rel}"
        for doc, (_path, rel) in _doc_artifacts(db.artifact_index(run_id)).items()
    }
    # the workbook keeps what a reviewer reads: obligations on the regulation's topics and
    # tagged clauses (every row is in obligations.csv / clauses.csv and in the store)
    book: dict[str, Any] = {
        "issues": SheetRows(ISSUE_COLUMNS, [list(issue_rows(db, run_id, by_doc, links))]),
        "contracts": _final_rows(db, "contracts", run_id, by_doc),
        "findings": _final_rows(db, "findings", run_id, by_doc),
        "obligations": _sheet_rows(db, "obligations", run_id, topics=REGULATED_TOPICS),
        "clauses": _sheet_rows(db, "clauses", run_id, tagged=True),
        "errors": db.errors(run_id),
    }
    write_workbook(book, path)


def _doc_artifacts(index: Sequence[tuple[str, str, str]]) -> dict[str, tuple[str, str]]:
    """doc -> (path, annotated copy's path under annotated/) of a run's artifact index."""
    names = _artifact_names(index)
    return {doc: (path, names[path]) for doc, path, _kind in index}


def _sheet_rows(db: ResultStore, table: str, run_id: int, **filters: Any) -> SheetRows:
    return SheetRows(
        ROW_TABLES[table],
        db.iter_tuples(table, run_id, batch=_CHUNK, **filters),
        db.count_rows(table, run_id, limit=_WRAP_ROWS, **filters),  # enough to decide wrapping
    )


# the columns the contracts table gets after its own: the labels a reviewer decided
REVIEWED_COLUMN = "reviewed"


def final_columns(table: str) -> tuple[str, ...]:
    """The columns of ``table`` as the outputs write it: findings with
    :data:`analyzer.review.REVIEW_COLUMNS` after the machine's, contracts with a "reviewed"
    column (its label and status columns then hold the final values)."""
    from analyzer.review import REVIEW_COLUMNS

    if table == "findings":
        return (*ROW_TABLES[table], *REVIEW_COLUMNS)
    if table == "contracts":
        return (*ROW_TABLES[table], REVIEWED_COLUMN)
    return ROW_TABLES[table]


def _final_batches(
    batches: Iterable[Sequence[tuple[Any, ...]]],
    table: str,
    by_doc: dict[str, Any],
    safe: Callable[[Any], Any] | None = None,
) -> Iterator[list[tuple[Any, ...]]]:
    """Rows of the findings or contracts table with the final values (see :func:`final_columns`);
    ``safe`` neutralises the reviewer's free text for CSV."""
    from analyzer.review import LABEL_OF, label_value, review_cells

    columns = ROW_TABLES[table]
    if table == "findings":
        req_i, status_i, value_i = (columns.index(c) for c in ("requirement", "status", "value"))
        for batch in batches:
            out = []
            for row in batch:
                cells = review_cells(row[0], row[req_i], row[status_i], row[value_i], by_doc)
                if safe is not None and cells[2] != "machine":
                    cells = tuple(safe(c) for c in cells)
                out.append((*row, *cells))
            yield out
        return
    label_i = {key: columns.index(key) for key in LABEL_OF.values()}
    status_col = {key: columns.index(f"status.{req}") for req, key in LABEL_OF.items()}
    for batch in batches:
        out = []
        for row in batch:
            decs = by_doc.get(row[0])
            if not decs:
                out.append((*row, None))
                continue
            values = list(row)
            reviewed = []
            for req, dec in decs.items():
                key = LABEL_OF.get(req)
                if key is None or dec.outdated:
                    continue
                values[label_i[key]] = label_value(key, dec.status, dec.value)
                values[status_col[key]] = dec.status
                reviewed.append(key)
            out.append((*values, "; ".join(reviewed) or None))
        yield out


def _final_rows(db: ResultStore, table: str, run_id: int, by_doc: dict[str, Any]) -> SheetRows:
    rows = _sheet_rows(db, table, run_id)
    return SheetRows(final_columns(table), _final_batches(rows.batches, table, by_doc), rows.count)


def _csv_text(value: Any) -> Any:
    """A text cell with ``'`` in front when a spreadsheet would run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(db: ResultStore, table: str, run_id: int, path: Path) -> None:
    """``table``'s rows of a run as CSV (header, then the rows as ``DataFrame.to_csv`` writes
    them: empty for missing values, ``True``/``False``), streamed from the store, in UTF-8 with a
    byte-order mark (so that Excel reads Chinese text right). Findings and contracts carry the
    final values (see :func:`final_columns`). A text cell that a spreadsheet would run as a
    formula (starting with ``= + - @``, a tab or a carriage return) starts with ``'`` (OWASP's
    advice against CSV injection: a quote from a contract, or a reviewer's note, can start with
    anything)."""
    batches: Iterable[Sequence[tuple[Any, ...]]] = db.iter_tuples(
        table, run_id, batch=_CHUNK, csv_safe=True
    )
    if table in ("findings", "contracts"):
        from analyzer.review import decisions

        batches = _final_batches(batches, table, decisions(db, run_id), _csv_text)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator=os.linesep)
        writer.writerow(final_columns(table))
        for batch in batches:
            writer.writerows(batch)


# the status columns the summary and charts read beside the labels
_SUMMARY_STATUSES = ("status.art10.dispute_forum", "status.art11.ip_ownership")


def final_contracts(db: ResultStore, run_id: int, by_doc: dict[str, Any]) -> Any:
    """``doc``, the label columns and :data:`_SUMMARY_STATUSES` of a run's contracts with the
    final values (a reviewer's current decision where there is one): what summary.md and the
    charts show."""
    from analyzer.review import LABEL_OF, label_value

    frame = db.columns("contracts", ("doc", *LABEL_KEYS, *_SUMMARY_STATUSES), run_id)
    if not by_doc:
        return frame
    frame = frame.astype(object)
    position = {doc: i for i, doc in enumerate(frame["doc"])}
    column = {c: j for j, c in enumerate(frame.columns)}
    for doc, decs in by_doc.items():
        i = position.get(doc)
        if i is None:
            continue
        for req, dec in decs.items():
            key = LABEL_OF.get(req)
            if key is None or dec.outdated:
                continue
            frame.iat[i, column[key]] = label_value(key, dec.status, dec.value)
            if f"status.{req}" in column:
                frame.iat[i, column[f"status.{req}"]] = dec.status
    return frame


def final_findings(db: ResultStore, run_id: int, by_doc: dict[str, Any]) -> Any:
    """``doc, article, requirement, status`` of a run's findings on the regulation (a team
    playbook's requirements have their own rows in the Issues sheet and findings.csv, not a
    column in the regulation's heatmap), the status the final one."""
    frame = db.columns("findings", _HEATMAP_COLUMNS, run_id)
    frame = frame[~frame["requirement"].str.startswith("playbook.")].reset_index(drop=True)
    if by_doc:
        frame["status"] = [
            dec.status if (dec := by_doc.get(d, {}).get(r)) is not None and not dec.outdated else s
            for d, r, s in zip(frame["doc"], frame["requirement"], frame["status"], strict=True)
        ]
    return frame


def _write_charts(db: ResultStore, run_id: int, directory: Path) -> None:
    from analyzer import charts
    from analyzer.review import decisions

    by_doc = decisions(db, run_id)
    small = {
        "contracts": final_contracts(db, run_id, by_doc),
        "findings": final_findings(db, run_id, by_doc),
        "obligations": db.obligation_role_counts(run_id),
    }
    directory.mkdir(parents=True, exist_ok=True)
    charts.save_charts(small, directory, save=_atomic_save)


def _same_file(path: Path, data: bytes) -> bool:
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _write_annotated(db: ResultStore, run_id: int, directory: Path, previous: Path) -> None:
    """The annotated copies into ``directory`` (new); a copy identical to the one in
    ``previous`` (the folder now in place) is linked, not written again."""
    names = _artifact_names(db.artifact_index(run_id))
    directory.mkdir(parents=True, exist_ok=True)
    for _doc, path, _sha, _kind, data in db.artifacts(run_id):
        rel = names[path]
        target = inside(directory, rel, resolve=False)  # a staging folder this run made
        target.parent.mkdir(parents=True, exist_ok=True)
        old = previous / rel
        if _same_file(old, data):
            try:
                os.link(old, target)
                continue
            except OSError:
                pass
        with target.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())


def _write_part(db: ResultStore, run_id: int, out: Path, part: str) -> None:
    """Write one of :data:`OUTPUT_PARTS` into the staging folder ``out`` (whose parent is the
    output folder, where the previous annotated copies are)."""
    if part == "charts":
        _write_charts(db, run_id, out / "charts")
    elif part == "annotated":
        _write_annotated(db, run_id, out / "annotated", out.parent / "annotated")
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


def _write_parts(
    db: ResultStore, run_id: int, out: Path, state: Any, who: int, parent: int | None = None
) -> None:
    while (i := _claim(state, who)) is not None:
        if parent is not None and os.getppid() != parent:  # the run is gone: stop writing
            return
        t0 = time.perf_counter()
        _write_part(db, run_id, out, OUTPUT_PARTS[i])
        log.debug(
            "%s written in %.2f s (process %s)", OUTPUT_PARTS[i], time.perf_counter() - t0, who
        )
        if who == _HELPER:
            state[i] = _HELPER_DONE


def _outputs_helper(
    store_path: str, run_id: int, out: str, state: Any, parent: int | None = None
) -> None:
    """In a spawned process: write output parts alongside the parent (see write_outputs)."""
    try:
        with open_store(store_path) as db:
            _write_parts(db, run_id, Path(out), state, _HELPER, parent)
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
    store_path: Path,
    db: ResultStore,
    run_id: int,
    out: Path,
    force: bool | None,
    started: list[Any],
) -> tuple[Any, Any]:
    """The parts' state, and the second output process (None when not worth it or when it
    cannot start). The process goes into ``started`` before it starts, so that a caller
    interrupted at any point can stop it."""
    local = _LocalParts(len(OUTPUT_PARTS))
    if force is False or (not force and _output_rows(db, run_id) < PARALLEL_OUTPUT_ROWS):
        return local, None
    try:
        ctx = multiprocessing.get_context("spawn")
        state = ctx.Array("b", len(OUTPUT_PARTS))
        proc = ctx.Process(
            target=_outputs_helper,
            args=(str(store_path), run_id, str(out), state, os.getpid()),
            daemon=True,
        )
        started.append(proc)
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
    charts/*.png, annotated/ — written into a staging folder inside ``out`` and swapped in as a
    set (:mod:`analyzer.outdir`): a run that fails or is stopped while writing leaves the
    previous outputs as they were. Every path is built inside ``out`` and checked to stay there.

    When the run used exactly the same results as the run that last wrote ``out`` (same files,
    same results), only summary.md is rewritten: an unchanged portfolio re-runs in seconds.
    ``parallel`` shares the outputs between this process and a second one (default: when the run
    has more than :data:`PARALLEL_OUTPUT_ROWS` rows, so that it pays for the start-up).
    Memory stays flat in the number of contracts: row tables are streamed from the store.
    Raises :class:`~analyzer.errors.OutputError` (E620 read-only, E621 disk full, E622 another
    run, E623 other) or :class:`~analyzer.store.StoreError`, never a bare OSError.
    """
    try:
        try:
            with outdir.locked(out):
                return _write_outputs(store_path, run_id, out, parallel)
        except BaseException as exc:
            # a row stream stopped half-way keeps its SQLite statement (and a read lock on the
            # write-ahead log) alive as long as the traceback holds its frame: free them, so
            # that release_wal below can fold the log back
            traceback.clear_frames(exc.__traceback__)
            raise
    except OSError as exc:
        if type(exc).__name__ == "DatabaseError":  # pandas' error reading through SQLite
            raise store_failure(exc, store_path) from None
        raise outdir.output_failure(exc, out) from None
    except sqlite3.Error as exc:
        raise store_failure(exc, store_path) from None
    except UnsafePathError as exc:
        raise OutputError(str(exc), path=str(out), code=outdir.WRITE_FAILED_CODE) from None
    finally:
        release_wal(store_path)  # no results.sqlite-wal/-shm left beside the outputs


def _write_outputs(store_path: Path, run_id: int, out: Path, parallel: bool | None) -> list[Path]:
    from analyzer.charts import CHARTS  # matplotlib is imported only to draw them

    outdir.recover(out)
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
        main += [inside(out / "annotated", n, resolve=False) for n in names.values()]
        previous: dict[str, Any] = {}
        if marker.is_file():
            try:
                previous = json.loads(marker.read_text(encoding="utf-8"))
            except ValueError:
                previous = {}
        runs = db.runs()
        run_row = {str(k): v for k, v in runs[runs["run_id"] == run_id].iloc[0].items()}
        run_row["skipped"] = db.run_counts(run_id)["skipped"]
        diff = db.diff(None, run_id)
        from analyzer.review import decisions

        by_doc = decisions(db, run_id)
        light = {
            "contracts": final_contracts(db, run_id, by_doc),
            "errors": db.errors(run_id),
            "decisions": by_doc,
        }
        summary_text = summary_markdown(light, run_row, diff, names)
        if previous.get("fingerprint") == fingerprint and all(p.is_file() for p in main):
            summary = atomic_write(out / "summary.md", summary_text)
            log.info("outputs unchanged since run %s; rewrote summary.md", previous.get("run_id"))
            return [*main, summary]
        # Nothing here holds a whole row table: rows stream from the store in chunks, charts and
        # the summary read a few columns or counts. On large runs a second process reading the
        # same store takes its share of the parts (the costliest first) while this one writes.
        staging = outdir.new_staging(out)
        helpers: list[Any] = []
        try:
            state, helper = _start_helper(store_path, db, run_id, staging, parallel, helpers)
            _write_parts(db, run_id, staging, state, _PARENT)
            if helper is not None:
                _finish_helper(helper, db, run_id, staging, state)
            helpers.clear()
            atomic_write(staging / "summary.md", summary_text)
            atomic_write(
                staging / OUTPUTS_MARKER, json.dumps({"run_id": run_id, "fingerprint": fingerprint})
            )
            (staging / "annotated").mkdir(exist_ok=True)  # an empty set replaces the old one
            (staging / "charts").mkdir(exist_ok=True)
            outdir.commit(out, staging, OUTPUT_ENTRIES)
        except BaseException:
            for proc in helpers:  # stopped or failed: stop the helper before removing its work
                if proc.pid is not None:
                    proc.kill()
                    proc.join()
            outdir.discard(staging)
            raise
    return [*main, out / "summary.md"]


# workbook -------------------------------------------------------------------------------------
#
# The workbook is written as SpreadsheetML directly (zip of XML parts), streaming each sheet's
# rows into its zip member: about 20x cheaper a cell than openpyxl, and memory does not grow with
# the number of rows. The parts and styles are those openpyxl writes (inline strings, the same
# fills and fonts), so that openpyxl, Excel and LibreOffice read the same workbook.

SHEETS: tuple[tuple[str, str], ...] = (
    ("Issues", "issues"),
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
    "skipped": "D9D9D9",
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
# cell style ids (cellXfs of _styles_xml): 0 plain, 1 header, 2 wrapped text, 3+ status fills,
# then a hyperlink and a percentage
_HEADER_STYLE = 1
_WRAP_STYLE = 2
_FILL_STYLE = {status: 3 + i for i, status in enumerate(STATUS_FILLS)}
_LINK_STYLE = 3 + len(STATUS_FILLS)
_PERCENT_STYLE = _LINK_STYLE + 1
YES_NO = ("Yes", "No")  # how the workbook shows a boolean (the CSV files keep True/False)
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
        return _string_cell(ref, style, YES_NO[0] if value else YES_NO[1])
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


def _sheet_xml_head(
    columns: Sequence[str], freeze_column: bool, fixed: dict[str, int] | None = None
) -> str:
    widths = []
    for i, c in enumerate(columns):
        width = 60 if c in _LONG_COLUMNS else min(60, max(10, len(c) + 2))
        width = (fixed or {}).get(c, width)
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
        f'{_XML_DECL}<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_DOC_REL}"><sheetPr><outlinePr '
        'summaryBelow="1" summaryRight="1"/><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews>'
        '<sheetView workbookViewId="0">'
        f'{pane}</sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
        f'<cols>{"".join(widths)}</cols><sheetData><row r="1">{header}</row>'
    )


_STATUS_COLUMNS = frozenset({"status", "kind", "final_status", "Status"})


def _write_sheet(fh: Any, source: Any, name: str) -> tuple[int, int, list[tuple[str, str]]]:
    """Stream one worksheet part into ``fh``; returns its numbers of columns and data rows, and
    its hyperlinks (cell, target)."""
    from analyzer.issues import ISSUE_WIDTHS, STATUS_WORDS, Link, row_height

    columns, rows, short = _sheet_source(source)
    letters = [column_letter(i) for i in range(len(columns))]
    status_cols = {
        i for i, c in enumerate(columns) if c in _STATUS_COLUMNS or c.startswith("status.")
    }
    wrap = f' s="{_WRAP_STYLE}"' if short else ""
    if name == "issues":  # a lawyer's sheet: fixed widths, every cell top-aligned and wrapped
        styles = [f' s="{_WRAP_STYLE}"' for _c in columns]
        styles = [
            f' s="{_PERCENT_STYLE}"' if c == "Confidence" else st
            for c, st in zip(columns, styles, strict=True)
        ]
    else:
        styles = [wrap if c in _LONG_COLUMNS else "" for c in columns]
    fills = {status: f' s="{style}"' for status, style in _FILL_STYLE.items()}
    for words in STATUS_WORDS.values():
        fills.update({words[k]: fills[k] for k in words})
    plain = [i not in status_cols and not styles[i] for i in range(len(columns))]
    head = _sheet_xml_head(
        columns, freeze_column=name == "contracts", fixed=ISSUE_WIDTHS if name == "issues" else None
    )
    fh.write(head.encode("utf-8"))
    links: list[tuple[str, str]] = []
    link_style = f' s="{_LINK_STYLE}"'
    n = 1
    out: list[str] = []
    for values in rows:
        if n >= XLSX_MAX_ROWS:
            log.warning("%s sheet: rows after Excel's limit left out (they are in the CSV)", name)
            break
        n += 1
        if name == "issues":  # wrapped text: the row as tall as its longest cell
            out.append(f'<row r="{n}" ht="{row_height(values, columns):g}" customHeight="1">')
        else:
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
            if v.__class__ is Link:
                links.append((f"{letters[i]}{n}", v.target))
                out.append(_string_cell(f"{letters[i]}{n}", link_style, v.text))
                continue
            style = fills.get(v, "") if i in status_cols and isinstance(v, str) else styles[i]
            out.append(_cell(f"{letters[i]}{n}", style, v))
        out.append("</row>")
        if len(out) > 4_000:  # flush every few hundred rows (a few hundred KB)
            fh.write("".join(out).encode("utf-8", "replace"))
            out.clear()
    last = column_letter(max(1, len(columns)) - 1)
    out.append(f'</sheetData><autoFilter ref="A1:{last}{n}"/>')
    if links:
        out.append("<hyperlinks>")
        out.extend(
            f'<hyperlink ref="{ref}" r:id="rId{k}"/>' for k, (ref, _t) in enumerate(links, 1)
        )
        out.append("</hyperlinks>")
    # printed landscape, as wide as the page, the header row on every page (Print_Titles)
    out.append(
        '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" '
        'footer="0.3"/><pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "</worksheet>"
    )
    fh.write("".join(out).encode("utf-8", "replace"))
    return len(columns), n - 1, links


def _sheet_rels(links: Sequence[tuple[str, str]]) -> str:
    """The relationships part of a worksheet with hyperlinks (relative targets)."""
    rels = "".join(
        f'<Relationship Id="rId{k}" Type="{_DOC_REL}/hyperlink" '
        f'Target="{_xml_text(target).replace(chr(34), "&quot;")}" TargetMode="External"/>'
        for k, (_ref, target) in enumerate(links, 1)
    )
    return f'{_XML_DECL}<Relationships xmlns="{_REL_NS}">{rels}</Relationships>'


def _styles_xml() -> str:
    fills = ['<fill><patternFill patternType="solid"><fgColor rgb="00%s"/></patternFill></fill>']
    fill_xml = "".join(fills[0] % colour for colour in (HEADER_FILL, *STATUS_FILLS.values()))
    xf = '<xf numFmtId="0" fontId="{}" fillId="{}" borderId="0" xfId="0"{}>{}</xf>'
    xfs = [
        xf.format(0, 0, "", ""),
        xf.format(1, 2, ' applyFont="1" applyFill="1"', ""),
        xf.format(0, 0, ' applyAlignment="1"', '<alignment vertical="top" wrapText="1"/>'),
    ]
    # status fills, links and percentages top-aligned like the wrapped text beside them (the
    # Issues sheet's rows are several lines tall)
    top = '<alignment vertical="top"/>'
    xfs += [
        xf.format(0, 3 + i, ' applyFill="1" applyAlignment="1"', top)
        for i in range(len(STATUS_FILLS))
    ]
    xfs.append(xf.format(2, 0, ' applyFont="1" applyAlignment="1"', top))  # _LINK_STYLE
    xfs.append(  # _PERCENT_STYLE
        '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
        f'applyAlignment="1">{top}</xf>'
    )
    return (
        f'{_XML_DECL}<styleSheet xmlns="{_MAIN_NS}"><numFmts count="0"/><fonts count="3">'
        '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b val="1"/><sz val="11"/><color rgb="00FFFFFF"/><name val="Calibri"/>'
        '<family val="2"/></font><font><u val="single"/><sz val="11"/><color rgb="000563C1"/>'
        '<name val="Calibri"/><family val="2"/></font></fonts>'
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
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
        f"'{title}'!$1:$1</definedName>"
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
                n_columns, n_rows, links = _write_sheet(fh, frames[name], name)
            if links:
                zf.writestr(f"xl/worksheets/_rels/sheet{i}.xml.rels", _sheet_rels(links))
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
        f"since an earlier run, {run['errors']} errors, {run['duplicates']} duplicates"
        + (f"; {run['skipped']} files or folders skipped" if run.get("skipped") else ""),
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
    forum = contracts["art10_dispute_forum"].fillna("none").astype(str)
    arbitration = forum.str.contains("arbitration")
    institution = contracts["art10_arbitration_institution"]
    no_institution = arbitration & (institution.isna() | (institution.astype(str) == "none"))
    ip_status = contracts.get("status.art11.ip_ownership")
    ip_na = ip_status == "not_applicable" if ip_status is not None else contracts["doc"].isna()
    for key in ("art10_dispute_forum", "art11_ip_ownership", "art10_arbitration_institution"):
        if n == 0:
            break
        shown = contracts[key].astype(object).where(contracts[key].notna(), "(none)")
        if key == "art11_ip_ownership":
            shown = shown.where(~ip_na, "(Article 11 does not apply)")
        elif key == "art10_arbitration_institution":
            shown = shown.where(arbitration, "(no arbitration)")
            shown = shown.where(~no_institution, "(arbitration naming no institution)")
        counts = shown.value_counts()
        mix = ", ".join(f"{_md(v)}: {c}" for v, c in counts.items())
        lines += ["", f"**{key}**: {mix}"]
    if n:
        no_ip = contracts[(contracts["art11_ip_ownership"].fillna("none") == "none") & ~ip_na]
        gaps = [
            ("No allocation of newly created IP (Article 11 applies)", no_ip["doc"]),
            ("No dispute forum", contracts[forum == "none"]["doc"]),
            ("Arbitration naming no institution", contracts[no_institution]["doc"]),
        ]
        lines += ["", "## Gaps", ""]
        for title, docs in gaps:
            lines.append(
                f"- {title} ({len(docs)}): "
                + (", ".join(_md(d) for d in docs[:50]) or "none")
                + (" …" if len(docs) > 50 else "")
            )
        if ip_na.any():
            lines.append(f"- Article 11 does not apply ({int(ip_na.sum())}): not counted as a gap")
    by_doc = frames.get("decisions") or {}
    if by_doc:
        current = sum(not d.outdated for decs in by_doc.values() for d in decs.values())
        outdated = sum(d.outdated for decs in by_doc.values() for d in decs.values())
        lines += [
            "",
            f"Reviewer decisions: {current} applied (the values above are final), {outdated} "
            "outdated (made on an earlier text of the contract; not applied). "
            "`analyzer review --store results.sqlite list` shows them.",
        ]
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
            "## Errors, warnings, duplicates and skipped files",
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
