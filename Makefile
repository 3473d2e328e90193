# Care Commons: `make demo` runs it, `make test` tests it. Both set up everything they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SEED ?= 1
PORT ?= 8000
# pabutools is the oracle the counting engine is checked against. Installed without its dependencies, because
# a plain install also pulls gurobipy (proprietary); its real dependencies are in pyproject's test extra.
# requirements/oracle.txt holds its hashes: change the version here, then `make lock`.
PABUTOOLS := 1.2.3
# The lock files (ADR 0029): every Python package at one version with its files' hashes. `make lock` writes them.
LOCKS := requirements/runtime.txt requirements/test.txt requirements/oracle.txt
export DJANGO_SETTINGS_MODULE ?= carecommons.config.settings.dev

.PHONY: demo test test-fast test-postgres lint bench setup assets system-test-deps standards clean serve lock loadtest

setup: $(VENV)/.installed node_modules/.installed carecommons/static/css/app.css

# Only what the locks name, each file checked against its hash; then the project itself, without dependencies.
# Production installs requirements/runtime.txt alone (README, "Production").
$(VENV)/.installed: pyproject.toml Makefile $(LOCKS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements/runtime.txt -r requirements/test.txt
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/oracle.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

## lock: write the lock files again from pyproject.toml, keeping every pin it can (UPGRADE=1: the newest allowed)
lock:
	scripts/lock.sh

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: carecommons/static/css/app.css

carecommons/static/css/app.css: carecommons/static_src/app.scss node_modules/.installed
	mkdir -p carecommons/static/css
	node_modules/.bin/sass --pkg-importer=node --no-source-map --style=compressed --quiet-deps $< $@

## demo: set up, migrate, build the fictional demo area and serve http://127.0.0.1:8000
demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_postcodes --quiet carecommons/demo/data/ashby-vale-postcodes-fictional.csv
	$(PY) manage.py demo_area --seed $(SEED)
	$(PY) manage.py publish_outcomes --population carecommons/demo/data/ashby-vale-population-fictional.csv
	$(PY) manage.py signing_key > /dev/null
	@echo "Care Commons is starting at http://127.0.0.1:$(PORT) (press Ctrl+C to stop)"
	CARECOMMONS_AREA_NAME="Ashby Vale (fictional)" CARECOMMONS_BASE_URL=$${CARECOMMONS_BASE_URL:-http://127.0.0.1:$(PORT)} \
		$(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

## test: install what tests need (Chromium, PostgreSQL), then run the whole suite on SQLite and PostgreSQL
test: system-test-deps setup lint standards
	DJANGO_SETTINGS_MODULE=carecommons.config.settings.production CARECOMMONS_BASE_URL=https://care.example.org CARECOMMONS_SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_SETTINGS_MODULE=carecommons.config.settings.test $(PY) -m pytest -q
	$(MAKE) --no-print-directory test-postgres

## test-postgres: the database tests again, on a real PostgreSQL server started on 127.0.0.1
test-postgres: setup standards
	scripts/with-postgres.sh $(PY) -m pytest -q -m "not e2e" carecommons

test-fast: setup standards
	DJANGO_SETTINGS_MODULE=carecommons.config.settings.test $(PY) -m pytest -q -m "not e2e and not oracle_slow"

## lint: ruff, mypy on the rules, and the import contract (the layers; pyproject's [tool.importlinter])
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

system-test-deps:
	scripts/install-system-deps.sh

## standards: the official schemas that published data is validated against (OCDS), fetched from the package index
standards: setup
	$(PY) scripts/fetch-standards.py

## bench: build a synthetic area (1,000,000 people, 10,000,000 events, 100,000 budgets, 20,000 directory services)
## and time the busiest pages, on SQLite and then on a throwaway PostgreSQL server; then import a full-size
## synthetic CQC directory (50,000 places) and time searching it; then the outcomes engine over a national-size year
## of fictional CLD (2,000,000 people, 40 councils, 21 million rows) and over one council; then a year of fictional
## discharge requests (5,000 a week: 260,000) and the hospital team's list and the flow page (docs/performance.md)
BENCH_SIZE = --people 1000000 --events 10000000
bench: setup
	$(PY) manage.py bench $(BENCH_SIZE)
	scripts/with-postgres.sh sh -c 'DJANGO_SETTINGS_MODULE=carecommons.config.settings.dev $(PY) manage.py bench $(BENCH_SIZE) --postgres "$$DATABASE_URL" --results bench-results-postgres.json'
	$(PY) manage.py market_bench --locations 50000
	$(PY) manage.py match_bench --people 10000 --carers 10000 --seed 1
	$(PY) manage.py match_bench --people 100000 --carers 100000 --seed 1
	$(PY) manage.py pb_bench
	$(PY) manage.py outcomes_bench --people 2000000 --council-people 50000 --by-council 2
	$(PY) manage.py hospital_bench --weeks 52 --per-week 5000 --requests 100

## loadtest: Locust against gunicorn on a throwaway PostgreSQL, all on 127.0.0.1, for LOADTEST_TIME (5m) with
## LOADTEST_USERS simulated people (see docs/performance.md); results in var/loadtest/
LOADTEST_USERS ?= 40
LOADTEST_RATE ?= 4
LOADTEST_TIME ?= 5m
LOADTEST_PORT ?= 8011
loadtest: setup
	PY=$(PY) LOADTEST_USERS_COUNT=$(LOADTEST_USERS) LOADTEST_RATE=$(LOADTEST_RATE) LOADTEST_TIME=$(LOADTEST_TIME) \
		LOADTEST_PORT=$(LOADTEST_PORT) scripts/with-postgres.sh scripts/loadtest.sh

clean:
	rm -rf $(VENV) .venv-lock node_modules carecommons/static/css staticfiles db.sqlite3* .pgtest bench-market.sqlite3* bench-matching.sqlite3* bench-pb.sqlite3* bench-hospital.sqlite3* bench-hospital-results.json var/standards
