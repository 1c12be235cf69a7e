"""The "lawyer check" reasons in Chinese output (analyzer/review_text.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analyzer.engine import analyze
from analyzer.learned import BOOL_TYPES, _reason
from analyzer.review_text import in_language

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("label", [*BOOL_TYPES, "art10_dispute_forum", "art11_ip_ownership"])
@pytest.mark.parametrize(
    ("final_yes", "pattern_yes", "model_yes", "flagged", "kwargs"),
    [
        (True, True, False, False, {}),  # the rules found it, the model did not
        (True, False, True, False, {}),  # the model found it, the rules did not
        (True, True, True, True, {}),  # an unticked box
        (True, True, True, False, {"disagree_value": True}),
        (True, True, True, False, {"model_reads": "client"}),
        (True, True, True, False, {}),  # low confidence only
    ],
)
def test_every_reason_the_second_reader_writes_has_a_chinese_sentence(
    label: str,
    final_yes: bool,
    pattern_yes: bool,
    model_yes: bool,
    flagged: bool,
    kwargs: dict[str, object],
) -> None:
    reason = _reason(label, final_yes, pattern_yes, model_yes, 0.42, 0.73, None, flagged, **kwargs)  # type: ignore[arg-type]
    assert reason
    zh = in_language(reason, "zh")
    assert CJK.search(zh) and not re.search(r"\b(the|rules|model|found)\b", zh), (reason, zh)
    # figures are carried over as written
    for figure in re.findall(r"\d\.\d\d", reason):
        assert figure in zh
    assert in_language(reason, "en") == reason


def test_check_reasons_keep_their_matched_words() -> None:
    reason = "whose IP the clause in clause 6(二) protects could not be determined"
    assert in_language(reason, "zh") == "无法确定clause 6(二)中的条款保护哪一方的知识产权"
    words = "the ownership clause (“归甲方所有” in 六) names an owner that could not be matched to a party; the client is assumed"
    assert "“归甲方所有” in 六" in in_language(words, "zh")


def test_an_unknown_reason_stays_as_written() -> None:
    assert in_language("something new the checks may say", "zh") == (
        "something new the checks may say"
    )


def test_chinese_screen_shows_chinese_lawyer_check_reasons(samples_dir: Path) -> None:
    """The unfilled model form leaves the forum and the IP owner to unticked boxes: the rules mark
    them for a lawyer whatever the model says."""
    form = samples_dir / "zh" / "it_service_model_form_unfilled.txt"
    english = {f.requirement: f.review for f in analyze(form).findings if f.review}
    chinese = {f.requirement: f.review for f in analyze(form, lang_out="zh").findings if f.review}
    assert {"art10.dispute_forum", "art11.ip_ownership"} <= set(english)
    assert set(chinese) == set(english)
    for requirement, reason in chinese.items():
        assert CJK.search(reason) and "the rules" not in reason, reason
        assert reason == in_language(english[requirement], "zh")
    assert chinese["art11.ip_ownership"] == "该条款取决于未勾选的选项、空白或占位符"


def test_a_flag_says_what_the_rules_flagged_not_an_unticked_box(tmp_path: Path) -> None:
    """Confidentiality that binds only the client, and a standard of care as the only safeguard,
    are flagged for the concern they are; neither rests on a box or a blank."""
    contract = tmp_path / "services.txt"
    contract.write_text(
        "MAINTENANCE SERVICES AGREEMENT\n\n"
        'This Agreement is made between Acme Systems Ltd ("Supplier") and Beta Retail Corp '
        '("Customer").\n\n'
        "1. Services. Supplier shall provide the maintenance services described in Schedule 1 to "
        "Customer, and Customer shall pay the fees set out in Schedule 2.\n\n"
        '2. Confidentiality. "Confidential Information" means all non-public information that '
        "Supplier discloses to Customer. Customer shall not disclose any Confidential Information "
        "of Supplier to any third party. Customer shall protect the Confidential Information with "
        "the same degree of care that it uses to protect its own confidential information.\n",
        encoding="utf-8",
    )
    english = {f.requirement: f for f in analyze(contract).findings}
    nda, security = english["art4.provider_nondisclosure"], english["art5.security_measures"]
    assert (nda.status, security.status) == ("flag", "flag")
    assert nda.review == "every non-disclosure duty found binds the client; none binds the provider"
    assert security.review == (
        "the only safeguard found is a standard of care, not a specific security measure"
    )
    chinese = {f.requirement: f.review for f in analyze(contract, lang_out="zh").findings}
    assert (
        chinese["art4.provider_nondisclosure"] == "所发现的保密义务均约束发包方，没有一项约束接包方"
    )
    assert CJK.search(chinese["art5.security_measures"] or "")


def test_chinese_markdown_ends_a_lawyer_check_with_a_chinese_full_stop(samples_dir: Path) -> None:
    from analyzer.report import to_markdown

    form = samples_dir / "zh" / "it_service_model_form_unfilled.txt"
    lines = to_markdown(analyze(form, lang_out="zh"), lang="zh").splitlines()
    checks = [x for x in lines if x.startswith("**需律师核查")]
    assert checks
    assert all(x.startswith("**需律师核查：** ") and x.endswith("。") for x in checks), checks
    english = to_markdown(analyze(form)).splitlines()
    assert all(x.endswith(".") for x in english if x.startswith("**Lawyer check:** "))


# ------------------------------------------------------------------ explanations in Chinese

from analyzer.report import explanation_body, lawyer_explanation  # noqa: E402
from analyzer.review_text import explanation_in  # noqa: E402

_QUOTE = re.compile(r"“[^”]*”")
# what may stay in Latin letters in a Chinese explanation: a pattern id after 规则, a clause
# number after 条款, and the contract's own words in “ ”
_KEPT = re.compile(r"规则 [a-z][a-z0-9_.]*|条款 [^，。；）]*")


def _english_left(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{3,}", _KEPT.sub("", _QUOTE.sub("", text)))


@pytest.mark.parametrize(
    "explanation",
    [
        "No dispute forum was found.",
        "Not applicable: no party performs services for the other (the contract is not "
        "outsourcing-like). No information-security certification was found.",
        "Confidential information is defined: pattern en.conf.def.means matched “Confidential "
        "Information means” in clause 9.1.",
        "A non-disclosure duty exists but nothing extends it to the provider's shareholders, "
        "directors, managers or staff (pattern en.conf.nda.hold matched “shall keep secret” in "
        "clause 4(b)).",
        "No arbitration or court forum is chosen. A governing-law clause was found, but governing "
        "law alone does not choose a forum.",
        "Disputes go to the courts: pattern zh.dispute.courts.sue matched “向人民法院起诉” in the "
        "text.",
        "The language versions diverge on art10.dispute_forum (en version: courts; zh version: "
        "arbitration); the analysis keeps the zh version because the zh version prevails under "
        "the contract.",
        "Disputes go to arbitration: pattern en.disp.arb matched “settled by arbitration” in "
        "clause 9. [bilingual: versions differ; the en version prevails under the contract]",
        "Unsure: the rules found nothing, but the second reader scored clause 7.2 at 0.91 as this "
        "clause: a lawyer should read it before the contract is reported as lacking it. The "
        "rules' reading: No staff non-compete restriction was found.",
    ],
)
def test_common_explanations_read_in_chinese_with_the_contract_words_kept(
    explanation: str,
) -> None:
    zh = explanation_in(explanation, "zh")
    assert CJK.search(zh) and not _english_left(zh), zh
    assert _QUOTE.findall(zh) == _QUOTE.findall(explanation)  # the matched words as written
    assert explanation_in(explanation, "en") == explanation


def test_the_contract_words_are_never_translated_and_unknown_sentences_stay_english() -> None:
    # the matched words happen to be one of the fixed sentences: they stay as the contract has
    # them; a sentence of a shape the table does not know stays English, ending in "."
    words = "No dispute forum was found."
    text = f"Disputes go to arbitration: pattern en.disp.x matched “{words}” in clause 3. Odd."
    zh = explanation_in(text, "zh")
    assert f"“{words}”" in zh
    assert zh.startswith("争议提交仲裁解决：") and zh.endswith("。Odd.")


def test_a_lawyers_chinese_explanation_names_the_words_not_the_pattern() -> None:
    text = "Training is required: pattern zh.sec.training matched “开展信息安全培训” in clause 四（三）."
    assert (
        lawyer_explanation(text, "zh") == "要求开展培训：原文“开展信息安全培训”，见条款 四（三）。"
    )
    assert lawyer_explanation(text) == (
        "Training is required: the words “开展信息安全培训” in clause 四（三）."
    )


def test_a_chinese_report_explains_in_chinese() -> None:
    """Every explanation of a Chinese sample screened with lang_out="zh" is in Chinese, apart
    from the words quoted from the contract, clause numbers and pattern ids."""
    path = Path(__file__).resolve().parent.parent / "sample_contracts" / "zh"
    for name in ("bpo_call_centre_no_ip.txt", "it_service_model_form_filled.txt"):
        report = analyze(path / name, lang_out="zh")
        for f in report.findings:
            body = explanation_body(f.explanation)  # the heading names ISO/IEC 27001
            assert not _english_left(body), (f.requirement, f.explanation)


def test_an_arbitral_institution_is_named_in_chinese() -> None:
    from analyzer.patterns import load_rules
    from analyzer.review_text import _INSTITUTION_ZH

    text = (
        "The arbitral institution or rules body is China International Economic and Trade "
        "Arbitration Commission (pattern en.disp.cietac matched “CIETAC” in clause 12.2)."
    )
    assert explanation_in(text, "zh") == (
        "仲裁机构或仲裁规则机构为中国国际经济贸易仲裁委员会（规则 en.disp.cietac 匹配“CIETAC”，"
        "见条款 12.2）。"
    )
    # every name the table knows is a name the rules give
    assert set(_INSTITUTION_ZH) <= set(load_rules().institutions.values())
