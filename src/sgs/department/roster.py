"""信用信息管理联络员名单 — the liaison roster of 郑发改财贸〔2019〕773号, 附件3.

The Zhengzhou notice asks every department to set up a liaison system for
双公示 ("责任到人，具体到事，安排到位") and to send in its liaison officers
(联络员) on the template 附件3 "郑州市信用信息管理联络员名单表"::

    单位名称 | 姓名 | 职务 | 办公电话 | 手机 | 邮箱 | 备注(具体负责工作)
    注：排名第 1 位的人员负责本单位信用信息工作总体协调、信息报送、异议处理、信用修复等审核工作。

The person listed first for a unit is its coordinator (总体协调). This module
reads such a list from CSV, XLSX or XLS (:func:`read_roster`), checks it
(:meth:`Roster.check`: phone numbers, e-mail addresses, a coordinator per
unit) and writes it back in the template's layout (:func:`write_roster`).
Bad values never raise: they become :class:`RosterIssue` objects whose code
and severity are issue types of the validation catalogue
(:data:`sgs.validation.registers.ROSTER_TYPES`), Chinese message first.
:class:`~sgs.records.registers.Liaison` is in :mod:`sgs.records.registers`,
the phone and e-mail checks in :mod:`sgs.ids.contact`, the header search and
the XLSX layout in :mod:`sgs.io.forms`.

>>> roster = Roster.of([
...     Liaison(unit="市发展改革委", name="张雅丽", office_phone="0371-67177793"),
...     Liaison(unit="市发展改革委", name="李四", mobile="1381234567"),
...     Liaison(unit="市卫生健康委", name="王五"),
... ])
>>> roster.units(), roster.coordinators()["市发展改革委"].name
(['市发展改革委', '市卫生健康委'], '张雅丽')
>>> [(i.code, i.severity.value, i.name) for i in roster.check()]  # doctest: +NORMALIZE_WHITESPACE
[('roster-mobile-invalid', 'error', '李四'), ('roster-no-contact', 'warning', '王五'),
 ('roster-no-coordinator', 'error', '王五')]
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Literal

import attrs

from sgs.errors import InputError
from sgs.ids.contact import is_email, is_mobile, office_phone_status
from sgs.io.forms import HEADER_SEARCH_ROWS, FormSheet, cell_texts, find_header, runs
from sgs.io.headers import normalize_header
from sgs.io.reader import clean
from sgs.io.tables import DEFAULT_LIMITS, ReadLimits, open_table
from sgs.io.write import open_table_writer
from sgs.records.registers import LIAISON_FIELDS, Liaison
from sgs.validation.issues import Severity
from sgs.validation.registers import register_type

__all__ = [
    "FIELDS",
    "HEADERS",
    "HEADER_SEARCH_ROWS",
    "NOTE",
    "TITLE",
    "Liaison",
    "Roster",
    "RosterIssue",
    "read_roster",
    "write_roster",
]

#: The title row of 附件3.
TITLE = "郑州市信用信息管理联络员名单表"
#: The header row of 附件3, in its order.
HEADERS: tuple[str, ...] = (
    "单位名称",
    "姓名",
    "职务",
    "办公电话",
    "手机",
    "邮箱",
    "备注(具体负责工作)",
)
#: The note under the table of 附件3: the source of the coordinator rule.
NOTE = (
    "注：排名第 1 位的人员负责本单位信用信息工作总体协调、信息报送、异议处理、信用修复等审核工作。"
)
#: The :class:`~sgs.records.registers.Liaison` attribute of each column of :data:`HEADERS`.
FIELDS: tuple[str, ...] = LIAISON_FIELDS


@attrs.frozen(kw_only=True)
class RosterIssue:
    """One problem of a roster: a stable ``code`` (see :data:`~sgs.validation.registers.ROSTER_TYPES`) and where it is.

    ``severity`` is the issue type's (a :class:`~sgs.validation.Severity`).
    ``line`` is the file row (``None`` for a roster built in code), ``field``
    the :class:`Liaison` attribute at fault (``None`` for the unit or the
    whole roster), ``value`` its text.
    """

    code: str
    severity: Severity
    unit: str
    name: str
    line: int | None
    field: str | None
    value: str
    message_zh: str
    message_en: str

    @property
    def message(self) -> str:
        """Both messages, Chinese first."""
        return f"{self.message_zh} ({self.message_en})"

    def __str__(self) -> str:
        where = f"第{self.line}行: " if self.line is not None else ""
        return f"{where}{self.severity}: {self.code}: {self.message}"


def _numbered(liaisons: Iterable[Liaison]) -> tuple[Liaison, ...]:
    counts: dict[str, int] = {}
    result = []
    for liaison in liaisons:
        order = counts[liaison.unit] = counts.get(liaison.unit, 0) + 1
        result.append(liaison if liaison.order == order else attrs.evolve(liaison, order=order))
    return tuple(result)


def _as_tuple(liaisons: Iterable[Liaison]) -> tuple[Liaison, ...]:
    return tuple(liaisons)


@attrs.frozen
class Roster:
    """A liaison roster: the people in file order, numbered within their units.

    ``source`` names the file it was read from (not part of equality). Build
    one in code with :meth:`of`, which numbers ``order``.
    """

    liaisons: tuple[Liaison, ...] = attrs.field(converter=_as_tuple)
    source: str | None = attrs.field(default=None, eq=False, kw_only=True)

    @classmethod
    def of(cls, liaisons: Iterable[Liaison], *, source: str | None = None) -> Roster:
        """A roster of ``liaisons`` in this order, each ``order`` set to its place in its unit."""
        return cls(_numbered(liaisons), source=source)

    def __iter__(self) -> Iterator[Liaison]:
        return iter(self.liaisons)

    def __len__(self) -> int:
        return len(self.liaisons)

    def units(self) -> list[str]:
        """The units in the order they first appear (a unit without anyone included)."""
        return list(dict.fromkeys(liaison.unit for liaison in self.liaisons))

    def by_unit(self) -> dict[str, list[Liaison]]:
        """The people of each unit, in their order (a unit without anyone maps to its blank row)."""
        groups: dict[str, list[Liaison]] = {}
        for liaison in self.liaisons:
            groups.setdefault(liaison.unit, []).append(liaison)
        return groups

    def coordinators(self) -> dict[str, Liaison]:
        """Each unit's first-listed person (总体协调); a unit listed without anyone has none."""
        return {
            unit: people[0]
            for unit, people in self.by_unit().items()
            if people and not people[0].blank
        }

    def check(self) -> list[RosterIssue]:
        """Every problem of the roster, in the order of its rows. Never raises."""
        return _check(self.liaisons)


