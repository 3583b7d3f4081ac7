"""``sgs platform init|departments``: the credit platform's store and its departments."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register"]


def register(commands: Any) -> None:
    platform = commands.add_parser(
        "platform",
        help="信用平台：单位登记与令牌 (the credit platform: departments and tokens)",
        description="信用平台一侧：建立平台存储、登记报送单位并发放令牌。"
        " The credit-platform side: create the platform's store, register departments and "
        "issue their tokens.",
    )
    sub = platform.add_subparsers(dest="platform_command", metavar="COMMAND")
    sub.required = True
    init = sub.add_parser("init", help="建立或升级平台存储 (create or migrate the store)")
    init.add_argument("--config", default="platform.toml", metavar="FILE")
    init.set_defaults(run=_init)

    departments = sub.add_parser("departments", help="报送单位 (departments)")
    dsub = departments.add_subparsers(dest="departments_command", metavar="COMMAND")
    dsub.required = True
    add = dsub.add_parser(
        "add", help="登记单位，在标准输出打印其令牌 (register; prints its token on stdout)"
    )
    add.add_argument("--name", required=True)
    add.add_argument("--code", required=True, metavar="USCC", help="统一社会信用代码")
    add.add_argument(
        "--unit",
        action="append",
        default=[],
        metavar="USCC",
        help="可代为报送的数据来源单位代码，可重复 (further 数据来源单位 codes; repeatable)",
    )
    for name, text in (
        ("list", "列出单位 (list the departments)"),
        ("rotate", "换发新令牌，旧令牌作废 (new token; the old ones stop working)"),
        ("revoke", "吊销全部令牌 (revoke every token)"),
    ):
        p = dsub.add_parser(name, help=text)
        if name != "list":
            p.add_argument("--code", required=True, metavar="USCC")
    for p in (add, *(dsub.choices[n] for n in ("list", "rotate", "revoke"))):
        p.add_argument("--config", default="platform.toml", metavar="FILE")
        p.set_defaults(run=_departments)


def _init(args: argparse.Namespace) -> int:
    from sgs.platform import open_platform
    from sgs.store import SCHEMA_VERSION

    with open_platform(args.config) as platform:
        print(
            f"{platform.config.name}：平台存储已就绪（结构版本 {SCHEMA_VERSION}） "
            f"(the platform's store is ready, schema {SCHEMA_VERSION})",
            file=sys.stderr,
        )
    return 0


def _departments(args: argparse.Namespace) -> int:
    from sgs.platform import open_platform

    with open_platform(args.config) as platform:
        repo = platform.store.departments
        command = args.departments_command
        if command == "add":
            department, token = platform.add_department(args.name, args.code, args.unit)
            print(token)  # alone on stdout, for a script to capture
            print(
                f"已登记 {department.name}（{department.code}）；令牌只显示这一次，请妥善交给该单位 "
                f"(registered; the token is shown this once only)",
                file=sys.stderr,
            )
        elif command == "rotate":
            print(repo.rotate(args.code))
            print(
                f"{args.code} 的新令牌如上，旧令牌已作废 (new token above; the old ones no longer work)",
                file=sys.stderr,
            )
        elif command == "revoke":
            count = repo.revoke(args.code)
            print(f"已吊销 {args.code} 的 {count} 个令牌 (revoked {count} tokens)", file=sys.stderr)
        else:
            for d in repo.list():
                units = "、".join(d.units) or "—"
                state = "有效 active" if d.active_tokens else "无有效令牌 no working token"
                print(f"{d.code}  {d.name}  代报单位 units: {units}  [{state}]")
    return 0
