"""Role resolution (analyzer/roles.py): the parties stage's last step reads the same role data.

Contracts here are written for these tests (never corpus text).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
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


DISTRIBUTION = (
    "DISTRIBUTION AGREEMENT",
    "This Distribution Agreement is made between Orchard Devices Inc., a Delaware corporation "
    '("Maker"), and Harbour Trading Ltd., a Hong Kong company ("Distributor").',
    "1. Distributor shall market the Products in the Territory.",
    "2. Distributor shall pay Maker the price of each order within 30 days of delivery.",
    "3. Distributor will pay Maker for all Products shipped under this Agreement.",
    "4. Distributor shall keep the Maker's price lists confidential.",
)


def test_a_distributor_paying_for_goods_is_not_thereby_the_client() -> None:
    # "Distributor shall pay Maker": the price of goods bought to resell, not a fee for services,
    # so the payment votes do not count against the distribution convention (the distributor
    # markets the other's products: the nominal provider)
    report = analyze(text_document(*DISTRIBUTION), second_reader=False)
    roles = {p.terms[0]: p.role for p in report.parties if p.terms}
    assert roles.get("Distributor") == "provider"
    assert roles.get("Maker") == "client"
    assert not [e for p in report.parties for e in p.evidence if "pay" in e.quote]


def test_a_payment_to_a_service_provider_still_makes_the_payer_the_client() -> None:
    # the exception is only for a distributor's purchases: a customer paying fees still votes
    lines = (
        "SERVICES AGREEMENT",
        'This Services Agreement is made between Orchard Devices Inc. ("Customer") and Harbour '
        'Support Ltd. ("Vendor").',
        "1. Customer shall pay Vendor the fees set out in Schedule 1.",
    )
    report = analyze(text_document(*lines), second_reader=False)
    roles = {p.terms[0]: p.role for p in report.parties if p.terms}
    assert roles == {"Customer": "client", "Vendor": "provider"}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "nominal_votes: [en.role.noun.licensee,",
            "nominal_votes: [en.role.noun.no_such_noun,",
            "nominal_votes names unknown",
        ),
        (
            "not_when_client_noun: [en.role.noun.distributor]",
            "not_when_client_noun: [en.role.noun.no_such_noun]",
            "not_when_client_noun names unknown",
        ),
    ],
)
def test_role_data_naming_an_unknown_id_is_refused(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    from analyzer.errors import PatternError

    root = tmp_path / "patterns"
    shutil.copytree(default_directory(), root)
    en = root / "roles" / "en.yaml"
    text = en.read_text(encoding="utf-8")
    assert old in text
    en.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PatternError, match=message) as err:
        load_patterns(root).role_data("en")
    assert "en.yaml" in str(err.value)


def _licensor_as_provider(tmp_path: Path) -> Path:
    """A team's pattern folder that settles the licence convention the other way round: the
    licensor is the provider, the royalty payer the client."""
    root = tmp_path / "team_patterns"
    shutil.copytree(default_directory(), root)
    en = root / "roles" / "en.yaml"
    text = en.read_text(encoding="utf-8")
    for old, new in (
        (
            "terms: [Licensee, Sublicensee], role: provider",
            "terms: [Licensee, Sublicensee], role: client",
        ),
        ("terms: [Licensor], role: client", "terms: [Licensor], role: provider"),
        (
            "pays_royalties\n    regex: '{P}\\s+(?:shall|will|agrees\\s+to)\\s+pay\\s+(?:to\\s+)?(?:the\\s+)?{C}",
            "pays_royalties\n    regex: '{C}\\s+(?:shall|will|agrees\\s+to)\\s+pay\\s+(?:to\\s+)?(?:the\\s+)?{P}",
        ),
    ):
        assert old in text, old
        text = text.replace(old, new)
    en.write_text(text, encoding="utf-8")
    return root


def test_a_portfolio_run_takes_a_teams_pattern_folder(tmp_path: Path) -> None:
    """`analyzer portfolio --patterns DIR`: a legal team settles who a licence's provider is
    in its own copy of the role words; the run uses it (the licensee's duties become the
    client's), and results made with other patterns are not served from the store."""
    import csv

    from test_roles_uncertain import LICENCE

    from analyzer.cli import main

    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "licence.txt").write_text("\n".join(LICENCE), encoding="utf-8")
    out = tmp_path / "out"

    def licensee_roles() -> set[str]:
        with (out / "obligations.csv").open(encoding="utf-8-sig") as fh:
            return {r["role"] for r in csv.DictReader(fh) if r["bearer"] == "Licensee"}

    assert main(["portfolio", str(folder), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    assert licensee_roles() == {"provider"}
    team = _licensor_as_provider(tmp_path)
    args = ["portfolio", str(folder), "--out", str(out), "--workers", "1", "--quiet"]
    assert main([*args, "--patterns", str(team)]) == 0
    assert licensee_roles() == {"client"}  # analysed again with the team's patterns, not cached
    assert main(args) == 0
    assert licensee_roles() == {"provider"}


def test_a_bad_pattern_folder_stops_a_portfolio_before_any_contract_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from analyzer.cli import main

    team = _licensor_as_provider(tmp_path)
    en = team / "roles" / "en.yaml"
    en.write_text(
        en.read_text(encoding="utf-8").replace("nominal_votes: [", "nominal_votes: [x.y, ")
    )
    folder = tmp_path / "contracts"
    folder.mkdir()
    (folder / "a.txt").write_text("Supplier shall keep the data secret.", encoding="utf-8")
    out = tmp_path / "out"
    status = main(["portfolio", str(folder), "--out", str(out), "--patterns", str(team), "--quiet"])
    assert status != 0
    err = capsys.readouterr().err
    assert "E200" in err and "en.yaml" in err and "nominal_votes" in err
    assert not (out / "results.sqlite").exists()