# -- checks --------------------------------------------------------------------------------------


def _who(liaison: Liaison) -> dict[str, str]:
    """How messages name a person: 单位“姓名”."""
    unit_zh = liaison.unit or "（未填单位）"
    unit_en = liaison.unit or "(no unit)"
    if liaison.name:
        return {"who": f"{unit_zh}“{liaison.name}”", "who_en": f"{unit_en} '{liaison.name}'"}
    return {
        "who": f"{unit_zh}第{liaison.order}位联络员",
        "who_en": f"{unit_en} person #{liaison.order}",
    }


def _issue(code: str, liaison: Liaison | None, field: str | None, **params: str) -> RosterIssue:
    """An issue of type ``code`` about ``liaison`` (``None``: the whole roster)."""
    kind = register_type(code)
    value = getattr(liaison, field) if liaison is not None and field is not None else ""
    zh, en = kind.format({"value": value, **params})
    return RosterIssue(
        code=code,
        severity=kind.severity,
        unit=liaison.unit if liaison is not None else "",
        name=liaison.name if liaison is not None else "",
        line=liaison.line if liaison is not None else None,
        field=field,
        value=value,
        message_zh=zh,
        message_en=en,
    )


def _person_issues(liaison: Liaison, earlier: Mapping[str, Liaison]) -> Iterator[RosterIssue]:
    who = _who(liaison)
    if not liaison.unit:
        yield _issue("roster-unit-missing", liaison, "unit", **who)
    if not liaison.name:
        yield _issue("roster-name-missing", liaison, "name", **who)
    elif liaison.name in earlier:
        first = earlier[liaison.name]
        also = f"（另见第{first.line}行）" if first.line is not None else ""
        also_en = f" (also line {first.line})" if first.line is not None else ""
        yield _issue("roster-duplicate-person", liaison, "name", also=also, also_en=also_en, **who)
    if liaison.mobile and not is_mobile(liaison.mobile):
        yield _issue("roster-mobile-invalid", liaison, "mobile", **who)
    if liaison.office_phone:
        status = office_phone_status(liaison.office_phone)
        if status == "invalid":
            yield _issue("roster-office-phone-invalid", liaison, "office_phone", **who)
        elif status == "no-area-code":
            yield _issue("roster-office-phone-no-area-code", liaison, "office_phone", **who)
    if liaison.email and not is_email(liaison.email):
        yield _issue("roster-email-invalid", liaison, "email", **who)
    if not liaison.has_contact:
        yield _issue("roster-no-contact", liaison, None, **who)


