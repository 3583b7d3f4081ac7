"""``sgs platform …``: the store, departments, service, intake, forwarding, returns, stats,
audit, users, records through the gate."""

from __future__ import annotations

import argparse
import socket
import sys
from typing import Any

from sgs.cli.audit_cmd import register_audit
from sgs.cli.records_cmd import register_records
from sgs.cli.users_cmd import register_users

__all__ = ["register"]


def register(commands: Any) -> None:
    platform = commands.add_parser(
        "platform",
        help="信用平台：单位登记与令牌 (the credit platform: departments and tokens)",
        description="信用平台一侧：建立平台存储、登记报送单位并发放令牌。"
        " The credit-platform side: create the platform's store, register departments and "
        "issue their tokens.",
    )
    sub = platform.add_subparsers(dest="platform_command", metavar="COMMAND")
    sub.required = True
    init = sub.add_parser("init", help="建立或升级平台存储 (create or migrate the store)")
    init.add_argument("--config", default="platform.toml", metavar="FILE")
    init.set_defaults(run=_init)

    departments = sub.add_parser("departments", help="报送单位 (departments)")
    dsub = departments.add_subparsers(dest="departments_command", metavar="COMMAND")
    dsub.required = True
    add = dsub.add_parser(
        "add", help="登记单位，在标准输出打印其令牌 (register; prints its token on stdout)"
    )
    add.add_argument("--name", required=True)
    add.add_argument("--code", required=True, metavar="USCC", help="统一社会信用代码")
    add.add_argument(
        "--unit",
        action="append",
        default=[],
        metavar="USCC",
        help="可代为报送的数据来源单位代码，可重复 (further 数据来源单位 codes; repeatable)",
    )
    for name, text in (
        ("list", "列出单位 (list the departments)"),
        ("rotate", "换发新令牌，旧令牌作废 (new token; the old ones stop working)"),
        ("revoke", "吊销全部令牌 (revoke every token)"),
    ):
        p = dsub.add_parser(name, help=text)
        if name != "list":
            p.add_argument("--code", required=True, metavar="USCC")
    add.add_argument(
        "--platform",
        action="store_true",
        help="登记的是下级信用平台，可转报其所属单位的数据 (a lower credit platform, "
        "forwarding for its own departments)",
    )
    add.add_argument("--group", default="", metavar="NAME",
                     help="所属县区/开发区，默认市直部门 (its 县区/开发区; default 市直部门)")  # fmt: skip
    group = dsub.add_parser("group", help="设置单位所属县区/开发区 (set a department's group)")
    group.add_argument("code", metavar="USCC")
    group.add_argument("name", metavar="NAME", help="县区/开发区；“市直部门”或空为市直")
    for p in (add, group, *(dsub.choices[n] for n in ("list", "rotate", "revoke"))):
        p.add_argument("--config", default="platform.toml", metavar="FILE")
        p.set_defaults(run=_departments)
    _register_declared(sub)

    serve = sub.add_parser("serve", help="运行接收服务 (run the HTTP service)")
    serve.add_argument("--config", default="platform.toml", metavar="FILE")
    serve.add_argument("--host", help="默认取 [serve] host (default: [serve] host)")
    serve.add_argument("--port", type=int, help="默认取 [serve] port (default: [serve] port)")
    serve.set_defaults(run=_serve)

    intake = sub.add_parser(
        "intake",
        help="从接收文件夹与前置库接收一次 (take in the drop folder and the 前置库 tables once)",
    )
    intake.add_argument("--config", default="platform.toml", metavar="FILE")
    intake.set_defaults(run=_intake)

    returns = sub.add_parser("returns", help="某单位的疑问数据 (a department's returns)")
    returns.add_argument("--config", default="platform.toml", metavar="FILE")
    returns.add_argument("--department", metavar="USCC", help="某单位；不给则为全部 (one; all)")
    returns.add_argument(
        "--ignore", type=int, metavar="ID",
        help="将该退回记录标为已忽略，须附 --note (mark a return ignored; needs --note)",
    )  # fmt: skip
    returns.add_argument("--note", default="", help="忽略的理由 (why it is ignored)")
    returns.add_argument("--status", choices=("pending", "fixed", "ignored"))
    returns.add_argument("--out", metavar="FILE", help="写成退回回执 .xlsx (write a .xlsx)")
    returns.set_defaults(run=_returns)

    forward = sub.add_parser("forward", help="向上级平台转发 (forward upstream, once)")
    forward.add_argument("--config", default="platform.toml", metavar="FILE")
    forward.set_defaults(run=_forward)

    _register_revalidate(sub)
    stats = sub.add_parser("stats", help="各单位报送统计 (per-department counts)")
    stats.add_argument("--config", default="platform.toml", metavar="FILE")
    stats.add_argument("--format", choices=("text", "json"), default="text")
    stats.set_defaults(run=_stats)
    register_audit(sub)
    register_users(sub)
    register_records(sub)


