"""Resource bounds for reading one file, shared by every reader (PDF, DOCX, text).

``ReadLimits`` is a frozen value object that validates itself when built. Readers check the
cheap bounds (file size, declared ZIP sizes, page count) BEFORE reading or inflating anything,
and the remaining ones (actual inflated bytes, text length) while streaming, so a hostile file
costs at most the bound, never the size it claims to expand to.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """Bounds applied while reading one contract.

    - ``max_file_bytes``: size of the file on disk (checked with ``stat`` before reading).
    - ``max_inflated_bytes``: total uncompressed size of all entries of a ZIP container (DOCX).
    - ``max_entry_bytes``: uncompressed size of any single ZIP entry.
    - ``max_compression_ratio``: uncompressed / compressed size of any ZIP entry larger than
      ``ratio_min_bytes`` (real DOCX XML compresses 5-20x; zip bombs do 1000x and more).
    - ``max_zip_entries``: number of entries in a ZIP container.
    - ``max_pages``: pages of a PDF.
    - ``max_text_chars``: characters of extracted text for the whole document.
    - ``ocr_timeout_seconds``: wall-clock bound for OCR of one page.
    """

    max_file_bytes: int = 100 * MB
    max_inflated_bytes: int = 400 * MB
    max_entry_bytes: int = 200 * MB
    max_compression_ratio: float = 200.0
    ratio_min_bytes: int = 1 * MB
    max_zip_entries: int = 10_000
    max_pages: int = 5_000
    max_text_chars: int = 50_000_000
    ocr_timeout_seconds: float = 120.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"ReadLimits.{f.name} must be a number, got {value!r}")
            if value <= 0:
                raise ValueError(f"ReadLimits.{f.name} must be positive, got {value!r}")
        if self.max_entry_bytes > self.max_inflated_bytes:
            raise ValueError("ReadLimits.max_entry_bytes cannot exceed max_inflated_bytes")
        if self.max_compression_ratio < 1:
            raise ValueError("ReadLimits.max_compression_ratio must be at least 1")


DEFAULT_LIMITS = ReadLimits()
