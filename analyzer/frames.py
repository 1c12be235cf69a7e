"""Frozen row types and the one function that turns them into DataFrames with fixed columns.

Five views of a portfolio, each a frozen dataclass whose field order *is* the column order
(STYLE.md practice 4):

- :class:`ContractRow` — one row per contract: identity, parties, counts, then for each label key
  of ``../shared/corpus/gold/LABELS.md`` its value (``art3_confidential_info_defined`` …) and then
  the status of the finding behind it (``status.art3.confidential_info_defined`` …). See
  :data:`CONTRACT_COLUMNS`.
- :class:`FindingRow` — one row per finding, with its first evidence quote (exactly
  ``Document.text[start:end]``) and location; ``evidence_count`` says how many quotes it has.
- :class:`ObligationRow` — one row per obligation (bearer, role, modality, action, topics).
- :class:`ClauseRow` — one row per clause of the clause tree, in document order, with its tags.
- :class:`ErrorRow` — one row per per-file error, warning, duplicate or skipped file of a run.

``rows_from_report`` builds the rows of one ContractReport; :func:`to_frame` builds the DataFrame.
Multi-valued fields (languages, topics, tags) are joined with ``"; "``.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analyzer.model import ContractReport, Finding
from analyzer.report import LABEL_KEYS, LABEL_REQUIREMENTS

if TYPE_CHECKING:  # pandas (~0.4 s to import) is imported where a DataFrame is built
    import pandas as pd

JOIN = "; "


@dataclass(frozen=True)
class ContractRow:
    doc: str
    path: str
    sha256: str
    format: str
    languages: str
    pages: int | None
    characters: int
    outsourcing_like: bool
    provider: str | None
    client: str | None
    findings: int
    met: int
    partial: int
    missing: int
    flag: int
    not_applicable: int
    analysis_seconds: float | None
    labels: tuple[tuple[str, Any], ...]  # expanded into one column per label key
    statuses: tuple[tuple[str, str | None], ...]  # expanded into "status.<requirement>" columns


@dataclass(frozen=True)
class FindingRow:
    doc: str
    sha256: str
    article: int
    requirement: str
    status: str
    severity: str
    value: str | None
    explanation: str
    quote: str | None
    start: int | None
    end: int | None
    clause: str | None
    page: int | None
    paragraph: int | None
    language: str | None
    evidence_count: int
    recommendation_en: str | None
    recommendation_zh: str | None
    confidence: float | None = None  # calibrated probability the status/value is right
    review: str | None = None  # why a lawyer should check it ("lawyer check"), or None


@dataclass(frozen=True)
class ObligationRow:
    doc: str
    sha256: str
    bearer: str
    role: str
    modality: str
    action: str
    clause: str | None
    topics: str
    conditions: str
    exceptions: str
    start: int
    end: int
    language: str
    deadline: str | None = None
    beneficiary: str | None = None  # for whom, as written, where the sentence names it
    beneficiary_role: str | None = None
    party: str | None = None  # the name of the party the bearer resolves to


@dataclass(frozen=True)
class ClauseRow:
    doc: str
    sha256: str
    number: str | None
    heading: str | None
    level: int
    kind: str
    start: int
    end: int
    tags: str
    pattern_ids: str


@dataclass(frozen=True)
class ErrorRow:
    doc: str
    path: str
    sha256: str | None
    kind: str  # error | warning | duplicate | skipped
    code: str
    message: str


LABEL_STATUS_COLUMNS: tuple[str, ...] = tuple(
    f"status.{req}" for req, _kind in LABEL_REQUIREMENTS.values()
)

_CONTRACT_BASE: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(ContractRow) if f.name not in ("labels", "statuses")
)
CONTRACT_COLUMNS: tuple[str, ...] = _CONTRACT_BASE + LABEL_KEYS + LABEL_STATUS_COLUMNS
FINDING_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(FindingRow))
OBLIGATION_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ObligationRow))
CLAUSE_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ClauseRow))
ERROR_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ErrorRow))

COLUMNS: dict[type, tuple[str, ...]] = {
    ContractRow: CONTRACT_COLUMNS,
    FindingRow: FINDING_COLUMNS,
    ObligationRow: OBLIGATION_COLUMNS,
    ClauseRow: CLAUSE_COLUMNS,
    ErrorRow: ERROR_COLUMNS,
}


def columns_of(row_type: type) -> tuple[str, ...]:
    """The columns of a row type: its fields in order (a contract's labels and statuses
    expanded, see :data:`CONTRACT_COLUMNS`)."""
    columns = COLUMNS.get(row_type)
    if columns is None:
        columns = tuple(f.name for f in dataclasses.fields(row_type))
    return columns


def row_dict(row: Any) -> dict[str, Any]:
    """One row as a flat ``{column: value}`` dict, in column order."""
    if isinstance(row, ContractRow):
        flat = {name: getattr(row, name) for name in _CONTRACT_BASE}
        labels = dict(row.labels)
        statuses = dict(row.statuses)
        for key in LABEL_KEYS:
            flat[key] = labels.get(key)
        for key, col in zip(LABEL_KEYS, LABEL_STATUS_COLUMNS, strict=True):
            flat[col] = statuses.get(key)
        return flat
    return {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}


# one attrgetter per row type: a row's values without building a dict (the store inserts many)
_VALUES: dict[type, Any] = {}


def row_values(row: Any) -> tuple[Any, ...]:
    """One row's values in column order (``tuple(row_dict(row).values())``, faster)."""
    cls = type(row)
    get = _VALUES.get(cls)
    if get is None:
        columns = columns_of(cls)
        if cls is ContractRow or len(columns) < 2:
            return tuple(row_dict(row).values())
        get = _VALUES[cls] = operator.attrgetter(*columns)
    values: tuple[Any, ...] = get(row)
    return values


