"""Session 17: party names freed of what the filing wrote around them, and register wordings.

Preambles and sentences written for these tests, no corpus text."""

from __future__ import annotations

import pytest
from builders import register, register_rows, text_document

from analyzer.model import Party
from analyzer.obligations import find_obligations
from analyzer.parties import find_parties
from analyzer.segment import segment

ZH_PARTIES = (Party("某某公司", ("甲方",), "client"), Party("某某服务公司", ("乙方",), "provider"))


def parties_of(text: str) -> tuple[Party, ...]:
    doc = text_document(*text.split("\n"), path="t.txt")
    return find_parties(doc, segment(doc), "en")


def names(text: str) -> dict[str, str]:
    """Each party's first defined term → its name."""
    return {p.terms[-1]: p.name for p in parties_of(text)}


def test_a_recital_opens_the_preamble() -> None:
    """The parties are first named in a recital (found anywhere near the start, as their terms
    recur in the body): "WHEREAS," is not part of the first name."""
    text = "\n".join(
        [
            "EXHIBIT 10.4",
            "",
            "            HALCYON MARINE, INC.",
            "",
            "            SERVICES AGREEMENT",
            "",
            '     WHEREAS, Halcyon Marine, Inc. (the "Company") and Tidewell Engineering LLC (the '
            '"Contractor") entered into a master agreement dated as of May 1, 2001; and',
            "",
            "     WHEREAS, the Contractor shall maintain the Company's vessels.",
            "",
            "1. The Contractor shall inspect each vessel of the Company monthly.",
            "2. The Company shall pay the Contractor within 30 days of each invoice.",
            "3. The Contractor shall report defects to the Company.",
        ]
    )
    found = names(text)
    assert found["Company"] == "Halcyon Marine, Inc."
    assert found["Contractor"] == "Tidewell Engineering LLC"


def test_the_exhibit_heading_and_title_run_into_the_first_name() -> None:
    """A filing flattened to one line: exhibit number, title, then the name."""
    text = (
        'Exhibit 10.9 CONSULTING AGREEMENT Larkspur Therapeutics, Inc. ("Larkspur") and Finch '
        'Advisory B.V. ("Consultant") agree as follows. Consultant shall advise Larkspur.'
    )
    assert names(text)["Larkspur"] == "Larkspur Therapeutics, Inc."


def test_an_address_after_the_legal_form_is_not_part_of_the_name() -> None:
    text = "\n".join(
        [
            "SUPPLY AGREEMENT",
            "between",
            "Koppel Chemie GmbH Rheinstrasse 17 40210 Düsseldorf Germany",
            '(hereinafter called "Koppel")',
            "and",
            'Meridian Pharma, Inc. 250 Harbor Way, Suite 4 Boston (hereinafter "Meridian").',
            "Koppel shall supply the product to Meridian.",
        ]
    )
    found = names(text)
    assert found["Koppel"] == "Koppel Chemie GmbH"
    assert found["Meridian"] == "Meridian Pharma, Inc."


def test_an_empty_bracket_after_a_name_is_dropped() -> None:
    """A filing that lost the Chinese name inside the brackets."""
    text = (
        'This Licence Agreement is made between Shanghai Lanting Media Co., Ltd. ( ) ("Licensor") '
        'and Hangzhou Qiyun Software Co., Ltd. ("Licensee").'
    )
    assert names(text)["Licensor"] == "Shanghai Lanting Media Co., Ltd."


def test_a_document_term_and_a_recital_term_are_no_parties() -> None:
    """ "(this "Amendment")" after the title names a document, and a show defined in a recital
    ("hereinafter "Orbit"") is nobody's name."""
    text = "\n".join(
        [
            "Exhibit 10.2 SERVICES AGREEMENT AMENDMENT NO. 2   This SERVICES AGREEMENT AMENDMENT NO. 2 "
            '(this "Amendment") is made by and between ALDER POINT, INC., a Nevada corporation '
            '("Alder"), and BRISK MEDIA, LLC, a Utah limited liability company ("Brisk").',
            "",
            'WHEREAS, Brisk owns the rights to the programme known as Orbit (hereinafter "Orbit");',
            "",
            "Brisk shall air the programme.",
        ]
    )
    found = names(text)
    assert set(found) == {"Alder", "Brisk"}


