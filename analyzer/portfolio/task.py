"""The per-file task of a portfolio run: read, analyse, annotate one file (in a worker process
or on a Dask worker) and send back everything the store needs. Never raises for a bad file: a
failure becomes an error outcome with a stable code (:data:`analyzer.errors.CATALOGUE`).
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from analyzer.errors import AnalyzerError
from analyzer.frames import RowTuples, tuples_from_report
from analyzer.model import ContractReport, Document
from analyzer.store import TRANSIENT_CODES, pack

log = logging.getLogger("analyzer.portfolio")

# stable per-file error codes added by the runner (reader/engine errors keep their own codes)
TIMEOUT_CODE = "E500"
CRASH_CODE = "E501"
UNEXPECTED_CODE = "E900"

AnalyzeFn = Callable[[Document], ContractReport]


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
    # another clause_patterns/ folder (--patterns), else the shipped one
    patterns: str | None = None


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


def _default_analyze(document: Document, patterns: str | None = None) -> ContractReport:
    from analyzer.engine import analyze

    if patterns is None:
        return analyze(document)
    from analyzer.patterns import load_patterns

    return analyze(document, patterns=load_patterns(patterns))  # (cached per folder)


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
        if task.analyze_fn is not None:
            report = task.analyze_fn(document)
        else:
            report = _default_analyze(document, task.patterns)
        if task.playbooks:
            report = with_playbooks(report, document, task.playbooks)
        rows = tuples_from_report(report, doc=task.doc, path=task.path)
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
        from analyzer.tagger import tagger_for

        for language in ("en", "zh"):  # cached per process: built once, before any time limit
            tagger_for(patterns, language)
        from analyzer import engine

        warm = getattr(engine, "warm_up", None)
        if callable(warm):
            warm()
    except Exception as exc:  # the first task reports the real problem
        log.debug("worker warm-up failed: %s", type(exc).__name__)


# the worker's garbage collector runs after this many new objects (Python's default: 700): a
# report makes tens of thousands of small objects, nearly all freed by reference counting
WORKER_GC_THRESHOLD = (10_000, 10, 10)


def _quiet_gc() -> None:
    """Move what the worker made so far (patterns, pipelines, the second reader's model) out of
    the collector's sight (``gc.freeze``) and let it run less often: without this the collector
    took about 1–1.7 % of a worker's time on CUAD texts, with it 0.2 %. Objects are freed as
    before: by reference counting, and cycles at the next (rarer) collection."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)


def _worker_main(tasks: Connection, results: Connection, warm: bool) -> None:
    if warm:
        _warm_up()
    _quiet_gc()  # a worker process of our own: its collector is ours to set
    try:
        results.send("ready")
        while True:
            task = tasks.recv()
            if task is None:
                break
            results.send(run_task(task))
    except (EOFError, OSError, KeyboardInterrupt):
        pass
