"""The 月报表: its due day, the ledger's pre-filled figures and the city's report of it (issue 14 #3)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from sgs.calendar import WorkCalendar
from sgs.platform import open_platform
from sgs.reports import declaration_due, ledger_declaration, period, platform_monthly
from sgs.store import Declaration, open_store

from ..platform.records import CITY, body, department_code, penalty

CHINA = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize(
    ("month", "due"),
    [
        ("2019-10", dt.date(2019, 11, 11)),  # the 10th a Sunday: Monday
        ("2019-01", dt.date(2019, 2, 11)),  # the 10th the last day of the Spring Festival
        ("2020-04", dt.date(2020, 5, 11)),  # Sunday the 10th after the May Day make-up Saturday
        ("2026-02", dt.date(2026, 3, 10)),  # a Tuesday: as it is
        ("2026-09", dt.date(2026, 10, 10)),  # a Saturday, but a make-up working day (国庆调休)
    ],
)
def test_the_declaration_is_due_by_the_10th_or_the_next_working_day(
    month: str, due: dt.date
) -> None:
    assert declaration_due(period(month), calendar=WorkCalendar()) == due


def test_another_due_day_and_a_quarter() -> None:
    assert declaration_due(period("2019-10"), calendar=WorkCalendar(), day=5) == dt.date(
        2019, 11, 5
    )
    with pytest.raises(ValueError, match="of a month"):
        declaration_due(period("2019Q4"), calendar=WorkCalendar())


def test_the_ledger_prefills_the_form(tmp_path: Path) -> None:
    from sgs.store import LedgerEntry

    with open_store("sqlite:///l.db", base_dir=tmp_path) as store:
        entries = [
            LedgerEntry(f"k{n}", kind, f"号{n}", {"n": str(n)}, decision_date=day)
            for n, (kind, day) in enumerate(
                [("penalty", dt.date(2026, 11, 2)), ("penalty", dt.date(2026, 11, 5)),
                 ("penalty", dt.date(2026, 11, 30)), ("penalty", dt.date(2026, 10, 31)),
                 ("license", dt.date(2026, 11, 9))]
            )
        ]  # fmt: skip
        store.ledger.stage(entries)
        store.ledger.mark_sending(["k0", "k1", "k3"], "b1")
        from sgs.adapters import Receipt

        store.ledger.record_receipts(
            [Receipt("k0", "accepted"), Receipt("k1", "accepted"), Receipt("k3", "accepted")],
            dt.date(2026, 11, 10),
        )
        store.ledger.stage_invalid([(LedgerEntry("k9", "penalty", "号9", {"n": "9"},
                                                 decision_date=dt.date(2026, 11, 20)), "坏")])  # fmt: skip
        sheet = ledger_declaration(store.ledger.entries(), "局", "CODE", period("2026-11"),
                                   as_of=dt.date(2026, 12, 1))  # fmt: skip
        before = ledger_declaration(store.ledger.entries(), "局", "CODE", period("2026-11"),
                                    as_of=dt.date(2026, 11, 9))  # fmt: skip
    penalty_line = sheet.counts["penalty"]
    # k0, k1, k2 and k9 were decided in November (k3 in October); k0 and k1 pushed.
    assert (penalty_line.produced, penalty_line.reported, penalty_line.unreported) == (4, 2, 2)
    assert penalty_line.published == 0  # no 部门网站推送日期 in the ledger
    assert penalty_line.grounds == "待报送 1 条；校验未通过 1 条"
    license_line = sheet.counts["license"]
    assert (license_line.produced, license_line.reported, license_line.unreported) == (1, 0, 1)
    assert before.counts["penalty"].reported == 0  # pushed on the 10th, after as_of
    assert (sheet.unit, sheet.code, sheet.month) == ("局", "CODE", "2026-11")


def _declare(code: str, kind: str, reported: int, at: dt.datetime, month: str) -> Declaration:
    return Declaration(department=code, month=month, kind=kind, produced=reported + 1,
                       published=reported, reported=reported, unreported=1, grounds="涉密",
                       submitted_at=at)  # fmt: skip


def test_a_past_month_lists_the_undeclared_and_the_late(tmp_path: Path) -> None:
    config = tmp_path / "platform.toml"
    config.write_text(f'[platform]\nname = "中心"\ncredit_code = "{CITY}"\n', encoding="utf-8")
    prompt, late, corrected, missing, lower = (department_code(n) for n in range(1, 6))
    on_due = dt.datetime(2019, 11, 11, 23, 30, tzinfo=CHINA)  # the due day, late in China
    after = dt.datetime(2019, 11, 11, 16, 30, tzinfo=dt.UTC)  # 00:30 on the 12th in China
    with open_platform(config) as platform:
        platform.add_department("准时局", prompt)
        platform.add_department("迟交局", late, grouping="金水区")
        platform.add_department("更正局", corrected)
        platform.add_department("未交局", missing, grouping="郑东新区")
        platform.add_department("县平台", lower, role="platform")
        platform.store.declarations.put([
            _declare(prompt, "penalty", 4, on_due, "2019-10"),
            _declare(late, "license", 2, after, "2019-10"),
            _declare(corrected, "penalty", 1, on_due, "2019-10"),
            _declare(corrected, "penalty", 3, after, "2019-10"),  # a correction after the day
            _declare(missing, "penalty", 9, on_due, "2019-09"),  # another month's
        ])  # fmt: skip
        report = platform_monthly(platform.store, "中心", period("2019-10"),
                                  as_of=dt.date(2019, 11, 20), calendar=WorkCalendar(),
                                  standard=platform.checks.standard)  # fmt: skip
    data = report.to_dict()
    assert data["declaration_due"] == "2019-11-11"
    assert data["undeclared"] == [{"name": "未交局", "code": missing}]  # not the lower platform
    assert data["declared_late"] == [{"name": "迟交局", "code": late, "submitted": "2019-11-12"}]
    # Nothing was received in 2019-10: the declared are units (市直 first), each gap all it
    # declared to have sent.
    assert [(u["code"], u["grouping"]) for u in data["units"]] == [
        (prompt, "市直部门"), (corrected, "市直部门"), (late, "金水区"),
    ]  # fmt: skip
    by_code = {u["code"]: u for u in data["units"]}
    assert by_code[corrected]["declared"]["penalty"]["reported"] == 3  # the latest
    assert by_code[corrected]["gap"] == {"penalty": 3}
    assert by_code[late]["gap"] == {"license": 2}
    assert by_code[prompt]["declared"]["penalty"] == {
        "produced": 5, "published": 4, "reported": 4, "unreported": 1, "grounds": "涉密",
    }  # fmt: skip
    assert [g["name"] for g in data["groups"]] == ["市直部门", "金水区"]
    assert {u["code"] for u in data["silent"]} == {prompt, late, corrected, missing, lower}


def test_the_gap_and_the_group_totals_of_this_month(tmp_path: Path) -> None:
    config = tmp_path / "platform.toml"
    config.write_text(f'[platform]\nname = "中心"\ncredit_code = "{CITY}"\n', encoding="utf-8")
    today = dt.datetime.now(CHINA).date()
    month = f"{today:%Y-%m}"
    decided = dt.date.today() - dt.timedelta(days=1)
    city, county, county2, silent = (department_code(n) for n in range(1, 5))
    rng = random.Random(7)
    with open_platform(config) as platform:
        first, _ = platform.add_department("市局", city)
        second, _ = platform.add_department("区局", county, grouping="金水区")
        third, _ = platform.add_department("区二局", county2, grouping="金水区")
        platform.add_department("未报局", silent)
        platform.receive(first, body([penalty(n, city, rng, decided=decided) for n in range(3)]))
        platform.receive(second, body([penalty(n, county, rng, decided=decided) for n in range(2)]))
        platform.receive(third, body([penalty(n, county2, rng, decided=decided) for n in range(4)]))
        now = dt.datetime.now(dt.UTC)
        platform.store.declarations.put(
            [_declare(city, "penalty", 5, now, month), _declare(county, "penalty", 2, now, month)]
        )
        report = platform_monthly(platform.store, "中心", period(month), as_of=today,
                                  calendar=WorkCalendar(), standard=platform.checks.standard)  # fmt: skip
    data = report.to_dict()
    units = {u["code"]: u for u in data["units"]}
    assert [u["code"] for u in data["units"]] == [city, county, county2]
    assert units[city]["gap"] == {"penalty": 2}  # declared 5 sent, 3 received
    assert units[county]["gap"] == {"penalty": 0}
    assert (units[county2]["declared"], units[county2]["gap"]) == (None, None)
    assert data["undeclared"] == [{"name": "未报局", "code": silent},  # in report order
                                  {"name": "区二局", "code": county2}]  # fmt: skip
    assert data["declared_late"] == []
    groups = {g["name"]: g["totals"]["penalty"]["received"]["value"] for g in data["groups"]}
    assert groups == {"市直部门": 3, "金水区": 6}
    assert data["totals"]["penalty"]["received"]["value"] == 9
