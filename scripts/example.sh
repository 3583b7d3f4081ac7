#!/usr/bin/env bash
# Set up a virtual environment and run the main job on the bundled example data:
# validate the example submissions (writing the rejection receipt of the one with
# errors), inspect every example file, and convert each to the standard layout in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
# Clean submissions: exit status 0. (One file at a time: the examples hold the same
# records in several formats, which one run would rightly report as duplicates.)
for file in examples/penalties.csv examples/penalties.xlsx examples/licenses-gbk.csv examples/licenses.jsonl; do
    .venv/bin/sgs validate "$file"
done
# A submission with errors: exit status 1, and a receipt to send back to the provider.
status=0
.venv/bin/sgs validate examples/penalties-with-errors.csv --receipt out/penalties-with-errors.退回.xlsx || status=$?
if [ "$status" -ne 1 ]; then
    echo "expected exit status 1 for examples/penalties-with-errors.csv, got $status" >&2
    exit 1
fi
.venv/bin/sgs validate examples/penalties-with-errors.csv --format json > out/penalties-with-errors.report.json || true
.venv/bin/sgs inspect examples/penalties.csv examples/penalties.xlsx examples/licenses-gbk.csv examples/licenses.jsonl
.venv/bin/sgs convert examples/penalties.csv out/penalties-standard.xlsx --headers label
.venv/bin/sgs convert examples/penalties.xlsx out/penalties-codes.csv --headers code
.venv/bin/sgs convert examples/licenses-gbk.csv out/licenses-standard.csv --headers label
.venv/bin/sgs convert examples/licenses.jsonl out/licenses.jsonl --headers code
.venv/bin/sgs template penalty --out out/penalty-template.xlsx
echo "示例完成，结果在 out/ (done; results in out/)"