def _init(args: argparse.Namespace) -> int:
    from sgs.platform import open_platform
    from sgs.store import SCHEMA_VERSION

    with open_platform(args.config) as platform:
        print(
            f"{platform.config.name}：平台存储已就绪（结构版本 {SCHEMA_VERSION}） "
            f"(the platform's store is ready, schema {SCHEMA_VERSION})",
            file=sys.stderr,
        )
    return 0


def _departments(args: argparse.Namespace) -> int:
    from sgs.platform import open_platform

    with open_platform(args.config) as platform:
        repo = platform.store.departments
        command = args.departments_command
        if command == "add":
            role = "platform" if args.platform else "department"
            department, token = platform.add_department(
                args.name, args.code, args.unit, role=role, grouping=_group(args.group)
            )
            print(token)  # alone on stdout, for a script to capture
            print(
                f"已登记 {department.name}（{department.code}）；令牌只显示这一次，请妥善交给该单位 "
                f"(registered; the token is shown this once only)",
                file=sys.stderr,
            )
        elif command == "rotate":
            print(repo.rotate(args.code))
            print(
                f"{args.code} 的新令牌如上，旧令牌已作废 (new token above; the old ones no longer work)",
                file=sys.stderr,
            )
        elif command == "group":
            moved = repo.set_grouping(args.code, _group(args.name))
            print(f"{moved.name}（{moved.code}）：{moved.grouping or '市直部门'} (group set)",
                  file=sys.stderr)  # fmt: skip
        elif command == "revoke":
            count = repo.revoke(args.code)
            print(f"已吊销 {args.code} 的 {count} 个令牌 (revoked {count} tokens)", file=sys.stderr)
        else:
            for d in repo.list():
                units = "、".join(d.units) or "—"
                state = "有效 active" if d.active_tokens else "无有效令牌 no working token"
                group = d.grouping or "市直部门"
                print(f"{d.code}  {d.name}  {group}  代报单位 units: {units}  [{state}]")
    return 0


def _group(name: str) -> str:
    """The stored grouping of ``name``: "" for a 市直部门."""
    return "" if name.strip() in ("", "市直", "市直部门") else name.strip()


