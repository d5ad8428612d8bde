# Two-command contract: `make demo` and `make test` set everything up themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test
GAMBIT := $(VENV)/.installed-gambit
BENCH  := $(VENV)/.installed-bench
DOCS   := $(VENV)/.installed-docs

.PHONY: demo test bench docs crosscheck lint format clean

# (Re)create the environment when pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

$(GAMBIT): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,gambit]'
	@touch $@

# The benchmarks time nashpy too: it is in the `bench` extra, not a run-time dependency.
# The N-player benchmark times pygambit when it is installed (`make crosscheck` installs it).
$(BENCH): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $@

$(DOCS): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	@touch $@

demo: $(STAMP)
	$(BIN)/tradegame demo --report build/demo-report

# The site, in strict mode (any warning fails), into site/; the scenario gallery is
# generated during the build by `tradegame report` on every built-in scenario.
docs: $(DOCS)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site
	@echo "site built in site/: serve it with $(BIN)/python -m http.server -d site"

test: $(STAMP)
	$(BIN)/python -m pytest -q
	$(BIN)/ruff check tradegame tests benchmarks docs/hooks

bench: $(BENCH)
	$(BIN)/python benchmarks/bench_solvers.py
	$(BIN)/python benchmarks/bench_payoffs.py
	$(BIN)/python benchmarks/bench_analyses.py
	$(BIN)/python benchmarks/bench_budgets.py
	$(BIN)/python benchmarks/bench_nplayer.py
	$(BIN)/python benchmarks/bench_model.py
	$(BIN)/python benchmarks/bench_sweep.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_explorer.py

# Cross-checks against Gambit (pygambit builds from source: several minutes the first time).
crosscheck: $(GAMBIT)
	$(BIN)/python -m pytest -q -m gambit tests

lint: $(STAMP)
	$(BIN)/ruff check tradegame tests benchmarks docs/hooks
	$(BIN)/ruff format --check tradegame tests benchmarks docs/hooks

format: $(STAMP)
	$(BIN)/ruff format tradegame tests benchmarks docs/hooks
	$(BIN)/ruff check --fix tradegame tests benchmarks docs/hooks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist site