def _coordinator_issue(first: Liaison) -> RosterIssue | None:
    if first.blank:
        reason = "没有填写任何联络员，缺少负责总体协调的第 1 位联络员"
        reason_en = " lists nobody: it has no first-listed coordinator"
    elif not first.name:
        reason = "排名第 1 位的联络员（负责总体协调）未填姓名"
        reason_en = ": the first-listed person (the coordinator) has no name"
    elif not first.has_contact:
        reason = f"排名第 1 位的联络员“{first.name}”（负责总体协调）没有手机或办公电话"
        reason_en = f": the coordinator '{first.name}' has neither a mobile nor an office phone"
    else:
        return None
    return _issue(
        "roster-no-coordinator", first, None, unit=first.unit, reason=reason, reason_en=reason_en
    )


def _check(liaisons: Sequence[Liaison]) -> list[RosterIssue]:
    if not liaisons:
        return [_issue("roster-empty", None, None)]
    issues: list[RosterIssue] = []
    names: dict[str, dict[str, Liaison]] = {}
    first_of: dict[str, Liaison] = {}
    for liaison in liaisons:
        earlier = names.setdefault(liaison.unit, {})
        if liaison.unit not in first_of:
            first_of[liaison.unit] = liaison
        if not liaison.blank:
            issues.extend(_person_issues(liaison, earlier))
            earlier.setdefault(liaison.name, liaison)
        if first_of[liaison.unit] is liaison and liaison.unit:
            coordinator = _coordinator_issue(liaison)
            if coordinator is not None:
                issues.append(coordinator)
    return issues


# -- reading -------------------------------------------------------------------------------------

_ALIASES: Mapping[str, str] = {
    normalize_header(alias): field
    for field, aliases in {
        "unit": ("单位名称", "单位", "部门", "部门名称", "单位(部门)名称", "工作单位", "所在单位"),
        "name": ("姓名", "联络员", "联络员姓名", "人员姓名"),
        "title": ("职务", "职位", "职务/职称", "职务(职称)"),
        "office_phone": ("办公电话", "办公室电话", "固定电话", "座机", "电话", "办公室座机"),
        "mobile": ("手机", "手机号码", "手机号", "移动电话", "联系手机"),
        "email": ("邮箱", "电子邮箱", "电子邮件", "E-mail", "Email", "邮件", "邮箱地址"),
        "remarks": ("备注", "备注(具体负责工作)", "具体负责工作", "负责工作"),
    }.items()
    for alias in aliases
}

