# Set-up and everyday commands. `make serve` previews the site; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: serve build test reference-server lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; run make with PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-virtualenv -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict

build: $(STAMP)
	$(BIN)/mkdocs build --strict

test: $(STAMP)
	$(BIN)/python -m pytest

reference-server: $(STAMP)
	$(BIN)/python -m reference_impl serve

lock: $(STAMP)
	$(BIN)/python -m pip freeze --all --exclude pip --exclude api-token-kb > requirements.lock.new
	@echo "Wrote requirements.lock.new: add the header of requirements.lock and move it into place."

clean:
	rm -rf $(VENV) site .pytest_cache
