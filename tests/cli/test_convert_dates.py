"""``sgs convert`` to XLSX writes dates as date cells (issue 12 #3); CSV keeps their text."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import openpyxl
import pytest

from sgs.cli.main import main
from sgs.io.tables import DateText, cell_text


def _source(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["CF_XDR_MC", "CF_WSH", "CF_JDRQ", "CF_YXQ", "备注"])
    sheet.append(["示例公司", "示罚〔2026〕1号", dt.datetime(2026, 11, 2), "2027/11/02", "某"])
    book.save(path)
    return path


def _convert(capsys: pytest.CaptureFixture[str], *args: str | Path) -> None:
    assert main(["convert", *map(str, args), "--headers", "code"]) == 0, capsys.readouterr().err
    capsys.readouterr()


def _row(path: Path) -> dict[str, openpyxl.cell.cell.Cell]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    headers = [c.value for c in sheet[1]]
    return dict(zip(headers, sheet[2], strict=True))


def test_dates_are_date_cells_in_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.xlsx"
    _convert(capsys, _source(tmp_path / "in.xlsx"), out)
    row = _row(out)
    # a date cell of the input, and a date received as text: both dates once normalised
    assert row["CF_JDRQ"].is_date
    assert row["CF_JDRQ"].value == dt.datetime(2026, 11, 2)
    assert row["CF_YXQ"].is_date
    assert row["CF_YXQ"].value == dt.datetime(2027, 11, 2)
    assert row["CF_JDRQ"].number_format == "yyyy/mm/dd"
    assert not row["CF_WSH"].is_date


def test_keep_text_keeps_a_date_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.xlsx"
    _convert(capsys, _source(tmp_path / "in.xlsx"), out, "--keep-text")
    row = _row(out)
    assert row["CF_JDRQ"].is_date
    assert row["CF_JDRQ"].value == dt.datetime(2026, 11, 2)
    assert row["CF_YXQ"].value == "2027/11/02"  # a text as received stays a text


def test_csv_keeps_date_texts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _source(tmp_path / "in.xlsx")
    slash, iso = tmp_path / "slash.csv", tmp_path / "iso.csv"
    _convert(capsys, source, slash)
    _convert(capsys, source, iso, "--date-style", "iso")
    assert "2026/11/02,2027/11/02" in slash.read_text(encoding="utf-8-sig")
    assert "2026-11-02,2027-11-02" in iso.read_text(encoding="utf-8-sig")


def test_a_date_text_is_its_text_and_pickles_with_its_date() -> None:
    text = cell_text(dt.datetime(2016, 4, 13))
    assert isinstance(text, DateText)
    assert text == "2016-04-13"
    assert text.date == dt.date(2016, 4, 13)
    back = pickle.loads(pickle.dumps(text))
    assert isinstance(back, DateText)
    assert back.date == text.date
    assert back == text
    assert text.strip() is text
    assert text.strip("2") == "016-04-13"
    assert type(cell_text("2016-04-13")) is str
