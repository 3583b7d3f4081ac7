"""Publication snapshots (``store.snapshots``): what a site showed, run by run.

Each publication run — the credit portal's daily snapshot (site ``portal``) or a static
export of a department's own site (``website``) — records what was public: each record's
key, the SHA-256 of its masked view, the masking profile's name and version and the
publication period (公示截止), so that "what did the portal show on 2026-05-01?" has an
answer later (:meth:`SnapshotRepository.shown_on`).

Storage grows with the changes, not with runs × records: an item is an **interval** (like
a slowly changing dimension). It opens at the run that first showed that key with that
content and closes at the first later run that no longer shows it, or shows other
content; a run that shows the same as the one before writes nothing but its own row. A
content is stored once (``sgs_publication_contents``, by hash), whatever the keys and
runs that showed it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

import attrs
from sqlalchemy import or_, select
from sqlalchemy.engine import Connection, Engine

from sgs.errors import StoreError
from sgs.store.schema import publication_contents as contents_table
from sgs.store.schema import publication_items as items_table
from sgs.store.schema import publication_runs as runs_table
from sgs.store.times import as_utc
from sgs.store.writes import SNAPSHOTS_KEY, write_transaction

__all__ = [
    "Shown",
    "ShownInterval",
    "ShownItem",
    "ShownRecord",
    "SnapshotRepository",
    "SnapshotRun",
    "view_content",
]

#: Rows written by one ``executemany``: 500,000 items are some 500 statements.
_BATCH = 1000
#: Values in one ``IN (…)`` (below any SQLite's limit of bound parameters).
_IN = 500
#: The longest site name and record key the tables hold.
_MAX_SITE = 64
_MAX_KEY = 64


def view_content(
    kind: str,
    fields: Mapping[str, str],
    published_until: dt.date | None,
    *,
    objection: bool = False,
) -> tuple[str, str]:
    """The hash and canonical JSON of a masked view: ``(sha256 hex, json)``.

    The JSON is that of ``{"kind", "fields", "published_until"}`` with sorted keys, no
    ASCII escapes and no spaces, so one view always gives one text and one hash; a view
    shown under objection (异议) has ``"objection": true`` too, so the flag's going up and
    coming down are items of the snapshots.

    >>> digest, content = view_content("penalty", {"CF_WSH": "罚〔2026〕1号"}, dt.date(2029, 5, 1))
    >>> content
    '{"fields":{"CF_WSH":"罚〔2026〕1号"},"kind":"penalty","published_until":"2029-05-01"}'
    >>> digest == hashlib.sha256(content.encode("utf-8")).hexdigest()
    True
    >>> view_content("penalty", {"CF_WSH": "罚〔2026〕1号"}, None)[1][-23:]
    '"published_until":null}'
    """
    content = json.dumps(
        {
            "kind": kind,
            "fields": dict(fields),
            "published_until": published_until.isoformat() if published_until else None,
            **({"objection": True} if objection else {}),
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest(), content


@attrs.frozen(kw_only=True)
class ShownItem:
    """One record as a run showed it (build it with :meth:`of`)."""

    key: str  # the record's key
    kind: str  # license | penalty
    content_hash: str  # SHA-256 of content, hex
    content: str  # the canonical JSON of the masked view (view_content)
    published_until: dt.date | None = None  # 公示截止; None: no end

    @classmethod
    def of(
        cls,
        key: str,
        kind: str,
        fields: Mapping[str, str],
        published_until: dt.date | None,
        *,
        objection: bool = False,
    ) -> ShownItem:
        """The item of the masked view ``fields`` of record ``key``.

        >>> item = ShownItem.of("k1", "license", {"XK_XDR": "示例商贸"}, None)
        >>> (item.key, item.content_hash == view_content("license", {"XK_XDR": "示例商贸"},
        ...                                              None)[0])
        ('k1', True)
        """
        digest, content = view_content(kind, fields, published_until, objection=objection)
        return cls(
            key=key, kind=kind, content_hash=digest, content=content,
            published_until=published_until,
        )  # fmt: skip


@attrs.frozen(kw_only=True)
class SnapshotRun:
    """One publication run of a site: when, as of which day, with which profile, and what
    it changed."""

    id: int
    site: str  # portal | website | …
    taken_at: dt.datetime  # when it ran (UTC)
    as_of: dt.date  # the China date it evaluated publication on
    profile: str  # the masking profile's name
    profile_version: str
    shown: int  # items public in this run
    opened: int  # items it opened: new keys, or new content of a key
    closed: int  # items it closed: keys no longer shown, or shown with other content
    note: str = ""


@attrs.frozen(kw_only=True)
class ShownRecord:
    """One record a site showed on a day, as it showed it."""

    key: str
    kind: str
    content_hash: str
    fields: Mapping[str, str]  # the masked view's fields
    published_until: dt.date | None
    since: dt.date  # the as_of of the run that first showed it so


@attrs.frozen(kw_only=True)
class Shown:
    """What a site showed on ``day``: the records of ``run``, the latest run by then."""

    run: SnapshotRun
    day: dt.date
    records: tuple[ShownRecord, ...]  # sorted by key


@attrs.frozen(kw_only=True)
class ShownInterval:
    """One interval of a key: the runs that showed it with one content."""

    key: str
    kind: str
    content_hash: str
    fields: Mapping[str, str]
    published_until: dt.date | None
    from_run: int  # the run that opened it
    to_run: int | None  # the run that closed it; None: still shown
    since: dt.date  # the as_of of from_run
    until: dt.date | None  # the as_of of to_run (the first run not showing it so)


def _chunks(values: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _run(row: Any) -> SnapshotRun:
    return SnapshotRun(
        id=row.id, site=row.site, taken_at=as_utc(row.taken_at), as_of=row.as_of,
        profile=row.profile, profile_version=row.profile_version, shown=row.shown,
        opened=row.opened, closed=row.closed, note=row.note,
    )  # fmt: skip


def _fields(content: str) -> dict[str, str]:
    fields: dict[str, str] = json.loads(content)["fields"]
    return fields


def _check_site(site: str) -> None:
    if not isinstance(site, str) or not site.strip() or len(site) > _MAX_SITE:
        raise StoreError(
            f"发布站点名称应为 1 至 {_MAX_SITE} 个字符（收到 {site!r}）",
            f"a publication site is named by 1 to {_MAX_SITE} characters (got {site!r})",
        )


class _Writer:
    """The writes of one run, gathered and sent ``_BATCH`` rows at a time."""

    def __init__(self, connection: Connection, site: str, run_id: int) -> None:
        self.connection = connection
        self.site = site
        self.run_id = run_id
        self.closing: list[int] = []
        self.opening: list[ShownItem] = []
        self.stored: set[str] = set()  # content hashes known to be in the table
        self.opened = 0
        self.closed = 0

    def close(self, item_id: int) -> None:
        self.closing.append(item_id)
        if len(self.closing) >= _BATCH:
            self.flush()

    def open(self, item: ShownItem) -> None:
        self.opening.append(item)
        if len(self.opening) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        connection, items = self.connection, items_table
        for ids in _chunks(self.closing, _IN):
            connection.execute(items.update().where(items.c.id.in_(ids)).values(to_run=self.run_id))
        self.closed += len(self.closing)
        self.closing = []
        if not self.opening:
            return
        self._store_contents(self.opening)
        connection.execute(
            items.insert(),
            [
                {"site": self.site, "record_key": i.key, "kind": i.kind,
                 "content_hash": i.content_hash, "published_until": i.published_until,
                 "from_run": self.run_id, "to_run": None}
                for i in self.opening
            ],
        )  # fmt: skip
        self.opened += len(self.opening)
        self.opening = []

    def _store_contents(self, opening: list[ShownItem]) -> None:
        """Insert the contents of ``opening`` that are not stored yet."""
        new = {i.content_hash: i for i in opening if i.content_hash not in self.stored}
        for hashes in _chunks(list(new), _IN):
            found = self.connection.execute(
                select(contents_table.c.hash).where(contents_table.c.hash.in_(hashes))
            ).scalars()
            for digest in found:
                del new[digest]
        if new:
            self.connection.execute(
                contents_table.insert(),
                [{"hash": i.content_hash, "kind": i.kind, "content": i.content}
                 for i in new.values()],
            )  # fmt: skip
        self.stored.update(i.content_hash for i in opening)


class SnapshotRepository:
    """The publication snapshots of one store (``store.snapshots``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(
        self,
        site: str,
        as_of: dt.date,
        items: Iterable[ShownItem],
        *,
        profile: str,
        profile_version: str,
        note: str = "",
        taken_at: dt.datetime | None = None,
    ) -> SnapshotRun:
        """Record that ``site`` showed exactly ``items`` as of ``as_of``; return the run.

        One transaction, one writer of snapshots at a time (another process recording the
        same store waits): the run is stored with the items it opened and closed, or —
        when anything fails, ``items`` included — nothing at all. An item whose key the
        site shows with the same content and period is kept; one with other content is
        closed and a new one opened; an open item whose key is not among ``items`` is
        closed. A key given twice is a :class:`StoreError`.
        """
        _check_site(site)
        if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
            raise StoreError(
                f"发布运行的日期应为日期（收到 {as_of!r}）",
                f"a publication run's as_of must be a date (got {as_of!r})",
            )
        taken_at = taken_at or dt.datetime.now(dt.UTC)
        if taken_at.tzinfo is None:
            raise StoreError(
                f"发布运行的时间应带时区（收到 {taken_at!r}）",
                f"a publication run's taken_at must be an aware datetime (got {taken_at!r})",
            )
        taken_at = taken_at.astimezone(dt.UTC)
        runs, items_ = runs_table, items_table
        with write_transaction(self.engine, SNAPSHOTS_KEY) as connection:
            key = connection.execute(
                runs.insert(),
                {"site": site, "taken_at": taken_at, "as_of": as_of, "profile": profile,
                 "profile_version": profile_version, "shown": 0, "opened": 0, "closed": 0,
                 "note": note},
            ).inserted_primary_key  # fmt: skip
            assert key is not None
            run_id = int(key[0])
            open_items: dict[str, tuple[int, str, dt.date | None]] = {
                r.record_key: (r.id, r.content_hash, r.published_until)
                for r in connection.execute(
                    select(items_.c.id, items_.c.record_key, items_.c.content_hash,
                           items_.c.published_until)
                    .where(items_.c.site == site, items_.c.to_run.is_(None))
                )
            }  # fmt: skip
            writer = _Writer(connection, site, run_id)
            seen: set[str] = set()
            for item in items:
                if item.key in seen:
                    raise StoreError(
                        f"同一次发布运行中记录 {item.key} 出现了两次",
                        f"the record {item.key!r} is given twice in one publication run",
                    )
                if not item.key or len(item.key) > _MAX_KEY:
                    raise StoreError(
                        f"记录标识应为 1 至 {_MAX_KEY} 个字符（收到 {item.key!r}）",
                        f"a record key is 1 to {_MAX_KEY} characters (got {item.key!r})",
                    )
                seen.add(item.key)
                current = open_items.pop(item.key, None)
                if current is not None:
                    if (current[1], current[2]) == (item.content_hash, item.published_until):
                        continue  # shown as before: the interval goes on
                    writer.close(current[0])
                writer.open(item)
            for item_id, _, _ in open_items.values():  # no longer shown
                writer.close(item_id)
            writer.flush()
            counts = {"shown": len(seen), "opened": writer.opened, "closed": writer.closed}
            connection.execute(runs.update().where(runs.c.id == run_id).values(**counts))
        return SnapshotRun(
            id=run_id, site=site, taken_at=taken_at, as_of=as_of, profile=profile,
            profile_version=profile_version, note=note, **counts,
        )  # fmt: skip

    def shown_on(self, site: str, day: dt.date) -> Shown | None:
        """What ``site`` showed on ``day``: the records of its latest run as of ``day`` or
        before (of two on one day, the later recorded), less those whose publication
        period had ended by ``day``; ``None`` before its first run."""
        runs, items, contents = runs_table, items_table, contents_table
        with self.engine.connect() as connection:
            row = connection.execute(
                select(runs)
                .where(runs.c.site == site, runs.c.as_of <= day)
                .order_by(runs.c.as_of.desc(), runs.c.id.desc())
                .limit(1)
            ).first()
            if row is None:
                return None
            run = _run(row)
            opener = runs.alias("opener")
            query = (
                select(items.c.record_key, items.c.kind, items.c.content_hash,
                       items.c.published_until, contents.c.content, opener.c.as_of)
                .join(contents, contents.c.hash == items.c.content_hash)
                .join(opener, opener.c.id == items.c.from_run)
                .where(items.c.site == site, items.c.from_run <= run.id,
                       or_(items.c.to_run.is_(None), items.c.to_run > run.id),
                       or_(items.c.published_until.is_(None),
                           items.c.published_until >= day))
                .order_by(items.c.record_key)
            )  # fmt: skip
            records = [
                ShownRecord(key=r.record_key, kind=r.kind, content_hash=r.content_hash,
                            fields=_fields(r.content), published_until=r.published_until,
                            since=r.as_of)
                for r in connection.execute(query)
            ]  # fmt: skip
        # sorted here too: a PostgreSQL collation may order keys otherwise than Python
        records.sort(key=lambda r: r.key)
        return Shown(run=run, day=day, records=tuple(records))

    def runs(self, site: str | None = None, limit: int = 50) -> list[SnapshotRun]:
        """The latest ``limit`` runs (of one site, or all), the last recorded first."""
        query = select(runs_table).order_by(runs_table.c.id.desc()).limit(limit)
        if site is not None:
            query = query.where(runs_table.c.site == site)
        with self.engine.connect() as connection:
            return [_run(r) for r in connection.execute(query)]

    def history(self, site: str, key: str) -> list[ShownInterval]:
        """When ``site`` showed the record ``key`` and in which form: its intervals, the
        first first."""
        items, contents = items_table, contents_table
        opener, closer = runs_table.alias("opener"), runs_table.alias("closer")
        query = (
            select(items.c.record_key, items.c.kind, items.c.content_hash,
                   items.c.published_until, items.c.from_run, items.c.to_run,
                   contents.c.content, opener.c.as_of.label("since"),
                   closer.c.as_of.label("until"))
            .join(contents, contents.c.hash == items.c.content_hash)
            .join(opener, opener.c.id == items.c.from_run)
            .outerjoin(closer, closer.c.id == items.c.to_run)
            .where(items.c.site == site, items.c.record_key == key)
            .order_by(items.c.from_run, items.c.id)
        )  # fmt: skip
        with self.engine.connect() as connection:
            return [
                ShownInterval(key=r.record_key, kind=r.kind, content_hash=r.content_hash,
                              fields=_fields(r.content), published_until=r.published_until,
                              from_run=r.from_run, to_run=r.to_run, since=r.since,
                              until=r.until)
                for r in connection.execute(query)
            ]  # fmt: skip
