"""Blocks -> clause tree (English and Chinese numbering and headings).

``segment(document)`` reads the numbering label at the start of every block (or the label the reader
reconstructed, e.g. Word auto-numbering) and builds a tree of :class:`~analyzer.model.Clause`:

* each label belongs to a *scheme* ("5." decimal depth 1, "5.1" depth 2, "(a)", "(iv)", "第五条",
  "一、", "（一）", "Schedule 2" ...);
* strong schemes have a fixed rank (Schedule > 第X章 > 第X节 > 第X条 = ARTICLE > Section 5 > 5 >
  5.1 > 5.1.1);
  the others nest as in Word's list logic: a scheme first seen inside another nests below it, and a
  scheme already open closes everything opened after it;
* roman/letter ambiguity ("(i)" after "(h)") is settled by the open lists; page numbers, tables of
  contents and lists of exhibits do not open clauses;
* a document with no numbering falls back to its headings, and without those to one clause per
  paragraph group;
* a numbered, headed section that starts inside a page-long paragraph ("... Agreement. 2. Fees.
  ...") opens a clause there, and an enumeration inside one paragraph ("shall: (a) ...; (b) ...")
  gives child clauses, so evidence is cited as "7.2(b)".

A clause runs from its first character to the start of the next clause at the same or a higher
level (or the end of its parent); the text before the first clause is a ``preamble`` clause.
Everything is linear-time regex work over the blocks.

``ClauseIndex`` answers "which clause is this offset in" in O(log n): ``at`` gives the deepest
clause, ``number_at``/``citation_at`` the reference a lawyer cites ("7.2(b)", "Section 5.1(a)",
"第五条（一）", "Schedule 2, 1.1"), ``label_at`` the bare label ("(b)").
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from analyzer.lang import CJK as _CJK
from analyzer.lang import CJK_TEXT_RANGES
from analyzer.model import Block, Clause, Document

logger = logging.getLogger(__name__)

__all__ = ["ClauseIndex", "Label", "detect_label", "segment"]

# --------------------------------------------------------------------------------------------
# Numerals

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ROMAN_RE = re.compile(r"^(?:x{0,3})(?:ix|iv|v?i{0,3})$", re.IGNORECASE)
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100}
_CN_NUM = "[一二三四五六七八九十百零〇两]"


def roman_value(s: str) -> int | None:
    """Value of a roman numeral up to 39 ("iv" -> 4), or None."""
    if not s or not _ROMAN_RE.match(s):
        return None
    total, prev = 0, 0
    for ch in reversed(s.lower()):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def chinese_value(s: str) -> int | None:
    """Value of a Chinese numeral up to 999 ("十二" -> 12), or arabic digits; None if invalid."""
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            current = current * 10 + _CN_DIGITS[ch] if ch in "零〇" else _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def _alpha_value(s: str) -> int:
    return ord(s.lower()) - ord("a") + 1


# --------------------------------------------------------------------------------------------
# Label detection

# Strong schemes have fixed ranks (lower = higher in the tree); everything else nests dynamically.
_RANK_SCHEDULE = 0
_RANK_PART = 2  # 第一章, 第一部分
_RANK_ZH_SECTION = 4  # 第一节
_RANK_ZH_ARTICLE = 6  # 第五条
_RANK_ARTICLE = 6  # ARTICLE V / Article 5 (the English 第五条 of a bilingual contract)
_RANK_DEC = 6  # + 2 * depth: "5" -> 8, "5.1" -> 10; "Section 5" -> 7 (holds a "1." list)


@dataclass(frozen=True)
class Label:
    """A numbering label found at the start of a block.

    ``number`` is the label as a reader cites it ("7.2", "(b)", "第五条", "Section 12.3");
    ``end`` is the offset in the block text where the label and its separator end.
    ``alt`` is the other reading of an ambiguous roman/letter label ("(i)", "(v)", "C.").
    """

    number: str
    scheme: str
    value: int
    end: int
    rank: int | None = None  # fixed rank for strong schemes
    alt: tuple[str, int] | None = None
    tentative: bool = False  # weak evidence ("2.38Software", "3. use of"): must continue its list


# Markup in front of the label: markdown headings/quotes/bold, whitespace.
_WORD_LABEL_STARTS = frozenset(["sch", "exh", "ann", "app", "att", "add", "art", "sec"])
_PREFIX_CHARS = frozenset(" \t\u3000#>*_")
_PREFIX = re.compile(r"(?:\s+|#{1,6}(?=\s)|>|\*\*|__)*")
_MD_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")
_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+\S")

_SCHEDULE_RE = re.compile(
    r"(?P<word>SCHEDULE|Schedule|EXHIBIT|Exhibit|ANNEX|Annex|APPENDIX|Appendix|ATTACHMENT|"
    r"Attachment|ADDENDUM|Addendum)[ \t]+(?P<id>[A-Z]{1,2}(?:-\d{1,2})?|\d{1,3}(?:[.-]\d{1,3})?|"
    r"[IVX]{1,5})\b(?!\.\d)"
)
_ARTICLE_RE = re.compile(r"(?P<word>ARTICLE|Article)[ \t]+(?P<id>[IVXLC]{1,7}|\d{1,3})\b(?!\.\d)")
_SECTION_RE = re.compile(
    r"(?P<word>SECTION|Section|Sec\.|§)[ \t]*(?P<id>\d{1,3}(?:\.\d{1,3}){0,8})"
)
# up to five levels with optional spaces ("1. 2" in text from PDFs), six to nine only written
# compactly ("1.1.1.1.1.1", Word's deepest levels): "11.2.2. 10.2.2." is two labels, not one
_DEC_RE = re.compile(
    r"(?P<id>\d{1,3}(?:[.．]\d{1,3}){5,8}(?![.．]?\d)|\d{1,3}(?:[ \t]?[.．][ \t]?\d{1,3}){0,4})"
    r"(?P<dot>[ \t]?[.．、](?!\d))?"
    r"(?=(?P<after>[ \t\u3000]*)(?P<next>.?))"
)
_PAREN_RE = re.compile(
    r"[(（][ \t]?(?P<id>[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,6}|\d{1,3}|" + _CN_NUM + r"{1,4})[ \t]?[)）]"
)
_RPAREN_RE = re.compile(r"(?P<id>[a-z]|[ivx]{1,5}|\d{1,2})\)(?=[ \t\u3000])")
_DOTLETTER_RE = re.compile(r"(?P<id>[a-zA-Z]|[ivxIVX]{2,5})\.(?=[ \t\u3000]+\S)")
_ZH_ARTICLE_RE = re.compile(
    r"第[ \t]?(?P<id>" + _CN_NUM + r"{1,4}|\d{1,3})[ \t]?(?P<unit>[条章节编部分款]+)"
)
_ZH_ENUM_RE = re.compile(r"(?P<id>" + _CN_NUM + r"{1,3})[、．.](?![.．\d])")
# "附件一 保密协议", "附件1：", "附件：" but not "附件所列需求……" (a sentence about the annex)
_ZH_SCHEDULE_RE = re.compile(
    r"附[ \t]?件[ \t]?(?:(?P<id>"
    + _CN_NUM
    + r"{1,3}|\d{1,2})(?=[ \t：:、.．（(]|$|[\u4e00-\u9fff])"
    r"|(?=[ \t：:]|$))"
)
_CJK_OR_PUNCT = re.compile(f"[{CJK_TEXT_RANGES}“‘]")


def _continues_as_heading(rest: str) -> bool:
    """After a word label ("Section 5", "Article 5"): end, a separator, or a capitalised word."""
    rest = rest.lstrip(" \t*_")
    if not rest:
        return True
    ch = rest[0]
    if ch in ".:-–—)([\"'“":
        return True
    if ch.isupper() or _CJK.match(ch):
        return not rest.startswith(("of ", "OF "))
    return False


def detect_label(text: str, *, heading: bool = False) -> Label | None:
    """The numbering label at the start of ``text`` (after markdown markup), or None.

    ``heading``: the reader knows the block is a heading, so a bare "4 Pricing" is a label.
    """
    if not text:
        return None
    pos = 0
    if text[0] in _PREFIX_CHARS:
        m0 = _PREFIX.match(text)
        pos = m0.end() if m0 else 0
        if pos >= len(text):
            return None
    head = text[pos : pos + 80]
    first = head[0]

    if first in "第":
        m = _ZH_ARTICLE_RE.match(head)
        if m:
            value = chinese_value(m.group("id"))
            unit = m.group("unit")
            if value is None:
                return None
            rank: int | None
            if unit.startswith("条"):
                scheme, rank = "zh_article", _RANK_ZH_ARTICLE
            elif unit.startswith("节"):
                scheme, rank = "zh_section", _RANK_ZH_SECTION
            elif unit.startswith("款"):
                scheme, rank = "zh_clause", None
            else:
                scheme, rank = "zh_part", _RANK_PART
            return Label(m.group(0), scheme, value, pos + _sep_end(head, m.end()), rank)
        return None
    if first == "附":
        m = _ZH_SCHEDULE_RE.match(head)
        if m:
            ident = m.group("id")
            value = (chinese_value(ident) if ident else 0) or 0
            return Label(m.group(0).strip(), "schedule", value, pos + _sep_end(head, m.end()), 0)
        return None
    if first in "(（":
        m = _PAREN_RE.match(head)
        if not m:
            return None
        return _paren_label(m.group(0), m.group("id"), pos + _sep_end(head, m.end()))
    if first.isdigit():
        return _decimal_label(head, pos, heading)
    if first == "§" or head[:3].lower() in _WORD_LABEL_STARTS:
        for regex, scheme in (
            (_SCHEDULE_RE, "schedule"),
            (_ARTICLE_RE, "article"),
            (_SECTION_RE, "section"),
        ):
            m = regex.match(head)
            if not m:
                continue
            rest = head[m.end() :]
            if not _continues_as_heading(rest):
                continue
            ident = m.group("id")
            number = f"{m.group('word')} {ident}" if m.group("word") != "§" else f"§ {ident}"
            end = pos + _sep_end(head, m.end())
            if scheme == "schedule":
                value = int(ident.split(".")[0].split("-")[0]) if ident[0].isdigit() else 0
                if not ident[0].isdigit():
                    value = roman_value(ident) or _alpha_value(ident[0])
                return Label(number, "schedule", value, end, _RANK_SCHEDULE)
            if scheme == "article":
                value = int(ident) if ident.isdigit() else (roman_value(ident) or 0)
                if not value:
                    continue
                return Label(number, "article", value, end, _RANK_ARTICLE)
            parts = ident.split(".")
            depth = len(parts) - 1 if len(parts) > 1 and parts[-1] == "0" else len(parts)
            rank = _RANK_DEC + 2 * depth - 1
            return Label(number, f"section{depth}", int(parts[depth - 1]), end, rank)
    if _CJK.match(first):
        m = _ZH_ENUM_RE.match(head)
        if m:
            value = chinese_value(m.group("id"))
            if value:
                return Label(m.group(0), "zh_enum", value, pos + _sep_end(head, m.end()))
        return None
    if first.isalpha() and len(head) > 1 and head[1] in ").ivxIVX":
        m = _RPAREN_RE.match(head)
        if m:
            ident = m.group("id")
            return _letter_label(ident + ")", ident, "rparen", pos + _sep_end(head, m.end()))
        m = _DOTLETTER_RE.match(head)
        if m:
            ident = m.group("id")
            rest = head[m.end() :].lstrip()
            # "A. Software" / "i. the" but not "U.S. law", "e.g. the", "No. 5"
            if (
                rest[:1].isdigit()
                or rest[:2] in ("g.", "e.")
                or (len(ident) == 1 and rest[:1] == ".")
            ):
                return None
            return _letter_label(ident + ".", ident, "dot", pos + _sep_end(head, m.end()))
    return None


def _sep_end(head: str, i: int) -> int:
    """Skip the separator after a label: spaces, one of . : - 、, closing markup."""
    n = len(head)
    while i < n and head[i] in " \t\u3000*_":
        i += 1
    if i < n and head[i] in ".．:：、-–—" and not (i + 1 < n and head[i + 1].isdigit()):
        i += 1
    while i < n and head[i] in " \t\u3000*_":
        i += 1
    return i


def _paren_label(raw: str, ident: str, end: int) -> Label | None:
    number = raw.replace(" ", "").replace("\t", "")
    if number != raw and ident.isalpha() and ident.isascii():
        return None  # "( x )" is a ticked box, not item (x)
    if ident.isdigit():
        return Label(number, "paren_digit", int(ident), end)
    if _CJK.match(ident):
        value = chinese_value(ident)
        return Label(number, "paren_zh", value, end) if value else None
    return _letter_label(number, ident, "paren", end)


def _letter_label(number: str, ident: str, style: str, end: int) -> Label | None:
    if ident.isdigit():
        return Label(number, f"{style}_digit", int(ident), end)
    case = "upper" if ident.isupper() else "lower"
    roman = roman_value(ident)
    if len(ident) == 1:
        alpha = _alpha_value(ident)
        if roman is not None:
            # Ambiguous: "i" defaults to roman, other letters to alphabetic; open lists decide.
            if ident.lower() == "i":
                return Label(
                    number,
                    f"{style}_roman_{case}",
                    roman,
                    end,
                    alt=(f"{style}_alpha_{case}", alpha),
                )
            return Label(
                number, f"{style}_alpha_{case}", alpha, end, alt=(f"{style}_roman_{case}", roman)
            )
        return Label(number, f"{style}_alpha_{case}", alpha, end)
    if roman is not None:
        return Label(number, f"{style}_roman_{case}", roman, end)
    if len(ident) == 2 and ident[0] == ident[1]:  # "(aa)" continues "(z)"
        return Label(number, f"{style}_alpha_{case}", 26 + _alpha_value(ident[0]), end)
    return None


def _decimal_label(head: str, pos: int, heading: bool = False) -> Label | None:
    m = _DEC_RE.match(head)
    if not m:
        return None
    ident = m.group("id").replace(" ", "").replace("\t", "").replace("．", ".")
    parts = ident.split(".")
    dot = m.group("dot")
    after, nxt = m.group("after"), m.group("next")
    if dot is None and len(parts) == 1:
        # "1)" is a right-parenthesis list; bare "4 Title." is accepted only when title-like.
        if nxt == ")" and not after:
            return _letter_label(ident + ")", ident, "rparen", pos + _sep_end(head, m.end() + 1))
        if not after or not (heading or _bare_number_heading(head[m.end() :])):
            return None
    glued = not after
    tentative = glued and not _CJK_OR_PUNCT.match(nxt or "")
    if nxt:
        if nxt.islower() and not _CJK.match(nxt):
            if not (dot and after and len(parts) == 1):
                return None  # "1.5 million", "2 weeks"
            tentative = True  # "3. use of the Hosting Computer;" only inside a running list
        if nxt.isdigit() or nxt in "%,/$€£-–":
            return None
        if glued and not (nxt.isupper() or _CJK_OR_PUNCT.match(nxt) or nxt in '*"“(（'):
            return None
    if len(parts) == 1 and int(parts[0]) > 300:
        return None  # a year or an amount, not a clause number
    depth = len(parts)
    if depth > 1 and parts[-1] == "0":  # "1.0 Scope" heads section 1
        depth -= 1
        parts = parts[:depth]
    # as written: "12." keeps its dot (and "1、" "1．" theirs); "7.2" is cited without one
    number = ident + dot.strip() if dot and len(parts) == 1 else ident
    if dot and dot.strip() == "、" and depth == 1:
        scheme = "zh_dec1"  # "1、" is a Chinese list marker below （一）
        return Label(
            number, scheme, int(parts[-1]), pos + _sep_end(head, m.end()), tentative=tentative
        )
    return Label(
        number,
        f"dec{depth}",
        int(parts[-1]),
        pos + _sep_end(head, m.end()),
        _RANK_DEC + 2 * depth,
        tentative=tentative,
    )


_BARE_TITLE = re.compile(r"^[A-Z][A-Za-z’'&/\- ]{1,60}?[.:](?:\s|$)|^[A-Z][A-Z’'&/\- ]{2,60}$")


def _bare_number_heading(rest: str) -> bool:
    """ "4 Intellectual Property. ..." or "12 TERMINATION": a number without a dot that heads."""
    rest = rest.strip()
    return bool(_BARE_TITLE.match(rest[:64])) and not re.search(r"\d", rest[:20])


# --------------------------------------------------------------------------------------------
# Headings

_BOLD_HEADING = re.compile(r"\*\*(?P<h>[^*]{1,100})\*\*|\[(?P<b>[^\]]{1,100})\]")
_ZH_SENTENCE_PUNCT = re.compile(r"[，。；,;：:]")
_ZH_CLAUSE_PUNCT = re.compile(r"[，。；,;]")
_DEFINITIONS_RE = re.compile(
    r"\b(definitions?|defined terms|interpretation)\b|定义|释义|名词解释|术语", re.IGNORECASE
)
_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "upon",
        "under",
        "its",
        "their",
        "our",
    ]
)
# (behind a look-ahead for the characters its matches start with: most positions are letters,
# rejected at once instead of by each alternative)
_HEADING_STOP = re.compile(
    r"(?=[.:：。;*\s_=-])(?:[.:：。;]\s|[.:：。]$|\s[-–—]\s|\*\*[.:]?|\s?[-_=]{3,})"
)
_PAGE_NOISE = re.compile(
    r"^\s*(?:[-–—]?\s*\d{1,4}\s*[-–—]?|page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|\d{1,4}\s+of\s+\d{1,4}|"
    r"[A-Z]-\d{1,3}|[ivxlc]{1,6}|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|-\s*\d+\s*-)\s*$",
    re.IGNORECASE,
)
_TOC_LINE = re.compile(r"(?:\.{4,}|…{2,}|\s{2,}|\t)\s*\d{1,3}\s*$|[^\d\s.]\s+\d{1,3}\s*$")
_TITLE_RE = re.compile(
    r"\b(agreement|contract|terms and conditions|terms|addendum|amendment)\W*$|(合同|协议|协议书|条款)\W*$",
    re.IGNORECASE,
)
# "Benefits 15 Section 24. Notices" / "Committee. 18 2.2 General": entries with page numbers
_TOC_MULTI = re.compile(
    # (a look-ahead for the first two characters every match starts with: most positions are
    # two letters, rejected at once)
    r"(?=[\sA-Za-z.][\dAS])"
    r"(?:(?:\s\d{1,3}\s+|\s)(?:(?:ARTICLE|Article|SECTION|Section)\s+)\d{1,3}(?:\.\d{1,3})*\.?\s+[A-Z]"
    r"|[\sA-Za-z.]\d{1,3}\s+\d{1,3}(?:\.\d{1,3})+\.?\s+[A-Z])"
)
# The previous line stops mid-sentence: this one continues it, even if it starts with a number.
_CONTINUATION_WORDS = frozenset(
    [
        "Section",
        "Sections",
        "SECTION",
        "Article",
        "Articles",
        "ARTICLE",
        "Clause",
        "Clauses",
        "clause",
        "clauses",
        "paragraph",
        "paragraphs",
        "Paragraph",
        "Schedule",
        "Exhibit",
        "of",
        "to",
        "in",
        "under",
        "per",
        "with",
        "by",
        "see",
        "pursuant",
        "than",
        "the",
        "a",
        "an",
    ]
)
_SENTENCE_END = frozenset(".;:!?。；：！？\")”’'")


def _continues(prev: str) -> bool:
    """``prev`` (the previous block) stops mid-sentence ("... set out in Section")."""
    tail = prev[-40:].rstrip()
    if not tail or tail[-1] in _SENTENCE_END:
        return False
    head, _, last = tail.rpartition(" ")
    if last in _CONTINUATION_WORDS:
        return True
    return last in ("and", "or") and not head.rstrip().endswith((";", ","))


_DOT_LEADERS = re.compile(r"\.{4,}|…{2,}")
_CONTENTS_RE = re.compile(r"^\W*(table\s+of\s+contents|contents|目\s*录)\W*$", re.IGNORECASE)


def _clean(text: str, limit: int = 400) -> str:
    """Text without markdown emphasis and heading markers, whitespace collapsed (first chars)."""
    text = text[:limit]
    text = _MD_HEADING_MARK.sub("", text)
    text = text.replace("**", "").replace("__", "")
    return " ".join(text.split()).rstrip(" -_=")


def _is_title_case(words: Sequence[str]) -> bool:
    significant = [w for w in words if w.lower() not in _MINOR_WORDS]
    if not significant or not (words[0][:1].isupper() or words[0][:1] in "\"“'("):
        return False
    return all(w[:1].isupper() or w[:1] in "\"“'(&" or w[:1].isdigit() for w in significant)


def heading_after_label(rest: str) -> str | None:
    """The heading that follows a label: "Confidentiality. The Supplier ..." -> "Confidentiality"."""
    raw = rest.strip()
    if not raw:
        return None
    if _CJK.search(raw[:4]):
        return _zh_heading(raw)
    bold = _BOLD_HEADING.match(raw) if raw[0] in "*[" else None
    if bold:
        h = _clean(bold.group("h") or bold.group("b")).rstrip(".:： ")
        return h or None
    text = _clean(raw, 200)
    m = _HEADING_STOP.search(text)
    candidate = text[: m.start()] if m else text
    candidate = candidate.strip().rstrip(".:：")
    words = candidate.split()
    if not words or len(words) > 12 or len(candidate) > 100:
        return None
    if m is None and len(raw) > 100:
        return None
    if words[0][:1] in '"“' and m is not None and text[m.start() : m.start() + 1] != ".":
        return None
    if candidate.isupper() or _is_title_case(words):
        if candidate.startswith(
            ("The ", "This ", "Each ", "Any ", "All ", "If ", "In ", "Neither ")
        ):
            return None if m is not None and len(words) > 4 else candidate
        return candidate
    return None


def _zh_heading(text: str) -> str | None:
    if len(text) > 400:
        text = text[:400] + "。"
    text = _clean(text)
    m = re.match(r"^【(?P<h>[^】]{1,30})】", text)
    if m:
        return m.group("h")
    if len(text) <= 24 and not _ZH_CLAUSE_PUNCT.search(text):
        return text.rstrip("：:")
    m = re.match(r"^(?P<h>[^\s，。；：:,;]{2,12})(?:[ \t\u3000]+|[：:])\S", text)
    if m:
        return m.group("h")
    return None


def _heading_like(block: Block, text: str) -> bool:
    """An unnumbered block that reads as a heading (all caps, markdown heading, reader's heading)."""
    if block.kind in ("heading", "title"):
        return True
    if _MD_HEADING.match(text):
        return True
    if len(text) > 200:
        return False
    clean = _clean(text)
    if not clean or len(clean) > 80:
        return False
    if _CJK.search(clean):
        heading = len(clean) <= 20 and not _ZH_SENTENCE_PUNCT.search(clean)
    else:
        heading = (
            clean.upper() == clean and len(clean.split()) <= 10 and not clean.endswith((",", ";"))
        )
    return heading and sum(1 for ch in clean if ch.isalpha()) >= 3  # clean: <= 80 characters


# --------------------------------------------------------------------------------------------
# Tree building


@dataclass
class _Node:
    number: str | None
    heading: str | None
    start: int
    scheme: str
    rank: int | None
    value: int
    kind: str = "clause"
    heading_level: int | None = None  # for unnumbered heading nodes
    label_only: bool = False
    recital: bool = False  # "WHEREAS", "BETWEEN": a heading that never holds the numbered body
    holds: bool = False  # "A. AUTHORITY OF AGENCY": a lettered section heading that holds "1."
    end: int | None = None  # inline items end with their paragraph
    children: list[_Node] = field(default_factory=list)


@dataclass
class _Candidate:
    block: Block
    label: Label | None
    heading_level: int | None  # explicit heading (markdown / reader heading) without a label
    toc: bool = False
    noise: bool = False
    heading: str | None = None  # heading after the label, if any
    toc_sure: bool = False  # several contents entries on one line


def _is_blank(rest: str) -> bool:
    return not rest.strip(" \t\u3000*_#.:：")


def _analyse_blocks(blocks: Sequence[Block]) -> list[_Candidate]:
    out: list[_Candidate] = []
    headings = sum(1 for b in blocks if b.kind == "heading")
    if headings > 4 and headings > 0.5 * len(blocks):
        # a reader that calls most blocks headings is not telling headings apart
        blocks = [
            replace(b, kind="paragraph", level=None) if b.kind == "heading" else b for b in blocks
        ]
    blocks, inline_starts = _split_long_blocks(blocks)
    prev = ""
    early = max(60, len(blocks) // 6)
    for n, b in enumerate(blocks):
        text = b.text
        if len(text) < 24 and _PAGE_NOISE.match(text):
            out.append(_Candidate(b, None, None, noise=True))
            continue
        label = _reader_label(b) if b.label else detect_label(text, heading=b.kind == "heading")
        heading_level: int | None = None
        if label is None:
            md = _MD_HEADING.match(text)
            if md:
                heading_level = len(md.group(1))
            elif b.kind in ("heading", "title"):
                heading_level = (b.level or 0) + 1 if b.kind == "heading" else 0
        toc_sure = False
        if label is not None and b.label is None:
            if _continues(prev):
                label = None  # a wrapped line that starts with a cross-reference ("4.3 of the ...")
            else:
                # contents come first: only the start of a document is searched for them
                toc_sure = n < early and len(_TOC_MULTI.findall(text[:400])) >= 2
        if label is not None and b.start in inline_starts:
            label = replace(label, tentative=True)  # must continue its list to count
        toc = label is not None and b.label is None and (toc_sure or _is_toc_line(text))
        heading = heading_after_label(text[label.end :]) if label is not None else None
        out.append(_Candidate(b, label, heading_level, toc=toc, heading=heading, toc_sure=toc_sure))
        prev = text
    _mark_contents(out)
    return out


_LONG_BLOCK = 1500
# "... of this Agreement. 2. Development Services. Company shall ...": a section that starts
# inside a long paragraph (a filing rendered one page per line)
# (the punctuation is matched, not looked behind at: `re` then skips to candidate characters)
_INLINE_SECTION = re.compile(
    r"[.;:!?”\")\]] {1,3}(?=(?:(?:Section|SECTION|ARTICLE|Article) \d{1,3}(?:\.\d{1,3})*"
    r"|\d{1,3}(?:\.\d{1,3})*\.|\d{1,3}(?:\.\d{1,3})+) {1,3}[A-Z])"
)


def _split_long_blocks(blocks: Sequence[Block]) -> tuple[list[Block], set[int]]:
    """Long paragraphs split where a numbered, headed section starts inside them.

    The pieces are internal: every piece is still ``Document.text[start:end]``.
    """
    out: list[Block] = []
    starts: set[int] = set()
    for b in blocks:
        text = b.text
        if len(text) < _LONG_BLOCK or b.kind in ("heading", "title", "table_cell"):
            out.append(b)
            continue
        cuts: list[int] = []
        for m in _INLINE_SECTION.finditer(text):
            at = m.end()
            label = detect_label(text[at : at + 200])
            if label is None or label.rank is None:
                continue
            if heading_after_label(text[at + label.end : at + label.end + 200]) is None:
                continue
            cuts.append(at)
        if not cuts:
            out.append(b)
            continue
        edges = [0, *cuts, len(text)]
        for i in range(len(edges) - 1):
            lo, hi = edges[i], edges[i + 1]
            piece = replace(b, text=text[lo:hi], start=b.start + lo, end=b.start + hi)
            if i:
                piece = replace(piece, label=None)
                starts.add(piece.start)
            out.append(piece)
    return out, starts


_WORD_LABEL_ID = re.compile(r"\d+|\b(?:[A-Za-z]{1,2}|[ivxlcIVXLC]+)\b")  # "Part A-1" -> "Part #-#"


def _reader_label(block: Block) -> Label | None:
    """A label the reader reconstructed (Word numbering); the block text starts with it."""
    assert block.label is not None
    raw = block.label.strip()
    found = detect_label(raw + " X")
    if found is None and raw.isalnum():  # a bare "a" or "iv": read as "a." / "iv."
        found = detect_label(raw + ". X")
        found = replace(found, number=raw) if found is not None else None
    end = len(block.label) if block.text.startswith(block.label) else 0
    end = _sep_end(block.text[:200], end) if end else 0
    if found is None:
        # An unusual label ("Part A-1", "•"): a dynamic scheme of its own.
        if not any(c.isalnum() for c in raw):
            return None
        return Label(raw.rstrip(".、．"), f"word:{_WORD_LABEL_ID.sub('#', raw)}", 0, end)
    return Label(
        found.number,
        found.scheme,
        found.value,
        end,
        found.rank,
        alt=found.alt,
    )


def _is_toc_line(text: str) -> bool:
    if len(text) > 300:
        return False
    clean = _clean(text)
    if len(clean) > 150 or not _TOC_LINE.search(clean[-24:]):
        return False
    return bool(_DOT_LEADERS.search(clean)) or len(clean.split()) <= 14


def _mark_contents(cands: list[_Candidate]) -> None:
    """Runs of table-of-contents lines, and lists of exhibits, do not open clauses."""
    n = len(cands)
    i = 0
    while i < n:
        if not cands[i].toc:
            i += 1
            continue
        j = i
        while j < n and (cands[j].toc or cands[j].noise):
            j += 1
        run = sum(1 for c in cands[i:j] if c.toc)
        if run < 2 and not cands[i].toc_sure:
            cands[i].toc = False
        i = j
    _mark_false_schedules(cands)
    _mark_schedule_lists(cands)
    _mark_toc_restart(cands)


def _mark_schedule_lists(cands: list[_Candidate]) -> None:
    """Adjacent schedule labels with nothing in between list the exhibits ("Exhibit A: ...")."""
    prev: int | None = None
    for k, c in enumerate(cands):
        if c.noise:
            continue
        if c.label is not None and c.label.scheme == "schedule":
            if prev is not None and len(c.block.text) < 200 and len(cands[prev].block.text) < 200:
                cands[prev].toc = True
                c.toc = True
            prev = k
        else:
            prev = None


_BODY_SCHEMES = ("article", "section1", "dec1", "zh_article", "zh_part")
_RECITAL_HEADING = re.compile(
    r"^\W*(between|parties|the parties|whereas|recitals?|background|witnesseth|preamble|"
    r"w\s?i\s?t\s?n\s?e\s?s\s?s\s?e\s?t\s?h|鉴于|合同双方|当事人)\W*$",
    re.IGNORECASE,
)
_SCHEDULE_NAME = re.compile(
    r"\b(schedule|exhibit|annex|appendix|attachment|addendum|statement of work)\b|附件|附表",
    re.IGNORECASE,
)
_SCHEDULE_WORD = re.compile(
    r"\b(?:schedule|exhibit|annex|appendix|attachment|addendum)\s+[A-Z0-9]", re.IGNORECASE
)


_SENTENCE_INSIDE = re.compile(r"[a-z][.;:]\s+(?!\d)\S|[。；]")  # "Term.  5" is not a sentence


def _toc_entry(c: _Candidate) -> bool:
    """A contents line: a label and a short title (maybe a page number), not a sentence."""
    assert c.label is not None
    rest = _clean(c.block.text[c.label.end :], 200)
    if c.label.scheme == "schedule":
        return False
    words = rest.split()
    return len(words) <= 14 and not _SENTENCE_INSIDE.search(rest)


def _mark_toc_restart(cands: list[_Candidate]) -> None:
    """A table of contents: a run of short entries whose numbering starts again in the body."""
    first: dict[str, tuple[int, int]] = {}  # scheme -> (index, value) where its list started
    limit = max(40, int(len(cands) * 0.4))
    for k, c in enumerate(cands[:limit]):
        label = c.label
        if label is None or label.scheme not in _BODY_SCHEMES or c.toc:
            continue
        j, start_value = first.setdefault(label.scheme, (k, label.value))
        if j == k or label.value > start_value:
            continue  # only a list going back to (or below) its first value can follow contents
        while j > 0 and (cands[j - 1].noise or (cands[j - 1].label and _toc_entry(cands[j - 1]))):
            j -= 1  # contents entries just before ("Section 1.01 Definitions 1" without ARTICLE I)
        end = k
        while end > j and cands[end - 1].label is None:
            end -= 1  # recitals between the contents and the body are not contents
        region = [r for r in cands[j:end] if not r.noise]
        entries = [r for r in region if r.label is not None]
        titles = sum(1 for r in entries if r.toc or r.toc_sure or _toc_entry(r))
        prose = sum(1 for r in region if len(r.block.text) > 300 and not (r.toc or r.toc_sure))
        loose = len(region) - len(entries)  # lines that are not entries: body text, footers
        higher = label.rank is not None and any(
            r.label is not None
            and not r.toc
            and r.label.rank is not None
            and r.label.rank < label.rank
            for r in entries
        )  # "1." again under the next 第X条 is a list restarting, not contents
        if (
            not higher
            and len(entries) >= 3
            and titles >= 0.7 * len(entries)
            and prose <= 0.1 * len(region)
            and loose <= 0.6 * len(entries)
        ):
            for r in region:
                r.toc = True
            return
        first[label.scheme] = (k, label.value)


def _mark_false_schedules(cands: list[_Candidate]) -> None:
    """A schedule label is not a schedule when the body's numbering carries on after it.

    ("Exhibit A Long Lead Time Materials" listed inside a clause, then "ARTICLE 2".)
    """
    last: dict[str, int] = {}
    positions = [
        k for k, c in enumerate(cands) if c.label is not None and c.label.scheme == "schedule"
    ]
    if not positions:
        return
    positions.append(len(cands))
    k0 = 0
    for n, k in enumerate(positions[:-1]):
        for c in cands[k0:k]:
            if c.label is not None and c.label.scheme in _BODY_SCHEMES and not c.toc:
                last[c.label.scheme] = c.label.value
        k0 = k
        label = cands[k].label
        assert label is not None
        rest = cands[k].block.text[label.end :]
        if _SCHEDULE_WORD.search(rest):
            cands[k].toc = True  # a list of schedules, not a schedule heading
            continue
        firsts: dict[str, int] = {}
        for c in cands[k + 1 : positions[n + 1]]:
            if c.label is not None and c.label.scheme in _BODY_SCHEMES and not c.toc:
                firsts.setdefault(c.label.scheme, c.label.value)
        if any(last.get(s) is not None and v == last[s] + 1 for s, v in firsts.items()):
            cands[k].toc = True


def _resolve_ambiguous(label: Label, stack: list[_Node]) -> Label:
    if label.alt is None:
        return label
    alt_scheme, alt_value = label.alt
    for node in reversed(stack):
        if node.scheme == label.scheme and node.value + 1 == label.value:
            return label
        if node.scheme == alt_scheme and node.value + 1 == alt_value:
            return Label(
                label.number, alt_scheme, alt_value, label.end, label.rank, None, label.tentative
            )
    for node in reversed(stack):
        if node.scheme == alt_scheme and label.scheme.endswith(("alpha_lower", "alpha_upper")):
            # "(v)" inside an open roman list that skipped a step
            return Label(
                label.number, alt_scheme, alt_value, label.end, label.rank, None, label.tentative
            )
    return label


_MAX_DEPTH = 24


def _attach(node: _Node, stack: list[_Node], roots: list[_Node], zh_context: bool) -> None:
    """Place ``node`` in the tree and on the open-list stack (Word-style list logic)."""
    cut: int | None = 0 if node.kind == "schedule" else None  # schedules follow the body
    for k, open_node in enumerate(stack if cut is None else ()):
        if open_node.scheme == node.scheme:
            cut = k
            break
    if cut is None and node.heading_level is not None:
        # An explicit heading closes numbered lists and headings of the same or a lower level.
        for k, open_node in enumerate(stack):
            if open_node.heading_level is None or open_node.heading_level >= node.heading_level:
                cut = k
                break
    if cut is None and node.rank is not None:
        anchor = -1  # nearest open strong (or heading) node that may hold this one
        for k, open_node in enumerate(stack):
            if open_node.rank is not None and open_node.rank >= node.rank:
                cut = k
                break
            if (
                (open_node.rank is not None and open_node.rank < node.rank)
                or (open_node.heading_level is not None and not open_node.recital)
                or open_node.holds
            ):
                anchor = k
        # strong numbering is not nested inside an open "(a)" list ("(A) recital ... 1. Term")
        zh_dec = zh_context and node.scheme.startswith("dec")
        if cut is None and not zh_dec and anchor + 1 < len(stack):
            cut = anchor + 1
    if cut is None and len(stack) >= _MAX_DEPTH:
        cut = len(stack) - 1  # hostile input: never nest without bound
    if cut is not None:
        del stack[cut:]
    (stack[-1].children if stack else roots).append(node)
    stack.append(node)


def _plausible(label: Label, stack: list[_Node]) -> bool:
    """Reject labels that break their open list's sequence (stray numbers in OCR text)."""
    if not label.scheme.startswith(("dec", "zh_dec")):
        return True
    last = next((n.value for n in reversed(stack) if n.scheme == label.scheme), None)
    if label.tentative:
        return 0 < label.value - last <= 3 if last is not None else label.value <= 2
    return last is None or label.value <= last + 20


def _is_title(text: str, level: int, heading_levels: list[int]) -> bool:
    """A heading before any clause that names the contract, or the document's only top heading."""
    if _TITLE_RE.search(_clean(text)):
        return True
    return bool(heading_levels) and level == heading_levels[0] and heading_levels.count(level) == 1


def _build(cands: list[_Candidate]) -> list[_Node]:
    heading_levels = sorted(c.heading_level for c in cands if c.heading_level is not None)
    headed = sum(
        1
        for c in cands
        if c.label is not None
        and not c.toc
        and c.label.rank is not None
        and c.label.rank <= _RANK_DEC + 2
        and (c.heading is not None or _is_blank(c.block.text[c.label.end :]))
    )
    use_caps = headed < 3  # numbering does not carry the headings: all-caps lines do
    roots: list[_Node] = []
    stack: list[_Node] = []
    any_clause = False
    pending: _Node | None = None  # label-only clause waiting for its heading block
    caps: Block | None = None  # an unnumbered heading line since the last clause
    for c in cands:
        b = c.block
        if c.noise or c.toc:
            continue
        label = c.label
        if label is not None:
            label = _resolve_ambiguous(label, stack)
            if label.scheme == "schedule" and not any_clause:
                label = None  # "Exhibit 10.7" at the top of a filing: the filing's exhibit number
            elif not _plausible(label, stack):
                label = None
        if label is not None:
            rest = b.text[label.end :]
            heading = c.heading
            zh = bool(_CJK.search(b.text[label.end : label.end + 6])) or label.scheme.startswith(
                "zh"
            )
            if _restarts(label, stack, roots):
                if caps is not None:
                    # "1." again after "12.", below an unnumbered heading ("FEE SCHEDULE"): a part
                    del stack[:]
                    _attach(_heading_node(caps, 1), stack, roots, False)
                else:
                    # "1." again inside clause 8, then "9.": a list of clause 8's own
                    label = replace(label, scheme=label.scheme + _SUBLIST, rank=None)
            else:
                label = _continue_sublist(label, stack)
            caps = None
            node = _Node(
                number=label.number,
                heading=heading,
                start=b.start,
                scheme=label.scheme,
                rank=label.rank,
                value=label.value,
                kind="schedule" if label.scheme == "schedule" else "clause",
                label_only=_is_blank(rest),
            )
            node.holds = node.rank is None and (
                node.label_only or bool(heading and heading.isupper() and len(heading) > 3)
            )
            _attach(node, stack, roots, zh)
            node.children.extend(_inline_items(b, label.end))
            any_clause = True
            pending = node if node.label_only or (node.kind == "schedule" and not heading) else None
            continue
        text = b.text
        heading_like = _heading_like(b, text)
        if pending is not None and (
            heading_like or (pending.kind == "schedule" and len(_clean(text)) <= 100)
        ):
            pending.heading = _clean(text).rstrip(".:：") or None
            pending = None
            continue
        pending = None
        if stack and b.kind != "heading" and not stack[-1].label_only:
            stack[-1].children.extend(_inline_items(b, 0))
        if heading_like:
            caps = b
        level = c.heading_level
        if level is None and use_caps and heading_like and not _CONTENTS_RE.match(text):
            level = 1
        if level is not None and not any_clause and _is_title(text, level, heading_levels):
            continue  # the contract's title belongs to the preamble
        if level is not None and (level > 0 or any_clause):
            _attach(_heading_node(b, level), stack, roots, False)
            any_clause = True
            caps = None
    return roots


_INLINE_ITEM = re.compile(r"\((?P<id>[a-zA-Z]|[ivxIVX]{2,5}|\d{1,2})\)\s")
_INLINE_BEFORE = re.compile(r"(?:[:;,.—]|\band|\bor)$")


def _inline_items(block: Block, offset: int) -> list[_Node]:
    """Items enumerated inside one paragraph: "...: (a) to pay; (b) to report; and (c) ...".

    Only a run that starts at (a)/(i)/(1)/(A), goes up one step at a time and follows a colon,
    semicolon, comma or "and"/"or" counts; "Section 2(a)" and "clauses (a) and (b)" do not.
    """
    text = block.text
    if "(" not in text:
        return []
    items: list[_Node] = []
    style = ""
    last = 0
    for m in _INLINE_ITEM.finditer(text, offset):
        if not m.start() or text[m.start() - 1] not in " \t":
            continue
        before = text[max(0, m.start() - 5) : m.start() - 1]
        if not _INLINE_BEFORE.search(before):
            continue
        ident = m.group("id")
        case = "upper" if ident.isupper() else "lower"
        if ident.isdigit():
            kinds = {"digit": int(ident)}
        else:
            kinds = {}
            if len(ident) == 1:
                kinds[f"alpha_{case}"] = _alpha_value(ident)
            roman = roman_value(ident)
            if roman is not None:
                kinds[f"roman_{case}"] = roman
        if not items:
            style = next((k for k, v in kinds.items() if v == 1), "")
            if not style:
                continue
        elif kinds.get(style) != last + 1:
            if kinds.get(style) == 1:
                break  # a second list starts: keep the first
            continue
        last = kinds[style]
        start = block.start + m.start()
        items.append(_Node(f"({ident})", None, start, f"inline_{style}", None, last, end=block.end))
    return items if len(items) >= 2 else []


def _heading_node(block: Block, level: int) -> _Node:
    heading = _clean(block.text).rstrip(".:：")
    short = len(heading) <= 40 and len(heading.split()) <= 6  # "FEE SCHEDULE", "附件二 报价单"
    kind = "schedule" if short and _SCHEDULE_NAME.search(heading) else "clause"
    node = _Node(None, heading, block.start, f"h{level}", None, 0, kind=kind, heading_level=level)
    node.recital = bool(_RECITAL_HEADING.match(heading))
    return node


_SUBLIST = "'"  # scheme suffix of a numbered list restarted inside a clause of the same numbering


def _continue_sublist(label: Label, stack: list[_Node]) -> Label:
    """ "2." after a restarted "1." continues that inner list unless it continues the outer one."""
    inner = label.scheme + _SUBLIST
    inner_value = next((n.value for n in stack if n.scheme == inner), None)
    if inner_value is None or label.value != inner_value + 1:
        return label
    outer_value = next((n.value for n in stack if n.scheme == label.scheme), None)
    if outer_value is not None and label.value == outer_value + 1:
        return label
    return replace(label, scheme=inner, rank=None)


def _restarts(label: Label, stack: list[_Node], roots: list[_Node]) -> bool:
    """The label starts its scheme's list again ("1." while "12." is open)."""
    if label.value > 1 or label.scheme not in _BODY_SCHEMES or not stack:
        return False
    if stack[0].scheme != label.scheme or stack[0].value < 3:
        return False
    return sum(1 for n in roots if n.scheme == label.scheme) >= 3


def _paragraph_groups(cands: list[_Candidate]) -> list[_Node]:
    """No numbering and no headings: one clause per paragraph, short lead-in lines joined on."""
    roots: list[_Node] = []
    carry: Block | None = None
    for c in cands:
        b = c.block
        if c.noise:
            continue
        clean = _clean(b.text)
        if len(clean) < 60 and not clean.endswith((".", "。", ";", "；")):
            if carry is None:
                carry = b
            continue
        start = carry.start if carry is not None else b.start
        heading = _clean(carry.text).rstrip(":：") if carry is not None else None
        roots.append(_Node(None, heading, start, "para", None, 0))
        carry = None
    if carry is not None:
        roots.append(_Node(None, None, carry.start, "para", None, 0))
    return roots


def _freeze(nodes: list[_Node], end: int, level: int) -> tuple[Clause, ...]:
    out: list[Clause] = []
    for i, n in enumerate(nodes):
        n_end = nodes[i + 1].start if i + 1 < len(nodes) else end
        if n.end is not None:
            n_end = min(n_end, n.end)
        children = _freeze(n.children, n_end, level + 1)
        kind = n.kind
        if kind == "clause" and n.heading and _DEFINITIONS_RE.search(n.heading):
            kind = "definitions"
        out.append(
            Clause(
                number=n.number,
                heading=n.heading,
                start=n.start,
                end=n_end,
                level=level,
                children=children,
                kind=kind,
            )
        )
    return tuple(out)


def segment(document: Document) -> tuple[Clause, ...]:
    """The clause tree of ``document``: top-level clauses, each with nested children."""
    blocks = document.blocks
    if not blocks:
        return ()
    cands = _analyse_blocks(blocks)
    roots = _build(cands)
    if not roots:
        roots = _paragraph_groups(cands)
    if not roots:  # only page numbers and the like
        roots = [_Node(None, None, blocks[0].start, "para", None, 0)]
    first = blocks[0].start
    end = len(document.text)
    clauses = _freeze(roots, end, 0)
    if clauses[0].start > first and document.text[first : clauses[0].start].strip():
        preamble = Clause(
            number=None,
            heading=None,
            start=first,
            end=clauses[0].start,
            level=0,
            kind="preamble",
        )
        clauses = (preamble, *clauses)
    logger.debug("segmented %d blocks into %d top-level clauses", len(blocks), len(clauses))
    return clauses


# --------------------------------------------------------------------------------------------
# Lookup


_STANDALONE = re.compile(
    r"^(?:ARTICLE|Article|SECTION|Section|Sec\.|§|第.+[条章节编部分]$|\d{1,3}(?:\.\d{1,3})+\.?$)"
)
_LETTER = re.compile(r"^(?P<id>[A-Za-z]{1,2}|[ivxlcIVXLC]{1,6}|\d{1,3})[.)]$")


def _citation(path: Sequence[Clause]) -> str | None:
    """The reference a lawyer cites for the last clause of ``path``.

    "7.2" + "(b)" -> "7.2(b)"; "ARTICLE V" + "Section 5.1" -> "Section 5.1";
    "第五条" + "（一）" -> "第五条（一）"; "Schedule 2" + "1.1" -> "Schedule 2, 1.1".
    """
    prefix = ""
    parts: list[str] = []
    for c in path:
        number = c.number
        if not number:
            continue
        if c.kind == "schedule":
            prefix, parts = f"{number}, ", []
            continue
        if _STANDALONE.match(number) or not parts:
            parts = [number.rstrip(".．、")]
        elif number[:1] in "(（":
            parts.append(number)
        elif _LETTER.match(number) and (not number[0].isdigit() or not _CJK.search(parts[-1])):
            parts.append(f"({number[:-1]})")  # "3" + "b)" / "2." -> "3(b)" / "3(2)"
        else:
            parts.append(" " + number.rstrip(".．、"))  # "第五条" + "一、" -> "第五条 一"
    if not parts:
        return prefix.rstrip(", ") or None
    return prefix + "".join(parts)


class ClauseIndex:
    """Find the deepest clause that contains an offset (for evidence clause numbers).

    Built once in O(n); every query is a binary search over disjoint intervals.
    """

    def __init__(self, clauses: Sequence[Clause]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._clauses: list[Clause] = []
        self._citations: list[str | None] = []
        self._numbers: list[str | None] = []
        for top in clauses:
            self._add(top, [])

    def _add(self, clause: Clause, path: list[Clause]) -> None:
        path = [*path, clause]
        citation = _citation(path)
        number = next((c.number for c in reversed(path) if c.number), None)
        pos = clause.start
        for child in clause.children:
            if child.start > pos:
                self._push(pos, child.start, clause, citation, number)
            self._add(child, path)
            pos = max(pos, child.end)
        if clause.end > pos:
            self._push(pos, clause.end, clause, citation, number)

    def _push(
        self, start: int, end: int, clause: Clause, citation: str | None, number: str | None
    ) -> None:
        if self._starts and start < self._ends[-1]:
            start = self._ends[-1]  # defensive: never let intervals overlap
            if start >= end:
                return
        self._starts.append(start)
        self._ends.append(end)
        self._clauses.append(clause)
        self._citations.append(citation)
        self._numbers.append(number)

    def _find(self, offset: int) -> int | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self._ends[i]:
            return i
        return None

    def at(self, offset: int) -> Clause | None:
        """The deepest clause containing ``offset``, or None."""
        i = self._find(offset)
        return self._clauses[i] if i is not None else None

    def number_at(self, offset: int) -> str | None:
        """The citation of the deepest numbered clause containing ``offset`` ("7.2(b)")."""
        i = self._find(offset)
        return self._citations[i] if i is not None else None

    def citation_at(self, offset: int) -> str | None:
        """Same as :meth:`number_at`: the full path a lawyer cites ("7.2(b)", "第五条（一）")."""
        return self.number_at(offset)

    def label_at(self, offset: int) -> str | None:
        """The bare label of the deepest numbered clause containing ``offset`` ("(b)")."""
        i = self._find(offset)
        return self._numbers[i] if i is not None else None
