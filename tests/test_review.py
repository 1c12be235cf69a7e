"""Reviewer decisions (issue #16): set / list / export, re-application after a re-run, "review
outdated" after a change to a contract's text, and the export → ``analyzer eval`` round trip.

Every test runs the real analysis of some of the repository's sample contracts in-process
(``analyze_portfolio(..., workers=1)``) into a results store of its own.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from builders import analysed_samples

from analyzer import review
from analyzer.cli import main
from analyzer.evaluate import compare, read_gold
from analyzer.portfolio import analyze_portfolio
from analyzer.report import LABEL_KEYS, LABEL_REQUIREMENTS
from analyzer.store import SCHEMA_VERSION, ResultStore, StoreError, open_store

SAMPLES = Path(__file__).resolve().parent.parent / "sample_contracts"
FILES = (
    "en/evergreen_payroll_services.txt",
    "en/coastal_logistics_it_support.txt",
    "en/northbank_contact_centre_services.docx",
    "zh/bpo_call_centre_no_ip.txt",
)
PAYROLL = "en/evergreen_payroll_services"
COASTAL = "en/coastal_logistics_it_support"
NORTHBANK = "en/northbank_contact_centre_services"
BPO = "zh/bpo_call_centre_no_ip"


def _run(folder: Path, out: Path, **kwargs: Any) -> Path:
    analyze_portfolio([folder], out=out, workers=1, progress=False, **kwargs)
    return out / "results.sqlite"


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(contracts folder, store) analysed once; tests copy the store to change it."""
    base = tmp_path_factory.mktemp("review")
    store = analysed_samples(base, FILES)
    return base / "contracts", store


