"""Issue #18, session 12: lists under a heading that names one party's duties (sentences written
for these tests, no corpus text)."""

from __future__ import annotations

import pytest
from builders import EN_PARTIES, text_document

from analyzer.model import Document, Obligation, Party
from analyzer.obligations import find_obligations
from analyzer.segment import segment


def _register(
    text: str, parties: tuple[Party, ...] = EN_PARTIES, language: str = "en"
) -> tuple[Document, tuple[Obligation, ...]]:
    """A text (one block per line) and its register, with its clauses (headings need the
    segmenter)."""
    doc = text_document(*text.split("\n"))
    return doc, find_obligations(doc, segment(doc), parties, language)


def _rows(text: str) -> list[tuple[str, str, str, str]]:
    doc, found = _register(text)
    return [(o.bearer, str(o.role), str(o.modality), doc.text[o.start : o.end]) for o in found]


@pytest.mark.parametrize(
    "heading",
    [
        "ARTICLE 9 - OBLIGATIONS OF SUPPLIER",
        "9. Obligations of the Supplier",
        "9. SUPPLIER'S DUTIES AND RESPONSIBILITIES",
        "9. Duties of Supplier.",
        "9. Duties as Supplier",
        "9. Appointment and Obligations of the Managing Supplier",
    ],
)
def test_items_under_a_heading_of_one_partys_duties_are_its_duties(heading: str) -> None:
    rows = _rows(
        f"{heading}\n"
        "9.1 To keep full books of every job done for the bank.\n"
        "9.2 Train two engineers before the go-live date.\n"
        "9.3 Not to market the Products outside the Territory."
    )
    # the bearer as the heading writes it ("SUPPLIER" in a heading set in capitals)
    rows = [(r[0].title(), *r[1:]) for r in rows]
    assert rows == [
        ("Supplier", "provider", "must", "To keep full books of every job done for the bank."),
        ("Supplier", "provider", "must", "Train two engineers before the go-live date."),
        ("Supplier", "provider", "must_not", "Not to market the Products outside the Territory."),
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "10. Conditions of Customer's Obligations",
        "10. CONDITIONS OF CUSTOMER'S OBLIGATIONS",
        "10. Representations and Warranties of Supplier",
    ],
)
def test_a_heading_that_is_no_list_of_duties_gives_its_items_to_nobody(heading: str) -> None:
    # conditions and representations of fact: statements, not anyone's duties
    _, found = _register(
        f"{heading}\n"
        "10.1 The registration statement is effective on the closing date.\n"
        "10.2 The bank is a member in good standing of the clearing house."
    )
    assert found == ()


def test_an_items_title_is_no_duty_when_the_item_states_its_own() -> None:
    rows = _rows(
        "4. Obligations of Customer\n"
        "4.1 Compliance with Laws. Customer shall obey every rule that applies to its site.\n"
        "4.2 To pay each invoice within thirty days."
    )
    assert rows == [
        ("Customer", "client", "must", "Customer shall obey every rule that applies to its site."),
        ("Customer", "client", "must", "To pay each invoice within thirty days."),
    ]


def test_an_items_title_in_capitals_is_no_duty() -> None:
    rows = _rows(
        "7. OBLIGATIONS OF CUSTOMER\n"
        "Section 7.1 REPORTS.\n"
        "Section 7.2 DISPUTES WITH ITS OWN CLIENTS.\n"
        "Section 7.3 To pay each invoice within thirty days."
    )
    assert rows == [("CUSTOMER", "client", "must", "To pay each invoice within thirty days.")]


# --- who bears a duty: someone, not a thing or a condition --------------------------------------


def test_a_defined_thing_is_no_bearer_even_when_taken_for_a_party() -> None:
    parties = (
        *EN_PARTIES,
        Party("the plan of conversion", ("Plan", "Common Shares"), "unknown"),
    )
    _, found = _register(
        "The Plan will have been adopted by the board before the closing date.\n"
        "The Common Shares shall be listed on the exchange.\n"
        "Supplier shall deliver the Common Shares to Customer.",
        parties,
    )
    rows = [(o.bearer, str(o.role)) for o in found]
    assert ("Plan", "unknown") not in rows and ("Common Shares", "unknown") not in rows
    assert ("Supplier", "provider") in rows


