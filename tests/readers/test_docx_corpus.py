"""DOCX reader on the real Word files in ../shared/corpus/extra (read at run time, never copied).

Checks that Word-generated clause numbers come out as block labels in the right sequence, that
typed numbering is kept once, that every block is an exact slice of the text, and that block
locations are the paragraphs python-docx finds again. When LibreOffice is installed, its own
rendering of each file is the oracle for the whole text, numbering included.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx as python_docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from analyzer.model import Block, Document
from analyzer.readers.docx import W_TRACKED_CHANGES, read_docx
from analyzer.readers.limits import ReadLimits

AUTO_NUMBERED = ("cp_csa", "cp_psa", "cp_ica")
ALL_FILES = ("ccs_core_terms", *AUTO_NUMBERED)


@pytest.fixture(scope="module")
def extra_dir(corpus_dir: Path) -> Path:
    path = corpus_dir / "extra"
    if not path.is_dir():
        pytest.skip(f"no DOCX files at {path}")
    return path


_CACHE: dict[str, Document] = {}


def load(extra_dir: Path, name: str) -> Document:
    if name not in _CACHE:
        path = extra_dir / f"{name}.docx"
        _CACHE[name] = read_docx(path, path.read_bytes(), ReadLimits())
    return _CACHE[name]


def labelled(doc: Document, level: int) -> list[Block]:
    return [b for b in doc.blocks if b.label is not None and b.level == level and not b.table]


def body_without_label(b: Block) -> str:
    if b.label is None:
        return b.text
    return b.text[len(b.label) :].removeprefix(" ")


@pytest.mark.parametrize("name", ALL_FILES)
def test_docx_corpus_every_block_is_an_exact_slice(extra_dir: Path, name: str) -> None:
    doc = load(extra_dir, name)
    assert doc.format == "docx"
    assert len(doc.blocks) > 100
    pos = 0
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text
        assert b.start >= pos
        pos = b.end
        if b.label is not None:
            assert b.text.startswith(b.label)


@pytest.mark.parametrize("name", ALL_FILES)
def test_docx_corpus_block_locations_are_found_again_by_python_docx(
    extra_dir: Path, name: str
) -> None:
    doc = load(extra_dir, name)
    opened = python_docx.Document(io.BytesIO((extra_dir / f"{name}.docx").read_bytes()))
    paragraphs = opened.paragraphs
    table_paragraphs = [list(t._tbl.iter(qn("w:p"))) for t in opened.tables]
    for b in doc.blocks:
        assert b.paragraph is not None
        if b.table is None:
            original = paragraphs[b.paragraph].text
        else:
            original = Paragraph(table_paragraphs[b.table][b.paragraph], None).text
        # python-docx drops the auto-number; the rest of the paragraph is the same text
        assert original.strip() == body_without_label(b)


@pytest.mark.parametrize("name", ["cp_csa", "cp_psa"])
def test_docx_corpus_standard_terms_numbering(extra_dir: Path, name: str) -> None:
    doc = load(extra_dir, name)
    top = labelled(doc, 0)
    numbers = [int(b.label.rstrip(".")) for b in top if b.label]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 10
    assert all(b.kind == "heading" and re.fullmatch(r"\d+\.", b.label or "") for b in top)
    # level 1 is "<top>.<n>", restarting at 1 under each top-level clause
    current_top, expected_sub = 0, 1
    for b in doc.blocks:
        if b.label is None or b.table is not None:
            continue
        if b.level == 0:
            current_top, expected_sub = int(b.label.rstrip(".")), 1
        elif b.level == 1:
            assert b.label == f"{current_top}.{expected_sub}"
            expected_sub += 1
    # level 2 is "(a)", "(b)" ..., restarting under each level-1 clause
    sub_labels = [b.label for b in labelled(doc, 2)]
    assert sub_labels.count("(a)") >= 3
    assert "(b)" in sub_labels
    for b in labelled(doc, 2):
        assert re.fullmatch(r"\([a-z]\)", b.label or "")


def test_docx_corpus_contractor_agreement_two_lists(extra_dir: Path) -> None:
    doc = load(extra_dir, "cp_ica")
    labels = [b.label for b in doc.blocks if b.label is not None]
    # an instructions list "1." .. "6." first, then the clauses "1." "1.1" ... "(a)"-style "a."
    assert labels[:6] == ["1.", "2.", "3.", "4.", "5.", "6."]
    clauses = labels[6:]
    tops = [lab for lab in clauses if re.fullmatch(r"\d+\.", lab)]
    assert tops == [f"{i}." for i in range(1, len(tops) + 1)]
    assert len(tops) >= 8
    assert "1.1" in clauses and "a." in clauses
    assert clauses.index("1.1") == clauses.index("1.") + 1


def test_docx_corpus_typed_numbering_kept_once_and_tracked_change_reported(
    extra_dir: Path,
) -> None:
    doc = load(extra_dir, "ccs_core_terms")
    # this file types its clause numbers: no auto labels, the typed number starts the text
    assert all(b.label is None for b in doc.blocks)
    typed = [
        m.group(1)
        for b in doc.blocks
        if b.kind == "heading" and b.level == 0 and (m := re.match(r"(\d+)\.?\t", b.text))
    ]
    assert [int(n) for n in typed] == list(range(1, len(typed) + 1))
    assert len(typed) >= 30
    assert not any(re.match(r"(\d+(\.\d+)*\.?) \1", b.text) for b in doc.blocks)
    # its bullets are list items without a label
    assert sum(1 for b in doc.blocks if b.kind == "list_item") >= 100
    assert [w.code for w in doc.warnings] == [W_TRACKED_CHANGES]


# --- LibreOffice as the oracle -----------------------------------------------------------------


def _normalise(line: str) -> str:
    line = line.lstrip("\ufeff").replace("\u00a0", " ")
    line = re.sub(r"^\s*[•○■●▪◦-]\s+", "", line)  # LibreOffice prints bullets; we do not
    return re.sub(r"\s+", " ", line).strip()


@pytest.fixture(scope="module")
def libreoffice_text(extra_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("lo")
    profile = out / "profile"
    files = [str(extra_dir / f"{n}.docx") for n in ALL_FILES]
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(out),
            *files,
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return {n: (out / f"{n}.txt").read_text(encoding="utf-8") for n in ALL_FILES}


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL_FILES)
def test_docx_corpus_text_matches_libreoffice_rendering(
    extra_dir: Path, libreoffice_text: dict[str, str], name: str
) -> None:
    ours = [
        n
        for b in load(extra_dir, name).blocks
        for ln in b.text.split("\n")
        if (n := _normalise(ln))
    ]
    theirs = [n for ln in libreoffice_text[name].split("\n") if (n := _normalise(ln))]
    assert len(ours) == len(theirs)
    differing = [(a, b) for a, b in zip(theirs, ours, strict=True) if a != b]
    # LibreOffice shows tracked deletions; we read the document with changes accepted
    allowed = 1 if name == "ccs_core_terms" else 0
    assert len(differing) <= allowed, differing[:3]
