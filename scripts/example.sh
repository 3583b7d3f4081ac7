#!/usr/bin/env bash
# Set up a virtual environment and run the main job on the bundled example data:
# the example department's daily sync (read its inbox, validate, push to the outbox,
# record the ledger, write rejection receipts), its ledger status and overdue list;
# then validate, inspect and convert the other example files, all in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
rm -rf out/department
mkdir -p out
cp -r examples/department out/department
# The department's submissions hold a few defects: exit status 1, with receipts.
status=0
.venv/bin/sgs sync --config out/department/sgs.toml --as-of 2026-11-26 || status=$?
if [ "$status" -gt 1 ]; then
    echo "sgs sync failed with exit status $status" >&2
    exit 1
fi
.venv/bin/sgs ledger status --config out/department/sgs.toml
.venv/bin/sgs ledger overdue --config out/department/sgs.toml --as-of 2026-11-26 || true
.venv/bin/sgs ledger export --config out/department/sgs.toml out/department/台账.xlsx
# The catalog (附件1) and the liaison roster (附件3): store them, check coverage and contacts.
.venv/bin/sgs catalog import out/department/目录.xlsx --from 2026-01-01 --config out/department/sgs.toml
.venv/bin/sgs catalog coverage --config out/department/sgs.toml || true
.venv/bin/sgs roster import out/department/联络员.xlsx --config out/department/sgs.toml || true
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
