"""Property-based hostile input (issue #7): arbitrary text AND arbitrary block structure through
segmentation, pattern matching, obligation extraction and the whole analysis.

The owners' modules already fuzz plain text (test_segment, test_obligations, test_parties,
readers/test_readers_text); these properties add what those do not: structured documents (kinds,
labels that disagree with the text, levels, pages, table cells), hostile party terms (regex
metacharacters, empty strings), case mappings that change length (``İ``), zero-width and
combining characters, the tagger on arbitrary spans, and the end-to-end invariants of analyze():
every quote is ``Document.text[start:end]`` and every page is the page of the quoted text.
"""

from __future__ import annotations

import functools
import io
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

from builders import draft_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.engine import analyze, language_spans
from analyzer.errors import AnalyzerError
from analyzer.model import Clause, Document, Party
from analyzer.obligations import find_obligations
from analyzer.patterns import load_patterns
from analyzer.readers import read_contract
from analyzer.readers._common import BlockDraft
from analyzer.report import LABEL_KEYS, to_json
from analyzer.segment import ClauseIndex, segment
from analyzer.tagger import tagger_for

# words that make the analysers work (written for this test), plus characters that break naive
# code: length-changing case maps, ligatures, zero-width, combining marks, RTL, emoji, controls
FRAGMENTS = [
    "1. ", "1.1 ", "(a) ", "(ii) ", "Section 4.2 ", "ARTICLE IX ", "第一条 ", "第十二条 ", "一、",
    "（三）", "Schedule 1 ", "Exhibit B ", "CONFIDENTIALITY", "Confidential Information",
    "\"Confidential Information\" means ", "The Supplier shall not disclose ", "shall keep secret ",
    "its employees shall ", "arbitration ", "courts of ", "CIETAC ", "shall be the property of ",
    "Client ", "Supplier ", "Customer ", "Vendor ", "Provider ", "except as provided in Section 9 ",
    "if any ", "unless ", "may ", "must ", "will not ", "甲方", "乙方", "发包方", "接包方", "应当",
    "不得", "保密", "泄露", "知识产权归甲方所有", "仲裁委员会", "人民法院", "______", "。", "；",
    ". ", "; ", ", ", "\n", "\t", "  ", "İ", "ß", "ﬁ", "\u200b", "e\u0301", "\u202e", "😀",
    "\x0c", "Inc. ", "U.S. ", "No. ", "(", ")", "[", "]", "*", "\\", "$", "^",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), min_size=1, max_size=14).map(
    "".join
)
KINDS = st.sampled_from(["heading", "paragraph", "list_item", "table_cell", "title"])
LABELS = st.none() | st.sampled_from(["1.", "1.1", "(a)", "第五条", "IV", "", "9.9.9.9", "(", "x"])


@st.composite
def drafts(draw: st.DrawFn) -> list[BlockDraft]:
    out = []
    page = 1
    for i in range(draw(st.integers(0, 12))):
        text = draw(TEXTS).strip()
        page += draw(st.sampled_from([0, 0, 1]))
        table = draw(st.none() | st.integers(0, 2))
        out.append(
            BlockDraft(
                text=text,
                kind=draw(KINDS),
                label=draw(LABELS),
                level=draw(st.none() | st.integers(0, 8)),
                page=page,
                paragraph=i,
                table=table,
            )
        )
    return out


def make_doc(blocks: Sequence[BlockDraft]) -> Document:
    return draft_document(blocks, path="hostile.txt", fmt="pdf", pages=9)


def _check_tree(clauses: Sequence[Clause], lo: int, hi: int) -> None:
    prev = lo
    for c in clauses:
        assert lo <= c.start < c.end <= hi
        assert c.start >= prev, "sibling clauses overlap"
        prev = c.end
        _check_tree(c.children, c.start, c.end)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(drafts())
def test_hostile_segment_any_structure_gives_a_sound_tree(blocks: list[BlockDraft]) -> None:
    doc = make_doc(blocks)
    clauses = segment(doc)
    _check_tree(clauses, 0, len(doc.text))
    if doc.blocks:
        assert clauses


