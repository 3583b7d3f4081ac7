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
Bad values never raise: they become :class:`RosterIssue` objects with a
stable code, Chinese message first.

>>> roster = Roster.of([
...     Liaison(unit="市发展改革委", name="张雅丽", office_phone="0371-67177793"),
...     Liaison(unit="市发展改革委", name="李四", mobile="1381234567"),
...     Liaison(unit="市卫生健康委", name="王五"),
... ])
>>> roster.units(), roster.coordinators()["市发展改革委"].name
(['市发展改革委', '市卫生健康委'], '张雅丽')
>>> [(i.code, i.severity, i.name) for i in roster.check()]  # doctest: +NORMALIZE_WHITESPACE
[('roster-mobile-invalid', 'error', '李四'), ('roster-no-contact', 'warning', '王五'),
 ('roster-no-coordinator', 'error', '王五')]
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import IO, Any, Literal

import attrs

from sgs.errors import InputError
from sgs.io.formula import unescape_formula
from sgs.io.headers import normalize_header
from sgs.io.reader import clean
from sgs.io.tables import import_extra, open_table
from sgs.io.write import open_table_writer, save_workbook

__all__ = [
    "FIELDS",
    "HEADERS",
    "HEADER_SEARCH_ROWS",
    "ISSUE_CODES",
    "NOTE",
    "TITLE",
    "Liaison",
    "Roster",
    "RosterIssue",
    "is_email",
    "is_mobile",
    "office_phone_status",
    "read_roster",
    "write_roster",
]

Severity = Literal["error", "warning"]
OfficePhoneStatus = Literal["valid", "no-area-code", "invalid"]

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
#: The :class:`Liaison` attribute of each column of :data:`HEADERS`.
FIELDS: tuple[str, ...] = ("unit", "name", "title", "office_phone", "mobile", "email", "remarks")

#: Every issue code: its severity and what it means (Chinese, English).
ISSUE_CODES: Mapping[str, tuple[Severity, str, str]] = {
    "roster-empty": ("error", "名单中没有任何联络员", "the roster lists nobody"),
    "roster-unit-missing": ("error", "未填单位名称", "a person without a unit (单位名称)"),
    "roster-name-missing": ("error", "联络员未填姓名", "a person without a name (姓名)"),
    "roster-no-coordinator": (
        "error",
        "单位没有可联系的第 1 位联络员（负责总体协调）",
        "a unit whose first-listed person (the coordinator) is missing, unnamed or unreachable",
    ),
    "roster-mobile-invalid": ("error", "手机号码无效", "an invalid mobile number"),
    "roster-office-phone-invalid": ("error", "办公电话无效", "an invalid office phone number"),
    "roster-office-phone-no-area-code": (
        "warning",
        "办公电话缺少区号",
        "an office phone number without its area code",
    ),
    "roster-email-invalid": ("error", "邮箱地址无效", "an invalid e-mail address"),
    "roster-no-contact": (
        "warning",
        "联络员既无手机也无办公电话",
        "a person with neither a mobile nor an office phone",
    ),
    "roster-duplicate-person": (
        "warning",
        "同一单位重复列出同一姓名",
        "the same name listed twice for one unit",
    ),
}

# -- values --------------------------------------------------------------------------------------

# Several numbers or addresses in one cell: 、 / , ; (full-width ，；／ become these under NFKC).
_SEPARATORS = re.compile(r"\s*[、/,;]\s*")
_MOBILE = re.compile(r"(?:\(?(?:\+|00)?86\)?)?1[3-9][0-9]{9}")
# Area codes: 010 and 020–029 have three digits, all others (03xx–09xx) four.
# Local numbers have 7 or 8 digits and never start with 0 or 1.
_AREA = r"0(?:[12][0-9]|[3-9][0-9]{2})"
_LOCAL = r"[2-9][0-9]{6}[0-9]?"
_EXTENSION = r"(?:\s*(?:-|转|分机|ext\.?|x)\s*[0-9]{1,6})?"
_OFFICE = re.compile(
    rf"(?:\((?P<paren>{_AREA})\)\s*-?\s*|(?P<area>{_AREA})\s*-?\s*)?{_LOCAL}{_EXTENSION}",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)*\.[^\W\d_]{2,}")


def _parts(text: str) -> list[str]:
    return [p for p in _SEPARATORS.split(unicodedata.normalize("NFKC", text).strip()) if p]


def _mobile_part(part: str) -> bool:
    return _MOBILE.fullmatch(re.sub(r"[\s-]", "", part)) is not None


