"""Wordings found by a blind review of 16 CUAD contracts outside the dev gold (session 3).

Each case is a sentence we wrote in the shape of the wording that misled the analyzer (never
corpus text): the first of each pair used to give the wrong label, the second is the reading that
must survive the fix.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from analyzer.model import ContractReport
from analyzer.report import labels_from_findings

Screen = Callable[..., ContractReport]


def labels(report: ContractReport) -> dict[str, object]:
    return labels_from_findings(report.findings)


CONF = (
    '"Confidential Information" means all non-public information disclosed by Customer. '
    "Supplier shall not disclose Confidential Information to any third party."
)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "inform" no longer matches the noun "Information": a need-to-know permission binds nobody
        (
            "Supplier may disclose Confidential Information to its employees who need to know it "
            "to perform its obligations under this Agreement.",
            False,
        ),
        # the passive form of informing staff does count
        (
            "Supplier may disclose Confidential Information to its employees, provided that they "
            "have been advised in writing of the confidential nature of the information.",
            True,
        ),
        # staff who "have obligations of confidentiality"
        (
            "Supplier may disclose Confidential Information only to its employees who have "
            "written obligations of confidentiality at least as protective as these.",
            True,
        ),
        # a disclosure by an employee is deemed the party's own
        (
            "Any disclosure of Confidential Information by an employee of Supplier shall be deemed "
            "to be a disclosure by Supplier.",
            True,
        ),
    ],
)
def test_review_personnel_confidentiality(screen: Screen, sentence: str, expected: bool) -> None:
    report = screen(CONF, sentence)
    assert labels(report)["art6_personnel_confidentiality"] is expected


def test_review_subcontractor_liability_alone_is_no_flow_down(screen: Screen) -> None:
    """Responsibility for subcontractors' "obligations" in a contract without any confidentiality
    duty is general liability, not a confidentiality flow-down."""
    report = screen(
        "Supplier shall remain responsible for obligations performed by its agents or "
        "subcontractors as if they were its own acts or omissions."
    )
    got = labels(report)
    assert got["art6_third_party_confidentiality"] is False
    assert got["art6_personnel_confidentiality"] is False


@pytest.mark.parametrize(
    ("sentences", "forum"),
    [
        (
            [
                "If the parties cannot agree on the index, an accountant shall choose it, who shall "
                "act as an expert and not as an arbitrator, and whose decision shall be final and "
                "binding.",
                "Both parties submit to the exclusive jurisdiction of the courts of England.",
            ],
            "courts",
        ),
        (
            [
                "Any dispute arising out of this Agreement shall be settled by binding arbitration "
                "in London."
            ],
            "arbitration",
        ),
    ],
)
def test_review_expert_determination_is_not_arbitration(
    screen: Screen, sentences: list[str], forum: str
) -> None:
    assert labels(screen(*sentences))["art10_dispute_forum"] == forum


@pytest.mark.parametrize(
    ("sentences", "owner"),
    [
        # a denial of work-for-hire status gives the client nothing
        (
            [
                'Customer agrees that the Supplier Tools are not "work made for hire" within the '
                "meaning of the Copyright Act.",
                "Supplier shall retain title and all other ownership rights in the Supplier Tools "
                "and any and all derivative works based thereon.",
            ],
            "provider",
        ),
        # the usual fallback still reads as the client's
        (
            [
                "All Deliverables shall be works made for hire for Customer. To the extent any "
                "Deliverable is not a work made for hire, Supplier hereby assigns all right, title "
                "and interest in it to Customer."
            ],
            "client",
        ),
        (
            ["Customer shall be the owner of all Deliverables developed under this Agreement."],
            "client",
        ),
    ],
)
def test_review_ip_ownership(screen: Screen, sentences: list[str], owner: str) -> None:
    assert labels(screen(*sentences))["art11_ip_ownership"] == owner


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Supplier recognizes that all intellectual property of the project belongs to Customer.",
            True,
        ),
        (
            "Supplier shall use Customer's trade-marks only with the prior written consent of Customer.",
            True,
        ),
        # "Owner" as a party name is not ownership
        (
            "Supplier acknowledges that Customer may retain other service providers for the "
            "Owner's premises.",
            False,
        ),
    ],
)
def test_review_client_ip_protection(screen: Screen, sentence: str, expected: bool) -> None:
    assert labels(screen(sentence))["art12_client_ip_protection"] is expected


def test_review_security_duty_borne_by_the_client_is_not_the_providers(screen: Screen) -> None:
    """ "Customer is responsible to implement appropriate safeguards": no modal verb, but the
    client bears it."""
    report = screen(
        "Customer is responsible to implement appropriate safeguards to protect and recreate "
        "its data, should it be destroyed through hardware malfunction."
    )
    assert labels(report)["art5_security_measures"] is False
    report = screen(
        "Supplier is responsible for implementing appropriate safeguards, including encryption "
        "and access controls, to protect Customer data."
    )
    assert labels(report)["art5_security_measures"] is True


def test_review_british_unquoted_party_definitions(screen: Screen) -> None:
    """'(1) ACME LIMITED ... (the Company) (2) JANE SMITH (the Consultant)': terms defined in
    brackets without quotes, and a role noun ("Client") used only inside another definition."""
    report = screen(
        "THIS AGREEMENT is made on 1 October 2019 BETWEEN: (1) ACME HOLDINGS LIMITED (registered "
        "number 0100) whose registered office is at 1 High Street, London (the Company) (2) JANE "
        "SMITH (the Consultant).",
        "Client means any person with whom the Company has arrangements for its products.",
        "The Consultant shall provide the consulting services to the Company.",
        "All Intellectual Property Rights created by the Consultant in providing the services "
        "shall belong to and vest in the Company.",
        preamble=False,
    )
    roles = {p.name: p.role for p in report.parties}
    assert roles.get("ACME HOLDINGS LIMITED") == "client"
    assert roles.get("JANE SMITH") == "provider"
    assert labels(report)["art11_ip_ownership"] == "client"


def test_review_multiword_trigger_across_a_line_break(screen: Screen) -> None:
    """Text laid out from a PDF separates the words of "American Arbitration Association" by
    runs of spaces and line breaks; the trigger literal must still select the pattern."""
    report = screen(
        "Any dispute shall be settled by binding arbitration under the commercial rules of the "
        "American         Arbitration\n        Association."
    )
    got = labels(report)
    assert (got["art10_dispute_forum"], got["art10_arbitration_institution"]) == (
        "arbitration",
        "AAA",
    )


def test_review_mediator_appointed_by_an_institution_is_no_arbitration(screen: Screen) -> None:
    report = screen(
        "The parties shall first mediate; the mediator shall be appointed under the American "
        "Arbitration Association's Commercial Mediation Rules.",
        "Both parties submit to the exclusive jurisdiction of the courts of New York.",
    )
    got = labels(report)
    assert (got["art10_dispute_forum"], got["art10_arbitration_institution"]) == ("courts", None)


@pytest.mark.parametrize("seed", range(10))
def test_tagger_sees_triggers_across_any_white_space(seed: int) -> None:
    """A text whose words are separated by line breaks and runs of spaces gets the same hits
    (pattern and matched words) as the same text with single spaces, multi-word triggers of
    families ("back up") and of single patterns ("american arbitration") included."""
    import random

    from analyzer.patterns import load_patterns
    from analyzer.tagger import tagger_for

    rng = random.Random(seed)
    sentences = [
        "Any dispute shall be settled by binding arbitration under the rules of the American "
        "Arbitration Association.",
        "The Supplier shall not disclose Confidential Information to any third party.",
        "All work product shall be the sole and exclusive property of the Customer.",
        "The Supplier shall keep back up copies of Customer Data in a secure location.",
    ]
    gaps = [" ", "  ", "\n", "   \n   ", " \t "]
    words = " ".join(rng.sample(sentences, len(sentences))).split(" ")
    spread = "".join(w + rng.choice(gaps) for w in words).rstrip()
    single = " ".join(words)
    tagger = tagger_for(load_patterns(), "en")

    def seen(text: str) -> list[tuple[str, str]]:
        return [(h.pattern_id, " ".join(text[h.start : h.end].split())) for h in tagger.tag(text)]

    assert sorted(seen(spread)) == sorted(seen(single))
    assert any(p == "en.sec.backup" for p, _w in seen(spread))


def test_review_keeping_the_agreement_terms_secret_is_no_art4_duty(screen: Screen) -> None:
    got = labels(
        screen(
            "The parties recognize that this Agreement contains sensitive information and agree "
            "to keep the entire contents of this Agreement confidential."
        )
    )
    assert got["art4_provider_nondisclosure"] is False
    got = labels(screen("Supplier shall keep all information received from Customer confidential."))
    assert got["art4_provider_nondisclosure"] is True


INDIVIDUAL = (
    'This Consulting Agreement is made between Acme Holdings Inc. ("Company") and Jane Smith '
    '("Smith").',
    "Smith shall provide the consulting services to the Company.",
)


@pytest.mark.parametrize(
    ("preamble", "expected"),
    [
        (INDIVIDUAL, True),  # an individual provider bound not to compete binds the worker
        (
            (
                'This Development Agreement is made between Acme Holdings Inc. ("Company") and '
                'Beta Software LLC ("Developer").',
                "Developer shall provide the development services to the Company.",
            ),
            False,  # a company's own non-compete does not bind its staff
        ),
    ],
)
def test_review_noncompete_of_an_individual_provider(
    screen: Screen, preamble: tuple[str, str], expected: bool
) -> None:
    party = preamble[0].split('("')[2].split('")')[0]
    report = screen(
        *preamble,
        f"During the term and for two years after it, {party} agrees not to: (a) compete with "
        "the business of the Company.",
        preamble=False,
    )
    assert labels(report)["art6_personnel_noncompete"] is expected


@pytest.mark.parametrize(
    ("provider", "expected"), [("张伟", True), ("北京某某科技有限公司", False)]
)
def test_review_noncompete_of_an_individual_provider_zh(
    screen: Screen, provider: str, expected: bool
) -> None:
    report = screen(
        "技术服务合同",
        "委托方（甲方）：上海某某软件有限公司",
        f"受托方（乙方）：{provider}",
        "乙方应为甲方提供软件开发技术服务。",
        "合同期内及期满后两年内，乙方不得从事与甲方存在竞争关系的业务。",
        preamble=False,
    )
    assert labels(report)["art6_personnel_noncompete"] is expected


def test_review_licence_of_prior_inventions_is_no_provider_ownership(screen: Screen) -> None:
    """A consulting agreement's licence of the consultant's pre-existing inventions does not make
    the consultant owner of new results: the assignment to the client decides."""
    report = screen(
        "All Inventions developed by Supplier under this Agreement shall be the sole property of "
        "Customer, and Supplier hereby assigns them to Customer.",
        "If Supplier incorporates into any Invention developed under this Agreement any "
        "preexisting invention owned by Supplier, Customer is granted a perpetual licence to it.",
    )
    assert labels(report)["art11_ip_ownership"] == "client"


def test_review_venue_named_as_a_state(screen: Screen) -> None:
    report = screen(
        "Any action arising under this Agreement shall be brought only in the State of Texas."
    )
    assert labels(report)["art10_dispute_forum"] == "courts"
    report = screen("This Agreement shall be governed by the laws of the State of Texas.")
    assert labels(report)["art10_dispute_forum"] == "none"


def test_review_noncompete_worded_as_competitive_business(screen: Screen) -> None:
    report = screen(
        *INDIVIDUAL,
        "Smith shall not participate in the formation of any business that is competitive with "
        "the Company.",
        preamble=False,
    )
    assert labels(report)["art6_personnel_noncompete"] is True
