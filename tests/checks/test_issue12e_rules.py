"""Issue #12/#13, fifth pass: error classes of art3, art5, art6 and art10 found on train+dev,
fixed by general readings (who is bound, whose information, which sentence class).

Every sentence here was written for these tests (never corpus text).
"""

from __future__ import annotations

import pytest
from builders import Screen, finding

from analyzer.model import ContractReport


def label(report: ContractReport, key: str) -> object:
    return report.labels()[key]


# --------------------------------------------------------------------------- art3


@pytest.mark.parametrize(
    "sentence",
    [
        # what a reasonable person would take to be confidential
        "Any information that a reasonable person would construe, from its nature and the "
        "circumstances of its disclosure, as intended to be confidential shall be protected "
        "under this Agreement.",
        # the client's statistics declared confidential
        "For the avoidance of doubt, the usage statistics of the portal shall be the "
        "Customer's confidential information.",
        # a defined class of information described as secret
        '"Technical Information" means the unpatented inventions, know-how, trade secrets and '
        "technical data of the Customer.",
        # the duty names the classes held in confidence
        "Supplier shall hold the source code, trade secrets and other confidential information "
        "licensed to it under this Agreement in confidence.",
    ],
)
def test_descriptions_of_confidential_information(screen: Screen, sentence: str) -> None:
    report = screen(sentence)
    assert label(report, "art3_confidential_info_defined") is True


def test_the_providers_own_defined_information_does_not_count(screen: Screen) -> None:
    report = screen(
        '"Supplier Technical Information" means the know-how and trade secrets of Supplier.'
    )
    assert label(report, "art3_confidential_info_defined") is False


def test_a_public_class_of_information_is_no_definition(screen: Screen) -> None:
    report = screen('"Public Information" means the prices listed on the website of the Customer.')
    assert label(report, "art3_confidential_info_defined") is False


def test_acknowledged_access_to_described_information(screen: Screen) -> None:
    report = screen(
        "Supplier acknowledges that in performing the Services it will have access to "
        "confidential information relating to the business and customers of the Customer."
    )
    assert label(report, "art3_confidential_info_defined") is True
    f = finding(report, "art3.confidential_info_defined")
    assert "acknowledges" in f.evidence[0].quote


def test_acknowledged_harm_is_no_description(screen: Screen) -> None:
    report = screen(
        "The parties acknowledge that any disclosure to third parties of proprietary information "
        "may cause irreparable harm."
    )
    assert label(report, "art3_confidential_info_defined") is False


# --------------------------------------------------------------------------- art5


@pytest.mark.parametrize(
    "sentence",
    [
        # the duty to follow the client's site rules that concern security
        "While at the Customer's offices, Supplier's engineers will abide by all site "
        "requirements of the Customer made known to them, including requirements pertaining "
        "to safety and security.",
        "Supplier staff may enter the data centre provided that each engineer abides by the security "
        "rules of the Customer.",
        "Supplier shall observe and follow the Customer's reasonable rules and standards, "
        "including those relating to security of and access to its buildings and networks.",
    ],
)
def test_following_the_clients_security_rules_is_a_measure(screen: Screen, sentence: str) -> None:
    report = screen(sentence)
    assert label(report, "art5_security_measures") is True


def test_an_if_clause_does_not_veto_the_security_rules(screen: Screen) -> None:
    # "if any employees visit …" is a condition, not the "(if any)" of an optional policy
    report = screen(
        "If any employees of Supplier visit the Customer's premises, such employees will abide "
        "by all site requirements of the Customer, including requirements pertaining to security."
    )
    assert label(report, "art5_security_measures") is True


def test_security_policies_if_any_stay_unagreed(screen: Screen) -> None:
    report = screen("Supplier shall comply with the Customer's security policies, if any.")
    assert label(report, "art5_security_measures") is False


def test_social_security_rules_are_no_security_measure(screen: Screen) -> None:
    report = screen(
        "Supplier shall comply with all regulations relating to social security of its workers."
    )
    assert label(report, "art5_security_measures") is False


def test_the_subject_of_a_coordinated_duty_is_the_first_verbs_subject(screen: Screen) -> None:
    # "Supplier shall …, shall not … the Customer's business and shall observe …": the last
    # duty binds Supplier, not the Customer named inside the verb phrase before it
    report = screen(
        "Supplier shall cooperate with the Customer's staff, shall not disturb the Customer's "
        "operations and shall observe all rules and security requirements of the Customer."
    )
    assert label(report, "art5_security_measures") is True


def test_the_clients_own_duty_to_follow_rules_does_not_count(screen: Screen) -> None:
    report = screen(
        "Customer shall observe all rules and security requirements of Supplier when it visits "
        "Supplier's premises."
    )
    assert label(report, "art5_security_measures") is False


