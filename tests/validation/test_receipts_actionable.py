"""Receipts a provider can act on (issue 12 #6) and dates that stay dates (#3).

Each test builds its workbook, validates it and reads the XLSX receipt back
with openpyxl: where the added columns are, which cells are marked, and
that a date cell of the input is a date cell of the receipt.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sgs import Validator
from sgs.cli.main import main
from sgs.io.write.xlsx import NOTE_FILL, WRAPPED_WIDTH
from tests.cli.test_validate import COMPANY

AS_OF = dt.date(2026, 11, 26)
TEMPLATE = "credit-office-legal-person-penalty-import-template-2019.xlsx"
#: A valid penalty by field code, its dates date cells.
VALID: dict[str, Any] = {
    **COMPANY,
    "CF_WSH": "示市监罚〔2026〕1号",
    "CF_JDRQ": dt.datetime(2026, 11, 2),
    "CF_YXQ": dt.datetime(2026, 11, 2),
}
CODES = list(VALID)


def _workbook(path: Path, rows: list[dict[str, Any]], blank_columns: int = 0) -> Path:
    """An XLSX file of ``rows`` under code headers, with ``blank_columns`` blank headers after."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([*CODES, *([None] * blank_columns)])
    for row in rows:
        sheet.append([row.get(code) for code in CODES] + list(row.get("_beyond", [])))
    if blank_columns:  # a formatted cell at the far end: the used range is wider than the headers
        sheet.cell(1, len(CODES) + blank_columns).number_format = "@"
    book.save(path)
    return path


def _receipt(source: Path, target: Path) -> Any:
    report = Validator(as_of=AS_OF).validate(source)
    try:
        assert report.write_receipt(target) == [str(target)]
    finally:
        report.close()
    book = openpyxl.load_workbook(target)
    return book.worksheets[0]


def _headers(sheet: Any) -> list[Any]:
    return [c.value for c in sheet[1]]


def _marked(row: Any) -> dict[str, str]:
    """The cells of a receipt row filled as in error: column header → comment text."""
    headers = [c.value for c in row[0].parent[1]]
    found = {}
    for header, cell in zip(headers, row, strict=False):
        if cell.fill.fgColor.rgb == NOTE_FILL:
            assert cell.comment is not None, cell.coordinate
            found[header] = cell.comment.text
        else:
            assert cell.comment is None, cell.coordinate
    return found


def test_the_added_columns_follow_the_last_header_of_a_template(
    samples: Path, tmp_path: Path
) -> None:
    source = tmp_path / "template.xlsx"
    shutil.copy(samples / TEMPLATE, source)
    book = openpyxl.load_workbook(source)
    sheet = book.worksheets[0]
    named = [c.value for c in sheet[1] if c.value is not None]
    assert sheet.max_column > len(named) + 20  # 23 blank headers in the used range
    row: list[Any] = [None] * sheet.max_column
    row[0], row[8], row[11] = "示例公司", "罚款", dt.datetime(2019, 4, 13)
    sheet.append(row)
    book.save(source)

    receipt = _receipt(source, tmp_path / "r.xlsx")

    assert _headers(receipt) == [*named, "错误字段", "错误说明"]
    assert receipt.max_column == len(named) + 2
    decided = receipt.cell(2, 12)
    assert decided.is_date
    assert decided.value == dt.datetime(2019, 4, 13)
    assert decided.number_format == "yyyy/mm/dd"


def test_data_under_a_blank_header_stays_in_the_receipt(tmp_path: Path) -> None:
    bad = {**VALID, "CF_CFJG": "", "_beyond": [None, None, "补充说明"]}
    source = _workbook(tmp_path / "in.xlsx", [bad], blank_columns=10)

    receipt = _receipt(source, tmp_path / "r.xlsx")

    headers = _headers(receipt)
    assert headers[-2:] == ["错误字段", "错误说明"]
    assert len(headers) == len(CODES) + 3 + 2  # up to the cell with data, not the 10 blank
    assert receipt.cell(2, len(CODES) + 3).value == "补充说明"


