"""Publication (公示): what the public may see of a record, masked, for how long, and why.

>>> import datetime as dt
>>> from sgs.publication import Publisher
>>> view = Publisher().view("penalty", {
...     "CF_XDR_MC": "郑州某某食品有限公司", "CF_XDR_LB": "法人及非法人组织",
...     "CF_XDR_SHXYM": "91410100MA00000003", "CF_FRDB": "王五",
...     "CF_FR_ZJHM": "410105198001011232", "CF_CFLB": "罚款", "CF_NR_FK": "12",
...     "CF_JDRQ": "2026-05-10"}, key="k1", on=dt.date(2026, 6, 1))
>>> view.published_until, "CF_FR_ZJHM" in view.fields, view.fields["CF_FRDB"]
(datetime.date(2027, 5, 10), False, '王五')
"""

from sgs.ids.personal import DETECTORS, TextHit, mask_text
from sgs.publication.findings import ACTIONS, Finding, PublicView, Withheld
from sgs.publication.names import COMPOUND_SURNAMES, mask_name
from sgs.publication.pages import PAGE_SIZE, TEMPLATE_NAMES, Pages, PublicPage, view_to_dict
from sgs.publication.periods import CLASSES, PublicationPeriod, penalty_class, period_for
from sgs.publication.policy import (
    DEFAULT_HUGE_FINE,
    DEFAULT_LARGE_FINE,
    REPAIR_REGIME_RULES,
    Policy,
    Sector,
)
from sgs.publication.profile import CN_DEFAULT, FREE_TEXT_ROLES, MaskingProfile
from sgs.publication.profiles import (
    BUILTIN_PROFILES,
    masking_profile,
    masking_profiles,
    register_builtin_profiles,
)
from sgs.publication.publisher import (
    NATURAL_PERSON,
    NATURAL_PERSON_CUTOFF,
    PenaltyTerms,
    Publisher,
    party_category,
)
from sgs.publication.repair import (
    FRAUD_YEARS,
    REFUSAL_CODES,
    Eligibility,
    Refusal,
    fraud_lock,
    repair_eligibility,
)
from sgs.standard.scopes import PUBLIC, SCOPES, SHARING, scope_of

__all__ = [
    "ACTIONS",
    "BUILTIN_PROFILES",
    "CLASSES",
    "CN_DEFAULT",
    "COMPOUND_SURNAMES",
    "DEFAULT_HUGE_FINE",
    "DEFAULT_LARGE_FINE",
    "DETECTORS",
    "FRAUD_YEARS",
    "FREE_TEXT_ROLES",
    "NATURAL_PERSON",
    "NATURAL_PERSON_CUTOFF",
    "PAGE_SIZE",
    "PUBLIC",
    "REFUSAL_CODES",
    "REPAIR_REGIME_RULES",
    "SCOPES",
    "SHARING",
    "TEMPLATE_NAMES",
    "Eligibility",
    "Finding",
    "MaskingProfile",
    "Pages",
    "PenaltyTerms",
    "Policy",
    "PublicPage",
    "PublicView",
    "PublicationPeriod",
    "Publisher",
    "Refusal",
    "Sector",
    "TextHit",
    "Withheld",
    "fraud_lock",
    "mask_name",
    "mask_text",
    "masking_profile",
    "masking_profiles",
    "party_category",
    "penalty_class",
    "period_for",
    "register_builtin_profiles",
    "repair_eligibility",
    "scope_of",
    "view_to_dict",
]
