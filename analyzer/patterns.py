"""Load and validate ``clause_patterns/`` into a :class:`PatternSet`.

The pattern files are data a lawyer may tune (see ``clause_patterns/README.md``). They are
validated twice: structurally by ``clause_patterns/schema.json`` (jsonschema) and semantically
here (unique ids, labels in the vocabulary, regexes compile, scores in 0..1, no empty files,
examples matched by their own regex). Every problem is a :class:`PatternError` naming the file
and the entry id.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer.errors import PatternError

if TYPE_CHECKING:
    from analyzer.obligations import DeonticData
    from analyzer.parties import RoleData

logger = logging.getLogger(__name__)


LANGUAGES: tuple[str, ...] = ("en", "zh")
RULES_FILE = Path("rules") / "articles.yaml"
SCHEMA_FILE = "schema.json"
VERSION_FILE = "VERSION"


# the other data of a pattern set, one file per language, each with its schema definition:
# role words and behaviour (parties), deontic words (obligations)
DATA_DIRS = {"roles": "roles_file", "deontic": "deontic_file"}


def default_directory() -> Path:
    """The repository's ``clause_patterns/`` folder, or the copy packaged inside the wheel."""
    import analyzer

    package = Path(analyzer.__file__).resolve().parent
    source = package.parent / "clause_patterns"
    if (source / "VERSION").is_file():
        return source
    return package / "_clause_patterns"  # installed from a wheel (see setup.py)


@dataclass(frozen=True)
class PatternSpec:
    """One validated pattern entry."""

    id: str
    label: str
    language: str
    family: str
    source: str  # file path relative to the pattern directory
    kind: str  # "regex" | "phrases" | "tokens"
    regex: re.Pattern[str] | None = None
    phrases: tuple[str, ...] = ()
    tokens: tuple[dict[str, Any], ...] = ()
    score: float = 1.0
    value: str | None = None
    description: str = ""
    requires: tuple[re.Pattern[str], ...] = ()
    excludes: tuple[re.Pattern[str], ...] = ()
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    # ``requires`` may be met by the sentence's context (defined terms, "such" references)
    requires_in_context: bool = False
    triggers: tuple[str, ...] = ()  # lower-case literals; the sentence must contain one

    def sentence_ok(
        self, sentence: str, context: Callable[[], str] | None = None, low: str | None = None
    ) -> bool:
        """The ``requires`` / ``excludes`` conditions on the sentence around a match.

        ``context`` (optional) gives the meaning the sentence carries from elsewhere: the
        definitions of the defined terms it uses and, when it refers back ("such", "the
        foregoing"), the text before it. A ``requires`` condition may be met there; an
        ``excludes`` condition is read on the sentence alone. ``low``: ``sentence.lower()``
        when the caller has it (then a case-insensitive condition without upper-case letters
        runs case-sensitively on it, as the tagger runs its patterns: the same answer, faster)."""
        if low is not None and (len(low) != len(sentence) or "ı" in low or "ſ" in low):
            low = None  # (dotless i and long s: lower-case letters that (?i) i and s match)
        if any(_found(rx, sentence, low) for rx in self.excludes):
            return False
        missing = [rx for rx in self.requires if not _found(rx, sentence, low)]
        if not missing:
            return True
        if context is None or not self.requires_in_context:
            return False
        extra = context()
        return bool(extra) and all(rx.search(extra) is not None for rx in missing)


_ESCAPE = re.compile(r"\\.")
_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]+[:)]")


@functools.lru_cache(maxsize=4096)
def _on_lower(
    rx: re.Pattern[str],
) -> tuple[re.Pattern[str], Callable[[str], bool] | None] | None:
    """A case-insensitive ``rx`` as a case-sensitive pattern for lower-cased text, when it is
    ASCII without an upper-case letter outside escapes (``\\W``, ``\\S``) nor inline flags
    (``(?-i:…)``), with the test of the words every match contains
    (:func:`analyzer.prefilter.literal_test`); else None."""
    if not rx.flags & re.IGNORECASE or not rx.pattern.isascii() or _INLINE_FLAGS.search(rx.pattern):
        return None
    if any(c.isupper() for c in _ESCAPE.sub("", rx.pattern)):
        return None
    from analyzer.prefilter import guarded, literal_test

    plain = re.compile(rx.pattern, rx.flags & ~re.IGNORECASE)
    return guarded(plain), literal_test(plain.pattern, plain.flags)


