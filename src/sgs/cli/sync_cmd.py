"""``sgs sync --config sgs.toml`` and ``sgs ledger status|overdue|export``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sgs.cli.options import add_limit_options, iso_date, limits

if TYPE_CHECKING:  # the store (SQLAlchemy) is loaded only by the commands that use it
    from sgs.department.ledger import DueItem, DueLists
    from sgs.department.sync import SyncSummary

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
    parser.add_argument(
        "--all", action="store_true", help="列出全部记录，不只前20条 (list every record, not 20)"
    )
    parser.set_defaults(run=_sync)

    ledger = commands.add_parser("ledger", help="台账查询 (ledger queries)")
    sub = ledger.add_subparsers(dest="ledger_command", metavar="COMMAND")
    sub.required = True
    p = sub.add_parser("import", help="导入附件2格式的台账 (import a 附件2 ledger)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--kind", choices=["license", "penalty"], required=True)
    p.add_argument("--config", default="sgs.toml", metavar="FILE")
    add_limit_options(p)
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


def _row(item: DueItem) -> str:
    from sgs.store import STATUS_LABELS

    entry, deadline = item.entry, item.deadline or "—"
    status = STATUS_LABELS.get(entry.status, entry.status)
    return f"  {entry.number}  决定 {entry.decision_date}  期限 deadline {deadline}  [{status}]"


def _sync(args: argparse.Namespace) -> int:
    from sgs.department.config import load_config
    from sgs.department.sync import sync

    config = load_config(args.config)
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        summary = sync(config, as_of=args.as_of, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    print(f"{config.department_name} ({config.department_code})")
    if summary.nothing_new:
        print("没有新的记录，无需报送 (nothing new to read or send)")
    else:
        changes = [
            ("读取", "read", summary.read),
            ("有效", "valid", summary.valid),
            ("无效", "invalid", summary.invalid),
            ("新增", "new", summary.staged_new),
            ("更新", "updated", summary.staged_changed),
            ("未变化", "unchanged", summary.unchanged),
            ("报送", "pushed", summary.pushed),
            ("接收", "accepted", summary.accepted),
            ("退回", "rejected", summary.rejected),
            ("未获答复", "unanswered", summary.unanswered),
        ]
        print("本次运行 this run: " + "，".join(f"{zh} {n:,}" for zh, _, n in changes if n)
              + "  (" + ", ".join(f"{en} {n:,}" for _, en, n in changes if n) + ")")  # fmt: skip
    print(_totals(summary))
    for path in summary.receipts:
        print(f"退回回执 rejection receipt: {path}")
    for failure in summary.failures:
        print(
            f"sgs: 报送失败，记录保持待报送 (push failed, records stay pending): {failure}",
            file=sys.stderr,
        )
    if summary.skipped:
        print(
            "sgs: 提示：以下行只有非标准列的内容，未作为记录读取 (rows with text only in "
            "non-standard columns, not read as records): "
            + "、".join(summary.skipped[:20])
            + (" …" if len(summary.skipped) > 20 else ""),
            file=sys.stderr,
        )
    for line in summary.set_aside:
        print(f"sgs: 输入文件无法读取 (unreadable input): {line}", file=sys.stderr)
    limit = None if args.all else LIMIT
    _print_due(summary, limit=limit, late=summary.late_now, late_title="本次逾期报送 pushed late")
    if summary.unanswered:
        print(
            f"sgs: 平台未答复 {summary.unanswered} 条记录，保持待报送，下次运行时重发 "
            f"({summary.unanswered} records had no answer; they stay pending and are resent)",
            file=sys.stderr,
        )
    problems = (
        summary.failures
        or summary.invalid
        or summary.rejected
        or summary.unanswered
        or summary.set_aside
    )
    return 1 if problems else 0


def _late(item: DueItem) -> str:
    if item.late_by is None:  # the count needs a year without a holiday schedule
        return "逾期，工作日数待节假日安排 (late; working days not countable yet)"
    return f"逾期 late by {item.late_by} 个工作日 working days"


def _left(item: DueItem) -> str:
    return f"剩余 left {item.days_left}"


def _unknown(item: DueItem) -> str:
    return "期限待节假日安排 (deadline needs the holiday schedule)"


#: Records each list shows unless --all.
LIMIT = 20


def _totals(summary: SyncSummary) -> str:
    """One line of the ledger's totals after the run."""
    counts = summary.ledger_counts
    parts = [
        ("待报送", "pending", counts.get("pending", 0)),
        ("已报送", "pushed", counts.get("pushed", 0)),
        ("已接收", "accepted", counts.get("accepted", 0)),
        ("被退回", "rejected", counts.get("rejected", 0)),
        ("校验未通过", "invalid", counts.get("invalid", 0)),
        ("未变化", "unchanged", summary.unchanged),
        ("逾期", "overdue", len(summary.overdue)),
    ]
    zh = " / ".join(f"{z} {n:,}" for z, _, n in parts)
    en = ", ".join(f"{e} {n:,}" for _, e, n in parts)
    return f"台账合计 ledger: {zh}  ({en})"


