"""Issue #18, session 15: bearers a lawyer reads without effort that the register missed.
Sentences written for these tests, no corpus text."""

from __future__ import annotations

import pytest
from builders import register, register_rows


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a pronoun after a condition about one party: that party's duty
        (
            "If Customer is late in paying an invoice, it shall pay interest at 1% per month.",
            [("Customer", "client", "must")],
        ),
        (
            "In the event that Supplier is acquired, it shall notify Customer within 10 days.",
            [("Supplier", "provider", "must")],
        ),
        (
            "If for any reason Supplier fails to deliver a report, it must not invoice the month.",
            [("Supplier", "provider", "must_not")],
        ),
        (
            "Should Customer move its offices, it may end this Agreement.",
            [("Customer", "client", "may")],
        ),
    ],
)
def test_pronoun_after_a_condition_about_one_party(sentence: str, expected: list) -> None:
    assert register_rows(register(sentence)) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "If the Services are late, it shall be a material breach.",  # a thing, not a party
        "If Customer asks Supplier to stop, it shall stop the work.",  # which of the two?
        "If Customer's payment is late, it shall bear interest.",  # a thing of the party
    ],
)
def test_pronoun_after_a_condition_that_names_no_single_party(sentence: str) -> None:
    assert [o for o in register(sentence) if o.bearer in ("Customer", "Supplier")] == []


def test_list_after_colon_and_dash_gives_one_duty_per_item() -> None:
    """ "the Distributor must: -" and the items on the lines below: each item is a duty."""
    text = "\n".join(
        [
            "16.2 If Supplier seeks consent to a transfer, Supplier must: -",
            "(a) give Customer all facts relating to the transfer",
            "(b) follow any conditions set by Customer for its consent.",
        ]
    )
    found = register(text)
    assert register_rows(found) == [("Supplier", "provider", "must")] * 2
    assert [o.action for o in found] == [
        "give Customer all facts relating to the transfer",
        "follow any conditions set by Customer for its consent",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a passive after "will" whose agent is a party: the agent's duty or prohibition
        (
            "Customer Data will not be used by Supplier for any purpose other than the Services.",
            [("Supplier", "provider", "must_not")],
        ),
        ("Such changes will be reviewed by Supplier.", [("Supplier", "provider", "must")]),
        ("The Agreement will be governed by the laws of New York.", []),
        # a payment stated as due or payable: the payer's duty, the side that pays elsewhere
        (
            "Customer shall pay the fees.\nInvoices are due and payable within 30 days.",
            [("Customer", "client", "must"), ("not stated", "client", "must")],
        ),
        (
            "Customer shall pay the fees.\nThe Fees shall be due and payable within ten days.",
            [("Customer", "client", "must"), ("not stated", "client", "must")],
        ),
        ("Supplier is payable for its expenses.", []),
        # "any sum due Supplier": owed to the party, not its act
        (
            "Any sum due Supplier will be due and payable within ten days.",
            [("not stated", "unknown", "must")],
        ),
        # a responsibility named for a party
        (
            "Proof of an exemption is the responsibility of Customer.",
            [("Customer", "client", "must")],
        ),
        (
            "It is Customer's responsibility to keep the list of contacts current.",
            [("Customer", "client", "must")],
        ),
        (
            "Determination of the applicable law is Customer's sole responsibility.",
            [("Customer", "client", "must")],
        ),
        ("Supplier accepts no responsibility for delays of the carrier.", []),
        # a warranty of the party's own performance is its promise; of a thing, a statement
        (
            "Supplier warrants that all services shall be performed in a workmanlike manner.",
            [("Supplier", "provider", "must")],
        ),
        (
            "In addition, Supplier warrants that the Services will be performed by trained staff.",
            [("Supplier", "provider", "must")],
        ),
        ("Supplier warrants that the Software shall be free of defects.", []),
        # a subject with its defined name between it and the marker; "such other Party"
        (
            'The claiming Party (the "Claimant") shall notify the other Party in writing.',
            [("claiming Party", "both", "must")],
        ),
        (
            "If any Party pays a tax owed by the other Party, such other Party shall repay it.",
            [("such other Party", "both", "must")],
        ),
    ],
)
def test_duties_without_a_party_as_plain_subject(text: str, expected: list) -> None:
    assert register_rows(register(text)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a fact a party acknowledges, no promise
        ("Customer acknowledges that there will be scheduled downtime for maintenance.", []),
        ("Customer acknowledges that Supplier will be irreparably harmed by any breach.", []),
        (
            "Customer also acknowledges that a failure to reach the Quotas will have a "
            "significant adverse impact on Supplier.",
            [],
        ),
        # what it acknowledges it will do is still its duty
        (
            "Customer acknowledges that it will be responsible for its own taxes.",
            [("Customer", "client", "must")],
        ),
        (
            "Customer acknowledges and agrees that it will not disclose the code.",
            [("Customer", "client", "must_not")],
        ),
    ],
)
def test_acknowledged_facts_are_no_duties(sentence: str, expected: list) -> None:
    assert register_rows(register(sentence)) == expected


