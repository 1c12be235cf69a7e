"""Choose the contracts of the project's annotated corpus (issue #12), reproducibly.

Names files only; no contract text. Reads ../shared/corpus: RESERVED.md (never chosen), the shared
dev gold and tests/gold (already labelled), CUAD's master_clauses.csv (Article 11 annotations).

English: every non-reserved CUAD contract already in a review set, plus a seeded sample stratified by
contract type (from the file name) that takes half its contracts from those CUAD marks with "Ip
Ownership Assignment" or "Joint Ip Ownership" and half from the rest. Chinese: every non-reserved
model contract outside the dev gold. Output: one JSON line per contract (doc, path, stratum).

    python scripts/select_annotation_set.py --corpus ../shared/corpus --n-en 140 --seed 2026
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections import defaultdict
from pathlib import Path

TYPE_BUCKETS: tuple[tuple[str, str], ...] = (
    ("nda", r"non-?disclosure|confidentiality agreement"),
    ("employment", r"employment|consult|executive|severance"),
    ("guarantee", r"guarant|security agreement|pledge|loan|credit"),
    ("service", r"service|outsourc|maintenance|support|hosting|processing|management|operat"),
    ("development", r"develop|manufactur|supply|r&d|research"),
    ("licence", r"licen[cs]e|franchise|trademark|endorsement|sponsorship"),
    (
        "distribution",
        r"distribut|reseller|agency|marketing|promotion|co-branding|sales|joint venture|collaboration|alliance|affiliate",
    ),
)


def bucket(name: str) -> str:
    lower = name.lower()
    for label, pattern in TYPE_BUCKETS:
        if re.search(pattern, lower):
            return label
    return "other"


def reserved_names(corpus: Path) -> set[str]:
    names = set()
    for line in (corpus / "RESERVED.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("- "):
            names.add(line[2:].strip())
    return names


def gold_docs(paths: list[Path]) -> set[str]:
    out = set()
    for p in paths:
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.add(json.loads(line)["doc"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    ap.add_argument(
        "--review",
        type=Path,
        nargs="*",
        default=sorted(Path("tests/gold").glob("review_blind*.jsonl")),
    )
    ap.add_argument("--n-en", type=int, default=140)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    corpus: Path = args.corpus
    reserved = reserved_names(corpus)
    dev = gold_docs(sorted((corpus / "gold").glob("*.jsonl")))
    review = gold_docs(list(args.review))
    csv.field_size_limit(1 << 30)
    with (corpus / "cuad" / "master_clauses.csv").open(encoding="utf-8", newline="") as fh:
        ip_yes = {
            Path(r["Filename"]).stem
            for r in csv.DictReader(fh)
            if r["Ip Ownership Assignment-Answer"] == "Yes"
            or r["Joint Ip Ownership-Answer"] == "Yes"
        }
    rows: list[dict[str, str]] = []
    cuad = sorted(
        p
        for p in (corpus / "cuad" / "txt").glob("*.txt")
        if p.stem not in reserved and p.stem not in dev
    )
    for p in cuad:
        if p.stem in review:
            rows.append(
                {"doc": p.stem, "path": f"cuad/txt/{p.name}", "stratum": "review:" + bucket(p.stem)}
            )
    pool = [p for p in cuad if p.stem not in review]
    rng = random.Random(args.seed)
    strata: dict[tuple[bool, str], list[Path]] = defaultdict(list)
    for p in pool:
        strata[(p.stem in ip_yes, bucket(p.stem))].append(p)
    for group in strata.values():
        rng.shuffle(group)
    # half with CUAD IP annotations, half without; round-robin over contract types inside each half
    chosen: list[tuple[Path, str]] = []
    for ip_flag, quota in ((True, args.n_en // 2), (False, args.n_en - args.n_en // 2)):
        keys = sorted(k for k in strata if k[0] == ip_flag)
        taken = 0
        while taken < quota and any(strata[k] for k in keys):
            for k in keys:
                if strata[k] and taken < quota:
                    chosen.append((strata[k].pop(), ("ip:" if ip_flag else "") + k[1]))
                    taken += 1
    for p, stratum in sorted(chosen):
        rows.append({"doc": p.stem, "path": f"cuad/txt/{p.name}", "stratum": stratum})
    for p in sorted((corpus / "zh").glob("*.md")):
        if f"zh/{p.name}" in reserved or p.stem in dev:
            continue
        rows.append({"doc": p.stem, "path": f"zh/{p.name}", "stratum": "zh"})
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
