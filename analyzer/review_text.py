"""The "lawyer check" reasons in the output language.

A finding's ``review`` is written in English where it is decided (the checks and
:func:`analyzer.learned.apply`, from a small set of sentence shapes). For ``lang_out="zh"``
:func:`in_language` gives the Chinese sentence of the same shape; the matched words, clause
numbers and figures it carries stay as written. A reason of a shape not listed here stays in
English rather than be guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# what the rules or the model found (analyzer.learned.WORDS_IN_PLAIN_LANGUAGE, with or without
# its article)
_WHAT_ZH: dict[str, str] = {
    "definition of confidential information": "保密信息的定义",
    "non-disclosure duty of the provider": "接包方的保密义务",
    "security measure": "信息安全保护措施",
    "staff bound to confidentiality": "接包方人员的保密约束",
    "non-compete for the provider's staff": "接包方人员的竞业限制",
    "confidentiality flow-down to third parties": "向第三方传递的保密义务",
    "arbitration clause": "仲裁条款",
    "choice of courts": "法院管辖约定",
    "IP-ownership clause": "知识产权归属条款",
    "IP vesting in the client": "知识产权归发包方所有",
    "IP kept by the provider": "知识产权归接包方所有",
    "jointly owned IP": "共有知识产权",
    "protection of the client's IP": "对发包方知识产权的保护",
    "dispute-resolution forum": "争议解决方式（仲裁或诉讼）",
}

_ARTICLE = re.compile(r"^(?:a|an|the)\s+")


def _what(phrase: str) -> str:
    return _WHAT_ZH.get(_ARTICLE.sub("", phrase), phrase)


# (English shape, Chinese sentence); named groups carry matched words and figures over
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(en), zh)
    for en, zh in (
        (
            r"^the clause rests on an unticked box, a blank or a placeholder$",
            "该条款取决于未勾选的选项、空白或占位符",
        ),
        (
            r"^the rules found (?P<what>.+?), but the model scored no sentence as one "
            r"\(best (?P<score>[\d.]+)\); confidence (?P<conf>[\d.]+)$",
            "规则找到了{what}，但模型未将任何句子判为此类条款（最高分 {score}）；置信度 {conf}",
        ),
        (
            r"^the rules found no (?P<what>.+?), but the model scored (?P<score>[\d.]+) on a "
            r"sentence; confidence (?P<conf>[\d.]+)$",
            "规则未找到{what}，但模型给某一句子打分 {score}；置信度 {conf}",
        ),
        (
            r"^the rules found no (?P<what>.+?), but the model scored (?P<score>[\d.]+) on the "
            r"sentence in clause (?P<clause>\S+); confidence (?P<conf>[\d.]+)$",
            "规则未找到{what}，但模型给第 {clause} 条中的句子打分 {score}；置信度 {conf}",
        ),
        (
            r"^the rules and the model read the clause differently; confidence (?P<conf>[\d.]+)$",
            "规则与模型对该条款的理解不同；置信度 {conf}",
        ),
        (
            r"^the model reads the clause as “(?P<value>[^”]+)”, not as the rules do; "
            r"confidence (?P<conf>[\d.]+)$",
            "模型将该条款理解为“{value}”，与规则不同；置信度 {conf}",
        ),
        (
            r"^every non-disclosure duty found binds the client; none binds the provider$",
            "所发现的保密义务均约束发包方，没有一项约束接包方",
        ),
        (
            r"^the only safeguard found is a standard of care, not a specific security measure$",
            "仅发现注意义务标准（如“与保护自身信息相同的注意”），未发现具体的安全保护措施",
        ),
        (r"^low confidence \((?P<conf>[\d.]+)\)$", "置信度低（{conf}）"),
        (
            r"^the forum's wording may not cover confidentiality breaches$",
            "争议解决条款的措辞可能未涵盖违反保密义务引起的争议",
        ),
        (
            r"^only a licence to the results was found \((?P<words>.+)\); who owns them is not "
            r"said$",
            "仅发现对成果的许可（{words}），未约定成果归谁所有",
        ),
        (
            r"^the ownership clause \((?P<words>.+)\) names an owner that could not be matched "
            r"to a party; the client is assumed$",
            "权属条款（{words}）所指的所有人无法对应到合同一方；暂按归发包方处理",
        ),
        (
            r"^who owns the results rests only on a definition \((?P<words>.+)\), not on an "
            r"operative clause$",
            "成果归属仅见于定义（{words}），而非实质性条款",
        ),
        (
            r"^the clause \((?P<words>.+)\) names no owner; an assignment or work made for hire "
            r"is taken to favour the client$",
            "该条款（{words}）未指明所有人；转让或委托作品按归发包方处理",
        ),
        (
            r"^ownership wording was found \((?P<words>.+)\) but not read as giving the results "
            r"of the services to either party$",
            "发现了权属措辞（{words}），但未能读出服务成果归属于哪一方",
        ),
        (
            r"^the results go to different parties, but which of them performs the services is "
            r"not known$",
            "成果归属于不同的当事方，但无法确定哪一方提供服务",
        ),
        (
            r"^whose IP the clause in (?P<where>.+) protects could not be determined$",
            "无法确定{where}中的条款保护哪一方的知识产权",
        ),
        (
            r"^only what is not confidential is described; a lawyer should check that the "
            r"client's information is covered$",
            "合同仅说明了哪些信息不属于保密信息；请律师核查发包方的信息是否受到保护",
        ),
        (
            r"^who the duty of secrecy in (?P<where>.+) binds could not be determined$",
            "无法确定{where}中的保密义务约束哪一方",
        ),
        (
            r"^(?P<path>(?:[^\n]*?: )?)who performs the services is uncertain: only (?P<who>.+) "
            r"was identified, as the provider, and no other party as the client; the direction of "
            r"Articles 4, 6, 11 and 12 and the register's provider and client follow this call, so "
            r"a lawyer should confirm who serves whom$",
            "{path}无法确定哪一方提供服务：仅识别出{who}为接包方，未识别出发包方；第四、六、十一、"
            "十二条的方向和义务清单中的接包方、发包方均以此为准，请律师确认哪一方为另一方提供服务",
        ),
        (
            r"^(?P<path>(?:[^\n]*?: )?)who performs the services is uncertain: only (?P<who>.+) "
            r"was identified, as the client, and no other party as the provider; the direction of "
            r"Articles 4, 6, 11 and 12 and the register's provider and client follow this call, so "
            r"a lawyer should confirm who serves whom$",
            "{path}无法确定哪一方提供服务：仅识别出{who}为发包方，未识别出接包方；第四、六、十一、"
            "十二条的方向和义务清单中的接包方、发包方均以此为准，请律师确认哪一方为另一方提供服务",
        ),
        (
            r"^(?P<path>(?:[^\n]*?: )?)who performs the services is uncertain: no clause shows "
            r"either party serving the other, and (?P<provider>.+) was taken as the provider and "
            r"(?P<client>.+) as the client by convention alone \(role words such as licensee, "
            r"distributor or franchisee, or royalties(?:: “(?P<basis>.+)”)?\); the direction of "
            r"Articles 4, 6, 11 and 12 and the "
            r"register's provider and client follow this call, so a lawyer should confirm who "
            r"serves whom$",
            "{path}无法确定哪一方提供服务：没有条款表明一方为另一方提供服务，{provider}被认定为接包方、"
            "{client}被认定为发包方仅依惯例（被许可方、经销商、加盟商等角色用语或许可使用费"
            "{basis_zh}）；第四、六、十一、十二条的方向和义务清单中的接包方、"
            "发包方均以此为准，请律师确认哪一方为另一方提供服务",
        ),
        (
            r"^(?P<path>(?:[^\n]*?: )?)who performs the services is uncertain: (?P<provider>.+) "
            r"was taken as the provider "
            r"and (?P<client>.+) as the client on weak evidence \(no clause says who serves "
            r"whom\); the direction of Articles 4, 6, 11 and 12 and the register's provider and "
            r"client follow this call, so a lawyer should confirm who serves whom$",
            "{path}无法确定哪一方提供服务：{provider}被认定为接包方、{client}被认定为发包方，但依据不足"
            "（没有条款说明哪一方为另一方提供服务）；第四、六、十一、十二条的方向和义务清单中的"
            "接包方、发包方均以此为准，请律师确认哪一方为另一方提供服务",
        ),
        (
            r"^(?P<path>(?:[^\n]*?: )?)who performs the services is uncertain: (?P<provider>.+) "
            r"was taken as the provider "
            r"and (?P<client>.+) as the client on weak evidence \((?P<basis>.+)\); the direction "
            r"of Articles 4, 6, 11 and 12 and the register's provider and client follow this "
            r"call, so a lawyer should confirm who serves whom$",
            "{path}无法确定哪一方提供服务：{provider}被认定为接包方、{client}被认定为发包方，但依据不足"
            "（{basis}）；第四、六、十一、十二条的方向和义务清单中的接包方、发包方均以此为准，"
            "请律师确认哪一方为另一方提供服务",
        ),
    )
)


def in_language(reason: str, language: str) -> str:
    """``reason`` in ``language`` ("en" or "zh"); unchanged for English or an unknown shape."""
    if language != "zh" or not reason:
        return reason
    for shape, zh in _SHAPES:
        m = shape.match(reason)
        if m is not None:
            parts = m.groupdict()
            if "what" in parts:
                parts["what"] = _what(parts["what"])
            if "basis" in parts and "{basis_zh}" in zh:
                basis = parts.pop("basis")
                parts["basis_zh"] = f"：“{basis}”" if basis else ""
            return zh.format(**parts)
    return reason


# ---------------------------------------------------------------- explanations (lang_out="zh")
#
# A finding's explanation is written in English by its check, from a few dozen fixed sentences
# and leads ("Confidential information is defined: pattern … matched “…” in clause 3.1.").
# :func:`explanation_in` puts the fixed words into Chinese; what the contract says (the matched
# words between “ ”), clause numbers, pattern ids and names stay as written, and a sentence of a
# shape not listed here stays in English rather than be guessed.

# whole sentences, and the fixed leads and tails around a reference to the matched words
_EXPLANATION_ZH: tuple[tuple[str, str], ...] = (
    ("No information-security certification was found.", "未发现信息安全认证要求。"),
    ("No information-security training obligation was found.", "未发现信息安全培训义务。"),
    ("No staff non-compete restriction was found.", "未发现对接包方人员的竞业限制。"),
    ("No dispute forum was found.", "未发现争议解决方式的约定。"),
    (
        "No flow-down of confidentiality to subcontractors, advisers or other third parties was "
        "found.",
        "未发现将保密义务延及分包方、顾问或其他第三方的约定。",
    ),
    (
        "Not applicable: no party performs services for the other (the contract is not "
        "outsourcing-like).",
        "不适用：合同中没有一方为另一方提供服务（不属于外包类合同）。",
    ),
    ("No arbitration clause was found.", "未发现仲裁条款。"),
    ("No audit, inspection or improvement obligation was found.", "未发现审计、检查或整改义务。"),
    ("No return or destruction obligation was found.", "未发现返还或销毁信息的义务。"),
    ("No specific security or safeguard measure was found.", "未发现具体的安全或保护措施。"),
    ("No specific security measure is required.", "合同未要求具体的安全措施。"),
    (
        "Nothing requires the provider's staff to be bound by confidentiality (a bare permission "
        "to share with employees on a need-to-know basis does not count).",
        "没有条款要求接包方人员受保密义务约束（仅允许按“需要知悉”原则向员工披露的，不算）。",
    ),
    (
        "Missing IP-ownership terms: the contract does not say who owns the intellectual property "
        "or results created in performing the services.",
        "缺少知识产权归属条款：合同未约定履行服务过程中产生的知识产权或成果归谁所有。",
    ),
    (
        "The forum is not offered as an arbitration-or-litigation choice.",
        "争议解决方式未以“或裁或诉”的形式约定。",
    ),
    (
        "Nothing protects the client's IP against the provider (no acknowledgement, use limits, "
        "non-infringement or no-challenge covenant was found).",
        "没有条款保护发包方的知识产权不受接包方侵害（未发现权利确认、使用限制、不侵权或不质疑的承诺）。",
    ),
    (
        "No definition or description of confidential information was found.",
        "未发现对保密信息的定义或描述。",
    ),
    ("No non-disclosure duty was found at all.", "完全未发现保密义务。"),
    (
        "No obligation not to disclose or misuse information was found.",
        "未发现不得披露或不当使用信息的义务。",
    ),
    ("No arbitration or court forum is chosen.", "合同未选择仲裁或法院管辖。"),
    (
        "A governing-law clause was found, but governing law alone does not choose a forum.",
        "发现了适用法律条款，但仅约定适用法律并不构成对争议解决方式的选择。",
    ),
    (
        "Such a clause is generally not an effective arbitration agreement under PRC law.",
        "根据中国法律，此类条款一般不构成有效的仲裁协议。",
    ),
    ("The contract says the zh version prevails.", "合同约定以中文版本为准。"),
    ("The contract says the en version prevails.", "合同约定以英文版本为准。"),
    ("The rules' reading: ", "规则的判断："),
    ("Options offered: ", "可选项："),
    ("Confidential information is defined: ", "已界定保密信息："),
    (
        "The forum clause covers disputes under the contract generally, which includes "
        "confidentiality breaches (",
        "争议解决条款适用于合同项下的一般争议，包括违反保密义务引起的争议（",
    ),
    ("The client's IP is protected: ", "发包方的知识产权受到保护："),
    ("The confidentiality duty reaches the provider's people: ", "保密义务延及接包方人员："),
    (
        "A non-disclosure duty exists but nothing extends it to the provider's shareholders, "
        "directors, managers or staff (",
        "存在保密义务，但没有条款将其延及接包方的股东、董事、经理或员工（",
    ),
    ("Staff who receive the information must be bound: ", "接触信息的人员须受保密约束："),
    ("Disputes go to the courts: ", "争议提交法院解决："),
    ("Disputes go to arbitration: ", "争议提交仲裁解决："),
    ("A non-disclosure duty binds both parties: ", "保密义务约束双方："),
    ("A non-disclosure duty binds the provider: ", "保密义务约束接包方："),
    ("Audit or inspection is provided for: ", "约定了审计或检查："),
    ("Return or destruction of information is provided for: ", "约定了信息的返还或销毁："),
    ("Specific security measures are required: ", "要求采取具体的安全措施："),
    ("Third parties receiving the information must be bound: ", "接收信息的第三方须受保密约束："),
    ("Training is required: ", "要求开展培训："),
    ("A certification is referred to: ", "提及了认证要求："),
    ("The provider's personnel are restricted from competing: ", "接包方人员受竞业限制："),
    ("Both arbitration and courts are named: ", "同时约定了仲裁和法院："),
    (
        "Both arbitration and courts are named, but the court is named only by a blank or a "
        "placeholder (",
        "同时约定了仲裁和法院，但法院仅以空白或占位符表示（",
    ),
    ("): the parties have not filled in which court has jurisdiction.", "）：双方未填写管辖法院。"),
    (
        "Arbitration and litigation are offered as alternatives (或裁或诉): ",
        "仲裁与诉讼作为备选方式（或裁或诉）：",
    ),
    (
        "A forum is chosen, but its wording was not recognised as covering all disputes under the "
        "contract (",
        "已选择争议解决方式，但其措辞未被识别为涵盖合同项下的全部争议（",
    ),
    (
        "); check that confidentiality breaches are covered.",
        "）；请核实是否涵盖违反保密义务引起的争议。",
    ),
    (
        "No forum is agreed: arbitration or courts are offered only as an option left open (an "
        "unticked box, an unselected alternative or a blank: ",
        "未约定争议解决方式：仲裁或法院仅作为未定的选项出现（未勾选的选项、未选定的备选方式或空白：",
    ),
    (
        "IP ownership is allocated: results vest in the client (",
        "已约定知识产权归属：成果归发包方所有（",
    ),
    (
        "IP ownership is allocated: results vest in the provider (",
        "已约定知识产权归属：成果归接包方所有（",
    ),
    (
        "IP ownership is allocated: results are jointly owned (",
        "已约定知识产权归属：成果由双方共有（",
    ),
    (
        "IP ownership is allocated: some results go to the client (",
        "已约定知识产权归属：部分成果归发包方（",
    ),
    (") and some to the provider (", "），部分成果归接包方（"),
    (
        "IP ownership is allocated: an ownership clause was found (",
        "已约定知识产权归属：发现了权属条款（",
    ),
    (
        ") but the owner could not be resolved to a party; assumed to be the client — check.",
        "），但无法确定所有人是哪一方；暂按归发包方处理，请核查。",
    ),
    (
        "Missing IP-ownership terms: ownership wording was found (",
        "缺少知识产权归属条款：发现了权属措辞（",
    ),
    (
        ") but it does not allocate results of the services to a party; check the clause.",
        "），但未将服务成果分配给任何一方；请核查该条款。",
    ),
    (
        "Ownership of the IP created under the contract is left to an unticked box or a blank (",
        "合同项下产生的知识产权归属取决于未勾选的选项或空白（",
    ),
    ("): nothing is agreed.", "）：双方未作约定。"),
    (
        "The only safeguard found is a standard of care (“same care as its own information”): ",
        "仅发现注意义务标准（“与保护自身信息相同的注意”）：",
    ),
    ("Only a non-solicitation clause was found (", "仅发现不招揽条款（"),
    ("); it does not bind staff to a non-compete.", "）；该条款并不构成对人员的竞业限制。"),
    ("A non-disclosure duty was found (", "发现了保密义务（"),
    (
        "); who it binds could not be determined — check that it binds the provider.",
        "），但无法确定其约束哪一方，请核实其约束接包方。",
    ),
    (
        "Arbitration is chosen but no arbitration institution is named (",
        "选择了仲裁，但未指定仲裁机构（",
    ),
    (
        "); under PRC law such an agreement may be challenged unless supplemented.",
        "）；根据中国法律，如不补充约定，此类仲裁协议的效力可能受到质疑。",
    ),
    ("An IP protection clause was found (", "发现了知识产权保护条款（"),
    (
        ") but whose IP it protects could not be determined; check that it protects the client's.",
        "），但无法确定其保护哪一方的知识产权；请核实其保护发包方的知识产权。",
    ),
    (
        "The IP protections found favour the provider, not the client (",
        "所发现的知识产权保护条款有利于接包方，而非发包方（",
    ),
    ("Only pre-existing IP is dealt with (", "仅涉及既有知识产权（"),
    (
        "IP ownership is allocated: each party owns the new results that belong to its own share (",
        "已约定知识产权归属：各方拥有属于其各自部分的新成果（",
    ),
    ("); some results go to each side.", "）；成果分别归属双方。"),
    (
        "IP ownership is allocated: results go to different parties (",
        "已约定知识产权归属：成果归属于不同的当事方（",
    ),
    ("; some are jointly owned", "；部分成果由双方共有"),
    ("); the roles of the parties are not known — check.", "）；无法确定各方的身份，请核查。"),
    ("Arbitration is chosen but its name is left blank (", "选择了仲裁，但仲裁机构名称为空白（"),
    (
        "No definition of confidential information was found, but the contract describes what is "
        "not confidential (",
        "未发现对保密信息的定义，但合同说明了哪些信息不属于保密信息（",
    ),
    ("); check that it covers the client's information.", "）；请核实其是否涵盖发包方的信息。"),
    (
        "IP ownership is allocated: some results are jointly owned and some go to one side (",
        "已约定知识产权归属：部分成果由双方共有，部分归一方所有（",
    ),
    (
        "Confidentiality binds only the client: every non-disclosure duty found (",
        "保密义务仅约束发包方：所发现的保密义务（",
    ),
    (") is borne by the client, none by the provider.", "）均由发包方承担，接包方不承担。"),
)
# longest first: a lead never shadows the longer sentence it begins
_EXPLANATION_ZH = tuple(sorted(_EXPLANATION_ZH, key=lambda kv: -len(kv[0])))

# sentences with figures, clause numbers or our own quotation marks in them (whole-text regexes,
# applied first; the groups are kept as written)
_VERSION_ZH = {"en": "英文版本", "zh": "中文版本"}
# the institutions of clause_patterns/rules/articles.yaml ("institutions") by their Chinese names
_INSTITUTION_ZH = {
    "a named PRC arbitration commission": "约定的中国仲裁委员会",
    "China International Economic and Trade Arbitration Commission": "中国国际经济贸易仲裁委员会",
    "Beijing Arbitration Commission": "北京仲裁委员会",
    "Shanghai International Arbitration Center": "上海国际仲裁中心",
    "Shenzhen Court of International Arbitration": "深圳国际仲裁院",
    "Hong Kong International Arbitration Centre": "香港国际仲裁中心",
    "Singapore International Arbitration Centre": "新加坡国际仲裁中心",
    "International Chamber of Commerce": "国际商会（ICC）",
    "London Court of International Arbitration": "伦敦国际仲裁院",
    "American Arbitration Association": "美国仲裁协会",
    "International Centre for Dispute Resolution": "国际争议解决中心（ICDR）",
    "UNCITRAL Arbitration Rules": "《联合国国际贸易法委员会仲裁规则》",
    "Korean Commercial Arbitration Board": "大韩商事仲裁院",
    "Japan Commercial Arbitration Association": "日本商事仲裁协会",
    "Arbitration Institute of the Stockholm Chamber of Commerce": "斯德哥尔摩商会仲裁院",
}
# why the analysis keeps one language version (analyzer.bilingual)
_WHY_ZH = {
    "the en version prevails under the contract": "合同约定以英文版本为准",
    "the zh version prevails under the contract": "合同约定以中文版本为准",
    "the requirement is met in the en version only": "仅英文版本满足该要求",
    "the requirement is met in the zh version only": "仅中文版本满足该要求",
    "no prevailing-language clause; kept the Chinese version": "合同未约定以何种语言为准，采用中文版本",
}


# a finding's value or status as bilingual.py names it in a divergence
_OUTCOME_ZH = {
    "courts": "法院诉讼",
    "arbitration": "仲裁",
    "arbitration+courts": "仲裁和法院",
    "none": "未约定",
    "client": "归发包方",
    "provider": "归接包方",
    "joint": "双方共有",
    "split": "分别归属",
    "met": "符合",
    "partial": "部分符合",
    "missing": "缺失",
    "flag": "需核查",
    "not_applicable": "不适用",
    "True": "是",
    "False": "否",
}


def _requirement_zh(requirement: str) -> str:
    """A requirement id in Chinese words ("第十条 — 约定争议解决方式（仲裁或诉讼）")."""
    from analyzer.issues import requirement_title

    return requirement_title(requirement, "zh")


def _versions_zh(said: str) -> str:
    """ "en version: courts; zh version: arbitration" → "英文版本：法院诉讼；中文版本：仲裁"."""
    return "；".join(
        f"{_VERSION_ZH.get(lang, lang)}：{_OUTCOME_ZH.get(value, value)}"
        for part in said.split("; ")
        for lang, _, value in [part.partition(" version: ")]
    )


_SENTENCES_ZH: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(en), zh)
    for en, zh in (
        (
            r"Unsure: the rules found nothing, but the second reader scored (?:clause (?P<c>.+?)|"
            r"the sentence quoted) at (?P<s>[\d.]+) as this clause: a lawyer should read it before "
            r"the contract is reported as lacking it\. ?",
            lambda m: (
                "不确定：规则未找到此类条款，但第二阅读模型以 "
                + m["s"]
                + " 分将"
                + (f"条款 {m['c']}" if m["c"] else "所引句子")
                + "判为此类条款：在认定合同缺少该条款之前，请律师阅读。"
            ),
        ),
        (
            r"The second reader found it(?: \(clause (?P<c>.+?)\))? with score (?P<s>[\d.]+), "
            r"where the rules did not: a lawyer should confirm\. ?",
            lambda m: (
                "第二阅读模型发现了该条款"
                + (f"（条款 {m['c']}）" if m["c"] else "")
                + f"，得分 {m['s']}，规则未发现：请律师确认。"
            ),
        ),
        (
            r"The arbitral institution or rules body is (?P<name>[^()“”]+?) \(",
            lambda m: f"仲裁机构或仲裁规则机构为{_INSTITUTION_ZH.get(m['name'], m['name'])}（",
        ),
        (
            r"The only safeguard found is a standard of care \(“same care as its own "
            r"information”\): ",
            "仅发现注意义务标准（如“与保护自身信息相同的注意”）：",
        ),
        (
            r" ?\[bilingual: versions differ; the (?P<v>en|zh) version prevails under the "
            r"contract\]",
            lambda m: f"［双语：两种语言版本不一致；按合同约定以{_VERSION_ZH[m['v']]}为准］",
        ),
        (
            r" ?\[bilingual: versions differ; the requirement is met in the (?P<v>en|zh) version "
            r"only\]",
            lambda m: f"［双语：两种语言版本不一致；仅{_VERSION_ZH[m['v']]}满足该要求］",
        ),
        (
            r"The language versions diverge on (?P<req>\S+) \((?P<said>[^()]*)\); the analysis "
            r"keeps the (?P<v>en|zh) version because (?P<why>[^.]*)\.",
            lambda m: (
                f"{_requirement_zh(m['req'])}：中英文版本的约定不一致"
                f"（{_versions_zh(m['said'])}）；分析采用"
                f"{_VERSION_ZH[m['v']]}，因为{_WHY_ZH.get(m['why'], m['why'])}。"
            ),
        ),
        (
            r" ?\[bilingual: versions differ; no prevailing-language clause; kept the Chinese "
            r"version\]",
            "［双语：两种语言版本不一致；合同未约定以何种语言为准，采用中文版本］",
        ),
    )
)

# what Context.describe writes for a pattern hit; the id, the matched words and the clause
# number are kept
_HIT_REF = re.compile(
    r"pattern (?P<pid>[a-z][a-z0-9_.]*) matched “(?P<words>[^”]*)” in (?P<where>clause |the text)"
)
_BORNE_BY = re.compile(
    r"A confidentiality obligation borne by (?P<who>[^()“”]{1,60}) \((?P<role>provider|client|both|unknown)\) was found\."
)
_ROLE_ZH = {"provider": "接包方", "client": "发包方", "both": "双方", "unknown": "身份未定"}
_QUOTED = re.compile(r"“[^”]*”")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uff08\uff09\uff1a\uff1b\u3002]")


def _outside_quotes(text: str, fn: Callable[[str], str]) -> str:
    """``fn`` applied to the parts of ``text`` outside “…” (the contract's own words)."""
    out, pos = [], 0
    for m in _QUOTED.finditer(text):
        out += [fn(text[pos : m.start()]), m.group()]
        pos = m.end()
    out.append(fn(text[pos:]))
    return "".join(out)


def _fixed_words(part: str) -> str:
    for en, zh in _EXPLANATION_ZH:
        if en in part:
            part = part.replace(en, zh)
    return part


def explanation_in(explanation: str, language: str) -> str:
    """``explanation`` with its fixed English words in ``language`` (only "zh" is known; other
    languages and unknown sentences are returned as they are). A translated sentence ends in
    "。" and the next follows without a space."""
    if language != "zh" or not explanation:
        return explanation
    for shape, zh in _SENTENCES_ZH:
        explanation = shape.sub(zh, explanation)
    text = _HIT_REF.sub(
        lambda m: (
            f"规则 {m['pid']} 匹配“{m['words']}”，"
            + ("见条款 " if m["where"] == "clause " else "见正文")
        ),
        explanation,
    )
    text = _BORNE_BY.sub(
        lambda m: f"发现由{m['who']}（{_ROLE_ZH[m['role']]}）承担的保密义务。", text
    )
    text = _outside_quotes(text, _fixed_words)
    return _full_stops(_closing_brackets(text))


def _closing_brackets(text: str) -> str:
    """A ")" that closes a "（" of the Chinese words becomes "）" (outside the contract's words)."""
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    chars = list(text)
    stack: list[str] = []
    for i, c in enumerate(chars):
        if c not in "(（)）" or any(a <= i < b for a, b in quoted):
            continue
        if c in "(（":
            stack.append(c)
        elif stack and stack.pop() == "（" and c == ")":
            chars[i] = "）"
    return "".join(chars)


_STOP = re.compile(r"\.(?=\s|$|［)|。")


def _full_stops(text: str) -> str:
    """Outside the contract's own words (“…”): a sentence-ending "." of a sentence whose fixed
    words are now Chinese becomes "。", and no space follows a "。"."""
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    out: list[str] = []
    pos = 0  # start of the current sentence
    for m in _STOP.finditer(text):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        sentence = text[pos : m.start()]
        own = _QUOTED.sub("", sentence)  # the fixed words, without the contract's
        if m.group() == "。" or _CJK_CHAR.search(own):
            out.append(sentence.rstrip() + "。")
            pos = m.end()
            while pos < len(text) and text[pos] == " ":
                pos += 1
        else:
            out.append(text[pos : m.end()])
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)
