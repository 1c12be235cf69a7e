"""Redlines: the recommended wording of every missing or deviating playbook requirement, proposed
in a COPY of the contract as real Word tracked changes (issue #17).

For a DOCX each proposal becomes one or more inserted paragraphs (``w:ins`` around the runs and
on the paragraph mark, with ``w:author`` and ``w:date``) plus a Word comment saying why:

- where: after the clause that covers the same subject (the evidence of a deviating
  requirement, else the first clause tagged with one of the requirement's ``subject`` labels),
  as a sibling of that clause; otherwise as a new numbered clause (heading and text) after the
  last clause of the operative part (before a signature block);
- numbering and style: the new paragraph copies the paragraph properties of the clause it
  follows, so Word's own auto-numbering numbers it; typed numbers ("5.3", "第五条") get the next
  free number ("5.4", or "5.3A" / "第五条之一" when the next number is taken);
- language: the contract's language, both for a bilingual contract; the parties are named by the
  contract's own defined terms ({provider} / {client} in the playbook wording);
- existing tracked changes and comments are left as they are; the original is never written.

For PDF and text contracts the same proposals go into a DOCX "proposed amendments" schedule.
Requirements whose wording is identical (e.g. the four Article 10 requirements) become one
proposal; a requirement another evaluated requirement ``supersedes`` proposes nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer.errors import AnalyzerError
from analyzer.lang import CJK as _CJK
from analyzer.model import Block, Clause, ContractReport, Document
from analyzer.playbook import Playbook, RequirementResult, evaluate_playbooks, load_playbooks

AUTHOR = "analyzer"
_SIGNATURE = re.compile(
    r"^\s*(in\s+witness\s+whereof|signed\s+(by|for|on\s+behalf)|executed\s+(by|as)|"
    r"signature|\(?signature\s+page|（以下无正文）|\(以下无正文\)|以下无正文|签字|签署|盖章|"
    r"甲方（盖章）|甲方\(盖章\)|附件)",
    re.IGNORECASE,
)
FALLBACK_TERMS = {
    "en": {"provider": "the Service Provider", "client": "the Client"},
    "zh": {"provider": "接包方", "client": "发包方"},
}


class RedlineError(AnalyzerError):
    code = "E730"


# --------------------------------------------------------------------------- proposals


@dataclass
class Proposal:
    """One wording to insert, and the requirement results it answers."""

    results: list[RequirementResult]
    text: dict[str, str]  # language -> rendered clause text
    heading: dict[str, str]
    subject: tuple[str, ...]
    placed: list[str] = field(default_factory=list)  # where it went, per language

    @property
    def requirements(self) -> list[str]:
        return [f"{r.playbook}:{r.requirement}" for r in self.results]


def party_terms(report: ContractReport, document: Document, language: str) -> dict[str, str]:
    """How the contract names the provider and the client in ``language``: {provider},
    {Provider} (sentence start), {client}, {Client}."""
    out: dict[str, str] = {}
    for role in ("provider", "client"):
        term = None
        for party in report.parties:
            if party.role != role:
                continue
            for t in party.terms:
                if bool(_CJK.search(t)) == (language == "zh") and t.strip():
                    term = t.strip()
                    break
            if term:
                break
        if term is None:
            word = FALLBACK_TERMS[language][role]
        elif language == "zh":
            word = term
        else:
            word = _english_usage(term, document.text)
        out[role] = word
        out[role.capitalize()] = word[:1].upper() + word[1:]
    return out


def _english_usage(term: str, text: str) -> str:
    """The spelling the text uses most ('Provider' for a term defined as 'PROVIDER') and whether
    it takes 'the' ('the Supplier' vs 'Acme')."""
    forms = {term, term.title(), term.capitalize()}
    best = max(forms, key=lambda f: (len(re.findall(rf"\b{re.escape(f)}\b", text)), f == term))
    total = len(re.findall(rf"\b{re.escape(best)}\b", text))
    with_the = len(re.findall(rf"\b[Tt]he\s+{re.escape(best)}\b", text))
    return f"the {best}" if total and with_the * 2 >= total else best


def _render(template: str, terms: dict[str, str]) -> str:
    return re.sub(r"\{(provider|client|Provider|Client)\}", lambda m: terms[m.group(1)], template)


def proposals_for(
    results: dict[str, tuple[RequirementResult, ...]],
    report: ContractReport,
    document: Document,
) -> list[Proposal]:
    """The proposals of all evaluated playbooks: actionable results, superseded ones dropped,
    identical wording merged."""
    languages = [lang for lang in document.languages if lang in ("en", "zh")] or ["en"]
    evaluated = [r for rows in results.values() for r in rows]
    # a team playbook's requirement replaces the regulation's on the same point
    superseded = {s for r in evaluated if r.playbook != "regulation" for s in r.supersedes}
    out: list[Proposal] = []
    by_text: dict[str, Proposal] = {}
    for r in evaluated:
        if not r.actionable:
            continue
        if r.playbook == "regulation" and r.requirement in superseded:
            continue
        key = r.clause.get("en", "")
        if key in by_text:
            by_text[key].results.append(r)
            continue
        text = {
            lang: _render(r.clause[lang], party_terms(report, document, lang))
            for lang in languages
            if lang in r.clause
        }
        prop = Proposal([r], text, dict(r.heading), r.subject)
        by_text[key] = prop
        out.append(prop)
    return out


def comment_for(prop: Proposal) -> str:
    lines = ["Proposed by analyzer (screening aid; a lawyer decides):"]
    for r in prop.results:
        title = r.title.get("en", r.requirement)
        lines.append(f"- {r.playbook} / {r.requirement} ({r.status}, {r.severity}): {title}.")
        lines.append(f"  {r.explanation}")
        if r.why.get("en"):
            lines.append(f"  {r.why['en']}")
        if r.status == "deviation":
            where = ", ".join(e.clause for e in r.evidence if e.clause)
            lines.append(
                "  The existing wording"
                + (f" (clause {where})" if where else "")
                + " conflicts: delete or conform it if this proposal is accepted."
            )
        if r.title.get("zh"):
            lines.append(f"  {r.title['zh']}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- placement


@dataclass(frozen=True)
class Target:
    """Insert after ``after`` (a block index); copy paragraph properties from ``model``."""

    after: int
    model: int
    number: str | None  # the clause number the model shows (typed or automatic)
    siblings: tuple[str, ...]  # numbers of the model clause's siblings
    new_clause: bool = False
    body_model: int | None = None  # new clause: the block whose style the text takes


class _Outline:
    def __init__(self, document: Document, report: ContractReport) -> None:
        self.document = document
        self.clauses = report.clauses
        self.starts = [b.start for b in document.blocks]

    def block_index(self, offset: int) -> int | None:
        import bisect

        i = bisect.bisect_right(self.starts, offset) - 1
        return i if i >= 0 else None

    def last_block_before(self, end: int) -> int | None:
        import bisect

        i = bisect.bisect_left(self.starts, end) - 1
        return i if i >= 0 else None

    def path(self, offset: int) -> list[tuple[Clause, tuple[Clause, ...]]]:
        """(clause, its siblings) from the top level down to the deepest clause at ``offset``."""
        out: list[tuple[Clause, tuple[Clause, ...]]] = []
        level: tuple[Clause, ...] = tuple(self.clauses)
        while True:
            hit = next((c for c in level if c.start <= offset < c.end), None)
            if hit is None:
                return out
            out.append((hit, level))
            level = hit.children

    def usable(self, i: int | None) -> bool:
        if i is None:
            return False
        b = self.document.blocks[i]
        return b.kind != "table_cell" and b.table is None and b.paragraph is not None

    def after_subject(self, offset: int, allow_definitions: bool) -> Target | None:
        path = self.path(offset)
        if not path:
            return None
        top = path[0][0]
        if top.kind in ("preamble", "schedule") or (
            top.kind == "definitions" and not allow_definitions
        ):
            return None
        clause, siblings = path[1] if len(path) > 1 else path[0]
        model = self.block_index(clause.start)
        after = self.last_block_before(clause.end)
        if not self.usable(model) or not self.usable(after) or after is None or model is None:
            return None
        # a signature block inside the last clause: insert before it
        after = self._before_signature(model, after)
        return Target(
            after=after,
            model=model,
            number=clause.number,
            siblings=tuple(c.number for c in siblings if c.number),
        )

    def _before_signature(self, first: int, last: int) -> int:
        for i in range(first + 1, last + 1):
            if _SIGNATURE.search(self.document.blocks[i].text):
                return i - 1
        return last

    def end_of_operative_part(self) -> Target | None:
        tops = [
            c for c in self.clauses if c.kind in ("clause", "definitions") and c.number is not None
        ]
        for last in reversed(tops):
            model = self.block_index(last.start)
            end = self.last_block_before(last.end)
            if not self.usable(model) or end is None or model is None:
                continue
            after = self._before_signature(model, end)
            while after > model and not self.usable(after):
                after -= 1
            body = next(
                (
                    i
                    for i in range(model + 1, after + 1)
                    if self.usable(i) and self.document.blocks[i].kind != "heading"
                ),
                None,
            )
            return Target(
                after=after,
                model=model,
                number=last.number,
                siblings=tuple(c.number for c in self.clauses if c.number),
                new_clause=True,
                body_model=body,
            )
        # no numbered clause: after the last paragraph before a signature block
        blocks = self.document.blocks
        last_i = next(
            (i for i in range(len(blocks) - 1, -1, -1) if self.usable(i)),
            None,
        )
        if last_i is None:
            return None
        after = self._before_signature(0, last_i)
        return Target(after=after, model=after, number=None, siblings=(), new_clause=True)


def _target(
    prop: Proposal, language: str, outline: _Outline, report: ContractReport
) -> Target | None:
    offsets: list[tuple[int, bool]] = []
    for r in prop.results:
        if r.status == "deviation":
            offsets += [(e.start, True) for e in r.evidence if e.language in (None, language)]
    tags = sorted(
        (
            (t.start, t.label)
            for top in report.clauses
            for c in top.walk()
            for t in c.tags
            if t.pattern_id.startswith(language + ".")
        ),
    )
    for label in prop.subject:
        offsets += [(s, label == "confidentiality.definition") for s, lab in tags if lab == label]
    for offset, allow_definitions in offsets:
        target = outline.after_subject(offset, allow_definitions)
        if target is not None:
            return target
    return None


# --------------------------------------------------------------------------- numbering


_ZH_DIGITS = "零一二三四五六七八九"


def _zh_to_int(s: str) -> int | None:
    if not s or any(c not in _ZH_DIGITS + "十百" for c in s):
        return None
    total, cur = 0, 0
    for c in s:
        if c == "百":
            total += (cur or 1) * 100
            cur = 0
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = _ZH_DIGITS.index(c)
    return total + cur


def _int_to_zh(n: int) -> str:
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 20:
        return "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _ZH_DIGITS[n // 10] + "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def next_number(number: str, taken: Sequence[str] = ()) -> str:
    """The number after ``number`` ("5.3" -> "5.4", "第五条" -> "第六条", "(b)" -> "(c)");
    when that is taken by a sibling: "5.3A" / "第五条之一"."""
    candidate = None
    m = re.search(r"(\d+)(\D*)$", number)
    if m:
        candidate = number[: m.start(1)] + str(int(m.group(1)) + 1) + m.group(2)
    else:
        m = re.search(r"([零一二三四五六七八九十百]+)([^零一二三四五六七八九十百]*)$", number)
        if m and _zh_to_int(m.group(1)) is not None:
            n = _zh_to_int(m.group(1))
            assert n is not None
            candidate = number[: m.start(1)] + _int_to_zh(n + 1) + m.group(2)
        else:
            m = re.search(r"([a-y])(\W*)$", number)
            if m:
                candidate = number[: m.start(1)] + chr(ord(m.group(1)) + 1) + m.group(2)
    if candidate is not None and candidate not in taken:
        return candidate
    if _CJK.search(number):
        return number + "之一"
    stripped = number.rstrip(".")
    return stripped + "A" + number[len(stripped) :]


def _typed_prefix(block: Block, number: str | None) -> tuple[str, str] | None:
    """(number, separator) when the block's number is typed text (not Word numbering)."""
    if block.label is not None or not number:
        return None
    m = re.match(re.escape(number) + r"([.、．:：)]?)(\s*)", block.text)
    if m is None:
        return None
    sep = m.group(2)
    return number + m.group(1), ("\t" if "\t" in sep else (sep[:1] if sep else ""))