def test_a_schedule_gives_a_party_a_new_term() -> None:
    """A schedule defines the parties again under other terms; its duties are the parties'."""
    text = "\n".join(
        [
            'RESELLER AGREEMENT between Quillon Software Corp. ("Quillon") and Marrow Data Limited '
            '("Reseller").',
            "1. Quillon shall provide support to the Reseller.",
            "2. The Reseller shall pay Quillon within 30 days.",
            "3. Quillon shall deliver updates to the Reseller.",
            "SCHEDULE 4 PERSONAL INFORMATION",
            '1) In this Schedule, "Licence" means the licence between Quillon Software Corp. '
            '("Licensor") and Marrow Data Limited ("Licensee").',
            "2) Licensor shall not disclose Personal Information.",
            "3) Licensee may audit Licensor once a year.",
        ]
    )
    parties = parties_of(text)
    found = {p.name: p.terms for p in parties}
    assert found["Quillon Software Corp."] == ("Quillon", "Licensor")
    assert found["Marrow Data Limited"] == ("Reseller", "Licensee")
    side = {p.terms[0]: str(p.role) for p in parties}
    assert side["Quillon"] != side["Reseller"]
    rows = register_rows(register(text, parties))
    # each row on its party's side, whichever side the role conventions give it
    assert ("Licensor", side["Quillon"], "must_not") in rows
    assert ("Licensee", side["Reseller"], "may") in rows


def test_a_term_for_what_a_party_owns_is_not_its_term() -> None:
    """ "the notes of Quillon Software Corp. (the "Notes")": the term is the notes'."""
    text = "\n".join(
        [
            'SERVICES AGREEMENT between Quillon Software Corp. ("Quillon") and Marrow Data Limited '
            '("Customer").',
            "Quillon shall host the data. Quillon shall keep backups. The Customer shall pay Quillon.",
            "The Customer may pledge the senior notes of Quillon Software Corp. (the "
            '"Notes") as security.',
        ]
    )
    found = {p.name: p.terms for p in parties_of(text)}
    assert found["Quillon Software Corp."] == ("Quillon",)


@pytest.mark.parametrize(
    "sentence",
    [
        "Supplier will be relieved of its obligations to the extent that Customer fails to give "
        "access.",
        "Supplier does not warrant uninterrupted operation of any Service or that Supplier will "
        "correct all defects.",
        "Customer acknowledges and agrees that all Deliverables shall be and remain the property "
        "of Supplier.",
        "If Customer fails to meet the minimum, Customer will lose its exclusivity in the "
        "Territory.",
        "Net Sales shall be determined in accordance with generally accepted accounting "
        "principles.",
        "Supplier's total liability to Customer shall be limited to the amount paid in the last "
        "twelve months.",
        "Such invalid provision shall be replaced by a valid provision of similar effect.",
        "The confidentiality obligations shall not be affected by the termination of this "
        "Agreement.",
        "The parties irrevocably agree that the courts of Ohio shall have non-exclusive "
        "jurisdiction to settle any dispute.",
        "The arbitration proceedings shall be conducted in English.",
        "Each party recognizes the value of the good will associated with the Licensed Property.",
    ],
)
def test_statements_that_bind_no_one_are_not_obligations(sentence: str) -> None:
    """A release from duties, a disclaimer, who owns a thing, what a party loses, how an amount
    is worked out, a cap on liability, severability's replacement and what termination leaves
    untouched: nobody's duty."""
    assert register(sentence) == ()


def test_a_disclaimer_ends_at_its_clause() -> None:
    rows = register_rows(
        register(
            "Supplier does not guarantee delivery dates, but Supplier shall use reasonable efforts "
            "to meet them."
        )
    )
    assert rows == [("Supplier", "provider", "must")]


def test_a_limit_on_use_stays_a_restriction() -> None:
    """ "shall be limited to" a use or a number of appearances is not a cap on liability."""
    assert register("Customer's use of the Software shall be limited to internal purposes.") != ()


def test_a_numbered_list_after_the_following_services() -> None:
    """The colon comes long after the modal verb: each item that opens with a verb is a duty of
    the lead-in's party, and the lead-in stays one too."""
    rows = register(
        "The Supplier shall perform the following services, all in accordance with the terms of "
        "this Agreement: 1. Maintain separate records for each plan. 2. Disburse to the plans all "
        "proceeds of redemption. 3. Prepare quarterly account statements."
    )
    assert len(rows) == 4
    assert all((o.bearer, o.role, o.modality) == ("Supplier", "provider", "must") for o in rows)
    assert rows[1].action.startswith("Maintain separate records")


