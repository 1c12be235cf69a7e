"""Session 9: wordings found in the fifteen contracts labelled at the end of session 8, read only
after they had been scored.

Every sentence here was written for these tests (never corpus text). The preamble makes Beta
Outsourcing Inc. ("Supplier") the provider and Acme Holdings Ltd ("Customer") the client.
"""

from __future__ import annotations

from builders import Screen, finding, parties_of


def test_trade_secrets_defined_with_a_colon(screen: Screen) -> None:
    report = screen(
        "1.1.2 Trade Secrets: means any technical, financial or business information of a party "
        "that is protected as a trade secret."
    )
    assert finding(report, "art3.confidential_info_defined").status == "met"


def test_information_that_shall_be_the_confidential_information_of_a_party(
    screen: Screen,
) -> None:
    report = screen(
        "7.1 All information acquired by the parties and their employees in performing this "
        "Agreement, including pricing and technical data, shall be the confidential information "
        "of the parties."
    )
    assert finding(report, "art3.confidential_info_defined").status == "met"


def test_customer_information_defined_as_non_public_personal_information(
    screen: Screen,
) -> None:
    defined = screen(
        "15.2 Customer Information means any information on a customer's application and all "
        "nonpublic personal information about a customer that one party receives from the other."
    )
    assert finding(defined, "art3.confidential_info_defined").status == "met"
    # a definition that says nothing of secrecy defines no confidential information
    plain = screen(
        "15.2 Customer Information means the name and delivery address printed on each order."
    )
    assert finding(plain, "art3.confidential_info_defined").status == "missing"


def test_submitting_the_dispute_to_the_court_at_a_place_is_a_forum(screen: Screen) -> None:
    report = screen(
        "10.2 Any dispute shall first be settled through friendly consultation. If it is not "
        "resolved within thirty days, either party shall submit to the court at the place where "
        "Customer is located."
    )
    assert finding(report, "art10.dispute_forum").value == "courts"
    # the ICC's International Court of Arbitration is no court of law
    icc = screen(
        "10.2 Any dispute shall be submitted to the court of arbitration of the International "
        "Chamber of Commerce and finally settled under its rules."
    )
    assert finding(icc, "art10.dispute_forum").value == "arbitration"


def test_not_using_the_other_partys_names_and_no_longer_using_marks(screen: Screen) -> None:
    names = screen(
        "12.4 Supplier shall not use the other party's names in any marketing or advertising "
        "materials without the prior written consent of that party."
    )
    assert finding(names, "art12.client_ip_protection").status == "met"
    no_longer = screen(
        "12.4 On termination of this Agreement Supplier shall no longer use Customer's "
        "trademarks in its product pages or promotions of any kind."
    )
    assert finding(no_longer, "art12.client_ip_protection").status == "met"


def _parties(*lines: str) -> dict[str, str]:
    return {p.name: p.role for p in parties_of(*lines)}


def test_a_defined_term_whose_closing_quote_was_lost_still_names_a_party() -> None:
    # the preamble's line breaks lost as well: the headings after it are no parties
    roles = _parties(
        'THIS ENDORSEMENT AGREEMENT is made between Northwind Foods LLC ("Northwind"), a '
        'Delaware company, and Jane Roe ("Talent), an individual.    AGREEMENT    1. '
        "Engagement. Northwind engages Talent to endorse its cereal in the following markets: "
        '(1) Ohio; and (2) Texas (collectively "Markets"); B. On the Northwind website '
        '("Website"). Talent shall appear in the Markets and on the Website.'
    )
    assert roles == {"Northwind Foods LLC": "client", "Jane Roe": "provider"}


def test_an_agreement_number_above_a_name_is_not_part_of_it() -> None:
    # and the term's closing quote lost again
    roles = _parties(
        "SUPPORT AGREEMENT",
        "AGREEMENT NUMBER: 300-11-222-01",
        'Gamma Storage Corporation ("Gamma)   and   Delta Retail Inc. ("Customer")',
        "Gamma will provide the support services to Customer described in Schedule A.",
    )
    assert roles == {"Gamma Storage Corporation": "provider", "Delta Retail Inc.": "client"}


def test_a_regulator_defined_in_a_filing_is_no_party() -> None:
    roles = _parties(
        "UNDERWRITING AGREEMENT",
        'This Agreement is made between Harbor Income Fund ("Fund") and Keel Securities LLC '
        '("Keel"). The Fund has filed a registration statement with the Securities and Exchange '
        'Commission (the "SEC").',
        "Keel will act as principal underwriter for the distribution of the Fund's shares.",
    )
    assert "Exchange Commission" not in roles and "Securities and Exchange Commission" not in roles
    assert roles["Keel Securities LLC"] == "provider"


def test_chinese_repair_contract_roles_from_the_named_contract_type() -> None:
    parties = parties_of(
        "家电维修服务合同",
        "托修人（甲方）：某某商贸有限公司",
        "承修人（乙方）：某某电器维修有限公司",
        "一、乙方负责对甲方送修的设备进行检测和维修。",
        language="zh",
    )
    roles = {p.terms[0]: p.role for p in parties}
    assert roles == {"托修人": "client", "承修人": "provider"}


def test_a_model_forms_name_slot_that_names_the_role() -> None:
    parties = parties_of(
        "电子商务平台服务合同（示范文本）",
        "甲方：【电子商务平台经营者】（以下简称“甲方”）",
        "乙方：【平台内经营者】（以下简称“乙方”）",
        "一、甲方为乙方提供网络经营场所、交易撮合和信息发布服务。",
        "二、乙方应按约定向甲方支付平台使用费。",
        language="zh",
    )
    roles = {p.name: p.role for p in parties}
    assert roles == {"甲方": "provider", "乙方": "client"}
