"""An annotated COPY of a DOCX contract: a Word comment at each finding's evidence.

- Each evidence quote (``Document.text[start:end]``) is mapped back to the runs of the Word
  paragraph it came from (``Block.paragraph`` is the index into the body paragraphs;
  ``Block.table`` the table of a table cell). The DOCX reader puts Word's auto-number label
  ("5.1", "(a)") in front of the block text, which is not in any run: the mapping aligns the
  block text with the runs' text (ignoring white space) so that prefix is skipped. Runs are split
  at the anchor boundaries, so the comment covers exactly the quoted words.
- For each ``missing`` requirement a comment at the contract's title says what is missing and
  which article requires it.
- Comments are made in article order, in English or Chinese (a Chinese contract gets Chinese
  comments unless told otherwise).
- The original file is never written: it is read into memory and the copy is saved elsewhere
  (atomically).

``read_comments(path)`` reads comments back (anchor text and comment text), e.g. for tests.
"""

from __future__ import annotations

import copy
import io
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from analyzer.errors import AnalyzerError
from analyzer.model import Block, ContractReport, Document, Evidence, Finding
from analyzer.report import article_order, lawyer_explanation, output_language

log = logging.getLogger(__name__)

AUTHOR = "analyzer"
INITIALS = "AZ"
_P = qn("w:p")
_R = qn("w:r")
_SPLITTABLE = {qn("w:rPr"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")}


class AnnotateError(AnalyzerError):
    code = "E700"


@dataclass(frozen=True)
class CommentInfo:
    anchor: str  # the text the comment is attached to
    text: str
    author: str


# ---------------------------------------------------------------------------------------------
# offsets → runs


def _nonspace_index(text: str) -> list[int]:
    return [i for i, ch in enumerate(text) if not ch.isspace()]


def _local_span(block: Block, start: int, end: int, ptext: str) -> tuple[int, int] | None:
    """Map [start, end) (document offsets) onto offsets into the paragraph's run text."""
    bs = max(start, block.start) - block.start
    be = min(end, block.end) - block.start
    b_idx = _nonspace_index(block.text)
    p_idx = _nonspace_index(ptext)
    if not p_idx:
        return None
    b_chars = "".join(block.text[i] for i in b_idx)
    p_chars = "".join(ptext[i] for i in p_idx)
    pos = b_chars.rfind(p_chars)  # the run text follows any numbering prefix
    if pos < 0:
        return None
    # non-space characters of the block inside [bs, be)
    inside = [k for k, i in enumerate(b_idx) if bs <= i < be]
    first = [k - pos for k in inside if 0 <= k - pos < len(p_idx)]
    if not first:
        return None
    return p_idx[first[0]], p_idx[first[-1]] + 1


def _splittable(run: Run) -> bool:
    return all(child.tag in _SPLITTABLE for child in run._r)


def _split(run: Run, k: int, paragraph: Paragraph) -> None:
    """Split ``run`` after its k-th character (keeping its formatting on both halves)."""
    text = run.text
    new_r = copy.deepcopy(run._r)
    run._r.addnext(new_r)
    run.text = text[:k]
    Run(new_r, paragraph).text = text[k:]


def _runs(paragraph: Paragraph) -> list[Run]:
    """The paragraph's own runs in order, including those in hyperlinks, fields and insertions
    (but not runs of paragraphs nested in text boxes)."""
    p = paragraph._p
    out = []
    for r in p.iter(_R):
        parent = r.getparent()
        while parent is not None and parent.tag != _P:
            parent = parent.getparent()
        if parent is p:
            out.append(Run(r, paragraph))
    return out


def _anchor_runs(paragraph: Paragraph, a: int, b: int) -> list[Run]:
    """Runs covering exactly [a, b) of the paragraph's run text, splitting at the edges."""
    for cut in (a, b):
        pos = 0
        for run in _runs(paragraph):
            n = len(run.text)
            if pos < cut < pos + n and _splittable(run):
                _split(run, cut - pos, paragraph)
                break
            pos += n
    out = []
    pos = 0
    for run in _runs(paragraph):
        n = len(run.text)
        if n and pos < b and pos + n > a:
            out.append(run)
        pos += n
    return out


class _Locator:
    def __init__(self, docx: DocxDocument, document: Document) -> None:
        self.docx = docx
        self.document = document
        self.paragraphs = docx.paragraphs
        self.tables = docx.tables
        self._table_ps: dict[int, list[Any]] = {}

    def paragraph(self, block: Block) -> Paragraph | None:
        if block.table is not None:
            # cell blocks: index among all paragraphs inside the top-level table (XML order)
            if block.table >= len(self.tables) or block.paragraph is None:
                return None
            table = self.tables[block.table]
            if block.table not in self._table_ps:
                self._table_ps[block.table] = list(table._tbl.iter(_P))
            ps = self._table_ps[block.table]
            if not 0 <= block.paragraph < len(ps):
                return None
            return Paragraph(ps[block.paragraph], table._parent)
        if block.paragraph is not None and 0 <= block.paragraph < len(self.paragraphs):
            return self.paragraphs[block.paragraph]
        return None

    def runs_for(self, start: int, end: int) -> list[Run]:
        runs: list[Run] = []
        for block in self.document.blocks:
            if block.end <= start or block.start >= end:
                continue
            p = self.paragraph(block)
            if p is None:
                continue
            ptext = "".join(r.text for r in _runs(p))
            span = _local_span(block, start, end, ptext)
            if span is None:
                continue
            runs.extend(_anchor_runs(p, *span))
        return runs

    def title_runs(self) -> list[Run]:
        blocks = sorted(
            self.document.blocks,
            key=lambda b: (b.kind not in ("title", "heading"), b.start),
        )
        for block in blocks[:20]:
            p = self.paragraph(block)
            if p is not None and any(r.text.strip() for r in _runs(p)):
                return [r for r in _runs(p) if r.text]
        for p in self.paragraphs:
            if any(r.text.strip() for r in _runs(p)):
                return [r for r in _runs(p) if r.text]
        return []


# ---------------------------------------------------------------------------------------------
# comment texts

_STATUS = {
    "met": "MET",
    "partial": "PARTLY MET",
    "missing": "MISSING",
    "flag": "FLAG",
    "not_applicable": "NOT APPLICABLE",
}
LANGUAGES = ("en", "zh")


def comment_text(finding: Finding, *, index: int = 0, total: int = 1, lang: str = "en") -> str:
    """The comment at a finding's evidence, in English or Chinese (``lang``): the requirement,
    the status (and value), the confidence or the reason for a lawyer's check, the explanation,
    and for a gap the recommendation (the comment's language first, then the other)."""
    if lang == "zh":
        from analyzer.issues import requirement_title, status_words, value_words

        head = (
            f"{requirement_title(finding.requirement, 'zh')}：{status_words(finding.status, 'zh')}"
        )
        shown = value_words(finding.requirement, finding.value, "zh")
        if shown:
            head += f"（{shown}）"
        if total > 1:
            head += f"［依据 {index + 1}/{total}］"
    else:
        head = f"Art. {finding.article} – {finding.requirement}: {_STATUS.get(finding.status)}"
        if finding.value is not None:
            head += f" ({finding.value})"
        if total > 1:
            head += f" [evidence {index + 1} of {total}]"
    lines = [head, trust_line(finding, lang), _explanation(finding, lang)]
    if finding.status in ("missing", "partial", "flag"):
        lines += _recommendations(finding, lang)
    return "\n".join(line for line in lines if line)


def _explanation(finding: Finding, lang: str) -> str:
    """The explanation as a lawyer reads it (:func:`analyzer.report.lawyer_explanation`: no
    pattern ids; in a Chinese comment without the heading its first line repeats)."""
    return lawyer_explanation(finding.explanation, lang)


def _recommendations(finding: Finding, lang: str) -> list[str]:
    lines = {
        "en": f"Recommendation: {finding.recommendation['en']}"
        if finding.recommendation.get("en")
        else "",
        "zh": f"建议：{finding.recommendation['zh']}" if finding.recommendation.get("zh") else "",
    }
    order = [lang] + [x for x in LANGUAGES if x != lang]
    return [lines[x] for x in order if lines.get(x)]


def trust_line(finding: Finding, lang: str = "en") -> str:
    """ "Lawyer check: <reason>" or "Confidence 0.93", or "" when the finding has neither."""
    if finding.review:
        if lang == "zh":
            from analyzer.review_text import in_language

            conf = "" if finding.confidence is None else f"（置信度 {finding.confidence:.2f}）"
            return f"需律师核查{conf}：{in_language(finding.review, lang)}"
        conf = "" if finding.confidence is None else f" (confidence {finding.confidence:.2f})"
        return f"LAWYER CHECK{conf}: {finding.review}"
    if finding.confidence is not None:
        return (
            f"置信度 {finding.confidence:.2f}"
            if lang == "zh"
            else f"Confidence {finding.confidence:.2f}"
        )
    return ""


def missing_text(finding: Finding, lang: str = "en") -> str:
    if lang == "zh":
        from analyzer.issues import requirement_title

        head = (
            f"缺失：{requirement_title(finding.requirement, 'zh')}（《关于境内企业承接服务外包业务"
            f"信息保护的若干规定》第{_zh_number(finding.article)}条的要求）"
        )
    else:
        head = (
            f"Missing: {finding.requirement} (required by Article {finding.article} of the 2009 "
            "MOFCOM/MIIT service-outsourcing information-protection provisions)"
        )
    lines = [head, trust_line(finding, lang), _explanation(finding, lang)]
    lines += _recommendations(finding, lang)
    return "\n".join(line for line in lines if line)


def _zh_number(n: int) -> str:
    """3..19 in Chinese numerals (the articles of the regulation)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    return "十" + (digits[n % 10] if n % 10 else "") if n < 20 else str(n)


# ---------------------------------------------------------------------------------------------
# entry points


def _annotated(
    source: Path,
    report: ContractReport,
    document: Document,
    data: bytes | None = None,
    lang: str = "en",
) -> DocxDocument:
    try:
        if data is None:
            data = source.read_bytes()
        docx = open_docx(io.BytesIO(data))
    except OSError as exc:
        raise AnnotateError(f"cannot read the file ({exc.strerror})", path=str(source)) from exc
    except Exception as exc:
        raise AnnotateError("not a readable DOCX file", path=str(source)) from exc
    loc = _Locator(docx, document)
    # comments in article order (requirements in the order of the regulation's rules)
    findings = sorted(report.findings, key=article_order)
    title: list[Run] | None = None
    for f in findings:
        if f.status == "not_applicable":
            continue
        anchored = 0
        evidence: Sequence[Evidence] = f.evidence
        for i, ev in enumerate(evidence):
            runs = loc.runs_for(ev.start, ev.end)
            if not runs:
                log.info(
                    "evidence of %s not anchored (chars %d-%d)", f.requirement, ev.start, ev.end
                )
                continue
            docx.add_comment(
                [runs[0], runs[-1]],
                text=comment_text(f, index=i, total=len(evidence), lang=lang),
                author=AUTHOR,
                initials=INITIALS,
            )
            anchored += 1
        if f.status == "missing" or (evidence and not anchored):
            if title is None:
                title = loc.title_runs()
            if not title:
                continue
            text = missing_text(f, lang) if f.status == "missing" else comment_text(f, lang=lang)
            docx.add_comment([title[0], title[-1]], text=text, author=AUTHOR, initials=INITIALS)
    return docx


def annotate_docx_bytes(
    source: Path,
    report: ContractReport,
    document: Document,
    data: bytes | None = None,
    lang: str | None = None,
) -> bytes:
    """The annotated copy as bytes (the original is only read). ``data``: the original's bytes
    when already read (a portfolio worker annotates exactly the bytes it analysed). ``lang``:
    the comments' language, ``"en"`` or ``"zh"`` (default: the contract's language, so a
    Chinese contract gets Chinese comments: :func:`analyzer.report.output_language`)."""
    lang = lang or output_language(document.languages)
    docx = _annotated(Path(source), report, document, data, lang)
    buf = io.BytesIO()
    docx.save(buf)
    return buf.getvalue()


def annotate_docx(
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    report: ContractReport | None = None,
    document: Document | None = None,
    lang: str | None = None,
) -> Path:
    """Write an annotated copy of ``source`` to ``out`` (never over the original).

    Without ``report``/``document`` the contract is read and analysed first. ``lang``: the
    comments' language (default: the contract's, see :func:`annotate_docx_bytes`).
    """
    src, dst = Path(source), Path(out)
    if len(dst.name.encode("utf-8", "surrogateescape")) > 255:
        raise AnnotateError(
            "the output file name is too long for the file system (over 255 bytes); "
            "choose a shorter --out",
            path=str(dst),
        )
    if dst.exists() and dst.resolve() == src.resolve():
        raise AnnotateError(
            "refusing to overwrite the original; choose another --out", path=str(dst)
        )
    if document is None:
        from analyzer.readers import read_contract

        document = read_contract(src)
    if document.format != "docx":
        raise AnnotateError(
            "Word comments need a .docx file; for a PDF or text file, `analyzer portfolio "
            "FOLDER --out OUT` writes an HTML highlight report in OUT/annotated/, and "
            "`analyzer screen FILE --format markdown` lists the findings with their quotes",
            path=str(src),
        )
    lang = lang or output_language(document.languages)
    if report is None:
        from analyzer import analyze

        report = analyze(document, lang_out=lang)
    data = annotate_docx_bytes(src, report, document, lang=lang)
    # a short temporary name: the output's name may already be near the file system's limit
    tmp = dst.with_name(f".annotate.{os.getpid()}.tmp")
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, dst)
    except OSError as exc:
        raise AnnotateError(
            f"cannot write the annotated copy ({exc.strerror or exc})", path=str(dst)
        ) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return dst


def default_output(source: Path) -> Path:
    """``FILE.annotated.docx`` beside the original, its name cut to fit the file system (a long
    title gets a short hash instead of its end; see :func:`analyzer.names.fit_name`)."""
    from analyzer.names import fit_name

    return source.with_name(fit_name(source.stem, ".annotated.docx"))


def read_comments(path: str | os.PathLike[str]) -> list[CommentInfo]:
    """The comments of a DOCX: each with the text it is anchored on, in comment-id order."""
    docx = open_docx(str(path))
    anchors: dict[str, list[str]] = {}
    active: list[str] = []
    for el in docx.element.body.iter():
        if el.tag == qn("w:commentRangeStart"):
            cid = el.get(qn("w:id"))
            active.append(cid)
            anchors.setdefault(cid, [])
        elif el.tag == qn("w:commentRangeEnd"):
            cid = el.get(qn("w:id"))
            if cid in active:
                active.remove(cid)
        elif el.tag == qn("w:t") and active:
            for cid in active:
                anchors[cid].append(el.text or "")
        elif el.tag == qn("w:tab") and active:
            for cid in active:
                anchors[cid].append("\t")
        elif el.tag == qn("w:p") and active:
            for cid in active:
                if anchors[cid]:
                    anchors[cid].append("\n")
    out = []
    for c in docx.comments:
        cid = str(c.comment_id)
        out.append(CommentInfo("".join(anchors.get(cid, [])).strip("\n"), c.text, c.author))
    return out
