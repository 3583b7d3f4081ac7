"""Holiday files that are no notice, and dates at the edges of the calendar (issue 11 #10, #11).

``--holidays /dev/zero`` read forever, a FIFO blocked, a notice of JSON
nested deep or holding a huge integer raised a bare RecursionError or
ValueError; ``monthly-due 9999-12`` and counting past year 9999 (or before
year 1) with assumed weekends raised ``ValueError: year 10000 is out of
range``, and a count of a billion working days rebuilt the tables year by
year for hours. Each is now a NoticeError or CalendarRangeError.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import warnings
from pathlib import Path

import pytest

from sgs.calendar import (
    CalendarAssumptionWarning,
    NoticeError,
    WorkCalendar,
    deadline,
    load_notice,
    monthly_report_due,
    period_end,
    publication_window,
)
from sgs.calendar.notices import NOTICE_MAX_BYTES
from sgs.errors import CalendarRangeError
from tests.hostile import deadline as time_limit
from tests.hostile import deep_json, fifo

# -- holiday files --------------------------------------------------------------------------------


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "holidays.toml")
    with time_limit(), pytest.raises(NoticeError, match="命名管道") as caught:
        load_notice(pipe)
    assert str(pipe) in str(caught.value)


def test_dev_zero_is_refused() -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    with time_limit(), pytest.raises(NoticeError, match=r"/dev/zero.*设备文件"):
        load_notice("/dev/zero")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NoticeError, match="这是一个目录"):
        load_notice(tmp_path)


def test_a_file_too_large_for_a_notice_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "holidays.toml"
    with path.open("wb") as file:
        file.truncate(NOTICE_MAX_BYTES + 1)  # sparse: nothing is written, nothing read
    with pytest.raises(NoticeError, match="文件过大"):
        load_notice(path)


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("deep.json", deep_json(), "嵌套层数过多"),
        ("digits.json", '{"year": ' + "9" * 5000 + "}", "不是有效的 TOML/JSON"),
        ("binary.toml", "\udcff\udcfe", "不是有效的 TOML/JSON"),
        ("deep.toml", "a = " + "[" * 100_000 + "]" * 100_000, "不是有效的 TOML/JSON|嵌套层数过多"),
    ],
)
def test_bad_content_is_a_notice_error(tmp_path: Path, name: str, content: str, match: str) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with pytest.raises(NoticeError, match=match) as caught:
        load_notice(path)
    assert str(path) in str(caught.value)


# -- the edges of the dates -----------------------------------------------------------------------


@pytest.fixture
def assumed() -> WorkCalendar:
    return WorkCalendar(assume_weekends=True, environment=False)


def test_monthly_due_after_9999_12() -> None:
    with pytest.raises(CalendarRangeError, match="9999年12月的月报截止日超出可计算的日期范围"):
        monthly_report_due(9999, 12, calendar=WorkCalendar(environment=False))


def test_a_period_ending_after_9999() -> None:
    with pytest.raises(CalendarRangeError, match="期间的最后一天"):
        period_end(dt.date(9999, 6, 1), years=1)


@pytest.mark.parametrize(
    ("day", "n"), [(dt.date(9999, 12, 31), 1), (dt.date(1, 1, 1), -1), (dt.date(9999, 12, 24), 7)]
)
def test_counting_past_the_last_or_first_date(assumed: WorkCalendar, day: dt.date, n: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalendarAssumptionWarning)
        with pytest.raises(CalendarRangeError, match="所求的日期"):
            assumed.add_workdays(day, n)


def test_a_deadline_after_9999(assumed: WorkCalendar) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CalendarAssumptionWarning)
        with pytest.raises(CalendarRangeError):
            deadline(dt.date(9999, 12, 30), 7, calendar=assumed)


@pytest.mark.parametrize("n", [10**9, -(10**9)])
def test_a_billion_working_days_fails_at_once(assumed: WorkCalendar, n: int) -> None:
    start = time.monotonic()
    with pytest.raises(CalendarRangeError):
        assumed.add_workdays(dt.date(2020, 1, 1), n)
    assert time.monotonic() - start < 10


def test_the_whole_range_of_dates_warns_once(assumed: WorkCalendar) -> None:
    with pytest.warns(CalendarAssumptionWarning) as caught:
        days = assumed.workdays_between(dt.date(1, 1, 1), dt.date(9999, 12, 31))
    assert days > 2_500_000
    (warning,) = caught.list
    assert "1–2003" in str(warning.message)
    assert "9999年" in str(warning.message)


def test_two_million_working_days_ahead(assumed: WorkCalendar) -> None:
    """Far within the range, a long count extends the assumed years in one step."""
    with pytest.warns(CalendarAssumptionWarning) as caught:
        day = assumed.add_workdays(dt.date(2020, 1, 1), 2_000_000)
    assert assumed.workdays_between(dt.date(2020, 1, 1), day) == 2_000_000
    assert f"–{day.year}年" in str(caught.list[0].message)  # no year beyond the result


def test_a_publication_window_ending_after_9999() -> None:
    assert publication_window(dt.date(9998, 6, 1)) == (dt.date(9998, 6, 1), dt.date.max)