# --------------------------------------------------------------------------- DOCX writing


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(f"w:{tag}"))


class _DocxWriter:
    def __init__(self, data: bytes, document: Document, author: str, date: str) -> None:
        from docx import Document as open_docx

        self.docx = open_docx(io.BytesIO(data))
        self.document = document
        self.author = author
        self.date = date
        body = self.docx.element.body
        self.body = body
        self.paragraphs = [p for p in body.iterchildren(_w("p"))]
        ids = [0]
        for el in self.docx.element.iter():
            v = el.get(_w("id"))
            if v is not None and v.lstrip("-").isdigit():
                ids.append(int(v))
        self.next_id = max(ids) + 1000
        self.last_inserted: dict[int, Any] = {}  # block index -> last element inserted after it

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def _p_of(self, index: int) -> Any:
        block = self.document.blocks[index]
        assert block.paragraph is not None
        return self.paragraphs[block.paragraph]

    def paragraph_like(self, model_index: int | None, text: str, *, keep_number: bool) -> Any:
        """A new inserted paragraph with the model's paragraph and run properties."""
        from docx.oxml import OxmlElement

        p = OxmlElement("w:p")
        model = self._p_of(model_index) if model_index is not None else None
        ppr = None
        if model is not None and model.find(_w("pPr")) is not None:
            ppr = copy.deepcopy(model.find(_w("pPr")))
            for tag in ("rPr", "sectPr", "pPrChange"):
                for el in ppr.findall(_w(tag)):
                    ppr.remove(el)
            if not keep_number:
                for el in ppr.findall(_w("numPr")):
                    ppr.remove(el)
        if ppr is None:
            ppr = OxmlElement("w:pPr")
        if not keep_number and model is not None and self._style_numbered(ppr):
            num = OxmlElement("w:numPr")
            num_id = OxmlElement("w:numId")
            num_id.set(_w("val"), "0")
            num.append(num_id)
            ppr.insert(1 if ppr.find(_w("pStyle")) is not None else 0, num)
        rpr_mark = OxmlElement("w:rPr")
        mark = OxmlElement("w:ins")
        mark.set(_w("id"), self._id())
        mark.set(_w("author"), self.author)
        mark.set(_w("date"), self.date)
        rpr_mark.append(mark)
        ppr.append(rpr_mark)
        p.append(ppr)
        ins = OxmlElement("w:ins")
        ins.set(_w("id"), self._id())
        ins.set(_w("author"), self.author)
        ins.set(_w("date"), self.date)
        run = OxmlElement("w:r")
        run_rpr = self._run_props(model)
        if run_rpr is not None:
            run.append(run_rpr)
        parts = text.split("\t")
        for k, part in enumerate(parts):
            if k:
                run.append(OxmlElement("w:tab"))
            if part:
                t = OxmlElement("w:t")
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                t.text = part
                run.append(t)
        ins.append(run)
        p.append(ins)
        return p

    def _style_numbered(self, ppr: Any) -> bool:
        ps = ppr.find(_w("pStyle"))
        if ps is None:
            return False
        try:
            style = self.docx.styles.get_by_id(ps.get(_w("val")), 1)  # WD_STYLE_TYPE.PARAGRAPH
        except Exception:
            return False
        seen = 0
        while style is not None and seen < 10:
            el = style.element
            sppr = el.find(_w("pPr"))
            if sppr is not None and sppr.find(_w("numPr")) is not None:
                return True
            style = style.base_style
            seen += 1
        return False

    @staticmethod
    def _run_props(model: Any) -> Any:
        if model is None:
            return None
        for r in model.iter(_w("r")):
            if any(t.text for t in r.iter(_w("t"))):
                rpr = r.find(_w("rPr"))
                if rpr is None:
                    return None
                rpr = copy.deepcopy(rpr)
                for tag in ("rPrChange", "vanish", "ins", "del", "b", "bCs", "u", "i", "iCs"):
                    for el in rpr.findall(_w(tag)):
                        rpr.remove(el)
                return rpr
        return None

    def insert_after(self, block_index: int, paragraphs: list[Any]) -> None:
        anchor = self.last_inserted.get(block_index)
        if anchor is None:
            anchor = self._p_of(block_index)
            while anchor.getparent() is not None and anchor.getparent() is not self.body:
                anchor = anchor.getparent()
        for p in paragraphs:
            anchor.addnext(p)
            anchor = p
        self.last_inserted[block_index] = anchor

    def comment(self, paragraphs: list[Any], text: str) -> None:
        from docx.oxml import OxmlElement

        comment = self.docx.comments.add_comment(text=text, author=self.author, initials="AZ")
        cid = str(comment.comment_id)
        first, last = paragraphs[0], paragraphs[-1]
        start = OxmlElement("w:commentRangeStart")
        start.set(_w("id"), cid)
        first.find(_w("ins")).addprevious(start)
        end = OxmlElement("w:commentRangeEnd")
        end.set(_w("id"), cid)
        last.append(end)
        ref_run = OxmlElement("w:r")
        ref = OxmlElement("w:commentReference")
        ref.set(_w("id"), cid)
        ref_run.append(ref)
        last.append(ref_run)

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.docx.save(buf)
        return buf.getvalue()


