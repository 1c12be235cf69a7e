"""`analyzer portfolio --playbook`: team playbooks evaluated for every contract (issue #17)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from analyzer.cli import main
from analyzer.errors import AnalyzerError
from analyzer.portfolio import analyze_portfolio

ROOT = Path(__file__).resolve().parent.parent.parent
BOOK = (
    ROOT
    / "clause_patterns"
    / "playbooks"
    / "examples"
    / "foreign_client_reviewing_prc_provider.yaml"
)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("northbank_contact_centre_services.docx", "coastal_logistics_it_support.txt"):
        shutil.copy(ROOT / "sample_contracts" / "en" / name, folder)
    return folder


def _findings(out: Path) -> list[dict[str, str]]:
    with (out / "findings.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_playbook_requirements_become_findings_without_changing_labels(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    plain = analyze_portfolio([folder], out=tmp_path / "plain", workers=1, progress=False)
    with_book = analyze_portfolio(
        [folder], out=tmp_path / "book", workers=1, progress=False, playbooks=[BOOK]
    )
    assert plain.ok and with_book.ok
    rows = [r for r in _findings(tmp_path / "book") if r["requirement"].startswith("playbook.")]
    # seven requirements per contract, each with a status the outputs know
    assert len(rows) == 2 * 7
    assert {r["status"] for r in rows} <= {"met", "flag", "missing", "partial"}
    assert {r["value"] for r in rows} <= {"match", "deviation", "missing", "unclear"}
    assert not [
        r for r in _findings(tmp_path / "plain") if r["requirement"].startswith("playbook.")
    ]
    labels = [
        (tmp_path / d / "labels.jsonl").read_text(encoding="utf-8") for d in ("plain", "book")
    ]
    assert [json.loads(x)["labels"] for x in labels[0].splitlines()] == [
        json.loads(x)["labels"] for x in labels[1].splitlines()
    ]


def test_playbook_content_is_part_of_the_cache_key(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    analyze_portfolio([folder], out=out, workers=1, progress=False)
    again = analyze_portfolio([folder], out=out, workers=1, progress=False, playbooks=[BOOK])
    assert again.analysed == 2 and again.cached == 0  # other playbooks, other findings
    third = analyze_portfolio([folder], out=out, workers=1, progress=False, playbooks=[BOOK])
    assert third.cached == 2


def test_a_bad_playbook_fails_before_any_contract_is_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        BOOK.read_text(encoding="utf-8").replace(
            "finding: art11.ip_ownership", "finding: art11.nothing"
        ),
        encoding="utf-8",
    )
    with pytest.raises(AnalyzerError) as err:
        analyze_portfolio(
            [folder], out=tmp_path / "out", workers=1, progress=False, playbooks=[bad]
        )
    assert err.value.code == "E720" and "bad.yaml" in err.value.message
    assert not (tmp_path / "out" / "results.sqlite").exists()
    assert (
        main(
            [
                "portfolio",
                str(folder),
                "--out",
                str(tmp_path / "o2"),
                "--quiet",
                "--playbook",
                str(bad),
            ]
        )
        == 1
    )
