"""Batch runner: many contracts → results store (SQLite) → DataFrames, workbook, charts, reports.

Local run (worker processes on this machine)::

    from analyzer.portfolio import analyze_portfolio
    result = analyze_portfolio(["contracts/"], out="review/", workers=2)
    result.frames()["contracts"]

The package, in the order a run uses it:

- :mod:`analyzer.portfolio.discovery` — which files (:func:`discover`, via
  :func:`analyzer.inputs.scan`), their names (:func:`doc_names`, :mod:`analyzer.names`), the
  pattern-set version of the cache key;
- :mod:`analyzer.portfolio.task` — :class:`Task` and :func:`run_task`: one file read, analysed
  and annotated in a worker;
- :mod:`analyzer.portfolio.runner` — where tasks run: local worker processes
  (:func:`run_local`, a runaway file killed on its own) or a Dask cluster (:func:`run_dask`);
- :mod:`analyzer.portfolio.run` — :func:`analyze_portfolio`: plan (walk, hash, look up the
  store), execute, collect (store each outcome, then :func:`analyzer.outputs.write_outputs`).

The outputs themselves (workbook, CSVs, labels, summary, charts, annotated copies) are the
:mod:`analyzer.outputs` package, driven by one registry of output tables.

Dask cluster (optional extra ``pip install 'outsourcing-analyzer[dask]'``)::

    analyzer portfolio contracts/ --out review/ --scheduler tcp://SCHEDULER-HOST:8786
    analyze_portfolio(paths, out="review/", scheduler="tcp://SCHEDULER-HOST:8786")

Start a cluster with ``dask scheduler`` on one machine and ``dask worker tcp://HOST:8786`` on each
worker machine; the workers need this package installed (same version) and must see the contract
files at the same paths (a shared file system). ``scheduler`` may also be a
``distributed.Client`` or ``LocalCluster``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analyzer.lazy import lazy_attribute

if TYPE_CHECKING:  # the names below, imported when first used (see __getattr__)
    from analyzer.errors import PortfolioError
    from analyzer.outputs.atomic import atomic_write
    from analyzer.outputs.final import final_columns, final_contracts, final_findings
    from analyzer.outputs.summary import summary_markdown
    from analyzer.outputs.tables import REGULATED_TOPICS
    from analyzer.outputs.write import (
        OUTPUT_ENTRIES,
        OUTPUT_PARTS,
        OUTPUTS_MARKER,
        PARALLEL_OUTPUT_ROWS,
        write_csv,
        write_outputs,
        write_run_workbook,
    )
    from analyzer.outputs.xlsx import SHEETS, SheetRows, column_letter, write_workbook
    from analyzer.portfolio.discovery import (
        discover,
        doc_names,
        patterns_dir,
        patterns_version,
        printable,
        repo_path,
    )
    from analyzer.portfolio.run import (
        DEFAULT_TIMEOUT,
        STORE_NAME,
        PortfolioResult,
        RunTerminated,
        analyze_portfolio,
    )
    from analyzer.portfolio.runner import run_dask, run_local
    from analyzer.portfolio.task import (
        PLAYBOOK_STATUS,
        Outcome,
        Task,
        make_artifact,
        run_task,
        with_playbooks,
    )
    from analyzer.readers.registry import REPORTED_SUFFIXES, SUPPORTED_SUFFIXES

# name -> the module that defines it: a worker process imports analyzer.portfolio.task, and with
# it this package; importing every module here made it load the output writers too
_MODULES = {
    "PortfolioError": "analyzer.errors",
    "atomic_write": "analyzer.outputs.atomic",
    "final_columns": "analyzer.outputs.final",
    "final_contracts": "analyzer.outputs.final",
    "final_findings": "analyzer.outputs.final",
    "summary_markdown": "analyzer.outputs.summary",
    "REGULATED_TOPICS": "analyzer.outputs.tables",
    "OUTPUT_ENTRIES": "analyzer.outputs.write",
    "OUTPUT_PARTS": "analyzer.outputs.write",
    "OUTPUTS_MARKER": "analyzer.outputs.write",
    "PARALLEL_OUTPUT_ROWS": "analyzer.outputs.write",
    "write_csv": "analyzer.outputs.write",
    "write_outputs": "analyzer.outputs.write",
    "write_run_workbook": "analyzer.outputs.write",
    "SHEETS": "analyzer.outputs.xlsx",
    "SheetRows": "analyzer.outputs.xlsx",
    "column_letter": "analyzer.outputs.xlsx",
    "write_workbook": "analyzer.outputs.xlsx",
    "discover": "analyzer.portfolio.discovery",
    "doc_names": "analyzer.portfolio.discovery",
    "patterns_dir": "analyzer.portfolio.discovery",
    "patterns_version": "analyzer.portfolio.discovery",
    "printable": "analyzer.portfolio.discovery",
    "repo_path": "analyzer.portfolio.discovery",
    "DEFAULT_TIMEOUT": "analyzer.portfolio.run",
    "STORE_NAME": "analyzer.portfolio.run",
    "PortfolioResult": "analyzer.portfolio.run",
    "RunTerminated": "analyzer.portfolio.run",
    "analyze_portfolio": "analyzer.portfolio.run",
    "run_dask": "analyzer.portfolio.runner",
    "run_local": "analyzer.portfolio.runner",
    "PLAYBOOK_STATUS": "analyzer.portfolio.task",
    "Outcome": "analyzer.portfolio.task",
    "Task": "analyzer.portfolio.task",
    "make_artifact": "analyzer.portfolio.task",
    "run_task": "analyzer.portfolio.task",
    "with_playbooks": "analyzer.portfolio.task",
    "REPORTED_SUFFIXES": "analyzer.readers.registry",
    "SUPPORTED_SUFFIXES": "analyzer.readers.registry",
}


def __getattr__(name: str) -> Any:
    return lazy_attribute(__name__, _MODULES, name, globals())


__all__ = [
    "DEFAULT_TIMEOUT",
    "OUTPUTS_MARKER",
    "OUTPUT_ENTRIES",
    "OUTPUT_PARTS",
    "PARALLEL_OUTPUT_ROWS",
    "PLAYBOOK_STATUS",
    "REGULATED_TOPICS",
    "REPORTED_SUFFIXES",
    "SHEETS",
    "STORE_NAME",
    "SUPPORTED_SUFFIXES",
    "Outcome",
    "PortfolioError",
    "PortfolioResult",
    "RunTerminated",
    "SheetRows",
    "Task",
    "analyze_portfolio",
    "atomic_write",
    "column_letter",
    "discover",
    "doc_names",
    "final_columns",
    "final_contracts",
    "final_findings",
    "make_artifact",
    "patterns_dir",
    "patterns_version",
    "printable",
    "repo_path",
    "run_dask",
    "run_local",
    "run_task",
    "summary_markdown",
    "with_playbooks",
    "write_csv",
    "write_outputs",
    "write_run_workbook",
    "write_workbook",
]
