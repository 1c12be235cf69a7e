"""`analyzer read FILE [--format json|outline]` through ``analyzer.cli.main`` (in process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.cli import main

CONTRACT = """MASTER SERVICES AGREEMENT

This Agreement is made between Alpha Ltd ("Client") and Beta Ltd ("Supplier").

1. Definitions. In this Agreement the following terms apply.

2. Confidentiality. The Supplier shall:

(a) keep the Client's information secret;

(b) not disclose it to any third party.

3. Term. This Agreement lasts two years.
"""

ZH_CONTRACT = """数据处理服务合同

第一条 定义

本合同所称数据是指甲方提供的全部数据。

第二条 保密条款

（一）乙方应当对甲方数据严格保密。

（二）乙方不得向第三方披露。
"""


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    path = tmp_path / "msa.txt"
    path.write_text(CONTRACT, encoding="utf-8")
    return path


def test_cli_read_outline_lines(contract: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", str(contract), "--format", "outline"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "[preamble] MASTER SERVICES AGREEMENT This Agreement is made between …",
        "1. Definitions [definitions]",
        "2. Confidentiality",
        "  (a) keep the Client's information secret;",
        "  (b) not disclose it to any third party.",
        "3. Term",
    ]


def test_cli_read_outline_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "合同.txt"
    path.write_text(ZH_CONTRACT, encoding="utf-8")
    assert main(["read", str(path), "--format", "outline"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == [
        "第一条 定义 [definitions]",
        "第二条 保密条款",
        "  （一） 乙方应当对甲方数据严格保密。",
        "  （二） 乙方不得向第三方披露。",
    ]


def test_cli_read_json_offsets(contract: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", str(contract), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"path", "sha256", "format", "languages", "text", "blocks", "warnings"}
    assert data["format"] == "text" and data["languages"] == ["en"]
    text = data["text"]
    labelled = [b for b in data["blocks"] if text[b["start"] : b["end"]].startswith("2.")]
    assert len(labelled) == 1
    for block in data["blocks"]:
        assert {"kind", "label", "level", "page", "paragraph", "start", "end"} <= set(block)
        assert 0 <= block["start"] < block["end"] <= len(text)
    assert text[data["blocks"][0]["start"] : data["blocks"][0]["end"]] == (
        "MASTER SERVICES AGREEMENT"
    )


def test_cli_read_default_format_is_json(
    contract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["read", str(contract)]) == 0
    assert json.loads(capsys.readouterr().out)["text"].startswith("MASTER SERVICES")


@pytest.mark.parametrize(
    ("name", "content"),
    [("missing.txt", None), ("empty.txt", b""), ("blank.txt", b"   \n\n  ")],
)
def test_cli_read_bad_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | None
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["read", str(path), "--format", "outline"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error [E") and name in captured.err
    assert "Traceback" not in captured.err


def test_cli_read_outline_cuad_contract(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real filing: one line per clause, indented by depth, numbers as printed."""
    paths = sorted((corpus_dir / "cuad" / "txt").glob("*ADURO*"))
    if not paths:
        pytest.skip("reference contract not in corpus")
    assert main(["read", str(paths[0]), "--format", "outline"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("[preamble]")
    top = [line.split(" ", 1)[0] for line in lines if not line.startswith((" ", "["))]
    assert top[:5] == ["1.", "2.", "3.", "4.", "5."]
    nested = [line for line in lines if line.startswith("  (")]
    assert nested and all(not line.startswith("    ") for line in nested)


def test_cli_read_outline_zh_model_contract(
    corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus_dir / "zh" / "data_processing_service.md"
    if not path.exists():
        pytest.skip("Chinese model contract not in corpus")
    assert main(["read", str(path), "--format", "outline"]) == 0
    lines = capsys.readouterr().out.splitlines()
    articles = [line.strip() for line in lines if line.strip().startswith("第")]
    assert len(articles) >= 10
    assert any(line.strip().startswith("第一条") for line in lines)


def test_cli_read_outline_docx(corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus_dir / "extra" / "cp_psa.docx"
    if not path.exists():
        pytest.skip("DOCX contract not in corpus")
    assert main(["read", str(path), "--format", "outline"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "1. Services" in lines
    assert "  1.1 Providing Services" in lines
