"""Session 16: parties the analysis missed or invented, and register wordings.

Preambles and sentences written for these tests, no corpus text."""

from __future__ import annotations

import pytest
from builders import register, register_rows, text_document

from analyzer.model import Party
from analyzer.parties import find_parties
from analyzer.segment import segment


def parties_of(text: str) -> tuple[Party, ...]:
    doc = text_document(*text.split("\n"), path="t.txt")
    return find_parties(doc, segment(doc), "en")


def names_and_terms(parties: tuple[Party, ...]) -> list[tuple[str, tuple[str, ...]]]:
    return [(p.name, p.terms) for p in parties]


def test_names_in_capitals_with_no_defined_term_and_their_short_forms() -> None:
    """Two companies after "BETWEEN", each "AND" on a line of its own, one of them with an Italian
    legal form in capitals; a place adjective before "Company" ("an Italian Company") is no
    party; the body writes each name short in title case."""
    text = "\n".join(
        [
            "RESEARCH COLLABORATION AGREEMENT",
            "",
            "BETWEEN",
            "",
            "ORBITAL GENOMICS Inc., a Delaware Company, 10 Main Street, Houston, represented by "
            "its Chief Executive Officer, PhD",
            "",
            "AND",
            "",
            "VALLEBIO S.R.L. an Italian Company seated in Campobasso, represented by its director;",
            "",
            "each a Party and, together, the Parties.",
            "",
            '1. The Parties wish to cooperate in the research (the "Programme").',
            "Orbital undertakes to fund the Programme.",
            "Vallebio undertakes to provide the samples.",
            "Vallebio shall report every six months.",
            "Orbital shall review each report.",
        ]
    )
    found = names_and_terms(parties_of(text))
    assert ("ORBITAL GENOMICS Inc.", ("ORBITAL GENOMICS Inc.", "Orbital")) in found
    assert ("VALLEBIO S.R.L.", ("VALLEBIO S.R.L.", "Vallebio")) in found
    assert not any(name == "Company" or "Programme" in terms for name, terms in found)


def test_a_name_after_the_title_and_a_term_with_a_lead_in() -> None:
    """The title runs into the first party's name on the same line, and its term is written
    after a lead-in ("or one or more Affiliates, the "Buyer"")."""
    text = (
        "LICENCE OPTION AGREEMENT   Quillon, a California corporation having a principal place "
        'of business at 1 Harbour Way, San Diego (or one or more Affiliates, the "Buyer"), and '
        'Northmere Minerals Ltd., a British Columbia corporation (the "Company") (Buyer and '
        'Company each a "Party"), agree as follows:\n'
        "1. Buyer will not disclose any Technical Information furnished by Company."
    )
    found = names_and_terms(parties_of(text))
    assert ("Quillon", ("Buyer",)) in found
    assert ("Northmere Minerals Ltd.", ("Company",)) in found


def test_the_inside_the_quotes_and_a_name_in_lower_case() -> None:
    """("the Customer") defines "Customer"; a brand written in lower case ("k-net") is a party."""
    text = (
        'This HOSTING AGREEMENT ("this Agreement") is entered into by and between Marlow Labs, '
        'a Florida corporation ("the Customer"), and k-net hosting, a Florida corporation '
        '("k-net").\n'
        "k-net will keep the Hosted Site running. The Customer will pay each invoice."
    )
    found = names_and_terms(parties_of(text))
    assert ("Marlow Labs", ("Customer",)) in found
    assert ("k-net", ("k-net",)) in found


def test_a_far_away_name_is_not_a_terms_owner() -> None:
    """With no preamble, a term defined thousands of characters after the only company name
    (the venture, "JV") is not that company's."""
    filler = " ".join(["The research programme covers several fields of medicine."] * 60)
    text = "\n".join(
        [
            "AGREEMENT",
            "ORBITAL GENOMICS Inc., a Delaware Company, 10 Main Street, Houston.",
            filler,
            'The Parties wish to collaborate in the Joint Venture ("JV"). The JV shall meet '
            "monthly. The JV shall report yearly. The JV shall keep minutes.",
        ]
    )
    assert not any("JV" in p.terms for p in parties_of(text))


