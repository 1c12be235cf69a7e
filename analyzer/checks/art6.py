"""Article 6: staff confidentiality, staff non-compete, third-party confidentiality."""

from __future__ import annotations

import itertools
import re

from analyzer.checks.art4 import bearer, subject
from analyzer.checks.context import CheckContext
from analyzer.model import Finding
from analyzer.prefilter import guarded
from analyzer.tagger import Hit

REQ_CONF = "art6.personnel_confidentiality"
REQ_NONCOMPETE = "art6.personnel_noncompete"
REQ_THIRD = "art6.third_party_confidentiality"


# whose staff or contractors a flow-down speaks of: "employees of the Company", "the Company's
# subcontractors" (the client's own people are no flow-down of the provider's duty)
_STAFF_NOUN = (
    r"(?:employees?|personnel|staff|officers|directors|agents|representatives|"
    r"sub-?contractors?|contractors|consultants|advis[oe]rs)"
)
_OWNER_AFTER = re.compile(
    _STAFF_NOUN
    + r"\s+(?:of|employed\s+by|engaged\s+by)\s+(?:the\s+)?([A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})"
)
_OWNER_BEFORE = re.compile(
    r"([A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})['’]s?\s+(?:own\s+)?(?:\w+\s+){0,2}?" + _STAFF_NOUN
)


def _clients_people(ctx: CheckContext, hit: Hit) -> bool:
    """The people the hit's words speak of belong to the client ("all employees of the Company
    … have signed …", "the Customer's subcontractors shall be bound …")."""
    words = ctx.document.text[hit.start : hit.end]
    owners = [m.group(1) for m in _OWNER_AFTER.finditer(words)]
    owners += [m.group(1) for m in _OWNER_BEFORE.finditer(words)]
    if not owners:
        return False
    return all(ctx.roles.role_near_end(o) == "client" for o in owners)


# who counts as a third party (Art. 6 flow-down), as against the provider's own people; and
# "Representatives" defined to take in contractors or advisers (the definition may name the
# singular: '"Representative" means … an officer, employee or subcontractor')
_THIRD_NOUN = re.compile(
    r"sub-?contract|contractor|consultant|advis[oe]r|third\s+part|auditor|accountant|attorney|"
    r"lawyer|counsel|affiliate|vendor|supplier|licensee|processor|\bpersons?\b|\bentit|\bothers\b|"
    r"分包|第三方|顾问|合作方|外包",
    re.IGNORECASE,
)
_OWN_STAFF = re.compile(
    r"\b(employees?|personnel|staff|officers|workers|directors|individuals)\b|员工|职员|雇员|人员",
    re.IGNORECASE,
)
# a defined group of people: "Representatives", "Authorised Persons", "Permitted Recipients"
_GROUP_TERM = re.compile(
    r"\b(?:[A-Z][a-z]+\s+)?(?:Representatives?|Persons|Recipients|Personnel)\b"
)


def _group_definitions(ctx: CheckContext, sentence: str) -> list[str]:
    """The definitions (250 characters either side) of the defined groups of people the
    sentence names: '"Representative" means … an officer, employee or subcontractor',
    'Authorised Persons means the directors, employees … of each Party' (the definition may name
    the singular)."""
    text = ctx.document.text
    out: list[str] = []
    for term in dict.fromkeys(m.group(0) for m in _GROUP_TERM.finditer(sentence)):
        out.extend(_term_definitions(text, term))
    return out


# the definitions found in the last text, by term: every hit of a check asks again, and each
# look-up reads the whole text (held with the text itself, so that a look-up never reads
# another text's definitions)
_LAST_DEFINITIONS: tuple[str, dict[str, tuple[str, ...]]] = ("", {})


def _term_definitions(text: str, term: str) -> tuple[str, ...]:
    """The definitions (250 characters either side) of the group ``term`` in ``text``."""
    global _LAST_DEFINITIONS
    if _LAST_DEFINITIONS[0] is text:
        memo = _LAST_DEFINITIONS[1]
    else:
        memo = {}
        _LAST_DEFINITIONS = (text, memo)
    found = memo.get(term)
    if found is None:
        stem = re.escape(term[:-1] if term.endswith("s") else term)
        definition = re.compile(
            r"[\(“\"]\s*(?:the\s+|its\s+|collectively,?\s+)?[“\"]?" + stem + r"s?[”\"]\s*\)?"
            r"|[“\"]?" + stem + r"s?[”\"]?\s+(?:shall\s+)?means?\b"
        )
        found = memo[term] = tuple(
            text[max(0, m.start() - 250) : m.end() + 250] for m in definition.finditer(text)
        )
    return found


