"""Every record sheet of a workbook is read; the sheets that hold no records are named once."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import openpyxl
import pytest

import sgs
from sgs.errors import InputError
from sgs.io import WorkbookReader, read, read_all, write_template
from sgs.io.tables import open_table, open_tables
from sgs.standard import Kind

ZHENGZHOU = "zhengzhou-health-commission-penalty-list-2016-2017.xls"
PENALTY = ["行政相对人名称", "行政处罚决定书文号", "处罚决定日期"]
LICENSE = ["行政相对人名称", "行政许可决定文书号", "许可决定日期"]


def _book(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    """An XLSX file with ``sheets`` (title → rows), in order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _two_penalty_sheets(path: Path) -> Path:
    return _book(
        path,
        {
            "填表说明": [["请在“法人”和“自然人”工作表中逐行填写"], ["日期格式为 YYYY/MM/DD"]],
            "法人": [PENALTY, ["甲公司", "罚〔2024〕1号", "2024/01/02"]],
            "空表": [],
            "自然人": [
                ["自然人行政处罚信息"],
                PENALTY,
                ["张三", "罚〔2024〕2号", "2024/01/03"],
                ["李四", "罚〔2024〕3号", "2024/01/04"],
            ],
        },
    )


def test_the_zhengzhou_workbook_gives_both_sheets(samples: Path) -> None:
    """read() without sheet= reads 法人 (70) then 自然人 (52): positions carry the sheet."""
    with read(samples / ZHENGZHOU) as reader:
        rows = list(reader)
    assert isinstance(reader, WorkbookReader)
    assert reader.sheets == ("法人", "自然人")
    assert [len(p.sheets) for p in reader.parts] == [1, 1]
    assert len(rows) == 122
    first, last = rows[69].position, rows[70].position
    assert (first.sheet, first.record, first.line) == ("法人", 70, 72)
    assert (last.sheet, last.record, last.line) == ("自然人", 1, 3)  # rows count per sheet
    assert "[自然人]" in last.describe()
    with read(samples / ZHENGZHOU, sheet="自然人") as reader:
        assert len(list(reader)) == 52
        assert reader.sheets == ("自然人",)
    with read_all(samples / ZHENGZHOU) as tables:
        assert [(r.sheet, len(list(r))) for r in tables] == [("法人", 70), ("自然人", 52)]
        assert tables.sheets == ("法人", "自然人")


def test_a_sheet_without_records_is_named_in_one_warning(tmp_path: Path) -> None:
    """The instructions sheet is named once; the empty sheet is skipped unsaid."""
    path = _two_penalty_sheets(tmp_path / "sample.xlsx")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with read(path) as reader:
            rows = list(reader)
    assert [str(w.message) for w in caught] == [
        f"{path}: 工作表“填表说明”不是记录表（没有可识别的表头），已跳过 "
        "(sheet '填表说明' is not a table of records: no recognisable header; skipped)"
    ]
    assert [(r.position.sheet, r.position.line, r.values["CF_XDR_MC"]) for r in rows] == [
        ("法人", 2, "甲公司"),
        ("自然人", 3, "张三"),
        ("自然人", 4, "李四"),
    ]
    with pytest.warns(UserWarning, match="填表说明"):
        tables = read_all(path)
    with tables:
        assert tables.skipped == ("填表说明", "空表")
        assert [r.header_line for r in tables] == [1, 2]


def test_sheets_of_both_kinds_are_read_one_at_a_time(tmp_path: Path) -> None:
    """read() refuses a workbook of license and penalty sheets; read_all() and sheet= read it."""
    path = _book(
        tmp_path / "both.xlsx",
        {
            "许可": [LICENSE, ["甲公司", "许〔2024〕1号", "2024/01/02"]],
            "处罚": [PENALTY, ["乙公司", "罚〔2024〕1号", "2024/01/03"]],
        },
    )
    with pytest.raises(InputError, match="--sheet") as info:
        read(path)
    assert info.value.path == str(path)
    assert "许可" in info.value.message_zh
    assert "sheet=" in info.value.message_en
    with read_all(path) as tables:
        assert [(r.sheet, r.kind) for r in tables] == [
            ("许可", Kind.LICENSE),
            ("处罚", Kind.PENALTY),
        ]
    with read(path, sheet="处罚") as reader:
        assert reader.kind is Kind.PENALTY
        assert [r.values["CF_XDR_MC"] for r in reader] == ["乙公司"]


