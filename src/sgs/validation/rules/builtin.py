"""The built-in record rules, in the order they run, and :func:`builtin_rules`."""

from __future__ import annotations

from typing import Final

from sgs.validation.rules.base import ColumnRule, RuleContext
from sgs.validation.rules.category import CategoryRule
from sgs.validation.rules.dates import DateRule
from sgs.validation.rules.identity import IdentityRule
from sgs.validation.rules.penalty import PenaltyTypeRule
from sgs.validation.rules.publication import PublicationRule
from sgs.validation.rules.swapped import SwappedRule

__all__ = ["BUILTIN_RULES", "builtin_rules"]


#: The built-in rule classes, in the order their findings are reported.
BUILTIN_RULES: Final[tuple[type[ColumnRule], ...]] = (
    CategoryRule,
    IdentityRule,
    DateRule,
    PenaltyTypeRule,
    PublicationRule,
    SwappedRule,
)


def builtin_rules(context: RuleContext) -> list[ColumnRule]:
    """The built-in record rules that apply to ``context.spec``."""
    made = [family.build(context) for family in BUILTIN_RULES]
    return [rule for rule in made if rule is not None]
