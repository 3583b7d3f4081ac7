"""How long the access log keeps its entries, by retention class (``[retention]``).

The law gives the minimums, which are also the defaults:

* ``query`` — 《浙江省公共信用信息管理条例》第二十条: query records are kept ten years;
* ``processing`` — 《个人信息保护法》第五十六条: processing records at least three years;
* ``system`` — 《网络安全法》第二十一条(三) (第二十三条(三) after the 2025 revision):
  network logs at least six months.

A duration is ``Ny`` (years), ``Nm`` (months) or ``Nd`` (days). The cutoff of a class on
a day is that day less its duration, at 00:00 UTC: an entry logged before it may be
purged (:meth:`sgs.store.audit.AccessLog.purge`), so an entry is kept at least as long.

>>> Duration.parse("10y").before(dt.date(2026, 12, 2))
datetime.date(2016, 12, 2)
>>> Duration.parse("6m").before(dt.date(2026, 8, 31))
datetime.date(2026, 2, 28)
>>> Duration.parse("200d").at_least(MINIMUMS["system"]), Duration.parse("180d").at_least(
...     MINIMUMS["system"])
(True, False)
>>> Retention().cutoffs(dt.date(2026, 12, 2))["system"].isoformat()
'2026-06-02T00:00:00+00:00'
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping

import attrs

from sgs.errors import StoreError

__all__ = ["CLASSES", "MINIMUMS", "SOURCES", "Duration", "Retention", "duration_problem"]

#: The retention classes that are purged (``chain``, the purges themselves, never is).
CLASSES = ("query", "processing", "system")

_PATTERN = re.compile(r"([1-9][0-9]{0,4})([ymd])")
_UNITS = {"y": ("年", "years"), "m": ("个月", "months"), "d": ("天", "days")}


@attrs.frozen
class Duration:
    """A retention period: ``count`` years (``y``), months (``m``) or days (``d``)."""

    count: int
    unit: str

    @classmethod
    def parse(cls, text: str) -> Duration:
        found = _PATTERN.fullmatch(text.strip().lower())
        if found is None:
            raise StoreError(
                f"保存期限应为“数字+y/m/d”，如 10y、6m、200d（现为 {text!r}）",
                f"a retention period is a number and y, m or d, e.g. 10y, 6m, 200d (got {text!r})",
            )
        return cls(int(found.group(1)), found.group(2))

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def words(self) -> tuple[str, str]:
        """The period in words (Chinese, English)."""
        zh, en = _UNITS[self.unit]
        return f"{self.count} {zh}", f"{self.count} {en}"

    def before(self, day: dt.date) -> dt.date:
        """``day`` less this period (a month end where the day does not exist)."""
        if self.unit == "d":
            return day - dt.timedelta(days=self.count)
        months = self.count * (12 if self.unit == "y" else 1)
        index = day.year * 12 + (day.month - 1) - months
        year, month = divmod(index, 12)
        last = calendar.monthrange(year, month + 1)[1]
        return dt.date(year, month + 1, min(day.day, last))

    def at_least(self, minimum: Duration) -> bool:
        """Whether this period is never shorter than ``minimum``, whatever the day.

        Years and months compare as months; days against a minimum in months or years
        count the longest such span can be (a month 31 days, ``N`` years ``365 N`` days and
        a day for each leap year they may hold), a period in months against days the
        shortest (28 days a month, 365 a year).
        """
        if self.unit != "d" and minimum.unit != "d":
            return self._months() >= minimum._months()
        return self._days(longest=False) >= minimum._days(longest=True)

    def _months(self) -> int:
        return self.count * (12 if self.unit == "y" else 1)

    def _days(self, *, longest: bool) -> int:
        if self.unit == "d":
            return self.count
        if self.unit == "y":
            return self.count * 365 + ((self.count + 3) // 4 if longest else 0)
        return self.count * (31 if longest else 28)


#: The legal minimum of each class (also the default).
MINIMUMS: Mapping[str, Duration] = {
    "query": Duration(10, "y"),
    "processing": Duration(3, "y"),
    "system": Duration(6, "m"),
}
#: Where each minimum comes from (Chinese, English).
SOURCES: Mapping[str, tuple[str, str]] = {
    "query": ("《浙江省公共信用信息管理条例》第二十条",
              "Zhejiang Public Credit Information Regulations, Art. 20"),
    "processing": ("《个人信息保护法》第五十六条", "Personal Information Protection Law, Art. 56"),
    "system": ("《网络安全法》第二十一条(三)（2025 年修订后第二十三条(三)）",
               "Cybersecurity Law, Art. 21(3) (Art. 23(3) after the 2025 revision)"),
}  # fmt: skip


def duration_problem(value: str) -> tuple[str, str] | None:
    """What is wrong with a ``[retention]`` value (``None``: nothing); a ``Setting`` check."""
    try:
        Duration.parse(value)
    except StoreError:
        return ("不是保存期限（数字+y/m/d，如 10y、6m、200d）",
                "is not a retention period (a number and y, m or d: 10y, 6m, 200d)")  # fmt: skip
    return None


def _duration(value: Duration | str) -> Duration:
    return value if isinstance(value, Duration) else Duration.parse(value)


@attrs.frozen(kw_only=True)
class Retention:
    """How long each class of access-log entries is kept (``[retention]``)."""

    query: Duration = attrs.field(default=MINIMUMS["query"], converter=_duration)
    processing: Duration = attrs.field(default=MINIMUMS["processing"], converter=_duration)
    system: Duration = attrs.field(default=MINIMUMS["system"], converter=_duration)

    def periods(self) -> dict[str, Duration]:
        return {"query": self.query, "processing": self.processing, "system": self.system}

    def too_short(self) -> list[str]:
        """The classes whose period is shorter than the legal minimum."""
        return [c for c, d in self.periods().items() if not d.at_least(MINIMUMS[c])]

    def cutoffs(self, as_of: dt.date) -> dict[str, dt.datetime]:
        """Per class, the moment before which entries may be purged on ``as_of``."""
        return {
            c: dt.datetime.combine(d.before(as_of), dt.time(), tzinfo=dt.UTC)
            for c, d in self.periods().items()
        }
