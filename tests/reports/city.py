"""A synthetic city for the 季通报 and 年考核 tests: four departments (two 市直, one in 丙县,
one in 高新区) and what they sent a real platform store around 国庆 2019 (2019Q4).

国庆 2019: 10-01 to 10-07 off, 09-29 (Sun) and 10-12 (Sat) worked (调休), so a decision of
2019-09-27 is due 2019-10-12 (09-29, 09-30, 10-08 … 10-12: 7 working days), one of
2019-09-30 on 2019-10-15, one of 2019-10-08 on 2019-10-16.

============  ==========================================================  ======  ====  ====
department    received (China date)                                       recv.   acc.  late
============  ==========================================================  ======  ====  ====
甲局 (市直)   4 decided 09-27 on 10-12 23:30 (the 调休 Saturday: on time);    7       6     1
              1 decided 09-27 on 10-14 (late); 1 bad (CF_NR_FK 五千) on
              10-12, rejected; 1 update of the first on 11-05 (not late)
乙局 (市直)   3 decided 10-08 on 10-16 (the deadline: on time);             4       4     0
              1 of them withdrawn on 11-20
丙县局 (丙县) 2 decided 09-30 on 10-16 (a day late)                        2       2     2
高新区局      nothing                                                      0       0     0
============  ==========================================================  ======  ====  ====
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path

import attrs

from sgs.platform import Platform, open_platform
from sgs.store import Department
from sgs.store.declarations import Declaration

from ..platform.records import CITY, body, department_code, penalty

CHINA = dt.timezone(dt.timedelta(hours=8))


@attrs.frozen
class City:
    config: Path
    codes: tuple[str, str, str, str]  # 甲局, 乙局, 丙县局, 高新区局


def _at(day: str, time: str = "12:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=CHINA)


def receive_on(platform: Platform, department: Department, payload: bytes,
               when: dt.datetime) -> None:  # fmt: skip
    """Receive ``payload`` at ``when`` (the store's clock stopped there for the batch)."""
    platform.store.received.clock = lambda: when.astimezone(dt.UTC)
    platform.receive(department, payload)


def _records(
    code: str, seed: int, count: int, decided: dt.date, start: int = 0
) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [penalty(start + n, code, rng, decided=decided) for n in range(count)]


def build_city(folder: Path) -> City:
    config = folder / "platform.toml"
    config.write_text(f'[platform]\nname = "示例市信用信息中心"\ncredit_code = "{CITY}"\n',
                      encoding="utf-8")  # fmt: skip
    codes = tuple(department_code(n) for n in (11, 12, 13, 14))
    a, b, c, d = codes
    with open_platform(config) as platform:
        first, _ = platform.add_department("甲局", a)
        second, _ = platform.add_department("乙局", b)
        county, _ = platform.add_department("丙县局", c, grouping="丙县")
        platform.add_department("高新区局", d, grouping="高新区")
        sept27, sept30, oct8 = dt.date(2019, 9, 27), dt.date(2019, 9, 30), dt.date(2019, 10, 8)
        prompt = _records(a, 1, 4, sept27)
        bad = {**_records(a, 2, 1, sept27, start=10)[0], "CF_NR_FK": "五千"}
        receive_on(platform, first, body([*prompt, bad]), _at("2019-10-12", "23:30"))
        receive_on(platform, first, body(_records(a, 3, 1, sept27, start=20)), _at("2019-10-14"))
        changed = {**prompt[0], "CF_NR": "罚款1元"}
        receive_on(platform, first, body([changed]), _at("2019-11-05"))
        own = _records(b, 4, 3, oct8)
        receive_on(platform, second, body(own), _at("2019-10-16"))
        receive_on(platform, second, body([own[2]], operation="withdraw"), _at("2019-11-20"))
        receive_on(platform, county, body(_records(c, 5, 2, sept30)), _at("2019-10-16"))
        documents = platform.store.documents
        documents.add(a, "catalog", dt.date(2019, 11, 28), version="1.0")
        documents.add(a, "catalog", dt.date(2019, 12, 20), version="1.1")
        documents.add(a, "catalog", dt.date(2020, 1, 5), version="2.0")  # after the quarter
        documents.add(a, "work_plan", dt.date(2019, 11, 20))
        documents.add(a, "roster", dt.date(2019, 11, 28), complete=True)
        documents.add(b, "catalog", dt.date(2019, 11, 25), version="1")
        documents.add(b, "progress_plan", dt.date(2019, 11, 28))
        documents.add(b, "roster", dt.date(2019, 11, 1), complete=True)
        documents.add(b, "roster", dt.date(2019, 12, 1), complete=False)  # the latest: incomplete
        documents.add(c, "catalog", dt.date(2019, 10, 10))
        documents.add(c, "roster", dt.date(2019, 11, 28), complete=True)
        platform.store.declarations.put(declarations(a))
    return City(config=config, codes=codes)  # type: ignore[arg-type]


def declarations(code: str) -> Sequence[Declaration]:
    """甲局's 月报表 of 2019: every month 10 produced, 9 reported, sent on the 5th of the next
    month — but September's on 10-11 (due 10-10: late); March's corrected on 05-01 (10
    reported), its first still on time."""
    found = []
    for month in range(1, 13):
        sent = dt.date(2019 + month // 12, month % 12 + 1, 5)
        if month == 9:
            sent = dt.date(2019, 10, 11)
        found.append(Declaration(department=code, month=f"2019-{month:02d}", kind="penalty",
                                 produced=10, published=10, reported=9, unreported=1,
                                 submitted_at=_at(sent.isoformat())))  # fmt: skip
    found.append(Declaration(department=code, month="2019-03", kind="penalty", produced=10,
                             published=10, reported=10, unreported=0,
                             submitted_at=_at("2019-05-01")))  # fmt: skip
    return found
