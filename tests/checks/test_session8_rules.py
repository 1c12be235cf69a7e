"""Session 8: wordings found in twelve newly labelled contracts, measured before any rule was
written from them.

Every sentence here was written for these tests (never corpus text). The preamble makes Beta
Outsourcing Inc. ("Supplier") the provider and Acme Holdings Ltd ("Customer") the client.
"""

from __future__ import annotations

from builders import Screen, finding


def test_representatives_defined_in_the_singular_take_in_staff_and_subcontractors(
    screen: Screen,
) -> None:
    report = screen(
        '1.4 "Representative" means, with respect to a party, an officer, director, employee, '
        "agent or approved subcontractor of that party.",
        "6.2 Each party may disclose Confidential Information of the other party to its "
        "Representatives who need it to perform this Agreement, provided that such "
        "Representatives are bound by written non-disclosure obligations no less strict than "
        "these.",
    )
    assert finding(report, "art6.personnel_confidentiality").status == "met"
    assert finding(report, "art6.third_party_confidentiality").status == "met"


def test_procedures_to_prevent_unauthorized_disclosure_are_a_security_measure(
    screen: Screen,
) -> None:
    met = screen(
        "8.3 Supplier will adopt and implement appropriate procedures intended to prevent the "
        "unauthorized disclosure of the Confidential Information it receives from Customer."
    )
    assert finding(met, "art5.security_measures").status == "met"
    # reasonable precautions alone are a standard of care, not a specific measure
    care = screen(
        "8.3 Supplier agrees to take all reasonable precautions to prevent any unauthorized "
        "disclosure of the Confidential Information it receives from Customer."
    )
    assert finding(care, "art5.security_measures").status == "missing"


def test_information_the_parties_treat_as_confidential_is_defined(screen: Screen) -> None:
    by_parties = screen(
        "12.1 The fee schedule and any sales figures obtained in an audit of Customer's books "
        "shall be treated by the parties as confidential information."
    )
    assert finding(by_parties, "art3.confidential_info_defined").status == "met"
    by_discloser = screen(
        "12.1 All technical and marketing information disclosed by a party to the other under "
        "this Agreement is considered by the disclosing party as being highly confidential."
    )
    assert finding(by_discloser, "art3.confidential_info_defined").status == "met"


def test_a_duty_to_stop_using_the_clients_marks_protects_them(screen: Screen) -> None:
    report = screen(
        "14.2 On termination of this Agreement Supplier shall immediately discontinue any use of "
        "the name, logos and slogans of Customer."
    )
    f = finding(report, "art12.client_ip_protection")
    assert f.status == "met"
    assert "discontinue any use" in f.evidence[0].quote


def test_a_list_item_takes_its_bearer_from_the_lead_in(screen: Screen) -> None:
    """The client must stop using the provider's mark: that protects the provider."""
    theirs = screen(
        "14.2 On termination of this Agreement Customer shall:",
        "(a) return all documents relating to the Services; and",
        "(b) cease to make use of the Beta Trademark and all related branding.",
    )
    assert finding(theirs, "art12.client_ip_protection").status == "missing"
    ours = screen(
        "14.2 On termination of this Agreement Supplier shall:",
        "(a) return all documents relating to the Services; and",
        "(b) cease to make use of the Acme Trademark and all related branding.",
    )
    assert finding(ours, "art12.client_ip_protection").status == "met"


def test_neither_party_may_use_the_others_marks(screen: Screen) -> None:
    report = screen(
        "9.1 Except as expressly provided herein, neither party shall have the right to use the "
        "brand names, logos or trademarks of the other party without its prior written consent."
    )
    assert finding(report, "art12.client_ip_protection").status == "met"


def test_only_permitted_to_use_the_licensed_materials(screen: Screen) -> None:
    report = screen(
        "6.1 All Licensed Materials shall remain the property of Customer.",
        "6.2 Supplier shall only be permitted to use the Licensed Materials in connection with "
        "the Services.",
    )
    quotes = [e.quote for e in finding(report, "art12.client_ip_protection").evidence]
    assert any("only be permitted to use" in q for q in quotes), quotes


def test_both_parties_named_as_the_subject_is_mutual(screen: Screen) -> None:
    report = screen(
        "4.4 Acme Holdings Ltd and Beta Outsourcing Inc. expressly recognize that the Marks are "
        "the exclusive property of their respective owners."
    )
    assert finding(report, "art12.client_ip_protection").status == "met"


def test_a_client_that_retains_and_grants_no_rights_protects_its_marks(screen: Screen) -> None:
    report = screen(
        "5.1 Customer hereby retains and does not grant any rights to Supplier to use any of its "
        "logos, names or other marks, except as set out in this Agreement."
    )
    assert finding(report, "art12.client_ip_protection").status == "met"
    # retaining its own rights protects the provider, not the client
    own = screen("5.1 Supplier retains all rights with regard to its logos and trade names.")
    assert finding(own, "art12.client_ip_protection").status == "missing"


def test_each_partys_ip_remains_its_property(screen: Screen) -> None:
    report = screen(
        "7.1 Each party's intellectual property existing on the Effective Date shall remain such "
        "party's property."
    )
    assert finding(report, "art12.client_ip_protection").status == "met"


