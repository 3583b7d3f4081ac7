"""Descriptions of a standard for other tools: JSON, JSON Schema, Table Schema, Markdown, text.

Every function here is pure: it reads the frozen standard data and returns
plain data or text, so the output changes exactly when the standard does
(a province's :meth:`~sgs.standard.Standard.with_overrides` copy included).

Values are described the way sgs exchanges them: every value is a string,
dates are ``YYYY-MM-DD``, amounts are plain decimals in 万元, and the several
values of a multi-valued field (处罚类别) are separated by ``;``.

>>> from sgs.standard import get_standard
>>> schema = to_json_schema(get_standard("2018").penalty, get_standard("2018"))
>>> schema["properties"]["CF_WSH"]["maxLength"], "CF_WSH" in schema["required"]
(128, True)
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from sgs.standard.model import (
    VALUE_SEPARATORS,
    Certainty,
    Enumeration,
    FieldSpec,
    FieldType,
    Kind,
    LegacyField,
    RecordSpec,
    Requirement,
    Standard,
)
from sgs.standard.registry import get_standard

__all__ = [
    "JSON_SCHEMA_DIALECT",
    "display_width",
    "render_table",
    "to_json",
    "to_json_schema",
    "to_markdown",
    "to_table_schema",
]

#: The ``$schema`` of the generated JSON Schemas.
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The date form sgs exchanges (ISO 8601 calendar date).
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

# Characters that must be escaped in a regular expression so that the pattern
# means the same in Python, ECMA-262 (JSON Schema) and XML Schema (Table Schema).
_REGEX_SPECIAL = frozenset("\\^$.*+?()[]{}|/-")

_CERTAINTY_MARK = {Certainty.CONFIRMED: "", Certainty.SECONDARY: "C2", Certainty.RECALLED: "R"}


# --------------------------------------------------------------------------- plain data


def _plain(value: object) -> Any:
    """``value`` as JSON-able data: enums by value, dates ISO, attrs classes as dicts."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    cls = type(value)
    if attrs.has(cls):
        # Only the constructor's attributes: derived lookups (init=False) are not data.
        return {a.alias: _plain(getattr(value, a.name)) for a in attrs.fields(cls) if a.init}
    if isinstance(value, Iterable):
        return [_plain(v) for v in value]
    raise TypeError(f"cannot describe {type(value).__name__} as JSON")


def _record_json(spec: RecordSpec) -> dict[str, Any]:
    return {
        "kind": spec.kind.value,
        "label": spec.kind.label,
        "fields": [_plain(f) for f in spec.fields],
        "legacy": [_plain(item) for item in spec.legacy],
        "header_aliases": _plain(spec.header_aliases),
    }


def to_json(
    standard: Standard | str | None = None, kind: Kind | str | None = None
) -> dict[str, Any]:
    """A plain, JSON-able description of ``standard`` (a :class:`Standard` or a version).

    The result holds the version attributes and, for each record kind (or
    only ``kind``), every attribute of every field, enumerations with their
    values, titles, aliases and ``multiple`` flag, and the 2016 legacy map.

    >>> data = to_json("2018", kind="penalty")
    >>> data["version"], data["long_term_date"], "license" in data
    ('2018', '2099-12-31', False)
    >>> field = data["penalty"]["fields"][0]
    >>> field["code"], field["type"], field["requirement"], field["max_length"]
    ('CF_XDR_MC', 'text', 'mandatory', 200)
    >>> data["penalty"]["legacy"][2]["value_map"]["1"]
    '罚款'
    """
    std = get_standard(standard)
    result: dict[str, Any] = {
        "version": std.version,
        "title": std.title,
        "basis": std.basis,
        "issued": _plain(std.issued),
        "long_term_date": _plain(std.long_term_date),
        "placeholder_credit_code": std.placeholder_credit_code,
        "note": std.note,
    }
    kinds = list(std.kinds()) if kind is None else [Kind.parse(kind)]
    for k in kinds:
        result[k.value] = _record_json(std.spec(k))
    return result


# --------------------------------------------------------------------------- shared helpers


