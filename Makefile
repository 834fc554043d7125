# The README's two commands are `make demo` and `make test`; both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint types unit bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,local]'
	touch $(STAMP)

demo: install
	$(BIN)/coachbot demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy .

# pytest exits 5 when it collects no tests: that must fail here, never pass silently. Two workers, a test
# file each at a time (each worker has its own PostgreSQL database; see tests/conftest.py).
unit: install
	$(BIN)/pytest -n 2 --dist loadfile --durations=15

test: lint types unit

# The quick loop while working, under a minute: lint, types and every test not marked `slow` or `e2e` (see
# README, "Tests"). `make test` stays the full run; CI runs that. Exit code 5 (no tests ran) fails here too.
.PHONY: check fast
fast: install
	$(BIN)/pytest -n 2 -q -m "not slow and not e2e"

check: lint types fast

# Figures, not tests: prints a table and writes bench/results/latest.json (see README, Benchmarks).
# BENCH_ARGS: --quick, --only P1,P3, --database-url postgresql+psycopg://postgres@127.0.0.1:5432/<db>
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
