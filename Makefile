# make demo  — create .venv, install, screen sample_contracts/, write outputs to demo_output/
# make test  — install what tests need, run lint, types and the whole test suite (notebooks too)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEV_STAMP := $(VENV)/.dev-stamp

.PHONY: demo test lint typecheck pytest bench lab clean notebooks-sync train

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

demo: $(STAMP)
	$(BIN)/analyzer portfolio sample_contracts --out demo_output --memos
	@mkdir -p demo_output/redlined
	@for f in sample_contracts/*/*.docx; do \
	  $(BIN)/analyzer redline "$$f" --author "analyzer demo" \
	    --out "demo_output/redlined/$$(basename "$$f" .docx).redline.docx" || exit 1; \
	done
	@echo "Outputs are in demo_output/ (portfolio.xlsx, findings.csv, labels.jsonl, summary.md, charts/, annotated/)"
	@echo "Redlined copies (proposed clauses as Word tracked changes) are in demo_output/redlined/"
	@echo "portfolio.xlsx opens on the Issues sheet: gaps, flags and findings marked 'lawyer check'"
	@echo "Record a lawyer's decision (kept across re-runs, shown in every output after the next run):"
	@echo "  .venv/bin/analyzer review --store demo_output/results.sqlite set --doc en/northbank_contact_centre_services \\"
	@echo "      --requirement art11.ip_ownership --status met --value client --by 'Your Name' --note 'clause 8.1 read'"
	@echo "  .venv/bin/analyzer review --store demo_output/results.sqlite list"
	@echo "  .venv/bin/analyzer review --store demo_output/results.sqlite export > reviewed.jsonl   # gold for analyzer eval"
	@echo "Review memos (DOCX): one per contract and a one-page portfolio memo are in demo_output/memos/;"
	@echo "after recording decisions, remake them (--lang-out zh for Chinese):"
	@echo "  .venv/bin/analyzer memo --store demo_output/results.sqlite --out demo_output/memos"
	@echo "  .venv/bin/analyzer memo sample_contracts/zh/bpo_call_centre_no_ip.txt --out memo.docx [--lang-out en]"
	@echo "Review findings in JupyterLab (accept/override panel in notebook 02): ANALYZER_NB_STORE=$$PWD/demo_output/results.sqlite make lab"

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy analyzer

pytest: $(DEV_STAMP)
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/run_all.py

# rebuild the second reader (analyzer/models/) from ../shared/corpus and annotations/
train: $(DEV_STAMP)
	$(BIN)/python -m analyzer.training --corpus ../shared/corpus --curve

lab: $(DEV_STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV) demo_output .pytest_cache .mypy_cache .ruff_cache
