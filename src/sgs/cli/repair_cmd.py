"""``sgs repair …``: credit repair (信用修复) on the department's side.

``sgs repair notice --config sgs.toml KEY --format docx|html|json|xlsx --output PATH``
    writes the 信用修复告知书 of the ledger's record ``KEY``, to be served with the
    penalty decision (两书同达); prints the path.

Each subcommand is one ``_register_*`` function adding its parser to the group and one
function running it.
"""

from __future__ import annotations

import argparse
from typing import Any

from sgs.cli.options import iso_date, some_text

__all__ = ["register"]

#: The formats a notice is written in (any registered renderer is accepted).
NOTICE_FORMATS = ("docx", "html", "json", "xlsx")


def register(commands: Any) -> None:
    repair = commands.add_parser(
        "repair",
        help="信用修复：告知书 (credit repair: the notice served with a decision)",
        description="信用修复（国家发展改革委令第36号）。 Credit repair under 36号令.",
    )
    subcommands = repair.add_subparsers(dest="repair_command", metavar="COMMAND")
    subcommands.required = True
    _register_notice(subcommands)


def _register_notice(subcommands: Any) -> None:
    notice = subcommands.add_parser(
        "notice",
        help="写出信用修复告知书 (write the 信用修复告知书 of a penalty)",
        description="由台账中的处罚记录写出信用修复告知书，与处罚决定书一并送达（两书同达）。 "
        "Write the notice of repair rights of a penalty in the ledger, served with the decision.",
    )
    notice.add_argument("--config", required=True, metavar="FILE", help="部门的 sgs.toml")
    notice.add_argument("key", metavar="KEY", help="记录的键 (the record's key in the ledger)")
    notice.add_argument("--format", default="docx", metavar="FORMAT",
                        help=f"{'、'.join(NOTICE_FORMATS)} 或插件的格式，默认 docx "
                             "(or a plugin's; docx)")  # fmt: skip
    notice.add_argument("--output", required=True, metavar="PATH", help="写入的文件 (the file)")
    notice.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                        help="告知日期，默认今天（北京时间） (the day served; today in China)")  # fmt: skip
    notice.add_argument("--platform", type=some_text, metavar="NAME",
                        help="受理申请的本地信用平台名称 (the local credit platform)")  # fmt: skip
    notice.add_argument("--url", type=some_text, metavar="URL",
                        help="本地信用平台网址 (its address)")  # fmt: skip
    notice.set_defaults(run=_notice)


def _notice(args: argparse.Namespace) -> int:
    from sgs.calendar import china_today
    from sgs.department.config import load_config
    from sgs.errors import SgsError
    from sgs.io.write import refuse_overwrite
    from sgs.reports import repair_notice
    from sgs.reports.render import renderers
    from sgs.standard import get_standard
    from sgs.store import open_store

    known = renderers()
    if args.format not in known:
        raise SgsError(
            f"未知的 --format “{args.format}”（可用：{'、'.join(sorted(known))}）",
            f"unknown --format {args.format!r} (available: {', '.join(sorted(known))})",
        )
    config = load_config(args.config)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        entries = store.ledger.find(key=args.key)
    if not entries:
        raise SgsError(f"台账中没有键为 {args.key} 的记录",
                       f"the ledger has no record with the key {args.key}")  # fmt: skip
    entry = entries[-1]
    if not entry.payload:
        raise SgsError(f"台账记录 {args.key} 没有字段内容（由台账文件导入），无法出具告知书",
                       f"the ledger's record {args.key} has no fields (imported from a ledger "
                       "file): no notice can be made")  # fmt: skip
    notice = repair_notice(
        entry.kind, dict(entry.payload), on=args.as_of or china_today(),
        department=config.department_name, platform=args.platform or "", url=args.url or "",
        policy=config.publication, standard=get_standard(config.standard),
    )  # fmt: skip
    refuse_overwrite(args.output, config.own_files())
    path = notice.render(args.format, args.output)
    print(path)
    return 0
