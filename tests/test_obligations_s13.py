"""Issue #18, session 13: who the parties are when only role nouns name them, prohibitions in a
list, duties denied, bearers written in capitals (sentences written for these tests, no corpus
text)."""

from __future__ import annotations

import pytest
from builders import EN_PARTIES, text_document

from analyzer.engine import analyze
from analyzer.model import Document, Obligation, Party
from analyzer.obligations import find_obligations
from analyzer.segment import segment


def _register(
    text: str, parties: tuple[Party, ...] = EN_PARTIES
) -> tuple[Document, tuple[Obligation, ...]]:
    doc = text_document(*text.split("\n"))
    return doc, find_obligations(doc, segment(doc), parties, "en")


def _rows(text: str) -> list[tuple[str, str, str, str]]:
    doc, found = _register(text)
    return [(o.bearer, str(o.role), str(o.modality), doc.text[o.start : o.end]) for o in found]


# A distribution agreement in the English style: the parties listed by number with no defined
# terms, then "the Maker" and "the Distributor" throughout (both role nouns of the provider side)
NUMBERED_PARTIES = "\n".join(
    [
        "DISTRIBUTION AGREEMENT",
        "Parties",
        "(1) Orchard Devices Pty Ltd of 1 Harbour Road, Sydney",
        "(2) Harbour Trading LLC of 5 Main Street, Dallas",
        "Background",
        "The Supplier wishes to appoint the Distributor as its distributor of the Products.",
        "1. The Supplier appoints the Distributor as its distributor in the Territory.",
        "2. The Distributor shall promote the Products and keep the Supplier informed.",
        "3. The Distributor shall keep proper records and allow the Supplier to inspect them.",
        "4. The Distributor shall not sell competing goods.",
        "5. The Supplier shall deliver the Products within 30 days of an order.",
        "6. The Supplier may change the Price on 60 days' notice to the Distributor.",
        "7. The Distributor must pay each invoice of the Supplier within 45 days.",
    ]
)


def test_two_role_nouns_of_one_side_both_become_parties() -> None:
    report = analyze(text_document(*NUMBERED_PARTIES.split("\n")), second_reader=False)
    roles = {p.terms[0]: p.role for p in report.parties}
    assert roles == {"Supplier": "client", "Distributor": "provider"}
    duties = {
        (o.bearer, str(o.role), str(o.modality))
        for o in report.obligations
        if o.bearer == "Distributor"
    }
    assert ("Distributor", "provider", "must") in duties
    assert ("Distributor", "provider", "must_not") in duties


@pytest.mark.parametrize(
    ("item", "modality"),
    [
        ("not use any material for the Products that the Customer has not approved;", "must_not"),
        ("never make any statement about the quality of the Products;", "must_not"),
        ("not later than each 15 March, send the annual report;", "must"),
        ("not less than once a year, train its staff;", "must"),
    ],
)
def test_a_list_item_that_starts_with_not_is_a_prohibition(item: str, modality: str) -> None:
    rows = _rows(f"5. The Supplier shall:\n(a) keep the Products in good order;\n(b) {item}")
    items = [r for r in rows if r[3].startswith(("(b)", item[:10]))]
    assert items, rows
    assert {(r[0], r[2]) for r in items} == {("Supplier", modality)}


@pytest.mark.parametrize(
    "sentence",
    [
        "The Customer shall not be required to pay the fee to the extent it is offset by credits.",
        "The Supplier shall not be required, in the performance of its duties, to divulge any secret.",
        "The Supplier will not be obligated to accept any order above the forecast.",
        "The Customer shall be under no obligation to renew this Agreement.",
        "The Customer is under no obligation to purchase any minimum quantity.",
    ],
)
def test_a_duty_denied_is_the_partys_freedom_not_to(sentence: str) -> None:
    rows = _rows(sentence)
    assert [r[2] for r in rows] == ["may"], rows


def test_the_right_at_any_time_to_is_a_permission() -> None:
    rows = _rows(
        "Each party shall have the right at any time to terminate this Agreement on notice."
    )
    assert [(r[1], r[2]) for r in rows] == [("both", "may")]


def test_a_bearer_written_in_capitals_is_the_party() -> None:
    rows = _rows(
        "EXHIBIT A\n2.1 CUSTOMER shall pay an annual fee of four percent of NET REVENUES.\n"
        "SUPPLIER WILL DELIVER THE GOODS TO THE CUSTOMER'S SITE."
    )
    assert {(r[0], r[1], r[2]) for r in rows} == {
        ("CUSTOMER", "client", "must"),
        ("SUPPLIER", "provider", "must"),
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "A person who is not a party to this Agreement shall not have any rights under it.",
        "A notice given under this Agreement shall not be validly given if sent by e-mail.",
        "Any notice shall be duly served if delivered by hand to the registered office.",
    ],
)
def test_statements_about_third_parties_and_notices_are_no_duties(sentence: str) -> None:
    assert _rows(sentence) == []


