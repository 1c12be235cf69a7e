"""How faithfully the PDF reader reproduces the text of the 64 CUAD PDFs (vs the dataset's .txt).

Metric (robust to re-flow, hyphenation repair and header removal being done differently):

- Both texts are normalised to word sequences: lower case, Unicode NFKC, runs of letters/digits
  only (punctuation, line breaks and spacing are ignored, so re-flowed paragraphs compare equal).
- ``similarity`` = difflib's ``SequenceMatcher(None, ours, theirs, autojunk=False).ratio()`` on
  those word lists: 2 * matched words / total words. Order matters, so a page read out of order
  or a lost page lowers it; a running header we remove that the .txt keeps costs a little.
- ``recall`` = matched words / words of the .txt (how much of the reference we have).
- ``precision`` = matched words / our words (how much of what we output is in the reference:
  catches garbage, duplicated or misplaced text).
- ``pages lost``: a page that is not flagged ``needs_ocr`` and has no block in our Document
  although PDFium finds at least ``LOST_WORDS`` words on it that also occur in the .txt (a page
  whose text we silently dropped). Blank pages are not lost; image-only pages are counted
  separately as "needing OCR".

Why recall is below 1 on some files: the .txt keeps running headers and footers ("Source: ...
10-K", "Page 3 of 49", SEC redaction legends repeated on every page) that the reader removes on
purpose, so recall drops by the share of such furniture while precision stays near 1.

Run: ``.venv/bin/python benchmarks/pdf_fidelity.py [--limit N]``.
"""

from __future__ import annotations

import argparse
import logging
import re
import statistics
import sys
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pypdfium2 as pdfium  # noqa: E402
from _common import CUAD_PDF, CUAD_TXT, require  # noqa: E402

from analyzer.model import Document  # noqa: E402
from analyzer.readers import read_contract  # noqa: E402

LOST_WORDS = 20
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


@dataclass(frozen=True)
class FileFidelity:
    name: str
    pages: int
    similarity: float
    recall: float
    precision: float
    pages_lost: tuple[int, ...]
    needs_ocr: tuple[int, ...]


def measure(pdf: Path, txt: Path, doc: Document | None = None) -> FileFidelity:
    """Fidelity of ``doc`` (read from ``pdf`` when not given) against ``txt``."""
    doc = doc if doc is not None else read_contract(pdf)
    ours: list[str] = []
    page_of: list[int] = []
    for block in doc.blocks:
        w = words(block.text)
        ours.extend(w)
        page_of.extend([block.page or 0] * len(w))
    theirs = words(txt.read_text(encoding="utf-8", errors="replace"))
    sm = SequenceMatcher(None, ours, theirs)
    blocks = sm.get_matching_blocks()
    matched = sum(b.size for b in blocks)
    total = len(ours) + len(theirs)
    similarity = 2 * matched / total if total else 1.0
    recall = matched / len(theirs) if theirs else 1.0
    precision = matched / len(ours) if ours else 1.0

    needs = {n.page for n in doc.warnings if n.code == "needs_ocr"}
    pages_with_blocks = {b.page for b in doc.blocks}
    txt_vocab = set(theirs)
    lost: list[int] = []
    pdf_doc = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(pdf_doc)):
            if i + 1 in pages_with_blocks or i + 1 in needs:
                continue
            page = pdf_doc[i]
            raw = words(page.get_textpage().get_text_bounded())
            if sum(1 for w in raw if w in txt_vocab) >= LOST_WORDS:
                lost.append(i + 1)
    finally:
        pdf_doc.close()
    needs_ocr = sorted(p for p in needs if p)
    return FileFidelity(
        pdf.stem, doc.pages or 0, similarity, recall, precision, tuple(lost), tuple(needs_ocr)
    )


def pairs(limit: int | None = None) -> list[tuple[Path, Path]]:
    out = []
    for pdf in sorted(require(CUAD_PDF).glob("*.pdf")):
        txt = CUAD_TXT / (pdf.stem + ".txt")
        if txt.exists():
            out.append((pdf, txt))
    return out[:limit] if limit else out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    logging.getLogger("analyzer").setLevel(logging.ERROR)  # per-file notices are in the figures
    results = [measure(pdf, txt) for pdf, txt in pairs(args.limit)]
    results.sort(key=lambda r: r.similarity)
    print("similarity recall precision pages name")
    for r in results:
        extra = f" lost={list(r.pages_lost)}" if r.pages_lost else ""
        extra += f" needs_ocr={list(r.needs_ocr)}" if r.needs_ocr else ""
        print(
            f"{r.similarity:6.3f} {r.recall:6.3f} {r.precision:6.3f} {r.pages:4d}p  "
            f"{r.name[:64]}{extra}"
        )
    sims = [r.similarity for r in results]
    print(
        f"files {len(results)}  mean similarity {statistics.mean(sims):.4f}  "
        f"median {statistics.median(sims):.4f}  min {min(sims):.4f}  "
        f"mean recall {statistics.mean(r.recall for r in results):.4f}  "
        f"mean precision {statistics.mean(r.precision for r in results):.4f}  "
        f"pages lost {sum(len(r.pages_lost) for r in results)}  "
        f"pages needing OCR {sum(len(r.needs_ocr) for r in results)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