def _print_due(
    summary: DueLists,
    limit: int | None = LIMIT,
    *,
    late: list[DueItem] | None = None,
    late_title: str = "逾期报送 pushed late",
) -> None:
    sections: list[tuple[str, list[DueItem], Callable[[DueItem], str]]] = [
        ("已逾期未报送 overdue", summary.overdue, _late),
        ("2个工作日内到期 due within 2 working days", summary.due_soon, _left),
        (late_title, summary.late if late is None else late, _late),
        ("无法计算期限 no deadline", summary.no_deadline, _unknown),
    ]
    for title, items, note in sections:
        if not items:
            continue
        print(f"{title} ({len(items)}):")
        shown = items if limit is None else items[:limit]
        for item in shown:
            print(_row(item) + "  " + note(item))
        if len(items) > len(shown):
            more = len(items) - len(shown)
            print(f"  …及另外 {more} 条 (and {more} more; --all lists every one)")
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
    from sgs.department.config import load_config
    from sgs.department.ledger import due_lists, export_ledger
    from sgs.io.write import refuse_overwrite
    from sgs.plugins.registries import work_calendar
    from sgs.store import LEDGER_STATUSES, open_store

    config = load_config(args.config)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        if args.ledger_command == "status":
            counts = store.ledger.status_counts()
            for status in LEDGER_STATUSES:
                print(f"{status:<10}{counts.get(status, 0):>10,}")
            return 0
        if args.ledger_command == "overdue":
            calendar = work_calendar(config.holidays)
            due = due_lists(store.ledger, calendar, args.as_of or dt.date.today())
            _print_due(due)
            if not (due.overdue or due.due_soon or due.late or due.no_deadline):
                print("没有逾期或即将到期的记录 (nothing overdue, due soon or late)")
            return 1 if due.overdue else 0
        refuse_overwrite(args.out, config.own_files())
        export_ledger(store.ledger.entries(), args.out)
        print(args.out)
        return 0


def _ledger_import(args: argparse.Namespace) -> int:
    """Read a 附件2 ledger (CSV/XLSX/XLS) and add its entries to the store."""
    from sgs.department.config import load_config
    from sgs.department.ledger import read_ledger_file
    from sgs.plugins.registries import work_calendar
    from sgs.store import open_store

    config = load_config(args.config)
    calendar = work_calendar(config.holidays)
    entries = read_ledger_file(
        args.file,
        kind=args.kind,
        department_code=config.department_code,
        calendar=calendar,
        limits=limits(args),
    )
    with open_store(
        config.store_url, base_dir=config.base_dir, lock=True, lock_timeout=config.lock_timeout
    ) as store:
        counts = store.ledger.import_entries(entries)
    print(f"新增 {counts['added']} 条，已有 {counts['known']} 条 (added, already known)")
    return 0
