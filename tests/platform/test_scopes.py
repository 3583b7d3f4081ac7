"""The 公开范围 end to end with real parts: a department's catalog and ``sgs ledger scope`` →
``sgs sync`` over HTTP → a city's ``sgs platform serve`` (stored, not public) → ``sgs platform
forward`` → an upstream that records the bodies it gets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import attrs
import httpx
import pytest
from sqlalchemy import select

from sgs.platform import open_platform
from sgs.platform.public import PublicRecords
from sgs.records.registers import CatalogItem
from sgs.store import open_store
from sgs.store.schema import outbox, received, records

from ..departments import department
from ..platforms import Platform
from .server import Server, add_department, running, sgs, write_config

DEPARTMENT = "11410100MB00000005"
AS_OF = dt.date(2026, 11, 26)
#: Of the example penalties, both public by the other rules: one under 违反《药品经营质量管理规范》
#: (a catalog item 政务共享), one under an item of no scope (公示).
SHARED, OTHER = "示市监罚〔2026〕104号", "示市监罚〔2026〕101号"
SHARED_PARTY, OTHER_PARTY = "示例医药连锁有限公司", "示例餐饮管理有限公司"


@attrs.define
class Chain:
    city: Server
    upstream: Platform
    department: Path
    env: dict[str, str]

    def sync(self) -> None:
        done = sgs("sync", "--config", str(self.department), "--as-of", AS_OF.isoformat(),
                   env=self.env)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr

    def scope(self, number: str, scope: str) -> str:
        done = sgs("ledger", "scope", "--config", str(self.department), "--number", number,
                   "--scope", scope)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    def keys(self) -> dict[str, str]:
        """The record key of each decision number, from the department's ledger."""
        with open_store("sqlite:///sgs.db", base_dir=self.department.parent) as store:
            return {e.number: e.record_key for e in store.ledger.entries()}

    def city_scopes(self, table: str = "records") -> dict[str, list[str]]:
        """Per key, the scope of the city's current decision (or of each version received)."""
        chosen = records if table == "records" else received
        with open_platform(self.city.config) as platform, platform.store.engine.connect() as c:
            rows = c.execute(select(chosen.c.record_key, chosen.c.scope).order_by(chosen.c.id))
            found: dict[str, list[str]] = {}
            for key, scope in rows:
                found.setdefault(key, []).append(scope)
        return found

    def public(self, key: str, *, as_public: bool = False) -> bool:
        """Whether the city's public side shows ``key`` as of the sync's day (``as_public``:
        whether it would, were its scope 公示)."""
        with open_platform(self.city.config) as platform:
            public = PublicRecords(platform.store.received, platform.checks.standard)
            row = platform.store.received.current_one(key)
            assert row is not None
            if as_public:
                row = attrs.evolve(row, scope="公示")
            return public.view(row, AS_OF) is not None


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[Chain]:
    upstream = Platform()
    forward = f'[upstream.province]\ntype = "http"\nurl = "{upstream.url}"\nretries = 0\n'
    city = write_config(tmp_path / "city",
                        extra="[serve]\nevery = 0\n[portal]\nrate = 100000\n" + forward)  # fmt: skip
    try:
        with running(city) as city_server:
            env = {"SGS_PLATFORM_TOKEN": add_department(city, "示例市市场监督管理局", DEPARTMENT)}
            folder = tmp_path / "department"
            folder.mkdir()
            transport = (f'type = "http"\nurl = "{city_server.url}/api/v1/records"\n'
                         'token_env = "SGS_PLATFORM_TOKEN"\nretries = 1\nbackoff = 0.1')  # fmt: skip
            config = department(folder, transport, "sqlite:///sgs.db", errors=False)
            with open_store("sqlite:///sgs.db", base_dir=folder) as store:
                store.catalog.save_version(
                    [CatalogItem(category="处罚", name="违反《药品经营质量管理规范》",
                                 scope="政务共享"),
                     CatalogItem(category="处罚", name="违反《中华人民共和国食品安全法》")],
                    dt.date(2026, 1, 1),
                )  # fmt: skip
            yield Chain(city_server, upstream, config, env)
    finally:
        upstream.close()


def _public_search(server: Server, q: str) -> int:
    answer = httpx.get(server.url + "/api/v1/public/records", params={"q": q}, timeout=30)
    assert answer.status_code == 200, answer.text
    total: int = answer.json()["total"]
    return total


def test_the_catalogs_scope_travels_and_keeps_the_record_from_the_public(chain: Chain) -> None:
    chain.sync()
    keys = chain.keys()
    shared, other = keys[SHARED], keys[OTHER]
    scopes = chain.city_scopes()
    assert scopes[shared] == ["政务共享"]
    assert scopes[other] == ["公示"]
    assert chain.city_scopes("received")[shared] == ["政务共享"]
    # the public API: neither listed nor counted, and its key is as unknown as any
    assert _public_search(chain.city, SHARED_PARTY) == 0
    answer = httpx.get(f"{chain.city.url}/api/v1/public/records/{shared}", timeout=30)
    assert answer.status_code == 404
    unknown = httpx.get(f"{chain.city.url}/api/v1/public/records/{'0' * 32}", timeout=30)
    assert answer.json() == unknown.json()
    # what keeps it out is its scope: as 公示, it is public (the publisher asked directly)
    assert (chain.public(shared), chain.public(other)) == (False, True)
    assert chain.public(shared, as_public=True)
    explained = sgs("publish", "explain", "--config", str(chain.city.config), shared,
                    "--as-of", AS_OF.isoformat(), "--format", "json")  # fmt: skip
    assert explained.returncode == 0, explained.stderr
    assert '"public": false' in explained.stdout
    assert '"rule": "scope"' in explained.stdout
    # forwarding upstream carries the scope; a public record is sent as before, without one
    done = sgs("platform", "forward", "--config", str(chain.city.config), env=chain.env)
    assert done.returncode == 0, done.stderr
    sent = {r["key"]: r for r in chain.upstream.records()}
    assert sent[shared]["scope"] == "政务共享"
    assert "scope" not in sent[other]
    with open_platform(chain.city.config) as platform, platform.store.engine.connect() as c:
        queued = dict(c.execute(select(outbox.c.record_key, outbox.c.scope)).all())
    assert (queued[shared], queued[other]) == ("政务共享", "公示")


def test_the_override_is_sent_again_and_default_brings_the_catalogs_back(chain: Chain) -> None:
    chain.sync()
    other = chain.keys()[OTHER]
    assert "授权查询" in chain.scope(OTHER, "2")  # the 2016 code of 授权查询
    with open_store("sqlite:///sgs.db", base_dir=chain.department.parent) as store:
        (entry,) = store.ledger.find(number=OTHER)
    assert (entry.scope, entry.status) == ("授权查询", "pending")
    chain.sync()
    assert chain.city_scopes()[other] == ["授权查询"]
    assert chain.city_scopes("received")[other] == ["公示", "授权查询"]  # a version each
    assert not chain.public(other)
    assert _public_search(chain.city, OTHER_PARTY) == 0
    # the department's next sync of an unchanged source keeps the override
    chain.sync()
    assert chain.city_scopes("received")[other] == ["公示", "授权查询"]
    assert "目录所定" in chain.scope(OTHER, "default")
    chain.sync()
    assert chain.city_scopes()[other] == ["公示"]
    assert chain.public(other)
