"""The tagger engine: one language's text → :class:`Hit` s of the clause patterns.

:func:`tagger_for` gives the (cached) :class:`TextTagger` of a :class:`~analyzer.patterns.PatternSet`
and a language; the pattern set itself is loaded and validated by :mod:`analyzer.patterns`.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analyzer.model import maker
from analyzer.patterns import PatternSet, PatternSpec, _load_cached
from analyzer.prefilter import guarded, literal_test_source, prefilter_test, required_literals
from analyzer.sentences import sentence_spans, strip_emphasis

if TYPE_CHECKING:
    from analyzer.definitions import Glossary

# (lower-case regex or None, its prefilter test (required literals and literal tree) or None,
# the same test reading the trigger literals from the set of those in the sentence, the regex)
_Plan = tuple[
    "re.Pattern[str] | None",
    "Callable[[str], bool] | None",
    "Callable[[str, set[str]], bool] | None",
    "re.Pattern[str] | None",
]


class _Compiled(Mapping[str, "re.Pattern[str]"]):
    """Compiled regexes by pattern id, each compiled when first looked up (``make(id)``)."""

    def __init__(self, keys: Sequence[str], make: Callable[[str], re.Pattern[str]]) -> None:
        self._keys = tuple(keys)
        self._known = frozenset(keys)
        self._make = make
        self._done: dict[str, re.Pattern[str]] = {}

    def __getitem__(self, key: str) -> re.Pattern[str]:
        rx = self._done.get(key)
        if rx is None:
            if key not in self._known:
                raise KeyError(key)
            rx = self._done[key] = self._make(key)
        return rx

    def __contains__(self, key: object) -> bool:
        return key in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


#: at most this many matches of one pattern are kept per sentence
_MAX_MATCHES_PER_SENTENCE = 8


@dataclass(frozen=True)
class Hit:
    """A pattern match: the matched words and the sentence around them (absolute offsets)."""

    label: str
    pattern_id: str
    start: int
    end: int
    sent_start: int
    sent_end: int
    language: str
    score: float = 1.0
    value: str | None = None


# = Hit(...), without the frozen dataclass's __init__ (model.maker)
_new_hit = maker(Hit)


class TextTagger:
    """Fast tagging of one language's text: a combined trigger prefilter, then per-sentence regexes.

    Only sentences containing a trigger literal of a family are examined by that family's
    patterns; phrase and token patterns run through spaCy's matchers on those sentences only
    (:mod:`analyzer.pipeline`, imported when first needed).
    """

    def __init__(self, patterns: PatternSet, language: str) -> None:
        self.language = language
        self.patterns = patterns
        self.families = patterns.for_language(language)
        self._always: list[int] = []
        trig_to_fams: dict[str, list[int]] = {}
        for i, fam in enumerate(self.families):
            if not fam.triggers:
                self._always.append(i)
            for t in fam.triggers:
                trig_to_fams.setdefault(t, []).append(i)
        self._trig_to_fams = trig_to_fams
        alts = sorted(trig_to_fams, key=len, reverse=True)
        self._trigger_rx_ci = (
            re.compile("|".join(_spaced(re.escape(t)) for t in alts), re.IGNORECASE)
            if alts
            else None
        )
        # Every trigger literal, of families and of single patterns, found in one Aho-Corasick
        # pass over the lower-cased text (a str.find loop per literal took 5 ms a contract);
        # then each sentence knows which literals it contains, and the patterns to try are
        # looked up from them instead of testing every pattern's triggers. Issue #6.
        literals = set(trig_to_fams)
        for fam in self.families:
            for spec in fam.patterns:
                literals.update(spec.triggers)
        self._automaton = _automaton(literals)
        # the literals the automaton finds, whose presence in a sentence a prefilter test can
        # read from the sentence's set (a capital sigma lower-cases by its context, so a literal
        # with a sigma is searched for in the sentence itself)
        self._known_literals = frozenset(lit for lit in literals if not set(lit) & set("σς"))
        # literals of several words, found again where their words are separated by line breaks
        # or runs of spaces (text laid out from PDFs: "American   Arbitration\nAssociation")
        self._spread_automaton = _automaton({lit for lit in literals if " " in lit.strip()})
        # every pattern in family order, numbered; per literal, the patterns it triggers; per
        # family, its patterns without triggers (candidates in every sentence the family sees)
        self._spec_order: list[tuple[int, PatternSpec]] = []
        self._lit_to_specs: dict[str, list[int]] = {}
        self._untriggered: dict[int, list[int]] = {}
        for fi, fam in enumerate(self.families):
            for spec in fam.patterns:
                k = len(self._spec_order)
                self._spec_order.append((fi, spec))
                if not spec.triggers:
                    self._untriggered.setdefault(fi, []).append(k)
                for t in set(spec.triggers):
                    self._lit_to_specs.setdefault(t, []).append(k)
        # Case-insensitive matching is about twice as slow in `re` as case-sensitive matching, so a
        # pattern whose source has no upper-case letter runs case-sensitively on the lower-cased
        # sentence (the same matches at the same offsets whenever lower-casing keeps the length;
        # otherwise the original pattern runs on the original sentence). Issue #6.
        regexes = {
            spec.id: spec.regex
            for fam in self.families
            for spec in fam.patterns
            if spec.regex is not None
        }
        lower_ids = [
            k for k, rx in regexes.items() if rx.flags & re.IGNORECASE and _lower_safe(rx.pattern)
        ]
        self._on_lower: Mapping[str, re.Pattern[str]] = _Compiled(
            lower_ids, lambda k: re.compile(regexes[k].pattern, regexes[k].flags & ~re.IGNORECASE)
        )
        # The same regexes behind a look-ahead for the characters every match starts with (see
        # prefilter.first_chars): the same matches, found without trying each branch of a large
        # alternation at every position. What the prefilter reads stays the plain pattern.
        # Each is compiled when a sentence first needs it (compiling them all took ~0.2 s of
        # every process's start; one contract needs a fraction of them, and the original
        # regex of a lower-case pattern only for text whose length lower-casing changes).
        self._search_lower: Mapping[str, re.Pattern[str]] = _Compiled(
            lower_ids, lambda k: guarded(self._on_lower[k])
        )
        self._search: Mapping[str, re.Pattern[str]] = _Compiled(
            list(regexes), lambda k: guarded(regexes[k])
        )
        # Per pattern, made when it is first tried (see _plan): the words every match of a
        # lower-case pattern contains, as clauses and as a tree; most sentences that pass the
        # triggers lack them, and substring tests are far cheaper than the failing regex.
        self._plans: dict[str, _Plan] = {}
        self._spacy: Any = None

    def tag(
        self,
        text: str,
        spans: Sequence[tuple[int, int]] | None = None,
        glossary: Glossary | None = None,
    ) -> list[Hit]:
        """All hits in ``text`` restricted to ``spans`` (blocks of this language; default all).

        With a ``glossary`` (:class:`analyzer.definitions.Glossary`), a pattern's ``requires``
        may be met by the meaning a sentence carries from a defined term or from the text it
        refers back to (see :meth:`PatternSpec.sentence_ok`)."""

        def ctx_of(s: int, e: int, at: int) -> Callable[[], str] | None:
            if glossary is None:
                return None
            return lambda: glossary.context(s, e, at)

        if spans is None:
            spans = [(0, len(text))]
        if not spans:
            return []
        starts = [s for s, _ in spans]
        # block index -> {family index: [trigger offsets]}
        cand: dict[int, dict[int, list[int]]] = {}
        # (last offset, literal) of every trigger literal, in text order (Aho-Corasick reports a
        # match where it ends); None when lower-casing changed the text's length (then offsets
        # in the lower-cased text are not offsets in ``text``)
        literal_at: list[tuple[int, str]] | None = None
        if self._automaton is not None:
            low = text.lower()
            found: Iterable[tuple[int, str]]
            if len(low) == len(text):
                literal_at = list(self._automaton.iter(low))
                found = literal_at
            elif self._trigger_rx_ci is not None:  # case mapping changed lengths: search the
                # original case-insensitively (reported so that end - len + 1 is the start)
                found = (
                    (m.start() + len(lit) - 1, lit)
                    for m in self._trigger_rx_ci.finditer(text)
                    for lit in (re.sub(r"\s+", " ", m.group().lower()),)
                )
            else:
                found = ()
            trig_to_fams = self._trig_to_fams
            for last, trig in found:
                fis = trig_to_fams.get(trig)
                if not fis:
                    continue
                off = last - len(trig) + 1
                bi = bisect.bisect_right(starts, off) - 1
                if bi < 0 or off >= spans[bi][1]:
                    continue
                fams = cand.setdefault(bi, {})
                for fi in fis:
                    fams.setdefault(fi, []).append(off)
        if self._always:
            for bi in range(len(spans)):
                fams = cand.setdefault(bi, {})
                for fi in self._always:
                    fams.setdefault(fi, []).append(-1)
        hits: list[Hit] = []
        spread_automaton = self._spread_automaton
        trig_to_fams = self._trig_to_fams
        plans = self._plans
        literal_ends = [o for o, _ in literal_at] if literal_at is not None else []
        spacy_work: list[tuple[int, int, list[int]]] = []
        for bi in sorted(cand):
            b_start, b_end = spans[bi]
            fam_offsets = cand[bi]
            always = [fi for fi, offs in fam_offsets.items() if offs and offs[0] == -1]
            points = sorted((o, fi) for fi, offs in fam_offsets.items() for o in offs if o >= 0)
            offsets = [o for o, _ in points]
            for s, e in sentence_spans(text, b_start, b_end, self.language):
                lo = bisect.bisect_left(offsets, s)
                hi = bisect.bisect_left(offsets, e, lo)
                fam_set = {points[i][1] for i in range(lo, hi)} | set(always)
                sentence = text[s:e]
                # Markdown emphasis inside words the patterns read ('**"Confidential
                # Information"** means'): matched without the marks, offsets mapped back
                at: list[int] | None = None
                if "**" in sentence or "__" in sentence:
                    sentence, at = strip_emphasis(sentence)
                low_sentence: str | None = None
                spread: set[str] = set()
                if (
                    spread_automaton is not None
                    and literal_at is not None
                    and ("  " in sentence or "\n" in sentence or "\t" in sentence)
                ):
                    # literals whose words a line break or several spaces separate (text laid
                    # out from PDFs: "American   Arbitration\nAssociation"), and their families
                    low_sentence = sentence.lower()
                    norm = " ".join(low_sentence.split())
                    spread = {lit for _end, lit in spread_automaton.iter(norm)}
                    for lit in spread:
                        fam_set.update(trig_to_fams.get(lit, ()))
                if not fam_set:
                    continue
                if low_sentence is None:
                    low_sentence = sentence.lower()
                fis = sorted(fam_set)
                present: set[str] | None = None
                inside: set[str] | None = None  # (the trigger literals in low_sentence)
                if literal_at is not None:
                    # the literals wholly inside the sentence (= `lit in low_sentence` when
                    # the sentence is read as written: text.lower()[s:e] is text[s:e].lower()
                    # but for a capital sigma's two lower cases, in no trigger literal)
                    a = bisect.bisect_left(literal_ends, s)
                    z = bisect.bisect_left(literal_ends, e, a)
                    present = {lit for o, lit in literal_at[a:z] if o - len(lit) + 1 >= s}
                    if at is None:
                        inside = present
                    if spread:
                        present = present | spread
                same_len = len(low_sentence) == len(sentence)
                needs_spacy: list[int] = []
                if present is not None:
                    candidates = self._candidates(fis, present)
                else:
                    candidates = [
                        (fi, spec)
                        for fi in fis
                        for spec in self.families[fi].patterns
                        if not spec.triggers or any(t in low_sentence for t in spec.triggers)
                    ]
                for fi, spec in candidates:
                    if spec.regex is None:
                        needs_spacy.append(fi)
                        continue
                    plan = plans.get(spec.id)
                    if plan is None:
                        plan = plans[spec.id] = self._plan(spec)
                    fast, test, test_inside, plain = plan
                    if fast is not None and same_len:
                        if inside is not None and test_inside is not None:
                            if not test_inside(low_sentence, inside):
                                continue
                        elif test is not None and not test(low_sentence):
                            continue
                        rx, hay = fast, low_sentence
                    else:
                        rx, hay = (plain or self._search[spec.id]), sentence
                    m = rx.search(hay)
                    if m is None or not spec.sentence_ok(
                        sentence, ctx_of(s, e, s + m.start()), low_sentence
                    ):
                        continue
                    hits.append(self._hit_at(spec, m, at, s, e))
                    # every match in the sentence, not only the first (a first match in an
                    # unticked option must not hide a second one in a ticked option)
                    pos = max(m.end(), m.start() + 1)
                    for _ in range(_MAX_MATCHES_PER_SENTENCE - 1):
                        m = rx.search(hay, pos)
                        if m is None:
                            break
                        hits.append(self._hit_at(spec, m, at, s, e))
                        pos = max(m.end(), m.start() + 1)
                if needs_spacy:
                    spacy_work.append((s, e, sorted(set(needs_spacy))))
        if spacy_work:
            hits.extend(self._spacy_hits(text, spacy_work))
        hits.sort(key=lambda h: (h.start, h.end, h.pattern_id))
        return hits

    def _plan(self, spec: PatternSpec) -> _Plan:
        """How a regex pattern is tried on a sentence: (its lower-case form behind its look-ahead
        or None, the test of the words every match contains or None, the pattern itself behind
        its look-ahead)."""
        fast = self._on_lower.get(spec.id)
        if fast is None:
            return None, None, None, self._search[spec.id]
        clauses = required_literals(fast.pattern, fast.flags)
        known = self._known_literals
        return (
            self._search_lower[spec.id],
            # the clauses of words every match contains (prefilter.may_match), then the same
            # words as a tree ("shall" and "own", or "assigns" and "rights"; prefilter.
            # literal_test), in one expression
            prefilter_test(clauses, literal_test_source(fast.pattern, fast.flags)),
            # the same, the trigger literals among those words read from the set of those the
            # automaton found in the sentence instead of searched for again
            prefilter_test(clauses, literal_test_source(fast.pattern, fast.flags, known), known),
            None,  # the original, behind its look-ahead: self._search, when first needed
        )

    def _candidates(self, fis: Sequence[int], present: set[str]) -> list[tuple[int, PatternSpec]]:
        """The patterns of families ``fis`` whose triggers are among the literals ``present`` in
        a sentence (or that have none), in family order."""
        wanted = set(fis)
        ks: set[int] = set()
        for fi in fis:
            ks.update(self._untriggered.get(fi, ()))
        order = self._spec_order
        for lit in present:
            for k in self._lit_to_specs.get(lit, ()):
                if order[k][0] in wanted:
                    ks.add(k)
        return [order[k] for k in sorted(ks)]

    def _hit_at(
        self, spec: PatternSpec, m: re.Match[str], at: list[int] | None, s: int, e: int
    ) -> Hit:
        """A hit for match ``m`` of a sentence starting at ``s`` (``at`` maps the offsets of a
        sentence read without Markdown emphasis back to the original)."""
        if at is None:
            return self._hit(spec, s + m.start(), s + m.end(), s, e)
        return self._hit(spec, s + at[m.start()], s + at[max(m.end() - 1, m.start())] + 1, s, e)

    def _hit(self, spec: PatternSpec, start: int, end: int, s: int, e: int) -> Hit:
        return _new_hit(
            label=spec.label,
            pattern_id=spec.id,
            start=start,
            end=end,
            sent_start=s,
            sent_end=e,
            language=self.language,
            score=spec.score,
            value=spec.value,
        )

    def _spacy_hits(self, text: str, work: list[tuple[int, int, list[int]]]) -> list[Hit]:
        if self._spacy is None:
            from analyzer.pipeline import SentenceMatcher

            specs = [p for fam in self.families for p in fam.patterns if p.regex is None]
            self._spacy = SentenceMatcher(self.language, specs)
        out: list[Hit] = []
        by_id = {p.id: p for fam in self.families for p in fam.patterns}
        for s, e, fis in work:
            allowed = {p.id for fi in fis for p in self.families[fi].patterns}
            sentence = text[s:e]
            seen: set[str] = set()
            for pid, ms, me in self._spacy.match(sentence):
                spec = by_id[pid]
                if pid not in allowed or pid in seen or not spec.sentence_ok(sentence):
                    continue
                seen.add(pid)
                out.append(self._hit(spec, s + ms, s + me, s, e))
        return out


_ESCAPE = re.compile(r"\\.")


def _lower_safe(source: str) -> bool:
    """True when a pattern has no upper-case letter outside escapes (``\\W``, ``\\S``, ``\\B``):
    then, case-sensitively, it matches a lower-cased text exactly where it matched the original
    case-insensitively."""
    return not any(c.isupper() for c in _ESCAPE.sub("", source))


def _spaced(escaped: str) -> str:
    """A ``re.escape``-d literal whose spaces match any run of white space."""
    return escaped.replace("\\ ", "\\s+")


def _automaton(literals: Iterable[str]) -> Any:
    """An Aho-Corasick automaton whose ``iter(text)`` yields (end offset, literal) for every
    occurrence of every literal, overlapping ones included; None when there are none."""
    import ahocorasick

    if not literals:
        return None
    automaton = ahocorasick.Automaton()
    for lit in sorted(literals):
        automaton.add_word(lit, lit)
    automaton.make_automaton()
    return automaton


@functools.lru_cache(maxsize=16)
def _tagger_cached(directory: str, version: str, language: str) -> TextTagger:
    return TextTagger(_load_cached(directory), language)


def tagger_for(patterns: PatternSet, language: str) -> TextTagger:
    """A (cached) tagger for one language of a pattern set."""
    return _tagger_cached(patterns.directory, patterns.version, language)
