"""Issue #12, section 3: the wrong findings a lawyer sees first.

Every sentence here was written for these tests (never corpus text). Each case failed before the
fix that names it and passes after.
"""

from __future__ import annotations

import pytest
from builders import Screen, finding

from analyzer.forms import find_form_fields, span_state
from analyzer.model import ContractReport
from analyzer.report import labels_from_findings

from .conftest import make_document


def labels(report: ContractReport) -> dict[str, object]:
    return labels_from_findings(report.findings)


# --------------------------------------------------------------------------- unticked, blank


def test_unticked_certification_boxes_are_flagged_not_met(screen: Screen) -> None:
    report = screen(
        "ORDER FORM",
        "Certifications the Supplier holds: [ ] ISO 27001 [  ] SOC 2 Type II",
    )
    f = finding(report, "art8.certification")
    assert f.status == "flag"
    assert "not agreed" in f.explanation.lower() or "left open" in f.explanation


def test_ticked_certification_box_is_met(screen: Screen) -> None:
    report = screen("Certifications the Supplier holds: [X] ISO 27001 [  ] SOC 2 Type II")
    assert finding(report, "art8.certification").status == "met"


def test_english_option_runs_to_the_end_of_its_words() -> None:
    doc = make_document(
        "The Supplier will provide: [ ] a secure facility for Customer records; [x] extra staff",
        preamble=False,
    )
    fields = find_form_fields(doc)
    pos = doc.text.index("secure facility")
    assert span_state(fields, pos, pos + len("secure facility")) == "unticked"


def test_unticked_security_option_is_flagged(screen: Screen) -> None:
    report = screen(
        "The Supplier will provide: [ ] a secure facility for Customer records; [x] extra staff"
    )
    f = finding(report, "art5.security_measures")
    assert f.status == "flag"
    assert labels(report)["art5_security_measures"] is False


def test_ticked_liability_cap_row_is_no_security_measure(screen: Screen) -> None:
    report = screen(
        "Liability cap: [X] The Supplier's total liability for any security breach shall not "
        "exceed the fees paid in the prior twelve months."
    )
    assert labels(report)["art5_security_measures"] is False


def test_breach_notice_is_still_a_security_measure(screen: Screen) -> None:
    report = screen(
        "The Supplier shall notify the Customer within one day of any security breach affecting "
        "Customer data."
    )
    assert labels(report)["art5_security_measures"] is True


@pytest.mark.parametrize(
    "sentence",
    [
        "All disputes shall be resolved exclusively by the courts of {jurisdiction}.",
        "Each party submits to the exclusive jurisdiction of the courts of [●].",
        "Each party submits to the exclusive jurisdiction of the courts located in ________.",
    ],
)
def test_placeholder_court_is_flagged(screen: Screen, sentence: str) -> None:
    f = finding(screen(sentence), "art10.dispute_forum")
    assert f.status == "flag"
    assert "placeholder" in f.explanation


def test_named_court_is_met(screen: Screen) -> None:
    report = screen("Each party submits to the exclusive jurisdiction of the courts of Ontario.")
    assert finding(report, "art10.dispute_forum").status == "met"


def test_unticked_forum_options_are_flagged_as_none(screen: Screen) -> None:
    report = screen(
        "Disputes: [ ] arbitration under the rules of the ICC [ ] the courts of Paris",
    )
    f = finding(report, "art10.dispute_forum")
    assert (f.status, f.value) == ("flag", "none")


ZH_PREAMBLE = (
    "委托方（甲方）：某某科技有限公司",
    "受托方（乙方）：某某信息服务有限公司",
    "甲方委托乙方提供数据录入服务，乙方按本合同约定提供服务，甲方支付服务费。",
)


def zh_screen(*lines: str) -> ContractReport:
    from analyzer.engine import analyze

    return analyze(make_document(*ZH_PREAMBLE, *lines, preamble=False))


@pytest.mark.parametrize(
    "lines",
    [
        # "第（ ）方式" without 种, and a two-space "[  ]" blank
        (
            "协商不成的，双方可采取以下第（ ）方式解决争议：（1）向[  ]仲裁委员会申请仲裁；"
            "（2）向有管辖权的人民法院起诉。",
        ),
        # alternatives numbered as sub-clauses "6.2.1", "6.2.2"
        (
            "6.2 协商不成的，采取以下第      种方式解决：",
            "6.2.1提交            仲裁委员会申请仲裁；",
            "6.2.2向人民法院提起诉讼。",
        ),
        # one box at the start of each line: the whole line is the option
        (
            "如协商不成，可按下述方式解决：",
            "□向          人民法院提起诉讼。",
            "□向          仲裁委员会申请仲裁。仲裁裁决是终局的，对双方均有约束力。",
        ),
        # a Wingdings box converted to "≤"
        (
            "协商不成的，可选择下列方式：",
            "≤ 1．向　　　　　　仲裁委员会申请仲裁。",
            "≤ 2．向人民法院提起诉讼。",
        ),
        # general conditions leaving the choice to the special conditions
        (
            "双方可以在专用条款内约定以下一种方式解决争议：",
            "（1）向约定的仲裁委员会申请仲裁；",
            "（2）向有管辖权的人民法院起诉。",
        ),
    ],
)
def test_zh_open_forum_options_are_flagged_as_none(lines: tuple[str, ...]) -> None:
    f = finding(zh_screen(*lines), "art10.dispute_forum")
    assert (f.status, f.value) == ("flag", "none")


