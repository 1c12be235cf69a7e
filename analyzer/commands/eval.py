"""`analyzer eval GOLD.jsonl [...] --corpus DIR`: label output vs gold labels."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("gold", nargs="+", help="gold JSONL file(s) (../shared/corpus/gold/LABELS.md)")
    p.add_argument(
        "--corpus", required=True, help="folder searched recursively for <doc>.txt/.md/.docx/.pdf"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    from analyzer.evaluate import evaluate

    result = evaluate(args.gold, args.corpus)
    if args.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(result.table() + "\n")
    return 0