ZH_PARTIES = (Party("某银行", ("甲方",), "client"), Party("某服务公司", ("乙方",), "provider"))


def _zh(text: str) -> list[tuple[str, str]]:
    _, found = _register(text, ZH_PARTIES, "zh")
    return [(o.bearer, str(o.role)) for o in found]


@pytest.mark.parametrize(
    "sentence",
    [
        "逾期付款的，每迟延一日应支付万分之五的违约金。",
        "对合同条款理解发生争议时，应按照有关法律规定进行解释。",
        "检测报告应于收到样品后十日内出具。",
    ],
)
def test_a_chinese_condition_period_or_thing_is_no_bearer(sentence: str) -> None:
    # the words before 应 are a condition, a period or what is to be done: nobody is named
    assert [bearer for bearer, _ in _zh(sentence)] == ["not stated"]


@pytest.mark.parametrize(
    ("sentence", "bearer"),
    [
        ("见证人员应当在取样现场签字确认。", "见证人员"),
        ("需要变更服务范围的，则相关方应主动向对方提出。", "相关方"),
    ],
)
def test_a_chinese_subject_that_can_act_stays_the_bearer(sentence: str, bearer: str) -> None:
    assert [b for b, _ in _zh(sentence)] == [bearer]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the party after 由 bears what the clause allocates
        ("复检结论相同的，由甲方支付复检费用。", [("甲方", "client")]),
        ("完成检测业务的时限由双方另行约定。", [("双方", "both")]),
        # a plain duty with the other party named on the way ("按乙方……", "向乙方……")
        ("甲方按乙方实际完成的工作量支付检测费。", [("甲方", "client")]),
        ("甲方向乙方提供检测场地。", [("甲方", "client")]),
        ("乙方根据实际检测工作量收取检测费。", [("乙方", "provider")]),
    ],
)
def test_chinese_duties_written_without_a_modal_verb(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert _zh(sentence) == expected


def test_a_chinese_duty_another_party_is_asked_to_do_is_not_the_askers() -> None:
    # "甲方委托乙方负责 …": 乙方's duty, not 甲方's
    assert ("甲方", "client") not in _zh("甲方委托乙方负责样品的运输。")


@pytest.mark.parametrize(
    "sentence",
    [
        "Supplier agrees, at its own expense, to indemnify Customer against every claim.",
        "Supplier agrees, subject to this Agreement, through its staff, to use best efforts.",
    ],
)
def test_agrees_with_an_inset_before_to_is_a_duty(sentence: str) -> None:
    assert [(b, r, m) for b, r, m, _ in _rows(sentence)] == [("Supplier", "provider", "must")]


def test_agrees_to_a_thing_is_no_inset() -> None:
    # "agrees, in writing, to the terms": consent to a thing, not a duty to act
    assert _rows("Customer agrees, in writing, to the terms of the order.") == []


def test_a_one_sided_instrument_names_its_parties_and_who_acts_for_whom() -> None:
    # a power of attorney: no "between"; the one appointed acts for the one who appoints
    text = (
        "LIMITED POWER OF ATTORNEY\n"
        "KNOW ALL MEN BY THESE PRESENTS, that NORTHWIND HOLDING COMPANY, a Delaware trust (the "
        '"Principal"), does hereby nominate, constitute and appoint SOUTHGATE SERVICES COMPANY, a '
        'Delaware trust ("SSC"), to act as its agent for the purposes below.\n'
        "The Principal hereby agrees to indemnify SSC against every claim arising from its acts.\n"
        "SSC shall keep a record of every document it signs for the Principal."
    )
    _, found = _register(text, ())
    rows = {(o.bearer, str(o.role)) for o in found}
    assert ("Principal", "client") in rows
    assert ("SSC", "provider") in rows


# --- statements about the parties and the agreement, not duties ---------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "WITNESSETH: WHEREAS, the parties entered into a purchase agreement under which Supplier "
        "shall deliver goods.",
        "Supplier shall be, and in all respects be deemed to be, an independent contractor.",
        "It is understood that the relationship between the parties shall be that of independent "
        "contractors.",
        "Existing Section 7.4 shall be renumbered as Section 7.5.",
        "The captions used herein shall not be used to construe this Agreement.",
        "Any waiver by either party of a provision shall not be a waiver of any other provision.",
        "Supplier and Customer acknowledge that each of them may have access to the other's "
        "confidential information.",
        "Neither party shall be in breach of this Agreement if a flood stops the work.",
        "Any extension agreed by a party shall be valid only if it is in writing.",
        "This Agreement shall continue to be effective if a payment is later returned.",
    ],
)
def test_a_statement_about_the_parties_or_the_agreement_is_no_duty(sentence: str) -> None:
    assert _rows(sentence) == []


