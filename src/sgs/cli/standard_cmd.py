"""``sgs standard show``: the standard as a table, JSON, JSON Schema, Table Schema or Markdown."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sgs.standard import (
    Kind,
    available_versions,
    get_standard,
    render_table,
    to_json,
    to_json_schema,
    to_markdown,
    to_table_schema,
)

__all__ = ["register"]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "standard",
        help="查看或导出数据标准 (show or export the data standard)",
        description="查看或导出双公示数据标准。 Show or export the 双公示 data standard.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    show = actions.add_parser(
        "show",
        help="显示字段表或导出为 JSON / JSON Schema / Table Schema / Markdown",
        description="显示标准的字段表，或导出为 JSON、JSON Schema、Frictionless Table Schema、"
        "Markdown。 Show the field table, or export as JSON, JSON Schema, Table Schema, Markdown.",
    )
    show.add_argument(
        "kind",
        nargs="?",
        choices=["license", "penalty"],
        help="记录类型，默认两种 (record kind; default both)",
    )
    show.add_argument(
        "--version",
        dest="standard_version",
        choices=available_versions(),
        help="标准版本 (standard version), 默认最新 (default: newest)",
    )
    show.add_argument(
        "--format",
        default="table",
        choices=["table", "json", "json-schema", "table-schema", "markdown"],
    )
    show.add_argument(
        "--date-style",
        default="slash",
        choices=["slash", "iso"],
        help="Table Schema 的日期格式：slash 为 YYYY/MM/DD（默认，与标准及 sgs convert 一致），"
        "iso 为 YYYY-MM-DD (date format of the Table Schema: slash, the default, or iso)",
    )
    show.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    standard = get_standard(args.standard_version)
    kinds = [Kind.parse(args.kind)] if args.kind else list(Kind)
    specs = [standard.spec(k) for k in kinds]
    if args.format == "json":
        print(
            json.dumps(
                to_json(standard, kinds[0] if args.kind else None), ensure_ascii=False, indent=2
            )
        )
    elif args.format in ("json-schema", "table-schema"):
        docs = [
            to_json_schema(spec, standard)
            if args.format == "json-schema"
            else to_table_schema(spec, standard, date_style=args.date_style)
            for spec in specs
        ]
        print(
            json.dumps(
                docs[0]
                if len(docs) == 1
                else {k.value: d for k, d in zip(kinds, docs, strict=True)},
                ensure_ascii=False,
                indent=2,
            )
        )
    elif args.format == "markdown":
        print("\n\n".join(to_markdown(spec, standard) for spec in specs))
    else:
        for spec in specs:
            print(f"{spec.kind.label} ({spec.kind.value}) — 标准 {standard.version}")
            print(render_table(spec))
    return 0
