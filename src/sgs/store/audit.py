"""The access log (``store.audit``): who saw which personal data, when and why — tamper-evident.

郑发改财贸〔2019〕773号 五.三 asks for the registration and review of queries and uses of
personal information; 《浙江省公共信用信息管理条例》第二十条 keeps query records ten years.
Each event is one row of ``sgs_access_log``, appended, never updated. Its ``hash`` is
the SHA-256 of the previous entry's hash and the entry's own canonical content (its id
included), and ids follow each other without a gap, so that:

* a row **changed** in the database no longer matches its hash;
* a row **deleted** leaves a gap (or, at the end, a chain shorter than an anchor);
* a row **inserted** breaks the link of the row after it, or stands outside the order.

:meth:`AccessLog.verify` walks the chain and names the first broken entry; an
:meth:`AccessLog.anchor` (the id and hash of the newest entry) is what an auditor keeps
outside the database, so that cutting the chain's end is found too. The log holds record
keys and field codes, never the clear values; events are written in one transaction at
a time (one writer of the chain).

>>> import tempfile, pathlib
>>> from sgs.store import open_store
>>> store = open_store(f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'p.db'}")
>>> entry = store.audit.record(AccessEvent(actor="王某", role="querier", action="read",
...                                       records=("k1",), fields=("CF_ZJHM",)))
>>> entry.id, store.audit.verify().intact
(1, True)
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs
from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from sgs.errors import StoreError
from sgs.store.schema import access_log
from sgs.store.writes import write_transaction

__all__ = [
    "ACTIONS",
    "AUDIT_KEY",
    "GENESIS",
    "AccessEvent",
    "AccessLog",
    "Anchor",
    "ChainCheck",
    "LoggedEvent",
]

#: The ``prev_hash`` of the first entry.
GENESIS = "0" * 64
#: The advisory-lock key of the chain's writers (beyond the departments', snapshots', cases').
AUDIT_KEY = (1 << 32) + 2


#: The ``action`` of an access event and the retention class it belongs to: ``query`` (reads
#: of personal data in clear, exports, refused attempts, the applications' steps: kept ten
#: years by default), ``processing`` (users, roles, tokens, passwords: three years),
#: ``system`` (logins and logouts: six months), ``chain`` (purges: never purged).
ACTIONS: Mapping[str, str] = {
    "read": "query",  # records shown with personal data in clear (``fields``)
    "export": "query",  # natural-person rows or clear fields written out
    "denied": "query",  # an attempt refused (``detail["reason"]``)
    "apply": "query",
    "approve": "query",
    "reject": "query",
    "close": "query",
    "user-add": "processing",
    "user-remove": "processing",
    "role-grant": "processing",
    "role-revoke": "processing",
    "token-rotate": "processing",
    "password-set": "processing",
    "login": "system",
    "login-failed": "system",
    "logout": "system",
    "purge": "chain",
}


def _texts(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class AccessEvent:
    """What is logged of one access: who (and as what), what was revealed, why, how.

    ``records`` are record keys and ``fields`` field codes shown in clear — never values.
    ``basis`` is the legal basis (a duty, the subject's authorisation and its id, or
    self-query); ``channel`` ``api``, ``cli``, ``python`` or ``export``.
    """

    actor: str
    action: str
    role: str = ""
    department: str = ""
    records: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    fields: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    purpose: str = ""
    basis: str = ""
    channel: str = ""
    client: str = ""
    result_count: int = 0
    detail: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class LoggedEvent:
    """An event as the log holds it: its place in the chain, its time and hashes."""

    id: int
    at: dt.datetime
    event: AccessEvent
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(), **attrs.asdict(self.event),
                "prev_hash": self.prev_hash, "hash": self.hash}  # fmt: skip


@attrs.frozen
class Anchor:
    """The newest entry's id and hash: kept by the auditor, checked by :meth:`AccessLog.verify`.

    >>> Anchor.parse("12:" + "a" * 64).id
    12
    """

    id: int
    hash: str

    def __str__(self) -> str:
        return f"{self.id}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        ident, _, digest = text.strip().partition(":")
        if (
            not ident.isdigit()
            or len(digest) != 64
            or any(c not in "0123456789abcdef" for c in digest)
        ):
            raise StoreError(f"锚点应为“序号:64位十六进制哈希”（现为 {text!r}）",
                             f"an anchor is ID:HASH, the hash 64 hex digits (got {text!r})")  # fmt: skip
        return cls(int(ident), digest)


@attrs.frozen(kw_only=True)
class ChainCheck:
    """What :meth:`AccessLog.verify` found: ``intact``, or the first broken entry and why."""

    entries: int
    broken_at: int | None = None
    problem: str = ""
    problem_en: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def _canonical(entry_id: int, at: dt.datetime, event: AccessEvent) -> str:
    content = {"id": entry_id, "at": _utc(at).isoformat(), **attrs.asdict(event)}
    content["records"], content["fields"] = list(event.records), list(event.fields)
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)  # fmt: skip


def _utc(when: dt.datetime) -> dt.datetime:
    """``when`` in UTC to the microsecond (SQLite keeps no zone: read back as UTC)."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC)