@pytest.mark.parametrize(
    "text",
    [
        # what is charged, not what is done
        "The Supplier shall invoice the following charges to the Customer: 1. All machine time "
        "used in development. 2. Bank draft processing.",
        # conditions of a right
        "The Customer may terminate this Agreement if any of the following events occurs: "
        "1. Supplier becomes insolvent. 2. Supplier breaches this Agreement.",
    ],
)
def test_lists_of_things_and_of_events_stay_one_row(text: str) -> None:
    assert len(register(text)) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "(b) Supplier has legal rights to execute and perform this Agreement.",
        "Supplier acknowledges that in performing the Services it may obtain knowledge of "
        "Confidential Information of the Customer.",
    ],
)
def test_capacity_and_what_may_come_a_partys_way_are_not_rights(sentence: str) -> None:
    assert register(sentence) == ()


def test_a_reference_abbreviation_before_a_word_ends_the_sentence() -> None:
    """ "SEC." before "The" ends a definition; the next sentence's duty is not inside it."""
    rows = register_rows(
        register(
            '"Business Day" shall mean any day on which the exchange is open under the rules of '
            "the SEC. The Customer agrees to redeem any shares held by the Supplier. The Supplier "
            "shall comply with Sec. 5 of the Act."
        )
    )
    assert rows == [("Customer", "client", "must"), ("Supplier", "provider", "must")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Supplier agrees on behalf of itself, its employees and agents, not to file for any "
        "patents in the Work Product.",
        "Supplier forever waives and agrees never to assert any moral rights in the Work Product.",
    ],
)
def test_agrees_not_to_with_an_inset_or_never(sentence: str) -> None:
    assert ("Supplier", "provider", "must_not") in register_rows(register(sentence))


def test_liable_for_indemnifying_is_a_duty() -> None:
    assert register_rows(
        register("Customer shall be liable for indemnifying Supplier for the losses incurred.")
    ) == [("Customer", "client", "must")]
    assert register("Customer shall not be liable for any delay.") == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "（三）法律规定或者本合同约定的其他权利义务。",
        "乙方处理委托事务，符合第一种标准的，应当认为委托事务已经完成。",
    ],
)
def test_chinese_catch_all_and_deeming_are_no_duties(sentence: str) -> None:
    doc = text_document(sentence)
    assert find_obligations(doc, segment(doc), ZH_PARTIES, "zh") == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "Supplier will in no way act as a broker-dealer under securities laws.",
        "Without the Board's consent, Supplier shall have no authority to take, nor shall it take, "
        "any action committing the Customer.",
        "Supplier further agrees that neither it nor its employees, affiliates or assigns, shall "
        "contact the investors.",
    ],
)
def test_prohibitions_written_with_no_way_nor_and_neither(sentence: str) -> None:
    assert register_rows(register(sentence)) == [("Supplier", "provider", "must_not")]


def test_in_no_manner_affect_is_no_prohibition() -> None:
    """A waiver clause: the row it gives (if any) is no prohibition of the party."""
    rows = register(
        "The failure of either party to require performance will in no manner affect its "
        "rights to enforce the same."
    )
    assert not any(o.modality == "must_not" for o in rows)


@pytest.mark.parametrize(
    "sentence",
    [
        "Customer shall not assign this Agreement without Supplier's prior written consent, such "
        "consent not to be unreasonably withheld.",
        "Customer may issue press releases, subject to Supplier's prior approval, which shall not "
        "be unreasonably withheld.",
        "Customer shall provide the text, subject to Supplier's final approval, not to be          "
        "          unreasonably withheld.",
    ],
)
def test_consent_not_to_be_unreasonably_withheld_binds_the_consenting_party(
    sentence: str,
) -> None:
    """Whose consent it is, in the same sentence: that party must not withhold it unreasonably
    (the asking party's own row stays)."""
    rows = register_rows(register(sentence))
    assert ("Supplier", "provider", "must_not") in rows
    assert any(bearer == "Customer" for bearer, _, _ in rows)


