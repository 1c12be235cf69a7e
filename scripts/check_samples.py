"""Compare the analyzer with the expected labels of the sample contracts, and show the statuses.

Usage: ``.venv/bin/python scripts/check_samples.py [--statuses]``

For every record of ``sample_contracts/expected_labels.jsonl`` whose file is found under
``sample_contracts/``, prints each label where ``analyze(path).labels()`` differs from the
expected label, with the finding's explanation. ``--statuses`` also prints a matrix of finding
statuses (requirement x sample). Exit status 1 when any label differs. Development aid only:
``tests/test_samples.py`` is the check that counts.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_contracts"
EXPECTED = SAMPLES / "expected_labels.jsonl"
SUFFIXES = (".docx", ".pdf", ".txt", ".md")


def _find(doc: str) -> Path | None:
    for path in sorted(SAMPLES.rglob(f"{doc}.*")):
        if path.suffix in SUFFIXES:
            return path
    return None


def main(argv: Sequence[str] | None = None) -> int:
    from analyzer import analyze
    from analyzer.report import LABEL_REQUIREMENTS

    parser = argparse.ArgumentParser(description="analyzer vs expected labels on the samples")
    parser.add_argument("--statuses", action="store_true", help="print the status matrix")
    args = parser.parse_args(argv)

    records = [json.loads(line) for line in EXPECTED.read_text("utf-8").splitlines() if line]
    matrix: dict[str, dict[str, str]] = {}
    differences = 0
    for record in records:
        path = _find(record["doc"])
        if path is None:
            print(f"{record['doc']}: no sample file found")
            continue
        report = analyze(path)
        got = report.labels()
        for key, expected in record["labels"].items():
            if got.get(key) != expected:
                differences += 1
                finding = report.finding(LABEL_REQUIREMENTS[key][0])
                why = finding.explanation if finding else "no finding"
                print(f"{record['doc']}  {key}: analyzer {got.get(key)!r}, expected {expected!r}")
                print(f"    {why}")
        for finding in report.findings:
            status = (
                finding.status if finding.value is None else f"{finding.status}={finding.value}"
            )
            matrix.setdefault(finding.requirement, {})[record["doc"]] = status
    labels_total = sum(len(r["labels"]) for r in records)
    print(f"{labels_total - differences}/{labels_total} labels agree on {len(records)} samples")
    if args.statuses:
        docs = [r["doc"] for r in records]
        for i, doc in enumerate(docs):
            print(f"  [{i}] {doc}")
        print(f"{'requirement':34}" + "".join(f"{f'[{i}]':>16}" for i in range(len(docs))))
        for requirement, row in matrix.items():
            cells = "".join(f"{row.get(doc, '-')[:15]:>16}" for doc in docs)
            print(f"{requirement:34}{cells}")
    return 1 if differences else 0


if __name__ == "__main__":
    raise SystemExit(main())
