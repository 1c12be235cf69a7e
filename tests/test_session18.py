"""Session 18: register wordings. Sentences written for these tests, no corpus text."""

from __future__ import annotations

import pytest
from builders import ZH_PARTIES, register, register_rows, text_document, zh_register_rows

from analyzer.obligations import find_obligations
from analyzer.segment import segment


@pytest.mark.parametrize(
    "sentence",
    [
        "Any termination notice must be sent to the other Party by registered letter.",
        "If a Party is prevented by Force Majeure from performing, its performance shall be "
        "suspended for the duration of the event.",
    ],
)
def test_an_unstated_bearer_among_any_party_is_either_party(sentence: str) -> None:
    rows = register_rows(register(sentence))
    assert rows and all(role == "both" for _, role, _ in rows)


def test_an_unstated_bearer_with_a_named_side_is_not_either_party() -> None:
    """A passive with one side named as the one served stays that side's counterpart (or
    unknown), never 'both'."""
    rows = register_rows(register("Monthly reports shall be delivered to the Customer."))
    assert all(role != "both" for _, role, _ in rows)


@pytest.mark.parametrize(
    "sentence",
    [
        # no stated bearer, the other side named as 对方 / 一方
        "不可抗力事件发生后，应在三日内书面通知对方。",
        "因一方违约给守约方造成损失的，应赔偿全部损失。",
        # the parties as such, and either side's recipient
        "合同当事人应当遵守诚实信用原则。",
        "当事人应在五日内将变更后的地址书面告知对方。",
        "未经披露方同意，信息接受方不得向任何第三方提供保密信息。",
    ],
)
def test_chinese_either_party_and_the_parties_as_such_are_both_sides(sentence: str) -> None:
    rows = zh_register_rows(sentence)
    assert rows and all(role == "both" for _, role, _ in rows)


@pytest.mark.parametrize(
    "sentence",
    [
        "The waiver by either party of a breach shall not be taken to be a waiver of any later "
        "breach.",
        "No delay or omission by either party in exercising any right shall impair any such right.",
        "Any partial exercise of a right by any party will not preclude its further exercise.",
        "A waiver by any party shall not imply the waiver of any other right of that party.",
        "No term of this Agreement shall be waived by any act or omission of the parties.",
    ],
)
def test_the_waiver_clause_binds_no_one(sentence: str) -> None:
    assert register(sentence) == ()


def test_a_claim_waived_by_a_party_unless_made_in_time_stays() -> None:
    """A forfeiture with a named party ('shall be waived by Customer unless made within ten days')
    is not the waiver clause: its row stays."""
    rows = register(
        "Claims for shortages shall be waived by Customer unless made within ten days of delivery."
    )
    assert [o.bearer for o in rows] == ["Customer"]


@pytest.mark.parametrize(
    ("sentence", "deadline"),
    [
        (
            "Supplier may terminate this Agreement upon ninety (90) days' written notice.",
            "upon ninety (90) days' written notice",
        ),
        (
            "Customer may cancel an order with no less than two (2) months prior notice.",
            "with no less than two (2) months prior notice",
        ),
        ("Supplier shall keep the stock insured throughout the Term.", "throughout the Term"),
        (
            "Supplier shall display the banner during the Campaign Period.",
            "during the Campaign Period",
        ),
        (
            "Customer shall display the logo during the Sponsorship Period.",
            "during the Sponsorship Period",
        ),
        (
            "Supplier shall not solicit the staff during or after the term of this Agreement.",
            "during or after the term of this Agreement",
        ),
        (
            "Customer may sell the stock for sixty (60) days following such termination.",
            "for sixty (60) days following such termination",
        ),
        ("Supplier shall invoice the Customer net thirty (30) days.", "net thirty (30) days"),
        (
            "Supplier shall keep the records during the period of three years after delivery.",
            "during the period of three years after delivery",
        ),
    ],
)
def test_notice_periods_defined_periods_and_ranges_are_deadlines(
    sentence: str, deadline: str | None
) -> None:
    rows = register(sentence)
    assert rows
    assert rows[0].deadline == deadline