@pytest.mark.parametrize(
    "sentence",
    [
        # access kept to named people
        "Supplier shall take reasonable steps to ensure that unauthorized persons do not gain "
        "access to the Customer's Confidential Information.",
        "Supplier will use technical measures to ensure that only the Customer and personnel it "
        "designates may have access to the licensed content.",
        "Supplier shall take such actions as are likely to prevent access to such back-up copies "
        "by any person other than its IT staff.",
        # a plan for responding to an unauthorised disclosure
        "Supplier shall have a response plan in place for any unauthorised disclosure of "
        "Confidential Information, covering notification and remediation.",
        # no removal of files from the client's premises
        "Supplier agrees not to cause the transmission, removal or transport of files "
        "containing Proprietary Information from the Customer's premises without approval.",
    ],
)
def test_access_and_response_measures(screen: Screen, sentence: str) -> None:
    report = screen(sentence)
    assert label(report, "art5_security_measures") is True


@pytest.mark.parametrize(
    "sentence",
    [
        "Supplier must ensure that laptops and other mobile devices used for the Services are "
        "password protected and encrypted.",
        "Supplier will implement the security features specified in the hosting schedule.",
    ],
)
def test_device_encryption_and_security_features(screen: Screen, sentence: str) -> None:
    report = screen(sentence)
    assert label(report, "art5_security_measures") is True


def test_a_need_to_know_limit_is_no_access_control(screen: Screen) -> None:
    report = screen(
        "Supplier shall limit access to the Confidential Information to its employees who need "
        "to know it."
    )
    assert label(report, "art5_security_measures") is False


def test_back_ups_the_client_must_make_are_not_the_providers_measure(screen: Screen) -> None:
    report = screen(
        "The obligations of Supplier to provide the support services are subject to Customer "
        "using the equipment as the manuals direct and utilizing appropriate back-up procedures "
        "for its software and data."
    )
    assert label(report, "art5_security_measures") is False


# --------------------------------------------------------------------------- art6


def test_staff_required_to_agree_to_confidentiality(screen: Screen) -> None:
    report = screen(
        "Supplier may share Confidential Information with its employees who need it; such "
        "employees shall be required to agree to keep it confidential on terms no less strict "
        "than those of this Agreement."
    )
    assert label(report, "art6_personnel_confidentiality") is True


def test_staff_under_confidentiality_restrictions(screen: Screen) -> None:
    report = screen(
        "Supplier may bring in temporary staff to perform the Services, provided that such staff "
        "are under confidentiality and use restrictions no less strict than those set out here."
    )
    assert label(report, "art6_personnel_confidentiality") is True


def test_contractors_under_confidentiality_obligations(screen: Screen) -> None:
    report = screen(
        "Supplier may engage subcontractors for the Services, provided that such subcontractors "
        "are under confidentiality obligations no less strict than those set out here."
    )
    assert label(report, "art6_third_party_confidentiality") is True


def test_a_bare_need_to_know_permission_binds_nobody(screen: Screen) -> None:
    report = screen(
        "Supplier may disclose Confidential Information to its employees and subcontractors who "
        "need to know it for the Services."
    )
    assert label(report, "art6_personnel_confidentiality") is False
    assert label(report, "art6_third_party_confidentiality") is False


EXECUTIVE = (
    'This Service Agreement is made between Acme Holdings Ltd ("Company") and the person named '
    'in the schedule ("Executive").',
    "The Executive shall serve the Company as its finance director and the Company shall pay "
    "the Executive a salary.",
)


def test_an_executives_exclusivity_is_a_staff_non_compete(screen: Screen) -> None:
    # the provider is known only as "the Executive": a person, so his own exclusivity binds the
    # person who does the work
    report = screen(
        *EXECUTIVE,
        "The Executive shall not during the employment be employed, engaged, concerned or "
        "interested in any other business or profession.",
        preamble=False,
    )
    assert label(report, "art6_personnel_noncompete") is True


def test_a_covenant_addressed_to_he_after_a_long_lead_in(screen: Screen) -> None:
    report = screen(
        *EXECUTIVE,
        "The Executive undertakes with the Company, for itself and as agent for each group "
        "company, that he will not at any time during the Restricted Period (and for clause "
        "4.2(c) at any time), in any capacity: (a) compete with the business of the Company.",
        preamble=False,
    )
    assert label(report, "art6_personnel_noncompete") is True


def test_an_individuals_ban_on_a_field_of_business(screen: Screen) -> None:
    report = screen(
        *EXECUTIVE,
        "For one year after the term the Executive shall not engage in any activity in the field "
        "described in the schedule, and he shall not assist anyone who does.",
        preamble=False,
    )
    assert label(report, "art6_personnel_noncompete") is True


