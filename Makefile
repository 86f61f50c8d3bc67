# uppsikt: `make demo` and `make test` are all a new machine needs (Python 3.11, make, apt).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PERIOD ?= 2024-07

.PHONY: install demo test lint format bench look look-deps clean

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

# Pictures of the demo report as a reader sees it: PPTX via LibreOffice, the PDF, the HTML page.
look-deps:
	@command -v libreoffice >/dev/null && command -v pdftoppm >/dev/null && command -v chromium >/dev/null || \
	  { apt-get update && apt-get install -y libreoffice-impress libreoffice-calc poppler-utils chromium; }

look: demo look-deps
	rm -rf demo/look && mkdir -p demo/look
	libreoffice --headless --convert-to pdf --outdir demo/look demo/report/report-$(PERIOD).pptx >/dev/null
	pdftoppm -png -r 50 demo/look/report-$(PERIOD).pdf demo/look/slide
	pdftoppm -png -r 50 demo/report/report-$(PERIOD).pdf demo/look/page
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	  --disable-component-update --disable-sync --no-first-run --user-data-dir=$$(mktemp -d) \
	  --screenshot=$(CURDIR)/demo/look/html.png --window-size=1400,4000 \
	  file://$(CURDIR)/demo/report/report-$(PERIOD).html 2>/dev/null
	@echo "Pictures in demo/look/"

clean:
	rm -rf $(VENV) demo build *.egg-info .pytest_cache .ruff_cache .hypothesis
