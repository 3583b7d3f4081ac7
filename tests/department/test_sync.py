"""sgs sync: source → validation → ledger → transport, without losing or doubling a record."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from sgs.department.config import SyncConfig, load_config
from sgs.department.sync import sync
from sgs.errors import ConfigFileError
from sgs.store import open_store
from tests.departments import department
from tests.platforms import Platform

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
AS_OF = __import__("datetime").date(2026, 11, 26)


def test_sync_pushes_valid_records_once(tmp_path: Path, platform: Platform, store_url: str) -> None:
    config = load_config(department(tmp_path, f'type = "http"\nurl = "{platform.url}"', store_url))
    first = sync(config, as_of=AS_OF)
    assert (first.read, first.valid, first.invalid) == (9, 5, 4)
    assert (first.pushed, first.accepted, first.pending) == (5, 5, 0)
    assert len(platform.keys()) == len(set(platform.keys())) == 5
    assert Path(first.receipts[0]).name == "penalties-with-errors.退回.csv"
    # run again: the folder's files were taken, nothing is read or pushed again
    again = sync(config, as_of=AS_OF)
    assert (again.read, again.pushed) == (0, 0)
    assert len(platform.keys()) == 5
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        # the 4 invalid decisions are in the ledger too, as such (issue 12 #2)
        assert store.ledger.status_counts() == {"accepted": 5, "invalid": 4}
        rows = list(store.ledger.entries(status="accepted"))
    assert all(r.platform_pushed_on == AS_OF for r in rows)
    assert {r.number for r in rows} >= {"示市监罚〔2026〕101号", "示市监罚〔2026〕201号"}


def test_same_input_again_is_not_pushed_twice_but_a_change_is(
    tmp_path: Path, platform: Platform
) -> None:
    config = load_config(
        department(tmp_path, f'type = "http"\nurl = "{platform.url}"', "sqlite:///sgs.db")
    )
    config = attrs.evolve(config, source={"type": "file", "path": "penalties.csv"})
    assert sync(config, as_of=AS_OF).pushed == 4
    assert sync(config, as_of=AS_OF).pushed == 0  # same records, same content: not again
    text = (tmp_path / "penalties.csv").read_text(encoding="utf-8-sig")
    (tmp_path / "penalties.csv").write_text(
        text.replace("罚款5000元", "罚款6000元"), encoding="utf-8-sig"
    )
    changed = sync(config, as_of=AS_OF)
    assert (changed.pushed, changed.accepted) == (1, 1)  # the update, under the same key
    keys = platform.keys()
    assert len(keys) == 5
    assert len(set(keys)) == 4


def test_a_platform_that_is_down_leaves_records_pending(tmp_path: Path, platform: Platform) -> None:
    transport = f'type = "http"\nurl = "{platform.url}"\nretries = 0'
    config = load_config(department(tmp_path, transport, "sqlite:///sgs.db"))
    platform.fail_next = 100
    down = sync(config, as_of=AS_OF)
    assert (down.accepted, down.pending) == (0, 5)
    assert down.failures
    platform.fail_next = 0
    up = sync(config, as_of=AS_OF)  # nothing new to read; the pending records go
    assert (up.read, up.accepted, up.pending) == (0, 5, 0)
    accepted_keys = [r["key"] for q in platform.requests[-3:] for r in q["body"]["records"]]
    assert len(set(accepted_keys)) == 5


CRASH = """
import os, sys
from sgs.adapters.http import HttpTransport
from sgs.plugins import get_plugin_manager, hookimpl
from sgs.department.config import load_config
from sgs.department.sync import sync
import datetime as dt

class Crashing(HttpTransport):
    name = "crashing-http"
    def push(self, batch):
        receipts = super().push(batch)
        os._exit(17)  # killed after the platform answered, before the ledger heard it

class Plugin:
    @hookimpl
    def sgs_register_transports(self, register):
        register("crashing-http", Crashing)

get_plugin_manager().register(Plugin(), name="crash")
sync(load_config(sys.argv[1]), as_of=dt.date(2026, 11, 26))
"""


def test_a_kill_mid_batch_loses_nothing_and_resends_the_cut_batch(
    tmp_path: Path, platform: Platform, store_url: str
) -> None:
    config_path = department(tmp_path, f'type = "crashing-http"\nurl = "{platform.url}"', store_url)
    result = subprocess.run(
        [sys.executable, "-c", CRASH, str(config_path)], capture_output=True, text=True
    )
    assert result.returncode == 17, result.stderr
    first_batch = platform.requests[0]["body"]
    assert len(first_batch["records"]) == 2
    with open_store(store_url, base_dir=tmp_path) as store:
        # staged before the push, none lost
        assert store.ledger.status_counts() == {"pending": 5, "invalid": 4}
    # the next run (the normal transport) resends the cut batch under its batch id, then the rest
    config_path.write_text(
        config_path.read_text(encoding="utf-8").replace('type = "crashing-http"', 'type = "http"'),
        encoding="utf-8",
    )
    summary = sync(load_config(config_path), as_of=AS_OF)
    assert (summary.accepted, summary.pending) == (5, 0)
    second = platform.requests[1]
    assert second["body"]["batch_id"] == first_batch["batch_id"]
    assert second["headers"]["Idempotency-Key"] == first_batch["batch_id"]
    assert {r["key"] for r in second["body"]["records"]} == {
        r["key"] for r in first_batch["records"]
    }
    assert len(set(platform.keys())) == 5


def test_config_errors_name_the_file_and_the_table(tmp_path: Path) -> None:
    path = tmp_path / "sgs.toml"
    path.write_text("[department]\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigFileError, match="credit_code"):
        load_config(path)
    path.write_text("[department]\nname = 'x'\ncredit_code = 'y'\n", encoding="utf-8")
    with pytest.raises(ConfigFileError, match=r"\[source\]"):
        load_config(path)
    with pytest.raises(ConfigFileError, match=r"missing\.toml"):
        load_config(tmp_path / "missing.toml")


def test_the_example_department_of_the_main_job(tmp_path: Path) -> None:
    """The README's main job: the example department syncs with its defects sent back."""
    folder = tmp_path / "department"
    shutil.copytree(EXAMPLES / "department", folder)
    summary = sync(load_config(folder / "sgs.toml"), as_of=AS_OF)
    assert (summary.read, summary.invalid, summary.accepted, summary.pending) == (400, 7, 393, 0)
    assert sorted(Path(p).name for p in summary.receipts) == [
        "2026-11-25-行政处罚.退回.csv",
        "2026-11-25-行政许可.退回.csv",
    ]
    assert len(list((folder / "outbox").glob("*.manifest.json"))) >= 1
    assert summary.late  # pushed today, decided weeks ago: the ledger says how late
    assert all((item.late_by or 0) >= 1 for item in summary.late)


def test_a_platform_failing_part_of_the_time(
    tmp_path: Path, platform: Platform, store_url: str
) -> None:
    """503s now and then: retries deliver every record once, and the ledger says accepted."""
    transport = f'type = "http"\nurl = "{platform.url}"\nretries = 3\nbackoff = 0.01'
    config = load_config(department(tmp_path, transport, store_url, batch_size=1))
    platform.fail_next = 2  # the first batch fails twice before it goes through
    summary = sync(config, as_of=AS_OF)
    assert (summary.accepted, summary.pending, summary.failures) == (5, 0, [])
    assert len(platform.requests) == 5 + 2
    assert sorted(set(platform.keys())) == sorted(platform.keys()[2:])
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        assert store.ledger.status_counts() == {"accepted": 5, "invalid": 4}


MINIMAL = """\
[department]
name = "示例市市场监督管理局"
credit_code = "11410100MB00000005"

[source]
type = "file"
path = "penalties.csv"          # relative to the config file

[transport]
type = "http"
url = "http://127.0.0.1:8765/records"
token_env = "SGS_PLATFORM_TOKEN"

[store]
url = "sqlite:///sgs.db"        # relative to the config file
"""


def test_the_minimal_configuration_of_the_issue_works_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    platform = Platform(port=8765)
    try:
        shutil.copy(EXAMPLES / "penalties.csv", tmp_path / "penalties.csv")
        (tmp_path / "sgs.toml").write_text(MINIMAL, encoding="utf-8")
        monkeypatch.setenv("SGS_PLATFORM_TOKEN", "s3cret-token")
        summary = sync(load_config(tmp_path / "sgs.toml"), as_of=AS_OF)
        assert (summary.read, summary.accepted) == (4, 4)
        assert platform.requests[0]["headers"]["Authorization"] == "Bearer s3cret-token"
        assert (tmp_path / "sgs.db").exists()
    finally:
        platform.close()


def test_a_record_without_an_answer_stays_pending_and_is_resent(
    tmp_path: Path, platform: Platform
) -> None:
    """A platform answering for part of a batch: the rest is not rejected, it goes again."""
    from sgs.adapters import MISSING_RESULT

    config = load_config(
        department(tmp_path, f'type = "http"\nurl = "{platform.url}"', "sqlite:///sgs.db", 4)
    )
    platform.omit_every = 2
    first = sync(config, as_of=AS_OF)
    assert (first.pushed, first.accepted, first.rejected) == (5, 3, 0)
    assert (first.unanswered, first.pending) == (2, 2)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        waiting = {r.record_key: r for r in store.ledger.entries(status="pending")}
    assert len(waiting) == 2
    assert {r.last_message for r in waiting.values()} == {MISSING_RESULT}
    sent_in = {k: q["body"]["batch_id"] for q in platform.requests for k in
               (r["key"] for r in q["body"]["records"])}  # fmt: skip
    platform.omit_every = 0
    again = sync(config, as_of=AS_OF)
    assert (again.pushed, again.accepted, again.unanswered, again.pending) == (2, 2, 0, 0)
    resent = platform.requests[-1]
    assert {r["key"] for r in resent["body"]["records"]} == set(waiting)
    # the same key, under the batch id it was first sent with: the platform can reconcile
    assert {sent_in[k] for k in waiting} == {resent["body"]["batch_id"]}
    assert resent["headers"]["Idempotency-Key"] == resent["body"]["batch_id"]
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        assert store.ledger.status_counts() == {"accepted": 5, "invalid": 4}


def test_only_an_explicit_answer_for_a_key_of_the_batch_counts() -> None:
    """Whatever the transport (a vendor's too): other statuses and stray keys are no answer."""
    from sgs.adapters import Receipt
    from sgs.department.sync import reconcile

    receipts = [
        Receipt("k1", "accepted"),
        Receipt("k2", "maybe"),  # type: ignore[arg-type]
        Receipt("k3", "rejected", "校验位错误"),
        Receipt("k3", "accepted"),  # a repeat: the first answer counts
        Receipt("elsewhere", "accepted"),
    ]
    answered, unanswered = reconcile(["k1", "k2", "k3", "k4"], receipts)
    assert answered == [Receipt("k1", "accepted"), Receipt("k3", "rejected", "校验位错误")]
    assert unanswered == ["k2", "k4"]


