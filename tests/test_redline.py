"""Redlines (issue #17): recommended wording as real Word tracked changes, or a schedule."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from analyzer.cli import main
from analyzer.engine import analyze
from analyzer.playbook import evaluate_playbooks, example_playbooks, load_playbooks
from analyzer.readers import read_contract
from analyzer.redline import RedlineError, next_number, redline

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_contracts"
SKYWAY = SAMPLES / "en" / "skyway_airline_application_support.docx"  # has tracked changes
MERIDIAN = SAMPLES / "en" / "meridian_retail_app_development.docx"
ITO_ZH = SAMPLES / "zh" / "ito_service_compliant.docx"  # typed clause numbers
BILINGUAL = SAMPLES / "bilingual" / "data_processing_bilingual_divergent.docx"
PDF = SAMPLES / "en" / "atlas_insurance_claims_bpo.pdf"
AUTHOR = "Jane Lawyer"


def _book(prefix: str) -> Path:
    return next(p for p in example_playbooks() if p.name.startswith(prefix))


def _ins(path: Path) -> list[tuple[str, str, str]]:
    """(author, date, text) of every w:ins in the body."""
    body = docx.Document(str(path)).element.body
    out = []
    for ins in body.iter(qn("w:ins")):
        text = "".join(t.text or "" for t in ins.iter(qn("w:t")))
        out.append((ins.get(qn("w:author")), ins.get(qn("w:date")), text))
    return out


def _deletions(path: Path) -> int:
    return sum(1 for _ in docx.Document(str(path)).element.body.iter(qn("w:del")))


@pytest.fixture(scope="module")
def skyway(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("rl") / "skyway.redline.docx"
    before = hashlib.sha256(SKYWAY.read_bytes()).hexdigest()
    result = redline(SKYWAY, out, playbooks=[_book("foreign_client")], author=AUTHOR)
    assert hashlib.sha256(SKYWAY.read_bytes()).hexdigest() == before  # original not written
    return out, result


def test_insertions_are_tracked_changes_by_the_author(skyway: tuple[Path, object]) -> None:
    out, result = skyway
    ours = [i for i in _ins(out) if i[0] == AUTHOR]
    assert ours and all(date and date.endswith("Z") for _a, date, _t in ours)
    texts = " ".join(t for _a, _d, t in ours)
    assert "non-compete agreements with its key employees" in texts
    # the paragraph marks are inserted too (a whole new paragraph, not text in an old one)
    body = docx.Document(str(out)).element.body
    marks = [
        p
        for p in body.iter(qn("w:p"))
        if p.find(qn("w:pPr")) is not None
        and p.find(qn("w:pPr")).find(qn("w:rPr")) is not None
        and p.find(qn("w:pPr")).find(qn("w:rPr")).find(qn("w:ins")) is not None
        and p.find(qn("w:pPr")).find(qn("w:rPr")).find(qn("w:ins")).get(qn("w:author")) == AUTHOR
    ]
    assert len(marks) == sum(1 for a, _d, t in ours if t)


def test_existing_tracked_changes_and_comments_are_kept(skyway: tuple[Path, object]) -> None:
    out, result = skyway
    original = [i for i in _ins(SKYWAY)]
    kept = [i for i in _ins(out) if i[0] != AUTHOR]
    assert original and kept == original
    assert _deletions(out) == _deletions(SKYWAY) > 0
    before = docx.Document(str(SKYWAY)).comments
    after = docx.Document(str(out)).comments
    old = [(c.author, c.text) for c in before]
    new = [(c.author, c.text) for c in after]
    assert new[: len(old)] == old
    ours = [t for a, t in new if a == AUTHOR]
    assert len(ours) == len(result.proposals)  # type: ignore[attr-defined]
    assert any("art6.personnel_noncompete" in t and "missing" in t for t in ours)


def test_numbering_follows_the_clause(skyway: tuple[Path, object]) -> None:
    out, _result = skyway
    doc = read_contract(out)
    labels = [b.label for b in doc.blocks if b.text and "non-compete agreements with" in b.text]
    assert labels == ["4.2"]  # Word auto-numbering, after 4.1 on staff confidentiality


def test_typed_numbers_get_the_next_free_number(tmp_path: Path) -> None:
    out = tmp_path / "ito.docx"
    redline(ITO_ZH, out, playbooks=[_book("foreign_client")], author=AUTHOR)
    doc = read_contract(out)
    inserted = [b.text for b in doc.blocks if "二十四小时内书面通知" in b.text]
    assert inserted and inserted[0].startswith("5.1")
    data = [b.text for b in doc.blocks if "书面认可的地点存储" in b.text]
    assert data and data[0][:4] != inserted[0][:4]  # 5.1A, 5.1B: never the same number twice
    assert next_number("5.3", ["5.4"]) == "5.3A"
    assert next_number("5.3") == "5.4"
    assert next_number("第五条") == "第六条"
    assert next_number("第九条", ["第十条"]) == "第九条之一"
    assert next_number("(b)") == "(c)"


def test_bilingual_contract_gets_both_languages(tmp_path: Path) -> None:
    out = tmp_path / "bi.docx"
    result = redline(BILINGUAL, out, author=AUTHOR)
    texts = " ".join(t for a, _d, t in _ins(out) if a == AUTHOR)
    assert "竞业限制协议" in texts and "non-compete agreements" in texts
    assert result.proposals


@pytest.mark.parametrize(
    ("path", "prefix"),
    [(SKYWAY, "foreign_client"), (MERIDIAN, "prc_provider"), (ITO_ZH, "foreign_client")],
)
def test_rescreened_redline_meets_the_missing_requirements(
    tmp_path: Path, path: Path, prefix: str
) -> None:
    out = tmp_path / "out.docx"
    book = _book(prefix)
    result = redline(path, out, playbooks=[book], author=AUTHOR)
    missing = [
        (r.playbook, r.requirement)
        for p in result.proposals
        for r in p.results
        if r.status == "missing"
    ]
    assert missing
    document = read_contract(out)  # tracked changes read as accepted
    after = evaluate_playbooks(analyze(document), document, load_playbooks([book], builtin=True))
    status = {(n, r.requirement): r.status for n, rows in after.items() for r in rows}
    assert {k: status[k] for k in missing} == {k: "match" for k in missing}


def test_pdf_gets_a_schedule_of_amendments(tmp_path: Path) -> None:
    out = tmp_path / "atlas.amendments.docx"
    result = redline(PDF, out, playbooks=[_book("prc_provider")], author=AUTHOR)
    assert result.kind == "schedule" and result.proposals
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Proposed amendments to atlas_insurance_claims_bpo.pdf" in text
    for prop in result.proposals:
        for lang_text in prop.text.values():
            assert lang_text in text


def test_refuses_to_overwrite_the_original(tmp_path: Path) -> None:
    copy = tmp_path / "c.docx"
    shutil.copy(SKYWAY, copy)
    with pytest.raises(RedlineError):
        redline(copy, copy)


def test_cli_redline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.docx"
    args = ["redline", str(MERIDIAN), "--out", str(out), "--author", AUTHOR]
    assert main([*args, "--playbook", str(_book("prc_provider"))]) == 0
    printed = capsys.readouterr().out
    assert "tracked changes" in printed and "pv.data_cross_border" in printed
    assert zipfile.is_zipfile(out)


@pytest.mark.slow
def test_libreoffice_renders_the_inserted_text(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    out = tmp_path / "skyway.docx"
    redline(SKYWAY, out, playbooks=[_book("foreign_client")], author=AUTHOR)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = read_contract(tmp_path / "skyway.pdf")
    flat = " ".join(pdf.text.split())
    assert "non-compete agreements with its key employees" in flat
    assert "notify the Airline in writing within twenty-four hours" in flat
