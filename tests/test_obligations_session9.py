"""Issue #18, session 9: general mechanisms of bearer, role and modality (sentences written for
these tests, no corpus text)."""

from __future__ import annotations

import pytest
from builders import register
from builders import register_rows as rows

# --- "shall have the right", however long the inset ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Either party shall have the right, without prejudice to any other remedies it may "
        "have, to end this Agreement on notice.",
        "The other party shall have the right, to the fullest extent the law allows, after any "
        "insolvency event, and without prejudice to its other rights, at any time to end this "
        "Agreement.",
    ],
)
def test_a_right_with_a_long_inset_is_a_permission(text: str) -> None:
    assert [(str(o.role), str(o.modality)) for o in register(text)] == [("both", "may")]


def test_a_right_of_prior_written_approval_is_a_permission() -> None:
    found = register("Customer shall have the right of prior written approval over every banner.")
    assert rows(found) == [("Customer", "client", "may")]
    assert "prior written approval" in found[0].action


# --- collective bearers: any "the <adjective> party", joint subjects ----------------------------


@pytest.mark.parametrize(
    ("text", "bearer"),
    [
        (
            "After such a breach, the non-defaulting party may end the Term by notice.",
            "non-defaulting party",
        ),
        ("The nondefaulting party may end the Term at once.", "nondefaulting party"),
        ("The insolvent party shall tell the other side within two days.", "insolvent party"),
    ],
)
def test_the_adjective_party_is_a_collective_bearer(text: str, bearer: str) -> None:
    assert [(o.bearer, str(o.role)) for o in register(text)] == [(bearer, "both")]


def test_a_third_party_is_still_no_bearer() -> None:
    assert register("The third party shall sign a release before the visit.") == ()


def test_they_after_two_agreeing_parties_binds_both() -> None:
    found = register(
        "Supplier and Customer agree that they will meet every quarter to review the plan."
    )
    assert rows(found) == [("Supplier and Customer", "both", "must")]


@pytest.mark.parametrize("joint", ["Supplier and/or Customer", "Supplier or Customer"])
def test_either_of_two_parties_as_subject_is_both(joint: str) -> None:
    found = register(f"{joint} may assign this Agreement to an affiliate.")
    assert rows(found) == [(joint, "both", "may")]


def test_it_after_each_party_agrees_in_a_list() -> None:
    text = (
        "Except as the law requires, each party agrees: (i) that it will not publish the other's "
        "price list; and (ii) that it will keep the price list in a locked cabinet."
    )
    assert rows(register(text)) == [
        ("each party", "both", "must_not"),
        ("each party", "both", "must"),
    ]


def test_it_after_a_party_that_agrees_later_in_the_sentence() -> None:
    text = "Subject to the budget, Customer agrees that it will approve the drawings within a week."
    assert rows(register(text)) == [("Customer", "client", "must")]


# --- passives: who is told, given or paid -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Customer shall be advised in writing of the reasons for any rejection.", "provider"),
        ("Supplier will be provided upon request with copies of the test sheets.", "client"),
        ("Customer shall be given prompt notice of any recall.", "provider"),
    ],
)
def test_a_party_told_or_given_something_is_the_other_sides_duty(text: str, role: str) -> None:
    assert rows(register(text)) == [("not stated", role, "must")]


def test_a_party_told_something_by_a_named_agent_is_the_agents_duty() -> None:
    assert rows(register("Supplier shall be given notice by Customer of any claim.")) == [
        ("Customer", "client", "must")
    ]
    assert rows(register("Supplier shall be paid by Customer within 30 days.")) == [
        ("Customer", "client", "must")
    ]


def test_an_agent_of_a_later_participle_is_not_the_bearer() -> None:
    text = "Supplier agrees that no use of the logo will be made until it has been approved by Customer."
    assert [str(o.role) for o in register(text)] == ["provider"]


def test_a_passive_given_to_a_party_is_the_other_sides_duty() -> None:
    found = register(
        "A copy of the insurance certificate shall be furnished to Customer within ten days."
    )
    assert rows(found) == [("not stated", "provider", "must")]


def test_an_agentless_payment_by_cheque_is_the_payers() -> None:
    text = (
        "All payments shall be made by wire transfer to the account of Supplier. "
        "The fee shall be accrued daily and paid monthly in arrears. "
        "Supplier shall deliver the goods. Customer shall pay the fees."
    )
    assert rows(register(text)) == [
        ("not stated", "client", "must"),
        ("not stated", "client", "must"),
        ("Supplier", "provider", "must"),
        ("Customer", "client", "must"),
    ]


# --- conditions and choices about the term ------------------------------------------------------


def test_if_a_party_shall_after_an_item_label_is_a_condition() -> None:
    text = "(a) If either party at any time during the Term shall fail to pay any sum, the other party may end it."
    assert rows(register(text)) == [("other party", "both", "may")]


