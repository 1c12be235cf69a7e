"""analyze(): one contract → ContractReport.

read → segment → tag (patterns) → parties/obligations → checks → report. Each stage is a pure
function of the previous one's output; timings are recorded per stage. spaCy is not run over
whole documents: the tagger prefilters sentences with one combined trigger regex per language
and only candidate sentences are matched (see :mod:`analyzer.patterns`, :mod:`analyzer.pipeline`).
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer import __version__
from analyzer.checks import CheckContext, check_rules, run_checks
from analyzer.definitions import Glossary
from analyzer.lang import block_language
from analyzer.model import (
    Block,
    Clause,
    ContractReport,
    Document,
    DocumentInfo,
    Finding,
    Notice,
    Obligation,
    Party,
    Tag,
)
from analyzer.patterns import PatternSet, load_patterns
from analyzer.roles import Roles, fallback_roles, roles_from_parties
from analyzer.tagger import Hit, tagger_for

if TYPE_CHECKING:
    from analyzer.parties import PartyAnalysis
    from analyzer.segment import ClauseIndex

logger = logging.getLogger(__name__)

_OUTSOURCING_EN = re.compile(
    r"\b(services?|consult\w*|outsourc\w*|maintenance|hosting|develop\w*|processing|support|"
    r"manufactur\w*|administ\w*)\b",
    re.IGNORECASE,
)
# the same words on lower-cased ASCII text, without the leading \b (which stops `re` from
# skipping ahead; the word start is checked in Python): half the time of the pattern above
_OUTSOURCING_EN_LOW = re.compile(
    r"(?:services?|consult\w*|outsourc\w*|maintenance|hosting|develop\w*|processing|support|"
    r"manufactur\w*|administ\w*)\b"
)
_OUTSOURCING_ZH = re.compile(r"服务|委托|外包|咨询|开发|加工|维护|承揽|技术")
_NOT_SERVICES_EN = re.compile(
    r"\b(non-?disclosure\s+agreement|mutual\s+nda|confidentiality\s+agreement|swap|"
    r"yield\s+maintenance|cap\s+agreement|isda)\b",
    re.IGNORECASE,
)

Reconciler = Callable[[Mapping[str, Sequence[Finding]], Document], tuple[Finding, ...]]
# the second reader: (document, findings, spans per language, roles per language, clause index)
# → revised findings (see analyzer.learned.apply)
SecondReaderHook = Callable[..., tuple[Finding, ...]]

# Bounds per document, so that memory and output sizes stay bounded for any input within the
# read limits (a 10 MB file of "shall not " is a million obligations). Real contracts stay far
# below them (all 510 CUAD contracts: at most 883 obligations in one, 3 quotes a finding).
MAX_OBLIGATIONS = 5_000
MAX_EVIDENCE = 100
W_OBLIGATIONS_CAPPED = "obligations_capped"
W_EVIDENCE_CAPPED = "evidence_capped"
W_ROLES_UNCERTAIN = "roles_uncertain"


def roles_uncertain_message(analyses: Sequence[PartyAnalysis]) -> str | None:
    """The ``roles_uncertain`` warning when the party analysis's provider/client call is weak:
    the two sides' role votes close (``analyzer.parties.ROLE_MARGIN_CHECK``), a role given to
    one party only, or a call that rests on conventional votes alone (a licence, distribution or
    franchise: ``RoleCall.nominal``); None for a clear call or none at all."""
    from analyzer.parties import one_sided_call, role_call

    follows = (
        "the direction of Articles 4, 6, 11 and 12 and the register's provider and client follow "
        "this call, so a lawyer should confirm who serves whom"
    )
    call = role_call(analyses)
    if call is None:
        alone = one_sided_call(analyses)
        if alone is None:
            return None
        other = "client" if alone.role == "provider" else "provider"
        return (
            f"who performs the services is uncertain: only {alone.name} was identified, as the "
            f"{alone.role}, and no other party as the {other}; {follows}"
        )
    if not call.uncertain:
        if not call.nominal:
            return None
        basis = _short(call.nominal_quote)
        return (
            f"who performs the services is uncertain: no clause shows either party serving the "
            f"other, and {call.provider.name} was taken as the provider and {call.client.name} as "
            f"the client by convention alone (role words such as licensee, distributor or "
            f"franchisee, or royalties{f': “{basis}”' if basis else ''}); {follows}"
        )
    basis = next(
        (e.quote for p in (call.provider, call.client) for e in p.evidence[1:] if e.quote), ""
    )
    basis = _short(basis)
    return (
        f"who performs the services is uncertain: {call.provider.name} was taken as the provider "
        f"and {call.client.name} as the client on weak evidence "
        f"({f'“{basis}”' if basis else 'no clause says who serves whom'}); {follows}"
    )


def _short(quote: str, limit: int = 100) -> str:
    """A quote cut at a word before ``limit`` characters, with "…" when cut."""
    if len(quote) <= limit:
        return quote
    return quote[: quote.rfind(" ", 0, limit) if " " in quote[:limit] else limit] + "…"


def analyze(
    source: str | Path | Document,
    *,
    patterns: PatternSet | None = None,
    ocr: bool = False,
    lang_out: str = "en",
    second_reader: SecondReaderHook | bool = True,
) -> ContractReport:
    """Analyse one contract (a path to DOCX/PDF/text, or a Document already read).

    ``second_reader``: True (the shipped model, when present, revises the labelled findings and
    gives them ``confidence`` and ``review``), False (patterns alone), or a callable with the
    signature of :func:`analyzer.learned.apply` (used by training to record its inputs)."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    if isinstance(source, Document):
        document = source
    else:
        from analyzer.readers import read_contract

        document = read_contract(source, ocr=ocr)
    timings["read"] = time.perf_counter() - t0
    if not document.text.strip() and any(n.code == "no_text_layer" for n in document.warnings):
        # an image-only (scanned) PDF is not a contract without clauses: say it needs OCR
        from analyzer.errors import ReadError

        raise ReadError(
            "has no text layer on any page (a scanned, image-only or blank PDF), so it needs OCR; "
            "run `analyzer screen FILE --ocr` (needs tesseract) or OCR the PDF first",
            path=document.path,
            code="E125",
        )

    t = time.perf_counter()
    from analyzer.segment import ClauseIndex, segment

    clauses = segment(document)
    # built once here and handed to parties, obligations, checks and the second reader
    clause_index = ClauseIndex(clauses)
    timings["segment"] = time.perf_counter() - t

    t = time.perf_counter()
    pset = patterns if patterns is not None else load_patterns()
    check_rules(pset)  # the checks can honour these article rules (or a PatternError)
    timings["patterns"] = time.perf_counter() - t

    per_language_spans = language_spans(document)
    t = time.perf_counter()
    forms = _form_fields(document)
    timings["forms"] = time.perf_counter() - t
    all_hits: list[Hit] = []
    all_parties: list[Party] = []
    all_obligations: list[Obligation] = []
    per_language: dict[str, tuple[Finding, ...]] = {}
    roles_by_language: dict[str, Roles | None] = {}
    warnings: list[Notice] = list(document.warnings)
    for language, spans in per_language_spans.items():
        t = time.perf_counter()
        glossary = Glossary(document.text) if language == "en" else None
        hits = tagger_for(pset, language).tag(document.text, spans, glossary)
        timings[f"tag.{language}"] = time.perf_counter() - t
        t = time.perf_counter()
        parties, obligations = _parties_and_obligations(
            document, clauses, clause_index, language, pset, warnings
        )
        timings[f"parties.{language}"] = time.perf_counter() - t
        roles: Roles | None = roles_from_parties(parties)
        if roles is None:
            roles = fallback_roles(document, language, pset.role_data(language))
        roles_by_language[language] = roles
        t = time.perf_counter()
        ctx = CheckContext(
            document=document,
            language=language,
            hits=hits,
            rules=pset.rules,
            roles=roles,
            parties=parties,
            obligations=obligations,
            clause_index=clause_index,
            forms=forms,
        )
        per_language[language] = run_checks(ctx)
        timings[f"checks.{language}"] = time.perf_counter() - t
        all_hits.extend(hits)
        all_parties.extend(p for p in parties if p not in all_parties)
        all_obligations.extend(obligations)

    t = time.perf_counter()
    findings = reconcile_languages(per_language, document)
    capped = _cap_evidence(findings, document)
    if capped != findings:
        findings = capped
        warnings.append(
            Notice(
                W_EVIDENCE_CAPPED,
                f"{document.path}: more than {MAX_EVIDENCE} quotes for a requirement; only the "
                "first ones are listed",
            )
        )
    is_outsourcing = outsourcing_like(document)
    if not is_outsourcing:
        findings = tuple(not_applicable_outside_outsourcing(f) for f in findings)
    timings["report"] = time.perf_counter() - t
    if second_reader is not False:
        t = time.perf_counter()
        hook: SecondReaderHook
        if second_reader is True:
            from analyzer.learned import apply as hook
        else:
            hook = second_reader
        try:
            findings = hook(document, findings, per_language_spans, roles_by_language, clause_index)
        except Exception:  # the second reader must never stop a screening
            logger.exception("second reader failed for %s", document.path)
            warnings.append(
                Notice(
                    "second_reader_failed",
                    f"{document.path}: the second reader failed; findings are the rules' alone",
                )
            )
        timings["second_reader"] = time.perf_counter() - t
    t = time.perf_counter()
    if lang_out == "zh":
        findings = tuple(_explain_in(f, "zh", pset) for f in findings)
    tagged_clauses = attach_tags(clauses, all_hits)
    timings["report"] += time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    return ContractReport(
        document=DocumentInfo(
            path=document.path,
            sha256=document.sha256,
            format=document.format,
            languages=document.languages,
            pages=document.pages,
            characters=len(document.text),
        ),
        parties=tuple(all_parties),
        clauses=tagged_clauses,
        obligations=tuple(all_obligations),
        findings=findings,
        warnings=tuple(warnings),
        analyzer_version=__version__,
        patterns_version=pset.version,
        timings={k: round(v, 6) for k, v in timings.items()},
        outsourcing_like=is_outsourcing,
    )


