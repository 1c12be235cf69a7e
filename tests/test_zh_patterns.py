"""Chinese clause patterns (clause_patterns/zh): what each label must and must not catch.

Sentences here are written by the project (never corpus text). Each row is one sentence and
the label that must (or must not) be found in it by the same tagger the analyzer uses.
"""

from __future__ import annotations

import pytest

from analyzer.patterns import PatternSet, load_patterns
from analyzer.tagger import TextTagger


@pytest.fixture(scope="module")
def patterns() -> PatternSet:
    return load_patterns()


@pytest.fixture(scope="module")
def tagger(patterns: PatternSet) -> TextTagger:
    return TextTagger(patterns, "zh")


def labels_in(tagger: TextTagger, sentence: str) -> set[str]:
    return {h.label for h in tagger.tag(sentence)}


POSITIVE = [
    ("confidentiality.definition", "本协议项下的保密信息系指委托方提供的全部技术资料和经营信息。"),
    ("confidentiality.definition", "受托方在服务期间知悉的委托方客户数据，受托方负有保密义务。"),
    ("confidentiality.nondisclosure", "服务方不得将委托方的客户名单泄露给任何第三方。"),
    ("confidentiality.nondisclosure", "受托方应当对在服务中接触的业务数据严格保密。"),
    ("confidentiality.exceptions", "已为公众所知悉的信息不属于本条所称保密信息。"),
    ("confidentiality.survival", "本条保密义务不因本合同的解除或终止而失效。"),
    ("confidentiality.survival", "保密期限自本合同签订之日起至合同终止后五年止。"),
    ("confidentiality.same_care", "接收方应以不低于保护其自身保密信息的注意程度保护对方信息。"),
    ("confidentiality.personnel", "服务方应与其全部项目人员签订书面保密协议。"),
    ("confidentiality.personnel", "受托方应确保其员工遵守本合同约定的保密义务。"),
    ("confidentiality.third_party", "受托方经同意转委托的，应与转受托方签订保密协议。"),
    ("confidentiality.third_party", "服务方应确保其分包商承担不低于本合同约定的保密义务。"),
    ("personnel.noncompete", "服务方应与接触核心数据的员工签订竞业限制协议。"),
    ("personnel.nonsolicit", "合同期内任何一方不得招揽对方的员工。"),
    ("security.measures", "受托方应采取必要的技术和管理措施，防止客户数据泄露、篡改或丢失。"),
    ("security.measures", "服务方应对生产系统实施访问控制，并对敏感数据进行加密存储。"),
    ("security.measures", "受托方应指定专人负责数据安全管理工作。"),
    ("security.return_destroy", "合同终止后，受托方应将全部资料返还委托方或予以销毁。"),
    ("security.training", "服务方应每年组织员工参加信息安全培训。"),
    ("security.certification", "服务方应持有有效的ISO 27001信息安全管理体系认证证书。"),
    ("security.certification", "受托方的系统应通过网络安全等级保护三级测评。"),
    ("security.audit", "委托方有权对受托方的数据安全措施落实情况进行检查。"),
    ("ip.ownership", "受托方为履行本合同开发的软件的著作权归委托方所有。"),
    ("ip.ownership", "本项目形成的技术成果的专利申请权属于甲方。"),
    ("ip.joint", "本项目产生的技术成果由甲乙双方共同所有。"),
    ("ip.preexisting", "双方在本合同签订前各自拥有的知识产权仍归各自所有。"),
    ("ip.client_protection", "受托方不得侵犯委托方的商标权、专利权和著作权。"),
    ("ip.client_protection", "未经委托方书面许可，受托方不得使用委托方的商标或标识。"),
    ("dispute.arbitration", "双方因本合同发生的争议，提交中国国际经济贸易仲裁委员会仲裁。"),
    ("dispute.institution", "双方因本合同发生的争议，提交中国国际经济贸易仲裁委员会仲裁。"),
    ("dispute.institution", "争议提交广州仲裁委员会，按该会仲裁规则进行仲裁。"),
    ("dispute.courts", "协商不成的，任何一方可向委托方所在地有管辖权的人民法院提起诉讼。"),
    ("dispute.either_or", "协商不成的，可向广州仲裁委员会申请仲裁，也可以向人民法院起诉。"),
    ("dispute.either_or", "协商不成的，双方可以通过仲裁或诉讼方式解决。"),
    ("law.governing", "本合同的订立、解释和履行适用中华人民共和国法律。"),
    ("subcontracting", "未经委托方同意，受托方不得将本项目分包给第三方。"),
    ("template.option", "知识产权归□甲方所有 □乙方所有。"),
    ("template.option", "协商不成的，按下列第____种方式解决。"),
    (
        "confidentiality.definition",
        "本合同项下的“保密信息”包括但不限于甲方的客户资料、财务数据和技术方案。",
    ),
    (
        "confidentiality.definition",
        "乙方在履行本合同期间接触到的甲方业务信息均属于甲方的商业秘密。",
    ),
    (
        "confidentiality.nondisclosure",
        "未经甲方事先书面许可，乙方不得以任何形式向任何第三方泄漏上述信息。",
    ),
    ("confidentiality.nondisclosure", "乙方承诺对上述信息承担保密责任。"),
    ("confidentiality.personnel", "乙方应当要求其雇员在入职时签署保密协议。"),
    ("confidentiality.personnel", "乙方对其员工泄露甲方商业秘密的行为承担连带责任。"),
    ("confidentiality.personnel", "乙方应确保其参与项目的人员知悉并遵守本合同的保密约定。"),
    (
        "confidentiality.third_party",
        "乙方确需向其分包商披露保密信息的，应要求分包商签订书面保密协议。",
    ),
    ("confidentiality.third_party", "乙方应促使其关联方和顾问承担与乙方相同的保密义务。"),
    ("personnel.noncompete", "乙方应与其项目核心人员签订竞业禁止协议。"),
    ("security.measures", "乙方应对甲方数据进行分类分级管理，并实行严格的身份认证和授权管理。"),
    ("security.measures", "乙方应当建立数据安全事件应急预案，并定期开展应急演练。"),
    ("security.measures", "乙方应对涉密载体实行登记管理，严禁将涉密资料带离工作场所。"),
    ("security.training", "乙方应对项目人员开展保密教育培训。"),
    ("security.audit", "甲方有权定期对乙方的保密工作进行监督检查。"),
    ("security.certification", "乙方应通过ISO27001认证。"),
    ("security.return_destroy", "项目结束后，乙方应将所有涉密资料交还甲方。"),
    ("ip.ownership", "乙方在本项目中开发完成的软件著作权及相关知识产权归甲方所有。"),
    ("ip.ownership", "本合同项下的研究开发成果，其专利申请权归属于委托方。"),
    ("ip.ownership", "乙方完成的工作成果的所有权利均归甲方享有。"),
    ("ip.client_protection", "乙方承认甲方是甲方软件的唯一合法权利人。"),
    ("ip.client_protection", "乙方不得以任何方式对甲方的商标提出异议或申请注册相同或近似商标。"),
    ("dispute.arbitration", "本合同争议提交中国国际经济贸易仲裁委员会上海分会仲裁。"),
    ("dispute.courts", "因本合同引起的争议，由原告住所地人民法院管辖。"),
    ("dispute.courts", "双方同意由上海市浦东新区人民法院专属管辖。"),
    ("dispute.either_or", "协商不成的，任何一方均可选择仲裁或诉讼。"),
    ("law.governing", "本合同的签订、履行、解释及争议解决均适用中国法律。"),
]

