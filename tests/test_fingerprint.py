"""The cache key follows the analysis code (issue #15: stale results after an upgrade)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from analyzer import __version__
from analyzer.fingerprint import PACKAGE, code_version


def test_code_version_is_version_plus_source_hash() -> None:
    v = code_version()
    assert v.startswith(__version__ + "+") and len(v.split("+")[1]) == 12


def test_changing_a_check_changes_the_code_version(tmp_path: Path) -> None:
    """A copy of the package with one check edited reports another code version."""
    copy = tmp_path / "analyzer"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "models"))
    probe = "import analyzer.fingerprint as f; print(f.code_version())"
    before = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.strip()
    art11 = copy / "checks" / "art11.py"
    art11.write_text(art11.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    after = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert before == code_version()
    assert after != before


def test_portfolio_run_records_the_code_version(tmp_path: Path) -> None:
    from analyzer.portfolio import analyze_portfolio
    from analyzer.store import open_store

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "SERVICES AGREEMENT\n1. The Supplier shall keep the Client's information confidential.\n",
        encoding="utf-8",
    )
    result = analyze_portfolio([folder], out=tmp_path / "out", workers=1)
    runs = open_store(result.store).runs()
    assert runs["analyzer_version"].iloc[-1] == code_version()
