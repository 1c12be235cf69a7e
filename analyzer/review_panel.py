"""The review panel of notebook 02: a lawyer works through a portfolio run's findings in
JupyterLab and accepts or overrides them (ipywidgets).

- pick a contract (the latest run of a results store; contracts with open "lawyer check"
  findings first);
- see its findings, those marked for a lawyer's check first, then the least confident, then the
  rest in article order, each with its final status and who decided;
- read the selected finding's quote in context: the paragraph around it in the original file
  when that file is still where the run found it with the same text (else the quote alone);
- accept the machine's finding, or override its status (and value, for the Article 10 and 11
  requirements that carry one), with the reviewer's name and a note.

Every decision goes through :func:`analyzer.review.set_review`, exactly as
``analyzer review --store PATH set`` does; the store is opened read-write only for that call.
The logic is here, not in the notebook, so that it is tested in-process::

    from analyzer.review_panel import ReviewPanel
    panel = ReviewPanel("out/results.sqlite", reviewer="A. Lawyer")
    panel                 # a cell ending with it shows the panel
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analyzer import review
from analyzer.issues import citation, requirement_title, status_words, value_words
from analyzer.model import STATUSES, ContractReport, Finding
from analyzer.report import article_order, lawyer_explanation

log = logging.getLogger(__name__)

CONTEXT_CHARS = 300  # characters of context on each side of a quote
LOW_CONFIDENCE = 0.8  # below this, a finding is listed before the confident ones
VALUE_CHOICES: dict[str, tuple[str, ...]] = {
    "art10.dispute_forum": ("arbitration", "courts", "arbitration+courts", "none"),
    "art11.ip_ownership": ("client", "provider", "joint", "split", "none"),
}
_KEEP = "(keep the analyzer's value)"


@dataclass(frozen=True)
class Row:
    """One finding as the panel lists it."""

    requirement: str
    finding: Finding
    decision: review.Decision | None  # current or outdated

    @property
    def current(self) -> review.Decision | None:
        return self.decision if self.decision is not None and not self.decision.outdated else None

    @property
    def final_status(self) -> str:
        return self.current.status if self.current else self.finding.status

    @property
    def final_value(self) -> str | None:
        if self.current:
            return self.current.value
        return None if self.finding.value is None else str(self.finding.value)

    def label(self) -> str:
        f = self.finding
        text = f"Art. {f.article} — {requirement_title(f.requirement, article=False)}: "
        text += status_words(self.final_status)
        shown = value_words(f.requirement, self.final_value)
        if shown:
            text += f" ({shown})"
        if self.current:
            what = "accepted" if self.current.accepted else "overridden"
            text += f" · {what} by {self.current.reviewer}"
        else:
            if f.review:
                text = "⚑ " + text + " · lawyer check"
            if f.confidence is not None:
                text += f" · confidence {f.confidence:.2f}"
            if self.decision is not None:
                text += " · review outdated"
        return text


def review_order(row: Row) -> tuple[int, int, float, tuple[int, int, str]]:
    """Open "lawyer check" findings first, then findings not yet decided with a low
    confidence (least confident first), then the rest; article order within each."""
    f = row.finding
    decided = row.current is not None
    conf = 1.0 if f.confidence is None else f.confidence
    check = 0 if f.review and not decided else 1
    low = 0 if conf < LOW_CONFIDENCE and not decided else 1
    return (check, low, conf if low == 0 else 1.0, article_order(f))


def quote_context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> str:
    """HTML: the quote (``text[start:end]``) highlighted, with up to ``chars`` characters of
    the text on each side (cut at a line break where there is one), everything escaped."""
    # less before than after, so that the highlighted quote shows without scrolling the box
    lo = max(0, start - chars // 2)
    hi = min(len(text), end + chars)
    before, after = text[lo:start], text[end:hi]
    if lo > 0 and "\n" in before:
        before = before[before.index("\n") + 1 :]
    if hi < len(text) and "\n" in after:
        after = after[: after.rindex("\n")]
    return (
        '<div style="white-space:pre-wrap;font-family:Georgia,serif;border:1px solid #ddd;'
        'padding:.4em;max-height:16em;overflow:auto;line-height:1.35">'
        f"{html.escape(before)}<mark>{html.escape(text[start:end])}</mark>{html.escape(after)}"
        "</div>"
    )


class ReviewPanel:
    """The panel (``.widget``) over a results store, and the actions its buttons run."""

    def __init__(
        self,
        store: str | Path,
        *,
        reviewer: str = "",
        run_id: int | None = None,
        contract: str | None = None,
    ) -> None:
        import ipywidgets as w

        self.store = Path(store)
        self.run_id = run_id
        self._texts: dict[str, str | None] = {}
        self._reports: dict[str, ContractReport] = {}
        self.rows: list[Row] = []
        finals = review.final_labels(self.store, run_id)
        self._paths = {fl.doc: (fl.path, fl.sha256) for fl in finals}
        self.contract = w.Dropdown(
            options=self._contract_options(finals),
            description="Contract",
            layout=w.Layout(width="95%"),
            style={"description_width": "6em"},
        )
        self.findings = w.Select(
            options=[],
            rows=10,
            description="Findings",
            layout=w.Layout(width="95%"),
            style={"description_width": "6em"},
        )
        self.detail = w.HTML()
        self.reviewer = w.Text(value=reviewer, description="Reviewer", placeholder="Your name")
        self.note = w.Textarea(
            description="Note", placeholder="Why (shown in every output)",
            layout=w.Layout(width="95%"),
        )  # fmt: skip
        self.status = w.Dropdown(options=list(STATUSES), description="Status")
        self.value = w.Dropdown(options=[_KEEP], description="Value")
        self.accept_button = w.Button(
            description="Accept", button_style="success", tooltip="record the analyzer's finding"
        )
        self.override_button = w.Button(
            description="Override", button_style="warning", tooltip="record the status/value set"
        )
        self.message = w.HTML()
        self.accept_button.on_click(lambda _b: self._act(accept=True))
        self.override_button.on_click(lambda _b: self._act(accept=False))
        self.contract.observe(lambda _c: self._load(), names="value")
        self.findings.observe(lambda _c: self._show(), names="value")
        self.widget = w.VBox(
            [
                w.HTML("<b>Review findings</b>: accept the analyzer's finding or override it"),
                self.contract,
                self.findings,
                self.detail,
                w.HBox([self.reviewer, self.status, self.value]),
                self.note,
                w.HBox([self.accept_button, self.override_button]),
                self.message,
            ]
        )
        if contract is not None:
            self.contract.value = contract
        self._load()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """A notebook shows the panel itself when a cell ends with it."""
        return self.widget._repr_mimebundle_(**kwargs)

    # -- reading ---------------------------------------------------------------------------

    def _contract_options(self, finals: list[review.FinalLabels]) -> list[tuple[str, str]]:
        from analyzer.store import open_store

        with open_store(self.store) as db:
            trust = db.label_trust(self.run_id)
        options = []
        for fl in finals:
            checks = [k for k in trust.get(fl.doc, ({}, []))[1] if k not in fl.reviewed]
            label = fl.doc + (f"  ({len(checks)} lawyer check)" if checks else "")
            options.append((checks == [], fl.doc, label))
        return [(label, doc) for _c, doc, label in sorted(options)]

    def report(self, doc: str) -> ContractReport:
        if doc not in self._reports:
            from analyzer.store import open_store

            with open_store(self.store) as db:
                self._reports[doc] = db.report(doc, self.run_id)
        return self._reports[doc]

    def text(self, doc: str) -> str | None:
        """The original's text when the file is where the run found it, with the same bytes."""
        if doc not in self._texts:
            path, sha = self._paths.get(doc, ("", ""))
            text = None
            try:
                if path and Path(path).is_file():
                    from analyzer.readers import read_contract

                    document = read_contract(Path(path))
                    if document.sha256 == sha:
                        text = document.text
            except Exception as exc:  # an unreadable original: the quote alone is shown
                log.info("no context for %s: %s", doc, exc)
            self._texts[doc] = text
        return self._texts[doc]

    def _load(self) -> None:
        doc = self.contract.value
        if doc is None:
            self.rows = []
            self.findings.options = []
            return
        decs = review.decisions(self.store, self.run_id).get(doc, {})
        report = self.report(doc)
        rows = [Row(f.requirement, f, decs.get(f.requirement)) for f in report.findings]
        self.rows = sorted(rows, key=review_order)
        selected = self.findings.value
        self.findings.options = [(r.label(), r.requirement) for r in self.rows]
        if selected in [r.requirement for r in self.rows]:
            self.findings.value = selected
        elif self.rows:
            self.findings.value = self.rows[0].requirement
        self._show()

    def selected(self) -> Row | None:
        return next((r for r in self.rows if r.requirement == self.findings.value), None)

    def _show(self) -> None:
        row = self.selected()
        if row is None:
            self.detail.value = ""
            return
        f = row.finding
        esc = html.escape
        parts = [
            f"<h4>{esc(requirement_title(f.requirement))}</h4>",
            f"<p><b>Analyzer</b>: {esc(status_words(f.status))}"
            + (f" ({esc(value_words(f.requirement, f.value))})" if f.value is not None else "")
            + (f", confidence {f.confidence:.2f}" if f.confidence is not None else "")
            + "</p>",
        ]
        if f.review:
            parts.append(f"<p><b>Lawyer check</b>: {esc(f.review)}</p>")
        if row.decision is not None:
            d = row.decision
            what = "Review outdated (made on an earlier text)" if d.outdated else "Decision"
            parts.append(
                f"<p><b>{what}</b>: {esc(status_words(d.status))}"
                + (f" ({esc(value_words(f.requirement, d.value))})" if d.value else "")
                + f" by {esc(d.reviewer)} on {esc(d.reviewed_at[:10])}"
                + (f": {esc(d.note)}" if d.note else "")
                + "</p>"
            )
        explanation = f"<p>{esc(lawyer_explanation(f.explanation))}</p>"  # after the quotes: read the clause first
        text = self.text(str(self.contract.value))
        for ev in f.evidence[:3]:
            parts.append(f"<p><b>Quote</b> {esc(citation(ev))}</p>")
            if text is not None and text[ev.start : ev.end] == ev.quote:
                parts.append(quote_context(text, ev.start, ev.end))
            else:
                parts.append(f"<blockquote><mark>{esc(ev.quote)}</mark></blockquote>")
        if not f.evidence:
            parts.append("<p><i>No clause found in the contract.</i></p>")
        parts.append(explanation)
        if f.recommendation.get("en") and f.status in ("missing", "partial", "flag"):
            parts.append(f"<p><b>Recommendation</b>: {esc(f.recommendation['en'])}</p>")
        self.detail.value = (
            '<div style="max-height:26em;overflow:auto;padding-right:.5em">'
            + "\n".join(parts)
            + "</div>"
        )
        self.status.value = row.final_status
        choices = VALUE_CHOICES.get(f.requirement)
        if choices is not None:
            self.value.options = [_KEEP, *choices]
        elif f.requirement == "art10.arbitration_institution":
            self.value.options = [_KEEP, "none"]
        else:
            self.value.options = [_KEEP]
        self.value.value = _KEEP

    # -- writing ---------------------------------------------------------------------------

    def _act(self, *, accept: bool) -> None:
        try:
            self.message.value = html.escape(self.decide(accept=accept))
        except review.ReviewError as exc:
            self.message.value = (
                f'<span style="color:#b00">error [{exc.code}]: {html.escape(exc.message)}</span>'
            )

    def decide(self, *, accept: bool) -> str:
        """Record the decision on the selected finding (what the buttons do); returns what
        was recorded, in words."""
        row = self.selected()
        if row is None:
            raise review.ReviewError("pick a contract and a finding first")
        kwargs: dict[str, Any] = {}
        if not accept:
            kwargs["status"] = self.status.value
            if self.value.value != _KEEP:
                kwargs["value"] = self.value.value
        d = review.set_review(
            self.store,
            str(self.contract.value),
            row.requirement,
            by=self.reviewer.value,
            accept=accept,
            note=self.note.value,
            run_id=self.run_id,
            **kwargs,
        )
        self.note.value = ""
        self._load()
        what = "accepted" if d.accepted else "overridden"
        shown = status_words(d.status) + (f" ({d.value})" if d.value else "")
        return f"{d.doc}: {d.requirement} {what}: {shown}, by {d.reviewer} at {d.reviewed_at}"

    def accept(self) -> str:
        return self.decide(accept=True)

    def override(self, status: str, value: str | None = None, note: str = "") -> str:
        """Set the status (and value) fields and the note, then override."""
        self.status.value = status
        if value is not None:
            self.value.value = value
        self.note.value = note
        return self.decide(accept=False)
