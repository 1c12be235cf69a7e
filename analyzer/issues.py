"""The workbook's "Issues" sheet: one row per gap, flag or finding a lawyer should look at.

Built for a lawyer reading the workbook, not for a program: the requirement in words (the titles
of ``clause_patterns/rules/articles.yaml``), statuses and values in words, the final values (a
reviewer's decision where there is one, :mod:`analyzer.review`), who decided, the full quote, where
it is, and a link to the annotated copy. Internal ids (requirement ids, the machine's raw values,
sha256) are kept in the last column, "Details", only.

A finding is an issue when its machine status or its final status is ``missing``, ``flag`` or
``partial``, when the second reader marked it for a lawyer's check, or when a reviewer decided on
it (so that every decision shows up where a lawyer reads).
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analyzer.model import GAP_STATUSES, Evidence
from analyzer.review import Decision

if TYPE_CHECKING:
    from analyzer.store import ResultStore

ISSUE_STATUSES = frozenset(GAP_STATUSES)

ISSUE_COLUMNS: tuple[str, ...] = (
    "Contract",
    "Counterparty",
    "Requirement",
    "Status",
    "Final value",
    "Confidence",
    "Lawyer check",
    "Quote",
    "Clause",
    "Page / paragraph",
    "Annotated copy",
    "Decided by",
    "Decided on",
    "Reviewer note",
    "Recommendation",
    "Details",
)
# column widths (characters) of the Issues sheet
ISSUE_WIDTHS: dict[str, int] = {
    "Contract": 45,
    "Counterparty": 24,
    "Requirement": 40,
    "Status": 16,
    "Final value": 18,
    "Confidence": 11,
    "Lawyer check": 40,
    "Quote": 70,
    "Clause": 10,
    "Page / paragraph": 12,
    "Annotated copy": 16,
    "Decided by": 16,
    "Decided on": 12,
    "Reviewer note": 40,
    "Recommendation": 60,
    "Details": 40,
}
# the columns whose text wraps on the Issues sheet
ISSUE_WRAPPED = frozenset(
    {"Contract", "Requirement", "Lawyer check", "Quote", "Reviewer note", "Recommendation"}
)

LINE_HEIGHT = 15.0  # points per line of 11-point text
MAX_ROW_HEIGHT = 409.0  # Excel's limit
_WIDE = re.compile("[\u2e80-\U0010ffff]")  # characters that take two columns of width


def row_height(
    values: Sequence[Any],
    columns: Sequence[str],
    wrapped: frozenset[str] | None = None,
    widths: dict[str, int] | None = None,
) -> float:
    """Points for a row whose wrapped cells show all their lines: spreadsheet programs do not
    grow a row for wrapped text they load (LibreOffice Calc showed long requirement texts running
    into the next row). A CJK character takes two columns of width. ``wrapped`` / ``widths``:
    the wrapped columns and their widths (default: the Issues sheet's)."""
    wrapped = ISSUE_WRAPPED if wrapped is None else wrapped
    widths = ISSUE_WIDTHS if widths is None else widths
    lines = 1
    for value, column in zip(values, columns, strict=False):
        if column not in wrapped or not isinstance(value, str) or not value:
            continue
        width = max(4, widths.get(column, 20) - 2)
        n = 0
        for part in value.split("\n"):
            # a wide character counts twice: the length plus the characters that are not narrow
            cols = len(part) if part.isascii() else 2 * len(part) - len(_WIDE.sub("", part))
            n += max(1, -(-cols // width))
        lines = max(lines, n)
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines)


STATUS_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "met": "Met",
        "partial": "Partly met",
        "missing": "Missing",
        "flag": "Check (flagged)",
        "not_applicable": "Not applicable",
    },
    "zh": {
        "met": "符合",
        "partial": "部分符合",
        "missing": "缺失",
        "flag": "需核查",
        "not_applicable": "不适用",
    },
}
VALUE_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "client": "Client owns",
        "provider": "Provider owns",
        "joint": "Jointly owned",
        "split": "Split ownership",
        "arbitration": "Arbitration",
        "courts": "Courts",
        "arbitration+courts": "Arbitration or courts",
        "none": "None",
    },
    "zh": {
        "client": "归发包方",
        "provider": "归接包方",
        "joint": "共有",
        "split": "分别所有",
        "arbitration": "仲裁",
        "courts": "诉讼",
        "arbitration+courts": "或裁或诉",
        "none": "无",
    },
}
_OTHER_TITLES: dict[str, dict[str, str]] = {
    "bilingual.divergence": {
        "en": "The language versions differ",
        "zh": "中英文版本不一致",
    },
    "bilingual.prevailing_language": {
        "en": "A prevailing language is named",
        "zh": "约定以何种语言文本为准",
    },
}
YES_NO = {"en": ("Yes", "No"), "zh": ("是", "否")}


