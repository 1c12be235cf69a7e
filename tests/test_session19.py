"""Session 19: register wordings. Sentences written for these tests, no corpus text."""

from __future__ import annotations

import pytest
from builders import register, register_rows, zh_register_rows

from analyzer.model import Party


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


@pytest.mark.parametrize(
    ("sentence", "bearer", "modality"),
    [
        (
            "Neither Supplier nor the Customer shall issue a press release about this Agreement.",
            "Neither Supplier nor the Customer",
            "must_not",
        ),
        (
            "Neither Supplier or Customer may assign this Agreement.",
            "Neither Supplier or Customer",
            "must_not",
        ),
        (
            "Customer and Supplier each agree to keep the terms of this Agreement confidential.",
            "Customer and Supplier",
            "must",
        ),
        (
            "Supplier and Customer each shall appoint a project manager.",
            "Supplier and Customer",
            "must",
        ),
        (
            "Customer together with Supplier shall review the plan.",
            "Customer together with Supplier",
            "must",
        ),
    ],
)
def test_two_parties_named_together_bear_it_both(sentence: str, bearer: str, modality: str) -> None:
    assert register_rows(register(sentence)) == [(bearer, "both", modality)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Customer hereby authorizes Supplier to use its logo on the website.",
        "Customer authorizes Supplier to charge the credit card on file.",
        "The Customer hereby authorizes and empowers Supplier to act as its customs agent.",
    ],
)
def test_a_party_authorizing_the_other_is_the_others_permission(sentence: str) -> None:
    assert ("Supplier", "provider", "may") in register_rows(register(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Nothing in this Agreement authorizes Supplier to use the Marks.",
        "All corporate actions have been taken to authorize Supplier to enter into this Agreement.",
        "To the extent Customer authorizes Supplier to add staff, Customer shall pay for them.",
    ],
)
def test_an_authorization_that_is_no_grant_gives_no_permission(sentence: str) -> None:
    assert ("Supplier", "provider", "may") not in register_rows(register(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "乙方承诺不向任何第三方泄露甲方的商业秘密。",
        "乙方保证不将甲方提供的资料用于本合同以外的用途。",
        "乙方保证不得擅自变更服务内容。",
    ],
)
def test_a_chinese_promise_not_to_is_one_prohibition(sentence: str) -> None:
    assert zh_register_rows(sentence) == [("乙方", "provider", "must_not")]


WE_YOU = (
    Party("Harbor Foods Inc.", ("we", "us"), "client"),
    Party("Jane Smith", ("you", "Consultant"), "provider"),
)


@pytest.mark.parametrize(
    ("sentence", "bearer", "modality"),
    [
        ("Each of us will keep the terms of this agreement confidential.", "Each of us", "must"),
        ("Neither of us may assign this agreement.", "Neither of us", "must_not"),
    ],
)
def test_each_of_us_is_both_sides(sentence: str, bearer: str, modality: str) -> None:
    """In a contract written with "we" and "you", "each of us" is either party, not "us"."""
    assert register_rows(register(sentence, WE_YOU)) == [(bearer, "both", modality)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("You'll send us an invoice at the end of each month.", ("You", "provider", "must")),
        ("We’ll pay each invoice within 30 days.", ("We", "client", "must")),
        ("You won't use our name in any advertising.", ("You", "provider", "must_not")),
        ("You can't subcontract the work without our consent.", ("You", "provider", "must_not")),
        ("You're responsible for your own equipment.", ("You", "provider", "must")),
    ],
)
def test_plain_english_contractions_are_read(sentence: str, expected: tuple[str, str, str]) -> None:
    """Contracts written in plain English use contractions: "'ll" is "will", "can't" is no
    permission but a prohibition."""
    assert register_rows(register(sentence, WE_YOU)) == [expected]


def test_a_denied_responsibility_in_plain_english_is_no_duty() -> None:
    text = "We're not responsible for your travel costs unless we agree in advance."
    assert register_rows(register(text, WE_YOU)) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("You need to keep records of your hours.", [("You", "provider", "must")]),
        ("We promise to pay you on time.", [("We", "client", "must")]),
        ("You're not allowed to share your login with anyone.", [("You", "provider", "must_not")]),
        ("You're entitled to a refund if we cancel.", [("You", "provider", "may")]),
        ("You mustn't contact our customers directly.", [("You", "provider", "must_not")]),
        ("You shouldn't discuss our business in public.", [("You", "provider", "must_not")]),
        # a duty denied is the party's freedom not to (as "shall not be required to")
        ("You don't have to work on public holidays.", [("You", "provider", "may")]),
        ("We aren't required to accept every order you send.", [("We", "client", "may")]),
        ("You do not need to attend the annual meeting.", [("You", "provider", "may")]),
    ],
)
def test_plain_english_duties_and_freedoms(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    assert register_rows(register(sentence, WE_YOU)) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Supplier may disclose it only to employees who have a need to know.",
        "Supplier shall not offer, pay or promise to pay any bribe.",
        "The signatures of all parties need not appear on the same counterpart.",
        "The Customer is not required to be registered as an investment company.",
    ],
)
def test_need_and_promise_that_are_no_duty(sentence: str) -> None:
    rows = register_rows(register(sentence))
    assert ("Supplier", "provider", "must") not in rows
    assert ("Customer", "client", "may") not in rows
    assert not any(b.lower().endswith("parties") for b, _, _ in rows)


