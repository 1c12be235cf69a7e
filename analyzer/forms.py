"""Model-contract forms (示范文本): tick boxes, blanks and "choose option N" selectors.

A model contract states many outcomes only as options: ``□甲方所有 □乙方所有``, ``第____种方式``
followed by enumerated alternatives, or a blank (``向________仲裁委员会申请仲裁``). An outcome left
to an unticked box, an unselected alternative or a blank is *not agreed*; a ticked box, a selected
alternative or a filled blank is. :func:`find_form_fields` finds the fields of a document once;
:func:`span_state` and :func:`is_agreed` tell the checks what a span of text amounts to.

Every span is an offset pair into ``Document.text``. English forms are handled too:
``[ ]`` / ``[X]`` / ``☐`` / ``☒`` boxes, ``____`` blanks, ``[●]`` and ``{placeholder}`` blanks.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from analyzer.lang import CJK_RANGES as _CJK
from analyzer.model import Block, Document

logger = logging.getLogger(__name__)

FieldKind = Literal["checkbox", "blank", "choice"]
SpanState = Literal[
    "fixed", "ticked", "unticked", "struck", "selected", "unselected", "blank", "filled"
]

#: states in which the outcome a span states is not agreed by the parties
NOT_AGREED: frozenset[str] = frozenset({"unticked", "struck", "unselected", "blank"})

_UNTICKED = "□☐▢◻"
_TICKED = "☑■☒✓✔√⊠▣▇◼"
_STRIKE = "×✗✘"
# one box: a Unicode box, a bare tick, or an English "[ ]" / "[X]" box
_BOX = re.compile(rf"\[[ \t\u3000]{{0,3}}\]|\[[xX✓✔√]\]|[{_UNTICKED}{_TICKED}]")
# a Wingdings-2 box that a converter wrote as the Symbol font's "≤": only at the start of a
# Chinese block ("≤ 1．向……仲裁委员会申请仲裁。"), where it cannot be a comparison
_SYMBOL_BOX = re.compile(r"^[ \t\u3000]*(≤)")
# "（√）甲方所有 （ ）乙方所有": boxes written as brackets (counted only when two or more)
_PAREN_BOX = re.compile(r"[（(][ \u3000]{0,2}([√✓✔×]?)[ \u3000]{0,2}[）)]")
# where an option's text stops (the next box is handled separately)
_OPTION_STOP = re.compile(r"[，。；;,\n/|（(]")
_TICKS = "√✓✔"
# the end of an English option's sentence ("[X] Supplier. The Supplier shall …")
_SENTENCE_STOP = re.compile(r"\.(?=\s|$)")
# the words before a blank inside an option: "□依法向______人民法院提起诉讼"
_BLANK_LEAD = re.compile(r"(向|由|在|按|为|于|至|归|属于|第|提请|提交)$")
_CJK_CHAR = re.compile(f"[{_CJK}]")
# blanks written as underscores or empty brackets; English placeholders
# (each alternative opens with a literal character, so `re` can skip ahead to candidates:
# "__+" rather than "_{2,}", same matches)
_LINE_BLANK = re.compile(r"__+|＿＿+|﹍﹍+|【\s*】|\[\s*[●•…]+\s*\]|\[\s*\.{3,}\s*\]")
_FILLED_BRACKET = re.compile(r"【([^【】\n]{1,40})】")
_PLACEHOLDER = re.compile(
    r"\{\{?\s*[A-Za-z_][\w .-]{0,40}\}\}?|\[(?:insert|name|date|amount|address|specify)[^\]\n]{0,40}\]",
    re.IGNORECASE,
)
# "__上海__": text written into an underscored blank
_FILLED_UNDERSCORE = re.compile(r"(__+|＿＿+)([^_＿\s，。；、：:,;（）()]{2,20})(__+|＿＿+)")
_UNIT_WORDS = frozenset({"年月", "月日", "日至", "个月", "万元", "元整"})
# a run of white space that stands for a blank between Chinese text
# (the character before the run is matched, not looked behind at: `re` can then skip ahead to
# candidate characters instead of trying the pattern at every offset; the blank is group 1)
_SPACE_BLANK = re.compile(rf"[{_CJK}：:，]([ \t\u3000\u00a0]+)(?=[{_CJK}，。；、）)])")
# a numbering label or short heading word at the start of a block ("第一条", "一、", "附件一")
_LABEL_BEFORE = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇0-9０-９]+[条章节款项部分篇编]|[一二三四五六七八九十]+[、.．]|"
    r"[（(][一二三四五六七八九十0-9]+[）)]|附件[一二三四五六七八九十0-9]*|附表[一二三四五六七八九十0-9]*)$"
)
# "按下列第____种方式" / "第 2 种"
_CHOICE = re.compile(
    r"第[\s_＿（(]*([0-9０-９一二三四五六七八九十]*)[\s_＿）)]*(种|項|项|(?<=[\s_＿）)])(?=方式))(?!类)"
    r"|(?:以下|下列|如下)(?:任)?一种(?=方式|途径)"
)
# an enumerated alternative at the start of a block: （1） (1) 1. 1、 ⑴ （一）
_ENUM = re.compile(
    r"^\s*(?:[□☐☑■≤]\s*)?(?:[（(]\s*([0-9０-９一二三四五六七八九十]+)\s*[）)]|([0-9０-９]+)\s*[.．、]"
    r"(?![0-9０-９])|([⑴⑵⑶⑷⑸①②③④⑤])|(?:[0-9０-９]{1,2}\s*[.．]\s*){1,3}([0-9０-９]{1,2})(?![0-9０-９.．]))"
)
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_NUM = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_CIRCLED = {c: i + 1 for i, c in enumerate("⑴⑵⑶⑷⑸")} | {c: i + 1 for i, c in enumerate("①②③④⑤")}
_MAX_CHOICE_LOOKAHEAD = 8


@dataclass(frozen=True)
class FormOption:
    """One alternative of a checkbox group or of a "第__种" choice, with its span."""

    text: str  # the option's words, as printed (without the box)
    start: int  # span of the option including its box / number
    end: int
    checked: bool
    struck: bool = False  # crossed out with "×"
    number: int | None = None  # the alternative's number in a "第__种" choice

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"FormOption offsets out of order: {self.start}..{self.end}")


@dataclass(frozen=True)
class FormField:
    """A checkbox group, a blank, or a "choose alternative N" selector with its alternatives.

    ``checked``: for a checkbox group, at least one option is ticked; for a choice, an
    alternative is selected; for a blank, it is filled. ``filled`` is the written-in text
    of a blank (or the selected number of a choice), else ``None``.
    """

    kind: FieldKind
    start: int
    end: int
    checked: bool
    options: tuple[FormOption, ...] = ()
    filled: str | None = None
    style: str = ""  # blanks: "line" (____, 【 】, [●]), "space", "placeholder" or "filled"

    def __post_init__(self) -> None:
        if self.kind not in ("checkbox", "blank", "choice"):
            raise ValueError(f"Unknown form field kind: {self.kind!r}")
        if self.end < self.start:
            raise ValueError(f"FormField offsets out of order: {self.start}..{self.end}")

    @property
    def checked_options(self) -> tuple[FormOption, ...]:
        return tuple(o for o in self.options if o.checked and not o.struck)

    def describe(self) -> str:
        """The options as a short list for an explanation: ``□甲方所有 / □乙方所有``."""
        if self.kind == "blank":
            return "____" if self.filled is None else self.filled
        marks = []
        for o in self.options:
            box = "☑" if o.checked and not o.struck else "□"
            label = f"({o.number}) " if o.number is not None else ""
            marks.append(f"{box}{label}{o.text.strip()[:40]}")
        return " / ".join(marks)


@dataclass(frozen=True)
class FormFields:
    """All the form fields of one document, with span look-ups."""

    fields: tuple[FormField, ...]

    def __iter__(self) -> Iterator[FormField]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __post_init__(self) -> None:
        starts = [f.start for f in self.fields]
        if starts != sorted(starts):
            raise ValueError("FormFields must be sorted by start offset")
        longest = max((f.end - f.start for f in self.fields), default=0)
        object.__setattr__(self, "_starts", starts)
        object.__setattr__(self, "_longest", longest)

    def overlapping(self, start: int, end: int) -> tuple[FormField, ...]:
        """Fields whose span overlaps ``[start, end)`` (a choice spans its alternatives)."""
        starts: list[int] = self._starts  # type: ignore[attr-defined]
        lo = bisect.bisect_left(starts, start - self._longest)  # type: ignore[attr-defined]
        hi = bisect.bisect_left(starts, max(end, start + 1))
        return tuple(f for f in self.fields[lo:hi] if start < f.end)

    def blanks_in(self, start: int, end: int) -> tuple[FormField, ...]:
        return tuple(
            f for f in self.overlapping(start, end) if f.kind == "blank" and f.filled is None
        )

    @property
    def is_template(self) -> bool:
        """True when the document reads as an unfilled or partly filled model form."""
        boxes = sum(1 for f in self.fields if f.kind == "checkbox")
        choices = sum(1 for f in self.fields if f.kind == "choice")
        blanks = sum(
            1 for f in self.fields if f.kind == "blank" and f.filled is None and f.style != "space"
        )
        return boxes + choices >= 3 or blanks >= 8


def _to_int(num: str) -> int | None:
    num = num.strip().translate(_FULLWIDTH_DIGITS)
    if not num:
        return None
    if num.isdigit():
        return int(num)
    if num in _CIRCLED:
        return _CIRCLED[num]
    if num in _CN_NUM:
        return _CN_NUM[num]
    if len(num) == 2 and num[0] == "十" and num[1] in _CN_NUM:
        return 10 + _CN_NUM[num[1]]
    return None


def _box_state(box: str) -> bool:
    if box.startswith("["):
        return box.strip("[] ") != ""
    if box[:1] in "（(":
        return any(t in box for t in _TICKS)
    return box in _TICKED


def _trim_last_option(body: str) -> str:
    """Cut the fixed text that follows the last option of a group ("□不同意 乙方将……").

    A run of space inside the option is kept when it is a blank (after 向/由/…, or 3+ spaces).
    """
    pos = 0
    while True:
        space = re.compile(r"\s+").search(body, pos)
        if space is None:
            return body
        before = body[: space.start()]
        if not before:
            return body
        if _BLANK_LEAD.search(before) or len(space.group()) >= 3:
            pos = space.end()
            continue
        return before


def _checkbox_groups(block: Block) -> list[FormField]:
    text = block.text
    found = list(_BOX.finditer(text))
    if "≤" in text and _CJK_CHAR.search(text):
        symbol = _SYMBOL_BOX.match(text)
        if symbol is not None:
            found.insert(0, symbol)
    parens = [m for m in _PAREN_BOX.finditer(text) if m.group(1) or m.end() - m.start() > 2]
    if len(parens) >= 2:
        found = sorted(found + parens, key=lambda m: m.start())
    if not any(m.group() not in _TICKS for m in found):
        return []
    # a bare tick is a mark on a neighbouring box ("√□", "□√") or after an option's words
    # ("甲方所有√"); standing alone before words ("√甲方所有") it is a ticked box itself
    boxes: list[re.Match[str]] = []
    ticks: set[int] = set()
    for m in found:
        if m.group() in _TICKS:
            before = text[m.start() - 1] if m.start() > 0 else " "
            after = text[m.end()] if m.end() < len(text) else " "
            if after in _UNTICKED or (not before.isspace() and not _OPTION_STOP.match(before)):
                ticks.add(m.start())
                continue
        boxes.append(m)
    opts: list[tuple[FormOption, int]] = []  # option, end of the text run it sits in
    for i, m in enumerate(boxes):
        box = m.group()
        next_box = boxes[i + 1].start() if i + 1 < len(boxes) else len(text)
        if next_box - 1 in ticks:  # "√□": that tick marks the next box, not this option
            next_box -= 1
        checked = _box_state(box) or (m.start() - 1) in ticks or m.end() in ticks
        seg_end = next_box
        whole_line = len(boxes) == 1 and not text[: m.start()].strip()
        if whole_line:  # "□向____人民法院起诉。" / "[ ] ISO 27001": the line is the option
            seg_end = len(text.rstrip())
        else:
            stop = _OPTION_STOP.search(text, m.end(), seg_end)
            if stop is not None:
                seg_end = stop.start()
        raw = text[m.end() : seg_end]
        latin = _CJK_CHAR.search(raw) is None
        if latin and not whole_line:  # English words: the option runs to its sentence's end
            full = _SENTENCE_STOP.search(raw)
            if full is not None:
                raw = raw[: full.start() + 1]
        body = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        if not whole_line and not latin and (i + 1 == len(boxes) or boxes[i + 1].start() > seg_end):
            body = _trim_last_option(body)
        body_end = m.end() + lead + len(body)
        struck = "×" in box
        for ch in {body[:1], body[-1:]} - {""}:
            if ch in _TICKS:
                checked = True
            elif ch in _STRIKE:
                struck = True
        if struck:
            checked = False
        body_text = body.strip("√✓✔×✗✘ ")
        start = block.start + m.start()
        opts.append(
            (
                FormOption(
                    text=body_text,
                    start=start,
                    end=block.start + body_end,
                    checked=checked,
                    struck=struck,
                ),
                seg_end,
            )
        )
    # group options that follow each other with only space or "/" between them
    groups: list[list[FormOption]] = []
    last_end = -1
    for opt, _ in opts:
        gap = text[last_end - block.start : opt.start - block.start] if last_end >= 0 else ""
        if groups and last_end >= 0 and re.fullmatch(r"[\s/|、，,√✓✔]*", gap):
            groups[-1].append(opt)
        else:
            groups.append([opt])
        last_end = opt.end
    return [
        FormField(
            kind="checkbox",
            start=g[0].start,
            end=g[-1].end,
            checked=any(o.checked and not o.struck for o in g),
            options=tuple(g),
        )
        for g in groups
    ]


def _blanks(block: Block, occupied: Sequence[tuple[int, int]]) -> list[FormField]:
    text = block.text
    found: list[tuple[int, int, str | None, str]] = []
    # Each pattern needs a character most blocks lack: test for it first (str `in` is far
    # cheaper than a regex scan that finds nothing). Issue #6.
    underscores = "__" in text or "＿＿" in text
    if underscores:
        for m in _FILLED_UNDERSCORE.finditer(text):
            if m.group(2) not in _UNIT_WORDS and not re.fullmatch(r"[年月日元%]+", m.group(2)):
                found.append((m.start(), m.end(), m.group(2), "filled"))
    if "【" in text:
        for m in _FILLED_BRACKET.finditer(text):
            if m.group(1).strip():
                found.append((m.start(), m.end(), m.group(1).strip(), "filled"))
    if underscores or "【" in text or "[" in text or "﹍﹍" in text:
        found.extend((m.start(), m.end(), None, "line") for m in _LINE_BLANK.finditer(text))
    if "{" in text or "[" in text:
        found.extend((m.start(), m.end(), None, "placeholder") for m in _PLACEHOLDER.finditer(text))
    for m in _SPACE_BLANK.finditer(text):
        start = m.start(1)
        if start <= 16 and _LABEL_BEFORE.match(text[:start]):
            continue  # "第一条 定义": the space after a numbering label is not a blank
        found.append((start, m.end(1), None, "space"))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    occ = sorted(occupied)
    occ_starts = [x for x, _ in occ]
    out: list[FormField] = []
    last = -1
    for s, e, filled, style in found:
        a, b = block.start + s, block.start + e
        k = bisect.bisect_right(occ_starts, a) - 1
        if s < last or (k >= 0 and occ[k][0] <= a < occ[k][1]):
            continue
        last = e
        out.append(
            FormField(
                kind="blank", start=a, end=b, checked=filled is not None, filled=filled, style=style
            )
        )
    return out


_SELECTOR_TAIL = re.compile(r"\s*(方式|标准|办法|情形)?[^。；]{0,20}[：:。]?\s*\Z")
_INLINE_WINDOW = 800  # characters after a selector searched for its alternatives
_INLINE_ENUM = re.compile(r"[（(]\s*([0-9０-９]{1,2})\s*[）)]")


def _inline_options(block: Block, pos: int) -> list[tuple[int, int, int, str]]:
    """Alternatives written on the selector's own line: "第__种方式：（1）……（2）……"."""
    window = min(len(block.text), pos + _INLINE_WINDOW)
    marks = list(_INLINE_ENUM.finditer(block.text, pos, window))
    seq: list[re.Match[str]] = []
    for m in marks:
        if _to_int(m.group(1)) == len(seq) + 1:
            seq.append(m)
    gap = block.text[pos : seq[0].start()] if seq else "。"
    if not seq or not re.fullmatch(r"\s*(方式|标准|办法|情形)?[^。；（(]{0,20}", gap):
        return []
    out = []
    for i, m in enumerate(seq):
        end = seq[i + 1].start() if i + 1 < len(seq) else window
        text = block.text[m.end() : end].strip()
        out.append((i + 1, block.start + m.start(), block.start + end, text))
    return out


