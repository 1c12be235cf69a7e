"""Role resolution (analyzer/roles.py): the parties stage's last step reads the same role data.

Contracts here are written for these tests (never corpus text).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from builders import text_document

from analyzer.engine import analyze
from analyzer.patterns import default_directory, load_patterns
from analyzer.roles import _noun_votes, fallback_roles

ZH = (
    "服务合同",
    "甲方应按约定支付费用。",
    "乙方应对甲方提供的资料保密，不得向第三方泄露。",
)


def test_chinese_fallback_uses_the_positional_roles_of_the_role_data() -> None:
    roles = fallback_roles(text_document(*ZH), "zh")
    assert roles.source == "fallback"
    assert roles.role_of("乙方") == "provider"
    assert roles.role_of("甲方") == "client"


def test_a_custom_roles_file_changes_role_resolution(tmp_path: Path) -> None:
    # issue #15: a custom pattern folder reaches every stage, role resolution included
    root = tmp_path / "patterns"
    shutil.copytree(default_directory(), root)
    zh = root / "roles" / "zh.yaml"
    text = zh.read_text(encoding="utf-8")
    swapped = text.replace("{terms: [甲方], role: client}", "{terms: [甲方], role: provider}")
    swapped = swapped.replace("{terms: [乙方], role: provider}", "{terms: [乙方], role: client}")
    assert swapped != text
    zh.write_text(swapped, encoding="utf-8")
    pset = load_patterns(root)
    roles = fallback_roles(text_document(*ZH), "zh", pset.role_data("zh"))
    assert roles.role_of("甲方") == "provider"
    assert roles.role_of("乙方") == "client"

    # and the checks use it: the tagged duty of secrecy (乙方应…保密) no longer binds the
    # provider, so art4 rests on what the obligations register found instead
    def art4(patterns: object) -> str:
        report = analyze(text_document(*ZH), patterns=patterns, second_reader=False)
        f = next(f for f in report.findings if f.requirement == "art4.provider_nondisclosure")
        return f.explanation

    assert "binds the provider" in art4(None)
    assert "binds the provider" not in art4(pset)


def test_english_fallback_weighs_defined_terms_by_the_role_nouns() -> None:
    # no party block the parties stage can read; the defined terms name the roles
    doc = text_document(
        'This agreement is made by Acme Hosting LLC (the "Hosting Provider") and Beta Retail '
        'Corp. (the "Customer").',
        "The Hosting Provider shall keep the Customer's data secret.",
        "The Customer shall pay the Hosting Provider monthly.",
        "The Hosting Provider shall not disclose the data of the Customer.",
        "The Customer may audit the Hosting Provider.",
    )
    roles = fallback_roles(doc, "en", load_patterns().role_data("en"))
    assert roles.role_of("Hosting Provider") == "provider"
    assert roles.role_of("Customer") == "client"


def test_a_weak_role_noun_names_no_role_alone() -> None:
    # "Company" has weight 0.5 in the role data: it does not make a party the client by itself
    data = load_patterns().role_data("en")
    assert _noun_votes(data, "Company") == (0.0, 0.0)
    assert _noun_votes(data, "IT Service Provider")[0] > 0
    assert _noun_votes(data, "Licensee") == (1.5, 0.0)  # a pure licence's nominal provider
