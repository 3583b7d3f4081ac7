"""Stores as older sgs versions made them, for the tests of migrations."""

from __future__ import annotations

from sqlalchemy.engine import Connection

from sgs.store.schema import MIGRATIONS, meta


def old_platform_tables(connection: Connection, *, role: bool) -> None:
    """The tables of version 2, and the departments and credentials as an older sgs made
    them (``role``: as version 4 did, with the role column; else as version 3)."""
    for migrate in MIGRATIONS[:2]:
        migrate(connection)
    role_column = "role VARCHAR(16) NOT NULL DEFAULT 'department', " if role else ""
    connection.exec_driver_sql(
        "CREATE TABLE sgs_departments (id INTEGER PRIMARY KEY, code VARCHAR(18) NOT NULL "
        f"UNIQUE, name TEXT NOT NULL, units TEXT NOT NULL, {role_column}"
        "created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL)"
    )
    connection.exec_driver_sql(
        "CREATE TABLE sgs_credentials (id INTEGER PRIMARY KEY, department_id INTEGER NOT "
        "NULL, token_hash VARCHAR(64) NOT NULL UNIQUE, created_at DATETIME NOT NULL, "
        "revoked_at DATETIME)"
    )


def version_5_store(connection: Connection) -> None:
    """A store of version 5 as it was made (before the publication snapshots): a platform's
    departments with their grouping, their 月报表 and documents, and the ledger."""
    old_platform_tables(connection, role=True)
    for migrate in MIGRATIONS[3:5]:
        migrate(connection)
    connection.execute(meta.insert(), {"key": "schema_version", "value": "5"})
