"""``sgs platform audit …``: the access log's tamper evidence.

``sgs platform audit verify --config platform.toml [--anchor ID:HASH]…``
    walks the hash chain; exit 0 when it is intact, 1 naming the first broken entry
    (a row changed, deleted or inserted in the database, or the chain cut short of an
    anchor).
``sgs platform audit anchor --config platform.toml``
    prints the newest entry's ``ID:HASH``, for the auditor to keep outside the store.
``sgs platform audit subject --config platform.toml (--code USCC | --id-number NUMBER)``
    the subject access report: the subject's decisions and every access naming them
    (``--format``, ``--output``); itself recorded in the log as an ``export`` of them.
``sgs platform audit self-check --config platform.toml --from DATE --to DATE [--bulk N]``
    the periodic self-check: queries by user, department and purpose, after hours, bulk,
    without an application, denied; the chain verified.
``sgs platform audit purge --config platform.toml [--as-of DATE] [--dry-run] [--as NAME]``
    empties the entries older than ``[retention]`` keeps them (the chain still verifies),
    deletes closed applications and expired sessions; prints what per class, and the anchor.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sgs.reports.renderable import Renderable

__all__ = ["register_audit"]


def register_audit(sub: Any) -> None:
    """Add ``audit verify|anchor`` to the ``sgs platform`` subcommands ``sub``."""
    audit = sub.add_parser("audit", help="个人信息访问日志 (the access log)")
    asub = audit.add_subparsers(dest="audit_command", metavar="COMMAND")
    asub.required = True
    verify = asub.add_parser("verify", help="校验哈希链 (check the hash chain)")
    verify.add_argument("--config", default="platform.toml", metavar="FILE")
    verify.add_argument("--anchor", action="append", default=[], metavar="ID:HASH",
                        help="审计员保存的锚点，可多次 (an anchor the auditor kept; repeatable)")  # fmt: skip
    verify.set_defaults(run=_verify)
    anchor = asub.add_parser("anchor", help="当前锚点 (the newest entry's ID:HASH)")
    anchor.add_argument("--config", default="platform.toml", metavar="FILE")
    anchor.set_defaults(run=_anchor)
    _register_reports(asub)
    _register_purge(asub)


def _verify(args: argparse.Namespace) -> int:
    from sgs.cli.options import platform_only
    from sgs.platform import open_platform
    from sgs.store.audit import Anchor

    platform_only(args.config)
    anchors = [Anchor.parse(a) for a in args.anchor]
    with open_platform(args.config) as platform:
        check = platform.store.audit.verify(anchors)
    if check.intact:
        print(
            f"访问日志完整：{check.entries} 条记录 (the access log is intact: {check.entries} entries)"
        )
        return 0
    print(f"sgs: 访问日志已被篡改：{check.problem} (the access log was tampered with: "
          f"{check.problem_en})", file=sys.stderr)  # fmt: skip
    print(f"broken at entry {check.broken_at}")
    return 1


def _anchor(args: argparse.Namespace) -> int:
    from sgs.cli.options import platform_only
    from sgs.platform import open_platform

    platform_only(args.config)
    with open_platform(args.config) as platform:
        anchor = platform.store.audit.anchor()
    if anchor is None:
        print("访问日志为空 (the access log is empty)", file=sys.stderr)
        return 0
    print(anchor)
    return 0


# -- the reports for review: subject access report, self-check ---------------------------------
def _register_reports(asub: Any) -> None:
    """``audit subject`` and ``audit self-check``."""
    from sgs.cli.options import iso_date, some_text

    subject = asub.add_parser(
        "subject", help="信用主体查询使用情况报告 (the subject access report)"
    )
    subject.add_argument("--config", default="platform.toml", metavar="FILE")
    who = subject.add_mutually_exclusive_group(required=True)
    who.add_argument("--code", type=some_text, metavar="USCC", help="统一社会信用代码")
    who.add_argument("--id-number", type=some_text, metavar="NUMBER",
                     help="自然人的证件号码（报告中遮蔽）；“-”从标准输入读取，不留在进程列表中 "
                          "(a natural person's ID number, masked in the report; - reads it "
                          "from standard input, out of the process list)")  # fmt: skip
    subject.add_argument("--as", dest="actor", type=some_text, metavar="NAME",
                         help="出具人，记入访问日志，默认为操作系统用户 (who makes it; the OS user)")  # fmt: skip
    subject.add_argument("--purpose", type=some_text, default=_SUBJECT_PURPOSE, metavar="TEXT",
                         help="用途，记入访问日志 (the purpose logged)")  # fmt: skip
    subject.add_argument("--basis", default="", metavar="BASIS",
                         help="依据，记入访问日志：duty:事项、authorisation:编号:有效期、self "
                              "(the legal basis logged)")  # fmt: skip
    _output_options(subject)
    subject.set_defaults(run=_subject)

    check = asub.add_parser("self-check", help="个人信息查询使用情况自查报告 (the self-check)")
    check.add_argument("--config", default="platform.toml", metavar="FILE")
    check.add_argument("--from", dest="start", type=iso_date, required=True, metavar="YYYY-MM-DD")
    check.add_argument("--to", dest="end", type=iso_date, required=True, metavar="YYYY-MM-DD")
    check.add_argument("--bulk", type=_positive, default=50, metavar="N",
                       help="单次查询达到 N 条记录为批量查询，默认 50 (one event revealing N records)")  # fmt: skip
    check.add_argument("--bulk-daily", type=_positive, default=200, metavar="M",
                       help="单人单日查询达到 M 条不同记录为批量查询，默认 200 "
                            "(one user revealing M distinct records in a day)")  # fmt: skip
    _output_options(check)
    check.set_defaults(run=_self_check)


#: The purpose logged for a subject access report by default.
_SUBJECT_PURPOSE = "出具信用主体查询使用情况报告（河南省社会信用条例第四十条）"


def _positive(text: str) -> int:
    """An argparse ``type`` for a count of one or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数 (expected 1 or more): {text!r}")
    return value


