"""Builders the tests share (exposed as fixtures by the root ``conftest.py``; a module of its
own because several folders have a ``conftest.py`` and ``from conftest import`` is ambiguous)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from analyzer.model import ContractReport, Document, Finding, Obligation, Party
from analyzer.obligations import find_obligations
from analyzer.readers._common import BlockDraft, assemble


def text_document(*lines: str, path: str = "t.txt") -> Document:
    """A plain-text Document: the lines joined by line breaks, one block per non-empty line
    (a line may itself hold a break, as text laid out from a PDF does), offsets as the text
    reader gives them. The document builder the tests share; for one text with line breaks,
    pass ``*text.split("\\n")``."""
    text = "\n".join(lines)
    return assemble(
        path=path,
        data=text.encode("utf-8"),
        fmt="text",
        drafts=[BlockDraft(text=x) for x in lines if x],
    )


def parties_of(*lines: str, language: str = "en") -> tuple[Party, ...]:
    """The parties the party analysis finds in a text of these lines (``language``: its
    language)."""
    from analyzer.parties import find_parties
    from analyzer.segment import segment

    doc = text_document(*lines)
    return find_parties(doc, segment(doc), language)


def draft_document(
    drafts: Sequence[str | BlockDraft],
    *,
    path: str = "t.txt",
    fmt: str = "text",
    pages: int | None = None,
) -> Document:
    """A Document from block drafts (a plain string is a paragraph), as a reader assembles it:
    for blocks with numbering labels, outline levels or pages."""
    blocks = [d if isinstance(d, BlockDraft) else BlockDraft(text=d) for d in drafts]
    text = "\n".join(b.text for b in blocks)
    return assemble(path=path, data=text.encode("utf-8"), fmt=fmt, drafts=blocks, pages=pages)


SAMPLES = Path(__file__).resolve().parent.parent / "sample_contracts"


def copy_samples(folder: Path, files: Sequence[str]) -> Path:
    """Copies of the bundled sample contracts ``files`` (paths under sample_contracts/) in
    ``folder``, keeping their sub-folders (so that their names are "en/…", "zh/…")."""
    for rel in files:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SAMPLES / rel, folder / rel)
    return folder


def analysed_samples(base: Path, files: Sequence[str]) -> Path:
    """``base/contracts`` (copies of ``files``) analysed by one portfolio run into ``base/out``;
    returns the results store."""
    from analyzer.portfolio import analyze_portfolio

    folder = copy_samples(base / "contracts", files)
    analyze_portfolio([folder], out=base / "out", workers=1, progress=False)
    return base / "out" / "results.sqlite"


# the two parties of the register's English tests
EN_PARTIES = (
    Party("Acme Services Ltd", ("Supplier",), "provider"),
    Party("Beta Bank plc", ("Customer",), "client"),
)


def register(text: str, parties: tuple[Party, ...] = EN_PARTIES) -> tuple[Obligation, ...]:
    """The obligations register of an English text (one line per block) with ``parties``."""
    doc = text_document(*text.split("\n"), path="t.txt")
    return find_obligations(doc, (), parties, "en")


def register_rows(obligations: tuple[Obligation, ...]) -> list[tuple[str, str, str]]:
    """(bearer, role, modality) of each obligation, in order."""
    return [(o.bearer, str(o.role), str(o.modality)) for o in obligations]


ZH_PARTIES = (Party("某某公司", ("甲方",), "client"), Party("某某服务公司", ("乙方",), "provider"))


def zh_register_rows(sentence: str) -> list[tuple[str, str, str]]:
    """(bearer, role, modality) of the register of one Chinese sentence, 甲方 the client and 乙方
    the provider (the sentence's clauses segmented as in a contract)."""
    from analyzer.segment import segment

    doc = text_document(sentence)
    return register_rows(find_obligations(doc, segment(doc), ZH_PARTIES, "zh"))


def reserved(corpus_dir: Path) -> set[str]:
    """The entries of ../shared/corpus/RESERVED.md: CUAD names without ``.txt``, other files as
    paths under the corpus ("zh/<name>.md")."""
    return {
        line[2:].strip()
        for line in (corpus_dir / "RESERVED.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("- ")
    }


def cuad_files(corpus_dir: Path, step: int = 1) -> list[Path]:
    """Every ``step``-th CUAD text file, the ones RESERVED.md lists left out."""
    kept = reserved(corpus_dir)
    files = [p for p in sorted((corpus_dir / "cuad" / "txt").glob("*.txt")) if p.stem not in kept]
    return files[::step]


def zh_files(corpus_dir: Path) -> list[Path]:
    """The Chinese model contracts, the ones RESERVED.md lists left out."""
    kept = reserved(corpus_dir)
    return [p for p in sorted((corpus_dir / "zh").glob("*.md")) if f"zh/{p.name}" not in kept]


# the ``screen`` fixture of tests/checks: paragraphs of our own -> the report of the rules alone
Screen = Callable[..., ContractReport]


def finding(report: ContractReport, requirement: str) -> Finding:
    """The report's finding for ``requirement``."""
    return next(f for f in report.findings if f.requirement == requirement)
