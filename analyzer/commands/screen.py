"""`analyzer screen FILE`: screen one contract against Articles 3-12."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

FORMATS = ("table", "json", "labels", "markdown", "html")
STATUS_ORDER = {"missing": 0, "flag": 1, "partial": 2, "met": 3, "not_applicable": 4}


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(name, help=help_text, description=help_text)
    p.add_argument("file", help="contract file (DOCX, PDF, TXT, MD)")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format")
    p.add_argument(
        "--lang-out",
        choices=("en", "zh"),
        default="en",
        help="output language: table, markdown and html headings and statuses, and the "
        "recommendation and explanation heading of every format (json and labels keep their "
        "keys and values)",
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
    document: Any = None
    if books or args.format == "html":  # the page shows the document's text
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

        text = to_markdown(report, lang=args.lang_out)
    elif args.format == "html":
        from analyzer.report import to_html

        assert document is not None
        text = to_html(report, document, lang=args.lang_out)
    else:
        text = render_table(report, args.lang_out)
    if books:
        from analyzer import playbook

        results = playbook.evaluate_playbooks(
            report, document, books, patterns=patterns, lang_out=args.lang_out
        )
        if args.format == "html":  # the playbooks' table inside the page, escaped
            import html

            table = html.escape(playbook.render_table(results, args.lang_out))
            text = text.replace(
                "</body></html>", f"<h2>Playbooks</h2><pre>{table}</pre></body></html>"
            )
        else:
            text = playbook.append_to_output(text, args.format, results, args.lang_out)
    # a file name that is not UTF-8 (undecodable bytes kept as surrogates) must not crash output
    sys.stdout.write(text.encode("utf-8", "replace").decode("utf-8") + "\n")
    return 0


TABLE_WIDTH = 120  # a terminal's width: rows are never wrapped, quotes are shortened to fit
_CAPS = {"Value": 16, "Clause": 10}  # the widest these columns get (longer text is shortened)
_HEADERS = {
    "en": ("Art.", "Requirement", "Status", "Conf.", "Value", "Clause", "Quote"),
    "zh": ("条", "要求", "状态", "置信度", "值", "条款", "引文"),
}
_CHECK_MARK = " *"  # after the status of a finding marked for a lawyer's check


def _display_width(text: str) -> int:
    """Terminal columns of ``text`` (CJK characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _short(text: str, width: int) -> str:
    """``text`` on one line, cut with "…" to at most ``width`` terminal columns."""
    text = " ".join(text.split())
    if _display_width(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        w = _display_width(c)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (CJK characters take two),
    broken at the last space when there is one; later lines start with ``indent``."""
    lines: list[str] = []
    line, used, space = "", 0, -1
    for c in text:
        w = _display_width(c)
        if used + w > width:
            if space > len(indent) and c != " ":
                rest = line[space + 1 :]
                lines.append(line[:space].rstrip())
                line = indent + rest
            else:
                lines.append(line.rstrip())
                line = indent
            used, space = _display_width(line), -1
            if c == " ":
                continue
        if c == " ":
            space = len(line)
        line += c
        used += w
    lines.append(line.rstrip())
    return lines


def render_table(report: Any, lang_out: str = "en", width: int = TABLE_WIDTH) -> str:
    """Findings as an aligned text table no wider than ``width`` columns: article, requirement
    id (what ``analyzer review --requirement`` takes), status ("*": a lawyer should check it,
    the reasons are listed below the table), confidence, value, clause and the quote shortened
    to what is left of the width. Lines outside the table wrap at ``width``."""
    from analyzer.issues import status_words
    from analyzer.review_text import in_language

    headers = _HEADERS.get(lang_out, _HEADERS["en"])
    rows = [headers]
    findings = sorted(report.findings, key=lambda f: (f.article, f.requirement))
    quotes = []
    for f in findings:
        ev = f.evidence[0] if f.evidence else None
        status = status_words(f.status, lang_out) if lang_out == "zh" else f.status
        rows.append(
            (
                str(f.article),
                f.requirement,
                status + (_CHECK_MARK if f.review else ""),
                "" if f.confidence is None else f"{f.confidence:.2f}",
                _short("" if f.value is None else str(f.value), _CAPS["Value"]),
                _short((ev.clause or "") if ev else "", _CAPS["Clause"]),
                "",
            )
        )
        quotes.append(ev.quote if ev else "")
    widths = [max(_display_width(r[i]) for r in rows) for i in range(len(headers) - 1)]
    room = max(10, width - sum(widths) - 2 * (len(widths)))
    lines = []
    for k, r in enumerate(rows):
        quote = r[-1] if k == 0 else _short(quotes[k - 1], room)
        cells = [_pad(r[i], widths[i]) for i in range(len(widths))]
        lines.append("  ".join([*cells, quote]).rstrip())
    info = report.document
    head = (
        f"{Path(info.path).name}: {', '.join(info.languages)}, {info.characters} characters, "
        f"outsourcing-like: {'yes' if report.outsourcing_like else 'no'}"
    )
    parties = "; ".join(f"{p.name} = {p.role}" for p in report.parties) or "not identified"
    warn = [f"warning [{w.code}]: {in_language(w.message, lang_out)}" for w in report.warnings]
    mark = "* 需律师核查：" if lang_out == "zh" else "* lawyer check:"
    checks = [f"{f.requirement}: {f.review}" for f in findings if f.review]

    def wrap(text: str, indent: str = "  ") -> list[str]:
        return _wrap(text, width, indent)

    out = [*wrap(head), *wrap(f"parties: {parties}"), *(x for w in warn for x in wrap(w)), ""]
    out += lines
    if checks:
        out += ["", mark, *(x for c in checks for x in wrap(f"  {c}", "    "))]
    return "\n".join(out)
