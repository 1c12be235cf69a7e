"""OCR of image-only PDF pages with the ``tesseract`` binary (no Python binding needed).

A page is rendered with pypdfium2 at 300 dpi, written to a private temporary PNG, and read by
``tesseract <png> stdout -l eng+chi_sim`` (only the installed languages of those two). Nothing
touches the network. Spaces tesseract puts between Chinese characters are removed.
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from analyzer.errors import OcrUnavailableError
from analyzer.lang import CJK_TEXT_RANGES
from analyzer.readers.limits import DEFAULT_LIMITS, ReadLimits
from analyzer.readers.safety import E_OCR_FAILED, E_OCR_UNAVAILABLE

log = logging.getLogger(__name__)

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-chi-sim"
WANTED_LANGUAGES = ("eng", "chi_sim")
DPI = 300
# Automatic page layout first; if it finds no text (tables, forms, calendars are sometimes taken
# for pictures), read the page as one uniform block of text.
PAGE_SEGMENTATION_MODES = ("3", "6")
_CJK_GAP = re.compile(f"(?<=[{CJK_TEXT_RANGES}]) +(?=[{CJK_TEXT_RANGES}])")


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


@functools.lru_cache(maxsize=4)
def _languages(binary: str) -> tuple[str, ...]:
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    listed = set((out.stdout + out.stderr).split())
    return tuple(lang for lang in WANTED_LANGUAGES if lang in listed)


def available_languages() -> tuple[str, ...]:
    """The wanted OCR languages that are installed (empty if tesseract is missing)."""
    binary = tesseract_path()
    return _languages(binary) if binary else ()


def ocr_image_file(image: Path, limits: ReadLimits | None = None) -> str:
    """Text of one image file, read by tesseract."""
    limits = limits or DEFAULT_LIMITS
    binary = tesseract_path()
    if binary is None:
        raise OcrUnavailableError(
            f"OCR was requested but tesseract is not installed; run `{INSTALL_HINT}`",
            code=E_OCR_UNAVAILABLE,
        )
    langs = _languages(binary) or ("eng",)
    text = ""
    for psm in PAGE_SEGMENTATION_MODES:
        text = _run(binary, image, langs, psm, limits)
        if text.strip():
            break
    return _CJK_GAP.sub("", text)


def _run(binary: str, image: Path, langs: tuple[str, ...], psm: str, limits: ReadLimits) -> str:
    try:
        done = subprocess.run(
            [binary, str(image), "stdout", "-l", "+".join(langs), "--psm", psm],
            capture_output=True,
            timeout=limits.ocr_timeout_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OcrUnavailableError(
            f"tesseract timed out after {limits.ocr_timeout_seconds:.0f} s on a page",
            code=E_OCR_FAILED,
        ) from None
    except OSError as exc:
        raise OcrUnavailableError(f"tesseract could not run: {exc}", code=E_OCR_FAILED) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise OcrUnavailableError(f"tesseract failed: {detail[0]}", code=E_OCR_FAILED)
    return done.stdout.decode("utf-8", "replace")


def ocr_page(page: pdfium.PdfPage, limits: ReadLimits | None = None) -> str:
    """Render one PDF page and OCR it."""
    if tesseract_path() is None:
        raise OcrUnavailableError(
            f"OCR was requested but tesseract is not installed; run `{INSTALL_HINT}`",
            code=E_OCR_UNAVAILABLE,
        )
    bitmap = page.render(scale=DPI / 72, grayscale=True)
    try:
        image = bitmap.to_pil()
        with tempfile.TemporaryDirectory(prefix="analyzer-ocr-") as tmp:
            png = Path(tmp) / "page.png"
            image.save(png)
            return ocr_image_file(png, limits)
    finally:
        bitmap.close()
