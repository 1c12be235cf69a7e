"""DOCX reader: ``read_docx(path, data, limits) -> Document``, as a reader of the original sees it.

The container is checked first (:func:`analyzer.readers.safety.check_docx_zip`: ZIP bombs, entity
declarations, encryption), then opened with python-docx; what python-docx does not model
(numbering, tracked changes, fields, content controls) is read from the XML with lxml.

Choices (a maintainer should not have to rediscover them):

Blocks and locations
    The body is read in document order: paragraphs (``w:p``) and tables (``w:tbl``), including
    the content of block-level content controls (``w:sdt``) and custom XML. Every non-empty
    paragraph is one block. ``Block.paragraph`` is the 0-based index of the paragraph among the
    body's direct ``w:p`` children, i.e. its index in python-docx's ``document.paragraphs``
    (empty paragraphs count; paragraphs wrapped in a block-level content control are not in
    that list and get ``paragraph=None``).

Tables
    Each non-empty paragraph of a cell is one ``table_cell`` block. ``Block.table`` is the index
    of the top-level table in python-docx's ``document.tables``; nested tables belong to their
    outer table. For cell blocks ``Block.paragraph`` is the index of the paragraph among ALL
    paragraphs inside that top-level table in XML order (``list(table._tbl.iter(qn("w:p")))``),
    NOT a body paragraph index. Cells are read row by row, left to right; a horizontally merged
    cell (``w:gridSpan``) is one ``w:tc`` and read once, and the continuation cells of a
    vertical merge (``w:vMerge`` without ``restart``) are skipped, so merged text is never
    duplicated. Deleted table rows (tracked) are skipped.

Headings
    ``kind="heading"`` when the paragraph has an outline level (``w:outlineLvl`` 0-8 on the
    paragraph, else on its style or the style's ``basedOn`` chain) or its style is named
    "heading N"; ``kind="title"`` for the "Title" style. Outline level 9 on the paragraph
    means body text. Numbered paragraphs that are not headings are ``list_item`` blocks.
    ``Block.level``: the numbering level (``ilvl``, 0 = top) when the paragraph is
    auto-numbered, else the heading's outline level (0 = "Heading 1"), else ``None``.

Word auto-numbering (python-docx's ``paragraph.text`` drops it)
    The paragraph's ``w:numPr`` (or its style's, following ``basedOn``) gives ``numId`` and
    ``ilvl``; ``numId`` 0 switches numbering off. Without a direct ``ilvl``, the level whose
    ``w:pStyle`` links it to the paragraph's style (or the nearest ``basedOn`` ancestor) is
    used (ECMA-376 17.9.23), else the style's ``ilvl``, else level 0; a level number outside
    0-8, an unknown ``numId`` or a level the definition lacks gives no number. ``w:num`` ->
    ``w:abstractNum``, following ``w:numStyleLink`` -> numbering style -> ``w:num`` -> the
    ``w:abstractNum`` carrying the matching ``w:styleLink``. ``w:lvlOverride/w:lvl`` replaces a
    level's definition for that ``w:num``. The label is ``w:lvlText`` with each ``%n`` replaced
    by level n-1's counter in that level's ``w:numFmt`` (decimal, decimalZero, upper/lower
    letter and roman, ordinal, cardinal/ordinal text, Chinese/Japanese/Taiwanese counting,
    legal Chinese, ideographTraditional/Zodiac, enclosed and full-width digits; an unknown
    format falls back to decimal), all in decimal when the level has ``w:isLgl``.

    Counters (Word's behaviour, ECMA-376 17.9 as Word implements it): counters belong to the
    abstract numbering definition, so every ``w:num`` that points at the same ``w:abstractNum``
    (after style-link resolution) continues ONE sequence; a ``w:num`` whose
    ``w:lvlOverride`` has a ``w:startOverride`` restarts that level at the override value the
    first time that ``w:num`` is used at that level, after which the shared sequence continues.
    A level starts at ``w:start``; using a level resets every deeper level (or only those whose
    ``w:lvlRestart`` allows it; ``0`` = never restart); a level skipped so far (a level-1 item
    before any level-0 item) counts as used at its start value, so "1.1" is followed by "2."
    (Word's and LibreOffice's behaviour). Empty numbered paragraphs show their number and
    advance the counters, except an empty paragraph that only carries a section break
    (``w:sectPr``), which shows none (LibreOffice's rendering, and the one the corpus files'
    own cross-references assume).

    The label goes into ``Block.label`` (the rendered ``lvlText`` without surrounding spaces,
    e.g. "1.", "1.1", "(a)", "第一条", "一、") AND in front of the block text, followed by the
    level's suffix as ONE character: ``w:suff`` tab (the default) and space both become a
    single space, ``nothing`` adds nothing: Word's "7.2<tab>Text" reads "7.2 Text". Bullets
    (``numFmt`` bullet) and hidden labels (``w:vanish`` in the level's run properties) give
    ``label=None`` and nothing in the text, but the block stays a ``list_item``. Numbering typed
    by the author is ordinary text: it stays in the text and is never added again.

Text inside a paragraph
    Runs, hyperlinks, smart tags, inline content controls, simple fields and custom XML are
    read; for complex fields (``w:fldChar``) only the displayed result, never the field code.
    ``w:tab``/``w:ptab`` -> "\\t", ``w:br``/``w:cr`` -> "\\n" (kept inside the block),
    ``w:noBreakHyphen`` -> "-", soft hyphens (``w:softHyphen`` and U+00AD) removed, ``w:sym``
    -> its character unless it is a private-use symbol-font glyph. Hidden runs (``w:vanish``
    set directly on the run) are dropped, and a paragraph whose mark and text are all hidden
    is not shown and takes no number. Leading and trailing whitespace of a paragraph is
    dropped. The text of equations (``m:t``) is read; text boxes and drawings are not.

Not in the body text
    Footnotes, endnotes, comments, headers and footers are left out (they are not part of the
    clause flow; the reference marks are dropped as well).

Tracked changes
    The document is read as it reads with all changes accepted: inserted (``w:ins``) and
    moved-to (``w:moveTo``) text is kept, deleted (``w:del``) and moved-from (``w:moveFrom``)
    text is dropped, as are tracked-deleted table rows. A paragraph whose paragraph mark is
    deleted takes no auto-number (accepted, it joins the next paragraph), so a deleted
    numbered clause does not shift the numbers after it; its remaining text, if any, stays
    a block of its own. When the document has any tracked insertion, deletion or move, a
    ``Notice(code="tracked_changes")`` tells the user. Formatting changes (``w:rPrChange``,
    ``w:pPrChange``) are ignored: the current properties apply.

Safety
    External relationships (linked templates, images, OLE objects) are never fetched
    (python-docx does not fetch them); external targets other than hyperlinks, from any part
    (a linked template is a relationship of ``settings.xml``), give an ``external_relationship``
    notice that names each target. Content nested beyond the XML parser's depth limit (tables
    inside tables ~85 deep) raises ``LimitExceededError`` E136, not "corrupt". An encrypted DOCX (OLE2 container) raises
    ``ReadError`` E123; a bad ZIP, missing part or malformed XML raises ``ReadError`` E120.
    Numbering and style definitions are parsed once per document and cached.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from analyzer.errors import LimitExceededError, ReadError
from analyzer.model import BlockKind, Document, Notice
from analyzer.readers._common import BlockDraft, assemble
from analyzer.readers.limits import DEFAULT_LIMITS, ReadLimits
from analyzer.readers.safety import (
    E_CORRUPT_DOCX,
    E_ENCRYPTED_OFFICE,
    E_TOO_DEEP,
    E_TOO_MUCH_TEXT,
    W_EXTERNAL_RELATIONSHIP,
    check_docx_zip,
)

__all__ = ["W_TRACKED_CHANGES", "format_number", "read_docx"]

log = logging.getLogger(__name__)

W_TRACKED_CHANGES = "tracked_changes"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_LEVELS = 9
_MAX_LINK_DEPTH = 8


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_VAL = _w("val")
_P, _TBL, _R, _T = _w("p"), _w("tbl"), _w("r"), _w("t")
_PPR, _RPR, _TR, _TC = _w("pPr"), _w("rPr"), _w("tr"), _w("tc")
_SDT, _SDT_CONTENT, _CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
_INS, _DEL, _MOVE_TO, _MOVE_FROM = _w("ins"), _w("del"), _w("moveTo"), _w("moveFrom")
_FLD_CHAR, _FLD_CHAR_TYPE = _w("fldChar"), _w("fldCharType")
_VANISH, _SYM, _CHAR, _DEL_TEXT = _w("vanish"), _w("sym"), _w("char"), _w("delText")
_M_T = f"{{{_M}}}t"

# Elements whose children carry paragraph text (descended into as they are).
_CONTAINERS = frozenset(
    _w(t)
    for t in (
        "hyperlink",
        "smartTag",
        "customXml",
        "fldSimple",
        "ins",
        "moveTo",
        "dir",
        "bdo",
        "sdtContent",
    )
) | frozenset(f"{{{_M}}}{t}" for t in ("oMathPara", "oMath", "r", "e", "num", "den", "sub", "sup"))
# Elements whose content is never shown as body text.
_SKIPPED = frozenset(
    _w(t) for t in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr", "proofErr")
)
_SIMPLE_RUN_CHARS = {
    _w("tab"): "\t",
    _w("ptab"): "\t",
    _w("br"): "\n",
    _w("cr"): "\n",
    _w("noBreakHyphen"): "-",
    _w("softHyphen"): "",
}


def _on(el: Any) -> bool:
    """An OOXML on/off property: present and not switched off."""
    if el is None:
        return False
    return el.get(_VAL) not in ("0", "false", "off")


def _int(value: str | None, default: int | None = None) -> int | None:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return default


# ---------------------------------------------------------------------------------------------
# Number formats


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_EN_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_ORDINAL = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def _letter(n: int) -> str:
    """Word's letters: A..Z, then AA..ZZ, AAA.. (the letter repeated)."""
    if n <= 0:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _cardinal_text(n: int) -> str:
    if not 0 <= n < 1000:
        return str(n)
    if n < 20:
        return _EN_UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _EN_TENS[tens] + ("-" + _EN_UNITS[unit] if unit else "")
    hundreds, rest = divmod(n, 100)
    head = _EN_UNITS[hundreds] + " hundred"
    return head + (" and " + _cardinal_text(rest) if rest else "")


