"""The documents departments hand in (``store.documents``): 目录, 工作方案, 推进计划, 联络员名单.

Each document handed in is a row with its date, version and note; a later one of the
same type does not replace the earlier — the list is the record of what came when. Of a
roster (附件3) only whether it is complete (a first contact with a mobile or office phone
and an e-mail) and that contact's name are kept: phone numbers and e-mail addresses are
personal data the platform does not need to hold.
"""

from __future__ import annotations

import builtins
import datetime as dt

import attrs
from sqlalchemy import select
from sqlalchemy.engine import Engine

from sgs.errors import StoreError
from sgs.store.schema import documents as documents_table

__all__ = ["DOCUMENT_LABELS", "DOCUMENT_TYPES", "DocumentRepository", "DocumentRow"]

#: The types of document, in the notice's order: 目录, 工作方案, 推进计划, 联络员名单.
DOCUMENT_TYPES = ("catalog", "work_plan", "progress_plan", "roster")
#: Each type as the notice names it.
DOCUMENT_LABELS = {
    "catalog": "目录",
    "work_plan": "工作方案",
    "progress_plan": "推进计划",
    "roster": "联络员名单",
}


@attrs.frozen(kw_only=True)
class DocumentRow:
    """One document a department handed in."""

    id: int
    department: str  # the department's code
    type: str  # one of DOCUMENT_TYPES
    submitted: dt.date
    version: str = ""
    note: str = ""
    #: A roster only: whether its first contact has a mobile or office phone and an e-mail.
    complete: bool | None = None
    #: What was read of the file: a catalog's item count, a roster's first contact or
    #: what it lacks.
    detail: str = ""


class DocumentRepository:
    """The documents of one platform store (``store.documents``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(
        self,
        department: str,
        type: str,
        submitted: dt.date,
        *,
        version: str = "",
        note: str = "",
        complete: bool | None = None,
        detail: str = "",
    ) -> DocumentRow:
        """Record that ``department`` handed in a document of ``type`` on ``submitted``."""
        if type not in DOCUMENT_TYPES:
            raise StoreError(
                f"未知的材料类型 {type}（应为 {'、'.join(DOCUMENT_TYPES)}）",
                f"unknown document type {type!r} (expected one of {', '.join(DOCUMENT_TYPES)})",
            )
        department = department.strip().upper()
        row = {
            "department": department, "type": type, "submitted": submitted,
            "version": version, "note": note, "complete": complete, "detail": detail,
            "created_at": dt.datetime.now(dt.UTC),
        }  # fmt: skip
        with self.engine.begin() as connection:
            key = connection.execute(documents_table.insert(), row).inserted_primary_key
        assert key is not None
        return DocumentRow(
            id=int(key[0]), department=department, type=type, submitted=submitted,
            version=version, note=note, complete=complete, detail=detail,
        )  # fmt: skip

    def list(
        self, department: str | None = None, until: dt.date | None = None
    ) -> builtins.list[DocumentRow]:
        """The documents (of one department; handed in by ``until``), ordered by
        department, date and the order they were recorded."""
        table = documents_table
        query = select(table)
        if department is not None:
            query = query.where(table.c.department == department.strip().upper())
        if until is not None:
            query = query.where(table.c.submitted <= until)
        query = query.order_by(table.c.department, table.c.submitted, table.c.id)
        with self.engine.connect() as connection:
            return [
                DocumentRow(id=r.id, department=r.department, type=r.type,
                            submitted=r.submitted, version=r.version, note=r.note,
                            complete=r.complete, detail=r.detail)
                for r in connection.execute(query)
            ]  # fmt: skip
