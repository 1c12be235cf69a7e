# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 — Portfolio review
#
# Screens a folder of contracts (English and Chinese, DOCX/PDF/text) into a results store, then
# answers the questions a legal team asks of a portfolio. Results are cached in the store: a
# second run only analyses contracts that changed, and a past run can be reopened without
# re-analysing anything (`open_store`).
#
# Parameters (environment variables, or edit the cell):
# - `ANALYZER_NB_FOLDER` — the contracts (default `sample_contracts/`, relative to the repo root)
# - `ANALYZER_NB_OUT` — where the store and the outputs go (default: a temporary folder)
# - `ANALYZER_NB_STORE` — an existing results store (`OUT/results.sqlite` of `analyzer
#   portfolio`) to review instead: nothing is analysed and no run is written
# - `ANALYZER_NB_REVIEWER` — your name, filled in on the review panel
#
# The outputs of this notebook contain contract text: never commit them.

# %%
# %matplotlib inline
import os
import tempfile
from pathlib import Path

import pandas as pd
from IPython.display import display

from analyzer import charts
from analyzer.frames import (
    deadlines,
    forum_problems,
    missing_ip_ownership,
    needs_lawyer_check,
    roles_to_check,
    staff_binding,
)
from analyzer.portfolio import analyze_portfolio, discover, repo_path
from analyzer.review_panel import ReviewPanel
from analyzer.store import open_store

# every row and the full contract and party names in the tables below (no "..." cut)
pd.set_option("display.max_rows", None)
pd.set_option("display.max_colwidth", None)

FOLDER = repo_path(os.environ.get("ANALYZER_NB_FOLDER", "sample_contracts"))
OUT = Path(os.environ.get("ANALYZER_NB_OUT") or tempfile.mkdtemp(prefix="portfolio-"))
STORE = os.environ.get("ANALYZER_NB_STORE")
WORKERS = int(os.environ.get("ANALYZER_NB_WORKERS", "2"))
print(STORE or FOLDER, OUT)

# %% [markdown]
# ## The run
#
# With `ANALYZER_NB_STORE` the notebook reads that store and analyses nothing. Otherwise it
# screens `FOLDER`. On the bundled samples only, it first makes an "earlier" run of half of the
# English samples, to show how the portfolio changes between runs (contracts analysed then are
# not analysed again: they come from the store); on your own contracts it never writes such a
# demonstration run.

# %%
if STORE:
    store_path = Path(STORE)
    outputs = sorted(p for p in store_path.parent.rglob("*") if p.is_file())
elif FOLDER.resolve() == repo_path("sample_contracts").resolve():
    files = discover([FOLDER])
    first_batch = [f for f in files if "zh" not in f.parts and "bilingual" not in f.parts][
        : max(1, len(files) // 2)
    ]
    earlier = analyze_portfolio(first_batch, store=OUT / "results.sqlite", workers=WORKERS)
    today = analyze_portfolio([FOLDER], out=OUT, workers=WORKERS)
    print(earlier.summary())
    print(today.summary())
    store_path, outputs = today.store, today.outputs
else:
    today = analyze_portfolio([FOLDER], out=OUT, workers=WORKERS)
    print(today.summary())
    store_path, outputs = today.store, today.outputs

# %% [markdown]
# Reopen the store as DataFrames (no analysis happens here):

# %%
store = open_store(store_path)
store.runs()[["run_id", "started", "inputs", "analysed", "cached", "errors", "status"]]

# %%
frames = store.frames()
contracts, findings = frames["contracts"], frames["findings"]
contracts[["doc", "languages", "provider", "client", "met", "missing", "flag"]]

# %% [markdown]
# ## What needs a lawyer's check?
#
# Findings where the second reader and the rules disagree, where the analyzer is not sure
# (confidence under 0.8), or where the clause rests on an unticked box, a blank or a
# placeholder — least confident first. Read these before relying on the rest.

# %%
needs_lawyer_check(findings)

# %% [markdown]
# Contracts where who serves whom is itself uncertain (the provider's and the client's role
# evidence is close, warning `roles_uncertain`). Articles 4, 6, 11 and 12 and the register's
# provider and client follow the analyzer's call, so confirm it first:

# %%
roles_to_check(contracts, frames["errors"])

# %% [markdown]
# ## Review the findings: accept or override
#
# Pick a contract (those with open "lawyer check" findings come first), then a finding: the
# ones marked for a lawyer's check come first, then the least confident. The quote is shown in
# its context in the original file. Type your name, and **Accept** the analyzer's finding or set
# the status (and, for Articles 10 and 11, the value) and **Override**, with a note. The decision
# is recorded in the results store exactly as `analyzer review --store PATH set` records it, and
# every output of the next run shows it (see docs/review.md).

# %%
panel = ReviewPanel(store_path, reviewer=os.environ.get("ANALYZER_NB_REVIEWER", ""))
display(panel)

# %% [markdown]
# ## Which contracts lack IP-ownership terms? (Art. 11)

# %%
missing_ip_ownership(contracts)

# %% [markdown]
# ## Which have no dispute forum, or an arbitration clause flagged for review? (Art. 10)

# %%
forum_problems(contracts, findings)

# %% [markdown]
# ## Which providers bind their staff? (Art. 6)

# %%
staff_binding(contracts)

# %% [markdown]
# ## What falls due, and when? (the obligations register's deadlines)
#
# Every duty with a deadline or period, per contract: what is due during the term and what on
# termination or expiry, the provider's duties first, and for whom (`beneficiary`, where the
# clause names the party the act is owed to). `sides_to_check` marks the rows whose
# provider / client rests on a weak call (the contracts listed under "roles to check" above).

# %%
deadlines(frames["obligations"], frames["errors"])

# %% [markdown]
# ## How did the portfolio change since the last run?

# %%
store.diff()

# %% [markdown]
# ## Charts

# %%
charts.status_heatmap(findings)

# %%
charts.requirement_share(contracts)

# %%
charts.forum_mix(contracts)

# %%
charts.ip_ownership_mix(contracts)

# %%
charts.obligations_by_role(frames["obligations"])

# %% [markdown]
# Files that could not be analysed (and duplicates) — the batch never stops for them:

# %%
frames["errors"]

# %% [markdown]
# The workbook, CSV, label lines, charts and annotated copies are in the output folder (memos:
# `analyzer memo --store OUT/results.sqlite --out OUT/memos`):

# %%
sorted(p.relative_to(store_path.parent).as_posix() for p in outputs)[:12]

# %%
store.close()