def test_a_second_marker_after_and_keeps_the_first_subject() -> None:
    """ "Supplier shall notify Customer of … and shall cooperate …": Supplier's, not Customer's."""
    got = register(
        "Supplier shall promptly notify Customer of any known breach and shall cooperate with "
        "Customer in any action."
    )
    assert {(o.bearer, str(o.role)) for o in got} == {("Supplier", "provider")}


@pytest.mark.parametrize(
    ("sentence", "deadline"),
    [
        ("Supplier will support the trial until December 31, 2010.", "until December 31, 2010"),
        (
            "Customer shall generate new sales of at least $100,000 in each contract year.",
            "in each contract year",
        ),
        (
            "The parties shall issue a joint press release after the execution hereof.",
            "after the execution hereof",
        ),
        (
            "Supplier shall provide the services at the listed rates for the initial twelve (12) "
            "months of this Agreement.",
            "for the initial twelve (12) months of this Agreement",
        ),
        (
            "Supplier shall give Customer reasonable advance notice of any downtime.",
            "reasonable advance notice",
        ),
        # an adjective, no period: "the monthly fee", "the daily rate"
        ("Customer may attach further devices for the monthly fee set out in Schedule A.", None),
        ("Supplier shall perform the extra work at its standard daily rate.", None),
    ],
)
def test_more_deadline_wordings(sentence: str, deadline: str | None) -> None:
    assert [o.deadline for o in register(sentence)] == [deadline]


def test_list_items_take_the_lead_ins_deadline() -> None:
    """ "Within five days of termination, Supplier must: (a) …; (b) …": each item is due then,
    unless it says otherwise."""
    got = register(
        "Within five (5) days of termination of this Agreement, Supplier must: (a) destroy all "
        "copies of the Products; (b) return the manuals immediately; and (c) deliver to Customer "
        "a written certificate."
    )
    assert [o.deadline for o in got] == [
        "Within five (5) days of termination of this Agreement",
        "immediately",
        "Within five (5) days of termination of this Agreement",
    ]


@pytest.mark.parametrize(
    ("sentence", "beneficiary"),
    [
        # a party the act is only about is not served by it
        ("Supplier shall not make misleading statements with regard to Customer.", None),
        ("Supplier shall keep records pursuant to Customer instructions.", None),
        # a party given notice of a termination is, as the annotators read it
        ("Customer may terminate this Agreement upon written notice to Supplier.", "Supplier"),
    ],
)
def test_words_that_do_not_make_a_recipient(sentence: str, beneficiary: str | None) -> None:
    assert [o.beneficiary for o in register(sentence)] == [beneficiary]


def test_a_party_in_a_chinese_condition_before_the_duty_is_not_served() -> None:
    """ "甲方未按照约定向乙方支付费用，每逾期一日，应当承担违约金": 乙方 is in the condition."""
    from test_obligations_s14 import _zh

    got = _zh(
        "甲方未按照本合同约定向乙方支付鉴定费用，每逾期一日，应当承担应付金额千分之一的违约金。"
    )
    assert [(o.bearer, o.beneficiary) for o in got] == [("甲方", None)]
    got = _zh("甲方向乙方提供平台账号，并负责平台使用的日常维护。")
    assert ("甲方", "乙方") in [(o.bearer, o.beneficiary) for o in got]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a passive whose agent is both parties
        (
            "The costs of the arbitration will be shared equally by the Parties.",
            [("the Parties", "both", "must")],
        ),
        # the parties by the part they play in a clause
        (
            "The Indemnitor will not, without the consent of the Indemnitee, settle any claim.",
            [("Indemnitor", "both", "must_not")],
        ),
        (
            "Each assigning Party will execute all documents reasonably requested by the other Party.",
            [("Each assigning Party", "both", "must")],
        ),
        (
            "Supplier remains fully responsible for recordkeeping.",
            [("Supplier", "provider", "must")],
        ),
        # a subject, an inset between commas, then the marker
        (
            "The party, within 2 working days of a request from the other party, shall reply to it.",
            [("party", "both", "must")],
        ),
        # a passive after "will" with no agent stays out (measured: more noise than duties)
        ("Shipments will be made in accordance with the routing instructions.", []),
    ],
)
def test_more_bearers(sentence: str, expected: list) -> None:
    assert register_rows(register(sentence)) == expected


