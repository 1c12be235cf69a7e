"""Issue #18, session 8: error classes found on the tuning and fresh groups of the obligations
annotations, each with sentences written for these tests (no corpus text)."""

from __future__ import annotations

import pytest
from builders import register
from builders import register_rows as rows

from analyzer.model import Party
from analyzer.obligations import short_forms

# --- a window of time the party may use is a permission -----------------------------------------


@pytest.mark.parametrize(
    ("text", "bearer"),
    [
        ("Customer shall have ten (10) days after delivery to inspect the goods.", "Customer"),
        ("Supplier will then have 3 months to cure the defect.", "Supplier"),
        ("Customer shall have a period of sixty days in which to object to the plan.", "Customer"),
    ],
)
def test_a_window_to_act_is_a_permission(text: str, bearer: str) -> None:
    found = register(text)
    assert [(o.bearer, o.modality) for o in found] == [(bearer, "may")]


def test_a_period_without_an_action_is_not_a_window() -> None:
    # no "to <verb>" after the period: not the window rule (the plain duty reading stays)
    found = register("Supplier shall have 30 staff on site.")
    assert [o.modality for o in found] == ["must"]


# --- a restriction denied is a freedom ----------------------------------------------------------


def test_not_prevented_or_restricted_is_a_permission() -> None:
    text = (
        "Supplier shall not be prevented from offering similar services to others. "
        "Customer will not be geographically restricted in opening branches."
    )
    assert rows(register(text)) == [
        ("Supplier", "provider", "may"),
        ("Customer", "client", "may"),
    ]


def test_a_plain_prohibition_stays_a_prohibition() -> None:
    found = register("Supplier shall not be late in delivering the reports.")
    assert rows(found) == [("Supplier", "provider", "must_not")]


# --- a duty acknowledged; a grant written in the passive ----------------------------------------


def test_acknowledged_responsibility_is_a_duty() -> None:
    text = "Customer acknowledges its responsibility to keep the access codes secret."
    assert rows(register(text)) == [("Customer", "client", "must")]


def test_a_party_granted_a_licence_may_use_it() -> None:
    text = "Customer is hereby granted a non-exclusive licence to use the manuals."
    assert rows(register(text)) == [("Customer", "client", "may")]


# --- grants without a modal verb or "hereby" ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Supplier grants to Customer the right to use the logo during the term.",
        "Acme Holdings, acting for Supplier, further grants and assigns to Customer the right to"
        " sue infringers.",
        "Supplier hereby (i) appoints Customer as its agent and (ii) grants Customer a limited"
        " right to resell the units.",
    ],
)
def test_a_plain_grant_is_the_grantees_permission(text: str) -> None:
    assert ("Customer", "client", "may") in rows(register(text))


def test_a_grant_in_a_relative_clause_or_of_no_right_is_not_a_permission() -> None:
    text = (
        "The licence that Supplier grants to Customer under this clause ends on termination. "
        "Supplier grants Customer a discount of five percent."
    )
    assert rows(register(text)) == []


def test_hereby_grants_is_listed_once() -> None:
    found = register("Supplier hereby grants to Customer a licence to use the manuals.")
    assert rows(found) == [("Customer", "client", "may")]


# --- ownership retained and liability declined are statements -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Supplier shall retain all right, title and interest in the software.",
        "Customer shall retain full ownership of its data.",
        "Supplier will retain all of its rights in and to the designs.",
        "Supplier will not be responsible for delays caused by the carrier.",
        "Customer shall not be held responsible for errors in the source files.",
    ],
)
def test_ownership_and_declined_liability_are_not_obligations(text: str) -> None:
    assert register(text) == ()


def test_retaining_records_or_responsibility_stays_a_duty() -> None:
    text = (
        "Supplier shall retain all records for five years. "
        "Customer shall be responsible for the accuracy of its orders."
    )
    assert rows(register(text)) == [
        ("Supplier", "provider", "must"),
        ("Customer", "client", "must"),
    ]


# --- collective bearers: "Each agrees", notices, assignment, renewal ----------------------------


def test_each_alone_is_both_parties() -> None:
    found = register("Each agrees to keep the other's price list confidential.")
    assert rows(found) == [("Each", "both", "must")]


def test_each_as_an_object_is_no_bearer() -> None:
    found = register("The fees for each shall be paid monthly by Customer.")
    assert rows(found) == [("Customer", "client", "must")]


def test_notices_in_a_second_verb_bind_both_sides() -> None:
    text = (
        "All notices permitted to be given under this Agreement shall be in writing and shall be"
        " delivered to the parties at their addresses above."
    )
    assert rows(register(text)) == [("not stated", "both", "must")]


