"""Options shared by several commands."""

from __future__ import annotations

import argparse
import datetime as dt

from sgs.standard import available_versions

__all__ = ["add_read_options", "iso_date", "read_options"]


def iso_date(text: str) -> dt.date:
    """An argparse ``type`` for ``YYYY-MM-DD`` dates, with a message in both languages."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应为 YYYY-MM-DD (expected YYYY-MM-DD): {text!r}"
        ) from None


def add_read_options(parser: argparse.ArgumentParser) -> None:
    """``--kind``, ``--version``, ``--encoding``, ``--sheet``, ``--empty``."""
    parser.add_argument(
        "--kind",
        choices=["license", "penalty"],
        help="记录类型，默认从表头识别 (record kind; detected from the headers)",
    )
    parser.add_argument(
        "--standard",
        dest="standard",
        metavar="VERSION",
        choices=available_versions(),
        help="标准版本 (standard version), 默认最新 (default: newest)",
    )
    parser.add_argument("--encoding", help="CSV 文件编码，默认自动识别 (CSV encoding; detected)")
    parser.add_argument("--sheet", help="Excel 工作表名称或序号 (sheet name or 0-based index)")
    parser.add_argument(
        "--empty",
        action="append",
        metavar="TEXT",
        help="视为空值的文字，可重复 (text meaning empty; repeatable); "
        "默认 default: '', '/', '无', '-'",
    )


def read_options(args: argparse.Namespace) -> dict[str, object]:
    """Keyword arguments for :func:`sgs.io.read` from parsed options."""
    from sgs.io import DEFAULT_EMPTY_MARKERS

    options: dict[str, object] = {
        "kind": args.kind,
        "standard": args.standard,
        "encoding": args.encoding,
        "sheet": args.sheet,
    }
    if args.empty:
        options["empty_markers"] = frozenset({"", *args.empty})
    else:
        options["empty_markers"] = DEFAULT_EMPTY_MARKERS
    return options
