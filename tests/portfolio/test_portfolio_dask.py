"""Dask: the same per-file analysis on a real distributed cluster (loopback) equals a local run."""

from __future__ import annotations

from pathlib import Path

import pytest
from portfolio_fakes import FAKE_PATTERNS, fake_analyze

from analyzer.portfolio import analyze_portfolio

distributed = pytest.importorskip("distributed")

TEXTS = {
    "one.txt": "AGREEMENT\nThe Supplier shall keep confidential information secret.\n",
    "two.txt": "AGREEMENT\nThe Client shall own all results.\nDisputes go to arbitration.\n",
    "bad.txt": "",
}


def test_portfolio_dask_cluster_matches_local_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name, text in TEXTS.items():
        (src / name).write_text(text, encoding="utf-8")
    common = {"progress": False, "analyze_fn": fake_analyze, "pattern_version": FAKE_PATTERNS}
    local = analyze_portfolio([src], store=tmp_path / "local.sqlite", workers=1, **common)
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        remote = analyze_portfolio(
            [src], out=tmp_path / "out", scheduler=cluster.scheduler_address, **common
        )
    assert (remote.analysed, remote.errors) == (local.analysed, local.errors) == (2, 1)
    a, b = local.frames(), remote.frames()
    for name in ("contracts", "findings", "obligations", "clauses"):
        left = a[name].drop(columns=["analysis_seconds"], errors="ignore")
        right = b[name].drop(columns=["analysis_seconds"], errors="ignore")
        assert left.equals(right), name
    assert a["errors"]["code"].tolist() == b["errors"]["code"].tolist()
    assert (tmp_path / "out" / "labels.jsonl").read_text().count("\n") == 2