def test_zh_selected_forum_alternative_is_met() -> None:
    report = zh_screen(
        "协商不成的，双方采取以下第（2）种方式解决争议：（1）向上海仲裁委员会申请仲裁；"
        "（2）向甲方所在地人民法院起诉。",
    )
    f = finding(report, "art10.dispute_forum")
    assert (f.status, f.value) == ("met", "courts")


def test_zh_third_party_dispute_is_no_forum_of_the_parties() -> None:
    report = zh_screen("甲方与承包人之间的合同争议提交仲裁机构仲裁时，乙方应提供必要的证明资料。")
    assert finding(report, "art10.dispute_forum").value == "none"


# --------------------------------------------------------------------------- outsourcing_like


def _screen_titled(title: str, *paragraphs: str) -> ContractReport:
    from analyzer.engine import analyze

    return analyze(make_document(title, *paragraphs, preamble=False))


SERVICE_WORDS = (
    "The Seller shall provide transition services, support services and maintenance services "
    "as described in the Transition Services Agreement."
)


@pytest.mark.parametrize(
    ("title", "parties"),
    [
        (
            "INTELLECTUAL PROPERTY AGREEMENT",
            'This Intellectual Property Agreement is made between Northwind Parent Corp. ("Seller") '
            'and Southwind Spinco Inc. ("Buyer").',
        ),
        (
            "PARENT GUARANTY",
            'This Guaranty is given by Northwind Parent Corp. ("Guarantor") in favour of Harbour '
            'Bank plc ("Lender").',
        ),
        (
            "TRADEMARK LICENSE AGREEMENT",
            'This Trademark License Agreement is made between Northwind Parent Corp. ("Licensor") '
            'and Southwind Spinco Inc. ("Licensee").',
        ),
        (
            "UNCONDITIONAL CAPITAL MAINTENANCE AGREEMENT",
            'This Agreement is made between Northwind Parent Corp. ("Parent") and Southwind '
            'Insurance Co. ("Insurer").',
        ),
        (
            "JOINT VENTURE AGREEMENT",
            'This Joint Venture Agreement is made between Northwind Corp. ("Northwind") and '
            'Southwind Inc. ("Southwind").',
        ),
    ],
)
def test_contract_kind_in_the_title_is_not_outsourcing(title: str, parties: str) -> None:
    report = _screen_titled(title, parties, SERVICE_WORDS)
    assert report.outsourcing_like is False
    assert finding(report, "art11.ip_ownership").status == "not_applicable"


def test_executive_employment_agreement_is_not_outsourcing() -> None:
    report = _screen_titled(
        "SERVICE AGREEMENT",
        'This agreement is made between Orchard Labs Limited (the "Company") and Jane Doe (the '
        '"Executive").',
        "The Executive shall serve as Chief Financial Officer and shall provide such services "
        "to the Company as the board may direct. The Company shall pay the Executive a salary "
        "for the services and reimburse expenses incurred in the course of the services.",
    )
    assert report.outsourcing_like is False


def test_licence_and_hosting_title_stays_outsourcing() -> None:
    report = _screen_titled(
        "SOFTWARE LICENSE AND HOSTING AGREEMENT",
        'This agreement is made between Cloudline Inc. ("Provider") and Retail Co. ("Customer").',
        "The Provider shall provide the hosting services and support services to the Customer, "
        "and the Customer shall pay for the services.",
    )
    assert report.outsourcing_like is True


def test_nda_reports_ip_ownership_not_applicable() -> None:
    report = _screen_titled(
        "MUTUAL NON-DISCLOSURE AGREEMENT",
        'This agreement is made between Alder Ltd ("Alder") and Birch Ltd ("Birch").',
        "Each party may disclose Confidential Information to the other to evaluate a possible "
        "services relationship. The recipient shall not disclose it to any third party.",
    )
    assert finding(report, "art11.ip_ownership").status == "not_applicable"


def test_zh_labour_contract_is_not_outsourcing() -> None:
    from analyzer.engine import analyze

    doc = make_document(
        "劳动合同",
        "甲方（用人单位）：某某科技有限公司",
        "乙方（劳动者）：张三",
        "乙方同意根据甲方工作需要，担任技术服务岗位工作。",
        preamble=False,
    )
    assert analyze(doc).outsourcing_like is False


# --------------------------------------------------------------------------- reading


def test_page_number_line_inside_a_sentence_is_read_through(screen: Screen) -> None:
    report = screen(
        "7. TITLE. All reports, software and other work product developed by Supplier under this "
        "Agreement and related",
        "- 7 -",
        "(including all documentation), shall be the sole and exclusive property of Customer.",
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "client")


