"""The pattern-set version (part of the results-store cache key) covers every data file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analyzer.patterns import default_directory, load_patterns, pattern_set_version
from analyzer.portfolio import patterns_version


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
    # the portfolio's cache key reads the same version from the files, without compiling
    assert pattern_set_version(same) == original == patterns_version()
    assert pattern_set_version(edited) == load_patterns(edited).version


def test_pattern_set_version_needs_no_valid_patterns(tmp_path: Path) -> None:
    """A broken pattern file still gets a version (the workers report the problem per file),
    and a different one from the intact set."""
    broken = tmp_path / "broken"
    shutil.copytree(default_directory(), broken)
    (broken / "en" / "ip.yaml").write_text("patterns: [unclosed\n", encoding="utf-8")
    assert pattern_set_version(broken) != pattern_set_version()
