"""Run ``analyzer portfolio`` from two checkouts on the same folders and compare what they write.

    python scripts/compare_outputs.py --base ../base15 --new . --work /tmp/cmp \\
        ../shared/corpus/cuad/txt sample_contracts

For each input folder, each checkout runs ``analyzer portfolio DIR --out OUT --workers 2
--no-cache --quiet`` in its own process (``PYTHONPATH`` = the checkout, so that it imports its own
``analyzer``), into ``WORK/base/<name>`` and ``WORK/new/<name>`` (``--reuse`` keeps an output
folder that a finished earlier run left, e.g. the baseline's). Then, per folder:

- ``findings.csv``, ``obligations.csv``, ``clauses.csv``, ``labels.jsonl``: byte for byte;
- ``summary.md``: byte for byte apart from the two lines that must differ between two runs and
  two builds (``- Started …, finished …`` and ``- Analyzer <version+code fingerprint>, …``);
- ``portfolio.xlsx``: the sheet names and every cell's value (the ``analysis_seconds`` column is a
  timing and is left out; so are the document properties' dates);
- ``charts/*.png`` and ``annotated/*``: byte for byte (an annotated DOCX member by member, the
  dates Word comments carry left out).

Exit status 0 when every folder is the same, 1 otherwise; the differences are printed (file and
first differing line or cell), never contract text beyond the cell reference and column name.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

BYTE_FILES = ("findings.csv", "obligations.csv", "clauses.csv", "labels.jsonl")
# lines of summary.md that differ between any two runs (times) and any two builds (version)
SUMMARY_MASKS = (re.compile(r"^- Started .*$"), re.compile(r"^- Analyzer .*$"))
TIMING_COLUMNS = frozenset({"analysis_seconds"})
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def run_portfolio(checkout: Path, folder: Path, out: Path, workers: int) -> float:
    """Run one checkout's ``analyzer portfolio`` on ``folder``; the wall time in seconds."""
    env = dict(os.environ, PYTHONPATH=str(checkout.resolve()))
    code = "import sys; from analyzer.cli import main; sys.exit(main())"
    cmd = [
        sys.executable,
        "-c",
        code,
        "portfolio",
        str(folder.resolve()),
        "--out",
        str(out.resolve()),
    ]
    cmd += ["--workers", str(workers), "--no-cache", "--quiet"]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=checkout, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode not in (0, 1):  # 1: some files had errors (still a complete run)
        raise SystemExit(f"{checkout}: portfolio failed on {folder}:\n{done.stderr[-2000:]}")
    (out / ".compare-done").write_text(f"{seconds:.2f}\n", encoding="utf-8")
    return seconds


def _masked_summary(text: str) -> list[str]:
    return [
        "<masked>" if any(m.match(line) for m in SUMMARY_MASKS) else line
        for line in text.splitlines()
    ]


def _first_difference(a: list[str], b: list[str]) -> str:
    for i, (x, y) in enumerate(zip(a, b, strict=False), 1):
        if x != y:
            return f"line {i} differs"
    return f"{len(a)} lines vs {len(b)} lines"


def _cell_text(c: ElementTree.Element) -> str | None:
    t = c.get("t")
    if t == "inlineStr":
        return "".join(x.text or "" for x in c.iter(f"{NS}t"))
    v = c.find(f"{NS}v")
    return None if v is None else (v.text or "")


def workbook_cells(path: Path) -> dict[str, dict[str, str | None]]:
    """Sheet name → {cell reference: value} (the timing columns left out)."""
    with zipfile.ZipFile(path) as zf:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        names = [s.get("name") or "" for s in book.iter(f"{NS}sheet")]
        sheets: dict[str, dict[str, str | None]] = {}
        for i, name in enumerate(names, 1):
            cells: dict[str, str | None] = {}
            skip: set[str] = set()
            with zf.open(f"xl/worksheets/sheet{i}.xml") as fh:
                for _event, el in ElementTree.iterparse(fh):
                    if el.tag != f"{NS}c":
                        continue
                    ref = el.get("r") or ""
                    col = ref.rstrip("0123456789")
                    value = _cell_text(el)
                    if ref[len(col) :] == "1" and value in TIMING_COLUMNS:
                        skip.add(col)
                    if col not in skip:
                        cells[ref] = value
                    el.clear()
            sheets[name] = cells
        return sheets


