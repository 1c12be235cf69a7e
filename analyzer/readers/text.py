"""Plain text and Markdown contracts: encoding detection and layout-aware blocks.

Decisions (a maintainer should not have to rediscover them):

- Encoding: BOM first (UTF-8, UTF-16 LE/BE, UTF-32), then BOM-less UTF-16 from the pattern of NUL
  bytes, then strict UTF-8, then strict GB18030 (a superset of GBK/GB2312) when the result is
  mostly CJK, then Windows-1252 when the result is Western letters and punctuation, then
  charset-normalizer (these last two with an ``encoding_guessed`` warning). NUL characters left
  after decoding are removed with a ``nul_bytes_removed`` warning. Line ends are normalised to
  ``\\n``; a form feed is a paragraph break; no-break and typographic spaces become plain spaces
  (same length, so nothing moves).
- Blocks: a blank line always ends a block. Within a run of non-blank lines, lines are joined into
  one paragraph only when the file is hard-wrapped (most lines end near one width) and the line
  is long, does not end a sentence, and the next line does not start with a clause number, bullet
  or heading mark; otherwise every line is its own block. So "one paragraph per line" files and
  blank-line-separated files both come out as their author laid them out.
- Markdown (``.md``/``.markdown``): ``#`` headings become ``heading`` blocks whose text is the
  heading as a reader of the rendered document sees it, WITHOUT the ``#`` marks (level = number of
  ``#`` - 1); ``-``/``*``/``+`` bullets become ``list_item`` blocks WITHOUT the bullet mark (it
  renders as a bullet glyph, and what follows, e.g. "(a) ...", is the visible label). Emphasis
  marks (``**``, ``_``) are kept as written. Lines of a Markdown file follow the same layout rule
  as plain text (Markdown "soft wrap" is NOT applied: contracts exported to Markdown, e.g. from
  web pages, put one heading or table-of-contents entry per line). Plain text files are never
  treated as Markdown.
- Leading numbering ("5.1", "(a)", "第五条") stays in the block text; segmentation finds labels.
- Everything is linear in the input size (a 10 MB single line is one block, read in well under a
  second).
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from analyzer.errors import LimitExceededError, ReadError, UnsupportedFormatError
from analyzer.lang import CJK_TEXT as _CJK
from analyzer.model import Document, Notice, maker
from analyzer.readers._common import BlockDraft, assemble
from analyzer.readers.limits import DEFAULT_LIMITS, ReadLimits
from analyzer.readers.registry import MARKDOWN_SUFFIXES
from analyzer.readers.safety import (
    E_EMPTY,
    E_TOO_MUCH_TEXT,
    E_UNDECODABLE_TEXT,
    E_UNSUPPORTED,
    W_ENCODING_GUESSED,
    W_NUL_BYTES,
)

log = logging.getLogger(__name__)


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# No-break and typographic spaces look like spaces to a reader and must tokenize like them.
# No-break and fixed-width spaces become plain spaces. A character class with re.sub, not
# str.translate with a dict: translate looks up every character in Python (~4 ms a contract).
_ODD_SPACE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
_SAMPLE = 64 * 1024

# A line that starts a new block even inside a wrapped paragraph: clause numbers, bullets,
# Chinese article numbers, Markdown headings. Anchored and bounded: no backtracking blow-up.
_STARTS_BLOCK = re.compile(
    r"""^\s{0,8}(?:
        \#{1,6}\s
      | [-*+\u2022\u25aa\u25cf\u00b7]\s
      | \d{1,3}(?:\.\d{1,3}){0,4}(?:[.)]\s*|\s+)(?=[A-Z"“(\u4e00-\u9fff])
      | \(?[a-zA-Z]{1,2}\)\s
      | \(?[ivxlcIVXLC]{1,6}[.)]\s
      | (?:ARTICLE|SECTION|SCHEDULE|EXHIBIT|ANNEX|APPENDIX)\b
      | (?:Article|Section|Schedule|Exhibit|Annex|Appendix)\s{1,3}[\dIVXLCA-Z]{1,6}(?:\.\d{1,3}){0,3}
        [.:]?(?:\s*$|\s+(?=[A-Z"“]))
      | 第[一二三四五六七八九十百零〇\d]{1,6}[条章节款]
      | [一二三四五六七八九十]{1,3}[、.．]
      | [（(][一二三四五六七八九十\d]{1,3}[)）]
    )""",
    re.VERBOSE,
)
_SENTENCE_END = re.compile(r"[.;:!?。；：！？”\")]\s*$")
_MD_HEADING = re.compile(
    r"^ {0,3}(\d{1,3}[.)][ \t]+)?(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$"
)  # "1. ### Parties" (a numbered list item holding a heading) reads "1. Parties"
_MD_BULLET = re.compile(r"^ {0,6}[-*+][ \t]+(?=\S)")


def decode_text(data: bytes, *, name: str) -> tuple[str, list[Notice]]:
    """Decode bytes to str (see module docstring); raise E124/E101 when it is not text."""
    notices: list[Notice] = []
    text: str | None = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(enc, errors="replace")
            break
    if text is None:
        enc16 = _bomless_utf16(data)
        if enc16:
            text = data.decode(enc16, errors="replace")
    if text is None and _looks_binary(data):
        raise UnsupportedFormatError(
            "is a binary file, not a contract (DOCX, PDF or text expected)",
            path=name,
            code=E_UNSUPPORTED,
        )
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    if text is None:
        text = _try_gb18030(data)
    if text is None:
        text = _try_cp1252(data)
        if text is None:
            text = _charset_normalizer(data)
        if text is None:
            raise ReadError(
                "cannot determine the text encoding; save the file as UTF-8",
                path=name,
                code=E_UNDECODABLE_TEXT,
            )
        notices.append(
            Notice(
                code=W_ENCODING_GUESSED,
                message=f"{name}: text encoding was guessed; check that quotes read correctly",
            )
        )
    sample = text[:_SAMPLE]
    if sample and len(_CONTROL.findall(sample)) > 0.05 * len(sample):
        raise UnsupportedFormatError(
            "is a binary file, not a contract (DOCX, PDF or text expected)",
            path=name,
            code=E_UNSUPPORTED,
        )
    nuls = text.count("\x00")
    if nuls:
        if nuls > 0.3 * len(text):
            raise UnsupportedFormatError(
                "is a binary file, not a contract (DOCX, PDF or text expected)",
                path=name,
                code=E_UNSUPPORTED,
            )
        text = text.replace("\x00", "")
        notices.append(
            Notice(code=W_NUL_BYTES, message=f"{name}: removed {nuls} NUL byte(s) from the text")
        )
    return text, notices


_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"


def _looks_binary(data: bytes) -> bool:
    """More than 10% control bytes (NUL, etc.) in the first 64 KB of a non-UTF-16 file."""
    sample = data[:_SAMPLE]
    stripped = sample.translate(None, _BINARY_BYTES)
    return len(sample) - len(stripped) > 0.1 * len(sample)


def _bomless_utf16(data: bytes) -> str | None:
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.2 * half and even < 0.02 * half:
        enc = "utf-16-le"
    elif even > 0.2 * half and odd < 0.02 * half:
        enc = "utf-16-be"
    else:
        return None
    try:
        sample.decode(enc)
    except UnicodeDecodeError:
        return None
    return enc


def _try_gb18030(data: bytes) -> str | None:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    non_ascii = [c for c in text[:_SAMPLE] if ord(c) > 127]
    if not non_ascii:
        return text
    cjk = sum(1 for c in non_ascii if _CJK.match(c))
    return text if cjk >= 0.8 * len(non_ascii) else None


_WESTERN = re.compile(
    r"[\u00c0-\u00ff\u20ac\u2018-\u201d\u2013\u2014\u2026\u2022\u2122\u00a0-\u00bf]"
)


def _try_cp1252(data: bytes) -> str | None:
    """Windows-1252 (legacy Western text) when nearly all non-ASCII characters are Western
    letters or typographic punctuation; still reported as a guess."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    non_ascii = [c for c in text[:_SAMPLE] if ord(c) > 127]
    western = sum(1 for c in non_ascii if _WESTERN.match(c))
    return text if non_ascii and western >= 0.95 * len(non_ascii) else None


def _charset_normalizer(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 * 1024 * 1024]).best()
    if best is None:
        return None
    try:
        return data.decode(best.encoding, errors="replace")
    except LookupError:
        return None


def _width(line: str) -> int:
    """Display width: a CJK character takes two columns."""
    if line.isascii():
        return len(line)
    return len(line) + len(_CJK.findall(line))


def _is_wrapped(widths: list[int]) -> tuple[bool, int]:
    """Whether most lines end near one width (a hard-wrapped file), and that width."""
    if len(widths) < 4:
        return False, 0
    ordered = sorted(widths)
    w95 = ordered[int(0.95 * (len(ordered) - 1))]
    if not 30 <= w95 <= 160:
        return False, w95
    near = sum(1 for w in widths if w >= 0.7 * w95)
    return near >= 0.4 * len(widths), w95


SOFT_HYPHENS = ("\x02", "\u00ad", "\ufffe")  # hyphens a layout engine inserted (PDFium: \x02)
_WORD_TAIL = re.compile(r"(\w+)$")
_WORD_HEAD = re.compile(r"^(\w+)")
_WORDS = re.compile(r"\w+")


class Vocabulary:
    """Lower-case words of a text, built on first use (most documents never need it)."""

    def __init__(self, text: Callable[[], str]) -> None:
        self._text = text
        self._words: set[str] | None = None

    def __call__(self, word: str) -> bool:
        if self._words is None:
            self._words = set(_WORDS.findall(self._text().lower()))
        return word in self._words


def join_lines(left: str, right: str, known: Callable[[str], bool] | None = None) -> str:
    """Join two wrapped lines of one paragraph.

    A layout-inserted (soft) hyphen is a syllable break: removed. A typed hyphen before a
    lower-case continuation is removed only when the joined word occurs elsewhere in the
    document ("confi-" + "dential" when "confidential" is used); otherwise it is a compound and
    kept ("value-" + "added" → "value-added"). CJK lines join without a space.
    """
    last = left[-1:]
    if last in SOFT_HYPHENS and len(left) > 1 and left[-2].isalpha():
        return left[:-1] + right
    if last == "-" and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        head = _WORD_TAIL.search(left[:-1])
        tail = _WORD_HEAD.match(right)
        if known is not None and head and tail and known((head.group(1) + tail.group(1)).lower()):
            return left[:-1] + right
        return left + right
    if last in SOFT_HYPHENS:
        left = left[:-1] + "-"
    if _CJK.match(left[-1:]) and _CJK.match(right[:1]):
        return left + right
    return left + " " + right


def _groups(text: str) -> Iterator[list[str]]:
    group: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line:
            group.append(line)
        elif group:
            yield group
            group = []
    if group:
        yield group


def text_blocks(text: str, *, markdown: bool = False) -> list[BlockDraft]:
    """Blocks for decoded, newline-normalised text (see module docstring)."""
    lines = [ln.strip() for ln in text.split("\n")]
    wrapped, width = _is_wrapped([_width(ln) for ln in lines if ln])
    known = Vocabulary(lambda: text)
    drafts: list[BlockDraft] = []
    for group in _groups(text):
        current: str | None = None
        last = ""  # the last physical line of ``current``
        for line in group:
            if markdown:
                m = _MD_HEADING.match(line)
                if m:
                    if current is not None:
                        drafts.append(_paragraph(current, markdown))
                        current = None
                    heading = m.group(3).strip()
                    if heading:
                        number = (m.group(1) or "").strip()
                        drafts.append(
                            BlockDraft(
                                text=f"{number} {heading}" if number else heading,
                                kind="heading",
                                level=len(m.group(2)) - 1,
                            )
                        )
                    continue
            if (
                current is not None
                and wrapped
                and _width(last) >= 0.6 * width
                and not _SENTENCE_END.search(last[-3:])
                and not _STARTS_BLOCK.match(line)
                and not (markdown and _MD_BULLET.match(line))
            ):
                current = join_lines(current, line, known)
                last = line
                continue
            if current is not None:
                drafts.append(_paragraph(current, markdown))
            current = line
            last = line
        if current is not None:
            drafts.append(_paragraph(current, markdown))
    return drafts


# = BlockDraft(...), without the frozen dataclass's __init__ (model.maker): one per paragraph
_new_draft = maker(BlockDraft)


def _paragraph(text: str, markdown: bool) -> BlockDraft:
    if markdown:
        m = _MD_BULLET.match(text)
        if m:
            return _new_draft(text=text[m.end() :], kind="list_item")
    return _new_draft(text=text)


def read_text(
    path: str | Path,
    data: bytes,
    limits: ReadLimits | None = None,
) -> Document:
    """Read a text or Markdown file whose bytes are ``data``."""
    limits = limits or DEFAULT_LIMITS
    name = str(path)
    text, notices = decode_text(data, name=name)
    if len(text) > limits.max_text_chars:
        raise LimitExceededError(
            f"text has {len(text):,} characters, over ReadLimits.max_text_chars "
            f"({limits.max_text_chars:,})",
            path=name,
            code=E_TOO_MUCH_TEXT,
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    if not text.isascii():  # (O(1): an ASCII text has none of these spaces)
        text = _ODD_SPACE.sub(" ", text)
    markdown = Path(name).suffix.lower() in MARKDOWN_SUFFIXES
    drafts = text_blocks(text, markdown=markdown)
    if not drafts:
        raise ReadError("the file contains only whitespace", path=name, code=E_EMPTY)
    log.debug("%s: %d text blocks", name, len(drafts))
    return assemble(path=name, data=data, fmt="text", drafts=drafts, warnings=notices)
