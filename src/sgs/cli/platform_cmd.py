"""``sgs platform …``: the store, departments, service, intake, forwarding, returns and stats."""

from __future__ import annotations

import argparse
import sys
from typing import Any

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
    for p in (add, *(dsub.choices[n] for n in ("list", "rotate", "revoke"))):
        p.add_argument("--config", default="platform.toml", metavar="FILE")
        p.set_defaults(run=_departments)

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

    stats = sub.add_parser("stats", help="各单位报送统计 (per-department counts)")
    stats.add_argument("--config", default="platform.toml", metavar="FILE")
    stats.add_argument("--format", choices=("text", "json"), default="text")
    stats.set_defaults(run=_stats)


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
            department, token = platform.add_department(args.name, args.code, args.unit, role=role)
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
        elif command == "revoke":
            count = repo.revoke(args.code)
            print(f"已吊销 {args.code} 的 {count} 个令牌 (revoked {count} tokens)", file=sys.stderr)
        else:
            for d in repo.list():
                units = "、".join(d.units) or "—"
                state = "有效 active" if d.active_tokens else "无有效令牌 no working token"
                print(f"{d.code}  {d.name}  代报单位 units: {units}  [{state}]")
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
