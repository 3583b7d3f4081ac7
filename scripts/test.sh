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
# The validation tests again without the fast extra (pyarrow, numpy), in an environment of
# their own: the pure-Python engine must give the same results there.
[ -x .venv-python/bin/python ] || "$(.venv/bin/python -c 'import sys; print(sys.executable)')" -m venv .venv-python
.venv-python/bin/python -m pip install --quiet --upgrade pip
.venv-python/bin/python -m pip install --quiet -e ".[xlsx,xls,dev]"
SGS_TEST_WITHOUT_FAST=1 .venv-python/bin/pytest -p no:cacheprovider tests/validation tests/io src/sgs/validation/engine.py src/sgs/validation/fields.py src/sgs/validation/pipeline.py
