"""Issue #18 error classes: bearers and statements the register got wrong, one small table per
class, with sentences written for these tests (no corpus text)."""

from __future__ import annotations

from builders import text_document

from analyzer.model import Obligation, Party
from analyzer.obligations import find_obligations, preamble_parties

EN_PARTIES = (
    Party("Acme Services Ltd", ("Supplier",), "provider"),
    Party("Beta Bank plc", ("Customer",), "client"),
)
ZH_PARTIES = (
    Party("甲方（委托方）", ("甲方", "委托方"), "client"),
    Party("乙方（受托方）", ("乙方", "受托方"), "provider"),
)


def register(
    text: str, language: str = "en", parties: tuple[Party, ...] | None = None
) -> tuple[Obligation, ...]:
    doc = text_document(*text.split("\n"), path="t.txt")
    if parties is None:
        parties = ZH_PARTIES if language == "zh" else EN_PARTIES
    return find_obligations(doc, (), parties, language)


def rows(obligations: tuple[Obligation, ...]) -> list[tuple[str, str, str]]:
    return [(o.bearer, str(o.role), str(o.modality)) for o in obligations]


# --- parties the party analysis missed: named in the preamble, roles from their duties ---------

PREAMBLE = (
    'This Agreement is made by and between Northwind Traders, Inc. ("NORTHWIND"), a Delaware '
    "corporation, and Bluefin Logistics Corporation located at 1 Harbour Road.\n"
    "RECITALS\n"
    "WHEREAS, the parties wish to cooperate.\n"
)


def test_preamble_parties_defined_terms_and_entity_names() -> None:
    extra = preamble_parties(PREAMBLE, ())
    terms = [p.terms[0] for p in extra]
    assert "NORTHWIND" in terms
    assert "Bluefin Logistics Corporation" in terms
    assert all(p.role == "unknown" for p in extra)
    # a party already known (by a term it contains or is contained in) is not added again
    known = (Party("Northwind Traders, Inc.", ("NORTHWIND",), "unknown"),)
    assert "NORTHWIND" not in [p.terms[0] for p in preamble_parties(PREAMBLE, known)]


def test_missing_parties_bear_duties_and_get_roles_from_them() -> None:
    text = PREAMBLE + (
        "Bluefin Logistics Corporation shall deliver the goods to the warehouse.\n"
        "Bluefin Logistics Corporation shall install and maintain the racks.\n"
        "Bluefin Logistics Corporation shall provide monthly reports.\n"
        "Northwind shall pay each invoice within 30 days.\n"
    )
    got = rows(register(text, parties=()))
    assert ("Bluefin Logistics Corporation", "provider", "must") in got
    # "NORTHWIND" is defined in capitals and used in title case
    assert ("Northwind", "client", "must") in got


def test_one_known_side_gives_the_other_the_opposite_role() -> None:
    parties = (
        Party("Acme Services Ltd", ("Supplier",), "provider"),
        Party("Gamma Stores", ("Gamma",), "unknown"),
    )
    got = rows(register("Supplier shall deliver.\nGamma shall pay the price.", parties=parties))
    assert got == [("Supplier", "provider", "must"), ("Gamma", "client", "must")]
