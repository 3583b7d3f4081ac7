"""Report periods: a month (``2026-11``), a quarter (``2026Q3``) or a year (``2026``).

>>> period("2026-02")
Period(kind='month', start=datetime.date(2026, 2, 1), end=datetime.date(2026, 2, 28))
>>> period("2019Q4").label, period("2019Q4").end
('2019Q4', datetime.date(2019, 12, 31))
>>> period("2026").label
'2026'
>>> period("2026-13")
Traceback (most recent call last):
...
sgs.errors.SgsError: 报告期应为 YYYY-MM、YYYYQn 或 YYYY（现为 2026-13） (a report period is YYYY-MM, YYYYQn or YYYY (got '2026-13'))
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Literal

import attrs

from sgs.errors import SgsError

__all__ = ["Period", "period"]

_FORMS = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})|[Qq](?P<quarter>[1-4]))?$")


@attrs.frozen
class Period:
    """The days from ``start`` to ``end``, both counted."""

    kind: Literal["month", "quarter", "year"]
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def period(text: str) -> Period:
    """The period ``text`` names."""
    found = _FORMS.match(text.strip())
    month = int(found["month"]) if found and found["month"] else None
    if found is None or (month is not None and not 1 <= month <= 12):
        raise SgsError(f"报告期应为 YYYY-MM、YYYYQn 或 YYYY（现为 {text}）",
                       f"a report period is YYYY-MM, YYYYQn or YYYY (got {text!r})")  # fmt: skip
    year = int(found["year"])
    if month is not None:
        return Period("month", *_month(year, month))
    if found["quarter"]:
        first = (int(found["quarter"]) - 1) * 3 + 1
        return Period("quarter", _month(year, first)[0], _month(year, first + 2)[1])
    return Period("year", dt.date(year, 1, 1), dt.date(year, 12, 31))
