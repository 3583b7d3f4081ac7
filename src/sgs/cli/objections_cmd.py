"""``sgs objections …``: objections (异议) — the platform's cases and the department's 核查通知.

On the platform (``--config platform.toml``):

``sgs objections open --config platform.toml --key KEY --claim 事实错误 --text TEXT [--channel portal]``
    registers a case, flags the record 异议 and (by ``[cases] route``) sends the
    providing department a 核查通知; prints the case number alone.
``sgs objections show --config platform.toml CASE [--format text|json]``
    the case: state, deadlines, profile, every step, field changes.
``sgs objections due|overdue --config platform.toml [--within N] [--as-of DATE]``
    open cases due within N working days; open cases past a deadline (each breach is
    recorded in its case).
``sgs objections decide|suspend|resume|extend|transfer --config platform.toml CASE …``
    staff's steps.

On the department (``--config sgs.toml``):

``sgs objections list --config sgs.toml``
    fetches the 核查通知 addressed to the department, notes them in the ledger (its next
    push of a corrected record carries the case) and lists them.
``sgs objections answer --config sgs.toml CASE --confirm [--opinion TEXT]``
    tells the platform the record stands.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from sgs.cli.options import department_only, iso_date, platform_only, some_text

if TYPE_CHECKING:
    from sgs.store import ObjectionCase

__all__ = ["register", "show_case"]

_PLATFORM = "平台的 platform.toml"


def register(commands: Any) -> None:
    objections = commands.add_parser(
        "objections",
        help="异议：登记、核查通知、答复、期限 (objections: cases, notices, answers, deadlines)",
        description="异议处理（《河南省社会信用条例》第四十一条，郑发改财贸〔2019〕773号 五.一）。 "
        "Objections to published records: the platform's cases and the department's notices.",
    )
    sub = objections.add_subparsers(dest="objections_command", metavar="COMMAND")
    sub.required = True

    opening = sub.add_parser("open", help="登记异议 (register an objection)")
    opening.add_argument("--config", required=True, metavar="FILE", help=_PLATFORM)
    opening.add_argument("--key", required=True, type=some_text, help="记录键 (the record's key)")
    opening.add_argument("--claim", required=True, type=some_text,
                         help="异议类型：事实错误、文字错误、遗漏、超期披露、名单、不予受理或不予修复、其他")  # fmt: skip
    opening.add_argument("--text", default="", help="异议内容 (what is claimed)")
    opening.add_argument("--channel", default="portal",
                         help="portal、creditchina、window、letter 或 api（默认 portal）")  # fmt: skip
    opening.add_argument("--applicant", default="", help="申请人名称 (the applicant's name)")
    opening.add_argument("--applicant-id", default="",
                         help="申请人证件号码（只保存遮盖后的） (kept masked only)")  # fmt: skip
    opening.add_argument("--attachment", action="append", default=[], metavar="REF",
                         help="证明材料（引用，可多次） (a reference to a document; repeatable)")  # fmt: skip
    opening.add_argument("--route", choices=("provider", "own_scope"),
                         help="发核查通知给数据提供单位，或由平台自行处理（默认按 [cases] route）")  # fmt: skip
    opening.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                         help="收到异议的日期，默认今天 (the day received; today in China)")  # fmt: skip
    opening.set_defaults(run=_open)

    show = sub.add_parser("show", help="查看异议案件 (show a case)")
    show.add_argument("--config", required=True, metavar="FILE", help=_PLATFORM)
    show.add_argument("case", metavar="CASE", help="办件编号 (the case number)")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(run=_show)

    for name, text in (("due", "即将到期的异议 (cases due soon)"),
                       ("overdue", "已逾期的异议 (cases past a deadline)")):  # fmt: skip
        listing = sub.add_parser(name, help=text)
        listing.add_argument("--config", required=True, metavar="FILE", help=_PLATFORM)
        listing.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD")
        listing.add_argument("--format", choices=("text", "json"), default="text")
        if name == "due":
            listing.add_argument("--within", type=int, default=1, metavar="N",
                                 help="N 个工作日内到期（默认 1） (due within N working days)")  # fmt: skip
        listing.set_defaults(run=_listing, which=name)

    decide = sub.add_parser("decide", help="平台作出处理决定 (staff decide a case)")
    decide.add_argument("--config", required=True, metavar="FILE", help=_PLATFORM)
    decide.add_argument("case", metavar="CASE")
    decide.add_argument("--outcome", required=True, choices=("confirmed", "not_accepted"))
    decide.add_argument("--opinion", required=True, type=some_text, help="处理意见")
    decide.set_defaults(run=_decide)

    for name, text in (("suspend", "中止计时（检验、检测、鉴定等） (stop the clock)"),
                       ("resume", "恢复计时 (start the clock again)"),
                       ("transfer", "转数据提供单位核查 (send to the provider)")):  # fmt: skip
        step = sub.add_parser(name, help=text)
        step.add_argument("--config", required=True, metavar="FILE", help=_PLATFORM)
        step.add_argument("case", metavar="CASE")
        step.add_argument("--reason", type=some_text, default="", help="原因 (the reason)")
        step.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD")
        step.set_defaults(run=_step, which=name)

    extend = sub.add_parser("extend", help="延长办理期限 (extend a case)")
    extend.add_argument("--config", required=True, metavar="FILE", help=_PLATFORM)
    extend.add_argument("case", metavar="CASE")
    extend.add_argument("--days", required=True, type=int, metavar="N", help="工作日")
    extend.add_argument("--reason", required=True, type=some_text)
    extend.set_defaults(run=_extend)

    listing = sub.add_parser("list", help="本单位的核查通知（部门） (the department's notices)")
    listing.add_argument("--config", required=True, metavar="FILE", help="部门的 sgs.toml")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(run=_notices)

    answer = sub.add_parser("answer", help="答复核查通知：记录无误（部门） (confirm a record)")
    answer.add_argument("--config", required=True, metavar="FILE", help="部门的 sgs.toml")
    answer.add_argument("case", metavar="CASE")
    answer.add_argument("--confirm", action="store_true", required=True,
                        help="经核实记录无误 (the record stands as published)")  # fmt: skip
    answer.add_argument("--opinion", default="", help="核实意见 (the department's opinion)")
    answer.set_defaults(run=_answer)


def _open(args: argparse.Namespace) -> int:
    from sgs.platform import open_platform

    platform_only(args.config)
    with open_platform(args.config) as platform:
        case = platform.objections.open(
            args.key, claim=args.claim, text=args.text, channel=args.channel,
            applicant_name=args.applicant, applicant_id=args.applicant_id,
            attachments=args.attachment, route=args.route, on=args.as_of,
        )  # fmt: skip
    print(case.number)
    return 0


def show_case(case: ObjectionCase) -> list[str]:
    """The lines ``sgs objections show`` prints for a case."""
    lines = [
        f"办件编号 case: {case.number}",
        f"记录 record: {case.key}（{case.kind}）  数据提供单位 provider: {case.department}",
        f"异议类型 claim: {case.claim}  渠道 channel: {case.channel}",
        f"状态 state: {case.state}" + (f"（{case.outcome}）" if case.outcome else "")
        + ("  [中止中 suspended]" if case.suspended else ""),
        f"收到 received: {case.received_on}  期限 due: {case.due or '（中止中）'}"
        + (f"  核查通知 notice: {case.notice_on}，单位期限 provider due: {case.provider_due}"
           if case.notice_on else ""),
        f"期限规则 profile: {case.profile}",
    ]  # fmt: skip
    if case.text:
        lines.append(f"内容 text: {case.text}")
    lines.append("步骤 steps:")
    lines += [f"  {s.day} {s.step} → {s.state}  {s.actor}  {s.opinion}" for s in case.steps]
    if case.changes:
        lines.append("更正 changes:")
        lines += [f"  {c.field}: {c.old!r} → {c.new!r}" for c in case.changes]
    return lines


def _show(args: argparse.Namespace) -> int:
    from sgs.platform import open_platform

    platform_only(args.config)
    with open_platform(args.config) as platform:
        case = platform.objections.get(args.case)
    if args.format == "json":
        print(json.dumps(case.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(show_case(case)))
    return 0


def _listing(args: argparse.Namespace) -> int:
    from sgs.platform import open_platform

    platform_only(args.config)
    with open_platform(args.config) as platform:
        objections = platform.objections
        if args.which == "due":
            found = objections.due(args.within, args.as_of)
        else:
            found = objections.overdue(args.as_of)
    if args.format == "json":
        print(json.dumps({"objections": [c.to_dict() for c in found]}, ensure_ascii=False,
                         indent=2))  # fmt: skip
        return 0
    for case in found:
        print(f"{case.number}  {case.state}  期限 due {case.due or '（中止中）'}  "
              f"{case.department}  {case.key}")  # fmt: skip
    word = "即将到期" if args.which == "due" else "已逾期"
    print(f"共 {len(found)} 件{word} ({len(found)} {args.which})")
    return 1 if args.which == "overdue" and found else 0


def _decide(args: argparse.Namespace) -> int:
    from sgs.platform import open_platform

    platform_only(args.config)
    with open_platform(args.config) as platform:
        case = platform.objections.decide(args.case, args.outcome, opinion=args.opinion)
    print(f"{case.number} {case.state}（{case.outcome}）")
    return 0


def _step(args: argparse.Namespace) -> int:
    from sgs.platform import open_platform

    platform_only(args.config)
    with open_platform(args.config) as platform:
        objections = platform.objections
        if args.which == "suspend":
            case = objections.suspend(args.case, args.reason, on=args.as_of)
        elif args.which == "resume":
            case = objections.resume(args.case, on=args.as_of)
        else:
            case = objections.transfer(args.case, opinion=args.reason, on=args.as_of)
    print(f"{case.number} {case.state} 期限 due {case.due or '（中止中）'}")
    return 0


def _extend(args: argparse.Namespace) -> int:
    from sgs.platform import open_platform

    platform_only(args.config)
    with open_platform(args.config) as platform:
        case = platform.objections.extend(args.case, args.days, args.reason)
    print(f"{case.number} 期限 due {case.due}")
    return 0


def _notices(args: argparse.Namespace) -> int:
    from sgs.department.objections import fetch_notices

    department_only(args.config)
    notices, unknown = fetch_notices(args.config)
    if args.format == "json":
        print(json.dumps({"objections": [
            {"case": n.case, "key": n.key, "number": n.number, "claim": n.claim,
             "text": n.text, "due": n.due.isoformat() if n.due else None,
             "in_ledger": n not in unknown} for n in notices]}, ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    for n in notices:
        where = "" if n not in unknown else "  （台账中无此记录 not in the ledger）"
        print(f"{n.case}  期限 due {n.due}  {n.number or n.key}  {n.claim}：{n.text}{where}")
    print(f"共 {len(notices)} 份核查通知 ({len(notices)} notices)")
    return 0


def _answer(args: argparse.Namespace) -> int:
    from sgs.department.objections import confirm

    department_only(args.config)
    confirm(args.config, args.case, args.opinion)
    print(f"已答复 {args.case}：记录无误 (answered {args.case}: the record stands)")
    return 0
