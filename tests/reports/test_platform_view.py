"""The platform view of a month, by hand and from a real platform store (issue 14 #1)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from sgs.calendar import WorkCalendar
from sgs.platform import open_platform
from sgs.reports import period, period_bounds, platform_view
from sgs.standard import get_standard
from sgs.store import VersionRow

from ..platform.records import CITY, body, department_code, penalty

UTC = dt.UTC


def version(n: int, key: str, decided: str, received: str, *, status: str = "accepted",
            operation: str = "upsert", update: bool = False,
            returned: str | None = None) -> VersionRow:  # fmt: skip
    return VersionRow(
        id=n, key=key, department_code="X", department_name="局", kind="penalty",
        operation=operation, status=status, return_status=returned,
        received_at=dt.datetime.fromisoformat(received).replace(tzinfo=UTC),
        fields={"CF_JDRQ": decided}, is_update=update,
    )  # fmt: skip


def test_october_2019_by_hand() -> None:
    versions = [
        version(1, "A", "2019-09-27", "2019-10-12T15:00"),  # 23:00 in China, the deadline
        version(2, "B", "2019-09-27", "2019-10-12T16:30"),  # 00:30 on 10-13 in China: late
        version(3, "C", "2019-09-30", "2019-10-10T02:00", status="rejected", returned="pending"),
        version(4, "A", "2019-09-27", "2019-10-20T02:00", update=True),  # an update: not late
        version(5, "D", "2019-09-20", "2019-10-21T02:00", operation="withdraw"),
        version(6, "E", "2019-09-20", "2019-09-30T17:00"),  # 01:00 on 10-01 in China: late
        version(7, "F", "2019-09-20", "2019-09-30T15:00"),  # 23:00 on 09-30: September
    ]
    view = platform_view(versions, period("2019-10"), calendar=WorkCalendar(),
                         standard=get_standard("2021"))  # fmt: skip
    figures = view["X"]["penalty"]
    values = {name: count.value for name, count in figures.counts.items()}
    assert values == {"received": 6, "accepted": 5, "rejected": 1, "updates": 1, "withdrawn": 1,
                      "late": 2, "open_returns": 1}  # fmt: skip
    assert figures["late"].keys == ("B", "E")
    assert figures.compliance_rate.percent == Decimal("83.33")
    assert figures.late_rate.percent == Decimal("33.33")


def test_the_view_of_a_real_platform_store(tmp_path: Path) -> None:
    config = tmp_path / "platform.toml"
    config.write_text(f'[platform]\nname = "中心"\ncredit_code = "{CITY}"\n', encoding="utf-8")
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    month = period(f"{today:%Y-%m}")
    with open_platform(config) as platform:
        code = department_code(1)
        department, _ = platform.add_department("局", code)
        rng = random.Random(41)
        records = [penalty(n, code, rng, decided=today - dt.timedelta(days=1)) for n in range(3)]
        late = penalty(9, code, rng, decided=dt.date(2026, 11, 2))  # due 2026-11-11
        bad = {**late, "CF_NR_FK": "五千"}
        platform.receive(department, body([*records, bad]))
        changed = {**records[0], "CF_NR": "罚款1元"}
        platform.receive(department, body([changed]))
        platform.receive(department, body([records[1]], operation="withdraw"))
        versions = platform.store.received.versions(*period_bounds(month))
        view = platform_view(versions, month, calendar=WorkCalendar(),
                             standard=platform.checks.standard)  # fmt: skip
    figures = view[code]["penalty"]
    values = {name: count.value for name, count in figures.counts.items()}
    assert values == {"received": 6, "accepted": 5, "rejected": 1, "updates": 1, "withdrawn": 1,
                      "late": 1, "open_returns": 1}  # fmt: skip
