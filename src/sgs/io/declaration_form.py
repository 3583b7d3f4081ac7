"""双公示月报表 — the monthly table a department declares what it produced and sent.

Suzhou's platform has every department declare, each month and for each kind, how many
decisions it made and what became of them; its assessment wants the previous month's
table by the 10th. The form, in the style of the 773号 notice's annexes (a title row,
then a two-row header, one row a unit and month)::

    单位名称 | 统一社会信用代码 | 月份 | 行政许可                                  | 行政处罚 (the same five) | 公示网址
             |                 |      | 产生数量 | 本单位公示数量 | 报送数量 | 未报送数量 | 未报送依据 |

:func:`write_declaration_form` writes it (XLSX), :func:`read_declaration_form` reads it
back from XLSX, XLS or CSV. Both sides use it: the department writes it pre-filled from
its ledger (``sgs report declaration``), the platform reads what comes in (``sgs platform
declarations add``). A file that cannot be used raises :class:`~sgs.errors.InputError`
naming the file, the row and the field; the rules:

* counts are whole numbers, 0 or more (``3`` and Excel's ``3.0``; not ``3.5``, ``-1``,
  ``三``); a kind whose five cells are all blank is not declared (a unit that makes no
  licences may leave them empty), a kind with some filled needs all four counts;
* 报送数量 + 未报送数量 must equal 产生数量 (that is what 未报送 means: 产生 − 报送);
* 月份 is ``2026-11``, ``2026/11``, ``2026年11月``, ``202611`` or an Excel date;
* 单位名称 is required; 统一社会信用代码 is optional (the platform can be told whose
  file it is).

>>> import tempfile, pathlib
>>> path = str(pathlib.Path(tempfile.mkdtemp()) / "月报表.xlsx")
>>> sheet = DeclarationSheet(unit="示例市市场监督管理局", code="11410100MB00000005",
...     month="2026-11", counts={"penalty": DeclaredCounts(produced=3, published=3,
...     reported=2, unreported=1, grounds="涉及国家秘密")})
>>> write_declaration_form(path, [sheet])
>>> read_declaration_form(path) == [sheet]
True
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from sgs.errors import InputError
from sgs.io.forms import HEADER_SEARCH_ROWS, FormSheet, Grid, find_header, read_grids
from sgs.io.headers import normalize_header
from sgs.io.tables import DEFAULT_LIMITS, ReadLimits

__all__ = [
    "COUNT_LABELS",
    "KIND_LABELS",
    "DeclarationSheet",
    "DeclaredCounts",
    "month_text",
    "read_declaration_form",
    "write_declaration_form",
]

#: The kinds of the form, in its order, with their headers.
KIND_LABELS = {"license": "行政许可", "penalty": "行政处罚"}
#: The five columns of each kind: attribute name → header.
COUNT_LABELS = {
    "produced": "产生数量",
    "published": "本单位公示数量",
    "reported": "报送数量",
    "unreported": "未报送数量",
    "grounds": "未报送依据",
}
_COUNTS = ("produced", "published", "reported", "unreported")
_UNIT, _CODE, _MONTH, _URL = "单位名称", "统一社会信用代码", "月份", "公示网址"
_MONTH_FORM = re.compile(r"(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})(?:\s*月)?(?:[-/.]\d{1,2}.*)?")
_WHOLE = re.compile(r"\d+(?:\.0*)?")


@attrs.frozen(kw_only=True)
class DeclaredCounts:
    """One kind's line: 产生 / 本单位公示 / 报送 / 未报送 and 未报送依据."""

    produced: int
    published: int
    reported: int
    unreported: int
    grounds: str = ""


@attrs.frozen(kw_only=True)
class DeclarationSheet:
    """One unit's 月报表 for one month: its counts by kind (only the kinds declared)."""

    unit: str  # 单位名称
    code: str = ""  # 统一社会信用代码, when the form gives it
    month: str  # YYYY-MM
    counts: Mapping[str, DeclaredCounts]
    web_url: str = ""  # 公示网址
    #: The row it was read from (not part of equality).
    line: int | None = attrs.field(default=None, eq=False)


def month_text(text: str) -> str | None:
    """``YYYY-MM`` of a 月份 cell, or ``None``.

    >>> [month_text(t) for t in ("2026-11", "2026年1月", "202611", "2026-11-01 00:00:00", "11月")]
    ['2026-11', '2026-01', '2026-11', '2026-11', None]
    """
    found = _MONTH_FORM.fullmatch(text.strip())
    if found is None or not 1 <= int(found[2]) <= 12:
        return None
    return f"{found[1]}-{int(found[2]):02}"