def _found(rx: re.Pattern[str], sentence: str, low: str | None) -> bool:
    """``rx`` matches somewhere in ``sentence`` (``low``: the same sentence lower-cased, of the
    same length)."""
    if low is not None:
        fast = _on_lower(rx)
        if fast is not None:
            if fast[1] is not None and not fast[1](low):
                return False  # a word every match contains is missing
            return fast[0].search(low) is not None
    return rx.search(sentence) is not None


@dataclass(frozen=True)
class PatternFamily:
    language: str
    family: str
    source: str
    triggers: tuple[str, ...]  # lower-case literals; empty = every sentence is a candidate
    patterns: tuple[PatternSpec, ...]


@dataclass(frozen=True)
class RequirementRule:
    id: str
    article: int
    severity: str
    title: Mapping[str, str]
    recommendation: Mapping[str, str]
    tags: tuple[str, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class ArticleRules:
    articles: Mapping[int, Mapping[str, str]]
    requirements: Mapping[str, RequirementRule]
    tag_labels: frozenset[str]
    institutions: Mapping[str, str] = field(default_factory=dict)

    def requirement(self, requirement_id: str) -> RequirementRule:
        try:
            return self.requirements[requirement_id]
        except KeyError:
            raise PatternError(
                f"requirement {requirement_id!r} is not defined in {RULES_FILE}"
            ) from None


@dataclass(frozen=True)
class PatternSet:
    """Everything the analysis reads from ``clause_patterns/``: the tagger's patterns, the article
    rules, and per language the role data (parties) and the deontic data (obligations). One
    loader validates all of it; every stage receives this object (never a folder)."""

    directory: str
    version: str
    families: tuple[PatternFamily, ...]
    rules: ArticleRules
    roles: Mapping[str, RoleData] = field(default_factory=dict, compare=False, repr=False)
    deontic: Mapping[str, DeonticData] = field(default_factory=dict, compare=False, repr=False)

    def role_data(self, language: str) -> RoleData:
        try:
            return self.roles[language]
        except KeyError:
            raise PatternError(
                f"the pattern set has no role data for {language!r} (roles/{language}.yaml)",
                path=self.directory,
            ) from None

    def deontic_data(self, language: str) -> DeonticData:
        try:
            return self.deontic[language]
        except KeyError:
            raise PatternError(
                f"the pattern set has no deontic data for {language!r} (deontic/{language}.yaml)",
                path=self.directory,
            ) from None

    @property
    def patterns(self) -> tuple[PatternSpec, ...]:
        return tuple(p for fam in self.families for p in fam.patterns)

    def for_language(self, language: str) -> tuple[PatternFamily, ...]:
        return tuple(f for f in self.families if f.language == language)

    def by_id(self, pattern_id: str) -> PatternSpec | None:
        for p in self.patterns:
            if p.id == pattern_id:
                return p
        return None


# --------------------------------------------------------------------------- loading


def load_patterns(directory: str | Path | None = None) -> PatternSet:
    """Load, validate and compile the pattern set (cached per resolved directory)."""
    root = Path(directory) if directory is not None else default_directory()
    return _load_cached(str(root.resolve()))


def load_rules(directory: str | Path | None = None) -> ArticleRules:
    """The article rules alone (article and requirement titles, severities, tags), for outputs
    that only name requirements: reading ``rules/articles.yaml`` takes milliseconds where the
    whole pattern set (every regex compiled, every example checked) takes most of a second.
    The rules are built and checked as :func:`load_patterns` builds them; the JSON-schema
    validation of the file is :func:`load_patterns`' job (the same file, whenever an analysis
    loads it)."""
    root = Path(directory) if directory is not None else default_directory()
    return _load_rules_cached(str(root.resolve()))


@functools.lru_cache(maxsize=8)
def _load_rules_cached(root_str: str) -> ArticleRules:
    rules_path = Path(root_str) / RULES_FILE
    if not rules_path.is_file():
        raise PatternError("article rules file is missing", path=str(rules_path))
    raw = _read_yaml(rules_path)
    if not isinstance(raw, dict) or not isinstance(raw.get("articles"), dict):
        raise PatternError("article rules file has no 'articles' mapping", path=str(rules_path))
    raw["articles"] = {str(k): v for k, v in raw["articles"].items()}
    try:
        return _build_rules(raw, rules_path)
    except (KeyError, TypeError, ValueError) as exc:
        raise PatternError(
            f"article rules file is not valid ({type(exc).__name__}: {exc})", path=str(rules_path)
        ) from None


@functools.lru_cache(maxsize=8)
def _load_cached(root_str: str) -> PatternSet:
    root = Path(root_str)
    if not root.is_dir():
        raise PatternError("pattern directory not found", path=root_str)
    schema = _read_schema(root)
    rules_path = root / RULES_FILE
    if not rules_path.is_file():
        raise PatternError("article rules file is missing", path=str(rules_path))
    files = _pattern_files(root)
    digest = _rules_digest(root, schema, files)
    stamp = _stamp_path(digest.hexdigest())
    validated = stamp is not None and stamp.is_file()

    rules_raw = _read_yaml(rules_path)
    if isinstance(rules_raw, dict) and isinstance(rules_raw.get("articles"), dict):
        rules_raw["articles"] = {str(k): v for k, v in rules_raw["articles"].items()}
    if not validated:
        _validate(schema, "rules_file", rules_raw, rules_path)
    rules = _build_rules(rules_raw, rules_path)

    families: list[PatternFamily] = []
    seen_ids: dict[str, str] = {}
    for path in files:
        raw = _read_yaml(path)
        if not validated:
            _validate(schema, "pattern_file", raw, path)
        fam = _build_family(raw, path, root, rules, seen_ids)
        families.append(fam)
    roles, deontic = _load_language_data(root, schema, validated)
    if not validated and stamp is not None:
        _write_stamp(stamp)

    version = _version(root, digest)
    logger.debug("loaded %d pattern files, version %s", len(families), version)
    return PatternSet(
        directory=root_str,
        version=version,
        families=tuple(families),
        rules=rules,
        roles=roles,
        deontic=deontic,
    )


def _load_language_data(
    root: Path, schema: dict[str, Any], validated: bool
) -> tuple[dict[str, RoleData], dict[str, DeonticData]]:
    """``roles/<lang>.yaml`` and ``deontic/<lang>.yaml`` for every language: read and
    schema-validated here like the pattern files, then compiled by their stages' builders."""
    # the builders live with the stages that use the data; imported here, not at module level,
    # because those stages import this module
    from analyzer.obligations import build_deontic_data
    from analyzer.parties import build_role_data

    roles: dict[str, RoleData] = {}
    deontic: dict[str, DeonticData] = {}
    for language in LANGUAGES:
        path = root / "roles" / f"{language}.yaml"
        roles[language] = build_role_data(
            read_data_file(path, "roles_file", schema=schema, validate=not validated),
            language,
            path,
        )
        path = root / "deontic" / f"{language}.yaml"
        deontic[language] = build_deontic_data(
            read_data_file(path, "deontic_file", schema=schema, validate=not validated),
            language,
            path,
        )
    return roles, deontic


def read_data_file(
    path: Path, definition: str, *, schema: dict[str, Any] | None = None, validate: bool = True
) -> dict[str, Any]:
    """One data file of the pattern set (YAML), checked against ``schema.json``'s
    ``definition``; a missing, unreadable or invalid file is a PatternError naming it."""
    if not path.is_file():
        raise PatternError(
            f"{path.parent.name}/{path.name} is missing: every pattern folder needs it (copy "
            "it from the packaged clause_patterns/ and edit it)",
            path=str(path),
        )
    data = _read_yaml(path)
    if validate:
        _validate(
            schema if schema is not None else _read_schema(path.parent.parent),
            definition,
            data,
            path,
        )
    if not isinstance(data, dict):
        raise PatternError("expected a mapping at the top level", path=str(path))
    return data


def pattern_set_version(directory: str | Path | None = None) -> str:
    """The ``version`` that :func:`load_patterns` gives this pattern set, read from the files
    alone: no YAML parsing, validation or regex compiling (what a results-store cache key needs
    before any contract is analysed)."""
    root = Path(directory) if directory is not None else default_directory()
    files = _pattern_files(root)
    return _version(root, _rules_digest(root, _read_schema(root), files))


def _pattern_files(root: Path) -> list[Path]:
    files = sorted(p for lang in LANGUAGES for p in (root / lang).glob("*.yaml"))
    if not files:
        raise PatternError("no pattern files found under en/ or zh/", path=str(root))
    return files


def _rules_digest(root: Path, schema: dict[str, Any], files: list[Path]) -> Any:
    """sha256 of the schema, the article rules and the pattern files (also the validation
    stamp's name)."""
    digest = hashlib.sha256(json.dumps(schema, sort_keys=True).encode())
    data_files = sorted(p for sub in DATA_DIRS for p in (root / sub).glob("*.yaml"))
    for path in [root / RULES_FILE, *files, *data_files]:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest


def _version(root: Path, rules_digest: Any) -> str:
    """``VERSION+hash``: the hash covers everything the pattern set reads (schema, rules,
    patterns, role and deontic data)."""
    digest = rules_digest
    base = (root / VERSION_FILE).read_text().strip() if (root / VERSION_FILE).is_file() else "0"
    return f"{base}+{digest.hexdigest()[:12]}"


def _stamp_path(digest: str) -> Path | None:
    """Where we remember that this exact pattern set passed the JSON-schema validation.

    Importing jsonschema costs a noticeable share of a one-contract ``analyzer screen``; the
    semantic checks (ids, labels, regexes, scores, examples) still run on every load. Set
    ``ANALYZER_NO_CACHE=1`` to validate every time.
    """
    import os

    if os.environ.get("ANALYZER_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "outsourcing-analyzer" / f"patterns-{digest[:24]}.validated"


def _write_stamp(stamp: Path) -> None:
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text("ok\n", encoding="utf-8")
    except OSError:  # a read-only home is fine: we validate again next time
        logger.debug("cannot write the validation stamp %s", stamp)


def _read_schema(root: Path) -> dict[str, Any]:
    path = root / SCHEMA_FILE
    if not path.is_file():
        path = default_directory() / SCHEMA_FILE
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PatternError(f"cannot read the pattern schema: {exc}", path=str(path)) from exc
    assert isinstance(schema, dict)
    return schema


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        raise PatternError(f"not valid YAML: {exc}", path=str(path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PatternError(f"cannot read file: {exc}", path=str(path)) from exc


def _import_jsonschema() -> Any:
    """Import jsonschema without its optional RFC 3987 format checker.

    That checker builds dozens of grammars at import (seconds of start-up); our schema uses no
    ``format`` keyword, so it is hidden during the import only.
    """
    import sys

    if "jsonschema" in sys.modules:
        return sys.modules["jsonschema"]
    hidden = "rfc3987_syntax" not in sys.modules
    if hidden:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        import jsonschema
    finally:
        if hidden:
            del sys.modules["rfc3987_syntax"]
    return jsonschema


def _validate(schema: dict[str, Any], definition: str, data: Any, path: Path) -> None:
    jsonschema = _import_jsonschema()

    sub = dict(schema)
    sub["$ref"] = f"#/$defs/{definition}"
    validator_cls = jsonschema.validators.validator_for(schema)
    errors = sorted(validator_cls(sub).iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    err = errors[0]
    where = _entry_name(data, list(err.absolute_path))
    raise PatternError(
        f"{where}: {err.message} (fix the entry; see clause_patterns/README.md)", path=str(path)
    )


def _entry_name(data: Any, abs_path: Sequence[Any]) -> str:
    """A readable location: the entry id when the error is inside a list entry."""
    node = data
    name = "/".join(str(p) for p in abs_path) or "top level"
    for i, part in enumerate(abs_path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "id" in node and i < len(abs_path):
            rest = "/".join(str(p) for p in abs_path[i + 1 :])
            name = f"entry {node['id']!r}" + (f" ({rest})" if rest else "")
    return name


def _compile(rx: str, where: str, path: Path, *, case_sensitive: bool = False) -> re.Pattern[str]:
    try:
        return re.compile(rx, 0 if case_sensitive else re.IGNORECASE)
    except re.error as exc:
        raise PatternError(f"{where}: regex does not compile: {exc}", path=str(path)) from exc


def _build_rules(raw: dict[str, Any], path: Path) -> ArticleRules:
    labels = frozenset(raw.get("tag_labels") or ())
    if not labels:
        raise PatternError("tag_labels: the tag vocabulary is empty", path=str(path))
    reqs: dict[str, RequirementRule] = {}
    for entry in raw["requirements"]:
        rid = entry["id"]
        if rid in reqs:
            raise PatternError(f"entry {rid!r}: duplicate requirement id", path=str(path))
        if int(rid[3:].split(".")[0]) != entry["article"]:
            raise PatternError(f"entry {rid!r}: id does not match article", path=str(path))
        unknown = [t for t in entry.get("tags", ()) if t not in labels]
        if unknown:
            raise PatternError(f"entry {rid!r}: unknown tag label(s) {unknown}", path=str(path))
        reqs[rid] = RequirementRule(
            id=rid,
            article=int(entry["article"]),
            severity=entry["severity"],
            title=dict(entry["title"]),
            recommendation=dict(entry["recommendation"]),
            tags=tuple(entry.get("tags", ())),
            optional=bool(entry.get("optional", False)),
        )
    articles = {int(k): dict(v) for k, v in raw["articles"].items()}
    missing = sorted({r.article for r in reqs.values()} - set(articles))
    if missing:
        raise PatternError(f"articles: no names for article(s) {missing}", path=str(path))
    return ArticleRules(
        articles=articles,
        requirements=reqs,
        tag_labels=labels,
        institutions=dict(raw.get("institutions") or {}),
    )


def _build_family(
    raw: dict[str, Any], path: Path, root: Path, rules: ArticleRules, seen_ids: dict[str, str]
) -> PatternFamily:
    rel = path.relative_to(root).as_posix()
    language = raw["language"]
    if path.parent.name != language:
        raise PatternError(
            f"language {language!r} does not match the folder {path.parent.name!r}", path=str(path)
        )
    if not raw["patterns"]:
        raise PatternError("the file has no patterns (delete it or add entries)", path=str(path))
    triggers = tuple(t.lower() for t in raw.get("triggers") or ())
    specs: list[PatternSpec] = []
    for entry in raw["patterns"]:
        pid = entry["id"]
        where = f"entry {pid!r}"
        if not pid.startswith(language + "."):
            raise PatternError(f"{where}: id must start with {language!r}.", path=str(path))
        if pid in seen_ids:
            raise PatternError(f"{where}: duplicate id (also in {seen_ids[pid]})", path=str(path))
        seen_ids[pid] = rel
        if entry["label"] not in rules.tag_labels:
            raise PatternError(
                f"{where}: label {entry['label']!r} is not in the tag vocabulary", path=str(path)
            )
        score = float(entry.get("score", 1.0))
        if not 0.0 <= score <= 1.0:
            raise PatternError(f"{where}: score {score} is outside 0..1", path=str(path))
        cs = bool(entry.get("case_sensitive", False))
        regex = (
            _compile(entry["regex"], where, path, case_sensitive=cs) if "regex" in entry else None
        )
        kind = "regex" if regex is not None else ("phrases" if "phrases" in entry else "tokens")
        spec = PatternSpec(
            id=pid,
            label=entry["label"],
            language=language,
            family=raw["family"],
            source=rel,
            kind=kind,
            regex=regex,
            phrases=tuple(entry.get("phrases", ())),
            tokens=tuple(entry.get("tokens", ())),
            score=score,
            value=entry.get("value"),
            description=entry.get("description", ""),
            requires=tuple(_compile(r, where, path) for r in entry.get("requires", ())),
            excludes=tuple(_compile(r, where, path) for r in entry.get("excludes", ())),
            examples=tuple(entry.get("examples", ())),
            counter_examples=tuple(entry.get("counter_examples", ())),
            requires_in_context=bool(entry.get("requires_in_context", False)),
            triggers=tuple(t.lower() for t in entry.get("triggers", ())),
        )
        _check_examples(spec, triggers, path)
        specs.append(spec)
    return PatternFamily(
        language=language,
        family=raw["family"],
        source=rel,
        triggers=triggers,
        patterns=tuple(specs),
    )


def example_matches(spec: PatternSpec, text: str) -> bool:
    """Does a regex or phrase pattern match ``text`` (token patterns: see the tagger)?"""
    if spec.regex is not None:
        hit = spec.regex.search(text) is not None
    elif spec.phrases:
        low = text.lower()
        hit = any(p.lower() in low for p in spec.phrases)
    else:
        return True
    return hit and spec.sentence_ok(text)


def _check_examples(spec: PatternSpec, triggers: tuple[str, ...], path: Path) -> None:
    where = f"entry {spec.id!r}"
    for ex in spec.examples:
        if spec.triggers and not any(t in ex.lower() for t in spec.triggers):
            raise PatternError(
                f"{where}: example {ex!r} contains none of the entry's triggers", path=str(path)
            )
        if triggers and not any(t in ex.lower() for t in triggers):
            raise PatternError(
                f"{where}: example {ex!r} contains none of the file's triggers, so the "
                "pattern could never run on such a sentence",
                path=str(path),
            )
        if spec.kind != "tokens" and not example_matches(spec, ex):
            raise PatternError(f"{where}: example {ex!r} is not matched", path=str(path))
    for ex in spec.counter_examples:
        if spec.kind != "tokens" and example_matches(spec, ex):
            raise PatternError(f"{where}: counter-example {ex!r} is matched", path=str(path))


# The tagger engine moved to analyzer.tagger and sentence splitting to analyzer.sentences
# (issue #15: the loader no longer imports its users); these names stay importable from here for
# code written against the old layout.
_MOVED = {
    "Hit": "analyzer.tagger",
    "TextTagger": "analyzer.tagger",
    "tagger_for": "analyzer.tagger",
    "_automaton": "analyzer.tagger",
    "_lower_safe": "analyzer.tagger",
    "sentence_spans": "analyzer.sentences",
    "strip_emphasis": "analyzer.sentences",
}


def __getattr__(name: str) -> Any:
    from analyzer.lazy import lazy_attribute

    return lazy_attribute(__name__, _MOVED, name)
