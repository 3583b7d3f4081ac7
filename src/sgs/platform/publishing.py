"""The platform's publication runs: the credit portal's daily snapshot and its static export.

The portal (:mod:`sgs.platform.web.portal`) answers from the current set as it
is; what it showed is recorded by a run of :func:`publish_portal` under the site
``portal``: once a day by the server's scheduler (the first cycle of each China
day, :func:`snapshot_due`), or by hand with ``sgs publish snapshot``. With ``out``,
the same run writes the pages and the feed as files (``sgs publish export``) for a
platform without its server, or a mirror.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sgs.calendar import china_today
from sgs.platform.config import PlatformConfig
from sgs.platform.platform import Platform
from sgs.platform.public import PublicRecords
from sgs.publication import Pages, Publisher
from sgs.publication.export import SiteWriter
from sgs.publication.pages import configured_pages
from sgs.publication.runs import PublicationRun, publish
from sgs.standard import Standard

__all__ = ["SITE", "portal_pages", "publish_portal", "publisher_of", "snapshot_due"]

#: The site name the portal's runs are recorded under in the snapshots.
SITE = "portal"


def publisher_of(platform: Platform) -> Publisher:
    """The platform's publisher: its standard and its ``[publication]`` policy."""
    return Publisher(standard=platform.checks.standard, policy=platform.config.publication)


def portal_pages(config: PlatformConfig, standard: Standard) -> Pages:
    """The portal's pages: the ``[portal] templates`` folder first, then the built-in ones."""
    return configured_pages(title=config.portal_title or config.name, owner=config.name,
                            standard=standard, base_dir=config.base_dir,
                            templates=config.portal_templates, file=config.path)  # fmt: skip


def publish_portal(platform: Platform, *, on: dt.date | None = None,
                   out: Path | None = None) -> PublicationRun:  # fmt: skip
    """Record (and with ``out``, write) what the portal shows on ``on`` (China's today)."""
    day = on or china_today()
    publisher = publisher_of(platform)
    public = PublicRecords(platform.store.received, platform.checks.standard, publisher)
    profile = publisher.profile
    writer = None
    if out is not None:
        pages = portal_pages(platform.config, platform.checks.standard)
        writer = SiteWriter(out, pages, as_of=day, site=SITE,
                            profile=(profile.name, profile.version))  # fmt: skip
    note = f"sgs publish export {out}" if out is not None else "snapshot"
    return publish(public.views(day), platform.store.snapshots, site=SITE, as_of=day,
                   profile=profile, writer=writer, note=note)  # fmt: skip


def snapshot_due(platform: Platform, today: dt.date | None = None) -> bool:
    """Whether the portal has no snapshot of ``today`` (China's today) yet."""
    runs = platform.store.snapshots.runs(SITE, limit=1)
    return not runs or runs[0].as_of < (today or china_today())
