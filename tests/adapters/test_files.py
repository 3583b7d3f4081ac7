"""The file and directory sources and the directory transport."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from sgs.adapters import Batch, ConfigError, OutgoingRecord, outgoing_record, record_key
from sgs.plugins.registries import make_source, make_transport
from sgs.standard import Kind, get_standard
from sgs.validation import Validator

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_file_source_reads_relative_to_the_config(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "penalties.csv", tmp_path / "penalties.csv")
    source = make_source({"type": "file", "path": "penalties.csv"}, base_dir=tmp_path)
    (reader,) = list(source.readers())
    with reader:
        rows = list(reader)
    assert reader.kind is Kind.PENALTY
    assert [r.position.record for r in rows] == [1, 2, 3, 4]
    with pytest.raises(ConfigError, match="path"):
        list(make_source({"type": "file"}, base_dir=tmp_path).readers())
    with pytest.raises(ConfigError, match=r"missing\.csv"):
        list(make_source({"type": "file", "path": "missing.csv"}, base_dir=tmp_path).readers())


def test_directory_source_takes_each_file_once(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(EXAMPLES / "penalties.csv", inbox / "a.csv")
    config = {"type": "directory", "path": "inbox", "pattern": "*.csv"}
    source = make_source(config, base_dir=tmp_path)
    readers = list(source.readers())
    assert [Path(r.path or "").name for r in readers] == ["a.csv"]
    for reader in readers:
        with reader:
            list(reader)
        source.done(reader)
    assert json.loads((inbox / ".sgs-taken.json").read_text())["taken"].keys() == {"a.csv"}
    # a new source (the next run) sees only new or changed files
    again = make_source(config, base_dir=tmp_path)
    assert list(again.readers()) == []
    shutil.copy(EXAMPLES / "penalties.csv", inbox / "b.csv")
    assert [Path(r.path or "").name for r in again.readers()] == ["b.csv"]
    time.sleep(0.01)
    with open(inbox / "a.csv", "a", encoding="utf-8") as f:
        f.write("\n")
    os.utime(inbox / "a.csv")
    names = sorted(
        Path(r.path or "").name for r in make_source(config, base_dir=tmp_path).readers()
    )
    assert names == ["a.csv", "b.csv"]


def test_directory_source_not_done_is_taken_again(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "penalties.csv", tmp_path / "a.csv")
    config = {"type": "directory", "path": ".", "state": "state/taken.json"}
    for _ in range(2):  # readers opened but never done: nothing is remembered
        source = make_source(config, base_dir=tmp_path)
        assert len(list(source.readers())) == 1
    assert not (tmp_path / "state" / "taken.json").exists()


def test_directory_transport_writes_batch_and_manifest(tmp_path: Path) -> None:
    transport = make_transport({"type": "directory", "path": "outbox"}, base_dir=tmp_path)
    records = (
        OutgoingRecord("k1", {"CF_WSH": "罚〔2026〕1号", "CF_JDRQ": "2026-11-02"}),
        OutgoingRecord("k2", {"CF_WSH": "罚〔2026〕2号"}),
    )
    receipts = transport.push(Batch("20261126T100000-abcd", "2021", Kind.PENALTY, records))
    assert [(r.key, r.status) for r in receipts] == [("k1", "accepted"), ("k2", "accepted")]
    outbox = tmp_path / "outbox"
    assert sorted(p.name for p in outbox.iterdir()) == [
        "20261126T100000-abcd.jsonl",
        "20261126T100000-abcd.manifest.json",
    ]
    data = (outbox / "20261126T100000-abcd.jsonl").read_bytes()
    manifest = json.loads((outbox / "20261126T100000-abcd.manifest.json").read_text())
    assert manifest["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["records"] == 2
    assert manifest["kind"] == "penalty"
    lines = [json.loads(line) for line in data.decode().splitlines()]
    assert lines[0] == {"key": "k1", "fields": {"CF_WSH": "罚〔2026〕1号", "CF_JDRQ": "2026-11-02"}}


def test_directory_transport_marks_a_withdrawal_and_only_a_withdrawal(tmp_path: Path) -> None:
    transport = make_transport({"type": "directory", "path": "outbox"}, base_dir=tmp_path)
    records = (
        OutgoingRecord("k1", {"CF_WSH": "罚〔2026〕1号"}),
        OutgoingRecord("k2", {"CF_WSH": "罚〔2026〕2号"}, "withdraw"),
    )
    receipts = transport.push(Batch("b-1", "2021", Kind.PENALTY, records))
    assert [(r.key, r.status) for r in receipts] == [("k1", "accepted"), ("k2", "accepted")]
    data = (tmp_path / "outbox" / "b-1.jsonl").read_text(encoding="utf-8").splitlines()
    assert data == [
        '{"key": "k1", "fields": {"CF_WSH": "罚〔2026〕1号"}}',  # as before withdrawals
        '{"key": "k2", "fields": {"CF_WSH": "罚〔2026〕2号"}, "operation": "withdraw"}',
    ]


def test_outgoing_records_have_iso_dates_decimal_strings_and_stable_keys() -> None:
    spec = get_standard().penalty
    validator = Validator()
    (checked,) = list(validator.iter(EXAMPLES / "penalties.csv"))[:1]
    record = outgoing_record(spec, checked.values)
    assert record.fields["CF_JDRQ"] == "2026-11-02"
    assert record.fields["CF_NR_FK"] == "0.5"
    assert record.fields["CF_CFLB"] == "罚款;没收违法所得"
    assert record.key == record_key("penalty", "11410100MB00000005", "示市监罚〔2026〕101号")
    assert record.key == record_key(Kind.PENALTY, "11410100mb00000005", "示市监罚 [2026] 101号")
    assert record.key != record_key("license", "11410100MB00000005", "示市监罚〔2026〕101号")


ZHENGZHOU = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "samples"
    / ("zhengzhou-health-commission-penalty-list-2016-2017.xls")
)


def test_file_source_gives_a_reader_per_record_sheet(tmp_path: Path) -> None:
    shutil.copy(ZHENGZHOU, tmp_path / "郑州.xls")
    source = make_source({"type": "file", "path": "郑州.xls"}, base_dir=tmp_path)
    counts = []
    for reader in source.readers():
        with reader:
            counts.append((reader.sheet, len(list(reader))))
    assert counts == [("法人", 70), ("自然人", 52)]
    one = make_source({"type": "file", "path": "郑州.xls", "sheet": "自然人"}, base_dir=tmp_path)
    assert [r.sheet for r in one.readers()] == ["自然人"]


def test_directory_source_takes_a_workbook_once_every_sheet_is_done(tmp_path: Path) -> None:
    shutil.copy(ZHENGZHOU, tmp_path / "郑州.xls")
    config = {"type": "directory", "path": ".", "pattern": "*.xls"}
    source = make_source(config, base_dir=tmp_path)
    state = tmp_path / ".sgs-taken.json"
    readers = source.readers()
    first = next(readers)
    with first:
        list(first)
    source.done(first)
    assert not state.exists()  # 自然人 is not done: the file is not taken yet
    second = next(readers)
    assert second.sheet == "自然人"
    with second:
        list(second)
    source.done(second)
    assert list(readers) == []
    assert json.loads(state.read_text())["taken"].keys() == {"郑州.xls"}
    assert list(make_source(config, base_dir=tmp_path).readers()) == []
