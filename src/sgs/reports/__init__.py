"""Reports (月报告, 季通报, 年考核): figures computed from the ledger and the platform store,
each traceable to the records behind it (:mod:`sgs.reports.metrics`), over report periods
(:mod:`sgs.reports.periods`); a report as a document (:mod:`sgs.reports.document`) written
by renderers (:mod:`sgs.reports.render`); :func:`monthly` for notebooks; the 信用修复告知书
served with a penalty decision (:mod:`sgs.reports.repair_notice`); the reports for review of
personal-data access, the subject access report and the self-check (:mod:`sgs.reports.access`)."""

from sgs.reports.access import (
    SelfCheckReport,
    SubjectAccessReport,
    self_check_report,
    subject_access_report,
)
from sgs.reports.assessment import YearlyAssessment, load_profile, yearly_assessment
from sgs.reports.declarations import (
    DEFAULT_DECLARATION_DAY,
    DeclarationCheck,
    declaration_due,
    declared_vs_received,
    ledger_declaration,
)
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
from sgs.reports.notebook import monthly
from sgs.reports.periods import Period, period
from sgs.reports.quarterly import QuarterlyReport, quarterly_report
from sgs.reports.render import Renderer, render, renderers
from sgs.reports.repair_notice import RepairNotice, repair_notice

__all__ = [
    "COUNTS",
    "DEFAULT_DECLARATION_DAY",
    "PLATFORM_COUNTS",
    "Chart",
    "Count",
    "DeclarationCheck",
    "DepartmentFigures",
    "Document",
    "MonthlyReport",
    "Period",
    "PlatformFigures",
    "QuarterlyReport",
    "Rate",
    "Renderer",
    "RepairNotice",
    "Section",
    "SelfCheckReport",
    "Series",
    "SubjectAccessReport",
    "Table",
    "Unit",
    "YearlyAssessment",
    "declaration_due",
    "declared_vs_received",
    "department_monthly",
    "department_view",
    "ledger_declaration",
    "load_profile",
    "monthly",
    "period",
    "period_bounds",
    "platform_monthly",
    "platform_view",
    "quarterly_report",
    "render",
    "renderers",
    "repair_notice",
    "self_check_report",
    "subject_access_report",
    "yearly_assessment",
]
