"""The store: migrations, the ledger's guarantees, the roster and catalog tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from sgs.adapters import Receipt
from sgs.store import (
    SCHEMA_VERSION,
    ImportedEntry,
    LedgerEntry,
    StageCounts,
    StoreError,
    open_store,
)
from sgs.store.schema import MIGRATIONS, ledger, meta
from tests.store.old_stores import old_platform_tables


def _entry(key: str, amount: str = "0.5") -> LedgerEntry:
    return LedgerEntry(
        record_key=key,
        kind="penalty",
        number=f"罚〔2026〕{key}号",
        payload={"CF_WSH": f"罚〔2026〕{key}号", "CF_NR_FK": amount},
        decision_date=dt.date(2026, 11, 2),
        deadline=dt.date(2026, 11, 11),
    )


def test_an_older_store_is_migrated_on_open(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:  # a store of schema version 1, with an entry
        MIGRATIONS[0](connection)
        connection.execute(meta.insert(), {"key": "schema_version", "value": "1"})
        now = dt.datetime.now(dt.UTC)
        connection.execute(
            ledger.insert(),
            {"record_key": "k", "kind": "penalty", "number": "n", "status": "accepted",
             "attempts": 1, "payload": "{}", "payload_hash": "h", "created_at": now,
             "updated_at": now},
        )  # fmt: skip
    engine.dispose()
    with open_store("sqlite:///old.db", base_dir=tmp_path) as store:
        assert store.ledger.status_counts() == {"accepted": 1}
        assert store.roster.liaisons() == []
        inspector = sa.inspect(store.engine)
        assert {"sgs_roster", "sgs_catalog"} <= set(inspector.get_table_names())
        with store.engine.connect() as connection:
            version = connection.execute(sa.select(meta.c.value)).scalar_one()
    assert int(version) == SCHEMA_VERSION == 9


def test_a_store_from_a_newer_sgs_is_refused(tmp_path: Path) -> None:
    with open_store("sqlite:///new.db", base_dir=tmp_path) as store, store.engine.begin() as c:
        c.execute(meta.update().values(value=str(SCHEMA_VERSION + 1)))
    with pytest.raises(StoreError, match="newer"):
        open_store("sqlite:///new.db", base_dir=tmp_path)


def test_staging_never_doubles_and_updates_on_change(tmp_path: Path) -> None:
    with open_store("sqlite:///s.db", base_dir=tmp_path) as store:
        assert store.ledger.stage([_entry("1"), _entry("2"), _entry("1")]).new == 2
        store.ledger.mark_sending(["1", "2"], "b1")
        store.ledger.record_receipts(
            [Receipt("1", "accepted"), Receipt("2", "rejected", "校验位错误")],
            dt.date(2026, 11, 3),
        )
        again = store.ledger.stage([_entry("1"), _entry("2")])
        assert again == StageCounts(new=0, changed=0, unchanged=2)
        assert store.ledger.pending("penalty") == []
        assert store.ledger.stage([_entry("1", "0.8")]).changed == 1
        (pending,) = store.ledger.pending("penalty")
        assert pending.key == "1"
        assert pending.fields["CF_NR_FK"] == "0.8"
        rows = {r.record_key: r for r in store.ledger.entries()}
        assert rows["2"].last_message == "校验位错误"
        assert rows["1"].attempts == 1


def test_roster_and_catalog_tables(tmp_path: Path) -> None:
    from sgs.records.registers import CatalogItem, Liaison

    people = [
        Liaison(unit="市监局", name="张三", mobile="13812345678", order=1),
        Liaison(unit="市监局", name="李四", office_phone="0371-67177793", order=2),
    ]
    first = [
        CatalogItem(number="1", department="市监局", category="行政许可", name="食品经营许可",
                    basis=("【法律】《食品安全法》",), parties="法人和其他组织")
    ]  # fmt: skip
    second = [
        *first,
        CatalogItem(number="2", department="市监局", category="行政处罚",
                    name="对销售过期食品的处罚", parties="法人和其他组织"),
    ]  # fmt: skip
    with open_store("sqlite:///c.db", base_dir=tmp_path) as store:
        assert store.roster.save(people) == 2
        assert store.roster.liaisons() == people  # typed objects back, equal to what was saved
        store.catalog.save_version(first, dt.date(2026, 1, 1))
        store.catalog.save_version(second, dt.date(2026, 7, 1), "增加处罚事项")
        assert store.catalog.items_on(dt.date(2026, 3, 1)) == first
        assert store.catalog.items_on() == second
        assert store.catalog.items_on(dt.date(2025, 1, 1)) == []
        assert store.catalog.items_on()[0].basis == ("【法律】《食品安全法》",)


def test_an_imported_accepted_entry_is_not_pushed_again(tmp_path: Path) -> None:
    with open_store("sqlite:///i.db", base_dir=tmp_path) as store:
        store.ledger.import_entries(
            [
                ImportedEntry(
                    record_key="1",
                    kind="penalty",
                    number="罚〔2026〕1号",
                    platform_pushed_on=dt.date(2026, 11, 3),
                )
            ]
        )
        assert store.ledger.stage([_entry("1")]) == StageCounts(unchanged=1)
        assert store.ledger.pending("penalty") == []
        assert store.ledger.status_counts() == {"accepted": 1}
        store.ledger.import_entries(
            [ImportedEntry(record_key="2", kind="penalty", number="罚〔2026〕2号")]
        )
        assert store.ledger.pending("penalty") == []  # no fields yet: waits for the source
        assert store.ledger.stage([_entry("2")]).changed == 1
        assert [r.key for r in store.ledger.pending("penalty")] == ["2"]


def test_a_version_3_platform_store_gains_the_department_role_and_the_received_tables(
    tmp_path: Path,
) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'v3.db'}")
    with engine.begin() as connection:  # version 3 as it was made: departments without role
        old_platform_tables(connection, role=False)
        connection.exec_driver_sql(
            "INSERT INTO sgs_departments VALUES (1, '11410100MB00000005', '局', '[]', "
            "'2026-11-01 00:00:00', '2026-11-01 00:00:00')"
        )
        connection.execute(meta.insert(), {"key": "schema_version", "value": "3"})
    engine.dispose()
    with open_store("sqlite:///v3.db", base_dir=tmp_path) as store:
        (department,) = store.departments.list()
        assert department.role == "department"
        tables = set(sa.inspect(store.engine).get_table_names())
        assert {"sgs_received", "sgs_records", "sgs_batches", "sgs_outbox"} <= tables


@pytest.mark.parametrize("url", ["sqlite:///sgs.db", "postgresql"])
def test_rows_by_key_read_what_the_entries_hold(
    tmp_path: Path, url: str, request: pytest.FixtureRequest
) -> None:
    """``rows`` (the due lists' read, by key: one array on PostgreSQL, ``IN`` chunks elsewhere)
    gives each entry exactly as ``entries`` does: every date, time and the payload."""
    if url == "postgresql":
        url = request.getfixturevalue("fresh_postgres_url")
    with open_store(url, base_dir=tmp_path) as store:
        repository = store.ledger
        repository.stage([_entry(str(n)) for n in range(1, 8)])
        repository.stage([_entry("8", amount="1.5")])
        repository.mark_sending(["1", "2", "3"], "b1")
        repository.record_receipts(
            [Receipt("1", "accepted"), Receipt("2", "rejected", "字段缺失")], dt.date(2026, 11, 5)
        )
        repository.withdraw("1", "复议撤销", on=dt.date(2026, 11, 20))
        repository.mark_published(["2"], dt.date(2026, 11, 6))
        repository.set_deadlines({"4": dt.date(2026, 11, 12)})
        repository.import_entries([ImportedEntry(record_key="9", kind="penalty", number="罚9号",
                                                 platform_pushed_on=dt.date(2026, 1, 5))])  # fmt: skip
        entries = {e.record_key: e for e in repository.entries()}
        found = repository.rows([*entries, "no-such-key"])
    assert found == entries
    assert found["1"].withdraw_asked_on == dt.date(2026, 11, 20)
    assert found["2"].portal_pushed_on == dt.date(2026, 11, 6)
    assert found["8"].payload == {"CF_WSH": "罚〔2026〕8号", "CF_NR_FK": "1.5"}
    assert found["9"].payload == {}
    assert isinstance(found["3"].created_at, dt.datetime)
