"""sgs ledger withdraw: mark, send now, and say what happened (exit 0, 1 or 2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from sgs.cli.main import main
from sgs.department.config import load_config
from sgs.department.sync import sync
from sgs.store import ImportedEntry, LedgerRow, open_store
from tests.departments import department
from tests.platforms import Platform

AS_OF = dt.date(2026, 11, 26)
NUMBER = "示市监罚〔2026〕101号"


@pytest.fixture
def platform() -> Iterator[Platform]:
    server = Platform()
    yield server
    server.close()


@pytest.fixture
def synced(tmp_path: Path, platform: Platform) -> Path:
    """A department whose 4 decisions the platform accepted; its sgs.toml."""
    transport = f'type = "http"\nurl = "{platform.url}"\nretries = 0'
    path = department(tmp_path, transport, "sqlite:///sgs.db", errors=False)
    assert sync(load_config(path), as_of=AS_OF).accepted == 4
    platform.requests.clear()
    return path


def _withdraw(config: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["ledger", "withdraw", "--config", str(config), *args])
    out, err = capsys.readouterr()
    return status, out, err


def _entries(config: Path, number: str = NUMBER) -> list[LedgerRow]:
    with open_store("sqlite:///sgs.db", base_dir=config.parent) as store:
        return store.ledger.find(number=number)


def test_a_withdrawal_the_platform_accepts(
    synced: Path, platform: Platform, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _withdraw(synced, capsys, "--number", NUMBER, "--reason", "复议决定撤销")
    assert status == 0
    assert "已撤回 withdrawn" in out
    assert "the platform accepted the withdrawal" in out
    (entry,) = _entries(synced)
    assert (entry.status, entry.remarks) == ("withdrawn", "撤回：复议决定撤销")
    (sent,) = platform.records()
    assert (sent["key"], sent["operation"]) == (entry.record_key, "withdraw")
    assert sent["fields"]["CF_WSH"] == NUMBER
    # again: nothing to do, nothing sent
    status, out, _ = _withdraw(synced, capsys, "--key", entry.record_key, "--reason", "再次")
    assert (status, len(platform.requests)) == (0, 1)
    assert "此前已撤回" in out


def test_a_withdrawal_that_cannot_be_sent_goes_with_the_next_sync(
    synced: Path, platform: Platform, capsys: pytest.CaptureFixture[str]
) -> None:
    platform.fail_next = 1
    status, _, err = _withdraw(synced, capsys, "--number", NUMBER, "--reason", "决定被撤销")
    assert status == 1
    assert "HTTP 503" in err
    assert "记录保持待撤回，下次运行 sgs sync 时发送" in err
    assert _entries(synced)[0].status == "withdrawing"
    capsys.readouterr()
    assert main(["sync", "--config", str(synced), "--as-of", "2026-11-27"]) == 0
    out = capsys.readouterr().out
    assert "撤回 1" in out
    assert "withdrawn 1" in out
    assert "已撤回 1" in out  # the ledger's totals
    assert _entries(synced)[0].status == "withdrawn"
    assert [r.get("operation") for r in platform.records()] == ["withdraw", "withdraw"]
    assert len({q["body"]["batch_id"] for q in platform.requests}) == 1  # resent as it was


def test_a_withdrawal_the_platform_rejects(
    synced: Path, platform: Platform, capsys: pytest.CaptureFixture[str]
) -> None:
    key = _entries(synced)[0].record_key
    platform.reject = {key: "该记录已被撤回"}
    status, _, err = _withdraw(synced, capsys, "--key", key, "--reason", "决定被撤销")
    assert status == 1
    assert "the platform rejected the withdrawal" in err
    assert "该记录已被撤回" in err
    assert _entries(synced)[0].status == "rejected"


def test_a_decision_never_sent_is_withdrawn_at_once(
    synced: Path, platform: Platform, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_store("sqlite:///sgs.db", base_dir=synced.parent) as store:
        store.ledger.import_entries(
            [ImportedEntry(record_key="k-unsent", kind="penalty", number="示市监罚〔2026〕9号")]
        )
    status, out, _ = _withdraw(
        synced, capsys, "--number", "示市监罚 [2026] 9号", "--reason", "决定被撤销"
    )
    assert status == 0
    assert "从未报送平台" in out
    assert platform.requests == []
    assert _entries(synced, "示市监罚〔2026〕9号")[0].status == "withdrawn"


def test_a_number_of_several_entries_asks_for_the_key(
    synced: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_store("sqlite:///sgs.db", base_dir=synced.parent) as store:
        store.ledger.import_entries(
            [ImportedEntry(record_key="k-licence", kind="license", number=NUMBER)]
        )
    status, _, err = _withdraw(synced, capsys, "--number", NUMBER, "--reason", "撤销")
    assert status == 2
    assert "的记录有 2 条，请用 --key 指定其一" in err
    assert "--key k-licence" in err
    assert f"--key {_entries(synced)[0].record_key}" in err
    assert [e.status for e in _entries(synced)] == ["accepted", "pending"]  # nothing changed
    status, _, err = _withdraw(
        synced, capsys, "--number", NUMBER, "--kind", "penalty", "--reason", "撤销"
    )
    assert status == 0, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--number", "示市监罚〔2026〕999号", "--reason", "撤销"],
            "台账中没有决定书文号为 示市监罚〔2026〕999号 的记录",
        ),
        (["--key", "0" * 32, "--reason", "撤销"], "the ledger has no entry with the key"),
        (["--number", NUMBER, "--kind", "license", "--reason", "撤销"], "行政许可中决定书文号为"),
    ],
)
def test_nothing_to_withdraw_is_status_2(
    synced: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, _, err = _withdraw(synced, capsys, *args)
    assert status == 2
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["--number", NUMBER, "--reason", "  "],
        ["--number", NUMBER],
        ["--reason", "撤销"],
        ["--number", NUMBER, "--key", "k", "--reason", "撤销"],
    ],
)
def test_a_blank_reason_or_no_single_entry_named_is_a_usage_error(
    synced: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        _withdraw(synced, capsys, *args)
    assert info.value.code == 2
    assert "用法错误" in capsys.readouterr().err
    assert _entries(synced)[0].status == "accepted"


def test_a_withdrawal_waits_for_a_running_sync(
    synced: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_store("sqlite:///sgs.db", base_dir=synced.parent, lock=True):
        status, _, err = _withdraw(synced, capsys, "--number", NUMBER, "--reason", "撤销")
    assert status == 2
    assert "another sync is running" in err
    assert _entries(synced)[0].status == "accepted"


def test_a_withdrawal_not_accepted_within_3_working_days_is_flagged(
    synced: Path, platform: Platform, capsys: pytest.CaptureFixture[str]
) -> None:
    platform.fail_next = 10
    status, _, _ = _withdraw(synced, capsys, "--number", NUMBER, "--reason", "决定被撤销",
                             "--as-of", "2026-11-27")  # fmt: skip
    assert status == 1
    assert _entries(synced)[0].withdraw_asked_on == dt.date(2026, 11, 27)
    # Asked Fri 11-27: the 3 working days end Wed 12-02; on 12-02 it is not late yet.
    assert main(["ledger", "overdue", "--config", str(synced), "--as-of", "2026-12-02"]) == 0
    capsys.readouterr()
    assert main(["ledger", "overdue", "--config", str(synced), "--as-of", "2026-12-03"]) == 1
    out = capsys.readouterr().out
    assert "撤回逾期" in out
    assert NUMBER in out
    assert "2026-12-02" in out
