"""ContractReport → label output, dict/JSON, DataFrames, Markdown/HTML.

The label output is derived from the findings (never computed separately): each labelled
requirement has one finding; boolean labels are true when that finding's status is ``met``
or ``partial``; categorical labels take the finding's ``value``.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from typing import Any

# the label vocabulary lives in analyzer.labels; re-exported for callers of this module
from analyzer.labels import (  # noqa: E402
    LABEL_DEFAULTS,
    LABEL_KEYS,
    LABEL_REQUIREMENTS,
    POSITIVE_STATUSES,
    label_trust,
    labels_from_findings,
)
from analyzer.model import (
    Clause,
    ContractReport,
    Document,
    DocumentInfo,
    Evidence,
    Finding,
    Notice,
    Obligation,
    Party,
    Tag,
)
from analyzer.review_text import in_language  # noqa: E402

__all__ = [
    "LABEL_DEFAULTS",
    "LABEL_KEYS",
    "LABEL_REQUIREMENTS",
    "POSITIVE_STATUSES",
    "from_dict",
    "label_line",
    "label_trust",
    "labels_from_findings",
    "to_dict",
    "to_html",
    "to_json",
    "to_markdown",
    "output_language",
    "article_order",
    "requirement_order",
    "explanation_body",
    "lawyer_explanation",
]


def article_order(finding: Finding) -> tuple[int, int, str]:
    """Sort key of findings in article order: the article, then the requirement's place in
    ``clause_patterns/rules/articles.yaml`` (others, e.g. team playbooks', after, by id)."""
    return requirement_order(finding.article, finding.requirement)


def requirement_order(article: int, requirement: str) -> tuple[int, int, str]:
    """:func:`article_order` of an article and requirement id."""
    return (article, _rule_index().get(requirement, 10_000), requirement)


@functools.cache
def _rule_index() -> dict[str, int]:
    from analyzer.patterns import load_rules

    try:
        requirements = load_rules().requirements
    except Exception:  # no pattern set: requirement ids in alphabetical order
        return {}
    return {rid: i for i, rid in enumerate(requirements)}


def explanation_body(explanation: str) -> str:
    """An explanation without the "第N条 …｜要求：" heading ``analyze(lang_out="zh")`` puts in
    front of it (for outputs whose own heading already names the article and requirement)."""
    if explanation.startswith("第"):
        head, sep, rest = explanation.partition("：")
        if sep and "｜" in head:
            return rest
    return explanation


# "pattern en.conf.nda.hold matched “…”" (in Chinese "规则 … 匹配“…”"): the rule's id is for
# whoever tunes the patterns
_PATTERN_REF = re.compile(r"\bpattern [a-z][a-z0-9_.]+ matched\s+|规则 [a-z][a-z0-9_.]+ 匹配")


def lawyer_explanation(explanation: str, lang: str = "en") -> str:
    """An explanation as a lawyer reads it (memos, Word comments, the review panel): without the
    heading of :func:`explanation_body` and without internal pattern ids ("pattern
    en.conf.nda.hold matched “shall keep …”" → "the words “shall keep …”"); with ``lang="zh"``
    its fixed words in Chinese (:func:`analyzer.review_text.explanation_in`). The JSON, Markdown
    and CSV outputs keep the ids."""
    if lang != "en":
        from analyzer.review_text import explanation_in

        explanation = explanation_in(explanation, lang)
    return _PATTERN_REF.sub(
        lambda m: "原文" if m.group().startswith("规则") else "the words ",
        explanation_body(explanation),
    )


def output_language(languages: tuple[str, ...] | list[str]) -> str:
    """The language a contract's outputs default to (memo, Word comments): ``"zh"`` for a
    contract written in Chinese only, otherwise ``"en"`` (English and bilingual contracts)."""
    langs = [x for x in languages if x in ("en", "zh")]
    return "zh" if langs and all(x == "zh" for x in langs) else "en"


# --------------------------------------------------------------------------------------------
# dict / JSON


def to_dict(report: ContractReport) -> dict[str, Any]:
    """The report as JSON-ready data, with its label output under ``"labels"``."""
    data = report.to_dict()
    data["labels"] = report.labels()
    data["confidence"], data["review"] = label_trust(report.findings)
    return data


def to_json(report: ContractReport, *, indent: int | None = 2) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent)


