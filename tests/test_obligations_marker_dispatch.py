"""The marker dispatch by first character (DeonticData.marker_first) finds what marker_re finds."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.obligations import load_deontic_data

EN_PIECES = [
    "shall ",
    "shall not ",
    "should ",
    "will ",
    "will not be prevented from ",
    "may ",
    "may not ",
    "must ",
    "must never ",
    "is required to ",
    "is responsible for ",
    "are entitled to ",
    "has the right to ",
    "have the sole right to ",
    "can ",
    "cannot ",
    "could ",
    "agrees to ",
    "acknowledges that ",
    "hereby grants ",
    "covenants that ",
    "undertakes to ",
    "reserves the right to ",
    "shall have thirty (30) days to ",
    "issue ",
    "island ",
    "the supplier ",
    "provide the services",
    ", ",
    ". ",
    "\n",
]
ZH_PIECES = [
    "乙方",
    "甲方",
    "应当",
    "应",
    "不得",
    "可以",
    "有权",
    "必须",
    "须",
    "不应",
    "承诺",
    "负责",
    "保证",
    "支付费用",
    "，",
    "。",
]


def _check(language: str, text: str) -> None:
    data = load_deontic_data(language)
    assert data.marker_first is not None
    low = text.lower()
    for pos in range(len(low)):
        if not any(low.startswith(w, pos) for w in data.trigger_words):
            continue
        expected = data.marker_re.match(low, pos)
        dispatched = data.marker_first.get(low[pos], data.marker_re).match(low, pos)
        if expected is None:
            assert dispatched is None
            continue
        assert dispatched is not None
        assert dispatched.span() == expected.span()
        group = expected.lastgroup
        assert group is not None
        assert dispatched.lastgroup == group
        assert data.marker_of[group] == data.markers[int(group[1:])]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(EN_PIECES), min_size=1, max_size=30))
def test_marker_dispatch_matches_marker_re_english(pieces: list[str]) -> None:
    _check("en", "".join(pieces))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(ZH_PIECES), min_size=1, max_size=30))
def test_marker_dispatch_matches_marker_re_chinese(pieces: list[str]) -> None:
    _check("zh", "".join(pieces))


def test_marker_dispatch_off_for_inline_flags(tmp_path: Path) -> None:
    # a marker with a case rule of its own: every trigger hit tries marker_re itself
    (tmp_path / "en.yaml").write_text(
        "language: en\nmarkers: [{id: a, regex: 'shall(?i:\\s+not)', modality: must_not}, "
        "{id: b, regex: 'may', modality: may}]\n"
        "collective_bearers: ['each party']\nconditions: ['if']\nexceptions: ['unless']\n"
        "crossref: 'Section (?P<num>\\d+)'\ntopics: {other: [x]}\n",
        encoding="utf-8",
    )
    data = load_deontic_data("en", tmp_path)
    assert data.marker_first is None
    assert data.marker_of["m1"].id == "b"
    # and without one, the dispatch has one regex per first character, markers in file order
    (tmp_path / "en.yaml").write_text(
        "language: en\nmarkers: [{id: a, regex: 'shall\\s+not|may\\s+not', modality: must_not}, "
        "{id: b, regex: 'may', modality: may}, {id: c, regex: 'shall', modality: must}]\n"
        "collective_bearers: ['each party']\nconditions: ['if']\nexceptions: ['unless']\n"
        "crossref: 'Section (?P<num>\\d+)'\ntopics: {other: [x]}\n",
        encoding="utf-8",
    )
    data = load_deontic_data("en", tmp_path)
    assert data.marker_first is not None
    assert sorted(data.marker_first) == ["m", "s"]
    m = data.marker_first["m"].match("may not")
    assert m is not None and m.lastgroup == "m0"
    m = data.marker_first["m"].match("may go")
    assert m is not None and m.lastgroup == "m1"
    m = data.marker_first["s"].match("shall go")
    assert m is not None and m.lastgroup == "m2"
