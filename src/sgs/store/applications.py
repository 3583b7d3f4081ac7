"""Applications to query personal data in clear (``store.applications``): 查询使用登记和审查.

A querier applies — the records (by key), a purpose code, a text and the legal basis —
and another user, an approver, approves or rejects; the querier may then see those
records in clear until the application expires or is closed. The first clear read marks
it executed. Each step is appended to the access log in the same transaction as the
change (``apply``, ``approve``, ``reject``, ``close``; the reads are ``read`` events
written by the platform's gate).

States: ``applied`` → ``approved`` | ``rejected``; ``approved`` → ``executed`` (the
first read) → ``closed``; an approved application may also be closed unused.
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

import attrs
from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from sgs.errors import SgsError
from sgs.store.audit import AUDIT_KEY, AccessLog
from sgs.store.cases import case_number
from sgs.store.schema import applications, users
from sgs.store.times import as_utc
from sgs.store.users import User
from sgs.store.writes import write_transaction

__all__ = ["APPLICATION_STATES", "Application", "ApplicationError", "ApplicationRepository"]

APPLICATION_STATES = ("applied", "approved", "rejected", "executed", "closed")
#: The states in which the requester may see the application's records in clear.
USABLE_STATES = ("approved", "executed")


class ApplicationError(SgsError):
    """An application step that cannot be taken; ``code`` says which rule refused it."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.code = code


@attrs.frozen(kw_only=True)
class Application:
    """One application as the store holds it."""

    id: str
    requester: str
    requester_id: int
    department: str
    keys: tuple[str, ...]
    purpose: str
    text: str
    basis: str
    state: str
    approver: str = ""
    opinion: str = ""
    applied_at: dt.datetime
    decided_at: dt.datetime | None = None
    executed_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None

    def usable(self, now: dt.datetime) -> bool:
        """Whether its records may be seen in clear at ``now``."""
        return self.state in USABLE_STATES and (self.expires_at is None or now < self.expires_at)

    def to_dict(self) -> dict[str, Any]:
        values = attrs.asdict(self)
        values["keys"] = list(self.keys)
        del values["requester_id"]
        for name in ("applied_at", "decided_at", "executed_at", "closed_at", "expires_at"):
            when = values[name]
            values[name] = when.isoformat() if when is not None else None
        return values


def _when(value: dt.datetime | None) -> dt.datetime | None:
    return as_utc(value) if value is not None else None