# --------------------------------------------------------------------------- stages


def language_spans(document: Document) -> dict[str, list[tuple[int, int]]]:
    """Block spans per language: all blocks for a one-language document, split when bilingual."""
    langs = tuple(lang for lang in document.languages if lang in ("en", "zh")) or ("en",)
    if len(langs) == 1:
        return {langs[0]: _join_continuations(document.blocks, langs[0])}
    out: dict[str, list[Block]] = {lang: [] for lang in langs}
    for b in document.blocks:
        lang = block_language(b.text) or "en"  # the rule bilingual.py reconciles with
        if lang in out:
            out[lang].append(b)
    return {k: _join_continuations(v, k) for k, v in out.items() if v}


_FLOWING = ("paragraph", "list_item")
_SENTENCE_END = tuple(".;:!?。；：！？")


def _join_continuations(blocks: Sequence[Block], language: str) -> list[tuple[int, int]]:
    """Block spans, joining a block to the previous one when it continues its sentence.

    Plain-text contracts are often hard-wrapped: a line ending without punctuation followed by a
    line starting in lower case is one sentence (English only; the joined span includes the line
    break, so quotes remain exact slices of the text).
    """
    spans: list[tuple[int, int]] = []
    prev: Block | None = None
    page_line: Block | None = None  # a page number between prev and b ("E - 13", "- 7 -")
    for b in blocks:
        if (
            language == "en"
            and prev is not None
            and page_line is None
            and _PAGE_LINE.fullmatch(b.text) is not None
            and not prev.text.rstrip().endswith(_SENTENCE_END)
        ):
            page_line = b  # decided with the block after it
            continue
        gap_from = page_line.end if page_line is not None else prev.end if prev else 0
        if (
            language == "en"
            and prev is not None
            and spans
            and spans[-1][1] == prev.end
            and b.start - gap_from <= 2
            and prev.kind in _FLOWING
            and b.kind in _FLOWING
            and not prev.text.rstrip().endswith(_SENTENCE_END)
            and (b.text[:1].islower() or (page_line is not None and b.text[:1] == "("))
        ):
            spans[-1] = (spans[-1][0], b.end)
        else:
            if page_line is not None:
                spans.append((page_line.start, page_line.end))
            spans.append((b.start, b.end))
        page_line = None
        prev = b
    if page_line is not None:
        spans.append((page_line.start, page_line.end))
    return spans


