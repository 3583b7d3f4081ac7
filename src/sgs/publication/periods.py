"""How long a penalty stays published: its class (轻微 / 一般 / 严重) and the regime's period.

The class comes from the 处罚类别 and, for a fine, the amount against the
sector's 较大数额 / 巨额 thresholds (36号令 第七条至第十一条); when a decision
carries several types the most severe class, and so the longest period,
applies (58号令; 36号令 第十二条). The period is the one of the regime in force
on the decision date (standard §7): 527号 until 2023-04-30, 58号令 until
2026-03-31, 36号令 from 2026-04-01. The last day shown is the decision date
plus the longest period (the upper end of the 公示截止期 window the validator
accepts).

>>> import datetime as dt
>>> from decimal import Decimal
>>> penalty_class(["罚款"], Decimal("12"), Policy())
('一般', '罚款')
>>> period_for(dt.date(2026, 5, 10), "一般")
PublicationPeriod(regime='国家发展改革委令第36号', shortest_end=datetime.date(2026, 8, 10), longest_end=datetime.date(2027, 5, 10), source='36号令第十二条')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

import attrs
from dateutil.relativedelta import relativedelta

from sgs.calendar.periods import later, regime_on
from sgs.publication.policy import Policy

__all__ = ["CLASSES", "PublicationPeriod", "penalty_class", "period_for"]

#: The classes, lightest first.
CLASSES: Final = ("轻微", "一般", "严重")

#: 36号令 第七条至第十条 (the classes of 处罚类别; 罚款 is decided by its amount).
_TYPE_CLASS: Final = {
    "警告": "轻微",
    "通报批评": "轻微",
    "没收非法财物": "一般",
    "暂扣许可证件": "严重",
    "降低资质等级": "严重",
    "吊销许可证件": "严重",
    "限制开展生产经营活动": "严重",
    "责令停产停业": "严重",
    "责令关闭": "严重",
    "限制从业": "严重",
    # the 2018 standard's compound values
    "没收违法所得、没收非法财物": "一般",
    "暂扣或者吊销许可证、暂扣或者吊销执照": "严重",
}

_M3 = relativedelta(months=3)
_M6 = relativedelta(months=6)
_Y1 = relativedelta(years=1)
_Y3 = relativedelta(years=3)
#: (shortest, longest) by regime and class; 527号 has no 轻微 (it counts as 一般).
_PERIODS: Final = {
    "发改办财金〔2019〕527号": {
        "轻微": (_M3, _Y1),
        "一般": (_M3, _Y1),
        "严重": (_M6, _Y3),
    },
    "国家发展改革委令第58号": dict.fromkeys(CLASSES, (_M3, _Y3)),
    "国家发展改革委令第36号": {
        "轻微": (relativedelta(), _M3),
        "一般": (_M3, _Y1),
        "严重": (_Y1, _Y3),
    },
}
_SOURCES: Final = {
    "发改办财金〔2019〕527号": "发改办财金〔2019〕527号",
    "国家发展改革委令第58号": "58号令",
    "国家发展改革委令第36号": "36号令第十二条",
}


@attrs.frozen(kw_only=True)
class PublicationPeriod:
    """The regime of a decision and the earliest and latest last day of its publication."""

    regime: str
    shortest_end: dt.date
    longest_end: dt.date
    source: str


def _fine_class(amount: Decimal | None, policy: Policy, sector: str | None) -> str:
    large, huge = policy.thresholds(sector)
    if amount is None:
        return "一般"  # an amount not given is not known to be small
    if amount >= huge:
        return "严重"
    return "一般" if amount >= large else "轻微"


def penalty_class(
    types: Iterable[str], fine: Decimal | None, policy: Policy, sector: str | None = None
) -> tuple[str, str]:
    """The class of a decision and the 处罚类别 that set it (the most severe one).

    A decision without a known type is 一般.
    """
    best, by = "", ""
    for name in types:
        if name == "罚款":
            found = _fine_class(fine, policy, sector)
        else:
            found = _TYPE_CLASS.get(name) or policy.unlisted_classes.get(name, "一般")
        if not best or CLASSES.index(found) > CLASSES.index(best):
            best, by = found, name
    return (best, by) if best else ("一般", "")


def period_for(
    decided: dt.date, penalty_class: str, *, regime: str | None = None
) -> PublicationPeriod:
    """The period of a ``penalty_class`` decision of ``decided``, by the regime then in force.

    Before the first regime (2019-07-01) the longest period any regime sets, 3 years.
    ``regime`` (a regime's name) applies that regime's periods whatever the date (the
    credit-repair rules compare regimes: :func:`sgs.publication.repair_eligibility`).

    >>> period_for(dt.date(2025, 5, 10), "轻微", regime="国家发展改革委令第36号").shortest_end
    datetime.date(2025, 5, 10)
    """
    if regime is None:
        found = regime_on(decided)
        if found is None:
            return PublicationPeriod(
                regime="", shortest_end=decided, longest_end=later(decided, _Y3), source=""
            )
        regime = found.name
    shortest, longest = _PERIODS[regime][penalty_class]
    return PublicationPeriod(
        regime=regime,
        shortest_end=later(decided, shortest),
        longest_end=later(decided, longest),
        source=_SOURCES[regime],
    )
