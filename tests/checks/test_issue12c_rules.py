"""Issue #12, third pass (session 5): error classes found on train+dev, fixed by general rules.

Every sentence here was written for these tests (never corpus text).
"""

from __future__ import annotations

import pytest
from builders import Screen, finding, text_document

from analyzer.engine import analyze
from analyzer.model import ContractReport


def roles(report: ContractReport) -> dict[str, str]:
    return {p.terms[0] if p.terms else p.name: p.role for p in report.parties}


# --------------------------------------------------------------------------- art11


def test_a_definition_gives_way_to_the_operative_clause(screen: Screen) -> None:
    # the definition says earlier results were jointly owned; the operative clause gives the new
    # results to the client: the contract allocates them to the client, not "split"
    report = screen(
        '"Earlier Results" means the results of the earlier project, which by definition are '
        "jointly owned by the parties.",
        "Customer will solely own all work product resulting from the Services, and Supplier "
        "hereby assigns to Customer all right, title and interest in that work product.",
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "client")
    assert "Earlier Results" not in " ".join(e.quote for e in f.evidence)


def test_a_definition_alone_still_counts(screen: Screen) -> None:
    report = screen(
        '"Project Results" means all results created by Supplier under this Agreement, which '
        "shall be owned by Customer."
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "client")


def test_shall_have_no_rights_is_not_ownership(screen: Screen) -> None:
    # "Supplier shall have no rights therein" does not make the supplier an owner
    report = screen(
        "Any improvements to the platform created by Customer shall be owned, and be freely "
        "assignable, by Customer, and Supplier shall have no rights therein.",
        "Customer will own exclusively all work product, and Supplier hereby assigns to "
        "Customer all right, title and interest in the work product.",
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "client")