# a line that is only a page number: "12", "- 12 -", "E - 13", "Page 4 of 20", "A-7"
_PAGE_LINE = re.compile(
    r"\s*(?:[-–—]\s*\d{1,4}\s*[-–—]|(?:[A-Z]{1,3}\s*[-–]\s*)?\d{1,4}|"
    r"(?i:page)\s+\d{1,4}(?:\s+(?i:of)\s+\d{1,4})?)\s*"
)


_FORM_MARK = re.compile(r"[□☐▢◻☑■☒✓✔√⊠▣▇◼×✗✘_＿﹍【{\[]")


def _has_form_mark(text: str) -> bool:
    """``_FORM_MARK.search(text)``: in ASCII text only its ASCII marks can occur, and three
    ``in`` tests find them several times faster than the character class tried at each
    offset."""
    if text.isascii():
        return "_" in text or "[" in text or "{" in text
    return _FORM_MARK.search(text) is not None


_CHOICE_LOOKAHEAD = 8


def form_blocks(document: Document) -> tuple[Block, ...]:
    """The blocks form detection needs: for English text, those with a box, blank, bracket or
    placeholder mark (plus a few following blocks, for numbered alternatives); Chinese text is
    kept whole (blanks there can be plain spaces). Offsets are unchanged."""
    if "zh" in document.languages:
        return document.blocks
    keep: set[int] = set()
    for i, b in enumerate(document.blocks):
        if _has_form_mark(b.text):
            keep.update(range(i, min(i + _CHOICE_LOOKAHEAD + 1, len(document.blocks))))
    return tuple(document.blocks[i] for i in sorted(keep))


