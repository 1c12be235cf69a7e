"""Defined terms and back-references: the meaning a sentence carries from elsewhere.

A one-sentence window cannot see that "the Deliverables" are "all reports and software created
by the Supplier under this Agreement", or what "all of the foregoing" refers to. The tagger asks
a :class:`Glossary` for that context when a pattern's ``requires`` condition is not met by the
sentence alone (:meth:`analyzer.patterns.PatternSpec.sentence_ok`):

- the definitions of the capitalised defined terms the sentence uses: ``"Term" means …``,
  ``… (the "Term")`` (the description before the bracket), ``Term includes …`` and sentences that
  put something into a term (``… shall be deemed included in the Term``);
- when the sentence refers back ("such", "the foregoing", "the same", "the above"), the text just
  before it (the previous sentence or sub-clause).

English only. A term is looked up only when a sentence that needs context uses it (a few
``str.find`` calls), never by a pass of its own over the whole text. Only definitions of
something made or delivered in performing the contract count (a generic "Intellectual Property
means patents, inventions …" would make every sentence naming it look like one about results).
"""

from __future__ import annotations

import re

_SENTENCE_BOUND = re.compile(r"(?:[.;:!?](?=\s)|\n\s*\n)")
# a reference back to what precedes: "such Work", "all of the foregoing", "the same"
# (only as the opening subject of the sentence, after a sub-clause label)
BACK_REFERENCE = re.compile(
    r"^\W*(?:\(?[a-z0-9]{1,4}[.)]\s*)?(?:all\s+(?:of\s+)?|any\s+(?:and\s+all\s+)?|each\s+of\s+)?"
    r"(?:such|the\s+foregoing|the\s+same|the\s+above|said)\b",
    re.IGNORECASE,
)
# the lead of "Acme Holdings, Inc. (the "Acme")": a party's name, not a meaning
_ENTITY_LEAD = re.compile(
    r"\b(?:Inc|Ltd|LLC|L\.L\.C|Corp|Corporation|Company|Co|plc|PLC|GmbH|S\.A|Limited|L\.P|LLP|N\.A|"
    r"AG|B\.V|N\.V|Pty)\.?\s*,?\s*$"
)
# a sentence that is itself a definition: "(a) "Term" means …"
IS_DEFINITION = re.compile(
    r"\W*(?:\(?[a-z0-9]{1,4}[.)]\s*)?[\"“][^\"”]{1,60}[\"”]\s*(?:shall\s+mean|means|shall\s+include|"
    r"includes|refers?\s+to|has\s+the\s+meaning)"
)
# what a definition must say to carry meaning: made, developed or delivered under the contract
_MADE_UNDER = re.compile(
    r"\b(?:creat|develop|conceiv|made\b|prepar|produc|generat|deliver|design|writ|author|"
    r"enhance|improve|modif|customi[sz])\w*\b[^.;]{0,150}?\b(?:under|pursuant\s+to|in\s+the\s+course\s+of|"
    r"in\s+connection\s+with|during|in\s+(?:the\s+)?perform\w*|for\s+(?:the\s+)?(?:customer|client|company)|"
    r"hereunder|by\s+(?:the\s+)?(?:consultant|contractor|supplier|provider|vendor|developer))\b",
    re.IGNORECASE,
)
# a thing defined to take in its own later changes ("… includes any enhancements, modifications
# or updates to the Tools"): those changes are new results
_OWN_CHANGES = re.compile(
    r"\b(?:enhancements?|modifications?|improvements?|derivative\s+works?|derivatives|updates|"
    r"upgrades)\b[^.;]{0,80}?\b(?:to|of|thereto|thereof)\b",
    re.IGNORECASE,
)
_DEFINITION_CHARS = 400  # how much of a definition is kept
_BACK_CHARS = 400  # how far back a reference looks


