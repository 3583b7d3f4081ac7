"""The whole loop with real parts: a department's ``sgs sync`` → a city's ``sgs platform serve``
→ ``sgs platform forward`` → the province's ``sgs platform serve`` (issue 13)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from sgs.platform import open_platform
from sgs.store import open_store

from ..departments import department
from .records import CITY, PROVINCE
from .server import Server, add_department, running, sgs, write_config

DEPARTMENT = "11410100MB00000005"


@attrs.define
class Loop:
    province: Server
    city: Server
    department: Path
    env: dict[str, str]

    def sync(self) -> dict[str, int]:
        """Run the real ``sgs sync``; the ledger's entries by status, and the attempts made."""
        done = sgs("sync", "--config", str(self.department), "--as-of", "2026-11-26",
                   env=self.env)  # fmt: skip
        assert done.returncode in (0, 1), done.stderr
        with open_store("sqlite:///sgs.db", base_dir=self.department.parent) as store:
            counts = store.ledger.status_counts()
            counts["attempts"] = sum(e.attempts for e in store.ledger.entries())
        return counts

    def forward(self) -> str:
        done = sgs("platform", "forward", "--config", str(self.city.config), env=self.env)
        assert done.returncode == 0, done.stderr
        return done.stderr


@pytest.fixture(params=["sqlite", "postgresql"])
def loop(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Loop]:
    url = request.getfixturevalue("fresh_postgres_url") if request.param == "postgresql" else None
    province = write_config(tmp_path / "province", name="示例省信用信息中心", code=PROVINCE)
    with running(province) as province_server:
        city_token = add_department(province, "示例市信用信息中心", CITY, "--platform")
        env = {"SGS_PROVINCE_TOKEN": city_token}
        upstream = (f'[upstream.province]\ntype = "http"\n'
                    f'url = "{province_server.url}/api/v1/records"\n'
                    'token_env = "SGS_PROVINCE_TOKEN"\nretries = 1\nbackoff = 0.1\n')  # fmt: skip
        city = write_config(tmp_path / "city", store_url=url,
                            extra="[serve]\nevery = 0\n" + upstream)  # fmt: skip
        with running(city, env=env) as city_server:
            env["SGS_PLATFORM_TOKEN"] = add_department(city, "示例市市场监督管理局", DEPARTMENT)
            folder = tmp_path / "department"
            folder.mkdir()
            transport = (f'type = "http"\nurl = "{city_server.url}/api/v1/records"\n'
                         'token_env = "SGS_PLATFORM_TOKEN"\nretries = 1\nbackoff = 0.1')  # fmt: skip
            config = department(folder, transport, "sqlite:///sgs.db", batch_size=3)
            yield Loop(province_server, city_server, config, env)


def _current(server: Server) -> list[dict[str, str]]:
    with open_platform(server.config) as platform:
        return platform.store.received.current()


def test_every_valid_record_reaches_the_province_exactly_once(loop: Loop) -> None:
    first = loop.sync()
    assert first["accepted"] >= 4
    assert "pending" not in first
    city = _current(loop.city)
    assert len(city) == first["accepted"]
    assert "province" in loop.forward()
    province = _current(loop.province)
    assert sorted(r["CF_WSH"] for r in province) == sorted(r["CF_WSH"] for r in city)
    with open_platform(loop.province.config) as platform:
        assert platform.store.received.counts()["versions"] == len(city)
        stats = platform.stats()
    assert [(s.code, s.accepted, s.rejected) for s in stats] == [(CITY, len(city), 0)]
    with open_platform(loop.city.config) as platform:
        (mine,) = platform.stats()
        assert (mine.accepted, mine.forwarded) == (len(city), len(city))
        assert platform.store.outbox("province").counts() == {"accepted": len(city)}

    again = loop.sync()  # a rerun pushes nothing, and forwarding has nothing to send
    assert again == first
    assert "pushed 0," in loop.forward()
    with open_platform(loop.province.config) as platform:
        assert platform.store.received.counts()["versions"] == len(city)


