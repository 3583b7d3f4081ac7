"""Intake channels (issue 13 #4): the drop folder and the 前置库 table, with the real transports.

A department's real ``directory`` transport writes into its sub-folder of the drop folder
and its real ``sql-table`` transport into an exchange table: a SQLite file, or the test
PostgreSQL server, which then holds the platform's store too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from sgs.adapters import Batch, OutgoingRecord, new_batch_id
from sgs.adapters.folder_transport import DirectoryTransport
from sgs.adapters.sql import SqlTableTransport, database_url, exchange_table
from sgs.errors import ConfigFileError, StoreError
from sgs.platform import exchange_tables, load_platform_config, open_platform
from sgs.platform.public import PublicRecords
from sgs.platform.wire import wire_body
from sgs.standard import Kind
from sgs.store import Result

from .records import department_code, key_of, penalty
from .server import free_port, running, sgs, write_config

TODAY = dt.date(2026, 11, 26)
CODE, OTHER = department_code(1), department_code(2)


class Site:
    """A platform with a drop folder and an exchange table, and department 1's transports."""

    def __init__(self, base: Path, exchange_url: str, store_url: str | None = None,
                 extra: str = "") -> None:  # fmt: skip
        self.base, self.exchange_url = base, exchange_url
        self.template = f"ex_{uuid.uuid4().hex[:8]}_{{kind}}"
        self.config = write_config(base, store_url=store_url, extra=(
            f'{extra}[intake]\nfolder = "drop"\n\n[[intake.table]]\ndepartment = "{CODE}"\n'
            f'url = "{exchange_url}"\ntable = "{self.template}"\n'))  # fmt: skip
        self.platform = open_platform(self.config)
        self.department, _ = self.platform.add_department("示例市市场监督管理局", CODE)
        self.folder = base / "drop" / CODE
        self.rng, self.made = random.Random(7), 0

    def records(self, count: int) -> list[dict[str, str]]:
        """``count`` new valid penalties of department 1."""
        self.made += count
        return [penalty(n, CODE, self.rng) for n in range(self.made - count, self.made)]

    @staticmethod
    def batch(records: list[dict[str, str]], batch_id: str | None = None,
              operation: str = "upsert") -> Batch:  # fmt: skip
        outgoing = tuple(OutgoingRecord(key_of(f), f, operation) for f in records)
        return Batch(batch_id or new_batch_id(), "2021", Kind.PENALTY, outgoing)

    def drop(self, records: list[dict[str, str]], code: str = CODE,
             batch_id: str | None = None, operation: str = "upsert") -> Batch:  # fmt: skip
        """The batch of ``records``, written by the real ``directory`` transport."""
        batch = self.batch(records, batch_id, operation)
        transport = DirectoryTransport({"type": "directory", "path": f"drop/{code}"},
                                       base_dir=self.base)  # fmt: skip
        transport.push(batch)
        return batch

    def write_table(self, records: list[dict[str, str]], operation: str = "upsert") -> Batch:
        """The batch of ``records``, written by the real ``sql-table`` transport."""
        batch = self.batch(records, operation=operation)
        config = {"type": "sql-table", "url": self.exchange_url, "table": self.template}
        with SqlTableTransport(config, base_dir=self.base) as transport:
            transport.push(batch)
        return batch

    @property
    def table_name(self) -> str:
        return self.template.replace("{kind}", "penalty")

    def exchange(self) -> sa.Engine:
        return sa.create_engine(database_url(self.exchange_url, self.base))

    def rows(self, *columns: str) -> dict[str, tuple[Any, ...]]:
        """The exchange table's ``columns`` by ``sgs_key``."""
        engine = self.exchange()
        try:
            with engine.connect() as connection:
                found = connection.execute(
                    sa.text(f"SELECT sgs_key, {', '.join(columns)} FROM {self.table_name}")
                )
                return {r[0]: tuple(r[1:]) for r in found}
        finally:
            engine.dispose()

    def statuses(self) -> dict[str, str]:
        return {k: v[0] for k, v in self.rows("sgs_status").items()}

    def versions(self) -> int:
        return self.platform.store.received.counts().get("versions", 0)

    def channels(self) -> set[str]:
        with self.platform.store.engine.connect() as connection:
            return {r[0] for r in connection.execute(sa.text("SELECT channel FROM sgs_received"))}

    def intake(self) -> Any:
        return self.platform.intake(today=TODAY)


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    """The platform's store and the exchange table in SQLite, or both on PostgreSQL."""
    if request.param == "postgresql":
        url: str = request.getfixturevalue("fresh_postgres_url")
        made = Site(tmp_path, url, url)
    else:
        made = Site(tmp_path, "sqlite:///exchange.db")
    yield made
    made.platform.close()


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Site]:
    """SQLite only, for what does not depend on the database."""
    made = Site(tmp_path, "sqlite:///exchange.db")
    yield made
    made.platform.close()


