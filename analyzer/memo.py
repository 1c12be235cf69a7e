"""Review memos (DOCX, via python-docx): one per contract, and a one-page portfolio memo.

The **contract memo** is what a lawyer files after reviewing one contract: its name, the parties
with their roles, then every gap, flag, partly met requirement, finding marked for a lawyer's
check and reviewed finding, in article order, each with

- the final status and value and who decided them (a reviewer's decision overrides the machine;
  see :mod:`analyzer.review`), and what the machine said where a reviewer changed it;
- the clause citation (clause number and page or paragraph) and the exact quote
  (``Evidence.quote``, a slice of the document text);
- the recommendation, and the recommended wording: the ``clause`` text of the built-in playbook
  (``clause_patterns/playbooks/regulation.yaml``, the wording ``analyzer redline`` inserts as a
  tracked change) with the contract's own terms for the parties.

The requirements that are met or do not apply follow in a short table. The memo is in English
or Chinese (``lang``; default: the contract's language, :func:`analyzer.report.output_language`).

The **portfolio memo** (one page) counts the final statuses by requirement and lists the
contracts missing IP-ownership terms where Article 11 applies, the contracts choosing no dispute
forum, and the reviews outstanding (findings marked for a lawyer's check or gaps with no
decision yet, and decisions made on an earlier text).

Both read a results store through :class:`~analyzer.store.ResultStore`'s API and
:mod:`analyzer.review`; a single contract can also be memoed straight from its report.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer.errors import AnalyzerError
from analyzer.issues import citation
from analyzer.model import ContractReport, Document, Evidence
from analyzer.report import article_order, lawyer_explanation, requirement_order
from analyzer.review import Decision
from analyzer.review_text import in_language

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

    from analyzer.store import ResultStore

__all__ = [
    "MemoError",
    "MemoItem",
    "contract_memo",
    "memo_items",
    "portfolio_memo",
    "write_contract_memo",
    "write_docx",
    "write_store_memos",
]

ISSUE_STATUSES = frozenset({"missing", "flag", "partial"})
PORTFOLIO_LIST_LIMIT = 12  # contracts named per list in the one-page portfolio memo

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "memo_title": "Review memo",
        "portfolio_title": "Portfolio review memo",
        "contract": "Contract",
        "file": "File",
        "languages": "Languages",
        "parties": "Parties",
        "no_parties": "Not identified by the analyzer",
        "provider": "Provider (service provider, 接包方)",
        "client": "Client (发包方)",
        "unknown": "Role not identified",
        "date": "Date",
        "analyzer": "Analyzer",
        "reviews": "Reviewer decisions",
        "summary": "Summary",
        "summary_line": "{issues} item(s) below need a lawyer's attention: {missing} missing, "
        "{flag} flagged, {partial} partly met, {check} marked for a lawyer's check; "
        "{reviewed} decided by a reviewer.",
        "issues": "Gaps, flags and findings to check",
        "no_issues": "Nothing to report: every requirement is met or does not apply.",
        "status": "Status",
        "value": "Value",
        "decided_by": "Decided by",
        "machine": "Analyzer's finding",
        "machine_name": "Analyzer",
        "reviewer_note": "Reviewer's note",
        "outdated": "Review outdated",
        "outdated_text": "{by} decided {what} on {date} on an earlier text of the contract; "
        "not applied",
        "confidence": "Confidence",
        "check": "Lawyer check",
        "citation": "Clause",
        "quote": "Quote",
        "no_quote": "No clause found in the contract.",
        "explanation": "Why",
        "recommendation": "Recommendation",
        "wording": "Recommended wording",
        "others": "Requirements met or not applicable",
        "requirement": "Requirement",
        "clause_word": "clause",
        "disclaimer": "Screening aid under the 2009 MOFCOM/MIIT service-outsourcing "
        "information-protection provisions (Articles 3-12); a lawyer decides.",
        # portfolio memo
        "run": "Run",
        "contracts_analysed": "Contracts analysed",
        "counts": "Final status by requirement",
        "met": "Met",
        "partial": "Partly",
        "missing": "Missing",
        "flag": "Flag",
        "not_applicable": "N/A",
        "reviewed": "Reviewed",
        "missing_ip": "Missing IP-ownership terms (Article 11 applies)",
        "no_forum": "No dispute forum chosen (Article 10)",
        "outstanding": "Reviews outstanding",
        "outstanding_line": "{checks} finding(s) marked for a lawyer's check and {gaps} gap(s) "
        "or flag(s) in {docs} contract(s) have no reviewer decision yet; {outdated} decision(s) "
        "were made on an earlier text and need a new look.",
        "counterparty": "counterparty",
        "none": "None.",
        "more": "… and {n} more (see the Issues sheet of portfolio.xlsx)",
        "open_checks": "open lawyer checks",
        "open_gaps": "open gaps/flags",
    },
    "zh": {
        "memo_title": "合同审核备忘录",
        "portfolio_title": "合同组合审核备忘录",
        "contract": "合同",
        "file": "文件",
        "languages": "语言",
        "parties": "合同当事方",
        "no_parties": "分析工具未能识别",
        "provider": "接包方",
        "client": "发包方",
        "unknown": "角色未识别",
        "date": "日期",
        "analyzer": "分析工具版本",
        "reviews": "审核决定",
        "summary": "概要",
        "summary_line": "以下 {issues} 项需律师关注：缺失 {missing} 项，需核查 {flag} 项，"
        "部分符合 {partial} 项，标记为需律师核查 {check} 项；其中 {reviewed} 项已由审核人决定。",
        "issues": "缺失、存疑及需核查事项",
        "no_issues": "无需报告的事项：各项要求均已符合或不适用。",
        "status": "状态",
        "value": "结论",
        "decided_by": "决定人",
        "machine": "分析工具的结论",
        "machine_name": "分析工具",
        "reviewer_note": "审核意见",
        "outdated": "审核已过期",
        "outdated_text": "{by} 于 {date} 针对合同的早期文本决定为“{what}”；未适用",
        "confidence": "置信度",
        "check": "需律师核查",
        "citation": "条款",
        "quote": "原文",
        "no_quote": "合同中未找到相关条款。",
        "explanation": "说明",
        "recommendation": "建议",
        "wording": "建议条款文本",
        "others": "已符合或不适用的要求",
        "requirement": "要求",
        "clause_word": "条款",
        "disclaimer": "依据《关于境内企业承接服务外包业务信息保护的若干规定》（商务部、工业和信息化部"
        "2009年）第三至十二条的筛查辅助结果；最终由律师判断。",
        "run": "运行批次",
        "contracts_analysed": "已分析合同数",
        "counts": "各项要求的最终状态统计",
        "met": "符合",
        "partial": "部分",
        "missing": "缺失",
        "flag": "需核查",
        "not_applicable": "不适用",
        "reviewed": "已审核",
        "missing_ip": "缺少知识产权归属约定的合同（适用第十一条）",
        "no_forum": "未约定争议解决方式的合同（第十条）",
        "outstanding": "待审核事项",
        "outstanding_line": "{docs} 份合同中，{checks} 项标记为需律师核查的结论和 {gaps} 项缺失或存疑"
        "事项尚无审核决定；{outdated} 项审核决定针对的是合同的早期文本，需重新审核。",
        "counterparty": "相对方",
        "none": "无。",
        "more": "……另有 {n} 份（见 portfolio.xlsx 的 Issues 工作表）",
        "open_checks": "待核查",
        "open_gaps": "待处理缺失/存疑",
    },
}
LANGUAGE_NAMES = {"en": {"en": "English", "zh": "Chinese"}, "zh": {"en": "英文", "zh": "中文"}}
_EAST_ASIAN_FONT = "SimSun"  # Word's default Chinese font; LibreOffice substitutes its own


class MemoError(AnalyzerError):
    code = "E750"


# --------------------------------------------------------------------------- the items


@dataclass(frozen=True)
class MemoItem:
    """One finding as a memo shows it: final values (a reviewer's where one decided)."""

    article: int
    requirement: str
    title: str  # the requirement in words, in the memo's language
    status: str  # final
    value: str | None  # final
    machine_status: str
    machine_value: str | None
    decided_by: str | None  # the reviewer, or None: the analyzer's finding stands
    decided_on: str | None
    note: str
    outdated: Decision | None  # a decision made on an earlier text (shown, not applied)
    confidence: float | None
    check: str | None  # why a lawyer should check it (the machine's finding only)
    evidence: tuple[Evidence, ...]
    explanation: str
    recommendation: str
    wording_heading: str
    wording: str  # recommended clause text, with the contract's terms for the parties

    @property
    def reviewed(self) -> bool:
        return self.decided_by is not None

    @property
    def is_issue(self) -> bool:
        """A gap, flag or partly met requirement (machine or final), a finding marked for a
        lawyer's check, or one a reviewer decided: what the memo lists in full."""
        return (
            self.status in ISSUE_STATUSES
            or self.machine_status in ISSUE_STATUSES
            or bool(self.check)
            or self.reviewed
            or self.outdated is not None
        )


@functools.cache
def _wordings() -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """finding requirement id -> (wording template per language, heading per language) of the
    built-in playbook."""
    from analyzer.playbook import builtin_playbook

    out: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
    for req in builtin_playbook().requirements:
        if not req.clause:
            continue
        for rule in req.rules:
            finding = rule.when.finding
            if finding and finding not in out:
                out[finding] = (dict(req.clause), dict(req.heading))
    return out


def _party_terms(report: ContractReport, document: Document | None, lang: str) -> dict[str, str]:
    """{provider}/{client} as the contract names them (:func:`analyzer.redline.party_terms`);
    without the document, its usage is judged on the report's quotes."""
    from analyzer.redline import party_terms

    if document is None:
        quotes = [e.quote for f in report.findings for e in f.evidence]
        quotes += [e.quote for p in report.parties for e in p.evidence]
        document = Document(
            path=report.document.path,
            sha256=report.document.sha256,
            format="text",
            text="\n".join(quotes),
            blocks=(),
        )
    return party_terms(report, document, lang)


def memo_items(
    report: ContractReport,
    decisions: dict[str, Decision] | None = None,
    *,
    lang: str = "en",
    document: Document | None = None,
) -> list[MemoItem]:
    """Every finding of ``report`` as a :class:`MemoItem`, in article order, with one contract's
    decisions (``analyzer.review.decisions(store)[doc]``) applied."""
    from analyzer.issues import requirement_title
    from analyzer.redline import _render

    decisions = decisions or {}
    wordings = _wordings()
    terms = _party_terms(report, document, lang)
    items: list[MemoItem] = []
    for f in sorted(report.findings, key=article_order):
        dec = decisions.get(f.requirement)
        current = dec if dec is not None and not dec.outdated else None
        template, heading = wordings.get(f.requirement, ({}, {}))
        wording = template.get(lang) or template.get("en") or ""
        items.append(
            MemoItem(
                article=f.article,
                requirement=f.requirement,
                title=requirement_title(f.requirement, lang),
                status=current.status if current else f.status,
                value=current.value if current else _str(f.value),
                machine_status=f.status,
                machine_value=_str(f.value),
                decided_by=current.reviewer if current else None,
                decided_on=current.reviewed_at[:10] if current else None,
                note=current.note if current else "",
                outdated=dec if dec is not None and dec.outdated else None,
                confidence=None if current else f.confidence,
                check=None if current or not f.review else in_language(f.review, lang),
                evidence=f.evidence,
                explanation=lawyer_explanation(f.explanation, lang),
                recommendation=f.recommendation.get(lang) or f.recommendation.get("en") or "",
                wording_heading=heading.get(lang) or heading.get("en") or "",
                wording=_render(wording, terms) if wording else "",
            )
        )
    return items


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


# --------------------------------------------------------------------------- DOCX helpers


def _new_docx(lang: str) -> DocxDocument:
    from docx import Document as new_document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = new_document()
    for section in d.sections:
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(1.8)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        style = d.styles[name]
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        fonts.set(qn("w:eastAsia"), _EAST_ASIAN_FONT)
    d.styles["Normal"].font.size = Pt(10)
    d.core_properties.language = "zh-CN" if lang == "zh" else "en-GB"
    return d


def _heading(d: DocxDocument, text: str, level: int) -> Any:
    """``d.add_heading``, with the style set by its id (python-docx looks a style name up by
    scanning every style, which made the headings most of a memo's time)."""
    p = d.add_paragraph(text)
    p._p.style = "Title" if level == 0 else f"Heading{level}"
    return p


def _table(d: DocxDocument, rows: Sequence[Sequence[str]], *, header: bool = True) -> Any:
    from docx.shared import Pt

    table = d.add_table(rows=0, cols=len(rows[0]))
    table._tbl.tblStyle_val = "TableGrid"  # by id: python-docx's lookup by name is slow
    for i, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
            if header and i == 0 and text:
                cell.paragraphs[0].runs[0].bold = True
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    return table


def _widths(table: Any, widths: Sequence[float]) -> None:
    """Fixed column widths (cm): on the grid (what LibreOffice reads) and on every cell (Word)."""
    from docx.shared import Cm

    table.autofit = False
    for col, width in zip(table.columns, widths, strict=False):
        col.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)


