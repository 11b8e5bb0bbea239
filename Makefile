# Practice Week: `make run` (demo on http://127.0.0.1:8000) and `make test`.
# Needs Python 3.12+: found on PATH or in pyenv; override with `make run PYTHON=/path/to/python3.12`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2 --dist loadgroup

define find_python
for candidate in python3.12 python3.13 python3 \
    $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V); do \
  path=$$(command -v $$candidate 2>/dev/null) || continue; \
  $$path -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$path; exit 0; }; \
done; exit 1
endef
PYTHON ?= $(shell $(find_python))

.PHONY: help install run test lint vendor clean

help:
	@echo "make run   - install, migrate, load the demo council, serve on http://$(HOST):$(PORT) with a Celery worker"
	@echo "make test  - ruff, mypy, migrations check and the test suite"
	@echo "make lint  - the Python checks of make test (ruff, mypy), without the tests"
	@echo "make js    - ESLint and the unit tests of the JavaScript (needs Node 20 and npm)"
	@echo "make install - the virtualenv in $(VENV) from requirements-dev.lock (run and test do it)"
	@echo "make vendor  - refresh static/vendor from package-lock.json"
	@echo "make clean   - remove the virtualenv, node_modules, collected static files and caches"

$(BIN)/.installed: requirements-dev.lock
	@test -n "$(PYTHON)" || { echo "No Python 3.12+ found: install one, or run make with PYTHON=/path/to/python3.12" >&2; exit 1; }
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-virtualenv -r requirements-dev.lock
	touch $@

install: $(BIN)/.installed

var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

# The demo runs with DEBUG off, as production would; plain http on 127.0.0.1 needs non-secure cookies.
# DEMO=true lets seed_demo run: it refuses anywhere else (it makes accounts with a known password).
# Links in e-mails point at the address served (`make run PORT=8001`), unless SITE_URL is set.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install var/secret_key
	@export SECRET_KEY=$$(cat var/secret_key) SECURE_COOKIES=false DEMO=true; \
	set -e; \
	$(BIN)/python manage.py migrate --no-input; \
	$(BIN)/python manage.py collectstatic --no-input -v0; \
	$(BIN)/python manage.py seed_demo; \
	trap 'kill $$(jobs -p) 2>/dev/null' EXIT INT TERM; \
	$(BIN)/celery -A practiceweek worker --beat --schedule var/celery/beat-schedule --pool=solo --loglevel=INFO & \
	echo "Serving the demo on http://$(HOST):$(PORT)/ (Ctrl-C stops the web server and the worker)"; \
	$(BIN)/gunicorn practiceweek.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SECRET_KEY=make-test-only $(BIN)/mypy practiceweek audits observations reports

test: lint js
	SECRET_KEY=make-test-only $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# JavaScript: ESLint (eslint.config.mjs), then the unit tests of static/practiceweek/autosave.js
# (tests/js, Node's test runner with jsdom). Without npm it says so and skips, unless CI is set.
.PHONY: js
ifneq ($(shell command -v npm 2>/dev/null),)
js: node_modules/.installed
	node_modules/.bin/eslint
	node --test --test-reporter=spec tests/js/*.test.mjs
else
js:
	@if [ -n "$$CI" ]; then echo "CI is set but npm is not installed (Node 20 and npm)" >&2; exit 1; fi
	@echo "No npm: the JavaScript lint and tests are skipped (install Node 20 and npm)" >&2
endif

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Refresh the vendored front-end files from the npm lockfile (they are committed: no npm at run time).
vendor:
	npm ci
	mkdir -p static/vendor/bootstrap
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
	rm -rf node_modules
