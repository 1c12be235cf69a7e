"""`analyzer redline CONTRACT --out OUT.docx`: recommended wording as Word tracked changes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(
        name,
        help=help_text,
        description=(
            "Write a copy of a DOCX contract in which the recommended clause of every missing or "
            "deviating requirement (Articles 3-12 and any --playbook) is inserted as a Word "
            "tracked change with a comment saying why. For a PDF or text contract, write a DOCX "
            "schedule of proposed amendments. The original is never modified."
        ),
    )
    p.add_argument("path", metavar="CONTRACT")
    p.add_argument(
        "--out",
        default=None,
        metavar="OUT.docx",
        help="default: CONTRACT.redline.docx (DOCX) or CONTRACT.amendments.docx beside it",
    )
    p.add_argument(
        "--playbook",
        action="append",
        default=[],
        metavar="P.yaml",
        help="a team playbook (repeatable; docs/playbooks.md)",
    )
    p.add_argument("--author", default="analyzer", help="author of the tracked changes")
    p.add_argument(
        "--no-regulation",
        action="store_true",
        help="propose wording for the --playbook requirements only (not Articles 3-12)",
    )
    p.add_argument("--ocr", action="store_true", help="OCR pages without a text layer")


def run(args: argparse.Namespace) -> int:
    from analyzer.redline import redline

    src = Path(args.path)
    if args.out:
        out = Path(args.out)
    else:
        suffix = "redline" if src.suffix.lower() == ".docx" else "amendments"
        out = src.with_name(f"{src.stem}.{suffix}.docx")
    result = redline(
        src,
        out,
        playbooks=args.playbook,
        author=args.author,
        builtin=not args.no_regulation,
        ocr=args.ocr,
    )
    what = "tracked changes" if result.kind == "tracked_changes" else "proposed amendments"
    print(f"{result.out}: {len(result.proposals)} {what}")
    for prop in result.proposals:
        where = "; ".join(prop.placed) or "schedule"
        print(f"  {', '.join(prop.requirements)} -> {where}")
    return 0