def _output_options(parser: Any) -> None:
    parser.add_argument("--format", default="json", metavar="FORMAT",
                        help="json、xlsx、docx、html 或插件的格式；xlsx、docx 须给 --output "
                             "(json, xlsx, docx, html or a plugin's; binary ones need --output)")  # fmt: skip
    parser.add_argument("--output", metavar="FILE", help="写入文件，默认标准输出 (default stdout)")


def _check_output(args: argparse.Namespace) -> None:
    """Refuse an unknown format, or a file format without ``--output``, before any work."""
    from sgs.cli.options import check_report_format

    check_report_format(args.format, args.output, "--output")


def _write(report: Renderable, args: argparse.Namespace, own: list[Path]) -> None:
    """Write ``report`` to ``--output`` (never over the platform's own files), or print it."""
    if args.output:
        from sgs.io.write import refuse_overwrite

        refuse_overwrite(args.output, own)
        report.render(args.format, args.output)
        print(f"已写出 {args.output} (written)", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = report.render(args.format, Path(folder) / f"report.{args.format}")
        sys.stdout.write(path.read_text(encoding="utf-8"))


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (a container)
        return "unknown"


def _subject(args: argparse.Namespace) -> int:
    from sgs.cli.options import platform_only
    from sgs.platform import open_platform
    from sgs.publication import Policy
    from sgs.reports.access import subject_access_report
    from sgs.store import AccessEvent

    platform_only(args.config)
    _check_output(args)
    if args.id_number == "-":
        args.id_number = sys.stdin.readline().strip()
    with open_platform(args.config) as platform:
        config = platform.config
        report = subject_access_report(
            platform.store, code=args.code, id_number=args.id_number, platform=config.name,
            names={config.credit_code: config.name},
            masking=(config.publication or Policy()).profile,
        )  # fmt: skip
        _write(report, args, config.own_files())
        # Naming the subject's records is an access to them: logged once the report is out.
        platform.store.audit.record(AccessEvent(
            actor=args.actor or _os_user(), action="export", department=config.credit_code,
            records=report.keys(), fields=(), purpose=args.purpose, basis=args.basis,
            channel="cli", result_count=len(report.keys()),
            detail={"report": "subject", "format": args.format},
        ))  # fmt: skip
    print(f"涉及记录 {len(report.keys())} 条，查询使用 {len(report.accesses)} 次；已记入访问日志 "
          f"(records {len(report.keys())}, accesses {len(report.accesses)}; logged)",
          file=sys.stderr)  # fmt: skip
    return 0


def _self_check(args: argparse.Namespace) -> int:
    from sgs.cli.options import platform_only
    from sgs.platform import open_platform
    from sgs.plugins.registries import work_calendar
    from sgs.reports.access import self_check_report

    platform_only(args.config)
    _check_output(args)
    with open_platform(args.config) as platform:
        config = platform.config
        report = self_check_report(
            platform.store, args.start, args.end, calendar=work_calendar(()),
            bulk=args.bulk, bulk_daily=args.bulk_daily, platform=config.name,
            names={config.credit_code: config.name},
        )  # fmt: skip
        _write(report, args, config.own_files())
    if not report.chain.intact:
        print(f"sgs: 访问日志已被篡改：{report.chain.problem} (the access log was tampered with: "
              f"{report.chain.problem_en})", file=sys.stderr)  # fmt: skip
        return 1
    return 0


def _register_purge(asub: Any) -> None:
    """``audit purge``: retention applied to the access log (an admin's act)."""
    from sgs.cli.options import iso_date

    purge = asub.add_parser("purge", help="按保存期限清除访问日志 (purge by retention)")
    purge.add_argument("--config", default="platform.toml", metavar="FILE")
    purge.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                       help="按该日计算截止日，不得晚于今天 (the day the cutoffs are "
                       "counted from; not after today)")  # fmt: skip
    purge.add_argument("--dry-run", action="store_true",
                       help="只列出将清除的内容 (only show what would be purged)")  # fmt: skip
    purge.add_argument("--as", dest="actor", metavar="NAME",
                       help="执行清除的管理员 (the admin purging; default: the OS user)")  # fmt: skip
    purge.set_defaults(run=_purge)


