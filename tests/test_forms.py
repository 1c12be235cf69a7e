"""analyzer.forms: tick boxes, blanks and "第__种" choices in model contracts (示范文本)."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import text_document
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.forms import FormField, FormOption, find_form_fields, is_agreed, span_state
from analyzer.model import Document
from analyzer.readers._common import BlockDraft, assemble


def make_doc(*lines: str) -> Document:
    return text_document(*lines, path="form.txt")


def state_of(doc: Document, needle: str, nth: int = 0) -> str:
    pos = -1
    for _ in range(nth + 1):
        pos = doc.text.index(needle, pos + 1)
    return span_state(find_form_fields(doc), pos, pos + len(needle))


@pytest.mark.parametrize(
    ("line", "needle", "expected"),
    [
        ("知识产权归 □乙方所有 □甲方所有 □甲、乙双方共有。", "甲方所有", "unticked"),
        ("知识产权归 □乙方所有 ☑甲方所有 □甲、乙双方共有。", "甲方所有", "ticked"),
        ("知识产权归 □乙方所有 ☑甲方所有 □甲、乙双方共有。", "乙方所有", "unticked"),
        ("知识产权归 □乙方所有 ■甲方所有。", "甲方所有", "ticked"),
        ("知识产权归 □乙方所有 ☒甲方所有。", "甲方所有", "ticked"),
        ("知识产权归 □乙方所有 □√甲方所有。", "甲方所有", "ticked"),
        ("知识产权归 □乙方所有 √□甲方所有。", "甲方所有", "ticked"),
        ("知识产权归 □乙方所有 □甲方所有√。", "甲方所有", "ticked"),
        ("知识产权归 □乙方所有× □甲方所有√。", "乙方所有", "struck"),
        ("甲方 □同意 □不同意 乙方将委托事务转委托。", "乙方将委托事务转委托", "fixed"),
        ("Ownership vests in: [ ] Client [X] Supplier.", "Supplier", "ticked"),
        ("Ownership vests in: [ ] Client [X] Supplier.", "Client", "unticked"),
        ("Ownership vests in: ☐ Client ☒ Supplier.", "Client", "unticked"),
        ("本合同履行过程中产生的知识产权归甲方所有。", "甲方所有", "fixed"),
    ],
)
def test_forms_checkbox_states(line: str, needle: str, expected: str) -> None:
    assert state_of(make_doc(line), needle) == expected


def test_forms_checkbox_group_lists_its_options() -> None:
    doc = make_doc(
        "本合同履行过程中产生的所有知识产权归 □乙方所有 □甲方所有 □甲、乙双方共有 □ 所有。"
    )
    (group,) = [f for f in find_form_fields(doc) if f.kind == "checkbox"]
    assert [o.text for o in group.options] == ["乙方所有", "甲方所有", "甲、乙双方共有", "所有"]
    assert not group.checked
    for o in group.options:
        assert doc.text[o.start : o.end].lstrip("□ ").startswith(o.text)
    assert group.describe().startswith("□乙方所有 / □甲方所有")


def test_forms_checkbox_option_keeps_inner_blank() -> None:
    doc = make_doc(
        "协商不成时：□依法向          人民法院提起诉讼 / □向         仲裁委员会申请仲裁。"
    )
    (group,) = [f for f in find_form_fields(doc) if f.kind == "checkbox"]
    assert len(group.options) == 2
    assert group.options[0].text.endswith("人民法院提起诉讼")
    assert state_of(doc, "人民法院提起诉讼") == "unticked"


@pytest.mark.parametrize(
    ("selector", "court", "arbitration"),
    [
        ("按照以下第____种方式解决：", "unselected", "unselected"),
        ("按照以下第 种方式解决：", "unselected", "unselected"),
        ("按照以下第 \t种方式解决：", "unselected", "unselected"),
        ("按照以下第 2 种方式解决：", "unselected", "selected"),
        ("按照以下第__1__种方式解决：", "selected", "unselected"),
        ("按照以下第（二）种方式解决：", "unselected", "selected"),
        ("按照以下第二种方式解决：", "unselected", "selected"),
    ],
)
def test_forms_numbered_choice(selector: str, court: str, arbitration: str) -> None:
    doc = make_doc(
        "第十六条 争议解决",
        selector,
        "（1）向上海市浦东新区人民法院起诉；",
        "（2）向上海仲裁委员会申请仲裁。",
        "第十七条 其他",
    )
    assert state_of(doc, "人民法院起诉") == court
    assert state_of(doc, "仲裁委员会申请仲裁") == arbitration
    assert state_of(doc, "第十七条 其他") == "fixed"


@pytest.mark.parametrize(
    ("items", "count"),
    [
        (("1.向 人民法院提起民事诉讼；", "2.向 仲裁委员会提请仲裁。"), 2),
        (("(1) 向 人民法院起诉；", "(2) 向 仲裁委员会申请仲裁。"), 2),
        (("□1.特别委托，具体事项包括：", "（1） ：", "（2） ：", "□2.概括委托。"), 2),
        (("（一）乙方完成全部工作。", "（二）甲方确认完成。", "（三）其他 。"), 3),
    ],
)
def test_forms_choice_numbering_styles(items: tuple[str, ...], count: int) -> None:
    doc = make_doc("采取以下第 种方式：", *items, "第二条 费用")
    (choice,) = [f for f in find_form_fields(doc) if f.kind == "choice"]
    assert len(choice.options) == count
    assert not choice.checked


@pytest.mark.parametrize(
    ("line", "needle", "expected", "filled"),
    [
        ("提交________仲裁委员会仲裁。", "________", "blank", None),
        ("提交＿＿＿＿仲裁委员会仲裁。", "＿＿＿＿", "blank", None),
        ("向 人民法院起诉。", " ", "blank", None),
        ("其著作权属于 \t。", " \t", "blank", None),
        ("提交【  】仲裁委员会仲裁。", "【  】", "blank", None),
        ("提交【上海】仲裁委员会仲裁。", "【上海】", "filled", "上海"),
        ("提交____上海____仲裁委员会仲裁。", "____上海____", "filled", "上海"),
        ("Disputes go to the courts of ________.", "________", "blank", None),
        ("Disputes go to the courts of {city}.", "{city}", "blank", None),
        ("Disputes go to the courts of [●].", "[●]", "blank", None),
    ],
)
def test_forms_blanks(line: str, needle: str, expected: str, filled: str | None) -> None:
    doc = make_doc(line)
    assert state_of(doc, needle) == expected
    blanks = [f for f in find_form_fields(doc) if f.kind == "blank"]
    assert blanks[0].filled == filled


def test_forms_dates_in_underscores_are_not_filled_blanks() -> None:
    doc = make_doc("自____年____月____日至____年____月____日止。")
    blanks = [f for f in find_form_fields(doc) if f.kind == "blank"]
    assert blanks and all(b.filled is None for b in blanks)


def test_forms_no_blank_between_ordinary_words() -> None:
    doc = make_doc("The Supplier shall keep the Client's information confidential.")
    assert len(find_form_fields(doc)) == 0
    assert is_agreed(find_form_fields(doc), 4, 12)


def test_forms_values_validate() -> None:
    with pytest.raises(ValueError):
        FormField(kind="radio", start=0, end=1, checked=False)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        FormOption(text="x", start=5, end=1, checked=False)


def test_forms_is_template() -> None:
    filled = make_doc("本合同履行过程中产生的知识产权归甲方所有。", "争议提交上海仲裁委员会仲裁。")
    assert not find_form_fields(filled).is_template
    form = make_doc(
        "知识产权归 □乙方所有 □甲方所有。",
        "甲方 □同意 □不同意 乙方转委托。",
        "乙方 □同意 □不同意 甲方另行委托。",
    )
    assert find_form_fields(form).is_template


@pytest.mark.parametrize(
    "doc_name",
    ["entrustment_contract", "zj_surveying_technical_service", "data_processing_service"],
)
def test_forms_real_model_contract_dispute_options_unselected(
    corpus_dir: Path, doc_name: str
) -> None:
    path = corpus_dir / "zh" / f"{doc_name}.md"
    data = path.read_bytes()
    lines = [x for x in data.decode("utf-8").split("\n") if x.strip()]
    doc = assemble(
        path=str(path), data=data, fmt="text", drafts=[BlockDraft(text=x) for x in lines]
    )
    fields = find_form_fields(doc)
    assert fields.is_template
    choices = [f for f in fields if f.kind == "choice" and any("仲裁" in o.text for o in f.options)]
    assert len(choices) == 1
    assert not choices[0].checked
    pos = doc.text.index("仲裁委员会", choices[0].start)
    assert not is_agreed(fields, pos, pos + 5)


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ("协商不成的，向________人民法院起诉。", "向________人民法院起诉"),
        ("协商不成的，提交＿＿＿＿仲裁委员会仲裁。", "提交＿＿＿＿仲裁委员会仲裁"),
        ("Disputes go to the courts of ________ exclusively.", "courts of ________"),
    ],
)
def test_forms_outcome_with_a_blank_detail_is_agreed_but_reports_the_blank(
    line: str, needle: str
) -> None:
    doc = make_doc(line)
    fields = find_form_fields(doc)
    s = doc.text.index(needle)
    assert is_agreed(fields, s, s + len(needle))
    (blank,) = fields.blanks_in(s, s + len(needle))
    assert blank.filled is None and blank.style == "line"


def test_forms_choice_word_in_running_prose_is_not_a_selector() -> None:
    doc = make_doc(
        "第九条 违约",
        "乙方有第二种违约情形的，应承担以下责任：",
        "（1）支付违约金；",
        "（2）赔偿损失。",
    )
    assert not [f for f in find_form_fields(doc) if f.kind == "choice"]
    assert state_of(doc, "支付违约金") == "fixed"


@pytest.mark.parametrize(
    ("lines", "court", "arbitration"),
    [
        (
            ["按下列第____种方式解决：（1）提交上海仲裁委员会仲裁；（2）向浦东新区人民法院起诉。"],
            "unselected",
            "unselected",
        ),
        (
            ["按下列第 2 种方式解决：（1）提交上海仲裁委员会仲裁；（2）向浦东新区人民法院起诉。"],
            "selected",
            "unselected",
        ),
        (
            [
                "按下列第 1 种方式解决：（1）提交上海仲裁委员会仲裁；",
                "（2）向浦东新区人民法院起诉。",
            ],
            "unselected",
            "selected",
        ),
    ],
)
def test_forms_choice_alternatives_on_the_selector_line(
    lines: list[str], court: str, arbitration: str
) -> None:
    doc = make_doc("第十条 争议解决", *lines, "第十一条 其他")
    assert state_of(doc, "人民法院起诉") == court
    assert state_of(doc, "仲裁委员会仲裁") == arbitration


_ALPHABET = "甲乙方所有第种（）()12 _＿□☑■√×【】[]X。；：\n向人民法院仲裁委员会a"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=40), min_size=1, max_size=8))
def test_forms_property_fields_stay_inside_the_text(lines: list[str]) -> None:
    lines = [x for x in (line.replace("\n", " ").strip() for line in lines) if x]
    if not lines:
        return
    doc = make_doc(*lines)
    fields = find_form_fields(doc)
    for f in fields:
        assert 0 <= f.start <= f.end <= len(doc.text)
        for o in f.options:
            assert f.start <= o.start <= o.end <= max(f.end, o.end) <= len(doc.text)
    for i in range(0, len(doc.text), 3):
        assert span_state(fields, i, min(len(doc.text), i + 4)) in {
            "fixed",
            "ticked",
            "unticked",
            "struck",
            "selected",
            "unselected",
            "blank",
            "filled",
        }


@pytest.mark.parametrize(
    ("line", "needle", "expected"),
    [
        ("知识产权归（√）甲方所有 （ ）乙方所有 （ ）双方共有。", "甲方所有", "ticked"),
        ("知识产权归（√）甲方所有 （ ）乙方所有 （ ）双方共有。", "乙方所有", "unticked"),
        ("知识产权归（ ）甲方所有 （ ）乙方所有。", "甲方所有", "unticked"),
        ("知识产权归（×）甲方所有 （√）乙方所有。", "甲方所有", "struck"),
        ("服务费（大写： ）元，按（1）项支付。", "按", "fixed"),
    ],
)
def test_forms_bracket_boxes(line: str, needle: str, expected: str) -> None:
    assert state_of(make_doc(line), needle) == expected
