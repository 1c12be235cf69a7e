"""spaCy pipelines per language and the ``outsourcing_clauses`` component.

Registered once, here, with ``Language.factory`` and exposed through the ``spacy_factories``
entry point declared in pyproject.toml, so that after ``pip install``::

    nlp = spacy.blank("en")
    nlp.add_pipe("outsourcing_clauses")
    doc = nlp("The Supplier shall not disclose the Confidential Information.")
    doc.spans["outsourcing_clauses"]   # spans labelled with the clause_patterns tag vocabulary

The analyzer itself does not run spaCy over whole documents (too slow for a portfolio): the
engine tags text with :class:`analyzer.tagger.TextTagger` (a trigger prefilter plus regexes)
and only the candidate sentences of families with phrase/token patterns go through
:class:`SentenceMatcher` (spaCy's ``Matcher`` / ``PhraseMatcher`` on ``nlp.make_doc(sentence)``).
The component below runs the same tagger, so a spaCy user gets exactly the analyzer's tags.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from analyzer.patterns import PatternSet, PatternSpec, load_patterns
from analyzer.tagger import TextTagger

logger = logging.getLogger(__name__)

COMPONENT_NAME = "outsourcing_clauses"
COMPONENT_VERSION = 1
DEFAULT_SPANS_KEY = "outsourcing_clauses"
LANG_MAP = {"en": "en", "zh": "zh"}


@functools.lru_cache(maxsize=4)
def blank_pipeline(language: str) -> Language:
    """A blank spaCy pipeline for ``language`` ("en" or "zh"; zh uses the char segmenter)."""
    import spacy

    if language == "zh":
        return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    return spacy.blank(LANG_MAP.get(language, "en"))


class SentenceMatcher:
    """spaCy Matcher/PhraseMatcher for the phrase and token patterns of one language."""

    def __init__(self, language: str, specs: Sequence[PatternSpec], nlp: Language | None = None):
        self.nlp = nlp if nlp is not None else blank_pipeline(language)
        self.matcher = Matcher(self.nlp.vocab, validate=True)
        self.phrase_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for spec in specs:
            if spec.phrases:
                self.phrase_matcher.add(spec.id, [self.nlp.make_doc(p) for p in spec.phrases])
            elif spec.tokens:
                self.matcher.add(spec.id, [list(spec.tokens)])

    def match(self, sentence: str) -> list[tuple[str, int, int]]:
        """(pattern id, start char, end char) for each match in ``sentence``."""
        doc = self.nlp.make_doc(sentence)
        out: list[tuple[str, int, int]] = []
        for matcher in (self.phrase_matcher, self.matcher):
            for match_id, start, end in matcher(doc):
                span = doc[start:end]
                out.append((self.nlp.vocab.strings[match_id], span.start_char, span.end_char))
        return out


class OutsourcingClauses:
    """Pipeline component: tags clause families and stores them in ``doc.spans[spans_key]``.

    Each span's ``label_`` is a tag label (e.g. ``confidentiality.nondisclosure``) and its
    ``id_`` the pattern id. Patterns come from ``clause_patterns/`` (or ``patterns_dir``) and are
    loaded at :meth:`initialize` or on first use.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = COMPONENT_NAME,
        *,
        spans_key: str = DEFAULT_SPANS_KEY,
        patterns_dir: str | None = None,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.patterns_dir = patterns_dir
        self._patterns: PatternSet | None = None
        self._tagger: TextTagger | None = None

    @property
    def language(self) -> str:
        return "zh" if self.nlp.lang == "zh" else "en"

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        patterns_dir: str | None = None,
    ) -> None:
        if patterns_dir is not None:
            self.patterns_dir = patterns_dir
        self._load()

    def _load(self) -> TextTagger:
        if self._tagger is None:
            self._patterns = load_patterns(self.patterns_dir)
            self._tagger = TextTagger(self._patterns, self.language)
        return self._tagger

    @property
    def patterns_version(self) -> str:
        self._load()
        assert self._patterns is not None
        return self._patterns.version

    def __call__(self, doc: Doc) -> Doc:
        tagger = self._load()
        text = doc.text
        spans: list[tuple[int, int]] = []
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        out: list[Span] = []
        for hit in tagger.tag(text, spans):
            span = doc.char_span(
                hit.start, hit.end, label=hit.label, alignment_mode="expand", span_id=hit.pattern_id
            )
            if span is not None:
                out.append(span)
        doc.spans[self.spans_key] = out
        return doc

    # -- serialisation: only the settings; the patterns are data in clause_patterns/
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        cfg = {
            "version": COMPONENT_VERSION,
            "spans_key": self.spans_key,
            "patterns_dir": self.patterns_dir,
        }
        (p / "cfg.json").write_text(json.dumps(cfg, indent=2), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> OutsourcingClauses:
        cfg = json.loads((Path(path) / "cfg.json").read_text(encoding="utf-8"))
        self.spans_key = cfg.get("spans_key", DEFAULT_SPANS_KEY)
        self.patterns_dir = cfg.get("patterns_dir")
        self._tagger = None
        self._patterns = None
        return self


@Language.factory(
    COMPONENT_NAME,
    assigns=["doc.spans"],
    default_config={"spans_key": DEFAULT_SPANS_KEY, "patterns_dir": None},
)
def make_clause_tagger(
    nlp: Language, name: str, spans_key: str, patterns_dir: str | None
) -> OutsourcingClauses:
    """Factory of the ``outsourcing_clauses`` component (config version 1)."""
    return OutsourcingClauses(nlp, name, spans_key=spans_key, patterns_dir=patterns_dir)
