"""Portfolio charts (matplotlib, object API only: no pyplot, so no global state leaks).

Each function takes DataFrames from :mod:`analyzer.frames` / :mod:`analyzer.store` and returns a
``matplotlib.figure.Figure``; :func:`save_charts` writes them all as PNGs. In a notebook, display a
figure by leaving it as the last expression of a cell.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # matplotlib (~0.5 s to import) is imported when a chart is drawn
    from matplotlib.figure import Figure

from analyzer.labels import LABEL_REQUIREMENTS
from analyzer.model import GAP_STATUSES, STATUSES

log = logging.getLogger(__name__)

STATUS_COLOURS: dict[str, str] = {
    "met": "#4caf50",
    "partial": "#ffc107",
    "missing": "#e53935",
    "flag": "#fb8c00",
    "not_applicable": "#bdbdbd",
}
NO_FINDING = "#ffffff"
BOOL_LABELS: tuple[str, ...] = tuple(
    k for k, (_r, kind) in LABEL_REQUIREMENTS.items() if kind == "bool"
)
DPI = 110
# contract names may be Chinese: the first installed font with CJK glyphs backs up DejaVu Sans
_CJK_FONTS = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Arial Unicode MS",
)


def _name_fonts() -> list[str]:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *[n for n in _CJK_FONTS if n in installed][:1]]


def _figure(**kwargs: Any) -> Figure:
    from matplotlib.figure import Figure

    return Figure(**kwargs)


def _empty(fig: Figure, title: str) -> Figure:
    ax = fig.add_subplot()
    ax.set_title(title)
    ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


def status_matrix(findings: pd.DataFrame) -> pd.DataFrame:
    """contracts × requirements table of statuses (requirements ordered by article, then id)."""
    if findings.empty:
        return pd.DataFrame()
    ranked = findings[["article", "requirement"]].sort_values(["article", "requirement"])
    order = list(dict.fromkeys(ranked["requirement"].tolist()))  # each requirement once
    matrix = findings.drop_duplicates(["doc", "requirement"]).pivot(
        index="doc", columns="requirement", values="status"
    )
    return matrix.reindex(columns=order).sort_index()


HEATMAP_TOP = 60  # more contracts than this: the heatmap shows those with the most gaps


def status_heatmap(findings: pd.DataFrame, top: int = HEATMAP_TOP) -> Figure:
    """Contracts (rows, named) × requirements (columns), one colour per finding status. With
    more than ``top`` contracts, the ``top`` with the most gaps (missing, flag, partial), most
    first, so that every row carries its contract's name."""
    title = "Status of each requirement per contract"
    matrix = status_matrix(findings)
    if matrix.empty:
        return _empty(_figure(figsize=(8, 3)), title)
    total = len(matrix)
    if total > top:
        gaps = matrix.isin(GAP_STATUSES).sum(axis=1)
        order = sorted(matrix.index, key=lambda d: (-int(gaps[d]), str(d)))[:top]
        matrix = matrix.loc[order]
        title = f"The {top} contracts with the most gaps (of {total})"
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    n_docs, n_reqs = matrix.shape
    height = min(40.0, max(3.5, 0.22 * n_docs + 2.5))
    fig = _figure(figsize=(max(8.0, 0.45 * n_reqs + 3), height), layout="constrained", dpi=DPI)
    ax = fig.add_subplot()
    codes = {s: i for i, s in enumerate(STATUSES)}
    values = matrix.apply(lambda col: col.map(lambda s: codes.get(s, len(STATUSES))))
    cmap = ListedColormap([STATUS_COLOURS[s] for s in STATUSES] + [NO_FINDING])
    # one quad per cell, not an image: matplotlib resamples an image at the figure's pixel size,
    # which took ~100-200 MB (growing with the number of contracts) to draw a tall heatmap
    ax.pcolormesh(
        np.arange(n_reqs + 1) - 0.5,
        np.arange(n_docs + 1) - 0.5,
        values.to_numpy(dtype=float),
        cmap=cmap,
        vmin=-0.5,
        vmax=len(STATUSES) + 0.5,
        antialiased=False,
        edgecolors="none",
        snap=True,
    )
    ax.set_xlim(-0.5, n_reqs - 0.5)
    ax.set_ylim(n_docs - 0.5, -0.5)  # first contract at the top, as in a table
    ax.set_xticks(range(n_reqs), [str(c) for c in matrix.columns], rotation=60, ha="right")
    names = [str(d) if len(str(d)) <= 60 else "…" + str(d)[-59:] for d in matrix.index]
    ax.set_yticks(range(n_docs), names, fontsize=8, fontfamily=_name_fonts())
    ax.set_xlabel("Requirement (article.requirement)")
    ax.set_ylabel(f"Contract ({n_docs})")
    ax.set_title(title)
    handles = [Patch(color=STATUS_COLOURS[s], label=s) for s in STATUSES]
    handles.append(Patch(facecolor=NO_FINDING, edgecolor="#999", label="no finding"))
    fig.legend(handles=handles, loc="outside upper right", fontsize=8, ncols=3)
    return fig


