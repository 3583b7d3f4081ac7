"""The department's own 双公示 pages (部门网站, 773号 三.一), written from its ledger.

:func:`export_website` puts every decision the department may publish through the
publisher (``[publication]`` of ``sgs.toml``), writes the pages and the JSON feed
into a folder its portal serves (:mod:`sgs.publication.export`), records the run in
the store's snapshots (site ``website``), and writes the day into the ledger's
部门网站"双公示"系统推送日期 of each record that had none: the first day it was on the
site, the date the 台账 (附件2) and the 月报表's 本单位公示 count from.

A decision is a candidate when the department's own validation passed it and it is
not taken back: ``pending``, ``pushed``, ``accepted``, and ``rejected`` (returned by
the platform as 疑问数据, still the department's decision and its duty to publish;
the corrected version replaces it). An entry imported from an old ledger without
its fields has nothing to publish and is left out. Whether a candidate is shown,
masked and until when is the publisher's decision, as on the credit portal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import attrs

from sgs.calendar import china_today
from sgs.department.config import SyncConfig
from sgs.department.scopes import CatalogScopes
from sgs.publication import Pages, PublicView, Publisher
from sgs.publication.export import SiteWriter
from sgs.publication.pages import configured_pages
from sgs.publication.runs import PublicationRun, publish
from sgs.standard import get_standard
from sgs.store import CatalogRepository, LedgerRepository, Store, open_store

__all__ = [
    "PUBLISHED_STATUSES",
    "SITE",
    "WebsiteRun",
    "export_website",
    "pages_of",
    "publisher_of",
    "website_views",
]

#: The ledger statuses whose decisions go on the department's site.
PUBLISHED_STATUSES = ("pending", "pushed", "accepted", "rejected")
#: The site name the department's runs are recorded under in the snapshots.
SITE = "website"


@attrs.frozen(kw_only=True)
class WebsiteRun:
    """What an export did: the run, the candidates looked at, the ledger dates written."""

    run: PublicationRun
    candidates: int
    dated: int


def website_views(ledger: LedgerRepository, publisher: Publisher, on: dt.date,
                  counted: list[int] | None = None, *,
                  catalog: CatalogRepository | None = None) -> Iterator[PublicView]:  # fmt: skip
    """The public views of the ledger's publishable decisions on ``on``, in ledger order.

    ``counted``, when given, gets the number of candidates looked at appended. Each
    decision goes with its 公开范围 (:mod:`sgs.department.scopes`: its own, else its item's
    in ``catalog``, else 公示): one not 公示 is withheld.
    """
    seen = 0
    scopes = CatalogScopes(catalog)
    for row in ledger.entries():
        if row.status not in PUBLISHED_STATUSES or not row.payload or row.repaired_on:
            continue  # (repaired on the platform: 信用修复 ends publication everywhere)
        seen += 1
        found = publisher.view(row.kind, row.payload, key=row.record_key, on=on,
                               scope=scopes.entry(row))  # fmt: skip
        if isinstance(found, PublicView):
            yield found
    if counted is not None:
        counted.append(seen)


def publisher_of(config: SyncConfig) -> Publisher:
    """The department's publisher: its standard and its ``[publication]`` policy."""
    return Publisher(standard=get_standard(config.standard), policy=config.publication)


def pages_of(config: SyncConfig) -> Pages:
    """The site's pages: ``[portal] title`` (the department's name by default) and templates."""
    return configured_pages(title=config.portal_title or config.department_name,
                            owner=config.department_name, standard=get_standard(config.standard),
                            base_dir=config.base_dir, templates=config.portal_templates,
                            file=config.path)  # fmt: skip


def export_website(config: SyncConfig, out: Path, *, on: dt.date | None = None,
                   store: Store | None = None) -> WebsiteRun:  # fmt: skip
    """Write the department's site into ``out`` as it stands on ``on`` (China's today)."""
    day = on or china_today()
    publisher = publisher_of(config)
    pages = pages_of(config)
    if store is None:
        with open_store(config.store_url, base_dir=config.base_dir) as opened:
            return _export(opened, publisher, pages, out, day)
    return _export(store, publisher, pages, out, day)


def _export(store: Store, publisher: Publisher, pages: Pages, out: Path,
            day: dt.date) -> WebsiteRun:  # fmt: skip
    profile = publisher.profile
    writer = SiteWriter(out, pages, as_of=day, site=SITE, profile=(profile.name, profile.version))
    counted: list[int] = []
    run = publish(website_views(store.ledger, publisher, day, counted, catalog=store.catalog),
                  store.snapshots,
                  site=SITE, as_of=day, profile=profile, writer=writer,
                  note=f"sgs publish export {writer.out}")  # fmt: skip
    keys = run.exported.keys if run.exported is not None else ()
    dated = store.ledger.mark_published(list(keys), day)
    return WebsiteRun(run=run, candidates=counted[0] if counted else 0, dated=dated)
