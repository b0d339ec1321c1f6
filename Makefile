# The two commands: `make run` serves the portal with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers by default (CI machines have two cores); `make test PYTEST_ARGS=-k…` to narrow.
PYTEST_ARGS ?= -n 2

.PHONY: run test lint format messages translations bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

translations: $(STAMP)
	$(BIN)/python manage.py compiletranslations

run: translations
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_demo
	@# The worker sends the outbox's emails (printed here, by the console transport) and runs
	@# the reminders, subscriptions and purge; it stops with the server.
	export DJANGO_PORTAL_URL=$${DJANGO_PORTAL_URL:-http://$(HOST):$(PORT)}; \
	$(BIN)/python manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: translations
	DJANGO_FAST_PASSWORD_HASHER=true $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract the interface strings into the French and English catalogues (needs GNU gettext).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale fr --locale en --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*'

# The benchmark at 100,000 practices (PostgreSQL and Redis on 127.0.0.1, wrk): see bench/README.md.
# `make bench BENCH_ARGS=--reuse` keeps an already filled lanzarote_bench database.
bench: translations
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles
