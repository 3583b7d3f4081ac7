"""Every decision is in the 台账, the invalid ones too, until corrected (issue 12 #2)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from sgs.department.config import load_config
from sgs.department.ledger import due_lists
from sgs.department.sync import sync
from sgs.plugins.registries import work_calendar
from sgs.store import open_store

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)


def _department(tmp_path: Path) -> Path:
    folder = tmp_path / "department"
    shutil.copytree(ROOT / "examples" / "department", folder)
    return folder


def test_the_example_ledger_holds_all_400_decisions(tmp_path: Path) -> None:
    folder = _department(tmp_path)
    config = load_config(folder / "sgs.toml")
    summary = sync(config, as_of=AS_OF)
    assert (summary.read, summary.invalid, summary.staged_invalid) == (400, 7, 7)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        assert store.ledger.status_counts() == {"accepted": 393, "invalid": 7}
        invalid = list(store.ledger.entries(status="invalid"))
    assert all(e.last_message and e.last_message.startswith("校验未通过") for e in invalid)
    assert all("receipts/2026-11-25-" in (e.last_message or "") for e in invalid)
    # The repeated 文号 is its own entry: the valid first record stays accepted.
    repeated = [e for e in invalid if "重复" in (e.last_message or "")]
    assert len(repeated) == 1
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        same = [e for e in store.ledger.entries() if e.number == repeated[0].number]
    assert sorted(e.status for e in same) == ["accepted", "invalid"]


def test_invalid_decisions_count_toward_the_deadline(tmp_path: Path) -> None:
    folder = _department(tmp_path)
    config = load_config(folder / "sgs.toml")
    sync(config, as_of=AS_OF)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        soon = due_lists(store.ledger, work_calendar(config.holidays), AS_OF)
        later = due_lists(store.ledger, work_calendar(config.holidays), dt.date(2026, 12, 10))
    assert {i.entry.status for i in soon.due_soon} == {"invalid"}
    overdue = [i for i in later.overdue if i.entry.status == "invalid"]
    assert len(overdue) == 6  # the seventh has no valid decision date: no deadline to count


def test_a_corrected_record_under_the_same_key_leaves_the_invalid_status(tmp_path: Path) -> None:
    folder = _department(tmp_path)
    config = load_config(folder / "sgs.toml")
    sync(config, as_of=AS_OF)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        (bad,) = [
            e for e in store.ledger.entries(status="invalid") if "为空" in (e.last_message or "")
        ]
    # The provider fills in the missing name and sends the row again.
    source = folder / "inbox" / "2026-11-25-行政处罚.csv"
    with open(source, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    header, fixed = rows[0], None
    for row in rows[1:]:
        if row[header.index("行政处罚决定书文号")] == bad.number:
            fixed = row
    assert fixed is not None
    fixed[header.index("行政相对人名称")] = "示例更正有限公司"
    with open(folder / "inbox" / "2026-11-27-更正.csv", "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([header, fixed])
    summary = sync(config, as_of=dt.date(2026, 11, 27))
    assert (summary.read, summary.valid, summary.accepted) == (1, 1, 1)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        assert store.ledger.status_counts() == {"accepted": 394, "invalid": 6}
        (entry,) = [e for e in store.ledger.entries() if e.record_key == bad.record_key]
    assert entry.status == "accepted"
    assert entry.platform_pushed_on == dt.date(2026, 11, 27)
