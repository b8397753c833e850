# Framtidssäkrad: `make run` to try it, `make test` to test it. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils gettext chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench system-packages messages compiled-messages lint floors bandit clean

# DEBUG is off unless set (settings.py); the development targets set it for themselves.
run test bench messages compiled-messages: export DEBUG ?= true
# The benchmark prints its table as it goes, without a log line per login and task.
bench: export LOG_LEVEL ?= WARNING
bench: export PYTHONUNBUFFERED = 1

# A developer's .env (never committed): DEBUG=true for a bare `manage.py` too (settings.py).
.env:
	@printf '# Written by make for development; production sets its variables itself.\nDEBUG=true\n' > .env

$(STAMP): requirements.txt .env
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

# WeasyPrint needs Pango; with libharfbuzz-subset0 it subsets fonts ~15x faster than fontTools.
# Installed only when missing and only as root (otherwise the README says what to install).
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing system packages:$$missing (see README: apt-get install$$missing)"; fi; \
	fi

# Compiled catalogues are built, not committed.
compiled-messages: $(STAMP)
	@$(PY) manage.py compilemessages --ignore '.venv/*' -v0

run: system-packages $(STAMP) compiled-messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Open http://$(HOST):$(PORT)/ and log in with one of the demo logins above."
	$(PY) manage.py runserver $(HOST):$(PORT)

test: system-packages $(STAMP) compiled-messages
	$(PY) -m pytest

# Figures on PostgreSQL + Redis when they answer locally (a fresh database each run), else SQLite.
BENCH_DB ?= framtidssakrad_bench
BENCH_REDIS_DB ?= 14
BENCH_ARGS ?=
bench: system-packages $(STAMP) compiled-messages
	@if pg_isready -h 127.0.0.1 -q 2>/dev/null && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then \
	  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $(BENCH_DB)" -c "CREATE DATABASE $(BENCH_DB)"; \
	  redis-cli -h 127.0.0.1 -n $(BENCH_REDIS_DB) flushdb >/dev/null; \
	  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_DB) CELERY_BROKER_URL=redis://127.0.0.1:6379/$(BENCH_REDIS_DB) \
	         CACHE_URL=redis://127.0.0.1:6379/$(BENCH_REDIS_DB) MEDIA_ROOT=$$(mktemp -d); \
	  $(PY) manage.py migrate -v0 && $(PY) manage.py bench $(BENCH_ARGS); \
	else \
	  echo "PostgreSQL/Redis not answering: figures on SQLite, batch skipped"; \
	  export DATABASE_URL=sqlite:///$$(mktemp -d)/bench.sqlite3 MEDIA_ROOT=$$(mktemp -d); \
	  $(PY) manage.py migrate -v0 && $(PY) manage.py bench $(BENCH_ARGS); \
	fi

messages: $(STAMP)
	$(PY) manage.py makemessages --locale sv --locale en --ignore '.venv/*' --no-obsolete
	@# A guess from a similar string ("fuzzy") is never a translation: empty it, so that English is
	@# filled from the source and Swedish is listed as untranslated (the catalogue test says which).
	msgattrib --no-wrap --clear-fuzzy --empty --clear-previous -o locale/sv/LC_MESSAGES/django.po locale/sv/LC_MESSAGES/django.po
	msgattrib --no-wrap --clear-fuzzy --empty --clear-previous -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	msgen --no-wrap -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --ignore '.venv/*'

lint: $(STAMP) floors
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The floors (.importlinter): an import that runs the wrong way between apps fails here and in CI.
floors: $(STAMP)
	$(VENV)/bin/lint-imports --no-logo --no-cache

# Security lint: medium and high findings fail; an exception is a `# nosec BNNN` with its reason.
bandit: $(STAMP)
	$(VENV)/bin/bandit -r . -x ./.venv,./e2e,./node_modules,./staticfiles,./media -ll -q

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