class _Numbers:
    """Typed numbers handed out so far, per insertion point: several proposals after the same
    clause get 5.3A, 5.3B … (or 5.4, 5.5 … after the last sibling)."""

    def __init__(self) -> None:
        self.last: dict[tuple[int, bool], str] = {}
        self.used: set[str] = set()

    def next(self, target: Target, number: str) -> str:
        key = (target.after, target.new_clause)
        prev = self.last.get(key)
        taken = set(target.siblings) | self.used
        if prev is None:
            label = next_number(number, sorted(taken))
        else:
            label = _successor(prev, sorted(taken))
        self.last[key] = label
        self.used.add(label)
        return label


def _successor(label: str, taken: Sequence[str]) -> str:
    """The label after one we handed out: 5.3A -> 5.3B, 第五条之一 -> 第五条之二, 5.4 -> 5.5."""
    m = re.match(r"(.*\d)([A-Y])(\W*)$", label)
    if m:
        return m.group(1) + chr(ord(m.group(2)) + 1) + m.group(3)
    m = re.match(r"(.*)之([一二三四五六七八])$", label)
    if m:
        return m.group(1) + "之" + _ZH_DIGITS[_ZH_DIGITS.index(m.group(2)) + 1]
    return next_number(label, taken)


def _paragraphs_for(
    writer: _DocxWriter,
    target: Target,
    prop: Proposal,
    languages: Sequence[str],
    numbers: _Numbers,
) -> list[Any]:
    blocks = writer.document.blocks
    model = blocks[target.model]
    typed = _typed_prefix(model, target.number)
    out = []
    if target.new_clause:
        heading = " / ".join(prop.heading.get(lang, "") for lang in languages if lang in prop.text)
        heading = heading.strip(" /") or " / ".join(prop.text.values())[:60]
        label = ""
        top_digits = None
        if typed is not None:
            number, sep = typed
            new = numbers.next(target, number)
            label = new + (sep or " ")
            m = re.search(r"\d+", new)
            top_digits = m.group() if m else None
        out.append(writer.paragraph_like(target.model, label + heading, keep_number=True))
        for lang in languages:
            if lang not in prop.text:
                continue
            body_model = target.body_model
            body_label = ""
            if body_model is not None:
                b = blocks[body_model]
                m = re.match(r"(\d+)\.(\d+)([.)]?)(\s*)", b.text) if b.label is None else None
                if m:
                    top = top_digits or str(int(m.group(1)) + 1)
                    body_label = f"{top}.1{m.group(3)}" + ("\t" if "\t" in m.group(4) else " ")
            out.append(
                writer.paragraph_like(
                    body_model if body_model is not None else target.model,
                    body_label + prop.text[lang],
                    keep_number=body_model is not None,
                )
            )
        return out
    label = ""
    if typed is not None:
        number, sep = typed
        label = numbers.next(target, number) + (sep or " ")
    for lang in languages:
        if lang not in prop.text:
            continue
        out.append(writer.paragraph_like(target.model, label + prop.text[lang], keep_number=True))
    return out