def label_line(report: ContractReport, doc: str | None = None) -> str:
    """One JSON line ``{"doc": <file stem>, "labels": {...}, "confidence": {...}, "review": [...]}``
    (LABELS.md format plus the second reader's confidence and the labels needing a check)."""
    name = doc if doc is not None else Path(report.document.path).stem
    confidence, review = label_trust(report.findings)
    line = {"doc": name, "labels": report.labels(), "confidence": confidence, "review": review}
    return json.dumps(line, ensure_ascii=False)


def _notice(d: dict[str, Any]) -> Notice:
    return Notice(code=d["code"], message=d["message"], page=d.get("page"))


def _evidence(d: dict[str, Any]) -> Evidence:
    return Evidence(**d)


def _clause(d: dict[str, Any]) -> Clause:
    return Clause(
        number=d.get("number"),
        heading=d.get("heading"),
        start=d["start"],
        end=d["end"],
        level=d.get("level", 0),
        children=tuple(_clause(c) for c in d.get("children", ())),
        tags=tuple(Tag(**t) for t in d.get("tags", ())),
        kind=d.get("kind", "clause"),
    )


def from_dict(data: dict[str, Any]) -> ContractReport:
    """Rebuild a ContractReport from :func:`to_dict` / ``ContractReport.to_dict()`` output."""
    doc = dict(data["document"])
    doc["languages"] = tuple(doc.get("languages", ()))
    return ContractReport(
        document=DocumentInfo(**doc),
        parties=tuple(
            Party(
                name=p["name"],
                terms=tuple(p.get("terms", ())),
                role=p["role"],
                evidence=tuple(_evidence(e) for e in p.get("evidence", ())),
            )
            for p in data.get("parties", ())
        ),
        clauses=tuple(_clause(c) for c in data.get("clauses", ())),
        obligations=tuple(
            Obligation(
                **{
                    **o,
                    "topics": tuple(o.get("topics", ())),
                    "conditions": tuple(o.get("conditions", ())),
                    "exceptions": tuple(o.get("exceptions", ())),
                }
            )
            for o in data.get("obligations", ())
        ),
        findings=tuple(
            Finding(
                **{
                    **f,
                    "evidence": tuple(_evidence(e) for e in f.get("evidence", ())),
                    "recommendation": dict(f.get("recommendation") or {}),
                }
            )
            for f in data.get("findings", ())
        ),
        warnings=tuple(_notice(n) for n in data.get("warnings", ())),
        errors=tuple(_notice(n) for n in data.get("errors", ())),
        analyzer_version=data.get("analyzer_version", ""),
        patterns_version=data.get("patterns_version", ""),
        timings=dict(data.get("timings") or {}),
        outsourcing_like=data.get("outsourcing_like", True),
    )


# --------------------------------------------------------------------------------------------
# Markdown

STATUS_MARK: dict[str, str] = {
    "met": "✅ met",
    "partial": "🟡 partial",
    "missing": "❌ missing",
    "flag": "⚠️ flag",
    "not_applicable": "➖ n/a",
}
STATUS_MARKS: dict[str, dict[str, str]] = {
    "en": STATUS_MARK,
    "zh": {
        "met": "✅ 符合",
        "partial": "🟡 部分符合",
        "missing": "❌ 缺失",
        "flag": "⚠️ 需核查",
        "not_applicable": "➖ 不适用",
    },
}

