"""The 月报告 as a document and in every format, from a ledger and from a platform's store."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from sgs.calendar import WorkCalendar
from sgs.cli.main import main
from sgs.department.config import load_config
from sgs.plugins import get_plugin_manager, hookimpl, reset_plugin_manager
from sgs.reports import Chart, Document, MonthlyReport, Table, department_monthly, period
from sgs.reports import monthly as monthly_report
from sgs.store import open_store

from .small_city import PROMPT, SILENT, SLOW, small_city

ROOT = Path(__file__).resolve().parents[2]
CHINA = dt.timezone(dt.timedelta(hours=8))
AS_OF = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def department(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("render") / "department"
    shutil.copytree(ROOT / "examples" / "department", folder)
    assert main(["sync", "--config", str(folder / "sgs.toml"), "--as-of", "2026-11-26"]) == 1
    return folder / "sgs.toml"


def _department_report(config: Path, trend: int) -> MonthlyReport:
    settings = load_config(str(config))
    with open_store(settings.store_url, base_dir=settings.base_dir) as store:
        return department_monthly(store.ledger, settings.department_name,
                                  settings.department_code, period("2026-11"), as_of=AS_OF,
                                  calendar=WorkCalendar(), trend=trend)  # fmt: skip


def _blocks(document: Document) -> tuple[list[Table], list[Chart]]:
    return document.tables(), document.charts()


def test_the_department_document(department: Path) -> None:
    report = _department_report(department, trend=3)
    document = report.document()
    meta = dict(document.meta)
    assert (meta["统计月份"], meta["统计截止"], meta["应报送日期"]) == ("2026-11", "2026-11-26",
                                                                 "2026-12-15")  # fmt: skip
    assert meta["统计口径"].startswith("行政决定作出之日起7个工作日内报送")
    assert meta["节假日日历"].startswith("chinesecalendar ")
    assert [s.heading for s in document.sections] == ["总体情况", "分类情况"]
    (table,), (trend, timely, pushed) = _blocks(document)
    assert [r[0] for r in table.rows] == ["行政许可", "行政处罚", "合计"]
    penalty_row = dict(zip(table.headers, table.rows[1], strict=True))
    assert penalty_row["决定"] == 239  # as in test_monthly: 240 exported, one undated
    on_time, late, overdue = (
        penalty_row["按时报送"],
        penalty_row["逾期报送"],
        penalty_row["超期未报送"],
    )
    assert isinstance(on_time, int)
    assert isinstance(late, int)
    assert isinstance(overdue, int)
    expected = (Decimal(on_time * 100) / (on_time + late + overdue)).quantize(Decimal("0.01"))
    assert penalty_row["及时率"] == expected
    assert table.threshold == Decimal(50)  # 及时率 = 1 − 迟报率: 100 − the 50 % threshold
    assert (timely.kind, timely.unit, timely.categories) == ("bar", "%", ("行政许可", "行政处罚"))
    assert timely.series[0].values[1] == float(expected)
    assert [s.name for s in pushed.series] == ["决定", "已报送"]
    assert pushed.series[0].values[1] == 239
    # The trend: 2026-09 and 2026-10 had no decisions; 2026-11 all of them.
    assert trend.categories == ("2026-09", "2026-10", "2026-11")
    assert trend.series[0].values == (0, 0, table.rows[2][1])
    assert document.data == report.to_dict()
    assert [t["month"] for t in report.to_dict()["trend"]] == ["2026-09", "2026-10", "2026-11"]
    shown = report._repr_html_()
    assert shown.count('<svg class="chart') == 3


def test_the_json_format_is_the_report_as_before(
    department: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    args = ["report", "monthly", "--config", str(department), "--month", "2026-11",
            "--as-of", "2026-11-26"]  # fmt: skip
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert main([*args, "--format", "json"]) == 0
    assert capsys.readouterr().out == printed
    report = _department_report(department, trend=0)
    assert printed == report.to_json() + "\n"
    assert "trend" not in json.loads(printed)


def test_every_format_from_the_command(
    department: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", "monthly", "--config", str(department), "--month", "2026-11",
            "--as-of", "2026-11-26"]  # fmt: skip
    capsys.readouterr()
    assert main([*args, "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>")
    assert page.count('<svg class="chart') == 3
    for binary in ("xlsx", "docx"):
        assert main([*args, "--format", binary]) == 2
        assert "--out" in capsys.readouterr().err
        out = tmp_path / f"report.{binary}"
        assert main([*args, "--format", binary, "--out", str(out)]) == 0
        assert out.stat().st_size > 0
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert book["报告"]["A1"].value == "示例市市场监督管理局 2026-11 双公示月报告"
    assert main([*args, "--format", "pdf"]) == 2
    err = capsys.readouterr().err
    assert "pdf" in err
    assert "docx、html、json、xlsx" in err
    before = department.read_bytes()
    assert main([*args, "--format", "xlsx", "--out", str(department)]) == 2  # never sgs.toml
    assert department.read_bytes() == before


class _Broken:
    @hookimpl
    def sgs_register_renderers(
        self, register: Callable[[str, Callable[..., object]], None]
    ) -> None:
        def layout(document: Document, path: Path) -> None:
            raise KeyError("单位名称")

        register("province-broken", layout)


@pytest.fixture
def broken_plugin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SGS_DISABLE_PLUGIN_AUTOLOAD", "1")
    reset_plugin_manager()
    get_plugin_manager().register(_Broken(), name="province_layouts")
    try:
        yield
    finally:
        reset_plugin_manager()


@pytest.mark.usefixtures("broken_plugin")
def test_a_broken_vendor_renderer_is_named_exit_2(
    department: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["report", "monthly", "--config", str(department), "--month", "2026-11",
                 "--format", "province-broken", "--out", str(tmp_path / "p.xlsx")]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "province_layouts" in err
    assert "KeyError" in err
    assert "Traceback" not in err


def test_the_city_document_names_the_silent_and_the_late(tmp_path: Path) -> None:
    today = dt.datetime.now(CHINA).date()
    prompt, slow, silent = PROMPT, SLOW, SILENT
    with small_city(tmp_path) as platform:
        report = monthly_report(platform.store, f"{today:%Y-%m}", name="示例市信用信息中心",
                                as_of=today, calendar=WorkCalendar(), trend=2)  # fmt: skip
    assert report.view == "platform"
    document = report.document()
    assert [s.heading for s in document.sections] == [
        "总体情况",
        "分部门情况",
        "未报送单位及迟报单位",
        "异议处理与信用修复",
    ]
    assert document.sections[-1].paragraphs[0].startswith("本月收到异议 0 件")
    assert dict(document.meta)["迟报率阈值"] == "50%"
    tables, charts = _blocks(document)
    penalties, silent_table, late_table = tables
    assert [r[:3] for r in penalties.rows] == [("准时局", prompt, 4), ("迟报局", slow, 4),
                                               ("合计", "", 8)]  # fmt: skip
    late_column = penalties.headers.index("迟报率")
    assert [r[late_column] for r in penalties.rows] == [Decimal("0.00"), Decimal("75.00"),
                                                        Decimal("37.50")]  # fmt: skip
    assert [penalties.flagged(r, late_column) for r in range(3)] == [False, True, False]
    assert silent_table.rows == (("未报局", silent),)
    assert late_table.rows == (("迟报局", slow, "行政处罚", Decimal("75.00")),)
    trend, on_time, received = charts
    assert on_time.categories == ("准时局", "迟报局")
    assert on_time.series[0].values == (100.0, 25.0)  # 100 − 迟报率
    assert [s.values for s in received.series] == [(4, 4), (4, 4)]  # 接收, 通过
    assert trend.kind == "line"
    assert trend.series[0].values[-1] == 8
    assert "本月共有 2 个部门报送数据，1 个已登记部门未报送。" in document.sections[0].paragraphs
