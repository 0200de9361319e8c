# Everyday commands. `make run` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?= -n 2 --dist loadfile
BENCH_ARGS ?=

.PHONY: run install install-test test test-sqlite test-postgres bench lint format messages check-messages clean

MO_FILES := $(patsubst %.po,%.mo,$(wildcard workspace/translations/*/LC_MESSAGES/messages.po))

run: install $(MO_FILES) ## Create the virtualenv, install, migrate, seed the demo and serve it
	$(BIN)/workspace db upgrade
	$(BIN)/workspace seed-demo
	$(BIN)/workspace serve --host $(HOST) --port $(PORT)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml tests/package.json tests/package-lock.json | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	npm ci --prefix tests --no-audit --no-fund --loglevel=error
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

%.mo: %.po | $(VENV)/.installed
	$(BIN)/pybabel -q compile -i $< -o $@

install-test: $(VENV)/.installed-test

# SQLite always; PostgreSQL too when CI=true or WORKSPACE_TEST_DATABASE_URL is set.
test: install-test $(MO_FILES)
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ "$$CI" = "true" ] || [ -n "$$WORKSPACE_TEST_DATABASE_URL" ]; then \
		$(MAKE) --no-print-directory test-postgres; \
	fi

test-postgres: install-test $(MO_FILES)
	WORKSPACE_TEST_DATABASE_URL=$${WORKSPACE_TEST_DATABASE_URL:-$(PG_TEST_URL)} \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-test
	$(BIN)/workspace bench $(BENCH_ARGS)

PY_DIRS := $(wildcard workspace tests migrations bench)

lint: install-test
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff check --fix $(PY_DIRS)
	$(BIN)/ruff format $(PY_DIRS)

messages: install ## Extract strings and update the fr/ar/ru catalogs
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --omit-header -o workspace/translations/messages.pot .
	$(BIN)/pybabel update --ignore-obsolete -i workspace/translations/messages.pot -d workspace/translations
	$(BIN)/pybabel -q compile -d workspace/translations

check-messages: install-test ## Fail when a string lacks its fr/ar/ru translation or a catalog is stale
	$(BIN)/python -m pytest -q -p no:randomly tests/i18n/test_catalogs.py

clean:
	rm -rf $(VENV) tests/node_modules instance .pytest_cache
