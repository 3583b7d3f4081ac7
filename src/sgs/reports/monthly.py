"""月报告: the monthly report, of a department (from its ledger) or of a city (from its platform).

The 773号 notice has the credit centre send the city-wide monthly report before the 15th
of the next month (:func:`~sgs.calendar.monthly_report_due`: moved to a working day).
:func:`department_monthly` reports one department's decisions of the month from its
ledger; :func:`platform_monthly` every registered department's records received in the
month, the city's totals, the departments that sent nothing, and those whose 迟报率 is
over a threshold (default 50 %, as in Qinghai's bulletin); beside each unit its 月报表
declaration and the gap to what was received, the departments that declared nothing or
late (:mod:`sgs.reports.declarations`), and the totals per group (市直部门, then each
县区/开发区, units in that order). :meth:`MonthlyReport.to_dict`
is the JSON form, with the figures' names of :mod:`sgs.reports.metrics`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from sgs.calendar import CHINA, CalendarYearUnavailable, WorkCalendar, monthly_report_due
from sgs.display import html_table
from sgs.reports.declarations import (
    DEFAULT_DECLARATION_DAY,
    DeclarationCheck,
    declaration_due,
    declared_vs_received,
)
from sgs.reports.document import Document
from sgs.reports.metrics import (
    Figures,
    PlatformFigures,
    add_up,
    department_view,
    period_bounds,
    platform_view,
)
from sgs.reports.periods import Period, period
from sgs.reports.renderable import Renderable
from sgs.standard import Standard
from sgs.store import Department, LedgerRepository, LedgerRow, Store, VersionRow
from sgs.store.case_figures import (
    ObjectionFigures,
    RepairFigures,
    objection_figures,
    repair_figures,
)

__all__ = [
    "CITY_GROUP",
    "CONVENTION",
    "MonthlyReport",
    "Unit",
    "calendar_text",
    "department_monthly",
    "platform_monthly",
]

#: How deadlines are counted, stated in every report.
CONVENTION = (
    "行政决定作出之日起7个工作日内报送，决定当日不计入（民法典第二百零一条），按国务院办公厅节假日安排含调休 "
    "(7 working days from the decision, the decision day not counted, official holiday "
    "schedules with their make-up working days)"
)
#: The name of the group of departments that belong to no 县区/开发区.
CITY_GROUP = "市直部门"


@attrs.frozen(kw_only=True)
class Unit:
    """One department of a report, and its figures by kind."""

    name: str
    code: str
    figures: Mapping[str, Figures]
    #: "" for a 市直部门, else its 县区/开发区 (the platform view).
    grouping: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "code": self.code,
                **{kind: f.to_dict() for kind, f in self.figures.items()}}  # fmt: skip


@attrs.frozen(kw_only=True)
class MonthlyReport(Renderable):
    """A month's figures, per unit and in total (see the module documentation)."""

    view: Literal["department", "platform"]
    title: str
    month: Period
    due: dt.date
    as_of: dt.date
    units: Sequence[Unit]
    totals: Mapping[str, Figures]
    #: Registered departments that sent nothing in the month (the platform view).
    silent: Sequence[tuple[str, str]] = ()
    #: ``(name, code, kind, 迟报率 %)`` of the units over :attr:`late_threshold`.
    over_threshold: Sequence[tuple[str, str, str, Decimal]] = ()
    late_threshold: Decimal = Decimal(50)
    #: The due date is the plain 15th: next year's holiday schedule is not published yet.
    due_provisional: bool = False
    #: The 月报表 declarations against what was received (the platform view).
    declarations: DeclarationCheck | None = None
    #: ``(group name, totals)`` in report order: 市直部门 first (the platform view).
    groups: Sequence[tuple[str, Mapping[str, Figures]]] = ()
    #: The totals of the months up to this one, oldest first: (month, kind → figures).
    trend: Sequence[tuple[Period, Mapping[str, Figures]]] = ()
    #: The calendar the deadlines were counted with (chinesecalendar's version, added years).
    calendar: str = ""
    #: The objections (异议) and repair applications (信用修复) received in the month (the
    #: platform view): 异议处理占比, working days to close, overdue cases, repairs by outcome.
    objections: ObjectionFigures | None = None
    repairs: RepairFigures | None = None

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "view": self.view,
            "title": self.title,
            "month": self.month.label,
            "due": self.due.isoformat(),
            "due_provisional": self.due_provisional,
            "as_of": self.as_of.isoformat(),
            "convention": CONVENTION,
            "units": [u.to_dict() for u in self.units],
            "totals": {kind: f.to_dict() for kind, f in self.totals.items()},
        }
        if self.view == "platform":
            found["silent"] = [{"name": n, "code": c} for n, c in self.silent]
            found["late_threshold"] = float(self.late_threshold)
            found["over_threshold"] = [
                {"name": n, "code": c, "kind": k, "late_rate": float(r)}
                for n, c, k, r in self.over_threshold
            ]
            self._declared_dict(found)
        if self.objections is not None:
            found["objections"] = self.objections.to_dict()
        if self.repairs is not None:
            found["repairs"] = self.repairs.to_dict()
        if self.trend:
            found["trend"] = [
                {"month": month.label, **{kind: _values(f) for kind, f in totals.items()}}
                for month, totals in self.trend
            ]
        return found

    def _declared_dict(self, found: dict[str, Any]) -> None:
        """The platform view's keys of the 月报表 and the groups, added to ``found``."""
        for unit, shown in zip(self.units, found["units"], strict=True):
            shown["grouping"] = unit.grouping or CITY_GROUP
            if self.declarations is not None:
                received = {k: f.counts["received"].value for k, f in unit.figures.items()
                            if "received" in f.counts}  # fmt: skip
                shown.update(self.declarations.unit_dict(unit.code, received))
        if self.declarations is not None:
            found.update(self.declarations.to_dict())
        found["groups"] = [
            {"name": name, "totals": {kind: f.to_dict() for kind, f in totals.items()}}
            for name, totals in self.groups
        ]

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per unit and kind (then the totals, unit ``合计``): the counts' values
        and the rates' percentages (``None``: n/a), in report order."""
        found = []
        for unit in [*self.units, Unit(name="合计", code="", figures=self.totals)]:
            for kind, figures in unit.figures.items():
                row: dict[str, Any] = {"name": unit.name, "code": unit.code, "kind": kind}
                row.update({name: count.value for name, count in figures.counts.items()})
                row.update({name: rate.percent for name, rate in figures.rates().items()})
                found.append(row)
        return found

    def to_dataframe(self) -> Any:
        """:meth:`rows` as a pandas DataFrame (``pip install 'shuanggongshi[notebook]'``)."""
        import pandas as pd

        return pd.DataFrame(self.rows())

    def document(self) -> Document:
        """The report as a :class:`~sgs.reports.document.Document`, for every renderer."""
        from sgs.reports.monthly_document import monthly_document

        return monthly_document(self)

    def _repr_html_(self) -> str:
        import html

        from sgs.reports.render import chart_svg

        rows = self.rows()
        headers = list(rows[0]) if rows else ["name", "code", "kind"]
        shown = [["n/a" if v is None else v for v in r.values()] for r in rows]
        charts = "".join(f"<div>{chart_svg(c)}</div>" for c in self.document().charts())
        return (
            f"<div><strong>{html.escape(self.title)}</strong>"
            f"（截止 as of {self.as_of}，应于 due {self.due} 前报送）"
            f"{html_table(headers, shown, limit=len(shown) or 1)}{charts}</div>"
        )


