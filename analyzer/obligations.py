"""Deontic statements -> Obligation register.

PLACEHOLDER: the obligations engineer replaces this. Stable API:
``find_obligations(document, clauses, parties, language) -> tuple[Obligation, ...]``.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.model import Clause, Document, Obligation, Party


def find_obligations(
    document: Document, clauses: Sequence[Clause], parties: Sequence[Party], language: str
) -> tuple[Obligation, ...]:
    return ()
