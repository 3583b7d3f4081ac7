"""20 departments pushing at once to a real server, on SQLite and on PostgreSQL; and the
server killed (SIGKILL) at random moments under that load (issue 13)."""

from __future__ import annotations

import os
import random
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from sgs.platform import Platform, open_platform
from sgs.store.schema import records

from .load import Load, push_load
from .records import department_code
from .server import Server, running, write_config

DEPARTMENTS = 20
#: Batches of 50 records each department pushes (the issue's load: 50).
BATCHES = int(os.environ.get("SGS_LOAD_BATCHES", "50"))
#: Batches each department pushes while the server is being killed.
KILL_BATCHES = int(os.environ.get("SGS_KILL_BATCHES", "20"))
UPSTREAM = '[upstream.province]\ntype = "directory"\npath = "up"\n'


@pytest.fixture(params=["sqlite", "postgresql"])
def config(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    url = request.getfixturevalue("fresh_postgres_url") if request.param == "postgresql" else None
    return write_config(tmp_path, store_url=url, extra="[serve]\nevery = 0\n" + UPSTREAM)


def _departments(config: Path) -> list[tuple[str, str]]:
    with open_platform(config) as platform:
        return [
            (department_code(n), platform.add_department(f"示例市第{n}局", department_code(n))[1])
            for n in range(DEPARTMENTS)
        ]


def _check(config: Path, load: Load, batches: int) -> None:
    """Every acknowledged record stored exactly once, and the stats add up."""
    assert load.errors == []
    assert len(load.acknowledged) == load.records == DEPARTMENTS * batches * 50
    assert set(load.acknowledged.values()) == {"accepted"}
    with open_platform(config) as platform:
        counts = platform.store.received.counts()
        stats = platform.stats()
        keys = _keys(platform)
        queued = platform.store.outbox("province").counts()
    assert counts == {"current": load.records, "versions": load.records}
    assert keys == set(load.acknowledged)
    assert sum(s.received for s in stats) == sum(s.accepted for s in stats) == load.records
    assert all(s.received == batches * 50 for s in stats)
    assert queued == {"pending": load.records}


def _keys(platform: Platform) -> set[str]:
    """The keys of the platform's current set."""
    with platform.store.engine.connect() as connection:
        return set(connection.execute(select(records.c.record_key)).scalars())


def test_twenty_departments_at_once_store_every_acknowledged_record_once(config: Path) -> None:
    departments = _departments(config)
    with running(config) as server:
        load = push_load(server.url + "/api/v1/records", departments, batches=BATCHES, size=50)
    _check(config, load, BATCHES)


def test_the_server_killed_at_random_moments_loses_nothing_and_doubles_nothing(
    config: Path,
) -> None:
    departments = _departments(config)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    kills: list[float] = []
    with running(config) as server:
        done = threading.Event()

        def killer(server: Server) -> None:
            while not done.wait(rng.uniform(0.5, 3.0)) and len(kills) < 4:
                server.kill()
                kills.append(time.monotonic())
                server.start()

        thread = threading.Thread(target=killer, args=(server,))
        thread.start()
        try:
            load = push_load(server.url + "/api/v1/records", departments,
                             batches=KILL_BATCHES, size=50, retries=3)  # fmt: skip
        finally:
            done.set()
            thread.join()
    assert kills, f"the server was never killed (seed {seed})"
    _check(config, load, KILL_BATCHES)
