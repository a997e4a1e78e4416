# Outpost: the two commands are `make run` and `make test`.
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := outpost.settings

.PHONY: run test lint bench venv clean-db

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || (echo "Outpost needs Python >= 3.11 (python3 not found or too old)"; exit 1)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

run: venv
	$(BIN)/outpost migrate --no-input
	$(BIN)/outpost geo load-current
	$(BIN)/outpost demo --once
	@$(BIN)/outpost demo-logins --port $(PORT)
	$(BIN)/outpost runserver 127.0.0.1:$(PORT)

test: venv
	@$(BIN)/python scripts/run_tests.py

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src

bench: venv
	$(BIN)/python bench/run.py

clean-db:
	rm -f var/outpost.sqlite3*
