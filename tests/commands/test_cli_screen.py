"""The CLI in-process: screen (all formats), eval and patterns check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analyzer.cli import main

TEXT = (
    'This Services Agreement is made between Acme Holdings Ltd ("Customer") and Beta '
    'Outsourcing Inc. ("Supplier").\n'
    "Supplier shall provide the Services to Customer.\n"
    "1.1 Supplier shall not disclose the Confidential Information to any third party.\n"
    "1.2 Any dispute shall be finally settled by binding arbitration administered by the "
    "American Arbitration Association.\n"
)


@pytest.fixture()
def contract(tmp_path: Path) -> Path:
    path = tmp_path / "my contract.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_cli_screen_table(contract: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", str(contract)]) == 0
    out = capsys.readouterr().out
    assert "art11.ip_ownership" in out and "missing" in out
    assert "art10.arbitration_institution" in out and "AAA" in out


def test_cli_screen_labels(contract: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", str(contract), "--format", "labels"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["doc"] == "my contract"
    assert line["labels"]["art10_dispute_forum"] == "arbitration"
    assert line["labels"]["art11_ip_ownership"] == "none"


def test_cli_screen_json(contract: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", str(contract), "--format", "json", "--lang-out", "zh"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["labels"]["art4_provider_nondisclosure"] is True
    rec = data["findings"][0]["recommendation"]
    assert list(rec)[0] == "zh"
    assert data["findings"][0]["explanation"].startswith("第")


def test_cli_screen_markdown(contract: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", str(contract), "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("#")


def test_cli_screen_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", str(tmp_path / "none.txt")]) == 1
    err = capsys.readouterr().err
    assert "none.txt" in err and "not found" in err


def test_cli_eval(contract: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "doc": "my contract",
                "labels": {"art4_provider_nondisclosure": True, "art11_ip_ownership": "client"},
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert main(["eval", str(gold), "--corpus", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["labels"]["art4_provider_nondisclosure"]["accuracy"] == 1.0
    assert data["mismatches"] == [
        {"doc": "my contract", "label": "art11_ip_ownership", "gold": "client", "predicted": "none"}
    ]
    assert main(["eval", str(gold), "--corpus", str(tmp_path)]) == 0
    assert "mean accuracy" in capsys.readouterr().out


def test_cli_patterns_check(
    contract: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["patterns", "check", "--corpus", str(contract.parent)]) == 0
    out = capsys.readouterr().out
    assert "patterns OK" in out and "never matching" in out
    assert "en.conf.nda.not_disclose" in out


def test_cli_patterns_check_broken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from analyzer.patterns import default_directory

    broken = tmp_path / "cp"
    shutil.copytree(default_directory(), broken)
    (broken / "en" / "bad.yaml").write_text(
        "language: en\nfamily: bad\npatterns: []\n", encoding="utf-8"
    )
    assert main(["patterns", "check", "--dir", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "no patterns" in err


@pytest.mark.parametrize(
    "name",
    [
        "en/atlas_insurance_claims_bpo.pdf",
        "zh/software_dev_either_or.pdf",
        "bilingual/data_processing_bilingual_divergent.docx",
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cli_screen_table_fits_120_columns(
    name: str, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 120-column terminal shows every row on one line: quotes are shortened (CJK characters
    count two columns), lines outside the table wrap; --lang-out zh gives Chinese headers."""
    from analyzer.commands.screen import _display_width

    samples = Path(__file__).resolve().parent.parent.parent / "sample_contracts"
    assert main(["screen", str(samples / name), "--lang-out", lang]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(_display_width(x) for x in lines) <= 120
    header = next(i for i, x in enumerate(lines) if x.startswith(("Art.", "条 ")))
    rows = lines[header + 1 : lines.index("", header) if "" in lines[header:] else None]
    assert len(rows) >= 15  # one line per finding, none wrapped
    assert all(r.split()[0].isdigit() for r in rows)
    assert lines[header].startswith("条" if lang == "zh" else "Art.")