@pytest.mark.parametrize(
    "preamble",
    [
        'This Agreement is made between Alpha Inc. ("Client") and ____________ ("Broker Dealer").',
        'This Agreement is made by and among Alpha Inc. ("Client") on the one hand, and '
        '_______________ and its affiliates (collectively "Broker Dealer"), on the other hand.',
    ],
)
def test_a_party_whose_name_a_template_leaves_blank(preamble: str) -> None:
    """A template's party with its name left blank is still a party, named by its term, and its
    duties are in the register (before, "Broker Dealer" was no party and its duty was lost)."""
    from builders import text_document

    from analyzer.engine import analyze

    doc = text_document(
        "BROKER DEALER AGREEMENT",
        preamble,
        "1. Broker Dealer shall perform the services for Client.",
    )
    report = analyze(doc, second_reader=False)
    assert ("Broker Dealer", "provider") in [(p.name, str(p.role)) for p in report.parties]
    assert ("Broker Dealer", "provider", "must") in register_rows(report.obligations)


def test_a_blank_date_is_no_party() -> None:
    from builders import text_document

    from analyzer.engine import analyze

    doc = text_document(
        "AGREEMENT",
        'This Agreement, dated ________, 2013, is made between Alpha Inc. ("Client") and Beta LLC '
        '("Vendor").',
    )
    assert [p.name for p in analyze(doc, second_reader=False).parties] == ["Alpha Inc.", "Beta LLC"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # either party, written with 或者 or 、: both sides
        ("甲方或者乙方可以随时解除合同。", [("甲方或者乙方", "both", "may")]),
        ("甲方、乙方应当共同确认验收结果。", [("甲方、乙方", "both", "must")]),
        # the party by the part it plays: either side
        (
            "无偿委托合同的解除方应当赔偿对方因解除时间不当造成的直接损失。",
            [("解除方", "both", "must")],
        ),
        # a list of a party's people after a condition: that party's duty
        (
            "因乙方死亡，致使委托合同终止的，乙方的继承人、遗产管理人、法定代理人或者清算人应当及时通知甲方。",
            [("乙方", "provider", "must")],
        ),
    ],
)
def test_chinese_bearers(sentence: str, expected: list) -> None:
    from test_obligations_s14 import _zh

    assert register_rows(_zh(sentence)) == expected


def test_usage_notes_headed_with_a_reminder_are_no_duties() -> None:
    """A model form's usage notes headed "说明与提示" are guidance, not the parties' duties."""
    from analyzer.obligations import instruction_section

    text = (
        "委托合同\n说明与提示\n1.当事人应当充分理解合同条款。\n2.双方应当仔细阅读违约责任条款。\n"
        "甲方（委托人）：\n乙方（受托人）：\n第一条 乙方应当按照甲方的指示处理委托事务。\n"
    )
    span = instruction_section(text)
    assert span is not None
    assert (
        text[span[0] : span[1]].startswith("说明与提示") and "第一条" not in text[span[0] : span[1]]
    )


def test_items_under_sub_headings_that_name_a_party() -> None:
    """ "第二条 双方权利义务 / （一）甲方 / 1. … / （二）乙方 / 1. …": each sub-heading that is only a
    party's name makes the items under it that party's (a right where it says 享有 / 有权)."""
    from builders import text_document

    from analyzer.engine import analyze

    doc = text_document(
        "委托合同",
        "甲方（委托方）：北方贸易有限公司",
        "乙方（受托方）：南方设计有限公司",
        "第一条 服务内容",
        "乙方为甲方提供设计服务。",
        "第二条 双方权利义务",
        "（一）甲方",
        "1. 向乙方提供项目资料；",
        "2. 按照本合同约定，享有设计成果；",
        "（二）乙方",
        "1. 按时提交设计成果；",
        "2. 对甲方提供的资料承担保密义务。",
        path="t.txt",
    )
    got = [
        (o.bearer, str(o.role), str(o.modality), doc.text[o.start : o.end])
        for o in analyze(doc, second_reader=False).obligations
    ]
    assert got[1:] == [
        ("甲方", "client", "must", "向乙方提供项目资料"),
        ("甲方", "client", "may", "按照本合同约定，享有设计成果"),
        ("乙方", "provider", "must", "按时提交设计成果"),
        ("乙方", "provider", "must", "对甲方提供的资料承担保密义务。"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # 可以获得的利益 (the benefit one could have had) and 有权机关 (a competent authority): no
        # permission of anyone
        (
            "有偿委托合同的解除方应当赔偿对方直接损失和合同履行后可以获得的利益。",
            [("解除方", "both", "must")],
        ),
        ("双方依据审计等有权机关履职要求，需配合调阅相关资料。", [("双方", "both", "must")]),
        ("甲方有权检查乙方的工作。", [("甲方", "client", "may")]),
    ],
)
def test_chinese_words_that_look_like_a_permission(sentence: str, expected: list) -> None:
    from test_obligations_s14 import _zh

    assert register_rows(_zh(sentence)) == expected
