"""Credit repair (信用修复) on the platform store: the check, the decisions, their effects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from sgs.adapters import Receipt
from sgs.errors import SgsError
from sgs.platform import Platform

from .cases import case_platform, fine
from .records import body, department_code, key_of
from .test_objections import _public

#: A day the 3 months of a 一般 fine decided 2026-05-10 have run (earliest 2026-08-10).
LATER = dt.date(2026, 12, 2)


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[Platform]:
    with case_platform(tmp_path) as opened:
        yield opened


def _record(platform: Platform, n: int = 1, decided: dt.date = dt.date(2026, 5, 10),
            *, forwarded: bool = True) -> str:  # fmt: skip
    """A 一般 fine held by the platform (and, ``forwarded``, accepted by the province)."""
    code = department_code(n)
    department, _ = platform.add_department(f"示例市第{n}局", code)
    fields = fine(n, code, decided)
    assert platform.receive(department, body([fields]))[0].accepted
    key = key_of(fields)
    if forwarded:
        outbox = platform.store.outbox("province")
        outbox.mark_sending([key], f"f-{n}")
        outbox.record_receipts([Receipt(key, "accepted")], dt.date(2026, 5, 12))
    return key


def test_an_eligible_general_record_is_repaired_its_publication_ends_and_goes_upstream(
    platform: Platform,
) -> None:
    key = _record(platform)
    case = platform.repairs.apply(key, commitment="本单位承诺所提交材料真实", on=LATER,
                                  obligations_fulfilled=True)  # fmt: skip
    assert case.state == "under_review"
    assert case.reasons == ()
    assert (case.penalty_class, case.earliest_repair_date, case.auto_end_date) == (
        "一般",
        dt.date(2026, 8, 10),
        dt.date(2027, 5, 10),
    )
    # accepted Wed 2026-12-02: the result is due in 7 working days, Fri 12-11
    assert case.result_due == dt.date(2026, 12, 11)
    assert _public(platform).one(key) is not None
    done = platform.repairs.decide(case.number, repair=True, reason="已履行义务并作出承诺")
    assert done.state == "repaired"
    assert _public(platform).one(key) is None
    assert platform.store.received.current_one(key) is None
    held = platform.store.received.held(key)
    assert held is not None
    assert held[0] == "repaired"
    (queued,) = platform.store.outbox("province").pending("penalty")
    assert (queued.key, queued.operation) == (key, "repair")
    with pytest.raises(SgsError, match="不能再作决定"):
        platform.repairs.decide(case.number, repair=False, reason="again")


def test_a_repair_of_a_record_never_forwarded_sends_nothing_upstream(platform: Platform) -> None:
    key = _record(platform, forwarded=False)
    assert [r.key for r in platform.store.outbox("province").pending("penalty")] == [key]
    case = platform.repairs.apply(key, commitment="承诺", obligations_fulfilled=True, on=LATER)
    platform.repairs.decide(case.number, repair=True, reason="符合条件")
    assert platform.store.outbox("province").pending("penalty") == []


def test_an_update_from_the_department_does_not_publish_a_repaired_record_again(
    platform: Platform,
) -> None:
    key = _record(platform)
    case = platform.repairs.apply(key, commitment="承诺", obligations_fulfilled=True, on=LATER)
    platform.repairs.decide(case.number, repair=True, reason="符合条件")
    department = platform.department(department_code(1))
    fields = dict(fine(1, department_code(1)), CF_SY="更新后的违法事实")
    assert platform.receive(department, body([fields], "b-9"))[0].accepted
    assert _public(platform).one(key) is None


@pytest.mark.parametrize(
    ("kwargs", "codes"),
    [
        ({"on": dt.date(2026, 6, 1), "obligations_fulfilled": True, "commitment": "承诺"},
         ["before-earliest-date"]),
        ({"on": LATER, "obligations_fulfilled": False, "commitment": "承诺"},
         ["obligations-unfulfilled"]),
        ({"on": LATER, "obligations_fulfilled": True, "commitment": "  "}, ["no-commitment"]),
        ({"on": dt.date(2026, 6, 1), "obligations_fulfilled": False, "commitment": ""},
         ["before-earliest-date", "obligations-unfulfilled", "no-commitment"]),
    ],
)  # fmt: skip
def test_an_ineligible_application_is_refused_with_every_reason(
    platform: Platform, kwargs: dict[str, object], codes: list[str]
) -> None:
    key = _record(platform)
    case = platform.repairs.apply(key, **kwargs)  # type: ignore[arg-type]
    assert case.state == "refused"
    assert [r["code"] for r in case.reasons] == codes
    assert all(r["message"] for r in case.reasons)
    assert _public(platform).one(key) is not None


def test_fraud_restores_publication_and_locks_the_subject_for_three_years(
    platform: Platform,
) -> None:
    key = _record(platform)
    case = platform.repairs.apply(key, commitment="承诺", obligations_fulfilled=True, on=LATER)
    platform.repairs.decide(case.number, repair=True, reason="符合条件")
    found = platform.repairs.fraud(case.number, reason="提交的缴款凭证系伪造",
                                   on=dt.date(2026, 12, 10))  # fmt: skip
    assert found.state == "revoked_for_fraud"
    assert _public(platform).one(key) is not None  # published again
    pending = platform.store.outbox("province").pending("penalty")
    assert [(r.key, r.operation) for r in pending] == [(key, "upsert")]
    lock = platform.store.cases.fraud_lock(found.subject, dt.date(2029, 12, 10))
    assert lock is not None
    assert lock.locked_until == dt.date(2029, 12, 10)
    assert platform.store.cases.fraud_lock(found.subject, dt.date(2029, 12, 11)) is None
    again = platform.repairs.apply(key, commitment="承诺", obligations_fulfilled=True,
                                   on=dt.date(2027, 1, 4))  # fmt: skip
    assert again.state == "refused"
    assert "fraud-locked" in [r["code"] for r in again.reasons]


def test_a_record_not_held_or_withdrawn_cannot_be_applied_for(platform: Platform) -> None:
    with pytest.raises(SgsError, match="没有记录"):
        platform.repairs.apply("0" * 32, commitment="承诺")


def test_overdue_applications_record_a_breach_and_the_figures_count_outcomes(
    platform: Platform,
) -> None:
    key = _record(platform)
    first = platform.repairs.apply(key, commitment="承诺", obligations_fulfilled=True,
                                   on=dt.date(2026, 11, 2))  # fmt: skip
    platform.repairs.apply(key, commitment="", on=dt.date(2026, 11, 3))
    assert [c.number for c in platform.repairs.overdue(on=dt.date(2026, 11, 20))] == [first.number]
    platform.repairs.overdue(on=dt.date(2026, 11, 20))
    breaches = [s for s in platform.repairs.get(first.number).steps if s.step == "breach"]
    assert len(breaches) == 1
    platform.repairs.decide(first.number, repair=True, reason="符合条件", on=dt.date(2026, 11, 16))
    figures = platform.repairs.figures(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert figures.by_state == {"repaired": 1, "refused": 1}
    # 11-02 → 11-16: 10 working days; the refusal the day it came: 0
    assert figures.mean_days == 5.0