def _form_fields(document: Document) -> Any:
    try:
        from analyzer.forms import find_form_fields
    except ImportError:  # pragma: no cover
        return None
    try:
        blocks = form_blocks(document)
        if len(blocks) != len(document.blocks):
            document = dataclasses.replace(document, blocks=blocks)
        return find_form_fields(document)
    except Exception:  # a form-detection bug must not stop the screening
        logger.exception("form-field detection failed for %s", document.path)
        return None


def _parties_and_obligations(
    document: Document,
    clauses: Sequence[Clause],
    index: ClauseIndex,
    language: str,
    patterns: PatternSet,
    warnings: list[Notice],
) -> tuple[tuple[Party, ...], tuple[Obligation, ...]]:
    from analyzer.obligations import find_obligations
    from analyzer.parties import analyse_parties

    try:
        analyses = analyse_parties(document, clauses, language, patterns=patterns, index=index)
        parties = tuple(a.party for a in analyses)
        uncertain = roles_uncertain_message(analyses)
        if uncertain is not None:
            warnings.append(Notice(W_ROLES_UNCERTAIN, f"{document.path}: {uncertain}"))
    except Exception:
        logger.exception("the party analysis failed for %s", document.path)
        warnings.append(
            Notice("parties_failed", f"{document.path}: parties could not be identified")
        )
        parties = ()
    try:
        obligations = find_obligations(
            document,
            clauses,
            parties,
            language,
            limit=MAX_OBLIGATIONS + 1,
            patterns=patterns,
            index=index,
        )
    except Exception:
        logger.exception("find_obligations failed for %s", document.path)
        warnings.append(
            Notice(
                "obligations_failed",
                f"{document.path}: obligations could not be extracted ({language}); the "
                "obligations list is empty and checks that need a duty's bearer may report it "
                "missing (rerun with --debug and report the file)",
            )
        )
        obligations = ()
    if len(obligations) > MAX_OBLIGATIONS:
        obligations = obligations[:MAX_OBLIGATIONS]
        warnings.append(
            Notice(
                W_OBLIGATIONS_CAPPED,
                f"{document.path}: more than {MAX_OBLIGATIONS:,} obligations ({language}); only "
                "the first ones are listed and checked (a real contract has a few hundred: is "
                "this file generated or repeated text?)",
            )
        )
    return parties, obligations


