"""Chinese contracts end to end: roles, numbering styles, model forms and Article 10 flags.

Each case is a short contract written here; the analyzer runs on it as on any document.
"""

from __future__ import annotations

import pytest
from builders import text_document

from analyzer import analyze
from analyzer.model import ContractReport, Document

HEAD = (
    "信息技术服务合同",
    "甲方（委托方）：东方示范贸易有限公司",
    "乙方（受托方）：西山示范软件有限公司",
    "甲方委托乙方为其提供软件开发和运行维护服务，乙方同意提供该服务。",
)
# roles reversed: 甲方 performs the services
HEAD_REVERSED = (
    "技术服务合同",
    "甲方（受托方）：西山示范软件有限公司",
    "乙方（委托方）：东方示范贸易有限公司",
    "乙方委托甲方为其提供数据处理服务，甲方同意提供该服务。",
)


def make_doc(*lines: str) -> Document:
    return text_document(*lines, path="zh_case.txt")


def run(*lines: str, head: tuple[str, ...] = HEAD) -> ContractReport:
    return analyze(make_doc(*head, *lines), second_reader=False)


@pytest.mark.parametrize(
    ("head", "line", "owner"),
    [
        (HEAD, "第五条 乙方履行本合同产生的工作成果的知识产权归甲方所有。", "client"),
        (HEAD, "第五条 乙方履行本合同产生的工作成果的知识产权归乙方所有。", "provider"),
        (HEAD_REVERSED, "第五条 甲方履行本合同产生的工作成果的知识产权归乙方所有。", "client"),
        (HEAD_REVERSED, "第五条 甲方履行本合同产生的工作成果的知识产权归甲方所有。", "provider"),
        (HEAD, "第五条 本合同履行过程中形成的技术成果由甲乙双方共同所有。", "joint"),
    ],
)
def test_zh_checks_ip_owner_follows_roles(head: tuple[str, ...], line: str, owner: str) -> None:
    assert run(line, head=head).labels()["art11_ip_ownership"] == owner


@pytest.mark.parametrize(
    ("boxes", "owner"),
    [
        ("□乙方所有 ☑甲方所有 □甲、乙双方共有", "client"),
        ("☑乙方所有 □甲方所有 □甲、乙双方共有", "provider"),
        ("□乙方所有 □甲方所有 ☑甲、乙双方共有", "joint"),
        ("□乙方所有 √□甲方所有 □甲、乙双方共有", "client"),
        ("□乙方所有 □甲方所有 □甲、乙双方共有", "none"),
    ],
)
def test_zh_checks_ip_owner_in_a_model_form(boxes: str, owner: str) -> None:
    report = run(f"第五条 本合同履行过程中产生的知识产权归 {boxes}。")
    assert report.labels()["art11_ip_ownership"] == owner
    if owner == "none":
        finding = report.finding("art11.ip_ownership")
        assert finding is not None and finding.status == "flag"
        assert "□甲方所有" in finding.explanation


