"""Session 19: register wordings. Sentences written for these tests, no corpus text."""

from __future__ import annotations

import pytest
from builders import register, register_rows


@pytest.mark.parametrize(
    "sentence",
    [
        "The exclusions cover any information that the Customer can demonstrate was public.",
        "Supplier shall sign all documents and instruments that the Customer may deem necessary.",
        "Supplier shall keep records of all claims that the Customer may bring against it.",
        "Supplier shall indemnify the Customer against all losses that the Customer may suffer.",
    ],
)
def test_a_permission_in_a_relative_clause_after_a_noun_is_no_row(sentence: str) -> None:
    """'<noun> that X may …' says what the noun is; it gives X no right."""
    rows = register_rows(register(sentence))
    assert ("Customer", "client", "may") not in rows


@pytest.mark.parametrize(
    "sentence",
    [
        "Supplier agrees that the Customer may inspect the premises at any time.",
        "Neither party may assign this Agreement, except that the Customer may assign it to an "
        "affiliate.",
        "It is hereby clarified that the Customer may terminate this Agreement for convenience.",
        "Notices go to the address above or such other address as that Customer may designate.",
        "Supplier shall pay all costs of that action and the Customer may recover its fees.",
    ],
)
def test_a_permission_after_a_verb_or_a_determiner_that_stays(sentence: str) -> None:
    rows = register_rows(register(sentence))
    assert ("Customer", "client", "may") in rows
