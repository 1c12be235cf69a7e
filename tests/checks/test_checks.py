"""Each requirement's check on short sentences we wrote: one row per status / value."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from analyzer.checks import REGISTRY
from analyzer.model import ContractReport

Screen = Callable[..., ContractReport]

CONF_DEF = '"Confidential Information" means all non-public information disclosed by Customer.'


def test_checks_registry_is_pinned() -> None:
    assert {k: (c.article, c.languages) for k, c in REGISTRY.items()} == {
        "art3.confidential_info_defined": (3, ("en", "zh")),
        "art4.provider_nondisclosure": (4, ("en", "zh")),
        "art4.officers_and_staff": (4, ("en", "zh")),
        "art5.security_measures": (5, ("en", "zh")),
        "art5.return_destroy": (5, ("en", "zh")),
        "art6.personnel_confidentiality": (6, ("en", "zh")),
        "art6.personnel_noncompete": (6, ("en", "zh")),
        "art6.third_party_confidentiality": (6, ("en", "zh")),
        "art7.training": (7, ("en", "zh")),
        "art8.certification": (8, ("en", "zh")),
        "art9.audit": (9, ("en", "zh")),
        "art10.dispute_forum": (10, ("en", "zh")),
        "art10.arbitration_institution": (10, ("en", "zh")),
        "art10.either_or": (10, ("en", "zh")),
        "art10.covers_confidentiality": (10, ("en", "zh")),
        "art11.ip_ownership": (11, ("en", "zh")),
        "art12.client_ip_protection": (12, ("en", "zh")),
    }
    for req, check in REGISTRY.items():
        assert check.requirement == req
        assert req.startswith(f"art{check.article}.")


@pytest.mark.parametrize(
    ("requirement", "paragraphs", "status"),
    [
        ("art3.confidential_info_defined", [CONF_DEF], "met"),
        (
            "art3.confidential_info_defined",
            ["Confidential Information does not include information that is already public."],
            "partial",
        ),
        ("art3.confidential_info_defined", ["The Services start on 1 May."], "missing"),
        (
            "art4.provider_nondisclosure",
            ["Supplier shall not disclose the Confidential Information to any third party."],
            "met",
        ),
        (
            "art4.provider_nondisclosure",
            ["Each party shall hold the other party's Confidential Information in confidence."],
            "met",
        ),
        (
            "art4.provider_nondisclosure",
            [
                "Customer shall not disclose the Confidential Information of Supplier to any third party."
            ],
            "flag",
        ),
        ("art4.provider_nondisclosure", ["The Fees are payable monthly."], "missing"),
        (
            "art4.provider_nondisclosure",
            [
                "Customer shall keep the Supplier Confidential Information confidential, shall "
                "not disclose it to any third party and shall use it only to receive the Services."
            ],
            "flag",
        ),
        (
            "art6.third_party_confidentiality",
            [
                "Customer may disclose Supplier Confidential Information to its professional "
                "advisers and shall be responsible for their compliance with this clause."
            ],
            "missing",
        ),
        (
            "art3.confidential_info_defined",
            ['"Supplier Confidential Information" means the price lists of Supplier.'],
            "missing",
        ),
        (
            "art4.officers_and_staff",
            [
                "Supplier shall not disclose the Confidential Information to any third party.",
                "Supplier shall ensure that its employees are bound by written confidentiality "
                "obligations at least as protective as these.",
            ],
            "met",
        ),
        (
            "art4.officers_and_staff",
            ["Supplier shall not disclose the Confidential Information to any third party."],
            "flag",
        ),
        (
            "art5.security_measures",
            [
                "Supplier shall encrypt all Customer data and maintain access controls on its systems."
            ],
            "met",
        ),
        (
            "art5.security_measures",
            [
                "Supplier shall protect the Confidential Information with the same degree of care "
                "it uses for its own confidential information."
            ],
            "flag",
        ),
        ("art5.security_measures", ["The Services start on 1 May."], "missing"),
        (
            "art5.return_destroy",
            ["On termination Supplier shall return or destroy all Confidential Information."],
            "met",
        ),
        (
            "art6.personnel_confidentiality",
            [
                "Supplier may disclose Confidential Information to its employees only if they are "
                "bound by confidentiality obligations no less protective than these."
            ],
            "met",
        ),
        (
            "art6.personnel_confidentiality",
            ["Supplier may share Confidential Information with its employees who need to know it."],
            "missing",
        ),
        (
            "art6.personnel_noncompete",
            ["Supplier shall have each of its key employees sign a non-compete agreement."],
            "met",
        ),
        (
            "art6.personnel_noncompete",
            ["Neither party shall solicit for employment any employee of the other party."],
            "missing",
        ),
        (
            "art6.third_party_confidentiality",
            [
                "Supplier may disclose Confidential Information to its subcontractors provided they "
                "are bound by written confidentiality obligations no less protective than these."
            ],
            "met",
        ),
        ("art6.third_party_confidentiality", ["Supplier may use subcontractors."], "missing"),
        (
            "art7.training",
            ["Supplier shall train its staff in information security every year."],
            "met",
        ),
        ("art7.training", ["The Services start on 1 May."], "missing"),
        (
            "art8.certification",
            ["Supplier shall maintain ISO/IEC 27001 certification for its data centres."],
            "met",
        ),
        (
            "art9.audit",
            ["Customer may audit the security procedures and records of Supplier on notice."],
            "met",
        ),
        (
            "art10.arbitration_institution",
            ["Any dispute shall be finally settled by binding arbitration in Singapore."],
            "flag",
        ),
        (
            "art10.arbitration_institution",
            ["Each party submits to the exclusive jurisdiction of the courts of England."],
            "not_applicable",
        ),
        (
            "art10.either_or",
            [
                "Either party may choose to submit the dispute to arbitration or to bring a "
                "lawsuit in court."
            ],
            "flag",
        ),
        (
            "art10.covers_confidentiality",
            [
                "All disputes arising out of this Agreement shall be submitted to the exclusive "
                "jurisdiction of the courts of Hong Kong."
            ],
            "met",
        ),
        (
            "art12.client_ip_protection",
            ["Supplier shall not contest the ownership or validity of the trademarks of Customer."],
            "met",
        ),
        (
            "art12.client_ip_protection",
            ["Customer shall not reverse engineer any software provided by Supplier."],
            "missing",
        ),
        ("art12.client_ip_protection", ["The Services start on 1 May."], "missing"),
    ],
)
def test_checks_status(
    screen: Screen, requirement: str, paragraphs: list[str], status: str
) -> None:
    report = screen(*paragraphs)
    finding = report.finding(requirement)
    assert finding is not None
    assert finding.status == status, finding.explanation
    assert finding.recommendation.keys() == {"en", "zh"}
    for ev in finding.evidence:
        assert ev.quote


@pytest.mark.parametrize(
    ("paragraphs", "value"),
    [
        (
            ["Any dispute shall be finally settled by binding arbitration in Singapore."],
            "arbitration",
        ),
        (
            [
                "Each party submits to the exclusive jurisdiction of the courts of England and Wales."
            ],
            "courts",
        ),
        (
            [
                "Any dispute shall be finally settled by binding arbitration in London.",
                "Either party may seek injunctive relief in any court of competent jurisdiction.",
            ],
            "arbitration+courts",
        ),
        (["This Agreement is governed by the laws of the State of New York."], "none"),
    ],
)
def test_checks_dispute_forum_value(screen: Screen, paragraphs: list[str], value: str) -> None:
    assert screen(*paragraphs).labels()["art10_dispute_forum"] == value


@pytest.mark.parametrize(
    ("sentence", "institution"),
    [
        (
            "Disputes shall be settled by arbitration administered by the American Arbitration Association.",
            "AAA",
        ),
        (
            "Disputes shall be finally settled under the Rules of Arbitration of the International Chamber of Commerce.",
            "ICC",
        ),
        (
            "Disputes shall be submitted to the China International Economic and Trade Arbitration Commission for arbitration.",
            "CIETAC",
        ),
        (
            "Disputes shall be settled by arbitration at the Hong Kong International Arbitration Centre.",
            "HKIAC",
        ),
        ("Any dispute shall be finally settled by binding arbitration in Singapore.", None),
    ],
)
def test_checks_arbitration_institution_value(
    screen: Screen, sentence: str, institution: str | None
) -> None:
    assert screen(sentence).labels()["art10_arbitration_institution"] == institution


@pytest.mark.parametrize(
    ("paragraphs", "value", "status"),
    [
        (
            [
                "All Deliverables created by Supplier under this Agreement shall be the sole and exclusive property of Customer."
            ],
            "client",
            "met",
        ),
        (
            [
                "Supplier hereby assigns to Customer all right, title and interest in the work product developed under this Agreement."
            ],
            "client",
            "met",
        ),
        (
            [
                "All improvements and modifications developed by Supplier under this Agreement shall be owned by Supplier."
            ],
            "provider",
            "met",
        ),
        (
            ["Inventions made jointly by the parties under this Agreement shall be jointly owned."],
            "joint",
            "met",
        ),
        (
            [
                "All Deliverables created by Supplier under this Agreement shall be the sole and exclusive property of Customer.",
                "All tools and general improvements developed by Supplier under this Agreement shall remain the property of Supplier.",
            ],
            "split",
            "met",
        ),
        (
            ["Each party retains ownership of its pre-existing intellectual property."],
            "none",
            "missing",
        ),
        (["The Services start on 1 May."], "none", "missing"),
        # drafting variety (issue #3 follow-up): possessive owner, "also own", "wholly owned",
        # a fallback assignment, "created with", "rights, title", an acquired-during-use right
        (
            [
                "All reports prepared by Supplier under this Agreement shall be Customer's sole property."
            ],
            "client",
            "met",
        ),
        (
            ["Customer will also own any invention made by Supplier in performing the Services."],
            "client",
            "met",
        ),
        (
            [
                "All videos created and/or produced with material supplied by Supplier are wholly owned by Customer."
            ],
            "client",
            "met",
        ),
        (
            [
                "To the extent that ownership of the Project Materials does not automatically vest in Customer, "
                "Supplier hereby transfers and assigns to Customer all rights, title and interest in them."
            ],
            "client",
            "met",
        ),
        (
            [
                "If Supplier obtains any intellectual property right in the Customer Content during its use, "
                "Supplier shall take all actions required to assign such intellectual property right to Customer."
            ],
            "client",
            "met",
        ),
        (
            ["Customer shall retain all right, title and interest in its website and trademarks."],
            "none",
            "missing",
        ),
    ],
)
def test_checks_ip_ownership_value(
    screen: Screen, paragraphs: list[str], value: str, status: str
) -> None:
    report = screen(*paragraphs)
    finding = report.finding("art11.ip_ownership")
    assert finding is not None
    assert (finding.value, finding.status) == (value, status), finding.explanation
    if value == "none":
        assert finding.severity == "high"
        assert "Missing IP-ownership" in finding.explanation


def test_checks_evidence_points_at_the_clause(screen: Screen) -> None:
    report = screen(
        "7.2 Supplier shall not disclose the Confidential Information to any third party."
    )
    finding = report.finding("art4.provider_nondisclosure")
    assert finding is not None and finding.evidence
    ev = finding.evidence[0]
    assert "shall not disclose" in ev.quote
    assert ev.clause is not None and "7.2" in ev.clause
    assert "en.conf.nda.not_disclose" in finding.explanation


# ------------------------------------------------------ the checks read their tags from the rules


def _rules_with(tmp_path: Path, *edits: tuple[str, str]) -> Any:
    """The shipped pattern set with ``rules/articles.yaml`` edited (old text -> new text)."""
    import shutil

    from analyzer.patterns import default_directory, load_patterns

    root = tmp_path / "cp"
    shutil.copytree(default_directory(), root)
    rules = root / "rules" / "articles.yaml"
    text = rules.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    rules.write_text(text, encoding="utf-8")
    return load_patterns(root)


TRAINING = "5. All staff shall complete information security training every year."


def test_checks_read_tags_from_article_rules(
    tmp_path: Path, screen: Callable[..., ContractReport]
) -> None:
    """Regression (#15): the rules' ``tags:`` lists were validated and never read."""
    default = {f.requirement: f.status for f in screen(TRAINING).findings}
    assert default["art7.training"] == "met" and default["art9.audit"] == "missing"
    pset = _rules_with(
        tmp_path,
        ("tags: [security.training]", "tags: [security.certification]"),
        ("tags: [security.audit]", "tags: [security.audit, security.training]"),
    )
    edited = {f.requirement: f.status for f in screen(TRAINING, patterns=pset).findings}
    assert edited["art7.training"] == "missing" and edited["art9.audit"] == "met"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'tags: [dispute.arbitration, dispute.courts]\n    title: {en: "A dispute forum',
            'tags: [dispute.arbitration]\n    title: {en: "A dispute forum',
            "art10.dispute_forum.*written for exactly",
        ),
        ("tags: [security.training]", "tags: []", "art7.training.*'tags' is empty"),
    ],
)
def test_checks_rules_the_checks_cannot_honour_are_refused(
    tmp_path: Path, screen: Callable[..., ContractReport], old: str, new: str, message: str
) -> None:
    from analyzer.checks import check_rules
    from analyzer.errors import PatternError

    pset = _rules_with(tmp_path, (old, new))
    with pytest.raises(PatternError, match=message):
        check_rules(pset)
    with pytest.raises(PatternError, match="articles.yaml"):
        screen(TRAINING, patterns=pset)