@pytest.mark.parametrize(
    ("lines", "forum", "institution", "forum_status", "institution_status"),
    [
        (
            ["第七条 争议解决", "协商不成的，提交上海国际仲裁中心仲裁。"],
            "arbitration",
            "SHIAC",
            "met",
            "met",
        ),
        (
            ["第七条 争议解决", "协商不成的，提交________仲裁委员会仲裁。"],
            "arbitration",
            None,
            "met",
            "flag",
        ),
        (
            ["第七条 争议解决", "协商不成的，提交仲裁委员会仲裁。"],
            "arbitration",
            None,
            "met",
            "flag",
        ),
        (
            ["第七条 争议解决", "协商不成的，向________人民法院起诉。"],
            "courts",
            None,
            "flag",
            "not_applicable",
        ),
        (
            ["第七条 争议解决", "协商不成的，由甲方住所地人民法院管辖。"],
            "courts",
            None,
            "met",
            "not_applicable",
        ),
        (
            [
                "第七条 争议解决",
                "协商不成的，按下列第____种方式解决：",
                "（1）提交____仲裁委员会仲裁；",
                "（2）依法向____人民法院起诉。",
            ],
            "none",
            None,
            "flag",  # an unselected alternative is not agreed: flagged (issue #12)
            "not_applicable",
        ),
        (
            [
                "第七条 争议解决",
                "协商不成的，按下列第 1 种方式解决：",
                "（1）提交杭州仲裁委员会仲裁；",
                "（2）依法向____人民法院起诉。",
            ],
            "arbitration",
            "LOCAL_ARBITRATION_COMMISSION",
            "met",
            "met",
        ),
        (
            [
                "第七条 争议解决",
                "协商不成的，按下列第二种方式解决：",
                "（1）提交杭州仲裁委员会仲裁；",
                "（2）依法向甲方所在地人民法院起诉。",
            ],
            "courts",
            None,
            "met",
            "not_applicable",
        ),
        (
            ["第七条 争议解决", "协商不成的：□提交____仲裁委员会仲裁；☑向甲方所在地人民法院起诉。"],
            "courts",
            None,
            "met",
            "not_applicable",
        ),
    ],
)
def test_zh_checks_dispute_forum(
    lines: list[str],
    forum: str,
    institution: str | None,
    forum_status: str,
    institution_status: str,
) -> None:
    report = run(*lines)
    labels = report.labels()
    assert labels["art10_dispute_forum"] == forum
    assert labels["art10_arbitration_institution"] == institution
    f = report.finding("art10.dispute_forum")
    i = report.finding("art10.arbitration_institution")
    assert f is not None and f.status == forum_status
    assert i is not None and i.status == institution_status


@pytest.mark.parametrize(
    "line",
    [
        "协商不成的，任何一方可向北京仲裁委员会申请仲裁，也可以向有管辖权的人民法院提起诉讼。",
        "协商不成的，可以向广州仲裁委员会申请仲裁或者向人民法院提起诉讼。",
        "协商不成的，双方可以通过仲裁或诉讼方式解决。",
    ],
)
def test_zh_checks_either_or_flag(line: str) -> None:
    report = run("第七条 争议解决", line)
    flag = report.finding("art10.either_or")
    assert flag is not None and flag.status == "flag"
    assert flag.evidence and "仲裁" in flag.evidence[0].quote
    assert flag.evidence[0].quote in line


@pytest.mark.parametrize(
    ("lines", "number"),
    [
        (["第四条 保密", "乙方不得向任何第三方披露甲方的保密信息。"], "第四条"),
        (["第二章 保密", "第四条 乙方不得向任何第三方披露甲方的保密信息。"], "第四条"),
        (["四、保密", "（一）乙方不得向任何第三方披露甲方的保密信息。"], "（一）"),
        (["4. 保密", "4.2 乙方不得向任何第三方披露甲方的保密信息。"], "4.2"),
    ],
)
def test_zh_checks_evidence_cites_clause_numbers(lines: list[str], number: str) -> None:
    report = run(*lines)
    finding = report.finding("art4.provider_nondisclosure")
    assert finding is not None and finding.status == "met"
    quote = finding.evidence[0]
    assert "不得向任何第三方披露" in quote.quote
    assert quote.clause is not None and number in quote.clause


def test_zh_checks_quotes_are_exact_slices() -> None:
    doc = make_doc(
        *HEAD,
        "第四条 保密",
        "本合同所称保密信息是指乙方在服务过程中知悉的甲方技术信息和经营信息。",
        "乙方应与其工作人员签订保密协议，并确保其遵守本条约定。",
        "第五条 知识产权",
        "乙方履行本合同产生的工作成果的知识产权归甲方所有。",
    )
    report = analyze(doc)
    assert report.labels()["art6_personnel_confidentiality"] is True
    for f in report.findings:
        for e in f.evidence:
            assert doc.text[e.start : e.end] == e.quote