def test_an_unreasonably_withheld_with_no_consenting_party_gives_no_row() -> None:
    rows = register_rows(
        register("Customer may use the logo in a form which shall not be unreasonably withheld.")
    )
    assert rows == [("Customer", "client", "may")]


def test_such_other_address_as_a_party_may_designate_is_its_right() -> None:
    """A party's right to change where notices go (annotated so in 16 of 17 read cases); a
    request in a relative clause stays the other side's duty."""
    rows = register_rows(
        register(
            "Notices shall be sent to the addresses below (or such other address as the Customer "
            "may subsequently designate by notice)."
        )
    )
    assert ("Customer", "client", "may") in rows
    assert register_rows(
        register("Supplier shall attend such meetings as the Customer may request.")
    ) == [("Supplier", "provider", "must")]


@pytest.mark.parametrize(
    ("sentence", "row"),
    [
        (
            "This Agreement may be terminated at any time, without the payment of any penalty, "
            "with respect to any series, by the board of the fund, or by the Supplier, in each "
            "case on not less than 60 days' written notice.",
            ("Supplier", "provider", "may"),
        ),
        (
            "This Agreement may be terminated, either in respect of a fund or in its entirety, by "
            "either Customer or the Supplier for any reason upon 30 days' notice to the other.",
            ("either Customer or the Supplier", "both", "may"),
        ),
    ],
)
def test_a_termination_right_whose_agent_follows_a_long_inset(
    sentence: str, row: tuple[str, str, str]
) -> None:
    assert register_rows(register(sentence)) == [row]


def test_a_termination_agent_is_not_taken_from_a_condition() -> None:
    """ "… may be terminated by the board only: (i) in the event Supplier … by Customer" names
    no party as the one who terminates."""
    rows = register_rows(
        register(
            "This Agreement may be terminated by the board only in the event that the Supplier is "
            "declared insolvent by Customer."
        )
    )
    assert ("Customer", "client", "may") not in rows


@pytest.mark.parametrize(
    ("sentence", "bearer"),
    [
        (
            "Customer's submission of orders shall comply at all times with Supplier's procedures.",
            "Customer",
        ),
        (
            "The Services undertaken by the Supplier shall be in full compliance with all applicable laws.",
            "Supplier",
        ),
        (
            "All shipments made by Supplier shall be in accordance with the shipping terms.",
            "Supplier",
        ),
    ],
)
def test_what_a_party_does_shall_comply_is_its_duty(sentence: str, bearer: str) -> None:
    assert [row[0] for row in register_rows(register(sentence))] == [bearer]


@pytest.mark.parametrize(
    "sentence",
    [
        "Customer shall have the right at any time prior to December 31, 2010 to terminate this "
        "Agreement by giving notice.",
        "During the term, Customer shall have a non-exclusive license to use the system on-line.",
        "Customer shall have sole discretion to determine whether to pursue such infringement.",
        "Upon termination, Customer shall retain the right to use the marks.",
    ],
)
def test_rights_written_with_shall_have_or_retain(sentence: str) -> None:
    assert register_rows(register(sentence)) == [("Customer", "client", "may")]


ZH_FORM_PARTIES = (
    Party("某某建设公司", ("发包人",), "client"),
    Party("某某勘察院", ("勘察人",), "provider"),
)


@pytest.mark.parametrize(
    ("sentence", "row"),
    [
        ("（2）勘察人机械设备损坏及停工损失，由勘察人承担；", ("勘察人", "provider", "must")),
        (
            "不可抗力结束后14天内，勘察人向发包人提交清理和修复费用的正式报告。",
            ("勘察人", "provider", "must"),
        ),
        ("加班费由发包人与勘察人自行协商解决。", ("发包人与勘察人", "both", "must")),
    ],
)
def test_plain_chinese_duties_of_a_forms_own_party_terms(
    sentence: str, row: tuple[str, str, str]
) -> None:
    """A model form that names its parties 发包人 / 勘察人 (not 甲方 / 乙方): a duty written
    without 应 is still theirs."""
    doc = text_document(sentence)
    rows = find_obligations(doc, segment(doc), ZH_FORM_PARTIES, "zh")
    assert [(o.bearer, str(o.role), str(o.modality)) for o in rows] == [row]