# Rows above or below the table that are not people: notes (注：…), the signer (填报人：…).
_NOTE_ROW = re.compile(
    r"(?:注|说明|填表说明|填报说明|备注|填报人|填表人|填报单位|填报日期|填表日期|审核人|制表人)"
    r"\s*[0-9]*\s*(?:\([^)]*\))?\s*:"
)


def _field_of(header: str) -> str | None:
    key = normalize_header(header).lstrip("*")
    if key in _ALIASES:
        return _ALIASES[key]
    # 办公电话(含区号), 手机(必填), 备注(具体负责工作)…: the words before the brackets.
    return _ALIASES.get(re.sub(r"\(.*?\)", "", key))


def _header_columns(cells: Sequence[str]) -> dict[str, int] | None:
    """The column of each field when ``cells`` is the header row, else ``None``."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = _field_of(cell) if cell else None
        if field is not None and field not in columns:
            columns[field] = index
    if "unit" in columns and "name" in columns and len(columns) >= 3:
        return columns
    return None


def _is_note(cells: Sequence[str]) -> bool:
    first = next((c for c in cells if c), "")
    return _NOTE_ROW.match(unicodedata.normalize("NFKC", first)) is not None


def read_roster(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Roster:
    """Read a liaison roster laid out like 附件3 from a CSV, XLSX or XLS file.

    The header row is found among the first :data:`HEADER_SEARCH_ROWS` rows
    (a title row may come first); header variants are accepted
    (``办公室电话``, ``手机号码``, ``电子邮箱``, ``E-mail``, ``备注（具体负责工作）``,
    ``姓　名``…) and other columns (``序号``) are ignored. Below it:

    * a blank ``单位名称`` continues the unit above (templates merge the unit
      cell over its people); a unit written again on each row is the same unit;
    * rows with nothing in the roster's columns, notes (``注：…``), signer
      rows (``填报人：…``) and repeated header rows are skipped;
    * a unit listed without anyone becomes one blank :class:`Liaison`; empty
      rows under a unit that has people are dropped;
    * CSV cells escaped against formula injection by sgs's writers (``'+86…``)
      are read back as written.

    Raises :class:`~sgs.errors.InputError`, naming the file, when the file
    cannot be read or has no roster header row. Bad values do not raise: see
    :meth:`Roster.check`. ``limits`` bound what reading it may cost
    (:class:`~sgs.io.tables.ReadLimits`).
    """
    table = open_table(source, sheet=sheet, encoding=encoding, limits=limits)
    try:
        if table.mapping_rows:
            raise InputError(
                "联络员名单应为 CSV 或 Excel 表格，不是 JSON",
                "a liaison roster is a CSV or Excel table, not JSON",
                path=table.path,
            )
        csv = table.format == "csv"
        rows = (
            (line, [clean(c) for c in cell_texts(cells, csv=csv)]) for line, cells in table.rows
        )
        found = find_header(rows, _header_columns, count_blank=True)
        if found is None:
            raise InputError(
                f"前{HEADER_SEARCH_ROWS}行中找不到联络员名单的表头（应含“单位名称”“姓名”等列，见附件3）",
                f"no liaison roster header row in the first {HEADER_SEARCH_ROWS} rows "
                "(expected columns such as 单位名称 and 姓名, as in 附件3)",
                path=table.path,
            )
        liaisons = _read_people(rows, found[1])
    finally:
        table.close()
    return Roster.of(liaisons, source=table.path)


def _read_people(
    rows: Iterable[tuple[int, list[str]]], columns: Mapping[str, int]
) -> list[Liaison]:
    people: list[Liaison] = []
    staffed: set[str] = set()  # units with at least one person
    vacant: dict[str, int] = {}  # units seen only on empty rows: their first line
    unit = ""
    for line, cells in rows:
        values = {f: cells[i] if i < len(cells) else "" for f, i in columns.items()}
        if not any(values.values()) or _is_note(cells) or _header_columns(cells) is not None:
            continue
        unit = values.get("unit") or unit
        person = Liaison(
            unit=unit,
            name=values.get("name", ""),
            title=values.get("title", ""),
            office_phone=values.get("office_phone", ""),
            mobile=values.get("mobile", ""),
            email=values.get("email", ""),
            remarks=values.get("remarks", ""),
            line=line,
        )
        if person.blank:
            vacant.setdefault(unit, len(people))
        else:
            staffed.add(unit)
        people.append(person)
    # Keep a unit's first empty row only when the unit has nobody at all.
    keep = {index for u, index in vacant.items() if u not in staffed}
    return [p for i, p in enumerate(people) if not p.blank or i in keep]


# -- writing -------------------------------------------------------------------------------------

_WIDTHS = (30, 10, 16, 20, 18, 26, 36)


def _format_of(path: str, format: str | None) -> Literal["csv", "xlsx"]:
    if format is not None:
        if format not in ("csv", "xlsx"):
            raise ValueError(f"unknown roster format {format!r}; expected csv or xlsx")
        return "csv" if format == "csv" else "xlsx"
    ext = Path(path).suffix.lower()
    if ext == ".csv":
        return "csv"
    if ext == ".xlsx":
        return "xlsx"
    raise InputError(
        f"无法从扩展名 {ext or '（无）'} 判断输出格式，应为 .csv 或 .xlsx",
        f"cannot tell the output format from the extension {ext or '(none)'!r}; "
        "use .csv or .xlsx or pass format=",
        path=path,
    )


def write_roster(
    roster: Roster,
    path: str | os.PathLike[str],
    *,
    format: Literal["csv", "xlsx"] | None = None,
    encoding: str = "utf-8-sig",
) -> Path:
    """Write ``roster`` in the layout of 附件3 to ``path``; return the path.

    XLSX (from the extension unless ``format`` says): the title row
    :data:`TITLE`, the header row :data:`HEADERS`, one row per person with
    the unit cell merged over the unit's consecutive people, and the note row
    :data:`NOTE`; every value is a text cell, so that ``0371…`` keeps its 0.
    CSV: the header row and the people, the unit on every row, in
    ``encoding`` (UTF-8 with BOM by default, for Excel; ``gb18030`` on
    request), with formula-like texts escaped. The file appears only when it
    is complete.

    ``read_roster(write_roster(roster, path)) == roster`` for every roster
    that :func:`read_roster` returns, and for one built with :meth:`Roster.of`
    whose units are filled in (a person without a unit can only come first:
    below a unit, a blank unit cell continues it).
    """
    target = os.fspath(path)
    if _format_of(target, format) == "csv":
        with open_table_writer(target, HEADERS, format="csv", encoding=encoding) as writer:
            for liaison in roster.liaisons:
                writer.write(liaison.cells())
    else:
        _write_xlsx(roster, target)
    return Path(target)


def _write_xlsx(roster: Roster, path: str) -> None:
    form = FormSheet(
        path, sheet="联络员名单", title=TITLE, headers=HEADERS, widths=_WIDTHS, title_height=32
    )
    first_row = 3
    people = roster.liaisons
    for index, liaison in enumerate(people):
        what = (f"{liaison.unit}“{liaison.name}”", f"{liaison.unit} '{liaison.name}'")
        for column, text in enumerate(liaison.cells(), 1):
            align = form.center if column == 1 else form.wrap
            form.put(first_row + index, column, text or None, align, what=what)
    # the unit cell merged over each run of consecutive people of one (named) unit
    for first, last in runs([p.unit for p in people], 0, len(people)):
        if people[first].unit:
            form.merge_down(1, first_row + first, first_row + last)
    form.note(first_row + len(people), NOTE, height=30)
    form.save()
