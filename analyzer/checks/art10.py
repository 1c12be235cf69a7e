"""Article 10: dispute forum, arbitral institution, either-or clauses, scope."""

from __future__ import annotations

import re
from collections import Counter

from analyzer.checks.context import CheckContext
from analyzer.model import Finding
from analyzer.tagger import Hit

REQ_FORUM = "art10.dispute_forum"
REQ_INSTITUTION = "art10.arbitration_institution"
REQ_EITHER_OR = "art10.either_or"
REQ_SCOPE = "art10.covers_confidentiality"

_ARB_WORD = re.compile(r"arbitra|仲裁", re.IGNORECASE)
_ALL_DISPUTES = re.compile(
    r"\b(any|all)\s+(disputes?|claims?|controvers\w+|actions?|suits?|proceedings?)\b|arising\s+"
    r"(out\s+of|under|from)|in\s+connection\s+with|relating\s+to|confidential|因本合同|与本合同有关|"
    r"一切争议|任何争议|争议",
    re.IGNORECASE,
)


# the names of arbitral bodies, which say "arbitration" without choosing it
_BODY_NAME = re.compile(
    r"\b(american|japan\w*|korean)\s+(commercial\s+)?arbitration\s+(association|board)\b|"
    r"\bjudicial\s+arbitration\s+and\s+mediation\b|\bcourt\s+of\s+(international\s+)?"
    r"arbitration\b|\barbitration\s+(association|institute|cent(er|re)|commission|foundation)\b",
    re.IGNORECASE,
)
_OTHER_ROLE = re.compile(r"\b(mediat\w*|conciliat\w*|experts?|apprais\w*)\b", re.IGNORECASE)


def _arbitration_around(ctx: CheckContext, hit: Hit) -> bool:
    """The institution's sentence speaks of arbitration outside the names of arbitral bodies
    (an expert or a mediator "appointed by the American Arbitration Association or JAMS" is no
    arbitration)."""
    sentence = ctx.sentence(hit)
    a, b = hit.start - hit.sent_start, hit.end - hit.sent_start
    rest = sentence[:a] + " " + sentence[b:]
    if _ARB_WORD.search(rest) is None:
        return False
    # a mediator or expert named by bodies whose names say "arbitration"
    return (
        _OTHER_ROLE.search(rest) is None or _ARB_WORD.search(_BODY_NAME.sub(" ", rest)) is not None
    )


# a place named as "venue" with no word of a court or of litigation ("Venue shall be Kansas.")
_VENUE = re.compile(r"\bvenue\b", re.IGNORECASE)
_LITIGATION = re.compile(
    r"\b(courts?|judicial|judges?|tribunals?|litigat\w*|lawsuits?|suits?|actions?|"
    r"proceedings?|jurisdiction)\b",
    re.IGNORECASE,
)


def _bare_venue(ctx: CheckContext, hit: Hit) -> bool:
    sentence = ctx.sentence(hit)
    return _VENUE.search(sentence) is not None and _LITIGATION.search(sentence) is None


def _forum_hits(ctx: CheckContext) -> tuple[list[Hit], list[Hit], list[Hit], list[Hit]]:
    arb = ctx.tagged("dispute.arbitration")
    inst = [
        h
        for h in ctx.tagged("dispute.institution")
        if _arbitration_around(ctx, h) and not _is_party_term(ctx, h)
    ]
    courts = ctx.tagged("dispute.courts")
    if arb or inst:
        # beside an arbitration clause, a bare "venue" is the seat of the arbitration
        courts = [h for h in courts if not _bare_venue(ctx, h)]
    inj = ctx.tagged("dispute.injunction")
    return arb, inst, courts, inj


def _is_party_term(ctx: CheckContext, hit: Hit) -> bool:
    """Whether the matched words are a party's name or defined term ("Investors Capital
    Corporation ("ICC")": the party, not the International Chamber of Commerce)."""
    words = ctx.document.text[hit.start : hit.end].strip()
    return any(words == p.name or words in p.terms for p in ctx.parties)


def forum_value(ctx: CheckContext) -> tuple[str, list[Hit]]:
    arb, inst, courts, inj = _forum_hits(ctx)
    arbitration = arb or inst
    if arbitration and (courts or inj):
        return "arbitration+courts", [*arbitration[:2], *(courts or inj)[:1]]
    if arbitration:
        return "arbitration", arbitration
    if courts:
        return "courts", courts
    return "none", []


