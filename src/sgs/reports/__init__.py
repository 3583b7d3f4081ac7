"""Reports (月报告, 季通报, 年考核): figures computed from the ledger and the platform store,
each traceable to the records behind it (:mod:`sgs.reports.metrics`), over report periods
(:mod:`sgs.reports.periods`)."""

from sgs.reports.document import Chart, Document, Section, Series, Table
from sgs.reports.metrics import (
    COUNTS,
    PLATFORM_COUNTS,
    Count,
    DepartmentFigures,
    PlatformFigures,
    Rate,
    department_view,
    period_bounds,
    platform_view,
)
from sgs.reports.monthly import MonthlyReport, Unit, department_monthly, platform_monthly
from sgs.reports.periods import Period, period

__all__ = [
    "COUNTS",
    "PLATFORM_COUNTS",
    "Chart",
    "Count",
    "DepartmentFigures",
    "Document",
    "MonthlyReport",
    "Period",
    "PlatformFigures",
    "Rate",
    "Section",
    "Series",
    "Table",
    "Unit",
    "department_monthly",
    "department_view",
    "period",
    "period_bounds",
    "platform_monthly",
    "platform_view",
]