def _fields(d: DocxDocument, rows: Sequence[tuple[str, str]]) -> None:
    """Label: value lines (a two-column table without a header)."""
    from docx.shared import Pt

    if not rows:
        return
    table = _table(d, [list(r) for r in rows], header=False)
    _widths(table, (4.0, 13.0))
    for row in table.rows:
        for run in row.cells[0].paragraphs[0].runs:
            run.bold = True
    d.add_paragraph().paragraph_format.space_after = Pt(0)


def _status_text(status: str | None, value: str | None, requirement: str, lang: str) -> str:
    from analyzer.issues import status_words, value_words

    text = status_words(status, lang)
    shown = value_words(requirement, value, lang)
    if shown:
        text += f"（{shown}）" if lang == "zh" else f" ({shown})"
    return text


def write_docx(d: DocxDocument, out: str | os.PathLike[str]) -> Path:
    """Save atomically (a temporary file beside ``out``, then a rename)."""
    dst = Path(out)
    tmp = dst.with_name(f".memo.{os.getpid()}.tmp")
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        d.save(str(tmp))
        os.replace(tmp, dst)
    except OSError as exc:
        raise MemoError(f"cannot write the memo ({exc.strerror or exc})", path=str(dst)) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return dst


# --------------------------------------------------------------------------- contract memo


