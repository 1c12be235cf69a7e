"""Session 20: register wordings. Sentences written for these tests, no corpus text."""

from __future__ import annotations

import pytest
from builders import finding, register, register_rows, text_document

from analyzer.engine import analyze


@pytest.mark.parametrize(
    "sentence",
    [
        "Customer shall have the right (but not the obligation) to terminate the Services.",
        "Customer will have the right but not the obligation to bring an action.",
        "Customer shall have the right, but not the obligation, to inspect the premises.",
        "Customer shall have the right at all reasonable times to examine the records.",
        "Customer will have the right at any time to revoke its approval.",
        "Customer shall have the right from time to time to request reports.",
        "Customer shall have the sole right and discretion to approve the advertising.",
        "Should Supplier fail to insure the goods, Customer shall have the right and authority "
        "(without, however, any obligation to do so) immediately to insure them.",
    ],
)
def test_a_right_with_an_inset_before_its_to_is_a_permission(sentence: str) -> None:
    """'shall have the right (but not the obligation) to …': the party may, it need not."""
    rows = register_rows(register(sentence))
    assert ("Customer", "client", "may") in rows
    assert ("Customer", "client", "must") not in rows


def test_a_right_that_comes_with_a_responsibility_stays_a_duty() -> None:
    rows = register_rows(
        register("Customer shall have the sole right and responsibility to select the vendors.")
    )
    assert ("Customer", "client", "must") in rows


@pytest.mark.parametrize(
    "sentence",
    [
        "Supplier shall use the Marks only in such form and manner as is approved by Customer.",
        "Supplier agrees to use the Domain Names only in accordance with the policy of Customer.",
        "Supplier shall use the Licensed Mark only to the extent permitted under this Agreement.",
        "Supplier shall use the Marks only in the form approved by Customer.",
    ],
)
def test_a_manner_the_party_must_keep_to_is_a_duty(sentence: str) -> None:
    """'use the Marks only in the form approved': how to use them, a duty (not 'only to its
    employees', which forbids every other recipient)."""
    rows = register_rows(register(sentence))
    assert ("Supplier", "provider", "must") in rows
    assert ("Supplier", "provider", "must_not") not in rows


@pytest.mark.parametrize(
    "sentence",
    [
        "Supplier shall disclose the information only to its employees.",
        "Supplier shall sell the Products only to end users.",
        "Supplier agrees to use the information only for the purposes of this Agreement.",
    ],
)
def test_only_to_or_for_still_forbids_everything_else(sentence: str) -> None:
    rows = register_rows(register(sentence))
    assert ("Supplier", "provider", "must_not") in rows


@pytest.mark.parametrize(
    ("sentence", "deadline"),
    [
        (
            "After the agreement is signed, Customer shall complete its due diligence.",
            "After the agreement is signed",
        ),
        (
            "7.2 Following the expiry of the Initial Term, Supplier may amend the Territory.",
            "Following the expiry of the Initial Term",
        ),
        (
            "Once a defect has been confirmed, Supplier shall repair the equipment.",
            "Once a defect has been confirmed",
        ),
        ("On a periodic basis, Supplier shall provide a forecast.", "On a periodic basis"),
    ],
)
def test_the_event_a_sentence_opens_with_is_its_deadline(sentence: str, deadline: str) -> None:
    assert [o.deadline for o in register(sentence)] == [deadline]


@pytest.mark.parametrize(
    "sentence",
    [
        "Upon the terms and subject to the conditions of this Agreement, Customer shall buy the "
        "goods.",
        "When using the Marks, Supplier shall include a notice of ownership.",
        "On a product-by-product basis, Customer may elect to buy the goods.",
        "On behalf of its staff, Supplier shall sign the forms.",
        "Upon prior written notice, Customer may inspect the premises.",
    ],
)
def test_an_opening_that_is_no_event_gives_no_deadline(sentence: str) -> None:
    rows = register(sentence)
    assert rows
    assert all(o.deadline is None for o in rows)


@pytest.mark.parametrize(
    "sentence",
    [
        "Supplier shall indemnify the Customer against all Damages that the Customer may suffer.",
        "The exclusions cover any Confidential Information that the Customer can demonstrate "
        "was public.",
    ],
)
def test_a_relative_clause_after_a_capitalised_noun_gives_no_permission(sentence: str) -> None:
    rows = register_rows(register(sentence))
    assert ("Customer", "client", "may") not in rows


@pytest.mark.parametrize(
    "sentence",
    [
        "Customer shall have the first right to enforce the Patents.",
        "Customer shall have first option to buy the inventory.",
        "Customer shall have the right at any time and from time to time to change the Fees.",
        "Customer shall be authorized to resell the products.",
        "Customer shall be free to select any names.",
        "Customer will be eligible to participate in the bonus scheme.",
        "Customer will be permitted (on its own or through an agent) to make offers.",
        "Customer, at its sole option and discretion, shall file and prosecute all patents.",
    ],
)
def test_more_wordings_of_a_right(sentence: str) -> None:
    rows = register_rows(register(sentence))
    assert rows == [("Customer", "client", "may")]


