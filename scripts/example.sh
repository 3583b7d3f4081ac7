#!/usr/bin/env bash
# Set up a virtual environment and run the main job on the bundled example data, the whole
# loop: a city credit platform and a provincial one are started on 127.0.0.1; the example
# department's daily sync (read its inbox, validate, record the ledger, write rejection
# receipts) pushes to the city over HTTP; the city forwards what it accepted to the
# province; both platforms' stats are printed and the servers stopped. Then the
# department's ledger, catalog and roster, its site and the city's portal as files, and
# the other example files, all in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
rm -rf out/department out/city out/province out/reports
mkdir -p out/city out/province
cp -r examples/department out/department
cp examples/platform/city.toml out/city/platform.toml
cp examples/platform/province.toml out/province/platform.toml
read -r city_port province_port <<< "$(.venv/bin/python scripts/platforms.py ports 2)"
sed -i "s/8731/$city_port/; s/8732/$province_port/" out/city/platform.toml
sed -i "s/8732/$province_port/" out/province/platform.toml
# The province registers the city (a lower platform) and the city the department; each
# token is printed once, alone on stdout, and given to the other side in its environment.
.venv/bin/sgs platform init --config out/province/platform.toml
.venv/bin/sgs platform init --config out/city/platform.toml
SGS_PROVINCE_TOKEN=$(.venv/bin/sgs platform departments add --config out/province/platform.toml \
    --platform --name 示例市信用信息中心 --code 12410100MB00000002)
SGS_PLATFORM_TOKEN=$(.venv/bin/sgs platform departments add --config out/city/platform.toml \
    --name 示例市市场监督管理局 --code 11410100MB00000005)
export SGS_PROVINCE_TOKEN SGS_PLATFORM_TOKEN
servers=()
stop_servers() {
    for pid in "${servers[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
    servers=()
}
trap stop_servers EXIT
.venv/bin/sgs platform serve --config out/province/platform.toml 2> out/province/serve.log &
servers+=($!)
.venv/bin/sgs platform serve --config out/city/platform.toml 2> out/city/serve.log &
servers+=($!)
.venv/bin/python scripts/platforms.py wait "http://127.0.0.1:$province_port"
.venv/bin/python scripts/platforms.py wait "http://127.0.0.1:$city_port"
.venv/bin/python scripts/platforms.py http-transport out/department/sgs.toml \
    "http://127.0.0.1:$city_port" SGS_PLATFORM_TOKEN
# The department's submissions hold a few defects: exit status 1, with receipts.
status=0
.venv/bin/sgs sync --config out/department/sgs.toml --as-of 2026-11-26 || status=$?
if [ "$status" -gt 1 ]; then
    echo "sgs sync failed with exit status $status" >&2
    exit 1
fi
.venv/bin/sgs platform forward --config out/city/platform.toml
# A decision revoked on review is withdrawn (行政处罚法 §48): from the department to the
# city at once, and on to the province with the next forwarding run.
.venv/bin/sgs ledger withdraw --config out/department/sgs.toml --number '示市监罚〔2026〕1001号' \
    --kind penalty --reason '行政复议决定撤销原处罚决定'
.venv/bin/sgs platform forward --config out/city/platform.toml
# A subject objects to a published decision (异议): the city flags the record and sends the
# department a 核查通知; the department's next sync learns of it, and the department
# confirms the record (a corrected record would go with the case number instead).
key=$(.venv/bin/python scripts/platforms.py public-key "http://127.0.0.1:$city_port" 示例)
case_number=$(.venv/bin/sgs objections open --config out/city/platform.toml --key "$key" \
    --claim 事实错误 --text '当事人称记录的信息有误')
.venv/bin/sgs sync --config out/department/sgs.toml --as-of 2026-11-26 >/dev/null 2> out/department/sync-2.log || true
grep -F "$case_number" out/department/sync-2.log || { echo "no 核查通知 reached the department" >&2; exit 1; }
.venv/bin/sgs objections answer --config out/department/sgs.toml "$case_number" --confirm \
    --opinion '经核实，决定记录无误'
