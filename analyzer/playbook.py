"""Playbooks: a team's own requirements on top of the regulation, evaluated from the findings.

A playbook is a YAML file (``clause_patterns/playbooks/schema.json``, docs/playbooks.md) of
requirements. Each requirement has ordered ``rules``: the first whose condition holds gives the
status (``match``, ``deviation``, ``missing`` or ``unclear``); when none holds, ``otherwise``
(default ``missing``). A condition reads what the analysis already produced:

- ``finding``: a finding of the Articles 3-12 checks, optionally restricted by ``status`` and
  ``value`` (e.g. ``art10.dispute_forum`` with value ``courts``);
- ``tags``: clause tags of the pattern set (``clause_patterns/``), optionally by ``value``
  (e.g. ``liability.cap`` with value ``fees_short``);
- ``all`` / ``any`` / ``not`` of other conditions.

The regulation's Articles 3-12 are the built-in playbook (``clause_patterns/playbooks/
regulation.yaml``), in the same format and evaluated by the same function; ``from_finding: X``
is shorthand for the three rules that map the finding's status (see :data:`FINDING_STATUS_MAP`).

Every condition is checked at load time against what the analyzer can produce: a finding no
check computes, a tag no pattern emits or a value no pattern or check gives is a
:class:`PlaybookError` naming the requirement and the file, never a silently ignored rule.
Evidence is always exact slices of ``Document.text`` (the finding's evidence, or the sentence
around a tag).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer import model
from analyzer.errors import AnalyzerError
from analyzer.model import ContractReport, Document, Evidence, Finding, _ToDict
from analyzer.patterns import PatternSet, load_patterns

STATUSES: tuple[str, ...] = ("match", "deviation", "missing", "unclear")
FINDING_STATUSES = model.STATUSES  # the status vocabulary lives in analyzer.model
BUILTIN_NAME = "regulation"

#: ``from_finding: X`` expands to these rules (in this order), then ``otherwise: missing``
FINDING_STATUS_MAP: tuple[tuple[tuple[str, ...], str], ...] = (
    (("met", "not_applicable"), "match"),
    (("flag",), "deviation"),
    (("partial",), "unclear"),
)

#: the values each categorical finding can take (the others carry none)
FINDING_VALUES: dict[str, frozenset[str] | None] = {
    "art10.dispute_forum": frozenset({"arbitration", "courts", "arbitration+courts", "none"}),
    "art11.ip_ownership": frozenset({"client", "provider", "joint", "split", "none"}),
    "art10.arbitration_institution": None,  # the institutions table of articles.yaml
}

MAX_EVIDENCE = 3


class PlaybookError(AnalyzerError):
    """A playbook file is invalid, or asks for something no check or pattern can evaluate."""

    code = "E720"


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Condition:
    kind: str  # finding | tags | all | any | not
    finding: str | None = None
    tags: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    parts: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Rule:
    when: Condition
    status: str
    because: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Requirement:
    id: str
    title: Mapping[str, str]
    severity: str
    rules: tuple[Rule, ...]
    otherwise: str = "missing"
    otherwise_because: Mapping[str, str] = field(default_factory=dict)
    subject: tuple[str, ...] = ()  # tag labels marking the clause on the same subject
    supersedes: tuple[str, ...] = ()  # requirement ids whose clause this one replaces
    why: Mapping[str, str] = field(default_factory=dict)
    clause: Mapping[str, str] = field(default_factory=dict)  # en / zh wording to insert
    heading: Mapping[str, str] = field(default_factory=dict)  # heading of a new clause


@dataclass(frozen=True)
class Playbook:
    name: str
    title: Mapping[str, str]
    path: str
    sha256: str
    requirements: tuple[Requirement, ...]
    perspective: str = ""

    @property
    def builtin(self) -> bool:
        return self.name == BUILTIN_NAME


@dataclass(frozen=True)
class RequirementResult(_ToDict):
    """One playbook requirement's status in one contract, with its evidence."""

    playbook: str
    requirement: str
    title: dict[str, str]
    status: str  # match | deviation | missing | unclear
    severity: str
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    clause: dict[str, str] = field(default_factory=dict)
    heading: dict[str, str] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)
    subject: tuple[str, ...] = ()
    supersedes: tuple[str, ...] = ()

    @property
    def actionable(self) -> bool:
        """Missing or deviating, with wording to propose."""
        return self.status in ("missing", "deviation") and bool(self.clause)


# --------------------------------------------------------------------------- loading


def default_directory() -> Path:
    from analyzer.patterns import default_directory as patterns_dir

    return patterns_dir() / "playbooks"


