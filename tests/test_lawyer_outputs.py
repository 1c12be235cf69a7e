"""Outputs built for a lawyer (issue #16): the workbook's Issues sheet, the final values and who
decided in every output, CSV files Excel reads right.

Real portfolio runs (``analyze_portfolio(..., workers=1)``) of some sample contracts, a reviewer's
decisions recorded through the API, then a second run; the workbook is read back with openpyxl.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from analyzer.issues import ISSUE_COLUMNS
from analyzer.portfolio import analyze_portfolio
from analyzer.review import REVIEW_COLUMNS, set_review

SAMPLES = Path(__file__).resolve().parent.parent / "sample_contracts"
FILES = (
    "en/evergreen_payroll_services.txt",
    "en/northbank_contact_centre_services.docx",
    "zh/bpo_call_centre_no_ip.txt",
    "en/redwood_lumen_mutual_nda.txt",  # a mutual NDA: Article 11 does not apply
)
NORTHBANK = "en/northbank_contact_centre_services"
BPO = "zh/bpo_call_centre_no_ip"
# what a lawyer must never read outside the Details column: requirement and pattern ids
INTERNAL_ID = re.compile(r"\bart\d+\.[a-z_]+|\b(?:en|zh)\.[a-z_]+\.[a-z_.]+|status\.art")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a run made after a reviewer decided on two findings."""
    base = tmp_path_factory.mktemp("lawyer")
    folder = base / "contracts"
    for rel in FILES:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SAMPLES / rel, folder / rel)
    out = base / "out"
    analyze_portfolio([folder], out=out, workers=1, progress=False)
    store = out / "results.sqlite"
    set_review(
        store,
        NORTHBANK,
        "art11.ip_ownership",
        status="met",
        value="split",
        by="A. Lawyer",
        note="=cl. 8.4 keeps the provider's tools",  # a note that looks like a formula
    )
    set_review(
        store, BPO, "art6.personnel_noncompete", status="met", by="B. Partner", note="Annex 2"
    )
    analyze_portfolio([folder], out=out, workers=1, progress=False)
    return out


def _rows(path: Path, sheet: str) -> list[dict[str, Any]]:
    ws = load_workbook(path)[sheet]
    values = [[c.value for c in r] for r in ws.iter_rows()]
    return [dict(zip(values[0], r, strict=True)) for r in values[1:]]


def test_issues_sheet_is_first_and_reads_as_a_lawyer_would(run: Path) -> None:
    wb = load_workbook(run / "portfolio.xlsx")
    assert wb.sheetnames[0] == "Issues"
    ws = wb["Issues"]
    assert tuple(c.value for c in ws[1]) == ISSUE_COLUMNS
    rows = _rows(run / "portfolio.xlsx", "Issues")
    assert rows
    assert {r["Contract"] for r in rows} >= {NORTHBANK, BPO}  # full names
    for r in rows:
        assert r["Status"] in {"Met", "Partly met", "Missing", "Check (flagged)", "Not applicable"}
        for column in ISSUE_COLUMNS[:-1]:  # internal ids only in the last column, Details
            assert not INTERNAL_ID.search(str(r[column] or "")), (column, r[column])
        assert INTERNAL_ID.search(r["Details"])
        assert r["Requirement"].startswith("Art. ")
    # every row is a gap, a flag, a lawyer check or a reviewer's decision
    for r in rows:
        assert (
            r["Status"] in {"Missing", "Check (flagged)", "Partly met"}
            or r["Lawyer check"]
            or r["Decided by"] != "Analyzer"
            or "machine: missing" in r["Details"]
            or "machine: flag" in r["Details"]
            or "machine: partial" in r["Details"]
        )
    (decided,) = [r for r in rows if r["Contract"] == NORTHBANK and "Art. 11" in r["Requirement"]]
    assert decided["Status"] == "Met" and decided["Final value"] == "Split ownership"
    assert decided["Decided by"] == "A. Lawyer" and re.fullmatch(
        r"\d{4}-\d\d-\d\d", decided["Decided on"]
    )
    assert decided["Reviewer note"].startswith("=cl. 8.4")
    assert "machine: met/client" in decided["Details"]
    (noncompete,) = [r for r in rows if r["Contract"] == BPO and "non-compete" in r["Requirement"]]
    assert noncompete["Status"] == "Met" and noncompete["Decided by"] == "B. Partner"
    missing = [r for r in rows if r["Status"] == "Missing"]
    assert missing and all(r["Decided by"] == "Analyzer" for r in missing)
    assert all(r["Recommendation"] for r in missing)


