"""The catalog (目录) of a department's licensing and penalty items, and its versions.

The Zhengzhou notice (郑发改信用〔2019〕773号) asks every department to compile
its 行政许可和行政处罚事项目录 (template 附件1), publish it and keep it current
(动态更新). The template has the columns ``序号, 行政决定部门, 行政职权类别,
项目名称, 设定依据, 行政相对人``; 序号 and 行政决定部门 are merged over the
items of one department, 行政职权类别 over items of one category, and
设定依据 holds several ``【类别】《…》…`` entries on wrapped lines.

:func:`read_catalog` reads such a file (XLSX, XLS or CSV) into
:class:`CatalogItem` values, :func:`write_catalog` writes one back in the
template layout, :class:`Catalog` keeps dated versions, and
:func:`match_item`, :func:`uncatalogued` and :func:`unused` compare the
catalog with the names of published records.

Texts are normalized the way a person reads the printed table: line breaks
and spaces that a cell's wrapping put between Chinese characters go away,
spaces between Latin words and numbers stay.

>>> normalize_text("企业固定资产投资 项目核准或备案")
'企业固定资产投资项目核准或备案'
>>> normalize_text("法人和\\n其他组织"), normalize_text("ISO 9001 认证")
('法人和其他组织', 'ISO 9001 认证')
>>> item = CatalogItem(department="XX 发展改革委", category="许可", name="企业固定资产投资\\n项目核准")
>>> item.category, item.kind.value, item.name
('行政许可', 'license', '企业固定资产投资项目核准')
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from sgs.errors import InputError
from sgs.io.formula import unescape_formula
from sgs.io.tables import cell_text, import_extra, open_table
from sgs.io.write import open_table_writer, save_workbook
from sgs.standard import Kind

__all__ = [
    "CATALOG_HEADERS",
    "CATALOG_TITLE",
    "HEADER_SEARCH_ROWS",
    "Catalog",
    "CatalogItem",
    "CatalogVersion",
    "match_item",
    "normalize_basis",
    "normalize_category",
    "normalize_text",
    "read_catalog",
    "uncatalogued",
    "unused",
    "write_catalog",
]

#: The title row of the template.
CATALOG_TITLE = "行政许可和行政处罚事项目录"
#: The header row of the template, in order.
CATALOG_HEADERS = ("序号", "行政决定部门", "行政职权类别", "项目名称", "设定依据", "行政相对人")

LICENSE = "行政许可"
PENALTY = "行政处罚"

# -- normalization ---------------------------------------------------------------------------

# Characters that Chinese text runs together without spaces: ideographs, kana, CJK and
# full-width punctuation, general punctuation such as “” — … and the middle dot.
_CJK = re.compile(
    "[\u00b7\u2010-\u2027\u2030-\u205e\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
    "\uff00-\uffef\U00020000-\U0003ffff]"
)
_NEWLINES = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c]")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_SPACE_RUN = re.compile(r"\s+")


def _is_cjk(char: str) -> bool:
    return _CJK.match(char) is not None and not char.isspace()


def _clean(text: str) -> str:
    """Line breaks as ``\\n``; zero-width and control characters (but ``\\n``, tab) gone."""
    text = _INVISIBLE.sub("", _NEWLINES.sub("\n", text))
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text):
        text = "".join(c for c in text if unicodedata.category(c) != "Cc" or c in "\n\t")
    return text


def _join_space(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    if start == 0 or end == len(text):
        return ""
    before, after = text[start - 1], text[end]
    if "\n" in match.group():  # a wrapped line: no space next to a Chinese character
        return "" if _is_cjk(before) or _is_cjk(after) else " "
    return "" if _is_cjk(before) and _is_cjk(after) else " "


def normalize_text(text: str) -> str:
    """One line of text as printed: wrapping and stray spaces inside Chinese text removed.

    A line break is dropped next to a Chinese character and becomes one space
    between Latin words or numbers; a run of spaces (also full-width) is
    dropped between two Chinese characters and becomes one space elsewhere.

    >>> normalize_text(" 对依法必须\\n招标项目发\\n布招标公告 ")
    '对依法必须招标项目发布招标公告'
    >>> normalize_text("（国务院令 412 号）"), normalize_text("Type\\nB　证书")
    ('（国务院令 412 号）', 'Type B 证书')
    """
    return _SPACE_RUN.sub(_join_space, _clean(text))


_CATEGORIES = {
    LICENSE: LICENSE,
    "许可": LICENSE,
    "行政许可事项": LICENSE,
    "license": LICENSE,
    "licence": LICENSE,
    "licensing": LICENSE,
    "xk": LICENSE,
    PENALTY: PENALTY,
    "处罚": PENALTY,
    "行政处罚事项": PENALTY,
    "penalty": PENALTY,
    "penalties": PENALTY,
    "cf": PENALTY,
}


def normalize_category(value: str | Kind) -> str:
    """``行政许可`` or ``行政处罚`` from any usual spelling, or :class:`ValueError`.

    >>> [normalize_category(v) for v in ("许可", " 行政\\n处罚", "License", Kind.PENALTY)]
    ['行政许可', '行政处罚', '行政许可', '行政处罚']
    """
    if isinstance(value, Kind):
        return value.label
    key = _SPACE_RUN.sub("", _clean(str(value))).lower()
    try:
        return _CATEGORIES[key]
    except KeyError:
        raise ValueError(
            f"unknown category {value!r}; expected 行政许可 or 行政处罚 (license or penalty)"
        ) from None


# A line that starts a new 设定依据 entry: 【类别】 or a numbering such as "1." "2、" "③".
_ENTRY_START = re.compile(r"【|[0-9０-９]{1,3}[.．、](?![0-9０-９])|[\u2460-\u2473]")
_ENTRY_END = ("。", "；", ";")
# After an article reference, a line starting with 《 names another law.
_REFERENCE_END = ("条", "款", "项", "号", "）", ")", "》")


def _starts_entry(previous: str, line: str) -> bool:
    """Whether ``line`` begins a new entry after ``previous`` (both stripped, non-empty)."""
    if _ENTRY_START.match(line) or previous.endswith(_ENTRY_END):
        return True
    return line.startswith("《") and previous.endswith(_REFERENCE_END)


def _split_entries(text: str) -> list[str]:
    groups: list[list[str]] = []
    previous: str | None = None
    for raw in _clean(text).split("\n"):
        line = raw.strip()
        if not line:
            previous = None  # a blank line ends an entry
            continue
        if previous is None or _starts_entry(previous, line):
            groups.append([line])
        else:
            groups[-1].append(line)
        previous = line
    entries = (normalize_text("\n".join(group)) for group in groups)
    return [entry for entry in entries if entry]


def normalize_basis(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """设定依据 as a tuple of entries, each on one line.

    A text is split into entries at lines starting with ``【``, a numbering
    (``1.`` ``2、`` ``③``), after a line ending with ``。`` or ``；``, at a
    ``《`` after an article reference (``…第十二条`` / ``《…》``), and at
    blank lines; the other line breaks are wrapping and are joined. Each
    text of an iterable is split the same way.

    >>> normalize_basis("【行政法规】《国务院\\n对确需保留的行政审批\\n项目的决定》（国务院令 412 号）"
    ...                 "\\n【国务院决定】《国务院关于投资体制改革的决定》")
    ('【行政法规】《国务院对确需保留的行政审批项目的决定》（国务院令 412 号）', \
'【国务院决定】《国务院关于投资体制改革的决定》')
    >>> normalize_basis(["《行政许可法》第十二条", "  "]), normalize_basis(None)
    (('《行政许可法》第十二条',), ())
    """
    if value is None:
        return ()
    texts = [value] if isinstance(value, str) else list(value)
    entries: list[str] = []
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"设定依据 entries must be texts, not {type(text).__name__}")
        entries.extend(_split_entries(text))
    return tuple(entries)


def _basis_text(basis: Sequence[str]) -> str:
    """The entries as cell text that :func:`normalize_basis` splits back into the same entries."""
    parts: list[str] = []
    for index, entry in enumerate(basis):
        if index:
            parts.append("\n" if _starts_entry(basis[index - 1], entry) else "\n\n")
        parts.append(entry)
    return "".join(parts)


def _number(value: object) -> str | None:
    if value is None:
        return None
    text = normalize_text(cell_text(value))
    return text or None


def _text(value: object) -> str:
    return normalize_text(cell_text(value))


def _require_name(instance: object, attribute: object, value: str) -> None:
    if not value:
        raise ValueError("a catalog item needs a name (项目名称)")


# -- the model -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CatalogItem:
    """One item of the catalog: a licensing or penalty power of a department.

    Every text is normalized when the item is made (:func:`normalize_text`,
    :func:`normalize_category`, :func:`normalize_basis`), so equal items
    compare equal however their source cells were wrapped.
    """

    department: str = attrs.field(default="", converter=_text)
    category: str = attrs.field(converter=normalize_category)
    name: str = attrs.field(converter=_text, validator=_require_name)
    basis: tuple[str, ...] = attrs.field(default=(), converter=normalize_basis)
    parties: str = attrs.field(default="", converter=_text)
    number: str | None = attrs.field(default=None, converter=_number)

    @property
    def kind(self) -> Kind:
        """:attr:`Kind.LICENSE <sgs.standard.Kind.LICENSE>` or ``PENALTY``."""
        return Kind.LICENSE if self.category == LICENSE else Kind.PENALTY


def _to_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _items(value: Iterable[CatalogItem]) -> tuple[CatalogItem, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, CatalogItem):
            raise TypeError(
                f"a catalog version holds CatalogItem values, not {type(item).__name__}"
            )
    return items


@attrs.frozen
class CatalogVersion:
    """The catalog as published from ``effective_from`` on."""

    items: tuple[CatalogItem, ...] = attrs.field(converter=_items)
    effective_from: dt.date = attrs.field(converter=_to_date)
    note: str = ""


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
        when = _to_date(day)
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


# -- coverage --------------------------------------------------------------------------------


def match_item(
    items: Iterable[CatalogItem], project_name: str, *, kind: Kind | str | None = None
) -> CatalogItem | None:
    """The catalog item of a record's project or case name, or ``None``.

    An item whose normalized name equals the normalized ``project_name``
    wins; otherwise the item whose name is contained in ``project_name``, or
    contains it, with the longest common text. ``kind`` keeps to items of
    that kind.

    >>> items = [CatalogItem(category="处罚", name="对未取得许可从事经营的处罚"),
    ...          CatalogItem(category="许可", name="食品经营许可"),
    ...          CatalogItem(category="许可", name="食品经营许可变更")]
    >>> match_item(items, "食品经营 许可").name, match_item(items, "某店食品经营许可变更（延续）").name
    ('食品经营许可', '食品经营许可变更')
    >>> match_item(items, "食品经营许可", kind="penalty") is None
    True
    """
    wanted = Kind.parse(kind) if kind is not None else None
    name = normalize_text(project_name)
    if not name:
        return None
    candidates = [i for i in items if wanted is None or i.kind is wanted]
    for item in candidates:
        if item.name == name:
            return item
    best: CatalogItem | None = None
    best_length = 0
    for item in candidates:
        if item.name in name:
            length = len(item.name)
        elif name in item.name:
            length = len(name)
        else:
            continue
        if length > best_length:
            best, best_length = item, length
    return best


def _matches(
    records_names: Iterable[tuple[Kind | str, str]], items: Sequence[CatalogItem]
) -> Iterator[tuple[Kind, str, CatalogItem | None]]:
    seen: dict[tuple[Kind, str], CatalogItem | None] = {}
    for kind, name in records_names:
        key = (Kind.parse(kind), name)
        if key not in seen:
            seen[key] = match_item(items, name, kind=key[0])
        yield key[0], name, seen[key]


def uncatalogued(
    records_names: Iterable[tuple[Kind | str, str]], items: Iterable[CatalogItem]
) -> list[tuple[Kind, str]]:
    """The ``(kind, project or case name)`` of records that no catalog item matches.

    In input order, one per record (repeat names repeat).

    >>> items = [CatalogItem(category="许可", name="食品经营许可")]
    >>> uncatalogued([("license", "食品经营许可"), (Kind.PENALTY, "食品经营许可")], items)
    [(<Kind.PENALTY: 'penalty'>, '食品经营许可')]
    """
    listed = list(items)
    return [(kind, name) for kind, name, item in _matches(records_names, listed) if item is None]


def unused(
    items: Iterable[CatalogItem], records_names: Iterable[tuple[Kind | str, str]]
) -> list[CatalogItem]:
    """The catalog items that none of the records matches, in catalog order.

    >>> items = [CatalogItem(category="许可", name="甲许可"), CatalogItem(category="许可", name="乙许可")]
    >>> [i.name for i in unused(items, [("license", "甲许可")])]
    ['乙许可']
    """
    listed = list(items)
    used = {item for _, _, item in _matches(records_names, listed) if item is not None}
    return [item for item in listed if item not in used]


# -- reading ---------------------------------------------------------------------------------

_Field = Literal["number", "department", "category", "name", "basis", "parties"]

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
}
_HEADER_NOISE = re.compile(r"\s+|[*＊]|[（(][^）)]*[）)]")
#: How many non-blank rows from the top may hold the header row.
HEADER_SEARCH_ROWS = 10


def _header_field(text: str) -> _Field | None:
    return _HEADERS.get(_HEADER_NOISE.sub("", _clean(text)))


@attrs.define
class _Grid:
    """The cells of one sheet and, for each merged cell below its top-left, where its value is."""

    sheet: str | None
    rows: list[tuple[int, list[str]]]
    merged: dict[tuple[int, int], int] = attrs.field(factory=dict)  # (row, column) -> top row


@attrs.define
class _Draft:
    line: int
    department: str
    category: str | None  # None: a category the catalog does not hold (skipped)
    name: str
    basis: list[str]
    parties: str
    number: str


def _fail(path: str, zh: str, en: str, line: int | None = None) -> InputError:
    return InputError(zh, en, path=path, line=line)


def _where(grid: _Grid, line: int, many: bool) -> tuple[str, str]:
    if many and grid.sheet is not None:
        return f"工作表“{grid.sheet}”第{line}行", f"sheet {grid.sheet!r} row {line}"
    return f"第{line}行", f"row {line}"


def _find_header(grid: _Grid) -> tuple[int, dict[_Field, int]] | None:
    seen = 0
    for index, (_, cells) in enumerate(grid.rows):
        if not any(c.strip() for c in cells):
            continue
        columns: dict[_Field, int] = {}
        for column, cell in enumerate(cells):
            found = _header_field(cell)
            if found is not None and found not in columns:
                columns[found] = column
        if "name" in columns and "category" in columns:
            return index, columns
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    return None


def _grid_items(
    grid: _Grid, path: str, *, skip_other: bool, many: bool
) -> list[CatalogItem] | None:
    """The items of one sheet, or ``None`` when it has no catalog header."""
    found = _find_header(grid)
    if found is None:
        return None
    header_index, columns = found
    by_line = dict(grid.rows)

    def own(cells: list[str], field: _Field) -> str:
        column = columns.get(field)
        if column is None or column >= len(cells):
            return ""
        return cells[column].strip()

    def value(line: int, cells: list[str], field: _Field) -> str:
        text = own(cells, field)
        column = columns.get(field)
        if text or column is None:
            return text
        top = grid.merged.get((line, column))
        if top is None:
            return ""
        above = by_line.get(top, [])
        return above[column].strip() if column < len(above) else ""

    drafts: list[_Draft] = []
    last: _Draft | None = None  # the previous item row, also one that is skipped
    for line, cells in grid.rows[header_index + 1 :]:
        name = own(cells, "name")
        if name and _header_field(name) == "name":
            continue  # the header repeated (on each printed page)
        if not name:
            basis = own(cells, "basis")
            if not basis:
                continue  # blank, a note, or the tail of a merged cell
            zh, en = _where(grid, line, many)
            if own(cells, "category") or own(cells, "parties"):
                raise _fail(path, f"{zh}缺少项目名称", f"{en} has no item name (项目名称)", line)
            if last is None:
                raise _fail(
                    path,
                    f"{zh}只有设定依据，但上面没有事项",
                    f"{en} holds only 设定依据 but no item comes before it",
                    line,
                )
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
                    zh, en = _where(grid, line, many)
                    raise _fail(
                        path,
                        f"{zh}的行政职权类别“{category_text}”不是行政许可或行政处罚",
                        f"{en}: category {category_text!r} is neither 行政许可 nor 行政处罚",
                        line,
                    ) from None
                category = None
        elif last is not None and last.department == department:
            category = last.category
        else:
            zh, en = _where(grid, line, many)
            raise _fail(path, f"{zh}缺少行政职权类别", f"{en} has no category (行政职权类别)", line)
        last = _Draft(
            line=line,
            department=department,
            category=category,
            name=name,
            basis=[value(line, cells, "basis")],
            parties=value(line, cells, "parties"),
            number=number,
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
                )
            )
        except ValueError as exc:
            zh, en = _where(grid, draft.line, many)
            raise _fail(path, f"{zh}无法读取：{exc}", f"{en}: {exc}", draft.line) from None
    return items


def _xlsx_grids(path: str, sheet: str | int | None) -> list[_Grid]:
    openpyxl = import_extra("openpyxl", "xlsx", path)
    import zipfile

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _fail(
            path, f"不是有效的 Excel (.xlsx) 文件：{exc}", f"not a valid .xlsx file: {exc}"
        ) from None
    try:
        grids = []
        for name in _sheet_names(book.sheetnames, sheet, path):
            ws = book[name]
            rows = [
                (number, [cell_text(v) for v in values])
                for number, values in enumerate(ws.iter_rows(values_only=True), 1)
            ]
            merged: dict[tuple[int, int], int] = {}
            for ranges in ws.merged_cells.ranges:
                for row in range(ranges.min_row + 1, ranges.max_row + 1):
                    merged[(row, ranges.min_col - 1)] = ranges.min_row
            grids.append(_Grid(name, rows, merged))
        return grids
    finally:
        book.close()


def _xls_grids(path: str, sheet: str | int | None) -> list[_Grid]:
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
            if with_merges:  # else blank cells below a department continue it
                for rlo, rhi, clo, _chi in book.sheet_by_name(name).merged_cells:
                    for row in range(rlo + 2, rhi + 1):
                        merged[(row, clo)] = rlo + 1
            grids.append(_Grid(name, rows, merged))
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


def read_catalog(
    path: str | os.PathLike[str], *, sheet: str | int | None = None, skip_other: bool = False
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
    """
    name = os.fspath(path)
    table = open_table(name)  # existence, emptiness and format, with the usual messages
    try:
        fmt = table.format
        rows: list[tuple[int, list[str]]] = []
        if fmt == "csv":  # sgs's CSV writer protects formulas with a leading '
            rows = [(line, [unescape_formula(c) for c in cells]) for line, cells in table.rows]
    finally:
        table.close()
    if fmt == "csv":
        grids = [_Grid(None, rows)]
    elif fmt == "xlsx":
        grids = _xlsx_grids(name, sheet)
    elif fmt == "xls":
        grids = _xls_grids(name, sheet)
    else:
        raise _fail(
            name,
            "事项目录应为 XLSX、XLS 或 CSV 文件",
            f"a catalog is an XLSX, XLS or CSV file, not {fmt.upper()}",
        )
    items: list[CatalogItem] = []
    found = False
    for grid in grids:
        got = _grid_items(grid, name, skip_other=skip_other, many=len(grids) > 1)
        if got is not None:
            found = True
            items.extend(got)
    if not found:
        raise _fail(
            name,
            "找不到事项目录的表头（需要“项目名称”和“行政职权类别”两列）",
            "no catalog header row found (it needs 项目名称 and 行政职权类别 columns)",
        )
    return items


