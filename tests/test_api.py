"""The public API: typed, the core types at the top level, and ``import analyzer`` stays cheap."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import analyzer


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("ContractReport", "analyzer.model"),
        ("Finding", "analyzer.model"),
        ("Document", "analyzer.model"),
        ("AnalyzerError", "analyzer.errors"),
        ("PatternSet", "analyzer.patterns"),
    ],
)
def test_api_core_types_exported_at_top_level(name: str, module: str) -> None:
    import importlib

    assert getattr(analyzer, name) is getattr(importlib.import_module(module), name)
    assert name in analyzer.__all__ and name in dir(analyzer)


def test_api_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = analyzer.nothing_here  # type: ignore[attr-defined]


def test_api_import_is_cheap() -> None:
    """``import analyzer`` loads none of the stages (the types load on first use)."""
    code = (
        "import sys, analyzer\n"
        "heavy = [m for m in sys.modules if m.startswith('analyzer.') or m in "
        "('yaml', 'spacy', 'numpy', 'pandas', 'pathlib')]\n"
        "print(','.join(heavy))\n"
        "analyzer.Finding\n"
        "assert 'analyzer.model' in sys.modules and 'analyzer.engine' not in sys.modules\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "" or out == "pathlib", out


def test_api_analyze_is_typed_and_forwards_patterns() -> None:
    sig = inspect.signature(analyzer.analyze)
    assert sig.return_annotation == "ContractReport"
    assert sig.parameters["source"].annotation == "str | Path | Document"
    assert sig.parameters["patterns"].annotation == "PatternSet | None"
    assert sig.parameters["patterns"].kind is inspect.Parameter.KEYWORD_ONLY
    assert inspect.signature(analyzer.load_patterns).return_annotation == "PatternSet"


def test_api_labels_module_needs_no_renderers() -> None:
    """The label vocabulary lives in analyzer.labels: the model and the evaluation use it
    without importing the output formats (analyzer.report)."""
    code = (
        "import sys\n"
        "from analyzer.labels import LABEL_KEYS, labels_from_findings\n"
        "import analyzer.evaluate\n"
        "assert 'analyzer.report' not in sys.modules, 'report imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    from analyzer import labels, report

    assert report.LABEL_KEYS is labels.LABEL_KEYS
    assert report.labels_from_findings is labels.labels_from_findings
