# uppsikt: `make demo` and `make test` are all a new machine needs (Python 3.11, make, apt).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PERIOD ?= 2024-07

.PHONY: install demo test lint format bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "uppsikt needs Python 3.11 or newer"'
	@# Debian's python3 lacks venv until python3-venv is installed.
	$(PYTHON) -m venv $(VENV) || { apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -rf demo
	$(BIN)/uppsikt demo demo/workspace
	$(BIN)/uppsikt build --workspace demo/workspace --period $(PERIOD) --format all --out demo/report
	@echo "The demo report is in demo/report/"

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_foundation.py --write-docs

clean:
	rm -rf $(VENV) demo build *.egg-info .pytest_cache .ruff_cache .hypothesis