def contract_memo(
    report: ContractReport,
    *,
    doc: str | None = None,
    decisions: dict[str, Decision] | None = None,
    lang: str | None = None,
    document: Document | None = None,
    today: dt.date | None = None,
) -> DocxDocument:
    """The review memo of one contract (a python-docx Document; save it with :func:`write_docx`).

    ``doc``: the contract's name (default: the file name); ``decisions``: that contract's
    reviewer decisions (``analyzer.review.decisions(store)[doc]``); ``lang``: ``"en"`` or
    ``"zh"`` (default: the contract's language)."""
    from analyzer.report import output_language

    lang = lang or output_language(report.document.languages)
    if lang not in WORDS:
        raise MemoError(f"no memo language {lang!r}; choose en or zh")
    w = WORDS[lang]
    name = doc or Path(report.document.path).stem
    items = memo_items(report, decisions, lang=lang, document=document)
    issues = [i for i in items if i.is_issue]
    others = [i for i in items if not i.is_issue]
    d = _new_docx(lang)
    d.core_properties.title = f"{w['memo_title']}: {name}"
    _heading(d, f"{w['memo_title']}{'：' if lang == 'zh' else ': '}{name}", level=0)
    langs = "、".join if lang == "zh" else ", ".join
    info = report.document
    rows = [
        (w["contract"], name),
        (w["file"], Path(info.path).name),
        (w["languages"], langs(LANGUAGE_NAMES[lang].get(x, x) for x in info.languages)),
        (w["parties"], _parties_text(report, lang)),
        (w["date"], (today or dt.date.today()).isoformat()),
        (
            w["analyzer"],
            f"{report.analyzer_version or '?'} / patterns {report.patterns_version or '?'}",
        ),
    ]
    reviewed = [i for i in items if i.reviewed]
    if reviewed or any(i.outdated for i in items):
        names = sorted({i.decided_by for i in reviewed if i.decided_by})
        rows.append((w["reviews"], f"{len(reviewed)} ({', '.join(names)})" if names else "0"))
    _fields(d, rows)

    _heading(d, w["summary"], level=1)
    d.add_paragraph(
        w["summary_line"].format(
            issues=len(issues),
            missing=sum(i.status == "missing" for i in issues),
            flag=sum(i.status == "flag" for i in issues),
            partial=sum(i.status == "partial" for i in issues),
            check=sum(bool(i.check) for i in issues),
            reviewed=len(reviewed),
        )
    )

    _heading(d, w["issues"], level=1)
    if not issues:
        d.add_paragraph(w["no_issues"])
    for item in issues:
        _issue_section(d, item, lang)

    if others:
        _heading(d, w["others"], level=1)
        table_rows = [[w["requirement"], w["status"], w["decided_by"], w["citation"]]]
        for i in others:
            ev = i.evidence[0] if i.evidence else None
            table_rows.append(
                [
                    i.title,
                    _status_text(i.status, i.value, i.requirement, lang),
                    i.decided_by or w["machine_name"],
                    citation(ev, lang) if ev else "",
                ]
            )
        _widths(_table(d, table_rows), (7.5, 3.5, 2.5, 3.5))
    d.add_paragraph()
    d.add_paragraph(w["disclaimer"]).runs[0].italic = True
    return d


