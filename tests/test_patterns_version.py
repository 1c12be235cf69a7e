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
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(default_directory(), a)
    shutil.copytree(default_directory(), b)
    assert load_patterns(a).version == load_patterns(b).version
    with (b / data_file).open("a", encoding="utf-8") as fh:
        fh.write("\n# a lawyer's edit\n")
    assert load_patterns(a).version != load_patterns(b).version
