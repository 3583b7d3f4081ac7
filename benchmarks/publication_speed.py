"""Benchmark: a city's publication runs — the public views, the static export, the snapshots.

Builds a SQLite platform store (``Platform.receive`` as the HTTP service calls it) of
``--departments`` departments (default 10) each sending ``--per-department`` distinct
行政处罚 records (default 5,000: distinct parties and credit codes, fines of 500 元 to
3.5 万元, decided on days from 2026-04-01 to 2026-11-30), with ``[publication]
large_fine = 0.1`` so that fines from 1,000 元 are 一般 and published for a year. Then
times, on 2026-12-01:

* the public views of the whole current set (``PublicRecords.views``);
* a first snapshot of the portal (``publish_portal``), then the same again (nothing
  changed), then one after ``--changed`` records (default 1 %) were sent again changed;
* ``shown_on`` for that day;
* the static export of the whole site (``publish_portal(out=…)``): pages and feed.

Each figure is one run (the store changes between them); the ratios between them are
what to compare on a shared machine. The peak resident memory of the process is
printed at the end.

    .venv/bin/python benchmarks/publication_speed.py [--departments N] [--per-department N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform as machine
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from report_speed import cpu  # noqa: E402
from tests.platform.records import CITY, body, department_code, penalty  # noqa: E402

from sgs.platform import Platform, open_platform  # noqa: E402
from sgs.platform.public import PublicRecords  # noqa: E402
from sgs.platform.publishing import SITE, publish_portal, publisher_of  # noqa: E402

DAY = dt.date(2026, 12, 1)
FIRST = dt.date(2026, 4, 1)


def fill(platform: Platform, departments: int, each: int) -> list[tuple[str, dict[str, str]]]:
    """The store's records: (department code, fields) of each, as sent."""
    rng = random.Random(2026)
    sent: list[tuple[str, dict[str, str]]] = []
    span = (DAY - FIRST).days
    for n in range(departments):
        code = department_code(n)
        department, _ = platform.add_department(f"示例市第{n}局", code)
        records = [penalty(i, code, rng, decided=FIRST + dt.timedelta(days=rng.randrange(span)))
                   for i in range(each)]  # fmt: skip
        for start in range(0, each, 500):
            platform.receive(department, body(records[start : start + 500], f"b-{n}-{start}"),
                             today=DAY)  # fmt: skip
        sent += [(code, fields) for fields in records]
    return sent


def timed(label: str, work: object) -> float:
    started = time.perf_counter()
    assert callable(work)
    result = work()
    seconds = time.perf_counter() - started
    print(f"{label:58s} {seconds:8.2f} s   {result}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=10)
    parser.add_argument("--per-department", type=int, default=5000)
    parser.add_argument("--changed", type=float, default=1.0, help="percent sent again changed")
    args = parser.parse_args()
    print(f"machine: {machine.machine()} {cpu()}, {os.cpu_count()} CPUs, "
          f"Python {machine.python_version()}")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "platform.toml"
        config.write_text(f'[platform]\nname = "示例市信用信息中心"\ncredit_code = "{CITY}"\n'
                          '[publication]\nlarge_fine = { "*" = 0.1 }\n', encoding="utf-8")  # fmt: skip
        with open_platform(config) as platform:
            started = time.perf_counter()
            sent = fill(platform, args.departments, args.per_department)
            print(f"store: {len(sent)} penalties of {args.departments} departments, received "
                  f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
            public = PublicRecords(platform.store.received, platform.checks.standard,
                                   publisher_of(platform))  # fmt: skip
            views = timed("public views of the current set",
                          lambda: f"{sum(1 for _ in public.views(DAY))} public")  # fmt: skip

            def snapshot() -> str:
                run = publish_portal(platform, on=DAY).snapshot
                return f"{run.shown} shown, {run.opened} opened, {run.closed} closed"

            first = timed("snapshot: the first run", snapshot)
            same = timed("snapshot: the same set again", snapshot)
            rng = random.Random(7)
            changed = rng.sample(sent, int(len(sent) * args.changed / 100))
            for start in range(0, len(changed), 500):
                for _, fields in changed[start : start + 500]:
                    fields["CF_SY"] += "（已更正）"
                by_code: dict[str, list[dict[str, str]]] = {}
                for code, fields in changed[start : start + 500]:
                    by_code.setdefault(code, []).append(fields)
                for code, records in by_code.items():
                    platform.receive(code, body(records, f"c-{code}-{start}"), today=DAY)
            after = timed(f"snapshot: after {len(changed)} records changed", snapshot)
            timed("shown_on that day",
                  lambda: f"{len(platform.store.snapshots.shown_on(SITE, DAY).records)} records")  # type: ignore[union-attr]  # fmt: skip
            out = Path(folder) / "site"

            def export() -> str:
                done = publish_portal(platform, on=DAY, out=out).exported
                assert done is not None
                size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
                return f"{done.records} records, {done.written} files, {size / 2**20:.0f} MiB"

            whole = timed("static export of the whole site (+ its snapshot)", export)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ratios: unchanged snapshot / first {same / first:.2f}; after changes / first "
          f"{after / first:.2f}; export / views {whole / views:.1f}")  # fmt: skip
    print(f"peak resident memory of the process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
