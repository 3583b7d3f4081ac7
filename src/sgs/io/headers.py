"""Recognising header rows: field codes, labels, 2016 codes, attribute names, aliases.

Real headers carry annotations — ``处罚决定日期（必填，XXXX/XX/XX格式）``,
``许可状态（必填）:正常;撤销;异议；其他（备注说明）`` — full-width
parentheses, stray spaces and qualifiers. A header is normalized (NFKC,
spaces removed, ASCII upper-cased) and looked up; if that fails, trailing
annotations are stripped one at a time and the lookup retried.

>>> from sgs.standard import get_standard
>>> table = header_table(get_standard().penalty)
>>> [resolve_header(table, h).code for h in
...  ("CF_XDR_MC", "处罚决定日期（必填，XXXX/XX/XX格式）", "行政相对人代码_1 (统一社会信用代码)", "party_name")]
['CF_XDR_MC', 'CF_JDRQ', 'CF_XDR_SHXYM', 'CF_XDR_MC']
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache

import attrs

from sgs.standard import LegacyField, RecordSpec

__all__ = ["HeaderMatch", "Origin", "header_table", "normalize_header", "resolve_header"]


class Origin(enum.IntEnum):
    """How a header was recognised; lower is more certain and wins a clash."""

    CODE = 0
    LABEL = 1
    ATTR = 2
    ALIAS = 3
    LEGACY_CODE = 4
    LEGACY_LABEL = 5


@attrs.frozen
class HeaderMatch:
    """The field a header stands for. ``legacy`` is set for 2016 fields."""

    code: str
    origin: Origin
    legacy: LegacyField | None = None
    annotated: bool = False


_SPACES = re.compile(r"\s+")


def normalize_header(text: str) -> str:
    """NFKC, no spaces, ASCII upper case.

    >>> normalize_header(" 行政相对人代码_1（统一社会信用代码） "), normalize_header("xk_xdr_mc")
    ('行政相对人代码_1(统一社会信用代码)', 'XK_XDR_MC')
    """
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).upper()


@cache
def header_table(spec: RecordSpec) -> Mapping[str, HeaderMatch]:
    """Every known spelling of every field of ``spec``, normalized (cached per spec)."""
    table: dict[str, HeaderMatch] = {}

    def put(key: str, match: HeaderMatch) -> None:
        key = normalize_header(key)
        if key and (key not in table or table[key].origin > match.origin):
            table[key] = match

    for field in spec.fields:
        put(field.code, HeaderMatch(field.code, Origin.CODE))
        put(field.label, HeaderMatch(field.code, Origin.LABEL))
        put(field.name, HeaderMatch(field.code, Origin.ATTR))
        for alias in field.aliases:
            put(alias, HeaderMatch(field.code, Origin.ALIAS))
    for legacy in spec.legacy:
        target = legacy.target
        code = target if target is not None else f"~{legacy.code}"
        put(legacy.code, HeaderMatch(code, Origin.LEGACY_CODE, legacy))
        for label in (legacy.label, *legacy.header_aliases):
            put(label, HeaderMatch(code, Origin.LEGACY_LABEL, legacy))
    for alias, code in spec.header_aliases.items():
        put(alias, HeaderMatch(code, Origin.ALIAS))
    # A label without its qualifier (行政相对人代码_1) means the current field.
    for field in spec.fields:
        if "(" in normalize_header(field.label):
            put(
                normalize_header(field.label).split("(", 1)[0],
                HeaderMatch(field.code, Origin.ALIAS),
            )
    return table


_TRAILING_GROUP = re.compile(r"\([^()]*\)$|\[[^\[\]]*\]$|【[^【】]*】$")


def resolve_header(table: Mapping[str, HeaderMatch], header: str) -> HeaderMatch | None:
    """The field ``header`` stands for, or ``None``.

    Old fields with no current counterpart resolve to a match whose code
    starts with ``~`` (kept as extra columns under their own header).
    """
    key = normalize_header(header)
    if not key:
        return None
    found = table.get(key)
    if found is not None:
        return found
    # 许可状态(必填):正常;撤销… — drop what follows a colon, then trailing groups.
    stripped = key.split(":", 1)[0]
    while True:
        found = table.get(stripped)
        if found is not None:
            return attrs.evolve(found, annotated=True)
        shorter = _TRAILING_GROUP.sub("", stripped)
        if shorter == stripped or not shorter:
            return None
        stripped = shorter


def score_headers(spec: RecordSpec, headers: Sequence[str]) -> int:
    """How many distinct fields of ``spec`` the headers name (codes of the kind count double)."""
    table = header_table(spec)
    codes: set[str] = set()
    bonus = 0
    for header in headers:
        match = resolve_header(table, header)
        if match is None:
            continue
        codes.add(match.code)
        if match.origin in (Origin.CODE, Origin.LEGACY_CODE) and spec.is_own_code(match.code):
            bonus += 1
    return len(codes) + bonus