@functools.cache
def _rules() -> tuple[dict[int, dict[str, str]], dict[str, dict[str, str]]]:
    """Article titles and requirement titles of the bundled pattern set."""
    from analyzer.patterns import load_rules

    rules = load_rules()
    articles = {int(a): dict(t) for a, t in rules.articles.items()}
    titles = {rid: dict(r.title) for rid, r in rules.requirements.items()}
    return articles, titles


def playbook_title(requirement: str, explanation: str | None) -> str | None:
    """A team playbook's requirement in words, from the explanation the portfolio wrote for it
    ("Playbook NAME — TITLE (status): …", analyzer.portfolio.with_playbooks); None for others."""
    if not requirement.startswith("playbook.") or not explanation:
        return None
    head, sep, rest = explanation.partition(" — ")
    if not sep or not head.startswith("Playbook "):
        return None
    title = rest.split("): ", 1)[0].rsplit(" (", 1)[0]
    return f"{head}: {title}"


def requirement_title(requirement: str, lang: str = "en", *, article: bool = True) -> str:
    """A requirement in words ("Art. 11 — Ownership of IP created in performing the services is
    agreed"); an unknown id is shown in words made from the id."""
    try:
        articles, titles = _rules()
    except Exception:  # no pattern set: the id in words is still better than nothing
        articles, titles = {}, {}
    title = titles.get(requirement) or _OTHER_TITLES.get(requirement)
    if title is None:
        words = requirement.split(".", 1)[-1].replace("_", " ")
        return words[:1].upper() + words[1:]
    text = title.get(lang) or title.get("en", "")
    head = requirement.split(".", 1)[0]
    if article and head.startswith("art") and head[3:].isdigit():
        n = int(head[3:])
        label = f"Art. {n}"
        if lang == "zh":
            zh = articles.get(n, {}).get("zh", "")
            label = zh.split(" ", 1)[0] if zh else f"第{n}条"
        return f"{label} — {text}"
    return text


def status_words(status: str | None, lang: str = "en") -> str:
    if status is None:
        return ""
    return STATUS_WORDS.get(lang, STATUS_WORDS["en"]).get(status, status)


def value_words(requirement: str, value: Any, lang: str = "en") -> str:
    """A finding's value in words: ownership and forum values, an institution's name as it is,
    a language divergence as "en version: courts; zh version: arbitration"."""
    if value is None or value == "":
        return ""
    words = VALUE_WORDS.get(lang, VALUE_WORDS["en"])
    if requirement == "bilingual.divergence" and isinstance(value, str) and value.startswith("{"):
        try:
            data = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
        if isinstance(data, dict):
            parts = [
                f"{k} {'版本' if lang == 'zh' else 'version'}: "
                f"{words.get(str(data[k]), status_words(str(data[k]), lang))}"
                for k in ("en", "zh")
                if k in data
            ]
            about = requirement_title(str(data.get("requirement", "")), lang)
            return f"{about}: " + "; ".join(parts)
    if requirement == "art10.arbitration_institution":
        return "None named" if value == "none" and lang == "en" else str(value)
    return words.get(str(value), str(value))


