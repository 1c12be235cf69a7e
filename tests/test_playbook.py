"""Playbooks (issue #17): format, validation, statuses and evidence, the built-in regulation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analyzer.cli import main
from analyzer.engine import analyze
from analyzer.playbook import (
    STATUSES,
    PlaybookError,
    builtin_playbook,
    evaluate,
    example_playbooks,
    load_playbook,
    playbook_fingerprint,
)
from analyzer.readers import read_contract

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_contracts"
NORTHBANK = SAMPLES / "en" / "northbank_contact_centre_services.docx"
BPO_ZH = SAMPLES / "zh" / "bpo_call_centre_no_ip.txt"


def _results(path: Path, book_path: Path | None = None) -> dict[str, str]:
    document = read_contract(path)
    report = analyze(document)
    book = builtin_playbook() if book_path is None else load_playbook(book_path)
    rows = evaluate(book, report, document)
    for r in rows:
        assert r.status in STATUSES
        for e in r.evidence:  # every quote is an exact slice of the document text
            assert document.text[e.start : e.end] == e.quote
    return {r.requirement: r.status for r in rows}


def test_builtin_playbook_mirrors_the_findings() -> None:
    document = read_contract(BPO_ZH)
    report = analyze(document)
    rows = {r.requirement: r for r in evaluate(builtin_playbook(), report, document)}
    assert len(rows) == 17
    mapping = {"met": "match", "not_applicable": "match", "missing": "missing", "flag": "deviation"}
    for f in report.findings:
        if f.status in mapping:
            assert rows[f.requirement].status == mapping[f.status], f.requirement
    assert rows["art11.ip_ownership"].status == "missing"


def test_example_playbooks_have_enough_requirements() -> None:
    books = [load_playbook(p) for p in example_playbooks()]
    assert {b.name for b in books} == {"prc_provider", "foreign_client"}
    for book in books:
        assert len(book.requirements) >= 6
        tags = {t for r in book.requirements for rule in r.rules for t in _tags(rule.when)}
        assert {"liability.cap"} <= tags
        assert tags & {"data.localisation", "data.cross_border"}
        for req in book.requirements:
            assert req.clause.get("en") and req.clause.get("zh"), req.id
            assert req.title.get("en") and req.title.get("zh"), req.id


def _tags(cond) -> set[str]:  # type: ignore[no-untyped-def]
    return set(cond.tags).union(*(_tags(p) for p in cond.parts)) if cond.parts else set(cond.tags)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            BPO_ZH,
            {
                "pv.governing_law_prc": "match",
                "pv.arbitration_in_china": "deviation",  # courts
                "pv.liability_cap": "missing",
                "pv.audit_frequency": "deviation",  # 随时检查
                "pv.background_ip": "match",
            },
        ),
        (
            NORTHBANK,
            {
                "pv.governing_law_prc": "match",
                "pv.arbitration_in_china": "match",  # CIETAC
                "pv.liability_cap": "match",
                "pv.background_ip": "unclear",
            },
        ),
    ],
)
def test_provider_playbook_statuses(path: Path, expected: dict[str, str]) -> None:
    book = next(p for p in example_playbooks() if p.name.startswith("prc_provider"))
    got = _results(path, book)
    assert {k: got[k] for k in expected} == expected


def test_client_playbook_deviation_on_courts() -> None:
    book = next(p for p in example_playbooks() if p.name.startswith("foreign_client"))
    got = _results(BPO_ZH, book)
    assert got["cl.arbitration_institution"] == "deviation"
    assert got["cl.ip_vests_in_client"] == "missing"
    assert got["cl.data_location"] == "missing"


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "team.yaml"
    p.write_text(
        "playbook: team\ntitle: {en: Team, zh: 团队}\nrequirements:\n" + body, encoding="utf-8"
    )
    return p


REQ = """  - id: team.x
    title: {en: X, zh: X}
    severity: high
    rules:
      - when: %s
        status: match
"""


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("{finding: art9.pen_tests}", "no check evaluates finding 'art9.pen_tests'"),
        ("{tags: [escrow.source_code]}", "no pattern in clause_patterns/ emits the tag"),
        ("{tags: [liability.cap], value: [unlimited]}", "the value(s) ['unlimited']"),
        ("{finding: art11.ip_ownership, value: [licensee]}", "never has the value(s)"),
        ("{finding: art7.training, value: [present]}", "carries no value"),
        ("{finding: art7.training, status: [ok]}", "do not exist"),
    ],
)
def test_unevaluable_requirement_is_an_error_naming_it_and_the_file(
    tmp_path: Path, when: str, message: str
) -> None:
    path = _write(tmp_path, REQ % when)
    with pytest.raises(PlaybookError) as err:
        load_playbook(path)
    assert "'team.x'" in str(err.value) and str(path) in str(err.value)
    assert message in str(err.value)


def test_schema_error_names_the_requirement(tmp_path: Path) -> None:
    path = _write(tmp_path, "  - id: team.y\n    title: {en: Y, zh: Y}\n    severity: urgent\n")
    with pytest.raises(PlaybookError, match="team.y"):
        load_playbook(path)


def test_requirement_in_articles_yaml_without_a_check_is_an_error(tmp_path: Path) -> None:
    from analyzer.patterns import load_patterns

    copy = tmp_path / "clause_patterns"
    shutil.copytree(ROOT / "clause_patterns", copy)
    rules = copy / "rules" / "articles.yaml"
    text = rules.read_text(encoding="utf-8").replace(
        "\n# Arbitral institutions",
        "\n  - id: art9.penetration_tests\n    article: 9\n    severity: low\n"
        "    title: {en: Pen tests, zh: 渗透测试}\n"
        "    recommendation: {en: Test., zh: 测试。}\n\n# Arbitral institutions",
    )
    rules.write_text(text, encoding="utf-8")
    with pytest.raises(PlaybookError, match="art9.penetration_tests"):
        builtin_playbook(load_patterns(copy))


def test_fingerprint_follows_content(tmp_path: Path) -> None:
    a = _write(tmp_path, REQ % "{tags: [liability.cap]}")
    fp1 = playbook_fingerprint([load_playbook(a)])
    a.write_text(a.read_text(encoding="utf-8").replace("severity: high", "severity: low"))
    assert playbook_fingerprint([load_playbook(a)]) != fp1


def test_screen_shows_playbook_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    books = [str(p) for p in example_playbooks()]
    args = ["screen", str(BPO_ZH)]
    for b in books:
        args += ["--playbook", b]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "playbook prc_provider:" in out and "playbook foreign_client:" in out
    assert "pv.arbitration_in_china" in out and "deviation" in out
    assert main([*args, "--format", "json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert {r["status"] for r in data["playbooks"]["prc_provider"]} <= set(STATUSES)


def test_screen_bad_playbook_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, REQ % "{tags: [escrow.source_code]}")
    assert main(["screen", str(BPO_ZH), "--playbook", str(path)]) == 1
    err = capsys.readouterr().err
    assert "E720" in err and "team.x" in err and str(path) in err
