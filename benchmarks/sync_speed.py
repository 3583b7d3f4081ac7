"""Benchmark: sgs sync throughput into the ledger, on SQLite and on PostgreSQL.

Writes N synthetic 行政处罚 rows (default 100,000) with the generator of
``validate_speed.py`` — real-shaped by default (every row its own party, amount
and 文号, dates in the five forms; ``--case repeated`` for the older file whose
parties repeat) — then, for each store, runs ``sgs.department.sync.sync`` once:
read the file, validate, stage every valid record in the ledger, push it with
the ``directory`` transport, record the receipts; and prints records per second.
A second run on the same input shows the cost of a rerun with nothing new
(nothing to push); the CPU time of each run is printed beside its wall-clock
time. PostgreSQL is the server of SGS_TEST_POSTGRES_URL (its sgs tables dropped
first, as the tests do) or a throwaway cluster (tests/postgres.py).
The targets of issue 18 are printed as met / not met: a first run of at least
20,000 records/s on SQLite, a rerun of at least 50,000.

    .venv/bin/python benchmarks/sync_speed.py [--rows N] [--case realistic|repeated]
        [--stores sqlite,postgresql] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tests.postgres import URL_ENV, postgres_server  # noqa: E402
from validate_speed import DATA_CASES, machine_info, write_case  # noqa: E402

from sgs.department.config import load_config  # noqa: E402
from sgs.department.sync import sync  # noqa: E402

#: (label, store, run, at least this many records/s).
TARGETS = (
    ("first run on SQLite >= 20,000 records/s", "sqlite", "first run", 20_000),
    ("rerun on SQLite >= 50,000 records/s", "sqlite", "rerun", 50_000),
)
STORES = ("sqlite", "postgresql")

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


def run(folder: Path, url: str) -> list[dict[str, Any]]:
    """A first run and a rerun of ``sync`` on the store at ``url``; what each did, how fast."""
    (folder / "sgs.toml").write_text(CONFIG.format(url=url), encoding="utf-8")
    config = load_config(folder / "sgs.toml")
    runs = []
    for label in ("first run", "rerun"):
        start, cpu = time.perf_counter(), time.process_time()
        summary = sync(config, as_of=dt.date.today())
        seconds = time.perf_counter() - start
        result = {
            "run": label,
            "seconds": seconds,
            # This process's CPU time (not the PostgreSQL server's): on a shared machine
            # what the run cost, where the wall-clock time says what it took.
            "cpu_seconds": time.process_time() - cpu,
            "records_per_second": summary.read / seconds,
            "read": summary.read,
            "valid": summary.valid,
            "invalid": summary.invalid,
            "pushed": summary.pushed,
            "accepted": summary.accepted,
        }
        print(
            f"  {label:<10} {seconds:8.2f} s ({result['cpu_seconds']:.2f} s CPU)  "
            f"{result['records_per_second']:10,.0f} records/s  "
            f"read {summary.read:,}  valid {summary.valid:,}  pushed {summary.pushed:,}  "
            f"accepted {summary.accepted:,}"
        )
        runs.append(result)
    return runs


def drop_sgs_tables(url: str) -> None:
    """Make the database of ``url`` a store not made yet (the tests' ``fresh_postgres_url``)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as connection:
        names = (
            connection.execute(
                sa.text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename LIKE 'sgs\\_%'"
                )
            )
            .scalars()
            .all()
        )
        if names:
            connection.execute(sa.text(f"DROP TABLE IF EXISTS {', '.join(names)} CASCADE"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--case", choices=DATA_CASES, default="realistic", help="the data")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--stores", default=",".join(STORES), help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    args = parser.parse_args()
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    if not stores or any(s not in STORES for s in stores):
        parser.error(f"--stores: choose from {', '.join(STORES)}")
    results: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        data = base / "penalties.csv"
        injected = write_case(args.case, data, args.rows, args.seed)
        machine = machine_info()
        print(
            f"sgs sync, {args.rows:,} {args.case} records ({sum(injected.values()):,} with a "
            f"defect); machine: {machine['cpu']}, {machine['cpus']} CPUs, Python "
            f"{machine['python']}; commit {machine['commit']}; {machine['date']}"
        )
        for name in stores:
            folder = base / name
            folder.mkdir()
            (folder / "penalties.csv").write_bytes(data.read_bytes())
            print(name)
            if name == "sqlite":
                results[name] = run(folder, "sqlite:///sgs.db")
            else:
                with postgres_server() as url:
                    if os.environ.get(URL_ENV):
                        drop_sgs_tables(url)
                    results[name] = run(folder, url)
    targets: dict[str, Any] = {}
    print("targets (issue 18):")
    for label, store, which, target in TARGETS:
        found = [r for r in results.get(store, []) if r["run"] == which]
        value = found[0]["records_per_second"] if found else None
        met = None if value is None else value >= target
        targets[label] = {"value": value, "target": target, "met": met}
        verdict = {True: "met", False: "NOT MET", None: "n/a (store not run)"}[met]
        shown = "n/a" if value is None else f"{value:,.0f}"
        print(f"  {label:<42}{shown:>10}  {verdict}")
    if args.json:
        report = {
            "machine": machine,
            "rows": args.rows,
            "case": args.case,
            "results": results,
            "targets": targets,
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