def _register_declared(sub: Any) -> None:
    """``documents`` and ``declarations``: what departments hand in and declare."""
    from sgs.store import DOCUMENT_TYPES

    documents = sub.add_parser("documents", help="单位报送的材料 (documents handed in)")
    dsub = documents.add_subparsers(dest="documents_command", metavar="COMMAND")
    dsub.required = True
    add = dsub.add_parser("add", help="登记一份材料 (record a document)")
    add.add_argument("--department", required=True, metavar="USCC")
    add.add_argument("--type", required=True, choices=DOCUMENT_TYPES,
                     help="目录 catalog、工作方案 work_plan、推进计划 progress_plan、联络员名单 roster")  # fmt: skip
    add.add_argument("--date", required=True, type=_day, metavar="YYYY-MM-DD",
                     help="报送日期 (the day it was handed in)")  # fmt: skip
    add.add_argument("--version", default="")
    add.add_argument("--note", default="")
    add.add_argument("--file", metavar="FILE",
                     help="目录（附件1）或联络员名单（附件3）文件，读取后记录其概况 "
                          "(a catalog or roster file, read for its summary)")  # fmt: skip
    listing = dsub.add_parser("list", help="列出材料 (list the documents)")
    listing.add_argument("--department", metavar="USCC")
    for p in (add, listing):
        p.add_argument("--config", default="platform.toml", metavar="FILE")
        p.set_defaults(run=_documents)

    declarations = sub.add_parser("declarations", help="单位的双公示月报表 (the 月报表)")
    csub = declarations.add_subparsers(dest="declarations_command", metavar="COMMAND")
    csub.required = True
    take = csub.add_parser("add", help="读入月报表文件 (take in 月报表 files)")
    take.add_argument("files", nargs="+", metavar="FILE")
    take.add_argument("--department", metavar="USCC",
                      help="文件所属单位；行内无代码时按此或单位名称 (whose files they are)")  # fmt: skip
    take.add_argument("--received", type=_day, metavar="YYYY-MM-DD",
                      help="平台收到的日期，默认现在 (the day they came; default now)")  # fmt: skip
    shown = csub.add_parser("list", help="某月的月报表 (a month's declarations)")
    shown.add_argument("--month", required=True, metavar="YYYY-MM")
    for p in (take, shown):
        p.add_argument("--config", default="platform.toml", metavar="FILE")
        p.set_defaults(run=_declarations)


def _day(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text)


def _documents(args: argparse.Namespace) -> int:
    from sgs.platform import open_platform
    from sgs.store import DOCUMENT_LABELS

    with open_platform(args.config) as platform:
        repo = platform.store.documents
        if args.documents_command == "add":
            platform.store.departments.get(args.department)  # registered, or exit 2
            complete, detail = _document_summary(args.type, args.file)
            row = repo.add(args.department, args.type, args.date, version=args.version,
                           note=args.note, complete=complete, detail=detail)  # fmt: skip
            print(f"已登记 {DOCUMENT_LABELS[row.type]}（{row.department}，{row.submitted}）"
                  f"{'：' + row.detail if row.detail else ''} (recorded)", file=sys.stderr)  # fmt: skip
            return 0
        for d in repo.list(args.department):
            state = {True: "完整 complete", False: "不完整 incomplete", None: ""}[d.complete]
            print("\t".join([str(d.id), d.department, DOCUMENT_LABELS[d.type],
                             d.submitted.isoformat(), d.version, state, d.detail, d.note]))  # fmt: skip
    return 0


def _document_summary(kind: str, file: str | None) -> tuple[bool | None, str]:
    """What is kept of a document's ``file``: a catalog's item count, a roster's summary."""
    from sgs.errors import SgsError

    if file is None:
        return None, ""
    if kind == "catalog":
        from sgs.department.catalog import read_catalog

        return None, f"{len(read_catalog(file, skip_other=True))} 项"
    if kind == "roster":
        from sgs.department.roster import read_roster
        from sgs.platform.declarations import roster_summary

        return roster_summary(read_roster(file))
    raise SgsError("--file 只用于目录（catalog）或联络员名单（roster）",
                   "--file is read for a catalog or a roster only")  # fmt: skip


