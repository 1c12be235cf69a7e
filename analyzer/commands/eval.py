"""`analyzer eval` (placeholder until implemented)."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p = sub.add_parser(name, help=help_text)
    p.add_argument("paths", nargs="*")


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError("analyzer eval is not implemented yet")
