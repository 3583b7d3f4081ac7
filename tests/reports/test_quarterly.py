"""季通报 of a synthetic city in 2019Q4, every figure worked out by hand (issue 14 #4)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from sgs.calendar import WorkCalendar
from sgs.cli.main import main
from sgs.platform import open_platform
from sgs.reports import period, quarterly_report
from sgs.reports.document import Chart, Table

from .city import build_city


def test_the_bulletin_of_2019q4(tmp_path: Path) -> None:
    city = build_city(tmp_path)
    a, b, c, d = city.codes
    with open_platform(city.config) as platform:
        report = quarterly_report(platform.store, platform.config.name, period("2019Q4"),
                                  as_of=dt.date(2020, 2, 1), calendar=WorkCalendar(),
                                  standard=platform.checks.standard)  # fmt: skip
    data = report.to_dict()
    assert data["title"] == "示例市2019年第四季度社会信用体系建设“双公示”工作通报"
    assert data["reference_day"] == "2019-12-31"  # as_of is later: the quarter's end
    units = {u["code"]: u for u in data["units"]}
    assert [u["code"] for u in data["units"]] == [a, b, c, d]  # 市直 first, then 丙县, 高新区
    figures = {code: (u["received"], u["accepted"], u["late"]) for code, u in units.items()}
    # see tests/reports/city.py: 甲局 4 on time (the 调休 Saturday) + 1 late + 1 rejected + 1
    # update; 乙局 3 + a withdrawal; 丙县局 2, both a day late; 高新区局 nothing.
    assert figures == {a: (7, 6, 1), b: (4, 4, 0), c: (2, 2, 2), d: (0, 0, 0)}
    assert units[a]["timely_rate"] == {"value": 85.71, "numerator": 6, "denominator": 7}
    assert units[a]["late_rate"]["value"] == 14.29  # 1/7
    assert units[a]["compliance_rate"]["value"] == 85.71  # 6/7
    assert units[c]["timely_rate"]["value"] == 0.0  # (2 − 2)/2
    assert units[d]["timely_rate"]["value"] is None  # nothing received: n/a, not 0
    # 目录: the latest by 12-31 (甲局's 2020-01-05 one is after the quarter); days to 12-31
    assert units[a]["catalog"] == {"type": "catalog", "submitted": "2019-12-20", "version": "1.1"}
    ages = {code: u["catalog_age_days"] for code, u in units.items()}
    assert ages == {a: 11, b: 36, c: 82, d: None}  # 12-20→12-31; 11-25→12-31: 5+31; 10-10: 21+30+31
    assert units[b]["plan"]["type"] == "progress_plan"
    assert units[a]["plan"]["type"] == "work_plan"
    rosters = {code: u["roster_complete"] for code, u in units.items()}
    assert rosters == {a: True, b: False, c: True, d: None}  # 乙局's latest is incomplete
    # totals: 7+4+2 = 13 received, 6+4+2 = 12 accepted, 1+0+2 = 3 late
    totals = data["totals"]
    assert (totals["received"], totals["accepted"], totals["late"]) == (13, 12, 3)
    assert totals["compliance_rate"]["value"] == 92.31  # 12/13
    assert totals["late_rate"]["value"] == 23.08  # 3/13
    assert totals["timely_rate"]["value"] == 76.92  # 10/13
    # 表扬: accepted some, 迟报率 < 10 %: only 乙局 (甲局 14.29 %, 丙县局 100 %)
    assert data["praised"] == [{"name": "乙局", "code": b}]
    assert data["silent"] == [{"name": "高新区局", "code": d}]
    # 及时率 < 90 %, lowest first: 丙县局 0 %, 甲局 85.71 %
    assert [u["code"] for u in data["least_timely"]] == [c, a]
    assert data["incomplete"] == [
        {"name": "乙局", "code": b, "missing": ["完整的联络员名单"]},
        {"name": "丙县局", "code": c, "missing": ["工作方案或推进计划"]},
        {"name": "高新区局", "code": d, "missing": ["目录", "工作方案或推进计划", "联络员名单"]},
    ]

    document = report.document()
    assert document.kind == "quarterly"
    assert document.title == data["title"]
    assert [s.heading for s in document.sections] == [
        "一、基本情况", "二、各单位报送情况", "三、通报表扬", "四、通报批评", "五、下一步工作要求"]  # fmt: skip
    assert (
        "报送“双公示”信息13条，通过校验入库12条，合规率92.31%，迟报率23.08%，及时率76.92%"
        in (document.sections[0].paragraphs[0])
    )
    (table,) = document.tables()
    assert isinstance(table, Table)
    assert table.total_rows == 1
    assert table.rows[0][:2] == ("市直部门", "甲局")
    assert table.rows[2][:2] == ("丙县", "丙县局")
    assert table.rows[-1][6:] == (13, 12, 3, Decimal("92.31"), Decimal("23.08"), Decimal("76.92"))
    assert table.flagged(0, 11)  # 甲局's 及时率 85.71 < 90
    (chart,) = document.charts()
    assert isinstance(chart, Chart)
    assert chart.kind == "bar"
    assert chart.series[0].values == (85.71, 100.0, 0.0, None)
    assert "乙局" in document.sections[2].paragraphs[0]
    criticism = "".join(document.sections[3].paragraphs)
    assert "高新区局" in criticism
    assert "丙县局（0.00%）" in criticism


def test_documents_count_to_as_of_when_it_is_earlier(tmp_path: Path) -> None:
    city = build_city(tmp_path)
    a = city.codes[0]
    with open_platform(city.config) as platform:
        report = quarterly_report(platform.store, platform.config.name, period("2019Q4"),
                                  as_of=dt.date(2019, 12, 1), calendar=WorkCalendar(),
                                  standard=platform.checks.standard)  # fmt: skip
    unit = next(u for u in report.to_dict()["units"] if u["code"] == a)
    assert unit["catalog"]["version"] == "1.0"  # the 12-20 one was not in yet
    assert unit["catalog_age_days"] == 3  # 11-28 → 12-01


def test_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city = build_city(tmp_path)
    config = str(city.config)
    assert main(["report", "quarterly", "--config", config, "--quarter", "2019Q4",
                 "--as-of", "2020-02-01", "--format", "json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["received"] == 13
    out = tmp_path / "通报.json"
    assert main(["report", "quarterly", "--config", config, "--quarter", "2019Q4",
                 "--out", str(out)]) == 0  # fmt: skip
    assert json.loads(out.read_text(encoding="utf-8"))["quarter"] == "2019Q4"
    capsys.readouterr()
    for bad in ("2019-10", "2019Q5", "2019"):
        assert main(["report", "quarterly", "--config", config, "--quarter", bad]) == 2
        assert bad in capsys.readouterr().err  # a message naming it, no traceback


def test_the_bulletin_as_a_word_document(tmp_path: Path) -> None:
    """The DRC's bulletin: its title, sections 一 to 五, the table and the chart, read back."""
    import docx

    city = build_city(tmp_path)
    out = tmp_path / "季通报.docx"
    assert main(["report", "quarterly", "--config", str(city.config), "--quarter", "2019Q4",
                 "--as-of", "2020-02-01", "--format", "docx", "--out", str(out)]) == 0  # fmt: skip
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs if p.text]
    assert "2019年第四季度" in texts[0]
    assert "双公示" in texts[0]
    headings = [p.text for p in document.paragraphs
                if p.style is not None and str(p.style.name).startswith("Heading")]  # fmt: skip
    assert [h[:2] for h in headings] == ["一、", "二、", "三、", "四、", "五、"]
    table = document.tables[0]
    assert [row.cells[0].text for row in table.rows][1:] == ["市直部门", "市直部门", "丙县",
                                                            "高新区", "合计"]  # fmt: skip
    assert "甲局" in [cell.text for cell in table.rows[1].cells]
    assert document.inline_shapes, "the 及时率 chart is a picture in the document"
    assert (
        main(
            [
                "report",
                "quarterly",
                "--config",
                str(city.config),
                "--quarter",
                "2019Q4",
                "--format",
                "docx",
            ]
        )
        == 2
    )  # a file format needs --out
