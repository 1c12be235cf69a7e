"""`analyzer screen FILE`: screen one contract against Articles 3-12."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

FORMATS = ("table", "json", "labels", "markdown")
STATUS_ORDER = {"missing": 0, "flag": 1, "partial": 2, "met": 3, "not_applicable": 4}


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("file", help="contract file (DOCX, PDF, TXT, MD)")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format")
    p.add_argument(
        "--lang-out", choices=("en", "zh"), default="en", help="language of recommendations"
    )
    p.add_argument("--ocr", action="store_true", help="OCR pages without a text layer")
    p.add_argument("--patterns", metavar="DIR", help="use another clause_patterns/ folder")
    p.add_argument(
        "--playbook",
        action="append",
        default=[],
        metavar="P.yaml",
        help="also show the statuses of this playbook's requirements (repeatable; "
        "docs/playbooks.md)",
    )


def run(args: argparse.Namespace) -> int:
    from analyzer.engine import analyze

    path = Path(args.file)  # missing, folder, pipe...: the reader says which (E111, E112)
    patterns = None
    if args.patterns:
        from analyzer.patterns import load_patterns

        patterns = load_patterns(args.patterns)
    books: list[Any] = []
    if args.playbook:  # checked before the contract is read: a bad playbook fails fast
        from analyzer.playbook import load_playbooks

        books = load_playbooks(args.playbook, patterns)
    if books:
        from analyzer.readers import read_contract

        document = read_contract(path, ocr=args.ocr)
        report = analyze(document, patterns=patterns, lang_out=args.lang_out)
    else:
        report = analyze(path, patterns=patterns, ocr=args.ocr, lang_out=args.lang_out)
    if args.format == "json":
        from analyzer.report import to_json

        text = to_json(report)
    elif args.format == "labels":
        from analyzer.report import label_line

        text = label_line(report, path.stem)
    elif args.format == "markdown":
        from analyzer.report import to_markdown

        text = to_markdown(report)
    else:
        text = render_table(report, args.lang_out)
    if books:
        from analyzer import playbook

        results = playbook.evaluate_playbooks(
            report, document, books, patterns=patterns, lang_out=args.lang_out
        )
        text = playbook.append_to_output(text, args.format, results, args.lang_out)
    # a file name that is not UTF-8 (undecodable bytes kept as surrogates) must not crash output
    sys.stdout.write(text.encode("utf-8", "replace").decode("utf-8") + "\n")
    return 0


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(report: Any, lang_out: str = "en") -> str:
    """Findings as an aligned text table: article, requirement, status, clause, short quote."""
    rows = [("Art.", "Requirement", "Status", "Conf.", "Value", "Clause", "Quote")]
    for f in sorted(report.findings, key=lambda f: (f.article, f.requirement)):
        ev = f.evidence[0] if f.evidence else None
        rows.append(
            (
                str(f.article),
                f.requirement,
                f.status + (" (lawyer check)" if f.review else ""),
                "" if f.confidence is None else f"{f.confidence:.2f}",
                "" if f.value is None else str(f.value),
                (ev.clause or "") if ev else "",
                _short(ev.quote, 60) if ev else "",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for r in rows:
        cells = [r[i].ljust(widths[i]) for i in range(len(widths))]
        lines.append("  ".join([*cells, r[-1]]).rstrip())
    info = report.document
    head = (
        f"{Path(info.path).name}: {', '.join(info.languages)}, {info.characters} characters, "
        f"outsourcing-like: {'yes' if report.outsourcing_like else 'no'}"
    )
    parties = "; ".join(f"{p.name} = {p.role}" for p in report.parties) or "not identified"
    warn = [f"warning [{w.code}]: {w.message}" for w in report.warnings]
    checks = [
        f"lawyer check: {f.requirement}: {f.review}"
        for f in sorted(report.findings, key=lambda f: (f.article, f.requirement))
        if f.review
    ]
    return "\n".join(
        [head, f"parties: {parties}", *warn, "", *lines, *([""] + checks if checks else [])]
    )
