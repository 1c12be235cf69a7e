"""Reviewer decisions: a lawyer accepts or overrides a finding, and the decision outlives re-runs.

A decision is stored in the results store's ``reviews`` table, keyed by the contract's sha256 +
requirement id, with the reviewer's name, the time (UTC, ISO 8601), a note, and what the machine
said when the decision was made. Nothing is ever deleted: a new decision for the same key is a
new row, and the latest row is the one that counts (the older ones are the audit trail).

- **Re-applied** while the contract is unchanged: a later run of the same bytes (whatever the
  analyzer or pattern version, whatever the file is now called) gets the decision.
- **Review outdated** when the contract's text changed: the same contract name now has another
  sha256. The old decision is kept and shown (``outdated``), never applied.

Final values: where a reviewer decided, the reviewed status (and value, for
``art10.dispute_forum``, ``art10.arbitration_institution``, ``art11.ip_ownership``); elsewhere
the machine's. Labels are derived from statuses/values exactly as :mod:`analyzer.report` does
(a boolean label is true when the status is ``met`` or ``partial``).

API (every function takes a :class:`~analyzer.store.ResultStore` or the path of one)::

    from analyzer import review
    review.set_review("out/results.sqlite", "en/msa", "art11.ip_ownership",
                      status="met", value="client", by="A. Lawyer", note="cl. 9.2 assigns")
    review.set_review("out/results.sqlite", "en/msa", "art5.security_measures",
                      accept=True, by="A. Lawyer")
    review.list_reviews("out/results.sqlite")          # ReviewRow per decision (current + outdated)
    review.final_labels("out/results.sqlite")          # FinalLabels per contract of the latest run
    review.decisions("out/results.sqlite")             # doc -> requirement -> Decision
    review.export_lines("out/results.sqlite")          # LABELS.md records (gold from reviews)

``ResultStore.review(...)`` and ``ResultStore.reviews(...)`` call :func:`set_review` and
:func:`list_reviews`.
"""

from __future__ import annotations

import contextlib
import difflib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any, cast

from analyzer.errors import AnalyzerError
from analyzer.gold import FORUM_VALUES, IP_VALUES
from analyzer.model import STATUSES, ContractReport, Status
from analyzer.report import LABEL_DEFAULTS, LABEL_REQUIREMENTS, POSITIVE_STATUSES

if TYPE_CHECKING:
    from analyzer.store import ResultStore

__all__ = [
    "REVIEW_COLUMNS",
    "Decision",
    "FinalLabels",
    "apply_decisions",
    "InvalidStatusError",
    "InvalidValueError",
    "ReviewError",
    "ReviewRow",
    "UnknownDocError",
    "UnknownRequirementError",
    "decisions",
    "export_lines",
    "final_labels",
    "list_reviews",
    "review_cells",
    "set_review",
    "write_export",
]


class ReviewError(AnalyzerError):
    """A reviewer decision that cannot be recorded."""

    code = "E740"


class UnknownDocError(ReviewError):
    code = "E741"


class UnknownRequirementError(ReviewError):
    code = "E742"


class InvalidStatusError(ReviewError):
    code = "E743"


class InvalidValueError(ReviewError):
    code = "E744"


# requirement id -> label key, for the labelled requirements
LABEL_OF: dict[str, str] = {req: key for key, (req, _kind) in LABEL_REQUIREMENTS.items()}
# requirements whose finding carries a categorical value a reviewer may set
VALUE_REQUIREMENTS: frozenset[str] = frozenset(
    req for req, kind in LABEL_REQUIREMENTS.values() if kind == "value"
)
_CHOICES: dict[str, frozenset[str]] = {
    "art10.dispute_forum": FORUM_VALUES,
    "art11.ip_ownership": IP_VALUES,
}
_NO_VALUE = ("", "none", "null")


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision on one finding, as it stands for one contract of a run."""

    doc: str  # the contract's name in the run (for an outdated one: its name then and now)
    requirement: str
    status: str
    value: str | None
    reviewer: str
    reviewed_at: str  # UTC, ISO 8601
    note: str
    sha256: str  # the text the decision was made on
    machine_status: str | None  # what the machine said when the decision was made
    machine_value: str | None
    outdated: bool = False  # the contract's text changed since: kept, shown, not applied

    @property
    def accepted(self) -> bool:
        """Whether the decision is the machine's own status and value (at decision time)."""
        return (self.status, self.value) == (self.machine_status, self.machine_value)


