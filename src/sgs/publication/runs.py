"""A publication run: one day's public views, written as a site and recorded as a snapshot.

:func:`publish` takes the views of a day (a platform's current set or a department's
ledger, through one :class:`~sgs.publication.Publisher`), writes them with a
:class:`~sgs.publication.export.SiteWriter` when there is one, and records what was
public in the store's snapshots (:class:`~sgs.store.SnapshotRepository`): each
record's key, the hash of its masked content, its period, and the profile's name
and version. So "what did the portal show on 2026-05-01?" has an answer
(:meth:`~sgs.store.SnapshotRepository.shown_on`).

The views are spooled to a temporary file as they are made, so a run does not hold
the set's views in memory, and the snapshot's one transaction holds the store
only for the writing of its rows, not for the publisher's work. Files go in place
before the snapshot is committed: a snapshot never names a page that was not there.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

import attrs

from sgs.publication.export import Exported, SiteWriter
from sgs.publication.findings import PublicView
from sgs.publication.profile import MaskingProfile
from sgs.store import ShownItem, SnapshotRepository, SnapshotRun

__all__ = ["PublicationRun", "publish"]


@attrs.frozen(kw_only=True)
class PublicationRun:
    """What a run did: the snapshot it recorded and, for an export, what it wrote."""

    snapshot: SnapshotRun
    exported: Exported | None = None
    #: Views whose free text had personal data masked, for a person to look at.
    review: int = 0


def _spooled(spool: IO[str]) -> Iterator[ShownItem]:
    spool.seek(0)
    for line in spool:
        key, kind, digest, content, until = json.loads(line)
        yield ShownItem(key=key, kind=kind, content_hash=digest, content=content,
                        published_until=dt.date.fromisoformat(until) if until else None)  # fmt: skip


def publish(
    views: Iterable[PublicView],
    snapshots: SnapshotRepository,
    *,
    site: str,
    as_of: dt.date,
    profile: MaskingProfile,
    writer: SiteWriter | None = None,
    note: str = "",
) -> PublicationRun:
    """Write (when ``writer`` is given) and record the public ``views`` of ``as_of`` for ``site``."""
    review = 0
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        try:
            for view in views:
                if writer is not None:
                    writer.add(view)
                item = ShownItem.of(
                    view.key,
                    str(view.kind),
                    view.fields,
                    view.published_until,
                    objection=view.objection,
                )
                until = item.published_until.isoformat() if item.published_until else None
                line = [item.key, item.kind, item.content_hash, item.content, until]
                spool.write(json.dumps(line, ensure_ascii=False) + "\n")
                review += view.review
            exported = writer.finish() if writer is not None else None
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        run = snapshots.record(site, as_of, _spooled(spool), profile=profile.name,
                               profile_version=profile.version, note=note)  # fmt: skip
    return PublicationRun(snapshot=run, exported=exported, review=review)