def test_an_agreement_that_may_not_be_assigned_binds_both_sides() -> None:
    text = (
        "This Agreement may not be assigned without the prior written consent of the other party."
    )
    assert rows(register(text)) == [("not stated", "both", "must_not")]
    by = register("This Agreement may not be assigned by Supplier without the consent of Customer.")
    assert rows(by) == [("Supplier", "provider", "must_not")]


@pytest.mark.parametrize(
    ("text", "bearer"),
    [
        (
            "This Agreement will renew each year unless either party notifies the other in"
            " writing at least 60 days before the end of the term.",
            "either party",
        ),
        (
            "The term shall extend by one year at a time unless either Supplier or Customer"
            " gives written notice of non-renewal.",
            "either Supplier or Customer",
        ),
    ],
)
def test_renewal_unless_either_side_gives_notice_is_both_sides_right(
    text: str, bearer: str
) -> None:
    assert rows(register(text)) == [(bearer, "both", "may")]


# --- short forms of a party that the contract does not define -----------------------------------


NAMED = (
    Party("BrightPath Media Group Inc.", ("BrightPath",), "client"),
    Party("Oakline Traders LLC", ("Supplier",), "provider"),
)


def test_initials_and_role_synonyms_name_the_party() -> None:
    text = (
        "BPMG shall pay each invoice within 30 days. Seller shall deliver the goods to the "
        "warehouse. BPMG may inspect the goods."
    )
    assert rows(register(text, NAMED)) == [
        ("BPMG", "client", "must"),
        ("Seller", "provider", "must"),
        ("BPMG", "client", "may"),
    ]


def test_short_forms_need_a_use_and_no_definition_of_their_own() -> None:
    # written once only: no initials; a seller defined in quotes is someone else
    once = 'BPMG shall pay. The "Seller" means the shop. Seller shall refund the buyer.'
    assert short_forms(once, NAMED) == NAMED
    # initials that spell a word written in lower case elsewhere are that word
    word = Party("Trans Health Enterprises Inc.", ("Trans",), "client")
    text = "THE PARTIES AGREE. THE FEES ARE DUE. the fees are due."
    assert short_forms(text, (word,)) == (word,)


def test_initials_shared_by_two_parties_name_neither() -> None:
    two = (
        Party("Media Net Group Inc.", ("Media",), "client"),
        Party("Mountain North Gas LLC", ("Mountain",), "provider"),
    )
    assert short_forms("MNG shall pay. MNG shall deliver.", two) == two


# --- statements: liability in capitals, rights that end, severability, the agreement itself -----


@pytest.mark.parametrize(
    "text",
    [
        "IN NO EVENT SHALL EITHER PARTY BE LIABLE FOR LOST PROFITS.",
        "A PARTY'S TOTAL LIABILITY UNDER THIS AGREEMENT SHALL BE LIMITED TO THE FEES PAID.",
        "Upon expiry of the term no party shall have any further obligation to the other.",
        "If any provision of this Agreement shall be held by a court to be invalid, such provision"
        " shall be replaced by a valid one.",
        "If Supplier is hit by a strike, this Agreement shall be suspended for the duration.",
        "Response times shall be measured as follows: from the call to the first answer.",
    ],
)
def test_statements_about_liability_and_the_agreement_are_not_obligations(text: str) -> None:
    assert register(text) == ()


def test_in_no_event_shall_a_party_disclose_is_still_a_prohibition() -> None:
    found = register("In no event shall Supplier disclose the prices to a competitor.")
    assert rows(found) == [("Supplier", "provider", "must_not")]


def test_disputes_settled_by_arbitration_still_bind_both_sides() -> None:
    text = "All disputes arising out of this Agreement shall be settled by arbitration in Paris."
    assert rows(register(text)) == [("not stated", "both", "must")]


# --- who chooses a passive permission: "at the discretion of X", "upon mutual agreement" --------


def test_the_chooser_of_a_passive_permission_bears_it() -> None:
    text = (
        "The Supplier Agreement can be terminated at any time at the discretion of either party. "
        "The order may be cancelled at the option of Customer. "
        "The Term may be extended upon mutual agreement between the parties."
    )
    assert rows(register(text)) == [
        ("either party", "both", "may"),
        ("Customer", "client", "may"),
        ("the parties", "both", "may"),
    ]


def test_procedure_extended_by_mutual_agreement_is_no_right() -> None:
    text = "The hearing dates may be extended upon mutual agreement of the parties."
    assert register(text) == ()


# --- "that party", control, notices, a longer window -------------------------------------------


def test_that_party_before_the_verb_is_a_bearer_not_a_cut() -> None:
    text = "If a court orders Supplier to disclose data, that party shall notify the other at once."
    assert rows(register(text)) == [("that party", "provider", "must")]  # the one party named
    other = register("Supplier confirms that party names shall be kept private.")
    assert ("that party", "both", "must") not in rows(other)


