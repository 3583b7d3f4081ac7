"""The sql source and the sql-table transport, against SQLite and a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sgs.adapters import Batch, ConfigError, OutgoingRecord
from sgs.adapters.sql import EXCHANGE_COLUMNS, SqlTableTransport
from sgs.plugins.registries import make_source, make_transport
from sgs.standard import Kind
from sgs.validation import Validator

AS_OF = dt.date(2026, 11, 26)

ROWS = [
    {
        "CF_XDR_MC": "示例餐饮管理有限公司",
        "CF_XDR_LB": "法人及非法人组织",
        "CF_XDR_SHXYM": "91410100MA3X5AB156",
        "CF_FRDB": "张某某",
        "CF_WSH": f"示市监罚〔2026〕{n}号",
        "CF_WFXW": "违反《中华人民共和国食品安全法》",
        "CF_SY": "经营超过保质期的食品",
        "CF_YJ": "《中华人民共和国食品安全法》第一百二十四条",
        "CF_CFLB": "罚款",
        "CF_NR": "罚款5000元",
        "CF_NR_FK": "0.5",
        "CF_JDRQ": dt.date(2026, 11, 2),
        "CF_YXQ": dt.date(2099, 12, 31),
        "CF_CFJG": "示例市市场监督管理局",
        "CF_CFJGDM": "11410100MB00000005",
        "CF_SJLY": "示例市市场监督管理局",
        "CF_SJLYDM": "11410100MB00000005" if n != 3 else "11410100MB00000006",
    }
    for n in range(1, 6)
]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL: a SQLite file, or the test PostgreSQL server."""
    if request.param == "sqlite":
        return "sqlite:///departments.db"  # relative: taken from the config's folder
    url: str = request.getfixturevalue("postgres_url")
    return url


def _engine(url: str, base: Path) -> sa.Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        url = f"sqlite:///{base / url.removeprefix('sqlite:///')}"
    return sa.create_engine(url)


def _department_table(engine: sa.Engine, name: str) -> None:
    metadata = sa.MetaData()
    columns: list[Any] = [sa.Column("id", sa.Integer, primary_key=True)]
    for code, value in ROWS[0].items():
        kind = sa.Date if isinstance(value, dt.date) else sa.Text
        columns.append(sa.Column(code, kind))
    table = sa.Table(name, metadata, *columns)
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(table.insert(), [{"id": i, **row} for i, row in enumerate(ROWS, 1)])


def test_sql_source_reads_a_table_and_a_query(database: str, tmp_path: Path) -> None:
    name = f"cf_{uuid.uuid4().hex[:8]}"
    engine = _engine(database, tmp_path)
    _department_table(engine, name)
    engine.dispose()
    for config in (
        {"type": "sql", "url": database, "table": name, "kind": "penalty"},
        {"type": "sql", "url": database, "query": f"SELECT * FROM {name} ORDER BY id"},
    ):
        source = make_source(config, base_dir=tmp_path)
        (reader,) = list(source.readers())
        report = Validator(as_of=AS_OF).validate(reader)
        assert report.summary.total == 5
        assert [i.code for i in report.issues] == ["uscc-checksum"]
        assert report.issues[0].record == 3
        assert name in (report.issues[0].file or "") or "query" in (report.issues[0].file or "")


def test_sql_source_settings_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="query"):
        list(make_source({"type": "sql", "url": "sqlite:///x.db"}, base_dir=tmp_path).readers())
    with pytest.raises(ConfigError, match="url"):
        list(make_source({"type": "sql", "table": "t"}, base_dir=tmp_path).readers())
    bad = make_source({"type": "sql", "url": "sqlite:///x.db", "table": "nope"}, base_dir=tmp_path)
    with pytest.raises(ConfigError, match="nope"):
        list(bad.readers())


def _batch(batch_id: str, *records: OutgoingRecord) -> Batch:
    return Batch(batch_id, "2021", Kind.PENALTY, records)