@pytest.fixture()
def work(analysed: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the contracts and of their analysed store."""
    folder, store = analysed
    mine = tmp_path / "contracts"
    shutil.copytree(folder, mine)
    out = tmp_path / "out"
    shutil.copytree(store.parent, out)
    return mine, out / "results.sqlite"


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _machine(store: Path) -> dict[str, dict[str, Any]]:
    with open_store(store) as db:
        return {doc: labels for doc, _p, labels in db.labels()}


def _finals(store: Path) -> dict[str, review.FinalLabels]:
    return {f.doc: f for f in review.final_labels(store)}


# --------------------------------------------------------------------------- set / list / export


def test_set_list_export_from_the_command_line(
    work: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _folder, store = work
    machine = _machine(store)
    assert machine[NORTHBANK]["art11_ip_ownership"] == "client"
    s = str(store)
    code, out, err = _cli(
        capsys,
        "review", "--store", s, "set", "--doc", NORTHBANK, "--requirement", "art11.ip_ownership",
        "--status", "met", "--value", "provider", "--by", "A. Lawyer", "--note", "cl. 9.2 keeps it",
    )  # fmt: skip
    assert code == 0, err
    assert "overridden: met/provider (machine: met/client) by A. Lawyer" in out
    code, out, err = _cli(
        capsys,
        "review", "--store", s, "set", "--doc", NORTHBANK,
        "--requirement", "art5_security_measures", "--accept", "--by", "B. Counsel",
    )  # fmt: skip
    assert code == 0, err
    assert "accepted" in out

    code, out, _err = _cli(capsys, "review", "--store", s, "list")
    assert code == 0
    lines = out.splitlines()
    assert all(len(line) <= 120 for line in lines)
    assert lines[0].split() == [
        "doc", "requirement", "machine", "reviewed", "by", "when", "(UTC)", "outdated",
    ]  # fmt: skip
    rows = [line for line in lines[1:] if not line.startswith("  ")]
    assert len(rows) == 2
    ip = next(r for r in rows if "art11.ip_ownership" in r)
    assert "met/client" in ip and "met/provider" in ip and "A. Lawyer" in ip
    assert ip.rstrip().endswith("no")
    assert "  note: cl. 9.2 keeps it" in lines

    code, out, _err = _cli(capsys, "review", "--store", s, "list", "--doc", BPO)
    assert code == 0 and "no reviews yet" in out
    code, out, _err = _cli(capsys, "review", "--store", s, "list", "--format", "json")
    listed = [json.loads(x) for x in out.splitlines()]
    assert {(r["requirement"], r["reviewer"], r["outdated"]) for r in listed} == {
        ("art11.ip_ownership", "A. Lawyer", False),
        ("art5.security_measures", "B. Counsel", False),
    }
    assert all(r["reviewed_at"].endswith("+00:00") for r in listed)  # UTC, ISO 8601

    export = store.parent / "reviews.jsonl"
    code, _out, err = _cli(capsys, "review", "--store", s, "export", "--out", str(export))
    assert code == 0 and "4 contract(s)" in err
    records = {r["doc"]: r for r in map(json.loads, export.read_text("utf-8").splitlines())}
    assert set(records) == set(machine)
    nb = records[NORTHBANK]
    assert set(nb["labels"]) == set(LABEL_KEYS)
    assert nb["labels"]["art11_ip_ownership"] == "provider"
    assert nb["reviewed"] == ["art5_security_measures", "art11_ip_ownership"]
    assert nb["machine"] == {"art11_ip_ownership": "client"}
    assert nb["file"] == "en/northbank_contact_centre_services.docx"
    assert {"outsourcing_like", "provider", "client", "evidence", "notes"} <= set(nb)
    assert "cl. 9.2 keeps it" in nb["notes"]
    assert nb["decisions"]["art11.ip_ownership"]["by"] == "A. Lawyer"
    for doc in (PAYROLL, COASTAL, BPO):  # no decision: the machine's labels, nothing else
        assert records[doc]["labels"] == machine[doc]
        assert records[doc]["reviewed"] == [] and records[doc]["machine"] == {}

    code, out, _err = _cli(capsys, "review", "--store", s, "export", "--reviewed-only")
    only = [json.loads(x) for x in out.splitlines()]
    assert [r["doc"] for r in only] == [NORTHBANK]
    assert set(only[0]["labels"]) == {"art5_security_measures", "art11_ip_ownership"}


def test_python_api_accept_override_and_history(work: tuple[Path, Path]) -> None:
    _folder, store = work
    with ResultStore(store) as db:
        d = db.review(PAYROLL, "art4_provider_nondisclosure", accept=True, by="A. Lawyer")
        assert d.accepted and d.requirement == "art4.provider_nondisclosure"
        assert (d.status, d.value) == (d.machine_status, d.machine_value) == ("met", None)
        first = db.review(
            PAYROLL, "art11.ip_ownership", status="met", value="client", by="A. Lawyer"
        )
        assert not first.accepted and first.machine_value == "none"
        # a second decision on the same finding counts; the first stays as history
        second = db.review(
            PAYROLL, "art11.ip_ownership", status="met", value="joint", by="B. Counsel", note="2"
        )
        rows = db.reviews(PAYROLL)
    assert [(r.requirement, r.value, r.reviewer) for r in rows] == [
        ("art11.ip_ownership", "joint", "B. Counsel"),
        ("art4.provider_nondisclosure", None, "A. Lawyer"),
    ]
    assert second.reviewed_at >= first.reviewed_at
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 3
    final = _finals(store)[PAYROLL]
    assert final.labels["art11_ip_ownership"] == "joint"
    assert final.machine == {"art11_ip_ownership": "none"}
    assert final.reviewed == ["art4_provider_nondisclosure", "art11_ip_ownership"]
    # a read-only store records nothing
    with open_store(store) as ro, pytest.raises(StoreError, match="read-only"):
        review.set_review(ro, PAYROLL, "art9.audit", accept=True, by="X")


def test_accepting_every_labelled_finding_changes_no_label(work: tuple[Path, Path]) -> None:
    """Labels derived from reviewed statuses/values follow analyzer.report exactly: accepting
    every labelled finding of every contract leaves every final label the machine's."""
    _folder, store = work
    machine = _machine(store)
    for doc in machine:
        for _key, (req, _kind) in LABEL_REQUIREMENTS.items():
            review.set_review(store, doc, req, accept=True, by="A. Lawyer")
    finals = _finals(store)
    for doc, labels in machine.items():
        assert finals[doc].labels == labels
        assert finals[doc].machine == {}
        assert finals[doc].reviewed == list(LABEL_KEYS)


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--doc", "en/nope", "--requirement", "art9.audit", "--accept"], "E741", "no contract"),
        (["--doc", "en/evergreen_payroll", "--requirement", "art9.audit", "--accept"], "E741",
         "did you mean 'en/evergreen_payroll_services'"),
        ([ "--doc", PAYROLL, "--requirement", "art99.x", "--accept"], "E742", "no finding"),
        (["--doc", PAYROLL, "--requirement", "art9.audit", "--status", "good"], "E743",
         "not a status"),
        (["--doc", PAYROLL, "--requirement", "art11.ip_ownership", "--status", "met", "--value",
          "nobody"], "E744", "not a value of art11.ip_ownership"),
        (["--doc", PAYROLL, "--requirement", "art10.dispute_forum", "--status", "met", "--value",
          "courts of law"], "E744", "not a value"),
        (["--doc", PAYROLL, "--requirement", "art9.audit", "--status", "met", "--value", "x"],
         "E744", "takes no value"),
        (["--doc", PAYROLL, "--requirement", "art11.ip_ownership", "--status", "met"], "E744",
         "contradicts"),  # the machine's value is "none"
        (["--doc", PAYROLL, "--requirement", "art11.ip_ownership", "--status", "missing",
          "--value", "client"], "E744", "contradicts"),
    ],
)  # fmt: skip
def test_coded_errors_without_traceback(
    work: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: str,
    message: str,
) -> None:
    _folder, store = work
    rc, out, err = _cli(capsys, "review", "--store", str(store), "set", "--by", "X", *argv)
    assert rc == 1
    assert err.startswith(f"error [{code}]: ") and message in err
    assert "Traceback" not in err + out
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0


