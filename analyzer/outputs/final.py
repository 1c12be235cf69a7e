"""The final values of a run's rows: a reviewer's decision where there is one, else the machine's.

Findings and contracts are written with them (CSV, workbook, summary, charts); see
:mod:`analyzer.review` for the decisions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from analyzer.labels import LABEL_KEYS
from analyzer.store import ROW_TABLES

if TYPE_CHECKING:
    from analyzer.store import ResultStore

# the tables whose rows carry the final values (the others are the machine's alone)
FINAL_TABLES = ("findings", "contracts")
_HEATMAP_COLUMNS = ("doc", "article", "requirement", "status")

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