def test_a_second_match_in_the_sentence_is_kept(screen: Screen) -> None:
    # the first certification named is unticked; the second, ticked, must still be seen
    report = screen("Certifications the Supplier holds: [ ] ISO 27001 [X] SOC 2 Type II")
    assert finding(report, "art8.certification").status == "met"


def test_defined_term_carries_new_ip_meaning(screen: Screen) -> None:
    report = screen(
        "All reports, code and designs created by Supplier in performing the Services (the "
        '"Project Materials") shall be delivered on the dates in Schedule 2.',
        "The Project Materials shall at all times remain the sole property of Customer.",
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "client")


def test_term_put_into_a_defined_term_later(screen: Screen) -> None:
    report = screen(
        'Supplier runs its billing platform (the "Platform") for its clients.',
        "Any upgrades that Supplier develops during the term shall be deemed included in the "
        "Platform whether developed before or during the Services.",
        "The Platform shall remain the exclusive property of Supplier.",
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "provider")


def test_generic_ip_definition_does_not_make_new_ip(screen: Screen) -> None:
    report = screen(
        '"Intellectual Property" means patents, inventions, copyrights and works of authorship.',
        "Customer acknowledges that Supplier's Intellectual Property shall belong exclusively to "
        "Supplier.",
    )
    assert finding(report, "art11.ip_ownership").status == "missing"


def test_a_definition_sentence_gets_no_context(screen: Screen) -> None:
    report = screen(
        'All materials created by Supplier under this Agreement (the "Work") shall be delivered '
        "to Customer.",
        '"Licensed Copyrights" means all copyrights in the Work owned by Supplier on the date '
        "of this Agreement.",
    )
    assert finding(report, "art11.ip_ownership").status == "missing"


def test_the_foregoing_refers_to_the_sentence_before(screen: Screen) -> None:
    report = screen(
        "Supplier shall deliver to Customer the reports and software developed under each "
        "Statement of Work. All of the foregoing shall be owned by Customer.",
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "client")


def test_consent_to_service_of_process_is_no_forum(screen: Screen) -> None:
    report = screen(
        "The Company shall not be obliged to file any general consent to service of process or "
        "to qualify to do business in any jurisdiction in which it is not so qualified.",
    )
    assert labels(report)["art10_dispute_forum"] == "none"


def test_project_ip_belongs_to_a_party(screen: Screen) -> None:
    report = screen("The intellectual property of the project belongs to Supplier.")
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "provider")


# --------------------------------------------------------------------------- non-operative text


def test_co_owners_in_a_no_partnership_disclaimer_is_no_joint_ownership(screen: Screen) -> None:
    report = screen(
        "Nothing in this Agreement makes the parties partners, joint venturers or co-owners of "
        "any business."
    )
    assert finding(report, "art11.ip_ownership").value == "none"


def test_security_system_in_a_list_of_excluded_fees_is_no_measure(screen: Screen) -> None:
    report = screen(
        "The Fees do not include hardware, the security system at the Customer site, or "
        "travel, which Customer shall pay separately."
    )
    assert labels(report)["art5_security_measures"] is False


def test_agents_bound_by_confidentiality_are_staff_not_third_parties(screen: Screen) -> None:
    report = screen(
        '"Confidential Information" means non-public information of Customer.',
        "Supplier may disclose Confidential Information only to its agents who are bound by "
        "written confidentiality obligations.",
    )
    got = labels(report)
    assert got["art6_personnel_confidentiality"] is True
    assert got["art6_third_party_confidentiality"] is False


# --------------------------------------------------------------------------- direction


def test_a_report_given_to_the_client_is_no_security_duty(screen: Screen) -> None:
    report = screen(
        "Supplier will provide Customer with a report describing its security policies."
    )
    assert labels(report)["art5_security_measures"] is False


def test_an_entitlement_is_no_duty(screen: Screen) -> None:
    report = screen(
        "Supplier will be entitled to injunctive relief to protect its Confidential Information."
    )
    assert labels(report)["art4_provider_nondisclosure"] is False
    assert all(o.modality == "may" for o in report.obligations if "injunctive relief" in o.action)


def test_a_reservation_of_the_providers_rights_does_not_protect_the_client(
    screen: Screen,
) -> None:
    report = screen("Supplier reserves all rights in its software not expressly granted herein.")
    assert labels(report)["art12_client_ip_protection"] is False


def test_a_reservation_of_the_clients_rights_protects_the_client(screen: Screen) -> None:
    report = screen("Customer reserves all rights in its data not expressly granted to Supplier.")
    assert labels(report)["art12_client_ip_protection"] is True


# --------------------------------------------------------------------------- Markdown


@pytest.mark.parametrize(
    "sentence",
    [
        '**"Confidential Information"** means all non-public information of Customer.',
        '"**Confidential Information**" means all non-public information of Customer.',
    ],
)
def test_markdown_emphasis_inside_a_defined_term(screen: Screen, sentence: str) -> None:
    report = screen(sentence)
    f = finding(report, "art3.confidential_info_defined")
    assert f.status == "met"
    assert f.evidence[0].quote == sentence
