"""sgs sync takes the records the platform returned (疑问数据) and marks them rejected."""

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
FIRST, CORRECTED = "示市监罚〔2026〕101号", "示市监罚〔2026〕103号"


def _config(folder: Path, platform: Platform, store_url: str = "sqlite:///sgs.db") -> SyncConfig:
    transport = f'type = "http"\nurl = "{platform.url}"\nretries = 0'
    return load_config(department(folder, transport, store_url, errors=False))


def _rows(config: SyncConfig) -> dict[str, LedgerRow]:
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        return {row.number: row for row in store.ledger.entries()}


def _returned(row: LedgerRow, *, status: str = "pending", when: str = "2026-11-26T10:00:00+00:00",
              digest: str | None = None, message: str = "统一社会信用代码校验位错误") -> dict[str, Any]:  # fmt: skip
    return {
        "id": 1,
        "key": row.record_key,
        "kind": "penalty",
        "number": row.number,
        "status": status,
        "reasons": [{"code": "uscc-checksum", "field": "CF_XDR_SHXYM", "message": message},
                    {"code": "date-future", "field": "CF_JDRQ", "message": "决定日期晚于接收日期"}],
        "received_at": when,
        "content_hash": row.payload_hash if digest is None else digest,
        "note": None,
    }  # fmt: skip


def test_returns_mark_the_records_as_received_and_only_those(
    tmp_path: Path, platform: Platform, store_url: str
) -> None:
    config = _config(tmp_path, platform, store_url)
    assert sync(config, as_of=AS_OF).accepted == 4
    assert platform.asked == [{}]  # asked for every return: none seen yet
    before = _rows(config)
    # The department corrects one record; the platform returns its first version.
    csv = tmp_path / "penalties.csv"
    csv.write_text(csv.read_text(encoding="utf-8-sig").replace("罚款2000元", "罚款3000元"),
                   encoding="utf-8-sig")  # fmt: skip
    corrected = sync(config, as_of=AS_OF)
    assert (corrected.staged_changed, corrected.accepted, corrected.returned) == (1, 1, 0)
    rows = _rows(config)
    assert rows[CORRECTED].payload_hash != before[CORRECTED].payload_hash
    others = [n for n in rows if n not in (FIRST, CORRECTED)]
    platform.returns = [
        _returned(rows[FIRST]),
        _returned(before[CORRECTED], when="2026-11-26T11:00:00+00:00"),  # corrected since
        _returned(rows[others[0]], status="ignored"),  # set aside by the platform's staff
        _returned(rows[others[1]], status="fixed"),
        {**_returned(rows[others[1]]), "key": "f" * 32},  # not in this ledger
    ]
    summary = sync(config, as_of=AS_OF)
    assert summary.returned == 1
    after = _rows(config)
    assert after[FIRST].status == "rejected"
    assert after[FIRST].last_message == "平台退回：统一社会信用代码校验位错误；决定日期晚于接收日期"
    assert {after[n].status for n in after if n != FIRST} == {"accepted"}
    # The newest return seen is asked from next time; seen again, nothing changes.
    again = sync(config, as_of=AS_OF)
    assert platform.asked[-1] == {"since": ["2026-11-26T11:00:00+00:00"]}
    assert again.returned == 0
    assert again.pushed == 0  # a returned record waits for its correction


def test_a_corrected_record_is_sent_again_after_a_return(
    tmp_path: Path, platform: Platform
) -> None:
    config = _config(tmp_path, platform)
    sync(config, as_of=AS_OF)
    platform.returns = [_returned(_rows(config)[FIRST])]
    assert sync(config, as_of=AS_OF).returned == 1
    csv = tmp_path / "penalties.csv"
    csv.write_text(csv.read_text(encoding="utf-8-sig").replace("罚款5000元", "罚款5500元"),
                   encoding="utf-8-sig")  # fmt: skip
    fixed = sync(config, as_of=AS_OF)
    assert (fixed.staged_changed, fixed.pushed, fixed.accepted, fixed.returned) == (1, 1, 1, 0)
    assert _rows(config)[FIRST].status == "accepted"  # the old return no longer matches


