"""Tests of sgs.calendar: working days, supplied years, notices, assumptions and deadlines.

chinesecalendar is the reference for every year it has. Years without data are
always taken far away (2090 and later), so that a future chinesecalendar release
with more years breaks nothing here; where a test needs data for such a year it
supplies a (made-up) notice for 2090.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sgs.calendar import (
    HOLIDAY_NAMES,
    HOLIDAYS_ENV,
    CalendarAssumptionWarning,
    CalendarYearUnavailable,
    NoticeError,
    TimelinessStatus,
    WorkCalendar,
    YearData,
    chinesecalendar_years,
    load_notice,
    monthly_report_due,
    objection_deadline,
    parse_notice,
    period_end,
    publication_deadline,
    timeliness,
)
from sgs.errors import SgsError
from sgs.plugins import get_plugin_manager, hookimpl
from sgs.plugins.registries import work_calendar

OFFICIAL = chinesecalendar_years()
FIRST, LAST = min(OFFICIAL), max(OFFICIAL)
CAL = WorkCalendar(environment=False)
ONE_DAY = dt.timedelta(days=1)

# The n-th working day (n <= 60) after any day up to LATEST, or before any day from
# EARLIEST, is still inside chinesecalendar's data.
LATEST = CAL.add_workdays(dt.date(LAST, 12, 31), -62)
EARLIEST = CAL.add_workdays(dt.date(FIRST, 1, 1), 62)

official_days = st.dates(dt.date(FIRST, 1, 1), dt.date(LAST, 12, 31))
countable_days = st.dates(dt.date(FIRST, 1, 1), LATEST)
counted_back_days = st.dates(EARLIEST, dt.date(LAST, 12, 31))
counts = st.integers(1, 60)


def reference_is_workday(day: dt.date) -> bool:
    """chinesecalendar inside its range, plain weekends outside it."""
    if FIRST <= day.year <= LAST:
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def reference_add(day: dt.date, n: int) -> dt.date:
    """The n-th working day after (n > 0) or before (n < 0) ``day``, one day at a time."""
    step = ONE_DAY if n > 0 else -ONE_DAY
    found = 0
    while found < abs(n):
        day += step
        found += reference_is_workday(day)
    return day


def reference_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    if end < start:
        return -reference_between(end, start)
    return sum(
        reference_is_workday(start + dt.timedelta(days=k)) for k in range(1, (end - start).days + 1)
    )


# -- a made-up notice for 2090 --------------------------------------------------------------------

NOTICE_2090_TOML = """\
year = 2090
source = "{source}"

[[holidays]]
name = "元旦"
start = 2090-01-01
end = 2090-01-02

[[holidays]]
name = "劳动节"
start = 2090-05-01
end = 2090-05-05

[[holidays]]
name = "国庆节"
start = 2090-10-01
end = 2090-10-07

[[workdays]]
date = 2090-04-29
name = "劳动节"

[[workdays]]
date = 2090-09-30
name = "国庆节"

[[workdays]]
date = 2090-10-08
name = "国庆节"
"""

NOTICE_2090: dict[str, Any] = {
    "year": 2090,
    "source": "测试：2090年部分节假日安排（虚构）",
    "holidays": [
        {"name": "元旦", "start": "2090-01-01", "end": "2090-01-02"},
        {"name": "劳动节", "start": "2090-05-01", "end": "2090-05-05"},
        {"name": "国庆节", "start": "2090-10-01", "end": "2090-10-07"},
    ],
    "workdays": [
        {"date": "2090-04-29", "name": "劳动节"},
        {"date": "2090-09-30", "name": "国庆节"},
        {"date": "2090-10-08", "name": "国庆节"},
    ],
}

NOTICE_2091: dict[str, Any] = {
    "year": 2091,
    "source": "测试：2091年部分节假日安排（虚构）",
    "holidays": [{"name": "元旦", "start": "2091-01-01", "end": "2091-01-01"}],
}


def write_toml_2090(path: Path, source: str = "测试：2090年部分节假日安排（虚构）") -> Path:
    path.write_text(NOTICE_2090_TOML.format(source=source), encoding="utf-8")
    return path


def write_json(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def toml_2090(tmp_path: Path) -> Path:
    return write_toml_2090(tmp_path / "holidays-2090.toml")


@pytest.fixture
def json_2090(tmp_path: Path) -> Path:
    return write_json(tmp_path / "holidays-2090.json", NOTICE_2090)


class YearsPlugin:
    """A plugin that supplies the given years."""

    def __init__(self, *years: YearData) -> None:
        self.years = years

    @hookimpl
    def sgs_register_calendar_years(self, register: Callable[[YearData], None]) -> None:
        for data in self.years:
            register(data)


@contextlib.contextmanager
def plugged(plugin: object) -> Iterator[None]:
    manager = get_plugin_manager()
    manager.register(plugin)
    try:
        yield
    finally:
        manager.unregister(plugin)


@contextlib.contextmanager
def recorded() -> Iterator[list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught


def assumption_years(caught: list[warnings.WarningMessage]) -> list[str]:
    """The warning texts of the CalendarAssumptionWarnings among ``caught``."""
    return [str(w.message) for w in caught if issubclass(w.category, CalendarAssumptionWarning)]


# -- agreement with chinesecalendar ---------------------------------------------------------------


def test_official_range_starts_2004_and_is_complete() -> None:
    assert FIRST == 2004
    assert LAST >= 2026
    assert sorted(OFFICIAL) == list(range(FIRST, LAST + 1))
    assert CAL.covered == (FIRST, LAST)


def test_agrees_with_chinesecalendar_every_day() -> None:
    """is_workday, holiday_name and adjusted_for against chinesecalendar, day by day."""
    day, last = dt.date(FIRST, 1, 1), dt.date(LAST, 12, 31)
    checked = 0
    while day <= last:
        expected = bool(chinese_calendar.is_workday(day))
        assert CAL.is_workday(day) is expected, day
        is_holiday, english = chinese_calendar.get_holiday_detail(day)
        name = HOLIDAY_NAMES[str(english)] if english is not None else None
        assert CAL.holiday_name(day) == (name if is_holiday else None), day
        assert CAL.adjusted_for(day) == (None if is_holiday else name), day
        day += ONE_DAY
        checked += 1
    assert checked > 365 * 22


def test_every_chinesecalendar_holiday_has_a_chinese_name() -> None:
    names = {
        str(v) for v in (*chinese_calendar.holidays.values(), *chinese_calendar.workdays.values())
    }
    assert names <= set(HOLIDAY_NAMES)
    assert OFFICIAL[2015].holidays[dt.date(2015, 9, 3)] == HOLIDAY_NAMES["Anti-Fascist 70th Day"]


def test_example_notice_file_agrees_with_chinesecalendar(examples: Path) -> None:
    """examples/holidays-2026.toml is chinesecalendar's 2026, written as a notice."""
    notice = load_notice(examples / "holidays-2026.toml")
    assert notice.year == 2026
    assert dict(notice.holidays) == dict(OFFICIAL[2026].holidays)
    assert dict(notice.workdays) == dict(OFFICIAL[2026].workdays)


