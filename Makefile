# Prongsai: the two quick-start commands are `make demo` and `make test` (see README.md).
# Every install step is here, so a fresh machine needs nothing but Python 3.11, Node.js/npm and make.

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --constraint constraints.txt
PYTEST_ARGS ?=

.PHONY: install install-test system-packages demo test lint messages constraints bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

install: $(BIN)/python node_modules/.package-lock.json  ## the app and its front-end assets
	$(PIP) -e .

install-test: install  ## plus test tools (pytest, Playwright's Python driver, ruff, mypy)
	$(PIP) -e ".[test,bench]"

# Debian packages the test suite needs: Chromium for browser tests, poppler for PDF text checks.
# Skipped when already present; needs root (CI runs as root).
system-packages:
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium poppler-utils gettext >/dev/null; }

demo: install  ## quick start 1: demo data on SQLite, served at http://127.0.0.1:8000
	$(BIN)/prongsai demo

test: install-test system-packages  ## quick start 2: the whole suite (SQLite unless DATABASE_URL says otherwise)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy prongsai
	$(BIN)/prongsai makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy prongsai

messages:  ## refresh every app's Thai/English catalogues after changing user-facing text, then compile them
	@for app in $$(dirname $$(ls prongsai/*/apps.py)); do \
	  mkdir -p $$app/locale; \
	  (cd $$app && $(CURDIR)/$(BIN)/prongsai makemessages -l th -l en --no-location --no-obsolete -v 0) || exit 1; \
	  en=$$app/locale/en/LC_MESSAGES/django.po; \
	  [ -f $$en ] && msgen --no-wrap -o $$en.tmp $$en && mv $$en.tmp $$en; \
	  (cd $$app && $(CURDIR)/$(BIN)/prongsai compilemessages -v 0) || exit 1; \
	done

constraints:  ## re-pin every installed package after changing pyproject.toml
	(echo "# Exact versions for every install (pip install -c constraints.txt …). Regenerate: make constraints"; \
	 $(BIN)/pip freeze --exclude-editable | grep -v "^prongsai") > constraints.txt

bench: install-test
	$(BIN)/python bench/score_nation.py

clean:
	rm -rf $(VENV) node_modules var
