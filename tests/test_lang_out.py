"""``--lang-out`` (issue #16): every ``analyzer screen`` format honours it (table, markdown,
html; json and labels keep their keys), and a Chinese contract gets Chinese Word comments by
default from ``analyzer annotate``, in article order."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analyzer.annotate import read_comments
from analyzer.cli import main
from analyzer.patterns import load_patterns
from analyzer.report import output_language

SAMPLES = Path(__file__).resolve().parent.parent / "sample_contracts"
ZH_TXT = SAMPLES / "zh" / "bpo_call_centre_no_ip.txt"
ZH_DOCX = SAMPLES / "zh" / "ito_service_compliant.docx"
EN_DOCX = SAMPLES / "en" / "northbank_contact_centre_services.docx"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _screen(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["screen", *argv]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("languages", "expected"),
    [(("zh",), "zh"), (("en",), "en"), (("en", "zh"), "en"), ((), "en")],
)
def test_output_language_of_contract(languages: tuple[str, ...], expected: str) -> None:
    assert output_language(languages) == expected


def test_screen_markdown_lang_out_zh(capsys: pytest.CaptureFixture[str]) -> None:
    en = _screen(capsys, str(ZH_TXT), "--format", "markdown")
    zh = _screen(capsys, str(ZH_TXT), "--format", "markdown", "--lang-out", "zh")
    assert en.startswith("# Screening report: ") and "## Summary" in en
    assert zh.startswith("# 合同筛查报告: bpo_call_centre_no_ip.txt")
    for heading in ("## 概要", "## 标签输出", "## 审查结论", "## 义务清单"):
        assert heading in zh
    assert "## Summary" not in zh and "✅ met" not in zh
    # the gap of the sample, in Chinese, with the Chinese recommendation first
    section = zh.split("### 第十一条 — ", 1)[1].split("\n### ", 1)[0]
    assert "（art11.ip_ownership）：❌ 缺失" in section
    recs = [x for x in section.splitlines() if x.startswith("- 建议")]
    assert recs[0].startswith("- 建议 (zh): ") and recs[1].startswith("- 建议 (en): ")
    # label output identical whatever the language
    label_block = re.compile(r"```json\n(.*?)\n```", re.S)
    assert label_block.findall(en) == label_block.findall(zh)


def test_screen_html_format_and_lang_out(capsys: pytest.CaptureFixture[str]) -> None:
    en = _screen(capsys, str(ZH_TXT), "--format", "html")
    zh = _screen(capsys, str(ZH_TXT), "--format", "html", "--lang-out", "zh")
    assert en.startswith("<!DOCTYPE html>") and '<html lang="en">' in en
    assert "<th>Requirement</th>" in en and "<h2>Findings</h2>" in en
    assert '<html lang="zh-CN">' in zh and "<th>要求</th>" in zh and "<h2>审查结论</h2>" in zh
    assert "❌ 缺失" in zh and "<h2>合同文本</h2>" in zh
    # the document's text is on the page, highlighted: an exact quote of a finding
    data = json.loads(_screen(capsys, str(ZH_TXT), "--format", "json"))
    quote = next(e["quote"] for f in data["findings"] for e in f["evidence"])
    assert quote.split("\n")[0] in zh


def test_screen_json_and_labels_keep_keys_with_lang_out_zh(
    capsys: pytest.CaptureFixture[str],
) -> None:
    en = json.loads(_screen(capsys, str(ZH_TXT), "--format", "json"))
    zh = json.loads(_screen(capsys, str(ZH_TXT), "--format", "json", "--lang-out", "zh"))
    assert list(en) == list(zh)
    assert en["labels"] == zh["labels"]
    assert [list(f) for f in en["findings"]] == [list(f) for f in zh["findings"]]
    assert [f["status"] for f in en["findings"]] == [f["status"] for f in zh["findings"]]
    assert all(list(f["recommendation"])[0] == "zh" for f in zh["findings"] if f["recommendation"])
    lines = [
        json.loads(_screen(capsys, str(ZH_TXT), "--format", "labels", *extra))
        for extra in ((), ("--lang-out", "zh"))
    ]
    assert lines[0] == lines[1]


def test_screen_table_lang_out_zh_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    zh = _screen(capsys, str(ZH_TXT), "--lang-out", "zh")
    row = next(x for x in zh.splitlines() if "art11.ip_ownership" in x)
    assert "缺失" in row


def _articles(texts: list[str]) -> list[int]:
    """The article of each comment, from its first line ("Art. 4 – ..." / "第四条 — ...")."""
    zh_numbers = {
        "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11,
        "十二": 12,
    }  # fmt: skip
    out = []
    for t in texts:
        m = re.match(r"(?:Missing: )?Art\. (\d+)|(?:缺失：)?第(.+?)条", t)
        if m is None:
            m2 = re.match(r"Missing: art(\d+)\.", t)
            assert m2 is not None, t
            out.append(int(m2.group(1)))
            continue
        out.append(int(m.group(1)) if m.group(1) else zh_numbers[m.group(2)])
    return out


def test_annotate_chinese_contract_gets_chinese_comments_in_article_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "zh.docx"
    assert main(["annotate", str(ZH_DOCX), "--out", str(out)]) == 0
    comments = read_comments(out)
    assert len(comments) >= 10
    for c in comments:
        head = c.text.splitlines()[0]
        assert head.startswith("第") or head.startswith("缺失：第"), head
        assert "LAWYER CHECK" not in c.text and "Recommendation:" not in c.text.split("\n")[0]
        # the explanation does not repeat the article and requirement of the first line
        assert not any("｜" in line for line in c.text.splitlines()[1:]), c.text
    arts = _articles([c.text for c in comments])
    assert arts == sorted(arts)
    # within an article, the order of the regulation's rules (clause_patterns/rules/articles.yaml)
    rules = list(load_patterns().rules.requirements)
    titles = {
        rid: r.title["zh"]
        for rid, r in load_patterns().rules.requirements.items()
        if "zh" in r.title
    }
    seen = []
    for c in comments:
        rid = next((r for r, t in titles.items() if f"— {t}：" in c.text.splitlines()[0]), None)
        if rid is not None and (not seen or seen[-1] != rid):
            seen.append(rid)
    assert seen == sorted(seen, key=rules.index)
    # --lang-out en: English comments on the same contract
    assert (
        main(["annotate", str(ZH_DOCX), "--out", str(tmp_path / "en.docx"), "--lang-out", "en"])
        == 0
    )
    en = read_comments(tmp_path / "en.docx")
    assert len(en) == len(comments)
    assert all(c.text.startswith(("Art. ", "Missing: ")) for c in en)
    assert [c.anchor for c in en] == [c.anchor for c in comments]


def test_annotate_english_contract_keeps_english_comments(tmp_path: Path) -> None:
    out = tmp_path / "en.docx"
    assert main(["annotate", str(EN_DOCX), "--out", str(out)]) == 0
    comments = read_comments(out)
    assert comments and all(c.text.startswith(("Art. ", "Missing: ")) for c in comments)
    arts = _articles([c.text for c in comments])
    assert arts == sorted(arts)
    zh = tmp_path / "zh.docx"
    assert main(["annotate", str(EN_DOCX), "--out", str(zh), "--lang-out", "zh"]) == 0
    heads = [c.text.splitlines()[0] for c in read_comments(zh)]
    assert all(_CJK.search(h) for h in heads)
