"""The store's lock and safe opening (issue 11 #5): one writer at a time, a fresh store made once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from sgs.store import SCHEMA_VERSION, StoreError, open_store
from sgs.store.schema import MIGRATIONS, meta


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> str:
    """A store URL: a SQLite file under the test's folder, or a fresh PostgreSQL database
    whose URL carries a password (the server trusts the socket and ignores it)."""
    if request.param == "sqlite":
        return "sqlite:///ledger/sgs.db"
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url.replace("sgs@", "sgs:hunter2@", 1)


def test_a_second_writer_is_told_another_sync_is_running(tmp_path: Path, store_url: str) -> None:
    with open_store(store_url, base_dir=tmp_path, lock=True):
        with pytest.raises(StoreError) as info:
            open_store(store_url, base_dir=tmp_path, lock=True)
        message = str(info.value)
        assert "另一个同步正在运行" in message
        assert "another sync is running" in message
        assert "hunter2" not in message  # the store is named without its password
        assert ("sgs.db" if "sqlite" in store_url else "sgs:***@") in message
        # a reader that does not lock is not held up
        with open_store(store_url, base_dir=tmp_path) as reader:
            assert reader.ledger.status_counts() == {}
    # closed: the lock is free again
    with open_store(store_url, base_dir=tmp_path, lock=True) as store:
        assert store.ledger.status_counts() == {}


def test_a_second_writer_waits_up_to_the_lock_timeout(tmp_path: Path, store_url: str) -> None:
    first = open_store(store_url, base_dir=tmp_path, lock=True)
    started = time.monotonic()
    with pytest.raises(StoreError, match="another sync is running"):
        open_store(store_url, base_dir=tmp_path, lock=True, lock_timeout=0.6)
    assert time.monotonic() - started >= 0.5
    threading.Timer(0.5, first.close).start()  # the first run ends while the second waits
    with open_store(store_url, base_dir=tmp_path, lock=True, lock_timeout=30) as second:
        assert second.ledger.status_counts() == {}
    assert time.monotonic() - started < 20


def test_an_in_memory_store_needs_no_lock() -> None:
    with open_store("sqlite://", lock=True) as one, open_store("sqlite://", lock=True) as two:
        assert one.ledger.status_counts() == two.ledger.status_counts() == {}


OPEN = """
import sys, time
from sgs.store import open_store
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # all start at the same moment
with open_store(sys.argv[1], base_dir=sys.argv[3]) as store:
    store.ledger.status_counts()
"""


def _older_store(url: str, base: Path) -> None:
    """A store of schema version 1, to be migrated by whoever opens it first."""
    from sgs.adapters.sql import database_url

    parsed = database_url(url, base)
    if parsed.database and parsed.get_backend_name() == "sqlite":
        Path(parsed.database).parent.mkdir(parents=True)
    engine = sa.create_engine(parsed)
    with engine.begin() as connection:
        MIGRATIONS[0](connection)
        connection.execute(meta.insert(), {"key": "schema_version", "value": "1"})
    engine.dispose()


@pytest.mark.parametrize("older", [False, True], ids=["fresh", "older"])
def test_processes_opening_a_store_at_once_all_succeed(
    tmp_path: Path, store_url: str, older: bool
) -> None:
    """Before: "table sgs_meta already exists" for the ones that lost the race."""
    if older:
        _older_store(store_url, tmp_path)
    at = time.time() + 5
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN, store_url, str(at), str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    results = [(p.wait(timeout=120), p.communicate()[1]) for p in processes]
    assert results == [(0, "")] * 6
    with open_store(store_url, base_dir=tmp_path) as store, store.engine.connect() as c:
        versions = c.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version"))
        assert [int(v) for v in versions.scalars()] == [SCHEMA_VERSION]
    if "sqlite" in store_url and not older:  # made once, under a temporary name: none left
        assert sorted(p.name for p in (tmp_path / "ledger").iterdir()) == ["sgs.db"]
