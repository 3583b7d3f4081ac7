"""``sgs convert IN OUT``: any readable file to CSV, XLSX or JSON Lines in one header style."""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter
from typing import Any

from sgs.cli.options import add_read_options, read_options
from sgs.io import Row, read
from sgs.io.tables import DateText
from sgs.records import KeyStyle
from sgs.records.codecs import codecs_for, format_value

__all__ = ["register"]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "convert",
        help="转换文件格式和表头样式 (convert format and header style)",
        description="把 CSV/XLSX/XLS/JSONL/JSON 文件转换为 CSV、XLSX 或 JSONL（按输出文件扩展名），"
        "表头用字段代码、中文名或属性名。可解析的值规范化（日期为 YYYY/MM/DD），无法解析的值原样保留；"
        "非标准列默认原样附在后面。工作簿的各记录工作表依次写入同一输出（--sheet 只转换一个），"
        "许可与处罚两类工作表并存时须用 --sheet 指定。"
        " Convert to .csv/.xlsx/.jsonl (by OUT's extension) with code, label or attribute headers."
        " Values that parse are normalized; values that do not are kept as received;"
        " non-standard columns are appended unless --drop-extras."
        " Every record sheet of a workbook is converted, one after the other (--sheet: one);"
        " sheets of both kinds are refused: pick one with --sheet.",
    )
    parser.add_argument("input", metavar="IN")
    parser.add_argument("output", metavar="OUT")
    parser.add_argument(
        "--headers",
        choices=[s.value for s in KeyStyle],
        default="label",
        help="输出表头样式 (header style): code 字段代码, label 中文名, attr 属性名",
    )
    parser.add_argument(
        "--out-encoding",
        choices=["utf-8-sig", "utf-8", "gb18030"],
        default="utf-8-sig",
        help="CSV 输出编码 (CSV output encoding)",
    )
    parser.add_argument(
        "--date-style",
        choices=["slash", "iso"],
        default="slash",
        help="日期格式 (date format): slash = YYYY/MM/DD, iso = YYYY-MM-DD",
    )
    parser.add_argument(
        "--keep-text",
        action="store_true",
        help="不规范化，原样写出文字 (write texts as received, no normalization)",
    )
    parser.add_argument(
        "--drop-extras", action="store_true", help="不写非标准列 (leave out non-standard columns)"
    )
    add_read_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sgs.io.write import open_writer, refuse_overwrite

    refuse_overwrite(args.output, [args.input])
    options = read_options(args)
    if args.keep_text and not args.empty:
        options["empty_markers"] = frozenset({""})  # "/", "无", "-" are texts as received
    with read(args.input, **options) as reader:  # type: ignore[arg-type]
        codecs = codecs_for(reader.spec)
        extras = () if args.drop_extras else reader.unmapped
        with open_writer(
            args.output,
            kind=reader.kind,
            standard=reader.standard,
            headers=KeyStyle(args.headers),
            encoding=args.out_encoding,
            date_style=args.date_style,
            extras=extras,
        ) as writer:
            by_sheet: Counter[str] = Counter()
            for row in reader:
                if not args.keep_text:
                    row = _normalized(row, codecs, args.date_style)
                writer.write(row)
                by_sheet[row.position.sheet or ""] += 1
            count = writer.count
    sheets = ""
    if len(reader.sheets) > 1:  # every record sheet, one after the other
        counts = [f"{name} {by_sheet[name]}" for name in reader.sheets]
        sheets = f"（工作表 sheets: {'，'.join(counts)}）"
    print(f"{args.output}: {count} 条记录 (records){sheets}")
    return 0


def _normalized(row: Row, codecs: Any, date_style: str) -> Row:
    """The row with each value that parses in its normal text; a date keeps its date, so that
    an XLSX output gets a date cell (CSV and JSON Lines its text)."""
    values: dict[str, str] = {}
    for code, text in row.values.items():
        value, ok = codecs[code].parse(text)
        if not ok:
            values[code] = text
        elif isinstance(value, dt.date):
            values[code] = DateText(format_value(value, date_style), value)
        else:
            values[code] = format_value(value, date_style)
    return Row(row.position, values, row.raw, row.extras)
