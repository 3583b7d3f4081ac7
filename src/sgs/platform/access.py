"""The gate to personal data on the platform: roles, applications, and an access event for
every read (郑发改财贸〔2019〕773号 五.三, 个人信息查询使用登记和审查制度).

Whatever the channel — the HTTP API, the CLI, ``Platform`` used as a library, an export —
a record reaches a staff user through :class:`Access`:

* the **masked view** of a record (ID numbers masked, a natural person's name masked) is
  for a ``querier`` or an ``approver``; reading a natural person's record so is logged
  as a ``read`` without revealed fields;
* the **clear view** (``reveal``) is for the querier of an application another user —
  an approver — approved, for the records it names, until it expires or is closed; each
  such read is a ``read`` event naming the fields revealed, the application, its
  purpose and legal basis, in the same transaction that marks the application executed;
* anything refused is a ``denied`` event with a stable reason code, and an
  :class:`AccessDenied` for the caller (its ``status`` the HTTP answer).

The log holds record keys and field codes only. An ``admin`` never passes the gate, and
an ``auditor`` reads the log (:meth:`Access.events`) and nothing else.

>>> import tempfile, pathlib
>>> from sgs.platform import open_platform
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "platform.toml").write_text(
...     '[platform]\\nname = "示例市信用信息中心"\\ncredit_code = "12410100MB00000002"\\n',
...     encoding="utf-8")
>>> platform = open_platform(folder / "platform.toml")
>>> admin = Actor(name="管理员")
>>> _, token = platform.store.users.add("王查询", ["querier"], actor=admin)
>>> querier = platform.access.login(token)
>>> platform.access.record("no-such-key", user=querier).status
Traceback (most recent call last):
...
sgs.platform.access.AccessDenied: 没有该记录 (no such record)
>>> platform.close()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from sgs.errors import SgsError
from sgs.platform.config import PlatformConfig
from sgs.platform.purposes import AUTHORISED, PURPOSES, basis_of
from sgs.publication import NATURAL_PERSON, masking_profile, party_category
from sgs.standard import RecordSpec, Role, Standard, get_standard
from sgs.store import Actor, Application, ApplicationError, CurrentRow, ReturnRow, Store, User
from sgs.store.audit import AUDIT_KEY, AccessEvent, LoggedEvent
from sgs.store.writes import write_transaction

__all__ = ["Access", "AccessDenied", "Actor", "RecordView"]

#: Records one application may name.
MAX_KEYS = 1000


class AccessDenied(SgsError):
    """A refused access: ``code`` a stable reason, ``status`` the HTTP status it answers."""

    def __init__(self, code: str, message_zh: str, message_en: str, status: int = 403) -> None:
        super().__init__(message_zh, message_en)
        self.code, self.status = code, status

    def __str__(self) -> str:
        return f"{self.message_zh} ({self.message_en})"


@attrs.frozen(kw_only=True)
class RecordView:
    """A record as a staff user sees it: ``masked`` or in clear, and what was revealed."""

    key: str
    kind: str
    fields: Mapping[str, str]
    masked: bool
    natural_person: bool
    revealed: tuple[str, ...] = ()
    objection: bool = False
    application: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind, "fields": dict(self.fields),
                "masked": self.masked, "natural_person": self.natural_person,
                "revealed": list(self.revealed), "objection": self.objection,
                "application": self.application}  # fmt: skip


class Access:
    """The gate of one platform's store (``platform.access``)."""

    def __init__(self, store: Store, standard: Standard, config: PlatformConfig) -> None:
        self.store = store
        self.standard = standard
        self.config = config
        self.masking = masking_profile(config.publication.profile if config.publication
                                       else "cn-default")  # fmt: skip

    # -- who --------------------------------------------------------------------------------
    def login(self, token: str) -> User:
        """The active user whose API token is ``token`` (:class:`AccessDenied` 401 otherwise)."""
        found = self.store.users.authenticate(token.strip()) if token else None
        if found is None:
            raise AccessDenied("unauthorized", "缺少有效的用户令牌", "a working user token is needed",
                               status=401)  # fmt: skip
        return found

    def purposes_of(self, department: str) -> tuple[str, ...]:
        """The purposes a querier of ``department`` ("": the credit centre) may name."""
        return self.config.access_departments.get(department, self.config.access_purposes)

    # -- applications -----------------------------------------------------------------------
    def apply(self, user: User, keys: Sequence[str], *, purpose: str, text: str = "",
              authorisation: tuple[str, dt.date] | None = None, channel: str = "python",
              client: str = "", on: dt.date | None = None) -> Application:  # fmt: skip
        """``user`` (a querier) applies to see ``keys`` in clear for ``purpose``."""
        self._require(user, ("querier",), "apply", keys, channel, client)
        wanted = [k.strip() for k in dict.fromkeys(keys) if k.strip()]
        if not wanted or len(wanted) > MAX_KEYS:
            raise AccessDenied("bad-keys", f"申请应列出 1 至 {MAX_KEYS} 条记录",
                               f"an application names 1 to {MAX_KEYS} records", status=400)  # fmt: skip
        if purpose not in PURPOSES:
            raise AccessDenied("unknown-purpose", f"未知的查询用途 {purpose!r}",
                               f"unknown purpose {purpose!r}", status=400)  # fmt: skip
        if purpose not in self.purposes_of(user.department):
            self._deny(user, "purpose-not-allowed", wanted, channel, client, purpose=purpose)
            raise AccessDenied(
                "purpose-not-allowed",
                f"查询用途“{PURPOSES[purpose]}”不在本单位的查询事项清单内",
                f"the purpose {purpose} is not on the department's list of query items",
            )
        if not text.strip():
            raise AccessDenied(
                "no-text", "请说明查询事由", "say why the data is needed", status=400
            )
        day = on or dt.datetime.now(dt.UTC).date()
        if purpose == AUTHORISED and (authorisation is None or authorisation[1] < day):
            raise AccessDenied("no-authorisation",
                               "授权查询须提供信息主体有效的书面授权（编号与有效期）",
                               "an authorised query needs the subject's written authorisation "
                               "(its id and expiry), unexpired", status=400)  # fmt: skip
        unknown = [k for k in wanted if self.store.received.current_one(k) is None]
        if unknown:
            raise AccessDenied("unknown-records", f"没有这些记录：{'、'.join(unknown[:10])}",
                               f"no such records: {', '.join(unknown[:10])}", status=400)  # fmt: skip
        shown = (authorisation[0], authorisation[1].isoformat()) if authorisation else None
        return self.store.applications.apply(user, wanted, purpose=purpose, text=text.strip(),
                                             basis=basis_of(purpose, shown), channel=channel,
                                             client=client)  # fmt: skip

    def decide(self, ident: str, user: User, *, approve: bool, opinion: str = "",
               channel: str = "python", client: str = "") -> Application:  # fmt: skip
        """``user`` (an approver, not the requester) approves or rejects ``ident``."""
        found = self._application(ident)
        self._require(user, ("approver",), "approve" if approve else "reject", found.keys,
                      channel, client)  # fmt: skip
        if user.department not in ("", found.department):
            self._deny(user, "other-department", found.keys, channel, client, application=ident)
            raise AccessDenied("other-department", "只能审核本单位的查询申请",
                               "an approver decides the applications of its own department")  # fmt: skip
        try:
            return self.store.applications.decide(
                ident, user, approve=approve, opinion=opinion,
                valid_for=dt.timedelta(days=self.config.application_days), channel=channel,
                client=client)  # fmt: skip
        except ApplicationError as exc:
            self._deny(user, exc.code, found.keys, channel, client, application=ident)
            raise AccessDenied(exc.code, exc.message_zh, exc.message_en,
                               status=409 if exc.code == "already-decided" else 403) from None  # fmt: skip

    def close(self, ident: str, user: User, *, channel: str = "python",
              client: str = "") -> Application:  # fmt: skip
        found = self._application(ident)
        try:
            return self.store.applications.close(found.id, user, channel=channel, client=client)
        except ApplicationError as exc:
            raise AccessDenied(exc.code, exc.message_zh, exc.message_en,
                               status=403 if exc.code == "not-yours" else 409) from None  # fmt: skip

    def applications(self, user: User) -> list[Application]:
        """The applications ``user`` may see: its own (a querier), those it may decide (an
        approver: of its department, or all for the credit centre's)."""
        if user.has("approver"):
            department = user.department or None
            return self.store.applications.list(department=department)
        if user.has("querier"):
            return self.store.applications.list(requester=user)
        raise AccessDenied("role", "该角色不能查看查询申请", "this role has no applications")

    def application(self, ident: str, user: User) -> Application:
        found = self._application(ident)
        if found.requester_id == user.id or (
            user.has("approver") and user.department in ("", found.department)
        ):
            return found
        raise AccessDenied("not-yours", "无权查看该申请", "not an application of yours")

    # -- records ----------------------------------------------------------------------------
    def record(self, key: str, *, user: User, reveal: bool = False,
               application: str | None = None, channel: str = "python",
               client: str = "") -> RecordView:  # fmt: skip
        """The record ``key`` as ``user`` may see it: masked, or in clear under ``application``."""
        self._require(user, ("querier", "approver"), "read", (key,), channel, client)
        row = self.store.received.current_one(key)
        if row is None:
            raise AccessDenied("not-found", "没有该记录", "no such record", status=404)
        if not reveal:
            view = self._view(row, clear=False)
            if view.natural_person:
                self.store.audit.record(self._event(user, "read", (key,), (), channel, client,
                                                    masked=True))  # fmt: skip
            return view
        found = self._usable(user, key, application, channel, client)
        view = self._view(row, clear=True)
        event = self._event(user, "read", (key,), view.revealed, channel, client,
                            application=found.id, purpose=found.purpose, basis=found.basis)  # fmt: skip
        with write_transaction(self.store.engine, AUDIT_KEY) as connection:
            self.store.applications.executed(connection, found.id)
            self.store.audit.append(connection, event)
        return attrs.evolve(view, application=found.id)

    def export(self, user: User, application: str, *, channel: str = "export",
               client: str = "") -> list[RecordView]:  # fmt: skip
        """Every record of ``application`` in clear, for its querier: one ``export`` event."""
        found = self._usable(user, None, application, channel, client)
        rows = [r for r in (self.store.received.current_one(k) for k in found.keys) if r]
        views = [self._view(r, clear=True) for r in rows]
        fields = tuple(dict.fromkeys(f for v in views for f in v.revealed))
        event = self._event(user, "export", tuple(v.key for v in views), fields, channel, client,
                            application=found.id, purpose=found.purpose, basis=found.basis,
                            count=len(views))  # fmt: skip
        with write_transaction(self.store.engine, AUDIT_KEY) as connection:
            self.store.applications.executed(connection, found.id)
            self.store.audit.append(connection, event)
        return [attrs.evolve(v, application=found.id) for v in views]

    def returned(self, rows: Sequence[ReturnRow], *, actor: str, role: str, department: str,
                 channel: str, client: str = "") -> None:  # fmt: skip
        """Log the returned records (疑问数据) handed back to their provider — a duty
        (``duty:returns``) — when any of them holds personal data in clear."""
        fields = tuple(dict.fromkeys(
            f.code for r in rows for f in self._spec(None, r.kind).fields
            if f.personal and r.fields.get(f.code)))  # fmt: skip
        if not fields:
            return
        self.store.audit.record(AccessEvent(
            actor=actor, role=role, department=department, action="export",
            records=tuple(r.key for r in rows), fields=fields, purpose="returns",
            basis="duty:returns", channel=channel, client=client, result_count=len(rows)))  # fmt: skip

    # -- the log ----------------------------------------------------------------------------
    def events(self, user: User, *, since: int = 0, limit: int = 100,
               action: str | None = None, channel: str = "python",
               client: str = "") -> list[LoggedEvent]:  # fmt: skip
        """Access events after id ``since`` (at most ``limit``), for an auditor only."""
        self._require(user, ("auditor",), "audit", (), channel, client)
        found: list[LoggedEvent] = []
        entries: Iterator[LoggedEvent] = self.store.audit.entries(since=since)
        for entry in entries:
            if action is None or entry.event.action == action:
                found.append(entry)
                if len(found) >= limit:
                    break
        return found

    # -- helpers ----------------------------------------------------------------------------
    def _application(self, ident: str) -> Application:
        found = self.store.applications.find(ident)
        if found is None:
            raise AccessDenied("unknown-application", f"没有编号为 {ident} 的查询申请",
                               f"no application {ident}", status=404)  # fmt: skip
        return found

    def _usable(self, user: User, key: str | None, application: str | None, channel: str,
                client: str) -> Application:  # fmt: skip
        keys = (key,) if key else ()
        self._require(user, ("querier",), "read", keys, channel, client, reveal=True)
        if not application:
            self._deny(user, "no-application", keys, channel, client)
            raise AccessDenied("no-application", "查看明文个人信息须有经审核通过的查询申请",
                               "clear personal data needs an approved application")  # fmt: skip
        found = self.store.applications.find(application)
        problem: tuple[str, str, str] | None = None
        if found is None or found.requester_id != user.id:
            problem = ("not-yours", "该申请不存在或不是本人的", "no such application of yours")
        elif found.state in ("applied", "rejected"):
            problem = ("not-approved", f"申请 {found.id} 未经审核通过",
                       f"application {found.id} is not approved")  # fmt: skip
        elif not found.usable(self.store.audit.clock()):
            problem = ("expired", f"申请 {found.id} 已关闭或过期",
                       f"application {found.id} is closed or expired")  # fmt: skip
        elif key is not None and key not in found.keys:
            problem = ("not-in-application", "该记录不在申请范围内",
                       "the record is not one the application names")  # fmt: skip
        if problem is not None or found is None:
            code, zh, en = problem or ("not-yours", "", "")
            self._deny(user, code, keys, channel, client, application=application)
            raise AccessDenied(code, zh, en)
        return found

    def _require(self, user: User, roles: Sequence[str], action: str, keys: Sequence[str],
                 channel: str, client: str, **detail: Any) -> None:  # fmt: skip
        if any(user.has(r) for r in roles):
            return
        self._deny(user, "role", keys, channel, client, wanted=action, **detail)
        raise AccessDenied("role", "该角色无权进行此操作", "this role may not do that")

    def _deny(self, user: User, reason: str, keys: Sequence[str], channel: str, client: str,
              **detail: Any) -> None:  # fmt: skip
        self.store.audit.record(self._event(user, "denied", tuple(keys), (), channel, client,
                                            reason=reason, **detail))  # fmt: skip

    def _event(self, user: User, action: str, keys: Sequence[str], fields: Sequence[str],
               channel: str, client: str, *, purpose: str = "", basis: str = "",
               count: int | None = None, **detail: Any) -> AccessEvent:  # fmt: skip
        return user.event(
            action, records=tuple(keys), fields=tuple(fields), purpose=purpose, basis=basis,
            channel=channel, client=client,
            result_count=len(keys) if count is None else count, detail=detail,
        )  # fmt: skip

    def _spec(self, standard: str | None, kind: str) -> RecordSpec:
        try:
            return (get_standard(standard) if standard else self.standard).spec(kind)
        except (KeyError, ValueError, SgsError):
            return self.standard.spec(kind)

    def _view(self, row: CurrentRow, *, clear: bool) -> RecordView:
        spec = self._spec(row.standard, row.kind)
        fields = dict(row.fields)
        natural = party_category(spec, fields) == NATURAL_PERSON
        personal = [f.code for f in spec.fields if f.personal and fields.get(f.code)]
        name_code = spec.code_of(Role.PARTY_NAME)
        if natural and name_code and fields.get(name_code):
            personal.append(name_code)
        if not clear:
            for field in personal:
                value = fields[field]
                fields[field] = (self.masking.mask_name(value) if field == name_code
                                 else self.masking.mask_id(value))  # fmt: skip
        return RecordView(key=row.key, kind=row.kind, fields=fields, masked=not clear,
                          natural_person=natural, revealed=tuple(personal) if clear else (),
                          objection=row.objection is not None)  # fmt: skip
