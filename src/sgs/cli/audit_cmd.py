"""``sgs platform audit …``: the access log's tamper evidence.

``sgs platform audit verify --config platform.toml [--anchor ID:HASH]…``
    walks the hash chain; exit 0 when it is intact, 1 naming the first broken entry
    (a row changed, deleted or inserted in the database, or the chain cut short of an
    anchor).
``sgs platform audit anchor --config platform.toml``
    prints the newest entry's ``ID:HASH``, for the auditor to keep outside the store.
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
