# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test bench lint format setup migrate demo system-deps clean messages

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

# Links in e-mails and QR codes point at the port actually served (unless set).
PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)
run: demo
	DEBUG=1 PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

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

# Refresh the English catalogue after strings change, then translate the new msgids in
# locale/en/LC_MESSAGES/django.po and run it again (tests/config/test_translations.py checks both).
MESSAGE_IGNORES := --ignore='$(VENV)/*' --ignore='node_modules/*' --ignore='staticfiles/*' --ignore='media/*'
messages: setup
	DEBUG=1 $(PY) manage.py makemessages -l en $(MESSAGE_IGNORES) --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages -l en $(MESSAGE_IGNORES)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media staticfiles .pytest_cache
