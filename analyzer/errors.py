"""One base error, a few subclasses; every message names the file and what to do.

Codes are stable and documented in README.md ("What the analyzer does with bad files").
"""

from __future__ import annotations


class AnalyzerError(Exception):
    """Base class for every error the analyzer raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, path: str | None = None, code: str | None = None) -> None:
        self.path = path
        if code is not None:
            self.code = code
        self.message = f"{path}: {message}" if path else message
        super().__init__(self.message)


class ReadError(AnalyzerError):
    """The file could not be read as a contract (empty, corrupt, encrypted, wrong type)."""

    code = "E100"


class UnsupportedFormatError(ReadError):
    code = "E101"


class LimitExceededError(ReadError):
    """A resource bound was hit (size, decompression ratio, time)."""

    code = "E102"


class PortfolioError(AnalyzerError):
    """A usage problem with a whole portfolio run (no inputs, bad path, bad option)."""

    code = "E010"


class OutputError(AnalyzerError):
    """The outputs of a portfolio run cannot be written (read-only folder, disk full, another
    run holds the folder); the previous outputs are left as they were."""

    code = "E620"


class PatternError(AnalyzerError):
    """A pattern or article-rule file in clause_patterns/ is invalid."""

    code = "E200"


class OcrUnavailableError(AnalyzerError):
    code = "E300"


class EvaluationError(AnalyzerError):
    code = "E400"