def test_issues_sheet_links_wraps_and_prints(run: Path) -> None:
    wb = load_workbook(run / "portfolio.xlsx")
    ws = wb["Issues"]
    header = [c.value for c in ws[1]]
    link_col = header.index("Annotated copy") + 1
    quote_col = header.index("Quote") + 1
    links = {ws.cell(r, link_col).hyperlink.target for r in range(2, ws.max_row + 1)}
    assert links == {
        "annotated/en/evergreen_payroll_services.html",
        "annotated/en/northbank_contact_centre_services.annotated.docx",
        "annotated/zh/bpo_call_centre_no_ip.html",
        "annotated/en/redwood_lumen_mutual_nda.html",
    }
    for target in links:  # relative to the workbook: they open from the output folder
        assert (run / target).is_file()
    quoted = [r for r in range(2, ws.max_row + 1) if ws.cell(r, quote_col).value]
    assert quoted and all(ws.cell(r, quote_col).alignment.wrap_text for r in quoted)
    assert ws.column_dimensions["A"].width >= 40  # the contract's full name
    assert ws.column_dimensions[chr(64 + quote_col)].width >= 60
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert ws.freeze_panes == "A2"
    conf_col = header.index("Confidence") + 1
    assert ws.cell(2, conf_col).number_format == "0%"


def test_findings_and_summary_sheets_carry_final_values(run: Path) -> None:
    findings = _rows(run / "portfolio.xlsx", "Findings")
    assert tuple(findings[0])[-len(REVIEW_COLUMNS) :] == REVIEW_COLUMNS
    (ip,) = [
        f for f in findings if f["doc"] == NORTHBANK and f["requirement"] == "art11.ip_ownership"
    ]
    assert (ip["status"], ip["value"]) == ("met", "client")  # the machine's, kept
    assert (ip["final_status"], ip["final_value"], ip["decided_by"]) == (
        "met",
        "split",
        "A. Lawyer",
    )
    assert ip["review_outdated"] == "No"
    others = [
        f for f in findings if f is not ip and f["requirement"] != "art6.personnel_noncompete"
    ]
    assert {f["decided_by"] for f in others} == {"machine"}
    contracts = {r["doc"]: r for r in _rows(run / "portfolio.xlsx", "Summary")}
    assert contracts[NORTHBANK]["art11_ip_ownership"] == "split"
    assert contracts[NORTHBANK]["reviewed"] == "art11_ip_ownership"
    assert contracts[BPO]["art6_personnel_noncompete"] == "Yes"  # booleans one way: Yes/No
    assert contracts[BPO]["status.art6.personnel_noncompete"] == "met"
    assert contracts[BPO]["reviewed"] == "art6_personnel_noncompete"
    assert contracts["en/evergreen_payroll_services"]["reviewed"] is None


