"""The xlsx renderer, read back with openpyxl and from the workbook's own XML."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from sgs.reports import render

from .documents import DOCUMENT


def _written(tmp_path: Path) -> tuple[Path, Any]:
    path = render(DOCUMENT, "xlsx", tmp_path / "report.xlsx")
    return path, openpyxl.load_workbook(path)


def test_the_header_block_and_where_each_table_and_chart_is(tmp_path: Path) -> None:
    _, book = _written(tmp_path)
    assert book.sheetnames == ["报告", "行政处罚（按部门）", "图表"]
    sheet = book["报告"]
    assert sheet["A1"].value == DOCUMENT.title
    assert sheet["A1"].font.b
    assert sheet["A2"].value == "信用平台接收数据统计"
    assert [(sheet.cell(r, 1).value, sheet.cell(r, 2).value) for r in (3, 4, 5)] == list(
        DOCUMENT.meta
    )
    column = [c.value for c in sheet["A"]]
    assert "一、总体情况" in column
    assert "二、分部门情况" in column
    assert "本月接收 12 条，通过 10 条。" in column
    assert "表：行政处罚（按部门）" in column


def test_a_table_rows_totals_and_number_formats(tmp_path: Path) -> None:
    _, book = _written(tmp_path)
    sheet = book["行政处罚（按部门）"]
    assert sheet["A1"].value == "行政处罚（按部门）"
    assert [c.value for c in sheet[2]] == ["部门", "接收", "通过", "合规率", "迟报率"]
    assert all(c.font.b for c in sheet[2])
    assert [c.value for c in sheet[3]] == ["甲局", 8, 6, 0.75, 0.75]
    assert [c.value for c in sheet[5]] == ["丙局", 0, 0, "n/a", "n/a"]
    assert [c.value for c in sheet[6]] == ["合计", 12, 10, 0.8333, 0.5833]
    assert all(c.font.b for c in sheet[6])  # the totals
    assert not sheet["A3"].font.b
    assert sheet["D3"].number_format == "0.00%"
    assert sheet["E6"].number_format == "0.00%"
    assert sheet["B3"].number_format == "General"
    assert sheet.freeze_panes == "B3"
    assert sheet["A8"].value == "迟报率超过 50% 的标红。"
    # Sized for CJK: "行政处罚（按部门）" is 9 wide characters, 18 columns.
    assert sheet.column_dimensions["A"].width >= 18


def test_conditional_formatting_over_the_rate_the_threshold_is_for(tmp_path: Path) -> None:
    _, book = _written(tmp_path)
    sheet = book["行政处罚（按部门）"]
    rules = [
        (str(area.sqref), rule) for area in sheet.conditional_formatting for rule in area.rules
    ]
    assert [(where, r.type, r.operator, r.formula) for where, r in rules] == [
        ("E3:E6", "cellIs", "greaterThan", ["0.5"])
    ]  # the 迟报率 only, not the 合规率; a rule, not a static fill
    assert rules[0][1].dxf.fill is not None
    assert sheet["E3"].fill.fgColor.rgb in (None, "00000000")


def _charts(path: Path) -> list[tuple[str, list[str]]]:
    with zipfile.ZipFile(path) as archive:
        names = sorted(n for n in archive.namelist() if re.match(r"xl/charts/chart\d+\.xml", n))
        texts = [archive.read(n).decode("utf-8") for n in names]
    return [
        ("bar" if re.search("<(c:)?barChart>", t) else "line" if re.search("<(c:)?lineChart>", t)
         else "?", re.findall(r"<(?:c:)?f>([^<]+)</(?:c:)?f>", t))
        for t in texts
    ]  # fmt: skip


def _cells(book: Any, reference: str) -> list[Any]:
    sheet_name, cells = reference.rsplit("!", 1)
    sheet = book[sheet_name.strip("'")]
    found = sheet[cells.replace("$", "")]
    if not isinstance(found, tuple):
        return [found.value]
    return [c.value for row in found for c in (row if isinstance(row, tuple) else (row,))]


def test_a_native_chart_per_chart_block_referring_to_its_figures(tmp_path: Path) -> None:
    path, book = _written(tmp_path)
    charts = _charts(path)
    assert [kind for kind, _ in charts] == ["line", "bar", "bar"]
    expected = [
        [["接收"], ["2026-08", "2026-09", "2026-10"], [5, 9, 12]],
        [
            ["接收"],
            ["甲局", "乙局", "丙局"],
            [8, 4, 0],
            ["通过"],
            ["甲局", "乙局", "丙局"],
            [6, 4, 0],
        ],
        [["按时报送率"], ["甲局", "乙局", "丙局"], [25.0, 75.0, None]],
    ]
    for (_, references), values in zip(charts, expected, strict=True):
        assert all(r.startswith("'图表'!") for r in references), references
        assert [_cells(book, r) for r in references] == values
    assert book["图表"]["B20"].number_format == "General"
    rates = charts[2][1][2]
    first = rates.rsplit("!", 1)[1].split(":")[0].replace("$", "")
    assert book["图表"][first].number_format == '0.00"%"'
