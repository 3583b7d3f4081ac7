"""Times as the store gives them back."""

from __future__ import annotations

import datetime as dt

__all__ = ["as_utc"]


def as_utc(when: dt.datetime) -> dt.datetime:
    """A time read back from the store, in UTC (SQLite keeps no zone).

    >>> as_utc(dt.datetime(2026, 12, 2, 8, 0)).isoformat()
    '2026-12-02T08:00:00+00:00'
    """
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