# -- fixed cases from the official notices --------------------------------------------------------


def test_national_day_2019() -> None:
    for day in range(1, 8):
        assert not CAL.is_workday(dt.date(2019, 10, day))
        assert CAL.holiday_name(dt.date(2019, 10, day)) == "国庆节"
    assert CAL.is_workday(dt.date(2019, 9, 29))  # a Sunday
    assert CAL.is_workday(dt.date(2019, 10, 12))  # a Saturday
    assert CAL.adjusted_for(dt.date(2019, 9, 29)) == "国庆节"
    assert CAL.holiday_name(dt.date(2019, 9, 29)) is None
    assert not CAL.is_workday(dt.date(2019, 10, 13))  # a plain Sunday
    assert CAL.holiday_name(dt.date(2019, 10, 13)) is None
    assert CAL.add_workdays(dt.date(2019, 9, 27), 7) == dt.date(2019, 10, 12)
    assert CAL.add_workdays(dt.date(2019, 9, 30), 7) == dt.date(2019, 10, 15)
    assert publication_deadline(dt.date(2019, 9, 27), calendar=CAL) == dt.date(2019, 10, 12)
    assert publication_deadline(dt.date(2019, 9, 30), calendar=CAL) == dt.date(2019, 10, 15)
    assert CAL.next_workday(dt.date(2019, 9, 30)) == dt.date(2019, 10, 8)
    assert CAL.workdays_between(dt.date(2019, 9, 27), dt.date(2019, 10, 12)) == 7


def test_decision_on_a_holiday_counts_from_the_next_day() -> None:
    """A decision on 2019-10-03: the 7th working day after it, the holiday not counted."""
    assert publication_deadline(dt.date(2019, 10, 3), calendar=CAL) == dt.date(2019, 10, 15)
    assert publication_deadline(
        dt.date(2019, 10, 3), count_event_day=True, calendar=CAL
    ) == dt.date(2019, 10, 15)
    assert reference_add(dt.date(2019, 10, 3), 7) == dt.date(2019, 10, 15)


def test_spring_festival_2026() -> None:
    feb = [dt.date(2026, 2, d) for d in range(1, 29)]
    off = [d for d in feb if CAL.holiday_name(d) == "春节"]
    assert off == [dt.date(2026, 2, d) for d in range(15, 24)]
    assert all(not CAL.is_workday(d) for d in off)
    adjusted = [d for d in feb if d.weekday() >= 5 and CAL.is_workday(d)]
    assert adjusted == [dt.date(2026, 2, 14), dt.date(2026, 2, 28)]
    assert all(CAL.adjusted_for(d) == "春节" for d in adjusted)
    # and the same from chinesecalendar itself
    for d in feb:
        assert CAL.is_workday(d) is bool(chinese_calendar.is_workday(d)), d
    assert [d for d in feb if d.weekday() >= 5 and chinese_calendar.is_workday(d)] == adjusted
    # a decision on the last working day before the festival
    assert publication_deadline(dt.date(2026, 2, 13), calendar=CAL) == reference_add(
        dt.date(2026, 2, 13), 7
    )
    assert CAL.add_workdays(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 14)
    assert CAL.add_workdays(dt.date(2026, 2, 14), 1) == dt.date(2026, 2, 24)


def test_new_year_2019() -> None:
    """元旦 2019: 2018-12-30 to 2019-01-01 off, Saturday 2018-12-29 a working day."""
    for day in (dt.date(2018, 12, 30), dt.date(2018, 12, 31), dt.date(2019, 1, 1)):
        assert not CAL.is_workday(day)
        assert CAL.holiday_name(day) == "元旦"
    assert CAL.is_workday(dt.date(2018, 12, 29))
    assert CAL.adjusted_for(dt.date(2018, 12, 29)) == "元旦"
    assert CAL.add_workdays(dt.date(2018, 12, 28), 7) == dt.date(2019, 1, 9)
    assert CAL.add_workdays(dt.date(2019, 1, 2), -2) == dt.date(2018, 12, 28)
    assert CAL.workdays_between(dt.date(2018, 12, 28), dt.date(2019, 1, 2)) == 2


# -- properties -----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(countable_days, counts)
def test_add_then_between(day: dt.date, n: int) -> None:
    later = CAL.add_workdays(day, n)
    assert later > day
    assert CAL.is_workday(later)
    assert CAL.workdays_between(day, later) == n
    assert later == reference_add(day, n)


@settings(max_examples=300, deadline=None)
@given(counted_back_days, counts)
def test_add_backwards(day: dt.date, n: int) -> None:
    earlier = CAL.add_workdays(day, -n)
    assert earlier < day
    assert CAL.is_workday(earlier)
    between = CAL.workdays_between(earlier, day)
    # working days after `earlier` up to and including `day`: n - 1 in between, and `day`
    assert between == (n if CAL.is_workday(day) else n - 1)
    assert earlier == reference_add(day, -n)
    if CAL.is_workday(day):
        assert CAL.add_workdays(earlier, n) == day


