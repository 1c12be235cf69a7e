"""Annotators' obligations (OBLIGATIONS guide; one JSON line per obligation with a verbatim
quote) → annotations/obligations.jsonl, each quote stored as [start, end, digest] offsets into its
contract file under the corpus (no contract text in the repository).

    python scripts/import_obligations.py OBL1.jsonl [...] --corpus ../shared/corpus
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analyzer.gold import find_document, locate, quote_digest  # noqa: E402

FIELDS = ("bearer", "party", "role", "modality", "action", "deadline")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--out", type=Path, default=Path("annotations/obligations.jsonl"))
    args = ap.parse_args()
    rows, missed = [], 0
    texts: dict[str, tuple[str, str]] = {}
    for inp in args.inputs:
        for line in inp.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            raw = json.loads(line)
            doc = raw["doc"]
            if doc not in texts:
                path = find_document(args.corpus, doc)
                if path is None:
                    raise SystemExit(f"{doc}: not found")
                texts[doc] = (
                    path.relative_to(args.corpus).as_posix(),
                    path.read_text(encoding="utf-8"),
                )
            rel, text = texts[doc]
            span = locate(text, raw["quote"])
            if span is None:
                missed += 1
                continue
            row = {
                "doc": doc,
                "file": rel,
                "quote": [span[0], span[1], quote_digest(text[span[0] : span[1]])],
            }
            row.update({k: raw.get(k) for k in FIELDS})
            # the beneficiary, where the guide asked for it (an absent key: not annotated)
            row.update({k: raw[k] for k in ("beneficiary", "beneficiary_role") if k in raw})
            named = row.get("beneficiary")
            if named and " ".join(str(named).split()) not in " ".join(raw["quote"].split()):
                # the guide asks for the party as the quote writes it ("Developer and
                # Distributor" for "to Developer and … to Distributor" is not): no beneficiary
                print(f"{doc}: beneficiary {named!r} is not written in its quote; left out")
                row["beneficiary"] = row["beneficiary_role"] = None
            rows.append(row)
    rows.sort(key=lambda r: (r["doc"], r["quote"][0]))
    with args.out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(
        f"{len(rows)} obligations of {len(texts)} contracts -> {args.out}; {missed} quotes not located"
    )


if __name__ == "__main__":
    main()