def _declarations(args: argparse.Namespace) -> int:
    import datetime as dt

    from sgs.calendar import CHINA
    from sgs.io.declaration_form import read_declaration_form
    from sgs.platform import open_platform
    from sgs.platform.declarations import declarations_of
    from sgs.reports import period

    with open_platform(args.config) as platform:
        store = platform.store
        if args.declarations_command == "list":
            for d in store.declarations.for_month(period(args.month).label):
                when = d.submitted_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
                print("\t".join([d.department, d.month, d.kind, str(d.produced), str(d.published),
                                 str(d.reported), str(d.unreported), d.grounds, when]))  # fmt: skip
            return 0
        now = dt.datetime.now(dt.UTC)
        if args.received is not None:
            now = dt.datetime.combine(args.received, dt.time(), CHINA)
        departments = store.departments.list()
        lines = []
        for file in args.files:  # every file checked before any is stored
            sheets = read_declaration_form(file)
            lines += declarations_of(sheets, file, departments, submitted_at=now,
                                     department=args.department)  # fmt: skip
            for sheet in sheets:
                for kind, counts in sheet.counts.items():
                    if counts.unreported and not counts.grounds:
                        print(f"警告 warning: {file}:{sheet.line}: {sheet.unit} {kind} 未报送 "
                              f"{counts.unreported} 条而未填写未报送依据 (no grounds given)",
                              file=sys.stderr)  # fmt: skip
        count = store.declarations.put(lines)
    print(
        f"已收到 {len(args.files)} 个文件、{count} 行月报表 (took {count} lines)", file=sys.stderr
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    from functools import partial

    from sgs.platform import open_platform
    from sgs.platform.schedule import has_scheduled_work, scheduled_work
    from sgs.platform.web.serve import serve

    with open_platform(args.config) as platform:
        config = platform.config
        for destination in config.upstream:  # a mistake in [upstream.…] stops it now
            config.make_transport(destination).close()
        serve(
            platform,
            args.host or config.host,
            config.port if args.port is None else args.port,
            scheduled=partial(scheduled_work, platform) if has_scheduled_work(config) else None,
        )
    return 0


# -- sgs platform revalidate (issue 18) -------------------------------------------------------
def _register_revalidate(sub: Any) -> None:
    from sgs.cli.options import iso_date

    revalidate = sub.add_parser(
        "revalidate",
        help="按现行规则重新校验平台存储的全部记录 (re-validate every held record)",
        description="按现行规则（[validation] 的标准版本、级别和插件规则）重新校验平台存储的"
        "每条现行记录和待修改的退回，列出新不通过和新通过的记录；--apply 把新不通过的记录"
        "作为疑问数据退回报送单位（记录仍在现行集中）。"
        " Check every current record and pending return again with the rules as they are now; "
        "list the newly failing and newly passing ones; --apply returns the newly failing ones "
        "to their departments as 疑问数据. Exit status: 0 none newly failing, 1 some, 2 unusable.",
    )
    revalidate.add_argument("--config", default="platform.toml", metavar="FILE")
    revalidate.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="在 Dask 集群上校验：tcp://主机:端口，或 local:N (on a Dask cluster: "
        "tcp://HOST:PORT or local:N)",
    )
    revalidate.add_argument(
        "--work-dir",
        metavar="DIR",
        help="导出的临时文件所在目录；用集群时须为各工作节点可读的共享存储 "
        "(where the exported files go; shared storage when on a cluster)",
    )
    revalidate.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                            help="基准日期，默认今天 (reference date; default today)")  # fmt: skip
    revalidate.add_argument(
        "--apply",
        action="store_true",
        help="把新不通过的记录作为疑问数据退回报送单位 "
        "(return the newly failing records to their departments)",
    )
    revalidate.add_argument(
        "--format", choices=["text", "json"], default="text", help="输出格式 (output format)"
    )
    revalidate.set_defaults(run=_revalidate)


