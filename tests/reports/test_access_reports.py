"""The subject access report and the self-check over access events recorded by hand."""

from __future__ import annotations

import datetime as dt
import html
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sgs.errors import SgsError
from sgs.plugins.registries import work_calendar
from sgs.reports import renderers
from sgs.reports.access import (
    SelfCheckReport,
    SubjectAccessReport,
    self_check_report,
    subject_access_report,
)
from sgs.store import AccessEvent, Store, open_store
from sgs.store.received import Incoming, Reason

from ..platform.records import department_code

CLEAR_ID = "410105199003070012"
REP_ID = "41010519850101002X"
COMPANY = "914101054JURQ28303"
OTHER = "91410105YUYU122BXJ"
UNIT = department_code(1)
BEIJING = dt.timezone(dt.timedelta(hours=8))


def person(n: int, number: str = CLEAR_ID) -> dict[str, str]:
    return {"CF_XDR_MC": "张三", "CF_XDR_LB": "自然人", "CF_XDR_ZJLX": "身份证",
            "CF_XDR_ZJHM": number, "CF_WSH": f"示罚〔2026〕{n}号", "CF_JDRQ": "2026-09-01"}  # fmt: skip


def company(n: int, code: str = COMPANY, rep: str = REP_ID) -> dict[str, str]:
    return {"CF_XDR_MC": f"示例公司{n}", "CF_XDR_LB": "法人及非法人组织", "CF_XDR_SHXYM": code,
            "CF_FRDB": "李四", "CF_FR_ZJHM": rep, "CF_WSH": f"示罚〔2026〕{n}号",
            "CF_JDRQ": "2026-09-01"}  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'platform.db'}"
    else:
        url = request.getfixturevalue("fresh_postgres_url")
    with open_store(url) as opened:
        department, _ = opened.departments.add("示例市市场监督管理局", UNIT)
        items = [
            Incoming("p1", "penalty", "upsert", person(1), number="示罚〔2026〕1号"),
            Incoming(
                "p2", "penalty", "upsert", person(2, REP_ID.lower()), number="示罚〔2026〕2号"
            ),
            Incoming("c1", "penalty", "upsert", company(3), number="示罚〔2026〕3号"),
            Incoming(
                "c2", "penalty", "upsert", company(4, OTHER, CLEAR_ID), number="示罚〔2026〕4号"
            ),
            Incoming(
                "x1", "penalty", "upsert", person(5, "410105199003070013"), number="示罚〔2026〕5号"
            ),
        ]
        opened.received.take(department, items, standard="2021", channel="http")
        # A returned version (疑问数据) of a third decision of the same person.
        returned = Incoming(
            "p3", "penalty", "upsert", person(6), reasons=(Reason("E1", "缺少字段"),)
        )
        opened.received.take(department, [returned], standard="2021", channel="http")
        yield opened


def at(day: str, time: str) -> dt.datetime:
    """A Beijing time, as the clock of the log gives it (UTC)."""
    local = dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=BEIJING)
    return local.astimezone(dt.UTC)


def log(store: Store, when: dt.datetime, **event: object) -> None:
    store.audit.clock = lambda: when
    store.audit.record(AccessEvent(**event))  # type: ignore[arg-type]


def read(store: Store, when: dt.datetime, actor: str = "王查询", records: tuple[str, ...] = ("p1",),
         **more: object) -> None:  # fmt: skip
    fields = more.pop("fields", ("CF_XDR_ZJHM",))
    values: dict[str, object] = {"role": "querier", "department": UNIT, "purpose": "行政审批核查",
                                 "basis": "duty:行政许可审查", "channel": "api",
                                 "client": "10.0.0.7", "detail": {"application": "Q-1"}}  # fmt: skip
    values.update(more)
    log(store, when, actor=actor, action="read", records=records, fields=fields,
        result_count=len(records), **values)  # fmt: skip