def is_mobile(text: str) -> bool:
    """Whether ``text`` is one or more mainland mobile numbers (手机号码).

    A number is 11 digits starting with 13–19; spaces and hyphens may group
    the digits, and ``+86``, ``86`` or ``0086`` may come first. Several
    numbers are separated by ``、`` ``/`` ``，`` or ``;``. Full-width digits count.

    >>> [is_mobile(t) for t in ("13812345678", "+86 138-1234-5678", "１３８１２３４５６７８")]
    [True, True, True]
    >>> [is_mobile(t) for t in ("1381234567", "23812345678", "0371-67177793", "")]
    [False, False, False, False]
    """
    parts = _parts(text)
    return bool(parts) and all(_mobile_part(p) for p in parts)


def office_phone_status(text: str) -> OfficePhoneStatus:
    """``valid``, ``no-area-code`` or ``invalid``: how ``text`` reads as office phone(s) (办公电话).

    A number is a 3–4 digit area code starting with 0 (``0371``, ``(0371)``,
    with or without a hyphen or space after it) and a 7–8 digit local number,
    optionally followed by an extension (``-801``, ``转801``, ``分机801``).
    Several numbers are separated by ``、`` ``/`` ``，`` or ``;``; a bare local
    number after one with an area code shares that code
    (``0371-67177793/67177794``). A mobile number is accepted too. A bare
    local number otherwise is ``no-area-code``: reachable only from inside
    the city, so a warning rather than an error.

    >>> [office_phone_status(t) for t in ("0371-67177793", "(0371)67177793", "037167177793")]
    ['valid', 'valid', 'valid']
    >>> [office_phone_status(t) for t in ("0371-6717779-801", "0371-67177793转801", "010-12345678")]
    ['valid', 'valid', 'invalid']
    >>> [office_phone_status(t) for t in ("67177793", "0371-671", "0371-67177793、67177794")]
    ['no-area-code', 'invalid', 'valid']
    """
    parts = _parts(text)
    if not parts:
        return "invalid"
    status: OfficePhoneStatus = "valid"
    seen_area = False
    for part in parts:
        if _mobile_part(part):
            continue
        match = _OFFICE.fullmatch(part)
        if match is None:
            return "invalid"
        if match["area"] or match["paren"]:
            seen_area = True
        elif not seen_area:
            status = "no-area-code"
    return status


def is_email(text: str) -> bool:
    """Whether ``text`` is one or more e-mail addresses (a pragmatic check, not RFC 5322).

    One ``@``, no spaces, a dot in the domain and a top-level domain of two
    letters or more; addresses may be separated by ``、`` ``/`` ``，`` or ``;``.
    A full-width ``＠`` or a ``。`` in place of the dot is an error: mail
    programs reject them.

    >>> [is_email(t) for t in ("zzcredit@163.com", "xx@zz.gov.cn", "a@b.cn；c@d.com")]
    [True, True, True]
    >>> [is_email(t) for t in ("zzcredit163.com", "a b@163.com", "xx＠zz.gov.cn", "xx@163。com")]
    [False, False, False, False]
    """
    text = text.strip()
    if not text or "＠" in text or "。" in text:
        return False
    parts = [p for p in re.split(r"\s*[、/,;，；／]\s*", text) if p]
    return bool(parts) and all(_EMAIL.fullmatch(p) for p in parts)


# -- the records ---------------------------------------------------------------------------------


def _text(value: object) -> str:
    """A cell value as trimmed text: ``None`` is empty."""
    if value is None:
        return ""
    return clean(value if isinstance(value, str) else str(value))


@attrs.frozen(kw_only=True)
class Liaison:
    """One liaison officer (联络员): one row of 附件3.

    Texts are trimmed. ``order`` is the 1-based position of the person within
    the unit: the first-listed person coordinates the unit's credit
    information work. ``line`` is the file row it was read from (``None`` for
    a person built in code); it is not part of equality.

    A unit listed without anyone (a row holding only the unit name) is kept
    as one *blank* liaison, so that it is not lost and is reported.
    """

    unit: str = attrs.field(converter=_text)
    name: str = attrs.field(default="", converter=_text)
    title: str = attrs.field(default="", converter=_text)
    office_phone: str = attrs.field(default="", converter=_text)
    mobile: str = attrs.field(default="", converter=_text)
    email: str = attrs.field(default="", converter=_text)
    remarks: str = attrs.field(default="", converter=_text)
    order: int = 1
    line: int | None = attrs.field(default=None, eq=False)

    @property
    def coordinator(self) -> bool:
        """Whether this is the unit's first-listed person, who coordinates (总体协调).

        >>> Liaison(unit="市发展改革委", name="张雅丽").coordinator
        True
        """
        return self.order == 1 and not self.blank

    @property
    def blank(self) -> bool:
        """Whether only the unit is filled in: a unit listed without anyone."""
        return not any(getattr(self, f) for f in FIELDS[1:])

    @property
    def has_contact(self) -> bool:
        """Whether there is a mobile or an office phone (valid or not)."""
        return bool(self.mobile or self.office_phone)

    def cells(self) -> list[str]:
        """The texts of the row, in the order of :data:`HEADERS`."""
        return [getattr(self, f) for f in FIELDS]