class Glossary:
    """Defined terms of one document and the context a sentence carries from them.

    Terms are looked up on demand: only the capitalised phrases of a sentence that needs
    context are searched for (``str.find`` of the quoted term), so a document costs nothing
    until a pattern asks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._meaning: dict[str, str] = {}
        self._cache: dict[tuple[int, int, int | None], str] = {}
        self._quoted: dict[str, list[tuple[int, int]]] | None = None

    def meaning(self, term: str) -> str:
        """What the document says ``term`` is (empty when it is no defined term, or is not
        defined as something made or delivered in performing the contract)."""
        got = self._meaning.get(term)
        if got is None:
            if self._quoted is None:
                self._quoted = quoted_terms(self.text)
            spots = self._quoted.get(term)
            got = definition_of(self.text, term, spots) if spots else ""
            self._meaning[term] = got
        return got

    def terms_in(self, sentence: str) -> list[str]:
        """The defined terms (with such a meaning) a sentence uses, at most eight, in order."""
        out: list[str] = []
        for m in _CAPITALISED.finditer(sentence):
            words = m.group().split()
            # the longest run of words that is a defined term ("The VIP System" -> "VIP System")
            found = None
            for n in range(len(words), 0, -1):
                for i in range(len(words) - n + 1):
                    term = " ".join(words[i : i + n])
                    if term.lower() in _NOT_TERMS:
                        continue
                    if self.meaning(term):
                        found = term
                        break
                if found:
                    break
            if found and found not in out:
                out.append(found)
            if len(out) >= 8:
                break
        return out

    # -- the context of a sentence
    def context(self, start: int, end: int, at: int | None = None) -> str:
        """What the sentence ``[start, end)`` means beyond its words: the definitions of the
        defined terms it uses before ``at`` (the matched words; the subject side), and the
        sentence before it when it opens with a back-reference. A definition is given none."""
        key = (start, end, at)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        sentence = self.text[start:end]
        parts: list[str] = []
        if IS_DEFINITION.match(sentence):
            self._cache[key] = ""
            return ""
        subject = sentence if at is None else self.text[start:at]
        for term in self.terms_in(subject):
            meaning = self.meaning(term)
            # a definition is no context for its own sentence
            if meaning and meaning not in sentence:
                parts.append(meaning)
        if BACK_REFERENCE.search(sentence):  # the sentence (or sub-clause) before
            lo = max(0, start - _BACK_CHARS)
            before = self.text[lo:start].rstrip()
            cut = None
            for m in _SENTENCE_BOUND.finditer(before[:-1] if before else before):
                cut = m.end()
            parts.append(before[cut:] if cut is not None else before)
        out = " \n".join(parts)
        self._cache[key] = out
        return out


# a run of capitalised words (a defined term is one, or part of one)
_CAPITALISED = re.compile(r"[A-Z][\w&/'’-]*(?:[ \t]+(?:of\s+|and\s+)?[A-Z][\w&/'’-]*){0,5}")
_NOT_TERMS = frozenset({"the", "a", "an", "all", "any", "each", "such", "this", "these", "those"})
_MEANS_AFTER = re.compile(
    r"(?:\*\*)?\s*(?:,\s*)?(?:shall\s+mean|means|shall\s+include|includes|include|refers?\s+to|"
    r"shall\s+refer\s+to|has\s+the\s+meaning|:)"
)
_PAREN_BEFORE = re.compile(
    r"\(\s*(?:the\s+|collectively,?\s+(?:the\s+)?|each(?:,)?\s+(?:a|an)\s+|individually\s+and\s+"
    r"collectively,?\s+(?:the\s+)?|hereinafter\s+(?:the\s+)?|referred\s+to\s+as\s+(?:the\s+)?)?"
    r"(?:\*\*)?$"
)
_INTO_BEFORE = re.compile(
    r"(?:deemed\s+(?:to\s+be\s+)?(?:included\s+in|(?:a\s+)?part\s+of|to\s+form\s+(?:a\s+)?part\s+of)|"
    r"(?:shall|will)\s+(?:be\s+)?(?:included\s+in|form\s+(?:a\s+)?part\s+of|become\s+(?:a\s+)?part\s+of))"
    r"\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:(?:and|or)\s+(?:the\s+)?)?(?:[\w-]+\s+){0,3}?$"
)
_NEXT_WORD_CAPITALISED = re.compile(r"[ \t]+[A-Z]")  # "VIP" inside "VIP System"


def quoted_terms(text: str) -> dict[str, list[tuple[int, int]]]:
    """Every short capitalised quoted phrase of ``text`` ("Deliverables", “Work Product”) with
    the spans of its quotes; one walk over the quote characters (no regex pass)."""
    out: dict[str, list[tuple[int, int]]] = {}
    for opening, closing in (('"', '"'), ("“", "”")):
        pos = text.find(opening)
        while pos >= 0:
            end = text.find(closing, pos + 1, pos + 70)
            if end < 0:
                pos = text.find(opening, pos + 1)
                continue
            term = text[pos + 1 : end].strip("* ")
            if term[:1].isupper() and "\n" not in term:
                out.setdefault(term, []).append((pos, end + 1))
            pos = text.find(opening, end + 1)
    return out


def definition_of(text: str, term: str, spots: list[tuple[int, int]]) -> str:
    """What ``text`` says ``term`` is: ``"Term" means …``, ``… (the "Term")``, and sentences that
    put something into it (``… shall be deemed included in the Term``); empty unless that
    meaning is something made or delivered in performing the contract. ``spots``: the spans of
    the quoted term (:func:`quoted_terms`)."""
    parts: list[str] = []
    for pos, after in spots[:6]:
        if after < len(text) and text[after] == "*":
            after = len(text) - len(text[after:].lstrip("*"))
        if _MEANS_AFTER.match(text, after, after + 40):
            parts.append(text[after : _sentence_after(text, after)])
        elif _PAREN_BEFORE.search(text, max(0, pos - 60), pos):
            lead = text[_sentence_before(text, pos) : pos]
            named = _PAREN_BEFORE.sub("", text[max(0, pos - 80) : pos]).rstrip()
            if len(lead.strip(" (*")) > 10 and not _ENTITY_LEAD.search(named):
                parts.append(lead)  # a description, not a party's defined name
    if not parts:
        return ""  # not a defined term
    # "… deemed included in the Term": look only after the few "included in" / "part of"
    for phrase in ("included in", "part of"):
        for at in _occurrences(text, phrase):
            window = text[at : at + 140]
            hit = window.find(term)
            if hit >= 0:
                pos = at + hit
                end = pos + len(term)
                whole = not text[end : end + 1].isalnum() and not _NEXT_WORD_CAPITALISED.match(
                    text, end
                )
                if whole and _INTO_BEFORE.search(text, max(0, pos - 140), pos):
                    s, e = _sentence_before(text, pos), _sentence_after(text, pos)
                    parts.append(text[s:e])
    # "The definition of LMG Tools also includes any enhancements … to LMG Tools"
    for at in _occurrences(text, "definition of "):
        if text.startswith(term, at + 14):
            s, e = _sentence_before(text, at), _sentence_after(text, at)
            parts.append(text[s:e])
    meaning = " ".join(parts)[: _DEFINITION_CHARS * 2]
    # only what is made or delivered in performing the contract carries a meaning the
    # sentence lacks ("the Deliverables", "Training Materials", "Developed IP"); a generic
    # definition ("Intellectual Property means patents, inventions …") would make every
    # sentence naming it look like one about new results
    return meaning if _MADE_UNDER.search(meaning) or _OWN_CHANGES.search(meaning) else ""


# (text, phrase -> offsets) of the last text read by _occurrences
_OCCURRENCES: tuple[str, dict[str, list[int]]] = ("", {})


def _occurrences(text: str, phrase: str) -> list[int]:
    """The offsets of ``phrase`` in ``text``, each found after the end of the one before (as a
    ``find`` loop does), remembered for the last text: definition_of looks for the same three
    phrases for each defined term, and each search read the whole text. ("definition of "
    cannot overlap itself, so these are all its offsets.)"""
    global _OCCURRENCES
    if _OCCURRENCES[0] is not text:
        _OCCURRENCES = (text, {})
    found = _OCCURRENCES[1].get(phrase)
    if found is None:
        found = _OCCURRENCES[1][phrase] = []
        at = text.find(phrase)
        while at >= 0:
            found.append(at)
            at = text.find(phrase, at + len(phrase))
    return found


def _sentence_before(text: str, pos: int) -> int:
    """Start of the sentence that contains ``pos`` (at most _DEFINITION_CHARS back)."""
    lo = max(0, pos - _DEFINITION_CHARS)
    last = lo
    for m in _SENTENCE_BOUND.finditer(text, lo, pos):
        last = m.end()
    return last


def _sentence_after(text: str, pos: int) -> int:
    m = _SENTENCE_BOUND.search(text, pos, min(len(text), pos + _DEFINITION_CHARS))
    return m.start() if m else min(len(text), pos + _DEFINITION_CHARS)
