"""The "lawyer check" reasons in the output language.

A finding's ``review`` is written in English where it is decided (the checks and
:func:`analyzer.learned.apply`, from a small set of sentence shapes). For ``lang_out="zh"``
:func:`in_language` gives the Chinese sentence of the same shape; the matched words, clause
numbers and figures it carries stay as written. A reason of a shape not listed here stays in
English rather than be guessed.
"""

from __future__ import annotations

import re

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
            return zh.format(**parts)
    return reason