def test_a_plain_chinese_verb_in_a_time_clause_is_no_duty() -> None:
    """ "勘察人提交成果后__日内，发包人支付 …": the submission dates the payment."""
    doc = text_document("勘察人向发包人提交全部成果后____日内，发包人向勘察人支付合同价款。")
    rows = find_obligations(doc, segment(doc), ZH_FORM_PARTIES, "zh")
    assert ("勘察人", "provider", "must") not in [
        (o.bearer, str(o.role), str(o.modality)) for o in rows
    ]


def test_a_lead_in_with_an_inset_before_its_colon() -> None:
    rows = register(
        "Before any such disclosure, the Supplier must, at its cost: (i) immediately notify the "
        "Customer; (ii) give the Customer a reasonable opportunity to object; and (iii) take all "
        "reasonable steps to preserve confidentiality."
    )
    assert len(rows) == 3 and all(o.bearer == "Supplier" for o in rows)


def test_an_unstated_bearer_is_the_other_side_of_the_beneficiary() -> None:
    """ "Such reports shall be delivered to the Customer": the supplier's duty, bearer as
    written "not stated"."""
    rows = register_rows(
        register("Such reports shall be delivered to the Customer within ten days.")
    )
    assert rows == [("not stated", "provider", "must")]


def test_an_item_pronoun_is_the_lead_ins_party() -> None:
    rows = register_rows(
        register(
            "Supplier represents, warrants and covenants that:\n(i) It is duly organized.\n"
            "(ii) It will make no representations concerning the Fund other than those in the "
            "Prospectus.\n(iii) It will use best efforts to remain registered with the SEC."
        )
    )
    assert rows == [("Supplier", "provider", "must_not"), ("Supplier", "provider", "must")]


def test_the_deadline_filter_needs_what_every_deadline_pattern_needs() -> None:
    """The one pass before the deadline patterns (session 19; a single search, the "gate", in
    session 17): a sentence without the words a pattern needs does not try it."""
    from analyzer.obligations import _deadline_filter, load_deontic_data

    automaton, needs, _ = _deadline_filter(load_deontic_data("en").deadlines)

    def candidates(sentence: str) -> list[object]:
        have = 0
        for _end, bits in automaton.iter(sentence):
            have |= bits
        return [rx for rx, need in needs if need & have == need]

    assert candidates("supplier shall deliver the goods within thirty (30) days of the order.")
    assert not candidates("supplier shall deliver the goods.")
    rows = register("Supplier shall deliver the goods within thirty (30) days of the order.")
    assert rows[0].deadline == "within thirty (30) days of the order"


@pytest.mark.parametrize(
    "sentence",
    [
        "Supplier hereby irrevocably assigns to Customer any and all right, title or interest that "
        "Supplier may now or hereafter have in the Work Product.",
        "Either party shall have the right to terminate this Agreement with notice, and the "
        "effective date of termination shall be the date such notice is received.",
        "Supplier shall keep the Committee informed of the progress and such other matters as any "
        "member of the Development Committee may request.",
    ],
)
def test_no_second_row_from_a_possession_a_date_or_a_members_request(sentence: str) -> None:
    """ "that X may now or hereafter have" is a possibility, "shall be the date …" a date, "as any
    member of the committee may request" someone else's choice: one row, the real one."""
    assert len(register(sentence)) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "Upon reasonable prior written notice, Customer shall have the right during normal business "
        "hours to audit the books of Supplier.",
        "If the project is approved, Customer shall have the right and authority with respect to the "
        "approved project to make expenditures.",
        "Customer shall have rights under this Agreement to provide the Application to its clients.",
        "In the event of a breach, Customer shall have in addition to any and all other remedies at "
        "law, the right to an injunction.",
        "As between the Parties, Customer will exclusively control the filing and prosecution of any "
        "patents.",
    ],
)
def test_more_rights_written_with_shall_have_or_control(sentence: str) -> None:
    assert register_rows(register(sentence)) == [("Customer", "client", "may")]


def test_a_window_whose_purpose_follows_a_list() -> None:
    """ "shall have fifteen days after the later of (i) …; or (ii) … to inspect": a window, the
    party's permission, even with a semicolon before its purpose."""
    rows = register_rows(
        register(
            "Customer shall have fifteen (15) calendar days after the later of (i) the delivery of "
            "the Products; or (ii) any evaluation period to inspect and accept the Products."
        )
    )
    assert rows == [("Customer", "client", "may")]
