"""What a file really is, from its first bytes (magic numbers), never from its extension."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Literal

Kind = Literal["pdf", "docx", "text", "unsupported", "corrupt_docx", "encrypted_office"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# (magic prefix, what it is, what to do)
_BINARY_MAGICS: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "convert it to PDF and read it with --ocr"),
    (b"\xff\xd8\xff", "a JPEG image", "convert it to PDF and read it with --ocr"),
    (b"GIF87a", "a GIF image", "convert it to PDF and read it with --ocr"),
    (b"GIF89a", "a GIF image", "convert it to PDF and read it with --ocr"),
    (b"II*\x00", "a TIFF image", "convert it to PDF and read it with --ocr"),
    (b"MM\x00*", "a TIFF image", "convert it to PDF and read it with --ocr"),
    (b"{\\rtf", "an RTF document", "open it in Word and save it as .docx"),
    (b"\x1f\x8b", "a gzip archive", "extract it and read the files inside"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract it and read the files inside"),
    (b"Rar!\x1a\x07", "a RAR archive", "extract it and read the files inside"),
    (b"\x7fELF", "an executable", "this is not a contract"),
)


@dataclass(frozen=True)
class Sniffed:
    kind: Kind
    what: str = ""  # human description for unsupported types
    advice: str = ""  # what the user should do


# what opening a damaged ZIP container raises (NotImplementedError: a header declaring a ZIP
# version or compression method zipfile cannot read)
ZIP_OPEN_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
)


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())  # central directory only: nothing is inflated
    except ZIP_OPEN_ERRORS:
        # A truncated DOCX keeps its first local headers; call it what it is.
        head = data[:65536]
        if b"word/" in head or b"[Content_Types].xml" in head:
            return Sniffed("corrupt_docx")
        return Sniffed(
            "unsupported", "a damaged ZIP archive", "re-download it or extract what you can"
        )
    if "word/document.xml" in names:
        return Sniffed("docx")
    if any(n.startswith("xl/") for n in names):
        return Sniffed("unsupported", "an Excel workbook (.xlsx)", "save the contract as .docx")
    if any(n.startswith("ppt/") for n in names):
        return Sniffed("unsupported", "a PowerPoint file (.pptx)", "save the contract as .docx")
    if "mimetype" in names and "content.xml" in names:
        return Sniffed("unsupported", "an OpenDocument file (.odt)", "open it and save it as .docx")
    if "[Content_Types].xml" in names:
        return Sniffed(
            "corrupt_docx" if any(n.startswith("word/") for n in names) else "unsupported",
            "an Office Open XML package without a Word document",
            "save the contract as .docx",
        )
    return Sniffed("unsupported", "a ZIP archive", "extract it and read the files inside")


def _sniff_ole2(data: bytes) -> Sniffed:
    # Directory entry names are UTF-16LE inside the compound file.
    if "EncryptedPackage".encode("utf-16-le") in data:
        return Sniffed("encrypted_office")
    if "WordDocument".encode("utf-16-le") in data:
        return Sniffed(
            "unsupported", "a legacy Word document (.doc)", "open it in Word and save as .docx"
        )
    return Sniffed(
        "unsupported",
        "a legacy Office file (.xls, .ppt or .msg)",
        "save the contract as .docx or PDF",
    )


def sniff(data: bytes) -> Sniffed:
    """Classify ``data`` by magic bytes. Text is whatever is not recognised as binary here;
    the text reader still rejects undecodable binary later."""
    if b"%PDF-" in data[:1024]:
        return Sniffed("pdf")
    if data.startswith(_ZIP_MAGICS):
        return _sniff_zip(data)
    if data.startswith(_OLE2):
        return _sniff_ole2(data)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return Sniffed("unsupported", "a WebP image", "convert it to PDF and read it with --ocr")
    for magic, what, advice in _BINARY_MAGICS:
        if data.startswith(magic):
            return Sniffed("unsupported", what, advice)
    return Sniffed("text")