@settings(max_examples=300, deadline=None)
@given(countable_days)
def test_next_workday(day: dt.date) -> None:
    assert CAL.next_workday(day) == CAL.add_workdays(day, 1)
    assert (CAL.next_workday(day, include=True) == day) is CAL.is_workday(day)
    if not CAL.is_workday(day):
        assert CAL.next_workday(day, include=True) == CAL.next_workday(day)
    assert CAL.add_workdays(day, 0) == day


@settings(max_examples=300, deadline=None)
@given(official_days, official_days, official_days)
def test_between_is_antisymmetric_and_additive(a: dt.date, b: dt.date, c: dt.date) -> None:
    assert CAL.workdays_between(a, b) == -CAL.workdays_between(b, a)
    assert CAL.workdays_between(a, a) == 0
    assert CAL.workdays_between(a, b) + CAL.workdays_between(b, c) == CAL.workdays_between(a, c)


@settings(max_examples=100, deadline=None)
@given(official_days, st.integers(0, 120))
def test_between_matches_reference(a: dt.date, days: int) -> None:
    b = min(a + dt.timedelta(days=days), dt.date(LAST, 12, 31))
    assert CAL.workdays_between(a, b) == reference_between(a, b)


@settings(max_examples=300, deadline=None)
@given(countable_days)
def test_count_event_day_differs_only_on_working_days(day: dt.date) -> None:
    plain = publication_deadline(day, calendar=CAL)
    counted = publication_deadline(day, count_event_day=True, calendar=CAL)
    assert plain == CAL.add_workdays(day, 7)
    if CAL.is_workday(day):
        assert counted == CAL.add_workdays(day, 6)
        assert counted < plain
        assert CAL.workdays_between(counted, plain) == 1
    else:
        assert counted == plain


# -- years without data ---------------------------------------------------------------------------


def _check_unavailable(exc: CalendarYearUnavailable, year: int) -> None:
    assert isinstance(exc, SgsError)
    assert isinstance(exc, LookupError)
    assert exc.year == year
    assert str(year) in str(exc)
    assert HOLIDAYS_ENV in str(exc)
    # Python is told Python's ways, the command line its options (issue 12 #8).
    assert "extra_years" in str(exc)
    assert "assume_weekends=True" in str(exc)
    assert "--" not in str(exc)
    assert "--holidays" in exc.for_command_line()
    assert "--assume-weekends" in exc.for_command_line()


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.is_workday(dt.date(2090, 3, 1)),
        lambda c: c.holiday_name(dt.date(2090, 10, 1)),
        lambda c: c.adjusted_for(dt.date(2090, 10, 1)),
        lambda c: c.next_workday(dt.date(2090, 3, 1), include=True),
        lambda c: c.add_workdays(dt.date(2090, 3, 1), 7),
        lambda c: c.add_workdays(dt.date(2090, 3, 1), -7),
        lambda c: c.workdays_between(dt.date(2019, 1, 1), dt.date(2090, 3, 1)),
        lambda c: c.workdays_between(dt.date(2090, 3, 1), dt.date(2019, 1, 1)),
        lambda c: publication_deadline(dt.date(2090, 3, 1), calendar=c),
        lambda c: monthly_report_due(2090, 2, calendar=c),
        lambda c: period_end(dt.date(2090, 1, 1), months=1, to_workday=True, calendar=c),
    ],
)
def test_year_without_data_raises(call: Callable[[WorkCalendar], object]) -> None:
    cal = WorkCalendar(environment=False)
    with pytest.raises(CalendarYearUnavailable) as info:
        call(cal)
    _check_unavailable(info.value, 2090)


def test_counting_off_either_end_of_the_data_raises() -> None:
    with pytest.raises(CalendarYearUnavailable) as info:
        CAL.add_workdays(dt.date(FIRST, 1, 5), -30)
    _check_unavailable(info.value, FIRST - 1)
    with pytest.raises(CalendarYearUnavailable) as info:
        CAL.add_workdays(dt.date(LAST, 12, 1), 100_000)
    _check_unavailable(info.value, LAST + 1)


def test_counting_off_the_end_of_a_supplied_year_raises(toml_2090: Path) -> None:
    cal = WorkCalendar([toml_2090], environment=False)
    assert cal.covered == (FIRST, 2090)
    assert cal.add_workdays(dt.date(2090, 12, 28), 1) == dt.date(2090, 12, 29)
    with pytest.raises(CalendarYearUnavailable) as info:
        cal.add_workdays(dt.date(2090, 12, 28), 7)
    _check_unavailable(info.value, 2091)
    with pytest.raises(CalendarYearUnavailable) as info:
        cal.workdays_between(dt.date(2090, 12, 28), dt.date(2091, 1, 3))
    _check_unavailable(info.value, 2091)


def test_gap_between_known_years_raises(toml_2090: Path) -> None:
    cal = WorkCalendar([toml_2090], environment=False)
    for call in (
        lambda: cal.is_workday(dt.date(2050, 1, 3)),
        lambda: cal.holiday_name(dt.date(2050, 1, 1)),
        lambda: cal.add_workdays(dt.date(2050, 6, 1), 1),
    ):
        with pytest.raises(CalendarYearUnavailable) as info:
            call()
        _check_unavailable(info.value, 2050)
    # counting across the gap names its first year, whichever that is
    with pytest.raises(CalendarYearUnavailable) as info:
        cal.workdays_between(dt.date(2019, 1, 1), dt.date(2090, 1, 10))
    _check_unavailable(info.value, LAST + 1)
    with pytest.raises(CalendarYearUnavailable) as info:
        cal.add_workdays(dt.date(LAST, 12, 1), 100)  # lands in 2090, across the gap
    _check_unavailable(info.value, LAST + 1)
    with pytest.raises(CalendarYearUnavailable) as info:
        cal.add_workdays(dt.date(2090, 1, 10), -400)  # lands before the gap
    assert LAST < info.value.year < 2090
    _check_unavailable(info.value, info.value.year)
    # and the known years on both sides still work
    assert cal.is_workday(dt.date(2019, 9, 29))
    assert cal.add_workdays(dt.date(2090, 9, 29), 1) == dt.date(2090, 9, 30)


# -- supplied years -------------------------------------------------------------------------------


