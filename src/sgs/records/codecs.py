"""Per-field text codecs, generated once from a record spec and reused.

A codec turns a cleaned, non-empty cell text into the typed value of its
field without raising (``(value, True)``, or ``(text, False)`` when the text
does not fit the field's type — the raw text is kept), and a typed value
back into text.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any

import attrs

from sgs.records.models import (
    IdType,
    LicenseCategory,
    LicenseStatus,
    PenaltyType,
    SubjectCategory,
)
from sgs.records.values import format_date, format_decimal, parse_date, parse_decimal
from sgs.standard import Enumeration, FieldSpec, FieldType, RecordSpec

__all__ = ["FieldCodec", "codecs_for", "format_value"]

# The Python enumeration that holds the national values of each code list.
_ENUM_CLASSES: Mapping[str, type[enum.StrEnum]] = {
    "行政相对人类别": SubjectCategory,
    "证件类型": IdType,
    "许可类别": LicenseCategory,
    "当前状态": LicenseStatus,
    "处罚类别": PenaltyType,
}

Parse = Callable[[str], tuple[Any, bool]]


@attrs.frozen
class FieldCodec:
    """The parser and formatter of one field."""

    spec: FieldSpec
    parse: Parse

    def format(self, value: Any, date_style: str = "iso") -> str:
        return format_value(value, date_style)


def format_value(value: Any, date_style: str = "iso") -> str:
    """Text of a typed value: ISO or slash dates, plain decimals, ``;``-joined lists.

    >>> format_value((PenaltyType.WARNING, PenaltyType.FINE)), format_value(Decimal("0.50"))
    ('警告;罚款', '0.50')
    """
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value, date_style)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, tuple | list):
        return ";".join(format_value(v, date_style) for v in value)
    return str(value)


def _parse_text(text: str) -> tuple[Any, bool]:
    return text, True


def _parse_date_field(text: str) -> tuple[Any, bool]:
    value = parse_date(text)
    return (text, False) if value is None else (value, True)


def _parse_decimal_field(text: str) -> tuple[Any, bool]:
    value = parse_decimal(text)
    return (text, False) if value is None else (value, True)


def _enum_parser(enumeration: Enumeration) -> Parse:
    members: dict[str, Any] = {}
    cls = _ENUM_CLASSES.get(enumeration.name)
    for text in enumeration.accepted:
        canonical = enumeration.canonical(text)
        assert canonical is not None
        members[text] = cls(canonical) if cls and canonical in cls._value2member_map_ else canonical

    if not enumeration.multiple:

        def parse_one(text: str) -> tuple[Any, bool]:
            found = members.get(text)
            if found is None:
                # a specified value (其他-…) is accepted and kept as written
                return text, enumeration.canonical(text) is not None
            return found, True

        return parse_one

    def parse_many(text: str) -> tuple[Any, bool]:
        values = []
        ok = True
        for part in enumeration.split(text):
            found = members.get(part)
            if found is None:
                ok = ok and enumeration.canonical(part) is not None
                values.append(part)
            else:
                values.append(found)
        return tuple(values), ok

    return parse_many


def _parser(spec: FieldSpec) -> Parse:
    if spec.type is FieldType.DATE:
        return _parse_date_field
    if spec.type is FieldType.DECIMAL:
        return _parse_decimal_field
    if spec.type is FieldType.ENUMERATION and spec.enumeration is not None:
        return _enum_parser(spec.enumeration)
    return _parse_text


@cache
def codecs_for(spec: RecordSpec) -> Mapping[str, FieldCodec]:
    """The codecs of every field of ``spec``, keyed by field code (cached per spec)."""
    return {f.code: FieldCodec(f, _parser(f)) for f in spec.fields}
