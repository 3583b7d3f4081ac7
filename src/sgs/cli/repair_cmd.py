"""``sgs repair …``: credit repair (信用修复) on the department's side.

``sgs repair notice --config sgs.toml KEY --format docx|html|json|xlsx --output PATH``
    writes the 信用修复告知书 of the ledger's record ``KEY``, to be served with the
    penalty decision (两书同达); prints the path.

On the platform (``--config platform.toml``):

``sgs repair apply --config platform.toml --key KEY --commitment TEXT [--obligations-fulfilled]``
    registers an application, checked at once (refused with every reason when
    ineligible, else accepted and under review); prints the application id alone.
``sgs repair show --config platform.toml ID [--format text|json]``
    the application: state, reasons, class, earliest repair date, automatic end, steps.
``sgs repair decide --config platform.toml ID --repair|--refuse|--fraud --reason TEXT``
    staff's decision; ``--repair`` ends publication (终止公示), stops sharing and queues
    the event upstream.
``sgs repair due|overdue --config platform.toml``
    applications due for a result soon, or past it (each breach recorded).

Each subcommand is one ``_register_*`` function adding its parser to the group and one
function running it.
"""

from __future__ import annotations

import argparse
from typing import Any

from sgs.cli.options import iso_date, some_text

__all__ = ["register"]

#: The formats a notice is written in (any registered renderer is accepted).
NOTICE_FORMATS = ("docx", "html", "json", "xlsx")


def register(commands: Any) -> None:
    repair = commands.add_parser(
        "repair",
        help="信用修复：申请、决定、告知书 (credit repair: applications, decisions, the notice)",
        description="信用修复（国家发展改革委令第36号）。 Credit repair under 36号令.",
    )
    subcommands = repair.add_subparsers(dest="repair_command", metavar="COMMAND")
    subcommands.required = True
    _register_notice(subcommands)
    _register_apply(subcommands)
    _register_show(subcommands)
    _register_decide(subcommands)
    _register_lists(subcommands)


_PLATFORM = "平台的 platform.toml"


def _register_apply(subcommands: Any) -> None:
    apply = subcommands.add_parser(
        "apply", help="登记信用修复申请（平台） (register an application)"
    )
    apply.add_argument("--config", required=True, metavar="FILE", help=_PLATFORM)
    apply.add_argument("--key", required=True, type=some_text, help="记录键 (the record's key)")
    apply.add_argument("--commitment", default="", help="信用承诺 (the credit commitment's text)")
    apply.add_argument("--obligations-fulfilled", action="store_true",
                       help="已履行行政处罚决定规定的义务 (the duties of the decision are performed)")  # fmt: skip
    apply.add_argument("--evidence", action="append", default=[], metavar="REF",
                       help="证明材料（引用，可多次） (a reference to a document; repeatable)")  # fmt: skip
    apply.add_argument("--channel", default="portal",
                       help="portal、creditchina、window、letter 或 api（默认 portal）")  # fmt: skip
    apply.add_argument("--applicant", default="", help="申请人名称")
    apply.add_argument("--applicant-id", default="", help="申请人证件号码（只保存遮盖后的）")
    apply.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                       help="申请日期，默认今天 (the day applied; today in China)")  # fmt: skip
    apply.set_defaults(run=_apply)


def _register_show(subcommands: Any) -> None:
    show = subcommands.add_parser("show", help="查看信用修复申请 (show an application)")
    show.add_argument("--config", required=True, metavar="FILE", help=_PLATFORM)
    show.add_argument("id", metavar="ID", help="申请编号 (the application id)")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(run=_show)


