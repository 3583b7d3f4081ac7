"""``sgs platform records …``: a staff user reads records through the gate.

``sgs platform records show --config platform.toml KEY [--reveal --application ID]``
    the record as JSON, masked, or in clear under the user's approved application;
``sgs platform records export --config platform.toml --application ID --output FILE``
    every record of the application in clear, as JSON lines (an ``export`` event).

The user is the one whose API token is in the environment variable ``--token-env``
(``SGS_USER_TOKEN`` by default): the CLI passes the same gate as the HTTP API, and each
read is logged with channel ``cli`` or ``export``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from typing import Any

from sgs.errors import SgsError

__all__ = ["register_records"]


def register_records(sub: Any) -> None:
    """Add ``records show|export`` to the ``sgs platform`` subcommands ``sub``."""
    records = sub.add_parser("records", help="经审核查看记录 (records through the gate)")
    rsub = records.add_subparsers(dest="records_command", metavar="COMMAND")
    rsub.required = True
    show = rsub.add_parser("show", help="查看一条记录 (one record, masked or in clear)")
    show.add_argument("key")
    show.add_argument("--reveal", action="store_true", help="显示明文 (in clear)")
    show.add_argument("--application", default=None, metavar="ID")
    export = rsub.add_parser("export", help="导出申请所列记录的明文 (export in clear)")
    export.add_argument("--application", required=True, metavar="ID")
    export.add_argument("--output", required=True, metavar="FILE")
    for p in (show, export):
        p.add_argument("--config", default="platform.toml", metavar="FILE")
        p.add_argument("--token-env", default="SGS_USER_TOKEN", metavar="VAR",
                       help="存放用户令牌的环境变量 (the variable holding the user's token)")  # fmt: skip
        p.set_defaults(run=_records)


def _records(args: argparse.Namespace) -> int:
    from sgs.cli.options import platform_only
    from sgs.platform import open_platform
    from sgs.platform.access import AccessDenied

    platform_only(args.config)
    token = os.environ.get(args.token_env, "").strip()
    if not token:
        raise SgsError(f"环境变量 {args.token_env} 中没有用户令牌",
                       f"no user token in the variable {args.token_env}")  # fmt: skip
    client = socket.gethostname()
    with open_platform(args.config) as platform:
        gate = platform.access
        try:
            user = gate.login(token)
            if args.records_command == "show":
                view = gate.record(args.key, user=user, reveal=args.reveal,
                                   application=args.application, channel="cli", client=client)  # fmt: skip
                print(json.dumps(view.to_dict(), ensure_ascii=False, indent=2))
                return 0
            views = gate.export(user, args.application, channel="export", client=client)
        except AccessDenied as exc:
            raise SgsError(f"拒绝访问：{exc.message_zh}",
                           f"access refused: {exc.message_en}") from None  # fmt: skip
    with open(args.output, "w", encoding="utf-8") as out:
        for view in views:
            out.write(json.dumps(view.to_dict(), ensure_ascii=False) + "\n")
    print(f"已导出 {len(views)} 条记录到 {args.output}（已记入访问日志）"
          f"(exported {len(views)} records; logged)", file=sys.stderr)  # fmt: skip
    return 0