def test_findings_csv_has_bom_final_values_and_no_formula(run: Path) -> None:
    raw = (run / "findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens Chinese text right
    with (run / "findings.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert any("乙方" in (r["quote"] or "") for r in rows)  # Chinese text survives
    (ip,) = [r for r in rows if r["doc"] == NORTHBANK and r["requirement"] == "art11.ip_ownership"]
    assert (ip["final_status"], ip["final_value"], ip["decided_by"]) == (
        "met",
        "split",
        "A. Lawyer",
    )
    assert ip["review_note"].startswith("'=cl. 8.4")  # neutralised, as quotes are
    assert ip["review_outdated"] == "False"
    for r in rows:
        for value in r.values():
            assert (value or " ")[0] not in "=+@\t\r" or value.lstrip("-").replace(
                ".", ""
            ).isdigit()


def test_summary_uses_final_values_and_separates_the_gaps(run: Path) -> None:
    text = (run / "summary.md").read_text(encoding="utf-8")
    (no_ip,) = [x for x in text.splitlines() if x.startswith("- No allocation of newly created IP")]
    assert BPO in no_ip
    assert "redwood" not in no_ip  # Article 11 does not apply: not a gap
    assert NORTHBANK not in no_ip
    assert "- Article 11 does not apply (1)" in text
    (inst,) = [x for x in text.splitlines() if x.startswith("**art10_arbitration_institution**")]
    assert "(no arbitration): 2" in inst  # courts only: the zh BPO contract and the NDA
    assert "(arbitration naming no institution): 1" in inst
    assert "- Arbitration naming no institution (1): en/evergreen_payroll_services" in text
    (ip_mix,) = [x for x in text.splitlines() if x.startswith("**art11_ip_ownership**")]
    assert "split: 1" in ip_mix and "(Article 11 does not apply): 1" in ip_mix  # final values
    assert "Reviewer decisions: 2 applied" in text


def test_charts_use_final_values_and_name_the_contracts(run: Path) -> None:
    from analyzer import charts
    from analyzer.portfolio import final_contracts, final_findings
    from analyzer.review import decisions
    from analyzer.store import open_store

    with open_store(run / "results.sqlite") as db:
        by_doc = decisions(db)
        rid = db.latest_run()
        assert rid is not None
        contracts = final_contracts(db, rid, by_doc)
        findings = final_findings(db, rid, by_doc)
    matrix = charts.status_matrix(findings)
    assert matrix.loc[BPO, "art6.personnel_noncompete"] == "met"  # the reviewer's status
    fig = charts.ip_ownership_mix(contracts)
    bars = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert "not applicable" in bars and "split" in bars
    fig = charts.status_heatmap(findings)
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert sorted(names) == sorted(matrix.index)


def test_heatmap_of_many_contracts_shows_those_with_most_gaps_by_name() -> None:
    import pandas as pd

    from analyzer import charts

    rows = []
    for i in range(75):
        for j in range(5):
            status = "missing" if j < i % 6 else "met"
            rows.append((f"contract {i:02d}", 3 + j, f"art{3 + j}.req", status))
    findings = pd.DataFrame(rows, columns=["doc", "article", "requirement", "status"])
    fig = charts.status_heatmap(findings, top=20)
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert len(names) == 20
    assert names[0] == "contract 05"  # five gaps, the first in name order
    assert all(int(n.split()[1]) % 6 == 5 for n in names[:12])  # every contract with 5 gaps
    assert ax.get_title() == "The 20 contracts with the most gaps (of 75)"


def test_issue_rows_are_as_tall_as_their_longest_wrapped_cell() -> None:
    """Spreadsheet programs do not grow a row for wrapped text they load (LibreOffice Calc showed
    long requirement texts running into the next row): the writer sets each Issues row's height."""
    from analyzer.issues import ISSUE_WIDTHS, LINE_HEIGHT, MAX_ROW_HEIGHT, row_height

    columns = ["Contract", "Quote", "Status"]
    width = ISSUE_WIDTHS["Quote"] - 2
    assert row_height(["a.docx", "short", "Met"], columns) == LINE_HEIGHT
    assert row_height(["a.docx", "x" * (width * 3), "Met"], columns) == 3 * LINE_HEIGHT
    # a CJK character takes two columns; an explicit line break starts a new line
    assert row_height(["a.docx", "保" * width, "Met"], columns) == 2 * LINE_HEIGHT
    assert row_height(["a.docx", "one\ntwo\nthree", "Met"], columns) == 3 * LINE_HEIGHT
    assert row_height(["a.docx", "y" * 100_000, "Met"], columns) == MAX_ROW_HEIGHT
    # other non-ASCII characters (accents, dashes, curly quotes) take one column; mixed text
    # counts each character by its own width
    assert row_height(["a.docx", "é—“" * (width // 3), "Met"], columns) == LINE_HEIGHT
    assert row_height(["a.docx", "保" * (width // 2) + "é", "Met"], columns) == 2 * LINE_HEIGHT
    assert row_height(["a.docx", "保" * (width // 2) + "\n保", "Met"], columns) == 2 * LINE_HEIGHT


def test_issues_sheet_counts_paragraphs_from_one_like_the_reports() -> None:
    """The Issues sheet, the Markdown report and the memos name the same paragraph: counted from
    1, as a lawyer counts them in Word (Evidence.paragraph is a 0-based index)."""
    from analyzer.issues import location
    from analyzer.model import Evidence
    from analyzer.report import _location

    ev = Evidence(quote="x", start=0, end=1, clause="8.1", page=None, paragraph=11)
    assert location(None, 11) == "para. 12"
    assert location(None, 11, "zh") == "第12段"
    assert "12" in _location(ev) and "12" in _location(ev, "zh")
    assert location(3, None) == "p. 3"


def test_lawyer_facing_text_has_no_pattern_ids() -> None:
    """Memos, Word comments and the review panel say which words were found, not which internal
    rule found them; the JSON keeps the rule id."""
    from analyzer.report import lawyer_explanation

    text = (
        "Confidentiality binds only the client: every non-disclosure duty found (pattern "
        "en.conf.nda.hold matched “shall keep the Contractor Confidential” in clause 5.1) is "
        "borne by the client."
    )
    plain = lawyer_explanation(text)
    assert "en.conf.nda.hold" not in plain and "pattern" not in plain
    assert "(the words “shall keep the Contractor Confidential” in clause 5.1)" in plain
    zh = "第4条 不得泄露｜要求：发现的保密义务（pattern zh.conf.nd.duty matched “负有保密义务” in 第5条）"
    assert lawyer_explanation(zh) == "发现的保密义务（the words “负有保密义务” in 第5条）"