# --------------------------------------------------------------------------- entry points


@dataclass(frozen=True)
class RedlineResult:
    out: Path
    kind: str  # "tracked_changes" | "schedule"
    proposals: tuple[Proposal, ...]
    results: dict[str, tuple[RequirementResult, ...]]


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def redline(
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    playbooks: Sequence[str | os.PathLike[str] | Playbook] = (),
    author: str = AUTHOR,
    builtin: bool = True,
    date: str | None = None,
    ocr: bool = False,
) -> RedlineResult:
    """Write ``out``: a tracked-changes copy of a DOCX, or a proposed-amendments DOCX for a PDF or
    text contract. The original is only read."""
    from analyzer.engine import analyze
    from analyzer.patterns import load_patterns
    from analyzer.readers import read_contract

    src, dst = Path(source), Path(out)
    if dst.exists() and dst.resolve() == src.resolve():
        raise RedlineError(
            "refusing to overwrite the original; choose another --out", path=str(dst)
        )
    if dst.suffix.lower() != ".docx":
        raise RedlineError("the redline is a Word file: give --out a .docx name", path=str(dst))
    pset = load_patterns()
    books = load_playbooks(
        [Path(p) for p in playbooks if not isinstance(p, Playbook)], pset, builtin=builtin
    )
    books += [p for p in playbooks if isinstance(p, Playbook)]
    document = read_contract(src, ocr=ocr)
    report = analyze(document, patterns=pset)
    results = evaluate_playbooks(report, document, books, patterns=pset)
    proposals = proposals_for(results, report, document)
    date = date or _now()
    if document.format == "docx":
        data = _redline_docx(src.read_bytes(), document, report, proposals, author, date)
        kind = "tracked_changes"
    else:
        data = _schedule_docx(document, proposals, results, author)
        kind = "schedule"
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, dst)
    finally:
        if tmp.exists():
            tmp.unlink()
    return RedlineResult(dst, kind, tuple(proposals), results)


