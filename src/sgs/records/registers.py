"""The plain data of a department's registers: catalog items (目录, 附件1) and liaisons (附件3).

:class:`CatalogItem`, :class:`CatalogVersion` and :class:`Liaison` are frozen
values that the store keeps and :mod:`sgs.department` reads, writes and
checks. Their texts are normalized when they are made, by the converters
here: :func:`normalize_text`, :func:`normalize_category`, :func:`normalize_basis`
for the catalog, trimming for the roster.

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

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence

import attrs

from sgs.standard import PUBLIC, Kind, scope_of

__all__ = [
    "LIAISON_FIELDS",
    "LICENSE",
    "PENALTY",
    "CatalogItem",
    "CatalogVersion",
    "Liaison",
    "basis_text",
    "clean_text",
    "effective_date",
    "normalize_basis",
    "normalize_category",
    "normalize_text",
]

#: The two categories (行政职权类别) a catalog holds.
LICENSE = "行政许可"
PENALTY = "行政处罚"
#: The :class:`Liaison` attributes of the columns of 附件3, in order.
LIAISON_FIELDS: tuple[str, ...] = (
    "unit",
    "name",
    "title",
    "office_phone",
    "mobile",
    "email",
    "remarks",
)

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


def clean_text(text: str) -> str:
    """Line breaks as ``\\n``; zero-width and control characters (but ``\\n``, tab) gone.

    >>> clean_text("甲\\r\\n乙\\u200b丙\\x07")
    '甲\\n乙丙'
    """
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
    return _SPACE_RUN.sub(_join_space, clean_text(text))


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
    key = _SPACE_RUN.sub("", clean_text(str(value))).lower()
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
    for raw in clean_text(text).split("\n"):
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


def basis_text(basis: Sequence[str]) -> str:
    """The entries as cell text that :func:`normalize_basis` splits back into the same entries.

    >>> basis_text(("《行政许可法》第十二条", "《国务院令》412号"))
    '《行政许可法》第十二条\\n《国务院令》412号'
    """
    parts: list[str] = []
    for index, entry in enumerate(basis):
        if index:
            parts.append("\n" if _starts_entry(basis[index - 1], entry) else "\n\n")
        parts.append(entry)
    return "".join(parts)


def _as_text(value: object) -> str:
    """A value given for a text: ``None`` empty, a whole float (a spreadsheet number) without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def _number(value: object) -> str | None:
    if value is None:
        return None
    text = normalize_text(_as_text(value))
    return text or None


def _text(value: object) -> str:
    return normalize_text(_as_text(value))


def _scope(value: object) -> str:
    """A 公开范围 cell as its scope (:func:`~sgs.standard.scope_of`): empty is 公示."""
    return scope_of(normalize_text(_as_text(value)))


def _require_name(instance: object, attribute: object, value: str) -> None:
    if not value:
        raise ValueError("a catalog item needs a name (项目名称)")


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
    #: 公开范围: 公示, 政务共享 or 授权查询 (a name or a 2016 ``SYFW`` code 0/1/2; empty: 公示).
    #: The scope of the item's records unless a record's own is set (``sgs ledger scope``).
    scope: str = attrs.field(default=PUBLIC, converter=_scope)

    @property
    def kind(self) -> Kind:
        """:attr:`Kind.LICENSE <sgs.standard.Kind.LICENSE>` or ``PENALTY``."""
        return Kind.LICENSE if self.category == LICENSE else Kind.PENALTY


def effective_date(value: dt.date | str) -> dt.date:
    """A date, or a ``YYYY-MM-DD`` text, as a :class:`datetime.date` (a datetime: its day)."""
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
    effective_from: dt.date = attrs.field(converter=effective_date)
    note: str = ""


# -- the roster (附件3) ------------------------------------------------------------------------

# What a roster cell is trimmed of: ASCII and full-width spaces, NBSP, BOM, zero-width space.
_TRIM = " \t\r\n\v\f\u3000\u00a0\ufeff\u200b"


def _trimmed(value: object) -> str:
    """A cell value as trimmed text: ``None`` is empty."""
    if value is None:
        return ""
    return (value if isinstance(value, str) else str(value)).strip(_TRIM)


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

    unit: str = attrs.field(converter=_trimmed)
    name: str = attrs.field(default="", converter=_trimmed)
    title: str = attrs.field(default="", converter=_trimmed)
    office_phone: str = attrs.field(default="", converter=_trimmed)
    mobile: str = attrs.field(default="", converter=_trimmed)
    email: str = attrs.field(default="", converter=_trimmed)
    remarks: str = attrs.field(default="", converter=_trimmed)
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
        return not any(getattr(self, f) for f in LIAISON_FIELDS[1:])

    @property
    def has_contact(self) -> bool:
        """Whether there is a mobile or an office phone (valid or not)."""
        return bool(self.mobile or self.office_phone)

    def cells(self) -> list[str]:
        """The texts of the row, in the order of the header row of 附件3."""
        return [getattr(self, f) for f in LIAISON_FIELDS]