def to_frame(rows: Iterable[Any], row_type: type) -> pd.DataFrame:
    """Rows of one type → DataFrame with that type's fixed column order (empty rows too)."""
    import pandas as pd

    columns = columns_of(row_type)
    records = []
    for row in rows:
        if not isinstance(row, row_type):
            raise TypeError(f"expected {row_type.__name__}, got {type(row).__name__}")
        records.append(row_dict(row))
    return pd.DataFrame.from_records(records, columns=list(columns))


def _party(report: ContractReport, role: str) -> str | None:
    """The party of that role as a lawyer reads it: its full name, with the defined term the
    contract uses for it ("Meridian Retail Group Limited (Customer)")."""
    for p in report.parties:
        if p.role == role:
            name = " ".join(p.name.split())
            term = p.terms[0] if p.terms else None
            if term and term.casefold() not in name.casefold():
                return f"{name} ({term})"
            return name or term
    return None


def _count(findings: Sequence[Finding], status: str) -> int:
    return sum(1 for f in findings if f.status == status)


def contract_row(report: ContractReport, *, doc: str, path: str | None = None) -> ContractRow:
    info = report.document
    by_req = {f.requirement: f for f in report.findings}
    statuses = tuple(
        (key, by_req[req].status if req in by_req else None)
        for key, (req, _kind) in LABEL_REQUIREMENTS.items()
    )
    total = report.timings.get("total") if report.timings else None
    return ContractRow(
        doc=doc,
        path=path if path is not None else info.path,
        sha256=info.sha256,
        format=info.format,
        languages=JOIN.join(info.languages),
        pages=info.pages,
        characters=info.characters,
        outsourcing_like=report.outsourcing_like,
        provider=_party(report, "provider"),
        client=_party(report, "client"),
        findings=len(report.findings),
        met=_count(report.findings, "met"),
        partial=_count(report.findings, "partial"),
        missing=_count(report.findings, "missing"),
        flag=_count(report.findings, "flag"),
        not_applicable=_count(report.findings, "not_applicable"),
        analysis_seconds=float(total) if total is not None else None,
        labels=tuple(report.labels().items()),
        statuses=statuses,
    )