def _parties_text(report: ContractReport, lang: str) -> str:
    w = WORDS[lang]
    if not report.parties:
        return w["no_parties"]
    order = {"provider": 0, "client": 1}
    lines = []
    for p in sorted(report.parties, key=lambda p: order.get(p.role, 2)):
        terms = [t for t in p.terms if t and t != p.name]
        named = f"{p.name} (“{'”, “'.join(terms)}”)" if terms else p.name
        lines.append(f"{named}: {w.get(p.role, w['unknown'])}")
    return "\n".join(lines)


def _issue_section(d: DocxDocument, item: MemoItem, lang: str) -> None:
    from docx.shared import Pt

    w = WORDS[lang]
    _heading(d, item.title, level=2)
    rows: list[tuple[str, str]] = [
        (w["status"], _status_text(item.status, item.value, item.requirement, lang)),
    ]
    if item.decided_by:
        rows.append((w["decided_by"], f"{item.decided_by} ({item.decided_on})"))
        if (item.status, item.value) != (item.machine_status, item.machine_value):
            rows.append(
                (
                    w["machine"],
                    _status_text(item.machine_status, item.machine_value, item.requirement, lang),
                )
            )
        if item.note:
            rows.append((w["reviewer_note"], item.note))
    else:
        rows.append((w["decided_by"], w["machine_name"]))
    if item.outdated is not None:
        o = item.outdated
        rows.append(
            (
                w["outdated"],
                w["outdated_text"].format(
                    by=o.reviewer,
                    what=_status_text(o.status, o.value, item.requirement, lang),
                    date=o.reviewed_at[:10],
                )
                + (f" — {o.note}" if o.note else ""),
            )
        )
    if item.confidence is not None:
        rows.append((w["confidence"], f"{item.confidence:.2f}"))
    if item.check:
        rows.append((w["check"], item.check))
    _fields(d, rows)
    if item.evidence:
        for ev in item.evidence[:3]:
            where = citation(ev, lang)
            p = d.add_paragraph()
            p.add_run(f"{w['quote']}" + (f" ({where})" if where else "") + ": ").bold = True
            quote = p.add_run(ev.quote)
            quote.italic = True
    else:
        d.add_paragraph(w["no_quote"])
    if item.explanation:
        p = d.add_paragraph()
        p.add_run(f"{w['explanation']}: ").bold = True
        p.add_run(item.explanation)
    if item.status in ISSUE_STATUSES:
        if item.recommendation:
            p = d.add_paragraph()
            p.add_run(f"{w['recommendation']}: ").bold = True
            p.add_run(item.recommendation)
        if item.wording:
            p = d.add_paragraph()
            head = f"{w['wording']}" + (
                f" — {item.wording_heading}" if item.wording_heading else ""
            )
            p.add_run(head + ":").bold = True
            q = d.add_paragraph(item.wording)
            q.paragraph_format.left_indent = Pt(18)


