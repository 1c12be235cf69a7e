"""Shared fixtures. Real-corpus tests read ../shared/corpus (beside the project root)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from builders import text_document

from analyzer.model import Document

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SAMPLES = ROOT / "sample_contracts"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"real corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def make_text_document() -> Callable[..., Document]:
    """:func:`text_document` as a fixture."""
    return text_document
