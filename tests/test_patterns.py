"""The pattern loader: the shipped set loads; broken sets fail with a clear PatternError."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from builders import text_document

from analyzer.errors import PatternError
from analyzer.patterns import default_directory, load_patterns, load_rules
from analyzer.sentences import sentence_spans
from analyzer.tagger import tagger_for

GOOD_ENTRY = """\
  - id: en.test.ok
    label: confidentiality.nondisclosure
    regex: 'shall\\s+not\\s+disclose'
    examples: ['The Supplier shall not disclose it.']
"""


def test_patterns_default_set_loads() -> None:
    ps = load_patterns()
    ids = [p.id for p in ps.patterns]
    assert len(ids) == len(set(ids)) > 50
    assert ps.version.startswith((default_directory() / "VERSION").read_text().strip() + "+")
    assert {f.language for f in ps.families} >= {"en"}
    assert "art11.ip_ownership" in ps.rules.requirements
    for req in ps.rules.requirements.values():
        assert req.recommendation.keys() == {"en", "zh"}
        assert set(ps.rules.articles[req.article]) == {"en", "zh"}


def _pattern_dir(tmp_path: Path, en_file: str) -> Path:
    root = tmp_path / "clause_patterns"
    (root / "en").mkdir(parents=True)
    (root / "rules").mkdir()
    src = default_directory()
    shutil.copy(src / "schema.json", root / "schema.json")
    shutil.copy(src / "rules" / "articles.yaml", root / "rules" / "articles.yaml")
    shutil.copytree(src / "roles", root / "roles")
    shutil.copytree(src / "deontic", root / "deontic")
    (root / "VERSION").write_text("9.9.9\n")
    (root / "en" / "test.yaml").write_text(en_file, encoding="utf-8")
    return root


def test_patterns_minimal_set_loads_and_versions_change(tmp_path: Path) -> None:
    root = _pattern_dir(tmp_path, f"language: en\nfamily: t\npatterns:\n{GOOD_ENTRY}")
    ps = load_patterns(root)
    assert ps.version.startswith("9.9.9+")
    assert [p.id for p in ps.patterns] == ["en.test.ok"]
    other = _pattern_dir(tmp_path / "b", f"language: en\nfamily: t2\npatterns:\n{GOOD_ENTRY}")
    assert load_patterns(other).version != ps.version


BROKEN = [
    ("not_yaml", "language: en\nfamily: [unclosed\n", "not valid YAML"),
    ("no_patterns", "language: en\nfamily: t\npatterns: []\n", "has no patterns"),
    ("bad_language", "language: fr\nfamily: t\npatterns: []\n", "language"),
    (
        "duplicate_id",
        f"language: en\nfamily: t\npatterns:\n{GOOD_ENTRY}{GOOD_ENTRY}",
        "entry 'en.test.ok': duplicate id",
    ),
    (
        "unknown_label",
        "language: en\nfamily: t\npatterns:\n  - id: en.test.bad\n    label: no.such.label\n"
        "    regex: 'x'\n",
        "entry 'en.test.bad': label 'no.such.label' is not in the tag vocabulary",
    ),
    (
        "bad_regex",
        "language: en\nfamily: t\npatterns:\n  - id: en.test.bad\n"
        "    label: confidentiality.definition\n    regex: '(unclosed'\n",
        "entry 'en.test.bad': regex does not compile",
    ),
    (
        "score_out_of_range",
        "language: en\nfamily: t\npatterns:\n  - id: en.test.bad\n"
        "    label: confidentiality.definition\n    regex: 'x'\n    score: 1.5\n",
        "entry 'en.test.bad': score 1.5 is outside 0..1",
    ),
    (
        "two_matchers",
        "language: en\nfamily: t\npatterns:\n  - id: en.test.bad\n"
        "    label: confidentiality.definition\n    regex: 'x'\n    phrases: ['y']\n",
        "entry 'en.test.bad'",
    ),
    (
        "unknown_key",
        "language: en\nfamily: t\npatterns:\n  - id: en.test.bad\n"
        "    label: confidentiality.definition\n    regex: 'x'\n    colour: red\n",
        "entry 'en.test.bad'",
    ),
    (
        "example_not_matched",
        "language: en\nfamily: t\npatterns:\n  - id: en.test.bad\n"
        "    label: confidentiality.definition\n    regex: 'means'\n    examples: ['nothing here']\n",
        "entry 'en.test.bad': example 'nothing here' is not matched",
    ),
    (
        "example_without_trigger",
        "language: en\nfamily: t\ntriggers: [secret]\npatterns:\n  - id: en.test.bad\n"
        "    label: confidentiality.definition\n    regex: 'means'\n    examples: ['it means']\n",
        "contains none of the file's triggers",
    ),
    (
        "id_wrong_language",
        "language: en\nfamily: t\npatterns:\n  - id: zh.test.bad\n"
        "    label: confidentiality.definition\n    regex: 'x'\n",
        "entry 'zh.test.bad'",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_patterns_broken_file_is_a_clear_error(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    root = _pattern_dir(tmp_path, content)
    with pytest.raises(PatternError) as info:
        load_patterns(root)
    assert message in info.value.message
    assert "test.yaml" in info.value.message  # names the file
    assert info.value.code == "E200"


def test_patterns_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PatternError, match="not found"):
        load_patterns(tmp_path / "nowhere")


def test_patterns_rules_with_unknown_tag_is_an_error(tmp_path: Path) -> None:
    root = _pattern_dir(tmp_path, f"language: en\nfamily: t\npatterns:\n{GOOD_ENTRY}")
    rules = root / "rules" / "articles.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            "tags: [security.training]", "tags: [security.juggling]"
        ),
        encoding="utf-8",
    )
    with pytest.raises(PatternError, match="art7.training.*unknown tag"):
        load_patterns(root)
    with pytest.raises(PatternError, match="art7.training.*unknown tag"):  # the same checks
        load_rules(root)


def test_patterns_rules_alone_are_the_pattern_sets_rules(tmp_path: Path) -> None:
    # outputs that only name requirements read the rules file alone (issue #12 speed)
    assert load_rules() == load_patterns().rules
    root = _pattern_dir(tmp_path, f"language: en\nfamily: t\npatterns:\n{GOOD_ENTRY}")
    assert load_rules(root) == load_patterns(root).rules
    with pytest.raises(PatternError, match="rules file is missing"):
        load_rules(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("The Supplier shall pay. The Customer shall not.", 2),
        ("Acme Inc. shall pay 1.5 per cent. Beta Ltd. agrees.", 2),
        ("Payment is due (see 3.1). (ii) Next item follows.", 2),
        ("一、甲方应付款。乙方应保密！第三条", 3),
    ],
)
def test_patterns_sentence_spans(text: str, sentences: int) -> None:
    lang = "zh" if "甲" in text else "en"
    spans = sentence_spans(text, 0, len(text), lang)
    assert len(spans) == sentences
    for s, e in spans:
        assert text[s:e] == text[s:e].strip()


def test_patterns_tagger_offsets_are_exact() -> None:
    text = "Intro line.\nThe Supplier shall not disclose the Confidential Information to anyone."
    hits = tagger_for(load_patterns(), "en").tag(text, [(0, 11), (12, len(text))])
    nda = [h for h in hits if h.label == "confidentiality.nondisclosure"]
    assert nda
    h = nda[0]
    assert text[h.start : h.end].startswith("shall not disclose")
    assert text[h.sent_start : h.sent_end].startswith("The Supplier")


@pytest.mark.parametrize(
    "text",
    [
        "ALL DELIVERABLES CREATED BY SUPPLIER UNDER THIS AGREEMENT SHALL BE THE PROPERTY OF CUSTOMER.",
        "Supplier Shall Not Disclose Confidential Information To Any Third Party.",
        # a character whose lower case is longer (İ -> i̇): offsets would shift, so the
        # original case-insensitive pattern must run on the original sentence
        "İstanbul office: Supplier shall not disclose Confidential Information to any third party.",
        "Any dispute shall be submitted to the China International Economic and Trade "
        "Arbitration Commission (CIETAC) for arbitration.",
    ],
)
def test_patterns_lowercase_fast_path_gives_identical_hits(text: str) -> None:
    """Issue #6: patterns without upper-case letters run case-sensitively on the lower-cased
    sentence; every hit (label, offsets, sentence) must equal the case-insensitive original's."""
    from analyzer.tagger import TextTagger

    pset = load_patterns()
    fast = TextTagger(pset, "en")
    slow = TextTagger(pset, "en")
    slow._on_lower = {}
    assert fast._on_lower, "no pattern takes the fast path"
    hits = fast.tag(text)
    assert hits, "the example must be tagged"
    assert hits == slow.tag(text)
    for h in hits:
        assert text[h.start : h.end].lower() == text.lower()[h.start : h.end] or "İ" in text