def compare_workbooks(a: Path, b: Path) -> list[str]:
    wa, wb = workbook_cells(a), workbook_cells(b)
    if list(wa) != list(wb):
        return [f"portfolio.xlsx: sheets {list(wa)} vs {list(wb)}"]
    problems = []
    for name in wa:
        ca, cb = wa[name], wb[name]
        if ca == cb:
            continue
        refs = sorted(set(ca) | set(cb), key=lambda r: (int(re.sub(r"\D", "", r)), r))
        diff = [r for r in refs if ca.get(r) != cb.get(r)]
        header = {r.rstrip("0123456789"): v for r, v in ca.items() if r[-1:] == "1" and r[1:2]}
        where = ", ".join(f"{r} ({header.get(r.rstrip('0123456789'), '?')})" for r in diff[:5])
        problems.append(f"portfolio.xlsx sheet {name}: {len(diff)} cells differ, e.g. {where}")
    return problems


# when a Word comment was written, and the package's own dates: differ between any two runs
DOCX_DATES = re.compile(rb'w:date="[^"]*"|(<dcterms:(?:created|modified)[^>]*>)[^<]*')


def compare_docx(a: Path, b: Path) -> bool:
    """Same members with the same bytes, apart from the comments' and the package's dates."""
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        if sorted(za.namelist()) != sorted(zb.namelist()):
            return False
        return all(
            DOCX_DATES.sub(b"<date>", za.read(n)) == DOCX_DATES.sub(b"<date>", zb.read(n))
            for n in za.namelist()
        )


def compare_folders(a: Path, b: Path) -> list[str]:
    problems: list[str] = []
    for name in BYTE_FILES:
        x, y = a / name, b / name
        if x.is_file() != y.is_file():
            problems.append(f"{name}: present in one output only")
        elif x.is_file() and x.read_bytes() != y.read_bytes():
            lx = x.read_text(encoding="utf-8-sig").splitlines()
            ly = y.read_text(encoding="utf-8-sig").splitlines()
            problems.append(f"{name}: {_first_difference(lx, ly)}")
    sa = _masked_summary((a / "summary.md").read_text(encoding="utf-8"))
    sb = _masked_summary((b / "summary.md").read_text(encoding="utf-8"))
    if sa != sb:
        delta = [d for d in difflib.unified_diff(sa, sb, lineterm="", n=0) if d[:1] in "+-"]
        problems.append(f"summary.md: {_first_difference(sa, sb)}: {delta[2:6]}")
    problems += compare_workbooks(a / "portfolio.xlsx", b / "portfolio.xlsx")
    for sub in ("charts", "annotated"):
        fa = {p.relative_to(a).as_posix() for p in (a / sub).rglob("*") if p.is_file()}
        fb = {p.relative_to(b).as_posix() for p in (b / sub).rglob("*") if p.is_file()}
        if fa != fb:
            problems.append(f"{sub}/: {len(fa ^ fb)} files in one output only")
        for rel in sorted(fa & fb):
            x, y = a / rel, b / rel
            same = compare_docx(x, y) if rel.endswith(".docx") else x.read_bytes() == y.read_bytes()
            if not same:
                problems.append(f"{rel}: differs")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=Path, required=True, help="checkout before the change")
    ap.add_argument("--new", type=Path, required=True, help="checkout after the change")
    ap.add_argument("--work", type=Path, required=True, help="where both write their outputs")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--reuse", action="store_true", help="keep finished earlier outputs")
    ap.add_argument("--only", choices=("base", "new"), help="run one side, compare nothing")
    ap.add_argument("folders", type=Path, nargs="+")
    args = ap.parse_args(argv)
    failed = 0
    for folder in args.folders:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", folder.resolve().as_posix().strip("/"))
        outs = []
        for side, checkout in (("base", args.base), ("new", args.new)):
            if args.only not in (None, side):
                continue
            out = args.work / side / name
            done = out / ".compare-done"
            if args.reuse and done.is_file():
                seconds = float(done.read_text(encoding="utf-8"))
                print(f"{side}: {folder} (reused, {seconds:.1f} s)")
            else:
                seconds = run_portfolio(checkout, folder, out, args.workers)
                print(f"{side}: {folder} in {seconds:.1f} s")
            outs.append(out)
        if args.only:
            continue
        problems = compare_folders(*outs)
        if problems:
            failed += 1
            print(f"DIFFERENT {folder}:")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"same      {folder}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