def _purge(args: argparse.Namespace) -> int:
    import datetime as dt
    import getpass

    from sgs.cli.options import platform_only
    from sgs.errors import SgsError
    from sgs.platform import open_platform
    from sgs.store.retention import CLASSES

    platform_only(args.config)
    today = dt.datetime.now(dt.UTC).date()
    as_of: dt.date = args.as_of or today
    if as_of > today:
        raise SgsError(f"--as-of {as_of} 晚于今天 {today}：保存期限从今天往前计",
                       f"--as-of {as_of} is after today ({today}): retention counts back "
                       "from today at the latest")  # fmt: skip
    actor = (args.actor or "").strip() or getpass.getuser()
    with open_platform(args.config) as platform:
        cutoffs = platform.config.retention.cutoffs(as_of)
        log = platform.store.audit
        result = log.purge(cutoffs, actor=actor, dry_run=args.dry_run, channel="cli")
        anchor = log.anchor()
    verb = ("将清除", "would purge") if args.dry_run else ("已清除", "purged")
    periods = platform.config.retention.periods()
    for name in CLASSES:
        count = len(result.entries[name])
        print(f"{name}: {verb[0]} {count} 条（保存 {periods[name]}，截止 "
              f"{result.cutoffs[name].date()} 之前）({verb[1]} {count} entries logged before "
              f"{result.cutoffs[name].date()}, kept {periods[name]})")  # fmt: skip
    print(f"applications: {verb[0]} {len(result.applications)} 件已结束的申请 "
          f"({verb[1]} {len(result.applications)} closed applications)")  # fmt: skip
    print(f"sessions: {verb[0]} {result.sessions} 个过期会话 "
          f"({verb[1]} {result.sessions} expired sessions)")  # fmt: skip
    if result.event is not None:
        print(f"purge event: {result.event.id}")
    elif not args.dry_run:
        print("无可清除的内容，未写入清除记录 (nothing to purge: no purge event written)")
    if anchor is not None:
        print(f"anchor: {anchor}")
    return 0
