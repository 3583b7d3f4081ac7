"""Schema version 6: publication snapshots — what a site showed, run by run, as intervals."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from sgs.records.registers import CatalogItem
from sgs.store import (
    SCHEMA_VERSION,
    ShownItem,
    SnapshotRun,
    Store,
    StoreError,
    open_store,
    view_content,
)
from sgs.store.schema import (
    ledger,
    meta,
    publication_contents,
    publication_items,
    publication_runs,
)
from tests.store.old_stores import SCOPED_TABLES, version_5_store

SITE = "portal"
DAY = dt.date(2026, 5, 1)

#: A record's view in these tests: its one field's text and its 公示截止.
View = tuple[str, dt.date | None]


def _items(views: Mapping[str, View], kind: str = "penalty") -> list[ShownItem]:
    return [ShownItem.of(key, kind, {"CF_WSH": text}, until) for key, (text, until) in
            views.items()]  # fmt: skip


def _record(store: Store, day: dt.date, views: Mapping[str, View], note: str = "") -> SnapshotRun:
    return store.snapshots.record(
        SITE, day, _items(views), profile="cn-default", profile_version="1", note=note
    )


def _shown(store: Store, day: dt.date, site: str = SITE) -> dict[str, View] | None:
    shown = store.snapshots.shown_on(site, day)
    if shown is None:
        return None
    assert [r.key for r in shown.records] == sorted(r.key for r in shown.records)
    return {r.key: (r.fields["CF_WSH"], r.published_until) for r in shown.records}


def _count(store: Store, table: sa.Table) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _open_twice(store: Store) -> list[str]:
    """The keys with more than one open item (there must be none)."""
    items = publication_items
    query = (
        sa.select(items.c.site, items.c.record_key)
        .where(items.c.to_run.is_(None))
        .group_by(items.c.site, items.c.record_key)
        .having(sa.func.count() > 1)
    )
    with store.engine.connect() as connection:
        return [f"{r.site}/{r.record_key}" for r in connection.execute(query)]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return "sqlite:///s.db"
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url


@pytest.fixture
def store(store_url: str, tmp_path: Path) -> Iterator[Store]:
    with open_store(store_url, base_dir=tmp_path) as opened:
        yield opened


A: dict[str, View] = {"k1": ("罚〔2026〕1号", None), "k2": ("罚〔2026〕2号", dt.date(2029, 5, 1)),
                      "k3": ("罚〔2026〕3号", None)}  # fmt: skip


def test_view_content_is_canonical() -> None:
    one = view_content("penalty", {"b": "乙", "a": "甲"}, dt.date(2029, 5, 1))
    two = view_content("penalty", {"a": "甲", "b": "乙"}, dt.date(2029, 5, 1))
    assert one == two
    assert (
        one[1] == '{"fields":{"a":"甲","b":"乙"},"kind":"penalty","published_until":"2029-05-01"}'
    )
    assert view_content("penalty", {"a": "甲"}, None)[0] != view_content("license", {"a": "甲"},
                                                                       None)[0]  # fmt: skip
    assert len(one[0]) == 64


def test_the_first_run_opens_all_and_an_unchanged_one_writes_nothing_but_itself(
    store: Store,
) -> None:
    first = _record(store, DAY, A, note="首次")
    assert (first.site, first.as_of, first.shown, first.opened, first.closed) == (
        SITE, DAY, 3, 3, 0,
    )  # fmt: skip
    assert (first.profile, first.profile_version, first.note) == ("cn-default", "1", "首次")
    assert first.taken_at.tzinfo is not None
    second = _record(store, DAY + dt.timedelta(days=1), A)
    assert (second.shown, second.opened, second.closed) == (3, 0, 0)
    assert _count(store, publication_items) == 3
    assert _count(store, publication_contents) == 3
    assert _count(store, publication_runs) == 2
    assert store.snapshots.runs() == [second, first]  # as read back: newest first
    assert store.snapshots.runs(limit=1) == [second]
    assert store.snapshots.runs("website") == []
    shown = store.snapshots.shown_on(SITE, DAY + dt.timedelta(days=1))
    assert shown is not None
    assert shown.run == second
    assert [r.since for r in shown.records] == [DAY] * 3  # shown since the first run


def test_changed_vanished_and_returning_keys(store: Store) -> None:
    _record(store, DAY, A)
    changed = {**A, "k1": ("罚〔2026〕1号（更正）", None)}
    del changed["k3"]
    run = _record(store, dt.date(2026, 5, 2), changed)
    assert (run.shown, run.opened, run.closed) == (2, 1, 2)  # k1 reopened; k1 and k3 closed
    assert _shown(store, dt.date(2026, 5, 2)) == changed
    assert _shown(store, DAY) == A  # the earlier day still answers as it was
    back = _record(store, dt.date(2026, 5, 3), {**changed, "k3": A["k3"]})
    assert (back.shown, back.opened, back.closed) == (3, 1, 0)
    # the period changes the content too
    moved = _record(store, dt.date(2026, 5, 4), {**changed, "k3": ("罚〔2026〕3号",
                                                                   dt.date(2030, 1, 1))})  # fmt: skip
    assert (moved.opened, moved.closed) == (1, 1)
    history = store.snapshots.history(SITE, "k3")
    assert [(h.fields["CF_WSH"], h.published_until, h.since, h.until) for h in history] == [
        ("罚〔2026〕3号", None, DAY, dt.date(2026, 5, 2)),
        ("罚〔2026〕3号", None, dt.date(2026, 5, 3), dt.date(2026, 5, 4)),
        ("罚〔2026〕3号", dt.date(2030, 1, 1), dt.date(2026, 5, 4), None),
    ]  # fmt: skip
    assert history[0].content_hash == history[1].content_hash != history[2].content_hash
    assert history[2].to_run is None
    assert history[0].to_run is not None
    assert history[0].to_run < history[1].from_run  # a gap: the run of 2026-05-02 had no k3
    assert [h.since for h in store.snapshots.history(SITE, "k1")] == [DAY, dt.date(2026, 5, 2)]
    assert store.snapshots.history(SITE, "nothing") == []
    assert store.snapshots.history("website", "k1") == []
    shown = store.snapshots.shown_on(SITE, dt.date(2026, 5, 9))
    assert shown is not None
    assert {r.key: r.since for r in shown.records} == {
        "k1": dt.date(2026, 5, 2), "k2": DAY, "k3": dt.date(2026, 5, 4),
    }  # fmt: skip
    assert _open_twice(store) == []


def test_shown_on_answers_from_the_latest_run_by_that_day(store: Store) -> None:
    assert store.snapshots.shown_on(SITE, DAY) is None
    short = {"k1": ("一", None), "k2": ("二", dt.date(2026, 5, 3))}
    _record(store, DAY, short)
    later = _record(store, dt.date(2026, 5, 10), {"k1": ("一", None)})
    assert _shown(store, DAY - dt.timedelta(days=1)) is None  # before the first run
    assert _shown(store, DAY) == short  # on the day of a run: that run
    assert _shown(store, dt.date(2026, 5, 3)) == short  # the last day of k2's period
    # between the runs: the earlier run, without what was past its period by then
    assert _shown(store, dt.date(2026, 5, 4)) == {"k1": ("一", None)}
    shown = store.snapshots.shown_on(SITE, dt.date(2026, 5, 20))
    assert shown is not None
    assert (shown.run, shown.day) == (later, dt.date(2026, 5, 20))
    # two runs on one day: the later recorded
    again = _record(store, dt.date(2026, 5, 10), {"k9": ("九", None)})
    shown = store.snapshots.shown_on(SITE, dt.date(2026, 5, 10))
    assert shown is not None
    assert shown.run.id == again.id
    assert _shown(store, dt.date(2026, 5, 10)) == {"k9": ("九", None)}
    # another site is another set
    store.snapshots.record("website", DAY, _items({"w": ("网", None)}), profile="cn-default",
                           profile_version="1")  # fmt: skip
    assert _shown(store, DAY, "website") == {"w": ("网", None)}
    assert _shown(store, dt.date(2026, 5, 10)) == {"k9": ("九", None)}
    assert [r.site for r in store.snapshots.runs()] == ["website", SITE, SITE, SITE]


def test_contents_are_stored_once_whatever_the_keys_and_runs(store: Store) -> None:
    same = {f"k{i}": ("同一内容", None) for i in range(5)}
    _record(store, DAY, same)
    assert _count(store, publication_contents) == 1
    _record(store, dt.date(2026, 5, 2), {**same, "k9": ("另一内容", None)})
    assert _count(store, publication_contents) == 2
    _record(store, dt.date(2026, 5, 3), {"k0": ("另一内容", None)})  # reused by another key
    assert _count(store, publication_contents) == 2
    # a license with the same fields is another content
    store.snapshots.record(SITE, dt.date(2026, 5, 4), _items({"k0": ("另一内容", None)},
                           "license"), profile="cn-default", profile_version="1")  # fmt: skip
    assert _count(store, publication_contents) == 3


def test_a_key_given_twice_is_refused_and_nothing_is_stored(store: Store) -> None:
    _record(store, DAY, A)
    items = [*_items(A), ShownItem.of("k2", "penalty", {"CF_WSH": "又一次"}, None)]
    with pytest.raises(StoreError, match="given twice") as info:
        store.snapshots.record(SITE, dt.date(2026, 5, 2), items, profile="p",
                               profile_version="1")  # fmt: skip
    assert "出现了两次" in info.value.message_zh
    assert _count(store, publication_runs) == 1
    assert _shown(store, dt.date(2026, 5, 2)) == A


@pytest.mark.parametrize("site", ["", "   ", "x" * 65])
def test_a_site_must_be_named(store: Store, site: str) -> None:
    with pytest.raises(StoreError, match="site") as info:
        store.snapshots.record(site, DAY, [], profile="p", profile_version="1")
    assert "站点" in info.value.message_zh


def test_a_naive_time_and_a_long_key_are_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="aware"):
        store.snapshots.record(SITE, DAY, [], profile="p", profile_version="1",
                               taken_at=dt.datetime(2026, 5, 1, 9))  # fmt: skip
    with pytest.raises(StoreError, match="record key"):
        store.snapshots.record(SITE, DAY, _items({"k" * 65: ("x", None)}), profile="p",
                               profile_version="1")  # fmt: skip
    assert store.snapshots.runs() == []


def test_a_run_that_fails_midway_leaves_nothing(store: Store) -> None:
    _record(store, DAY, A)
    before = [_count(store, t) for t in (publication_runs, publication_items, publication_contents)]

    def failing() -> Iterator[ShownItem]:
        for i in range(2500):  # past two batches: some rows were written before it fails
            yield ShownItem.of(f"n{i}", "penalty", {"CF_WSH": str(i)}, None)
        raise RuntimeError("the source went away")

    with pytest.raises(RuntimeError, match="went away"):
        store.snapshots.record(SITE, dt.date(2026, 5, 2), failing(), profile="p",
                               profile_version="1")  # fmt: skip
    after = [_count(store, t) for t in (publication_runs, publication_items, publication_contents)]
    assert after == before
    assert _shown(store, dt.date(2026, 5, 2)) == A
    assert _open_twice(store) == []


def test_many_items_are_recorded_in_batches(store: Store) -> None:
    views = {f"k{i:05}": (f"罚〔2026〕{i}号", None) for i in range(5000)}
    first = _record(store, DAY, views)
    assert (first.shown, first.opened) == (5000, 5000)
    changed = {**views, **{f"k{i:05}": ("改", None) for i in range(0, 5000, 2)}}
    del changed["k00001"]
    second = _record(store, dt.date(2026, 5, 2), changed)
    assert (second.shown, second.opened, second.closed) == (4999, 2500, 2501)
    assert _shown(store, dt.date(2026, 5, 2)) == changed
    assert _shown(store, DAY) == views
    assert _count(store, publication_contents) == 5001
    assert _open_twice(store) == []


RECORD = """
import datetime as dt, sys, time
from sgs.store import ShownItem, open_store
url, at, base, tag, day = sys.argv[1:6]
items = [ShownItem.of(f"k{i:04}", "penalty", {"CF_WSH": tag if i % 3 else "同"}, None)
         for i in range(3000)]
