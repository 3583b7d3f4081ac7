"""``sgs report monthly``: the 月报告 of a department (``sgs.toml``) or a city (``platform.toml``);
``sgs report quarterly`` (季通报) and ``sgs report yearly`` (年考核) of a city — as JSON or in any
registered report format (``--format``)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sgs.cli.options import is_platform_config

if TYPE_CHECKING:
    from sgs.reports.periods import Period
    from sgs.reports.renderable import Renderable

__all__ = ["register"]


def register(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help="报告：月报告、季通报、年考核 (reports: monthly, quarterly, yearly)",
        description="由台账或平台存储计算报告。 Reports computed from the ledger or the "
        "platform's store.",
    )
    sub = report.add_subparsers(dest="report_command", metavar="COMMAND")
    sub.required = True
    monthly = sub.add_parser("monthly", help="月报告 (the monthly report)")
    monthly.add_argument("--config", required=True, metavar="FILE",
                         help="部门的 sgs.toml 或平台的 platform.toml")  # fmt: skip
    monthly.add_argument("--month", required=True, metavar="YYYY-MM")
    monthly.add_argument("--as-of", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                         help="统计截止日，默认今天 (the day the figures are as of; today)")  # fmt: skip
    monthly.add_argument("--late-threshold", type=Decimal, metavar="PCT",
                         help="迟报率超过此百分比的单位列出，默认取 platform.toml [reports] "
                              "late_threshold 或 50 (list units over this 迟报率)")  # fmt: skip
    _format_argument(monthly)
    monthly.add_argument("--out", metavar="FILE", help="写入文件，默认标准输出 (default stdout)")
    monthly.set_defaults(run=_monthly)
    _register_quarterly_and_yearly(sub)

    declaration = sub.add_parser(
        "declaration", help="双公示月报表，由台账预填 (the 月报表, pre-filled from the ledger)"
    )
    declaration.add_argument("--config", required=True, metavar="FILE", help="部门的 sgs.toml")
    declaration.add_argument("--month", required=True, metavar="YYYY-MM")
    declaration.add_argument("--as-of", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                             help="统计截止日，默认今天 (the figures' day; today)")  # fmt: skip
    declaration.add_argument("--web-url", default="", metavar="URL", help="本单位公示网址")
    declaration.add_argument("--out", required=True, metavar="FILE.xlsx")
    declaration.set_defaults(run=_declaration)


#: The option and the form of each kind of report period.
_PERIOD_OPTIONS = {"month": ("--month", "YYYY-MM"), "quarter": ("--quarter", "YYYYQn"),
                   "year": ("--year", "YYYY")}  # fmt: skip


def _period_argument(text: str, kind: str) -> Period:
    """The period ``text`` names, which must be of ``kind`` (else a message naming the option)."""
    from sgs.errors import SgsError
    from sgs.reports import period

    found = period(text)
    if found.kind != kind:
        option, form = _PERIOD_OPTIONS[kind]
        raise SgsError(f"{option} 应为 {form}（现为 {text}）", f"{option} is {form} (got {text})")
    return found


def _format_argument(parser: Any) -> None:
    parser.add_argument("--format", default="json", metavar="FORMAT",
                        help="json、xlsx、docx、html 或插件的格式；xlsx、docx 须给 --out "
                             "(json, xlsx, docx, html or a plugin's; binary ones need --out)")  # fmt: skip


def _check_format(args: argparse.Namespace) -> None:
    """Refuse an unknown format, or a file format without ``--out``, before any work."""
    from sgs.cli.options import check_report_format

    check_report_format(args.format, args.out, "--out")


def _emit(report: Renderable, args: argparse.Namespace, own: list[Path], written: str) -> None:
    """Write ``report`` to ``--out`` in ``--format`` (never over ``own`` files), or print it;
    ``written`` is the line said on stderr once the file is there."""
    if args.out:
        from sgs.io.write import refuse_overwrite

        refuse_overwrite(args.out, own)
        report.render(args.format, args.out)
        print(written, file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = report.render(args.format, Path(folder) / f"report.{args.format}")
        sys.stdout.write(path.read_text(encoding="utf-8"))


def _declaration(args: argparse.Namespace) -> int:
    from sgs.department.config import load_config
    from sgs.io.declaration_form import write_declaration_form
    from sgs.io.write import refuse_overwrite
    from sgs.plugins.registries import work_calendar
    from sgs.reports import declaration_due, ledger_declaration
    from sgs.store import open_store

    month = _period_argument(args.month, "month")
    config = load_config(args.config)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        sheet = ledger_declaration(
            store.ledger.entries(), config.department_name, config.department_code, month,
            as_of=args.as_of or dt.date.today(), web_url=args.web_url,
        )  # fmt: skip
    due = declaration_due(month, calendar=work_calendar(config.holidays))
    refuse_overwrite(args.out, config.own_files())
    write_declaration_form(
        args.out, [sheet], title=f"{config.department_name} {month.label} 双公示月报表",
        note=f"注：由台账预填，请核对并填写未报送依据；应于 {due} 前报送信用平台。"
        "未报送数量 = 产生数量 − 报送数量。",
    )  # fmt: skip
    print(f"{config.department_name} {month.label} 月报表：已写出 {args.out}（应于 {due} 前报送）"
          f"(written; due {due})", file=sys.stderr)  # fmt: skip
    return 0


def _monthly(args: argparse.Namespace) -> int:
    from sgs.calendar import china_today
    from sgs.plugins.registries import work_calendar
    from sgs.reports import MonthlyReport, department_monthly, platform_monthly

    month = _period_argument(args.month, "month")
    _check_format(args)
    # The JSON is the report's data as before; the other formats chart the last 6 months.
    trend = 0 if args.format == "json" else 6
    as_of = args.as_of or china_today()
    report: MonthlyReport
    own: list[Path]
    if is_platform_config(args.config):
        from sgs.platform import open_platform

        with open_platform(args.config) as platform:
            report = platform_monthly(
                platform.store, platform.config.name, month, as_of=as_of,
                calendar=work_calendar(()), standard=platform.checks.standard,
                late_threshold=(platform.config.late_threshold if args.late_threshold is None
                                else args.late_threshold),
                declaration_day=platform.config.declaration_day, trend=trend,
            )  # fmt: skip
            own = platform.config.own_files()
    else:
        from sgs.department.config import load_config
        from sgs.store import open_store

        config = load_config(args.config)
        with open_store(config.store_url, base_dir=config.base_dir) as store:
            report = department_monthly(
                store.ledger, config.department_name, config.department_code, month,
                as_of=as_of, calendar=work_calendar(config.holidays), trend=trend,
            )  # fmt: skip
        own = config.own_files()
    _emit(report, args, own, f"{report.title}：已写出 {args.out}（应于 {report.due} 前报送）"
                             f"(written; due {report.due})")  # fmt: skip
    return 0


def _register_quarterly_and_yearly(sub: Any) -> None:
    quarterly = sub.add_parser("quarterly", help="季通报 (the quarterly bulletin)")
    quarterly.add_argument("--config", required=True, metavar="FILE", help="平台的 platform.toml")
    quarterly.add_argument("--quarter", required=True, metavar="YYYYQn")
    quarterly.add_argument("--as-of", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                           help="截止日，默认今天 (the day the figures are as of; today)")  # fmt: skip
    quarterly.add_argument("--top", type=int, default=3, metavar="N",
                           help="表扬、批评各列前 N 名 (N units per ranked list; 3)")  # fmt: skip
    quarterly.add_argument("--praise-late-rate", type=Decimal, default=Decimal(10), metavar="PCT",
                           help="表扬须迟报率低于此值 (praised only under this 迟报率; 10)")  # fmt: skip
    quarterly.add_argument("--timely-threshold", type=Decimal, default=Decimal(90), metavar="PCT",
                           help="及时率低于此值的列入批评 (criticised under this 及时率; 90)")  # fmt: skip
    _format_argument(quarterly)
    quarterly.add_argument("--out", metavar="FILE", help="写入文件，默认标准输出 (default stdout)")
    quarterly.set_defaults(run=_quarterly)
    yearly = sub.add_parser("yearly", help="年考核 (the annual assessment)")
    yearly.add_argument("--config", required=True, metavar="FILE", help="平台的 platform.toml")
    yearly.add_argument("--year", required=True, metavar="YYYY")
    yearly.add_argument("--profile", default="suzhou", metavar="NAME|FILE",
                        help="考核方案：内置名称或 TOML 文件 (a built-in profile or a file; suzhou)")  # fmt: skip
    yearly.add_argument("--scores", metavar="FILE",
                        help="自评与中心评分 JSON (self and centre scores)")  # fmt: skip
    yearly.add_argument("--as-of", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                        help="截止日，默认今天 (the day the figures are as of; today)")  # fmt: skip
    _format_argument(yearly)
    yearly.add_argument("--out", metavar="FILE", help="写入文件，默认标准输出 (default stdout)")
    yearly.set_defaults(run=_yearly)


def _quarterly(args: argparse.Namespace) -> int:
    from sgs.calendar import china_today
    from sgs.platform import open_platform
    from sgs.plugins.registries import work_calendar
    from sgs.reports import quarterly_report

    quarter = _period_argument(args.quarter, "quarter")
    _check_format(args)
    with open_platform(args.config) as platform:
        report = quarterly_report(
            platform.store, platform.config.name, quarter, as_of=args.as_of or china_today(),
            calendar=work_calendar(()), standard=platform.checks.standard, top=args.top,
            praise_late_rate=args.praise_late_rate, timely_threshold=args.timely_threshold,
        )  # fmt: skip
        own = platform.config.own_files()
    _emit(report, args, own, f"{report.title}：已写出 {args.out} (written)")
    return 0


def _yearly(args: argparse.Namespace) -> int:
    import warnings

    from sgs.calendar import china_today
    from sgs.platform import open_platform
    from sgs.plugins.registries import work_calendar
    from sgs.reports.assessment import ProfileWarning, load_profile, read_scores, yearly_assessment

    year = _period_argument(args.year, "year")
    _check_format(args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ProfileWarning)
        sheet = load_profile(args.profile)
    notes = [str(w.message) for w in caught if issubclass(w.category, ProfileWarning)]
    for note in notes:  # shown, never an error
        print(f"sgs: 警告 (warning): {note}", file=sys.stderr)
    scores = read_scores(args.scores, sheet, year.start.year) if args.scores else {}
    with open_platform(args.config) as platform:
        assessment = yearly_assessment(
            platform.store, platform.config.name, sheet, year,
            as_of=args.as_of or china_today(), calendar=work_calendar(()),
            standard=platform.checks.standard, scores=scores, scores_file=args.scores or "",
            warnings=notes, declaration_day=platform.config.declaration_day,
        )  # fmt: skip
        own = platform.config.own_files()
    _emit(assessment, args, own, f"{assessment.title}：已写出 {args.out} (written)")
    return 0
