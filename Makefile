# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test bench lint format setup migrate demo system-deps clean

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

demo: migrate
	@if DEBUG=1 $(PY) manage.py help seed_demo >/dev/null 2>&1; then DEBUG=1 $(PY) manage.py seed_demo; fi

run: demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) -m benchmarks $(BENCH_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media staticfiles .pytest_cache