@pytest.mark.parametrize(
    ("source", "safe"),
    [(r"\bshall\s+not\b", True), (r"\W+\S\B", True), (r"[A-Z]\w+", False), (r"CIETAC", False)],
)
def test_patterns_lower_safe_ignores_escapes(source: str, safe: bool) -> None:
    from analyzer.tagger import _lower_safe

    assert _lower_safe(source) is safe


# ------------------------------------------------------------------ one PatternSet for every stage


def _custom_set(tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    """A copy of the shipped pattern folder with ``edits``: file -> (old text, new text)."""
    root = tmp_path / "custom"
    shutil.copytree(default_directory(), root)
    for rel, (old, new) in edits.items():
        text = (root / rel).read_text(encoding="utf-8")
        assert old in text, (rel, old)
        (root / rel).write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def _document(text: str) -> Any:
    return text_document(*text.split("\n"))


def test_patterns_custom_deontic_words_reach_obligations(tmp_path: Path) -> None:
    """Regression (#15): a custom folder changed the tagger only; obligations kept reading the
    default deontic words."""
    from analyzer.engine import analyze

    root = _custom_set(
        tmp_path,
        {
            "deontic/en.yaml": (
                "  - {id: en.deontic.must, regex: 'must\\b', modality: must}\n",
                "  - {id: en.deontic.must, regex: 'must\\b', modality: must}\n"
                "  - {id: en.deontic.bound, regex: 'is\\s+bound\\s+to\\b', modality: must}\n",
            )
        },
    )
    doc = _document(
        'This Agreement is between Acme Ltd ("Customer") and Beta Inc. ("Supplier").\n'
        "1. The Supplier is bound to keep the Customer's data secret."
    )
    default = analyze(doc, second_reader=False)
    custom = analyze(doc, patterns=load_patterns(root), second_reader=False)
    assert not any("keep" in o.action for o in default.obligations)
    assert any("keep" in o.action and o.modality == "must" for o in custom.obligations)


def test_patterns_custom_role_words_reach_parties(tmp_path: Path) -> None:
    """Regression (#15): parties read the default role words whatever the pattern folder."""
    from analyzer.engine import analyze

    root = _custom_set(
        tmp_path,
        {
            "roles/en.yaml": (
                "  - {id: en.role.noun.vendor, terms: [Vendor], role: provider, weight: 2}\n",
                "  - {id: en.role.noun.vendor, terms: [Vendor], role: provider, weight: 2}\n"
                "  - {id: en.role.noun.widget, terms: [Widgetmaker], role: provider, weight: 2}\n",
            )
        },
    )
    doc = _document(
        'This Agreement is between Acme Ltd (the "Widgetmaker") and Beta Inc. (the "Gadgetco").\n'
        "1. This Agreement is governed by the laws of England."
    )
    roles = {p.name: p.role for p in analyze(doc, second_reader=False).parties}
    custom = analyze(doc, patterns=load_patterns(root), second_reader=False)
    assert roles.get("Acme Ltd") != "provider"
    assert {p.name: p.role for p in custom.parties}.get("Acme Ltd") == "provider"


@pytest.mark.parametrize(
    ("rel", "content", "message"),
    [
        ("roles/en.yaml", "language: en\nrole_nouns: [\n", "not valid YAML"),
        ("roles/zh.yaml", "language: zh\nrole_nouns: []\nentity_markers: [x]\n", "non-empty"),
        ("deontic/en.yaml", "language: en\nmarkers: 3\n", "is a required property"),
        ("deontic/zh.yaml", "", "is not of type 'object'"),
    ],
)
def test_patterns_corrupt_role_or_deontic_file_is_refused(
    tmp_path: Path, rel: str, content: str, message: str
) -> None:
    """Regression (#15): a corrupt DIR/roles/en.yaml was silently ignored."""
    root = tmp_path / "cp"
    shutil.copytree(default_directory(), root)
    (root / rel).write_text(content, encoding="utf-8")
    with pytest.raises(PatternError) as info:
        load_patterns(root)
    assert message in str(info.value)
    assert rel.split("/")[1] in str(info.value) and rel.split("/")[0] in str(info.value)


def test_patterns_folder_without_role_data_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "cp"
    shutil.copytree(default_directory(), root)
    shutil.rmtree(root / "deontic")
    with pytest.raises(PatternError, match="deontic/en.yaml is missing"):
        load_patterns(root)


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        (r"\b(shall|will)\s+own\b", {"s", "w"}),
        (r"\bvest(s|ed)?\s+in", {"v"}),
        (r"(sole\s+)?owner", {"s", "o"}),
        (r"(?<![\w])(?:licensee|licensor)", {"l"}),
        (r"[^.]{0,40}owner", None),  # a negated class: any character
        (r"\w+\s+owner", None),
        (r"(a|b)?", None),  # may match empty
        (r"(?i:own)", None),  # a case-insensitive group
    ],
)
def test_prefilter_first_chars(pattern: str, chars: set[str] | None) -> None:
    from analyzer.prefilter import first_chars

    assert first_chars(pattern) == (frozenset(chars) if chars is not None else None)


