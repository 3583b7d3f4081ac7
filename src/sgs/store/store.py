"""The store: the ledger (台账) of every decision, in SQLite or PostgreSQL.

:func:`open_store` opens (and migrates) a store by SQLAlchemy URL — an
embedded SQLite file by default (WAL mode, so a reader never waits for the
writer), PostgreSQL for a shared deployment. Every write that belongs
together is one transaction: a batch staged as pending, a batch marked as
being sent, the receipts of a batch.

The ledger keeps what was sent (``payload``) with a hash, so that a record
is pushed again only when it changed (an update) or was never accepted,
and a run that stopped half way resumes what is pending.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from sqlalchemy import bindparam, create_engine, event, func, select, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from sgs.errors import StoreError
from sgs.store.schema import MIGRATIONS, SCHEMA_VERSION, ledger, meta
from sgs.store.schema import catalog as catalog_table
from sgs.store.schema import roster as roster_table

__all__ = ["LedgerEntry", "Store", "StoreError", "open_store", "payload_hash"]


@attrs.frozen
class LedgerEntry:
    """One decision as the ledger receives it from a sync: what to send, and about what."""

    record_key: str
    kind: str
    number: str
    payload: Mapping[str, str]
    name: str | None = None
    decision_date: dt.date | None = None
    authority_code: str | None = None
    deadline: dt.date | None = None
    source: str | None = None


def payload_hash(payload: Mapping[str, str]) -> str:
    """A hash of the fields as sent, independent of their order.

    >>> payload_hash({"a": "1", "b": "2"}) == payload_hash({"b": "2", "a": "1"})
    True
    """
    text = json.dumps(dict(payload), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """An open store (use :func:`open_store`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- staging and sending --------------------------------------------------------------------
    def stage(self, entries: Sequence[LedgerEntry]) -> dict[str, int]:
        """Record ``entries`` as pending where they are new or changed, in one transaction.

        An entry already accepted (or pushed, or rejected) with the same payload
        stays as it is: the same record is never pushed twice; a changed payload
        under the same key is an update and becomes pending again. Returns the
        counts ``new``, ``changed``, ``unchanged``.
        """
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        if not entries:
            return counts
        now = _now()
        with self.engine.begin() as connection:
            keys = [e.record_key for e in entries]
            known: dict[str, tuple[str, str]] = {}
            for start in range(0, len(keys), 500):
                rows = connection.execute(
                    select(ledger.c.record_key, ledger.c.payload_hash, ledger.c.status).where(
                        ledger.c.record_key.in_(keys[start : start + 500])
                    )
                )
                known.update((r.record_key, (r.payload_hash, r.status)) for r in rows)
            inserts: list[dict[str, Any]] = []
            seen: set[str] = set()
            for entry in entries:
                digest = payload_hash(entry.payload)
                values = {
                    "kind": entry.kind,
                    "number": entry.number,
                    "name": entry.name,
                    "decision_date": entry.decision_date,
                    "authority_code": entry.authority_code,
                    "deadline": entry.deadline,
                    "payload": json.dumps(dict(entry.payload), ensure_ascii=False),
                    "payload_hash": digest,
                    "source": entry.source,
                    "updated_at": now,
                }
                old = known.get(entry.record_key)
                if old is None and entry.record_key not in seen:
                    seen.add(entry.record_key)
                    inserts.append(
                        {**values, "record_key": entry.record_key, "status": "pending",
                         "attempts": 0, "created_at": now}
                    )  # fmt: skip
                    counts["new"] += 1
                elif old is not None and old[0] == "" and old[1] == "accepted":
                    # imported from a ledger file, already reported: learn its fields only
                    connection.execute(
                        update(ledger)
                        .where(ledger.c.record_key == entry.record_key)
                        .values(payload=values["payload"], payload_hash=digest, updated_at=now)
                    )
                    counts["unchanged"] += 1
                elif old is not None and old[0] != digest:
                    connection.execute(
                        update(ledger)
                        .where(ledger.c.record_key == entry.record_key)
                        .values(**values, status="pending", last_message="记录已更新 (updated)")
                    )
                    counts["changed"] += 1
                else:
                    counts["unchanged"] += 1
            if inserts:
                connection.execute(ledger.insert(), inserts)
        return counts

    def pending(self, kind: str) -> list[tuple[str, str | None, dict[str, str]]]:
        """The pending entries of ``kind``: (record key, batch id of a send cut short, fields).

        Entries imported from a ledger file without their fields wait for the
        record to come from the source, so they are not among them.
        """
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(ledger.c.record_key, ledger.c.batch_id, ledger.c.payload)
                .where(ledger.c.kind == kind, ledger.c.status == "pending")
                .where(ledger.c.payload != "{}")
                .order_by(ledger.c.id)
            )
            return [(r.record_key, r.batch_id, json.loads(r.payload)) for r in rows]

    def mark_sending(self, keys: Sequence[str], batch_id: str) -> None:
        """Note, before a push, that ``keys`` go out in ``batch_id`` (one more attempt)."""
        with self.engine.begin() as connection:
            for start in range(0, len(keys), 500):
                connection.execute(
                    update(ledger)
                    .where(ledger.c.record_key.in_(keys[start : start + 500]))
                    .values(batch_id=batch_id, attempts=ledger.c.attempts + 1, updated_at=_now())
                )

    def record_receipts(self, receipts: Iterable[tuple[str, str, str]], pushed_on: dt.date) -> None:
        """Record the platform's answers — (key, accepted|rejected, message) — in one transaction."""
        now = _now()
        accepted: list[dict[str, Any]] = []
        rejected: list[dict[str, Any]] = []
        for key, status, message in receipts:
            row = {"k": key, "s": status, "m": message or None, "u": now, "p": pushed_on}
            (accepted if status == "accepted" else rejected).append(row)
        by_key = ledger.c.record_key == bindparam("k")
        with self.engine.begin() as connection:  # executemany: one round trip a statement
            if accepted:
                connection.execute(
                    update(ledger).where(by_key).values(
                        status=bindparam("s"), last_message=bindparam("m"),
                        updated_at=bindparam("u"), platform_pushed_on=bindparam("p"),
                    ),
                    accepted,
                )  # fmt: skip
            if rejected:
                connection.execute(
                    update(ledger)
                    .where(by_key)
                    .values(
                        status=bindparam("s"),
                        last_message=bindparam("m"),
                        updated_at=bindparam("u"),
                    ),
                    [{k: v for k, v in r.items() if k != "p"} for r in rejected],
                )

    def set_deadlines(self, deadlines: Mapping[str, dt.date]) -> None:
        """Store deadlines (record key → date) computed later, once a year's schedule is known."""
        if not deadlines:
            return
        rows = [{"k": key, "d": day} for key, day in deadlines.items()]
        with self.engine.begin() as connection:
            connection.execute(
                update(ledger)
                .where(ledger.c.record_key == bindparam("k"))
                .values(deadline=bindparam("d")),
                rows,
            )

    def note_failure(self, keys: Sequence[str], message: str) -> None:
        """Keep ``keys`` pending with the reason the push failed (the platform is down…)."""
        with self.engine.begin() as connection:
            for start in range(0, len(keys), 500):
                connection.execute(
                    update(ledger)
                    .where(ledger.c.record_key.in_(keys[start : start + 500]))
                    .values(last_message=message, updated_at=_now())
                )

    # -- queries ----------------------------------------------------------------------------------
    def status_counts(self) -> dict[str, int]:
        """Entries by status."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(ledger.c.status, func.count()).group_by(ledger.c.status)
            )
            return {r[0]: int(r[1]) for r in rows}

    def entries(self, *, status: str | None = None) -> Iterator[dict[str, Any]]:
        """Every entry (or those of ``status``) as a plain row, in ledger order."""
        query = select(ledger).order_by(ledger.c.id)
        if status is not None:
            query = query.where(ledger.c.status == status)
        with self.engine.connect() as connection:
            for row in connection.execute(query).mappings():
                yield dict(row)

    def import_entries(self, rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
        """Add entries of an existing ledger (附件2): known keys keep what they have.

        Each row has ``record_key``, ``kind``, ``number`` and may have ``name``,
        ``decision_date``, ``platform_pushed_on``, ``portal_pushed_on``,
        ``remarks``, ``deadline``. An entry with a 报送日期 is ``accepted``; one
        without is ``pending`` until its record comes from the source.
        """
        now = _now()
        counts = {"added": 0, "known": 0}
        with self.engine.begin() as connection:
            for row in rows:
                key = row["record_key"]
                exists = connection.execute(
                    select(ledger.c.id).where(ledger.c.record_key == key)
                ).first()
                if exists is not None:
                    counts["known"] += 1
                    continue
                connection.execute(
                    ledger.insert(),
                    {
                        "record_key": key, "kind": row["kind"], "number": row["number"],
                        "name": row.get("name"), "decision_date": row.get("decision_date"),
                        "platform_pushed_on": row.get("platform_pushed_on"),
                        "portal_pushed_on": row.get("portal_pushed_on"),
                        "remarks": row.get("remarks"), "deadline": row.get("deadline"),
                        "status": "accepted" if row.get("platform_pushed_on") else "pending",
                        "attempts": 0, "payload": "{}", "payload_hash": "", "source": row.get("source"),
                        "created_at": now, "updated_at": now,
                    },
                )  # fmt: skip
                counts["added"] += 1
        return counts

    def ledger_frame(self) -> Any:
        """The ledger as a pandas DataFrame, one row per decision (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise StoreError(
                "ledger_frame() 需要 pandas：pip install pandas", "ledger_frame() needs pandas"
            ) from None
        return pd.DataFrame(list(self.entries()))

    # -- the roster (附件3) ------------------------------------------------------------------------
    def save_roster(self, liaisons: Iterable[Any]) -> int:
        """Replace the roster with ``liaisons`` (:class:`sgs.records.registers.Liaison`), in one transaction."""
        now = _now()
        rows = [
            {
                "unit": p.unit, "position": p.order, "name": p.name, "title": p.title,
                "office_phone": p.office_phone, "mobile": p.mobile, "email": p.email,
                "remarks": p.remarks, "updated_at": now,
            }
            for p in liaisons
        ]  # fmt: skip
        with self.engine.begin() as connection:
            connection.execute(roster_table.delete())
            if rows:
                connection.execute(roster_table.insert(), rows)
        return len(rows)

    def roster(self) -> list[dict[str, Any]]:
        """The roster as plain rows, unit by unit, the coordinator first."""
        with self.engine.connect() as connection:
            query = select(roster_table).order_by(roster_table.c.id)
            return [dict(r) for r in connection.execute(query).mappings()]

    # -- the catalog (附件1) -----------------------------------------------------------------------
    def save_catalog_version(
        self, items: Iterable[Any], effective_from: dt.date, note: str = ""
    ) -> int:
        """Add a version of the catalog in force from ``effective_from`` (replacing one of that day)."""
        rows = [
            {
                "effective_from": effective_from, "note": note or None, "number": item.number,
                "department": item.department, "category": item.category, "name": item.name,
                "basis": "\n".join(item.basis), "parties": item.parties,
            }
            for item in items
        ]  # fmt: skip
        with self.engine.begin() as connection:
            connection.execute(
                catalog_table.delete().where(catalog_table.c.effective_from == effective_from)
            )
            if rows:
                connection.execute(catalog_table.insert(), rows)
        return len(rows)

    def catalog_rows(self, on: dt.date | None = None) -> list[dict[str, Any]]:
        """The catalog version in force on ``on`` (default: the latest), as plain rows."""
        with self.engine.connect() as connection:
            versions = select(catalog_table.c.effective_from).distinct()
            if on is not None:
                versions = versions.where(catalog_table.c.effective_from <= on)
            dates = [r[0] for r in connection.execute(versions)]
            if not dates:
                return []
            query = (
                select(catalog_table)
                .where(catalog_table.c.effective_from == max(dates))
                .order_by(catalog_table.c.id)
            )
            return [dict(r) for r in connection.execute(query).mappings()]

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def _version(connection: Connection) -> int:
    from sqlalchemy import inspect

    if not inspect(connection).has_table(meta.name):
        return 0
    row = connection.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


def open_store(
    url: str = "sqlite:///sgs.db", *, base_dir: str | os.PathLike[str] | None = None
) -> Store:
    """Open the store at ``url`` (SQLite paths relative to ``base_dir``), migrating it.

    >>> import tempfile, pathlib
    >>> folder = tempfile.mkdtemp()
    >>> with open_store("sqlite:///ledger.db", base_dir=folder) as store:
    ...     store.status_counts()
    {}
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"无法识别的存储地址：{url}（{exc}）", f"unusable store url {url!r}: {exc}"
        ) from None
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and parsed.database not in (None, "", ":memory:"):
        path = Path(base_dir or ".") / parsed.database
        path.parent.mkdir(parents=True, exist_ok=True)
        parsed = parsed.set(database=str(path.resolve()))
    try:
        engine = create_engine(parsed)
    except Exception as exc:  # a missing driver
        raise StoreError(
            f"无法打开存储 {url}：{exc}", f"cannot open the store {url}: {exc}"
        ) from None
    if sqlite:
        _sqlite_pragmas(engine)
    try:
        with engine.begin() as connection:
            version = _version(connection)
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"存储由更新版本的 sgs 创建（结构版本 {version}，本版本支持 {SCHEMA_VERSION}），请升级 sgs",
                    f"the store was made by a newer sgs (schema {version}; this one knows "
                    f"{SCHEMA_VERSION}); upgrade sgs",
                )
            for migrate in MIGRATIONS[version:]:
                migrate(connection)
            if version < SCHEMA_VERSION:
                connection.execute(meta.delete().where(meta.c.key == "schema_version"))
                connection.execute(
                    meta.insert(), {"key": "schema_version", "value": str(SCHEMA_VERSION)}
                )
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(
            f"无法打开存储 {parsed.render_as_string(hide_password=True)}：{exc}",
            f"cannot open the store {parsed.render_as_string(hide_password=True)}: {exc}",
        ) from None
    return Store(engine)