def write_contract_memo(
    report: ContractReport,
    out: str | os.PathLike[str],
    **kwargs: Any,
) -> Path:
    """:func:`contract_memo` saved to ``out`` (atomically)."""
    return write_docx(contract_memo(report, **kwargs), out)


# --------------------------------------------------------------------------- portfolio memo


@dataclass(frozen=True)
class PortfolioFacts:
    """What the portfolio memo says, from a run of a results store."""

    run_id: int
    contracts: int
    counts: list[tuple[str, dict[str, int], int]]  # requirement, final status counts, reviewed
    missing_ip: list[tuple[str, str]]  # doc, counterparty
    no_forum: list[tuple[str, str]]
    open_checks: int
    open_gaps: int
    outstanding: list[tuple[str, int, int]]  # doc, open lawyer checks, open gaps/flags
    outdated: int


def portfolio_facts(db: ResultStore, run_id: int | None = None) -> PortfolioFacts:
    """Final statuses (reviewers' decisions applied) of a run, counted for the portfolio memo."""
    from analyzer import review

    rid = db._run(run_id)
    by_doc = review.decisions(db, rid)
    findings = db.columns(
        "findings", ("doc", "article", "requirement", "status", "value", "review"), rid
    )
    contracts = db.columns("contracts", ("doc", "provider", "client"), rid)
    counterparty = {
        str(r.doc): str(r.client or r.provider or "") for r in contracts.itertuples(index=False)
    }
    counts: dict[str, dict[str, int]] = {}
    article: dict[str, int] = {}
    reviewed: dict[str, int] = {}
    final: dict[tuple[str, str], tuple[str, str | None]] = {}
    open_by_doc: dict[str, list[int]] = {}
    open_checks = open_gaps = outdated = 0
    rows: Iterable[Any] = findings.itertuples(index=False)
    for row in rows:
        doc, req = str(row.doc), str(row.requirement)
        value = None if row.value is None or row.value != row.value else str(row.value)
        status, fvalue, by, _at, _note, old = review.review_cells(
            doc, req, str(row.status), value, by_doc
        )
        final.setdefault((doc, req), (status, fvalue))
        counts.setdefault(req, {})
        counts[req][status] = counts[req].get(status, 0) + 1
        article[req] = int(row.article)
        decided = by != "machine"
        reviewed[req] = reviewed.get(req, 0) + int(decided)
        outdated += int(bool(old))
        if not decided:
            check = isinstance(row.review, str) and bool(row.review)
            gap = str(row.status) in ISSUE_STATUSES
            if check or gap:
                mine = open_by_doc.setdefault(doc, [0, 0])
                mine[0] += int(check)
                mine[1] += int(gap and not check)
                open_checks += int(check)
                open_gaps += int(gap and not check)
    missing_ip: list[tuple[str, str]] = []
    no_forum: list[tuple[str, str]] = []
    for doc in sorted(counterparty):
        ip = final.get((doc, "art11.ip_ownership"))
        if ip is not None and ip[0] != "not_applicable" and ip[1] in (None, "none"):
            missing_ip.append((doc, counterparty[doc]))
        forum = final.get((doc, "art10.dispute_forum"))
        if forum is not None and forum[0] != "not_applicable" and forum[1] in (None, "none"):
            no_forum.append((doc, counterparty[doc]))
    ordered = sorted(counts, key=lambda r: requirement_order(article[r], r))
    outstanding = sorted(
        ((d, c, g) for d, (c, g) in open_by_doc.items()), key=lambda t: (-t[1] - t[2], t[0])
    )
    return PortfolioFacts(
        run_id=rid,
        contracts=len(counterparty),
        counts=[(r, counts[r], reviewed.get(r, 0)) for r in ordered],
        missing_ip=missing_ip,
        no_forum=no_forum,
        open_checks=open_checks,
        open_gaps=open_gaps,
        outstanding=outstanding,
        outdated=outdated,
    )


