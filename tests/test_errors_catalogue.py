"""One catalogue of error codes (analyzer.errors.CATALOGUE): docs/bad_files.md documents exactly
its codes, and every code the package raises or records is in it."""

from __future__ import annotations

import re
from pathlib import Path

from analyzer.errors import CATALOGUE, AnalyzerError

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r"\b[EW]\d{3}\b")


def _documented() -> set[str]:
    """The codes in the Code column of docs/bad_files.md's tables."""
    codes: set[str] = set()
    column = None
    for line in (ROOT / "docs" / "bad_files.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            column = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if column is None:
            column = cells.index("Code") if "Code" in cells else -1
            continue
        if 0 <= column < len(cells):
            codes.update(CODE.findall(cells[column]))
    return codes


def _used_in_package() -> set[str]:
    """Code-like string literals in the package's source ("E101", 'W001', code="E612")."""
    literal = re.compile(r"""["']([EW]\d{3})["']""")
    found: set[str] = set()
    for path in (ROOT / "analyzer").rglob("*.py"):
        found.update(literal.findall(path.read_text(encoding="utf-8")))
    return found


def test_bad_files_doc_documents_exactly_the_catalogue() -> None:
    documented = _documented()
    assert sorted(set(CATALOGUE) - documented) == [], "in the catalogue, not in docs/bad_files.md"
    assert sorted(documented - set(CATALOGUE)) == [], "in docs/bad_files.md, not in the catalogue"


def test_every_code_the_package_uses_is_catalogued() -> None:
    used = _used_in_package()
    assert {"E101", "E500", "E612", "W001"} <= used  # the scan sees codes where they are written
    assert sorted(used - set(CATALOGUE)) == []


def test_catalogue_entries_are_short_meanings() -> None:
    assert all(CODE.fullmatch(code) for code in CATALOGUE)
    assert all(0 < len(meaning) <= 80 for meaning in CATALOGUE.values())
    assert AnalyzerError.code in CATALOGUE