@dataclass(frozen=True)
class ReviewRow:
    """One row of ``analyzer review list``: a decision beside the machine's current finding."""

    doc: str
    requirement: str
    machine_status: str | None  # the finding of the run shown (None: no such finding now)
    machine_value: str | None
    status: str
    value: str | None
    reviewer: str
    reviewed_at: str
    note: str
    outdated: bool


@dataclass(frozen=True)
class FinalLabels:
    """One contract's labels after review: what labels.jsonl and the exports show."""

    doc: str
    path: str
    sha256: str
    labels: dict[str, Any]  # final: reviewed where a reviewer decided, machine elsewhere
    machine_labels: dict[str, Any]
    reviewed: list[str]  # label keys a reviewer decided (current decisions only)
    outdated: list[str]  # label keys with a decision made on an earlier text (not applied)
    decisions: dict[str, Decision] = field(default_factory=dict)  # requirement -> decision

    @property
    def machine(self) -> dict[str, Any]:
        """The machine's value of every label whose final value differs from it."""
        return {
            k: self.machine_labels.get(k)
            for k in self.labels
            if self.labels[k] != self.machine_labels.get(k)
        }


# ------------------------------------------------------------------------------- the store


@contextlib.contextmanager
def _opened(store: ResultStore | str | Path, *, write: bool) -> Iterator[ResultStore]:
    from analyzer.store import ResultStore, StoreError

    if isinstance(store, ResultStore):
        if write and store.readonly:
            raise StoreError(
                "the results store was opened read-only; open it with readonly=False to record "
                "a review",
                path=str(store.path),
            )
        yield store
        return
    path = Path(store)
    if not path.is_file():
        raise StoreError("no results store here; run `analyzer portfolio` first", path=str(path))
    db = ResultStore(path, readonly=not write)
    try:
        yield db
    finally:
        db.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class _Contract:
    doc: str
    path: str
    sha256: str
    key: str
    findings: dict[str, tuple[str, str | None, str | None]]  # requirement -> status, value, quote


def _run_docs(db: ResultStore, run_id: int) -> dict[str, tuple[str, str, str | None, str | None]]:
    """doc -> (path, outcome, sha256, key) of every file of a run that is not skipped."""
    return {
        doc: (path, outcome, sha, key) for doc, path, outcome, sha, key in db.run_file_rows(run_id)
    }


def _contracts(db: ResultStore, run_id: int, doc: str | None = None) -> dict[str, _Contract]:
    """The analysed contracts of a run (or one of them), with their findings."""
    out: dict[str, _Contract] = {}
    for d, path, sha, key, req, status, value, quote in db.finding_digest(run_id, doc):
        c = out.get(d)
        if c is None:
            c = out[d] = _Contract(d, path, sha, key, {})
        c.findings.setdefault(req, (status, value, quote))
    return out


def _latest_reviews(db: ResultStore) -> dict[tuple[str, str], tuple[Any, ...]]:
    """(sha256, requirement) -> the latest decision row."""
    return {(r[1], r[2]): r for r in db.review_rows()}


def _decision(row: tuple[Any, ...], doc: str, *, outdated: bool) -> Decision:
    _id, sha, req, _doc, status, value, m_status, m_value, reviewer, at, note = row
    return Decision(
        doc=doc,
        requirement=req,
        status=status,
        value=value,
        reviewer=reviewer,
        reviewed_at=at,
        note=note or "",
        sha256=sha,
        machine_status=m_status,
        machine_value=m_value,
        outdated=outdated,
    )