def test_a_bare_the_period_is_no_deadline() -> None:
    """'for the period' alone says nothing a lawyer can diarise."""
    rows = register("Supplier shall pay interest for the period as set out in Schedule 2.")
    assert rows and rows[0].deadline is None


@pytest.mark.parametrize(
    ("sentence", "deadline"),
    [
        ("甲方应按照与乙方约定的时间支付费用。", "按照与乙方约定的时间"),
        ("乙方应在甲方通知的日期进场作业。", "在甲方通知的日期"),
        ("乙方如需更换人员，应提前书面通知甲方。", "提前"),
        ("测绘成果验收合格后____日内，甲方应支付余款。", "测绘成果验收合格后____日内"),
        ("乙方应在获得检测结果后\u3000\u3000日内通知甲方。", "在获得检测结果后 日内"),
        ("甲方应在    日内提供资料。", "在 日内"),
    ],
)
def test_chinese_agreed_and_notified_dates_are_deadlines(sentence: str, deadline: str) -> None:
    doc = text_document(sentence)
    rows = find_obligations(doc, segment(doc), ZH_PARTIES, "zh")
    assert rows and rows[0].deadline == deadline


@pytest.mark.parametrize(
    ("sentence", "deadline"),
    [
        (
            "Supplier may terminate this Agreement at any time upon sixty (60) days' written "
            "notice to Customer.",
            "upon sixty (60) days' written notice",
        ),
        ("Customer may audit the records at any time.", "at any time"),
        (
            "The breaching party shall have thirty (30) days from receipt of notice to cure the "
            "breach.",
            "thirty (30) days",
        ),
        (
            "Supplier will retain the records for at least five (5) years following termination.",
            "for at least five (5) years following termination",
        ),
        (
            "Customer may end the pilot on not less than three (3) months prior notice.",
            "on not less than three (3) months prior notice",
        ),
        ("Either party may terminate on 60-days written notice.", "60-days written notice"),
        (
            "Supplier shall staff the help desk 24 hours per day, seven (7) days per week.",
            "24 hours per day, seven (7) days per week",
        ),
    ],
)
def test_windows_retention_notice_dates_and_availability(sentence: str, deadline: str) -> None:
    rows = register(sentence)
    assert rows and rows[0].deadline == deadline


def test_when_a_notice_counts_is_no_deadline() -> None:
    rows = register(
        "All notices shall be in writing and shall be deemed given if delivered by hand, upon "
        "receipt thereof."
    )
    assert rows and all(o.deadline is None for o in rows)
    rows = register("Supplier shall, upon receipt of an order, confirm it in writing.")
    assert rows and rows[0].deadline == "upon receipt of an order"


@pytest.mark.parametrize(
    "sentence",
    ["甲方对乙方的服务质量有权提出异议。", "甲方对乙方无法胜任工作的人员有权要求更换。"],
)
def test_chinese_party_after_dui_is_the_object(sentence: str) -> None:
    rows = zh_register_rows(sentence)
    assert rows and rows[0][:2] == ("甲方", "client")


@pytest.mark.parametrize(
    "sentence",
    [
        "During the term, no Supplier staff shall contact the Customer's clients.",
        "No use shall be made of the Customer's marks without consent.",
        "Customer agrees that no other Supplier will be appointed in the territory.",
    ],
)
def test_a_subject_opened_by_no_is_a_prohibition(sentence: str) -> None:
    rows = register(sentence)
    assert rows and all(o.modality == "must_not" for o in rows)


def test_no_in_another_phrase_leaves_the_duty() -> None:
    rows = register("Supplier shall provide at no charge the software that will run the kiosk.")
    assert register_rows(rows) == [("Supplier", "provider", "must")]


def test_neither_nor_may_is_a_prohibition() -> None:
    rows = register(
        "Neither Supplier nor any affiliate of Supplier may sell the Product to Customer's clients."
    )
    assert register_rows(rows) == [("Supplier", "provider", "must_not")]