def test_control_of_a_thing_is_a_permission() -> None:
    found = register("Customer shall have complete control of the content of the pages.")
    assert rows(found) == [("Customer", "client", "may")]


def test_notices_in_writing_bind_both_sides() -> None:
    text = "Any notices, consents or other communications required under this Agreement must be in writing."
    assert rows(register(text)) == [("not stated", "both", "must")]


def test_a_window_with_a_long_object_is_still_a_permission() -> None:
    text = (
        "Customer shall have seven (7) days following receipt of the draft materials or any part"
        " thereof showing the intended use to review and comment."
    )
    assert rows(register(text)) == [("Customer", "client", "may")]


# --- "should" of a party, "such party" after one named party, "at X's option" -----------------


def test_should_of_a_party_is_a_duty_and_should_before_a_subject_a_condition() -> None:
    text = (
        "Customer should pay the fee before the fifth day of each month. "
        "Supplier should not share the data with others."
    )
    assert rows(register(text)) == [
        ("Customer", "client", "must"),
        ("Supplier", "provider", "must_not"),
    ]
    inverted = (
        "This Agreement may be terminated by either party should Acme's contract with Beta end. "
        "If Supplier should fail to deliver, Customer may cancel the order. "
        "Information which should reasonably be understood as secret is confidential."
    )
    assert rows(register(inverted)) == [
        ("either party", "both", "may"),
        ("Customer", "client", "may"),
    ]


def test_such_party_after_one_named_party_is_that_party() -> None:
    one = "If Supplier is allowed to use subcontractors, such party shall bind them to these terms."
    assert ("such party", "provider", "must") in rows(register(one))
    either = "If either party is sued, such party shall inform the other."
    assert rows(register(either)) == [("such party", "both", "must")]


def test_at_a_partys_option_the_passive_permission_is_that_partys() -> None:
    text = "At Customer's option, a second phase may be ordered on the same terms."
    assert rows(register(text)) == [("Customer", "client", "may")]
    assert register("At Customer's request the reports may be sent by e-mail.") == ()


# --- "if X shall …" is a condition, a proviso binds; force majeure and "shall own" ------------


def test_shall_inside_a_condition_is_no_duty_but_a_proviso_is() -> None:
    text = (
        "If either party shall file a petition in bankruptcy, the other party may terminate this"
        " Agreement."
    )
    assert rows(register(text)) == [("other party", "both", "may")]
    proviso = "Supplier may use the logo, provided that Supplier shall follow the brand guide."
    assert rows(register(proviso)) == [
        ("Supplier", "provider", "may"),
        ("Supplier", "provider", "must"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "No party shall be responsible to the other party for delay or failure in performance"
        " caused by floods.",
        "Customer shall own all designs made under this Agreement.",
    ],
)
def test_force_majeure_and_ownership_are_statements(text: str) -> None:
    assert register(text) == ()


def test_owning_costs_stays_a_duty() -> None:
    found = register("Each party shall bear its own costs. Supplier shall own any risks of loss.")
    assert rows(found) == [("Each party", "both", "must"), ("Supplier", "provider", "must")]


# --- a pronoun after "X agrees that"; an agent acting on behalf of a party ---------------------


def test_a_pronoun_takes_the_party_that_opens_the_sentence() -> None:
    text = "Supplier agrees that, during the term, it will attend two trade fairs a year."
    assert rows(register(text)) == [("Supplier", "provider", "must")]


def test_an_agent_on_behalf_of_a_party_bears_the_partys_duty() -> None:
    text = "Acme Agency on behalf of Supplier shall send the invoice to Customer."
    assert rows(register(text)) == [("Supplier", "provider", "must")]
    # "of" after any other word still marks an object, not a subject
    other = register("The invoices of Supplier shall be paid within 30 days.")
    assert ("Supplier", "provider", "must") not in rows(other)


# --- "May" as a name or a month; ownership in the passive ---------------------------------------


def test_may_written_as_a_name_or_month_is_no_permission() -> None:
    text = (
        "Signed for Supplier By: James E. May, Chief Executive Officer. "
        "Customer may terminate, provided that the fee is paid by May 5, 2020."
    )
    assert rows(register(text)) == [("Customer", "client", "may")]


def test_owned_by_is_an_ownership_statement() -> None:
    text = "The works made by either party shall be owned by the party that made them."
    assert register(text) == ()


def test_a_grant_after_a_long_opening_clause_is_the_grantees_permission() -> None:
    text = (
        "During the Term and subject to Section 12.4 of this Agreement, Supplier hereby (i)"
        " appoints Customer as its agent and (ii) grants Customer a limited right to resell the"
        " units."
    )
    assert ("Customer", "client", "may") in rows(register(text))
    relative = (
        "On termination, the licence that Supplier grants to Customer under this clause ends."
    )
    assert rows(register(relative)) == []
