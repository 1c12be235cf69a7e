"""PDF contracts, read with pypdfium2 (fast; pdfplumber is ~65x slower and is not used).

Decisions:

- Text per page from PDFium's text layer, in PDFium's reading order. Within a line, runs of
  layout spacing (including no-break spaces, which PDFium reports for justified text) become one
  space, so tokenizers and patterns see ordinary words.
- Running headers and footers are removed: among the first and last two lines of each page, a
  line whose digit-normalised form recurs on at least 40% of the pages (and on 3 or more) is
  furniture; so are page numbers ("Page 3 of 12", "- 3 -", "3", "3/12", "第3页", roman numerals).
- Wrapped lines are re-flowed into paragraphs: a line is joined to the next when it is near the
  page's full line width, or when it does not end a sentence and the next line starts in lower
  case; not when the next line starts with a clause number, bullet or heading (unless the line
  before runs to the margin without ending a sentence, as in "number" / "11. The"). Hyphens at
  line ends: see :func:`analyzer.readers.text.join_lines` (syllable breaks repaired, compounds
  such as "value-added" kept).
- A paragraph that runs over a page break is SPLIT at the break: every block lies on exactly one
  page, so ``Block.page`` is always where a reader finds every character of the block.
- A page with no text layer (or only a stamp/page number of < 20 characters over an image covering
  half the page) gets ``Notice(code="needs_ocr", page=N)``; if no page has text the
  document also gets ``no_text_layer`` (a warning, not an exception, so a batch reports "needs
  OCR" rather than "no clauses"). With ``ocr=True`` such pages are read with tesseract and their
  blocks are marked ``ocr=True``.
- Encrypted PDFs (a user password is needed) raise E122; damaged ones E121.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from analyzer.errors import LimitExceededError, ReadError
from analyzer.lang import CJK as _CJK
from analyzer.model import BlockKind, Document, Notice
from analyzer.readers._common import BlockDraft, assemble
from analyzer.readers.limits import DEFAULT_LIMITS, ReadLimits
from analyzer.readers.safety import (
    E_CORRUPT_PDF,
    E_ENCRYPTED_PDF,
    E_TOO_MANY_PAGES,
    E_TOO_MUCH_TEXT,
    W_NEEDS_OCR,
    W_NO_TEXT_LAYER,
    W_OCR_NO_TEXT,
    W_OCR_USED,
    check_pdf_streams,
)
from analyzer.readers.text import _STARTS_BLOCK, SOFT_HYPHENS, Vocabulary, join_lines

log = logging.getLogger(__name__)

_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
_EDGE_LINES = 2
_FURNITURE_SHARE = 0.4
_PAGE_NUMBER = re.compile(
    r"""^(?:
        (?:page|p\.|pg\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?
      | -\s*\d{1,4}\s*-
      | \d{1,4}(?:\s*/\s*\d{1,4})?
      | \[?\s*\d{1,4}\s*\]?
      | (?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})
      | 第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?
      | [A-Z]-\d{1,3}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_DIGITS = re.compile(r"\d+")
_CONTROL = re.compile(r"[\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Runs of layout spacing (spaces, tabs, no-break and typographic spaces) read as one space;
# the ideographic space U+3000 is kept (Chinese text uses it as a character).
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f]+")
# white space that is neither a line break, nor collapsed by _SPACES, nor removed by _CONTROL
# (\x85, \u1680, \u2028, \u2029, \u3000): where a page has none, str.split() does _SPACES' work
_OTHER_SPACE = re.compile(r"[^\S \t\n\r\x0b\x0c\x1c-\x1f\u00a0\u2000-\u200a\u202f\u205f]")
_SENTENCE_END = re.compile(r"[.;:!?。；：！？]['\"”’)]?$")
_CAPITALS = re.compile(r"[A-Z]")


def _upper_heading(line: str) -> bool:
    """A short line in capitals ("5. CONFIDENTIALITY"): no lower case, at least two capitals.
    CJK characters are neither, so a Chinese line is never taken for one."""
    return 3 <= len(line) <= 80 and line.upper() == line and len(_CAPITALS.findall(line)) >= 2


_FULL_WIDTH = 0.8
_SPARSE_CHARS = 20  # a page with less text than this over a large image is a scan


def _open(name: str, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PASSWORD_ERROR:
            raise ReadError(
                "is an encrypted (password-protected) PDF; remove the password and retry",
                path=name,
                code=E_ENCRYPTED_PDF,
            ) from None
        raise ReadError(
            f"corrupt or truncated PDF ({exc}); re-export or re-download it",
            path=name,
            code=E_CORRUPT_PDF,
        ) from None


def _page_lines(raw: str) -> list[str]:
    """Non-empty, stripped lines of one page, control characters removed, spacing collapsed."""
    raw = _CONTROL.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    if _OTHER_SPACE.search(raw) is None:
        # the only white space left is what _SPACES collapses: str.split() collapses the same
        # (one C call a line instead of a regex replacement for every single space)
        return [s for s in (" ".join(line.split()) for line in raw.split("\n")) if s]
    raw = _SPACES.sub(" ", raw)
    return [s for s in (line.strip() for line in raw.split("\n")) if s]


def _image_coverage(page: pdfium.PdfPage) -> float:
    """Share of the page area covered by its largest image (0 when it has none)."""
    width, height = page.get_size()
    area = max(width * height, 1.0)
    best = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        w = max(0.0, min(right, width) - max(left, 0.0))
        h = max(0.0, min(top, height) - max(bottom, 0.0))
        best = max(best, w * h / area, 1e-6)  # an image we cannot place still counts
    return best


def _is_scan(page: pdfium.PdfPage, lines: list[str]) -> bool:
    """No text layer and an image; or a token text layer (a stamp, a page number) over an
    image covering half the page (a scan with a Bates number)."""
    if not lines:
        return _image_coverage(page) > 0
    if sum(len(ln) for ln in lines) >= _SPARSE_CHARS:
        return False
    return _image_coverage(page) >= 0.5


def _furniture_keys(pages: list[list[str]]) -> set[str]:
    """Digit-normalised lines that recur at the top or bottom of many pages."""
    with_text = [p for p in pages if p]
    if len(with_text) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in with_text:
        edge = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
        counts.update({_DIGITS.sub("#", ln.lower()) for ln in edge})
    needed = max(3, _FURNITURE_SHARE * len(with_text))
    return {k for k, n in counts.items() if n >= needed}


def furniture_bounds(lines: list[str], keys: set[str]) -> tuple[int, int]:
    """``(start, end)`` of one page's body once running headers/footers and page numbers are
    removed from its edges."""

    def is_furniture(line: str) -> bool:
        return bool(_PAGE_NUMBER.match(line)) or _DIGITS.sub("#", line.lower()) in keys

    start, end = 0, len(lines)
    while start < min(_EDGE_LINES, end) and is_furniture(lines[start]):
        start += 1
    while end > max(start, len(lines) - _EDGE_LINES) and is_furniture(lines[end - 1]):
        end -= 1
    return start, end


def _clean_end(text: str) -> str:
    if text[-1:] in SOFT_HYPHENS:
        return text[:-1] + "-"
    return text


def _width(line: str) -> int:
    """Display width: CJK characters count double. Linear; cheap for Latin-only lines."""
    if line.isascii():
        return len(line)
    return len(line) + len(_CJK.findall(line))


def reflow(
    lines: list[str],
    widths: list[int],
    width: int,
    known: Callable[[str], bool] | None = None,
) -> list[str]:
    """Join wrapped lines of one page into paragraphs (see module docstring).

    ``widths[i]`` is the display width of ``lines[i]``; ``width`` the page's full line width.
    """
    paragraphs: list[str] = []
    current: str | None = None
    last = ""
    last_width = 0
    full_at = _FULL_WIDTH * width
    for line, line_width in zip(lines, widths, strict=True):
        if current is not None:
            ends_sentence = bool(_SENTENCE_END.search(last[-2:]))  # (it matches 1-2 chars)
            full = width > 0 and last_width >= full_at
            continues = not ends_sentence and right_continues(line)
            # (the costlier tests only for a line that could join the one before)
            if (
                (full or continues)
                and not (not full and _upper_heading(last))
                # A clause number, bullet or heading starts a block, unless the line before
                # runs to the margin mid-sentence ("... obligation number" / "11. The ...").
                and not ((ends_sentence or not full) and _STARTS_BLOCK.match(line) is not None)
            ):
                current = join_lines(current, line, known)
                last, last_width = line, line_width
                continue
        if current is not None:
            paragraphs.append(_clean_end(current))
        current = line
        last, last_width = line, line_width
    if current is not None:
        paragraphs.append(_clean_end(current))
    return paragraphs


def right_continues(line: str) -> bool:
    """The line reads as the continuation of a sentence (lower case, closing punctuation).
    Chinese has no case: a wrapped Chinese line is recognised by the line before being full."""
    first = line[:1]
    return first.islower() or first in ",;)]%，、；）"


def _kind(text: str) -> BlockKind:
    if _upper_heading(text):
        return "heading"
    return "paragraph"


def _p90(widths: list[int]) -> int:
    if not widths:
        return 0
    ordered = sorted(widths)
    return ordered[int(0.9 * (len(ordered) - 1))]


def read_pdf(
    path: str | Path,
    data: bytes,
    limits: ReadLimits | None = None,
    *,
    ocr: bool = False,
    ocr_page: Callable[[pdfium.PdfPage, ReadLimits], str] | None = None,
) -> Document:
    """Read a PDF whose bytes are ``data``. ``ocr_page`` is injectable for tests."""
    limits = limits or DEFAULT_LIMITS
    name = str(path)
    check_pdf_streams(data, limits, path=name)  # before PDFium inflates anything
    pdf = _open(name, data)
    try:
        n_pages = len(pdf)
        if n_pages > limits.max_pages:
            raise LimitExceededError(
                f"PDF has {n_pages:,} pages, over ReadLimits.max_pages ({limits.max_pages:,})",
                path=name,
                code=E_TOO_MANY_PAGES,
            )
        pages: list[list[str]] = []
        ocr_pages: set[int] = set()
        notices: list[Notice] = []
        chars = 0
        for i in range(n_pages):
            try:
                page = pdf[i]
                textpage = page.get_textpage()
                raw = textpage.get_text_bounded()
                textpage.close()
            except pdfium.PdfiumError as exc:
                raise ReadError(
                    f"corrupt PDF: page {i + 1} cannot be read ({exc})",
                    path=name,
                    code=E_CORRUPT_PDF,
                ) from None
            lines = _page_lines(raw)
            if _is_scan(page, lines):
                if ocr:
                    if ocr_page is None:
                        from analyzer.readers.ocr import ocr_page as default_ocr

                        ocr_page = default_ocr
                    lines = _page_lines(ocr_page(page, limits))
                    ocr_pages.add(i)
                    notices.append(
                        Notice(
                            code=W_OCR_USED,
                            message=f"{name}: page {i + 1} was read by OCR; check quotes "
                            "against the page image",
                            page=i + 1,
                        )
                        if lines
                        else Notice(
                            code=W_OCR_NO_TEXT,
                            message=f"{name}: OCR found no text on page {i + 1} (image only); "
                            "check the page by eye",
                            page=i + 1,
                        )
                    )
                else:
                    notices.append(
                        Notice(
                            code=W_NEEDS_OCR,
                            message=f"{name}: page {i + 1} has no text layer (scanned image); "
                            "run with --ocr to read it",
                            page=i + 1,
                        )
                    )
            page.close()
            chars += sum(len(ln) for ln in lines)
            if chars > limits.max_text_chars:
                raise LimitExceededError(
                    f"text is over ReadLimits.max_text_chars ({limits.max_text_chars:,})",
                    path=name,
                    code=E_TOO_MUCH_TEXT,
                )
            pages.append(lines)
    finally:
        pdf.close()

    keys = _furniture_keys(pages)
    known = Vocabulary(lambda: "\n".join("\n".join(lines) for lines in pages))
    widths = [[_width(ln) for ln in lines] for lines in pages]
    doc_width = _p90([w for page_widths in widths for w in page_widths])
    drafts: list[BlockDraft] = []
    for i, lines in enumerate(pages):
        start, end = furniture_bounds(lines, keys)
        body_widths = widths[i][start:end]
        width = _p90(body_widths) if end - start >= 8 else doc_width
        for para in reflow(lines[start:end], body_widths, width, known):
            drafts.append(BlockDraft(text=para, kind=_kind(para), page=i + 1, ocr=i in ocr_pages))
    if not drafts:
        notices.append(
            Notice(
                code=W_NO_TEXT_LAYER,
                message=f"{name}: no page has a text layer (image-only or blank PDF); "
                "nothing was read — run with --ocr",
            )
        )
        log.warning("%s: no text layer on any page", name)
    elif any(n.code == W_NEEDS_OCR for n in notices):
        log.warning(
            "%s: %d page(s) without a text layer",
            name,
            sum(1 for n in notices if n.code == W_NEEDS_OCR),
        )
    return assemble(path=name, data=data, fmt="pdf", drafts=drafts, pages=n_pages, warnings=notices)