# -- reading ---------------------------------------------------------------------------------


@attrs.frozen
class _Columns:
    unit: int
    month: int
    code: int | None
    url: int | None
    kinds: Mapping[str, Mapping[str, int]]  # kind -> field -> column


def _kind_of(text: str) -> str | None:
    for kind, label in KIND_LABELS.items():
        if label in text or label.removeprefix("行政") == text:
            return kind
    return None


def _columns(top: Sequence[str], below: Sequence[str]) -> _Columns | None:
    """The columns of a header whose first row is ``top`` and second ``below``."""
    heads = [normalize_header(c) for c in top]
    if _UNIT not in heads or _MONTH not in heads:
        return None
    kinds: dict[str, dict[str, int]] = {}
    kind = None
    for column, text in enumerate(top):
        kind = _kind_of(text.strip()) or (kind if not heads[column] else None)
        sub = normalize_header(below[column]) if column < len(below) else ""
        field = next((f for f, label in COUNT_LABELS.items() if label == sub), None)
        if kind is not None and field is not None:
            kinds.setdefault(kind, {})[field] = column
    if not kinds:
        return None
    return _Columns(
        unit=heads.index(_UNIT), month=heads.index(_MONTH),
        code=heads.index(_CODE) if _CODE in heads else None,
        url=heads.index(_URL) if _URL in heads else None, kinds=kinds,
    )  # fmt: skip


def _fail(path: str, line: int | None, zh: str, en: str) -> InputError:
    return InputError(zh, en, path=path, line=line)


def _count(path: str, line: int, kind: str, field: str, text: str) -> int:
    label = f"{KIND_LABELS[kind]}{COUNT_LABELS[field]}"
    if not text:
        raise _fail(path, line, f"“{label}”未填写", f"{label} ({kind} {field}) is blank")
    if not _WHOLE.fullmatch(text):
        raise _fail(
            path, line, f"“{label}”应为不小于 0 的整数（现为“{text}”）",
            f"{label} ({kind} {field}) must be a whole number, 0 or more (got {text!r})",
        )  # fmt: skip
    return int(text.split(".")[0])


def _kind_counts(
    path: str, line: int, kind: str, columns: Mapping[str, int], cell: dict[int, str]
) -> DeclaredCounts | None:
    texts = {field: cell.get(column, "") for field, column in columns.items()}
    if not any(texts.values()):
        return None
    missing = [f for f in _COUNTS if f not in columns]
    if missing:
        raise _fail(
            path, line, f"表头缺少“{KIND_LABELS[kind]}{COUNT_LABELS[missing[0]]}”列",
            f"the header has no {KIND_LABELS[kind]}{COUNT_LABELS[missing[0]]} column",
        )  # fmt: skip
    numbers = {f: _count(path, line, kind, f, texts[f]) for f in _COUNTS}
    counts = DeclaredCounts(**numbers, grounds=texts.get("grounds", ""))
    if counts.reported + counts.unreported != counts.produced:
        label = KIND_LABELS[kind]
        raise _fail(
            path, line,
            f"{label}：报送数量 {counts.reported} + 未报送数量 {counts.unreported} ≠ 产生数量 "
            f"{counts.produced}（未报送数量应为产生数量减报送数量）",
            f"{label} ({kind}): 报送数量 {counts.reported} + 未报送数量 {counts.unreported} is "
            f"not 产生数量 {counts.produced} (未报送 is 产生 − 报送)",
        )  # fmt: skip
    return counts