def _register_decide(subcommands: Any) -> None:
    decide = subcommands.add_parser("decide", help="作出修复决定 (decide an application)")
    decide.add_argument("--config", required=True, metavar="FILE", help=_PLATFORM)
    decide.add_argument("id", metavar="ID")
    choice = decide.add_mutually_exclusive_group(required=True)
    choice.add_argument("--repair", action="store_true", help="予以修复 (repair: 终止公示)")
    choice.add_argument("--refuse", action="store_true", help="不予修复 (refuse)")
    choice.add_argument("--fraud", action="store_true",
                        help="认定提供虚假材料或违背承诺（第二十五条） (false materials)")  # fmt: skip
    decide.add_argument("--reason", required=True, type=some_text, help="理由 (the reason)")
    decide.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD")
    decide.set_defaults(run=_decide)


def _register_lists(subcommands: Any) -> None:
    for name, text in (("due", "即将到期的修复申请 (applications due soon)"),
                       ("overdue", "已逾期的修复申请 (applications past their date)")):  # fmt: skip
        listing = subcommands.add_parser(name, help=text)
        listing.add_argument("--config", required=True, metavar="FILE", help=_PLATFORM)
        listing.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD")
        listing.add_argument("--format", choices=("text", "json"), default="text")
        if name == "due":
            listing.add_argument("--within", type=int, default=1, metavar="N")
        listing.set_defaults(run=_listing, which=name)


def _platform(path: str) -> Any:
    from sgs.cli.options import platform_only
    from sgs.platform import open_platform

    platform_only(path)
    return open_platform(path)


def _apply(args: argparse.Namespace) -> int:
    with _platform(args.config) as platform:
        case = platform.repairs.apply(
            args.key, commitment=args.commitment,
            obligations_fulfilled=args.obligations_fulfilled, evidence=args.evidence,
            channel=args.channel, applicant_name=args.applicant,
            applicant_id=args.applicant_id, on=args.as_of,
        )  # fmt: skip
    print(case.number)
    return 0


def _show(args: argparse.Namespace) -> int:
    import json

    with _platform(args.config) as platform:
        case = platform.repairs.get(args.id)
    if args.format == "json":
        print(json.dumps(case.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"申请编号 id: {case.number}  记录 record: {case.key}  数据提供单位 {case.department}")
    print(f"状态 state: {case.state}  类别 class: {case.penalty_class or '-'}  {case.regime or ''}")
    print(f"最早可修复 earliest repair: {case.earliest_repair_date or '-'}  "
          f"公示自动终止 auto end: {case.auto_end_date or '-'}")  # fmt: skip
    print(f"收到 received: {case.received_on}  结果期限 result due: {case.result_due or '-'}  "
          f"决定 decided: {case.decided_on or '-'}")  # fmt: skip
    for reason in case.reasons:
        print(f"  不予受理/修复 {reason['code']}：{reason['message']}")
    for step in case.steps:
        print(f"  {step.day} {step.step} → {step.state}  {step.actor}  {step.opinion}")
    return 0


def _decide(args: argparse.Namespace) -> int:
    with _platform(args.config) as platform:
        if args.fraud:
            case = platform.repairs.fraud(args.id, reason=args.reason, on=args.as_of)
        else:
            case = platform.repairs.decide(args.id, repair=args.repair, reason=args.reason,
                                           on=args.as_of)  # fmt: skip
    print(f"{case.number} {case.state}")
    return 0


def _listing(args: argparse.Namespace) -> int:
    import json

    with _platform(args.config) as platform:
        found = (platform.repairs.due(args.within, args.as_of) if args.which == "due"
                 else platform.repairs.overdue(args.as_of))  # fmt: skip
    if args.format == "json":
        print(json.dumps({"repairs": [c.to_dict() for c in found]}, ensure_ascii=False, indent=2))
        return 0
    for case in found:
        print(f"{case.number}  {case.state}  结果期限 due {case.result_due}  {case.key}")
    print(f"共 {len(found)} 件 ({len(found)} {args.which})")
    return 1 if args.which == "overdue" and found else 0


def _register_notice(subcommands: Any) -> None:
    notice = subcommands.add_parser(
        "notice",
        help="写出信用修复告知书 (write the 信用修复告知书 of a penalty)",
        description="由台账中的处罚记录写出信用修复告知书，与处罚决定书一并送达（两书同达）。 "
        "Write the notice of repair rights of a penalty in the ledger, served with the decision.",
    )
    notice.add_argument("--config", required=True, metavar="FILE",
                        help="部门的 sgs.toml（台账中的记录）或平台的 platform.toml（平台的记录）")  # fmt: skip
    notice.add_argument("key", metavar="KEY", help="记录的键 (the record's key in the ledger)")
    notice.add_argument("--format", default="docx", metavar="FORMAT",
                        help=f"{'、'.join(NOTICE_FORMATS)} 或插件的格式，默认 docx "
                             "(or a plugin's; docx)")  # fmt: skip
    notice.add_argument("--output", required=True, metavar="PATH", help="写入的文件 (the file)")
    notice.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                        help="告知日期，默认今天（北京时间） (the day served; today in China)")  # fmt: skip
    notice.add_argument("--platform", type=some_text, metavar="NAME",
                        help="受理申请的本地信用平台名称 (the local credit platform)")  # fmt: skip
    notice.add_argument("--url", type=some_text, metavar="URL",
                        help="本地信用平台网址 (its address)")  # fmt: skip
    notice.set_defaults(run=_notice)