def _cap_evidence(findings: Sequence[Finding], document: Document) -> tuple[Finding, ...]:
    """At most :data:`MAX_EVIDENCE` quotes per finding (the first ones), with a warning."""
    if all(len(f.evidence) <= MAX_EVIDENCE for f in findings):
        return tuple(findings)
    logger.warning("%s: evidence cut to %d quotes per finding", document.path, MAX_EVIDENCE)
    return tuple(
        dataclasses.replace(f, evidence=f.evidence[:MAX_EVIDENCE])
        if len(f.evidence) > MAX_EVIDENCE
        else f
        for f in findings
    )


def reconcile_languages(
    per_language: Mapping[str, Sequence[Finding]], document: Document
) -> tuple[Finding, ...]:
    """Hook for bilingual documents: per-language findings → one list.

    One language: its findings unchanged. Several: :func:`analyzer.bilingual.reconcile` (one
    finding with quotes in both languages, plus divergence flags); if that is unavailable, a
    naive merge that keeps, per requirement, the version whose status is best.
    """
    if len(per_language) == 1:
        return tuple(next(iter(per_language.values())))
    try:
        from analyzer.bilingual import reconcile
    except ImportError:  # pragma: no cover
        return naive_merge(per_language)
    return tuple(reconcile(per_language, document))


_RANK = {"met": 0, "partial": 1, "flag": 2, "missing": 3, "not_applicable": 4}


def naive_merge(per_language: Mapping[str, Sequence[Finding]]) -> tuple[Finding, ...]:
    best: dict[str, Finding] = {}
    for findings in per_language.values():
        for f in findings:
            cur = best.get(f.requirement)
            if cur is None or _RANK[f.status] < _RANK[cur.status]:
                best[f.requirement] = f
    return tuple(best.values())


def attach_tags(clauses: Sequence[Clause], hits: Sequence[Hit]) -> tuple[Clause, ...]:
    """Each hit becomes a Tag on the deepest clause containing it."""
    if not hits:
        return tuple(clauses)

    def rebuild(c: Clause, pending: list[Hit]) -> Clause:
        mine = [h for h in pending if c.start <= h.start < c.end]
        if not mine:
            return c
        children = []
        claimed: set[int] = set()
        for child in c.children:
            sub = [h for h in mine if child.start <= h.start < child.end]
            claimed.update(id(h) for h in sub)
            children.append(rebuild(child, sub))
        own = [h for h in mine if id(h) not in claimed]
        tags = tuple(
            Tag(label=h.label, pattern_id=h.pattern_id, start=h.start, end=h.end, score=h.score)
            for h in own
        )
        return dataclasses.replace(c, children=tuple(children), tags=c.tags + tags)

    ordered = sorted(hits, key=lambda h: h.start)
    return tuple(rebuild(c, ordered) for c in clauses)


# requirements that only make sense when one party performs services for the other
SERVICE_ONLY = frozenset(
    {"art7.training", "art8.certification", "art9.audit", "art11.ip_ownership"}
)


def not_applicable_outside_outsourcing(finding: Finding) -> Finding:
    """A missing service-only requirement is not applicable to a contract that is not
    outsourcing-like (e.g. a mutual NDA): say so instead of reporting it missing."""
    if finding.requirement not in SERVICE_ONLY or finding.status != "missing":
        return finding
    return dataclasses.replace(
        finding,
        status="not_applicable",
        severity="info",
        explanation="Not applicable: no party performs services for the other (the contract is "
        "not outsourcing-like). " + finding.explanation,
    )


