"""Charts: the data behind each figure equals the DataFrame counts; PNGs are written."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from analyzer import charts
from analyzer.frames import ContractRow, ObligationRow, to_frame
from analyzer.report import LABEL_KEYS


def _contract(doc: str, forum: str, ip: str, nda: bool) -> ContractRow:
    labels = {k: False for k in LABEL_KEYS}
    labels.update(
        art10_dispute_forum=forum, art10_arbitration_institution=None, art11_ip_ownership=ip
    )
    labels["art4_provider_nondisclosure"] = nda
    return ContractRow(
        doc, doc, "0" * 64, "text", "en", None, 10, True, "Supplier", "Client",
        3, 1, 0, 2, 0, 0, 0.1, tuple(labels.items()), (),
    )  # fmt: skip


@pytest.fixture()
def contracts() -> pd.DataFrame:
    rows = [
        _contract("a", "arbitration", "client", True),
        _contract("b", "courts", "client", True),
        _contract("c", "arbitration", "none", False),
        _contract("d", "none", "joint", True),
    ]
    return to_frame(rows, ContractRow)


def _bars(fig: object) -> dict[str, float]:
    ax = fig.axes[0]  # type: ignore[attr-defined]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    return dict(zip(labels, [p.get_height() for p in ax.patches], strict=True))


@pytest.mark.parametrize(
    ("make", "column"),
    [(charts.forum_mix, "art10_dispute_forum"), (charts.ip_ownership_mix, "art11_ip_ownership")],
)
def test_charts_mix_bar_heights_equal_counts(
    contracts: pd.DataFrame, make: object, column: str
) -> None:
    fig = make(contracts)  # type: ignore[operator]
    assert _bars(fig) == contracts[column].value_counts().to_dict()
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_ylabel() == "Contracts (count)"


def test_charts_requirement_share_widths_are_percentages(contracts: pd.DataFrame) -> None:
    fig = charts.requirement_share(contracts)
    ax = fig.axes[0]
    widths = {
        t.get_text(): p.get_width() for t, p in zip(ax.get_yticklabels(), ax.patches, strict=True)
    }
    assert widths["art4_provider_nondisclosure"] == pytest.approx(75.0)
    assert widths["art3_confidential_info_defined"] == 0.0
    assert "%" in ax.get_xlabel()


def test_charts_obligations_stacked_by_modality() -> None:
    rows = [
        ObligationRow("a", "s", "Supplier", role, modality, "act", None, "", "", "", 0, 1, "en")
        for role, modality in [
            ("provider", "must"),
            ("provider", "must"),
            ("provider", "may"),
            ("client", "must_not"),
        ]
    ]
    frame = to_frame(rows, ObligationRow)
    fig = charts.obligations_by_role(frame)
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert sorted(h for h in heights if h) == [1, 1, 2]
    assert charts.obligation_counts(frame).loc["provider", "must"] == 2


def test_charts_heatmap_matrix_and_files(contracts: pd.DataFrame, tmp_path: Path) -> None:
    findings = pd.DataFrame(
        {
            "doc": ["a", "a", "b"],
            "article": [4, 11, 4],
            "requirement": [
                "art4.provider_nondisclosure",
                "art11.ip_ownership",
                "art4.provider_nondisclosure",
            ],
            "status": ["met", "missing", "partial"],
        }
    )
    m = charts.status_matrix(findings)
    assert m.loc["a", "art11.ip_ownership"] == "missing" and pd.isna(
        m.loc["b", "art11.ip_ownership"]
    )
    frames = {"findings": findings, "contracts": contracts, "obligations": pd.DataFrame()}
    paths = charts.save_charts(frames, tmp_path)
    assert sorted(p.name for p in paths) == sorted(f"{n}.png" for n in charts.CHARTS)
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in paths)
    assert (
        "matplotlib.pyplot" not in sys.modules
        or not __import__("matplotlib.pyplot").pyplot.get_fignums()
    )


def test_charts_heatmap_requirement_in_two_articles_is_one_column() -> None:
    findings = pd.DataFrame(
        {
            "doc": ["a", "a", "b"],
            "article": [0, 11, 4],
            "requirement": ["bilingual.divergence", "bilingual.divergence", "art4.x"],
            "status": ["flag", "flag", "met"],
        }
    )
    m = charts.status_matrix(findings)
    assert list(m.columns) == ["bilingual.divergence", "art4.x"]
    fig = charts.status_heatmap(findings)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == list(m.columns)
