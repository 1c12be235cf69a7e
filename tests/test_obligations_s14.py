"""Issue #18, session 14: for whom (the beneficiary of each obligation) and by when (more
deadline wordings), through the register, the Markdown report, the frames and the store.
Sentences written for these tests, no corpus text."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import EN_PARTIES, register, text_document

from analyzer.engine import analyze
from analyzer.evaluate_obligations import compare_obligations, deadlines_agree
from analyzer.model import Obligation, Party
from analyzer.obligations import find_obligations
from analyzer.segment import segment

ZH_PARTIES = (
    Party("北京甲公司", ("甲方",), "client"),
    Party("上海乙公司", ("乙方",), "provider"),
)


def _one(sentence: str) -> Obligation:
    found = register(sentence)
    assert len(found) == 1, found
    return found[0]


def _zh(sentence: str) -> tuple[Obligation, ...]:
    doc = text_document(sentence)
    return find_obligations(doc, segment(doc), ZH_PARTIES, "zh")


@pytest.mark.parametrize(
    ("sentence", "beneficiary", "side"),
    [
        ("Supplier shall deliver the monthly report to the Customer.", "Customer", "client"),
        ("Customer shall pay Supplier the fees within 30 days of invoice.", "Supplier", "provider"),
        ("Supplier shall provide Customer with a copy of each audit report.", "Customer", "client"),
        (
            "Customer shall indemnify and hold harmless Supplier from all claims.",
            "Supplier",
            "provider",
        ),
        ("Supplier shall promptly notify Customer of any security incident.", "Customer", "client"),
        (
            "Supplier shall cooperate with Customer in any regulatory inspection.",
            "Customer",
            "client",
        ),
        ("Customer shall pay Supplier's invoices within 30 days.", "Supplier", "provider"),
        (
            "Each party shall notify the other party of any change of address.",
            "the other party",
            "both",
        ),
        ("The parties shall give each other notice of any claim.", "each other", "both"),
    ],
)
def test_the_party_the_act_is_for(sentence: str, beneficiary: str, side: str) -> None:
    o = _one(sentence)
    assert (o.beneficiary, o.beneficiary_role) == (beneficiary, side)


@pytest.mark.parametrize(
    "sentence",
    [
        # an owner is not a recipient
        "Supplier shall not disclose the Customer's Confidential Information to any third party.",
        # a party only in a condition before the duty
        "If Customer so requests, Supplier shall return all materials.",
        # a notice not given
        "Supplier may replace any of its staff without prior notice to Customer.",
        # no recipient at all
        "Customer may terminate this Agreement for convenience.",
        # the bearer's own side
        "Supplier shall procure that its subcontractors report to Supplier monthly.",
        # the first word of another defined term
        "Supplier shall not seek any registration for Customer Property.",
        # the party that acts, not the one served
        "Supplier may propose a plan for Customer to approve.",
    ],
)
def test_no_beneficiary_where_the_sentence_names_no_recipient(sentence: str) -> None:
    assert all(o.beneficiary is None for o in register(sentence))


def test_chinese_recipients_and_the_other_side() -> None:
    pay, notify, owners = (
        _zh("甲方应当向乙方支付服务费。"),
        _zh("乙方应当及时通知甲方。"),
        _zh("乙方不得泄露甲方的商业秘密。"),
    )
    assert [(o.beneficiary, o.beneficiary_role) for o in pay] == [("乙方", "provider")]
    assert [(o.beneficiary, o.beneficiary_role) for o in notify] == [("甲方", "client")]
    assert notify[0].deadline == "及时"
    assert [o.beneficiary for o in owners] == [None]
    compensate = _zh("违约方应当赔偿对方的全部损失。")
    assert all(o.beneficiary is None for o in compensate)  # 对方的: an owner, not a recipient


@pytest.mark.parametrize(
    ("sentence", "deadline"),
    [
        ("Supplier shall promptly notify Customer of any breach.", "promptly"),
        (
            "Customer shall approve the plan prior to the start of the Services.",
            "prior to the start of the Services",
        ),
        (
            "Supplier shall deliver the source code upon written request by the Customer.",
            "upon written request by the Customer",
        ),
        ("Customer may terminate this Agreement at any time.", "at any time"),
        (
            "Supplier shall answer calls during normal business hours.",
            "during normal business hours",
        ),
        (
            "Supplier shall report to Customer on or before the fifth day of each month.",
            "on or before the fifth day of each month",
        ),
    ],
)
def test_more_deadline_wordings(sentence: str, deadline: str) -> None:
    assert register(sentence)[0].deadline == deadline


def test_deadlines_of_a_notice_period_and_a_chinese_period() -> None:
    o = register("Supplier may change its rates with 30 days notice to Customer.")[0]
    assert o.deadline == "with 30 days notice"
    assert _zh("乙方应每隔 7 天向甲方报告一次进度。")[0].deadline == "每隔 7 天"
    assert _zh("乙方应在合同履行期间采取合理措施保护现场环境。")[0].deadline == "在合同履行期间"


def test_if_at_any_time_is_a_condition_not_a_period() -> None:
    o = register("If at any time the Services fail, Supplier shall repair them.")[0]
    assert o.deadline is None


def test_deadlines_agree_by_words_or_characters() -> None:
    assert deadlines_agree(
        "within thirty (30) days of termination", "within 30 days of termination"
    )
    assert deadlines_agree("promptly", "promptly after receipt")
    assert deadlines_agree("提前3日", "提前3日")
    assert not deadlines_agree("at all times during the Term", "within thirty (30) days of request")
    assert not deadlines_agree("及时", "期限内")


# three annotated lines and three register rows on the same spans: the first two agree on role
# and modality (strict matches), the third row's modality is "must" where the annotator has "may"
THREE_GOLD = [
    ((0, 50), "provider", "must"),
    ((60, 100), "client", "must"),
    ((110, 150), "client", "may"),
]
THREE_ROWS = [*THREE_GOLD[:2], ((110, 150), "client", "must")]


def test_eval_counts_deadlines_on_strict_matches_only() -> None:
    c = compare_obligations(
        "d",
        THREE_GOLD,
        THREE_ROWS,
        gold_deadlines=["within 30 days", None, "at any time"],
        pred_deadlines=["within thirty (30) days", "promptly", "at any time"],
    )
    # the third pair is not a strict match (modality differs): its deadlines are not counted
    assert (c.deadline_gold, c.deadline_pred, c.deadline_agree) == (1, 2, 1)


SERVICES = (
    'This Services Agreement is made between Acme Holdings Ltd ("Customer") and Beta '
    'Outsourcing Inc. ("Supplier").',
    "Supplier shall provide the Services to Customer and Customer shall pay Supplier the Fees.",
    "Supplier shall deliver a written report to the Customer within 10 days of each month end.",
)


def test_for_whom_in_the_markdown_register_and_the_deadline_view() -> None:
    from analyzer import frames
    from analyzer.report import obligations_markdown

    report = analyze(text_document(*SERVICES), second_reader=False)
    text = "\n".join(obligations_markdown(report))
    assert "| For whom |" in text
    row = next(line for line in text.splitlines() if "deliver a written report" in line)
    assert "| Customer | within 10 days of each month end |" in row
    obligations = frames.reports_to_frames([("services", report)])["obligations"]
    view = frames.deadlines(obligations)
    assert "beneficiary" in view.columns
    assert list(view.loc[view["action"].str.startswith("deliver"), "beneficiary"]) == ["Customer"]


def test_the_portfolio_outputs_and_the_store_keep_the_beneficiary(tmp_path: Path) -> None:
    """What a lawyer filters: obligations.csv, the Obligations sheet and the results store."""
    import csv

    from openpyxl import load_workbook

    from analyzer.portfolio import analyze_portfolio
    from analyzer.store import ResultStore

    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "services.txt").write_text("\n".join(SERVICES), encoding="utf-8")
    out = tmp_path / "out"
    analyze_portfolio([folder], out=out, workers=1, progress=False)
    with (out / "obligations.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    got = {(r["bearer"], r["action"][:7], r["beneficiary"], r["beneficiary_role"]) for r in rows}
    assert ("Supplier", "deliver", "Customer", "client") in got
    assert {(r["bearer"], r["party"]) for r in rows} >= {
        ("Supplier", "Beta Outsourcing Inc."),
        ("Customer", "Acme Holdings Ltd"),
    }
    assert ("Customer", "pay Sup", "Supplier", "provider") in got
    sheet = load_workbook(out / "portfolio.xlsx", read_only=True)["Obligations"]
    header = list(next(iter(sheet.values)))
    assert {"beneficiary", "beneficiary_role", "party"} <= set(header)
    stores = list(out.rglob("*.sqlite"))
    assert stores, "the run keeps a results store"
    with ResultStore(stores[0]) as db:
        stored = db.obligations()
    assert "Customer" in set(stored["beneficiary"].dropna())


def test_eval_counts_beneficiaries_on_annotated_strict_matches_only() -> None:
    c = compare_obligations(
        "d",
        THREE_GOLD,
        THREE_GOLD,  # all three strict matches
        # the third line was not annotated for a beneficiary: whatever the analyzer says there
        # is not counted
        gold_beneficiaries=[("the  Customer", "client"), (None, None), None],
        pred_beneficiaries=[
            ("Customer", "client"),
            ("Supplier", "provider"),
            ("Supplier", "provider"),
        ],
    )
    assert (c.beneficiary_gold, c.beneficiary_pred, c.beneficiary_agree) == (1, 2, 1)
    assert c.beneficiary_side_agree == 1


def test_beneficiary_annotations_resolve_and_two_annotators_agree(corpus_dir: Path) -> None:
    """5,253 annotated obligations of 74 contracts carry a beneficiary annotation (blind, from a
    guide; docs/obligations_register.md): 340 of 15 contracts annotated for it alone, and the
    420 of fresh8, 572 of fresh9, 541 of fresh10, 538 of fresh11, 613 of fresh12, 290 of
    fresh13, 318 of fresh14, 442 of fresh15, 659 of fresh16, 339 of fresh17 and 181 of fresh20,
    annotated with it; 66 were annotated a second time, blind."""
    from analyzer.evaluate_obligations import (
        ANNOTATIONS_DIR,
        beneficiaries_agree,
        beneficiaries_read,
        load_obligation_gold,
    )

    gold = load_obligation_gold(corpus_dir)
    annotated = [g for g in gold if g.beneficiary_annotated]
    assert len(annotated) == 5253 and len({g.doc for g in annotated}) == 74
    assert beneficiaries_read() < {g.doc for g in annotated}
    for g in annotated:
        if g.beneficiary is not None:
            assert " ".join(g.beneficiary.split()) in " ".join(g.quote.split())
            assert g.beneficiary_role in ("provider", "client", "both", "unknown")
    second = load_obligation_gold(
        corpus_dir, ANNOTATIONS_DIR / "obligations_beneficiary_second.jsonl"
    )

    def key(g: object) -> tuple[object, ...]:
        return tuple(getattr(g, k) for k in ("doc", "start", "end", "bearer", "role", "action"))

    first = {key(g): g for g in annotated}
    pairs = [(first[key(s)], s) for s in second]
    assert len(pairs) == 66
    same_call = sum((f.beneficiary is None) == (s.beneficiary is None) for f, s in pairs)
    both = [(f, s) for f, s in pairs if f.beneficiary and s.beneficiary]
    same_party = sum(beneficiaries_agree(f.beneficiary or "", s.beneficiary or "") for f, s in both)
    assert (same_call, len(both), same_party) == (63, 17, 17)


@pytest.mark.slow
def test_the_register_names_for_whom_on_contracts_never_read(corpus_dir: Path) -> None:
    """The beneficiary rules were written from 8 of the contracts annotated for it alone, and
    then from fresh8 and fresh9 (after each was measured); on the 7 others and fresh10 to
    fresh20, never read for it, most beneficiaries the register names are the annotators' (0.850, 96 of 113, in
    session 15: a floor, not the figure)."""
    from analyzer.evaluate_obligations import BENEFICIARY_UNREAD, evaluate_obligations

    m = evaluate_obligations(corpus_dir)[BENEFICIARY_UNREAD].to_dict()
    assert m["contracts"] == 54
    assert m["beneficiary_precision"]["n"] >= 80
    assert m["beneficiary_precision"]["value"] >= 0.75
    assert m["beneficiary_recall"]["value"] >= 0.45


# --- "we" and "you" defined for a party (issue #18: pronouns resolve to a party) ---------------

PLAIN_ENGLISH = (
    "This Consulting Agreement is made between Northwind Analytics LLC, a Delaware limited "
    'liability company ("Consultant", "we" or "us"), and Harbor Foods Inc., a Texas corporation '
    '("Client", "you" or "your").',
    "We will provide the consulting services described in the order form to you.",
    "You must pay our invoices within 30 days.",
    "We will not disclose your confidential information to anyone.",
    "You may terminate this agreement at any time by notice to us.",
)


def test_pronouns_defined_for_a_party_are_its_terms() -> None:
    report = analyze(text_document(*PLAIN_ENGLISH), second_reader=False)
    terms = {p.name: set(p.terms) for p in report.parties}
    assert terms["Northwind Analytics LLC"] == {"Consultant", "we", "us"}
    assert terms["Harbor Foods Inc."] == {"Client", "you"}  # not the possessive "your"
    rows = [
        (o.bearer, str(o.role), str(o.modality), o.beneficiary, o.beneficiary_role)
        for o in report.obligations
    ]
    assert rows == [
        ("We", "provider", "must", "you", "client"),
        ("You", "client", "must", None, None),
        ("We", "provider", "must_not", None, None),
        ("You", "client", "may", "us", "provider"),
    ]
    # the party each bearer resolves to, by name
    assert {o.bearer: o.party for o in report.obligations} == {
        "We": "Northwind Analytics LLC",
        "You": "Harbor Foods Inc.",
    }
    nondisclosure = next(
        f for f in report.findings if f.requirement == "art4.provider_nondisclosure"
    )
    assert nondisclosure.status == "met"  # "We will not disclose": the provider's promise


def test_pronouns_alone_in_the_brackets_name_the_party_before_them() -> None:
    text = (
        "THIS FRANCHISE AGREEMENT is made by and between Pepper Grill Franchising, Inc., a "
        "Minnesota corporation, with its principal office at 12 Lake Street, Minneapolis, "
        'Minnesota 55426 ("we" or "us"), and Jane Doe Restaurants LLC, a Texas limited liability '
        'company ("you").',
        "We will provide you with an initial training program.",
        "You must pay us a royalty of 5% of gross sales each month.",
    )
    report = analyze(text_document(*text), second_reader=False)
    assert {p.name: p.terms for p in report.parties} == {
        "Pepper Grill Franchising, Inc.": ("we", "us"),
        "Jane Doe Restaurants LLC": ("you",),
    }
    pay = next(o for o in report.obligations if o.action.startswith("pay"))
    # "us" takes the side the register gives "we"
    assert (pay.bearer, pay.beneficiary, pay.deadline) == ("You", "us", "each month")
    assert pay.beneficiary_role == next(o.role for o in report.obligations if o.bearer == "We")


def test_a_full_stop_inside_the_quotes_is_not_part_of_the_term() -> None:
    text = (
        "THIS AGREEMENT is made by and between Northern Pipeline Company, a Delaware corporation, "
        'hereinafter referred to as "Transporter" and Lakeside Power Company, a Kentucky '
        'corporation, hereinafter referred to as "Shipper."',
        "Transporter shall cause the delivery of natural gas to Shipper at the point of delivery.",
    )
    report = analyze(text_document(*text), second_reader=False)
    (o,) = [o for o in report.obligations if o.bearer == "Transporter"]
    shipper = next(p for p in report.parties if p.name == "Lakeside Power Company")
    assert (o.beneficiary, o.beneficiary_role) == ("Shipper", shipper.role)
    pay = register(
        "Shipper shall pay the charges.",
        (Party("Lakeside Power Company", ("Shipper.",), "client"),),
    )
    assert [(o.bearer, o.role, o.party) for o in pay] == [
        ("Shipper", "client", "Lakeside Power Company")
    ]


def test_chinese_payee_written_right_after_the_verb() -> None:
    (o,) = _zh("甲方应支付乙方合同价款的50%。")
    assert (o.beneficiary, o.beneficiary_role) == ("乙方", "provider")


@pytest.mark.parametrize(
    "sentence",
    [
        # a definition of the form
        "图纸：指由发包人提供或由乙方提供并经发包人认可的所有图件。",
        # a field of the special terms to fill in
        "（1）甲方支付乙方的违约金：＿＿＿＿",
        # an item of a list of breaches
        "（2）甲方未能按合同约定及时支付预付款；",
        # statements about the agreement itself
        "风险范围以外的合同价款调整因素和方法，应在专用合同条款中约定。",
        "合同文件应能相互解释，互为说明。",
    ],
)
def test_chinese_form_text_that_is_no_partys_act(sentence: str) -> None:
    assert _zh(sentence) == ()


def test_a_chinese_lead_in_with_a_modal_verb_stays() -> None:
    found = _zh("乙方可按下列程序以书面形式向甲方索赔：")
    assert [(o.bearer, str(o.modality)) for o in found] == [("乙方", "may")]


def test_a_team_adds_its_own_recipient_words(tmp_path: Path) -> None:
    """The words that make a party a recipient are data (``recipients`` in
    clause_patterns/deontic/en.yaml): a team's copy can add its own."""
    import shutil

    from analyzer.patterns import load_patterns

    copy = tmp_path / "clause_patterns"
    shutil.copytree(Path(__file__).resolve().parent.parent / "clause_patterns", copy)
    sentence = "Supplier shall brief Customer on every incident."
    assert register(sentence)[0].beneficiary is None  # "brief" is no recipient word here
    en = copy / "deontic" / "en.yaml"
    en.write_text(
        en.read_text(encoding="utf-8").replace("words: [to, for,", "words: [brief, to, for,"),
        encoding="utf-8",
    )
    doc = text_document(sentence)
    found = find_obligations(doc, segment(doc), EN_PARTIES, "en", patterns=load_patterns(copy))
    assert [(o.beneficiary, o.beneficiary_role) for o in found] == [("Customer", "client")]


