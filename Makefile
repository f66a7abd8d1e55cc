# yorozu — `make help` lists the targets.
SHELL := /bin/bash
PORT ?= 8000
PYTEST_ARGS ?= -n 2
export PATH := $(HOME)/.local/bin:$(PATH)

.PHONY: help setup demo test lint bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup: ## install uv (if missing) and the locked dependencies
	@command -v uv >/dev/null || python3 -m pip install --quiet uv
	@uv sync --frozen --quiet

demo: setup ## set up the database, load the demo data and serve on 127.0.0.1:$(PORT)
	uv run yorozu demo --port $(PORT)

test: setup ## run the whole test suite (SQLite; set DATABASE_URL for PostgreSQL)
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: sudo apt-get install -y chromium"; exit 1; fi; fi
	uv run pytest $(PYTEST_ARGS)

lint: setup ## ruff, import boundary, mypy, migrations
	uv run ruff check . && uv run ruff format --check . && uv run lint-imports && uv run mypy
	YOROZU_DEBUG=true uv run yorozu makemigrations --check --dry-run

bench: setup ## run every benchmark (prints numbers; takes several minutes)
	@for script in benchmarks/*_bench.py benchmarks/regqa_eval.py benchmarks/regqa_latency.py; do \
	  [ -f "$$script" ] && { echo "== $$script"; uv run python "$$script" || exit 1; }; done

clean: ## remove the local data directory (database, uploads, indexes)
	rm -rf var
