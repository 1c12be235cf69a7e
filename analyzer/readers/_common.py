"""Helpers shared by the format readers: hashing, language detection, assembling a Document."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.lang import CJK as _CJK
from analyzer.model import Block, BlockKind, Document, Notice

_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

BLOCK_SEPARATOR = "\n"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_languages(text: str) -> tuple[str, ...]:
    """("en",), ("zh",) or ("en", "zh") from the share of CJK characters vs Latin words."""
    cjk = 0 if text.isascii() else len(_CJK.findall(text))  # (isascii: O(1), no scan)
    if cjk < 20:  # decided without scanning for Latin words (fast path for English text)
        return ("en",)
    latin = sum(map(len, _LATIN_WORD.findall(text)))
    total = cjk + latin
    if total == 0:
        return ("en",)
    share = cjk / total
    if share >= 0.85:
        return ("zh",)
    if share <= 0.05 or cjk < 20:
        return ("en",)
    return ("en", "zh")


@dataclass(frozen=True)
class BlockDraft:
    """A block before offsets are known: the text as a reader of the original sees it."""

    text: str
    kind: BlockKind = "paragraph"
    label: str | None = None
    level: int | None = None
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    ocr: bool = False


def assemble(
    *,
    path: str,
    data: bytes,
    fmt: str,
    drafts: Sequence[BlockDraft],
    pages: int | None = None,
    warnings: Sequence[Notice] = (),
) -> Document:
    """Join block drafts into one text (separated by newlines) with exact offsets."""
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for d in drafts:
        if not d.text:
            continue
        if parts:
            parts.append(BLOCK_SEPARATOR)
            pos += len(BLOCK_SEPARATOR)
        start = pos
        parts.append(d.text)
        pos += len(d.text)
        blocks.append(
            Block(
                text=d.text,
                kind=d.kind,
                start=start,
                end=pos,
                label=d.label,
                level=d.level,
                page=d.page,
                paragraph=d.paragraph,
                table=d.table,
                ocr=d.ocr,
            )
        )
    text = "".join(parts)
    return Document(
        path=path,
        sha256=sha256_bytes(data),
        format=fmt,  # type: ignore[arg-type]
        text=text,
        blocks=tuple(blocks),
        languages=detect_languages(text),
        pages=pages,
        warnings=tuple(warnings),
    )
