"""Rules over a whole record: the category matrix, ID numbers, dates, penalty types.

One module per family — :mod:`~sgs.validation.rules.category` (the §4
subject-category matrix), :mod:`~sgs.validation.rules.identity` (居民身份证号码),
:mod:`~sgs.validation.rules.dates`, :mod:`~sgs.validation.rules.penalty`
(处罚类别 and amounts), :mod:`~sgs.validation.rules.publication` (公示截止期)
and :mod:`~sgs.validation.rules.swapped` (values in the wrong column) — on
the plumbing of :mod:`~sgs.validation.rules.base`; :func:`builtin_rules`
builds those that apply to one record spec. A plugin's rules are
:class:`Rule` objects, run on every record (see :mod:`sgs.plugins.registries`).
"""

from sgs.validation.rules.base import (
    ColumnRule,
    Columns,
    CompiledRule,
    PluginRule,
    Rule,
    RuleContext,
    Suspects,
    Values,
)
from sgs.validation.rules.builtin import BUILTIN_RULES, builtin_rules
from sgs.validation.rules.penalty import IMPLAUSIBLE_AMOUNT

__all__ = [
    "BUILTIN_RULES",
    "IMPLAUSIBLE_AMOUNT",
    "ColumnRule",
    "Columns",
    "CompiledRule",
    "PluginRule",
    "Rule",
    "RuleContext",
    "Suspects",
    "Values",
    "builtin_rules",
]