def _ordinal_text(n: int) -> str:
    words = _cardinal_text(n)
    if words == str(n):
        return _ordinal(n)
    head, sep, last = words.rpartition("-" if "-" in words.split(" ")[-1] else " ")
    if last in _EN_ORDINAL:
        last = _EN_ORDINAL[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _cjk_count(n: int, digits: Sequence[str], units: str, omit_one: str) -> str:
    """CJK counting numbers (1-9999): 一, 十, 十一, 二十, 一百零一 ...

    ``units`` are the characters for 10, 100, 1000; ``digits`` 0..9; a leading "one" is
    omitted before the units listed in ``omit_one`` (Chinese: 十 alone for 10-19).
    """
    if not 0 < n < 10000:
        return str(n)
    out: list[str] = []
    pending_zero = False
    for power in (3, 2, 1, 0):
        d = (n // 10**power) % 10
        if d == 0:
            if out:
                pending_zero = True
            continue
        if pending_zero:
            out.append(digits[0])
            pending_zero = False
        unit = units[power - 1] if power else ""
        if not (d == 1 and unit and unit in omit_one and not out):
            out.append(digits[d])
        out.append(unit)
    return "".join(out)


def _table(chars: str) -> Callable[[int], str]:
    """A fixed sequence (enclosed digits, 甲乙丙 ...); decimal beyond its end."""

    def fmt(n: int) -> str:
        return chars[n - 1] if 0 < n <= len(chars) else str(n)

    return fmt


def _cycle(chars: str) -> Callable[[int], str]:
    def fmt(n: int) -> str:
        return chars[(n - 1) % len(chars)] if n > 0 else str(n)

    return fmt


_ZH_DIGITS = "〇一二三四五六七八九"  # digit by digit (ideographDigital)
_ZH_COUNT = ("零", *_ZH_DIGITS[1:])  # counting: 一百零一
_JA_COUNT = ("", *_ZH_DIGITS[1:])  # Japanese counting writes no zero: 千五
_ZH_LEGAL_S = "零壹贰叁肆伍陆柒捌玖"
_ZH_LEGAL_T = "零壹貳參肆伍陸柒捌玖"
_CIRCLED = (
    "".join(chr(c) for c in range(0x2460, 0x2474))  # 1-20
    + "".join(chr(c) for c in range(0x3251, 0x3260))  # 21-35
    + "".join(chr(c) for c in range(0x32B1, 0x32C0))  # 36-50
)

_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}" if 0 <= n < 10 else str(n),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "ordinal": _ordinal,
    "cardinalText": lambda n: _cardinal_text(n).capitalize(),
    "ordinalText": lambda n: _ordinal_text(n).capitalize(),
    "chineseCounting": lambda n: _cjk_count(n, _ZH_COUNT, "十百千", "十"),
    "chineseCountingThousand": lambda n: _cjk_count(n, _ZH_COUNT, "十百千", "十"),
    "taiwaneseCounting": lambda n: _cjk_count(n, _ZH_COUNT, "十百千", "十"),
    "taiwaneseCountingThousand": lambda n: _cjk_count(n, _ZH_COUNT, "十百千", "十"),
    "japaneseCounting": lambda n: _cjk_count(n, _JA_COUNT, "十百千", "十百千"),
    "chineseLegalSimplified": lambda n: _cjk_count(n, _ZH_LEGAL_S, "拾佰仟", ""),
    "ideographLegalTraditional": lambda n: _cjk_count(n, _ZH_LEGAL_T, "拾佰仟", ""),
    "ideographDigital": lambda n: "".join(_ZH_DIGITS[int(c)] for c in str(n)),
    "taiwaneseDigital": lambda n: "".join(_ZH_DIGITS[int(c)] for c in str(n)),
    "ideographTraditional": _cycle("甲乙丙丁戊己庚辛壬癸"),
    "ideographZodiac": _cycle("子丑寅卯辰巳午未申酉戌亥"),
    "decimalEnclosedCircle": _table(_CIRCLED),
    "decimalEnclosedCircleChinese": _table(_CIRCLED),
    "ideographEnclosedCircle": _table("".join(chr(c) for c in range(0x3220, 0x322A))),
    "decimalEnclosedParen": _table("".join(chr(c) for c in range(0x2474, 0x2488))),
    "decimalEnclosedFullstop": _table("".join(chr(c) for c in range(0x2488, 0x249C))),
    "decimalFullWidth": lambda n: str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"}),
    "decimalFullWidth2": lambda n: str(n).translate(
        {ord(c): 0xFF10 + int(c) for c in "0123456789"}
    ),
    "decimalHalfWidth": str,
    "none": lambda n: "",
}


