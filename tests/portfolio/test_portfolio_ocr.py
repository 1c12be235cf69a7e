"""A scanned (image-only) PDF in a portfolio: needs-OCR error without --ocr, a report with it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from analyzer.cli import main
from analyzer.portfolio import analyze_portfolio
from analyzer.store import open_store

sys.path.insert(0, str(Path(__file__).parent.parent / "readers"))
from readers_factories import image_pdf_bytes  # noqa: E402

LINES = [
    "SERVICES AGREEMENT",
    "1. The Supplier shall provide the Services to the Client.",
    "2. The Supplier shall not disclose Confidential Information.",
]


@pytest.fixture()
def scanned_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(image_pdf_bytes(LINES))
    return folder


def test_portfolio_scanned_pdf_without_ocr_is_a_needs_ocr_error(
    scanned_folder: Path, tmp_path: Path
) -> None:
    result = analyze_portfolio(
        scanned_folder, store=tmp_path / "s.sqlite", workers=1, progress=False, annotate=False
    )
    assert (result.errors, result.succeeded) == (1, 0)
    with open_store(result.store) as store:
        errors = store.errors(result.run_id)
    assert list(errors["code"]) == ["E125"]


@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_portfolio_ocr_flag_reads_scanned_pdf_and_is_part_of_the_cache_key(
    scanned_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s.sqlite"
    args = ["portfolio", str(scanned_folder), "--out", str(tmp_path / "out"), "--store", str(store)]
    assert main([*args, "--workers", "1", "--quiet"]) == 1  # nothing analysable without OCR
    assert main([*args, "--workers", "1", "--quiet", "--ocr"]) == 0  # not the cached E125
    assert "1 analysed" in capsys.readouterr().out
    with open_store(store) as s:
        labels = [lab for _, _, lab in s.labels()]
    assert labels and labels[-1]["art4_provider_nondisclosure"] is True