def test_a_province_that_is_down_leaves_everything_queued_and_it_goes_later(
    loop: Loop, tmp_path: Path
) -> None:
    loop.sync()
    loop.province.stop()
    done = sgs("platform", "forward", "--config", str(loop.city.config), env=loop.env)
    assert done.returncode == 1
    assert "转发失败" in done.stderr
    with open_platform(loop.city.config) as platform:
        assert set(platform.store.outbox("province").counts()) == {"pending"}
    loop.province.start()
    loop.forward()
    assert len(_current(loop.province)) == len(_current(loop.city))


def test_a_record_changed_at_the_department_is_an_update_at_both_levels(loop: Loop) -> None:
    first = loop.sync()["attempts"]
    loop.forward()
    old, new = "罚款5000元，没收违法所得300元", "罚款6000元，没收违法所得300元"
    held = [r["CF_NR"] for r in _current(loop.city)].count(old)
    source = loop.department.parent / "penalties.csv"
    text = source.read_text("utf-8-sig").replace(old, new, 1)
    source.write_text(text, encoding="utf-8-sig")
    shutil.rmtree(loop.department.parent / "receipts", ignore_errors=True)
    assert loop.sync()["attempts"] == first + 1  # the changed record alone is pushed
    loop.forward()
    for server in (loop.city, loop.province):
        contents = [r["CF_NR"] for r in _current(server)]
        assert (contents.count(old), contents.count(new)) == (held - 1, 1)
    with open_platform(loop.province.config) as platform:
        assert platform.store.received.counts()["versions"] == len(_current(loop.city)) + 1


def test_a_withdrawal_travels_both_hops(loop: Loop) -> None:
    loop.sync()
    loop.forward()
    number = "示市监罚〔2026〕101号"
    done = sgs("ledger", "withdraw", "--config", str(loop.department), "--number", number,
               "--kind", "penalty", "--reason", "行政复议决定撤销原处罚决定", env=loop.env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert number not in [r["CF_WSH"] for r in _current(loop.city)]
    assert "withdrawn 1" in loop.forward()
    assert number not in [r["CF_WSH"] for r in _current(loop.province)]
    for server in (loop.city, loop.province):
        with open_platform(server.config) as platform:
            assert [s.withdrawn for s in platform.stats()] == [1]
    with open_store("sqlite:///sgs.db", base_dir=loop.department.parent) as store:
        (entry,) = store.ledger.find(number=number, kind="penalty")
        assert entry.status == "withdrawn"
    assert "withdrawn 0" in loop.forward()  # sent once


def test_serve_forwards_on_its_schedule(tmp_path: Path) -> None:
    import random
    import time

    import httpx

    from .records import body, department_code, penalty

    province = write_config(tmp_path / "province", name="示例省信用信息中心", code=PROVINCE)
    with running(province) as province_server:
        env = {"SGS_PROVINCE_TOKEN": add_department(province, "市中心", CITY, "--platform")}
        city = write_config(tmp_path / "city", extra=(
            '[serve]\nevery = 0.3\n[upstream.province]\ntype = "http"\n'
            f'url = "{province_server.url}/api/v1/records"\ntoken_env = "SGS_PROVINCE_TOKEN"\n'
        ))  # fmt: skip
        code = department_code(1)
        token = add_department(city, "局", code)
        with running(city, env=env) as city_server:
            rng = random.Random(31)
            data = body([penalty(n, code, rng) for n in range(20)])
            answer = httpx.post(city_server.url + "/api/v1/records", content=data,
                                headers={"Authorization": f"Bearer {token}"})  # fmt: skip
            assert answer.status_code == 200
            deadline = time.monotonic() + 30
            while len(_current(province_server)) < 20 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert len(_current(province_server)) == 20
            assert "forward to province: 20 sent" in city_server.output()