def requirement_share(contracts: pd.DataFrame) -> Figure:
    """Share (%) of contracts whose label is true (finding met or partial), per requirement."""
    title = "Contracts meeting each requirement"
    if contracts.empty:
        return _empty(_figure(figsize=(8, 4)), title)
    shares = requirement_shares(contracts)
    fig = _figure(figsize=(8, 4.5), layout="constrained", dpi=DPI)
    ax = fig.add_subplot()
    bars = ax.barh(list(shares.index), list(shares.values), color="#3f7fbf")
    ax.bar_label(bars, labels=[f"{v:.0f}%" for v in shares.values], padding=3, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 110)
    ax.set_xlabel(f"Share of contracts (%, n = {len(contracts)})")
    ax.set_ylabel("Requirement (label)")
    ax.set_title(title)
    return fig


def requirement_shares(contracts: pd.DataFrame) -> pd.Series:
    """Percent of contracts with each boolean label true."""
    return pd.Series(
        {k: 100.0 * float(contracts[k].fillna(False).astype(bool).mean()) for k in BOOL_LABELS}
    )


def value_counts(contracts: pd.DataFrame, column: str) -> pd.Series:
    return contracts[column].fillna("none").astype(str).value_counts().sort_index()


def _mix(contracts: pd.DataFrame, column: str, title: str, xlabel: str) -> Figure:
    if contracts.empty:
        return _empty(_figure(figsize=(6, 4)), title)
    counts = value_counts(contracts, column)
    fig = _figure(figsize=(6.5, 4), layout="constrained", dpi=DPI)
    ax = fig.add_subplot()
    bars = ax.bar(list(counts.index), list(counts.values), color="#6a51a3")
    ax.bar_label(bars, padding=2, fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Contracts (count)")
    ax.set_title(title)
    ax.set_ylim(0, max(counts.values) * 1.15 + 1)
    return fig


def forum_mix(contracts: pd.DataFrame) -> Figure:
    """How many contracts send disputes to arbitration, courts, both, or nowhere (Art. 10)."""
    return _mix(contracts, "art10_dispute_forum", "Dispute forum (Art. 10)", "Forum chosen")


def ip_ownership_mix(contracts: pd.DataFrame) -> Figure:
    """Who owns newly created IP (Art. 11); contracts where Article 11 does not apply (status
    ``not_applicable``, when the frame has ``status.art11.ip_ownership``) are a bar of their own,
    not counted as "none"."""
    status = "status.art11.ip_ownership"
    if status in contracts.columns:
        contracts = contracts.copy()
        owner = contracts["art11_ip_ownership"].astype(object)
        contracts["art11_ip_ownership"] = owner.where(
            contracts[status] != "not_applicable", "not applicable"
        )
    return _mix(contracts, "art11_ip_ownership", "Ownership of new IP (Art. 11)", "Owner")


def obligation_counts(obligations: pd.DataFrame) -> pd.DataFrame:
    """role × modality counts of obligations: one row per obligation, or already counted
    (``role, modality, count`` rows, as :meth:`analyzer.store.ResultStore.obligation_role_counts`
    returns)."""
    if obligations.empty:
        return pd.DataFrame()
    if "count" in obligations.columns:
        table = obligations.pivot_table(
            index="role", columns="modality", values="count", aggfunc="sum", fill_value=0
        )
        table = table.astype(int)
        table.index.name, table.columns.name = "role", "modality"
        return table.sort_index().reindex(columns=sorted(table.columns))
    return pd.crosstab(obligations["role"], obligations["modality"]).sort_index()


def obligations_by_role(obligations: pd.DataFrame) -> Figure:
    """Obligations per bearer role (provider, client, both, unknown), stacked by modality."""
    title = "Obligations by party role"
    table = obligation_counts(obligations)
    if table.empty:
        return _empty(_figure(figsize=(6, 4)), title)
    fig = _figure(figsize=(7, 4), layout="constrained", dpi=DPI)
    ax = fig.add_subplot()
    bottom = pd.Series(0, index=table.index)
    colours = {"must": "#1b9e77", "must_not": "#d95f02", "may": "#7570b3"}
    for modality in table.columns:
        ax.bar(
            list(table.index),
            list(table[modality].values),
            bottom=list(bottom.values),
            label=str(modality),
            color=colours.get(str(modality)),
        )
        bottom = bottom + table[modality]
    ax.set_xlabel("Bearer role")
    ax.set_ylabel("Obligations (count)")
    ax.set_title(title)
    ax.legend(title="Modality", fontsize=8)
    return fig


CHARTS: dict[str, tuple[str, Callable[[pd.DataFrame], Figure]]] = {
    "status_heatmap": ("findings", status_heatmap),
    "requirement_share": ("contracts", requirement_share),
    "dispute_forum": ("contracts", forum_mix),
    "ip_ownership": ("contracts", ip_ownership_mix),
    "obligations_by_role": ("obligations", obligations_by_role),
}


def reliability_diagram(bins: list[dict[str, float]], *, title: str = "") -> Figure:
    """Predicted confidence against observed accuracy, per confidence bin (from
    ``EvaluationResult.reliability()``); the diagonal is perfect calibration, the bar under each
    point the number of decisions in its bin."""
    fig = _figure(figsize=(5.5, 5.0))
    if not bins:
        return _empty(fig, title or "Reliability: no decisions with a confidence")
    ax = fig.add_subplot(1, 1, 1)
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=1, label="perfect calibration")
    xs = [b["confidence"] for b in bins]
    ys = [b["accuracy"] for b in bins]
    ax.plot(xs, ys, marker="o", color="#1f77b4", label="observed accuracy")
    total = sum(b["n"] for b in bins)
    for b in bins:
        ax.bar(
            (b["bin_low"] + b["bin_high"]) / 2,
            b["n"] / total,
            width=(b["bin_high"] - b["bin_low"]) * 0.9,
            alpha=0.25,
            color="#ff7f0e",
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("confidence (predicted probability the decision is right)")
    ax.set_ylabel("share of decisions that are right (bars: share of decisions)")
    ax.set_title(title or "Reliability of the confidence")
    ax.legend(loc="upper left")
    return fig


def _plain_save(path: Path, write: Callable[[Path], None]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write(path)
    return path


def save_charts(
    frames: dict[str, pd.DataFrame],
    directory: Path,
    *,
    save: Callable[[Path, Callable[[Path], None]], Path] = _plain_save,
) -> list[Path]:
    """Write every chart as ``directory/<name>.png``; returns the paths."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    written = []
    for name, (frame_name, make) in CHARTS.items():
        fig = make(frames[frame_name])

        def write(p: Path, fig: Any = fig) -> None:
            with warnings.catch_warnings():  # no CJK font installed: boxes, not a warning per glyph
                warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
                # the Agg canvas's print_png draws once; fig.savefig draws twice when the figure
                # has a layout engine (a hidden pass for the layout, then the real one): the same
                # bytes, ~12 % less time for the five charts
                fig.set_dpi(DPI)
                FigureCanvasAgg(fig).print_png(p)

        written.append(save(directory / f"{name}.png", write))
    return written
