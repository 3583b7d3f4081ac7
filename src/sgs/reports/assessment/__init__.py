"""年考核: the annual assessment — a scoring sheet as data, its automatic inputs, and each
department's self-scores and the centre's scores."""

from sgs.reports.assessment.profile import PROFILES, ProfileWarning, load_profile, parse_profile
from sgs.reports.assessment.rules import RULES, Rule, points
from sgs.reports.assessment.sheet import SOURCES, Block, Item, Line, Sheet

__all__ = [
    "PROFILES",
    "RULES",
    "SOURCES",
    "Block",
    "Item",
    "Line",
    "ProfileWarning",
    "Rule",
    "Sheet",
    "load_profile",
    "parse_profile",
    "points",
]
