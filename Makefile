# ZI Portal — two commands set up a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages: WeasyPrint's libraries and the Bookman-like URW font of the decree.
APT_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-urw-base35 fontconfig
APT_TEST := chromium docker-compose poppler-utils
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/zi_portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# pytest-xdist processes: one more than the CPUs, at most 4 (each takes its own test database
# and Redis database, counting down from TEST_REDIS_URL's: tests/pg_env.py). The extra process
# works while another waits on a real worker or a migration (docs/performance.md, "Test
# suite"). TEST_WORKERS=0: one process.
TEST_WORKERS ?= $(shell n=$$(( $$(nproc) + 1 )); echo $$(( n > 4 ? 4 : n )))
HOST ?= 127.0.0.1
PORT ?= 8000
# The address printed in QR codes and e-mails follows where `make run` serves the portal.
PORTAL_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test install install-dev system-deps test-deps services lint check vendor bench clean

## make run: install, migrate, load the plan, the national unit tree and the LKE, demo data, serve portal + celery worker (SQLite, no Redis)
run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_plan
	$(PY) manage.py load_units
	$(PY) manage.py load_units --file access/data/units_kalbar.csv
	$(PY) manage.py load_lke
	$(PY) manage.py load_surveys
	$(PY) manage.py seed_demo
	$(PY) manage.py create_signing_certificate
	@echo "Portal: http://$(HOST):$(PORT)/  (akun demo di README.md, kata sandi zi-demo-2025)"
	@set -m; export PORTAL_BASE_URL=$(PORTAL_BASE_URL); $(VENV)/bin/celery -A zi_portal worker --beat -Q documents,mail,sweeps --schedule=var/celerybeat-schedule --loglevel=INFO --concurrency=2 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

## make test: install (also chromium, PostgreSQL/Redis when none answers) and run the whole suite
test: install-dev test-deps services
	$(VENV)/bin/ruff check .
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest -n $(TEST_WORKERS)

system-deps:
	@missing=""; for p in $(APT_RUNTIME); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "apt-get install$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

test-deps:
	@missing=""; for p in $(APT_TEST); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "apt-get install$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install -q -r requirements-dev.txt
	touch $@

install: system-deps $(VENV)/.installed

install-dev: install $(VENV)/.installed-dev

## PostgreSQL and Redis for the tests: start (or install) them when none answers on 127.0.0.1
services:
	@if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  command -v pg_ctlcluster >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; }; \
	  $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
	  for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done; fi
	@if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then \
	  command -v redis-server >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server; }; \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; \
	  sleep 1; fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## refresh the vendored front-end libraries from npm (versions in package.json)
vendor:
	npm install --no-audit --no-fund
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js \
	   node_modules/htmx.org/dist/htmx.min.js static/vendor/
	sed -i '/sourceMappingURL/d' static/vendor/*.js static/vendor/*.css

## benchmarks on databases of their own (see docs/performance.md)
bench: install-dev services
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/zi_bench $(PY) bench/dashboard.py
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/zi_bench_pdf $(PY) bench/pdf.py
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/zi_bench_lke $(PY) bench/lke_scores.py
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/zi_bench_package $(PY) bench/lke_package.py
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/zi_bench_surveys $(PY) bench/survey_results.py

clean:
	rm -rf var/celery-broker var/celery-control
