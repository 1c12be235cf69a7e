"""Session 14: Article 11 wordings found on train+dev (endorsement materials; warranties of
title). Every sentence here was written for these tests (never corpus text)."""

from __future__ import annotations

import pytest
from builders import Screen, finding


@pytest.mark.parametrize(
    ("sentence", "owner"),
    [
        (
            "All advertising materials featuring the Athlete shall be and remain the property of "
            "Customer.",
            "client",
        ),
        (
            "Any commercials and press releases made with the Athlete will be and remain the sole "
            "property of Customer.",
            "client",
        ),
        (
            "All photographs and footage shall remain the exclusive property of Supplier.",
            "provider",
        ),
    ],
)
def test_advertising_made_with_the_services_is_a_result(
    screen: Screen, sentence: str, owner: str
) -> None:
    f = finding(screen(sentence), "art11.ip_ownership")
    assert (f.status, f.value) == ("met", owner)


@pytest.mark.parametrize(
    "sentence",
    [
        "Customer represents and warrants to Supplier that it has all right, title and interest "
        "necessary to provide the advertising materials and to perform its obligations hereunder.",
        "Supplier warrants that it owns all rights in the photographs it licenses to Customer "
        "under this Agreement.",
    ],
)
def test_a_warranty_of_title_held_already_allocates_nothing(screen: Screen, sentence: str) -> None:
    f = finding(screen(sentence), "art11.ip_ownership")
    assert f.value == "none"


def test_materials_a_party_owns_without_naming_results_stay_unallocated(screen: Screen) -> None:
    # no results of the services, no advertising made with them: what a party keeps is not new IP
    f = finding(
        screen("All equipment at the site shall remain the property of Customer."),
        "art11.ip_ownership",
    )
    assert f.value == "none"
