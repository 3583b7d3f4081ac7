"""The platform's staff users and their roles (``store.users``), apart from the departments'
push credentials.

A user is one person: a name, the roles held, the department (统一社会信用代码) it works
for ("" for the credit centre itself), an API token and, for the portal's staff pages, a
password. Like a department's token, the user's token is 32 random bytes shown once; the
store keeps its SHA-256. The password is kept only as the hash the platform layer makes
(argon2id). Every change — a user added or removed, a role granted or revoked, a token
rotated, a password set — is appended to the access log in the same transaction, and a
removed user or a rotated token stops working at once (each request looks the token up).

The roles (郑发改财贸〔2019〕773号 五.三; 《个人信用信息基础数据库管理暂行办法》第二十七至二十九条,
the separated roles of the PBOC credit database):

``admin``      manages users and configuration; never reads personal data
``submitter``  a department's push credential held by a named person
``querier``    asks to see personal data, and sees it once an application is approved
``approver``   approves or rejects another person's application
``auditor``    reads the access log, nothing else

>>> role_conflict(["querier", "approver"])[1]
'a querier may not approve queries (their own included)'
>>> role_conflict(["querier"]) is None
True
"""

from __future__ import annotations

import builtins
import datetime as dt
import json
import secrets
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, Engine

from sgs.errors import SgsError
from sgs.store.audit import AUDIT_KEY, AccessEvent, AccessLog
from sgs.store.departments import new_token, token_hash
from sgs.store.schema import sessions, users
from sgs.store.times import as_utc
from sgs.store.writes import write_transaction

__all__ = [
    "INCOMPATIBLE_ROLES",
    "ROLES",
    "ROLE_LABELS",
    "Actor",
    "User",
    "UserError",
    "UserRepository",
    "role_conflict",
]

#: The roles a user may hold.
ROLES = ("admin", "submitter", "querier", "approver", "auditor")
ROLE_LABELS = {"admin": "系统管理员", "submitter": "报送员", "querier": "查询员",
               "approver": "审核员", "auditor": "审计员"}  # fmt: skip

#: Pairs of roles one person may not hold together, with the reason (Chinese, English).
INCOMPATIBLE_ROLES: tuple[tuple[frozenset[str], str, str], ...] = (
    (frozenset({"querier", "approver"}), "查询员不得审核查询申请（包括本人的）",
     "a querier may not approve queries (their own included)"),
    (frozenset({"submitter", "querier"}), "报送员不得同时为查询员",
     "a submitter may not also query"),
    (frozenset({"admin", "querier"}), "系统管理员不得查询个人信息",
     "an administrator may not query personal data"),
    (frozenset({"admin", "auditor"}), "审计员须独立于系统管理员",
     "the auditor must be independent of the administrator"),
    (frozenset({"auditor", "querier"}), "审计员不得审计本人的查询",
     "an auditor may not audit their own queries"),
    (frozenset({"auditor", "approver"}), "审计员不得审计本人的审核",
     "an auditor may not audit their own approvals"),
    (frozenset({"auditor", "submitter"}), "审计员只读访问日志，不报送数据",
     "an auditor reads the log and submits nothing"),
)  # fmt: skip


def role_conflict(roles: Iterable[str]) -> tuple[str, str] | None:
    """Why one person may not hold ``roles`` together (Chinese, English); ``None`` if they may."""
    held = set(roles)
    for pair, zh, en in INCOMPATIBLE_ROLES:
        if pair <= held:
            return zh, en
    return None


class UserError(SgsError):
    """A user or role change that cannot be made (unknown user, incompatible roles…)."""


@attrs.frozen(kw_only=True)
class User:
    """A staff user as the store knows it (never its token or password hash)."""

    id: int
    name: str
    department: str = ""
    roles: tuple[str, ...] = ()
    has_password: bool = False
    created_at: dt.datetime | None = None
    removed_at: dt.datetime | None = None

    @property
    def active(self) -> bool:
        return self.removed_at is None

    def has(self, role: str) -> bool:
        return self.active and role in self.roles

    def event(self, action: str, **fields: Any) -> AccessEvent:
        """An access event of ``action`` done by this user (its name, roles, department)."""
        return AccessEvent(actor=self.name, role=",".join(self.roles),
                           department=self.department, action=action, **fields)  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "department": self.department, "roles": list(self.roles),
                "active": self.active, "has_password": self.has_password,
                "created_at": self.created_at.isoformat() if self.created_at else None,
                "removed_at": self.removed_at.isoformat() if self.removed_at else None}  # fmt: skip