def test_parties_named_only_in_a_list_of_abbreviations() -> None:
    """No preamble defines the parties; a list of abbreviations gives each company's short name,
    which the body uses as its term."""
    from analyzer.parties import find_parties

    text = "\n".join(
        [
            "Network Services Agreement",
            "",
            "Abbreviations   Harbour Trust Bank Limited   HTB",
            "",
            "Kestrel Systems Limited   Kestrel",
            "",
            "Service Level Agreement   SLA",
            "",
            "1. Kestrel will provide the network services to HTB.",
            "2. Kestrel will maintain the network equipment.",
            "3. HTB will pay Kestrel the monthly charge.",
            "4. Kestrel will report outages to HTB within one hour.",
            "5. HTB will give Kestrel access to its branches.",
            "6. Kestrel will keep HTB's data confidential.",
            "7. HTB may terminate if Kestrel fails to meet the SLA.",
        ]
    )
    doc = text_document(*text.split("\n"), path="t.txt")
    parties = {p.terms[0]: (p.name, p.role) for p in find_parties(doc, segment(doc), "en")}
    assert parties == {
        "HTB": ("Harbour Trust Bank Limited", "client"),
        "Kestrel": ("Kestrel Systems Limited", "provider"),
    }


def test_a_title_case_lead_in_opens_a_list_of_duties() -> None:
    """ "Supplier Will:" over lettered items reads like a heading (each word capitalised), but
    it is the lead-in of the items, each the Supplier's duty."""
    rows = register(
        "Supplier Will:\n"
        "(a) be responsible for the installation of the network.\n"
        "(b) advise Customer of new technologies.\n"
        "(c) tune the network to meet the Service Levels."
    )
    assert len(rows) >= 3
    assert all(r[:2] == ("Supplier", "provider") for r in register_rows(rows))
    assert register("Covenant Not to Compete.") == ()


def test_a_clauses_numbered_sub_items_after_a_lead_in_are_duties() -> None:
    rows = register(
        "Supplier will:\n"
        "2.3.1 Maintain the designated equipment.\n"
        "2.3.2 Keep a single point of contact for incidents.\n"
        "2.3.3 Perform incident management to closure."
    )
    assert [o.action.split()[0] for o in rows] == ["Maintain", "Keep", "Perform"]
    assert all(r[:2] == ("Supplier", "provider") for r in register_rows(rows))


@pytest.mark.parametrize(
    "sentence", ["甲方应确保所披露的内容清晰、可被识别。", "甲方应当保证保证金安全且不可挪作他用。"]
)
def test_chinese_ke_bei_and_bu_ke_are_no_permissions(sentence: str) -> None:
    assert all(modality != "may" for _, _, modality in zh_register_rows(sentence))


def test_terms_quoted_after_the_name_without_brackets() -> None:
    """'between Alder Pharma AG <address> "Licensor" / "Alder" and Brightwell S.A. <address>
    "Licensee" / "Brightwell"': the names without their addresses, both terms each."""
    from analyzer.parties import find_parties

    text = "\n".join(
        [
            'Exhibit 10.3 Licence Agreement "Agreement" between Alder Pharma AG Seestrasse 4 8002 '
            'Zurich Switzerland "Licensor" / "Alder" and Brightwell S.A. Rua Verde 1200 Lisbon '
            'Portugal "Licensee" / "Brightwell"',
            "",
            "1. Brightwell shall pay Alder the royalties within thirty days of each quarter.",
            "2. Alder shall deliver the know-how to Brightwell.",
            "3. Brightwell shall keep the know-how confidential.",
            "4. Alder shall give Brightwell technical assistance.",
            "5. Brightwell shall report its sales to Alder each quarter.",
        ]
    )
    doc = text_document(*text.split("\n"), path="t.txt")
    names = {p.name: tuple(p.terms) for p in find_parties(doc, segment(doc), "en")}
    assert names == {
        "Alder Pharma AG": ("Licensor", "Alder"),
        "Brightwell S.A.": ("Licensee", "Brightwell"),
    }
