"""`analyzer annotate FILE.docx --out OUT.docx`: a copy of the contract with Word comments."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(
        name,
        help=help_text,
        description=(
            "Write a copy of a DOCX contract with a Word comment at each finding's evidence and, "
            "at the title, one for each missing requirement. The original is never modified."
        ),
    )
    p.add_argument("path", metavar="FILE.docx")
    p.add_argument(
        "--out",
        default=None,
        metavar="OUT.docx",
        help="default: FILE.annotated.docx beside it (a long name is cut, with a short hash)",
    )
    p.add_argument(
        "--lang-out",
        choices=("en", "zh"),
        default=None,
        help="language of the comments (default: the contract's; a Chinese contract gets "
        "Chinese comments)",
    )


def run(args: argparse.Namespace) -> int:
    # python-docx: only when run
    from analyzer.annotate import annotate_docx, default_output, read_comments

    src = Path(args.path)
    out = Path(args.out) if args.out else default_output(src)
    written = annotate_docx(src, out, lang=args.lang_out)
    print(f"{written}: {len(read_comments(written))} comments")
    return 0