def _choices(blocks: Sequence[Block], index: int) -> list[FormField]:
    """'按下列第____种方式' in block ``index`` with the enumerated alternatives that follow it."""
    block = blocks[index]
    out: list[FormField] = []
    if block.text.isascii():
        return out  # (O(1)) every selector is written in Chinese
    for m in _CHOICE.finditer(block.text):
        inline = _inline_options(block, m.end())
        # only a selector when it introduces alternatives (ends the block with ：/。 or says 方式/标准)
        if not inline and not _SELECTOR_TAIL.match(block.text, m.end()):
            continue
        selected = _to_int(m.group(1) or "")
        written_in = re.search(r"[\s_＿（(]", m.group()) is not None
        announced = re.search(
            r"(以下|下列|如下|下述)", block.text[max(0, m.start() - 8) : m.start()]
        )
        if selected is not None and not written_in and announced is None:
            continue  # "第二种情形" in running prose, not a form's selector
        options: list[FormOption] = [
            FormOption(
                text=text,
                start=a,
                end=b,
                checked=selected is not None and num == selected,
                number=num,
            )
            for num, a, b, text in inline
        ]
        expected = len(options) + 1
        first_style = 1 if options else 0
        for j in range(index + 1, min(len(blocks), index + 1 + _MAX_CHOICE_LOOKAHEAD)):
            nxt = blocks[j]
            em = _ENUM.match(nxt.text)
            if em is None:
                if options or not nxt.text.strip():
                    break
                continue  # a note line between the selector and its alternatives
            num = _to_int(em.group(1) or em.group(2) or em.group(3) or em.group(4) or "")
            style = 1 if em.group(1) else 2 if em.group(2) else 3 if em.group(3) else 4
            if options and style != first_style:
                continue  # a nested list inside an alternative: "（1）" under "1."
            if num != expected:
                break
            first_style = style
            expected += 1
            options.append(
                FormOption(
                    text=nxt.text[em.end() :].strip(),
                    start=nxt.start,
                    end=nxt.end,
                    checked=selected is not None and num == selected,
                    number=num,
                )
            )
        if len(options) < 2:
            continue
        out.append(
            FormField(
                kind="choice",
                start=block.start + m.start(),
                end=options[-1].end,
                checked=selected is not None and any(o.checked for o in options),
                options=tuple(options),
                filled=str(selected) if selected is not None else None,
            )
        )
    return out


