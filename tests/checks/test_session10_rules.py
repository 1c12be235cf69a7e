"""Session 10: wordings found in the fifteen contracts labelled at the end of session 9, read only
after they had been scored (at the start of session 10: 0.867, as at its labelling).

Every sentence here was written for these tests (never corpus text). The preamble the ``screen``
fixture adds makes Beta Outsourcing Inc. ("Supplier") the provider and Acme Holdings Ltd
("Customer") the client.
"""

from __future__ import annotations

from builders import Screen, finding, parties_of


def test_information_marked_confidential_defines_what_is_secret(screen: Screen) -> None:
    report = screen(
        "7.1 Supplier will keep in confidence and not reveal any information marked "
        '"Confidential" that it receives from Customer in the course of the Services.'
    )
    assert finding(report, "art3.confidential_info_defined").status == "met"


def test_information_that_is_not_yet_public_defines_what_is_secret(screen: Screen) -> None:
    report = screen(
        "7.1 Supplier agrees to keep in strict confidence any information it may come across "
        "that is not yet public, including information about Customer's new products."
    )
    assert finding(report, "art3.confidential_info_defined").status == "met"
    # a duty about the agreement's own terms until they are public defines no class of secrets
    terms = screen(
        "7.1 Each party shall keep confidential the terms of this Agreement until they are "
        "made public by Customer."
    )
    assert finding(terms, "art3.confidential_info_defined").status == "missing"


def test_a_defined_class_of_information_held_strictly_confidential(screen: Screen) -> None:
    report = screen(
        "7.3 Supplier agrees to hold all Member Account Information strictly confidential and "
        "to use it only to provide the Services."
    )
    assert finding(report, "art3.confidential_info_defined").status == "met"


def test_an_address_abbreviation_does_not_start_a_partys_name() -> None:
    parties = parties_of(
        "Services Alliance Agreement",
        "This Agreement is made and entered into this 3rd day of May 2019,",
        "Between: Harbor Advisory Inc., having its office located at 12 W. Ocean Ave, Suite 4, "
        'Ft. Myers, Florida, hereinafter referred to as "HAI";',
        "And:",
        "Lakeside Holding Company, having an office located at 4 Pine Road, Naples, FL 34100, "
        'hereinafter referred to as "LHC".',
        "HAI will provide accounting and advisory services to LHC.",
    )
    roles = {p.name: p.role for p in parties}
    assert roles == {"Harbor Advisory Inc.": "provider", "Lakeside Holding Company": "client"}


def test_the_quote_for_secrecy_is_a_duty_about_information_not_the_agreements_terms(
    screen: Screen,
) -> None:
    report = screen(
        "7.2 This Agreement is confidential and Supplier must not disclose any part of this "
        "Agreement to any person.",
        "7.3 Supplier shall not disclose any Confidential Information of Customer to any third "
        "party.",
    )
    f = finding(report, "art4.provider_nondisclosure")
    assert f.status == "met"
    assert f.evidence[0].quote.startswith("7.3 Supplier shall not disclose")


def test_a_court_of_competent_jurisdiction_in_a_named_place_is_a_forum(screen: Screen) -> None:
    report = screen(
        "10.2 Jurisdiction for litigation of any dispute arising out of this Agreement shall be "
        "only in the Federal or the State court with competent jurisdiction located in Denver, "
        "Colorado."
    )
    assert finding(report, "art10.dispute_forum").value == "courts"
    # a court only to enter judgment on an award is no forum
    award = screen(
        "10.2 Any dispute shall be finally settled by arbitration under the rules of the AAA. "
        "Judgment upon the award may be entered by any court of competent jurisdiction located "
        "in any country."
    )
    assert finding(award, "art10.dispute_forum").value == "arbitration"


def test_staff_who_receive_information_under_an_obligation_of_confidentiality(
    screen: Screen,
) -> None:
    report = screen(
        "7.4 Each party may disclose Confidential Information only on a need-to-know basis under "
        "an obligation of confidentiality to its employees, legal counsel and accountants."
    )
    assert finding(report, "art6.personnel_confidentiality").status == "met"
    bare = screen(
        "7.4 Each party may disclose Confidential Information to its employees who need to know it."
    )
    assert finding(bare, "art6.personnel_confidentiality").status == "missing"


def test_confidential_information_concerning_the_business_of_the_other_party(
    screen: Screen,
) -> None:
    report = screen(
        "13.1 Each party undertakes that it shall not disclose to any person any confidential "
        "information concerning the business, affairs, customers or suppliers of the other "
        "party, except as clause 13.2 allows."
    )
    assert finding(report, "art3.confidential_info_defined").status == "met"


def test_confidential_information_defined_by_a_separate_nda(screen: Screen) -> None:
    report = screen(
        '8.1 This Agreement and its Exhibits are "Confidential Information" of the parties as '
        "defined in the Mutual Non-Disclosure Agreement between the parties dated May 1, 2018."
    )
    assert finding(report, "art3.confidential_info_defined").status == "met"


def test_a_recital_describing_a_secure_product_is_no_security_measure(screen: Screen) -> None:
    report = screen(
        "WHEREAS, Customer operates a secure online portal with encrypted storage of patient "
        "records;",
        "1. Supplier shall market the portal to physicians in the Territory.",
    )
    assert finding(report, "art5.security_measures").status == "missing"
    duty = screen("1. Supplier shall store all Customer data in encrypted form.")
    assert finding(duty, "art5.security_measures").status == "met"
