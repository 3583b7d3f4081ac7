"""``sgs roster ...`` and ``sgs catalog ...``: the 联络员 roster and the 目录 of items."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from sgs.cli.options import add_limit_options, iso_date, limits

if TYPE_CHECKING:
    from sgs.department.roster import RosterIssue

__all__ = ["register"]


def register(commands: Any) -> None:
    roster = commands.add_parser("roster", help="联络员名单（附件3）(liaison roster)")
    sub = roster.add_subparsers(dest="roster_command", metavar="COMMAND")
    sub.required = True
    p = sub.add_parser("check", help="检查名单 (check a roster file)")
    p.add_argument("file", metavar="FILE")
    add_limit_options(p)
    p.set_defaults(run=_roster_check)
    p = sub.add_parser("import", help="检查并存入台账库 (check and store)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--config", default="sgs.toml", metavar="FILE")
    add_limit_options(p)
    p.set_defaults(run=_roster_import)
    p = sub.add_parser("export", help="按附件3格式导出 (export in the 附件3 layout)")
    p.add_argument("out", metavar="OUT.xlsx|OUT.csv")
    p.add_argument("--config", default="sgs.toml", metavar="FILE")
    p.set_defaults(run=_roster_export)

    catalog = commands.add_parser("catalog", help="事项目录（附件1）(catalog of items)")
    sub = catalog.add_subparsers(dest="catalog_command", metavar="COMMAND")
    sub.required = True
    p = sub.add_parser("import", help="存入一个版本 (store a version)")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--from", dest="effective_from", type=iso_date, required=True, metavar="YYYY-MM-DD"
    )
    p.add_argument("--note", default="")
    p.add_argument("--config", default="sgs.toml", metavar="FILE")
    add_limit_options(p)
    p.set_defaults(run=_catalog_import)
    p = sub.add_parser("export", help="按附件1格式导出 (export in the 附件1 layout)")
    p.add_argument("out", metavar="OUT.xlsx|OUT.csv")
    p.add_argument(
        "--on",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="在该日生效的版本 (the version in force on)",
    )
    p.add_argument("--config", default="sgs.toml", metavar="FILE")
    p.set_defaults(run=_catalog_export)
    p = sub.add_parser(
        "coverage",
        help="目录外的记录与无记录的事项 (records outside the catalog, items without records)",
    )
    p.add_argument("--config", default="sgs.toml", metavar="FILE")
    p.add_argument("--from", dest="start", type=iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=iso_date, metavar="YYYY-MM-DD")
    p.set_defaults(run=_catalog_coverage)


def _store(config_path: str, out: str | None = None) -> Any:
    """The department's store; with ``out``, first make sure an export will not overwrite it."""
    from sgs.department.config import load_config
    from sgs.io.write import refuse_overwrite
    from sgs.store import open_store

    config = load_config(config_path)
    if out is not None:
        refuse_overwrite(out, config.own_files())
    return open_store(config.store_url, base_dir=config.base_dir)


def _print_issues(issues: list[RosterIssue]) -> int:
    from sgs.validation.issues import Severity

    for issue in issues:
        where = f"第{issue.line}行 " if issue.line else ""
        mark = issue.severity.label
        print(f"{where}{issue.unit} {issue.name} [{mark} {issue.code}] {issue.message_zh}")
    return 1 if any(i.severity is Severity.ERROR for i in issues) else 0


def _roster_check(args: argparse.Namespace) -> int:
    from sgs.department.roster import read_roster

    roster = read_roster(args.file, limits=limits(args))
    status = _print_issues(roster.check())
    print(f"{len(roster.units())} 个单位，{len(roster.liaisons)} 名联络员 (units, liaisons)")
    return status


def _roster_import(args: argparse.Namespace) -> int:
    from sgs.department.roster import read_roster

    roster = read_roster(args.file, limits=limits(args))
    status = _print_issues(roster.check())
    with _store(args.config) as store:
        count = store.roster.save(roster.liaisons)
    print(f"已存入 {count} 名联络员 (stored {count} liaisons)")
    return status


def _roster_export(args: argparse.Namespace) -> int:
    from sgs.department.roster import Roster, write_roster

    with _store(args.config, args.out) as store:
        people = store.roster.liaisons()
    write_roster(Roster(people), args.out)
    print(args.out)
    return 0


def _catalog_import(args: argparse.Namespace) -> int:
    from sgs.department.catalog import read_catalog

    items = read_catalog(args.file, limits=limits(args))
    with _store(args.config) as store:
        count = store.catalog.save_version(items, args.effective_from, args.note)
    print(f"已存入 {count} 个事项，自 {args.effective_from} 起生效 (stored {count} items)")
    return 0


def _catalog_export(args: argparse.Namespace) -> int:
    from sgs.department.catalog import write_catalog

    with _store(args.config, args.out) as store:
        items = store.catalog.items_on(args.on)
    write_catalog(items, args.out)
    print(args.out)
    return 0


def _catalog_coverage(args: argparse.Namespace) -> int:
    from sgs.department.coverage import ledger_coverage

    with _store(args.config) as store:
        items = store.catalog.items_on(args.end)
        outside, idle = ledger_coverage(store.ledger.entries(), items, args.start, args.end)
    if not items:
        print(
            "台账库中没有目录 (no catalog stored): sgs catalog import FILE --from DATE",
            file=sys.stderr,
        )
        return 1
    print(f"目录外的记录 records outside the catalog: {len(outside)}")
    for kind, name in sorted(set(outside)):
        print(f"  {kind.label}  {name}")
    print(f"无记录的事项 items without records: {len(idle)}")
    for item in idle:
        print(f"  {item.category}  {item.name}")
    return 1 if outside else 0