def test_an_acknowledged_duty_is_still_a_duty() -> None:
    rows = _rows("Customer acknowledges that it shall pay every invoice within thirty days.")
    assert [(b, r, m) for b, r, m, _ in rows] == [("Customer", "client", "must")]


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        ("Supplier will make no representations about the Fund beyond its prospectus.", "must_not"),
        ("Supplier shall have no right to assign this Agreement.", "must_not"),
        ("Supplier shall give no assurance to investors about returns.", "must_not"),
    ],
)
def test_a_duty_to_do_nothing_of_a_kind_is_a_prohibition(sentence: str, modality: str) -> None:
    assert [(b, r, m) for b, r, m, _ in _rows(sentence)] == [("Supplier", "provider", modality)]


def test_having_no_liability_is_no_duty() -> None:
    assert _rows("Supplier shall have no liability for indirect damages.") == []


# --- Chinese model forms: conditions, forbidden lists, catch-alls, consents --------------------


def test_chinese_cannot_in_a_condition_is_no_prohibition() -> None:
    # "因不可抗力不能履行合同的，应当……": 不能 sits in the condition; the duty is to notify
    assert _zh("因不可抗力不能履行合同的，乙方应当及时通知甲方。") == [("乙方", "provider")]
    rows = _register("因不可抗力不能履行合同的，乙方应当及时通知甲方。", ZH_PARTIES, "zh")[1]
    assert [str(o.modality) for o in rows] == ["must"]
    # outside a condition it still forbids
    rows = _register("乙方不能擅自转让本合同。", ZH_PARTIES, "zh")[1]
    assert [str(o.modality) for o in rows] == ["must_not"]


def test_items_of_a_forbidden_list_are_prohibitions_and_a_catch_all_is_no_duty() -> None:
    doc, found = _register(
        "第五条 乙方的权利和义务\n"
        "（一）乙方应当全面披露商品信息。不得以虚构交易等方式进行虚假宣传，欺骗消费者：\n"
        "1.虚构交易、编造用户评价；\n"
        "2.采用误导性展示等方式进行宣传。\n"
        "（二）法律法规规定的其他权利义务。",
        ZH_PARTIES,
        "zh",
    )
    rows = [(str(o.modality), doc.text[o.start : o.end]) for o in found]
    assert ("must_not", "虚构交易、编造用户评价") in rows
    assert ("must_not", "采用误导性展示等方式进行宣传。") in rows
    assert not [r for r in rows if "其他权利义务" in r[1]]


def test_the_party_whose_consent_is_needed_is_not_the_bearer() -> None:
    # "……未经甲方允许不得……": the one who needs the consent is bound, under the heading's party
    assert _zh("乙方未经甲方书面同意，不得转让本合同。") == [("乙方", "provider")]
    assert _zh("乙方工作人员未经甲方许可不得进入机房。") == [("乙方", "provider")]


def test_a_service_opened_by_a_party_is_its_duty() -> None:
    assert _zh("双方签订书面协议后，由甲方开通服务并通知乙方。") == [("甲方", "client")]