# -- the store query ---------------------------------------------------------------------------
def test_the_subjects_records_are_found_field_by_field(store: Store) -> None:
    person_codes = ("CF_XDR_ZJHM", "XK_XDR_ZJHM", "CF_FR_ZJHM", "XK_FR_ZJHM")
    found = store.received.subject_records(codes=person_codes, value=CLEAR_ID, casefold=True)
    # x1 differs by its last digit; c2 names the person as its legal representative; p3 was
    # returned (疑问数据), never accepted.
    assert {r.key: r.fields for r in found} == {"p1": ("CF_XDR_ZJHM",), "c2": ("CF_FR_ZJHM",),
                                                "p3": ("CF_XDR_ZJHM",)}  # fmt: skip
    assert {r.key: r.state for r in found} == {"p1": "current", "c2": "current", "p3": "rejected"}
    assert store.received.keys_of_subject(codes=("CF_XDR_SHXYM",), value=COMPANY) == ["c1"]
    # The company's code inside another field does not make it the subject.
    assert store.received.keys_of_subject(codes=("CF_XDR_ZJHM",), value=COMPANY) == []
    assert store.received.keys_of_subject(codes=person_codes, value=REP_ID.lower(),
                                          casefold=True) == ["p2", "c1"]  # fmt: skip
    assert store.received.keys_of_subject(codes=person_codes, value=REP_ID) == ["c1"]
    assert store.received.keys_of_subject(codes=("CF_FR_ZJHM",), value="") == []


# -- the subject access report -----------------------------------------------------------------
def test_the_subject_report_lists_every_event_naming_its_records(store: Store) -> None:
    read(store, at("2026-10-09", "09:15:00"), records=("p1", "x1"))
    read(store, at("2026-10-09", "10:00:00"), actor="赵某", records=("x1",))  # another person's
    log(
        store,
        at("2026-10-10", "11:00:00"),
        actor="钱某",
        role="querier",
        department="9999",
        action="denied",
        records=("c2",),
        detail={"reason": "no-application"},
        channel="portal",
    )
    log(store, at("2026-10-12", "15:00:00"), actor="孙某", action="export", records=("p3", "c1"),
        fields=("CF_FR_ZJHM", "CF_XDR_ZJHM"), purpose="数据共享", basis="authorisation:A-7:2027-01-31",
        channel="export")  # fmt: skip
    report = subject_access_report(store, id_number=CLEAR_ID, platform="示例市信用信息中心",
                                   names={"9999": "示例市信用信息中心"})  # fmt: skip
    assert report.subject == "410105********0012"
    assert report.keys() == ("p1", "c2", "p3")
    rows = report.accesses
    assert [r.id for r in rows] == [1, 3, 4]
    first = rows[0]
    assert first.at == dt.datetime(2026, 10, 9, 9, 15, tzinfo=BEIJING)
    assert (first.department, first.role, first.actor) == (
        "示例市市场监督管理局",
        "查询员",
        "王查询",
    )
    assert (first.action, first.fields, first.channel) == (
        "查询（明文显示）",
        ("证件号码",),
        "接口",
    )
    assert first.basis == "履行职责（行政许可审查）"
    assert (rows[1].department, rows[1].action, rows[1].channel) == (
        "示例市信用信息中心",
        "被拒绝的访问",
        "门户",
    )
    assert rows[2].fields == ("法定代表人证件号码", "证件号码")
    assert rows[2].basis == "信用主体授权（授权书 A-7，有效期至 2027-01-31）"
    assert report.chain.intact
    document = report.document()
    assert ("证件号码", "410105********0012") in document.meta
    assert [len(t.rows) for t in document.tables()] == [3, 3]


def test_a_company_by_its_code_and_a_subject_without_records(store: Store) -> None:
    read(store, at("2026-10-09", "09:15:00"), records=("c1",), fields=("CF_FR_ZJHM",))
    report = subject_access_report(store, code=COMPANY.lower())
    assert (report.identifier_kind, report.subject) == ("统一社会信用代码", COMPANY)
    assert report.keys() == ("c1",)
    assert len(report.accesses) == 1
    nobody = subject_access_report(store, id_number="110101199001010011")
    assert nobody.records == ()
    assert nobody.accesses == ()
    assert "平台未持有涉及该主体的记录。" in nobody.document().sections[0].paragraphs


