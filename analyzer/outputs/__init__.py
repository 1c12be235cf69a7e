"""The outputs of a portfolio run: one registry of output tables, and the writers it drives.

- :mod:`analyzer.outputs.tables` — :data:`TABLES`, the output tables (row type, row builder,
  workbook sheet, CSV file): the store's tables, the workbook's sheets and the CSV files follow it;
- :mod:`analyzer.outputs.write` — :func:`write_outputs`: every output of a stored run, streamed
  from the results store into a staging folder and swapped in as a set;
- :mod:`analyzer.outputs.xlsx` — the SpreadsheetML writer (``portfolio.xlsx``);
- :mod:`analyzer.outputs.summary` — ``summary.md``;
- :mod:`analyzer.outputs.final` — rows with a reviewer's decisions applied;
- :mod:`analyzer.outputs.atomic` — the one atomic-write helper every output goes through.

Only the registry is imported with the package (the store needs it); the writers on first use.
"""

from __future__ import annotations

from typing import Any

from analyzer.outputs.tables import TABLES, Table, register

__all__ = ["TABLES", "Table", "atomic_write", "register", "write_outputs"]


def __getattr__(name: str) -> Any:
    if name == "write_outputs":
        from analyzer.outputs.write import write_outputs

        return write_outputs
    if name == "atomic_write":
        from analyzer.outputs.atomic import atomic_write

        return atomic_write
    raise AttributeError(f"module 'analyzer.outputs' has no attribute {name!r}")
