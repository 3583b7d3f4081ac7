"""The store's tables, as SQLAlchemy Core, and their migrations.

The schema is versioned: ``sgs_meta`` holds ``schema_version``, and
:data:`MIGRATIONS` lists, in order, what turns each version into the next.
Opening a store applies the missing ones in one transaction (a newer sgs
opens an older file); a store made by a newer sgs is refused.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    text,
)
from sqlalchemy.engine import Connection

from sgs.standard.scopes import PUBLIC

__all__ = [
    "LEDGER_STATUSES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STATUS_LABELS",
    "WITHDRAWAL_STATUSES",
    "access_log",
    "applications",
    "batches",
    "case_pauses",
    "case_steps",
    "catalog",
    "credentials",
    "declarations",
    "departments",
    "documents",
    "field_changes",
    "fraud_locks",
    "ledger",
    "meta",
    "metadata",
    "objections",
    "outbox",
    "publication_contents",
    "publication_items",
    "publication_runs",
    "received",
    "records",
    "repairs",
    "roster",
    "sessions",
    "users",
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
    # 公开范围 set for this record (sgs ledger scope); NULL: its catalog item's, else 公示
    Column("scope", String(16)),
    # the platform's open 核查通知 (objection case) on this record: its next push answers it
    Column("objection", String(32)),
    Column("objection_due", Date),
    # the day the platform repaired the record (信用修复: 终止公示); the site stops showing it
    Column("repaired_on", Date),
    # the China day the withdrawal (撤回) was asked for: 行政处罚法 §48 gives 3 working days
    Column("withdraw_asked_on", Date),
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
    Column("scope", String(16), nullable=False, default=PUBLIC, server_default=PUBLIC),  # 公开范围
)


#: The credit platform's departments (报送单位): who may submit, under which codes.
departments = Table(
    "sgs_departments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(18), nullable=False, unique=True),  # 统一社会信用代码
    Column("name", Text, nullable=False),
    Column("units", Text, nullable=False, default="[]"),  # JSON list of further 数据来源单位 codes
    # "department", or "platform": a lower credit platform forwarding for its departments
    Column("role", String(16), nullable=False, default="department", server_default="department"),
    # "" for a 市直部门; otherwise the 县区/开发区 it belongs to ("金水区", "郑东新区")
    Column("grouping", Text, nullable=False, default="", server_default=""),
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


#: Every record a department submitted, each submission a version (nothing is overwritten):
#: accepted or rejected with its reasons; a rejected one is 疑问数据 with a return status.
received = Table(
    "sgs_received",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("department_id", Integer, ForeignKey("sgs_departments.id"), nullable=False),
    Column("record_key", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("standard", String(16), nullable=False),
    Column("operation", String(16), nullable=False),  # upsert | withdraw
    Column("number", Text),  # 行政决定书文号, as received
    Column("payload", Text, nullable=False),  # the fields as received (JSON)
    Column("payload_hash", String(64), nullable=False),
    Column("batch_id", String(64)),
    Column("channel", String(16), nullable=False),  # http | folder | table
    Column("status", String(16), nullable=False),  # accepted | rejected
    Column("reasons", Text, nullable=False, default="[]"),  # JSON [{code, field, message}]
    Column("return_status", String(16)),  # a rejected one: pending | fixed | ignored
    Column("return_note", Text),
    Column("resolved_at", DateTime(timezone=True)),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("scope", String(16), nullable=False, default=PUBLIC, server_default=PUBLIC),  # 公开范围
    Column("objection", String(32)),  # the objection case this version answers
    Index("ix_sgs_received_key", "record_key", "id"),
    Index("ix_sgs_received_returns", "department_id", "return_status"),
)

#: The platform's current set: one row a decision, its latest accepted version.
records = Table(
    "sgs_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_key", String(64), nullable=False, unique=True),
    Column("department_id", Integer, ForeignKey("sgs_departments.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("standard", String(16), nullable=False),
    Column("version_id", Integer, ForeignKey("sgs_received.id"), nullable=False),
    Column("versions", Integer, nullable=False),  # accepted versions so far
    # current | withdrawn (撤回) | repaired (信用修复: 终止公示, 停止共享; kept, not shown)
    Column("state", String(16), nullable=False),
    Column("number", Text),
    Column("payload", Text, nullable=False),
    Column("payload_hash", String(64), nullable=False),
    Column("first_received_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("scope", String(16), nullable=False, default=PUBLIC, server_default=PUBLIC),  # 公开范围
    Column("objection", String(32)),  # the open objection case: the public sees 异议
    Index("ix_sgs_records_department", "department_id", "state"),
)

#: One row a batch taken: its Idempotency-Key, the body's hash and the answer given, so
#: that a retry of the same body gets the same answer without a second pass.
batches = Table(
    "sgs_batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("department_id", Integer, ForeignKey("sgs_departments.id"), nullable=False),
    Column("idempotency_key", String(128), nullable=False),
    Column("body_hash", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("records", Integer, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
    Column("answer", Text, nullable=False),  # JSON results
    Column("received_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("department_id", "idempotency_key", "body_hash", name="uq_sgs_batches"),
)

#: What is to go upstream, per destination: one row a decision (its latest state), like
#: the department's ledger; the shared push machinery (:mod:`sgs.exchange`) sends it.
outbox = Table(
    "sgs_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("destination", String(64), nullable=False),
    Column("record_key", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("operation", String(16), nullable=False),  # upsert | withdraw | repair
    Column("payload", Text, nullable=False),
    Column("status", String(16), nullable=False),  # pending | accepted | rejected
    Column("batch_id", String(64)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_message", Text),
    Column("forwarded_on", Date),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("scope", String(16), nullable=False, default=PUBLIC, server_default=PUBLIC),  # 公开范围
    UniqueConstraint("destination", "record_key", name="uq_sgs_outbox"),
    Index("ix_sgs_outbox_pending", "destination", "status", "kind"),
)


#: Every 月报表 line a department sent (one a department, month and kind), each submission
#: kept: the current one of a (department, month, kind) is its latest.
declarations = Table(
    "sgs_declarations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("department", String(18), nullable=False),  # 统一社会信用代码
    Column("month", String(7), nullable=False),  # YYYY-MM
    Column("kind", String(16), nullable=False),  # license | penalty
    Column("produced", Integer, nullable=False),  # 产生数量
    Column("published", Integer, nullable=False),  # 本单位公示数量
    Column("reported", Integer, nullable=False),  # 报送数量
    Column("unreported", Integer, nullable=False),  # 未报送数量
    Column("grounds", Text, nullable=False, default=""),  # 未报送依据
    Column("web_url", Text, nullable=False, default=""),  # 公示网址
    Column("source", Text, nullable=False, default=""),  # the file it was read from, or http
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Index("ix_sgs_declarations_month", "month", "department", "kind"),
)

#: The documents a department handed in: 目录, 工作方案, 推进计划, 联络员名单, each a row
#: with its date. Of a roster only whether it is complete and the first contact's name
#: are kept, never phone numbers or e-mail addresses.
documents = Table(
    "sgs_documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("department", String(18), nullable=False),
    Column("type", String(16), nullable=False),  # catalog | work_plan | progress_plan | roster
    Column("submitted", Date, nullable=False),
    Column("version", Text, nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("complete", Boolean),  # a roster: a first contact with a phone and an e-mail
    Column("detail", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_sgs_documents_department", "department", "submitted"),
)


#: Each publication run (快照): a site's public set as one evaluation showed it — the credit
#: portal's daily snapshot (``portal``) or a static export of a department's site
#: (``website``), with the masking profile it was made with.
publication_runs = Table(
    "sgs_publication_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site", String(64), nullable=False),  # portal | website | …
    Column("taken_at", DateTime(timezone=True), nullable=False),  # UTC
    Column("as_of", Date, nullable=False),  # the China date publication was evaluated on
    Column("profile", String(64), nullable=False),  # the masking profile's name
    Column("profile_version", String(32), nullable=False),
    Column("shown", Integer, nullable=False, default=0),  # items public in this run
    Column("opened", Integer, nullable=False, default=0),  # items it opened
    Column("closed", Integer, nullable=False, default=0),  # items it closed
    Column("note", Text, nullable=False, default=""),
)

#: Every distinct public view shown, once, by its SHA-256: shared by all runs and keys.
publication_contents = Table(
    "sgs_publication_contents",
    metadata,
    Column("hash", String(64), primary_key=True),  # SHA-256 of content, hex
    Column("kind", String(16), nullable=False),
    Column("content", Text, nullable=False),  # canonical JSON of the masked view
)

#: What a site showed, as intervals: an item opens at the run that first showed a key with
#: that content and closes at the first later run that did not (or showed other content).
publication_items = Table(
    "sgs_publication_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("site", String(64), nullable=False),
    Column("record_key", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("content_hash", String(64), ForeignKey("sgs_publication_contents.hash"), nullable=False),
    Column("published_until", Date),  # 公示截止; NULL: no end
    Column("from_run", Integer, ForeignKey("sgs_publication_runs.id"), nullable=False),
    Column("to_run", Integer, ForeignKey("sgs_publication_runs.id")),  # NULL: still shown
    Index("ix_sgs_publication_items_open", "site", "to_run"),
    Index("ix_sgs_publication_items_key", "site", "record_key"),
)


#: Objections (异议) to records the platform holds: one row a case, its latest state; each
#: step is in :data:`case_steps`. The applicant's identifiers are kept masked only.
objections = Table(
    "sgs_objections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("number", String(32), nullable=False, unique=True),  # 办件编号
    Column("record_key", String(64), nullable=False),
    Column("department_id", Integer, ForeignKey("sgs_departments.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("channel", String(16), nullable=False),  # portal | creditchina | window | letter | api
    Column("applicant_kind", String(16), nullable=False, default=""),
    Column("applicant_name", Text, nullable=False, default=""),
    Column("applicant_id", Text, nullable=False, default=""),  # masked
    Column("claim", String(16), nullable=False),  # 事实错误 | 文字错误 | 遗漏 | …
    Column("text", Text, nullable=False, default=""),
    Column("attachments", Text, nullable=False, default="[]"),  # JSON list of references
    Column("route", String(16), nullable=False),  # own_scope | provider
    Column("state", String(16), nullable=False),
    Column("outcome", String(16)),  # corrected | deleted | confirmed | not_accepted | …
    Column("profile", String(32), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("due", Date),  # the case's deadline; NULL while an open suspension stops it
    Column("notice_on", Date),  # the 核查通知 went to the provider
    Column("provider_due", Date),
    Column("extra_days", Integer, nullable=False, default=0),  # extensions, working days
    Column("closed_on", Date),
    Column("version_id", Integer),  # the received version that answered it
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_sgs_objections_key", "record_key", "state"),
    Index("ix_sgs_objections_department", "department_id", "state"),
)

#: Credit-repair applications (信用修复): one row an application, its latest state.
repairs = Table(
    "sgs_repairs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("number", String(32), nullable=False, unique=True),
    Column("record_key", String(64), nullable=False),
    Column("department_id", Integer, ForeignKey("sgs_departments.id"), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("applicant_kind", String(16), nullable=False, default=""),
    Column("applicant_name", Text, nullable=False, default=""),
    Column("applicant_id", Text, nullable=False, default=""),  # masked
    Column("subject", String(64), nullable=False, default=""),  # the party's code (fraud lock)
    Column("commitment", Text, nullable=False, default=""),  # 信用承诺
    Column("obligations_fulfilled", Boolean, nullable=False, default=False),
    Column("evidence", Text, nullable=False, default="[]"),  # JSON list of references
    Column("state", String(20), nullable=False),
    Column("reasons", Text, nullable=False, default="[]"),  # JSON [{code, message, message_en}]
    Column("penalty_class", String(8)),
    Column("regime", Text),
    Column("earliest_repair_date", Date),
    Column("auto_end_date", Date),
    Column("profile", String(32), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("accept_due", Date),
    Column("accepted_on", Date),
    Column("result_due", Date),
    Column("extra_days", Integer, nullable=False, default=0),
    Column("decided_on", Date),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_sgs_repairs_key", "record_key", "state"),
)

#: Every step of an objection or repair case: who, when, the state it left, the opinion.
#: A deadline missed is a step too (``breach``), recorded once per deadline.
case_steps = Table(
    "sgs_case_steps",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_type", String(16), nullable=False),  # objection | repair
    Column("case_id", Integer, nullable=False),
    Column("step", String(32), nullable=False),
    Column("state", String(20), nullable=False),  # the case's state after the step
    Column("actor", Text, nullable=False, default=""),
    Column("day", Date, nullable=False),  # the China date of the step
    Column("at", DateTime(timezone=True), nullable=False),
    Column("opinion", Text, nullable=False, default=""),
    Column("detail", Text, nullable=False, default="{}"),  # JSON
    Index("ix_sgs_case_steps_case", "case_type", "case_id", "id"),
)

#: Suspensions of a case's clock (检验、检测、鉴定、专家评审): days from ``start`` up to
#: ``until`` (the day work resumed; NULL: still suspended) do not count.
case_pauses = Table(
    "sgs_case_pauses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_type", String(16), nullable=False),
    Column("case_id", Integer, nullable=False),
    Column("start", Date, nullable=False),
    Column("until", Date),
    Column("reason", Text, nullable=False, default=""),
    Index("ix_sgs_case_pauses_case", "case_type", "case_id"),
)

#: Field-level history of corrections: each field an accepted update changed, with the
#: objection case that asked for it (when one did).
field_changes = Table(
    "sgs_field_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_key", String(64), nullable=False),
    Column("version_id", Integer, ForeignKey("sgs_received.id"), nullable=False),
    Column("field", String(64), nullable=False),
    Column("old", Text),
    Column("new", Text),
    Column("case_number", String(32)),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_sgs_field_changes_key", "record_key", "id"),
)

#: 36号令 第二十五条: false materials or a broken commitment — a new record published for
#: three years without early end, and no repair of the subject's records until then.
fraud_locks = Table(
    "sgs_fraud_locks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject", String(64), nullable=False),  # the party's code, or the record's key
    Column("subject_name", Text, nullable=False, default=""),
    Column("found_on", Date, nullable=False),
    Column("locked_until", Date, nullable=False),
    Column("repair_id", Integer, ForeignKey("sgs_repairs.id")),
    Column("record_key", String(64), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_sgs_fraud_locks_subject", "subject", "locked_until"),
)


#: Who saw which personal data, when and why: append-only and hash-chained. Each entry's
#: ``hash`` is the SHA-256 of the previous entry's hash and its own canonical content
#: (:mod:`sgs.store.audit`), its ``id`` one more than the previous one; clear personal
#: values are never in it, only record keys and field codes.
access_log = Table(
    "sgs_access_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),  # the user (or department, or sgs itself)
    Column("role", String(16), nullable=False, default=""),
    Column("department", String(18), nullable=False, default=""),
    Column("action", String(32), nullable=False),  # read | export | query | role | purge …
    Column("records", Text, nullable=False, default="[]"),  # JSON record keys
    Column("fields", Text, nullable=False, default="[]"),  # JSON field codes shown in clear
    Column("purpose", Text, nullable=False, default=""),
    Column("basis", Text, nullable=False, default=""),
    Column("channel", String(16), nullable=False, default=""),  # api | cli | python | export
    Column("client", Text, nullable=False, default=""),
    Column("result_count", Integer, nullable=False, default=0),
    Column("detail", Text, nullable=False, default="{}"),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # the purge event that emptied this entry's content (its id, hash and links stay)
    Column("purged_by", Integer),
)

#: The platform's staff users (separate from the departments' push credentials): their
#: roles (JSON list of admin | submitter | querier | approver | auditor), the hash of
#: their API token and of their portal password; a removed user keeps its row.
users = Table(
    "sgs_users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("department", String(18), nullable=False, default=""),
    Column("roles", Text, nullable=False, default="[]"),
    Column("token_hash", String(64), unique=True),  # SHA-256, hex; NULL once removed
    Column("password_hash", Text),  # argon2id, or NULL: no portal login
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("removed_at", DateTime(timezone=True)),
)

#: Portal sessions of staff users, by the hash of the session cookie.
sessions = Table(
    "sgs_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("sgs_users.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

#: Applications to query personal data in clear (查询使用登记和审查): applied → approved |
#: rejected → executed → closed; the approver is never the requester.
applications = Table(
    "sgs_applications",
    metadata,
    Column("id", String(32), primary_key=True),  # SQ + yyyymmdd + six random digits
    Column("requester_id", Integer, ForeignKey("sgs_users.id"), nullable=False),
    Column("department", String(18), nullable=False, default=""),
    Column("keys", Text, nullable=False),  # JSON record keys
    Column("purpose", String(32), nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("basis", Text, nullable=False, default=""),
    Column("state", String(16), nullable=False),
    Column("approver_id", Integer, ForeignKey("sgs_users.id")),
    Column("opinion", Text, nullable=False, default=""),
    Column("applied_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    Column("executed_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
    Column("expires_at", DateTime(timezone=True)),
    Index("ix_sgs_applications_requester", "requester_id", "state"),
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


def _v4(connection: Connection) -> None:
    """Version 4: received records with their versions, the current set, batches, outbox."""
    if "role" not in {c["name"] for c in inspect(connection).get_columns(departments.name)}:
        connection.execute(
            text("ALTER TABLE sgs_departments ADD COLUMN role VARCHAR(16) "
                 "NOT NULL DEFAULT 'department'")
        )  # fmt: skip
    metadata.create_all(connection, tables=[received, records, batches, outbox])


def _v5(connection: Connection) -> None:
    """Version 5: the departments' grouping (县区/开发区), their 月报表 and their documents."""
    if "grouping" not in {c["name"] for c in inspect(connection).get_columns(departments.name)}:
        connection.execute(
            text("ALTER TABLE sgs_departments ADD COLUMN \"grouping\" TEXT NOT NULL DEFAULT ''")
        )
    metadata.create_all(connection, tables=[declarations, documents])


