"""ContractReport → label output, dict/JSON, DataFrames, Markdown/HTML.

The label output is derived from the findings (never computed separately): each labelled
requirement has one finding; boolean labels are true when that finding's status is ``met``
or ``partial``; categorical labels take the finding's ``value``.
"""

from __future__ import annotations

import html
import json
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
]


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


def quote_of(evidence: Evidence, document: Document | None) -> str:
    """The exact quote: ``document.text[start:end]`` when the Document is at hand."""
    if document is not None:
        return document.text[evidence.start : evidence.end]
    return evidence.quote


def _md_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _location(ev: Evidence) -> str:
    parts = []
    if ev.clause:
        parts.append(f"clause {ev.clause}")
    if ev.page is not None:
        parts.append(f"page {ev.page}")
    if ev.paragraph is not None:
        parts.append(f"paragraph {ev.paragraph + 1}")
    parts.append(f"chars {ev.start}–{ev.end}")
    return ", ".join(parts)


def _sorted_findings(report: ContractReport) -> list[Finding]:
    return sorted(report.findings, key=lambda f: (f.article, f.requirement))


def _party_line(report: ContractReport) -> str:
    if not report.parties:
        return "not identified"
    return "; ".join(f"{p.name} ({', '.join(p.terms) or '-'}) — {p.role}" for p in report.parties)


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
_MODALITY_WORD = {"must": "must", "must_not": "must not", "may": "may"}


def register_order(o: Obligation) -> tuple[int, int, int]:
    """Sort key of the register: party group, Article 3–12 topics first, then text order."""
    groups = [g for g, _ in REGISTER_GROUPS]
    group = groups.index(str(o.role)) if str(o.role) in groups else len(groups)
    return (group, 0 if ARTICLE_TOPICS.intersection(o.topics) else 1, o.start)


def obligations_markdown(report: ContractReport) -> list[str]:
    """The obligations register grouped by party: who must (not) / may do what, by when."""
    lines = ["## Obligations register", ""]
    if not report.obligations:
        return [*lines, "No obligations were found.", ""]
    names = {p.role: p.name for p in report.parties if p.role in ("provider", "client")}
    by_group: dict[str, list[Obligation]] = {}
    for o in sorted(report.obligations, key=register_order):
        by_group.setdefault(str(o.role), []).append(o)
    for role, title in REGISTER_GROUPS:
        items = by_group.get(role)
        if not items:
            continue
        heading = f"{title}: {names[role]}" if role in names else title
        lines += [f"### {heading} ({len(items)})", ""]
        lines.append(
            "| Clause | Bearer | Modality | Action | Deadline | Conditions / exceptions | Topics |"
        )
        lines.append("|---|---|---|---|---|---|---|")
        for o in items:
            cond = "; ".join((*o.conditions, *o.exceptions))
            lines.append(
                f"| {_md_cell(o.clause or '')} | {_md_cell(o.bearer)} "
                f"| {_MODALITY_WORD.get(str(o.modality), str(o.modality))} "
                f"| {_md_cell(o.action)} | {_md_cell(o.deadline or '')} | {_md_cell(cond)} "
                f"| {_md_cell(', '.join(o.topics))} |"
            )
        lines.append("")
    return lines


