"""Case clocks that pause: due dates, working days taken and days left, across 国庆 2019 and 春节 2026.

The dates are worked out by hand from the State Council's schedules (chinesecalendar):

* 国庆 2019: 10-01 (Tue) to 10-07 (Mon) off; Sun 09-29 and Sat 10-12 are working days.
* 春节 2026: 02-15 (Sun) to 02-23 (Mon) off; Sat 02-14 and Sat 02-28 are working days.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sgs.calendar import (
    Pause,
    WorkCalendar,
    deadline,
    due_date,
    remaining,
    working_days_between,
)
from tests.strategies import case_days, case_pauses

CAL = WorkCalendar(environment=False)
D = dt.date


def test_the_schedules_are_the_ones_worked_by_hand() -> None:
    """The makeup working days and the holidays these tests count on."""
    assert [CAL.is_workday(d) for d in (D(2019, 9, 29), D(2019, 10, 1), D(2019, 10, 7))] == [
        True, False, False
    ]  # fmt: skip
    assert CAL.is_workday(D(2019, 10, 12))  # Saturday
    assert CAL.is_workday(D(2026, 2, 14))
    assert CAL.is_workday(D(2026, 2, 28))
    assert not any(CAL.is_workday(D(2026, 2, day)) for day in range(15, 24))
    assert CAL.is_workday(D(2026, 2, 24))


@pytest.mark.parametrize(
    ("start", "workdays", "due"),
    [
        # Sat 09-28 + 3: 09-29 (Sun, 调休), 09-30, 10-08
        (D(2019, 9, 28), 3, D(2019, 10, 8)),
        # Sat 09-28 + 7: 09-29, 09-30, 10-08, 10-09, 10-10, 10-11, 10-12 (Sat, 调休)
        (D(2019, 9, 28), 7, D(2019, 10, 12)),
        # Fri 2026-02-13 + 3: 02-14 (Sat, 调休), 02-24, 02-25
        (D(2026, 2, 13), 3, D(2026, 2, 25)),
        # Fri 2026-02-13 + 7: 02-14, 02-24, 02-25, 02-26, 02-27, 02-28 (Sat, 调休), 03-02
        (D(2026, 2, 13), 7, D(2026, 3, 2)),
        # received during the holiday, Wed 2026-02-18 + 1: 02-24
        (D(2026, 2, 18), 1, D(2026, 2, 24)),
        # 0 working days: the day itself (异议标注 on receipt)
        (D(2026, 2, 18), 0, D(2026, 2, 18)),
    ],
)
def test_due_date_across_the_holidays(start: dt.date, workdays: int, due: dt.date) -> None:
    """Without pauses, the due date is the n-th working day after the start."""
    assert due_date(start, workdays, calendar=CAL) == due
    assert deadline(start, workdays, calendar=CAL) == due


def test_count_event_day_counts_a_working_start_day() -> None:
    """With count_event_day the start counts when it is a working day, not when it is a rest day."""
    # Mon 09-30 counts: 09-30, 10-08, 10-09
    assert due_date(D(2019, 9, 30), 3, count_event_day=True, calendar=CAL) == D(2019, 10, 9)
    # Sat 09-28 is a rest day: as without, 09-29, 09-30, 10-08
    assert due_date(D(2019, 9, 28), 3, count_event_day=True, calendar=CAL) == D(2019, 10, 8)
    # Fri 2026-02-13 counts: 02-13, 02-14, 02-24
    assert due_date(D(2026, 2, 13), 3, count_event_day=True, calendar=CAL) == D(2026, 2, 24)


def test_a_pause_across_the_holiday_moves_the_due_date_by_the_working_days_it_covers() -> None:
    """鉴定 from Mon 09-30 until work resumes on Thu 10-10: 09-30, 10-08 and 10-09 do not count."""
    pause = Pause(D(2019, 9, 30), D(2019, 10, 10), "鉴定")
    # 09-29 (1), paused, 10-10 (2), 10-11 (3), 10-12 (4), 10-14 (5), 10-15 (6), 10-16 (7)
    due = due_date(D(2019, 9, 28), 7, pauses=[pause], calendar=CAL)
    assert due == D(2019, 10, 16)
    assert working_days_between(D(2019, 9, 28), due, pauses=[pause], calendar=CAL) == 7
    assert working_days_between(D(2019, 9, 28), due, calendar=CAL) == 10


def test_a_pause_inside_the_holiday_changes_nothing() -> None:
    """Rest days never count, so pausing them moves nothing."""
    pause = Pause(D(2026, 2, 16), D(2026, 2, 24), "专家评审")
    assert due_date(D(2026, 2, 13), 3, pauses=[pause], calendar=CAL) == D(2026, 2, 25)


def test_a_pause_across_the_spring_festival() -> None:
    """Paused from the makeup Saturday 02-14 until work resumes Wed 02-25: 02-14 and 02-24 skip."""
    pause = Pause(D(2026, 2, 14), D(2026, 2, 25), "检测")
    # 02-25 (1), 02-26 (2), 02-27 (3)
    assert due_date(D(2026, 2, 13), 3, pauses=[pause], calendar=CAL) == D(2026, 2, 27)


def test_overlapping_and_unsorted_pauses_are_merged() -> None:
    pauses = [Pause(D(2019, 10, 8), D(2019, 10, 10)), Pause(D(2019, 9, 30), D(2019, 10, 9))]
    assert due_date(D(2019, 9, 28), 7, pauses=pauses, calendar=CAL) == D(2019, 10, 16)


def test_an_open_pause_stops_the_clock() -> None:
    """Still suspended: no due date while days remain to count; a finished clock keeps its day."""
    open_pause = Pause(D(2019, 10, 8), reason="检验")
    # 09-29, 09-30 counted, then the clock stands still
    assert due_date(D(2019, 9, 28), 3, pauses=[open_pause], calendar=CAL) is None
    # 2 working days ran out before the pause began
    assert due_date(D(2019, 9, 28), 2, pauses=[open_pause], calendar=CAL) == D(2019, 9, 30)
    # an open pause that begins before the start stops it at once
    assert due_date(D(2019, 9, 28), 1, pauses=[Pause(D(2019, 9, 1))], calendar=CAL) is None
    assert (
        working_days_between(D(2019, 9, 28), D(2019, 10, 12), pauses=[open_pause], calendar=CAL)
        == 2
    )


def test_a_pause_before_the_start_is_ignored() -> None:
    early = Pause(D(2019, 9, 1), D(2019, 9, 20))
    assert due_date(D(2019, 9, 28), 3, pauses=[early], calendar=CAL) == D(2019, 10, 8)


def test_a_pause_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="end"):
        Pause(D(2019, 10, 8), D(2019, 10, 1))


def test_negative_workdays_are_refused() -> None:
    with pytest.raises(ValueError, match="workdays"):
        due_date(D(2019, 9, 28), -1, calendar=CAL)


def test_working_days_between_is_zero_unless_end_is_after_start() -> None:
    assert working_days_between(D(2019, 10, 8), D(2019, 10, 8), calendar=CAL) == 0
    assert working_days_between(D(2019, 10, 8), D(2019, 9, 28), calendar=CAL) == 0


@pytest.mark.parametrize(
    ("due", "today", "left"),
    [
        (D(2019, 10, 8), D(2019, 9, 27), 3),  # 09-29, 09-30, 10-08
        (D(2019, 10, 8), D(2019, 10, 3), 1),  # in the holiday: 10-08 is left
        (D(2019, 10, 8), D(2019, 10, 8), 0),  # the due day itself
        (D(2019, 10, 8), D(2019, 10, 9), -1),
        (D(2019, 10, 11), D(2019, 10, 13), -2),  # Sunday: late from Mon 10-14; 10-12, 10-14
        (D(2026, 2, 13), D(2026, 2, 20), -2),  # 春节: late from 02-24; 02-14, 02-24
    ],
)
def test_remaining_counts_working_days_left_or_late(
    due: dt.date, today: dt.date, left: int
) -> None:
    assert remaining(due, today, calendar=CAL) == left


@pytest.mark.parametrize("year", [2019, 2026])
@pytest.mark.parametrize("count_event_day", [False, True])
def test_without_pauses_due_date_is_the_deadline_every_day_of_a_year(
    year: int, count_event_day: bool
) -> None:
    """Every start day to November of the two years of the worked examples, 0 to 12 working days.

    (2026 is the last year with a schedule: December's counts would run into 2027.)
    """
    day = D(year, 1, 1)
    while day < D(year, 12, 1):
        for workdays in range(13):
            expected = deadline(day, workdays, count_event_day=count_event_day, calendar=CAL)
            got = due_date(day, workdays, count_event_day=count_event_day, calendar=CAL)
            assert got == expected, (day, workdays)
        day += dt.timedelta(days=1)


@settings(max_examples=300, deadline=None)
@given(case_days, st.integers(0, 40), st.booleans())
def test_without_pauses_due_date_is_the_deadline(
    start: dt.date, workdays: int, count_event_day: bool
) -> None:
    assert due_date(start, workdays, count_event_day=count_event_day, calendar=CAL) == deadline(
        start, workdays, count_event_day=count_event_day, calendar=CAL
    )


@settings(max_examples=300, deadline=None)
@given(st.data(), case_days, st.integers(0, 40))
def test_the_working_days_taken_to_the_due_date_are_the_workdays(
    data: st.DataObject, start: dt.date, workdays: int
) -> None:
    pauses = data.draw(case_pauses(start))
    due = due_date(start, workdays, pauses=pauses, calendar=CAL)
    assert due is not None  # closed pauses only
    assert working_days_between(start, due, pauses=pauses, calendar=CAL) == workdays
    if workdays:
        # the due day itself counts: it is a working day no pause covers
        assert CAL.is_workday(due)
        assert not any(p.covers(due) for p in pauses)
