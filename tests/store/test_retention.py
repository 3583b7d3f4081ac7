"""Retention: purged entries are emptied, not deleted, and the chain still verifies."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sgs.adapters.settings import ConfigWarning
from sgs.errors import ConfigFileError, StoreError
from sgs.platform import load_platform_config
from sgs.store import AccessEvent, Store, open_store
from sgs.store.audit import chain_hash
from sgs.store.retention import Duration, Retention

from ..platform.server import write_config

NOW = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)
#: (when, action): ids 1 … 8 in this order.
HISTORY = [
    (dt.datetime(2010, 1, 1, tzinfo=dt.UTC), "read"),  # 1 query, purged (before 2016-12-02)
    (dt.datetime(2010, 1, 1, tzinfo=dt.UTC), "user-add"),  # 2 processing, purged
    (dt.datetime(2010, 1, 1, tzinfo=dt.UTC), "login"),  # 3 system, purged
    (dt.datetime(2025, 1, 1, tzinfo=dt.UTC), "read"),  # 4 query, kept
    (dt.datetime(2025, 1, 1, tzinfo=dt.UTC), "role-grant"),  # 5 processing, kept (2023-12-02)
    (dt.datetime(2025, 1, 1, tzinfo=dt.UTC), "login"),  # 6 system, purged (2026-06-02)
    (dt.datetime(2026, 11, 1, tzinfo=dt.UTC), "read"),  # 7 kept
    (dt.datetime(2026, 11, 1, tzinfo=dt.UTC), "login"),  # 8 kept
]
CUTOFFS = Retention().cutoffs(NOW.date())


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'platform.db'}"
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url


def _at(when: dt.datetime) -> Any:
    return lambda: when


def _fill(store: Store) -> None:
    for when, action in HISTORY:
        store.audit.clock = _at(when)
        store.audit.record(AccessEvent(
            actor="查询员", role="querier", department="11410100MB00000005", action=action,
            records=("key-1",), fields=("CF_ZJHM",), purpose="行政审批", basis="duty:1",
            channel="api", client="10.0.0.7", result_count=1, detail={"note": "x"}))  # fmt: skip
    store.audit.clock = _at(NOW)
    with store.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO sgs_users (id, name, department, roles, created_at, updated_at) "
            "VALUES (1, '王某', '', '[\"querier\"]', :t, :t)"), {"t": NOW})  # fmt: skip
        for ident, closed in [("SQ20200101000001", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
                              ("SQ20261101000002", dt.datetime(2026, 11, 1, tzinfo=dt.UTC)),
                              ("SQ20261101000003", None)]:  # fmt: skip
            connection.execute(sa.text(
                "INSERT INTO sgs_applications (id, requester_id, department, keys, purpose, text,"
                " basis, state, opinion, applied_at, closed_at) VALUES (:id, 1, '', '[]', 'p', '',"
                " '', :state, '', :applied, :closed)"),
                {"id": ident, "state": "closed" if closed else "applied",
                 "applied": dt.datetime(2019, 1, 1, tzinfo=dt.UTC), "closed": closed})  # fmt: skip
        for token, expires in [("a" * 64, NOW - dt.timedelta(days=2)),
                               ("b" * 64, NOW + dt.timedelta(days=1))]:  # fmt: skip
            connection.execute(sa.text(
                "INSERT INTO sgs_sessions (token_hash, user_id, created_at, expires_at) "
                "VALUES (:t, 1, :c, :e)"), {"t": token, "c": NOW - dt.timedelta(days=3),
                                            "e": expires})  # fmt: skip


@pytest.fixture
def purged(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as store:
        _fill(store)
        store.audit.purge(CUTOFFS, actor="管理员", now=NOW)
        yield store


def _rows(store: Store, statement: str) -> list[Any]:
    with store.engine.connect() as connection:
        return list(connection.execute(sa.text(statement)).all())


def _sql(store: Store, statement: str, **params: Any) -> None:
    with store.engine.begin() as connection:
        connection.execute(sa.text(statement), params)


def test_purge_empties_what_is_due_and_the_chain_still_verifies(store_url: str) -> None:
    with open_store(store_url) as store:
        _fill(store)
        before = store.audit.anchor()
        assert before is not None
        dry = store.audit.purge(CUTOFFS, actor="管理员", now=NOW, dry_run=True)
        assert dry.event is None
        assert dict(dry.entries) == {"query": (1,), "processing": (2,), "system": (3, 6)}
        assert store.audit.count() == 8  # a dry run writes nothing
        result = store.audit.purge(CUTOFFS, actor="管理员", now=NOW)
        assert result.event is not None
        assert result.event.id == 9
        assert dict(result.entries) == dict(dry.entries)
        assert result.applications == ("SQ20200101000001",)
        assert result.sessions == 1
        check = store.audit.verify([before])
        assert (check.intact, check.entries) == (True, 9)
        after = store.audit.anchor()
        assert after is not None
        assert store.audit.verify([before, after]).intact
        rows = {r.id: r for r in _rows(store, "SELECT * FROM sgs_access_log")}
        for ident in (1, 2, 3, 6):
            row = rows[ident]
            assert row.purged_by == 9
            assert (row.actor, row.department, row.records, row.fields, row.purpose, row.basis,
                    row.client, row.detail) == ("", "", "[]", "[]", "", "", "", "{}")  # fmt: skip
            assert row.action == HISTORY[ident - 1][1]
            assert len(row.hash) == 64
        assert all(rows[i].purged_by is None and rows[i].actor == "查询员" for i in (4, 5, 7, 8))
        event = rows[9]
        assert (event.action, event.actor, event.purged_by) == ("purge", "管理员", None)
        detail = json.loads(event.detail)
        assert detail["classes"]["system"] == {
            "cutoff": "2026-06-02T00:00:00+00:00", "count": 2, "ranges": [[3, 3], [6, 6]]}  # fmt: skip
        assert detail["classes"]["query"]["ranges"] == [[1, 1]]
        assert detail["applications"] == {"count": 1, "ids": ["SQ20200101000001"]}
        assert detail["sessions"] == {"count": 1}
        assert [r.id for r in _rows(store, "SELECT id FROM sgs_applications ORDER BY id")] == [
            "SQ20261101000002", "SQ20261101000003"]  # fmt: skip
        assert [r.token_hash for r in _rows(store, "SELECT token_hash FROM sgs_sessions")] == [
            "b" * 64]  # fmt: skip


def test_a_second_purge_with_nothing_due_appends_nothing(purged: Store) -> None:
    again = purged.audit.purge(CUTOFFS, actor="管理员", now=NOW)
    assert again.empty
    assert again.event is None
    assert purged.audit.count() == 9
    purged.audit.clock = _at(dt.datetime(2027, 1, 2, tzinfo=dt.UTC))
    later = purged.audit.purge(Retention().cutoffs(dt.date(2027, 1, 2)), actor="管理员", now=NOW)
    assert later.event is None  # 8 (2026-11-01) is not due yet …
    purged.audit.clock = _at(dt.datetime(2027, 6, 1, tzinfo=dt.UTC))
    third = purged.audit.purge(Retention().cutoffs(dt.date(2027, 6, 1)), actor="管理员")
    assert third.event is not None
    assert dict(third.entries)["system"] == (8,)
    assert purged.audit.verify().intact
    assert purged.audit.count() == 10


def test_a_cutoff_later_than_the_law_allows_is_refused(store_url: str) -> None:
    with open_store(store_url) as store:
        _fill(store)
        cutoffs = {**CUTOFFS, "query": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)}
        with pytest.raises(StoreError, match="legal minimum"):
            store.audit.purge(cutoffs, actor="管理员", now=NOW)
        with pytest.raises(StoreError, match="chain"):
            store.audit.purge({"chain": NOW}, actor="管理员", now=NOW)
        assert store.audit.count() == 8


BLANK = ("actor = '', role = '', department = '', records = '[]', fields = '[]', purpose = '', "
         "basis = '', client = '', detail = '{}'")  # fmt: skip


@pytest.mark.parametrize(
    ("statement", "broken", "word"),
    [
        (f"UPDATE sgs_access_log SET hash = '{'f' * 64}' WHERE id = 3", 3, "hash changed"),
        (f"UPDATE sgs_access_log SET {BLANK}, purged_by = 9 WHERE id = 4", 4, "vouch"),
        (f"UPDATE sgs_access_log SET {BLANK}, purged_by = 9 WHERE id = 8", 8, "vouch"),
        ("DELETE FROM sgs_access_log WHERE id = 3", 3, "deleted"),
        ("DELETE FROM sgs_access_log WHERE id = 1", 1, "deleted"),
        (
            "UPDATE sgs_access_log SET detail = REPLACE(detail, '[[1, 1]]', '[[1, 4]]') "
            "WHERE id = 9",
            1,
            "vouch",
        ),
        ("UPDATE sgs_access_log SET action = 'read' WHERE id = 6", 6, "vouch"),  # query: not due
        ("UPDATE sgs_access_log SET purged_by = NULL WHERE id = 2", 2, "changed"),
    ],
)
def test_tampering_after_a_purge_is_found_and_named(
    purged: Store, statement: str, broken: int, word: str
) -> None:
    anchor = purged.audit.anchor()
    assert anchor is not None
    _sql(purged, statement)
    for check in (purged.audit.verify(), purged.audit.verify([anchor])):
        assert not check.intact
        assert check.broken_at == broken
        assert word in check.problem_en


def test_the_purge_events_detail_edited_is_found(purged: Store) -> None:
    (detail,) = _rows(purged, "SELECT detail FROM sgs_access_log WHERE id = 9")[0]
    edited = json.loads(detail)
    edited["applications"]["count"] = 0
    _sql(purged, "UPDATE sgs_access_log SET detail = :d WHERE id = 9", d=json.dumps(edited))
    check = purged.audit.verify()
    assert (check.intact, check.broken_at) == (False, 1)  # the first entry it vouched for
    assert "purge entry 9" in check.problem_en


def test_a_fake_purge_event_copied_into_the_chain_is_found(purged: Store) -> None:
    _sql(purged,
         "INSERT INTO sgs_access_log (id, at, actor, role, department, action, records, fields, "
         "purpose, basis, channel, client, result_count, detail, prev_hash, hash) SELECT 10, at, "
         "actor, role, department, action, records, fields, purpose, basis, channel, client, "
         "result_count, REPLACE(detail, '[[1, 1]]', '[[1, 7]]'), prev_hash, hash "
         "FROM sgs_access_log WHERE id = 9")  # fmt: skip
    _sql(purged, f"UPDATE sgs_access_log SET {BLANK}, purged_by = 10 WHERE id = 4")
    check = purged.audit.verify()
    assert (check.intact, check.broken_at) == (False, 4)
    assert "purge entry 10" in check.problem_en


def test_a_purge_forged_with_a_correct_hash_cannot_erase_what_the_law_keeps(
    purged: Store,
) -> None:
    """Whoever knows the algorithm can append a well-hashed purge event: its cutoffs must still
    respect the legal minimum at its own time, and its time cannot lie in the future."""
    (last,) = _rows(purged, "SELECT hash FROM sgs_access_log WHERE id = 9")[0]
    for at, cutoff, ident in [
        (NOW, dt.datetime(2026, 12, 1, tzinfo=dt.UTC), 7),  # too recent a cutoff
        (dt.datetime(2040, 1, 1, tzinfo=dt.UTC), dt.datetime(2029, 1, 1, tzinfo=dt.UTC), 7),
    ]:
        detail = {"classes": {"query": {"cutoff": cutoff.isoformat(), "count": 1,
                                        "ranges": [[ident, ident]]}}}  # fmt: skip
        event = AccessEvent(actor="伪造", role="admin", action="purge", detail=detail)
        _sql(purged, "DELETE FROM sgs_access_log WHERE id = 10")
        _sql(purged,
             "INSERT INTO sgs_access_log (id, at, actor, role, department, action, records, "
             "fields, purpose, basis, channel, client, result_count, detail, prev_hash, hash) "
             "VALUES (10, :at, '伪造', 'admin', '', 'purge', '[]', '[]', '', '', '', '', 0, :d, "
             ":prev, :hash)", at=at, d=json.dumps(detail), prev=last,
             hash=chain_hash(last, 10, at, event))  # fmt: skip
        _sql(purged, f"UPDATE sgs_access_log SET {BLANK}, purged_by = 10 WHERE id = {ident}")
        check = purged.audit.verify()
        assert (check.intact, check.broken_at) == (False, ident)
        assert "purge entry 10" in check.problem_en


def _purge_in_a_process(url: str, start: Any, out: Any) -> None:
    with open_store(url) as store:
        store.audit.clock = _at(NOW)
        start.wait(timeout=60)
        result = store.audit.purge(CUTOFFS, actor="管理员", now=NOW)
        out.put(result.event.id if result.event is not None else None)


def test_two_processes_purging_at_once_purge_once(store_url: str) -> None:
    with open_store(store_url) as store:
        _fill(store)
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_purge_in_a_process, args=(store_url, start, out))
               for _ in range(2)]  # fmt: skip
    for worker in workers:
        worker.start()
    events = sorted((out.get(timeout=120) for _ in workers), key=lambda e: e is None)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert events == [9, None]
    with open_store(store_url) as store:
        store.audit.clock = _at(NOW)
        assert store.audit.verify().intact
        assert store.audit.count() == 9
        assert len(_rows(store, "SELECT id FROM sgs_access_log WHERE action = 'purge'")) == 1


def test_durations_and_their_minimums() -> None:
    assert Duration.parse("10Y") == Duration(10, "y")
    assert Duration.parse("6m").before(dt.date(2024, 8, 31)) == dt.date(2024, 2, 29)
    assert Duration.parse("3y").before(dt.date(2024, 2, 29)) == dt.date(2021, 2, 28)
    assert Duration.parse("120m").at_least(Duration(10, "y"))
    assert not Duration.parse("119m").at_least(Duration(10, "y"))
    assert Duration.parse("1096d").at_least(Duration(3, "y"))
    assert not Duration.parse("1095d").at_least(Duration(3, "y"))
    assert Duration.parse("1y").at_least(Duration(365, "d"))
    for bad in ("10", "y", "0y", "1.5y", "10w", "-1y"):
        with pytest.raises(StoreError, match="retention period"):
            Duration.parse(bad)


def test_retention_in_platform_toml(tmp_path: Path) -> None:
    assert load_platform_config(write_config(tmp_path)).retention == Retention()
    chain = write_config(tmp_path, extra='[retention]\nchain = "1y"\n')
    with pytest.warns(ConfigWarning, match=r"\[retention\] chain"):  # like any unknown key
        assert load_platform_config(chain).retention == Retention()
    longer = write_config(tmp_path, extra='[retention]\nquery = "15y"\nsystem = "200d"\n')
    config = load_platform_config(longer)
    assert config.retention.query == Duration(15, "y")
    assert config.retention.processing == Duration(3, "y")
    assert config.retention.cutoffs(dt.date(2026, 12, 2))["system"].date() == dt.date(2026, 5, 16)


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ('[retention]\nquery = "9y"\n', ["[retention] query", "10 years", "Art. 20", "'9y'"]),
        ('[retention]\nprocessing = "35m"\n', ["[retention] processing", "3 years", "Art. 56"]),
        ('[retention]\nsystem = "180d"\n', ["[retention] system", "6 months", "Art. 21(3)"]),
        ('[retention]\nsystem = "half a year"\n', ["[retention] system", "not a retention"]),
        ("[retention]\nsystem = 6\n", ["[retention] system"]),
    ],
)
def test_a_bad_or_too_short_retention_is_refused(
    tmp_path: Path, extra: str, words: list[str]
) -> None:
    path = write_config(tmp_path, extra=extra)
    with pytest.raises(ConfigFileError) as caught:
        load_platform_config(path)
    message = str(caught.value)
    assert str(path) in message or path.name in message
    for word in words:
        assert word in message