def test_patterns_guarded_regexes_find_the_same_matches() -> None:
    """Issue #12 speed: each pattern runs behind a look-ahead for its first characters; on every
    example and counter-example of the bundled set (lower-cased, as the tagger runs them) the
    guarded regex finds exactly the plain one's matches."""
    from analyzer.tagger import TextTagger

    for language in ("en", "zh"):
        tagger = TextTagger(load_patterns(), language)
        guarded = 0
        for fam in tagger.families:
            for spec in fam.patterns:
                plain = tagger._on_lower.get(spec.id)
                if plain is None:
                    continue
                rx = tagger._search_lower[spec.id]
                guarded += rx is not plain
                for text in (*spec.examples, *spec.counter_examples):
                    low = text.lower()
                    want = [m.span() for m in plain.finditer(low)]
                    assert [m.span() for m in rx.finditer(low)] == want, spec.id
        assert language == "zh" or guarded > 50


def test_patterns_guard_keeps_the_tagger_hits_on_the_samples() -> None:
    from analyzer.readers import read_contract
    from analyzer.tagger import TextTagger

    pset = load_patterns()
    samples = sorted((Path(__file__).parent.parent / "sample_contracts").rglob("*.txt"))
    assert samples
    for path in samples:
        doc = read_contract(path)
        for language in doc.languages:
            fast = TextTagger(pset, language)
            plain = TextTagger(pset, language)
            # the unguarded regexes
            plain._search = {
                s.id: s.regex for f in plain.families for s in f.patterns if s.regex is not None
            }
            plain._search_lower = dict(plain._on_lower)
            assert fast.tag(doc.text) == plain.tag(doc.text), path.name
