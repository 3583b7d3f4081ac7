"""The credit platform's departments and their API tokens (``store.departments``).

A department (报送单位) is known by its 统一社会信用代码 and may submit records
whose 数据来源单位 is its own code or one of its registered ``units``. Its
token is random (32 bytes), shown once when it is made and never stored:
the store keeps its SHA-256, and :meth:`DepartmentRepository.authenticate`
compares in constant time. Rotating makes a new token and revokes the old
ones; revoking leaves the department without a working token.
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from sgs.errors import StoreError
from sgs.store.schema import credentials, departments

__all__ = ["Department", "DepartmentRepository", "new_token", "token_hash"]

#: Random bytes in a token (the token is their URL-safe base64: 43 characters).
TOKEN_BYTES = 32


def new_token() -> str:
    """A new random API token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the store keeps of a token: its SHA-256, in hex.

    A token is 32 random bytes, so a plain hash cannot be reversed by guessing.

    >>> len(token_hash("x")), token_hash("x") == token_hash("x")
    (64, True)
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@attrs.frozen(kw_only=True)
class Department:
    """A department registered with the platform, and whether it has a working token."""

    id: int
    code: str
    name: str
    units: tuple[str, ...] = ()
    #: ``department``, or ``platform``: a lower credit platform, which forwards the records of
    #: its own departments (it has checked their sources) and may submit for any of them.
    role: str = "department"
    #: "" for a 市直部门 (a city department); otherwise the 县区/开发区 it belongs to.
    grouping: str = ""
    active_tokens: int = 0
    created_at: dt.datetime | None = None

    def may_submit_for(self, source_code: str) -> bool:
        """Whether a record whose 数据来源单位 code is ``source_code`` may come from it."""
        if self.role == "platform":
            return True
        code = source_code.strip().upper()
        return code == self.code or code in self.units


def _codes(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip().upper() for v in values if v.strip()))


class DepartmentRepository:
    """The departments of one platform store (``store.departments``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(
        self,
        name: str,
        code: str,
        units: Sequence[str] = (),
        *,
        role: str = "department",
        grouping: str = "",
    ) -> tuple[Department, str]:
        """Register a department (or, with ``role="platform"``, a lower platform) of
        ``grouping`` ("" = 市直部门, or its 县区/开发区); return it and its new token (shown
        once, never stored)."""
        code = code.strip().upper()
        now = dt.datetime.now(dt.UTC)
        token = new_token()
        try:
            with self.engine.begin() as connection:
                result = connection.execute(
                    departments.insert(),
                    {"code": code, "name": name.strip(), "created_at": now, "updated_at": now,
                     "units": json.dumps(list(_codes(units))), "role": role,
                     "grouping": grouping.strip()},
                )  # fmt: skip
                key = result.inserted_primary_key
                assert key is not None
                self._issue(connection, int(key[0]), token, now)
        except IntegrityError:
            raise StoreError(
                f"单位 {code} 已登记；如需新令牌请用 rotate",
                f"the department {code} is registered already; use rotate for a new token",
            ) from None
        return self.get(code), token

    @staticmethod
    def _issue(connection: Connection, department_id: int, token: str, now: dt.datetime) -> None:
        connection.execute(
            credentials.insert(),
            {"department_id": department_id, "token_hash": token_hash(token), "created_at": now},
        )

    def get(self, code: str) -> Department:
        """The department of ``code``; a :class:`StoreError` when there is none."""
        found = self._select(departments.c.code == code.strip().upper())
        if not found:
            raise StoreError(f"没有登记单位 {code}", f"no department {code} is registered")
        return found[0]

    def by_id(self, department_id: int) -> Department:
        """The department of the store id ``department_id``."""
        found = self._select(departments.c.id == department_id)
        if not found:
            raise StoreError(f"没有编号为 {department_id} 的单位",
                             f"no department has the id {department_id}")  # fmt: skip
        return found[0]

    def list(self) -> list[Department]:
        """Every department, in the order they were registered."""
        return self._select()

    def _select(self, *where: Any) -> builtins.list[Department]:
        """The departments matching ``where``, each with its count of working tokens."""
        working = (
            select(func.count())
            .where(credentials.c.department_id == departments.c.id)
            .where(credentials.c.revoked_at.is_(None))
            .scalar_subquery()
        )
        query = (
            select(departments, working.label("active")).where(*where).order_by(departments.c.id)
        )
        with self.engine.connect() as connection:
            return [
                Department(id=r.id, code=r.code, name=r.name, units=tuple(json.loads(r.units)),
                           role=r.role, grouping=r.grouping, active_tokens=int(r.active), created_at=r.created_at)
                for r in connection.execute(query)
            ]  # fmt: skip

    def set_grouping(self, code: str, grouping: str) -> Department:
        """Put ``code`` in ``grouping`` ("" = 市直部门, or a 县区/开发区); return it."""
        department = self.get(code)
        with self.engine.begin() as connection:
            connection.execute(
                update(departments)
                .where(departments.c.id == department.id)
                .values(grouping=grouping.strip(), updated_at=dt.datetime.now(dt.UTC))
            )
        return self.get(code)

    def rotate(self, code: str) -> str:
        """A new token for ``code``; its earlier tokens stop working. Return the new one."""
        department = self.get(code)
        now = dt.datetime.now(dt.UTC)
        token = new_token()
        with self.engine.begin() as connection:
            self._revoke(connection, department.id, now)
            self._issue(connection, department.id, token, now)
        return token

    def revoke(self, code: str) -> int:
        """Revoke every token of ``code``; return how many were working."""
        department = self.get(code)
        with self.engine.begin() as connection:
            return self._revoke(connection, department.id, dt.datetime.now(dt.UTC))

    @staticmethod
    def _revoke(connection: Connection, department_id: int, now: dt.datetime) -> int:
        result = connection.execute(
            update(credentials)
            .where(credentials.c.department_id == department_id)
            .where(credentials.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return int(result.rowcount or 0)

    def authenticate(self, token: str) -> Department | None:
        """The department whose working token ``token`` is, or ``None``."""
        digest = token_hash(token)
        with self.engine.connect() as connection:
            row = connection.execute(
                select(credentials.c.department_id, credentials.c.token_hash)
                .where(credentials.c.token_hash == digest)
                .where(credentials.c.revoked_at.is_(None))
            ).first()
        if row is None or not hmac.compare_digest(row.token_hash, digest):
            return None
        found = self._select(departments.c.id == row.department_id)
        return found[0] if found else None
