"""Working days: chinesecalendar's official schedules, supplied years, fast lookups.

:class:`WorkCalendar` turns every known year into one byte a day (working
day, rest day, or no data) and a running count of working days, so that a
lookup is an index and "the n-th working day after" a binary search. A day
in a year without data raises :class:`CalendarYearUnavailable` naming the
year and the ways to supply it — never a quiet guess; ``assume_weekends``
is the explicit, warned opt-in to plain weekends.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from functools import cache
from itertools import accumulate

from sgs.calendar.notices import load_notice
from sgs.calendar.years import YearData, chinesecalendar_years
from sgs.errors import CalendarRangeError, CalendarYearUnavailable

__all__ = [
    "HOLIDAYS_ENV",
    "CalendarAssumptionWarning",
    "CalendarYearUnavailable",
    "WorkCalendar",
    "default_calendar",
]

#: Holiday-notice files to load, separated by ``os.pathsep`` (``:`` or ``;``).
HOLIDAYS_ENV = "SGS_HOLIDAYS"

# One byte a day: a rest day, a working day, no data, or (assume_weekends) a guessed one.
_REST, _WORK, _UNKNOWN, _GUESSED_REST, _GUESSED_WORK = 0, 1, 2, 3, 4
#: bytes.translate tables: a day as guessed; a day as 1 when it is a working day.
_AS_GUESSED = bytes([_GUESSED_REST, _GUESSED_WORK, *range(2, 256)])
_COUNTS = bytes(1 if s in (_WORK, _GUESSED_WORK) else 0 for s in range(256))
#: A plain-weekend year has at least this many working days (260 or 261).
_LEAST_WORKDAYS = 260


def _spans(years: list[int]) -> str:
    """Sorted years as runs: ``2027–2030、2032``.

    >>> _spans([2027, 2028, 2029, 2032])
    '2027–2029、2032'
    """
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return "、".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


class CalendarAssumptionWarning(UserWarning):
    """A year without data was counted as plain weekends, because the caller asked for it."""


@cache
def _official() -> Mapping[int, YearData]:
    return chinesecalendar_years()


def _environment_years() -> list[YearData]:
    value = os.environ.get(HOLIDAYS_ENV, "")
    return [load_notice(p.strip()) for p in value.split(os.pathsep) if p.strip()]


class WorkCalendar:
    """Chinese working days (see the module documentation).

    ``extra_years`` adds or replaces years: :class:`YearData` or paths of
    holiday-notice files. With ``environment`` the files named by
    ``SGS_HOLIDAYS`` are loaded; ``plugin_years`` are the years plugins supply
    (:func:`sgs.plugins.registries.work_calendar` passes them). Explicit years
    win over the environment, the environment over plugins, plugins over
    chinesecalendar.

    >>> cal = WorkCalendar(environment=False)
    >>> cal.is_workday(dt.date(2019, 9, 29)), cal.is_workday(dt.date(2019, 10, 1))
    (True, False)
    >>> cal.add_workdays(dt.date(2019, 9, 27), 7)
    datetime.date(2019, 10, 12)
    """

    def __init__(
        self,
        extra_years: Iterable[YearData | str | os.PathLike[str]] = (),
        *,
        assume_weekends: bool = False,
        environment: bool = True,
        plugin_years: Iterable[YearData] = (),
    ) -> None:
        years: dict[int, YearData] = dict(_official())
        supplied: list[YearData] = list(plugin_years)
        if environment:
            supplied.extend(_environment_years())
        supplied.extend(y if isinstance(y, YearData) else load_notice(y) for y in extra_years)
        for data in supplied:
            years[data.year] = data
        self.assume_weekends = assume_weekends
        self.years: dict[int, YearData] = years
        self._warned: set[int] = set()
        self._build()

    # -- tables ---------------------------------------------------------------------------------
    def _build(self) -> None:
        years = self.years
        first, last = min(years), max(years)
        start = dt.date(first, 1, 1)
        self._base = base = start.toordinal()
        self._span = span = dt.date(last, 12, 31).toordinal() - base + 1
        weekday = start.weekday()
        week = bytes(_WORK if (weekday + i) % 7 < 5 else _REST for i in range(7))
        state = bytearray((week * (span // 7 + 1))[:span])
        gaps = set(range(first, last + 1)) - set(years)
        for year in gaps:
            a = dt.date(year, 1, 1).toordinal() - base
            b = dt.date(year, 12, 31).toordinal() - base
            if self.assume_weekends:
                state[a : b + 1] = state[a : b + 1].translate(_AS_GUESSED)
            else:
                state[a : b + 1] = bytes([_UNKNOWN]) * (b - a + 1)
        names: dict[dt.date, str] = {}
        for data in years.values():
            for day, name in data.holidays.items():
                i = day.toordinal() - base
                if 0 <= i < span:
                    state[i] = _REST
                names[day] = name
            for day in data.workdays:
                i = day.toordinal() - base
                if 0 <= i < span:
                    state[i] = _WORK
        self._state = state
        self._cumulative = array("q", [0])
        self._cumulative.extend(accumulate(state.translate(_COUNTS)))
        self._gaps = gaps
        self._assumed = {year for year, data in years.items() if data.assumed}
        self._names = names
        self._adjusted = {d: n for data in years.values() for d, n in data.workdays.items()}

    def _guess(self, *years: int) -> None:
        """Warn, once per year and in one warning for all ``years``, that they are plain weekends."""
        new = sorted(set(years) - self._warned)
        if new:
            self._warned.update(new)
            span = _spans(new)
            warnings.warn(
                CalendarAssumptionWarning(
                    f"{span}年没有节假日安排数据，按普通周末估算（不含法定节假日和调休）; "
                    f"no holiday schedule for {span.replace('、', ', ')}: counted as plain weekends"
                ),
                stacklevel=4,
            )

    def _unavailable(self, year: int, last: int | None = None) -> None:
        """Make ``year`` (to ``last``) available as assumed weekends, or raise.

        Raises :class:`CalendarYearUnavailable` when assumed weekends were not
        asked for, :class:`~sgs.errors.CalendarRangeError` for a year before 1 or
        after 9999.
        """
        last = year if last is None else last
        if not self.assume_weekends:
            raise CalendarYearUnavailable(year)
        if min(year, last) < dt.MINYEAR or max(year, last) > dt.MAXYEAR:
            raise CalendarRangeError("所求的日期", "the date asked for")
        for each in range(min(year, last), max(year, last) + 1):
            self.years[each] = YearData(year=each, origin="assumed weekends", assumed=True)
        self._build()

    def _reach(self, day: dt.date, *, warn: bool = True) -> int:
        """The index of ``day``, the tables first extended to it (assumed weekends) if need be.

        ``warn``: say that the year is assumed (else the caller says it, for a whole range).
        """
        i = day.toordinal() - self._base
        if not 0 <= i < self._span:
            self._unavailable(day.year)
            if warn:
                self._guess(day.year)
            i = day.toordinal() - self._base
        return i

    def _index(self, day: dt.date) -> int:
        i = self._reach(day)
        state = self._state[i]
        if state == _UNKNOWN:
            raise CalendarYearUnavailable(day.year)
        if state >= _GUESSED_REST:
            self._guess(day.year)
        return i

    def _check_years(self, a: dt.date, b: dt.date) -> None:
        """Raise (or warn, with ``assume_weekends``) for a year without data from a to b."""
        if self._gaps or self._assumed:
            step = 1 if b >= a else -1  # the year nearest to ``a`` first
            years = range(a.year, b.year + step, step)
            missing = [y for y in years if y in self._gaps]
            if missing and not self.assume_weekends:
                raise CalendarYearUnavailable(missing[0])
            self._guess(*(y for y in years if y in self._gaps or y in self._assumed))

    # -- single days ------------------------------------------------------------------------------
    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day (调休 weekends included, holidays excluded)."""
        i = day.toordinal() - self._base
        if 0 <= i < self._span:
            state = self._state[i]
            if state < _UNKNOWN:
                return state == _WORK
        i = self._index(day)  # may rebuild the tables: read them after it
        return self._state[i] in (_WORK, _GUESSED_WORK)

    def holiday_name(self, day: dt.date) -> str | None:
        """The holiday ``day`` belongs to (元旦, 春节…), or ``None`` on a working or plain rest day.

        >>> WorkCalendar(environment=False).holiday_name(dt.date(2019, 10, 3))
        '国庆节'
        """
        self._index(day)
        return self._names.get(day)

    def adjusted_for(self, day: dt.date) -> str | None:
        """For a weekend day that is a working day (调休上班), the holiday it makes up for."""
        self._index(day)
        return self._adjusted.get(day)

    def next_workday(self, day: dt.date, *, include: bool = False) -> dt.date:
        """The first working day after ``day`` (or ``day`` itself when ``include`` and it is one)."""
        if include and self.is_workday(day):
            return day
        return self.add_workdays(day, 1)

    # -- counting -------------------------------------------------------------------------------
    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (``day`` itself is not counted).

        A negative ``n`` counts back before ``day``; ``0`` returns ``day``.
        """
        if n == 0:
            return day
        while True:
            i = self._index(day)  # may extend an assumed calendar: read the tables after it
            base, cumulative = self._base, self._cumulative
            if n > 0:
                wanted = cumulative[i + 1] + n
                j = bisect_left(cumulative, wanted)  # the day is j - 1
                if j > self._span:
                    last = dt.date.fromordinal(base + self._span - 1)
                    self._check_years(day, last)  # a gap before the end is nearer
                    more = (wanted - cumulative[-1]) // _LEAST_WORKDAYS  # years beyond the next
                    self._unavailable(last.year + 1, last.year + 1 + more)
                    continue
            else:
                target = cumulative[i] + n + 1
                if target <= 0:
                    first = dt.date.fromordinal(base)
                    self._check_years(day, first)
                    more = -target // _LEAST_WORKDAYS
                    self._unavailable(first.year - 1, first.year - 1 - more)
                    continue
                j = bisect_left(cumulative, target)
            result = dt.date.fromordinal(base + j - 1)
            self._check_years(day, result)
            return result

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when end < start).

        ``workdays_between(d, add_workdays(d, n)) == n``.
        """
        if end < start:
            return -self.workdays_between(end, start)
        self._reach(start, warn=False)
        self._reach(end, warn=False)  # either may extend an assumed calendar and move its base
        self._check_years(start, end)  # warns once for every year assumed
        a, b = start.toordinal() - self._base, end.toordinal() - self._base
        return self._cumulative[b + 1] - self._cumulative[a + 1]

    @property
    def covered(self) -> tuple[int, int]:
        """The first and last year with data (there may be gaps in between)."""
        return min(self.years), max(self.years)


@cache
def _default() -> WorkCalendar:
    return WorkCalendar()


def default_calendar() -> WorkCalendar:
    """The calendar of chinesecalendar and ``SGS_HOLIDAYS`` files (made once)."""
    return _default()
