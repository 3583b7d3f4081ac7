"""The holiday schedule of one year, from chinesecalendar or from a holiday notice.

A :class:`YearData` holds what the State Council's yearly notice
(国务院办公厅关于20XX年部分节假日安排的通知) says: the days off (法定节假日 and the
days joined to them) with their holiday's name, and the weekend days that
are working days instead (调休上班). Every other day is a working day from
Monday to Friday and a rest day on Saturday and Sunday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

__all__ = ["HOLIDAY_NAMES", "YearData", "chinesecalendar_years"]

#: chinesecalendar's English names and the Chinese ones.
HOLIDAY_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "New Year's Day": "元旦",
        "Spring Festival": "春节",
        "Tomb-sweeping Day": "清明节",
        "Labour Day": "劳动节",
        "Dragon Boat Festival": "端午节",
        "National Day": "国庆节",
        "Mid-autumn Festival": "中秋节",
        "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
    }
)


def _frozen(value: Mapping[dt.date, str]) -> Mapping[dt.date, str]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class YearData:
    """One year's days off and adjusted working days, and where they come from.

    ``holidays`` maps each day off to its holiday's name; ``workdays`` maps
    each weekend day that is a working day to the holiday it makes up for.
    ``source`` names the notice; ``origin`` where the data was loaded from
    (``chinesecalendar``, a file, a plugin). ``assumed`` marks a year guessed
    as plain weekends (no holidays at all), which is never the truth.
    """

    year: int
    holidays: Mapping[dt.date, str] = attrs.field(factory=dict, converter=_frozen)
    workdays: Mapping[dt.date, str] = attrs.field(factory=dict, converter=_frozen)
    source: str = ""
    origin: str = ""
    assumed: bool = False

    def days(self) -> Iterable[dt.date]:
        """Every date this data speaks of."""
        return (*self.holidays, *self.workdays)


def _english(value: Any) -> str:
    return str(getattr(value, "value", value))


def chinesecalendar_years() -> dict[int, YearData]:
    """The years chinesecalendar has official data for, as :class:`YearData`.

    >>> years = chinesecalendar_years()
    >>> years[2019].holidays[dt.date(2019, 10, 1)], years[2019].workdays[dt.date(2019, 9, 29)]
    ('国庆节', '国庆节')
    """
    import chinese_calendar

    holidays: dict[int, dict[dt.date, str]] = {}
    workdays: dict[int, dict[dt.date, str]] = {}
    for table, target in (
        (chinese_calendar.holidays, holidays),
        (chinese_calendar.workdays, workdays),
    ):
        for day, name in table.items():
            english = _english(name)
            target.setdefault(day.year, {})[day] = HOLIDAY_NAMES.get(english, english)
    first, last = min(holidays), max(holidays)
    return {
        year: YearData(
            year=year,
            holidays=holidays.get(year, {}),
            workdays=workdays.get(year, {}),
            source=f"国务院办公厅关于{year}年部分节假日安排的通知 (chinesecalendar)",
            origin="chinesecalendar",
        )
        for year in range(first, last + 1)
    }
