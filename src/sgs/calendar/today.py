"""The day it is in China: what "today" means for deadlines, whatever the server's zone.

A platform in a container set to UTC would otherwise take a decision made this morning in
China (before 08:00 UTC+8) for one made tomorrow.

>>> china_today(dt.datetime(2026, 12, 1, 20, 30, tzinfo=dt.UTC))
datetime.date(2026, 12, 2)
"""

from __future__ import annotations

import datetime as dt

__all__ = ["CHINA", "china_today"]

#: China Standard Time (UTC+8, no daylight saving).
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")


def china_today(now: dt.datetime | None = None) -> dt.date:
    """The date in China at ``now`` (default: this moment)."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(CHINA).date()