def test_a_document_is_not_a_party() -> None:
    text = (
        'This Agreement is made between Harlow Software, Inc. ("Harlow") and the reseller named '
        'above (the "Sub-Reseller Agreement") and Dunmore Ltd ("Reseller").\n'
        "Reseller shall pay Harlow."
    )
    assert all("Sub-Reseller Agreement" not in p.terms for p in parties_of(text))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "is committed to": a duty
        (
            "Supplier is committed to ensuring that the tests are carried out by its own staff.",
            [("Supplier", "provider", "must")],
        ),
        (
            "Customer is committed to bear all costs of the clinical trials.",
            [("Customer", "client", "must")],
        ),
        # a party to include something somewhere: a duty, not a definition
        (
            "Customer shall include the notice in each copy of the Software.",
            [("Customer", "client", "must")],
        ),
        (
            "Customer may use its own branding; however Customer will include a powered-by "
            "notice on each page.",
            [("Customer", "client", "may"), ("Customer", "client", "must")],
        ),
        (
            "Customer agrees to include a reference to Supplier in each proposal.",
            [("Customer", "client", "must")],
        ),
        # written from fresh11 after it was measured
        (
            "Customer retains the right, in its sole discretion, to upgrade the Products.",
            [("Customer", "client", "may")],
        ),
        (
            "Customer shall have the option, but not the obligation, to assume the contracts.",
            [("Customer", "client", "may")],
        ),
        (
            "At no time during or after the term of this Agreement shall either party challenge "
            "the other party's Trademarks.",
            [("either party", "both", "must_not")],
        ),
        (
            "Supplier undertakes, at its sole cost and expense, to maintain all risk insurance.",
            [("Supplier", "provider", "must")],
        ),
        (
            "Supplier warrants that all Products shall be manufactured in compliance with the "
            "Specifications.",
            [("Supplier", "provider", "must")],
        ),
        (
            "Supplier must receive, for each instance, written permission from Customer to sell "
            "at any other price.",
            [("Supplier", "provider", "must")],
        ),
        (
            "In such event Customer shall, at Customer's sole discretion, determine whether to "
            "recall the Product.",
            [("Customer", "client", "may")],
        ),
        (
            "If Customer breaches Section 4, Supplier shall have, in addition to all other rights "
            "in law and equity, the right to terminate.",
            [("Supplier", "provider", "may")],
        ),
        # written from fresh12 after it was measured
        (
            "Customer has the discretion to arrange the layout of the channels.",
            [("Customer", "client", "may")],
        ),
        (
            "Customer has sole control, approval and discretion over the contents.",
            [("Customer", "client", "may")],
        ),
        ("Royalties will be payable by Customer on Net Sales.", [("Customer", "client", "must")]),
        (
            "Supplier is expressly permitted to terminate leases of rental equipment.",
            [("Supplier", "provider", "may")],
        ),
        (
            "Nothing in this Agreement shall limit Customer's right to operate other facilities.",
            [("Customer", "client", "may")],
        ),
        # written from fresh13 after it was measured
        (
            "Customer shall have a right after termination to continue selling the products.",
            [("Customer", "client", "may")],
        ),
        (
            "Supplier will be solely responsible at its cost and at its discretion for patents.",
            [("Supplier", "provider", "must")],
        ),
        (
            "Nothing in this agreement prevents Supplier from selling hearing aids in its clinics.",
            [("Supplier", "provider", "may")],
        ),
        (
            "The limitations above shall not prevent either party from responding to a statement.",
            [("either party", "both", "may")],
        ),
        (
            "Supplier shall not prevent Customer from entering the site.",
            [("Supplier", "provider", "must_not")],
        ),
        # the annotators write "X agrees to allow Y to …" as X's duty
        (
            "Customer agrees to allow Supplier to audit its records once a year.",
            [("Customer", "client", "must")],
        ),
    ],
)
def test_register_session16_duties(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert register_rows(register(sentence)) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The company is committed to quality.",
        "Rain prevents Supplier from working.",
        "The Services shall include hosting and support.",
        "Customer shall include its Affiliates.",
        'The term "Supplier" shall include its permitted successors.',
        # a possibility, not a permission of the party that agrees to it
        "Customer agrees that any breach of this Article may cause irreparable harm to Supplier.",
        # statements about the agreement itself
        "The Parties may execute this Agreement in multiple counterparts.",
        "Supplier and Customer shall collectively be referred to as the Parties.",
        # remedies prose, survival, status and definitions (written from fresh11 once measured)
        "The parties agree that any breach may subject the other to irreparable injury for which "
        "monetary damages may not be an adequate remedy.",
        "Therefore, the non-breaching party may be entitled to injunctive relief.",
        "Termination of this Agreement shall not relieve Customer of its payment obligations.",
        "Supplier and its employees shall at all times be considered as independent contractors.",
        "Any rights of either party arising from a breach shall continue to be enforceable.",
        '"Intellectual Property" shall mean, but shall not be limited to, all patents.',
        '1.16 "TT Agreement" means the agreement whereby Supplier undertakes to transfer know-how.',
    ],
)
def test_register_session16_no_duty(sentence: str) -> None:
    assert register(sentence) == ()


