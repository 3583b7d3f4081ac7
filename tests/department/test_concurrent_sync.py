"""Two ``sgs sync`` on one store (issue 11 #5): the second waits or stops; nothing is doubled.

Each run is a real process running the ``sgs`` command, with a directory transport that
waits at its first push until the test opens a gate: so the first run is known to hold
the store while the second starts.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from sgs.store import open_store
from tests.departments import department

GATED = """
import sys, time
from sgs.adapters.folder_transport import DirectoryTransport
from sgs.cli import main
from sgs.plugins import get_plugin_manager, hookimpl

class Gated(DirectoryTransport):
    name = "gated-directory"

    def push(self, batch):
        (self.base_dir / "started").touch()
        while not (self.base_dir / "gate").exists():
            time.sleep(0.05)
        return super().push(batch)

class Plugin:
    @hookimpl
    def sgs_register_transports(self, register):
        register("gated-directory", Gated)

get_plugin_manager().register(Plugin(), name="gated")
sys.exit(main(["sync", "--config", sys.argv[1], "--as-of", "2026-11-26"]))
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return "sqlite:///sgs.db"
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url.replace("sgs@", "sgs:hunter2@", 1)  # trusted socket: the password is not used


def _department(folder: Path, store_url: str, lock_timeout: float = 0) -> Path:
    transport = 'type = "gated-directory"\npath = "outbox"'
    sync = f"lock_timeout = {lock_timeout}"
    return department(folder, transport, store_url, errors=False, sync=sync)


def _start(config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", GATED, str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, SGS_DEBUG=""),
    )


def _wait_until_pushing(folder: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not (folder / "started").exists():
        if process.poll() is not None:
            raise AssertionError(f"the first run ended early: {process.communicate()}")
        if time.monotonic() > deadline:
            raise AssertionError("the first run never reached its first push")
        time.sleep(0.05)


def _sent(folder: Path) -> Counter[str]:
    """How often each record key went out through the transport."""
    keys: Counter[str] = Counter()
    for data in (folder / "outbox").glob("*.jsonl"):
        keys.update(json.loads(line)["key"] for line in data.read_text("utf-8").splitlines())
    return keys


def _assert_once_each(folder: Path, store_url: str) -> None:
    sent = _sent(folder)
    assert len(sent) == 4
    assert set(sent.values()) == {1}
    with open_store(store_url, base_dir=folder) as store:
        entries = list(store.ledger.entries())
        assert store.ledger.status_counts() == {"accepted": 4}
    assert sorted(e.record_key for e in entries) == sorted(sent)


def test_a_second_sync_on_the_store_stops_and_nothing_is_sent_twice(
    tmp_path: Path, store_url: str
) -> None:
    config = _department(tmp_path, store_url)
    first = _start(config)
    _wait_until_pushing(tmp_path, first)
    second = _start(config)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 2, (out, err)
    assert "另一个同步正在运行" in err
    assert "another sync is running" in err
    assert "Traceback" not in err
    assert "内部错误" not in err
    if store_url.startswith("sqlite"):
        assert str(tmp_path / "sgs.db") in err
    else:
        assert "sgs:***@" in err
        assert "hunter2" not in err
    (tmp_path / "gate").touch()
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, (out, err)
    _assert_once_each(tmp_path, store_url)
    assert len(list((tmp_path / "outbox").glob("*.manifest.json"))) == 2  # 4 records, 2 a batch


def test_with_a_lock_timeout_the_second_sync_waits_then_finds_nothing_to_do(
    tmp_path: Path,
) -> None:
    config = _department(tmp_path, "sqlite:///sgs.db", lock_timeout=120)
    first = _start(config)
    _wait_until_pushing(tmp_path, first)
    second = _start(config)
    time.sleep(2)
    assert second.poll() is None  # waiting for the store
    (tmp_path / "gate").touch()
    assert first.wait(timeout=120) == 0
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, (out, err)
    # the folder's files were taken by the first run while the second waited
    assert "没有新的记录" in out  # the first run took everything
    _assert_once_each(tmp_path, "sqlite:///sgs.db")


def test_a_lock_held_by_a_killed_sync_is_released(tmp_path: Path, store_url: str) -> None:
    config = _department(tmp_path, store_url)
    first = _start(config)
    _wait_until_pushing(tmp_path, first)
    os.kill(first.pid, signal.SIGKILL)
    first.communicate(timeout=60)
    assert first.returncode == -signal.SIGKILL
    (tmp_path / "gate").touch()
    second = _start(config)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, (out, err)  # the lock went with the killed process
    _assert_once_each(tmp_path, store_url)  # the pending records of the killed run, sent once
