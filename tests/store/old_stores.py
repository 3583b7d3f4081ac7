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


#: The tables that version 6 gave a ``scope`` column (公开范围).
SCOPED_TABLES = ("sgs_catalog", "sgs_ledger", "sgs_received", "sgs_records", "sgs_outbox")


def version_5_store(connection: Connection) -> None:
    """A store of version 5 as it was made (before the publication snapshots and the scopes):
    a platform's departments with their grouping, their 月报表 and documents, the ledger,
    the catalog, what it received and its outbox — none with a ``scope`` column."""
    old_platform_tables(connection, role=True)
    for migrate in MIGRATIONS[3:5]:
        migrate(connection)
    for table in SCOPED_TABLES:  # the migrations make today's tables: as version 5 had them
        connection.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN scope")
    connection.execute(meta.insert(), {"key": "schema_version", "value": "5"})