def test_a_bad_identifier_is_refused_without_showing_it(store: Store) -> None:
    with pytest.raises(SgsError, match="统一社会信用代码"):
        subject_access_report(store, code="914101054JURQ28304")
    with pytest.raises(SgsError, match="之一"):
        subject_access_report(store, code=COMPANY, id_number=CLEAR_ID)
    with pytest.raises(SgsError) as caught:
        subject_access_report(store, id_number="4101 05199003070012")
    assert "05199003070012" not in str(caught.value)


def _text_of(path: Path) -> str:
    """Everything a rendered file holds, as text: a zip's (docx, xlsx) members too, their
    character references resolved."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(html.unescape(archive.read(n).decode("utf-8", "replace"))
                             for n in archive.namelist())  # fmt: skip
    return html.unescape(path.read_text(encoding="utf-8"))


def test_no_clear_id_number_in_any_format(store: Store, tmp_path: Path) -> None:
    # A purpose and a reason typed with an ID number in them are masked too.
    read(store, at("2026-10-09", "09:15:00"), purpose=f"核查{CLEAR_ID}", records=("p1", "c1"))
    log(store, at("2026-10-10", "07:00:00"), actor="钱某", action="denied", records=("p1",),
        detail={"reason": f"no-application {REP_ID}"})  # fmt: skip
    reports: list[SubjectAccessReport | SelfCheckReport] = [
        subject_access_report(store, id_number=CLEAR_ID),
        subject_access_report(store, id_number=REP_ID),
        self_check_report(
            store, dt.date(2026, 10, 1), dt.date(2026, 10, 31), calendar=work_calendar(())
        ),
    ]
    formats = sorted(renderers())
    assert {"json", "html", "docx", "xlsx"} <= set(formats)
    for number, report in enumerate(reports):
        for fmt in formats:
            path = report.render(fmt, tmp_path / f"r{number}.{fmt}")
            text = _text_of(path)
            assert report.title in text
            if fmt == "json":
                assert json.loads(text)["title"] == report.title
            for clear in (CLEAR_ID, REP_ID, REP_ID.lower(), CLEAR_ID[6:], REP_ID[6:14]):
                assert clear not in text, (fmt, number)
    assert "410105********0012" in _text_of(tmp_path / "r0.html")


# -- the self-check ----------------------------------------------------------------------------
def _check(store: Store, **options: object) -> SelfCheckReport:
    return self_check_report(store, dt.date(2026, 9, 28), dt.date(2026, 10, 11),
                             calendar=work_calendar(()), **options)  # type: ignore[arg-type]  # fmt: skip


def test_after_hours_boundaries_a_holiday_a_weekend_and_a_working_saturday(store: Store) -> None:
    times = [
        ("2026-09-30", "07:59:59"),  # Wednesday, before 08:30
        ("2026-09-30", "08:30:00"),  # the first moment of working hours
        ("2026-09-30", "18:00:00"),  # the last
        ("2026-09-30", "18:01:00"),  # after
        ("2026-10-01", "10:00:00"),  # 国庆节, a Thursday
        ("2026-10-10", "10:00:00"),  # a Saturday made a working day (调休)
        ("2026-10-11", "10:00:00"),  # a Sunday
        ("2026-09-27", "10:00:00"),  # before the period
        ("2026-10-12", "01:00:00"),  # 2026-10-11 17:00 UTC: after the period in Beijing
    ]
    for day, time in times:
        read(store, at(day, time))
    report = _check(store)
    assert report.actions == {"read": 7}
    listed = [(e.at.strftime("%m-%d %H:%M:%S"), e.note) for e in report.after_hours]
    assert listed == [("09-30 07:59:59", "工作时间外"), ("09-30 18:01:00", "工作时间外"),
                      ("10-01 10:00:00", "节假日（国庆节）"), ("10-11 10:00:00", "休息日")]  # fmt: skip


def test_bulk_thresholds_per_event_and_per_user_and_day(store: Store) -> None:
    read(store, at("2026-10-09", "09:00:00"), records=tuple(f"k{n}" for n in range(49)))
    read(store, at("2026-10-09", "09:01:00"), records=tuple(f"k{n}" for n in range(50)))
    read(
        store,
        at("2026-10-09", "09:02:00"),
        actor="赵某",
        records=tuple(f"k{n}" for n in range(20)) * 3,
    )  # 60 listed, 20 distinct: not bulk
    log(
        store,
        at("2026-10-09", "09:03:00"),
        actor="孙某",
        action="export",
        result_count=80,
        department=UNIT,
    )  # an export that lists no keys: its count
    for hour, start in ((10, 100), (11, 150)):  # 王查询: 50 + 50 more distinct that day
        read(store, at("2026-10-09", f"{hour}:00:00"),
             records=tuple(f"k{n}" for n in range(start, start + 50)))  # fmt: skip
    report = _check(store)
    assert [(e.actor, e.records) for e in report.bulk_events] == [
        ("王查询", 50),
        ("孙某", 80),
        ("王查询", 50),
        ("王查询", 50),
    ]
    assert report.bulk_days == ()  # 王查询: 150 distinct < 200
    lower = _check(store, bulk=81, bulk_daily=150)
    assert lower.bulk_events == ()
    assert [(b.actor, b.day, b.records, b.events) for b in lower.bulk_days] == [
        ("王查询", dt.date(2026, 10, 9), 150, 4)
    ]
    with pytest.raises(SgsError, match="正整数"):
        _check(store, bulk=0)


def test_tallies_reads_without_application_denied_and_the_chain(store: Store) -> None:
    read(store, at("2026-10-09", "09:00:00"), records=("p1", "c1"))
    read(store, at("2026-10-09", "09:10:00"), records=("p1",), detail={})  # no application
    read(
        store,
        at("2026-10-09", "09:20:00"),
        actor="张三",
        role="",
        purpose="本人查询",
        basis="self",
        detail={},
        records=("p1",),
    )  # self-query: not listed
    read(
        store,
        at("2026-10-09", "09:30:00"),
        actor="赵某",
        fields=(),
        detail={},
        purpose="",
        records=("c1",),
    )  # nothing in clear: not listed
    log(
        store,
        at("2026-10-09", "09:40:00"),
        actor="钱某",
        role="querier",
        department=UNIT,
        action="denied",
        records=("p1",),
        detail={"reason": "outside-duty-list"},
    )
    log(store, at("2026-10-09", "09:50:00"), actor="管理员", role="admin", action="user-add")
    report = _check(store)
    assert [(t.name, t.events, t.records) for t in report.by_user] == [
        ("王查询", 2, 2),
        ("张三", 1, 1),
        ("赵某", 1, 1),
    ]
    assert report.by_user[0].detail == "示例市市场监督管理局（查询员）"
    assert [(t.name, t.events, t.records) for t in report.by_department] == [
        ("示例市市场监督管理局", 4, 2)
    ]
    assert [(t.name, t.events) for t in report.by_purpose] == [
        ("行政审批核查", 2),
        ("", 1),
        ("本人查询", 1),
    ]
    assert [e.id for e in report.unapplied] == [2]
    assert [(e.actor, e.reason) for e in report.denied] == [("钱某", "outside-duty-list")]
    assert report.chain.intact
    assert report.chain.entries == 6
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE sgs_access_log SET actor = '他人' WHERE id = 2")
    broken = _check(store)
    assert (broken.chain.intact, broken.chain.broken_at) == (False, 2)
    text = " ".join(p for s in broken.document().sections for p in s.paragraphs)
    assert "校验未通过" in text
    assert "第 2 条" in text
    with pytest.raises(SgsError, match="早于"):
        self_check_report(store, dt.date(2026, 10, 2), dt.date(2026, 10, 1),
                          calendar=work_calendar(()))  # fmt: skip
