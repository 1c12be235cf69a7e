"""Speed-ups in parties and the fallback roles keep the exact behaviour of the code they replaced.

- ``RoleData.noun_for`` (a dict built once) answers like the linear scan over the role nouns.
- ``roles._count_term`` counts what ``re.findall`` of the original patterns counts.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer import roles
from analyzer.parties import _norm_term, load_role_data


@pytest.mark.parametrize("language", ["en", "zh"])
def test_parties_speed_noun_for_matches_linear_scan(language: str) -> None:
    data = load_role_data(language)
    probes = [t for noun in data.nouns for t in noun.terms]
    probes += [t.upper() for t in probes] + [f"the  {t}" for t in probes] + ["Nobody", "某方"]
    for term in probes:
        key = _norm_term(term)
        expected = next((n for n in data.nouns if any(_norm_term(t) == key for t in n.terms)), None)
        assert data.noun_for(term) is expected, term


WORDS = [
    "Supplier",
    "the",
    "to",
    "for",
    "pay",
    "shall",
    "provide",
    "services",
    "hereunder",
    "Customer",
    "will",
    "agrees",
    "x",
    "Supplier's",
    "-",
    ".",
    ",",
    "\n",
    "  ",
    "the  ",
]


CRAFTED = [
    "Supplier shall provide the services. XSupplier shall provide. Supplier_x will deliver",
    "pay the Supplier; pay to the Supplier, pay to Supplier, pay  Supplier, repay Supplier",
    "pay the the Supplier. pay to to Supplier. prepay to the Supplier. pay\nthe\nSupplier",
    "Customer shall pay Supplier. Customer will pay. Customer agrees to pay the fees",
    "services to the Customer hereunder; for Customer services. to Customer. (for Customer)",
    "to the Customer, the services; for the Customer . services; tofor Customer services",
]


@pytest.mark.parametrize("text", CRAFTED)
@pytest.mark.parametrize("term", ["Supplier", "Customer"])
def test_parties_speed_fallback_counts_crafted(text: str, term: str) -> None:
    _assert_counts_equal_findall(text, term)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=40),
    st.sampled_from(["Supplier", "Customer", "the Customer", "X-Co"]),
)
def test_parties_speed_fallback_counts_equal_findall(words: list[str], term: str) -> None:
    _assert_counts_equal_findall(" ".join(words).replace(" \n ", "\n"), term)


def _assert_counts_equal_findall(text: str, term: str) -> None:
    t = re.escape(term)
    cases = [
        (roles._count_term(text, term, roles._NOT_WORD_NEXT), r"(?<![\w])" + t + r"(?![\w])"),
        (roles._count_term(text, term, roles._PERFORM_AFTER), rf"(?<![\w]){t}\s+{roles._PERFORM}"),
        (
            roles._count_term(text, term, roles._BOUNDARY, before=roles._PAY_BEFORE),
            rf"\bpay\s+(?:to\s+)?(?:the\s+)?{t}\b",
        ),
        (
            roles._count_term(text, term, roles._PAYS_AFTER),
            rf"(?<![\w]){t}\s+(?:shall|will|agrees\s+to)\s+pay\b",
        ),
        (
            roles._count_term(text, term, roles._SERVICES_AFTER, before=roles._TO_FOR_BEFORE),
            rf"\b(?:to|for)\s+(?:the\s+)?{t}\b(?=[^.]{{0,20}}\b(?:services|hereunder))",
        ),
    ]
    for got, pattern in cases:
        assert got == len(re.findall(pattern, text)), pattern
