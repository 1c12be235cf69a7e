"""Split the annotated corpus by contract into train / dev / test (run once; the result is frozen).

test: 66 contracts drawn with a fixed seed from the contracts labelled for issue #12 that no
pattern was ever tuned on (54 English CUAD, 12 Chinese model forms), stratified by language.
dev: the shared dev gold and the earlier blind-review contracts (the patterns were tuned on them),
plus a seeded fifth of the rest. train: the rest.

    python scripts/make_split.py --selection SELECTION.jsonl --corpus ../shared/corpus
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SEED = 12


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--selection", type=Path, required=True, help="output of select_annotation_set.py"
    )
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--out", type=Path, default=Path("annotations/split.json"))
    args = ap.parse_args()
    rows = [
        json.loads(line)
        for line in args.selection.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    shared = sorted(
        json.loads(line)["doc"]
        for f in sorted((args.corpus / "gold").glob("*.jsonl"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    review = sorted(r["doc"] for r in rows if r["stratum"].startswith("review"))
    fresh_en = sorted(
        r["doc"] for r in rows if not r["stratum"].startswith("review") and r["stratum"] != "zh"
    )
    fresh_zh = sorted(r["doc"] for r in rows if r["stratum"] == "zh")
    rng = random.Random(SEED)
    test = sorted(rng.sample(fresh_en, 54) + rng.sample(fresh_zh, 12))
    rest = sorted(set(fresh_en + fresh_zh) - set(test))
    extra_dev = sorted(rng.sample(rest, len(rest) // 5))
    split = {
        "seed": SEED,
        "train": sorted(set(rest) - set(extra_dev)),
        "dev": sorted(shared + review + extra_dev),
        "test": test,
    }
    args.out.write_text(json.dumps(split, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print({k: len(v) for k, v in split.items() if k != "seed"})


if __name__ == "__main__":
    main()
