"""Text reader: encodings, NULs, linear time, layout → blocks, Markdown, offsets property."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from readers_factories import assert_offsets

from analyzer.errors import ReadError
from analyzer.readers import read_contract
from analyzer.readers.text import read_text

Write = Callable[[str, bytes], Path]

EN = "1. Confidentiality\n\nThe Supplier shall keep all Client Data confidential.\n"
ZH = "第一条 保密义务\n\n乙方应当对甲方提供的全部信息严格保密，未经甲方书面同意不得向任何第三方披露。\n"
MIXED = "第五条 知识产权 Intellectual Property\n\n甲方拥有全部知识产权。The Client owns all IP.\n"


@pytest.mark.parametrize(
    ("text", "encode"),
    [
        (EN, lambda t: t.encode("utf-8")),
        (EN, lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
        (EN, lambda t: t.encode("utf-16")),
        (EN, lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
        (EN, lambda t: t.encode("utf-16-le")),
        (EN, lambda t: t.encode("utf-16-be")),
        (ZH, lambda t: t.encode("utf-8")),
        (ZH, lambda t: t.encode("utf-16")),
        (ZH, lambda t: t.encode("gb18030")),
        (ZH, lambda t: t.encode("gbk")),
        (ZH, lambda t: t.encode("gb2312")),
        (MIXED, lambda t: t.encode("gb18030")),
        (MIXED, lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
        (EN.replace("\n", "\r\n"), lambda t: t.encode("utf-8")),
    ],
    ids=[
        "utf8",
        "utf8_bom",
        "utf16_bom_le",
        "utf16_bom_be",
        "utf16le_no_bom",
        "utf16be_no_bom",
        "zh_utf8",
        "zh_utf16",
        "zh_gb18030",
        "zh_gbk",
        "zh_gb2312",
        "mixed_gb18030",
        "mixed_utf8_bom",
        "crlf",
    ],
)
def test_readers_text_encodings_decode_exactly(
    write: Write, text: str, encode: Callable[[str], bytes]
) -> None:
    doc = read_contract(write("contract.txt", encode(text)))
    expected = [p for p in text.replace("\r\n", "\n").split("\n") if p.strip()]
    assert [b.text for b in doc.blocks] == expected
    assert doc.warnings == ()
    assert doc.format == "text"
    assert_offsets(doc)


@pytest.mark.parametrize(
    ("text", "languages"),
    [(EN, ("en",)), (ZH, ("zh",)), (MIXED * 3, ("en", "zh"))],
    ids=["en", "zh", "bilingual"],
)
def test_readers_text_languages_detected(write: Write, text: str, languages: tuple[str]) -> None:
    assert read_contract(write("c.txt", text.encode("gb18030"))).languages == languages


def test_readers_text_latin1_is_guessed_with_warning(write: Write) -> None:
    text = "Clause 1. The Société shall pay the fee of 100 € to the Client's café. " * 5
    doc = read_contract(write("c.txt", text.encode("cp1252")))
    assert "Société" in doc.text and "café" in doc.text
    assert [n.code for n in doc.warnings] == ["encoding_guessed"]


def test_readers_text_nul_bytes_are_removed_with_warning(write: Write) -> None:
    data = b"1. Services\x00\n\nThe Supplier\x00 shall\x00 perform.\n"
    doc = read_contract(write("nul.txt", data))
    assert "\x00" not in doc.text
    assert doc.text == "1. Services\nThe Supplier shall perform."
    assert [n.code for n in doc.warnings] == ["nul_bytes_removed"]
    assert "3 NUL" in doc.warnings[0].message


@pytest.mark.timeout(20)
def test_readers_text_ten_megabyte_single_line_is_linear(write: Write) -> None:
    line = ("The Supplier shall keep the Client Data confidential, " * 200_000)[: 10 * 1024 * 1024]
    doc = read_contract(write("long.txt", line.encode()))
    assert len(doc.blocks) == 1
    assert doc.text == line.strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "1. Services\n\nThe Supplier shall perform the services.\n\n2. Fees\n",
            ["1. Services", "The Supplier shall perform the services.", "2. Fees"],
            id="blank_line_paragraphs",
        ),
        pytest.param(
            "1. Services\nThe Supplier shall perform the services.\n2. Fees\nThe Client pays.\n",
            [
                "1. Services",
                "The Supplier shall perform the services.",
                "2. Fees",
                "The Client pays.",
            ],
            id="one_paragraph_per_line",
        ),
        pytest.param(
            "5.1 The Supplier shall keep confidential all information disclosed by\n"
            "the Client in connection with this Agreement and shall not disclose it\n"
            "to any third party without the prior written consent of the Client.\n"
            "5.2 The Supplier shall ensure that its personnel are bound by written\n"
            "obligations of confidentiality no less protective than these terms.\n",
            [
                "5.1 The Supplier shall keep confidential all information disclosed by the "
                "Client in connection with this Agreement and shall not disclose it to any "
                "third party without the prior written consent of the Client.",
                "5.2 The Supplier shall ensure that its personnel are bound by written "
                "obligations of confidentiality no less protective than these terms.",
            ],
            id="hard_wrapped_paragraphs_rejoined_at_clause_numbers",
        ),
        pytest.param(
            "The Supplier shall keep confidential all information which is confi-\n"
            "dential and shall return all documents to the Client upon the expiry or\n"
            "termination of this Agreement for any reason whatsoever as instructed.\n"
            "(a) copies; and\n",
            [
                "The Supplier shall keep confidential all information which is confidential "
                "and shall return all documents to the Client upon the expiry or termination "
                "of this Agreement for any reason whatsoever as instructed.",
                "(a) copies; and",
            ],
            id="hyphenation_repaired",
        ),
        pytest.param(
            "The Supplier shall provide the maintenance services and all of the value-\n"
            "added services described in the Statement of Work to the Client during the\n"
            "term of this Agreement, at the fees set out in Schedule 2 to this Agreement.\n"
            "(b) reports.\n",
            [
                "The Supplier shall provide the maintenance services and all of the value-added "
                "services described in the Statement of Work to the Client during the term of "
                "this Agreement, at the fees set out in Schedule 2 to this Agreement.",
                "(b) reports.",
            ],
            id="compound_hyphen_kept",
        ),
        pytest.param(
            "第一条 保密\n乙方应当对甲方提供的全部信息严格保密。\n第二条 知识产权\n",
            ["第一条 保密", "乙方应当对甲方提供的全部信息严格保密。", "第二条 知识产权"],
            id="zh_articles",
        ),
        pytest.param("A\fB\n", ["A", "B"], id="form_feed_is_a_break"),
    ],
)
def test_readers_text_blocks_follow_layout(write: Write, text: str, expected: list[str]) -> None:
    doc = read_contract(write("c.txt", text.encode()))
    assert [b.text for b in doc.blocks] == expected
    assert_offsets(doc)


def test_readers_text_markdown_headings_and_bullets_drop_marks_and_keep_levels(
    write: Write,
) -> None:
    md = (
        "# Master Services Agreement\n\n## 5. Confidentiality ##\n\n"
        "5.1 The Supplier shall keep **Client Data** confidential.\n\n"
        "- (a) first item\n* second item\n\n### Schedule 1\n\n2. ### Fees\n"
    )
    doc = read_contract(write("msa.md", md.encode()))
    got = [(b.kind, b.level, b.text) for b in doc.blocks]
    assert got == [
        ("heading", 0, "Master Services Agreement"),
        ("heading", 1, "5. Confidentiality"),
        ("paragraph", None, "5.1 The Supplier shall keep **Client Data** confidential."),
        ("list_item", None, "(a) first item"),
        ("list_item", None, "second item"),
        ("heading", 2, "Schedule 1"),
        ("heading", 2, "2. Fees"),
    ]
    assert_offsets(doc)


def test_readers_text_hash_lines_in_plain_text_are_not_headings(write: Write) -> None:
    doc = read_contract(write("c.txt", b"# 1 Services\n\nText.\n"))
    assert doc.blocks[0].text == "# 1 Services" and doc.blocks[0].kind == "paragraph"


def test_readers_text_sha256_and_path_identify_the_original(write: Write) -> None:
    import hashlib

    data = EN.encode("utf-16")
    path = write("c.txt", data)
    doc = read_contract(path)
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.path == str(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=400,
    ),
    markdown=st.booleans(),
)
def test_readers_text_property_blocks_are_exact_slices(text: str, markdown: bool) -> None:
    name = "p.md" if markdown else "p.txt"
    try:
        doc = read_text(name, text.encode("utf-8"))
    except ReadError as exc:
        assert exc.code in {"E101", "E110"}
        return
    assert_offsets(doc)
    assert doc.text == "\n".join(b.text for b in doc.blocks)
    # Nothing is invented: every non-space character of the output comes from the input.
    source = set(text)
    assert all(c in source for c in doc.text if not c.isspace())


def test_readers_text_no_break_spaces_become_spaces(write: Write) -> None:
    doc = read_contract(write("c.txt", "Clause\u00a05.2 applies\u202fhere\u3000。\n".encode()))
    assert doc.text == "Clause 5.2 applies here\u3000。"
