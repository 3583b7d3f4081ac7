"""The store's tables, as SQLAlchemy Core, and their migrations.

The schema is versioned: ``sgs_meta`` holds ``schema_version``, and
:data:`MIGRATIONS` lists, in order, what turns each version into the next.
Opening a store applies the missing ones in one transaction (a newer sgs
opens an older file); a store made by a newer sgs is refused.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.engine import Connection

__all__ = [
    "LEDGER_STATUSES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STATUS_LABELS",
    "WITHDRAWAL_STATUSES",
    "catalog",
    "credentials",
    "departments",
    "ledger",
    "meta",
    "metadata",
    "roster",
]

metadata = MetaData()

meta = Table(
    "sgs_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

#: The statuses of a ledger entry, in the order a record goes through them: a decision
#: whose record failed validation is ``invalid`` until a corrected record arrives; a
#: decision revoked or changed after it was sent is ``withdrawing`` until the platform
#: accepts its withdrawal (撤回), then ``withdrawn``.
LEDGER_STATUSES = (
    "invalid",
    "pending",
    "pushed",
    "accepted",
    "rejected",
    "withdrawing",
    "withdrawn",
)
#: The statuses of an entry whose decision is taken back (撤回), or being so.
WITHDRAWAL_STATUSES = ("withdrawing", "withdrawn")
#: Each status as the 台账 shows it.
STATUS_LABELS = {
    "invalid": "校验未通过",
    "pending": "待报送",
    "pushed": "已报送",
    "accepted": "已接收",
    "rejected": "被退回",
    "withdrawing": "待撤回",
    "withdrawn": "已撤回",
}

ledger = Table(
    "sgs_ledger",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # 序号
    Column("record_key", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("number", Text, nullable=False),  # 行政决定书文号
    Column("name", Text),  # 项目名称/案件名称
    Column("decision_date", Date),  # 行政决定日期
    Column("authority_code", String(64)),
    Column("platform_pushed_on", Date),  # 向同级信用平台报送日期
    Column("portal_pushed_on", Date),  # 部门网站"双公示"系统推送日期
    Column("remarks", Text),  # 备注
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_message", Text),
    Column("deadline", Date),
    Column("batch_id", String(64)),
    Column("payload", Text, nullable=False),  # the fields as sent (JSON)
    Column("payload_hash", String(64), nullable=False),
    Column("source", Text),  # where the record was read
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


roster = Table(
    "sgs_roster",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit", Text, nullable=False),  # 单位名称
    Column("position", Integer, nullable=False),  # order within the unit; 1 = coordinator
    Column("name", Text, nullable=False),  # 姓名
    Column("title", Text),  # 职务
    Column("office_phone", Text),  # 办公电话
    Column("mobile", Text),  # 手机
    Column("email", Text),  # 邮箱
    Column("remarks", Text),  # 备注(具体负责工作)
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

catalog = Table(
    "sgs_catalog",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("effective_from", Date, nullable=False),  # the version: in force from this day
    Column("note", Text),
    Column("number", Text),  # 序号
    Column("department", Text, nullable=False),  # 行政决定部门
    Column("category", String(16), nullable=False),  # 行政职权类别
    Column("name", Text, nullable=False),  # 项目名称
    Column("basis", Text),  # 设定依据, one entry a line
    Column("parties", Text),  # 行政相对人
)


#: The credit platform's departments (报送单位): who may submit, under which codes.
departments = Table(
    "sgs_departments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(18), nullable=False, unique=True),  # 统一社会信用代码
    Column("name", Text, nullable=False),
    Column("units", Text, nullable=False, default="[]"),  # JSON list of further 数据来源单位 codes
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

#: A department's API tokens, by hash only (the token itself is shown once, never stored).
credentials = Table(
    "sgs_credentials",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("department_id", Integer, ForeignKey("sgs_departments.id"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),  # SHA-256, hex
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)


def _v1(connection: Connection) -> None:
    """Version 1: the ledger."""
    metadata.create_all(connection, tables=[meta, ledger])


def _v2(connection: Connection) -> None:
    """Version 2: the liaison roster (附件3) and the catalog with its versions (附件1)."""
    metadata.create_all(connection, tables=[roster, catalog])


#: Each migration turns version ``n`` into ``n + 1`` (index 0 makes version 1).
def _v3(connection: Connection) -> None:
    """Version 3: the credit platform's departments and their credentials."""
    metadata.create_all(connection, tables=[departments, credentials])


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3]
SCHEMA_VERSION = len(MIGRATIONS)
