"""Run every benchmark in turn (``make bench``); each prints its figures, baselines and ratios."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "bench_text.py",
    "bench_end_to_end.py",
    "bench_portfolio.py",
    "bench_screen.py",
    "pdf_speed.py",
    "pdf_fidelity.py",
]


def main() -> int:
    failed = 0
    for name in SCRIPTS:
        script = HERE / name
        if not script.exists():
            continue
        print(f"\n== {name}", flush=True)
        failed += subprocess.run([sys.executable, str(script)], cwd=HERE).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
