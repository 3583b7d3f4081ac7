#!/usr/bin/env bash
# Set up a virtual environment and run the main job on the bundled example data:
# inspect every example file, then convert each to the standard layout in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
.venv/bin/sgs inspect examples/penalties.csv examples/penalties.xlsx examples/licenses-gbk.csv examples/licenses.jsonl
.venv/bin/sgs convert examples/penalties.csv out/penalties-standard.xlsx --headers label
.venv/bin/sgs convert examples/penalties.xlsx out/penalties-codes.csv --headers code
.venv/bin/sgs convert examples/licenses-gbk.csv out/licenses-standard.csv --headers label
.venv/bin/sgs convert examples/licenses.jsonl out/licenses.jsonl --headers code
.venv/bin/sgs template penalty --out out/penalty-template.xlsx
echo "示例完成，结果在 out/ (done; results in out/)"
