#!/usr/bin/env bash
# A larger fault-injection run than the test suite's (see docs/guarantees.md):
#   SGS_FUZZ_CASES     mutated and hostile files through every file-reading command (2000)
#   SGS_FUZZ_EXAMPLES  generated messy tables through validate, the receipt and sync (500)
#   SGS_FUZZ_SEED      the mutations' seed (random; printed, so that a failure can be rerun)
# plus every platform fault mode and every broken-plugin case. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/setup.sh all,dev
export SGS_FUZZ_CASES="${SGS_FUZZ_CASES:-2000}"
export SGS_FUZZ_EXAMPLES="${SGS_FUZZ_EXAMPLES:-500}"
export SGS_FUZZ_SEED="${SGS_FUZZ_SEED:-$RANDOM$RANDOM}"
echo "fuzz: ${SGS_FUZZ_CASES} files, ${SGS_FUZZ_EXAMPLES} tables, seed ${SGS_FUZZ_SEED}" >&2
exec .venv/bin/pytest -q -p no:cacheprovider \
    tests/cli/test_fuzz.py tests/department/test_accounting.py \
    tests/department/test_platform_faults.py tests/department/test_inbox_faults.py \
    tests/plugins/test_isolation.py "$@"
