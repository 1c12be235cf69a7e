"""Issue #18 error classes: bearers and statements the register got wrong, one small table per
class, with sentences written for these tests (no corpus text)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builders import cuad_files, text_document

from analyzer.model import Obligation, Party
from analyzer.obligations import find_obligations, preamble_parties

EN_PARTIES = (
    Party("Acme Services Ltd", ("Supplier",), "provider"),
    Party("Beta Bank plc", ("Customer",), "client"),
)
ZH_PARTIES = (
    Party("甲方（委托方）", ("甲方", "委托方"), "client"),
    Party("乙方（受托方）", ("乙方", "受托方"), "provider"),
)


def register(
    text: str, language: str = "en", parties: tuple[Party, ...] | None = None
) -> tuple[Obligation, ...]:
    doc = text_document(*text.split("\n"), path="t.txt")
    if parties is None:
        parties = ZH_PARTIES if language == "zh" else EN_PARTIES
    return find_obligations(doc, (), parties, language)


def rows(obligations: tuple[Obligation, ...]) -> list[tuple[str, str, str]]:
    return [(o.bearer, str(o.role), str(o.modality)) for o in obligations]


# --- parties the party analysis missed: named in the preamble, roles from their duties ---------

PREAMBLE = (
    'This Agreement is made by and between Northwind Traders, Inc. ("NORTHWIND"), a Delaware '
    "corporation, and Bluefin Logistics Corporation located at 1 Harbour Road.\n"
    "RECITALS\n"
    "WHEREAS, the parties wish to cooperate.\n"
)


def test_preamble_parties_defined_terms_and_entity_names() -> None:
    extra = preamble_parties(PREAMBLE, ())
    terms = [p.terms[0] for p in extra]
    assert "NORTHWIND" in terms
    assert "Bluefin Logistics Corporation" in terms
    assert all(p.role == "unknown" for p in extra)
    # a party already known (by a term it contains or is contained in) is not added again
    known = (Party("Northwind Traders, Inc.", ("NORTHWIND",), "unknown"),)
    assert "NORTHWIND" not in [p.terms[0] for p in preamble_parties(PREAMBLE, known)]


def test_missing_parties_bear_duties_and_get_roles_from_them() -> None:
    text = PREAMBLE + (
        "Bluefin Logistics Corporation shall deliver the goods to the warehouse.\n"
        "Bluefin Logistics Corporation shall install and maintain the racks.\n"
        "Bluefin Logistics Corporation shall provide monthly reports.\n"
        "Northwind shall pay each invoice within 30 days.\n"
    )
    got = rows(register(text, parties=()))
    assert ("Bluefin Logistics Corporation", "provider", "must") in got
    # "NORTHWIND" is defined in capitals and used in title case
    assert ("Northwind", "client", "must") in got


def test_one_known_side_gives_the_other_the_opposite_role() -> None:
    parties = (
        Party("Acme Services Ltd", ("Supplier",), "provider"),
        Party("Gamma Stores", ("Gamma",), "unknown"),
    )
    got = rows(register("Supplier shall deliver.\nGamma shall pay the price.", parties=parties))
    assert got == [("Supplier", "provider", "must"), ("Gamma", "client", "must")]


# --- list items inheriting the bearer of their lead-in or of a duty heading ----------------------


def test_items_after_a_lead_in_are_the_lead_in_bearers_duties() -> None:
    text = (
        "Besides its other duties, Supplier shall also:   1. Keep the servers patched.   "
        "2. Train its staff every year.   3. Report incidents to the other side."
    )
    got = register(text)
    assert rows(got) == [("Supplier", "provider", "must")] * 3
    assert [o.action for o in got] == [
        "Keep the servers patched",
        "Train its staff every year",
        "Report incidents to the other side",
    ]
    assert all(text[o.start : o.end] == o.action + "." for o in got)


def test_items_inside_one_sentence_are_one_duty_each() -> None:
    """A lead-in's items in the same sentence are duties of their own, as the annotators list
    them (session 15: the annotated contracts +5 strict matches); capital letters label too."""
    text = "Supplier shall: (a) keep the servers patched; and (b) train its staff."
    assert rows(register(text)) == [("Supplier", "provider", "must")] * 2
    text = (
        "Supplier shall: A. keep the servers patched and, on request, shall give Customer the "
        "patch log; B. train its staff; C. keep the backups in a safe place."
    )
    got = register(text)
    assert [o.action for o in got][-2:] == ["train its staff", "keep the backups in a safe place"]


def test_items_under_a_party_duty_heading_without_modal_verbs() -> None:
    from analyzer.engine import analyze

    text = (
        "委托方（甲方）：北方贸易有限公司\n"
        "受托方（乙方）：南方设计有限公司\n"
        "第一条 双方责任\n"
        "1.1 甲方责任\n"
        "1.1.1 向乙方提供项目资料。\n"
        "1.1.2 按时支付服务费用。\n"
        "1.2 乙方责任\n"
        "1.2.1 负责现场测量。\n"
        "1.2.2 按约定期限提交成果。成果质量应符合国家标准。\n"
    )
    doc = text_document(*text.split("\n"), path="t.txt")
    report = analyze(doc, second_reader=False)
    got = [(text_of(doc.text, o), o.bearer, o.role, o.modality) for o in report.obligations]
    assert ("向乙方提供项目资料。", "甲方", "client", "must") in [g[:4] for g in got]
    assert ("按时支付服务费用。", "甲方", "client", "must") in got
    assert ("负责现场测量。", "乙方", "provider", "must") in got
    assert ("按约定期限提交成果。", "乙方", "provider", "must") in got
    # a duty of the section with no party as subject is the section's party's
    assert ("成果质量应符合国家标准。", "乙方", "provider", "must") in got


def text_of(text: str, o: Obligation) -> str:
    return text[o.start : o.end]


# --- Chinese subjects: numbering, conditions, "均应", "该方" -----------------------------------

ZH_SUBJECTS = [
    ("3．2若乙方提出变更，应事先书面通知甲方。", "乙方", "provider", "must"),
    ("因一方原因解除协议造成损失的，该方应负赔偿责任。", "该方", "both", "must"),
    ("本协议生效后，任何一方不履行义务的，均应承担违约责任。", "任何一方", "both", "must"),
    ("乙方可依据变更程度加收费用。", "乙方", "provider", "may"),
]


def test_chinese_subjects() -> None:
    for sentence, bearer, role, modality in ZH_SUBJECTS:
        got = register(sentence, "zh")
        assert (bearer, role, modality) in rows(got), (sentence, rows(got))


def test_chinese_ke_compounds_are_not_permissions() -> None:
    assert register("乙方认可甲方的验收结果。", "zh") == ()
    # (a plain duty of 乙方 to provide, but no permission: 可靠 is not 可)
    assert all(o.modality != "may" for o in register("乙方提供可靠的设备。", "zh"))


# --- English: conditions, headings, survival, remedies, passives of disputes --------------------

NOT_OBLIGATIONS = [
    "If the Supplier cannot deliver on time, the delay is excused.",
    "Unless Customer may lawfully object, the change stands.",
    "Covenant Not to Compete.",
    "Supplier agrees that Supplier's obligations under this Section shall continue after termination.",
    "Supplier acknowledges that a breach would cause harm for which Customer shall have no adequate remedy at law.",
    "Supplier and Customer shall sometimes be referred to as the Parties.",
    "The service fee shall be calculated on the basis of the hours worked.",
]


def test_statements_that_are_no_ones_obligation() -> None:
    for sentence in NOT_OBLIGATIONS:
        assert register(sentence) == (), (sentence, rows(register(sentence)))


OBLIGATIONS = [
    # the duty after the condition is kept
    (
        "If Supplier cannot perform, Supplier shall notify Customer at once.",
        ("Supplier", "provider", "must"),
    ),
    # "may be required to" is a duty
    ("Supplier acknowledges that it may be required to travel.", ("Supplier", "provider", "must")),
    # a passive with its agent
    ("The fee shall be calculated by Supplier each month.", ("Supplier", "provider", "must")),
    # a dispute clause in the passive binds both sides
    ("Any dispute shall be submitted to arbitration in London.", ("not stated", "both", "must")),
]


def test_obligations_kept() -> None:
    for sentence, row in OBLIGATIONS:
        assert row in rows(register(sentence)), (sentence, rows(register(sentence)))


def test_preamble_defined_things_are_not_parties() -> None:
    text = (
        'This Agreement is made between Acme Tools, Inc. ("Acme") and Delta Corp. for the '
        'products listed below (the "Products") in the area described (the "Territory").\n'
        "WHEREAS the parties wish to trade.\n"
    )
    terms = [p.terms[0] for p in preamble_parties(text, ())]
    assert "Acme" in terms
    assert "Products" not in terms and "Territory" not in terms


# --- real corpus: bearers are parties, never headings, clause numbers or abstract nouns ----------

ABSTRACT = {"agreement", "this agreement", "provision", "provisions", "persuasion", "section"}
_CLAUSE_WORD = ("article", "section", "clause", "exhibit", "schedule", "item", "term ")


@pytest.mark.slow
def test_bearers_on_a_cuad_sample_are_sane(corpus_dir: Path) -> None:
    """A fifth of the CUAD texts (the reserved ones left out): no bearer is a clause number, a
    heading in capitals that is no party, or an abstract noun; few named bearers lack a role."""
    from analyzer.engine import analyze
    from analyzer.readers import read_contract

    files = cuad_files(corpus_dir, 5)
    named = unknown = 0
    for path in files:
        doc = read_contract(path)
        report = analyze(doc, second_reader=False)
        party_words = {
            " ".join(t.split()).lower() for p in report.parties for t in (*p.terms, p.name) if t
        }
        for o in report.obligations:
            b = " ".join(o.bearer.split())
            low = b.lower().removeprefix("the ")
            assert not re.fullmatch(r"[(\[]?\d+(?:\.\d+)*[)\].]?", b), (path.name, b)
            assert not low.startswith(_CLAUSE_WORD), (path.name, b)
            assert low not in ABSTRACT, (path.name, b)
            if b.isupper() and len(b.split()) >= 3 and o.role == "unknown":
                assert low in party_words, (path.name, b)
            if b != "not stated":
                named += 1
                unknown += o.role == "unknown"
    assert named > 20 * len(files)
    assert unknown / named < 0.05, unknown / named


# --- issue #18, second pass: error classes of the tuning half, sentences written for these tests --


def test_a_sentence_taken_for_a_party_name_hides_no_preamble_party() -> None:
    # the party analysis sometimes takes a whole line for a name; the preamble's party is still new
    junk = (
        Party("Scope of the Campaign ---- Bluefin Logistics Corporation together", (), "unknown"),
    )
    extra = preamble_parties(PREAMBLE, junk)
    assert "Bluefin Logistics Corporation" in [p.terms[0] for p in extra]


def test_usage_notes_of_a_chinese_model_contract_are_not_duties() -> None:
    text = (
        "软件测试服务合同（示范文本）\n使 用 说 明\n1、双方当事人应当仔细阅读本合同各条款。\n"
        "2、任何单位不得擅自翻印本文本。\n甲方（委托方）：\n乙方（受托方）：\n"
        "第一条 乙方应当按期提交测试报告。\n"
    )
    found = register(text, "zh")
    assert [(o.bearer, o.modality) for o in found] == [("乙方", "must")]
    # a "说明" after the first article is a clause of the contract: its duties stay
    later = "第一条 服务内容\n说明\n乙方应当按期提交测试报告。\n"
    assert rows(register(later, "zh")) == [("乙方", "provider", "must")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "This Agreement may be terminated by either party on notice.",
            [("either party", "both", "may")],
        ),
        (
            "This Agreement may, with written notice, be terminated by Customer.",
            [("Customer", "client", "may")],
        ),
        (
            "The licence may be assigned by Supplier to an affiliate.",
            [("Supplier", "provider", "may")],
        ),
        # changes to the agreement itself, and passives without an agent, are no one's permission
        ("This Agreement may be amended only by a writing signed by the parties.", []),
        ("The schedule may be updated from time to time.", []),
    ],
)
def test_passive_permissions_with_an_agent(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    assert rows(register(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # discretion: the bearer's choice, a permission
        (
            "Customer shall, in its sole discretion, approve or reject each report.",
            [("Customer", "client", "may")],
        ),
        (
            "Customer in its absolute discretion shall decide the launch date.",
            [("Customer", "client", "may")],
        ),
        (
            "The acceptance shall be decided by Customer in its sole discretion.",
            [("Customer", "client", "may")],
        ),
        # … but only in the marker's own clause
        (
            "The plan shall be decided by Customer in its sole discretion, and Supplier agrees to follow it.",
            [("Customer", "client", "may"), ("Supplier", "provider", "must")],
        ),
        # rights written with a qualifier or an inset
        (
            "Customer shall have the right, at any time, to audit the records.",
            [("Customer", "client", "may")],
        ),
        (
            "Customer shall have the exclusive right of first refusal to buy the assets.",
            [("Customer", "client", "may")],
        ),
        # being paid is the other side's duty; the payee bears none
        (
            "Supplier shall receive a fee of 100 dollars per month.",
            [("not stated", "client", "must")],
        ),
        (
            "Supplier shall be reimbursed for approved travel costs.",
            [("not stated", "client", "must")],
        ),
        (
            "Supplier shall receive and hold the data in confidence.",
            [("Supplier", "provider", "must")],
        ),
        # exemptions and force majeure: consequences, not conduct
        ("Neither party shall be liable for any delay or failure to perform caused by floods.", []),
        ("Both parties shall be partially or fully exempt from their liabilities.", []),
        ("A failure to enforce a provision shall in no way be deemed a waiver.", []),
    ],
)
def test_discretion_rights_payees_and_exemptions(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    assert rows(register(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "may have" / "may be …" with a party as subject: a possibility, not a permission
        ("Supplier assigns to Customer all rights Supplier may have in the designs.", []),
        ("Customer may be merged into another company.", []),
        ("Supplier may be audited by Customer once a year.", [("Customer", "client", "may")]),
        ("Supplier may have access to the premises on request.", [("Supplier", "provider", "may")]),
        ("Supplier may be entitled to a bonus.", [("Supplier", "provider", "may")]),
        # liability limits and ownership statements are not conduct
        ("Supplier shall not be liable for lost profits.", []),
        ("Customer shall have no liability for the acts of subcontractors.", []),
        ("Customer shall be the sole and exclusive owner of the designs.", []),
        ("Supplier shall bear the liability for pollution.", [("Supplier", "provider", "must")]),
        (
            "Supplier hereby irrevocably and expressly waives its moral rights.",
            [("Supplier", "provider", "must")],
        ),
    ],
)
def test_possibilities_liability_limits_and_ownership(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    assert rows(register(sentence)) == expected


def test_item_titles_under_a_lead_in_are_not_duties() -> None:
    text = (
        "Supplier agrees to the following:\n"
        "(a) Covenant Not to Compete.\n"
        "(b) Supplier shall not work for a competitor during the term.\n"
        "(c) Non-Solicitation.\n"
        "(d) Supplier shall not hire the Customer's staff.\n"
    )
    found = register(text)
    assert all(
        "Compete." not in text[o.start : o.end] or "shall" in text[o.start : o.end] for o in found
    )
    assert not any(
        text[o.start : o.end].strip() in ("Covenant Not to Compete.", "Non-Solicitation.")
        for o in found
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Customer makes monthly payment.", [("Customer", "client", "must")]),
        (
            "Supplier provides a help desk. Both parties share the travel costs.",
            [("Supplier", "provider", "must"), ("Both parties", "both", "must")],
        ),
        (
            "(x) Customer provides Supplier with prompt notice of any claim;",
            [("Customer", "client", "must")],
        ),
        (
            "However, Supplier does regard the following as confidential: the prices.",
            [("Supplier", "provider", "must")],
        ),
        # not duties: no performance verb, a negated or "no" object, a subject inside a clause
        ("Supplier makes no warranties about the software.", []),
        ("Supplier holds 20% of the shares.", []),
        ("The fee that Customer pays is fixed.", []),
        # a sentence with a modal verb is read by the marker scan alone
        ("Customer pays the fee and shall keep the receipts.", [("Customer", "client", "must")]),
    ],
)
def test_plain_present_duties_en(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert rows(register(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每迟延一日，甲方支付违约金。", [("甲方", "client", "must")]),
        ("甲方将签署的申请文件交付乙方。", [("甲方", "client", "must")]),
        ("双方共同承担检测费用。", [("双方", "both", "must")]),
        # a cause, a table cell, the party's own attribute
        ("甲方因未能提供资料导致延误的，责任自负。", []),
        ("甲方支付测试费的时间\n", []),
        ("甲方的代表支付差旅费。", []),
    ],
)
def test_plain_duties_zh(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert rows(register(text, "zh")) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # the deliverable must meet standards: the performer's duty, bearer not stated
        (
            "The software shall conform to the agreed specifications.",
            "en",
            [("not stated", "provider", "must")],
        ),
        (
            "The test results shall comply with the applicable national standards.",
            "en",
            [("not stated", "provider", "must")],
        ),
        ("测试报告应符合国家相关标准。", "zh", [("not stated", "provider", "must")]),
        # a party's own materials are the party's
        ("甲方提供的资料应符合乙方的要求。", "zh", [("甲方", "client", "must")]),
        # an agent that is both sides
        (
            "The costs of the audit shall be shared by both parties.",
            "en",
            [("both parties", "both", "must")],
        ),
    ],
)
def test_standards_and_collective_agents(
    text: str, language: str, expected: list[tuple[str, str, str]]
) -> None:
    assert rows(register(text, language)) == expected


def test_a_passive_duty_with_an_agent_keeps_its_subject_in_the_action() -> None:
    (o,) = register("The source code shall be kept confidential by Supplier.")
    assert (o.bearer, o.role, o.modality) == ("Supplier", "provider", "must")
    assert o.action.startswith("The source code")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Neither party shall issue a press release about the project.",
            "en",
            [("Neither party", "both", "must_not")],
        ),
        ("WHEREAS, Supplier shall provide services under a separate agreement.", "en", []),
        (
            "Supplier shall hold any data as Customer may specify.",
            "en",
            [("Supplier", "provider", "must")],
        ),
        (
            "Confidential Information excludes information which Supplier can show was public.",
            "en",
            [],
        ),
        (
            "Supplier shall indemnify Customer, in addition to any liability Supplier may otherwise have.",
            "en",
            [("Supplier", "provider", "must")],
        ),
        # 需 is a duty of the party; 方可 ("only then may") is no permission
        ("若甲方要求变更，需经乙方书面同意后方可实施。", "zh", [("甲方", "client", "must")]),
        ("乙方可依据工作量调整人员。", "zh", [("乙方", "provider", "may")]),
        ("乙方所需费用以实际发生为准。", "zh", []),
    ],
)
def test_negative_bearers_recitals_relatives_and_xu(
    text: str, language: str, expected: list[tuple[str, str, str]]
) -> None:
    assert rows(register(text, language)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a grant is the grantee's permission
        (
            "Supplier hereby grants to Customer a licence to use the software.",
            [("Customer", "client", "may")],
        ),
        # "X agrees to allow Y to …" is X's promise: the annotators write it so (3 of 4 rows)
        (
            "Supplier agrees to allow Customer to copy the manuals.",
            [("Supplier", "provider", "must")],
        ),
        # charging and deciding are the bearer's rights
        ("Supplier shall charge Customer a monthly fee.", [("Supplier", "provider", "may")]),
        ("Customer will make the final decision on the design.", [("Customer", "client", "may")]),
        ("Supplier will be in charge of the installation.", [("Supplier", "provider", "must")]),
    ],
)
def test_grants_and_entitlements(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert rows(register(text)) == expected


def test_a_licensor_with_unknown_roles_stays_the_provider() -> None:
    # roles inferred from the duties: the grant counts as the grantor's, then becomes the grantee's
    parties = (
        Party("Northwind Media", ("Northwind",), "unknown"),
        Party("Bluefin Studio", ("Bluefin",), "unknown"),
    )
    text = (
        "Northwind hereby grants to Bluefin a licence to broadcast the content. "
        "Northwind shall deliver the content on tape. Northwind shall provide support. "
        "Bluefin shall pay Northwind a fee each quarter."
    )
    got = rows(register(text, parties=parties))
    assert got[0] == ("Bluefin", "client", "may")
    assert ("Northwind", "provider", "must") in got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Customer shall, in addition to its other remedies, be entitled to an injunction.",
            [("Customer", "client", "may")],
        ),
        ("Each party is also entitled to inspect the records.", [("Each party", "both", "may")]),
        (
            "Supplier has no right or authority to bind Customer.",
            [("Supplier", "provider", "must_not")],
        ),
        (
            "Each party agrees (1) to use the data for the project.",
            [("Each party", "both", "must")],
        ),
    ],
)
def test_rights_and_duties_with_insets(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert rows(register(text)) == expected


def test_notice_formalities_bind_both_sides() -> None:
    found = register("All notices under this Agreement shall be in writing and sent by courier.")
    assert rows(found) == [("not stated", "both", "must")]
    assert register("The launch shall be in spring.") == ()


def test_plain_duties_with_blank_terms_and_many_sentences_stay_bounded() -> None:
    blank = (Party("x", (" ", ""), "provider"), *EN_PARTIES)
    assert rows(register("Supplier pays the fee.", parties=blank)) == [
        ("Supplier", "provider", "must")
    ]
    many = register("Supplier pays the fee. " * 5000)
    assert len(many) == 5000
    assert (
        len(
            find_obligations(
                text_document("Supplier pays the fee. " * 50, path="t.txt"),
                (),
                EN_PARTIES,
                "en",
                10,
            )
        )
        == 10
    )
