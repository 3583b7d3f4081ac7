"""Benchmark: records per second a platform server receives, on SQLite and on PostgreSQL.

Starts a real ``sgs platform serve`` (one process) on 127.0.0.1, registers
``--departments`` departments (default 20), and has them push at once — a
thread each, through the ``http`` transport ``sgs sync`` uses — ``--batches``
batches (default 50) of ``--size`` records (default 50) of distinct 行政处罚
records (distinct parties, realistic amounts). Every record is validated,
its key and source checked, stored as a version, put in the current set and
queued for the upstream destination before its batch is answered. It prints
records per second for each store, and checks that every acknowledged record
is stored once. PostgreSQL is the server of SGS_TEST_POSTGRES_URL, or a
throwaway cluster (tests/postgres.py).

    .venv/bin/python benchmarks/platform_receive.py [--departments N] [--batches N] [--size N]
"""

from __future__ import annotations

import argparse
import os
import platform as machine
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.platform.load import push_load  # noqa: E402
from tests.platform.records import department_code  # noqa: E402
from tests.platform.server import running, write_config  # noqa: E402
from tests.postgres import postgres_server  # noqa: E402

from sgs.platform import open_platform  # noqa: E402

UPSTREAM = '[upstream.province]\ntype = "directory"\npath = "up"\n'


def run(label: str, folder: Path, store_url: str | None, args: argparse.Namespace) -> None:
    config = write_config(folder, store_url=store_url, extra="[serve]\nevery = 0\n" + UPSTREAM)
    with open_platform(config) as platform:
        departments = [
            (department_code(n), platform.add_department(f"示例市第{n}局", department_code(n))[1])
            for n in range(args.departments)
        ]
    with running(config) as server:
        load = push_load(server.url + "/api/v1/records", departments, batches=args.batches,
                         size=args.size)  # fmt: skip
    with open_platform(config) as platform:
        counts = platform.store.received.counts()
    accepted = sum(1 for s in load.acknowledged.values() if s == "accepted")
    ok = (not load.errors and accepted == load.records == counts.get("current", 0)
          == counts["versions"])  # fmt: skip
    print(
        f"{label:10s} {load.records:7d} records in {load.seconds:6.1f} s: "
        f"{load.records / load.seconds:7.0f} records/s; stored once: {'yes' if ok else 'NO'}"
    )
    for error in load.errors[:5]:
        print("  error:", error)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--batches", type=int, default=50)
    parser.add_argument("--size", type=int, default=50)
    args = parser.parse_args()
    print(f"machine: {machine.processor() or machine.machine()}, {os.cpu_count()} CPUs; "
          f"{args.departments} departments x {args.batches} batches x {args.size} records")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", Path(tmp) / "sqlite", None, args)
        with postgres_server() as url:
            import sqlalchemy as sa

            engine = sa.create_engine(url)
            with engine.begin() as connection:
                connection.execute(sa.text(
                    "DROP TABLE IF EXISTS sgs_ledger, sgs_meta, sgs_roster, sgs_catalog, "
                    "sgs_credentials, sgs_departments, sgs_received, sgs_records, "
                    "sgs_batches, sgs_outbox CASCADE"))  # fmt: skip
            engine.dispose()
            run("PostgreSQL", Path(tmp) / "postgresql", url, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
