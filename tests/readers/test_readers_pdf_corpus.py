"""PDF fidelity on the 64 real CUAD PDFs vs the dataset's text rendering (benchmarks/pdf_fidelity.py).

Measured 2026-11: mean similarity 0.990 (median 0.997, min 0.899), mean precision 0.999, no page
lost. Files below ~0.97 are those whose .txt keeps running headers/footers we remove on purpose.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
from pathlib import Path
from types import ModuleType

import pytest

from analyzer.readers import read_contract

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "pdf_fidelity.py"
MEAN_SIMILARITY_FLOOR = 0.985
MEAN_PRECISION_FLOOR = 0.995
FILE_SIMILARITY_FLOOR = 0.88


def _fidelity_module() -> ModuleType:
    sys.path.insert(0, str(BENCH.parent))
    try:
        spec = importlib.util.spec_from_file_location("pdf_fidelity", BENCH)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH.parent))


@pytest.mark.slow
def test_readers_pdf_corpus_fidelity_floor_no_page_lost_exact_slices(corpus_dir: Path) -> None:
    fidelity = _fidelity_module()
    pdfs = sorted((corpus_dir / "cuad" / "pdf").glob("*.pdf"))
    assert len(pdfs) == 64
    results = []
    for pdf in pdfs:
        doc = read_contract(pdf)
        assert doc.pages and doc.blocks
        for block in doc.blocks:
            assert doc.text[block.start : block.end] == block.text
            assert block.page is not None and 1 <= block.page <= doc.pages
        assert [b.page for b in doc.blocks] == sorted(b.page or 0 for b in doc.blocks)
        results.append(fidelity.measure(pdf, corpus_dir / "cuad" / "txt" / f"{pdf.stem}.txt", doc))
    assert statistics.mean(r.similarity for r in results) >= MEAN_SIMILARITY_FLOOR
    assert statistics.mean(r.precision for r in results) >= MEAN_PRECISION_FLOOR
    assert [r.name for r in results if r.similarity < FILE_SIMILARITY_FLOOR] == []
    assert [(r.name, r.pages_lost) for r in results if r.pages_lost] == []