def example_playbooks() -> list[Path]:
    """The example playbooks shipped with the analyzer."""
    return sorted((default_directory() / "examples").glob("*.yaml"))


def builtin_playbook(patterns: PatternSet | None = None) -> Playbook:
    """The regulation's Articles 3-12 as a playbook (``clause_patterns/playbooks/regulation.yaml``).

    Also checks that every requirement of ``clause_patterns/rules/articles.yaml`` is evaluated by
    a registered check and by this playbook: a requirement added there is an error, not ignored."""
    pset = patterns if patterns is not None else load_patterns()
    path = default_directory() / f"{BUILTIN_NAME}.yaml"
    book = load_playbook(path, pset)
    from analyzer.checks import REGISTRY

    rules_file = Path(pset.directory) / "rules" / "articles.yaml"
    covered = {r.when.finding for req in book.requirements for r in req.rules}
    for rid in pset.rules.requirements:
        if rid not in REGISTRY:
            raise PlaybookError(
                f"requirement {rid!r}: no check in analyzer/checks/ evaluates it; add a check "
                "to the registry or remove the requirement",
                path=str(rules_file),
            )
        if rid not in covered:
            raise PlaybookError(
                f"requirement {rid!r} of {rules_file} is not in the built-in playbook; add it",
                path=str(path),
            )
    return book


def load_playbook(path: str | Path, patterns: PatternSet | None = None) -> Playbook:
    """Read, validate and check one playbook file."""
    p = Path(path)
    pset = patterns if patterns is not None else load_patterns()
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise PlaybookError(f"cannot read the playbook ({exc.strerror})", path=str(p)) from exc
    sha = hashlib.sha256(data).hexdigest()
    key = (str(p), sha, pset.directory, pset.version)
    book = _CACHE.get(key)
    if book is None:
        book = _CACHE[key] = _load(str(p), sha, data, pset)
    return book


_CACHE: dict[tuple[str, str, str, str], Playbook] = {}


