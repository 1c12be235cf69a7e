"""Issue #18, session 11: wordings of joint ventures and of sale contracts, bearers of a
contract's header labels (sentences written for these tests, no corpus text)."""

from __future__ import annotations

import pytest
from builders import register

from analyzer.model import Party

# --- the members of a joint venture written as a class -----------------------------------------


@pytest.mark.parametrize(
    ("text", "bearer", "modality"),
    [
        ("Each Participant will pay its share of the start-up costs.", "Each Participant", "must"),
        ("No Participant will compete with the venture.", "No Participant", "must_not"),
        ("Any Participant will have the right to call a meeting.", "Any Participant", "may"),
        (
            "The remaining Participants may buy the leaving member's interest.",
            "remaining Participants",
            "may",
        ),
        ("Each of the Venturers shall keep the plans secret.", "Each of the Venturers", "must"),
    ],
)
def test_the_members_of_a_joint_venture_as_a_class_bind_both(
    text: str, bearer: str, modality: str
) -> None:
    found = register(text, ())
    assert [(o.bearer.lower(), str(o.role), str(o.modality)) for o in found] == [
        (bearer.lower(), "both", modality)
    ]


def test_a_participant_that_is_no_party_is_no_bearer() -> None:
    # "participant" inside a noun phrase, not the subject of the duty
    assert register("A participant list will be attached to the minutes.", ()) == ()


# --- a joint venture: nobody serves, the two sides' roles are not inferred ----------------------

_JV = (
    Party(name="Alder Farms Ltd.", terms=("AFL",), role="unknown"),
    Party(name="Birch Capital Inc.", terms=("BCI",), role="unknown"),
)
_JV_BODY = (
    "AFL will provide the land and the staff for the project.\n"
    "AFL will deliver the crop reports every month.\n"
    "BCI will pay for the greenhouses."
)


def test_roles_of_a_joint_venture_are_not_inferred() -> None:
    found = register("JOINT VENTURE AGREEMENT\n" + _JV_BODY, _JV)
    assert {(o.bearer, str(o.role)) for o in found} == {("AFL", "unknown"), ("BCI", "unknown")}


def test_roles_of_a_services_contract_are_still_inferred() -> None:
    found = register("SERVICES AGREEMENT\n" + _JV_BODY, _JV)
    assert {(o.bearer, str(o.role)) for o in found} == {("AFL", "provider"), ("BCI", "client")}


# --- a sale contract: the seller and buyer of its header, in any case and number -----------------

_SALE_HEADER = "PURCHASE CONTRACT No. 7\nThe buyer: Harbour Trading Co. Tel: 000\nThe seller: \n"


def test_a_seller_labelled_in_the_header_bears_its_duties() -> None:
    text = _SALE_HEADER + "The Sellers shall ship the crates within ten days of the order."
    found = register(text, (Party("Buyer", ("Buyer",), "client"),))
    assert [(o.bearer, str(o.role), str(o.modality)) for o in found] == [
        ("Sellers", "provider", "must")
    ]


def test_lower_case_and_plural_forms_of_a_sale_party() -> None:
    text = (
        _SALE_HEADER + "The seller shall pack the goods in sound cartons.\n"
        "The Buyers may reject any damaged carton within five days."
    )
    found = register(text, (Party("Buyer", ("Buyer",), "client"),))
    assert [(str(o.role), str(o.modality)) for o in found] == [
        ("provider", "must"),
        ("client", "may"),
    ]


def test_a_seller_never_labelled_is_no_party() -> None:
    # a third party's sale mentioned in a services contract: no header label, no bearer
    text = "SERVICES AGREEMENT\nThe seller of the building shall hand over the keys."
    assert register(text) == ()


# --- two parties of one side as a joint subject, "shall be at liberty to" ----------------------

_THREE = (
    Party("Oak Golf Ltd.", ("Company",), "client"),
    Party("Ann Reed", ("Reed",), "unknown"),
    Party("Reed Media Inc.", ("Reed Media",), "provider"),
)


@pytest.mark.parametrize("joint", ["Reed Media and Reed", "Reed Media or Reed"])
def test_a_provider_and_a_party_of_no_role_against_a_client_are_the_provider(joint: str) -> None:
    found = register(f"{joint} shall appear at two trade shows a year.", _THREE)
    assert [(o.bearer, str(o.role)) for o in found] == [(joint, "provider")]


def test_a_joint_subject_of_two_sides_stays_both() -> None:
    parties = (Party("Oak Golf Ltd.", ("Company",), "client"), _THREE[1])
    found = register("Company and Reed shall meet every month.", parties)
    assert [str(o.role) for o in found] == ["both"]


def test_at_liberty_to_is_a_permission() -> None:
    found = register("Customer shall be at liberty to repair the defect at Supplier's cost.")
    assert [(o.bearer, str(o.role), str(o.modality)) for o in found] == [
        ("Customer", "client", "may")
    ]
