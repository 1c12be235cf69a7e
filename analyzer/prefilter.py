"""Literal prefilters for regular expressions: words every match must contain (issue #6).

Most pattern regexes fail on most sentences their triggers let through (about 19 in 20 on the
CUAD contracts), and `re` spends most of its time proving that. :func:`required_literals` reads a
regex's syntax tree and returns clauses of literals, ``((a, b), (c,))`` meaning "every match
contains a or b, and contains c"; :func:`may_match` tests them with ``in`` (fast substring
search in C) before the regex runs. The technique is the one Google Code Search and RE2's
prefilter use, kept simple: only plain literal characters count; anything else (classes, ``.``,
optional parts, look-arounds, back-references, case-insensitive groups) requires nothing.

Sound by construction (never rejects a text the regex matches) for a pattern compiled without
IGNORECASE: with IGNORECASE, ``re`` lets "k" match "K" (KELVIN SIGN) and "s" match "ſ", which no
literal test sees, so the caller must use it only on case-sensitive patterns.
"""

from __future__ import annotations

import functools
import importlib
import logging
import re
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

Clauses = tuple[tuple[str, ...], ...]

MIN_LENGTH = 3  # shorter literals ("is", "to") are in nearly every sentence: not worth a test
MAX_CLAUSES = 3  # each clause costs a few substring searches


def required_literals(pattern: str, flags: int = 0) -> Clauses:
    """Clauses of literals that every match of ``pattern`` contains (empty: no prefilter)."""
    if flags & re.IGNORECASE:
        return ()
    try:
        tree, c = _syntax_tree(pattern, flags)
        clauses = _sequence(tree, c)
    except Exception:  # a private module changed shape, or an unusual pattern: no prefilter
        logger.debug("no literal prefilter for a pattern", exc_info=True)
        return ()
    good = [cl for cl in clauses if min(map(len, cl)) >= MIN_LENGTH]
    good.sort(key=lambda cl: (-min(map(len, cl)), len(cl)))
    return tuple(good[:MAX_CLAUSES])


def starts_with_space(pattern: str, flags: int = 0) -> bool:
    """True when every match of ``pattern`` starts with white space (``\\s``, which is what
    ``str.isspace`` accepts): ``\\s``, ``\\s+``, ``(?:\\s+a|\\s+b)`` …"""
    try:
        tree, c = _syntax_tree(pattern, flags)
        return _first_is_space(tree, c)
    except Exception:  # as above: when in doubt, the pattern is tried everywhere
        logger.debug("could not read a pattern's first character", exc_info=True)
        return False