def _notice(args: argparse.Namespace) -> int:
    from sgs.cli.options import is_platform_config
    from sgs.errors import SgsError
    from sgs.io.write import refuse_overwrite
    from sgs.reports.render import renderers

    known = renderers()
    if args.format not in known:
        raise SgsError(
            f"未知的 --format “{args.format}”（可用：{'、'.join(sorted(known))}）",
            f"unknown --format {args.format!r} (available: {', '.join(sorted(known))})",
        )
    if is_platform_config(args.config):
        notice, own_files = _platform_notice(args)
    else:
        notice, own_files = _department_notice(args)
    refuse_overwrite(args.output, own_files)
    path = notice.render(args.format, args.output)
    print(path)
    return 0


def _department_notice(args: argparse.Namespace) -> tuple[Any, list[Any]]:
    """The notice of the department's ledger record ``args.key``, and its own files."""
    from sgs.calendar import china_today
    from sgs.department.config import load_config
    from sgs.errors import SgsError
    from sgs.reports import repair_notice
    from sgs.standard import get_standard
    from sgs.store import open_store

    config = load_config(args.config)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        entries = store.ledger.find(key=args.key)
    if not entries:
        raise SgsError(f"台账中没有键为 {args.key} 的记录",
                       f"the ledger has no record with the key {args.key}")  # fmt: skip
    entry = entries[-1]
    if not entry.payload:
        raise SgsError(f"台账记录 {args.key} 没有字段内容（由台账文件导入），无法出具告知书",
                       f"the ledger's record {args.key} has no fields (imported from a ledger "
                       "file): no notice can be made")  # fmt: skip
    return repair_notice(
        entry.kind, dict(entry.payload), on=args.as_of or china_today(),
        department=config.department_name, platform=args.platform or "", url=args.url or "",
        policy=config.publication, standard=get_standard(config.standard),
    ), config.own_files()  # fmt: skip


def _platform_notice(args: argparse.Namespace) -> tuple[Any, list[Any]]:
    """The notice of the platform's record ``args.key``: its department's, the platform's name."""
    from sgs.calendar import china_today
    from sgs.errors import SgsError
    from sgs.platform import open_platform
    from sgs.reports import repair_notice

    with open_platform(args.config) as platform:
        held = platform.store.received.held(args.key)
        if held is None:
            raise SgsError(f"平台没有键为 {args.key} 的记录",
                           f"the platform holds no record with the key {args.key}")  # fmt: skip
        row = held[1]
        owner = platform.store.departments.by_id(platform.store.received.owner_of(args.key))
        notice = repair_notice(
            row.kind, dict(row.fields), on=args.as_of or china_today(), department=owner.name,
            platform=args.platform or platform.config.name, url=args.url or "",
            policy=platform.config.publication, standard=platform.checks.standard,
        )  # fmt: skip
        return notice, platform.config.own_files()
