"""Agreement between two labellings of the same contracts: Cohen's kappa per label.

    python scripts/agreement.py FIRST.jsonl SECOND.jsonl [--json]

Both files in the LABELS.md format (``labels`` objects); contracts in both are compared. Prints
per label: n, observed agreement, Cohen's kappa, and the contracts where the two differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analyzer.gold import ALL_LABELS  # noqa: E402


def kappa(pairs: list[tuple[str, str]]) -> float | None:
    n = len(pairs)
    if not n:
        return None
    po = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def norm(v: object) -> str:
    return "none" if v in (None, "", "none") else str(v).strip()


def load(path: Path) -> dict[str, dict]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["doc"]] = rec
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("first", type=Path)
    ap.add_argument("second", type=Path)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    a, b = load(args.first), load(args.second)
    docs = sorted(set(a) & set(b))
    rows = []
    for label in (*ALL_LABELS, "outsourcing_like"):
        pairs, diff = [], []
        for d in docs:
            va = a[d].get(label) if label == "outsourcing_like" else a[d]["labels"].get(label)
            vb = b[d].get(label) if label == "outsourcing_like" else b[d]["labels"].get(label)
            if label == "art10_arbitration_institution":
                va, vb = (
                    ("named" if norm(va) != "none" else "none"),
                    ("named" if norm(vb) != "none" else "none"),
                )
            pairs.append((norm(va), norm(vb)))
            if norm(va) != norm(vb):
                diff.append(d)
        k = kappa(pairs)
        agree = sum(x == y for x, y in pairs) / len(pairs) if pairs else 0.0
        rows.append(
            {
                "label": label,
                "n": len(pairs),
                "agreement": round(agree, 3),
                "kappa": None if k is None else round(k, 3),
                "differ": diff,
            }
        )
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print(f"{len(docs)} contracts labelled by both")
    for r in rows:
        print(f"{r['label']:36} n={r['n']:>3} agreement={r['agreement']:.3f} kappa={r['kappa']}")


if __name__ == "__main__":
    main()