# -- the drop folder -------------------------------------------------------------------------
def test_folder_batches_arrive_once_with_their_answers_beside_them(site: Site) -> None:
    good = site.records(3)
    bad = {**site.records(1)[0], "CF_JDRQ": "2026-02-30"}
    first, second = site.drop(good), site.drop([bad])
    summary = site.intake()
    assert (summary.batches, summary.records, summary.accepted, summary.rejected) == (2, 4, 3, 1)
    assert summary.ok, summary
    assert [p.name for p in site.folder.iterdir()] == ["taken"]
    taken = site.folder / "taken"
    assert {p.name for p in taken.iterdir()} == {
        f"{b.batch_id}{suffix}"
        for b in (first, second)
        for suffix in (".jsonl", ".manifest.json", ".results.json")
    }
    answer = json.loads((taken / f"{second.batch_id}.results.json").read_text("utf-8"))
    assert [r["status"] for r in answer["results"]] == ["rejected"]
    assert answer["results"][0]["reasons"][0]["field"] == "CF_JDRQ"
    assert answer["results"][0]["key"] == key_of(bad)
    assert (site.versions(), site.channels()) == (4, {"folder"})
    assert site.platform.returns(site.department)[0].batch_id == second.batch_id

    again = site.intake()
    assert (again.batches, again.records, again.ok) == (0, 0, True)
    assert site.versions() == 4


def test_batches_are_taken_oldest_manifest_first(local: Site) -> None:
    fields = local.records(1)[0]
    changed = {**fields, "CF_NR_FK": "4", "CF_NR": "罚款40000元"}
    older = local.drop([fields], batch_id="b-older")
    newer = local.drop([changed], batch_id="a-newer")  # sorts first by name, not by age
    now = time.time()
    os.utime(local.folder / f"{older.batch_id}.manifest.json", (now - 60, now - 60))
    os.utime(local.folder / f"{newer.batch_id}.manifest.json", (now, now))
    assert local.intake().batches == 2
    assert [r["CF_NR_FK"] for r in local.platform.store.received.current()] == ["4"]
    assert local.versions() == 2


def test_a_withdrawal_through_either_channel_takes_the_decision_out(site: Site) -> None:
    """The department's transports write withdrawals too (``"operation": "withdraw"``)."""
    by_folder, by_table = site.records(2), site.records(2)
    site.drop(by_folder)
    site.write_table(by_table)
    assert site.intake().accepted == 4
    site.drop(by_folder[:1], operation="withdraw")
    site.write_table(by_table[:1], operation="withdraw")
    summary = site.intake()
    assert (summary.batches, summary.records, summary.accepted, summary.ok) == (2, 2, 2, True)
    assert site.platform.store.received.counts()["withdrawn"] == 2
    assert len(site.platform.store.received.current()) == 2


def test_a_dropped_batch_carries_each_records_scope(local: Site) -> None:
    """The drop folder holds wire-format records: a 政务共享 one stays off the public side."""
    # fines of 20万元, over the 10万元 较大数额: 一般 penalties, public by the other rules
    shared, public = ({**f, "CF_NR": "罚款200000元", "CF_NR_FK": "20"} for f in local.records(2))
    batch = Batch(new_batch_id(), "2021", Kind.PENALTY,
                  (OutgoingRecord(key_of(shared), shared, scope="政务共享"),
                   OutgoingRecord(key_of(public), public)))  # fmt: skip
    DirectoryTransport({"type": "directory", "path": f"drop/{CODE}"},
                       base_dir=local.base).push(batch)  # fmt: skip
    assert local.intake().accepted == 2
    received = local.platform.store.received
    scopes = {k: received.current_one(k) for k in (key_of(shared), key_of(public))}
    assert {k: r.scope for k, r in scopes.items() if r is not None} == {
        key_of(shared): "政务共享", key_of(public): "公示"
    }  # fmt: skip
    public_side = PublicRecords(received, local.platform.checks.standard)
    assert public_side.one(key_of(shared), TODAY) is None
    assert public_side.one(key_of(public), TODAY) is not None


