"""Tests of sgs.records.values: date and amount parsing."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal

import pytest

from sgs.records.values import (
    LONG_TERM,
    excel_serial_to_date,
    format_date,
    format_decimal,
    is_long_term,
    parse_date,
    parse_decimal,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019/10/10", dt.date(2019, 10, 10)),
        ("2019-10-10", dt.date(2019, 10, 10)),
        ("20191010", dt.date(2019, 10, 10)),
        ("2019.10.10", dt.date(2019, 10, 10)),
        ("2017.3.10", dt.date(2017, 3, 10)),
        ("2019年1月2日", dt.date(2019, 1, 2)),
        ("2019年01月02日", dt.date(2019, 1, 2)),
        ("2019/1/2", dt.date(2019, 1, 2)),
        ("2019-10-10 00:00:00", dt.date(2019, 10, 10)),
        ("2019-10-10T08:30", dt.date(2019, 10, 10)),
        ("03/29/2018", dt.date(2018, 3, 29)),
        ("42473", dt.date(2016, 4, 13)),
        ("42473.0", dt.date(2016, 4, 13)),
        (" 2019/10/10 ", dt.date(2019, 10, 10)),
    ],
)
def test_date_forms(text: str, expected: dt.date) -> None:
    """Every date form found in real exports parses to the same date."""
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2019-02-30", "2019/13/01", "昨天", "", "2019", "1e5", "42473.5"])
def test_not_dates(text: str) -> None:
    """Text that is not a real date gives None, never an exception."""
    assert parse_date(text) is None


def test_long_term_is_distinguishable() -> None:
    """2099/12/31 and 长期 parse to LONG_TERM, which is a date yet recognisable."""
    for text in ("2099/12/31", "2099-12-31", "20991231", "长期"):
        value = parse_date(text)
        assert value is LONG_TERM
    assert is_long_term(dt.date(2099, 12, 31))
    assert not is_long_term(dt.date(2099, 12, 30))
    assert parse_date("2031-12-27") is not LONG_TERM
    assert dt.date(2030, 1, 1) < LONG_TERM


def test_long_term_pickles_to_itself() -> None:
    """LONG_TERM survives pickling as the same object."""
    assert pickle.loads(pickle.dumps(LONG_TERM)) is LONG_TERM


def test_excel_serial_range() -> None:
    """Serials outside Excel's range are not dates."""
    assert excel_serial_to_date(0) is None
    assert excel_serial_to_date(1) == dt.date(1899, 12, 31)
    assert excel_serial_to_date(61) == dt.date(1900, 3, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.2", Decimal("0.2")),
        ("0.000001", Decimal("0.000001")),
        ("12", Decimal("12")),
        ("1,200.50", Decimal("1200.50")),
        ("3万元", Decimal("3")),
        ("3 万", Decimal("3")),
        (".5", Decimal("0.5")),
        ("-1", Decimal("-1")),
    ],
)
def test_amounts(text: str, expected: Decimal) -> None:
    """Amounts in 万元 parse exactly, keeping their decimal places."""
    value = parse_decimal(text)
    assert value == expected
    assert value is not None
    assert str(value) == str(expected)


@pytest.mark.parametrize("text", ["2000元", "罚款5000元", "abc", "1.2.3", "1,20"])
def test_not_amounts(text: str) -> None:
    """Free text and amounts in 元 are not amounts in 万元."""
    assert parse_decimal(text) is None


def test_formatting() -> None:
    """Dates format as the standard writes them; decimals never in exponent form."""
    assert format_date(dt.date(2019, 1, 2), "slash") == "2019/01/02"
    assert format_decimal(Decimal("1E-7")) == "0.0000001"
