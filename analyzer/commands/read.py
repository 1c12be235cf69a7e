"""`analyzer read FILE [--format json|outline] [--ocr]`: the document as the analyzer sees it.

``json`` prints one object: path, sha256, format, languages, pages, ``text`` (the whole document
text; every ``start``/``end`` is an offset into it), ``blocks`` (kind, numbering label, heading
level, page/paragraph/table location, offsets) and ``warnings``.

``outline`` prints the clause tree, one line per clause, indented two spaces per depth: the
clause's numbering label as a reader of the original sees it ("7.2", "(b)", "第五条"), then its
heading or its first words.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator
from typing import Any

from analyzer.lang import CJK as _CJK
from analyzer.model import Clause, Document

FIRST_WORDS = 8
_CJK_FIRST_CHARS = 20
_MARKUP = re.compile(r"\*\*|__|^#{1,6}\s+")


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(name, help=help_text, description=__doc__.splitlines()[0])
    p.add_argument("path", metavar="FILE", help="a contract: DOCX, PDF, text or Markdown")
    p.add_argument(
        "--format",
        choices=("json", "outline"),
        default="json",
        help="json: text, blocks and warnings; outline: the clause tree (default: json)",
    )
    p.add_argument("--ocr", action="store_true", help="OCR pages without a text layer")


def run(args: argparse.Namespace) -> int:
    from analyzer.readers import read_contract

    options: dict[str, Any] = {"ocr": True} if args.ocr else {}
    document = read_contract(args.path, **options)
    try:
        if args.format == "json":
            json.dump(document_json(document), sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            from analyzer.segment import segment

            for line in outline_lines(document, segment(document)):
                print(line)
        sys.stdout.flush()
    except BrokenPipeError:  # `analyzer read ... | head`: the reader has seen enough
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def document_json(document: Document) -> dict[str, Any]:
    """The JSON object of ``analyzer read --format json``."""
    blocks = []
    for b in document.blocks:
        block = b.to_dict()
        del block["text"]  # text[start:end]; not repeated
        blocks.append(block)
    return {
        "path": document.path,
        "sha256": document.sha256,
        "format": document.format,
        "languages": list(document.languages),
        "pages": document.pages,
        "characters": len(document.text),
        "text": document.text,
        "blocks": blocks,
        "warnings": [w.to_dict() for w in document.warnings],
    }


def outline_lines(document: Document, clauses: tuple[Clause, ...]) -> Iterator[str]:
    """One line per clause, two spaces per depth: label, then heading or first words."""

    def walk(items: tuple[Clause, ...], depth: int) -> Iterator[str]:
        for c in items:
            yield "  " * depth + describe(document, c)
            yield from walk(c.children, depth + 1)

    yield from walk(clauses, 0)


def describe(document: Document, clause: Clause) -> str:
    """ "7.2 Confidentiality", "(b) the Supplier shall not ...", "[preamble] This Agreement ..."."""
    parts: list[str] = []
    if clause.number:
        parts.append(clause.number)
    elif clause.kind != "clause":
        parts.append(f"[{clause.kind}]")
    if clause.heading:
        parts.append(clause.heading)
    else:
        parts.append(first_words(document, clause))
    if clause.number and clause.kind != "clause":
        parts.append(f"[{clause.kind}]")
    return " ".join(p for p in parts if p)


def first_words(document: Document, clause: Clause) -> str:
    """The first words of the clause's own text (after its label), on one line."""
    end = clause.children[0].start if clause.children else clause.end
    text = document.text[clause.start : min(end, clause.start + 400)]
    text = _MARKUP.sub("", text.strip())
    if clause.number:
        at = text.find(clause.number)
        if 0 <= at <= 12:
            text = text[at + len(clause.number) :]
        text = text.lstrip(" \t.．:：、-–—)）*_")
    text = " ".join(text.split())
    if _CJK.search(text[:4]):
        short = text[:_CJK_FIRST_CHARS]
        return short + ("…" if len(text) > _CJK_FIRST_CHARS else "")
    words = text.split(" ")
    short = " ".join(words[:FIRST_WORDS])
    return short + (" …" if len(words) > FIRST_WORDS else "")
