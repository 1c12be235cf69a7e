"""Blocks -> clause tree.

PLACEHOLDER: every block is a top-level clause; the segmentation engineer replaces this.
Stable API: ``segment(document) -> tuple[Clause, ...]`` and ``ClauseIndex``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from analyzer.model import Clause, Document


def segment(document: Document) -> tuple[Clause, ...]:
    return tuple(
        Clause(number=b.label, heading=None, start=b.start, end=b.end) for b in document.blocks
    )


class ClauseIndex:
    """Find the deepest clause that contains an offset (for evidence clause numbers)."""

    def __init__(self, clauses: Sequence[Clause]) -> None:
        flat = [c for top in clauses for c in top.walk()]
        flat.sort(key=lambda c: (c.start, -c.end))
        self._flat = flat
        self._starts = [c.start for c in flat]

    def at(self, offset: int) -> Clause | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        best: Clause | None = None
        while i >= 0:
            c = self._flat[i]
            if c.start <= offset < c.end and (best is None or c.level >= best.level):
                best = c
                if not c.children:
                    return c
            if best is not None and c.end <= offset and c.level == 0:
                break
            i -= 1
        return best

    def number_at(self, offset: int) -> str | None:
        """The nearest enclosing clause number (walking outwards past unnumbered clauses)."""
        c = self.at(offset)
        return c.number if c is not None else None
