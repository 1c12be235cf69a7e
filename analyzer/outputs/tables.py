"""The one registry of output tables: :data:`TABLES` drives the store, the workbook, the CSVs.

Each :class:`Table` names a row type of :mod:`analyzer.frames` (a frozen dataclass whose field
order is the column order) and the function that builds its rows from one ContractReport. From
this registry:

- the worker turns a report into rows (:func:`analyzer.frames.rows_from_report`), one tuple per
  row in the table's column order;
- the results store (:mod:`analyzer.store`) creates one SQLite table per entry, inserts and
  deletes its rows with a result, and reads them back (``ResultStore.frames``, ``iter_tuples``);
- ``portfolio.xlsx`` gets one sheet per entry with a ``sheet`` title (after the Issues sheet and
  before the Errors sheet), filtered by ``sheet_filter``;
- every entry with ``csv`` is written as ``<name>.csv``, listed in summary.md.

Adding an output table: a row type and its row builder in :mod:`analyzer.frames`, one entry here,
one test (``tests/outputs/test_output_tables.py`` registers a toy table and finds it in the store, the
workbook and the CSV files). The store keeps its schema version: a table new to an existing store
is created when the store is opened.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from analyzer import frames
from analyzer.model import ContractReport

RowBuilder = Callable[[ContractReport, str, str], Iterable[Any]]

# the topics of obligations the workbook shows (every obligation is in obligations.csv)
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


@dataclass(frozen=True)
class Table:
    """One output table.

    ``name`` is the store's table, the key in ``frames()`` and, with ``csv``, the CSV file's
    name; ``rows(report, doc, path)`` builds its rows; ``sheet`` is the workbook sheet's title
    (None: no sheet), ``sheet_filter`` what the sheet keeps (``topics=…``, ``tagged=True``: see
    ``ResultStore.iter_tuples``); ``frame``: part of ``ResultStore.frames()`` under its name;
    ``cost``: how costly its CSV is to write, so that two output processes take the costliest
    parts first; ``tuples(report, doc, path)``, when given, builds the same rows directly as
    tuples in column order (``frames.row_values`` of each row; a test holds them equal), which is
    what a worker stores."""

    name: str
    row_type: type
    rows: RowBuilder
    sheet: str | None = None
    sheet_filter: Mapping[str, Any] = field(default_factory=dict)
    csv: bool = False
    frame: bool = True
    cost: int = 0
    tuples: RowBuilder | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        return frames.columns_of(self.row_type)


def _contract(report: ContractReport, doc: str, path: str) -> list[frames.ContractRow]:
    return [frames.contract_row(report, doc=doc, path=path)]


def _findings(report: ContractReport, doc: str, path: str) -> list[frames.FindingRow]:
    return frames.finding_rows(report, doc=doc)


def _obligations(report: ContractReport, doc: str, path: str) -> list[frames.ObligationRow]:
    return frames.obligation_rows(report, doc=doc)


def _clauses(report: ContractReport, doc: str, path: str) -> list[frames.ClauseRow]:
    return frames.clause_rows(report, doc=doc)


def _obligation_tuples(report: ContractReport, doc: str, path: str) -> list[tuple[Any, ...]]:
    return frames.obligation_tuples(report, doc=doc)


def _clause_tuples(report: ContractReport, doc: str, path: str) -> list[tuple[Any, ...]]:
    return frames.clause_tuples(report, doc=doc)


def _notices(report: ContractReport, doc: str, path: str) -> list[frames.ErrorRow]:
    return frames.notice_rows(report, doc=doc, path=path)


# in this order: the store's tables, the workbook's sheets (between Issues and Errors), the CSVs
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("contracts", frames.ContractRow, _contract, sheet="Summary"),
        Table("findings", frames.FindingRow, _findings, sheet="Findings", csv=True, cost=30),
        Table(
            "obligations",
            frames.ObligationRow,
            _obligations,
            sheet="Obligations",
            sheet_filter={"topics": REGULATED_TOPICS},
            csv=True,
            cost=60,
            tuples=_obligation_tuples,
        ),
        Table(
            "clauses",
            frames.ClauseRow,
            _clauses,
            sheet="Clauses",
            sheet_filter={"tagged": True},
            csv=True,
            cost=40,
            tuples=_clause_tuples,
        ),
        # a report's own errors and warnings: in the Errors sheet with the run's per-file rows
        Table("notices", frames.ErrorRow, _notices, frame=False),
    )
}


def tables() -> Iterator[Table]:
    """The registered tables, in order (read at call time: a test may register one)."""
    return iter(list(TABLES.values()))


def csv_tables() -> list[Table]:
    return [t for t in TABLES.values() if t.csv]


def sheet_tables() -> list[Table]:
    return [t for t in TABLES.values() if t.sheet]


def register(table: Table) -> Table:
    """Add (or replace) an output table; returns it."""
    if not table.name.isidentifier():
        raise ValueError(f"a table name must be an identifier, got {table.name!r}")
    if not dataclasses.is_dataclass(table.row_type):
        raise TypeError(f"{table.row_type!r} is not a dataclass")
    TABLES[table.name] = table
    return table


class ColumnView(Mapping[str, tuple[str, ...]]):
    """``{table name: columns}`` of the registry, read at each access (``store.ROW_TABLES``)."""

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return TABLES[name].columns

    def __iter__(self) -> Iterator[str]:
        return iter(list(TABLES))

    def __len__(self) -> int:
        return len(TABLES)
