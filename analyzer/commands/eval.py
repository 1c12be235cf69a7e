"""`analyzer eval [GOLD.jsonl ...] --corpus DIR [--split test]`: label output vs gold labels.

``--obligations`` evaluates the obligations register instead (GOLD: default
``annotations/obligations.jsonl``; see :mod:`analyzer.evaluate_obligations`).

Without GOLD files, the project's annotated corpus is used: the shared gold under
``DIR/gold/*.jsonl`` and ``annotations/labels.jsonl``. ``--check-gold`` validates the gold files
(keys, values, every quote an exact slice of its contract) instead of evaluating.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument(
        "gold",
        nargs="*",
        help="gold JSONL file(s) (../shared/corpus/gold/LABELS.md); default: the annotated corpus",
    )
    p.add_argument(
        "--corpus", required=True, help="folder searched recursively for <doc>.txt/.md/.docx/.pdf"
    )
    p.add_argument(
        "--split",
        action="append",
        choices=("train", "dev", "test"),
        help="only contracts of this split (annotations/split.json); repeatable",
    )
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--json", action="store_true", help="same as --format json")
    p.add_argument(
        "--rules-only",
        action="store_true",
        help="the patterns alone, without the second reader (to measure what it adds)",
    )
    p.add_argument(
        "--obligations",
        action="store_true",
        help="evaluate the obligations register against annotations/obligations.jsonl "
        "(precision/recall of quote, role, modality on the tuning half, the held-out half and all)",
    )
    p.add_argument(
        "--check-gold",
        action="store_true",
        help="validate the gold files (keys, values, quotes) and exit 1 on any problem",
    )


def run(args: argparse.Namespace) -> int:
    from analyzer.evaluate import evaluate
    from analyzer.gold import check_gold, corpus_gold_files

    if args.obligations:
        return _run_obligations(args)
    files = [Path(g) for g in args.gold] or corpus_gold_files(args.corpus)
    if args.check_gold:
        problems = check_gold(files, args.corpus)
        for p in problems:
            sys.stdout.write(p + "\n")
        sys.stdout.write(
            f"{len(problems)} problem(s) in {len(files)} gold file(s)\n"
            if problems
            else f"gold OK: {len(files)} file(s)\n"
        )
        return 1 if problems else 0
    analyze_fn = None
    if args.rules_only:
        import functools

        from analyzer.engine import analyze

        analyze_fn = functools.partial(analyze, second_reader=False)
    result = evaluate(files, args.corpus, splits=args.split, analyze_fn=analyze_fn)
    if args.json or args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(result.table() + "\n")
    return 0


def _run_obligations(args: argparse.Namespace) -> int:
    from analyzer.evaluate_obligations import evaluate_obligations

    gold = args.gold[0] if args.gold else None
    results = evaluate_obligations(args.corpus, gold_path=gold)
    if args.json or args.format == "json":
        payload = {name: m.to_dict() for name, m in results.items()}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write("\n\n".join(m.table() for m in results.values()) + "\n")
    return 0
