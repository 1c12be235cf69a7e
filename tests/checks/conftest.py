"""Fixtures for the check tests: short contracts written for these tests (never corpus text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from builders import text_document

from analyzer.model import ContractReport, Document

PREAMBLE = (
    'This Services Agreement is made between Acme Holdings Ltd ("Customer") and '
    'Beta Outsourcing Inc. ("Supplier").',
    "Supplier shall provide the Services to Customer and Customer shall pay Supplier the Fees.",
)


def make_document(*paragraphs: str, preamble: bool = True, name: str = "t.txt") -> Document:
    return text_document(*(PREAMBLE if preamble else ()), *paragraphs, path=name)


@pytest.fixture(scope="session")
def screen() -> Callable[..., ContractReport]:
    from analyzer.engine import analyze

    def run(*paragraphs: str, preamble: bool = True, patterns: Any = None) -> ContractReport:
        # the rules alone: these tests pin what each check decides (the second reader is
        # measured on real contracts, tests/test_learned.py)
        return analyze(
            make_document(*paragraphs, preamble=preamble), patterns=patterns, second_reader=False
        )

    return run
