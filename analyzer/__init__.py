"""Screen outsourcing contracts against the MOFCOM/MIIT 2009 information-protection provisions.

Public API (imports are lazy so that ``import analyzer`` does no work):

- :func:`analyze` — one contract (path or :class:`~analyzer.model.Document`) → ContractReport
- :func:`analyze_portfolio` — many contracts → results store + outputs
- :func:`load_patterns` — the validated pattern set from ``clause_patterns/``
- :func:`read_contract` — one file → Document
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "analyze", "analyze_portfolio", "load_patterns", "read_contract"]

if TYPE_CHECKING:  # pragma: no cover
    from analyzer.model import ContractReport, Document


def analyze(source: Any, **options: Any) -> ContractReport:
    """Analyse one contract: a path (DOCX, PDF, text) or an already-read Document."""
    from analyzer.engine import analyze as _analyze

    return _analyze(source, **options)


def analyze_portfolio(paths: Any, **options: Any) -> Any:
    """Analyse many contracts into a results store; see :mod:`analyzer.portfolio`."""
    from analyzer.portfolio import analyze_portfolio as _run

    return _run(paths, **options)


def load_patterns(directory: Any = None) -> Any:
    """Load and validate the pattern set (default: the packaged ``clause_patterns/``)."""
    from analyzer.patterns import load_patterns as _load

    return _load(directory)


def read_contract(path: Any, **options: Any) -> Document:
    """Read one contract file into a Document (dispatching on the real file type)."""
    from analyzer.readers import read_contract as _read

    return _read(path, **options)
