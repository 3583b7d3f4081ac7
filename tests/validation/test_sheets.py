"""Validation of every record sheet of a workbook: one summary a sheet, duplicates across them,
and a receipt that keeps each rejected row in its sheet."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

import sgs
from sgs.validation import Report, Validator

AS_OF = dt.date(2026, 11, 26)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _penalties() -> tuple[list[str], list[list[str]]]:
    """The header and the four valid records of examples/penalties.csv."""
    with open(EXAMPLES / "penalties.csv", encoding="utf-8-sig", newline="") as stream:
        header, *rows = list(csv.reader(stream))
    return header, rows


def _workbook(path: Path) -> Path:
    """法人: two valid records. 自然人: two valid ones, a repeat of 法人's first, one unnamed."""
    header, rows = _penalties()
    unnamed = ["", *rows[3][1:]]
    unnamed[header.index("行政处罚决定书文号")] = "示市监罚〔2026〕999号"
    book = openpyxl.Workbook()
    first = book.active
    first.title = "法人"
    for row in (header, rows[0], rows[1]):
        first.append(row)
    second = book.create_sheet("自然人")
    for row in (["自然人行政处罚信息"], header, rows[2], rows[3], rows[0], unnamed):
        second.append(row)
    book.save(path)
    return path


def _outcome(report: Report) -> list[tuple[str | None, int, int | None, str]]:
    return [(i.sheet, i.record, i.line, i.code) for i in report.issues]


def test_every_sheet_is_validated_with_its_own_summary(tmp_path: Path) -> None:
    report = sgs.validate(_workbook(tmp_path / "处罚.xlsx"), as_of=AS_OF)
    assert [(f.sheet, f.records, f.invalid, f.header_line) for f in report.files] == [
        ("法人", 2, 0, 1),
        ("自然人", 4, 2, 2),
    ]
    assert report.summary.total == 6
    # the same 决定书文号 in two sheets is a duplicate; lines are the sheet's own rows
    assert _outcome(report) == [
        ("自然人", 3, 5, "duplicate-decision"),
        ("自然人", 4, 6, "required-missing"),
    ]
    duplicate = report.issues[0]
    assert "首次出现于工作表“法人”第1条记录" in duplicate.message_zh
    assert "record 1 of sheet 法人" in duplicate.message_en
    files = report.to_dict()["files"]
    assert [(f["file"], f["sheet"]) for f in files] == [(str(tmp_path / "处罚.xlsx"), "法人"),
                                                       (str(tmp_path / "处罚.xlsx"), "自然人")]  # fmt: skip


def test_iterating_checks_every_sheet_in_one_run(tmp_path: Path) -> None:
    validator = Validator(as_of=AS_OF)
    report = validator.new_report()
    checked = list(validator.iter(_workbook(tmp_path / "处罚.xlsx"), report=report))
    assert [(c.position.sheet, c.position.line, c.valid) for c in checked] == [
        ("法人", 2, True),
        ("法人", 3, True),
        ("自然人", 3, True),
        ("自然人", 4, True),
        ("自然人", 5, False),  # the repeat of 法人's first record
        ("自然人", 6, False),
    ]
    assert [f.sheet for f in report.files] == ["法人", "自然人"]


def test_a_workbook_reader_is_validated_sheet_by_sheet(tmp_path: Path) -> None:
    with sgs.read(_workbook(tmp_path / "处罚.xlsx")) as reader:
        report = sgs.validate(reader, as_of=AS_OF)
    assert [f.sheet for f in report.files] == ["法人", "自然人"]
    assert report.by_code["duplicate-decision"] == 1


def test_jobs_give_the_same_report_for_a_workbook(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "处罚.xlsx")
    validator = Validator(as_of=AS_OF)
    one, two = (validator.validate_many([path], jobs=jobs) for jobs in (1, 2))
    assert _outcome(two) == _outcome(one)
    assert [(f.sheet, f.records) for f in two.files] == [("法人", 2), ("自然人", 4)]


def _sheets(path: Path) -> dict[str, list[list[str]]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {
            ws.title: [["" if v is None else str(v) for v in row] for row in ws.values]
            for ws in book.worksheets
        }
    finally:
        book.close()


def test_the_receipt_of_a_workbook_has_a_sheet_per_input_sheet(tmp_path: Path) -> None:
    header, rows = _penalties()
    report = sgs.validate(_workbook(tmp_path / "处罚.xlsx"), as_of=AS_OF)
    [written] = report.write_receipt(tmp_path / "回执.xlsx")
    sheets = _sheets(Path(written))
    assert list(sheets) == ["法人", "自然人"]
    assert sheets["法人"] == [[*header, "错误字段", "错误说明"]]  # nothing rejected there
    rejected = sheets["自然人"][1:]
    assert rejected[0][: len(header)] == rows[0]
    assert [r[0] for r in rejected] == [rows[0][0], ""]
    assert "重复" in rejected[0][-1]
    assert rejected[1][-2] == "行政相对人名称"


def test_a_csv_receipt_of_a_workbook_is_a_file_per_sheet(tmp_path: Path) -> None:
    report = sgs.validate(_workbook(tmp_path / "处罚.xlsx"), as_of=AS_OF)
    written = report.write_receipt(tmp_path / "回执.csv")
    assert [Path(p).name for p in written] == ["回执.法人.csv", "回执.自然人.csv"]
    with open(written[1], encoding="utf-8-sig", newline="") as stream:
        assert len(list(csv.reader(stream))) == 1 + 2


def test_receipts_into_a_folder_keep_a_workbook_whole(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "处罚.xlsx")
    report = Validator(as_of=AS_OF).validate_many([path, EXAMPLES / "penalties-with-errors.csv"])
    assert [f.input for f in report.files] == [0, 0, 1]
    folder = tmp_path / "receipts"
    written = report.write_receipt(folder)
    assert sorted(Path(p).name for p in written) == [
        "penalties-with-errors.退回.csv",
        "处罚.退回.xlsx",
    ]
    assert list(_sheets(folder / "处罚.退回.xlsx")) == ["法人", "自然人"]


@pytest.mark.parametrize("sheet", ["自然人", 1])
def test_sheet_restricts_validation_to_one_sheet(tmp_path: Path, sheet: str | int) -> None:
    report = sgs.validate(_workbook(tmp_path / "处罚.xlsx"), as_of=AS_OF, sheet=sheet)
    assert [(f.sheet, f.records) for f in report.files] == [("自然人", 4)]
    assert report.by_code.get("duplicate-decision") is None  # 法人 was not read
