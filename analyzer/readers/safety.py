"""Bounded, side-effect-free checks run before any parser sees a file.

Error codes raised while reading (stable; README copies this table):

======  ============================  ==================================================
Code    Exception                     Meaning / what to do
======  ============================  ==================================================
E101    UnsupportedFormatError        not a DOCX, PDF or text file (legacy .doc, .xlsx,
                                      image, other binary): save it as .docx or PDF
E104    ReadError                     not a regular file: a directory, a named pipe, a
                                      device, a dangling symbolic link or a link loop
E110    ReadError                     the file is empty
E111    ReadError                     the file does not exist
E113    ReadError                     permission denied
E114    ReadError                     the file could not be read (I/O error)
E120    ReadError                     corrupt or truncated DOCX (bad ZIP, missing part,
                                      bad XML): re-save it from Word
E121    ReadError                     corrupt or truncated PDF: re-export or re-download
E122    ReadError                     encrypted / password-protected PDF: remove the
                                      password and retry
E123    ReadError                     password-protected Office document (an encrypted
                                      DOCX is an OLE2 container): remove the password
E124    ReadError                     text file whose encoding cannot be determined
E125    ReadError (raised by the      no page of the PDF has a text layer (the reader
        engine / ``screen``)          returns the Document with ``no_text_layer``; the
                                      analysis stops there): run with --ocr
E130    LimitExceededError            file larger than ReadLimits.max_file_bytes
E131    LimitExceededError            ZIP bomb: declared or inflated size, compression
                                      ratio or entry count over ReadLimits
E132    LimitExceededError            more pages than ReadLimits.max_pages
E133    LimitExceededError            more text than ReadLimits.max_text_chars
E134    ReadError                     XML with a DOCTYPE / entity declaration (possible
                                      entity bomb); OOXML never needs one
E135    LimitExceededError            PDF bomb: a compressed (Flate) stream that inflates
                                      beyond ReadLimits.max_entry_bytes, or all of them
                                      beyond max_inflated_bytes
E136    LimitExceededError            DOCX content nested beyond the XML parser's depth
                                      limit (tables inside tables ~85 deep)
E300    OcrUnavailableError           OCR requested but tesseract is not installed
E301    OcrUnavailableError           tesseract failed or timed out on a page
======  ============================  ==================================================

Warning codes (``Notice.code`` on ``Document.warnings``; the document is still returned):

- ``needs_ocr`` (with ``page``): the page has no text layer; run with ``ocr=True`` / ``--ocr``.
- ``no_text_layer``: no page of the PDF has a text layer (image-only / scanned PDF).
- ``ocr_used`` (with ``page``): the page's text came from OCR; check quotes against the image.
- ``ocr_no_text`` (with ``page``): OCR found no text on an image-only page; check it by eye.
- ``nul_bytes_removed``: NUL bytes were stripped from a text file.
- ``encoding_guessed``: a text file's encoding was guessed statistically (charset-normalizer).
- ``external_relationship``: a DOCX refers to external targets (never fetched); the message
  names each one (linked template, image, object) and its target.

DOCX readers call :func:`check_docx_zip` first, before python-docx (and lxml) see any byte.
"""

from __future__ import annotations

import errno
import html
import io
import logging
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from analyzer.errors import LimitExceededError, ReadError
from analyzer.readers.limits import DEFAULT_LIMITS, ReadLimits
from analyzer.readers.sniff import ZIP_OPEN_ERRORS

log = logging.getLogger(__name__)

# Error codes (see the table above).
E_UNSUPPORTED = "E101"
E_EMPTY = "E110"
E_NOT_FOUND = "E111"
E_NOT_A_FILE = "E104"
E_PERMISSION = "E113"
E_IO = "E114"
E_CORRUPT_DOCX = "E120"
E_CORRUPT_PDF = "E121"
E_ENCRYPTED_PDF = "E122"
E_ENCRYPTED_OFFICE = "E123"
E_UNDECODABLE_TEXT = "E124"
E_TOO_LARGE = "E130"
E_ZIP_BOMB = "E131"
E_TOO_MANY_PAGES = "E132"
E_TOO_MUCH_TEXT = "E133"
E_XML_DOCTYPE = "E134"
E_PDF_BOMB = "E135"
E_TOO_DEEP = "E136"
E_OCR_UNAVAILABLE = "E300"
E_OCR_FAILED = "E301"