# the words of the Markdown and HTML reports (``lang_out``); ids, quotes and values stay as they are
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Screening report",
        "file": "File",
        "characters": "characters",
        "pages": "pages",
        "parties": "Parties",
        "outsourcing": "Outsourcing-like",
        "yes": "yes",
        "no": "no",
        "versions": "Analyzer {a}, patterns {p}",
        "summary": "Summary",
        "table": "| Article | Requirement | Status | Confidence | Severity | Value | Where |",
        "labels": "Label output",
        "findings": "Findings",
        "check": "Lawyer check",
        "check_lc": "lawyer check",
        "recommendation": "Recommendation",
        "register": "Obligations register",
        "no_obligations": "No obligations were found.",
        "register_table": "| Clause | Bearer | Modality | Action | For whom | Deadline | "
        "Conditions / exceptions | Topics |",
        "notices": "Notices",
        "not_identified": "not identified",
        "chars": "chars",
        "report": "screening report",
        "document": "Document",
        "html_head": "Art.|Requirement|Status|Confidence|Value|Explanation|Evidence",
        "provider": "Provider (接包方)",
        "client": "Client (发包方)",
        "both": "Both parties",
        "unknown": "Bearer not a party, or not stated",
        "must": "must",
        "must_not": "must not",
        "may": "may",
    },
    "zh": {
        "title": "合同筛查报告",
        "file": "文件",
        "characters": "字符",
        "pages": "页",
        "parties": "合同当事方",
        "outsourcing": "是否为外包合同",
        "yes": "是",
        "no": "否",
        "versions": "分析工具 {a}，规则集 {p}",
        "summary": "概要",
        "table": "| 条 | 要求 | 状态 | 置信度 | 严重程度 | 结论 | 位置 |",
        "labels": "标签输出",
        "findings": "审查结论",
        "check": "需律师核查",
        "check_lc": "需律师核查",
        "recommendation": "建议",
        "register": "义务清单",
        "no_obligations": "未发现合同义务。",
        "register_table": "| 条款 | 义务方 | 情态 | 行为 | 相对方 | 期限 | 条件/例外 | 主题 |",
        "notices": "提示",
        "not_identified": "未识别",
        "chars": "字符",
        "report": "筛查报告",
        "document": "合同文本",
        "html_head": "条|要求|状态|置信度|结论|说明|依据",
        "provider": "接包方",
        "client": "发包方",
        "both": "双方",
        "unknown": "义务方非合同当事方或未写明",
        "must": "应当",
        "must_not": "不得",
        "may": "可以",
    },
}
ROLE_WORDS = {"zh": {"provider": "接包方", "client": "发包方", "unknown": "未识别"}}
SEVERITY_WORDS = {"zh": {"high": "高", "medium": "中", "low": "低", "info": "提示"}}


def _words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def quote_of(evidence: Evidence, document: Document | None) -> str:
    """The exact quote: ``document.text[start:end]`` when the Document is at hand."""
    if document is not None:
        return document.text[evidence.start : evidence.end]
    return evidence.quote


def _md_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


_LOCATION_WORDS = {
    "en": ("clause {}", "page {}", "paragraph {}", "chars {}–{}", ", "),
    "zh": ("条款 {}", "第{}页", "第{}段", "字符 {}–{}", "，"),
}


def _location(ev: Evidence, lang: str = "en") -> str:
    clause, page, paragraph, chars, sep = _LOCATION_WORDS["zh" if lang == "zh" else "en"]
    parts = []
    if ev.clause:
        parts.append(clause.format(ev.clause))
    if ev.page is not None:
        parts.append(page.format(ev.page))
    if ev.paragraph is not None:
        parts.append(paragraph.format(ev.paragraph + 1))
    parts.append(chars.format(ev.start, ev.end))
    return sep.join(parts)


def _sorted_findings(report: ContractReport) -> list[Finding]:
    return sorted(report.findings, key=lambda f: (f.article, f.requirement))


