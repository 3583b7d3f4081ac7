"""Argument parsing and the error boundary of the ``sgs`` command."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
import warnings
from collections.abc import Sequence
from typing import TextIO

from sgs import __version__
from sgs.cli import (
    calendar_cmd,
    convert_cmd,
    inspect_cmd,
    objections_cmd,
    platform_cmd,
    plugins_cmd,
    publish_cmd,
    registers_cmd,
    repair_cmd,
    report_cmd,
    standard_cmd,
    sync_cmd,
    template_cmd,
    validate_cmd,
)
from sgs.errors import CalendarYearUnavailable, SgsError

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_UNUSABLE", "build_parser", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2
EXIT_INTERNAL = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_UNUSABLE, f"sgs: 用法错误 (usage error): {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from sgs.plugins.registries import load_plugin_standards

    load_plugin_standards()  # so that --standard knows the versions plugins bring
    parser = _Parser(
        prog="sgs",
        description="双公示（行政许可、行政处罚）数据标准工具 — 双公示 data standard tools",
        epilog="退出状态 exit status: 0 正常 ok, 1 有问题 findings, 2 输入无法使用或用法错误 "
        "unusable input or usage",
    )
    parser.add_argument("--version", action="version", version=f"sgs {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for module in (
        validate_cmd,
        sync_cmd,
        calendar_cmd,
        inspect_cmd,
        plugins_cmd,
        registers_cmd,
        platform_cmd,
        publish_cmd,
        objections_cmd,
        report_cmd,
        repair_cmd,
        convert_cmd,
        template_cmd,
        standard_cmd,
    ):
        module.register(commands)
    return parser


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """sgs's warnings as one line for a person, not Python's file-and-line form."""
    print(f"sgs: 警告 (warning): {message}", file=file or sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``sgs`` with ``argv``; returns the exit status (also used by the console script)."""
    warnings.showwarning = _show_warning
    try:
        parser = build_parser()  # loads the standards plugins bring: a broken plugin is an error
    except SgsError as exc:
        print(f"sgs: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except CalendarYearUnavailable as exc:
        print(f"sgs: {exc.for_command_line()}", file=sys.stderr)
        return EXIT_UNUSABLE
    except SgsError as exc:
        print(f"sgs: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("sgs: 已中断 (interrupted)", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the boundary: a user never sees a bare traceback
        if os.environ.get("SGS_DEBUG"):
            traceback.print_exc()
        print(
            f"sgs: 内部错误，请报告此问题 (internal error, please report it): "
            f"{type(exc).__name__}: {exc}  — 设置 SGS_DEBUG=1 可查看详情 (set SGS_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
