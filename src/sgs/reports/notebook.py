"""The monthly report in one call, for analysts: :func:`monthly`.

>>> from sgs.store import open_store
>>> with open_store("sqlite://") as store:        # an empty ledger: the department view
...     report = monthly(store, "2026-11", name="示例局", code="11410100MB00000005",
...                      as_of=dt.date(2026, 12, 1), trend=0)
>>> report.view, report.due, report.to_dataframe().shape
('department', datetime.date(2026, 12, 15), (0, 0))
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sgs.calendar import WorkCalendar, china_today
from sgs.errors import SgsError
from sgs.plugins.registries import work_calendar
from sgs.reports.monthly import MonthlyReport, department_monthly, platform_monthly
from sgs.reports.periods import Period, period
from sgs.standard import Standard, get_standard
from sgs.store import Store

__all__ = ["is_platform_store", "monthly"]


def is_platform_store(store: Store) -> bool:
    """Whether ``store`` is a credit platform's: it has registered departments or records
    received from them (a department's store has its ledger only)."""
    return bool(store.departments.list()) or store.received.counts().get("versions", 0) > 0


def monthly(
    store: Store,
    month: str | Period,
    *,
    name: str | None = None,
    code: str = "",
    as_of: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    standard: Standard | str | None = None,
    late_threshold: Decimal | int | str = Decimal(50),
    trend: int = 6,
) -> MonthlyReport:
    """The 月报告 of ``month`` (``"2026-11"`` or a :func:`~sgs.reports.period`) from ``store``.

    The view follows the store: a platform's store (:func:`is_platform_store`) gives the
    platform view — every registered department, the totals, the silent ones, those over
    ``late_threshold`` per cent of 迟报率; any other store is a department's ledger and
    gives the department view.

    ``name``
        the department's or the platform's name, in the title (default ``本单位`` /
        ``信用平台``); ``code`` the department's 统一社会信用代码 (department view);
    ``as_of``
        the day the figures are as of (default: today in China, :func:`~sgs.calendar.china_today`);
    ``calendar``
        the working-day calendar (default: chinesecalendar's with the plugins' and
        ``SGS_HOLIDAYS`` years, as the commands use);
    ``standard``
        the data standard that says where a record's decision date is (platform view;
        default the newest national one);
    ``trend``
        how many months up to ``month`` the month-on-month chart shows (0: none).
    """
    chosen = month if isinstance(month, Period) else period(month)
    if chosen.kind != "month":
        raise SgsError(f"月报告的统计期应为一个月（现为 {chosen.label}）",
                       f"a monthly report is of a month (got {chosen.label})")  # fmt: skip
    when = as_of or china_today()
    days = calendar or work_calendar(())
    if is_platform_store(store):
        return platform_monthly(store, name or "信用平台", chosen, as_of=when, calendar=days,
                                standard=get_standard(standard),
                                late_threshold=Decimal(str(late_threshold)), trend=trend)  # fmt: skip
    return department_monthly(store.ledger, name or "本单位", code, chosen, as_of=when,
                              calendar=days, trend=trend)  # fmt: skip
