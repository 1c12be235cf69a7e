"""Hostile and wrong input on the read side (issue #7): every case gives a clear, coded error or a
warning, never a parser's traceback. Every fixture is generated here in tmp_path."""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from readers_factories import (
    assert_offsets,
    document_xml,
    docx_bytes,
    image_pdf_bytes,
    pdf_bytes,
)

from analyzer.errors import LimitExceededError, ReadError, UnsupportedFormatError
from analyzer.readers import read_contract
from analyzer.readers.limits import ReadLimits
from analyzer.readers.safety import check_docx_zip, read_bytes_checked

Write = Callable[[str, bytes], Path]

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def _code(exc: pytest.ExceptionInfo[Exception]) -> str:
    return str(getattr(exc.value, "code", ""))


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \n"], ids=["zero_bytes", "whitespace"])
def test_readers_empty_file_is_error_e110(write: Write, content: bytes) -> None:
    path = write("empty.txt", content)
    with pytest.raises(ReadError) as exc:
        read_contract(path)
    assert _code(exc) == "E110"
    assert str(path) in str(exc.value) and "empty" in str(exc.value)


def test_readers_missing_path_is_error_e111(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as exc:
        read_contract(tmp_path / "nope.pdf")
    assert _code(exc) == "E111" and "not found" in str(exc.value)


def test_readers_directory_is_error_e104(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as exc:
        read_contract(tmp_path)
    assert _code(exc) == "E104" and "directory" in str(exc.value)


@pytest.mark.skipif(os.name != "posix", reason="POSIX pipes and symlinks")
@pytest.mark.parametrize("kind", ["fifo", "dangling_symlink", "symlink_loop"])
def test_readers_not_a_regular_file_is_error_e104_without_blocking(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "contract.txt"
    if kind == "fifo":
        os.mkfifo(path)  # opening it would block forever
    elif kind == "dangling_symlink":
        path.symlink_to(tmp_path / "gone.txt")
    else:
        path.symlink_to(tmp_path / "other.txt")
        (tmp_path / "other.txt").symlink_to(path)
    with pytest.raises(ReadError) as exc:
        read_contract(path)
    assert _code(exc) == "E104" and str(path) in str(exc.value)


@pytest.mark.skipif(os.name != "posix", reason="POSIX devices and symlinks")
def test_readers_portfolio_reads_never_follow_a_link_nor_block(tmp_path: Path) -> None:
    """Issue #14: a portfolio worker opens the file it was given without following a link put
    in its place (to /dev/zero, to a secret) and checks the type on the open file."""
    real = tmp_path / "real.txt"
    real.write_bytes(b"The Supplier shall keep it confidential.")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert read_bytes_checked(link) == real.read_bytes()  # `screen link.txt` follows it
    with pytest.raises(ReadError) as exc:
        read_bytes_checked(link, follow_links=False, name="contract.txt")
    assert _code(exc) == "E104" and str(exc.value).startswith("contract.txt: ")
    t0 = time.perf_counter()
    with pytest.raises(ReadError) as exc:
        read_bytes_checked("/dev/zero")  # endless if read
    assert _code(exc) == "E104" and time.perf_counter() - t0 < 2


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_readers_unreadable_file_is_error_e113(write: Write) -> None:
    path = write("secret.txt", b"text")
    path.chmod(0)
    try:
        with pytest.raises(ReadError) as exc:
            read_contract(path)
        assert _code(exc) == "E113"
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [
        ("contract.docx", pdf_bytes([["1. Services. The Supplier shall perform."]]), "pdf"),
        ("contract.pdf", b"1. Services\n\nThe Supplier shall perform the Services.\n", "text"),
        ("contract.txt", docx_bytes(), "docx"),
        ("contract", pdf_bytes([["1. Services. The Supplier shall perform."]]), "pdf"),
    ],
    ids=["pdf_named_docx", "text_named_pdf", "docx_named_txt", "pdf_no_extension"],
)
def test_readers_dispatch_uses_magic_bytes_not_extension(
    write: Write, name: str, data: bytes, fmt: str
) -> None:
    doc = read_contract(write(name, data))
    assert doc.format == fmt
    assert "Services" in doc.text
    assert_offsets(doc)


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (OLE2 + b"\0" * 100 + "WordDocument".encode("utf-16-le"), "E101", ".doc"),
        (OLE2 + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le"), "E123", "password"),
        (OLE2 + b"\0" * 100, "E101", "legacy Office"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "E101", "--ocr"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 64, "E101", "JPEG"),
        (b"{\\rtf1\\ansi hello}", "E101", "RTF"),
        (bytes(range(256)) * 64, "E101", "binary"),
    ],
    ids=["legacy_doc", "encrypted_docx", "legacy_xls", "png", "jpeg", "rtf", "random_binary"],
)
def test_readers_unsupported_types_say_what_and_what_to_do(
    write: Write, data: bytes, code: str, words: str
) -> None:
    with pytest.raises(ReadError) as exc:
        read_contract(write("contract.docx", data))
    assert _code(exc) == code
    assert words in str(exc.value)
    assert "contract.docx" in str(exc.value)


@pytest.mark.parametrize(
    ("members", "words"),
    [
        ({"xl/workbook.xml": "<workbook/>"}, "Excel"),
        ({"ppt/presentation.xml": "<p/>"}, "PowerPoint"),
        ({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<c/>"}, "ODT"),
        ({"notes.txt": "hello"}, "ZIP archive"),
    ],
    ids=["xlsx", "pptx", "odt", "plain_zip"],
)
def test_readers_other_zip_containers_are_unsupported(
    write: Write, tmp_path: Path, members: dict[str, str], words: str
) -> None:
    path = tmp_path / "contract.docx"
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    with pytest.raises(UnsupportedFormatError) as exc:
        read_contract(path)
    assert _code(exc) == "E101"
    assert words.lower() in str(exc.value).lower()


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_readers_truncated_pdf_is_error_e121(write: Write, keep: float) -> None:
    data = pdf_bytes([["1. Services. The Supplier shall perform."] * 5] * 3)
    path = write("cut.pdf", data[: int(len(data) * keep)])
    try:
        doc = read_contract(path)
    except ReadError as exc:
        assert exc.code == "E121" and "PDF" in exc.message
    else:  # PDFium may recover a truncated file; then what it returns must be sound
        assert_offsets(doc)


def test_readers_garbage_after_pdf_magic_is_error_e121(write: Write) -> None:
    with pytest.raises(ReadError) as exc:
        read_contract(write("bad.pdf", b"%PDF-1.7\n" + os.urandom(4096)))
    assert _code(exc) == "E121"


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9])
def test_readers_truncated_docx_is_error_e120(write: Write, keep: float) -> None:
    data = docx_bytes(document_xml(*(f"{i}. Clause text number {i}." for i in range(200))))
    with pytest.raises(ReadError) as exc:
        read_contract(write("cut.docx", data[: int(len(data) * keep)]))
    assert _code(exc) == "E120"
    assert "DOCX" in str(exc.value)


@pytest.mark.parametrize("field", [6, 10])  # "version needed to extract", compression method
def test_readers_docx_entry_zipfile_cannot_read_is_error_e120(write: Write, field: int) -> None:
    """A damaged central-directory header declaring ZIP version 6.4 (or an unknown compression
    method) made zipfile raise NotImplementedError, which escaped as a traceback (found by the
    mutation test in tests/test_hostile_properties.py)."""
    data = bytearray(docx_bytes(document_xml("1. Services.", "2. Fees.")))
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        size = int.from_bytes(data[at + 28 : at + 30], "little")
        if bytes(data[at + 46 : at + 46 + size]) == b"word/document.xml":
            data[at + field] = 64 if field == 6 else 99
            break
        at += 4
    with pytest.raises(ReadError) as exc:
        read_contract(write("v64.docx", bytes(data)))
    assert _code(exc) == "E120"
    assert "DOCX" in str(exc.value)


def test_readers_encrypted_pdf_is_error_e122(write: Write) -> None:
    path = write("locked.pdf", pdf_bytes([["1. Services."]], encrypt=True))
    with pytest.raises(ReadError) as exc:
        read_contract(path)
    assert _code(exc) == "E122"
    assert "password" in str(exc.value)


def test_readers_image_only_pdf_warns_needs_ocr_per_page(write: Write) -> None:
    doc = read_contract(write("scan.pdf", image_pdf_bytes(["CONFIDENTIALITY"], pages=2)))
    assert doc.format == "pdf" and doc.pages == 2 and doc.blocks == ()
    needs = [n for n in doc.warnings if n.code == "needs_ocr"]
    assert [n.page for n in needs] == [1, 2]
    assert any(n.code == "no_text_layer" for n in doc.warnings)
    assert all("--ocr" in n.message for n in needs)


def test_readers_zip_bomb_by_ratio_is_refused_before_inflating(write: Write) -> None:
    bomb = docx_bytes(extra={"word/media/zeros.bin": b"\0" * (40 * 1024 * 1024)})
    assert len(bomb) < 200_000
    t0 = time.perf_counter()
    with pytest.raises(LimitExceededError) as exc:
        read_contract(write("bomb.docx", bomb))
    assert _code(exc) == "E131" and "ratio" in str(exc.value)
    assert time.perf_counter() - t0 < 2.0


@pytest.mark.parametrize(
    ("limits", "words"),
    [
        (ReadLimits(max_entry_bytes=1000, max_inflated_bytes=10**6), "declares"),
        (ReadLimits(max_entry_bytes=1000, max_inflated_bytes=3000), "in total"),
        (ReadLimits(max_zip_entries=3), "entries"),
    ],
    ids=["entry_size", "total_size", "entry_count"],
)
def test_readers_zip_bomb_declared_sizes_are_refused(limits: ReadLimits, words: str) -> None:
    data = docx_bytes(
        document_xml("x" * 500),
        extra={f"word/media/f{i}.bin": os.urandom(900) for i in range(4)}
        | {"word/big.bin": b"a" * 1500},
    )
    with pytest.raises(LimitExceededError) as exc:
        check_docx_zip(data, limits, path="bomb.docx")
    assert _code(exc) == "E131" and words in str(exc.value)


def test_readers_zip_entry_lying_about_its_size_is_capped() -> None:
    """An entry that understates its uncompressed size cannot make us inflate more than it says:
    inflation stops at the declared size and the CRC check then fails (E120)."""
    real = document_xml(*(["Clause text. "] * 2000)).encode()
    data = docx_bytes(real)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    assert info.file_size == len(real)
    liar = data.replace(len(real).to_bytes(4, "little"), (100).to_bytes(4, "little"))
    assert liar != data
    with pytest.raises(ReadError) as exc:
        check_docx_zip(liar, path="liar.docx")
    assert _code(exc) in {"E120", "E131"}


def test_readers_zip_entry_declaring_gigabytes_is_refused_before_inflating(write: Write) -> None:
    real = document_xml(*(["Clause text. "] * 2000)).encode()
    data = docx_bytes(real)
    giant = data.replace(len(real).to_bytes(4, "little"), (0xFFFFFFF0).to_bytes(4, "little"))
    assert giant != data
    t0 = time.perf_counter()
    with pytest.raises(LimitExceededError) as exc:
        read_contract(write("giant.docx", giant))
    assert _code(exc) == "E131" and "4,294,967,280" in str(exc.value)
    assert time.perf_counter() - t0 < 1.0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_readers_xml_entity_bomb_is_refused_e134(write: Write, encoding: str) -> None:
    xml = BILLION_LAUGHS.encode(encoding) if encoding != "utf-8" else BILLION_LAUGHS.encode()
    path = write("laughs.docx", docx_bytes(xml))
    t0 = time.perf_counter()
    with pytest.raises(ReadError) as exc:
        read_contract(path)
    assert _code(exc) == "E134"
    assert "DOCTYPE" in str(exc.value)
    assert time.perf_counter() - t0 < 2.0


def test_readers_doctype_in_any_part_is_refused(write: Write) -> None:
    data = docx_bytes(extra={"word/styles.xml": '<!DOCTYPE x SYSTEM "http://x.invalid/x"><x/>'})
    with pytest.raises(ReadError) as exc:
        read_contract(write("styles.docx", data))
    assert _code(exc) == "E134" and "word/styles.xml" in str(exc.value)


def test_readers_docx_external_relationships_are_never_fetched(
    write: Write, tmp_path: Path, socket_disabled: None
) -> None:
    import docx as python_docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    d = python_docx.Document()
    d.add_paragraph("1. Confidentiality. The Supplier shall keep Client data secret.")
    d.part.relate_to("http://attacker.invalid/track.png", RT.IMAGE, is_external=True)
    d.part.relate_to("file:///etc/passwd", RT.HYPERLINK, is_external=True)
    path = tmp_path / "external.docx"
    d.save(str(path))
    check = check_docx_zip(path)
    assert set(check.external_targets) == {
        "http://attacker.invalid/track.png",
        "file:///etc/passwd",
    }
    doc = read_contract(path)  # socket_disabled: any network attempt would raise
    assert "Confidentiality" in doc.text
    assert "passwd" not in doc.text


def test_readers_file_over_size_limit_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 300 MB on paper, nothing on disk
        fh.truncate(300 * 1024 * 1024)
    t0 = time.perf_counter()
    with pytest.raises(LimitExceededError) as exc:
        read_contract(path)
    assert _code(exc) == "E130" and "max_file_bytes" in str(exc.value)
    assert time.perf_counter() - t0 < 1.0


@pytest.mark.parametrize(
    ("name", "data", "limits", "code"),
    [
        ("a.txt", b"x" * 2000, ReadLimits(max_file_bytes=1000), "E130"),
        ("a.txt", b"word " * 400, ReadLimits(max_text_chars=1000), "E133"),
        ("a.pdf", pdf_bytes([["One."], ["Two."], ["Three."]]), ReadLimits(max_pages=2), "E132"),
        ("a.pdf", pdf_bytes([["word " * 100] * 5]), ReadLimits(max_text_chars=1000), "E133"),
    ],
    ids=["file_bytes", "text_chars", "pdf_pages", "pdf_text_chars"],
)
def test_readers_limits_are_enforced(
    write: Write, name: str, data: bytes, limits: ReadLimits, code: str
) -> None:
    with pytest.raises(LimitExceededError) as exc:
        read_contract(write(name, data), limits=limits)
    assert _code(exc) == code
    assert name in str(exc.value)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"max_file_bytes": 0}, ValueError),
        ({"max_pages": -1}, ValueError),
        ({"max_compression_ratio": 0.5}, ValueError),
        ({"max_entry_bytes": 10, "max_inflated_bytes": 5}, ValueError),
        ({"max_text_chars": True}, TypeError),
        ({"max_pages": "10"}, TypeError),
    ],
)
def test_readers_limits_validate_themselves(kwargs: dict[str, object], error: type) -> None:
    with pytest.raises(error):
        ReadLimits(**kwargs)  # type: ignore[arg-type]


def test_readers_limits_are_frozen() -> None:
    limits = ReadLimits()
    with pytest.raises(AttributeError):
        limits.max_pages = 1  # type: ignore[misc]
