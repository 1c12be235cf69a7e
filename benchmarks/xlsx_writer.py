"""XlsxWriter vs the hand-made SpreadsheetML writer of portfolio.xlsx (issue #16): time and memory.

Both writers get exactly the same sheets: the portfolio's own ``write_run_workbook`` builds the
sheet sources from a results store (Issues, Summary, Findings, Obligations, Clauses, Errors,
with reviewers' final values), and its ``write_workbook`` is swapped for an XlsxWriter one that
writes the same features: header style, frozen header (and first column on Summary), column
widths, autofilter, wrapped long text on short sheets, the Issues sheet's fixed widths, row
heights, top alignment and percentages, status fills, hyperlinks to the annotated copies,
Yes/No booleans, landscape fit-to-width printing with the header row repeated.

Measured, each in a fresh process, best of ``--rounds``:

- **end to end**: ``write_run_workbook(store, run, path)`` (reading the store included: what a
  portfolio run pays);
- **writer only**: the sheets read from the store into lists first, then only the writing;

for the hand-made writer, XlsxWriter with ``constant_memory`` (rows streamed to temporary files)
and XlsxWriter in its default in-memory mode. Memory is the process's peak RSS growth during
the writing. The files are read back with openpyxl to check that every writer wrote the same
number of rows per sheet.

Usage::

    python benchmarks/xlsx_writer.py                 # the first 100 CUAD texts (not RESERVED)
    python benchmarks/xlsx_writer.py --limit 510     # all of cuad/txt (speed runs may: RESERVED.md)
    python benchmarks/xlsx_writer.py --store OUT/results.sqlite

Only measures; the portfolio keeps its writer (see docs/review.md for the figures).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
WRITERS = ("handmade", "xlsxwriter", "xlsxwriter-inmemory")


def _workbook_module() -> ModuleType:
    """The module holding ``write_run_workbook`` and ``write_workbook`` (analyzer.portfolio
    today; analyzer/outputs/ after the split)."""
    for name in (
        "analyzer.outputs.workbook",
        "analyzer.outputs.xlsx",
        "analyzer.outputs",
        "analyzer.portfolio",
    ):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "write_run_workbook") and hasattr(module, "write_workbook"):
            return module
    raise SystemExit("no module with write_run_workbook and write_workbook found")


def cuad_files(limit: int) -> list[Path]:
    """The first ``limit`` CUAD texts, leaving out those listed in RESERVED.md."""
    text = (CORPUS / "RESERVED.md").read_text(encoding="utf-8").split("## Public")[0]
    reserved = {line[2:].strip() for line in text.splitlines() if line.startswith("- ")}
    files = sorted((CORPUS / "cuad" / "txt").glob("*.txt"))
    return [f for f in files if f.stem not in reserved][:limit]


# ------------------------------------------------------------------------------- XlsxWriter


def xlsxwriter_workbook(frames: dict[str, Any], path: Path, *, constant_memory: bool) -> None:
    """The hand-made writer's workbook, written by XlsxWriter (same sheets, same features)."""
    import xlsxwriter

    from analyzer.issues import ISSUE_WIDTHS, STATUS_WORDS, Link, row_height

    m = _workbook_module()
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": constant_memory,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "nan_inf_to_errors": True,
        },
    )
    header = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": f"#{m.HEADER_FILL}"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    top = {"valign": "top"}
    fills = {s: wb.add_format({"bg_color": f"#{c}", **top}) for s, c in m.STATUS_FILLS.items()}
    for words in STATUS_WORDS.values():
        fills.update({words[k]: fills[k] for k in words if k in fills})
    link = wb.add_format({"font_color": "#0563C1", "underline": 1, **top})
    percent = wb.add_format({"num_format": "0%", **top})
    yes, no = m.YES_NO
    for title, name in m.SHEETS:
        columns, rows, short = m._sheet_source(frames[name])
        ws = wb.add_worksheet(title)
        issues = name == "issues"
        styles: list[Any] = []
        for i, c in enumerate(columns):
            width = 60 if c in m._LONG_COLUMNS else min(60, max(10, len(c) + 2))
            if issues:
                width = ISSUE_WIDTHS.get(c, width)
                styles.append(percent if c == "Confidence" else wrap)
            else:
                styles.append(wrap if short and c in m._LONG_COLUMNS else None)
            ws.set_column(i, i, width)
        status_cols = {
            i for i, c in enumerate(columns) if c in m._STATUS_COLUMNS or c.startswith("status.")
        }
        ws.write_row(0, 0, columns, header)
        ws.freeze_panes(1, 1 if name == "contracts" else 0)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
        n = 0
        for values in rows:
            if n + 1 >= m.XLSX_MAX_ROWS:
                break
            n += 1
            if issues:
                ws.set_row(n, row_height(values, columns))
            for i, v in enumerate(values):
                style = styles[i]
                if v is None:
                    if style is not None:
                        ws.write_blank(n, i, None, style)
                    continue
                if isinstance(v, Link):
                    ws.write_url(n, i, f"external:{v.target}", link, string=v.text)
                elif isinstance(v, bool):
                    ws.write_string(n, i, yes if v else no, style)
                elif isinstance(v, str):
                    if not v:
                        continue
                    if len(v) > m._MAX_CELL:
                        v = v[: m._MAX_CELL] + " [… cut: see the HTML/JSON report]"
                    if m._XML_SPECIAL.search(v):
                        v = m._ILLEGAL_XML.sub(" ", v)
                    if i in status_cols:
                        style = fills.get(v, style)
                    ws.write_string(n, i, v, style)
                elif isinstance(v, int | float):
                    ws.write_number(n, i, v, style)
                elif hasattr(v, "item"):
                    ws.write(n, i, v.item(), style)
                else:
                    ws.write_string(n, i, str(v), style)
        ws.autofilter(0, 0, n, max(1, len(columns)) - 1)
    wb.close()


