"""The analyzer's data model: frozen dataclasses, each with ``to_dict()``.

Every offset anywhere in the system (``start``/``end``) is an offset into ``Document.text``;
every quote shown to a user is ``Document.text[start:end]``. See ARCHITECTURE.md in ../shared.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table_cell", "title"]
Role = Literal["provider", "client", "unknown"]
Modality = Literal["must", "must_not", "may"]
Status = Literal["met", "partial", "missing", "flag", "not_applicable"]
Severity = Literal["high", "medium", "low", "info"]

# the status vocabulary: its one home (the Literal above is the same list, for the type checker)
STATUSES: tuple[str, ...] = typing.get_args(Status)
# the statuses under which a requirement counts as present (a true boolean label)
POSITIVE_STATUSES: frozenset[str] = frozenset({"met", "partial"})
# the statuses a reviewer should look at (the Issues sheet, the heatmap's ranking)
GAP_STATUSES: tuple[str, ...] = ("missing", "flag", "partial")
SEVERITIES: tuple[str, ...] = ("high", "medium", "low", "info")


_SCALARS = frozenset({str, int, float, bool, type(None)})
# field names per dataclass, read once (dataclasses.fields() on every value was a tenth of the
# portfolio worker's time in writing each report out)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """Convert dataclasses, tuples and dicts recursively into JSON-ready values."""
    cls = type(value)
    if cls in _SCALARS:
        return value
    if cls is tuple or cls is list:  # (before the dataclass test, which no tuple passes)
        return [_plain(v) for v in value]
    names = _FIELD_NAMES.get(cls)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        out: dict[str, Any] = {}
        for n in names:  # (a scalar field, the most common, without a call)
            v = getattr(value, n)
            out[n] = v if type(v) in _SCALARS else _plain(v)
        return out
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


_PLAIN_INIT: dict[type, frozenset[str] | None] = {}
_T = typing.TypeVar("_T")


def replaced(obj: _T, **changes: Any) -> _T:
    """``dataclasses.replace(obj, **changes)``, without running ``__init__`` where that is the
    same: for a dataclass whose ``__init__`` only stores its fields (no ``__post_init__``, no
    init-only or non-init fields, a ``__dict__``), a new instance with the old values and the
    changes. A frozen dataclass's ``__init__`` stores each field through
    ``object.__setattr__``: replacing an Obligation took 4 us, this 0.6 us, and the register
    replaces most of a contract's obligations once or twice (its party's name, for whom)."""
    cls = type(obj)
    if cls in _PLAIN_INIT:
        names = _PLAIN_INIT[cls]
    else:
        names = _PLAIN_INIT[cls] = _plain_init_fields(cls)
    if names is not None and changes.keys() <= names:
        held = obj.__dict__
        if len(held) == len(names):  # (nothing but the fields)
            new = object.__new__(cls)
            state = new.__dict__
            state.update(held)  # (in field order, as __init__ stored them)
            state.update(changes)
            return new
    return dataclasses.replace(obj, **changes)  # type: ignore[type-var]


_MAKERS: dict[type, Callable[..., Any]] = {}


def maker(cls: type[_T]) -> Callable[..., _T]:
    """A function that makes ``cls`` instances as ``cls(...)`` does (same parameters and
    defaults), without running ``__init__`` where that is the same: for a dataclass whose
    ``__init__`` only stores its fields (as :func:`replaced`) and whose defaults are plain values
    (no ``default_factory``), the fields go into the new instance's ``__dict__`` in declaration
    order, as ``__init__`` stores them. A frozen dataclass's ``__init__`` stores each field
    through ``object.__setattr__`` (an Obligation: 2.9 us; this: 1.1 us), and the marker scan
    makes an Obligation per duty. Any other class: ``cls`` itself."""
    made = _MAKERS.get(cls)
    if made is None:
        made = _MAKERS[cls] = _make_maker(cls)
    return made


def _make_maker(cls: type) -> Callable[..., Any]:
    if _plain_init_fields(cls) is None:
        return cls
    fields = dataclasses.fields(cls)
    if any(f.default_factory is not dataclasses.MISSING for f in fields) or not all(
        f.name.isidentifier() for f in fields
    ):
        return cls
    # generated like the dataclass's own __init__: each field a parameter, in order
    params = ", ".join(
        f.name if f.default is dataclasses.MISSING else f"{f.name}=_d_{f.name}" for f in fields
    )
    stored = ", ".join(f"{f.name!r}: {f.name}" for f in fields)
    source = (
        f"def make({params}):\n"
        "    new = _new(_cls)\n"
        f"    new.__dict__.update({{{stored}}})\n"
        "    return new\n"
    )
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    namespace.update(
        {f"_d_{f.name}": f.default for f in fields if f.default is not dataclasses.MISSING}
    )
    exec(source, namespace)  # noqa: S102 (field names of our own dataclasses only)
    make: Callable[..., Any] = namespace["make"]
    return make


def _plain_init_fields(cls: type) -> frozenset[str] | None:
    """The field names of a dataclass whose ``__init__`` only stores them, else None."""
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__"):
        return None
    if "__slots__" in cls.__dict__:
        return None
    fields = dataclasses.fields(cls)
    if any(not f.init for f in fields) or len(fields) != len(cls.__dataclass_fields__):
        return None  # (fields(): without InitVar and ClassVar pseudo-fields)
    return frozenset(f.name for f in fields)


class _ToDict:
    def to_dict(self) -> dict[str, Any]:
        result = _plain(self)
        assert isinstance(result, dict)
        return result


@dataclass(frozen=True)
class Notice(_ToDict):
    """A non-fatal problem found while reading or analysing a document.

    ``code`` is stable (documented in README); ``message`` names the file and what to do.
    """

    code: str
    message: str
    page: int | None = None


@dataclass(frozen=True)
class Block(_ToDict):
    """One unit of the source as the author laid it out.

    ``text`` equals ``Document.text[start:end]`` and includes the visible numbering label
    when the original shows one (Word auto-numbering is reconstructed and put in front of
    the paragraph text, as a reader of the original sees it). ``label`` repeats that label
    ("5.1", "(a)", "第五条") or is ``None``.
    """

    text: str
    kind: BlockKind
    start: int
    end: int
    label: str | None = None
    level: int | None = None  # outline / heading level, 0 = top
    page: int | None = None  # 1-based page number (PDF)
    paragraph: int | None = None  # 0-based body paragraph index (DOCX)
    table: int | None = None  # 0-based table index (DOCX table cells)
    ocr: bool = False  # text came from OCR

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"Block offsets out of order: {self.start}..{self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError("Block.text length does not match its offsets")


@dataclass(frozen=True)
class Document(_ToDict):
    path: str
    sha256: str
    format: Literal["docx", "pdf", "text"]
    text: str
    blocks: tuple[Block, ...]
    languages: tuple[str, ...] = ("en",)  # "en", "zh" or both
    pages: int | None = None
    warnings: tuple[Notice, ...] = ()

    def slice(self, start: int, end: int) -> str:
        return self.text[start:end]

    def block_at(self, offset: int) -> Block | None:
        """The block containing ``offset`` (binary search), or None."""
        lo, hi = 0, len(self.blocks) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            b = self.blocks[mid]
            if offset < b.start:
                hi = mid - 1
            elif offset >= b.end:
                lo = mid + 1
            else:
                return b
        return None


@dataclass(frozen=True)
class Tag(_ToDict):
    """A clause-family label found in the text by a pattern."""

    label: str  # e.g. "confidentiality.definition", "ip.ownership.client"
    pattern_id: str
    start: int
    end: int
    score: float = 1.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"Tag score out of range: {self.score}")


@dataclass(frozen=True)
class Clause(_ToDict):
    """A numbered or headed unit of the contract (section, article, 第X条)."""

    number: str | None  # visible numbering label, e.g. "7.2", "(b)", "第五条"
    heading: str | None
    start: int
    end: int
    level: int = 0
    children: tuple[Clause, ...] = ()
    tags: tuple[Tag, ...] = ()
    kind: str = "clause"  # clause | definitions | schedule | preamble

    def walk(self) -> list[Clause]:
        out: list[Clause] = [self]
        for c in self.children:
            out.extend(c.walk())
        return out


@dataclass(frozen=True)
class Evidence(_ToDict):
    """A quote supporting a finding: ``quote == Document.text[start:end]``."""

    quote: str
    start: int
    end: int
    clause: str | None = None  # clause number as printed in the contract
    page: int | None = None
    # body paragraph index (DOCX); for table cells, the paragraph within the table
    paragraph: int | None = None
    language: str | None = None
    table: int | None = None  # DOCX table index when the quote is in a table cell


@dataclass(frozen=True)
class Party(_ToDict):
    name: str
    terms: tuple[str, ...]  # defined terms: "Supplier", "乙方"
    role: Role
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Obligation(_ToDict):
    bearer: str  # the party term as written ("Supplier", "Receiving Party", "乙方")
    role: Role | Literal["both"]
    modality: Modality
    action: str
    start: int  # sentence span
    end: int
    clause: str | None = None
    topics: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    language: str = "en"
    # the deadline or period as written ("within 30 days of termination", "每季度"), or None
    deadline: str | None = None
    # for whom: the party the act is owed to, as written ("Customer", "the other party", "甲方"),
    # where the sentence names it, and its side (provider / client / both / unknown)
    beneficiary: str | None = None
    beneficiary_role: Role | Literal["both"] | None = None
    # the name of the party the bearer resolves to ("Harbor Foods Inc." for "You"), or None (a
    # collective such as "each party", a bearer not stated, a term no party holds)
    party: str | None = None


@dataclass(frozen=True)
class Finding(_ToDict):
    article: int
    requirement: str  # e.g. "art6.personnel_confidentiality"
    status: Status
    severity: Severity
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    recommendation: dict[str, str] = field(default_factory=dict)  # {"en": ..., "zh": ...}
    value: Any = None  # categorical outcome for label output, e.g. "arbitration", "client"
    # calibrated probability that status/value is right (the second reader's combiner); None
    # where no gold label exists to calibrate it on
    confidence: float | None = None
    review: str | None = None  # why a lawyer should check this finding, or None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"Unknown finding status: {self.status!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"Unknown finding severity: {self.severity!r}")


@dataclass(frozen=True)
class DocumentInfo(_ToDict):
    path: str
    sha256: str
    format: str
    languages: tuple[str, ...]
    pages: int | None
    characters: int


@dataclass(frozen=True)
class ContractReport(_ToDict):
    document: DocumentInfo
    parties: tuple[Party, ...]
    clauses: tuple[Clause, ...]
    obligations: tuple[Obligation, ...]
    findings: tuple[Finding, ...]
    warnings: tuple[Notice, ...] = ()
    errors: tuple[Notice, ...] = ()
    analyzer_version: str = ""
    patterns_version: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    outsourcing_like: bool = True

    def labels(self) -> dict[str, Any]:
        """The ``labels`` object of ../shared/corpus/gold/LABELS.md, derived from the findings."""
        from analyzer.labels import labels_from_findings

        return labels_from_findings(self.findings)

    def confidence(self) -> dict[str, float]:
        """``{label: probability}``: the second reader's calibrated confidence in each label."""
        from analyzer.labels import label_trust

        return label_trust(self.findings)[0]

    def review(self) -> list[str]:
        """Labels whose finding needs a lawyer's check (``Finding.review`` is set)."""
        from analyzer.labels import label_trust

        return label_trust(self.findings)[1]

    def finding(self, requirement: str) -> Finding | None:
        for f in self.findings:
            if f.requirement == requirement:
                return f
        return None
