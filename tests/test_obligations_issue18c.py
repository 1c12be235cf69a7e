"""Issue #18, third pass: error classes found on the tuning half of the obligations annotations,
each with sentences written for these tests (no corpus text)."""

from __future__ import annotations

import pytest
from builders import text_document

from analyzer.model import Obligation, Party
from analyzer.obligations import find_obligations

EN_PARTIES = (
    Party("Acme Services Ltd", ("Supplier",), "provider"),
    Party("Beta Bank plc", ("Customer",), "client"),
)
LETTER_PARTIES = (
    Party("Acme Services Ltd", ("Party A",), "provider"),
    Party("Beta Bank plc", ("Party B",), "client"),
)


def register(text: str, parties: tuple[Party, ...] = EN_PARTIES) -> tuple[Obligation, ...]:
    doc = text_document(*text.split("\n"), path="t.txt")
    return find_obligations(doc, (), parties, "en")


def rows(obligations: tuple[Obligation, ...]) -> list[tuple[str, str, str]]:
    return [(o.bearer, str(o.role), str(o.modality)) for o in obligations]


# --- "Party B." ends a sentence: a lone letter after "Party"/"Exhibit" is no initial ------------


def test_a_party_letter_ends_the_sentence() -> None:
    text = (
        "Party A shall plan its repair works around the shipping calendar of Party B. "
        "If Party A delays a shipment, Party A shall refund the freight within 10 days."
    )
    found = register(text, LETTER_PARTIES)
    assert rows(found) == [("Party A", "provider", "must"), ("Party A", "provider", "must")]
    first, second = found
    assert text[first.start : first.end].endswith("of Party B.")
    assert text[second.start : second.end].startswith("If Party A delays")
    assert second.deadline == "within 10 days"


def test_an_initial_still_does_not_end_a_sentence() -> None:
    text = "The notice shall be signed by J. Smith on behalf of Supplier and sent to Customer."
    assert len({(o.start, o.end) for o in register(text)}) <= 1


