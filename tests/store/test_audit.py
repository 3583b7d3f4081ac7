"""The access log's hash chain: a row changed, deleted or inserted in the database is found."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from sgs.cli.main import main
from sgs.store import AccessEvent, Anchor, Store, open_store

from ..platform.server import write_config

CLEAR_ID = "410105199003070012"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'platform.db'}"
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url


@pytest.fixture
def logged(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as store:
        for n in range(1, 6):
            store.audit.record(AccessEvent(
                actor=f"查询员{n}", role="querier", department="11410100MB00000005",
                action="read", records=(f"key-{n}",), fields=("CF_ZJHM",),
                purpose="行政审批", basis="duty:1", channel="api", client="10.0.0.7",
                result_count=1))  # fmt: skip
        yield store


def _sql(store: Store, statement: str) -> None:
    with store.engine.begin() as connection:
        connection.execute(sa.text(statement))


def test_an_intact_chain_verifies_and_holds_no_clear_value(logged: Store) -> None:
    check = logged.audit.verify()
    assert (check.intact, check.entries) == (True, 5)
    entries = list(logged.audit.entries())
    assert [e.id for e in entries] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    with logged.engine.connect() as connection:
        assert CLEAR_ID not in repr(
            connection.execute(sa.text("SELECT * FROM sgs_access_log")).all()
        )
    anchor = logged.audit.anchor()
    assert anchor is not None
    assert logged.audit.verify([anchor]).intact


@pytest.mark.parametrize(
    ("statement", "broken", "word"),
    [
        ("UPDATE sgs_access_log SET purpose = '其他' WHERE id = 3", 3, "changed"),
        ("UPDATE sgs_access_log SET records = '[\"key-9\"]' WHERE id = 1", 1, "changed"),
        ("DELETE FROM sgs_access_log WHERE id = 2", 2, "deleted"),
        ("DELETE FROM sgs_access_log WHERE id = 1", 1, "deleted"),
        ("UPDATE sgs_access_log SET id = id + 100 WHERE id = 4", 4, "deleted"),
    ],
)
def test_a_row_changed_or_deleted_is_found_and_named(
    logged: Store, statement: str, broken: int, word: str
) -> None:
    _sql(logged, statement)
    check = logged.audit.verify()
    assert not check.intact
    assert check.broken_at == broken
    assert word in check.problem_en


def test_a_row_inserted_is_found(logged: Store) -> None:
    with logged.engine.begin() as connection:  # a forged 6th entry, copied from the first
        connection.execute(sa.text(
            "INSERT INTO sgs_access_log (id, at, actor, role, department, action, records, "
            "fields, purpose, basis, channel, client, result_count, detail, prev_hash, hash) "
            "SELECT 6, at, actor, role, department, action, records, fields, purpose, basis, "
            "channel, client, result_count, detail, prev_hash, hash FROM sgs_access_log "
            "WHERE id = 1"))  # fmt: skip
    check = logged.audit.verify()
    assert (check.intact, check.broken_at) == (False, 6)
    assert "link" in check.problem_en


def test_the_end_cut_off_is_found_by_an_anchor(logged: Store) -> None:
    anchor = logged.audit.anchor()
    assert anchor is not None
    _sql(logged, "DELETE FROM sgs_access_log WHERE id = 5")
    assert logged.audit.verify().intact  # the chain that is left holds together …
    check = logged.audit.verify([anchor])
    assert (check.intact, check.broken_at) == (False, 5)  # … but the anchor is gone
    assert "cut short" in check.problem_en


def test_a_chain_rewritten_whole_is_found_by_an_anchor(logged: Store) -> None:
    anchor = logged.audit.anchor()
    assert anchor is not None
    _sql(logged, "DELETE FROM sgs_access_log")
    for n in range(1, 6):
        logged.audit.record(AccessEvent(actor="伪造", action="read", records=(f"key-{n}",)))
    assert logged.audit.verify().intact
    check = logged.audit.verify([anchor])
    assert (check.intact, check.broken_at) == (False, 5)


def test_the_command_exits_0_intact_and_1_naming_the_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path)
    with open_store("sqlite:///platform.db", base_dir=tmp_path) as store:
        for n in range(3):
            store.audit.record(AccessEvent(actor="查询员", action="read", records=(f"k{n}",)))
    assert main(["platform", "audit", "anchor", "--config", str(config)]) == 0
    anchor = capsys.readouterr().out.strip()
    assert Anchor.parse(anchor).id == 3
    assert main(["platform", "audit", "verify", "--config", str(config), "--anchor", anchor]) == 0
    assert "3 entries" in capsys.readouterr().out
    with open_store("sqlite:///platform.db", base_dir=tmp_path) as store:
        _sql(store, "UPDATE sgs_access_log SET actor = '他人' WHERE id = 2")
    assert main(["platform", "audit", "verify", "--config", str(config)]) == 1
    out, err = capsys.readouterr()
    assert "broken at entry 2" in out
    assert "第 2 条" in err
    assert main(["platform", "audit", "verify", "--config", str(config), "--anchor", "x"]) == 2