@SETTINGS
@given(drafts(), st.sampled_from(["en", "zh"]), st.data())
def test_hostile_tagger_hits_lie_inside_given_spans(
    blocks: list[BlockDraft], language: str, data: st.DataObject
) -> None:
    doc = make_doc(blocks)
    text = doc.text
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text)), max_size=8))))
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b]
    tagger = tagger_for(load_patterns(), language)
    for chosen in (spans, language_spans(doc).get(language, [])):
        for h in tagger.tag(text, chosen):
            assert 0 <= h.sent_start <= h.start <= h.end <= h.sent_end <= len(text)
            assert any(a <= h.sent_start and h.sent_end <= b for a, b in chosen), h


PARTY_TERMS = st.sampled_from(
    ["Supplier", "Client", "Provider", "甲方", "乙方", "(", "[a-z]*", "\\", "a|b", " ", "İ", "*"]
)


@SETTINGS
@given(
    drafts(),
    st.lists(
        st.builds(
            Party,
            name=st.text(max_size=10),
            terms=st.lists(PARTY_TERMS | st.text(max_size=6), max_size=3).map(tuple),
            role=st.sampled_from(["provider", "client", "unknown"]),
        ),
        max_size=3,
    ),
    st.sampled_from(["en", "zh", "mixed"]),
)
def test_hostile_obligations_with_hostile_party_terms(
    blocks: list[BlockDraft], parties: list[Party], language: str
) -> None:
    doc = make_doc(blocks)
    clauses = segment(doc)
    index = ClauseIndex(clauses)
    for o in find_obligations(doc, clauses, parties, language):
        assert 0 <= o.start < o.end <= len(doc.text)
        assert o.modality in ("must", "must_not", "may")
        assert o.clause == index.number_at(o.start)  # the citation of the clause holding it


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_hostile_analyze_quotes_and_pages_are_exact(blocks: list[BlockDraft]) -> None:
    doc = make_doc(blocks)
    report = analyze(doc)
    text = doc.text
    assert set(report.labels()) == set(LABEL_KEYS)
    for f in report.findings:
        for ev in f.evidence:
            assert 0 <= ev.start <= ev.end <= len(text)
            assert ev.quote == text[ev.start : ev.end]
            block = doc.block_at(ev.start)
            if ev.page is not None and block is not None:
                assert ev.page == block.page, (ev, block)
    for o in report.obligations:
        assert 0 <= o.start < o.end <= len(text)
    for top in report.clauses:
        for c in top.walk():
            for t in c.tags:
                assert 0 <= t.start < t.end <= len(text)
    for p in report.parties:
        for ev in p.evidence:
            assert ev.quote == text[ev.start : ev.end]
    json.loads(to_json(report))  # every report serialises


# ---------------------------------------------------------------------------------------------
# reading arbitrary and mutated bytes: a Document that keeps its invariants, or a coded ReadError

MAGICS = [
    b"",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\x89PNG\r\n\x1a\n",
    b"{\\rtf1",
]


@functools.lru_cache(maxsize=1)
def _seed_files() -> dict[str, bytes]:
    """A small real DOCX and PDF (written for this test) to mutate."""
    import docx as python_docx
    from fpdf import FPDF

    d = python_docx.Document()
    d.add_heading("SERVICES AGREEMENT", 0)
    d.add_paragraph("1. Confidentiality. The Supplier shall not disclose Client data.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "甲方"
    table.cell(0, 1).text = "乙方应当保密。"
    buf = io.BytesIO()
    d.save(buf)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "1. Confidentiality. The Supplier shall not disclose Client data.")
    return {"docx": buf.getvalue(), "pdf": bytes(pdf.output())}


def _read_soundly(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            doc = read_contract(path)
        except AnalyzerError as exc:
            assert exc.code.startswith("E") and str(path) in exc.message
            return
    previous = 0
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text and b.start >= previous
        previous = b.end


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(MAGICS),
    st.binary(max_size=600),
    st.sampled_from([".txt", ".pdf", ".docx", ".md", ""]),
)
def test_hostile_read_arbitrary_bytes(magic: bytes, body: bytes, suffix: str) -> None:
    _read_soundly(magic + body, suffix)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["docx", "pdf"]),
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=6),
    st.none() | st.floats(0.05, 1),
)
def test_hostile_read_mutated_docx_and_pdf(
    kind: str, flips: list[tuple[float, int]], keep: float | None
) -> None:
    data = bytearray(_seed_files()[kind])
    for where, value in flips:
        data[int(where * len(data))] = value
    if keep is not None:
        data = data[: max(1, int(len(data) * keep))]
    _read_soundly(bytes(data), f".{kind}")
