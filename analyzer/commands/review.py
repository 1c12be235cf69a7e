"""`analyzer review --store PATH set|list|export`: reviewers' decisions on findings.

``set`` records a decision (``--status [--value]`` overrides, ``--accept`` takes the machine's),
``list`` shows the decisions beside the machine's findings ("outdated": made on a text that has
changed since), ``export`` writes gold records in the LABELS.md format (final labels, the labels
a reviewer decided, the machine's where they differ) for ``analyzer eval``. See docs/review.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

# the list table fits 120 columns (never wraps): fixed widths; a note goes on the line below
_COLUMNS = (
    ("doc", 20),
    ("requirement", 30),
    ("machine", 18),
    ("reviewed", 18),
    ("by", 10),
    ("when (UTC)", 10),
    ("outdated", 8),
)
_LINE = 120


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(name, help=help_text, description=__doc__.splitlines()[0])
    p.add_argument(
        "--store",
        required=True,
        metavar="PATH",
        help="the results store (OUT/results.sqlite of `analyzer portfolio`)",
    )
    p.add_argument(
        "--run",
        type=int,
        default=None,
        metavar="N",
        help="the run whose contracts (default: latest)",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    s = actions.add_parser(
        "set",
        help="accept or override one finding",
        description="Record a reviewer's decision on one finding of one contract.",
    )
    s.add_argument("--doc", required=True, help="the contract's name, as in labels.jsonl")
    s.add_argument(
        "--requirement",
        required=True,
        metavar="REQ",
        help="requirement id (art11.ip_ownership) or label key (art11_ip_ownership)",
    )
    what = s.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--status", help="met, partial, missing, flag or not_applicable (an override)"
    )
    what.add_argument(
        "--accept", action="store_true", help="record the machine's current status and value"
    )
    s.add_argument(
        "--value",
        default=None,
        help="for art10.dispute_forum (arbitration, courts, arbitration+courts, none), "
        "art10.arbitration_institution (a name, or none) and art11.ip_ownership (client, "
        "provider, joint, split, none); left out: the machine's value stands",
    )
    s.add_argument("--by", required=True, metavar="NAME", help="the reviewer's name")
    s.add_argument("--note", default="", metavar="TEXT", help="why (shown in every output)")

    ls = actions.add_parser(
        "list",
        help="the decisions beside the machine's findings",
        description="The decisions on the run's contracts, beside the machine's findings.",
    )
    ls.add_argument("--doc", default=None, help="only this contract")
    ls.add_argument("--format", choices=("table", "json"), default="table")

    ex = actions.add_parser(
        "export",
        help="gold records (LABELS.md format) from the reviews, for `analyzer eval`",
        description="Final labels per contract as JSON lines in the LABELS.md format.",
    )
    ex.add_argument("--out", default=None, metavar="FILE.jsonl", help="default: standard output")
    ex.add_argument(
        "--reviewed-only",
        action="store_true",
        help="only reviewed contracts, and only the labels a reviewer decided (eval measures "
        "the tool on those alone)",
    )


def _pair(status: str | None, value: str | None) -> str:
    if status is None:
        return "-"
    return status if value is None else f"{status}/{value}"


def _fit(text: str, width: int, *, middle: bool = False) -> str:
    """``text`` on one line in at most ``width`` characters (cut with "…"; ``middle``: keep both
    ends, for contract names whose end tells them apart)."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    if middle:
        head = (width - 1) // 2
        return text[:head] + "…" + text[len(text) - (width - 1 - head) :]
    return text[: width - 1] + "…"


def table(rows: list[Any]) -> str:
    """The rows of :func:`analyzer.review.list_reviews` as a table of at most 120 columns: one
    line per decision, its note (if any) indented on the next line."""
    lines = [" ".join(n.ljust(w) for n, w in _COLUMNS).rstrip()]
    for r in rows:
        cells = [
            _fit(r.doc, 20, middle=True),
            _fit(r.requirement, 30),
            _fit(_pair(r.machine_status, r.machine_value), 18),
            _fit(_pair(r.status, r.value), 18),
            _fit(r.reviewer, 10),
            r.reviewed_at[:10],
            "yes" if r.outdated else "no",
        ]
        lines.append(" ".join(c.ljust(w) for c, (_n, w) in zip(cells, _COLUMNS, strict=True)))
        lines[-1] = lines[-1].rstrip()
        if r.note:
            lines.append("  " + _fit("note: " + r.note, _LINE - 2))
    if not rows:
        lines.append("(no reviews yet: `analyzer review --store PATH set ...`)")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from analyzer import review

    store = Path(args.store)
    if args.action == "set":
        kwargs: dict[str, Any] = {}
        if args.value is not None:
            kwargs["value"] = args.value
        d = review.set_review(
            store,
            args.doc,
            args.requirement,
            by=args.by,
            status=args.status,
            accept=args.accept,
            note=args.note,
            run_id=args.run,
            **kwargs,
        )
        what = "accepted" if d.accepted else "overridden"
        print(
            f"{d.doc}: {d.requirement} {what}: {_pair(d.status, d.value)} "
            f"(machine: {_pair(d.machine_status, d.machine_value)}) by {d.reviewer} "
            f"at {d.reviewed_at}"
        )
        return 0
    if args.action == "list":
        rows = review.list_reviews(store, args.doc, args.run)
        if args.format == "json":
            for r in rows:
                sys.stdout.write(json.dumps(review.row_dict(r), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(table(rows) + "\n")
        return 0
    if args.action == "export":
        if args.out is None:
            review.write_export(store, sys.stdout, args.run, reviewed_only=args.reviewed_only)
            return 0
        out = Path(args.out)
        with out.open("w", encoding="utf-8", newline="\n") as fh:
            n = review.write_export(store, fh, args.run, reviewed_only=args.reviewed_only)
        print(f"{out}: {n} contract(s)", file=sys.stderr)
        return 0
    raise AssertionError(args.action)  # pragma: no cover
