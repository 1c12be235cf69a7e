"""Figures for the README, made from the frozen test split (needs ../shared/corpus).

python scripts/make_figures.py --corpus ../shared/corpus --out docs/img
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analyzer import charts  # noqa: E402
from analyzer.evaluate import evaluate  # noqa: E402
from analyzer.gold import corpus_gold_files  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--out", type=Path, default=Path("docs/img"))
    args = ap.parse_args()
    result = evaluate(corpus_gold_files(args.corpus), args.corpus, splits=["test"])
    args.out.mkdir(parents=True, exist_ok=True)
    ece = result.expected_calibration_error() or 0.0
    fig = charts.reliability_diagram(
        result.reliability(),
        title=f"Frozen test split: {result.documents} contracts, ECE {ece:.3f}",
    )
    fig.savefig(args.out / "reliability_test_split.png", dpi=110, bbox_inches="tight")
    print(args.out / "reliability_test_split.png")


if __name__ == "__main__":
    main()
