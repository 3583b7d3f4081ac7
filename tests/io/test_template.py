"""Tests of the blank XLSX fill-in templates."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sgs.errors import InputError
from sgs.io import read, write_template
from sgs.io.template import FIRST_DATA_ROW, TEMPLATE_DATA_ROWS
from sgs.records import LONG_TERM, PenaltyType, SubjectCategory
from sgs.standard import Enumeration, FieldType, Kind, Requirement, Standard, get_standard

KINDS = list(Kind)
LAST_ROW = FIRST_DATA_ROW + TEMPLATE_DATA_ROWS - 1


def _book(kind: Kind | str, standard: Standard | str | None = None) -> Any:
    out = io.BytesIO()
    write_template(out, kind, standard=standard)
    out.seek(0)
    return openpyxl.load_workbook(out)


def _validations(sheet: Any) -> dict[str, Any]:
    """The data validation of each column, by column letter."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            found[_letter(cell_range.min_col)] = validation
    return found


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


@pytest.mark.parametrize("kind", KINDS)
def test_rows_one_and_two_are_labels_and_codes(kind: Kind) -> None:
    """Row 1 holds the standard's labels exactly, row 2 the field codes, in standard order."""
    spec = get_standard().spec(kind)
    sheet = _book(kind).worksheets[0]
    assert [c.value for c in sheet[1]] == list(spec.labels)
    assert [c.value for c in sheet[2]] == list(spec.codes)
    assert sheet.title == kind.label


@pytest.mark.parametrize("kind", KINDS)
def test_mandatory_labels_are_red_and_bold(kind: Kind) -> None:
    """Mandatory labels are bold red; optional ones are not red."""
    spec = get_standard().spec(kind)
    sheet = _book(kind).worksheets[0]
    for column, field in enumerate(spec.fields, 1):
        font = sheet.cell(row=1, column=column).font
        assert font.b
        red = font.color.rgb.endswith("C00000")
        assert red == (field.requirement is Requirement.MANDATORY), field.code


def test_code_row_is_grey_and_small() -> None:
    """The field codes are small grey text."""
    font = _book("license").worksheets[0]["A2"].font
    assert font.sz < 11
    assert font.color.rgb.endswith("808080")


@pytest.mark.parametrize("kind", KINDS)
def test_every_label_has_a_comment_with_the_rules(kind: Kind) -> None:
    """Each label's comment gives the requirement, type, allowed values, note and code."""
    spec = get_standard().spec(kind)
    sheet = _book(kind).worksheets[0]
    for column, field in enumerate(spec.fields, 1):
        comment = sheet.cell(row=1, column=column).comment
        assert comment is not None, field.code
        text = comment.text
        assert f"【{field.requirement.label}】" in text
        assert field.code in text
        assert all(value in text for value in field.allowed_values)
        if field.note:
            assert field.note in text
        if field.max_length and field.type is FieldType.TEXT:
            assert f"最长{field.max_length}字符" in text


@pytest.mark.parametrize("kind", KINDS)
def test_enumerations_have_drop_down_lists(kind: Kind) -> None:
    """Code-list fields have list validations over the data rows, holding the allowed values."""
    spec = get_standard().spec(kind)
    validations = _validations(_book(kind).worksheets[0])
    for column, field in enumerate(spec.fields, 1):
        if field.enumeration is None:
            continue
        validation = validations[_letter(column)]
        assert validation.type == "list"
        assert (
            str(validation.sqref)
            == f"{_letter(column)}{FIRST_DATA_ROW}:{_letter(column)}{LAST_ROW}"
        )
        assert validation.formula1 == '"' + ",".join(field.allowed_values) + '"'


def test_multi_valued_list_only_warns() -> None:
    """处罚类别 only warns, so that several types separated by ``;`` can be typed."""
    spec = get_standard().penalty
    validations = _validations(_book("penalty").worksheets[0])
    column = spec.codes.index("CF_CFLB") + 1
    assert validations[_letter(column)].errorStyle == "warning"
    single = validations[_letter(spec.codes.index("CF_XDR_LB") + 1)]
    assert single.errorStyle in (None, "stop")


@pytest.mark.parametrize("kind", KINDS)
def test_date_columns_are_text_with_a_prompt(kind: Kind) -> None:
    """Date columns are formatted as text and prompt for YYYY/MM/DD."""
    spec = get_standard().spec(kind)
    sheet = _book(kind).worksheets[0]
    validations = _validations(sheet)
    dates = [(i, f) for i, f in enumerate(spec.fields, 1) if f.type is FieldType.DATE]
    assert dates
    for column, field in dates:
        assert sheet.column_dimensions[_letter(column)].number_format == "@", field.code
        assert "YYYY/MM/DD" in validations[_letter(column)].prompt


def test_amount_columns_take_numbers() -> None:
    """Amount columns keep the General format and validate a number of at least zero."""
    spec = get_standard().penalty
    sheet = _book("penalty").worksheets[0]
    letter = _letter(spec.codes.index("CF_NR_FK") + 1)
    assert sheet.column_dimensions[letter].number_format == "General"
    validation = _validations(sheet)[letter]
    assert (validation.type, validation.operator, validation.formula1) == (
        "decimal",
        "greaterThanOrEqual",
        "0",
    )


def test_layout_freezes_the_two_header_rows_and_sets_widths() -> None:
    """Panes freeze below row 2; every column has a width of its own."""
    sheet = _book("penalty").worksheets[0]
    assert sheet.freeze_panes == "A3"
    widths = [sheet.column_dimensions[_letter(i)].width for i in range(1, sheet.max_column + 1)]
    assert all(12 <= w <= 45 for w in widths)