# --- a party named after a preposition is not the subject -------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the subject is the staff, a third party; no duty of the Supplier
        ("All technicians engaged by Supplier shall be subject to the site rules.", []),
        ("The invoices due to Supplier shall not be due before the goods arrive.", []),
        # a passive whose agent the text does not give: bearer not stated
        (
            "All couriers selected by Customer must also be registered with the port authority.",
            [("not stated", "unknown", "must")],
        ),
        # the party itself is still the subject
        ("Supplier shall deliver the parts to Customer.", [("Supplier", "provider", "must")]),
        (
            "Each of Supplier and Customer shall keep the price list confidential.",
            [("Supplier and Customer", "both", "must")],
        ),
    ],
)
def test_party_after_a_preposition_is_no_subject(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert rows(register(text)) == expected


def test_plural_possessive_is_no_subject() -> None:
    parties = (
        Party("Acme Systems Inc", ("Acme Systems",), "provider"),
        Party("Beta Bank plc", ("Customer",), "client"),
    )
    assert register("Acme Systems' liability shall in no event exceed the fees.", parties) == ()


# --- a passive's agent closes that passive, not a participle further on -------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The fees shall be paid by Customer within 30 days.", [("Customer", "client", "must")]),
        (
            "The records shall be kept strictly confidential by Supplier.",
            [("Supplier", "provider", "must")],
        ),
        # "by Customer" is the agent of "imposed", not of the duty
        ("All visitors shall comply with the rules imposed by Customer.", []),
        (
            "The drawings may be copied by Supplier for the works.",
            [("Supplier", "provider", "may")],
        ),
        # an adverb between the modal verb and the passive
        (
            "The spare parts shall promptly be shipped by Supplier.",
            [("Supplier", "provider", "must")],
        ),
    ],
)
def test_passive_agent(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert rows(register(text)) == expected


# --- statements about the agreement or about rights, not conduct ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"Default" shall consist of any failure by Supplier to deliver on time.',
        "This Agreement may not be amended except in a writing signed by Supplier and Customer.",
        "This Agreement shall be signed by the authorised officers of Supplier and Customer.",
        "The rule that doubts are read against the drafter shall not be applied in the "
        "interpretation of this Agreement.",
        "The electricity used on site shall be settled at the local tariff.",
        "Supplier's rights to resell the parts shall not be exclusive.",
        "Upon expiry, all licences granted to Supplier shall immediately terminate.",
        "If the plant closes, the lease shall be automatically terminated.",
    ],
)
def test_statements_are_not_obligations(text: str) -> None:
    assert register(text) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a permission to terminate is no statement
        (
            "If Supplier misses a milestone, Customer has the right to terminate wholly or in "
            "part.",
            [("Customer", "client", "may")],
        ),
        ("Supplier shall cease using the Customer marks.", [("Supplier", "provider", "must")]),
        (
            "Customer shall terminate the access of former staff within 2 days.",
            [("Customer", "client", "must")],
        ),
    ],
)
def test_ending_duties_and_rights_are_kept(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert rows(register(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Supplier's liability shall not exceed the fees paid.", []),
        (
            "Supplier's employees shall keep the access codes secret.",
            [("Supplier", "provider", "must")],
        ),
    ],
)
def test_a_partys_thing_is_no_bearer_its_people_are(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert rows(register(text)) == expected


# --- rights to terminate written without a modal verb of the party --------------------------------


def test_renewal_unless_terminated_by_a_party_is_that_partys_right() -> None:
    text = (
        "The licence will be renewed for further one-year periods, unless otherwise terminated "
        "by either party by giving 60 days' prior notice."
    )
    found = register(text)
    assert rows(found) == [("either party", "both", "may")]
    assert found[0].deadline is not None and "60 days" in found[0].deadline


def test_termination_list_items_are_each_partys_right() -> None:
    text = (
        "5.2 TERMINATION. This Agreement may be terminated before the end of the Term by giving "
        "written notice: A. By either party if the other party fails to cure a breach within 30 "
        "days. B. By Supplier, if Customer does not pay. C. By Customer, for convenience."
    )
    found = register(text)
    assert rows(found) == [
        ("either party", "both", "may"),
        ("Supplier", "provider", "may"),
        ("Customer", "client", "may"),
    ]
    assert [text[o.start : o.end][:5] for o in found] == ["A. By", "B. By", "C. By"]
    assert found[0].deadline == "within 30 days"


def test_nothing_prevents_a_party_is_its_permission() -> None:
    text = "Nothing in this Agreement will preclude Supplier from answering a regulator."
    found = register(text)
    assert rows(found) == [("Supplier", "provider", "may")]
    assert found[0].action.startswith("answering a regulator")
    assert register("Nothing in this Agreement shall be deemed to create a partnership.") == ()


def test_consent_not_unreasonably_withheld_binds_the_consenting_party() -> None:
    text = (
        "Supplier may not assign this Agreement without the prior written consent of Customer. "
        "Such consent shall not be unreasonably withheld."
    )
    assert rows(register(text)) == [
        ("Supplier", "provider", "must_not"),
        ("Customer", "client", "must_not"),
    ]
    # no party's consent named: nothing to say who withholds it
    assert register("Such consent shall not be unreasonably withheld.") == ()


def test_notice_addresses_are_not_duties() -> None:
    text = (
        "All notices shall be addressed as follows: to Supplier at 1 Quay Street. "
        "For Customer, notices shall be sent to the attention of the Treasurer."
    )
    assert register(text) == ()


def test_plain_waiver_and_personnel_of_a_party() -> None:
    assert rows(register("Supplier waives all moral rights in the drawings.")) == [
        ("Supplier", "provider", "must")
    ]
    assert rows(register("A representative of Supplier shall visit the plant twice a year.")) == [
        ("Supplier", "provider", "must")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("履行本合同发生的争议，双方友好协商解决。", [("双方", "both", "must")]),
        ("乙方对更换的零件保修六个月。", [("乙方", "provider", "must")]),
        # 协商一致: how an agreement is reached, no duty of its own
        ("甲乙双方在平等、协商一致的基础上，订立本合同。", []),
    ],
)
def test_chinese_plain_duties_negotiate_and_warrant(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    parties = (
        Party("甲方（委托方）", ("甲方",), "client"),
        Party("乙方（受托方）", ("乙方",), "provider"),
    )
    doc = text_document(text, path="t.txt")
    assert rows(find_obligations(doc, (), parties, "zh")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Supplier shall disclose the designs only to its own engineers.",
            [("Supplier", "provider", "must_not")],
        ),
        ("Customer shall use the samples only for testing.", [("Customer", "client", "must_not")]),
        # a condition is no restriction of the duty
        ("Customer shall pay the bonus only if the line runs.", [("Customer", "client", "must")]),
        ("Supplier waives any claim to the drawings.", [("Supplier", "provider", "must")]),
    ],
)
def test_only_to_restrictions_are_prohibitions(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert rows(register(text)) == expected


def test_a_tie_in_the_role_score_goes_to_the_side_that_performs() -> None:
    # both sides score the same (deliver +2, pay -2, other duties +1 each): the side with a duty
    # of performance is the provider, rather than both sides staying "unknown"
    parties = (
        Party("Northwind Ltd", ("Northwind",), "unknown"),
        Party("Bluefin plc", ("Bluefin",), "unknown"),
    )
    text = (
        "Northwind shall deliver the kits. Northwind shall pay the freight. "
        "Northwind shall keep a log. Northwind shall attend meetings. "
        "Bluefin shall keep a log. Bluefin shall attend meetings."
    )
    roles = {o.bearer: str(o.role) for o in register(text, parties)}
    assert roles == {"Northwind": "provider", "Bluefin": "client"}


def test_payments_without_a_payer_are_the_paying_sides_duty() -> None:
    zh_parties = (
        Party("甲方（委托方）", ("甲方",), "client"),
        Party("乙方（受托方）", ("乙方",), "provider"),
    )
    text = (
        "甲方应按期支付维修费。维修完成时，经双方验收合格，一次性以现金方式支付。"
        "支付费用前乙方应提供发票。"
    )
    doc = text_document(text, path="t.txt")
    found = find_obligations(doc, (), zh_parties, "zh")
    assert rows(found) == [
        ("甲方", "client", "must"),
        ("not stated", "client", "must"),  # the side that pays elsewhere: 甲方
        ("乙方", "provider", "must"),  # "支付费用前" is a time clause, not a payment
    ]
    en = register(
        "Customer shall pay the invoices monthly. The deposit shall be paid within 10 days."
    )
    assert rows(en) == [("Customer", "client", "must"), ("not stated", "client", "must")]
    assert en[1].deadline == "within 10 days"
    # nobody pays elsewhere: the payer stays unknown
    assert rows(register("The deposit shall be paid within 10 days.")) == [
        ("not stated", "unknown", "must")
    ]


def test_payments_will_be_made_and_rights_to_a_thing() -> None:
    text = "Customer shall pay each invoice. Payments will be made on or before the 25th of each month."
    assert rows(register(text)) == [
        ("Customer", "client", "must"),
        ("not stated", "client", "must"),
    ]
    # an examination "made" somewhere is no payment: no one's duty
    assert register("Such examination will be made at the offices of Supplier.") == ()
    assert rows(register("After termination, Customer has the disposal right to the plant.")) == [
        ("Customer", "client", "may")
    ]
    assert rows(register("Supplier has no right to bind Customer.")) == [
        ("Supplier", "provider", "must_not")
    ]


def test_neither_party_may_is_a_prohibition() -> None:
    assert rows(register("Neither party may assign this Agreement without consent.")) == [
        ("Neither party", "both", "must_not")
    ]
    assert rows(register("Either party may terminate on notice.")) == [
        ("Either party", "both", "may")
    ]
