"""Portfolio runs over CUAD txt: 2 workers vs 1, re-run on an unchanged portfolio, peak memory.

Targets (issue #6): two workers >= 1.7x faster than one; a re-run < 5% of the first run; peak RSS
of any process < 500 MB and not growing with the number of contracts.
Usage: python benchmarks/bench_portfolio.py [--limit N]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _common import cuad_txt_files, peak_rss_mb, report, timed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    files = cuad_txt_files(args.limit)

    from analyzer.portfolio import analyze_portfolio

    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)

        def run(workers: int, name: str, use_cache: bool = False) -> object:
            return analyze_portfolio(
                files,
                out=t / f"out-{name}",
                workers=workers,
                store=t / f"{name}.sqlite",
                use_cache=use_cache,
                progress=False,
            )

        t1, _ = timed(lambda: run(1, "one"))
        t2, _ = timed(lambda: run(2, "two"))
        report("portfolio: 1 worker / 2 workers", t1, t2, ">= 1.7", unit="s")
        t_again, _ = timed(lambda: run(2, "two", use_cache=True))
        report("portfolio: unchanged re-run / first run", t_again, t2, "< 0.05", unit="s")
    print(f"peak RSS: parent {peak_rss_mb():.0f} MB, largest worker {peak_rss_mb(True):.0f} MB")


if __name__ == "__main__":
    main()
