"""The ``vendor-number-format`` rule: the 文号 holds its year in 〔〕 brackets.

GB/T 9704-2012 (党政机关公文格式, 7.2.4) writes the year of a 发文字号 in full
and in 六角括号, as in ``示市监许〔2026〕2001号``. The 示例审批系统 lets clerks
type ``[2026]``, ``(2026)`` or no year at all, and the platform's matching of
decisions suffers. The national data standard does not ask for it, so it is a
warning of this plugin; ``severity={"vendor-number-format": "error"}`` makes it
an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sgs.standard import Kind
from sgs.validation import Finding, IssueType, Rule, RuleContext, Severity

__all__ = ["NUMBER_FORMAT", "number_format_rule"]

NUMBER_FORMAT = IssueType(
    code="vendor-number-format",
    severity=Severity.WARNING,
    title_zh="文号中的年份未用六角括号〔〕括入",
    title_en="the year of the document number is not in 〔〕 brackets",
    message_zh="“{label}”应含用六角括号括入的四位年份，如“〔2026〕”：{value}",
    message_en="{label} ({field}) should hold the four-digit year in 〔〕, as 〔2026〕: {value}",
    basis="GB/T 9704-2012 7.2.4 (发文字号); the 示例审批系统's import check",
)

_YEAR = re.compile(r"〔(?:19|20)\d\d〕")


def _check(values: Mapping[str, Any], context: RuleContext) -> Iterable[Finding]:
    field = "XK_WSH" if context.kind is Kind.LICENSE else "CF_WSH"
    number = values.get(field)
    if not isinstance(number, str) or _YEAR.search(number):
        return ()  # empty (another rule reports it) or well formed
    return (Finding(NUMBER_FORMAT.code, field, number),)


number_format_rule = Rule(
    name="vendor-number-format",
    check=_check,
    issue_types=(NUMBER_FORMAT,),
    description="决定书文号 must hold the year in 〔〕 brackets (GB/T 9704-2012)",
)
