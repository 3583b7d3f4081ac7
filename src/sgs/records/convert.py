"""cattrs converters between records and mappings, in three key styles.

* ``code``  — the standard's field codes (``CF_XDR_MC``), as platforms exchange them;
* ``label`` — the Chinese labels (``行政相对人名称``), as people read them;
* ``attr``  — the record attribute names (``party_name``), for Python code.

Values in the mappings are text (dates ``YYYY-MM-DD``, amounts as decimal
strings, several 处罚类别 joined by ``;``); empty fields are left out.
Structuring accepts text or already typed values. The (un)structure
functions are generated once per class and key style and then reused.

>>> import datetime as dt
>>> from sgs.records import Penalty, PenaltyType
>>> p = Penalty(party_name="某公司", penalty_types=(PenaltyType.FINE,), decision_date=dt.date(2019, 10, 10))
>>> to_mapping(p, keys="code")
{'CF_XDR_MC': '某公司', 'CF_CFLB': '罚款', 'CF_JDRQ': '2019-10-10'}
>>> from_mapping(to_mapping(p, keys="label"), "penalty", keys="label") == p
True
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any

import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from sgs.errors import RecordValueError
from sgs.records.codecs import codecs_for, format_value
from sgs.records.models import RECORD_CLASSES, Record
from sgs.standard import FieldSpec, FieldType, Kind, RecordSpec, Standard, get_standard

__all__ = ["KeyStyle", "RecordValueError", "from_mapping", "make_converter", "to_mapping"]


class KeyStyle(enum.StrEnum):
    """How the keys of a mapping (or the headers of a file) are written."""

    CODE = "code"
    LABEL = "label"
    ATTR = "attr"

    def key(self, spec: FieldSpec) -> str:
        """The key of field ``spec`` in this style."""
        if self is KeyStyle.CODE:
            return spec.code
        if self is KeyStyle.LABEL:
            return spec.label
        return spec.name


def _structure_hook(
    spec: FieldSpec, parse: Callable[[str], tuple[Any, bool]]
) -> Callable[..., Any]:
    def structure(value: Any, _type: Any) -> Any:
        if value is None or value == "":
            return () if spec.multiple else None
        if spec.type is FieldType.DATE and isinstance(value, dt.date):
            return value.date() if isinstance(value, dt.datetime) else value
        if spec.type is FieldType.DECIMAL and isinstance(value, Decimal | int):
            return Decimal(value)
        if spec.multiple and isinstance(value, list | tuple):
            value = ";".join(str(v) for v in value)
        if isinstance(value, float):
            value = repr(value)
        text = str(value).strip()
        parsed, ok = parse(text)
        if not ok and spec.type in (FieldType.DATE, FieldType.DECIMAL):
            what = "日期" if spec.type is FieldType.DATE else "数值"
            raise ValueError(f"{spec.code}: {text!r} 不是有效的{what} (not a valid {spec.type})")
        return parsed

    return structure


def _unstructure_hook(spec: FieldSpec) -> Callable[[Any], Any]:
    def unstructure(value: Any) -> Any:
        return format_value(value)

    return unstructure


@cache
def make_converter(spec: RecordSpec, keys: KeyStyle) -> cattrs.Converter:
    """A converter for ``spec``'s record class with keys in style ``keys`` (cached)."""
    cls = RECORD_CLASSES[spec.kind]
    converter = cattrs.Converter(omit_if_default=True)
    codecs = codecs_for(spec)
    struct_overrides = {}
    unstruct_overrides = {}
    for field in spec.fields:
        key = keys.key(field)
        struct_overrides[field.name] = override(
            rename=key, struct_hook=_structure_hook(field, codecs[field.code].parse)
        )
        unstruct_overrides[field.name] = override(
            rename=key, unstruct_hook=_unstructure_hook(field), omit_if_default=True
        )
    converter.register_structure_hook(
        cls,
        make_dict_structure_fn(cls, converter, **struct_overrides),  # type: ignore[arg-type]
    )
    converter.register_unstructure_hook(
        cls,
        make_dict_unstructure_fn(cls, converter, **unstruct_overrides),  # type: ignore[arg-type]
    )
    return converter


def to_mapping(
    record: Record, *, keys: KeyStyle | str = KeyStyle.CODE, standard: Standard | str | None = None
) -> dict[str, str]:
    """The record as a mapping of text values, keyed in style ``keys``."""
    spec = get_standard(standard).spec(record.kind)
    result: dict[str, str] = make_converter(spec, KeyStyle(keys)).unstructure(record)
    return result


def from_mapping(
    mapping: Mapping[str, Any],
    kind: Kind | str,
    *,
    keys: KeyStyle | str = KeyStyle.CODE,
    standard: Standard | str | None = None,
) -> Record:
    """The record of ``kind`` for ``mapping`` (keys in style ``keys``).

    A date or amount that does not parse raises :class:`RecordValueError`
    naming the field code; unknown enumeration values are kept as text.
    Readers, not this function, are the way in for messy files.
    """
    spec = get_standard(standard).spec(kind)
    style = KeyStyle(keys)
    try:
        record: Record = make_converter(spec, style).structure(
            dict(mapping), RECORD_CLASSES[spec.kind]
        )
    except cattrs.ClassValidationError as exc:
        messages = [str(e) for e in exc.exceptions]
        raise RecordValueError(
            "字段值无效：" + "；".join(messages), "invalid field values: " + "; ".join(messages)
        ) from None
    return record
