"""``sgs platform audit …``: the access log's tamper evidence.

``sgs platform audit verify --config platform.toml [--anchor ID:HASH]…``
    walks the hash chain; exit 0 when it is intact, 1 naming the first broken entry
    (a row changed, deleted or inserted in the database, or the chain cut short of an
    anchor).
``sgs platform audit anchor --config platform.toml``
    prints the newest entry's ``ID:HASH``, for the auditor to keep outside the store.
``sgs platform audit purge --config platform.toml [--as-of DATE] [--dry-run] [--as NAME]``
    empties the entries older than ``[retention]`` keeps them (the chain still verifies),
    deletes closed applications and expired sessions; prints what per class, and the anchor.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register_audit"]


def register_audit(sub: Any) -> None:
    """Add ``audit verify|anchor`` to the ``sgs platform`` subcommands ``sub``."""
    audit = sub.add_parser("audit", help="个人信息访问日志 (the access log)")
    asub = audit.add_subparsers(dest="audit_command", metavar="COMMAND")
    asub.required = True
    verify = asub.add_parser("verify", help="校验哈希链 (check the hash chain)")
    verify.add_argument("--config", default="platform.toml", metavar="FILE")
    verify.add_argument("--anchor", action="append", default=[], metavar="ID:HASH",
                        help="审计员保存的锚点，可多次 (an anchor the auditor kept; repeatable)")  # fmt: skip
    verify.set_defaults(run=_verify)
    anchor = asub.add_parser("anchor", help="当前锚点 (the newest entry's ID:HASH)")
    anchor.add_argument("--config", default="platform.toml", metavar="FILE")
    anchor.set_defaults(run=_anchor)
    _register_purge(asub)


def _verify(args: argparse.Namespace) -> int:
    from sgs.cli.options import platform_only
    from sgs.platform import open_platform
    from sgs.store.audit import Anchor

    platform_only(args.config)
    anchors = [Anchor.parse(a) for a in args.anchor]
    with open_platform(args.config) as platform:
        check = platform.store.audit.verify(anchors)
    if check.intact:
        print(
            f"访问日志完整：{check.entries} 条记录 (the access log is intact: {check.entries} entries)"
        )
        return 0
    print(f"sgs: 访问日志已被篡改：{check.problem} (the access log was tampered with: "
          f"{check.problem_en})", file=sys.stderr)  # fmt: skip
    print(f"broken at entry {check.broken_at}")
    return 1


def _anchor(args: argparse.Namespace) -> int:
    from sgs.cli.options import platform_only
    from sgs.platform import open_platform

    platform_only(args.config)
    with open_platform(args.config) as platform:
        anchor = platform.store.audit.anchor()
    if anchor is None:
        print("访问日志为空 (the access log is empty)", file=sys.stderr)
        return 0
    print(anchor)
    return 0


def _register_purge(asub: Any) -> None:
    """``audit purge``: retention applied to the access log (an admin's act)."""
    from sgs.cli.options import iso_date

    purge = asub.add_parser("purge", help="按保存期限清除访问日志 (purge by retention)")
    purge.add_argument("--config", default="platform.toml", metavar="FILE")
    purge.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                       help="按该日计算截止日，不得晚于今天 (the day the cutoffs are "
                       "counted from; not after today)")  # fmt: skip
    purge.add_argument("--dry-run", action="store_true",
                       help="只列出将清除的内容 (only show what would be purged)")  # fmt: skip
    purge.add_argument("--as", dest="actor", metavar="NAME",
                       help="执行清除的管理员 (the admin purging; default: the OS user)")  # fmt: skip
    purge.set_defaults(run=_purge)


def _purge(args: argparse.Namespace) -> int:
    import datetime as dt
    import getpass

    from sgs.cli.options import platform_only
    from sgs.errors import SgsError
    from sgs.platform import open_platform
    from sgs.store.retention import CLASSES

    platform_only(args.config)
    today = dt.datetime.now(dt.UTC).date()
    as_of: dt.date = args.as_of or today
    if as_of > today:
        raise SgsError(f"--as-of {as_of} 晚于今天 {today}：保存期限从今天往前计",
                       f"--as-of {as_of} is after today ({today}): retention counts back "
                       "from today at the latest")  # fmt: skip
    actor = (args.actor or "").strip() or getpass.getuser()
    with open_platform(args.config) as platform:
        cutoffs = platform.config.retention.cutoffs(as_of)
        log = platform.store.audit
        result = log.purge(cutoffs, actor=actor, dry_run=args.dry_run, channel="cli")
        anchor = log.anchor()
    verb = ("将清除", "would purge") if args.dry_run else ("已清除", "purged")
    periods = platform.config.retention.periods()
    for name in CLASSES:
        count = len(result.entries[name])
        print(f"{name}: {verb[0]} {count} 条（保存 {periods[name]}，截止 "
              f"{result.cutoffs[name].date()} 之前）({verb[1]} {count} entries logged before "
              f"{result.cutoffs[name].date()}, kept {periods[name]})")  # fmt: skip
    print(f"applications: {verb[0]} {len(result.applications)} 件已结束的申请 "
          f"({verb[1]} {len(result.applications)} closed applications)")  # fmt: skip
    print(f"sessions: {verb[0]} {result.sessions} 个过期会话 "
          f"({verb[1]} {result.sessions} expired sessions)")  # fmt: skip
    if result.event is not None:
        print(f"purge event: {result.event.id}")
    elif not args.dry_run:
        print("无可清除的内容，未写入清除记录 (nothing to purge: no purge event written)")
    if anchor is not None:
        print(f"anchor: {anchor}")
    return 0
