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

:meth:`AccessLog.purge` applies retention (:mod:`sgs.store.retention`): a due entry is
emptied, not deleted, and ``purged_by`` names the one ``purge`` entry that records what
went; :meth:`AccessLog.verify` checks a purged entry's links and that a sound purge entry
covers it, since its content hash can no longer be recomputed.

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
from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Connection, Engine

from sgs.errors import StoreError
from sgs.store.retention import CLASSES as PURGED_CLASSES
from sgs.store.retention import MINIMUMS
from sgs.store.schema import access_log, applications, sessions
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
    "PurgeResult",
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
    #: The ``purge`` entry that emptied this one's content (``None``: not purged).
    purged_by: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(), **attrs.asdict(self.event),
                "prev_hash": self.prev_hash, "hash": self.hash,
                "purged_by": self.purged_by}  # fmt: skip


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


def _append(connection: Connection, at: dt.datetime, event: AccessEvent) -> LoggedEvent:
    """Append ``event`` at ``at`` in the write transaction of ``connection``."""
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


#: The content columns a purge empties (``id``, ``at``, ``action``, the hashes stay, and
#: ``channel`` and ``result_count``, which say nothing of a person).
BLANKED = {"actor": "", "role": "", "department": "", "records": "[]", "fields": "[]",
           "purpose": "", "basis": "", "client": "", "detail": "{}"}  # fmt: skip


def _ranges(ids: Sequence[int]) -> list[list[int]]:
    """Sorted ids as ``[first, last]`` runs.

    >>> _ranges([1, 2, 3, 7, 9, 10])
    [[1, 3], [7, 7], [9, 10]]
    """
    runs: list[list[int]] = []
    for ident in ids:
        if runs and runs[-1][1] + 1 == ident:
            runs[-1][1] = ident
        else:
            runs.append([ident, ident])
    return runs


@attrs.frozen(kw_only=True)
class PurgeResult:
    """What :meth:`AccessLog.purge` emptied (or, ``dry_run``, would empty).

    ``entries`` maps each class to the ids purged, ``cutoffs`` to its cutoff;
    ``applications`` are the ids of the closed applications deleted, ``sessions`` the
    number of expired sessions deleted; ``event`` the ``purge`` entry appended (``None``:
    nothing to purge, or a dry run).
    """

    cutoffs: Mapping[str, dt.datetime]
    entries: Mapping[str, tuple[int, ...]]
    applications: tuple[str, ...] = ()
    sessions: int = 0
    event: LoggedEvent | None = None

    @property
    def empty(self) -> bool:
        return not any(self.entries.values()) and not self.applications and not self.sessions

    def detail(self) -> dict[str, Any]:
        """The ``purge`` event's ``detail``: per class the id ranges, count and cutoff."""
        return {
            "classes": {
                c: {"cutoff": self.cutoffs[c].isoformat(), "count": len(ids),
                    "ranges": _ranges(ids)}
                for c, ids in self.entries.items()
            },
            "applications": {"count": len(self.applications), "ids": list(self.applications)},
            "sessions": {"count": self.sessions},
        }  # fmt: skip


def _lawful(detail: Mapping[str, Any], at: dt.datetime) -> bool:
    """Whether no cutoff of a purge made at ``at`` is later than the legal minimum allows."""
    try:
        for c, scope in detail["classes"].items():
            latest = dt.datetime.combine(MINIMUMS[c].before(at.date()), dt.time(), tzinfo=dt.UTC)
            if _utc(dt.datetime.fromisoformat(scope["cutoff"])) > latest:
                return False
    except (AttributeError, KeyError, TypeError, ValueError):
        return False
    return True


