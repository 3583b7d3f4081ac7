"""The XLSX sink: a streaming (write-only) openpyxl workbook of one sheet, within Excel's limits."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import IO, Any

from sgs.errors import InputError
from sgs.io.tables import import_extra
from sgs.io.write.atomic import write_error
from sgs.records.codecs import format_value
from sgs.standard import FieldSpec, FieldType
from sgs.standard.export import display_width

__all__ = [
    "XLSX_MAX_CELL_CHARS",
    "XLSX_MAX_COLUMNS",
    "XLSX_MAX_ROWS",
    "XlsxSink",
    "column_width",
    "content_width",
    "require_openpyxl",
]

#: Excel's limits: characters in a cell, rows and columns in a sheet.
XLSX_MAX_CELL_CHARS = 32767
XLSX_MAX_ROWS = 1048576
XLSX_MAX_COLUMNS = 16384
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XLSX_ERROR_CODES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
_XLSX_DATE_FORMATS: Mapping[str, str] = {"slash": "yyyy/mm/dd", "iso": "yyyy-mm-dd"}


def require_openpyxl(path: str | None) -> Any:
    """openpyxl, or an :class:`~sgs.errors.InputError` saying how to install it for writing."""
    return import_extra("openpyxl", "xlsx", path, writing=True)


def content_width(field: FieldSpec, *, date: int, decimal: int, longest: int) -> int:
    """The width of a column for the values of ``field``.

    ``date`` and ``decimal`` for dates and amounts; for texts the maximum
    length (20 when the standard gives none, at most ``longest``) and 2.
    """
    if field.type is FieldType.DATE:
        return date
    if field.type is FieldType.DECIMAL:
        return decimal
    return min(field.max_length or 20, longest) + 2


def column_width(header: str, field: FieldSpec | None) -> float:
    """The width of a written column: its header's or its values', within 10 to 60."""
    header_width = display_width(header) + 2
    content = 16 if field is None else content_width(field, date=12, decimal=14, longest=40)
    return float(min(max(header_width, content, 10), 60))


def _too_wide(path: str | None, columns: int, record: int | None = None) -> InputError:
    """Refuse ``columns`` columns: openpyxl cannot name a column past XFD, nor Excel show one."""
    zh, en = (f"第{record}条记录有", f"record {record} has ") if record else ("要写出", "")
    return InputError(
        f"{zh}{columns:,}列，超出 Excel 工作表的最大列数（{XLSX_MAX_COLUMNS:,}列）；"
        "请改用 CSV 或 JSON Lines（转换时也可用 --drop-extras 不写非标准列）",
        f"{en or 'writing '}{columns:,} columns, more than an Excel sheet holds "
        f"({XLSX_MAX_COLUMNS:,}); use CSV or JSON Lines (or --drop-extras when converting)",
        path=path,
    )


class XlsxSink:
    """Write-only (streaming) openpyxl workbook with one sheet, or more (:meth:`add_sheet`)."""

    def __init__(
        self,
        dest: str | IO[bytes],
        path: str | None,
        title: str,
        headers: Sequence[str],
        fields: Sequence[FieldSpec | None],
        date_style: str,
    ) -> None:
        if len(headers) > XLSX_MAX_COLUMNS:
            raise _too_wide(path, len(headers))
        for index, header in enumerate(headers, 1):
            if _XLSX_ILLEGAL.search(header):
                raise InputError(
                    f"第{index}列的表头含有 Excel 无法保存的控制字符，请改写为 CSV 或 JSON Lines",
                    f"the header of column {index} holds control characters that Excel cannot "
                    f"store; write CSV or JSON Lines instead",
                    path=path,
                )
        openpyxl = require_openpyxl(path)
        from openpyxl.cell import WriteOnlyCell

        self._dest = dest
        self._path = path
        self._cell = WriteOnlyCell
        self._date_style = date_style
        self._date_format = _XLSX_DATE_FORMATS[date_style]
        self._book = openpyxl.Workbook(write_only=True)
        self._sheets: list[Any] = []
        self._rows: list[int] = []
        self.add_sheet(title, headers, fields)

    def add_sheet(
        self, title: str, headers: Sequence[str], fields: Sequence[FieldSpec | None]
    ) -> int:
        """Add a sheet with its header row; return its number for :meth:`write`."""
        if len(headers) > XLSX_MAX_COLUMNS:
            raise _too_wide(self._path, len(headers))
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        sheet = self._book.create_sheet(title)
        for index, (header, field) in enumerate(zip(headers, fields, strict=True), 1):
            width = column_width(header, field)
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        center = Alignment(horizontal="center", vertical="center")
        header_cells = []
        for header in headers:
            cell = self._string_cell(sheet, header)
            cell.font = bold
            cell.alignment = center
            header_cells.append(cell)
        sheet.append(header_cells)
        self._sheets.append(sheet)
        self._rows.append(1)
        return len(self._sheets) - 1

    def _string_cell(self, sheet: Any, text: str) -> Any:
        cell = self._cell(sheet, value=text)
        cell.data_type = "s"  # never a formula or an error value
        return cell

    def write(self, cells: list[Any], record: int, sheet: int = 0) -> None:
        ws = self._sheets[sheet]
        if self._rows[sheet] >= XLSX_MAX_ROWS:
            raise InputError(
                f"超出 Excel 工作表的最大行数（{XLSX_MAX_ROWS}行），请改用 CSV 或 JSON Lines",
                f"more rows than an Excel sheet holds ({XLSX_MAX_ROWS}); use CSV or JSON Lines",
                path=self._path,
            )
        if len(cells) > XLSX_MAX_COLUMNS:
            raise _too_wide(self._path, len(cells), record)
        texts = [c for c in cells if isinstance(c, str) and c]
        joined = "\n".join(texts)
        if _XLSX_ILLEGAL.search(joined):
            raise InputError(
                f"第{record}条记录含有 Excel 无法保存的控制字符",
                f"record {record} holds control characters that Excel cannot store",
                path=self._path,
            )
        if len(joined) > XLSX_MAX_CELL_CHARS and max(map(len, texts)) > XLSX_MAX_CELL_CHARS:
            raise InputError(
                f"第{record}条记录有单元格超过 Excel 的上限{XLSX_MAX_CELL_CHARS}个字符",
                f"record {record} has a cell longer than Excel's {XLSX_MAX_CELL_CHARS} characters",
                path=self._path,
            )
        values: list[Any] = []
        for cell in cells:
            if isinstance(cell, str):
                if not cell:
                    values.append(None)
                elif cell[0] in "=#" and (cell[0] == "=" or cell in _XLSX_ERROR_CODES):
                    values.append(self._string_cell(ws, cell))
                else:
                    values.append(cell)
            elif isinstance(cell, dt.date):
                if (cell.year, cell.month) < (1900, 3):  # before Excel's reliable dates
                    values.append(format_value(cell, self._date_style))
                    continue
                date_cell = self._cell(ws, value=cell)
                date_cell.number_format = self._date_format
                values.append(date_cell)
            else:  # a number (a table writer's 序号, a count)
                values.append(cell)
        ws.append(values)
        self._rows[sheet] += 1

    def finish(self) -> None:
        try:
            self._book.save(self._dest)
        except OSError as exc:
            self.discard()
            raise write_error(self._path or "<stream>", exc) from None

    def discard(self) -> None:
        # openpyxl streams each sheet into a temporary file of its own; remove them.
        for sheet in self._sheets:
            writer = getattr(sheet, "_writer", None)
            if writer is None:
                continue
            rows = getattr(sheet, "_rows", None)
            try:
                if rows is not None:
                    rows.close()
                writer.close()
                writer.cleanup()
            except (OSError, ValueError):
                pass
