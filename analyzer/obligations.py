"""Deontic statements -> Obligation register.

``find_obligations(document, clauses, parties, language) -> tuple[Obligation, ...]``

Every sentence with a deontic marker (shall / shall not / must / will / agrees to / may …; 应 / 应当 /
不得 / 有权 / 可以 …) becomes one Obligation per marker: the bearer as written, its role (from the
parties; "each party" and mutual terms → ``both``), the modality, the action, the conditions and
exceptions (with cross-references such as "except as provided in Section 9.4" resolved through the
clause tree), topic labels, the exact sentence span and the clause number.

Speed matters (the whole CUAD corpus must be screened in about 30 s): the text is scanned once for
markers with one compiled regex, sentence bounds come from one scan for boundary characters, and
only sentences that contain a marker get any further work. No spaCy here.

Markers, bearers, condition/exception starters, abbreviations and topic keywords are data:
``clause_patterns/deontic/<lang>.yaml`` (format in the README there).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from analyzer.beneficiaries import Recipients, add_beneficiaries, term_key
from analyzer.errors import PatternError
from analyzer.model import Clause, Document, Modality, Obligation, Party, Role, maker, replaced
from analyzer.parties import (
    PRONOUN_TERMS,
    RoleData,
    compile_regex,
    id_entries,
    string_list,
    trie_regex,
)
from analyzer.patterns import PatternSet, load_patterns, read_data_file
from analyzer.prefilter import Clauses, first_chars, may_match, next_chars, required_literals
from analyzer.segment import ClauseIndex, chinese_value

logger = logging.getLogger(__name__)

MODALITIES: tuple[str, ...] = ("must", "must_not", "may")
TOPICS: tuple[str, ...] = (
    "confidentiality",
    "security",
    "personnel",
    "ip_ownership",
    "ip_protection",
    "dispute",
    "subcontracting",
    "payment",
    "term",
    "other",
)
MAX_ACTION = 300
MAX_PHRASE = 200
SUBJECT_WINDOW = 120

BearerRole = Role | Literal["both"]
NOT_STATED = "not stated"  # the bearer of a passive duty whose agent the text does not give


# ----------------------------------------------------------------------------------------------
# Pattern data
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    id: str
    modality: Modality
    party_subject: bool  # counts only when a party (or collective bearer) is the subject


@dataclass(frozen=True, eq=False)  # hashed by identity (instances are cached)
class DeonticData:
    """Compiled deontic data. English patterns run on the lower-cased text."""

    language: str
    markers: tuple[Marker, ...]
    triggers: tuple[re.Pattern[str], ...]  # the literal words markers start with (fast scans)
    marker_re: re.Pattern[str]  # group m<i> = markers[i]; used with .match at trigger hits
    collective_re: re.Pattern[str]
    condition_re: re.Pattern[str]
    exception_re: re.Pattern[str]
    # a word each alternative needs (a cheap test before running the regex)
    collective_words: tuple[str, ...]
    condition_words: frozenset[str]
    exception_words: frozenset[str]
    crossref_re: re.Pattern[str]
    inverted_re: re.Pattern[str] | None  # "in no event" + marker + bearer: a prohibition
    abbreviations: frozenset[str]
    topic_scan_re: re.Pattern[str]  # Chinese: all keywords as one trie regex
    topic_literal: dict[str, int]  # keyword (English: every word form) -> index into topic_names
    topic_phrases: dict[str, tuple[tuple[str, int], ...]]  # English phrases by first word
    topic_words: frozenset[str]  # keys of topic_literal
    topic_heads: frozenset[str]  # keys of topic_phrases
    topic_names: tuple[str, ...]
    trigger_words: tuple[str, ...] = ()  # the literals of ``triggers`` (scanned with str.find)
    # right after a marker: a statement that is no one's obligation ("shall be deemed", "shall survive")
    not_duty_re: re.Pattern[str] | None = None
    # right after a marker: a passive ("shall be delivered"); kept without a party subject
    passive_re: re.Pattern[str] | None = None
    # deadlines or periods ("within 30 days of …"): each alternative with the literals every
    # match of it contains, so that a sentence lacking them is not searched (one combined
    # regex with optional leading words was tried at every position of every sentence)
    deadlines: tuple[tuple[re.Pattern[str], Clauses], ...] = ()
    # the first character of a marker -> the markers that can start with it (``marker_re``'s
    # groups in its order), so that a trigger hit tries a few markers rather than all of them;
    # None: try ``marker_re`` (a marker regex with inline flags)
    marker_first: dict[str, re.Pattern[str]] | None = None
    marker_of: dict[str, Marker] = field(default_factory=dict)  # group name -> marker
    # ``not_duty_re``'s yes/no answer from its alternatives that can start with the character
    # after the marker (None: ask ``not_duty_re``)
    not_duty: FirstCharDispatch | None = None
    # what the text is scanned for: each trigger word with each character that can follow it in
    # a marker ("agree" + "s" or white space: not the 50,000 "agreement"s of the CUAD texts), or
    # the word alone when that is not known; () when not worked out (scan ``trigger_words``)
    scan_words: tuple[str, ...] = ()
    # literals every match of ``collective_re`` contains (a stronger test than
    # ``collective_words``, whose "the" is in nearly every window); () when none are known
    collective_literals: Clauses = ()
    # for whom: the words that make the party after them a recipient (``recipients``)
    recipients: Recipients = field(default_factory=Recipients)

    @property
    def word_boundaries(self) -> bool:
        return self.language == "en"


def _alternation(patterns: Sequence[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


_PLAIN = re.compile(r"[\w \-'’]+")


_SUFFIXES = (
    "s",
    "es",
    "d",
    "ed",
    "ing",
    "ion",
    "ions",
    "ure",
    "ures",
    "ment",
    "ments",
    "al",
    "ity",
)


def word_forms(word: str) -> set[str]:
    """A word and its regular forms: "disclose" -> disclose, discloses, disclosed, disclosing …"""
    forms = {word}
    stems = {word}
    if word.endswith("e"):
        stems.add(word[:-1])
    if word.endswith("y"):
        forms.update({word[:-1] + "ies", word[:-1] + "ied"})
    for stem in stems:
        forms.update(stem + s for s in _SUFFIXES)
    return forms


def load_deontic_data(language: str, directory: Path | None = None) -> DeonticData:
    """The deontic data of the default pattern set, or of ``directory/<language>.yaml`` (a
    deontic folder; read and validated by the pattern loader's
    :func:`~analyzer.patterns.read_data_file`). The analysis takes it from its
    :class:`~analyzer.patterns.PatternSet`."""
    if directory is None:
        return load_patterns().deontic_data(language)
    path = Path(directory) / f"{language}.yaml"
    return build_deontic_data(read_data_file(path, "deontic_file"), language, path)


def _recipients(raw: Any, path: Path) -> Recipients:
    """``recipients`` of a deontic file: ``words`` (and, in English, ``with_verbs`` and
    ``payment_words``), plain words."""
    if not isinstance(raw, dict):
        raise PatternError("'recipients' must be a mapping", path=str(path))
    unknown = set(raw) - {"words", "with_verbs", "payment_words"}
    if unknown:
        raise PatternError(f"recipients: unknown key(s) {sorted(unknown)}", path=str(path))
    lists = {
        k: string_list(raw.get(k, []), path=path, entry=f"recipients.{k}", allow_empty=True)
        for k in ("words", "with_verbs", "payment_words")
    }
    for k, words in lists.items():
        for w in words:
            if not _PLAIN.fullmatch(w):
                raise PatternError(
                    f"recipients.{k}: {w!r}: plain words, no regex syntax", path=str(path)
                )
    return Recipients.of(lists["words"], lists["with_verbs"], lists["payment_words"])


def build_deontic_data(data: dict[str, Any], language: str, path: Path) -> DeonticData:
    """Compile validated ``deontic/<language>.yaml`` data (the checks the schema cannot make:
    the language, unique ids, regexes that compile and start with a literal word, topics)."""
    if data.get("language") != language:
        raise PatternError(f"'language' must be {language!r}", path=str(path))
    markers: list[Marker] = []
    groups: list[str] = []
    for i, entry, item in id_entries(data, "markers", path, set()):
        if item.get("modality") not in MODALITIES:
            raise PatternError(
                f"entry {entry}: modality must be one of {MODALITIES}", path=str(path)
            )
        subject = item.get("subject")
        if subject not in (None, "party", "any"):
            raise PatternError(f"entry {entry}: subject must be 'party' or 'any'", path=str(path))
        compile_regex(item.get("regex"), path=path, entry=entry)
        markers.append(Marker(entry, item["modality"], subject == "party"))
        groups.append(f"(?P<m{i}>{item['regex']})")
    triggers: set[str] = set()
    firsts: list[set[str]] = []  # per marker: the first characters of its alternatives
    rests: dict[str, list[str]] = {}  # trigger -> what its alternatives have after it
    for item in data["markers"]:
        firsts.append(set())
        for alt in split_alternatives(str(item["regex"])):
            lead = literal_prefix(alt)
            if not lead:
                raise PatternError(
                    f"entry {item['id']}: each alternative must start with a literal word "
                    f"(no leading \\b, group or class): {alt!r}",
                    path=str(path),
                )
            triggers.add(lead)
            firsts[-1].add(lead[0])
            rests.setdefault(lead, []).append(alt[len(lead) :])
    marker_re = compile_regex("|".join(groups), path=path, entry="markers")
    marker_first: dict[str, re.Pattern[str]] | None = None
    if not any(_INLINE_FLAGS.search(str(item["regex"])) for item in data["markers"]):
        # each alternative starts with its literal word (checked above): at a position, only
        # the markers with an alternative starting with its character can match, and the first
        # of them in order is the one marker_re finds
        marker_first = {
            c: re.compile("|".join(g for g, f in zip(groups, firsts, strict=True) if c in f))
            for c in sorted(set().union(*firsts))
        }

    scan_words: tuple[str, ...] = ()
    if marker_first is not None:
        scan_words = _scan_words(rests)

    def combined(key: str) -> re.Pattern[str]:
        items = string_list(data.get(key), path=path, entry=key)
        for item in items:
            compile_regex(item, path=path, entry=f"{key}: {item}")
        return compile_regex("|".join(items), path=path, entry=key)

    crossref = compile_regex(data.get("crossref"), path=path, entry="crossref", flags=re.IGNORECASE)
    if "num" not in crossref.groupindex:
        raise PatternError("crossref: the regex needs a group named 'num'", path=str(path))
    topics = data.get("topics")
    if not isinstance(topics, dict) or not topics:
        raise PatternError("'topics' must be a non-empty mapping", path=str(path))
    topic_names: list[str] = []
    literal: dict[str, int] = {}
    phrases: dict[str, list[tuple[str, int]]] = {}
    for i, (name, words) in enumerate(topics.items()):
        if name not in TOPICS:
            raise PatternError(f"topics: unknown topic {name!r} (one of {TOPICS})", path=str(path))
        topic_names.append(name)
        for k in string_list(words, path=path, entry=f"topics.{name}"):
            if not _PLAIN.fullmatch(k) or k != k.lower():
                raise PatternError(
                    f"topics.{name}: {k!r}: keywords are lower-case words, no regex syntax",
                    path=str(path),
                )
            if language == "en" and " " in k:
                phrases.setdefault(k.split(" ")[0], []).append((k, i))
            elif language == "en":
                for form in word_forms(k):
                    literal.setdefault(form, i)
            else:
                literal.setdefault(k, i)
    abbreviations = string_list(
        data.get("abbreviations", []), path=path, entry="abbreviations", allow_empty=True
    )
    not_duties = string_list(
        data.get("not_duties", []), path=path, entry="not_duties", allow_empty=True
    )
    for pattern in not_duties:
        compile_regex(pattern, path=path, entry=f"not_duties: {pattern}")
    deadlines = string_list(
        data.get("deadlines", []), path=path, entry="deadlines", allow_empty=True
    )
    for pattern in deadlines:
        compile_regex(pattern, path=path, entry=f"deadlines: {pattern}")
    recipients = _recipients(data.get("recipients", {}), path)
    return DeonticData(
        recipients=recipients,
        language=language,
        markers=tuple(markers),
        triggers=tuple(re.compile(re.escape(t)) for t in sorted(triggers)),
        trigger_words=tuple(sorted(triggers)),
        scan_words=scan_words,
        marker_re=marker_re,
        marker_first=marker_first,
        marker_of={f"m{i}": marker for i, marker in enumerate(markers)},
        collective_re=(collective_re := combined("collective_bearers")),
        collective_literals=required_literals(collective_re.pattern, collective_re.flags),
        condition_re=combined("conditions"),
        exception_re=combined("exceptions"),
        collective_words=tuple(sorted(_needed_words(data["collective_bearers"]))),
        condition_words=frozenset(_needed_words(data["conditions"])),
        exception_words=frozenset(_needed_words(data["exceptions"])),
        crossref_re=crossref,
        inverted_re=(
            compile_regex(
                "(?:"
                + _alternation(string_list(data["inverted"], path=path, entry="inverted"))
                # a time inset before the marker: "At no time during or after the term of this
                # Agreement shall either party …"
                + r")(?:[\s,]+(?:during|after|before|following|prior|to|or|and|the|this|its|any"
                r"|such|term|terms|of|agreement|period|thereafter|thereof|hereof|renewal))*\s*,?\s*$",
                path=path,
                entry="inverted",
            )
            if data.get("inverted")
            else None
        ),
        abbreviations=frozenset(a.lower().rstrip(".") for a in abbreviations),
        topic_scan_re=re.compile(trie_regex(sorted(literal)) if literal else "(?!)"),
        topic_literal=literal,
        topic_phrases={k: tuple(v) for k, v in phrases.items()},
        topic_words=frozenset(literal),
        topic_heads=frozenset(phrases),
        topic_names=tuple(topic_names),
        not_duty_re=(
            not_duty_re := compile_regex(
                _NOT_DUTY_LEAD + "(?:" + _alternation(not_duties) + ")",
                path=path,
                entry="not_duties",
            )
            if not_duties
            else None
        ),
        not_duty=(
            FirstCharDispatch.build(not_duty_re, _NOT_DUTY_LEAD, _NOT_DUTY_ADVERBS, not_duties)
            if not_duty_re is not None
            else None
        ),
        deadlines=tuple(
            (
                compile_regex(str(d), path=path, entry="deadlines"),
                required_literals(str(d)),
            )
            for d in deadlines
        ),
        passive_re=(
            compile_regex(
                r"\s*(?:(?:also|further|then|thereafter|promptly|immediately)\s+)?(?:"
                + str(data["passive"])
                + ")",
                path=path,
                entry="passive",
            )
            if data.get("passive")
            else None
        ),
    )


# what may stand between a marker and a "not duty" ("shall also be deemed …")
_NOT_DUTY_ADVERBS = ("sometimes", "also", "each", "further", "hereinafter", "herein", "thereafter")
_NOT_DUTY_LEAD = r"\s*(?:(?:" + "|".join(_NOT_DUTY_ADVERBS) + r")\s+)?"


@dataclass(frozen=True, eq=False)
class FirstCharDispatch:
    r"""Whether ``full`` (``lead`` + an alternation of ``items``) matches at a position, asking
    only the items that can start with the first character after the white space there.

    ``full`` is ``\s*(?:(?:adverb|…)\s+)?(?:item|item|…)`` and only its yes/no answer is wanted,
    so the order of the items does not matter. An item whose first characters are known (and
    are no white space) can only start after the whole run of white space: when that character
    does not start an adverb either, the items that cannot start with it cannot match. Items with
    unknown first characters are asked everywhere. (``re`` tries each of the 45 items of
    "shall be deemed", "shall survive" … after every marker: a tenth of the marker loop.)"""

    full: re.Pattern[str]
    lead: str
    adverbs: tuple[str, ...]  # where one starts: ask ``full``
    lead_chars: frozenset[str]  # their first characters
    by_char: dict[str, tuple[str, ...]]  # character -> the items that may start with it
    anywhere: tuple[str, ...]  # items whose first characters are not known
    compiled: dict[str, re.Pattern[str] | None] = field(default_factory=dict)

    @classmethod
    def build(
        cls, full: re.Pattern[str], lead: str, adverbs: Sequence[str], items: Sequence[str]
    ) -> FirstCharDispatch | None:
        if full.flags & ~(re.UNICODE) or any(_INLINE_FLAGS.search(i) for i in items):
            return None  # a case rule would change which characters start an item
        by_char: dict[str, list[str]] = {}
        anywhere: list[str] = []
        for item in items:
            chars = first_chars(item)
            if chars is None or any(c.isspace() for c in chars):
                anywhere.append(item)
                continue
            for c in chars:
                by_char.setdefault(c, []).append(item)
        return cls(
            full,
            lead,
            tuple(adverbs),
            frozenset(a[:1] for a in adverbs),
            {c: tuple(v) for c, v in by_char.items()},
            tuple(anywhere),
        )

    def matches(self, low: str, at: int, end: int) -> bool:
        q = at
        while q < end and low[q].isspace():
            q += 1
        if q >= end or (
            low[q] in self.lead_chars and any(low.startswith(a, q) for a in self.adverbs)
        ):
            return self.full.match(low, at, end) is not None
        c = low[q]
        compiled = self.compiled
        if c in compiled:
            rx = compiled[c]
        else:
            items = self.by_char.get(c, ()) + self.anywhere
            rx = compiled[c] = (
                re.compile(self.lead + "(?:" + _alternation(items) + ")") if items else None
            )
        return rx is not None and rx.match(low, at, end) is not None


_STOPWORDS = frozenset({"a", "an", "the", "in", "of", "to", "on", "for", "by", "at"})
_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux]")  # "(?i)", "(?i:…)": a case rule the dispatch ignores


def _needed_words(patterns: Sequence[str]) -> set[str]:
    """For each alternative, one literal word it cannot match without (its first real word).

    An empty string means "no such word" (the regex is then always run).
    """
    out: set[str] = set()
    for p in patterns:
        for alt in split_alternatives(p):
            head = re.split(r"[(\[|?*{]", alt, maxsplit=1)[0]
            head = re.sub(r"\\[sb][+*]?", " ", head)
            words = re.findall(r"[^\W\d_]+", head)
            content = [w for w in words if w not in _STOPWORDS]
            out.add((content or words or [""])[0])
    return out


def split_alternatives(pattern: str) -> list[str]:
    """Top-level alternatives of a regex ("a|b(c|d)" -> ["a", "b(c|d)"])."""
    out: list[str] = []
    depth, escaped, in_class, start = 0, False, False, 0
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    out.append(pattern[start:])
    return out


def literal_prefix(pattern: str) -> str:
    """The literal characters a regex starts with ("agrees?\\s+to" -> "agree")."""
    out: list[str] = []
    for i, ch in enumerate(pattern):
        if ch in "\\[(.^$|)*+?{":
            if ch in "*?{" and out:
                out.pop()  # the last literal is optional
            break
        if i + 1 < len(pattern) and pattern[i + 1] in "*?{" and not out:
            break
        out.append(ch)
    return "".join(out)


# (text, its lower-cased copy) of the last call: the stages of one document each lower-case the
# whole text (_find, the plain duties and grants, heading scopes); strings are immutable, so the
# identity of the text is enough to reuse the copy
_LAST_LOW: tuple[str, str] = ("", "")


def lower_same_length(text: str) -> str:
    """``text.lower()`` with every offset unchanged (a few characters grow when lower-cased)."""
    global _LAST_LOW
    last = _LAST_LOW
    if last[0] is text:
        return last[1]
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    _LAST_LOW = (text, low)
    return low


def _starts_word(low: str, pos: int) -> bool:
    return pos == 0 or not low[pos - 1].isalnum()


# ----------------------------------------------------------------------------------------------
# Sentences
# ----------------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# punctuation and symbols -> space, so that str.split() yields the words (faster than a regex)
_NON_WORD = str.maketrans(
    {chr(i): " " for i in range(0x250) if not (chr(i).isalnum() or chr(i) == "-")}
)
# the same table for ASCII text, as bytes: bytes.translate is much faster than str.translate
_NON_WORD_ASCII = bytes(32 if i in _NON_WORD else i for i in range(128)) + bytes(range(128, 256))
_BOUNDARY_CHARS = re.compile(r"[.!?。；！？\n]")
_CLOSERS = "\"'”’)]"
_NUMBER_LABEL = re.compile(r"(?:^|\n)[ \t]*[(\[]?[0-9][0-9.]*$")


MAX_SENTENCE = 4000  # a "sentence" without any boundary is cut into pieces of this size
# the word before a single letter that names a party or an attachment ("Party B.", "Exhibit A."),
# so that its full stop ends the sentence (a lone letter is otherwise an initial: "J. Smith")
_LETTER_NAME = re.compile(r"\b(?:party|exhibit|schedule|appendix|annex|attachment)\s\Z")


# an abbreviation that stands before a number ("Sec. 5"): before a word, the full stop ends a
# sentence ("… the rules of the SEC. The Trust agrees …"; not "No.": '"Model No." shall be …')
_REFERENCE_WORDS = frozenset(["sec", "secs"])
_NUMBER_NEXT = re.compile(r"\s*(?:[\d(#§]|[ivxlc]{1,6}\b)")


def _boundary_end(low: str, pos: int, abbreviations: frozenset[str]) -> int | None:
    """If the character at ``pos`` ends a sentence, the offset after it (and closing quotes).

    . ! ? end a sentence when followed by white space (after closing quotes/brackets), except a
    full stop after an abbreviation ("inc.", "sec.", "u.s."), a single letter ("j. smith") or a
    number that opens a line ("1. definitions"). 。；！？ and line breaks always end one.
    """
    ch = low[pos]
    if ch not in ".!?":
        return pos + 1
    n = len(low)
    end = pos + 1
    while end < n and low[end] in _CLOSERS:
        end += 1
    if end < n and not low[end].isspace():
        return None
    if ch == "." and pos and not low[pos - 1].isspace():
        ws = max(low.rfind(" ", max(0, pos - 16), pos), low.rfind("\n", max(0, pos - 16), pos))
        word = low[ws + 1 : pos].lstrip("(\"'“‘[")
        if word[:1].isalpha():
            if len(word) == 1 and _LETTER_NAME.search(low, max(0, ws - 12), ws + 1):
                return end  # "… the schedule of Party B. If …": a party's or exhibit's letter
            if word in _REFERENCE_WORDS and not _NUMBER_NEXT.match(low, end):
                return end  # "… the rules of the SEC. The Trust …": "Sec." is followed by a number
            if len(word) == 1 or word in abbreviations or word[-2:-1] == ".":
                return None  # "inc.", "j. smith", "u.s."
        elif word[:1].isdigit() and _NUMBER_LABEL.search(low, max(0, pos - 12), pos):
            return None
    return end


def sentence_bounds(low: str, abbreviations: frozenset[str]) -> list[int]:
    """Sorted offsets where a sentence ends (exclusive), from one scan of the lower-cased text."""
    out: list[int] = []
    for m in _BOUNDARY_CHARS.finditer(low):
        end = _boundary_end(low, m.start(), abbreviations)
        if end is not None:
            out.append(end)
    return out


_BOUNDARY_SET = ".!?\n。；！？"


def sentence_span(
    low: str, pos: int, abbreviations: frozenset[str], boundary_chars: str = _BOUNDARY_SET
) -> tuple[int, int]:
    """The sentence around ``pos`` (found lazily: only sentences with a marker cost anything).

    ``boundary_chars``: the characters of ``_BOUNDARY_SET`` that occur in ``low`` at all (a
    caller that looks up many sentences of one text passes them: an English text has no 。, and
    each ``rfind`` for an absent character reads the whole window)."""
    return _span(low, pos, abbreviations, boundary_chars)[:2]


def _span(
    low: str,
    pos: int,
    abbreviations: frozenset[str],
    boundary_chars: str,
    floor: tuple[int, int] | None = None,
) -> tuple[int, int, int]:
    """:func:`sentence_span` and where the character that ends the sentence is (-1: none, the
    sentence was cut at ``MAX_SENTENCE``). ``floor``: (a boundary character, the end it gives)
    with that end at most ``pos`` (the end of an earlier sentence): the start is not before it,
    so the backward search stops there."""
    n = len(low)
    e = min(n, pos + MAX_SENTENCE)
    at = -1
    for m in _BOUNDARY_CHARS.finditer(low, max(0, pos - 8), e):
        end = _boundary_end(low, m.start(), abbreviations)
        if end is not None and end > pos:  # (a full stop just before pos may end after it)
            e = end
            at = m.start()
            break
    lo = max(0, pos - MAX_SENTENCE)
    hi = pos
    start = lo
    if floor is not None and lo <= floor[0] and floor[1] <= pos:
        # the last boundary with an end at most pos is this one or a later one
        lo = floor[0] + 1
        start = floor[1]
    rfind = low.rfind
    while hi > lo:
        i = -1  # the last boundary character in low[lo:hi] (a plain loop: no generator)
        for c in boundary_chars:
            j = rfind(c, lo, hi)
            if j > i:
                i = j
        if i < 0:
            break
        end = _boundary_end(low, i, abbreviations)
        if end is not None and end <= pos:
            start = end
            break
        hi = i
    return start, e, at


def _language_of(sentence: str) -> str:
    cjk = len(_CJK.findall(sentence))
    if cjk == 0:
        return "en"
    latin = sum(1 for ch in sentence if "a" <= ch.lower() <= "z")
    return "zh" if cjk * 2 >= latin else "en"


# ----------------------------------------------------------------------------------------------
# Bearers
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bearers:
    terms: tuple[str, ...]  # longest first
    term_re: re.Pattern[str] | None
    role_of: dict[str, BearerRole]  # normalised term -> role
    collective_re: re.Pattern[str]
    collective_words: tuple[str, ...]
    # ``terms`` grouped by their last character, each group in ``terms`` order (None: an empty term)
    by_last: dict[str, tuple[str, ...]] | None = None
    collective_literals: Clauses = ()  # DeonticData.collective_literals
    # what every match of ``term_re`` ends with (a term's last word: the regex matches any run of
    # spaces between words), grouped by its last character; None: no such test
    ends: dict[str, tuple[str, ...]] | None = None

    def may_end_with_term(self, pre: str) -> bool:
        """False when no match of ``term_re`` can end where ``pre`` ends."""
        if self.ends is None:
            return True
        group = self.ends.get(pre[-1:])
        if group is not None:
            for t in group:  # (a loop: a generator for any() costs more than the test)
                if pre.endswith(t):
                    return True
        return False

    def may_be_collective(self, low: str) -> bool:
        """False when ``collective_re`` cannot match in ``low`` (a cheap literal test)."""
        if self.collective_literals:
            return may_match(low, self.collective_literals)
        return any(w in low for w in self.collective_words)


def _by_last(terms: tuple[str, ...]) -> dict[str, tuple[str, ...]] | None:
    if not all(terms):
        return None
    groups: dict[str, list[str]] = {}
    for t in terms:
        groups.setdefault(t[-1], []).append(t)
    return {k: tuple(v) for k, v in groups.items()}


_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)
def _norm(term: str) -> str:
    return term_key(term)


@functools.lru_cache(maxsize=64)
def _bearers(parties: tuple[Party, ...], data: DeonticData, roles_en: RoleData) -> _Bearers:
    role_of: dict[str, BearerRole] = {}
    terms: set[str] = set()
    for p in parties:
        for t in (*p.terms, p.name):
            if not t or len(t) > 60:
                continue
            if (data.language == "zh") != bool(_CJK.search(t)):
                continue
            if data.language == "en" and _not_a_party_term(t):
                continue  # '(the "Plan")', '("Shares")' taken for a party: no one to bear a duty
            forms = _variants(t) if data.language == "en" else (t,)
            terms.update(forms)
            role: BearerRole = p.role
            if role == "unknown" and data.language == "en" and _mutual_noun(t, roles_en):
                role = "both"  # "Recipient" / "Receiving Party" of a mutual agreement
            for form in forms:  # the term as written comes first
                role_of.setdefault(_norm(form), role)
    if data.language == "zh":
        for t in ("甲方", "乙方", "丙方"):
            terms.add(t)
            role_of.setdefault(t, "unknown")
    elif not role_of:
        # no parties found: role nouns used as defined terms still name the bearer
        for noun in roles_en.nouns:
            for t in noun.terms:
                terms.add(t)
                role_of.setdefault(_norm(t), "both" if noun.role == "neutral" else noun.role)  # type: ignore[arg-type]
    if not terms:
        return _Bearers(
            (),
            None,
            role_of,
            data.collective_re,
            data.collective_words,
            collective_literals=data.collective_literals,
        )
    ordered = tuple(sorted(terms, key=len, reverse=True))
    if data.language == "en":
        # "Network 1" written "Network  1" (runs of spaces are common in converted filings): the
        # trie is built with a placeholder for each run of spaces, which then matches any run
        gap = next(c for c in map(chr, range(0xE000, 0xF900)) if not any(c in t for t in terms))
        loose = sorted({gap.join(t.split()) for t in terms if t.strip()})
        pattern = trie_regex(loose).replace(gap, r"[ \t]+")
        last_words = {t.split(gap)[-1] for t in loose}
    else:
        pattern = trie_regex(sorted(terms))
        last_words = set(terms)
    ends: dict[str, list[str]] = {}
    for w in sorted(last_words):
        ends.setdefault(w[-1:], []).append(w)
    return _Bearers(
        ordered,
        re.compile(pattern),
        role_of,
        data.collective_re,
        data.collective_words,
        _by_last(ordered),
        data.collective_literals,
        {k: tuple(v) for k, v in ends.items()} if last_words and all(last_words) else None,
    )


def _variants(term: str) -> tuple[str, ...]:
    """A defined term as the text may write it: "NETWORK  1" -> also "NETWORK 1", "Network 1";
    "AFFILIATE" -> "Affiliate" (definitions in capitals, uses in title case); "Company" ->
    "COMPANY" (a clause or an exhibit set in capitals); "MediaNet" -> "Medianet" (a name's
    inner capital dropped)."""
    out = [term]
    one = " ".join(term.split())
    out.append(one)
    if one.endswith(".") and len(one) > 4 and one.count(".") == 1:
        one = one[:-1]  # 'referred to as "Shipper."': the sentence's full stop, not the term's
        out.append(one)
    if one.lower() in PRONOUN_TERMS:
        out += [one.lower(), one.capitalize(), one.upper()]  # "you" / "You shall" / "YOU"
    elif one.isupper() and len(one) > 3:
        out.append(" ".join(w.capitalize() if w.isalpha() else w for w in one.split(" ")))
    elif len(one) > 3 and one[:1].isupper():
        out.append(one.upper())  # "Company" written "COMPANY shall pay" in an exhibit or a notice
        if " " not in one and not one[1:].islower() and one[1:].isalpha():
            out.append(one.capitalize())  # "IntriCon" written "Intricon is entitled to …"
    return tuple(dict.fromkeys(out))


def _mutual_noun(term: str, roles_en: RoleData) -> bool:
    noun = roles_en.noun_for(term)
    return noun is not None and noun.role == "neutral"


def _is_word(text: str, start: int, end: int) -> bool:
    """No letter/digit/hyphen touches the match on either side (English terms)."""
    return (start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_-")) and (
        end >= len(text) or not (text[end].isalnum() or text[end] in "_-")
    )


_PRONOUN = re.compile(r"^(?:it|they|he|she|each\s+of\s+them)$", re.IGNORECASE)
# a party term right after a preposition or a participle's "by" is no subject: "All individuals
# identified by Affiliate shall …", "the fees due to Affiliate shall …", "on behalf of Customer"
# ("each of Supplier and Customer", "a representative of Supplier" are subjects: _OF_HEADS)
_PREPOSITIONS = frozenset(
    [
        "by",
        "to",
        "of",
        "from",
        "for",
        "with",
        "than",
        "against",
        "toward",
        "towards",
        "between",
        "via",
        "per",
        "due",  # "any sum due Supplier shall be paid …": owed to the party
        "owed",
        "owing",
    ]
)
_OF_HEADS = frozenset(
    [
        "each",
        "either",
        "neither",
        "any",
        "all",
        "both",
        "one",
        "none",
        "some",
        "representative",
        "representatives",
        "employee",
        "employees",
        "officer",
        "officers",
        "director",
        "directors",
        "agent",
        "agents",
        "personnel",
        "staff",
        "designee",
        "designees",
        "affiliate",
        "affiliates",
        "subcontractor",
        "subcontractors",
        "behalf",  # "Acme on behalf of Supplier shall …": the principal's duty
    ]
)


def _object_of_preposition(text: str, lo: int, start: int) -> bool:
    """The English party term at ``start`` follows a preposition (``text[lo:start]``)."""
    words = text[max(lo, start - 30) : start].split()
    if not words or text[start - 1 : start].isalnum():
        return False
    k = len(words) - 1
    if words[k].lower() == "the":
        k -= 1
    if k < 0 or (word := words[k].lower()) not in _PREPOSITIONS:
        return False
    return not (word == "of" and k > 0 and words[k - 1].lower() in _OF_HEADS)


def _of_us(text: str, lo: int, start: int, term: str) -> bool:
    """ "Each of us will …", "Neither of us may …": the collective bearer, not the party "us"."""
    return term.lower() == "us" and text[max(lo, start - 3) : start].lower() == "of "


def _last_term(
    window: str, low_window: str, lang: str, bearers: _Bearers
) -> tuple[int, str, BearerRole] | None:
    """The party term or collective bearer that ends nearest the end of the window."""
    best: tuple[int, str, BearerRole] | None = None
    if bearers.may_be_collective(low_window):
        for m in bearers.collective_re.finditer(low_window):
            if lang == "en" and low_window.startswith(("'s", "’s"), m.end()):
                continue  # "a party's total liability shall …": a thing of a party
            if lang != "en" or _is_word(low_window, m.start(), m.end()):
                best = (m.start(), _drop_article(window[m.start() : m.end()]), "both")
    if bearers.term_re is not None:
        for m in bearers.term_re.finditer(window):
            if lang == "en" and (
                not _is_word(window, m.start(), m.end())
                or _MODIFIER.match(window, m.end())
                or _object_of_preposition(window, 0, m.start())
                or _of_us(window, 0, m.start(), m.group())
            ):
                continue  # "Customer Data", "Customer's premises", "due to Customer": no subject
            if (
                lang == "zh"
                and best is not None
                and (
                    window[m.start() - 1 : m.start()] in _ZH_OBJECT_MARKS
                    or window.startswith("的", m.end())
                )
            ):
                continue  # "发包人对勘察人……有权", "乙方对甲方的资料负有……": the object, not the subject
            if best is None or m.start() > best[0]:
                best = (m.start(), m.group(), bearers.role_of.get(_norm(m.group()), "unknown"))
    if best is not None and best[2] == "both":
        defined = bearers.role_of.get(_norm(best[1]))
        if defined is not None:  # a collective word that is also a defined party term
            best = (best[0], best[1], defined)
    return best


# a Chinese party term after 对 / 向 / 给 is the object of the act, not its subject
_ZH_OBJECT_MARKS = frozenset("对向给")


_LEADING_LABEL = re.compile(
    r"[\s(（]*(?:[0-9０-９]+(?:[.．][0-9０-９]+)*[.．、]?|[a-z]\)|\([a-z0-9]+\)|[一二三四五六七八九十]+、)?\s*"
    r"(?:the\s+|若|如果|倘若|假如|如)?",
    re.IGNORECASE,
)


# "The Reseller Agreement may be terminated …": the term names a thing ("Agreement")
_NAMED_THING = re.compile(
    r"\s+(?:Agreement|Plan|Program|Programme|Content|Data|Materials?|Products?)\b"
)
# "The Acme Reseller Plan is free to join": the term is part of a longer name, a thing's
_NAME_GOES_ON = re.compile(r"\s+(?:[A-Z][a-z]+\s+)*(?:Plan|Program|Programme|Agreement|Schedule)\b")
_MODIFIER = re.compile(
    r"['’]s?\b|s?['’](?!\w)|\s+(?!(?:[Ss]hall|[Ww]ill|[Mm]ay|[Mm]ust|[Aa]nd|[Oo]r|[Aa]grees|[Ii]s|[Aa]re)\b)[A-Z][a-z]"
)


# a sentence that opens with a condition ("If", "Where", "In the event that", "Should" …)
_OPENS_CONDITION = re.compile(
    r"(?:if|where|when|whenever|in\s+the\s+event(?:\s+that)?|in\s+case|should|unless|once)\b"
    r"(?:\s+(?:for\s+any\s+reason|at\s+any\s+time|during\s+the\s+term)\b,?)?\s+",
    re.IGNORECASE,
)


# "…, it shall be informed to X": a passive after the pronoun, whose "it" is a thing
_THEN_PASSIVE = re.compile(r"(?:shall|will|must|may|can)\s+(?:not\s+)?be\s+(?:\w+ly\s+)?[a-z]+ed\b")


def _condition_subject(
    text: str, low: str, sent_start: int, cut: int, bearers: _Bearers
) -> tuple[str, BearerRole] | None:
    """The party the opening condition of the sentence is about, as the referent of "it",
    "they", "he" or "she" after it: the condition's first word after its opening word(s) is a
    party term ("If Customer fails to …, it shall …"); None for a condition about a thing
    ("If the Services are late, …") or one that names two parties before the pronoun."""
    if bearers.term_re is None:
        return None
    m = _LEADING_LABEL.match(text, sent_start, cut)
    at = m.end() if m else sent_start
    opens = _OPENS_CONDITION.match(low, at, cut)
    if opens is None:
        return None
    head = opens.end()
    if low.startswith("the ", head):
        head += 4
    t = bearers.term_re.match(text, head, cut)
    if t is None or not _is_word(text, t.start(), t.end()) or _MODIFIER.match(text, t.end()):
        return None  # "If Customer's payment is late": a thing of the party
    role = bearers.role_of.get(_norm(t.group()), "unknown")
    for other in bearers.term_re.finditer(text, t.end(), cut):
        if (
            _is_word(text, other.start(), other.end())
            and not _object_of_preposition(text, t.end(), other.start())
            and bearers.role_of.get(_norm(other.group()), "unknown") != role
        ):
            return None  # "If Customer asks Supplier to …, it shall": which one is unclear
    return t.group(), role


# the party's own work as the subject of a promise ("warrants that the Services shall be performed")
_WORK_SUBJECT = re.compile(r"\b(?:services?|work|deliverables|products?|goods)\b", re.IGNORECASE)
_PERFORMED = re.compile(
    r"\s+be\s+(?:\w+ly\s+)?(?:performed|rendered|provided|carried\s+out|completed|delivered|"
    r"furnished|supplied|manufactured|produced|packaged|shipped)\b"
)
# a defined name right after the subject, before the marker: '(the "Claimant")'
_NAMED_AS = re.compile(
    r"\s*\((?:the\s+|each\s+(?:a|an)\s+|hereinafter\s+|also\s+)?[\"“'‘][^\"”'’()]{1,40}[\"”'’]\)\s*\Z"
)


def _may_agent(
    text: str,
    low: str,
    s: int,
    pos: int,
    end: int,
    e: int,
    data: DeonticData,
    bearers: _Bearers,
    lookup: _ClauseLookup,
    index: ClauseIndex,
    out: list[tuple[int, int, Obligation]],
) -> tuple[str, BearerRole] | None:
    """Whose permission "may" + passive states when its subject is no party: the agent ("This
    Agreement may be terminated by either party"), else the chooser ("… at the discretion of X");
    None when neither is named (a termination list's items are then added to ``out``, each its
    party's right). English only (``data.passive_re`` is English)."""
    assert data.passive_re is not None
    inset = _INSET.match(low, end, e)  # "may, with written notice, be terminated"
    verb = data.passive_re.match(low, inset.end() if inset else end, e)
    if verb is None or _AGREEMENT_CHANGE.match(low, verb.start()):
        return None  # "may be amended only by a written instrument signed by the Parties"
    terminated = low.startswith("terminated", verb.end() - 10)
    agent = _passive_agent(text, verb.end(), min(e, verb.end() + 60), bearers, collective=True)
    if agent is None:
        # "… can be terminated at the discretion of either party", "the Term may be extended
        # upon mutual agreement of the parties": the chooser's permission
        agent = _chooser(text, low, verb.end(), e, bearers, _TERM_SUBJECT.search(low, s, pos), s)
    if agent is None and terminated:
        # "This Agreement may be terminated …: A. By either party …; B. By X, for cause.": each
        # item is its party's right to terminate
        items = _termination_items(text, low, verb.end(), data, bearers)
        if not items:
            # "… may be terminated at any time, without the payment of any penalty, upon 60
            # days' notice, by X": the agent after a long inset
            stop = _CONDITION_WORD.search(low, verb.end(), min(e, verb.end() + 240))
            agent = _passive_agent(
                text,
                verb.end(),
                stop.start() if stop else min(e, verb.end() + 240),
                bearers,
                collective=True,
            )
        for a, b, who in items:
            out.append(
                _obligation(
                    text,
                    a,
                    b,
                    a,
                    a,
                    who,
                    "may",
                    _sentence_info(text[a:b], low[a:b], data, lookup, "en"),
                    index,
                    "en",
                    _deadline(text, low, a, b, a, data),
                )
            )
    return agent


def _agent_term(text: str, at: int, hi: int, bearers: _Bearers) -> re.Match[str] | None:
    """The party term right after an agent's "by", or after the words that make the agent the
    party's people: "approved by one of Supplier's registered principals", "by a Supplier
    designated representative", "performed by personnel of Supplier"."""
    assert bearers.term_re is not None
    t = bearers.term_re.match(text, at)
    if t is None and hi > at:
        # (on the few words after "by" only: lower-casing the text costs)
        lead = _AGENT_STAFF.match(text[at : min(hi, at + 60)].lower())
        if lead is not None:
            t = bearers.term_re.match(text, at + lead.end())
    return t


def _near_agent(
    text: str, low: str, end: int, e: int, passive: re.Pattern[str], bearers: _Bearers
) -> tuple[str, BearerRole] | None:
    """The party named as the agent of the passive right after a marker, "by" at most four
    words after the participle ("will be assigned by Cisco", "will be kept in confidence by
    X"); not a "by" of a later clause ("… unless freight is paid in advance by You")."""
    verb = passive.match(low, end, e)
    near = _AGENT_NEAR.match(low, verb.end(), e) if verb is not None else None
    if near is None:
        return None
    t = _agent_term(text, near.end(), e, bearers) if bearers.term_re is not None else None
    if t is not None and _is_word(text, t.start(), t.end()):
        return t.group(), bearers.role_of.get(_norm(t.group()), "unknown")
    # "will be shared equally by the Parties": both sides' duty
    at = near.start() + low[near.start() : near.end()].rfind("by")
    c = bearers.collective_re.match(low, at + 3 if low.startswith("by ", at) else near.end())
    if c is not None and _is_word(low, c.start(), c.end()):
        return text[c.start() : c.end()], "both"
    return None


def _warrantor(
    text: str, low: str, s: int, pos: int, end: int, e: int, subject: str, bearers: _Bearers
) -> tuple[str, BearerRole] | None:
    """The party that warrants (agrees, undertakes …) that its own work will be done, when the
    marker's subject is that work: "VIP warrants that all services shall be performed …"."""
    if not (_WORK_SUBJECT.search(subject) and _PERFORMED.match(low, end, e)):
        return None
    found = _declaring_party(text, low, s, pos, bearers, that=True)
    return (found[0], found[1]) if found is not None else None


_RESPONSIBILITY_ID = "en.deontic.responsibility"
_IS_THE = re.compile(
    r"(?:\bis|\bare|\bbe|\bremain|\bremains)\s+(?:the\s+)?(?:(?:sole|exclusive|full|entire)\s+)?\Z"
)
_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")
_IS_TERMS = re.compile(r"['’]s\s+(?:(?:sole|exclusive|full|entire)\s+)?\Z")
_IS_MINE = re.compile(
    r"(?:\bis|\bare|\bbe|\bremains?|['’]s)\s+(?P<who>your|our)\s+"
    r"(?:(?:sole|exclusive|full|entire|own)\s+)?\Z"
)
_PRONOUN_OWNER: dict[str, tuple[str, ...]] = {"your": ("you",), "our": ("we", "us")}


def _responsible_party(
    text: str, low: str, s: int, pos: int, end: int, e: int, bearers: _Bearers
) -> tuple[str, BearerRole] | None:
    """The party whose responsibility the sentence states: "is the (sole) responsibility of X"
    or "is X's responsibility"; None when the words around "responsibility" say neither."""
    if bearers.term_re is None:
        return None
    before = low[max(s, pos - 60) : pos]
    mine = _IS_MINE.search(before)
    if mine is not None:
        # "It's your responsibility to …", "It is our sole responsibility to …": the party whose
        # term is "you" / "we" (contracts written in plain English)
        for term in _PRONOUN_OWNER[mine.group("who")]:
            role = bearers.role_of.get(_norm(term))
            if role in ("provider", "client", "both"):
                at = pos - (len(before) - mine.start("who"))
                return text[at : at + len(mine.group("who"))], role
        return None
    of = _OF_THE.match(low, end, e)
    if of is not None and _IS_THE.search(before):
        t = bearers.term_re.match(text, of.end())
    else:
        owner = _IS_TERMS.search(before)
        if owner is None:
            return None
        cut = pos - (len(before) - owner.start())
        t = None
        for hit in bearers.term_re.finditer(text, max(s, cut - 60), cut):
            if hit.end() == cut:
                t = hit
        if t is None or not re.search(
            r"\b(?:is|are|be|remain|remains)\s+(?:the\s+)?\Z",
            low[max(s, t.start() - 20) : t.start()],
        ):
            return None
    if t is None or not _is_word(text, t.start(), t.end()):
        return None
    role = bearers.role_of.get(_norm(t.group()), "unknown")
    return (t.group(), role) if role in ("provider", "client", "both") else None


def _drop_article(term: str) -> str:
    return term[4:] if term[:4].lower() == "the " else term


def _leading_term(
    text: str, low: str, sent_start: int, pos: int, lang: str, bearers: _Bearers
) -> tuple[str, BearerRole] | None:
    """A party named at the very start of the sentence (after any numbering)."""
    m = _LEADING_LABEL.match(text, sent_start, pos)
    at = m.end() if m else sent_start
    c = bearers.collective_re.match(low, at, pos)
    if c is None and lang == "en" and low.endswith("the ", sent_start, at):
        c = bearers.collective_re.match(low, at - 4, pos)  # "The party, within two days, shall"
    if c is not None and lang == "en" and low.startswith(("'s", "’s"), c.end()):
        c = None  # "A party's total liability shall …": a thing of a party
    if c is not None and (lang != "en" or _is_word(low, c.start(), c.end())):
        term = _drop_article(text[c.start() : c.end()])
        return term, bearers.role_of.get(_norm(term), "both")
    if bearers.term_re is not None:
        t = bearers.term_re.match(text, at, pos)
        if t is not None and (
            lang != "en"
            or (
                _is_word(text, t.start(), t.end())
                and not _POSSESSED_THING.match(text, t.end())
                and not _NAMED_THING.match(text, t.end())
                and not _NAME_GOES_ON.match(text, t.end())
            )
        ):
            return t.group(), bearers.role_of.get(_norm(t.group()), "unknown")
    return None


# "Supplier's liability shall …", "Acme Systems' rights …": a thing of the party, not the party
# (its people are: "Supplier's employees shall …" is the Supplier's duty)
_POSSESSED_THING = re.compile(
    r"s?['’]s?\s+(?!(?:\w+\s+){0,2}?(?:employees?|personnel|staff|officers?|directors?|agents?|"
    r"representatives?|contractors?|subcontractors?|affiliates?|members?|workers?|consultants?)\b)",
    re.IGNORECASE,
)


def _term_just_before(
    text: str,
    sent_start: int,
    pos: int,
    lang: str,
    bearers: _Bearers,
    *,
    after_preposition: bool = False,
) -> tuple[str, BearerRole, bool] | None:
    """Fast path: "Supplier shall", "乙方应" — a party term right before the marker (with
    ``after_preposition``, also one that is a preposition's object: what a relative pronoun after
    it refers to, "… to Customer, who shall pay")."""
    end = pos
    while end > sent_start and text[end - 1] in " \t":
        end -= 1
    terms = bearers.terms
    if bearers.by_last is not None:
        # only a term ending with the character before ``end`` can end there (same order)
        terms = bearers.by_last.get(text[end - 1], ()) if end > sent_start else ()
    for term in terms:
        start = end - len(term)
        if start >= sent_start and text.startswith(term, start):
            if (
                lang == "en"
                and start > 0
                and (
                    text[start - 1].isalnum()
                    or text[start - 1] in "_-"
                    or (not after_preposition and _object_of_preposition(text, sent_start, start))
                    or _of_us(text, sent_start, start, term)
                )
            ):
                continue
            return term, bearers.role_of.get(_norm(term), "unknown"), True
    return None


_CUT_CHARS_EN = ",;:()[]"
_CUT_WORDS_EN = (" that ", " which ", " provided ", " then ")
_CUT_CHARS_ZH = "，,；;：:（）()、"
_CONJUNCTIONS_EN = frozenset(["and", "or", "and/or", "but", "nor", "then"])
_CONJUNCTIONS_ZH = ("并且", "并", "且", "或者", "或", "也", "但", "同时")


def _last_cut(low_window: str, lang: str) -> int:
    """Where the subject part before a marker starts: after the last , ; : ( or "that" …"""
    cut = 0
    for ch in _CUT_CHARS_ZH if lang == "zh" else _CUT_CHARS_EN:
        i = low_window.rfind(ch)
        if i >= cut:
            cut = i + 1
    if lang != "zh":
        for w in _CUT_WORDS_EN:
            i = low_window.rfind(w)
            if i >= 0 and w == " that " and low_window[i + len(w) :].strip() == "party":
                i = low_window.rfind(w, 0, i)  # "…, that party shall notify": a bearer
            if i >= 0 and i + len(w) - 1 > cut:
                cut = i + len(w) - 1
    return cut


def _ends_with_conjunction(low_tail: str, lang: str) -> bool:
    """True when nothing but a conjunction stands between the previous marker and this one."""
    tail = low_tail.strip(" \t\n,，")
    if not tail:
        return True
    if lang == "zh":
        return tail.endswith(_CONJUNCTIONS_ZH)
    return tail.rsplit(None, 1)[-1] in _CONJUNCTIONS_EN


def _clause_subject(
    text: str, low: str, lo: int, hi: int, lang: str, bearers: _Bearers
) -> tuple[str, BearerRole] | None:
    """The nearest earlier clause (between cuts, before ``hi``) that opens with a party term."""
    chars = _CUT_CHARS_ZH if lang == "zh" else _CUT_CHARS_EN
    starts = [lo] + [i + 1 for i in range(lo, hi) if text[i] in chars]
    for start in reversed(starts):
        if start >= hi:
            continue
        found = _leading_term(text, low, start, hi, lang, bearers)
        if found is not None:
            return found
    return None


_TRAILING_PAREN = re.compile(r"\s*[(（][^()（）]{0,60}[)）]\s*$")
_JOINT_GAP = re.compile(
    r"^\s*(?:[(（][^()（）]{0,60}[)）]\s*)?"
    r"(?:and/or|and|or|nor|&|together\s+with|as\s+well\s+as|和|与|及|或者|或|、)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# "Customer and Supplier each agree to …", "Customer and Supplier both shall …"
_JOINT_EACH = re.compile(r"\s+(?:each|both)$", re.IGNORECASE)
# "Neither Supplier nor the Customer shall …", "Either Customer or Supplier may …", "Both
# Customer and Supplier shall …": the bearer as written starts at that word
_JOINT_OPENER = re.compile(r"\b(?:neither|either|both)\s+(?:the\s+)?$", re.IGNORECASE)


_JOINT_WORDS = (
    "and",
    " or ",
    " nor ",
    "together",
    "&",
    "和",
    "与",
    "及",
    "或",
    "、",
)  # what _JOINT_GAP needs (lower-case)


def _joint_bearer(
    text: str, low: str, sent_start: int, pos: int, lang: str, bearers: _Bearers
) -> tuple[str, BearerRole, bool] | None:
    """ "Company and the Consultant (or its staff) shall …": two parties of different roles -> both."""
    if bearers.term_re is None:
        return None
    lo = max(sent_start, pos - 160)
    pre = text[lo:pos].rstrip()
    if lang == "en" and pre.endswith(("each", "both", "Each", "Both", "EACH", "BOTH")):
        each = _JOINT_EACH.search(pre)
        if each is not None:
            pre = pre[: each.start()]
    if not pre or (pre[-1] not in ")）" and not bearers.may_end_with_term(pre)):
        return None  # (most markers; a cheap test) no party term ends right before the marker
    # (the pattern ends with a closing bracket and white space, and pre ends with no space)
    paren = _TRAILING_PAREN.search(pre) if pre.endswith((")", "）")) else None
    if paren is not None:
        pre = pre[: paren.start()]
    if not pre or not bearers.may_end_with_term(pre):
        return None
    low_pre = low[lo:pos]
    if not any(w in low_pre for w in _JOINT_WORDS):
        return None  # no "and" to join two parties
    hits = [
        m
        for m in bearers.term_re.finditer(pre)
        if lang != "en" or _is_word(pre, m.start(), m.end())
    ]
    if len(hits) < 2 or hits[-1].end() != len(pre):
        return None
    a, b = hits[-2], hits[-1]
    if not _JOINT_GAP.match(pre[a.end() : b.start()]):
        return None
    role_a = bearers.role_of.get(_norm(a.group()), "unknown")
    role_b = bearers.role_of.get(_norm(b.group()), "unknown")
    if _norm(a.group()) == _norm(b.group()) or (role_a == role_b and role_a != "unknown"):
        return None
    joint: BearerRole = "both"
    if {role_a, role_b} & {"provider", "client"} and "unknown" in (role_a, role_b):
        # one side's party and a party of no role ("Nantz Co. and Nantz shall …") where a
        # third party holds the other side: both are of the known one's side
        known = role_a if role_a != "unknown" else role_b
        if ("client" if known == "provider" else "provider") in bearers.role_of.values():
            joint = known
    start = lo + a.start()
    if lang == "en":
        opener = _JOINT_OPENER.search(text, max(sent_start, start - 12), start)
        if opener is not None:
            start = opener.start()
    return text[start : lo + b.end()], joint, True


_DECLARE_STEMS = (
    "agree",
    "acknowledg",
    "undertak",
    "covenant",
    "represent",
    "warrant",
    "confirm",
    "understand",
    "promis",
)
_THAT_AFTER = re.compile(r"\s*(?:that\b|to\b|:)")
# the verb of a party that declares what it will do: "X agrees that it will …", "each party
# agrees: (i) that it will not …", "X and Y agree that they shall …"
_DECLARES = re.compile(
    r"\s+(?:(?:hereby|further|each|also|expressly|both)\s+)?(?:agrees?|acknowledges?|undertakes?|"
    r"covenants?|represents?|warrants?|confirms?|understands?|promises?)\b",
    re.IGNORECASE,
)


def _neither_before(low: str, s: int, pos: int) -> bool:
    """The marker's subject is negated: "… neither will …", "neither X nor Y will …" (in the
    marker's clause, at most 120 characters back)."""
    lo = max(s, pos - 120)
    at = low.rfind("neither", lo, pos)
    if at == -1 or (at > 0 and low[at - 1].isalnum()):
        return False
    between = low[at + 7 : pos]
    return not between.strip() or (
        " nor " in between
        and not any(c in between for c in ";:")
        # "neither it nor its employees, affiliates or assigns, shall …" (commas, but no other
        # modal verb between)
        and ("," not in between or _MODAL_WORD.search(between) is None)
    )


_MODAL_WORD = re.compile(r"\b(?:shall|will|may|must)\b")
# the marker's own subject opens with "no" / "none of": after the start of the sentence, a comma,
# a colon, a bracket, "that" or "and" (not "in no event", "at no charge": other clauses' words)
_CLAUSE_BREAK = re.compile(r"[,;:(]|\b(?:that|and)\s")
_NO_SUBJECT = re.compile(
    r"\s*(?:[(\[]?[0-9a-z]{1,3}[.)\]]\s+)?(?:no|none\s+of(?:\s+the)?)\s+(?:other\s+)?"
    r"(?:[\w'’.&-]+\s+){0,4}"
)


def _no_subject(low: str, s: int, pos: int, bearer: str) -> bool:
    """The marker's subject is negated by "no" ("no Sponsor shall …"), and it is the bearer's
    (or the bearer is not stated: a passive, "no use shall be made of …")."""
    lo = max(s, pos - 80)
    last = lo
    for brk in _CLAUSE_BREAK.finditer(low, lo, pos):
        last = brk.end()
    if last == lo and lo != s:
        return False  # the subject starts further back than the window: not read here
    if _NO_SUBJECT.fullmatch(low, last, pos) is None:
        return False
    return bearer == NOT_STATED or bearer.lower() in low[last:pos]


_ITEM_START = re.compile(
    r"[^\n]{0,12}?(?:\(?(?:[0-9]{1,2}|[a-z]|[ivx]{1,5})[.)]|\([0-9a-z]{1,5}\))\s+(?:it|he|she|they)\s",
    re.IGNORECASE,
)
_LEAD_IN_DECLARES = re.compile(
    r"\b(?:represents?|warrants?|covenants?|agrees?|acknowledges?|undertakes?)\b"
    r"(?:,?\s+(?:and\s+)?(?:represents?|warrants?|covenants?|agrees?|acknowledges?|undertakes?))*"
    r"(?:\s+(?:to|with)\s+(?:the\s+)?[\w.&'’-]+(?:\s+[\w.&'’-]+)?)?(?:\s+as\s+follows)?(?:\s+that)?\s*[:：]"
)


def _list_lead_in_party(text: str, s: int, bearers: _Bearers) -> tuple[str, BearerRole] | None:
    """The party whose "represents, warrants and covenants that:" (agrees …) opens the list the
    item at ``s`` belongs to (the last such lead-in within 3,000 characters before it)."""
    if bearers.term_re is None:
        return None
    lo = max(0, s - 3000)
    last = None
    for found in _LEAD_IN_DECLARES.finditer(text, lo, s):
        last = found
    if last is None:
        return None
    head = text[max(lo, last.start() - 120) : last.start()]
    party = None
    for t in bearers.term_re.finditer(head):
        party = t
    if party is None or head[party.end() :].strip(" ,") not in ("", "hereby", "further", "also"):
        return None  # the term must be the declaration's subject ("S2K represents …")
    return party.group(), bearers.role_of.get(_norm(party.group()), "unknown")


def _declaring_party(
    text: str, low: str, sent_start: int, pos: int, bearers: _Bearers, that: bool = False
) -> tuple[str, BearerRole, bool] | None:
    """The subject of the last "agrees" (acknowledges, undertakes …) before ``pos`` in the
    sentence, when it is a party or collective bearer: the referent of a pronoun after it. With
    ``that``, the verb must open what is agreed ("agrees that", "agrees:"), not stand in a
    condition ("Unless the Parties otherwise agree in writing, …")."""
    lo = max(sent_start, pos - 300)
    if not any(low.find(w, lo, pos) != -1 for w in _DECLARE_STEMS):
        return None  # (most calls: no such verb; a substring test before the regex)
    verb = None
    for hit in _DECLARES.finditer(text, lo, pos):
        verb = hit
    if verb is None:
        return None
    if that and not _THAT_AFTER.match(low, verb.end(), pos):
        return None
    found = _subject(text, low, sent_start, verb.start(), "en", bearers, None)
    return found if found[2] else None


# a disclaimer before the marker: what follows is not promised
_DISCLAIMS = re.compile(
    r"\b(?:does|do|shall|will)\s+not\s+(?:represent\s+(?:or|and)\s+)?(?:warrant|guarantee)\b"
)
_DISCLAIMER_ENDS = re.compile(r"[;:]|\b(?:but|however|provided|except)\b")


def _disclaimed(low: str, s: int, pos: int) -> bool:
    """The marker stands in what a party says it does not warrant or guarantee, in the same
    clause: "X does not warrant … or that X will correct all defects" (not "…, but X shall …")."""
    last = None
    for found in _DISCLAIMS.finditer(low, max(s, pos - 200), pos):
        last = found
    return last is not None and _DISCLAIMER_ENDS.search(low, last.end(), pos) is None


_WARRANTS_THAT = re.compile(r"\bwarrant(?:s|ies)?\b(?:\s+that\b|\s*:)?")
# a pronoun, or the party's people ("warrants that its employees shall …"): a promise
_HE_SHE_IT = re.compile(
    r"\b(?:he|she|it|they|we|you|employees?|personnel|staff|agents?|(?:sub)?contractors?|"
    r"officers?|representatives?)\b"
)


def _warranted_thing(
    text: str, low: str, sent_start: int, pos: int, end: int, bearers: _Bearers
) -> bool:
    """The marker stands in what a party warrants, and what follows "warrants (that)" up to it
    names no party, collective bearer or pronoun: a statement about a thing ("… warrants that the
    software (i) is designed … and (ii) will operate …"), not a promise of the party. The
    party's own work is no thing: "warrants that the Services shall be performed …" is its
    promise (``end``: the marker's end)."""
    last = None
    for found in _WARRANTS_THAT.finditer(low, sent_start, pos):
        last = found
    if last is None:
        return False
    between, low_between = text[last.end() : pos], low[last.end() : pos]
    if _HE_SHE_IT.search(low_between):
        return False
    if _WORK_SUBJECT.search(low_between) and _PERFORMED.match(low, end):
        return False
    if bearers.may_be_collective(low_between) and bearers.collective_re.search(low_between):
        return False
    if bearers.term_re is not None:
        for t in bearers.term_re.finditer(between):
            if _is_word(between, t.start(), t.end()) and not _object_of_preposition(
                between, 0, t.start()
            ):
                return False
    return True


def _subject(
    text: str,
    low: str,
    sent_start: int,
    pos: int,
    lang: str,
    bearers: _Bearers,
    previous: tuple[str, BearerRole, bool] | None,
) -> tuple[str, BearerRole, bool]:
    """(bearer as written, its role, whether it is a party or collective bearer).

    The subject is looked for after the last comma/semicolon/"that" before the marker; a marker
    that directly follows a conjunction ("… and shall not …", "…，不得…") keeps the bearer of the
    previous marker in the sentence; otherwise a party named at the start of the sentence
    ("乙方如收到…，应立即通知甲方") is the bearer.
    """
    joint = _joint_bearer(text, low, sent_start, pos, lang, bearers)
    if joint is not None:
        return joint
    quick = _term_just_before(text, sent_start, pos, lang, bearers)
    if quick is not None:
        return quick
    lo = max(sent_start, pos - SUBJECT_WINDOW)
    window = text[lo:pos]
    low_window = low[lo:pos]
    if lang == "en" and window.endswith((") ", ")")):
        # 'The claiming Party (the "Claimant") shall …': the subject before its defined name
        named = _NAMED_AS.search(window)
        if named is not None:
            window, low_window = window[: named.start()], low_window[: named.start()]
    last_cut = _last_cut(low_window, lang)
    tail, low_tail = window[last_cut:], low_window[last_cut:]
    if lang == "zh" and "经" in tail:
        # "住家服务员未经甲方允许不得…": the party whose consent is needed is not the subject
        tail = low_tail = _ZH_CONSENT.sub(lambda c: "　" * len(c.group()), tail)
    if previous is not None and _ends_with_conjunction(low_tail, lang):
        # "X shall notify Y of any breach and shall cooperate …": the subject of the first
        # marker goes on (not Y, the last party named before "and")
        return previous
    found = _last_term(tail, low_tail, lang, bearers)
    if found is None and lang == "zh" and last_cut > 0 and window[last_cut - 1] == "、":
        # "乙方的继承人、遗产管理人、法定代理人或者清算人应当……": a list of a party's people
        listed = _ZH_PEOPLE_LIST.search(window)
        if listed is not None and bearers.term_re is not None:
            t = bearers.term_re.fullmatch(listed.group("term"))
            if t is not None:
                return t.group(), bearers.role_of.get(_norm(t.group()), "unknown"), True
    if found is not None:
        return found[1].strip(), found[2], True
    if lang == "en" and _PRONOUN.match(tail.strip(" \t\n,")):
        # "Supplier and Customer agree that they will …": the party that agrees
        agreeing = _declaring_party(text, low, sent_start, pos, bearers)
        if agreeing is not None:
            return agreeing
        # "If Customer is late in paying, it shall pay interest": the subject of the condition
        conditioned = (
            None
            if _THEN_PASSIVE.match(low, pos)
            else _condition_subject(text, low, sent_start, lo + last_cut, bearers)
        )
        if conditioned is not None:
            return conditioned[0], conditioned[1], True
    lead = _leading_term(text, low, sent_start, pos, lang, bearers)
    if lead is not None:
        return lead[0], lead[1], True
    bare = tail.strip(" \t\n,，")
    if lang == "zh":
        bare = bare.strip("均都亦也还则即并且而")
    if not bare:
        # "乙方有保密义务，除…外，不得…": the subject opens an earlier clause of the sentence
        earlier = _clause_subject(text, low, lo, lo + last_cut, lang, bearers)
        if earlier is not None:
            return earlier[0], earlier[1], True
    phrase = tail.strip(" \t\n,，") or window.strip(" \t\n,，")
    if lang == "en":
        words = phrase.split()[-6:]
        for k in range(len(words) - 1, 0, -1):
            if words[k - 1].lower() in ("and", "or", "but"):
                words = words[k:]
                break
        while words and words[0].lower().strip(",") in _FUNCTION_WORDS:
            words.pop(0)
        while words and words[-1].lower().strip(",") in _FUNCTION_WORDS:
            words.pop()
        phrase = " ".join(words)[-60:]
    else:
        label = _ITEM_LABEL.match(phrase)
        phrase = phrase[label.end() if label else 0 :][-12:]
        actor = _ZH_ACTOR.fullmatch(phrase.strip("）)」』”、"))
        if actor is None:
            # "每迟延一日应…", "对合同条款理解发生争议时，应…", "材料应于…提供": a condition, a
            # period or the thing to be done, not who must act
            return NOT_STATED, "unknown", False
        phrase = actor.group("who")
    return phrase, "unknown", False


# a Chinese subject that names someone who can act: ends in a person or organisation word
# ("见证人员", "检测机构", "相关方"), after a connective ("则相关方") is cut; not a condition
# ("…发生争议时", "…的"), a period ("每迟延一日") or a thing ("材料", "余款")
_ZH_ACTOR = re.compile(
    r"[则并还且即均都亦也而再另]*(?P<who>[\u4e00-\u9fffA-Za-z0-9（）()]{0,10}?"
    r"(?:人|方|员|者|单位|机构|公司|企业|部门|中心|局|委员会|院|所|商|行|厂|会|组|团|校|站|社|"
    r"处|室|厅|部|府|户|师|主|工|机关))"
)


# a party's people listed with 、 right before the marker: "乙方的继承人、遗产管理人……或者清算人"
_ZH_PEOPLE_LIST = re.compile(
    r"(?:^|[，,；;：:（）()])\s*(?P<term>[^，,；;：:（）()、的]{1,12})的[^，,；;：:（）()]*、[^，,；;：:（）()]*\Z"
)
# a consent named before a Chinese marker: "未经甲方书面同意", "经乙方确认后"
_ZH_CONSENT = re.compile(r"未?经[^，。；,;]{0,12}?(?:同意|允许|许可|批准|授权|确认)后?")


_FUNCTION_WORDS = frozenset(
    [
        "and",
        "or",
        "but",
        "nor",
        "further",
        "furthermore",
        "hereby",
        "also",
        "then",
        "thereafter",
        "thereupon",
        "is",
        "are",
        "has",
        "have",
        "be",
        "which",
        "that",
        "who",
        "it",
        "such",
        "so",
        "thus",
    ]
)


# ----------------------------------------------------------------------------------------------
# Conditions, exceptions, cross-references
# ----------------------------------------------------------------------------------------------


_NUMBER_WORD = re.compile(r"^(?:section|sections|article|clause|paragraph|§)\s*")
_ZH_NUMBER = re.compile(r"第\s*([0-9一二三四五六七八九十百零〇]+)\s*[条章款项]")


def normalise_number(number: str) -> str:
    """A clause number as printed -> a comparable key: "Section 9.4." -> "9.4", "第五条" -> "5"."""
    n = number.strip().lower()
    n = _NUMBER_WORD.sub("", n)
    zh = _ZH_NUMBER.fullmatch(n)
    if zh:
        value = chinese_value(zh.group(1))
        return str(value) if value is not None else zh.group(1)
    n = _SPACES.sub("", n).rstrip(".")
    return n


class _ClauseLookup:
    """Clause numbers as printed -> clauses, for cross-references ("Section 9.4(b)").

    The number index is built when the first reference is resolved (most sentences have none)."""

    def __init__(self, clauses: Sequence[Clause], text: str) -> None:
        self._clauses = clauses
        self._index: dict[str, Clause] | None = None
        self._text = text

    @property
    def _by_number(self) -> dict[str, Clause]:
        if self._index is None:
            self._index = {}
            for top in self._clauses:
                for c in top.walk():
                    if c.number:
                        self._index.setdefault(normalise_number(c.number), c)
        return self._index

    def resolve(self, ref: str) -> Clause | None:
        """The deepest clause a reference names: exact number first, then parent + sub-items."""
        key = normalise_number(ref)
        exact = self._by_number.get(key)
        if exact is not None:
            return exact
        subs = re.findall(r"\(([a-z0-9]+)\)", key)
        base = re.sub(r"(?:\([a-z0-9]+\))+$", "", key)
        clause = self._by_number.get(base)
        if clause is None:
            return None
        for sub in subs:
            child = next(
                (
                    c
                    for c in clause.walk()[1:]
                    if c.number and normalise_number(c.number).strip("()") == sub
                ),
                None,
            )
            if child is None:
                break
            clause = child
        return clause

    def first_words(self, clause: Clause, lang: str) -> str:
        body = self._text[clause.start : min(clause.end, clause.start + 240)]
        body = re.sub(r"\s+", " ", body).strip()
        if clause.number and body.startswith(clause.number):
            body = body[len(clause.number) :].lstrip(" .:)")
        if lang == "zh":
            return body[:30]
        return " ".join(body.split(" ")[:10])


_STOP_ZH = re.compile(r"[，,；;。]")
_STOP_EN = re.compile(r"[,;]|\.(?=\s|$)")


def _phrases(
    sentence: str,
    low: str,
    starter: re.Pattern[str],
    lang: str,
    needed: frozenset[str],
    words: set[str] | None,
) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    if "" not in needed:
        if words is not None:
            if needed.isdisjoint(words):
                return out
        elif not any(w in low for w in needed):
            return out
    stop = _STOP_ZH if lang == "zh" else _STOP_EN
    covered = -1
    for m in starter.finditer(low):
        if lang == "en" and not _starts_word(low, m.start()):
            continue
        if m.start() < covered:
            continue  # inside the previous phrase ("除本合同另有约定外" contains "另有约定")
        end_m = stop.search(sentence, m.end())
        end = end_m.start() if end_m else len(sentence)
        if m.start() and low[m.start() - 1] in "(（":
            close = re.search(r"[)）]", sentence[m.end() : end])
            if close is not None:
                end = m.end() + close.start()  # "(if any)"
        phrase = sentence[m.start() : end].strip()
        if len(phrase.split()) < 3 if lang == "en" else len(phrase) < 4:
            continue  # "if any", "unless otherwise", "如"
        covered = end
        out.append((m.start(), phrase[:MAX_PHRASE]))
    return out


# ----------------------------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------------------------


@dataclass
class _SentenceInfo:
    conditions: tuple[str, ...]
    exceptions: tuple[str, ...]
    topics: tuple[str, ...]
    cut_points: tuple[int, ...]  # sentence-relative starts of conditions/exceptions


def _sentence_info(
    sentence: str, low: str, data: DeonticData, lookup: _ClauseLookup, lang: str
) -> _SentenceInfo:
    words: set[str] | None = None
    if lang == "en":
        if low.isascii():
            en_words = set(low.encode("ascii").translate(_NON_WORD_ASCII).decode("ascii").split())
        else:
            en_words = set(low.translate(_NON_WORD).split())
        literal = data.topic_literal
        # set & frozenset walks the smaller set (intersection with a dict walks the dict)
        found = {literal[w] for w in en_words & data.topic_words}
        for head in en_words & data.topic_heads:
            found.update(i for phrase, i in data.topic_phrases[head] if phrase in low)
        words = en_words
    else:
        found = {data.topic_literal[m.group()] for m in data.topic_scan_re.finditer(low)}
    exceptions = _phrases(sentence, low, data.exception_re, lang, data.exception_words, words)
    conditions = _phrases(sentence, low, data.condition_re, lang, data.condition_words, words)
    if exceptions and conditions:
        exc_starts = {s for s, _ in exceptions}
        conditions = [(s, p) for s, p in conditions if s not in exc_starts]

    def with_refs(phrase: str) -> str:
        refs: list[str] = []
        for m in data.crossref_re.finditer(phrase):
            target = lookup.resolve(m.group(0) if lang == "zh" else m.group("num"))
            if target is not None and target.number:
                refs.append(f"{target.number}: {lookup.first_words(target, lang)}")
        return phrase + "".join(f" [{r}]" for r in refs)

    if found:
        names = {data.topic_names[i] for i in found}
        topics = tuple(t for t in TOPICS if t in names)
    else:
        topics = ("other",)
    return _SentenceInfo(
        conditions=tuple(p for _, p in conditions),
        exceptions=tuple(with_refs(p) for _, p in exceptions),
        topics=topics,
        cut_points=tuple(sorted({s for s, _ in exceptions} | {s for s, _ in conditions}))
        if exceptions or conditions
        else (),
    )


def _action(text: str, s: int, e: int, rel_start: int, cut_points: Sequence[int], lang: str) -> str:
    """What the bearer must do: the sentence ``text[s:e]`` from ``rel_start`` to the next cut."""
    end = e - s
    for c in cut_points:
        if c > rel_start + 2:
            end = c
            break
    action = text[s + rel_start : s + min(end, rel_start + MAX_ACTION + 100)]
    action = " ".join(action.split()).strip(" ,;:.。；，")
    if lang == "en" and action.startswith("to "):
        action = action[3:]
    return action[:MAX_ACTION]


def _languages(document: Document, language: str) -> tuple[tuple[str, ...], bool]:
    """(languages to analyse, whether each sentence's language must be checked)."""
    if language in ("en", "zh"):
        return (language,), tuple(document.languages) != (language,)
    return ("en", "zh"), True


def find_obligations(
    document: Document,
    clauses: Sequence[Clause],
    parties: Sequence[Party],
    language: str,
    limit: int | None = None,
    *,
    patterns: PatternSet | None = None,
    index: ClauseIndex | None = None,
) -> tuple[Obligation, ...]:
    """One Obligation per deontic marker, in text order; at most ``limit`` (the first ones),
    so that a pathological text (megabytes of "shall not") costs bounded time and memory.

    ``patterns`` gives the deontic and role data (default: the packaged pattern set); ``index``
    is the clauses' :class:`~analyzer.segment.ClauseIndex` when the caller has built it."""
    text = document.text
    pset = patterns if patterns is not None else load_patterns()
    langs, check_language = _languages(document, language)
    if index is None:
        index = ClauseIndex(clauses)
    lookup = _ClauseLookup(clauses, text)
    out: list[tuple[int, int, Obligation]] = []
    grants: dict[tuple[int, int, str], tuple[str, Modality]] = {}
    roles_en = pset.role_data("en")
    if "en" in langs:
        # parties the party analysis missed but the preamble names ("… and Acme Corporation
        # located at …", '("AFFILIATE")'): bearers here only, with role "unknown"
        parties = short_forms(text, (*parties, *preamble_parties(text, parties)))
        parties = addressee_parties(text, sale_parties(text, parties))
    for lang in langs:
        data = pset.deontic_data(lang)
        part = _find(
            text, lang, data, roles_en, parties, index, lookup, check_language, limit, grants
        )
        _heading_scopes(text, clauses, part, data, roles_en, parties, index, lookup, lang)
        _plain_duties(text, lang, data, roles_en, parties, part, index, lookup, limit)
        if lang == "en":
            _plain_grants(text, data, roles_en, parties, part, index, lookup, grants, limit)
        if lang == "zh" and part:
            cut = instruction_section(text)
            if cut is not None:
                part = [t for t in part if not cut[0] <= t[2].start < cut[1]]
        if lang == "en" and part:
            cut = recitals_section(text)
            if cut is not None:
                part = [t for t in part if not cut[0] <= t[2].start < cut[1]]
        out.extend(part)
    out.sort(key=lambda t: (t[0], t[1]))
    found = _to_grantees(
        _payer_roles(infer_roles(_one_per_piece(text, out), parties, text)), grants, parties
    )
    terms = {}
    for lang in langs:
        data = pset.deontic_data(lang)
        b = _bearers(tuple(parties), data, roles_en)
        terms[lang] = (b.term_re, b.role_of, data.recipients)
    found = add_beneficiaries(text, found, terms, [(*p.terms, p.name) for p in parties])
    found = _unstated_bearer_sides(text, found)
    found = _with_party_names(found, parties)
    if "zh" in langs:
        found = tuple(o for o in found if o.language != "zh" or not _zh_no_duty(text, o))
    # a bound per document (a file of repeated "shall not" gave a million obligations)
    return found if limit is None else found[:limit]


# the recitals: after a heading "RECITALS" / "BACKGROUND" / "WITNESSETH" and before the operative
# words that end them ("NOW, THEREFORE", "agree as follows", "In consideration of")
_RECITALS_HEAD = re.compile(
    r"(?:^|\n)[ \t]*(?:[A-Z0-9]{1,3}[.)][ \t]*)?(?:RECITALS|Recitals|BACKGROUND|Background|"
    r"W[ \t]*I[ \t]*T[ \t]*N[ \t]*E[ \t]*S[ \t]*S[ \t]*E[ \t]*T[ \t]*H)\b[ \t]*[:.\-–—]?"
)
_RECITALS_END = re.compile(
    r"NOW,?\s+THEREFORE|Now,?\s+[Tt]herefore|agree\s+as\s+follows|AGREE\s+AS\s+FOLLOWS|"
    r"IN\s+CONSIDERATION\s+OF|In\s+consideration\s+of"
)
_RECITAL_A = re.compile(r"(?:^|\n)[ \t]*(?:\(A\)|A\.)[ \t]+[A-Z]")
_FIRST_CLAUSE = re.compile(
    r"(?:^|\n)[ \t]*(?:1\.|ARTICLE\s+(?:1|I)\b|Article\s+(?:1|I)\b|Section\s+1\b)"
)
_RECITALS_REACH = 8000  # how far into the text the heading may come
_RECITALS_SPAN = 6000  # and how long the recitals may run


def recitals_section(text: str) -> tuple[int, int] | None:
    """The span of an English contract's recitals ("B. In order to facilitate the separation,
    RGHI will provide …" states the background, no duty), or None. Only a heading before the
    text's first operative words counts (not "Background IP" in the definitions)."""
    head = _RECITALS_HEAD.search(text, 0, _RECITALS_REACH)
    if head is None:
        # no heading: lettered recitals ("A. Supplier maintains …", "(B) …") that run, with no
        # numbered clause among them, into "NOW, THEREFORE"
        first_end = _RECITALS_END.search(text, 0, _RECITALS_REACH + _RECITALS_SPAN)
        if first_end is None:
            return None
        first = _RECITAL_A.search(text, 0, first_end.start())
        if first is None or _FIRST_CLAUSE.search(text, first.start(), first_end.start()):
            return None
        return first.start(), first_end.start()
    first_end = _RECITALS_END.search(text, 0, head.end() + _RECITALS_SPAN)
    if first_end is None or first_end.start() < head.end():
        return None
    return head.end(), first_end.start()


# Chinese model forms: what reads like a party's act but is none. A definition ("图纸：指由发包人
# 提供……"), a field of the special terms to fill in ("（1）发包人支付勘察人的违约金：____"), an item
# of a list of breaches ("（2）发包人未能按合同约定及时支付定金；")
_ZH_DEFINITION = re.compile(
    r"[\s（(]*[0-9.．一二三四五六七八九十、）)]*\s*[^，。；：:]{1,24}(?:[：:]\s*(?:是)?指|是指)"
)
_ZH_FORM_FIELD = re.compile(r"[：:][\s_＿\u3000]*$")
_ZH_BREACH_ITEM = re.compile(
    r"[\s（(]*[0-9一二三四五六七八九十]{1,2}[）)、.．]?\s*[^，。；]{0,12}?(?:未能?|不能)(?:按|依|及时)"
)
_ZH_BY_PARTY = re.compile(r"由(?P<t>甲乙双方|甲、乙双方|双方|甲方|乙方|丙方)")
_ZH_PROMISE_ID = "zh.deontic.chengnuo"
# what a party warrants that is a fact, not conduct: qualifications held, information true
_ZH_FACT = re.compile(
    r"[^，。；]{0,30}?(?:具备|具有|拥有)[^，。；]{0,40}?(?:资质|资格|许可|条件)"
    r"|[^，。；]{0,60}?(?:真实|准确)(?:、|和|且|并)?(?:有效|完整|准确|合法)"
)
_ZH_MODAL = re.compile(r"应|须|需|不得|可|有权|负责|禁止|严禁|承诺|保证")


def _zh_no_duty(text: str, o: Obligation) -> bool:
    """A Chinese row that is no party's act (see above); rows with a modal verb of their own in
    a form field or a breach item stay (the lead-in "乙方应履行下列义务：" heads a list)."""
    sentence = text[o.start : o.end]
    if _ZH_DEFINITION.match(sentence):
        return True
    if _ZH_MODAL.search(sentence):
        return False
    return bool(_ZH_FORM_FIELD.search(sentence) or _ZH_BREACH_ITEM.match(sentence))


def _with_party_names(
    obligations: tuple[Obligation, ...], parties: Sequence[Party]
) -> tuple[Obligation, ...]:
    """Each obligation with the name of the party its bearer is a term (or the name) of."""
    names: dict[str, str] = {}
    for p in parties:
        for t in (*p.terms, p.name):
            for form in _variants(t) if t else ():
                names.setdefault(_norm(form), p.name)
    if not names:
        return obligations
    for owner, terms in _PRONOUN_OWNER.items():  # "It's your responsibility to …": you
        for t in terms:
            if _norm(t) in names:
                names.setdefault(_norm(owner), names[_norm(t)])
    return tuple(
        replaced(o, party=name) if (name := names.get(_norm(o.bearer))) else o for o in obligations
    )


# duties written without a modal verb: a party at the start of a clause, then a verb of
# performance in the present tense ("Party A makes monthly payment", "Both Parties share the
# costs", "甲方将申请文件交付乙方", "每迟延一日，甲方支付保管费")
_PLAIN_VERBS_EN = (
    r"(?:provides?|pays?|makes?|shares?|bears?|assumes?|guarantees?|delivers?|supplies|supply|waives?|"
    r"performs?|determines?|issues|tracks|handles|deals\s+with|sends|submits|notifies|reports|"
    r"invoices|bills|remits|reimburses|indemnifies|maintains|purchases|ships|installs|repairs|"
    r"prepares|furnishes|(?:keeps?|treats?|regards?|holds?)(?=[^.;:]{0,80}\bconfiden))\b"
    r"(?:(?<=waive)|(?<=waives)|(?!\s+(?:no|any|not)\b))"  # "makes no warranties" ("waives any")
)
_PLAIN_START_EN = (
    r"(?:^|[.;:]\s+|\n)[ \t]*(?:\(?[0-9a-zA-Z]{1,3}[.)][ \t]+)?"
    r"(?:(?:However|Further(?:more)?|Moreover|Additionally|In\s+addition|Also),\s+)?"
)
_PLAIN_ADVERB_EN = r"(?:(?:also|jointly|further|do|does|shall\s+jointly)\s+)?"
_PLAIN_ZH_LABELS = ("甲乙双方", "双方", "甲方", "乙方")
_PLAIN_ZH_VERBS = (
    r"(?P<verb>支付|交付|提供|承担|负责|缴纳|办理|制作|完成|协商(?!一致)|保修|收取|另行约定|"
    r"提取|送交|出具|保管|开通|退还|返还|赔偿|赔付|提交|通报|报送|归还|留样)(?!的)"
)


@functools.lru_cache(maxsize=64)
def _plain_zh(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Clause-initial party + plain verb, for the labels and the document's own Chinese party
    terms ("发包人", "勘察人", "受托人")."""
    alternatives = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    return re.compile(
        r"(?:(?:^|[。；：:\n，,])[ \t]*(?:[0-9一二三四五六七八九十]{1,3}[、.．][ \t]*)?"
        # "……，由甲方支付复检费用", "时限由双方另行约定": the party after 由 bears it
        r"|(?<=由))"
        rf"(?P<term>(?:{alternatives})(?:[和与及、](?:{alternatives}))?)(?![的和与及、])(?P<gap>[^，。；：:\n]{{0,15}}?)"
        + _PLAIN_ZH_VERBS,
        re.MULTILINE,
    )


_PLAIN_ZH = _plain_zh(_PLAIN_ZH_LABELS)
_ZH_CLAUSE_IS_CONDITION = re.compile(
    r"[^，。；：:\n]*?(?:后(?:[\s_＿0-9０-９一二三四五六七八九十]*个?(?:日|天|月|周|小时)内?)?|的|过程中|时)"
    r"(?=[，。；：:\n])"
)
# words between a party and the verb that make the verb another's: "甲方委托乙方负责 …"
_ZH_OTHERS_VERB = re.compile(
    r"(?:委托|要求|请求|请|让|由|使|令|指示|授权|协助|配合)(?:甲方|乙方|丙方)"
)


def _plain_duties(
    text: str,
    lang: str,
    data: DeonticData,
    roles_en: RoleData,
    parties: Sequence[Party],
    out: list[tuple[int, int, Obligation]],
    index: ClauseIndex,
    lookup: _ClauseLookup,
    limit: int | None = None,
) -> None:
    """Duties of a party written in the plain present (see ``_PLAIN_VERBS_EN``), added to
    ``out`` (in place, kept in text order) where no obligation covers the clause already; the
    sentence must hold no modal verb of its own (then the marker scan decided). At most
    ``limit`` obligations in ``out`` in all."""
    bearers = _bearers(tuple(parties), data, roles_en)
    if lang == "en" and bearers.term_re is None:
        return
    low: str | None = None
    added = False
    # the obligations found so far, by start, with the running maximum of their ends: "does one
    # overlap [s, e)" is a bisection (a text of many plain duties stays linear)
    spans = sorted((o.start, o.end) for _, _, o in out)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))
    last_end = -1  # the end of the last duty added here (they come in text order)

    def overlaps(s: int, e: int) -> bool:
        k = bisect.bisect_left(starts, e) - 1
        return (k >= 0 and reach[k] > s) or last_end > s

    for term, at, verb_at, gap in _plain_candidates(text, lang, bearers):
        if limit is not None and len(out) >= limit:
            break
        if lang == "zh":
            if _ZH_OTHERS_VERB.search(gap) or any(c in gap for c in "因未如若不"):
                continue  # "甲方委托乙方负责 …", "甲方因未能提供 …": not the party's own duty
            if _ZH_CLAUSE_IS_CONDITION.match(text, verb_at):
                # "乙方向甲方提交成果后__日内，甲方支付 …", "委托人提供给咨询人的图纸 …",
                # "监理人承担部分赔偿责任的，…": a time, a thing or a condition, not a duty
                continue
        elif lang == "en" and not _is_word(text, at, at + len(term)):
            continue
        if overlaps(at, at + 1):
            continue
        if low is None:
            low = lower_same_length(text)
        s, e = sentence_span(low, verb_at, data.abbreviations)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if overlaps(s, e):
            continue  # the sentence holds a modal verb: the scan has read it
        if lang == "zh" and text[e - 1] not in "。；;！":
            continue  # a table cell or a heading ("甲方支付设计费的时段"), not a sentence
        if (
            bearers.collective_re.fullmatch(term.lower())
            or term in ("双方", "甲乙双方")
            or (lang == "zh" and any(c in term for c in "和与及、"))
        ):
            role: BearerRole = "both"
        else:
            role = bearers.role_of.get(_norm(term), "unknown")
        info = _sentence_info(text[s:e], low[s:e], data, lookup, lang)
        out.append(
            _obligation(
                text,
                s,
                e,
                verb_at,
                verb_at,
                (_drop_article(term), role),
                "must",
                info,
                index,
                lang,
                _deadline(text, low, s, e, verb_at, data),
            )
        )
        last_end = max(last_end, e)
        added = True
    if lang == "zh":
        added = _zh_payments(text, data, out, index, lookup, limit) or added
    if added:
        out.sort(key=lambda t: (t[0], t[1]))


# a grant written without a modal verb or "hereby" ("Acme grants to Beta the right to …", "X
# further grants and assigns to Y …", "X hereby (i) appoints Y … and (ii) grants Y …"): the grantee's
# permission. The grant must be the sentence's main verb: its subject opens the sentence (after an
# item label), with no "that" / "which" between ("the licence that X grants to Y shall end")
_GRANT_VERB = re.compile(
    r"grants?\s+(?:and\s+(?:assigns?|conveys?|transfers?)\s+)?(?:unto\s+|to\s+)?(?:the\s+)?"
    r"|(?P<authorizes>authori[sz]es?)\s+(?:and\s+empowers?\s+)?(?:the\s+)?"
)
_GRANT_SUBJECT = re.compile(
    r"(?:[(\[]?(?:[0-9]{1,2}(?:\.[0-9]{1,2})*|[a-z]|[ivx]{1,4})[.)\]]\s+)?(?:the\s+)?[A-Z]"
    r"(?:(?!\b(?:that|which|who|whom|whose|if|when|where|whereas|unless|until)\b)[^;:.!?]){0,120}?"
    r"\s(?:(?:hereby|further|also|and|irrevocably)\s+|\((?:[ivx]{1,4}|[a-z])\)\s+)*\Z",
)
_GRANT_OBJECT = re.compile(
    r"[^.;]{0,200}?\b(?:rights?|licen[cs]es?|permission|options?|privileges?)\b"
)
MAX_GRANT_SPAN = 400  # how far before "grants" the sentence may start
_PLAIN_GRANT_VERB = re.compile(r"grant|authori[sz]e")


def _grant_verb_starts(text: str) -> list[int]:
    """The starts of ``_PLAIN_GRANT_VERB.finditer(text)``, from two ``str.find`` loops (the
    regex tried the text's every "a" and "g"): no occurrence of "grant" or "authorize" /
    "authorise" overlaps another of either (neither word ends with how either begins), so the
    matches are all their occurrences, in text order."""
    starts: list[int] = []
    find = text.find
    p = find("grant")
    while p != -1:
        starts.append(p)
        p = find("grant", p + 5)
    p = find("authori")
    while p != -1:
        if text.startswith("ze", p + 7) or text.startswith("se", p + 7):
            starts.append(p)
        p = find("authori", p + 7)
    starts.sort()
    return starts


_AUTHORIZER = re.compile(
    r"(?:[(\[]?(?:[0-9]{1,2}(?:\.[0-9]{1,2})*|[a-z]|[ivx]{1,4})[.)\]]\s+)?(?:the\s+|The\s+)?"
    r"(?P<who>[A-Z][^\s,;:.]*(?:\s+[^\s,;:.]+){0,5}?)"
    r"\s+(?:(?:hereby|also|further|expressly|specifically|irrevocably)\s+)*"
)


def _plain_grants(
    text: str,
    data: DeonticData,
    roles_en: RoleData,
    parties: Sequence[Party],
    out: list[tuple[int, int, Obligation]],
    index: ClauseIndex,
    lookup: _ClauseLookup,
    grants: dict[tuple[int, int, str], tuple[str, Modality]],
    limit: int | None = None,
) -> None:
    """Grants without a modal verb as the grantee's permissions, added to ``out`` (in place) where
    no obligation of the grantee (or grant the marker scan read, ``grants``) covers the sentence."""
    if "grant" not in text and "authori" not in text:
        return
    bearers = _bearers(tuple(parties), data, roles_en)
    if bearers.term_re is None:
        return
    low: str | None = None
    added = False
    for at in _grant_verb_starts(text):
        g = _GRANT_VERB.match(text, at) if at == 0 or not text[at - 1].isalnum() else None
        if g is None:
            continue
        if limit is not None and len(out) >= limit:
            break
        y = bearers.term_re.match(text, g.end())
        if y is None or not _is_word(text, y.start(), y.end()):
            continue
        if g.group("authorizes") is not None:
            if not _TO_VERB.match(text, y.end()):
                continue  # "authorizes the Agent as …", "authorizes Y to the extent …"
        elif not _GRANT_OBJECT.match(text, y.end()):
            continue
        if low is None:
            low = lower_same_length(text)
        s, e = sentence_span(low, g.start(), data.abbreviations)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if g.start() - s > MAX_GRANT_SPAN or low.startswith("whereas", s):
            continue
        if g.group("authorizes") is not None:
            # "Customer (hereby) authorizes Supplier to …": the subject is a party and nothing
            # else (not "Nothing in this Agreement authorizes …", "Franchisee shall authorize
            # …", "actions have been taken to authorize …")
            subject = _AUTHORIZER.fullmatch(text, s, g.start())
            if subject is None:
                continue
            if bearers.term_re.fullmatch(subject.group("who")) is None:
                continue
        elif not _GRANT_SUBJECT.fullmatch(text, s, g.start()):
            # "During the Term (…), Supplier hereby (i) appoints … and (ii) grants …": the
            # subject may open the last clause before the grant instead of the sentence
            comma = text.rfind(", ", s, g.start())
            if comma == -1 or not _GRANT_SUBJECT.fullmatch(text, comma + 2, g.start()):
                continue
        grantee = y.group()
        key = _norm(grantee)
        if any(
            o.start < e and s < o.end and _norm(o.bearer) == key and o.modality == "may"
            for _, _, o in out
        ):
            continue
        if any(a == s and b == e for a, b, _ in grants):
            continue  # "X hereby grants to Y …" read by the marker scan
        info = _sentence_info(text[s:e], low[s:e], data, lookup, "en")
        out.append(
            _obligation(
                text,
                s,
                e,
                g.start(),
                y.end(),
                (grantee, bearers.role_of.get(key, "unknown")),
                "may",
                info,
                index,
                "en",
                _deadline(text, low, s, e, g.end(), data),
            )
        )
        added = True
    if added:
        out.sort(key=lambda t: (t[0], t[1]))


_ZH_PAY = re.compile(r"预付|支付|付清")
_ZH_PARTY_WORDS = ("甲方", "乙方", "丙方", "双方", "一方", "各方")
_ZH_WHEN = re.compile(r"前|后|时|之日|的")


def _zh_payments(
    text: str,
    data: DeonticData,
    out: list[tuple[int, int, Obligation]],
    index: ClauseIndex,
    lookup: _ClauseLookup,
    limit: int | None,
) -> bool:
    """Payments written without a payer ("合同订立时，预付维修费 元，以现金方式支付。"): a duty
    of the side that pays (role set by :func:`_payer_roles`), bearer not stated. Only sentences
    with no obligation of their own, and only when the clause of the verb names no party and
    is no time clause ("支付费用前" / "支付后")."""
    if _ZH_PAY.search(text) is None:
        return False
    low = lower_same_length(text)
    taken = sorted((o.start, o.end) for _, _, o in out)
    starts = [a for a, _ in taken]
    reach = list(itertools.accumulate((b for _, b in taken), max))

    def overlaps(s: int, e: int) -> bool:
        k = bisect.bisect_left(starts, e) - 1
        return k >= 0 and reach[k] > s

    spans: list[tuple[int, int]] = []
    for m in _ZH_PAY.finditer(text):
        if limit is not None and len(out) >= limit:
            break
        at = m.start()
        if spans and spans[-1][1] > at:
            continue
        s, e = sentence_span(low, at, data.abbreviations)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e or text[e - 1] not in "。；;" or overlaps(s, e):
            continue
        lo = max(s, *(text.rfind(c, s, at) + 1 for c in "，,：:"))
        cut = [i for i in (text.find(c, at, e) for c in "，,") if i != -1]
        hi = min(cut) if cut else e
        if any(w in text[lo:hi] for w in _ZH_PARTY_WORDS) or _ZH_WHEN.search(text, m.end(), hi):
            continue
        info = _sentence_info(text[s:e], low[s:e], data, lookup, "zh")
        out.append(
            _obligation(
                text,
                s,
                e,
                at,
                lo,
                (NOT_STATED, "unknown"),
                "must",
                info,
                index,
                "zh",
                _deadline(text, low, s, e, at, data),
            )
        )
        spans.append((s, e))
    return bool(spans)


_PLAIN_AFTER_EN = re.compile(r"[ \t]+" + _PLAIN_ADVERB_EN + f"(?P<verb>{_PLAIN_VERBS_EN})")
_PLAIN_START_EN_RE = re.compile(_PLAIN_START_EN + r"\Z", re.MULTILINE)
_PLAIN_COLLECTIVE_BEFORE = re.compile(r"(?:both\s+parties|each\s+party|the\s+parties)\Z")


def _plain_candidates(
    text: str, lang: str, bearers: _Bearers
) -> Iterator[tuple[str, int, int, str]]:
    """(term, its start, the verb's start, the words between) of each clause-initial party +
    verb of ``_plain_duties``. English: the party terms are found with literal searches (a
    regex tried at every position costs more), then a verb after each and a clause start before."""
    if lang != "en":
        own = tuple(
            t
            for t in bearers.terms
            if 2 <= len(t) <= 6 and all("\u4e00" <= c <= "\u9fff" for c in t)
        )
        rx = _plain_zh(_PLAIN_ZH_LABELS + own) if own else _PLAIN_ZH
        for m in rx.finditer(text):
            yield m.group("term"), m.start("term"), m.start("verb"), m.group("gap")
        return
    low: str | None = None
    found: list[tuple[int, str]] = []
    for term in bearers.terms:
        if not term.strip():
            continue  # an empty or blank "term" (hostile party data) would match everywhere
        p = text.find(term)
        while p != -1:
            found.append((p, term))
            p = text.find(term, p + len(term))
    for word in ("parties", "each party"):
        if low is None:
            low = lower_same_length(text)
        p = low.find(word)
        while p != -1:
            c = _PLAIN_COLLECTIVE_BEFORE.search(low, max(0, p - 6), p + len(word))
            if c is not None:
                found.append((c.start(), text[c.start() : c.end()]))
            p = low.find(word, p + len(word))
    for at, term in sorted(found):
        v = _PLAIN_AFTER_EN.match(text, at + len(term))
        if v is None:
            continue
        lo = max(0, at - 60)
        if _PLAIN_START_EN_RE.search(text, lo, at) is None:
            continue
        yield term, at, v.start("verb"), ""


# the usage notes of a Chinese model contract ("使用说明", "说 明", "填写须知"): a heading line before
# the contract's first article, up to the first line that names a party ("甲方（委托方）：",
# "委托人（全称）：") or the first article ("第一条"); its "应当 …" are advice to whoever signs
_INSTRUCTIONS = re.compile(
    r"^[ \t]*(?:使\s*用\s*|填\s*写\s*|合\s*同\s*|签\s*约\s*)?(?:说\s*明|须\s*知)"
    r"(?:\s*[与和及]\s*提\s*示)?[ \t]*$",  # "说明与提示"
    re.MULTILINE,
)
_CONTRACT_START = re.compile(
    r"^[ \t]*(?:[\u4e00-\u9fff]{0,6}[甲乙丙]方|[\u4e00-\u9fff]{1,5}[方人](?:[（(][^）)\n]{0,12}[）)])?[ \t]*[：:]|"
    r"第\s*[一1]\s*条)",
    re.MULTILINE,
)
_FIRST_ARTICLE = re.compile(r"^[ \t]*第\s*[一1]\s*条", re.MULTILINE)
MAX_INSTRUCTIONS = 3000


def instruction_section(text: str) -> tuple[int, int] | None:
    """The span of a Chinese model contract's usage notes (see ``_INSTRUCTIONS``), or None."""
    if "说" not in text and "须" not in text:
        return None
    m = _INSTRUCTIONS.search(text)
    if m is None:
        return None
    first = _FIRST_ARTICLE.search(text, 0, m.start())
    if first is not None:
        return None  # a "说明" inside the contract is one of its clauses
    end = _CONTRACT_START.search(text, m.end(), m.end() + MAX_INSTRUCTIONS)
    return (m.start(), end.start()) if end is not None else None


# a heading that names one party's duties: "甲方责任", "乙方的权利和义务", "Obligations of Supplier"
_DUTY_HEADING = re.compile(
    r"责任|义务|职责|obligations?\b|responsibilities\b|duties\b|covenants\b|undertakings\b",
    re.IGNORECASE,
)
# the word before a clause number ("Section 7.1", "ARTICLE 9"), any usual case
_SECTION_WORD = r"(?:[Ss]ection|SECTION|[Aa]rticle|ARTICLE|[Cc]lause|CLAUSE)"
_ITEM_LABEL = re.compile(
    r"\s*(?:"
    + _SECTION_WORD
    + r"\s+)?(?:[(（]?[0-9０-９]{1,3}(?:[.．][0-9０-９]{1,3})*[.．、)）]?|[(（][a-z一二三四五六七八九十]{1,3}[)）]|"
    r"[一二三四五六七八九十]{1,3}、|[a-z][.)])\s*"
)


def _heading_scopes(
    text: str,
    clauses: Sequence[Clause],
    out: list[tuple[int, int, Obligation]],
    data: DeonticData,
    roles_en: RoleData,
    parties: Sequence[Party],
    index: ClauseIndex,
    lookup: _ClauseLookup,
    lang: str,
) -> None:
    """Items under a heading that names one party's duties ("4.1 甲方责任", "Obligations of the
    Supplier") are that party's duties: an item that states none of a party of its own (its
    first sentence, no modal verb needed: "4.1.2 负责办理报批手续。") is one, with modality must."""
    bearers = _bearers(tuple(parties), data, roles_en)
    if bearers.term_re is None:
        return
    low: str | None = None
    for top in clauses:
        for c in top.walk():
            heading = c.heading
            if (
                not c.children
                or not heading
                or len(heading) > 60
                or not _DUTY_HEADING.search(heading)
            ):
                continue
            if (lang == "zh") != bool(_CJK.search(heading)):
                continue
            term = _heading_term(heading, bearers, lang)
            if term is None:
                # "第六条 双方权利义务" / "Obligations of the Parties": no one bearer, but each
                # sub-heading that is only a party's name ("（一）甲方", "(a) Supplier") is one
                for sub in c.children:
                    named = _party_heading(sub.heading, bearers) if sub.children else None
                    if named is not None:
                        low = low if low is not None else lower_same_length(text)
                        _scope(text, low, sub, named, out, data, bearers, index, lookup, lang)
                continue
            if lang == "en" and not _EN_DUTY_HEADING.fullmatch(_swap_term(heading, term)):
                continue  # "Conditions of Agent's Obligations", "Representations of Company"
            low = low if low is not None else lower_same_length(text)
            _scope(text, low, c, term, out, data, bearers, index, lookup, lang)


def _party_heading(heading: str | None, bearers: _Bearers) -> str | None:
    """The party term a sub-heading consists of ("甲方", "乙方：", "the Supplier"), or None."""
    if not heading or bearers.term_re is None or len(heading) > 30:
        return None
    bare = heading.strip(" \t：:.．、")
    if bare.lower().startswith("the "):
        bare = bare[4:]
    t = bearers.term_re.fullmatch(bare)
    return t.group() if t is not None else None


def _scope(
    text: str,
    low: str,
    c: Clause,
    term: str,
    out: list[tuple[int, int, Obligation]],
    data: DeonticData,
    bearers: _Bearers,
    index: ClauseIndex,
    lookup: _ClauseLookup,
    lang: str,
) -> None:
    """The items under clause ``c`` are ``term``'s duties (see :func:`_heading_scopes`)."""
    role = bearers.role_of.get(_norm(term), "unknown")
    items: list[tuple[int, int]] = []
    for leaf in c.walk()[1:]:
        if leaf.children or not leaf.number:
            continue
        lab = _ITEM_LABEL.match(text, leaf.start, leaf.end)
        items.append((lab.end() if lab else leaf.start, leaf.end))
    if items:
        _scoped(text, low, items, (term, role), "must", out, data, index, lookup, lang)
    for i, (a, b, o) in enumerate(out):
        if c.start <= o.start < c.end and not _is_party_bearer(o):
            out[i] = (a, b, replace(o, bearer=term, role=role))


# an English heading that is one party's duties and nothing else ("Obligations of the
# Supplier", "DISTRIBUTOR'S DUTIES AND RESPONSIBILITIES", "Duties as Operator", "Appointment and
# Obligations of the Agent"), the party's term replaced by TERM; not "Rights and Obligations of
# X" (its items are rights too), "Representations, Warranties and Covenants of X" (facts) or
# "Conditions to Obligations of X"
_DUTY_WORDS = r"(?:obligations?|duties|responsibilities|covenants|undertakings|commitments)"
_EN_DUTY_HEADING = re.compile(
    r"(?:(?:article|section|clause)\s+)?[\s\d.()\-–]{0,10}(?:(?:the\s+)?TERM(?:['’]s)?\s+(?:(?:general|additional|other|"
    r"specific|principal)\s+)?"
    + _DUTY_WORDS
    + r"(?:\s+(?:and|&)\s+(?:rights|"
    + _DUTY_WORDS[3:]
    + r")?|(?:(?:appointment|engagement|role|services)\s+(?:and|&)\s+)?"
    r"(?:(?:general|additional|other|specific|principal)\s+)?"
    + _DUTY_WORDS
    + r"(?:\s+(?:and|&)\s+(?:rights|"
    + _DUTY_WORDS[3:]
    + r")?\s+(?:of|for|as)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?TERM)"
    r"(?:\s+(?:hereunder|under\s+this\s+agreement))?[\s.:;-]*",
    re.IGNORECASE,
)


def _swap_term(heading: str, term: str) -> str:
    """``heading`` with its first case-insensitive occurrence of ``term`` replaced by TERM."""
    at = heading.casefold().find(term.casefold())
    return heading if at == -1 else heading[:at] + "TERM" + heading[at + len(term) :]


def _heading_term(heading: str, bearers: _Bearers, lang: str) -> str | None:
    """The one party term a duty heading names, as the bearers write it; in English also in
    capitals or another case ("OBLIGATIONS OF SUPPLIER" for "Supplier"). None for no term, two
    different terms, or a collective bearer ("Obligations of the Parties")."""
    if bearers.collective_re.search(heading.lower()):
        return None
    assert bearers.term_re is not None
    found = [
        m.group()
        for m in bearers.term_re.finditer(heading)
        if lang != "en" or _is_word(heading, m.start(), m.end())
    ]
    if lang == "en" and not found:
        folded = heading.casefold()
        for t in bearers.terms:  # longest first
            at = folded.find(t.casefold())
            if at != -1 and _is_word(heading, at, at + len(t)):
                found.append(t)
                folded = folded[:at] + " " * len(t) + folded[at + len(t) :]
    if len({_norm(t) for t in found}) != 1:
        return None
    return found[0]


_PREAMBLE_END = re.compile(
    r"\bWHEREAS\b|\bRECITALS\b|\bBACKGROUND\b|\bNOW,?\s+THEREFORE\b|\bwhereas\b|"
    r"\bagree\s+as\s+follows\b|\bRecitals\b|^\s*1\.\s",
    re.MULTILINE,
)
_BETWEEN = re.compile(r"\b(?:between|among|by\s+and\s+between)\b", re.IGNORECASE)
# ("Supplier"), (herein "Go Call"), (hereinafter referred to as "the Company"), (the "Agent")
_DEFINED_PARTY = re.compile(
    r"[(（]\s*(?:(?:the|herein(?:after)?|hereinafter\s+(?:referred\s+to\s+as|called)|"
    r"referred\s+to\s+(?:herein\s+)?as|collectively|individually|together\s+with\s+its\s+affiliates,?)"
    r"\s+)*(?:the\s+)?[\"“]([^\"”()]{1,40})[\"”]\s*[)）]",
    re.IGNORECASE,
)
_ENTITY = re.compile(
    r"(?:\bbetween\b|\band\b)\s+((?:[A-Z][\w&'’-]*\.?\s+){0,5}?"
    r"(?:Inc|Incorporated|Corporation|Corp|LLC|L\.L\.C|Ltd|Limited|Company|Co|L\.?P|plc|PLC|GmbH|AG|"
    r"S\.A|N\.V|B\.V)\b\.?)"
)
_ENTITY_SUFFIX = re.compile(
    r",?\s+(?:Inc|Incorporated|Corporation|Corp|LLC|L\.L\.C|Ltd|Limited|Company|Co|L\.?P|plc|PLC|"
    r"GmbH|AG|S\.A|N\.V|B\.V)\b\.?$"
)
_ENTITY_SUFFIX_ANY = re.compile(
    r"\b(?:Inc|Incorporated|Corporation|Corp|LLC|L\.L\.C|Ltd|Limited|Company|Co|L\.?P|plc|PLC|"
    r"GmbH|AG|S\.A|N\.V|B\.V|INC|INCORPORATED|CORPORATION|CORP|COMPANY|LIMITED|LTD|Trust|TRUST)"
    r"\b\.?"
)
# last words of defined terms that name things, not parties ("Common Stock", "Territory")
_NOT_PARTY_WORDS = frozenset(
    [
        "products",
        "product",
        "territory",
        "notice",
        "option",
        "shares",
        "stock",
        "debentures",
        "note",
        "notes",
        "indenture",
        "shipping",
        "other",
        "date",
        "agreement",
        "terms",
        "services",
        "software",
        "documents",
        "securities",
        "property",
        "information",
        "plan",
        "conversion",
        "amendment",
        "addendum",
        "manual",
        "capacity",
        "offering",
        "holders",
        "the",
        "a",
        "an",
        "of",
        "and",
    ]
)
_NOT_PARTY_TERMS = frozenset(
    {"agreement", "effective date", "party", "parties", "contract", "services", "term"}
)


def _not_a_party_term(term: str) -> bool:
    """A defined term that names a thing, not someone ("Plan", "Common Shares", "Operations
    Manual", "Effective Date")."""
    n = _norm(term)
    return n in _NOT_PARTY_TERMS or n.rsplit(" ", 1)[-1] in _THING_WORDS


# the last word of a defined term that names a thing ("Common Shares", "Build Addendum")
_THING_WORDS = _NOT_PARTY_WORDS - {"the", "a", "an", "of", "and", "other", "shipping"}


UNILATERAL_HEAD = 1000
# the opening of a one-sided instrument
_ONE_SIDED = re.compile(
    r"\b(?:KNOW\s+ALL\s+(?:MEN|PERSONS)|POWER\s+OF\s+ATTORNEY|UNDERTAKING|GUARANT(?:Y|EE)|"
    r"hereby\s+(?:nominates?|constitutes?|appoints?|undertakes?|guarantees?))",
    re.IGNORECASE,
)


def preamble_parties(text: str, parties: Sequence[Party]) -> tuple[Party, ...]:
    """Parties named in an English preamble that ``parties`` lacks (role "unknown").

    The preamble is the text before the first recital / "agree as follows" (at most 3,000
    characters from the first "between"); its defined terms in brackets ('("Affiliate")') and
    its entity names after "between" / "and" ("Acme Corporation") name the parties. A term that
    is, contains or is contained in a known party's term or name is not new."""
    head = text[:6000]
    b = _BETWEEN.search(head)
    # a one-sided instrument (a power of attorney, an undertaking, a letter) names its parties
    # with no "between": 'KNOW ALL MEN … that ACME TRUST, a … trust (the "Adviser"), does hereby
    # appoint BETA COMPANY ("FASC") …' (its first "between" comes later, about another agreement)
    begin = b.start() if b is not None and b.start() < UNILATERAL_HEAD else 0
    if b is None and not _ONE_SIDED.search(head, 0, UNILATERAL_HEAD):
        return ()
    end = _PREAMBLE_END.search(head, b.end() if b is not None and begin else 0)
    stop = min(end.start() if end else len(head), begin + 3000)
    region = head[begin:stop]
    # a "name" of many words is a sentence the party analysis took for one ("Description of the
    # Promotion … Acme Corporation in conjunction"): it hides no party of the preamble
    known = [_norm(t) for p in parties for t in (*p.terms, p.name) if t and len(t.split()) <= 6]
    found: list[str] = []
    for m in _DEFINED_PARTY.finditer(region):
        # a party's defined term follows the party's name: an entity name ends shortly before
        # ('Acme, Inc. ("Acme")'); '("Products")', '("Territory")' name no party
        before = region[max(0, m.start() - 150) : m.start()]
        before = before[before.rfind(")") + 1 :]
        if _ENTITY_SUFFIX_ANY.search(before):
            found.append(m.group(1).strip())
    for m in _ENTITY.finditer(region):
        name = " ".join(m.group(1).split())
        found.append(name)
        short = _ENTITY_SUFFIX.sub("", name).strip(" ,")
        if short and short != name:
            found.append(short)
    out: list[Party] = []
    seen: set[str] = set()
    for term in found:
        n = _norm(term)
        if (
            not n
            or n in seen
            or n in _NOT_PARTY_TERMS
            or n.rsplit(" ", 1)[-1] in _NOT_PARTY_WORDS
            or not term[:1].isupper()
            or any(n == k or n in k or k in n for k in known)
        ):
            continue
        seen.add(n)
        out.append(Party(term, (term,), "unknown"))
    return tuple(out[:4])


# words of role nouns that name one side in ordinary commercial English: a contract that defines
# "Supplier" and then writes "Seller shall deliver" means the supplier (when no party is a seller)
_ROLE_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"Supplier", "Seller", "Vendor"}),
    frozenset({"Customer", "Buyer", "Purchaser"}),
    frozenset({"Reseller", "Distributor", "Dealer"}),
    frozenset({"Licensor", "Grantor"}),
    frozenset({"Licensee", "Grantee"}),
)
_NAME_WORD = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[0-9]+")
_NAME_STOP = frozenset({"The", "THE", "Of", "OF", "And", "AND", "For", "FOR"})
MIN_INITIALS = 3
MAX_INITIALS = 6


def _initials(name: str) -> set[str]:
    """Initials a party's name may be written as: "MediaNet Group Technologies, Inc." -> "MNG",
    "MNGT", "MGT" (the words, and the parts of a word written in camel case, in order; at least
    the first two words; the legal form left out)."""
    bare = _ENTITY_SUFFIX.sub("", " ".join(name.split())).strip(" ,")
    words = [w for w in re.split(r"[\s,]+", bare) if w and w[0].isalpha()]
    words = [w for w in words if w not in _NAME_STOP]
    if len(words) < 2 and not (words and len(_NAME_WORD.findall(words[0])) >= 2):
        return set()
    out: set[str] = set()
    for split in (False, True):
        letters: list[str] = []
        for w in words:
            parts = _NAME_WORD.findall(w) if split else [w]
            letters.extend(part[0].upper() for part in parts if part)
        for k in range(2, len(letters) + 1):
            cand = "".join(letters[:k])
            if MIN_INITIALS <= len(cand) <= MAX_INITIALS:
                out.add(cand)
    return out


def _written(text: str, word: str, least: int) -> bool:
    """Whether ``word`` occurs at least ``least`` times in ``text`` as a whole word."""
    return _word_count(text, word, least) >= least


def short_forms(text: str, parties: Sequence[Party]) -> tuple[Party, ...]:
    """``parties`` with the short forms the text uses for them without defining them: a party's
    initials ("MNG" for MediaNet Group Technologies, written twice or more) and a synonym of its
    role noun ("Seller" for the defined "Supplier"), each only when it names no other party and
    the text does not define it in quotes. For the register only (the party analysis is not
    changed)."""
    if not parties:
        return tuple(parties)
    known = {t for p in parties for t in (*p.terms, p.name) if t}
    extra: list[list[str]] = [[] for _ in parties]
    owner: dict[str, int] = {}
    clash: set[str] = set()
    for i, p in enumerate(parties):
        cands = set()
        if p.name and len(p.name) <= 80:
            cands |= _initials(p.name)
        for t in p.terms:
            for group in _ROLE_SYNONYMS:
                if t in group:
                    cands |= group - {t}
        for c in cands:
            if c in owner and owner[c] != i:
                clash.add(c)
            owner[c] = i
    for c, i in owner.items():
        if c in clash or c in known or not _written(text, c, 2 if c.isupper() else 1):
            continue
        if c.isupper() and _written(text, c.lower(), 1):
            continue  # initials that spell a word ("THE", "ALL"): the word, not the party
        if f'"{c}"' in text or f"“{c}”" in text:
            continue  # defined for something of its own
        extra[i].append(c)
    if not any(extra):
        return tuple(parties)
    return tuple(
        replace(p, terms=(*p.terms, *more)) if more else p
        for p, more in zip(parties, extra, strict=True)
    )


def _word_count(text: str, word: str, most: int) -> int:
    """How often ``word`` occurs in ``text`` as a whole word (counted up to ``most``)."""
    n = 0
    p = text.find(word)
    while p != -1 and n < most:
        end = p + len(word)
        if (p == 0 or not text[p - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            n += 1
        p = text.find(word, end)
    return n


# a contract written to "you" that never defines the word: how often it must say it
MIN_ADDRESSEE_USES = 10
_YOU_FORMS = ("you", "You", "YOU", "your", "Your", "YOUR")
_WE_FORMS = ("we", "We", "WE", "us", "our", "Our")


def addressee_parties(text: str, parties: Sequence[Party]) -> tuple[Party, ...]:
    """``parties`` with "you" and "we" / "us" where the contract writes to "you" without defining
    it ('… NIGEL CROCKETT (the "Employee")', then "Your employment shall commence …", "You shall
    devote …"). "You" is, in this order: the party a preamble bracket names with it ('("you,"
    "your" or "Franchisee")', the comma inside the quotes); the one party with a side other than
    the party that holds "we" / "us"; of one provider and one client, the one whose own terms the
    text uses far less (a third or less: the addressee is written "you", the drafter by its
    name). "We" / "us", when undefined too and written often, is the other of that provider and
    client. For the register only (the party analysis is not changed)."""
    held = {t.lower() for p in parties for t in p.terms}
    if "you" in held or (
        # each whole-word "you" / "your" of _YOU_FORMS is an occurrence of "you" in the lower-
        # cased text (one count over the text the marker scan lower-cases anyway, instead of
        # six searches): fewer of those, fewer of them
        lower_same_length(text).count("you") < MIN_ADDRESSEE_USES
        or sum(_word_count(text, w, MIN_ADDRESSEE_USES) for w in _YOU_FORMS) < MIN_ADDRESSEE_USES
    ):
        return tuple(parties)
    sided = [i for i, p in enumerate(parties) if p.role in ("provider", "client")]
    pair = len(sided) == 2 and {parties[i].role for i in sided} == {"provider", "client"}
    we_held = [i for i, p in enumerate(parties) if {"we", "us"} & {t.lower() for t in p.terms}]
    you = _named_with(text, parties, ("you", "your"))
    if you is None and len(we_held) == 1:
        others = [i for i in sided if i != we_held[0]]
        you = others[0] if len(others) == 1 else None
    if you is None and pair:
        a, b = sided
        uses = [
            sum(_word_count(text, t, 1000) for t in parties[i].terms if t and len(t) > 1)
            for i in (a, b)
        ]
        if uses[0] >= 3 * max(uses[1], 1):
            you = b
        elif uses[1] >= 3 * max(uses[0], 1):
            you = a
    if you is None:
        return tuple(parties)  # who "you" is, the text does not say
    out = list(parties)
    out[you] = replace(out[you], terms=(*out[you].terms, "you"))
    if not ({"we", "us"} & held) and (
        sum(_word_count(text, w, MIN_ADDRESSEE_USES) for w in _WE_FORMS) >= MIN_ADDRESSEE_USES // 2
    ):
        we = _named_with(text, parties, ("we", "us"))
        if we is None and pair and you in sided:
            we = sided[1] if you == sided[0] else sided[0]
        if we is not None and we != you:
            out[we] = replace(out[we], terms=(*out[we].terms, "we", "us"))
    return tuple(out)


_PARENTHESIS = re.compile(r"\(([^()]{1,160})\)")
ADDRESSEE_HEAD = 4000  # how far into the text the preamble's brackets may be


def _named_with(text: str, parties: Sequence[Party], words: Sequence[str]) -> int | None:
    """The party whose quoted term stands in the same bracket of the preamble as one of ``words``
    quoted ('("you," "your" or "Franchisee")'), or None."""
    for m in _PARENTHESIS.finditer(text, 0, ADDRESSEE_HEAD):
        inside = m.group(1)
        if not any(re.search(rf"[\"“]{w}[,\"”]", inside, re.IGNORECASE) for w in words):
            continue
        for i, p in enumerate(parties):
            if any(t and re.search(rf"[\"“]{re.escape(t)}[,\"”]", inside) for t in p.terms):
                return i
    return None


# a sale contract's two sides, often labelled in its header ("The seller: …", "BUYER: …") and then
# written in any case and number ("the Sellers shall ship", "the buyer may reject")
_SALE_NOUNS: dict[str, Role] = {"Seller": "provider", "Buyer": "client", "Purchaser": "client"}
_SALE_LABEL = re.compile(
    r"\b(?:the\s+)?(seller|buyer|purchaser)s?(?:\s*/\s*[\w-]+(?:\s+[\w-]+)?)?[ \t]*:", re.IGNORECASE
)
SALE_LABEL_HEAD = 2000  # how far into the text the header labels may be


def _the_word(text: str, word: str) -> bool:
    """``text`` writes "the <word>" / "The <word>" with ``word`` a whole word (substring tests,
    :func:`_written`: a regex over the whole text for each form costs more than the register's
    scan)."""
    return _written(text, "the " + word, 1) or _written(text, "The " + word, 1)


def sale_parties(text: str, parties: Sequence[Party]) -> tuple[Party, ...]:
    """``parties`` with the sale nouns the contract uses for them: a seller or buyer labelled in
    the header ("The seller:") that the party analysis missed becomes a party of the noun's role,
    and a party termed "Seller" / "Buyer" / "Purchaser" is also its plural and lower-case forms
    as the text writes them ("the Sellers", "the buyer"). For the register only."""
    if not any(n in text or n.lower() in text for n in _SALE_NOUNS):
        return tuple(parties)
    labelled = {m.group(1).capitalize() for m in _SALE_LABEL.finditer(text, 0, SALE_LABEL_HEAD)}
    out = list(parties)
    held = {t: i for i, p in enumerate(out) for t in p.terms}
    for noun, role in _SALE_NOUNS.items():
        forms = [
            f
            for f in (noun + "s", noun.lower(), noun.lower() + "s")
            if f not in held and _the_word(text, f)
        ]
        if noun in held:
            i = held[noun]
            if forms:
                out[i] = replace(out[i], terms=(*out[i].terms, *forms))
        elif noun in labelled and not any(f in held for f in (noun + "s", noun.lower())):
            out.append(Party(noun, (noun, *forms), role))
    return tuple(out)


_PIECE_BREAK = re.compile(r";|；|:\s|：|\s\((?:[ivx]{1,4}|[a-h]|[0-9]{1,2})\)\s")


def _one_per_piece(
    text: str, found: Sequence[tuple[int, int, Obligation]]
) -> tuple[Obligation, ...]:
    """One obligation per bearer and modality in each piece of a sentence.

    A sentence with several markers of the same bearer and modality ("Supplier shall deliver … and
    shall install …") is one duty in the register; pieces are separated by semicolons, colons and
    enumerations ("(i)", "(b)"), which the register keeps apart."""
    out: list[Obligation] = []
    breaks: dict[tuple[int, int], list[int]] = {}  # a sentence's break ends, scanned once

    def piece(pos: int, start: int, end: int) -> int:
        if pos - start <= 0:
            return 0
        ends = breaks.get((start, end))
        if ends is None:
            ends = breaks[(start, end)] = [b.end() for b in _PIECE_BREAK.finditer(text, start, end)]
        return bisect.bisect_right(ends, pos)

    # (sentence start, bearer, role, modality) -> (marker, sentence end) of each one kept; the
    # pieces are only worked out when a second duty of the same key comes (most have none)
    kept: dict[tuple[int, str, str, str], list[tuple[int, int]]] = {}
    for _, pos, o in found:
        key = (o.start, _norm(o.bearer), str(o.role), str(o.modality))
        earlier = kept.get(key)
        if earlier is None:
            kept[key] = [(pos, o.end)]
        else:
            mine = piece(pos, o.start, o.end)
            if any(piece(p, o.start, e) == mine for p, e in earlier):
                continue
            earlier.append((pos, o.end))
        out.append(o)
    return tuple(out)


_PAYS = re.compile(
    r"^(?:promptly\s+|also\s+)?(?:pay|reimburse|remit|make\s+(?:a\s+|the\s+)?payments?)\b|^(?:支付|付款|付清|缴纳)"
)
_PROVIDER_WORK = re.compile(
    r"\b(?:perform|provide|deliver|develop|design|manufacture|supply|construct|install|repair|"
    r"maintain|furnish|render|fulfil|fulfill|ship|report)\b|提供|完成|交付|设计|维修|履行|制作|办理"
)
_ZH_LABELS = ("甲方", "乙方")


_PAYMENT_SUBJECT = re.compile(
    r"\b(?:payments?|fees?|amounts?|sums?|royalt(?:y|ies)|invoices?)\b", re.I
)
_PAID = re.compile(
    r"\s+(?:be\s+(?:\w+ly\s+)?(?:paid|made|remitted)|(?:be|remain)\s+(?:due\s+and\s+)?payable)\b"
    r"(?![^.;]{0,80}\bby\b)"
)
_PAYABLE_ID = "en.deontic.payable"  # "… are (due and) payable": a payment duty, no modal verb
_PAID_ANY = re.compile(
    r"\s*be\s+(?:\w+ly\s+)?(?:[a-z]+ed\s+(?:\w+ly\s+)?and\s+)?(?:paid|made|remitted)\b"
)
_PAY_WORDS = ("pay", "Pay", "PAY", "reimburs", "remit", "支付", "付款", "付清", "缴纳")
_PAYS_ANYWHERE = re.compile(r"\b(?:pay|pays|reimburse|remit)\b|支付|付款|付清|缴纳")
_PASSIVE_PAYMENT = re.compile(
    r"be\s+(?:\w+ly\s+)?(?:paid|remitted)\b|.*(?:预付|支付|付清)"
    r"|.{0,80}?\b(?:payments?|fees?|amounts?|sums?|royalt(?:y|ies)|invoices?)\b.{0,40}?"
    r"\b(?:shall|will|must)\s+be\s+(?:\w+ly\s+)?(?:[a-z]+ed\s+(?:\w+ly\s+)?and\s+)?"
    r"(?:paid|made|remitted)\b"
    r"|.{0,80}?\b(?:payments?|fees?|amounts?|sums?|royalt(?:y|ies)|invoices?)\b.{0,80}?"
    r"\b(?:(?:shall|will)\s+(?:be|remain)|is|are)\s+(?:due\s+and\s+)?payable\b"
)


_PENALTY_WORDS = re.compile(
    r"违约金|赔偿|退还|返还|\b(?:liquidated|damages|penalt(?:y|ies)|refunds?|late\s+charges?)\b"
)


_OTHER_SIDE: dict[str, BearerRole] = {"provider": "client", "client": "provider"}


# a party of the contract named only as any one of them: "the other Party", "a Party", "either
# party"; 对方 / 一方 / 合同当事人
_ANY_PARTY_EN = re.compile(
    r"\b(?:the\s+other|a|either|any|such|one)\s+part(?:y|ies)\b(?!\s+(?:beneficiar|rights?\b))",
    re.IGNORECASE,
)
_ANY_PARTY_ZH = re.compile(r"对方|一方|当事人")


def _unstated_bearer_sides(
    text: str, obligations: tuple[Obligation, ...]
) -> tuple[Obligation, ...]:
    """The side of a duty whose bearer the text does not state (role "unknown"):
    - its beneficiary is one side ("Such reports shall be delivered to the Customer within ten
      days"): the other side's;
    - else, in a sentence that names the parties only as any one of them ("… to be sent to the
      other Party"; "If a Party is rendered unable … its obligations shall be suspended"; "不可抗力
      事件发生后，应立即通知对方"): either party's, role "both" (the annotators write 13 of 14 such
      sentences in the read sets so)."""
    out = list(obligations)
    changed = False
    for i, o in enumerate(out):
        if o.bearer != NOT_STATED or o.role != "unknown" or o.modality == "may":
            continue
        if o.modality == "must" and o.beneficiary_role in _OTHER_SIDE:
            out[i] = replace(o, role=_OTHER_SIDE[str(o.beneficiary_role)])
            changed = True
            continue
        rx = _ANY_PARTY_ZH if o.language == "zh" else _ANY_PARTY_EN
        if rx.search(text, o.start, o.end):
            out[i] = replace(o, role="both")
            changed = True
    return tuple(out) if changed else obligations


def _payer_roles(obligations: tuple[Obligation, ...]) -> tuple[Obligation, ...]:
    """A payment whose payer the text does not give ("the fees shall be paid within 30 days",
    "以现金方式支付") is the duty of the side that pays elsewhere in the contract: the role with
    more payment duties of a named party (none, or a tie: left "unknown")."""
    todo = [
        i
        for i, o in enumerate(obligations)
        if o.bearer == NOT_STATED
        and o.role == "unknown"
        and o.modality == "must"
        and _PASSIVE_PAYMENT.match(o.action.lower())
    ]
    if not todo:
        return obligations
    pays: dict[str, int] = {"provider": 0, "client": 0}
    for o in obligations:
        if (
            o.role in pays
            and o.modality == "must"
            and o.bearer != NOT_STATED
            and any(w in o.action for w in _PAY_WORDS)
            and _PAYS_ANYWHERE.search(o.action.lower())
            # (penalties and refunds say who pays when things go wrong, not who pays the fees)
            and not _PENALTY_WORDS.search(o.action.lower())
        ):
            pays[str(o.role)] += 1
    if pays["provider"] == pays["client"]:
        return obligations
    payer: Role = "provider" if pays["provider"] > pays["client"] else "client"
    out = list(obligations)
    for i in todo:
        out[i] = replace(out[i], role=payer)
    return tuple(out)


def _side_of(parties: Sequence[Party]) -> dict[str, int]:
    """Normalised party term / name -> party index (甲方/乙方 without a party: their own side)."""
    side: dict[str, int] = {}
    for i, p in enumerate(parties):
        for t in (*p.terms, p.name):
            if t:
                side.setdefault(_norm(t), i)
    for k, label in enumerate(_ZH_LABELS):
        side.setdefault(label, len(parties) + k)
    return side


# a joint venture (or a partnership) named in the contract's title: its members contribute to a
# common business and none serves the other, so their roles are not inferred
_JOINT_VENTURE = re.compile(r"\bjoint[\s-]+venture\b|\bpartnership\s+agreement\b", re.IGNORECASE)
JOINT_VENTURE_HEAD = 600  # how far into the text the title may be


APPOINT_HEAD = 3000  # how far into the text an appointment is looked for
_APPOINTS = r"[^.;]{0,400}?\b(?:(?:nominates?|constitutes?|designates?)[\s,]+(?:and\s+)?)*appoints?\s+(?:the\s+)?"


def _appointed(text: str, a: Party, b: Party) -> int | None:
    """0 when the opening of ``text`` has ``b`` appoint ``a`` ("B hereby appoints A as its
    agent"), 1 when ``a`` appoints ``b``, else None."""
    head = text[:APPOINT_HEAD]
    if "appoint" not in head.lower():
        return None

    def names(p: Party) -> str:
        words = {t for t in (*p.terms, p.name) if t and len(t) <= 60}
        return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"

    na, nb = names(a), names(b)

    def appoints(x: str, y: str) -> bool:
        # the one appointed by its term, or by its name with the term defined just after
        # ('appoint BETA ADVISORY COMPANY, a … trust ("FASC")')
        y_at = r"(?:" + y + r"\b|[^.;]{0,200}?[\"“]" + y + r"[\"”])"
        return re.search(x + _APPOINTS + y_at, head, re.IGNORECASE) is not None

    if appoints(nb, na):
        return 0
    if appoints(na, nb):
        return 1
    return None


def infer_roles(
    obligations: tuple[Obligation, ...], parties: Sequence[Party], text: str = ""
) -> tuple[Obligation, ...]:
    """Roles for the bearers of a two-sided contract whose party analysis left them unknown.

    The two sides (parties, by their terms) that bear the most obligations are the contract's
    two sides. When both have role "unknown", the side with more duties to perform (provide,
    deliver, perform …; paying counts against) is the provider and the other the client; when
    one of them is the provider (client) and the other unknown, the other is the client
    (provider). Collective bearers ("each party") are untouched; so are bearers of a side that
    is not one of the two. The parties themselves are not changed. In a joint venture (the
    title at the start of ``text`` says so) two unknown sides stay unknown."""
    side = _side_of(parties)
    role_of_side: dict[int, str] = {i: p.role for i, p in enumerate(parties)}
    by_side: dict[int, list[int]] = {}
    for i, o in enumerate(obligations):
        if o.role == "both":
            continue
        k = side.get(_norm(o.bearer))
        if k is not None:
            by_side.setdefault(k, []).append(i)
    unknown = {k: v for k, v in by_side.items() if role_of_side.get(k, "unknown") == "unknown"}
    if not unknown:
        return obligations
    top = sorted(by_side, key=lambda k: (-len(by_side[k]), k))[:2]
    decided: dict[int, Role] = {}
    if len(top) == 2:
        a, b = top
        ra, rb = role_of_side.get(a, "unknown"), role_of_side.get(b, "unknown")
        if ra == "unknown" and rb == "unknown":
            if _JOINT_VENTURE.search(text, 0, JOINT_VENTURE_HEAD):
                return obligations

            def score(items: list[int]) -> int:
                total = 0
                for i in items:
                    o = obligations[i]
                    if o.modality == "may":
                        continue
                    if _PAYS.search(o.action.lower()):
                        total -= 2
                    elif _PROVIDER_WORK.search(o.action.lower()):
                        total += 2
                    else:
                        total += 1
                return total

            def tie_break(items: list[int]) -> tuple[int, int]:
                # a tie: more duties of performance, then fewer payments, makes the provider
                work = pay = 0
                for i in items:
                    o = obligations[i]
                    if o.modality != "may":
                        action = o.action.lower()
                        work += bool(_PROVIDER_WORK.search(action))
                        pay += bool(_PAYS.search(action))
                return work, -pay

            appointed = _appointed(text, parties[a], parties[b])
            if appointed is not None:
                # "the Adviser … does hereby nominate, constitute and appoint FASC …": the one
                # appointed acts for the other
                sa, sb = (1, 0) if appointed == 0 else (0, 1)
            else:
                sa, sb = score(by_side[a]), score(by_side[b])
            if sa == sb:
                ta, tb = tie_break(by_side[a]), tie_break(by_side[b])
                sa, sb = (1, 0) if ta > tb else (0, 1) if tb > ta else (0, 0)
            if sa != sb:
                decided = {a: "provider", b: "client"} if sa > sb else {a: "client", b: "provider"}
        elif {ra, rb} & {"provider", "client"} and "unknown" in (ra, rb):
            known_role = ra if ra != "unknown" else rb
            other = b if ra != "unknown" else a
            decided = {other: "client" if known_role == "provider" else "provider"}
    elif len(top) == 1 and len({p.role for p in parties if p.role in ("provider", "client")}) == 1:
        known = next(p.role for p in parties if p.role in ("provider", "client"))
        decided = {top[0]: "client" if known == "provider" else "provider"}
    decided = {k: r for k, r in decided.items() if k in unknown}
    if not decided:
        return obligations
    out = list(obligations)
    for k, role in decided.items():
        for i in unknown[k]:
            out[i] = replaced(out[i], role=role)
    return tuple(out)


def _find(
    text: str,
    lang: str,
    data: DeonticData,
    roles_en: RoleData,
    parties: Sequence[Party],
    index: ClauseIndex,
    lookup: _ClauseLookup,
    check_language: bool,
    limit: int | None = None,
    grants: dict[tuple[int, int, str], tuple[str, Modality]] | None = None,
) -> list[tuple[int, int, Obligation]]:
    """The marker scan. ``grants`` receives (start, end, action) -> grantee of each grant ("X
    hereby grants to Y …"), made Y's permission after the roles are inferred."""
    low = lower_same_length(text)
    positions = _trigger_positions(low, data)
    if not positions:
        return []
    bearers = _bearers(tuple(parties), data, roles_en)
    boundary_chars = "".join(c for c in _BOUNDARY_SET if c in low)
    span = (-1, -1)
    floor: tuple[int, int] | None = None  # the last span's end and its boundary character
    trimmed = (0, 0)  # span without its white space
    infos: dict[int, _SentenceInfo] = {}
    language_ok: dict[int, bool] = {}
    out: list[tuple[int, int, Obligation]] = []
    last_bearer: tuple[int, str, BearerRole] | None = None  # last party: (sentence, term, role)
    last_subject: tuple[int, tuple[str, BearerRole, bool]] | None = None  # any subject
    # "Party A shall also: 1. … 2. …": (index in out, marker end, bearer, role, modality)
    lead_ins: list[tuple[int, int, int | None, str, BearerRole, Modality]] = []
    unless_checked: set[int] = set()  # sentences searched for "unless terminated by X"
    for m in _markers(low, sorted(positions), data.marker_re, data.marker_first):
        if limit is not None and len(out) >= limit:
            break
        pos = m.start()
        if not span[0] <= pos < span[1]:
            s, e, at = _span(low, pos, data.abbreviations, boundary_chars, floor)
            span = (s, e)
            floor = (at, e) if at >= 0 else None
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            trimmed = (s, e)
        s, e = trimmed
        if s >= e:
            continue
        if check_language:
            if s not in language_ok:
                language_ok[s] = _language_of(text[s:e]) == lang
            if not language_ok[s]:
                continue

        def info_for(s: int = s, e: int = e) -> _SentenceInfo:
            # computed once per sentence, and only for sentences that yield an obligation
            found = infos.get(s)
            if found is None:
                found = infos[s] = _sentence_info(text[s:e], low[s:e], data, lookup, lang)
            return found

        group = m.lastgroup or "m0"
        marker = data.marker_of.get(group) or data.markers[int(group[1:])]
        modality = marker.modality
        if marker.id == _RESPONSIBILITY_ID:
            # "… is the responsibility of Reseller", "It is Reseller's responsibility to …": the
            # party named, a duty (the marker alone says nothing: "has the responsibility to")
            whose = (
                _responsible_party(text, low, s, pos, m.end(), e, bearers) if lang == "en" else None
            )
            if whose is not None:
                out.append(
                    _obligation(
                        text,
                        s,
                        e,
                        pos,
                        s,
                        whose,
                        "must",
                        info_for(),
                        index,
                        lang,
                        _deadline(text, low, s, e, m.end(), data),
                    )
                )
                last_bearer = (s, whose[0], whose[1])
            continue
        if (
            data.inverted_re is not None
            and low.find("no", max(s, pos - 90), pos) != -1
            and (
                data.inverted_re.search(low, max(s, pos - 40), pos)
                # a longer inset only after "at no time" / "in no event": "At no time during or
                # after the term of this Agreement shall either party …"
                or (
                    low.find(" no ", max(s, pos - 91), pos - 40) != -1
                    and data.inverted_re.search(low, max(s, pos - 90), pos)
                )
            )
        ):
            # "In no event shall Supplier …": the bearer follows the marker
            after = _leading_term(text, low, m.end(), e, lang, bearers)
            if after is not None and data.not_duty_re is not None:
                at = low.find(after[0].lower(), m.end(), e)
                if at != -1 and _not_duty(data, low, at + len(after[0]), e):
                    continue  # "In no event shall either party be liable for …": a statement
            if after is not None:
                modality = "must_not"
                out.append(
                    _obligation(
                        text,
                        s,
                        e,
                        pos,
                        m.end(),
                        after,
                        modality,
                        info_for(),
                        index,
                        lang,
                        _deadline(text, low, s, e, m.end(), data),
                    )
                )
                last_bearer = (s, after[0], after[1])
                last_subject = (s, (after[0], after[1], True))
                continue
        if lang == "en" and s not in unless_checked:
            unless_checked.add(s)
            right = (
                _unless_terminated(text, low, s, e, bearers)
                if low.find("terminated by", s, e) != -1 or low.find("unless either", s, e) != -1
                else None
            )
            if right is not None:
                # "This Agreement will renew … unless terminated by either party": the agent's
                # right to terminate, whatever the sentence says of the agreement
                at, terminator = right
                out.append(
                    _obligation(
                        text,
                        s,
                        e,
                        at,
                        at,
                        terminator,
                        "may",
                        info_for(),
                        index,
                        lang,
                        _deadline(text, low, s, e, at, data),
                    )
                )
        if _not_duty(data, low, m.end(), e) and not (
            lang == "en"
            and _PARTY_INCLUDES.match(low, m.end(), e)
            and _term_just_before(text, s, pos, lang, bearers) is not None
        ):
            # "shall be deemed", "shall survive", "shall not affect the validity"; "shall include"
            # defines, unless a party is to include something ("Reseller will include a tag …")
            continue
        if (
            lang == "en"
            and text.startswith("May", pos)
            and pos > s
            and text[pos - 1] != "\n"
            and not text[s:e].isupper()
        ):
            continue  # "By: James E. May", "on May 5, 2020": a name or a month, no modal verb
        if marker.id in _SHOULD_IDS and _SHOULD_INVERTED.match(text, m.end(), e):
            continue  # "… terminated by either party should Acme's contract end": a condition
        if (
            marker.id in _SHALL_IDS
            and lang == "en"
            and _CONDITION_HEAD.match(low, _clause_start(low, s, pos), pos)
        ):
            continue  # "If either party shall file a petition in bankruptcy, …": a condition
        if marker.id in _WILL_IDS and low.endswith("good ", max(0, pos - 5), pos):
            continue  # "the good will associated with the Licensed Property": a noun
        if marker.id in _CONDITIONAL_IDS and _in_condition(low, s, pos):
            continue  # "If Supplier cannot perform …, it shall notify": the condition is no duty
        if (
            lang == "en"
            and e - s <= 60
            and _is_heading(text[s:e])
            # "Datec Will:" over a list is its lead-in, in title case
            and not low.startswith(":", m.end(), m.end() + 1)
        ):
            continue  # "Covenant Not to Compete."
        action_from = m.end()
        if marker.id == _ZH_HAS_DUTY:
            action_from = pos  # "乙方有保密义务，……": the duty it names is the action
        if lang == "en" and (_RECITAL.match(low, s) or _DEFINES.match(low, s)):
            continue  # a recital states the background, a definition what a word means
        if (
            lang == "en"
            and modality == "may"
            and low.find("that", s, pos) != -1
            and _AWARE_THAT.search(low, s, pos)
        ):
            continue  # "X acknowledges that each of them may have access …": a possibility
        if lang == "en" and modality == "may" and _MAY_CAUSE.match(low, m.end(), e):
            continue  # "any breach may cause irreparable harm to Supplier": a possibility
        if (
            lang == "en"
            and marker.id in _WILL_IDS
            and low.find("that", s, pos) != -1
            and _WILL_HAPPEN.match(low, m.end(), e)
            and _ACKNOWLEDGED_THAT.search(low, max(s, pos - 160), pos)
        ):
            # "Reseller acknowledges that TouchStar will be irreparably harmed …", "… that there
            # will be scheduled downtime": a fact acknowledged, no promise
            continue
        if (
            marker.party_subject
            and modality == "may"
            and _RELATIVE_BEFORE.search(low, max(s, pos - 50), pos)
            and not (
                low.find("other", max(s, pos - 140), pos) != -1
                and _OTHER_ADDRESS.search(low, max(s, pos - 140), pos)
                and _DESIGNATES.match(low, m.end(), e)
            )
        ):
            # "as the Company may request", "which Consultant can establish" (not "… or such
            # other address as either party may designate": that party's right, as annotated)
            continue
        if (
            lang == "en"
            and modality == "may"
            and marker.party_subject
            and low.find("that", max(s, pos - 50), pos) != -1
            and _relative_that(text, max(s, pos - 50), pos)
        ):
            # "any information that the Receiving Party can demonstrate …", "such instruments
            # that the Company may deem necessary": what a noun is, not a permission (but "agrees
            # that VIP may perform …", "except that either Party may assign …" are)
            continue
        if (
            lang == "en"
            and modality == "must"
            and low.find("as ", max(s, pos - 40), pos) != -1
            and _AS_ONE_CHOOSES.match(low, m.end(), e)
            and _RELATIVE_BEFORE.search(low, max(s, pos - 40), pos)
        ):
            continue  # "… such meetings as Customer shall reasonably require": the other's duty
        if lang == "en" and low.find("wh", max(s, pos - 24), pos) != -1:
            rel = _WHO_BEFORE.search(low, max(s, pos - 24), pos)
            if rel is not None and not (
                # "… Supplier's prior approval, which shall not be unreasonably withheld": the
                # consenting party's (below)
                modality == "must_not" and _WITHHELD.match(low, m.end(), e)
            ):
                ante = rel.start()
                while ante > s and text[ante - 1] in " ,\t\n":
                    ante -= 1
                if _term_just_before(text, s, ante, lang, bearers, after_preposition=True) is None:
                    # "… to its Representatives who are required to have …", "Any person which
                    # shall succeed …": the duty of whoever the relative clause is about
                    continue
        previous = last_subject[1] if last_subject and last_subject[0] == s else None
        bearer, role, is_party = _subject(text, low, s, pos, lang, bearers, previous)
        if lang == "zh" and not is_party and text.startswith("由", m.end()):
            by_party = _ZH_BY_PARTY.match(text, m.end())
            if by_party is not None:
                # "差旅费用应当由乙方负担": the party after 由 bears it
                bearer = by_party.group("t")
                role = bearers.role_of.get(_norm(bearer), "both" if "双方" in bearer else "unknown")
                is_party = True
        if lang == "zh" and marker.id == _ZH_PROMISE_ID and _ZH_FACT.match(text, m.end(), e):
            continue  # "乙方保证……具备……资质", "双方保证……信息均真实有效": facts warranted
        if lang == "zh" and text.find("是指", s, pos) != -1:
            # "本合同中，不可抗力是指不能预见……": a definition (_ZH_DEFINITION takes those that
            # open the sentence, rows without a modal verb included)
            continue
        if is_party and marker.id == _PAYABLE_ID:
            continue  # "… are payable" says what is to be paid, not what a party does
        if (
            lang == "en"
            and not is_party
            and (not bearer or _PRONOUN.match(bearer))
            and _ITEM_START.match(text, s, pos)
        ):
            # "X represents, warrants and covenants that: … (viii) It will make no
            # representations …": the party of the list's lead-in
            declared = _list_lead_in_party(text, s, bearers)
            if declared is not None:
                bearer, role, is_party = declared[0], declared[1], True
        if not is_party and _PRONOUN.match(bearer):
            # "Talent agrees that during the Term he will …": the party that agrees (or
            # acknowledges, undertakes …) in the sentence, else the party that opens it, else the
            # last party named (within 400 characters)
            agreeing = _declaring_party(text, low, s, pos, bearers) if lang == "en" else None
            lead = _leading_term(text, low, s, pos, lang, bearers) if lang == "en" else None
            if agreeing is not None:
                bearer, role, is_party = agreeing
            elif lead is not None:
                bearer, role, is_party = lead[0], lead[1], True
            elif last_bearer and last_bearer[0] >= s - 400:
                bearer, role, is_party = last_bearer[1], last_bearer[2], True
        elif lang == "en" and role == "both" and _SUCH_PARTY.match(bearer):
            role = _one_party_named(text, low, s, pos, bearers) or role
        if (
            lang == "en"
            and is_party
            and modality != "may"
            and low.find("warrant", s, pos) != -1
            and _warranted_thing(text, low, s, pos, m.end(), bearers)
        ):
            continue  # "X warrants that the software (i) is … and (ii) will operate …": a fact
        if lang == "en" and low.find(" not ", s, pos) != -1 and _disclaimed(low, s, pos):
            continue  # "X does not warrant … that X will correct all defects": a disclaimer
        if lang == "en" and marker.id == "en.deontic.may" and is_party:
            if _MAY_HAVE.match(low, m.end(), e):
                continue  # "all rights Supplier may have in the Work": a possibility
            if data.passive_re is not None and not _MAY_ENTITLED.match(low, m.end(), e):
                verb = data.passive_re.match(low, m.end(), e)
                if verb is not None:
                    # "the Company may be merged …": no permission of the subject; "Supplier may
                    # be audited by Customer" is the agent's
                    agent = _passive_agent(text, verb.end(), min(e, verb.end() + 60), bearers)
                    if agent is None:
                        continue
                    bearer, role = agent
        if marker.id == _FREES_ID and (is_party or bearer[:7].lower() != "nothing"):
            continue  # "prevents" / "precludes" count only after "Nothing …"
        if (
            not is_party
            and lang == "en"
            and (bearer[:7].lower() == "nothing" or modality == "must_not")
        ):
            # "Nothing … shall prevent X from …", "Nothing in this agreement prevents X from …",
            # "The limitations above shall not prevent either party from …"
            at = pos if marker.id == _FREES_ID else m.end()
            freed = _nothing_prevents(text, low, at, e, bearers)
            if freed is not None:
                # "Nothing in this Agreement will preclude X from …": X's permission
                out.append(
                    _obligation(
                        text,
                        s,
                        e,
                        pos,
                        freed[0],
                        freed[1],
                        "may",
                        info_for(),
                        index,
                        lang,
                        _deadline(text, low, s, e, m.end(), data),
                    )
                )
                continue
        if marker.party_subject and not is_party:
            # "This Agreement may be terminated by either party": a permission of the agent
            if modality != "may" or data.passive_re is None:
                agent = (
                    _near_agent(text, low, m.end(), e, data.passive_re, bearers)
                    if lang == "en" and data.passive_re is not None
                    else None
                )
                if agent is None and lang == "en" and modality == "must":
                    agent = _warrantor(text, low, s, pos, m.end(), e, bearer, bearers)
                if agent is None or agent[1] not in ("provider", "client", "both"):
                    if (
                        lang == "en"
                        and modality == "must"
                        and _PAYMENT_SUBJECT.search(bearer)
                        and (marker.id == _PAYABLE_ID or _PAID.match(low, m.end(), e))
                    ):
                        # "Payments will be made by the 25th", "Invoices are due and payable
                        # within 30 days": the payer's duty (_payer_roles)
                        out.append(
                            _obligation(
                                text,
                                s,
                                e,
                                pos,
                                s,
                                (NOT_STATED, "unknown"),
                                "must",
                                info_for(),
                                index,
                                lang,
                                _deadline(text, low, s, e, m.end(), data),
                            )
                        )
                    continue
                # "Customer Data will not be used by Supplier for any other purpose": a duty (or
                # prohibition) of the party the passive names as its agent; "X warrants that
                # the Services will be performed …": X's promise (appended below)
            else:
                agent = _may_agent(text, low, s, pos, m.end(), e, data, bearers, lookup, index, out)
                if agent is None:
                    continue
            out.append(
                _obligation(
                    text,
                    s,
                    e,
                    pos,
                    s,  # "this Agreement may be terminated by X": the subject is the object
                    agent,
                    modality,
                    info_for(),
                    index,
                    lang,
                    _deadline(text, low, s, e, m.end(), data),
                )
            )
            continue
        if (
            lang == "en"
            and modality == "must_not"
            and low.find("unreasonabl", m.end(), min(e, m.end() + 60)) != -1
            and _WITHHELD.match(low, m.end(), e)
            and (
                marker.id == _NOT_WITHHELD_ID
                or _CONSENT.match(bearer)
                or _CONSENT_WHICH.search(low, max(s, pos - 24), pos)
                # "Customer's consent shall not be unreasonably withheld"
                or _OWN_CONSENT.search(low, max(s, pos - 60), pos)
            )
        ):
            # "… without Supplier's prior consent, which (consent) shall not be unreasonably
            # withheld" / "such consent not to be …": the prohibition of the side whose consent
            noun = _CONSENT.match(bearer) is not None  # "Such consent shall not …": look back
            giver = _consent_giver(
                text, max(0, s - 400) if noun else s, e if noun else pos, bearers
            )
            if giver is not None:
                bearer, role, is_party = giver[0], giver[1], True
            elif not _BY_AFTER_WITHHELD.match(low, m.end(), e):
                continue  # "…, which shall not be unreasonably withheld": whose, the text omits
        if not is_party:
            # the agent of a passive ("shall be paid by X", "… and may be used by X"), not of a
            # participle ("shall be subject to the rules imposed by X")
            by = _passive_agent(
                text,
                m.end(),
                e,
                bearers,
                collective=True,
                passive=data.passive_re if lang == "en" else None,
            )
            option = (
                _OPTION_END.match(low, m.end(), e)
                if by is None
                and lang == "en"
                and modality == "must"
                and low.find("the ", m.end(), m.end() + 16) != -1
                else None
            )
            chooser = (
                _chooser(text, low, option.start(), option.end(), bearers, None, s)
                if option is not None and _TERM_SUBJECT.search(low, s, pos)
                else None
            )
            warrantor = (
                _warrantor(text, low, s, pos, m.end(), e, bearer, bearers)
                if by is None and lang == "en" and modality == "must"
                else None
            )
            if by is not None:
                bearer, role = by
                action_from = s  # "the fees shall be paid by X": what is paid is the subject
            elif warrantor is not None and warrantor[1] in ("provider", "client"):
                # "VIP warrants that all services shall be performed in a workmanlike manner": a
                # promise of the party's own performance, its duty
                bearer, role = warrantor
                action_from = s
            elif chooser is not None:
                # "the Term shall, at the election of X, end at once": X's right to end it
                bearer, role = chooser
                modality = "may"
                action_from = _clause_start(low, s, pos)
            elif (
                lang == "en"
                and modality == "must"
                and _COMPLIES.match(low, m.end(), e)
                and (owner := _owner_in_subject(text, s, pos, bearers)) is not None
            ):
                # "Reseller's submission of orders shall comply with …", "the Services undertaken
                # by the Consultant shall be in full compliance with …": the owner's duty
                bearer, role = owner
                action_from = s
            elif modality == "must" and _meets_standards(low, m.end(), e, lang):
                # "the design shall conform to the national standards": the performer's duty
                bearer, role = NOT_STATED, "provider"
            elif (
                lang == "en"
                and modality == "must_not"
                and (_CONSENT.match(bearer) or low.endswith("which ", max(s, pos - 6), pos))
                and _WITHHELD.match(low, m.end(), e)
            ):
                # "Such consent shall not be unreasonably withheld": the side whose consent it is
                giver = _consent_giver(text, max(0, s - 400), e, bearers)
                if giver is None:
                    continue
                bearer, role = giver
            elif (
                lang == "en"
                and modality == "must"
                and _PAYMENT_SUBJECT.search(bearer)
                and _PAID.match(low, m.end(), e)
            ):
                # "the Fees shall be due and payable within ten days": the payer's duty
                bearer, role = NOT_STATED, "unknown"
                action_from = s
            elif lang == "en" and (_NOTICES.match(bearer) or _NOTICES.match(low, s, pos)):
                # "All notices shall be in writing and sent by courier": how both sides give notice
                bearer, role = NOT_STATED, "both"
            elif data.passive_re is not None:
                if not data.passive_re.match(low, m.end(), e):
                    continue  # "This promotion shall begin …", "the fee shall be …": no party's duty
                subject = bearer
                bearer, role = NOT_STATED, "unknown"
                if (
                    lang == "en"
                    and _PAYMENT_SUBJECT.search(subject)
                    and _PAID_ANY.match(low, m.end(), e)
                ):
                    # "All payments shall be made by check": the payment is the subject, so the
                    # action keeps it for the payer's role (_payer_roles)
                    action_from = s
                to = _GIVEN_TO.match(low, m.end(), e) if lang == "en" else None
                if to is not None and bearers.term_re is not None:
                    # "A certificate shall be furnished to Customer": the other side gives it
                    t = bearers.term_re.match(text, to.end())
                    if t is not None and _is_word(text, t.start(), t.end()):
                        receiver = bearers.role_of.get(_norm(t.group()), "unknown")
                        if receiver in ("provider", "client"):
                            role = "client" if receiver == "provider" else "provider"
                if (
                    lang == "en"
                    and modality == "must_not"
                    and _AGREEMENT_SUBJECT.search(low, s, pos)
                    and _ASSIGNED.match(low, m.end(), e)
                ):
                    # "This Agreement may not be assigned without the other party's consent":
                    # binds whichever side would assign
                    role = "both"
                elif lang == "en" and (
                    _AGREEMENT_ITSELF.fullmatch(subject)
                    or _SEVERABILITY.match(low, s, pos)
                    or "liabilit" in subject.lower()
                ):
                    # "this Agreement shall be suspended", "if any provision shall be held …", "a
                    # party's total liability shall be limited to …": statements
                    continue
                elif "dispute" in info_for().topics:
                    role = "both"  # "disputes shall be submitted to arbitration": both sides
                elif lang == "en" and _NOTICES.match(low, s, pos):
                    # "All notices … shall be in writing and shall be delivered …" (the subject
                    # belongs to the first verb): how both sides give notice
                    role = "both"
                elif lang == "en" and _CHANGE_SUBJECT.search(subject):
                    continue  # "Any waiver of such rights must be set forth in writing"
                elif lang == "en" and role == "unknown" and modality != "may":
                    # "X agrees that all records it keeps shall be accessible …": what X agrees to
                    # (not "X agrees that any breach may cause irreparable harm": a possibility)
                    agreeing = _declaring_party(text, low, s, pos, bearers, that=True)
                    if agreeing is not None:
                        bearer, role = agreeing[0], agreeing[1]
        else:
            last_bearer = (s, bearer, role)
        last_subject = (s, (bearer, role, is_party))
        if (
            lang == "en"
            and modality in ("must", "may")
            and (
                (low.find("neither", max(s, pos - 120), pos) != -1 and _neither_before(low, s, pos))
                # "… shall have no authority to take, nor shall it take, any action …" (not "nor
                # will they be held responsible …": a limit of liability)
                or (
                    modality == "must"
                    and low.endswith("nor ", max(s, pos - 4), pos)
                    and not _NOR_BE.match(low, m.end(), e)
                )
            )
        ):
            # "Each party agrees that neither will disparage the other", "neither it nor its
            # staff will contact …"
            modality = "must_not"
        if (
            lang == "en"
            and modality != "must_not"
            and low.find("no", max(s, pos - 80), pos) != -1
            and _no_subject(low, s, pos, bearer)
        ):
            # "During the term, no Sponsor shall transfer …", "no confidential information shall be
            # disclosed …", "Company agrees that no other distributor will be appointed …"
            modality = "must_not"
        if lang == "en" and modality != "must_not" and _NEGATIVE_BEARER.match(bearer):
            modality = "must_not"  # "Neither party shall announce …", "Neither party may assign …"
        grantee: tuple[str, Modality] | None = None
        if (
            grants is not None
            and lang == "en"
            and is_party
            and modality == "must"
            and bearers.term_re is not None
        ):
            grant = _GRANTS.match(low, pos, min(e, m.end() + 40))
            if grant is not None:
                # "X hereby grants to Y a licence", "X hereby delegates to Y all powers", "X
                # hereby appoints Y as its agent": Y's permission;
                # "X hereby appoints Y to provide the services": Y's duty
                y = bearers.term_re.match(text, grant.end())
                if y is not None and _is_word(text, y.start(), y.end()):
                    duty = grant.group("appoint") is not None and _TO_VERB.match(low, y.end())
                    grantee = (y.group(), "must" if duty else "may")
        if (
            lang == "en"
            and is_party
            and modality != "may"
            and role in ("provider", "client")
            and bearers.term_re is not None
            and data.passive_re is not None
            and low.find(" by ", m.end(), min(e, m.end() + 160)) != -1  # (cheap tests first)
            and low.find("be ", m.end(), m.end() + 30) != -1
        ):
            # "Supplier shall be paid by Customer", "Customer shall be given notice by Supplier":
            # the agent's duty, when the agent is the other side ("by" at most four words after
            # the participle: not "… will be made … until approved by X")
            agent = _near_agent(text, low, m.end(), e, data.passive_re, bearers)
            if agent is not None and agent[1] in ("provider", "client") and agent[1] != role:
                bearer, role = agent
                action_from = s
        if lang == "en" and modality == "must":
            if (
                "discretion" in low[s : m.end() + 100]
                and _discretion(low, s, e, pos, m.end())
                and not _BE_RESPONSIBLE.match(low, m.end(), e)
            ):
                # "X shall, in its sole discretion, decide …": X's choice (not "X will be solely
                # responsible at its discretion for …": how, not whether)
                modality = "may"
            elif is_party and _ENTITLEMENT.match(low, m.end(), e):
                modality = "may"  # "X shall charge a fee", "X will make the decision": X's right
            elif low.find(" only ", m.end(), min(e, m.end() + 90)) != -1 and _ONLY_TO.match(
                low, m.end(), e
            ):
                modality = "must_not"  # "X shall market only to retailers": nowhere else
            elif low.find(" no ", m.end(), min(e, m.end() + 40)) != -1 and (
                _DOES_NO.match(low, m.end(), e) or _IN_NO_WAY.match(low, m.end(), e)
            ):
                modality = "must_not"  # "X will make no representations", "shall have no right to"
            elif is_party and (
                _RECEIVES.match(low, m.end(), e)
                or (
                    role in ("provider", "client")
                    and low.find("be ", m.end(), m.end() + 12) != -1
                    and _IS_GIVEN.match(low, m.end(), e)
                    and _term_just_before(text, s, pos, lang, bearers) is not None
                )
            ):
                # "Consultant shall receive a fee" / "shall be reimbursed": the other side pays
                if role not in ("provider", "client"):
                    continue
                bearer = NOT_STATED
                role = "client" if role == "provider" else "provider"
        if is_party:
            lead_in = _LEAD_IN.match(low, m.end(), m.end() + 40) or (
                _FOLLOWING_LEAD_IN.match(low, m.end(), min(e + 2, m.end() + 240))
                if low.find("following", m.end(), min(e, m.end() + 200)) != -1
                else None
            )
            if lead_in is not None:
                # "X shall:" lists from the marker on; "X shall perform the following
                # services, …:" from its colon (None: the former)
                list_from = lead_in.end() if lead_in.re is _FOLLOWING_LEAD_IN else None
                lead_ins.append((len(out), m.end(), list_from, bearer, role, modality))
        out.append(
            _obligation(
                text,
                s,
                e,
                pos,
                action_from,
                (bearer, role),
                modality,
                info_for(),
                index,
                lang,
                _deadline(text, low, s, e, m.end(), data),
            )
        )
        if grantee is not None and grants is not None:
            o = out[-1][2]
            grants[(o.start, o.end, o.action)] = grantee
    for k, at, list_from, bearer, role, modality in reversed(lead_ins):
        items = list_items(text, at if list_from is None else list_from)
        if len(items) < 2:
            continue  # items inside the lead-in's sentence: one duty, as the sentence says it
        added = _scoped(
            text,
            low,
            items,
            (bearer, role),
            modality,
            out,
            data,
            index,
            lookup,
            lang,
            skip=k,
            # the lead-in's own words, before its first item ("Within five days of termination,
            # X must: (a) …"), not an item's
            deadline=_deadline(text, low, out[k][2].start, items[0][0], at, data),
            imperative_only=list_from is not None,
        )
        if added and list_from is None:
            # "Party A shall also:" holds no duty of its own; "X shall perform the following
            # services:" does (its verb)
            del out[k]
    return out


# a party to put something in something: "Manufacturer shall include the information … in the
# packaging" (not "Licensee shall include its Affiliates", which defines)
_PARTY_INCLUDES = re.compile(
    r"\s+(?:\w+ly\s+)?(?:not\s+)?include\s+(?!(?:its|their|his|her)\s+(?:affiliates|subsidiaries|"
    r"successors|employees|agents|permitted)\b|but\b|without\b|any\s+and\s+all\b)"
)


def _not_duty(data: DeonticData, low: str, at: int, end: int) -> bool:
    """A statement that is no one's obligation follows ("shall be deemed", "shall survive")."""
    if data.not_duty is not None:
        return data.not_duty.matches(low, at, end)
    return data.not_duty_re is not None and data.not_duty_re.match(low, at, end) is not None


def _scan_words(rests: dict[str, list[str]]) -> tuple[str, ...]:
    """The words to scan for (``DeonticData.scan_words``) from what follows each trigger word
    in the alternatives that start with it."""
    out: set[str] = set()
    for word, after in rests.items():
        chars: set[str] = set()
        for rest in after:
            follow = next_chars(rest)
            if follow is None:
                break  # (also: a marker that may end right after the word, "shall\b")
            chars |= follow
        else:
            out.update(word + c for c in chars)
            continue
        out.add(word)
    return tuple(sorted(out))


def _trigger_positions(low: str, data: DeonticData) -> set[int]:
    """Where a trigger word starts (English: at a word start): the only places a marker can.
    A marker can only match where one of ``data.scan_words`` starts too."""
    positions: set[int] = set()
    check_word = data.word_boundaries
    automaton = _trigger_automaton(data.trigger_words, data.scan_words or data.trigger_words)
    if automaton is not None:
        # one pass for all the words (each str.find pass reads the whole text: 18 passes cost
        # more than the automaton's one)
        add = positions.add
        if check_word:
            for end, last in automaton.iter(low):
                p = end - last
                # (a contraction's marker starts inside the word: "you'll", "you're")
                if p == 0 or not low[p - 1].isalnum() or low[p] in "'’":
                    add(p)
        else:
            for end, last in automaton.iter(low):
                add(end - last)
        return positions
    find = low.find
    for word in data.trigger_words:
        # str.find, non-overlapping like finditer of the escaped literal, without match objects
        step = len(word)
        p = find(word)
        while p != -1:
            if not check_word or p == 0 or not low[p - 1].isalnum() or low[p] in "'’":
                positions.add(p)
            p = find(word, p + step)
    return positions


@functools.lru_cache(maxsize=16)
def _trigger_automaton(triggers: tuple[str, ...], words: tuple[str, ...]) -> Any:
    """An Aho-Corasick automaton whose ``iter`` yields (end offset, length - 1) for every
    occurrence of ``words``; None when that would not find every marker one ``str.find`` loop
    per trigger finds: a trigger that can overlap itself ("aa": the loop skips the second of
    "aaa"), or no words."""
    if not words or any(w[:k] == w[-k:] for w in triggers for k in range(1, len(w))):
        return None
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word in sorted(set(words)):
        automaton.add_word(word, len(word) - 1)
    automaton.make_automaton()
    return automaton


# after a marker: a list follows ("shall: (a) …", "shall also:", "应履行下列义务：")
_LEAD_IN = re.compile(
    r"(?:\s+(?:also|further|each|inter\s+alia))?\s*[:：]|[^，。；,;:：]{0,15}[:：]"
    # "the receiving party must, at its cost: (i) …"
    r"|\s*,[^,;:.]{1,30},?\s*[:：]"
)
# "X shall perform the following duties, in accordance with …:" (the colon further on)
# (not across another modal verb: "X shall report to Y and shall perform the following …:" is the
# second one's list)
_FOLLOWING_LEAD_IN = re.compile(
    r"(?:(?!\b(?:shall|will|must|may)\b)[^.;:：]){0,120}?\bthe\s+following\b"
    r"(?:(?!\b(?:conditions?|events?|circumstances?|occurs?|cases?)\b)[^.;:：]){0,120}[:：]"
)
# an item that opens with a verb, as a list of duties after "the following" does
_IMPERATIVE = re.compile(
    r"(?:\w+ly\s+)?(?:accept|act|advise|arrange|assist|attend|audit|bill|calculate|cause|collect|"
    r"comply|conduct|consult|cooperate|coordinate|create|credit|deliver|design|develop|direct|"
    r"disburse|distribute|engage|ensure|establish|evaluate|execute|file|forward|furnish|give|"
    r"handle|identify|implement|inform|inspect|install|invoice|issue|keep|maintain|make|"
    r"manage|monitor|negotiate|notify|obtain|operate|organi[sz]e|oversee|pay|perform|place|"
    r"prepare|process|procure|produce|promote|protect|provide|purchase|receive|recommend|record|"
    r"recruit|refer|remit|render|repair|report|represent|respond|retain|review|secure|seek|sell|"
    r"send|serve|set\s+up|settle|ship|sign|store|submit|supervise|supply|support|test|train|"
    r"transfer|transmit|undertake|update|use|verify)\b"
    # (not a noun: "Use of the hosting computer", "Design, layout and decor")
    r"(?!\s*,|\s+(?:of|and|or)\b)"
)
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
_CN_DIGITS = "一二三四五六七八九十"
# (first, a clause's numbered sub-items: "2.3.1 Maintain …", "2.3.2 …", the prefix carried)
_FIRST_LABEL = re.compile(
    r"\s*(?:(?P<dec>[1-9][0-9]?\.(?:[1-9][0-9]?\.)?)1(?![0-9])\.?(?=[ \t]*[A-Za-z])|(?P<num>1)[.．、)]|[(（](?P<pnum>1)[)）]|\((?P<alpha>a)\)|(?P<alpha2>a)[.)]|"
    r"\((?P<roman>i)\)|(?P<roman2>i)[.)]|[(（](?P<pcn>一)[)）]|(?P<cn>一)、|"
    r"\((?P<caps>A)\)|(?P<caps2>A)[.)](?=\s))[ \t]*"
)
MAX_ITEM = 1500


def _label_pattern(kind: str, k: int) -> str | None:
    """The k-th label (0-based) of a list whose first label is of ``kind``."""
    if kind.startswith("dec:"):
        # "2.3.1", "2.3.2", …: the same prefix, then the next number (not "2.3.10" for "2.3.1")
        return re.escape(kind[4:]) + rf"{k + 1}(?![0-9])\.?(?=[ \t]*[A-Za-z])"
    if kind in ("num", "pnum"):
        v = str(k + 1)
    elif kind in ("alpha", "alpha2"):
        if k >= 26:
            return None
        v = "abcdefghijklmnopqrstuvwxyz"[k]
    elif kind in ("roman", "roman2"):
        if k >= len(_ROMAN):
            return None
        v = _ROMAN[k]
    elif kind in ("caps", "caps2"):
        if k >= 26:
            return None
        v = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[k]
    else:
        if k >= len(_CN_DIGITS):
            return None
        v = _CN_DIGITS[k]
    return {
        "num": rf"{v}[.．、)]",
        "pnum": rf"[(（]{v}[)）]",
        "alpha": rf"\({v}\)",
        "alpha2": rf"{v}[.)]",
        "roman": rf"\({v}\)",
        "roman2": rf"{v}[.)]",
        "pcn": rf"[(（]{v}[)）]",
        "cn": rf"{v}、",
        "caps": rf"\({v}\)",
        "caps2": rf"{v}[.)](?=\s)",
    }[kind]


def list_items(text: str, at: int) -> list[tuple[int, int]]:
    """The items of a list that starts right at ``at`` ("1. … 2. …", "(a) …; (b) …", "（一）…"):
    each item's span from after its label to the next label (the last one to the end of its first
    sentence). Labels must follow each other (1, 2, 3 …; a, b …), each after white space or
    punctuation."""
    colon = _LEAD_COLON.match(text, at)
    start = colon.end() if colon else at
    first = _FIRST_LABEL.match(text, start)
    if first is None:
        return []
    kind = first.lastgroup or "num"
    if kind == "dec":
        kind = "dec:" + first.group("dec")
    items: list[tuple[int, int]] = []
    cur = first.end()
    k = 1
    while True:
        pattern = _label_pattern(kind, k)
        nxt = None
        if pattern is not None:
            nxt = _next_label(pattern).search(text, cur, min(len(text), cur + MAX_ITEM))
        if nxt is None:
            stop = _ITEM_END.search(text, cur, min(len(text), cur + MAX_ITEM))
            items.append((cur, stop.end() if stop else min(len(text), cur + MAX_ITEM)))
            return items
        items.append((cur, nxt.start()))
        cur = nxt.end()
        k += 1


_LEAD_COLON = re.compile(r"[^:：\n]{0,60}[:：](?:[ \t]*[-–—]+(?=\s))?")


@functools.lru_cache(maxsize=256)
def _next_label(pattern: str) -> re.Pattern[str]:
    """The next label of a list, after white space or punctuation (compiled once per label)."""
    return re.compile(r"(?:(?<=[\s;；。:：,，])|(?<=\band)|(?<=\bor))\s*" + pattern + r"[ \t]*")


_ITEM_END = re.compile(r"[.。；;!?！？](?=\s|$)|[。；]|\n")


def _scoped(
    text: str,
    low: str,
    items: Sequence[tuple[int, int]],
    bearer: tuple[str, BearerRole],
    modality: Modality,
    out: list[tuple[int, int, Obligation]],
    data: DeonticData,
    index: ClauseIndex,
    lookup: _ClauseLookup,
    lang: str,
    skip: int = -1,
    deadline: str | None = None,
    imperative_only: bool = False,
) -> int:
    """Obligations of ``bearer`` for list items that state none of a party of their own (their
    first sentence); an item's obligation with no party as bearer takes ``bearer``, one without a
    deadline of its own the lead-in's ``deadline`` ("within five days of termination, X must: (a)
    …; (b) …"). With ``imperative_only``, only items that open with a verb ("1. Maintain separate
    records …", not "Bank draft processing."). Returns how many items gave an obligation."""
    added = 0
    for lo, hi in items:
        while lo < hi and text[lo].isspace():
            lo += 1
        if imperative_only and not _IMPERATIVE.match(low, lo, hi):
            continue
        stop = _ITEM_END.search(text, lo, hi)
        end = stop.start() + (1 if text[stop.start()] in ".。" else 0) if stop else hi
        while end > lo and text[end - 1] in " \t\n;,；，":
            end -= 1
        if end - lo < 4 or (
            lang == "en" and (_is_heading(text[lo:end]) or _CAPS_TITLE.fullmatch(text, lo, end))
        ):
            continue  # "Non-Solicitation.", "Section 7.1 REPORTS.": the item's title, not a duty
        if lang == "zh" and _ZH_CATCH_ALL.match(text, lo, end):
            continue  # "法律法规规定的其他权利义务。": a reference to the law, no duty of its own
        own = [
            i
            for i, (_, at, o) in enumerate(out)
            if i != skip
            and o.start < end
            and o.end > lo
            and min(o.end, end) - max(o.start, lo) >= (end - lo) / 2
            and (lo <= at < hi or o.start >= lo)
        ]  # its marker in the item: not a duty of a later item ("A. …; B. … and shall provide …")
        if any(out[i][2].bearer != NOT_STATED and _is_party_bearer(out[i][2]) for i in own):
            added += 1
            continue
        if (
            not own
            and lang == "en"
            and len(text[lo:end].split()) <= 6
            and any(end <= o.start < hi and _is_party_bearer(o) for _, _, o in out)
        ):
            continue  # "Use of Credit Data. Client shall …": a title; the item states its duty
        for i in own:
            out[i] = (out[i][0], out[i][1], replace(out[i][2], bearer=bearer[0], role=bearer[1]))
        if own:
            added += 1
            continue
        info = _sentence_info(text[lo:end], low[lo:end], data, lookup, lang)
        out.append(
            _obligation(
                text,
                lo,
                end,
                lo,
                lo,
                bearer,
                "must_not"
                if (lang == "en" and _NOT_TO.match(low, lo, end))
                or (lang == "zh" and _zh_forbidden_list(text, lo))
                else "may"
                if lang == "zh" and _ZH_ENTITLED_ITEM.match(text, lo, end)
                else modality,
                info,
                index,
                lang,
                _deadline(text, low, lo, end, lo, data) or deadline,
            )
        )
        added += 1
    return added


# a title in capitals, its number before it ("Section 7.13 DISPUTES WITH CUSTOMERS.")
_CAPS_TITLE = re.compile(
    r"(?:" + _SECTION_WORD + r"\s+)?[\d.()]*\s*"
    r"[A-Z][A-Z0-9 ,&/'’-]{2,80}[.:]?\s*"
)


# an item of a Chinese list of rights and duties that is a right: "享有鉴定成果报告", "有权检查"
_ZH_ENTITLED_ITEM = re.compile(r"(?:[^，。；]{0,20}[，,])?\s*(?:享有|有权)")
# the catch-all last item of a Chinese list of rights and duties
_ZH_CATCH_ALL = re.compile(
    r"[（(]?[一二三四五六七八九十0-9]*[）)、.．]?\s*(?:国家|有关)?法律(?:[、,，]?(?:行政)?法规)?(?:[和及、]规章)?"
    # ("法律规定或者本合同约定的其他权利义务")
    r"(?:(?:规定|约定)(?:或者?|和|及|、)本?合同)?(?:规定|约定)的其他(?:权利|义务|权利义务|权利和义务|权利与义务)[。；;]?"
)
# a Chinese list introduced as forbidden ("乙方……不得以……等方式……：1.虚构交易；2.……")
_ZH_FORBIDS = re.compile(r"不得|禁止|严禁|不应")


def _zh_forbidden_list(text: str, lo: int) -> bool:
    """The list item at ``lo`` belongs to a list whose lead-in forbids: the last "：" before it
    (no "。" in between: the items run on with "；") closes a clause that says 不得 / 禁止 / 严禁."""
    head = text[max(0, lo - 600) : lo]
    colon = max(head.rfind("："), head.rfind(":"))
    if colon == -1 or "。" in head[colon:]:
        return False
    clause = head[: colon + 1]
    cut = max(clause.rfind("。"), clause.rfind("；"), clause.rfind("\n"))
    return _ZH_FORBIDS.search(clause, cut + 1) is not None


# an item of a list of duties written as a prohibition ("(c) not to market the Products …",
# "(b) not use any material …" after "shall:"), not a measure ("not less than", "not later than")
_NOT_TO = re.compile(
    r"(?:not|never)\s+(?:to\b|(?!(?:less|more|later|earlier|exceeding|only|applicable|"
    r"withstanding|including|all|any|every|a|an|the)\b)[a-z]+\b)|refrain\s+from\b"
)


def _is_party_bearer(o: Obligation) -> bool:
    if o.bearer == NOT_STATED:
        return False  # a role given from context ("the design shall meet the standards")
    return o.role != "unknown" or o.bearer in _ZH_LABELS


# markers that inside a condition state a possibility, not a duty or permission ("If Supplier
# cannot perform …", "unless Customer may lawfully …")
_CONDITIONAL_IDS = frozenset(
    {
        "en.deontic.cannot",
        "en.deontic.can",
        "en.deontic.may",
        "en.deontic.may_not",
        "en.deontic.will_not",
        "en.deontic.should",
        "en.deontic.should_not",
    }
)
_SHALL_IDS = frozenset({"en.deontic.shall", "en.deontic.shall_not"})
_ZH_HAS_DUTY = "zh.deontic.youyiwu"
# a recital, also after the word that introduces the recitals ("WITNESSETH: WHEREAS, …")
# '1.16 "Transfer Agreement" means the agreement … whereby Supplier undertakes to …': a definition
_DEFINES = re.compile(
    r"\s*(?:\d+(?:\.\d+)*\.?\s+)?[\"“][^\"”\n]{1,60}[\"”]\s+(?:means|shall\s+mean|has\s+the\s+meaning"
    r"|refers\s+to)\b"
)
_RECITAL = re.compile(r"(?:(?:witnesseth|recitals?|receitals|background)\s*[:.\-–—]?\s*)?whereas\b")
# what a party acknowledges or understands as a fact, not agrees to do
_MAY_CAUSE = re.compile(
    r"\s+(?:\w+ly\s+)?(?:cause|result\s+in|give\s+rise\s+to|lead\s+to|subject\s+[\w\s]{1,30}?\bto)"
    r"\s+(?:[\w-]+\s+){0,3}?(?:harm|injury|injuries|damages?|losses?|loss|prejudice)\b"
    # "… monetary damages may not be adequate", "… may be entitled to injunctive relief": remedies
    r"|\s+not\s+be\s+(?:an?\s+)?(?:adequate|sufficient)\b"
    r"|\s+be\s+entitled\s+to\s+(?:seek\s+|obtain\s+)?(?:injunctive|equitable|specific)\b"
)
_AWARE_THAT = re.compile(
    r"\b(?:acknowledges?|acknowledged|understands?|recognizes?|recognises?|is\s+aware|are\s+aware)"
    r"(?!\s+and\s+agrees?)\b[^.;]{0,40}?\bthat\b"
)
_ACKNOWLEDGED_THAT = re.compile(
    r"\b(?:acknowledges?|acknowledged|understands?|recognizes?|recognises?|is\s+aware|are\s+aware)"
    r"\b(?:\s+and\s+agrees?)?[^.;]{0,40}?\bthat\b[^.;]{0,80}\Z"
)
_WILL_IDS = frozenset({"en.deontic.will", "en.deontic.will_not"})
# what happens rather than what a party does ("will be irreparably harmed", "will have a
# significant adverse impact", "will continue"); not "will be responsible / liable / required"
_WILL_HAPPEN = re.compile(
    r"\s+(?:(?:not|also|likely|probably|necessarily)\s+)*(?:"
    r"be\s+(?!(?:\w+ly\s+)?(?:responsible|liable|required|obligated|obliged|bound|entitled|permitted|"
    r"allowed|able|deemed|paid|provided|delivered|performed|given|made|used|kept|held)\b)"
    r"|have\s+(?:an?\s+|no\s+)?(?:\w+\s+){0,2}?(?:impact|effect|consequences?|harm|damage|"
    r"assurances?)\b|continue\b|result\b|cause\b|suffer\b|occur\b|exist\b)"
)
_SHOULD_IDS = frozenset({"en.deontic.should", "en.deontic.should_not"})
# "should" before its own subject is an inverted condition ("should Acme fail", "should the
# Supplier", "should any party")
_SHOULD_INVERTED = re.compile(r"\s+(?:[A-Z]|(?:the|it|any|such|either|a|an|there|this|that)\b)")
_CONDITION_START = re.compile(
    r"(?:^|[,;:(]\s*|\s)(?:if|unless|whether|when|whenever|where|in\s+the\s+event(?:\s+that)?|"
    r"in\s+case|to\s+the\s+extent(?:\s+that)?|provided\s+that|so\s+long\s+as)\s"
)


def _in_condition(low: str, s: int, pos: int) -> bool:
    """The marker at ``pos`` stands in a condition of its sentence: "if" (unless, when, in the
    event …) opens the clause it belongs to, with no comma or semicolon in between."""
    lo = max(s, pos - 200)
    cut = max(low.rfind(",", lo, pos), low.rfind(";", lo, pos), low.rfind(":", lo, pos), lo - 1)
    piece = low[cut + 1 : pos]
    m = _CONDITION_START.search(piece)
    return m is not None and m.start() <= 2


def _clause_start(low: str, s: int, pos: int) -> int:
    """Where the clause holding ``pos`` starts: after the last , ; or : (at most 200 back)."""
    lo = max(s, pos - 200)
    return (
        max(low.rfind(",", lo, pos), low.rfind(";", lo, pos), low.rfind(":", lo, pos), lo - 1) + 1
    )


# a condition opening the clause of a "shall" ("If either party shall file …"); not "provided
# that X shall …", a proviso that binds X
_CONDITION_HEAD = re.compile(
    r"[\s(]{0,3}(?:(?:[a-z]|[ivx]{1,4}|[0-9]{1,2})[.)]\s+)?(?:if|unless|whether|when|whenever|where|in\s+the\s+event(?:\s+that)?|in\s+case|"
    r"to\s+the\s+extent(?:\s+that)?|so\s+long\s+as)\s"
)


def _is_heading(sentence: str) -> bool:
    """A title, not a statement: at most six words, each capitalised (or a small word)."""
    words = sentence.strip(" .:;").split()
    if not words or len(words) > 6:
        return False
    small = {
        "a",
        "an",
        "and",
        "of",
        "or",
        "the",
        "to",
        "not",
        "for",
        "on",
        "in",
        "with",
        "by",
        "from",
        "at",
        "as",
        "under",
        "upon",
        "during",
    }
    return all(w[:1].isupper() or w.lower() in small for w in words) and words[0][:1].isupper()


def _markers(
    low: str,
    positions: Sequence[int],
    marker_re: re.Pattern[str],
    marker_first: dict[str, re.Pattern[str]] | None = None,
) -> Iterator[re.Match[str]]:
    """The deontic markers at ``positions`` in text order, none overlapping the one before
    (made one at a time: a text with a million markers holds no list of them)."""
    end = -1
    get = marker_first.get if marker_first is not None else None
    for pos in positions:
        if pos < end:
            continue
        m = (marker_re if get is None else get(low[pos], marker_re)).match(low, pos)
        if m is not None:
            end = m.end()
            yield m


# = Obligation(...), without the frozen dataclass's __init__ (model.maker)
_new_obligation = maker(Obligation)


def _obligation(
    text: str,
    s: int,
    e: int,
    pos: int,
    marker_end: int,
    bearer: tuple[str, BearerRole],
    modality: Modality,
    info: _SentenceInfo,
    index: ClauseIndex,
    lang: str,
    deadline: str | None = None,
) -> tuple[int, int, Obligation]:
    action = _action(text, s, e, marker_end - s, info.cut_points, lang)
    if action.lower().startswith(bearer[0].lower() + " "):
        action = action[len(bearer[0]) + 1 :]  # "In no event shall Supplier disclose" -> "disclose"
    return (
        s,
        pos,
        _new_obligation(
            bearer=bearer[0],
            role=bearer[1],
            modality=modality,
            action=action,
            start=s,
            end=e,
            clause=index.number_at(s),
            topics=info.topics,
            conditions=info.conditions,
            exceptions=info.exceptions,
            language=lang,
            deadline=deadline,
        ),
    )


# (text, start, end, data, candidates) of the last sentence _deadline read
_LAST_DEADLINES: tuple[Any, ...] = ("", -1, -1, None, [])


_DeadlineFilter = tuple[
    Any, list[tuple[re.Pattern[str], int]], dict[int, tuple[re.Pattern[str], ...]]
]
_DEADLINE_FILTERS: dict[int, tuple[Any, _DeadlineFilter]] = {}


def _deadline_filter(deadlines: tuple[tuple[re.Pattern[str], Clauses], ...]) -> _DeadlineFilter:
    """:func:`may_match` for all the deadline patterns at once, from one pass over a sentence:
    every prefilter clause is a bit; an Aho-Corasick automaton yields, for each occurrence of a
    literal, the bits of the clauses it meets; a pattern is a candidate when the sentence meets
    all its bits (a pattern without a prefilter needs none). 52 ``may_match`` calls of up to a
    dozen substring searches each cost 6 % of a CUAD text's analysis; the automaton reports
    every occurrence, overlapping ones and a literal inside a longer one included ("day" in
    "days"), so the literals it finds are exactly those ``in`` the sentence. The third part
    remembers the candidates of each set of bits met (sentences meet the same few sets)."""
    cached = _DEADLINE_FILTERS.get(id(deadlines))
    if cached is not None and cached[0] is deadlines:
        return cached[1]
    bits_of: dict[str, int] = {}
    needs: list[tuple[re.Pattern[str], int]] = []
    bit = 1
    for rx, clauses in deadlines:
        need = 0
        for clause in clauses:
            for literal in clause:
                bits_of[literal] = bits_of.get(literal, 0) | bit
            need |= bit
            bit <<= 1
        needs.append((rx, need))
    automaton: Any = None
    if bits_of:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for literal, bits in bits_of.items():
            automaton.add_word(literal, bits)
        automaton.make_automaton()
    made: _DeadlineFilter = (automaton, needs, {})
    _DEADLINE_FILTERS[id(deadlines)] = (deadlines, made)
    return made


def _deadline(
    text: str, low: str, s: int, e: int, marker_end: int, data: DeonticData
) -> str | None:
    """The first deadline or period in the sentence after the marker, else before it (as written,
    white space collapsed)."""
    if not data.deadlines:
        return None
    global _LAST_DEADLINES
    last = _LAST_DEADLINES
    if last[0] is low and last[1] == s and last[2] == e and last[3] is data:
        candidates = last[4]  # the sentence's other markers found the same candidates
    else:
        automaton, needs, chosen = _deadline_filter(data.deadlines)
        have = 0  # the prefilter clauses the sentence meets, one bit each
        if automaton is not None:
            # (on the slice: ``iter(low, s, e)`` takes microseconds per call on a long text,
            # whatever the span)
            for _end, bits in automaton.iter(low[s:e]):
                have |= bits
        # = [rx for rx, clauses in data.deadlines if may_match(low[s:e], clauses)]
        candidates = chosen.get(have)
        if candidates is None:
            if len(chosen) > 10_000:
                chosen.clear()  # (bounded: 2 ** 100 sets could be met)
            candidates = chosen[have] = tuple(rx for rx, need in needs if need & have == need)
        _LAST_DEADLINES = (low, s, e, data, candidates)
    if not candidates:
        return _lead_event(text, low, s, marker_end) if data.word_boundaries else None
    m = _earliest(candidates, low, marker_end, e)
    if m is not None and data.word_boundaries:
        # forward only as far as a clause of its own with another subject ("…, and Customer
        # shall pay within 30 days" is not the first duty's deadline)
        nxt = _NEXT_CLAUSE.search(low, marker_end, m.start())
        if nxt is not None:
            m = _earliest(candidates, low, marker_end, nxt.start())
    m = m or _earliest(candidates, low, s, marker_end)
    if m is None and data.word_boundaries:
        return _lead_event(text, low, s, marker_end)
    if m is None or (data.word_boundaries and not _starts_word(low, m.start())):
        return None
    if data.word_boundaries and _DEEMED_WHEN.search(low, max(s, m.start() - 90), m.start()):
        return None  # "notices shall be deemed given … upon receipt": when a notice counts
    if data.word_boundaries and _VAGUE_WHEN.fullmatch(low, m.start(), m.end()):
        # "may terminate at any time upon sixty (60) days' notice", "shall promptly, and in any
        # event within ten days, …": the period that says how long, not the word that says when
        hi = e if m.start() >= marker_end else marker_end
        later = _earliest(candidates, low, m.end(), hi)
        if (
            later is not None
            and _starts_word(low, later.start())
            and not _VAGUE_WHEN.fullmatch(low, later.start(), later.end())
        ):
            m = later
    phrase = " ".join(text[m.start() : m.end()].split()).rstrip(" ,;:")
    if phrase[:3].lower() == "giv":
        # "giving the other party at least thirty (30) days' notice": the period, not the giving
        phrase = _GIVING.sub("", phrase, count=1)
    return phrase[:MAX_PHRASE] or None


# a sentence that opens with the event after which its duty falls due ("After the agreement is
# signed,", "Once a determination has been made,", "Following the investigation,", "On approval of
# any change,"), after a clause number or item label; not a request or a notice ("Upon request,",
# "On Supplier's request,", "Upon prior written notice,": how the duty is triggered, which the
# annotators mostly leave out), not "On behalf of", "Upon the terms and subject to …", "On a
# Product-by-Product basis" (a periodic basis is a period) or a gerund ("When determining the
# price,": how, not when)
_TEMPORAL_LEAD = re.compile(
    r"\W*(?:(?:\d+(?:\.\d+)*\.?|\(?[a-z0-9]{1,4}\))\s+)?"
    r"((?:after|when|once|following|upon|on)\s+(?=\S)(?!behalf\b|the\s+other\s+hand\b|"
    r"(?:\S+\s+){0,3}?request\b|(?:\S+\s+){0,2}?(?:written\s+)?notice\b|(?:the\s+)?terms\b|"
    r"(?:the\s+)?basis\b|(?:a|an)\s+(?!(?:periodic|ongoing|regular|continuing|continuous|daily|"
    r"weekly|monthly|quarterly|annual|yearly)\s+basis\b)[\w-]+\s+basis\b|[a-z]+ing\b)"
    r"[^,;.:()]{3,100}?),"
)


def _lead_event(text: str, low: str, s: int, marker_end: int) -> str | None:
    """ "After the agreement is signed, Party A shall …", "Once escalated to the board, …": the
    event the sentence opens with is when its duty falls due (English)."""
    m = _TEMPORAL_LEAD.match(low, s, marker_end)
    if m is None:
        return None
    return " ".join(text[m.start(1) : m.end(1)].split())[:MAX_PHRASE] or None


# who is given notice, before the period ("give us", "giving the other Party")
_GIVING = re.compile(r"^giv(?:e|es|ing)\s+(?:to\s+)?(?:the\s+other\s+party|\S+)\s+", re.IGNORECASE)
# a notice's effect ("shall be deemed given (i) if by hand, upon receipt", "shall be effective
# upon receipt"): when it counts, not by when anyone must act
_DEEMED_WHEN = re.compile(
    r"\b(?:deemed\s+(?:to\s+have\s+been\s+)?(?:duly\s+)?(?:given|made|received|delivered|served)"
    r"|(?:notices?|communications?)\b[^.;]{0,60}?\b(?:be|become)\s+effective)\b"
)
# words that say when without saying how long: a period later in the clause says more
_VAGUE_WHEN = re.compile(r"at\s+any\s+time")
_NEXT_CLAUSE = re.compile(
    r"[,;]\s*(?:and\s+|but\s+|while\s+|whereas\s+|provided\s+that\s+)?(?:the\s+|each\s+|either\s+)?"
    r"[a-z][\w-]*\s+(?:shall|will|must|may)\b"
)


def _earliest(
    regexes: Sequence[re.Pattern[str]], low: str, lo: int, hi: int
) -> re.Match[str] | None:
    """The match one alternation of ``regexes`` (in their order) would find in ``low[lo:hi]``:
    the leftmost, and at equal starts the first regex's."""
    best: re.Match[str] | None = None
    for rx in regexes:
        m = rx.search(low, lo, hi)
        if m is not None and (best is None or m.start() < best.start()):
            best = m
    return best


_BY = re.compile(r"\bby\s+(?:the\s+)?", re.IGNORECASE)
_STANDARDS_EN = re.compile(
    r"\s*(?:(?:fully|strictly)\s+)?(?:comply|conform|be\s+in\s+(?:compliance|conformity))\s+"
    r"(?:in\s+all\s+respects\s+)?(?:with|to)\b[^.;]{0,80}?\b(?:standards?|specifications?)\b|"
    r"\s*meet\b[^.;]{0,60}?\b(?:standards?|specifications?)\b"
)
_STANDARDS_ZH = re.compile(r"(?:符合|达到|满足|遵守|遵循)[^。；]{0,30}?(?:标准|规范|约定)")


_COMPLIES = re.compile(
    r"\s+(?:at\s+all\s+times\s+)?(?:comply|conform|be\s+in\s+(?:full\s+|strict\s+)?(?:compliance|conformity|accordance))\b"
)
_OWNED_BY = re.compile(
    r"\s(?:undertaken|performed|provided|operated|conducted|made|rendered)\s+by\s+(?:the\s+)?\Z"
)


def _owner_in_subject(
    text: str, s: int, pos: int, bearers: _Bearers
) -> tuple[str, BearerRole] | None:
    """The party the subject of a compliance duty belongs to: "Reseller's submission of orders",
    "the Services undertaken by the Consultant" (the first such party, within 120 characters)."""
    if bearers.term_re is None:
        return None
    lo = max(s, pos - 120)
    for t in bearers.term_re.finditer(text, lo, pos):
        if not _is_word(text, t.start(), t.end()):
            continue
        after = text[t.end() : t.end() + 3]
        if after[:1] in "'’" and (after[1:2] == "s" or after[1:2] == " "):
            return t.group(), bearers.role_of.get(_norm(t.group()), "unknown")
        if _OWNED_BY.search(text, lo, t.start()):
            return t.group(), bearers.role_of.get(_norm(t.group()), "unknown")
    return None


def _meets_standards(low: str, at: int, e: int, lang: str) -> bool:
    """After the marker: the subject must meet standards or specifications."""
    rx = _STANDARDS_EN if lang == "en" else _STANDARDS_ZH
    return rx.match(low, at, e) is not None


def _to_grantees(
    obligations: tuple[Obligation, ...],
    grants: dict[tuple[int, int, str], tuple[str, Modality]],
    parties: Sequence[Party],
) -> tuple[Obligation, ...]:
    """Grants as the grantee's permissions, with the grantee's role as the register has it
    (the grantor's duty counted for the roles: a licensor is the side that provides)."""
    if not grants:
        return obligations
    side = _side_of(parties)
    role_of: dict[int, BearerRole] = {
        i: p.role for i, p in enumerate(parties) if p.role in ("provider", "client")
    }
    for o in obligations:
        k = side.get(_norm(o.bearer))
        if k is not None and o.role in ("provider", "client"):
            role_of.setdefault(k, o.role)
    out = list(obligations)
    for i, o in enumerate(out):
        given = grants.get((o.start, o.end, o.action))
        if given is not None:
            y, modality = given
            k = side.get(_norm(y))
            role = role_of.get(k, "unknown") if k is not None else "unknown"
            out[i] = replace(o, bearer=y, role=role, modality=modality)
    return tuple(out)


# (no "^": with a start position, "^" matches only at the start of the whole text)
_NOTICES = re.compile(
    r"(?:[(\[]?[0-9a-z]{1,3}(?:\.[0-9]{1,3})*[.)\]]?\s+)?(?:notices?\.?\s+)?"
    r"(?:(?:all|any|each|such|other)\s+)?(?:notices?|communications?)\b",
    re.IGNORECASE,
)
# a change to the agreement or a waiver as the subject: how it is made, no party's duty
_CHANGE_SUBJECT = re.compile(r"\b(?:waivers?|amendments?|modifications?|variations?)\b", re.I)
_AGREEMENT_SUBJECT = re.compile(r"\b(?:this|the)\s+agreement\b")
# the agreement itself as the subject of a passive ("this Agreement shall be suspended"), and
# severability ("If any provision of this Agreement shall be held invalid …"): statements
_AGREEMENT_ITSELF = re.compile(r"(?:(?:this|the)\s+)?agreement", re.IGNORECASE)
_SEVERABILITY = re.compile(
    r"(?:[(\[]?[0-9a-z]{1,3}[.)\]]\s+)?(?:severability\.?\s+)?(?:if|in\s+the\s+event\s+(?:that\s+)?|should)\s+"
    r"(?:at\s+any\s+time\s+[^,]{0,60},?\s*)?(?:any|one\s+or\s+more)\s+(?:term|provision|part|clause|"
    r"covenant|section|portion)s?\b"
)
_ASSIGNED = re.compile(
    r"\s*be\s+(?:\w+ly\s+)?(?:assigned|transferred|delegated|sub-?licensed|novated)\b"
    r"(?![^.;]{0,80}\bby\b)"
)
# "shall disclose it only to its employees", "shall be used only for the Project": a restriction,
# read as a prohibition of everything else (not "only if": a condition; not a manner the party
# must keep to, "shall use the Marks only in such form as approved", "only in accordance with the
# policy", "only to the extent permitted": a duty, as the annotators read it)
_ONLY_TO = re.compile(
    r"(?:\s+(?!only\b)[\w'’-]+){0,6}?\s+only\s+(?:to|for|in|within|with|through|on)\b"
    r"(?!\s+(?:(?:such|the|a)\s+(?:\w+\s+)?(?:form|manner|way)|accordance\b|compliance\b|"
    r"the\s+extent\b))"
)
# "X will in no way act as a broker-dealer": what X must not do (not "will in no manner affect its
# rights": a waiver clause)
_IN_NO_WAY = re.compile(
    r"\s+(?:in\s+no\s+(?:way|manner)|at\s+no\s+time)\s+(?!be\b|affect|limit|prejudice|impair|waive)"
)
# after "nor shall": "… nor will they be held responsible", "… nor shall X have any obligation":
# a limit of liability, no prohibition
_NOR_BE = re.compile(
    r"(?:\s+\w+)?\s+(?:be|have\s+(?:any|no)\s+(?:\w+\s+)?(?:obligation|liability|responsibility|duty))\b"
)
# a duty to do nothing of a kind: "will make no representations", "shall have no right to …",
# "shall give no assurance" (not "shall have no liability": who bears a loss)
_DOES_NO = re.compile(
    r"\s+(?:\w+ly\s+)?(?:make|give|grant|take|offer|have(?:\s+the)?)\s+no\s+"
    r"(?!(?:liability|liabilities|obligations?|responsibility|duty|further|other)\b)"
)
_ENTITLEMENT = re.compile(
    r"\s*(?:charge|make\s+(?:the|a|all)\s+(?:final\s+)?decisions?|decide"
    r"|have\s+the\s+(?:sole\s+|exclusive\s+)?option"  # "shall have the option (, but not …)"
    # "shall have sole discretion to determine …", "shall retain the right to use …"
    r"|have\s+(?:the\s+)?(?:(?:sole|absolute|full|complete)\s+)?discretion\s+to"
    r"|retain\s+the\s+(?:sole\s+|exclusive\s+)?right\s+to"
    # "X will exclusively control the filing, prosecution and maintenance of …"
    r"|(?:\w+ly\s+)?control\s+the\s+(?:filing|prosecution|defen[cs]e|settlement|conduct)\b)\b"
)
# ("X agrees to allow Y to audit …" stays X's duty: the annotators write it so, 3 of 4 times)
_GRANTS = re.compile(
    r"(?:hereby\s+(?:(?:irrevocably|expressly|unconditionally|and)\s+)*(?:grants?|licenses?|"
    r"delegates?|authori[sz]es?(?:\s+and\s+empowers?)?|empowers?|(?P<appoint>appoints?)))\s+"
    r"(?:to\s+)?(?:the\s+)?"
)
# after the appointee: "… appoints Y to provide …" (a duty), not "to the Board" / "as its agent"
_TO_VERB = re.compile(r"\s+to\s+(?!the\b|a\b|an\b|its\b|their\b|such\b|any\b|this\b)[a-z]+\b")
_WHO_BEFORE = re.compile(r"\b(?:who|which)\s+(?:\w+ly\s+)?\Z")
_BE_RESPONSIBLE = re.compile(r"\s+be\s+(?:\w+ly\s+)?responsible\b")
_AS_ONE_CHOOSES = re.compile(
    r"\s+(?:\w+ly\s+)?(?:require|request|determine|designate|specify|direct|approve|elect|deem|"
    r"instruct|select|see\s+fit)\b"
)
_OTHER_ADDRESS = re.compile(
    r"\bother\s+(?:address|addresses|place|places|person|persons|number|numbers)\b[^.;]{0,100}\Z"
)
_DESIGNATES = re.compile(
    r"\s+(?:\w+\s+){0,4}?(?:designate|direct|specify|notify|furnish|provide|give|substitute)\b"
)
_RELATIVE_BEFORE = re.compile(
    r"(?:^|[\s,(])(?:as|than|which|whichever|whatever)\s+(?:[\w'’.&-]+\s+){0,4}\Z"
    # "… such other matters as any member of the Development Committee may request"
    r"|(?:^|[\s,(])as\s+(?:any|each|a|the)\s+(?:member|representative|officer|employee)s?\s+of\s+"
    r"(?:[\w'’.&-]+\s+){1,4}\Z"
)
# "<noun> that <subject> may": a relative clause; the word before "that" tells (lower case
# only: "shall notify Customer that …" is kept)
_THAT_BEFORE = re.compile(r"(?:^|[\s(])([A-Za-z]+)\s+that\s+(?:[\w'’.&-]+\s+){0,4}\Z")
# words after which "that" opens what is agreed, said or excepted, or is a determiner ("as that
# party may designate"), not a relative clause
_THAT_COMPLEMENT = re.compile(
    r"(?:agree|understand|acknowledge|recogni[sz]e|accept|confirm|warrant|covenant|represent"
    r"|certif(?:y|ie)|stipulate|declare|provide|ensure|assure|note|believe|expect|intend|state"
    r"|determine|decide|require|request|demonstrate|show|notif(?:y|ie)|inform|advise|say"
    r"|specif(?:y|ie)|indicate|direct|elect|order|consent|mean)s?"
    r"|understood|shown|meant|said|given|providing|except|however|so|such|and|or|but|clear"
    r"|condition|now|is|are|was|were|be|been|being|fact"
    r"|as|if|when|where|unless|until|because|since|while|whether|than"
    r"|of|to|for|with|by|in|on|from|upon|at|into|under"
)


def _relative_that(text: str, lo: int, pos: int) -> bool:
    """Whether the subject before ``pos`` follows "that" after a noun ("information that …")."""
    m = _THAT_BEFORE.search(text, lo, pos)
    # (a word in -ed is a verb's: "it is hereby clarified that Supplier may …"; after a
    # preposition or "as", "that" is a determiner: "as that party may specify")
    # (a capitalised noun too: "all Damages that the Customer may suffer")
    return (
        m is not None
        and not m.group(1).endswith("ed")
        and _THAT_COMPLEMENT.fullmatch(m.group(1).lower()) is None
    )


_NEGATIVE_BEARER = re.compile(r"(?:neither|no|none\s+of)\b", re.IGNORECASE)
_MAY_HAVE = re.compile(
    r"\s+(?:otherwise\s+|\w+ly\s+|now\s+or\s+(?:in\s+the\s+future|hereafter)\s+|now\s+|hereafter\s+)?have\b"
    r"(?!\s+(?:the\s+)?(?:(?:sole|exclusive|full)\s+)?(?:rights?|options?|access|authority)\b)"
    # what may come a party's way: "it may obtain knowledge of Confidential Information"
    r"|\s+(?:obtain|acquire|gain)\s+knowledge\b|\s+(?:obtain|receive|acquire|become\s+aware\s+of"
    r"|come\s+into\s+possession\s+of|have\s+access\s+to)\s+(?:certain\s+)?(?:confidential|proprietary)\b"
)
_MAY_ENTITLED = re.compile(r"\s*be\s+(?:entitled|permitted|allowed|authori[sz]ed|able)\b")
_DISCRETION = re.compile(
    r"\b(?:in|at)\s+(?:its|their|his|her|[\w.&-]+['’]s)\s+"  # (or "at Customer's sole …")
    r"(?:(?:sole|absolute|own|reasonable)\s+(?:and\s+)?){0,2}(?:option\s+(?:and|or)\s+)?discretion\b"
)


def _discretion(low: str, s: int, e: int, pos: int, marker_end: int) -> bool:
    """ "in its sole discretion" in the marker's own clause: from the last comma / semicolon
    before the marker (at most 60 characters back) to the next semicolon or ", and" after it."""
    comma = low.rfind(",", s, pos)
    if comma != -1 and not low[comma + 1 : pos].strip():
        # an inset right before the marker: "JHU, at its sole option and discretion, shall …"
        comma = low.rfind(",", s, comma)
    lo = max(s, pos - 60, comma + 1, low.rfind(";", s, pos) + 1)
    hi = min(e, marker_end + 100)
    for stop in (";", ", and "):
        k = low.find(stop, marker_end, hi)
        if k != -1:
            hi = k
    return _DISCRETION.search(low, lo, hi) is not None


# after "shall"/"will": the subject is paid, the duty is the other side's
_RECEIVES = re.compile(
    r"\s*(?:also\s+)?(?:receive\b(?!\s+and\b)(?![^.;]{0,50}\b(?:permission|consent|approval|"
    r"authori[sz]ation)\b)|be\s+(?:compensated|reimbursed|paid)\b(?!\s+by\b))"
)  # ("X must receive written permission from Y" is X's duty to ask first)
_AGENT_NEAR = re.compile(r"(?:\s+[\w'’-]+){0,4}?\s+by\s+(?:the\s+)?")
_AGENT_STAFF = re.compile(
    r"(?:one\s+of\s+(?:the\s+)?|an?\s+|any\s+|each\s+)(?=\S)|(?:duly\s+)?(?:authori[sz]ed\s+|qualified\s+)?"
    r"(?:personnel|employees|staff|representatives|agents|officers|subcontractors)\s+of\s+(?:the\s+)?"
)
# "… shall be furnished to Customer within ten days": given to a party, by the other side
_GIVEN_TO = re.compile(
    r"\s*(?:not\s+)?be\s+(?:\w+ly\s+)?(?:furnished|delivered|provided|given|sent|supplied|"
    r"submitted|returned|reported|surrendered|made\s+available)\s+(?:\w+ly\s+)?to\s+(?:the\s+)?"
)
# "Customer shall be advised of the grounds", "Supplier will be provided with copies": the party
# named right before the marker is told or given something, the other side's duty (no agent)
_IS_GIVEN = re.compile(
    r"\s*(?:also\s+)?be\s+(?:\w+ly\s+)?(?:provided|given|advised|notified|informed|furnished|"
    r"supplied|sent)\b(?![^.;]{0,60}\bby\s)"
)
_INSET = re.compile(r",[^,;.]{1,40},")
_FREES_ID = "en.deontic.frees"  # "Nothing in this Agreement prevents X from …" (no modal verb)
_NOTHING_PREVENTS = re.compile(
    r"\s*(?:be\s+construed\s+to\s+|(?:in\s+any\s+way\s+)?)?"
    r"(?:prevent|preclude|prohibit|restrict|restrain|bar|stop|(?P<limit>limit))s?\s+(?:the\s+)?"
)
_CONSENT = re.compile(
    r"(?:(?:such|the|its|this|that|any|which)\s+)?(?:consent|approval|permission)\b", re.IGNORECASE
)
_NOT_WITHHELD_ID = "en.deontic.not_withheld"  # "(such consent) not to be unreasonably withheld"
_BY_AFTER_WITHHELD = re.compile(
    r"\s*be\s+unreasonably\s+(?:(?:withheld|delayed|conditioned)[\s,]+(?:or\s+)?){1,3}by\b"
)
_CONSENT_WHICH = re.compile(r"\b(?:which|such|and)\s+(?:consent|approval|permission\s+)?\s*\Z")
_WITHHELD = re.compile(r"\s*be\s+unreasonably\s+(?:withheld|delayed|conditioned)\b")
_OWN_CONSENT = re.compile(
    r"['’]s?\s+(?:(?:prior|express|advance|written|final|formal)\s+){0,3}"
    r"(?:consent|approval|permission)\s+\Z"
)
_CONSENT_OF = re.compile(
    r"(?:consent|approval|permission)\s+(?:of|from)\s+(?:the\s+)?\Z", re.IGNORECASE
)
_CONSENT_AFTER = re.compile(
    r"['’]s?\s+(?:(?:prior|express|advance|written|final|formal)\s+){0,3}(?:consent|approval|permission)\b",
    re.IGNORECASE,
)


def _nothing_prevents(
    text: str, low: str, at: int, e: int, bearers: _Bearers
) -> tuple[int, tuple[str, BearerRole]] | None:
    """ "Nothing … shall prevent X from doing": (where X's action starts, X and its role)."""
    m = _NOTHING_PREVENTS.match(low, at, e)
    if m is None or bearers.term_re is None:
        return None
    t = bearers.term_re.match(text, m.end(), e)
    if t is None or not _is_word(text, t.start(), t.end()):
        c = bearers.collective_re.match(low, m.end(), e)
        if c is None:
            return None
        term = _drop_article(text[c.start() : c.end()])
        return c.end(), (term, bearers.role_of.get(_norm(term), "both"))
    if m.group("limit") is not None:
        # "Nothing in this Agreement shall limit Customer's right to operate …"
        right = _RIGHT_TO.match(text, t.end(), e)
        if right is None:
            return None
        return right.end(), (t.group(), bearers.role_of.get(_norm(t.group()), "unknown"))
    if not low.startswith(" from ", t.end()):
        return None
    return t.end() + 6, (t.group(), bearers.role_of.get(_norm(t.group()), "unknown"))


_RIGHT_TO = re.compile(r"['’]s?\s+(?:(?:sole|exclusive|full)\s+)?rights?\s+to\s+")


_OTHER_PARTY_CONSENT = re.compile(
    r"(?:consent|approval|permission)\s+(?:of|from)\s+(?P<who>the\s+other\s+party)\b"
    r"|(?P<who2>the\s+other\s+party)['’]s\s+(?:(?:prior|express|written)\s+){0,3}"
    r"(?:consent|approval|permission)\b"
)


def _consent_giver(text: str, lo: int, hi: int, bearers: _Bearers) -> tuple[str, BearerRole] | None:
    """The last party whose consent ``text[lo:hi]`` names ("the prior written consent of
    Customer", "Customer's consent") and its role; None when none does."""
    if bearers.term_re is None:
        return None
    found: tuple[str, BearerRole] | None = None
    for t in bearers.term_re.finditer(text, lo, hi):
        if _CONSENT_OF.search(text, max(lo, t.start() - 30), t.start()) or _CONSENT_AFTER.match(
            text, t.end()
        ):
            found = t.group(), bearers.role_of.get(_norm(t.group()), "unknown")
    if found is None:
        # "without permission from the other party": whichever side is asked
        for c in _OTHER_PARTY_CONSENT.finditer(text[lo:hi].lower()):
            group = "who" if c.group("who") else "who2"
            found = _drop_article(text[lo + c.start(group) : lo + c.end(group)]), "both"
    return found


_UNLESS_TERMINATED = re.compile(
    r"\bunless\s+(?:(?:otherwise|earlier|sooner|previously)\s+)?(?P<verb>terminated)\s+by\s"
)
# "unless either party (to this Agreement) notifies the other …", "unless either X or Y gives notice"
_UNLESS_EITHER = re.compile(
    r"\bunless\s+(?P<who>either\s+(?:party|of\s+the\s+parties|[\w.&'’-]+(?:\s+[\w.&'’-]+)?\s+or\s+"
    r"[\w.&'’-]+(?:\s+[\w.&'’-]+)?))(?:\s+(?:to|of)\s+this\s+agreement)?\s*,?\s+"
    r"(?:\w+ly\s+)?(?:notif(?:y|ies)|gives?|delivers?|provides?|sends?|serves?|elects?)\b"
)
# an item of a termination list: "A. By either party …", "(b) by Supplier, for cause"
_BY_ITEM = re.compile(
    r"(?:^|(?<=\s))(?:\(?[a-z]\)|[a-z]\.|\(?[ivx]{1,4}\)|\(?[0-9]{1,2}\)|[0-9]{1,2}\.)\s+(?P<by>by)\s"
)
MAX_TERMINATION_ITEMS = 12


def _unless_terminated(
    text: str, low: str, s: int, e: int, bearers: _Bearers
) -> tuple[int, tuple[str, BearerRole]] | None:
    """ "… will renew … unless terminated by either party": (where "terminated" is, the agent)."""
    if low.find("unless either", s, e) != -1:
        n = _UNLESS_EITHER.search(low, s, e)
        if n is not None:
            # "… renews for one-year terms unless either party gives notice of non-renewal": either
            # side's right to end it
            return n.start("who"), (text[n.start("who") : n.end("who")], "both")
    if low.find("terminated by", s, e) == -1:
        return None
    m = _UNLESS_TERMINATED.search(low, s, e)
    if m is None:
        return None
    agent = _passive_agent(text, m.end("verb"), e, bearers, collective=True)
    return None if agent is None else (m.start("verb"), agent)


def _termination_items(
    text: str, low: str, at: int, data: DeonticData, bearers: _Bearers
) -> list[tuple[int, int, tuple[str, BearerRole]]]:
    """The items after a lead-in "may be terminated …" that open with "by <party>": (item
    start, item end, the party). Items follow each other within 1,000 characters."""
    out: list[tuple[int, int, tuple[str, BearerRole]]] = []
    hits: list[tuple[int, tuple[str, BearerRole]]] = []
    last = at
    for m in _BY_ITEM.finditer(low, at, min(len(low), at + 4000)):
        if m.start() - last > 1000 or len(hits) >= MAX_TERMINATION_ITEMS:
            break
        agent = _passive_agent(text, m.start("by"), m.end() + 60, bearers, collective=True)
        if agent is None:
            break
        hits.append((m.start(), agent))
        last = m.end()
    for k, (a, agent) in enumerate(hits):
        b = sentence_span(low, a + 3, data.abbreviations)[1]
        if k + 1 < len(hits):
            b = min(b, hits[k + 1][0])
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append((a, b, agent))
    return out


_WORDS_AFTER_PARTICIPLE = re.compile(r"(?:\s+[\w'’-]+){0,4}\s*\Z")


def _closes_passive(low_before: str, passive: re.Pattern[str]) -> bool:
    """``low_before`` (the words before a "by") ends with "be <participle>", at most four
    words after it."""
    at = low_before.rfind("be ")
    while at >= 0:
        if at == 0 or not low_before[at - 1].isalnum():
            verb = passive.match(low_before, at)
            if verb is not None and _WORDS_AFTER_PARTICIPLE.match(low_before, verb.end()):
                return True
        at = low_before.rfind("be ", 0, at)
        if len(low_before) - at > 80:
            break
    return False


# changes to the agreement itself are no party's permission, whoever signs them
_AGREEMENT_CHANGE = re.compile(
    r"\s*be\s+(?:\w+ly\s+)?(?:amended|modified|supplemented|changed|varied|waived|altered|executed|signed)\b"
)


_AT_OPTION = re.compile(
    r"\b(?:at|in)\s+the\s+(?:(?:sole|absolute|reasonable)\s+)?(?:option|discretion|election|"
    r"request)\s+of\s+(?:the\s+)?"
)
_TERM_SUBJECT = re.compile(r"\b(?:term|agreement|contract)\b")
# "the Term shall, at the option of X, (immediately) terminate": who ends or renews it
_OPTION_END = re.compile(
    r",?\s*(?:at|in)\s+the\s+(?:(?:sole|absolute|reasonable)\s+)?(?:option|discretion|election)\s+"
    r"of\s+[^,;.]{1,60},?\s+(?:\w+ly\s+)?(?:terminate|end|expire|cease|renew|be\s+(?:terminated|"
    r"renewed|extended))\b"
)
_POSSESSIVE_OPTION = re.compile(
    r"['’]s\s+(?:(?:sole|absolute)\s+)?(?:option|discretion|election)\b"
)
_AT_BEFORE = re.compile(r"\bat\s+(?:the\s+)?\Z")
_MUTUAL = re.compile(
    r"\b(?:upon|by|with|on)\s+(?:the\s+)?mutual\s+(?:written\s+)?(?:agreement|consent)\b"
)


_SUCH_PARTY = re.compile(r"(?:such|that)\s+party\b", re.IGNORECASE)
_ANY_PARTY = re.compile(r"\b(?:either|any|each|a|neither|no|both|the\s+other)\s+part(?:y|ies)\b")


def _one_party_named(text: str, low: str, s: int, pos: int, bearers: _Bearers) -> BearerRole | None:
    """ "If Supplier … is allowed to subcontract, such party shall …": the role of the one party
    the sentence names before the marker (None when it names none, several, or any party)."""
    if bearers.term_re is None or _ANY_PARTY.search(low, s, pos):
        return None
    roles = {
        bearers.role_of.get(_norm(t.group()), "unknown")
        for t in bearers.term_re.finditer(text, s, pos)
        if _is_word(text, t.start(), t.end())
    }
    if len(roles) == 1:
        role = roles.pop()
        if role in ("provider", "client"):
            return role
    return None


def _chooser(
    text: str, low: str, lo: int, hi: int, bearers: _Bearers, of_term: object, start: int
) -> tuple[str, BearerRole] | None:
    """Who decides a passive permission the text gives without "by": "at the option of X" -> X;
    with ``of_term`` (the subject is the agreement or its term), "upon mutual agreement" -> the
    parties (both). "Discovery may be extended upon mutual agreement" is procedure, not a right.
    "At X's option, …" may open the sentence (``start``)."""
    if bearers.term_re is not None and low.find("at ", start, lo) != -1:
        for p in _POSSESSIVE_OPTION.finditer(low, start, lo):
            for u in bearers.term_re.finditer(text, max(start, p.start() - 80), p.start()):
                if u.end() == p.start() and _AT_BEFORE.search(
                    low, max(start, u.start() - 8), u.start()
                ):
                    return u.group(), bearers.role_of.get(_norm(u.group()), "unknown")
    hi = min(hi, lo + 200)
    m = _AT_OPTION.search(low, lo, hi)
    if m is not None:
        if bearers.term_re is not None:
            t = bearers.term_re.match(text, m.end())
            if t is not None and _is_word(text, t.start(), t.end()):
                return t.group(), bearers.role_of.get(_norm(t.group()), "unknown")
        c = bearers.collective_re.match(low, m.end(), hi)
        if c is not None and _is_word(low, c.start(), c.end()):
            return text[c.start() : c.end()], "both"
    if of_term and _MUTUAL.search(low, lo, hi):
        return "the parties", "both"
    return None


# "… shall be used by any other party hereto": the agent of a passive is a collective bearer (as a
# subject elsewhere it is mostly an object: "obligations to any other party")
_ANY_OTHER = re.compile(r"(?:any|each)\s+other\s+party\b")


_CONDITION_WORD = re.compile(r"\b(?:if|in\s+the\s+event|unless|provided|should)\b")
_BE_TERMINATED = re.compile(r"\s*be\s+(?:\w+ly\s+)?terminated\b", re.IGNORECASE)
_EITHER_OF_TWO = re.compile(
    r"either\s+(?:the\s+)?(?P<a>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})\s+or\s+(?:the\s+)?"
    r"(?P<b>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})"
)


def _passive_agent(
    text: str,
    lo: int,
    hi: int,
    bearers: _Bearers,
    *,
    collective: bool = False,
    passive: re.Pattern[str] | None = None,
) -> tuple[str, BearerRole] | None:
    """ "… shall be kept confidential by Supplier" -> Supplier; with ``collective``, also
    "… may be terminated by either party" -> either party (role "both"). With ``passive`` (the
    deontic data's "be + participle"), the marker must open such a passive ("shall be paid
    … by X"), or "by" close a later one, at most four words after its participle ("… and may
    be shared equally by X"; not "shall be subject to the rules imposed by X")."""
    # (a termination's agent can follow a long inset: "may be terminated at any time, without the
    # payment of any penalty, upon 60 days' written notice, … or by X")
    terminated = _BE_TERMINATED.match(text, lo, lo + 40) or text.endswith(
        "terminated", max(0, lo - 10), lo
    )
    hi = min(hi, lo + (260 if terminated else 160))
    segment = text[lo:hi]
    if ("by" not in segment and "By" not in segment) or (
        bearers.term_re is None and not collective
    ):
        return None
    later = passive if passive and not passive.match(text[lo : lo + 80].lower().lstrip()) else None
    for m in _BY.finditer(text, lo, hi):
        if later is not None and not _closes_passive(text[lo : m.start()].lower(), later):
            continue
        if bearers.term_re is not None:
            t = _agent_term(text, m.end(), hi, bearers)
            if t is not None and _is_word(text, t.start(), t.end()):
                return t.group(), bearers.role_of.get(_norm(t.group()), "unknown")
            either = _EITHER_OF_TWO.match(text, m.end(), hi)
            if (
                collective
                and either is not None
                and bearers.term_re.fullmatch(either.group("a"))
                and bearers.term_re.fullmatch(either.group("b"))
            ):
                # "… by either Orbital or the Sub-Advisor": whichever of the two
                return either.group(), "both"
        if collective:
            # the lower-cased words after "by" only (lower-casing the whole text on every call
            # was a fifth of the register's time)
            at = m.end()
            c = bearers.collective_re.match(text[at:hi].lower()) or _ANY_OTHER.match(
                text[at:hi].lower()
            )
            if c is not None and _is_word(text, at + c.start(), at + c.end()):
                return text[at + c.start() : at + c.end()], "both"
    return None
