"""The walk of the input folders and the parent's bounded hashing (issue #14)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from analyzer.errors import AnalyzerError
from analyzer.inputs import hash_file, scan

TEXT = "SERVICES AGREEMENT\nThe Supplier shall keep confidential information secret.\n"


def _rows(result: object) -> dict[str, str]:
    return {s.path.name: s.code for s in result.skipped}  # type: ignore[attr-defined]


def test_inputs_nothing_contract_like_is_skipped_without_a_row(tmp_path: Path) -> None:
    d = tmp_path / "in"
    (d / ".archive").mkdir(parents=True)
    (d / "License Agreement - Acme Software.txt").write_text(TEXT)  # a contract
    (d / "LICENSE.txt").write_text(TEXT)  # a licence is a contract too
    (d / "CHANGELOG.md").write_text("# changes\n")
    (d / "README.md").write_text("# readme\n")
    (d / ".hidden contract.docx").write_bytes(b"PK")
    (d / "~$lock.docx").write_bytes(b"owner")
    (d / ".archive" / "old.txt").write_text(TEXT)
    (d / "photo.png").write_bytes(b"\x89PNG")  # not a contract type: no row (documented)
    os.mkfifo(d / "pipe.txt")
    found = scan([d])
    assert sorted(f.path.name for f in found.files) == [
        "LICENSE.txt",
        "License Agreement - Acme Software.txt",
    ]
    assert _rows(found) == {
        ".archive": "W004",
        ".hidden contract.docx": "W004",
        "CHANGELOG.md": "W005",
        "README.md": "W005",
        "pipe.txt": "E104",
        "~$lock.docx": "W004",
    }
    for s in found.skipped:
        assert str(s.path) in s.message
    # named explicitly, a README is analysed
    assert [f.path.name for f in scan([d / "README.md"]).files] == ["README.md"]


def test_inputs_links_leaving_the_input_folders_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere"
    secret.mkdir()
    (secret / "credentials.txt").write_text("password=hunter2\n")
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "real.txt").write_text(TEXT)
    os.symlink(secret / "credentials.txt", d / "creds.txt")
    os.symlink(secret, d / "outside folder")
    os.symlink("/etc/passwd", d / "passwd.txt")
    os.symlink(d / "real.txt", d / "sub" / "inside link.txt")  # inside: fine (read once)
    os.symlink(d, d / "sub" / "loop")  # a loop inside: walked once
    found = scan([d])
    assert [f.path.name for f in found.files] == ["real.txt"]
    assert _rows(found) == {"creds.txt": "W002", "outside folder": "W002", "passwd.txt": "W002"}
    assert "--follow-links" in found.skipped[0].message
    followed = scan([d], follow_links=True)
    # --follow-links: read, each target once
    assert [f.path.name for f in followed.files] == ["creds.txt", "passwd.txt", "real.txt"]


def test_inputs_output_folders_inside_the_input_are_skipped_with_a_row(tmp_path: Path) -> None:
    d = tmp_path / "in"
    (d / "review-2025").mkdir(parents=True)
    (d / "review-2025" / "summary.md").write_text("# Portfolio review\n")
    (d / "review-2025" / ".analyzer-outputs.json").write_text("{}")
    (d / "this run").mkdir()
    (d / "a.txt").write_text(TEXT)
    found = scan([d], exclude=[d / "this run"])
    assert [f.path.name for f in found.files] == ["a.txt"]
    assert _rows(found) == {"review-2025": "W003", "this run": "W003"}


def test_inputs_hash_refuses_an_oversized_sparse_file_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(10 * 1024**3)  # 10 GB, sparse: reading it would take minutes
    t0 = time.perf_counter()
    with pytest.raises(AnalyzerError) as err:
        hash_file(str(huge), huge)
    assert time.perf_counter() - t0 < 1
    assert err.value.code == "E130" and "10,737,418,240 bytes" in err.value.message


@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero", "device"])
def test_inputs_hash_refuses_non_regular_files_without_blocking(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "swapped.txt"
    if kind == "fifo":
        os.mkfifo(path)  # opening it for reading would block without O_NONBLOCK
    elif kind == "link to /dev/zero":
        os.symlink("/dev/zero", path)  # never followed: refused as a link
    else:
        path = Path("/dev/zero")  # endless: reading it would never end
    t0 = time.perf_counter()
    with pytest.raises(AnalyzerError) as err:
        hash_file(str(path), path)
    assert time.perf_counter() - t0 < 2
    assert err.value.code == "E104"


def test_inputs_hash_is_bounded_in_time(tmp_path: Path) -> None:
    f = tmp_path / "slow share.txt"
    f.write_bytes(b"x" * (3 << 20))
    with pytest.raises(AnalyzerError) as err:
        hash_file(str(f), f, deadline=time.monotonic() - 1)
    assert err.value.code == "E107"
    assert hash_file(str(f), f).size == 3 << 20
