"""One base error, a few subclasses; every message names the file and what to do.

Codes are stable. :data:`CATALOGUE` is the one list of them (code → short meaning);
``docs/bad_files.md`` documents each one for users, and a test checks that the two hold the same
codes (``tests/test_errors_catalogue.py``), and that every code the package uses is in it.
"""

from __future__ import annotations

#: every stable error (E…) and warning (W…) code → what it means, in a few words
CATALOGUE: dict[str, str] = {
    "E000": "unclassified analyzer error",
    "E010": "portfolio usage: no such input, bad option, no contracts found",
    "E011": "portfolio: --out is an input folder, or an input lies among the outputs",
    "E100": "the file could not be read as a contract",
    "E101": "not a DOCX, PDF or text file, whatever the extension",
    "E102": "a reading limit was exceeded",
    "E103": "portfolio: file could not be hashed (earlier versions' code)",
    "E104": "not a regular file (folder, pipe, device, dangling link)",
    "E106": "portfolio: the file changed while the run read it",
    "E107": "portfolio: reading the file took longer than the time limit",
    "E110": "empty file",
    "E111": "file not found",
    "E113": "permission denied or locked",
    "E114": "input/output error",
    "E115": "portfolio: file name not valid UTF-8",
    "E120": "corrupt or truncated DOCX",
    "E121": "corrupt or truncated PDF",
    "E122": "encrypted PDF",
    "E123": "password-protected Office document",
    "E124": "text encoding cannot be determined",
    "E125": "image-only PDF: needs OCR",
    "E130": "file over the size limit",
    "E131": "possible ZIP bomb",
    "E132": "PDF over the page limit",
    "E133": "more text than the limit",
    "E134": "XML entity bomb or DOCTYPE in a DOCX part",
    "E135": "possible PDF bomb",
    "E136": "DOCX content nested too deeply",
    "E200": "invalid pattern or article-rule file",
    "E300": "OCR requested but tesseract is not installed",
    "E301": "tesseract failed on a page",
    "E400": "evaluation: gold file or corpus does not match",
    "E500": "portfolio: the file ran longer than --timeout",
    "E501": "portfolio: the worker process died on the file",
    "E502": "portfolio: worker processes cannot start",
    "E610": "the results store cannot be used",
    "E611": "the results store is damaged",
    "E612": "the results store was made by another version",
    "E620": "the output folder cannot be written",
    "E621": "no space left for the outputs",
    "E622": "another run is using the output folder",
    "E623": "the outputs could not be written for another reason",
    "E700": "the annotated DOCX cannot be written",
    "E720": "a playbook or article rule no check can evaluate",
    "E730": "the redlined DOCX cannot be written",
    "E740": "review set: reviewer's name missing, or contradictory options",
    "E741": "review set: unknown contract",
    "E742": "review set: unknown requirement",
    "E743": "review set: invalid status",
    "E744": "review set: invalid or contradictory value",
    "E750": "memo: bad arguments or the memo cannot be written",
    "E900": "unexpected failure inside the analyzer",
    "W001": "portfolio: same content as another file (analysed once)",
    "W002": "skipped: symbolic link leading outside the given folders",
    "W003": "skipped: a folder of analyzer outputs",
    "W004": "skipped: hidden file or folder, or Word lock file",
    "W005": "skipped: README or CHANGELOG file",
}


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
