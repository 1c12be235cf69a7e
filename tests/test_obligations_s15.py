"""Issue #18, session 15: bearers a lawyer reads without effort that the register missed.
Sentences written for these tests, no corpus text."""

from __future__ import annotations

import pytest
from builders import register, register_rows


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a pronoun after a condition about one party: that party's duty
        (
            "If Customer is late in paying an invoice, it shall pay interest at 1% per month.",
            [("Customer", "client", "must")],
        ),
        (
            "In the event that Supplier is acquired, it shall notify Customer within 10 days.",
            [("Supplier", "provider", "must")],
        ),
        (
            "If for any reason Supplier fails to deliver a report, it must not invoice the month.",
            [("Supplier", "provider", "must_not")],
        ),
        (
            "Should Customer move its offices, it may end this Agreement.",
            [("Customer", "client", "may")],
        ),
    ],
)
def test_pronoun_after_a_condition_about_one_party(sentence: str, expected: list) -> None:
    assert register_rows(register(sentence)) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "If the Services are late, it shall be a material breach.",  # a thing, not a party
        "If Customer asks Supplier to stop, it shall stop the work.",  # which of the two?
        "If Customer's payment is late, it shall bear interest.",  # a thing of the party
    ],
)
def test_pronoun_after_a_condition_that_names_no_single_party(sentence: str) -> None:
    assert [o for o in register(sentence) if o.bearer in ("Customer", "Supplier")] == []


def test_list_after_colon_and_dash_gives_one_duty_per_item() -> None:
    """ "the Distributor must: -" and the items on the lines below: each item is a duty."""
    text = "\n".join(
        [
            "16.2 If Supplier seeks consent to a transfer, Supplier must: -",
            "(a) give Customer all facts relating to the transfer",
            "(b) follow any conditions set by Customer for its consent.",
        ]
    )
    found = register(text)
    assert register_rows(found) == [("Supplier", "provider", "must")] * 2
    assert [o.action for o in found] == [
        "give Customer all facts relating to the transfer",
        "follow any conditions set by Customer for its consent",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a passive after "will" whose agent is a party: the agent's duty or prohibition
        (
            "Customer Data will not be used by Supplier for any purpose other than the Services.",
            [("Supplier", "provider", "must_not")],
        ),
        ("Such changes will be reviewed by Supplier.", [("Supplier", "provider", "must")]),
        ("The Agreement will be governed by the laws of New York.", []),
        # a payment stated as due or payable: the payer's duty, the side that pays elsewhere
        (
            "Customer shall pay the fees.\nInvoices are due and payable within 30 days.",
            [("Customer", "client", "must"), ("not stated", "client", "must")],
        ),
        (
            "Customer shall pay the fees.\nThe Fees shall be due and payable within ten days.",
            [("Customer", "client", "must"), ("not stated", "client", "must")],
        ),
        ("Supplier is payable for its expenses.", []),
        # "any sum due Supplier": owed to the party, not its act
        (
            "Any sum due Supplier will be due and payable within ten days.",
            [("not stated", "unknown", "must")],
        ),
        # a responsibility named for a party
        (
            "Proof of an exemption is the responsibility of Customer.",
            [("Customer", "client", "must")],
        ),
        (
            "It is Customer's responsibility to keep the list of contacts current.",
            [("Customer", "client", "must")],
        ),
        (
            "Determination of the applicable law is Customer's sole responsibility.",
            [("Customer", "client", "must")],
        ),
        ("Supplier accepts no responsibility for delays of the carrier.", []),
        # a warranty of the party's own performance is its promise; of a thing, a statement
        (
            "Supplier warrants that all services shall be performed in a workmanlike manner.",
            [("Supplier", "provider", "must")],
        ),
        (
            "In addition, Supplier warrants that the Services will be performed by trained staff.",
            [("Supplier", "provider", "must")],
        ),
        ("Supplier warrants that the Software shall be free of defects.", []),
        # a subject with its defined name between it and the marker; "such other Party"
        (
            'The claiming Party (the "Claimant") shall notify the other Party in writing.',
            [("claiming Party", "both", "must")],
        ),
        (
            "If any Party pays a tax owed by the other Party, such other Party shall repay it.",
            [("such other Party", "both", "must")],
        ),
    ],
)
def test_duties_without_a_party_as_plain_subject(text: str, expected: list) -> None:
    assert register_rows(register(text)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a fact a party acknowledges, no promise
        ("Customer acknowledges that there will be scheduled downtime for maintenance.", []),
        ("Customer acknowledges that Supplier will be irreparably harmed by any breach.", []),
        (
            "Customer also acknowledges that a failure to reach the Quotas will have a "
            "significant adverse impact on Supplier.",
            [],
        ),
        # what it acknowledges it will do is still its duty
        (
            "Customer acknowledges that it will be responsible for its own taxes.",
            [("Customer", "client", "must")],
        ),
        (
            "Customer acknowledges and agrees that it will not disclose the code.",
            [("Customer", "client", "must_not")],
        ),
    ],
)
def test_acknowledged_facts_are_no_duties(sentence: str, expected: list) -> None:
    assert register_rows(register(sentence)) == expected
