"""The portfolio with sockets disabled (no network, ever); Dask on loopback lives elsewhere."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from portfolio_fakes import FAKE_PATTERNS, fake_analyze
from pytest_socket import SocketBlockedError, disable_socket, enable_socket

from analyzer.portfolio import analyze_portfolio


def test_portfolio_runs_with_sockets_disabled(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("AGREEMENT\nThe Supplier shall keep confidential data secret.\n")
    (src / "b.txt").write_text("AGREEMENT\nThe Client shall own the results.\n")
    disable_socket()
    try:
        with pytest.warns(UserWarning), pytest.raises(SocketBlockedError):
            socket.socket()  # sockets really are blocked (and any use fails the test)
        r = analyze_portfolio(
            [src],
            out=tmp_path / "out",
            workers=2,
            progress=False,
            analyze_fn=fake_analyze,
            pattern_version=FAKE_PATTERNS,
        )
    finally:
        enable_socket()
    assert (r.analysed, r.errors) == (2, 0)
    assert (tmp_path / "out" / "portfolio.xlsx").is_file()
