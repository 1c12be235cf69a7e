"""A weak provider/client call is said, not hidden: the ``roles_uncertain`` warning names both
parties and the words the call rests on, in English and Chinese, above the register too (texts
written for these tests, no corpus text)."""

from __future__ import annotations

from pathlib import Path

from builders import text_document

from analyzer.engine import analyze
from analyzer.parties import ROLE_MARGIN_CHECK, analyse_parties, role_call
from analyzer.report import obligations_markdown, to_markdown
from analyzer.segment import segment

# a sponsorship: one side pays, the other mentions it; nothing says who serves whom
WEAK = (
    "SPONSORSHIP AGREEMENT",
    'This Agreement is made between Acme Games Ltd. ("Acme") and the Lakeside Charity Trust '
    '("Trust").',
    "Acme agrees to pay to the Trust the sum of 10,000 dollars.",
    "The Trust will mention Acme in its newsletter.",
)
STRONG = (
    "SERVICES AGREEMENT",
    'This Agreement is made between Acme Data Ltd. ("Supplier") and Beta Bank plc ("Customer").',
    "Supplier shall provide the Services to Customer.",
    "Customer shall pay the fees to Supplier.",
    "Supplier shall perform the Services with due care.",
)


def _call(lines: tuple[str, ...]):  # type: ignore[no-untyped-def]
    doc = text_document(*lines)
    return role_call(analyse_parties(doc, segment(doc), "en"))


def test_the_margin_between_the_two_sides_role_votes() -> None:
    weak, strong = _call(WEAK), _call(STRONG)
    assert weak is not None and strong is not None
    assert (weak.provider.name, weak.client.name) == ("Lakeside Charity Trust", "Acme Games Ltd.")
    assert weak.margin <= ROLE_MARGIN_CHECK < strong.margin
    assert weak.uncertain and not strong.uncertain


def test_a_weak_call_is_a_warning_naming_both_parties_and_its_words() -> None:
    doc = text_document(*WEAK)
    report = analyze(doc, second_reader=False)
    (warning,) = [n for n in report.warnings if n.code == "roles_uncertain"]
    assert "Lakeside Charity Trust was taken as the provider" in warning.message
    assert "Acme Games Ltd. as the client" in warning.message
    quoted = warning.message.split("“", 1)[1].split("”", 1)[0]
    assert quoted in doc.text  # the words it rests on, as the contract has them
    assert "a lawyer should confirm who serves whom" in warning.message


def test_a_clear_call_gives_no_warning() -> None:
    report = analyze(text_document(*STRONG), second_reader=False)
    assert not [n for n in report.warnings if n.code == "roles_uncertain"]


def test_the_register_says_it_follows_an_uncertain_call_in_either_language() -> None:
    report = analyze(text_document(*WEAK), second_reader=False)
    en = "\n".join(obligations_markdown(report, "en"))
    zh = "\n".join(obligations_markdown(report, "zh"))
    assert "> lawyer check: who performs the services is uncertain" in en
    assert "> 需律师核查：无法确定哪一方提供服务：Lakeside Charity Trust被认定为接包方" in zh
    assert "请律师确认哪一方为另一方提供服务" in zh
    # and the report's notices, in Chinese with --lang-out zh
    assert "warning `roles_uncertain`: t.txt: 无法确定哪一方提供服务" in to_markdown(
        report, lang="zh"
    )


def test_a_portfolio_lists_the_contracts_whose_roles_need_a_check(tmp_path: Path) -> None:
    """The notebook's view (frames.roles_to_check): from the store a portfolio run wrote, the
    weak contract with its parties and the warning; not the clear one."""
    from analyzer.frames import roles_to_check
    from analyzer.portfolio import analyze_portfolio
    from analyzer.store import open_store

    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "sponsorship.txt").write_text("\n".join(WEAK), encoding="utf-8")
    (folder / "services.txt").write_text("\n".join(STRONG), encoding="utf-8")
    result = analyze_portfolio([folder], out=tmp_path / "out", workers=1, progress=False)
    frames = open_store(result.store).frames()
    view = roles_to_check(frames["contracts"], frames["errors"])
    assert list(view.columns) == ["doc", "provider", "client", "message"]
    assert view["doc"].tolist() == ["sponsorship"]
    row = view.iloc[0]
    assert (row["provider"], row["client"]) == ("Lakeside Charity Trust", "Acme Games Ltd.")
    assert "a lawyer should confirm who serves whom" in row["message"]


