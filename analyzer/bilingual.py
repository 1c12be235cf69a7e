"""Bilingual contracts (中英文对照): split per language, then reconcile the findings.

A bilingual contract carries each clause twice, either in alternating paragraphs or one version
after the other. :func:`split_blocks` sorts the blocks by character class; :func:`language_view`
gives a Document per language with the *same* text offsets (the other language's blocks blanked
out), so that every finding computed on a view quotes ``Document.text[start:end]`` of the
original. :func:`reconcile` merges the per-language findings: one finding with quotes in both
languages when the versions agree, and a ``bilingual.divergence`` flag when they do not, decided
by the prevailing-language clause (以中文为准 / "the English version shall prevail") when there is
one (without one, the Chinese version). A clause found in one version only is kept, with a
divergence flag: an omission in one version does not erase what the other says.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from analyzer.evidence import evidence_at
from analyzer.lang import block_language
from analyzer.model import POSITIVE_STATUSES, Block, Document, Evidence, Finding, Severity

logger = logging.getLogger(__name__)

DIVERGENCE = "bilingual.divergence"
PREVAILING = "bilingual.prevailing_language"
LANGUAGES: tuple[str, ...] = ("zh", "en")
_POSITIVE = POSITIVE_STATUSES


_ZH_NAMES = r"(中文|汉语|汉文|中国语言|简体中文)"
_EN_NAMES = r"(英文|英语)"
# "以中文文本为准" / "中文版本具有优先效力" / "如有冲突，以英文版为准"
_ZH_PREVAIL = re.compile(
    rf"以{_ZH_NAMES}(文本|版本|版|本)?为准|{_ZH_NAMES}(文本|版本|版)[^。；\n]{{0,10}}(优先|为准|具有优先(适用)?效力|起决定作用)"
)
_EN_PREVAIL_ZH = re.compile(
    rf"以{_EN_NAMES}(文本|版本|版|本)?为准|{_EN_NAMES}(文本|版本|版)[^。；\n]{{0,10}}(优先|为准|具有优先(适用)?效力|起决定作用)"
)
_PREVAIL_EN = re.compile(
    r"(the\s+)?(?P<lang>Chinese|English)(\s+language)?\s+(version|text|language)(\s+of\s+this\s+"
    r"(agreement|contract))?\s+(shall|will)\s+(prevail|control|govern|take\s+precedence)"
    r"|(?P<lang2>Chinese|English)(\s+language)?\s+(version|text)\s+shall\s+be\s+(controlling|authoritative)",
    re.IGNORECASE,
)
_EQUAL = re.compile(
    r"(具有)?同等(法律)?效力|equally\s+(authentic|valid|binding)|same\s+(legal\s+)?(effect|force)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Prevailing:
    """The prevailing-language clause: which version wins, and the quote that says so."""

    language: str  # "zh" or "en"
    evidence: Evidence


def split_blocks(document: Document) -> dict[str, tuple[Block, ...]]:
    """The document's blocks per language; blocks with no language (numbers, lines) go to both."""
    out: dict[str, list[Block]] = {lang: [] for lang in LANGUAGES}
    for b in document.blocks:
        lang = block_language(b.text)
        for target in LANGUAGES if lang is None else (lang,):
            out[target].append(b)
    return {k: tuple(v) for k, v in out.items()}


def is_bilingual(document: Document, *, min_share: float = 0.2) -> bool:
    """True when each language holds at least ``min_share`` of the text in its own blocks."""
    sizes = {lang: 0 for lang in LANGUAGES}
    for b in document.blocks:
        lang = block_language(b.text)
        if lang is not None:
            sizes[lang] += len(b.text) * (3 if lang == "zh" else 1)  # weigh by content
    total = sum(sizes.values())
    return total > 0 and all(v / total >= min_share for v in sizes.values())