@pytest.mark.parametrize(
    ("sentence", "deadlines"),
    [
        # a later clause with its own subject keeps its deadline to itself
        (
            "Supplier shall deliver the goods, and Customer shall pay the price within 30 days.",
            [None, "within 30 days"],
        ),
        (
            "Supplier shall deliver the goods within 10 days, and Customer shall pay within 30 days.",
            ["within 10 days", "within 30 days"],
        ),
        # one bearer: the deadline after a comma is still its own
        (
            "Supplier shall repair the defect, at its own cost, within 5 business days.",
            ["within 5 business days"],
        ),
    ],
)
def test_deadline_stays_in_its_clause(sentence: str, deadlines: list[str | None]) -> None:
    assert [o.deadline for o in register(sentence)] == deadlines


def test_relative_clause_about_someone_else_is_not_the_partys_duty() -> None:
    """ "… to its Representatives who are required to …": the representatives' duty, not the
    party's named before them."""
    rows = register_rows(
        register(
            "Each Party may disclose Confidential Information of the other Party to its "
            "Representatives who are required to have the information to perform."
        )
    )
    assert rows == [("Each Party", "both", "may")]


def test_a_choice_of_the_other_party_is_not_its_duty() -> None:
    """ "… such meetings as Customer shall reasonably require": Supplier's duty to attend only."""
    rows = register_rows(
        register("Supplier shall attend such annual meetings as Customer shall reasonably require.")
    )
    assert rows == [("Supplier", "provider", "must")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the party after 由 bears it
        (
            "（一）乙方完成现场服务的，差旅费用应当由乙方负担。",
            [("乙方", "provider", "must")],
        ),
        # 甲、乙双方 and 泄露方 are both sides
        ("甲、乙双方对合作中获得的对方资料负有保密义务。", [("双方", "both", "must")]),
        (
            "（三）一方擅自公开对方资料的，泄露方应当向对方承担赔偿责任。",
            [("泄露方", "both", "must")],
        ),
        # 不可抗力 is no 可, and 不能履行的理由 no prohibition
        (
            "（四）任何一方因不可抗力不能按期交付的，应当及时向对方说明不能履行的理由。",
            [("任何一方", "both", "must")],
        ),
        ("乙方保证按时完成服务。", [("乙方", "provider", "must")]),
        ("甲方有权解除本合同。", [("甲方", "client", "may")]),
    ],
)
def test_register_session16_chinese(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    from test_obligations_s14 import _zh

    assert [(o.bearer, str(o.role), str(o.modality)) for o in _zh(sentence)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "（一）不可抗力是指不能预见、不能避免并不能克服的客观情况。",
        "（六）本合同经双方书面同意可以变更。",
        "（七）双方有权以书面形式对本合同进行变更或者补充。",
        "（二）乙方保证其派出的技术人员具备从事本项服务所需的资质。",
        "（五）双方保证本合同首页所列的通讯地址均真实有效。",
    ],
)
def test_register_session16_chinese_no_duty(sentence: str) -> None:
    from test_obligations_s14 import _zh

    assert _zh(sentence) == ()


def test_a_name_with_an_inner_capital_written_without_it() -> None:
    """ "MediaNet" defined, "Medianet is entitled to …" written: still that party."""
    from analyzer.model import Party

    parties = (
        Party(name="MediaNet Corp.", terms=("MediaNet",), role="provider"),
        Party(name="Harbor Foods Inc.", terms=("Customer",), role="client"),
    )
    rows = register_rows(
        register("Medianet is entitled to a credit for any unused hours.", parties)
    )
    assert rows == [("Medianet", "provider", "may")]
