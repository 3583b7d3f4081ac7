"""Objections (异议) on the platform store: the flag, the 核查通知, the answers, the clock."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from sgs.calendar import WorkCalendar
from sgs.errors import SgsError, StoreError
from sgs.platform import Platform, open_platform
from sgs.platform.objections import Objections
from sgs.platform.public import PublicRecords
from sgs.platform.publishing import publisher_of
from sgs.store import Department

from .cases import case_platform, fine
from .records import body, department_code, key_of
from .server import write_config

CLEAR_ID = "410105199003070012"


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[Platform]:
    with case_platform(tmp_path) as opened:
        yield opened


def _held(platform: Platform, n: int = 1) -> tuple[Department, dict[str, str], str]:
    code = department_code(n)
    department, _ = platform.add_department(f"示例市第{n}局", code)
    fields = fine(n, code)
    assert platform.receive(department, body([fields]))[0].accepted
    return department, fields, key_of(fields)


def _push(platform: Platform, department: Department, fields: dict[str, str], case: str | None,
          operation: str | None = None, batch: str = "b-2") -> str:  # fmt: skip
    data = json.loads(body([fields], batch, operation=operation))
    if case is not None:
        data["records"][0]["objection"] = case
    return platform.receive(department, json.dumps(data, ensure_ascii=False).encode())[0].status


def _public(platform: Platform) -> PublicRecords:
    return PublicRecords(platform.store.received, platform.checks.standard, publisher_of(platform))


def test_an_objection_flags_the_record_and_sends_a_notice_to_its_provider_only(
    platform: Platform,
) -> None:
    department, _, key = _held(platform)
    other, _, _ = _held(platform, 2)
    view = _public(platform).one(key)
    assert view is not None
    assert not view.objection
    case = platform.objections.open(key, claim="事实错误", text="罚款金额有误",
                                    applicant_id=CLEAR_ID, on=dt.date(2026, 12, 2))  # fmt: skip
    assert case.state == "verifying"
    assert case.route == "provider"
    # 2026-12-02 (Wed): the provider's 3 working days end on Mon 12-07, the case's 7 on Fri 12-11
    assert (case.notice_on, case.provider_due, case.due) == (
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 11),
    )
    assert [s.step for s in case.steps] == ["registered", "flagged", "notice"]
    view = _public(platform).one(key)
    assert view is not None
    assert view.objection
    assert [c.number for c in platform.objections.notices(department)] == [case.number]
    assert platform.objections.notices(other) == []
    assert CLEAR_ID not in case.applicant_id
    assert case.applicant_id.startswith("410105")


def test_the_clear_id_of_the_applicant_is_nowhere_in_the_store(platform: Platform) -> None:
    _, _, key = _held(platform)
    platform.objections.open(key, claim="其他", text=f"本人身份证 {CLEAR_ID} 被错登",
                             applicant_id=CLEAR_ID)  # fmt: skip
    with platform.store.engine.connect() as connection:
        for table in ("sgs_objections", "sgs_case_steps"):
            rows = connection.execute(sa.text(f"SELECT * FROM {table}")).all()
            assert rows
            assert CLEAR_ID not in repr(rows)


def test_a_correction_carrying_the_case_closes_it_with_field_history(platform: Platform) -> None:
    department, fields, key = _held(platform)
    case = platform.objections.open(key, claim="文字错误", text="名称错字")
    corrected = dict(fields, CF_XDR_MC=fields["CF_XDR_MC"] + "（更正）")
    assert _push(platform, department, corrected, case.number) == "accepted"
    closed = platform.objections.get(case.number)
    assert (closed.state, closed.outcome) == ("closed", "corrected")
    assert [(c.field, c.old, c.new, c.case) for c in closed.changes] == [
        ("CF_XDR_MC", fields["CF_XDR_MC"], corrected["CF_XDR_MC"], case.number)
    ]
    view = _public(platform).one(key)
    assert view is not None
    assert not view.objection
    assert view.fields["CF_XDR_MC"] == corrected["CF_XDR_MC"]
    queued = platform.store.outbox("province").pending("penalty")
    assert [(r.key, r.fields["CF_XDR_MC"]) for r in queued] == [(key, corrected["CF_XDR_MC"])]
    assert platform.objections.notices(department) == []


def test_a_withdrawal_carrying_the_case_closes_it_deleted(platform: Platform) -> None:
    department, fields, key = _held(platform)
    case = platform.objections.open(key, claim="事实错误")
    assert _push(platform, department, fields, case.number, operation="withdraw") == "accepted"
    assert platform.objections.get(case.number).outcome == "deleted"
    assert _public(platform).one(key) is None


def test_a_case_number_that_names_no_open_case_leaves_the_record_good(platform: Platform) -> None:
    department, fields, _key = _held(platform)
    _other, _other_fields, other_key = _held(platform, 2)
    case = platform.objections.open(other_key, claim="事实错误")
    changed = dict(fields, CF_SY=fields["CF_SY"] + "。")
    assert _push(platform, department, changed, case.number) == "accepted"  # not its case
    assert _push(platform, department, dict(changed, CF_SY="x" + changed["CF_SY"]),
                 "YY20260101-NOSUCH", batch="b-3") == "accepted"  # fmt: skip
    assert platform.objections.get(case.number).state == "verifying"
    view = _public(platform).one(other_key)
    assert view is not None
    assert view.objection


def test_the_provider_confirms_and_the_case_closes(platform: Platform) -> None:
    department, _, key = _held(platform)
    other, _, _ = _held(platform, 2)
    case = platform.objections.open(key, claim="事实错误")
    with pytest.raises(SgsError, match="不是发给本单位"):
        platform.objections.answer(other, case.number)
    with pytest.raises(SgsError, match="confirmed"):
        platform.objections.answer(department, case.number, "corrected")
    closed = platform.objections.answer(department, case.number, opinion="经核实无误")
    assert (closed.state, closed.outcome) == ("closed", "confirmed")
    assert closed.steps[-1].opinion == "经核实无误"
    assert closed.steps[-1].actor == f"department:{department.code}"
    with pytest.raises(StoreError):
        platform.objections.answer(department, case.number)  # closed once, not twice
    view = _public(platform).one(key)
    assert view is not None
    assert not view.objection


def test_staff_decide_an_own_scope_case(platform: Platform) -> None:
    _, _, key = _held(platform)
    case = platform.objections.open(key, claim="超期披露", route="own_scope",
                                    on=dt.date(2026, 12, 2))  # fmt: skip
    assert (case.state, case.due, case.notice_on) == ("own_scope", dt.date(2026, 12, 7), None)
    with pytest.raises(SgsError, match="意见"):
        platform.objections.decide(case.number, "not_accepted", opinion=" ")
    done = platform.objections.decide(case.number, "not_accepted", opinion="不属于异议范围")
    assert (done.state, done.outcome) == ("not_accepted", "not_accepted")
    view = _public(platform).one(key)
    assert view is not None
    assert not view.objection


def test_two_open_cases_keep_the_flag_until_both_close(platform: Platform) -> None:
    department, _, key = _held(platform)
    first = platform.objections.open(key, claim="事实错误")
    second = platform.objections.open(key, claim="遗漏")
    platform.objections.answer(department, first.number)
    view = _public(platform).one(key)
    assert view is not None
    assert view.objection
    platform.objections.answer(department, second.number)
    view = _public(platform).one(key)
    assert view is not None
    assert not view.objection


def test_a_suspension_across_national_day_2019_moves_the_deadline(platform: Platform) -> None:
    calendar = WorkCalendar(environment=False)
    objections = Objections(platform.store, profile="henan", calendar=calendar)
    _, _, key = _held(platform)
    # Received Fri 2019-09-27; 7 working days: 9-29 (Sun, a working day), 9-30, 10-8,
    # 10-9, 10-10, 10-11, 10-12 (Sat, a working day).
    case = objections.open(key, claim="事实错误", on=dt.date(2019, 9, 27))
    assert (case.provider_due, case.due) == (dt.date(2019, 10, 8), dt.date(2019, 10, 12))
    suspended = objections.suspend(case.number, "专家评审", on=dt.date(2019, 9, 30))
    assert suspended.suspended
    assert suspended.due is None
    # Suspended 9-30, resumed 10-9: 9-29 counted, then 10-9 … 10-14: 6 more working days.
    resumed = objections.resume(case.number, on=dt.date(2019, 10, 9))
    assert not resumed.suspended
    assert resumed.due == dt.date(2019, 10, 15)
    assert [s.step for s in resumed.steps][-2:] == ["suspended", "resumed"]


def test_overdue_cases_are_listed_and_each_breach_is_recorded_once(platform: Platform) -> None:
    _, _, key = _held(platform)
    case = platform.objections.open(key, claim="事实错误", on=dt.date(2026, 11, 2))
    assert platform.objections.due(3, on=dt.date(2026, 11, 4)) == [
        platform.objections.get(case.number)
    ]
    late_day = dt.date(2026, 11, 20)
    assert [c.number for c in platform.objections.overdue(on=late_day)] == [case.number]
    platform.objections.overdue(on=late_day)
    breaches = [s for s in platform.objections.get(case.number).steps if s.step == "breach"]
    assert sorted(s.detail["deadline"] for s in breaches) == ["case", "provider"]


def test_a_profile_without_extensions_refuses_one_and_zhejiang_caps_them(
    platform: Platform,
) -> None:
    _, _, key = _held(platform)
    case = platform.objections.open(key, claim="事实错误")
    with pytest.raises(SgsError, match="不允许延长"):
        platform.objections.extend(case.number, 2, "案情复杂")
    zhejiang = Objections(platform.store, profile="zhejiang")
    other = zhejiang.open(key, claim="遗漏", route="own_scope", on=dt.date(2026, 12, 2))
    longer = zhejiang.extend(other.number, 10, "需补充调查")
    assert longer.extra_days == 10
    assert longer.due is not None
    assert other.due is not None
    assert longer.due > other.due
    with pytest.raises(SgsError, match="20"):
        zhejiang.extend(other.number, 6, "再次延长")


def test_bad_claims_channels_and_records_are_refused(platform: Platform) -> None:
    _, _, key = _held(platform)
    with pytest.raises(SgsError, match="异议类型"):
        platform.objections.open(key, claim="不服")
    with pytest.raises(SgsError, match="渠道"):
        platform.objections.open(key, claim="其他", channel="fax")
    with pytest.raises(SgsError, match="没有记录"):
        platform.objections.open("0" * 32, claim="其他")


def test_the_figures_count_ratio_days_and_lateness(platform: Platform) -> None:
    department, fields, key = _held(platform)
    _held(platform, 2)
    first = platform.objections.open(key, claim="事实错误", on=dt.date(2026, 11, 2))
    platform.objections.open(key, claim="遗漏", on=dt.date(2026, 11, 3))
    platform.store.received.clock = lambda: dt.datetime(2026, 11, 5, 2, tzinfo=dt.UTC)
    corrected = dict(fields, CF_SY=fields["CF_SY"] + "（更正）")
    assert _push(platform, department, corrected, first.number) == "accepted"
    figures = platform.objections.figures(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert (figures.received, figures.closed, figures.published) == (2, 1, 2)
    assert figures.ratio == 1.0
    assert figures.mean_days == figures.median_days == 3.0  # 11-02 → 11-05: 3 working days
    assert figures.by_outcome == {"corrected": 1}


def test_the_monthly_report_of_the_platform_carries_the_case_figures(
    platform: Platform, tmp_path: Path
) -> None:
    from sgs.cli.main import main

    department, _, key = _held(platform)
    case = platform.objections.open(key, claim="事实错误", on=dt.date(2026, 11, 2))
    platform.objections.answer(department, case.number)
    platform.repairs.apply(key, commitment="", on=dt.date(2026, 11, 3))
    out = tmp_path / "report.json"
    assert platform.config.path is not None
    config = str(platform.config.path)
    assert main(["report", "monthly", "--config", config, "--month", "2026-11",
                 "--as-of", "2026-12-01", "--out", str(out)]) == 0  # fmt: skip
    report = json.loads(out.read_text("utf-8"))
    assert report["objections"]["received"] == 1
    assert report["objections"]["by_outcome"] == {"confirmed": 1}
    assert report["repairs"]["by_state"] == {"refused": 1}
    html = tmp_path / "report.html"
    assert main(["report", "monthly", "--config", config, "--month", "2026-11",
                 "--as-of", "2026-12-01", "--format", "html", "--out", str(html)]) == 0  # fmt: skip
    assert "异议处理与信用修复" in html.read_text("utf-8")


def test_two_answers_at_once_close_the_case_once(platform: Platform) -> None:
    import threading

    department, fields, key = _held(platform)
    case = platform.objections.open(key, claim="事实错误")
    outcomes: list[str] = []

    def confirm() -> None:
        try:
            platform.objections.answer(department, case.number)
            outcomes.append("closed")
        except (SgsError, StoreError):
            outcomes.append("refused")

    def correct() -> None:
        changed = dict(fields, CF_SY=fields["CF_SY"] + "（更正）")
        outcomes.append(_push(platform, department, changed, case.number, batch="b-race"))

    threads = [threading.Thread(target=confirm), threading.Thread(target=correct),
               threading.Thread(target=confirm)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    closed = platform.objections.get(case.number)
    assert closed.state == "closed"
    assert [s.step for s in closed.steps].count("answered") == 1
    assert "accepted" in outcomes  # the correction is taken whether or not it closed the case


@pytest.mark.parametrize("value", [7, "", " ", "Y" * 33, ["YY"]])
def test_a_bad_objection_reference_is_a_wire_error(platform: Platform, value: object) -> None:
    from sgs.platform.wire import WireError, parse_batch

    data = json.loads(body([fine(1, department_code(1))]))
    data["records"][0]["objection"] = value
    with pytest.raises(WireError, match="objection"):
        parse_batch(json.dumps(data).encode())


def test_the_portal_snapshots_show_the_flag_go_up_and_come_down(platform: Platform) -> None:
    from sgs.platform.publishing import publish_portal

    department, fields, key = _held(platform)
    publish_portal(platform, on=dt.date(2026, 12, 1))
    case = platform.objections.open(key, claim="文字错误")
    publish_portal(platform, on=dt.date(2026, 12, 2))
    corrected = dict(fields, CF_XDR_MC=fields["CF_XDR_MC"] + "（更正）")
    assert _push(platform, department, corrected, case.number) == "accepted"
    publish_portal(platform, on=dt.date(2026, 12, 3))
    history = platform.store.snapshots.history("portal", key)
    assert [(h.since, h.until) for h in history] == [
        (dt.date(2026, 12, 1), dt.date(2026, 12, 2)),
        (dt.date(2026, 12, 2), dt.date(2026, 12, 3)),
        (dt.date(2026, 12, 3), None),
    ]
    assert history[1].fields == history[0].fields  # the same fields, shown as 异议
    assert history[2].fields["CF_XDR_MC"] == corrected["CF_XDR_MC"]
    with platform.store.engine.connect() as connection:
        contents = connection.execute(sa.text(
            "SELECT content FROM sgs_publication_contents ORDER BY content")).scalars().all()  # fmt: skip
    assert sum('"objection":true' in c for c in contents) == 1


def test_a_failure_while_closing_the_case_stores_nothing_and_the_resend_closes_it(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sgs.store.received as received_module

    department, fields, key = _held(platform)
    case = platform.objections.open(key, claim="事实错误")
    corrected = dict(fields, CF_SY=fields["CF_SY"] + "（更正）")

    def broken(*args: object) -> list[str]:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(received_module, "settle", broken)
    with pytest.raises(RuntimeError):
        _push(platform, department, corrected, case.number)
    assert platform.objections.get(case.number).state == "verifying"
    row = platform.store.received.current_one(key)
    assert row is not None
    assert row.fields["CF_SY"] == fields["CF_SY"]  # the version went with the transaction
    monkeypatch.undo()
    assert _push(platform, department, corrected, case.number) == "accepted"  # the resend
    assert platform.objections.get(case.number).outcome == "corrected"


def test_the_subjects_view_is_rate_limited_and_holds_no_identifiers(tmp_path: Path) -> None:
    import asyncio

    import httpx

    from sgs.platform.web.app import create_app

    config = write_config(tmp_path, extra="[portal]\nrate = 1\n")
    with open_platform(config) as platform:
        _, _, key = _held(platform)
        case = platform.objections.open(key, claim="事实错误", applicant_name="某某公司",
                                        applicant_id=CLEAR_ID, text="说明")  # fmt: skip
        app = create_app(platform)

        async def ask() -> tuple[httpx.Response, set[int]]:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://sgs") as client:
                seen = await client.get(f"/api/v1/public/cases/{case.number}")
                tried = [await client.get(f"/api/v1/public/cases/YY20261202-{n:06d}")
                         for n in range(20)]  # fmt: skip
            return seen, {r.status_code for r in tried}

        seen, statuses = asyncio.run(ask())
    assert seen.status_code == 200
    assert seen.json()["state"] == "verifying"
    assert "某某公司" not in seen.text
    assert "410105" not in seen.text
    assert 429 in statuses


def test_a_profile_that_does_not_flag_on_receipt_leaves_the_public_view_as_it_was(
    platform: Platform,
) -> None:
    _, _, key = _held(platform)
    national = Objections(platform.store, profile="national-36")
    case = national.open(key, claim="事实错误")
    assert "flagged" not in [s.step for s in case.steps]
    view = _public(platform).one(key)
    assert view is not None
    assert not view.objection