def test_missing_store_and_reviewer_name_are_coded_errors(
    tmp_path: Path, work: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rc, _out, err = _cli(capsys, "review", "--store", str(tmp_path / "none.sqlite"), "list")
    assert rc == 1 and err.startswith("error [E610]") and "analyzer portfolio" in err
    assert not (tmp_path / "none.sqlite").exists()
    _folder, store = work
    with pytest.raises(review.ReviewError, match="reviewer's name"):
        review.set_review(store, PAYROLL, "art9.audit", accept=True, by="  ")


# --------------------------------------------------------------------------- re-runs


def test_reviews_are_reapplied_after_a_rerun(work: tuple[Path, Path]) -> None:
    folder, store = work
    review.set_review(store, PAYROLL, "art5.security_measures", status="met", by="A. Lawyer")
    review.set_review(
        store, NORTHBANK, "art11_ip_ownership", status="met", value="provider", by="A. Lawyer"
    )
    expected = {d: f.labels for d, f in _finals(store).items()}
    assert expected[PAYROLL]["art5_security_measures"] is True
    # a cached re-run, then a full re-analysis: the same bytes, the same decisions
    _run(folder, store.parent)
    _run(folder, store.parent, use_cache=False)
    with open_store(store) as db:
        assert len(db.runs()) == 3
    finals = _finals(store)
    assert {d: f.labels for d, f in finals.items()} == expected
    assert finals[PAYROLL].reviewed == ["art5_security_measures"]
    assert not any(r.outdated for r in review.list_reviews(store))
    # a moved (renamed) file keeps its decisions: they follow the text, not the name
    (folder / "renamed").mkdir()
    shutil.move(folder / "en/northbank_contact_centre_services.docx", folder / "renamed/nb.docx")
    _run(folder, store.parent)
    finals = _finals(store)
    assert NORTHBANK not in finals
    assert finals["renamed/nb"].labels["art11_ip_ownership"] == "provider"
    assert finals["renamed/nb"].reviewed == ["art11_ip_ownership"]
    # an earlier run still shows what was decided, against that run's findings
    assert [r.doc for r in review.list_reviews(store, run_id=1)] == [PAYROLL, NORTHBANK]


def test_review_outdated_after_the_text_changes(
    work: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, store = work
    review.set_review(
        store, COASTAL, "art10.dispute_forum", status="met", value="courts", by="A. Lawyer",
        note="venue clause in schedule 2",
    )  # fmt: skip
    audit = review.set_review(store, COASTAL, "art9.audit", accept=True, by="A. Lawyer")
    old_sha = _finals(store)[COASTAL].sha256
    assert _finals(store)[COASTAL].labels["art10_dispute_forum"] == "courts"
    path = folder / "en/coastal_logistics_it_support.txt"
    path.write_text(
        path.read_text("utf-8") + "\n\nSchedule 3. Service levels are agreed.\n", "utf-8"
    )
    _run(folder, store.parent)

    final = _finals(store)[COASTAL]
    assert final.sha256 != old_sha
    assert final.labels == _machine(store)[COASTAL]  # not applied
    assert final.reviewed == [] and final.outdated == ["art10_dispute_forum"]
    rows = review.list_reviews(store, COASTAL)
    assert {(r.requirement, r.outdated) for r in rows} == {
        ("art10.dispute_forum", True),
        ("art9.audit", True),
    }
    code, out, _err = _cli(capsys, "review", "--store", str(store), "list", "--doc", COASTAL)
    assert code == 0
    assert all(line.rstrip().endswith("yes") for line in out.splitlines()[1:] if line[:2] != "  ")
    code, out, _err = _cli(capsys, "review", "--store", str(store), "export")
    record = next(r for r in map(json.loads, out.splitlines()) if r["doc"] == COASTAL)
    assert record["review_outdated"] == ["art10_dispute_forum"] and record["reviewed"] == []
    # the old decision is kept (a lawyer reads it), and a decision on the new text replaces it
    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT sha256 FROM reviews").fetchall() == [(old_sha,)] * 2
    review.set_review(store, COASTAL, "art10.dispute_forum", status="missing", by="A. Lawyer")
    rows = review.list_reviews(store, COASTAL)
    assert {(r.requirement, r.status, r.outdated) for r in rows} == {
        ("art10.dispute_forum", "missing", False),
        ("art9.audit", audit.status, True),
    }
    # the earlier run still shows the decision as current, with the finding it was made on
    assert not any(r.outdated for r in review.list_reviews(store, COASTAL, run_id=1))


# --------------------------------------------------------------------------- round trip


def test_export_evaluated_gives_exactly_the_reviewed_disagreements(
    work: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Export → ``analyzer eval EXPORT --corpus FOLDER``: the tool, analysing the same contracts
    again, disagrees with the export exactly where a reviewer's decision changed a label."""
    folder, store = work
    set_ = review.set_review
    set_(store, PAYROLL, "art5.security_measures", status="partial", by="A")  # false -> true
    set_(store, PAYROLL, "art11.ip_ownership", status="met", value="client", by="A")  # none ->
    set_(store, PAYROLL, "art10.arbitration_institution", status="met", value="AAA", by="A")
    set_(store, PAYROLL, "art4.provider_nondisclosure", accept=True, by="A")  # same
    set_(store, NORTHBANK, "art11.ip_ownership", status="met", value="split", by="B")
    set_(store, BPO, "art6.personnel_noncompete", status="not_applicable", by="B")  # still false
    set_(store, BPO, "art7.training", status="missing", by="B")  # no label
    machine = _machine(store)
    expected = {
        (PAYROLL, "art5_security_measures", True, False),
        (PAYROLL, "art11_ip_ownership", "client", "none"),
        (PAYROLL, "art10_arbitration_institution", "AAA", None),
        (NORTHBANK, "art11_ip_ownership", "split", machine[NORTHBANK]["art11_ip_ownership"]),
    }
    export = store.parent / "gold_from_reviews.jsonl"
    assert _cli(capsys, "review", "--store", str(store), "export", "--out", str(export))[0] == 0

    # against the store's own machine labels (no analysis)
    records = read_gold(export, folder)
    result = compare((r.doc, r.labels, machine[r.doc]) for r in records)
    assert {(m.doc, m.label, m.gold, m.predicted) for m in result.mismatches} == expected
    bpo = next(
        r for r in map(json.loads, export.read_text("utf-8").splitlines()) if r["doc"] == BPO
    )
    assert bpo["reviewed"] == ["art6_personnel_noncompete"] and bpo["machine"] == {}
    assert set(bpo["decisions"]) == {"art6.personnel_noncompete", "art7.training"}

    # the evaluation command analyses the contracts anew and finds the same disagreements
    code, out, err = _cli(capsys, "eval", str(export), "--corpus", str(folder), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["documents"] == len(machine) and not data["missing_docs"] and not data["errors"]
    got = {(m["doc"], m["label"], m["gold"], m["predicted"]) for m in data["mismatches"]}
    assert got == expected


def test_schema_carries_reviews(tmp_path: Path) -> None:
    """The reviews table is part of the schema (since version 4; 5 adds the obligations'
    beneficiary); a store of schema 3 is refused with the store's usual sentence (its files are
    analysed anew into a new store)."""
    assert SCHEMA_VERSION == "5"
    path = tmp_path / "results.sqlite"
    with ResultStore(path) as db:
        tables = {n for (n,) in db.conn.execute("SELECT name FROM sqlite_master")}
        assert "reviews" in tables
        db.conn.execute("UPDATE meta SET value='3' WHERE key='schema'")
        db.conn.commit()
    with pytest.raises(StoreError, match="store schema 3, this version reads 5"):
        ResultStore(path)


def test_review_cells_for_finding_rows(work: tuple[Path, Path]) -> None:
    """What findings.csv and the workbook will append to each finding row."""
    folder, store = work
    review.set_review(store, NORTHBANK, "art11.ip_ownership", status="flag", value="split", by="A")
    review.set_review(store, COASTAL, "art9.audit", status="met", by="B", note="sched. 4")
    path = folder / "en/coastal_logistics_it_support.txt"
    path.write_text(path.read_text("utf-8") + "\nAnnex.\n", "utf-8")
    _run(folder, store.parent)
    by_doc = review.decisions(store)
    with open_store(store) as db:
        rows = db.findings()
    cells = {
        (r.doc, r.requirement): review.review_cells(r.doc, r.requirement, r.status, r.value, by_doc)
        for r in rows.itertuples()
    }
    assert all(len(c) == len(review.REVIEW_COLUMNS) for c in cells.values())
    assert cells[(NORTHBANK, "art11.ip_ownership")][:3] == ("flag", "split", "A")
    audit = cells[(COASTAL, "art9.audit")]
    assert audit[2] == "machine" and audit[4] == "sched. 4" and audit[5] is True
    plain = cells[(PAYROLL, "art9.audit")]
    assert plain[2:] == ("machine", None, None, False)


def test_apply_decisions_to_a_report(work: tuple[Path, Path]) -> None:
    """A report with the decisions applied (for annotated copies and the notebook panel): its
    labels are the final labels, and each reviewed finding says who decided."""
    _folder, store = work
    review.set_review(
        store, NORTHBANK, "art11.ip_ownership", status="met", value="joint", by="A", note="cl 9"
    )
    with open_store(store) as db:
        report = db.report(NORTHBANK)
    reviewed = review.apply_decisions(report, review.decisions(store)[NORTHBANK])
    assert reviewed.labels() == _finals(store)[NORTHBANK].labels
    f = reviewed.finding("art11.ip_ownership")
    assert f is not None and f.value == "joint" and f.review is None
    assert "[Reviewed by A on " in f.explanation and "cl 9]" in f.explanation
    assert report.finding("art11.ip_ownership").value == "client"  # type: ignore[union-attr]


def test_labels_jsonl_shows_the_final_labels_and_who_decided(tmp_path: Path) -> None:
    """After a reviewer overrides a label, the next portfolio run's labels.jsonl shows the
    reviewed value, the machine's value beside it, and which labels a reviewer decided."""
    import json
    import shutil

    from analyzer.portfolio import analyze_portfolio
    from analyzer.review import set_review

    src = Path(__file__).resolve().parent.parent / "sample_contracts" / "en"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(src / "northbank_contact_centre_services.docx", folder)
    out = tmp_path / "out"
    analyze_portfolio([folder], out=out, workers=1)
    (line,) = [
        json.loads(x) for x in (out / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    doc = line["doc"]
    machine = line["labels"]["art11_ip_ownership"]
    assert machine == "client" and "reviewed" not in line
    set_review(
        out / "results.sqlite",
        doc,
        "art11.ip_ownership",
        status="met",
        value="split",
        by="A. Lawyer",
        note="cl. 8.4 keeps tools",
    )
    analyze_portfolio([folder], out=out, workers=1)
    (line,) = [
        json.loads(x) for x in (out / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert line["labels"]["art11_ip_ownership"] == "split"
    assert line["machine"] == {"art11_ip_ownership": "client"}
    assert line["reviewed"] == ["art11_ip_ownership"]


def test_annotated_copies_show_the_reviewers_decision(work: tuple[Path, Path]) -> None:
    """After a decision, the re-run's annotated copies (Word comments for a DOCX, the HTML report
    for a text file) are made again with the decision applied."""
    import zipfile

    folder, store = work
    review.set_review(
        store, NORTHBANK, "art11_ip_ownership", status="met", value="provider", by="A. Lawyer"
    )
    review.set_review(store, PAYROLL, "art5.security_measures", status="met", by="B. Counsel")
    _run(folder, store.parent)
    annotated = store.parent / "annotated"
    docx_copy = annotated / "en" / "northbank_contact_centre_services.annotated.docx"
    with zipfile.ZipFile(docx_copy) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "Reviewed by A. Lawyer" in comments
    html_copy = annotated / "en" / "evergreen_payroll_services.html"
    assert "Reviewed by B. Counsel" in html_copy.read_text(encoding="utf-8")
    # a contract nobody reviewed keeps the copy made when it was analysed
    coastal = (annotated / "en" / "coastal_logistics_it_support.html").read_text(encoding="utf-8")
    assert "Reviewed by" not in coastal
