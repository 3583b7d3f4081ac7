"""Benchmark: what a platform's store takes per second when records arrive new and then changed.

A department's batches of distinct 行政处罚 records (distinct parties, realistic amounts)
go to ``Platform.receive`` (no HTTP: the store's work alone) on SQLite: first as new
records, then each with its 处罚内容 and amount changed — the updates for which the store
writes field-level history (old value, new value, case) in the same transaction. It
prints records per second of both passes and the field changes written, so that the
cost of the history is the ratio of the two in one run.

    .venv/bin/python benchmarks/update_speed.py [--records N] [--size N]
"""

from __future__ import annotations

import argparse
import json
import platform as machine
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.platform.records import body, department_code, penalty  # noqa: E402
from tests.platform.server import write_config  # noqa: E402

from sgs.platform import open_platform  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--size", type=int, default=500, help="records a batch")
    args = parser.parse_args()
    rng = random.Random(16)
    code = department_code(1)
    records = [penalty(n, code, rng) for n in range(args.records)]
    changed = []
    for fields in records:
        amount = rng.randint(2, 500) * 100
        changed.append(dict(fields, CF_NR=f"罚款{amount}元", CF_NR_FK=str(amount / 10000)))
    with (
        tempfile.TemporaryDirectory() as folder,
        open_platform(write_config(Path(folder))) as platform,
    ):
        department, _ = platform.add_department("示例市市场监督管理局", code)
        timings = []
        for label, items in (("new", records), ("changed", changed)):
            started = time.perf_counter()
            for start in range(0, len(items), args.size):
                part = items[start : start + args.size]
                results = platform.receive(department, body(part, f"{label}-{start}"))
                assert all(r.accepted for r in results), results[0]
            timings.append((label, time.perf_counter() - started))
        with platform.store.engine.connect() as connection:
            from sqlalchemy import text

            tables = {r[0] for r in connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'table'"))}  # fmt: skip
            history = (connection.execute(text("SELECT COUNT(*) FROM sgs_field_changes"))
                       .scalar() if "sgs_field_changes" in tables else None)  # fmt: skip
    print(f"machine: {machine.machine()} {machine.processor() or ''}, python "
          f"{machine.python_version()}; {args.records} records, batches of {args.size}")  # fmt: skip
    for label, seconds in timings:
        print(f"{label:>8}: {args.records / seconds:>9,.0f} records/s ({seconds:.2f} s)")
    print(f"ratio changed/new: {timings[0][1] / timings[1][1]:.2f}")
    print(json.dumps({"field_changes": history}))


if __name__ == "__main__":
    main()
