"""Every notebook runs top to bottom, headless, on sample_contracts/ and on a real-corpus subset.

Notebooks are paired (jupytext py:percent + .ipynb) and committed without outputs.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from builders import cuad_files, zh_files
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NAMES = [p.stem for p in NOTEBOOKS]


def _execute(path: Path, env: dict[str, str], cwd: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(
            nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(cwd)}}
        ).execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_notebooks_paired_and_committed_without_outputs() -> None:
    assert NAMES == ["01_screen_a_contract", "02_portfolio_review", "03_tune_clause_patterns"]
    for nb_path in NOTEBOOKS:
        assert nb_path.with_suffix(".py").is_file()
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            assert not cell.get("outputs"), f"{nb_path.name} has outputs"
            assert cell.get("execution_count") is None


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebooks_run_on_samples(path: Path, tmp_path: Path) -> None:
    _execute(path, {"ANALYZER_NB_OUT": str(tmp_path / "out"), "ANALYZER_NB_WORKERS": "1"}, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebooks_run_on_corpus_subset(path: Path, tmp_path: Path, corpus_dir: Path) -> None:
    # a small mixed EN/ZH portfolio copied from the corpus at run time (never into the repo)
    folder = tmp_path / "portfolio"
    folder.mkdir()
    cuad = cuad_files(corpus_dir)[:3]
    zh = zh_files(corpus_dir)[:2]
    for f in cuad + zh:
        shutil.copy(f, folder / f.name)
    env = {
        "ANALYZER_NB_FOLDER": str(folder),
        "ANALYZER_NB_OUT": str(tmp_path / "out"),
        "ANALYZER_NB_EN": str(cuad[0]),
        "ANALYZER_NB_ZH": str(zh[0]),
        "ANALYZER_NB_GOLD": str(corpus_dir / "gold" / "cuad_dev.jsonl"),
        "ANALYZER_NB_GOLD_LIMIT": "3",
        "ANALYZER_NB_WORKERS": "1",
    }
    if path.stem.startswith("03"):
        env["ANALYZER_NB_FOLDER"] = str(corpus_dir)
    _execute(path, env, tmp_path)
