#!/usr/bin/env bash
# Create .venv with Python >= 3.11 and install sgs with its optional extras.
# Usage: scripts/setup.sh [EXTRAS]   (default extras: all; the tests use all,dev)
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-all}"
python=""
for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        python="$candidate"
        break
    fi
done
if [ -z "$python" ]; then
    echo "需要 Python 3.11 或更高版本 (Python >= 3.11 is required)" >&2
    exit 2
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[${extras}]"
