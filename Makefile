# Set-up and everyday commands. `make serve` previews the site; `make test` runs every test.
PYTHON ?= python3
# Material for MkDocs prints an end-of-life notice on every build; the pinned versions are deliberate.
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: serve build test examples report regenerate reference-server benchmark lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; run make with PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-virtualenv -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# Chromium for the browser tests: without it and without root, the browser tests are skipped, except in CI
# (the variable CI set), where a missing Chromium stops the run.
test: $(STAMP)
	scripts/ensure-system-tools.sh
	scripts/install-browser.sh || test -z "$$CI"
	$(BIN)/python -m pytest

# The examples of one page: make examples PAGE=captcha
examples: $(STAMP)
	@test -n "$(PAGE)" || { echo "Name the page: make examples PAGE=captcha"; exit 2; }
	$(BIN)/python -m pytest tests/docs -k "$(PAGE).md"

report: $(STAMP)
	$(BIN)/python -m doc_examples report

# Rewrites shown output from the reference server; PAGE limits it to one page.
regenerate: $(STAMP)
	$(BIN)/python -m doc_examples regenerate $(PAGE)

reference-server: $(STAMP)
	$(BIN)/python -m reference_impl serve

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Rewrites the pins from what the virtual environment has now, keeping the comment lines at the top.
lock: $(STAMP)
	grep '^#' requirements.lock > requirements.lock.new
	$(BIN)/python -m pip freeze --all --exclude pip --exclude api-token-kb >> requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) site .pytest_cache
