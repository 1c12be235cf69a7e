"""PDF reader on generated PDFs: furniture removal, re-flow, page numbers, OCR notices."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from readers_factories import assert_offsets, pdf_bytes

from analyzer.readers import read_contract
from analyzer.readers.pdf import furniture_bounds, reflow

Write = Callable[[str, bytes], Path]

CONF = (
    "5.1 The Supplier shall keep confidential all information disclosed by the Client in "
    "connection with this Agreement, shall use it only to perform the Services and shall not "
    "disclose it to any third party without the prior written consent of the Client."
)
PERS = (
    "5.2 The Supplier shall ensure that each of its personnel who has access to Client Data is "
    "bound by written obligations of confidentiality no less protective than this Section 5."
)
IP = (
    "6.1 All intellectual property rights in the deliverables shall vest in the Client upon "
    "creation, and the Supplier hereby assigns all such rights to the Client."
)


def page_words(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf))]
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def contract_pdf() -> bytes:
    return pdf_bytes(
        [["5. CONFIDENTIALITY", CONF, PERS], ["6. INTELLECTUAL PROPERTY", IP], [CONF], [PERS]],
        header="ACME CORP - CONFIDENTIAL",
        footer=True,
    )


def test_readers_pdf_running_headers_and_page_numbers_removed(
    write: Write, contract_pdf: bytes
) -> None:
    doc = read_contract(write("c.pdf", contract_pdf))
    assert "ACME CORP" not in doc.text
    assert "Page 1 of 4" not in doc.text and "of 4" not in doc.text
    assert doc.pages == 4
    assert_offsets(doc)


def test_readers_pdf_wrapped_lines_reflow_into_paragraphs(
    write: Write, contract_pdf: bytes
) -> None:
    doc = read_contract(write("c.pdf", contract_pdf))
    texts = [b.text for b in doc.blocks]
    assert texts[:3] == ["5. CONFIDENTIALITY", CONF, PERS]
    assert texts[3:5] == ["6. INTELLECTUAL PROPERTY", IP]
    assert doc.blocks[0].kind == "heading"


def test_readers_pdf_every_block_is_on_its_page(write: Write, contract_pdf: bytes) -> None:
    doc = read_contract(write("c.pdf", contract_pdf))
    raw = page_words(contract_pdf)
    assert [b.page for b in doc.blocks] == [1, 1, 1, 2, 2, 3, 4]
    for block in doc.blocks:
        assert block.page is not None
        page_text = " ".join(raw[block.page - 1].split())
        assert " ".join(block.text.split()[:6]) in page_text


def test_readers_pdf_paragraph_over_a_page_break_is_split_at_the_break(write: Write) -> None:
    from fpdf import FPDF

    rng = random.Random(7)
    vocab = [
        "supplier",
        "client",
        "data",
        "shall",
        "must",
        "keep",
        "secure",
        "return",
        "notify",
        "breach",
        "audit",
        "records",
    ]
    long = " ".join(
        f"The Supplier shall {' '.join(rng.choices(vocab, k=rng.randint(3, 12)))}."
        for _ in range(150)
    )
    pdf = FPDF(format=(148, 210))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, long)
    data = bytes(pdf.output())
    doc = read_contract(write("long.pdf", data))
    assert doc.pages is not None and doc.pages >= 2
    assert [b.page for b in doc.blocks] == list(range(1, doc.pages + 1))
    assert " ".join(b.text for b in doc.blocks) == long
    raw = page_words(data)
    for block in doc.blocks:
        assert block.page is not None
        assert block.text.split()[-1] in raw[block.page - 1]


def test_readers_pdf_blank_page_is_not_needs_ocr(write: Write) -> None:
    doc = read_contract(write("c.pdf", pdf_bytes([[CONF], [], [PERS]])))
    assert doc.warnings == ()
    assert [b.page for b in doc.blocks] == [1, 3]


def test_readers_pdf_mixed_text_and_scanned_page_flags_only_the_scan(write: Write) -> None:
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    img = Image.new("L", (800, 300), 255)
    ImageDraw.Draw(img).text((20, 20), "SIGNED", fill=0)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, CONF)
    pdf.add_page()
    pdf.image(img, x=10, y=10, w=150)
    doc = read_contract(write("mixed.pdf", bytes(pdf.output())))
    assert [(n.code, n.page) for n in doc.warnings] == [("needs_ocr", 2)]
    assert [b.text for b in doc.blocks] == [CONF]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            ["The Supplier shall keep all information which is confi-", "dential and secret."],
            ["The Supplier shall keep all information which is confidential and secret."],
            id="hyphen_joined_when_the_word_is_known",
        ),
        pytest.param(
            ["The Supplier shall provide all of the value-", "added services listed here."],
            ["The Supplier shall provide all of the value-added services listed here."],
            id="compound_hyphen_kept",
        ),
        pytest.param(
            ["The Supplier shall keep all information which is confi\x02", "dential and secret."],
            ["The Supplier shall keep all information which is confidential and secret."],
            id="soft_hyphen_removed",
        ),
        pytest.param(
            ["The Supplier shall keep all information of the Client", "confidential."],
            ["The Supplier shall keep all information of the Client confidential."],
            id="full_line_joined",
        ),
        pytest.param(
            ["ARTICLE 5", "CONFIDENTIALITY", "The Supplier shall keep all information secret."],
            ["ARTICLE 5", "CONFIDENTIALITY", "The Supplier shall keep all information secret."],
            id="headings_not_joined",
        ),
        pytest.param(
            ["The Supplier shall keep all information of the Client.", "5.2 The Client shall pay."],
            ["The Supplier shall keep all information of the Client.", "5.2 The Client shall pay."],
            id="clause_number_starts_block",
        ),
        pytest.param(
            ["Short line", "continues in lower case."],
            ["Short line continues in lower case."],
            id="lowercase_continuation",
        ),
        pytest.param(
            ["乙方应当对甲方提供的全部信息严格保密，未经甲方书面同意不得", "向任何第三方披露。"],
            ["乙方应当对甲方提供的全部信息严格保密，未经甲方书面同意不得向任何第三方披露。"],
            id="cjk_joined_without_space",
        ),
        pytest.param(
            ["第五条 保密", "乙方应当对甲方提供的全部信息严格保密，未经甲方书面同意不得", "披露。"],
            ["第五条 保密", "乙方应当对甲方提供的全部信息严格保密，未经甲方书面同意不得披露。"],
            id="cjk_heading_not_joined",
        ),
    ],
)
def test_readers_pdf_reflow_table(lines: list[str], expected: list[str]) -> None:
    from analyzer.readers.pdf import _width

    widths = [_width(ln) for ln in lines]
    assert reflow(lines, widths, max(widths), known={"confidential"}.__contains__) == expected


@pytest.mark.parametrize(
    ("lines", "keys", "body"),
    [
        (["ACME", "Text.", "Page 3 of 12"], {"acme"}, ["Text."]),
        (["- 3 -", "Text.", "More."], set(), ["Text.", "More."]),
        (["Text.", "iv"], set(), ["Text."]),
        (["xxiii", "Text."], set(), ["Text."]),
        (["CIVIL", "Text."], set(), ["CIVIL", "Text."]),
        (["第3页 共12页", "正文。"], set(), ["正文。"]),
        (["Text.", "42"], set(), ["Text."]),
        (
            ["Text.", "The Supplier shall pay 42 dollars."],
            set(),
            ["Text.", "The Supplier shall pay 42 dollars."],
        ),
    ],
)
def test_readers_pdf_furniture_bounds_table(
    lines: list[str], keys: set[str], body: list[str]
) -> None:
    start, end = furniture_bounds(lines, keys)
    assert lines[start:end] == body


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(
        st.text(
            alphabet=st.characters(
                blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                blacklist_characters="-\u00ad\ufffe",
            ),
            min_size=1,
            max_size=40,
        ),
        max_size=30,
    ),
    width=st.integers(min_value=0, max_value=60),
)
def test_readers_pdf_property_reflow_loses_and_invents_nothing(
    lines: list[str], width: int
) -> None:
    from analyzer.readers.pdf import _width

    out = reflow(lines, [_width(ln) for ln in lines], width)
    assert "".join(out).replace(" ", "") == "".join(lines)
    assert all(p.strip() == p and p for p in out)


CJK_FONTS = [
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
]


def test_readers_pdf_chinese_paragraphs_and_language(write: Write) -> None:
    font = next((f for f in CJK_FONTS if f.exists()), None)
    if font is None:
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")
    from fpdf import FPDF

    heading = "第五条 保密"
    body = (
        "乙方应当对甲方提供的全部信息严格保密，未经甲方书面同意不得向任何第三方披露。"
        "乙方应当确保其工作人员签署保密协议，并对其工作人员的违约行为承担责任。"
        "本条规定在合同终止后继续有效。"
    )
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("cjk", fname=str(font))
    pdf.set_font("cjk", size=12)
    pdf.multi_cell(0, 8, heading)
    pdf.ln(4)
    pdf.multi_cell(0, 8, body)
    doc = read_contract(write("zh.pdf", bytes(pdf.output())))
    assert [(b.kind, b.text) for b in doc.blocks] == [("paragraph", heading), ("paragraph", body)]
    assert doc.languages == ("zh",)
    assert_offsets(doc)


@pytest.mark.parametrize(
    ("stamp", "image_width", "needs_ocr"),
    [
        ("ABC000123", 190, True),  # Bates number over a full-page scan
        ("ABC000123", 40, False),  # a logo and a stamp: not a scan
        (CONF, 190, False),  # real text over an image: has a text layer
    ],
    ids=["bates_stamp_on_scan", "small_logo", "text_over_image"],
)
def test_readers_pdf_token_text_over_a_scan_still_needs_ocr(
    write: Write, stamp: str, image_width: int, needs_ocr: bool
) -> None:
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.image(Image.new("L", (400, 560), 200), x=10, y=10, w=image_width)
    pdf.set_font("helvetica", size=8)
    pdf.set_xy(10, 270)
    pdf.multi_cell(0, 4, stamp)
    doc = read_contract(write("scan.pdf", bytes(pdf.output())))
    assert (("needs_ocr", 1) in [(n.code, n.page) for n in doc.warnings]) is needs_ocr


@pytest.mark.parametrize(
    ("raw", "lines"),
    [
        (
            "8.\u00a06.\u00a0\u00a0 \u00a0During\u00a0such time\r\nnext\tline \r\n\r\n",
            ["8. 6. During such time", "next line"],
        ),
        ("\x00\x01Text\x7f\rMore", ["Text", "More"]),
        ("甲方\u3000乙方", ["甲方\u3000乙方"]),
    ],
    ids=["layout_spaces", "control_chars", "ideographic_space_kept"],
)
def test_readers_pdf_page_lines_normalise_spacing(raw: str, lines: list[str]) -> None:
    from analyzer.readers.pdf import _page_lines

    assert _page_lines(raw) == lines