def _group_includes(ctx: CheckContext, sentence: str, what: re.Pattern[str]) -> bool:
    """A defined group of people the sentence names is defined to take in ``what``."""
    return any(what.search(d) for d in _group_definitions(ctx, sentence))


_PEOPLE = re.compile(
    r"\b(employees?|personnel|staff|officers|directors|agents|representatives)\b", re.IGNORECASE
)


def _only_own_people(ctx: CheckContext, hit: Hit) -> bool:
    """The sentence's people are the party's own (employees, officers, agents,
    representatives) and no third party is named: the provider's staff (LABELS.md counts
    agents as personnel), not a third-party flow-down. Checked in English only."""
    if ctx.language != "en":
        return False
    sentence = ctx.sentence(hit)
    for term in (*ctx.roles.terms_for("provider"), *ctx.roles.terms_for("client")):
        if len(term) > 2:  # the parties' own names ("Supplier", "Vendor") name no third party
            sentence = sentence.replace(term, " ")
    if _THIRD_NOUN.search(sentence):
        return False
    if _group_includes(ctx, sentence, _THIRD_NOUN):
        return False
    return _PEOPLE.search(sentence) is not None


def _names_own_staff(ctx: CheckContext, hit: Hit) -> bool:
    sentence = ctx.sentence(hit)
    if _OWN_STAFF.search(sentence) or re.search(r"\bagents\b", sentence, re.IGNORECASE):
        return True
    return _group_includes(ctx, sentence, _OWN_STAFF)


# an auditor or inspector bound to confidentiality is no flow-down of the provider's duty
_AUDITOR = re.compile(
    r"\b(audit\w*|inspection|examination)\b[^.;]{0,80}\b(by|through)\s+(an?\s+)?"
    r"(independent|third)",
    re.IGNORECASE,
)


# "before disclosure to any of the above parties": a flow-down whose people are named in the
# sentences before it
_BACK_REFERENCE = re.compile(
    r"\b(?:above|foregoing|aforementioned|aforesaid)\s+(?:parties|persons|recipients|individuals)\b",
    re.IGNORECASE,
)
_BACK_WINDOW = 500


def _refers_back_to_staff(ctx: CheckContext, hit: Hit) -> bool:
    if _BACK_REFERENCE.search(ctx.sentence(hit)) is None:
        return False
    before = ctx.document.text[max(0, hit.sent_start - _BACK_WINDOW) : hit.sent_start]
    return _OWN_STAFF.search(before) is not None


def personnel_confidentiality(ctx: CheckContext) -> Finding:
    tagged = ctx.tagged_for(REQ_CONF)
    tagged += [h for h in ctx.tagged(*ctx.rule_tags(REQ_THIRD)) if _refers_back_to_staff(ctx, h)]
    hits = [
        h
        for h in sorted(tagged, key=lambda h: h.start)
        if bearer(ctx, h) != "client"
        and not _clients_people(ctx, h)
        and (_names_own_staff(ctx, h) or _refers_back_to_staff(ctx, h))
    ]
    if hits:
        return ctx.finding(
            REQ_CONF,
            "met",
            f"Staff who receive the information must be bound: {ctx.describe(hits[0])}.",
            hits,
        )
    return ctx.finding(
        REQ_CONF,
        "missing",
        "Nothing requires the provider's staff to be bound by confidentiality (a bare permission "
        "to share with employees on a need-to-know basis does not count).",
    )


# words of a company's name; a provider without one, named by two to four capitalised words, is
# a person. (The roles data's entity_markers answer another question, "does this look like a
# party's name?", and count "Dr." and "individual" in.)
_ENTITY = re.compile(
    r"\b(inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|company|co|gmbh|ag|s\.a|n\.v|"
    r"b\.v|l\.p|llp|plc|trust|fund|bank|association|partnership|university|holdings|group|lp|"
    r"services|solutions|systems|technologies|partners|associates)\b",
    re.IGNORECASE,
)
_PERSON = re.compile(
    r"^(?:(?:Dr|Mr|Ms|Mrs)\.?\s+)?[A-Z][A-Za-z'\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][A-Za-z'\-]+){1,3}$"
)


# a Chinese personal name (two to four characters) and what an organisation's name contains
_ZH_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_ZH_ENTITY = re.compile(r"公司|中心|厂|所|院|局|部|集团|协会|银行|学校|大学|委员会|工作室|合作社")


def _is_person(name: str) -> bool:
    if _ZH_PERSON.match(name):
        return _ZH_ENTITY.search(name) is None
    return _PERSON.match(name) is not None and _ENTITY.search(name) is None


# a provider's defined term that only ever names a person ("the Executive", "Employee")
_PERSON_TERM = re.compile(
    r"^(?:the\s+)?(?:executive|employee|endorser|spokesperson|athlete|talent|artist|personality)$",
    re.IGNORECASE,
)


