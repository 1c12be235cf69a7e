"""Word comments on exact runs of an annotated COPY; the original is never written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest

from analyzer.annotate import AnnotateError, annotate_docx, read_comments
from analyzer.cli import main
from analyzer.model import ContractReport, Document, DocumentInfo, Evidence, Finding
from analyzer.readers import read_contract


def _make_docx(path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("MASTER SERVICES AGREEMENT", style="Title")
    p = d.add_paragraph(style="List Number")
    p.add_run("The Supplier shall keep the ")
    p.add_run("Client's confidential").bold = True
    p.add_run(" information secret and shall not disclose it.")
    d.add_paragraph("The Client shall own all deliverables.", style="List Number")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Forum"
    table.cell(0, 1).text = "Disputes go to arbitration in Beijing."
    d.save(str(path))


def _evidence(doc: Document, phrase: str) -> Evidence:
    i = doc.text.index(phrase)
    b = doc.block_at(i)
    return Evidence(doc.text[i : i + len(phrase)], i, i + len(phrase), b.label if b else None)


def _report(doc: Document, findings: tuple[Finding, ...]) -> ContractReport:
    info = DocumentInfo(doc.path, doc.sha256, doc.format, doc.languages, doc.pages, len(doc.text))
    return ContractReport(info, (), (), (), findings)


@pytest.fixture()
def contract(tmp_path: Path) -> tuple[Path, Document]:
    path = tmp_path / "msa.docx"
    _make_docx(path)
    return path, read_contract(path)


@pytest.mark.parametrize(
    "phrase",
    [
        "keep the Client's confidential information",  # spans three runs, splits two
        "confidential",  # inside one bold run
        "The Client shall own all deliverables.",  # whole auto-numbered paragraph
        "arbitration in Beijing",  # a table cell
    ],
)
def test_annotate_comment_anchored_on_exact_quote(
    contract: tuple[Path, Document], tmp_path: Path, phrase: str
) -> None:
    path, doc = contract
    ev = _evidence(doc, phrase)
    f = Finding(4, "art4.provider_nondisclosure", "met", "high", "Found.", (ev,))
    out = annotate_docx(path, tmp_path / "out.docx", _report(doc, (f,)), doc)
    comments = read_comments(out)
    assert [c.anchor for c in comments] == [phrase]
    assert comments[0].text.startswith("Art. 4 – art4.provider_nondisclosure: MET")
    assert comments[0].author == "analyzer"
    # the document text (runs) is unchanged by splitting
    assert read_contract(out).text == doc.text


def test_annotate_numbering_label_prefix_is_skipped(
    contract: tuple[Path, Document], tmp_path: Path
) -> None:
    path, doc = contract
    block = next(b for b in doc.blocks if "Client shall own" in b.text)
    assert block.label and block.text.startswith(block.label)  # the reader shows Word's number
    ev = Evidence(block.text, block.start, block.end, block.label)
    f = Finding(11, "art11.ip_ownership", "met", "high", "Client owns.", (ev,), value="client")
    out = annotate_docx(path, tmp_path / "o.docx", _report(doc, (f,)), doc)
    assert [c.anchor for c in read_comments(out)] == ["The Client shall own all deliverables."]


def test_annotate_missing_requirement_commented_at_title(
    contract: tuple[Path, Document], tmp_path: Path
) -> None:
    path, doc = contract
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    missing = Finding(
        6,
        "art6.personnel_noncompete",
        "missing",
        "medium",
        "No non-compete for staff.",
        recommendation={"en": "Bind staff by non-compete terms.", "zh": "约定竞业限制。"},
    )
    out = annotate_docx(path, tmp_path / "o.docx", _report(doc, (missing,)), doc)
    (c,) = read_comments(out)
    assert c.anchor == "MASTER SERVICES AGREEMENT"
    assert "Missing: art6.personnel_noncompete" in c.text and "Article 6" in c.text
    assert "约定竞业限制。" in c.text
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_annotate_refuses_to_overwrite_original(contract: tuple[Path, Document]) -> None:
    path, doc = contract
    with pytest.raises(AnnotateError, match="overwrite the original"):
        annotate_docx(path, path, _report(doc, ()), doc)


def test_annotate_cli_on_sample_contract(samples_dir: Path, tmp_path: Path) -> None:
    src = next(iter(sorted(samples_dir.rglob("*.docx"))))
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    out = tmp_path / "annotated.docx"
    assert main(["annotate", str(src), "--out", str(out)]) == 0
    comments = read_comments(out)
    assert comments
    text = " ".join(read_contract(src).text.split())
    for c in comments:
        assert " ".join(c.anchor.split()) in text  # every anchor is contract text
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    assert main(["annotate", str(tmp_path / "x.txt"), "--out", str(tmp_path / "y.docx")]) == 1


def test_annotate_default_output_of_a_long_chinese_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression (issue #14): a 79-character Chinese title (237 bytes of UTF-8) failed with
    "File name too long": the default name is cut by bytes with a short hash."""
    title = ("华东数据科技软件开发外包服务合同" * 6)[:79]
    source = tmp_path / f"{title}.docx"
    _make_docx(source)
    assert main(["annotate", str(source)]) == 0
    written = Path(capsys.readouterr().out.split(": ")[0])
    assert written.parent == tmp_path and written.is_file()
    assert written.name.endswith(".annotated.docx") and "~" in written.name
    assert len(written.name.encode()) <= 200
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    # an explicit name too long for the file system is a clear error
    too_long = tmp_path / ("x" * 260 + ".docx")
    with pytest.raises(AnnotateError, match="too long"):
        annotate_docx(source, too_long)
