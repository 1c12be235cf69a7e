"""PDF reading speed on the 64 CUAD PDFs: read_contract vs plain pypdfium2 vs pdfplumber.

- baseline: plain pypdfium2 — open each PDF from bytes and call ``get_text_bounded()`` on every
  page (the least any reader using PDFium must do);
- ours: ``read_contract(path)`` (reading the file, sniffing, text extraction, image check on
  empty pages, furniture removal, re-flow, Document assembly); target ≤ 1.3x the baseline;
- pdfplumber ``extract_text()`` on pages spread evenly over all the files, extrapolated per page;
- the whole analysis (``analyze(path)``: reading, segmentation, tagging, parties, obligations,
  checks, report) of the 64 PDFs in one warm process; target: pdfplumber's text extraction alone
  takes at least 20x as long.

Reading is timed file by file, plain pypdfium2 then ours, and each file's best of ``--repeat``
is summed, as wall-clock and as CPU time of this process (on a shared machine the CPU ratio is
the stable one).
Run: ``.venv/bin/python benchmarks/pdf_speed.py [--repeat 3] [--plumber-pages 80]``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pypdfium2 as pdfium  # noqa: E402
from _common import CUAD_PDF, report, require  # noqa: E402

from analyzer.readers import read_contract  # noqa: E402


def plain_pdfium(files: list[Path]) -> int:
    pages = 0
    for f in files:
        pdf = pdfium.PdfDocument(f.read_bytes())
        try:
            for i in range(len(pdf)):
                page = pdf[i]
                textpage = page.get_textpage()
                textpage.get_text_bounded()
                textpage.close()
                page.close()
                pages += 1
        finally:
            pdf.close()
    return pages


def ours(files: list[Path]) -> int:
    return sum(read_contract(f).pages or 0 for f in files)


def analysis(files: list[Path]) -> int:
    from analyzer.engine import analyze

    return sum(1 for f in files if analyze(f).document.path)


def plumber(files: list[Path], max_pages: int) -> tuple[float, int]:
    """Seconds pdfplumber's ``extract_text`` takes on ``max_pages`` pages spread evenly over all
    the pages of all the files (the first pages of the first files alone are not a fair sample:
    page cost varies several-fold between filings), and the pages done. Only ``extract_text`` is
    timed, not opening the files: the figure errs in pdfplumber's favour."""
    import pdfplumber

    counts = []
    for f in files:
        pdf = pdfium.PdfDocument(f.read_bytes())
        counts.append(len(pdf))
        pdf.close()
    total = sum(counts)
    step = max(1, total // max(1, max_pages))
    wanted = set(range(step // 2, total, step))
    seconds, done, first = 0.0, 0, 0
    for f, n in zip(files, counts, strict=True):
        pages = [i - first for i in range(first, first + n) if i in wanted]
        first += n
        if not pages:
            continue
        with pdfplumber.open(f) as pdf:
            for i in pages:
                page = pdf.pages[i]
                t0 = time.perf_counter()
                page.extract_text()
                seconds += time.perf_counter() - t0
                done += 1
    return seconds, done


def best_of(repeat: int, fn: object, *args: object) -> tuple[float, int]:
    best = float("inf")
    result = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(*args)  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--plumber-pages", type=int, default=80)
    args = parser.parse_args(argv)
    logging.getLogger("analyzer").setLevel(logging.ERROR)  # per-file notices are in the figures
    files = sorted(require(CUAD_PDF).glob("*.pdf"))
    from analyzer.engine import analyze

    analyze(files[0])  # warm: patterns and taggers load once per process in real runs too
    # File by file, plain then ours, best of --repeat per file for each: both see the same
    # moment's machine (seconds on this shared VM drift by 30 % within minutes; the per-file
    # pairing and the per-file minimum keep the ratio steady)
    best: dict[str, list[float]] = {
        k: [float("inf")] * len(files) for k in ("pw", "pc", "ow", "oc")
    }
    pages = 0
    for _ in range(args.repeat):
        pages = 0
        for i, f in enumerate(files):
            w0, c0 = time.perf_counter(), time.process_time()
            pages += plain_pdfium([f])
            w1, c1 = time.perf_counter(), time.process_time()
            ours([f])
            w2, c2 = time.perf_counter(), time.process_time()
            for key, value in (("pw", w1 - w0), ("pc", c1 - c0), ("ow", w2 - w1), ("oc", c2 - c1)):
                best[key][i] = min(best[key][i], value)
    plain_s, plain_cpu, ours_s, ours_cpu = (sum(best[k]) for k in ("pw", "pc", "ow", "oc"))
    print(f"{len(files)} PDFs, {pages} pages")
    report("pdf: read_contract vs plain pypdfium2 (wall)", ours_s, plain_s, "<= 1.3")
    report("pdf: read_contract vs plain pypdfium2 (CPU)", ours_cpu, plain_cpu, "<= 1.3")
    plumb_s, plumb_pages = plumber(files, args.plumber_pages)
    per_page = plumb_s / max(plumb_pages, 1)
    report(
        f"pdf: pdfplumber (extrapolated from {plumb_pages} pages) vs pypdfium2",
        per_page * pages,
        plain_s,
        "information only",
    )
    analyze_s, _ = best_of(args.repeat, analysis, files)
    report(
        "pdf: pdfplumber extract_text (extrapolated) vs our whole analysis",
        per_page * pages,
        analyze_s,
        ">= 20",
    )
    print(
        f"per page: pypdfium2 {1000 * plain_s / pages:.2f} ms, ours {1000 * ours_s / pages:.2f} ms, pdfplumber {1000 * per_page:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
