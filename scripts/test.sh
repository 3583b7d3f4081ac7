#!/usr/bin/env bash
# Set up a virtual environment (and PostgreSQL when missing) and run the whole test suite:
# lint, types, tests and doctests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh all,dev
bash scripts/postgres.sh
.venv/bin/ruff check src tests benchmarks scripts examples
.venv/bin/ruff format --check src tests benchmarks scripts examples
.venv/bin/mypy
.venv/bin/pytest
