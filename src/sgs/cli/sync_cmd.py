"""``sgs sync --config sgs.toml`` and ``sgs ledger status|overdue|export|import|withdraw|scope``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sgs.cli.options import add_limit_options, iso_date, limits, scope_choice, some_text

if TYPE_CHECKING:  # the store (SQLAlchemy) is loaded only by the commands that use it
    from sgs.department.ledger import DueItem, DueLists
    from sgs.department.sync import SyncSummary
    from sgs.department.withdraw import Withdrawal
    from sgs.store import LedgerRepository, LedgerRow

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
    p = sub.add_parser("withdraw", help="撤回被撤销、变更的决定，并立即发送 (withdraw a decision)")
    _entry_options(p)
    p.add_argument(
        "--reason", type=some_text, required=True, metavar="TEXT", help="撤回理由 (the reason)"
    )
    p.add_argument(
        "--as-of", type=iso_date, metavar="YYYY-MM-DD", help="回执日期 (date of the receipt)"
    )
    p.set_defaults(run=_ledger_withdraw)
    p = sub.add_parser(
        "scope", help="设定一条记录的公开范围 (set a record's disclosure scope, 公开范围)"
    )
    _entry_options(p)
    p.add_argument(
        "--scope",
        type=scope_choice,
        required=True,
        metavar="公示|政务共享|授权查询|0|1|2|default",
        help="公开范围；default 恢复为目录所定 (the scope; default: the catalog item's again)",
    )
    p.set_defaults(run=_ledger_scope)
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


def _entry_options(p: argparse.ArgumentParser) -> None:
    """--config and the entry a command is about: --number or --key, narrowed by --kind."""
    p.add_argument("--config", default="sgs.toml", metavar="FILE")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--number", metavar="文号", help="行政决定书文号 (the decision's number)")
    which.add_argument(
        "--key", metavar="KEY", help="记录键，见台账导出 (the record key, as the export shows)"
    )
    p.add_argument("--kind", choices=["license", "penalty"])


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
            ("撤回", "withdrawn", summary.withdrawn),
            ("平台退回", "returned", summary.returned),
            ("未获答复", "unanswered", summary.unanswered),
        ]
        print("本次运行 this run: " + "，".join(f"{zh} {n:,}" for zh, _, n in changes if n)
              + "  (" + ", ".join(f"{en} {n:,}" for _, en, n in changes if n) + ")")  # fmt: skip
    print(_totals(summary))
    for path in summary.receipts:
        print(f"退回回执 rejection receipt: {path}")
    for failure in summary.failures:
        print(f"sgs: {failure}", file=sys.stderr)
    if summary.failures and (summary.pending or summary.ledger_counts.get("withdrawing")):
        print(
            "sgs: 未能发送的记录保持待报送（待撤回），下次运行时发送 "
            "(what could not be sent stays pending, and the next run sends it)",
            file=sys.stderr,
        )
    if summary.returned:
        print(
            f"sgs: 平台退回 {summary.returned} 条记录（疑问数据），已标为被退回；修改后重新报送 "
            f"({summary.returned} records returned by the platform are marked rejected: correct "
            "them and the next run sends them)",
            file=sys.stderr,
        )
    for notice in summary.notices:
        print(
            f"sgs: 核查通知 {notice.case}：{notice.number or notice.key}（{notice.claim}），"
            f"须于 {notice.due} 前处理；更正后的记录将随办件编号报送，记录无误请执行 "
            f"sgs objections answer --config … {notice.case} --confirm "
            f"(objection notice {notice.case} due {notice.due}: a corrected record is sent "
            "with the case number; confirm an unchanged one with sgs objections answer)",
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
        or summary.returned
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
        *(
            (label, status, counts[status])
            for label, status in (("待撤回", "withdrawing"), ("已撤回", "withdrawn"))
            if counts.get(status)
        ),
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
        (
            "撤回逾期（行政处罚法第四十八条：3个工作日） withdrawals past 3 working days",
            summary.withdrawals_late,
            _late,
        ),
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
                print(f"{status:<12}{counts.get(status, 0):>8,}")
            return 0
        if args.ledger_command == "overdue":
            calendar = work_calendar(config.holidays)
            due = due_lists(store.ledger, calendar, args.as_of or dt.date.today())
            _print_due(due)
            if not (due.overdue or due.due_soon or due.late or due.no_deadline
                    or due.withdrawals_late):  # fmt: skip
                print("没有逾期或即将到期的记录 (nothing overdue, due soon or late)")
            return 1 if due.overdue or due.withdrawals_late else 0
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


def _ledger_withdraw(args: argparse.Namespace) -> int:
    """Withdraw the decision named by --number or --key, and send the withdrawal now."""
    from sgs.department.config import load_config
    from sgs.department.withdraw import withdraw
    from sgs.store import open_store

    config = load_config(args.config)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        found = _one_entry(store.ledger, args)
    if found is None:
        return 2
    return _withdrawn(withdraw(config, found.record_key, args.reason, as_of=args.as_of))


def _ledger_scope(args: argparse.Namespace) -> int:
    """Set (or clear) the 公开范围 of the entry named by --number or --key."""
    from sgs.department.config import load_config
    from sgs.department.scopes import CatalogScopes
    from sgs.store import open_store

    config = load_config(args.config)
    # the store's lock, as sgs sync holds it: a receipt of a sync under way must not mark
    # accepted an entry whose new scope is still to be sent
    with open_store(config.store_url, base_dir=config.base_dir, lock=True,
                    lock_timeout=config.lock_timeout) as store:  # fmt: skip
        found = _one_entry(store.ledger, args)
        if found is None:
            return 2
        store.ledger.set_scope([found.record_key], args.scope)
        row = store.ledger.rows([found.record_key])[found.record_key]
        scope = CatalogScopes(store.catalog).entry(row)
    source = "本记录设定 set for the record" if row.scope is not None else "目录所定 the catalog's"
    print(f"公开范围 scope：{scope}（{source}）")
    if row.status == "pending" and found.status != "pending":
        print("将在下次同步时报送平台 (goes to the platform with the next sync)")
    return 0


def _one_entry(ledger: LedgerRepository, args: argparse.Namespace) -> LedgerRow | None:
    """The one entry --number or --key (and --kind) name; ``None``, said on stderr, if not one."""
    from sgs.standard import Kind

    found = ledger.find(number=args.number, key=args.key, kind=args.kind)
    named = f"决定书文号为 {args.number}" if args.number is not None else f"记录键为 {args.key}"
    named_en = f"the number {args.number}" if args.number is not None else f"the key {args.key}"
    if args.kind is not None:
        named, named_en = f"{Kind(args.kind).label}中{named}", f"{named_en} of kind {args.kind}"
    if not found:
        print(f"sgs: 台账中没有{named} 的记录 (the ledger has no entry with {named_en})",
              file=sys.stderr)  # fmt: skip
        return None
    if len(found) > 1:
        print(
            f"sgs: 台账中{named} 的记录有 {len(found)} 条，请用 --key 指定其一 "
            f"({named_en} matches {len(found)} entries: name one with --key):",
            file=sys.stderr,
        )
        for row in found:
            print(f"  --key {row.record_key}  {_described(row)}", file=sys.stderr)
        return None
    return found[0]


def _described(row: LedgerRow) -> str:
    from sgs.standard import Kind
    from sgs.store import STATUS_LABELS

    status = STATUS_LABELS.get(row.status, row.status)
    return f"{Kind(row.kind).label}  {row.number}  {row.name or ''}  决定 {row.decision_date}  [{status}]"


def _withdrawn(result: Withdrawal) -> int:
    """Print what a withdrawal did; its exit status."""
    entry = result.entry
    print(f"{entry.number}  记录键 key {entry.record_key}")
    if result.withdrawn:
        if result.before == "withdrawn":
            print("已撤回 withdrawn（此前已撤回 withdrawn before）")
        elif not result.sent:
            print("已撤回 withdrawn（从未报送平台，无需通知 never sent to the platform）")
        else:
            print("已撤回 withdrawn（平台已接收撤回 the platform accepted the withdrawal）")
        return 0
    if entry.status == "rejected":
        print(
            f"sgs: 平台退回了撤回，记录为被退回；处理后可再次撤回 (the platform rejected the "
            f"withdrawal; the entry is rejected: withdraw it again once resolved): "
            f"{entry.last_message or ''}",
            file=sys.stderr,
        )
        return 1
    for failure in result.tally.failures:
        print(f"sgs: {failure}", file=sys.stderr)
    if result.tally.unanswered:
        print("sgs: 平台未答复撤回 (the platform did not answer for the withdrawal)",
              file=sys.stderr)  # fmt: skip
    print(
        "sgs: 撤回未能送达，记录保持待撤回，下次运行 sgs sync 时发送 (the withdrawal did not get "
        "through: the entry stays 待撤回 and the next sgs sync sends it)",
        file=sys.stderr,
    )
    return 1