def _rewrite(path: Path, change: Callable[[str], str], *, manifest: bool = True) -> None:
    """Change the data file at ``path``; with ``manifest``, make its manifest match again."""
    data = change(path.read_text("utf-8")).encode("utf-8")
    path.write_bytes(data)
    if manifest:
        found = path.with_name(path.name.removesuffix(".jsonl") + ".manifest.json")
        values = json.loads(found.read_text("utf-8"))
        values.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
        found.write_text(json.dumps(values), encoding="utf-8")


def _edit_manifest(path: Path, **values: Any) -> None:
    found = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps({**found, **values}), encoding="utf-8")


DAMAGES: dict[str, tuple[Callable[[Path, Path], object], str, str]] = {
    "tampered": (
        lambda data, manifest: _rewrite(data, lambda t: t.replace("示例", "范例", 1),
                                        manifest=False),
        "SHA-256 与清单不符", "SHA-256 is not the manifest's",
    ),
    "truncated": (
        lambda data, manifest: _rewrite(data, lambda t: "".join(t.splitlines(True)[:-1])),
        "数据文件有 2 行，清单为 3 条记录", "the data file has 2 lines, the manifest says 3",
    ),
    "resized": (
        lambda data, manifest: _rewrite(data, lambda t: t + "\n", manifest=False),
        "与清单的", "the manifest says",
    ),
    "missing data file": (lambda data, manifest: data.unlink(), "文件不存在", "file not found"),
    "garbage manifest": (
        lambda data, manifest: manifest.write_text("{batch_id: 1", encoding="utf-8"),
        "批次清单不是有效的 JSON", "the manifest is not valid JSON",
    ),
    "unparseable line": (
        lambda data, manifest: _rewrite(
            data, lambda t: "\n".join(["{not json", *t.split("\n")[1:]])),
        ".jsonl:1: 此行不是有效的 JSON", "the line is not valid JSON",
    ),
    "not a record": (
        lambda data, manifest: _rewrite(
            data, lambda t: t.replace('"fields": {', '"fields": [{', 1).replace("}}", "}]}", 1)),
        "records 第 1 项 的 fields", "records item 1: 'fields' must map field codes to text",
    ),
    "unknown kind": (
        lambda data, manifest: _edit_manifest(manifest, kind="permit"),
        "kind 应为 license 或 penalty", "'kind' must be license or penalty",
    ),
    "file outside the folder": (
        lambda data, manifest: _edit_manifest(manifest, file="../platform.toml"),
        "file 应为同一文件夹中数据文件的文件名", "the name of a data file in the same folder",
    ),
}  # fmt: skip


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_bad_batch_is_quarantined_with_its_reason_and_nothing_is_stored(
    local: Site, damage: str
) -> None:
    change, zh, en = DAMAGES[damage]
    batch = local.drop(local.records(3))
    data = local.folder / f"{batch.batch_id}.jsonl"
    manifest = local.folder / f"{batch.batch_id}.manifest.json"
    change(data, manifest)
    summary = local.intake()
    assert (summary.batches, summary.failures) == (0, [])
    assert len(summary.quarantined) == 1
    assert zh in summary.quarantined[0], summary.quarantined
    assert en in summary.quarantined[0], summary.quarantined
    assert local.versions() == 0
    assert list(local.folder.iterdir()) == []
    aside = local.base / "drop" / ".sgs-quarantine" / CODE
    expected = {manifest.name, f"{batch.batch_id}.reason.txt"}
    if damage != "missing data file":
        expected.add(data.name)
    assert {p.name for p in aside.iterdir()} == expected
    reason = (aside / f"{batch.batch_id}.reason.txt").read_text("utf-8")
    assert zh in reason
    assert en in reason
    assert "未存储其中任何记录" in reason
    assert "none of its records was stored" in reason
    assert local.intake().quarantined == []  # gone from the folder: not reported again


