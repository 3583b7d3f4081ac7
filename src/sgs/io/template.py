"""Blank fill-in XLSX templates for 行政许可 and 行政处罚 records.

:func:`write_template` writes a workbook whose first sheet has the standard's
Chinese labels in row 1 and the field codes in row 2, so that
:func:`sgs.io.read` recognises every column (it takes the row of codes as the
header row) and the first data row, row 3, is record 1. The template helps
the person filling it in:

* mandatory fields (必填) have red labels, conditional ones (条件必填) orange;
* every label has a comment with the requirement, type, maximum length,
  allowed values and the standard's note;
* code-list fields have drop-down lists; 处罚类别 accepts several values
  separated by ``;`` (the list only warns);
* date and text columns are formatted as text (``@``) so that Excel keeps
  ``2024/01/31`` and 18-digit ID numbers as typed; dates prompt ``YYYY/MM/DD``;
* a second sheet ``填写说明`` lists every field.

>>> import io, openpyxl
>>> out = io.BytesIO()
>>> write_template(out, "penalty")
>>> book = openpyxl.load_workbook(out)
>>> book.sheetnames, book.active["A1"].value, book.active["A2"].value
(['行政处罚', '填写说明'], '行政相对人名称', 'CF_XDR_MC')
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import IO, Any

from sgs.errors import InputError
from sgs.io.write import save_workbook
from sgs.io.write.xlsx import content_width, require_openpyxl
from sgs.standard import FieldSpec, FieldType, Kind, Requirement, Standard, get_standard
from sgs.standard.export import display_width

__all__ = ["TEMPLATE_DATA_ROWS", "field_type_text", "write_template"]

#: How many data rows (from row 3) carry the drop-down lists and input prompts.
TEMPLATE_DATA_ROWS = 1000
#: The first data row: row 1 holds the labels, row 2 the field codes.
FIRST_DATA_ROW = 3
INSTRUCTIONS_SHEET = "填写说明"
LISTS_SHEET = "代码表"
#: The header row of the instructions sheet.
INSTRUCTIONS_HEADERS = (
    "序号", "字段名称", "字段代码", "填写要求", "数据类型", "最大长度", "可选值", "说明",
)  # fmt: skip

_LABEL_COLORS = {
    Requirement.MANDATORY: "C00000",
    Requirement.CONDITIONAL: "C55A11",
    Requirement.OPTIONAL: "000000",
}
_HEADER_FILL = "DDEBF7"
_CODE_COLOR = "808080"
# Excel's limits on data validations: the inline list formula, the prompt and its title.
_MAX_INLINE_LIST = 255
_MAX_PROMPT = 255
_MAX_PROMPT_TITLE = 32


def field_type_text(field: FieldSpec) -> str:
    """The field's type as the template describes it.

    >>> std = get_standard("2018")
    >>> field_type_text(std.penalty["CF_NR_FK"]), field_type_text(std.penalty["CF_CFLB"])
    ('数值型（单位：万元，最多6位小数）', '代码（可多选，以分号;分隔）')
    """
    if field.type is FieldType.DATE:
        return "日期型（YYYY/MM/DD）"
    if field.type is FieldType.DECIMAL:
        details = []
        if field.unit:
            details.append(f"单位：{field.unit}")
        if field.decimals is not None:
            details.append(f"最多{field.decimals}位小数")
        return "数值型" + (f"（{'，'.join(details)}）" if details else "")
    if field.type is FieldType.ENUMERATION:
        return "代码（可多选，以分号;分隔）" if field.multiple else "代码（从下拉列表选择）"
    return "字符型"


def _allowed_text(field: FieldSpec) -> str:
    enumeration = field.enumeration
    if enumeration is None:
        return ""
    return "；".join(
        f"{v}（{enumeration.titles[v]}）" if v in enumeration.titles else v
        for v in enumeration.values
    )


def _comment_text(field: FieldSpec) -> str:
    head = f"【{field.requirement.label}】{field_type_text(field)}"
    if field.max_length is not None and field.type is not FieldType.DATE:
        head += f"，最长{field.max_length}字符"
    lines = [head]
    allowed = _allowed_text(field)
    if allowed:
        lines.append(f"可选值：{allowed}")
    if field.note:
        lines.append(f"说明：{field.note}")
    lines.append(f"字段代码：{field.code}")
    return "\n".join(lines)


def _prompt(field: FieldSpec) -> str:
    if field.type is FieldType.DATE:
        text = "YYYY/MM/DD，如 2024/01/31"
        if "长期" in field.note:
            text += "；长期填 2099/12/31"
    elif field.type is FieldType.DECIMAL:
        text = field_type_text(field)
    elif field.multiple:
        text = "从下拉列表选择，或输入多个类别，以分号;分隔"
    elif field.enumeration is not None:
        titles = field.enumeration.titles
        text = "从下拉列表选择"
        if titles:
            text += "：" + "；".join(f"{v}={t}" for v, t in titles.items())
    else:
        text = f"最长{field.max_length}字符" if field.max_length else "字符型"
    return f"{field.requirement.label}。{text}"[:_MAX_PROMPT]


def _fits_inline(values: Sequence[str]) -> bool:
    """Whether Excel takes the list inline (``"a,b"``): short, and no commas or quotes."""
    return len(",".join(values)) <= _MAX_INLINE_LIST and not any(
        ("," in v or '"' in v) for v in values
    )


def _list_formula(values: Sequence[str], lists: Any, column: int) -> str:
    """An inline list when Excel allows it, else a range of the hidden list sheet."""
    if _fits_inline(values):
        return '"' + ",".join(values) + '"'
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(column)
    for row, value in enumerate(values, 1):
        lists.cell(row=row, column=column, value=value).data_type = "s"
    return f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(values)}"


def _validation(field: FieldSpec, lists_sheet: Any, list_column: int) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    options: dict[str, Any] = {
        "allow_blank": True,
        "showInputMessage": True,
        "promptTitle": field.label[:_MAX_PROMPT_TITLE],
        "prompt": _prompt(field),
    }
    if field.enumeration is not None:
        options.update(
            type="list",
            formula1=_list_formula(field.allowed_values, lists_sheet, list_column),
            showErrorMessage=True,
            errorStyle="warning" if field.multiple else "stop",
            errorTitle=field.label[:_MAX_PROMPT_TITLE],
            error=(
                "不在列表中。可填多个类别，以分号;分隔；确认无误请点“是”"
                if field.multiple
                else "请从下拉列表中选择"
            ),
        )
    elif field.type is FieldType.DECIMAL:
        options.update(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            showErrorMessage=True,
            errorStyle="warning",
            error="应为不小于0的数字" + (f"，单位：{field.unit}" if field.unit else ""),
        )
    elif field.type is FieldType.TEXT and field.max_length:
        options.update(
            type="textLength",
            operator="lessThanOrEqual",
            formula1=str(field.max_length),
            showErrorMessage=True,
            errorStyle="warning",
            error=f"超过标准规定的最大长度{field.max_length}字符",
        )
    return DataValidation(**options)


def _column_width(field: FieldSpec) -> float:
    content = content_width(field, date=14, decimal=16, longest=30)
    label = min(display_width(field.label), 40) // 2 + 2  # labels wrap onto two lines
    return float(max(content, label, 12))


def _instructions(book: Any, fields: Sequence[FieldSpec], kind: Kind) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(INSTRUCTIONS_SHEET)
    headers = INSTRUCTIONS_HEADERS
    widths = (6, 30, 16, 10, 24, 10, 40, 60)
    sheet.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
        cell = sheet.cell(row=1, column=column)
        cell.font = bold
        cell.fill = fill
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, field in enumerate(fields, 1):
        sheet.append(
            (
                number,
                field.label,
                field.code,
                field.requirement.label,
                field_type_text(field),
                field.max_length if field.max_length is not None else "",
                _allowed_text(field),
                field.note,
            )
        )
        row = sheet.max_row
        sheet.cell(row=row, column=4).font = Font(color=_LABEL_COLORS[field.requirement])
        for column in (2, 5, 7, 8):
            sheet.cell(row=row, column=column).alignment = wrap
    sheet.freeze_panes = "A2"
    note_row = sheet.max_row + 2
    sheet.cell(row=note_row, column=1, value="注：").font = bold
    sheet.cell(
        row=note_row,
        column=2,
        value=(
            f"在“{kind.label}”工作表第{FIRST_DATA_ROW}行起逐行填写，每行一条记录；"
            "第1行为字段名称，第2行为字段代码，请勿修改或删除。"
            "红色字段为必填，橙色字段为条件必填。日期格式为YYYY/MM/DD，2099/12/31表示长期。"
        ),
    )


def _build(kind: Kind, standard: Standard) -> Any:
    openpyxl = require_openpyxl(None)
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    spec = standard.spec(kind)
    fields = spec.fields
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = kind.label
    lists = None  # the hidden 代码表 sheet, made only for lists too long to write inline
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    code_font = Font(size=9, color=_CODE_COLOR)
    last_row = FIRST_DATA_ROW + TEMPLATE_DATA_ROWS - 1
    for column, field in enumerate(fields, 1):
        letter = get_column_letter(column)
        label = sheet.cell(row=1, column=column, value=field.label)
        label.data_type = "s"
        label.font = Font(bold=True, color=_LABEL_COLORS[field.requirement])
        label.fill = fill
        label.alignment = center
        text = _comment_text(field)
        height = 20 * (text.count("\n") + 1 + len(text) // 24) + 20
        label.comment = Comment(text, "sgs", width=320, height=min(height, 400))
        code = sheet.cell(row=2, column=column, value=field.code)
        code.font = code_font
        code.alignment = center
        dimension = sheet.column_dimensions[letter]
        dimension.width = _column_width(field)
        if field.type is not FieldType.DECIMAL:
            dimension.number_format = "@"  # keep dates and long digit strings as typed
        needs_sheet = field.enumeration is not None and not _fits_inline(field.allowed_values)
        if needs_sheet and lists is None:
            lists = book.create_sheet(LISTS_SHEET)
            lists.sheet_state = "hidden"
        validation = _validation(field, lists, column)
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
        sheet.add_data_validation(validation)
    sheet.row_dimensions[1].height = 36
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    _instructions(book, fields, kind)
    if lists is not None:
        book.move_sheet(LISTS_SHEET, offset=len(book.sheetnames))
    return book


def write_template(
    path: str | os.PathLike[str] | IO[bytes],
    kind: Kind | str,
    *,
    standard: Standard | str | None = None,
) -> None:
    """Write a blank fill-in XLSX template for ``kind`` (``license`` or ``penalty``).

    ``path`` is a file path (written atomically, like :func:`~sgs.io.open_writer`)
    or a binary file. ``standard`` picks the version of the standard (default:
    the newest). Raises :class:`~sgs.errors.InputError` when the file cannot
    be written or openpyxl is not installed.
    """
    if isinstance(path, str | os.PathLike) and not os.fspath(path).lower().endswith(".xlsx"):
        raise InputError(
            "填报模板是 Excel 文件，文件名应以 .xlsx 结尾",
            "a template is an Excel workbook: name it *.xlsx",
            path=path,
        )
    book = _build(Kind.parse(kind), get_standard(standard))
    if not isinstance(path, str | os.PathLike):
        book.save(path)
        return
    save_workbook(book, path)