NEGATIVE = [
    ("confidentiality.nondisclosure", "服务费用不得超过合同总价的百分之十。"),
    ("security.measures", "受托方应保障其现场作业人员的人身安全。"),
    ("security.measures", "承包人应遵守施工现场的安全生产规定。"),
    ("personnel.noncompete", "双方同意在本地区内不从事与对方相竞争的业务。"),
    ("ip.ownership", "双方在本合同签订前各自拥有的知识产权仍归各自所有。"),
    ("ip.ownership", "委托人提供给咨询人的图纸的著作权属于委托人。"),
    ("dispute.institution", "向____________仲裁委员会申请仲裁。"),
    ("dispute.institution", "提交委托方所在地的仲裁委员会仲裁。"),
    ("dispute.either_or", "争议提交上海仲裁委员会仲裁，仲裁裁决是终局的。"),
    ("dispute.courts", "本合同适用中华人民共和国法律。"),
]


@pytest.mark.parametrize(("label", "sentence"), POSITIVE)
def test_zh_patterns_find_label(tagger: TextTagger, label: str, sentence: str) -> None:
    assert label in labels_in(tagger, sentence)


@pytest.mark.parametrize(("label", "sentence"), NEGATIVE)
def test_zh_patterns_do_not_find_label(tagger: TextTagger, label: str, sentence: str) -> None:
    assert label not in labels_in(tagger, sentence)


