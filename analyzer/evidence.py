"""Evidence for a span of the document: the exact quote and where a reader finds it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analyzer.model import Document, Evidence

if TYPE_CHECKING:  # pragma: no cover
    from analyzer.segment import ClauseIndex


def evidence_at(
    document: Document,
    start: int,
    end: int,
    *,
    clause_index: ClauseIndex | None = None,
    language: str | None = None,
) -> Evidence:
    """``Document.text[start:end]`` with its clause citation, page, paragraph and table."""
    block = document.block_at(start)
    return Evidence(
        quote=document.text[start:end],
        start=start,
        end=end,
        clause=clause_index.number_at(start) if clause_index is not None else None,
        page=block.page if block is not None else None,
        paragraph=block.paragraph if block is not None else None,
        language=language,
        table=block.table if block is not None else None,
    )
