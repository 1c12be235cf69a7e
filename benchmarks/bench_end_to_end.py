"""End to end, as a user runs it: ``analyzer portfolio`` as a command vs the least a tool must do.

- text: ``analyzer portfolio <510 CUAD txt> --out OUT --workers 1 --no-cache`` against a Python
  process that imports spaCy, makes ``spacy.blank("en")`` and tokenizes the same 510 texts;
  target (issue #15) ≤ 1.5x;
- PDF: ``analyzer portfolio <64 CUAD pdf> --out OUT --workers 1 --no-cache`` against a Python
  process that opens each PDF with pypdfium2 and extracts every page's text
  (``get_text_bounded``); target ≤ 3.0x.

Both sides are measured the same way: a fresh subprocess of this Python, from start to exit,
start-up (imports, spaCy's or PDFium's loading) included, as wall time and as CPU time (the
process and the processes it started: the portfolio's worker and output processes); each side's
best of ``--rounds``. On a shared machine the CPU ratio is the steadier one.
The portfolio writes every output (workbook, CSVs, labels, summary, charts, annotated copies)
into a new temporary folder each round, with its results store.
``--checkout DIR`` measures another checkout's analyzer (its folder on ``PYTHONPATH``), e.g. the
code before a change. Usage: python benchmarks/bench_end_to_end.py [--rounds N] [--only text|pdf]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import CUAD_PDF, CUAD_TXT, ROOT, report, require

SPACY_TOKENIZE = """
import sys
from pathlib import Path
import spacy
nlp = spacy.blank("en")
for f in sorted(Path(sys.argv[1]).glob("*.txt")):
    nlp(f.read_text(encoding="utf-8", errors="replace"))
"""

PDFIUM_EXTRACT = """
import sys
from pathlib import Path
import pypdfium2 as pdfium
for f in sorted(Path(sys.argv[1]).glob("*.pdf")):
    pdf = pdfium.PdfDocument(f.read_bytes())
    for i in range(len(pdf)):
        page = pdf[i]
        page.get_textpage().get_text_bounded()
    pdf.close()
"""

PORTFOLIO = "import sys; from analyzer.cli import main; sys.exit(main())"


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (the process and every process it started and waited for).

    The command runs in the folder ``PYTHONPATH`` names (else a temporary one): ``python -c``
    puts the working folder first on ``sys.path``, so a run started inside one checkout would
    import that checkout's analyzer whatever ``PYTHONPATH`` says."""
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    cwd = env.get("PYTHONPATH") or tempfile.gettempdir()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=cwd)
    seconds = time.perf_counter() - t0
    if done.returncode not in (0, 1):  # 1: the run had per-file errors, still complete
        sys.exit(f"{cmd[:4]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, _children_cpu() - cpu0


def portfolio_seconds(folder: Path, checkout: Path, rounds: int) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    best = (float("inf"), float("inf"))
    for _ in range(rounds):
        with tempfile.TemporaryDirectory(prefix="bench-e2e-") as tmp:
            cmd = [sys.executable, "-c", PORTFOLIO, "portfolio", str(folder)]
            cmd += ["--out", str(Path(tmp) / "out"), "--workers", "1", "--no-cache", "--quiet"]
            best = min(best, _run(cmd, env))
    return best


def baseline_seconds(script: str, folder: Path, rounds: int) -> tuple[float, float]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    return min(_run([sys.executable, "-c", script, str(folder)], env) for _ in range(rounds))


def _compare(name: str, ours: tuple[float, float], base: tuple[float, float], target: str) -> None:
    report(f"{name} (wall)", ours[0], base[0], target)
    # on a shared machine the CPU seconds are the steadier figure (one worker: one busy core)
    report(f"{name} (cpu)", ours[1], base[1], target)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--only", choices=("text", "pdf"))
    ap.add_argument("--checkout", type=Path, default=ROOT, help="the analyzer to measure")
    args = ap.parse_args()
    checkout = args.checkout.resolve()
    print(f"analyzer from {checkout}; best of {args.rounds}; each side a fresh process")
    if args.only in (None, "text"):
        folder = require(CUAD_TXT)
        base = baseline_seconds(SPACY_TOKENIZE, folder, args.rounds)
        ours = portfolio_seconds(folder, checkout, args.rounds)
        _compare("e2e 510 CUAD txt vs spacy.blank", ours, base, "<= 1.5x")
    if args.only in (None, "pdf"):
        folder = require(CUAD_PDF)
        base = baseline_seconds(PDFIUM_EXTRACT, folder, args.rounds)
        ours = portfolio_seconds(folder, checkout, args.rounds)
        _compare("e2e 64 CUAD pdf vs pypdfium2", ours, base, "<= 3.0x")


if __name__ == "__main__":
    main()