def test_staff_dedicated_exclusively_to_the_client(screen: Screen) -> None:
    report = screen(
        "Supplier will assign two full-time employees exclusively dedicated to the maintenance "
        "work for Customer."
    )
    assert label(report, "art6_personnel_noncompete") is True


def test_staff_not_all_dedicated_is_no_exclusivity(screen: Screen) -> None:
    report = screen(
        "Since not all of the employees will be dedicated solely to the Services, Customer pays "
        "only part of their cost."
    )
    assert label(report, "art6_personnel_noncompete") is False


def test_a_companys_exclusivity_is_not_a_staff_non_compete(screen: Screen) -> None:
    # the provider is a company: its own exclusivity does not bind staff
    report = screen(
        "Supplier shall not during the term be engaged or interested in any other business "
        "that supplies the same services."
    )
    assert label(report, "art6_personnel_noncompete") is False


def test_the_clients_exclusivity_does_not_bind_the_executive(screen: Screen) -> None:
    report = screen(
        *EXECUTIVE,
        "The Company shall not during the term be engaged or interested in any other business "
        "of the same kind.",
        preamble=False,
    )
    assert label(report, "art6_personnel_noncompete") is False


@pytest.mark.parametrize(
    "sentence",
    [
        # bound "by this provision"
        "Each party may share the confidential terms only with its financial advisers who agree "
        "to be bound by this provision.",
        # "agrees in writing to … comparable" restrictions
        "Supplier shall not pass the proprietary data to any third party unless that third party "
        "first agrees in writing to restrictions comparable to those in this Section.",
        # "with respect to such advisers … ensure such confidentiality"
        "Supplier may disclose the confidential terms to its legal advisers, and with respect to "
        "all such advisers Supplier shall take reasonable steps to ensure such confidentiality.",
        # "to third parties, in confidence"
        "Supplier may pass the Customer's know-how to third parties, in confidence, once the "
        "option is exercised.",
        # agreements with staff "or others" sufficient to comply
        "Supplier has in place agreements with its employees or others whose services it uses, "
        "sufficient to enable it to comply with this Agreement.",
    ],
)
def test_third_party_flow_down_wordings(screen: Screen, sentence: str) -> None:
    report = screen(sentence)
    assert label(report, "art6_third_party_confidentiality") is True


def test_agents_and_representatives_are_the_providers_own_people(screen: Screen) -> None:
    # LABELS.md counts agents as personnel: a duty about "employees, agents or representatives"
    # binds staff, it is no third-party flow-down
    report = screen(
        "Supplier shall be liable for any failure by its employees, agents or representatives "
        "to comply with this confidentiality Section as if they were a party to this Agreement."
    )
    assert label(report, "art6_personnel_confidentiality") is True
    assert label(report, "art6_third_party_confidentiality") is False


def test_representatives_defined_to_take_in_contractors(screen: Screen) -> None:
    report = screen(
        "Supplier may disclose Confidential Information to its employees, contractors and "
        'attorneys (the "Representatives") who need to know it.',
        "Supplier shall advise such Representatives of, and hold them to, its obligations under "
        "this confidentiality Section.",
    )
    assert label(report, "art6_third_party_confidentiality") is True


def test_an_independent_auditor_bound_to_confidentiality_is_no_flow_down(screen: Screen) -> None:
    report = screen(
        "Customer may have Supplier's records audited once a year by an independent third party, "
        "who shall be under obligations of confidentiality."
    )
    assert label(report, "art6_third_party_confidentiality") is False


def test_the_clients_own_people_are_no_flow_down(screen: Screen) -> None:
    report = screen(
        "All current and former employees and contractors of the Customer who contributed to "
        "the Customer's know-how have signed agreements to keep it confidential."
    )
    assert label(report, "art6_personnel_confidentiality") is False
    assert label(report, "art6_third_party_confidentiality") is False


def test_representatives_alone_are_no_staff(screen: Screen) -> None:
    # undefined "representatives" beside advisers: the advisers' flow-down, not the staff's
    report = screen(
        "Each party may share the confidential information only with its representatives and "
        "legal advisors, who shall agree to be bound by the confidentiality obligations of this "
        "Section."
    )
    assert label(report, "art6_personnel_confidentiality") is False
    assert label(report, "art6_third_party_confidentiality") is True


def test_disclosure_only_under_written_contracts_with_confidentiality(screen: Screen) -> None:
    report = screen(
        "Supplier shall not disclose the source code to any person other than its employees who "
        "need to know it, or its contractors and other third persons, in each case under written "
        "contracts which include confidentiality and use restrictions."
    )
    assert label(report, "art6_personnel_confidentiality") is True
    assert label(report, "art6_third_party_confidentiality") is True