def _values(figures: Figures) -> dict[str, Any]:
    """A month's figures of the trend: the counts' values and the rates' percentages."""
    found: dict[str, Any] = {name: count.value for name, count in figures.counts.items()}
    found.update((n, None if (p := r.percent) is None else float(p))
                 for n, r in figures.rates().items())  # fmt: skip
    return found


def calendar_text(calendar: WorkCalendar) -> str:
    """What a report says of its calendar: chinesecalendar's version and years, and the years
    supplied otherwise (a notice file, a plugin) with where they came from."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("chinesecalendar")
    except PackageNotFoundError:  # pragma: no cover - a dependency of sgs
        release = "?"
    official = sorted(y for y, d in calendar.years.items() if d.origin == "chinesecalendar")
    text = f"chinesecalendar {release}"
    if official:
        text += f"（{official[0]}–{official[-1]}年）"
    added = [f"{y}（{d.origin or d.source}）" for y, d in sorted(calendar.years.items())
             if d.origin != "chinesecalendar" and not d.assumed]  # fmt: skip
    if added:
        text += "；另加 " + "、".join(added)
    return text


def _months(month: Period, count: int) -> list[Period]:
    """The ``count`` months up to ``month`` (included), oldest first."""
    found = []
    year, number = month.start.year, month.start.month
    for _ in range(max(count, 1)):
        found.append(period(f"{year:04d}-{number:02d}"))
        year, number = (year, number - 1) if number > 1 else (year - 1, 12)
    return found[::-1]


def _due(month: Period, calendar: WorkCalendar) -> tuple[dt.date, bool]:
    """When the report on ``month`` is due, and whether that is provisional (the 15th itself,
    when the next month's year has no published holiday schedule yet)."""
    try:
        return monthly_report_due(month.start.year, month.start.month, calendar=calendar), False
    except CalendarYearUnavailable:
        return (month.end + dt.timedelta(days=15)), True


def _totals(units: Sequence[Unit]) -> dict[str, Figures]:
    kinds = sorted({kind for u in units for kind in u.figures})
    return {kind: add_up([u.figures[kind] for u in units if kind in u.figures]) for kind in kinds}


def department_monthly(
    ledger: LedgerRepository,
    name: str,
    code: str,
    month: Period,
    *,
    as_of: dt.date,
    calendar: WorkCalendar,
    trend: int = 0,
) -> MonthlyReport:
    """The monthly report of one department, from its ledger; with ``trend``, the totals
    of that many months up to ``month`` too (for the month-on-month chart)."""
    entries: list[LedgerRow] = list(ledger.entries())
    figures = department_view(entries, month, as_of=as_of, calendar=calendar)
    units = [Unit(name=name, code=code, figures=figures)]
    due, provisional = _due(month, calendar)
    months = _months(month, trend) if trend else []
    history = [(m, dict(department_view(entries, m, as_of=as_of, calendar=calendar)))
               for m in months]  # fmt: skip
    return MonthlyReport(
        view="department", title=f"{name} {month.label} 双公示月报告", month=month,
        due=due, due_provisional=provisional, as_of=as_of, units=units,
        totals=_totals(units) if figures else {}, trend=history,
        calendar=calendar_text(calendar),
    )  # fmt: skip


def platform_monthly(
    store: Store,
    name: str,
    month: Period,
    *,
    as_of: dt.date,
    calendar: WorkCalendar,
    standard: Standard,
    late_threshold: Decimal = Decimal(50),
    declaration_day: int = DEFAULT_DECLARATION_DAY,
    trend: int = 0,
) -> MonthlyReport:
    """The city's monthly report, from its platform's store: every registered department.

    A department that declared (``declaration_day``: when its 月报表 is due) but sent
    nothing is a unit too, so that its declaration and gap show. With ``trend``, the city's
    totals of that many months up to ``month`` too (for the month-on-month chart).
    """

    months = _months(month, trend) if trend else [month]
    # One read of the store for the month and its trend, sorted into months in China.
    by_month: dict[str, list[VersionRow]] = {}
    for version in store.received.versions(period_bounds(months[0])[0], period_bounds(month)[1]):
        by_month.setdefault(f"{version.received_at.astimezone(CHINA):%Y-%m}", []).append(version)

    def view_of(month: Period) -> dict[str, dict[str, PlatformFigures]]:
        return platform_view(by_month.get(month.label, []), month, calendar=calendar,
                             standard=standard)  # fmt: skip

    view = view_of(month)
    departments = _grouped(store.departments.list())
    try:
        declared_due = declaration_due(month, calendar=calendar, day=declaration_day)
    except CalendarYearUnavailable:
        declared_due = month.end + dt.timedelta(days=declaration_day)
    check = declared_vs_received(
        store.declarations.for_month(month.label), departments, declared_due
    )
    units = [Unit(name=d.name, code=d.code, figures=view.get(d.code, {}), grouping=d.grouping)
             for d in departments if d.code in view or d.code in check.declared]  # fmt: skip
    silent = [(d.name, d.code) for d in departments if d.code not in view]
    history = []
    for earlier in months if trend else []:
        found = view if earlier == month else view_of(earlier)
        sent = [Unit(name=d.name, code=d.code, figures=found[d.code])
                for d in departments if d.code in found]  # fmt: skip
        history.append((earlier, _totals(sent) if sent else {}))
    over = [
        (u.name, u.code, kind, rate)
        for u in units
        for kind, f in u.figures.items()
        if isinstance(f, PlatformFigures)
        and (rate := f.late_rate.percent) is not None
        and rate > late_threshold
    ]
    groups = [
        (name or CITY_GROUP, _totals(members))
        for name in dict.fromkeys(u.grouping for u in units)
        if (members := [u for u in units if u.grouping == name])
    ]
    due, provisional = _due(month, calendar)
    return MonthlyReport(
        view="platform", title=f"{name} {month.label} 双公示月报告", month=month,
        due=due, due_provisional=provisional, as_of=as_of, units=units,
        totals=_totals(units) if units else {}, silent=silent,
        over_threshold=over, late_threshold=late_threshold, declarations=check, groups=groups,
        trend=history, calendar=calendar_text(calendar),
        objections=objection_figures(store.cases, month.start, month.end, calendar=calendar,
                                     today=as_of),
        repairs=repair_figures(store.cases, month.start, month.end, calendar=calendar,
                               today=as_of),
    )  # fmt: skip


def _grouped(departments: Sequence[Department]) -> list[Department]:
    """``departments`` in report order: the 市直部门 first, then each 县区/开发区 in the order
    its first department was registered; within a group, in the order registered."""
    order = {
        name: n for n, name in enumerate(dict.fromkeys(["", *(d.grouping for d in departments)]))
    }
    return sorted(departments, key=lambda d: order[d.grouping])
