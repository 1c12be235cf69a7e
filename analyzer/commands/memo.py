"""`analyzer memo`: review memos (DOCX) of one contract, or of a portfolio run's store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(
        name,
        help=help_text,
        description=(
            "Write review memos (DOCX): for one contract, its gaps, flags and findings to check "
            "in article order with the clause, the exact quote and the recommended wording; for "
            "a results store, one memo per contract and a one-page portfolio memo. Reviewers' "
            "decisions (analyzer review) override the analyzer's findings."
        ),
        epilog=(
            "examples: analyzer memo contract.docx --out memo.docx [--lang-out zh]; "
            "analyzer memo --store out/results.sqlite --out memos/ [--doc en/msa]"
        ),
    )
    p.add_argument(
        "contract", nargs="?", default=None, metavar="CONTRACT", help="a contract file to screen"
    )
    p.add_argument(
        "--store",
        default=None,
        metavar="PATH",
        help="a results store (OUT/results.sqlite of analyzer portfolio): memos of its latest "
        "run; with CONTRACT, the store's reviewer decisions on that contract are applied",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="the memo (.docx) for CONTRACT; a folder for --store",
    )
    p.add_argument(
        "--doc",
        action="append",
        default=None,
        help="with --store: only this contract's memo (repeatable; no portfolio memo)",
    )
    p.add_argument("--run", type=int, default=None, help="with --store: this run (default latest)")
    p.add_argument(
        "--lang-out",
        choices=("en", "zh"),
        default=None,
        help="memo language (default: the contract's language; the portfolio memo: en)",
    )
    p.add_argument("--ocr", action="store_true", help="OCR pages without a text layer")


def run(args: argparse.Namespace) -> int:
    from analyzer import memo

    if args.contract is None and args.store is None:
        raise memo.MemoError("give a CONTRACT file, or --store OUT/results.sqlite")
    if args.contract is not None:
        from analyzer.engine import analyze
        from analyzer.readers import read_contract
        from analyzer.report import output_language

        path = Path(args.contract)
        document = read_contract(path, ocr=args.ocr)
        lang = args.lang_out or output_language(document.languages)
        report = analyze(document, lang_out=lang)
        doc: str | None = None
        decisions: dict[str, Any] = {}
        if args.store is not None:
            doc, decisions = memo.decisions_for_file(args.store, report.document.sha256, args.run)
        out = memo.write_contract_memo(
            report, args.out, doc=doc, decisions=decisions, lang=lang, document=document
        )
        print(f"{out}: review memo of {doc or path.name} ({lang}, {len(decisions)} decision(s))")
        return 0
    written = memo.write_store_memos(  # --doc: those contracts' memos only
        args.store,
        args.out,
        docs=args.doc,
        lang=args.lang_out,
        run_id=args.run,
        portfolio=args.doc is None,
    )
    for path in written:
        print(path)
    print(f"{len(written)} memo(s) in {args.out}", file=sys.stderr)
    return 0
