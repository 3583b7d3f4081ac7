"""``sgs publish …``: the 双公示 pages as files, the portal's snapshots, and why a record shows.

``sgs publish export --config sgs.toml|platform.toml --out DIR``
    writes the site (pages and ``feed.json``) and records the run; for a department it
    also writes the 部门网站推送日期 into the ledger.
``sgs publish snapshot --config platform.toml``
    records what the credit portal shows today.
``sgs publish shown --config FILE --on YYYY-MM-DD``
    what the portal (or the department's site) showed on a day, from the snapshots.
``sgs publish explain --config FILE KEY``
    which rule published, masked or withheld one record.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sgs.cli.options import is_platform_config, iso_date

if TYPE_CHECKING:
    from sgs.standard import Standard
    from sgs.store import Shown, Store

__all__ = ["register"]


def register(commands: Any) -> None:
    publish = commands.add_parser(
        "publish",
        help="公示：导出网页、快照、公示依据 (publication: export, snapshots, explain)",
        description="把可公示的信息写成网页和 JSON 数据，记录每次公示的内容，并说明每条记录为何"
        "公示、遮盖或不公示。 Write the public pages and feed, record what was public, "
        "and explain each record's publication.",
    )
    sub = publish.add_subparsers(dest="publish_command", metavar="COMMAND")
    sub.required = True
    config_help = "部门的 sgs.toml 或平台的 platform.toml"
    as_of_help = "按此日判断公示，默认今天（北京时间） (evaluate on this day; today in China)"

    export = sub.add_parser("export", help="写出公示网页和 feed.json (write the pages and feed)")
    export.add_argument("--config", required=True, metavar="FILE", help=config_help)
    export.add_argument("--out", required=True, metavar="DIR", help="网站文件夹 (the site folder)")
    export.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help=as_of_help)
    export.set_defaults(run=_export)

    snapshot = sub.add_parser(
        "snapshot", help="记录门户当日公示内容 (record what the portal shows)"
    )
    snapshot.add_argument("--config", required=True, metavar="FILE", help="平台的 platform.toml")
    snapshot.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help=as_of_help)
    snapshot.set_defaults(run=_snapshot)

    shown = sub.add_parser("shown", help="某日公示了哪些记录 (what was public on a day)")
    shown.add_argument("--config", required=True, metavar="FILE", help=config_help)
    shown.add_argument("--on", required=True, type=iso_date, metavar="YYYY-MM-DD")
    shown.add_argument("--site", metavar="NAME",
                       help="portal（平台）或 website（部门），默认按配置文件 (default by the file)")  # fmt: skip
    shown.add_argument("--format", choices=("text", "json"), default="text")
    shown.set_defaults(run=_shown)

    explain = sub.add_parser("explain", help="一条记录的公示依据 (why a record shows as it does)")
    explain.add_argument("--config", required=True, metavar="FILE", help=config_help)
    explain.add_argument("key", metavar="KEY", help="记录键 (the record's key)")
    explain.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help=as_of_help)
    explain.add_argument("--format", choices=("text", "json"), default="text")
    explain.set_defaults(run=_explain)


def _export(args: argparse.Namespace) -> int:
    from sgs.io.write import refuse_overwrite

    out = Path(args.out)
    if is_platform_config(args.config):
        from sgs.platform import open_platform
        from sgs.platform.publishing import publish_portal

        with open_platform(args.config) as platform:
            refuse_overwrite(args.out, platform.config.own_files())
            run = publish_portal(platform, on=args.as_of, out=out)
        dated = None
    else:
        from sgs.department.config import load_config
        from sgs.department.website import export_website

        config = load_config(args.config)
        refuse_overwrite(args.out, config.own_files())
        website = export_website(config, out, on=args.as_of)
        run, dated = website.run, website.dated
    exported = run.exported
    assert exported is not None
    print(f"已写出 {exported.records} 条公示信息到 {out}（{exported.pages} 页列表；"
          f"移除 {exported.removed} 个已不再公示的文件）"
          f"(wrote {exported.records} public records, {exported.pages} list pages; "
          f"removed {exported.removed} files no longer public)")  # fmt: skip
    if dated is not None:
        print(f"台账：{dated} 条记录写入部门网站推送日期 {exported.as_of} "
              f"(ledger: {dated} records dated as on the website)")  # fmt: skip
    _said(run.snapshot.id, run.review)
    return 0


def _said(run_id: int, review: int) -> None:
    print(f"快照 #{run_id} 已记录 (snapshot #{run_id} recorded)", file=sys.stderr)
    if review:
        print(f"提示：{review} 条记录的文字中发现并遮盖了个人信息，请人工复核 "
              f"({review} records had personal data masked in their text: review them)",
              file=sys.stderr)  # fmt: skip


def _snapshot(args: argparse.Namespace) -> int:
    from sgs.errors import SgsError

    if not is_platform_config(args.config):
        raise SgsError(
            "部门网站的快照由 sgs publish export 记录；sgs publish snapshot 用于平台的 platform.toml",
            "a department's site is recorded by sgs publish export; snapshot takes a platform.toml",
        )
    from sgs.platform import open_platform
    from sgs.platform.publishing import publish_portal

    with open_platform(args.config) as platform:
        run = publish_portal(platform, on=args.as_of)
    snap = run.snapshot
    print(f"{snap.as_of}：公示 {snap.shown} 条，新增或变更 {snap.opened} 条，撤下 {snap.closed} 条 "
          f"({snap.shown} shown, {snap.opened} new or changed, {snap.closed} gone)")  # fmt: skip
    _said(snap.id, run.review)
    return 0


@contextmanager
def _store(config_path: str) -> Iterator[tuple[Store, str, Standard]]:
    """The store of ``config_path``, its default site, and the standard it uses."""
    if is_platform_config(config_path):
        from sgs.platform import open_platform
        from sgs.platform.publishing import SITE as PORTAL

        with open_platform(config_path) as platform:
            yield platform.store, PORTAL, platform.checks.standard
        return
    from sgs.department.config import load_config
    from sgs.department.website import SITE as WEBSITE
    from sgs.standard import get_standard
    from sgs.store import open_store

    config = load_config(config_path)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        yield store, WEBSITE, get_standard(config.standard)


def _shown(args: argparse.Namespace) -> int:
    from sgs.errors import SgsError

    with _store(args.config) as (store, site, standard):
        found = store.snapshots.shown_on(args.site or site, args.on)
    if found is None:
        raise SgsError(
            f"{args.on} 及以前没有 {args.site or site} 的公示快照，无法回答当日公示了什么",
            f"no snapshot of {args.site or site} on or before {args.on}: what was public "
            "that day is not known",
        )
    if args.format == "json":
        json.dump(_shown_dict(found), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    _print_shown(found, standard)
    return 0


def _shown_dict(found: Shown) -> dict[str, Any]:
    run = found.run
    head = {"id": run.id, "site": run.site, "as_of": run.as_of.isoformat(),
            "taken_at": run.taken_at.isoformat(), "profile": run.profile,
            "profile_version": run.profile_version}  # fmt: skip
    records = []
    for r in found.records:
        until = r.published_until.isoformat() if r.published_until else None
        records.append({"key": r.key, "kind": r.kind, "fields": dict(r.fields),
                        "published_until": until, "since": r.since.isoformat(),
                        "content_hash": r.content_hash})  # fmt: skip
    return {"day": found.day.isoformat(), "run": head, "total": len(records), "records": records}


def _print_shown(found: Shown, standard: Standard) -> None:
    from sgs.standard import Kind, Role

    run = found.run
    print(f"{found.day} 公示 {len(found.records)} 条（据 {run.as_of} 的快照 #{run.id}，"
          f"脱敏规则 {run.profile} v{run.profile_version}）"
          f"({len(found.records)} public on {found.day}, from snapshot #{run.id} of {run.as_of})")  # fmt: skip
    for record in found.records:
        spec = standard.spec(record.kind)
        name = record.fields.get(spec.code_of(Role.PARTY_NAME) or "", "")
        number = record.fields.get(spec.code_of(Role.DECISION_NUMBER) or "", "")
        until = record.published_until.isoformat() if record.published_until else "长期"
        print(f"{record.key}  {Kind(record.kind).label}  {name}  {number}  "
              f"自 {record.since} 至 {until}")  # fmt: skip


def _explain(args: argparse.Namespace) -> int:
    from sgs.calendar import china_today
    from sgs.errors import SgsError
    from sgs.publication import PublicView

    day = args.as_of or china_today()
    if is_platform_config(args.config):
        from sgs.platform import open_platform
        from sgs.platform.publishing import publisher_of

        with open_platform(args.config) as platform:
            publisher = publisher_of(platform)
            row = platform.store.received.current_one(args.key)
            found = (row.kind, dict(row.fields), row.scope) if row is not None else None
    else:
        from sgs.department.config import load_config
        from sgs.department.scopes import CatalogScopes
        from sgs.department.website import publisher_of as department_publisher
        from sgs.store import open_store

        config = load_config(args.config)
        publisher = department_publisher(config)
        with open_store(config.store_url, base_dir=config.base_dir) as store:
            entries = store.ledger.find(key=args.key)
            entry = entries[-1] if entries else None
            found = (
                (entry.kind, dict(entry.payload), CatalogScopes(store.catalog).entry(entry))
                if entry and entry.payload
                else None
            )
    if found is None:
        raise SgsError(
            f"没有键为 {args.key} 的现行记录", f"no current record has the key {args.key}"
        )
    kind, fields, scope = found
    decided = publisher.view(kind, fields, key=args.key, on=day, scope=scope)
    findings, public = decided.findings, isinstance(decided, PublicView)  # what explain() gives
    if args.format == "json":
        body = {"key": args.key, "on": day.isoformat(), "public": public,
                "findings": [{"rule": f.rule, "field": f.field, "action": f.action,
                              "message": f.message, "source": f.source} for f in findings]}  # fmt: skip
        json.dump(body, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    print(f"{args.key}：{day} {'公示' if public else '不公示'} "
          f"({'public' if public else 'withheld'} on {day})")  # fmt: skip
    for f in findings:
        where = f" [{f.field}]" if f.field else ""
        source = f"（{f.source}）" if f.source else ""
        print(f"  {f.action:8} {f.rule}{where}: {f.message}{source}")
    return 0
