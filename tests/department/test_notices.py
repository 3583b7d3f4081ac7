"""sgs sync takes the platform's 核查通知 before it pushes, and its repair decisions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from sgs.cli.main import main
from sgs.department.config import SyncConfig, load_config
from sgs.department.sync import sync
from sgs.store import LedgerRow, open_store
from tests.departments import department
from tests.platforms import Platform

AS_OF = dt.date(2026, 11, 26)
NUMBER = "示市监罚〔2026〕101号"


def _config(folder: Path, platform: Platform) -> SyncConfig:
    transport = f'type = "http"\nurl = "{platform.url}"\nretries = 0'
    return load_config(department(folder, transport, "sqlite:///sgs.db", errors=False))


def _rows(config: SyncConfig) -> dict[str, LedgerRow]:
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        return {row.number: row for row in store.ledger.entries()}


def _notice(row: LedgerRow, case: str = "YY20261126-ABC234") -> dict[str, Any]:
    return {"case": case, "key": row.record_key, "number": row.number, "claim": "事实错误",
            "text": "金额有误", "state": "verifying", "notice_on": "2026-11-26",
            "due": "2026-12-01"}  # fmt: skip


def test_a_notice_rides_on_the_corrected_record_and_is_forgotten_once_accepted(
    tmp_path: Path, platform: Platform
) -> None:
    config = _config(tmp_path, platform)
    sync(config, as_of=AS_OF)
    row = _rows(config)[NUMBER]
    platform.objections = [_notice(row)]
    summary = sync(config, as_of=AS_OF)
    assert [n.case for n in summary.notices] == ["YY20261126-ABC234"]
    noted = _rows(config)[NUMBER]
    assert (noted.objection, noted.objection_due) == ("YY20261126-ABC234", dt.date(2026, 12, 1))
    assert "objection" not in platform.records()[-1]  # nothing was resent for it

    source = tmp_path / "penalties.csv"
    text = source.read_text("utf-8-sig").replace("罚款5000元", "罚款6000元", 1)
    source.write_text(text, encoding="utf-8-sig")
    sync(config, as_of=AS_OF)
    sent = platform.records()[-1]
    assert (sent["key"], sent["objection"]) == (row.record_key, "YY20261126-ABC234")
    assert _rows(config)[NUMBER].objection is None


def test_a_notice_the_platform_sends_twice_is_noted_once(
    tmp_path: Path, platform: Platform
) -> None:
    config = _config(tmp_path, platform)
    sync(config, as_of=AS_OF)
    row = _rows(config)[NUMBER]
    platform.objections = [_notice(row), _notice(row)]
    sync(config, as_of=AS_OF)
    assert [r.objection for r in _rows(config).values() if r.objection] == ["YY20261126-ABC234"]


@pytest.mark.parametrize("listed", [[{"case": 7}], [{"key": "k"}], [{"case": "c", "key": "k",
                                                                      "due": "tomorrow"}]])  # fmt: skip
def test_a_notice_that_cannot_be_read_fails_the_run_but_the_records_go(
    tmp_path: Path,
    platform: Platform,
    capsys: pytest.CaptureFixture[str],
    listed: list[dict[str, Any]],
) -> None:
    config = _config(tmp_path, platform)
    platform.objections = listed
    status = main(["sync", "--config", str(config.path), "--as-of", "2026-11-26"])
    _, err = capsys.readouterr()
    assert status == 1
    assert "获取核查通知失败" in err
    assert "objections" in err
    assert {row.status for row in _rows(config).values()} == {"accepted"}


def test_a_repair_decided_on_the_platform_takes_the_record_off_the_site(
    tmp_path: Path, platform: Platform
) -> None:
    config = _config(tmp_path, platform)
    sync(config, as_of=AS_OF)
    row = _rows(config)[NUMBER]
    platform.repairs = [{"id": "XF20261126-ABC234", "key": row.record_key, "state": "repaired",
                         "decided_on": "2026-11-26"}]  # fmt: skip
    assert sync(config, as_of=AS_OF).repaired == 1
    assert _rows(config)[NUMBER].repaired_on == dt.date(2026, 11, 26)
    assert sync(config, as_of=AS_OF).repaired == 0  # noted once
    site = tmp_path / "site"
    assert main(["publish", "export", "--config", str(config.path), "--out", str(site),
                 "--as-of", "2026-11-26"]) == 0  # fmt: skip
    assert row.record_key not in (site / "feed.json").read_text("utf-8")
    platform.repairs = [{"id": "XF20261126-ABC234", "key": row.record_key,
                         "state": "revoked_for_fraud", "decided_on": "2026-11-27"}]  # fmt: skip
    assert sync(config, as_of=AS_OF).repaired == 1
    assert _rows(config)[NUMBER].repaired_on is None


def test_a_case_the_platform_closed_is_forgotten_by_the_ledger(
    tmp_path: Path, platform: Platform
) -> None:
    config = _config(tmp_path, platform)
    sync(config, as_of=AS_OF)
    row = _rows(config)[NUMBER]
    platform.objections = [_notice(row)]
    sync(config, as_of=AS_OF)
    assert _rows(config)[NUMBER].objection == "YY20261126-ABC234"
    platform.objections = []  # decided by the platform's staff
    sync(config, as_of=AS_OF)
    assert _rows(config)[NUMBER].objection is None
