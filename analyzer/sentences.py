"""Sentence splitting: one block of text → sentence spans (absolute offsets), EN and ZH.

Used by the tagger (:mod:`analyzer.tagger`), the second reader (:mod:`analyzer.learned`) and the
playbooks: everything that splits a block into sentences.

Three modules widen an offset to "its" sentence instead, each with bounds chosen for what it
reads, on purpose not this splitter: the obligations stage (:func:`analyzer.obligations.
sentence_span`, the deontic data's abbreviations; a duty ends at a semicolon between list
items), the defined-terms context (:mod:`analyzer.definitions`: ``;`` and ``:`` end a
sub-clause, a blank line a definition) and the bilingual reconciliation
(:func:`analyzer.bilingual._sentence`: Chinese 。； inside one block). Replacing them by this
splitter changes which words a duty, a definition or a divergence quotes.
"""

from __future__ import annotations

import re

_EN_SENT_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9]|\((?:[ivx]{1,5}|[a-z])\)\s)")
_ZH_SENT_END = re.compile(r"[。！？!?]+[”’」』）)]*")
_ABBREV = re.compile(
    r"(?:\b(?:inc|ltd|co|corp|no|nos|art|arts|sec|secs|para|paras|mr|mrs|ms|dr|st|vs?|etc|jr|sr|"
    r"cf|viz|approx|dept|govt|u\.s|u\.k|e\.g|i\.e|l\.p|n\.a|s\.a|a\.g|b\.v|p\.c|l\.l\.c|n\.v|"
    r"pty|plc|llc|ag|sch|cl|pp|p)|\b[A-Za-z]|\b\d{1,3}(?:\.\d{1,3})*)\.$",
    re.IGNORECASE,
)


# the spans found in the last text split, by (start, end, language): the tagger and the second
# reader split the same blocks of one document (held with the text itself, so that a look-up
# never reads another text's spans)
_LAST: tuple[str, dict[tuple[int, int, str], tuple[tuple[int, int], ...]]] = ("", {})


def sentence_spans(text: str, start: int, end: int, language: str = "en") -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (one block) into sentence spans (absolute offsets).

    Deliberately simple and fast: a sentence ends at . ! ? followed by white space and a capital
    or digit (English), or at 。！？ (Chinese); abbreviations ("Inc.", "U.S.", "1.2.") and
    clause numbers do not end a sentence. Leading/trailing white space is trimmed.
    """
    global _LAST
    last = _LAST
    if last[0] is text:
        memo = last[1]
    else:
        memo = {}
        _LAST = (text, memo)
    key = (start, end, language)
    found = memo.get(key)
    if found is None:
        found = memo[key] = tuple(_split(text, start, end, language))
    return list(found)


def _split(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = start
    splitter = _ZH_SENT_END if language == "zh" else _EN_SENT_END
    for m in splitter.finditer(text, start, end):
        cut = m.end()
        if language != "zh":
            stop = m.start() + 1
            # _ABBREV ends with a full stop after a word character, and every match holds a
            # run of at most 6 word characters before it (its longest word, "approx"; a letter;
            # 1-3 digits): after "!" or "?", or after 7 letters or digits in a row ("… this
            # Agreement."), it cannot match, and the search is left out
            if (
                text[m.start()] == "."
                and (stop < 8 or not text[stop - 8 : stop - 1].isalnum())
                and _ABBREV.search(text, max(pos, stop - 12), stop)
            ):
                continue
        _append_trimmed(text, pos, cut, spans)
        pos = cut
    _append_trimmed(text, pos, end, spans)
    return spans


_EMPHASIS = re.compile(r"\*\*|__")


def strip_emphasis(sentence: str) -> tuple[str, list[int]]:
    """``sentence`` without Markdown ``**`` / ``__`` marks, and for each of its characters the
    offset of that character in ``sentence``."""
    kept: list[str] = []
    at: list[int] = []
    pos = 0
    for m in _EMPHASIS.finditer(sentence):
        kept.append(sentence[pos : m.start()])
        at.extend(range(pos, m.start()))
        pos = m.end()
    kept.append(sentence[pos:])
    at.extend(range(pos, len(sentence)))
    return "".join(kept), at


def _append_trimmed(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))
