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