def language_view(document: Document, language: str) -> Document:
    """The document as one language sees it: same text length and offsets, other blocks blanked.

    Blocks of the other language are replaced by spaces (line breaks kept) and left out of
    ``blocks``, so offsets computed on the view index the original text unchanged.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
    keep = {id(b) for b in split_blocks(document)[language]}
    chars = list(document.text)
    for b in document.blocks:
        if id(b) not in keep:
            for i in range(b.start, b.end):
                if chars[i] != "\n":
                    chars[i] = " "
    return dataclasses.replace(
        document,
        text="".join(chars),
        blocks=tuple(b for b in document.blocks if id(b) in keep),
        languages=(language,),
    )


def _evidence(document: Document, start: int, end: int, language: str) -> Evidence:
    from analyzer.segment import ClauseIndex, segment

    index = ClauseIndex(segment(document))
    return evidence_at(document, start, end, clause_index=index, language=language)


def _sentence(document: Document, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to its sentence inside the enclosing block."""
    block = document.block_at(start)
    lo, hi = (block.start, block.end) if block is not None else (0, len(document.text))
    text = document.text
    s = start
    while s > lo and text[s - 1] not in "。；;.!?！？\n":
        s -= 1
    e = end
    while e < hi and text[e - 1] not in "。；;!?！？" and not (text[e - 1] == "." and e > end):
        e += 1
    while s < e and text[s].isspace():
        s += 1
    return s, e


def prevailing(document: Document) -> Prevailing | None:
    """The prevailing-language clause, or ``None`` (none found, or both versions equal)."""
    hits: list[tuple[int, int, str, str]] = []
    for rx, lang, quote_lang in ((_ZH_PREVAIL, "zh", "zh"), (_EN_PREVAIL_ZH, "en", "zh")):
        for m in rx.finditer(document.text):
            hits.append((m.start(), m.end(), lang, quote_lang))
    for m in _PREVAIL_EN.finditer(document.text):
        name = (m.group("lang") or m.group("lang2") or "").lower()
        hits.append((m.start(), m.end(), "zh" if name == "chinese" else "en", "en"))
    if not hits:
        return None
    hits.sort()
    start, end, lang, quote_lang = hits[0]
    s, e = _sentence(document, start, end)
    logger.debug("prevailing language clause found: %s", lang)
    return Prevailing(language=lang, evidence=_evidence(document, s, e, quote_lang))


def prevailing_language(document: Document) -> Evidence | None:
    """The quote of the prevailing-language clause (its language: :func:`prevailing`)."""
    p = prevailing(document)
    return p.evidence if p is not None else None


def equally_authentic(document: Document) -> Evidence | None:
    """A clause saying both versions have equal force (两种文本具有同等效力), if any."""
    for m in _EQUAL.finditer(document.text):
        window = document.text[max(0, m.start() - 60) : m.end() + 20]
        if re.search(r"文本|版本|中英文|version|text|counterpart|language", window, re.IGNORECASE):
            s, e = _sentence(document, m.start(), m.end())
            lang = block_language(document.text[s:e]) or "en"
            return _evidence(document, s, e, lang)
    return None


def _with_language(evidence: Sequence[Evidence], language: str) -> tuple[Evidence, ...]:
    return tuple(
        ev if ev.language == language else dataclasses.replace(ev, language=language)
        for ev in evidence
    )


def _agree(a: Finding, b: Finding) -> bool:
    return (a.status in _POSITIVE) == (b.status in _POSITIVE) and a.value == b.value


def _outcome(f: Finding) -> str:
    if f.value is not None:
        return str(f.value)
    return f.status


def _choose(findings: Mapping[str, Finding], prevail: Prevailing | None) -> tuple[str, str]:
    """(language whose finding stands, why).

    A clause found in one version only is kept (an omission in one version is flagged, not
    allowed to erase the clause); where both versions state an outcome and the outcomes differ,
    the prevailing version decides, and without a prevailing-language clause the Chinese one.
    """
    positive = [lang for lang, f in findings.items() if f.status in _POSITIVE]
    if len(positive) == 1:
        return positive[0], f"the requirement is met in the {positive[0]} version only"
    if prevail is not None and prevail.language in findings:
        return prevail.language, f"the {prevail.language} version prevails under the contract"
    lang = "zh" if "zh" in findings else next(iter(findings))
    return lang, "no prevailing-language clause; kept the Chinese version"


