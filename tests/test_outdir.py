"""The output folder: outputs swapped in as a set, a swap cut short finished by the next run,
coded errors for what the operating system refuses (issue #14)."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from analyzer import outdir
from analyzer.errors import OutputError


def _staged(out: Path, run: str) -> Path:
    staging = outdir.new_staging(out)
    (staging / "charts").mkdir()
    (staging / "charts" / "a.png").write_text(run)
    (staging / "summary.md").write_text(run)
    (staging / ".analyzer-outputs.json").write_text(json.dumps({"run": run}))
    return staging


NAMES = ("charts", "summary.md", ".analyzer-outputs.json")


def test_outdir_commit_replaces_the_whole_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    outdir.commit(out, _staged(out, "one"), NAMES)
    (out / "charts" / "stale.png").write_text("from run one only")
    outdir.commit(out, _staged(out, "two"), NAMES)
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    assert [p.name for p in (out / "charts").iterdir()] == ["a.png"]  # no stale file mixed in
    assert (out / "summary.md").read_text() == "two"


def test_outdir_a_swap_cut_short_is_finished_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    outdir.commit(out, _staged(out, "one"), NAMES)
    staging = _staged(out, "two")
    # the run was killed after writing its journal and moving the first name
    (out / outdir.JOURNAL_NAME).write_text(json.dumps({"staging": staging.name, "names": NAMES}))
    outdir._apply(out, staging, NAMES[:1])
    assert (out / "summary.md").read_text() == "one"  # a mixed state, for a moment
    dead = outdir.new_staging(out)  # and another run died before its swap
    outdir.recover(out)
    assert (out / "summary.md").read_text() == "two"
    assert (out / "charts" / "a.png").read_text() == "two"
    assert not dead.exists() and not staging.exists()
    assert not (out / outdir.JOURNAL_NAME).exists()


@pytest.mark.parametrize(
    ("number", "code"),
    [(errno.ENOSPC, "E621"), (errno.EDQUOT, "E621"), (errno.EROFS, "E620"), (errno.EIO, "E623")],
)
def test_outdir_os_errors_become_coded_errors(tmp_path: Path, number: int, code: str) -> None:
    err = outdir.output_failure(OSError(number, "boom"), tmp_path)
    assert isinstance(err, OutputError) and err.code == code
    assert err.message.startswith(f"{tmp_path}: ")


def test_outdir_lock_is_reentrant_in_one_process(tmp_path: Path) -> None:
    with outdir.locked(tmp_path), outdir.locked(tmp_path):
        assert (tmp_path / outdir.LOCK_NAME).read_text().startswith("pid ")