def location(page: Any, paragraph: Any, lang: str = "en") -> str:
    """Where a lawyer finds the quote: the page (1-based, as printed) or the paragraph counted
    from 1 (``Evidence.paragraph`` is a 0-based index; the reports and memos count from 1 too)."""
    if page is not None:
        return f"第{page}页" if lang == "zh" else f"p. {page}"
    if paragraph is not None:
        n = int(paragraph) + 1
        return f"第{n}段" if lang == "zh" else f"para. {n}"
    return ""


def citation(ev: Evidence, lang: str = "en") -> str:
    """Where a quote is, as the memos and the review panel show it: "clause 8.1, para. 12" /
    "第八条，第3页" (the page where there is one, else the paragraph counted from 1, in a table
    "table 2, para. 3")."""
    parts = []
    if ev.clause:
        zh_heading = lang == "zh" and ev.clause.startswith("第")
        parts.append(
            ev.clause if zh_heading else f"{'条款' if lang == 'zh' else 'clause'} {ev.clause}"
        )
    if ev.page is None and ev.paragraph is not None and ev.table is not None:
        n, t = ev.paragraph + 1, ev.table + 1
        parts.append(f"第{t}个表格第{n}段" if lang == "zh" else f"table {t}, para. {n}")
    elif loc := location(ev.page, ev.paragraph, lang):
        parts.append(loc)
    return ("，" if lang == "zh" else ", ").join(parts)


@dataclass(frozen=True)
class Link:
    """A workbook cell holding a hyperlink (``target`` relative to the workbook)."""

    target: str
    text: str


def _decision_cells(dec: Decision | None, lang: str) -> tuple[str, str | None, str | None]:
    if dec is None:
        return ("Analyzer" if lang == "en" else "分析工具", None, None)
    note = dec.note or ""
    if dec.outdated:
        prefix = (
            f"Review outdated: {dec.reviewer} decided {status_words(dec.status, lang)} "
            "on an earlier text of the contract (not applied)"
            if lang == "en"
            else f"审核已过期：{dec.reviewer} 针对合同的早期文本作出的决定（未适用）"
        )
        note = f"{prefix}. {note}" if note else prefix
        return ("Analyzer" if lang == "en" else "分析工具", dec.reviewed_at[:10], note)
    return (dec.reviewer, dec.reviewed_at[:10], note or None)


def issue_rows(
    db: ResultStore,
    run_id: int,
    by_doc: dict[str, dict[str, Decision]],
    links: dict[str, str],
    *,
    lang: str = "en",
) -> Iterator[tuple[Any, ...]]:
    """The Issues sheet's rows (:data:`ISSUE_COLUMNS`) of a run, contract by contract in article
    order. ``by_doc`` is :func:`analyzer.review.decisions`' result for the run; ``links`` maps a
    contract's name to its annotated copy's path relative to the workbook."""
    for row in db.issue_candidates(run_id):
        (doc, client, provider, req, status, value, conf, review, quote) = row[:9]
        clause, page, paragraph, rec_en, rec_zh, sha, explanation = row[9:]
        dec = by_doc.get(doc, {}).get(req)
        current = dec is not None and not dec.outdated
        final_status = dec.status if current and dec is not None else status
        final_value = dec.value if current and dec is not None else value
        if not (
            status in ISSUE_STATUSES or final_status in ISSUE_STATUSES or review or dec is not None
        ):
            continue
        by, when, note = _decision_cells(dec, lang)
        link = links.get(doc)
        details = f"{req}; machine: {status}" + (f"/{value}" if value is not None else "")
        details += f"; sha256 {sha[:12]}" if sha else ""
        yield (
            doc,
            client or provider or None,
            playbook_title(req, explanation) or requirement_title(req, lang),
            status_words(final_status, lang),
            value_words(req, final_value, lang) or None,
            None if current else conf,  # a reviewer's decision is not a guess
            None if current else (review or None),
            quote or None,
            clause or None,
            location(page, paragraph, lang) or None,
            Link(link, "Open" if lang == "en" else "打开") if link else None,
            by,
            when,
            note,
            (rec_zh if lang == "zh" else rec_en) or rec_en or None,
            details,
        )