class ApplicationRepository:
    """The applications of one store (``store.applications``)."""

    def __init__(self, engine: Engine, audit: AccessLog,
                 clock: Callable[[], dt.datetime] | None = None) -> None:  # fmt: skip
        self.engine = engine
        self.audit = audit
        self.clock: Callable[[], dt.datetime] = clock or (lambda: dt.datetime.now(dt.UTC))

    def _query(self) -> Any:
        approver = users.alias("approver")
        requester = users.alias("requester")
        return (
            select(applications, requester.c.name.label("requester_name"),
                   approver.c.name.label("approver_name"))
            .join(requester, requester.c.id == applications.c.requester_id)
            .outerjoin(approver, approver.c.id == applications.c.approver_id)
        )  # fmt: skip

    @staticmethod
    def _application(row: Any) -> Application:
        return Application(
            id=row.id, requester=row.requester_name, requester_id=row.requester_id,
            department=row.department, keys=tuple(json.loads(row.keys)), purpose=row.purpose,
            text=row.text, basis=row.basis, state=row.state, approver=row.approver_name or "",
            opinion=row.opinion, applied_at=as_utc(row.applied_at),
            decided_at=_when(row.decided_at), executed_at=_when(row.executed_at),
            closed_at=_when(row.closed_at), expires_at=_when(row.expires_at),
        )  # fmt: skip

    def find(self, ident: str, connection: Connection | None = None) -> Application | None:
        query = self._query().where(applications.c.id == ident)
        if connection is not None:
            row = connection.execute(query).first()
        else:
            with self.engine.connect() as own:
                row = own.execute(query).first()
        return self._application(row) if row is not None else None

    def get(self, ident: str, connection: Connection | None = None) -> Application:
        found = self.find(ident, connection)
        if found is None:
            raise ApplicationError("unknown-application", f"没有编号为 {ident} 的查询申请",
                                   f"no application {ident}")  # fmt: skip
        return found

    def list(self, *, requester: User | None = None, state: str | None = None,
             department: str | None = None) -> builtins.list[Application]:  # fmt: skip
        query = self._query().order_by(applications.c.applied_at, applications.c.id)
        if requester is not None:
            query = query.where(applications.c.requester_id == requester.id)
        if state is not None:
            query = query.where(applications.c.state == state)
        if department is not None:
            query = query.where(applications.c.department == department)
        with self.engine.connect() as connection:
            return [self._application(r) for r in connection.execute(query)]

    def apply(self, requester: User, keys: Sequence[str], *, purpose: str, text: str,
              basis: str, channel: str, client: str = "") -> Application:  # fmt: skip
        """Register ``requester``'s application for ``keys``; the rules are the caller's."""
        now = self.clock()
        wanted = list(dict.fromkeys(keys))
        for _ in range(20):
            ident = case_number("SQ", now.date())
            try:
                with write_transaction(self.engine, AUDIT_KEY) as connection:
                    connection.execute(applications.insert(), {
                        "id": ident, "requester_id": requester.id,
                        "department": requester.department, "keys": json.dumps(wanted),
                        "purpose": purpose, "text": text, "basis": basis, "state": "applied",
                        "applied_at": now,
                    })  # fmt: skip
                    self._log(connection, requester, "apply", ident, wanted, purpose=purpose,
                              basis=basis, channel=channel, client=client)  # fmt: skip
                return self.get(ident)
            except IntegrityError:
                continue  # the random part met another application's: draw again
        raise ApplicationError("no-number", "无法生成申请编号", "could not draw an application id")

    def decide(self, ident: str, approver: User, *, approve: bool, opinion: str,
               valid_for: dt.timedelta, channel: str, client: str = "") -> Application:  # fmt: skip
        """Approve or reject ``ident``: only an ``applied`` one, never by its requester."""
        now = self.clock()
        with write_transaction(self.engine, AUDIT_KEY) as connection:
            found = self.get(ident, connection)
            if found.requester_id == approver.id:
                raise ApplicationError("own-application", "不得审核本人的查询申请",
                                       "an application is never approved by its requester")  # fmt: skip
            if found.state != "applied":
                raise ApplicationError("already-decided",
                                       f"申请 {ident} 已为“{found.state}”，不能再审核",
                                       f"application {ident} is {found.state} already")  # fmt: skip
            connection.execute(update(applications).where(applications.c.id == ident).values(
                state="approved" if approve else "rejected", approver_id=approver.id,
                opinion=opinion, decided_at=now, expires_at=now + valid_for if approve else None,
            ))  # fmt: skip
            self._log(connection, approver, "approve" if approve else "reject", ident,
                      found.keys, purpose=found.purpose, basis=found.basis, channel=channel,
                      client=client, requester=found.requester, opinion=opinion)  # fmt: skip
        return self.get(ident)

    def executed(self, connection: Connection, ident: str) -> None:
        """Mark ``ident`` executed (its first clear read), inside the reader's transaction."""
        connection.execute(
            update(applications)
            .where(applications.c.id == ident, applications.c.state == "approved")
            .values(state="executed", executed_at=self.clock())
        )

    def close(self, ident: str, user: User, *, channel: str, client: str = "") -> Application:
        """Close ``ident`` (its requester or an approver): no more clear reads under it."""
        now = self.clock()
        with write_transaction(self.engine, AUDIT_KEY) as connection:
            found = self.get(ident, connection)
            if found.requester_id != user.id and not user.has("approver"):
                raise ApplicationError("not-yours", "只有申请人或审核员可以关闭申请",
                                       "only the requester or an approver may close it")  # fmt: skip
            if found.state not in USABLE_STATES:
                raise ApplicationError("not-open", f"申请 {ident} 为“{found.state}”，不能关闭",
                                       f"application {ident} is {found.state}: nothing to close")  # fmt: skip
            connection.execute(update(applications).where(applications.c.id == ident)
                               .values(state="closed", closed_at=now))  # fmt: skip
            self._log(connection, user, "close", ident, found.keys, purpose=found.purpose,
                      basis=found.basis, channel=channel, client=client)  # fmt: skip
        return self.get(ident)

    def _log(self, connection: Connection, user: User, action: str, ident: str,
             keys: Sequence[str], *, purpose: str, basis: str, channel: str, client: str,
             **detail: Any) -> None:  # fmt: skip
        self.audit.append(connection, user.event(
            action, records=tuple(keys), purpose=purpose, basis=basis, channel=channel,
            client=client, detail={"application": ident, **detail}))  # fmt: skip
