"""The XLSX sink: a streaming (write-only) openpyxl workbook of one sheet, within Excel's limits."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from typing import IO, Any

from sgs.errors import InputError
from sgs.io.tables import DateText, import_extra
from sgs.io.write.atomic import write_error
from sgs.records.codecs import format_value
from sgs.standard import FieldSpec, FieldType
from sgs.standard.export import display_width

__all__ = [
    "NOTE_FILL",
    "WRAPPED_WIDTH",
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
#: The width of a column whose texts wrap (a receipt's 错误说明).
WRAPPED_WIDTH = 60.0
#: The fill of a cell in error (Excel's light red of "bad" cells) and its comment's size in pt.
NOTE_FILL = "FFFFC7CE"
_NOTE_SIZE = (240, 120)


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
        wrap: Collection[int] = (),
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
        self._wrapped: list[frozenset[int]] = []
        self._styles: dict[str, Any] = {}
        self.add_sheet(title, headers, fields, wrap)

    def add_sheet(
        self,
        title: str,
        headers: Sequence[str],
        fields: Sequence[FieldSpec | None],
        wrap: Collection[int] = (),
    ) -> int:
        """Add a sheet with its header row; return its number for :meth:`write`.

        The cells of the columns ``wrap`` (0-based) wrap their text, in a
        column :data:`WRAPPED_WIDTH` wide.
        """
        if len(headers) > XLSX_MAX_COLUMNS:
            raise _too_wide(self._path, len(headers))
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        sheet = self._book.create_sheet(title)
        for index, (header, field) in enumerate(zip(headers, fields, strict=True), 1):
            width = WRAPPED_WIDTH if index - 1 in wrap else column_width(header, field)
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
        self._wrapped.append(frozenset(wrap))
        return len(self._sheets) - 1

    def _string_cell(self, sheet: Any, text: str) -> Any:
        cell = self._cell(sheet, value=text)
        cell.data_type = "s"  # never a formula or an error value
        return cell

    def _date_cell(self, sheet: Any, date: dt.date, text: str) -> Any:
        """A date cell shown in the date style (with the time, if any), or ``text`` for a date
        before March 1900, which Excel does not count reliably."""
        if (date.year, date.month) < (1900, 3):
            return text
        cell = self._cell(sheet, value=date)
        timed = isinstance(date, dt.datetime) and date.time() != dt.time()
        cell.number_format = f"{self._date_format} hh:mm:ss" if timed else self._date_format
        return cell

    def write(
        self,
        cells: list[Any],
        record: int,
        sheet: int = 0,
        notes: Mapping[int, str] | None = None,
    ) -> None:
        """Write a row of ``cells`` (record number ``record``, for messages) into ``sheet``.

        ``notes`` marks cells in error, by column (0-based): each gets the fill
        :data:`NOTE_FILL` and its note as a comment.
        """
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
            if isinstance(cell, DateText):  # a date cell as received: a date cell again
                values.append(self._date_cell(ws, cell.date, cell))
            elif isinstance(cell, str):
                if not cell:
                    values.append(None)
                elif cell[0] in "=#" and (cell[0] == "=" or cell in _XLSX_ERROR_CODES):
                    values.append(self._string_cell(ws, cell))
                else:
                    values.append(cell)
            elif isinstance(cell, dt.date):
                values.append(self._date_cell(ws, cell, format_value(cell, self._date_style)))
            else:  # a number (a table writer's 序号, a count)
                values.append(cell)
        wrapped = self._wrapped[sheet]
        if wrapped or notes:
            self._style(ws, values, wrapped, notes or {})
        ws.append(values)
        self._rows[sheet] += 1

    def _style(
        self, ws: Any, values: list[Any], wrapped: frozenset[int], notes: Mapping[int, str]
    ) -> None:
        """Wrap the text of the ``wrapped`` columns; fill and comment the cells of ``notes``."""
        styles = self._styles
        if not styles:
            from openpyxl.cell.cell import Cell
            from openpyxl.comments import Comment
            from openpyxl.styles import Alignment, PatternFill

            styles["cell"] = Cell
            styles["wrap"] = Alignment(wrap_text=True, vertical="top")
            styles["fill"] = PatternFill("solid", fgColor=NOTE_FILL)
            styles["comment"] = Comment
        for index in sorted(wrapped | notes.keys()):
            if index >= len(values):
                continue
            cell = values[index]
            if not isinstance(cell, styles["cell"]):
                cell = values[index] = self._cell(ws, value=cell)
            if index in wrapped:
                cell.alignment = styles["wrap"]
            note = notes.get(index)
            if note:
                cell.fill = styles["fill"]
                width, height = _NOTE_SIZE
                comment = styles["comment"](note, "sgs", width=width, height=height)
                cell.comment = comment

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