# the title of a contract that is, by its kind, no service contract: an IP assignment or
# licence, a guarantee, an employment agreement, an NDA (unless the title also names a service)
_TITLE_EN = re.compile(
    r"((?:[A-Z][A-Z&/\-]*[ \t]+){0,6})(AGREEMENT|GUARANTY|GUARANTEE|CONTRACT|LICEN[CS]E|DEED)\b"
)
_NOT_SERVICE_KIND_EN = re.compile(
    r"INTELLECTUAL\s+PROPERTY|PATENT|TRADEMARK|LICEN[CS]E|GUARANT|EMPLOYMENT|NON-?DISCLOSURE|"
    r"CONFIDENTIALITY|PLEDGE|LOAN|CREDIT|PURCHASE|MERGER|SUBSCRIPTION|NON[- ]?COMPETITION|"
    r"NON[- ]?SOLICITATION"
)
# title words that name a service performed for the other party (both lists below use them)
_SERVICE_WORDS_EN = (
    r"SERVIC|CONSULT|OUTSOURC|MAINTEN|HOSTING|DEVELOP|SUPPORT|PROCESSING|MANUFACTUR|ADMINIST|"
    r"AGENCY|MARKETING|PROMOTION"
)
_SERVICE_KIND_EN = re.compile(
    _SERVICE_WORDS_EN + r"|RESEARCH|SUPPLY|DISTRIBUT|RESELL|SPONSOR|ENDORSE|(?<!CO)OPERAT"
)
# corporate and financial arrangements whose titles may hold a service word ("CAPITAL MAINTENANCE
# AGREEMENT"): no party serves the other
_CORPORATE_KIND_EN = re.compile(
    r"JOINT\s+VENTURE|CAPITAL\s+MAINTENANCE|KEEP-?\s?WELL|LIQUIDITY|JOINT\s+FILING|"
    r"(?:SHARE|STOCK)HOLDERS?|VOTING|INDENTURE|SETTLEMENT"
)
# a distribution, resale or supply agreement: goods bought and sold on, no service performed for
# the other party unless the text speaks of services throughout (of the 26 contracts so titled in
# train, dev and the calibration set at the end of session 10, the labellers call 18 not
# outsourcing-like; this rule makes 21 of them so, 17 rightly; see docs/annotated_corpus.md)
_TRADE_KIND_EN = re.compile(r"DISTRIBUT|RE-?SELL|SUPPLY|DEALER")
_TRADE_WITH_SERVICE_EN = re.compile(_SERVICE_WORDS_EN + r"|LICEN[CS]E")
_TRADE_OUTWEIGHS = 20  # this many mentions of services make a trade contract a service one
# an individual employed by the other party: '("Executive")', '(the "Employee")'
_EMPLOYEE_PARTY_EN = re.compile(
    r"\(\s*(?:the\s+)?[\"“](?:Executive|Employee)[\"”]\s*\)|\bemployment\s+agreement\b",
    re.IGNORECASE,
)
# a Chinese contract titled as employment, guarantee or NDA (no 服务 in the title)
_NOT_SERVICE_KIND_ZH = re.compile(r"劳动合同|聘用合同|保证合同|担保合同|保证书|保密协议")
# a title naming a non-service kind outweighs this many mentions of services in the text
_KIND_OUTWEIGHS = 40
# a settlement with stockholders (board seats, standstill, voting): its words on every page and
# hardly a service performed ("COOPERATION AGREEMENT" between a company and an investor group)
_GOVERNANCE_EN = re.compile(
    r"\b(?:standstill|annual\s+meeting|proxy|nominees?|board\s+of\s+directors|voting|"
    r"stockholders?|shareholders?|common\s+stock)\b",
    re.IGNORECASE,
)
_PERFORMS_SERVICES_EN = re.compile(
    r"\b(?:provid|perform|render|furnish)\w*\s+(?:[\w-]+\s+){0,3}?services\b|"
    r"\bservices\s+(?:(?:to\s+be|shall\s+be|will\s+be|are|is|being|be)\s+)?"
    r"(?:provided|performed|rendered|furnished)\b",
    re.IGNORECASE,
)
_GOVERNANCE_EN_LOW = re.compile(_GOVERNANCE_EN.pattern)  # (lower case only: for lower-cased text)
# the word each alternative of _GOVERNANCE_EN starts with
_GOVERNANCE_FIRST_WORDS = (
    "standstill",
    "annual",
    "proxy",
    "nominee",
    "board",
    "voting",
    "stockholder",
    "shareholder",
    "common",
)
_GOVERNANCE_DENSITY = 12  # governance words per 10,000 characters
_GOVERNANCE_MAX_SERVICES = 2  # ... with at most this many services performed


