"""Screen outsourcing contracts against the MOFCOM/MIIT 2009 information-protection provisions.

Public API (imports are lazy so that ``import analyzer`` does no work):

- :func:`analyze` — one contract (path or :class:`Document`) → :class:`ContractReport`
- :func:`analyze_portfolio` — many contracts → results store + outputs
- :func:`load_patterns` — the validated :class:`PatternSet` from ``clause_patterns/``
- :func:`read_contract` — one file → :class:`Document`
- the core types :class:`ContractReport`, :class:`Finding`, :class:`Document`,
  :class:`PatternSet` and the error base class :class:`AnalyzerError` (loaded on first use)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "AnalyzerError",
    "ContractReport",
    "Document",
    "Finding",
    "PatternSet",
    "__version__",
    "analyze",
    "analyze_portfolio",
    "load_patterns",
    "read_contract",
]

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable
    from pathlib import Path

    from analyzer.errors import AnalyzerError
    from analyzer.model import ContractReport, Document, Finding
    from analyzer.patterns import PatternSet
    from analyzer.readers.limits import ReadLimits

# name -> module, imported on first attribute access (PEP 562)
_LAZY = {
    "AnalyzerError": "analyzer.errors",
    "ContractReport": "analyzer.model",
    "Document": "analyzer.model",
    "Finding": "analyzer.model",
    "PatternSet": "analyzer.patterns",
}


def __getattr__(name: str) -> Any:
    from analyzer.lazy import lazy_attribute  # here: `import analyzer` loads no submodule

    return lazy_attribute(__name__, _LAZY, name, globals())


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def analyze(
    source: str | Path | Document,
    *,
    patterns: PatternSet | None = None,
    ocr: bool = False,
    lang_out: str = "en",
    second_reader: bool | Callable[..., tuple[Finding, ...]] = True,
) -> ContractReport:
    """Analyse one contract: a path (DOCX, PDF, text) or an already-read Document.

    ``patterns``: a :class:`PatternSet` from :func:`load_patterns` (default: the packaged one);
    every stage (tagger, parties, obligations, checks) reads it. ``ocr``: read image-only PDF
    pages with tesseract. ``lang_out``: ``"en"`` or ``"zh"`` recommendations first.
    ``second_reader``: see :func:`analyzer.engine.analyze`."""
    from analyzer.engine import analyze as _analyze

    return _analyze(
        source, patterns=patterns, ocr=ocr, lang_out=lang_out, second_reader=second_reader
    )


def analyze_portfolio(paths: Any, **options: Any) -> Any:
    """Analyse many contracts into a results store; see :mod:`analyzer.portfolio`."""
    from analyzer.portfolio import analyze_portfolio as _run

    return _run(paths, **options)


def load_patterns(directory: str | Path | None = None) -> PatternSet:
    """Load and validate the pattern set (default: the packaged ``clause_patterns/``)."""
    from analyzer.patterns import load_patterns as _load

    return _load(directory)


def read_contract(
    path: str | Path, *, ocr: bool = False, limits: ReadLimits | None = None
) -> Document:
    """Read one contract file into a Document (dispatching on the real file type)."""
    from analyzer.readers import read_contract as _read

    return _read(path, ocr=ocr, limits=limits)