MAX_FIRST_CHARS = 24  # a larger set of first characters filters too little to pay


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters every match of ``pattern`` starts with, or None when that is not a small
    known set (a class like ``\\w`` or ``[^.]``, ``.``, a match that may be empty, a
    case-insensitive pattern).

    ``(?=[abc])(?:PATTERN)`` then finds the same matches, faster: ``re`` tries every branch of a
    large alternation at every position of the text unless the pattern starts with a literal,
    and a one-character look-ahead rejects most positions at once (issue #12: 2x on the costliest
    clause pattern, whose 18 branches each open with ``\\b``)."""
    if flags & re.IGNORECASE:
        return None
    try:
        tree, c = _syntax_tree(pattern, flags)
        chars, nullable = _first(tree, c)
    except Exception:  # an unusual pattern: no guard
        logger.debug("could not read a pattern's first characters", exc_info=True)
        return None
    if chars is None or nullable or not chars or len(chars) > MAX_FIRST_CHARS:
        return None
    return frozenset(chars)


def first_chars_after_space(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """For a pattern that opens with ``\\s+`` (``\\s+(?:shall|will)\\s+…``): the characters
    the rest starts with, when they are a small known set without white space (as
    :func:`first_chars`); else None. Then a match at ``pos`` needs one of them at the first
    character after ``pos`` that is not white space (``\\s`` is ``str.isspace``): ``\\s+``
    cannot stop before it, and the rest cannot start inside the white space."""
    if flags & re.IGNORECASE:
        return None
    try:
        tree, c = _syntax_tree(pattern, flags)
        if not tree or tree[0][0] not in (c.MAX_REPEAT, c.MIN_REPEAT):
            return None
        low, _high, item = tree[0][1]
        if low < 1 or list(item) != [(c.IN, [(c.CATEGORY, c.CATEGORY_SPACE)])]:
            return None
        chars, nullable = _first(tree[1:], c)
    except Exception:  # an unusual pattern: no test
        logger.debug("could not read a pattern's first characters", exc_info=True)
        return None
    if chars is None or nullable or not chars or len(chars) > MAX_FIRST_CHARS:
        return None
    if any(ch.isspace() for ch in chars):
        return None
    return frozenset(chars)


def next_chars(pattern: str) -> frozenset[str] | None:
    """Like :func:`first_chars` (no flags), with ``\\s`` read as the white-space characters
    and no limit on how many there are: the characters that can follow a literal word
    (``next_chars(r"s?\\s+to")`` -> "s" and the white space). None when not known, or when a
    match may be empty."""
    try:
        tree, c = _syntax_tree(pattern, 0)
        chars, nullable = _first(tree, c, spaces=True)
    except Exception:  # an unusual pattern: unknown
        logger.debug("could not read a pattern's first characters", exc_info=True)
        return None
    if chars is None or nullable or not chars:
        return None
    return frozenset(chars)


@functools.cache
def white_space() -> frozenset[str]:
    """The characters ``\\s`` matches in a str pattern (those of ``str.isspace``; none is
    above U+3000: tests/test_prefilter.py checks every code point)."""
    return frozenset(ch for ch in map(chr, range(0x3001)) if ch.isspace())


def guarded(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` behind a look-ahead for its possible first characters (:func:`first_chars`), when
    they are few; otherwise ``rx`` itself. Same matches, same groups."""
    chars = first_chars(rx.pattern, rx.flags)
    if chars is None:
        return rx
    cls = "".join(re.escape(ch) for ch in sorted(chars))
    return re.compile(f"(?=[{cls}])(?:{rx.pattern})", rx.flags)


def _first(
    items: list[tuple[Any, Any]], c: Any, spaces: bool = False
) -> tuple[set[str] | None, bool]:
    """(first characters, may the sequence match empty) of a concatenation; None: unknown.
    With ``spaces``, ``\\s`` stands for the white-space characters (else: unknown)."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _first_node(op, av, c, spaces)
        if chars is None:
            return None, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_node(op: Any, av: Any, c: Any, spaces: bool = False) -> tuple[set[str] | None, bool]:
    if op is c.LITERAL:
        return {chr(av)}, False
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # zero-width: the next item starts the match
        return set(), True
    if op is c.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is c.LITERAL:
                chars.add(chr(value))
            elif kind is c.RANGE and value[1] - value[0] < MAX_FIRST_CHARS:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            elif spaces and kind is c.CATEGORY and value is c.CATEGORY_SPACE:
                chars.update(white_space())
            else:  # NEGATE, CATEGORY (\w, \s), a wide range
                return None, False
        return chars, False
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        if add_flags or del_flags:
            return None, False
        return _first(list(inner), c, spaces)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, inner = av
        chars_, nullable = _first(list(inner), c, spaces)
        return chars_, nullable or low == 0
    if op is c.ATOMIC_GROUP:
        return _first(list(av), c, spaces)
    if op is c.BRANCH:
        union: set[str] = set()
        any_empty = False
        for alt in av[1]:
            chars_, nullable = _first(list(alt), c, spaces)
            if chars_ is None:
                return None, False
            union |= chars_
            any_empty = any_empty or nullable
        return union, any_empty
    return None, False  # ANY, NOT_LITERAL, GROUPREF, conditionals …


@functools.lru_cache(maxsize=16)
def _syntax_tree(pattern: str, flags: int) -> tuple[list[tuple[Any, Any]], Any]:
    """The regex's syntax tree from the stdlib's own parser, and its opcode constants.

    Remembered for the last few patterns (the tagger reads one pattern's tree up to four times
    in a row: its first characters, its clauses, its literal tree twice); the readers here only
    read the tree, none changes it."""
    c = importlib.import_module("re._constants")
    return list(importlib.import_module("re._parser").parse(pattern, flags)), c


def _first_is_space(items: list[tuple[Any, Any]], c: Any) -> bool:
    if not items:
        return False
    op, av = items[0]
    if op is c.IN:
        return bool(list(av) == [(c.CATEGORY, c.CATEGORY_SPACE)])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return bool(av[0] >= 1 and _first_is_space(list(av[2]), c))
    if op is c.SUBPATTERN:
        return _first_is_space(list(av[3]), c)
    if op is c.BRANCH:
        return all(_first_is_space(list(alt), c) for alt in av[1])
    return False


def may_match(text: str, clauses: Clauses) -> bool:
    """False when ``text`` lacks every literal of some clause (then the regex cannot match)."""
    for clause in clauses:
        for literal in clause:
            if literal in text:
                break
        else:
            return False
    return True


def _sequence(items: list[tuple[Any, Any]], c: Any) -> list[tuple[str, ...]]:
    """The clauses a concatenation requires: its literal runs and its parts' clauses."""
    out: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(("".join(run),))
            run = []
        out.extend(_node(op, av, c))
    if run:
        out.append(("".join(run),))
    return out