def _party_line(report: ContractReport, lang: str = "en") -> str:
    if not report.parties:
        return _words(lang)["not_identified"]
    roles = ROLE_WORDS.get(lang, {})
    return "; ".join(
        f"{p.name} ({', '.join(p.terms) or '-'}) — {roles.get(p.role, p.role)}"
        for p in report.parties
    )


# the register's groups, in order; within a group, obligations on Article 3–12 topics come first
REGISTER_GROUPS: tuple[tuple[str, str], ...] = (
    ("provider", "Provider (接包方)"),
    ("client", "Client (发包方)"),
    ("both", "Both parties"),
    ("unknown", "Bearer not a party, or not stated"),
)
ARTICLE_TOPICS = frozenset(
    {
        "confidentiality",
        "security",
        "personnel",
        "ip_ownership",
        "ip_protection",
        "dispute",
        "subcontracting",
    }
)


def register_order(o: Obligation) -> tuple[int, int, int]:
    """Sort key of the register: party group, Article 3–12 topics first, then text order."""
    groups = [g for g, _ in REGISTER_GROUPS]
    group = groups.index(str(o.role)) if str(o.role) in groups else len(groups)
    return (group, 0 if ARTICLE_TOPICS.intersection(o.topics) else 1, o.start)


def obligations_markdown(report: ContractReport, lang: str = "en") -> list[str]:
    """The obligations register grouped by party: who must (not) / may do what, for whom, by
    when."""
    w = _words(lang)
    lines = [f"## {w['register']}", ""]
    if not report.obligations:
        return [*lines, w["no_obligations"], ""]
    for n in report.warnings:
        if n.code == "roles_uncertain":
            colon = "：" if lang == "zh" else ": "
            message = n.message.removeprefix(f"{report.document.path}: ")
            lines += [f"> {w['check_lc']}{colon}{in_language(message, lang)}", ""]
    names = {p.role: p.name for p in report.parties if p.role in ("provider", "client")}
    by_group: dict[str, list[Obligation]] = {}
    for o in sorted(report.obligations, key=register_order):
        by_group.setdefault(str(o.role), []).append(o)
    for role, title in REGISTER_GROUPS:
        items = by_group.get(role)
        if not items:
            continue
        title = w.get(role, title) if lang != "en" else title
        heading = f"{title}: {names[role]}" if role in names else title
        lines += [f"### {heading} ({len(items)})", ""]
        lines.append(w["register_table"])
        lines.append("|---|---|---|---|---|---|---|---|")
        for o in items:
            cond = "; ".join((*o.conditions, *o.exceptions))
            lines.append(
                f"| {_md_cell(o.clause or '')} | {_md_cell(o.bearer)} "
                f"| {w.get(str(o.modality), str(o.modality))} "
                f"| {_md_cell(o.action)} | {_md_cell(o.beneficiary or '')} "
                f"| {_md_cell(o.deadline or '')} | {_md_cell(cond)} "
                f"| {_md_cell(', '.join(o.topics))} |"
            )
        lines.append("")
    return lines


