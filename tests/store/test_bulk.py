"""Bulk writes and reads through the driver give what SQLAlchemy's own give; stored fields."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sgs.records.stored import StoredFields
from sgs.store import LedgerEntry, open_store
from sgs.store.bulk import insert_rows, select_rows
from sgs.store.payloads import payload_hash, payload_text
from sgs.store.schema import ledger

NOW = dt.datetime(2026, 12, 4, 3, 15, 10, 123456, tzinfo=dt.UTC)
COLUMNS = ("record_key", "kind", "number", "name", "decision_date", "deadline", "status",
           "attempts", "payload", "payload_hash", "created_at", "updated_at")  # fmt: skip


def _rows(prefix: str) -> list[tuple[Any, ...]]:
    rows = []
    for i in range(7):
        decided = dt.date(2026, 1 + i % 3, 5) if i % 4 else None  # repeated dates and None
        created = NOW if i % 2 else NOW.replace(microsecond=0)  # no fraction of a second
        rows.append((f"{prefix}{i}", "penalty", f'罚〔2026〕"{i}"号', None if i == 3 else "名'称",
                     decided, decided and decided + dt.timedelta(days=9), "pending", i,
                     json.dumps({"CF_WSH": f"罚{i}"}, ensure_ascii=False), "h" * 64,
                     created, NOW))  # fmt: skip
    return rows


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_rows_inserted_in_bulk_read_back_as_sqlalchemy_inserted_ones(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (f"sqlite:///{tmp_path / 'sgs.db'}" if backend == "sqlite"
           else request.getfixturevalue("fresh_postgres_url"))  # fmt: skip
    with open_store(url) as store, store.engine.begin() as connection:
        insert_rows(connection, ledger, COLUMNS, _rows("bulk-"))
        connection.execute(
            ledger.insert(), [dict(zip(COLUMNS, row, strict=True)) for row in _rows("core-")]
        )
        query = sa.select(*(ledger.c[c] for c in COLUMNS)).order_by(ledger.c.id)
        found = [tuple(r) for r in connection.execute(query)]
        assert len(found) == 14
        bulk, core = found[:7], found[7:]
        assert [r[1:] for r in bulk] == [r[1:] for r in core]
        assert [r[0] for r in bulk] == [f"bulk-{i}" for i in range(7)]
        if backend == "sqlite":
            # read by the driver: what SQLAlchemy reads, every column, every row
            read = select_rows(connection, ledger, "record_key LIKE ?", ["%-%"])
            by_key = {r["record_key"]: r for r in read}
            every = {r.record_key: dict(r._mapping) for r in connection.execute(sa.select(ledger))}
            assert by_key == every
            assert select_rows(connection, ledger, "record_key = ?", ["none"]) == []


def test_the_ledger_stores_the_text_of_stored_fields_as_it_is(tmp_path: Path) -> None:
    fields = {"CF_WSH": '罚〔2026〕"1"号', "CF_NR": "罚款\n500元"}
    text = json.dumps(fields, ensure_ascii=False)
    assert payload_text(fields) == text == payload_text(StoredFields(text))
    assert payload_hash(StoredFields(text)) == payload_hash(fields)
    with open_store(f"sqlite:///{tmp_path / 'sgs.db'}") as store:
        entry = LedgerEntry("k1", "penalty", "罚〔2026〕1号", StoredFields(text))
        assert store.ledger.stage([entry]).new == 1
        row = store.ledger.rows(["k1"])["k1"]
        assert isinstance(row.payload, StoredFields)
        assert row.payload.text == text
        assert row.payload == fields
        assert dict(row.payload) == fields
        assert row.payload_hash == payload_hash(fields)
        assert [r.payload for r in store.ledger.entries()] == [fields]
        assert store.ledger.stage([LedgerEntry("k1", "penalty", "罚〔2026〕1号", fields)]).unchanged


def test_stored_fields_behave_as_the_dict_they_hold() -> None:
    empty = StoredFields("")
    assert not empty
    assert dict(empty) == {}
    assert empty.text == "{}"
    assert empty == {}
    fields = StoredFields('{"b": "2", "a": "1"}')
    assert list(fields) == ["b", "a"]
    assert fields["a"] == "1"
    assert len(fields) == 2
    assert fields == StoredFields('{"a": "1", "b": "2"}')
    assert fields != {"a": "1"}
    assert repr(fields) == "{'b': '2', 'a': '1'}"
    with pytest.raises(KeyError):
        fields["c"]
