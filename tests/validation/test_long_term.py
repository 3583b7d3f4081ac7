"""长期 (2099-12-31) where a real date is needed: an issue, never a crash (issue 11 #8).

Date arithmetic on the LONG_TERM sentinel (relativedelta, timedelta, replace)
used to raise ``TypeError: LongTerm.__new__()`` inside the publication-period
rule, so every run over such a file ended in an internal error.
"""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from sgs.records import LONG_TERM
from sgs.validation import Validator
from tests.validation.test_rules import AS_OF, LICENSE, PENALTY, record


@given(
    st.builds(
        relativedelta,
        years=st.integers(-50, 50),
        months=st.integers(-24, 24),
        days=st.integers(-400, 400),
    )
)
def test_arithmetic_on_long_term_gives_plain_dates(delta: relativedelta) -> None:
    plain = dt.date(2099, 12, 31)
    assert LONG_TERM + delta == plain + delta
    assert type(LONG_TERM + delta) is dt.date
    assert LONG_TERM - delta == plain - delta


def test_timedelta_and_replace_on_long_term() -> None:
    day = dt.timedelta(days=1)
    assert (LONG_TERM + day, day + LONG_TERM) == (dt.date(2100, 1, 1), dt.date(2100, 1, 1))
    assert LONG_TERM - day == dt.date(2099, 12, 30)
    assert LONG_TERM - dt.date(2099, 1, 1) == dt.timedelta(days=364)
    assert LONG_TERM.replace(day=1) == dt.date(2099, 12, 1)
    assert type(LONG_TERM.replace(day=1)) is dt.date
    assert LONG_TERM.replace() is not LONG_TERM  # a plain date, equal to it
    assert LONG_TERM.replace() == LONG_TERM


@pytest.mark.parametrize("text", ["长期", "2099/12/31", "2099-12-31", "20991231"])
@pytest.mark.parametrize(
    ("base", "decision", "others"),
    [
        (PENALTY, "CF_JDRQ", {"CF_YXQ": "长期", "CF_GSJZQ": "2029/12/31"}),
        (LICENSE, "XK_JDRQ", {"XK_YXQZ": "长期"}),
    ],
)
def test_a_decision_dated_long_term_is_an_issue(
    text: str, base: dict[str, str], decision: str, others: dict[str, str]
) -> None:
    report = Validator(as_of=AS_OF).validate([record(base, **{decision: text, **others})])
    assert report.summary.invalid == 1
    assert ("decision-in-future", decision) in {(i.code, i.field) for i in report.issues}
    assert not any(i.code == "rule-error" for i in report.issues)