def test_recipient_words_are_plain_words(tmp_path: Path) -> None:
    from analyzer.errors import PatternError
    from analyzer.obligations import load_deontic_data

    src = Path(__file__).resolve().parent.parent / "clause_patterns" / "deontic" / "en.yaml"
    text = src.read_text(encoding="utf-8").replace("words: [to, for,", "words: ['to\\s', for,")
    (tmp_path / "en.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PatternError, match=r"recipients\.words.*plain words"):
        load_deontic_data("en", tmp_path)


def test_a_long_action_gets_a_row_tall_enough_in_the_workbook(tmp_path: Path) -> None:
    """LibreOffice Calc does not grow a row for wrapped text it loads: the Obligations sheet sets
    the height of a row whose action wraps (docs/img/obligations_sheet.png)."""
    from openpyxl import load_workbook

    from analyzer.portfolio import analyze_portfolio

    folder = tmp_path / "contracts"
    folder.mkdir()
    long_duty = (
        "Supplier shall keep the Customer's confidential information in a locked room, encrypt "
        "it at rest and in transit, log every access to it, review those logs every week and "
        "report any unauthorised access to the Customer within twenty-four hours."
    )
    short_duty = "Supplier shall not disclose the Customer's confidential information."
    text = "\n".join([*SERVICES, long_duty, short_duty])
    (folder / "services.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    analyze_portfolio([folder], out=out, workers=1, progress=False)
    sheet = load_workbook(out / "portfolio.xlsx")["Obligations"]
    action = [c.value for c in sheet[1]].index("action") + 1
    heights = {
        sheet.cell(r, action).value[:12]: sheet.row_dimensions[r].height
        for r in range(2, sheet.max_row + 1)
    }
    assert heights["keep the Cus"] >= 45  # four lines of 60 characters at 15 points
    assert heights["disclose the"] is None  # one line: the program's own height