# Warning codes.
W_NEEDS_OCR = "needs_ocr"
W_NO_TEXT_LAYER = "no_text_layer"
W_OCR_USED = "ocr_used"
W_OCR_NO_TEXT = "ocr_no_text"
W_NUL_BYTES = "nul_bytes_removed"
W_ENCODING_GUESSED = "encoding_guessed"
W_EXTERNAL_RELATIONSHIP = "external_relationship"

_CHUNK = 64 * 1024
_FORBIDDEN_XML = tuple(
    marker.encode(enc)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for enc in ("ascii", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(m) for m in _FORBIDDEN_XML)
_EXTERNAL_TARGET = re.compile(rb"<Relationship\b[^>]*\bTargetMode\s*=\s*[\"']External[\"'][^>]*>")
_TARGET_ATTR = re.compile(rb"\bTarget\s*=\s*[\"']([^\"']*)[\"']")
_TYPE_ATTR = re.compile(rb"\bType\s*=\s*[\"']([^\"']*)[\"']")


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def check_file_size(size: int, limits: ReadLimits, name: str) -> None:
    """Refuse a file over ``limits.max_file_bytes`` (E130) before any of it is read."""
    if size > limits.max_file_bytes:
        raise LimitExceededError(
            f"file is {size:,} bytes, over the limit of {limits.max_file_bytes:,} "
            "(ReadLimits.max_file_bytes); split the file or raise the limit",
            path=name,
            code=E_TOO_LARGE,
        )


def read_bytes_checked(
    path: str | Path,
    limits: ReadLimits | None = None,
    *,
    name: str | None = None,
    follow_links: bool = True,
) -> bytes:
    """The file's bytes, after checking it exists, is a regular file and is within size bounds.

    The file is opened without blocking (a named pipe cannot hang the read) and, with
    ``follow_links=False``, without following a symbolic link; its type and size are checked
    with ``fstat`` on the open file BEFORE reading, and the read itself is capped, so a file
    swapped or grown meanwhile cannot exceed the bound either. ``name`` is how messages name
    the file (default: ``path``).
    """
    limits = limits or DEFAULT_LIMITS
    p = Path(path)
    name = name or str(p)
    flags = _OPEN_FLAGS | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(p, flags)
    except FileNotFoundError:
        if p.is_symlink():
            raise ReadError(
                "is a symbolic link to a file that does not exist; fix or remove the link",
                path=name,
                code=E_NOT_A_FILE,
            ) from None
        raise ReadError("file not found; check the path", path=name, code=E_NOT_FOUND) from None
    except PermissionError:
        raise ReadError(
            "permission denied; check the file's permissions", path=name, code=E_PERMISSION
        ) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            what = "a symbolic link loop" if follow_links else "a symbolic link (not followed)"
            raise ReadError(
                f"is {what}, not a contract file", path=name, code=E_NOT_A_FILE
            ) from None
        if exc.errno == errno.EISDIR:
            raise _directory(name) from None
        raise ReadError(f"cannot access the file ({exc.strerror})", path=name, code=E_IO) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise _directory(name)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(
                "is not a regular file (a pipe, socket or device); copy the contract to a file",
                path=name,
                code=E_NOT_A_FILE,
            )
        check_file_size(st.st_size, limits, name)
        chunks: list[bytes] = []
        size = 0
        while size <= limits.max_file_bytes:
            chunk = os.read(fd, max(_CHUNK, st.st_size - size + 1))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    except PermissionError:
        raise ReadError(
            "permission denied; check the file's permissions", path=name, code=E_PERMISSION
        ) from None
    except OSError as exc:
        raise ReadError(f"cannot read the file ({exc.strerror})", path=name, code=E_IO) from None
    finally:
        os.close(fd)
    if len(data) > limits.max_file_bytes:
        raise LimitExceededError(
            f"file is over the limit of {limits.max_file_bytes:,} bytes "
            "(ReadLimits.max_file_bytes)",
            path=name,
            code=E_TOO_LARGE,
        )
    if not data:
        raise ReadError("the file is empty (0 bytes)", path=name, code=E_EMPTY)
    return data


def _directory(name: str) -> ReadError:
    return ReadError(
        "is a directory, not a contract file; use `analyzer portfolio` for folders",
        path=name,
        code=E_NOT_A_FILE,
    )


@dataclass(frozen=True)
class ZipCheck:
    """What :func:`check_docx_zip` found in a ZIP container that passed all checks."""

    entries: int
    inflated_bytes: int  # total declared uncompressed size of all entries
    external_targets: tuple[str, ...] = ()  # Target of every TargetMode="External" relationship
    # (relationship type, target) of each, from every part (settings.xml holds the template)
    external_links: tuple[tuple[str, str], ...] = ()


def _zip_bomb(name: str, detail: str) -> LimitExceededError:
    return LimitExceededError(
        f"refused as a possible ZIP bomb: {detail}; if the file is genuine, raise ReadLimits",
        path=name,
        code=E_ZIP_BOMB,
    )


def _corrupt_docx(name: str, detail: str) -> ReadError:
    return ReadError(
        f"corrupt or truncated DOCX ({detail}); open it in Word and save it again",
        path=name,
        code=E_CORRUPT_DOCX,
    )


def _is_xml_part(filename: str) -> bool:
    lower = filename.lower()
    return lower.endswith((".xml", ".rels", ".vml")) or lower == "[content_types].xml"


def _scan_part(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: int
) -> tuple[int, bytes | None]:
    """Stream-inflate one XML part with a cap; reject DOCTYPE/ENTITY declarations.

    Returns the number of bytes inflated and, for ``.rels`` parts, the part's bytes.
    """
    keep = info.filename.lower().endswith(".rels")
    kept: list[bytes] = []
    total = 0
    tail = b""
    with zf.open(info) as fp:
        while True:
            chunk = fp.read(_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > info.file_size or total > budget:
                raise _zip_bomb(name, f"entry {info.filename!r} inflates beyond its bound")
            window = tail + chunk
            for marker in _FORBIDDEN_XML:
                if marker in window:
                    raise ReadError(
                        f"part {info.filename!r} contains an XML DOCTYPE/ENTITY declaration "
                        "(possible entity bomb); a genuine DOCX never has one",
                        path=name,
                        code=E_XML_DOCTYPE,
                    )
            tail = window[-_OVERLAP:]
            if keep:
                kept.append(chunk)
    return total, (b"".join(kept) if keep else None)


def check_docx_zip(
    source: str | Path | bytes,
    limits: ReadLimits | None = None,
    *,
    path: str | None = None,
) -> ZipCheck:
    """Check a DOCX container before any XML parser sees it; raise a clear error if unsafe.

    Checks, in order: the file size; that it is a readable ZIP (else E120); the entry count,
    each entry's declared size and compression ratio and the total declared size (E131) —
    all from the central directory, before inflating anything; that ``word/document.xml``
    exists (E120); then stream-inflates every XML part with a cap, rejecting DOCTYPE/ENTITY
    declarations (E134) and CRC/inflate errors (E120). External relationships are reported
    in the result, never fetched.
    """
    limits = limits or DEFAULT_LIMITS
    fh: IO[bytes]
    if isinstance(source, bytes | bytearray):
        name = path or "<bytes>"
        if len(source) > limits.max_file_bytes:
            raise LimitExceededError(
                f"file is {len(source):,} bytes, over the limit of {limits.max_file_bytes:,}",
                path=name,
                code=E_TOO_LARGE,
            )
        fh = io.BytesIO(bytes(source))
    else:
        name = path or str(source)
        fh = io.BytesIO(read_bytes_checked(source, limits))
    try:
        zf = zipfile.ZipFile(fh)
    except ZIP_OPEN_ERRORS as exc:
        raise _corrupt_docx(name, f"not a readable ZIP: {exc}") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_zip_entries:
            raise _zip_bomb(name, f"{len(infos):,} entries (limit {limits.max_zip_entries:,})")
        total_declared = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise ReadError(
                    f"entry {info.filename!r} is encrypted; remove the password and save again",
                    path=name,
                    code=E_ENCRYPTED_OFFICE,
                )
            if info.file_size > limits.max_entry_bytes:
                raise _zip_bomb(
                    name,
                    f"entry {info.filename!r} declares {info.file_size:,} bytes "
                    f"(limit {limits.max_entry_bytes:,})",
                )
            if info.file_size > limits.ratio_min_bytes:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > limits.max_compression_ratio:
                    raise _zip_bomb(
                        name,
                        f"entry {info.filename!r} has compression ratio {ratio:,.0f}:1 "
                        f"(limit {limits.max_compression_ratio:,.0f}:1)",
                    )
            total_declared += info.file_size
            if total_declared > limits.max_inflated_bytes:
                raise _zip_bomb(
                    name,
                    f"entries declare over {limits.max_inflated_bytes:,} bytes in total",
                )
        names = {info.filename for info in infos}
        if "word/document.xml" not in names:
            raise _corrupt_docx(name, "no word/document.xml part")
        budget = limits.max_inflated_bytes
        external: list[str] = []
        links: list[tuple[str, str]] = []
        for info in infos:
            if not _is_xml_part(info.filename):
                continue
            try:
                used, rels = _scan_part(zf, info, name, budget)
            # NotImplementedError: an entry that declares a ZIP version or compression method
            # zipfile cannot read (a damaged header)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
                raise _corrupt_docx(name, f"entry {info.filename!r}: {exc}") from None
            budget -= used
            if rels is not None:
                for m in _EXTERNAL_TARGET.finditer(rels):
                    t = _TARGET_ATTR.search(m.group())
                    target = html.unescape(t.group(1).decode("utf-8", "replace")) if t else ""
                    external.append(target)
                    kind = _TYPE_ATTR.search(m.group())
                    links.append((kind.group(1).decode("utf-8", "replace") if kind else "", target))
    if external:
        log.info("%s: %d external relationship(s), not fetched", name, len(external))
    return ZipCheck(
        entries=len(infos),
        inflated_bytes=total_declared,
        external_targets=tuple(external),
        external_links=tuple(links),
    )


_PDF_STREAM = re.compile(rb"stream\r?\n")


def check_pdf_streams(data: bytes, limits: ReadLimits | None = None, *, path: str) -> int:
    """Inflate each Flate stream of a PDF (images excepted) with a cap, before PDFium does.

    PDFium inflates a page's content stream whole to extract its text, so a 1 MB PDF whose
    content stream inflates to gigabytes would cost gigabytes of memory. Image XObjects are
    skipped (they are decoded only for OCR, one page at a time). Raises E135 when one stream
    inflates beyond ``max_entry_bytes`` or all of them beyond ``max_inflated_bytes``; streams
    that are not valid zlib data are left to PDFium. Returns the number of bytes inflated.
    """
    limits = limits or DEFAULT_LIMITS
    total = 0
    for m in _PDF_STREAM.finditer(data):
        # the stream's dictionary: this object's bytes before "stream" (searched in place)
        lo = max(0, m.start() - 2048)
        lo = data.rfind(b"obj", lo, m.start()) + 1 or lo
        if (
            data.find(b"/FlateDecode", lo, m.start()) < 0
            or data.find(b"/Image", lo, m.start()) >= 0
        ):
            continue
        inflater = zlib.decompressobj()
        used = 0
        pos = m.end()
        try:
            while not inflater.eof and pos < len(data):
                pending = data[pos : pos + _CHUNK]
                pos += len(pending)
                while pending and not inflater.eof:
                    used += len(inflater.decompress(pending, _CHUNK))
                    pending = inflater.unconsumed_tail
                    if used > limits.max_entry_bytes or total + used > limits.max_inflated_bytes:
                        raise LimitExceededError(
                            f"refused as a possible PDF bomb: a compressed stream at byte {m.end():,} "
                            f"inflates beyond {min(limits.max_entry_bytes, limits.max_inflated_bytes - total):,} bytes "
                            "(ReadLimits); if the file is genuine, raise the limits",
                            path=path,
                            code=E_PDF_BOMB,
                        )
        except zlib.error:
            pass
        total += used
    return total
