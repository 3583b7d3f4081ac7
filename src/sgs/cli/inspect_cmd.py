"""``sgs inspect FILE...``: what sgs recognises in a file, and the values that do not parse."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sgs.cli.options import add_read_options, read_options
from sgs.io import Reader, read_all
from sgs.io.rows import place
from sgs.standard import FieldType

__all__ = ["register"]

_EXPECTED = {
    FieldType.DATE: ("不是可识别的日期", "not a recognisable date"),
    FieldType.DECIMAL: ("不是以万元为单位的数值", "not an amount in 万元"),
    FieldType.ENUMERATION: ("不在允许的取值中", "not an allowed value"),
    FieldType.TEXT: ("格式错误", "malformed"),
}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "inspect",
        help="识别文件的记录类型、表头和无法解析的值 (recognise kind, headers, unparseable values)",
        description="读取文件，显示识别出的记录类型、表头映射、记录数和无法解析的值。"
        " Read files and show the recognised kind, header mapping, record count and the values"
        " that do not parse. Exit status 1 when some value does not parse.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    add_read_options(parser)
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="输出格式 (output format)"
    )
    parser.set_defaults(run=run)


def _inspect(path: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    """What each table of ``path`` holds: one result per record sheet of a workbook."""
    with read_all(path, **read_options(args)) as tables:  # type: ignore[arg-type]
        return [_inspect_reader(path, reader) for reader in tables]


def _inspect_reader(path: str, reader: Reader) -> dict[str, Any]:
    problems: list[dict[str, Any]] = []
    count = 0
    spec = reader.spec
    for row, _record, found in reader.records():
        count += 1
        for p in found:
            zh, en = _EXPECTED[p.expected]
            problems.append(
                {
                    "position": row.position.describe(),
                    "record": row.position.record,
                    "line": row.position.line,
                    "field": p.code,
                    "label": spec[p.code].label,
                    "text": p.text,
                    "message_zh": zh,
                    "message_en": en,
                }
            )
    return {
        "file": path,
        "value_problem_groups": _groups(problems, spec),
        "kind": reader.kind.value,
        "standard": reader.standard.version,
        "format": reader.format,
        "encoding": reader.encoding,
        "sheet": reader.sheet,
        "header_line": reader.header_line,
        "columns": [{"header": c.header, "field": c.code} for c in reader.columns if c.header],
        "extra_columns": list(reader.unmapped),
        "records": count,
        "value_problems": problems,
    }


def _print_text(result: dict[str, Any]) -> None:
    from sgs.standard import Kind

    kind = Kind(result["kind"])
    where = f"，编码 {result['encoding']}" if result["encoding"] else ""
    if result["header_line"]:
        where += f"，表头在第{result['header_line']}行"
    print(
        f"{place(result['file'], result['sheet'])}: {kind.label} ({kind.value})，"
        f"{result['records']} 条记录 (records){where}"
    )
    mapped = [c for c in result["columns"] if c["field"]]
    print(f"  识别的字段 (fields): {len(mapped)}")
    for column in mapped:
        print(f"    {column['header']} → {column['field']}")
    if result["extra_columns"]:
        print("  其他列（原样保留） (extra columns, kept): " + "、".join(result["extra_columns"]))
    for g in result["value_problem_groups"]:
        rows = "、".join(str(r) for r in g["first_rows"])
        more = " 等" if g["count"] > len(g["first_rows"]) else ""
        texts = "、".join(repr(t) for t in g["texts"])
        print(
            f"  {g['field']}（{g['label']}）{g['message_zh']} ({g['message_en']})："
            f"{g['count']} 处 (times)，第 {rows}{more} 行 (rows)；如 e.g. {texts}"
        )
        if g["allowed"]:
            print("    允许的取值 (allowed): " + "、".join(g["allowed"]))


#: Rows and distinct texts shown for each group of value problems.
_FIRST = 5


def _groups(problems: list[dict[str, Any]], spec: Any) -> list[dict[str, Any]]:
    """The value problems by field and kind of problem: how many, the first rows and texts."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for p in problems:
        group = groups.get((p["field"], p["message_en"]))
        if group is None:
            enumeration = spec[p["field"]].enumeration
            group = groups[(p["field"], p["message_en"])] = {
                "field": p["field"],
                "label": p["label"],
                "message_zh": p["message_zh"],
                "message_en": p["message_en"],
                "count": 0,
                "first_rows": [],
                "texts": [],
                "allowed": list(enumeration.values) if enumeration is not None else [],
            }
        group["count"] += 1
        if len(group["first_rows"]) < _FIRST:
            group["first_rows"].append(p["line"] or p["record"])
        if p["text"] not in group["texts"] and len(group["texts"]) < _FIRST:
            group["texts"].append(p["text"])
    return list(groups.values())


def run(args: argparse.Namespace) -> int:
    results = [result for path in args.files for result in _inspect(path, args)]
    if args.format == "json":
        json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for result in results:
            _print_text(result)
    return 1 if any(r["value_problems"] for r in results) else 0
