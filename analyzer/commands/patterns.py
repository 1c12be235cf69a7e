"""`analyzer patterns check [--corpus DIR]`: validate clause_patterns/ and report unused entries."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from analyzer.readers.registry import SUPPORTED_SUFFIXES as CORPUS_SUFFIXES


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("action", choices=("check",), help="check: validate (and count matches)")
    p.add_argument("--dir", metavar="DIR", help="pattern folder (default: the packaged one)")
    p.add_argument("--corpus", metavar="DIR", help="count matches over the contracts in DIR")
    p.add_argument("--limit", type=int, default=0, help="at most N contracts from --corpus")


def run(args: argparse.Namespace) -> int:
    from analyzer.checks import check_rules
    from analyzer.patterns import load_patterns
    from analyzer.tagger import tagger_for

    patterns = load_patterns(args.dir)
    check_rules(patterns)
    n_regex = sum(1 for p in patterns.patterns if p.kind == "regex")
    out = sys.stdout
    out.write(
        f"patterns OK: {len(patterns.patterns)} entries ({n_regex} regex) in "
        f"{len(patterns.families)} files, {len(patterns.rules.requirements)} requirements, "
        f"version {patterns.version}\n"
    )
    problems = _token_examples(patterns)
    for msg in problems:
        out.write(f"example problem: {msg}\n")
    if not args.corpus:
        return 1 if problems else 0
    from analyzer.engine import language_spans
    from analyzer.errors import AnalyzerError
    from analyzer.readers import read_contract

    files = sorted(p for p in Path(args.corpus).rglob("*") if p.suffix.lower() in CORPUS_SUFFIXES)
    if args.limit:
        files = files[: args.limit]
    counts: Counter[str] = Counter()
    docs: Counter[str] = Counter()
    read = 0
    for f in files:
        try:
            document = read_contract(f)
        except AnalyzerError as exc:
            out.write(f"skipped: {exc.message}\n")
            continue
        read += 1
        seen: set[str] = set()
        for lang, spans in language_spans(document).items():
            for hit in tagger_for(patterns, lang).tag(document.text, spans):
                counts[hit.pattern_id] += 1
                seen.add(hit.pattern_id)
        docs.update(seen)
    out.write(f"\n{read} contracts read from {args.corpus}\n")
    out.write(f"{'pattern':44} {'matches':>8} {'contracts':>9}\n")
    for p in patterns.patterns:
        out.write(f"{p.id:44} {counts[p.id]:>8} {docs[p.id]:>9}\n")
    never = [p.id for p in patterns.patterns if counts[p.id] == 0]
    out.write(f"\nnever matching ({len(never)}): {', '.join(never) or '-'}\n")
    return 1 if problems else 0


def _token_examples(patterns: Any) -> list[str]:
    """Token/phrase patterns' examples go through spaCy (regex examples are checked at load)."""
    specs = [p for p in patterns.patterns if p.kind != "regex" and p.examples]
    if not specs:
        return []
    from analyzer.pipeline import SentenceMatcher

    problems = []
    by_lang: dict[str, list[Any]] = {}
    for p in specs:
        by_lang.setdefault(p.language, []).append(p)
    for lang, group in by_lang.items():
        matcher = SentenceMatcher(lang, group)
        for p in group:
            for ex in p.examples:
                if not any(pid == p.id for pid, _s, _e in matcher.match(ex)):
                    problems.append(f"{p.source}: entry {p.id!r}: example {ex!r} is not matched")
    return problems