def finding_rows(report: ContractReport, *, doc: str) -> list[FindingRow]:
    rows = []
    for f in report.findings:
        ev = f.evidence[0] if f.evidence else None
        rows.append(
            FindingRow(
                doc=doc,
                sha256=report.document.sha256,
                article=f.article,
                requirement=f.requirement,
                status=f.status,
                severity=f.severity,
                value=None if f.value is None else str(f.value),
                explanation=f.explanation,
                quote=ev.quote if ev else None,
                start=ev.start if ev else None,
                end=ev.end if ev else None,
                clause=ev.clause if ev else None,
                page=ev.page if ev else None,
                paragraph=ev.paragraph if ev else None,
                language=ev.language if ev else None,
                evidence_count=len(f.evidence),
                recommendation_en=f.recommendation.get("en"),
                recommendation_zh=f.recommendation.get("zh"),
                confidence=f.confidence,
                review=f.review,
            )
        )
    return rows


def obligation_tuples(report: ContractReport, *, doc: str) -> list[tuple[Any, ...]]:
    """The obligation rows as tuples in :class:`ObligationRow`'s column order, built directly
    (what a worker stores: a third of the time of building the row dataclasses first)."""
    sha = report.document.sha256
    join = JOIN.join
    return [
        (
            doc,
            sha,
            o.bearer,
            o.role,
            o.modality,
            o.action,
            o.clause,
            join(o.topics),
            join(o.conditions),
            join(o.exceptions),
            o.start,
            o.end,
            o.language,
            o.deadline,
            o.beneficiary,
            o.beneficiary_role,
            o.party,
        )
        for o in report.obligations
    ]


def obligation_rows(report: ContractReport, *, doc: str) -> list[ObligationRow]:
    return [ObligationRow(*values) for values in obligation_tuples(report, doc=doc)]


def clause_tuples(report: ContractReport, *, doc: str) -> list[tuple[Any, ...]]:
    """The clause rows (every clause, depth first) as tuples in :class:`ClauseRow`'s column
    order, built directly (see :func:`obligation_tuples`)."""
    sha = report.document.sha256
    join = JOIN.join
    rows = []
    for top in report.clauses:
        for c in top.walk():
            tags = c.tags
            rows.append(
                (
                    doc,
                    sha,
                    c.number,
                    c.heading,
                    c.level,
                    c.kind,
                    c.start,
                    c.end,
                    join(sorted({t.label for t in tags})) if tags else "",
                    join(sorted({t.pattern_id for t in tags})) if tags else "",
                )
            )
    return rows


def clause_rows(report: ContractReport, *, doc: str) -> list[ClauseRow]:
    return [ClauseRow(*values) for values in clause_tuples(report, doc=doc)]


def notice_rows(report: ContractReport, *, doc: str, path: str) -> list[ErrorRow]:
    rows = [
        ErrorRow(doc, path, report.document.sha256, "error", n.code, n.message)
        for n in report.errors
    ]
    rows += [
        ErrorRow(doc, path, report.document.sha256, "warning", n.code, n.message)
        for n in report.warnings
    ]
    return rows


class _Tables:
    """Rows per output table (:data:`analyzer.outputs.tables.TABLES`), each table also an
    attribute (``rows.findings``); ``contract`` is the one contract row."""

    __slots__ = ("labels", "tables")

    def __init__(self, labels: tuple[tuple[str, Any], ...], tables: dict[str, tuple[Any, ...]]):
        self.labels = labels
        self.tables = tables

    def __getattr__(self, name: str) -> tuple[Any, ...]:
        try:
            return self.tables[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.labels, self.tables)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.labels, self.tables = state

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Tables) or type(other) is not type(self):
            return False
        return (self.labels, self.tables) == (other.labels, other.tables)

    def __hash__(self) -> int:
        return hash(self.labels)

    def replace(self, **tables: tuple[Any, ...]) -> Any:
        """A copy with some tables' rows replaced."""
        return type(self)(self.labels, {**self.tables, **tables})


class ReportRows(_Tables):
    """All rows of one contract report, per output table (row dataclasses)."""

    @property
    def contract(self) -> ContractRow:
        row: ContractRow = self.tables["contracts"][0]
        return row

    def replace(self, **tables: Any) -> ReportRows:
        contract = tables.pop("contract", None)
        if contract is not None:
            tables["contracts"] = (contract,)
        labels = self.labels if contract is None else contract.labels
        return ReportRows(labels, {**self.tables, **tables})


class RowTuples(_Tables):
    """The rows of one report as plain tuples in each table's column order (see
    :func:`row_values`): what a worker process sends, far cheaper to pickle and to store than
    the row dataclasses. ``labels`` are the contract's labels."""