def test_the_above_parties_are_the_staff_named_before(screen: Screen) -> None:
    report = screen(
        "Supplier may disclose Confidential Information only to its employees and its "
        "subcontractors who need to know it.",
        "Before disclosure to any of the above parties, Supplier will have a written agreement "
        "with such party sufficient to require that party to treat the information in "
        "accordance with this Agreement.",
    )
    assert label(report, "art6_personnel_confidentiality") is True
    assert label(report, "art6_third_party_confidentiality") is True


def test_the_above_parties_without_staff_before_bind_no_staff(screen: Screen) -> None:
    report = screen(
        "Supplier may disclose Confidential Information only to its subcontractors and auditors "
        "who need to know it.",
        "Before disclosure to any of the above parties, Supplier will have a written agreement "
        "with such party sufficient to require that party to treat the information in "
        "accordance with this Agreement.",
    )
    assert label(report, "art6_personnel_confidentiality") is False
    assert label(report, "art6_third_party_confidentiality") is True


# --------------------------------------------------------------------------- art10


@pytest.mark.parametrize(
    "sentence",
    [
        "ALL DISPUTES SHALL BE SETTLED BY BINDING ARBITRATION UNDER THE RULES OF THE AMERICAN "
        "ARBITRATION ASSOCIATION IN CHICAGO, ILLINOIS.",
        "Any dispute shall be submitted to binding arbitration under the procedures of the "
        "American arbitration Association in Boston.",
    ],
)
def test_the_aaa_in_any_case(screen: Screen, sentence: str) -> None:
    report = screen(sentence)
    assert label(report, "art10_dispute_forum") == "arbitration"
    assert label(report, "art10_arbitration_institution") == "AAA"


def test_aaa_as_a_lower_case_word_is_no_institution(screen: Screen) -> None:
    report = screen("Any dispute shall be settled by binding arbitration in Boston.")
    assert label(report, "art10_arbitration_institution") is None


def test_a_bare_venue_beside_arbitration_is_the_seat(screen: Screen) -> None:
    report = screen(
        "Any dispute under this Agreement shall be submitted to binding arbitration before "
        "three arbitrators.",
        "Venue shall be Denver, Colorado.",
    )
    assert label(report, "art10_dispute_forum") == "arbitration"


def test_a_venue_for_litigation_beside_arbitration_is_a_court_forum(screen: Screen) -> None:
    report = screen(
        "Any dispute under this Agreement shall be submitted to binding arbitration before "
        "three arbitrators.",
        "Cook County, Illinois shall be the sole and exclusive venue for any litigation arising "
        "out of this Agreement.",
    )
    assert label(report, "art10_dispute_forum") == "arbitration+courts"


def test_a_bare_venue_without_arbitration_is_a_court_forum(screen: Screen) -> None:
    report = screen("Venue for any dispute shall be the state courts of Denver, Colorado.")
    assert label(report, "art10_dispute_forum") == "courts"


def test_an_award_confirmed_in_court_is_enforcement_only(screen: Screen) -> None:
    report = screen(
        "Any dispute under this Agreement shall be resolved by binding arbitration under the "
        "rules of JAMS.",
        "Any award rendered by the arbitrator may be confirmed as a judgment in any state or "
        "federal court of competent jurisdiction.",
    )
    assert label(report, "art10_dispute_forum") == "arbitration"


def test_a_mediator_named_by_arbitral_bodies_is_no_arbitration(screen: Screen) -> None:
    report = screen(
        "The parties shall first try to settle any dispute by mediation; if they cannot agree on "
        "a mediator, the American Arbitration Association or JAMS shall name one.",
        "Any action arising out of this Agreement shall be brought in the state or federal courts "
        "located in Boston, Massachusetts.",
    )
    assert label(report, "art10_dispute_forum") == "courts"
    assert label(report, "art10_arbitration_institution") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Any dispute not settled by the managers within thirty days shall be decided by neutral "
        "arbitration.",
        "If the dispute is not resolved within thirty days, either party may commence arbitration "
        "proceedings by notice to the other.",
    ],
)
def test_other_words_for_arbitration(screen: Screen, sentence: str) -> None:
    report = screen(sentence)
    assert label(report, "art10_dispute_forum") == "arbitration"


def test_a_court_named_by_description(screen: Screen) -> None:
    report = screen(
        "Any action to enforce this Agreement in any court shall be brought within the county "
        "and state in which Customer has its head office."
    )
    assert label(report, "art10_dispute_forum") == "courts"
