"""月报告 as JSON, of a department and of a city (issue 14 #2, in part)."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from pathlib import Path

import pytest

from sgs.calendar import WorkCalendar
from sgs.cli.main import main
from sgs.platform import open_platform
from sgs.reports import period, platform_monthly

from ..platform.records import CITY, body, department_code, penalty
from .small_city import PROMPT, SILENT, SLOW, small_city

ROOT = Path(__file__).resolve().parents[2]
CHINA = dt.timezone(dt.timedelta(hours=8))


def test_a_departments_month_from_its_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "department"
    shutil.copytree(ROOT / "examples" / "department", folder)
    config = str(folder / "sgs.toml")
    assert main(["sync", "--config", config, "--as-of", "2026-11-26"]) == 1  # defects: 1
    capsys.readouterr()
    assert main(["report", "monthly", "--config", config, "--month", "2026-11",
                 "--as-of", "2026-11-26"]) == 0  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert (report["month"], report["due"], report["view"]) == ("2026-11", "2026-12-15",
                                                                 "department")  # fmt: skip
    (unit,) = report["units"]
    assert unit["code"] == "11410100MB00000005"
    penalty_figures = unit["penalty"]
    # 240 penalties were exported, 5 with defects (examples/make_department.py); one of those
    # is dated 2026/02/30, so it has no decision date and no month.
    assert penalty_figures["decisions"]["value"] == 239
    assert penalty_figures["invalid"]["value"] == 4
    on_time, late = penalty_figures["on_time"]["value"], penalty_figures["late"]["value"]
    rate = penalty_figures["timely_rate"]
    assert rate["numerator"] == on_time
    assert rate["denominator"] == on_time + late + penalty_figures["overdue"]["value"]
    assert report["totals"]["penalty"] == penalty_figures
    assert main(["report", "monthly", "--config", config, "--month", "2026Q4"]) == 2
    assert main(["report", "monthly", "--config", config, "--month", "2026-11",
                 "--out", config]) == 2  # never over sgs.toml  # fmt: skip


def test_a_citys_month_names_the_silent_and_the_late(tmp_path: Path) -> None:
    today = dt.datetime.now(CHINA).date()
    prompt, slow, silent = PROMPT, SLOW, SILENT
    with small_city(tmp_path) as platform:
        report = platform_monthly(platform.store, platform.config.name,
                                  period(f"{today:%Y-%m}"), as_of=today,
                                  calendar=WorkCalendar(), standard=platform.checks.standard)  # fmt: skip
    data = report.to_dict()
    assert [u["code"] for u in data["units"]] == [prompt, slow]
    assert data["silent"] == [{"name": "未报局", "code": silent}]
    assert data["over_threshold"] == [{"name": "迟报局", "code": slow, "kind": "penalty",
                                       "late_rate": 75.0}]  # fmt: skip
    totals = data["totals"]["penalty"]
    assert (totals["received"]["value"], totals["late"]["value"]) == (8, 3)
    assert totals["late_rate"] == {"value": 37.5, "numerator": 3, "denominator": 8}


def test_a_notebook_gets_the_month_as_rows_a_dataframe_and_a_table(tmp_path: Path) -> None:
    config = tmp_path / "platform.toml"
    config.write_text(f'[platform]\nname = "中心"\ncredit_code = "{CITY}"\n', encoding="utf-8")
    today = dt.datetime.now(CHINA).date()
    with open_platform(config) as platform:
        code = department_code(1)
        department, _ = platform.add_department("示例局", code)
        rng = random.Random(61)
        good = [penalty(n, code, rng, decided=dt.date(2026, 11, 30)) for n in range(3)]
        platform.receive(department, body([*good, {**good[0], "CF_WSH": ""}]))
        report = platform_monthly(platform.store, "中心", period(f"{today:%Y-%m}"), as_of=today,
                                  calendar=WorkCalendar(), standard=platform.checks.standard)  # fmt: skip
    rows = report.rows()
    assert [(r["name"], r["kind"]) for r in rows] == [("示例局", "penalty"), ("合计", "penalty")]
    assert (rows[0]["received"], rows[0]["accepted"], rows[0]["rejected"]) == (4, 3, 1)
    assert str(rows[0]["compliance_rate"]) == "75.00"
    frame = report.to_dataframe()
    assert list(frame["received"]) == [4, 4]
    shown = report._repr_html_()
    assert "示例局" in shown
    assert "<td>75.00</td>" in shown
