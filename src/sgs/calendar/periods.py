"""Publication periods (公示期限) by the regime in force on the decision day.

Three regimes have set how long a penalty stays published (standard §7):
发改办财金〔2019〕527号 from 2019-07-01, 国家发展改革委令第58号 from 2023-05-01 and
国家发展改革委令第36号 from 2026-04-01. Each has a shortest and a longest
period, counted from the decision day. Decisions before the first regime are
not covered.

>>> import datetime as dt
>>> regime_on(dt.date(2024, 1, 10)).name
'国家发展改革委令第58号'
>>> regime_on(dt.date(2019, 6, 30)) is None
True
>>> publication_window(dt.date(2024, 1, 10))
(datetime.date(2024, 4, 10), datetime.date(2027, 1, 10))
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs
from dateutil.relativedelta import relativedelta

__all__ = [
    "PUBLICATION_REGIMES",
    "PublicationRegime",
    "later",
    "publication_window",
    "regime_on",
]


@attrs.frozen
class PublicationRegime:
    """One regime: in force from ``since``, with its shortest and longest periods."""

    since: dt.date
    name: str
    shortest: relativedelta
    longest: relativedelta


#: The regimes of §7, oldest first.
PUBLICATION_REGIMES: Final = (
    PublicationRegime(
        dt.date(2019, 7, 1),
        "发改办财金〔2019〕527号",
        relativedelta(months=3),
        relativedelta(years=3),
    ),
    PublicationRegime(
        dt.date(2023, 5, 1),
        "国家发展改革委令第58号",
        relativedelta(months=3),
        relativedelta(years=3),
    ),
    PublicationRegime(
        dt.date(2026, 4, 1), "国家发展改革委令第36号", relativedelta(), relativedelta(years=3)
    ),
)


def regime_on(decided: dt.date) -> PublicationRegime | None:
    """The regime in force on the decision day, or ``None`` before the first one."""
    chosen = None
    for regime in PUBLICATION_REGIMES:
        if decided >= regime.since:
            chosen = regime
    return chosen


def later(day: dt.date, *periods: relativedelta) -> dt.date:
    """``day`` plus ``periods``, or the last date there is when that is after year 9999.

    >>> later(dt.date(9998, 6, 1), relativedelta(years=3))
    datetime.date(9999, 12, 31)
    """
    try:
        for period in periods:
            day = day + period
    except (ValueError, OverflowError):
        return dt.date.max
    return day


def publication_window(decided: dt.date) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest end of publication for a decision of ``decided``.

    A window that would end after year 9999 ends on its last day.
    """
    regime = regime_on(decided)
    if regime is None:
        return None
    return later(decided, regime.shortest), later(decided, regime.longest)