def to_markdown(report: ContractReport, document: Document | None = None) -> str:
    """A lawyer-readable Markdown report: summary table, then each finding with its quotes."""
    info = report.document
    lines = [
        f"# Screening report: {Path(info.path).name}",
        "",
        f"- File: `{info.path}` ({info.format}, {', '.join(info.languages)}, "
        f"{info.characters} characters{f', {info.pages} pages' if info.pages else ''})",
        f"- SHA-256: `{info.sha256}`",
        f"- Parties: {_party_line(report)}",
        f"- Outsourcing-like: {'yes' if report.outsourcing_like else 'no'}",
        f"- Analyzer {report.analyzer_version or '?'}, patterns {report.patterns_version or '?'}",
        "",
        "## Summary",
        "",
        "| Article | Requirement | Status | Confidence | Severity | Value | Where |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in _sorted_findings(report):
        where = ", ".join(e.clause or f"chars {e.start}" for e in f.evidence[:3])
        status = STATUS_MARK.get(f.status, f.status) + (" — **lawyer check**" if f.review else "")
        conf = "" if f.confidence is None else f"{f.confidence:.2f}"
        lines.append(
            f"| {f.article} | {_md_cell(f.requirement)} | {status} | {conf} "
            f"| {f.severity} | {_md_cell(f.value if f.value is not None else '')} "
            f"| {_md_cell(where)} |"
        )
    confidence, review = label_trust(report.findings)
    label_obj = {"labels": report.labels(), "confidence": confidence, "review": review}
    lines += ["", "## Label output", "", "```json", json.dumps(label_obj), "```", ""]
    lines += ["## Findings", ""]
    for f in _sorted_findings(report):
        lines.append(f"### Art. {f.article} — {f.requirement}: {STATUS_MARK.get(f.status)}")
        lines.append("")
        lines.append(f.explanation)
        lines.append("")
        if f.review:
            lines.append(f"**Lawyer check:** {f.review}.")
            lines.append("")
        for ev in f.evidence:
            lines.append(f"> {quote_of(ev, document)}".replace("\n", "\n> "))
            lines.append(">")
            lines.append(f"> — {_location(ev)}")
            lines.append("")
        if f.recommendation and f.status in ("missing", "partial", "flag"):
            for lang in ("en", "zh"):
                if f.recommendation.get(lang):
                    lines.append(f"- Recommendation ({lang}): {f.recommendation[lang]}")
            lines.append("")
    lines += obligations_markdown(report)
    notices = [("error", n) for n in report.errors] + [("warning", n) for n in report.warnings]
    if notices:
        lines += ["## Notices", ""]
        lines += [f"- {kind} `{n.code}`: {n.message}" for kind, n in notices]
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


def to_html(report: ContractReport, document: Document) -> str:
    """A standalone HTML page: findings table, then the document with evidence highlighted.

    Every highlighted span is exactly ``document.text[start:end]``; all text is escaped.
    """
    esc = html.escape
    findings = _sorted_findings(report)
    spans: list[tuple[int, int, int]] = []
    for i, f in enumerate(findings):
        for ev in f.evidence:
            if 0 <= ev.start < ev.end <= len(document.text):
                spans.append((ev.start, ev.end, i))
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(Path(report.document.path).name)} — screening report</title>",
        f"<style>{_HTML_STYLE}</style></head><body>",
        f"<h1>{esc(Path(report.document.path).name)}</h1>",
        f"<p>SHA-256 <code>{esc(report.document.sha256)}</code>; parties: "
        f"{esc(_party_line(report))}</p>",
        "<h2>Findings</h2>",
        "<table><tr><th>Art.</th><th>Requirement</th><th>Status</th><th>Confidence</th>"
        "<th>Value</th><th>Explanation</th><th>Evidence</th></tr>",
    ]
    for i, f in enumerate(findings):
        colour = STATUS_COLOURS.get(f.status, "#eee")
        links = ", ".join(
            f'<a href="#ev-{i}-{k}">{esc(ev.clause or f"chars {ev.start}")}</a>'
            for k, ev in enumerate(f.evidence)
        )
        out.append(
            f"<tr><td>{f.article}</td><td>{esc(f.requirement)}</td>"
            f'<td style="background:{colour}">{esc(f.status)}'
            + (f"<br><strong>lawyer check</strong>: {esc(f.review)}" if f.review else "")
            + "</td>"
            f"<td>{'' if f.confidence is None else f'{f.confidence:.2f}'}</td>"
            f"<td>{esc('' if f.value is None else str(f.value))}</td>"
            f"<td>{esc(f.explanation)}</td><td>{links}</td></tr>"
        )
    out.append("</table>")
    out.append("<h2>Document</h2>")
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