def _decisions(
    db: ResultStore, run_id: int, contracts: dict[str, _Contract]
) -> dict[str, dict[str, Decision]]:
    latest = _latest_reviews(db)
    if not latest:
        return {}
    out: dict[str, dict[str, Decision]] = {}
    # decisions made on another text under the same name: the latest per requirement
    earlier: dict[tuple[str, str], tuple[Any, ...]] = {}
    for (sha, req), row in latest.items():
        doc = row[3]
        c = contracts.get(doc)
        if c is not None and c.sha256 != sha:
            prev = earlier.get((doc, req))
            if prev is None or row[0] > prev[0]:
                earlier[(doc, req)] = row
    for doc, c in contracts.items():
        reqs = {req for (sha, req) in latest if sha == c.sha256}
        mine = {req: _decision(latest[(c.sha256, req)], doc, outdated=False) for req in reqs}
        for (d, req), row in earlier.items():
            if d == doc and req not in mine:
                mine[req] = _decision(row, doc, outdated=True)
        if mine:
            out[doc] = dict(sorted(mine.items()))
    return out


def _normalise_requirement(requirement: str, c: _Contract) -> str:
    req = requirement.strip()
    if req in LABEL_REQUIREMENTS:  # a label key: art11_ip_ownership
        req = LABEL_REQUIREMENTS[req][0]
    if req not in c.findings:
        near = difflib.get_close_matches(req, list(c.findings), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise UnknownRequirementError(
            f"contract {c.doc!r} has no finding for requirement {requirement!r}{hint} "
            f"(its requirements: {', '.join(sorted(c.findings))})"
        )
    return req


def _resolve_doc(db: ResultStore, run_id: int, doc: str) -> _Contract:
    contracts = _contracts(db, run_id, doc)
    if doc in contracts:
        return contracts[doc]
    files = _run_docs(db, run_id)
    if doc in files:
        _path, outcome, _sha, _key = files[doc]
        raise UnknownDocError(
            f"contract {doc!r} was not analysed in run {run_id} ({outcome}); there is no finding "
            "to review"
        )
    near = difflib.get_close_matches(doc, list(files), n=3)
    hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    raise UnknownDocError(
        f"no contract named {doc!r} in run {run_id} (use the name shown in labels.jsonl or "
        f"`analyzer review list`){hint}"
    )


def _check_value(req: str, status: str, value: str | None) -> str | None:
    if req == "art10.arbitration_institution":
        if value is not None and value.strip().lower() in _NO_VALUE:
            return None
        return value.strip() if value is not None else None
    choices = _CHOICES.get(req)
    if choices is None:
        return value
    if value not in choices:
        raise InvalidValueError(
            f"{value!r} is not a value of {req}; choose one of {', '.join(sorted(choices))}"
        )
    if status in POSITIVE_STATUSES and value == "none":
        raise InvalidValueError(
            f"status {status!r} with value 'none' contradicts itself for {req}; give --value "
            f"({', '.join(sorted(choices - {'none'}))})"
        )
    if status == "missing" and value != "none":
        raise InvalidValueError(
            f"status 'missing' with value {value!r} contradicts itself for {req}; give --value none"
        )
    return value


# ------------------------------------------------------------------------------- writing


_UNSET: Any = object()


def set_review(
    store: ResultStore | str | Path,
    doc: str,
    requirement: str,
    *,
    by: str,
    status: str | None = None,
    value: Any = _UNSET,
    accept: bool = False,
    note: str = "",
    run_id: int | None = None,
    at: str | None = None,
) -> Decision:
    """Record a reviewer's decision on a finding of contract ``doc`` (its name in the run,
    default: the latest) and return it.

    ``accept=True`` records the machine's current status and value; otherwise ``status`` is
    required and, for ``art10.dispute_forum`` / ``art10.arbitration_institution`` /
    ``art11.ip_ownership``, ``value`` may be set (left out: the machine's value stands; a
    status that contradicts it, e.g. ``met`` with ``"none"``, is refused). ``requirement`` is a
    requirement id (``art11.ip_ownership``) or a label key (``art11_ip_ownership``).
    """
    by = (by or "").strip()
    if not by:
        raise ReviewError("a review needs the reviewer's name (--by)")
    if accept and (status is not None or value is not _UNSET):
        raise ReviewError("--accept records the machine's status and value: give no --status")
    if not accept and status is None:
        raise InvalidStatusError(f"give --status ({', '.join(STATUSES)}) or --accept")
    with _opened(store, write=True) as db:
        rid = db._run(run_id)
        c = _resolve_doc(db, rid, doc)
        req = _normalise_requirement(requirement, c)
        m_status, m_value, _quote = c.findings[req]
        if accept:
            status, new_value = m_status, m_value
        else:
            assert status is not None
            status = status.strip()
            if status not in STATUSES:
                raise InvalidStatusError(
                    f"{status!r} is not a status; choose one of {', '.join(STATUSES)}"
                )
            if value is not _UNSET and value is not None and req not in VALUE_REQUIREMENTS:
                raise InvalidValueError(
                    f"{req} takes no value (only {', '.join(sorted(VALUE_REQUIREMENTS))} do); "
                    "give --status alone"
                )
            if req in VALUE_REQUIREMENTS:
                raw = m_value if value is _UNSET else value
                new_value = _check_value(req, status, None if raw is None else str(raw))
            else:
                new_value = None
        when = at or _now()
        db.add_review(
            (c.sha256, req, c.doc, status, new_value, m_status, m_value, by, when, note or "")
        )
        return Decision(
            doc=c.doc,
            requirement=req,
            status=status,
            value=new_value,
            reviewer=by,
            reviewed_at=when,
            note=note or "",
            sha256=c.sha256,
            machine_status=m_status,
            machine_value=m_value,
        )


# ------------------------------------------------------------------------------- reading


def decisions(
    store: ResultStore | str | Path, run_id: int | None = None
) -> dict[str, dict[str, Decision]]:
    """doc -> requirement -> the decision that stands for that contract of the run (latest run by
    default): current ones (``outdated=False``: apply them) and, where the text changed and no
    decision was made on the new text, the last one made on an earlier text (``outdated=True``:
    show them, do not apply them)."""
    with _opened(store, write=False) as db:
        rid = db._run(run_id)
        if not db.has_reviews():
            return {}  # no decision yet: do not read every finding of the run
        return _decisions(db, rid, _contracts(db, rid))


def list_reviews(
    store: ResultStore | str | Path, doc: str | None = None, run_id: int | None = None
) -> list[ReviewRow]:
    """The decisions on the contracts of a run (one contract with ``doc``), beside the machine's
    finding of that run, in doc and requirement order."""
    with _opened(store, write=False) as db:
        rid = db._run(run_id)
        contracts = {doc: _resolve_doc(db, rid, doc)} if doc is not None else _contracts(db, rid)
        rows: list[ReviewRow] = []
        for d, by_req in sorted(_decisions(db, rid, contracts).items()):
            c = contracts[d]
            for req, dec in by_req.items():
                m_status, m_value, _quote = c.findings.get(req, (None, None, None))
                rows.append(
                    ReviewRow(
                        doc=d,
                        requirement=req,
                        machine_status=m_status,
                        machine_value=m_value,
                        status=dec.status,
                        value=dec.value,
                        reviewer=dec.reviewer,
                        reviewed_at=dec.reviewed_at,
                        note=dec.note,
                        outdated=dec.outdated,
                    )
                )
        return rows


def _label_value(key: str, status: str, value: str | None) -> Any:
    """A label from a status and value, as :func:`analyzer.report.labels_from_findings` does."""
    _req, kind = LABEL_REQUIREMENTS[key]
    if kind == "bool":
        return status in POSITIVE_STATUSES
    return value if value is not None else LABEL_DEFAULTS.get(key)


def final_labels(store: ResultStore | str | Path, run_id: int | None = None) -> list[FinalLabels]:
    """Per analysed contract of a run (latest by default), in doc order: the final labels
    (reviewed where a reviewer decided, machine elsewhere), the machine's labels, which labels a
    reviewer decided and which have an outdated decision. What labels.jsonl and every other
    output of the run should show (see docs/review.md, "Outputs")."""
    with _opened(store, write=False) as db:
        rid = db._run(run_id)
        contracts = _contracts(db, rid)
        by_doc = _decisions(db, rid, contracts)
        out: list[FinalLabels] = []
        for doc, path, machine in db.labels(rid):
            c = contracts.get(doc)
            decs = by_doc.get(doc, {})
            final = dict(machine)
            reviewed: list[str] = []
            outdated: list[str] = []
            for key, (req, _kind) in LABEL_REQUIREMENTS.items():
                dec = decs.get(req)
                if dec is None:
                    continue
                if dec.outdated:
                    outdated.append(key)
                    continue
                final[key] = _label_value(key, dec.status, dec.value)
                reviewed.append(key)
            out.append(
                FinalLabels(
                    doc=doc,
                    path=path,
                    sha256=c.sha256 if c is not None else "",
                    labels=final,
                    machine_labels=dict(machine),
                    reviewed=reviewed,
                    outdated=outdated,
                    decisions=decs,
                )
            )
        return out


label_value = _label_value  # the public name (the outputs derive final labels with it)


# columns a finding row gets beside the machine's status and value (findings.csv, the workbook)
REVIEW_COLUMNS: tuple[str, ...] = (
    "final_status",
    "final_value",
    "decided_by",  # the reviewer, or "machine"
    "reviewed_at",
    "review_note",
    "review_outdated",  # a decision made on an earlier text: shown, not applied
)


def review_cells(
    doc: str,
    requirement: str,
    status: str,
    value: str | None,
    by_doc: dict[str, dict[str, Decision]],
) -> tuple[Any, ...]:
    """The :data:`REVIEW_COLUMNS` cells of one finding row, from :func:`decisions`' result:
    the final status and value and who decided them (the outputs append these to each row)."""
    dec = by_doc.get(doc, {}).get(requirement)
    if dec is None:
        return (status, value, "machine", None, None, False)
    if dec.outdated:
        return (status, value, "machine", dec.reviewed_at, dec.note or None, True)
    return (dec.status, dec.value, dec.reviewer, dec.reviewed_at, dec.note or None, False)


def apply_decisions(report: ContractReport, decs: dict[str, Decision]) -> ContractReport:
    """The report with one contract's decisions (``decisions(...)[doc]``) applied: a current
    decision sets the finding's status and value, clears its "lawyer check" and says who decided
    in its explanation; an outdated one is only mentioned. For the outputs that are built from a
    report (annotated copies, the notebook panel); ``report.labels()`` are then the final labels."""
    findings = []
    for f in report.findings:
        dec = decs.get(f.requirement)
        if dec is None:
            findings.append(f)
            continue
        note = f": {dec.note}" if dec.note else ""
        if dec.outdated:
            text = (
                f"{f.explanation} [Review outdated: {dec.reviewer} decided "
                f"{_pair(dec.status, dec.value)} on {dec.reviewed_at[:10]} on an earlier text"
                f"{note}]"
            )
            findings.append(replace(f, explanation=text))
            continue
        text = (
            f"{f.explanation} [Reviewed by {dec.reviewer} on {dec.reviewed_at[:10]}: "
            f"{_pair(dec.status, dec.value)}, machine {_pair(f.status, f.value)}{note}]"
        )
        status = dec.status if dec.status in STATUSES else f.status
        findings.append(
            replace(f, status=cast(Status, status), value=dec.value, review=None, explanation=text)
        )
    return replace(report, findings=tuple(findings))


def _pair(status: str | None, value: str | None) -> str:
    if status is None:
        return "-"
    return status if value is None else f"{status}/{value}"


# ------------------------------------------------------------------------------- export


def _file_name(doc: str, path: str) -> str:
    """The contract's path under its input folder (what ``analyzer eval --corpus FOLDER`` joins
    to the folder): the last as many components of its path as its name has."""
    parts = len(PurePosixPath(doc).parts)
    tail = PurePosixPath(Path(path).as_posix()).parts[-parts:]
    return str(PurePosixPath(*tail))


def export_lines(
    store: ResultStore | str | Path, run_id: int | None = None, *, reviewed_only: bool = False
) -> list[dict[str, Any]]:
    """Gold records (../shared/corpus/gold/LABELS.md) of a run's contracts from the reviews.

    Each record: ``doc``, ``file`` (its path under the input folder), ``outsourcing_like``,
    ``provider``, ``client``, ``labels`` (final), ``reviewed`` (label keys a reviewer decided),
    ``machine`` (the machine's value of every label whose final value differs), ``evidence``
    (the machine's first quote of each positive label it quoted), ``notes`` (the reviewers'
    notes), ``decisions`` (every current decision, labelled requirement or not, with who and
    when) and, when there are any, ``review_outdated`` (labels whose decision predates the text).

    ``reviewed_only``: only contracts with a current decision on a label, and in ``labels`` only
    the labels a reviewer decided, so that ``analyzer eval`` measures the tool on reviewed
    decisions alone (such records are not complete LABELS.md records: ``--check-gold`` says so).
    """
    with _opened(store, write=False) as db:
        rid = db._run(run_id)
        finals = final_labels(db, rid)
        contracts = _contracts(db, rid)
        info = {
            doc: (bool(ol) if ol is not None else None, provider, client)
            for doc, ol, provider, client in db.contract_parties(rid)
        }
    lines: list[dict[str, Any]] = []
    for fl in finals:
        if reviewed_only and not fl.reviewed:
            continue
        c = contracts.get(fl.doc)
        outsourcing_like, provider, client = info.get(fl.doc, (None, None, None))
        labels = {k: fl.labels[k] for k in fl.reviewed} if reviewed_only else fl.labels
        evidence: dict[str, list[str]] = {}
        for key, value in labels.items():
            req = LABEL_REQUIREMENTS[key][0]
            quote = c.findings.get(req, (None, None, None))[2] if c is not None else None
            positive = value not in (None, "", "none", False)
            if positive and quote:
                evidence[key] = [quote]
        current = {req: d for req, d in fl.decisions.items() if not d.outdated}
        notes = "; ".join(
            f"{LABEL_OF.get(req, req)}: {d.note} ({d.reviewer}, {d.reviewed_at})"
            for req, d in current.items()
            if d.note
        )
        record: dict[str, Any] = {
            "doc": fl.doc,
            "file": _file_name(fl.doc, fl.path),
            "outsourcing_like": outsourcing_like,
            "provider": provider,
            "client": client,
            "labels": labels,
            "reviewed": list(fl.reviewed),
            "machine": {k: v for k, v in fl.machine.items() if k in labels},
            "evidence": evidence,
            "notes": notes,
            "decisions": {
                req: {
                    "status": d.status,
                    "value": d.value,
                    "machine_status": d.machine_status,
                    "machine_value": d.machine_value,
                    "by": d.reviewer,
                    "at": d.reviewed_at,
                    "note": d.note,
                }
                for req, d in current.items()
            },
        }
        if fl.outdated:
            record["review_outdated"] = list(fl.outdated)
        lines.append(record)
    return lines


def write_export(
    store: ResultStore | str | Path,
    fh: IO[str],
    run_id: int | None = None,
    *,
    reviewed_only: bool = False,
) -> int:
    """:func:`export_lines` as JSON lines into ``fh``; returns how many records were written."""
    lines = export_lines(store, run_id, reviewed_only=reviewed_only)
    for line in lines:
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(lines)


def row_dict(row: ReviewRow) -> dict[str, Any]:
    return asdict(row)
