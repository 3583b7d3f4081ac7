"""The platform's publication runs: the static export of the portal, its daily snapshot,
and "what did the portal show on that day?"."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest

from sgs.calendar import china_today
from sgs.platform.config import load_platform_config
from sgs.platform.platform import open_platform
from sgs.platform.publishing import SITE, publish_portal, snapshot_due
from sgs.platform.schedule import has_scheduled_work, scheduled_work
from sgs.publication.export import FEED, record_page
from sgs.standard import Kind

from . import public_set as ps
from .server import add_department, sgs, write_config


@pytest.fixture
def platform_toml(tmp_path: Path) -> Path:
    """A platform whose store holds the public set (one decision withdrawn)."""
    config = write_config(tmp_path / "city", extra='[portal]\ntitle = "信用示例市"\n')
    add_department(config, ps.AUTHORITY_NAME, ps.AUTHORITY)
    with open_platform(config) as platform:
        for body in ps.batches():
            results = platform.receive(ps.AUTHORITY, body)
            assert {r.status for r in results} == {"accepted"}
    return config


def site_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_the_export_holds_what_the_portal_shows(platform_toml: Path, tmp_path: Path) -> None:
    out = tmp_path / "mirror"
    done = sgs("publish", "export", "--config", str(platform_toml), "--out", str(out))
    assert done.returncode == 0, done.stderr
    feed = json.loads((out / FEED).read_text(encoding="utf-8"))
    keys = {r["key"] for r in feed["records"]}
    # the organisation's penalty, both licences, the 25 hauliers; not the natural
    # person's penalty (36号令), not the one past its period, not the withdrawn one
    assert ps.KEYS["trader"] in keys
    assert {ps.KEYS["shop"], ps.KEYS["holder"]} <= keys
    assert not keys & {ps.KEYS["person"], ps.KEYS["old"], ps.KEYS["withdrawn"]}
    assert len(keys) == 3 + ps.HAULIERS
    assert feed["site"] == SITE
    assert (out / record_page(ps.KEYS["trader"])).is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "信用示例市" in index
    assert "page-2.html" in index  # 28 records: two pages
    data = site_bytes(out)
    for number in ps.ID_NUMBERS:
        assert number.encode() not in data
    assert "台账" not in done.stdout  # a platform has no ledger to date
    with open_platform(platform_toml) as platform:
        (run,) = platform.store.snapshots.runs(SITE)
        assert run.shown == len(keys)


def test_snapshot_and_shown_on_the_command_line(platform_toml: Path) -> None:
    done = sgs("publish", "snapshot", "--config", str(platform_toml))
    assert done.returncode == 0, done.stderr
    assert f"公示 {3 + ps.HAULIERS} 条" in done.stdout
    again = sgs("publish", "snapshot", "--config", str(platform_toml))
    assert "新增或变更 0 条，撤下 0 条" in again.stdout  # nothing changed: nothing written
    shown = sgs("publish", "shown", "--config", str(platform_toml), "--on",
                china_today().isoformat(), "--format", "json")  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    body = json.loads(shown.stdout)
    assert body["total"] == 3 + ps.HAULIERS
    assert body["run"]["site"] == "portal"
    trader = next(r for r in body["records"] if r["key"] == ps.KEYS["trader"])
    assert "CF_FR_ZJHM" not in trader["fields"]
    for number in ps.ID_NUMBERS:
        assert number not in shown.stdout


def test_a_department_config_is_not_a_portal_snapshot(tmp_path: Path) -> None:
    (tmp_path / "sgs.toml").write_text(
        '[department]\nname = "局"\ncredit_code = "11410100MB00000018"\n'
        '[source]\ntype = "directory"\npath = "in"\n[transport]\ntype = "directory"\n'
        'path = "out"\n', encoding="utf-8",
    )  # fmt: skip
    done = sgs("publish", "snapshot", "--config", str(tmp_path / "sgs.toml"))
    assert done.returncode == 2
    assert "sgs publish export" in done.stderr


def test_the_server_records_one_snapshot_a_day(platform_toml: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    config = load_platform_config(platform_toml)
    assert has_scheduled_work(config)  # no intake, no upstream: still the daily snapshot
    with open_platform(config) as platform:
        assert snapshot_due(platform)
        with caplog.at_level(logging.INFO, logger="sgs.platform"):
            scheduled_work(platform)
            scheduled_work(platform)
        assert len(platform.store.snapshots.runs(SITE)) == 1
        assert not snapshot_due(platform)
        assert snapshot_due(platform, china_today() + dt.timedelta(days=1))
    assert sum("portal snapshot" in r.getMessage() for r in caplog.records) == 1


def test_snapshots_can_be_switched_off(tmp_path: Path) -> None:
    config = write_config(tmp_path, extra="[portal]\nsnapshots = false\n")
    assert not has_scheduled_work(load_platform_config(config))


def test_what_the_portal_showed_on_a_past_day(platform_toml: Path) -> None:
    """Runs on three days; a record withdrawn between the second and third."""
    today = china_today()
    days = [today - dt.timedelta(days=n) for n in (20, 10, 0)]
    with open_platform(platform_toml) as platform:
        publish_portal(platform, on=days[0])
        publish_portal(platform, on=days[1])
        withdraw = ps.batch(Kind.PENALTY, [ps.trader()], "pub-withdraw-trader",
                            operation="withdraw")  # fmt: skip
        platform.receive(ps.AUTHORITY, withdraw)
        third = publish_portal(platform, on=days[2]).snapshot
        assert third.closed == 1
        snapshots = platform.store.snapshots
        assert snapshots.shown_on(SITE, days[0] - dt.timedelta(days=1)) is None
        middle = snapshots.shown_on(SITE, days[1] + dt.timedelta(days=3))
        now = snapshots.shown_on(SITE, days[2])
        history = snapshots.history(SITE, ps.KEYS["trader"])
    assert middle is not None
    assert now is not None
    assert ps.KEYS["trader"] in {r.key for r in middle.records}
    assert ps.KEYS["trader"] not in {r.key for r in now.records}
    (interval,) = history
    assert (interval.since, interval.until) == (days[0], days[2])