def test_a_token_echoed_by_the_platform_is_never_stored_or_exported(
    tmp_path: Path, platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    """issue 11 #15: a platform echoing the Authorization header in its messages."""
    from sgs.department.ledger import export_ledger

    token = "s3cret-token-0123456789"
    monkeypatch.setenv("SGS_PLATFORM_TOKEN", token)
    transport = f'type = "http"\nurl = "{platform.url}"\ntoken_env = "SGS_PLATFORM_TOKEN"'
    config = load_config(department(tmp_path, transport, "sqlite:///sgs.db"))
    platform.echo_auth = True
    summary = sync(config, as_of=AS_OF)
    assert summary.rejected == 5
    assert platform.requests[0]["headers"]["Authorization"] == f"Bearer {token}"
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        messages = {r.last_message for r in store.ledger.entries(status="rejected")}
        export_ledger(store.ledger.entries(), tmp_path / "台账.csv")
    assert messages == {"Bearer ***"}
    assert token not in (tmp_path / "台账.csv").read_text(encoding="utf-8")
    assert token not in (tmp_path / "sgs.db").read_bytes().decode("utf-8", "replace")


# -- workbooks of several record sheets ----------------------------------------------------------


def _inbox(folder: Path, pattern: str) -> SyncConfig:
    """A department whose source is the folder's files matching ``pattern``; outbox transport."""
    (folder / "inbox").mkdir()
    config = load_config(
        department(folder, 'type = "directory"\npath = "outbox"', "sqlite:///sgs.db")
    )
    source = {"type": "directory", "path": "inbox", "pattern": pattern}
    return attrs.evolve(config, source=source)


def test_sync_takes_every_sheet_of_a_workbook(tmp_path: Path, samples: Path) -> None:
    """The Zhengzhou list: 70 法人 and 52 自然人 records, all read, one receipt of two sheets."""
    import openpyxl

    config = _inbox(tmp_path, "*.xls")
    shutil.copy(samples / "zhengzhou-health-commission-penalty-list-2016-2017.xls",
                tmp_path / "inbox" / "郑州.xls")  # fmt: skip
    summary = sync(config, as_of=AS_OF)
    assert (summary.read, summary.invalid) == (122, 122)  # no 决定书文号, no 处罚机关代码…
    [receipt] = summary.receipts
    assert Path(receipt).name == "郑州.退回.xlsx"
    book = openpyxl.load_workbook(receipt)
    assert [(ws.title, ws.max_row) for ws in book.worksheets] == [("法人", 71), ("自然人", 53)]
    again = sync(config, as_of=AS_OF)
    assert again.read == 0  # the file was taken once both sheets were done


def test_sync_stages_both_sheets_and_finds_a_repeat_across_them(tmp_path: Path) -> None:
    """The ledger's source names each record's sheet; a 决定书文号 in both sheets is a repeat."""
    import csv

    import openpyxl

    config = _inbox(tmp_path, "*.xlsx")
    with open(EXAMPLES / "penalties.csv", encoding="utf-8-sig", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    book = openpyxl.Workbook()
    book.active.title = "法人"
    for row in (header, rows[0], rows[1]):
        book.active.append(row)
    people = book.create_sheet("自然人")
    for row in (header, rows[2], rows[3], rows[0]):
        people.append(row)
    book.save(tmp_path / "inbox" / "处罚.xlsx")
    summary = sync(config, as_of=AS_OF)
    assert (summary.read, summary.valid, summary.invalid, summary.pushed) == (5, 4, 1, 4)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        sources = sorted(str(r.source) for r in store.ledger.entries(status="accepted"))
        (repeat,) = store.ledger.entries(status="invalid")  # in the ledger as such
    inbox = tmp_path / "inbox" / "处罚.xlsx"
    assert sources == [
        f"{inbox} [法人] 第2行 (record 1, row 2)",
        f"{inbox} [法人] 第3行 (record 2, row 3)",
        f"{inbox} [自然人] 第2行 (record 1, row 2)",
        f"{inbox} [自然人] 第3行 (record 2, row 3)",
    ]
    assert repeat.source == f"{inbox} [自然人] 第4行 (record 3, row 4)"
    [receipt] = summary.receipts
    assert [ws.title for ws in openpyxl.load_workbook(receipt).worksheets] == ["法人", "自然人"]
