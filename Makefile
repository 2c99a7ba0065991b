# RSI Sag — the two commands: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CONFIG ?= development.ini
STAMP := $(VENV)/.installed

.PHONY: run test test-pg install catalogs migrate demo lint bench screenshots clean

# the PostgreSQL server `make test-pg` runs the suite against (.ci/postgres prepares it)
PG_TEST_URL ?= postgresql+psycopg://rsi_test:rsi_test@127.0.0.1:5432/rsi_test

run: install catalogs
	@mkdir -p var
	PYTHONWARNINGS="ignore:pkg_resources is deprecated" $(BIN)/rsi-case-initdb $(CONFIG) --demo --if-empty
	PYTHONWARNINGS="ignore:pkg_resources is deprecated" $(BIN)/pserve $(CONFIG)

test: install catalogs lint
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# the same suite on PostgreSQL (`make test` does so too when RSI_TEST_DATABASE_URL is set)
test-pg: install catalogs lint
	RSI_TEST_DATABASE_URL="$${RSI_TEST_DATABASE_URL:-$(PG_TEST_URL)}" $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# security lint: nothing of medium or high severity in the application
lint: install
	$(BIN)/bandit -r rsi_case -ll -q

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools<81" wheel
	$(BIN)/python -m pip install --quiet -e ".[testing]"
	@touch $(STAMP)

install: $(STAMP)

# compile the gettext catalogs (.po -> .mo); the .mo files are build products
catalogs: install
	$(BIN)/python -m rsi_case.scripts.catalogs compile

migrate: install
	$(BIN)/rsi-case-initdb $(CONFIG)

bench: install catalogs
	$(BIN)/python bench/case_list.py
	$(BIN)/python bench/versions.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/export.py --pages

screenshots: install catalogs
	$(BIN)/python docs/screenshots/take.py
	$(BIN)/python docs/screenshots/word.py

clean:
	rm -rf $(VENV) var *.egg-info