def _check_2090(cal: WorkCalendar) -> None:
    """The made-up 2090 schedule: days off, adjusted working days, plain days."""
    assert not cal.is_workday(dt.date(2090, 1, 2))  # Monday, 元旦
    assert cal.holiday_name(dt.date(2090, 1, 2)) == "元旦"
    assert cal.is_workday(dt.date(2090, 1, 3))  # Tuesday
    assert not cal.is_workday(dt.date(2090, 1, 7))  # a plain Saturday
    assert cal.is_workday(dt.date(2090, 4, 29))  # Saturday, 调休
    assert cal.adjusted_for(dt.date(2090, 4, 29)) == "劳动节"
    assert cal.is_workday(dt.date(2090, 9, 30))
    assert cal.is_workday(dt.date(2090, 10, 8))
    assert not any(cal.is_workday(dt.date(2090, 10, d)) for d in range(1, 8))
    assert cal.holiday_name(dt.date(2090, 10, 3)) == "国庆节"
    # 9-29 Fri: 9-30 Sat (1), 10-08 Sun (2), 10-09 (3) ... 10-13 Fri (7)
    assert cal.add_workdays(dt.date(2090, 9, 29), 7) == dt.date(2090, 10, 13)
    assert publication_deadline(dt.date(2090, 9, 29), calendar=cal) == dt.date(2090, 10, 13)
    assert cal.workdays_between(dt.date(2090, 9, 29), dt.date(2090, 10, 13)) == 7


def test_toml_and_json_notices_agree(toml_2090: Path, json_2090: Path) -> None:
    from_toml, from_json = load_notice(toml_2090), load_notice(json_2090)
    assert from_toml.year == from_json.year == 2090
    assert dict(from_toml.holidays) == dict(from_json.holidays)
    assert dict(from_toml.workdays) == dict(from_json.workdays)
    assert len(from_toml.holidays) == 2 + 5 + 7
    assert from_toml.source == NOTICE_2090["source"]
    assert from_toml.origin == str(toml_2090)
    assert from_toml == parse_notice(
        json.loads(json_2090.read_text(encoding="utf-8")), str(toml_2090)
    )


@pytest.mark.parametrize("kind", ["toml", "json", "yeardata"])
def test_extra_years(kind: str, toml_2090: Path, json_2090: Path) -> None:
    choices: dict[str, YearData | Path] = {
        "toml": toml_2090,
        "json": json_2090,
        "yeardata": parse_notice(NOTICE_2090),
    }
    extra = choices[kind]
    cal = WorkCalendar([extra], environment=False)
    _check_2090(cal)
    # str paths work as well as Path objects
    if isinstance(extra, Path):
        _check_2090(WorkCalendar([str(extra)], environment=False))
    # the official years are untouched
    assert cal.add_workdays(dt.date(2019, 9, 27), 7) == dt.date(2019, 10, 12)


