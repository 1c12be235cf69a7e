"""The second reader's cheaper per-document work (session 9, second reader) gives exactly what
the sentence-by-sentence work gave.

- English tokens: the bytes mapped in one ``translate`` and split, only pieces with an
  apostrophe through the regex, against the token regex over the text;
- role tokens: put in once over the candidate sentences joined with the separator (where the
  terms allow it), against each sentence alone;
- features: each sentence's a view of one gathered array, against one sentence at a time;
- the candidate sentences themselves, against the per-sentence selection kept here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from builders import cuad_files, text_document, zh_files
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer import learned
from analyzer.engine import analyze
from analyzer.model import Document
from analyzer.readers import read_contract
from analyzer.roles import Roles
from analyzer.sentences import sentence_spans


def _old_tokens(low: str) -> list[bytes]:
    return [t.encode("utf-8", "surrogatepass") for t in learned._EN_TOKEN.findall(low)]


def _old_candidates(
    document: Document,
    spans_by_language: Mapping[str, Sequence[tuple[int, int]]],
    roles_by_language: Mapping[str, Roles | None],
) -> list[tuple[int, int, str, str]]:
    """The candidate sentences as they were chosen before: the topic words looked for in each
    sentence; (start, end, language, role-tokenised text) of each."""
    out: list[tuple[int, int, str, str]] = []
    text = document.text
    for language, spans in spans_by_language.items():
        auto = learned._topic_automaton(language)
        pattern, table = learned._role_pattern(roles_by_language.get(language))
        for s0, e0 in spans:
            if not learned._any_word(auto, text[s0:e0].lower()):
                continue
            for s, e in sentence_spans(text, s0, e0, language):
                sent = text[s:e]
                if e - s >= 15 and learned._any_word(auto, sent.lower()):
                    out.append((s, e, language, learned.role_text(sent[:2000], pattern, table)))
    return out


def _same_as_before(document: Document, spans: Any, roles: Any) -> int:
    new = learned.candidate_sentences(document, spans, roles)
    old = _old_candidates(document, spans, roles)
    assert [(s.start, s.end, s.language) for s in new] == [o[:3] for o in old]
    for lang in {o[2] for o in old}:
        texts = [o[3] for o in old if o[2] == lang]
        if lang == "en":
            assert learned.en_tokens(f" {learned._SEP} ".join(texts).lower()) == _old_tokens(
                f" {learned._SEP} ".join(texts).lower()
            )
        mine = [s.features for s in new if s.language == lang]
        for one, text in zip(mine, texts, strict=True):
            assert np.array_equal(one, learned.features(text, lang))
    return len(new)


def _inputs(document: Document) -> tuple[Any, Any]:
    captured: dict[str, Any] = {}

    def record(document, findings, spans, roles, clause_index):  # type: ignore[no-untyped-def]
        captured.update(spans=spans, roles=roles)
        return findings

    analyze(document, second_reader=record)
    return captured["spans"], captured["roles"]


ALPHABET = list("ab z09'’\x01 .-\n") + ["İ", "\u212a", "é", "ß", "ǅ", "中", "\ud800"]


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from(ALPHABET), max_size=60), st.text(max_size=60)))
def test_tokens_are_the_regex_tokens(text: str) -> None:
    low = text.lower()
    assert learned.en_tokens(low) == _old_tokens(low)


def test_tokens_with_apostrophes() -> None:
    for text in (
        "don't a'b'c x’y’z 5'abc abc'5 '' ’’ 'a a' \x01b'c\x01",
        "'",
        "a’",
        "12’34 o’clock’s",
    ):
        assert learned.en_tokens(text) == _old_tokens(text)
    assert learned.en_tokens("the party’s x'y'z") == [b"the", "party’s".encode(), b"x'y", b"z"]


def test_candidates_as_before_when_lower_casing_changes_the_length() -> None:
    """A block where lower-casing "İ" gives two characters is read sentence by sentence."""
    document = text_document(
        "İstanbul Services Ltd shall keep the Client's data confidential. The price is fixed.",
        "The Provider shall not disclose any secret of the Client to a third party at all.",
        "İİİ. Each party owns its own background intellectual property. Nothing else here.",
    )
    spans, roles = _inputs(document)
    assert _same_as_before(document, spans, roles) >= 3


def test_candidates_as_before_on_some_cuad(corpus_dir: Path) -> None:
    compared = 0
    for path in cuad_files(corpus_dir, 60):
        document = read_contract(path)
        compared += _same_as_before(document, *_inputs(document))
    assert compared > 300


@pytest.mark.slow
def test_candidates_and_tokens_as_before_on_cuad(corpus_dir: Path) -> None:
    """A fifth of CUAD: the same candidate sentences, role texts and features, and the same tokens
    of each whole text."""
    compared = 0
    for path in cuad_files(corpus_dir, 5):
        document = read_contract(path)
        low = document.text.lower()
        assert learned.en_tokens(low) == _old_tokens(low)
        compared += _same_as_before(document, *_inputs(document))
    assert compared > 5_000


@pytest.mark.slow
def test_candidates_as_before_on_chinese_texts(corpus_dir: Path) -> None:
    compared = 0
    for path in zh_files(corpus_dir):
        document = read_contract(path)
        compared += _same_as_before(document, *_inputs(document))
    assert compared > 500


TERMS = ["Company", "Co", "U.S. Bank", "_Agent", "Acme xxsepxx", "xx", "sep", "甲方", "乙方公司"]
PIECES = [*TERMS, "Acme", " ", "x", "xxsepxx", "'s ", ",", ".", "\n", "Comp", "any", "中"]


@settings(max_examples=400, deadline=None)
@given(
    terms=st.lists(st.sampled_from(TERMS), min_size=1, max_size=4, unique=True),
    texts=st.lists(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), max_size=5),
)
def test_role_tokens_in_joined_sentences_as_one_by_one(terms: list[str], texts: list[str]) -> None:
    """Where the terms allow it, role tokens put in the joined sentences give the joined role
    texts of each sentence; the terms that do not allow it are those the rule names."""
    roles = Roles(terms=tuple((t, "provider") for t in terms), source="parties")
    pattern, table = learned._role_pattern(roles)
    sep = f" {learned._SEP} "
    if learned._roles_joinable(table):
        assert learned.role_text(sep.join(texts), pattern, table) == sep.join(
            learned.role_text(t, pattern, table) for t in texts
        )
    else:
        assert "Acme xxsepxx" in table or all("\u4e00" <= t[0] <= "\u9fff" for t in table)
