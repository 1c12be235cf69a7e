"""Issue #12 (rules on contracts they were not tuned on): error classes found on train+dev.

Every sentence here was written for these tests (never corpus text).
"""

from __future__ import annotations

import pytest
from builders import Screen, finding

from analyzer.model import ContractReport
from analyzer.report import labels_from_findings


def labels(report: ContractReport) -> dict[str, object]:
    return labels_from_findings(report.findings)


# --------------------------------------------------------------------------- art11 wordings


@pytest.mark.parametrize(
    ("sentence", "owner"),
    [
        (
            "Any artwork developed under this Agreement is the exclusive property of Customer.",
            "client",
        ),
        ("All reports prepared under this Agreement are the property of Customer.", "client"),
        (
            "Supplier is, and shall remain, the sole owner of all enhancements developed under "
            "this Agreement.",
            "provider",
        ),
        (
            "All brochures produced hereunder will be and remain the absolute property of Customer.",
            "client",
        ),
        ("User data gathered through the portal will be owned solely by Supplier.", "provider"),
        ("Data concerning users of the portal shall be owned by Customer.", "client"),
    ],
)
def test_present_tense_and_data_ownership_wordings(
    screen: Screen, sentence: str, owner: str
) -> None:
    f = finding(screen(sentence), "art11.ip_ownership")
    assert (f.status, f.value) == ("met", owner)


def test_joint_data_beside_one_sided_results_is_split(screen: Screen) -> None:
    report = screen(
        "Supplier is and shall be the sole owner of all improvements developed under this "
        "Agreement.",
        "Supplier and Customer shall jointly own the subscriber lists gathered through the portal.",
    )
    assert finding(report, "art11.ip_ownership").value == "split"


@pytest.mark.parametrize(
    "sentence",
    [
        "WHEREAS, Customer is the owner of certain trademarks and logos and their later "
        "modifications used in its business;",
        "Supplier acknowledges that the customer messages are the property of Customer, "
        "including any modifications made to them.",
    ],
)
def test_a_statement_of_existing_ownership_allocates_no_results(
    screen: Screen, sentence: str
) -> None:
    assert finding(screen(sentence), "art11.ip_ownership").value == "none"


def test_an_acknowledged_allocation_of_results_still_counts(screen: Screen) -> None:
    report = screen(
        "Supplier acknowledges that all deliverables developed under this Agreement are the "
        "property of Customer."
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "client")


def test_the_inventions_that_are_the_property_of_a_party_allocate_nothing(screen: Screen) -> None:
    report = screen(
        "Customer may file patent applications covering the inventions that are the property "
        "of Customer and developed in its own laboratories."
    )
    assert finding(report, "art11.ip_ownership").value == "none"


def test_successors_and_assigns_is_no_assignment(screen: Screen) -> None:
    report = screen(
        "Neither party shall sue the other party or its successors and assigns for infringement "
        "of patent rights in any improvements developed under this Agreement."
    )
    assert finding(report, "art11.ip_ownership").value == "none"


def test_results_given_to_two_named_parties_without_known_roles_are_split(
    screen: Screen,
) -> None:
    report = screen(
        "Inventions made solely by employees of Alpha Labs during the term shall belong solely "
        "to Alpha Labs.",
        "Inventions made solely by employees of Omega Bio during the term shall belong solely "
        "to Omega Bio.",
        preamble=False,
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "split")


def test_one_named_owner_beside_joint_results_without_known_roles_is_split(
    screen: Screen,
) -> None:
    report = screen(
        "Omega Bio will retain all ownership rights in improvements developed under this "
        "Agreement.",
        "Inventions made jointly under this Agreement shall be jointly owned.",
        preamble=False,
    )
    assert finding(report, "art11.ip_ownership").value == "split"


# --------------------------------------------------------------------------- art3 descriptions


@pytest.mark.parametrize(
    "sentence",
    [
        "Each party shall prevent the disclosure of any confidential information which it may "
        "have received from the other party.",
        "Supplier shall hold in confidence all documents and information of a confidential "
        "nature supplied to it by Customer.",
        "Business Secrets mean any technical or commercial information of a party that is not "
        "public.",
    ],
)
def test_confidential_information_described_by_source_or_nature(
    screen: Screen, sentence: str
) -> None:
    assert labels(screen(sentence))["art3_confidential_info_defined"] is True


@pytest.mark.parametrize(
    "sentence",
    [
        "乙方不得向他人泄露甲方的家庭成员情况、收入状况及住址电话等信息。",
        "乙方不得复制、泄漏或不正当使用甲方送修设备中的数据。",
        "未经甲方同意，乙方不得将甲方提供的图纸、报告以及标明保密的其他资料等泄露给任何第三方。",
        "乙方对本项目中涉及的商业秘密负有保密义务。",
    ],
)
def test_zh_information_not_to_be_disclosed_is_described(sentence: str) -> None:
    from analyzer.engine import analyze

    from .conftest import make_document

    doc = make_document(
        "甲方（委托方）：某某科技有限公司",
        "乙方（受托方）：某某服务有限公司",
        "甲方委托乙方提供维修服务，甲方向乙方支付服务费。",
        sentence,
        preamble=False,
    )
    report = analyze(doc, second_reader=False)
    assert labels(report)["art3_confidential_info_defined"] is True
