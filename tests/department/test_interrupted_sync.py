"""A ``sgs sync`` killed (``kill -9``) while it stages: the rerun stages every record once.

The first run is a real process running the ``sgs`` command on 1,500 records staged 500
a transaction; it stops itself — after its second batch is committed, or inside its
second batch's transaction once the insert is sent — and the test kills it there. The
ledger then holds exactly the committed batches (a transaction is all or nothing), and
a second run stages the rest, pushes every record once and leaves each entry accepted.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from sgs.department.config import load_config
from sgs.department.sync import sync
from sgs.store import open_store
from tests.departments import EXAMPLES

RECORDS = 1500
BATCH = 500

STOPPING = """
import os, sys, time
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sgs.cli import main
from sgs.store.ledger import LedgerRepository

config, where, folder = sys.argv[1:4]
done = {"batches": 0, "inserts": 0}

def stop():
    open(os.path.join(folder, "stopped"), "w").close()
    while True:  # until the test kills the process
        time.sleep(1)

original = LedgerRepository.stage_keyed

def stage_keyed(self, *args, **kwargs):
    counts = original(self, *args, **kwargs)
    done["batches"] += 1
    if where == "between" and done["batches"] == 2:
        stop()  # the second batch is committed, the third not begun
    return counts

@event.listens_for(Engine, "after_cursor_execute")
def after(connection, cursor, statement, parameters, context, executemany):
    if where == "inside" and statement.startswith("INSERT INTO sgs_ledger"):
        done["inserts"] += 1
        if done["inserts"] == 2:
            stop()  # the second batch's rows sent, its transaction not committed

LedgerRepository.stage_keyed = stage_keyed
sys.exit(main(["sync", "--config", config, "--as-of", "2026-11-26"]))
"""


def _write_records(path: Path) -> None:
    """``RECORDS`` valid penalties: the first example record under numbers of their own."""
    with open(EXAMPLES / "penalties.csv", encoding="utf-8-sig", newline="") as file:
        header, first, *_ = list(csv.reader(file))
    number = header.index("行政处罚决定书文号")
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for n in range(RECORDS):
            row = list(first)
            row[number] = f"示市监罚〔2026〕{1000 + n}号"
            writer.writerow(row)


def _department(folder: Path, store_url: str) -> Path:
    _write_records(folder / "penalties.csv")
    config = folder / "sgs.toml"
    config.write_text(
        f"""
[department]
name = "示例市市场监督管理局"
credit_code = "11410100MB00000005"

[source]
type = "directory"
path = "."
pattern = "*.csv"

[transport]
type = "directory"
path = "outbox"

[store]
url = "{store_url}"

[sync]
batch_size = {BATCH}
""",
        encoding="utf-8",
    )
    return config


def _sent(folder: Path) -> Counter[str]:
    """How often each record key went out through the transport."""
    keys: Counter[str] = Counter()
    for data in (folder / "outbox").glob("*.jsonl"):
        keys.update(json.loads(line)["key"] for line in data.read_text("utf-8").splitlines())
    return keys


def _run_until_stopped(folder: Path, config: Path, where: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", STOPPING, str(config), where, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, SGS_DEBUG=""),
    )
    deadline = time.monotonic() + 120
    while not (folder / "stopped").exists():
        if process.poll() is not None:
            raise AssertionError(f"the first run ended early: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the first run never reached its stop")
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL


@pytest.mark.parametrize(("where", "committed"), [("between", 2 * BATCH), ("inside", BATCH)])
def test_a_rerun_after_a_kill_while_staging_stages_every_record_once(
    tmp_path: Path, store_url: str, where: str, committed: int
) -> None:
    config = _department(tmp_path, store_url)
    _run_until_stopped(tmp_path, config, where)
    with open_store(store_url, base_dir=tmp_path) as store:
        # only whole batches: the one cut inside its transaction left nothing
        assert store.ledger.status_counts() == {"pending": committed}
    assert _sent(tmp_path) == Counter()  # killed before its push
    assert (tmp_path / "penalties.csv").exists()  # not taken: read again by the rerun

    summary = sync(load_config(config), as_of=dt.date(2026, 11, 26))
    assert summary.read == summary.valid == RECORDS
    assert (summary.staged_new, summary.unchanged) == (RECORDS - committed, committed)
    assert summary.pushed == summary.accepted == RECORDS
    sent = _sent(tmp_path)
    assert len(sent) == RECORDS
    assert set(sent.values()) == {1}
    with open_store(store_url, base_dir=tmp_path) as store:
        entries = list(store.ledger.entries())
        assert store.ledger.status_counts() == {"accepted": RECORDS}
    assert sorted(e.record_key for e in entries) == sorted(sent)
    numbers = Counter(e.number for e in entries)
    assert len(numbers) == RECORDS
    assert set(numbers.values()) == {1}

    again = sync(load_config(config), as_of=dt.date(2026, 11, 26))
    assert again.nothing_new  # the file was taken by the rerun