@attrs.frozen(kw_only=True)
class Actor:
    """Who makes a change and from where: what the access log records of it."""

    name: str
    role: str = "admin"
    department: str = ""
    channel: str = "cli"
    client: str = ""


def _user(row: Any) -> User:
    return User(id=row.id, name=row.name, department=row.department,
                roles=tuple(json.loads(row.roles)), has_password=row.password_hash is not None,
                created_at=row.created_at, removed_at=row.removed_at)  # fmt: skip


def _checked_roles(roles: Iterable[str]) -> tuple[str, ...]:
    held = tuple(dict.fromkeys(r.strip() for r in roles if r.strip()))
    for role in held:
        if role not in ROLES:
            raise UserError(f"未知的角色 {role}（可用：{'、'.join(ROLES)}）",
                            f"unknown role {role} (roles: {', '.join(ROLES)})")  # fmt: skip
    conflict = role_conflict(held)
    if conflict is not None:
        raise UserError(f"角色不相容：{conflict[0]}", f"incompatible roles: {conflict[1]}")
    return held


class UserRepository:
    """The staff users of one store (``store.users``); each change logged in ``audit``."""

    def __init__(self, engine: Engine, audit: AccessLog,
                 clock: Callable[[], dt.datetime] | None = None) -> None:  # fmt: skip
        self.engine = engine
        self.audit = audit
        self.clock: Callable[[], dt.datetime] = clock or (lambda: dt.datetime.now(dt.UTC))

    # -- reading ----------------------------------------------------------------------------
    def find(self, name: str) -> User | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(users).where(users.c.name == name)).first()
        return _user(row) if row is not None else None

    def get(self, name: str) -> User:
        found = self.find(name)
        if found is None:
            raise UserError(f"没有名为 {name} 的用户", f"no user named {name}")
        return found

    def by_id(self, user_id: int) -> User | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(users).where(users.c.id == user_id)).first()
        return _user(row) if row is not None else None

    def list(self, *, removed: bool = False) -> builtins.list[User]:
        query = select(users).order_by(users.c.name)
        if not removed:
            query = query.where(users.c.removed_at.is_(None))
        with self.engine.connect() as connection:
            return [_user(r) for r in connection.execute(query)]

    def authenticate(self, token: str) -> User | None:
        """The active user whose API token is ``token``; ``None`` otherwise."""
        if not token:
            return None
        query = select(users).where(
            users.c.token_hash == token_hash(token), users.c.removed_at.is_(None)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return _user(row) if row is not None else None

    def password_hash(self, name: str) -> tuple[User, str] | None:
        """An active user of that name with its password hash; ``None`` without either."""
        query = select(users).where(users.c.name == name, users.c.removed_at.is_(None))
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None or row.password_hash is None:
            return None
        return _user(row), row.password_hash

    # -- changing ---------------------------------------------------------------------------
    def add(self, name: str, roles: Sequence[str], *, actor: Actor,
            department: str = "") -> tuple[User, str]:  # fmt: skip
        """A new user holding ``roles``; it and its API token (shown once, never stored)."""
        name = name.strip()
        if not name or len(name) > 64:
            raise UserError("用户名应为 1 至 64 个字符", "a user name is 1 to 64 characters")
        held = _checked_roles(roles)
        if not held:
            raise UserError("用户至少应有一个角色", "a user needs a role")
        if "submitter" in held and not department:
            raise UserError("报送员须指定所属单位（--department）",
                            "a submitter needs its department (--department)")  # fmt: skip
        token, now = new_token(), self.clock()
        with write_transaction(self.engine, AUDIT_KEY) as connection:
            if connection.execute(select(users.c.id).where(users.c.name == name)).first():
                raise UserError(f"用户 {name} 已存在", f"a user named {name} exists already")
            connection.execute(users.insert(), {
                "name": name, "department": department, "roles": json.dumps(list(held)),
                "token_hash": token_hash(token), "created_at": now, "updated_at": now,
            })  # fmt: skip
            self._log(connection, actor, "user-add", name, roles=list(held),
                      user_department=department)  # fmt: skip
        return self.get(name), token

    def grant(self, name: str, role: str, *, actor: Actor) -> User:
        """Give ``name`` the further ``role`` (refused when it is incompatible with a held one)."""
        return self._roles(name, actor, "role-grant", role, lambda held: [*held, role])

    def revoke(self, name: str, role: str, *, actor: Actor) -> User:
        """Take ``role`` from ``name``."""
        return self._roles(name, actor, "role-revoke", role,
                           lambda held: [r for r in held if r != role])  # fmt: skip

    def remove(self, name: str, *, actor: Actor) -> User:
        """Disable ``name`` at once: its token, password and sessions stop working."""
        now = self.clock()
        with write_transaction(self.engine, AUDIT_KEY) as connection:
            found = self._active(connection, name)
            connection.execute(delete(sessions).where(sessions.c.user_id == found.id))
            connection.execute(update(users).where(users.c.id == found.id).values(
                token_hash=None, password_hash=None, removed_at=now, updated_at=now))  # fmt: skip
            self._log(connection, actor, "user-remove", name)
        return self.get(name)

    def rotate(self, name: str, *, actor: Actor) -> str:
        """A new API token for ``name``; the old one stops working at once."""
        token, now = new_token(), self.clock()
        with write_transaction(self.engine, AUDIT_KEY) as connection:
            found = self._active(connection, name)
            connection.execute(update(users).where(users.c.id == found.id).values(
                token_hash=token_hash(token), updated_at=now))  # fmt: skip
            self._log(connection, actor, "token-rotate", name)
        return token

    def set_password_hash(self, name: str, password_hash: str, *, actor: Actor) -> None:
        """Keep ``password_hash`` (made by the caller) as ``name``'s; its sessions end."""
        now = self.clock()
        with write_transaction(self.engine, AUDIT_KEY) as connection:
            found = self._active(connection, name)
            connection.execute(delete(sessions).where(sessions.c.user_id == found.id))
            connection.execute(update(users).where(users.c.id == found.id).values(
                password_hash=password_hash, updated_at=now))  # fmt: skip
            self._log(connection, actor, "password-set", name)

    # -- portal sessions --------------------------------------------------------------------
    def open_session(self, user: User, *, lifetime: dt.timedelta, client: str = "") -> str:
        """A new session cookie value for ``user`` (its hash kept), logged as a login."""
        cookie, now = secrets.token_urlsafe(32), self.clock()
        with write_transaction(self.engine, AUDIT_KEY) as connection:
            connection.execute(sessions.insert(), {
                "token_hash": token_hash(cookie), "user_id": user.id, "created_at": now,
                "expires_at": now + lifetime})  # fmt: skip
            self.audit.append(connection, user.event("login", channel="portal", client=client))
        return cookie

    def session_user(self, cookie: str) -> User | None:
        """The active user of an unexpired session ``cookie``; ``None`` otherwise."""
        if not cookie:
            return None
        query = (
            select(users, sessions.c.expires_at)
            .join(sessions, sessions.c.user_id == users.c.id)
            .where(sessions.c.token_hash == token_hash(cookie), users.c.removed_at.is_(None))
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None or as_utc(row.expires_at) <= self.clock():
            return None
        return _user(row)

    def close_session(self, cookie: str, *, client: str = "") -> None:
        """End the session ``cookie`` (a logout), logged when it was a live one."""
        user = self.session_user(cookie)
        with write_transaction(self.engine, AUDIT_KEY) as connection:
            connection.execute(delete(sessions).where(sessions.c.token_hash == token_hash(cookie)))
            if user is not None:
                self.audit.append(connection, user.event("logout", channel="portal",
                                                         client=client))  # fmt: skip

    # -- helpers ----------------------------------------------------------------------------
    def _active(self, connection: Connection, name: str) -> User:
        row = connection.execute(
            select(users).where(users.c.name == name, users.c.removed_at.is_(None))
        ).first()
        if row is None:
            raise UserError(f"没有名为 {name} 的在用用户", f"no active user named {name}")
        return _user(row)

    def _roles(self, name: str, actor: Actor, action: str, role: str,
               change: Callable[[tuple[str, ...]], Iterable[str]]) -> User:  # fmt: skip
        with write_transaction(self.engine, AUDIT_KEY) as connection:
            found = self._active(connection, name)
            held = _checked_roles(change(found.roles))
            if not held:
                raise UserError(f"用户 {name} 至少应保留一个角色（可删除该用户）",
                                f"{name} must keep a role (remove the user instead)")  # fmt: skip
            if "submitter" in held and not found.department:
                raise UserError("报送员须属于一个单位", "a submitter needs its department")
            connection.execute(update(users).where(users.c.id == found.id).values(
                roles=json.dumps(list(held)), updated_at=self.clock()))  # fmt: skip
            self._log(connection, actor, action, name, role=role, roles=list(held))
        return self.get(name)

    def _log(self, connection: Connection, actor: Actor, action: str, name: str,
             **detail: Any) -> None:  # fmt: skip
        self.audit.append(connection, AccessEvent(
            actor=actor.name, role=actor.role, department=actor.department, action=action,
            channel=actor.channel, client=actor.client, detail={"user": name, **detail}))  # fmt: skip