def test_a_call_on_one_side_only_is_uncertain_too() -> None:
    # the analysis gives one party a role and no party the other: the other side is a guess
    doc = text_document(
        "DISTRIBUTION AGREEMENT",
        'Acme Data Ltd. (the "Supplier") appoints its partner to resell the products.',
        "Supplier shall deliver the products within ten days of each order.",
    )
    report = analyze(doc, second_reader=False)
    (provider,) = [p for p in report.parties if p.role == "provider"]
    assert not [p for p in report.parties if p.role == "client"]
    (warning,) = [n for n in report.warnings if n.code == "roles_uncertain"]
    assert f"only {provider.name} was identified, as the provider" in warning.message
    zh = "\n".join(obligations_markdown(report, "zh"))
    assert f"仅识别出{provider.name}为接包方，未识别出发包方" in zh


def test_the_obligations_sheet_and_csv_mark_the_rows_whose_side_is_uncertain(
    tmp_path: Path,
) -> None:
    """A lawyer filtering the Obligations sheet (or obligations.csv) sees which rows' provider /
    client rests on a weak call: ``sides_to_check`` is true for the provider's and the client's
    rows of the uncertain contract, false for its mutual rows and for the clear contract."""
    import csv

    from openpyxl import load_workbook

    from analyzer.portfolio import analyze_portfolio

    folder = tmp_path / "contracts"
    folder.mkdir()
    weak = (
        *WEAK,
        "Each party shall keep the terms of this Agreement confidential.",
        "The Trust shall not disclose the confidential information of Acme to any third party.",
    )
    (folder / "sponsorship.txt").write_text("\n".join(weak), encoding="utf-8")
    (folder / "services.txt").write_text("\n".join(STRONG), encoding="utf-8")
    out = tmp_path / "out"
    analyze_portfolio([folder], out=out, workers=1, progress=False)
    with (out / "obligations.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    marked = {(r["doc"], r["role"], r["sides_to_check"]) for r in rows}
    assert ("sponsorship", "provider", "True") in marked
    assert ("sponsorship", "client", "True") in marked
    assert ("sponsorship", "both", "False") in marked
    assert {m[2] for m in marked if m[0] == "services"} == {"False"}
    sheet = load_workbook(out / "portfolio.xlsx", read_only=True)["Obligations"]
    values = list(sheet.values)
    header = list(values[0])
    assert header[-1] == "sides_to_check"
    doc_at, check_at = header.index("doc"), header.index("sides_to_check")
    checks = {(r[doc_at], r[check_at]) for r in values[1:]}
    # the workbook writes truth values as Yes / No
    assert ("sponsorship", "Yes") in checks  # the Trust's duty of secrecy: a regulated topic
    assert ("sponsorship", "No") in checks  # each party's
    assert ("services", "Yes") not in checks


# a licence: the role words and the royalties name the sides, no clause has anyone serve anyone
LICENCE = (
    "TRADEMARK LICENSE AGREEMENT",
    'This Agreement is made between Orchard Brands LLC ("Licensor") and Harbour Fund Inc. '
    '("Licensee").',
    "1. Licensor hereby grants to Licensee a non-exclusive licence to use the Mark.",
    "2. Licensee shall pay Licensor a royalty of two percent of net sales each quarter.",
    "3. Licensee shall pay Licensor the royalties due under clause 2 within 30 days.",
    "4. Licensee shall not challenge the validity of the Mark.",
)


def test_a_call_resting_on_convention_alone_is_said() -> None:
    # the margin is wide (role nouns and royalties agree) but every vote is conventional: the
    # licensee as the nominal provider; the annotators of the obligations sets read licences
    # the other way round, so a lawyer is asked to confirm
    doc = text_document(*LICENCE)
    call = role_call(analyse_parties(doc, segment(doc), "en"))
    assert call is not None and call.margin > ROLE_MARGIN_CHECK
    assert call.nominal and call.provider.name == "Harbour Fund Inc."
    report = analyze(doc, second_reader=False)
    (warning,) = [n for n in report.warnings if n.code == "roles_uncertain"]
    assert "by convention" in warning.message
    quoted = warning.message.split("“", 1)[1].split("”", 1)[0]
    assert quoted in doc.text
    zh = "\n".join(obligations_markdown(report, "zh"))
    assert "仅依惯例" in zh and f"：“{quoted}”" in zh


def test_a_licence_with_services_is_no_convention() -> None:
    # the licensor also hosts and supports the software: services decide, not the role words
    doc = text_document(
        *LICENCE[:2],
        "5. Licensor shall provide hosting and support services to Licensee.",
        "6. Licensor will provide the maintenance services to Licensee at its data centre.",
        "7. Licensor shall perform the Services with due care.",
    )
    call = role_call(analyse_parties(doc, segment(doc), "en"))
    assert call is not None and not call.nominal
    assert call.provider.name == "Orchard Brands LLC"