def row_tuples(rows: ReportRows) -> RowTuples:
    return RowTuples(
        rows.labels,
        {name: tuple(map(row_values, items)) for name, items in rows.tables.items()},
    )


def tuples_from_report(report: ContractReport, *, doc: str, path: str | None = None) -> RowTuples:
    """``row_tuples(rows_from_report(...))``, built more cheaply: a table with a ``tuples``
    builder (:class:`analyzer.outputs.tables.Table`) makes its tuples directly. What a worker
    sends to the store."""
    from analyzer.outputs.tables import tables

    p = path if path is not None else report.document.path
    built: dict[str, tuple[tuple[Any, ...], ...]] = {}
    labels: tuple[tuple[str, Any], ...] | None = None
    for t in tables():
        if t.tuples is not None:
            built[t.name] = tuple(t.tuples(report, doc, p))
            continue
        items = tuple(t.rows(report, doc, p))
        if t.name == "contracts" and items:
            labels = items[0].labels
        built[t.name] = tuple(map(row_values, items))
    return RowTuples(labels if labels is not None else tuple(report.labels().items()), built)


def rows_from_report(report: ContractReport, *, doc: str, path: str | None = None) -> ReportRows:
    """The rows of every output table (:data:`analyzer.outputs.tables.TABLES`) for one report."""
    from analyzer.outputs.tables import tables

    p = path if path is not None else report.document.path
    built = {t.name: tuple(t.rows(report, doc, p)) for t in tables()}
    contract = built.get("contracts", ())
    return ReportRows(contract[0].labels if contract else tuple(report.labels().items()), built)


def reports_to_frames(
    reports: Iterable[tuple[str, ContractReport]],
) -> dict[str, pd.DataFrame]:
    """``(doc, report)`` pairs → one DataFrame per output table (``contracts``, ``findings``,
    ``obligations``, ``clauses`` …) and ``errors`` (each report's errors and warnings)."""
    from analyzer.outputs.tables import tables

    registry = list(tables())
    collected: dict[str, list[Any]] = {t.name: [] for t in registry}
    for doc, report in reports:
        r = rows_from_report(report, doc=doc)
        for name, items in r.tables.items():
            collected[name].extend(items)
    out = {t.name: to_frame(collected[t.name], t.row_type) for t in registry if t.frame}
    out["errors"] = to_frame(collected.get("notices", []), ErrorRow)
    return out


# ---------------------------------------------------------------------------------------------
# portfolio questions (used by notebooks/02_portfolio_review)


def missing_ip_ownership(contracts: pd.DataFrame) -> pd.DataFrame:
    """Contracts that do not allocate ownership of newly created IP (Art. 11)."""
    mask = contracts["art11_ip_ownership"].fillna("none").isin(["none"])
    cols = ["doc", "languages", "provider", "client", "status.art11.ip_ownership"]
    return contracts.loc[mask, cols].reset_index(drop=True)