def test_zh_patterns_cover_every_label(patterns: PatternSet) -> None:
    zh_labels = {p.label for p in patterns.patterns if p.language == "zh"}
    # work made for hire and licence-back are English-law notions without a fixed Chinese idiom
    # beyond what ip.ownership / ip.license_back already catch
    expected = set(patterns.rules.tag_labels) - {"ip.work_for_hire"}
    assert expected - zh_labels == set()


def test_zh_patterns_ids_and_examples(patterns: PatternSet) -> None:
    zh = [p for p in patterns.patterns if p.language == "zh"]
    assert zh
    for p in zh:
        assert p.id.startswith("zh."), p.id
        assert p.examples, f"{p.id} has no examples"


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("争议提交中国国际经济贸易仲裁委员会仲裁。", "CIETAC"),
        ("争议提交上海国际仲裁中心仲裁。", "SHIAC"),
        ("争议提交深圳国际仲裁院仲裁。", "SCIA"),
        ("争议提交北京仲裁委员会仲裁。", "BAC"),
        ("争议提交香港国际仲裁中心仲裁。", "HKIAC"),
        ("争议提交南京仲裁委员会仲裁。", "LOCAL_ARBITRATION_COMMISSION"),
    ],
)
def test_zh_patterns_institution_values(tagger: TextTagger, sentence: str, value: str) -> None:
    values = {h.value for h in tagger.tag(sentence) if h.label == "dispute.institution"}
    assert value in values


NEGATIVE_MORE = [
    ("security.measures", "乙方负责其工作人员在服务期间的劳动保护和安全防护措施。"),
    ("confidentiality.nondisclosure", "甲方不得无故拖延支付服务费用。"),
    ("confidentiality.definition", "乙方应向甲方提供相关资料，并保证资料真实有效。"),
    ("confidentiality.personnel", "乙方应保证其工作人员具备相应的资质。"),
    ("confidentiality.third_party", "乙方不得将本项目转包给第三方。"),
    ("ip.ownership", "乙方新增设备归乙方所有。"),
    ("ip.client_protection", "乙方保证交付的软件不侵犯任何第三方的知识产权。"),
    ("dispute.courts", "乙方应配合甲方完成法院要求的证据调取。"),
    ("dispute.arbitration", "双方在仲裁期间应继续履行合同其他条款。"),
    ("personnel.noncompete", "本合同期内，乙方不得为甲方的竞争对手提供同类服务。"),
    ("security.audit", "甲方对乙方交付的成果进行验收检查。"),
    ("security.training", "乙方应对其员工进行业务技能培训。"),
]


@pytest.mark.parametrize(("label", "sentence"), NEGATIVE_MORE)
def test_zh_patterns_ordinary_clauses_are_not_tagged(
    tagger: TextTagger, label: str, sentence: str
) -> None:
    assert label not in labels_in(tagger, sentence)
