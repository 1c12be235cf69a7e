"""Segmentation: numbering labels, hierarchy, headings, kinds, spans and the clause index."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from builders import draft_document
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.model import Clause, Document
from analyzer.readers._common import BlockDraft
from analyzer.segment import (
    ClauseIndex,
    chinese_value,
    detect_label,
    heading_after_label,
    roman_value,
    segment,
)


def make_doc(lines: Sequence[str | BlockDraft]) -> Document:
    return draft_document(lines, path="test.txt")


def outline(clauses: Sequence[Clause], depth: int = 0) -> list[tuple[int, str | None]]:
    out: list[tuple[int, str | None]] = []
    for c in clauses:
        out.append((depth, c.number if c.number else f"[{c.kind}]"))
        out.extend(outline(c.children, depth + 1))
    return out


def numbers(clauses: Sequence[Clause]) -> list[str]:
    return [c.number for top in clauses for c in top.walk() if c.number]


# ----------------------------------------------------------------------------------------------
# Labels


@pytest.mark.parametrize(
    ("text", "number", "scheme"),
    [
        ("ARTICLE V", "ARTICLE V", "article"),
        ("ARTICLE V - CONFIDENTIALITY", "ARTICLE V", "article"),
        ("Article 5 Confidentiality", "Article 5", "article"),
        ("Section 12.3 Audit. The Supplier shall", "Section 12.3", "section2"),
        ("SECTION 12.3. AUDIT", "SECTION 12.3", "section2"),
        ("Section 12. Audit", "Section 12", "section1"),
        ("12. Confidentiality", "12.", "dec1"),
        ("12 . Confidentiality", "12.", "dec1"),
        ("12.3 The Supplier shall", "12.3", "dec2"),
        ("12.3.1 The Supplier shall", "12.3.1", "dec3"),
        ("1.0 Scope", "1.0", "dec1"),
        ("2.38Software", "2.38", "dec2"),
        ("4 Intellectual Property. Each party", "4", "dec1"),
        ("(a) the Supplier shall", "(a)", "paren_alpha_lower"),
        ("(iv) any third party", "(iv)", "paren_roman_lower"),
        ("(i) any third party", "(i)", "paren_roman_lower"),
        ("(A) The Customer wishes", "(A)", "paren_alpha_upper"),
        ("(IV) Remedies", "(IV)", "paren_roman_upper"),
        ("(3) a notice", "(3)", "paren_digit"),
        ("a) the Supplier", "a)", "rparen_alpha_lower"),
        ("ii) the Supplier", "ii)", "rparen_roman_lower"),
        ("1) the Supplier", "1)", "rparen_digit"),
        ("i. the Supplier", "i.", "dot_roman_lower"),
        ("B. Payment Schedule", "B.", "dot_alpha_upper"),
        ("Schedule 2", "Schedule 2", "schedule"),
        ("SCHEDULE 2 - SERVICE LEVELS", "SCHEDULE 2", "schedule"),
        ("Exhibit A", "Exhibit A", "schedule"),
        ("EXHIBIT A: Statement of Work", "EXHIBIT A", "schedule"),
        ("Annex 1 Data Processing", "Annex 1", "schedule"),
        ("Appendix B", "Appendix B", "schedule"),
        ("## 7. Confidentiality", "7.", "dec1"),
        ("**5.1.** Use of Customer Data.", "5.1", "dec2"),
        ("1. **Introduction**. This NDA", "1.", "dec1"),
        # Chinese
        ("第一章 总则", "第一章", "zh_part"),
        ("第五条 保密条款", "第五条", "zh_article"),
        ("第十二条　违约责任", "第十二条", "zh_article"),
        ("第1条 物业服务基本情况", "第1条", "zh_article"),
        ("第一部分 合同协议书", "第一部分", "zh_part"),
        ("第二节 服务内容", "第二节", "zh_section"),
        ("一、合同标的", "一、", "zh_enum"),
        ("十二、其他", "十二、", "zh_enum"),
        ("（一）原始数据：是指", "（一）", "paren_zh"),
        ("(一) 原始数据", "(一)", "paren_zh"),
        ("1. 甲方应当", "1.", "dec1"),
        ("1．跟踪测量技术服务范围", "1．", "dec1"),
        ("1.1 合同文件的组成", "1.1", "dec2"),
        ("1、乙方应当", "1、", "zh_dec1"),
        ("（1）本合同协议书；", "（1）", "paren_digit"),
        ("附件一 保密协议", "附件一", "schedule"),
        ("附件1：数据清单", "附件1", "schedule"),
    ],
)
def test_segment_detects_label(text: str, number: str, scheme: str) -> None:
    label = detect_label(text)
    assert label is not None, text
    assert (label.number, label.scheme) == (number, scheme)


@pytest.mark.parametrize(
    "text",
    [
        "The Supplier shall keep all information confidential.",
        "1.5 million shares were issued",
        "2 weeks after signing",
        "2019. The parties",
        "10,000 units per month",
        "Section 5.1 of this Agreement applies.",
        "Article 5 of the Convention applies.",
        "Exhibit A attached hereto sets out the fees.",
        "U.S. law applies",
        "e.g. the Supplier",
        "甲方应当对乙方提供的数据保密。",
        "附件所列需求规格说明书由甲方提供。",
        "( x ) Default choice",
        "• a bullet point",
        "",
    ],
)
def test_segment_rejects_non_labels(text: str) -> None:
    assert detect_label(text) is None


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("i", 1), ("iv", 4), ("ix", 9), ("xiv", 14), ("XXXIX", 39), ("iiii", None)],
)
def test_segment_roman_values(numeral: str, value: int | None) -> None:
    assert roman_value(numeral) == value


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("一百零五", 105),
        ("7", 7),
    ],
)
def test_segment_chinese_values(numeral: str, value: int) -> None:
    assert chinese_value(numeral) == value


@pytest.mark.parametrize(
    ("rest", "heading"),
    [
        ("Confidentiality. The Supplier shall keep", "Confidentiality"),
        ("Compensation and Expenses. Aduro shall pay", "Compensation and Expenses"),
        ("CONFIDENTIALITY", "CONFIDENTIALITY"),
        ("Term of Agreement", "Term of Agreement"),
        ("**Introduction**. This NDA is designed", "Introduction"),
        ("[Calling Card]. Calling Card. The parties", "Calling Card"),
        ("The Supplier shall keep all information confidential.", None),
        ("the Supplier shall not disclose", None),
        ('"Confidential Information" means any information', None),
        ("保密条款", "保密条款"),
        ("【保密】乙方应当", "保密"),
        ("乙方应当对甲方提供的数据严格保密，不得向第三方披露。", None),
    ],
)
def test_segment_heading_after_label(rest: str, heading: str | None) -> None:
    assert heading_after_label(rest) == heading


# ----------------------------------------------------------------------------------------------
# Hierarchy


HIERARCHY_CASES: list[tuple[str, list[str], list[tuple[int, str | None]]]] = [
    (
        "decimal > decimal.decimal > (a) > (i)",
        [
            "SERVICES AGREEMENT",
            "1. Services. The Supplier will provide the services.",
            "1.1 Scope. The scope is set out below.",
            "(a) the Supplier shall provide support;",
            "(i) by telephone;",
            "(ii) by email; and",
            "(b) the Supplier shall provide reports.",
            "1.2 Changes. Changes need written consent.",
            "2. Fees. The Customer pays the fees.",
        ],
        [
            (0, "[preamble]"),
            (0, "1."),
            (1, "1.1"),
            (2, "(a)"),
            (3, "(i)"),
            (3, "(ii)"),
            (2, "(b)"),
            (1, "1.2"),
            (0, "2."),
        ],
    ),
    (
        "ARTICLE > Section",
        [
            "ARTICLE I",
            "DEFINITIONS",
            "Section 1.01. Definitions. In this Agreement:",
            "Section 1.02. Interpretation. Headings are for convenience.",
            "ARTICLE II",
            "SERVICES",
            "Section 2.01. Services. The Supplier will provide the services.",
        ],
        [
            (0, "ARTICLE I"),
            (1, "Section 1.01"),
            (1, "Section 1.02"),
            (0, "ARTICLE II"),
            (1, "Section 2.01"),
        ],
    ),
    (
        "Section N holds a plain numbered list",
        [
            "Section 1. Services. The Supplier provides:",
            "1. hosting;",
            "2. support.",
            "Section 2. Fees. The Customer pays.",
        ],
        [(0, "Section 1"), (1, "1."), (1, "2."), (0, "Section 2")],
    ),
    (
        "(h) then (i) is a letter",
        [
            "1. Obligations. The Supplier shall:",
            "(g) keep records;",
            "(h) allow audits;",
            "(i) train staff;",
            "(j) report incidents.",
            "2. Fees. The Customer pays.",
        ],
        [(0, "1."), (1, "(g)"), (1, "(h)"), (1, "(i)"), (1, "(j)"), (0, "2.")],
    ),
    (
        "(i) after (a) is a roman sub-item",
        [
            "1. Obligations. The Supplier shall:",
            "(a) keep records, including:",
            "(i) invoices;",
            "(ii) time sheets;",
            "(b) allow audits.",
        ],
        [(0, "1."), (1, "(a)"), (2, "(i)"), (2, "(ii)"), (1, "(b)")],
    ),
    (
        "recitals (A) (B) do not hold the numbered clauses",
        [
            "This Agreement is made between Alpha Ltd and Beta Ltd.",
            "(A) Alpha wishes to outsource its payroll.",
            "(B) Beta provides payroll services.",
            "1. Definitions. In this Agreement:",
            "2. Services. Beta shall provide the Services.",
        ],
        [(0, "[preamble]"), (0, "(A)"), (0, "(B)"), (0, "1."), (0, "2.")],
    ),
    (
        "第X章 > 第X条 > 一、 > （一） > 1.",
        [
            "数据处理服务合同",
            "第一章 总则",
            "第一条 定义",
            "一、数据",
            "（一）原始数据：是指初次产生的数据。",
            "1. 包括结构化数据；",
            "2. 包括非结构化数据。",
            "（二）结果数据：是指处理后生成的数据。",
            "二、服务",
            "第二条 保密",
            "第二章 附则",
            "第三条 争议解决",
        ],
        [
            (0, "[preamble]"),
            (0, "第一章"),
            (1, "第一条"),
            (2, "一、"),
            (3, "（一）"),
            (4, "1."),
            (4, "2."),
            (3, "（二）"),
            (2, "一、".replace("一", "二")),
            (1, "第二条"),
            (0, "第二章"),
            (1, "第三条"),
        ],
    ),
    (
        "第X条 > 1.1 > （1）",
        [
            "第1条 一般规定",
            "1.1 合同文件的组成",
            "（1）本合同协议书；",
            "（2）中标通知书；",
            "1.2 标准、规范",
            "第2条 服务范围",
        ],
        [(0, "第1条"), (1, "1.1"), (2, "（1）"), (2, "（2）"), (1, "1.2"), (0, "第2条")],
    ),
    (
        "schedules hold their own numbering",
        [
            "1. Services. The Supplier provides the Services.",
            "2. Fees. The Customer pays the Fees.",
            "SCHEDULE 1",
            "SERVICE LEVELS",
            "1. Availability. 99.9% per month.",
            "2. Support. Business hours.",
        ],
        [(0, "1."), (0, "2."), (0, "SCHEDULE 1"), (1, "1."), (1, "2.")],
    ),
]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [pytest.param(lines, exp, id=name) for name, lines, exp in HIERARCHY_CASES],
)
def test_segment_hierarchy(lines: list[str], expected: list[tuple[int, str | None]]) -> None:
    assert outline(segment(make_doc(lines))) == expected


def test_segment_reader_labels_are_used() -> None:
    doc = make_doc(
        [
            BlockDraft("1. Services", kind="heading", label="1.", level=0),
            BlockDraft("1.1 The Supplier provides the Services.", kind="list_item", label="1.1"),
            BlockDraft("(a) on time;", kind="list_item", label="(a)"),
            BlockDraft("2. Fees", kind="heading", label="2.", level=0),
        ]
    )
    assert outline(segment(doc)) == [(0, "1."), (1, "1.1"), (2, "(a)"), (0, "2.")]


def test_segment_markdown_headings_without_numbers() -> None:
    doc = make_doc(
        [
            BlockDraft("Mutual NDA", kind="heading", level=0),
            BlockDraft("Purpose", kind="heading", level=1),
            BlockDraft("The parties wish to explore a business opportunity."),
            BlockDraft("Term", kind="heading", level=1),
            BlockDraft("This NDA lasts two years."),
        ]
    )
    clauses = segment(doc)
    assert [(c.kind, c.heading) for c in clauses] == [
        ("preamble", None),
        ("clause", "Purpose"),
        ("clause", "Term"),
    ]


# ----------------------------------------------------------------------------------------------
# Kinds, headings, no-heading contracts


def test_segment_kinds_preamble_definitions_schedule() -> None:
    doc = make_doc(
        [
            "MASTER SERVICES AGREEMENT",
            "This Agreement is made on 1 May 2024 between Alpha Ltd and Beta Ltd.",
            "1. Definitions. In this Agreement the following terms apply.",
            "2. Confidentiality. Beta shall keep Confidential Information secret.",
            "3. Term. This Agreement lasts two years.",
            "EXHIBIT A",
            "Statement of Work",
            "The Services are payroll processing.",
        ]
    )
    clauses = segment(doc)
    assert [(c.number, c.heading, c.kind) for c in clauses] == [
        (None, None, "preamble"),
        ("1.", "Definitions", "definitions"),
        ("2.", "Confidentiality", "clause"),
        ("3.", "Term", "clause"),
        ("EXHIBIT A", "Statement of Work", "schedule"),
    ]
    assert doc.text[clauses[0].start : clauses[0].end].startswith("MASTER SERVICES AGREEMENT")


def test_segment_label_only_block_takes_next_heading() -> None:
    doc = make_doc(["ARTICLE 7", "CONFIDENTIALITY", "7.1 The Supplier shall not disclose it."])
    top = segment(doc)[0]
    assert (top.number, top.heading) == ("ARTICLE 7", "CONFIDENTIALITY")
    assert [c.number for c in top.children] == ["7.1"]


def test_segment_zh_definitions_and_schedule() -> None:
    doc = make_doc(
        [
            "第一条 定义",
            "本合同中下列术语具有如下含义。",
            "第二条 保密条款",
            "乙方应对甲方数据保密。",
            "附件一 数据清单",
            "1. 客户数据",
        ]
    )
    clauses = segment(doc)
    assert [(c.number, c.heading, c.kind) for c in clauses] == [
        ("第一条", "定义", "definitions"),
        ("第二条", "保密条款", "clause"),
        ("附件一", "数据清单", "schedule"),
    ]


@pytest.mark.parametrize(
    ("lines", "expected_numbers"),
    [
        (
            # plain numbered paragraphs, no headings at all
            [
                "This agreement is between A and B.",
                "1. A will provide consulting services to B on request.",
                "2. B will pay A within thirty days of each invoice.",
                "3. A will keep B's information confidential during and after the term.",
            ],
            ["1.", "2.", "3."],
        ),
        (
            # stray page numbers and OCR spacing do not open clauses
            [
                "1. Services. A provides the services.",
                "- 2 -",
                "Page 3",
                "2 . Fees. B pays the fees.",
                "7",
                "3. Term. One year.",
            ],
            ["1.", "2.", "3."],
        ),
        (
            # a table of contents does not open clauses; the body does
            [
                "TABLE OF CONTENTS",
                "1. Definitions 1",
                "2. Services 3",
                "3. Fees 5",
                "4. Term 6",
                "1. Definitions. Terms have these meanings.",
                "2. Services. A provides the services.",
                "3. Fees. B pays.",
                "4. Term. One year.",
            ],
            ["1.", "2.", "3.", "4."],
        ),
        (
            # a list of exhibits is not a set of schedules
            [
                "1. Services. A provides the services in Exhibit A.",
                "Exhibit A: Services",
                "Exhibit B: Fees",
                "2. Fees. B pays the fees in Exhibit B.",
            ],
            ["1.", "2."],
        ),
    ],
)
def test_segment_noisy_and_plain_contracts(lines: list[str], expected_numbers: list[str]) -> None:
    clauses = segment(make_doc(lines))
    assert [c.number for c in clauses if c.number] == expected_numbers


def test_segment_no_numbering_gives_paragraph_groups() -> None:
    doc = make_doc(
        [
            "Consulting letter",
            "Dear Ms Smith, we are pleased to confirm our engagement on the terms below.",
            "Our fees are EUR 500 per hour, invoiced monthly and payable within thirty days.",
            "Payment terms",
            "You will keep our working papers confidential and will not share them with anyone.",
        ]
    )
    clauses = segment(doc)
    assert len(clauses) == 3
    assert all(c.number is None for c in clauses)
    assert clauses[2].heading == "Payment terms"
    assert clauses[0].start == 0 and clauses[-1].end == len(doc.text)


def test_segment_all_caps_headings_structure_unnumbered_contract() -> None:
    doc = make_doc(
        [
            "WEB HOSTING AGREEMENT",
            "This Agreement is made between A and B.",
            "SERVICES",
            "A will host the site.",
            "1. connectivity to the Internet;",
            "2. daily backups;",
            "CONFIDENTIALITY",
            "Each party keeps the other's information confidential.",
        ]
    )
    assert outline(segment(doc)) == [
        (0, "[preamble]"),
        (0, "[clause]"),
        (1, "1."),
        (1, "2."),
        (0, "[clause]"),
    ]


def test_segment_empty_document() -> None:
    assert segment(make_doc([])) == ()


# ----------------------------------------------------------------------------------------------
# Clause index


def test_segment_clause_index_at_number_and_citation() -> None:
    doc = make_doc(
        [
            "1. Services. The Supplier provides the Services.",
            "7.2 Confidentiality. The Supplier shall:",
            "(a) keep information secret;",
            "(b) not disclose it to any third party.",
            "Section 9.1 Audit. The Customer may audit.",
        ]
    )
    clauses = segment(doc)
    index = ClauseIndex(clauses)
    at_b = doc.text.index("not disclose")
    clause = index.at(at_b)
    assert clause is not None and clause.number == "(b)"
    assert index.number_at(at_b) == "7.2(b)"
    assert index.citation_at(at_b) == "7.2(b)"
    assert index.label_at(at_b) == "(b)"
    assert index.number_at(doc.text.index("The Supplier shall:")) == "7.2"
    assert index.number_at(doc.text.index("The Customer may")) == "Section 9.1"
    assert index.number_at(0) == "1"
    assert index.at(len(doc.text) + 5) is None


@pytest.mark.parametrize(
    ("lines", "needle", "citation"),
    [
        (["第五条 保密", "（一）乙方不得披露。"], "乙方不得", "第五条（一）"),
        (
            ["ARTICLE V", "Section 5.1 Use. Use is limited.", "(a) no copies."],
            "no copies",
            "Section 5.1(a)",
        ),
        (["1. Services.", "SCHEDULE 2", "1.1 Levels. 99.9%."], "Levels", "SCHEDULE 2, 1.1"),
        (["1. Services. Scope:", "a) support;", "b) reports."], "reports", "1(b)"),
    ],
)
def test_segment_citations(lines: list[str], needle: str, citation: str) -> None:
    doc = make_doc(lines)
    assert ClauseIndex(segment(doc)).citation_at(doc.text.index(needle)) == citation


def test_segment_clause_index_matches_linear_scan() -> None:
    lines = [
        "Preamble text.",
        "1. A. Text.",
        "1.1 B. Text.",
        "(a) text",
        "(b) text",
        "1.2 C. Text.",
        "2. D. Text.",
        "(a) text",
    ]
    doc = make_doc(lines)
    clauses = segment(doc)
    index = ClauseIndex(clauses)
    flat = [c for top in clauses for c in top.walk()]
    for offset in range(len(doc.text)):
        containing = [c for c in flat if c.start <= offset < c.end]
        deepest = max(containing, key=lambda c: c.level) if containing else None
        assert index.at(offset) is deepest


# ----------------------------------------------------------------------------------------------
# Invariants (property-based)

_LABELS = st.sampled_from(
    ["", "1. ", "2. ", "1.1 ", "1.2 ", "(a) ", "(b) ", "(i) ", "ARTICLE II ", "Section 3.1 ",
     "第一条 ", "第二章 ", "一、", "（一）", "Exhibit A ", "- 3 -", "CONFIDENTIALITY", "# "]
)  # fmt: skip
_BODIES = st.sampled_from(
    ["", "Services. The Supplier provides them.", "the Supplier shall", "保密条款", "x", "Fees"]
)


def _check_tree(doc: Document, clauses: Sequence[Clause], lo: int, hi: int, level: int) -> None:
    prev_end = lo
    for c in clauses:
        assert lo <= c.start < c.end <= hi
        assert c.start >= prev_end, "siblings overlap"
        assert c.level == level
        prev_end = c.end
        _check_tree(doc, c.children, c.start, c.end, level + 1)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_LABELS, _BODIES), max_size=25))
def test_segment_spans_are_nested_and_disjoint(parts: list[tuple[str, str]]) -> None:
    doc = make_doc([label + body for label, body in parts])
    clauses = segment(doc)
    _check_tree(doc, clauses, 0, len(doc.text), 0)
    if doc.blocks:
        assert clauses, "a non-empty document has at least one clause"
        assert clauses[0].start == doc.blocks[0].start
        assert clauses[-1].end == len(doc.text)
    index = ClauseIndex(clauses)
    for b in doc.blocks:
        found = index.at(b.start)
        assert found is not None and found.start <= b.start < found.end


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), max_size=15))
def test_segment_arbitrary_text_never_breaks_invariants(texts: list[str]) -> None:
    doc = make_doc([t.strip() for t in texts if t.strip()])
    clauses = segment(doc)
    _check_tree(doc, clauses, 0, len(doc.text), 0)


# ----------------------------------------------------------------------------------------------
# Regressions found on real contracts (written here in our own words)


def test_segment_recital_headings_do_not_hold_the_body() -> None:
    doc = make_doc(
        [
            BlockDraft("CLAIMS OUTSOURCING AGREEMENT", kind="heading", level=0),
            BlockDraft("BETWEEN", kind="heading", level=0),
            BlockDraft("(1) Alpha Insurance Ltd; and"),
            BlockDraft("(2) Beta Processing Ltd."),
            BlockDraft("WHEREAS", kind="heading", level=0),
            BlockDraft("(A) Alpha wishes to outsource claims handling."),
            BlockDraft("1. INTERPRETATION", kind="heading", level=0),
            BlockDraft("1.1 Words have these meanings."),
            BlockDraft("2. SERVICES", kind="heading", level=0),
        ]
    )
    assert outline(segment(doc)) == [
        (0, "[preamble]"),
        (0, "[clause]"),
        (1, "(1)"),
        (1, "(2)"),
        (0, "[clause]"),
        (1, "(A)"),
        (0, "1."),
        (1, "1.1"),
        (0, "2."),
    ]


def test_segment_reader_calling_every_block_a_heading_is_ignored() -> None:
    lines = [
        "软件开发外包合同",
        "委托方（甲方）：某物流公司",
        "第一章 总则",
        "第一条 合同目的",
        "甲方委托乙方开发仓储管理系统，乙方同意按约定完成。",
        "第二条 开发内容",
        "乙方应按照附件所列需求完成设计、编码和测试工作。",
    ]
    doc = make_doc([BlockDraft(t, kind="heading") for t in lines])
    assert outline(segment(doc)) == [
        (0, "[preamble]"),
        (0, "第一章"),
        (1, "第一条"),
        (1, "第二条"),
    ]
    assert all(c.kind != "schedule" for top in segment(doc) for c in top.walk())


def test_segment_bilingual_articles_are_siblings() -> None:
    doc = make_doc(
        [
            "第一条 服务",
            "Article 1 Services",
            "1.1 乙方提供数据处理服务。",
            "1.1 Party B provides data processing services.",
            "第二条 保密",
            "Article 2 Confidentiality",
        ]
    )
    assert outline(segment(doc)) == [
        (0, "第一条"),
        (0, "Article 1"),
        (1, "1.1"),
        (1, "1.1"),
        (0, "第二条"),
        (0, "Article 2"),
    ]


def test_segment_contents_then_recitals_then_body() -> None:
    doc = make_doc(
        [
            "TABLE OF CONTENTS",
            "Section 1.01. Definitions 1",
            "ARTICLE II LICENCES",
            "Section 2.01. Grant 5 Section 2.02. Limits 6",
            "ARTICLE III TERM",
            "Section 3.01. Term 7",
            "RECITALS",
            "WHEREAS, Alpha owns certain software and wishes to licence it to Beta on these terms.",
            "ARTICLE I DEFINITIONS",
            "Section 1.01. Definitions. Capitalised words have these meanings.",
            "ARTICLE II LICENCES",
            "Section 2.01. Grant. Alpha grants Beta a licence.",
            "ARTICLE III TERM",
        ]
    )
    top = [c.number for c in segment(doc) if c.number]
    assert top == ["ARTICLE I", "ARTICLE II", "ARTICLE III"]


@pytest.mark.parametrize(
    ("previous", "opens_clause"),
    [
        ("The fees are set out in Section", False),
        ("as provided under Article", False),
        ("The Supplier shall comply with the requirements of", False),
        ("(a) pay the fees; and", True),
        ("The Customer shall pay the fees.", True),
    ],
)
def test_segment_wrapped_cross_reference_is_not_a_clause(previous: str, opens_clause: bool) -> None:
    doc = make_doc(["1. Fees. The Customer pays.", previous, "4.3 Payment Terms. Within 30 days."])
    assert ("4.3" in numbers(segment(doc))) is opens_clause


def test_segment_ticked_box_is_not_an_item() -> None:
    assert detect_label("( x ) Default choice") is None
    assert detect_label("(x) the tenth item") is not None


def test_segment_restarted_list_under_a_new_heading() -> None:
    doc = make_doc(
        [
            "1. Services. A provides the services.",
            "2. Fees. B pays the fees.",
            "3. Term. One year.",
            "FEE SCHEDULE",
            "1. Hourly rate. EUR 100.",
            "2. Expenses. At cost.",
        ]
    )
    assert outline(segment(doc)) == [
        (0, "1."),
        (0, "2."),
        (0, "3."),
        (0, "[schedule]"),
        (1, "1."),
        (1, "2."),
    ]


def test_segment_filing_exhibit_number_at_top_is_preamble() -> None:
    doc = make_doc(
        ["Exhibit 10.7", "CONSULTING AGREEMENT", "1. Services. A advises B.", "2. Fees."]
    )
    clauses = segment(doc)
    assert [c.kind for c in clauses] == ["preamble", "clause", "clause"]


@pytest.mark.parametrize(
    ("paragraph", "items"),
    [
        ("7.2 Duties. The Supplier shall: (a) keep records; (b) allow audits; and (c) train staff.",
         ["(a)", "(b)", "(c)"]),
        ("7.2 Duties. The Supplier shall, (i) on request, return data, and (ii) delete copies.",
         ["(i)", "(ii)"]),
        ("7.2 Duties. The duties in Section 2(a) and (b) apply.", []),
        ("7.2 Duties. The Supplier shall comply with clauses (a) and (b) of Schedule 1.", []),
        ("7.2 Duties. The Supplier shall: (b) keep records; (c) allow audits.", []),
        ("7.2 Duties. The Supplier shall: (a) keep records.", []),
    ],
)  # fmt: skip
def test_segment_inline_items(paragraph: str, items: list[str]) -> None:
    doc = make_doc(["1. Services. The Supplier provides them.", paragraph])
    clause = segment(doc)[0].children[0]
    assert clause.number == "7.2"
    assert [c.number for c in clause.children] == items
    for child in clause.children:
        assert doc.text[child.start : child.start + len(child.number or "")] == child.number
        assert child.end <= clause.end


def test_segment_inline_item_citation() -> None:
    doc = make_doc(["7.2 Duties. The Supplier shall: (a) keep records; (b) not disclose data."])
    index = ClauseIndex(segment(doc))
    assert index.citation_at(doc.text.index("not disclose")) == "7.2(b)"
    assert index.citation_at(doc.text.index("Duties")) == "7.2"


def test_segment_restarted_list_inside_a_clause() -> None:
    doc = make_doc(
        [
            "1. Services. A provides the services.",
            "2. Fees. B pays the fees.",
            "3. Reports. A reports on:",
            "1. Volumes handled in the month.",
            "2. Incidents and their resolution.",
            "4. Term. One year.",
        ]
    )
    assert outline(segment(doc)) == [
        (0, "1."),
        (0, "2."),
        (0, "3."),
        (1, "1."),
        (1, "2."),
        (0, "4."),
    ]
    index = ClauseIndex(segment(doc))
    assert index.citation_at(doc.text.index("Incidents")) == "3(2)"


def test_segment_sections_inside_a_page_long_paragraph() -> None:
    """Filings rendered one page per line: numbered, headed sections start mid-paragraph."""
    filler = "The parties shall act in good faith and keep written records of their work. " * 8
    page = (
        f"1. Services. {filler} 2. Fees and Payment. {filler} "
        f"3. Confidentiality. {filler} pursuant to Section 2. Fees are due monthly. {filler}"
    )
    doc = make_doc(["CONSULTING AGREEMENT", page, "4. Term. This Agreement lasts one year."])
    clauses = segment(doc)
    assert [(c.number, c.heading) for c in clauses if c.number] == [
        ("1.", "Services"),
        ("2.", "Fees and Payment"),
        ("3.", "Confidentiality"),
        ("4.", "Term"),
    ]
    third = clauses[3]
    assert doc.text[third.start :].startswith("3. Confidentiality.")
    assert ClauseIndex(clauses).citation_at(doc.text.index("pursuant to Section 2")) == "3"


_SENTENCES = st.sampled_from(
    ["The Supplier shall keep records. ", "2. Fees. ", "Section 4.1 Audit. ", "(a) to pay; ",
     "(b) to report. ", "3. Term. ", "pursuant to Section 2. ", "ARTICLE V NOTICES. ", "x "]
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_SENTENCES, min_size=1, max_size=120).map("".join), max_size=6))
def test_segment_long_paragraph_invariants(paragraphs: list[str]) -> None:
    doc = make_doc([p.strip() for p in paragraphs if p.strip()])
    clauses = segment(doc)
    _check_tree(doc, clauses, 0, len(doc.text), 0)
    index = ClauseIndex(clauses)
    for offset in range(0, len(doc.text), 37):
        found = index.at(offset)
        assert found is not None and found.start <= offset < found.end


@pytest.mark.parametrize(
    "drafts",
    [
        [BlockDraft(f"Part{i} text", label=f"Part{i}") for i in range(400)],
        [BlockDraft(f"Step {chr(65 + i % 26)}{i} text", label=f"Step {chr(65 + i % 26)}{i}") for i in range(400)],
        [BlockDraft(t) for t in ["1. A. x", "(a) x", "(i) x", "a) x", "(A) x", "(1) x", "A. x"] * 60],
    ],
)  # fmt: skip
def test_segment_depth_is_bounded_on_hostile_labels(drafts: list[BlockDraft]) -> None:
    clauses = segment(make_doc(drafts))
    assert max(c.level for top in clauses for c in top.walk()) < 25


def test_segment_clauses_deeper_than_five_levels_cite_their_own_number() -> None:
    """Regression (issue #14): a clause numbered 1.1.1.1.1.1 was cited as its level-5 parent."""
    doc = make_doc(
        [
            "SERVICES AGREEMENT",
            "1. Confidentiality",
            "1.1 General",
            "1.1.1 Scope",
            "1.1.1.1 Detail",
            "1.1.1.1.1 More detail",
            "1.1.1.1.1.1 The Supplier shall not disclose any confidential information.",
            "1.1.1.1.1.2 The Supplier shall keep it secure.",
            "1.1.1.1.1.2.1 Including backups.",
            "Section 2.1.1.1.1.1 Notices go to the registered office.",
        ]
    )
    index = ClauseIndex(segment(doc))
    for number in ("1.1.1.1.1.1", "1.1.1.1.1.2", "1.1.1.1.1.2.1", "Section 2.1.1.1.1.1"):
        at = doc.text.index(number + " ") + len(number) + 3
        assert index.number_at(at) == number