def to_markdown(report: ContractReport, document: Document | None = None, lang: str = "en") -> str:
    """A lawyer-readable Markdown report: summary table, then each finding with its quotes.
    ``lang``: ``"en"`` or ``"zh"`` for the report's own words (headings, statuses, where a quote
    is) and the recommendation shown first; quotes, ids and label keys are never translated."""
    from analyzer.issues import requirement_title

    w = _words(lang)
    marks = STATUS_MARKS.get(lang, STATUS_MARK)
    severities = SEVERITY_WORDS.get(lang, {})
    info = report.document
    pages = f", {info.pages} {w['pages']}" if info.pages else ""
    yes_no = w["yes"] if report.outsourcing_like else w["no"]
    lines = [
        f"# {w['title']}: {Path(info.path).name}",
        "",
        f"- {w['file']}: `{info.path}` ({info.format}, {', '.join(info.languages)}, "
        f"{info.characters} {w['characters']}{pages})",
        f"- SHA-256: `{info.sha256}`",
        f"- {w['parties']}: {_party_line(report, lang)}",
        f"- {w['outsourcing']}: {yes_no}",
        "- "
        + w["versions"].format(a=report.analyzer_version or "?", p=report.patterns_version or "?"),
        "",
        f"## {w['summary']}",
        "",
        w["table"],
        "|---|---|---|---|---|---|---|",
    ]
    for f in _sorted_findings(report):
        where = ", ".join(e.clause or f"{w['chars']} {e.start}" for e in f.evidence[:3])
        status = marks.get(f.status, f.status) + (f" — **{w['check_lc']}**" if f.review else "")
        conf = "" if f.confidence is None else f"{f.confidence:.2f}"
        lines.append(
            f"| {f.article} | {_md_cell(f.requirement)} | {status} | {conf} "
            f"| {severities.get(f.severity, f.severity)} "
            f"| {_md_cell(f.value if f.value is not None else '')} "
            f"| {_md_cell(where)} |"
        )
    confidence, review = label_trust(report.findings)
    label_obj = {"labels": report.labels(), "confidence": confidence, "review": review}
    lines += ["", f"## {w['labels']}", "", "```json", json.dumps(label_obj), "```", ""]
    lines += [f"## {w['findings']}", ""]
    for f in _sorted_findings(report):
        if lang == "en":
            lines.append(f"### Art. {f.article} — {f.requirement}: {marks.get(f.status)}")
        else:  # 第十一条 — 要求（art11.ip_ownership）：状态
            title = requirement_title(f.requirement, lang)
            lines.append(f"### {title}（{f.requirement}）：{marks.get(f.status)}")
        lines.append("")
        lines.append(f.explanation)
        lines.append("")
        if f.review:  # a Chinese reason ends with a Chinese full stop, after a Chinese colon
            if lang == "en":
                lines.append(f"**{w['check']}:** {f.review}.")
            else:
                lines.append(f"**{w['check']}：** {f.review}。")
            lines.append("")
        for ev in f.evidence:
            lines.append(f"> {quote_of(ev, document)}".replace("\n", "\n> "))
            lines.append(">")
            lines.append(f"> — {_location(ev, lang)}")
            lines.append("")
        if f.recommendation and f.status in ("missing", "partial", "flag"):
            order = [lang] + [x for x in ("en", "zh") if x != lang]
            for rec_lang in order:
                if f.recommendation.get(rec_lang):
                    lines.append(
                        f"- {w['recommendation']} ({rec_lang}): {f.recommendation[rec_lang]}"
                    )
            lines.append("")
    lines += obligations_markdown(report, lang)
    notices = [("error", n) for n in report.errors] + [("warning", n) for n in report.warnings]
    if notices:
        lines += [f"## {w['notices']}", ""]
        lines += [f"- {kind} `{n.code}`: {in_language(n.message, lang)}" for kind, n in notices]
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# HTML: the document text with the evidence spans highlighted (displaCy "span" style)

STATUS_COLOURS: dict[str, str] = {
    "met": "#b7e1a1",
    "partial": "#ffe699",
    "missing": "#f4b6b6",
    "flag": "#f8cbad",
    "not_applicable": "#d9d9d9",
}

_STATUS_RANK: dict[str, int] = {
    "missing": 0,
    "flag": 1,
    "partial": 2,
    "met": 3,
    "not_applicable": 4,
}

