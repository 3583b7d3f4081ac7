"""Withdrawal (撤回) in the ledger: from every status, its receipts, and staging afterwards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from sgs.adapters import Receipt
from sgs.errors import InputError
from sgs.store import ImportedEntry, LedgerEntry, LedgerRepository, LedgerRow, open_store
from sgs.store.schema import ledger as ledger_table

DAY = dt.date(2026, 11, 3)
LATER = dt.date(2026, 11, 27)


def _entry(key: str, amount: str = "0.5", number: str | None = None) -> LedgerEntry:
    number = number or f"罚〔2026〕{key}号"
    return LedgerEntry(key, "penalty", number, {"CF_WSH": number, "CF_NR_FK": amount})


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LedgerRepository]:
    url = "sqlite:///s.db"
    if request.param == "postgresql":
        url = request.getfixturevalue("fresh_postgres_url")
    with open_store(url, base_dir=tmp_path) as store:
        yield store.ledger


def _row(ledger: LedgerRepository, key: str) -> LedgerRow:
    (row,) = ledger.find(key=key)
    return row


def _set(ledger: LedgerRepository, key: str, **values: object) -> None:
    with ledger.engine.begin() as connection:
        connection.execute(
            sa.update(ledger_table).where(ledger_table.c.record_key == key).values(**values)
        )


def _in(ledger: LedgerRepository, status: str, attempts: int = 1) -> str:
    """An entry of ``status`` (with ``attempts``), as a sync would leave it; its key."""
    key = f"{status}-{attempts}"
    if status == "invalid":
        ledger.stage_invalid([(_entry(key), "校验未通过：…")])
        return key
    ledger.stage([_entry(key)])
    if attempts:
        ledger.mark_sending([key], f"batch-{key}")
        if status in ("accepted", "rejected"):
            ledger.record_receipts([Receipt(key, status)], DAY)  # type: ignore[arg-type]
    if status not in ("pending", "accepted", "rejected"):
        _set(ledger, key, status=status)
    return key


@pytest.mark.parametrize(
    ("status", "attempts", "after"),
    [
        ("invalid", 0, "withdrawn"),  # never sent: withdrawn at once
        ("pending", 0, "withdrawn"),
        ("pending", 1, "withdrawing"),  # sent, answer lost: the platform may hold it
        ("pushed", 1, "withdrawing"),
        ("accepted", 1, "withdrawing"),
        ("rejected", 1, "withdrawing"),
    ],
)
def test_withdrawing_from_each_status(
    ledger: LedgerRepository, status: str, attempts: int, after: str
) -> None:
    key = _in(ledger, status, attempts)
    assert _row(ledger, key).status == status
    assert ledger.withdraw(key, "  复议决定撤销原处罚决定 ") == after
    row = _row(ledger, key)
    assert row.status == after
    assert row.remarks == row.last_message == "撤回：复议决定撤销原处罚决定"
    assert row.batch_id is None  # a withdrawal is no retry of what was sent before
    waiting = {r.key: r for r in ledger.pending("penalty")}
    if after == "withdrawing":
        assert waiting[key].operation == "withdraw"
        assert waiting[key].fields == dict(_entry(key).payload)  # what was last sent
        assert waiting[key].batch_id is None
    else:
        assert key not in waiting


@pytest.mark.parametrize("status", ["withdrawing", "withdrawn"])
def test_withdrawing_again_changes_nothing(ledger: LedgerRepository, status: str) -> None:
    key = _in(ledger, status)
    _set(ledger, key, remarks="撤回：第一次", last_message="撤回：第一次")
    assert ledger.withdraw(key, "第二次") == status
    row = _row(ledger, key)
    assert (row.status, row.remarks, row.last_message) == (status, "撤回：第一次", "撤回：第一次")


def test_a_reason_is_needed_and_the_key_must_be_known(ledger: LedgerRepository) -> None:
    key = _in(ledger, "accepted")
    with pytest.raises(InputError, match="needs a reason"):
        ledger.withdraw(key, "  ")
    with pytest.raises(InputError, match="no entry with the key nope"):
        ledger.withdraw("nope", "撤销")
    assert _row(ledger, key).status == "accepted"


def test_remarks_already_there_are_kept(ledger: LedgerRepository) -> None:
    ledger.import_entries(
        [ImportedEntry(record_key="old", kind="penalty", number="罚〔2025〕9号",
                       platform_pushed_on=DAY, remarks="纸质台账补录")]
    )  # fmt: skip
    assert ledger.withdraw("old", "决定被撤销") == "withdrawing"
    assert _row(ledger, "old").remarks == "纸质台账补录；撤回：决定被撤销"
    (waiting,) = ledger.pending("penalty")  # no fields known: the key is enough
    assert (waiting.key, waiting.fields, waiting.operation) == ("old", {}, "withdraw")


def test_receipts_of_withdrawals_and_records_in_one_call(ledger: LedgerRepository) -> None:
    gone, refused, new = _in(ledger, "accepted"), "refused", "new"
    ledger.stage([_entry(refused), _entry(new)])
    ledger.mark_sending([refused], "b0")
    ledger.record_receipts([Receipt(refused, "accepted")], DAY)
    ledger.withdraw(gone, "撤销")
    ledger.withdraw(refused, "撤销")
    ledger.mark_sending([gone, refused, new], "b1")
    ledger.record_receipts(
        [Receipt(gone, "accepted"), Receipt(refused, "rejected", "无此记录"),
         Receipt(new, "accepted")],
        LATER,
    )  # fmt: skip
    assert _row(ledger, gone).status == "withdrawn"
    assert _row(ledger, gone).platform_pushed_on == DAY  # the decision's 报送日期 is kept
    assert (_row(ledger, refused).status, _row(ledger, refused).last_message) == (
        "rejected",
        "无此记录",
    )
    assert (_row(ledger, new).status, _row(ledger, new).platform_pushed_on) == ("accepted", LATER)
    assert ledger.pending("penalty") == []


def test_a_withdrawn_decision_read_again_stays_withdrawn_unless_it_changed(
    ledger: LedgerRepository,
) -> None:
    key = _in(ledger, "accepted")
    ledger.withdraw(key, "撤销")
    ledger.mark_sending([key], "b-withdraw")
    ledger.record_receipts([Receipt(key, "accepted")], LATER)
    assert ledger.stage([_entry(key)]).unchanged == 1  # the source still lists it
    assert _row(ledger, key).status == "withdrawn"
    assert ledger.pending("penalty") == []
    assert ledger.stage([_entry(key, amount="0.8")]).changed == 1  # changed: published again
    row = _row(ledger, key)
    assert (row.status, row.batch_id) == ("pending", None)
    (waiting,) = ledger.pending("penalty")
    assert (waiting.operation, waiting.fields["CF_NR_FK"], waiting.batch_id) == (
        "upsert",
        "0.8",
        None,
    )


def test_a_decision_being_withdrawn_read_again_stays_so(ledger: LedgerRepository) -> None:
    key = _in(ledger, "accepted")
    ledger.withdraw(key, "撤销")
    assert ledger.stage([_entry(key)]).unchanged == 1
    assert [r.operation for r in ledger.pending("penalty")] == ["withdraw"]


def test_an_imported_decision_withdrawn_learns_its_fields_but_stays_withdrawn(
    ledger: LedgerRepository,
) -> None:
    ledger.import_entries(
        [
            ImportedEntry(record_key="sent", kind="penalty", number="罚〔2025〕1号",
                          platform_pushed_on=DAY),
            ImportedEntry(record_key="unsent", kind="penalty", number="罚〔2025〕2号"),
        ]
    )  # fmt: skip
    assert ledger.withdraw("sent", "撤销") == "withdrawing"
    assert ledger.withdraw("unsent", "撤销") == "withdrawn"
    counts = ledger.stage([_entry("sent"), _entry("unsent")])
    assert counts.unchanged == 2
    assert (_row(ledger, "sent").status, _row(ledger, "unsent").status) == (
        "withdrawing",
        "withdrawn",
    )
    (waiting,) = ledger.pending("penalty")
    assert (waiting.key, waiting.operation) == ("sent", "withdraw")
    assert waiting.fields == dict(_entry("sent").payload)


def test_an_update_of_an_accepted_record_goes_in_a_new_batch(ledger: LedgerRepository) -> None:
    """Not under the batch id of its first send: that would look like a retry of it."""
    key = _in(ledger, "accepted")
    assert _row(ledger, key).batch_id == f"batch-{key}"
    ledger.stage([_entry(key, amount="0.9")])
    (waiting,) = ledger.pending("penalty")
    assert waiting.batch_id is None


def test_find_by_number_as_the_key_compares_it(ledger: LedgerRepository) -> None:
    ledger.stage(
        [_entry("a", number="示市监罚〔2026〕1号"), _entry("b", number="示市监罚〔2026〕2号")]
    )
    ledger.import_entries(
        [ImportedEntry(record_key="c", kind="license", number="示市监罚[2026]1号")]
    )
    assert [r.record_key for r in ledger.find(number="示市监罚 [2026] 1号")] == ["a", "c"]
    assert [r.record_key for r in ledger.find(number="示市监罚〔2026〕1号", kind="penalty")] == [
        "a"
    ]
    assert ledger.find(number="示市监罚〔2026〕3号") == []
    assert [r.record_key for r in ledger.find(key="b")] == ["b"]
    assert ledger.find(key="b", kind="license") == []