def _redline_docx(
    data: bytes,
    document: Document,
    report: ContractReport,
    proposals: Sequence[Proposal],
    author: str,
    date: str,
) -> bytes:
    writer = _DocxWriter(data, document, author, date)
    outline = _Outline(document, report)
    languages = [lang for lang in document.languages if lang in ("en", "zh")] or ["en"]
    # bilingual documents: the language that comes first in the text goes first
    first_at = {
        lang: next(
            (b.start for b in document.blocks if bool(_CJK.search(b.text)) == (lang == "zh")), 0
        )
        for lang in languages
    }
    languages.sort(key=lambda lang: first_at[lang])
    end = outline.end_of_operative_part()
    numbers = _Numbers()
    for prop in proposals:
        targets: dict[Target | None, list[str]] = {}
        for lang in languages:
            if lang not in prop.text:
                continue
            t = _target(prop, lang, outline, report)
            targets.setdefault(t if t is not None else end, []).append(lang)
        inserted: list[Any] = []
        for target, langs in targets.items():
            if target is None:
                continue
            ps = _paragraphs_for(writer, target, prop, langs, numbers)
            writer.insert_after(target.after, ps)
            inserted.extend(ps)
            where = (
                f"new clause after {target.number or 'the last clause'}"
                if target.new_clause
                else f"after clause {target.number or '?'}"
            )
            prop.placed.append(f"{'+'.join(langs)}: {where}")
        if inserted:
            writer.comment(inserted, comment_for(prop))
    return writer.save()


