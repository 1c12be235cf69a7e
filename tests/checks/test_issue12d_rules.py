"""Issue #12/#13, Article 11: general readings of IP-ownership clauses (who owns what, and which
clause decides), found from the art11 errors on train+dev.

Every sentence here was written for these tests (never corpus text).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from analyzer.model import ContractReport, Finding

Screen = Callable[..., ContractReport]


def finding(report: ContractReport, requirement: str = "art11.ip_ownership") -> Finding:
    return next(f for f in report.findings if f.requirement == requirement)


# --------------------------------------------------------------------------- wordings not found


@pytest.mark.parametrize(
    ("sentence", "owner"),
    [
        # a passive assignment
        ("All Deliverables are hereby assigned to Customer.", "client"),
        (
            "All right, title and interest in the Work Product shall be assigned to Customer.",
            "client",
        ),
        (
            "Any inventions conceived by Supplier in performing the Services shall be transferred "
            "to Customer.",
            "client",
        ),
        # "remain with"
        (
            "Ownership of all software developed under this Agreement shall remain with Supplier.",
            "provider",
        ),
        (
            "Title to all work product created by Supplier in performing the Services shall "
            "remain with Supplier.",
            "provider",
        ),
        # "owns all worldwide right, title and interest"
        ("Customer owns all worldwide right, title and interest in the Deliverables.", "client"),
        (
            "Supplier owns all worldwide right, title and interest in the improvements it "
            "develops under this Agreement.",
            "provider",
        ),
        # "in providing the Services"
        (
            "Supplier retains all intellectual property rights in any software developed in "
            "providing the Services, and Customer receives a licence to use it.",
            "provider",
        ),
        # "the exclusive owner of all results"
        ("Customer shall be the exclusive owner of all results of the Services.", "client"),
        # an active transfer, whose only trigger word is "transfer"
        (
            "Supplier shall transfer to Customer all rights in the results of the Services.",
            "client",
        ),
    ],
)
def test_ownership_wordings_are_read(screen: Screen, sentence: str, owner: str) -> None:
    f = finding(screen(sentence))
    assert f.status == "met", f.explanation
    assert f.value == owner, f.explanation


def test_both_parties_named_as_owners_is_joint(screen: Screen) -> None:
    f = finding(
        screen(
            "Inventions conceived by the parties together in performing the Services shall be "
            "owned by Customer and Supplier."
        )
    )
    assert f.value == "joint", f.explanation


def test_a_second_clause_after_and_is_not_a_co_owner(screen: Screen) -> None:
    f = finding(
        screen(
            "All Deliverables created under this Agreement shall vest in Customer and Supplier "
            "shall have a licence to use them internally."
        )
    )
    assert f.value == "client", f.explanation


# --------------------------------------------------------------------------- not allocations


@pytest.mark.parametrize(
    "sentence",
    [
        # a participle describing what someone owns, no copula giving it to anyone
        "Customer may use the information owned by Supplier only for the Services, including "
        "any improvements developed under this Agreement.",
        "Supplier shall list the patents owned by Supplier on the improvements developed under "
        "its earlier agreements.",
        # a denial
        "No Licensed Patent is jointly owned by Supplier and any third party.",
        "The Platform is not a work product of the Services, nor is it owned by Customer.",
        # a noun "transfers", not an assignment
        "Supplier shall cooperate in the recordation of the transfers of any patents in the "
        "improvements developed before the Effective Date to Customer.",
        # a present-tense definition describes existing ownership
        '"Seller Patents" means the patents on inventions developed before the Effective Date '
        "that are owned by Supplier.",
        # results named only in an exception
        "Title to the Software (except the Customizations developed for Customer) shall remain "
        "with Supplier.",
        # an acknowledgement of existing title, with a denied result word
        "Customer acknowledges that the Equipment is not an improvement to the Premises and is "
        "separately owned by Supplier.",
    ],
)
def test_statements_that_allocate_no_new_results(screen: Screen, sentence: str) -> None:
    f = finding(screen(sentence))
    assert f.value in (None, "none"), f.explanation
    assert f.status == "missing", f.explanation


def test_a_hereby_passive_in_operative_text_still_counts(screen: Screen) -> None:
    f = finding(
        screen(
            "All work product prepared by Supplier under this Agreement is hereby assigned to Customer."
        )
    )
    assert f.value == "client", f.explanation


# --------------------------------------------------------------------------- more wordings


@pytest.mark.parametrize(
    ("sentence", "owner"),
    [
        ("Upon payment, all rights in the Deliverables shall pass to Customer.", "client"),
        (
            "Customer shall be entitled to all intellectual property rights in the results of the "
            "Services.",
            "client",
        ),
        (
            "Supplier shall, and hereby does, assign to Customer all intellectual property in the "
            "Deliverables.",
            "client",
        ),
        (
            "Supplier agrees to assign to Customer all inventions made in the course of the "
            "Services.",
            "client",
        ),
        (
            "Supplier shall procure that its employees assign to Customer all rights in the work "
            "product created under this Agreement.",
            "client",
        ),
        (
            "Supplier acknowledges that Customer is the owner of all Deliverables created under "
            "this Agreement.",
            "client",
        ),
        (
            "No later than thirty days after acceptance, all rights in the Deliverables shall vest "
            "in Customer.",
            "client",
        ),
        # a denial first, then the allocation in a clause of its own
        (
            "Nothing in this Agreement transfers to Customer any ownership of the work product "
            "created by Supplier, which remains Supplier's property.",
            "provider",
        ),
        # keeping pre-existing tools beside an allocation of the results is no split
        (
            "Customer shall own the Deliverables developed under this Agreement, but Supplier "
            "retains ownership of its pre-existing tools.",
            "client",
        ),
        # each part of a sentence names its own owner
        (
            "Customer shall own the Deliverables developed under this Agreement; Supplier shall "
            "own all general improvements to its tools developed in performing the Services.",
            "split",
        ),
    ],
)
def test_more_ownership_wordings(screen: Screen, sentence: str, owner: str) -> None:
    f = finding(screen(sentence))
    assert f.status == "met", f.explanation
    assert f.value == owner, f.explanation


def test_an_assignment_of_staff_to_review_deliverables_is_no_ip_clause(screen: Screen) -> None:
    f = finding(screen("Customer will assign a project manager to review all deliverables."))
    assert f.status == "missing", f.explanation


# --------------------------------------------------------------------------- Chinese

ZH_HEAD = (
    "设计服务合同",
    "甲方（委托方）：东方示范贸易有限公司",
    "乙方（受托方）：西山示范设计有限公司",
    "甲方委托乙方为其提供室内设计服务，乙方同意提供该服务。",
)


@pytest.mark.parametrize(
    ("line", "owner"),
    [
        # the client must respect the provider's design IP: the provider owns the design
        ("第五条 甲方应维护乙方的设计知识产权，未经乙方同意不得复制设计文件。", "provider"),
        ("第五条 甲方应尊重乙方对设计成果的著作权。", "provider"),
        # protecting what the client itself provided allocates nothing
        ("第五条 乙方应保护甲方提供的设计资料的知识产权。", "none"),
    ],
)
def test_zh_respecting_the_providers_design_ip(line: str, owner: str) -> None:
    from builders import text_document

    from analyzer.engine import analyze

    report = analyze(text_document(*ZH_HEAD, line, path="zh.txt"), second_reader=False)
    f = finding(report)
    assert (f.value or "none") == owner, f.explanation


# --------------------------------------------------------------------------- which clause decides


@pytest.mark.parametrize(
    "paragraphs",
    [
        # "The term ... means" is a definition too: present tense there describes, not allocates
        (
            '1.4 Background Patents. The term "Background Patents" means the patents on '
            "inventions developed before the Effective Date that are owned by Supplier.",
        ),
        # staff give their inventions to their employer: nothing passes between the parties
        (
            "Supplier represents that all of its employees have signed agreements assigning to "
            "Supplier all inventions made in performing the Services.",
        ),
        # a long recital stating who owns a mark
        (
            "WHEREAS, Supplier, a company organised under the laws of Delaware whose principal "
            "business, among other lines of business, is the sale of logistics software to "
            "retailers in several countries, is the owner of all right, title and interest in "
            'the mark "BETA".',
        ),
        # rights a licensee gains in a licensed mark are no results of services
        (
            "Customer hereby assigns to Supplier any rights it may acquire as a result of its use "
            "of the Licensed Mark.",
        ),
        # a denial continued by "nor"
        (
            "No Licensed Patent is owned by Customer, nor is it owned or jointly owned by any "
            "affiliate of Supplier.",
        ),
    ],
)
def test_no_allocation_of_new_results(screen: Screen, paragraphs: tuple[str, ...]) -> None:
    f = finding(screen(*paragraphs))
    assert f.value in (None, "none"), f.explanation


def test_what_is_expressly_not_a_result_is_kept_not_allocated(screen: Screen) -> None:
    f = finding(
        screen(
            "All Deliverables created under this Agreement shall be the property of Customer.",
            "Supplier may use its own tools, and (ii) Supplier's Know-How shall not be deemed to "
            "be Deliverables and shall remain the sole property of Supplier.",
        )
    )
    assert f.value == "client", f.explanation


def test_staff_assigning_to_the_client_is_an_allocation(screen: Screen) -> None:
    f = finding(
        screen(
            "Supplier shall ensure that its employees assign to Customer all rights in the work "
            "product created under this Agreement."
        )
    )
    assert f.value == "client", f.explanation


# --------------------------------------------------------------------------- retain / acquire / hold


@pytest.mark.parametrize(
    ("sentence", "owner"),
    [
        (
            "Supplier shall retain the copyright in all materials it creates under this Agreement.",
            "provider",
        ),
        ("Customer shall acquire all rights in the Deliverables upon payment.", "client"),
        (
            "Customer shall hold all intellectual property rights in the work product created "
            "under this Agreement.",
            "client",
        ),
        ("Customer owns the Deliverables.", "client"),
        # held in trust: the beneficiary owns
        ("Supplier shall hold all rights in the Deliverables in trust for Customer.", "client"),
    ],
)
def test_retain_acquire_hold_wordings(screen: Screen, sentence: str, owner: str) -> None:
    f = finding(screen(sentence))
    assert f.value == owner, f.explanation


@pytest.mark.parametrize(
    "sentence",
    [
        # a right to do something is no ownership
        "Supplier shall retain the right to use the deliverables for its internal training.",
        # the noun before a far-away passive is not its subject
        "The results will be marked when printed and when the report developed under this "
        "Agreement is transferred to the archive.",
    ],
)
def test_rights_to_act_and_loose_passives_are_no_allocation(screen: Screen, sentence: str) -> None:
    f = finding(screen(sentence))
    assert f.value in (None, "none"), f.explanation


def test_a_heading_naming_both_parties_inventions_is_not_joint_ownership(screen: Screen) -> None:
    f = finding(
        screen(
            "Subject to Section 8.2 (Ownership of Customer Inventions and Supplier Inventions), "
            "Customer shall solely own all right, title and interest in the results of the "
            "Services."
        )
    )
    assert f.value == "client", f.explanation


# --------------------------------------------------------------------------- weak evidence: review


@pytest.mark.parametrize(
    ("paragraphs", "value", "why"),
    [
        # the owner named is no party the analyzer knows
        (
            ("All Deliverables shall be the property of the Licensing Authority.",),
            "client",
            "matched",
        ),
        # only a definition says who owns
        (
            (
                '"Customer Reports" means the reports prepared under this Agreement, which shall '
                "be owned by Customer.",
            ),
            "client",
            "definition",
        ),
        # a work made for hire that names nobody
        (("All work product shall be deemed a work made for hire.",), "client", "names no owner"),
        # a licence to the results, and no word on who owns them
        (
            (
                "Supplier grants Customer a perpetual, royalty-free licence to use the Deliverables "
                "created under this Agreement.",
            ),
            "none",
            "licence",
        ),
    ],
)
def test_weak_evidence_is_marked_for_a_lawyers_check(
    screen: Screen, paragraphs: tuple[str, ...], value: str, why: str
) -> None:
    f = finding(screen(*paragraphs))
    assert (f.value or "none") == value, f.explanation
    assert f.review is not None and why in f.review, f.review
    assert "en.ip." not in f.review  # no internal pattern ids in text a lawyer reads


@pytest.mark.parametrize(
    "sentence",
    [
        "All Deliverables created under this Agreement shall be the property of Customer.",
        "Each party retains all rights in its pre-existing intellectual property.",
    ],
)
def test_clear_evidence_is_not_marked(screen: Screen, sentence: str) -> None:
    assert finding(screen(sentence)).review is None


def test_the_second_reader_keeps_the_rules_reason_when_it_agrees() -> None:
    from analyzer import learned
    from analyzer.model import Finding

    f = Finding(
        article=11,
        requirement="art11.ip_ownership",
        status="met",
        severity="info",
        explanation="IP ownership is allocated.",
        value="client",
        review="only a definition says who owns the results",
    )
    agree = learned.Decision("art11_ip_ownership", "client", 0.9, None, None, 0.9)
    kept = learned._revise(f, agree, "client", None, None, None)  # type: ignore[arg-type]
    assert kept.review == f.review and kept.confidence == 0.9
    own = learned.Decision("art11_ip_ownership", "client", 0.4, "low confidence (0.40)", None, 0.4)
    assert learned._revise(f, own, "client", None, None, None).review == "low confidence (0.40)"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("line", "owner"),
    [
        ("第五条 甲方为本项目开发软件的著作权人。", "client"),
        ("第五条 甲方是乙方完成的全部工作成果的唯一所有权人。", "client"),
        ("第五条 乙方交付的软件及文档的版权属甲方所有。", "client"),
        # one owner per clause of the sentence
        ("第五条 专用成果的知识产权归甲方所有，通用技术的知识产权归乙方所有。", "split"),
        ("第五条 专用成果的知识产权归甲方所有；通用技术的知识产权归乙方所有。", "split"),
    ],
)
def test_zh_holder_and_clause_wordings(line: str, owner: str) -> None:
    from builders import text_document

    from analyzer.engine import analyze

    report = analyze(text_document(*ZH_HEAD, line, path="zh.txt"), second_reader=False)
    assert (finding(report).value or "none") == owner, finding(report).explanation


def test_an_assumed_owner_does_not_outvote_a_named_one(screen: Screen) -> None:
    f = finding(
        screen(
            "Supplier agrees that all works of authorship made in performing the Services are "
            "works made for hire.",
            "All software developed by Supplier under this Agreement remains the property of "
            "Supplier.",
        )
    )
    assert f.value == "provider", f.explanation


@pytest.mark.parametrize(
    ("sentence", "owner"),
    [
        (
            "Customer shall have exclusive rights to all work product created under this "
            "Agreement.",
            "client",
        ),
        ("All Deliverables are Customer's exclusive property.", "client"),
        ("Customer shall be deemed the owner of all Deliverables.", "client"),
        (
            "Supplier assigns to Customer the copyright in all reports it prepares under this "
            "Agreement.",
            "client",
        ),
        (
            "Customer acknowledges that Supplier owns all modifications to the Supplier Platform "
            "made at Customer's request.",
            "provider",
        ),
    ],
)
def test_present_tense_and_deemed_owner_wordings(screen: Screen, sentence: str, owner: str) -> None:
    f = finding(screen(sentence))
    assert f.value == owner, f.explanation


def test_acknowledged_property_of_marks_is_no_allocation(screen: Screen) -> None:
    f = finding(screen("Supplier acknowledges that the Marks are Customer's exclusive property."))
    assert f.value in (None, "none"), f.explanation