# ------------------------------------------------------------------------------- one measurement


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _materialised(m: ModuleType, store: Path, run_id: int) -> dict[str, Any]:
    """The sheet sources of write_run_workbook, read from the store into lists."""
    from analyzer.store import open_store

    box: dict[str, Any] = {}

    def capture(frames: dict[str, Any], _path: Path) -> None:
        for name, source in frames.items():
            if isinstance(source, m.SheetRows):
                box[name] = m.SheetRows(source.columns, [list(m._sheet_source(source)[1])], None)
            else:
                box[name] = source

    real = m.write_workbook
    m.write_workbook = capture
    try:
        with open_store(store) as db:
            m.write_run_workbook(db, run_id, Path(os.devnull))
    finally:
        m.write_workbook = real
    return box


def child(writer: str, store: Path, out: Path, mode: str) -> dict[str, Any]:
    from analyzer.store import open_store

    m = _workbook_module()
    with open_store(store) as db:
        run_id = db.latest_run()
    assert run_id is not None
    if writer == "handmade":
        write = m.write_workbook
    else:

        def write(frames: dict[str, Any], path: Path) -> None:
            xlsxwriter_workbook(frames, path, constant_memory=writer == "xlsxwriter")

    if mode == "writer":
        book = _materialised(m, store, run_id)
        base = _rss_mb()
        t0 = time.perf_counter()
        write(book, out)
        seconds = time.perf_counter() - t0
    else:
        real = m.write_workbook
        m.write_workbook = write
        base = _rss_mb()
        try:
            t0 = time.perf_counter()
            with open_store(store) as db:
                m.write_run_workbook(db, run_id, out)
            seconds = time.perf_counter() - t0
        finally:
            m.write_workbook = real
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "writer": writer,
        "mode": mode,
        "seconds": seconds,
        "rss_growth_mb": max(0.0, peak - base),
        "bytes": out.stat().st_size,
    }


def _measure(writer: str, store: Path, out: Path, mode: str) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", writer, "--mode", mode, "--store", str(store)]
    done = subprocess.run(
        [*cmd, "--out", str(out)], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _rows_per_sheet(path: Path) -> dict[str, int]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: sum(1 for _ in ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None, help="an existing results store")
    parser.add_argument("--limit", type=int, default=100, help="CUAD texts to screen first")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", choices=WRITERS, help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=("end-to-end", "writer"), default="end-to-end")
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.store, args.out, args.mode)))
        return 0
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        print("XlsxWriter is not installed (pip install xlsxwriter, or the dev extra)")
        return 2
    with tempfile.TemporaryDirectory(prefix="xlsx-bench-") as tmp:
        work = Path(tmp)
        store = args.store
        if store is None:
            from analyzer.portfolio import analyze_portfolio

            files = cuad_files(args.limit)
            store = work / "results.sqlite"
            t0 = time.perf_counter()
            analyze_portfolio(files, store=store, workers=args.workers, progress=False)
            print(f"store of {len(files)} CUAD texts built in {time.perf_counter() - t0:.1f} s")
        from analyzer.store import open_store

        with open_store(store) as db:
            rid = db.latest_run()
            sizes = {t: db.count_rows(t, rid) for t in ("findings", "obligations", "clauses")}
        print(f"store {store}: run {rid}, rows {sizes}")
        results: dict[tuple[str, str], dict[str, Any]] = {}
        files: dict[str, Path] = {}
        for mode in ("end-to-end", "writer"):
            for writer in WRITERS:
                best: dict[str, Any] | None = None
                for r in range(args.rounds):
                    out = work / f"{writer}-{mode}-{r}.xlsx"
                    got = _measure(writer, store, out, mode)
                    if best is None or got["seconds"] < best["seconds"]:
                        best = got
                    files[writer] = out
                assert best is not None
                results[(mode, writer)] = best
        counts = {w: _rows_per_sheet(p) for w, p in files.items()}
        same = all(c == counts["handmade"] for c in counts.values())
        print(f"rows per sheet: {counts['handmade']} ({'same' if same else 'DIFFERENT'}: {counts})")
        print()
        print(f"{'mode':<11} {'writer':<20} {'seconds':>8} {'x hand':>7} {'RSS MB':>7} "
              f"{'x hand':>7} {'MB file':>7}")  # fmt: skip
        for (mode, writer), r in results.items():
            base = results[(mode, "handmade")]
            print(
                f"{mode:<11} {writer:<20} {r['seconds']:8.2f} "
                f"{r['seconds'] / base['seconds']:7.2f} {r['rss_growth_mb']:7.1f} "
                f"{r['rss_growth_mb'] / max(base['rss_growth_mb'], 0.1):7.2f} "
                f"{r['bytes'] / 2**20:7.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
