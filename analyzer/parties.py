"""Parties and their roles (provider = 接包方, client = 发包方).

PLACEHOLDER: the parties engineer replaces this. Stable API:
``find_parties(document, clauses, language) -> tuple[Party, ...]``.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.model import Clause, Document, Party


def find_parties(document: Document, clauses: Sequence[Clause], language: str) -> tuple[Party, ...]:
    return ()