# -- writing ---------------------------------------------------------------------------------

_WIDTHS = (6, 18, 12, 30, 60, 16)


def _runs(values: Sequence[Any], start: int, stop: int) -> Iterator[tuple[int, int]]:
    """``(first, last)`` indexes of the runs of equal values in ``values[start:stop]``."""
    first = start
    for index in range(start + 1, stop + 1):
        if index == stop or values[index] != values[first]:
            yield first, index - 1
            first = index


def _lines_needed(text: str, width: float) -> int:
    per_line = max(int(width / 2), 1)  # Chinese characters are two columns wide
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))


def _write_xlsx(items: Sequence[CatalogItem], path: str, title: str) -> None:
    openpyxl = import_extra("openpyxl", "xlsx", path, writing=True)
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "事项目录"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    for column, width in enumerate(_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(column)].width = width

    def put(row: int, column: int, value: Any, align: Any) -> None:
        cell = ws.cell(row=row, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula or an error value
        cell.alignment = align
        cell.border = border

    put(1, 1, title, center)
    ws.cell(row=1, column=1).font = Font(bold=True, size=16)
    ws.cell(row=1, column=1).border = Border()
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(CATALOG_HEADERS))
    ws.row_dimensions[1].height = 30
    for column, header in enumerate(CATALOG_HEADERS, 1):
        put(2, column, header, center)
        ws.cell(row=2, column=column).font = Font(bold=True)
    ws.freeze_panes = "A3"

    first_row = 3
    departments = [item.department for item in items]
    numbers = [item.number for item in items]
    categories = [item.category for item in items]

    def merge(column: int, first: int, last: int) -> None:
        if last > first:
            ws.merge_cells(
                start_row=first_row + first,
                start_column=column,
                end_row=first_row + last,
                end_column=column,
            )

    for start, stop in _runs(departments, 0, len(items)):
        department = departments[start]
        if department:
            put(first_row + start, 2, department, center)
            merge(2, start, stop)
        for first, last in _runs(numbers, start, stop + 1):
            number = numbers[first]
            cell: Any = None
            if number is not None:
                cell = int(number) if _plain_int(number) else number
            if department and number is not None:
                put(first_row + first, 1, cell, center)
                merge(1, first, last)
            else:
                for index in range(first, last + 1):
                    put(first_row + index, 1, cell, center)
        for first, last in _runs(categories, start, stop + 1):
            put(first_row + first, 3, categories[first], center)
            merge(3, first, last)
        if not department:
            for index in range(start, stop + 1):
                put(first_row + index, 2, None, center)
    for index, item in enumerate(items):
        row = first_row + index
        basis = _basis_text(item.basis)
        put(row, 4, item.name, left)
        put(row, 5, basis or None, left)
        put(row, 6, item.parties or None, center)
        lines = max(
            _lines_needed(item.name, _WIDTHS[3]),
            _lines_needed(basis, _WIDTHS[4]),
            _lines_needed(item.parties, _WIDTHS[5]),
        )
        ws.row_dimensions[row].height = max(15 * lines + 4, 20)

    save_workbook(book, path)


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
    row, the header, then one row per item, with 序号, 行政决定部门 and
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
        with open_table_writer(name, CATALOG_HEADERS, format="csv", encoding=encoding) as out:
            for item in listed:
                out.write(
                    [
                        item.number or "",
                        item.department,
                        item.category,
                        item.name,
                        _basis_text(item.basis),
                        item.parties,
                    ]
                )
    else:
        raise _fail(
            name,
            "事项目录只能写成 .xlsx 或 .csv 文件",
            "a catalog is written as .xlsx or .csv; pass format=",
        )
    return Path(name)