def test_marks_and_confidential_information_are_not_results(screen: Screen) -> None:
    # giving back rights in the client's marks, or saying disclosed information stays the
    # discloser's property, allocates nothing created by the services
    report = screen(
        "Supplier shall assign to Customer, without charge, any rights in the trademarks of "
        "Customer that may inure to the benefit of Supplier.",
        "Confidential information remains the sole property of the party disclosing it.",
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("missing", "none")


def test_trademark_sentence_that_names_results_still_counts(screen: Screen) -> None:
    report = screen(
        "All designs and logos created by Supplier under this Agreement shall be the exclusive "
        "property of Customer."
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "client")


# --------------------------------------------------------------------------- art12


def test_assignment_of_the_contract_is_not_ip_protection(screen: Screen) -> None:
    report = screen(
        "Neither Party shall assign, pledge or otherwise transfer any of its rights or "
        "obligations hereunder without the prior written consent of the other Party."
    )
    assert finding(report, "art12.client_ip_protection").status == "missing"


def test_goodwill_inures_to_the_client(screen: Screen) -> None:
    report = screen(
        "All use of the Marks by Supplier and the goodwill arising from it shall inure solely "
        "to the benefit of Customer."
    )
    assert finding(report, "art12.client_ip_protection").status == "met"


def test_no_challenge_with_a_long_qualifier(screen: Screen) -> None:
    report = screen(
        "Supplier shall not dispute or contest for any reason whatsoever, directly or "
        "indirectly, during the term of this Agreement and at any time thereafter, the validity "
        "or ownership of any of the trademarks of Customer."
    )
    assert finding(report, "art12.client_ip_protection").status == "met"


def test_the_strongest_protection_is_quoted_first(screen: Screen) -> None:
    report = screen(
        "All rights not expressly granted in this Agreement are reserved to Customer.",
        "Supplier shall not reverse engineer or decompile the Customer Software.",
    )
    f = finding(report, "art12.client_ip_protection")
    assert f.status == "met"
    assert "reverse engineer" in f.evidence[0].quote


# --------------------------------------------------------------------------- roles


def _report(*paragraphs: str) -> ContractReport:
    return analyze(text_document(*paragraphs, path="licence.txt"), second_reader=False)


def test_a_pure_licence_makes_the_licensee_the_nominal_provider() -> None:
    report = _report(
        'This Licence Agreement is made between Orion Media Ltd ("Licensor") and Delta '
        'Streaming Inc. ("Licensee").',
        "Licensor grants Licensee a non-exclusive licence to distribute the Titles.",
        "Licensee shall keep the Licensor's information confidential.",
    )
    assert roles(report) == {"Licensor": "client", "Licensee": "provider"}


def test_the_royalty_payer_is_the_licensee() -> None:
    report = _report(
        'This Agreement is made between Orion Labs Ltd ("Orion") and Delta Pharma Inc. ("Delta").',
        "Orion grants Delta an exclusive licence under the Orion Patents.",
        "Delta shall pay Orion a royalty of five percent of Net Sales.",
        "Delta shall pay to Orion the royalties due for each quarter within thirty days.",
    )
    assert roles(report) == {"Orion": "client", "Delta": "provider"}


def test_a_licensor_that_hosts_and_maintains_is_the_provider() -> None:
    report = _report(
        'This Hosting Agreement is made between Orion Software Ltd ("Licensor") and Delta '
        'Retail Inc. ("Licensee").',
        "Licensor shall host, operate and maintain the Services for Licensee.",
        "Licensor shall provide the support services to Licensee.",
        "Licensee shall pay Licensor the monthly fees.",
    )
    assert roles(report) == {"Licensor": "provider", "Licensee": "client"}


# --------------------------------------------------------------------------- art4


def test_a_duty_to_tell_is_not_a_duty_of_secrecy(screen: Screen) -> None:
    report = screen(
        "The Supplier shall disclose to the Customer any changes to the Products requested by "
        "end users."
    )
    assert finding(report, "art4.provider_nondisclosure").status == "missing"


def test_exceptions_to_secrecy_are_not_the_duty(screen: Screen) -> None:
    report = screen(
        "The Supplier will not be required to disclose any information in breach of a "
        "confidentiality agreement with a third party.",
        "The Supplier will generally not keep the details of the work confidential.",
    )
    assert finding(report, "art4.provider_nondisclosure").status == "missing"


def test_neither_nor_binds_each_named_party(screen: Screen) -> None:
    report = screen(
        "Neither the Customer, its affiliates nor the Supplier shall disclose any Confidential "
        "Information to third parties."
    )
    assert finding(report, "art4.provider_nondisclosure").status == "met"


def test_the_plain_duty_is_quoted_before_an_exception(screen: Screen) -> None:
    report = screen(
        "If the Supplier is required by law to disclose Confidential Information, the Supplier "
        "shall not disclose it before notifying the Customer.",
        "The Supplier shall hold all Confidential Information of the Customer in strict "
        "confidence.",
    )
    f = finding(report, "art4.provider_nondisclosure")
    assert f.status == "met"
    assert "strict confidence" in f.evidence[0].quote


# --------------------------------------------------------------------------- art6 non-compete


def test_an_executive_is_the_provider_and_his_non_compete_counts() -> None:
    report = _report(
        'This Service Agreement is made between Orion Holdings Limited ("Company") and John '
        'Smith ("Executive").',
        "The Executive shall perform the duties of chief financial officer for the Company.",
        "The Executive shall not, during the employment and for twelve months after it ends, "
        "compete with the business of the Company.",
    )
    assert roles(report)["Executive"] == "provider"
    assert finding(report, "art6.personnel_noncompete").status == "met"


def test_a_loan_out_companys_endorser_bound_not_to_compete() -> None:
    report = _report(
        'This Endorsement Agreement is made between Orion Nutrition Corp. ("Company") and Star '
        'Promotions, LLC ("Lender"), which furnishes the services of Jane Doe ("Endorser").',
        "Lender shall provide the Endorser's services to the Company and the Company shall pay "
        "Lender the Fees.",
        "Endorser shall not endorse products that compete with the Company's products during "
        "the Term.",
    )
    assert finding(report, "art6.personnel_noncompete").status == "met"


def test_a_company_providers_own_non_compete_is_not_a_staff_non_compete(screen: Screen) -> None:
    report = screen(
        "Supplier shall not compete with the Customer in the Territory during the Term."
    )
    assert finding(report, "art6.personnel_noncompete").status == "missing"


# --------------------------------------------------------------------------- art11 assignor


def test_the_assignor_is_the_subject_of_its_own_clause() -> None:
    report = _report(
        'This Service Agreement is made between Orion Holdings Limited ("Company") and John '
        'Smith ("Executive").',
        "The Executive shall perform the duties of chief technology officer for the Company.",
        "To the extent that such rights do not vest automatically in the Company by operation "
        "of law, you hereby assign and agree to assign to the Company all your rights in any "
        "Works created in the course of your duties.",
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "client")


# --------------------------------------------------------------------------- art6 third parties


def test_consultants_required_to_agree_to_confidentiality(screen: Screen) -> None:
    report = screen(
        "Supplier may disclose the Confidential Information to its consultants who need to know "
        "it. Such consultants shall be required to agree to maintain the confidentiality of the "
        "information on terms no less restrictive than these."
    )
    assert finding(report, "art6.third_party_confidentiality").status == "met"


def test_disclosure_to_advisers_under_an_obligation_of_confidentiality(screen: Screen) -> None:
    report = screen(
        "Supplier may disclose these terms on a need-to-know basis under an obligation of "
        "confidentiality to its accountants and financial advisers."
    )
    assert finding(report, "art6.third_party_confidentiality").status == "met"


def test_cause_a_named_subcontractor_to_sign_an_nda(screen: Screen) -> None:
    report = screen(
        "Supplier shall use reasonable efforts to cause Gamma Hosting to execute a non-disclosure "
        "agreement with Customer containing restrictions similar to these."
    )
    assert finding(report, "art6.third_party_confidentiality").status == "met"


def test_a_bare_need_to_know_permission_is_not_a_flow_down(screen: Screen) -> None:
    report = screen(
        "Supplier may disclose Confidential Information to consultants who need to know it to "
        "perform the Services."
    )
    assert finding(report, "art6.third_party_confidentiality").status == "missing"


# --------------------------------------------------------------------------- art5


def test_observing_the_clients_security_rules_is_a_measure(screen: Screen) -> None:
    report = screen(
        "While at Customer's facilities, Supplier shall observe all rules, regulations and "
        "security requirements of Customer."
    )
    assert finding(report, "art5.security_measures").status == "met"


def test_information_may_not_leave_the_premises(screen: Screen) -> None:
    report = screen(
        "Supplier shall not remove any written Confidential Information from Customer's "
        "premises without Customer's written consent."
    )
    assert finding(report, "art5.security_measures").status == "met"


# --------------------------------------------------------------------------- art10


def forum(report: ContractReport) -> object:
    return finding(report, "art10.dispute_forum").value


def test_jurisdiction_and_venue_in_named_courts(screen: Screen) -> None:
    report = screen(
        "This Agreement is governed by the laws of Ohio with jurisdiction and venue in the state "
        "and federal courts in Columbus, Ohio."
    )
    assert forum(report) == "courts"


def test_an_action_commenced_in_a_court_sited_within_a_state(screen: Screen) -> None:
    report = screen(
        "Any action for breach of this Agreement must be commenced within two years in a court "
        "sited within the State of Ohio."
    )
    assert forum(report) == "courts"


def test_agreeing_to_pursue_arbitration(screen: Screen) -> None:
    report = screen(
        "In case of a dispute, the parties agree to pursue arbitration as the preferred method to "
        "seek a remedy."
    )
    assert forum(report) == "arbitration"


def test_court_words_that_choose_no_forum(screen: Screen) -> None:
    report = screen(
        "The licence shall not expire before the final resolution of the action pending as "
        "No. 123 in the Federal Court of Canada.",
        "Exports of the Products are subject to the jurisdiction of the export control laws of "
        "the United States.",
        "The Indemnifying Party shall pay within fifteen days after the third party claim is "
        "resolved by settlement or the final judgment of a court of competent jurisdiction.",
    )
    assert forum(report) == "none"


# --------------------------------------------------------------------------- art12 wordings


@pytest.mark.parametrize(
    "sentence",
    [
        "Supplier will not use any of the Customer's trademarks or logos without the Customer's "
        "prior approval.",
        "Supplier is expressly prohibited from using the Customer Branding on any other product.",
        "Supplier shall not take any action that would harm or jeopardize the Customer's "
        "trademarks.",
        "Supplier shall not register nor attempt to register any of the IPRs in the Customer "
        "Works.",
        "Neither Party shall directly or indirectly attack or impair the title of the other "
        "Party to its trademarks.",
        "Supplier agrees not to query the copyright or any rights of Customer in the Customer "
        "Software.",
        "Supplier agrees that it will not copy the Customer Software in whole or in part or use "
        "any part of it to reverse engineer the functions of the Customer Software.",
        "Supplier acknowledges that its use of the Customer Licensed Marks shall inure to the "
        "benefit of Customer.",
    ],
)
def test_protections_of_the_clients_ip(screen: Screen, sentence: str) -> None:
    assert finding(screen(sentence), "art12.client_ip_protection").status == "met"


def test_the_providers_own_marks_are_not_the_clients_ip(screen: Screen) -> None:
    report = screen("Customer shall not use the Supplier's trademarks without Supplier's consent.")
    assert finding(report, "art12.client_ip_protection").status != "met"


# --------------------------------------------------------------------------- art3 and art6 staff


@pytest.mark.parametrize(
    "sentence",
    [
        '"Confidential Information" has the meaning set forth in the Purchase Agreement.',
        "Supplier shall hold in confidence all documents and other information, whether "
        "technical or commercial, relating to the Project.",
        "Supplier shall keep in confidence Customer's business secrets learnt in performing this "
        "Agreement.",
    ],
)
def test_what_is_confidential_is_described(screen: Screen, sentence: str) -> None:
    assert finding(screen(sentence), "art3.confidential_info_defined").status == "met"


@pytest.mark.parametrize(
    "sentence",
    [
        "Supplier agrees that it and any of its personnel receiving Confidential Information "
        "shall treat it in strict confidence.",
        "Supplier will take reasonable steps to ensure that its employees and agents comply with "
        "this provision on Confidential Information.",
        "Supplier has in place appropriate agreements with its employees sufficient to enable it "
        "to comply with the confidentiality provisions of this Agreement.",
        "Supplier has entered into confidentiality and non- disclosure agreements with its "
        "employees.",
    ],
)
def test_staff_bound_with_the_party(screen: Screen, sentence: str) -> None:
    assert finding(screen(sentence), "art6.personnel_confidentiality").status == "met"


def test_a_representation_that_mentions_disclosure_is_no_secrecy_duty(screen: Screen) -> None:
    report = screen(
        "Supplier further represents and covenants that the arrangements in this Agreement will "
        "be disclosed to the Plans and that it will not be a fiduciary of any Plan."
    )
    assert finding(report, "art4.provider_nondisclosure").status == "missing"


def test_a_chinese_guarantee_not_to_leak(screen: Screen) -> None:
    report = screen(
        "委托方（甲方）：华东数据科技有限公司",
        "受托方（乙方）：西岭信息服务有限公司",
        "乙方为甲方提供数据录入服务，甲方向乙方支付服务费。",
        "乙方应保证在协议履行期间不向与本协议无关的第三方透漏因履行本协议而获悉的甲方信息。",
        preamble=False,
    )
    f = finding(report, "art4.provider_nondisclosure")
    assert f.status == "met"


def test_a_written_agreement_before_disclosure_to_a_third_party(screen: Screen) -> None:
    report = screen(
        "Before disclosing Confidential Information to a subcontractor, Supplier will have a "
        "written agreement with such party sufficient to require it to treat the information in "
        "accordance with this Agreement."
    )
    assert finding(report, "art6.third_party_confidentiality").status == "met"


def test_provider_keeps_improvements_to_its_tools_beside_client_deliverables(
    screen: Screen,
) -> None:
    # LABELS.md: "split" — the client owns the deliverables, the provider its tools and the
    # improvements made to them in the services
    report = screen(
        "All deliverables created by Supplier under this Agreement shall be the exclusive "
        "property of Customer.",
        "Supplier retains all rights in its tools and methodologies, including any improvements "
        "or enhancements made to them in performing the Services.",
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "split")


def test_provider_keeping_only_its_pre_existing_materials_is_no_split(screen: Screen) -> None:
    report = screen(
        "All deliverables created by Supplier under this Agreement shall be the exclusive "
        "property of Customer.",
        "Supplier retains all rights in its pre-existing materials.",
    )
    assert finding(report, "art11.ip_ownership").value == "client"
