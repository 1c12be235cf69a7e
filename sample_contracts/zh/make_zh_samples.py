"""Render the Chinese and bilingual sample contracts from their sources.

The contracts are written by this project (``sources/*.source``, UTF-8, one paragraph per line)
and rendered to the formats a legal team receives:

- DOCX with Word auto-numbering: article headings "第X条" come from numbering.xml
  (``chineseCounting``), so the label is *not* in the paragraph text (python-docx drops it);
- PDF (fpdf2 with a CJK TrueType font, e.g. ``apt-get install fonts-wqy-microhei``);
- plain text in GB18030 or UTF-8.

Run from the project root::

    .venv/bin/python sample_contracts/zh/make_zh_samples.py

Output is deterministic (fixed dates and zip timestamps), so re-running changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
BILINGUAL = HERE.parent / "bilingual"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FIXED_DATE = dt.datetime(2026, 1, 1, 9, 0, 0)
ZIP_DATE = (2026, 1, 1, 9, 0, 0)
ABSTRACT_NUM_ID = 77
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
ARTICLE = re.compile(r"^第[一二三四五六七八九十百]+条\s*")

# (source, output, format, encoding)
OUTPUTS: tuple[tuple[Path, Path, str, str], ...] = (
    (
        HERE / "sources" / "ito_service_compliant.source",
        HERE / "ito_service_compliant.docx",
        "docx",
        "",
    ),
    (
        HERE / "sources" / "bpo_call_centre_no_ip.source",
        HERE / "bpo_call_centre_no_ip.txt",
        "text",
        "gb18030",
    ),
    (
        HERE / "sources" / "software_dev_either_or.source",
        HERE / "software_dev_either_or.pdf",
        "pdf",
        "",
    ),
    (
        HERE / "sources" / "it_service_model_form_unfilled.source",
        HERE / "it_service_model_form_unfilled.txt",
        "text",
        "utf-8",
    ),
    (
        HERE / "sources" / "it_service_model_form_filled.source",
        HERE / "it_service_model_form_filled.txt",
        "text",
        "utf-8",
    ),
    (
        BILINGUAL / "sources" / "data_processing_bilingual_divergent.source",
        BILINGUAL / "data_processing_bilingual_divergent.txt",
        "text",
        "utf-8",
    ),
    (
        BILINGUAL / "sources" / "data_processing_bilingual_divergent.source",
        BILINGUAL / "data_processing_bilingual_divergent.docx",
        "docx",
        "",
    ),
    (
        BILINGUAL / "sources" / "it_support_bilingual_sequential.source",
        BILINGUAL / "it_support_bilingual_sequential.txt",
        "text",
        "utf-8",
    ),
)


def paragraphs(source: Path) -> list[str]:
    return [line.rstrip() for line in source.read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------- DOCX


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _add_article_numbering(document: object) -> int:
    """Add a list whose level 0 prints 第一条, 第二条 … (chineseCounting); return its numId."""
    from lxml import etree

    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    abstract = etree.fromstring(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{ABSTRACT_NUM_ID}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="第%1条"/><w:lvlJc w:val="left"/><w:suff w:val="space"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:lvl>'
        "</w:abstractNum>"
    )
    nums = numbering.findall(_w("num"))
    if nums:
        nums[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = max((int(n.get(_w("numId"))) for n in nums), default=0) + 1
    numbering.append(
        etree.fromstring(
            f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{ABSTRACT_NUM_ID}"/></w:num>'
        )
    )
    return num_id


def _number(paragraph: object, num_id: int) -> None:
    from lxml import etree

    p_pr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    num_pr = etree.Element(_w("numPr"))
    ilvl = etree.SubElement(num_pr, _w("ilvl"))
    ilvl.set(_w("val"), "0")
    nid = etree.SubElement(num_pr, _w("numId"))
    nid.set(_w("val"), str(num_id))
    style = p_pr.find(_w("pStyle"))
    if style is not None:
        style.addnext(num_pr)
    else:
        p_pr.insert(0, num_pr)


def render_docx(lines: Sequence[str]) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    core = document.core_properties
    core.author = "analyzer project"
    core.last_modified_by = "analyzer project"
    core.created = FIXED_DATE
    core.modified = FIXED_DATE
    core.revision = 1
    normal = document.styles["Normal"]
    normal.font.name = "SimSun"  # type: ignore[attr-defined]
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")  # type: ignore[attr-defined]
    normal.font.size = Pt(10.5)  # type: ignore[attr-defined]
    num_id = _add_article_numbering(document)
    title_done = False
    for line in lines:
        if not line.strip():
            continue
        if not title_done:
            p = document.add_paragraph(line.strip(), style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            title_done = True
            continue
        m = ARTICLE.match(line)
        if m is not None:
            # the label "第X条" is Word auto-numbering, not paragraph text
            p = document.add_paragraph(line[m.end() :].strip(), style="Heading 2")
            _number(p, num_id)
        else:
            document.add_paragraph(line.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- PDF


def cjk_font() -> Path:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    raise SystemExit("no CJK TrueType font found; install one (apt-get install fonts-wqy-microhei)")


def render_pdf(lines: Sequence[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE.replace(tzinfo=dt.UTC))
    pdf.set_author("analyzer project")
    pdf.add_font("cjk", "", str(cjk_font()))
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    title_done = False
    for line in lines:
        if not line.strip():
            continue
        if not title_done:
            pdf.set_font("cjk", size=16)
            pdf.multi_cell(0, 10, line.strip(), align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
            title_done = True
            continue
        heading = bool(ARTICLE.match(line) or re.match(r"^第[一二三四五六七八九十]+章", line))
        pdf.set_font("cjk", size=12 if heading else 10.5)
        pdf.multi_cell(0, 7, line.strip(), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2 if heading else 1)
    return bytes(pdf.output())


# --------------------------------------------------------------------------- text


def render_text(lines: Sequence[str], encoding: str) -> bytes:
    text = "\n".join(lines).strip() + "\n"
    return text.encode(encoding)


def generate() -> list[Path]:
    written = []
    for source, output, fmt, encoding in OUTPUTS:
        lines = paragraphs(source)
        if fmt == "docx":
            data = render_docx(lines)
        elif fmt == "pdf":
            data = render_pdf(lines)
        else:
            data = render_text(lines, encoding)
        output.write_bytes(data)
        written.append(output)
    return written


def main() -> int:
    for path in generate():
        print(path.relative_to(HERE.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