def _node(op: Any, av: Any, c: Any) -> list[tuple[str, ...]]:
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        if add_flags or del_flags:  # (?i:…) and the like: not a plain literal any more
            return []
        return _sequence(list(inner), c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, inner = av
        return _sequence(list(inner), c) if low >= 1 else []
    if op is c.ATOMIC_GROUP:
        return _sequence(list(av), c)
    if op is c.BRANCH:
        _unused, alternatives = av
        union: set[str] = set()
        for alt in alternatives:
            best = _best(_sequence(list(alt), c))
            if best is None:
                return []  # one alternative requires nothing: neither does the whole
            union.update(best)
        return [tuple(sorted(union))]
    return []  # classes, any, anchors, look-arounds, back-references, conditionals


def _best(clauses: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The most selective clause: the longest shortest literal, then the fewest literals."""
    if not clauses:
        return None
    return max(clauses, key=lambda cl: (min(map(len, cl)), -len(cl)))


# ------------------------------------------------------------------------------ literal trees
#
# The clauses above keep one clause per alternative of a top-level alternation, so for a pattern
# "shall ... own | assigns ... rights" they require ("shall" or "assigns"): nearly every
# sentence. The literal tree keeps the structure: ("shall" and "own") or ("assigns" and
# "rights"). It is tried after the clauses (which are cheaper) and rejects about half of the
# sentences that pass them (CUAD), each a regex search saved.

LiteralTree = tuple[Any, ...]  # ("lit", s) | ("and", [trees]) | ("or", [trees]) | ("true",)
_TRUE: LiteralTree = ("true",)
MAX_TREE_NODES = 400  # a larger tree costs more to test than the searches it saves
MAX_TREE_DEPTH = 40  # (and Python's parser limits the nesting of the test's expression)


def literal_test(pattern: str, flags: int = 0) -> Callable[[str], bool] | None:
    """A test that is False only for texts ``pattern`` cannot match (sound, like
    :func:`required_literals`, for patterns compiled without IGNORECASE), or None when the
    pattern requires no literal."""
    expression = literal_test_source(pattern, flags)
    if expression is None:
        return None
    # one boolean expression of `in` tests, compiled: much faster than walking the tree
    source = f"lambda t: {expression}"
    test: Callable[[str], bool] = eval(source, {"__builtins__": {}})  # noqa: S307 (literals only)
    return test


def prefilter_test(
    clauses: Clauses, test_source: str | None, known: frozenset[str] | None = None
) -> Callable[..., bool] | None:
    """``may_match(t, clauses) and test(t)`` as one compiled expression (``test_source``: the
    source of the :func:`literal_test` ``test``, from :func:`literal_test_source`; None for no
    test): the same answer for every text, without a Python loop over the clauses and a second
    call per sentence (the tagger asks it for each pattern its triggers let through). None when
    both are empty.

    With ``known`` (literals the caller has already looked for in the text), the test takes a
    second argument ``p``, the set of those of them the text contains, and reads ``lit in p``
    (a set look-up) for each literal of ``known`` instead of ``lit in t`` (a search of the
    text); ``test_source`` must then come from ``literal_test_source(…, known)``."""
    parts = [
        "(" + " or ".join(_literal_source(lit, known) for lit in clause) + ")" for clause in clauses
    ]
    if test_source is not None:
        parts.append(test_source)
    if not parts:
        return None
    args = "t" if known is None else "t, p"
    test: Callable[..., bool] = eval(  # noqa: S307 (literals only)
        f"lambda {args}: {' and '.join(parts)}", {"__builtins__": {}}
    )
    return test


def literal_test_source(
    pattern: str, flags: int = 0, known: frozenset[str] | None = None
) -> str | None:
    """The expression :func:`literal_test` compiles (in the text ``t``; with ``known``, in the
    set ``p`` for those literals: see :func:`prefilter_test`), or None when it gives no test."""
    if flags & re.IGNORECASE:
        return None
    try:
        tree, c = _syntax_tree(pattern, flags)
        root = _tree_seq(tree, c)
    except Exception:  # an unusual pattern: no test
        logger.debug("no literal tree for a pattern", exc_info=True)
        return None
    if root is _TRUE or _tree_size(root) > MAX_TREE_NODES or _tree_depth(root) > MAX_TREE_DEPTH:
        return None
    return _tree_source(root, known)


def _literal_source(literal: str, known: frozenset[str] | None) -> str:
    return f"({literal!r} in {'p' if known is not None and literal in known else 't'})"


def _tree_seq(items: list[tuple[Any, Any]], c: Any) -> LiteralTree:
    """The tree a concatenation requires: all of its literal runs and its parts' trees."""
    kids: list[LiteralTree] = []
    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if len(run) >= MIN_LENGTH:
            kids.append(("lit", "".join(run)))
        run = []
        kids.append(_tree_node(op, av, c))
    if len(run) >= MIN_LENGTH:
        kids.append(("lit", "".join(run)))
    return _tree_and(kids)


def _tree_node(op: Any, av: Any, c: Any) -> LiteralTree:
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        if add_flags or del_flags:
            return _TRUE
        return _tree_seq(list(inner), c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, inner = av
        return _tree_seq(list(inner), c) if low >= 1 else _TRUE
    if op is c.ATOMIC_GROUP:
        return _tree_seq(list(av), c)
    if op is c.BRANCH:
        return _tree_or([_tree_seq(list(alt), c) for alt in av[1]])
    return _TRUE  # classes, any, anchors, look-arounds, back-references, conditionals


def _tree_and(kids: list[LiteralTree]) -> LiteralTree:
    out: list[LiteralTree] = []
    for kid in kids:
        if kid is _TRUE:
            continue
        out.extend(kid[1] if kid[0] == "and" else [kid])
    if not out:
        return _TRUE
    if len(out) == 1:
        return out[0]
    # plain literals first, the longest (the rarest, as a rule) first
    out.sort(key=lambda n: (n[0] != "lit", -len(n[1]) if n[0] == "lit" else 0))
    return ("and", out)


def _tree_or(kids: list[LiteralTree]) -> LiteralTree:
    out: list[LiteralTree] = []
    for kid in kids:
        if kid is _TRUE:
            return _TRUE  # one alternative requires nothing: neither does the whole
        out.extend(kid[1] if kid[0] == "or" else [kid])
    return out[0] if len(out) == 1 else ("or", out)


def _tree_size(tree: LiteralTree) -> int:
    return 1 if tree[0] in ("lit", "true") else 1 + sum(_tree_size(k) for k in tree[1])


def _tree_depth(tree: LiteralTree) -> int:
    return 1 if tree[0] in ("lit", "true") else 1 + max(_tree_depth(k) for k in tree[1])


def _tree_source(tree: LiteralTree, known: frozenset[str] | None = None) -> str:
    if tree[0] == "lit":
        return _literal_source(tree[1], known)
    joiner = " and " if tree[0] == "and" else " or "
    return "(" + joiner.join(_tree_source(k, known) for k in tree[1]) + ")"
