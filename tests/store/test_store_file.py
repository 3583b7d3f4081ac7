"""What may be opened as a SQLite store (issue 11, from #7): nothing else is taken for a new one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from sgs.cli import main
from sgs.store import SCHEMA_VERSION, StoreError, open_store
from sgs.store.schema import meta
from tests.departments import department


def test_an_empty_file_is_not_a_new_store(tmp_path: Path) -> None:
    """A 0-byte file at the store's path would be a new ledger: everything pushed again."""
    (tmp_path / "sgs.db").write_bytes(b"")
    with pytest.raises(StoreError) as info:
        open_store("sqlite:///sgs.db", base_dir=tmp_path)
    assert "为空" in info.value.message_zh
    assert "empty" in info.value.message_en
    assert "remove it to start a new ledger" in info.value.message_en
    assert (tmp_path / "sgs.db").read_bytes() == b""  # left as it was


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sgs.db").write_text("[department]\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store("sqlite:///sgs.db", base_dir=tmp_path)


def test_a_sqlite_database_of_something_else_is_refused(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "other.db") as connection:
        connection.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)")
    connection.close()
    with pytest.raises(StoreError, match="not an sgs store") as info:
        open_store("sqlite:///other.db", base_dir=tmp_path)
    assert "orders" in str(info.value)
    with sqlite3.connect(tmp_path / "other.db") as connection:  # nothing was added to it
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert names == {"orders"}


def test_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sgs.db").mkdir()
    with pytest.raises(StoreError, match="folder"):
        open_store("sqlite:///sgs.db", base_dir=tmp_path)


def test_a_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="folder"):
        open_store("sqlite:///data/sgs.db", base_dir=tmp_path)


def test_a_new_path_becomes_a_complete_store(tmp_path: Path) -> None:
    with open_store("sqlite:///new/sgs.db", base_dir=tmp_path) as store:
        assert store.ledger.status_counts() == {}
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'new' / 'sgs.db'}")
    with engine.connect() as connection:
        version = connection.execute(sa.select(meta.c.value)).scalar_one()
    engine.dispose()
    assert int(version) == SCHEMA_VERSION
    # the store was made under a temporary name and linked: no temporary file is left
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["sgs.db"]
    # a SQLite database without tables (nothing to lose) is made a store too
    with sqlite3.connect(tmp_path / "blank.db") as blank:
        blank.execute("PRAGMA user_version = 7")  # writes the header, no table
    blank.close()
    with open_store("sqlite:///blank.db", base_dir=tmp_path) as store:
        assert store.ledger.status_counts() == {}


@pytest.mark.parametrize("command", [["sync"], ["ledger", "status"], ["catalog", "coverage"]])
def test_the_commands_refuse_an_empty_store_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    (tmp_path / "ledger.db").write_bytes(b"")
    transport = 'type = "directory"\npath = "outbox"'
    config = department(tmp_path, transport, "sqlite:///ledger.db")
    assert main([*command, "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "[store] url" in err
    assert "ledger.db" in err
    assert "存储文件" in err
    assert "empty" in err
    assert "Traceback" not in err
    assert (tmp_path / "ledger.db").read_bytes() == b""


def test_a_new_store_file_is_its_owners_alone(tmp_path: Path) -> None:
    """The store holds personal data: neither the group nor others may read it."""
    with open_store(f"sqlite:///{tmp_path / 'p.db'}") as store:
        store.audit.count()
    assert (tmp_path / "p.db").stat().st_mode & 0o777 == 0o600