def _grid_sheets(grid: Grid, path: str) -> list[DeclarationSheet] | None:
    rows = iter(grid.rows)

    def header(cells: list[str]) -> list[str] | None:
        return cells if _UNIT in {normalize_header(c) for c in cells} else None

    found = find_header(rows, header, limit=HEADER_SEARCH_ROWS)
    if found is None:
        return None
    line, top = found
    _, below = next(rows, (line + 1, []))
    columns = _columns(top, below)
    if columns is None:
        return None
    sheets = []
    for line, cells in rows:
        cell = {i: grid.value(line, cells, i) for i in range(len(cells))}
        if not any(cell.values()) or cell.get(columns.unit, "").startswith(("注", "填报")):
            continue
        unit = cell.get(columns.unit, "")
        if not unit:
            raise _fail(path, line, "“单位名称”未填写", "单位名称 (the unit's name) is blank")
        raw_month = cell.get(columns.month, "")
        month = month_text(raw_month)
        if month is None:
            raise _fail(
                path, line, f"“月份”应为 YYYY-MM（现为“{raw_month}”）",
                f"月份 (the month) must be YYYY-MM (got {raw_month!r})",
            )  # fmt: skip
        counts = {}
        for kind, kind_columns in columns.kinds.items():
            got = _kind_counts(path, line, kind, kind_columns, cell)
            if got is not None:
                counts[kind] = got
        if not counts:
            raise _fail(
                path, line, "未填写任何数量（行政许可或行政处罚）",
                "no counts are filled in (行政许可 or 行政处罚)",
            )  # fmt: skip
        sheets.append(
            DeclarationSheet(
                unit=unit, month=month, counts=counts, line=line,
                code=cell.get(columns.code, "").upper() if columns.code is not None else "",
                web_url=cell.get(columns.url, "") if columns.url is not None else "",
            )
        )  # fmt: skip
    return sheets


def read_declaration_form(
    path: str | os.PathLike[str], *, limits: ReadLimits = DEFAULT_LIMITS
) -> list[DeclarationSheet]:
    """The lines of a 月报表 file (XLSX, XLS or CSV; every sheet with its header).

    Raises :class:`~sgs.errors.InputError` naming the file, the row and the field when
    the file cannot be used (see the module documentation).
    """
    name = os.fspath(path)
    grids = read_grids(name, what=("双公示月报表", "a 月报表"), limits=limits)
    found: list[DeclarationSheet] | None = None
    for grid in grids:
        got = _grid_sheets(grid, name)
        if got is not None:
            found = (found or []) + got
    if found is None:
        raise _fail(
            name, None,
            f"前{HEADER_SEARCH_ROWS}行中找不到月报表的表头（应含“单位名称”“月份”及各类的“产生数量”等列）",
            f"no 月报表 header in the first {HEADER_SEARCH_ROWS} rows (expected 单位名称, 月份 "
            "and, under 行政许可 and 行政处罚, 产生数量 and the rest)",
        )  # fmt: skip
    if not found:
        raise _fail(name, None, "月报表中没有任何数据行", "the 月报表 has no rows")
    return found


# -- writing ---------------------------------------------------------------------------------


def _headers() -> tuple[list[str], list[str]]:
    top = [_UNIT, _CODE, _MONTH]
    below = ["", "", ""]
    for label in KIND_LABELS.values():
        top += [label] + [""] * (len(COUNT_LABELS) - 1)
        below += list(COUNT_LABELS.values())
    return [*top, _URL], [*below, ""]


def write_declaration_form(
    path: str | os.PathLike[str],
    sheets: Iterable[DeclarationSheet],
    *,
    title: str = "双公示月报表",
    note: str = "",
) -> None:
    """Write ``sheets`` as a 月报表 (XLSX), one row each; a kind not declared is left blank.

    ``note`` becomes a note row below the rows (``注：…``).
    """
    name = os.fspath(path)
    top, below = _headers()
    widths = [28, 22, 10, *([10, 12, 10, 10, 24] * len(KIND_LABELS)), 36]
    form = FormSheet(name, sheet="月报表", title=title, headers=top, widths=widths,
                     title_height=32)  # fmt: skip
    from openpyxl.styles import Font

    for column, text in enumerate(below, 1):
        form.put(3, column, text, form.center).font = Font(bold=True)
    for column in (1, 2, 3, len(top)):
        form.merge_down(column, 2, 3)
    first = 4
    for index in range(len(KIND_LABELS)):
        start = first + index * len(COUNT_LABELS)
        form.sheet.merge_cells(start_row=2, start_column=start, end_row=2,
                               end_column=start + len(COUNT_LABELS) - 1)  # fmt: skip
    form.sheet.freeze_panes = "D4"
    row = 3
    for row, sheet in enumerate(sheets, 4):
        values: list[object] = [sheet.unit, sheet.code, sheet.month]
        for kind in KIND_LABELS:
            counts = sheet.counts.get(kind)
            values += (
                [getattr(counts, f) for f in COUNT_LABELS] if counts else [""] * len(COUNT_LABELS)
            )
        values.append(sheet.web_url)
        for column, value in enumerate(values, 1):
            align = form.left if isinstance(value, str) else form.center
            form.put(row, column, value, align, what=(f"{sheet.unit} {sheet.month}",
                                                      f"{sheet.unit} {sheet.month}"))  # fmt: skip
    if note:
        form.note(row + 2, note, height=48)
    form.save()