def test_terminating_all_use_of_marks_and_not_using_a_name(screen: Screen) -> None:
    stop = screen(
        "15.3 Upon termination Supplier shall immediately terminate all use of Customer's marks."
    )
    assert finding(stop, "art12.client_ip_protection").status == "met"
    name = screen(
        "15.4 Supplier shall not use the name of Acme Holdings Ltd in any advertising without "
        "its written consent."
    )
    assert finding(name, "art12.client_ip_protection").status == "met"


def test_no_rights_to_third_persons_protects_no_ip(screen: Screen) -> None:
    report = screen(
        "30. Neither party shall have any right to bind the other party, and nothing herein "
        "contained shall give or is intended to give any rights of any kind to any third person."
    )
    assert finding(report, "art12.client_ip_protection").status == "missing"


def test_a_place_of_jurisdiction_and_courts_for_final_resolution_are_forums(
    screen: Screen,
) -> None:
    place = screen(
        "20.2 The place of jurisdiction for all claims arising under this Agreement is Hamburg, "
        "Germany."
    )
    assert finding(place, "art10.dispute_forum").value == "courts"
    after_mediation = screen(
        "20.3 Any dispute that the parties cannot resolve by mediation within sixty (60) days may "
        "then be submitted to the courts for final resolution."
    )
    assert finding(after_mediation, "art10.dispute_forum").value == "courts"


def test_information_neither_party_may_disclose_is_described(screen: Screen) -> None:
    report = screen(
        "11. Neither party will disclose or use any confidential or proprietary information that "
        "such party obtains from or about the other."
    )
    assert finding(report, "art3.confidential_info_defined").status == "met"


def test_a_party_that_does_not_grant_rights_protects_its_own(screen: Screen) -> None:
    report = screen(
        "1.2 As between the parties, Customer owns the Platform, and Customer does not grant to "
        "Supplier any right in the Platform except the licence in clause 1.3."
    )
    assert finding(report, "art12.client_ip_protection").status == "met"


def test_no_rights_in_the_clients_marks_names_their_owner(screen: Screen) -> None:
    report = screen(
        "6.5 Nothing herein shall be construed as a grant to Supplier of any right, title or "
        "interest in or to the Customer Marks."
    )
    f = finding(report, "art12.client_ip_protection")
    assert f.status == "met", f.explanation


def test_a_defined_group_of_people_that_takes_in_staff(screen: Screen) -> None:
    report = screen(
        "11.1 Authorised Persons means the directors, employees, officers, professional advisers, "
        "agents and contractors of each party.",
        "11.3 Each party may disclose Confidential Information only to its Authorised Persons "
        "and shall be responsible for all acts and omissions of Authorised Persons as though "
        "they were its own.",
    )
    assert finding(report, "art6.personnel_confidentiality").status == "met"


def test_software_kept_appropriately_secure_is_a_security_measure(screen: Screen) -> None:
    report = screen(
        "3.4 Supplier shall take all action necessary to ensure that the Customer Software on "
        "Supplier's servers or computer systems is appropriately secure."
    )
    assert finding(report, "art5.security_measures").status == "met"


def test_the_owner_of_a_mark_is_its_subject_not_the_party_after_it(screen: Screen) -> None:
    """ "Customer shall be the owner of the trademark and Supplier shall acquire no rights": the
    owner is Customer, named before "owner of", not Supplier, named after it."""
    report = screen(
        "8.1 Customer shall at all times be the owner of the trademark and Supplier shall "
        "acquire no rights thereto."
    )
    assert finding(report, "art12.client_ip_protection").status == "met"


def test_improvements_vesting_in_that_party_give_results_to_each_side(screen: Screen) -> None:
    report = screen(
        "10.1 Any improvements, enhancements or developments to a party's intellectual property "
        "shall automatically vest in that party, irrespective of who makes them."
    )
    f = finding(report, "art11.ip_ownership")
    assert (f.status, f.value) == ("met", "split"), f.explanation
    # one party named as the owner stays that party's
    named = screen(
        "10.1 Any improvements to the Platform made in performing the Services shall vest in "
        "Customer."
    )
    assert finding(named, "art11.ip_ownership").value == "client"


def test_tools_defined_to_take_in_their_enhancements_are_results(screen: Screen) -> None:
    """The provider keeps its tools, whose definition takes in the enhancements it makes; the
    client owns the data: some results go to each side."""
    report = screen(
        '2.1 Supplier licenses to Customer its hosting software and manuals (the "Beta Tools").',
        "2.2 The definition of Beta Tools also includes any enhancements, modifications or "
        "updates to the Beta Tools.",
        "2.3 The Beta Tools shall be and remain the property of Supplier.",
        "2.4 All data created by Supplier in performing the Services shall be and remain the "
        "property of Customer.",
    )
    f = finding(report, "art11.ip_ownership")
    assert f.value == "split", f.explanation
    # without the enhancements the tools are the provider's existing property: no new result
    plain = screen(
        '2.1 Supplier licenses to Customer its hosting software and manuals (the "Beta Tools").',
        "2.3 The Beta Tools shall be and remain the property of Supplier.",
        "2.4 All data created by Supplier in performing the Services shall be and remain the "
        "property of Customer.",
    )
    assert finding(plain, "art11.ip_ownership").value == "client"
