"""The ``analyzer`` command. ``main(argv)`` is testable in-process and returns the exit status.

Each subcommand lives in ``analyzer/commands/<name>.py`` with ``add_parser(subparsers)`` and
``run(args) -> int``; modules are imported only when their command runs, so start-up stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from analyzer import __version__
from analyzer.errors import AnalyzerError

COMMANDS: dict[str, str] = {
    "read": "the document as the analyzer reads it (json or outline)",
    "screen": "screen one contract against Articles 3-12",
    "portfolio": "screen a folder of contracts into a results store and reports",
    "annotate": "write a copy of a DOCX with Word comments at each finding",
    "redline": "propose recommended wording as Word tracked changes (playbooks)",
    "eval": "compare label output with a gold JSONL file",
    "patterns": "validate clause patterns and report unused entries",
    "review": "record, list and export reviewers' decisions on findings",
    "memo": "review memos (DOCX) of a contract or of a portfolio run",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="analyzer", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"analyzer {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        module = importlib.import_module(f"analyzer.commands.{name}")
        module.add_parser(sub, name, help_text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not args.command:
        parser.print_help()
        return 2
    module = importlib.import_module(f"analyzer.commands.{args.command}")
    try:
        return int(module.run(args))
    except AnalyzerError as exc:
        if args.debug:
            raise
        print(f"error [{exc.code}]: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        if type(exc).__name__ == "RunTerminated":  # SIGTERM during a portfolio run
            print("terminated (SIGTERM); the run is marked interrupted", file=sys.stderr)
            return 143
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
