"""One contract: `analyzer screen` on a ~50-page contract, including start-up, vs Python start-up.

Target (issue #6): under 2 s wall time including start-up.
Usage: python benchmarks/bench_screen.py [FILE]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _common import CUAD_PDF, ROOT, report, require, timed


def pick_contract() -> Path:
    import pypdfium2 as pdfium

    best: tuple[int, Path] | None = None
    for pdf in sorted(require(CUAD_PDF).glob("*.pdf")):
        n = len(pdfium.PdfDocument(str(pdf)))
        if best is None or abs(n - 50) < abs(best[0] - 50):
            best = (n, pdf)
    assert best is not None
    print(f"contract: {best[1].name} ({best[0]} pages)")
    return best[1]


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else pick_contract()
    exe = ROOT / ".venv" / "bin" / "analyzer"
    cmd = [str(exe), "screen", str(path), "--format", "labels"]
    subprocess.run(cmd, check=True, capture_output=True)  # warm the OS file cache
    t_screen, _ = timed(lambda: subprocess.run(cmd, check=True, capture_output=True))
    t_py, _ = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))
    report("screen one contract / python start-up", t_screen, t_py, "screen < 2 s")
    print(f"screen wall time: {t_screen:.2f} s (target < 2 s)")


if __name__ == "__main__":
    main()
