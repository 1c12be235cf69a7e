"""The project's annotated corpus (annotations/): its validator, its split and its contents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from analyzer.cli import main
from analyzer.gold import (
    ANNOTATIONS_DIR,
    check_gold,
    collapse,
    corpus_gold_files,
    find_document,
    load_corpus,
    load_split,
    locate,
    quote_digest,
    read_gold,
)

LABELS = ANNOTATIONS_DIR / "labels.jsonl"
BASE = {
    "art3_confidential_info_defined": True,
    "art4_provider_nondisclosure": False,
    "art5_security_measures": False,
    "art6_personnel_confidentiality": False,
    "art6_personnel_noncompete": False,
    "art6_third_party_confidentiality": False,
    "art10_dispute_forum": "none",
    "art10_arbitration_institution": None,
    "art11_ip_ownership": "none",
    "art12_client_ip_protection": False,
}
TEXT = (
    '1. Definitions.\n"Confidential   Information" means all\nnon-public information of the Client.\n'
    "2. The Supplier shall keep it secret.\n"
)


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "cuad" / "txt").mkdir(parents=True)
    (corpus / "cuad" / "txt" / "c1.txt").write_text(TEXT, encoding="utf-8")
    return corpus


def _record(evidence: object, **labels: object) -> str:
    return json.dumps(
        {
            "doc": "c1",
            "file": "cuad/txt/c1.txt",
            "outsourcing_like": True,
            "provider": "Supplier",
            "client": "Client",
            "labels": {**BASE, **labels},
            "evidence": evidence,
        }
    )


def test_locate_allows_any_white_space_and_digest_ignores_it() -> None:
    quote = '"Confidential Information" means all non-public information of the Client.'
    span = locate(TEXT, quote)
    assert span is not None
    assert collapse(TEXT[span[0] : span[1]]) == quote
    assert quote_digest(TEXT[span[0] : span[1]]) == quote_digest(quote)


def test_offset_quotes_resolve_and_check(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    s, e = locate(
        TEXT, '"Confidential Information" means all non-public information of the Client.'
    )  # type: ignore[misc]
    gold = tmp_path / "g.jsonl"
    gold.write_text(
        _record({"art3_confidential_info_defined": [[s, e, quote_digest(TEXT[s:e])]]}) + "\n",
        encoding="utf-8",
    )
    assert check_gold([gold], corpus) == []
    (rec,) = read_gold(gold, corpus)
    assert rec.evidence["art3_confidential_info_defined"] == (TEXT[s:e],)


@pytest.mark.parametrize(
    ("evidence", "labels", "problem"),
    [
        ({"art3_confidential_info_defined": [[0, 10, "000000000000"]]}, {}, "do not hold"),
        ({}, {}, "positive but has no evidence"),
        (
            {"art3_confidential_info_defined": ["The Client shall keep it secret."]},
            {},
            "not in the contract",
        ),
        (
            {"art3_confidential_info_defined": ["The Supplier shall keep it secret."]},
            {"art11_ip_ownership": "mine"},
            "not a LABELS.md value",
        ),
        (
            {"art3_confidential_info_defined": ["The Supplier shall keep it secret."]},
            {"art10_arbitration_institution": "AAA"},
            "no arbitration forum",
        ),
    ],
)
def test_check_gold_reports_each_problem(
    tmp_path: Path, evidence: object, labels: dict[str, object], problem: str
) -> None:
    corpus = _corpus(tmp_path)
    gold = tmp_path / "g.jsonl"
    gold.write_text(_record(evidence, **labels) + "\n", encoding="utf-8")
    problems = check_gold([gold], corpus)
    assert any(problem in p for p in problems), problems
    assert main(["eval", str(gold), "--corpus", str(corpus), "--check-gold"]) == 1


def test_split_is_frozen_disjoint_and_large_enough() -> None:
    split = json.loads((ANNOTATIONS_DIR / "split.json").read_text(encoding="utf-8"))
    sets = {k: set(split[k]) for k in ("train", "dev", "test")}
    assert len(sets["test"]) >= 60
    assert not (sets["train"] & sets["dev"]) and not (sets["train"] & sets["test"])
    assert not (sets["dev"] & sets["test"])
    assert len(load_split()) == sum(len(v) for v in sets.values())


def _reserved(corpus_dir: Path) -> set[str]:
    return {
        line[2:].strip().removeprefix("zh/").removeprefix("extra/").rsplit(".", 1)[0]
        if "/" in line
        else line[2:].strip()
        for line in (corpus_dir / "RESERVED.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("- ")
    }


def test_annotated_corpus_is_valid_and_covers_the_brief(corpus_dir: Path) -> None:
    """`analyzer eval --check-gold` on the whole annotated corpus: keys, values, quotes."""
    files = corpus_gold_files(corpus_dir)
    assert check_gold(files, corpus_dir) == []
    records = load_corpus(corpus_dir)
    split = load_split()
    docs = {r.doc for r in records}
    labelled = {
        json.loads(line)["doc"]
        for f in files
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert labelled <= set(split), sorted(labelled - set(split))[:5]
    assert docs == set(split) & labelled
    assert len(records) >= 200
    paths = [corpus_dir / r.file if r.file else find_document(corpus_dir, r.doc) for r in records]
    assert sum(1 for p in paths if p is not None and p.parent.name == "zh") >= 30
    assert not (docs & _reserved(corpus_dir))
    test = [r for r in records if split[r.doc] == "test"]
    assert len(test) >= 60
    # the test split holds only contracts labelled for the corpus, never tuned-on dev gold
    shared = {
        json.loads(line)["doc"]
        for f in files[:-1]
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    assert not ({r.doc for r in test} & shared)


def _records(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _carries_no_contract_text(rec: dict[str, Any], corpus_dir: Path) -> None:
    """Quotes are offsets; notes (and a form's template options) carry no run of 40+ characters
    of the contract."""
    text = collapse((corpus_dir / rec["file"]).read_text(encoding="utf-8"))
    notes = collapse(
        rec.get("notes", "") + " " + " ".join(map(str, rec.get("template_options", {}).values()))
    )
    for i in range(0, max(0, len(notes) - 40), 10):
        assert notes[i : i + 40] not in text, (rec["doc"], notes[i : i + 40])
    for items in rec["evidence"].values():
        assert all(isinstance(x, list) for x in items)


def test_no_contract_text_in_the_annotations(corpus_dir: Path) -> None:
    for rec in _records(LABELS):
        _carries_no_contract_text(rec, corpus_dir)


CALIBRATION = (ANNOTATIONS_DIR / "calibration.jsonl", ANNOTATIONS_DIR / "calibration_second.jsonl")
# the ninth fresh set (session 12): 15 larger CUAD contracts (8–90 kB) labelled by none before,
# scored (figures only, errors unread); outside every split until a later session reads it
# (docs/annotated_corpus.md). Session 11's set joined train in session 12.
FRESH_S12 = ANNOTATIONS_DIR / "fresh_s12.jsonl"
# the tenth (session 15): the 14 last unused CUAD contracts of 8–90 kB (one more is a part of a
# reserved contract), labelled blind, scored once with the session's first and last commits
FRESH_S15 = ANNOTATIONS_DIR / "fresh_s15.jsonl"
# the eleventh (session 16): six unused CUAD contracts under 8 kB and six of 80–145 kB, drawn at
# random (seed 20261216), labelled blind, scored once with the session's first and last commits
FRESH_S16 = ANNOTATIONS_DIR / "fresh_s16.jsonl"
# the twelfth (session 17): six more unused CUAD contracts under 8 kB and six of 80–145 kB, no
# part of an agreement already labelled (seed 20261222), labelled blind, scored once with the
# session's first and last commits
FRESH_S17 = ANNOTATIONS_DIR / "fresh_s17.jsonl"
# the thirteenth (session 20): the four unused CUAD contracts under 8 kB that are no joint filing
# and eight drawn from ten unused of 80–145 kB (seed 20261208), labelled blind, scored once with the
# session's first commit and again later
FRESH_S20 = ANNOTATIONS_DIR / "fresh_s20.jsonl"
FRESH_SETS = (FRESH_S12, FRESH_S15, FRESH_S16, FRESH_S17, FRESH_S20)


def test_calibration_set_is_valid_unseen_and_carries_no_contract_text(corpus_dir: Path) -> None:
    """The calibration set (session 6): contracts labelled blind that no rule work has read —
    outside every split, not reserved, quotes as offsets, notes without contract text; the
    second labelling covers contracts of the first."""
    for f in CALIBRATION:  # each on its own: the second labels contracts of the first
        assert check_gold([f], corpus_dir) == []
    first, second = (_records(f) for f in CALIBRATION)
    docs = {r["doc"] for r in first}
    assert len(docs) == len(first) >= 30
    assert {r["doc"] for r in second} <= docs
    assert not docs & set(load_split())
    assert not docs & _reserved(corpus_dir)
    for rec in (*first, *second):
        _carries_no_contract_text(rec, corpus_dir)


@pytest.mark.parametrize(
    "fresh", FRESH_SETS, ids=["session12", "session15", "session16", "session17", "session20"]
)
def test_fresh_sets_are_valid_and_unseen(corpus_dir: Path, fresh: Path) -> None:
    """The fresh sets of sessions 12, 15, 16, 17 and 20: valid, outside every split, the calibration set
    and each other, not reserved, no contract text."""
    assert check_gold([fresh], corpus_dir) == []
    recs = _records(fresh)
    docs = {r["doc"] for r in recs}
    assert len(docs) == len(recs) >= 12
    assert not docs & set(load_split())
    assert not docs & {r["doc"] for r in _records(CALIBRATION[0])}
    for other in FRESH_SETS:
        if other != fresh:
            assert not docs & {r["doc"] for r in _records(other)}
    assert not docs & _reserved(corpus_dir)
    for rec in recs:
        _carries_no_contract_text(rec, corpus_dir)


SECOND_S10 = ANNOTATIONS_DIR / "labels_second_s10.jsonl"
SECOND_S20 = ANNOTATIONS_DIR / "labels_second_s20.jsonl"


def _agreement(second_file: Path, first_file: Path, corpus_dir: Path) -> tuple[int, int, int]:
    """A second, blind labelling checked against the first: valid, no contract text; returns
    (contracts, decisions the same, decisions), the outsourcing-like call among the decisions."""
    assert check_gold([second_file], corpus_dir) == []
    second = {r["doc"]: r for r in _records(second_file)}
    first = {r["doc"]: r for r in _records(first_file) if r["doc"] in second}
    assert len(second) == len(first)
    same = total = 0
    for doc, rec in second.items():
        for key, value in rec["labels"].items():
            total += 1
            same += first[doc]["labels"][key] == value
        total += 1
        same += first[doc]["outsourcing_like"] == rec["outsourcing_like"]
        _carries_no_contract_text(rec, corpus_dir)
    return len(second), same, total


def test_second_labelling_of_session_20_is_valid_and_agrees(corpus_dir: Path) -> None:
    """Three of the thirteenth fresh set's contracts, labelled again blind: 29 of the 30 label
    decisions and all three outsourcing-like calls the same when measured
    (docs/annotated_corpus.md)."""
    contracts, same, total = _agreement(SECOND_S20, FRESH_S20, corpus_dir)
    assert contracts == 3
    assert same >= 0.9 * total


def test_second_labelling_of_session_10_is_valid_and_agrees(corpus_dir: Path) -> None:
    """Ten of the thirty contracts added to train in session 10, labelled again blind: valid, of
    contracts in labels.jsonl, no contract text; the two labellings agree on at least 90% of the
    decisions (110 of 110 when measured; docs/annotated_corpus.md)."""
    contracts, same, total = _agreement(SECOND_S10, LABELS, corpus_dir)
    assert contracts == 10
    assert same >= 0.9 * total
