"""Holiday-notice files: a year's schedule that chinesecalendar does not have yet.

Each December the State Council publishes the next year's schedule
(国务院办公厅关于20XX年部分节假日安排的通知). Until a chinesecalendar release
carries it, a department writes it down in a small TOML or JSON file:

.. code-block:: toml

    year = 2027
    source = "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）"

    [[holidays]]
    name = "元旦"
    start = 2027-01-01
    end = 2027-01-03

    [[holidays]]
    name = "春节"
    start = 2027-02-05
    end = 2027-02-12

    [[workdays]]            # 调休：上班的周末
    date = 2027-02-14
    name = "春节"

In JSON, dates are ``"YYYY-MM-DD"`` strings. :func:`load_notice` checks
the file and names the file and the entry of anything wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
from typing import Any

from sgs.calendar.years import YearData
from sgs.errors import InputError, NoticeError
from sgs.inputs import read_small

__all__ = ["NOTICE_MAX_BYTES", "NoticeError", "load_notice", "parse_notice"]

#: A notice lists a year's holidays in a few hundred bytes: a larger file is not one.
NOTICE_MAX_BYTES = 1 << 20


def _fail(where: str, zh: str, en: str) -> NoticeError:
    return NoticeError(f"{where}：{zh}", f"{where}: {en}")


def _date(value: Any, where: str, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _fail(
        where,
        f"{what}应为 YYYY-MM-DD 日期：{value!r}",
        f"{what} must be a YYYY-MM-DD date: {value!r}",
    )


def _keys(entry: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise _fail(where, f"未知的键：{', '.join(unknown)}", f"unknown keys: {', '.join(unknown)}")


def _name(entry: dict[str, Any], where: str) -> str:
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(where, "缺少节日名称 name", "the entry needs a holiday name (name)")
    return name.strip()


def parse_notice(data: Any, origin: str = "<notice>") -> YearData:
    """Check a notice already read into Python data and return its :class:`YearData`.

    >>> notice = {"year": 2090, "source": "测试通知",
    ...           "holidays": [{"name": "元旦", "start": "2090-01-01", "end": "2090-01-01"}],
    ...           "workdays": []}
    >>> parse_notice(notice).holidays
    mappingproxy({datetime.date(2090, 1, 1): '元旦'})
    """
    if not isinstance(data, dict):
        raise _fail(
            origin,
            "文件应为一个对象（year、source、holidays、workdays）",
            "expected one object (year, source, holidays, workdays)",
        )
    unknown = sorted(set(data) - {"year", "source", "holidays", "workdays"})
    if unknown:
        raise _fail(
            origin, f"未知的键：{', '.join(unknown)}", f"unknown keys: {', '.join(unknown)}"
        )
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2200:
        raise _fail(
            origin, f"year 应为年份（整数）：{year!r}", f"year must be a year number: {year!r}"
        )
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise _fail(
            origin,
            "缺少 source（所依据的通知名称及文号）",
            "source (the notice's title and number) is required",
        )
    ranges = data.get("holidays")
    if not isinstance(ranges, list) or not ranges:
        raise _fail(origin, "holidays 应为非空列表", "holidays must be a non-empty list")
    holidays: dict[dt.date, str] = {}
    for n, entry in enumerate(ranges, 1):
        where = f"{origin} holidays[{n}]"
        if not isinstance(entry, dict):
            raise _fail(
                where, "应为含 name、start、end 的对象", "expected an object with name, start, end"
            )
        _keys(entry, {"name", "start", "end"}, where)
        name = _name(entry, where)
        start = _date(entry.get("start"), where, "start")
        end = _date(entry.get("end", entry.get("start")), where, "end")
        if end < start:
            raise _fail(
                where, f"结束日期{end}早于开始日期{start}", f"end {end} is before start {start}"
            )
        if not (year - 1 <= start.year and end.year <= year + 1) or (end - start).days > 31:
            raise _fail(
                where,
                f"日期不在{year}年前后：{start}至{end}",
                f"dates are not around {year}: {start} to {end}",
            )
        day = start
        while day <= end:
            if day in holidays:
                raise _fail(where, f"{day}已列入另一个假期", f"{day} is already in another holiday")
            holidays[day] = name
            day += dt.timedelta(days=1)
    workdays: dict[dt.date, str] = {}
    entries = data.get("workdays", [])
    if not isinstance(entries, list):
        raise _fail(origin, "workdays 应为列表", "workdays must be a list")
    for n, entry in enumerate(entries, 1):
        where = f"{origin} workdays[{n}]"
        if not isinstance(entry, dict):
            raise _fail(where, "应为含 date、name 的对象", "expected an object with date and name")
        _keys(entry, {"date", "name"}, where)
        day = _date(entry.get("date"), where, "date")
        name = _name(entry, where)
        if day.weekday() < 5:
            raise _fail(
                where,
                f"{day}是工作日，调休上班日应为周末",
                f"{day} is a weekday; an adjusted working day is a weekend day",
            )
        if day in holidays:
            raise _fail(where, f"{day}同时被列为假日", f"{day} is also listed as a holiday")
        if abs(day.year - year) > 1:
            raise _fail(where, f"日期不在{year}年前后：{day}", f"date is not around {year}: {day}")
        workdays[day] = name
    return YearData(
        year=year, holidays=holidays, workdays=workdays, source=source.strip(), origin=origin
    )


def load_notice(path: str | os.PathLike[str]) -> YearData:
    """Read and check a holiday-notice file (``.toml`` or ``.json``).

    The file must be a regular file of at most :data:`NOTICE_MAX_BYTES` bytes
    (not a directory, FIFO or device such as ``/dev/zero``); anything wrong
    with it raises :class:`~sgs.errors.NoticeError` naming the file.
    """
    name = os.fspath(path)
    try:
        raw = read_small(name, NOTICE_MAX_BYTES, ("假日安排文件", "a holiday file"))
    except InputError as exc:
        raise NoticeError(
            f"无法读取假日安排文件 {name}：{exc.message_zh}",
            f"cannot read the holiday file {name}: {exc.message_en}",
        ) from None
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text) if name.lower().endswith(".json") else tomllib.loads(text)
    except RecursionError:
        raise _fail(
            name, "嵌套层数过多，不是假日安排", "nested too deeply for a holiday notice"
        ) from None
    except ValueError as exc:  # bad UTF-8, JSON or TOML; an integer of thousands of digits
        raise _fail(
            name, f"不是有效的 TOML/JSON 文件（{exc}）", f"not a valid TOML/JSON file ({exc})"
        ) from None
    return parse_notice(data, name)