def format_number(value: int, fmt: str) -> str:
    """Render ``value`` in the Word number format ``fmt`` (``w:numFmt/@w:val``).

    Unknown formats fall back to decimal (logged at debug level); ``bullet`` is not a number
    format and renders as "".
    """
    if fmt == "bullet":
        return ""
    func = _FORMATS.get(fmt)
    if func is None:
        log.debug("unknown numFmt %r rendered as decimal", fmt)
        return str(value)
    return func(value)


# ---------------------------------------------------------------------------------------------
# Styles


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline: int | None


class _Styles:
    """Paragraph and numbering styles, with ``basedOn`` inheritance resolved lazily."""

    def __init__(self, root: Any) -> None:
        self._styles: dict[str, _Style] = {}
        self.default: str | None = None
        if root is None:
            return
        for s in root.iterchildren(_w("style")):
            sid = s.get(_w("styleId"))
            if sid is None:
                continue
            name_el = s.find(_w("name"))
            based = s.find(_w("basedOn"))
            ppr = s.find(_PPR)
            num_id: str | None = None
            ilvl: int | None = None
            outline: int | None = None
            if ppr is not None:
                num_pr = ppr.find(_w("numPr"))
                if num_pr is not None:
                    n, lv = num_pr.find(_w("numId")), num_pr.find(_w("ilvl"))
                    num_id = n.get(_VAL) if n is not None else None
                    ilvl = _int(lv.get(_VAL)) if lv is not None else None
                ol = ppr.find(_w("outlineLvl"))
                outline = _int(ol.get(_VAL)) if ol is not None else None
            self._styles[sid] = _Style(
                name=(name_el.get(_VAL) or "") if name_el is not None else sid,
                based_on=based.get(_VAL) if based is not None else None,
                num_id=num_id,
                ilvl=ilvl,
                outline=outline,
            )
            if s.get(_w("type")) == "paragraph" and s.get(_w("default")) in ("1", "true", "on"):
                self.default = sid

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        """The style and its ``basedOn`` ancestors (cycles and unknown ids end the chain)."""
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < 32:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                return
            yield style
            style_id = style.based_on

    def chain_ids(self, style_id: str | None) -> Iterator[str]:
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < 32:
            seen.add(style_id)
            yield style_id
            style = self._styles.get(style_id)
            style_id = style.based_on if style is not None else None

    def get(self, style_id: str | None) -> _Style | None:
        return self._styles.get(style_id) if style_id else None

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        num_id: str | None = None
        ilvl: int | None = None
        for s in self.chain(style_id):
            if num_id is None and s.num_id is not None:
                num_id = s.num_id
            if ilvl is None and s.ilvl is not None:
                ilvl = s.ilvl
        return num_id, ilvl

    def outline(self, style_id: str | None) -> int | None:
        for s in self.chain(style_id):
            if s.outline is not None:
                return s.outline
        return None