echo "== 异议 objection $case_number =="
.venv/bin/sgs objections show --config out/city/platform.toml "$case_number"
# Checking the objection, the credit centre's querier needs the record in clear: it applies,
# another user approves, the read is logged; the auditor verifies the access log's chain.
SGS_QUERIER_TOKEN=$(.venv/bin/sgs platform users add --config out/city/platform.toml \
    --name 示例查询员 --role querier --as 示例管理员)
SGS_APPROVER_TOKEN=$(.venv/bin/sgs platform users add --config out/city/platform.toml \
    --name 示例审核员 --role approver --as 示例管理员)
export SGS_QUERIER_TOKEN SGS_APPROVER_TOKEN
echo "== 个人信息查询 a query of personal data =="
.venv/bin/python scripts/platforms.py clear-read "http://127.0.0.1:$city_port" "$key"
.venv/bin/sgs platform audit verify --config out/city/platform.toml
echo "== 市信用平台 city platform =="
.venv/bin/sgs platform stats --config out/city/platform.toml
echo "== 省信用平台 provincial platform =="
.venv/bin/sgs platform stats --config out/province/platform.toml
stop_servers
# The 月报表 (self-declaration) of November, pre-filled from the ledger, handed in to the city.
.venv/bin/sgs report declaration --config out/department/sgs.toml --month 2026-11 \
    --as-of 2026-11-26 --out out/月报表-示例市市场监督管理局-2026-11.xlsx
.venv/bin/sgs platform declarations add --config out/city/platform.toml \
    out/月报表-示例市市场监督管理局-2026-11.xlsx
# What the department handed in for the 季通报 (目录, 工作方案, 联络员), and a county bureau
# registered in its group (县区) that has sent nothing yet.
.venv/bin/sgs platform documents add --config out/city/platform.toml \
    --department 11410100MB00000005 --type catalog --date 2026-11-20 --version 2026 \
    --file out/department/目录.xlsx
.venv/bin/sgs platform documents add --config out/city/platform.toml \
    --department 11410100MB00000005 --type work_plan --date 2026-11-20
.venv/bin/sgs platform documents add --config out/city/platform.toml \
    --department 11410100MB00000005 --type roster --date 2026-11-20 \
    --file out/department/联络员.xlsx
.venv/bin/sgs platform departments add --config out/city/platform.toml \
    --name 示例县市场监督管理局 --code 11410122MB0000019X --group 示例县 >/dev/null
# The reports, in out/reports/: the month's 月报告 of the department (from its ledger) and of
# the city (from its platform store) as JSON, Excel, Word and a web page; the city's 季通报
# (Word) and 年考核 on the Suzhou sheet (Excel).
mkdir -p out/reports
department_report=out/reports/月报告-示例市市场监督管理局-2026-11
city_report=out/reports/月报告-示例市信用信息中心-$(date +%Y-%m)
for format in json xlsx docx html; do
    .venv/bin/sgs report monthly --config out/department/sgs.toml --month 2026-11 \
        --as-of 2026-11-26 --format "$format" --out "$department_report.$format"
    .venv/bin/sgs report monthly --config out/city/platform.toml --month "$(date +%Y-%m)" \
        --format "$format" --out "$city_report.$format"
done
quarter="$(date +%Y)Q$(( ($(date +%-m) - 1) / 3 + 1 ))"
.venv/bin/sgs report quarterly --config out/city/platform.toml --quarter "$quarter" \
    --format docx --out "out/reports/季通报-示例市信用信息中心-$quarter.docx"
.venv/bin/sgs report yearly --config out/city/platform.toml --year "$(date +%Y)" \
    --profile suzhou --format xlsx --out "out/reports/年考核-示例市信用信息中心-$(date +%Y).xlsx"
# Publication: the department's own site and the city's portal as static pages and a
# JSON feed (personal data masked, each run recorded as a snapshot), and what the
# city's portal showed today, answered from its snapshots.
.venv/bin/sgs publish export --config out/department/sgs.toml --out out/department/site \
    --as-of 2026-11-26
.venv/bin/sgs publish export --config out/city/platform.toml --out out/city/site
.venv/bin/sgs publish shown --config out/city/platform.toml --on "$(TZ=Asia/Shanghai date +%F)" \
    > out/city/shown-today.txt
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
