"""``sgs sync --config sgs.toml`` and ``sgs ledger status|overdue|export``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from typing import Any

from sgs.cli.options import iso_date

__all__ = ["register"]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "sync",
        help="读取→校验→报送→记入台账 (read, validate, push, record in the ledger)",
        description="按 sgs.toml 读取数据源、校验、向信用平台报送有效记录并记入台账，"
        "为无效记录写退回回执。 Read the configured source, validate, push the valid records,"
        " record the receipts in the ledger and write the rejection receipt.",
    )
    parser.add_argument("--config", default="sgs.toml", metavar="FILE")
    parser.add_argument(
        "--as-of", type=iso_date, metavar="YYYY-MM-DD", help="参考日期 (reference date)"
    )
    parser.set_defaults(run=_sync)

    ledger = commands.add_parser("ledger", help="台账查询 (ledger queries)")
    sub = ledger.add_subparsers(dest="ledger_command", metavar="COMMAND")
    sub.required = True
    p = sub.add_parser("import", help="导入附件2格式的台账 (import a 附件2 ledger)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--kind", choices=["license", "penalty"], required=True)
    p.add_argument("--config", default="sgs.toml", metavar="FILE")
    p.set_defaults(run=_ledger_import)
    for name, help_text in (
        ("status", "按状态统计 (entries by status)"),
        ("overdue", "逾期与即将到期的记录 (overdue and due within 2 working days)"),
        ("export", "按附件2格式导出 (export in the 附件2 layout)"),
    ):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--config", default="sgs.toml", metavar="FILE")
        p.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD")
        if name == "export":
            p.add_argument("out", metavar="OUT.csv|OUT.xlsx")
        p.set_defaults(run=_ledger, ledger_command=name)


class _Progress:
    def __init__(self) -> None:
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, stage: str, count: int) -> None:
        label = {"read": "已读取 read", "pushed": "已报送 pushed"}.get(stage, stage)
        sys.stderr.write(f"\r{label}: {count:,}  ({time.monotonic() - self.start:.0f} s)   ")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 60 + "\r")


def _row(item: dict[str, Any]) -> str:
    deadline = item.get("deadline") or "—"
    return f"  {item['number']}  决定 {item.get('decision_date')}  期限 deadline {deadline}  [{item['status']}]"


def _sync(args: argparse.Namespace) -> int:
    from sgs.sync import load_config, sync

    config = load_config(args.config)
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        summary = sync(config, as_of=args.as_of, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    print(f"{config.department_name} ({config.department_code})")
    rows = [
        ("读取 read", summary.read),
        ("有效 valid", summary.valid),
        ("无效 invalid", summary.invalid),
        ("报送 pushed", summary.pushed),
        ("接收 accepted", summary.accepted),
        ("退回 rejected", summary.rejected),
        ("待报送 pending", summary.pending),
    ]
    for label, value in rows:
        print(f"  {label:<16}{value:>10,}")
    for path in summary.receipts:
        print(f"退回回执 rejection receipt: {path}")
    for failure in summary.failures:
        print(
            f"sgs: 报送失败，记录保持待报送 (push failed, records stay pending): {failure}",
            file=sys.stderr,
        )
    _print_due(summary)
    return 1 if summary.failures or summary.invalid or summary.rejected else 0


def _late(item: dict[str, Any]) -> str:
    if item["late_by"] is None:  # the count needs a year without a holiday schedule
        return "逾期，工作日数待节假日安排 (late; working days not countable yet)"
    return f"逾期 late by {item['late_by']} 个工作日 working days"


def _left(item: dict[str, Any]) -> str:
    return f"剩余 left {item['days_left']}"


def _unknown(item: dict[str, Any]) -> str:
    return "期限待节假日安排 (deadline needs the holiday schedule)"


def _print_due(summary: Any, limit: int = 20) -> None:
    sections: list[tuple[str, list[dict[str, Any]], Callable[[dict[str, Any]], str]]] = [
        ("已逾期未报送 overdue", summary.overdue, _late),
        ("2个工作日内到期 due within 2 working days", summary.due_soon, _left),
        ("逾期报送 pushed late", summary.late, _late),
        ("无法计算期限 no deadline", summary.no_deadline, _unknown),
    ]
    for title, items, note in sections:
        if not items:
            continue
        print(f"{title} ({len(items)}):")
        for item in items[:limit]:
            print(_row(item) + "  " + note(item))
        if len(items) > limit:
            print(f"  … 另有 {len(items) - limit} 条 ({len(items) - limit} more)")
    for year in sorted(summary.missing_years):
        print(
            f"sgs: 提示：缺少{year}年的节假日安排，部分期限或逾期工作日数无法计算；"
            f"请在 sgs.toml 的 [calendar] holidays 中提供该年的节假日通知文件 "
            f"(warning: no holiday schedule for {year}, so some deadlines or counts of "
            f"working days are unknown; list that year's notice file under [calendar] "
            f"holidays in sgs.toml)",
            file=sys.stderr,
        )


def _ledger(args: argparse.Namespace) -> int:
    from sgs.plugins.registries import work_calendar
    from sgs.store import open_store
    from sgs.sync import SyncSummary, _due, load_config

    config = load_config(args.config)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        if args.ledger_command == "status":
            counts = store.status_counts()
            for status in ("pending", "pushed", "accepted", "rejected", "withdrawn"):
                print(f"{status:<10}{counts.get(status, 0):>10,}")
            return 0
        if args.ledger_command == "overdue":
            summary = SyncSummary()
            _due(store, work_calendar(config.holidays), args.as_of or dt.date.today(), summary)
            _print_due(summary)
            if not (summary.overdue or summary.due_soon or summary.late or summary.no_deadline):
                print("没有逾期或即将到期的记录 (nothing overdue, due soon or late)")
            return 1 if summary.overdue else 0
        return _export(store, args.out)


LEDGER_HEADERS = (
    "序号",
    "行政决定书文号",
    "项目名称/案件名称",
    "行政决定日期",
    "向同级信用平台报送日期",
    "部门网站“双公示”系统推送日期",
    "备注",
    "类别",
    "记录键",
    "状态",
    "报送次数",
    "平台信息",
    "报送期限",
)


def _export(store: Any, out: str) -> int:
    from sgs.io.write import open_table_writer

    with open_table_writer(out, list(LEDGER_HEADERS), title="台账") as writer:
        for n, row in enumerate(store.entries(), 1):
            writer.write(
                [
                    str(n),
                    row["number"],
                    row["name"] or "",
                    _iso(row["decision_date"]),
                    _iso(row["platform_pushed_on"]),
                    _iso(row["portal_pushed_on"]),
                    row["remarks"] or "",
                    "行政许可" if row["kind"] == "license" else "行政处罚",
                    row["record_key"],
                    row["status"],
                    str(row["attempts"]),
                    row["last_message"] or "",
                    _iso(row["deadline"]),
                ]
            )
    print(out)
    return 0


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


_IMPORT_COLUMNS = {
    "行政决定书文号": "number",
    "项目名称/案件名称": "name",
    "项目名称": "name",
    "案件名称": "name",
    "行政决定日期": "decision_date",
    "向同级信用平台报送日期": "platform_pushed_on",
    "部门网站“双公示”系统推送日期": "portal_pushed_on",
    '部门网站"双公示"系统推送日期': "portal_pushed_on",
    "备注": "remarks",
}


def _ledger_import(args: argparse.Namespace) -> int:
    """Read a 附件2 ledger (CSV/XLSX/XLS) and add its entries to the store."""
    from sgs.adapters import record_key
    from sgs.calendar import CalendarYearUnavailable, publication_deadline
    from sgs.errors import InputError
    from sgs.io.headers import normalize_header
    from sgs.io.tables import cell_text, open_table
    from sgs.plugins.registries import work_calendar
    from sgs.records.values import parse_date
    from sgs.store import open_store
    from sgs.sync import load_config

    config = load_config(args.config)
    calendar = work_calendar(config.holidays)
    wanted = {normalize_header(k): v for k, v in _IMPORT_COLUMNS.items()}
    rows: list[dict[str, Any]] = []
    table = open_table(args.file)
    try:
        columns: dict[int, str] | None = None
        for line, cells in table.rows:
            texts = [cell_text(c).strip() for c in cells]
            if columns is None:
                found = {i: wanted[normalize_header(t)] for i, t in enumerate(texts)
                         if normalize_header(t) in wanted}  # fmt: skip
                if "number" in found.values():
                    columns = found
                continue
            values = {
                field: texts[i] for i, field in columns.items() if i < len(texts) and texts[i]
            }
            if not values.get("number"):
                continue
            row: dict[str, Any] = {
                "record_key": record_key(args.kind, config.department_code, values["number"]),
                "kind": args.kind,
                "number": values["number"],
                "name": values.get("name"),
                "remarks": values.get("remarks"),
                "source": f"{args.file} 第{line}行",
            }
            for field in ("decision_date", "platform_pushed_on", "portal_pushed_on"):
                row[field] = parse_date(values[field]) if values.get(field) else None
            if row["decision_date"] is not None:
                try:
                    row["deadline"] = publication_deadline(row["decision_date"], calendar=calendar)
                except CalendarYearUnavailable:
                    row["deadline"] = None
            rows.append(row)
        if columns is None:
            raise InputError(
                "找不到附件2台账的表头（需要“行政决定书文号”列）",
                "no 附件2 ledger header found (a 行政决定书文号 column is needed)",
                path=args.file,
            )
    finally:
        table.close()
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        counts = store.import_entries(rows)
    print(f"新增 {counts['added']} 条，已有 {counts['known']} 条 (added, already known)")
    return 0
