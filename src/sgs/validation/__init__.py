"""Validation of 双公示 records: rules, issues, reports and rejection receipts.

>>> import datetime as dt
>>> report = validate([{"XK_XDR_MC": "某公司", "XK_XDR_LB": "法人", "XK_XKJGDM": "00000000000000000X"}],
...                   as_of=dt.date(2026, 11, 26))
>>> sorted({i.code for i in report.issues})
['category-required', 'required-missing', 'uscc-placeholder']
"""

from sgs.validation.catalogue import BUILTIN_TYPES, Catalogue
from sgs.validation.issues import Finding, Issue, IssueType, Severity
from sgs.validation.policy import Policy
from sgs.validation.report import FileSummary, Report, Summary
from sgs.validation.rules import Rule, RuleContext
from sgs.validation.validator import Checked, Validator, validate

__all__ = [
    "BUILTIN_TYPES",
    "Catalogue",
    "Checked",
    "FileSummary",
    "Finding",
    "Issue",
    "IssueType",
    "Policy",
    "Report",
    "Rule",
    "RuleContext",
    "Severity",
    "Summary",
    "Validator",
    "validate",
]