def test_your_responsibility_is_the_party_called_you() -> None:
    obligations = register("It's your responsibility to back up your data.", WE_YOU)
    assert [(o.bearer, str(o.role), str(o.modality)) for o in obligations] == [
        ("your", "provider", "must")
    ]


def test_a_partys_own_consent_not_to_be_withheld_is_its_prohibition() -> None:
    rows = register_rows(register("Customer's consent shall not be unreasonably withheld."))
    assert rows == [("Customer", "client", "must_not")]


@pytest.mark.parametrize(
    ("sentence", "deadline"),
    [
        (
            "You must give us at least 30 days' written notice before you end it.",
            "at least 30 days' written notice",
        ),
        ("We can end this agreement by giving you 10 days' notice.", "10 days' notice"),
    ],
)
def test_a_notice_period_after_give_is_the_deadline(sentence: str, deadline: str) -> None:
    assert [o.deadline for o in register(sentence, WE_YOU)] == [deadline]


def _register_of(*lines: str) -> list[tuple[str, str, str]]:
    from builders import text_document

    from analyzer.engine import analyze

    report = analyze(text_document(*lines), second_reader=False)
    return [(o.bearer, str(o.role), str(o.modality)) for o in report.obligations]


ADDRESSED = (
    "SERVICE AGREEMENT",
    "THIS AGREEMENT is made between HARBOUR LABS LIMITED, a company incorporated in England "
    '(the "Company"), and JANE SMITH (the "Consultant").',
    "1. Your engagement starts on 1 March 2027. The Company will provide you with a laptop.",
    "2. You will perform the services described in the Schedule.",
    "3. You must keep the Company's information confidential.",
    "4. You may not work for a competitor of the Company during the engagement.",
    "5. The Company will pay your invoices within 30 days. The Company may end the engagement on "
    "one month's notice.",
    "6. You will return all Company property when the engagement ends. You agree to follow the "
    "Company's security policies. The Company will reimburse your travel costs.",
    "7. You are responsible for your own tax. The Company will not be liable for your costs.",
    "8. Your duties may change from time to time. You should tell the Company about any conflict.",
    "9. You will not use the Company's name without its consent.",
)


def test_an_undefined_you_is_the_party_the_text_names_least() -> None:
    """A contract that defines "the Consultant" and then writes to "you": "you" is the
    Consultant (the Company is named by its term throughout)."""
    rows = _register_of(*ADDRESSED)
    you = [r for r in rows if r[0].lower() == "you"]
    assert len(you) >= 6 and {role for _, role, _ in you} == {"provider"}
    assert ("You", "provider", "must_not") in rows


def test_you_defined_with_a_comma_inside_the_quotes() -> None:
    rows = _register_of(
        "FRANCHISE AGREEMENT",
        'This Agreement is between Pine Hotels LLC ("we," "us," "our" or "Franchisor") and the '
        'Franchisee ("you," "your" or "Franchisee") named in the Addendum.',
        *(f"{k}. You will operate the hotel to our standards." for k in range(1, 6)),
        *(f"{k}. We will give you access to our reservation system." for k in range(6, 10)),
        "10. You must pay us a monthly royalty. We may inspect the hotel at any time.",
    )
    sides = {(b.lower(), role) for b, role, _ in rows if b.lower() in ("you", "we")}
    assert sides == {("you", "provider"), ("we", "client")}


def test_you_is_the_one_side_other_than_the_party_called_we() -> None:
    rows = _register_of(
        "FRANCHISE AGREEMENT",
        'This Agreement is between Pine Grill Systems, Inc. ("we" or "us") and Oak Foods LLC '
        '(the "Franchisee").',
        *(f"{k}. You will operate the restaurant to our standards." for k in range(1, 8)),
        *(f"{k}. We will train your managers." for k in range(8, 12)),
        "12. You must pay us a royalty each month.",
    )
    assert {role for b, role, _ in rows if b.lower() == "you"} == {"provider"}


def test_terms_quoted_with_the_lists_comma_inside_the_quotes() -> None:
    """American style: '("we," "us," "our" or "Franchisor")' - the comma belongs to the list,
    not to the term, so "we" and "us" are the franchisor's terms and "you" the franchisee's."""
    from builders import parties_of

    found = parties_of(
        "FRANCHISE AGREEMENT",
        'This Franchise Agreement is between Pine Hotels LLC ("we," "us," "our" or "Franchisor") '
        'and Oak Lodging Inc. ("you," "your" or "Franchisee").',
        "1. You will operate the hotel to our standards. We will train your managers.",
    )
    terms = {p.name: set(p.terms) for p in found}
    assert terms == {
        "Pine Hotels LLC": {"we", "us", "Franchisor"},
        "Oak Lodging Inc.": {"you", "Franchisee"},
    }
