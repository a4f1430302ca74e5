# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed
# bash for `set -o pipefail`: a benchmark piped through `tee` must still fail the target.
SHELL := /bin/bash

.PHONY: run test bench bench-scale smoke lint format setup migrate demo system-deps clean messages mutate

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)

# Debian packages the tests need: poppler (pdftotext), zbar (QR), Chromium.
system-deps:
	@bash scripts/install-system-deps.sh

migrate: setup
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py createcachetable

demo: migrate
	@if DEBUG=1 $(PY) manage.py help seed_demo >/dev/null 2>&1; then DEBUG=1 $(PY) manage.py seed_demo; fi

# Links in e-mails and QR codes point at the port actually served (unless set).
PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)
# The task worker (print jobs, e-mails) runs next to the web server and stops with it.
run: demo
	@DEBUG=1 PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(PY) manage.py db_worker --no-reload --interval 1 & \
	worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	DEBUG=1 PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Coverage with branches on every run; a whole run (no PYTEST_ARGS) fails below the floor
# (docs/testing.md: the measured figure, rounded down). The tests run in PYTEST_WORKERS
# processes (pytest-xdist, each on its own test database; pytest-cov combines their
# coverage); work stealing keeps both busy to the end. The 40 slowest tests are listed.
COVERAGE_FLOOR := 94
PYTEST_WORKERS ?= auto
PYTEST_XDIST = $(if $(filter 0,$(PYTEST_WORKERS)),-p no:xdist,-n $(PYTEST_WORKERS) --dist worksteal)
# A marker expression that keeps the floor (CI: PYTEST_SELECT="not sqlite_ci" on PostgreSQL).
PYTEST_SELECT ?=
# COVERAGE=0 skips measuring (CI's PostgreSQL pass: the floor is held by the SQLite pass).
COVERAGE ?= 1
PYTEST_COV = $(if $(filter 0,$(COVERAGE)),--no-cov,--cov --cov-report=term \
	--cov-fail-under=$(if $(PYTEST_ARGS),0,$(COVERAGE_FLOOR)))
test: setup system-deps
	$(PY) -m pytest $(PYTEST_XDIST) --durations=40 $(PYTEST_COV) \
		$(if $(PYTEST_SELECT),-m "$(PYTEST_SELECT)") $(PYTEST_ARGS)

# Mutation testing of the pure rule modules ([tool.mutmut] in pyproject.toml); slow, not in CI.
# Mutants' workers copy one migrated database instead of migrating their own.
MUTATE_DB := $(CURDIR)/.mutate-template.sqlite3
mutate: setup
	rm -f $(MUTATE_DB)*
	DJANGO_SETTINGS_MODULE=config.test_settings DATABASE_URL=sqlite:///$(MUTATE_DB) \
		$(PY) manage.py migrate --verbosity 0
	DJANGO_SETTINGS_MODULE=config.test_settings DATABASE_URL=sqlite:///$(MUTATE_DB) \
		$(PY) manage.py createcachetable
	MUTATE_TEMPLATE_DB=$(MUTATE_DB) $(PY) -m mutmut run --max-children $(or $(MUTATE_JOBS),2) $(MUTANTS)
	$(PY) -m mutmut results

bench: setup
	$(PY) -m benchmarks $(BENCH_ARGS)

# A large province (1,500 units, 100,000 people, 50,000 dossiers, 30,000 certificates) on
# SQLite, then PostgreSQL in a throwaway cluster (docs/operations.md, "Scale"); generated
# once, then restored from benchmarks/.cache/. BENCH_SCALE=small for a quick run,
# BENCH_DATABASES=sqlite for one database. Figures also go to bench-output/.
BENCH_DATABASES ?= sqlite postgresql
bench-scale: setup
	@mkdir -p bench-output
	@set -o pipefail; for db in $(BENCH_DATABASES); do \
	  out=bench-output/scale-$(or $(BENCH_SCALE),large)-$$db.txt; \
	  if [ $$db = postgresql ]; then \
	    bash -c 'source scripts/pg-throwaway.sh && pg_throwaway_start && trap pg_throwaway_stop EXIT && \
	      BENCH_DATABASE_URL=$$DATABASE_URL nice -n 5 $(PY) -m benchmarks._scale $(BENCH_ARGS)' | tee $$out || exit 1; \
	  else \
	    nice -n 5 $(PY) -m benchmarks._scale $(BENCH_ARGS) | tee $$out || exit 1; \
	  fi; \
	done
	@$(PY) -m benchmarks._scale_table $(foreach db,$(BENCH_DATABASES),bench-output/scale-$(or $(BENCH_SCALE),large)-$(db).txt)

# The whole stack over HTTP: throwaway PostgreSQL, two gunicorn workers, db_worker (scripts/smoke.py).
smoke: setup system-deps
	$(PY) scripts/smoke.py

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) scripts/check_units.py
	$(PY) scripts/check_dead_code.py

format: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Refresh the English catalogue after strings change, then translate the new msgids in
# locale/en/LC_MESSAGES/django.po and run it again (tests/config/test_translations.py checks both).
MESSAGE_IGNORES := --ignore='$(VENV)/*' --ignore='node_modules/*' --ignore='staticfiles/*' --ignore='media/*'
messages: setup
	DEBUG=1 $(PY) manage.py makemessages -l en $(MESSAGE_IGNORES) --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages -l en $(MESSAGE_IGNORES)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media staticfiles .pytest_cache