def test_a_party_called_icc_is_no_arbitral_institution() -> None:
    """'Investors Capital Corporation ("ICC")' is a party: its name beside an arbitration clause
    is not the International Chamber of Commerce."""
    doc = text_document(
        "SERVICES AGREEMENT",
        'This agreement is made between Alpha Insurance Company ("Alpha") and Investors Capital '
        'Corporation ("ICC").',
        "1. ICC shall provide the marketing services described in Schedule 1.",
        "2. A breach shall not be deemed to have occurred if the ICC demonstrates, through binding "
        "arbitration under Section 3, that the determination was unreasonable.",
        "3. All disputes arising out of this Agreement shall be settled by binding arbitration by "
        "the American Arbitration Association in New York.",
    )
    report = analyze(doc, second_reader=False)
    assert finding(report, "art10.arbitration_institution").value == "AAA"


def test_the_icc_named_as_institution_still_counts() -> None:
    doc = text_document(
        "SERVICES AGREEMENT",
        'This agreement is made between Alpha Corp. ("Customer") and Beta Services Ltd. '
        '("Supplier").',
        "1. Supplier shall provide the services described in Schedule 1.",
        "2. All disputes shall be finally settled under the Rules of Arbitration of the "
        "International Chamber of Commerce (ICC) by three arbitrators.",
    )
    report = analyze(doc, second_reader=False)
    assert finding(report, "art10.arbitration_institution").value == "ICC"


def test_a_court_that_decides_an_indemnity_carve_out_is_no_forum() -> None:
    """'if it is determined by final judgment of a court having jurisdiction that …' says when
    an indemnity does not apply; it chooses no forum."""
    doc = text_document(
        "SERVICES AGREEMENT",
        'This agreement is made between Alpha Corp. ("Customer") and Beta Services Ltd. '
        '("Supplier").',
        "1. Supplier shall provide the services described in Schedule 1.",
        "2. The indemnification provided for in this Section shall not be applicable to any loss "
        "if it is determined by final judgment of a court having jurisdiction over the matter "
        "that the loss resulted from the gross negligence of the Customer.",
    )
    report = analyze(doc, second_reader=False)
    assert finding(report, "art10.dispute_forum").value == "none"


@pytest.mark.parametrize(
    "sentence",
    [
        "Each application shall be approved by one of Supplier's registered principals.",
        "The services shall be performed in a timely manner by personnel of Supplier.",
        "Each investigation will be reviewed by a Supplier designated quality representative.",
    ],
)
def test_a_passive_done_by_a_partys_people_is_that_partys_duty(sentence: str) -> None:
    rows = register_rows(register(sentence))
    assert rows == [("Supplier", "provider", "must")]


def test_the_recitals_under_their_heading_are_no_duties() -> None:
    text = "\n".join(
        [
            "SERVICES AGREEMENT",
            'This agreement is made between Alpha Corp. ("Customer") and Beta Services Ltd. '
            '("Supplier").',
            "RECITALS",
            "A. Supplier maintains a data centre and will provide hosting services to its clients.",
            "B. Customer wishes to obtain such services on the terms set forth herein.",
            "NOW, THEREFORE, the parties agree as follows:",
            "1. Supplier shall provide the hosting services described in Schedule 1.",
        ]
    )
    rows = register(text)
    assert [(o.bearer, str(o.modality)) for o in rows] == [("Supplier", "must")]
    assert "Schedule 1" in text[rows[0].start : rows[0].end]


def test_background_in_the_definitions_opens_no_recitals() -> None:
    text = "\n".join(
        [
            "SERVICES AGREEMENT",
            'This agreement is made between Alpha Corp. ("Customer") and Beta Services Ltd. '
            '("Supplier"). The parties agree as follows:',
            "1. Background IP means the intellectual property a party owns before this Agreement.",
            "2. Supplier shall provide the hosting services described in Schedule 1.",
            "3. In consideration of the fees, Customer shall pay each invoice within 30 days.",
        ]
    )
    rows = register_rows(register(text))
    assert ("Supplier", "provider", "must") in rows
    assert ("Customer", "client", "must") in rows


def test_lettered_recitals_without_a_heading_are_no_duties() -> None:
    text = "\n".join(
        [
            "TRANSITION SERVICES AGREEMENT",
            'This agreement is made between Alpha Corp. ("Customer") and Beta Services Ltd. '
            '("Supplier").',
            "A. Supplier will provide certain services to Customer after the separation.",
            "B. Customer will provide certain reverse services to Supplier.",
            "NOW, THEREFORE, the parties agree as follows:",
            "1. Supplier shall provide the services described in Exhibit A.",
        ]
    )
    rows = register(text)
    assert [(o.bearer, str(o.modality)) for o in rows] == [("Supplier", "must")]
    assert "Exhibit A" in text[rows[0].start : rows[0].end]