def test_environment_variable(
    tmp_path: Path, toml_2090: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    json_2091 = write_json(tmp_path / "holidays-2091.json", NOTICE_2091)
    monkeypatch.setenv(HOLIDAYS_ENV, f"{toml_2090}{os.pathsep}{json_2091}")
    cal = WorkCalendar()
    _check_2090(cal)
    assert not cal.is_workday(dt.date(2091, 1, 1))
    assert cal.holiday_name(dt.date(2091, 1, 1)) == "元旦"
    # 2090-12-28 Thu: 12-29 Fri (1), 2091-01-02 Tue (2) ... 01-09 Tue (7)
    assert cal.add_workdays(dt.date(2090, 12, 28), 7) == dt.date(2091, 1, 9)
    # environment=False ignores it
    with pytest.raises(CalendarYearUnavailable):
        WorkCalendar(environment=False).is_workday(dt.date(2090, 1, 3))


def test_environment_variable_with_a_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "missing.toml"
    monkeypatch.setenv(HOLIDAYS_ENV, str(missing))
    with pytest.raises(NoticeError, match=r"missing\.toml"):
        WorkCalendar()
    monkeypatch.setenv(HOLIDAYS_ENV, os.pathsep)  # nothing but separators: no files
    assert WorkCalendar().covered == (FIRST, LAST)


def test_plugin_supplies_years() -> None:
    plugin = YearsPlugin(parse_notice(NOTICE_2090, "plugin"))
    with plugged(plugin):
        cal = work_calendar(environment=False)
        _check_2090(cal)
        assert cal.years[2090].origin == "plugin"
        with pytest.raises(CalendarYearUnavailable):
            WorkCalendar(environment=False).is_workday(dt.date(2090, 1, 3))
    with pytest.raises(CalendarYearUnavailable):
        WorkCalendar(environment=False).is_workday(dt.date(2090, 1, 3))


def test_plugin_must_supply_year_data(monkeypatch: pytest.MonkeyPatch) -> None:
    from sgs.plugins.registries import plugin_calendar_years

    class Bad:
        @hookimpl
        def sgs_register_calendar_years(self, register: Callable[[object], None]) -> None:
            register({"year": 2090})

    with plugged(Bad()), recorded() as caught:
        calendar = work_calendar(environment=False)  # the bad plugin is left out, with a warning
    assert calendar.covered == (FIRST, LAST)
    assert any("YearData" in str(w.message) for w in caught)
    monkeypatch.setenv("SGS_STRICT_PLUGINS", "1")  # strict mode: an error
    with plugged(Bad()), pytest.raises(SgsError, match="YearData"):
        plugin_calendar_years()


def test_precedence_explicit_over_environment_over_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin_data = YearData(
        year=2090, holidays={dt.date(2090, 1, 3): "元旦"}, source="plugin", origin="plugin"
    )
    env_file = write_toml_2090(tmp_path / "env.toml", source="env")
    explicit_file = write_json(
        tmp_path / "explicit.json",
        {
            "year": 2090,
            "source": "explicit",
            "holidays": [{"name": "元旦", "start": "2090-01-04", "end": "2090-01-04"}],
        },
    )
    with plugged(YearsPlugin(plugin_data)):
        cal = work_calendar(environment=False)
        assert cal.years[2090].source == "plugin"
        assert not cal.is_workday(dt.date(2090, 1, 3))
        assert cal.is_workday(dt.date(2090, 1, 2))

        monkeypatch.setenv(HOLIDAYS_ENV, str(env_file))
        cal = work_calendar()
        assert cal.years[2090].source == "env"
        assert cal.is_workday(dt.date(2090, 1, 3))
        assert not cal.is_workday(dt.date(2090, 1, 2))

        cal = work_calendar([explicit_file])
        assert cal.years[2090].source == "explicit"
        assert cal.is_workday(dt.date(2090, 1, 2))
        assert cal.is_workday(dt.date(2090, 1, 3))
        assert not cal.is_workday(dt.date(2090, 1, 4))


def test_supplied_year_replaces_chinesecalendar(tmp_path: Path) -> None:
    """A notice replacing 2019 with only 元旦: 国庆 2019 becomes ordinary days."""
    notice = write_json(
        tmp_path / "2019.json",
        {
            "year": 2019,
            "source": "replacement",
            "holidays": [{"name": "元旦", "start": "2019-01-01", "end": "2019-01-01"}],
        },
    )
    cal = WorkCalendar([notice], environment=False)
    assert cal.is_workday(dt.date(2019, 10, 1))  # a Tuesday
    assert cal.holiday_name(dt.date(2019, 10, 1)) is None
    assert not cal.is_workday(dt.date(2019, 9, 29))  # a plain Sunday again
    assert cal.adjusted_for(dt.date(2019, 9, 29)) is None
    assert not cal.is_workday(dt.date(2019, 1, 1))
    assert cal.add_workdays(dt.date(2019, 9, 27), 7) == dt.date(2019, 10, 8)
    # the other years are chinesecalendar's still
    assert cal.is_workday(dt.date(2018, 12, 29))
    assert not cal.is_workday(dt.date(2020, 10, 1))

    plugin_2019 = YearData(year=2019, holidays={dt.date(2019, 1, 1): "元旦"}, source="plugin")
    with plugged(YearsPlugin(plugin_2019)):
        cal = work_calendar(environment=False)
        assert cal.is_workday(dt.date(2019, 10, 1))
        assert not cal.is_workday(dt.date(2019, 10, 12))  # no longer 调休


# -- notice validation ----------------------------------------------------------------------------

GOOD_HOLIDAY = {"name": "元旦", "start": "2090-01-01", "end": "2090-01-02"}


def _notice(**changes: Any) -> dict[str, Any]:
    data = {**NOTICE_2090, **changes}
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("data", "where", "what"),
    [
        (_notice(year=None), "", "year"),
        (_notice(year="2090"), "", "year"),
        (_notice(year=209000), "", "year"),
        (_notice(year=True), "", "year"),
        (_notice(source=None), "", "source"),
        (_notice(source="  "), "", "source"),
        (_notice(holidays=[]), "", "holidays"),
        (_notice(holidays=None), "", "holidays"),
        (
            _notice(
                holidays=[
                    GOOD_HOLIDAY,
                    {"name": "春节", "start": "2090-02-05", "end": "2090-02-01"},
                ]
            ),
            "holidays[2]",
            "before",
        ),
        (
            _notice(
                holidays=[
                    GOOD_HOLIDAY,
                    {"name": "春节", "start": "2090-02-30", "end": "2090-03-01"},
                ]
            ),
            "holidays[2]",
            "start",
        ),
        (
            _notice(
                holidays=[GOOD_HOLIDAY, {"name": "春节", "start": "2090-02-01", "end": "soon"}]
            ),
            "holidays[2]",
            "end",
        ),
        (
            _notice(
                holidays=[
                    GOOD_HOLIDAY,
                    {"name": "春节", "start": "2090-01-02", "end": "2090-01-05"},
                ]
            ),
            "holidays[2]",
            "2090-01-02",
        ),
        (
            _notice(holidays=[GOOD_HOLIDAY, {"start": "2090-02-01", "end": "2090-02-03"}]),
            "holidays[2]",
            "name",
        ),
        (
            _notice(
                holidays=[
                    GOOD_HOLIDAY,
                    {"name": "春节", "start": "2070-02-01", "end": "2070-02-03"},
                ]
            ),
            "holidays[2]",
            "2070",
        ),
        (
            _notice(
                holidays=[
                    GOOD_HOLIDAY,
                    {"name": "春节", "start": "2090-02-01", "end": "2090-04-01"},
                ]
            ),
            "holidays[2]",
            "2090",
        ),
        (_notice(holidays=[GOOD_HOLIDAY, "2090-02-01"]), "holidays[2]", "object"),
        (
            _notice(
                workdays=[
                    {"date": "2090-01-07", "name": "元旦"},
                    {"date": "2090-01-03", "name": "元旦"},
                ]
            ),
            "workdays[2]",
            "weekday",
        ),
        (
            _notice(workdays=[{"date": "2090-01-01", "name": "元旦"}]),
            "workdays[1]",
            "holiday",
        ),
        (_notice(workdays=[{"date": "2090-13-01", "name": "元旦"}]), "workdays[1]", "date"),
        (_notice(workdays=[{"date": "2090-01-07"}]), "workdays[1]", "name"),
        (_notice(workdays=[{"date": "2070-01-04", "name": "元旦"}]), "workdays[1]", "2070"),
        (_notice(workdays={"date": "2090-01-07"}), "", "workdays"),
        (_notice(holiday=[GOOD_HOLIDAY]), "", "unknown"),
    ],
)
def test_bad_notice(tmp_path: Path, data: dict[str, Any], where: str, what: str) -> None:
    path = write_json(tmp_path / "bad.json", data)
    with pytest.raises(NoticeError) as info:
        load_notice(path)
    exc = info.value
    assert isinstance(exc, SgsError)
    assert isinstance(exc, ValueError)
    message = str(exc)
    assert str(path) in message
    assert (f"{path} {where}" if where else f"{path}：") in message
    assert what in message
    # and the same check without a file
    with pytest.raises(NoticeError, match="<here>"):
        parse_notice(data, "<here>")


