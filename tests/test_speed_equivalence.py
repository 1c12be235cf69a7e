"""The fast paths of issue #6 find exactly what the plain ones found.

- party-term occurrences: one Aho-Corasick pass (``parties.leftmost_longest``) against
  ``re.finditer`` over the trie regex it replaced;
- the tagger: the Aho-Corasick trigger scan and set-based trigger tests (taken when lower-casing
  keeps the text's length) against the case-insensitive regex scan and substring tests (taken
  when it does not: a text containing "İ").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.parties import leftmost_longest, trie_regex
from analyzer.patterns import load_patterns
from analyzer.prefilter import literal_test, may_match, required_literals, starts_with_space
from analyzer.tagger import tagger_for

TERMS = [
    "Company",
    "Company Group",
    "COMPANY",
    "Co",
    "any",
    "Bank",
    "U.S. Bank",
    "U.S.",
    "甲方",
    "甲",
]
PIECES = [*TERMS, " ", ", ", "'s ", "\n", "x", "Comp", "ompany G", "U.S", "甲乙", "😀", "𝒜"]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(TERMS), min_size=1, max_size=6, unique=True),
    text=st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
)
def test_parties_leftmost_longest_equals_trie_regex(words: list[str], text: str) -> None:
    expected = [m.span() for m in re.finditer(trie_regex(sorted(words)), text)]
    assert leftmost_longest(text, words) == expected


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(TERMS), min_size=1, max_size=6, unique=True),
    text=st.lists(st.sampled_from([*PIECES, "-", "_", "s"]), max_size=40).map("".join),
)
def test_parties_leftmost_longest_word_end_equals_regex(words: list[str], text: str) -> None:
    expected = [m.span() for m in re.finditer(trie_regex(sorted(words)) + r"(?![\w-])", text)]
    assert leftmost_longest(text, words, word_end=True) == expected


def test_parties_leftmost_longest_on_a_contract(samples_dir) -> None:
    text = (samples_dir / "en" / "coastal_logistics_it_support.txt").read_text(encoding="utf-8")
    words = ["Supplier", "Customer", "Agreement", "the", "Services", "Service"]
    expected = [m.span() for m in re.finditer(trie_regex(sorted(words)), text)]
    assert expected  # the sample speaks of its parties
    assert leftmost_longest(text, words) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\s+shall", True),
        (r"\sx", True),
        (r"\s+(?:a|b)\s", True),
        (r"\s+[|(]x", True),
        (r"\s{1,3}x", True),
        (r"(?:\s+)x", True),
        (r"\s+a|\s+b", True),
        (r"\s*shall", False),
        (r"\s?x", False),
        (r"\s{0,2}x", False),
        (r"\s+a|b", False),
        (r"x\s+", False),
    ],
)
def test_prefilter_starts_with_space(source: str, expected: bool) -> None:
    assert starts_with_space(source) is expected


SENTENCES = [
    "The Supplier shall keep all Confidential Information strictly confidential. ",
    "All Deliverables created by the Supplier under this Agreement shall be the sole and "
    "exclusive property of the Customer. ",
    "Each party submits to the exclusive jurisdiction of the courts of England and Wales. ",
    "Any dispute shall be finally settled by arbitration under the ICC Rules. ",
    "The Supplier shall ensure that its personnel are bound by written confidentiality "
    "obligations. ",
    "Nothing in this clause is relevant. ",
    "THE SUPPLIER SHALL NOT DISCLOSE ANY CONFIDENTIAL INFORMATION TO ANY THIRD PARTY. ",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8).map("".join))
def test_patterns_trigger_scan_paths_agree(text: str) -> None:
    tagger = tagger_for(load_patterns(), "en")
    # "İ" lower-cases to two characters: the tagger takes its regex/substring path for the
    # whole text, while the same spans of the text without it take the Aho-Corasick path
    odd = text + "\nİ"
    fast = tagger.tag(text, [(0, len(text))])
    slow = tagger.tag(odd, [(0, len(text))])
    assert len("İ".lower()) != 1
    assert fast == slow
    assert fast or "relevant" in text


# ----------------------------------------------------------------------------- literal prefilter

PREFILTER_CASES = [
    (r"sole\s+and\s+exclusive", (("exclusive",), ("sole",), ("and",))),
    (r"\bvest(s|ed)?\s+in\b", (("vest",),)),
    (r"(?:foo)?bar", (("bar",),)),
    (r"\b(property|owned)\b|\bbelongs?\s+to\b", (("belong", "owned", "property"),)),
    (r"\b(property|owned)\b|\bx\b", ()),  # one alternative needs only "x": no prefilter
    (r"a(?i:bcdef)g", ()),  # a case-insensitive group is not a literal
    (r"(?=confidential)\w+", ()),  # look-arounds require nothing
    (r"[Cc]onfidential", (("onfidential",),)),
]


@pytest.mark.parametrize(("pattern", "expected"), PREFILTER_CASES)
def test_prefilter_required_literals(pattern: str, expected: tuple[tuple[str, ...], ...]) -> None:
    assert required_literals(pattern) == expected


def test_prefilter_nothing_for_ignorecase() -> None:
    # re lets "k" match KELVIN SIGN under IGNORECASE: no literal test is sound then
    assert re.search("kelvin", "\u212aelvin", re.IGNORECASE)
    assert required_literals("kelvin", re.IGNORECASE) == ()


ALPHABET = [
    "sole",
    "and",
    "exclusive",
    " ",
    "property",
    "owned",
    "belongs",
    "to",
    "x",
    "vest",
    "ed",
]
PATTERNS = [p for p, _ in PREFILTER_CASES] + [
    r"\b(shall|will)\s+(be\s+)?(the\s+)?(sole\s+)?(property|owned)\b|\bvested\s+in\b",
    r"(owned|property){2,}|exclusive(ly)?",
]


@settings(max_examples=400, deadline=None)
@given(
    pattern=st.sampled_from(PATTERNS),
    text=st.lists(st.sampled_from(ALPHABET), max_size=12).map("".join),
)
def test_prefilter_never_rejects_a_match(pattern: str, text: str) -> None:
    if re.search(pattern, text):
        assert may_match(text, required_literals(pattern))


def _lower_case_patterns(tagger: Any) -> Iterator[tuple[Any, re.Pattern[str], Any, Any]]:
    """Each lower-case English pattern with its prefilters: (spec, regex on lower-cased text,
    clauses of words, literal tree test or None)."""
    for family in tagger.families:
        for spec in family.patterns:
            fast = tagger._on_lower.get(spec.id)
            if fast is not None:
                clauses = required_literals(fast.pattern, fast.flags)
                yield spec, fast, clauses, literal_test(fast.pattern, fast.flags)


def test_prefilters_pass_every_pattern_example() -> None:
    """Each lower-case pattern's prefilters, its clauses of words and its literal tree, let
    through every example its regex matches."""
    tagger = tagger_for(load_patterns(), "en")
    checked = trees = 0
    for spec, fast, clauses, test in _lower_case_patterns(tagger):
        for example in spec.examples:
            low = example.lower()
            if fast.search(low):
                assert may_match(low, clauses), (spec.id, example)
                checked += 1
                if test is not None:
                    assert test(low), (spec.id, example)
                    trees += 1
    assert checked > 50 and trees > 50


def test_fused_prefilter_answers_as_clauses_then_tree() -> None:
    """The tagger's one prefilter expression (prefilter.prefilter_test) answers exactly as
    ``may_match(t, clauses) and literal_test(t)`` did, for every lower-case English pattern, on
    its examples and on pieces of them (cut at every tenth offset); so does its form that reads
    the trigger literals from the set of those in the text."""
    from analyzer.prefilter import literal_test_source, prefilter_test

    tagger = tagger_for(load_patterns(), "en")
    compared = 0
    known = tagger._known_literals
    for spec, fast, clauses, test in _lower_case_patterns(tagger):
        fused = prefilter_test(clauses, literal_test_source(fast.pattern, fast.flags))
        with_set = prefilter_test(
            clauses, literal_test_source(fast.pattern, fast.flags, known), known
        )
        texts = [e.lower() for e in (*spec.examples, *spec.counter_examples)]
        texts += [t[i:j] for t in texts for i in range(0, len(t), 10) for j in (i + 25, None)]
        for t in texts:
            old = may_match(t, clauses) and (test is None or test(t))
            assert (fused is None or fused(t)) == old, (spec.id, t)
            inside = {lit for lit in known if lit in t}  # (what the automaton finds)
            assert (with_set is None or with_set(t, inside)) == old, (spec.id, t)
            compared += 1
    assert compared > 5000


def test_tagger_compiles_each_regex_when_a_sentence_first_needs_it() -> None:
    """Start-up: a new tagger compiles nothing; a contract compiles the regexes its sentences
    need (about half of the lower-case ones for a sample), and tags as if all were compiled."""
    from pathlib import Path

    from analyzer.readers import read_contract
    from analyzer.tagger import TextTagger

    pset = load_patterns()
    lazy = TextTagger(pset, "en")
    assert not lazy._search_lower._done and not lazy._search._done  # type: ignore[attr-defined]
    sample = Path(__file__).resolve().parent.parent / "sample_contracts" / "en"
    text = read_contract(sample / "evergreen_payroll_services.txt").text
    hits = lazy.tag(text)
    compiled = len(lazy._search_lower._done)  # type: ignore[attr-defined]
    assert 0 < compiled < len(lazy._search_lower)
    eager = TextTagger(pset, "en")
    eager._on_lower = dict(eager._on_lower)
    eager._search_lower = dict(eager._search_lower)
    eager._search = dict(eager._search)
    assert eager.tag(text) == hits


def test_maker_builds_what_the_constructor_builds() -> None:
    """model.maker: an Obligation made without __init__ equals, hashes, pickles and prints as
    one made by Obligation(...) (its __dict__ in the same order); still frozen; classes whose
    __init__ does more (Finding validates its status) keep their constructor."""
    import dataclasses
    import pickle

    from analyzer.model import Finding, Obligation, maker

    make = maker(Obligation)
    cases = [
        (("X", "provider", "must", "pay", 1, 5), {}),
        (("X", "client", "may", "terminate", 3, 9), {"deadline": "within 30 days", "clause": "2"}),
        (
            (),
            {
                "bearer": "Y",
                "role": "both",
                "modality": "must_not",
                "action": "disclose",
                "start": 0,
                "end": 4,
                "topics": ("confidentiality",),
                "party": "Y Inc.",
            },
        ),
    ]
    for args, kwargs in cases:
        a, b = Obligation(*args, **kwargs), make(*args, **kwargs)
        assert type(b) is Obligation and a == b and hash(a) == hash(b) and repr(a) == repr(b)
        assert list(a.__dict__.items()) == list(b.__dict__.items())
        assert pickle.dumps(a) == pickle.dumps(b)
        with pytest.raises(dataclasses.FrozenInstanceError):
            b.bearer = "Z"  # type: ignore[misc]
    with pytest.raises(TypeError):
        make("X")
    assert maker(Finding) is Finding


SPLIT_ALPHABET = [*'aAbBsSkKiI.. .  \n_)"(1234567890', "ſ", "K", "ı", "İ", "٣", "inc", "Inc"]
SPLIT_ALPHABET += ["U.S", "e.g", "l.l.c", "approx", "co", "No", "sec", " The", " A", " (a) ", "’"]


@settings(max_examples=3000, deadline=None)
@given(
    text=st.lists(st.sampled_from(SPLIT_ALPHABET), min_size=1, max_size=30).map("".join),
    cut=st.tuples(st.integers(0, 200), st.integers(0, 200)),
)
def test_sentence_split_skips_only_abbreviation_searches_that_cannot_match(
    text: str, cut: tuple[int, int]
) -> None:
    """sentences._split tries _ABBREV only after a full stop with at most 6 word characters
    before it; the spans are those of trying it at every sentence end."""
    from analyzer import sentences

    start, end = sorted(min(c, len(text)) for c in cut)
    reference: list[tuple[int, int]] = []
    pos = start
    for m in sentences._EN_SENT_END.finditer(text, start, end):
        stop = m.start() + 1
        if sentences._ABBREV.search(text, max(pos, stop - 12), stop):
            continue
        sentences._append_trimmed(text, pos, m.end(), reference)
        pos = m.end()
    sentences._append_trimmed(text, pos, end, reference)
    assert sentences._split(text, start, end, "en") == reference


@settings(max_examples=2000, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(
            ["grant", "authorize", "authorise", "authori", "gran", "authoriz", "a", "g", "e", " "]
            + ["s", "z", "Grant", "grantgrant", "authorizegrant", "AUTHORIZE"]
        ),
        max_size=12,
    ).map("".join)
)
def test_grant_verb_starts_are_the_regex_matches(text: str) -> None:
    """obligations._grant_verb_starts (two str.find loops) finds where _PLAIN_GRANT_VERB's
    matches start."""
    from analyzer.obligations import _PLAIN_GRANT_VERB, _grant_verb_starts

    assert _grant_verb_starts(text) == [m.start() for m in _PLAIN_GRANT_VERB.finditer(text)]


def test_form_mark_test_is_the_regex_search() -> None:
    """engine._has_form_mark reads ASCII text with three `in` tests: those three are exactly
    the ASCII characters _FORM_MARK matches, and on mixed text it answers as the regex."""
    from analyzer.engine import _FORM_MARK, _has_form_mark

    assert {chr(c) for c in range(128) if _FORM_MARK.match(chr(c))} == {"_", "[", "{"}
    for text in ["", "plain words", "Name: ____", "[Bracket]", "{x}", "□ yes", "“quoted” ☑", "é_"]:
        assert _has_form_mark(text) == (_FORM_MARK.search(text) is not None), text


@settings(max_examples=2000, deadline=None)
@given(raw=st.binary(max_size=40).map(lambda b: b.replace(b"a", b"'").replace(b"b", b"\x01")))
def test_apostrophe_offsets_are_the_regex_matches(raw: bytes) -> None:
    """learned._apostrophes (bytes.find loops) gives the offsets of _APOSTROPHE's matches."""
    from analyzer.learned import _APOSTROPHE, _apostrophes

    assert _apostrophes(raw) == [m.start() for m in _APOSTROPHE.finditer(raw)]
