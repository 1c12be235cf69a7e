"""``read_contract(path) -> Document``, dispatching on the file's REAL type (magic bytes).

- ``%PDF`` → :mod:`analyzer.readers.pdf` (pypdfium2; OCR of image-only pages with ``ocr=True``)
- a ZIP with ``word/document.xml`` → :func:`analyzer.readers.docx.read_docx`
- anything else recognised as binary (legacy .doc, other ZIP/OLE2, images, archives) →
  :class:`~analyzer.errors.UnsupportedFormatError` saying what the file is and what to do
- otherwise text (:mod:`analyzer.readers.text`; ``.md`` files get Markdown headings)

The extension is never trusted: a PDF named ``.docx`` is read as a PDF. Sizes are checked before
anything is read or inflated (:class:`~analyzer.readers.limits.ReadLimits`). Error and warning
codes are tabled in :mod:`analyzer.readers.safety`.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from analyzer.errors import ReadError, UnsupportedFormatError
from analyzer.model import Document
from analyzer.readers.limits import DEFAULT_LIMITS, ReadLimits
from analyzer.readers.safety import (
    E_CORRUPT_DOCX,
    E_ENCRYPTED_OFFICE,
    E_UNSUPPORTED,
    read_bytes_checked,
)
from analyzer.readers.sniff import sniff

__all__ = ["ReadLimits", "read_contract", "read_contract_bytes"]

log = logging.getLogger(__name__)


def read_contract(
    path: str | Path, *, ocr: bool = False, limits: ReadLimits | None = None
) -> Document:
    """Read one contract file into a :class:`~analyzer.model.Document`.

    Raises a :class:`~analyzer.errors.ReadError` subclass (with a stable ``code``) naming the
    file and what to do; never lets a parser's own exception through.
    """
    limits = limits or DEFAULT_LIMITS
    data = read_bytes_checked(path, limits)
    return read_contract_bytes(str(path), data, ocr=ocr, limits=limits)


def read_contract_bytes(
    name: str, data: bytes, *, ocr: bool = False, limits: ReadLimits | None = None
) -> Document:
    """:func:`read_contract` of bytes already read (and size-checked) from the file ``name``:
    what a portfolio worker uses, so that what it analyses is exactly what it hashed."""
    limits = limits or DEFAULT_LIMITS
    kind = sniff(data)
    log.debug("%s: sniffed as %s", name, kind.kind)
    if kind.kind == "pdf":
        from analyzer.readers.pdf import read_pdf

        return read_pdf(name, data, limits, ocr=ocr)
    if kind.kind == "docx":
        return _read_docx(name, data, limits)
    if kind.kind == "corrupt_docx":
        raise ReadError(
            "corrupt or truncated DOCX (the ZIP container cannot be read); "
            "open it in Word and save it again",
            path=name,
            code=E_CORRUPT_DOCX,
        )
    if kind.kind == "encrypted_office":
        raise ReadError(
            "is a password-protected Office document; remove the password in Word and retry",
            path=name,
            code=E_ENCRYPTED_OFFICE,
        )
    if kind.kind == "unsupported":
        raise UnsupportedFormatError(
            f"is {kind.what}, not a contract format the analyzer reads (DOCX, PDF, text); "
            f"{kind.advice}",
            path=name,
            code=E_UNSUPPORTED,
        )
    from analyzer.readers.text import read_text

    return read_text(name, data, limits)


def _read_docx(name: str, data: bytes, limits: ReadLimits) -> Document:
    try:
        module = importlib.import_module("analyzer.readers.docx")
    except ImportError:
        raise UnsupportedFormatError(
            "is a DOCX, but this installation has no DOCX reader", path=name, code=E_UNSUPPORTED
        ) from None
    reader = getattr(module, "read_docx", None)
    if reader is None:
        raise UnsupportedFormatError(
            "is a DOCX, but this installation has no DOCX reader", path=name, code=E_UNSUPPORTED
        )
    doc = reader(name, data, limits)
    assert isinstance(doc, Document)
    return doc
