"""Generators for reader tests: every hostile or synthetic file is made at test time, never committed."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from analyzer.model import Document

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document_xml(*paragraphs: str) -> str:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    )


def docx_bytes(
    document: str | bytes | None = None, extra: dict[str, str | bytes] | None = None
) -> bytes:
    """A minimal DOCX built by hand (so a test can put anything in any part)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/document.xml", document or document_xml("1. Services", "Text."))
        for name, content in (extra or {}).items():
            zf.writestr(name, content)
    return buf.getvalue()


def pdf_bytes(
    pages: Sequence[Sequence[str]],
    *,
    header: str | None = None,
    footer: bool = False,
    encrypt: bool = False,
) -> bytes:
    """A text PDF made with fpdf2: each page a list of paragraphs (wrapped by fpdf2)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=False)
    total = len(pages)
    for number, paragraphs in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        if header:
            pdf.set_y(10)
            pdf.cell(0, 6, header, align="C")
            pdf.ln(12)
        else:
            pdf.set_y(20)
        for para in paragraphs:
            pdf.multi_cell(0, 6, para)
            pdf.ln(4)
        if footer:
            pdf.set_y(-15)
            pdf.cell(0, 6, f"Page {number} of {total}", align="C")
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="user")
    return bytes(pdf.output())


def image_pdf_bytes(lines: Sequence[str], *, pages: int = 1) -> bytes:
    """An image-only PDF (no text layer): text drawn on a bitmap with PIL, saved as PDF."""
    from PIL import Image, ImageDraw, ImageFont

    images = []
    for _ in range(pages):
        img = Image.new("L", (1700, 2200), 255)
        draw = ImageDraw.Draw(img)
        try:
            font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.load_default(size=48)
        except TypeError:  # Pillow < 10.1
            font = ImageFont.load_default()
        for i, line in enumerate(lines):
            draw.text((120, 150 + 90 * i), line, fill=0, font=font)
        images.append(img)
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=200)
    return buf.getvalue()


def assert_offsets(doc: Document) -> None:
    """The reader invariant: every block is an exact, ordered slice of Document.text."""
    previous_end = 0
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text
        assert block.start >= previous_end
        assert block.text == block.text.strip() and block.text
        previous_end = block.end