def _revalidate(args: argparse.Namespace) -> int:
    import json
    import logging

    from sgs.platform import open_platform
    from sgs.platform.revalidate import revalidate

    if args.scheduler is not None:  # the cluster's own log lines are not the user's business
        logging.getLogger("distributed").setLevel(logging.ERROR)
    with open_platform(args.config) as platform:
        outcome = revalidate(platform, as_of=args.as_of, scheduler=args.scheduler,
                             apply=args.apply, folder=args.work_dir)  # fmt: skip
    if args.format == "json":
        print(json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in outcome.lines():
            print(line)
    return 1 if outcome.failing else 0


def _intake(args: argparse.Namespace) -> int:
    from sgs.platform import open_platform

    with open_platform(args.config) as platform:
        if not platform.config.has_intake:
            print(f"{args.config} 未配置 [intake] folder 或 [[intake.table]]，无需接收 "
                  "(no intake channel is configured)", file=sys.stderr)  # fmt: skip
            return 0
        summary = platform.intake()
    print(summary, file=sys.stderr)
    return 0 if summary.ok else 1


def _returns(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sgs.cli.options import actor_name
    from sgs.errors import SgsError
    from sgs.io.write import refuse_overwrite
    from sgs.platform import open_platform
    from sgs.platform.returns_book import returns_workbook

    with open_platform(args.config) as platform:
        if args.ignore is not None:
            if not args.note.strip():
                raise SgsError("标为已忽略须用 --note 说明理由",
                               "marking a return ignored needs a --note saying why")  # fmt: skip
            platform.store.received.ignore(args.ignore, args.note.strip())
            print(f"退回记录 {args.ignore} 已标为已忽略 (return {args.ignore} marked ignored)",
                  file=sys.stderr)  # fmt: skip
            return 0
        found = platform.returns(args.department, status=args.status)
        if args.out:
            refuse_overwrite(args.out, platform.config.own_files())
            Path(args.out).write_bytes(returns_workbook(found, platform.checks.standard))
            platform.access.returned(found, actor=actor_name(), role="admin",
                                     department=platform.config.credit_code, channel="export",
                                     client=socket.gethostname())  # fmt: skip
            print(f"已写出 {len(found)} 条退回记录：{args.out} (wrote {len(found)} returns)",
                  file=sys.stderr)  # fmt: skip
            return 0
        for r in found:
            reasons = "；".join(x.message for x in r.reasons)
            print(f"{r.id}\t{r.status_label}\t{r.number or r.key}\t{reasons}")
        print(f"共 {len(found)} 条 ({len(found)} returns)", file=sys.stderr)
    return 0


def _forward(args: argparse.Namespace) -> int:
    from sgs.platform import open_platform
    from sgs.platform.forward import forward

    with open_platform(args.config) as platform:
        if not platform.config.upstream:
            print("platform.toml 未配置 [upstream.<名称>]，无需转发 (no upstream is configured)",
                  file=sys.stderr)  # fmt: skip
            return 0
        summary = forward(platform)
    for line in summary.lines():
        print(line, file=sys.stderr)
    return 1 if summary.failed else 0


def _stats(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from sgs.platform import open_platform

    with open_platform(args.config) as platform:
        rows = [s.to_dict() for s in platform.stats()]
    numbers = ("received", "accepted", "rejected", "pending_returns", "withdrawn", "forwarded")
    totals = {k: sum(r[k] for r in rows) for k in numbers}
    if args.format == "json":
        print(json.dumps({"departments": rows, "totals": totals}, ensure_ascii=False, indent=2))
        return 0
    labels = ("接收 received", "通过 accepted", "退回 rejected", "待修改 pending returns",
              "撤回 withdrawn", "已上报 forwarded")  # fmt: skip

    def counts(values: dict[str, Any]) -> str:
        return " · ".join(f"{label} {values[k]}" for label, k in zip(labels, numbers, strict=True))

    for r in rows:
        last = r["last_received_at"]
        when = (
            dt.datetime.fromisoformat(last).astimezone().strftime("%Y-%m-%d %H:%M") if last else "—"
        )
        print(f"{r['name']}（{r['code']}）")
        print(f"  {counts(r)} · 最近接收 last received {when}")
    print(f"合计 totals（{len(rows)} 个单位 departments）：{counts(totals)}")
    return 0
