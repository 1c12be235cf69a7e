"""Article 11: who owns the IP created in performing the services (the headline finding).

The value is role-relative: "client", "provider", "joint", "split" (some new results to each
side) or "none" (no allocation of NEW IP; keeping pre-existing IP is not an allocation).
"""

from __future__ import annotations

import dataclasses
import re

from analyzer.checks.context import CheckContext
from analyzer.definitions import IS_DEFINITION as _IS_DEFINITION
from analyzer.model import Finding
from analyzer.roles import MUTUAL
from analyzer.tagger import Hit

REQ = "art11.ip_ownership"

_WHO = r"(?:the\s+)?(?P<who>[^,.;:()]{1,60})"
_BENEFICIARY = [
    re.compile(
        r"\b(property|owned|ownership|owner)\s+(solely\s+|exclusively\s+|jointly\s+)?(of|by)\s+"
        + _WHO,
        re.IGNORECASE,
    ),
    re.compile(r"\bproprietary\s+to\s+" + _WHO, re.IGNORECASE),
    re.compile(
        r"\b(be|become|becomes|remain|remains|is|are)\s+(the\s+)?(?P<who>[^,.;:()'’]{1,40}?)['’]s?\s+"
        r"(sole\s+|exclusive\s+|sole\s+and\s+exclusive\s+)?property\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bvest(s|ed)?\s+(solely\s+|exclusively\s+|absolutely\s+)?in\s+" + _WHO, re.IGNORECASE
    ),
    re.compile(r"\bbelongs?\s+(solely\s+|exclusively\s+)?to\s+" + _WHO, re.IGNORECASE),
    re.compile(r"\bpass(es)?\s+to\s+" + _WHO, re.IGNORECASE),
    # "Supplier shall hold all rights in the Deliverables in trust for Customer"
    re.compile(r"\bin\s+trust\s+for\s+(the\s+(sole\s+)?benefit\s+of\s+)?" + _WHO, re.IGNORECASE),
    # "ownership of the software shall remain with Supplier"
    re.compile(
        r"\b(remain|remains|rest|rests|reside|resides|stay|stays)\s+(solely\s+|exclusively\s+|"
        r"entirely\s+)?with\s+" + _WHO,
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(assign|assigns|assigned|transfer|transfers|transferred|convey|conveys|conveyed)\b"
        r"[^.;]{0,40}?\bto\s+"
        r"(?!(?:assign|transfer|convey)\b)" + _WHO,
        re.IGNORECASE,
    ),
    re.compile(r"\b(commissioned|for\s+hire)\s+(by|for)\s+" + _WHO, re.IGNORECASE),
    re.compile(r"(归属于|归属|属于|归|属)[\s□☐■☑√✓☒]*(?P<who>[^，。；、]{1,12})"),
    re.compile(r"(由|为)[\s□☐■☑√✓☒]*(?P<who>[^，。；、]{1,12}?)(单独|独自|共同)?(所有|享有|拥有)"),
    # "甲方为本项目软件的著作权人": the holder named as the subject
    re.compile(
        r"(?P<who>甲方|乙方|委托方|受托方|委托人|受托人|发包方|接包方|服务方|咨询人|开发方|设计人|设计方)(为|是)[^，。；]{0,30}(著作权人|专利权人|所有权人|权利人|所有人)"
    ),
    # "甲方应维护乙方的设计知识产权": the party whose design IP the other must respect
    re.compile(r"(维护|尊重|保护)(?P<who>[^，。；、的]{1,8}?)(的|对其)"),
]
_SUBJECT_VERB = re.compile(
    r"\b(shall|will|does|hereby)?\s*(solely\s+|exclusively\s+|jointly\s+)?(own|owns|retain|retains|"
    r"has|have|hold|holds|acquire|acquires|obtain|obtains|is(,?\s+and\s+(shall|will)\s+(be|remain),?)?\s+the\s+(sole\s+|exclusive\s+)?owner|"
    r"shall\s+be\s+the\s+(sole\s+|exclusive\s+|sole\s+and\s+exclusive\s+)?owner|"
    r"(shall|will)\s+be\s+(solely\s+|exclusively\s+)?entitled\s+to|"
    r"(shall|will)\s+be\s+(deemed|considered)\s+(to\s+be\s+)?the\s+(sole\s+|exclusive\s+)?owner)\b"
    r"|(享有|拥有)",  # Chinese has no word boundaries: "监理人对其编制的文件拥有著作权"
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\s+(?:no|neither|not)\b", re.IGNORECASE)
_ASSIGN_VERB = re.compile(r"\b(assign|assigns|transfer|transfers|convey|conveys)\b", re.IGNORECASE)
_OTHER = {"client": "provider", "provider": "client"}
_JOINT = re.compile(r"\bjoint(ly)?\b|\bco-?own|共有|共同所有|共同享有", re.IGNORECASE)
_NEW_IP = re.compile(
    r"\b(work\s+product|deliverables?|developments?|inventions?|improvements?|modifications?|"
    r"enhancements?|derivative|results|customi[sz]ations?|new\s+iprs?|foreground|project\s+ip|"
    r"created|developed|conceived|generated|prepared|produced)\b|成果|交付|开发|产生|形成",
    re.IGNORECASE,
)
_STRONG_NEW_IP = re.compile(
    r"\b(work\s+product|deliverables?|inventions?|developments?|improvements?|modifications?|"
    r"enhancements?|derivative\s+works?|intellectual\s+property|copyrights?|patents?|"
    r"works?\s+made\s+for\s+hire|results)\b|\b(created|produced|developed)\s+(and\s*/?\s*or\s+\w+\s+)?"
    r"(with|using|under|by)\b|知识产权|著作权|专利|成果",
    re.IGNORECASE,
)
# "owned by us", "shall become our property": a franchise-style first-person party (unresolved)
_FIRST_PERSON = re.compile(
    r"\b(by|to|in)\s+us\b|\bour\s+(sole\s+|exclusive\s+|sole\s+and\s+exclusive\s+)?property\b|"
    r"\bwe\s+(shall|will)\s+own\b",
    re.IGNORECASE,
)
_PREEXISTING = re.compile(
    r"\b(pre-?existing|background|underlying|prior\s+to\s+the\s+(effective\s+)?date|"
    r"existing\s+prior)\b|"
    r"原有|既有|已有|在先",
    re.IGNORECASE,
)


# "any improvements to a Party's intellectual property shall vest in that Party": each side owns
# the results that improve its own IP, some new results to each (LABELS.md: "split")
_EACH_OWNS = re.compile(
    r"\b(?:vests?|vested|belongs?|owned|property|remains?|rest|rests)\s+(?:solely\s+|exclusively\s+)?"
    r"(?:in|to|by|of|with)\s+(?:that|such|the\s+respective|the\s+relevant|the\s+applicable|each)\s+"
    r"part(?:y|ies)\b",
    re.IGNORECASE,
)
EACH = "each"  # owner(): each party owns its share of the results


def owner(ctx: CheckContext, hit: Hit) -> str | None:
    """The role that owns what the ownership sentence allocates ("joint", or "each" when every
    party owns its own share), or None."""
    text = ctx.document.text
    sentence = ctx.sentence(hit)
    ticked = _ticked_owner(ctx, hit)
    if ticked is not None:
        return ticked
    if hit.label == "ip.joint" or _JOINT.search(text, max(hit.sent_start, hit.start - 12), hit.end):
        return "joint"
    if _EACH_OWNS.search(sentence):
        return EACH
    rel = hit.start - hit.sent_start
    # "Customer shall own the Deliverables; Supplier shall own its tools": read the hit's own
    # part of the sentence first, the whole sentence only when that part names no party
    lo, hi = _segment(sentence, rel)
    spans = [(lo, hi)] if (lo, hi) == (0, len(sentence)) else [(lo, hi), (0, len(sentence))]
    for a, b in spans:
        who = _owner_in(ctx, sentence, rel, a, b, hit)
        if who is not None:
            return None if who == _NO_ONE else who
    if hit.label in ("ip.work_for_hire", "ip.assignment"):
        return "client"  # commissioned work / assignment without a named party: the client
    return None


def _names_no_owner(ctx: CheckContext, hit: Hit) -> bool:
    """True when the owner of an assignment / work made for hire is assumed (no party named)."""
    if hit.label not in ("ip.work_for_hire", "ip.assignment") or _ticked_owner(ctx, hit):
        return False
    sentence = ctx.sentence(hit)
    rel = hit.start - hit.sent_start
    return _owner_in(ctx, sentence, rel, 0, len(sentence), hit) is None


_NO_ONE = "-"  # the sentence gives the results to the client's own creations: nobody


def _segment(sentence: str, rel: int) -> tuple[int, int]:
    """The bounds of the ";"-separated part of ``sentence`` holding offset ``rel``."""
    lo = max(sentence.rfind(";", 0, rel), sentence.rfind("；", 0, rel)) + 1
    ends = [i for i in (sentence.find(";", rel), sentence.find("；", rel)) if i >= 0]
    return lo, (min(ends) if ends else len(sentence))


def _owner_in(ctx: CheckContext, full: str, rel: int, lo: int, hi: int, hit: Hit) -> str | None:
    """The owner named in ``full[lo:hi]`` (the matched words at ``rel``), _NO_ONE, or None."""
    sentence = full[:hi]
    # beneficiary phrases, preferring the one closest after the matched words
    best: tuple[int, str] | None = None
    for rx in _BENEFICIARY:
        for m in rx.finditer(sentence, lo):
            role = _who_role(ctx, m.group("who"))
            if role is None or role == MUTUAL:
                continue
            dist = abs(m.start() - rel)
            if best is None or dist < best[0]:
                best = (dist, role)
    if best is not None:
        if best[1] == "client" and _created_by(ctx, full) == "client":
            return _NO_ONE  # the client's own creations are not results of the services
        return best[1]
    if hit.label == "ip.assignment":
        # "HSNS hereby assigns ...": the assignor gives the results to the other side
        verb = _ASSIGN_VERB.search(sentence, lo)
        if verb is not None:
            start = max(lo, verb.start() - 60)
            # the assignor is the subject of the assigning clause ("…, you hereby assign"),
            # not a party named in an earlier clause of the sentence
            lead = re.split(r"[,;:]", sentence[start : verb.start()])[-1]
            assignor = ctx.roles.role_near_end(lead)
            if assignor in _OTHER:
                return _OTHER[assignor]
    # a subject before an ownership verb: "Customer shall own ..." (not "Supplier shall have no
    # rights therein"), the one nearest the matched words
    near: tuple[int, str] | None = None
    for m in _SUBJECT_VERB.finditer(sentence, lo):
        if _NEGATED.match(sentence, m.end()):
            continue
        role = ctx.roles.role_near_end(sentence[max(lo, m.start() - 60) : m.start()])
        if role in ("client", "provider"):
            dist = abs(m.start() - rel)
            if near is None or dist < near[0]:
                near = (dist, role)
    if near is not None:
        if near[1] == "client" and _created_by(ctx, full) == "client":
            return _NO_ONE
        return near[1]
    return None


# "owned by Customer and Supplier": both parties named as the owners (not "... vest in Customer
# and Supplier shall have a licence", where the second party starts a clause of its own)
_AND = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?")
_CLAUSE_VERB = re.compile(
    r"(?:\S+\s+){0,3}?(?:shall|will|may|must|agrees?|hereby|is|are|has|have|retains?|owns?|"
    r"grants?|does|receives?)\b",
    re.IGNORECASE,
)


def _who_role(ctx: CheckContext, who: str) -> str | None:
    """The role of the party a beneficiary phrase names; "joint" when it names both sides
    and nothing else ("Customer and Supplier", not "Customer Inventions and Supplier Inventions")."""
    role = ctx.roles.role_at_start(who)
    if role not in ("client", "provider"):
        return role
    m = _AND.search(who)
    if m is not None:
        rest = who[m.end() :]
        other = ctx.roles.role_at_start(rest)
        if (
            other == _OTHER[role]
            and not _CLAUSE_VERB.match(rest)
            and _is_party_term(ctx, who[: m.start()])
            and _is_party_term(ctx, _TRAILER.sub("", rest))
        ):
            return "joint"
    return role


_TRAILER = re.compile(
    r"\s*(?:jointly|equally|together|in\s+equal\s+shares|as\s+joint\s+owners)?\W*$"
)


def _is_party_term(ctx: CheckContext, phrase: str) -> bool:
    words = re.sub(r"^(?:the|its|their)\s+", "", phrase.strip(), flags=re.IGNORECASE).lower()
    return any(words == term.lower() for term, _ in ctx.roles.terms)


_CREATED_BY = re.compile(
    r"\b(created|developed|conceived|made|generated|authored|produced)\s+(solely\s+|exclusively\s+)?"
    r"by\s+(?!or\b)" + _WHO,
    re.IGNORECASE,
)


# a party named in the text ("CC-Pharming", "Commerce One", "iBio"): words with a capital letter
_NAME = re.compile(r"(?:[A-Za-z][\w&\-]*[A-Z][\w&\-]*|[A-Z][\w&\-]*)(?:\s+[A-Z][\w&\-]*){0,3}")
_NOT_A_NAME = re.compile(
    r"(each|either|any|such|said|the|other|both|all|no|neither|a|an|its|their|party|parties|"
    r"licen[cs]ee|licen[cs]or|us|we|you)\b",
    re.IGNORECASE,
)


def named_owner(ctx: CheckContext, hit: Hit) -> str | None:
    """The name of the party a sentence gives the results to, when no role is known for it
    ("... shall belong solely to CC-Pharming"): lower case, or None."""
    sentence = ctx.sentence(hit)
    rel = hit.start - hit.sent_start
    best: tuple[int, str] | None = None
    for m in _SUBJECT_VERB.finditer(sentence, max(0, rel - 12)):
        # "Commerce One will retain all ...": the subject just before the matched verb
        if m.start() > rel + 12:
            break
        names = list(_NAME.finditer(sentence[max(0, m.start() - 60) : m.start()]))
        if names and not _NOT_A_NAME.match(names[-1].group(0)):
            return " ".join(names[-1].group(0).lower().split())
    for rx in _BENEFICIARY[:-4]:  # the English phrases
        for m in rx.finditer(sentence):
            name = _NAME.match(m.group("who").strip())
            if name is None or _NOT_A_NAME.match(name.group(0)):
                continue
            dist = abs(m.start() - rel)
            if best is None or dist < best[0]:
                best = (dist, name.group(0))
    return " ".join(best[1].lower().split()) if best else None


def _created_by(ctx: CheckContext, sentence: str) -> str | None:
    m = _CREATED_BY.search(sentence)
    return ctx.roles.role_at_start(m.group("who")) if m is not None else None


def _ticked_owner(ctx: CheckContext, hit: Hit) -> str | None:
    """In a model form ("归 □乙方所有 ☑甲方所有"), the owner is the ticked option's party."""
    if ctx.forms is None:
        return None
    for field in ctx.forms.overlapping(hit.start, hit.sent_end):
        if field.kind != "checkbox" or not field.checked_options:
            continue
        if field.start > hit.end + 2:  # a box group further on in the sentence
            continue
        roles = set()
        for option in field.checked_options:
            if _JOINT.search(option.text):
                roles.add("joint")
                continue
            role = ctx.roles.role_of(option.text)
            if role is not None:
                roles.add("joint" if role == MUTUAL else role)
        if len(roles) == 1:
            return roles.pop()
    return None


def _options_text(ctx: CheckContext, hit: Hit) -> str:
    """ " Options offered: □甲方所有 / □乙方所有 …" for the form fields in the hit's sentence."""
    if ctx.forms is None:
        return ""
    offered = [
        f.describe()
        for f in ctx.forms.overlapping(hit.sent_start, hit.sent_end)
        if f.kind in ("checkbox", "choice")
    ]
    return f" Options offered: {'; '.join(offered)}." if offered else ""


# "WHEREAS, X is the owner of ...", "Supplier acknowledges that the Messages are the property of
# Customer": a present-tense statement of who owns something already, not an allocation of results
_PRESENT_OWNERSHIP = re.compile(r"(is|are)\b", re.IGNORECASE)
_STATEMENT_LEAD = re.compile(
    r"\b(whereas|acknowledg\w*|recogni[sz]\w*|represents?|warrants?)\b", re.IGNORECASE
)

_MADE_HEREUNDER = re.compile(
    r"\b(deliverables?|work\s+product|hereunder)\b|\b(created|developed|made|prepared|produced|"
    r"conceived|generated|written|authored)\b[^.;]{0,60}?\b(under|pursuant\s+to|in\s+(performing|"
    r"the\s+performance|the\s+course|providing|connection\s+with)|during\s+the\s+term)\b",
    re.IGNORECASE,
)
_RELATIVE_END = re.compile(r"\b(that|which)\s+$", re.IGNORECASE)


# "... that the facility is separately owned by Owner": a present-tense copula just before the
# matched words
_PRESENT_BEFORE = re.compile(r"\b(is|are)\s+(\w+ly\s+)?$", re.IGNORECASE)
# "is not an improvement to": a result word that is denied
_DENIED = re.compile(r"\b(not|never|nor)\s+(an?\s+|the\s+|any\s+)?$", re.IGNORECASE)


# "... any Patents that are assigned to the Purchaser" (no "hereby"): a description in the present
# tense inside the matched words of a passive pattern
_PRESENT_PASSIVE = re.compile(
    r"\b(is|are)\s+(\w+ly\s+)?(owned|assigned|transferred|conveyed|vested)\b", re.IGNORECASE
)


def _is_present(ctx: CheckContext, hit: Hit) -> bool:
    text = ctx.document.text
    if _PRESENT_OWNERSHIP.match(text, hit.start) is not None:
        return True
    if hit.label == "ip.assignment" and _PRESENT_PASSIVE.search(text, hit.start, hit.end):
        return True
    return _PRESENT_BEFORE.search(text, max(hit.sent_start, hit.start - 30), hit.start) is not None


def _names_new_results(text: str, start: int, end: int) -> bool:
    for m in _NEW_IP.finditer(text, start, end):
        if not _DENIED.search(text, max(start, m.start() - 12), m.start()):
            return True
    return False


# "Co-Host represents and warrants that it has all right, title ... necessary to provide the
# advertising materials": a warranty of title held already, whatever it goes on to name
_WARRANTED_TITLE = re.compile(r"(has|have|owns|possesses)\b", re.IGNORECASE)
_WARRANTY_LEAD = re.compile(r"\b(represents?|warrants?)\b[^.;]{0,80}$", re.IGNORECASE)


def _is_statement_of_existing(ctx: CheckContext, hit: Hit) -> bool:
    text = ctx.document.text
    if _WARRANTED_TITLE.match(text, hit.start) and _WARRANTY_LEAD.search(
        text, max(hit.sent_start, hit.start - 120), hit.start
    ):
        return True
    if not _is_present(ctx, hit):
        return False
    # a definition in the present tense describes what someone owns ("'Seller Patents' means
    # patents that are owned by Seller"); it allocates nothing
    if _is_definition(ctx.sentence(hit)):
        return True
    lo = max(hit.sent_start, hit.start - 400)  # "WHEREAS, the Licensor, of which ..., is the owner"
    before = text[lo : hit.start]
    if _RELATIVE_END.search(before):  # "the inventions that are the property of X"
        return True
    leads = list(_STATEMENT_LEAD.finditer(before))
    if not leads or _names_new_results(text, lo + leads[-1].end(), hit.start):
        return False
    # "acknowledges that Customer is the owner of all Deliverables created under this Agreement":
    # what it owns is made under the contract, so this is an allocation of results after all
    return _MADE_HEREUNDER.search(text, hit.end, hit.sent_end) is None


# "the Patents owned by Seller", "information owned by the other party": a participle that
# describes what a thing is, with no copula ("shall be", "is", "remain") giving it to anyone
_COPULA_END = re.compile(
    r"\b(be|is|are|was|were|been|being|become|becomes|remain|remains|deemed|considered|shall|"
    r"will|hereby|to|and|or)\s+(\w+ly\s+)?$",
    re.IGNORECASE,
)
_OWNED = re.compile(r"owned\b", re.IGNORECASE)


def _is_attributive(ctx: CheckContext, hit: Hit) -> bool:
    text = ctx.document.text
    if hit.label != "ip.ownership" or _OWNED.match(text, hit.start) is None:
        return False
    return _COPULA_END.search(text, max(hit.sent_start, hit.start - 30), hit.start) is None


# "No Transferred Patent is jointly owned by ...", "..., nor is it owned by ...", "is not owned":
# a denial, not an allocation
_CLAUSE_START = re.compile(r"[,;:]")
_DENIAL_LEAD = re.compile(
    r"\W*(?:\(?[a-z0-9]{1,3}[.)]\s*)?(?:no|neither|nor|none\s+of|nothing)\b(?!\s+(?:later|less|more|sooner|earlier)\b)",
    re.IGNORECASE,
)
_DENIAL_END = re.compile(r"\b(not|nor|never)\s+(\w+\s+){0,2}$", re.IGNORECASE)


def _is_denial(ctx: CheckContext, hit: Hit) -> bool:
    text = ctx.document.text
    lo = max(hit.sent_start, hit.start - 200)
    before = text[lo : hit.start]
    cut = 0
    for m in _CLAUSE_START.finditer(before):
        cut = m.end()
    clause = before[cut:]
    return bool(_DENIAL_END.search(clause) or _DENIAL_LEAD.match(clause))


# a definition describes what a term covers ("Prior Results" means results which by definition
# are jointly owned; "1.6 Bank Customizations - customizations which shall be owned by Bank"):
# where an operative clause also allocates results, the operative clause decides
_LIST_DEFINITION = re.compile(r"\W*\d+(?:\.\d+)*\.?\s+[A-Z][\w'’ ]{0,60}?\s[-–—:]\s")


# "1.4 Licensed Patents. The term "Licensed Patents" means ..."
_TERM_DEFINITION = re.compile(
    r"[^\"“]{0,60}?\bthe\s+terms?\s+[\"“][^\"”]{1,60}[\"”][^.;]{0,40}?\b(shall\s+)?mean",
    re.IGNORECASE,
)


def _is_definition(sentence: str) -> bool:
    return bool(
        _IS_DEFINITION.match(sentence)
        or _LIST_DEFINITION.match(sentence)
        or _TERM_DEFINITION.match(sentence)
    )


# what a sentence gives away when it names no results at all: marks and their goodwill ("rights in
# the trademarks of Company that may inure to Distributor"), or the discloser's confidential
# information ("information that is the sole property of the party making the disclosure")
_NOT_RESULTS = re.compile(
    r"\b(trade\s*marks?|service\s+marks?|marks?|goodwill|trade\s+names?|logos?|trade\s+dress|"
    r"confidential\s+information|proprietary\s+information)\b|商标|商誉|保密信息|商业秘密",
    re.IGNORECASE,
)
_RESULTS = re.compile(
    r"\b(work\s+product|deliverables?|inventions?|developments?|improvements?|modifications?|"
    r"enhancements?|derivative|results|customi[sz]ations?|works?\s+made\s+for\s+hire|"
    r"created|developed|conceived|generated|prepared|produced|authored)\b|成果|交付|开发|产生|形成",
    re.IGNORECASE,
)


# "Title to the Software (except the Customizations) shall remain with Supplier": results named
# only in an exception are not what the sentence allocates
_EXCEPTION = re.compile(
    r"\((?:except|excluding|other\s+than|but\s+not)\b[^)]{0,200}\)|"
    r"\b(?:except\s+(?:for\s+)?|excluding\s|other\s+than\s)[^,;()]{0,150}",
    re.IGNORECASE,
)


# "..., but Supplier retains ownership of its pre-existing tools": the clause of the sentence that
# holds the matched words
_CLAUSE_BREAK = re.compile(
    r";|,\s*(?:but|while|whereas|provided\s+that|save\s+that)\b|\bbut\b|"
    r"\(\s*(?:[ivx]{1,4}|[a-h])\s*\)|"  # "(ii) Contractor's Information ..."
    r",\s*and\s+(?=(?:the\s+)?[A-Z])"  # ", and Supplier retains ..." (not "right, title, and interest")
)


def _clause(ctx: CheckContext, hit: Hit) -> str:
    sentence = ctx.sentence(hit)
    rel = hit.start - hit.sent_start
    lo, hi = 0, len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= rel:
            lo = m.end()
        elif m.start() >= hit.end - hit.sent_start:
            hi = m.start()
            break
    return sentence[lo:hi]


# "Contractor's Information shall not be deemed to be Works and shall remain Contractor's
# property": what is kept is expressly not among the results
_NOT_RESULT_TERM = re.compile(
    r"\bnot\s+(be\s+)?(deemed|considered|treated\s+as)\s+(to\s+be\s+)?(a\s+|an\s+|part\s+of\s+)?"
    r"(the\s+|any\s+)?(works?|work\s+product|deliverables?|developments?|results|inventions?)\b",
    re.IGNORECASE,
)


# "Supplier's employees have signed invention assignment agreements assigning their inventions to
# Supplier": staff give their work to their employer, so that it can pass it on; no allocation
# between the parties
_STAFF = re.compile(
    r"\b(employees?|personnel|staff|consultants|independent\s+contractors|subcontractors?|"
    r"agents|workers)\b[^.;]{0,200}?\b(assign\w*|work[- ]made[- ]for[- ]hire)",
    re.IGNORECASE,
)


def _is_staff_chain(ctx: CheckContext, hit: Hit) -> bool:
    if hit.label not in ("ip.assignment", "ip.work_for_hire"):
        return False
    clause = _clause(ctx, hit)
    return bool(_STAFF.search(clause)) and owner(ctx, hit) == "provider"


def _is_preexisting_only(ctx: CheckContext, hit: Hit) -> bool:
    sentence = ctx.sentence(hit)
    clause = _clause(ctx, hit)
    if clause != sentence and _PREEXISTING.search(clause) and not _NEW_IP.search(clause):
        return True
    if _NOT_RESULT_TERM.search(clause) and not _NEW_IP.search(_NOT_RESULT_TERM.sub(" ", clause)):
        return True
    if _NOT_RESULTS.search(sentence) and not _RESULTS.search(sentence):
        return True
    if _RESULTS.search(sentence) and not _RESULTS.search(_EXCEPTION.sub(" ", sentence)):
        return True
    return bool(_PREEXISTING.search(sentence)) and not _NEW_IP.search(sentence)


def ip_ownership(ctx: CheckContext) -> Finding:
    hits = [
        h
        for h in ctx.tagged_for(REQ)
        if not _is_preexisting_only(ctx, h)
        and not _is_statement_of_existing(ctx, h)
        and not _is_attributive(ctx, h)
        and not _is_denial(ctx, h)
        and not _is_staff_chain(ctx, h)
    ]
    open_ = ctx.not_agreed(*ctx.rule_tags(REQ))
    if not hits:
        if open_:
            return ctx.finding(
                REQ,
                "flag",
                "Ownership of the IP created under the contract is left to an unticked box or a "
                f"blank ({ctx.describe(open_[0])}): nothing is agreed."
                + _options_text(ctx, open_[0]),
                open_,
                value="none",
                severity="high",
            )
        pre = ctx.tagged("ip.preexisting")
        extra = f" Only pre-existing IP is dealt with ({ctx.describe(pre[0])})." if pre else ""
        missing = ctx.finding(
            REQ,
            "missing",
            "Missing IP-ownership terms: the contract does not say who owns the intellectual "
            "property or results created in performing the services." + extra,
            pre[:1],
            value="none",
            severity="high",
        )
        # a licence to the results implies an owner the contract does not name
        licences = [
            h
            for h in ctx.tagged("ip.license_back")
            if _RESULTS.search(_EXCEPTION.sub(" ", ctx.sentence(h)))
            and not _PREEXISTING.search(ctx.sentence(h))
        ]
        if licences:
            return _review(
                missing,
                f"only a licence to the results was found ({_words(ctx, licences[0])}); who "
                "owns them is not said",
            )
        return missing
    owner_read: dict[int, str | None] = {}

    def owner_of(h: Hit) -> str | None:
        # owner() reads the sentence with a dozen regexes: once per hit, not per question
        k = id(h)
        if k not in owner_read:
            owner_read[k] = owner(ctx, h)
        return owner_read[k]

    operative = [h for h in hits if not _is_definition(ctx.sentence(h))]
    if operative and any(owner_of(h) is not None for h in operative):
        hits = operative
    owners: dict[str, list[Hit]] = {}
    unresolved: list[Hit] = []
    for h in hits:
        who = owner_of(h)
        if who is not None:
            owners.setdefault(who, []).append(h)
        elif _STRONG_NEW_IP.search(ctx.sentence(h)) or _FIRST_PERSON.search(ctx.sentence(h)):
            unresolved.append(h)
    if not owners and not unresolved:
        return _review(
            ctx.finding(
                REQ,
                "missing",
                "Missing IP-ownership terms: ownership wording was found "
                f"({ctx.describe(hits[0])}) but it does not allocate results of the services to "
                "a party; check the clause.",
                hits[:1],
                value="none",
                severity="high",
            ),
            f"ownership wording was found ({_words(ctx, hits[0])}) but not read as giving the "
            "results of the services to either party",
        )
    # an owner only assumed (an assignment or work made for hire naming nobody) does not outvote
    # the owners the other clauses name: "... are works made for hire" beside "assigns to LBIO"
    assumed = {k: [h for h in v if _names_no_owner(ctx, h)] for k, v in owners.items()}
    named_roles = {k for k, v in owners.items() if len(v) > len(assumed[k])}
    if named_roles:
        owners = {k: v for k, v in owners.items() if k in named_roles}
    roles = set(owners)
    if EACH in roles:
        # "improvements to a Party's IP vest in that Party": each side owns some new results
        roles.discard(EACH)
        each = owners.pop(EACH)
        if not roles or roles <= {"client", "provider"}:
            return ctx.finding(
                REQ,
                "met",
                "IP ownership is allocated: each party owns the new results that belong to its "
                f"own share ({ctx.describe(each[0])}); some results go to each side.",
                each + [h for v in owners.values() for h in v],
                value="split",
            )
    if not ctx.roles.terms:
        # no party has a known role: results given to two different named parties, or to one
        # party beside jointly owned ones, are still a split
        named = {n for h in hits if owner_of(h) != "joint" and (n := named_owner(ctx, h))}
        if len(named) >= 2 or (named and "joint" in roles):
            return _review(
                ctx.finding(
                    REQ,
                    "met",
                    "IP ownership is allocated: results go to different parties ("
                    + ", ".join(sorted(named))
                    + ("; some are jointly owned" if "joint" in roles else "")
                    + "); the roles of the parties are not known — check.",
                    hits,
                    value="split",
                ),
                "the results go to different parties, but which of them performs the services "
                "is not known",
            )
    if len(roles) > 1 and "joint" in roles:
        value = "split"
        shown = [v[0] for v in owners.values()]
        why = (
            "some results are jointly owned and some go to one side ("
            + "; ".join(f"{k}: {ctx.describe(v[0])}" for k, v in owners.items())
            + ")"
        )
    elif "client" in roles and "provider" in roles:
        value = "split"
        shown = [owners["client"][0], owners["provider"][0]]
        why = (
            f"some results go to the client ({ctx.describe(owners['client'][0])}) and some to "
            f"the provider ({ctx.describe(owners['provider'][0])})"
        )
    elif roles == {"joint"}:
        value, shown = "joint", owners["joint"]
        why = f"results are jointly owned ({ctx.describe(shown[0])})"
    elif roles - {"joint"}:
        value = next(iter(roles - {"joint"}))
        shown = owners[value]
        why = f"results vest in the {value} ({ctx.describe(shown[0])})"
        if "joint" in roles:
            why += "; some are jointly owned"
    else:
        value, shown = "client", unresolved
        why = (
            f"an ownership clause was found ({ctx.describe(unresolved[0])}) but the owner could "
            "not be resolved to a party; assumed to be the client — check"
        )
    found = ctx.finding(REQ, "met", f"IP ownership is allocated: {why}.", shown, value=value)
    decisive = [h for v in owners.values() for h in v] or unresolved
    if not owners:
        return _review(
            found,
            f"the ownership clause ({_words(ctx, unresolved[0])}) names an owner that could not "
            "be matched to a party; the client is assumed",
        )
    if all(_is_definition(ctx.sentence(h)) for h in decisive):
        return _review(
            found,
            f"who owns the results rests only on a definition ({_words(ctx, decisive[0])}), "
            "not on an operative clause",
        )
    if all(_names_no_owner(ctx, h) for h in decisive):
        return _review(
            found,
            f"the clause ({_words(ctx, decisive[0])}) names no owner; an assignment or work made "
            "for hire is taken to favour the client",
        )
    return found


def _words(ctx: CheckContext, hit: Hit) -> str:
    """ "“shall be the property” in clause 9.2": the matched words and where (no pattern id)."""
    words = " ".join(ctx.document.text[hit.start : hit.end].split())
    if len(words) > 60:
        words = words[:57] + "..."
    return f"“{words}” in {ctx.where(hit)}"


def _review(finding: Finding, reason: str) -> Finding:
    """The finding marked for a lawyer's check: the rules' evidence for it is weak."""
    return dataclasses.replace(finding, review=reason)
