"""``sgs calendar ...``: working days and deadlines on the command line.

Each command prints a plain ISO date, number or ``true``/``false`` on stdout,
so that scripts can use it. A date in a year without a holiday schedule
exits with status 2 and the message that names the year and the fix.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import warnings
from collections.abc import Callable
from typing import Any

from sgs.calendar import CalendarAssumptionWarning, WorkCalendar, deadline, monthly_report_due
from sgs.cli.options import iso_date
from sgs.plugins.registries import work_calendar

__all__ = ["register"]


def _month(text: str) -> tuple[int, int]:
    try:
        year, month = (int(p) for p in text.split("-"))
        dt.date(year, month, 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"月份应为 YYYY-MM (expected YYYY-MM): {text!r}") from None
    return year, month


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--holidays",
        action="append",
        metavar="FILE",
        default=[],
        help="节假日安排文件（TOML/JSON），可重复 (holiday-notice file; repeatable)",
    )
    parser.add_argument(
        "--assume-weekends",
        action="store_true",
        help="没有数据的年份按普通周末估算并警告 (count years without data as plain weekends)",
    )


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "calendar",
        help="工作日与期限 (working days and deadlines)",
        description="按国务院节假日安排（含调休）计算工作日和期限。"
        " Working days and deadlines on the official schedule, 调休 included.",
    )
    sub = parser.add_subparsers(dest="calendar_command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("is-workday", help="是否工作日 (is DATE a working day: true/false)")
    p.add_argument("date", type=iso_date, metavar="DATE")
    _common(p)
    p.set_defaults(run=_warned(_is_workday))

    p = sub.add_parser("add", help="DATE 之后第 N 个工作日 (the N-th working day after DATE)")
    p.add_argument("date", type=iso_date, metavar="DATE")
    p.add_argument("n", type=int, metavar="N")
    _common(p)
    p.set_defaults(run=_warned(_add))

    p = sub.add_parser(
        "deadline",
        help="“N个工作日内”的最后一天，默认7 (last day of N working days after DATE; default 7)",
    )
    p.add_argument("date", type=iso_date, metavar="DATE")
    p.add_argument("--workdays", type=int, default=7, metavar="N")
    p.add_argument(
        "--count-event-day",
        action="store_true",
        help="事件当日为工作日时计入（部分平台的做法）(count DATE itself when a working day)",
    )
    _common(p)
    p.set_defaults(run=_warned(_deadline))

    p = sub.add_parser(
        "between", help="START 之后至 END 的工作日数 (working days after START up to END)"
    )
    p.add_argument("start", type=iso_date, metavar="START")
    p.add_argument("end", type=iso_date, metavar="END")
    _common(p)
    p.set_defaults(run=_warned(_between))

    p = sub.add_parser(
        "monthly-due", help="月报截止日：次月15日，遇节假日顺延 (monthly report due date)"
    )
    p.add_argument("month", type=_month, metavar="YYYY-MM")
    _common(p)
    p.set_defaults(run=_warned(_monthly))


def _calendar(args: argparse.Namespace) -> WorkCalendar:
    return work_calendar(args.holidays, assume_weekends=args.assume_weekends)


def _warned(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Show the calendar's warnings (years assumed as plain weekends) as one line each."""

    def wrapped(args: argparse.Namespace) -> int:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CalendarAssumptionWarning)
            status = run(args)
        for warning in caught:
            print(f"sgs: 警告 (warning): {warning.message}", file=sys.stderr)
        return status

    return wrapped


def _is_workday(args: argparse.Namespace) -> int:
    print("true" if _calendar(args).is_workday(args.date) else "false")
    return 0


def _add(args: argparse.Namespace) -> int:
    print(_calendar(args).add_workdays(args.date, args.n).isoformat())
    return 0


def _deadline(args: argparse.Namespace) -> int:
    cal = _calendar(args)
    due = deadline(args.date, args.workdays, count_event_day=args.count_event_day, calendar=cal)
    print(due.isoformat())
    return 0


def _between(args: argparse.Namespace) -> int:
    print(_calendar(args).workdays_between(args.start, args.end))
    return 0


def _monthly(args: argparse.Namespace) -> int:
    year, month = args.month
    print(monthly_report_due(year, month, calendar=_calendar(args)).isoformat())
    return 0