def test_a_failure_to_fetch_returns_is_reported_and_the_rest_stands(
    tmp_path: Path, platform: Platform, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, platform)
    platform.returns = (500, "平台维护中".encode())
    status = main(["sync", "--config", str(config.path), "--as-of", "2026-11-26"])
    out, err = capsys.readouterr()
    assert status == 1
    assert "接收 4" in out  # pushed and accepted all the same
    assert "获取退回数据失败" in err
    assert "fetching the returns from" in err
    assert "平台维护中" in err
    assert {row.status for row in _rows(config).values()} == {"accepted"}
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        assert store.ledger.returns_since() is None


def test_sync_shows_the_returns_only_when_there_are_some(
    tmp_path: Path, platform: Platform, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(tmp_path, platform)
    assert main(["sync", "--config", str(config.path), "--as-of", "2026-11-26"]) == 0
    out, err = capsys.readouterr()
    assert "平台退回" not in out + err
    assert "returned" not in out
    platform.returns = [_returned(_rows(config)[FIRST])]
    assert main(["sync", "--config", str(config.path), "--as-of", "2026-11-26"]) == 1
    out, err = capsys.readouterr()
    assert "本次运行 this run: 平台退回 1  (returned 1)" in out
    assert "被退回 1" in out
    assert "平台退回 1 条记录（疑问数据）" in err


def test_apply_returns_in_the_store(tmp_path: Path, store_url: str) -> None:
    """Several versions of one record returned; the statuses a return cannot touch; since."""
    from sgs.adapters import Receipt, Return, ReturnReason
    from sgs.store import LedgerEntry, payload_hash

    def entry(key: str, amount: str = "1") -> LedgerEntry:
        return LedgerEntry(
            key, "penalty", f"罚〔2026〕{key}号", {"CF_WSH": key, "CF_NR_FK": amount}
        )

    def returned(key: str, when: dt.datetime, amount: str = "1") -> Return:
        why = (ReturnReason("x", "CF_NR_FK", f"金额{amount}有误"),)
        return Return(key, "pending", why, when, payload_hash(entry(key, amount).payload))

    early, late = dt.datetime(2026, 11, 26, 9, 0), dt.datetime(2026, 11, 26, 10, 0)
    with open_store(store_url, base_dir=tmp_path) as store:
        ledger = store.ledger
        ledger.stage([entry(k) for k in ("accepted", "withdrawn", "waiting")])
        ledger.stage_invalid([(entry("invalid"), "校验未通过")])
        ledger.mark_sending(["accepted", "withdrawn"], "b1")
        ledger.record_receipts([Receipt("accepted", "accepted"), Receipt("withdrawn", "accepted")],
                               AS_OF)  # fmt: skip
        ledger.withdraw("withdrawn", "撤销")
        assert ledger.returns_since() is None
        applied = ledger.apply_returns(
            [returned("accepted", early), returned("accepted", late, amount="2"),  # stale last
             returned("withdrawn", early), returned("invalid", early), returned("waiting", early)]
        )  # fmt: skip
        assert applied == 2
        rows = {r.record_key: r for r in ledger.entries()}
        assert (rows["accepted"].status, rows["accepted"].last_message) == (
            "rejected",
            "平台退回：金额1有误",
        )
        assert rows["waiting"].status == "rejected"
        assert (rows["withdrawn"].status, rows["invalid"].status) == ("withdrawing", "invalid")
        assert ledger.returns_since() == late.replace(tzinfo=dt.UTC)  # naive: taken as UTC
        assert ledger.apply_returns([returned("accepted", early)]) == 0  # already rejected
        assert ledger.returns_since() == late.replace(tzinfo=dt.UTC)  # never moves back