time.sleep(max(0.0, float(at) - time.time()))  # both start at the same moment
with open_store(url, base_dir=base) as store:
    store.snapshots.record("portal", dt.date.fromisoformat(day), items, profile="cn-default",
                           profile_version="1", note=tag)
"""


def test_two_processes_recording_at_once_both_land(
    store: Store, store_url: str, tmp_path: Path
) -> None:
    _record(store, DAY, {f"k{i:04}": ("前", None) for i in range(0, 4000, 2)})
    at = time.time() + 4
    runs = {"甲": "2026-05-02", "乙": "2026-05-03"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", RECORD, store_url, str(at), str(tmp_path), tag, day],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag, day in runs.items()
    ]
    results = [(p.wait(timeout=120), p.communicate()[1]) for p in processes]
    assert results == [(0, "")] * 2
    assert _open_twice(store) == []
    recorded = store.snapshots.runs()
    assert sorted(r.note for r in recorded[:2]) == ["乙", "甲"]
    for run in recorded[:2]:  # each day answers with what that run was given, whatever the order
        assert run.shown == 3000
        expected = {f"k{i:04}": (run.note if i % 3 else "同", None) for i in range(3000)}
        assert _shown(store, run.as_of) == expected
    # the intervals of a key follow each other without a gap or an overlap
    for key in ("k0000", "k0001", "k3998"):
        history = store.snapshots.history(SITE, key)
        for earlier, later in itertools.pairwise(history):
            assert earlier.to_run is not None
            assert earlier.to_run <= later.from_run
    # one after the other: the first closed all 2000 of before (changed or gone) and opened
    # its 3000; the second kept the 1000 "同" and replaced the other 2000
    assert [(r.opened, r.closed) for r in recorded[:2]] == [(2000, 2000), (3000, 2000)]


def test_a_version_5_store_keeps_its_data_and_gains_the_snapshots(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'v5.db'}")
    with engine.begin() as connection:  # a store of version 5 as it was made, with data
        version_5_store(connection)
        connection.exec_driver_sql(
            "INSERT INTO sgs_departments VALUES (1, '11410100MB00000005', '局', '[]', "
            "'department', '2026-11-01 00:00:00', '2026-11-01 00:00:00', '金水区')"
        )
        connection.exec_driver_sql(
            "INSERT INTO sgs_documents (department, type, submitted, version, note, detail, "
            "created_at) VALUES ('11410100MB00000005', 'catalog', '2026-03-01', '', '', "
            "'12 项', '2026-03-01 00:00:00')"
        )
        now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        connection.execute(
            ledger.insert(),
            {"record_key": "r1", "kind": "penalty", "number": "罚1号", "status": "accepted",
             "attempts": 1, "payload": "{}", "payload_hash": "h", "created_at": now,
             "updated_at": now},
        )  # fmt: skip
    engine.dispose()
    with open_store("sqlite:///v5.db", base_dir=tmp_path) as store:
        (department,) = store.departments.list()
        assert (department.code, department.grouping) == ("11410100MB00000005", "金水区")
        (document,) = store.documents.list()
        assert document.detail == "12 项"
        assert store.ledger.status_counts() == {"accepted": 1}
        tables = set(sa.inspect(store.engine).get_table_names())
        assert {"sgs_publication_runs", "sgs_publication_contents",
                "sgs_publication_items"} <= tables  # fmt: skip
        indexes = {i["name"] for i in sa.inspect(store.engine).get_indexes("sgs_publication_items")}
        assert {"ix_sgs_publication_items_open", "ix_sgs_publication_items_key"} <= indexes
        assert store.snapshots.shown_on(SITE, DAY) is None
        _record(store, DAY, A)
        assert _shown(store, DAY) == A
        with store.engine.connect() as connection:
            version = connection.execute(sa.select(meta.c.value)).scalar_one()
    assert int(version) == SCHEMA_VERSION == 9


_KEYS = st.sampled_from(["a", "b", "c", "d", "e"])
_VIEWS = st.tuples(
    st.sampled_from(["甲", "乙", "丙"]),
    st.none() | st.dates(dt.date(2026, 5, 1), dt.date(2026, 5, 20)),
)
_RUNS = st.lists(
    st.tuples(st.integers(0, 3), st.dictionaries(_KEYS, _VIEWS, max_size=5)),
    min_size=1,
    max_size=6,
)


def _check_runs(store: Store, runs: list[tuple[int, dict[str, View]]]) -> None:
    """Record ``runs`` (each a step in days from the last and its views), then ask each
    run's day: shown_on is exactly the set of that day's last run, less what was past its
    period that day; before the first run, nothing."""
    day, days = dt.date(2026, 5, 1), []
    for step, views in runs:
        day += dt.timedelta(days=step)
        days.append(day)
        _record(store, day, views)
    assert store.snapshots.shown_on(SITE, days[0] - dt.timedelta(days=1)) is None
    for i, day in enumerate(days):
        last = max(j for j, d in enumerate(days) if d == day)
        expected = {k: v for k, v in runs[last][1].items() if v[1] is None or v[1] >= day}
        assert _shown(store, day) == expected, (i, last)
    assert _open_twice(store) == []


@settings(max_examples=60, deadline=None)
@given(runs=_RUNS)
def test_any_sequence_of_runs_answers_each_day_with_its_run(
    runs: list[tuple[int, dict[str, View]]],
) -> None:
    with open_store("sqlite://") as store:
        _check_runs(store, runs)


@settings(max_examples=15, deadline=None)
@given(runs=_RUNS)
def test_any_sequence_of_runs_answers_each_day_with_its_run_on_postgresql(
    postgres_url: str, runs: list[tuple[int, dict[str, View]]]
) -> None:
    with open_store(postgres_url) as store:
        with store.engine.begin() as connection:  # each example starts with no snapshots
            for table in (publication_items, publication_contents, publication_runs):
                connection.execute(table.delete())
        _check_runs(store, runs)


def test_a_version_5_store_gains_the_scopes_with_its_rows_public(tmp_path: Path) -> None:
    """Version 6 adds 公开范围 to the catalog, ledger, received, current set and outbox: the
    rows already there are 公示 (the ledger's: no override), and new ones take a scope."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'v5.db'}")
    with engine.begin() as connection:
        version_5_store(connection)
        for table in SCOPED_TABLES:
            columns = {c["name"] for c in sa.inspect(connection).get_columns(table)}
            assert "scope" not in columns, table
        connection.exec_driver_sql(
            "INSERT INTO sgs_catalog (effective_from, department, category, name) "
            "VALUES ('2026-01-01', '局', '行政处罚', '对某某的处罚')"
        )
        connection.exec_driver_sql(
            "INSERT INTO sgs_ledger (record_key, kind, number, status, attempts, payload, "
            "payload_hash, created_at, updated_at) VALUES ('r1', 'penalty', '罚1号', "
            "'accepted', 1, '{}', 'h', '2026-11-01 00:00:00', '2026-11-01 00:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO sgs_outbox (destination, record_key, kind, operation, payload, status, "
            "attempts, updated_at) VALUES ('province', 'r1', 'penalty', 'upsert', '{}', "
            "'pending', 0, '2026-11-01 00:00:00')"
        )
    engine.dispose()
    with open_store("sqlite:///v5.db", base_dir=tmp_path) as store:
        for table in SCOPED_TABLES:
            found = {c["name"]: c for c in sa.inspect(store.engine).get_columns(table)}
            assert found["scope"]["nullable"] is (table == "sgs_ledger"), table
        (item,) = store.catalog.items_on()
        assert item.scope == "公示"
        (entry,) = store.ledger.entries()
        assert entry.scope is None
        (queued,) = store.outbox("province").pending("penalty")
        assert queued.scope == "公示"
        store.ledger.set_scope(["r1"], "政务共享")
        assert store.ledger.find(key="r1")[0].scope == "政务共享"
        store.catalog.save_version([CatalogItem(category="处罚", name="甲", scope="2")],
                                   dt.date(2026, 2, 1))  # fmt: skip
        assert [i.scope for i in store.catalog.items_on()] == ["授权查询"]
