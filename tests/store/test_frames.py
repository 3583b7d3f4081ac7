"""The ledger as a DataFrame: real dtypes, deadlines and lateness (issue 12 #11)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd

from sgs.department.config import load_config
from sgs.department.ledger import ledger_dataframe
from sgs.department.sync import sync
from sgs.store import open_store

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 26)


def test_the_ledger_frame_has_real_dtypes_and_lateness(tmp_path: Path) -> None:
    folder = tmp_path / "department"
    shutil.copytree(ROOT / "examples" / "department", folder)
    config = load_config(folder / "sgs.toml")
    sync(config, as_of=AS_OF)
    frame = ledger_dataframe(config, as_of=AS_OF)
    with open_store(config.store_url, base_dir=config.base_dir) as store:
        assert len(frame) == sum(store.ledger.status_counts().values())
    assert "payload" not in frame.columns
    for column in ("decision_date", "deadline", "pushed_on"):
        assert pd.api.types.is_datetime64_any_dtype(frame[column]), column
    assert isinstance(frame["status"].dtype, pd.CategoricalDtype)
    assert list(frame["status"].cat.categories)[:4] == ["invalid", "pending", "pushed", "accepted"]
    assert set(frame["status_label"]) == {"已接收", "校验未通过"}
    assert str(frame["late_workdays"].dtype) == "Int64"
    assert frame["overdue"].dtype == bool
    assert set(frame["department"]) == {"示例市市场监督管理局"}
    # Lateness agrees with the deadline: pushed after it means late by at least 1.
    late = frame[frame["pushed_on"] > frame["deadline"]]
    assert (late["late_workdays"] >= 1).all()
    on_time = frame[frame["pushed_on"] <= frame["deadline"]]
    assert (on_time["late_workdays"] == 0).all()
    assert not frame[frame["status"] == "accepted"]["overdue"].any()
    with_payload = ledger_dataframe(config, as_of=AS_OF, payload=True)
    assert isinstance(with_payload["payload"].iloc[0], dict)


def test_a_pending_record_past_its_deadline_is_overdue(tmp_path: Path) -> None:
    folder = tmp_path / "department"
    shutil.copytree(ROOT / "examples" / "department", folder)
    toml = folder / "sgs.toml"
    toml.write_text(  # a platform that is not there: everything stays pending
        toml.read_text(encoding="utf-8").replace(
            'type = "directory"          # batches',
            'type = "http"\nurl = "http://127.0.0.1:9/records"\nretries = 0\n# batches',
        ),
        encoding="utf-8",
    )
    config = load_config(toml)
    sync(config, as_of=AS_OF)
    frame = ledger_dataframe(config, as_of=AS_OF)
    assert set(frame["status"]) == {"pending", "invalid"}
    overdue = frame[frame["overdue"]]
    assert len(overdue) > 0
    assert (overdue["deadline"] < pd.Timestamp(AS_OF)).all()
    assert (overdue["late_workdays"] >= 1).all()
    assert frame["pushed_on"].isna().all()


def test_a_decision_withdrawn_or_being_withdrawn_is_not_due(tmp_path: Path) -> None:
    from sgs.adapters import Receipt
    from sgs.calendar import WorkCalendar
    from sgs.department.ledger import due_lists
    from sgs.store import LedgerEntry

    decided = dt.date(2026, 11, 2)
    with open_store("sqlite:///w.db", base_dir=tmp_path) as store:
        store.ledger.stage(
            [
                LedgerEntry(key, "penalty", f"罚〔2026〕{key}号", {"CF_WSH": key},
                            decision_date=decided, deadline=dt.date(2026, 11, 11))
                for key in ("sent", "waiting", "unsent")
            ]
        )  # fmt: skip
        store.ledger.mark_sending(["sent", "waiting"], "b1")
        store.ledger.record_receipts([Receipt("sent", "accepted")], decided)
        assert store.ledger.withdraw("waiting", "撤销") == "withdrawing"
        assert store.ledger.withdraw("unsent", "撤销") == "withdrawn"
        frame = store.ledger_frame(as_of=AS_OF).set_index("record_key")
        due = due_lists(store.ledger, WorkCalendar(), AS_OF)
    assert list(frame.loc[["waiting", "unsent"], "status_label"]) == ["待撤回", "已撤回"]
    assert not frame["overdue"].any()
    assert [*due.overdue, *due.due_soon, *due.late, *due.no_deadline] == []