def _schedule_docx(
    document: Document,
    proposals: Sequence[Proposal],
    results: dict[str, tuple[RequirementResult, ...]],
    author: str,
) -> bytes:
    """A "proposed amendments" schedule for a PDF or text contract."""
    from docx import Document as new_docx

    doc = new_docx()
    name = Path(document.path).name
    doc.core_properties.author = author
    doc.add_heading(f"Proposed amendments to {name}", level=1)
    doc.add_paragraph(
        "Prepared by analyzer as a screening aid: each amendment answers a playbook requirement "
        "found missing or deviating; a lawyer decides what is proposed. 修改建议（筛查辅助，"
        "由律师决定是否采纳）。"
    )
    for n, prop in enumerate(proposals, 1):
        titles = "; ".join(r.title.get("en", r.requirement) for r in prop.results)
        doc.add_heading(f"Amendment {n}: {titles}", level=2)
        for r in prop.results:
            doc.add_paragraph(
                f"{r.playbook} / {r.requirement}: {r.status} ({r.severity}). {r.explanation}",
                style="List Bullet",
            )
            for e in r.evidence[:1]:
                where = f"clause {e.clause}" if e.clause else f"page {e.page}" if e.page else ""
                doc.add_paragraph(f"Existing wording ({where}): {e.quote}", style="Quote")
        where = _schedule_place(prop, document)
        doc.add_paragraph(f"Where: {where}")
        for lang, text in prop.text.items():
            heading = prop.heading.get(lang)
            para = doc.add_paragraph()
            if heading:
                para.add_run(heading + ". ").bold = True
            para.add_run(text)
    doc.add_heading("Requirement statuses", level=2)
    table = doc.add_table(rows=1, cols=4)
    for cell, head in zip(
        table.rows[0].cells, ("Playbook", "Requirement", "Status", "Clause"), strict=True
    ):
        cell.text = head
    for name_, rows in results.items():
        for r in rows:
            cells = table.add_row().cells
            cells[0].text = name_
            cells[1].text = r.requirement
            cells[2].text = r.status
            cells[3].text = ", ".join(e.clause for e in r.evidence if e.clause)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _schedule_place(prop: Proposal, document: Document) -> str:
    for r in prop.results:
        for e in r.evidence:
            if e.clause:
                return f"replace or supplement clause {e.clause}"
    return "add as a new clause at the end of the operative part (before the signatures)"


__all__ = ["Proposal", "RedlineError", "RedlineResult", "next_number", "party_terms", "redline"]