def _covers(detail: Mapping[str, Any], entry: LoggedEvent) -> bool:
    """Whether a purge event's ``detail`` names ``entry`` (its class, id, and a cutoff after it)."""
    try:
        scope = detail["classes"][ACTIONS[entry.event.action]]
        cutoff = _utc(dt.datetime.fromisoformat(scope["cutoff"]))
        inside = any(int(a) <= entry.id <= int(b) for a, b in scope["ranges"])
    except (KeyError, TypeError, ValueError):
        return False
    return inside and entry.at < cutoff


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
        return _append(connection, _utc(self.clock()), event)

    def entries(self, *, since: int = 0) -> Iterator[LoggedEvent]:
        """Every entry after id ``since``, in chain order, streamed."""
        query = select(access_log).where(access_log.c.id > since).order_by(access_log.c.id)
        with self.engine.connect() as connection:
            for row in connection.execution_options(yield_per=1000).execute(query):
                yield LoggedEvent(id=row.id, at=_utc(row.at), event=_event(row),
                                  prev_hash=row.prev_hash, hash=row.hash,
                                  purged_by=row.purged_by)  # fmt: skip

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

    def purge(
        self,
        cutoffs: Mapping[str, dt.datetime],
        *,
        actor: str,
        now: dt.datetime | None = None,
        dry_run: bool = False,
        channel: str = "python",
    ) -> PurgeResult:
        """Empty the entries logged before their class's cutoff, in one write transaction.

        ``cutoffs`` maps retention classes (``query``, ``processing``, ``system``) to the
        moment before which their entries go (:meth:`sgs.store.retention.Retention.cutoffs`).
        An entry is emptied, not deleted: its content columns are blanked and ``purged_by``
        names the ONE ``purge`` entry appended in the same transaction, whose ``detail``
        holds the id ranges, counts and cutoffs; its id, time, action and hashes stay, so the
        chain still links. Closed applications older than the ``processing`` cutoff and
        sessions expired by ``now`` are deleted. Nothing to purge: nothing is appended.
        """
        unknown = sorted(set(cutoffs) - set(PURGED_CLASSES))
        if unknown:
            raise StoreError(f"没有可清除的保存类别 {', '.join(unknown)}",
                             f"no retention class {', '.join(unknown)} to purge")  # fmt: skip
        moment = _utc(now or self.clock())
        limits = {c: _utc(cutoffs[c]) for c in PURGED_CLASSES if c in cutoffs}
        today = _utc(self.clock()).date()
        for c, limit in limits.items():
            if limit.date() > MINIMUMS[c].before(today):
                zh, en = MINIMUMS[c].words()
                raise StoreError(
                    f"{c} 类记录的清除截止日 {limit.date()} 晚于法定最短保存期限（{zh}）所允许",
                    f"the {c} cutoff {limit.date()} is later than its legal minimum ({en}) allows",
                )
        due = {
            c: (access_log.c.action.in_([a for a, k in ACTIONS.items() if k == c]),
                access_log.c.at < limit, access_log.c.purged_by.is_(None))
            for c, limit in limits.items()
        }  # fmt: skip
        closed = (
            (applications.c.closed_at.is_not(None), applications.c.closed_at < limits["processing"])
            if "processing" in limits
            else None
        )
        expired = sessions.c.expires_at < moment
        with write_transaction(self.engine, AUDIT_KEY) as connection:
            found = {
                c: tuple(connection.execute(
                    select(access_log.c.id).where(*where).order_by(access_log.c.id)
                ).scalars())
                for c, where in due.items()
            }  # fmt: skip
            gone = (
                tuple(connection.execute(
                    select(applications.c.id).where(*closed).order_by(applications.c.id)
                ).scalars())
                if closed is not None else ()
            )  # fmt: skip
            stale = int(
                connection.execute(select(func.count()).select_from(sessions).where(expired))
                .scalar() or 0
            )  # fmt: skip
            result = PurgeResult(cutoffs=limits, entries=found, applications=gone, sessions=stale)
            if dry_run or result.empty:
                return result
            event = _append(connection, _utc(self.clock()), AccessEvent(
                actor=actor, role="admin", action="purge", channel=channel,
                result_count=sum(map(len, found.values())), detail=result.detail(),
            ))  # fmt: skip
            for c, where in due.items():
                if found[c]:
                    connection.execute(
                        update(access_log).where(*where).values(**BLANKED, purged_by=event.id)
                    )
            if closed is not None and gone:
                connection.execute(delete(applications).where(*closed))
            if stale:
                connection.execute(delete(sessions).where(expired))
        return attrs.evolve(result, event=event)

    def _purges(self, now: dt.datetime) -> dict[int, Mapping[str, Any] | None]:
        """Each ``purge`` entry's ``detail`` if it can vouch for what it purged, else ``None``.

        It can when its content matches its hash (with its own ``prev_hash``; the walk
        checks the link), it is not dated after ``now`` (plus a day), and no cutoff in it
        is later than the legal minimum allows at its time — so that a purge forged by
        hand cannot erase what the law still requires kept.
        """
        query = select(access_log).where(access_log.c.action == "purge")
        found: dict[int, Mapping[str, Any] | None] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                at, event = _utc(row.at), _event(row)
                sound = (
                    row.purged_by is None
                    and chain_hash(row.prev_hash, row.id, at, event) == row.hash
                    and at <= now + dt.timedelta(days=1)
                    and _lawful(event.detail, at)
                )
                found[row.id] = event.detail if sound else None
        return found

    def verify(
        self, anchors: Sequence[Anchor] = (), *, now: dt.datetime | None = None
    ) -> ChainCheck:
        """Walk the chain from the first entry; the first broken one, or ``intact``.

        Each entry must follow the one before it (id + 1), carry its hash as
        ``prev_hash``, and hash to its own ``hash``; each of ``anchors`` must be an entry
        of the chain with that hash (so a chain cut short, or rewritten whole, is found).
        A purged entry's content is gone, so its hash cannot be recomputed: instead its
        ``purged_by`` must name a later ``purge`` entry, sound itself, whose ``detail``
        covers it (its class, its id, a cutoff after its time).
        """
        wanted = {a.id: a.hash for a in anchors}
        purges = self._purges(_utc(now or self.clock()))
        expected_id, prev, count = 1, GENESIS, 0
        last_purged = False
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
                if last_purged and chain_hash(entry.prev_hash, entry.id, entry.at,
                                              entry.event) == entry.hash:  # fmt: skip
                    return ChainCheck(entries=count, broken_at=entry.id - 1,
                                      problem=f"已清除的第 {entry.id - 1} 条记录的哈希与下一条不衔接（被改动）",
                                      problem_en=f"purged entry {entry.id - 1} does not link to "
                                      "the one after it (its hash changed)")  # fmt: skip
                return ChainCheck(entries=count, broken_at=entry.id,
                                  problem=f"第 {entry.id} 条记录与前一条的哈希不衔接（其前被插入或改动）",
                                  problem_en=f"entry {entry.id} does not link to the one before it "
                                  "(a row inserted or changed before it)")  # fmt: skip
            if entry.purged_by is not None:
                detail = purges.get(entry.purged_by) if entry.purged_by > entry.id else None
                if detail is None or not _covers(detail, entry):
                    return ChainCheck(entries=count, broken_at=entry.id,
                                      problem=f"第 {entry.id} 条记录标为已清除，但第 {entry.purged_by} "
                                      "条清除记录不能证明（被改动或伪造）",
                                      problem_en=f"entry {entry.id} is marked purged, but purge "
                                      f"entry {entry.purged_by} does not vouch for it "
                                      "(changed or forged)")  # fmt: skip
            elif chain_hash(prev, entry.id, entry.at, entry.event) != entry.hash:
                return ChainCheck(entries=count, broken_at=entry.id,
                                  problem=f"第 {entry.id} 条记录的内容与其哈希不符（被改动）",
                                  problem_en=f"entry {entry.id} does not match its hash (changed)")  # fmt: skip
            if entry.id in wanted and wanted.pop(entry.id) != entry.hash:
                return ChainCheck(entries=count, broken_at=entry.id,
                                  problem=f"第 {entry.id} 条记录与锚点的哈希不符（日志被重写）",
                                  problem_en=f"entry {entry.id} does not match the anchor "
                                  "(the log was rewritten)")  # fmt: skip
            prev, expected_id = entry.hash, entry.id + 1
            last_purged = entry.purged_by is not None
        if wanted:
            first = min(wanted)
            return ChainCheck(entries=count, broken_at=first,
                              problem=f"锚点所指的第 {first} 条记录已不存在（日志被截短）",
                              problem_en=f"entry {first} of an anchor is gone (the log was cut short)")  # fmt: skip
        return ChainCheck(entries=count)