def find_form_fields(document: Document) -> FormFields:
    """All checkbox groups, blanks and numbered choices of ``document``, in text order.

    Cached for the last few documents (checks ask once per language); a document that cannot
    be hashed is simply computed again.
    """
    try:
        return _find_cached(document)
    except TypeError:  # an unhashable field in a future Document: no cache, same answer
        return _find(document)


@lru_cache(maxsize=4)
def _find_cached(document: Document) -> FormFields:
    return _find(document)


def _find(document: Document) -> FormFields:
    fields: list[FormField] = []
    blocks = document.blocks
    for i, block in enumerate(blocks):
        groups = _checkbox_groups(block)
        occupied = [(o.start, o.start + 1) for g in groups for o in g.options]
        choices = _choices(blocks, i)
        occupied += [(c.start, c.start + 2) for c in choices]
        fields.extend(groups)
        fields.extend(choices)
        fields.extend(_blanks(block, occupied))
    fields.sort(key=lambda f: (f.start, -f.end))
    logger.debug("form fields: %d in %s", len(fields), document.path)
    return FormFields(tuple(fields))


def span_state(fields: FormFields | Iterable[FormField], start: int, end: int) -> SpanState:
    """What the form makes of the outcome stated at ``[start, end)``.

    The most restrictive state wins: inside an unselected alternative → ``unselected``; inside an
    unticked or struck option → ``unticked`` / ``struck``; the span is nothing but a blank →
    ``blank`` (a span with words of its own around a blank is not: ask :meth:`FormFields.blanks_in`);
    inside a ticked option / selected alternative / filled blank → ``ticked`` / ``selected`` /
    ``filled``; otherwise ``fixed`` (printed text, agreed).
    """
    fs = fields.overlapping(start, end) if isinstance(fields, FormFields) else tuple(fields)
    state: SpanState = "fixed"
    blank_total = 0
    for f in fs:
        if f.kind == "choice":
            for o in f.options:
                if o.start <= start < o.end:
                    if not o.checked:
                        return "unselected"
                    state = "selected"
        elif f.kind == "checkbox":
            for o in f.options:
                if o.start <= start < max(o.end, o.start + 1) or start <= o.start < end:
                    if o.struck:
                        return "struck"
                    if not o.checked:
                        # a span that covers a ticked option too is agreed on that option
                        if any(p.checked and start <= p.start < end for p in f.options):
                            state = "ticked"
                            continue
                        return "unticked"
                    state = "ticked"
        elif f.kind == "blank":
            covered = min(end, f.end) - max(start, f.start)
            if f.filled is None and covered > 0:
                blank_total += covered
            if f.filled is not None and covered > 0 and state == "fixed":
                state = "filled"
    # the span *is* a blank (at most a character or two of fixed text around it): "____",
    # "【 】"; a span with words of its own ("向____人民法院起诉") states an outcome whose
    # detail is left blank, which :meth:`FormFields.blanks_in` reports
    if blank_total and (end - start) - blank_total <= 2:
        return "blank"
    return state


def is_agreed(fields: FormFields | Iterable[FormField], start: int, end: int) -> bool:
    """True when the outcome stated at ``[start, end)`` is agreed (not left to a box or blank)."""
    return span_state(fields, start, end) not in NOT_AGREED


def agreed_spans(
    fields: FormFields, spans: Iterable[tuple[int, int]]
) -> tuple[tuple[int, int], ...]:
    """Keep the spans whose outcome is agreed."""
    return tuple((s, e) for s, e in spans if is_agreed(fields, s, e))


def field_at(fields: FormFields, offset: int) -> FormField | None:
    """The innermost field containing ``offset`` (checkbox or blank before a choice)."""
    candidates = [f for f in fields.overlapping(offset, offset + 1)]
    if not candidates:
        return None
    candidates.sort(key=lambda f: f.end - f.start)
    return candidates[0]


def fields_between(fields: FormFields, start: int, end: int) -> tuple[FormField, ...]:
    """Fields that lie wholly inside ``[start, end)``, in text order."""
    i = bisect.bisect_left([f.start for f in fields.fields], start)
    return tuple(f for f in fields.fields[i:] if f.start < end and f.end <= end)
