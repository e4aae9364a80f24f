# Two set-up commands for a fresh machine (Python 3.11+ and make):
#   make run   - create .venv, install soypace, run `soypace status` on the shipped data
#   make test  - install with the test dependencies, run the linters and the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test lint format install install-test bench snapshot holidays clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(VENV)/bin/soypace status

test: lint
	$(PY) -m pytest

# ruff (format and lint) and mypy: run by `make test`, so CI runs them too
lint: install-test
	$(VENV)/bin/ruff format --check soypace tests benchmarks scripts
	$(VENV)/bin/ruff check soypace tests benchmarks scripts
	$(VENV)/bin/mypy

format: install-test
	$(VENV)/bin/ruff format soypace tests benchmarks scripts
	$(VENV)/bin/ruff check --fix soypace tests benchmarks scripts

bench: install
	$(PY) benchmarks/startup.py --scaling
	$(PY) benchmarks/projections.py
	$(PY) benchmarks/history.py

# Rebuild data/esr/ and data/totals/ from the real captures in data/source/ (see data/README.md).
snapshot:
	$(PYTHON) scripts/build_snapshot.py
	$(PYTHON) scripts/build_totals.py

# Refit data/calibration.toml from the history backtest on the shipped data (never tuned by hand).
calibration: install
	$(PY) scripts/calibrate.py

# Rebuild data/holidays.json from the holidays package (a test holds the two equal).
holidays: install
	$(PY) scripts/build_holidays.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