TOML_2090 = NOTICE_2090_TOML.format(source="s")


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        ("bad.toml", "year = = 2090\n", "TOML"),
        ("bad.toml", b"\xff\xfe\x00year", "TOML"),
        ("bad.json", "{year: 2090", "JSON"),
        ("list.json", "[1, 2]", "object"),
        ("bad.toml", TOML_2090.replace("2090-05-05", "2090-04-25"), "holidays[2]"),
        ("bad.toml", TOML_2090.replace("start = 2090-10-01", "start = 2090-10-1"), "TOML"),
        ("bad.toml", TOML_2090.replace("start = 2090-10-01", 'start = "国庆"'), "holidays[3]"),
        (
            "bad.toml",
            TOML_2090.replace(
                "[[workdays]]\ndate = 2090-04-29",
                '[[holidays]]\nname = "调"\nstart = 2090-05-05\nend = 2090-05-06\n\n'
                "[[workdays]]\ndate = 2090-04-29",
            ),
            "holidays[4]",
        ),
        ("bad.toml", TOML_2090.replace("date = 2090-09-30", "date = 2090-09-29"), "workdays[2]"),
        ("bad.toml", TOML_2090.replace("date = 2090-04-29", "date = 2090-10-01"), "workdays[1]"),
        ("bad.toml", "years = 2\n" + TOML_2090, "years"),
        ("bad.toml", TOML_2090.replace("year = 2090\n", ""), "year"),
    ],
)
def test_bad_notice_file(tmp_path: Path, name: str, content: str | bytes, what: str) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(NoticeError) as info:
        load_notice(path)
    assert str(path) in str(info.value)
    assert what in str(info.value)
    # a calendar made with the file fails the same way
    with pytest.raises(NoticeError, match=re.escape(name)):
        WorkCalendar([path], environment=False)


@pytest.mark.parametrize(
    ("entry", "where"),
    [
        ("holidays", "holidays[2]"),
        ("workdays", "workdays[1]"),
    ],
)
def test_unknown_key_in_an_entry(tmp_path: Path, entry: str, where: str) -> None:
    """A misspelt key inside an entry is an error naming the entry, as at the top level.

    Bug: notices.py ``parse_notice`` checks unknown keys only at the top level; in a
    ``holidays`` or ``workdays`` entry they are ignored. A typo ``ned`` for ``end``
    quietly makes a one-day holiday (end defaults to start), and a top-level key
    written after a ``[[workdays]]`` table in TOML silently lands in that entry.
    """
    if entry == "holidays":
        holidays = [GOOD_HOLIDAY, {"name": "春节", "start": "2090-01-24", "ned": "2090-01-30"}]
        data = _notice(holidays=holidays)
    else:
        data = _notice(workdays=[{"date": "2090-01-07", "name": "元旦", "note": "补班"}])
    path = write_json(tmp_path / "typo.json", data)
    with pytest.raises(NoticeError) as info:
        load_notice(path)
    assert f"{path} {where}" in str(info.value)


def test_unreadable_notice_file(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.toml", tmp_path):
        with pytest.raises(NoticeError) as info:
            load_notice(path)
        assert str(path) in str(info.value)
        assert isinstance(info.value, SgsError)
        assert isinstance(info.value, ValueError)


def test_notice_details() -> None:
    """end defaults to start, TOML datetimes become dates, names are trimmed, BOMs are fine."""
    data = parse_notice(
        {
            "year": 2090,
            "source": " s ",
            "holidays": [
                {"name": " 元旦 ", "start": "2090-01-02"},
                {
                    "name": "春节",
                    "start": dt.datetime(2090, 1, 24, 0, 0),
                    "end": dt.date(2090, 1, 26),
                },
            ],
            "workdays": [{"date": dt.date(2089, 12, 31), "name": "元旦"}],
        }
    )
    assert dict(data.holidays) == {
        dt.date(2090, 1, 2): "元旦",
        dt.date(2090, 1, 24): "春节",
        dt.date(2090, 1, 25): "春节",
        dt.date(2090, 1, 26): "春节",
    }
    assert dict(data.workdays) == {dt.date(2089, 12, 31): "元旦"}
    assert data.source == "s"
    assert data.origin == "<notice>"
    assert not data.assumed
    assert set(data.days()) == {*data.holidays, *data.workdays}


def test_notice_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + NOTICE_2090_TOML.format(source="s").encode())
    assert load_notice(path).year == 2090
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(NOTICE_2090).encode())
    assert load_notice(path).year == 2090


# -- assume_weekends ------------------------------------------------------------------------------


def test_assume_weekends_after_the_last_known_year(toml_2090: Path) -> None:
    """2091 has no data: counted as plain weekends, with one warning naming it."""
    cal = WorkCalendar([toml_2090], assume_weekends=True, environment=False)
    with recorded() as caught:
        # 2090-12-28 Thu: 12-29 Fri (1), 2091-01-01 Mon (2) ... 01-08 Mon (7)
        assert cal.add_workdays(dt.date(2090, 12, 28), 7) == dt.date(2091, 1, 8)
    messages = assumption_years(caught)
    assert len(messages) == 1
    assert "2091" in messages[0]
    assert cal.years[2091].assumed
    with recorded() as caught:
        assert cal.add_workdays(dt.date(2090, 12, 28), 7) == dt.date(2091, 1, 8)
        assert cal.workdays_between(dt.date(2090, 12, 31), dt.date(2091, 1, 31)) == 23
        assert cal.is_workday(dt.date(2091, 1, 1))  # no 元旦 when assumed
        assert cal.holiday_name(dt.date(2091, 1, 1)) is None
        assert not cal.is_workday(dt.date(2091, 1, 6))  # Saturday
    assert caught == []


def test_assume_weekends_before_the_first_known_year() -> None:
    cal = WorkCalendar(assume_weekends=True, environment=False)
    start, end = dt.date(FIRST - 1, 11, 20), dt.date(FIRST, 1, 20)
    with pytest.warns(CalendarAssumptionWarning, match=str(FIRST - 1)) as caught:
        assert cal.workdays_between(start, end) == reference_between(start, end)
    assert len(assumption_years(list(caught))) == 1
    with recorded() as again:
        assert cal.add_workdays(dt.date(FIRST, 1, 5), -10) == reference_add(
            dt.date(FIRST, 1, 5), -10
        )
        assert cal.add_workdays(start, 30) == reference_add(start, 30)
        assert cal.is_workday(dt.date(FIRST - 1, 12, 31))  # Wednesday, plain
    assert again == []
    # the official data is unchanged
    assert cal.add_workdays(dt.date(2019, 9, 27), 7) == dt.date(2019, 10, 12)


