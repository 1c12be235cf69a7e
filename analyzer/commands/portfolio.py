"""`analyzer portfolio DIR_OR_FILES... --out OUTDIR`: screen many contracts into a results store.

Exit status: 0 when the run completed (even if some files failed: they are counted in the summary
and listed in the Errors sheet); 2 for usage errors; 1 when no contract could be analysed.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path
from typing import Any

# analyzer.portfolio (pandas, the store) is imported in run(): every command's parser is built at
# start-up, and `analyzer screen` must not pay for pandas.


def add_parser(sub: Any, name: str, help_text: str) -> None:
    from analyzer.readers.registry import suffix_list

    p = sub.add_parser(
        name,
        help=help_text,
        description=(
            f"Analyse every {suffix_list()} file under the given folders into a results "
            "store (unchanged files are not analysed again), then write portfolio.xlsx, "
            "findings.csv, labels.jsonl, summary.md, charts/ and annotated/ to OUTDIR."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="DIR_OR_FILE", help="contract files or folders")
    p.add_argument("--out", required=True, metavar="OUTDIR", help="output folder")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes for the analysis and the output files (default: CPUs)",
    )
    p.add_argument(
        "--no-cache", action="store_true", help="re-analyse files already in the results store"
    )
    p.add_argument(
        "--store",
        default=None,
        metavar="PATH",
        help="results store (default OUTDIR/results.sqlite)",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:PORT",
        help="run on a Dask distributed cluster (needs the 'dask' extra)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="time limit per file (default 300)",
    )
    p.add_argument("--no-annotate", action="store_true", help="skip the annotated copies")
    p.add_argument(
        "--ocr", action="store_true", help="read image-only PDF pages with tesseract (if installed)"
    )
    p.add_argument(
        "--follow-links",
        action="store_true",
        help="follow symbolic links that lead outside the given folders (by default each is "
        "listed as skipped)",
    )
    p.add_argument(
        "--playbook",
        action="append",
        default=[],
        metavar="P.yaml",
        help="also evaluate this team playbook for every contract (repeatable; "
        "docs/playbooks.md); its requirements appear as playbook.<name>.<id> findings",
    )
    p.add_argument(
        "--patterns",
        metavar="DIR",
        help="use another clause_patterns/ folder (a copy with the team's own role words or "
        "patterns; `analyzer patterns check DIR` validates it)",
    )
    p.add_argument(
        "--memos",
        action="store_true",
        help="also write a review memo per contract and a one-page portfolio memo (DOCX) into "
        "OUTDIR/memos/ (each contract's own language; about 0.1 s a contract)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")


# young objects are collected every this many allocations during a run (the default, 700,
# collects ~430 times while the results are stored and the outputs written)
RUN_GC_THRESHOLD = 10_000


def run(args: argparse.Namespace) -> int:
    import analyzer.portfolio  # noqa: F401  (its modules, before the freeze below)

    # the modules just imported live as long as the process: kept out of the collector's full
    # passes for the run, and both settings given back after it (cli.main may be called in-process)
    threshold = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0  # (a caller that froze objects itself keeps them so)
    if freeze:
        gc.freeze()
    gc.set_threshold(RUN_GC_THRESHOLD, *threshold[1:])
    try:
        return _run(args)
    finally:
        gc.set_threshold(*threshold)
        if freeze:
            gc.unfreeze()


def _run(args: argparse.Namespace) -> int:
    from analyzer.portfolio import DEFAULT_TIMEOUT, PortfolioError, analyze_portfolio

    try:
        result = analyze_portfolio(
            args.paths,
            out=args.out,
            workers=args.workers,
            store=args.store,
            use_cache=not args.no_cache,
            scheduler=args.scheduler,
            progress=not args.quiet,
            timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
            annotate=not args.no_annotate,
            ocr=args.ocr,
            follow_links=args.follow_links,
            playbooks=args.playbook,
            patterns=args.patterns,
        )
    except PortfolioError as exc:
        print(f"error [{exc.code}]: {exc.message}", file=sys.stderr)
        return 2
    print(result.summary())
    print(f"outputs: {result.out}   results store: {result.store}")
    memos = Path(result.out) / "memos" if result.out is not None else None
    # once made, memos are kept in step with the outputs: a re-run remakes them
    if memos is not None and result.ok and (args.memos or memos.is_dir()):
        from analyzer.errors import AnalyzerError

        try:
            n = write_memos(result.store, memos)
        except AnalyzerError as exc:
            print(f"error [{exc.code}]: memos: {exc.message}", file=sys.stderr)
            return 1
        except OSError as exc:  # the swap of the memos folder (the memos are written atomically)
            print(
                f"error [E623]: memos: cannot replace {memos}: {exc.strerror or exc}",
                file=sys.stderr,
            )
            return 1
        print(f"memos: {n} contract memos and portfolio_memo.docx in {memos}")
    if not result.ok:
        print("error: no contract could be analysed (see the Errors sheet)", file=sys.stderr)
        return 1
    return 0


def write_memos(store: Path, memos: Path) -> int:
    """All memos of the store's latest run into ``memos``, swapped in whole (a staging folder
    beside it, then two renames), so that the folder never mixes memos of two runs and a memo of
    a contract no longer in the portfolio does not linger. Returns the number of contract memos."""
    import os
    import shutil

    from analyzer.memo import write_store_memos

    stage = memos.with_name(f".memos.{os.getpid()}.tmp")
    old = memos.with_name(f".memos.{os.getpid()}.old")
    shutil.rmtree(stage, ignore_errors=True)
    try:
        written = write_store_memos(store, stage)
        if memos.exists():
            memos.rename(old)
        try:
            stage.rename(memos)
        except OSError:
            if old.exists() and not memos.exists():
                old.rename(memos)  # the earlier memos stay in place
            raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        if memos.exists():
            shutil.rmtree(old, ignore_errors=True)
    return len(written) - 1