def dispute_forum(ctx: CheckContext) -> Finding:
    value, hits = forum_value(ctx)
    if value == "none":
        law = ctx.tagged("law.governing")
        extra = (
            " A governing-law clause was found, but governing law alone does not choose a forum."
            if law
            else ""
        )
        open_ = ctx.not_agreed("dispute.arbitration", "dispute.courts")
        if open_:
            return ctx.finding(
                REQ_FORUM,
                "flag",
                "No forum is agreed: arbitration or courts are offered only as an option left "
                f"open (an unticked box, an unselected alternative or a blank: "
                f"{ctx.describe(open_[0])})." + extra,
                open_,
                value="none",
            )
        return ctx.finding(
            REQ_FORUM,
            "missing",
            "No arbitration or court forum is chosen." + extra,
            law[:1],
            value="none",
        )
    what = {
        "arbitration": "Disputes go to arbitration",
        "courts": "Disputes go to the courts",
        "arbitration+courts": "Both arbitration and courts are named",
    }[value]
    blank_courts = _left_blank(ctx, ctx.tagged("dispute.courts"))
    if blank_courts:
        return ctx.finding(
            REQ_FORUM,
            "flag",
            f"{what}, but the court is named only by a blank or a placeholder "
            f"({ctx.describe(blank_courts[0])}): the parties have not filled in which court has "
            "jurisdiction.",
            [*blank_courts, *hits],
            value=value,
        )
    return ctx.finding(REQ_FORUM, "met", f"{what}: {ctx.describe(hits[0])}.", hits, value=value)


_BLANK_NAME = re.compile(
    r"(向|由|提交|提请|交|在)[\s_＿\u3000【】]+(人民法院|法院|仲裁委员会|仲裁机构)"
    r"|(courts?\s+(of|in|at)|arbitration\s+(commission|centre|center)\s+of)\s*(_{2,}|\[\s*[●•]?\s*\])",
    re.IGNORECASE,
)


# how far after a court or arbitration hit a blank or placeholder still names its place
_BLANK_AFTER = 60


def _left_blank(ctx: CheckContext, hits: list[Hit]) -> list[Hit]:
    """Hits where the court or commission is named only by a blank (“向____人民法院起诉”) or
    a placeholder (“the courts of {jurisdiction}”, “courts located in [●]”)."""

    def blank(h: Hit) -> bool:
        if _BLANK_NAME.search(ctx.document.text, h.start, h.end):
            return True
        window = (h.start, min(h.sent_end, h.end + _BLANK_AFTER))
        return ctx.forms is not None and bool(ctx.forms.blanks_in(*window))

    return [h for h in hits if blank(h)]


def arbitration_institution(ctx: CheckContext) -> Finding:
    arb, inst, _courts, _inj = _forum_hits(ctx)
    if inst:
        counts = Counter(h.value for h in inst if h.value)
        value = counts.most_common(1)[0][0] if counts else None
        first = next(h for h in inst if h.value == value)
        name = ctx.rules.institutions.get(str(value), str(value))
        return ctx.finding(
            REQ_INSTITUTION,
            "met",
            f"The arbitral institution or rules body is {name} ({ctx.describe(first)}).",
            [first],
            value=value,
        )
    if arb:
        blank = _left_blank(ctx, arb)
        how = "its name is left blank" if blank else "no arbitration institution is named"
        return ctx.finding(
            REQ_INSTITUTION,
            "flag",
            f"Arbitration is chosen but {how} "
            f"({ctx.describe((blank or arb)[0])}); under PRC law such an agreement may be "
            "challenged unless supplemented.",
            arb,
            value=None,
        )
    return ctx.finding(
        REQ_INSTITUTION, "not_applicable", "No arbitration clause was found.", value=None
    )


def either_or(ctx: CheckContext) -> Finding:
    hits = ctx.tagged_for(REQ_EITHER_OR)
    if hits:
        return ctx.finding(
            REQ_EITHER_OR,
            "flag",
            "Arbitration and litigation are offered as alternatives (或裁或诉): "
            f"{ctx.describe(hits[0])}. Such a clause is generally not an effective arbitration "
            "agreement under PRC law.",
            hits,
        )
    value, hits = forum_value(ctx)
    if value == "none":
        return ctx.finding(REQ_EITHER_OR, "not_applicable", "No dispute forum was found.")
    return ctx.finding(
        REQ_EITHER_OR, "met", "The forum is not offered as an arbitration-or-litigation choice."
    )


def covers_confidentiality(ctx: CheckContext) -> Finding:
    value, hits = forum_value(ctx)
    if value == "none":
        return ctx.finding(REQ_SCOPE, "not_applicable", "No dispute forum was found.")
    broad = [h for h in hits if _ALL_DISPUTES.search(ctx.sentence(h))]
    if broad:
        return ctx.finding(
            REQ_SCOPE,
            "met",
            "The forum clause covers disputes under the contract generally, which includes "
            f"confidentiality breaches ({ctx.describe(broad[0])}).",
            broad,
        )
    return ctx.finding(
        REQ_SCOPE,
        "partial",
        "A forum is chosen, but its wording was not recognised as covering all disputes under "
        f"the contract ({ctx.describe(hits[0])}); check that confidentiality breaches are covered.",
        hits,
        review="the forum's wording may not cover confidentiality breaches",
    )