def _accepted_in_order(enumeration: Enumeration) -> list[str]:
    """Canonical values in the standard's order, then the aliases in their own order."""
    seen: dict[str, None] = dict.fromkeys(enumeration.values)
    seen.update(dict.fromkeys(enumeration.aliases))
    return list(seen)


def _escape_regex(text: str) -> str:
    return "".join("\\" + c if c in _REGEX_SPECIAL else c for c in text)


def _multi_value_pattern(enumeration: Enumeration, *, anchored: bool) -> str:
    """A pattern for one or more accepted values separated by ``;`` ``；`` ``,`` ``，`` ``、``.

    Only constructs shared by ECMA-262 and XML Schema regular expressions are
    used (no ``(?:``), so the same pattern serves JSON Schema and Table Schema.
    """
    # Longest first, so that a compound value is tried before its halves.
    values = sorted(_accepted_in_order(enumeration), key=len, reverse=True)
    alternatives = [_escape_regex(v) for v in values]
    specified = _specified_pattern(enumeration)
    if specified:
        alternatives.insert(0, specified)
    one = "(" + "|".join(alternatives) + ")"
    sep = "[" + "".join(_escape_regex(c) for c in VALUE_SEPARATORS) + "]"
    body = rf"\s*{one}(\s*{sep}\s*{one})*\s*"
    return f"^{body}$" if anchored else body


def _specified_pattern(enumeration: Enumeration) -> str | None:
    """The pattern of a value with its specification (其他-…, 其他（…）), if allowed."""
    if not enumeration.specified:
        return None
    word = _escape_regex(enumeration.specified)
    sep = "".join(_escape_regex(c) for c in VALUE_SEPARATORS)
    return rf"{word}\s*([\(（][^\(\)（）]+[\)）]|[\-—–:：]\s*[^{sep}]+)"


def _single_value_pattern(enumeration: Enumeration) -> str:
    values = "|".join(_escape_regex(v) for v in _accepted_in_order(enumeration))
    return f"^({values}|{_specified_pattern(enumeration)})$"


def _decimal_pattern(decimals: int | None) -> str:
    if decimals is None:
        return r"^\d+(\.\d+)?$"
    if decimals <= 0:
        return r"^\d+$"
    return rf"^\d+(\.\d{{1,{decimals}}})?$"


def _is_single_enumeration(field: FieldSpec) -> bool:
    return field.enumeration is not None and not field.enumeration.multiple


def _kind_title(spec: RecordSpec, standard: Standard) -> str:
    return f"{spec.kind.label}（{spec.kind.value}）— {standard.title}"


# --------------------------------------------------------------------------- JSON Schema


def _value_schema(field: FieldSpec) -> dict[str, Any]:
    """The JSON Schema of a non-empty value of ``field``."""
    schema: dict[str, Any] = {"type": "string"}
    enumeration = field.enumeration
    if field.type is FieldType.DATE:
        schema["format"] = "date"
        schema["pattern"] = _DATE_PATTERN
    elif field.type is FieldType.DECIMAL:
        schema["pattern"] = _decimal_pattern(field.decimals)
    elif enumeration is not None and enumeration.multiple:
        schema["pattern"] = _multi_value_pattern(enumeration, anchored=True)
    elif enumeration is not None and enumeration.specified:
        schema["pattern"] = _single_value_pattern(enumeration)
    elif enumeration is not None:
        schema["enum"] = _accepted_in_order(enumeration)
    # A closed single-valued list bounds the length by itself (and an accepted
    # alias such as 当前状态 "有效" may be longer than the canonical code).
    if field.max_length is not None and not _is_single_enumeration(field):
        schema["maxLength"] = field.max_length
    if field.requirement is Requirement.MANDATORY:
        schema["minLength"] = 1
    return schema


def _field_json_schema(field: FieldSpec) -> dict[str, Any]:
    schema: dict[str, Any] = {"title": field.label}
    if field.note:
        schema["description"] = field.note
    value = _value_schema(field)
    if field.requirement is Requirement.MANDATORY:
        schema.update(value)
    else:
        # An empty value is written as "" (or null, or the key is left out).
        schema["anyOf"] = [value, {"enum": ["", None]}]
    schema["x-sgs-type"] = field.type.value
    schema["x-sgs-requirement"] = field.requirement.value
    if field.condition:
        schema["x-sgs-condition"] = field.condition
    if field.unit:
        schema["x-sgs-unit"] = field.unit
    if field.decimals is not None:
        schema["x-sgs-decimals"] = field.decimals
    return schema


