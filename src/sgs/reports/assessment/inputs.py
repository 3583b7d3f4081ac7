"""The automatic inputs of an assessment: per department, the year's rates from the platform's
store (:data:`~sgs.reports.assessment.sheet.SOURCES`).

``timeliness`` 及时率
    ``1 − 迟报率`` of the platform view over the year: (received − late) / received, where
    late is a record's own submission received after its decision's deadline (7 working
    days, the decision day not counted) — the 及时率 of Xinxiang's bulletin, the complement
    of Qinghai's 迟报率 (not udatech's ``timely / (received − updates)``);
``storage_rate`` 入库率
    accepted / received (有效入库记录总数 / 提供记录总数, Suzhou; Qinghai's 合规率);
``completeness`` 完整率
    over the accepted records' versions received in the year (withdrawals aside): filled
    required-or-conditional items / items required of each record (:mod:`sgs.reports.completeness`);
``declarations_on_time`` 按期月报表
    months whose declarations (月报表) were all submitted by their due date (the 10th of
    the next month, moved to a working day) / the months of the year already due on
    ``as_of`` (12 once the next 10 January has passed);
``declared_reporting_rate`` 报送率
    Σ declared 报送数量 / Σ declared 产生数量 over the year's declarations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

from sgs.calendar import CHINA, WorkCalendar
from sgs.reports.completeness import completeness
from sgs.reports.metrics import Rate, platform_view
from sgs.reports.periods import Period, period
from sgs.standard import Standard
from sgs.store import VersionRow

__all__ = ["DeclarationLike", "automatic_inputs"]


class DeclarationLike(Protocol):
    """What the inputs read of a department's monthly declaration (月报表)."""

    @property
    def department(self) -> str: ...
    @property
    def month(self) -> str: ...
    @property
    def produced(self) -> int: ...
    @property
    def reported(self) -> int: ...
    @property
    def submitted_at(self) -> dt.datetime: ...
    @property
    def first_submitted_at(self) -> dt.datetime | None: ...


def _declared(
    declarations: Iterable[DeclarationLike],
    year: Period,
    due: Callable[[Period], dt.date],
    as_of: dt.date,
) -> dict[str, dict[str, Rate]]:
    months = [period(f"{year.start.year}-{m:02d}") for m in range(1, 13)]
    due_months = {m.label: day for m in months if (day := due(m)) <= as_of}
    submitted: dict[str, dict[str, list[dt.date]]] = {}
    amounts: dict[str, list[int]] = {}
    for d in declarations:
        if not d.month.startswith(f"{year.start.year}-"):
            continue
        # a correction sent after the due date does not make an on-time declaration late
        when = (d.first_submitted_at or d.submitted_at).astimezone(CHINA).date()
        submitted.setdefault(d.department, {}).setdefault(d.month, []).append(when)
        total = amounts.setdefault(d.department, [0, 0])
        total[0] += d.reported
        total[1] += d.produced
    found: dict[str, dict[str, Rate]] = {}
    for code, by_month in submitted.items():
        on_time = sum(
            1 for m, last in due_months.items() if max(by_month.get(m, [dt.date.max])) <= last
        )
        reported, produced = amounts[code]
        found[code] = {
            "declarations_on_time": Rate(on_time, len(due_months)),
            "declared_reporting_rate": Rate(reported, produced),
        }
    return found


def automatic_inputs(
    versions: Iterable[VersionRow],
    year: Period,
    *,
    calendar: WorkCalendar,
    standard: Standard,
    codes: Iterable[str],
    declarations: Iterable[DeclarationLike] = (),
    due: Callable[[Period], dt.date] | None = None,
    as_of: dt.date,
) -> dict[str, dict[str, Rate]]:
    """Department code → source → rate, for the departments ``codes`` (module documentation).

    ``versions`` are those received in ``year``; ``due`` gives a month's declaration due
    date (without it, no declaration inputs)."""
    versions = list(versions)
    view = platform_view(versions, year, calendar=calendar, standard=standard)
    declared = _declared(declarations, year, due, as_of) if due is not None else {}
    due_months = (sum(1 for m in range(1, 13) if due(period(f"{year.start.year}-{m:02d}")) <= as_of)
                  if due is not None else 0)  # fmt: skip
    # The accepted records of each department received in the year, sorted out once.
    kept: dict[str, list[tuple[str, Mapping[str, str]]]] = {}
    for v in versions:
        if (v.status == "accepted" and v.operation == "upsert"
                and v.received_at.astimezone(CHINA).date() in year):  # fmt: skip
            kept.setdefault(v.department_code, []).append((v.kind, v.fields))
    found: dict[str, dict[str, Rate]] = {}
    for code in codes:
        kinds = view.get(code, {}).values()
        received = sum(f["received"].value for f in kinds)
        late = sum(f["late"].value for f in kinds)
        accepted = sum(f["accepted"].value for f in kinds)
        rates = {
            "timeliness": Rate(received - late, received),
            "storage_rate": Rate(accepted, received),
            "completeness": completeness(kept.get(code, []), standard).rate,
        }
        if due is not None:
            rates["declarations_on_time"] = Rate(0, due_months)
            rates["declared_reporting_rate"] = Rate(0, 0)
            rates.update(declared.get(code, {}))
        found[code] = rates
    return found
