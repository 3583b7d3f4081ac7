"""``sgs template license|penalty --out FILE.xlsx``: a blank fill-in template."""

from __future__ import annotations

import argparse
from typing import Any

from sgs.standard import available_versions

__all__ = ["register"]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "template",
        help="生成空白填报模板 (write a blank fill-in XLSX template)",
        description="生成带中文表头、字段代码、批注说明和下拉列表的 Excel 填报模板。"
        " Write an XLSX template with Chinese labels, field codes, notes as comments and"
        " drop-down lists for enumerations.",
    )
    parser.add_argument("kind", choices=["license", "penalty"])
    parser.add_argument("--out", required=True, metavar="FILE.xlsx")
    parser.add_argument("--standard", metavar="VERSION", choices=available_versions())
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sgs.io.template import write_template

    write_template(args.out, args.kind, standard=args.standard)
    print(args.out)
    return 0
