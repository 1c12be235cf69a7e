"""Stand-in analysers for portfolio tests (importable by spawned workers; no tests here).

They build real ContractReports from the real Document, with evidence that is an exact slice of
``Document.text``; ``HANG`` in a file makes the analysis run forever, ``BOOM`` raises, ``SLOW``
sleeps a little (to kill a run midway), ``SLEEP n`` sleeps n seconds. A line
``WHILE ANALYSING <action> <path>`` does something to another file while this one is analysed
(in the worker process, after the parent hashed every file): ``rewrite`` (new content),
``truncate`` (half of it, as a copy in progress would leave it), ``delete``, ``fifo`` (replaced
by a named pipe) or ``devzero`` (replaced by a link to /dev/zero).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from analyzer.model import (
    Clause,
    ContractReport,
    Document,
    DocumentInfo,
    Evidence,
    Finding,
    Obligation,
    Party,
    Tag,
)

FAKE_PATTERNS = "fake-1"


def _evidence(doc: Document, word: str) -> tuple[Evidence, ...]:
    i = doc.text.lower().find(word)
    if i < 0:
        return ()
    j = doc.text.find("\n", i)
    end = len(doc.text) if j < 0 else j
    block = doc.block_at(i)
    return (
        Evidence(
            quote=doc.text[i:end],
            start=i,
            end=end,
            clause=block.label if block else None,
            paragraph=block.paragraph if block else None,
        ),
    )


_SIDE_EFFECT = re.compile(r"^WHILE ANALYSING (\w+) (.+)$", re.MULTILINE)
_SLEEP = re.compile(r"\bSLEEP (\d+(?:\.\d+)?)")


def _side_effects(doc: Document) -> None:
    for action, raw in _SIDE_EFFECT.findall(doc.text):
        path = Path(raw.strip())
        if action == "rewrite":
            path.write_text(
                "SERVICES AGREEMENT (revised)\nThe Client shall own all deliverables.\n", "utf-8"
            )
        elif action == "truncate":
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2])
        elif action == "delete":
            path.unlink()
        elif action == "fifo":
            path.unlink()
            os.mkfifo(path)
        elif action == "devzero":
            path.unlink()
            os.symlink("/dev/zero", path)


def fake_analyze(doc: Document) -> ContractReport:
    _side_effects(doc)
    if m := _SLEEP.search(doc.text):
        time.sleep(float(m.group(1)))
    if "HANG" in doc.text:
        time.sleep(3600)
    if "BOOM" in doc.text:
        raise RuntimeError("boom")
    if "SLOW" in doc.text:
        time.sleep(0.4)
    conf = _evidence(doc, "confidential")
    own = _evidence(doc, "shall own")
    arb = _evidence(doc, "arbitration")
    findings = (
        Finding(
            article=4,
            requirement="art4.provider_nondisclosure",
            status="met" if conf else "missing",
            severity="high",
            explanation="Non-disclosure obligation." if conf else "No non-disclosure obligation.",
            evidence=conf,
            recommendation={"en": "Add a non-disclosure clause.", "zh": "增加保密条款。"},
        ),
        Finding(
            article=10,
            requirement="art10.dispute_forum",
            status="met" if arb else "missing",
            severity="medium",
            explanation="Forum chosen." if arb else "No forum.",
            evidence=arb,
            value="arbitration" if arb else "none",
            recommendation={"en": "Choose a forum.", "zh": "约定争议解决方式。"},
        ),
        Finding(
            article=11,
            requirement="art11.ip_ownership",
            status="met" if own else "missing",
            severity="high",
            explanation="IP allocated." if own else "No allocation of new IP.",
            evidence=own,
            value="client" if own else "none",
            recommendation={"en": "Allocate new IP.", "zh": "约定知识产权归属。"},
        ),
    )
    clauses = tuple(
        Clause(
            number=b.label,
            heading=None,
            start=b.start,
            end=b.end,
            tags=(Tag("confidentiality.nondisclosure", "fake.conf", b.start, b.end),)
            if "confidential" in b.text.lower()
            else (),
        )
        for b in doc.blocks
    )
    obligations = tuple(
        Obligation(
            bearer="Supplier",
            role="provider",
            modality="must_not" if "not" in b.text else "must",
            action=b.text[:40],
            start=b.start,
            end=b.end,
            clause=b.label,
            topics=("confidentiality",),
        )
        for b in doc.blocks
        if "shall" in b.text
    )
    return ContractReport(
        document=DocumentInfo(
            doc.path, doc.sha256, doc.format, doc.languages, doc.pages, len(doc.text)
        ),
        parties=(Party("Acme Services Ltd", ("Supplier",), "provider"),),
        clauses=clauses,
        obligations=obligations,
        findings=findings,
        analyzer_version="test",
        patterns_version=FAKE_PATTERNS,
        timings={"total": 0.01},
    )