def test_a_workbook_without_any_record_sheet_is_unusable(tmp_path: Path) -> None:
    path = _book(tmp_path / "notes.xlsx", {"说明": [["见附件"]], "备注": [["无"]]})
    with pytest.raises(InputError, match="找不到可识别的表头") as info:
        read(path)
    assert "说明、备注" in info.value.message_zh
    assert info.value.path == str(path)


def test_a_list_of_field_names_is_not_a_table_of_records(tmp_path: Path) -> None:
    """A sheet listing each field's label and code names one field a row: it is skipped."""
    path = _book(
        tmp_path / "explained.xlsx",
        {
            "数据": [PENALTY, ["甲公司", "罚〔2024〕1号", "2024/01/02"]],
            "字段说明": [
                ["序号", "字段", "代码"],
                ["1", "行政相对人名称", "CF_XDR_MC"],
                ["2", "行政处罚决定书文号", "CF_WSH"],
            ],
        },
    )
    with pytest.warns(UserWarning, match="字段说明"):
        reader = read(path)
    with reader:
        assert reader.sheets == ("数据",)
        assert len(list(reader)) == 1
    with read(path, sheet="字段说明") as reader:  # asked for by name: read as it is
        assert reader.header_line == 2


def test_a_filled_sgs_template_reads_without_a_warning(tmp_path: Path) -> None:
    """The 填写说明 sheet of sgs's own template is skipped unsaid, not read as records."""
    path = tmp_path / "模板.xlsx"
    write_template(path, "penalty")
    book = openpyxl.load_workbook(path)
    book.worksheets[0].append(["甲公司"])
    book.save(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with read(path) as reader:
            rows = list(reader)
    assert reader.sheets == ("行政处罚",)
    assert [r.values for r in rows] == [{"CF_XDR_MC": "甲公司"}]


def test_a_workbook_reader_reads_cells_only_through_its_parts(samples: Path) -> None:
    with read(samples / ZHENGZHOU) as reader:
        with pytest.raises(TypeError, match="parts"):
            reader.cells()
        with pytest.raises(TypeError, match="parts"):
            next(reader.cell_batches(10))
        lines = [next(iter(part.cells()))[0] for part in reader.parts]
    assert lines == [3, 3]
    assert "序号" in reader.unmapped


def test_a_chart_sheet_is_skipped(tmp_path: Path) -> None:
    from openpyxl.chart import BarChart, Reference

    book = openpyxl.Workbook()
    data = book.active
    data.title = "数据"
    data.append(PENALTY)
    data.append(["甲公司", "罚〔2024〕1号", "2024/01/02"])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=3, min_row=1, max_row=2))
    book.create_chartsheet("图表", 0).add_chart(chart)  # first: it was all that was read
    book.save(tmp_path / "chart.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a chart holds no cells: nothing is left out
        with read_all(tmp_path / "chart.xlsx") as tables:
            assert tables.skipped == ("图表",)
            assert [len(list(r)) for r in tables] == [1]


def test_open_table_still_gives_the_first_sheet(tmp_path: Path) -> None:
    """The forms and the ledger read one sheet: open_table keeps taking the first."""
    path = _two_penalty_sheets(tmp_path / "sample.xlsx")
    table = open_table(path)
    try:
        assert table.sheet == "填表说明"
        assert next(cells[0] for _, cells in table.rows).startswith("请在")
    finally:
        table.close()
    tables = open_tables(path)
    try:
        assert tables.selected == ("填表说明", "法人", "空表", "自然人")
        assert tables.open("自然人").sheet == "自然人"
    finally:
        tables.close()
    tables = open_tables(path, sheet=1)
    try:
        assert tables.selected == ("法人",)
    finally:
        tables.close()


def test_a_csv_and_mappings_are_one_table(examples: Path) -> None:
    with read_all(examples / "penalties.csv") as tables:
        assert len(tables) == 1
        assert tables.sheets == ()
        assert len(list(tables.readers[0])) == 4
    with read_all(iter([{"CF_XDR_MC": "甲", "CF_WSH": "1号"}])) as tables:
        assert [len(list(r)) for r in tables] == [1]
    with sgs.read_all(io.StringIO("CF_XDR_MC,CF_WSH\n甲,1号\n")) as tables:
        assert [r.format for r in tables] == ["csv"]
