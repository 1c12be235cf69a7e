"""Put on PYTHONPATH by tests/test_hostile_e2e.py: every Python process started with it (the CLI and
each spawned worker) records that it loaded this file, and any attempt to create a socket is
recorded and fails. Not a test module; never imported by the package."""

from __future__ import annotations

import os
import socket

_LOG = os.environ.get("HOSTILE_SOCKET_LOG")


def _note(line: str) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {line}\n")


class _NoSocket(socket.socket):
    def __init__(self, *args: object, **kwargs: object) -> None:
        _note(f"socket{args!r}")
        raise OSError("sockets are disabled in this test process")


def _no_connection(*args: object, **kwargs: object) -> None:
    _note(f"create_connection{args!r}")
    raise OSError("sockets are disabled in this test process")


def _no_pair(*args: object, **kwargs: object) -> None:
    _note("socketpair")
    raise OSError("sockets are disabled in this test process")


def _no_lookup(*args: object, **kwargs: object) -> None:
    _note(f"getaddrinfo{args!r}")
    raise OSError("name resolution is disabled in this test process")


if _LOG:
    socket.socket = _NoSocket  # type: ignore[misc]
    socket.create_connection = _no_connection  # type: ignore[assignment]
    socket.socketpair = _no_pair  # type: ignore[assignment]
    socket.getaddrinfo = _no_lookup  # type: ignore[assignment]
    _note("loaded")