@pytest.mark.parametrize(
    ("text", "bearer"),
    [
        (
            "(b) If Customer goes bankrupt, the Term shall, at the election of Supplier, end at once.",
            "Supplier",
        ),
        (
            "This Agreement shall, at the option of Customer, be renewed for one more year.",
            "Customer",
        ),
    ],
)
def test_the_term_ending_at_a_partys_election_is_its_permission(text: str, bearer: str) -> None:
    found = [o for o in register(text) if o.modality == "may"]
    assert [o.bearer for o in found] == [bearer]


# --- notices in any sentence of a document ------------------------------------------------------


def test_notices_after_another_sentence_bind_both() -> None:
    text = (
        "This Agreement shall remain in force without that provision. "
        "All notices or other communications hereunder shall be in writing and shall be given in "
        "person or by courier."
    )
    notices = [o for o in register(text) if "courier" in o.action]
    assert notices and all(o.role == "both" for o in notices)


def test_notices_after_a_clause_number() -> None:
    text = "Both parties shall keep records. 12.3 All notices shall be sent by courier."
    assert [str(o.role) for o in register(text)] == ["both", "both"]


# --- what a party warrants about a thing --------------------------------------------------------


def test_a_warranty_about_a_thing_is_no_duty() -> None:
    text = (
        "Supplier represents and warrants that the software (i) is designed for leap years; "
        "(ii) will operate without error."
    )
    assert register(text) == ()


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Supplier warrants that it will not grant any licence to others.", "must_not"),
        ("Supplier warrants that Supplier will comply with all laws.", "must"),
        ("Supplier warrants that its employees will keep the codes secret.", "must"),
    ],
)
def test_a_warranty_of_what_the_party_will_do_is_a_duty(text: str, modality: str) -> None:
    assert rows(register(text)) == [("Supplier", "provider", modality)]


# --- plain present duties and freedoms ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bearer", "role"),
    [
        ("Supplier handles all technical support calls.", "Supplier", "provider"),
        (
            "Supplier tracks the sales and at the end of every month issues a statement to Customer.",
            "Supplier",
            "provider",
        ),
        ("Customer submits the forecast on the first day of each quarter.", "Customer", "client"),
    ],
)
def test_plain_present_operative_verbs_are_duties(text: str, bearer: str, role: str) -> None:
    assert rows(register(text)) == [(bearer, role, "must")]


@pytest.mark.parametrize(
    "text",
    [
        "Customer is free to buy similar goods from others.",
        "Supplier is hereby authorized to hire couriers for the deliveries.",
        "Supplier and its affiliates are free to serve other banks.",
    ],
)
def test_free_to_and_hereby_authorized_are_permissions(text: str) -> None:
    assert [str(o.modality) for o in register(text)] == ["may"]


def test_a_plan_named_after_a_party_is_free_of_charge_not_a_permission() -> None:
    assert register("The Supplier Reseller Plan is free to join.") == ()


# --- negated subjects, other parties ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bearer"),
    [
        (
            "Each party agrees that, during the Term, neither will disparage the other in public.",
            "Each party",
        ),
        (
            "Supplier agrees that neither it nor its staff will contact the Customer's clients.",
            "Supplier",
        ),
    ],
)
def test_neither_before_the_marker_is_a_prohibition(text: str, bearer: str) -> None:
    assert [(o.bearer, str(o.modality)) for o in register(text)] == [(bearer, "must_not")]


def test_neither_in_an_earlier_clause_does_not_negate() -> None:
    text = "Neither the delay nor the failure, however, shall excuse anyone; Supplier shall pay."
    assert ("Supplier", "provider", "must") in rows(register(text))


def test_any_other_party_is_a_collective_agent() -> None:
    text = "All data given by a party shall be used by any other party only for the Project."
    assert [str(o.role) for o in register(text)] == ["both"]


# --- what a party agrees to about a thing; waivers; consent of the other party ------------------


def test_a_passive_in_what_a_party_agrees_to_is_its_duty() -> None:
    text = (
        "Supplier agrees that all records which it keeps for Customer shall be readily "
        "accessible during business hours."
    )
    assert rows(register(text)) == [("Supplier", "provider", "must")]


def test_how_a_waiver_is_made_is_no_duty() -> None:
    assert register("Any waiver of these rights must be set forth in writing.") == ()


def test_permission_from_the_other_party_not_unreasonably_withheld() -> None:
    text = (
        "This Agreement may not be assigned by either party without prior written permission "
        "from the other party, which permission shall not be unreasonably withheld."
    )
    assert rows(register(text)) == [
        ("either party", "both", "must_not"),
        ("other party", "both", "must_not"),
    ]


def test_agree_in_a_condition_does_not_bind_a_passive() -> None:
    text = (
        "Unless the parties otherwise agree in writing, all output shall be allocated to the plant."
    )
    assert [str(o.role) for o in register(text)] == ["unknown"]


def test_any_other_party_as_an_object_is_no_bearer() -> None:
    text = "Supplier owes duties to any other party and covenants not to take any rival work."
    assert ("Supplier", "provider", "must_not") in rows(register(text))
    assert all(o.bearer != "any other party" for o in register(text))