def chain_hash(prev_hash: str, entry_id: int, at: dt.datetime, event: AccessEvent) -> str:
    """The hash of an entry: SHA-256 of the previous hash and the entry's canonical JSON."""
    text = prev_hash + "\n" + _canonical(entry_id, at, event)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _event(row: Any) -> AccessEvent:
    return AccessEvent(
        actor=row.actor, action=row.action, role=row.role, department=row.department,
        records=tuple(json.loads(row.records)), fields=tuple(json.loads(row.fields)),
        purpose=row.purpose, basis=row.basis, channel=row.channel, client=row.client,
        result_count=row.result_count, detail=json.loads(row.detail),
    )  # fmt: skip


class AccessLog:
    """The access log of one store (``store.audit``)."""

    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.engine = engine
        self.clock: Callable[[], dt.datetime] = clock or (lambda: dt.datetime.now(dt.UTC))

    def record(self, event: AccessEvent) -> LoggedEvent:
        """Append ``event`` to the chain (one writer at a time); the entry as logged."""
        with write_transaction(self.engine, AUDIT_KEY) as connection:
            return self.append(connection, event)

    def append(self, connection: Connection, event: AccessEvent) -> LoggedEvent:
        """Append ``event`` inside the caller's write transaction, which must hold
        :data:`AUDIT_KEY` (so that a change and its log entry commit together)."""
        at = _utc(self.clock())
        last = connection.execute(
            select(access_log.c.id, access_log.c.hash).order_by(access_log.c.id.desc()).limit(1)
        ).first()  # fmt: skip
        entry_id = (last.id + 1) if last is not None else 1
        prev = last.hash if last is not None else GENESIS
        digest = chain_hash(prev, entry_id, at, event)
        connection.execute(access_log.insert(), {
            "id": entry_id, "at": at, "actor": event.actor, "role": event.role,
            "department": event.department, "action": event.action,
            "records": json.dumps(list(event.records), ensure_ascii=False),
            "fields": json.dumps(list(event.fields), ensure_ascii=False),
            "purpose": event.purpose, "basis": event.basis, "channel": event.channel,
            "client": event.client, "result_count": event.result_count,
            "detail": json.dumps(dict(event.detail), ensure_ascii=False, default=str),
            "prev_hash": prev, "hash": digest,
        })  # fmt: skip
        return LoggedEvent(id=entry_id, at=at, event=event, prev_hash=prev, hash=digest)

    def entries(self, *, since: int = 0) -> Iterator[LoggedEvent]:
        """Every entry after id ``since``, in chain order, streamed."""
        query = select(access_log).where(access_log.c.id > since).order_by(access_log.c.id)
        with self.engine.connect() as connection:
            for row in connection.execution_options(yield_per=1000).execute(query):
                yield LoggedEvent(id=row.id, at=_utc(row.at), event=_event(row),
                                  prev_hash=row.prev_hash, hash=row.hash)  # fmt: skip

    def anchor(self) -> Anchor | None:
        """The newest entry's id and hash (``None``: the log is empty)."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(access_log.c.id, access_log.c.hash).order_by(access_log.c.id.desc()).limit(1)
            ).first()  # fmt: skip
        return Anchor(row.id, row.hash) if row is not None else None

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(
                connection.execute(select(func.count()).select_from(access_log)).scalar() or 0
            )

    def verify(self, anchors: Sequence[Anchor] = ()) -> ChainCheck:
        """Walk the chain from the first entry; the first broken one, or ``intact``.

        Each entry must follow the one before it (id + 1), carry its hash as
        ``prev_hash``, and hash to its own ``hash``; each of ``anchors`` must be an entry
        of the chain with that hash (so a chain cut short, or rewritten whole, is found).
        """
        wanted = {a.id: a.hash for a in anchors}
        expected_id, prev, count = 1, GENESIS, 0
        for entry in self.entries():
            count += 1
            if entry.id != expected_id:
                missing = entry.id > expected_id
                return ChainCheck(
                    entries=count, broken_at=expected_id if missing else entry.id,
                    problem=(f"第 {expected_id} 条记录缺失（被删除）" if missing
                             else f"第 {entry.id} 条记录不在顺序中（被插入）"),
                    problem_en=(f"entry {expected_id} is missing (deleted)" if missing
                                else f"entry {entry.id} is out of order (inserted)"),
                )  # fmt: skip
            if entry.prev_hash != prev:
                return ChainCheck(entries=count, broken_at=entry.id,
                                  problem=f"第 {entry.id} 条记录与前一条的哈希不衔接（其前被插入或改动）",
                                  problem_en=f"entry {entry.id} does not link to the one before it "
                                  "(a row inserted or changed before it)")  # fmt: skip
            if chain_hash(prev, entry.id, entry.at, entry.event) != entry.hash:
                return ChainCheck(entries=count, broken_at=entry.id,
                                  problem=f"第 {entry.id} 条记录的内容与其哈希不符（被改动）",
                                  problem_en=f"entry {entry.id} does not match its hash (changed)")  # fmt: skip
            if entry.id in wanted and wanted.pop(entry.id) != entry.hash:
                return ChainCheck(entries=count, broken_at=entry.id,
                                  problem=f"第 {entry.id} 条记录与锚点的哈希不符（日志被重写）",
                                  problem_en=f"entry {entry.id} does not match the anchor "
                                  "(the log was rewritten)")  # fmt: skip
            prev, expected_id = entry.hash, entry.id + 1
        if wanted:
            first = min(wanted)
            return ChainCheck(entries=count, broken_at=first,
                              problem=f"锚点所指的第 {first} 条记录已不存在（日志被截短）",
                              problem_en=f"entry {first} of an anchor is gone (the log was cut short)")  # fmt: skip
        return ChainCheck(entries=count)
