"""Issue #12, session 10: the cheaper marker scan and tests of the obligation register give what
the plain versions give (sentences built from pieces written for these tests; the slow test
reads the CUAD texts at run time and compares, it copies nothing)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from builders import cuad_files
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.model import Party
from analyzer.obligations import (
    DeonticData,
    _bearers,
    _markers,
    _span,
    _trigger_positions,
    load_deontic_data,
    lower_same_length,
    sentence_span,
)
from analyzer.parties import trie_regex
from analyzer.patterns import load_patterns
from analyzer.prefilter import next_chars, white_space

EN_PIECES = [
    "shall ",
    "shall not ",
    "shall also be deemed ",
    "shall further survive ",
    "will survive",
    "will each be construed ",
    "shall, ",
    "may  be amended ",
    "shall\tbe\nliable ",
    "shall\u00a0terminate ",
    "shall automatically expire ",
    "shall immediately cease to ",
    "should ",
    "may ",
    "must ",
    "is required to ",
    "is\u2003prohibited from ",
    "are not entitled to ",
    "has no right to ",
    "have ",
    "agree",
    "agrees ",
    "agreement ",
    "agrees\u00a0to ",
    "acknowledges its obligation ",
    "covenant",
    "covenants not to ",
    "hereby grants ",
    "undertakes to ",
    "reserves the right to ",
    "can",
    "cannot ",
    "can not ",
    "could ",
    "this ",
    "island ",
    "supplier ",
    "the parties ",
    "each party ",
    "inc. ",
    "u.s. ",
    "(a) ",
    '." ',
    ". ",
    "! ",
    "? ",
    "\n",
    "1. ",
]
ZH_PIECES = [
    "乙方",
    "甲方",
    "应当",
    "应",
    "不应当",
    "不可以",
    "可",
    "不得",
    "可以",
    "有权",
    "须",
    "，",
    "。",
]


def _find_loop(low: str, data: DeonticData) -> set[int]:
    """The scan before session 10: one str.find loop per trigger word (a marker starts a word,
    or, since session 19, a contraction at its apostrophe: "you'll")."""
    positions: set[int] = set()
    for word in data.trigger_words:
        p = low.find(word)
        while p != -1:
            if not data.word_boundaries or p == 0 or not low[p - 1].isalnum() or low[p] in "'’":
                positions.add(p)
            p = low.find(word, p + len(word))
    return positions


def _marker_hits(low: str, data: DeonticData, positions: set[int]) -> list[tuple[Any, ...]]:
    return [
        (m.span(), m.lastgroup)
        for m in _markers(low, sorted(positions), data.marker_re, data.marker_first)
    ]


def _same_markers(language: str, text: str) -> None:
    data = load_deontic_data(language)
    low = lower_same_length(text)
    new = _trigger_positions(low, data)
    old = _find_loop(low, data)
    assert new <= old  # fewer places to try …
    assert _marker_hits(low, data, new) == _marker_hits(low, data, old)  # … the same markers


def _same_not_duty(text: str) -> None:
    data = load_deontic_data("en")
    assert data.not_duty is not None and data.not_duty_re is not None
    low = lower_same_length(text)
    for at in range(len(low) + 1):
        for end in {len(low), min(len(low), at + 12)}:
            expected = data.not_duty_re.match(low, at, end) is not None
            assert data.not_duty.matches(low, at, end) == expected, (at, end)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(EN_PIECES), min_size=1, max_size=25))
def test_scan_finds_the_markers_of_the_find_loop_english(pieces: list[str]) -> None:
    _same_markers("en", "".join(pieces))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(ZH_PIECES), min_size=1, max_size=25))
def test_scan_finds_the_markers_of_the_find_loop_chinese(pieces: list[str]) -> None:
    _same_markers("zh", "".join(pieces))


def test_scan_skips_words_no_marker_starts_with() -> None:
    data = load_deontic_data("en")
    low = "this agreement was agreed. the supplier agrees to pay."
    assert sorted(_trigger_positions(low, data)) == [low.index("agrees to")]
    assert "agree" not in data.scan_words  # "agree" + "s" or white space only
    assert {"agrees", "agree ", "agree\u00a0"} <= set(data.scan_words)
    assert "shall" in data.scan_words  # "shall\\b": any character may follow


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(EN_PIECES), min_size=1, max_size=12))
def test_not_duty_dispatch_answers_as_the_full_pattern(pieces: list[str]) -> None:
    _same_not_duty("".join(pieces))


def test_not_duty_dispatch_examples() -> None:
    data = load_deontic_data("en")
    assert data.not_duty is not None
    for after, expected in [
        (" be deemed a breach", True),
        (" also be deemed a breach", True),  # an adverb first: the full pattern decides
        ("  survive termination", True),
        (" provide the services", False),
        (" terminate this agreement", False),  # "terminate" needs "shall"/"will" before it
        ("", False),
    ]:
        low = "supplier shall" + after
        assert data.not_duty.matches(low, len("supplier shall"), len(low)) == expected, after


def test_white_space_is_what_backslash_s_matches() -> None:
    spaces = white_space()
    for ch in map(chr, range(sys.maxunicode + 1)):
        assert (ch in spaces) == ch.isspace()
    assert all(re.fullmatch(r"\s", ch) for ch in spaces)


def test_next_chars() -> None:
    assert next_chars(r"s?\s+not\s+to\b") == {"s"} | white_space()
    assert next_chars(r"\s+(?:to|not)") == white_space()
    assert next_chars("not") == {"n"}
    assert next_chars(r"\b") is None  # a marker may end right after the word
    assert next_chars(r"(?:x)?") is None
    assert next_chars(r"\w+") is None


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "b", " ", ".", "!", "?", '"', ")", "\n", "inc", "1"]), max_size=300
    ),
    st.lists(st.integers(min_value=0, max_value=400), max_size=40),
)
def test_span_from_the_last_sentence_end_is_sentence_span(
    pieces: list[str], positions: list[int]
) -> None:
    low = "".join(pieces)
    if not low:
        return
    abbreviations = load_deontic_data("en").abbreviations
    chars = "".join(c for c in ".!?\n" if c in low)
    floor = None
    for pos in sorted({p % len(low) for p in positions}):
        s, e, at = _span(low, pos, abbreviations, chars, floor)
        assert (s, e) == sentence_span(low, pos, abbreviations, chars)
        floor = (at, e) if at >= 0 else None


def _trie_before(words: list[str]) -> str:
    """parties.trie_regex before session 10 (the reference)."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        end = "" in node
        keys = sorted(k for k in node if k)
        if not keys:
            return ""
        singles = [k for k in keys if set(node[k]) == {""}]
        alts = [re.escape(k) + build(node[k]) for k in keys if k not in singles]
        if len(singles) == 1:
            alts.append(re.escape(singles[0]))
        elif singles:
            alts.append("[" + "".join(re.escape(c) for c in singles) + "]")
        body = alts[0] if len(alts) == 1 and not end else "(?:" + "|".join(alts) + ")"
        return body + ("?" if end else "")

    return build(trie)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab .(", max_size=6), max_size=12))
def test_trie_regex_is_the_same_string(words: list[str]) -> None:
    assert trie_regex(words) == _trie_before(words)


TERMS = st.lists(st.text(alphabet="AB b", min_size=1, max_size=5), min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(TERMS, st.text(alphabet="AB b,and", max_size=30))
def test_no_term_ends_where_the_cheap_test_says_none_does(terms: list[str], pre: str) -> None:
    data = load_deontic_data("en")
    roles = load_patterns().role_data("en")
    bearers = _bearers((Party(terms[0], tuple(terms), "provider"),), data, roles)
    if bearers.term_re is None or not pre:
        return
    if any(m.end() == len(pre) for m in bearers.term_re.finditer(pre)):
        assert bearers.may_end_with_term(pre)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from([*EN_PIECES, "either ", "neither ", "recipient ", "them "]), max_size=10
    )
)
def test_collective_literals_never_hide_a_collective_bearer(pieces: list[str]) -> None:
    data = load_deontic_data("en")
    roles = load_patterns().role_data("en")
    bearers = _bearers((), data, roles)
    low = "".join(pieces)
    if bearers.collective_re.search(low):
        assert bearers.may_be_collective(low)


@pytest.mark.slow
def test_scan_and_dispatch_on_the_cuad_texts(corpus_dir: Path) -> None:
    data = load_deontic_data("en")
    assert data.not_duty is not None and data.not_duty_re is not None
    for path in cuad_files(corpus_dir, step=10):
        low = lower_same_length(path.read_text(encoding="utf-8", errors="replace"))
        new = _trigger_positions(low, data)
        hits = _marker_hits(low, data, new)
        assert hits == _marker_hits(low, data, _find_loop(low, data)), path.name
        for (_start, end), _group in hits:
            stop = min(len(low), end + 400)
            expected = data.not_duty_re.match(low, end, stop) is not None
            assert data.not_duty.matches(low, end, stop) == expected, path.name