def test_a_batch_of_an_unregistered_folder_is_quarantined_and_a_second_one_named_apart(
    local: Site,
) -> None:
    first = local.drop(local.records(1), code=OTHER, batch_id="b-1")
    summary = local.intake()
    assert len(summary.quarantined) == 1
    assert f"文件夹名 {OTHER} 不是已登记单位的统一社会信用代码" in summary.quarantined[0]
    assert "is not the credit code of a registered department" in summary.quarantined[0]
    local.drop(local.records(1), code=OTHER, batch_id=first.batch_id)  # the same name again
    assert len(local.intake().quarantined) == 1
    aside = local.base / "drop" / ".sgs-quarantine" / OTHER
    assert sorted(p.name for p in aside.iterdir()) == [
        "b-1.2.jsonl", "b-1.2.manifest.json", "b-1.2.reason.txt",
        "b-1.jsonl", "b-1.manifest.json", "b-1.reason.txt",
    ]  # fmt: skip
    assert local.versions() == 0
    local.drop(local.records(1), code="")  # not in any department's folder
    assert "子文件夹" in local.intake().quarantined[0]


def test_a_data_file_without_its_manifest_is_left_alone_until_the_manifest_comes(
    local: Site, tmp_path: Path
) -> None:
    batch = local.drop(local.records(2))
    manifest = local.folder / f"{batch.batch_id}.manifest.json"
    held = tmp_path / "held.json"
    manifest.rename(held)  # as if the writer had not finished
    summary = local.intake()
    assert (summary.batches, summary.ok) == (0, True)
    assert [p.name for p in local.folder.iterdir()] == [f"{batch.batch_id}.jsonl"]
    held.rename(manifest)
    assert local.intake().accepted == 2


class Crash(BaseException):
    """The process dying at that moment."""


@pytest.mark.parametrize("moment", [1, 2, 3], ids=["results", "data file", "manifest"])
def test_a_crash_between_commit_and_move_takes_the_batch_again_without_a_second_copy(
    site: Site, monkeypatch: pytest.MonkeyPatch, moment: int
) -> None:
    """A crash at writing the answers (1), moving the data file (2) or the manifest (3)."""
    batch = site.drop(site.records(3))
    replace, calls = os.replace, []

    def crashing(source: Any, target: Any) -> None:
        if Path(target).is_relative_to(site.folder):
            calls.append(target)
            if len(calls) == moment:
                raise Crash
        replace(source, target)

    monkeypatch.setattr(os, "replace", crashing)
    with pytest.raises(Crash):
        site.intake()
    monkeypatch.undo()
    assert site.versions() == 3  # committed before the crash
    assert (site.folder / f"{batch.batch_id}.manifest.json").exists()
    summary = site.intake()
    assert summary.ok, summary
    assert summary.accepted == (3 if moment < 3 else 0)  # at 3 only the manifest was left
    assert site.versions() == 3
    assert [p.name for p in site.folder.iterdir()] == ["taken"]
    answer = json.loads((site.folder / "taken" / f"{batch.batch_id}.results.json").read_text())
    assert [r["status"] for r in answer["results"]] == ["accepted"] * 3


def test_a_batch_received_before_a_crash_is_answered_the_same_when_taken_again(
    site: Site,
) -> None:
    batch = site.drop(site.records(2))
    lines = (site.folder / f"{batch.batch_id}.jsonl").read_text("utf-8").splitlines()
    body = wire_body("2021", Kind.PENALTY, batch.batch_id, [json.loads(x) for x in lines])
    first = site.platform.receive(site.department, body, idempotency_key=batch.batch_id,
                                  channel="folder", today=TODAY)  # fmt: skip
    summary = site.intake()  # the files were left in place, as by a crash after the commit
    assert (summary.batches, summary.accepted) == (1, 2)
    assert site.versions() == 2
    answer = json.loads((site.folder / "taken" / f"{batch.batch_id}.results.json").read_text())
    assert [Result.from_dict(r) for r in answer["results"]] == first


