"""Turn labellers' JSONL (verbatim quotes, LABELS.md format) into annotations/labels.jsonl.

Each quote is located in its contract file under the corpus folder (white space may differ) and
stored as ``[start, end, digest]`` (see analyzer/gold.py): no contract text enters the
repository. Notes keep the labeller's reasoning; any run of 40 or more characters copied from the
contract is replaced by its offsets. Records whose quotes cannot all be located are reported and
kept with the quotes that could be.

    python scripts/import_labels.py OUT1.jsonl [...] --corpus ../shared/corpus \
        --labeller A --out annotations/labels.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analyzer.gold import ALL_LABELS, collapse, find_document, locate, quote_digest  # noqa: E402

_QUOTED = re.compile(r"[\"“'‘]([^\"”'’]{40,})[\"”'’]")


def scrub_notes(notes: str, text: str) -> str:
    """Quoted runs of 40+ characters found in the contract become '[quote at START-END]'."""

    def repl(m: re.Match[str]) -> str:
        span = locate(text, m.group(1))
        return f"[quote at {span[0]}-{span[1]}]" if span else m.group(0)

    notes = _QUOTED.sub(repl, notes)
    # unquoted copies: the longest common run with the contract, if long
    flat = collapse(text)
    sm = SequenceMatcher(None, notes, flat, autojunk=False)
    while True:
        m = sm.find_longest_match(0, len(notes), 0, len(flat))
        if m.size < 40:
            return notes
        piece = notes[m.a : m.a + m.size]
        span = locate(text, piece)
        tag = f"[quote at {span[0]}-{span[1]}]" if span else "[quote]"
        notes = notes[: m.a] + tag + notes[m.a + m.size :]
        sm = SequenceMatcher(None, notes, flat, autojunk=False)


def convert(raw: dict, corpus: Path, labeller: str) -> tuple[dict, list[str]]:
    doc = raw["doc"]
    path = find_document(corpus, doc)
    if path is None:
        raise SystemExit(f"{doc}: not found under {corpus}")
    rel = path.relative_to(corpus).as_posix()
    text = path.read_text(encoding="utf-8")
    problems: list[str] = []
    evidence: dict[str, list[list]] = {}
    for key, quotes in (raw.get("evidence") or {}).items():
        items = []
        for q in quotes:
            span = locate(text, q)
            if span is None:
                problems.append(f"{doc}: {key}: quote not found: {q[:60]!r}")
                continue
            s, e = span
            items.append([s, e, quote_digest(text[s:e])])
        if items:
            evidence[key] = items
    out = {
        "doc": doc,
        "file": rel,
        "labelled_by": labeller,
        "outsourcing_like": raw.get("outsourcing_like"),
        "provider": raw.get("provider"),
        "client": raw.get("client"),
        "labels": {k: raw["labels"].get(k) for k in ALL_LABELS},
        "evidence": evidence,
        "notes": scrub_notes(str(raw.get("notes") or ""), text),
    }
    if raw.get("template"):
        out["template"] = True
        out["template_options"] = {
            k: scrub_notes(str(v), text) for k, v in (raw.get("template_options") or {}).items()
        }
    return out, problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--labeller", default="A")
    ap.add_argument("--out", type=Path, default=Path("annotations/labels.jsonl"))
    args = ap.parse_args()
    records: dict[str, dict] = {}
    all_problems: list[str] = []
    for inp in args.inputs:
        for line in inp.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            raw = json.loads(line)
            rec, problems = convert(raw, args.corpus, args.labeller)
            records[rec["doc"]] = rec
            all_problems.extend(problems)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for doc in sorted(records):
            fh.write(json.dumps(records[doc], ensure_ascii=False) + "\n")
    for p in all_problems:
        print(p, file=sys.stderr)
    print(f"{len(records)} records -> {args.out}; {len(all_problems)} quotes not located")


if __name__ == "__main__":
    main()