def test_assume_weekends_warns_once_per_year_counting_back() -> None:
    cal = WorkCalendar(assume_weekends=True, environment=False)
    with recorded() as caught:
        day = cal.add_workdays(dt.date(FIRST, 1, 5), -300)
        cal.add_workdays(dt.date(FIRST, 1, 5), -300)
    assert day == reference_add(dt.date(FIRST, 1, 5), -300)
    messages = assumption_years(caught)
    assert messages == [  # one warning naming both years: the second call warns no more
        f"{FIRST - 2}–{FIRST - 1}年没有节假日安排数据，按普通周末估算（不含法定节假日和调休）; "
        f"no holiday schedule for {FIRST - 2}–{FIRST - 1}: counted as plain weekends"
    ]


def test_without_assume_weekends_nothing_is_added() -> None:
    cal = WorkCalendar(environment=False)
    with recorded() as caught, pytest.raises(CalendarYearUnavailable):
        cal.add_workdays(dt.date(FIRST, 1, 5), -30)
    assert caught == []
    assert cal.covered == (FIRST, LAST)


# The three tests below show bugs of WorkCalendar with assume_weekends=True (see their docs).


@pytest.mark.parametrize("day", [dt.date(FIRST - 1, 1, 1), dt.date(2090, 1, 2)])
def test_assume_weekends_is_workday_on_the_first_touch_of_a_year(day: dt.date) -> None:
    """is_workday on a fresh assumed year answers for that day (both are weekdays).

    Bug: work.py ``is_workday`` evaluates ``self._state[self._index(day)]`` — it reads
    the old ``_state`` before ``_index`` rebuilds the tables, so the new index goes
    into the old table: IndexError after the data, a wrong day's answer before it
    (2003-01-01, a Wednesday, reads 2004-01-01 元旦 and says False).
    """
    cal = WorkCalendar(assume_weekends=True, environment=False)
    with pytest.warns(CalendarAssumptionWarning, match=str(day.year)):
        answer = cal.is_workday(day)
    assert answer is True


def test_assume_weekends_add_workdays_from_a_day_before_the_data() -> None:
    """The first working day after Monday 2003-06-02, counted as plain weekends, is 06-03.

    Bug: work.py ``add_workdays`` reads ``base = self._base`` before ``self._index(day)``
    extends the tables backwards, so the result is a year off (2004-06-02).
    """
    cal = WorkCalendar(assume_weekends=True, environment=False)
    start = dt.date(FIRST - 1, 6, 2)
    with pytest.warns(CalendarAssumptionWarning):
        result = cal.add_workdays(start, 1)
    assert result == reference_add(start, 1)


@pytest.mark.parametrize("supplied", [False, True])
def test_assume_weekends_warns_for_every_assumed_year(supplied: bool, toml_2090: Path) -> None:
    """Each year used as plain weekends warns once, also a year in a gap.

    A gap year (between known or assumed years) is filled in with plain weekends
    when 2090 is assumed or supplied; using it must still warn, once. The years
    one computation crosses are named in one warning.
    """
    extra = [toml_2090] if supplied else []
    cal = WorkCalendar(extra, assume_weekends=True, environment=False)
    with recorded():
        cal.holiday_name(dt.date(2090, 1, 2))
    with recorded() as caught:
        assert cal.is_workday(dt.date(2050, 1, 3))
        assert not cal.is_workday(dt.date(2050, 1, 1))  # Saturday
        assert cal.add_workdays(dt.date(2050, 1, 3), 5) == dt.date(2050, 1, 10)
    messages = assumption_years(caught)
    assert len(messages) == 1
    assert "2050" in messages[0]
    with recorded() as caught:  # counting across gap years warns for each, once
        assert cal.workdays_between(dt.date(2049, 12, 31), dt.date(2051, 1, 1)) == (
            reference_between(dt.date(2049, 12, 31), dt.date(2051, 1, 1))
        )
    messages = assumption_years(caught)
    assert len(messages) == 1
    assert "2049、2051年" in messages[0]


# -- deadlines ------------------------------------------------------------------------------------


def test_publication_and_objection_deadlines() -> None:
    decision = dt.date(2019, 9, 30)  # a Monday, a working day
    assert publication_deadline(decision, calendar=CAL) == dt.date(2019, 10, 15)
    assert publication_deadline(decision, count_event_day=True, calendar=CAL) == dt.date(
        2019, 10, 14
    )
    assert publication_deadline(decision, workdays=3, calendar=CAL) == dt.date(2019, 10, 10)
    # Sunday 2019-09-29 is a working day (调休), so it counts with count_event_day
    assert publication_deadline(dt.date(2019, 9, 29), count_event_day=True, calendar=CAL) == (
        dt.date(2019, 10, 12)
    )
    assert publication_deadline(dt.date(2019, 9, 29), calendar=CAL) == dt.date(2019, 10, 14)
    # a plain Saturday does not count
    saturday = dt.date(2019, 9, 21)
    assert publication_deadline(saturday, count_event_day=True, calendar=CAL) == (
        publication_deadline(saturday, calendar=CAL)
    )
    assert objection_deadline(decision, calendar=CAL) == dt.date(2019, 10, 10)
    assert objection_deadline(decision, count_event_day=True, calendar=CAL) == dt.date(2019, 10, 9)
    assert objection_deadline(dt.date(2019, 9, 27), calendar=CAL) == dt.date(2019, 10, 8)
    assert objection_deadline(decision, workdays=1, count_event_day=True, calendar=CAL) == decision


