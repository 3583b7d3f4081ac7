"""The ledger as a pandas DataFrame for analysts: real dtypes, deadlines and lateness.

:func:`ledger_frame` (``store.ledger_frame()``) gives one row per decision:

============== ===============================================================
column         what
============== ===============================================================
id             序号 (int)
kind           ``license`` / ``penalty`` (categorical)
record_key     the record's key (see :func:`sgs.adapters.record_key`)
number         行政决定书文号
name           项目名称/案件名称
decision_date  行政决定日期 (datetime64)
authority_code the deciding authority's 统一社会信用代码
department     the department whose ledger it is (when given)
status         ``pending`` … ``withdrawn`` (categorical, in the order a record goes)
status_label   待报送 / 已报送 / 已接收 / 被退回 / 待撤回 / 已撤回 (categorical)
deadline       7 working days after the decision (datetime64; NaT when unknown)
pushed_on      向同级信用平台报送日期 of an accepted record (datetime64)
portal_pushed_on 部门网站推送日期 (datetime64)
overdue        not accepted (nor withdrawn) and past its deadline as of ``as_of`` (bool)
late_workdays  working days past the deadline: pushed late, or overdue (Int64; 0 on
               time, <NA> when a year's holiday schedule is missing)
attempts, last_message, batch_id, source, remarks, created_at, updated_at
payload        the fields as sent (dict), only with ``payload=True``
============== ===============================================================
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sgs.calendar import CalendarYearUnavailable, WorkCalendar, timeliness
from sgs.errors import StoreError
from sgs.store.ledger import LedgerRepository, LedgerRow
from sgs.store.schema import LEDGER_STATUSES, STATUS_LABELS, WITHDRAWAL_STATUSES

__all__ = ["ledger_frame"]

_DATES = ("decision_date", "deadline", "pushed_on", "portal_pushed_on")


def _lateness(
    row: LedgerRow, calendar: WorkCalendar, today: dt.date
) -> tuple[dt.date | None, bool, int | None]:
    """The deadline, whether the entry is overdue, and the working days late (None: unknown)."""
    if row.decision_date is None or row.status in WITHDRAWAL_STATUSES:
        return row.deadline, False, None
    pushed = row.platform_pushed_on if row.status == "accepted" else None
    try:
        state = timeliness(row.decision_date, pushed, as_of=today, calendar=calendar)
    except CalendarYearUnavailable:
        overdue = pushed is None and row.deadline is not None and today > row.deadline
        return row.deadline, overdue, None
    overdue = state.status.value == "overdue"
    return state.deadline, overdue, state.late_by


def ledger_frame(
    ledger: LedgerRepository,
    *,
    calendar: WorkCalendar | None = None,
    as_of: dt.date | None = None,
    department: str | None = None,
    payload: bool = False,
) -> Any:
    """The ledger as a DataFrame (see the module documentation); needs pandas.

    ``calendar`` counts the working days (default: chinesecalendar's years;
    pass ``sgs.plugins.registries.work_calendar(config.holidays)`` for the
    department's supplied years), ``as_of`` is the day overdue is judged on.
    """
    try:
        import pandas as pd
    except ImportError:
        raise StoreError(
            "ledger_frame() 需要 pandas：pip install 'shuanggongshi[notebook]'",
            "ledger_frame() needs pandas: pip install 'shuanggongshi[notebook]'",
        ) from None
    cal = calendar if calendar is not None else WorkCalendar()
    today = as_of if as_of is not None else dt.date.today()
    records = []
    for row in ledger.entries():
        deadline, overdue, late = _lateness(row, cal, today)
        record: dict[str, Any] = {
            "id": row.id,
            "kind": row.kind,
            "record_key": row.record_key,
            "number": row.number,
            "name": row.name,
            "decision_date": row.decision_date,
            "authority_code": row.authority_code,
            "department": department,
            "status": row.status,
            "status_label": STATUS_LABELS.get(row.status, row.status),
            "deadline": deadline,
            "pushed_on": row.platform_pushed_on if row.status == "accepted" else None,
            "portal_pushed_on": row.portal_pushed_on,
            "overdue": overdue,
            "late_workdays": late,
            "attempts": row.attempts,
            "last_message": row.last_message,
            "batch_id": row.batch_id,
            "source": row.source,
            "remarks": row.remarks,
            "created_at": row.created_at,
            "updated_at": row.updated_at,
        }
        if payload:
            record["payload"] = dict(row.payload)
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=_columns(payload))
    for column in _DATES:
        frame[column] = pd.to_datetime(frame[column])
    for column in ("created_at", "updated_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame["kind"] = pd.Categorical(frame["kind"], categories=["license", "penalty"])
    frame["status"] = pd.Categorical(frame["status"], categories=list(LEDGER_STATUSES))
    frame["status_label"] = pd.Categorical(
        frame["status_label"], categories=[STATUS_LABELS[s] for s in LEDGER_STATUSES]
    )
    frame["late_workdays"] = frame["late_workdays"].astype("Int64")
    frame["overdue"] = frame["overdue"].astype(bool)
    frame["id"] = frame["id"].astype("int64")
    frame["attempts"] = frame["attempts"].astype("int64")
    return frame


def _columns(payload: bool) -> list[str]:
    names = [
        "id", "kind", "record_key", "number", "name", "decision_date", "authority_code",
        "department", "status", "status_label", "deadline", "pushed_on", "portal_pushed_on",
        "overdue", "late_workdays", "attempts", "last_message", "batch_id", "source",
        "remarks", "created_at", "updated_at",
    ]  # fmt: skip
    return [*names, "payload"] if payload else names
