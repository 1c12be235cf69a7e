"""Contract names and output paths (issue #14): unique, file-system safe, stable, confined."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from analyzer.names import (
    MAX_NAME_BYTES,
    UnsafePathError,
    contract_names,
    cut_utf8,
    fit_name,
    inside,
    output_relpath,
    safe_component,
)

LONG_ZH = ("华东数据科技软件开发外包服务合同" * 6)[:79]  # 79 characters, 237 bytes


def test_names_long_chinese_title_is_cut_by_utf8_bytes_with_a_hash() -> None:
    assert len(LONG_ZH) == 79 and len(LONG_ZH.encode()) == 237
    name = fit_name(LONG_ZH, ".annotated.docx")
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert name.endswith(".annotated.docx") and "~" in name
    assert LONG_ZH.startswith(name.split("~")[0])  # cut between characters, never inside one
    # two titles that share their first 200 bytes stay distinct
    assert fit_name(LONG_ZH + "甲", ".html") != fit_name(LONG_ZH + "乙", ".html")
    assert fit_name("short", ".html") == "short.html"
    assert cut_utf8("合同", 4) == "合"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("a:b", "a_b"),
        ("tab\there", "tab_here"),
        ("..", "_"),
        ("", "_"),
        ("ends with dot.", "ends with dot"),
        ("CON", "_CON"),
        ("what?*", "what__"),
    ],
)
def test_names_safe_component(raw: str, safe: str) -> None:
    assert safe_component(raw) == safe


def test_names_output_paths_never_leave_their_folder(tmp_path: Path) -> None:
    # a name from an older store (an absolute path) or a hostile one stays inside
    for doc in ("/etc/passwd", "../../x", "a/../../b", "C:\\Windows\\x"):
        rel = output_relpath(doc, ".html")
        assert not rel.is_absolute() and ".." not in rel.parts
        assert inside(tmp_path, rel).resolve().is_relative_to(tmp_path.resolve())
    for bad in ("../x.html", "/abs.html", "a/../b.html"):
        with pytest.raises(UnsafePathError):
            inside(tmp_path, bad)
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    os.symlink(outside, tmp_path / "link")  # a link planted inside leads outside: refused
    with pytest.raises(UnsafePathError):
        inside(tmp_path, PurePosixPath("link/x.html"))


def test_names_unique_case_insensitive_and_stable_when_files_are_added(tmp_path: Path) -> None:
    root = tmp_path / "in"
    files = [root / "2025" / "msa.docx", root / "2026" / "msa.docx", root / "MSA.txt"]
    names = contract_names([(f, root) for f in files])
    assert names == {files[0]: "2025/msa", files[1]: "2026/msa", files[2]: "MSA"}
    # a new file whose name would collide: the existing contract keeps its name
    added = [*files, root / "msa.pdf"]
    again = contract_names([(f, root) for f in added], {str(f): n for f, n in names.items()})
    assert {f: again[f] for f in files} == names
    assert again[root / "msa.pdf"] == "msa.pdf"  # case-insensitively taken: the extension
    # without history the choice is deterministic too
    fresh = contract_names([(f, root) for f in reversed(added)])
    assert fresh == contract_names([(f, root) for f in added])
    assert len({n.casefold() for n in fresh.values()}) == len(added)


def test_names_old_style_names_from_a_store_are_not_kept(tmp_path: Path) -> None:
    root = tmp_path / "in"
    f = root / "2025" / "msa.docx"
    names = contract_names([(f, root)], {str(f): str(f)})  # the old fallback: the full path
    assert names[f] == "2025/msa"


def test_names_kept_when_a_folder_is_screened_after_its_files(tmp_path: Path) -> None:
    """Files first given one by one (named by their stem), then found in their folder: they
    keep their names, and a new file that would take one gets its own."""
    root = tmp_path / "in"
    a, b = root / "en" / "msa.docx", root / "zh" / "msa.docx"
    first = contract_names([(a, a.parent)])
    assert first == {a: "msa"}
    later = contract_names([(a, root), (b, root)], {str(p): n for p, n in first.items()})
    assert later == {a: "msa", b: "zh/msa"}


def test_names_keep_the_file_own_characters_and_outputs_stay_apart(tmp_path: Path) -> None:
    """CUAD has "…, INC..txt" and "… Agreement .txt": the contract names keep the trailing dot
    and space (the gold files use them); their output files, which some file systems refuse
    with a trailing dot or space, get a hash so that "INC." and "INC" never share one."""
    root = tmp_path / "in"
    files = [root / "ACME, INC..txt", root / "ACME, INC.txt", root / "Supply Agreement .txt"]
    names = contract_names([(f, root) for f in files])
    assert sorted(names.values()) == ["ACME, INC", "ACME, INC.", "Supply Agreement "]
    paths = {str(output_relpath(n, ".html")) for n in names.values()}
    assert len(paths) == 3 and "ACME, INC.html" in paths
    assert all(not p.removesuffix(".html").endswith((".", " ")) for p in paths)