def outsourcing_like(document: Document) -> bool:
    """Best effort: does one party perform services for the other?

    A contract whose title says it is an IP assignment or licence, a guarantee, an NDA or an
    employment agreement (and names no service) is not, unless its text speaks of services
    throughout; an agreement with an individual "Executive" / "Employee" is employment."""
    head = document.text[:20000]
    if "zh" in document.languages:
        first_line = document.text[:200].split("\n", 1)[0]
        if _NOT_SERVICE_KIND_ZH.search(first_line) and "服务" not in first_line:
            return False
        if _OUTSOURCING_ZH.search(head):
            return True
    services = _count_services(head)
    if _NOT_SERVICES_EN.search(document.text[:300]) and services < 15:
        return False  # the title says NDA / swap and the text hardly speaks of services
    title = _TITLE_EN.search(document.text[:2000])
    if (
        title is not None
        and _NOT_SERVICE_KIND_EN.search(title.group())
        and not _SERVICE_KIND_EN.search(title.group())
        and services < _KIND_OUTWEIGHS
    ):
        return False
    if (
        title is not None
        and _CORPORATE_KIND_EN.search(title.group())
        and services < _KIND_OUTWEIGHS
    ):
        return False  # a joint venture, a keep-well or capital-maintenance undertaking
    if _EMPLOYEE_PARTY_EN.search(document.text[:3000]) or services < 3:
        return False
    if (
        title is not None
        and _TRADE_KIND_EN.search(title.group())
        and not _TRADE_WITH_SERVICE_EN.search(title.group())
        and services < _TRADE_OUTWEIGHS
    ):
        return False  # goods bought and resold or supplied: no party serves the other
    names_a_service = title is not None and _SERVICE_KIND_EN.search(title.group())
    return bool(names_a_service) or not _stockholder_settlement(document.text)


def _stockholder_settlement(text: str) -> bool:
    """Board seats, standstill and voting on every page, and at most two services performed."""
    low = text.lower()
    needed = _GOVERNANCE_DENSITY * max(len(text), 5000)
    if len(low) != len(text) or any(c in text for c in _FOLDS_TO_ASCII):
        governance = len(_GOVERNANCE_EN.findall(text))
    elif sum(map(low.count, _GOVERNANCE_FIRST_WORDS)) * 10000 < needed:
        # each match starts with one of these words, at its own offset: their count bounds the
        # matches' (str.count is several times faster than the regex, which cannot skip ahead)
        return False
    else:  # the same words, case-sensitively on the lower-cased text: about twice as fast
        governance = len(_GOVERNANCE_EN_LOW.findall(low))
    if governance * 10000 < needed:
        return False
    return len(_PERFORMS_SERVICES_EN.findall(text)) <= _GOVERNANCE_MAX_SERVICES


# the only characters outside ASCII that IGNORECASE matches to an ASCII letter (İ ı ſ K)
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


def _count_services(head: str) -> int:
    """How many whole words in ``head`` speak of services (``_OUTSOURCING_EN.findall``)."""
    low = head.lower()
    if len(low) != len(head) or any(c in head for c in _FOLDS_TO_ASCII):
        return len(_OUTSOURCING_EN.findall(head))
    n = 0
    for m in _OUTSOURCING_EN_LOW.finditer(low):
        s = m.start()
        if s == 0 or not (low[s - 1].isalnum() or low[s - 1] == "_"):
            n += 1
    return n


def _explain_in(finding: Finding, language: str, patterns: PatternSet) -> Finding:
    """Output language: the recommendation in that language first, the explanation headed by
    the article and requirement names in that language and its fixed words in that language (the
    matched words stay as written), and the "lawyer check" reason in that language
    (:mod:`analyzer.review_text`)."""
    rec = finding.recommendation
    if language in rec:
        rec = {language: rec[language], **{k: v for k, v in rec.items() if k != language}}
    from analyzer.review_text import explanation_in, in_language

    explanation = explanation_in(finding.explanation, language)
    rule = patterns.rules.requirements.get(finding.requirement)
    article = patterns.rules.articles.get(finding.article, {})
    if rule is not None and language in rule.title and language in article:
        explanation = f"{article[language]}｜{rule.title[language]}：{explanation}"
    review = finding.review
    if review:
        review = in_language(review, language)
    return dataclasses.replace(finding, recommendation=rec, explanation=explanation, review=review)
