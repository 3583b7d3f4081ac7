"""Benchmark: what SQLite alone takes for the ledger's writes of a first sync run.

A first ``sgs sync`` of N records writes each of them three times: staged as pending
(an insert), its batch id set before the push, its receipt after it — each in
transactions of ``--batch`` records. This script does exactly those writes with the
``sqlite3`` module on a ledger table made by sgs (its schema, its unique index on the
record key), with payloads and keys shaped like real ones (the JSON text of the fields of
``validate_speed.py``'s realistic rows; keys that are hashes, so each falls on a random
page of the index), and no sgs code in the timed part: the floor under the first run's
ledger work. It does the same with the payload in a table of its own (the ledger row
keeping an empty one), to show what that schema would save on the updates.

    .venv/bin/python benchmarks/ledger_floor.py [--rows N] [--batch B] [--json]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from validate_speed import machine_info, write_case  # noqa: E402

from sgs.store import open_store  # noqa: E402

#: The columns a staged entry sets (as sgs.store.ledger does), then its key and status.
COLUMNS = ("kind", "number", "name", "decision_date", "authority_code", "deadline", "payload",
           "payload_hash", "source", "updated_at", "record_key", "status", "attempts",
           "created_at")  # fmt: skip


def payloads(rows: int, folder: Path) -> list[str]:
    """The JSON text of the fields of ``rows`` realistic records, as the ledger stores it."""
    path = folder / "penalties.csv"
    write_case("realistic", path, rows, 2026)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [
            json.dumps({k: v for k, v in row.items() if v}, ensure_ascii=False)
            for row in csv.DictReader(handle)
        ]


def run(texts: list[str], folder: Path, batch: int, *, split: bool) -> dict[str, float]:
    """The three writes of a first run on a fresh store; seconds for each."""
    file = folder / ("split.db" if split else "one.db")
    with open_store(f"sqlite:///{file}"):
        pass  # the store made by sgs: its ledger table and index
    connection = sqlite3.connect(file, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    if split:
        connection.execute("CREATE TABLE payloads (id INTEGER PRIMARY KEY, payload TEXT)")
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    keys = [hashlib.sha256(str(i).encode()).hexdigest()[:32] for i in range(len(texts))]
    marks = ", ".join("?" * len(COLUMNS))
    insert = f"INSERT INTO sgs_ledger ({', '.join(COLUMNS)}) VALUES ({marks})"
    times: dict[str, float] = {}
    start = time.perf_counter()
    for first in range(0, len(texts), batch):
        rows = [
            ("penalty", f"郑市监罚〔2025〕{i}号", f"案件{i}", "2025-03-07", "11410100MB00000005",
             "2025-03-18", "{}" if split else texts[i], hashlib.sha256(texts[i].encode()).hexdigest(),
             f"penalties.csv:{i + 2}", now, keys[i], "pending", 0, now)
            for i in range(first, min(first + batch, len(texts)))
        ]  # fmt: skip
        connection.execute("BEGIN")
        connection.executemany(insert, rows)
        if split:
            last = connection.execute("SELECT max(id) FROM sgs_ledger").fetchone()[0]
            ids = range(last - len(rows) + 1, last + 1)
            connection.executemany(
                "INSERT INTO payloads (id, payload) VALUES (?, ?)",
                [(j, texts[i]) for j, i in zip(ids, range(first, first + len(rows)), strict=True)],
            )
        connection.execute("COMMIT")
    times["insert"] = time.perf_counter() - start
    for label, assignment in (
        ("batch ids", "batch_id = 'b', attempts = attempts + 1, updated_at = ?"),
        ("receipts", "status = 'accepted', platform_pushed_on = '2025-03-10', updated_at = ?"),
    ):
        start = time.perf_counter()
        for first in range(0, len(keys), batch):
            chunk = keys[first : first + batch]
            connection.execute("BEGIN")
            connection.execute(
                f"UPDATE sgs_ledger SET {assignment} WHERE record_key IN "
                f"({', '.join('?' * len(chunk))})",
                [now, *chunk],
            )
            connection.execute("COMMIT")
        times[label] = time.perf_counter() - start
    done = connection.execute(
        "SELECT count(*) FROM sgs_ledger WHERE status = 'accepted' AND attempts = 1"
    ).fetchone()[0]
    connection.close()
    if done != len(texts):  # every write must have reached its row, or the figures lie
        raise SystemExit(f"{done} of {len(texts)} records written three times")
    times["total"] = sum(times.values())
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000, help="records per transaction")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    args = parser.parse_args()
    machine = machine_info()
    results: dict[str, Any] = {"machine": machine, "rows": args.rows, "batch": args.batch}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        texts = payloads(args.rows, folder)
        size = sum(len(t.encode()) for t in texts) / len(texts)
        print(
            f"the ledger's writes of a first run, SQLite {sqlite3.sqlite_version} (WAL), "
            f"{args.rows:,} records of {size:,.0f} payload bytes on average, transactions of "
            f"{args.batch:,}; machine: {machine['cpu']}, {machine['cpus']} CPUs; "
            f"commit {machine['commit']}; {machine['date']}"
        )
        for label, split in (("one table", False), ("payload table", True)):
            times = run(texts, folder, args.batch, split=split)
            results[label] = times
            shown = "  ".join(f"{k} {v:5.2f} s" for k, v in times.items())
            print(f"  {label:<14} {shown}  ({args.rows / times['total']:,.0f} records/s)")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