@pytest.mark.parametrize("kind", KINDS)
def test_instructions_sheet_lists_every_field(kind: Kind) -> None:
    """The 填写说明 sheet has one row per field: label, code, requirement, type, length, values."""
    spec = get_standard().spec(kind)
    sheet = _book(kind)["填写说明"]
    rows = list(sheet.iter_rows(min_row=2, max_row=len(spec) + 1, values_only=True))
    assert [r[1] for r in rows] == list(spec.labels)
    assert [r[2] for r in rows] == list(spec.codes)
    assert [r[3] for r in rows] == [f.requirement.label for f in spec.fields]
    assert [r[5] or None for r in rows] == [f.max_length for f in spec.fields]


def test_template_sheet_comes_first() -> None:
    """The fill-in sheet is the first one, which the reader opens by default."""
    assert _book("license").sheetnames == ["行政许可", "填写说明"]


@pytest.mark.parametrize("kind", KINDS)
def test_reader_recognises_a_blank_template(kind: Kind, tmp_path: Path) -> None:
    """The reader finds the kind, maps every column to its field and finds no records."""
    path = tmp_path / "template.xlsx"
    write_template(path, kind)
    with read(path) as reader:
        assert reader.kind is kind
        assert [c.code for c in reader.columns] == list(reader.spec.codes)
        assert reader.unmapped == ()
        assert list(reader) == []


def test_filled_row_three_is_record_one(tmp_path: Path) -> None:
    """Data typed in row 3 of the template is read as record 1, with every value typed."""
    path = tmp_path / "template.xlsx"
    write_template(path, "penalty")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    codes = [c.value for c in sheet[2]]
    filled = {
        "CF_XDR_MC": "示例餐饮管理有限公司",
        "CF_XDR_LB": "法人及非法人组织",
        "CF_XDR_SHXYM": "91410100MA3X5AB156",
        "CF_CFLB": "罚款;警告",
        "CF_NR_FK": 0.5,
        "CF_JDRQ": "2024/01/31",
        "CF_YXQ": "2099/12/31",
    }
    for code, value in filled.items():
        sheet.cell(row=FIRST_DATA_ROW, column=codes.index(code) + 1, value=value)
    book.save(path)
    with read(path) as reader:
        rows = list(reader)
        spec = reader.spec
    assert len(rows) == 1
    assert (rows[0].position.record, rows[0].position.line) == (1, FIRST_DATA_ROW)
    record, problems = rows[0].to_record(spec)
    assert problems == ()
    assert record.party_category is SubjectCategory.ORGANIZATION
    assert record.penalty_types == (PenaltyType.FINE, PenaltyType.WARNING)  # type: ignore[union-attr]
    assert record.fine_amount == Decimal("0.5")  # type: ignore[union-attr]
    assert record.decision_date == dt.date(2024, 1, 31)
    assert record.penalty_valid_until is LONG_TERM  # type: ignore[union-attr]


def test_template_follows_the_chosen_standard() -> None:
    """The 2018 standard's template offers the 2018 处罚类别 list."""
    spec = get_standard("2018").penalty
    validations = _validations(_book("penalty", "2018").worksheets[0])
    letter = _letter(spec.codes.index("CF_CFLB") + 1)
    assert "没收违法所得、没收非法财物" in validations[letter].formula1


def test_long_lists_go_to_a_hidden_sheet() -> None:
    """A list too long for an inline validation is kept on a hidden 代码表 sheet."""
    values = tuple(f"类别{i:03d}" for i in range(80))
    standard = get_standard().evolve_field(
        "license", "XK_XKLB", enumeration=Enumeration(name="许可类别", values=values)
    )
    book = _book("license", standard)
    assert book.sheetnames == ["行政许可", "填写说明", "代码表"]
    lists = book["代码表"]
    assert lists.sheet_state == "hidden"
    spec = standard.license
    column = spec.codes.index("XK_XKLB") + 1
    letter = _letter(column)
    validation = _validations(book.worksheets[0])[letter]
    assert validation.formula1 == f"'代码表'!${letter}$1:${letter}$80"
    assert [lists.cell(row=i, column=column).value for i in range(1, 81)] == list(values)


def test_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    """A template path in a missing directory is an InputError; nothing is left behind."""
    with pytest.raises(InputError, match="目录不存在"):
        write_template(tmp_path / "no" / "t.xlsx", "license")


def test_existing_file_is_replaced_atomically(tmp_path: Path) -> None:
    """Writing over an existing file replaces it and leaves no temporary file."""
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"old")
    write_template(path, "license")
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]
    assert openpyxl.load_workbook(path).sheetnames[0] == "行政许可"


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    """An unknown kind raises before anything is written."""
    from sgs.errors import UnknownKindError

    with pytest.raises(UnknownKindError):
        write_template(tmp_path / "t.xlsx", "permit")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["t.csv", "t.xls", "t"])
def test_a_name_that_is_not_xlsx_is_refused(tmp_path: Path, name: str) -> None:
    import subprocess
    import sys

    with pytest.raises(InputError, match=r"\.xlsx"):
        write_template(tmp_path / name, "penalty")
    done = subprocess.run(
        [sys.executable, "-m", "sgs", "template", "penalty", "--out", str(tmp_path / name)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert ".xlsx" in done.stderr
    assert not (tmp_path / name).exists()
