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
# # 03 — Tune clause patterns and see the effect on the gold set
#
# The clause patterns in `clause_patterns/` are data a lawyer can edit. This notebook copies them
# to a temporary folder, changes the copy (here: it removes every pattern with one tag label),
# and evaluates the analyzer with the original and with the changed patterns against gold labels,
# so you see which figures move. The repository's patterns are never touched.
#
# Parameters (environment variables, or edit the cell):
# - `ANALYZER_NB_FOLDER` — contracts the gold records name (default `sample_contracts/`)
# - `ANALYZER_NB_GOLD` — gold JSONL files, comma-separated (default: every `expected_labels.jsonl`
#   under the folder); e.g. `../shared/corpus/gold/cuad_dev.jsonl` with the corpus as folder
# - `ANALYZER_NB_GOLD_LIMIT` — evaluate only the first N records (0 = all)
# - `ANALYZER_NB_DROP_LABEL` — the tag label whose patterns the experiment removes

# %%
import functools
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import yaml
from IPython.display import display

from analyzer import charts
from analyzer.engine import analyze
from analyzer.evaluate import evaluate
from analyzer.gold import corpus_gold_files
from analyzer.patterns import default_directory, load_patterns
from analyzer.portfolio import repo_path

FOLDER = repo_path(os.environ.get("ANALYZER_NB_FOLDER", "sample_contracts"))
GOLD = [repo_path(g) for g in os.environ.get("ANALYZER_NB_GOLD", "").split(",") if g] or sorted(
    FOLDER.rglob("expected_labels.jsonl")
)
LIMIT = int(os.environ.get("ANALYZER_NB_GOLD_LIMIT", "0"))
DROP_LABEL = os.environ.get("ANALYZER_NB_DROP_LABEL", "ip.client_protection")
WORK = Path(tempfile.mkdtemp(prefix="patterns-"))
FOLDER, [g.name for g in GOLD], DROP_LABEL

# %% [markdown]
# Optionally keep only the first records of the gold files (a quicker experiment):

# %%
if LIMIT:
    lines = [
        line for g in GOLD for line in g.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    subset = WORK / "gold_subset.jsonl"
    subset.write_text("\n".join(lines[:LIMIT]) + "\n", encoding="utf-8")
    GOLD = [subset]

# %% [markdown]
# ## Baseline: the patterns as shipped

# %%
baseline = evaluate(GOLD, FOLDER)
print(baseline.table().split("\n\n")[0])

# %% [markdown]
# ## The experiment: a copy of the patterns without the `DROP_LABEL` patterns
#
# Edit this cell to try your own change (add a phrase, tighten a regex) — it only edits the copy.

# %%
patterns_copy = WORK / "clause_patterns"
shutil.copytree(default_directory(), patterns_copy)
removed = []
for path in sorted(patterns_copy.glob("*/*.yaml")):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "patterns" not in data:
        continue
    keep = [p for p in data["patterns"] if p.get("label") != DROP_LABEL]
    removed += [p["id"] for p in data["patterns"] if p.get("label") == DROP_LABEL]
    if not keep:
        path.unlink()
    elif len(keep) != len(data["patterns"]):
        data["patterns"] = keep
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
changed = load_patterns(patterns_copy)
print(f"removed {len(removed)} patterns; pattern-set version {changed.version}")

# %%
experiment = evaluate(GOLD, FOLDER, analyze_fn=functools.partial(analyze, patterns=changed))

# %% [markdown]
# ## What moved


# %%
def metrics(result):
    return pd.DataFrame([m.to_dict() for m in result.metrics.values()]).set_index("label")


comparison = metrics(baseline).join(metrics(experiment), lsuffix="_before", rsuffix="_after")
comparison["accuracy_change"] = comparison["accuracy_after"] - comparison["accuracy_before"]
comparison[
    [
        "n_before",
        "accuracy_before",
        "accuracy_after",
        "accuracy_change",
        "recall_before",
        "recall_after",
    ]
]

# %%
pd.DataFrame(
    {
        "baseline": [baseline.mean_accuracy, baseline.min_accuracy],
        "experiment": [experiment.mean_accuracy, experiment.min_accuracy],
    },
    index=["mean accuracy", "lowest label accuracy"],
)

# %% [markdown]
# Contracts whose labels changed with the experiment:

# %%
before = {(m.doc, m.label) for m in baseline.mismatches}
after = {(m.doc, m.label) for m in experiment.mismatches}
pd.DataFrame(
    [(d, lab, "now wrong") for d, lab in sorted(after - before)]
    + [(d, lab, "now right") for d, lab in sorted(before - after)],
    columns=["doc", "label", "change"],
)

# %% [markdown]
# ## How far to trust the analyzer: the frozen test split
#
# The project's annotated corpus (`annotations/`, see `docs/annotated_corpus.md`) holds 66 test
# contracts no pattern or model was tuned on. Per label: accuracy with a 95% interval, evidence
# agreement, and how well the second reader's confidence is calibrated (a reliability diagram:
# on the diagonal, a confidence of 0.8 is right 80% of the time). Look at these; never tune on
# them. Skipped when `../shared/corpus` is not beside the project.

# %%
CORPUS = repo_path(os.environ.get("ANALYZER_NB_CORPUS", "../shared/corpus"))
if (CORPUS / "gold").is_dir():
    test = evaluate(corpus_gold_files(CORPUS), CORPUS, splits=["test"])
    display(
        pd.DataFrame([m.to_dict() for m in test.metrics.values()]).set_index("label")[
            ["n", "accuracy", "ci_low", "ci_high", "precision", "recall", "evidence_agreement"]
        ]
    )
    summary = test.to_dict()
    print(
        f"mean {test.mean_accuracy:.3f}; missing-IP flag {summary['ip_missing_flag']}; "
        f"calibration ECE {summary['calibration']['ece']}, review share "
        f"{summary['calibration']['review_share']}, unmarked accuracy "
        f"{summary['calibration']['unmarked_accuracy']}"
    )
    display(charts.reliability_diagram(test.reliability(), title="Frozen test split"))
else:
    print(f"no annotated corpus at {CORPUS}: skipped")

# %%
shutil.rmtree(WORK, ignore_errors=True)
