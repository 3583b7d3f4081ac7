"""The shapes that hold a data standard: kinds, field specs, record specs, versions.

Everything here is plain, frozen data. A caller changes a rule by making a
changed copy (:meth:`Standard.evolve_field`), never by editing constants.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from sgs.errors import UnknownKindError

__all__ = [
    "VALUE_SEPARATORS",
    "Certainty",
    "Enumeration",
    "FieldSpec",
    "FieldType",
    "Kind",
    "LegacyField",
    "RecordSpec",
    "Requirement",
    "Standard",
]


class Kind(enum.StrEnum):
    """The two record kinds of 双公示."""

    LICENSE = "license"
    PENALTY = "penalty"

    @property
    def label(self) -> str:
        """The Chinese name of the kind: 行政许可 or 行政处罚."""
        return "行政许可" if self is Kind.LICENSE else "行政处罚"

    @classmethod
    def parse(cls, value: str | Kind) -> Kind:
        """Accept ``license``/``penalty``, the Chinese names, or the code prefixes.

        >>> Kind.parse("行政处罚"), Kind.parse("XK")
        (<Kind.PENALTY: 'penalty'>, <Kind.LICENSE: 'license'>)
        """
        if isinstance(value, Kind):
            return value
        text = str(value).strip().lower()
        for kind in cls:
            if text in (kind.value, kind.label, _PREFIX[kind].lower()):
                return kind
        raise UnknownKindError(
            f"未知的记录类型 {value!r}，应为 license（行政许可）或 penalty（行政处罚）",
            f"unknown record kind {value!r}; expected 'license' or 'penalty'",
        )


_PREFIX = {Kind.LICENSE: "XK", Kind.PENALTY: "CF"}


class FieldType(enum.StrEnum):
    """Value types of the standard (字符型, 日期型, 数值型, and closed code lists)."""

    TEXT = "text"
    DATE = "date"
    DECIMAL = "decimal"
    ENUMERATION = "enumeration"


class Requirement(enum.StrEnum):
    """必填 / 条件必填 / 选填."""

    MANDATORY = "mandatory"
    CONDITIONAL = "conditional"
    OPTIONAL = "optional"

    @property
    def label(self) -> str:
        return {"mandatory": "必填", "conditional": "条件必填", "optional": "选填"}[self.value]


class Certainty(enum.StrEnum):
    """How sure the reference is of a rule (the [C]/[C2]/[R] marks of standard.md).

    Rules that are only ``RECALLED`` are warnings by default in validation.
    """

    CONFIRMED = "confirmed"
    SECONDARY = "secondary"
    RECALLED = "recalled"


def _frozen_map(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


#: What separates the values of a multi-valued field (处罚类别).
VALUE_SEPARATORS = ";；,，、"


@attrs.frozen(kw_only=True)
class Enumeration:
    """A closed list of allowed values (代码集), with accepted aliases.

    ``values`` are the canonical values in the standard's order; ``titles``
    give a meaning where the value is a code (当前状态 ``1`` = 有效);
    ``aliases`` map other accepted spellings to a canonical value. An alias
    may map to itself: it is then accepted and kept as written (the 2018
    处罚类别 strings under the 2021 list, whose meaning is ambiguous).

    ``specified`` names a value that the standard asks to be specified
    ("选择‘其他’时需注明"): that value followed by its specification —
    ``其他-…``, ``其他：…``, ``其他（…）`` — is accepted and kept as written.

    >>> status = Enumeration(name="当前状态", values=("1", "2"),
    ...                      titles={"1": "有效", "2": "无效"}, aliases={"有效": "1"})
    >>> status.canonical("有效"), status.canonical("3")
    ('1', None)
    >>> kinds = Enumeration(name="许可类别", values=("普通", "其他"), specified="其他")
    >>> kinds.canonical("其他（临时占道）"), kinds.canonical("其他")
    ('其他（临时占道）', '其他')
    """

    name: str
    values: tuple[str, ...] = attrs.field(converter=_str_tuple)
    titles: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map)
    aliases: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map)
    multiple: bool = False
    specified: str | None = None
    _lookup: Mapping[str, str] = attrs.field(init=False, eq=False, repr=False)
    _tokens: re.Pattern[str] = attrs.field(init=False, eq=False, repr=False)
    _specification: re.Pattern[str] | None = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        lookup = {value: value for value in self.values}
        lookup.update(self.aliases)
        object.__setattr__(self, "_lookup", lookup)
        # Known values may themselves contain a separator (没收违法所得、没收非法财物):
        # match them whole, longest first, before splitting on separators.
        known = sorted(lookup, key=len, reverse=True)
        sep = re.escape(VALUE_SEPARATORS)
        alternatives = "|".join(re.escape(k) for k in known if k)
        specification = None
        if self.specified:
            # 其他（…） may hold separators inside its brackets; 其他-… runs to the next one.
            word = re.escape(self.specified)
            specification = rf"{word}\s*(?:[(（][^()（）]+[)）]|[-—–:：]\s*[^{sep}]+)"
            alternatives = f"{specification}|{alternatives}" if alternatives else specification
        pattern = (
            rf"(?:{alternatives})(?=\s*[{sep}]|\s*$)|[^{sep}]+" if alternatives else rf"[^{sep}]+"
        )
        object.__setattr__(self, "_tokens", re.compile(pattern))
        object.__setattr__(
            self, "_specification", re.compile(specification) if specification else None
        )

    @property
    def accepted(self) -> frozenset[str]:
        """Every text accepted as a value: the canonical values and the aliases."""
        return frozenset(self._lookup)

    def canonical(self, text: str) -> str | None:
        """The canonical value for ``text``, or ``None`` when it is not accepted."""
        found = self._lookup.get(text)
        if found is None and self._specification and self._specification.fullmatch(text):
            return text
        return found

    def split(self, text: str) -> list[str]:
        """Split a multi-valued text on ``;`` ``；`` ``,`` ``，`` ``、``, keeping known values whole.

        >>> penalty = Enumeration(name="处罚类别", multiple=True,
        ...     values=("警告", "罚款", "没收违法所得、没收非法财物"))
        >>> penalty.split("罚款；没收违法所得、没收非法财物,警告")
        ['罚款', '没收违法所得、没收非法财物', '警告']
        """
        if not self.multiple:
            return [text]
        return [t for t in (m.strip() for m in self._tokens.findall(text)) if t]


@attrs.frozen(kw_only=True)
class FieldSpec:
    """One field (数据项) of a record spec.

    ``code`` is the standard's field code (``XK_XDR_MC``), ``label`` its
    Chinese name, ``name`` the attribute name on the record classes.
    ``condition`` names the conditional rule (``C1``…) when ``requirement``
    is conditional; ``roles`` say what the field is (``decision_date``…), so
    that code outside the standard asks for a role, never for a code. ``length_certainty`` says how sure the reference is of
    ``max_length`` (most lengths are recalled, not confirmed).
    """

    code: str
    label: str
    name: str
    type: FieldType
    requirement: Requirement
    max_length: int | None = None
    decimals: int | None = None
    unit: str | None = None
    enumeration: Enumeration | None = None
    condition: str | None = None
    note: str = ""
    title_en: str = ""
    length_certainty: Certainty = Certainty.RECALLED
    requirement_certainty: Certainty = Certainty.CONFIRMED
    personal: bool = False
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    #: What the field is (:class:`~sgs.standard.roles.Role` values), whatever its code.
    roles: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)

    @property
    def allowed_values(self) -> tuple[str, ...]:
        """The canonical allowed values, empty for free fields."""
        return self.enumeration.values if self.enumeration else ()

    @property
    def multiple(self) -> bool:
        """Whether the field may hold several enumeration values (处罚类别)."""
        return bool(self.enumeration and self.enumeration.multiple)


@attrs.frozen(kw_only=True)
class LegacyField:
    """A pre-2018 ("2016") field and where it goes in the current standard.

    ``target`` is ``None`` when the old field has no counterpart; such
    columns are kept as extra columns, never dropped. ``implies`` gives
    values the old field implies for other fields (居民身份证号 implies
    证件类型 = 身份证); ``value_map`` translates old codes (处罚类别 ``1`` → 罚款).
    """

    code: str
    label: str
    target: str | None
    implies: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map)
    value_map: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map)
    header_aliases: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)


def _field_tuple(value: Iterable[FieldSpec]) -> tuple[FieldSpec, ...]:
    return tuple(value)


def _legacy_tuple(value: Iterable[LegacyField]) -> tuple[LegacyField, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, eq=False)
class RecordSpec:
    """The ordered fields of one record kind, with lookups by code and by name.

    Specs compare and hash by identity, so that work derived from a spec
    (parsers, header tables, converters) is cached per spec.
    """

    kind: Kind
    fields: tuple[FieldSpec, ...] = attrs.field(converter=_field_tuple)
    legacy: tuple[LegacyField, ...] = attrs.field(default=(), converter=_legacy_tuple)
    header_aliases: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map)
    _by_code: Mapping[str, FieldSpec] = attrs.field(init=False, eq=False, repr=False)
    _by_name: Mapping[str, FieldSpec] = attrs.field(init=False, eq=False, repr=False)
    _by_role: Mapping[str, FieldSpec] = attrs.field(init=False, eq=False, repr=False)
    # computed once: hot paths ask for them per record
    _codes: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    _labels: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    _names: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        by_code = {f.code: f for f in self.fields}
        by_name = {f.name: f for f in self.fields}
        if len(by_code) != len(self.fields) or len(by_name) != len(self.fields):
            raise ValueError(f"{self.kind}: field codes and names must be unique")
        object.__setattr__(self, "_by_code", MappingProxyType(by_code))
        object.__setattr__(self, "_by_name", MappingProxyType(by_name))
        by_role: dict[str, FieldSpec] = {}
        for f in self.fields:
            for role in f.roles:
                if role in by_role:
                    raise ValueError(f"{self.kind}: role {role!r} is played by two fields")
                by_role[role] = f
        object.__setattr__(self, "_by_role", MappingProxyType(by_role))
        object.__setattr__(self, "_codes", tuple(by_code))
        object.__setattr__(self, "_labels", tuple(f.label for f in self.fields))
        object.__setattr__(self, "_names", tuple(by_name))

    def __iter__(self) -> Iterator[FieldSpec]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> FieldSpec:
        """The field with standard code ``code``; ``KeyError`` if there is none."""
        return self._by_code[code]

    @property
    def codes(self) -> tuple[str, ...]:
        return self._codes

    @property
    def labels(self) -> tuple[str, ...]:
        return self._labels

    @property
    def names(self) -> tuple[str, ...]:
        return self._names

    def by_name(self, name: str) -> FieldSpec:
        """The field whose record attribute is ``name``."""
        return self._by_name[name]

    def is_own_code(self, code: str) -> bool:
        """Whether ``code`` is a code of this kind alone (``CF_…`` for penalties; not ``BZ``).

        >>> from sgs.standard import get_standard
        >>> spec = get_standard().penalty
        >>> spec.is_own_code("CF_WSH"), spec.is_own_code("BZ"), spec.is_own_code("XK_WSH")
        (True, False, False)
        """
        return code.startswith(_PREFIX[self.kind] + "_")

    def role(self, role: str) -> FieldSpec:
        """The field that plays ``role`` (a :class:`~sgs.standard.roles.Role`); ``KeyError`` if none.

        >>> from sgs.standard import get_standard
        >>> get_standard("2018").license.role("decision_number").code
        'XK_WSH'
        """
        try:
            return self._by_role[role]
        except KeyError:
            raise KeyError(f"{self.kind}: no field plays the role {role!r}") from None

    def code_of(self, role: str) -> str | None:
        """The code of the field that plays ``role``, or ``None`` when the spec has none."""
        found = self._by_role.get(role)
        return found.code if found is not None else None

    def codes_of(self, *roles: str) -> tuple[str, ...] | None:
        """The codes of the fields playing ``roles``, in order; ``None`` unless all are there."""
        found = [self._by_role.get(r) for r in roles]
        if any(f is None for f in found):
            return None
        return tuple(f.code for f in found if f is not None)

    def evolve_field(self, code: str, **changes: Any) -> RecordSpec:
        """A copy with field ``code`` changed, e.g. ``max_length=256``."""
        if code not in self._by_code:
            raise KeyError(code)
        fields = [attrs.evolve(f, **changes) if f.code == code else f for f in self.fields]
        return attrs.evolve(self, fields=fields)


@attrs.frozen(kw_only=True)
class Standard:
    """One version of the 双公示 data standard.

    ``long_term_date`` is the date that means 长期 (long term) in 有效期至 and
    处罚有效期; ``placeholder_credit_code`` the code a 个体工商户 without a
    统一社会信用代码 fills in. Both are data, so a province can change them.
    """

    version: str
    title: str
    license: RecordSpec
    penalty: RecordSpec
    issued: dt.date | None = None
    basis: str = ""
    long_term_date: dt.date = dt.date(2099, 12, 31)
    placeholder_credit_code: str = "00000000000000000X"
    note: str = ""

    def spec(self, kind: Kind | str) -> RecordSpec:
        """The record spec of ``kind`` (``license``/``penalty`` or a :class:`Kind`)."""
        return self.license if Kind.parse(kind) is Kind.LICENSE else self.penalty

    @property
    def specs(self) -> tuple[RecordSpec, RecordSpec]:
        return (self.license, self.penalty)

    def evolve_field(self, kind: Kind | str, code: str, **changes: Any) -> Standard:
        """A copy of the standard with one field's spec changed.

        >>> from sgs.standard import get_standard
        >>> s = get_standard("2018").evolve_field("penalty", "CF_WSH", max_length=256)
        >>> s.penalty["CF_WSH"].max_length, get_standard("2018").penalty["CF_WSH"].max_length
        (256, 128)
        """
        kind = Kind.parse(kind)
        spec = self.spec(kind).evolve_field(code, **changes)
        if kind is Kind.LICENSE:
            return attrs.evolve(self, license=spec)
        return attrs.evolve(self, penalty=spec)

    def with_overrides(self, overrides: Mapping[str, Mapping[str, Any]]) -> Standard:
        """Apply many field changes at once, keyed by field code.

        The kind is taken from the code's prefix; ``BZ`` (in both kinds)
        changes both.

        >>> from sgs.standard import get_standard
        >>> s = get_standard().with_overrides({"CF_XDR_LB": {"max_length": 100}})
        >>> s.penalty["CF_XDR_LB"].max_length
        100
        """
        result = self
        for code, changes in overrides.items():
            kinds = [spec.kind for spec in self.specs if code in spec]
            if not kinds:
                raise KeyError(f"unknown field code {code!r}")
            for kind in kinds:
                result = result.evolve_field(kind, code, **dict(changes))
        return result

    def kinds(self) -> Iterable[Kind]:
        return (Kind.LICENSE, Kind.PENALTY)
