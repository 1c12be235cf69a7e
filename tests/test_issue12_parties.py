"""Issue #12, section 3: parties as a lawyer reads them (sentences written for these tests)."""

from __future__ import annotations

from analyzer.engine import analyze
from analyzer.model import ContractReport
from analyzer.parties import strip_name_tail
from analyzer.readers._common import BlockDraft, assemble


def screen(*lines: str) -> ContractReport:
    text = "\n".join(lines)
    doc = assemble(
        path="p.txt",
        data=text.encode("utf-8"),
        fmt="text",
        drafts=[BlockDraft(text=x) for x in lines],
    )
    return analyze(doc)


def parties(report: ContractReport) -> dict[str, str]:
    return {p.name: p.role for p in report.parties}


def test_definitions_of_kinds_of_people_are_not_parties() -> None:
    report = screen(
        "SERVICES AGREEMENT",
        "Provider: Cloudline Inc.",
        "Customer: Retail Co.",
        '"Subcontractor" means any third party engaged by Provider to perform the Services.',
        '"Practice" means the clinic operated by the Customer at the Premises.',
        "Provider shall provide the Services to Customer. Provider may engage a Subcontractor.",
    )
    assert parties(report) == {"Cloudline Inc.": "provider", "Retail Co.": "client"}


def test_party_name_without_address_or_numbers() -> None:
    report = screen(
        "SERVICES AGREEMENT",
        "Provider: Cloudline Inc., Address: 4 Harbour Road, Leith, Tax ID: 98-7654321",
        "Customer: Retail Co. Registered number 01234567",
        "Provider shall provide the Services to Customer and Customer shall pay the fees.",
    )
    assert set(parties(report)) == {"Cloudline Inc.", "Retail Co."}


def test_strip_name_tail() -> None:
    assert strip_name_tail("Delta Foods Ltd. Legal Representative: Wang Wei") == "Delta Foods Ltd."
    assert (
        strip_name_tail("某某数据有限公司 统一社会信用代码：91310000XXXXXXXX") == "某某数据有限公司"
    )
    assert strip_name_tail("Northbank Contact Centre Ltd") == "Northbank Contact Centre Ltd"


def test_party_a_and_party_b_labels_mid_line_are_resolved() -> None:
    report = screen(
        "Cooperation Agreement   Party A: Delta Heat Engineering Co., Ltd. Legal Representative: "
        "Li Ming   Party B: Orchid Paper Mill Co., Ltd.   Legal Representative: Zhao Lei",
        "Party A shall design, build and operate the heat recovery system for Party B. Party B "
        "shall pay Party A a monthly service fee.",
    )
    roles = parties(report)
    assert roles.get("Delta Heat Engineering Co., Ltd.") == "provider"
    assert roles.get("Orchid Paper Mill Co., Ltd.") == "client"
    assert "unknown" not in roles.values()


def test_zh_party_labels_on_one_line_and_construction_roles() -> None:
    report = screen(
        "建设工程监理合同",
        "委托人（全称）：\t 监理人（全称）：\t 根据有关法律规定，双方就监理事项协商一致，订立本合同。",
        "委托人委托监理人对本工程实施监理，监理人应按照本合同约定提供监理服务。",
        "监理人对其编制的监理文件拥有著作权。",
    )
    roles = parties(report)
    assert roles == {"委托人": "client", "监理人": "provider"}
    ip = next(f for f in report.findings if f.requirement == "art11.ip_ownership")
    assert (ip.status, ip.value) == ("met", "provider")
