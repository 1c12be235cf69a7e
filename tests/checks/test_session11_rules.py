"""Session 11: security wordings that are not information security, from train contracts whose
Article 5 the labellers call false while the rules read a measure.

Every sentence here was written for these tests (never corpus text). The preamble the ``screen``
fixture adds makes Beta Outsourcing Inc. ("Supplier") the provider and Acme Holdings Ltd
("Customer") the client.
"""

from __future__ import annotations

import pytest
from builders import Screen, finding, parties_of

MEASURE = "art5.security_measures"


@pytest.mark.parametrize(
    "sentence",
    [
        # a visitor's duty at the other party's site, and the security of an event's crowd
        "9.1 Each party shall observe the reasonable safety and security measures of the other "
        "party while visiting its offices.",
        "9.1 Supplier shall comply with all licence conditions for the stadium, including those "
        "on health and safety and crowd security measures at the stadium.",
        # a product described as compliant is no duty to safeguard anything
        "WHEREAS, Customer operates a secure, HIPAA compliant messaging platform for clinics.",
        "9.1 Supplier will promote the HIPAA compliant messaging platform of Customer to its "
        "network of clinics.",
        # a definition describes a system; it binds no one to a measure
        '9.1 "Partner Console" shall mean the password protected web interface through which '
        "Supplier can view the sales records.",
    ],
)
def test_security_words_that_are_not_an_information_security_measure(
    screen: Screen, sentence: str
) -> None:
    assert finding(screen(sentence), MEASURE).status == "missing"


@pytest.mark.parametrize(
    "sentence",
    [
        # the same words binding the provider to protect information stay measures
        "9.1 Supplier shall maintain appropriate security measures at its premises, including "
        "controls on visitors, to protect Customer's information.",
        "9.1 Supplier shall comply with HIPAA and keep all patient records on password "
        "protected systems.",
        "9.1 Supplier shall keep all Customer records on password protected systems.",
    ],
)
def test_security_measures_that_protect_information_still_count(
    screen: Screen, sentence: str
) -> None:
    assert finding(screen(sentence), MEASURE).status in ("met", "partial")


@pytest.mark.parametrize(
    ("preamble", "name"),
    [
        (
            "This Agreement is entered into by the City of Springfield, Illinois, a home-rule "
            'municipality ("CITY") and Acme Water Corp., a Delaware corporation ("ACME").',
            "City of Springfield, Illinois",
        ),
        (
            'This Agreement is entered into by the County of Marin ("County") and Acme Water '
            'Corp. ("Contractor").',
            "County of Marin",
        ),
    ],
)
def test_a_public_body_written_after_the_is_a_party(preamble: str, name: str) -> None:
    """A city or county as a party, named in running prose after "by the" (no company marker):
    found, with its defined term, beside the company."""
    found = {
        p.name: p.terms
        for p in parties_of("COOPERATION AGREEMENT", preamble, "1. The parties shall cooperate.")
    }
    assert name in found and "Acme Water Corp." in found, found


def test_the_state_in_governing_law_wording_is_no_party() -> None:
    parties = parties_of(
        "SERVICES AGREEMENT",
        "This Agreement is made between Acme Water Corp., a corporation organized under the laws "
        'of the State of Delaware ("Supplier"), and Beta Foods Ltd. ("Customer").',
    )
    names = {p.name for p in parties}
    assert not any(n.startswith("State of") for n in names), names


@pytest.mark.parametrize("term", ["Individual", "Professional", "Celebrity"])
def test_the_person_who_endorses_is_the_provider(term: str) -> None:
    """An endorsement: the person ("Individual", "Professional", "Celebrity") lends name and
    appearances to the company, which pays: the person serves (the labellers of every
    endorsement in the corpus agree). The defined term alone says so, as "Endorser" does."""
    parties = parties_of(
        "ENDORSEMENT AGREEMENT",
        f'This Agreement is made between Brightway Snacks, Inc. ("Company") and Jane Doe ("{term}").',
        "1. The parties shall meet once a year to review this Agreement.",
    )
    roles = {p.name: p.role for p in parties}
    assert (
        roles.get("Jane Doe") == "provider" and roles.get("Brightway Snacks, Inc.") == "client"
    ), roles