def _exchange_rows(database: str, base: Path, table: str) -> list[dict[str, Any]]:
    """The rows of the penalty exchange table ``table`` (``{kind}`` in its name), by key."""
    engine = _engine(database, base)
    name = table.replace("{kind}", "penalty")
    with engine.connect() as connection:
        rows = connection.execute(sa.text(f"SELECT * FROM {name} ORDER BY sgs_key")).mappings()
        found = [dict(r) for r in rows]
    engine.dispose()
    return found


def test_sql_table_upserts_by_key(database: str, tmp_path: Path) -> None:
    table = f"exchange_{uuid.uuid4().hex[:8]}_{{kind}}"
    config = {"type": "sql-table", "url": database, "table": table}
    first = OutgoingRecord("k1", {"CF_WSH": "罚〔2026〕1号", "CF_NR_FK": "0.5"})
    second = OutgoingRecord("k2", {"CF_WSH": "罚〔2026〕2号"})
    with make_transport(config, base_dir=tmp_path) as transport:
        receipts = transport.push(_batch("b1", first, second))
        assert [(r.key, r.status) for r in receipts] == [("k1", "accepted"), ("k2", "accepted")]
        changed = OutgoingRecord("k1", {"CF_WSH": "罚〔2026〕1号", "CF_NR_FK": "0.8"})
        transport.push(_batch("b2", changed))
    found = _exchange_rows(database, tmp_path, table)
    assert [(r["sgs_key"], r["CF_NR_FK"], r["sgs_batch_id"]) for r in found] == [
        ("k1", "0.8", "b2"),
        ("k2", None, "b1"),
    ]
    assert all(r["sgs_status"] == "new" and r["sgs_operation"] == "upsert" for r in found)
    assert set(EXCHANGE_COLUMNS) <= set(found[0])


def test_sql_table_writes_a_withdrawal_as_its_operation(database: str, tmp_path: Path) -> None:
    table = f"exchange_{uuid.uuid4().hex[:8]}_{{kind}}"
    config = {"type": "sql-table", "url": database, "table": table}
    record = OutgoingRecord("k1", {"CF_WSH": "罚〔2026〕1号", "CF_NR_FK": "0.5"})
    with make_transport(config, base_dir=tmp_path) as transport:
        transport.push(_batch("b1", record))
        receipts = transport.push(_batch("b2", OutgoingRecord("k1", record.fields, "withdraw")))
    assert [(r.key, r.status) for r in receipts] == [("k1", "accepted")]
    found = _exchange_rows(database, tmp_path, table)
    assert [(r["sgs_key"], r["sgs_operation"], r["sgs_batch_id"]) for r in found] == [
        ("k1", "withdraw", "b2")
    ]
    assert found[0]["sgs_status"] == "new"  # for the platform side to take


class _OtherDialect:
    """A connection whose database has no native upsert (as DM or Kingbase)."""

    def __init__(self, connection: sa.Connection) -> None:
        self._connection = connection
        self.dialect = type("Dialect", (), {"name": "dm"})()

    def execute(self, *args: Any) -> Any:
        return self._connection.execute(*args)


def test_sql_table_generic_upsert(tmp_path: Path) -> None:
    from sgs.adapters.sql import exchange_table

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    table = exchange_table("ex_penalty", Kind.PENALTY)
    table.create(engine)
    now = dt.datetime.now(dt.UTC)

    def row(key: str, amount: str) -> dict[str, Any]:
        codes = [c.name for c in table.columns if c.name not in EXCHANGE_COLUMNS]
        values: dict[str, Any] = dict.fromkeys(codes)
        values.update(CF_NR_FK=amount, sgs_key=key, sgs_batch_id="b", sgs_operation="upsert",
                      sgs_updated_at=now, sgs_status="new")  # fmt: skip
        return values

    with engine.begin() as connection:
        SqlTableTransport._upsert(_OtherDialect(connection), table, [row("a", "1"), row("b", "2")])
        SqlTableTransport._upsert(_OtherDialect(connection), table, [row("a", "3")])
    with engine.connect() as connection:
        found = connection.execute(sa.select(table.c.sgs_key, table.c.CF_NR_FK)).all()
    assert sorted(tuple(r) for r in found) == [("a", "3"), ("b", "2")]
