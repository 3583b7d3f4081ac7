"""The catalog (目录) of a department's licensing and penalty items: reading, writing, versions.

The Zhengzhou notice (郑发改财贸〔2019〕773号) asks every department to compile
its 行政许可和行政处罚事项目录 (template 附件1), publish it and keep it current
(动态更新). The template has the columns ``序号, 行政决定部门, 行政职权类别,
项目名称, 设定依据, 行政相对人``; 序号 and 行政决定部门 are merged over the
items of one department, 行政职权类别 over items of one category, and
设定依据 holds several ``【类别】《…》…`` entries on wrapped lines.

:func:`read_catalog` reads such a file (XLSX, XLS or CSV) into
:class:`~sgs.records.registers.CatalogItem` values, :func:`write_catalog`
writes one back in the template layout and :class:`Catalog` keeps dated
versions. The items and their text normalization are in
:mod:`sgs.records.registers`, the comparison with published records in
:mod:`sgs.department.coverage`, the form handling (header search, merged
cells) in :mod:`sgs.io.forms`.

>>> item = CatalogItem(department="XX 发展改革委", category="许可", name="企业固定资产投资\\n项目核准")
>>> item.category, item.kind.value, item.name
('行政许可', 'license', '企业固定资产投资项目核准')
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from sgs.errors import InputError, SgsError
from sgs.io.forms import HEADER_SEARCH_ROWS, FormSheet, Grid, find_header, read_grids, runs
from sgs.io.tables import DEFAULT_LIMITS, ReadLimits
from sgs.io.write import open_table_writer
from sgs.records.registers import (
    CatalogItem,
    CatalogVersion,
    basis_text,
    clean_text,
    effective_date,
    normalize_category,
)
from sgs.standard import scope_of
from sgs.validation.registers import register_type

__all__ = [
    "CATALOG_HEADERS",
    "CATALOG_SCOPE_HEADER",
    "CATALOG_TITLE",
    "HEADER_SEARCH_ROWS",
    "Catalog",
    "CatalogItem",
    "CatalogVersion",
    "read_catalog",
    "write_catalog",
]

#: The title row of the template.
CATALOG_TITLE = "行政许可和行政处罚事项目录"
#: The header row of the template, in order.
CATALOG_HEADERS = ("序号", "行政决定部门", "行政职权类别", "项目名称", "设定依据", "行政相对人")
#: The column sgs adds after the template's: the items' 公开范围 (公示, 政务共享, 授权查询).
CATALOG_SCOPE_HEADER = "公开范围"
_WRITTEN_HEADERS = (*CATALOG_HEADERS, CATALOG_SCOPE_HEADER)


def _versions(value: Iterable[CatalogVersion]) -> list[CatalogVersion]:
    return list(value)


@attrs.define
class Catalog:
    """The versions of a catalog (动态更新), ordered by the date they take effect.

    Two versions of one date are both kept; the one added later is in force.

    >>> a = CatalogItem(category="许可", name="甲")
    >>> b = CatalogItem(category="处罚", name="乙")
    >>> catalog = Catalog()
    >>> _ = catalog.add_version([a], dt.date(2019, 11, 28))
    >>> _ = catalog.add_version([a, b], dt.date(2020, 3, 1), note="新增乙")
    >>> [len(catalog.items_on(dt.date(y, m, 1))) for y, m in ((2019, 1), (2019, 12), (2020, 3))]
    [0, 1, 2]
    """

    versions: list[CatalogVersion] = attrs.field(factory=list, converter=_versions)

    def __attrs_post_init__(self) -> None:
        self.versions.sort(key=lambda v: v.effective_from)

    def add_version(
        self, items: Iterable[CatalogItem], effective_from: dt.date | str, note: str = ""
    ) -> CatalogVersion:
        """Add the catalog in force from ``effective_from`` (a date or ``YYYY-MM-DD``)."""
        version = CatalogVersion(tuple(items), effective_from, note)
        dates = [v.effective_from for v in self.versions]
        self.versions.insert(bisect.bisect_right(dates, version.effective_from), version)
        return version

    def version_on(self, day: dt.date | str) -> CatalogVersion | None:
        """The version in force on ``day``: the last one effective on or before it."""
        when = effective_date(day)
        dates = [v.effective_from for v in self.versions]
        index = bisect.bisect_right(dates, when)
        return self.versions[index - 1] if index else None

    def items_on(self, day: dt.date | str) -> tuple[CatalogItem, ...]:
        """The items in force on ``day``; empty before the first version."""
        version = self.version_on(day)
        return version.items if version is not None else ()

    def current(self, today: dt.date | None = None) -> tuple[CatalogItem, ...]:
        """The items in force today (or on ``today``); a future version is not yet current."""
        return self.items_on(today or dt.date.today())


# -- reading ---------------------------------------------------------------------------------

_Field = Literal["number", "department", "category", "name", "basis", "parties", "scope"]

_HEADERS: dict[str, _Field] = {
    "序号": "number",
    "编号": "number",
    "行政决定部门": "department",
    "决定部门": "department",
    "行政决定机关": "department",
    "实施部门": "department",
    "实施机关": "department",
    "实施主体": "department",
    "部门名称": "department",
    "部门": "department",
    "行政职权类别": "category",
    "职权类别": "category",
    "事项类别": "category",
    "权力类别": "category",
    "职权类型": "category",
    "事项类型": "category",
    "项目名称": "name",
    "事项名称": "name",
    "职权名称": "name",
    "权力名称": "name",
    "权力事项名称": "name",
    "设定依据": "basis",
    "法律依据": "basis",
    "实施依据": "basis",
    "行政相对人": "parties",
    "行政相对人类别": "parties",
    "行政相对人类型": "parties",
    "相对人": "parties",
    "公开范围": "scope",
    "公开方式": "scope",
    "使用范围": "scope",
}
_HEADER_NOISE = re.compile(r"\s+|[*＊]|[（(][^）)]*[）)]")


def _header_field(text: str) -> _Field | None:
    return _HEADERS.get(_HEADER_NOISE.sub("", clean_text(text)))


@attrs.define
class _Draft:
    line: int
    department: str
    category: str | None  # None: a category the catalog does not hold (skipped)
    name: str
    basis: list[str]
    parties: str
    number: str
    scope: str


def _fail(path: str, code: str, line: int | None = None, **params: str) -> InputError:
    """The error of a catalog that cannot be read, with the messages of issue type ``code``."""
    zh, en = register_type(code).format(params)
    return InputError(zh, en, path=path, line=line)


def _where(grid: Grid, line: int, many: bool) -> dict[str, str]:
    if many and grid.sheet is not None:
        return {
            "where": f"工作表“{grid.sheet}”第{line}行",
            "where_en": f"sheet {grid.sheet!r} row {line}",
        }
    return {"where": f"第{line}行", "where_en": f"row {line}"}


def _header_columns(cells: list[str]) -> dict[_Field, int] | None:
    """The column of each field when ``cells`` is the header row, else ``None``."""
    columns: dict[_Field, int] = {}
    for column, cell in enumerate(cells):
        found = _header_field(cell)
        if found is not None and found not in columns:
            columns[found] = column
    return columns if "name" in columns and "category" in columns else None


def _grid_items(grid: Grid, path: str, *, skip_other: bool, many: bool) -> list[CatalogItem] | None:
    """The items of one sheet, or ``None`` when it has no catalog header."""
    rows = iter(grid.rows)
    found = find_header(rows, _header_columns)
    if found is None:
        return None
    columns = found[1]

    def own(cells: list[str], field: _Field) -> str:
        column = columns.get(field)
        if column is None or column >= len(cells):
            return ""
        return cells[column].strip()

    def value(line: int, cells: list[str], field: _Field) -> str:
        return grid.value(line, cells, columns.get(field))

    drafts: list[_Draft] = []
    last: _Draft | None = None  # the previous item row, also one that is skipped
    for line, cells in rows:
        name = own(cells, "name")
        if name and _header_field(name) == "name":
            continue  # the header repeated (on each printed page)
        if not name:
            basis = own(cells, "basis")
            if not basis:
                continue  # blank, a note, or the tail of a merged cell
            if own(cells, "category") or own(cells, "parties"):
                raise _fail(path, "catalog-name-missing", line, **_where(grid, line, many))
            if last is None:
                raise _fail(path, "catalog-basis-orphan", line, **_where(grid, line, many))
            last.basis.append(basis)
            continue
        department = value(line, cells, "department")
        inherited = not department and last is not None
        if inherited and last is not None:
            department = last.department
        number = value(line, cells, "number")
        if not number and inherited and last is not None:
            number = last.number
        category_text = value(line, cells, "category")
        category: str | None
        if category_text:
            try:
                category = normalize_category(category_text)
            except ValueError:
                if not skip_other:
                    raise _fail(
                        path,
                        "catalog-category-invalid",
                        line,
                        value=category_text,
                        **_where(grid, line, many),
                    ) from None
                category = None
        elif last is not None and last.department == department:
            category = last.category
        else:
            raise _fail(path, "catalog-category-missing", line, **_where(grid, line, many))
        scope_text = value(line, cells, "scope")
        try:
            scope = scope_of(scope_text)
        except SgsError:
            raise _fail(
                path, "catalog-scope-unknown", line, value=scope_text, **_where(grid, line, many)
            ) from None
        last = _Draft(
            line=line,
            department=department,
            category=category,
            name=name,
            basis=[value(line, cells, "basis")],
            parties=value(line, cells, "parties"),
            number=number,
            scope=scope,
        )
        drafts.append(last)
    items: list[CatalogItem] = []
    for draft in drafts:
        if draft.category is None:
            continue
        try:
            items.append(
                CatalogItem(
                    department=draft.department,
                    category=draft.category,
                    name=draft.name,
                    basis="\n".join(draft.basis),
                    parties=draft.parties,
                    number=draft.number,
                    scope=draft.scope,
                )
            )
        except ValueError as exc:
            where = _where(grid, draft.line, many)
            raise _fail(path, "catalog-item-invalid", draft.line, error=str(exc), **where) from None
    return items


def read_catalog(
    path: str | os.PathLike[str],
    *,
    sheet: str | int | None = None,
    skip_other: bool = False,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> list[CatalogItem]:
    """The items of a catalog file in the 附件1 layout (XLSX, XLS or CSV).

    The header row is found among the first :data:`HEADER_SEARCH_ROWS`
    non-blank rows (a title row above it is skipped); it needs a 项目名称 and
    a 行政职权类别 column. Merged cells give their value to every row they
    cover. Where cells are blank instead of merged (CSV, XLS read without
    formatting), a blank 行政决定部门 continues the department above (with
    its 序号), and a blank 行政职权类别 continues the category above within
    the department. A row with only 设定依据 continues the basis of the item
    above; blank rows are skipped.

    Every sheet with a catalog header is read, or only ``sheet`` (name or
    0-based index). A category other than 行政许可/行政处罚 (行政强制…) is an
    error unless ``skip_other``. A file that cannot be used raises
    :class:`~sgs.errors.InputError` naming it (and the row, when known).
    ``limits`` bound what reading it may cost (:class:`~sgs.io.tables.ReadLimits`).
    """
    name = os.fspath(path)
    grids = read_grids(name, sheet=sheet, what=("事项目录", "a catalog"), limits=limits)
    items: list[CatalogItem] = []
    found = False
    for grid in grids:
        got = _grid_items(grid, name, skip_other=skip_other, many=len(grids) > 1)
        if got is not None:
            found = True
            items.extend(got)
    if not found:
        raise _fail(name, "catalog-no-header")
    return items


# -- writing ---------------------------------------------------------------------------------

_WIDTHS = (6, 18, 12, 30, 60, 16, 10)


def _lines_needed(text: str, width: float) -> int:
    per_line = max(int(width / 2), 1)  # Chinese characters are two columns wide
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))


def _write_xlsx(items: Sequence[CatalogItem], path: str, title: str) -> None:
    form = FormSheet(
        path,
        sheet="事项目录",
        title=title,
        headers=_WRITTEN_HEADERS,
        widths=_WIDTHS,
        title_height=30,
    )
    center, left = form.center, form.left
    first_row = 3
    departments = [item.department for item in items]
    numbers = [item.number for item in items]
    categories = [item.category for item in items]

    def merge(column: int, first: int, last: int) -> None:
        form.merge_down(column, first_row + first, first_row + last)

    for start, stop in runs(departments, 0, len(items)):
        department = departments[start]
        if department:
            form.put(first_row + start, 2, department, center)
            merge(2, start, stop)
        for first, last in runs(numbers, start, stop + 1):
            number = numbers[first]
            cell: Any = None
            if number is not None:
                cell = int(number) if _plain_int(number) else number
            if department and number is not None:
                form.put(first_row + first, 1, cell, center)
                merge(1, first, last)
            else:
                for index in range(first, last + 1):
                    form.put(first_row + index, 1, cell, center)
        for first, last in runs(categories, start, stop + 1):
            form.put(first_row + first, 3, categories[first], center)
            merge(3, first, last)
        if not department:
            for index in range(start, stop + 1):
                form.put(first_row + index, 2, None, center)
    for index, item in enumerate(items):
        row = first_row + index
        basis = basis_text(item.basis)
        form.put(row, 4, item.name, left)
        form.put(row, 5, basis or None, left)
        form.put(row, 6, item.parties or None, center)
        form.put(row, 7, item.scope, center)
        lines = max(
            _lines_needed(item.name, _WIDTHS[3]),
            _lines_needed(basis, _WIDTHS[4]),
            _lines_needed(item.parties, _WIDTHS[5]),
        )
        form.sheet.row_dimensions[row].height = max(15 * lines + 4, 20)
    form.save()


def _plain_int(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) < 10 and (text == "0" or text[0] != "0")


def write_catalog(
    items: Iterable[CatalogItem],
    path: str | os.PathLike[str],
    *,
    format: Literal["xlsx", "csv"] | None = None,
    encoding: str = "utf-8-sig",
    title: str = CATALOG_TITLE,
) -> Path:
    """Write ``items`` to ``path`` and return it as a :class:`~pathlib.Path`.

    XLSX (from the extension, or ``format``) follows the template: the title
    row, the header (the template's columns, then 公开范围), then one row per item, with 序号, 行政决定部门 and
    行政职权类别 merged over a department's consecutive items and 设定依据
    as wrapped text, one entry a line. CSV has the header and one row per
    item, the 设定依据 entries joined with line breaks; ``encoding`` is
    UTF-8 with BOM unless given (``gb18030``). ``read_catalog`` gives the
    items back exactly, save that an item without a department after one
    with a department reads as continuing it.
    """
    name = os.fspath(path)
    listed = list(items)
    fmt = format
    if fmt is None:
        suffix = Path(name).suffix.lower()
        fmt = "xlsx" if suffix == ".xlsx" else "csv" if suffix in (".csv", ".txt") else None
    if fmt == "xlsx":
        _write_xlsx(listed, name, title)
    elif fmt == "csv":
        with open_table_writer(name, _WRITTEN_HEADERS, format="csv", encoding=encoding) as out:
            for item in listed:
                out.write(
                    [
                        item.number or "",
                        item.department,
                        item.category,
                        item.name,
                        basis_text(item.basis),
                        item.parties,
                        item.scope,
                    ]
                )
    else:
        raise InputError(
            "事项目录只能写成 .xlsx 或 .csv 文件",
            "a catalog is written as .xlsx or .csv; pass format=",
            path=name,
        )
    return Path(name)
