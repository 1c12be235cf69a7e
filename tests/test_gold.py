"""Regression floors on the real gold labels and on CUAD's own IP annotations (slow, real corpus).

Floors sit a little under the figures reached when they were set (dev gold: mean 0.948, lowest
label 0.857, missing-IP recall 1.00; CUAD IP-ownership share 0.862 = 119/138, with 15.5% of
CUAD's IP-"No" contracts also showing an allocation), so a regression fails CI.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analyzer.evaluate import evaluate

# (the four contracts of these sets that ../shared/corpus/RESERVED.md now reserves were dropped:
# 13 and 9 remain)
# tests/gold/review_blind_2026-11.jsonl: 16 CUAD contracts outside the dev gold, labelled blind by
# a reviewer before the session-3 fixes (0.819 before them, 0.931 after; lowest label 0.875)
REVIEW_MEAN_FLOOR = 0.90
# tests/gold/review_blind2_2026-11.jsonl: 10 more, labelled blind after those fixes (0.811 when
# first measured, as before the first fixes; 0.844 after three fixes from its own review)
REVIEW2_MEAN_FLOOR = 0.82
DEV_MEAN_FLOOR = 0.92
DEV_MIN_LABEL_FLOOR = 0.80
IP_MISSING_RECALL_FLOOR = 0.90
# 0.812 = 112/138 since issue #12d: four contracts the annotated corpus labels 'none' (assignments
# and descriptions of EXISTING patents and marks: GSI, Garrett, NMF, Zebra) are no longer counted
CUAD_IP_SHARE_FLOOR = 0.80


@pytest.mark.slow
def test_gold_dev_accuracy(corpus_dir: Path) -> None:
    gold = [corpus_dir / "gold" / "cuad_dev.jsonl", corpus_dir / "gold" / "extra_dev.jsonl"]
    result = evaluate(gold, corpus_dir)
    assert not result.missing_docs, result.missing_docs
    assert not result.errors, result.errors
    assert result.documents >= 28
    assert result.mean_accuracy >= DEV_MEAN_FLOOR, result.table()
    assert result.min_accuracy >= DEV_MIN_LABEL_FLOOR, result.table()
    assert result.ip_missing_recall is not None
    assert result.ip_missing_recall >= IP_MISSING_RECALL_FLOOR, result.table()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "documents", "floor"),
    [
        ("review_blind_2026-11.jsonl", 13, REVIEW_MEAN_FLOOR),
        ("review_blind2_2026-11.jsonl", 9, REVIEW2_MEAN_FLOOR),
    ],
)
def test_gold_blind_review_sets(corpus_dir: Path, name: str, documents: int, floor: float) -> None:
    """Labels set blind before the analyzer was tuned on them: floors under what the fixes they
    led to reached."""
    result = evaluate([Path(__file__).parent / "gold" / name], corpus_dir)
    assert not result.missing_docs, result.missing_docs
    assert not result.errors, result.errors
    assert result.documents == documents
    assert result.mean_accuracy >= floor, result.table()


def _cuad_ip_yes(corpus_dir: Path) -> list[str]:
    with (corpus_dir / "cuad" / "master_clauses.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return sorted(
        Path(r["Filename"]).stem
        for r in rows
        if r["Ip Ownership Assignment-Answer"] == "Yes" or r["Joint Ip Ownership-Answer"] == "Yes"
    )


@pytest.mark.slow
def test_gold_cuad_ip_ownership_share(corpus_dir: Path) -> None:
    """Among CUAD contracts annotated with IP assignment / joint ownership, the share where the
    analyzer finds an IP-ownership allocation. The misses are assignments of EXISTING marks,
    domains, patents, contracts, assets or tooling (or of rights a licensee acquires in the
    licensor's marks, or descriptions of who owns existing patents), which Article 11 (IP created
    in performing services) excludes."""
    from analyzer.engine import analyze

    txt = corpus_dir / "cuad" / "txt"
    stems = [s for s in _cuad_ip_yes(corpus_dir) if (txt / f"{s}.txt").is_file()]
    assert len(stems) >= 130
    found = sum(analyze(txt / f"{s}.txt").labels()["art11_ip_ownership"] != "none" for s in stems)
    assert found / len(stems) >= CUAD_IP_SHARE_FLOOR


# the frozen test split of the annotated corpus (annotations/split.json; 66 contracts never
# tuned on): rules alone 0.872, with the second reader 0.875 (ECE 0.032)
TEST_SPLIT_MEAN_FLOOR = 0.87
TEST_SPLIT_ECE_CEILING = 0.07


@pytest.mark.slow
def test_gold_frozen_test_split(corpus_dir: Path) -> None:
    """Report-only split: floors under the first measurement, so a regression fails CI."""
    from analyzer.gold import corpus_gold_files

    result = evaluate(corpus_gold_files(corpus_dir), corpus_dir, splits=["test"])
    assert not result.missing_docs and not result.errors
    assert result.documents == 66
    assert result.mean_accuracy >= TEST_SPLIT_MEAN_FLOOR, result.table()
    ece = result.expected_calibration_error()
    assert ece is not None and ece <= TEST_SPLIT_ECE_CEILING, result.table()