@attrs.frozen(kw_only=True)
class RosterIssue:
    """One problem of a roster: a stable ``code`` (see :data:`ISSUE_CODES`) and where it is.

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


def _issue(code: str, liaison: Liaison, field: str | None, zh: str, en: str) -> RosterIssue:
    value = getattr(liaison, field) if field is not None else ""
    return RosterIssue(
        code=code,
        severity=ISSUE_CODES[code][0],
        unit=liaison.unit,
        name=liaison.name,
        line=liaison.line,
        field=field,
        value=value,
        message_zh=zh,
        message_en=en,
    )


def _who(liaison: Liaison) -> tuple[str, str]:
    """How messages name a person: 单位“姓名”."""
    unit_zh = liaison.unit or "（未填单位）"
    unit_en = liaison.unit or "(no unit)"
    if liaison.name:
        return f"{unit_zh}“{liaison.name}”", f"{unit_en} '{liaison.name}'"
    return f"{unit_zh}第{liaison.order}位联络员", f"{unit_en} person #{liaison.order}"


def _person_issues(liaison: Liaison, earlier: Mapping[str, Liaison]) -> Iterator[RosterIssue]:
    zh, en = _who(liaison)
    if not liaison.unit:
        yield _issue(
            "roster-unit-missing",
            liaison,
            "unit",
            f"{zh}：未填单位名称",
            f"{en}: the unit (单位名称) is missing",
        )
    if not liaison.name:
        yield _issue(
            "roster-name-missing", liaison, "name", f"{zh}未填姓名", f"{en} has no name (姓名)"
        )
    elif liaison.name in earlier:
        first = earlier[liaison.name]
        also_zh = f"（另见第{first.line}行）" if first.line is not None else ""
        also_en = f" (also line {first.line})" if first.line is not None else ""
        yield _issue(
            "roster-duplicate-person",
            liaison,
            "name",
            f"{zh}在本单位重复列出{also_zh}",
            f"{en} is listed twice for the unit{also_en}",
        )
    if liaison.mobile and not is_mobile(liaison.mobile):
        yield _issue(
            "roster-mobile-invalid",
            liaison,
            "mobile",
            f"{zh}的手机“{liaison.mobile}”不是有效的手机号码（应为 1 开头的 11 位数字，如 13812345678）",
            f"{en}: mobile {liaison.mobile!r} is not a mainland mobile number "
            "(11 digits starting with 13–19, e.g. 13812345678)",
        )
    if liaison.office_phone:
        status = office_phone_status(liaison.office_phone)
        if status == "invalid":
            yield _issue(
                "roster-office-phone-invalid",
                liaison,
                "office_phone",
                f"{zh}的办公电话“{liaison.office_phone}”无效"
                "（应为区号加 7–8 位号码，如 0371-67177793，分机写作 -801 或 转801）",
                f"{en}: office phone {liaison.office_phone!r} is invalid (expected an area "
                "code and a 7–8 digit number, e.g. 0371-67177793, extension -801 or 转801)",
            )
        elif status == "no-area-code":
            yield _issue(
                "roster-office-phone-no-area-code",
                liaison,
                "office_phone",
                f"{zh}的办公电话“{liaison.office_phone}”缺少区号（如 0371-）",
                f"{en}: office phone {liaison.office_phone!r} has no area code (e.g. 0371-)",
            )
    if liaison.email and not is_email(liaison.email):
        yield _issue(
            "roster-email-invalid",
            liaison,
            "email",
            f"{zh}的邮箱“{liaison.email}”不是有效的电子邮件地址",
            f"{en}: e-mail {liaison.email!r} is not a valid address",
        )
    if not liaison.has_contact:
        yield _issue(
            "roster-no-contact",
            liaison,
            None,
            f"{zh}既无手机也无办公电话",
            f"{en} has neither a mobile nor an office phone",
        )


def _coordinator_issue(first: Liaison) -> RosterIssue | None:
    unit = first.unit
    if first.blank:
        zh = f"{unit}没有填写任何联络员，缺少负责总体协调的第 1 位联络员"
        en = f"{unit} lists nobody: it has no first-listed coordinator"
    elif not first.name:
        zh = f"{unit}排名第 1 位的联络员（负责总体协调）未填姓名"
        en = f"{unit}: the first-listed person (the coordinator) has no name"
    elif not first.has_contact:
        zh = f"{unit}排名第 1 位的联络员“{first.name}”（负责总体协调）没有手机或办公电话"
        en = f"{unit}: the coordinator '{first.name}' has neither a mobile nor an office phone"
    else:
        return None
    return _issue("roster-no-coordinator", first, None, zh, en)


def _check(liaisons: Sequence[Liaison]) -> list[RosterIssue]:
    if not liaisons:
        _, zh, en = ISSUE_CODES["roster-empty"]
        return [
            RosterIssue(
                code="roster-empty",
                severity="error",
                unit="",
                name="",
                line=None,
                field=None,
                value="",
                message_zh=zh,
                message_en=en,
            )
        ]
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

#: How many rows at the top of a sheet are searched for the header row.
HEADER_SEARCH_ROWS = 10

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
    :meth:`Roster.check`.
    """
    table = open_table(source, sheet=sheet, encoding=encoding)
    try:
        if table.mapping_rows:
            raise InputError(
                "联络员名单应为 CSV 或 Excel 表格，不是 JSON",
                "a liaison roster is a CSV or Excel table, not JSON",
                path=table.path,
            )
        unescape = table.format == "csv"

        def texts(cells: Sequence[Any]) -> list[str]:
            out = []
            for cell in cells:
                text = cell if isinstance(cell, str) else str(cell)
                if unescape and text[:1] == "'":
                    text = unescape_formula(text)
                out.append(clean(text))
            return out

        rows = iter(table.rows)
        columns: dict[str, int] | None = None
        for _line, cells in islice(rows, HEADER_SEARCH_ROWS):
            columns = _header_columns(texts(cells))
            if columns is not None:
                break
        if columns is None:
            raise InputError(
                f"前{HEADER_SEARCH_ROWS}行中找不到联络员名单的表头（应含“单位名称”“姓名”等列，见附件3）",
                f"no liaison roster header row in the first {HEADER_SEARCH_ROWS} rows "
                "(expected columns such as 单位名称 and 姓名, as in 附件3)",
                path=table.path,
            )
        liaisons = _read_people(((line, texts(cells)) for line, cells in rows), columns)
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
    openpyxl = import_extra("openpyxl", "xlsx", path, writing=True)
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "联络员名单"
    width = len(HEADERS)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="center", wrap_text=True)

    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(1, 1).font = Font(bold=True, size=16)
    sheet.cell(1, 1).alignment = center
    sheet.row_dimensions[1].height = 32
    sheet.append(list(HEADERS))
    for column in range(1, width + 1):
        cell = sheet.cell(2, column)
        cell.font = Font(bold=True)
        cell.alignment = center
        cell.border = box
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[column - 1]

    row = 2
    for liaison in roster.liaisons:
        row += 1
        for column, text in enumerate(liaison.cells(), 1):
            cell = sheet.cell(row, column)
            try:
                cell.value = text or None
            except IllegalCharacterError:
                raise InputError(
                    f"{liaison.unit}“{liaison.name}”含有 Excel 无法保存的控制字符",
                    f"{liaison.unit} '{liaison.name}' holds control characters Excel cannot store",
                    path=path,
                ) from None
            if text:
                cell.data_type = "s"  # a text, never a formula
            cell.border = box
            cell.alignment = center if column == 1 else wrap
    _merge_units(sheet, roster.liaisons, first_row=3)

    note_row = row + 1
    sheet.cell(note_row, 1).value = NOTE
    sheet.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=width)
    sheet.cell(note_row, 1).alignment = wrap
    sheet.row_dimensions[note_row].height = 30
    sheet.freeze_panes = "A3"

    save_workbook(book, path)


def _merge_units(sheet: Any, liaisons: Sequence[Liaison], first_row: int) -> None:
    """Merge the unit cell over each run of consecutive people of one (named) unit."""
    start = 0
    for index in range(1, len(liaisons) + 1):
        if index < len(liaisons) and liaisons[index].unit == liaisons[start].unit:
            continue
        if index - start > 1 and liaisons[start].unit:
            sheet.merge_cells(
                start_row=first_row + start,
                start_column=1,
                end_row=first_row + index - 1,
                end_column=1,
            )
        start = index