def test_a_notice_given_by_a_party_is_still_its_duty() -> None:
    rows = _rows("Each notice shall be duly given by the Supplier to the Customer in writing.")
    assert [(r[0], r[2]) for r in rows] == [("Supplier", "must")]
    assert [(r[0], r[1]) for r in _rows("A party shall give notice of any delay.")] == [
        ("A party", "both")
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "On request from the Supplier, the Customer has to provide the following information.",
            ("Customer", "client", "must"),
        ),
        (
            "The Supplier has the responsibility to assess every request.",
            ("Supplier", "provider", "must"),
        ),
        (
            "The Customer has the option to select a different service.",
            ("Customer", "client", "may"),
        ),
        (
            "The Customer furthermore hereby appoints the Supplier to provide the marketing services.",
            ("Supplier", "provider", "must"),
        ),
        (
            "The Customer hereby appoints the Supplier as its exclusive distributor in the Territory.",
            ("Supplier", "provider", "may"),
        ),
        (
            "The Customer hereby delegates to the Supplier all such powers as shall be necessary.",
            ("Supplier", "provider", "may"),
        ),
        (
            "The Supplier shall at no time have custody of the assets of the Funds.",
            ("Supplier", "provider", "must_not"),
        ),
        (
            "The Supplier shall have full power and authority hereunder to decide what to buy.",
            ("Supplier", "provider", "may"),
        ),
    ],
)
def test_more_ways_to_write_a_duty_or_a_permission(
    sentence: str, expected: tuple[str, str, str]
) -> None:
    assert [r[:3] for r in _rows(sentence)] == [expected]


def test_a_duty_with_has_to_is_no_duty_of_a_thing() -> None:
    assert _rows("This has nothing to do with the Supplier.") == []
    # a passive: someone must notify the Supplier, not the Supplier itself
    rows = _rows("After an incident, the Supplier has to be notified without delay.")
    assert [(r[0], r[2]) for r in rows] == [("not stated", "must")]


def test_parties_that_are_not_parties_bear_nothing() -> None:
    rows = _rows(
        "Indemnified Parties which are not parties to this Agreement shall be entitled to "
        "enforce their rights."
    )
    assert all(r[1] != "both" for r in rows)


# a contract naming its parties after "between" with no defined terms, one name across a line
# break, a suffix the US filings rarely use
BETWEEN_NAMES = "\n".join(
    [
        "Maintenance and support contract",
        "concluded between:                         Tatra",
        "",
        " Telecom a.s., Main Street 17, Bratislava, Slovakia and           Alpen Soft Ltd, "
        "Bernstrasse 34, Bern, Switzerland.",
        "1. Alpen Soft Ltd provides to Tatra a standard support service for the modules.",
        "2. Tatra shall use the HotLine number to report every incident.",
        "3. Tatra has to open the remote access to the system on request.",
        "4. Alpen Soft Ltd shall respond within four hours.",
    ]
)


def test_companies_named_after_between_without_defined_terms_are_the_parties() -> None:
    report = analyze(text_document(*BETWEEN_NAMES.split("\n")), second_reader=False)
    roles = {p.name: (p.role, p.terms) for p in report.parties}
    assert roles["Alpen Soft Ltd"][0] == "provider"
    assert roles["Tatra Telecom a.s."][0] == "client"
    assert "Tatra" in roles["Tatra Telecom a.s."][1]  # its short name bears its duties
    rows = {(o.bearer, str(o.role), str(o.modality)) for o in report.obligations}
    assert ("Tatra", "client", "must") in rows
    assert ("Alpen Soft Ltd", "provider", "must") in rows


ZH_PARTIES = (Party("某银行", ("甲方",), "client"), Party("某服务公司", ("乙方",), "provider"))


def test_a_chinese_duty_the_party_has_and_one_it_has_not() -> None:
    doc = text_document(
        "对于甲方提供的资料，乙方有保密义务，除法律规定外，不得向第三方透露。",
        "乙方负有保密的义务。",
        "乙方没有义务提供额外服务。",
    )
    rows = [
        (o.bearer, str(o.modality), doc.text[o.start : o.end][:6])
        for o in find_obligations(doc, segment(doc), ZH_PARTIES, "zh")
    ]
    assert rows == [
        ("乙方", "must", "对于甲方提供"),  # keep the secret …
        ("乙方", "must_not", "对于甲方提供"),  # … and do not disclose it: two lines, as annotated
        ("乙方", "must", "乙方负有保密"),
        ("乙方", "may", "乙方没有义务"),
    ]