def forum_problems(contracts: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """Contracts with no dispute forum, or with an Art. 10 finding flagged for a lawyer.

    One row per problem: ``doc, forum, institution, requirement, status, explanation, quote``.
    """
    import pandas as pd

    rows: list[tuple[Any, ...]] = []
    forum = dict(zip(contracts["doc"], contracts["art10_dispute_forum"], strict=True))
    inst = dict(zip(contracts["doc"], contracts["art10_arbitration_institution"], strict=True))
    for doc, value in forum.items():
        if not isinstance(value, str) or value == "none":
            rows.append((doc, "none", None, "art10.dispute_forum", "missing", "No forum.", None))
    flagged = findings[(findings["article"] == 10) & (findings["status"] == "flag")]
    for f in flagged.itertuples(index=False):
        d = str(f.doc)
        rows.append((d, forum.get(d), inst.get(d), f.requirement, f.status, f.explanation, f.quote))
    cols = ["doc", "forum", "institution", "requirement", "status", "explanation", "quote"]
    return pd.DataFrame(rows, columns=cols, dtype=object)


_ON_TERMINATION = r"terminat|expir|解除|终止|届满"


def deadlines(obligations: pd.DataFrame, errors: pd.DataFrame | None = None) -> pd.DataFrame:
    """What falls due, per contract: every obligation with a deadline or period, the ones due
    on termination or expiry marked ``when`` = "on termination", the others "during the term";
    sorted by contract, then the provider's duties first. With the run's ``errors`` (warnings
    included), a column ``sides_to_check``: the row's provider / client rests on a weak call
    (warning ``roles_uncertain``), as in the Obligations sheet."""
    cols = ["doc", "when", "role", "bearer", "modality", "action", "beneficiary", "deadline"]
    cols.append("clause")
    dated = obligations[obligations["deadline"].notna() & (obligations["deadline"] != "")].copy()
    if "beneficiary" not in dated:
        dated["beneficiary"] = None  # rows written before obligations had a beneficiary
    ending = dated["deadline"].str.contains(_ON_TERMINATION, case=False, regex=True)
    dated["when"] = ending.map({True: "on termination", False: "during the term"})
    order = {"provider": 0, "client": 1, "both": 2}
    dated["_role"] = dated["role"].map(lambda r: order.get(r, 3))
    dated = dated.sort_values(["doc", "when", "_role", "start"])
    if errors is not None:
        warned = roles_uncertain_docs(errors)
        dated[SIDES_CHECK_COLUMN] = [
            side_to_check(d, r, warned) for d, r in zip(dated["doc"], dated["role"], strict=True)
        ]
        cols.append(SIDES_CHECK_COLUMN)
    return dated[cols].reset_index(drop=True)


# a derived column of the obligations (the workbook's sheet, obligations.csv, the deadline
# view; not the store): the row names the provider or the client of a contract whose call of
# who serves whom is weak (the warning ``roles_uncertain``), so its side is to be checked
SIDES_CHECK_COLUMN = "sides_to_check"


def roles_uncertain_docs(errors: pd.DataFrame) -> frozenset[str]:
    """The contracts of a run's errors and warnings (``ResultStore.errors``) that carry the
    warning ``roles_uncertain``."""
    if errors.empty or "code" not in errors:
        return frozenset()
    return frozenset(errors.loc[errors["code"] == "roles_uncertain", "doc"])


def side_to_check(doc: str, role: str, uncertain: frozenset[str]) -> bool:
    """An obligation row's :data:`SIDES_CHECK_COLUMN`: a provider's or client's row of a
    contract in ``uncertain``."""
    return doc in uncertain and role in ("provider", "client")


def needs_lawyer_check(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings the second reader marked for a lawyer's check, least confident first: the
    contract, the requirement, what the analyzer decided, how sure it is, why, and where."""
    cols = ["doc", "requirement", "status", "value", "confidence", "review", "clause", "quote"]
    marked = findings[findings["review"].notna() & (findings["review"] != "")]
    return marked.sort_values(["confidence", "doc"], na_position="first")[cols].reset_index(
        drop=True
    )


def roles_to_check(contracts: pd.DataFrame, errors: pd.DataFrame) -> pd.DataFrame:
    """Contracts whose provider/client call rests on weak evidence (warning ``roles_uncertain``):
    the contract, the provider and client the analyzer took, and why a lawyer should confirm
    them. Arts. 4, 6, 11 and 12 and the register's provider/client follow that call."""
    import pandas as pd

    cols = ["doc", "provider", "client", "message"]
    if errors.empty or "code" not in errors:
        return pd.DataFrame(columns=cols)
    warned = errors[errors["code"] == "roles_uncertain"][["doc", "message"]]
    out = contracts[["doc", "provider", "client"]].merge(warned, on="doc", how="inner")
    return out.drop_duplicates("doc").sort_values("doc")[cols].reset_index(drop=True)


def staff_binding(contracts: pd.DataFrame) -> pd.DataFrame:
    """Per contract: does the provider bind its staff (confidentiality, non-compete) and
    its subcontractors (Art. 6)?"""
    cols = [
        "doc",
        "provider",
        "art6_personnel_confidentiality",
        "art6_personnel_noncompete",
        "art6_third_party_confidentiality",
    ]
    out = contracts[cols].copy()
    out["binds_staff"] = out["art6_personnel_confidentiality"].fillna(False).astype(bool)
    return out.sort_values(["binds_staff", "doc"], ascending=[False, True]).reset_index(drop=True)