def _load(path: str, sha: str, data: bytes, pset: PatternSet) -> Playbook:
    import yaml

    try:
        raw = yaml.safe_load(data.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise PlaybookError(f"not valid YAML: {exc}", path=path) from exc
    _validate_schema(raw, path)
    vocab = _Vocabulary.of(pset)
    reqs: list[Requirement] = []
    seen: set[str] = set()
    for entry in raw["requirements"]:
        req = _build_requirement(entry, pset, path)
        if req.id in seen:
            raise PlaybookError(f"requirement {req.id!r}: duplicate id", path=path)
        seen.add(req.id)
        for rule in req.rules:
            vocab.check(rule.when, req.id, path)
        unknown = [t for t in req.subject if t not in pset.rules.tag_labels]
        if unknown:
            raise PlaybookError(
                f"requirement {req.id!r}: subject tag(s) {unknown} are not in the tag vocabulary "
                "(clause_patterns/rules/articles.yaml tag_labels)",
                path=path,
            )
        reqs.append(req)
    return Playbook(
        name=raw["playbook"],
        title=dict(raw["title"]),
        path=path,
        sha256=sha,
        requirements=tuple(reqs),
        perspective=raw.get("perspective", ""),
    )


def _validate_schema(raw: Any, path: str) -> None:
    from analyzer.patterns import _entry_name, _import_jsonschema

    schema_path = default_directory() / "schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema = _import_jsonschema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path))
    if errors:
        err = min(errors, key=lambda e: -len(list(e.absolute_path)))
        where = _entry_name(raw, list(err.absolute_path))
        raise PlaybookError(
            f"{where}: {err.message} (see docs/playbooks.md)".replace("entry ", "requirement "),
            path=path,
        )


def _build_condition(raw: Mapping[str, Any]) -> Condition:
    if "finding" in raw:
        return Condition(
            "finding",
            finding=raw["finding"],
            statuses=tuple(raw.get("status", ())),
            values=tuple(str(v) for v in raw.get("value", ())),
        )
    if "tags" in raw:
        return Condition(
            "tags", tags=tuple(raw["tags"]), values=tuple(str(v) for v in raw.get("value", ()))
        )
    for kind in ("all", "any"):
        if kind in raw:
            return Condition(kind, parts=tuple(_build_condition(c) for c in raw[kind]))
    return Condition("not", parts=(_build_condition(raw["not"]),))


def _build_requirement(entry: Mapping[str, Any], pset: PatternSet, path: str) -> Requirement:
    rid = entry["id"]
    rules = [
        Rule(_build_condition(r["when"]), r["status"], dict(r.get("because") or {}))
        for r in entry.get("rules") or ()
    ]
    title = dict(entry.get("title") or {})
    source = entry.get("from_finding")
    if source:
        for statuses, status in FINDING_STATUS_MAP:
            rules.append(Rule(Condition("finding", finding=source, statuses=statuses), status))
        if not title:
            rule = pset.rules.requirements.get(source)
            if rule is None:
                raise PlaybookError(
                    f"requirement {rid!r}: from_finding {source!r} is not a requirement of "
                    "clause_patterns/rules/articles.yaml",
                    path=path,
                )
            title = dict(rule.title)
    clause = dict(entry.get("clause") or {})
    heading = dict(clause.pop("heading", None) or {})
    return Requirement(
        id=rid,
        title=title,
        severity=entry["severity"],
        rules=tuple(rules),
        otherwise=entry.get("otherwise", "missing"),
        otherwise_because=dict(entry.get("otherwise_because") or {}),
        subject=tuple(entry.get("subject") or ()),
        supersedes=tuple(entry.get("supersedes") or ()),
        why=dict(entry.get("why") or {}),
        clause=clause,
        heading=heading,
    )


@dataclass(frozen=True)
class _Vocabulary:
    """What the analyzer can produce: findings of registered checks, tags and their values."""

    findings: frozenset[str]
    tag_values: Mapping[str, frozenset[str]]  # label -> values some pattern gives
    institutions: frozenset[str]

    @classmethod
    def of(cls, pset: PatternSet) -> _Vocabulary:
        from analyzer.checks import REGISTRY

        values: dict[str, set[str]] = {}
        for spec in pset.patterns:
            values.setdefault(spec.label, set())
            if spec.value is not None:
                values[spec.label].add(str(spec.value))
        return cls(
            findings=frozenset(REGISTRY),
            tag_values={k: frozenset(v) for k, v in values.items()},
            institutions=frozenset(pset.rules.institutions),
        )

    def check(self, cond: Condition, rid: str, path: str) -> None:
        where = f"requirement {rid!r}"
        if cond.kind == "finding":
            fid = str(cond.finding)
            if fid not in self.findings:
                raise PlaybookError(
                    f"{where}: no check evaluates finding {fid!r} (known: "
                    f"{', '.join(sorted(self.findings))})",
                    path=path,
                )
            bad = [s for s in cond.statuses if s not in FINDING_STATUSES]
            if bad:
                raise PlaybookError(
                    f"{where}: finding status(es) {bad} do not exist (a finding is one of "
                    f"{', '.join(FINDING_STATUSES)})",
                    path=path,
                )
            if cond.values:
                if fid not in FINDING_VALUES:
                    raise PlaybookError(
                        f"{where}: finding {fid!r} carries no value; test its status instead",
                        path=path,
                    )
                known = FINDING_VALUES[fid] or self.institutions
                bad = [v for v in cond.values if v not in known]
                if bad:
                    raise PlaybookError(
                        f"{where}: finding {fid!r} never has the value(s) {bad} (it has one of "
                        f"{', '.join(sorted(known))})",
                        path=path,
                    )
        elif cond.kind == "tags":
            for label in cond.tags:
                if label not in self.tag_values:
                    raise PlaybookError(
                        f"{where}: no pattern in clause_patterns/ emits the tag {label!r}, so "
                        "nothing can evaluate it; add patterns for it (clause_patterns/README.md)",
                        path=path,
                    )
            if cond.values:
                known = frozenset().union(*(self.tag_values[t] for t in cond.tags))
                bad = [v for v in cond.values if v not in known]
                if bad:
                    raise PlaybookError(
                        f"{where}: no pattern gives the tag(s) {list(cond.tags)} the value(s) "
                        f"{bad} (values given: {', '.join(sorted(known)) or 'none'})",
                        path=path,
                    )
        for part in cond.parts:
            self.check(part, rid, path)


def playbook_fingerprint(playbooks: Iterable[Playbook]) -> str:
    """A short hash of the playbooks' contents, for a results-store key (issue #17)."""
    digest = hashlib.sha256()
    for book in playbooks:
        digest.update(book.name.encode() + b"\0" + book.sha256.encode() + b"\0")
    return digest.hexdigest()[:16]


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class TagHit:
    label: str
    value: str | None
    start: int
    end: int
    language: str


class _Facts:
    """What conditions read: the report's findings and the tags on its clauses."""

    def __init__(self, report: ContractReport, document: Document, pset: PatternSet) -> None:
        from analyzer.segment import ClauseIndex

        self.report = report
        self.document = document
        self.findings: dict[str, Finding] = {f.requirement: f for f in report.findings}
        values = {p.id: p.value for p in pset.patterns}
        self.tags: list[TagHit] = sorted(
            (
                TagHit(t.label, values.get(t.pattern_id), t.start, t.end, t.pattern_id[:2])
                for top in report.clauses
                for c in top.walk()
                for t in c.tags
            ),
            key=lambda h: (h.start, h.end),
        )
        self.index = ClauseIndex(report.clauses)

    def tagged(self, labels: Sequence[str], values: Sequence[str] = ()) -> list[TagHit]:
        return [
            h
            for h in self.tags
            if h.label in labels and (not values or (h.value is not None and h.value in values))
        ]

    def sentence_evidence(self, hit: TagHit) -> Evidence:
        from analyzer.evidence import evidence_at
        from analyzer.sentences import sentence_spans

        text = self.document.text
        block = self.document.block_at(hit.start)
        start, end = hit.start, hit.end
        if block is not None:
            for s, e in sentence_spans(text, block.start, block.end, hit.language):
                if s <= hit.start < e:
                    start, end = s, max(e, hit.end)
                    break
        return evidence_at(
            self.document, start, end, clause_index=self.index, language=hit.language
        )


def _holds(cond: Condition, facts: _Facts) -> tuple[bool, list[Evidence], str]:
    """(holds, evidence, what was found) for one condition."""
    if cond.kind == "finding":
        f = facts.findings.get(str(cond.finding))
        if f is None:
            return False, [], f"{cond.finding}: not evaluated for this contract"
        ok = (not cond.statuses or f.status in cond.statuses) and (
            not cond.values or (f.value is not None and str(f.value) in cond.values)
        )
        value = f" ({f.value})" if f.value is not None else ""
        return ok, list(f.evidence), f"{f.requirement} is {f.status}{value}: {f.explanation}"
    if cond.kind == "tags":
        hits = facts.tagged(cond.tags, cond.values)
        if not hits:
            return False, [], ""
        ev: list[Evidence] = []
        for h in hits:
            item = facts.sentence_evidence(h)
            if all((item.start, item.end) != (x.start, x.end) for x in ev):
                ev.append(item)
            if len(ev) >= MAX_EVIDENCE:
                break
        first = hits[0]
        what = first.label + (f" = {first.value}" if first.value else "")
        where = f" in clause {ev[0].clause}" if ev and ev[0].clause else ""
        return True, ev, f"found {what}{where}"
    if cond.kind == "all":
        found: list[Evidence] = []
        whats: list[str] = []
        for part in cond.parts:
            ok, part_ev, w = _holds(part, facts)
            if not ok:
                return False, [], w
            found.extend(part_ev)
            whats.append(w)
        return True, found, "; ".join(w for w in whats if w)
    if cond.kind == "any":
        last = ""
        for part in cond.parts:
            ok, e, w = _holds(part, facts)
            if ok:
                return True, e, w
            last = w
        return False, [], last
    ok, _e, w = _holds(cond.parts[0], facts)
    return not ok, [], ("not: " + w if w else "")


def evaluate(
    playbook: Playbook,
    report: ContractReport,
    document: Document,
    patterns: PatternSet | None = None,
    lang_out: str = "en",
) -> tuple[RequirementResult, ...]:
    """Each requirement's status in this contract (the same function for every playbook)."""
    pset = patterns if patterns is not None else load_patterns()
    facts = _Facts(report, document, pset)
    out: list[RequirementResult] = []
    for req in playbook.requirements:
        status, because, evidence, what = req.otherwise, req.otherwise_because, [], ""
        for rule in req.rules:
            ok, ev, w = _holds(rule.when, facts)
            if ok:
                status, because, evidence, what = rule.status, rule.because, ev, w
                break
            what = what or w
        if because:
            explanation = because.get(lang_out) or because.get("en", "")
            if what and status != "missing":
                explanation += f" ({what})"
        elif status == "missing":
            explanation = what or "Nothing in the contract satisfies this requirement."
        else:
            explanation = what
        seen: set[tuple[int, int]] = set()
        unique = []
        for e in evidence:
            if (e.start, e.end) not in seen:
                seen.add((e.start, e.end))
                unique.append(e)
        out.append(
            RequirementResult(
                playbook=playbook.name,
                requirement=req.id,
                title=dict(req.title),
                status=status,
                severity="info" if status == "match" else req.severity,
                explanation=explanation,
                evidence=tuple(unique[:MAX_EVIDENCE]),
                clause=dict(req.clause),
                heading=dict(req.heading),
                why=dict(req.why),
                subject=req.subject,
                supersedes=req.supersedes,
            )
        )
    return tuple(out)


def evaluate_playbooks(
    report: ContractReport,
    document: Document,
    playbooks: Sequence[Playbook],
    *,
    patterns: PatternSet | None = None,
    lang_out: str = "en",
) -> dict[str, tuple[RequirementResult, ...]]:
    """``{playbook name: results}``, in the given order: what the portfolio calls per contract."""
    return {book.name: evaluate(book, report, document, patterns, lang_out) for book in playbooks}


def load_playbooks(
    paths: Sequence[str | Path], patterns: PatternSet | None = None, *, builtin: bool = False
) -> list[Playbook]:
    """The playbooks at ``paths`` (and the built-in one first when ``builtin``); two playbooks
    with the same name are an error."""
    pset = patterns if patterns is not None else load_patterns()
    books = [builtin_playbook(pset)] if builtin else []
    for p in paths:
        book = load_playbook(p, pset)
        clash = next((b for b in books if b.name == book.name), None)
        if clash is not None:
            raise PlaybookError(
                f"playbook name {book.name!r} is also used by {clash.path}", path=str(p)
            )
        books.append(book)
    return books


# --------------------------------------------------------------------------- output


def render_table(results: Mapping[str, Sequence[RequirementResult]], lang: str = "en") -> str:
    """Playbook statuses as aligned text: one block per playbook."""
    lines: list[str] = []
    for name, rows in results.items():
        counts = {s: sum(1 for r in rows if r.status == s) for s in STATUSES}
        summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        lines.append(f"playbook {name}: {summary}")
        table = [("Requirement", "Status", "Severity", "Clause", "Quote")]
        for r in rows:
            ev = r.evidence[0] if r.evidence else None
            quote = " ".join(ev.quote.split()) if ev else ""
            if len(quote) > 60:
                quote = quote[:59] + "…"
            table.append(
                (r.requirement, r.status, r.severity, (ev.clause or "") if ev else "", quote)
            )
        widths = [max(len(row[i]) for row in table) for i in range(4)]
        for row in table:
            lines.append("  ".join([*(row[i].ljust(widths[i]) for i in range(4)), row[4]]).rstrip())
        for r in rows:
            if r.status != "match":
                lines.append(f"  {r.requirement}: {r.title.get(lang) or r.title.get('en', '')}")
                lines.append(f"    {r.explanation}")
        lines.append("")
    return "\n".join(lines).rstrip()


def to_plain(results: Mapping[str, Sequence[RequirementResult]]) -> dict[str, Any]:
    return {name: [r.to_dict() for r in rows] for name, rows in results.items()}


def render_markdown(results: Mapping[str, Sequence[RequirementResult]], lang: str = "en") -> str:
    out: list[str] = []
    for name, rows in results.items():
        out += [f"## Playbook {name}", "", "| requirement | status | severity | evidence |"]
        out.append("|---|---|---|---|")
        for r in rows:
            ev = r.evidence[0] if r.evidence else None
            quote = " ".join(ev.quote.split()).replace("|", "\\|") if ev else ""
            title = r.title.get(lang) or r.title.get("en", "")
            out.append(f"| {r.requirement} — {title} | {r.status} | {r.severity} | {quote} |")
        out.append("")
    return "\n".join(out)


def append_to_output(
    text: str, fmt: str, results: Mapping[str, Sequence[RequirementResult]], lang: str = "en"
) -> str:
    """``analyzer screen`` output with the playbook statuses added: a ``playbooks`` key in JSON
    and in the label line, a section in Markdown, tables after the findings table."""
    if fmt in ("json", "labels"):
        data = json.loads(text)
        data["playbooks"] = (
            to_plain(results)
            if fmt == "json"
            else {n: {r.requirement: r.status for r in rows} for n, rows in results.items()}
        )
        if fmt == "labels":
            return json.dumps(data, ensure_ascii=False)
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "markdown":
        return text.rstrip() + "\n\n" + render_markdown(results, lang)
    return text.rstrip() + "\n\n" + render_table(results, lang)


__all__ = [
    "STATUSES",
    "Playbook",
    "PlaybookError",
    "Requirement",
    "RequirementResult",
    "builtin_playbook",
    "evaluate",
    "evaluate_playbooks",
    "example_playbooks",
    "load_playbook",
    "load_playbooks",
    "playbook_fingerprint",
]
