"""The pattern-set version (part of the results-store cache key) covers every data file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analyzer.patterns import default_directory, load_patterns


@pytest.mark.parametrize("data_file", ["roles/en.yaml", "deontic/zh.yaml", "en/ip.yaml"])
def test_patterns_version_changes_when_any_data_file_changes(
    tmp_path: Path, data_file: str
) -> None:
    same, edited = tmp_path / "same", tmp_path / "edited"
    shutil.copytree(default_directory(), same)
    shutil.copytree(default_directory(), edited)
    with (edited / data_file).open("a", encoding="utf-8") as fh:
        fh.write("\n# a lawyer's edit\n")
    original = load_patterns().version
    assert load_patterns(same).version == original
    assert load_patterns(edited).version != original
