"""Reports (月报告, 季通报, 年考核): figures computed from the ledger and the platform store,
each traceable to the records behind it (:mod:`sgs.reports.metrics`), over report periods
(:mod:`sgs.reports.periods`)."""

from sgs.reports.metrics import COUNTS, Count, DepartmentFigures, Rate, department_view
from sgs.reports.periods import Period, period

__all__ = ["COUNTS", "Count", "DepartmentFigures", "Period", "Rate", "department_view", "period"]
