"""年考核: the annual assessment — a scoring sheet as data, its automatic inputs, and each
department's self-scores and the centre's scores."""

from sgs.reports.assessment.profile import PROFILES, ProfileWarning, load_profile, parse_profile
from sgs.reports.assessment.rules import RULES, Rule, points
from sgs.reports.assessment.scores import STATES, DepartmentScores, LineScores, read_scores
from sgs.reports.assessment.sheet import SOURCES, Block, Item, Line, Sheet
from sgs.reports.assessment.yearly import (
    DepartmentAssessment,
    ItemResult,
    LineResult,
    YearlyAssessment,
    assess,
    yearly_assessment,
)

__all__ = [
    "PROFILES",
    "RULES",
    "SOURCES",
    "STATES",
    "Block",
    "DepartmentAssessment",
    "DepartmentScores",
    "Item",
    "ItemResult",
    "Line",
    "LineResult",
    "LineScores",
    "ProfileWarning",
    "Rule",
    "Sheet",
    "YearlyAssessment",
    "assess",
    "load_profile",
    "parse_profile",
    "points",
    "read_scores",
    "yearly_assessment",
]
