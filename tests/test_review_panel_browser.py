"""The review panel in a real browser (issue #16): JupyterLab on a free localhost port with a
token, a temporary copy of notebook 02 pointed at a store built from sample contracts, headless
Debian Chromium driven by Playwright: run the cells, type a name, click Accept, and the store
must hold the decision. Saves a screenshot of the panel.

Skips with the reason when Chromium (``apt-get install chromium``; ``.ci/run`` installs it) or
the playwright package is missing. ``playwright install`` (a browser download) is never used.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from analyzer import review
from analyzer.store import open_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_contracts"


def _script() -> ModuleType:
    path = ROOT / "scripts" / "screenshot_review_panel.py"
    spec = importlib.util.spec_from_file_location("screenshot_review_panel", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()
WHY = SCRIPT.missing_requirements()


@pytest.mark.skipif(WHY is not None, reason=f"browser test: {WHY}")
def test_review_panel_accept_in_jupyterlab_with_chromium(tmp_path: Path) -> None:
    contracts = tmp_path / "contracts"
    for rel in ("en/evergreen_payroll_services.txt", "zh/bpo_call_centre_no_ip.txt"):
        (contracts / rel).parent.mkdir(parents=True, exist_ok=True)
        (contracts / rel).write_bytes((SAMPLES / rel).read_bytes())
    png = tmp_path / "review_panel.png"
    t0 = time.perf_counter()
    store, message = SCRIPT.run([contracts], png, tmp_path / "work", timeout=180)
    seconds = time.perf_counter() - t0
    rows = review.list_reviews(store)
    assert len(rows) == 1, rows
    (row,) = rows
    assert row.reviewer == SCRIPT.REVIEWER
    assert (row.status, row.value) == (row.machine_status, row.machine_value)  # accepted
    assert f"{row.doc}: {row.requirement} accepted" in message
    # the panel lists open "lawyer check" findings first: the accepted one was one of them
    with open_store(store) as db:
        finding = db.report(row.doc).finding(row.requirement)
    assert finding is not None and finding.review
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    print(f"browser review-panel test: {seconds:.1f} s")
