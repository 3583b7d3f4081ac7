"""Benchmark: sgs sync throughput into the ledger, on SQLite and on PostgreSQL.

Writes N synthetic 行政处罚 rows (default 100,000; the generator of
``validate_speed.py``), then, for each store, runs ``sgs.department.sync.sync`` once —
read the file, validate, stage every valid record in the ledger, push it with
the ``directory`` transport, record the receipts — and prints records per
second and the time of each run. A second run on the same input shows the
cost of a rerun (nothing to push). PostgreSQL is the server of
SGS_TEST_POSTGRES_URL, or a throwaway cluster (tests/postgres.py).

    .venv/bin/python benchmarks/sync_speed.py [--rows N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tests.postgres import postgres_server  # noqa: E402
from validate_speed import Pools, write_penalties  # noqa: E402

from sgs.department.config import load_config  # noqa: E402
from sgs.department.sync import sync  # noqa: E402

CONFIG = """
[department]
name = "示例市市场监督管理局"
credit_code = "11410100MB00000005"

[source]
type = "file"
path = "penalties.csv"

[transport]
type = "directory"
path = "outbox"

[store]
url = "{url}"

[sync]
batch_size = 1000
"""


def run(folder: Path, url: str, rows: int) -> None:
    (folder / "sgs.toml").write_text(CONFIG.format(url=url), encoding="utf-8")
    config = load_config(folder / "sgs.toml")
    for label in ("first run", "rerun"):
        start = time.perf_counter()
        summary = sync(config, as_of=dt.date.today())
        seconds = time.perf_counter() - start
        print(
            f"  {label:<10} {seconds:8.2f} s  {summary.read / seconds:10,.0f} records/s read  "
            f"valid {summary.valid:,}  pushed {summary.pushed:,}  accepted {summary.accepted:,}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        rng = random.Random(2026)
        data = base / "penalties.csv"
        write_penalties(data, args.rows, Pools(rng), rng)
        print(
            f"sgs sync, {args.rows:,} records (machine: {sys.platform}, Python {sys.version.split()[0]})"
        )
        for name in ("sqlite", "postgresql"):
            folder = base / name
            folder.mkdir()
            (folder / "penalties.csv").write_bytes(data.read_bytes())
            print(name)
            if name == "sqlite":
                run(folder, "sqlite:///sgs.db", args.rows)
            else:
                with postgres_server() as url:
                    run(folder, url, args.rows)


if __name__ == "__main__":
    main()
