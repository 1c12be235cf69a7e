"""summary.md: a short human summary of a portfolio run (counts, coverage, gaps, changes)."""

from __future__ import annotations

from typing import Any

from analyzer.outputs.tables import csv_tables


def _md(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def summary_markdown(
    frames: dict[str, Any], run: dict[str, Any], diff: Any, names: dict[str, str]
) -> str:
    """A short human summary of a run: counts, requirement coverage, gaps, changes."""
    from analyzer.report import LABEL_KEYS, LABEL_REQUIREMENTS

    contracts = frames["contracts"]
    errors = frames["errors"]
    n = len(contracts)
    lines = [
        f"# Portfolio review — run {run['run_id']}",
        "",
        f"- Started {run['started']}, finished {run.get('finished') or '—'}",
        f"- Analyzer {run['analyzer_version']}, patterns {run['patterns_version']}",
        f"- Files: {run['inputs']} — {run['analysed']} analysed, {run['cached']} unchanged "
        f"since an earlier run, {run['errors']} errors, {run['duplicates']} duplicates"
        + (f"; {run['skipped']} files or folders skipped" if run.get("skipped") else ""),
        f"- Contracts with a report: {n}",
        "",
        "## Requirements met (met or partial) across the portfolio",
        "",
        "| Label | Contracts | Share |",
        "|---|---|---|",
    ]
    for key in LABEL_KEYS:
        _req, kind = LABEL_REQUIREMENTS[key]
        if kind != "bool" or n == 0:
            continue
        k = int(contracts[key].fillna(False).astype(bool).sum())
        lines.append(f"| {key} | {k} / {n} | {k / n:.0%} |")
    forum = contracts["art10_dispute_forum"].fillna("none").astype(str)
    arbitration = forum.str.contains("arbitration")
    institution = contracts["art10_arbitration_institution"]
    no_institution = arbitration & (institution.isna() | (institution.astype(str) == "none"))
    ip_status = contracts.get("status.art11.ip_ownership")
    ip_na = ip_status == "not_applicable" if ip_status is not None else contracts["doc"].isna()
    for key in ("art10_dispute_forum", "art11_ip_ownership", "art10_arbitration_institution"):
        if n == 0:
            break
        shown = contracts[key].astype(object).where(contracts[key].notna(), "(none)")
        if key == "art11_ip_ownership":
            shown = shown.where(~ip_na, "(Article 11 does not apply)")
        elif key == "art10_arbitration_institution":
            shown = shown.where(arbitration, "(no arbitration)")
            shown = shown.where(~no_institution, "(arbitration naming no institution)")
        counts = shown.value_counts()
        mix = ", ".join(f"{_md(v)}: {c}" for v, c in counts.items())
        lines += ["", f"**{key}**: {mix}"]
    if n:
        ip_none = (contracts["art11_ip_ownership"].fillna("none") == "none") & ~ip_na
        # "flag" with no owner: the second reader found a likely clause the rules did not, or
        # the owner is left to an unticked box or a blank: a lawyer reads it before it counts
        ip_unsure = ip_status == "flag" if ip_status is not None else contracts["doc"].isna()
        no_ip = contracts[ip_none & ~ip_unsure]
        unsure_ip = contracts[ip_none & ip_unsure]
        gaps = [
            ("No allocation of newly created IP (Article 11 applies)", no_ip["doc"]),
            (
                "Allocation of new IP unsure or left open: a lawyer should check",
                unsure_ip["doc"],
            ),
            ("No dispute forum", contracts[forum == "none"]["doc"]),
            ("Arbitration naming no institution", contracts[no_institution]["doc"]),
        ]
        lines += ["", "## Gaps", ""]
        for title, docs in gaps:
            lines.append(
                f"- {title} ({len(docs)}): "
                + (", ".join(_md(d) for d in docs[:50]) or "none")
                + (" …" if len(docs) > 50 else "")
            )
        if ip_na.any():
            lines.append(f"- Article 11 does not apply ({int(ip_na.sum())}): not counted as a gap")
    by_doc = frames.get("decisions") or {}
    if by_doc:
        current = sum(not d.outdated for decs in by_doc.values() for d in decs.values())
        outdated = sum(d.outdated for decs in by_doc.values() for d in decs.values())
        lines += [
            "",
            f"Reviewer decisions: {current} applied (the values above are final), {outdated} "
            "outdated (made on an earlier text of the contract; not applied). "
            "`analyzer review --store results.sqlite list` shows them.",
        ]
    if len(diff):
        lines += [
            "",
            "## Changes since the previous run",
            "",
            "| Contract | Item | Before | After |",
            "|---|---|---|---|",
        ]
        for row in diff.head(200).itertuples(index=False):
            lines.append(
                f"| {_md(row.doc)} | {_md(row.item)} | {_md(row.before)} | {_md(row.after)} |"
            )
    if len(errors):
        lines += [
            "",
            "## Errors, warnings, duplicates and skipped files",
            "",
            "| File | Kind | Code | Message |",
            "|---|---|---|---|",
        ]
        for row in errors.head(200).itertuples(index=False):
            lines.append(f"| {_md(row.doc)} | {row.kind} | {row.code} | {_md(row.message)} |")
    lines += [
        "",
        "Outputs: `portfolio.xlsx`, "
        + "".join(f"`{t.name}.csv`, " for t in csv_tables())
        + "`labels.jsonl`, `charts/`, "
        f"`annotated/` ({len(names)} files).",
        "",
    ]
    return "\n".join(lines)