_HTML_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;max-width:60em;line-height:1.5}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;vertical-align:top}
.doc{white-space:pre-wrap;border:1px solid #ddd;padding:1em;font-family:Georgia,serif}
mark{padding:0 .1em;border-radius:.2em}
sup.tag{font-size:.65em;font-weight:bold;font-family:sans-serif;margin-right:.2em;color:#444}
"""


def _span_segments(
    length: int, spans: list[tuple[int, int, int]]
) -> list[tuple[int, int, list[int]]]:
    """Split [0, length) at every span boundary; each piece lists the spans covering it."""
    cuts = {0, length}
    for s, e, _i in spans:
        cuts.add(max(0, min(s, length)))
        cuts.add(max(0, min(e, length)))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        if a == b:
            continue
        covering = [i for s, e, i in spans if s <= a and b <= e]
        out.append((a, b, covering))
    return out


def to_html(report: ContractReport, document: Document, lang: str = "en") -> str:
    """A standalone HTML page: findings table, then the document with evidence highlighted.
    ``lang``: the page's own words in ``"en"`` or ``"zh"``.

    Every highlighted span is exactly ``document.text[start:end]``; all text is escaped.
    """
    esc = html.escape
    w = _words(lang)
    marks = STATUS_MARKS.get(lang, STATUS_MARK)
    head_cells = "".join(f"<th>{esc(h)}</th>" for h in w["html_head"].split("|"))
    findings = _sorted_findings(report)
    spans: list[tuple[int, int, int]] = []
    for i, f in enumerate(findings):
        for ev in f.evidence:
            if 0 <= ev.start < ev.end <= len(document.text):
                spans.append((ev.start, ev.end, i))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{esc(Path(report.document.path).name)} — {esc(w['report'])}</title>",
        f"<style>{_HTML_STYLE}</style></head><body>",
        f"<h1>{esc(Path(report.document.path).name)}</h1>",
        f"<p>SHA-256 <code>{esc(report.document.sha256)}</code>; "
        f"{esc(w['parties'] if lang != 'en' else 'parties')}: "
        f"{esc(_party_line(report, lang))}</p>",
        f"<h2>{esc(w['findings'])}</h2>",
        f"<table><tr>{head_cells}</tr>",
    ]
    for i, f in enumerate(findings):
        colour = STATUS_COLOURS.get(f.status, "#eee")
        chars = w["chars"]
        links = ", ".join(
            f'<a href="#ev-{i}-{k}">{esc(ev.clause or f"{chars} {ev.start}")}</a>'
            for k, ev in enumerate(f.evidence)
        )
        status = f.status if lang == "en" else marks.get(f.status, f.status)
        out.append(
            f"<tr><td>{f.article}</td><td>{esc(f.requirement)}</td>"
            f'<td style="background:{colour}">{esc(status)}'
            + (f"<br><strong>{esc(w['check_lc'])}</strong>: {esc(f.review)}" if f.review else "")
            + "</td>"
            f"<td>{'' if f.confidence is None else f'{f.confidence:.2f}'}</td>"
            f"<td>{esc('' if f.value is None else str(f.value))}</td>"
            f"<td>{esc(f.explanation)}</td><td>{links}</td></tr>"
        )
    out.append("</table>")
    out.append(f"<h2>{esc(w['document'])}</h2>")
    out.append('<div class="doc">')
    text = document.text
    first_anchor: set[tuple[int, int]] = set()
    for a, b, covering in _span_segments(len(text), spans):
        piece = esc(text[a:b])
        if not covering:
            out.append(piece)
            continue
        # the colour of the status that most needs a lawyer's eye among overlapping findings
        f = findings[min(covering, key=lambda i: _STATUS_RANK.get(findings[i].status, 9))]
        colour = STATUS_COLOURS.get(f.status, "#eee")
        anchors = ""
        for idx in covering:
            for k, ev in enumerate(findings[idx].evidence):
                if ev.start == a and (idx, k) not in first_anchor:
                    first_anchor.add((idx, k))
                    anchors += f'<a id="ev-{idx}-{k}"></a>'
        title = esc("; ".join(findings[idx].requirement for idx in covering))
        starting = [findings[i].requirement for s, _e, i in spans if s == a]
        label = ""
        if starting:
            label = f'<sup class="tag">{esc(", ".join(dict.fromkeys(starting)))}</sup>'
        out.append(
            f'{anchors}{label}<mark style="background:{colour}" title="{title}">{piece}</mark>'
        )
    out.append("</div></body></html>")
    return "\n".join(out)