def _add_column(connection: Connection, table: Table, name: str, sql_type: str) -> None:
    """Give ``table`` (made by an older sgs) its nullable column ``name``."""
    if name not in {c["name"] for c in inspect(connection).get_columns(table.name)}:
        connection.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {name} {sql_type}"))


def _add_scope(connection: Connection, table: Table) -> None:
    """Give ``table`` (made by an older sgs) its ``scope`` column, as :data:`metadata` has it."""
    if "scope" in {c["name"] for c in inspect(connection).get_columns(table.name)}:
        return
    nullable = table.c.scope.nullable
    default = "" if nullable else f" NOT NULL DEFAULT '{PUBLIC}'"
    connection.execute(text(f"ALTER TABLE {table.name} ADD COLUMN scope VARCHAR(16){default}"))


def _v6(connection: Connection) -> None:
    """Version 6: publication snapshots — runs, the contents they showed, items as intervals —
    and the 公开范围 (``scope``) of catalog items, ledger entries, received versions, the
    current set and the outbox."""
    tables = set(inspect(connection).get_table_names())
    for table in (catalog, ledger, received, records, outbox):
        if table.name in tables:
            _add_scope(connection, table)
    metadata.create_all(
        connection, tables=[publication_runs, publication_contents, publication_items]
    )


