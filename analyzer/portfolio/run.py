"""The run: plan (walk, hash, look up the store), execute (the runner), collect (store, outputs).

Results stream into the store as they arrive (one commit per file, nothing kept in memory), keyed by
the sha256 of the bytes the worker analysed + analyzer version + pattern-set version: a re-run
skips unchanged contracts, and a run that was interrupted (Ctrl-C, SIGTERM, SIGKILL, power cut)
resumes where it stopped. A file whose bytes changed between the parent's hash and the worker's
read is an error of this run (E106), analysed again by the next. Files with identical content are
analysed once (the others are listed as duplicates, code ``W001``). Errors that say nothing lasting
about a file (:data:`analyzer.store.TRANSIENT_CODES`) are not cached.

A run holds a lock on ``out`` (a second run there stops with E622) and writes every output into a
staging folder inside ``out``, swapped in as a set at the end (:mod:`analyzer.outdir`,
:mod:`analyzer.outputs`): a run that fails or is stopped leaves the previous outputs as they were.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer import outdir
from analyzer.errors import AnalyzerError, PortfolioError
from analyzer.inputs import Scan, hash_file, scan
from analyzer.names import contract_names
from analyzer.outputs.write import output_entries, write_outputs
from analyzer.portfolio.discovery import patterns_version, printable, skipped_doc
from analyzer.portfolio.runner import run_dask, run_local
from analyzer.portfolio.task import AnalyzeFn, Outcome, Task, _playbooks
from analyzer.readers.registry import SUFFIXES
from analyzer.store import (
    TRANSIENT_CODES,
    ResultStore,
    open_store,
    release_wal,
    result_key,
    store_failure,
)

log = logging.getLogger("analyzer.portfolio")

DEFAULT_TIMEOUT = 300.0
STORE_NAME = "results.sqlite"

# stable per-file error codes added by the run (the worker's are in analyzer.portfolio.task)
UNREADABLE_CODE = "E103"  # earlier versions; hash_file now gives the precise code
CHANGED_CODE = "E106"
BAD_NAME_CODE = "E115"
USAGE_CODE = "E010"
SAME_FOLDER_CODE = "E011"
NOT_RETRIED = TRANSIENT_CODES


class RunTerminated(KeyboardInterrupt):
    """SIGTERM reached a portfolio run: it stops as on Ctrl-C (workers and the output process
    stopped, the run marked ``interrupted``, the previous outputs left as they were)."""


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
            if first in output_entries() or first.startswith((".analyzer", STORE_NAME)):
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
    patterns: str | os.PathLike[str] | None = None,
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
    part of the cache key. ``patterns``: another ``clause_patterns/`` folder (a team's own role
    words, for instance who a licence's provider is); validated before any file is read (E200),
    and its content is part of the cache key.

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
    pattern_dir = str(Path(patterns).resolve()) if patterns is not None else None
    if pattern_dir is not None:  # a bad pattern folder fails before any contract is read
        from analyzer.patterns import load_patterns

        load_patterns(pattern_dir)
        if pattern_version is None:
            pattern_version = patterns_version(Path(pattern_dir))
    if out_dir is not None:
        _check_out(out_dir, inputs)
    exclude = [p for p in (out_dir, store_path.parent if store is not None else None) if p]
    found = scan(inputs, exclude=[p for p in exclude if p.is_dir()], follow_links=follow_links)
    if not found.files:
        skipped = "".join(f"; {s.message}" for s in found.skipped[:3])
        raise PortfolioError(
            f"no contracts found (looked for {', '.join(SUFFIXES)} files)" + skipped,
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
                pattern_dir=pattern_dir,
            )
        except sqlite3.Error as exc:
            raise store_failure(exc, store_path) from None
    return dataclasses.replace(result, seconds=time.perf_counter() - t0)


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
    pattern_dir: str | None = None,
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
                doc=skipped_doc(skipped.path, skipped.root),
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
                    pattern_dir,
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
        succeeded = db.succeeded(run_id)
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
