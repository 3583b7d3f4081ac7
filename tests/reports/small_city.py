"""A city of three departments this month: one on time, one mostly late, one silent."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sgs.platform import Platform, open_platform

from ..platform.records import CITY, body, department_code, penalty

#: The departments' codes: on time (准时局), late (迟报局), silent (未报局).
PROMPT, SLOW, SILENT = (department_code(n) for n in (1, 2, 3))


@contextmanager
def small_city(folder: Path) -> Iterator[Platform]:
    """The platform, its records received now: 4 on time from 准时局; from 迟报局 3 decided
    on 2026-11-02 (due 2026-11-11, so late) and 1 on time; nothing from 未报局."""
    config = folder / "platform.toml"
    config.write_text(f'[platform]\nname = "示例市信用信息中心"\ncredit_code = "{CITY}"\n',
                      encoding="utf-8")  # fmt: skip
    recent = dt.date.today() - dt.timedelta(days=1)  # in the past wherever the test runs
    with open_platform(config) as platform:
        first, _ = platform.add_department("准时局", PROMPT)
        second, _ = platform.add_department("迟报局", SLOW)
        platform.add_department("未报局", SILENT)
        rng = random.Random(51)
        platform.receive(first, body([penalty(n, PROMPT, rng, decided=recent) for n in range(4)]))
        old = dt.date(2026, 11, 2)
        platform.receive(second, body([penalty(n, SLOW, rng, decided=old) for n in range(3)]
                                      + [penalty(9, SLOW, rng, decided=recent)]))  # fmt: skip
        yield platform
