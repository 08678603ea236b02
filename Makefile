# Two commands on a fresh machine: `make report` (the study) and `make test` (the tests).
# Each builds .venv from the committed lock files first; nothing is reinstalled when nothing changed.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NLTK_DATA := $(CURDIR)/.nltk_data_empty
export MPLBACKEND := Agg

.PHONY: help install report test test-fast bench evaluate lab lint format lock browser clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --config-settings editable_mode=compat -e .
	mkdir -p $(NLTK_DATA)
	touch $@

install: $(STAMP) ## Create .venv and install the pinned dependencies (only when the lock files change)

report: $(STAMP) ## Run every notebook on the seeds; HTML reports, figures and tables in outputs/
	@$(BIN)/python -m compileall -q corpus_utils >/dev/null  # bytecode once, even under PYTHONDONTWRITEBYTECODE
	$(BIN)/corpus-report --corpus seeds --out outputs

test: $(STAMP) browser ## Run the test suite (unit, end-to-end, browser, JupyterLab)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP) ## Run the unit tests only (no notebooks, no browser, no servers)
	$(BIN)/python -m pytest -q -m "not slow"

bench: $(STAMP) ## Print speed and memory figures (loader, n-grams, reuse, report runner, Dask engine)
	$(BIN)/python -m benchmarks.run_all

evaluate: $(STAMP) ## Score speakers, themes, families and passages against the hand-coded seeds (eval/)
	$(BIN)/python -m eval.run

lab: $(STAMP) ## Open JupyterLab on notebooks/ with the project's environment as the python3 kernel
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

lint: $(STAMP) ## Check code and notebooks with ruff
	$(BIN)/ruff check corpus_utils tests benchmarks notebooks eval
	$(BIN)/ruff format --check corpus_utils tests benchmarks notebooks eval

format: $(STAMP) ## Format code and notebooks with ruff
	$(BIN)/ruff format corpus_utils tests benchmarks notebooks eval

browser: ## Install Debian's chromium for the browser test when it is missing
	@command -v chromium >/dev/null || { command -v apt-get >/dev/null && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "warning: could not install chromium; the browser test will fail"; }

lock: ## Re-resolve the lock files with uv (needs `pip install uv`)
	uv pip compile pyproject.toml --python-version 3.11 --no-header -o requirements.lock
	uv pip compile requirements-dev.in --python-version 3.11 --no-header -o requirements-dev.lock

clean: ## Remove outputs and caches (keeps .venv)
	find outputs -mindepth 1 ! -name README.md -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache
