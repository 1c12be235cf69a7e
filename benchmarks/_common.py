"""Shared helpers for the benchmarks: corpus paths, timing, peak memory, printing ratios.

Benchmarks print figures with their baseline and the ratio; they are not pass/fail tests
(machines are noisy). Run them all with ``make bench``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CUAD_TXT = CORPUS / "cuad" / "txt"
CUAD_PDF = CORPUS / "cuad" / "pdf"


def require(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"benchmark needs {path} (the shared corpus beside the project)")
    return path


def cuad_txt_files(limit: int | None = None) -> list[Path]:
    files = sorted(require(CUAD_TXT).glob("*.txt"))
    return files[:limit] if limit else files


@contextmanager
def timer() -> Iterator[dict[str, float]]:
    box: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        yield box
    finally:
        box["seconds"] = time.perf_counter() - t0


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident set size in MB (Linux reports ru_maxrss in KiB)."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024.0


def report(
    name: str, value: float, baseline: float, target: str, unit: str = "s"
) -> dict[str, Any]:
    ratio = value / baseline if baseline else float("inf")
    row = {
        "benchmark": name,
        "value": round(value, 3),
        "baseline": round(baseline, 3),
        "ratio": round(ratio, 3),
        "unit": unit,
        "target": target,
    }
    print(
        f"{name:<38} {value:9.2f}{unit}  baseline {baseline:9.2f}{unit}  "
        f"ratio {ratio:6.3f}  (target {target})"
    )
    return row


def dump(rows: list[dict[str, Any]], path: Path | None = None) -> None:
    if path:
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
