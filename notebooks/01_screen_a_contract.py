# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 — Screen one contract
#
# Screens one English and one Chinese contract against Articles 3–12 of the 2009 MOFCOM/MIIT
# service-outsourcing information-protection provisions. Every quote below is an exact slice of
# the contract text, with the clause number where a reader of the original finds it.
#
# Parameters (environment variables, or edit the cell): `ANALYZER_NB_EN` and `ANALYZER_NB_ZH`,
# paths relative to the repository root unless absolute. The outputs of this notebook contain
# contract text: never commit them.

# %%
import os

from IPython.display import HTML, Markdown, display

import analyzer
from analyzer.frames import reports_to_frames
from analyzer.portfolio import repo_path
from analyzer.report import to_html, to_markdown

EN_CONTRACT = repo_path(
    os.environ.get("ANALYZER_NB_EN", "sample_contracts/en/northbank_contact_centre_services.docx")
)
ZH_CONTRACT = repo_path(
    os.environ.get("ANALYZER_NB_ZH", "sample_contracts/zh/ito_service_compliant.docx")
)
print(EN_CONTRACT.name, ZH_CONTRACT.name)

# %% [markdown]
# ## English contract
#
# `read_contract` gives the Document (text, blocks, numbering labels); `analyze` the report.

# %%
en_doc = analyzer.read_contract(EN_CONTRACT)
en_report = analyzer.analyze(en_doc)
en_report.labels()

# %% [markdown]
# The findings as a table (one row per finding, fixed columns):

# %%
frames = reports_to_frames([(EN_CONTRACT.stem, en_report)])
frames["findings"][["article", "requirement", "status", "value", "clause", "quote"]]

# %% [markdown]
# The same report as Markdown, as `analyzer screen FILE --format markdown` prints it:

# %%
display(Markdown(to_markdown(en_report, en_doc)))

# %% [markdown]
# ## Chinese contract (中文合同)

# %%
zh_doc = analyzer.read_contract(ZH_CONTRACT)
zh_report = analyzer.analyze(zh_doc)
zh_frames = reports_to_frames([(ZH_CONTRACT.stem, zh_report)])
zh_frames["findings"][["article", "requirement", "status", "value", "clause", "quote"]]

# %% [markdown]
# What is missing, with the recommendation in Chinese:

# %%
[
    (f.requirement, f.recommendation.get("zh"))
    for f in zh_report.findings
    if f.status in ("missing", "partial", "flag")
]

# %% [markdown]
# The evidence highlighted in the contract text (the HTML report of the portfolio's `annotated/`):

# %%
display(HTML(to_html(zh_report, zh_doc)))