def _individual_provider(ctx: CheckContext) -> bool:
    """The provider is a natural person (an individual consultant or executive): the party's
    own non-compete then binds the person who does the work (the dev gold's reading)."""
    names = [p.name.strip() for p in ctx.parties if p.role == "provider"]
    if bool(names) and all(_is_person(n) for n in names):
        return True
    return any(_PERSON_TERM.match(t.strip()) for t in ctx.roles.terms_for("provider"))


# the person a non-compete binds, named as the sentence's subject: "he", "Dr. Smith", or a
# defined term that only ever means a person ("the Executive", "Endorser")
_PERSON_NOUN = re.compile(
    r"\b(?:he|she|executive|employee|endorser|spokesperson|athlete|talent|artist|personality)\s*$",
    re.IGNORECASE,
)
_GENDERED = guarded(re.compile(r"\b(?:he|she|his|him|her)\b"))  # (look-ahead for h, s)


def _subject_is_person(ctx: CheckContext, hit: Hit) -> bool:
    words = subject(ctx, hit)
    if words is None:
        return False
    words = re.sub(r"^(?:\(?\w{1,4}[.)]\s*)?(?:the\s+)?", "", words.strip(), flags=re.IGNORECASE)
    if _PERSON_NOUN.search(words):
        return True
    # a personal name that is not a party's own term ("乙方", "Supplier": the party itself)
    return (
        bool(words)
        and _is_person(words)
        and ctx.roles.role_at_start(words) is None
        and bearer(ctx, hit) != "client"
    )


_ADDRESSED = re.compile(r"(?:^|\W)(?:you|he|she)\s*$", re.IGNORECASE)


def _addressed(ctx: CheckContext, hit: Hit) -> bool:
    """The duty's subject is "you", "he" or "she": in a contract with an individual provider,
    the person who does the work (the client is a company)."""
    words = subject(ctx, hit)
    return words is not None and _ADDRESSED.search(words) is not None


def _writes_about_a_person(ctx: CheckContext) -> bool:
    """No provider is named as a company and the contract speaks of "he"/"his" (an individual
    consultant known only by a defined term such as "Consultant")."""
    names = [p.name.strip() for p in ctx.parties if p.role == "provider"]
    if not names or any(_ENTITY.search(n) for n in names):
        return False
    # (the search stops at the fifth: findall read the whole text to count them all)
    return sum(1 for _ in itertools.islice(_GENDERED.finditer(ctx.document.text), 5)) >= 5


def personnel_noncompete(ctx: CheckContext) -> Finding:
    hits = ctx.tagged_for(REQ_NONCOMPETE)
    if not hits:
        party = ctx.tagged("personnel.noncompete_party")
        if _individual_provider(ctx) or _writes_about_a_person(ctx):
            # the provider by name or term, or the person it is addressed to ("you", "he")
            hits = [h for h in party if bearer(ctx, h) == "provider" or _addressed(ctx, h)]
        else:
            # a loan-out company's endorser, an executive: the person named as the subject
            hits = [h for h in party if _subject_is_person(ctx, h)]
    if hits:
        return ctx.finding(
            REQ_NONCOMPETE,
            "met",
            f"The provider's personnel are restricted from competing: {ctx.describe(hits[0])}.",
            hits,
        )
    solicit = ctx.tagged("personnel.nonsolicit")
    if solicit:
        return ctx.finding(
            REQ_NONCOMPETE,
            "missing",
            "Only a non-solicitation clause was found "
            f"({ctx.describe(solicit[0])}); it does not bind staff to a non-compete.",
            solicit,
        )
    return ctx.finding(REQ_NONCOMPETE, "missing", "No staff non-compete restriction was found.")


def third_party_confidentiality(ctx: CheckContext) -> Finding:
    tagged = ctx.tagged_for(REQ_THIRD)
    # a staff flow-down that covers "Representatives" defined to take in contractors
    tagged += [
        h
        for h in ctx.tagged(*ctx.rule_tags(REQ_CONF))
        if _group_includes(ctx, ctx.document.text[h.start : h.end], _THIRD_NOUN)
    ]
    hits = [
        h
        for h in sorted(tagged, key=lambda h: h.start)
        if bearer(ctx, h) != "client"
        and not _clients_people(ctx, h)
        and not _only_own_people(ctx, h)
        and _AUDITOR.search(ctx.sentence(h)) is None
    ]
    if hits:
        return ctx.finding(
            REQ_THIRD,
            "met",
            f"Third parties receiving the information must be bound: {ctx.describe(hits[0])}.",
            hits,
        )
    return ctx.finding(
        REQ_THIRD,
        "missing",
        "No flow-down of confidentiality to subcontractors, advisers or other third parties was "
        "found.",
    )
