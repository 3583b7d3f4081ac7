"""``sgs platform users …``: the platform's staff users and their roles.

``sgs platform users add --config platform.toml --name NAME --role ROLE [--role …] [--department USCC]``
    a new user; prints its API token alone on stdout (shown once). Roles: admin,
    submitter, querier, approver, auditor; incompatible ones are refused (exit 2).
``sgs platform users list|grant|revoke|remove|rotate``
    list the users; give or take a role; disable a user at once; a new token (printed
    alone), the old one stops working.
``sgs platform users password --config platform.toml --name NAME``
    the password of the portal's staff pages, read from stdin (asked twice with getpass
    on a terminal, else the first line); kept as its argon2id hash only; the user's
    sessions end. At least 12 characters, not the user name (exit 2 otherwise).

Each change is logged in the access log, its actor ``--as NAME`` (default the operating
system's user name) as an ``admin``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["register_users"]


def register_users(sub: Any) -> None:
    """Add ``users add|list|grant|revoke|remove|rotate|password`` to the ``sgs platform`` subcommands."""
    from sgs.store.users import ROLES

    users = sub.add_parser("users", help="平台用户与角色 (staff users and roles)")
    usub = users.add_subparsers(dest="users_command", metavar="COMMAND")
    usub.required = True
    add = usub.add_parser("add", help="新增用户，在标准输出打印其令牌 (add; prints its token)")
    add.add_argument("--name", required=True)
    add.add_argument("--role", action="append", required=True, choices=ROLES,
                     help="角色，可重复 (a role; repeatable)")  # fmt: skip
    add.add_argument("--department", default="", metavar="USCC",
                     help="所属报送单位，空为信用中心本身 (its department; none: the credit centre)")  # fmt: skip
    listing = usub.add_parser("list", help="列出用户 (list the users)")
    listing.add_argument("--removed", action="store_true", help="含已删除的 (removed ones too)")
    commands = [add, listing]
    for name, text in (
        ("grant", "授予角色 (grant a role)"),
        ("revoke", "收回角色 (revoke a role)"),
    ):
        p = usub.add_parser(name, help=text)
        p.add_argument("--name", required=True)
        p.add_argument("--role", required=True, choices=ROLES)
        commands.append(p)
    for name, text in (("remove", "删除用户，立即失效 (disable a user at once)"),
                       ("rotate", "换发新令牌 (a new token; the old one stops working)")):  # fmt: skip
        p = usub.add_parser(name, help=text)
        p.add_argument("--name", required=True)
        commands.append(p)
    commands.append(_register_password(usub))
    for p in commands:
        p.add_argument("--config", default="platform.toml", metavar="FILE")
        p.add_argument("--as", dest="actor", default="", metavar="NAME",
                       help="操作人（记入访问日志）(who makes the change, for the log)")  # fmt: skip
        p.set_defaults(run=_users)


def _register_password(usub: Any) -> Any:
    """``users password --name NAME``: the new password read from stdin (getpass on a terminal)."""
    p = usub.add_parser("password", help="设置门户工作人员页面的登录密码，从标准输入读取 "
                        "(set the staff pages' password, read from stdin)")  # fmt: skip
    p.add_argument("--name", required=True)
    return p


def _read_password() -> str:
    """The new password: asked twice with getpass on a terminal, else stdin's first line."""
    from sgs.errors import SgsError

    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("新密码 (new password): ")
        if getpass.getpass("再次输入 (again): ") != first:
            raise SgsError("两次输入的密码不一致", "the two passwords differ")
        return first
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def _users(args: argparse.Namespace) -> int:
    from sgs.cli.options import actor_name, platform_only
    from sgs.platform import open_platform
    from sgs.store.users import ROLE_LABELS, Actor

    platform_only(args.config)
    actor = Actor(name=actor_name(args.actor), role="admin", channel="cli")
    with open_platform(args.config) as platform:
        users = platform.store.users
        command = args.users_command
        if command == "add":
            department = ""
            if args.department.strip():
                department = platform.department(args.department.strip().upper()).code
            user, token = users.add(args.name, args.role, actor=actor, department=department)
            print(token)  # alone on stdout, for a script to capture
            print(f"已新增用户 {user.name}（{'、'.join(ROLE_LABELS[r] for r in user.roles)}）；"
                  "令牌只显示这一次 (added; the token is shown this once only)",
                  file=sys.stderr)  # fmt: skip
        elif command in ("grant", "revoke"):
            change = users.grant if command == "grant" else users.revoke
            user = change(args.name, args.role, actor=actor)
            print(f"{user.name}：{'、'.join(user.roles)} (roles now)", file=sys.stderr)
        elif command == "remove":
            users.remove(args.name, actor=actor)
            print(f"已删除用户 {args.name}，其令牌与会话已失效 (removed; its token and sessions "
                  "no longer work)", file=sys.stderr)  # fmt: skip
        elif command == "password":
            from sgs.platform.passwords import hash_password

            users.get(args.name)  # an unknown name before the password is asked for
            text = _read_password().removesuffix("\r")
            users.set_password_hash(args.name, hash_password(text, name=args.name), actor=actor)
            print(f"已设置 {args.name} 的密码，其原有会话已结束 (password set; its sessions "
                  "ended)", file=sys.stderr)  # fmt: skip
        elif command == "rotate":
            print(users.rotate(args.name, actor=actor))
            print(f"{args.name} 的新令牌如上，旧令牌已作废 (new token above; the old one no "
                  "longer works)", file=sys.stderr)  # fmt: skip
        else:
            for user in users.list(removed=args.removed):
                state = "在用 active" if user.active else "已删除 removed"
                print(f"{user.name}  {','.join(user.roles)}  {user.department or '信用中心'}  "
                      f"[{state}]")  # fmt: skip
    return 0
