"""Session 7: rules that a better party analysis exposed, and the register's new wordings.

Every sentence here was written for these tests (never corpus text).
"""

from __future__ import annotations

from builders import Screen, finding, text_document

from analyzer.engine import analyze


def test_confidentiality_inside_a_subject_to_condition_is_no_duty_of_secrecy(
    screen: Screen,
) -> None:
    """The duty is to hand over employee lists; the confidentiality undertakings are a
    condition of it (who gives them is not even said)."""
    report = screen(
        "17.1 Within 14 days of notice Supplier shall, subject to the appropriate "
        "confidentiality undertakings being given, provide Customer with a list of the staff "
        "engaged in the Services."
    )
    f = finding(report, "art4.provider_nondisclosure")
    assert f.status == "missing", [e.quote for e in f.evidence]
    # the duty itself still counts where it is written
    kept = screen(
        "Supplier shall, subject to clause 9, keep all information of Customer strictly "
        "confidential."
    )
    assert finding(kept, "art4.provider_nondisclosure").status == "met"


def _register(text: str) -> list[tuple[str, str, str]]:
    doc = text_document(*text.split("\n"), path="t.txt")
    report = analyze(doc, second_reader=False)
    return [(o.bearer, str(o.role), str(o.modality)) for o in report.obligations]


def test_reserving_the_right_to_is_a_permission() -> None:
    rows = _register(
        'This Hosting Agreement is made between Larkspur Web Systems, Inc. ("Provider") and '
        'Tamarind Lending Corp. ("Client").\n'
        "Provider reserves the right at any time to suspend accounts that send spam. Client "
        "hereby reserves the right to audit Provider once a year. Provider shall host the Web Site."
    )
    assert ("Provider", "provider", "may") in rows
    assert ("Client", "client", "may") in rows
    assert ("Provider", "provider", "must") in rows


def test_access_and_a_right_of_approval_are_permissions() -> None:
    doc = text_document(
        'This Hosting Agreement is made between Larkspur Web Systems, Inc. ("Provider") and '
        'Tamarind Lending Corp. ("Client").',
        "Client will have access to the usage statistics in real time. Client shall have the "
        "right of approval of all banners. The Provider shall host the Web Site.",
        path="t.txt",
    )
    report = analyze(doc, second_reader=False)
    got = {(o.bearer, str(o.modality), o.action) for o in report.obligations}
    assert ("Client", "may", "access to the usage statistics in real time") in got
    assert ("Client", "may", "the right of approval of all banners") in got
    assert ("Provider", "must", "host the Web Site") in got


def test_a_company_written_short_bears_its_duties() -> None:
    """'NorthStar Web Systems, Inc.' is written 'NorthStar' where it bears duties; a word the
    text also uses in lower case ('Information …') is never taken for a short name."""
    text = (
        "THIS AGREEMENT sets out the terms under which NorthStar Web Systems, Inc., a Nevada "
        'corporation ("NORTHSTAR WEB SYSTEMS"), appoints Keystone Marketing Group, Inc., a '
        'Delaware corporation ("AGENT") as its sales agent.\n'
        "Agent shall market the portals to its customers and shall provide the marketing "
        "services to NorthStar.\n"
        "NorthStar shall remit the commission within 30 days. NorthStar shall maintain books "
        "and records of all sales."
    )
    rows = _register(text)
    assert ("NorthStar", "client", "must") in rows
    assert sum(1 for r in rows if r[0] == "NorthStar") == 2
    parties = analyze(text_document(*text.split("\n"), path="t.txt"), second_reader=False).parties
    northstar = next(p for p in parties if p.name.startswith("NorthStar"))
    assert "NorthStar" in northstar.terms
    other = analyze(
        text_document(
            'This Agreement is made between Information Systems Partners, Inc. ("ISP") and '
            'Redwood Bank N.A. ("Client").',
            "ISP shall provide the services to Client. Information shall be kept confidential. "
            "Information shall be returned on request; all information is Client's.",
            path="t.txt",
        ),
        second_reader=False,
    ).parties
    assert all("Information" not in p.terms for p in other)