def test_cells_in_error_are_filled_and_commented(tmp_path: Path) -> None:
    bad = {
        **VALID,
        "CF_WSH": "示市监罚〔2026〕2号",
        "CF_CFJG": "",
        "CF_XDR_SHXYM": "91410100MA3X5AB15X",
    }
    source = _workbook(tmp_path / "in.xlsx", [VALID, bad])

    receipt = _receipt(source, tmp_path / "r.xlsx")

    assert receipt.max_row == 2  # the rejected row only
    rows = list(receipt.iter_rows(min_row=2))
    marked = _marked(rows[0])
    assert set(marked) == {"CF_CFJG", "CF_XDR_SHXYM"}
    explanation = rows[0][-1].value
    for message in marked.values():
        assert message
        assert message in explanation
    assert "CF_CFJG" not in marked["CF_XDR_SHXYM"]
    assert "处罚机关" in marked["CF_CFJG"]


def test_the_explanation_wraps_in_a_wide_column(tmp_path: Path) -> None:
    bad = {**VALID, "CF_CFJG": "", "CF_NR": ""}
    source = _workbook(tmp_path / "in.xlsx", [bad])

    receipt = _receipt(source, tmp_path / "r.xlsx")

    explanation = receipt.cell(2, receipt.max_column)
    assert _headers(receipt)[-1] == "错误说明"
    assert explanation.alignment.wrap_text
    letter = explanation.column_letter
    assert receipt.column_dimensions[letter].width == WRAPPED_WIDTH
    assert not receipt.cell(2, 1).alignment.wrap_text


def test_date_cells_come_back_as_dates_with_their_time(tmp_path: Path) -> None:
    bad = {**VALID, "CF_CFJG": "", "CF_YXQ": dt.datetime(2026, 12, 31, 9, 30)}
    source = _workbook(tmp_path / "in.xlsx", [bad])

    receipt = _receipt(source, tmp_path / "r.xlsx")

    decided = receipt.cell(2, CODES.index("CF_JDRQ") + 1)
    until = receipt.cell(2, CODES.index("CF_YXQ") + 1)
    assert decided.is_date
    assert decided.value == dt.datetime(2026, 11, 2)
    assert until.is_date
    assert until.value == dt.datetime(2026, 12, 31, 9, 30)
    assert until.number_format == "yyyy/mm/dd hh:mm:ss"


def test_a_csv_receipt_of_a_workbook_keeps_the_date_text(tmp_path: Path) -> None:
    source = _workbook(tmp_path / "in.xlsx", [{**VALID, "CF_CFJG": ""}])
    report = Validator(as_of=AS_OF).validate(source)
    target = tmp_path / "r.csv"
    report.write_receipt(target)
    report.close()
    assert "2026-11-02" in target.read_text(encoding="utf-8-sig").splitlines()[1]


def test_a_clean_file_gets_no_receipt(tmp_path: Path) -> None:
    source = _workbook(tmp_path / "in.xlsx", [VALID])
    report = Validator(as_of=AS_OF).validate(source)
    assert report.ok
    assert report.write_receipt(tmp_path / "r.xlsx") == []
    report.close()
    assert not (tmp_path / "r.xlsx").exists()


def test_validate_says_nothing_to_return(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _workbook(tmp_path / "in.xlsx", [VALID])
    target = tmp_path / "r.xlsx"
    status = main(["validate", str(source), "--receipt", str(target), "--as-of", "2026-11-26",
                   "--no-plugins"])  # fmt: skip
    out = capsys.readouterr().out
    assert status == 0
    assert "无需退回 (nothing to return)" in out
    assert "退回回执 rejection receipt" not in out
    assert not target.exists()


def test_several_clean_files_get_no_receipt_folder(tmp_path: Path) -> None:
    one = _workbook(tmp_path / "a.xlsx", [VALID])
    two = _workbook(tmp_path / "b.xlsx", [{**VALID, "CF_WSH": "示市监罚〔2026〕3号"}])
    report = Validator(as_of=AS_OF).validate_many([one, two])
    folder = tmp_path / "receipts"
    assert report.write_receipt(folder) == []
    report.close()
    assert not folder.exists()
