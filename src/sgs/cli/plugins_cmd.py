"""``sgs plugins list``: every plugin, what it registers, and where it came from."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sgs.plugins.manager import plugin_infos

__all__ = ["register"]

_HOOKS = {
    "sgs_register_sources": "数据源 sources",
    "sgs_register_transports": "传输 transports",
    "sgs_register_rules": "校验规则 rules",
    "sgs_register_standards": "标准版本 standards",
    "sgs_register_calendar_years": "节假日数据 calendar years",
    "sgs_register_renderers": "报告格式 renderers",
    "sgs_register_masking_profiles": "脱敏规则 masking profiles",
    "sgs_register_deadline_profiles": "期限规则 deadline profiles",
}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "plugins", help="插件 (plugins)", description="已加载的插件 (plugins)"
    )
    sub = parser.add_subparsers(dest="plugins_command", metavar="COMMAND")
    sub.required = True
    listing = sub.add_parser(
        "list", help="列出插件及其注册内容和来源 (every plugin, what it registers, where from)"
    )
    listing.add_argument("--format", choices=["text", "json"], default="text")
    listing.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sgs.plugins.deadlines import register_builtin_deadline_profiles
    from sgs.publication import register_builtin_profiles
    from sgs.reports.render import register_builtin_renderers

    register_builtin_renderers()  # the reports' own renderers are a plugin of theirs
    register_builtin_profiles()  # so are publication's masking profiles
    register_builtin_deadline_profiles()  # and the calendar's deadline profiles
    infos = plugin_infos()
    if args.format == "json":
        data = [
            {
                "name": i.name,
                "origin": i.origin,
                "hooks": i.hooks,
                "registers": i.registered,
                "error": i.error,
            }
            for i in infos
        ]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for info in infos:
        print(f"{info.name}  ({info.origin})")
        if info.error:
            print(f"  无法使用，已跳过 (left out): {info.error}")
            continue
        for hook, names in info.registered.items():
            if names:
                print(f"  {_HOOKS.get(hook, hook)}: {', '.join(names)}")
    return 0