def test_monthly_report_due_every_month() -> None:
    """The 15th of the next month, or the first working day after it, for every month."""
    moved = []
    for year in range(FIRST, LAST + 1):
        for month in range(1, 13):
            if (year, month) == (LAST, 12):
                continue
            fifteenth = dt.date(year + month // 12, month % 12 + 1, 15)
            expected = fifteenth
            while not chinese_calendar.is_workday(expected):
                expected += ONE_DAY
            assert monthly_report_due(year, month, calendar=CAL) == expected, (year, month)
            if expected != fifteenth:
                moved.append((year, month))
    assert len(moved) > 50


def test_monthly_report_due_cases() -> None:
    assert monthly_report_due(2019, 9, calendar=CAL) == dt.date(2019, 10, 15)  # Tuesday
    # 2019-06-15 is a Saturday
    assert dt.date(2019, 6, 15).weekday() == 5
    assert monthly_report_due(2019, 5, calendar=CAL) == dt.date(2019, 6, 17)
    # 2026-02-15 is inside 春节 (02-15 to 02-23)
    assert CAL.holiday_name(dt.date(2026, 2, 15)) == "春节"
    assert monthly_report_due(2026, 1, calendar=CAL) == dt.date(2026, 2, 24)
    # December's report is due in January
    assert monthly_report_due(2018, 12, calendar=CAL) == dt.date(2019, 1, 15)
    assert monthly_report_due(2019, 9, day=12, calendar=CAL) == dt.date(2019, 10, 12)  # 调休 Sat


@pytest.mark.parametrize(
    ("start", "period", "end"),
    [
        (dt.date(2025, 1, 31), (0, 1, 0), dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), (0, 1, 0), dt.date(2024, 2, 29)),
        (dt.date(2024, 3, 31), (0, 1, 0), dt.date(2024, 4, 30)),
        (dt.date(2024, 2, 29), (1, 0, 0), dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), (3, 0, 0), dt.date(2027, 2, 28)),
        (dt.date(2024, 2, 29), (4, 0, 0), dt.date(2028, 2, 29)),
        (dt.date(2025, 11, 30), (0, 3, 0), dt.date(2026, 2, 28)),
        (dt.date(2025, 12, 31), (0, 2, 0), dt.date(2026, 2, 28)),
        (dt.date(2019, 9, 1), (0, 0, 30), dt.date(2019, 10, 1)),
        (dt.date(2019, 1, 31), (1, 1, 1), dt.date(2020, 3, 1)),
    ],
)
def test_period_end(start: dt.date, period: tuple[int, int, int], end: dt.date) -> None:
    years, months, days = period
    assert period_end(start, years=years, months=months, days=days) == end


def test_period_end_to_workday() -> None:
    # ends on 2019-10-01 (国庆): moves to 2019-10-08
    assert period_end(dt.date(2019, 9, 1), months=1, calendar=CAL) == dt.date(2019, 10, 1)
    assert period_end(dt.date(2019, 9, 1), months=1, to_workday=True, calendar=CAL) == dt.date(
        2019, 10, 8
    )
    # ends on the 调休 Saturday 2019-10-12: a working day, stays
    assert period_end(dt.date(2019, 9, 12), months=1, to_workday=True, calendar=CAL) == dt.date(
        2019, 10, 12
    )
    # ends on a plain Sunday: moves to Monday
    assert period_end(dt.date(2019, 9, 13), months=1, to_workday=True, calendar=CAL) == dt.date(
        2019, 10, 14
    )
    # ends inside 春节 2026
    assert period_end(dt.date(2025, 2, 16), years=1, to_workday=True, calendar=CAL) == dt.date(
        2026, 2, 24
    )


def test_timeliness() -> None:
    decision = dt.date(2019, 9, 27)  # deadline 2019-10-12
    due = dt.date(2019, 10, 12)
    on_time = timeliness(decision, dt.date(2019, 10, 12), calendar=CAL)
    assert on_time.status is TimelinessStatus.ON_TIME
    assert on_time.deadline == due
    assert (on_time.late_by, on_time.days_left) == (0, 0)
    assert timeliness(decision, decision, calendar=CAL).status is TimelinessStatus.ON_TIME

    late = timeliness(decision, dt.date(2019, 10, 16), calendar=CAL)
    assert late.status is TimelinessStatus.LATE
    assert late.late_by == 3 == CAL.workdays_between(due, dt.date(2019, 10, 16))
    assert late.status.label == "逾期报送"

    overdue = timeliness(decision, as_of=dt.date(2019, 10, 18), calendar=CAL)
    assert overdue.status is TimelinessStatus.OVERDUE
    assert overdue.late_by == 5
    assert overdue.deadline == due

    pending = timeliness(decision, as_of=dt.date(2019, 9, 30), calendar=CAL)
    assert pending.status is TimelinessStatus.PENDING
    assert pending.days_left == 5  # 10-08 .. 10-12
    assert pending.late_by == 0
    last_day = timeliness(decision, as_of=due, calendar=CAL)
    assert (last_day.status, last_day.days_left) == (TimelinessStatus.PENDING, 0)

    counted = timeliness(
        dt.date(2019, 9, 30), dt.date(2019, 10, 15), count_event_day=True, calendar=CAL
    )
    assert counted.status is TimelinessStatus.LATE
    assert counted.deadline == dt.date(2019, 10, 14)
    assert counted.late_by == 1


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(FIRST, 1, 1), LATEST - dt.timedelta(days=120)), st.integers(0, 90))
def test_timeliness_late_by_counts_working_days(decision: dt.date, after: int) -> None:
    pushed = decision + dt.timedelta(days=after)
    result = timeliness(decision, pushed, calendar=CAL)
    due = CAL.add_workdays(decision, 7)
    assert result.deadline == due
    if pushed <= due:
        assert result.status is TimelinessStatus.ON_TIME
        assert result.late_by == 0
    else:
        assert result.status is TimelinessStatus.LATE
        # a push on a rest day counts from the next working day: always at least 1 late
        effective = CAL.next_workday(pushed, include=True)
        assert result.late_by == CAL.workdays_between(due, effective) >= 1
        assert result.late_by == reference_between(due, effective)


def test_a_push_on_the_rest_day_after_the_deadline_is_one_working_day_late() -> None:
    """Deadline Saturday 2019-10-12 (a 调休 working day), pushed Sunday: late by 1, not 0."""
    result = timeliness(dt.date(2019, 9, 27), dt.date(2019, 10, 13), calendar=CAL)
    assert result.deadline == dt.date(2019, 10, 12)
    assert (result.status, result.late_by) == (TimelinessStatus.LATE, 1)
