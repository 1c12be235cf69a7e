"""The outputs of a portfolio run, streamed from the results store into ``--out``.

``portfolio.xlsx`` (:mod:`analyzer.outputs.xlsx`; sheets Issues, then one per output table of
:data:`analyzer.outputs.tables.TABLES` — Summary, Findings, Obligations on the regulation's topics,
Clauses with tags —, then Errors), one CSV file per output table with ``csv`` (``findings.csv``,
``obligations.csv``, ``clauses.csv``: every row), ``labels.jsonl`` (``{"doc", "labels"}`` per
contract), ``summary.md`` (:mod:`analyzer.outputs.summary`), ``charts/*.png`` and ``annotated/``
(a DOCX with Word comments for each DOCX contract, an HTML report otherwise, at the contract's
name: ``annotated/2025/msa.annotated.docx``). Each file is written atomically
(:mod:`analyzer.outputs.atomic`) into a staging folder inside ``out``, swapped in as a set
(:mod:`analyzer.outdir`). Outputs stream from the store in chunks (charts and summary read a few
columns and SQL counts), so the parent's memory does not grow with the portfolio; on large runs a
second process shares the outputs with the parent (each takes the costliest output not yet
taken), unless the run has one worker: then this process writes them all, so that one worker
means one busy core.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import json
import logging
import multiprocessing
import os
import sqlite3
import time
import traceback
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from analyzer import outdir
from analyzer.errors import OutputError
from analyzer.frames import SIDES_CHECK_COLUMN, roles_uncertain_docs, side_to_check
from analyzer.names import UnsafePathError, inside, output_relpath, short_hash
from analyzer.outputs.atomic import atomic_save, atomic_write
from analyzer.outputs.final import (
    FINAL_TABLES,
    _final_batches,
    final_columns,
    final_contracts,
    final_findings,
)
from analyzer.outputs.summary import summary_markdown
from analyzer.outputs.tables import REGULATED_TOPICS, csv_tables, sheet_tables
from analyzer.outputs.xlsx import _WRAP_ROWS, SheetRows, write_workbook
from analyzer.store import (
    FORMULA_STARTS,
    ROW_TABLES,
    ResultStore,
    open_store,
    release_wal,
    store_failure,
)

__all__ = ["OUTPUTS_MARKER", "REGULATED_TOPICS", "output_entries", "output_parts", "write_outputs"]

log = logging.getLogger(__name__)


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


OUTPUTS_MARKER = ".analyzer-outputs.json"


_CHUNK = 1_000  # rows per chunk read from the store (under a MB)
# a second process for the outputs costs ~1 CPU-second to start: worth it from about this many
# rows (findings, obligations and clauses; ~40 CUAD contracts)
PARALLEL_OUTPUT_ROWS = 10_000
# the parts besides the CSV files of the output tables, and how costly each is to write
_FIXED_PARTS = {"charts": 100, "portfolio.xlsx": 90, "annotated": 50, "labels.jsonl": 0}


def output_parts() -> tuple[str, ...]:
    """What write_outputs writes besides summary.md, costliest first (one CSV file per output
    table with ``csv``: :data:`analyzer.outputs.tables.TABLES`): the parent and (on large runs)
    a second process each take the next part not yet taken, until none is left."""
    cost = dict(_FIXED_PARTS)
    cost.update({f"{t.name}.csv": t.cost for t in csv_tables()})
    return tuple(sorted(cost, key=lambda part: -cost[part]))


def output_entries() -> tuple[str, ...]:
    """Everything a run writes into --out, swapped in as a set (the marker last)."""
    return (*output_parts(), "summary.md", OUTPUTS_MARKER)


OUTPUT_PARTS: tuple[str, ...] = output_parts()  # the built-in tables' parts
OUTPUT_ENTRIES: tuple[str, ...] = output_entries()
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
        "issues": SheetRows(ISSUE_COLUMNS, [list(issue_rows(db, run_id, by_doc, links))])
    }
    errors = db.errors(run_id)
    for t in sheet_tables():
        if t.name in FINAL_TABLES:
            book[t.name] = _final_rows(db, t.name, run_id, by_doc)
        else:
            book[t.name] = _sheet_rows(db, t.name, run_id, **t.sheet_filter)
    if "obligations" in book:
        book["obligations"] = _with_sides_check(book["obligations"], roles_uncertain_docs(errors))
    book["errors"] = errors
    write_workbook(book, path)


def _with_sides_check(rows: SheetRows, uncertain: frozenset[str]) -> SheetRows:
    """``rows`` of the obligations table with ``sides_to_check`` added last
    (:func:`analyzer.frames.side_to_check`)."""
    doc_at = rows.columns.index("doc")
    role_at = rows.columns.index("role")

    def batches() -> Iterator[list[tuple[Any, ...]]]:
        for batch in rows.batches:
            yield [(*r, side_to_check(r[doc_at], r[role_at], uncertain)) for r in batch]

    return SheetRows((*rows.columns, SIDES_CHECK_COLUMN), batches(), rows.count)


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
    columns = final_columns(table)
    if table in FINAL_TABLES:
        from analyzer.review import decisions

        batches = _final_batches(batches, table, decisions(db, run_id), _csv_text)
    elif table == "obligations":
        checked = _with_sides_check(
            SheetRows(tuple(columns), batches), roles_uncertain_docs(db.errors(run_id))
        )
        columns, batches = checked.columns, checked.batches
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator=os.linesep)
        writer.writerow(columns)
        for batch in batches:
            writer.writerows(batch)


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
    charts.save_charts(small, directory, save=atomic_save)


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
    from analyzer.review import decisions

    names = _artifact_names(db.artifact_index(run_id))
    by_doc = decisions(db, run_id)
    directory.mkdir(parents=True, exist_ok=True)
    for doc, path, sha, kind, data in db.artifacts(run_id):
        if doc in by_doc:
            data = _reviewed_artifact(db, run_id, doc, path, sha, kind, by_doc[doc]) or data
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
        with target.open("wb") as fh:  # flushed to disk with the whole set (_flush_to_disk)
            fh.write(data)


def _reviewed_artifact(
    db: ResultStore, run_id: int, doc: str, path: str, sha: str, kind: str, decs: dict[str, Any]
) -> bytes | None:
    """The annotated copy of a contract a reviewer decided on, made again from the original with
    the decisions applied (the comments show the final status and who decided). None, and the
    stored copy stands, when the original is gone or no longer the file that was analysed."""
    import hashlib

    from analyzer.errors import AnalyzerError
    from analyzer.portfolio.task import make_artifact
    from analyzer.readers import read_contract
    from analyzer.review import apply_decisions

    try:
        original = Path(path).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(original).hexdigest() != sha:
        return None
    try:
        document = read_contract(path)
        report = apply_decisions(db.report(doc, run_id), decs)
        data, made_kind = make_artifact(document, report, original)
    except (AnalyzerError, OSError, ValueError) as exc:
        log.warning(
            "annotated copy of %s kept without reviewer decisions: %s", doc, type(exc).__name__
        )
        return None
    return data if made_kind == kind else None


def _write_part(db: ResultStore, run_id: int, out: Path, part: str) -> None:
    """Write one of :func:`output_parts` into the staging folder ``out`` (whose parent is the
    output folder, where the previous annotated copies are)."""
    if part == "charts":
        _write_charts(db, run_id, out / "charts")
    elif part == "annotated":
        _write_annotated(db, run_id, out / "annotated", out.parent / "annotated")
    elif part == "portfolio.xlsx":
        atomic_save(out / part, functools.partial(write_run_workbook, db, run_id))
    elif part == "labels.jsonl":
        atomic_save(out / part, functools.partial(_write_labels, db, run_id))
    elif part.endswith(".csv") and part.removesuffix(".csv") in {t.name for t in csv_tables()}:
        table = part.removesuffix(".csv")
        atomic_save(out / part, functools.partial(write_csv, db, table, run_id))
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
    db: ResultStore,
    run_id: int,
    out: Path,
    state: Any,
    who: int,
    parent: int | None = None,
    parts: tuple[str, ...] | None = None,
) -> None:
    parts = parts or output_parts()
    while (i := _claim(state, who)) is not None:
        if parent is not None and os.getppid() != parent:  # the run is gone: stop writing
            return
        t0 = time.perf_counter()
        _write_part(db, run_id, out, parts[i])
        log.debug("%s written in %.2f s (process %s)", parts[i], time.perf_counter() - t0, who)
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
    return db.total_rows(tuple(t.name for t in csv_tables()), run_id)


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
    parts = output_parts()
    local = _LocalParts(len(parts))
    if force is False or (not force and _output_rows(db, run_id) < PARALLEL_OUTPUT_ROWS):
        return local, None
    try:
        ctx = multiprocessing.get_context("spawn")
        state = ctx.Array("b", len(parts))
        proc = ctx.Process(
            target=_outputs_helper,
            args=(str(store_path), run_id, str(out), state, os.getpid()),
            daemon=True,
        )
        started.append(proc)
        from analyzer.portfolio.runner import main_without_missing_file

        with main_without_missing_file():
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
    parts = output_parts()
    for i in left:
        _write_part(db, run_id, out, parts[i])


# the garbage collector's first threshold while the outputs are written (Python's default: 700)
OUTPUT_GC_THRESHOLD = 7_000


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Let the garbage collector run less often while the outputs are written, then as before:
    millions of row tuples and XML strings, nearly all freed by reference counting, made it
    run some 400 times (0.2-0.25 CPU-s of a 510-contract run's outputs; 0.1 s with this)."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], OUTPUT_GC_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


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
    with _fewer_collections():
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


def _flush_to_disk(staging: Path) -> None:
    """Put the staged outputs on disk before they are swapped in (a power cut after the swap
    must not leave empty files). One ``sync()`` for the whole set: an ``fsync`` per annotated
    copy took 1.5-2 s of a 510-contract run (the disk waits once per file), one ``sync()``
    0.1-0.2 s. Where ``os.sync`` is missing (Windows), each file is flushed on its own."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in staging.rglob("*"):  # pragma: no cover - Windows
        if path.is_file() and not path.is_symlink():
            with path.open("rb+") as fh:
                os.fsync(fh.fileno())


def _write_outputs(store_path: Path, run_id: int, out: Path, parallel: bool | None) -> list[Path]:
    from analyzer.charts import CHARTS  # matplotlib is imported only to draw them

    outdir.recover(out)
    marker = out / OUTPUTS_MARKER
    with open_store(store_path) as db:
        fingerprint = db.run_fingerprint(run_id)
        names = _artifact_names(db.artifact_index(run_id))
        main = [
            out / n
            for n in ("labels.jsonl", *(f"{t.name}.csv" for t in csv_tables()), "portfolio.xlsx")
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
            _flush_to_disk(staging)
            outdir.commit(out, staging, output_entries())
        except BaseException:
            for proc in helpers:  # stopped or failed: stop the helper before removing its work
                if proc.pid is not None:
                    proc.kill()
                    proc.join()
            outdir.discard(staging)
            raise
    return [*main, out / "summary.md"]
