"""OCR of image-only PDF pages (tesseract). Tests needing the binary skip without it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from readers_factories import assert_offsets, image_pdf_bytes, pdf_bytes

from analyzer.errors import OcrUnavailableError
from analyzer.readers import read_contract
from analyzer.readers.limits import ReadLimits

Write = Callable[[str, bytes], Path]

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)",
)

LINES = ["5. CONFIDENTIALITY", "The Supplier shall keep", "all Client Data secret."]


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_readers_ocr_image_only_pdf_is_read_with_page_numbers(write: Write) -> None:
    doc = read_contract(write("scan.pdf", image_pdf_bytes(LINES, pages=2)), ocr=True)
    assert doc.blocks, "OCR produced no text"
    assert all(b.ocr for b in doc.blocks)
    assert {b.page for b in doc.blocks} == {1, 2}
    words = doc.text.lower()
    for word in ("confidentiality", "supplier", "client", "secret"):
        assert word in words
    assert [(n.code, n.page) for n in doc.warnings] == [("ocr_used", 1), ("ocr_used", 2)]
    assert_offsets(doc)


@pytest.mark.ocr
@needs_tesseract
def test_readers_ocr_text_pages_are_not_ocred(write: Write) -> None:
    doc = read_contract(write("text.pdf", pdf_bytes([["The Supplier shall keep data."]])), ocr=True)
    assert doc.blocks and not any(b.ocr for b in doc.blocks)
    assert doc.warnings == ()


@pytest.mark.ocr
@needs_tesseract
def test_readers_ocr_timeout_is_a_clear_error(write: Write) -> None:
    tiny = ReadLimits(ocr_timeout_seconds=0.001)
    with pytest.raises(OcrUnavailableError) as exc:
        read_contract(write("scan.pdf", image_pdf_bytes(LINES)), ocr=True, limits=tiny)
    assert exc.value.code == "E301" and "timed out" in str(exc.value)


def test_readers_ocr_without_tesseract_says_how_to_install(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("analyzer.readers.ocr.shutil.which", lambda _name: None)
    path = write("scan.pdf", image_pdf_bytes(LINES))
    with pytest.raises(OcrUnavailableError) as exc:
        read_contract(path, ocr=True)
    assert exc.value.code == "E300"
    assert "apt-get install tesseract-ocr tesseract-ocr-chi-sim" in str(exc.value)
    # Without --ocr the same file is a warning, not an error.
    assert [n.code for n in read_contract(path).warnings] == ["needs_ocr", "no_text_layer"]


@pytest.mark.ocr
@needs_tesseract
def test_readers_ocr_blank_scan_says_no_text_found(write: Write) -> None:
    doc = read_contract(write("blank.pdf", image_pdf_bytes([])), ocr=True)
    assert doc.blocks == ()
    assert [(n.code, n.page) for n in doc.warnings][:1] == [("ocr_no_text", 1)]