# -- the 前置库 table ------------------------------------------------------------------------
def test_table_rows_are_taken_once_and_marked_taken_only_after_the_commit(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.write_table(site.records(4))
    receive, seen = site.platform.receive, []

    def watched(*args: Any, **kwargs: Any) -> list[Result]:
        seen.append(set(site.statuses().values()))
        results = receive(*args, **kwargs)
        seen.append(set(site.statuses().values()))  # committed, not marked yet
        return results

    monkeypatch.setattr(site.platform, "receive", watched)
    summary = site.intake()
    assert (summary.batches, summary.records, summary.accepted) == (1, 4, 4)
    assert summary.ok, summary
    assert seen == [{"new"}, {"new"}]
    assert set(site.statuses().values()) == {"taken"}
    assert (site.versions(), site.channels()) == (4, {"table"})
    again = site.intake()
    assert (again.batches, again.ok) == (0, True)
    assert site.versions() == 4


def test_rows_are_read_page_by_page_and_a_batch_across_pages_is_taken_whole(
    local: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exchange_tables, "PAGE", 2)
    local.write_table(local.records(3))
    local.write_table(local.records(2))
    summary = local.intake()
    assert (summary.records, summary.accepted) == (5, 5)
    assert summary.batches == 4  # pages of 2 rows: A A | A B | B, a group per batch and page
    assert set(local.statuses().values()) == {"taken"}
    assert local.versions() == 5


def test_a_row_rewritten_between_read_and_mark_stays_new_and_is_taken_next_time(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = site.records(3)
    site.write_table(records)
    changed = {**records[0], "CF_NR_FK": "4", "CF_NR": "罚款40000元"}
    receive = site.platform.receive

    def meanwhile(*args: Any, **kwargs: Any) -> list[Result]:
        results = receive(*args, **kwargs)
        site.write_table([changed])  # the department rewrites a row before it is marked
        return results

    monkeypatch.setattr(site.platform, "receive", meanwhile)
    assert site.intake().records == 3
    monkeypatch.undo()
    statuses = site.statuses()
    assert statuses.pop(key_of(changed)) == "new"
    assert set(statuses.values()) == {"taken"}
    summary = site.intake()
    assert (summary.records, summary.accepted) == (1, 1)
    assert set(site.statuses().values()) == {"taken"}
    assert site.versions() == 4
    current = {key_of(r): r for r in site.platform.store.received.current()}
    assert current[key_of(changed)]["CF_NR_FK"] == "4"


def test_the_answer_goes_into_sgs_result_and_a_row_that_is_no_record_is_refused(
    site: Site,
) -> None:
    metadata = sa.MetaData()
    table = exchange_table(site.table_name, Kind.PENALTY, "2021", metadata)
    table.append_column(sa.Column("sgs_result", sa.Text))
    engine = site.exchange()
    metadata.create_all(engine)
    records = site.records(3)
    bad = {**site.records(1)[0], "CF_JDRQ": "2026-02-30"}
    site.write_table([*records, bad])
    with engine.begin() as connection:
        connection.execute(table.update().where(table.c.sgs_key == key_of(records[2]))
                           .values(sgs_operation="delete"))  # fmt: skip
    engine.dispose()
    summary = site.intake()
    assert (summary.records, summary.accepted, summary.rejected) == (3, 2, 1)
    assert len(summary.quarantined) == 1
    assert "'delete'" in summary.quarantined[0]
    assert "marked refused" in summary.quarantined[0]
    rows = site.rows("sgs_status", "sgs_result")
    assert rows[key_of(records[2])][0] == "refused"
    assert rows[key_of(records[0])][0] == "taken"
    assert json.loads(rows[key_of(records[0])][1])["status"] == "accepted"
    answer = json.loads(rows[key_of(bad)][1])
    assert (answer["status"], answer["reasons"][0]["field"]) == ("rejected", "CF_JDRQ")


def test_a_withdrawal_row_written_by_another_tool_takes_the_decision_out(local: Site) -> None:
    """The department's own SQL writes the withdrawal, its time as text of another shape."""
    records = local.records(2)
    local.write_table(records)
    local.intake()
    engine = local.exchange()
    with engine.begin() as connection:
        connection.execute(
            sa.text(f"UPDATE {local.table_name} SET sgs_operation = 'withdraw', "
                    "sgs_status = 'new', sgs_updated_at = '2026-11-26T10:30:00+08:00' "
                    "WHERE sgs_key = :key"),
            {"key": key_of(records[1])},
        )  # fmt: skip
    engine.dispose()
    summary = local.intake()
    assert (summary.records, summary.accepted) == (1, 1)
    assert local.platform.store.received.counts()["withdrawn"] == 1
    assert set(local.statuses().values()) == {"taken"}
    assert local.intake().records == 0


def test_a_store_failure_leaves_files_in_place_and_rows_new(
    local: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    local.drop(local.records(2))
    local.write_table(local.records(2))

    def failing(*args: Any, **kwargs: Any) -> list[Result]:
        raise StoreError("存储不可用", "the store is unavailable")

    monkeypatch.setattr(local.platform, "receive", failing)
    summary = local.intake()
    assert summary.batches == 0
    assert len(summary.failures) == 2
    assert all("平台存储暂不可写入" in line for line in summary.failures)
    assert len(list(local.folder.glob("*.manifest.json"))) == 1
    assert set(local.statuses().values()) == {"new"}
    monkeypatch.undo()
    summary = local.intake()
    assert (summary.batches, summary.accepted, summary.ok) == (2, 4, True)


def test_a_missing_table_holds_nothing_and_no_database_file_is_made(local: Site) -> None:
    summary = local.intake()
    assert (summary.batches, summary.ok) == (0, True)
    assert not (local.base / "exchange.db").exists()
    local.write_table(local.records(1))
    assert local.intake().batches == 1  # the license table is still missing: nothing to say


def test_an_unreachable_database_is_a_failure_and_the_folder_is_still_taken(
    tmp_path: Path,
) -> None:
    site = Site(tmp_path, f"postgresql+psycopg://sgs@127.0.0.1:{free_port()}/nothing")
    try:
        site.drop(site.records(2))
        summary = site.intake()
        assert (summary.batches, summary.accepted) == (1, 2)
        assert len(summary.failures) == 1
        assert "前置库" in summary.failures[0]
        assert "the exchange database cannot be read or written" in summary.failures[0]
        assert not summary.ok
    finally:
        site.platform.close()


def test_an_unregistered_table_department_is_a_failure(tmp_path: Path) -> None:
    config = write_config(tmp_path, extra=(
        f'[[intake.table]]\ndepartment = "{OTHER}"\nurl = "sqlite:///exchange.db"\n'))  # fmt: skip
    with open_platform(config) as platform:
        summary = platform.intake()
    assert len(summary.failures) == 1
    assert f"没有登记单位 {OTHER}" in summary.failures[0]


def test_a_table_url_that_is_no_database_url_is_refused_naming_the_file(tmp_path: Path) -> None:
    config = write_config(tmp_path, extra=(
        f'[[intake.table]]\ndepartment = "{CODE}"\nurl = "exchange.db"\n'))  # fmt: skip
    with pytest.raises(ConfigFileError, match="不是数据库地址") as caught:
        load_platform_config(config)
    assert str(config) in str(caught.value)
    assert "[[intake.table]]" in str(caught.value)


# -- the command line and the schedule ------------------------------------------------------
def test_the_intake_command_prints_counts_and_exits_1_when_something_was_set_aside(
    local: Site, tmp_path: Path
) -> None:
    local.drop(local.records(2))
    done = sgs("platform", "intake", "--config", str(local.config))
    assert done.returncode == 0, done.stderr
    assert "接收 1 批 2 条：通过 2 条" in done.stderr
    assert "took 1 batch of 2 records: 2 accepted" in done.stderr
    local.drop(local.records(1), code=OTHER)
    done = sgs("platform", "intake", "--config", str(local.config))
    assert done.returncode == 1, done.stderr
    assert "隔离 quarantined:" in done.stderr
    assert OTHER in done.stderr
    assert "Traceback" not in done.stderr

    bare = write_config(tmp_path / "bare")
    done = sgs("platform", "intake", "--config", str(bare))
    assert done.returncode == 0
    assert f"{bare} 未配置 [intake] folder 或 [[intake.table]]，无需接收" in done.stderr
    assert "no intake channel is configured" in done.stderr
    broken = write_config(tmp_path / "broken", extra='[intake]\nfolder = ""\n')
    done = sgs("platform", "intake", "--config", str(broken))
    assert done.returncode == 2
    assert str(broken) in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_takes_a_dropped_batch_on_its_schedule(local: Site) -> None:
    extra = '[serve]\nevery = 0.2\n\n[intake]\nfolder = "drop"\n'
    config = write_config(local.base, store_url=None, extra=extra)
    with running(config) as server:
        batch = local.drop(local.records(2))
        manifest = local.folder / "taken" / f"{batch.batch_id}.manifest.json"
        deadline = time.monotonic() + 30
        while not manifest.exists():
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.1)
        results = manifest.with_name(f"{batch.batch_id}.results.json")
        answer = json.loads(results.read_text("utf-8"))
        assert [r["status"] for r in answer["results"]] == ["accepted", "accepted"]
    assert "intake: 接收 1 批 2 条" in server.output()
    assert local.versions() == 2
