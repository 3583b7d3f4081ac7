"""The department's 台账 (附件2): what is due, the 附件2 export, and importing a kept ledger.

The ledger itself is stored by :mod:`sgs.store.ledger`; this module answers
the department's questions about it — which decisions are overdue (not
pushed within 7 working days of the decision, 民法典 §201: the decision day
not counted), which are due within two working days, which were pushed late —
and moves it in and out of the 附件2 layout.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from sgs.calendar import (
    CalendarYearUnavailable,
    Timeliness,
    TimelinessStatus,
    WorkCalendar,
    deadline,
    publication_deadline,
    timeliness,
)
from sgs.display import LIMIT, html_table
from sgs.errors import InputError
from sgs.io import open_table_writer
from sgs.io.headers import normalize_header
from sgs.io.tables import DEFAULT_LIMITS, ReadLimits, cell_text, open_table
from sgs.records.values import parse_date
from sgs.standard import Kind
from sgs.standard.keys import record_key
from sgs.store import (
    STATUS_LABELS,
    WITHDRAWAL_STATUSES,
    EntryDates,
    ImportedEntry,
    LedgerRepository,
    LedgerRow,
    open_store,
)

if TYPE_CHECKING:
    from sgs.department.config import SyncConfig

__all__ = [
    "DUE_SOON_WORKDAYS",
    "LEDGER_HEADERS",
    "DueItem",
    "DueLists",
    "due_lists",
    "export_ledger",
    "ledger_dataframe",
    "read_ledger_file",
]

#: An entry not yet pushed is "due soon" this many working days before its deadline.
DUE_SOON_WORKDAYS = 2

#: The columns of the 附件2 export: the template's seven, then what sgs knows besides.
LEDGER_HEADERS = (
    "序号",
    "行政决定书文号",
    "项目名称/案件名称",
    "行政决定日期",
    "向同级信用平台报送日期",
    "部门网站“双公示”系统推送日期",
    "备注",
    "类别",
    "记录键",
    "状态",
    "报送次数",
    "平台信息",
    "报送期限",
)

_IMPORT_COLUMNS = {
    "行政决定书文号": "number",
    "项目名称/案件名称": "name",
    "项目名称": "name",
    "案件名称": "name",
    "行政决定日期": "decision_date",
    "向同级信用平台报送日期": "platform_pushed_on",
    "部门网站“双公示”系统推送日期": "portal_pushed_on",
    '部门网站"双公示"系统推送日期': "portal_pushed_on",
    "备注": "remarks",
}


#: 行政处罚法 第四十八条: a published decision revoked or changed is withdrawn within 3 (working)
#: days (§85: 日 are working days).
WITHDRAWAL_WORKDAYS = 3


@attrs.frozen
class DueItem:
    """A ledger entry with its deadline and how late or how close it is.

    ``late_by`` and ``days_left`` are ``None`` when counting them needs a year
    without a holiday schedule; ``deadline`` is ``None`` when it does.
    """

    entry: LedgerRow
    deadline: dt.date | None
    late_by: int | None = None
    days_left: int | None = None


@attrs.define(repr=False)
class DueLists:
    """What is due: overdue (not pushed), due soon, pushed late, and without a deadline."""

    overdue: list[DueItem] = attrs.field(factory=list)
    due_soon: list[DueItem] = attrs.field(factory=list)
    late: list[DueItem] = attrs.field(factory=list)
    #: Entries whose deadline cannot be computed: a year's holiday schedule is missing.
    no_deadline: list[DueItem] = attrs.field(factory=list)
    #: The years without a holiday schedule that were needed.
    missing_years: set[int] = attrs.field(factory=set)
    #: Withdrawals (撤回) asked for more than 3 working days ago and still not accepted by
    #: the platform (行政处罚法 §48); ``deadline`` is the third working day.
    withdrawals_late: list[DueItem] = attrs.field(factory=list)

    def _due_counts(self) -> str:
        return (
            f"overdue {len(self.overdue)}, due soon {len(self.due_soon)}, "
            f"late {len(self.late)}, no deadline {len(self.no_deadline)}"
            + (f", withdrawals late {len(self.withdrawals_late)}" if self.withdrawals_late else "")
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._due_counts()}>"

    def _due_html(self) -> str:
        parts = []
        for title, items in (
            ("已逾期未报送 overdue", self.overdue),
            ("2个工作日内到期 due within 2 working days", self.due_soon),
            ("逾期报送 pushed late", self.late),
            ("无法计算期限 no deadline", self.no_deadline),
            ("撤回逾期 withdrawals past 3 working days", self.withdrawals_late),
        ):
            if items:
                rows = [
                    [i.entry.number, i.entry.decision_date, i.deadline,
                     i.late_by if i.late_by is not None else i.days_left]
                    for i in items[:LIMIT]
                ]  # fmt: skip
                table = html_table(
                    ["行政决定书文号", "行政决定日期", "期限 deadline", "工作日 working days"],
                    rows,
                    total=len(items),
                )
                parts.append(f"<p>{title}（{len(items)}）</p>{table}")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return f"<div><strong>期限 deadlines</strong>{self._due_html()}</div>"


def due_lists(
    ledger: LedgerRepository,
    calendar: WorkCalendar,
    today: dt.date,
    *,
    late_among: Collection[str] | None = None,
) -> DueLists:
    """Sort every entry into :class:`DueLists`.

    A missing holiday schedule never hides an entry. A deadline the ledger lacks
    (its year had no schedule when the entry was staged) is computed again and
    stored once the calendar has the year; an entry whose deadline still cannot
    be computed goes to ``no_deadline``. When only the count of working days
    past a known deadline needs a missing year, the entry is still overdue or
    late, with ``late_by`` ``None``.

    ``late`` holds every entry ever pushed late, or, with ``late_among``, those of these
    record keys (``sgs sync`` lists the records it pushed: its cost does not grow with
    the ledger's history). The entries are sorted on their dates alone
    (:meth:`LedgerRepository.dates`, each pair of decision and push dates worked out
    once); only those listed are read whole.
    """
    lists = DueLists()
    found: dict[str, dt.date] = {}
    placed: list[_Placed] = []
    states: dict[tuple[dt.date, dt.date | None], Timeliness] = {}
    for row in ledger.dates():
        decided = row.decision_date
        if row.status == "withdrawing" and row.withdraw_asked_on is not None:
            _withdrawal(row.record_key, row.withdraw_asked_on, today, calendar, lists, placed)
        if decided is None or row.status in WITHDRAWAL_STATUSES:
            continue
        pushed = row.platform_pushed_on if row.status == "accepted" else None
        state = states.get((decided, pushed))
        if state is None:
            try:
                state = timeliness(decided, pushed, as_of=today, calendar=calendar)
            except CalendarYearUnavailable as exc:
                lists.missing_years.add(exc.year)
                _without_count(row, decided, pushed, today, calendar, lists, found, placed,
                               late_among)  # fmt: skip
                continue
            states[decided, pushed] = state
        if row.deadline != state.deadline:
            found[row.record_key] = state.deadline
        target = None
        if state.status is TimelinessStatus.OVERDUE:
            target = lists.overdue
        elif state.status is TimelinessStatus.LATE:
            if late_among is None or row.record_key in late_among:
                target = lists.late
        elif state.status is TimelinessStatus.PENDING and state.days_left <= DUE_SOON_WORKDAYS:
            target = lists.due_soon
        if target is not None:
            placed.append((target, row.record_key, state.deadline, state.late_by, state.days_left))
    entries = ledger.rows(list(dict.fromkeys(key for _, key, *_ in placed)))
    for target, key, due, late_by, days_left in placed:
        entry = entries.get(key)
        if entry is not None:  # not gone since (a retention run)
            target.append(DueItem(entry, due, late_by, days_left))
    ledger.set_deadlines(found)
    return lists


#: Where an entry goes: the list, its key, deadline, working days late and left.
_Placed = tuple[list[DueItem], str, dt.date | None, int | None, int | None]


def _withdrawal(key: str, asked: dt.date, today: dt.date, calendar: WorkCalendar,
                lists: DueLists, placed: list[_Placed]) -> None:  # fmt: skip
    """A withdrawal still not accepted 3 working days after it was asked (行政处罚法 §48)."""
    try:
        due = deadline(asked, WITHDRAWAL_WORKDAYS, calendar=calendar)
    except CalendarYearUnavailable as exc:
        lists.missing_years.add(exc.year)
        return
    if today > due:
        try:
            late = calendar.workdays_between(due, calendar.next_workday(today, include=True))
        except CalendarYearUnavailable:
            late = None
        placed.append((lists.withdrawals_late, key, due, late, 0))


def _without_count(
    row: EntryDates,
    decided: dt.date,
    pushed: dt.date | None,
    today: dt.date,
    calendar: WorkCalendar,
    lists: DueLists,
    found: dict[str, dt.date],
    placed: list[_Placed],
    late_among: Collection[str] | None,
) -> None:
    """Place an entry whose timeliness needs a year without a holiday schedule."""
    try:
        deadline = publication_deadline(decided, calendar=calendar)
    except CalendarYearUnavailable as exc:
        lists.missing_years.add(exc.year)
        placed.append((lists.no_deadline, row.record_key, None, None, None))
        return
    if row.deadline != deadline:
        found[row.record_key] = deadline
    # The deadline is known, so its years are; only the count past it is not.
    if pushed is not None:
        if pushed > deadline and (late_among is None or row.record_key in late_among):
            placed.append((lists.late, row.record_key, deadline, None, None))
    elif today > deadline:
        placed.append((lists.overdue, row.record_key, deadline, None, None))


def export_ledger(entries: Iterable[LedgerRow], out: str | os.PathLike[str]) -> int:
    """Write the ledger in the 附件2 layout (CSV or XLSX by extension); return the rows written.

    The status is in Chinese (待报送, 已接收…); in XLSX, 序号 and 报送次数 are numbers
    and the dates are date cells, under a frozen header row.
    """
    count = 0
    with open_table_writer(out, list(LEDGER_HEADERS), title="台账") as writer:
        for count, row in enumerate(entries, 1):
            writer.write(
                [
                    count,
                    row.number,
                    row.name or "",
                    row.decision_date,
                    row.platform_pushed_on,
                    row.portal_pushed_on,
                    row.remarks or "",
                    Kind(row.kind).label,
                    row.record_key,
                    STATUS_LABELS.get(row.status, row.status),
                    row.attempts,
                    row.last_message or "",
                    row.deadline,
                ]
            )
    return count


def read_ledger_file(
    path: str | os.PathLike[str],
    *,
    kind: Kind | str,
    department_code: str,
    calendar: WorkCalendar,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> list[ImportedEntry]:
    """The entries of a ledger kept in the 附件2 layout (CSV, XLSX or XLS).

    The header row is found by its 行政决定书文号 column; rows without a 文号
    are skipped. Each entry's key is the one a sync gives the same decision
    (the department's credit code and the 文号), so the record, when it comes
    from the source, updates the imported entry. ``limits`` bound what reading
    the file may cost (:class:`~sgs.io.tables.ReadLimits`).
    """
    name = os.fspath(path)
    kind = Kind.parse(kind)
    return list(_ledger_rows(name, kind, department_code, calendar, limits))


def _ledger_rows(
    path: str, kind: Kind, department_code: str, calendar: WorkCalendar, limits: ReadLimits
) -> Iterator[ImportedEntry]:
    wanted = {normalize_header(k): v for k, v in _IMPORT_COLUMNS.items()}
    table = open_table(path, limits=limits)
    try:
        columns: dict[int, str] | None = None
        for line, cells in table.rows:
            texts = [cell_text(c).strip() for c in cells]
            if columns is None:
                found = {i: wanted[normalize_header(t)] for i, t in enumerate(texts)
                         if normalize_header(t) in wanted}  # fmt: skip
                if "number" in found.values():
                    columns = found
                continue
            values = {
                field: texts[i] for i, field in columns.items() if i < len(texts) and texts[i]
            }
            number = values.get("number")
            if not number:
                continue
            dates = {
                field: parse_date(values[field]) if values.get(field) else None
                for field in ("decision_date", "platform_pushed_on", "portal_pushed_on")
            }
            decided = dates["decision_date"]
            deadline = None
            if decided is not None:
                try:
                    deadline = publication_deadline(decided, calendar=calendar)
                except CalendarYearUnavailable:
                    deadline = None
            yield ImportedEntry(
                record_key=record_key(kind, department_code, number),
                kind=kind.value,
                number=number,
                name=values.get("name"),
                remarks=values.get("remarks"),
                source=f"{path} 第{line}行",
                deadline=deadline,
                decision_date=decided,
                platform_pushed_on=dates["platform_pushed_on"],
                portal_pushed_on=dates["portal_pushed_on"],
            )
        if columns is None:
            raise InputError(
                "找不到附件2台账的表头（需要“行政决定书文号”列）",
                "no 附件2 ledger header found (a 行政决定书文号 column is needed)",
                path=path,
            )
    finally:
        table.close()


def ledger_dataframe(
    config: SyncConfig, *, as_of: dt.date | None = None, payload: bool = False
) -> Any:
    """The department's ledger as a pandas DataFrame, counted with its own calendar.

    The store, the holiday schedules and the department's name come from
    ``config`` (``sgs.toml``); the columns are those of
    :func:`sgs.store.frames.ledger_frame`.
    """
    from sgs.plugins.registries import work_calendar

    with open_store(config.store_url, base_dir=config.base_dir) as store:
        return store.ledger_frame(
            calendar=work_calendar(config.holidays),
            as_of=as_of,
            department=config.department_name,
            payload=payload,
        )
