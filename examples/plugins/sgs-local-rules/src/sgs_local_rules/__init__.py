"""An example sgs plugin: one province's local rule on the 工商注册号 field (C7).

Some provincial platforms reject a record whose 工商注册号 field holds an
18-character 统一社会信用代码 that does not fit the subject category: it
must start with ``92`` for a 个体工商户 or a 自然人 (the province's own
reading) and with ``91`` for a 法人及非法人组织 (its messages
NOT_92_START_WITH and NOT_91_START_WITH). The national standard has no
such rule, so it lives in a plugin that only that province installs.

Install it next to sgs (``pip install ./examples/plugins/sgs-local-rules``)
and every ``sgs validate`` run applies it; ``--no-plugins`` or
``SGS_DISABLE_PLUGIN_AUTOLOAD=1`` turns it off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sgs.plugins import hookimpl
from sgs.records import SubjectCategory
from sgs.validation import Finding, IssueType, Rule, RuleContext, Severity

__all__ = ["REGNO_PREFIX", "regno_prefix_rule", "sgs_register_rules"]

REGNO_PREFIX = IssueType(
    code="local-regno-prefix",
    severity=Severity.ERROR,
    title_zh="工商注册号字段中的信用代码前缀与相对人类别不符",
    title_en="credit code prefix in 工商注册号 does not fit the category",
    message_zh="“{label}”中的统一社会信用代码应以{prefix}开头（相对人类别为{category}）：{value}",
    message_en="{label} ({field}) should start with {prefix} for the category {category}: {value}",
    basis="a provincial platform's rule (NOT_91/92_START_WITH), not the national standard",
    scope="record",
)

_PREFIX = {
    SubjectCategory.ORGANIZATION: "91",
    SubjectCategory.INDIVIDUAL_BUSINESS: "92",
    SubjectCategory.NATURAL_PERSON: "92",
}


def _check(values: Mapping[str, Any], context: RuleContext) -> Iterable[Finding]:
    prefix = "XK" if context.kind.value == "license" else "CF"
    field = f"{prefix}_XDR_GSZC"
    number = values.get(field)
    category = values.get(f"{prefix}_XDR_LB")
    if not isinstance(number, str) or len(number) != 18 or category not in _PREFIX:
        return ()
    wanted = _PREFIX[category]
    if number.startswith(wanted):
        return ()
    params = {"prefix": wanted, "category": str(category)}
    return (Finding(REGNO_PREFIX.code, field, number, params),)


regno_prefix_rule = Rule(
    name="local-regno-prefix",
    check=_check,
    issue_types=(REGNO_PREFIX,),
    description="工商注册号 holding a credit code must fit the subject category (local C7)",
)


@hookimpl
def sgs_register_rules(register: Callable[[Rule], None]) -> None:
    register(regno_prefix_rule)