def _v7(connection: Connection) -> None:
    """Version 7: the subject's rights — objection and repair cases, their steps and
    pauses, field-level history, fraud locks; the open case on a ledger entry, a received
    version and a current record."""
    tables = set(inspect(connection).get_table_names())
    if ledger.name in tables:
        _add_column(connection, ledger, "objection", "VARCHAR(32)")
        _add_column(connection, ledger, "objection_due", "DATE")
        _add_column(connection, ledger, "repaired_on", "DATE")
        _add_column(connection, ledger, "withdraw_asked_on", "DATE")
    if received.name in tables:
        _add_column(connection, received, "objection", "VARCHAR(32)")
    if records.name in tables:
        _add_column(connection, records, "objection", "VARCHAR(32)")
    metadata.create_all(
        connection,
        tables=[objections, repairs, case_steps, case_pauses, field_changes, fraud_locks],
    )


def _v8(connection: Connection) -> None:
    """Version 8: the access log (personal data: who saw what, when and why)."""
    metadata.create_all(connection, tables=[access_log])


def _v9(connection: Connection) -> None:
    """Version 9: staff users and their sessions, query applications, purged log entries."""
    if access_log.name in set(inspect(connection).get_table_names()):
        _add_column(connection, access_log, "purged_by", "INTEGER")
    metadata.create_all(connection, tables=[users, sessions, applications])


MIGRATIONS: list[Callable[[Connection], None]] = [
    _v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9,
]  # fmt: skip
SCHEMA_VERSION = len(MIGRATIONS)
