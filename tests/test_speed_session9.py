"""The fast paths of session 9 (issues #12, #13, #15) give exactly what the plain ones gave.

- the second reader's role tokens: the term pattern checks "no word character before" after the
  term's first character (so that ``re`` can skip ahead to the terms), against the pattern that
  opened with the look-behind;
- the stockholder-settlement count: case-sensitively on the lower-cased text, against the
  case-insensitive count on the text;
- Article 6's group definitions: remembered per text and term, against a fresh search.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builders import cuad_files
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer import engine, learned
from analyzer.checks import art6
from analyzer.roles import Roles


def _cuad_texts(corpus_dir: Path, step: int) -> list[str]:
    """Every ``step``-th CUAD text, the reserved ones left out."""
    return [p.read_text(encoding="utf-8") for p in cuad_files(corpus_dir, step)]


def _old_role_pattern(roles: Roles) -> re.Pattern[str] | None:
    """The role pattern as it was built before session 9."""
    table: dict[str, str] = {}
    for term, role in roles.terms:
        t = term.strip()
        if len(t) < 2 or t.lower() in ("party", "the parties", "parties"):
            continue
        table.setdefault(t, role)
    if not table:
        return None
    alternatives = sorted(table, key=len, reverse=True)
    body = "|".join(re.escape(a) for a in alternatives)
    if all(re.search(r"[\u4e00-\u9fff]", a) for a in alternatives):
        return re.compile(body)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])")


TERMS = ["Company", "Company Group", "Co", "(the Bank", "U.S. Bank", "U.S.", "_Agent", "Ω Ltd"]
PIECES = [*TERMS, " ", "x", "_", "'s ", ",", "(", "\n", "Comp", "any", "ωCo", "1Co", "Banker"]


@settings(max_examples=400, deadline=None)
@given(
    terms=st.lists(st.sampled_from(TERMS), min_size=1, max_size=5, unique=True),
    text=st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
)
def test_role_text_same_as_the_look_behind_first_pattern(terms: list[str], text: str) -> None:
    roles = Roles(terms=tuple((t, "provider") for t in terms), source="parties")
    pattern, table = learned._role_pattern(roles)
    old = _old_role_pattern(roles)
    assert pattern is not None and old is not None
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in old.finditer(text)]
    assert learned.role_text(text, pattern, table) == learned.role_text(text, old, table)


@pytest.mark.slow
def test_role_text_same_as_before_on_cuad(corpus_dir: Path) -> None:
    """The role tokens of every sentence of a tenth of CUAD, with each contract's own parties."""
    from analyzer.engine import analyze
    from analyzer.readers import read_contract

    files = cuad_files(corpus_dir, 10)
    compared = 0
    for path in files:
        captured: dict[str, object] = {}

        def record(document, findings, spans, roles, clause_index, captured=captured):  # type: ignore[no-untyped-def]
            captured.update(document=document, spans=spans, roles=roles)
            return findings

        analyze(read_contract(path), second_reader=record)
        roles = captured["roles"].get("en")  # type: ignore[attr-defined]
        if roles is None:
            continue
        pattern, table = learned._role_pattern(roles)
        old = _old_role_pattern(roles)
        if pattern is None:
            assert old is None
            continue
        text = captured["document"].text  # type: ignore[attr-defined]
        for s0, e0 in captured["spans"]["en"]:  # type: ignore[index]
            sentence = text[s0:e0][:2000]
            assert learned.role_text(sentence, pattern, table) == learned.role_text(
                sentence, old, table
            )
            compared += 1
    assert compared > 1000


def _old_stockholder_settlement(text: str) -> bool:
    governance = len(engine._GOVERNANCE_EN.findall(text))
    if governance * 10000 < engine._GOVERNANCE_DENSITY * max(len(text), 5000):
        return False
    return len(engine._PERFORMS_SERVICES_EN.findall(text)) <= engine._GOVERNANCE_MAX_SERVICES


def test_stockholder_settlement_counts_as_the_case_insensitive_regex(corpus_dir: Path) -> None:
    texts = _cuad_texts(corpus_dir, 7)
    compared = 0
    for text in texts:
        low = text.lower()
        if len(low) == len(text) and not any(c in text for c in engine._FOLDS_TO_ASCII):
            assert len(engine._GOVERNANCE_EN_LOW.findall(low)) == len(
                engine._GOVERNANCE_EN.findall(text)
            )
            compared += 1
        assert engine._stockholder_settlement(text) == _old_stockholder_settlement(text)
    assert compared > 50


def test_stockholder_settlement_decides_as_before() -> None:
    meeting = "The Board of Directors and the stockholders shall vote at the Annual Meeting. " * 40
    services = "Supplier shall provide the Services to the Company. " * 40
    # the Kelvin sign (case-insensitively a "k") and a length-changing "İ": the plain path
    for text in (meeting, meeting.upper(), meeting.replace("k", "\u212a"), "İ" + meeting, services):
        assert engine._stockholder_settlement(text) == _old_stockholder_settlement(text)
    assert engine._stockholder_settlement(meeting)
    assert engine._stockholder_settlement(meeting.replace("k", "\u212a"))
    assert not engine._stockholder_settlement(services)


def _fresh_definitions(text: str, term: str) -> list[str]:
    stem = re.escape(term[:-1] if term.endswith("s") else term)
    definition = re.compile(
        r"[\(“\"]\s*(?:the\s+|its\s+|collectively,?\s+)?[“\"]?" + stem + r"s?[”\"]\s*\)?"
        r"|[“\"]?" + stem + r"s?[”\"]?\s+(?:shall\s+)?means?\b"
    )
    return [text[max(0, m.start() - 250) : m.end() + 250] for m in definition.finditer(text)]


def test_group_definitions_remembered_per_text(corpus_dir: Path) -> None:
    texts = [t for t in _cuad_texts(corpus_dir, 3) if "Representatives" in t][:8]
    assert len(texts) >= 3
    for text in texts:
        for term in ("Representatives", "Authorized Persons", "Personnel"):
            first = art6._term_definitions(text, term)
            again = art6._term_definitions(text, term)  # the remembered answer
            assert again is first
            assert list(first) == _fresh_definitions(text, term)
    # another text with the same term is searched, not answered from the last one
    one = 'The "Representatives" means its employees.'
    other = "No definitions here; Representatives only."
    assert len(art6._term_definitions(one, "Representatives")) == 1
    assert art6._term_definitions(other, "Representatives") == ()


def test_portfolio_command_gives_the_collector_settings_back(tmp_path: Path, samples_dir) -> None:
    """The CLI run collects young objects less often and freezes its imports; called in-process
    (as here), it leaves the caller's collector as it found it, and writes the outputs."""
    import gc
    import shutil

    from analyzer.cli import main

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(samples_dir / "en" / "coastal_logistics_it_support.txt", inputs)
    before = gc.get_threshold(), gc.get_freeze_count()
    out = tmp_path / "out"
    assert main(["portfolio", str(inputs), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    assert (out / "findings.csv").is_file() and (out / "portfolio.xlsx").is_file()