def to_json_schema(spec: RecordSpec, standard: Standard | str) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of one record kind, keyed by field code.

    Values are strings as sgs exchanges them: dates ``YYYY-MM-DD`` (``format:
    date``), amounts plain decimals with at most ``decimals`` places, closed
    lists as ``enum`` of the accepted values (canonical ones and aliases), and
    a multi-valued list (处罚类别) as accepted values separated by ``;`` (or
    ``；`` ``,`` ``，`` ``、``). Mandatory fields are ``required`` and non-empty;
    other fields may be empty (``""`` or ``null``) or absent. Conditional
    rules (C1…) are not expressed; they are named in ``x-sgs-condition``.

    >>> from sgs.standard import get_standard
    >>> std = get_standard("2018")
    >>> schema = to_json_schema(std.license, std)
    >>> schema["properties"]["XK_JDRQ"]["format"], schema["additionalProperties"]
    ('date', True)
    >>> schema["properties"]["XK_ZT"]["enum"]
    ['1', '2', '有效', '无效']
    """
    std = get_standard(standard)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": _kind_title(spec, std),
        "description": (
            f"sgs {std.version} {spec.kind.value} record. Values are strings: dates YYYY-MM-DD, "
            "amounts plain decimals in 万元, several 处罚类别 separated by ';'."
        ),
        "type": "object",
        "properties": {f.code: _field_json_schema(f) for f in spec.fields},
        "required": [f.code for f in spec.fields if f.requirement is Requirement.MANDATORY],
        "additionalProperties": True,
        "x-sgs-version": std.version,
        "x-sgs-kind": spec.kind.value,
    }


# --------------------------------------------------------------------------- Table Schema


#: strftime formats of the two date styles the writers use (``sgs.io.DateStyle``).
_TABLE_SCHEMA_DATE_FORMATS: dict[str, str] = {"slash": "%Y/%m/%d", "iso": "%Y-%m-%d"}


def _field_table_schema(field: FieldSpec, date_format: str) -> dict[str, Any]:
    out: dict[str, Any] = {"name": field.code, "title": field.label}
    if field.note:
        out["description"] = field.note
    constraints: dict[str, Any] = {}
    if field.requirement is Requirement.MANDATORY:
        constraints["required"] = True
    enumeration = field.enumeration
    if field.type is FieldType.DATE:
        out["type"] = "date"
        out["format"] = date_format
    elif field.type is FieldType.DECIMAL:
        out["type"] = "number"
        constraints["minimum"] = 0
    else:
        out["type"] = "string"
        if field.max_length is not None and not _is_single_enumeration(field):
            constraints["maxLength"] = field.max_length
        if enumeration is not None and enumeration.multiple:
            constraints["pattern"] = _multi_value_pattern(enumeration, anchored=False)
        elif enumeration is not None and enumeration.specified:
            constraints["pattern"] = _single_value_pattern(enumeration)[1:-1]
        elif enumeration is not None:
            constraints["enum"] = _accepted_in_order(enumeration)
    if constraints:
        out["constraints"] = constraints
    return out


def to_table_schema(
    spec: RecordSpec, standard: Standard | str, *, date_style: str = "slash"
) -> dict[str, Any]:
    """A Frictionless Table Schema of one record kind (one column per field code).

    Dates are ``date`` in the writers' ``date_style``: ``slash`` (``%Y/%m/%d``,
    as the standard writes them and the writers' default) or ``iso``
    (``%Y-%m-%d``); amounts are ``number``, all else ``string``. Constraints
    give ``required``, ``maxLength``, ``enum`` (closed lists) and ``pattern``
    (multi-valued 处罚类别). An empty cell is missing.

    >>> from sgs.standard import get_standard
    >>> schema = to_table_schema(get_standard().penalty, "2021")
    >>> schema["fields"][0]["name"], schema["fields"][0]["constraints"]
    ('CF_XDR_MC', {'required': True, 'maxLength': 200})
    >>> schema["fields"][22]["type"], schema["fields"][22]["format"]
    ('date', '%Y/%m/%d')
    >>> to_table_schema(get_standard().penalty, "2021", date_style="iso")["fields"][22]["format"]
    '%Y-%m-%d'
    >>> schema["missingValues"]
    ['']
    """
    date_format = _TABLE_SCHEMA_DATE_FORMATS.get(date_style)
    if date_format is None:
        raise ValueError(f"unknown date style {date_style!r}; expected 'slash' or 'iso'")
    std = get_standard(standard)
    return {
        "title": _kind_title(spec, std),
        "description": f"sgs {std.version} {spec.kind.value} record",
        "fields": [_field_table_schema(f, date_format) for f in spec.fields],
        "missingValues": [""],
    }


# --------------------------------------------------------------------------- Markdown


def _requirement_mark(field: FieldSpec) -> str:
    """``M``, the condition (``C1``…) or ``O``, as the reference tables write it."""
    if field.requirement is Requirement.MANDATORY:
        return "M"
    if field.requirement is Requirement.CONDITIONAL:
        return field.condition or "C"
    return f"O ({field.condition})" if field.condition else "O"


def _type_text(field: FieldSpec, *, short: bool) -> str:
    if field.type is FieldType.DECIMAL:
        if short:
            return "decimal" if field.decimals is None else f"decimal({field.decimals})"
        parts = [] if field.decimals is None else [f"≤{field.decimals} dp"]
        parts += [field.unit] if field.unit else []
        return f"decimal ({', '.join(parts)})" if parts else "decimal"
    if field.type is FieldType.ENUMERATION and field.multiple:
        return "enumeration+" if short else "enumeration (multiple)"
    return field.type.value


def _with_certainty(text: str, certainty: Certainty) -> str:
    mark = _CERTAINTY_MARK[certainty]
    return f"{text} [{mark}]" if mark else text


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or "—"


def _value_text(enumeration: Enumeration, value: str) -> str:
    title = enumeration.titles.get(value)
    return f"{value} = {title}" if title else value


def _notes_text(field: FieldSpec) -> str:
    parts: list[str] = []
    enumeration = field.enumeration
    if enumeration is not None:
        values = " / ".join(_value_text(enumeration, v) for v in enumeration.values)
        parts.append(f"多值，以 ; 分隔：{values}" if enumeration.multiple else values)
    if field.note:
        parts.append(field.note)
    if field.personal:
        parts.append("[个人信息 personal]")
    return "；".join(parts)


def _markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _enumerations(spec: RecordSpec) -> list[tuple[Enumeration, list[str]]]:
    """The distinct enumerations of ``spec`` in field order, with the codes that use them."""
    found: list[tuple[Enumeration, list[str]]] = []
    for f in spec.fields:
        if f.enumeration is None:
            continue
        for enumeration, codes in found:
            if enumeration == f.enumeration:
                codes.append(f.code)
                break
        else:
            found.append((f.enumeration, [f.code]))
    return found


def _enumeration_rows(enumeration: Enumeration) -> list[list[str]]:
    by_target: dict[str, list[str]] = {}
    for alias, target in enumeration.aliases.items():
        if alias != target:
            by_target.setdefault(target, []).append(alias)
    rows = [
        [value, enumeration.titles.get(value, ""), "、".join(by_target.pop(value, []))]
        for value in enumeration.values
    ]
    # Aliases kept as written (they map to themselves) or to a value outside the list.
    for alias, target in enumeration.aliases.items():
        if alias == target and alias not in enumeration.values:
            rows.append([alias, "（接受并原样保留 accepted, kept as written）", ""])
    for target, aliases in by_target.items():
        if target not in enumeration.aliases:
            rows.append([target, "（非标准值 not a listed value）", "、".join(aliases)])
    return rows


def _legacy_row(item: LegacyField) -> list[str]:
    implies = "；".join(f"{k} = {v}" for k, v in item.implies.items())
    value_map = "；".join(f"{k} → {v}" for k, v in item.value_map.items())
    return [
        f"`{item.code}`",
        item.label,
        f"`{item.target}`" if item.target else "—（保留为额外列 kept as an extra column）",
        implies,
        value_map,
        "、".join(item.header_aliases),
    ]


def to_markdown(spec: RecordSpec, standard: Standard | str, *, heading_level: int = 2) -> str:
    """A Markdown description of one record kind: field table, code lists, 2016 map.

    ``heading_level`` is the level of the kind's heading (``##`` by default);
    its subsections are one level deeper. Marks: requirement ``M``/``Cn``/``O``
    as in the reference tables; ``[R]`` recalled and ``[C2]`` secondary.

    >>> from sgs.standard import get_standard
    >>> text = to_markdown(get_standard("2018").license, "2018")
    >>> text.splitlines()[0]
    '## 行政许可（license）— 2018'
    >>> "| 22 | 有效期至 | `XK_YXQZI` | date | — | M |" in text
    True
    """
    std = get_standard(standard)
    h = "#" * heading_level
    sub = h + "#"
    lines = [f"{h} {spec.kind.label}（{spec.kind.value}）— {std.version}", ""]
    lines += [
        f"{std.title}。{len(spec)} 个数据项 (fields).",
        "",
        "Requirement: M = 必填 mandatory, Cn = 条件必填 conditional (rule n), "
        "O = 选填 optional. [R] = recalled, [C2] = secondary source only.",
        "",
    ]
    rows = [
        [
            str(i),
            f.label,
            f"`{f.code}`",
            _type_text(f, short=False),
            "—" if f.max_length is None else _with_certainty(str(f.max_length), f.length_certainty),
            _with_certainty(_requirement_mark(f), f.requirement_certainty),
            _notes_text(f),
        ]
        for i, f in enumerate(spec.fields, start=1)
    ]
    header = ["#", "中文名", "code", "type", "max length", "requirement", "allowed values / notes"]
    lines += _markdown_table(header, rows)

    enumerations = _enumerations(spec)
    if enumerations:
        lines += ["", f"{sub} 代码集 (enumerations)"]
        for enumeration, codes in enumerations:
            used = ", ".join(f"`{c}`" for c in codes)
            multiple = "；可多选，以 ; 分隔 (multiple)" if enumeration.multiple else ""
            lines += ["", f"**{enumeration.name}** — {used}{multiple}", ""]
            lines += _markdown_table(
                ["值 value", "含义 title", "别名 aliases"], _enumeration_rows(enumeration)
            )

    if spec.legacy:
        lines += ["", f"{sub} 2016 字段对照 (pre-2018 field map)", ""]
        lines += _markdown_table(
            ["2016 code", "2016 中文名", "→ code", "implies", "value map", "other headers"],
            (_legacy_row(item) for item in spec.legacy),
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- plain text


def display_width(text: str) -> int:
    """The terminal width of ``text``: wide and full-width (CJK) characters count 2.

    >>> display_width("BZ"), display_width("备注"), display_width("（万元）")
    (2, 4, 8)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render_table(spec: RecordSpec) -> str:
    """A fixed-width text table of ``spec`` for terminals (code, label, type, length, requirement).

    Columns are aligned by display width, so Chinese labels line up; every
    line has the same width.

    >>> from sgs.standard import get_standard
    >>> lines = render_table(get_standard().license).splitlines()
    >>> lines[2].split()
    ['XK_XDR_MC', '行政相对人名称', 'text', '200', 'M', '必填']
    >>> len({display_width(line) for line in lines})
    1
    """
    header = ["code", "label", "type", "length", "requirement"]
    rows = [
        [
            f.code,
            f.label,
            _type_text(f, short=True),
            "-" if f.max_length is None else str(f.max_length),
            f"{_requirement_mark(f)} {f.requirement.label}",
        ]
        for f in spec.fields
    ]
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    gap = "  "
    lines = [gap.join(_pad(c, w) for c, w in zip(row, widths, strict=True)) for row in [header]]
    lines.append(gap.join("-" * w for w in widths))
    lines += [gap.join(_pad(c, w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines) + "\n"
