"""Benchmark: how long a city's reports take, computed from a platform store of a year.

Builds a SQLite platform store (no server: ``Platform.receive`` as the HTTP service calls
it) of ``--departments`` departments (default 20), each receiving ``--per-month`` distinct
行政处罚 records (default 200; distinct parties, realistic amounts) in each month of 2025,
on the days they were received (a quarter of them after their deadline). Then times the
月报告 of one month (its JSON, and with the 6-month trend the other formats chart), the
季通报 of a quarter, the 年考核 of the year on the Suzhou sheet, and the renderings of the
月报告 (json, xlsx, docx, html). Each time is the best of ``--repeat`` runs (default 3).

    .venv/bin/python benchmarks/report_speed.py [--departments N] [--per-month N] [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import platform as machine
import random
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.platform.records import CITY, body, department_code, penalty  # noqa: E402

from sgs.calendar import CHINA, WorkCalendar  # noqa: E402
from sgs.platform import Platform, open_platform  # noqa: E402
from sgs.reports import period, platform_monthly, quarterly_report  # noqa: E402
from sgs.reports.assessment import load_profile, yearly_assessment  # noqa: E402

CALENDAR = WorkCalendar()


def fill(platform: Platform, departments: int, per_month: int) -> int:
    """A year of records; the number received."""
    rng = random.Random(2025)
    received = 0
    for n in range(departments):
        code = department_code(n)
        department, _ = platform.add_department(f"示例市第{n}局", code)
        for month in range(1, 13):
            decided = dt.date(2025, month, 3)
            late = rng.random() < 0.25  # received after the deadline
            when = dt.datetime(2025, month, 25 if late else 8, 10, tzinfo=CHINA)
            platform.store.received.clock = at(when)
            records = [penalty(month * 10_000 + i, code, rng, decided=decided)
                       for i in range(per_month)]  # fmt: skip
            for start in range(0, per_month, 100):
                platform.receive(department, body(records[start:start + 100],
                                                  f"b-{n}-{month}-{start}"))  # fmt: skip
            received += per_month
    return received


def cpu() -> str:
    """The processor's model name, where the system says it."""
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return machine.processor()
    return next((line.split(":", 1)[1].strip() for line in lines
                 if line.startswith("model name")), machine.processor())  # fmt: skip


def at(when: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock stopped at ``when``."""
    return lambda: when.astimezone(dt.UTC)


def best(repeat: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--per-month", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine.machine()} {cpu()}, {os.cpu_count()} CPUs, "
          f"Python {machine.python_version()}")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "platform.toml"
        config.write_text(f'[platform]\nname = "示例市信用信息中心"\ncredit_code = "{CITY}"\n',
                          encoding="utf-8")  # fmt: skip
        with open_platform(config) as platform:
            started = time.perf_counter()
            total = fill(platform, args.departments, args.per_month)
            print(f"store: {total} records of {args.departments} departments over 2025, "
                  f"received in {time.perf_counter() - started:.1f} s")  # fmt: skip
            store, standard = platform.store, platform.checks.standard
            as_of = dt.date(2026, 1, 31)

            def monthly(trend: int) -> Any:
                return platform_monthly(store, "示例市信用信息中心", period("2025-11"),
                                        as_of=as_of, calendar=CALENDAR, standard=standard,
                                        trend=trend)  # fmt: skip

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sheet = load_profile("suzhou")
            timings = {
                "月报告 2025-11 (JSON data)": best(args.repeat, lambda: monthly(0)),
                "月报告 2025-11 with its 6-month trend": best(args.repeat, lambda: monthly(6)),
                "季通报 2025Q4": best(args.repeat, lambda: quarterly_report(
                    store, "示例市信用信息中心", period("2025Q4"), as_of=as_of,
                    calendar=CALENDAR, standard=standard)),
                "年考核 2025 (Suzhou sheet)": best(args.repeat, lambda: yearly_assessment(
                    store, "示例市信用信息中心", sheet, period("2025"), as_of=as_of,
                    calendar=CALENDAR, standard=standard)),
            }  # fmt: skip
            report = monthly(6)
            for format in ("json", "xlsx", "docx", "html"):
                out = Path(folder) / f"report.{format}"
                timings[f"rendering the 月报告 as {format}"] = best(
                    args.repeat, functools.partial(report.render, format, out)
                )
    month = args.departments * args.per_month
    print(f"a month holds {month} records, a quarter {3 * month}, the year {12 * month}")
    for label, seconds in timings.items():
        print(f"{label:42s} {seconds * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
