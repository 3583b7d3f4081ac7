"""Options shared by several commands."""

from __future__ import annotations

import argparse
import datetime as dt

import attrs

from sgs.io.tables import DEFAULT_LIMITS, ReadLimits
from sgs.standard import available_versions

__all__ = [
    "add_limit_options",
    "add_read_options",
    "department_only",
    "is_platform_config",
    "iso_date",
    "limits",
    "platform_only",
    "read_options",
    "some_text",
]


def is_platform_config(path: str) -> bool:
    """Whether the configuration file ``path`` is a platform's (``[platform]``) rather than
    a department's ``sgs.toml``; a file that cannot be read is a message naming it."""
    from sgs.adapters.config_files import read_config_file

    return "platform" in read_config_file(path)


def platform_only(path: str) -> None:
    """Refuse ``path`` unless it is a platform's ``platform.toml`` (a command of the platform)."""
    from sgs.errors import SgsError

    if not is_platform_config(path):
        raise SgsError(f"{path} 不是平台的 platform.toml（此命令在信用平台上运行）",
                       f"{path} is not a platform.toml (this command runs on the platform)")  # fmt: skip


def department_only(path: str) -> None:
    """Refuse ``path`` when it is a platform's file (a command of the department)."""
    from sgs.errors import SgsError

    if is_platform_config(path):
        raise SgsError(f"{path} 是平台的配置；部门使用 sgs.toml",
                       f"{path} is a platform's configuration; a department uses its sgs.toml")  # fmt: skip


def iso_date(text: str) -> dt.date:
    """An argparse ``type`` for ``YYYY-MM-DD`` dates, with a message in both languages."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应为 YYYY-MM-DD (expected YYYY-MM-DD): {text!r}"
        ) from None


def scope_choice(text: str) -> str | None:
    """An argparse ``type`` for a 公开范围: a name, a code 0/1/2, or ``default`` (``None``)."""
    from sgs.errors import SgsError
    from sgs.standard.scopes import scope_of

    if text.strip().lower() == "default":
        return None
    if not text.strip():
        raise argparse.ArgumentTypeError(f"不能为空 (must not be empty): {text!r}")
    try:
        return scope_of(text)
    except SgsError as exc:
        raise argparse.ArgumentTypeError(f"{exc.message_zh} ({exc.message_en})") from None


def some_text(text: str) -> str:
    """An argparse ``type`` for text that is not blank (a reason, a name), stripped."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"不能为空 (must not be empty): {text!r}")
    return text.strip()


def _count(text: str) -> int:
    """An argparse ``type`` for a count of zero or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"应为 0 或正整数 (expected 0 or more): {text!r}")
    return value


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    """``--max-blank-rows``: how many blank rows in a row end the reading of a sheet."""
    parser.add_argument(
        "--max-blank-rows",
        type=_count,
        metavar="N",
        help="Excel 工作表连续 N 个空行后停止读取（其后若还有数据则报错），0 为不限 "
        "(stop reading a sheet after N blank rows in a row, an error if data follows; "
        "0: no limit); 默认 default 10000",
    )


def limits(args: argparse.Namespace) -> ReadLimits:
    """The read limits the options give."""
    if getattr(args, "max_blank_rows", None) is None:
        return DEFAULT_LIMITS
    return attrs.evolve(DEFAULT_LIMITS, max_blank_rows=args.max_blank_rows)


def add_read_options(parser: argparse.ArgumentParser) -> None:
    """``--kind``, ``--standard``, ``--input-format``, ``--encoding``, ``--sheet``, ``--empty``,
    ``--max-blank-rows``."""
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
    parser.add_argument(
        "--input-format",
        choices=["csv", "xlsx", "xls", "jsonl", "json"],
        help="输入文件格式，默认按内容与扩展名识别 (input format; detected from content and name)",
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
    add_limit_options(parser)


def read_options(args: argparse.Namespace) -> dict[str, object]:
    """Keyword arguments for :func:`sgs.io.read` from parsed options."""
    from sgs.io import DEFAULT_EMPTY_MARKERS

    options: dict[str, object] = {
        "kind": args.kind,
        "standard": args.standard,
        "format": args.input_format,
        "encoding": args.encoding,
        "sheet": args.sheet,
        "limits": limits(args),
    }
    if args.empty:
        options["empty_markers"] = frozenset({"", *args.empty})
    else:
        options["empty_markers"] = DEFAULT_EMPTY_MARKERS
    return options


def actor_name(given: str = "") -> str:
    """Who runs a command, for the access log: ``given`` (``--as``), else the OS user."""
    if given.strip():
        return given.strip()
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "sgs"


def check_report_format(fmt: str, output: str | None, option: str) -> None:
    """Refuse an unknown report ``fmt``, or a file format without ``option`` (``--out``,
    ``--output``) giving the file, before any work is done."""
    from sgs.errors import SgsError
    from sgs.reports.render import TEXT_FORMATS, renderers

    known = renderers()
    if fmt not in known:
        raise SgsError(
            f"未知的 --format “{fmt}”（可用：{'、'.join(sorted(known))}）",
            f"unknown --format {fmt!r} (available: {', '.join(sorted(known))})",
        )
    if not output and fmt not in TEXT_FORMATS:
        raise SgsError(f"--format {fmt} 写出文件，须给 {option} FILE",
                       f"--format {fmt} writes a file: give {option} FILE")  # fmt: skip
