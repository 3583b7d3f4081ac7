"""Printed forms: tables laid out for people, such as 附件1 (目录) and 附件3 (联络员名单).

A form has a title row, notes and a header row somewhere near the top, and
merged cells: a department or unit cell merged over its items or people. This
module holds what every such form needs, so that each register only says
which columns it has:

* reading — :func:`find_header` (the header row among the first
  :data:`HEADER_SEARCH_ROWS` rows), :func:`cell_texts` (a row's texts, with
  the ``'`` that sgs's CSV writer puts before formula-like texts taken off)
  and :func:`read_grids` (every sheet of a file with its merged cells, as a
  :class:`Grid`);
* writing — :class:`FormSheet` (the title merged over the columns, a bold
  header row, bordered text cells, cells merged down, a note row; saved
  atomically) and :func:`runs` (the runs of equal values to merge).

>>> rows = iter([(1, ["名单"]), (2, ["单位", "姓名"]), (3, ["甲", "张"])])
>>> find_header(rows, lambda cells: {"unit": 0} if cells[0] == "单位" else None)
(2, {'unit': 0})
>>> next(rows), list(runs(["甲", "甲", "乙"], 0, 3))
((3, ['甲', '张']), [(0, 1), (2, 2)])
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import attrs

from sgs.errors import InputError
from sgs.io.formula import unescape_formula
from sgs.io.tables import DEFAULT_LIMITS, ReadLimits, import_extra, open_table
from sgs.io.write import save_workbook
from sgs.io.write.xlsx import require_openpyxl

__all__ = [
    "HEADER_SEARCH_ROWS",
    "FormSheet",
    "Grid",
    "cell_texts",
    "find_header",
    "read_grids",
    "runs",
]

#: How many rows at the top of a sheet may hold the header row.
HEADER_SEARCH_ROWS = 10

C = TypeVar("C")

# -- reading ---------------------------------------------------------------------------------


def find_header(
    rows: Iterator[tuple[int, list[str]]],
    columns_of: Callable[[list[str]], C | None],
    *,
    limit: int = HEADER_SEARCH_ROWS,
    count_blank: bool = False,
) -> tuple[int, C] | None:
    """The line of the header row and what ``columns_of`` makes of it, or ``None``.

    ``columns_of`` gives the columns of a row that is a header row, ``None``
    for any other. At most ``limit`` rows are tried; blank rows are skipped
    and, unless ``count_blank``, not counted. ``rows`` is consumed up to the
    header row, so that the caller reads on below it.
    """
    seen = 0
    for line, cells in rows:
        blank = not any(c.strip() for c in cells)
        if not blank:
            columns = columns_of(cells)
            if columns is not None:
                return line, columns
        if not blank or count_blank:
            seen += 1
        if seen >= limit:
            break
    return None


def cell_texts(cells: Sequence[Any], *, csv: bool) -> list[str]:
    """The texts of a row; in a CSV (``csv``), the ``'`` sgs's writers put before ``= + - @`` is undone.

    >>> cell_texts(["'=1+2", 3, "'正常"], csv=True), cell_texts(["'=1+2"], csv=False)
    (['=1+2', '3', "'正常"], ["'=1+2"])
    """
    texts = [cell if isinstance(cell, str) else str(cell) for cell in cells]
    return [unescape_formula(t) for t in texts] if csv else texts


@attrs.define
class Grid:
    """The cells of one sheet and, for each merged cell below its top-left, where its value is."""

    sheet: str | None
    rows: list[tuple[int, list[str]]]
    merged: dict[tuple[int, int], int] = attrs.field(factory=dict)  # (row, column) -> top row
    _by_line: dict[int, list[str]] | None = attrs.field(
        default=None, init=False, repr=False, eq=False
    )

    def value(self, line: int, cells: Sequence[str], column: int | None) -> str:
        """The stripped text of ``column`` in row ``line`` (``cells``), or of the merged cell over it.

        >>> grid = Grid("表", [(1, ["甲", "x"]), (2, ["", "y"])], {(2, 0): 1})
        >>> grid.value(2, ["", "y"], 0), grid.value(2, ["", "y"], 1), grid.value(2, [], None)
        ('甲', 'y', '')
        """
        if column is None:
            return ""
        text = cells[column].strip() if column < len(cells) else ""
        if text:
            return text
        top = self.merged.get((line, column))
        if top is None:
            return ""
        if self._by_line is None:
            self._by_line = dict(self.rows)
        above = self._by_line.get(top, [])
        return above[column].strip() if column < len(above) else ""


def _fail(path: str, zh: str, en: str) -> InputError:
    return InputError(zh, en, path=path)


def read_grids(
    path: str | os.PathLike[str],
    *,
    sheet: str | int | None = None,
    what: tuple[str, str],
    limits: ReadLimits = DEFAULT_LIMITS,
) -> list[Grid]:
    """Every sheet of an XLSX, XLS or CSV file (or only ``sheet``: a name or 0-based index).

    Merged ranges are read from XLSX, and from XLS when xlrd can read its
    formatting; a CSV is one grid without a sheet name, its cells unescaped
    (:func:`cell_texts`). ``what`` names the form in messages (``("事项目录",
    "a catalog")``). A file that cannot be read raises
    :class:`~sgs.errors.InputError` naming it. The file's content, not its
    name, says what it is (an XLSX named ``.xls`` is read as XLSX); ``limits``
    bound what reading it may cost (:class:`~sgs.io.tables.ReadLimits`).
    """
    name = os.fspath(path)
    table = open_table(
        name, limits=limits
    )  # existence, emptiness and format, with the usual messages
    try:
        fmt = table.format
        rows: list[tuple[int, list[str]]] = []
        if fmt == "csv":
            rows = [(line, cell_texts(cells, csv=True)) for line, cells in table.rows]
    finally:
        table.close()
    if fmt == "csv":
        return [Grid(None, rows)]
    if fmt == "xlsx":
        return _xlsx_grids(name, list(table.sheets), sheet, limits)
    if fmt == "xls":
        return _xls_grids(name, sheet)
    raise _fail(
        name,
        f"{what[0]}应为 XLSX、XLS 或 CSV 文件",
        f"{what[1]} is an XLSX, XLS or CSV file, not {fmt.upper()}",
    )


def _xlsx_grids(
    path: str, names: list[str], sheet: str | int | None, limits: ReadLimits
) -> list[Grid]:
    """The grids of an XLSX file, each sheet read as a table is (read-only, within the limits).

    The merged cells come from a scan of the sheet's XML (read-only mode does
    not give them); the file is opened by its content, whatever its name.
    """
    grids = []
    for name in _sheet_names(names, sheet, path):
        table = open_table(path, format="xlsx", sheet=name, limits=limits)
        try:
            rows = list(table.rows)
            ranges = table.merged() if table.merged is not None else []
        finally:
            table.close()
        merged: dict[tuple[int, int], int] = {}
        for min_col, min_row, _max_col, max_row in ranges:
            for row in range(min_row + 1, max_row + 1):
                merged[(row, min_col - 1)] = min_row
        grids.append(Grid(name, rows, merged))
    return grids


def _xls_grids(path: str, sheet: str | int | None) -> list[Grid]:
    xlrd = import_extra("xlrd", "xls", path)
    data = Path(path).read_bytes()
    with_merges = True
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=io.StringIO())
    except Exception as exc:  # xlrd raises many types; formatting_info fails on some files
        if isinstance(exc, ImportError | MemoryError):
            raise
        with_merges = False
        try:
            book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
        except Exception as again:
            if isinstance(again, ImportError | MemoryError):
                raise
            raise _fail(
                path, f"不是有效的 Excel (.xls) 文件：{again}", f"not a valid .xls file: {again}"
            ) from None
    try:
        grids = []
        for name in _sheet_names(book.sheet_names(), sheet, path):
            table = open_table(path, format="xls", sheet=name)
            try:
                rows = list(table.rows)
            finally:
                table.close()
            merged: dict[tuple[int, int], int] = {}
            if with_merges:  # else the form's reader fills blank cells down itself
                for rlo, rhi, clo, _chi in book.sheet_by_name(name).merged_cells:
                    for row in range(rlo + 2, rhi + 1):
                        merged[(row, clo)] = rlo + 1
            grids.append(Grid(name, rows, merged))
        return grids
    finally:
        book.release_resources()


def _sheet_names(names: list[str], sheet: str | int | None, path: str) -> list[str]:
    if sheet is None:
        return list(names)
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(names):
            return [names[sheet]]
    elif sheet in names:
        return [sheet]
    listed = "、".join(names)
    raise _fail(
        path,
        f"找不到工作表 {sheet!r}（现有：{listed}）",
        f"no sheet {sheet!r} (sheets: {', '.join(names)})",
    )


# -- writing ---------------------------------------------------------------------------------


def runs(values: Sequence[Any], start: int, stop: int) -> Iterator[tuple[int, int]]:
    """``(first, last)`` indexes of the runs of equal values in ``values[start:stop]``."""
    first = start
    for index in range(start + 1, stop + 1):
        if index == stop or values[index] != values[first]:
            yield first, index - 1
            first = index


class FormSheet:
    """A new workbook whose sheet is laid out as a printed form, saved with :meth:`save`.

    Row 1 holds ``title`` (bold, merged over the columns, ``title_height``
    high), row 2 the bold, bordered ``headers``; the panes freeze below them.
    Column widths come from ``widths``. :meth:`put` writes bordered cells,
    every text as a text cell (never a formula, so ``0371…`` keeps its 0).
    ``center``, ``left`` and ``wrap`` are the alignments to pass to it.
    """

    def __init__(
        self,
        path: str,
        *,
        sheet: str,
        title: str,
        headers: Sequence[str],
        widths: Sequence[float],
        title_height: float,
    ) -> None:
        openpyxl = require_openpyxl(path)
        from openpyxl.styles import Alignment, Border, Font, Side
        from openpyxl.utils import get_column_letter

        self.path = path
        self.book = openpyxl.Workbook()
        self.sheet = self.book.active
        self.sheet.title = sheet
        self.width = len(headers)
        thin = Side(style="thin")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.wrap = Alignment(vertical="center", wrap_text=True)

        for column, width in enumerate(widths, 1):
            self.sheet.column_dimensions[get_column_letter(column)].width = width
        top = self.sheet.cell(row=1, column=1, value=title)
        top.data_type = "s"
        top.font = Font(bold=True, size=16)
        top.alignment = self.center
        self.sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=self.width)
        self.sheet.row_dimensions[1].height = title_height
        bold = Font(bold=True)
        for column, header in enumerate(headers, 1):
            self.put(2, column, header, self.center).font = bold
        self.sheet.freeze_panes = "A3"

    def put(
        self, row: int, column: int, value: Any, align: Any, *, what: tuple[str, str] | None = None
    ) -> Any:
        """Write a bordered cell aligned by ``align``; return it.

        A text Excel cannot store (control characters) raises
        :class:`~sgs.errors.InputError`; ``what`` names the row in its message.
        """
        from openpyxl.utils.exceptions import IllegalCharacterError

        cell = self.sheet.cell(row=row, column=column)
        try:
            cell.value = value
        except IllegalCharacterError:
            zh, en = what or (f"第{row}行", f"row {row}")
            raise InputError(
                f"{zh}含有 Excel 无法保存的控制字符",
                f"{en} holds control characters Excel cannot store",
                path=self.path,
            ) from None
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula or an error value
        cell.alignment = align
        cell.border = self.border
        return cell

    def merge_down(self, column: int, first_row: int, last_row: int) -> None:
        """Merge ``column`` from ``first_row`` to ``last_row`` (nothing for a single row)."""
        if last_row > first_row:
            self.sheet.merge_cells(
                start_row=first_row, start_column=column, end_row=last_row, end_column=column
            )

    def note(self, row: int, text: str, *, height: float) -> None:
        """A note row (``注：…``) merged over the columns, wrapped, without borders."""
        cell = self.sheet.cell(row=row, column=1, value=text)
        cell.data_type = "s"
        self.sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=self.width)
        cell.alignment = self.wrap
        self.sheet.row_dimensions[row].height = height

    def save(self) -> None:
        """Save the workbook to the path, atomically (:func:`~sgs.io.write.save_workbook`)."""
        save_workbook(self.book, self.path)