_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Numbering


@dataclass(frozen=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None
    legal: bool = False
    suffix: str = "tab"
    hidden: bool = False
    style: str | None = None


def _parse_level(lvl: Any) -> _Level:
    def val(tag: str) -> str | None:
        el = lvl.find(_w(tag))
        return el.get(_VAL) if el is not None else None

    fmt = val("numFmt")
    if fmt is None:  # Word 2010+ writes custom formats as mc:AlternateContent + a fallback
        fb = lvl.find(f"{{{_MC}}}AlternateContent/{{{_MC}}}Fallback/{_w('numFmt')}")
        fmt = fb.get(_VAL) if fb is not None else None
    rpr = lvl.find(_RPR)
    return _Level(
        start=_int(val("start"), 1) or 0,
        fmt=fmt or "decimal",
        text=val("lvlText"),
        restart=_int(val("lvlRestart")),
        legal=_on(lvl.find(_w("isLgl"))),
        suffix=val("suff") or "tab",
        hidden=rpr is not None and _on(rpr.find(_w("vanish"))),
        style=val("pStyle"),
    )


@dataclass(frozen=True)
class _Num:
    key: str  # counters are shared by every w:num with the same key (resolved abstractNum)
    levels: dict[int, _Level]
    start_overrides: dict[int, int]
    style_levels: dict[str, int]  # paragraph style id -> ilvl (w:lvl/w:pStyle)


@dataclass(frozen=True)
class Label:
    """The rendered auto-number of one paragraph."""

    text: str | None  # None for bullets and hidden / empty labels
    separator: str
    level: int


@dataclass
class _Numbering:
    """numbering.xml, parsed once per document; counters advance as paragraphs are read."""

    root: Any
    styles: _Styles
    _abstract: dict[str, Any] = field(default_factory=dict)
    _nums: dict[str, Any] = field(default_factory=dict)
    _resolved: dict[str, _Num | None] = field(default_factory=dict)
    _counters: dict[str, list[int | None]] = field(default_factory=dict)
    _seen: set[tuple[str, int]] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.root is None:
            return
        for a in self.root.iterchildren(_w("abstractNum")):
            aid = a.get(_w("abstractNumId"))
            if aid is not None:
                self._abstract[aid] = a
        for n in self.root.iterchildren(_w("num")):
            nid = n.get(_w("numId"))
            if nid is not None:
                self._nums[nid] = n

    def _abstract_for(self, num_id: str, depth: int = 0) -> tuple[str, Any] | None:
        """The abstractNum a w:num uses, following numStyleLink through numbering styles."""
        num = self._nums.get(num_id)
        if num is None or depth > _MAX_LINK_DEPTH:
            return None
        ref = num.find(_w("abstractNumId"))
        aid = ref.get(_VAL) if ref is not None else None
        abstract = self._abstract.get(aid) if aid is not None else None
        if aid is None or abstract is None:
            return None
        link = abstract.find(_w("numStyleLink"))
        if link is not None:
            linked_num, _ = self.styles.num_pr(link.get(_VAL))
            if linked_num is not None and linked_num != num_id:
                target = self._abstract_for(linked_num, depth + 1)
                if target is not None:
                    return target
        return aid, abstract

    def resolve(self, num_id: str) -> _Num | None:
        if num_id in self._resolved:
            return self._resolved[num_id]
        found = self._abstract_for(num_id)
        result: _Num | None = None
        if found is not None:
            aid, abstract = found
            levels: dict[int, _Level] = {}
            style_levels: dict[str, int] = {}
            for lvl in abstract.iterchildren(_w("lvl")):
                ilvl = _int(lvl.get(_w("ilvl")))
                if ilvl is None or not 0 <= ilvl < _MAX_LEVELS:
                    continue
                levels[ilvl] = _parse_level(lvl)
            overrides: dict[int, int] = {}
            for ov in self._nums[num_id].iterchildren(_w("lvlOverride")):
                ilvl = _int(ov.get(_w("ilvl")))
                if ilvl is None or not 0 <= ilvl < _MAX_LEVELS:
                    continue
                lvl = ov.find(_w("lvl"))
                if lvl is not None:
                    levels[ilvl] = _parse_level(lvl)
                so = ov.find(_w("startOverride"))
                if so is not None:
                    overrides[ilvl] = _int(so.get(_VAL), 0) or 0
            for ilvl, level in levels.items():
                if level.style:
                    style_levels.setdefault(level.style, ilvl)
            result = _Num(
                key=aid, levels=levels, start_overrides=overrides, style_levels=style_levels
            )
        self._resolved[num_id] = result
        return result

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level linked to the paragraph's style (or the nearest ancestor style)."""
        num = self.resolve(num_id)
        if num is None or style_id is None:
            return None
        for sid in self.styles.chain_ids(style_id):
            if sid in num.style_levels:
                return num.style_levels[sid]
        return None

    def next_label(self, num_id: str, ilvl: int) -> Label | None:
        """Advance the counters for one numbered paragraph and render its label."""
        num = self.resolve(num_id)
        if num is None:
            return None
        level = num.levels.get(ilvl)
        if level is None:
            return None
        counters = self._counters.setdefault(num.key, [None] * _MAX_LEVELS)
        first_use = (num_id, ilvl) not in self._seen
        self._seen.add((num_id, ilvl))
        current = counters[ilvl]
        if first_use and ilvl in num.start_overrides:
            counters[ilvl] = num.start_overrides[ilvl]
        elif current is None:
            counters[ilvl] = level.start
        else:
            counters[ilvl] = current + 1
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            deeper_level = num.levels.get(deeper)
            restart = deeper_level.restart if deeper_level is not None else None
            after = deeper if restart is None or restart > deeper else restart
            if ilvl < after:  # restart when a level above the restart level is used
                counters[deeper] = None
        for above in range(ilvl):  # a level skipped so far counts as used at its start value
            above_level = num.levels.get(above)
            if counters[above] is None and above_level is not None:
                counters[above] = above_level.start
        if level.fmt == "bullet" or level.hidden or level.text is None:
            return Label(text=None, separator="", level=ilvl)

        def substitute(m: re.Match[str]) -> str:
            n = int(m.group(1)) - 1
            ref = num.levels.get(n)
            value = counters[n]
            if value is None:
                value = ref.start if ref is not None else 1
            fmt = ref.fmt if ref is not None else "decimal"
            if level.legal and fmt not in ("none", "bullet"):
                fmt = "decimal"
            return format_number(value, fmt)

        text = re.sub(r"%([1-9])", substitute, level.text).strip()
        separator = "" if level.suffix == "nothing" else " "
        return Label(text=text or None, separator=separator, level=ilvl)


# ---------------------------------------------------------------------------------------------
# Paragraph text


@dataclass
class _State:
    """Per-document reading state."""

    tracked: int = 0


def _run_text(run: Any, out: list[str], fields: list[bool], state: _State) -> None:
    rpr = run.find(_RPR)
    hidden = rpr is not None and _on(rpr.find(_VANISH))
    for child in run.iterchildren():
        tag = child.tag
        if tag == _FLD_CHAR:
            kind = child.get(_FLD_CHAR_TYPE)
            if kind == "begin":
                fields.append(True)
            elif kind == "separate" and fields:
                fields[-1] = False
            elif kind == "end" and fields:
                fields.pop()
            continue
        if hidden or True in fields:
            continue
        if tag == _T:
            out.append(child.text or "")
        elif tag in _SIMPLE_RUN_CHARS:
            out.append(_SIMPLE_RUN_CHARS[tag])
        elif tag == _SYM:
            try:
                code = int(child.get(_CHAR) or "", 16)
            except ValueError:
                continue
            if not 0xE000 <= code <= 0xF8FF and 0 < code < 0x110000:
                out.append(chr(code))
        elif tag == _DEL_TEXT:
            state.tracked += 1


def _inline_text(el: Any, out: list[str], fields: list[bool], state: _State) -> None:
    for child in el.iterchildren():
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == _R:
            _run_text(child, out, fields, state)
        elif tag in _CONTAINERS:
            if tag in (_INS, _MOVE_TO):
                state.tracked += 1
            _inline_text(child, out, fields, state)
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                _inline_text(content, out, fields, state)
        elif tag == _M_T:
            out.append(child.text or "")
        elif tag in (_DEL, _MOVE_FROM):
            state.tracked += 1
        elif tag in _SKIPPED:
            continue
        elif tag.startswith(f"{{{_M}}}"):
            _inline_text(child, out, fields, state)


def _paragraph_text(p: Any, state: _State) -> str:
    out: list[str] = []
    _inline_text(p, out, [], state)
    return "".join(out).replace("\u00ad", "").strip()


# ---------------------------------------------------------------------------------------------
# Body walk


@dataclass
class _Reader:
    styles: _Styles
    numbering: _Numbering
    state: _State = field(default_factory=_State)
    drafts: list[BlockDraft] = field(default_factory=list)

    def paragraph(
        self,
        p: Any,
        *,
        paragraph: int | None,
        table: int | None = None,
        in_table: bool = False,
    ) -> None:
        ppr = p.find(_PPR)
        style_id: str | None = None
        num_id: str | None = None
        ilvl: int | None = None
        outline: int | None = None
        if ppr is not None:
            ps = ppr.find(_w("pStyle"))
            style_id = ps.get(_VAL) if ps is not None else None
            num_pr = ppr.find(_w("numPr"))
            if num_pr is not None:
                n, lv = num_pr.find(_w("numId")), num_pr.find(_w("ilvl"))
                num_id = n.get(_VAL) if n is not None else None
                ilvl = _int(lv.get(_VAL)) if lv is not None else None
            ol = ppr.find(_w("outlineLvl"))
            outline = _int(ol.get(_VAL)) if ol is not None else None
        mark_deleted = mark_hidden = False
        if ppr is not None:
            rpr = ppr.find(_RPR)
            if rpr is not None:
                mark_deleted = rpr.find(_DEL) is not None or rpr.find(_MOVE_FROM) is not None
                if mark_deleted or rpr.find(_INS) is not None:
                    self.state.tracked += 1
                mark_hidden = _on(rpr.find(_VANISH))
        if self.styles.get(style_id) is None:  # no style, or an unknown one: Word's default
            style_id = self.styles.default
        style_num, style_ilvl = self.styles.num_pr(style_id)
        if num_id is None:
            num_id = style_num
        label: Label | None = None
        text = _paragraph_text(p, self.state)
        section_break_only = not text and ppr is not None and ppr.find(_w("sectPr")) is not None
        if not text and mark_hidden:  # a wholly hidden paragraph shows no number either
            return
        # A deleted paragraph mark joins the paragraph to the next one once the change is
        # accepted: it takes no number of its own (and, when all its text is deleted too, it
        # disappears without advancing any counter).
        if num_id is not None and num_id != "0" and not section_break_only and not mark_deleted:
            if ilvl is None:  # the level linked to the style wins over the style's ilvl
                ilvl = self.numbering.level_for_style(num_id, style_id)
            if ilvl is None:
                ilvl = style_ilvl
            if ilvl is None:
                ilvl = 0
            if 0 <= ilvl < _MAX_LEVELS:  # an invalid level number gets no number at all
                label = self.numbering.next_label(num_id, ilvl)

        if label is not None and label.text:
            text = label.text + label.separator + text if text else label.text
        if not text:
            return

        kind: BlockKind = "paragraph"
        level: int | None = None
        style = self.styles.get(style_id)
        if outline is None:
            outline = self.styles.outline(style_id)
        if outline is not None and 0 <= outline < _MAX_LEVELS:
            kind, level = "heading", outline
        elif outline is None and style is not None:
            m = _HEADING_NAME.match(style.name)
            if m:
                kind, level = "heading", int(m.group(1)) - 1
            elif style.name.lower() == "title":
                kind, level = "title", 0
        if label is not None:
            level = label.level
            if kind == "paragraph":
                kind = "list_item"
        if in_table:
            kind = "table_cell"
        self.drafts.append(
            BlockDraft(
                text=text,
                kind=kind,
                label=label.text if label is not None else None,
                level=level,
                paragraph=paragraph,
                table=table,
            )
        )

    def table(self, tbl: Any, index: int | None, counter: list[int]) -> None:
        """Read a table's cells in order; ``counter`` counts the outer table's paragraphs."""
        for tr in tbl.iterchildren(_TR):
            trpr = tr.find(_w("trPr"))
            if trpr is not None and trpr.find(_w("del")) is not None:
                self.state.tracked += 1
                self._skip_paragraphs(tr, counter)
                continue
            for tc in self._cells(tr):
                tcpr = tc.find(_w("tcPr"))
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                if vmerge is not None and vmerge.get(_VAL) != "restart":
                    self._skip_paragraphs(tc, counter)
                    continue
                self.blocks(tc, table=index, counter=counter)

    def _cells(self, tr: Any) -> Iterator[Any]:
        for child in tr.iterchildren():
            if child.tag == _TC:
                yield child
            elif child.tag in (_SDT, _CUSTOM_XML):
                inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
                if inner is not None:
                    yield from self._cells(inner)

    @staticmethod
    def _skip_paragraphs(el: Any, counter: list[int]) -> None:
        counter[0] += sum(1 for _ in el.iter(_P))

    def blocks(self, container: Any, *, table: int | None, counter: list[int]) -> None:
        """Paragraphs and nested tables of a table cell (or content control inside one)."""
        for child in container.iterchildren():
            tag = child.tag
            if tag == _P:
                index = counter[0]
                counter[0] += 1
                self.paragraph(child, paragraph=index, table=table, in_table=True)
            elif tag == _TBL:
                self.table(child, table, counter)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.blocks(content, table=table, counter=counter)
            elif tag == _CUSTOM_XML:
                self.blocks(child, table=table, counter=counter)

    def body(self, body: Any) -> None:
        paragraphs = 0
        tables = 0
        for child in body.iterchildren():
            tag = child.tag
            if tag == _P:
                self.paragraph(child, paragraph=paragraphs)
                paragraphs += 1
            elif tag == _TBL:
                self.table(child, tables, [0])
                tables += 1
            elif tag in (_SDT, _CUSTOM_XML):
                self._wrapped(child)

    def _wrapped(self, el: Any) -> None:
        """Block-level content controls: not in python-docx's paragraphs/tables lists."""
        inner = el.find(_SDT_CONTENT) if el.tag == _SDT else el
        if inner is None:
            return
        for child in inner.iterchildren():
            if child.tag == _P:
                self.paragraph(child, paragraph=None)
            elif child.tag == _TBL:
                self.table(child, None, [0])
            elif child.tag in (_SDT, _CUSTOM_XML):
                self._wrapped(child)


# ---------------------------------------------------------------------------------------------
# Entry point


def _part_element(document_part: Any, reltype: str) -> Any:
    for rel in document_part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return rel.target_part.element if hasattr(rel.target_part, "element") else None
    return None


_MAX_TARGETS_SHOWN = 10
_MAX_TARGET_CHARS = 200
_RT_NAMES = {
    "attachedTemplate": "attached template",
    "image": "image",
    "oleObject": "embedded object",
    "frame": "frame",
    "subDocument": "sub-document",
    "externalLinkPath": "linked file",
    "package": "package",
}


def external_message(name: str, external: Sequence[tuple[str, str]]) -> str:
    """The ``external_relationship`` warning: how many, and each target with what it is."""
    shown = []
    for kind, target in external[:_MAX_TARGETS_SHOWN]:
        what = _RT_NAMES.get(kind.rsplit("/", 1)[-1], "external resource")
        if len(target) > _MAX_TARGET_CHARS:
            target = target[:_MAX_TARGET_CHARS] + "…"
        shown.append(f"{what} {target!r}")
    more = len(external) - len(shown)
    listed = "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
    return (
        f"{name}: refers to {len(external)} external resource(s), not fetched and not part of "
        f"the text: {listed}. A remote template or image can tell its server when the file "
        "is opened in Word."
    )


def _too_deep(name: str) -> LimitExceededError:
    return LimitExceededError(
        "content nested too deeply to read (tables inside tables some 80 levels deep, beyond "
        "the XML parser's limit of 256 levels); a genuine contract never nests this deep: "
        "flatten the tables in Word and save it again",
        path=name,
        code=E_TOO_DEEP,
    )


def _corrupt(name: str, detail: str) -> ReadError:
    return ReadError(
        f"corrupt or truncated DOCX ({detail}); open it in Word and save it again",
        path=name,
        code=E_CORRUPT_DOCX,
    )


def read_docx(path: str | Path, data: bytes, limits: ReadLimits | None = None) -> Document:
    """Read a DOCX (bytes already read from ``path``) into a :class:`~analyzer.model.Document`.

    See the module docstring for what ends up in the text and where blocks point.
    """
    import docx as python_docx
    from docx.opc.exceptions import PackageNotFoundError

    limits = limits or DEFAULT_LIMITS
    name = str(path)
    if data.startswith(_OLE_MAGIC):
        raise ReadError(
            "is a password-protected Office document (or a legacy .doc); remove the password "
            "in Word or save it as .docx and retry",
            path=name,
            code=E_ENCRYPTED_OFFICE,
        )
    check = check_docx_zip(data, limits, path=name)
    try:
        opened = python_docx.Document(io.BytesIO(data))
        document_part = opened.part
        body = opened.element.body
        styles = _Styles(_part_element(document_part, _RT_STYLES))
        numbering = _Numbering(_part_element(document_part, _RT_NUMBERING), styles)
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc).lower():
            raise _too_deep(name) from None
        raise _corrupt(name, f"{type(exc).__name__}: {exc}") from None
    except (PackageNotFoundError, zipfile.BadZipFile) as exc:
        raise _corrupt(name, f"{type(exc).__name__}: {exc}") from None
    except Exception as exc:  # python-docx on a damaged package: never a traceback to users
        log.debug("%s: python-docx failed to open the package", name, exc_info=True)
        raise _corrupt(name, f"{type(exc).__name__}: {exc}") from None
    if body is None:
        raise _corrupt(name, "the main document has no body")

    reader = _Reader(styles=styles, numbering=numbering)
    try:
        reader.body(body)
    except RecursionError:
        raise _too_deep(name) from None
    drafts = reader.drafts
    total = sum(len(d.text) + 1 for d in drafts)
    if total > limits.max_text_chars:
        raise LimitExceededError(
            f"has {total:,} characters of text, over the limit of {limits.max_text_chars:,} "
            "(ReadLimits.max_text_chars); split the file or raise the limit",
            path=name,
            code=E_TOO_MUCH_TEXT,
        )
    warnings: list[Notice] = []
    if reader.state.tracked:
        warnings.append(
            Notice(
                code=W_TRACKED_CHANGES,
                message=(
                    f"{name}: has tracked changes; read as if all changes were accepted "
                    "(insertions kept, deletions dropped). Review the changes in Word if the "
                    "deleted wording matters."
                ),
            )
        )
    # from every part's relationships (a linked template is in settings.xml's), hyperlinks aside
    external = [(kind, target) for kind, target in check.external_links if kind != _RT_HYPERLINK]
    if external:
        warnings.append(
            Notice(code=W_EXTERNAL_RELATIONSHIP, message=external_message(name, external))
        )
    log.debug(
        "%s: %d blocks, %d zip entries, tracked=%d",
        name,
        len(drafts),
        check.entries,
        reader.state.tracked,
    )
    return assemble(path=name, data=data, fmt="docx", drafts=drafts, warnings=warnings)