def portfolio_memo(
    db: ResultStore,
    run_id: int | None = None,
    *,
    lang: str = "en",
    today: dt.date | None = None,
) -> DocxDocument:
    """The one-page portfolio memo of a run (latest by default)."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    from analyzer.issues import requirement_title

    if lang not in WORDS:
        raise MemoError(f"no memo language {lang!r}; choose en or zh")
    w = WORDS[lang]
    facts = portfolio_facts(db, run_id)
    d = _new_docx(lang)
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for s in d.sections:
        s.top_margin = s.bottom_margin = Cm(1.2)
        s.left_margin = s.right_margin = Cm(1.5)
    d.styles["Normal"].font.size = Pt(8.5)
    d.styles["Normal"].paragraph_format.space_after = Pt(2)
    d.core_properties.title = w["portfolio_title"]
    _heading(d, w["portfolio_title"], level=1)
    d.add_paragraph(
        f"{w['run']} {facts.run_id} · {w['contracts_analysed']}: {facts.contracts} · "
        f"{w['date']}: {(today or dt.date.today()).isoformat()}"
    )
    _heading(d, w["counts"], level=2)
    statuses = ("met", "partial", "missing", "flag", "not_applicable")
    rows = [[w["requirement"], *(w[s] for s in statuses), w["reviewed"]]]
    for req, by_status, n_reviewed in facts.counts:
        rows.append(
            [
                requirement_title(req, lang),
                *(str(by_status.get(s, 0)) for s in statuses),
                str(n_reviewed),
            ]
        )
    _widths(_table(d, rows), (12.4, *([2.2] * (len(rows[0]) - 1))))

    def contract_list(title: str, entries: Sequence[tuple[str, str]]) -> None:
        _heading(d, f"{title} ({len(entries)})", level=2)
        if not entries:
            d.add_paragraph(w["none"])
            return
        shown = [
            f"{doc}" + (f" ({w['counterparty']}: {cp})" if cp else "")
            for doc, cp in entries[:PORTFOLIO_LIST_LIMIT]
        ]
        if len(entries) > PORTFOLIO_LIST_LIMIT:
            shown.append(w["more"].format(n=len(entries) - PORTFOLIO_LIST_LIMIT))
        d.add_paragraph("; ".join(shown) if lang == "en" else "；".join(shown))

    contract_list(w["missing_ip"], facts.missing_ip)
    contract_list(w["no_forum"], facts.no_forum)
    _heading(d, w["outstanding"], level=2)
    d.add_paragraph(
        w["outstanding_line"].format(
            checks=facts.open_checks,
            gaps=facts.open_gaps,
            docs=len(facts.outstanding),
            outdated=facts.outdated,
        )
    )
    if facts.outstanding:
        shown = [
            f"{doc} ({c} {w['open_checks']}, {g} {w['open_gaps']})"
            for doc, c, g in facts.outstanding[:PORTFOLIO_LIST_LIMIT]
        ]
        if len(facts.outstanding) > PORTFOLIO_LIST_LIMIT:
            shown.append(w["more"].format(n=len(facts.outstanding) - PORTFOLIO_LIST_LIMIT))
        d.add_paragraph("; ".join(shown) if lang == "en" else "；".join(shown))
    d.add_paragraph(w["disclaimer"]).runs[0].italic = True
    return d


# --------------------------------------------------------------------------- from a store


PORTFOLIO_MEMO = "portfolio_memo.docx"
CONTRACT_MEMO_SUFFIX = ".memo.docx"


def write_store_memos(
    store: ResultStore | str | Path,
    out_dir: str | os.PathLike[str],
    *,
    docs: Iterable[str] | None = None,
    lang: str | None = None,
    run_id: int | None = None,
    portfolio: bool = True,
) -> list[Path]:
    """Write the memos of a run of a results store into ``out_dir``: one per contract (or per
    ``docs``), at ``<doc>.memo.docx`` (the contract's name as a relative path, made safe), and
    ``portfolio_memo.docx``. ``lang``: every memo in that language (default: each contract's
    own; the portfolio memo in English). Returns the files written."""
    from analyzer import review
    from analyzer.names import inside, output_relpath
    from analyzer.review import _opened

    out = Path(out_dir)
    written: list[Path] = []
    with _opened(store, write=False) as db:
        rid = db._run(run_id)
        by_doc = review.decisions(db, rid)
        wanted = set(docs) if docs is not None else None
        if wanted is not None:
            known = {fl.doc for fl in review.final_labels(db, rid)}
            unknown = sorted(wanted - known)
            if unknown:
                raise review.UnknownDocError(
                    f"no analysed contract named {', '.join(map(repr, unknown))} in run {rid} "
                    "(use the name shown in labels.jsonl)"
                )
        for doc, _path, report in db.iter_reports(rid):
            if wanted is not None and doc not in wanted:
                continue
            target = inside(out, output_relpath(doc, CONTRACT_MEMO_SUFFIX), resolve=False)
            memo = contract_memo(report, doc=doc, decisions=by_doc.get(doc, {}), lang=lang)
            written.append(write_docx(memo, target))
        if portfolio:
            written.append(
                write_docx(portfolio_memo(db, rid, lang=lang or "en"), out / PORTFOLIO_MEMO)
            )
    return written


def decisions_for_file(
    store: ResultStore | str | Path, sha256: str, run_id: int | None = None
) -> tuple[str | None, dict[str, Decision]]:
    """The name and decisions of the contract of a run whose text has ``sha256`` (a file memoed
    straight from disk, with the reviews of a store): ``(None, {})`` when the run has no such
    contract."""
    from analyzer import review

    for fl in review.final_labels(store, run_id):
        if fl.sha256 == sha256:
            return fl.doc, {r: d for r, d in fl.decisions.items()}
    return None, {}
