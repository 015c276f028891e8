# scrutiny: two commands do everything on a machine with Python 3.11 and pip.
#   make run   set up .venv, write the demo council into raw/ if it is empty, run and publish
#   make test  set up .venv and run the whole test suite (what CI runs)
#   make ui    the Dagster UI on http://127.0.0.1:3000

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
INSTALLED := $(VENV)/.installed
export DAGSTER_HOME ?= $(CURDIR)/data/dagster_home

.PHONY: install dfe903 lint run test ui demo bench clean

install: $(INSTALLED) dfe903

# The DfE SSDA903 rules (csc-validator-be-903) pin pandas<2: their own venv, never .venv's.
DFE903_INSTALLED := .venv-dfe903/.installed
dfe903: $(DFE903_INSTALLED)

$(DFE903_INSTALLED): requirements-dfe903.lock $(INSTALLED)
	$(PYTHON) -m venv .venv-dfe903
	$(BIN)/uv pip install --quiet --compile-bytecode --python .venv-dfe903/bin/python -r requirements-dfe903.lock
	@touch $@

# --compile-bytecode: every `scrutiny`, `dbt` and test process would otherwise compile ~4,000
# modules from source (~6 s each time) wherever PYTHONDONTWRITEBYTECODE is set (it is on the
# machines this was measured on).
$(INSTALLED): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "scrutiny needs Python 3.11 (set PYTHON=/path/to/python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

demo: install
	@if [ -z "$$(find raw -mindepth 1 -maxdepth 1 -type d ! -name reference 2>/dev/null)" ]; then \
		echo "raw/ holds no extracts: writing the demo council's"; \
		$(BIN)/scrutiny demo-data --out raw; \
	fi

run: demo
	$(BIN)/scrutiny run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint --processes 2 dbt_project/models dbt_project/macros

test: install lint
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=15

ui: install
	@$(BIN)/python -c 'import sys; from pathlib import Path; from orchestration.cli import ensure_dagster_home; ensure_dagster_home(Path(sys.argv[1]))' $(DAGSTER_HOME)
	VIRTUAL_ENV=$(CURDIR)/$(VENV) $(BIN)/dg dev --host 127.0.0.1 --port 3000

bench: demo
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf data dbt_project/target dbt_project/logs