def reconcile(
    per_language: Mapping[str, Sequence[Finding]], document: Document
) -> tuple[Finding, ...]:
    """Merge per-language findings into one list for the whole bilingual document.

    For each requirement: the versions agree → one finding whose evidence has the quotes of both
    languages; they diverge → the finding of the prevailing version (see module doc) plus a
    ``bilingual.divergence`` flag with evidence from both. A ``bilingual.prevailing_language``
    finding reports the prevailing-language clause (or its absence).
    """
    prevail = prevailing(document)
    order: list[str] = []
    by_req: dict[str, dict[str, Finding]] = {}
    for lang, findings in per_language.items():
        for f in findings:
            if f.requirement not in by_req:
                order.append(f.requirement)
                by_req[f.requirement] = {}
            by_req[f.requirement].setdefault(lang, f)
    out: list[Finding] = []
    for req in order:
        versions = by_req[req]
        if len(versions) == 1:
            ((lang, f),) = versions.items()
            out.append(dataclasses.replace(f, evidence=_with_language(f.evidence, lang)))
            continue
        chosen, why = _choose(versions, prevail)
        base = versions[chosen]
        evidence: list[Evidence] = list(_with_language(base.evidence, chosen))
        others = [lang for lang in versions if lang != chosen]
        for lang in others:
            evidence.extend(_with_language(versions[lang].evidence, lang))
        if all(_agree(base, versions[lang]) for lang in others):
            out.append(dataclasses.replace(base, evidence=tuple(evidence)))
            continue
        out.append(
            dataclasses.replace(
                base,
                evidence=tuple(evidence),
                explanation=f"{base.explanation} [bilingual: versions differ; {why}]",
            )
        )
        if all(f.status != "not_applicable" for f in versions.values()):
            # (a requirement that does not arise in one version, e.g. the institution when that
            # version chooses courts, follows from another divergence: not reported twice)
            out.append(_divergence(req, versions, chosen, why, tuple(evidence), prevail))
    out.append(_prevailing_finding(document, prevail))
    return tuple(out)


def _divergence(
    requirement: str,
    versions: Mapping[str, Finding],
    chosen: str,
    why: str,
    evidence: tuple[Evidence, ...],
    prevail: Prevailing | None,
) -> Finding:
    base = versions[chosen]
    said = "; ".join(f"{lang} version: {_outcome(f)}" for lang, f in versions.items())
    said_zh = "；".join(
        f"{'中文' if lang == 'zh' else '英文'}文本：{_outcome(f)}" for lang, f in versions.items()
    )
    if prevail is not None:
        evidence = evidence + (prevail.evidence,)
    severity: Severity = "high" if base.article in (10, 11) else "medium"
    return Finding(
        article=base.article,
        requirement=DIVERGENCE,
        status="flag",
        severity=severity,
        explanation=(
            f"The language versions diverge on {requirement} ({said}); the analysis keeps the "
            f"{chosen} version because {why}."
        ),
        evidence=evidence,
        recommendation={
            "en": "Align the English and Chinese versions of this clause, and state which "
            "language prevails if they differ.",
            "zh": f"中英文文本就{requirement}不一致（{said_zh}）。请统一本条款的中英文表述，"
            "并明确约定两种文本不一致时以何种文本为准。",
        },
        value={
            "requirement": requirement,
            **{lang: _outcome(f) for lang, f in versions.items()},
            "used": chosen,
        },
    )


def _prevailing_finding(document: Document, prevail: Prevailing | None) -> Finding:
    if prevail is not None:
        return Finding(
            article=0,
            requirement=PREVAILING,
            status="met",
            severity="info",
            explanation=f"The contract says the {prevail.language} version prevails.",
            evidence=(prevail.evidence,),
            value=prevail.language,
        )
    equal = equally_authentic(document)
    return Finding(
        article=0,
        requirement=PREVAILING,
        status="flag",
        severity="low",
        explanation=(
            "Both language versions are stated to be equally authentic and no version prevails."
            if equal is not None
            else "No clause says which language version prevails."
        ),
        evidence=(equal,) if equal is not None else (),
        recommendation={
            "en": "Add a clause stating which language version prevails in case of conflict.",
            "zh": "建议增加条款，约定中英文文本不一致时以何种文本为准。",
        },
        value=None,
    )
